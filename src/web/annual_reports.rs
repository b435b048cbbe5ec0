//! The company's annual report (criterion 6): the list of years, the report of one year in
//! one language (page, JSON, PDF), its narrative saved in versions, and its publication,
//! which freezes figures and texts for good. Pages and API call the same operations.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::context::Auth;
use super::extract::{ApiJson, CsrfForm, PathParams, QueryParams};
use super::page::{FormErrors, Page, render};
use super::paging::{self, PageQuery};
use super::shared::access::may_see;
use super::shared::company_year::{Bar, check_year, company_facts};
use crate::AppState;
use crate::domain::annual_report::{self, Narrative, ReportFigures, SECTION_MAX_CHARS, Section};
use crate::domain::{Lang, NodeKind, Principal, Role, Visibility};
use crate::error::{Error, Msg, Problems, Result};
use crate::i18n;
use crate::pdf::annual_report::AnnualReport;
use crate::store::annual_reports::NarrativeVersion;
use crate::store::org::Node;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/companies/{id}/annual-reports", get(list_page))
        // `{year}` also matches `2026.pdf`: the handler tells them apart.
        .route("/companies/{id}/annual-reports/{year}", get(report_page))
        .route(
            "/companies/{id}/annual-reports/{year}/narrative",
            post(form_save),
        )
        .route(
            "/companies/{id}/annual-reports/{year}/publish",
            post(form_publish),
        )
        .routes(routes!(api_list))
        .routes(routes!(api_report))
        .routes(routes!(api_save))
        .routes(routes!(api_publish))
        .routes(routes!(api_versions))
}

// ---- who may do what ----

/// The company, if the caller may read its annual report: the people who see the group
/// dashboard (a site manager gets 403) and whose scope lies in this company (404 otherwise).
async fn readable_company(state: &AppState, who: &Principal, company_id: i64) -> Result<Node> {
    may_see(who)?;
    let company = state
        .store
        .node_of_kind(company_id, NodeKind::Company)
        .await?
        .ok_or(Error::NotFound)?;
    let ours = match who.role {
        Role::Admin => true,
        Role::Auditor => who.scopes.contains(&company_id),
        Role::CompanyAdmin => {
            let mut inside = who.scopes.contains(&company_id);
            for scope in &who.scopes {
                if inside {
                    break;
                }
                inside = state
                    .store
                    .node(*scope)
                    .await?
                    .is_some_and(|n| n.company_id == Some(company_id));
            }
            inside
        }
        Role::SiteManager => false,
    };
    if !ours {
        return Err(Error::NotFound);
    }
    Ok(company)
}

fn may_write(who: &Principal, company_id: i64) -> Result<()> {
    if who.can_write_annual_report(company_id) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

// ---- inputs ----

/// The report's language: `raw` if given, else the caller's.
fn report_lang(raw: Option<&str>, default: Lang) -> Result<Lang> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some(code) => Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
            .ok_or_else(|| {
                Error::invalid("lang", Msg::new("annual-lang-unknown").arg("value", code))
            }),
    }
}

/// The `{year}` segment of a report's address: the year, and whether the PDF is asked for.
fn year_segment(raw: &str) -> Result<(i32, bool)> {
    let (digits, pdf) = match raw.strip_suffix(".pdf") {
        Some(d) => (d, true),
        None => (raw, false),
    };
    let year: i32 = digits.parse().map_err(|_| Error::NotFound)?;
    Ok((check_year(year)?, pdf))
}

#[derive(Debug, Default, Deserialize)]
struct LangQuery {
    lang: Option<String>,
    done: Option<String>,
}

// ---- the operations ----

/// The figures of the year as the data stand today, over every site of the company (the
/// report speaks for the whole company, whoever reads it).
async fn live_figures(
    state: &AppState,
    company: &Node,
    year: i32,
    lang: Lang,
) -> Result<ReportFigures> {
    let today = time::OffsetDateTime::now_utc().date();
    let as_of = annual_report::as_of(year, today);
    let sites = company_facts(state, Visibility::All, company.id, year).await?;
    let counts = state.store.year_counts(company.id, year, as_of).await?;
    let criteria: Vec<(String, u8, String)> = state
        .criteria
        .current()
        .criteria
        .iter()
        .map(|c| (c.id.clone(), c.number, c.title.get(lang).to_owned()))
        .collect();
    Ok(annual_report::figures(
        &company.name,
        year,
        as_of,
        &criteria,
        &sites,
        counts,
    ))
}

