//! Logging in and out (pages and API), the language switch, who am I, and (`password`) changing
//! one's password.

pub mod password;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::context::{Auth, Ctx, LANG_COOKIE, SESSION_COOKIE};
use super::extract::{ApiJson, CsrfForm, EmptyForm};
use super::page::{Page, render};
use crate::AppState;
use crate::domain::{Lang, Role};
use crate::error::{Error, Msg, Result};
use crate::store::sessions::SessionKind;
use crate::store::users::User;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(password::router())
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
        .route("/language", post(language_submit))
        .routes(routes!(api_login))
        .routes(routes!(api_logout))
        .routes(routes!(api_me, api_update_me))
}

/// The user behind `email` and `password`, or one message whatever was wrong; refused with
/// 429 before the password is even checked while `address` or the account has failed too often
/// (see `domain::throttle`), and with 503 when this process has too many hashes to run.
pub(super) async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
    address: &str,
) -> Result<User> {
    let account = email.trim().to_lowercase();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // The attempt counts as a failure before its password is checked, in the transaction
    // that counted: attempts sent at once cannot all pass the count before any is recorded.
    let slot = match state
        .store
        .reserve_login_attempt(&account, address, now)
        .await?
    {
        Ok(slot) => slot,
        Err(retry_after) => {
            tracing::warn!(retry_after, "login refused: too many failures");
            return Err(Error::TooManyRequests { retry_after });
        }
    };
    let creds = state.store.credentials(email).await?;
    let (user_id, hash) = match creds {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let verified = match state.hashing.verify(password, hash).await {
        Ok(verified) => verified,
        Err(e) => {
            // Nothing was checked: the attempt gives its place back.
            state.store.release_login_attempt(slot).await?;
            return Err(e);
        }
    };
    if !verified {
        // The reserved attempt stays, as the failure it was.
        return Err(Error::LoginFailed);
    }
    state.store.login_succeeded(slot).await?;
    let user_id = user_id.ok_or(Error::Unauthenticated)?;
    state.store.note_login(user_id).await?;
    state
        .store
        .user(user_id)
        .await?
        .ok_or(Error::Unauthenticated)
}

/// Where to send the visitor after a login or a language switch: `next` if, read by a browser
/// against `origin` (the app's public URL), it stays on that origin; else the home page. The
/// answer is the path, query and fragment as the URL standard writes them (so tabs and line
/// breaks are gone and the rest is printable ASCII, a valid header value) and never starts
/// with `//` or `/\`, which a browser would read as another host.
pub fn safe_next(next: Option<&str>, origin: &url::Url) -> String {
    next.and_then(|n| local_target(n, origin))
        .unwrap_or_else(|| "/".to_owned())
}

fn local_target(next: &str, origin: &url::Url) -> Option<String> {
    // Only what is written as a path: a scheme or a host, even this site's own, is refused.
    if !next.starts_with('/') {
        return None;
    }
    let url = origin.join(next).ok()?;
    if url.origin() != origin.origin() {
        return None;
    }
    let target = &url[url::Position::BeforePath..];
    if target.starts_with("//") || target.starts_with("/\\") {
        return None;
    }
    // What a browser makes of the answer is the URL checked above.
    let again = origin.join(target).ok()?;
    (again == url && target.bytes().all(|b| b.is_ascii_graphic())).then(|| target.to_owned())
}

/// The app's own origin, from its public URL (`http://localhost` if that does not parse; the
/// answer is then a local path all the same).
fn origin(state: &AppState) -> url::Url {
    url::Url::parse(&state.settings.public_url)
        .or_else(|_| url::Url::parse("http://localhost/"))
        .expect("a constant URL parses")
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
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    axum::extract::Query(q): axum::extract::Query<NextQuery>,
) -> Result<Response> {
    let next = safe_next(q.next.as_deref(), &origin(&state));
    if ctx.user().is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let page = Page::titled(&ctx, "login-title");
    Ok(render(&LoginPage {
        page,
        email: String::new(),
        next,
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
    let next = safe_next(form.next.as_deref(), &origin(&state));
    let user = match authenticate(&state, &form.email, &form.password, &ctx.address).await {
        Ok(user) => user,
        Err(e @ (Error::LoginFailed | Error::TooManyRequests { .. } | Error::Busy { .. })) => {
            // The login page again, with what was typed and the error in its words.
            let page = Page::titled(&ctx, "login-title");
            let (status, message) = e.status_and_message();
            let error = Some(page.msg(&message));
            let html = render(&LoginPage {
                page,
                email: form.email,
                next,
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
    let mut res = Redirect::to(&next).into_response();
    res.headers_mut().append(SET_COOKIE, cookie);
    if user.language.is_none() {
        // Keep the language the visitor chose before logging in.
        state.store.set_language(user.id, ctx.lang).await?;
    }
    Ok(res)
}

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
    let mut res = Redirect::to(&safe_next(form.next.as_deref(), &origin(&state))).into_response();
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
    description = "Public. The token is a session for the API (`Authorization: Bearer <token>`) until logout or for 30 days; failed attempts are throttled per account and per address.",
    request_body = LoginBody,
    responses(
        (status = 200, description = "The session token and user", body = LoginView),
        (status = 400, description = "The body is not JSON, or not sent as `application/json`", body = crate::web::openapi::ErrorBody),
        (status = 401, description = "Wrong e-mail or password (`login_failed`)", body = crate::web::openapi::ErrorBody),
        (status = 422, description = "The body is not a login (`e-mail` and `password`)", body = crate::web::openapi::ErrorBody),
        (status = 429, description = "Too many attempts for this account or address: wait `Retry-After` seconds", body = crate::web::openapi::ErrorBody),
        (status = 503, description = "Too many logins being checked at once: retry after `Retry-After` seconds", body = crate::web::openapi::ErrorBody),
    ),
    security(())
)]
async fn api_login(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<axum::Json<LoginView>> {
    let user = authenticate(&state, &body.email, &body.password, &ctx.address).await?;
    let session = state
        .store
        .create_session(user.id, SessionKind::Api)
        .await?;
    Ok(axum::Json(LoginView {
        token: session.token,
        user: LoginUser {
            id: user.id,
            email: user.email.to_string(),
            role: user.role.as_str().to_owned(),
        },
    }))
}

/// The answer of `POST /api/v1/auth/login`.
#[derive(Serialize, utoipa::ToSchema)]
struct LoginView {
    /// The bearer token: `Authorization: Bearer <token>`.
    token: String,
    user: LoginUser,
}

/// Who logged in.
#[derive(Serialize, utoipa::ToSchema)]
struct LoginUser {
    id: i64,
    email: String,
    /// `admin`, `company_admin`, `site_manager` or `auditor`.
    role: String,
}

#[utoipa::path(
    operation_id = "auth_logout",
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    summary = "Log out: ends every session of the user (personal API tokens stay)",
    description = "Any signed-in user. Every session of the user ends, in every browser and API login, so one left open elsewhere (a shared front-desk computer) ends too; personal API tokens stay valid.",
    responses((status = 204, description = "Logged out"))
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

/// The caller as `GET` and `PUT /api/v1/auth/me` answer.
#[derive(Serialize, utoipa::ToSchema)]
struct MeView {
    id: i64,
    email: String,
    role: Role,
    /// The first of `scopes`; `null` when there is none (the platform admin).
    scope_id: Option<i64>,
    /// The organisation nodes (company, unit or site ids) the caller's role applies to.
    scopes: Vec<i64>,
    /// The caller's language: their own choice, else the request's.
    language: Lang,
}

impl MeView {
    fn new(user: &User, lang: Lang) -> MeView {
        MeView {
            id: user.id,
            email: user.email.clone(),
            role: user.role,
            scope_id: user.scope_id(),
            scopes: user.scopes.clone(),
            language: user.language.unwrap_or(lang),
        }
    }
}

#[utoipa::path(
    operation_id = "auth_me",
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    summary = "The caller: e-mail, role, scopes, language",
    description = "Any signed-in user, by session or personal token: who they are and what their role covers.",
    responses((status = 200, description = "The caller", body = MeView))
)]
async fn api_me(auth: Auth) -> axum::Json<MeView> {
    axum::Json(MeView::new(&auth.user, auth.lang()))
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
    description = "Any signed-in user, for themselves: the language of their pages, e-mails and API messages (`en`, `fr` or `nl`).",
    request_body = MeBody,
    responses((status = 200, description = "The caller", body = MeView))
)]
async fn api_update_me(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<MeBody>,
) -> Result<axum::Json<MeView>> {
    let lang = Lang::parse(&body.language)
        .filter(|l| l.code() == body.language)
        .ok_or(Error::invalid("language", Msg::new("error-language")))?;
    state.store.set_language(auth.user.id, lang).await?;
    let mut user = auth.user;
    user.language = Some(lang);
    Ok(axum::Json(MeView::new(&user, lang)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn here() -> url::Url {
        url::Url::parse("https://codecheck.example.org/").unwrap()
    }

    #[test]
    fn local_paths_stay_and_everything_else_goes_home() {
        let o = here();
        for (next, to) in [
            ("/sites/3?tab=staff#list", "/sites/3?tab=staff#list"),
            ("/a/../b", "/b"),
            ("/caf\u{e9}", "/caf%C3%A9"),
            ("/\t/evil.example", "/"),
            ("/\r\n/evil.example", "/"),
            ("/\\evil.example", "/"),
            ("//evil.example", "/"),
            ("/.//evil.example", "/"),
            ("https://evil.example/", "/"),
            ("https://codecheck.example.org/sites", "/"),
            ("javascript:alert(1)", "/"),
            ("/x\r\nSet-Cookie: a=1", "/xSet-Cookie:%20a=1"),
            ("/a\0b", "/a%00b"),
            ("", "/"),
        ] {
            assert_eq!(safe_next(Some(next), &o), to, "{next:?}");
        }
        assert_eq!(safe_next(None, &o), "/");
    }

    /// Where a browser at `origin` goes with `Location: target`.
    fn followed(origin: &url::Url, target: &str) -> url::Url {
        origin.join(target).unwrap()
    }

    proptest! {
        #[test]
        fn whatever_next_says_the_answer_stays_on_the_origin_and_is_a_header_value(
            next in "\\PC{0,40}|[/\\\\\t\r\n\0 .:@?#%a-z]{0,20}",
        ) {
            let o = here();
            let target = safe_next(Some(&next), &o);
            prop_assert!(axum::http::HeaderValue::from_str(&target).is_ok(), "{:?}", target);
            prop_assert!(target.starts_with('/') && !target.starts_with("//"), "{:?}", target);
            prop_assert_eq!(followed(&o, &target).origin(), o.origin());
        }
    }
}
