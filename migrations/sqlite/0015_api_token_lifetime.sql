-- Every personal API token ends at most a year after it was made (web::tokens::MAX_DAYS).
-- Tokens made before that rule (without an end, or with up to two years) end a year after
-- they were made (so one made more than a year ago has ended).
UPDATE api_tokens
SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+1 year')
WHERE expires_at IS NULL
   OR expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+1 year');
