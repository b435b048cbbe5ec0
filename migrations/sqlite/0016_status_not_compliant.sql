-- Rounds closed without a certificate: the assessment status `not_compliant`, the decision
-- `close_not_compliant` and its notification kind. SQLite cannot alter a CHECK constraint, and rebuilding `assessments`
-- would mean dropping a table that a dozen others reference. The new constraints accept
-- one more value and nothing less, so every stored row stays valid and the definitions are
-- edited in place, the way SQLite documents for changes that leave the file format as it is
-- (https://sqlite.org/lang_altertable.html#otheralter). The RESET reloads the schema of this
-- connection; the table made and dropped after it tells the other connections to reload, and
-- its CHECK fails the migration unless all three definitions were edited.
-- The answers' frozen triggers list the editable statuses, so `not_compliant` is frozen.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql,
    'CHECK (status IN (''draft'', ''submitted'', ''in_review'', ''changes_requested'', ''approved''))',
    'CHECK (status IN (''draft'', ''submitted'', ''in_review'', ''changes_requested'', ''approved'', ''not_compliant''))')
WHERE type = 'table' AND name = 'assessments';
UPDATE sqlite_master
SET sql = replace(sql,
    'CHECK (kind IN (''submitted'', ''changes_requested'', ''approved'',',
    'CHECK (kind IN (''submitted'', ''changes_requested'', ''approved'', ''not_compliant'',')
WHERE type = 'table' AND name = 'notifications';
UPDATE sqlite_master
SET sql = replace(sql,
    'CHECK (decision IN (''request_changes'', ''approve'', ''reopen''))',
    'CHECK (decision IN (''request_changes'', ''approve'', ''close_not_compliant'', ''reopen''))')
WHERE type = 'table' AND name = 'decisions';
PRAGMA writable_schema = RESET;
CREATE TABLE not_compliant_schema_reload (edited INTEGER NOT NULL CHECK (edited = 3));
INSERT INTO not_compliant_schema_reload (edited)
SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND (
    (name = 'assessments' AND sql LIKE '%''approved'', ''not_compliant'')%')
    OR (name = 'notifications' AND sql LIKE '%''approved'', ''not_compliant'',%')
    OR (name = 'decisions' AND sql LIKE '%''close_not_compliant''%'));
DROP TABLE not_compliant_schema_reload;
-- Submitted and decided assessments are now scored on their audited answers: forgetting their
-- stored results makes the start-up (`fill_missing_results`) compute them again that way.
UPDATE assessments SET progress = NULL WHERE status NOT IN ('draft', 'changes_requested');
