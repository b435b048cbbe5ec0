//! The checklist: starting an assessment, answering its items, watching progress, submitting.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::context::Auth;
use super::extract::{ApiJson, CsrfForm, EmptyForm, LangQuery, PathParams, QueryParams};
use super::page::{Page, render};
use super::paging::{self, PageQuery};
use super::shared::access::visible_site;
use super::shared::assessment::{
    Loaded, Side, live_figures, load, load_for_criterion, start_assessment,
};
use super::shared::texts::{figures_text, lacking_text};
use super::shared::views::{
    AssessmentSummary, CriterionView, EvidenceView, FindingView, VerdictView,
};
use crate::AppState;
use crate::criteria::{Criterion, Item};
use crate::domain::scoring::{self, AssessmentResult, CriterionResult};
use crate::domain::{Answer, AssessmentStatus, JobRole, Lang, Principal};
use crate::error::{Error, Msg, Result};
use crate::store::assessments::{Verdict, confirmed};
use crate::store::procedures::ProcedureVersion;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Longest comment kept on an answer.
const COMMENT_MAX_CHARS: usize = 4000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list_assessments, api_create_assessment))
        .routes(routes!(api_assessment))
        .routes(routes!(api_put_answer))
        .routes(routes!(api_submit))
        .route("/assessments/{id}", get(assessment_page))
        .route(
            "/assessments/{id}/submit",
            get(submit_confirm_page).post(form_submit),
        )
        .route(
            "/assessments/{id}/criteria/{criterion}",
            get(criterion_page).post(form_save_criterion),
        )
}

// ---- loading and the operations shared by API and pages ----

/// Checks one answer against its item: the value must be known and allowed for the item.
fn parse_answer(item: &Item, raw: &str, comment: &str) -> Result<Answer> {
    let answer = Answer::parse(raw).ok_or(Error::invalid(
        "answer",
        Msg::new("invalid-answer").arg("value", raw),
    ))?;
    if !item.accepts(answer) {
        return Err(Error::invalid(
            "answer",
            Msg::new("answer-na-not-allowed").arg("item", &item.key),
        ));
    }
    if comment.chars().count() > COMMENT_MAX_CHARS {
        return Err(Error::invalid(
            "comment",
            Msg::new("comment-too-long").arg("max", COMMENT_MAX_CHARS),
        ));
    }
    Ok(answer)
}

async fn submit(state: &AppState, who: &Principal, id: i64) -> Result<Loaded> {
    let loaded = load(state, who, id).await?;
    if !who.can_answer(&loaded.site.path()) {
        return Err(Error::Forbidden);
    }
    if !loaded.assessment.status.is_editable() {
        return Err(Error::conflict("assessment-not-editable"));
    }
    let missing = scoring::missing_items(&loaded.version, &confirmed(&loaded.answers));
    if !missing.is_empty() {
        return Err(Error::Incomplete { missing });
    }
    // The figures the answers were given against travel with the submission.
    let figures = live_figures(
        &loaded.version,
        state.store.staff(loaded.site.id).await?,
        state.store.training_records(loaded.site.id).await?,
    );
    let figures = serde_json::to_string(&figures)
        .map_err(|e| anyhow::anyhow!("encoding the training figures: {e}"))?;
    state
        .store
        .submit_assessment(id, who.user_id, &figures)
        .await?;
    load(state, who, id).await
}

// ---- JSON ----

/// An assessment with its answers, results, evidence and review state.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AssessmentView {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    /// The reference year.
    pub year: i32,
    pub status: AssessmentStatus,
    /// The criteria version the checklist follows (see `GET /api/v1/criteria?version=`).
    pub criteria_version: String,
    /// Items answered, in percent.
    pub progress: u32,
    /// Items with a confirmed answer.
    pub answered: usize,
    pub total: usize,
    /// Every criterion met on the site's answers.
    pub compliant: bool,
    /// The assessment of the year before whose answers were carried into this one.
    pub carried_from: Option<i64>,
    /// The auditor who took the submission for review.
    pub reviewer_id: Option<i64>,
    /// How many times it was submitted: verdicts and findings belong to a round.
    pub round: i64,
    /// The certificate in force (the newest not revoked); `null` when there is none.
    pub certificate_serial: Option<String>,
    /// A major finding is open, which suspends the certificate.
    pub certificate_suspended: bool,
    /// This round's verdicts by item key; empty until the caller may see them (the site sees
    /// them once a decision returned or approved the assessment).
    pub verdicts: BTreeMap<String, VerdictView>,
    /// The previous round's verdicts by item key.
    pub previous_verdicts: BTreeMap<String, VerdictView>,
    pub findings: Vec<FindingView>,
    /// The items whose answer or comment changed since the previous round, by item key.
    pub changes_since_previous_round: BTreeMap<String, AnswerChangeView>,
    /// The auditors' decisions on each round, oldest first.
    pub decisions: Vec<RoundDecisionView>,
    /// Answers carried from the year before and not confirmed yet.
    pub to_confirm: usize,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub criteria: Vec<CriterionView>,
    /// The answers by item key.
    pub answers: BTreeMap<String, AnswerView>,
    /// The computed items by item key: the figures behind them and the answer they propose.
    pub computed: BTreeMap<String, ComputedItemView>,
    /// Evidence by item key: the latest versions while the site edits, the submitted ones
    /// after.
    pub evidence: BTreeMap<String, Vec<EvidenceView>>,
}

