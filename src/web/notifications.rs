//! Notifications: the user's list, marking them read, and which ones also come by e-mail.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::context::Auth;
use super::extract::{ApiJson, CsrfForm, EmptyForm, PathParams, QueryParams};
use super::page::{Page, render};
use super::paging::{self, PageQuery};
use crate::AppState;
use crate::domain::{Lang, NotificationKind};
use crate::error::{Error, Msg, Problems, Result};
use crate::mail::notification_text;
use crate::store::notifications::Notification;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// How many notifications a list shows.
const LIST_LIMIT: i64 = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list))
        .routes(routes!(api_read_all))
        .routes(routes!(api_read))
        .routes(routes!(api_settings, api_put_settings))
        .route("/notifications", get(list_page))
        .route("/notifications/read-all", post(form_read_all))
        .route("/notifications/{id}/open", post(form_open))
        .route("/notifications/settings", post(form_settings))
}

fn text(lang: Lang, n: &Notification) -> String {
    n.kind().map_or_else(String::new, |k| {
        notification_text(lang, k, &n.site_name, n.year, n.finding())
    })
}

/// One notification of the caller's.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    id: i64,
    /// `submitted`, `changes_requested`, `approved`, `not_compliant`, `finding_due_soon` or
    /// `finding_overdue`.
    #[schema(example = "changes_requested")]
    kind: String,
    /// What happened, in the caller's language.
    text: String,
    /// The assessment it is about.
    assessment_id: i64,
    /// The finding it is about, for the finding reminders.
    finding_id: Option<i64>,
    site: NotificationSiteView,
    /// The assessment's year.
    year: i64,
    created_at: String,
    /// `null` while unread.
    read_at: Option<String>,
}

/// The site a notification is about.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationSiteView {
    id: i64,
    name: String,
}

impl NotificationView {
    fn new(lang: Lang, n: &Notification) -> NotificationView {
        NotificationView {
            id: n.id,
            kind: n.kind.clone(),
            text: text(lang, n),
            assessment_id: n.assessment_id,
            finding_id: n.finding_id,
            site: NotificationSiteView {
                id: n.site_id,
                name: n.site_name.clone(),
            },
            year: n.year,
            created_at: n.created_at.clone(),
            read_at: n.read_at.clone(),
        }
    }
}

/// A page of the caller's notifications.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationListAnswer {
    notifications: Vec<NotificationView>,
    /// How many of all the caller's notifications are unread (not only on this page).
    unread: i64,
    /// The `cursor` of the next page; `null` on the last page.
    next_cursor: Option<String>,
}

/// The answer of `POST /api/v1/notifications/read-all`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MarkedReadAnswer {
    /// How many notifications were unread and are now read.
    marked: u64,
}

/// Which kinds of notification also come by e-mail.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationSettingsView {
    /// By kind, whether it also comes by e-mail: the kinds the caller's role receives
    /// (auditors: `submitted`, `finding_overdue`; company admins and site managers:
    /// `changes_requested`, `approved`, `not_compliant`, `finding_due_soon`,
    /// `finding_overdue`; none for the platform admin). `true` unless turned off.
    email: BTreeMap<String, bool>,
    /// Whether this instance sends e-mail at all.
    email_configured: bool,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    unread: Option<bool>,
}

#[utoipa::path(
    operation_id = "notifications_list",
    get,
    path = "/api/v1/notifications",
    tag = "notifications",
    summary = "The caller's notifications, newest first",
    description = "Any signed-in user, about their own notifications only; `unread=true` leaves out those already read.",
    params(ListQuery, PageQuery),
    responses((status = 200, description = "The notifications", body = NotificationListAnswer))
)]
async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<ListQuery>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<NotificationListAnswer>> {
    let limit = p.limit()?;
    let mut list = state
        .store
        .notifications(
            auth.user.id,
            q.unread.unwrap_or(false),
            p.position()?,
            limit as i64 + 1,
        )
        .await?;
    let next = if list.len() > limit {
        list.truncate(limit);
        list.last().map(|n| paging::cursor(&n.id))
    } else {
        None
    };
    let unread = state.store.unread_notifications(auth.user.id).await?;
    Ok(axum::Json(NotificationListAnswer {
        notifications: list
            .iter()
            .map(|n| NotificationView::new(auth.lang(), n))
            .collect(),
        unread,
        next_cursor: next,
    }))
}

