//! The group dashboard: every site of a company (or unit) for a year, per-criterion
//! compliance as a matrix, rollups per unit and country, the trend over the years.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use super::context::Auth;
use super::extract::{PathParams, QueryParams};
use super::page::{Page, render};
use crate::AppState;
use crate::criteria::CriteriaVersion;
use crate::domain::rollup::{Rollup, SiteFacts, SiteStatus, rollup, rollup_by};
use crate::domain::{AssessmentStatus, Lang, Principal, Role, Visibility, coverage, search};
use crate::error::{Error, Msg, Result};
use crate::i18n;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_dashboard))
        .route("/companies/{id}/dashboard", get(dashboard_page))
}

/// Filters shared by the page, the JSON and the exports.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    /// From 2000 to next year (default: this year).
    #[param(minimum = 2000)]
    pub year: Option<i32>,
    pub unit_id: Option<i64>,
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    #[param(
        pattern = "^(not_started|draft|submitted|changes_requested|not_compliant|approved|certificate_valid|certificate_expired)?$"
    )]
    pub status: Option<String>,
    /// Criterion number; with `status`-like meaning: sites failing it.
    pub failing: Option<u8>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<usize>,
}

impl Filters {
    pub fn year(&self) -> Result<i32> {
        check_year(
            self.year
                .unwrap_or_else(|| time::OffsetDateTime::now_utc().year()),
        )
    }

    pub(crate) fn status(&self) -> Result<Option<SiteStatus>> {
        match self.status.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => SiteStatus::parse(s)
                .map(Some)
                .ok_or_else(|| Error::BadRequest(Msg::new("error-status-unknown").arg("value", s))),
        }
    }

    /// Whether a site passes the filters (the year is applied by the query).
    fn keeps(&self, s: &SiteFacts, status: Option<SiteStatus>) -> bool {
        self.keeps_site(
            Filtered {
                unit_id: s.unit_id,
                country: &s.country,
                status: s.status,
                criteria: &s.criteria,
                name: &s.name,
            },
            status,
        )
    }

    /// Whether a site passes the filters; `status` is [`Filters::status`], parsed once.
    pub(crate) fn keeps_site(&self, s: Filtered<'_>, status: Option<SiteStatus>) -> bool {
        self.unit_id.is_none_or(|u| u == s.unit_id)
            && self
                .country
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .is_none_or(|c| c.eq_ignore_ascii_case(s.country))
            && status.is_none_or(|st| st == s.status)
            && self.failing.is_none_or(|n| {
                !s.criteria
                    .get(usize::from(n).saturating_sub(1))
                    .copied()
                    .unwrap_or(false)
            })
            && self
                .q
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .is_none_or(|q| search::contains(s.name, q))
    }
}

/// What the filters look at in a site: the dashboard's and the exports' rows alike.
pub(crate) struct Filtered<'a> {
    pub unit_id: i64,
    pub country: &'a str,
    pub status: SiteStatus,
    /// Whether each criterion is met, in order; empty when not started.
    pub criteria: &'a [bool],
    pub name: &'a str,
}

/// A reporting year the group views accept: from 2000 to next year.
pub fn check_year(year: i32) -> Result<i32> {
    let this_year = time::OffsetDateTime::now_utc().year();
    if !(2000..=this_year + 1).contains(&year) {
        return Err(Error::invalid(
            "year",
            Msg::new("invalid-year")
                .arg("first", 2000)
                .arg("last", this_year + 1),
        ));
    }
    Ok(year)
}

