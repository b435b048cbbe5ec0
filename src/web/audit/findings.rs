//! Findings: raised by an auditor on an item, answered by the site, closed by the auditor.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde::Deserialize;

use super::NamedNode;
use crate::AppState;
use crate::domain::{Principal, Role};
use crate::error::{Error, Msg, Problems, Result};
use crate::store::findings::Finding;
use crate::store::org::Site;
use crate::web::context::Auth;
use crate::web::extract::{ApiJson, PathParams};
use crate::web::shared::access::visible_site;
use crate::web::shared::views::FindingView;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TEXT_MAX_CHARS: usize = 4000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_raise))
        .routes(routes!(api_get))
        .routes(routes!(api_close))
        .routes(routes!(api_respond))
        .route("/findings/{id}", axum::routing::get(finding_page))
        .route("/findings/{id}/responses", post(form_respond))
        .route("/findings/{id}/close", post(form_close))
}

/// One finding with what it is about: the item's text, the site and the assessment's year.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct FindingDetailView {
    #[serde(flatten)]
    pub finding: FindingView,
    /// The item's text in the caller's language; `null` if the criteria no longer have it.
    pub item_text: Option<String>,
    /// The site the finding was raised at.
    pub site: NamedNode,
    /// The assessment's reporting year.
    pub year: i32,
}

