-- Failed logins of the last minutes, for throttling (domain::throttle): by the account as typed
-- (lower-cased) and the client address. Rows older than a day are deleted by the server's
-- periodic clean-up; a successful login deletes those of its account and address.
CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account     TEXT NOT NULL,
    address     TEXT NOT NULL,
    at_unix     INTEGER NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, at_unix);
CREATE INDEX login_failures_address ON login_failures (address, at_unix);