/// The answer to one item.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AnswerView {
    pub answer: Answer,
    pub comment: String,
    /// Carried from the year before and not confirmed yet: it does not count until it is.
    pub to_confirm: bool,
    pub updated_at: String,
}

/// An item's answer and comment on one side of a change.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AnsweredView {
    pub answer: String,
    pub comment: String,
}

/// How an item's answer changed since the previous round.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AnswerChangeView {
    /// As submitted in the previous round; `null` when it was not answered.
    pub before: Option<AnsweredView>,
    /// As it stands now; `null` when it is no longer answered.
    pub after: Option<AnsweredView>,
}

/// An auditor's decision on one round.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RoundDecisionView {
    pub round: i64,
    /// `request_changes`, `approve`, `close_not_compliant` or `reopen`.
    pub decision: String,
    pub comment: String,
    /// The auditor's user id.
    pub by: i64,
    pub at: String,
}

/// A computed item: the training figures behind it, the answer they propose, and whether
/// the site's answer overrides it (what the auditor compares).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComputedItemView {
    /// The training module counted.
    pub module: String,
    /// The job roles that must hold it.
    pub roles: Vec<JobRole>,
    /// Active people in those roles.
    pub required: usize,
    /// Of those, trained and valid.
    pub trained: usize,
    /// Trained over required, in percent with one decimal; `null` when nobody is required.
    pub percent: Option<f64>,
    /// The answer the figures propose; `null` when nobody holds the roles and the item
    /// cannot be not applicable.
    pub proposed: Option<Answer>,
    /// The site's confirmed answer; `null` while there is none.
    pub answer: Option<Answer>,
    /// The site's answer differs from the proposed one.
    #[serde(rename = "override")]
    pub overrides: bool,
    /// The figures are those frozen at submission, no longer live.
    pub frozen: bool,
}

impl AssessmentView {
    fn new(l: &Loaded, lang: Lang) -> AssessmentView {
        let a = &l.assessment;
        let result = l.result();
        let audited = l.audited();
        let side = |s: &Side| {
            s.as_ref().map(|(answer, comment)| AnsweredView {
                answer: answer.clone(),
                comment: comment.clone(),
            })
        };
        AssessmentView {
            id: a.id,
            site_id: a.site_id,
            site_name: l.site.name.clone(),
            year: a.year,
            status: a.status,
            criteria_version: a.criteria_version.clone(),
            progress: result.progress_percent(),
            answered: result.answered,
            total: result.total,
            compliant: result.compliant(),
            carried_from: a.carried_from,
            reviewer_id: a.reviewer_id,
            round: a.round,
            certificate_serial: l.current_certificate().map(|c| c.serial.clone()),
            certificate_suspended: l.current_certificate().is_some() && l.certificate_suspended(),
            verdicts: if l.verdicts_shown {
                VerdictView::by_item(&l.verdicts)
            } else {
                BTreeMap::new()
            },
            previous_verdicts: VerdictView::by_item(&l.previous_verdicts),
            findings: l.findings.iter().map(FindingView::from).collect(),
            changes_since_previous_round: l
                .changes
                .iter()
                .map(|(k, (before, after))| {
                    (
                        k.clone(),
                        AnswerChangeView {
                            before: side(before),
                            after: side(after),
                        },
                    )
                })
                .collect(),
            decisions: l
                .decisions
                .iter()
                .map(|(round, decision, comment, by, at)| RoundDecisionView {
                    round: *round,
                    decision: decision.clone(),
                    comment: comment.clone(),
                    by: *by,
                    at: at.clone(),
                })
                .collect(),
            to_confirm: l.answers.values().filter(|v| v.to_confirm).count(),
            created_at: a.created_at.clone(),
            updated_at: a.updated_at.clone(),
            submitted_at: a.submitted_at.clone(),
            criteria: result
                .criteria
                .iter()
                .map(|c| {
                    let judged = audited.as_ref().and_then(|r| r.criterion(&c.id));
                    CriterionView::new(c, judged, Some((&l.version, lang)))
                })
                .collect(),
            answers: l
                .answers
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        AnswerView {
                            answer: v.answer,
                            comment: v.comment.clone(),
                            to_confirm: v.to_confirm,
                            updated_at: v.updated_at.clone(),
                        },
                    )
                })
                .collect(),
            computed: computed_view(l),
            evidence: l
                .evidence
                .iter()
                .map(|(k, files)| {
                    (
                        k.clone(),
                        files.iter().map(|f| EvidenceView::new(f, None)).collect(),
                    )
                })
                .collect(),
        }
    }
}

