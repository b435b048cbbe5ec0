-- Certificates issued when an assessment is approved. The signed content is kept exactly as
-- signed; status changes (revocation) live beside it and never touch it.
CREATE TABLE certificates (
    serial          TEXT PRIMARY KEY,
    assessment_id   INTEGER NOT NULL REFERENCES assessments (id),
    site_id         INTEGER NOT NULL REFERENCES org_nodes (id),
    company_id      INTEGER NOT NULL REFERENCES org_nodes (id),
    year            INTEGER NOT NULL,
    issued_at       TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    content         TEXT NOT NULL,
    signature       TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    issued_by       INTEGER NOT NULL REFERENCES users (id),
    revoked_at      TEXT,
    revoked_by      INTEGER REFERENCES users (id),
    revoke_reason   TEXT,
    replaced_by     TEXT REFERENCES certificates (serial)
);
CREATE INDEX certificates_assessment ON certificates (assessment_id);
CREATE INDEX certificates_company_year ON certificates (company_id, year);

CREATE TRIGGER certificates_content_immutable BEFORE UPDATE OF serial, assessment_id, site_id,
    company_id, year, issued_at, valid_from, valid_until, content, signature, key_id, issued_by
    ON certificates
BEGIN SELECT RAISE(ABORT, 'a certificate''s signed content cannot change'); END;
CREATE TRIGGER certificates_never_deleted BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are revoked, never deleted'); END;
