-- Every personal API token ends at most a year after it was made (web::tokens::MAX_DAYS).
-- Tokens made before that rule (without an end, or with up to two years) end a year after
-- they were made (so one made more than a year ago has ended).
UPDATE api_tokens
SET expires_at = to_char((created_at::timestamptz + interval '1 year') AT TIME ZONE 'UTC',
                         'YYYY-MM-DD"T"HH24:MI:SS"Z"')
WHERE expires_at IS NULL
   OR expires_at > to_char((created_at::timestamptz + interval '1 year') AT TIME ZONE 'UTC',
                           'YYYY-MM-DD"T"HH24:MI:SS"Z"');
