//! What several resources need, kept here so that no resource module imports another: who
//! may reach which object, the assessment behind a route, the answer types that several
//! resources embed, and the work that the pages and the API of different resources share.
//! Nothing here has a route.

pub mod access;
pub mod assessment;
pub mod company_year;
pub mod issuing;
pub mod rules;
pub mod texts;
pub mod training_figures;
pub mod views;
