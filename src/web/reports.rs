//! Gap reports: what a site must still do for a year (on screen and as PDF), and the same
//! rolled up for a company or one of its units (PDF).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::context::Auth;
use super::extract::{PathParams, QueryParams};
use super::page::{Page, render};
use super::shared::assessment::{Loaded, load};
use crate::AppState;
use crate::domain::gaps::{Gap, gaps};
use crate::domain::{Lang, Principal, coverage};
use crate::error::{Error, Msg, Result};
use crate::i18n;
use crate::pdf::gap_report::{
    Assessed, CompanyGapReport, CriterionLine, FindingLine, GapLine, RoleLine, SiteGapReport,
    SiteLine,
};
use crate::store::assessments::confirmed;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/assessments/{id}/gap-report", get(site_page))
        .route("/assessments/{id}/gap-report.pdf", get(site_pdf))
        .routes(routes!(site_pdf))
        .routes(routes!(site_json))
        .route("/companies/{id}/gap-report.pdf", get(company_pdf))
        .routes(routes!(company_pdf))
}

/// The items of a loaded assessment that need work.
fn site_gaps<'a>(l: &'a Loaded) -> Vec<Gap<'a>> {
    let answers = confirmed(&l.answers);
    let verdicts: HashMap<&str, &str> = if l.verdicts_shown {
        l.verdicts
            .iter()
            .map(|(k, v)| (k.as_str(), v.verdict.as_str()))
            .collect()
    } else {
        HashMap::new()
    };
    // Valid files, or the site's procedure in force for the items that show it: the report
    // asks for no document the app already holds.
    let evidence = l.evidence_states();
    gaps(&l.version, &answers, &verdicts, &evidence)
}

async fn site_report(
    state: &AppState,
    who: &Principal,
    id: i64,
    lang: Lang,
) -> Result<SiteGapReport> {
    let l = load(state, who, id).await?;
    let result = l.standing();
    let today = time::OffsetDateTime::now_utc().date();
    let (staff, completions) = state.store.coverage_inputs(l.site.id).await?;
    let cov = coverage::coverage(&l.version.training_modules, &staff, &completions, today);
    let mut overdue: Vec<&str> = cov
        .overdue
        .iter()
        .map(|a| a.employee_ref.as_str())
        .collect();
    overdue.sort_unstable();
    overdue.dedup();
    let gaps = site_gaps(&l)
        .into_iter()
        .map(|g| GapLine {
            key: g.item.key.clone(),
            text: g.item.text.get(lang).to_owned(),
            reasons: g
                .reasons
                .iter()
                .map(|r| i18n::t(lang, &format!("gap-reason-{}", r.as_str())))
                .collect(),
            guidance: g.item.guidance.get(lang).to_owned(),
        })
        .collect();
    Ok(SiteGapReport {
        site: l.site.name.clone(),
        company: l.site.company_name.clone(),
        unit: l.site.unit_name.clone(),
        city: l.site.city.clone(),
        year: l.assessment.year,
        status: i18n::t(lang, &format!("status-{}", l.assessment.status.as_str())),
        criteria_version: l.version.version.clone(),
        generated_on: today,
        criteria: l
            .version
            .criteria
            .iter()
            .zip(&result.criteria)
            .map(|(c, r)| CriterionLine {
                number: c.number,
                title: c.title.get(lang).to_owned(),
                compliant: r.compliant,
                score: r.score_percent(),
                rule: super::shared::rules::pass_rule(lang, c),
                why: super::shared::rules::why_failing(lang, c, r),
            })
            .collect(),
        gaps,
        findings: l
            .findings
            .iter()
            .filter(|f| f.is_open())
            .map(|f| FindingLine {
                id: f.id,
                key: f.item_key.clone(),
                severity: i18n::t(lang, &format!("severity-{}", f.severity)),
                action: f.action.clone(),
                due: i18n::format_date(lang, f.due_date),
                overdue: f.overdue(today),
            })
            .collect(),
        coverage: cov
            .by_role
            .iter()
            .map(|r| RoleLine {
                role: i18n::t(lang, &format!("job-role-{}", r.role.key())),
                required: r.tally.required,
                trained: r.tally.trained,
                percent: r.tally.percent,
            })
            .collect(),
        overdue_staff: overdue.len(),
    })
}

