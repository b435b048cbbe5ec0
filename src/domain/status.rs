//! The life cycle of an assessment. Transitions are methods: an illegal one cannot be written.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Draft,
    Submitted,
    InReview,
    ChangesRequested,
    Approved,
    /// Reviewed and closed without a certificate: the audited answers miss criteria.
    NotCompliant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: AssessmentStatus,
    pub action: &'static str,
}

impl AssessmentStatus {
    pub const ALL: [AssessmentStatus; 6] = [
        AssessmentStatus::Draft,
        AssessmentStatus::Submitted,
        AssessmentStatus::InReview,
        AssessmentStatus::ChangesRequested,
        AssessmentStatus::Approved,
        AssessmentStatus::NotCompliant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStatus::Draft => "draft",
            AssessmentStatus::Submitted => "submitted",
            AssessmentStatus::InReview => "in_review",
            AssessmentStatus::ChangesRequested => "changes_requested",
            AssessmentStatus::Approved => "approved",
            AssessmentStatus::NotCompliant => "not_compliant",
        }
    }

    pub fn parse(s: &str) -> Option<AssessmentStatus> {
        AssessmentStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether a decision closed the round (approved, or closed as not compliant): only a
    /// reopening moves it on.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            AssessmentStatus::Approved | AssessmentStatus::NotCompliant
        )
    }

    /// Whether the site may still change its answers.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            AssessmentStatus::Draft | AssessmentStatus::ChangesRequested
        )
    }

    /// The site hands its answers over for audit.
    pub fn submit(self) -> Result<AssessmentStatus, IllegalTransition> {
        if self.is_editable() {
            Ok(AssessmentStatus::Submitted)
        } else {
            Err(IllegalTransition {
                from: self,
                action: "submit",
            })
        }
    }
}

/// What an auditor decides about a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    RequestChanges,
    Approve,
    /// Closes a reviewed round that misses criteria, without a certificate.
    CloseNotCompliant,
    Reopen,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::RequestChanges => "request_changes",
            Decision::Approve => "approve",
            Decision::CloseNotCompliant => "close_not_compliant",
            Decision::Reopen => "reopen",
        }
    }

    /// The states the decision can be taken from, and the state it leads to.
    pub fn transition(self) -> (&'static [AssessmentStatus], AssessmentStatus) {
        use AssessmentStatus::*;
        match self {
            Decision::RequestChanges => (&[Submitted, InReview], ChangesRequested),
            Decision::Approve => (&[Submitted, InReview], Approved),
            Decision::CloseNotCompliant => (&[Submitted, InReview], NotCompliant),
            // Reopening a closed round puts it back in review, its history intact.
            Decision::Reopen => (&[Approved, NotCompliant], InReview),
        }
    }
}

impl AssessmentStatus {
    /// Where `decision` leads from here.
    pub fn decide(self, decision: Decision) -> Result<AssessmentStatus, IllegalTransition> {
        let (from, to) = decision.transition();
        if from.contains(&self) {
            Ok(to)
        } else {
            Err(IllegalTransition {
                from: self,
                action: decision.as_str(),
            })
        }
    }

    /// An auditor takes a submission for review.
    pub fn take(self) -> Result<AssessmentStatus, IllegalTransition> {
        match self {
            AssessmentStatus::Submitted => Ok(AssessmentStatus::InReview),
            from => Err(IllegalTransition {
                from,
                action: "take",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_editable_states_can_be_submitted() {
        assert_eq!(
            AssessmentStatus::Draft.submit(),
            Ok(AssessmentStatus::Submitted)
        );
        assert_eq!(
            AssessmentStatus::ChangesRequested.submit(),
            Ok(AssessmentStatus::Submitted)
        );
        for s in [
            AssessmentStatus::Submitted,
            AssessmentStatus::InReview,
            AssessmentStatus::Approved,
        ] {
            assert!(s.submit().is_err(), "{s:?} must not be submittable");
            assert!(!s.is_editable());
        }
    }

    #[test]
    fn decisions_follow_the_workflow() {
        use AssessmentStatus::*;
        assert_eq!(InReview.decide(Decision::Approve), Ok(Approved));
        assert_eq!(
            Submitted.decide(Decision::RequestChanges),
            Ok(ChangesRequested)
        );
        assert_eq!(Approved.decide(Decision::Reopen), Ok(InReview));
        assert!(Draft.decide(Decision::Approve).is_err());
        assert!(Approved.decide(Decision::Approve).is_err());
        assert!(ChangesRequested.decide(Decision::Approve).is_err());
        assert!(InReview.decide(Decision::Reopen).is_err());
        assert_eq!(
            InReview.decide(Decision::CloseNotCompliant),
            Ok(NotCompliant)
        );
        assert_eq!(NotCompliant.decide(Decision::Reopen), Ok(InReview));
        assert!(NotCompliant.decide(Decision::Approve).is_err());
        assert!(NotCompliant.decide(Decision::CloseNotCompliant).is_err());
        assert!(Approved.decide(Decision::CloseNotCompliant).is_err());
        assert!(Draft.decide(Decision::CloseNotCompliant).is_err());
        assert!(!NotCompliant.is_editable());
    }

    #[test]
    fn only_submissions_can_be_taken() {
        assert_eq!(
            AssessmentStatus::Submitted.take(),
            Ok(AssessmentStatus::InReview)
        );
        for s in [
            AssessmentStatus::Draft,
            AssessmentStatus::InReview,
            AssessmentStatus::ChangesRequested,
            AssessmentStatus::Approved,
            AssessmentStatus::NotCompliant,
        ] {
            assert!(s.take().is_err(), "{s:?}");
        }
    }

    #[test]
    fn status_strings_round_trip() {
        for s in AssessmentStatus::ALL {
            assert_eq!(AssessmentStatus::parse(s.as_str()), Some(s));
        }
    }
}
