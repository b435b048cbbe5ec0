-- People leave: a deactivated account keeps its name in the history but can no longer log
-- in, and its sessions and tokens stop at the next request (every instance reads this).
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