#[derive(Template)]
#[template(path = "gap_report.html")]
struct SitePage {
    page: Page,
    id: i64,
    r: SiteGapReport,
}

async fn site_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let r = site_report(&state, &auth.principal(), id, auth.lang()).await?;
    let title = format!(
        "{} — {} {}",
        i18n::t(auth.lang(), "report-title"),
        r.site,
        r.year
    );
    Ok(render(&SitePage {
        page: Page::new(&auth.ctx, title),
        id,
        r,
    })?
    .into_response())
}

/// A site's gap report for a year: where it stands and what it must still do. Texts are in
/// the caller's language.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GapReportAnswer {
    assessment_id: i64,
    /// The site's name.
    site: String,
    company: String,
    unit: String,
    city: String,
    year: i32,
    /// The assessment's status, as a label in the caller's language.
    status: String,
    criteria_version: String,
    /// The day the report was made, `YYYY-MM-DD`.
    generated_on: String,
    criteria: Vec<GapCriterionView>,
    /// The items that need work: not answered as required, lacking evidence, or rejected.
    gaps: Vec<GapView>,
    /// The findings still open.
    findings: Vec<GapFindingView>,
    /// Training coverage per job role.
    training: Vec<RoleTrainingView>,
    /// Staff members with at least one training module overdue.
    overdue_staff: usize,
}

/// One criterion of a gap report.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GapCriterionView {
    number: u8,
    title: String,
    compliant: bool,
    /// In percent, rounded down to one decimal.
    score: f64,
    /// How the criterion is passed.
    rule: String,
    /// Why it is not met, one sentence per rule it misses; empty when it is met.
    why: Vec<String>,
}

/// One item that needs work, with the guidance for it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GapView {
    /// The item's key.
    key: String,
    /// The item's text.
    text: String,
    /// Why it needs work, one sentence each.
    reasons: Vec<String>,
    /// What to do about it.
    guidance: String,
}

/// An open finding, as the gap report lists it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GapFindingView {
    id: i64,
    item_key: String,
    /// `minor` or `major`, as a label in the caller's language.
    severity: String,
    /// What the site must do.
    action: String,
    /// The due date, written out in the caller's language.
    due_date: String,
    /// Past its due date.
    overdue: bool,
}

/// Training coverage of one job role.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RoleTrainingView {
    /// The job role, as a label in the caller's language.
    role: String,
    /// Staff of the role required to train.
    required: usize,
    /// Of those, the staff trained.
    trained: usize,
    /// `trained` over `required` in percent; `null` when nobody is required.
    percent: Option<f64>,
}

impl GapReportAnswer {
    fn new(assessment_id: i64, r: SiteGapReport) -> GapReportAnswer {
        GapReportAnswer {
            assessment_id,
            site: r.site,
            company: r.company,
            unit: r.unit,
            city: r.city,
            year: r.year,
            status: r.status,
            criteria_version: r.criteria_version,
            generated_on: r.generated_on.to_string(),
            criteria: r
                .criteria
                .into_iter()
                .map(|c| GapCriterionView {
                    number: c.number,
                    title: c.title,
                    compliant: c.compliant,
                    score: c.score,
                    rule: c.rule,
                    why: c.why,
                })
                .collect(),
            gaps: r
                .gaps
                .into_iter()
                .map(|g| GapView {
                    key: g.key,
                    text: g.text,
                    reasons: g.reasons,
                    guidance: g.guidance,
                })
                .collect(),
            findings: r
                .findings
                .into_iter()
                .map(|f| GapFindingView {
                    id: f.id,
                    item_key: f.key,
                    severity: f.severity,
                    action: f.action,
                    due_date: f.due,
                    overdue: f.overdue,
                })
                .collect(),
            training: r
                .coverage
                .into_iter()
                .map(|c| RoleTrainingView {
                    role: c.role,
                    required: c.required,
                    trained: c.trained,
                    percent: c.percent,
                })
                .collect(),
            overdue_staff: r.overdue_staff,
        }
    }
}

