//! Liveness and readiness for load balancers.

use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::Result;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// 200 when the database answers; 503 otherwise, so a balancer stops sending traffic here.
async fn healthz(State(state): State<AppState>) -> Result<&'static str> {
    state.store.ping().await?;
    Ok("ok")
}
