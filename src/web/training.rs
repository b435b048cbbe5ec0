//! Staff training: the modules, the site's roster and coverage, and the spreadsheet import
//! (API with dry run; pages with a preview to confirm).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::context::Auth;
use super::extract::{CsrfForm, PathParams, QueryParams, check_csrf};
use super::extract::{LangQuery, query_lang};
use super::page::{Page, filters, render};
use super::paging::{self, PageQuery};
use super::shared::access::site_for;
use crate::AppState;
use crate::domain::coverage::{self, Attention, Coverage, RoleTally, Standing};
use crate::domain::{Delivery, JobRole, Lang, search};
use crate::error::{Error, Msg, Result};
use crate::i18n;
use crate::import::training::{
    FileError, Plan, RowError, delivery_value, prepare, role_value, template_csv, vocabulary,
};
use crate::store::org::Site;
use crate::store::training::Staff;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest spreadsheet accepted (a 250,000-row CSV is about 10 MB).
pub const IMPORT_LIMIT_MB: usize = 25;

pub fn router() -> OpenApiRouter<AppState> {
    let upload_limit = DefaultBodyLimit::max(IMPORT_LIMIT_MB * 1024 * 1024 + 64 * 1024);
    OpenApiRouter::new()
        .routes(routes!(api_modules))
        .routes(routes!(template))
        .route("/training/template.csv", get(template))
        .routes(routes!(api_staff))
        .routes(routes!(api_coverage))
        .routes({
            let (schemas, paths, methods) = routes!(api_import);
            (schemas, paths, methods.layer(upload_limit))
        })
        .route("/sites/{id}/training", get(training_page))
        .route(
            "/sites/{id}/training/import",
            post(form_import).layer(upload_limit),
        )
        .route("/sites/{id}/training/import/confirm", post(form_confirm))
        .routes(routes!(
            api_export_person,
            api_update_person,
            api_erase_person
        ))
        .route(
            "/sites/{id}/staff/{employee_ref}/export.json",
            get(api_export_person),
        )
        .route("/sites/{id}/staff/{employee_ref}/left", post(form_left))
        .route("/sites/{id}/staff/{employee_ref}/erase", post(form_erase))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

async fn site_coverage(state: &AppState, site_id: i64) -> Result<Coverage> {
    let (staff, completions) = state.store.coverage_inputs(site_id).await?;
    Ok(coverage::coverage(
        &state.criteria.current().training_modules,
        &staff,
        &completions,
        today(),
    ))
}

/// How many spreadsheets the process reads at once. Each is at most [`IMPORT_LIMIT_MB`] as
/// sent and 256 MB unpacked (the xlsx guard's budget), so a few hundred megabytes each at the
/// worst; more imports wait their turn (without holding a worker thread, within the request
/// time limit) rather than add up.
pub const PARSE_JOBS: usize = 2;

/// The turns to read a spreadsheet, for the whole process (memory is the process's).
pub static PARSE_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(PARSE_JOBS);

/// Waits for a turn to read a spreadsheet; the turn ends when the permit is dropped.
async fn parse_turn() -> Result<tokio::sync::SemaphorePermit<'static>> {
    PARSE_SLOTS
        .acquire()
        .await
        .map_err(|e| anyhow::anyhow!("import turns: {e}").into())
}

/// Checks `bytes` against the site's data: the plan, or why the file is unusable. Reading
/// a file takes seconds of CPU: it runs on a blocking thread, in its turn, never on the
/// threads that answer requests.
async fn plan_import(
    state: &AppState,
    site_id: i64,
    bytes: Bytes,
) -> Result<Result<Plan, FileError>> {
    let _turn = parse_turn().await?;
    let existing = state.store.existing_training(site_id).await?;
    let vocab = vocabulary(state.criteria.current());
    let today = today();
    tokio::task::spawn_blocking(move || prepare(&bytes, &vocab, &existing, today))
        .await
        .map_err(|e| anyhow::anyhow!("checking the file failed: {e}").into())
}

// ---- API ----