/// The figures behind computed items, the answer they propose, and whether the site's
/// answer overrides it: what the auditor compares.
fn computed_view(l: &Loaded) -> BTreeMap<String, ComputedItemView> {
    let frozen = l.assessment.training_figures.is_some();
    l.figures
        .iter()
        .map(|(key, p)| {
            let answer = l
                .answers
                .get(key)
                .filter(|a| !a.to_confirm)
                .map(|a| a.answer);
            (
                key.clone(),
                ComputedItemView {
                    module: p.module.clone(),
                    roles: p.roles.clone(),
                    required: p.tally.required,
                    trained: p.tally.trained,
                    percent: p.tally.percent,
                    proposed: p.answer,
                    answer,
                    overrides: answer.is_some() && answer != p.answer,
                    frozen,
                },
            )
        })
        .collect()
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NewAssessmentBody {
    /// The reference year, from 2000 to next year (default: this year).
    #[schema(minimum = 2000)]
    year: Option<i64>,
}

#[utoipa::path(
    operation_id = "checklist_create_assessment",
    post,
    path = "/api/v1/sites/{id}/assessments",
    tag = "assessments",
    summary = "Start the assessment of a year (answers carried from the year before)",
    description = "For those who fill in the site's checklist (its managers and the company's admins). The answers of the year before are carried over, each to be confirmed; a site has one assessment per year.",
    params(("id" = i64, Path, description = "The site")),
    request_body = NewAssessmentBody,
    responses(
        (status = 201, description = "The new assessment", body = AssessmentView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The site already has an assessment for this year (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_create_assessment(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(site_id): PathParams<i64>,
    ApiJson(body): ApiJson<NewAssessmentBody>,
) -> Result<(StatusCode, axum::Json<AssessmentView>)> {
    let who = auth.principal();
    let a = start_assessment(&state, &who, site_id, body.year).await?;
    let loaded = load(&state, &who, a.id).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AssessmentView::new(&loaded, auth.lang())),
    ))
}

/// A page of a site's assessments.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AssessmentListAnswer {
    pub assessments: Vec<AssessmentSummary>,
    /// The `cursor` of the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[utoipa::path(
    operation_id = "checklist_list_assessments",
    get,
    path = "/api/v1/sites/{id}/assessments",
    tag = "assessments",
    summary = "A site's assessments, newest year first",
    description = "Whoever may see the site may list them: each without its answers, with its progress and its results per criterion (the audit result once a decision showed the verdicts to the site).",
    params(("id" = i64, Path, description = "The site"), crate::web::paging::PageQuery),
    responses((status = 200, description = "The assessments", body = AssessmentListAnswer))
)]
async fn api_list_assessments(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(site_id): PathParams<i64>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<AssessmentListAnswer>> {
    let site = visible_site(&state, &auth.principal(), site_id).await?;
    let summaries = AssessmentSummary::of_site(&state, site.id).await?;
    let (assessments, next) = paging::page_of(summaries, &p)?;
    Ok(axum::Json(AssessmentListAnswer {
        assessments,
        next_cursor: next,
    }))
}

#[utoipa::path(
    operation_id = "checklist_assessment",
    get,
    path = "/api/v1/assessments/{id}",
    tag = "assessments",
    summary = "An assessment with its answers, results, evidence and review state",
    description = "Whoever may see the assessment's site may read it. `criteria` lists one `CriterionView` per criterion: the self-assessment (`compliant`, `score`) and the audit result (`audited_compliant`, `audited_score`, `null` before any verdict the caller may see). `verdicts` and `previous_verdicts` map item keys to a `VerdictView`; in a new round, `carried: true` marks a verdict kept from the round before because the item's answer, comment and evidence did not change.",
    params(("id" = i64, Path, description = "The assessment"), LangQuery),
    responses((status = 200, description = "The assessment", body = AssessmentView))
)]
async fn api_assessment(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<LangQuery>,
) -> Result<axum::Json<AssessmentView>> {
    let lang = super::extract::query_lang(q.lang.as_deref(), auth.lang())?;
    let loaded = load(&state, &auth.principal(), id).await?;
    Ok(axum::Json(AssessmentView::new(&loaded, lang)))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct AnswerBody {
    answer: String,
    #[serde(default)]
    comment: Option<String>,
}

#[utoipa::path(
    operation_id = "checklist_put_answer",
    put,
    path = "/api/v1/assessments/{id}/answers/{key}",
    tag = "assessments",
    summary = "Answer one item",
    description = "For those who fill in the site's checklist (its managers and the company's admins), while the assessment is editable. Saving an answer carried from the year before confirms it.",
    params(("id" = i64, Path, description = "The assessment"), ("key" = String, Path, description = "The item key, e.g. 1.2")),
    request_body = AnswerBody,
    responses(
        (status = 200, description = "The assessment with the answer and the new results", body = AssessmentView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is not editable: it is submitted, in review or closed (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_put_answer(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, key)): PathParams<(i64, String)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<axum::Json<AssessmentView>> {
    let who = auth.principal();
    let loaded = load(&state, &who, id).await?;
    let (_, item) = loaded.version.item(&key).ok_or(Error::NotFound)?;
    if !who.can_answer(&loaded.site.path()) {
        return Err(Error::Forbidden);
    }
    if !loaded.assessment.status.is_editable() {
        return Err(Error::conflict("assessment-not-editable"));
    }
    let comment = body.comment.unwrap_or_default();
    let comment = comment.trim();
    let answer = parse_answer(item, &body.answer, comment)?;
    state
        .store
        .put_answer(id, &loaded.version, &item.key, answer, comment, who.user_id)
        .await?;
    let loaded = load(&state, &who, id).await?;
    Ok(axum::Json(AssessmentView::new(&loaded, auth.lang())))
}

#[utoipa::path(
    operation_id = "checklist_submit",
    post,
    path = "/api/v1/assessments/{id}/submit",
    tag = "assessments",
    summary = "Submit the assessment for review",
    description = "For those who fill in the site's checklist (its managers and the company's admins). Every item must have a confirmed answer; the training figures behind computed items are frozen with the submission.",
    params(("id" = i64, Path, description = "The assessment")),
    responses(
        (status = 200, description = "The submitted assessment", body = AssessmentView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is not editable: it is already submitted, in review or closed (code `conflict`)", body = crate::web::openapi::ErrorBody),
        (status = 422, description = "Items lack an answer, or carry one not confirmed yet; `missing_items` lists them (code `incomplete`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_submit(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<AssessmentView>> {
    let loaded = submit(&state, &auth.principal(), id).await?;
    Ok(axum::Json(AssessmentView::new(&loaded, auth.lang())))
}

// ---- pages ----

/// One criterion card on the overview.
pub struct CriterionCard<'a> {
    pub criterion: &'a Criterion,
    pub result: &'a CriterionResult,
    /// The audit result, once there are verdicts the viewer may see.
    pub audited: Option<CriterionResult>,
    pub to_confirm: usize,
    /// How the criterion is passed, from its data.
    pub rule: String,
    /// Why the result shown (the audit result once there is one) misses the rule.
    pub why: Vec<String>,
}

/// The pass rule of `criterion` and why `shown` misses it, for a page that shows its score.
fn rule_and_why(
    lang: Lang,
    criterion: &Criterion,
    shown: &CriterionResult,
) -> (String, Vec<String>) {
    (
        super::shared::rules::pass_rule(lang, criterion),
        super::shared::rules::why_failing(lang, criterion, shown),
    )
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage<'a> {
    /// The round closed without a certificate: the notice leads to the gap report.
    closed_not_compliant: bool,
    /// Criteria met on the audited answers, once there are verdicts the viewer may see.
    audited_met: Option<usize>,
    page: Page,
    view: &'a Loaded,
    result: &'a AssessmentResult,
    cards: Vec<CriterionCard<'a>>,
    can_edit: bool,
    missing: Vec<String>,
    to_confirm: usize,
    error: Option<String>,
    notice: Option<String>,
    /// Auditors and the admin open the review from here.
    review_link: bool,
    /// When the auditor returned the assessment: their comment and the items to look at.
    returned: Option<(String, Vec<String>)>,
    today: time::Date,
}

impl AssessmentPage<'_> {
    fn overdue(&self, f: &crate::store::findings::Finding) -> bool {
        f.overdue(self.today)
    }

    fn severity_key(&self, severity: &str) -> String {
        format!("severity-{severity}")
    }
}

#[derive(Deserialize)]
struct NoticeQuery {
    saved: Option<String>,
    submitted: Option<String>,
}

fn render_overview(
    auth: &Auth,
    l: &Loaded,
    error: Option<String>,
    notice: Option<String>,
) -> Result<axum::response::Html<String>> {
    let result = l.result();
    let audited = l.audited();
    let cards = l
        .version
        .criteria
        .iter()
        .zip(result.criteria.iter())
        .map(|(criterion, result)| {
            let audited = audited
                .as_ref()
                .and_then(|a| a.criterion(&criterion.id))
                .cloned();
            let (rule, why) =
                rule_and_why(auth.lang(), criterion, audited.as_ref().unwrap_or(result));
            CriterionCard {
                criterion,
                result,
                audited,
                to_confirm: criterion
                    .items
                    .iter()
                    .filter(|i| l.answers.get(&i.key).is_some_and(|a| a.to_confirm))
                    .count(),
                rule,
                why,
            }
        })
        .collect();
    let title = format!("{} — {}", l.site.name, l.assessment.year);
    let status = l.assessment.status;
    let returned = matches!(
        status,
        crate::domain::AssessmentStatus::ChangesRequested
            | crate::domain::AssessmentStatus::NotCompliant
    )
    .then(|| {
        let comment = l
            .decisions
            .iter()
            .rev()
            .find(|d| d.1 == "request_changes" || d.1 == "close_not_compliant")
            .map(|d| d.2.clone())
            .unwrap_or_default();
        let mut items: Vec<String> = l
            .verdicts
            .iter()
            .filter(|(_, v)| v.verdict != "accepted")
            .map(|(k, _)| k.clone())
            .collect();
        items.sort();
        (comment, items)
    });
    render(&AssessmentPage {
        review_link: matches!(
            auth.user.role,
            crate::domain::Role::Auditor | crate::domain::Role::Admin
        ),
        returned,
        closed_not_compliant: status == crate::domain::AssessmentStatus::NotCompliant,
        today: time::OffsetDateTime::now_utc().date(),
        page: Page::new(&auth.ctx, title),
        view: l,
        result: &result,
        audited_met: audited.as_ref().map(AssessmentResult::compliant_count),
        cards,
        can_edit: l.assessment.status.is_editable() && auth.principal().can_answer(&l.site.path()),
        missing: scoring::missing_items(&l.version, &confirmed(&l.answers)),
        to_confirm: l.answers.values().filter(|a| a.to_confirm).count(),
        error,
        notice,
    })
}

async fn assessment_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<NoticeQuery>,
) -> Result<Response> {
    let l = load(&state, &auth.principal(), id).await?;
    let notice = if q.submitted.is_some() {
        Some(i18n_t(&auth, "notice-submitted"))
    } else {
        q.saved.map(|_| i18n_t(&auth, "notice-saved"))
    };
    Ok(render_overview(&auth, &l, None, notice)?.into_response())
}

fn i18n_t(auth: &Auth, key: &str) -> String {
    crate::i18n::t(auth.lang(), key)
}

/// One item the submission page points at: where it is, and why it is listed.
pub struct CheckLine<'a> {
    pub criterion: &'a Criterion,
    pub item: &'a Item,
    pub why: String,
}

impl CheckLine<'_> {
    /// The item on its checklist page.
    pub fn href(&self, assessment: &i64) -> String {
        format!(
            "/assessments/{assessment}/criteria/{}#item-{}",
            self.criterion.id,
            self.item.key.replace('.', "-")
        )
    }
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage<'a> {
    page: Page,
    view: &'a Loaded,
    /// Answered yes without the evidence the item needs.
    lacking: Vec<CheckLine<'a>>,
    /// Carried over from last year and not confirmed: submitting refuses them.
    to_confirm: Vec<CheckLine<'a>>,
    /// Not answered at all.
    unanswered: Vec<CheckLine<'a>>,
}

