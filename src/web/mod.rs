//! The HTTP layer: one module per resource, each with its own router (pages and API side by
//! side), merged here under the request-context middleware.

pub mod assets;
pub mod auth;
pub mod checklist;
pub mod context;
pub mod criteria;
pub mod error;
pub mod extract;
pub mod health;
pub mod org;
pub mod page;
pub mod sites;

use axum::Router;
use axum::middleware;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;

/// Largest request body accepted (forms and JSON; uploads get their own limit later).
const BODY_LIMIT: usize = 1024 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(assets::router())
        .merge(auth::router())
        .merge(criteria::router())
        .merge(org::router())
        .merge(sites::router())
        .merge(checklist::router())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            context::resolve,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn not_found() -> crate::error::Error {
    crate::error::Error::NotFound
}
