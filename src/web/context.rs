//! Who is asking and in which language: resolved once per request by the `resolve`
//! middleware, which also renders error responses in that language.
//!
//! Pages authenticate with a session cookie, the API with a bearer token only, so that a
//! browser's cookie can never be used to call the API from another site.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde_json::json;

use super::error::ErrorReport;
use super::page::{ErrorPage, Page, render};
use crate::AppState;
use crate::auth::new_secret;
use crate::domain::{Lang, Principal};
use crate::error::Error;
use crate::i18n;
use crate::store::sessions::{Session, SessionKind};
use crate::store::users::User;

pub const SESSION_COOKIE: &str = "codecheck_session";
pub const LANG_COOKIE: &str = "codecheck_lang";
pub const CSRF_COOKIE: &str = "codecheck_csrf";

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub lang: Lang,
    pub session: Option<Session>,
    /// The raw session secret presented (cookie or bearer), to end the session on logout.
    pub token: Option<String>,
    /// Form token for visitors not logged in (double-submit cookie).
    pub anon_csrf: String,
    pub api: bool,
    /// Path and query of the request, to come back here after a login or a language switch.
    pub here: String,
    pub secure: bool,
    /// The client's address: the peer's, or the one the trusted proxies say they served.
    pub address: String,
    /// Unread notifications of the logged-in user, for the navigation of pages.
    pub unread: i64,
}

impl RequestContext {
    pub fn user(&self) -> Option<&User> {
        self.session.as_ref().map(|s| &s.user)
    }

    /// The token forms must carry back.
    pub fn csrf(&self) -> &str {
        self.session
            .as_ref()
            .map_or(self.anon_csrf.as_str(), |s| s.csrf_token.as_str())
    }

    pub fn cookie(&self, name: &'static str, value: String, max_age_secs: i64) -> HeaderValue {
        let cookie = Cookie::build((name, value))
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::seconds(max_age_secs))
            .build();
        HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
    }
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| Cookie::parse(c.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The address a request came from. Behind `trusted` proxies, each appends the address it
/// served to `X-Forwarded-For`: the client is the entry that many places from the end (what
/// is further left, the client could have written itself). Without a trustworthy answer,
/// `unknown`.
pub fn client_address(
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
    trusted: usize,
) -> String {
    if trusted == 0 {
        return peer.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    hops.len()
        .checked_sub(trusted)
        .and_then(|i| hops.get(i))
        .and_then(|a| a.parse::<std::net::IpAddr>().ok())
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let address = client_address(peer, headers, state.settings.trusted_proxies);
    let api = req.uri().path().starts_with("/api/");
    let here = req
        .uri()
        .path_and_query()
        .map_or("/".to_owned(), |p| p.as_str().to_owned());
    let token = if api {
        bearer(headers)
    } else {
        cookie_value(headers, SESSION_COOKIE)
    };
    let kind = if api {
        SessionKind::Api
    } else {
        SessionKind::Web
    };
    let anon_cookie = cookie_value(headers, CSRF_COOKIE).filter(|c| c.len() >= 32);
    let browser_lang = cookie_value(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        });

    let looked_up = match &token {
        Some(t) if api && t.starts_with(crate::store::tokens::TOKEN_PREFIX) => {
            Some(state.store.api_token_session(t).await)
        }
        Some(t) => Some(state.store.session(t, kind).await),
        None => None,
    };
    let session = match looked_up {
        Some(found) => match found {
            Ok(s) => s,
            Err(e) => {
                let ctx = RequestContext {
                    lang: browser_lang.unwrap_or_default(),
                    session: None,
                    token: None,
                    anon_csrf: String::new(),
                    api,
                    here,
                    secure: state.settings.secure_cookies(),
                    address,
                    unread: 0,
                };
                return render_error(&ctx, e.into_response());
            }
        },
        None => None,
    };
    let lang = session
        .as_ref()
        .and_then(|s| s.user.language)
        .or(browser_lang)
        .unwrap_or_default();
    let new_anon_cookie = anon_cookie.is_none() && !api;
    let unread = match (&session, api) {
        (Some(s), false) => s.unread,
        _ => 0,
    };
    let ctx = RequestContext {
        lang,
        session,
        token,
        anon_csrf: anon_cookie.unwrap_or_else(new_secret),
        api,
        here,
        secure: state.settings.secure_cookies(),
        address,
        unread,
    };
    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;
    // Answers made below the handlers (the time limit) get the same error body as the rest.
    if res.status() == axum::http::StatusCode::REQUEST_TIMEOUT
        && res.extensions().get::<ErrorReport>().is_none()
    {
        res = Error::Timeout.into_response();
    }
    let mut res = render_error(&ctx, res);
    if new_anon_cookie {
        let cookie = ctx.cookie(CSRF_COOKIE, ctx.anon_csrf.clone(), 60 * 60 * 24);
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}

/// Gives an error response its body: JSON for the API, a page (or the login form) otherwise.
fn render_error(ctx: &RequestContext, res: Response) -> Response {
    let Some(report) = res.extensions().get::<ErrorReport>().cloned() else {
        return res;
    };
    // What the error set besides its body (Retry-After, say) stays on the rendered answer.
    let mut out = render_report(ctx, report);
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    out
}

fn render_report(ctx: &RequestContext, report: ErrorReport) -> Response {
    let message = i18n::msg(ctx.lang, &report.msg);
    if ctx.api {
        let mut error = json!({ "code": report.code, "message": message });
        if let Some(obj) = error.as_object_mut() {
            if let Some(extra) = report.details.as_object() {
                obj.extend(extra.clone());
            }
            if !report.fields.is_empty() {
                let fields: serde_json::Map<String, serde_json::Value> = report
                    .fields
                    .iter()
                    .map(|(f, m)| ((*f).to_owned(), json!(i18n::msg(ctx.lang, m))))
                    .collect();
                obj.insert("fields".into(), serde_json::Value::Object(fields));
            }
        }
        let mut out = (report.status, axum::Json(json!({ "error": error }))).into_response();
        if report.status == StatusCode::UNAUTHORIZED {
            out.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"codecheck\""),
            );
        }
        return out;
    }
    if report.status == StatusCode::UNAUTHORIZED {
        let next: String = url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let page = Page::new(ctx, i18n::t(ctx.lang, "error-title"));
    match render(&ErrorPage {
        page,
        status: report.status.as_u16(),
        message,
    }) {
        Ok(html) => (report.status, html).into_response(),
        Err(_) => (report.status, Html("error")).into_response(),
    }
}

/// The request context, for handlers that serve visitors and users alike.
pub struct Ctx(pub RequestContext);

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .map(Ctx)
            .ok_or_else(|| anyhow::anyhow!("request context missing").into())
    }
}

/// A logged-in caller: 401 otherwise.
pub struct Auth {
    pub user: User,
    pub ctx: RequestContext,
}

impl Auth {
    pub fn principal(&self) -> Principal {
        self.user.principal()
    }

    pub fn lang(&self) -> Lang {
        self.ctx.lang
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Ctx(ctx) = Ctx::from_request_parts(parts, state).await?;
        let user = ctx.user().cloned().ok_or(Error::Unauthenticated)?;
        Ok(Auth { user, ctx })
    }
}
