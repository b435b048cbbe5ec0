//! The criteria as the API shows them, in one language.

use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use super::context::Auth;
use super::extract::{QueryParams, query_lang};
use crate::AppState;
use crate::criteria::CriteriaVersion;
use crate::domain::Lang;
use crate::error::{Error, Result};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api_criteria))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CriteriaQuery {
    lang: Option<String>,
    version: Option<String>,
}

#[utoipa::path(
    operation_id = "criteria",
    get,
    path = "/api/v1/criteria",
    tag = "criteria",
    summary = "The criteria and their items",
    params(CriteriaQuery),
    responses((status = 200, description = "The criteria version", body = serde_json::Value))
)]
async fn api_criteria(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<CriteriaQuery>,
) -> Result<axum::Json<Value>> {
    let lang = query_lang(q.lang.as_deref(), auth.lang())?;
    let version = match q.version.as_deref() {
        Some(v) => state.criteria.get(v).cloned().ok_or(Error::NotFound)?,
        None => state.criteria.current().clone(),
    };
    Ok(axum::Json(criteria_json(&version, lang)))
}

pub fn criteria_json(v: &CriteriaVersion, lang: Lang) -> Value {
    json!({
        "version": v.version,
        "published": v.published,
        "language": lang,
        "criteria": v.criteria.iter().map(|c| json!({
            "id": c.id,
            "number": c.number,
            "title": c.title.get(lang),
            "description": c.description.get(lang),
            "compliance": {
                "mandatory_answers": c.compliance.mandatory_answers,
                "min_score": c.compliance.min_score,
            },
            "items": c.items.iter().map(|i| json!({
                "key": i.key,
                "text": i.text.get(lang),
                "guidance": i.guidance.get(lang),
                "mandatory": i.mandatory,
                "weight": i.weight,
                "evidence": i.evidence,
                "not_applicable_allowed": i.not_applicable_allowed,
                "computed": i.computed.is_some(),
                "procedure": i.procedure,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
