//! Sites: the list a user may see (the home page) and one site with its assessments.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::context::Auth;
use super::extract::{CsrfForm, PathParams, QueryParams};
use super::page::{FormErrors, Page, render};
use super::paging::{self, PageQuery};
use super::shared::access::visible_site;
use super::shared::assessment::start_assessment;
use super::shared::views::AssessmentSummary;
use crate::AppState;
use crate::error::Result;
use crate::store::assessments::Assessment;
use crate::store::org::{Site, SiteFilter};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/", get(home_page))
        .route("/sites/{id}", get(site_page))
        .route("/sites/{id}/assessments", post(form_create_assessment))
        .routes(routes!(api_list_sites))
        .routes(routes!(api_site))
}

/// A site as the API answers it: where it sits in its company.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SiteView {
    pub id: i64,
    pub name: String,
    pub city: String,
    /// The unit (region, brand) the site belongs to.
    pub unit_id: i64,
    pub unit_name: String,
    /// ISO country code: the site's own, else its unit's.
    pub country: String,
    pub company_id: i64,
    pub company_name: String,
}

impl SiteView {
    pub fn new(s: &Site) -> SiteView {
        SiteView {
            id: s.id,
            name: s.name.clone(),
            city: s.city.clone(),
            unit_id: s.unit_id,
            unit_name: s.unit_name.clone(),
            country: s.country.clone(),
            company_id: s.company_id,
            company_name: s.company_name.clone(),
        }
    }
}

/// A page of sites, by name.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SitesPage {
    pub sites: Vec<SiteView>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

/// A site with every assessment it has had.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SiteDetail {
    #[serde(flatten)]
    pub site: SiteView,
    /// Newest year first.
    pub assessments: Vec<AssessmentSummary>,
}

#[utoipa::path(
    operation_id = "sites_list_sites",
    get,
    path = "/api/v1/sites",
    tag = "sites",
    summary = "Sites the caller may see, by name",
    description = "Any signed-in user: the sites their role lets them see (their own site, their unit's, their company's, or all for ECPAT staff), 50 by default, ordered by name then id. `next_cursor` pages on.",
    params(SiteQuery, PageQuery),
    responses((status = 200, description = "The sites", body = SitesPage))
)]
async fn api_list_sites(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<SiteQuery>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<SitesPage>> {
    let limit = p.limit()?;
    let after: Option<(String, i64)> = p.position()?;
    let trimmed = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let filter = SiteFilter {
        company_id: q.company_id,
        unit_id: q.unit_id,
        country: trimmed(&q.country).map(|c| c.to_uppercase()),
        name_contains: trimmed(&q.q),
    };
    // One more than asked says whether there is a next page.
    let mut sites = state
        .store
        .sites_page(
            auth.principal().visibility(),
            &filter,
            after.as_ref(),
            limit + 1,
        )
        .await?;
    let next = if sites.len() > limit {
        sites.truncate(limit);
        sites
            .last()
            .map(|s| paging::cursor(&(s.name.clone(), s.id)))
    } else {
        None
    };
    Ok(axum::Json(SitesPage {
        sites: sites.iter().map(SiteView::new).collect(),
        next_cursor: next,
    }))
}

/// Narrows `GET /api/v1/sites`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SiteQuery {
    company_id: Option<i64>,
    unit_id: Option<i64>,
    /// ISO country code (the site's, else its unit's).
    country: Option<String>,
    /// Part of the site's name, whatever its case and accents (`liege` finds Liège).
    q: Option<String>,
}