/// A training module and who must hold it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingModuleView {
    /// The module's id, as import files and training records name it.
    pub id: String,
    pub title: String,
    /// How long a completion stays valid.
    pub validity_months: u32,
    /// The job roles that must hold the module.
    pub roles: Vec<JobRole>,
    /// Days a new member of staff has to complete it.
    pub due_within_days: u32,
    /// Modules that a completion of this one renews.
    pub renews: Vec<String>,
}

#[utoipa::path(
    operation_id = "training_modules",
    get,
    path = "/api/v1/training-modules",
    tag = "training",
    summary = "The training modules and who needs them",
    description = "Any signed-in user: the modules of the current criteria version, titles in `lang` or the caller's language.",
    params(LangQuery),
    responses((status = 200, description = "The modules", body = Vec<TrainingModuleView>))
)]
async fn api_modules(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<axum::Json<Vec<TrainingModuleView>>> {
    let lang = query_lang(q.lang.as_deref(), auth.lang())?;
    let modules = state
        .criteria
        .current()
        .training_modules
        .iter()
        .map(|m| TrainingModuleView {
            id: m.id.clone(),
            title: m.title.get(lang).to_owned(),
            validity_months: m.validity_months,
            roles: m.roles.clone(),
            due_within_days: m.due_within_days,
            renews: m.renews.clone(),
        })
        .collect();
    Ok(axum::Json(modules))
}

/// The import template, its header in the asked (or the user's) language.
#[utoipa::path(
    operation_id = "training_template",
    get,
    path = "/api/v1/training-template.csv",
    tag = "training",
    summary = "The CSV template for training imports",
    description = "Any signed-in user: the header of an import file (`;`-separated, as Belgian Excel expects), its column names in `lang` or the caller's language, and one example row per job role naming the current modules.",
    params(LangQuery),
    responses((status = 200, description = "The CSV", content_type = "text/csv", body = crate::web::openapi::FileBody))
)]
async fn template(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<Response> {
    let lang = query_lang(q.lang.as_deref(), auth.lang())?;
    let modules: Vec<String> = state
        .criteria
        .current()
        .training_modules
        .iter()
        .map(|m| m.id.clone())
        .collect();
    let body = template_csv(lang, &modules);
    let name = i18n::t(lang, "template-file-name");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// A member of a site's staff.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StaffMemberView {
    /// The site's own reference for the person, unique in the site.
    pub employee_ref: String,
    pub first_name: String,
    pub last_name: String,
    pub job_role: JobRole,
    /// YYYY-MM-DD.
    pub start_date: String,
    /// Has not left.
    pub active: bool,
    /// YYYY-MM-DD; `null` while the person works at the site.
    pub left_on: Option<String>,
}

impl From<&Staff> for StaffMemberView {
    fn from(s: &Staff) -> StaffMemberView {
        StaffMemberView {
            employee_ref: s.employee_ref.clone(),
            first_name: s.first_name.clone(),
            last_name: s.last_name.clone(),
            job_role: s.job_role,
            start_date: s.start_date.to_string(),
            active: s.left_on.is_none(),
            left_on: s.left_on.map(|d| d.to_string()),
        }
    }
}

/// A page of a site's staff.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StaffListAnswer {
    pub staff: Vec<StaffMemberView>,
    /// The `cursor` of the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[utoipa::path(
    operation_id = "training_staff",
    get,
    path = "/api/v1/sites/{id}/staff",
    tag = "training",
    summary = "A site's staff with their training",
    description = "Whoever may see the site may list its staff, narrowed by role, by whether they still work there, and by part of a reference or name.",
    params(("id" = i64, Path, description = "The site"), StaffQuery, PageQuery),
    responses((status = 200, description = "The staff", body = StaffListAnswer))
)]
async fn api_staff(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<StaffQuery>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<StaffListAnswer>> {
    let site = site_for(&state, &auth, id, false).await?;
    let role = q.role.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let needle = q.q.as_deref().map(|s| search::fold(s.trim()));
    let staff: Vec<_> = state
        .store
        .staff(site.id)
        .await?
        .into_iter()
        .filter(|s| role.is_none_or(|r| s.job_role.key() == r))
        .filter(|s| !q.current.unwrap_or(false) || s.left_on.is_none())
        .filter(|s| {
            needle.as_deref().is_none_or(|n| {
                search::fold(&s.employee_ref).contains(n)
                    || search::fold(&format!("{} {}", s.first_name, s.last_name)).contains(n)
            })
        })
        .collect();
    let (staff, next) = paging::page_of(staff, &p)?;
    Ok(axum::Json(StaffListAnswer {
        staff: staff.iter().map(StaffMemberView::from).collect(),
        next_cursor: next,
    }))
}

/// Narrows `GET /api/v1/sites/{id}/staff`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct StaffQuery {
    /// The job role key, e.g. reception.
    role: Option<String>,
    /// Only people who have not left.
    current: Option<bool>,
    /// Part of the employee reference or name.
    q: Option<String>,
}

