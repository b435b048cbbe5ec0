//! Answer types that several resources embed: a criterion's result, a verdict, a finding, an
//! evidence file, an assessment in a list. Each is built from the store's and the core's
//! types by a constructor, so the API says the same thing wherever it shows them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::criteria::CriteriaVersion;
use crate::domain::certificate::{CertificateContent, CertificateStatus, Serial};
use crate::domain::scoring::{self, CriterionResult};
use crate::domain::{AssessmentStatus, Lang};
use crate::error::Result;
use crate::store::assessments::{Answers, Assessment, Verdict, confirmed, verdict_kinds};
use crate::store::evidence::EvidenceFile;
use crate::store::findings::{Finding, FindingResponse};

/// One criterion of an assessment as the API answers it: the self-assessment and, once the
/// auditor has given verdicts, the audit result.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CriterionView {
    pub id: String,
    pub number: u8,
    /// In the caller's language (on one assessment, not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub title: Option<String>,
    /// The self-assessment: met on the site's answers.
    pub compliant: bool,
    /// The self-assessment's score in percent.
    pub score: f64,
    /// Met on the audited answers (items rejected or `needs_info` count as not accepted);
    /// `null` before any verdict the caller may see.
    pub audited_compliant: Option<bool>,
    /// The audited score in percent; `null` before any verdict the caller may see.
    pub audited_score: Option<f64>,
    pub answered: usize,
    pub total: usize,
    /// Mandatory items without a required answer, in the self-assessment.
    pub failing_mandatory: Vec<String>,
}

impl CriterionView {
    /// The self-assessment's `c`, the audit's `audited` once the caller may see it, and the
    /// title in `lang` on one assessment (lists leave it out).
    pub fn new(
        c: &CriterionResult,
        audited: Option<&CriterionResult>,
        lang: Option<(&CriteriaVersion, Lang)>,
    ) -> CriterionView {
        CriterionView {
            id: c.id.clone(),
            number: c.number,
            title: lang.and_then(|(version, lang)| {
                version
                    .criterion(&c.id)
                    .map(|crit| crit.title.get(lang).to_owned())
            }),
            compliant: c.compliant,
            score: c.score_percent(),
            audited_compliant: audited.map(|a| a.compliant),
            audited_score: audited.map(|a| a.score_percent()),
            answered: c.answered,
            total: c.total,
            failing_mandatory: c.failing_mandatory.clone(),
        }
    }
}

/// An auditor's verdict on one item, as the assessment's `verdicts` (by item key) show it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VerdictView {
    /// `accepted`, `rejected` or `needs_info`.
    pub verdict: String,
    pub comment: String,
    pub auditor_id: i64,
    /// When it was given (for a carried verdict: in the earlier round).
    pub at: String,
    /// `true`: given in an earlier round and kept, because the item's answer, comment and
    /// evidence did not change since; `false`: given in this round. The auditor may still
    /// change a carried verdict, which makes it this round's own.
    pub carried: bool,
}

impl From<&Verdict> for VerdictView {
    fn from(v: &Verdict) -> VerdictView {
        VerdictView {
            verdict: v.verdict.clone(),
            comment: v.comment.clone(),
            auditor_id: v.auditor_id,
            at: v.at.clone(),
            carried: v.carried,
        }
    }
}

impl VerdictView {
    /// Verdicts by item key.
    pub fn by_item(
        v: &std::collections::HashMap<String, Verdict>,
    ) -> BTreeMap<String, VerdictView> {
        v.iter()
            .map(|(k, v)| (k.clone(), VerdictView::from(v)))
            .collect()
    }
}

/// A finding an auditor raised on an item, with the site's responses.
#[derive(Serialize, ToSchema)]
pub struct FindingView {
    pub id: i64,
    pub assessment_id: i64,
    /// The submission round it was raised in.
    pub round: i64,
    pub item_key: String,
    /// `minor` or `major` (a major finding open suspends the certificate).
    pub severity: String,
    /// What the site must do.
    pub action: String,
    /// YYYY-MM-DD.
    pub due_date: String,
    /// `open` or `closed`.
    pub status: String,
    /// Open past its due date.
    pub overdue: bool,
    /// The auditor's user id.
    pub raised_by: i64,
    pub raised_at: String,
    pub closed_at: Option<String>,
    pub close_comment: Option<String>,
    /// The site's responses, oldest first.
    pub responses: Vec<FindingResponseView>,
}

/// One response of the site to a finding.
#[derive(Serialize, ToSchema)]
pub struct FindingResponseView {
    pub comment: String,
    /// The user id of who responded.
    pub by: i64,
    pub at: String,
    /// The evidence file given with the response, if any.
    pub evidence_file_id: Option<i64>,
}

impl From<&FindingResponse> for FindingResponseView {
    fn from(r: &FindingResponse) -> FindingResponseView {
        FindingResponseView {
            comment: r.comment.clone(),
            by: r.by_user,
            at: r.at.clone(),
            evidence_file_id: r.evidence_file_id,
        }
    }
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> FindingView {
        let today = time::OffsetDateTime::now_utc().date();
        FindingView {
            id: f.id,
            assessment_id: f.assessment_id,
            round: f.round,
            item_key: f.item_key.clone(),
            severity: f.severity.clone(),
            action: f.action.clone(),
            due_date: f.due_date.to_string(),
            status: f.status.clone(),
            overdue: f.overdue(today),
            raised_by: f.raised_by,
            raised_at: f.raised_at.clone(),
            closed_at: f.closed_at.clone(),
            close_comment: f.close_comment.clone(),
            responses: f.responses.iter().map(FindingResponseView::from).collect(),
        }
    }
}

