//! The review page: what an auditor sees of one submission, item by item, with the forms for
//! verdicts, findings and the decision. Every form posts to a handler that calls the same
//! operation as the API, so the rules (who, when, what) are checked once.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::findings::RaiseBody;
use crate::AppState;
use crate::criteria::{Criterion, Item};
use crate::domain::approval::{self, Blocker};
use crate::domain::scoring::{self, CriterionResult};
use crate::domain::{AssessmentStatus, Decision, Role};
use crate::error::{Error, Result};
use crate::store::assessments::Verdict;
use crate::store::evidence::EvidenceFile;
use crate::store::findings::Finding;
use crate::web::context::Auth;
use crate::web::extract::{CsrfForm, EmptyForm, PathParams, QueryParams};
use crate::web::page::{FormErrors, Page, render};
use crate::web::shared::assessment::{Loaded, Side, load};
use crate::web::shared::texts::figures_text;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assessments/{id}/review", get(review_page))
        .route("/assessments/{id}/review/take", post(form_take))
        .route("/assessments/{id}/review/take-over", post(form_take_over))
        .route(
            "/assessments/{id}/review/verdicts/{item}",
            post(form_verdict),
        )
        .route(
            "/assessments/{id}/review/criteria/{criterion}/accept-remaining",
            post(form_accept_remaining),
        )
        .route("/assessments/{id}/review/findings", post(form_raise))
        .route("/assessments/{id}/review/decision", post(form_decision))
}

/// Media types shown inline as images (the upload checked the bytes, not the name).
const INLINE_IMAGES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

/// One item as the auditor reviews it.
pub struct ReviewItem<'a> {
    pub item: &'a Item,
    /// The answer's label, or none if unanswered.
    pub answer: Option<String>,
    pub comment: String,
    /// Since the previous round: (before, now), in words.
    pub change: Option<(String, String)>,
    pub figures: Option<String>,
    pub images: Vec<&'a EvidenceFile>,
    pub documents: Vec<&'a EvidenceFile>,
    pub verdict: Option<&'a Verdict>,
    pub previous: Option<&'a Verdict>,
    pub findings: Vec<&'a Finding>,
}

impl ReviewItem<'_> {
    pub fn anchor(&self) -> String {
        format!("item-{}", self.item.key.replace('.', "-"))
    }

    /// The verdict was kept from the previous round (the item did not change).
    pub fn carried(&self) -> bool {
        self.verdict.is_some_and(|v| v.carried)
    }

    /// The verdict the form shows as chosen.
    pub fn chosen(&self, value: &str) -> bool {
        self.verdict.is_some_and(|v| v.verdict == value)
    }
}

/// What the user typed into a form that failed, to show it again.
#[derive(Default)]
struct Typed {
    raise: Option<RaiseBody>,
    decision_comment: String,
    verdict: Option<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage<'a> {
    page: Page,
    view: &'a Loaded,
    sections: Vec<(&'a Criterion, Vec<ReviewItem<'a>>)>,
    /// The auditor may record verdicts and findings.
    can_review: bool,
    can_take: bool,
    /// In review with another auditor, whom this auditor may take it over from.
    held_by_other: Option<i64>,
    can_decide: bool,
    can_reopen: bool,
    /// What stands in the way of an approval, in words: the approve button is disabled
    /// while there is any.
    blockers: Vec<String>,
    /// The audited answers miss criteria: the round can be closed as not compliant.
    can_close_not_compliant: bool,
    /// Items answered yes without the evidence they need: (key, anchor, why in words).
    lacking: Vec<(String, String, String)>,
    /// Per criterion: the self-assessment and the audit result (verdicts applied), none
    /// before any verdict (as `audited_compliant` is `null`).
    results: Vec<(&'a Criterion, CriterionResult, Option<CriterionResult>)>,
    /// Per criterion id: its pass rule, and why the result shown (the audit result once
    /// there is one, else the self-assessment) misses it.
    rules: HashMap<String, (String, Vec<String>)>,
    /// `?only=unjudged`: only the items without a verdict in this round are shown.
    only_unjudged: bool,
    emails: HashMap<i64, String>,
    error: Option<String>,
    error_item: Option<String>,
    notice: Option<String>,
    typed: Typed,
    today: time::Date,
}

impl ReviewPage<'_> {
    /// Items of a section with no verdict yet in this round.
    fn unjudged(&self, items: &[ReviewItem]) -> usize {
        items.iter().filter(|r| r.verdict.is_none()).count()
    }