/// Where a person stands on a module that needs attention.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttentionState {
    /// Valid, expiring on `date`.
    Expiring,
    /// Never trained, due by `date` (still within the period new staff have).
    Pending,
    /// Never trained, and past the due `date`.
    NeverTrained,
    /// Expired on `date`.
    Expired,
}

/// One person and module that needs attention.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AttentionView {
    pub employee_ref: String,
    pub role: JobRole,
    pub module: String,
    pub state: AttentionState,
    /// YYYY-MM-DD; what it is depends on `state`.
    pub date: String,
}

impl From<&Attention> for AttentionView {
    fn from(a: &Attention) -> AttentionView {
        let (state, date) = match a.standing {
            Standing::Valid { until } => (AttentionState::Expiring, until),
            Standing::Pending { due } => (AttentionState::Pending, due),
            Standing::NeverTrained { due } => (AttentionState::NeverTrained, due),
            Standing::Expired { since } => (AttentionState::Expired, since),
        };
        AttentionView {
            employee_ref: a.employee_ref.clone(),
            role: a.role,
            module: a.module.clone(),
            state,
            date: date.to_string(),
        }
    }
}

/// People required and trained for a job role.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RoleCoverageView {
    pub role: JobRole,
    /// Active people in the role.
    pub required: usize,
    /// Of those, trained and valid today.
    pub trained: usize,
    /// Trained over required, in percent with one decimal; `null` when nobody is required.
    pub percent: Option<f64>,
}

impl From<&RoleTally> for RoleCoverageView {
    fn from(r: &RoleTally) -> RoleCoverageView {
        RoleCoverageView {
            role: r.role,
            required: r.tally.required,
            trained: r.tally.trained,
            percent: r.tally.percent,
        }
    }
}

/// People required and trained for a module, in all and by role.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ModuleCoverageView {
    pub module: String,
    /// Active people whose role requires the module.
    pub required: usize,
    /// Of those, trained and valid today.
    pub trained: usize,
    /// Trained over required, in percent with one decimal; `null` when nobody is required.
    pub percent: Option<f64>,
    pub by_role: Vec<RoleCoverageView>,
}

/// A site's training coverage today.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CoverageView {
    /// YYYY-MM-DD: the day the figures hold for.
    pub as_of: String,
    /// People trained and valid for every module their role requires, in percent; `null`
    /// when nobody is required.
    pub overall: Option<f64>,
    pub required: usize,
    pub trained: usize,
    pub by_role: Vec<RoleCoverageView>,
    pub by_module: Vec<ModuleCoverageView>,
    /// How many people are overdue on at least one module.
    pub overdue: usize,
    /// Each person and module overdue: never trained past the period for new staff, or
    /// expired.
    pub overdue_list: Vec<AttentionView>,
    /// Each person and module valid today but expiring soon.
    pub expiring: Vec<AttentionView>,
}

