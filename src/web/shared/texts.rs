//! Sentences that the checklist, the review and the reports all show: why a criterion fails,
//! why an item lacks its evidence, what the training figures propose.

use crate::criteria::CriteriaVersion;
use crate::domain::Lang;
use crate::domain::coverage::Proposal;
use crate::domain::evidence_check::{Lack, Lacking};
use crate::domain::scoring;
use crate::error::Msg;

/// One failing criterion in words: its number and title, and each rule it misses.
pub fn failure_text(
    lang: Lang,
    version: &CriteriaVersion,
    f: &scoring::CriterionFailure,
) -> String {
    let title = version
        .criterion(&f.id)
        .map(|c| c.title.get(lang).to_owned())
        .unwrap_or_else(|| f.id.clone());
    let rules = super::rules::reasons(lang, f);
    crate::i18n::t_args(
        lang,
        "not-compliant-criterion",
        &[
            ("number", f.number.to_string()),
            ("title", title),
            ("rules", rules.join("; ")),
        ],
    )
}

/// Why an item answered `yes` lacks its evidence, in words.
pub fn lacking_text(lang: Lang, l: &Lacking<'_>) -> String {
    let key = match (l.lack, l.item.procedure) {
        (Lack::Expired, _) => "lacking-evidence-expired",
        (Lack::Missing, true) => "lacking-evidence-missing-procedure",
        (Lack::Missing, false) => "lacking-evidence-missing",
    };
    crate::i18n::t(lang, key)
}

/// "9 of 10 staff in reception trained and valid (90 %): the figures propose Yes."
pub fn figures_text(lang: Lang, p: &Proposal) -> String {
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| crate::i18n::t(lang, &format!("job-role-{}", r.key())))
        .collect();
    let answer = p.answer.map_or_else(
        || crate::i18n::t(lang, "figures-no-proposal"),
        |a| crate::i18n::t(lang, &format!("answer-{}", a.as_str())),
    );
    crate::i18n::msg(
        lang,
        &Msg::new("figures-text")
            .arg("trained", p.tally.trained)
            .arg("required", p.tally.required)
            .arg("roles", roles.join(", "))
            .arg(
                "percent",
                p.tally
                    .percent
                    .map_or_else(|| "—".to_owned(), |v| crate::i18n::format_number(lang, v)),
            )
            .arg("answer", answer),
    )
}
