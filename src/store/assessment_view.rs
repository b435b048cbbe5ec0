//! Everything the checklist, review and report pages read about one assessment, in one round
//! trip: the assessment, its site, the answers, the evidence, the procedure, the review state
//! and, while the site edits, the staff and records its computed items need. Each list comes
//! packed into one column; the decoders are the ones the single-purpose queries use.

use std::collections::{BTreeMap, HashMap};

use super::assessments::{
    ANSWER_COLUMNS, AnswerRow, Answers, Assessment, AssessmentRow, Verdict, VerdictRow,
    answers_from, assessment_columns, verdicts_from,
};
use super::certificates::StoredCertificate;
use super::evidence::{
    EvidenceFile, ITEM_FILE_COLUMNS, ItemFileRow, current_item_evidence_from, item_files_from,
    submitted_item_evidence_from,
};
use super::findings::{Finding, ResponseRow, findings_from};
use super::org::{SITE_COLUMNS, Site};
use super::procedures::ProcedureVersion;
use super::training::{RecordTuple, Staff, StaffTuple, TrainingRecord, records_from, staff_from};
use super::{Store, packed_row, packed_rows, unpack};
use crate::error::Result;

pub struct AssessmentView {
    pub assessment: Assessment,
    pub site: Site,
    pub answers: Answers,
    /// The latest version of each document, by item: read while the site edits.
    pub current_evidence: BTreeMap<String, Vec<EvidenceFile>>,
    /// The versions the current round was submitted with: read once it is submitted.
    pub submitted_evidence: BTreeMap<String, Vec<EvidenceFile>>,
    pub procedure: Option<ProcedureVersion>,
    /// The verdicts of the current round and of the one before.
    pub verdicts: HashMap<String, Verdict>,
    pub previous_verdicts: HashMap<String, Verdict>,
    pub decisions: Vec<(i64, String, String, i64, String)>,
    pub findings: Vec<Finding>,
    /// Newest first.
    pub certificates: Vec<StoredCertificate>,
    /// The site's staff and records, when asked for and the figures are not frozen.
    pub training: Option<(Vec<Staff>, Vec<TrainingRecord>)>,
}

/// A verdict's columns, in the order [`VerdictRow`] decodes them.
const VERDICT_COLUMNS: &[&str] = &[
    "v.item_key",
    "v.verdict",
    "v.comment",
    "v.auditor_id",
    "v.at",
    "v.carried",
];

#[derive(sqlx::FromRow)]
struct Packed {
    assessment: String,
    site: String,
    answers: String,
    current_evidence: Option<String>,
    submitted_evidence: Option<String>,
    procedure: String,
    verdicts: String,
    decisions: String,
    findings: String,
    responses: String,
    certificates: String,
    staff: Option<String>,
    records: Option<String>,
}

