//! Extractors whose failures speak the app's error language instead of axum's plain text.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use crate::error::{Error, Msg};

/// A JSON body; malformed JSON, a wrong content type or a wrong field type give a 400/422
/// with a translated message.
pub struct ApiJson<T>(pub T);

/// An optional JSON body: none when the request has no body (no content type, or empty);
/// otherwise as `ApiJson`.
impl<S: Send + Sync, T: DeserializeOwned> axum::extract::OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        let empty = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .is_some_and(|l| l == "0");
        if empty || !req.headers().contains_key(axum::http::header::CONTENT_TYPE) {
            return Ok(None);
        }
        <ApiJson<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

/// Nesting a request body may have: the API's bodies use three levels at most.
pub const MAX_JSON_DEPTH: usize = 32;

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(Error::BadRequest(Msg::new("error-json-content-type")));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Error::TooLarge {
                        max_mb: super::BODY_LIMIT / (1024 * 1024),
                    }
                } else {
                    Error::Json {
                        syntax: true,
                        detail: e.body_text(),
                    }
                }
            })?;
        // Refused before any parser walks it.
        if nesting_depth(&bytes) > MAX_JSON_DEPTH {
            return Err(Error::Json {
                syntax: true,
                detail: format!("the body is nested deeper than {MAX_JSON_DEPTH} levels"),
            });
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(Error::Json {
                syntax: false,
                detail: e.body_text(),
            }),
            Err(e) => Err(Error::Json {
                syntax: true,
                detail: e.body_text(),
            }),
        }
    }
}

/// `application/json`, or any `application/*+json`, with parameters or not.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The deepest nesting of arrays and objects in `json`, strings skipped.
pub fn nesting_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in json {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
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

/// Query parameters, as a GET form sends them: a field left at its empty default
/// (`unit_id=`) counts as absent, and a value that does not parse (`year=abc`) is a 400
/// naming the field in the user's language, never the parser's own words.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(QueryParams)
    }
}

/// Parses a query string with empty values dropped; see [`QueryParams`].
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, Error> {
    let kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let cleaned = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&kept)
        .finish();
    let de = serde_html_form::Deserializer::new(url::form_urlencoded::parse(cleaned.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let value = kept
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        Error::BadRequest(
            Msg::new("error-query-field")
                .arg("field", field)
                .arg("value", value),
        )
    })
}

/// The form of a button that only acts: nothing but its `csrf` field (`CsrfForm<EmptyForm>`).
#[derive(serde::Deserialize)]
pub struct EmptyForm {}

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

/// `?lang=`: the language of the texts meant for people, `en`, `fr` or `nl` (empty or absent:
/// the caller's own). Read with [`query_lang`].
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `en`, `fr` or `nl`; empty or absent: the caller's language.
    #[param(pattern = "^(en|fr|nl)?$")]
    pub lang: Option<String>,
}

/// The language asked for in `?lang=`, else the caller's.
pub fn query_lang(
    asked: Option<&str>,
    fallback: crate::domain::Lang,
) -> crate::error::Result<crate::domain::Lang> {
    match asked {
        None | Some("") => Ok(fallback),
        Some(code) => {
            crate::domain::Lang::parse(code).ok_or(Error::BadRequest(Msg::new("error-language")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct F {
        year: Option<i32>,
        unit_id: Option<i64>,
        q: Option<String>,
    }

    #[test]
    fn empty_query_values_are_absent() {
        let f: F = parse_query("year=&unit_id=&q=").unwrap();
        assert_eq!(
            f,
            F {
                year: None,
                unit_id: None,
                q: None
            }
        );
        let f: F = parse_query("year=2025&unit_id=7&q=li%C3%A8ge").unwrap();
        assert_eq!(
            f,
            F {
                year: Some(2025),
                unit_id: Some(7),
                q: Some("liège".into())
            }
        );
    }

    #[test]
    fn a_malformed_query_value_names_its_field() {
        let Err(Error::BadRequest(msg)) = parse_query::<F>("year=abc&unit_id=") else {
            panic!("year=abc must be refused");
        };
        let text = crate::i18n::msg(crate::domain::Lang::Fr, &msg);
        assert!(text.contains("year") && text.contains("abc"), "{text}");
        assert!(!text.contains("invalid digit"), "{text}");
    }

    #[test]
    fn nesting_is_counted_outside_strings_only() {
        assert_eq!(nesting_depth(br#"{"a":1}"#), 1);
        assert_eq!(nesting_depth(br#"{"a":[1,{"b":[]}]}"#), 4);
        assert_eq!(nesting_depth(br#"{"a":"[[[[{{{{"}"#), 1);
        assert_eq!(nesting_depth(br#"{"a":"quote \" then [[["}"#), 1);
        assert_eq!(nesting_depth(br#"["\\", [[]]]"#), 3);
        assert_eq!(nesting_depth(b"42"), 0);
    }

    #[test]
    fn json_media_types() {
        let mut h = axum::http::HeaderMap::new();
        assert!(!json_content_type(&h));
        for (v, ok) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            ("application/merge-patch+json", true),
            ("text/json", false),
            ("application/jsonp", false),
        ] {
            h.insert(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static(v),
            );
            assert_eq!(json_content_type(&h), ok, "{v}");
        }
    }
}
