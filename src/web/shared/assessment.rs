//! The assessment behind a route, loaded with everything its pages and answers show, and the
//! start of a new one: the checklist, the review, the reports and the site's page all use it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::AppState;
use crate::criteria::{Computed, CriteriaVersion, Item};
use crate::domain::coverage::{self, Proposal};
use crate::domain::evidence_check::{self, Lacking};
use crate::domain::gaps::EvidenceState;
use crate::domain::scoring::{self, AssessmentResult};
use crate::domain::{Principal, ReportingYear};
use crate::error::{Error, Msg, Result};
use crate::store::assessments::{Answers, Assessment, Verdict, confirmed, verdict_kinds};
use crate::store::evidence::EvidenceFile;
use crate::store::org::Site;
use crate::store::procedures::ProcedureVersion;

use super::access::site_to_record;

/// An assessment with everything needed to show or change it.
pub struct Loaded {
    pub assessment: Assessment,
    pub site: Site,
    pub version: Arc<CriteriaVersion>,
    pub answers: Answers,
    /// Figures and proposed answers of the computed items: live while the site edits,
    /// frozen from the submission afterwards.
    pub figures: BTreeMap<String, Proposal>,
    /// Evidence by item: the latest versions while the site edits, the submitted ones after.
    pub evidence: BTreeMap<String, Vec<EvidenceFile>>,
    /// The site's current procedure for a suspected case, for the items it supports.
    pub procedure: Option<ProcedureVersion>,
    /// The auditors' verdicts on the current round, and on the one before.
    pub verdicts: HashMap<String, Verdict>,
    pub previous_verdicts: HashMap<String, Verdict>,
    pub decisions: Vec<(i64, String, String, i64, String)>,
    pub findings: Vec<crate::store::findings::Finding>,
    /// What changed since the previous round: item -> (before, after).
    pub changes: BTreeMap<String, (Side, Side)>,
    /// Certificates issued for the assessment, newest first.
    pub certificates: Vec<crate::store::certificates::StoredCertificate>,
    /// The site sees the verdicts once a decision returned or approved the assessment;
    /// auditors see them as they are recorded.
    pub verdicts_shown: bool,
}

impl Loaded {
    /// The certificate in force: the newest one not revoked.
    pub fn current_certificate(&self) -> Option<&crate::store::certificates::StoredCertificate> {
        self.certificates.iter().find(|c| !c.is_revoked())
    }

    /// Whether the certificate is suspended: a major finding is open on the assessment.
    pub fn certificate_suspended(&self) -> bool {
        self.findings
            .iter()
            .any(|f| crate::domain::certificate::finding_suspends(&f.severity, f.is_open()))
    }

    pub fn result(&self) -> AssessmentResult {
        scoring::score(&self.version, &confirmed(&self.answers))
    }

    /// The result with the verdicts of the round applied, once there are verdicts the viewer
    /// may see; `None` before.
    pub fn audited(&self) -> Option<AssessmentResult> {
        if !self.verdicts_shown {
            return None;
        }
        scoring::audited(
            &self.version,
            &confirmed(&self.answers),
            &verdict_kinds(&self.verdicts),
        )
    }

    /// What the site stands at for reports: the audit result once there is one.
    pub fn standing(&self) -> AssessmentResult {
        self.audited().unwrap_or_else(|| self.result())
    }

    /// The evidence each item holds: valid files, or the site's procedure in force for the
    /// items that show it.
    pub fn evidence_states(&self) -> HashMap<&str, EvidenceState> {
        let today = time::OffsetDateTime::now_utc().date();
        let files: HashMap<&str, Vec<Option<time::Date>>> = self
            .evidence
            .iter()
            .map(|(k, files)| (k.as_str(), files.iter().map(|f| f.valid_until).collect()))
            .collect();
        evidence_check::evidence_states(&self.version, &files, self.procedure_in_force(), today)
    }

    /// Whether the site's procedure is in force (saved, its yearly review not overdue).
    pub fn procedure_in_force(&self) -> bool {
        let today = time::OffsetDateTime::now_utc().date();
        self.procedure
            .as_ref()
            .is_some_and(|p| crate::domain::procedure::in_force(p.reviewed_on, today))
    }

    /// The items answered `yes` without the evidence they need.
    pub fn lacking_evidence(&self) -> Vec<Lacking<'_>> {
        evidence_check::items_lacking_evidence(
            &self.version,
            &confirmed(&self.answers),
            &self.evidence_states(),
        )
    }

    /// Whether an approval would issue a certificate now (the store checks again when it
    /// does): `Err` names the criteria that fail on the audited answers.
    pub fn certifiable(&self) -> Result<AssessmentResult, Vec<scoring::CriterionFailure>> {
        scoring::certifiable(
            &self.version,
            &confirmed(&self.answers),
            &verdict_kinds(&self.verdicts),
        )
    }
}

