//! Personal API tokens: each user creates, names, lists and revokes their own. The secret is
//! shown once; a token acts with its owner's rights as they are at each request, ends after
//! at most a year, and cannot make other tokens (only a login can), so revoking a token (or
//! changing the password, which revokes them all) leaves nothing made with it behind.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::context::Auth;
use super::extract::QueryParams;
use super::extract::{ApiJson, CsrfForm, EmptyForm, PathParams};
use super::page::{FormErrors, Page, render};
use super::paging::{self, PageQuery};
use crate::AppState;
use crate::auth::new_secret;
use crate::domain::values::name_text;
use crate::error::{Error, Msg, Problems, Result};
use crate::store::tokens::{ApiToken, TOKEN_PREFIX};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const NAME_MAX_CHARS: usize = 80;
/// The longest a token lives, and how long one made without a lifetime does: a leaked token
/// that nobody revokes stops by itself.
pub const MAX_DAYS: i64 = 365;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list, api_create))
        .routes(routes!(api_revoke))
        .route("/account/tokens", get(page).post(form_create))
        .route("/account/tokens/{id}/revoke", post(form_revoke))
}

/// Checks the name and lifetime, then stores a new token; returns it with its secret.
async fn create(
    state: &AppState,
    auth: &Auth,
    name: &str,
    days: Option<i64>,
) -> Result<(ApiToken, String)> {
    // A token that could make tokens would outlive its own revocation through them.
    if auth
        .ctx
        .session
        .as_ref()
        .is_some_and(|s| s.api_token.is_some())
    {
        return Err(Error::ForbiddenBecause(Msg::new(
            "token-by-token-forbidden",
        )));
    }
    let mut problems = Problems::default();
    let name = match name_text(name) {
        // The limit holds for what was sent, spaces around it included, as the document says.
        Ok(n) if n.is_empty() || name.chars().count() > NAME_MAX_CHARS => {
            problems.add(
                "name",
                Msg::new("token-name-invalid").arg("max", NAME_MAX_CHARS),
            );
            None
        }
        checked => problems.check("name", checked),
    };
    let days = days.unwrap_or(MAX_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        problems.add(
            "expires_in_days",
            Msg::new("token-days-invalid").arg("max", MAX_DAYS),
        );
    }
    problems.finish()?;
    let Some(name) = name else {
        return Err(anyhow::anyhow!("checked token name missing").into());
    };
    let expires = crate::store::format_timestamp(
        time::OffsetDateTime::now_utc() + time::Duration::days(days),
    );
    let secret = format!("{TOKEN_PREFIX}{}", new_secret());
    let token = state
        .store
        .create_api_token(auth.user.id, &name, &secret, &expires)
        .await?;
    Ok((token, secret))
}

/// An API token, without its secret.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenView {
    id: i64,
    name: String,
    /// The secret's first characters, to recognise it.
    #[schema(example = "cc_a1B2c3")]
    prefix: String,
    created_at: String,
    /// When it stops working.
    expires_at: Option<String>,
    /// The last request made with it; `null` if none yet.
    last_used_at: Option<String>,
    /// `null` while in force.
    revoked_at: Option<String>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> TokenView {
        TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A page of the caller's tokens.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenListAnswer {
    tokens: Vec<TokenView>,
    /// The `cursor` of the next page; `null` on the last page.
    next_cursor: Option<String>,
}

/// A token just created, with its secret.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NewTokenAnswer {
    #[serde(flatten)]
    token_info: TokenView,
    /// The secret, shown this once: send it as `Authorization: Bearer <token>`.
    token: String,
}