/// What submitting will do, checked before it is done: the page the checklist's Submit
/// button opens. Only those who may submit see it, and only while the assessment is editable.
async fn submit_confirm_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    let who = auth.principal();
    let l = load(&state, &who, id).await?;
    if !who.can_answer(&l.site.path()) {
        return Err(Error::Forbidden);
    }
    if !l.assessment.status.is_editable() {
        return Err(Error::conflict("assessment-not-editable"));
    }
    let lang = auth.lang();
    let lacking = l
        .lacking_evidence()
        .iter()
        .map(|x| CheckLine {
            criterion: x.criterion,
            item: x.item,
            why: lacking_text(lang, x),
        })
        .collect();
    let mut to_confirm = Vec::new();
    let mut unanswered = Vec::new();
    for criterion in &l.version.criteria {
        for item in &criterion.items {
            let line = CheckLine {
                criterion,
                item,
                why: String::new(),
            };
            match l.answers.get(&item.key) {
                Some(a) if a.to_confirm => to_confirm.push(line),
                Some(_) => {}
                None => unanswered.push(line),
            }
        }
    }
    let title = crate::i18n::t(lang, "submit-confirm-title");
    let page = SubmitPage {
        page: Page::new(&auth.ctx, format!("{title} — {}", l.site.name)),
        view: &l,
        lacking,
        to_confirm,
        unanswered,
    };
    Ok(render(&page)?.into_response())
}

