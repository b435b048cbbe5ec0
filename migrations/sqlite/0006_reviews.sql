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
