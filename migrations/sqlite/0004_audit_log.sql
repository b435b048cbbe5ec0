-- An append-only trail of changes that must stay traceable. Rows are never updated or
-- deleted by the app; the triggers make the database refuse it too.

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    site_id      INTEGER REFERENCES org_nodes (id),
    -- JSON; for erasures only counts, never the erased data.
    detail       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_site ON audit_log (site_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