async fn form_submit(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response> {
    match submit(&state, &auth.principal(), id).await {
        Ok(_) => Ok(Redirect::to(&format!("/assessments/{id}?submitted=1")).into_response()),
        Err(e @ (Error::Incomplete { .. } | Error::Conflict(_))) => {
            let status = if matches!(e, Error::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let l = load(&state, &auth.principal(), id).await?;
            let message = match &e {
                Error::Incomplete { missing } => crate::i18n::msg(
                    auth.lang(),
                    &Msg::new("error-incomplete").arg("items", missing.join(", ")),
                ),
                Error::Conflict(m) => crate::i18n::msg(auth.lang(), m),
                _ => String::new(),
            };
            Ok((status, render_overview(&auth, &l, Some(message), None)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// One item as the criterion form shows it: the saved answer, or what was just typed.
pub struct ItemRow<'a> {
    pub item: &'a Item,
    pub answer: String,
    pub comment: String,
    pub to_confirm: bool,
    pub confirm_checked: bool,
    pub error: Option<String>,
    /// For computed items: the figures, in words.
    pub figures: Option<String>,
    /// The answer shown is the one the figures propose, not yet saved.
    pub proposed: bool,
    /// The saved answer differs from what the figures propose.
    pub overrides: bool,
    /// Evidence attached to the item: (id, name, version, expired).
    pub evidence: Vec<(i64, String, i64, bool)>,
    /// For items the procedure supports: its state, in words, and whether it needs work.
    pub procedure: Option<(String, bool)>,
    /// Answered `yes` without the evidence the item needs: why, in words.
    pub lacking: Option<String>,
    /// The auditor's verdict, once the site may see it.
    pub verdict: Option<Verdict>,
    /// Findings raised on the item: (finding, overdue today).
    pub findings: Vec<(crate::store::findings::Finding, bool)>,
}

impl ItemRow<'_> {
    pub fn is(&self, value: &str) -> bool {
        self.answer == value
    }

    pub fn rejected(&self) -> bool {
        self.verdict
            .as_ref()
            .is_some_and(|v| v.verdict == "rejected")
    }

    /// Field names with the item key made safe for an HTML id.
    pub fn id(&self, prefix: &str) -> String {
        format!("{prefix}-{}", self.item.key.replace('.', "-"))
    }
}

#[derive(Template)]
#[template(path = "criterion.html")]
struct CriterionPage<'a> {
    page: Page,
    view: &'a Loaded,
    criterion: &'a Criterion,
    result: CriterionResult,
    /// The audit result, once there are verdicts the viewer may see.
    audited: Option<CriterionResult>,
    rows: Vec<ItemRow<'a>>,
    can_edit: bool,
    next: Option<&'a Criterion>,
    previous: Option<&'a Criterion>,
    notice: Option<String>,
    has_errors: bool,
    /// Every criterion of the checklist with its progress, for the steps at the top.
    steps: Vec<(&'a Criterion, CriterionResult)>,
    /// How the criterion is passed, and why the result shown misses it.
    rule: String,
    why: Vec<String>,
}

impl CriterionPage<'_> {
    fn verdict_key(&self, verdict: &str) -> String {
        format!("verdict-{verdict}")
    }

    fn severity_key(&self, severity: &str) -> String {
        format!("severity-{severity}")
    }
}

fn find_criterion<'a>(l: &'a Loaded, id: &str) -> Result<(usize, &'a Criterion)> {
    l.version
        .criteria
        .iter()
        .enumerate()
        .find(|(_, c)| c.id == id)
        .ok_or(Error::NotFound)
}

fn criterion_view<'a>(
    auth: &Auth,
    l: &'a Loaded,
    index: usize,
    criterion: &'a Criterion,
    rows: Vec<ItemRow<'a>>,
    notice: Option<String>,
) -> CriterionPage<'a> {
    let answers = confirmed(&l.answers);
    let result = scoring::score_criterion(&l.version, criterion, &answers);
    let steps = l
        .version
        .criteria
        .iter()
        .zip(l.standing().criteria)
        .collect();
    let audited = l
        .audited()
        .and_then(|a| a.criterion(&criterion.id).cloned());
    let title = format!("{}. {}", criterion.number, criterion.title.get(auth.lang()));
    let (rule, why) = rule_and_why(auth.lang(), criterion, audited.as_ref().unwrap_or(&result));
    CriterionPage {
        rule,
        why,
        page: Page::new(&auth.ctx, title),
        view: l,
        criterion,
        result,
        audited,
        has_errors: rows.iter().any(|r| r.error.is_some()),
        rows,
        can_edit: l.assessment.status.is_editable() && auth.principal().can_answer(&l.site.path()),
        next: l.version.criteria.get(index + 1),
        previous: index.checked_sub(1).and_then(|i| l.version.criteria.get(i)),
        notice,
        steps,
    }
}

fn saved_row<'a>(lang: Lang, l: &Loaded, item: &'a Item) -> ItemRow<'a> {
    let saved = l.answers.get(&item.key);
    let proposal = l.figures.get(&item.key);
    let proposed = proposal.and_then(|p| p.answer).filter(|_| saved.is_none());
    ItemRow {
        item,
        answer: saved
            .map(|a| a.answer)
            .or(proposed)
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
        comment: saved.map(|a| a.comment.clone()).unwrap_or_default(),
        to_confirm: saved.is_some_and(|a| a.to_confirm),
        confirm_checked: false,
        error: None,
        figures: proposal.map(|p| figures_text(lang, p)),
        proposed: proposed.is_some(),
        overrides: matches!(
            (saved, proposal),
            (Some(s), Some(p)) if p.answer.is_some_and(|a| a != s.answer)
        ),
        evidence: l
            .evidence
            .get(&item.key)
            .map(|files| {
                let today = time::OffsetDateTime::now_utc().date();
                files
                    .iter()
                    .map(|f| (f.id, f.original_name.clone(), f.version, f.expired(today)))
                    .collect()
            })
            .unwrap_or_default(),
        procedure: item
            .procedure
            .then(|| procedure_text(lang, l.procedure.as_ref())),
        lacking: l
            .lacking_evidence()
            .iter()
            .find(|x| x.item.key == item.key)
            .map(|x| lacking_text(lang, x)),
        verdict: l
            .verdicts_shown
            .then(|| l.verdicts.get(&item.key).cloned())
            .flatten(),
        findings: l
            .findings
            .iter()
            .filter(|f| f.item_key == item.key)
            .map(|f| (f.clone(), f.overdue(time::OffsetDateTime::now_utc().date())))
            .collect(),
    }
}

