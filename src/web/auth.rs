//! Logging in and out (pages and API), the language switch, and who am I.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::context::{Auth, Ctx, LANG_COOKIE, SESSION_COOKIE};
use super::extract::{ApiJson, CsrfForm};
use super::page::{Page, render};
use crate::AppState;
use crate::auth::verify_password;
use crate::domain::Lang;
use crate::error::{Error, Msg, Result};
use crate::store::sessions::SessionKind;
use crate::store::users::User;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
        .route("/language", post(language_submit))
        .routes(routes!(api_login))
        .routes(routes!(api_logout))
        .routes(routes!(api_me, api_update_me))
}

/// The user behind `email` and `password`, or one message whatever was wrong; refused with
/// 429 before the password is even checked while `address` or the account has failed too often
/// (see `domain::throttle`).
pub(super) async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
    address: &str,
) -> Result<User> {
    let account = email.trim().to_lowercase();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let failures = state.store.login_failures(&account, address, now).await?;
    if let Some(retry_after) = crate::domain::throttle::wait(&failures, now) {
        tracing::warn!(retry_after, "login refused: too many failures");
        return Err(Error::TooManyRequests { retry_after });
    }
    let creds = state.store.credentials(email).await?;
    let (user_id, hash) = match creds {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    if !verify_password(password, hash).await {
        state
            .store
            .record_login_failure(&account, address, now)
            .await?;
        return Err(Error::LoginFailed);
    }
    state.store.forget_login_failures(&account, address).await?;
    let user_id = user_id.ok_or(Error::Unauthenticated)?;
    state
        .store
        .user(user_id)
        .await?
        .ok_or(Error::Unauthenticated)
}

/// Only local paths: never an open redirect to another site.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/",
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(
    Ctx(ctx): Ctx,
    axum::extract::Query(q): axum::extract::Query<NextQuery>,
) -> Result<Response> {
    if ctx.user().is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    let page = Page::titled(&ctx, "login-title");
    Ok(render(&LoginPage {
        page,
        email: String::new(),
        next: safe_next(q.next.as_deref()).to_owned(),
        error: None,
    })?
    .into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login_submit(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response> {
    let user = match authenticate(&state, &form.email, &form.password, &ctx.address).await {
        Ok(user) => user,
        Err(e @ (Error::LoginFailed | Error::TooManyRequests { .. })) => {
            // The login page again, with what was typed and the error in its words.
            let page = Page::titled(&ctx, "login-title");
            let (status, message) = e.status_and_message();
            let error = Some(page.msg(&message));
            let html = render(&LoginPage {
                page,
                email: form.email,
                next: safe_next(form.next.as_deref()).to_owned(),
                error,
            })?;
            let mut res = (status, html).into_response();
            super::error::set_retry_after(&mut res, &e);
            return Ok(res);
        }
        Err(e) => return Err(e),
    };
    // A new session id at every login: a token planted before login is worth nothing after.
    if let Some(old) = &ctx.token {
        state.store.delete_session(old).await?;
    }
    let session = state
        .store
        .create_session(user.id, SessionKind::Web)
        .await?;
    let cookie = ctx.cookie(SESSION_COOKIE, session.token, 12 * 60 * 60);
    let mut res = Redirect::to(safe_next(form.next.as_deref())).into_response();
    res.headers_mut().append(SET_COOKIE, cookie);
    if user.language.is_none() {
        // Keep the language the visitor chose before logging in.
        state.store.set_language(user.id, ctx.lang).await?;
    }
    Ok(res)
}

#[derive(Deserialize)]
struct EmptyForm {}

async fn logout_submit(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response> {
    end_sessions(&state, &ctx).await?;
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .append(SET_COOKIE, ctx.cookie(SESSION_COOKIE, String::new(), 0));
    Ok(res)
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

async fn language_submit(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<Response> {
    let lang = Lang::parse(&form.lang).ok_or(Error::BadRequest(Msg::new("error-language")))?;
    if let Some(user) = ctx.user() {
        state.store.set_language(user.id, lang).await?;
    }
    let mut res = Redirect::to(safe_next(form.next.as_deref())).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        ctx.cookie(LANG_COOKIE, lang.code().to_owned(), 365 * 24 * 60 * 60),
    );
    Ok(res)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct LoginBody {
    email: String,
    password: String,
}

#[utoipa::path(
    operation_id = "auth_login",
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    summary = "Log in with e-mail and password; returns a bearer token",
    request_body = LoginBody,
    responses((status = 201, description = "The session token and user", body = serde_json::Value), (status = "default", description = "An error: {\"error\": {\"code\", \"message\", ...}} in the caller's language", body = crate::web::openapi::ErrorBody)),
    security(())
)]
async fn api_login(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<(StatusCode, axum::Json<Value>)> {
    let user = authenticate(&state, &body.email, &body.password, &ctx.address).await?;
    let session = state
        .store
        .create_session(user.id, SessionKind::Api)
        .await?;
    Ok((
        StatusCode::OK,
        axum::Json(json!({
            "token": session.token,
            "user": { "id": user.id, "email": user.email, "role": user.role },
        })),
    ))
}

#[utoipa::path(
    operation_id = "auth_logout",
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    summary = "Log out: ends every session of the user (personal API tokens stay)",
    responses((status = 204, description = "Logged out"), (status = "default", description = "An error: {\"error\": {\"code\", \"message\", ...}} in the caller's language", body = crate::web::openapi::ErrorBody))
)]
async fn api_logout(State(state): State<AppState>, auth: Auth) -> Result<StatusCode> {
    end_sessions(&state, &auth.ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Logging out ends every session of the user, in every browser and API login, so a session
/// left open elsewhere (a shared front-desk computer) ends too. Personal API tokens stay.
async fn end_sessions(state: &AppState, ctx: &super::context::RequestContext) -> Result<()> {
    match (ctx.user(), &ctx.token) {
        (Some(user), _) => {
            state.store.end_sessions(user.id, None).await?;
        }
        (None, Some(token)) => state.store.delete_session(token).await?,
        (None, None) => {}
    }
    Ok(())
}

fn me_json(user: &User, lang: Lang) -> Value {
    json!({
        "id": user.id,
        "email": user.email,
        "role": user.role,
        "scope_id": user.scope_id(),
        "scopes": user.scopes,
        "language": user.language.unwrap_or(lang),
    })
}

#[utoipa::path(
    operation_id = "auth_me",
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    summary = "The caller: e-mail, role, scopes, language",
    responses((status = 200, description = "The caller", body = serde_json::Value), (status = "default", description = "An error: {\"error\": {\"code\", \"message\", ...}} in the caller's language", body = crate::web::openapi::ErrorBody))
)]
async fn api_me(auth: Auth) -> axum::Json<Value> {
    axum::Json(me_json(&auth.user, auth.lang()))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MeBody {
    #[schema(pattern = "^(en|fr|nl)$")]
    language: String,
}

#[utoipa::path(
    operation_id = "auth_update_me",
    put,
    path = "/api/v1/auth/me",
    tag = "auth",
    summary = "Change the caller's language",
    request_body = MeBody,
    responses((status = 200, description = "The caller", body = serde_json::Value), (status = "default", description = "An error: {\"error\": {\"code\", \"message\", ...}} in the caller's language", body = crate::web::openapi::ErrorBody))
)]
async fn api_update_me(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<MeBody>,
) -> Result<axum::Json<Value>> {
    let lang = Lang::parse(&body.language)
        .filter(|l| l.code() == body.language)
        .ok_or(Error::invalid("language", Msg::new("error-language")))?;
    state.store.set_language(auth.user.id, lang).await?;
    let mut user = auth.user;
    user.language = Some(lang);
    Ok(axum::Json(me_json(&user, lang)))
}
