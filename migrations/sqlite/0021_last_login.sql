-- When each user last logged in: those who manage people see who still uses the app.
ALTER TABLE users ADD COLUMN last_login_at TEXT;