/// One version of an evidence document.
#[derive(Serialize, ToSchema)]
pub struct EvidenceView {
    /// This version's id (the file to download).
    pub id: i64,
    /// The document: every version of it shares this id.
    pub document_id: i64,
    pub version: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Bytes.
    pub size: i64,
    pub media_type: String,
    /// The file's name as uploaded.
    pub name: String,
    /// YYYY-MM-DD, for documents that expire.
    pub valid_until: Option<String>,
    pub expired: bool,
    pub uploaded_at: String,
    /// The items the document supports (empty where the answer does not list them).
    pub item_keys: Vec<String>,
}

impl EvidenceView {
    pub fn new(f: &EvidenceFile, items: Option<&Vec<String>>) -> EvidenceView {
        let today = time::OffsetDateTime::now_utc().date();
        EvidenceView {
            id: f.id,
            document_id: f.document_id,
            version: f.version,
            sha256: f.sha256.clone(),
            size: f.size,
            media_type: f.media_type.clone(),
            name: f.original_name.clone(),
            valid_until: f.valid_until.map(|d| d.to_string()),
            expired: f.expired(today),
            uploaded_at: f.uploaded_at.clone(),
            item_keys: items.cloned().unwrap_or_default(),
        }
    }
}

/// An assessment without its answers, for lists.
#[derive(Serialize, ToSchema)]
pub struct AssessmentSummary {
    pub id: i64,
    pub site_id: i64,
    pub year: i32,
    pub status: AssessmentStatus,
    pub criteria_version: String,
    /// Items answered, in percent.
    pub progress: u32,
    /// Every criterion met on the site's answers.
    pub compliant: bool,
    pub criteria: Vec<CriterionView>,
}

impl AssessmentSummary {
    /// The summaries of every assessment of the site, newest year first: the assessments
    /// come with their answers and verdicts in one query.
    pub async fn of_site(state: &AppState, site_id: i64) -> Result<Vec<AssessmentSummary>> {
        let mut summaries = Vec::new();
        for a in state.store.site_assessments_with_answers(site_id).await? {
            let version = state
                .criteria_version(&a.assessment.criteria_version)
                .await?;
            summaries.push(AssessmentSummary::new(
                &version,
                &a.assessment,
                &a.answers,
                &a.verdicts,
            ));
        }
        Ok(summaries)
    }

    /// Lists are read by auditors and by the site alike: the audit result once a decision
    /// showed the verdicts to everyone (as `Loaded::audited` does for the site).
    fn shows_verdicts(a: &Assessment) -> bool {
        matches!(
            a.status,
            AssessmentStatus::ChangesRequested
                | AssessmentStatus::Approved
                | AssessmentStatus::NotCompliant
        )
    }

    /// The summary of `a` from its answers and the verdicts of its current round.
    pub fn new(
        version: &CriteriaVersion,
        a: &Assessment,
        answers: &Answers,
        verdicts: &HashMap<String, Verdict>,
    ) -> AssessmentSummary {
        let result = scoring::score(version, &confirmed(answers));
        let audited = if AssessmentSummary::shows_verdicts(a) {
            scoring::audited(version, &confirmed(answers), &verdict_kinds(verdicts))
        } else {
            None
        };
        AssessmentSummary {
            id: a.id,
            site_id: a.site_id,
            year: a.year,
            status: a.status,
            criteria_version: a.criteria_version.clone(),
            progress: result.progress_percent(),
            compliant: result.compliant(),
            criteria: result
                .criteria
                .iter()
                .map(|c| {
                    CriterionView::new(c, audited.as_ref().and_then(|r| r.criterion(&c.id)), None)
                })
                .collect(),
        }
    }
}

/// What anyone may learn of a certificate by its serial: its public facts and its status
/// (nothing about findings, people or the assessment).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VerifyAnswer {
    #[schema(value_type = String, example = "7QK4-M2XD-9RTB-H3ZP-K")]
    pub serial: Serial,
    /// `valid`, `expired`, `revoked`, `suspended` (a major finding is open on the
    /// assessment) or `altered` (the record does not match its signature).
    #[schema(value_type = String, example = "valid")]
    pub status: CertificateStatus,
    pub site: String,
    pub company: String,
    pub year: i32,
    /// Who issued the certificate, as its PDF states it.
    #[schema(example = "ECPAT")]
    pub issuer: String,
    /// A date, `YYYY-MM-DD`.
    pub valid_from: String,
    /// The last day in force, `YYYY-MM-DD`.
    pub valid_until: String,
    /// Each criterion as the certificate states it.
    pub criteria: Vec<VerifiedCriterion>,
}

/// One criterion of a certificate: its audited result, as printed on the certificate.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VerifiedCriterion {
    pub number: u32,
    /// The criterion's title in the caller's language.
    pub title: String,
    pub compliant: bool,
    /// The audited score in whole percent, as the certificate prints it.
    pub score: u32,
}

impl VerifyAnswer {
    pub fn new(
        content: &CertificateContent,
        status: CertificateStatus,
        lang: Lang,
    ) -> VerifyAnswer {
        VerifyAnswer {
            serial: content.serial.clone(),
            status,
            site: content.site.clone(),
            company: content.company.clone(),
            year: content.year,
            issuer: content.approving_body.clone(),
            valid_from: content.valid_from.to_string(),
            valid_until: content.valid_until.to_string(),
            criteria: content
                .criteria
                .iter()
                .map(|c| VerifiedCriterion {
                    number: c.number,
                    title: c.title.get(lang).to_owned(),
                    compliant: c.compliant,
                    score: c.score,
                })
                .collect(),
        }
    }
}