#[utoipa::path(
    operation_id = "findings_get",
    get,
    path = "/api/v1/findings/{id}",
    tag = "findings",
    summary = "A finding with the item it is about and the site's responses",
    description = "For anyone who may see the finding's site: the finding, the item's text in the caller's language, the site and the year.",
    params(("id" = i64, Path, description = "The finding")),
    responses((status = 200, description = "The finding", body = FindingDetailView))
)]
async fn api_get(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<FindingDetailView>> {
    let (finding, site) = finding_site(&state, &auth.principal(), id).await?;
    let assessment = state
        .store
        .assessment(finding.assessment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let item_text = version
        .item(&finding.item_key)
        .map(|(_, i)| i.text.get(auth.lang()).to_owned());
    Ok(axum::Json(FindingDetailView {
        finding: FindingView::from(&finding),
        item_text,
        site: NamedNode {
            id: site.id,
            name: site.name,
        },
        year: assessment.year,
    }))
}

/// The site behind a finding, if the caller may see it.
pub async fn finding_site(state: &AppState, who: &Principal, id: i64) -> Result<(Finding, Site)> {
    let f = state.store.finding(id).await?.ok_or(Error::NotFound)?;
    let a = state
        .store
        .assessment(f.assessment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let site = visible_site(state, who, a.site_id).await?;
    Ok((f, site))
}

fn text(problems: &mut Problems, field: &'static str, raw: &str, required: bool) -> String {
    let t = raw.trim();
    if required && t.is_empty() {
        problems.add(field, Msg::new("text-required"));
    } else if t.chars().count() > TEXT_MAX_CHARS {
        problems.add(
            field,
            Msg::new("comment-too-long").arg("max", TEXT_MAX_CHARS),
        );
    }
    t.to_owned()
}

#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub struct RaiseBody {
    #[serde(default)]
    pub item_key: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub due_date: String,
}

/// An auditor raises a finding on an item: every field is checked before anything is written.
pub async fn raise(
    state: &AppState,
    who: &Principal,
    id: i64,
    body: &RaiseBody,
) -> Result<Finding> {
    let assessment =
        crate::web::shared::access::assessment_for(state, who, id, &[Role::Auditor]).await?;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let mut problems = Problems::default();
    if version.item(&body.item_key).is_none() {
        problems.add(
            "item_key",
            Msg::new("evidence-item-unknown").arg("item", &body.item_key),
        );
    }
    if !matches!(body.severity.as_str(), "minor" | "major") {
        problems.add(
            "severity",
            Msg::new("severity-unknown").arg("value", &body.severity),
        );
    }
    let action = text(&mut problems, "action", &body.action, true);
    let today = time::OffsetDateTime::now_utc().date();
    let due = problems.check(
        "due_date",
        crate::import::training::parse_date(body.due_date.trim())
            .filter(|d| *d >= today)
            .ok_or(Msg::new("due-date-invalid").arg("value", &body.due_date)),
    );
    problems.finish()?;
    let due = due.ok_or_else(|| anyhow::anyhow!("checked due date is missing"))?;
    state
        .store
        .raise_finding(
            id,
            &body.item_key,
            &body.severity,
            &action,
            due,
            who.user_id,
        )
        .await
}

#[utoipa::path(
    operation_id = "findings_raise",
    post,
    path = "/api/v1/assessments/{id}/findings",
    tag = "findings",
    summary = "Raise a finding on an item (auditor)",
    description = "Auditors of the company only, on a submitted assessment (not a draft). `severity` is `minor` or `major`; a major finding open suspends the site's certificate and blocks approval until closed. `due_date` (YYYY-MM-DD) is today or later.",
    params(("id" = i64, Path, description = "The assessment")),
    request_body = RaiseBody,
    responses(
        (status = 201, description = "The finding", body = FindingView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is still a draft (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_raise(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<RaiseBody>,
) -> Result<(StatusCode, axum::Json<FindingView>)> {
    let f = raise(&state, &auth.principal(), id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(FindingView::from(&f))))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
struct CommentBody {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    evidence_file_id: Option<i64>,
}

/// The auditor closes a finding, with an optional comment.
pub async fn close(state: &AppState, who: &Principal, id: i64, comment: &str) -> Result<Finding> {
    finding_site(state, who, id).await?;
    if who.role != Role::Auditor {
        return Err(Error::Forbidden);
    }
    let mut problems = Problems::default();
    let comment = text(&mut problems, "comment", comment, false);
    problems.finish()?;
    state.store.close_finding(id, &comment, who.user_id).await?;
    state.store.finding(id).await?.ok_or(Error::NotFound)
}

/// The site answers a finding with a comment and, if it likes, one of its evidence files.
pub async fn respond(
    state: &AppState,
    who: &Principal,
    id: i64,
    comment: &str,
    evidence_file_id: Option<i64>,
) -> Result<Finding> {
    let (_, site) = finding_site(state, who, id).await?;
    if !who.can_answer(&site.path()) {
        return Err(Error::Forbidden);
    }
    let mut problems = Problems::default();
    let comment = text(&mut problems, "comment", comment, true);
    if let Some(file_id) = evidence_file_id {
        let ours = state
            .store
            .evidence_file(file_id)
            .await?
            .is_some_and(|f| f.site_id == site.id);
        if !ours {
            problems.add("evidence_file_id", Msg::new("finding-evidence-unknown"));
        }
    }
    problems.finish()?;
    state
        .store
        .respond_to_finding(id, &comment, evidence_file_id, who.user_id)
        .await?;
    state.store.finding(id).await?.ok_or(Error::NotFound)
}

#[utoipa::path(
    operation_id = "findings_close",
    post,
    path = "/api/v1/findings/{id}/close",
    tag = "findings",
    summary = "Close a finding (auditor)",
    description = "Auditors of the company only, with an optional comment (`evidence_file_id` is ignored here). A closed finding stays closed.",
    params(("id" = i64, Path, description = "The finding")),
    request_body = CommentBody,
    responses(
        (status = 200, description = "The closed finding", body = FindingView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The finding is already closed (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_close(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<axum::Json<FindingView>> {
    let f = close(&state, &auth.principal(), id, &body.comment).await?;
    Ok(axum::Json(FindingView::from(&f)))
}

#[utoipa::path(
    operation_id = "findings_respond",
    post,
    path = "/api/v1/findings/{id}/responses",
    tag = "findings",
    summary = "The site's response to a finding",
    description = "For those who may answer for the site: a comment (required) and, if they like, one of the site's evidence files. Answers the whole finding with the new response last.",
    params(("id" = i64, Path, description = "The finding")),
    request_body = CommentBody,
    responses(
        (status = 201, description = "The finding with its responses", body = FindingView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The finding is already closed (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_respond(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, axum::Json<FindingView>)> {
    let f = respond(
        &state,
        &auth.principal(),
        id,
        &body.comment,
        body.evidence_file_id,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(FindingView::from(&f))))
}

// ---- the finding's page: the site answers it, the auditor closes it ----

#[derive(askama::Template)]
#[template(path = "finding.html")]
struct FindingPage {
    page: crate::web::page::Page,
    finding: Finding,
    site: Site,
    year: i32,
    item_text: String,
    can_respond: bool,
    can_close: bool,
    /// The site's evidence files to attach: (id, name and version).
    files: Vec<(i64, String)>,
    /// Evidence files named by the responses: id -> name and version.
    file_names: std::collections::HashMap<i64, String>,
    emails: std::collections::HashMap<i64, String>,
    error: Option<String>,
    typed_comment: String,
    typed_file: Option<i64>,
    notice: Option<String>,
    today: time::Date,
}

impl FindingPage {
    fn who(&self, id: &i64) -> &str {
        self.emails.get(id).map_or("—", String::as_str)
    }

    fn file_name(&self, id: &i64) -> &str {
        self.file_names.get(id).map_or("—", String::as_str)
    }

    fn typed_is(&self, id: &i64) -> bool {
        self.typed_file == Some(*id)
    }

    fn due(&self) -> String {
        crate::i18n::format_date(self.page.lang, self.finding.due_date)
    }

    fn overdue(&self) -> bool {
        self.finding.overdue(self.today)
    }

    fn severity_label(&self) -> String {
        self.page.t(&format!("severity-{}", self.finding.severity))
    }
}

struct Shown {
    status: StatusCode,
    error: Option<String>,
    typed_comment: String,
    typed_file: Option<i64>,
    notice: Option<String>,
}

async fn show_finding(
    state: &AppState,
    auth: &Auth,
    id: i64,
    shown: Shown,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let who = auth.principal();
    let (finding, site) = finding_site(state, &who, id).await?;
    let assessment = state
        .store
        .assessment(finding.assessment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let item_text = version
        .item(&finding.item_key)
        .map(|(_, i)| i.text.get(auth.lang()).to_owned())
        .unwrap_or_default();
    let can_respond = finding.is_open() && who.can_answer(&site.path());
    let can_close = finding.is_open() && who.role == Role::Auditor;
    let site_files = state.store.site_evidence(site.id).await?;
    let label =
        |f: &crate::store::evidence::EvidenceFile| format!("{} (v{})", f.original_name, f.version);
    let file_names = site_files.iter().map(|f| (f.id, label(f))).collect();
    let files = if can_respond {
        site_files.iter().map(|f| (f.id, label(f))).collect()
    } else {
        Vec::new()
    };
    let mut emails = std::collections::HashMap::new();
    let ids = finding
        .responses
        .iter()
        .map(|r| r.by_user)
        .chain([finding.raised_by]);
    for uid in ids {
        if let std::collections::hash_map::Entry::Vacant(slot) = emails.entry(uid)
            && let Some(u) = state.store.user(uid).await?
        {
            slot.insert(u.email);
        }
    }
    let title = crate::i18n::t_args(auth.lang(), "finding-number", &[("id", id.to_string())]);
    let page = FindingPage {
        page: crate::web::page::Page::new(&auth.ctx, title),
        year: assessment.year,
        finding,
        site,
        item_text,
        can_respond,
        can_close,
        files,
        file_names,
        emails,
        error: shown.error,
        typed_comment: shown.typed_comment,
        typed_file: shown.typed_file,
        notice: shown.notice,
        today: time::OffsetDateTime::now_utc().date(),
    };
    Ok((shown.status, crate::web::page::render(&page)?).into_response())
}

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn finding_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    crate::web::extract::QueryParams(q): crate::web::extract::QueryParams<DoneQuery>,
) -> Result<axum::response::Response> {
    let notice = match q.done.as_deref() {
        Some("responded") => Some(crate::i18n::t(auth.lang(), "finding-responded")),
        Some("closed") => Some(crate::i18n::t(auth.lang(), "finding-closed-notice")),
        _ => None,
    };
    let shown = Shown {
        status: StatusCode::OK,
        error: None,
        typed_comment: String::new(),
        typed_file: None,
        notice,
    };
    show_finding(&state, &auth, id, shown).await
}

#[derive(Deserialize)]
struct ResponseForm {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    evidence_file_id: String,
}

async fn form_respond(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    crate::web::extract::CsrfForm(form): crate::web::extract::CsrfForm<ResponseForm>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let file = form.evidence_file_id.trim().parse::<i64>().ok();
    match respond(&state, &auth.principal(), id, &form.comment, file).await {
        Ok(_) => Ok(
            axum::response::Redirect::to(&format!("/findings/{id}?done=responded")).into_response(),
        ),
        Err(e) => {
            let (status, errors) = crate::web::page::FormErrors::with_status(auth.lang(), e)?;
            let shown = Shown {
                status,
                error: Some(errors.joined()),
                typed_comment: form.comment,
                typed_file: file,
                notice: None,
            };
            show_finding(&state, &auth, id, shown).await
        }
    }
}

async fn form_close(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    crate::web::extract::CsrfForm(form): crate::web::extract::CsrfForm<ResponseForm>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    match close(&state, &auth.principal(), id, &form.comment).await {
        Ok(_) => Ok(
            axum::response::Redirect::to(&format!("/findings/{id}?done=closed")).into_response(),
        ),
        Err(e) => {
            let (status, errors) = crate::web::page::FormErrors::with_status(auth.lang(), e)?;
            let shown = Shown {
                status,
                error: Some(errors.joined()),
                typed_comment: form.comment,
                typed_file: None,
                notice: None,
            };
            show_finding(&state, &auth, id, shown).await
        }
    }
}
