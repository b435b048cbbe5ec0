-- The audit trail: append-only, every entry chained to the one before by a SHA-256, so that
-- an entry changed or removed directly in the database is detected
-- (`codecheck audit-log verify`). The triggers make the database refuse changes too.

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor_id       INTEGER REFERENCES users (id),
    action         TEXT NOT NULL,
    object_type    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    site_id        INTEGER REFERENCES org_nodes (id),
    assessment_id  INTEGER REFERENCES assessments (id),
    -- JSON of the object before and after the change; for erasures, never the erased data.
    before         TEXT,
    after          TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_site ON audit_log (site_id, id);
CREATE INDEX audit_log_assessment ON audit_log (assessment_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