impl From<&Coverage> for CoverageView {
    fn from(c: &Coverage) -> CoverageView {
        CoverageView {
            as_of: today().to_string(),
            overall: c.overall.percent,
            required: c.overall.required,
            trained: c.overall.trained,
            by_role: c.by_role.iter().map(RoleCoverageView::from).collect(),
            by_module: c
                .by_module
                .iter()
                .map(|m| ModuleCoverageView {
                    module: m.module.clone(),
                    required: m.tally.required,
                    trained: m.tally.trained,
                    percent: m.tally.percent,
                    by_role: m.by_role.iter().map(RoleCoverageView::from).collect(),
                })
                .collect(),
            overdue: c.overdue_people(),
            overdue_list: c.overdue.iter().map(AttentionView::from).collect(),
            expiring: c.expiring.iter().map(AttentionView::from).collect(),
        }
    }
}

#[utoipa::path(
    operation_id = "training_coverage",
    get,
    path = "/api/v1/sites/{id}/training-coverage",
    tag = "training",
    summary = "A site's training coverage by role and module",
    description = "Whoever may see the site may read it: today's share of active staff trained and valid for the modules their role requires, and who is overdue or expiring.",
    params(("id" = i64, Path, description = "The site")),
    responses((status = 200, description = "The coverage", body = CoverageView))
)]
async fn api_coverage(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<CoverageView>> {
    let site = site_for(&state, &auth, id, false).await?;
    Ok(axum::Json(CoverageView::from(
        &site_coverage(&state, site.id).await?,
    )))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    dry_run: Option<bool>,
}

/// A row of the file that cannot be imported, and why.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportRowErrorView {
    /// The line in the file.
    pub line: usize,
    /// The column at fault, as the file names it.
    pub column: String,
    /// For people, in the caller's language.
    pub message: String,
}

/// Why nothing was imported, when rows are wrong.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportErrorView {
    /// `invalid_rows`.
    pub code: String,
    /// For people, in the caller's language.
    pub message: String,
}

/// What an import did, or would do (`dry_run`), and the rows at fault.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportAnswer {
    /// Rows that add a person or a record (or would).
    pub added: usize,
    /// Rows that change what is stored (or would).
    pub updated: usize,
    /// Rows already as stored.
    pub unchanged: usize,
    /// Empty when every row can be imported; otherwise nothing is imported.
    pub errors: Vec<ImportRowErrorView>,
    /// Only checked: nothing was written.
    pub dry_run: bool,
    /// Present, with the answer 422, when any row is wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub error: Option<ImportErrorView>,
}

/// The body of a refused import (422): the counts and the rows at fault, with `error.code`
/// `invalid_rows`; or, for a file that cannot be read at all or a query that is not valid,
/// the error body of every operation (code `invalid`).
pub struct ImportRefusal;

impl utoipa::PartialSchema for ImportRefusal {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::Ref;
        utoipa::openapi::schema::AnyOfBuilder::new()
            .item(Ref::from_schema_name("ImportAnswer"))
            .item(Ref::from_schema_name("ErrorBody"))
            .description(Some(
                "The counts and the rows at fault (`error.code` `invalid_rows`), or the error body (code `invalid`).",
            ))
            .into()
    }
}

impl utoipa::ToSchema for ImportRefusal {}

