-- Rounds closed without a certificate: the assessment status `not_compliant`, the decision
-- `close_not_compliant` and its notification kind. The answers' frozen trigger lists the editable statuses, so
-- `not_compliant` is frozen like `approved`.
ALTER TABLE assessments DROP CONSTRAINT assessments_status_check;
ALTER TABLE assessments ADD CONSTRAINT assessments_status_check
    CHECK (status IN ('draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'not_compliant'));
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('submitted', 'changes_requested', 'approved', 'not_compliant',
                    'finding_due_soon', 'finding_overdue'));
ALTER TABLE decisions DROP CONSTRAINT decisions_decision_check;
ALTER TABLE decisions ADD CONSTRAINT decisions_decision_check
    CHECK (decision IN ('request_changes', 'approve', 'close_not_compliant', 'reopen'));
-- Submitted and decided assessments are now scored on their audited answers: forgetting their
-- stored results makes the start-up (`fill_missing_results`) compute them again that way.
UPDATE assessments SET progress = NULL WHERE status NOT IN ('draft', 'changes_requested');
