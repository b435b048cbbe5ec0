//! The auditors' side: assigning auditors to companies, the queue of submissions, and the
//! review operations (taking a submission, verdicts, decisions) shared by API and pages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::domain::certificate::Serial;
use crate::domain::{AssessmentStatus, Decision, NodeKind, Principal, Role};
use crate::error::{Error, Msg, Result};
use crate::store::assessments::Assessment;
use crate::web::context::Auth;
use crate::web::extract::{ApiJson, PathParams, QueryParams};
use crate::web::paging::{self, PageQuery};
use crate::web::shared::access::{assessment_for, visible_site};

use super::NamedNode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_reviews))
        .route("/reviews", get(reviews_page))
        .routes(routes!(api_assign_auditor))
        .routes(routes!(api_take))
        .routes(routes!(api_take_over))
        .routes(routes!(api_verdict))
        .routes(routes!(api_accept_remaining))
        .routes(routes!(api_request_changes))
        .routes(routes!(api_approve))
        .routes(routes!(api_close_not_compliant))
        .routes(routes!(api_reopen))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ReviewQuery {
    /// Comma-separated statuses; submitted and in review by default.
    #[param(
        pattern = "^((draft|submitted|in_review|changes_requested|approved|not_compliant)(,(draft|submitted|in_review|changes_requested|approved|not_compliant))*)?$"
    )]
    status: Option<String>,
    company_id: Option<i64>,
    unit_id: Option<i64>,
    /// ISO country code of the unit.
    country: Option<String>,
    /// Only submissions waiting at least this many days.
    min_waiting_days: Option<i64>,
    /// `oldest` (default) or `newest` first.
    #[param(pattern = "^(oldest|newest)$")]
    sort: Option<String>,
}

/// One submission in the auditors' queue.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReviewView {
    pub assessment_id: i64,
    pub year: i64,
    /// The assessment's status, e.g. `submitted` or `in_review`.
    pub status: String,
    /// When the site submitted it; `null` if it never was.
    pub submitted_at: Option<String>,
    /// Whole days since `submitted_at`; `null` without a submission date.
    pub waiting_days: Option<i64>,
    pub site: NamedNode,
    pub unit: NamedNode,
    /// ISO country code of the unit.
    pub country: String,
    pub company: NamedNode,
    /// The auditor who holds the review; `null` while nobody took it.
    pub reviewer_id: Option<i64>,
}

/// A page of the auditors' queue.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReviewsAnswer {
    pub reviews: Vec<ReviewView>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

