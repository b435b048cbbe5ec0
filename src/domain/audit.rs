//! Audit trail entries and the hash chain that makes tampering evident.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change: who, when, what, before and after. Field order is part of the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub site_id: Option<i64>,
    pub assessment_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The entry's hash: SHA-256 of the previous hash and the entry's canonical JSON.
pub fn chain_hash(prev_hash: &str, entry: &AuditEntry) -> String {
    let body = serde_json::to_string(entry).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(body.as_bytes());
    hex::encode(h.finalize())
}

/// Where a chain breaks: the first entry whose link or hash does not match.
pub fn first_break<'a>(
    entries: impl IntoIterator<Item = (i64, &'a AuditEntry, &'a str, &'a str)>,
) -> Option<i64> {
    let mut prev = GENESIS.to_owned();
    for (id, entry, prev_hash, hash) in entries {
        if prev_hash != prev || chain_hash(prev_hash, entry) != hash {
            return Some(id);
        }
        prev = hash.to_owned();
    }
    None
}

/// Whether an assessment's history may show `entry` to a caller who sees the verdicts of the
/// current `round` only when `verdicts_shown` ([`super::Principal::sees_verdicts`]): a verdict
/// of that round (or of one the entry does not name) is hidden with its comment, exactly as the
/// assessment's view hides it; the verdicts of earlier rounds the site has already been shown.
pub fn shown_in_history(entry: &AuditEntry, round: i64, verdicts_shown: bool) -> bool {
    if verdicts_shown || entry.object_type != "verdict" {
        return true;
    }
    let of_round = entry
        .after
        .as_deref()
        .and_then(|after| serde_json::from_str::<serde_json::Value>(after).ok())
        .and_then(|after| after.get("round").and_then(serde_json::Value::as_i64));
    of_round.is_some_and(|r| r < round)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> AuditEntry {
        AuditEntry {
            at: "2026-11-23T12:00:00Z".into(),
            actor_id: Some(1),
            action: action.into(),
            object_type: "answer".into(),
            object_id: "1.1".into(),
            site_id: Some(3),
            assessment_id: Some(7),
            before: None,
            after: Some("{\"answer\":\"yes\"}".into()),
        }
    }

    #[test]
    fn the_history_hides_the_verdicts_of_the_round_under_review_only() {
        let verdict = |after: Option<&str>| AuditEntry {
            action: "verdict.recorded".into(),
            object_type: "verdict".into(),
            after: after.map(str::to_owned),
            ..entry("verdict.recorded")
        };
        let of_round_2 = verdict(Some(
            "{\"round\":2,\"verdict\":\"rejected\",\"comment\":\"x\"}",
        ));
        let of_round_1 = verdict(Some(
            "{\"round\":1,\"verdict\":\"rejected\",\"comment\":\"x\"}",
        ));
        assert!(!shown_in_history(&of_round_2, 2, false));
        assert!(shown_in_history(&of_round_2, 2, true));
        assert!(
            shown_in_history(&of_round_1, 2, false),
            "already shown to the site"
        );
        assert!(
            !shown_in_history(&verdict(None), 2, false),
            "no round: hidden"
        );
        assert!(!shown_in_history(&verdict(Some("not json")), 2, false));
        assert!(shown_in_history(&entry("answer.saved"), 2, false));
    }

    #[test]
    fn a_changed_entry_breaks_the_chain_there() {
        let a = entry("answer.saved");
        let b = entry("assessment.submitted");
        let ha = chain_hash(GENESIS, &a);
        let hb = chain_hash(&ha, &b);
        let chain = [
            (1, &a, GENESIS, ha.as_str()),
            (2, &b, ha.as_str(), hb.as_str()),
        ];
        assert_eq!(first_break(chain), None);
        let mut forged = b.clone();
        forged.after = Some("{\"answer\":\"no\"}".into());
        let chain = [
            (1, &a, GENESIS, ha.as_str()),
            (2, &forged, ha.as_str(), hb.as_str()),
        ];
        assert_eq!(first_break(chain), Some(2));
        // Removing an entry breaks the link of the next one.
        assert_eq!(first_break([(2, &b, ha.as_str(), hb.as_str())]), Some(2));
    }
}