/// "Procedure version 2, reviewed on 3 March 2026" and whether it needs attention.
fn procedure_text(lang: Lang, p: Option<&ProcedureVersion>) -> (String, bool) {
    let Some(p) = p else {
        return (crate::i18n::t(lang, "procedure-none-short"), true);
    };
    let due = crate::domain::procedure::review_due(p.reviewed_on);
    let overdue =
        !crate::domain::procedure::in_force(p.reviewed_on, time::OffsetDateTime::now_utc().date());
    let review = if overdue {
        crate::i18n::t_args(
            lang,
            "procedure-review-overdue",
            &[("date", crate::i18n::format_date(lang, due))],
        )
    } else {
        crate::i18n::t_args(
            lang,
            "procedure-reviewed-on",
            &[("date", crate::i18n::format_date(lang, p.reviewed_on))],
        )
    };
    let version = crate::i18n::t_args(
        lang,
        "procedure-version",
        &[("version", p.version.to_string())],
    );
    (format!("{version}, {review}"), overdue)
}

async fn criterion_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, criterion_id)): PathParams<(i64, String)>,
    QueryParams(q): QueryParams<NoticeQuery>,
) -> Result<Response> {
    let l = load_for_criterion(&state, &auth.principal(), id, &criterion_id).await?;
    let (index, criterion) = find_criterion(&l, &criterion_id)?;
    let rows = criterion
        .items
        .iter()
        .map(|i| saved_row(auth.lang(), &l, i))
        .collect();
    let notice = q.saved.map(|_| i18n_t(&auth, "notice-saved"));
    Ok(render(&criterion_view(&auth, &l, index, criterion, rows, notice))?.into_response())
}

