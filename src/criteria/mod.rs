//! The six Code criteria as data: the model, the loader that validates the files, and the
//! set of versions the app knows.

pub mod load;
pub mod model;

pub use load::{CriteriaError, check_dir, check_files, load_dir};
pub use model::{
    AnswerValues, ComplianceRule, Computed, CriteriaSet, CriteriaVersion, Criterion, Evidence,
    Item, Localized, TrainingModule,
};
