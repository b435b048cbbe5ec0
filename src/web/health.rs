//! Liveness, readiness and metrics, for load balancers and monitoring.

use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(super::observe::metrics))
}

/// 200 while the process serves requests: it asks nothing of the database, so a database
/// outage does not get every instance restarted.
async fn healthz() -> &'static str {
    "ok"
}

/// 200 when the database answers and has every migration of this build; 503 otherwise, so a
/// balancer sends no traffic here until it does.
async fn readyz(State(state): State<AppState>) -> Result<&'static str> {
    state.store.ping().await?;
    match state.store.pending_migrations().await? {
        0 => Ok("ready"),
        n => {
            tracing::warn!(pending = n, "database migrations not applied");
            Err(Error::Unavailable)
        }
    }
}