    /// Whether the item is listed: all of them, or only those not yet judged.
    fn shown(&self, r: &ReviewItem) -> bool {
        !self.only_unjudged || r.verdict.is_none()
    }

    /// Items not yet judged, over every section (the filter link's count).
    fn unjudged_total(&self) -> usize {
        self.sections
            .iter()
            .map(|(_, items)| self.unjudged(items))
            .sum()
    }

    /// Items of a section with this verdict in this round.
    fn judged_as(&self, items: &[ReviewItem], verdict: &str) -> usize {
        items.iter().filter(|r| r.chosen(verdict)).count()
    }

    fn rule(&self, criterion: &str) -> &str {
        self.rules.get(criterion).map_or("", |r| r.0.as_str())
    }

    fn why(&self, criterion: &str) -> String {
        self.rules
            .get(criterion)
            .map(|r| r.1.join("; "))
            .unwrap_or_default()
    }

    fn who(&self, id: &i64) -> &str {
        self.emails.get(id).map_or("—", String::as_str)
    }

    fn decision_label(&self, decision: &str) -> String {
        self.page.t(&format!("decision-{decision}"))
    }

    fn verdict_label(&self, verdict: &str) -> String {
        self.page.t(&format!("verdict-{verdict}"))
    }

    fn severity_label(&self, severity: &str) -> String {
        self.page.t(&format!("severity-{severity}"))
    }

    fn overdue(&self, f: &Finding) -> bool {
        f.overdue(self.today)
    }

    fn due(&self, f: &Finding) -> String {
        crate::i18n::format_date(self.page.lang, f.due_date)
    }

    /// The raise-finding form's typed values, for the item whose form failed.
    fn raise_value(&self, item: &str, field: &str) -> String {
        self.typed
            .raise
            .as_ref()
            .filter(|r| r.item_key == item)
            .map(|r| match field {
                "severity" => r.severity.clone(),
                "action" => r.action.clone(),
                _ => r.due_date.clone(),
            })
            .unwrap_or_default()
    }

    fn typed_verdict_comment<'b>(&'b self, r: &'b ReviewItem<'_>) -> &'b str {
        match &self.typed.verdict {
            Some((item, _, comment)) if *item == r.item.key => comment,
            _ => r.verdict.map_or("", |v| v.comment.as_str()),
        }
    }

    fn error_here(&self, item: &str) -> bool {
        self.error_item.as_deref() == Some(item)
    }
}

fn side_text(lang: crate::domain::Lang, side: &Side) -> String {
    match side {
        None => crate::i18n::t(lang, "review-no-answer"),
        Some((answer, comment)) => {
            let label = crate::i18n::t(lang, &format!("answer-{answer}"));
            if comment.is_empty() {
                label
            } else {
                format!("{label} — « {comment} »")
            }
        }
    }
}

fn review_items<'a>(
    lang: crate::domain::Lang,
    l: &'a Loaded,
) -> Vec<(&'a Criterion, Vec<ReviewItem<'a>>)> {
    l.version
        .criteria
        .iter()
        .map(|c| {
            let items = c
                .items
                .iter()
                .map(|item| {
                    let saved = l.answers.get(&item.key);
                    let files = l.evidence.get(&item.key);
                    let (images, documents) = files
                        .map(|f| {
                            f.iter()
                                .partition(|f| INLINE_IMAGES.contains(&f.media_type.as_str()))
                        })
                        .unwrap_or_default();
                    ReviewItem {
                        item,
                        answer: saved.map(|a| {
                            crate::i18n::t(lang, &format!("answer-{}", a.answer.as_str()))
                        }),
                        comment: saved.map(|a| a.comment.clone()).unwrap_or_default(),
                        change: l
                            .changes
                            .get(&item.key)
                            .map(|(b, a)| (side_text(lang, b), side_text(lang, a))),
                        figures: l.figures.get(&item.key).map(|p| figures_text(lang, p)),
                        images,
                        documents,
                        verdict: l.verdicts.get(&item.key),
                        previous: l.previous_verdicts.get(&item.key),
                        findings: l
                            .findings
                            .iter()
                            .filter(|f| f.item_key == item.key)
                            .collect(),
                    }
                })
                .collect();
            (c, items)
        })
        .collect()
}

