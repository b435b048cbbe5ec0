//! Extractors whose failures speak the app's error language instead of axum's plain text.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use crate::error::{Error, Msg};

/// A JSON body; malformed JSON, a wrong content type or a wrong field type give a 400/422
/// with a translated message.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(Error::Json {
                syntax: false,
                detail: e.body_text(),
            }),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(Error::TooLarge {
                    max_mb: super::BODY_LIMIT / (1024 * 1024),
                })
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(Error::BadRequest(Msg::new("error-json-content-type")))
            }
            Err(e) => Err(Error::Json {
                syntax: true,
                detail: e.body_text(),
            }),
        }
    }
}

/// Path parameters. An id that does not parse names nothing that exists: 404.
pub struct PathParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| PathParams(v))
            .map_err(|_| Error::NotFound)
    }
}

/// Query parameters; a malformed query is a 400.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| QueryParams(v))
            .map_err(|e| Error::BadRequest(Msg::new("error-query").arg("detail", e.body_text())))
    }
}

/// A submitted HTML form, accepted only with the right `csrf` field (403 otherwise).
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<RequestContext>()
            .map(|c| c.csrf().to_owned())
            .ok_or_else(|| anyhow::anyhow!("request context missing"))?;
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Error::TooLarge {
                    max_mb: super::BODY_LIMIT / (1024 * 1024),
                }
            } else {
                Error::BadRequest(Msg::new("error-form"))
            }
        })?;
        let sent = url::form_urlencoded::parse(&body)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if expected.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            return Err(Error::Csrf);
        }
        serde_html_form::from_bytes(&body)
            .map(CsrfForm)
            .map_err(|_| Error::BadRequest(Msg::new("error-form")))
    }
}

/// Checks a form token sent some other way than a urlencoded form (a multipart upload).
pub fn check_csrf(ctx: &RequestContext, sent: &str) -> Result<(), Error> {
    let expected = ctx.csrf();
    if expected.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
        return Err(Error::Csrf);
    }
    Ok(())
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