#[utoipa::path(
    operation_id = "sites_site",
    get,
    path = "/api/v1/sites/{id}",
    tag = "sites",
    summary = "A site with its assessments",
    description = "Any signed-in user who may see the site (404 otherwise): the site and a summary of each of its assessments, newest year first, with the self-assessed and, once a decision showed them, the audited results per criterion.",
    params(("id" = i64, Path, description = "The site")),
    responses((status = 200, description = "The site", body = SiteDetail))
)]
async fn api_site(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<SiteDetail>> {
    let site = visible_site(&state, &auth.principal(), id).await?;
    let mut assessments = Vec::new();
    for a in state.store.site_assessments_with_answers(site.id).await? {
        let version = state
            .criteria_version(&a.assessment.criteria_version)
            .await?;
        assessments.push(AssessmentSummary::new(
            &version,
            &a.assessment,
            &a.answers,
            &a.verdicts,
        ));
    }
    Ok(axum::Json(SiteDetail {
        site: SiteView::new(&site),
        assessments,
    }))
}

pub struct SiteRow {
    pub site: Site,
    pub latest: Option<Assessment>,
    /// Open findings on the site, and how many of them are overdue.
    pub open_findings: usize,
    pub overdue_findings: usize,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    rows: Vec<SiteRow>,
    /// Companies the user oversees (company admins, auditors, the admin): (id, name).
    companies: Vec<(i64, String)>,
    year: i32,
    /// The search as typed.
    q: String,
    /// The link to the next page of sites, if there is one.
    next: Option<String>,
    /// Whether this is a later page (a link back to the first is shown).
    later_page: bool,
}

impl HomePage {
    /// A search box is worth its place once there is more than a screenful of sites.
    fn searchable(&self) -> bool {
        !self.q.is_empty() || self.later_page || self.next.is_some() || self.rows.len() > 10
    }
}

/// Sites shown per page of the home page.
const HOME_PAGE_SITES: usize = 50;

#[derive(serde::Deserialize, Default)]
struct HomeQuery {
    #[serde(default)]
    q: String,
    cursor: Option<String>,
}

async fn home_page(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(query): QueryParams<HomeQuery>,
) -> Result<Response> {
    let vis = auth.principal().visibility();
    let q: String = query.q.trim().chars().take(200).collect();
    let paging = PageQuery {
        limit: None,
        cursor: query.cursor.clone(),
    };
    // A cursor that is not one (an edited link) starts again from the first page.
    let after: Option<(String, i64)> = paging.position().unwrap_or(None);
    let filter = SiteFilter {
        name_contains: (!q.is_empty()).then(|| q.clone()),
        ..SiteFilter::default()
    };
    let mut sites = state
        .store
        .sites_page(vis, &filter, after.as_ref(), HOME_PAGE_SITES + 1)
        .await?;
    let next = (sites.len() > HOME_PAGE_SITES).then(|| {
        sites.truncate(HOME_PAGE_SITES);
        let last = &sites[HOME_PAGE_SITES - 1];
        let cursor = paging::cursor(&(last.name.clone(), last.id));
        if q.is_empty() {
            format!("/?cursor={cursor}")
        } else {
            format!(
                "/?q={}&cursor={cursor}",
                url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
            )
        }
    });
    let ids: Vec<i64> = sites.iter().map(|s| s.id).collect();
    let mut latest = state.store.latest_assessments_of(&ids).await?;
    let findings = state.store.open_findings(vis).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let rows = sites
        .into_iter()
        .map(|site| {
            let open: Vec<_> = findings.iter().filter(|f| f.site_id == site.id).collect();
            SiteRow {
                open_findings: open.len(),
                overdue_findings: open.iter().filter(|f| f.overdue(today)).count(),
                latest: latest.remove(&site.id),
                site,
            }
        })
        .collect();
    let companies = if matches!(
        auth.user.role,
        crate::domain::Role::CompanyAdmin
            | crate::domain::Role::Auditor
            | crate::domain::Role::Admin
    ) {
        state
            .store
            .list_nodes(vis, crate::domain::NodeKind::Company)
            .await?
            .into_iter()
            .map(|n| (n.id, n.name))
            .collect()
    } else {
        Vec::new()
    };
    let page = Page::titled(&auth.ctx, "home-title");
    Ok(render(&HomePage {
        page,
        rows,
        companies,
        year: time::OffsetDateTime::now_utc().year(),
        q,
        next,
        later_page: after.is_some(),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "site.html")]
pub struct SitePage {
    pub page: Page,
    pub site: Site,
    pub assessments: Vec<Assessment>,
    pub can_start: bool,
    pub year_value: String,
    pub errors: FormErrors,
    /// The procedure's state: (text, needs attention).
    pub procedure: (String, bool),
}

pub async fn site_view(
    state: &AppState,
    auth: &Auth,
    id: i64,
    year_value: Option<String>,
    errors: FormErrors,
) -> Result<SitePage> {
    let who = auth.principal();
    let site = visible_site(state, &who, id).await?;
    let assessments = state.store.site_assessments(site.id).await?;
    // Suggest the first year after the latest assessment, or this year to begin with. Once
    // next year has its assessment there is no year left to start: the form is not offered
    // (it would suggest a year the start refuses).
    let this_year = time::OffsetDateTime::now_utc().year();
    let next_year = assessments.first().map_or(this_year, |a| a.year + 1);
    let default_year = next_year.min(this_year + 1).to_string();
    let lang = auth.lang();
    let procedure = match state.store.current_procedure(site.id).await? {
        None => (crate::i18n::t(lang, "procedure-none-short"), true),
        Some(p) => {
            let due = crate::domain::procedure::review_due(p.reviewed_on);
            let overdue = due < time::OffsetDateTime::now_utc().date();
            let key = if overdue {
                "procedure-review-overdue"
            } else {
                "procedure-review-due"
            };
            let date = crate::i18n::format_date(lang, due);
            (crate::i18n::t_args(lang, key, &[("date", date)]), overdue)
        }
    };
    Ok(SitePage {
        procedure,
        page: Page::new(&auth.ctx, site.name.clone()),
        can_start: who.can_answer(&site.path()) && next_year <= this_year + 1,
        site,
        assessments,
        year_value: year_value.unwrap_or(default_year),
        errors,
    })
}

#[derive(Deserialize)]
struct YearForm {
    #[serde(default)]
    year: String,
}

async fn form_create_assessment(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(site_id): PathParams<i64>,
    CsrfForm(form): CsrfForm<YearForm>,
) -> Result<Response> {
    let year = form.year.trim().parse::<i64>().ok();
    match start_assessment(&state, &auth.principal(), site_id, year).await {
        Ok(a) => Ok(Redirect::to(&format!("/assessments/{}", a.id)).into_response()),
        Err(e) => {
            let errors = FormErrors::from_result(auth.lang(), e)?;
            let view = site_view(&state, &auth, site_id, Some(form.year), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
        }
    }
}

async fn site_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let view = site_view(&state, &auth, id, None, FormErrors::default()).await?;
    Ok(render(&view)?.into_response())
}
