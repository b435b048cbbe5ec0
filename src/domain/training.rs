//! Staff job roles and training delivery modes: the closed lists training records use.

use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum JobRole {
    Reception,
    Housekeeping,
    FoodBeverage,
    Security,
    Management,
    Maintenance,
    Other,
}

impl JobRole {
    pub const ALL: [JobRole; 7] = [
        JobRole::Reception,
        JobRole::Housekeeping,
        JobRole::FoodBeverage,
        JobRole::Security,
        JobRole::Management,
        JobRole::Maintenance,
        JobRole::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            JobRole::Reception => "reception",
            JobRole::Housekeeping => "housekeeping",
            JobRole::FoodBeverage => "food_beverage",
            JobRole::Security => "security",
            JobRole::Management => "management",
            JobRole::Maintenance => "maintenance",
            JobRole::Other => "other",
        }
    }

    pub fn parse(key: &str) -> Option<JobRole> {
        JobRole::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Elearning,
    Classroom,
    Other,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Elearning, Delivery::Classroom, Delivery::Other];

    pub fn key(self) -> &'static str {
        match self {
            Delivery::Elearning => "elearning",
            Delivery::Classroom => "classroom",
            Delivery::Other => "other",
        }
    }

    pub fn parse(key: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for r in JobRole::ALL {
            assert_eq!(JobRole::parse(r.key()), Some(r));
        }
        for d in Delivery::ALL {
            assert_eq!(Delivery::parse(d.key()), Some(d));
        }
        assert_eq!(JobRole::parse("Reception"), None);
    }
}