fn blockers(
    lang: crate::domain::Lang,
    l: &Loaded,
    failing: Vec<scoring::CriterionFailure>,
) -> Vec<String> {
    // The approval's own rule (`domain::approval`), so the button is disabled exactly when
    // the server would refuse.
    let rejected = l
        .verdicts
        .iter()
        .filter(|(_, v)| v.verdict == "rejected")
        .map(|(k, _)| k.clone())
        .collect();
    let major = l
        .findings
        .iter()
        .filter(|f| f.is_open() && f.severity == "major")
        .map(|f| (f.id, f.item_key.clone()))
        .collect();
    approval::blockers(failing, rejected, major)
        .iter()
        .flat_map(|b| match b {
            Blocker::NotCompliant(failing) => failing
                .iter()
                .map(|f| crate::web::shared::texts::failure_text(lang, &l.version, f))
                .collect::<Vec<_>>(),
            other => other
                .message()
                .map(|m| crate::i18n::msg(lang, &m))
                .into_iter()
                .collect(),
        })
        .collect()
}

async fn emails(state: &AppState, l: &Loaded) -> Result<HashMap<i64, String>> {
    let mut ids: Vec<i64> = l
        .decisions
        .iter()
        .map(|d| d.3)
        .chain(l.verdicts.values().map(|v| v.auditor_id))
        .chain(l.findings.iter().map(|f| f.raised_by))
        .chain(l.assessment.reviewer_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for id in ids {
        if let Some(u) = state.store.user(id).await? {
            out.insert(id, u.email);
        }
    }
    Ok(out)
}

struct Outcome {
    status: StatusCode,
    error: Option<String>,
    error_item: Option<String>,
    notice: Option<String>,
    typed: Typed,
    only_unjudged: bool,
}

impl Outcome {
    fn ok(notice: Option<String>) -> Outcome {
        Outcome {
            status: StatusCode::OK,
            error: None,
            error_item: None,
            notice,
            typed: Typed::default(),
            only_unjudged: false,
        }
    }
}

async fn show(state: &AppState, auth: &Auth, id: i64, outcome: Outcome) -> Result<Response> {
    let who = auth.principal();
    // The site and the company follow the review on the assessment's own pages.
    crate::web::shared::access::assessment_for(state, &who, id, &[Role::Auditor, Role::Admin])
        .await?;
    let l = load(state, &who, id).await?;
    let lang = auth.lang();
    let status = l.assessment.status;
    let auditor = who.role == Role::Auditor;
    // One auditor judges a round: the others see it, and may take it over.
    let held_by_other = l
        .assessment
        .reviewer_id
        .filter(|r| status == AssessmentStatus::InReview && *r != who.user_id);
    let holder = auditor && held_by_other.is_none();
    let certifiable = l.certifiable();
    let own = l.result();
    let mut judged = l.audited().map(|a| a.criteria.into_iter());
    let results: Vec<_> = l
        .version
        .criteria
        .iter()
        .zip(own.criteria)
        .map(|(c, own)| (c, own, judged.as_mut().and_then(Iterator::next)))
        .collect();
    let rules = results
        .iter()
        .map(|(c, own, judged)| {
            let shown = judged.as_ref().unwrap_or(own);
            (
                c.id.clone(),
                (
                    crate::web::shared::rules::pass_rule(lang, c),
                    crate::web::shared::rules::why_failing(lang, c, shown),
                ),
            )
        })
        .collect();
    let title = format!(
        "{} — {} · {}",
        l.site.name,
        l.assessment.year,
        crate::i18n::t(lang, "review-title")
    );
    let page = ReviewPage {
        page: Page::new(&auth.ctx, title),
        sections: review_items(lang, &l),
        can_review: holder
            && matches!(
                status,
                AssessmentStatus::Submitted | AssessmentStatus::InReview
            ),
        can_take: auditor && status == AssessmentStatus::Submitted,
        held_by_other: held_by_other.filter(|_| auditor),
        can_decide: holder && status.decide(Decision::Approve).is_ok(),
        can_reopen: status.decide(Decision::Reopen).is_ok(),
        can_close_not_compliant: holder
            && status.decide(Decision::CloseNotCompliant).is_ok()
            && certifiable.is_err(),
        blockers: blockers(lang, &l, certifiable.err().unwrap_or_default()),
        lacking: l
            .lacking_evidence()
            .iter()
            .map(|x| {
                (
                    x.item.key.clone(),
                    format!("item-{}", x.item.key.replace('.', "-")),
                    crate::web::shared::texts::lacking_text(lang, x),
                )
            })
            .collect(),
        results,
        rules,
        only_unjudged: outcome.only_unjudged,
        emails: emails(state, &l).await?,
        error: outcome.error,
        error_item: outcome.error_item,
        notice: outcome.notice,
        typed: outcome.typed,
        today: time::OffsetDateTime::now_utc().date(),
        view: &l,
    };
    Ok((outcome.status, render(&page)?).into_response())
}

#[derive(Deserialize)]
struct NoticeQuery {
    done: Option<String>,
    /// `unjudged` lists only the items without a verdict; any other value lists all.
    only: Option<String>,
}

async fn review_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<NoticeQuery>,
) -> Result<Response> {
    let notice = q
        .done
        .filter(|d| {
            matches!(
                d.as_str(),
                "taken"
                    | "taken_over"
                    | "verdict"
                    | "accepted"
                    | "finding"
                    | "request_changes"
                    | "approve"
                    | "close_not_compliant"
                    | "reopen"
            )
        })
        .map(|d| crate::i18n::t(auth.lang(), &format!("review-done-{d}")));
    let outcome = Outcome {
        only_unjudged: q.only.as_deref() == Some("unjudged"),
        ..Outcome::ok(notice)
    };
    show(&state, &auth, id, outcome).await
}

