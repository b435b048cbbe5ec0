-- Staff rosters and training records, per site.

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
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
    UNIQUE (site_id, employee_ref)
);

CREATE TABLE training_records (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    module        TEXT NOT NULL,
    completed_on  TEXT NOT NULL,
    delivery      TEXT NOT NULL CHECK (delivery IN ('elearning', 'classroom', 'other')),
    provider      TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    UNIQUE (staff_id, module, completed_on)
);

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
