//! What stands between a site and compliance: the items to work on, and why.

use std::collections::HashMap;

use crate::criteria::{CriteriaVersion, Criterion, Item};
use crate::domain::Answer;

/// Why an item needs work. An item may have several reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapReason {
    /// No answer, or last year's answer not yet confirmed.
    Unanswered,
    AnsweredNo,
    AnsweredPartial,
    /// The auditor rejected it or asked for more information.
    Rejected,
    NeedsInfo,
    /// The item asks for evidence and none is attached.
    EvidenceMissing,
    /// Every attached file is past its validity date.
    EvidenceExpired,
}

impl GapReason {
    pub fn as_str(self) -> &'static str {
        match self {
            GapReason::Unanswered => "unanswered",
            GapReason::AnsweredNo => "answered_no",
            GapReason::AnsweredPartial => "answered_partial",
            GapReason::Rejected => "rejected",
            GapReason::NeedsInfo => "needs_info",
            GapReason::EvidenceMissing => "evidence_missing",
            GapReason::EvidenceExpired => "evidence_expired",
        }
    }
}

/// The evidence attached to an item, as far as gaps are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceState {
    Current,
    /// Files are attached, all expired.
    Expired,
    /// The site's procedure, in force, serves as the evidence (items with `procedure`).
    Procedure,
}

#[derive(Debug, Clone)]
pub struct Gap<'a> {
    pub criterion: &'a Criterion,
    pub item: &'a Item,
    pub reasons: Vec<GapReason>,
}

/// The items of `version` that need work, in criteria order.
/// `answers`: confirmed answers only; `verdicts`: the auditor's verdict by item;
/// `evidence`: items with files attached.
pub fn gaps<'a>(
    version: &'a CriteriaVersion,
    answers: &HashMap<&str, Answer>,
    verdicts: &HashMap<&str, &str>,
    evidence: &HashMap<&str, EvidenceState>,
) -> Vec<Gap<'a>> {
    let mut out = Vec::new();
    for criterion in &version.criteria {
        for item in &criterion.items {
            let key = item.key.as_str();
            let answer = answers.get(key).copied();
            let mut reasons = Vec::new();
            match answer {
                None => reasons.push(GapReason::Unanswered),
                Some(Answer::No) => reasons.push(GapReason::AnsweredNo),
                Some(Answer::Partial) => reasons.push(GapReason::AnsweredPartial),
                Some(Answer::Yes | Answer::NotApplicable) => {}
            }
            match verdicts.get(key) {
                Some(&"rejected") => reasons.push(GapReason::Rejected),
                Some(&"needs_info") => reasons.push(GapReason::NeedsInfo),
                _ => {}
            }
            let wants_files = crate::domain::evidence_check::wants_files(item)
                && answer != Some(Answer::NotApplicable);
            if wants_files {
                match evidence.get(key) {
                    None => reasons.push(GapReason::EvidenceMissing),
                    Some(EvidenceState::Expired) => reasons.push(GapReason::EvidenceExpired),
                    Some(EvidenceState::Current | EvidenceState::Procedure) => {}
                }
            }
            if !reasons.is_empty() {
                out.push(Gap {
                    criterion,
                    item,
                    reasons,
                });
            }
        }
    }
    out
}