/// A report as it stands: frozen once published, live before.
struct Loaded {
    company: Node,
    year: i32,
    lang: Lang,
    figures: ReportFigures,
    narrative: Narrative,
    /// The narrative's version shown (0: none saved yet).
    version: i64,
    published_at: Option<String>,
    versions: Vec<NarrativeVersion>,
}

impl Loaded {
    fn state(&self) -> &'static str {
        match (&self.published_at, self.version) {
            (Some(_), _) => "published",
            (None, 0) => "not_started",
            (None, _) => "draft",
        }
    }

    fn view(&self) -> AnnualReportView {
        AnnualReportView {
            company_id: self.company.id,
            company: self.figures.company.clone(),
            year: self.year,
            lang: self.lang.code(),
            state: self.state(),
            version: self.version,
            published_at: self.published_at.clone(),
            figures: self.figures.clone(),
            narrative: self.narrative.clone(),
        }
    }

    fn report(&self) -> AnnualReport {
        AnnualReport::new(
            self.lang,
            self.figures.clone(),
            &self.narrative,
            self.published_at.as_deref(),
            self.version,
        )
    }
}

async fn load(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    year: i32,
    lang: Lang,
) -> Result<Loaded> {
    let company = readable_company(state, who, company_id).await?;
    let versions = state
        .store
        .narrative_versions(company_id, year, lang)
        .await?;
    let (figures, narrative, version, published_at) =
        match state.store.published_report(company_id, year, lang).await? {
            Some(p) => (
                p.figures,
                p.version.narrative,
                p.version.version,
                Some(p.published_at),
            ),
            None => {
                let figures = live_figures(state, &company, year, lang).await?;
                let (narrative, version) = versions
                    .first()
                    .map(|v| (v.narrative.clone(), v.version))
                    .unwrap_or_default();
                (figures, narrative, version, None)
            }
        };
    Ok(Loaded {
        company,
        year,
        lang,
        figures,
        narrative,
        version,
        published_at,
        versions,
    })
}

/// Saves the texts as a new version on top of `base_version`.
async fn save(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    year: i32,
    lang: Lang,
    base_version: Option<i64>,
    sections: &BTreeMap<String, String>,
) -> Result<NarrativeVersion> {
    readable_company(state, who, company_id).await?;
    may_write(who, company_id)?;
    let mut problems = Problems::default();
    let narrative = Narrative::parse(sections, &mut problems);
    let base = problems.check(
        "base_version",
        base_version
            .filter(|v| *v >= 0)
            .ok_or(Msg::new("annual-base-version-invalid")),
    );
    problems.finish()?;
    let base = base.ok_or_else(|| anyhow::anyhow!("checked base version is missing"))?;
    state
        .store
        .save_narrative(company_id, year, lang, base, &narrative, who.user_id)
        .await
}

/// Freezes today's figures with the latest narrative (`expected`: the version the
/// publisher read, if they say).
async fn publish(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    year: i32,
    lang: Lang,
    expected: Option<i64>,
) -> Result<()> {
    let company = readable_company(state, who, company_id).await?;
    may_write(who, company_id)?;
    if state
        .store
        .published_report(company_id, year, lang)
        .await?
        .is_some()
    {
        return Err(Error::conflict("annual-report-already-published"));
    }
    let figures = live_figures(state, &company, year, lang).await?;
    state
        .store
        .publish_annual_report(company_id, year, lang, expected, &figures, who.user_id)
        .await
}

