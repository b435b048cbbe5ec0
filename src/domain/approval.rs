//! What stands in the way of approving a submission. The approval (which answers `409`) and
//! the review page (which disables its approve button and lists the reasons) both read this
//! one rule, so the page never offers an approval the server refuses, nor hides one it takes.

use crate::domain::scoring::CriterionFailure;

/// One reason an approval is refused, in the order the approval checks them.
#[derive(Debug, Clone, PartialEq)]
pub enum Blocker {
    /// Criteria fail on the audited answers.
    NotCompliant(Vec<CriterionFailure>),
    /// Items the auditor rejected in this round.
    RejectedItems(Vec<String>),
    /// Open major findings: (finding id, item key).
    MajorFindings(Vec<(i64, String)>),
}

/// Every reason the approval would be refused; empty when it may go ahead.
/// `certifiable`: the criteria failing on the audited answers (`scoring::certifiable`);
/// `rejected`: item keys with a `rejected` verdict this round; `major_open`: open major
/// findings.
pub fn blockers(
    failing: Vec<CriterionFailure>,
    mut rejected: Vec<String>,
    mut major_open: Vec<(i64, String)>,
) -> Vec<Blocker> {
    rejected.sort_unstable();
    rejected.dedup();
    major_open.sort_unstable();
    let mut out = Vec::new();
    if !failing.is_empty() {
        out.push(Blocker::NotCompliant(failing));
    }
    if !rejected.is_empty() {
        out.push(Blocker::RejectedItems(rejected));
    }
    if !major_open.is_empty() {
        out.push(Blocker::MajorFindings(major_open));
    }
    out
}

impl Blocker {
    /// The message of the `409` the approval answers, for the reasons that have one of their
    /// own (failing criteria answer `not_compliant` with the criteria instead).
    pub fn message(&self) -> Option<crate::error::Msg> {
        match self {
            Blocker::NotCompliant(_) => None,
            Blocker::RejectedItems(items) => Some(
                crate::error::Msg::new("approve-rejected-items").arg("items", items.join(", ")),
            ),
            Blocker::MajorFindings(list) => {
                let list: Vec<String> = list.iter().map(|(id, k)| format!("#{id} ({k})")).collect();
                Some(crate::error::Msg::new("approve-major-findings").arg("items", list.join(", ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_the_way_means_no_blocker() {
        assert!(blockers(vec![], vec![], vec![]).is_empty());
    }

    #[test]
    fn every_reason_is_named_in_order() {
        let b = blockers(
            vec![],
            vec!["2.1".into(), "1.3".into(), "1.3".into()],
            vec![(7, "4.1".into())],
        );
        assert_eq!(
            b,
            vec![
                Blocker::RejectedItems(vec!["1.3".into(), "2.1".into()]),
                Blocker::MajorFindings(vec![(7, "4.1".into())]),
            ]
        );
        assert!(b[1].message().is_some());
    }
}
