//! Scores and compliance of an assessment, computed from the rules in the criteria data.
//!
//! Only confirmed answers count: an answer carried over from last year and not yet
//! confirmed is, for scoring and progress, no answer at all.

use std::collections::HashMap;

use serde::Serialize;

use crate::criteria::{CriteriaVersion, Criterion};
use crate::domain::Answer;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub number: u8,
    pub answered: usize,
    pub total: usize,
    /// Weighted score from 0.0 to 1.0 over the applicable items; unanswered items count 0.
    pub score: f64,
    pub compliant: bool,
    /// Mandatory items without one of the answers the rule requires.
    pub failing_mandatory: Vec<String>,
}

impl CriterionResult {
    pub fn score_percent(&self) -> f64 {
        (self.score * 1000.0).round() / 10.0
    }

    pub fn is_complete(&self) -> bool {
        self.answered == self.total
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentResult {
    pub criteria: Vec<CriterionResult>,
    pub answered: usize,
    pub total: usize,
}

impl AssessmentResult {
    /// Whole percent answered, rounded down: 100 only when every item is answered.
    pub fn progress_percent(&self) -> u32 {
        if self.total == 0 {
            return 0;
        }
        (self.answered * 100 / self.total) as u32
    }

    pub fn compliant(&self) -> bool {
        self.criteria.iter().all(|c| c.compliant)
    }

    pub fn compliant_count(&self) -> usize {
        self.criteria.iter().filter(|c| c.compliant).count()
    }

    /// The criteria met as bits: bit `n - 1` for criterion number `n` (numbers 1 to 63).
    pub fn compliant_mask(&self) -> i64 {
        self.criteria
            .iter()
            .filter(|c| c.compliant && (1..=63).contains(&c.number))
            .fold(0, |mask, c| mask | 1i64 << (c.number - 1))
    }

    pub fn criterion(&self, id: &str) -> Option<&CriterionResult> {
        self.criteria.iter().find(|c| c.id == id)
    }
}

/// Float tolerance so that a score of exactly the threshold passes despite rounding.
const EPSILON: f64 = 1e-9;

pub fn score_criterion(
    version: &CriteriaVersion,
    criterion: &Criterion,
    answers: &HashMap<&str, Answer>,
) -> CriterionResult {
    let mut weight_total = 0.0;
    let mut weight_earned = 0.0;
    let mut answered = 0;
    let mut failing_mandatory = Vec::new();
    for item in &criterion.items {
        let answer = answers.get(item.key.as_str()).copied();
        if answer.is_some() {
            answered += 1;
        }
        if item.mandatory
            && !answer.is_some_and(|a| criterion.compliance.mandatory_answers.contains(&a))
        {
            failing_mandatory.push(item.key.clone());
        }
        match answer {
            Some(a) => {
                if let Some(value) = version.answer_values.value(a) {
                    weight_total += item.weight;
                    weight_earned += item.weight * value;
                }
            }
            None => weight_total += item.weight,
        }
    }
    let score = if weight_total > 0.0 {
        (weight_earned / weight_total).clamp(0.0, 1.0)
    } else {
        0.0
    };
    CriterionResult {
        id: criterion.id.clone(),
        number: criterion.number,
        answered,
        total: criterion.items.len(),
        score,
        compliant: failing_mandatory.is_empty()
            && weight_total > 0.0
            && score + EPSILON >= criterion.compliance.min_score,
        failing_mandatory,
    }
}

pub fn score(version: &CriteriaVersion, answers: &HashMap<&str, Answer>) -> AssessmentResult {
    let criteria: Vec<CriterionResult> = version
        .criteria
        .iter()
        .map(|c| score_criterion(version, c, answers))
        .collect();
    AssessmentResult {
        answered: criteria.iter().map(|c| c.answered).sum(),
        total: criteria.iter().map(|c| c.total).sum(),
        criteria,
    }
}

/// Items still without a (confirmed) answer, in checklist order.
pub fn missing_items(version: &CriteriaVersion, answers: &HashMap<&str, Answer>) -> Vec<String> {
    version
        .items()
        .filter(|i| !answers.contains_key(i.key.as_str()))
        .map(|i| i.key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{AnswerValues, ComplianceRule, Evidence, Item, Localized};
    use proptest::prelude::*;

    fn text() -> Localized {
        Localized {
            en: "t".into(),
            fr: "t".into(),
            nl: "t".into(),
        }
    }

    fn item(key: &str, mandatory: bool, weight: f64, na: bool) -> Item {
        Item {
            key: key.into(),
            mandatory,
            weight,
            evidence: Evidence::None,
            not_applicable_allowed: na,
            text: text(),
            guidance: text(),
            computed: None,
            procedure: false,
        }
    }

    /// One criterion: 1.1 mandatory weight 3, 1.2 weight 1, 1.3 weight 1 (n/a allowed).
    fn version(min_score: f64) -> CriteriaVersion {
        CriteriaVersion {
            version: "test".into(),
            published: "2026-01-01".into(),
            answer_values: AnswerValues {
                yes: 1.0,
                partial: 0.5,
                no: 0.0,
            },
            criteria: vec![Criterion {
                id: "policy".into(),
                number: 1,
                title: text(),
                description: text(),
                compliance: ComplianceRule {
                    mandatory_answers: vec![Answer::Yes],
                    min_score,
                },
                items: vec![
                    item("1.1", true, 3.0, false),
                    item("1.2", false, 1.0, false),
                    item("1.3", false, 1.0, true),
                ],
            }],
            training_modules: Vec::new(),
            certificate: Default::default(),
        }
    }

    fn answers(pairs: &[(&'static str, Answer)]) -> HashMap<&'static str, Answer> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn all_yes_is_full_score_and_compliant() {
        let v = version(0.8);
        let r = score(
            &v,
            &answers(&[
                ("1.1", Answer::Yes),
                ("1.2", Answer::Yes),
                ("1.3", Answer::Yes),
            ]),
        );
        assert_eq!(r.criteria[0].score, 1.0);
        assert!(r.compliant());
        assert_eq!(r.progress_percent(), 100);
    }

    #[test]
    fn the_mask_has_one_bit_per_criterion_met() {
        let met = |number: u8, compliant: bool| CriterionResult {
            id: format!("c{number}"),
            number,
            answered: 0,
            total: 0,
            score: 0.0,
            compliant,
            failing_mandatory: Vec::new(),
        };
        let r = AssessmentResult {
            criteria: vec![met(1, true), met(2, false), met(3, true), met(6, true)],
            answered: 0,
            total: 0,
        };
        assert_eq!(r.compliant_mask(), 0b100101);
        assert_eq!(
            r.compliant_mask().count_ones() as usize,
            r.compliant_count()
        );
    }

    #[test]
    fn weights_shape_the_score() {
        let v = version(0.8);
        // 3*1 + 1*0.5 + 1*0 over 5.
        let r = score(
            &v,
            &answers(&[
                ("1.1", Answer::Yes),
                ("1.2", Answer::Partial),
                ("1.3", Answer::No),
            ]),
        );
        assert!((r.criteria[0].score - 0.7).abs() < 1e-12);
        assert!(!r.criteria[0].compliant, "0.7 is under the 0.8 threshold");
        assert_eq!(r.criteria[0].score_percent(), 70.0);
    }

    #[test]
    fn not_applicable_leaves_the_score() {
        let v = version(0.8);
        let r = score(
            &v,
            &answers(&[
                ("1.1", Answer::Yes),
                ("1.2", Answer::Yes),
                ("1.3", Answer::NotApplicable),
            ]),
        );
        assert_eq!(r.criteria[0].score, 1.0);
        assert!(r.criteria[0].compliant);
    }

    #[test]
    fn mandatory_item_not_yes_fails_whatever_the_score() {
        let v = version(0.0);
        let r = score(
            &v,
            &answers(&[
                ("1.1", Answer::Partial),
                ("1.2", Answer::Yes),
                ("1.3", Answer::Yes),
            ]),
        );
        assert!(!r.criteria[0].compliant);
        assert_eq!(r.criteria[0].failing_mandatory, vec!["1.1".to_string()]);
    }

    #[test]
    fn threshold_is_inclusive() {
        let v = version(0.7);
        let r = score(
            &v,
            &answers(&[
                ("1.1", Answer::Yes),
                ("1.2", Answer::Partial),
                ("1.3", Answer::No),
            ]),
        );
        assert!(r.criteria[0].compliant);
    }

    #[test]
    fn unanswered_items_count_as_zero_and_are_missing() {
        let v = version(0.5);
        let a = answers(&[("1.1", Answer::Yes)]);
        let r = score(&v, &a);
        assert!((r.criteria[0].score - 0.6).abs() < 1e-12);
        assert_eq!(r.answered, 1);
        assert_eq!(r.progress_percent(), 33);
        assert_eq!(missing_items(&v, &a), vec!["1.2", "1.3"]);
    }

    fn any_answer() -> impl Strategy<Value = Option<Answer>> {
        prop_oneof![
            Just(None),
            Just(Some(Answer::Yes)),
            Just(Some(Answer::Partial)),
            Just(Some(Answer::No)),
            Just(Some(Answer::NotApplicable)),
        ]
    }

    fn build(picks: &[Option<Answer>]) -> HashMap<&'static str, Answer> {
        ["1.1", "1.2", "1.3"]
            .into_iter()
            .zip(picks.iter())
            .filter_map(|(k, a)| a.map(|a| (k, a)))
            .collect()
    }

    proptest! {
        #[test]
        fn score_stays_between_zero_and_one(
            picks in proptest::collection::vec(any_answer(), 3),
            min in 0.0f64..=1.0,
        ) {
            let v = version(min);
            let r = score(&v, &build(&picks));
            let s = r.criteria[0].score;
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert!(r.answered <= r.total);
            prop_assert!(r.progress_percent() <= 100);
            if r.criteria[0].compliant {
                prop_assert!(s + 1e-9 >= min);
                prop_assert!(r.criteria[0].failing_mandatory.is_empty());
            }
        }

        #[test]
        fn improving_an_answer_never_lowers_the_score(
            picks in proptest::collection::vec(any_answer(), 3),
            which in 0usize..3,
        ) {
            let v = version(0.8);
            let mut better = picks.clone();
            let upgraded = match picks[which] {
                None | Some(Answer::No) => Some(Answer::Partial),
                Some(Answer::Partial) => Some(Answer::Yes),
                other => other,
            };
            prop_assume!(upgraded != picks[which]);
            better[which] = upgraded;
            let before = score(&v, &build(&picks)).criteria[0].score;
            let after = score(&v, &build(&better)).criteria[0].score;
            prop_assert!(after + 1e-12 >= before, "{before} -> {after}");
        }

        #[test]
        fn a_compliant_criterion_stays_compliant_when_an_answer_improves_to_yes(
            picks in proptest::collection::vec(any_answer(), 3),
            which in 0usize..2,
        ) {
            let v = version(0.6);
            let base = score(&v, &build(&picks)).criteria[0].compliant;
            let mut better = picks.clone();
            better[which] = Some(Answer::Yes);
            let after = score(&v, &build(&better)).criteria[0].compliant;
            prop_assert!(!base || after);
        }
    }
}