#[utoipa::path(
    operation_id = "tokens_list",
    get,
    path = "/api/v1/tokens",
    tag = "tokens",
    summary = "The caller's API tokens (never their secrets)",
    description = "Any signed-in user, about their own tokens: newest first, the revoked and expired ones included.",
    params(crate::web::paging::PageQuery),
    responses((status = 200, description = "The tokens", body = TokenListAnswer))
)]
async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<TokenListAnswer>> {
    let (tokens, next) = paging::page_of(state.store.api_tokens(auth.user.id).await?, &p)?;
    Ok(axum::Json(TokenListAnswer {
        tokens: tokens.into_iter().map(TokenView::from).collect(),
        next_cursor: next,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NewTokenBody {
    /// No control characters, bidi controls or invisible characters; stored in NFC.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 80)]
    name: String,
    /// Days until the token ends: 1 to 365, and 365 when left out (no token lives longer).
    #[schema(minimum = 1, maximum = 365, default = 365)]
    expires_in_days: Option<i64>,
}

#[utoipa::path(
    operation_id = "tokens_create",
    post,
    path = "/api/v1/tokens",
    tag = "tokens",
    summary = "Create an API token; its secret is shown this once",
    description = "Only a login session (`POST /api/v1/auth/login`) may create tokens: a request made with a personal API token gets 403. Every token ends after at most 365 days, and every token of the user is revoked when their password changes.",
    request_body = NewTokenBody,
    responses((status = 201, description = "The token with its secret", body = NewTokenAnswer), (status = 403, description = "The request was made with an API token: tokens cannot create tokens (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 422, description = "A name that is empty, too long or has control, bidi or invisible characters, or a lifetime outside 1 to 365 days; `field` names which", body = crate::web::openapi::ErrorBody))
)]
async fn api_create(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<(StatusCode, axum::Json<NewTokenAnswer>)> {
    let (token, secret) = create(&state, &auth, &body.name, body.expires_in_days).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(NewTokenAnswer {
            token_info: TokenView::from(token),
            token: secret,
        }),
    ))
}

#[utoipa::path(
    operation_id = "tokens_revoke",
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "tokens",
    summary = "Revoke an API token",
    description = "Any signed-in user, on their own tokens only: another user's token, or one already revoked, is a 404. A token may revoke itself.",
    params(("id" = i64, Path, description = "The token")),
    responses((status = 204, description = "Revoked"))
)]
async fn api_revoke(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<StatusCode> {
    if state.store.revoke_api_token(auth.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    page: Page,
    tokens: Vec<ApiToken>,
    /// The secret of the token just created: shown this once.
    created: Option<String>,
    errors: FormErrors,
    name: String,
    days: String,
}

async fn show(
    state: &AppState,
    auth: &Auth,
    status: StatusCode,
    created: Option<String>,
    errors: FormErrors,
    name: String,
    days: String,
) -> Result<Response> {
    let tokens = state.store.api_tokens(auth.user.id).await?;
    let page = Page::titled(&auth.ctx, "tokens-title");
    Ok((
        status,
        render(&TokensPage {
            page,
            tokens,
            created,
            errors,
            name,
            days,
        })?,
    )
        .into_response())
}

async fn page(State(state): State<AppState>, auth: Auth) -> Result<Response> {
    show(
        &state,
        &auth,
        StatusCode::OK,
        None,
        FormErrors::default(),
        String::new(),
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

async fn form_create(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<Response> {
    let days = match form.days.trim() {
        "" => Ok(None),
        raw => raw.parse::<i64>().map(Some).map_err(|_| {
            Error::invalid(
                "expires_in_days",
                Msg::new("token-days-invalid").arg("max", MAX_DAYS),
            )
        }),
    };
    let result = match days {
        Ok(days) => create(&state, &auth, &form.name, days).await,
        Err(e) => Err(e),
    };
    match result {
        // The secret is shown in the answer to the POST itself, never in a URL.
        Ok((_, secret)) => {
            show(
                &state,
                &auth,
                StatusCode::CREATED,
                Some(secret),
                FormErrors::default(),
                String::new(),
                String::new(),
            )
            .await
        }
        Err(e) => {
            let (status, errors) = FormErrors::with_status(auth.lang(), e)?;
            show(&state, &auth, status, None, errors, form.name, form.days).await
        }
    }
}

async fn form_revoke(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Redirect> {
    if !state.store.revoke_api_token(auth.user.id, id).await? {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to("/account/tokens"))
}
