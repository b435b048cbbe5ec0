//! The audit: auditors take submissions, record verdicts, raise findings and decide; the
//! site answers findings. One resource with an API and pages: `reviews` (the queue, the
//! verdicts and decisions), `review_page` (the auditor's pages) and `findings`.

pub mod findings;
pub mod review_page;
pub mod reviews;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// A site, unit or company named in an answer: its id and its name.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NamedNode {
    pub id: i64,
    pub name: String,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(reviews::router())
        .merge(review_page::router().into())
        .merge(findings::router())
}