#[utoipa::path(
    operation_id = "training_import",
    post,
    path = "/api/v1/sites/{id}/training-records/import",
    tag = "training",
    summary = "Import staff and training records (CSV or xlsx body); all rows or none",
    description = "For those who record the site's data (its managers and the company's admins). The body is the file itself, not a form. Every row is checked first: if any is wrong, nothing is written and the answer is 422 with the rows at fault; `dry_run=true` only checks.",
    params(("id" = i64, Path, description = "The site"), ImportQuery),
    request_body(content = crate::web::openapi::FileBody, content_type = "text/csv", description = "The file itself: a CSV (or an .xlsx workbook) with the template's columns"),
    responses(
        (status = 200, description = "What was imported (or, with `dry_run`, would be)", body = ImportAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 422, description = "Nothing imported: rows at fault (code `invalid_rows`, with the counts and `errors` per row), or a file that cannot be read or a query that is not valid (code `invalid`)", body = ImportRefusal),
    )
)]
async fn api_import(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<ImportQuery>,
    body: std::result::Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    let bytes = body.map_err(|_| Error::TooLarge {
        max_mb: IMPORT_LIMIT_MB,
    })?;
    let lang = auth.lang();
    let dry_run = q.dry_run.unwrap_or(false);
    let outcome = if dry_run {
        plan_import(&state, site.id, bytes).await?
    } else {
        // Checked and written together; rolled back if any row is wrong.
        let _turn = parse_turn().await?;
        let vocab = vocabulary(state.criteria.current());
        state
            .store
            .import_training(
                site.id,
                Some(auth.user.id),
                bytes.to_vec(),
                vocab,
                today(),
                &|_| {},
            )
            .await?
    };
    let plan = match outcome {
        Ok(plan) => plan,
        Err(FileError(msg)) => return Err(Error::invalid("file", msg)),
    };
    if !dry_run && plan.errors.is_empty() {
        training_changed(&state, site.id).await;
    }
    let mut body = ImportAnswer {
        added: plan.added,
        updated: plan.updated,
        unchanged: plan.unchanged,
        errors: errors_view(lang, &plan.errors),
        dry_run,
        error: None,
    };
    if !plan.errors.is_empty() {
        body.error = Some(ImportErrorView {
            code: "invalid_rows".to_owned(),
            message: i18n::msg(
                lang,
                &Msg::new("import-has-errors").arg("count", plan.errors.len()),
            ),
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response());
    }
    Ok(axum::Json(body).into_response())
}

fn errors_view(lang: Lang, errors: &[RowError]) -> Vec<ImportRowErrorView> {
    errors
        .iter()
        .map(|e| ImportRowErrorView {
            line: e.line,
            column: e.column.clone(),
            message: i18n::msg(lang, &e.msg),
        })
        .collect()
}

// ---- one person: export, left, erase ----

/// A site as a person's export names it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonSiteView {
    pub id: i64,
    pub name: String,
}

/// One training completion of a person.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonRecordView {
    pub module: String,
    /// YYYY-MM-DD.
    pub completed_on: String,
    pub delivery: Delivery,
    /// Who gave the training, as imported (may be empty).
    pub provider: String,
}

/// Everything the app keeps about one person.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonAnswer {
    pub site: PersonSiteView,
    pub staff: StaffMemberView,
    pub training_records: Vec<PersonRecordView>,
    pub exported_at: String,
}

async fn person_view(state: &AppState, site: &Site, employee_ref: &str) -> Result<PersonAnswer> {
    let (staff, records) = state
        .store
        .staff_member(site.id, employee_ref)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(PersonAnswer {
        site: PersonSiteView {
            id: site.id,
            name: site.name.clone(),
        },
        staff: StaffMemberView::from(&staff),
        training_records: records
            .iter()
            .map(|r| PersonRecordView {
                module: r.module.clone(),
                completed_on: r.completed_on.to_string(),
                delivery: r.delivery,
                provider: r.provider.clone(),
            })
            .collect(),
        exported_at: crate::store::now(),
    })
}

/// All the app keeps about one person, as a JSON file (the right of access).
#[utoipa::path(
    operation_id = "training_export_person",
    get,
    path = "/api/v1/sites/{id}/staff/{employee_ref}",
    tag = "training",
    summary = "Everything kept about one person (data export)",
    description = "For those who record the site's data (its managers and the company's admins), to answer a person's right of access: sent as an attachment `staff-<ref>.json`.",
    params(("id" = i64, Path, description = "The site"), ("employee_ref" = String, Path, description = "The employee reference")),
    responses(
        (status = 200, description = "The person and their records", body = PersonAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_export_person(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, employee_ref)): PathParams<(i64, String)>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    let body = person_view(&state, &site, &employee_ref).await?;
    let safe: String = employee_ref
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"staff-{safe}.json\""),
        )],
        axum::Json(body),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PersonBody {
    left_on: Option<String>,
}

fn parse_left_on(raw: Option<&str>) -> Result<Option<time::Date>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => crate::import::training::parse_date(raw)
            .filter(|d| *d <= today())
            .map(Some)
            .ok_or_else(|| {
                Error::invalid("left_on", Msg::new("import-date-invalid").arg("value", raw))
            }),
    }
}

