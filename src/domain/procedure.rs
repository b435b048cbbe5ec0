//! A site's procedure for a suspected case: the steps staff follow, who to alert inside the
//! hotel, the numbers outside it, and when it was last reviewed.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::domain::Lang;
use crate::error::{Msg, Problems};

pub const MAX_STEPS: usize = 12;
pub const MAX_CONTACTS: usize = 10;
const MAX_TEXT: usize = 500;
const MAX_PHONE: usize = 40;
/// The procedure is reviewed yearly.
pub const REVIEW_MONTHS: u32 = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
pub struct Steps {
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub fr: Vec<String>,
    #[serde(default)]
    pub nl: Vec<String>,
}

impl Steps {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
        }
    }

    /// The steps in `lang`, or in the first language that has them.
    pub fn best(&self, lang: Lang) -> (Lang, &[String]) {
        std::iter::once(lang)
            .chain(Lang::ALL)
            .map(|l| (l, self.get(l)))
            .find(|(_, s)| !s.is_empty())
            .unwrap_or((lang, &[]))
    }
}

/// Someone to alert: a role or service, an optional name, a number (or a web address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    pub label: String,
    #[serde(default)]
    pub name: String,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub steps: Steps,
    /// Who to alert inside the hotel, by role.
    pub internal: Vec<Contact>,
    /// Police, the national child hotline, the public reporting site.
    pub external: Vec<Contact>,
}

impl Procedure {
    /// Checks every part; the problems name the field (`steps`, `internal`, `external`).
    pub fn check(&self, problems: &mut Problems) {
        let all_steps = [&self.steps.en, &self.steps.fr, &self.steps.nl];
        if all_steps.iter().all(|s| s.is_empty()) {
            problems.add("steps", Msg::new("procedure-steps-missing"));
        }
        if all_steps.iter().any(|s| s.len() > MAX_STEPS) {
            problems.add(
                "steps",
                Msg::new("procedure-too-many-steps").arg("max", MAX_STEPS),
            );
        }
        if all_steps
            .iter()
            .flat_map(|s| s.iter())
            .any(|s| s.chars().count() > MAX_TEXT)
        {
            problems.add(
                "steps",
                Msg::new("procedure-text-too-long").arg("max", MAX_TEXT),
            );
        }
        for (field, contacts) in [("internal", &self.internal), ("external", &self.external)] {
            if contacts.len() > MAX_CONTACTS {
                problems.add(
                    field,
                    Msg::new("procedure-too-many-contacts").arg("max", MAX_CONTACTS),
                );
            }
            for c in contacts {
                if c.label.trim().is_empty() || c.number.trim().is_empty() {
                    problems.add(field, Msg::new("procedure-contact-incomplete"));
                } else if c.label.chars().count() > MAX_TEXT
                    || c.name.chars().count() > MAX_TEXT
                    || c.number.chars().count() > MAX_PHONE
                {
                    problems.add(
                        field,
                        Msg::new("procedure-text-too-long").arg("max", MAX_TEXT),
                    );
                }
            }
        }
        if self.external.is_empty() {
            problems.add("external", Msg::new("procedure-external-missing"));
        }
    }
}

/// When the procedure must next be reviewed.
pub fn review_due(reviewed_on: Date) -> Date {
    crate::domain::coverage::add_months(reviewed_on, REVIEW_MONTHS)
}

/// Whether a procedure reviewed on `reviewed_on` is in force today: its yearly review is not
/// overdue (due today still counts). A saved procedure has passed [`Procedure::check`], so
/// it is complete; in force, it is the evidence of the items that show it.
pub fn in_force(reviewed_on: Date, today: Date) -> bool {
    review_due(reviewed_on) >= today
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn contact(label: &str, number: &str) -> Contact {
        Contact {
            label: label.into(),
            name: String::new(),
            number: number.into(),
        }
    }

    #[test]
    fn a_complete_procedure_passes_and_gaps_are_named() {
        let ok = Procedure {
            steps: Steps {
                fr: vec!["Rester calme".into()],
                ..Steps::default()
            },
            internal: vec![contact("Directeur", "+32 2 000 00 00")],
            external: vec![contact("Police", "101")],
        };
        let mut p = Problems::default();
        ok.check(&mut p);
        assert!(p.finish().is_ok());

        let bad = Procedure {
            steps: Steps::default(),
            internal: vec![contact("", "123")],
            external: vec![],
        };
        let mut p = Problems::default();
        bad.check(&mut p);
        let Err(crate::error::Error::Invalid(problems)) = p.finish() else {
            panic!("expected problems");
        };
        let fields: Vec<_> = problems.iter().filter_map(|p| p.field).collect();
        assert_eq!(fields, ["steps", "internal", "external"]);
    }

    #[test]
    fn steps_fall_back_to_another_language() {
        let s = Steps {
            nl: vec!["Kalm blijven".into()],
            ..Steps::default()
        };
        assert_eq!(s.best(Lang::Fr).0, Lang::Nl);
        assert_eq!(review_due(date!(2026 - 02 - 28)), date!(2027 - 02 - 28));
    }
}
