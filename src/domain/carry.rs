//! Verdicts carried into a new round: an auditor's verdict stays valid for an item whose
//! answer, comment and evidence did not change since it was given. What a verdict judged is
//! kept as a fingerprint of those three, so that "did not change" is one comparison that
//! neither round order nor the storage of the rows can fool.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

/// What the auditor saw of one item in a round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemSnapshot {
    /// The answer as stored (`yes`, `partial`...), none when unanswered.
    pub answer: Option<String>,
    pub comment: String,
    /// The evidence files (exact versions) attached when the round was submitted.
    pub evidence: Vec<i64>,
}

/// The fingerprint of an item's answer, comment and evidence: equal exactly when all three
/// are. Each part is length-prefixed, so no answer and comment can run into each other, and
/// the files are sorted, so their order does not count; a new version of a file is a new id.
pub fn fingerprint(item: &ItemSnapshot) -> String {
    let mut files = item.evidence.clone();
    files.sort_unstable();
    files.dedup();
    let mut hash = Sha256::new();
    let mut part = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_be_bytes());
        hash.update(bytes);
    };
    match &item.answer {
        None => part(b"-"),
        Some(a) => part(format!("={a}").as_bytes()),
    }
    part(item.comment.as_bytes());
    let ids: Vec<String> = files.iter().map(i64::to_string).collect();
    part(ids.join(",").as_bytes());
    hex::encode(hash.finalize())
}

/// The snapshots of a round's items, from its frozen answers `(item, answer, comment)` and
/// evidence `(item, file id)`; an item with only evidence has no answer.
pub fn snapshots(
    answers: impl IntoIterator<Item = (String, String, String)>,
    evidence: impl IntoIterator<Item = (String, i64)>,
) -> BTreeMap<String, ItemSnapshot> {
    let mut out: BTreeMap<String, ItemSnapshot> = BTreeMap::new();
    for (key, answer, comment) in answers {
        let s = out.entry(key).or_default();
        s.answer = Some(answer);
        s.comment = comment;
    }
    for (key, file) in evidence {
        out.entry(key).or_default().evidence.push(file);
    }
    out
}

/// The fingerprint of every item of `snapshots`; an item of the checklist missing there
/// (unanswered, no evidence) has the fingerprint of an empty snapshot.
pub fn fingerprints(
    item_keys: impl IntoIterator<Item = String>,
    snapshots: &BTreeMap<String, ItemSnapshot>,
) -> HashMap<String, String> {
    let empty = ItemSnapshot::default();
    item_keys
        .into_iter()
        .map(|k| {
            let f = fingerprint(snapshots.get(&k).unwrap_or(&empty));
            (k, f)
        })
        .collect()
}

/// The items whose previous verdict carries into the new round: it recorded what it judged
/// (`Some` fingerprint) and the item is the same now. Sorted by key.
pub fn carried(
    previous: &HashMap<String, Option<String>>,
    now: &HashMap<String, String>,
) -> Vec<String> {
    let mut keys: Vec<String> = previous
        .iter()
        .filter(|(k, judged)| judged.as_ref().is_some_and(|f| now.get(*k) == Some(f)))
        .map(|(k, _)| k.clone())
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(answer: Option<&str>, comment: &str, evidence: &[i64]) -> ItemSnapshot {
        ItemSnapshot {
            answer: answer.map(str::to_owned),
            comment: comment.to_owned(),
            evidence: evidence.to_vec(),
        }
    }

    #[test]
    fn the_same_item_has_the_same_fingerprint_whatever_the_order_of_its_files() {
        let a = item(Some("yes"), "Signed 2026-01-10", &[3, 1]);
        let b = item(Some("yes"), "Signed 2026-01-10", &[1, 3]);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 64);
    }

    #[test]
    fn a_changed_answer_comment_or_file_changes_the_fingerprint() {
        let base = item(Some("yes"), "Signed", &[1]);
        let changed = [
            item(Some("partial"), "Signed", &[1]),
            item(None, "Signed", &[1]),
            item(Some("yes"), "Signed.", &[1]),
            item(Some("yes"), "", &[1]),
            item(Some("yes"), "Signed", &[]),
            item(Some("yes"), "Signed", &[1, 2]),
            item(Some("yes"), "Signed", &[2]),
        ];
        for other in changed {
            assert_ne!(fingerprint(&base), fingerprint(&other), "{other:?}");
        }
    }

    #[test]
    fn parts_cannot_run_into_each_other() {
        // Without length prefixes "yes" + "1," and "yes1" + "," could collide.
        assert_ne!(
            fingerprint(&item(Some("yes"), "1", &[])),
            fingerprint(&item(Some("yes1"), "", &[]))
        );
        assert_ne!(
            fingerprint(&item(Some("yes"), "12", &[])),
            fingerprint(&item(Some("yes"), "1", &[2]))
        );
        assert_ne!(
            fingerprint(&item(None, "", &[])),
            fingerprint(&item(Some(""), "", &[]))
        );
    }

    #[test]
    fn only_verdicts_on_an_unchanged_item_carry() {
        let round1 = snapshots(
            [
                ("1.1".to_owned(), "yes".to_owned(), String::new()),
                ("1.2".to_owned(), "yes".to_owned(), String::new()),
                ("1.3".to_owned(), "yes".to_owned(), "ok".to_owned()),
                ("1.4".to_owned(), "yes".to_owned(), String::new()),
            ],
            [("1.1".to_owned(), 7)],
        );
        let keys = || ["1.1", "1.2", "1.3", "1.4", "1.5"].map(str::to_owned);
        let before = fingerprints(keys(), &round1);
        let round2 = snapshots(
            [
                ("1.1".to_owned(), "yes".to_owned(), String::new()),
                ("1.2".to_owned(), "no".to_owned(), String::new()),
                ("1.3".to_owned(), "yes".to_owned(), "ok".to_owned()),
                ("1.4".to_owned(), "yes".to_owned(), String::new()),
            ],
            [("1.1".to_owned(), 7), ("1.3".to_owned(), 9)],
        );
        let now = fingerprints(keys(), &round2);
        let previous: HashMap<String, Option<String>> = [
            ("1.1", Some(before["1.1"].clone())),
            ("1.2", Some(before["1.2"].clone())),
            ("1.3", Some(before["1.3"].clone())),
            // Recorded before fingerprints existed: never carried.
            ("1.4", None),
        ]
        .into_iter()
        .map(|(k, f)| (k.to_owned(), f))
        .collect();
        assert_eq!(carried(&previous, &now), ["1.1"]);
        // No verdict, nothing carried, even when unchanged (1.5).
        assert!(!carried(&previous, &now).contains(&"1.5".to_owned()));
    }
}
