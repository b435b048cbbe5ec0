-- An auditor takes a submission before reviewing it, so two do not review the same one.
ALTER TABLE assessments ADD COLUMN reviewer_id INTEGER REFERENCES users (id);
ALTER TABLE assessments ADD COLUMN taken_at TEXT;

-- Each submission is a round; verdicts belong to the round they judge.
ALTER TABLE assessments ADD COLUMN round INTEGER NOT NULL DEFAULT 0;

CREATE TABLE verdicts (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    round          INTEGER NOT NULL,
    item_key       TEXT NOT NULL,
    verdict        TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected', 'needs_info')),
    comment        TEXT NOT NULL DEFAULT '',
    auditor_id     INTEGER NOT NULL REFERENCES users (id),
    at             TEXT NOT NULL,
    PRIMARY KEY (assessment_id, round, item_key)
);

-- Decisions on a round: changes requested, approval, reopening. Who, when, why.
CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    round          INTEGER NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('request_changes', 'approve', 'reopen')),
    comment        TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER NOT NULL REFERENCES users (id),
    decided_at     TEXT NOT NULL
);
CREATE INDEX decisions_assessment ON decisions (assessment_id, id);

-- Findings an auditor raises on an item, with a corrective action and a due date; the site
-- answers, the auditor closes.
CREATE TABLE findings (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    round          INTEGER NOT NULL,
    item_key       TEXT NOT NULL,
    severity       TEXT NOT NULL CHECK (severity IN ('minor', 'major')),
    action         TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    raised_by      INTEGER NOT NULL REFERENCES users (id),
    raised_at      TEXT NOT NULL,
    closed_by      INTEGER REFERENCES users (id),
    closed_at      TEXT,
    close_comment  TEXT
);
CREATE INDEX findings_assessment ON findings (assessment_id);

CREATE TABLE finding_responses (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings (id),
    comment     TEXT NOT NULL,
    by_user     INTEGER NOT NULL REFERENCES users (id),
    at          TEXT NOT NULL
);

-- Each submission round, frozen: what was submitted, when, by whom, with which figures.
CREATE TABLE rounds (
    assessment_id     INTEGER NOT NULL REFERENCES assessments (id),
    round             INTEGER NOT NULL,
    submitted_by      INTEGER NOT NULL REFERENCES users (id),
    submitted_at      TEXT NOT NULL,
    training_figures  TEXT,
    PRIMARY KEY (assessment_id, round)
);

CREATE TABLE round_answers (
    assessment_id  INTEGER NOT NULL,
    round          INTEGER NOT NULL,
    item_key       TEXT NOT NULL,
    answer         TEXT NOT NULL,
    comment        TEXT NOT NULL,
    PRIMARY KEY (assessment_id, round, item_key),
    FOREIGN KEY (assessment_id, round) REFERENCES rounds (assessment_id, round)
);

CREATE TRIGGER rounds_immutable_update BEFORE UPDATE ON rounds
BEGIN SELECT RAISE(ABORT, 'a submitted round cannot change'); END;
CREATE TRIGGER rounds_immutable_delete BEFORE DELETE ON rounds
BEGIN SELECT RAISE(ABORT, 'a submitted round cannot change'); END;
CREATE TRIGGER round_answers_immutable_update BEFORE UPDATE ON round_answers
BEGIN SELECT RAISE(ABORT, 'a submitted round cannot change'); END;
CREATE TRIGGER round_answers_immutable_delete BEFORE DELETE ON round_answers
BEGIN SELECT RAISE(ABORT, 'a submitted round cannot change'); END;