pub async fn load(state: &AppState, who: &Principal, id: i64) -> Result<Loaded> {
    load_with(state, who, id, true).await
}

/// For a page of one criterion: the staff and records are read only if that criterion has
/// computed items (in any version of the criteria), since only those show figures.
pub async fn load_for_criterion(
    state: &AppState,
    who: &Principal,
    id: i64,
    criterion_id: &str,
) -> Result<Loaded> {
    let computed = state.criteria.all().any(|v| {
        v.criteria
            .iter()
            .filter(|c| c.id == criterion_id)
            .any(|c| c.items.iter().any(|i| i.computed.is_some()))
    });
    load_with(state, who, id, computed).await
}

async fn load_with(
    state: &AppState,
    who: &Principal,
    id: i64,
    with_training: bool,
) -> Result<Loaded> {
    // One round trip for everything the pages show.
    let view = state
        .store
        .assessment_view(id, with_training)
        .await?
        .ok_or(Error::NotFound)?;
    if !who.can_view(&view.site.path()) {
        return Err(Error::NotFound);
    }
    let assessment = view.assessment;
    let site = view.site;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let figures = match (&assessment.training_figures, view.training) {
        (Some(json), _) => serde_json::from_str(json).map_err(|e| {
            anyhow::anyhow!("frozen figures of assessment {id} are unreadable: {e}")
        })?,
        (None, Some((staff, records))) => live_figures(&version, staff, records),
        (None, None) => BTreeMap::new(),
    };
    let evidence = if assessment.status.is_editable() {
        view.current_evidence
    } else {
        view.submitted_evidence
    };
    let procedure = if version.items().any(|i| i.procedure) {
        view.procedure
    } else {
        None
    };
    let changes = if assessment.round >= 2 && !assessment.status.is_editable() {
        let now = state
            .store
            .round_answers(assessment.id, assessment.round)
            .await?;
        let before = state
            .store
            .round_answers(assessment.id, assessment.round - 1)
            .await?;
        round_diff(&before, &now)
    } else {
        BTreeMap::new()
    };
    let verdicts_shown = who.sees_verdicts(assessment.status);
    Ok(Loaded {
        certificates: view.certificates,
        verdicts_shown,
        assessment,
        site,
        version,
        answers: view.answers,
        figures,
        evidence,
        procedure,
        verdicts: view.verdicts,
        previous_verdicts: view.previous_verdicts,
        decisions: view.decisions,
        findings: view.findings,
        changes,
    })
}

/// Today's figures for every computed item of `version`, from the site's training records.
pub fn live_figures(
    version: &CriteriaVersion,
    staff: Vec<crate::store::training::Staff>,
    records: Vec<crate::store::training::TrainingRecord>,
) -> BTreeMap<String, Proposal> {
    let computed: Vec<(&Item, &Computed)> = version
        .items()
        .filter_map(|i| i.computed.as_ref().map(|c| (i, c)))
        .collect();
    if computed.is_empty() {
        return BTreeMap::new();
    }
    let (staff, completions) = crate::store::training::coverage_parts(staff, records);
    let today = time::OffsetDateTime::now_utc().date();
    let coverage = coverage::coverage(&version.training_modules, &staff, &completions, today);
    computed
        .into_iter()
        .map(|(item, rule)| (item.key.clone(), coverage.propose(item, rule)))
        .collect()
}

/// An item's (answer, comment) in one round, if it had one.
pub type Side = Option<(String, String)>;
type RoundAnswers = HashMap<String, (String, String)>;

/// Items whose answer or comment differs between two rounds.
fn round_diff(before: &RoundAnswers, after: &RoundAnswers) -> BTreeMap<String, (Side, Side)> {
    before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| (k.clone(), (before.get(k).cloned(), after.get(k).cloned())))
        .collect()
}

pub async fn start_assessment(
    state: &AppState,
    who: &Principal,
    site_id: i64,
    year: Option<i64>,
) -> Result<Assessment> {
    let site = site_to_record(state, who, site_id).await?;
    let this_year = time::OffsetDateTime::now_utc().year();
    let year_error = || {
        Error::invalid(
            "year",
            Msg::new("invalid-year")
                .arg("first", ReportingYear::FIRST)
                .arg("last", this_year + 1),
        )
    };
    let year = year.ok_or_else(year_error)?;
    let year = ReportingYear::parse(year, this_year).map_err(|_| year_error())?;
    state
        .store
        .create_assessment(site.id, year, state.criteria.current(), who.user_id)
        .await
}
