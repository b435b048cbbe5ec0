//! The site's procedure for a suspected case: edited as structured data, kept in versions,
//! printed as a one-page staff card in each language.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use time::Date;

use super::context::Auth;
use super::extract::{ApiJson, CsrfForm, PathParams, QueryParams};
use super::extract::{LangQuery, query_lang};
use super::page::{FormErrors, Page, render};
use super::shared::access::site_for;
use crate::AppState;
use crate::domain::Lang;
use crate::domain::procedure::{Contact, Procedure, Steps, review_due};
use crate::error::{Error, Msg, Problems, Result};
use crate::i18n;
use crate::store::org::Site;
use crate::store::procedures::ProcedureVersion;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Rows of contacts the form offers.
const FORM_ROWS: usize = 5;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_get, api_put))
        .route("/sites/{id}/procedure", get(edit_page).post(form_save))
        .route("/sites/{id}/procedure/card", get(card_page))
        .route("/sites/{id}/procedure/card.pdf", get(card_pdf))
        .routes(routes!(card_pdf))
}

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// The Belgian defaults: steps in the three languages, the police, Child Focus and the public
/// reporting site. A starting point the site adapts.
pub fn belgian_default() -> Procedure {
    let steps = |lang: Lang| -> Vec<String> {
        (1..=5)
            .map(|n| i18n::t(lang, &format!("procedure-default-step-{n}")))
            .collect()
    };
    let contact = |key: &str, number: &str| Contact {
        label: i18n::t(Lang::Fr, key),
        name: String::new(),
        number: number.to_owned(),
    };
    Procedure {
        steps: Steps {
            en: steps(Lang::En),
            fr: steps(Lang::Fr),
            nl: steps(Lang::Nl),
        },
        // Inside the hotel, only the site knows who and which number: left for it to fill.
        internal: Vec::new(),
        external: vec![
            contact("procedure-default-police", "101"),
            contact("procedure-default-emergency", "112"),
            contact("procedure-default-child-focus", "116 000"),
            contact(
                "procedure-default-reporting-site",
                "stopprostitutionenfantine.be",
            ),
        ],
    }
}

/// One version of a site's procedure for a suspected case.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcedureVersionView {
    /// 1 for the first version saved, then one more for each.
    pub version: i64,
    /// The steps staff follow, in each language.
    pub steps: Steps,
    /// Who to alert inside the hotel, by role.
    pub internal: Vec<Contact>,
    /// Police, the national child hotline, the public reporting site.
    pub external: Vec<Contact>,
    /// YYYY-MM-DD: when the site last reviewed the procedure.
    pub reviewed_on: String,
    /// YYYY-MM-DD: a year after `reviewed_on`, when the next review is due.
    pub review_due: String,
    /// The review is due before today: the procedure no longer counts as in force.
    pub review_overdue: bool,
    pub created_at: String,
}

impl From<&ProcedureVersion> for ProcedureVersionView {
    fn from(v: &ProcedureVersion) -> ProcedureVersionView {
        let due = review_due(v.reviewed_on);
        ProcedureVersionView {
            version: v.version,
            steps: v.procedure.steps.clone(),
            internal: v.procedure.internal.clone(),
            external: v.procedure.external.clone(),
            reviewed_on: v.reviewed_on.to_string(),
            review_due: due.to_string(),
            review_overdue: due < today(),
            created_at: v.created_at.clone(),
        }
    }
}

/// The site's current procedure, and every version saved.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcedureAnswer {
    #[serde(flatten)]
    pub current: ProcedureVersionView,
    /// Every version, newest first (the current one included).
    pub history: Vec<ProcedureHistoryView>,
}

/// A version of the procedure in the list of versions.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcedureHistoryView {
    pub version: i64,
    /// YYYY-MM-DD.
    pub reviewed_on: String,
    pub created_at: String,
}

