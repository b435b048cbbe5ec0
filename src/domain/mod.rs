//! The pure core: domain values, scoring, workflow states and access rules. No I/O here.

pub mod access;
pub mod annual_report;
pub mod answer;
pub mod approval;
pub mod audit;
pub mod carry;
pub mod certificate;
pub mod coverage;
pub mod evidence_check;
pub mod gaps;
pub mod lang;
pub mod notification;
pub mod procedure;
pub mod rollup;
pub mod scoring;
pub mod search;
pub mod status;
pub mod throttle;
pub mod training;
pub mod values;

pub use access::{NodeKind, NodePath, Principal, Role, SitePath, Visibility};
pub use answer::Answer;
pub use lang::Lang;
pub use notification::NotificationKind;
pub use status::{AssessmentStatus, Decision};
pub use training::{Delivery, JobRole};
pub use values::{Country, Email, NodeName, Password, ReportingYear};