#[utoipa::path(
    operation_id = "notifications_read",
    post,
    path = "/api/v1/notifications/{id}/read",
    tag = "notifications",
    summary = "Mark one notification read",
    description = "Any signed-in user, on their own notifications only: another user's notification is a 404. Marking one already read again changes nothing.",
    params(("id" = i64, Path, description = "The notification")),
    responses((status = 204, description = "Marked read"))
)]
async fn api_read(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<StatusCode> {
    if state.store.mark_notification_read(auth.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}

#[utoipa::path(
    operation_id = "notifications_read_all",
    post,
    path = "/api/v1/notifications/read-all",
    tag = "notifications",
    summary = "Mark every notification read",
    description = "Any signed-in user, on their own notifications; those already read keep their `read_at`.",
    responses((status = 200, description = "How many were marked", body = MarkedReadAnswer))
)]
async fn api_read_all(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<axum::Json<MarkedReadAnswer>> {
    let marked = state
        .store
        .mark_all_notifications_read(auth.user.id)
        .await?;
    Ok(axum::Json(MarkedReadAnswer { marked }))
}

async fn settings(state: &AppState, auth: &Auth) -> Result<NotificationSettingsView> {
    let prefs = state.store.email_preferences(auth.user.id).await?;
    let email = NotificationKind::for_role(auth.user.role)
        .into_iter()
        .map(|k| {
            (
                k.as_str().to_owned(),
                prefs.get(&k).copied().unwrap_or(true),
            )
        })
        .collect();
    Ok(NotificationSettingsView {
        email,
        email_configured: state.mailer.is_some(),
    })
}

#[utoipa::path(
    operation_id = "notifications_settings",
    get,
    path = "/api/v1/notification-settings",
    tag = "notifications",
    summary = "Which kinds of notification also come by e-mail",
    description = "Any signed-in user, about their own account: one entry per kind of notification their role receives.",
    responses((status = 200, description = "The settings", body = NotificationSettingsView))
)]
async fn api_settings(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<axum::Json<NotificationSettingsView>> {
    Ok(axum::Json(settings(&state, &auth).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SettingsBody {
    email: HashMap<String, bool>,
}

#[utoipa::path(
    operation_id = "notifications_put_settings",
    put,
    path = "/api/v1/notification-settings",
    tag = "notifications",
    summary = "Choose which kinds of notification also come by e-mail",
    description = "Any signed-in user, for their own account. Kinds left out of `email` keep their setting; an unknown kind is a 422 on `email`.",
    request_body = SettingsBody,
    responses((status = 200, description = "The settings, as `GET` answers them", body = NotificationSettingsView))
)]
async fn api_put_settings(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<SettingsBody>,
) -> Result<axum::Json<NotificationSettingsView>> {
    let mut problems = Problems::default();
    let mut choices = Vec::new();
    let mut keys: Vec<&String> = body.email.keys().collect();
    keys.sort();
    for key in keys {
        match NotificationKind::parse(key) {
            Some(kind) => choices.push((kind, body.email[key])),
            None => problems.add(
                "email",
                Msg::new("notification-kind-unknown").arg("value", key),
            ),
        }
    }
    problems.finish()?;
    state
        .store
        .set_email_preferences(auth.user.id, &choices)
        .await?;
    Ok(axum::Json(settings(&state, &auth).await?))
}

// ---- pages ----

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    page: Page,
    rows: Vec<(Notification, String)>,
    /// (kind, label, e-mail wanted)
    choices: Vec<(&'static str, String, bool)>,
    email_configured: bool,
    saved: bool,
}

#[derive(Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn list_page(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<SavedQuery>,
) -> Result<Response> {
    let lang = auth.lang();
    let rows = state
        .store
        .notifications(auth.user.id, false, None, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|n| {
            let t = text(lang, &n);
            (n, t)
        })
        .collect();
    let prefs = state.store.email_preferences(auth.user.id).await?;
    let choices = NotificationKind::for_role(auth.user.role)
        .into_iter()
        .map(|k| {
            (
                k.as_str(),
                crate::i18n::t(lang, &format!("notification-kind-{}", k.as_str())),
                prefs.get(&k).copied().unwrap_or(true),
            )
        })
        .collect();
    let page = Page::titled(&auth.ctx, "notifications-title");
    Ok(render(&NotificationsPage {
        page,
        rows,
        choices,
        email_configured: state.mailer.is_some(),
        saved: q.saved.is_some(),
    })?
    .into_response())
}

async fn form_read_all(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Redirect> {
    state
        .store
        .mark_all_notifications_read(auth.user.id)
        .await?;
    Ok(Redirect::to("/notifications"))
}

/// Marks the notification read and goes to what it is about.
async fn form_open(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Redirect> {
    if !state.store.mark_notification_read(auth.user.id, id).await? {
        return Err(Error::NotFound);
    }
    let target = state
        .store
        .notifications(auth.user.id, false, None, LIST_LIMIT)
        .await?
        .into_iter()
        .find(|n| n.id == id)
        .map_or_else(
            || "/notifications".to_owned(),
            |n| match n.kind() {
                Some(kind) => kind.target(n.assessment_id),
                None => format!("/assessments/{}", n.assessment_id),
            },
        );
    Ok(Redirect::to(&target))
}

async fn form_settings(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Redirect> {
    // A checkbox left unticked is simply absent from the form: that is a "no".
    let choices: Vec<(NotificationKind, bool)> = NotificationKind::for_role(auth.user.role)
        .into_iter()
        .map(|k| (k, form.contains_key(&format!("email_{}", k.as_str()))))
        .collect();
    state
        .store
        .set_email_preferences(auth.user.id, &choices)
        .await?;
    Ok(Redirect::to("/notifications?saved=1"))
}
