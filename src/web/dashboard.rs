//! The group dashboard: every site of a company (or unit) for a year, per-criterion
//! compliance as a matrix, rollups per unit and country, the trend over the years.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::context::Auth;
use super::extract::{PathParams, QueryParams};
use super::page::{Page, render};
use super::shared::company_year::{Bar, Filters, site_facts};
use super::shared::training_figures::refresh_training;
use crate::AppState;
use crate::criteria::CriteriaVersion;
use crate::domain::rollup::{Rollup, SiteFacts, SiteStatus, rollup, rollup_by};
use crate::domain::{Lang, Principal};
use crate::error::Result;
use crate::i18n;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_dashboard))
        .route("/companies/{id}/dashboard", get(dashboard_page))
}

/// How many sites of a set are at each status for the year.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StatusCountsView {
    /// No assessment for the year.
    not_started: u64,
    draft: u64,
    /// Submitted or in review.
    submitted: u64,
    changes_requested: u64,
    /// Reviewed and closed without a certificate.
    not_compliant: u64,
    /// Approved, without a certificate.
    approved: u64,
    /// Approved, with a certificate in force.
    certificate_valid: u64,
    /// Approved, with a certificate past its end.
    certificate_expired: u64,
}

impl StatusCountsView {
    fn new(r: &Rollup) -> StatusCountsView {
        let n = |s| r.by_status.get(&s).copied().unwrap_or(0);
        StatusCountsView {
            not_started: n(SiteStatus::NotStarted),
            draft: n(SiteStatus::Draft),
            submitted: n(SiteStatus::Submitted),
            changes_requested: n(SiteStatus::ChangesRequested),
            not_compliant: n(SiteStatus::NotCompliant),
            approved: n(SiteStatus::Approved),
            certificate_valid: n(SiteStatus::CertificateValid),
            certificate_expired: n(SiteStatus::CertificateExpired),
        }
    }
}

/// One criterion of a rollup: how many sites meet it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CriterionCountView {
    id: String,
    number: u8,
    /// Sites of the set whose answers meet the criterion.
    compliant_sites: u64,
}

/// Sums over a set of sites: all those the filters keep, a unit's or a country's.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RollupView {
    sites_total: u64,
    by_status: StatusCountsView,
    /// Every criterion of the current version, in order.
    criteria: Vec<CriterionCountView>,
    /// Trained staff over staff required to train, in percent with one decimal; `null` when
    /// nobody is required to.
    training_coverage: Option<f64>,
    /// Staff required to train, summed over the sites.
    training_required: u64,
    /// Of those, the staff trained.
    training_trained: u64,
    /// Open findings past their due date.
    overdue_findings: u64,
    /// Certificates in force that end within 60 days.
    certificates_expiring: u64,
}

impl RollupView {
    fn new(version: &CriteriaVersion, r: &Rollup) -> RollupView {
        RollupView {
            sites_total: r.sites_total,
            by_status: StatusCountsView::new(r),
            criteria: version
                .criteria
                .iter()
                .zip(&r.compliant_sites)
                .map(|(c, n)| CriterionCountView {
                    id: c.id.clone(),
                    number: c.number,
                    compliant_sites: *n,
                })
                .collect(),
            training_coverage: r.training_coverage(),
            training_required: r.training_required,
            training_trained: r.training_trained,
            overdue_findings: r.overdue_findings,
            certificates_expiring: r.certificates_expiring,
        }
    }
}

/// A unit's rollup.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UnitRollupView {
    /// The unit.
    id: i64,
    name: String,
    #[serde(flatten)]
    rollup: RollupView,
}

/// A country's rollup.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CountryRollupView {
    /// ISO 3166-1 alpha-2 code.
    #[schema(example = "BE")]
    country: String,
    #[serde(flatten)]
    rollup: RollupView,
}

/// A company's (or unit's) year: the rollup of the sites the filters keep, then the same per
/// unit and per country.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DashboardAnswer {
    #[serde(flatten)]
    whole: RollupView,
    year: i32,
    company_id: i64,
    /// By unit name.
    units: Vec<UnitRollupView>,
    /// By country code.
    countries: Vec<CountryRollupView>,
}

