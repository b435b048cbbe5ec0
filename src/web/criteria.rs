//! The criteria as the API shows them, in one language.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::context::Auth;
use super::extract::{QueryParams, query_lang};
use crate::AppState;
use crate::criteria::{CriteriaVersion, Evidence};
use crate::domain::{Answer, Lang};
use crate::error::{Error, Result};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api_criteria))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CriteriaQuery {
    /// `en`, `fr` or `nl`; empty or absent: the caller's language.
    #[param(pattern = "^(en|fr|nl)?$")]
    lang: Option<String>,
    version: Option<String>,
}

#[utoipa::path(
    operation_id = "criteria",
    get,
    path = "/api/v1/criteria",
    tag = "criteria",
    summary = "The criteria and their items",
    description = "Any signed-in user may read them. One criteria version (the current one unless `version` names another) with its texts in one language: `lang`, else the caller's.",
    params(CriteriaQuery),
    responses(
        (status = 200, description = "The criteria version", body = CriteriaVersionView),
        (status = 404, description = "No criteria version of that name (code `not_found`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_criteria(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<CriteriaQuery>,
) -> Result<axum::Json<CriteriaVersionView>> {
    let lang = query_lang(q.lang.as_deref(), auth.lang())?;
    let version = match q.version.as_deref() {
        Some(v) => state.criteria.get(v).cloned().ok_or(Error::NotFound)?,
        None => state.criteria.current().clone(),
    };
    Ok(axum::Json(CriteriaVersionView::new(&version, lang)))
}

/// A version of the criteria, its texts in one language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CriteriaVersionView {
    /// The version's name, as assessments record it in `criteria_version`.
    pub version: String,
    /// When the version was published.
    pub published: String,
    /// The language of the texts.
    pub language: Lang,
    pub criteria: Vec<CriterionDefinitionView>,
}

/// One criterion as defined: what it asks and how it is passed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CriterionDefinitionView {
    pub id: String,
    pub number: u8,
    pub title: String,
    pub description: String,
    pub compliance: ComplianceView,
    pub items: Vec<ItemDefinitionView>,
}

/// The rule that makes a criterion compliant.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplianceView {
    /// Every mandatory item must carry one of these answers.
    pub mandatory_answers: Vec<Answer>,
    /// The weighted score (0.0 to 1.0) the criterion must reach.
    pub min_score: f64,
}

/// One checklist item as defined.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemDefinitionView {
    /// The item key, e.g. `1.2`: what answers and evidence refer to.
    pub key: String,
    pub text: String,
    /// Help for whoever answers.
    pub guidance: String,
    /// The compliance rule holds the item's answer to `mandatory_answers`.
    pub mandatory: bool,
    /// The item's weight in the criterion's score.
    pub weight: f64,
    /// The proof the item expects.
    pub evidence: Evidence,
    /// `not_applicable` is an accepted answer.
    pub not_applicable_allowed: bool,
    /// The answer is proposed from the training records.
    pub computed: bool,
    /// The site's procedure for a suspected case supports the item.
    pub procedure: bool,
}

impl CriteriaVersionView {
    pub fn new(v: &CriteriaVersion, lang: Lang) -> CriteriaVersionView {
        CriteriaVersionView {
            version: v.version.clone(),
            published: v.published.clone(),
            language: lang,
            criteria: v
                .criteria
                .iter()
                .map(|c| CriterionDefinitionView {
                    id: c.id.clone(),
                    number: c.number,
                    title: c.title.get(lang).to_owned(),
                    description: c.description.get(lang).to_owned(),
                    compliance: ComplianceView {
                        mandatory_answers: c.compliance.mandatory_answers.clone(),
                        min_score: c.compliance.min_score,
                    },
                    items: c
                        .items
                        .iter()
                        .map(|i| ItemDefinitionView {
                            key: i.key.clone(),
                            text: i.text.get(lang).to_owned(),
                            guidance: i.guidance.get(lang).to_owned(),
                            mandatory: i.mandatory,
                            weight: i.weight,
                            evidence: i.evidence,
                            not_applicable_allowed: i.not_applicable_allowed,
                            computed: i.computed.is_some(),
                            procedure: i.procedure,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
