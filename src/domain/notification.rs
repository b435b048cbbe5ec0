//! Notifications: what happened, who hears about it, and when a finding is "due soon".

use time::{Date, Duration};

/// The events users are told about, in the app and, if they wish, by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A site submitted an assessment: its company's auditors.
    Submitted,
    /// An auditor returned the assessment: the site's managers.
    ChangesRequested,
    /// An auditor approved the assessment: the site's managers.
    Approved,
    /// An auditor closed the round as not compliant: the site's managers and head office,
    /// pointed to the gap report.
    NotCompliant,
    /// An open finding is due within [`DUE_SOON_DAYS`]: the site's managers.
    FindingDueSoon,
    /// An open finding is past its due date: the site's managers and the auditor.
    FindingOverdue,
}

impl NotificationKind {
    /// Where the notification leads in the app: the gap report for a round closed as not
    /// compliant (what is missing), the assessment otherwise.
    pub fn target(self, assessment_id: i64) -> String {
        match self {
            NotificationKind::NotCompliant => format!("/assessments/{assessment_id}/gap-report"),
            _ => format!("/assessments/{assessment_id}"),
        }
    }
}

/// How many days before its due date an open finding is announced.
pub const DUE_SOON_DAYS: i64 = 7;

impl NotificationKind {
    pub const ALL: [NotificationKind; 6] = [
        NotificationKind::Submitted,
        NotificationKind::ChangesRequested,
        NotificationKind::Approved,
        NotificationKind::NotCompliant,
        NotificationKind::FindingDueSoon,
        NotificationKind::FindingOverdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Submitted => "submitted",
            NotificationKind::ChangesRequested => "changes_requested",
            NotificationKind::Approved => "approved",
            NotificationKind::NotCompliant => "not_compliant",
            NotificationKind::FindingDueSoon => "finding_due_soon",
            NotificationKind::FindingOverdue => "finding_overdue",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds a user in `role` can receive, for their e-mail choices.
    pub fn for_role(role: super::Role) -> Vec<NotificationKind> {
        use super::Role;
        match role {
            Role::Auditor => vec![
                NotificationKind::Submitted,
                NotificationKind::FindingOverdue,
            ],
            Role::SiteManager | Role::CompanyAdmin => vec![
                NotificationKind::ChangesRequested,
                NotificationKind::Approved,
                NotificationKind::NotCompliant,
                NotificationKind::FindingDueSoon,
                NotificationKind::FindingOverdue,
            ],
            Role::Admin => Vec::new(),
        }
    }
}

/// What an open finding due on `due` calls for today, if anything.
pub fn finding_reminder(due: Date, today: Date) -> Option<NotificationKind> {
    if due < today {
        Some(NotificationKind::FindingOverdue)
    } else if due <= today + Duration::days(DUE_SOON_DAYS) {
        Some(NotificationKind::FindingDueSoon)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reminders_follow_the_due_date() {
        let today = date!(2026 - 03 - 10);
        assert_eq!(finding_reminder(date!(2026 - 04 - 01), today), None);
        assert_eq!(
            finding_reminder(date!(2026 - 03 - 18), today),
            None,
            "eight days ahead is not yet due soon"
        );
        assert_eq!(
            finding_reminder(date!(2026 - 03 - 17), today),
            Some(NotificationKind::FindingDueSoon)
        );
        assert_eq!(
            finding_reminder(today, today),
            Some(NotificationKind::FindingDueSoon),
            "due today is not yet overdue"
        );
        assert_eq!(
            finding_reminder(date!(2026 - 03 - 09), today),
            Some(NotificationKind::FindingOverdue)
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(NotificationKind::parse("nope"), None);
    }
}