async fn form_save_criterion(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    auth: Auth,
    PathParams((id, criterion_id)): PathParams<(i64, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let who = auth.principal();
    let l = load(&state, &who, id).await?;
    let (index, criterion) = find_criterion(&l, &criterion_id)?;
    if !who.can_answer(&l.site.path()) {
        return Err(Error::Forbidden);
    }
    if !l.assessment.status.is_editable() {
        return Err(Error::conflict("assessment-not-editable"));
    }

    // Check every item first: either all changes are saved, or none and the form comes back.
    let mut rows = Vec::new();
    let mut changes: Vec<(&str, Answer, String)> = Vec::new();
    for item in &criterion.items {
        let saved = l.answers.get(&item.key);
        let typed = form
            .get(&format!("answer_{}", item.key))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        let comment = form
            .get(&format!("comment_{}", item.key))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        let confirm = form.contains_key(&format!("confirm_{}", item.key));
        let mut row = ItemRow {
            answer: typed.clone(),
            comment: comment.clone(),
            confirm_checked: confirm,
            ..saved_row(auth.lang(), &l, item)
        };
        if typed.is_empty() {
            if !comment.is_empty() && saved.is_none() {
                row.error = Some(i18n_t(&auth, "answer-needed-for-comment"));
            }
            rows.push(row);
            continue;
        }
        match parse_answer(item, &typed, &comment) {
            Ok(answer) => {
                // Saving confirms a carried answer, so an unchanged one is saved only when
                // the manager ticked "confirm"; other unchanged answers need no write.
                let needs_write = match saved {
                    None => true,
                    Some(s) if s.answer != answer || s.comment != comment => true,
                    Some(s) => s.to_confirm && confirm,
                };
                if needs_write {
                    changes.push((item.key.as_str(), answer, comment));
                }
            }
            Err(Error::Invalid(problems)) => {
                let messages: Vec<String> = problems
                    .iter()
                    .map(|p| crate::i18n::msg(auth.lang(), &p.msg))
                    .collect();
                row.error = Some(messages.join(" "));
            }
            Err(e) => return Err(e),
        }
        rows.push(row);
    }
    if rows.iter().any(|r| r.error.is_some()) {
        let view = criterion_view(&auth, &l, index, criterion, rows, None);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response());
    }
    if !changes.is_empty() {
        let batch: Vec<(&str, Answer, &str)> = changes
            .iter()
            .map(|(k, a, c)| (*k, *a, c.as_str()))
            .collect();
        state
            .store
            .put_answers(id, &l.version, &batch, who.user_id)
            .await?;
    }
    // The page's script saves in the background as the manager answers: no page to send back,
    // only the criterion's new figures, in words, for the page to show.
    if headers.contains_key("x-autosave") {
        // What is stored now: the answers read before, and the ones just saved (saving
        // confirms them).
        let mut answers = confirmed(&l.answers);
        answers.extend(changes.iter().map(|(k, a, _)| (*k, *a)));
        let result = scoring::score_criterion(&l.version, criterion, &answers);
        let lang = auth.lang();
        let t1 = |key: &str, name: &'static str, value: String| {
            crate::i18n::t_args(lang, key, &[(name, value)])
        };
        return Ok(axum::Json(json!({
            "answered": result.answered,
            "total": result.total,
            "score_percent": result.score_percent(),
            "compliant": result.compliant,
            "answered_text": format!(
                "{} / {}",
                t1("items-answered", "count", result.answered.to_string()),
                result.total
            ),
            "score_text": t1("score", "score", crate::i18n::format_score(lang, result.score_percent())),
            "compliant_text": crate::i18n::t(
                lang,
                if result.compliant { "compliant" } else { "not-compliant" }
            ),
        }))
        .into_response());
    }
    let target = match (
        form.contains_key("save_next"),
        l.version.criteria.get(index + 1),
    ) {
        (true, Some(next)) => format!("/assessments/{id}/criteria/{}", next.id),
        (true, None) => format!("/assessments/{id}?saved=1"),
        _ => format!("/assessments/{id}/criteria/{criterion_id}?saved=1"),
    };
    Ok(Redirect::to(&target).into_response())
}
