//! The criteria model: what a version of the checklist is once its files have been checked.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::{Answer, JobRole, Lang};

/// A text in the three languages of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub fr: String,
    pub nl: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
        }
    }
}

/// The proof a site is expected to attach to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = EvidenceKind)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    Document,
    Photo,
    TrainingRecords,
    None,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Document => "document",
            Evidence::Photo => "photo",
            Evidence::TrainingRecords => "training_records",
            Evidence::None => "none",
        }
    }
}

/// What each answer contributes to an item's weighted score, from 0.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AnswerValues {
    pub yes: f64,
    pub partial: f64,
    pub no: f64,
}

impl AnswerValues {
    /// `None` for not applicable: such items leave the score entirely.
    pub fn value(&self, answer: Answer) -> Option<f64> {
        match answer {
            Answer::Yes => Some(self.yes),
            Answer::Partial => Some(self.partial),
            Answer::No => Some(self.no),
            Answer::NotApplicable => None,
        }
    }
}

/// The rule that makes one criterion compliant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceRule {
    /// Every mandatory item must carry one of these answers.
    pub mandatory_answers: Vec<Answer>,
    /// The weighted score (0.0 to 1.0) the criterion must reach.
    pub min_score: f64,
}

/// An item whose answer is proposed from the training records: the share of staff in
/// `roles` trained and valid for `module` gives `yes` from `yes_at` percent, `partial` from
/// `partial_at`, `no` below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Computed {
    pub module: String,
    pub roles: Vec<JobRole>,
    pub yes_at: f64,
    pub partial_at: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub key: String,
    pub mandatory: bool,
    pub weight: f64,
    pub evidence: Evidence,
    pub not_applicable_allowed: bool,
    pub text: Localized,
    pub guidance: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<Computed>,
    /// The site's structured procedure for a suspected case supports this item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub procedure: bool,
}

/// A training module staff take, and who must take it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingModule {
    pub id: String,
    pub title: Localized,
    /// Job roles that must take the module; empty for an optional module.
    pub roles: Vec<JobRole>,
    pub validity_months: u32,
    /// How many days after their start date new staff must have taken it.
    pub due_within_days: u32,
    /// Modules a completion of this one renews (a refresher renews the basic module).
    pub renews: Vec<String>,
}

impl Item {
    pub fn accepts(&self, answer: Answer) -> bool {
        answer != Answer::NotApplicable || self.not_applicable_allowed
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub number: u8,
    pub title: Localized,
    pub description: Localized,
    pub compliance: ComplianceRule,
    pub items: Vec<Item>,
}

/// One published version of the six criteria. Immutable once assessments use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaVersion {
    pub version: String,
    pub published: String,
    pub answer_values: AnswerValues,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub training_modules: Vec<TrainingModule>,
    /// Left out of the stored copy when it is the default, so versions written before the
    /// section existed keep their content hash.
    #[serde(default, skip_serializing_if = "CertificateRules::is_default")]
    pub certificate: CertificateRules,
}

/// What a certificate issued under this version says: how long it is valid and who issues it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRules {
    pub validity_months: u32,
    pub approving_body: String,
}

impl CertificateRules {
    pub const DEFAULT_VALIDITY_MONTHS: u32 = 12;
    pub const DEFAULT_APPROVING_BODY: &'static str = "ECPAT";

    pub fn is_default(&self) -> bool {
        *self == CertificateRules::default()
    }
}

impl Default for CertificateRules {
    fn default() -> Self {
        CertificateRules {
            validity_months: Self::DEFAULT_VALIDITY_MONTHS,
            approving_body: Self::DEFAULT_APPROVING_BODY.to_owned(),
        }
    }
}

impl CriteriaVersion {
    pub fn item(&self, key: &str) -> Option<(&Criterion, &Item)> {
        self.criteria
            .iter()
            .find_map(|c| c.items.iter().find(|i| i.key == key).map(|i| (c, i)))
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn module(&self, id: &str) -> Option<&TrainingModule> {
        self.training_modules.iter().find(|m| m.id == id)
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.criteria.iter().flat_map(|c| c.items.iter())
    }

    /// The canonical serialisation stored beside assessments that use this version.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Fingerprint of the content: a version whose files changed after use is caught by it.
    pub fn content_hash(&self) -> String {
        hex::encode(Sha256::digest(self.to_json().as_bytes()))
    }
}

/// Every version found in the criteria directory; new assessments use `current`.
#[derive(Debug, Clone)]
pub struct CriteriaSet {
    versions: BTreeMap<String, Arc<CriteriaVersion>>,
    current: Arc<CriteriaVersion>,
}

impl CriteriaSet {
    /// The newest published version becomes current. `versions` must not be empty.
    pub fn new(versions: Vec<CriteriaVersion>) -> Option<CriteriaSet> {
        let current = versions
            .iter()
            .max_by(|a, b| (&a.published, &a.version).cmp(&(&b.published, &b.version)))?
            .clone();
        Some(CriteriaSet {
            current: Arc::new(current),
            versions: versions
                .into_iter()
                .map(|v| (v.version.clone(), Arc::new(v)))
                .collect(),
        })
    }

    pub fn current(&self) -> &Arc<CriteriaVersion> {
        &self.current
    }

    pub fn get(&self, version: &str) -> Option<&Arc<CriteriaVersion>> {
        self.versions.get(version)
    }

    pub fn all(&self) -> impl Iterator<Item = &Arc<CriteriaVersion>> {
        self.versions.values()
    }
}