#[utoipa::path(
    operation_id = "training_update_person",
    put,
    path = "/api/v1/sites/{id}/staff/{employee_ref}",
    tag = "training",
    summary = "Record that a person left",
    description = "For those who record the site's data (its managers and the company's admins). `left_on` (YYYY-MM-DD, not in the future) records the day the person left; `null` or empty clears it. The person's records stay.",
    params(("id" = i64, Path, description = "The site"), ("employee_ref" = String, Path, description = "The employee reference")),
    request_body = PersonBody,
    responses(
        (status = 200, description = "The person", body = PersonAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_update_person(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, employee_ref)): PathParams<(i64, String)>,
    super::extract::ApiJson(body): super::extract::ApiJson<PersonBody>,
) -> Result<axum::Json<PersonAnswer>> {
    let site = site_for(&state, &auth, id, true).await?;
    let left_on = parse_left_on(body.left_on.as_deref())?;
    if !state
        .store
        .set_staff_left(site.id, &employee_ref, left_on)
        .await?
    {
        return Err(Error::NotFound);
    }
    training_changed(&state, site.id).await;
    Ok(axum::Json(person_view(&state, &site, &employee_ref).await?))
}

/// What an erasure removed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErasedAnswer {
    /// Always `true`: the person is gone.
    pub erased: bool,
    /// How many of their training records were removed.
    pub training_records: u64,
}

#[utoipa::path(
    operation_id = "training_erase_person",
    delete,
    path = "/api/v1/sites/{id}/staff/{employee_ref}",
    tag = "training",
    summary = "Erase a person and their training records",
    description = "For those who record the site's data (its managers and the company's admins), to answer a person's right to erasure. Imports waiting for confirmation are dropped too (they may name the person); the audit trail notes that an erasure happened, not whom it concerned.",
    params(("id" = i64, Path, description = "The site"), ("employee_ref" = String, Path, description = "The employee reference")),
    responses(
        (status = 200, description = "What was erased", body = ErasedAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_erase_person(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, employee_ref)): PathParams<(i64, String)>,
) -> Result<axum::Json<ErasedAnswer>> {
    let site = site_for(&state, &auth, id, true).await?;
    let records = state
        .store
        .erase_staff(site.id, &employee_ref, auth.user.id)
        .await?
        .ok_or(Error::NotFound)?;
    training_changed(&state, site.id).await;
    Ok(axum::Json(ErasedAnswer {
        erased: true,
        training_records: records,
    }))
}

#[derive(Deserialize)]
struct LeftForm {
    #[serde(default)]
    left_on: String,
}

async fn form_left(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, employee_ref)): PathParams<(i64, String)>,
    CsrfForm(form): CsrfForm<LeftForm>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    let left_on = match parse_left_on(Some(&form.left_on)) {
        Ok(d) => d,
        Err(Error::Invalid(problems)) => {
            let message = problems
                .first()
                .map(|p| i18n::msg(auth.lang(), &p.msg))
                .unwrap_or_default();
            let view = training_view(&state, &auth, id, None, Some(message)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
        }
        Err(e) => return Err(e),
    };
    if !state
        .store
        .set_staff_left(site.id, &employee_ref, left_on)
        .await?
    {
        return Err(Error::NotFound);
    }
    training_changed(&state, site.id).await;
    Ok(Redirect::to(&format!("/sites/{}/training", site.id)).into_response())
}

#[derive(Deserialize)]
struct EraseForm {
    confirm: Option<String>,
}

async fn form_erase(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, employee_ref)): PathParams<(i64, String)>,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    if form.confirm.is_none() {
        let message = i18n::t(auth.lang(), "erase-confirm-needed");
        let view = training_view(&state, &auth, id, None, Some(message)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    }
    state
        .store
        .erase_staff(site.id, &employee_ref, auth.user.id)
        .await?
        .ok_or(Error::NotFound)?;
    training_changed(&state, site.id).await;
    Ok(Redirect::to(&format!("/sites/{}/training?erased=1", site.id)).into_response())
}

