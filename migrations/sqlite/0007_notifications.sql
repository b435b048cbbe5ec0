-- In-app notifications, one row per recipient and event. `event_key` names the event
-- (`submitted:12:2`, `finding_overdue:5`) so that the same event never notifies a user
-- twice, even when several instances sweep for due findings at once.
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('submitted', 'changes_requested', 'approved',
                                                 'finding_due_soon', 'finding_overdue')),
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    finding_id     INTEGER REFERENCES findings (id),
    event_key      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    read_at        TEXT,
    -- The e-mail copy: none (not wanted or no mail configured), pending, sending (claimed
    -- by an instance at email_claimed_at), sent or failed.
    email_state    TEXT NOT NULL DEFAULT 'none'
                   CHECK (email_state IN ('none', 'pending', 'sending', 'sent', 'failed')),
    email_claimed_at TEXT,
    email_attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, event_key)
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_email ON notifications (email_state);

-- Which notifications a user also wants by e-mail. No row means yes.
CREATE TABLE email_preferences (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    enabled  INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, kind)
);

-- A site's answer to a finding may point at an evidence version it uploaded.
ALTER TABLE finding_responses ADD COLUMN evidence_file_id INTEGER REFERENCES evidence_files (id);