#[utoipa::path(
    operation_id = "reviews",
    get,
    path = "/api/v1/reviews",
    tag = "reviews",
    summary = "Submissions to review (auditors)",
    description = "Auditors (their companies) and the admin (every company): the submissions in the given statuses, oldest submission first unless `sort=newest`, filtered by company, unit, country and waiting time.",
    params(ReviewQuery, PageQuery),
    responses(
        (status = 200, description = "The submissions", body = ReviewsAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_reviews(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<ReviewQuery>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<ReviewsAnswer>> {
    let who = auth.principal();
    if !matches!(who.role, Role::Auditor | Role::Admin) {
        return Err(Error::Forbidden);
    }
    let statuses: Vec<AssessmentStatus> = match q.status.as_deref() {
        None | Some("") => vec![AssessmentStatus::Submitted, AssessmentStatus::InReview],
        Some(list) => list
            .split(',')
            .map(|s| {
                AssessmentStatus::parse(s.trim()).ok_or_else(|| {
                    Error::BadRequest(Msg::new("error-status-unknown").arg("value", s.trim()))
                })
            })
            .collect::<Result<_>>()?,
    };
    let today = time::OffsetDateTime::now_utc();
    let newest_first = match q.sort.as_deref() {
        None | Some("") | Some("oldest") => false,
        Some("newest") => true,
        Some(other) => {
            return Err(Error::BadRequest(
                Msg::new("error-sort-unknown").arg("value", other),
            ));
        }
    };
    let mut rows = state
        .store
        .list_reviews(who.visibility(), &statuses)
        .await?;
    if newest_first {
        rows.reverse();
    }
    let waiting = |r: &crate::store::assessments::ReviewRow| {
        r.submitted_at
            .as_deref()
            .and_then(crate::store::parse_timestamp)
            .map(|t| (today - t).whole_days())
    };
    let kept: Vec<_> = rows
        .into_iter()
        .filter(|r| q.company_id.is_none_or(|c| c == r.company_id))
        .filter(|r| q.unit_id.is_none_or(|u| u == r.unit_id))
        .filter(|r| {
            q.country
                .as_deref()
                .is_none_or(|c| c.eq_ignore_ascii_case(&r.country))
        })
        .filter(|r| {
            q.min_waiting_days
                .is_none_or(|min| waiting(r).is_some_and(|w| w >= min))
        })
        .collect();
    let (page, next) = paging::page_of(kept, &p)?;
    let reviews = page
        .iter()
        .map(|r| ReviewView {
            assessment_id: r.assessment_id,
            year: r.year,
            status: r.status.clone(),
            submitted_at: r.submitted_at.clone(),
            waiting_days: waiting(r),
            site: NamedNode {
                id: r.site_id,
                name: r.site_name.clone(),
            },
            unit: NamedNode {
                id: r.unit_id,
                name: r.unit_name.clone(),
            },
            country: r.country.clone(),
            company: NamedNode {
                id: r.company_id,
                name: r.company_name.clone(),
            },
            reviewer_id: r.reviewer_id,
        })
        .collect();
    Ok(axum::Json(ReviewsAnswer {
        reviews,
        next_cursor: next,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct AssignBody {
    user_id: i64,
}

/// An auditor assigned to a company.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub company_id: i64,
    /// The auditor.
    pub user_id: i64,
    /// Always `true`: the auditor is assigned (now or already).
    pub assigned: bool,
}

#[utoipa::path(
    operation_id = "reviews_assign_auditor",
    post,
    path = "/api/v1/companies/{id}/auditors",
    tag = "reviews",
    summary = "Assign an auditor to a company (admin)",
    description = "The admin only. `user_id` must be an auditor. Assigning an auditor who is already assigned changes nothing and answers 200 instead of 201.",
    params(("id" = i64, Path, description = "The company")),
    request_body = AssignBody,
    responses(
        (status = 201, description = "The auditor is assigned now", body = AssignmentView),
        (status = 200, description = "The auditor was already assigned", body = AssignmentView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_assign_auditor(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    ApiJson(body): ApiJson<AssignBody>,
) -> Result<(StatusCode, axum::Json<AssignmentView>)> {
    if auth.principal().role != Role::Admin {
        return Err(Error::Forbidden);
    }
    state
        .store
        .node_of_kind(company_id, NodeKind::Company)
        .await?
        .ok_or(Error::NotFound)?;
    let user = state
        .store
        .user(body.user_id)
        .await?
        .filter(|u| u.role == Role::Auditor)
        .ok_or_else(|| Error::invalid("user_id", Msg::new("auditor-unknown")))?;
    let added = state.store.assign_auditor(user.id, company_id).await?;
    let status = if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        axum::Json(AssignmentView {
            company_id,
            user_id: user.id,
            assigned: true,
        }),
    ))
}

/// An auditor takes a waiting submission, so colleagues see it is being reviewed.
pub async fn take(state: &AppState, who: &Principal, id: i64) -> Result<()> {
    let assessment = assessment_for(state, who, id, &[Role::Auditor]).await?;
    if assessment.status.take().is_err() {
        return Err(Error::conflict("assessment-not-waiting"));
    }
    state.store.take_assessment(id, who.user_id).await
}

#[utoipa::path(
    operation_id = "reviews_take",
    post,
    path = "/api/v1/assessments/{id}/take",
    tag = "reviews",
    summary = "Take a submission for review",
    description = "Auditors of the company only: a `submitted` assessment becomes `in_review` with the caller as its holder, so colleagues see it is being reviewed. To take one held by another auditor, use take-over.",
    params(("id" = i64, Path, description = "The assessment")),
    responses(
        (status = 200, description = "The assessment and its holder", body = TakeOverView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is not waiting for review: not submitted, or already taken (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_take(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<TakeOverView>> {
    let who = auth.principal();
    take(&state, &who, id).await?;
    Ok(axum::Json(TakeOverView {
        id,
        status: AssessmentStatus::InReview,
        reviewer_id: who.user_id,
    }))
}

/// Takes over a submission in review with another auditor: an auditor for themselves, the
/// admin for an auditor of the company (`auditor_id`). Recorded in the history.
pub async fn take_over(
    state: &AppState,
    who: &Principal,
    id: i64,
    auditor_id: Option<i64>,
) -> Result<i64> {
    let assessment = assessment_for(state, who, id, &[Role::Auditor, Role::Admin]).await?;
    let to = match (who.role, auditor_id) {
        (Role::Auditor, None) => who.user_id,
        (Role::Auditor, Some(other)) if other == who.user_id => other,
        // An auditor takes a review over for themselves only.
        (Role::Auditor, Some(_)) => return Err(Error::Forbidden),
        (_, None) => {
            return Err(Error::invalid(
                "auditor_id",
                Msg::new("take-over-auditor-required"),
            ));
        }
        (_, Some(other)) => {
            let auditor = state
                .store
                .user(other)
                .await?
                .filter(|u| u.role == Role::Auditor)
                .ok_or_else(|| Error::invalid("auditor_id", Msg::new("auditor-unknown")))?;
            // Only to an auditor who may see the submission.
            visible_site(state, &auditor.principal(), assessment.site_id)
                .await
                .map_err(|_| Error::invalid("auditor_id", Msg::new("auditor-unknown")))?;
            other
        }
    };
    state
        .store
        .take_over_assessment(id, to, who.user_id)
        .await?;
    Ok(to)
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
struct TakeOverBody {
    /// Who takes the review over: the caller (an auditor) when left out; required from the
    /// admin, an auditor of the company.
    #[serde(default)]
    auditor_id: Option<i64>,
}

/// A review taken or taken over: the assessment and its holder.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct TakeOverView {
    /// The assessment.
    id: i64,
    /// Always `in_review`.
    status: AssessmentStatus,
    /// The auditor who now holds the review.
    reviewer_id: i64,
}

#[utoipa::path(
    operation_id = "reviews_take_over",
    post,
    path = "/api/v1/assessments/{id}/take-over",
    tag = "reviews",
    summary = "Take over a review held by another auditor",
    description = "While an assessment is `in_review`, only its holder records verdicts and decides (others get 409 `held_by_another`). Another auditor of the company takes it over for themselves; the admin hands it to an auditor (`auditor_id`). Recorded in the history.",
    params(("id" = i64, Path, description = "The assessment")),
    request_body(content = TakeOverBody, description = "Optional for an auditor", content_type = "application/json"),
    responses(
        (status = 200, description = "The new holder", body = TakeOverView),
        (status = 403, description = "Neither an auditor nor the admin, or an auditor naming someone else", body = crate::web::openapi::ErrorBody),
        (status = 404, description = "No such assessment, or not visible to the caller", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "Not in review with another auditor", body = crate::web::openapi::ErrorBody),
        (status = 422, description = "`auditor_id` missing (admin) or not an auditor of the company", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_take_over(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    body: Option<ApiJson<TakeOverBody>>,
) -> Result<axum::Json<TakeOverView>> {
    let body = body.map(|ApiJson(b)| b).unwrap_or_default();
    let to = take_over(&state, &auth.principal(), id, body.auditor_id).await?;
    Ok(axum::Json(TakeOverView {
        id,
        status: AssessmentStatus::InReview,
        reviewer_id: to,
    }))
}

const VERDICTS: [&str; 3] = ["accepted", "rejected", "needs_info"];
const COMMENT_MAX_CHARS: usize = 4000;

#[derive(Deserialize, utoipa::ToSchema)]
struct VerdictBody {
    verdict: String,
    #[serde(default)]
    comment: String,
}

/// An auditor's verdict on one item of the round under review, with a comment for the site.
pub async fn record_verdict(
    state: &AppState,
    who: &Principal,
    id: i64,
    item_key: &str,
    verdict: &str,
    comment: &str,
) -> Result<Assessment> {
    let assessment = assessment_for(state, who, id, &[Role::Auditor]).await?;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    version.item(item_key).ok_or(Error::NotFound)?;
    let verdict = verdict.trim();
    if !VERDICTS.contains(&verdict) {
        return Err(Error::invalid(
            "verdict",
            Msg::new("verdict-unknown").arg("value", verdict),
        ));
    }
    let comment = comment.trim();
    if comment.chars().count() > COMMENT_MAX_CHARS {
        return Err(Error::invalid(
            "comment",
            Msg::new("comment-too-long").arg("max", COMMENT_MAX_CHARS),
        ));
    }
    state
        .store
        .put_verdict(id, &version, item_key, verdict, comment, who.user_id)
        .await?;
    Ok(assessment)
}

/// A verdict just recorded on one item of the round under review.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VerdictAnswer {
    pub assessment_id: i64,
    /// The submission round the verdict belongs to.
    pub round: i64,
    pub item_key: String,
    /// `accepted`, `rejected` or `needs_info`.
    pub verdict: String,
    /// The comment for the site, trimmed.
    pub comment: String,
    /// Always `false`: a verdict given now is this round's own.
    pub carried: bool,
}

#[utoipa::path(
    operation_id = "reviews_verdict",
    put,
    path = "/api/v1/assessments/{id}/verdicts/{item_key}",
    tag = "reviews",
    summary = "Accept or reject an item, or ask for information",
    description = "Auditors of the company only, on a submitted assessment or one in review with the caller (a submitted one is taken on the way). Replaces the item's verdict in this round, a carried one included.",
    params(("id" = i64, Path, description = "The assessment"), ("item_key" = String, Path, description = "The item key")),
    request_body = VerdictBody,
    responses(
        (status = 200, description = "The verdict", body = VerdictAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is not submitted or in review (code `conflict`), or another auditor holds the review (code `held_by_another`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_verdict(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, item_key)): PathParams<(i64, String)>,
    ApiJson(body): ApiJson<VerdictBody>,
) -> Result<axum::Json<VerdictAnswer>> {
    let assessment = record_verdict(
        &state,
        &auth.principal(),
        id,
        &item_key,
        &body.verdict,
        &body.comment,
    )
    .await?;
    Ok(axum::Json(VerdictAnswer {
        assessment_id: id,
        round: assessment.round,
        item_key,
        verdict: body.verdict.trim().to_owned(),
        comment: body.comment.trim().to_owned(),
        carried: false,
    }))
}

/// Accepts, in one transaction, every item of one criterion that has no verdict yet in the round
/// under review; the items already judged keep their verdict. Returns how many were accepted.
pub async fn accept_remaining(
    state: &AppState,
    who: &Principal,
    id: i64,
    criterion_id: &str,
) -> Result<(Assessment, usize)> {
    let assessment = assessment_for(state, who, id, &[Role::Auditor]).await?;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let criterion = version.criterion(criterion_id).ok_or(Error::NotFound)?;
    let keys: Vec<&str> = criterion.items.iter().map(|i| i.key.as_str()).collect();
    let accepted = state
        .store
        .put_verdicts(id, &version, &keys, "accepted", "", who.user_id, false)
        .await?;
    Ok((assessment, accepted))
}

/// The items of a criterion accepted in one go.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AcceptRemainingAnswer {
    pub assessment_id: i64,
    /// The submission round the verdicts belong to.
    pub round: i64,
    pub criterion_id: String,
    /// How many items were accepted now (those already judged are not counted).
    pub accepted: usize,
}

#[utoipa::path(
    operation_id = "reviews_accept_remaining",
    post,
    path = "/api/v1/assessments/{id}/criteria/{criterion_id}/accept-remaining",
    tag = "reviews",
    summary = "Accept every item of a criterion that has no verdict yet",
    description = "Auditors of the company only, as for single verdicts. Items already judged in this round keep their verdict. Answers `accepted`, the number of items accepted now.",
    params(("id" = i64, Path, description = "The assessment"), ("criterion_id" = String, Path, description = "The criterion id, e.g. policy")),
    responses(
        (status = 200, description = "How many items were accepted", body = AcceptRemainingAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is not submitted or in review (code `conflict`), or another auditor holds the review (code `held_by_another`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_accept_remaining(
    State(state): State<AppState>,
    auth: Auth,
    PathParams((id, criterion_id)): PathParams<(i64, String)>,
) -> Result<axum::Json<AcceptRemainingAnswer>> {
    let (assessment, accepted) =
        accept_remaining(&state, &auth.principal(), id, &criterion_id).await?;
    Ok(axum::Json(AcceptRemainingAnswer {
        assessment_id: id,
        round: assessment.round,
        criterion_id,
        accepted,
    }))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
struct DecisionBody {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    reason: String,
}

/// Checks who may decide, then records the decision; returns the new status and round.
pub async fn decide(
    state: &AppState,
    who: &Principal,
    id: i64,
    decision: Decision,
    comment: &str,
) -> Result<(AssessmentStatus, i64)> {
    let (status, round, _) = decide_issuing(state, who, id, decision, comment).await?;
    Ok((status, round))
}

/// [`decide`], with the serial of the certificate an approval issued.
async fn decide_issuing(
    state: &AppState,
    who: &Principal,
    id: i64,
    decision: Decision,
    comment: &str,
) -> Result<(AssessmentStatus, i64, Option<Serial>)> {
    let roles: &[Role] = match decision {
        Decision::Reopen => &[Role::Auditor, Role::Admin],
        _ => &[Role::Auditor],
    };
    let assessment = assessment_for(state, who, id, roles).await?;
    let comment = comment.trim();
    if decision == Decision::Reopen && comment.is_empty() {
        return Err(Error::invalid("reason", Msg::new("reopen-reason-required")));
    }
    // The site and head office read why the round closed without a certificate.
    if decision == Decision::CloseNotCompliant && comment.is_empty() {
        return Err(Error::invalid(
            "comment",
            Msg::new("close-not-compliant-comment-required"),
        ));
    }
    if comment.chars().count() > COMMENT_MAX_CHARS {
        return Err(Error::invalid(
            "comment",
            Msg::new("comment-too-long").arg("max", COMMENT_MAX_CHARS),
        ));
    }
    let version = state.criteria_version(&assessment.criteria_version).await?;
    let certificate = if decision == Decision::Approve {
        Some(crate::web::shared::issuing::prepare(state, &assessment, None).await?)
    } else {
        None
    };
    // The store checks compliance again on the audited answers inside its transaction, and
    // that the certificate says the same: only then is it issued.
    let status = state
        .store
        .decide(
            id,
            &version,
            decision,
            comment,
            who.user_id,
            certificate.as_ref(),
        )
        .await?;
    Ok((
        status,
        assessment.round,
        certificate.map(|c| c.content.serial),
    ))
}

async fn api_decide(
    state: &AppState,
    auth: &Auth,
    id: i64,
    decision: Decision,
    comment: &str,
) -> Result<axum::Json<DecisionView>> {
    let who = auth.principal();
    let (status, round) = decide(state, &who, id, decision, comment).await?;
    Ok(axum::Json(DecisionView {
        id,
        status,
        round,
        decided_by: who.user_id,
    }))
}

#[utoipa::path(
    operation_id = "reviews_request_changes",
    post,
    path = "/api/v1/assessments/{id}/request-changes",
    tag = "reviews",
    summary = "Send the assessment back to the site",
    description = "Auditors of the company only, on a submission they hold (or one still waiting). The status becomes `changes_requested` and the site sees the verdicts; `comment` (optional, at most 4000 characters) tells it why.",
    params(("id" = i64, Path, description = "The assessment")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "The assessment, now `changes_requested`", body = DecisionView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is not submitted or in review (code `conflict`), or another auditor holds the review (code `held_by_another`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_request_changes(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<axum::Json<DecisionView>> {
    api_decide(&state, &auth, id, Decision::RequestChanges, &body.comment).await
}

#[utoipa::path(
    operation_id = "reviews_approve",
    post,
    path = "/api/v1/assessments/{id}/approve",
    tag = "reviews",
    summary = "Approve the assessment; issues the certificate",
    description = "Auditors of the company only, on a submission they hold (or one still waiting). Only when every criterion is met on the audited answers: the site's answers, with the items rejected or marked `needs_info` counted as not accepted. Otherwise 409 with the code `not_compliant` and `failing_criteria`, each naming the rule it fails.",
    params(("id" = i64, Path, description = "The assessment")),
    responses(
        (status = 200, description = "The assessment and its certificate", body = ApprovalAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "Not submitted or in review (code `conflict`); another auditor holds the review (code `held_by_another`); `not_compliant`: criteria fail on the audited answers (`failing_criteria`); items still rejected or major findings open", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_approve(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<ApprovalAnswer>> {
    let who = auth.principal();
    let (status, round, serial) = decide_issuing(&state, &who, id, Decision::Approve, "").await?;
    let serial = serial.ok_or_else(|| anyhow::anyhow!("an approval issued no certificate"))?;
    let cert = state
        .store
        .certificate(&serial)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the certificate {serial:?} just issued is missing"))?;
    let certificate = crate::web::shared::views::VerifyAnswer::new(
        &cert.content()?,
        crate::web::shared::issuing::status_of(&state, &cert).await?,
        auth.lang(),
    );
    Ok(axum::Json(ApprovalAnswer {
        id,
        status,
        round,
        decided_by: who.user_id,
        certificate,
    }))
}

/// An approval: the decision and the certificate it issued.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApprovalAnswer {
    pub id: i64,
    /// Always `approved`.
    pub status: AssessmentStatus,
    /// The round approved.
    pub round: i64,
    /// The auditor who approved.
    pub decided_by: i64,
    /// The certificate issued, as anyone may verify it by its serial.
    pub certificate: crate::web::shared::views::VerifyAnswer,
}

/// A decision as the API answers it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DecisionView {
    /// The assessment.
    pub id: i64,
    /// The status the decision led to.
    pub status: AssessmentStatus,
    /// The round decided on.
    pub round: i64,
    /// Who decided.
    pub decided_by: i64,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct CloseNotCompliantBody {
    /// For the site and head office: why the round closes without a certificate (required,
    /// at most 4000 characters).
    comment: String,
}

#[utoipa::path(
    operation_id = "reviews_close_not_compliant",
    post,
    path = "/api/v1/assessments/{id}/close-not-compliant",
    tag = "reviews",
    summary = "Close a reviewed round that misses criteria, without a certificate",
    description = "For a submission whose audited answers (the site's answers, with the items rejected or marked `needs_info` counted as not accepted) fail at least one criterion. The status becomes `not_compliant`; the site's managers and the company admins are notified and pointed to the gap report. Reopening works as after an approval. Auditors of the company only.",
    params(("id" = i64, Path, description = "The assessment")),
    request_body = CloseNotCompliantBody,
    responses(
        (status = 200, description = "The assessment, now `not_compliant`", body = DecisionView),
        (status = 403, description = "Not an auditor", body = crate::web::openapi::ErrorBody),
        (status = 404, description = "No such assessment, or not visible to the caller", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "Not submitted or in review, or the audited answers meet every criterion (approve it instead)", body = crate::web::openapi::ErrorBody),
        (status = 422, description = "The comment is missing or too long", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_close_not_compliant(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<CloseNotCompliantBody>,
) -> Result<axum::Json<DecisionView>> {
    let who = auth.principal();
    let (status, round) =
        decide(&state, &who, id, Decision::CloseNotCompliant, &body.comment).await?;
    Ok(axum::Json(DecisionView {
        id,
        status,
        round,
        decided_by: who.user_id,
    }))
}

#[utoipa::path(
    operation_id = "reviews_reopen",
    post,
    path = "/api/v1/assessments/{id}/reopen",
    tag = "reviews",
    summary = "Reopen an approved or not compliant assessment; revokes its certificate",
    description = "Auditors of the company and the admin. `reason` is required (the body's `comment` is not read here). The assessment goes back to `in_review`, its history intact.",
    params(("id" = i64, Path, description = "The assessment")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "The assessment, back `in_review`", body = DecisionView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The assessment is neither approved nor not compliant (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_reopen(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<axum::Json<DecisionView>> {
    api_decide(&state, &auth, id, Decision::Reopen, &body.reason).await
}

// ---- the queue page ----

#[derive(askama::Template)]
#[template(path = "reviews.html")]
struct ReviewsPage {
    page: crate::web::page::Page,
    rows: Vec<crate::store::assessments::ReviewRow>,
    statuses: Vec<(&'static str, String)>,
    status: String,
    companies: Vec<(i64, String)>,
    company: Option<i64>,
    units: Vec<(i64, String)>,
    unit: Option<i64>,
    country: String,
    min_wait: String,
    today: time::OffsetDateTime,
    findings: Vec<crate::store::findings::OpenFinding>,
}

impl ReviewsPage {
    fn status_key(&self, status: &str) -> String {
        format!("status-{status}")
    }

    fn is_company(&self, id: &i64) -> bool {
        self.company == Some(*id)
    }

    fn is_unit(&self, id: &i64) -> bool {
        self.unit == Some(*id)
    }

    fn overdue(&self, f: &crate::store::findings::OpenFinding) -> bool {
        f.overdue(self.today.date())
    }

    fn due(&self, f: &crate::store::findings::OpenFinding) -> String {
        f.due()
            .map(|d| crate::i18n::format_date(self.page.lang, d))
            .unwrap_or_default()
    }

    fn severity_key(&self, severity: &str) -> String {
        format!("severity-{severity}")
    }

    fn waiting(&self, r: &crate::store::assessments::ReviewRow) -> String {
        r.submitted_at
            .as_deref()
            .and_then(crate::store::parse_timestamp)
            .map(|t| {
                self.page
                    .t1("reviews-days", "count", (self.today - t).whole_days())
            })
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
struct ReviewsPageQuery {
    status: Option<String>,
    company_id: Option<String>,
    unit_id: Option<String>,
    country: Option<String>,
    min_waiting_days: Option<String>,
}

/// An optional number from a filter form: empty is none, anything else must be a number.
fn filter_number(raw: Option<&str>) -> Result<Option<i64>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => raw
            .parse::<i64>()
            .map(Some)
            .map_err(|_| Error::BadRequest(Msg::new("error-query").arg("detail", raw))),
    }
}

async fn reviews_page(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<ReviewsPageQuery>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    let who = auth.principal();
    if !matches!(who.role, Role::Auditor | Role::Admin) {
        return Err(Error::Forbidden);
    }
    // By default (no status, or the form's empty choice): what the caller can act on, the
    // submissions waiting and those in review with them. The admin holds none, and may take
    // any over: every one in review.
    let status = q.status.unwrap_or_default().trim().to_owned();
    let wanted =
        match status.as_str() {
            "" => vec![AssessmentStatus::Submitted, AssessmentStatus::InReview],
            s => vec![AssessmentStatus::parse(s).ok_or_else(|| {
                Error::BadRequest(Msg::new("error-status-unknown").arg("value", s))
            })?],
        };
    let actionable = |r: &crate::store::assessments::ReviewRow| {
        !status.is_empty()
            || who.role == Role::Admin
            || r.status != AssessmentStatus::InReview.as_str()
            || r.reviewer_id == Some(who.user_id)
    };
    let country = q.country.unwrap_or_default().trim().to_owned();
    let min_wait_raw = q.min_waiting_days.unwrap_or_default();
    let min_wait = filter_number(Some(&min_wait_raw))?;
    let company = filter_number(q.company_id.as_deref())?;
    let unit = filter_number(q.unit_id.as_deref())?;
    let today = time::OffsetDateTime::now_utc();
    let all: Vec<_> = state
        .store
        .list_reviews(who.visibility(), &wanted)
        .await?
        .into_iter()
        .filter(actionable)
        .collect();
    let mut companies: Vec<(i64, String)> = all
        .iter()
        .map(|r| (r.company_id, r.company_name.clone()))
        .collect();
    companies.sort_by(|a, b| a.1.cmp(&b.1));
    companies.dedup();
    let mut units: Vec<(i64, String)> = all
        .iter()
        .filter(|r| company.is_none_or(|c| c == r.company_id))
        .map(|r| (r.unit_id, r.unit_name.clone()))
        .collect();
    units.sort_by(|a, b| a.1.cmp(&b.1));
    units.dedup();
    let rows: Vec<_> = all
        .into_iter()
        .filter(|r| company.is_none_or(|c| c == r.company_id))
        .filter(|r| unit.is_none_or(|u| u == r.unit_id))
        .filter(|r| country.is_empty() || r.country.eq_ignore_ascii_case(&country))
        .filter(|r| {
            min_wait.is_none_or(|min| {
                r.submitted_at
                    .as_deref()
                    .and_then(crate::store::parse_timestamp)
                    .is_some_and(|t| (today - t).whole_days() >= min)
            })
        })
        .collect();
    let findings = state.store.open_findings(who.visibility()).await?;
    let page = crate::web::page::Page::titled(&auth.ctx, "reviews-title");
    let statuses = AssessmentStatus::ALL
        .into_iter()
        .map(|s| (s.as_str(), page.t(&format!("status-{}", s.as_str()))))
        .collect();
    Ok(crate::web::page::render(&ReviewsPage {
        page,
        rows,
        statuses,
        status,
        companies,
        company,
        units,
        unit,
        country,
        min_wait: min_wait_raw,
        today,
        findings,
    })?
    .into_response())
}
