//! The answer a site gives to one checklist item.

use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    Partial,
    No,
    NotApplicable,
}

impl Answer {
    pub const ALL: [Answer; 4] = [
        Answer::Yes,
        Answer::Partial,
        Answer::No,
        Answer::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::Partial => "partial",
            Answer::No => "no",
            Answer::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_every_answer() {
        for a in Answer::ALL {
            assert_eq!(Answer::parse(a.as_str()), Some(a));
        }
        assert_eq!(Answer::parse("maybe"), None);
        assert_eq!(Answer::parse("YES"), None);
    }
}