#[utoipa::path(
    operation_id = "reports_site",
    get,
    path = "/api/v1/assessments/{id}/gap-report",
    tag = "reports",
    summary = "A site's gap report: criteria, items missing or rejected with guidance, open findings, training by role",
    description = "Anyone who may see the assessment. Rejected items count as gaps only once the caller may see the auditors' verdicts; texts are in the caller's language.",
    params(("id" = i64, Path, description = "The assessment")),
    responses((status = 200, description = "The gap report", body = GapReportAnswer))
)]
async fn site_json(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<GapReportAnswer>> {
    let r = site_report(&state, &auth.principal(), id, auth.lang()).await?;
    Ok(axum::Json(GapReportAnswer::new(id, r)))
}

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    super::download::private_file(
        bytes,
        "application/pdf",
        super::download::Disposition::Attachment,
        name,
    )
}

#[utoipa::path(
    operation_id = "reports_site_pdf",
    get,
    path = "/api/v1/assessments/{id}/gap-report.pdf",
    tag = "reports",
    summary = "A site's gap report as PDF",
    description = "The same report as `GET /api/v1/assessments/{id}/gap-report`, for anyone who may see the assessment, as a PDF in the caller's language.",
    params(("id" = i64, Path, description = "The assessment")),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = crate::web::openapi::FileBody))
)]
async fn site_pdf(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let lang = auth.lang();
    let r = site_report(&state, &auth.principal(), id, lang).await?;
    let year = r.year;
    let bytes = tokio::task::spawn_blocking(move || crate::pdf::gap_report::render_site(&r, lang))
        .await
        .map_err(|e| anyhow::anyhow!("rendering a gap report: {e}"))?;
    Ok(pdf_response(bytes, &format!("gap-report-{id}-{year}.pdf")))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CompanyQuery {
    year: Option<i32>,
    unit_id: Option<i64>,
}

async fn company_report(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    q: &CompanyQuery,
    lang: Lang,
) -> Result<CompanyGapReport> {
    super::shared::access::may_see(who)?;
    let this_year = time::OffsetDateTime::now_utc().year();
    let year = q.year.unwrap_or(this_year);
    if !(2000..=this_year + 1).contains(&year) {
        return Err(Error::invalid(
            "year",
            Msg::new("invalid-year")
                .arg("first", 2000)
                .arg("last", this_year + 1),
        ));
    }
    let sites: Vec<_> = state
        .store
        .list_sites(who.visibility())
        .await?
        .into_iter()
        .filter(|s| s.company_id == company_id)
        .filter(|s| q.unit_id.is_none_or(|u| u == s.unit_id))
        .collect();
    let Some(first) = sites.first() else {
        return Err(Error::NotFound);
    };
    let company = first.company_name.clone();
    let scope = match q.unit_id {
        Some(_) => first.unit_name.clone(),
        None => i18n::t(lang, "report-all-units"),
    };
    let today = time::OffsetDateTime::now_utc().date();
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut common: HashMap<String, (String, usize)> = HashMap::new();
    let mut lines = Vec::new();
    let mut countries: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for site in &sites {
        let assessment = state
            .store
            .site_assessments(site.id)
            .await?
            .into_iter()
            .find(|a| a.year == year);
        let (status, assessed) = match &assessment {
            Some(a) => {
                let l = load(state, who, a.id).await?;
                let result = l.standing();
                let found = site_gaps(&l);
                for g in &found {
                    let entry = common
                        .entry(g.item.key.clone())
                        .or_insert_with(|| (g.item.text.get(lang).to_owned(), 0));
                    entry.1 += 1;
                }
                let score = if result.criteria.is_empty() {
                    0.0
                } else {
                    result
                        .criteria
                        .iter()
                        .map(|c| c.score_percent())
                        .sum::<f64>()
                        / result.criteria.len() as f64
                };
                (
                    i18n::t(lang, &format!("status-{}", a.status.as_str())),
                    Some(Assessed {
                        compliant: result.compliant_count(),
                        score,
                        gaps: found.len(),
                    }),
                )
            }
            None => (i18n::t(lang, "report-not-started"), None),
        };
        *statuses.entry(status.clone()).or_default() += 1;
        let (staff, completions) = state.store.coverage_inputs(site.id).await?;
        let version = state.criteria.current();
        let cov = coverage::coverage(&version.training_modules, &staff, &completions, today);
        let c = countries.entry(site.country.clone()).or_default();
        c.0 += 1;
        c.1 += cov.overall.required;
        c.2 += cov.overall.trained;
        lines.push(SiteLine {
            site: site.name.clone(),
            unit: site.unit_name.clone(),
            country: site.country.clone(),
            status,
            assessed,
        });
    }
    // Furthest behind first: the sites not started, then by criteria met and score.
    let rank = |l: &SiteLine| l.assessed.as_ref().map(|a| (a.compliant, a.score));
    lines.sort_by(|a, b| match (rank(a), rank(b)) {
        (None, None) => a.site.cmp(&b.site),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some((ca, sa)), Some((cb, sb))) => ca
            .cmp(&cb)
            .then(sa.total_cmp(&sb))
            .then(a.site.cmp(&b.site)),
    });
    let not_started = lines.iter().filter(|l| l.assessed.is_none()).count();
    let mut common: Vec<(String, String, usize)> =
        common.into_iter().map(|(k, (t, n))| (k, t, n)).collect();
    common.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    common.truncate(10);
    Ok(CompanyGapReport {
        company,
        scope,
        year,
        generated_on: today,
        statuses: statuses.into_iter().collect(),
        common_gaps: common,
        sites: lines,
        not_started,
        countries: countries
            .into_iter()
            .map(|(c, (n, req, trained))| {
                let pct = (req > 0).then(|| (trained as f64 * 1000.0 / req as f64).round() / 10.0);
                (c, n, req, trained, pct)
            })
            .collect(),
    })
}

