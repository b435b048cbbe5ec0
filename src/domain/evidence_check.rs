//! Whether each item holds the evidence its criterion asks for: files still valid, or, for
//! the items the site's procedure shows (`procedure = true`), that procedure in force; and
//! which items answered `yes` lack it. The gap reports, the checklist, the submission check
//! and the review page all read these two functions.

use std::collections::HashMap;

use time::Date;

use crate::criteria::{CriteriaVersion, Criterion, Evidence, Item};
use crate::domain::Answer;
use crate::domain::gaps::EvidenceState;

/// Whether `item` asks for evidence the site attaches (a document or a photo). Training
/// records are read from the training page, not attached.
pub fn wants_files(item: &Item) -> bool {
    matches!(item.evidence, Evidence::Document | Evidence::Photo)
}

/// A file is valid up to and including its `valid_until` day; without a date it does not
/// expire.
pub fn file_valid(valid_until: Option<Date>, today: Date) -> bool {
    valid_until.is_none_or(|d| d >= today)
}

/// The evidence each item holds. `files`: the validity dates of the files attached, by item;
/// `procedure_in_force`: the site has a procedure whose yearly review is not overdue, which
/// serves as the evidence of the items that show it. Items holding nothing are absent.
pub fn evidence_states<'a>(
    version: &'a CriteriaVersion,
    files: &HashMap<&str, Vec<Option<Date>>>,
    procedure_in_force: bool,
    today: Date,
) -> HashMap<&'a str, EvidenceState> {
    version
        .items()
        .filter_map(|item| {
            let key = item.key.as_str();
            let attached = files.get(key).filter(|f| !f.is_empty());
            let state = if attached.is_some_and(|f| f.iter().any(|d| file_valid(*d, today))) {
                EvidenceState::Current
            } else if item.procedure && procedure_in_force {
                EvidenceState::Procedure
            } else if attached.is_some() {
                EvidenceState::Expired
            } else {
                return None;
            };
            Some((key, state))
        })
        .collect()
}

/// What an item answered `yes` is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lack {
    /// Nothing attached (and, for a procedure item, no procedure in force).
    Missing,
    /// Files attached, every one past its validity date.
    Expired,
}

impl Lack {
    pub fn as_str(self) -> &'static str {
        match self {
            Lack::Missing => "missing",
            Lack::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Lacking<'a> {
    pub criterion: &'a Criterion,
    pub item: &'a Item,
    pub lack: Lack,
}

/// The items answered `yes` whose criterion asks for evidence they do not hold, in criteria
/// order. `answers`: confirmed answers; `evidence`: from [`evidence_states`].
pub fn items_lacking_evidence<'a>(
    version: &'a CriteriaVersion,
    answers: &HashMap<&str, Answer>,
    evidence: &HashMap<&str, EvidenceState>,
) -> Vec<Lacking<'a>> {
    let mut out = Vec::new();
    for criterion in &version.criteria {
        for item in &criterion.items {
            let key = item.key.as_str();
            if answers.get(key) != Some(&Answer::Yes) || !wants_files(item) {
                continue;
            }
            let lack = match evidence.get(key) {
                Some(EvidenceState::Current | EvidenceState::Procedure) => continue,
                Some(EvidenceState::Expired) => Lack::Expired,
                None => Lack::Missing,
            };
            out.push(Lacking {
                criterion,
                item,
                lack,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::CriteriaVersion;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 06 - 15);

    fn version() -> std::sync::Arc<CriteriaVersion> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria");
        let set = crate::criteria::load_dir(&dir).unwrap_or_else(|_| panic!("the criteria load"));
        set.current().clone()
    }

    fn key(v: &CriteriaVersion, evidence: Evidence, procedure: bool) -> &str {
        v.items()
            .find(|i| i.evidence == evidence && i.procedure == procedure && i.computed.is_none())
            .map(|i| i.key.as_str())
            .expect("an item of that kind")
    }

    #[test]
    fn a_file_is_valid_through_its_last_day() {
        assert!(file_valid(Some(TODAY), TODAY), "valid on its last day");
        assert!(
            !file_valid(Some(date!(2026 - 06 - 14)), TODAY),
            "expired the day after"
        );
        assert!(file_valid(None, TODAY), "no date: no expiry");
    }

    #[test]
    fn yes_items_without_valid_files_are_flagged() {
        let v = version();
        let doc = key(&v, Evidence::Document, false);
        let answers: HashMap<&str, Answer> = [(doc, Answer::Yes)].into();
        let check = |files: Vec<Option<Date>>| {
            let files: HashMap<&str, Vec<Option<Date>>> = [(doc, files)].into();
            let states = evidence_states(&v, &files, false, TODAY);
            items_lacking_evidence(&v, &answers, &states)
                .iter()
                .map(|l| (l.item.key.clone(), l.lack))
                .collect::<Vec<_>>()
        };
        assert_eq!(check(vec![]), vec![(doc.to_owned(), Lack::Missing)]);
        assert_eq!(
            check(vec![Some(date!(2026 - 06 - 14))]),
            vec![(doc.to_owned(), Lack::Expired)],
            "a file that expired yesterday"
        );
        assert!(check(vec![Some(TODAY)]).is_empty(), "valid through today");
        assert!(
            check(vec![Some(date!(2025 - 01 - 01)), None]).is_empty(),
            "one valid file is enough"
        );
    }

    #[test]
    fn only_yes_answers_asking_for_files_are_flagged() {
        let v = version();
        let doc = key(&v, Evidence::Document, false);
        let records = key(&v, Evidence::TrainingRecords, false);
        let none = HashMap::new();
        for answer in [Answer::No, Answer::Partial, Answer::NotApplicable] {
            let answers: HashMap<&str, Answer> = [(doc, answer)].into();
            assert!(items_lacking_evidence(&v, &answers, &none).is_empty());
        }
        let answers: HashMap<&str, Answer> = [(records, Answer::Yes)].into();
        assert!(
            items_lacking_evidence(&v, &answers, &none).is_empty(),
            "training records come from the training page"
        );
    }

    #[test]
    fn the_procedure_in_force_is_the_evidence_of_its_items() {
        let v = version();
        let proc_item = key(&v, Evidence::Document, true);
        let doc = key(&v, Evidence::Document, false);
        let answers: HashMap<&str, Answer> = [(proc_item, Answer::Yes), (doc, Answer::Yes)].into();
        let states = evidence_states(&v, &HashMap::new(), true, TODAY);
        assert_eq!(states.get(proc_item), Some(&EvidenceState::Procedure));
        assert_eq!(
            states.get(doc),
            None,
            "only the items that show the procedure"
        );
        let lacking: Vec<&str> = items_lacking_evidence(&v, &answers, &states)
            .iter()
            .map(|l| l.item.key.as_str())
            .collect();
        assert_eq!(lacking, vec![doc]);
        // No procedure in force, only an expired file: the item lacks its evidence again.
        let files: HashMap<&str, Vec<Option<Date>>> =
            [(proc_item, vec![Some(date!(2026 - 01 - 01))])].into();
        let states = evidence_states(&v, &files, false, TODAY);
        let lacking: Vec<(&str, Lack)> = items_lacking_evidence(&v, &answers, &states)
            .iter()
            .map(|l| (l.item.key.as_str(), l.lack))
            .collect();
        assert_eq!(lacking.len(), 2, "{lacking:?}");
        assert!(lacking.contains(&(proc_item, Lack::Expired)), "{lacking:?}");
        assert!(lacking.contains(&(doc, Lack::Missing)), "{lacking:?}");
    }
}