#[utoipa::path(
    operation_id = "dashboard",
    get,
    path = "/api/v1/companies/{id}/dashboard",
    tag = "dashboard",
    summary = "A company's (or unit's) year at a glance, with rollups per unit and country",
    description = "For the company's admins and auditors and the platform admin; site managers get 403. Sums over the sites the caller may see, narrowed by the filters; a company with no site the caller may see is a 404.",
    params(("id" = i64, Path, description = "The company"), Filters),
    responses((status = 200, description = "The rollup of the sites kept, per unit and per country", body = DashboardAnswer), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody))
)]
async fn api_dashboard(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    QueryParams(f): QueryParams<Filters>,
) -> Result<axum::Json<DashboardAnswer>> {
    let who = auth.principal();
    let year = f.year()?;
    let status = f.checked_status()?;
    let all = site_facts(&state, &who, company_id, year).await?;
    let sites: Vec<SiteFacts> = all.into_iter().filter(|s| f.keeps(s, status)).collect();
    let today = time::OffsetDateTime::now_utc().date();
    let version = state.criteria.current();
    let n = version.criteria.len();
    Ok(axum::Json(DashboardAnswer {
        whole: RollupView::new(version, &rollup(&sites, n, today)),
        year,
        company_id,
        units: rollup_by(&sites, n, today, |s| (s.unit.clone(), s.unit_id))
            .into_iter()
            .map(|((name, id), r)| UnitRollupView {
                id,
                name,
                rollup: RollupView::new(version, &r),
            })
            .collect(),
        countries: rollup_by(&sites, n, today, |s| s.country.clone())
            .into_iter()
            .map(|(country, r)| CountryRollupView {
                country,
                rollup: RollupView::new(version, &r),
            })
            .collect(),
    }))
}

// ---- the page ----

const PAGE_SIZE: usize = 50;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: Page,
    company_id: i64,
    company: String,
    year: i32,
    whole: Rollup,
    criteria: Vec<(u8, String)>,
    criteria_bars: Vec<Bar>,
    trend: Vec<Bar>,
    units: Vec<(i64, String, Rollup)>,
    countries: Vec<(String, Rollup)>,
    rows: Vec<SiteFacts>,
    total_rows: usize,
    page_no: usize,
    pages: usize,
    filters: Filters,
    unit_options: Vec<(i64, String)>,
    statuses: Vec<(&'static str, String)>,
    query: String,
}

impl DashboardPage {
    fn status_label(&self, s: &SiteStatus) -> String {
        self.page.t(&format!("site-status-{}", s.as_str()))
    }

    fn count(&self, r: &Rollup, s: &&str) -> u64 {
        SiteStatus::parse(s)
            .and_then(|s| r.by_status.get(&s).copied())
            .unwrap_or(0)
    }

    fn share(&self, r: &Rollup, i: &usize) -> String {
        r.compliant_share(*i)
            .map_or_else(|| "—".to_owned(), |v| format!("{v}\u{a0}%"))
    }

    fn coverage(&self, r: &Rollup) -> String {
        r.training_coverage()
            .map_or_else(|| "—".to_owned(), |v| format!("{v:.1}\u{a0}%"))
    }

    fn is_unit(&self, id: &i64) -> bool {
        self.filters.unit_id == Some(*id)
    }

    fn is_status(&self, s: &str) -> bool {
        self.filters.status.as_deref() == Some(s)
    }

    fn is_failing(&self, n: &u8) -> bool {
        self.filters.failing == Some(*n)
    }

    fn country(&self) -> &str {
        self.filters.country.as_deref().unwrap_or("")
    }

    fn search(&self) -> &str {
        self.filters.q.as_deref().unwrap_or("")
    }

    fn page_link(&self, page: usize) -> String {
        format!("?{}&page={page}", self.query)
    }

    /// The bar's width in chart units (0-300) for a 0-100 value.
    fn bar_width(&self, b: &Bar) -> u32 {
        b.value.min(100) * 3
    }

    fn cell(&self, s: &SiteFacts, i: &usize) -> &'static str {
        match s.criteria.get(*i) {
            None => "none",
            Some(true) => "ok",
            Some(false) => "no",
        }
    }
}

fn status_options(lang: Lang) -> Vec<(&'static str, String)> {
    SiteStatus::ALL
        .into_iter()
        .map(|s| {
            (
                s.as_str(),
                i18n::t(lang, &format!("site-status-{}", s.as_str())),
            )
        })
        .collect()
}

