-- An auditor takes a submission before reviewing it, so two do not review the same one.
ALTER TABLE assessments ADD COLUMN reviewer_id INTEGER REFERENCES users (id);
ALTER TABLE assessments ADD COLUMN taken_at TEXT;
