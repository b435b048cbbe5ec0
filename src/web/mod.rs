//! The HTTP layer: one module per resource, each with its own router (pages and API side by
//! side), merged here under the request-context middleware.
//!
//! Resources (each owns its routes, handlers and answer types, and imports no other
//! resource): `annual_reports`, `audit` (reviews, the review pages, findings), `auth`
//! (login, logout, password), `certificates`, `checklist`, `criteria`, `dashboard`,
//! `evidence`, `exports`, `history`, `notifications`, `org`, `procedures`, `reports`,
//! `sites`, `tokens`, `training`, and the plumbing `assets`, `health`, `openapi`.
//!
//! What they share lives beside them: `shared` (who may reach which object, the assessment
//! behind a route, the answer types several resources embed), `context` and `extract` (who
//! asks, and the request's parts), `page` and `error` (how answers are rendered), `paging`,
//! `download`, `observe` and `keep_alive`.

pub mod annual_reports;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod checklist;
pub mod context;
pub mod criteria;
pub mod dashboard;
pub mod download;
pub mod error;
pub mod evidence;
pub mod exports;
pub mod extract;
pub mod health;
pub mod history;
pub mod keep_alive;
pub mod notifications;
pub mod observe;
pub mod openapi;
pub mod org;
pub mod page;
pub mod paging;
pub mod procedures;
pub mod reports;
pub mod shared;
pub mod sites;
pub mod tokens;
pub mod training;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Largest request body the extractors accept (forms and JSON); uploads set their own.
pub(crate) const BODY_LIMIT: usize = 1024 * 1024;

/// No inline script or style anywhere, so the policy can be strict.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

pub fn router(state: AppState) -> Router {
    let hsts = state.settings.secure_cookies().then(|| {
        header_layer(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        )
    });
    // A request that takes longer is answered 408 instead of holding resources.
    let timeout = Duration::from_secs(state.settings.request_timeout_secs);
    let (routes, doc) = api_and_pages(state.settings.max_upload_mb).split_for_parts();
    routes
        .merge(openapi::router(openapi::finish(
            doc,
            &state.settings.public_url,
        )))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Inside the request context, which gives its 408 the error body.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            context::resolve,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(tower::util::option_layer(hsts))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            observe::observe,
        ))
        // Outermost: it sees every answer, and the body before anything reads it.
        .layer(middleware::from_fn(keep_alive::close_if_body_unread))
        .with_state(state)
}

/// The API's document as the app serves it at `/api/openapi.json`.
pub fn api_document(settings: &crate::config::Settings) -> utoipa::openapi::OpenApi {
    openapi::finish(
        api_and_pages(settings.max_upload_mb).into_openapi(),
        &settings.public_url,
    )
}

/// Every route, pages and API; the API routes carry their OpenAPI description.
pub fn api_and_pages(max_upload_mb: usize) -> OpenApiRouter<AppState> {
    use utoipa::OpenApi as _;
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(health::router().into())
        .merge(assets::router().into())
        .merge(auth::router())
        .merge(criteria::router())
        .merge(org::router())
        .merge(notifications::router())
        .merge(certificates::router())
        .merge(reports::router())
        .merge(dashboard::router())
        .merge(annual_reports::router())
        .merge(exports::router())
        .merge(tokens::router())
        .merge(sites::router())
        .merge(checklist::router())
        .merge(training::router())
        .merge(procedures::router())
        .merge(audit::router())
        .merge(history::router())
        .merge(evidence::router(max_upload_mb))
}

async fn method_not_allowed() -> crate::error::Error {
    crate::error::Error::MethodNotAllowed
}

async fn not_found() -> crate::error::Error {
    crate::error::Error::NotFound
}
