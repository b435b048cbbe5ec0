-- Staff rosters and training records, per site.

-- Keyed by what identifies a person in an import (site and the hotel's reference): one
-- B-tree per table, no separate unique index to maintain on 250,000-row imports.
CREATE TABLE staff (
    site_id       INTEGER NOT NULL REFERENCES org_nodes (id),
    -- The hotel's own identifier for the person.
    employee_ref  TEXT NOT NULL,
    -- Optional: personal data is kept to what users need.
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    job_role      TEXT NOT NULL CHECK (job_role IN ('reception', 'housekeeping', 'food_beverage', 'security', 'management', 'maintenance', 'other')),
    start_date    TEXT NOT NULL,
    -- NULL while the person works at the site.
    left_on       TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (site_id, employee_ref)
) WITHOUT ROWID;

CREATE TABLE training_records (
    site_id       INTEGER NOT NULL,
    employee_ref  TEXT NOT NULL,
    module        TEXT NOT NULL,
    completed_on  TEXT NOT NULL,
    delivery      TEXT NOT NULL CHECK (delivery IN ('elearning', 'classroom', 'other')),
    provider      TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (site_id, employee_ref, module, completed_on),
    FOREIGN KEY (site_id, employee_ref) REFERENCES staff (site_id, employee_ref) ON DELETE CASCADE
) WITHOUT ROWID;

-- An uploaded spreadsheet waiting for the user to confirm its preview.
CREATE TABLE pending_imports (
    id          INTEGER PRIMARY KEY,
    token       TEXT NOT NULL UNIQUE,
    site_id     INTEGER NOT NULL REFERENCES org_nodes (id),
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  TEXT NOT NULL
);

-- The training figures behind computed checklist items, frozen when the site submits.
ALTER TABLE assessments ADD COLUMN training_figures TEXT;
