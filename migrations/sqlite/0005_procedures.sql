-- A site's procedure for a suspected case, as structured data, in versions.

CREATE TABLE procedures (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES org_nodes (id),
    version      INTEGER NOT NULL,
    -- JSON of domain::procedure::Procedure
    content      TEXT NOT NULL,
    reviewed_on  TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    UNIQUE (site_id, version)
);
