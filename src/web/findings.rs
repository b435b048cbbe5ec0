//! Findings: raised by an auditor on an item, answered by the site, closed by the auditor.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};

use super::context::Auth;
use super::extract::{ApiJson, PathParams};
use super::sites::visible_site;
use crate::AppState;
use crate::domain::Role;
use crate::error::{Error, Msg, Problems, Result};
use crate::store::findings::Finding;
use crate::store::org::Site;

const TEXT_MAX_CHARS: usize = 4000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assessments/{id}/findings", post(api_raise))
        .route("/api/v1/findings/{id}/close", post(api_close))
        .route("/api/v1/findings/{id}/responses", post(api_respond))
}

pub fn finding_json(f: &Finding) -> Value {
    let today = time::OffsetDateTime::now_utc().date();
    json!({
        "id": f.id,
        "assessment_id": f.assessment_id,
        "round": f.round,
        "item_key": f.item_key,
        "severity": f.severity,
        "action": f.action,
        "due_date": f.due_date.to_string(),
        "status": f.status,
        "overdue": f.overdue(today),
        "raised_by": f.raised_by,
        "raised_at": f.raised_at,
        "closed_at": f.closed_at,
        "close_comment": f.close_comment,
        "responses": f.responses.iter().map(|(comment, by, at)| json!({ "comment": comment, "by": by, "at": at })).collect::<Vec<_>>(),
    })
}

/// The site behind a finding, if the caller may see it.
async fn finding_site(state: &AppState, auth: &Auth, id: i64) -> Result<(Finding, Site)> {
    let f = state.store.finding(id).await?.ok_or(Error::NotFound)?;
    let a = state
        .store
        .assessment(f.assessment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let site = visible_site(state, &auth.principal(), a.site_id).await?;
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

#[derive(Deserialize)]
struct RaiseBody {
    item_key: String,
    severity: String,
    action: String,
    due_date: String,
}

async fn api_raise(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<RaiseBody>,
) -> Result<(StatusCode, axum::Json<Value>)> {
    let who = auth.principal();
    let assessment = super::reviews::assessment_for(&state, &who, id, &[Role::Auditor]).await?;
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
        crate::import::training::parse_date(&body.due_date)
            .filter(|d| *d >= today)
            .ok_or(Msg::new("due-date-invalid").arg("value", &body.due_date)),
    );
    problems.finish()?;
    let due = due.ok_or_else(|| anyhow::anyhow!("checked due date is missing"))?;
    let f = state
        .store
        .raise_finding(
            id,
            &body.item_key,
            &body.severity,
            &action,
            due,
            who.user_id,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(finding_json(&f))))
}

#[derive(Deserialize, Default)]
struct CommentBody {
    #[serde(default)]
    comment: String,
}

async fn api_close(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<axum::Json<Value>> {
    finding_site(&state, &auth, id).await?;
    if auth.user.role != Role::Auditor {
        return Err(Error::Forbidden);
    }
    let mut problems = Problems::default();
    let comment = text(&mut problems, "comment", &body.comment, false);
    problems.finish()?;
    state
        .store
        .close_finding(id, &comment, auth.user.id)
        .await?;
    let f = state.store.finding(id).await?.ok_or(Error::NotFound)?;
    Ok(axum::Json(finding_json(&f)))
}

async fn api_respond(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, axum::Json<Value>)> {
    let (_, site) = finding_site(&state, &auth, id).await?;
    if !auth.principal().can_answer(&site.path()) {
        return Err(Error::Forbidden);
    }
    let mut problems = Problems::default();
    let comment = text(&mut problems, "comment", &body.comment, true);
    problems.finish()?;
    state
        .store
        .respond_to_finding(id, &comment, auth.user.id)
        .await?;
    let f = state.store.finding(id).await?.ok_or(Error::NotFound)?;
    Ok((StatusCode::CREATED, axum::Json(finding_json(&f))))
}
