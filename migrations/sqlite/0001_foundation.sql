-- Foundation: organisation tree, users and sessions, criteria snapshots, assessments and answers.
-- Timestamps are RFC 3339 UTC text; flags are 0/1 integers (portable to PostgreSQL through sqlx::Any).

CREATE TABLE org_nodes (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('company', 'unit', 'site')),
    parent_id   INTEGER REFERENCES org_nodes (id),
    -- The company a unit or site belongs to; NULL for a company itself.
    company_id  INTEGER REFERENCES org_nodes (id),
    name        TEXT NOT NULL,
    country     TEXT,
    city        TEXT,
    created_at  TEXT NOT NULL,
    CHECK ((kind = 'company') = (parent_id IS NULL)),
    CHECK ((kind = 'company') = (company_id IS NULL))
);
CREATE UNIQUE INDEX org_nodes_sibling_name ON org_nodes (kind, COALESCE(parent_id, 0), lower(name));
CREATE INDEX org_nodes_parent ON org_nodes (parent_id);
CREATE INDEX org_nodes_company ON org_nodes (company_id);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'company_admin', 'site_manager', 'auditor')),
    language       TEXT CHECK (language IN ('en', 'fr', 'nl')),
    created_at     TEXT NOT NULL
);

-- The nodes a user's role applies to (see domain::access).
CREATE TABLE user_scopes (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    node_id   INTEGER NOT NULL REFERENCES org_nodes (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (user_id, node_id)
);
CREATE INDEX user_scopes_node ON user_scopes (node_id);

-- Browser sessions and API tokens. Only a SHA-256 of the secret is stored.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('web', 'api')),
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The exact criteria an assessment was started with, kept even if the files change.
CREATE TABLE criteria_versions (
    version       TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    content       TEXT NOT NULL,
    stored_at     TEXT NOT NULL
);

CREATE TABLE assessments (
    id                INTEGER PRIMARY KEY,
    site_id           INTEGER NOT NULL REFERENCES org_nodes (id),
    year              INTEGER NOT NULL,
    criteria_version  TEXT NOT NULL REFERENCES criteria_versions (version),
    status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'changes_requested', 'approved')),
    carried_from      INTEGER REFERENCES assessments (id),
    created_by        INTEGER NOT NULL REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    submitted_by      INTEGER REFERENCES users (id),
    submitted_at      TEXT,
    UNIQUE (site_id, year)
);

CREATE TABLE answers (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    item_key       TEXT NOT NULL,
    answer         TEXT NOT NULL CHECK (answer IN ('yes', 'partial', 'no', 'not_applicable')),
    comment        TEXT NOT NULL DEFAULT '',
    -- 1 while an answer carried over from last year waits for the manager's confirmation.
    to_confirm     INTEGER NOT NULL DEFAULT 0 CHECK (to_confirm IN (0, 1)),
    updated_by     INTEGER NOT NULL REFERENCES users (id),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_key)
);

-- Once submitted, answers are frozen for everyone: the database itself refuses the change.
CREATE TRIGGER answers_frozen_insert BEFORE INSERT ON answers
WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) NOT IN ('draft', 'changes_requested')
BEGIN SELECT RAISE(ABORT, 'assessment is not editable'); END;

CREATE TRIGGER answers_frozen_update BEFORE UPDATE ON answers
WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) NOT IN ('draft', 'changes_requested')
BEGIN SELECT RAISE(ABORT, 'assessment is not editable'); END;

CREATE TRIGGER answers_frozen_delete BEFORE DELETE ON answers
WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) NOT IN ('draft', 'changes_requested')
BEGIN SELECT RAISE(ABORT, 'assessment is not editable'); END;