impl Store {
    /// The assessment `id` with everything its pages show, or `None` if there is none; the
    /// staff and records only `with_training` (and while the figures are not frozen).
    pub async fn assessment_view(
        &self,
        id: i64,
        with_training: bool,
    ) -> Result<Option<AssessmentView>> {
        let b = self.backend;
        let assessment = assessment_columns("a");
        let assessment: Vec<&str> = assessment.iter().map(String::as_str).collect();
        let certificate_columns = super::certificates::columns();
        // Which evidence a page shows depends on whether the site still edits: read one.
        let editable = crate::domain::AssessmentStatus::ALL
            .iter()
            .filter(|s| s.is_editable())
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {} AS assessment, {} AS site, {} AS answers, \
             CASE WHEN a.status IN ({editable}) THEN {} END AS current_evidence, \
             CASE WHEN a.status NOT IN ({editable}) THEN {} END AS submitted_evidence, \
             {} AS procedure, \
             {} AS verdicts, {} AS decisions, {} AS findings, {} AS responses, \
             {} AS certificates, \
             CASE WHEN a.training_figures IS NULL AND $2 = 1 THEN {} END AS staff, \
             CASE WHEN a.training_figures IS NULL AND $2 = 1 THEN {} END AS records \
             FROM assessments a JOIN org_nodes s ON s.id = a.site_id \
             JOIN org_nodes u ON u.id = s.parent_id JOIN org_nodes c ON c.id = s.company_id \
             WHERE a.id = $1",
            packed_row(b, &assessment),
            packed_row(b, SITE_COLUMNS),
            packed_rows(b, ANSWER_COLUMNS, "FROM answers WHERE assessment_id = a.id"),
            packed_rows(
                b,
                ITEM_FILE_COLUMNS,
                &current_item_evidence_from("a.site_id")
            ),
            packed_rows(b, ITEM_FILE_COLUMNS, &submitted_item_evidence_from("a.id")),
            packed_rows(
                b,
                super::procedures::COLUMNS,
                &format!("{} LIMIT 1", super::procedures::versions_from("a.site_id"))
            ),
            packed_rows(
                b,
                &[&["v.round"][..], VERDICT_COLUMNS].concat(),
                "FROM verdicts v WHERE v.assessment_id = a.id AND v.round >= a.round - 1"
            ),
            packed_rows(
                b,
                &["round", "decision", "comment", "decided_by", "decided_at"],
                "FROM decisions WHERE assessment_id = a.id ORDER BY id"
            ),
            packed_rows(
                b,
                super::findings::COLUMNS,
                &super::findings::of_assessment("a.id")
            ),
            packed_rows(
                b,
                super::findings::RESPONSE_COLUMNS,
                &super::findings::responses_of_assessment("a.id")
            ),
            packed_rows(
                b,
                &certificate_columns,
                &super::certificates::of_assessment("a.id")
            ),
            packed_rows(
                b,
                super::training::STAFF_COLUMNS,
                &super::training::staff_of("a.site_id")
            ),
            packed_rows(
                b,
                super::training::RECORD_COLUMNS,
                &super::training::records_of("a.site_id")
            ),
        );
        let row: Option<Packed> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(i64::from(with_training))
            .fetch_optional(&self.pool)
            .await?;
        let Some(p) = row else {
            return Ok(None);
        };
        let assessment: AssessmentRow = serde_json::from_str(&p.assessment)
            .map_err(|e| anyhow::anyhow!("packed assessment does not decode: {e}"))?;
        let assessment = Assessment::try_from(assessment)?;
        let site: Site = serde_json::from_str(&p.site)
            .map_err(|e| anyhow::anyhow!("packed site does not decode: {e}"))?;
        let verdict_rows: Vec<(i64, String, String, String, i64, String, i64)> =
            unpack(&p.verdicts)?;
        let round = assessment.round;
        let of_round = |r: i64| -> Vec<VerdictRow> {
            verdict_rows
                .iter()
                .filter(|v| v.0 == r)
                .map(|v| (v.1.clone(), v.2.clone(), v.3.clone(), v.4, v.5.clone(), v.6))
                .collect()
        };
        let files = |packed: &Option<String>| -> Result<BTreeMap<String, Vec<EvidenceFile>>> {
            Ok(match packed {
                Some(rows) => item_files_from(unpack::<ItemFileRow>(rows)?),
                None => BTreeMap::new(),
            })
        };
        let training = match (&p.staff, &p.records) {
            (Some(staff), Some(records)) => Some((
                staff_from(unpack::<StaffTuple>(staff)?)?,
                records_from(unpack::<RecordTuple>(records)?)?,
            )),
            _ => None,
        };
        Ok(Some(AssessmentView {
            site,
            answers: answers_from(unpack::<AnswerRow>(&p.answers)?)?,
            current_evidence: files(&p.current_evidence)?,
            submitted_evidence: files(&p.submitted_evidence)?,
            procedure: unpack::<super::procedures::Row>(&p.procedure)?
                .into_iter()
                .next()
                .map(super::procedures::version)
                .transpose()?,
            verdicts: verdicts_from(of_round(round)),
            previous_verdicts: if round >= 2 {
                verdicts_from(of_round(round - 1))
            } else {
                HashMap::new()
            },
            decisions: unpack(&p.decisions)?,
            findings: findings_from(unpack(&p.findings)?, unpack::<ResponseRow>(&p.responses)?)?,
            certificates: unpack(&p.certificates)?,
            training,
            assessment,
        }))
    }
}

/// One assessment of a site with what its summary needs: its answers and the verdicts of its
/// current round.
pub struct AssessmentWithAnswers {
    pub assessment: Assessment,
    pub answers: Answers,
    pub verdicts: HashMap<String, Verdict>,
}

#[derive(sqlx::FromRow)]
struct PackedSummary {
    assessment: String,
    answers: String,
    verdicts: String,
}

impl Store {
    /// Every assessment of the site, newest year first, each with its answers and the
    /// verdicts of its current round, in one query (a site's page lists them all).
    pub async fn site_assessments_with_answers(
        &self,
        site_id: i64,
    ) -> Result<Vec<AssessmentWithAnswers>> {
        let b = self.backend;
        let assessment = assessment_columns("a");
        let assessment: Vec<&str> = assessment.iter().map(String::as_str).collect();
        let sql = format!(
            "SELECT {} AS assessment, {} AS answers, {} AS verdicts \
             FROM assessments a WHERE a.site_id = $1 ORDER BY a.year DESC",
            packed_row(b, &assessment),
            packed_rows(b, ANSWER_COLUMNS, "FROM answers WHERE assessment_id = a.id"),
            packed_rows(
                b,
                VERDICT_COLUMNS,
                "FROM verdicts v WHERE v.assessment_id = a.id AND v.round = a.round"
            ),
        );
        let rows: Vec<PackedSummary> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(site_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|p| {
                let assessment: AssessmentRow = serde_json::from_str(&p.assessment)
                    .map_err(|e| anyhow::anyhow!("packed assessment does not decode: {e}"))?;
                Ok(AssessmentWithAnswers {
                    assessment: Assessment::try_from(assessment)?,
                    answers: answers_from(unpack::<AnswerRow>(&p.answers)?)?,
                    verdicts: verdicts_from(unpack::<VerdictRow>(&p.verdicts)?),
                })
            })
            .collect()
    }
}