/// The site's stored training figures follow its records; a failure here only delays them
/// to the daily refresh.
async fn training_changed(state: &AppState, site_id: i64) {
    let today = time::OffsetDateTime::now_utc().date();
    if let Err(e) = super::shared::training_figures::refresh_training(
        state,
        state.criteria.current(),
        &[site_id],
        today,
    )
    .await
    {
        tracing::warn!(site = site_id, error = %e, "refreshing training figures failed");
    }
}

// ---- pages ----

pub struct StaffView {
    pub staff: Staff,
    /// The titles of the modules this person is overdue for, so "overdue" names the module
    /// (a manager valid on the basic module may still be overdue on the managers' one).
    pub overdue: Vec<String>,
}

#[derive(Template)]
#[template(path = "training.html")]
struct TrainingPage {
    page: Page,
    site: Site,
    coverage: Coverage,
    staff: Vec<StaffView>,
    shown_limit: usize,
    total_staff: usize,
    can_import: bool,
    notice: Option<String>,
    import_error: Option<String>,
    modules: Vec<(String, String)>,
}

impl TrainingPage {
    fn module_title(&self, id: &str) -> String {
        self.modules
            .iter()
            .find(|(m, _)| m == id)
            .map_or_else(|| id.to_owned(), |(_, t)| t.clone())
    }

    fn role_label(&self, role: &crate::domain::JobRole) -> String {
        self.page.t(&format!("job-role-{}", role.key()))
    }

    fn standing(&self, a: &Attention) -> String {
        match a.standing {
            Standing::Valid { until } => self.page.t1(
                "standing-expiring",
                "date",
                i18n::format_date(self.page.lang, until),
            ),
            Standing::Pending { due } => self.page.t1(
                "standing-pending",
                "date",
                i18n::format_date(self.page.lang, due),
            ),
            Standing::NeverTrained { due } => self.page.t1(
                "standing-never",
                "date",
                i18n::format_date(self.page.lang, due),
            ),
            Standing::Expired { since } => self.page.t1(
                "standing-expired",
                "date",
                i18n::format_date(self.page.lang, since),
            ),
        }
    }

    fn today(&self) -> String {
        i18n::format_date(self.page.lang, today())
    }

    /// The values an import file may write, in the reader's language.
    fn accepted(&self) -> String {
        let lang = self.page.lang;
        let list = |values: Vec<String>| values.join(", ");
        i18n::t_args(
            lang,
            "import-accepted",
            &[
                (
                    "roles",
                    list(JobRole::ALL.map(|r| role_value(lang, r)).to_vec()),
                ),
                (
                    "deliveries",
                    list(Delivery::ALL.map(|d| delivery_value(lang, d)).to_vec()),
                ),
                (
                    "modules",
                    list(self.modules.iter().map(|(id, _)| id.clone()).collect()),
                ),
            ],
        )
    }

    fn date(&self, d: &time::Date) -> String {
        i18n::format_date(self.page.lang, *d)
    }

    fn percent(&self, p: &Option<f64>) -> String {
        p.map_or_else(
            || "—".to_owned(),
            |p| format!("{}\u{a0}%", i18n::format_number(self.page.lang, p)),
        )
    }
}

/// How many staff rows the page lists; the API gives them all.
const STAFF_SHOWN: usize = 500;

async fn training_view(
    state: &AppState,
    auth: &Auth,
    id: i64,
    notice: Option<String>,
    import_error: Option<String>,
) -> Result<TrainingPage> {
    let site = site_for(state, auth, id, false).await?;
    let coverage = site_coverage(state, site.id).await?;
    let all = state.store.staff(site.id).await?;
    let total_staff = all.len();
    let lang = auth.lang();
    let modules: Vec<(String, String)> = state
        .criteria
        .current()
        .training_modules
        .iter()
        .map(|m| (m.id.clone(), m.title.get(lang).to_owned()))
        .collect();
    let title = |id: &str| {
        modules
            .iter()
            .find(|(m, _)| m == id)
            .map_or_else(|| id.to_owned(), |(_, t)| t.clone())
    };
    let staff = all
        .into_iter()
        .take(STAFF_SHOWN)
        .map(|s| StaffView {
            overdue: coverage
                .overdue_modules(&s.employee_ref)
                .into_iter()
                .map(title)
                .collect(),
            staff: s,
        })
        .collect();
    Ok(TrainingPage {
        page: Page::new(
            &auth.ctx,
            format!("{} — {}", i18n::t(lang, "training-title"), site.name),
        ),
        can_import: auth.principal().can_answer(&site.path()),
        modules,
        site,
        coverage,
        staff,
        shown_limit: STAFF_SHOWN,
        total_staff,
        notice,
        import_error,
    })
}