/// Shows the page again with the error of a failed form, or passes on errors no form fixes.
async fn failed(
    state: &AppState,
    auth: &Auth,
    id: i64,
    e: Error,
    error_item: Option<String>,
    typed: Typed,
) -> Result<Response> {
    failed_in(state, auth, id, e, error_item, typed, false).await
}

/// As `failed`, on the page filtered to the items not yet judged when `only_unjudged`.
async fn failed_in(
    state: &AppState,
    auth: &Auth,
    id: i64,
    e: Error,
    error_item: Option<String>,
    typed: Typed,
    only_unjudged: bool,
) -> Result<Response> {
    let (status, errors) = FormErrors::with_status(auth.lang(), e)?;
    let outcome = Outcome {
        status,
        error: Some(errors.joined()),
        error_item,
        notice: None,
        typed,
        only_unjudged,
    };
    show(state, auth, id, outcome).await
}

fn back(id: i64, done: &str, anchor: Option<&str>) -> Response {
    back_to(id, done, false, anchor)
}

/// To the review page, with its `?only=unjudged` filter kept when `only_unjudged`.
fn back_to(id: i64, done: &str, only_unjudged: bool, anchor: Option<&str>) -> Response {
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let only = if only_unjudged { "&only=unjudged" } else { "" };
    Redirect::to(&format!(
        "/assessments/{id}/review?done={done}{only}{anchor}"
    ))
    .into_response()
}

/// Where the filtered page continues after `after` was judged: the next item (in checklist
/// order, wrapping round) still without a verdict in this round, if any is left.
async fn next_unjudged(
    state: &AppState,
    assessment: &crate::store::assessments::Assessment,
    after: &str,
) -> Result<Option<String>> {
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let verdicts = state
        .store
        .verdicts(assessment.id, assessment.round)
        .await?;
    let keys: Vec<&str> = version.items().map(|i| i.key.as_str()).collect();
    let at = keys.iter().position(|k| *k == after).unwrap_or(0);
    Ok(keys[at..]
        .iter()
        .chain(&keys[..at])
        .find(|k| !verdicts.contains_key(**k))
        .map(|k| format!("item-{}", k.replace('.', "-"))))
}

