//! The pass rule of a criterion and why it fails, in the reader's words. The rule is read
//! from the criterion's data (threshold, mandatory items and the answers they need); the
//! reasons come from the pure core (`scoring::failure`).

use crate::criteria::Criterion;
use crate::domain::Lang;
use crate::domain::scoring::{self, CriterionFailure, CriterionResult, FailedRule};
use crate::error::Msg;
use crate::i18n;

/// "To pass: the mandatory items 1.1, 1.2 answered “Yes”, and a score of at least 80 %."
pub fn pass_rule(lang: Lang, criterion: &Criterion) -> String {
    let min = i18n::format_number(lang, scoring::min_percent(criterion));
    let mandatory = scoring::mandatory_keys(criterion);
    if mandatory.is_empty() {
        return i18n::t_args(lang, "rule-pass-score", &[("min", min)]);
    }
    let answers: Vec<String> = criterion
        .compliance
        .mandatory_answers
        .iter()
        .map(|a| i18n::t(lang, &format!("answer-{}", a.as_str())))
        .collect();
    i18n::t_args(
        lang,
        "rule-pass-mandatory",
        &[
            ("count", mandatory.len().to_string()),
            ("items", mandatory.join(", ")),
            ("answers", answers.join(" / ")),
            ("min", min),
        ],
    )
}

/// Why `result` does not meet `criterion`, one sentence per rule it misses; empty when met.
pub fn why_failing(lang: Lang, criterion: &Criterion, result: &CriterionResult) -> Vec<String> {
    scoring::failure(criterion, result)
        .map(|f| reasons(lang, &f))
        .unwrap_or_default()
}

/// Each rule `f` misses in words: which mandatory items, or how far under the threshold.
pub fn reasons(lang: Lang, f: &CriterionFailure) -> Vec<String> {
    reason_msgs(f).iter().map(|m| i18n::msg(lang, m)).collect()
}

/// The rules `f` misses as messages, so that an error made before the reader's language is
/// known still shows its numbers in that language.
pub fn reason_msgs(f: &CriterionFailure) -> Vec<Msg> {
    f.rules
        .iter()
        .map(|r| match r {
            FailedRule::MandatoryItems => Msg::new("not-compliant-rule-mandatory")
                .arg("items", f.failing_mandatory.join(", ")),
            FailedRule::MinScore => {
                let under = Msg::new("not-compliant-rule-score")
                    .score("score", f.score)
                    .number("min", f.min_score);
                match f.points_short() {
                    Some(p) => Msg::new("rule-with-note")
                        .messages("text", vec![under], "")
                        .messages(
                            "note",
                            // `whole` picks the plural: French counts below 2 in the
                            // singular (« il manque 0,5 point ») on main's messages.
                            vec![
                                Msg::new("rule-points-short")
                                    .number("points", p)
                                    .arg("whole", p.floor() as i64),
                            ],
                            "",
                        ),
                    None => under,
                }
            }
        })
        .collect()
}

/// The refusal of an approval: the failing criteria, each with the rules it misses.
pub fn not_compliant_msg(failing: &[CriterionFailure]) -> Msg {
    let numbers: Vec<String> = failing.iter().map(|f| f.number.to_string()).collect();
    let details = failing
        .iter()
        .map(|f| {
            Msg::new("not-compliant-brief")
                .arg("number", f.number)
                .messages("rules", reason_msgs(f), "; ")
        })
        .collect();
    Msg::new("error-not-compliant")
        .arg("count", failing.len())
        .arg("criteria", numbers.join(", "))
        .messages("details", details, "; ")
}
