-- Scores kept beside the answers, written in the same transaction as every change of
-- answers, so that dashboards over thousands of sites read them instead of recomputing.
CREATE TABLE criterion_results (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    criterion_id   TEXT NOT NULL,
    number         INTEGER NOT NULL,
    compliant      INTEGER NOT NULL CHECK (compliant IN (0, 1)),
    score          REAL NOT NULL,
    PRIMARY KEY (assessment_id, criterion_id)
);

-- Whole-assessment figures; NULL until computed (existing rows are filled at start).
ALTER TABLE assessments ADD COLUMN progress INTEGER;
ALTER TABLE assessments ADD COLUMN criteria_met INTEGER;

CREATE INDEX assessments_year_site ON assessments (year, site_id);
-- The certificate in force of an assessment: the newest one not revoked.
CREATE INDEX certificates_assessment_live ON certificates (assessment_id, revoked_at, issued_at);

-- Each site's training coverage, recomputed when its records change and at least daily, so
-- that group-wide figures do not read hundreds of thousands of records per request.
CREATE TABLE site_training (
    site_id         INTEGER PRIMARY KEY REFERENCES org_nodes (id),
    required        INTEGER NOT NULL,
    trained         INTEGER NOT NULL,
    overdue_people  INTEGER NOT NULL,
    computed_on     TEXT NOT NULL
);
-- Overdue findings of one assessment (per site on the dashboard) and of everyone (lists).
CREATE INDEX findings_assessment_open ON findings (assessment_id, status, due_date);
CREATE INDEX findings_open_due ON findings (status, due_date);
