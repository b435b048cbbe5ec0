//! The criteria as the API shows them, in one language.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use super::context::Auth;
use super::extract::QueryParams;
use crate::AppState;
use crate::criteria::CriteriaVersion;
use crate::domain::Lang;
use crate::error::{Error, Msg, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/criteria", get(api_criteria))
}

#[derive(Deserialize)]
struct CriteriaQuery {
    lang: Option<String>,
    version: Option<String>,
}

/// The language asked for in `?lang=`, else the caller's.
pub fn query_lang(asked: Option<&str>, fallback: Lang) -> Result<Lang> {
    match asked {
        None | Some("") => Ok(fallback),
        Some(code) => Lang::parse(code).ok_or(Error::BadRequest(Msg::new("error-language"))),
    }
}

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