/// Who may see group-wide views (dashboard, exports, roll-up reports, certificate bundles):
/// the company's admins, its auditors, the platform admin. Which sites they see is then
/// their visibility's business.
pub(super) fn may_see(who: &Principal) -> Result<()> {
    if matches!(who.role, Role::CompanyAdmin | Role::Auditor | Role::Admin) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Recomputes and stores the training figures of `sites` as of `today`.
pub async fn refresh_training(
    state: &AppState,
    version: &CriteriaVersion,
    sites: &[i64],
    today: time::Date,
) -> Result<HashMap<i64, (u64, u64)>> {
    let mut out = HashMap::new();
    let day = today.to_string();
    for &site in sites {
        let (staff, completions) = state.store.coverage_inputs(site).await?;
        let cov = coverage::coverage(&version.training_modules, &staff, &completions, today);
        let mut overdue: Vec<&str> = cov
            .overdue
            .iter()
            .map(|a| a.employee_ref.as_str())
            .collect();
        overdue.sort_unstable();
        overdue.dedup();
        state
            .store
            .put_site_training(
                site,
                cov.overall.required as i64,
                cov.overall.trained as i64,
                overdue.len() as i64,
                &day,
            )
            .await?;
        out.insert(
            site,
            (cov.overall.required as u64, cov.overall.trained as u64),
        );
    }
    Ok(out)
}

/// Every site's facts for the year, before filters.
pub async fn site_facts(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    year: i32,
) -> Result<Vec<SiteFacts>> {
    may_see(who)?;
    let facts = company_facts(state, who.visibility_in(company_id), company_id, year).await?;
    if facts.is_empty() {
        return Err(Error::NotFound);
    }
    Ok(facts)
}

/// The facts of the company's sites that `vis` allows, for the year, by name; no access
/// check here (the caller made it).
pub async fn company_facts(
    state: &AppState,
    vis: Visibility,
    company_id: i64,
    year: i32,
) -> Result<Vec<SiteFacts>> {
    let today = time::OffsetDateTime::now_utc().date();
    let rows = state
        .store
        .company_year(vis, company_id, year, &today.to_string())
        .await?;
    // Figures never computed are computed now; older ones are refreshed by the daily sweep.
    let stale: Vec<i64> = rows
        .iter()
        .filter(|r| r.training_computed_on.is_none())
        .map(|r| r.site_id)
        .collect();
    let fresh = refresh_training(state, state.criteria.current(), &stale, today).await?;
    let count = state.criteria.current().criteria.len();
    let mut facts: Vec<SiteFacts> = rows
        .into_iter()
        .map(|r| {
            let until = r
                .certificate_until
                .as_deref()
                .and_then(crate::store::training::parse_date);
            let status = SiteStatus::of(
                r.status.as_deref().and_then(AssessmentStatus::parse),
                until,
                today,
            );
            let mask = r.criteria_mask.unwrap_or(0);
            let flags: Vec<bool> = (0..count.min(63)).map(|i| mask & (1 << i) != 0).collect();
            let (required, trained) = fresh.get(&r.site_id).copied().unwrap_or((
                r.training_required.unwrap_or(0) as u64,
                r.training_trained.unwrap_or(0) as u64,
            ));
            SiteFacts {
                site_id: r.site_id,
                name: r.site_name,
                unit_id: r.unit_id,
                unit: r.unit_name,
                country: r.country,
                status,
                assessment_id: r.assessment_id,
                criteria: if r.assessment_id.is_some() {
                    flags
                } else {
                    Vec::new()
                },
                progress: r.progress.unwrap_or(0).clamp(0, 100) as u32,
                training_required: required,
                training_trained: trained,
                overdue_findings: r.overdue_findings.max(0) as u64,
                certificate_until: until,
            }
        })
        .collect();
    facts.sort_by(|a, b| a.name.cmp(&b.name).then(a.site_id.cmp(&b.site_id)));
    Ok(facts)
}

fn rollup_json(version: &CriteriaVersion, r: &Rollup) -> Value {
    json!({
        "sites_total": r.sites_total,
        "by_status": r.by_status.iter().map(|(k, v)| (k.as_str().to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
        "criteria": version.criteria.iter().zip(&r.compliant_sites).map(|(c, n)| json!({
            "id": c.id, "number": c.number, "compliant_sites": n,
        })).collect::<Vec<_>>(),
        "training_coverage": r.training_coverage(),
        "training_required": r.training_required,
        "training_trained": r.training_trained,
        "overdue_findings": r.overdue_findings,
        "certificates_expiring": r.certificates_expiring,
    })
}

#[utoipa::path(
    operation_id = "dashboard",
    get,
    path = "/api/v1/companies/{id}/dashboard",
    tag = "dashboard",
    summary = "A company's (or unit's) year at a glance, with rollups per unit and country",
    params(("id" = i64, Path, description = "The company"), Filters),
    responses((status = 200, description = "sites_total, by_status, criteria, training_coverage, units, countries", body = serde_json::Value), (status = "default", description = "An error: {\"error\": {\"code\", \"message\", ...}} in the caller's language", body = crate::web::openapi::ErrorBody))
)]
async fn api_dashboard(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    QueryParams(f): QueryParams<Filters>,
) -> Result<axum::Json<Value>> {
    let who = auth.principal();
    let year = f.year()?;
    let status = f.status()?;
    let all = site_facts(&state, &who, company_id, year).await?;
    let sites: Vec<SiteFacts> = all.into_iter().filter(|s| f.keeps(s, status)).collect();
    let today = time::OffsetDateTime::now_utc().date();
    let version = state.criteria.current();
    let n = version.criteria.len();
    let whole = rollup(&sites, n, today);
    let mut body = rollup_json(version, &whole);
    body["year"] = json!(year);
    body["company_id"] = json!(company_id);
    body["units"] = json!(
        rollup_by(&sites, n, today, |s| (s.unit.clone(), s.unit_id))
            .iter()
            .map(|((name, id), r)| {
                let mut v = rollup_json(version, r);
                v["id"] = json!(id);
                v["name"] = json!(name);
                v
            })
            .collect::<Vec<_>>()
    );
    body["countries"] = json!(
        rollup_by(&sites, n, today, |s| s.country.clone())
            .iter()
            .map(|(c, r)| {
                let mut v = rollup_json(version, r);
                v["country"] = json!(c);
                v
            })
            .collect::<Vec<_>>()
    );
    Ok(axum::Json(body))
}

// ---- the page ----

const PAGE_SIZE: usize = 50;

/// A bar of a chart: label, value 0-100, and its text alternative.
pub struct Bar {
    pub label: String,
    pub value: u32,
}

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
    let status = f.status()?;
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
    let page_no = f.page.unwrap_or(1).clamp(1, pages);
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