#[derive(Deserialize)]
struct NoticeQuery {
    imported: Option<String>,
    erased: Option<String>,
}

async fn training_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<NoticeQuery>,
) -> Result<Response> {
    let notice = match (q.imported, q.erased) {
        (Some(_), _) => Some(i18n::t(auth.lang(), "notice-imported")),
        (_, Some(_)) => Some(i18n::t(auth.lang(), "notice-erased")),
        _ => None,
    };
    Ok(render(&training_view(&state, &auth, id, notice, None).await?)?.into_response())
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    page: Page,
    site: Site,
    file_name: String,
    plan: Plan,
    errors: Vec<(usize, String, String)>,
    token: String,
}

fn preview(
    auth: &Auth,
    site: Site,
    file_name: String,
    plan: Plan,
    token: String,
) -> Result<Response> {
    let lang = auth.lang();
    let errors = plan
        .errors
        .iter()
        .map(|e| (e.line, e.column.clone(), i18n::msg(lang, &e.msg)))
        .collect();
    let status = if plan.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = render(&PreviewPage {
        page: Page::new(&auth.ctx, i18n::t(lang, "import-preview-title")),
        site,
        file_name,
        plan,
        errors,
        token,
    })?;
    Ok((status, html).into_response())
}

async fn form_import(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    multipart: std::result::Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    let mut multipart = multipart.map_err(|_| Error::BadRequest(Msg::new("error-form")))?;
    let mut csrf = String::new();
    let mut file: Option<(String, Bytes)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Error::TooLarge {
                    max_mb: IMPORT_LIMIT_MB,
                });
            }
            Err(_) => return Err(Error::BadRequest(Msg::new("error-form"))),
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("import").to_owned();
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        Error::TooLarge {
                            max_mb: IMPORT_LIMIT_MB,
                        }
                    } else {
                        Error::BadRequest(Msg::new("error-form"))
                    }
                })?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    check_csrf(&auth.ctx, &csrf)?;
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let message = i18n::t(auth.lang(), "import-no-file");
        let view = training_view(&state, &auth, id, None, Some(message)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    };
    match plan_import(&state, site.id, bytes.clone()).await? {
        Err(FileError(msg)) => {
            let message = i18n::msg(auth.lang(), &msg);
            let view = training_view(&state, &auth, id, None, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
        }
        Ok(plan) => {
            let token = if plan.errors.is_empty() {
                state
                    .store
                    .save_pending_import(site.id, auth.user.id, &name, &bytes)
                    .await?
            } else {
                String::new()
            };
            preview(&auth, site, name, plan, token)
        }
    }
}

#[derive(Deserialize)]
struct ConfirmForm {
    token: String,
}

async fn form_confirm(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    let (name, bytes) = state
        .store
        .pending_import(&form.token, site.id, auth.user.id)
        .await?
        .ok_or(Error::NotFound)?;
    // The data may have changed since the preview: checked again while writing, and
    // rolled back if anything is wrong now.
    let outcome = {
        let _turn = parse_turn().await?;
        let vocab = vocabulary(state.criteria.current());
        state
            .store
            .import_training(site.id, Some(auth.user.id), bytes, vocab, today(), &|_| {})
            .await?
    };
    match outcome {
        Ok(plan) if plan.errors.is_empty() => {
            state.store.delete_pending_import(&form.token).await?;
            training_changed(&state, site.id).await;
            Ok(Redirect::to(&format!("/sites/{}/training?imported=1", site.id)).into_response())
        }
        Ok(plan) => preview(&auth, site, name, plan, String::new()),
        Err(FileError(msg)) => Err(Error::invalid("file", msg)),
    }
}