/// The share of sites with every criterion met, per year the company has data for; the
/// sites of today are the base of every year.
async fn trend(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    sites: usize,
    lang: Lang,
) -> Result<Vec<Bar>> {
    let n = state.criteria.current().criteria.len() as i64;
    let total = sites.max(1);
    Ok(state
        .store
        .yearly_fully_compliant(who.visibility_in(company_id), company_id, n)
        .await?
        .into_iter()
        .map(|(year, full)| Bar {
            label: i18n::t_args(lang, "dashboard-trend-bar", &[("year", year.to_string())]),
            value: ((full.max(0) as usize * 100 + total / 2) / total) as u32,
        })
        .collect())
}

async fn dashboard_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    QueryParams(f): QueryParams<Filters>,
) -> Result<Response> {
    let who = auth.principal();
    let lang = auth.lang();
    let year = f.year()?;
    let status = f.checked_status()?;
    let all = site_facts(&state, &who, company_id, year).await?;
    let company = state
        .store
        .node(company_id)
        .await?
        .map(|n| n.name)
        .unwrap_or_default();
    let mut unit_options: Vec<(i64, String)> =
        all.iter().map(|s| (s.unit_id, s.unit.clone())).collect();
    unit_options.sort_by(|a, b| a.1.cmp(&b.1));
    unit_options.dedup();
    let all_sites = all.len();
    let mut sites: Vec<SiteFacts> = all.into_iter().filter(|s| f.keeps(s, status)).collect();
    match f.sort.as_deref() {
        Some("behind") => sites.sort_by(|a, b| {
            a.criteria_met()
                .cmp(&b.criteria_met())
                .then(a.progress.cmp(&b.progress))
                .then(a.name.cmp(&b.name))
        }),
        Some("status") => sites.sort_by(|a, b| a.status.cmp(&b.status).then(a.name.cmp(&b.name))),
        Some("country") => {
            sites.sort_by(|a, b| a.country.cmp(&b.country).then(a.name.cmp(&b.name)))
        }
        _ => {}
    }
    let today = time::OffsetDateTime::now_utc().date();
    let version = state.criteria.current();
    let n = version.criteria.len();
    let whole = rollup(&sites, n, today);
    let criteria: Vec<(u8, String)> = version
        .criteria
        .iter()
        .map(|c| (c.number, c.title.get(lang).to_owned()))
        .collect();
    let criteria_bars = criteria
        .iter()
        .enumerate()
        .map(|(i, (num, title))| Bar {
            label: format!("{num}. {title}"),
            value: whole.compliant_share(i).unwrap_or(0),
        })
        .collect();
    let trend = trend(&state, &who, company_id, all_sites, lang).await?;
    let units = rollup_by(&sites, n, today, |s| (s.unit_id, s.unit.clone()))
        .into_iter()
        .map(|((id, name), r)| (id, name, r))
        .collect();
    let countries = rollup_by(&sites, n, today, |s| s.country.clone())
        .into_iter()
        .collect();
    let total_rows = sites.len();
    let pages = total_rows.div_ceil(PAGE_SIZE).max(1);
    let page_no = f.page.map_or(1, |p| p as usize).clamp(1, pages);
    let rows: Vec<SiteFacts> = sites
        .into_iter()
        .skip((page_no - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let query = {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("year", &year.to_string());
        if let Some(u) = f.unit_id {
            q.append_pair("unit_id", &u.to_string());
        }
        for (k, v) in [
            ("country", &f.country),
            ("status", &f.status),
            ("q", &f.q),
            ("sort", &f.sort),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                q.append_pair(k, v);
            }
        }
        if let Some(n) = f.failing {
            q.append_pair("failing", &n.to_string());
        }
        q.finish()
    };
    let title = format!("{} — {company} {year}", i18n::t(lang, "dashboard-title"));
    Ok(render(&DashboardPage {
        page: Page::new(&auth.ctx, title),
        company_id,
        company,
        year,

        whole,
        criteria,
        criteria_bars,
        trend,
        units,
        countries,
        rows,
        total_rows,
        page_no,
        pages,
        filters: f,
        unit_options,
        statuses: status_options(lang),
        query,
    })?
    .into_response())
}

/// The daily refresh of training figures, a batch at a time; safe on several instances.
pub async fn refresh_stale_training(state: &AppState) -> Result<usize> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut done = 0;
    loop {
        let batch = state
            .store
            .sites_with_stale_training(&today.to_string(), 200)
            .await?;
        if batch.is_empty() {
            return Ok(done);
        }
        refresh_training(state, state.criteria.current(), &batch, today).await?;
        done += batch.len();
    }
}
