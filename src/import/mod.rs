//! Spreadsheet imports: reading CSV and xlsx files, checking every row, and planning what
//! an import would change. Pure: bytes and current data in, a plan and errors out.

pub mod table;
pub mod training;
pub mod xlsx_guard;
