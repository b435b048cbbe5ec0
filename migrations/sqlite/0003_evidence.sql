-- Evidence: documents a site keeps (policy, contract clause, poster photo...), each in
-- versions. A version's bytes live in the blob store under their SHA-256.

CREATE TABLE evidence_documents (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES org_nodes (id),
    created_at  TEXT NOT NULL
);

CREATE TABLE evidence_files (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES evidence_documents (id),
    version        INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    size           INTEGER NOT NULL,
    media_type     TEXT NOT NULL,
    original_name  TEXT NOT NULL,
    -- A policy reviewed yearly, a contract's end: after this date the evidence is expired.
    valid_until    TEXT,
    uploaded_by    INTEGER NOT NULL REFERENCES users (id),
    uploaded_at    TEXT NOT NULL,
    UNIQUE (document_id, version)
);
CREATE INDEX evidence_files_sha ON evidence_files (sha256);

-- The checklist items a document supports (all its versions).
CREATE TABLE evidence_items (
    document_id  INTEGER NOT NULL REFERENCES evidence_documents (id),
    item_key     TEXT NOT NULL,
    PRIMARY KEY (document_id, item_key)
);

-- The exact versions each submission round was made with.
CREATE TABLE submission_evidence (
    assessment_id     INTEGER NOT NULL REFERENCES assessments (id),
    round             INTEGER NOT NULL,
    item_key          TEXT NOT NULL,
    evidence_file_id  INTEGER NOT NULL REFERENCES evidence_files (id),
    PRIMARY KEY (assessment_id, round, item_key, evidence_file_id)
);
