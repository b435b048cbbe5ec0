-- Evidence bytes kept in the database itself, by SHA-256, when the installation is set to
-- (the default on PostgreSQL, so that every app instance reads what any other one stored).
CREATE TABLE evidence_blobs (
    sha256      TEXT PRIMARY KEY,
    content     BLOB NOT NULL,
    stored_at   TEXT NOT NULL
);

-- The public half of every key that has signed certificates: each instance registers its own
-- at start, so a certificate signed by one instance verifies on all of them, and keys can be
-- rotated without old certificates turning "altered". Private keys never enter the database.
CREATE TABLE signing_keys (
    key_id      TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