/// Per year, the state of each language: the years the company has assessments or reports
/// for, and the current one.
async fn list(state: &AppState, who: &Principal, company_id: i64) -> Result<(Node, Vec<YearRow>)> {
    let company = readable_company(state, who, company_id).await?;
    let mut years: Vec<i32> = state.store.company_assessment_years(company_id).await?;
    let states = state.store.annual_report_states(company_id).await?;
    years.extend(states.iter().map(|s| s.year));
    years.push(time::OffsetDateTime::now_utc().year());
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let rows = years
        .into_iter()
        .map(|year| YearRow {
            year,
            langs: Lang::ALL
                .into_iter()
                .map(|lang| {
                    let s = states.iter().find(|s| s.year == year && s.lang == lang);
                    LangState {
                        lang,
                        version: s.map_or(0, |s| s.latest_version),
                        published_at: s.and_then(|s| s.published_at.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    Ok((company, rows))
}

struct YearRow {
    year: i32,
    langs: Vec<LangState>,
}

struct LangState {
    lang: Lang,
    version: i64,
    published_at: Option<String>,
}

impl LangState {
    fn state(&self) -> &'static str {
        match (&self.published_at, self.version) {
            (Some(_), _) => "published",
            (None, 0) => "not_started",
            (None, _) => "draft",
        }
    }
}

// ---- the answers ----

/// A year's annual report in one language.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AnnualReportView {
    pub company_id: i64,
    /// The company's name as the figures state it (on the day of publication, once published).
    pub company: String,
    pub year: i32,
    /// `en`, `fr` or `nl`.
    pub lang: &'static str,
    /// `not_started` (no text saved), `draft` or `published`.
    pub state: &'static str,
    /// The version of the texts shown; 0 while none is saved.
    pub version: i64,
    /// When it was published; `null` before.
    pub published_at: Option<String>,
    /// The figures: frozen once published, as the data stand today before.
    pub figures: ReportFigures,
    /// The texts by section key; a section left empty is not listed.
    #[schema(value_type = BTreeMap<String, String>)]
    pub narrative: Narrative,
}

/// One year and language of the company's annual reports.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AnnualReportState {
    pub year: i32,
    /// `en`, `fr` or `nl`.
    pub lang: &'static str,
    /// `not_started` (no text saved), `draft` or `published`.
    pub state: &'static str,
    /// The latest version of the texts; 0 while none is saved.
    pub version: i64,
    /// When it was published; `null` before.
    pub published_at: Option<String>,
}

/// A page of the company's annual reports, newest year first.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AnnualReportsAnswer {
    pub company_id: i64,
    /// The company's name.
    pub company: String,
    pub reports: Vec<AnnualReportState>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

/// One saved version of a year's texts.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NarrativeVersionView {
    pub version: i64,
    /// The e-mail of who saved it.
    pub created_by: String,
    pub created_at: String,
    /// The texts by section key; a section left empty is not listed.
    #[schema(value_type = BTreeMap<String, String>)]
    pub sections: Narrative,
}

impl From<&NarrativeVersion> for NarrativeVersionView {
    fn from(v: &NarrativeVersion) -> NarrativeVersionView {
        NarrativeVersionView {
            version: v.version,
            created_by: v.created_by_email.clone(),
            created_at: v.created_at.clone(),
            sections: v.narrative.clone(),
        }
    }
}

/// A page of the saved versions of a year's texts in one language, newest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NarrativeVersionsAnswer {
    pub year: i32,
    /// `en`, `fr` or `nl`.
    pub lang: &'static str,
    pub versions: Vec<NarrativeVersionView>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

async fn pdf(loaded: Loaded) -> Result<Response> {
    let name = format!(
        "annual-report-{}-{}-{}.pdf",
        loaded.company.id,
        loaded.year,
        loaded.lang.code()
    );
    let report = loaded.report();
    let bytes = tokio::task::spawn_blocking(move || crate::pdf::annual_report::render(&report))
        .await
        .map_err(|e| anyhow::anyhow!("rendering an annual report: {e}"))?;
    Ok(super::download::private_file(
        bytes,
        "application/pdf",
        super::download::Disposition::Attachment,
        &name,
    ))
}

// ---- the API ----

#[utoipa::path(
    operation_id = "annual_reports_list",
    get,
    path = "/api/v1/companies/{id}/annual-reports",
    tag = "annual reports",
    summary = "The company's annual reports: per year and language, draft version or publication date",
    description = "For those who see the group dashboard and whose scope lies in the company (a site manager gets 403): every year the company has assessments or reports for, and the current one, in each language.",
    params(("id" = i64, Path, description = "The company"), PageQuery),
    responses(
        (status = 200, description = "The reports", body = AnnualReportsAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<AnnualReportsAnswer>> {
    let (company, rows) = list(&state, &auth.principal(), company_id).await?;
    let all: Vec<AnnualReportState> = rows
        .iter()
        .flat_map(|r| {
            r.langs.iter().map(move |l| AnnualReportState {
                year: r.year,
                lang: l.lang.code(),
                state: l.state(),
                version: l.version,
                published_at: l.published_at.clone(),
            })
        })
        .collect();
    let (reports, next) = paging::page_of(all, &p)?;
    Ok(axum::Json(AnnualReportsAnswer {
        company_id: company.id,
        company: company.name,
        reports,
        next_cursor: next,
    }))
}

#[utoipa::path(
    operation_id = "annual_reports_get",
    get,
    path = "/api/v1/companies/{id}/annual-reports/{year}",
    tag = "annual reports",
    summary = "A year's annual report: the figures (frozen once published), the texts, the version; YEAR.pdf for the PDF",
    description = "For those who may read the company's reports (a site manager gets 403). Before publication the figures are computed from today's data; `YEAR.pdf` answers the same report as a PDF.",
    params(("id" = i64, Path, description = "The company"), ("year" = String, Path, description = "The reporting year, or YEAR.pdf for the PDF"), ("lang" = Option<String>, Query, pattern = "^(en|fr|nl)?$", description = "The report's language: en, fr or nl (default: the caller's)")),
    responses(
        (status = 200, description = "The report (JSON), or the PDF for YEAR.pdf", content(
            (AnnualReportView = "application/json"),
            (crate::web::openapi::FileBody = "application/pdf"),
        )),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_report(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, String)>,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<Response> {
    let (year, want_pdf) = year_segment(&year)?;
    let lang = report_lang(q.lang.as_deref(), auth.lang())?;
    let loaded = load(&state, &auth.principal(), company_id, year, lang).await?;
    if want_pdf {
        return pdf(loaded).await;
    }
    Ok(axum::Json(loaded.view()).into_response())
}

#[utoipa::path(
    operation_id = "annual_reports_versions",
    get,
    path = "/api/v1/companies/{id}/annual-reports/{year}/versions",
    tag = "annual reports",
    summary = "Every saved version of a year's texts, newest first",
    description = "For those who may read the company's reports (a site manager gets 403): each version with who saved it and when.",
    params(("id" = i64, Path, description = "The company"), ("year" = i32, Path, description = "The reporting year"), ("lang" = Option<String>, Query, pattern = "^(en|fr|nl)?$", description = "The report's language: en, fr or nl (default: the caller's)"), PageQuery),
    responses(
        (status = 200, description = "The versions", body = NarrativeVersionsAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_versions(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, i32)>,
    QueryParams(q): QueryParams<LangQuery>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<NarrativeVersionsAnswer>> {
    let year = check_year(year)?;
    let lang = report_lang(q.lang.as_deref(), auth.lang())?;
    readable_company(&state, &auth.principal(), company_id).await?;
    let versions = state
        .store
        .narrative_versions(company_id, year, lang)
        .await?;
    let (versions, next) = paging::page_of(versions, &p)?;
    Ok(axum::Json(NarrativeVersionsAnswer {
        year,
        lang: lang.code(),
        versions: versions.iter().map(NarrativeVersionView::from).collect(),
        next_cursor: next,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SaveBody {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    base_version: Option<i64>,
    #[serde(default)]
    sections: BTreeMap<String, String>,
}

#[utoipa::path(
    operation_id = "annual_reports_save",
    put,
    path = "/api/v1/companies/{id}/annual-reports/{year}/narrative",
    tag = "annual reports",
    summary = "Save the texts as a new version (409 if base_version is not the latest, or once published)",
    description = "For those who may write the company's report. `base_version` is the version the writer started from (0 for the first); `sections` holds the texts by section key, at most 10000 characters each.",
    params(("id" = i64, Path, description = "The company"), ("year" = i32, Path, description = "The reporting year")),
    request_body = SaveBody,
    responses(
        (status = 201, description = "The new version", body = NarrativeVersionView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The report is already published, or `base_version` is not the latest version (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_save(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, i32)>,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<(StatusCode, axum::Json<NarrativeVersionView>)> {
    let year = check_year(year)?;
    let lang = report_lang(body.lang.as_deref(), auth.lang())?;
    let v = save(
        &state,
        &auth.principal(),
        company_id,
        year,
        lang,
        body.base_version,
        &body.sections,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(NarrativeVersionView::from(&v)),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct PublishBody {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    version: Option<i64>,
}

#[utoipa::path(
    operation_id = "annual_reports_publish",
    post,
    path = "/api/v1/companies/{id}/annual-reports/{year}/publish",
    tag = "annual reports",
    summary = "Publish the year's report in a language: figures and texts are frozen for good",
    description = "For those who may write the company's report. Freezes today's figures with the latest texts; `version`, if given, must be that latest version (the one the publisher read).",
    params(("id" = i64, Path, description = "The company"), ("year" = i32, Path, description = "The reporting year")),
    request_body = PublishBody,
    responses(
        (status = 200, description = "The published report", body = AnnualReportView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The report is already published, no text is saved yet, or `version` is not the latest (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_publish(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, i32)>,
    ApiJson(body): ApiJson<PublishBody>,
) -> Result<axum::Json<AnnualReportView>> {
    let year = check_year(year)?;
    let lang = report_lang(body.lang.as_deref(), auth.lang())?;
    let who = auth.principal();
    publish(&state, &who, company_id, year, lang, body.version).await?;
    Ok(axum::Json(
        load(&state, &who, company_id, year, lang).await?.view(),
    ))
}

// ---- the pages ----

#[derive(Template)]
#[template(path = "annual_reports.html")]
struct ListPage {
    page: Page,
    company: Node,
    rows: Vec<YearRow>,
}

impl ListPage {
    fn state_label(&self, l: &LangState) -> String {
        match (&l.published_at, l.version) {
            (Some(at), _) => self
                .page
                .t1("annual-state-published", "date", self.page.date(at)),
            (None, 0) => self.page.t("annual-state-not-started"),
            (None, v) => self.page.t1("annual-state-draft", "version", v),
        }
    }
}

async fn list_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
) -> Result<Response> {
    let (company, rows) = list(&state, &auth.principal(), company_id).await?;
    let title = format!(
        "{} — {}",
        i18n::t(auth.lang(), "annual-list-title"),
        company.name
    );
    Ok(render(&ListPage {
        page: Page::new(&auth.ctx, title),
        company,
        rows,
    })?
    .into_response())
}

/// A narrative section as the edit form shows it.
struct FormSection {
    key: &'static str,
    label: String,
    text: String,
}

#[derive(Template)]
#[template(path = "annual_report.html")]
struct ReportPage {
    page: Page,
    company_id: i64,
    year: i32,
    r: AnnualReport,
    bars: Vec<Bar>,
    lang_code: &'static str,
    langs: Vec<(&'static str, &'static str)>,
    versions: Vec<NarrativeVersion>,
    can_edit: bool,
    form: Vec<FormSection>,
    base_version: i64,
    errors: FormErrors,
    notice: Option<String>,
    max_chars: usize,
}

impl ReportPage {
    fn bar_width(&self, b: &Bar) -> u32 {
        b.value.min(100) * 3
    }

    fn is_lang(&self, code: &str) -> bool {
        self.lang_code == code
    }
}

/// What a failed form brings back: the status, the errors and what was typed.
struct Typed {
    status: StatusCode,
    errors: FormErrors,
    /// The texts typed, when the failed form was the one that carries them.
    sections: Option<BTreeMap<String, String>>,
    base_version: Option<i64>,
}

async fn show(
    state: &AppState,
    auth: &Auth,
    company_id: i64,
    year: i32,
    lang: Lang,
    notice: Option<String>,
    typed: Option<Typed>,
) -> Result<Response> {
    let who = auth.principal();
    let loaded = load(state, &who, company_id, year, lang).await?;
    let can_edit = loaded.published_at.is_none() && who.can_write_annual_report(company_id);
    let (status, errors, typed_sections, base_version) = match typed {
        Some(t) => (
            t.status,
            t.errors,
            t.sections,
            t.base_version.unwrap_or(loaded.version),
        ),
        None => (StatusCode::OK, FormErrors::default(), None, loaded.version),
    };
    let titles: BTreeMap<u8, String> = loaded
        .figures
        .criteria
        .iter()
        .map(|c| (c.number, c.title.clone()))
        .collect();
    let form = Section::ALL
        .into_iter()
        .map(|s| FormSection {
            key: s.key(),
            label: match s.criterion() {
                Some(n) => format!(
                    "{n}. {} — {}",
                    titles.get(&n).map_or("", String::as_str),
                    i18n::t(lang, "annual-what-we-did")
                ),
                None => i18n::t(lang, &format!("annual-section-{}", s.key())),
            },
            text: match &typed_sections {
                Some(t) => t.get(s.key()).cloned().unwrap_or_default(),
                None => loaded.narrative.get(s).to_owned(),
            },
        })
        .collect();
    let r = loaded.report();
    let bars = r
        .criteria
        .iter()
        .map(|c| Bar {
            label: format!("{}. {}", c.number, c.title),
            value: c.share.unwrap_or(0),
        })
        .collect();
    let title = format!("{} — {}", r.title, r.company);
    let page = ReportPage {
        page: Page::new(&auth.ctx, title),
        company_id,
        year,
        bars,
        lang_code: lang.code(),
        langs: Lang::ALL
            .into_iter()
            .map(|l| (l.code(), l.native_name()))
            .collect(),
        versions: loaded.versions,
        can_edit,
        form,
        base_version,
        errors,
        notice,
        max_chars: SECTION_MAX_CHARS,
        r,
    };
    Ok((status, render(&page)?).into_response())
}

async fn report_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, String)>,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<Response> {
    let (year, want_pdf) = year_segment(&year)?;
    let lang = report_lang(q.lang.as_deref(), auth.lang())?;
    if want_pdf {
        let loaded = load(&state, &auth.principal(), company_id, year, lang).await?;
        return pdf(loaded).await;
    }
    let notice = match q.done.as_deref() {
        Some("saved") => Some(i18n::t(auth.lang(), "notice-saved")),
        Some("published") => Some(i18n::t(auth.lang(), "annual-published-done")),
        _ => None,
    };
    show(&state, &auth, company_id, year, lang, notice, None).await
}

fn done(company_id: i64, year: i32, lang: Lang, what: &str) -> Response {
    Redirect::to(&format!(
        "/companies/{company_id}/annual-reports/{year}?lang={}&done={what}",
        lang.code()
    ))
    .into_response()
}

async fn form_save(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, i32)>,
    CsrfForm(mut fields): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response> {
    let year = check_year(year)?;
    fields.remove("csrf");
    let lang = report_lang(fields.remove("lang").as_deref(), auth.lang())?;
    let base_version = fields
        .remove("base_version")
        .and_then(|v| v.trim().parse::<i64>().ok());
    let who = auth.principal();
    match save(&state, &who, company_id, year, lang, base_version, &fields).await {
        Ok(_) => Ok(done(company_id, year, lang, "saved")),
        Err(e) => {
            let (status, errors) = FormErrors::with_status(auth.lang(), e)?;
            let typed = Typed {
                status,
                errors,
                sections: Some(fields),
                base_version,
            };
            show(&state, &auth, company_id, year, lang, None, Some(typed)).await
        }
    }
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    confirm: Option<String>,
}

async fn form_publish(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((company_id, year)): PathParams<(i64, i32)>,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> Result<Response> {
    let year = check_year(year)?;
    let lang = report_lang(form.lang.as_deref(), auth.lang())?;
    let who = auth.principal();
    let expected = form
        .version
        .as_deref()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let result = if form.confirm.as_deref() == Some("yes") {
        publish(&state, &who, company_id, year, lang, expected).await
    } else {
        // Refuse people who may not publish before telling them about the box.
        readable_company(&state, &who, company_id).await?;
        may_write(&who, company_id)?;
        Err(Error::invalid(
            "confirm",
            Msg::new("annual-publish-confirm-required"),
        ))
    };
    match result {
        Ok(()) => Ok(done(company_id, year, lang, "published")),
        Err(e) => {
            let (status, errors) = FormErrors::with_status(auth.lang(), e)?;
            show(
                &state,
                &auth,
                company_id,
                year,
                lang,
                None,
                Some(Typed {
                    status,
                    errors,
                    sections: None,
                    base_version: None,
                }),
            )
            .await
        }
    }
}