#[utoipa::path(
    operation_id = "reports_company_pdf",
    get,
    path = "/api/v1/companies/{id}/gap-report.pdf",
    tag = "reports",
    summary = "A company's (or unit's) gap report as PDF",
    description = "For the company's admins and auditors and the platform admin; site managers get 403. Rolls up the sites the caller may see, of one unit with `unit_id`; a company without such sites is a 404.",
    params(("id" = i64, Path, description = "The company"), CompanyQuery),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = crate::web::openapi::FileBody), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody))
)]
async fn company_pdf(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<CompanyQuery>,
) -> Result<Response> {
    let lang = auth.lang();
    let r = company_report(&state, &auth.principal(), id, &q, lang).await?;
    let year = r.year;
    let bytes =
        tokio::task::spawn_blocking(move || crate::pdf::gap_report::render_company(&r, lang))
            .await
            .map_err(|e| anyhow::anyhow!("rendering a company report: {e}"))?;
    Ok(pdf_response(
        bytes,
        &format!("gap-report-company-{id}-{year}.pdf"),
    ))
}

impl SitePage {
    fn rounded(&self, score: &f64) -> String {
        format!("{score:.0}")
    }

    fn percent(&self, p: &Option<f64>) -> String {
        p.map_or_else(
            || "—".to_owned(),
            |v| format!("{}\u{a0}%", i18n::format_number(self.page.lang, v)),
        )
    }
}
