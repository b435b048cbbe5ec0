//! An assessment's audit trail: as JSON, and as a CSV file for the auditors' records.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde_json::Value;

use super::context::Auth;
use super::extract::PathParams;
use super::extract::QueryParams;
use super::paging::{self, PageQuery};
use super::shared::access::visible_site;
use crate::AppState;
use crate::domain::audit::shown_in_history;
use crate::error::{Error, Result};
use crate::store::audit::StoredEntry;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_history))
        .routes(routes!(csv_history))
        .route("/assessments/{id}/history.csv", get(csv_history))
}

/// The entries the caller may read: the history hides what the assessment's view hides (the
/// verdicts of a review still open, from the site), by the same rule.
async fn entries(state: &AppState, auth: &Auth, id: i64) -> Result<Vec<StoredEntry>> {
    let assessment = state.store.assessment(id).await?.ok_or(Error::NotFound)?;
    let who = auth.principal();
    visible_site(state, &who, assessment.site_id).await?;
    let verdicts_shown = who.sees_verdicts(assessment.status);
    let mut list = state.store.assessment_history(id).await?;
    list.retain(|e| shown_in_history(&e.entry, assessment.round, verdicts_shown));
    Ok(list)
}

fn parse(json: &Option<String>) -> Value {
    json.as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null)
}

/// A page of an assessment's audit trail.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HistoryAnswer {
    /// Oldest first.
    pub entries: Vec<HistoryEntryView>,
    /// The `cursor` of the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One change recorded in the audit trail.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HistoryEntryView {
    pub id: i64,
    pub at: String,
    /// The user who made the change; `null` when no user made it (the system).
    pub actor_id: Option<i64>,
    /// What was done, e.g. `answer.saved`.
    pub action: String,
    /// The kind of object changed, e.g. `answer`.
    pub object_type: String,
    /// The object's id or key within its kind.
    pub object_id: String,
    /// The object before the change, as recorded; its shape depends on `object_type`;
    /// `null` when it did not exist.
    pub before: Value,
    /// The object after the change, as recorded; `null` when it was removed.
    pub after: Value,
    /// SHA-256 chaining the entry to the one before it, hex: a change to an earlier entry
    /// breaks every later hash.
    pub hash: String,
}

impl From<&StoredEntry> for HistoryEntryView {
    fn from(e: &StoredEntry) -> HistoryEntryView {
        HistoryEntryView {
            id: e.id,
            at: e.entry.at.clone(),
            actor_id: e.entry.actor_id,
            action: e.entry.action.clone(),
            object_type: e.entry.object_type.clone(),
            object_id: e.entry.object_id.clone(),
            before: parse(&e.entry.before),
            after: parse(&e.entry.after),
            hash: e.hash.clone(),
        }
    }
}

#[utoipa::path(
    operation_id = "history",
    get,
    path = "/api/v1/assessments/{id}/history",
    tag = "history",
    summary = "An assessment's audit trail",
    description = "Whoever may see the assessment's site may read it. Entries the assessment's view hides from the caller (the verdicts of a review still open, for the site) are left out.",
    params(("id" = i64, Path, description = "The assessment"), crate::web::paging::PageQuery),
    responses((status = 200, description = "The entries", body = HistoryAnswer))
)]
async fn api_history(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<HistoryAnswer>> {
    let (page, next) = paging::page_of(entries(&state, &auth, id).await?, &p)?;
    Ok(axum::Json(HistoryAnswer {
        entries: page.iter().map(HistoryEntryView::from).collect(),
        next_cursor: next,
    }))
}

#[utoipa::path(
    operation_id = "history_csv_history",
    get,
    path = "/api/v1/assessments/{id}/history.csv",
    tag = "history",
    summary = "An assessment's audit trail as CSV",
    description = "The same entries as `history`, all of them in one CSV file (UTF-8 with a byte-order mark) for the auditors' records.",
    params(("id" = i64, Path, description = "The assessment")),
    responses((status = 200, description = "The CSV", content_type = "text/csv", body = crate::web::openapi::FileBody))
)]
async fn csv_history(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let list = entries(&state, &auth, id).await?;
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = [
        "id",
        "at",
        "actor_id",
        "action",
        "object_type",
        "object_id",
        "before",
        "after",
        "hash",
    ];
    let write = |out: &mut csv::Writer<Vec<u8>>, row: &[String]| {
        out.write_record(row.iter().map(|c| super::download::neutralise(c)))
            .map_err(|e| anyhow::anyhow!("writing the CSV: {e}"))
    };
    write(&mut out, &header.map(str::to_owned))?;
    for e in &list {
        write(
            &mut out,
            &[
                e.id.to_string(),
                e.entry.at.clone(),
                e.entry.actor_id.map(|a| a.to_string()).unwrap_or_default(),
                e.entry.action.clone(),
                e.entry.object_type.clone(),
                e.entry.object_id.clone(),
                e.entry.before.clone().unwrap_or_default(),
                e.entry.after.clone().unwrap_or_default(),
                e.hash.clone(),
            ],
        )?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing the CSV: {e}"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"assessment-{id}-history.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