/// The filter a form was posted from: `unjudged` keeps it on the way back.
fn keeps_filter(only: &str) -> bool {
    only == "unjudged"
}

async fn form_take(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response> {
    match super::reviews::take(&state, &auth.principal(), id).await {
        Ok(()) => Ok(back(id, "taken", None)),
        Err(e) => failed(&state, &auth, id, e, None, Typed::default()).await,
    }
}

async fn form_take_over(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response> {
    match super::reviews::take_over(&state, &auth.principal(), id, None).await {
        Ok(_) => Ok(back(id, "taken_over", None)),
        Err(e) => failed(&state, &auth, id, e, None, Typed::default()).await,
    }
}

#[derive(Deserialize)]
struct VerdictForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    comment: String,
    /// The page's filter (`unjudged`), kept on the way back.
    #[serde(default)]
    only: String,
}

async fn form_verdict(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, item)): PathParams<(i64, String)>,
    CsrfForm(form): CsrfForm<VerdictForm>,
) -> Result<Response> {
    let anchor = format!("item-{}", item.replace('.', "-"));
    match super::reviews::record_verdict(
        &state,
        &auth.principal(),
        id,
        &item,
        &form.verdict,
        &form.comment,
    )
    .await
    {
        Ok(assessment) if keeps_filter(&form.only) => {
            // The judged item leaves the filtered page: go on to the next one left.
            let next = next_unjudged(&state, &assessment, &item).await?;
            Ok(back_to(id, "verdict", true, next.as_deref()))
        }
        Ok(_) => Ok(back(id, "verdict", Some(&anchor))),
        Err(e) => {
            let only_unjudged = keeps_filter(&form.only);
            let typed = Typed {
                verdict: Some((item.clone(), form.verdict, form.comment)),
                ..Typed::default()
            };
            failed_in(&state, &auth, id, e, Some(item), typed, only_unjudged).await
        }
    }
}

#[derive(Deserialize)]
struct AcceptForm {
    /// The page's filter (`unjudged`), kept on the way back.
    #[serde(default)]
    only: String,
}

async fn form_accept_remaining(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, criterion)): PathParams<(i64, String)>,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<Response> {
    match super::reviews::accept_remaining(&state, &auth.principal(), id, &criterion).await {
        Ok((assessment, _)) if keeps_filter(&form.only) => {
            // The criterion's items leave the filtered page: go on to the next one left.
            let version = state.criteria_version(&assessment.criteria_version).await?;
            let last = version
                .criterion(&criterion)
                .and_then(|c| c.items.last())
                .map(|i| i.key.clone())
                .unwrap_or_default();
            let next = next_unjudged(&state, &assessment, &last).await?;
            Ok(back_to(id, "accepted", true, next.as_deref()))
        }
        Ok(_) => Ok(back(id, "accepted", Some(&format!("c-{criterion}")))),
        Err(e) => failed(&state, &auth, id, e, None, Typed::default()).await,
    }
}

async fn form_raise(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(form): CsrfForm<RaiseBody>,
) -> Result<Response> {
    match super::findings::raise(&state, &auth.principal(), id, &form).await {
        Ok(f) => Ok(back(
            id,
            "finding",
            Some(&format!("item-{}", f.item_key.replace('.', "-"))),
        )),
        Err(e) => {
            let item = form.item_key.clone();
            let typed = Typed {
                raise: Some(form),
                ..Typed::default()
            };
            failed(&state, &auth, id, e, Some(item), typed).await
        }
    }
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
}

async fn form_decision(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response> {
    let decision = match form.action.as_str() {
        "request_changes" => Decision::RequestChanges,
        "approve" => Decision::Approve,
        "close_not_compliant" => Decision::CloseNotCompliant,
        "reopen" => Decision::Reopen,
        _ => {
            return Err(Error::BadRequest(crate::error::Msg::new("error-form")));
        }
    };
    match super::reviews::decide(&state, &auth.principal(), id, decision, &form.comment).await {
        Ok(_) => Ok(back(id, decision.as_str(), None)),
        Err(e) => {
            let typed = Typed {
                decision_comment: form.comment,
                ..Typed::default()
            };
            failed(&state, &auth, id, e, None, typed).await
        }
    }
}
