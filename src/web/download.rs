//! Files the app makes for one user (PDFs, ZIPs, CSVs): the headers every such answer carries,
//! and the cells a spreadsheet must not run.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Shown in the browser (`inline`) or saved (`attachment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Inline,
    Attachment,
}

/// `bytes` as a private, uncached file named `name` (plain ASCII, chosen by the app).
pub fn private_file(
    bytes: Vec<u8>,
    content_type: &'static str,
    disposition: Disposition,
    name: &str,
) -> Response {
    let kind = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("{kind}; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// A spreadsheet opening the file must not run a cell as a formula.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("plain"), "plain");
    }
}