#[utoipa::path(
    operation_id = "procedures_get",
    get,
    path = "/api/v1/sites/{id}/procedure",
    tag = "procedures",
    summary = "The site's procedure for a suspected case",
    description = "Whoever may see the site may read it. The current version with its review dates, and the list of every version saved; 404 while the site has saved none.",
    params(("id" = i64, Path, description = "The site")),
    responses((status = 200, description = "The current version", body = ProcedureAnswer))
)]
async fn api_get(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<ProcedureAnswer>> {
    let site = site_for(&state, &auth, id, false).await?;
    let versions = state.store.procedure_versions(site.id).await?;
    let current = versions.first().ok_or(Error::NotFound)?;
    Ok(axum::Json(ProcedureAnswer {
        current: ProcedureVersionView::from(current),
        history: versions
            .iter()
            .map(|v| ProcedureHistoryView {
                version: v.version,
                reviewed_on: v.reviewed_on.to_string(),
                created_at: v.created_at.clone(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ProcedureBody {
    steps: Steps,
    #[serde(default)]
    internal: Vec<Contact>,
    #[serde(default)]
    external: Vec<Contact>,
    reviewed_on: Option<String>,
}

/// Checks the procedure and its review date (not in the future; today if absent).
fn check(procedure: &Procedure, reviewed_on: Option<&str>) -> Result<Date> {
    let mut problems = Problems::default();
    procedure.check(&mut problems);
    let date = match reviewed_on.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(today()),
        Some(raw) => problems.check(
            "reviewed_on",
            crate::import::training::parse_date(raw)
                .filter(|d| *d <= today())
                .ok_or(Msg::new("import-date-invalid").arg("value", raw)),
        ),
    };
    problems.finish()?;
    date.ok_or_else(|| anyhow::anyhow!("checked review date is missing").into())
}

#[utoipa::path(
    operation_id = "procedures_put",
    put,
    path = "/api/v1/sites/{id}/procedure",
    tag = "procedures",
    summary = "Save a new version of the procedure",
    description = "For those who record the site's data (its managers and the company's admins). Earlier versions are kept; `reviewed_on` defaults to today and may not be in the future.",
    params(("id" = i64, Path, description = "The site")),
    request_body = ProcedureBody,
    responses(
        (status = 201, description = "The new version", body = ProcedureVersionView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_put(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<ProcedureBody>,
) -> Result<(StatusCode, axum::Json<ProcedureVersionView>)> {
    let site = site_for(&state, &auth, id, true).await?;
    let procedure = Procedure {
        steps: body.steps,
        internal: body.internal,
        external: body.external,
    };
    let reviewed_on = check(&procedure, body.reviewed_on.as_deref())?;
    let v = state
        .store
        .save_procedure(site.id, &procedure, reviewed_on, auth.user.id)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ProcedureVersionView::from(&v)),
    ))
}

// ---- pages ----

/// The form's values: what is saved, or what was typed.
pub struct FormValues {
    pub steps: HashMap<&'static str, String>,
    pub internal: Vec<Contact>,
    pub external: Vec<Contact>,
    pub reviewed_on: String,
}

impl FormValues {
    fn from_procedure(p: &Procedure, reviewed_on: Date) -> FormValues {
        let pad = |mut v: Vec<Contact>| {
            while v.len() < FORM_ROWS {
                v.push(Contact {
                    label: String::new(),
                    name: String::new(),
                    number: String::new(),
                });
            }
            v
        };
        FormValues {
            steps: Lang::ALL
                .into_iter()
                .map(|l| (l.code(), p.steps.get(l).join("\n")))
                .collect(),
            internal: pad(p.internal.clone()),
            external: pad(p.external.clone()),
            reviewed_on: reviewed_on.to_string(),
        }
    }

    pub fn steps_of(&self, lang: &str) -> &str {
        self.steps.get(lang).map_or("", String::as_str)
    }
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct EditPage {
    page: Page,
    site: Site,
    values: FormValues,
    current: Option<ProcedureVersion>,
    history: Vec<ProcedureVersion>,
    can_edit: bool,
    errors: FormErrors,
    notice: Option<String>,
}

impl EditPage {
    fn due(&self, v: &ProcedureVersion) -> String {
        i18n::format_date(self.page.lang, review_due(v.reviewed_on))
    }

    fn overdue(&self, v: &ProcedureVersion) -> bool {
        review_due(v.reviewed_on) < today()
    }

    fn day(&self, d: &Date) -> String {
        i18n::format_date(self.page.lang, *d)
    }
}

#[derive(Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn edit_view(
    state: &AppState,
    auth: &Auth,
    id: i64,
    values: Option<FormValues>,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<EditPage> {
    let site = site_for(state, auth, id, false).await?;
    let history = state.store.procedure_versions(site.id).await?;
    let current = history.first().cloned();
    let values = values.unwrap_or_else(|| match &current {
        Some(v) => FormValues::from_procedure(&v.procedure, today()),
        None => FormValues::from_procedure(&belgian_default(), today()),
    });
    Ok(EditPage {
        page: Page::new(
            &auth.ctx,
            format!(
                "{} — {}",
                i18n::t(auth.lang(), "procedure-title"),
                site.name
            ),
        ),
        can_edit: auth.principal().can_answer(&site.path()),
        site,
        values,
        current,
        history,
        errors,
        notice,
    })
}

async fn edit_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<SavedQuery>,
) -> Result<Response> {
    let notice = q.saved.map(|_| i18n::t(auth.lang(), "procedure-saved"));
    let view = edit_view(&state, &auth, id, None, FormErrors::default(), notice).await?;
    Ok(render(&view)?.into_response())
}

fn contacts(form: &HashMap<String, String>, prefix: &str) -> Vec<Contact> {
    (0..FORM_ROWS)
        .map(|i| {
            let get = |f: &str| {
                form.get(&format!("{prefix}_{f}_{i}"))
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default()
            };
            Contact {
                label: get("label"),
                name: get("name"),
                number: get("number"),
            }
        })
        .collect()
}

async fn form_save(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, true).await?;
    let lines = |lang: &str| -> Vec<String> {
        form.get(&format!("steps_{lang}"))
            .map(|s| {
                s.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let internal = contacts(&form, "internal");
    let external = contacts(&form, "external");
    let filled = |c: &Vec<Contact>| -> Vec<Contact> {
        c.iter()
            .filter(|c| !(c.label.is_empty() && c.name.is_empty() && c.number.is_empty()))
            .cloned()
            .collect()
    };
    let procedure = Procedure {
        steps: Steps {
            en: lines("en"),
            fr: lines("fr"),
            nl: lines("nl"),
        },
        internal: filled(&internal),
        external: filled(&external),
    };
    let reviewed_raw = form.get("reviewed_on").cloned().unwrap_or_default();
    match check(&procedure, Some(&reviewed_raw)) {
        Ok(reviewed_on) => {
            state
                .store
                .save_procedure(site.id, &procedure, reviewed_on, auth.user.id)
                .await?;
            Ok(Redirect::to(&format!("/sites/{}/procedure?saved=1", site.id)).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_result(auth.lang(), e)?;
            let values = FormValues {
                steps: Lang::ALL
                    .into_iter()
                    .map(|l| {
                        (
                            l.code(),
                            form.get(&format!("steps_{}", l.code()))
                                .cloned()
                                .unwrap_or_default(),
                        )
                    })
                    .collect(),
                internal,
                external,
                reviewed_on: reviewed_raw,
            };
            let view = edit_view(&state, &auth, id, Some(values), errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "procedure_card.html")]
struct CardPage {
    page: Page,
    site: Site,
    current: ProcedureVersion,
    /// The card's language, which may differ from the user's.
    card_lang: Lang,
    steps: Vec<String>,
    /// The language the steps are written in: another one when none were written in the
    /// card's (the page says so with `lang`, for screen readers and translators).
    steps_lang: Lang,
}

impl CardPage {
    fn tc(&self, key: &str) -> String {
        i18n::t(self.card_lang, key)
    }

    fn reviewed(&self) -> String {
        i18n::t_args(
            self.card_lang,
            "procedure-reviewed-on",
            &[(
                "date",
                i18n::format_date(self.card_lang, self.current.reviewed_on),
            )],
        )
    }
}

async fn card_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, false).await?;
    let card_lang = query_lang(q.lang.as_deref(), auth.lang())?;
    let current = state
        .store
        .current_procedure(site.id)
        .await?
        .ok_or(Error::NotFound)?;
    let (steps_lang, steps) = current.procedure.steps.best(card_lang);
    let steps = steps.to_vec();
    let page = Page::new(&auth.ctx, i18n::t(card_lang, "card-title"));
    Ok(render(&CardPage {
        page,
        site,
        current,
        card_lang,
        steps,
        steps_lang,
    })?
    .into_response())
}

/// The staff card as a one-page PDF, in the language asked for (`?lang=`).
#[utoipa::path(
    operation_id = "procedures_card_pdf",
    get,
    path = "/api/v1/sites/{id}/procedure/card.pdf",
    tag = "procedures",
    summary = "The one-page staff card as PDF",
    description = "Whoever may see the site may print it: the current procedure's steps in `lang` (or the caller's language; the first language that has steps when that one has none) and its contacts. 404 while the site has saved no procedure.",
    params(("id" = i64, Path, description = "The site"), LangQuery),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = crate::web::openapi::FileBody))
)]
async fn card_pdf(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<Response> {
    let site = site_for(&state, &auth, id, false).await?;
    let lang = query_lang(q.lang.as_deref(), auth.lang())?;
    let current = state
        .store
        .current_procedure(site.id)
        .await?
        .ok_or(Error::NotFound)?;
    let footer = format!(
        "{}, {}",
        i18n::t_args(
            lang,
            "procedure-version",
            &[("version", current.version.to_string())]
        ),
        i18n::t_args(
            lang,
            "procedure-reviewed-on",
            &[("date", i18n::format_date(lang, current.reviewed_on))]
        )
    );
    let bytes = tokio::task::spawn_blocking(move || {
        let steps = current.procedure.steps.best(lang).1.to_vec();
        crate::pdf::procedure_card::render(
            &crate::pdf::procedure_card::Card {
                site: &site.name,
                city: &site.city,
                steps: &steps,
                internal: &current.procedure.internal,
                external: &current.procedure.external,
                footer,
            },
            lang,
        )
    })
    .await
    .map_err(|e| anyhow::anyhow!("rendering the staff card: {e}"))?;
    Ok(super::download::private_file(
        bytes,
        "application/pdf",
        super::download::Disposition::Inline,
        &format!("procedure-card-{id}-{}.pdf", lang.code()),
    ))
}
