//! How an `Error` becomes a response: the status and code here, the message in the user's
//! language later, once the request context middleware knows who is asking (see `context`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::{Error, Msg};

/// Attached to error responses; `context::resolve` renders it as JSON or as a page.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    pub msg: Msg,
    pub details: Value,
    /// Every field at fault, for `"fields": {"email": "..."}`.
    pub fields: Vec<(&'static str, Msg)>,
}

/// `Retry-After`, for an error that says when to try again.
pub(crate) fn set_retry_after(res: &mut Response, error: &Error) {
    if let Error::TooManyRequests { retry_after } | Error::Busy { retry_after } = error {
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
    }
}

impl Error {
    /// The status and message of this error, for a page that shows it in its own form.
    pub(crate) fn status_and_message(&self) -> (StatusCode, Msg) {
        let report = self.report();
        (report.status, report.msg)
    }

    fn report(&self) -> ErrorReport {
        let (status, code, msg, details) = match self {
            Error::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                Msg::new("error-unauthenticated"),
                Value::Null,
            ),
            Error::LoginFailed => (
                StatusCode::UNAUTHORIZED,
                "login_failed",
                Msg::new("error-login-failed"),
                Value::Null,
            ),
            Error::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                Msg::new("error-forbidden"),
                Value::Null,
            ),
            Error::ForbiddenBecause(m) => {
                (StatusCode::FORBIDDEN, "forbidden", m.clone(), Value::Null)
            }
            Error::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                Msg::new("error-not-found"),
                Value::Null,
            ),
            Error::Csrf => (
                StatusCode::FORBIDDEN,
                "csrf",
                Msg::new("error-csrf"),
                Value::Null,
            ),
            Error::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                m.clone(),
                Value::Null,
            ),
            Error::Invalid(problems) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                problems
                    .first()
                    .map_or_else(|| Msg::new("error-form"), |p| p.msg.clone()),
                problems
                    .first()
                    .and_then(|p| p.field)
                    .map_or(Value::Null, |f| json!({ "field": f })),
            ),
            Error::Json { syntax, detail } => (
                if *syntax {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
                if *syntax { "bad_request" } else { "invalid" },
                Msg::new(if *syntax {
                    "error-json-syntax"
                } else {
                    "error-json-data"
                }),
                json!({ "detail": detail }),
            ),
            Error::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone(), Value::Null),
            Error::HeldByAnother { holder_id, holder } => (
                StatusCode::CONFLICT,
                "held_by_another",
                Msg::new("error-held-by-another").arg("email", holder),
                json!({ "holder_id": holder_id }),
            ),
            Error::NotCompliant(failing) => (
                StatusCode::CONFLICT,
                "not_compliant",
                super::shared::rules::not_compliant_msg(failing),
                json!({ "failing_criteria": failing }),
            ),
            Error::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                Msg::new("error-method-not-allowed"),
                Value::Null,
            ),
            Error::Timeout => (
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                Msg::new("error-timeout"),
                Value::Null,
            ),
            Error::TooLarge { max_mb } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                Msg::new("error-too-large").arg("max", max_mb),
                json!({ "max_mb": max_mb }),
            ),
            Error::Incomplete { missing } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "incomplete",
                Msg::new("error-incomplete").arg("items", missing.join(", ")),
                json!({ "missing_items": missing }),
            ),
            // The database cannot be reached (down, restarting, every connection busy):
            // the client may retry, and the pool reconnects by itself once it is back.
            Error::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => {
                tracing::error!(error = %self, "database unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    Msg::new("error-unavailable"),
                    Value::Null,
                )
            }
            Error::TooManyRequests { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                Msg::new("error-too-many-attempts").arg("minutes", retry_after.div_ceil(60)),
                json!({ "retry_after": retry_after }),
            ),
            Error::Busy { retry_after } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                Msg::new("error-busy").arg("seconds", retry_after),
                json!({ "retry_after": retry_after }),
            ),
            Error::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                Msg::new("error-unavailable"),
                Value::Null,
            ),
            Error::Database(_) | Error::Internal(_) => {
                tracing::error!(error = ?self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    Msg::new("error-internal"),
                    Value::Null,
                )
            }
        };
        let fields = match self {
            Error::Invalid(problems) => problems
                .iter()
                .filter_map(|p| p.field.map(|f| (f, p.msg.clone())))
                .collect(),
            _ => Vec::new(),
        };
        ErrorReport {
            status,
            code,
            msg,
            details,
            fields,
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let report = self.report();
        let mut res = report.status.into_response();
        res.extensions_mut().insert(report);
        set_retry_after(&mut res, &self);
        res
    }
}
