//! Files the app makes for one user (PDFs, ZIPs): the headers every such answer carries.

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
