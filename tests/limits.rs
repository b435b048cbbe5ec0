//! Hostile request bodies get a clear error, never a crash: JSON nested without end, bodies
//! over the size limit, bodies that stop arriving.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use futures::StreamExt;
use http_body_util::BodyExt;
use serde_json::Value;

/// A JSON API post as `token`'s owner, its body still to be given.
fn json_post(token: &str, path: &str) -> axum::http::request::Builder {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
}

async fn post_json(app: &TestApp, token: &str, path: &str, body: String) -> (StatusCode, Value) {
    let res = app
        .send(json_post(token, path).body(Body::from(body)).unwrap())
        .await;
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn assert_error_says(err: &Value, field: &str, text: &str) {
    let said = err["error"][field].as_str().unwrap_or_default();
    assert!(
        said.contains(text),
        "error {field} should say {text:?}: {err}"
    );
}

/// The hostile requests all try to create a token: none may have been.
async fn assert_no_token_was_created(app: &TestApp, token: &str) {
    let (_, tokens) = app.get("/api/v1/tokens", token).await;
    assert_eq!(
        tokens["tokens"],
        serde_json::json!([]),
        "nothing was created"
    );
}

#[tokio::test]
async fn json_nested_deeper_than_32_levels_is_a_400_and_creates_nothing() {
    let app = TestApp::new().await;
    let token = app.login("company-a@test").await;
    // An unknown field is skipped by walking it: 100,000 levels down, were it not for the limit.
    let deep = format!(
        "{{\"name\":\"deep\",\"junk\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (status, err) = post_json(&app, &token, "/api/v1/tokens", deep).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_error_says(&err, "detail", "deeper than 32");
    assert_no_token_was_created(&app, &token).await;
    let nested_object = format!(
        "{{\"name\":{}1{}}}",
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    let (status, _) = post_json(&app, &token, "/api/v1/tokens", nested_object).await;
    assert!(status.is_client_error(), "{status}");
    // And the server goes on answering.
    assert_eq!(app.get("/api/v1/auth/me", &token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_with_the_limit_in_words() {
    let app = TestApp::new().await;
    let token = app.login("company-a@test").await;
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let (status, err) = post_json(&app, &token, "/api/v1/tokens", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_error_says(&err, "message", "MB");
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_a_408_in_the_users_language_and_nothing_is_created() {
    let app = TestApp::with_settings(|s| s.request_timeout_secs = 1).await;
    let token = app.login("company-a@test").await;
    // A client that sends the start of its body and then nothing more (slowloris).
    let first = futures::stream::once(async {
        Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{\"name\":\"sl"))
    });
    let stalled = first.chain(futures::stream::pending());
    let request = json_post(&token, "/api/v1/tokens")
        .header(header::ACCEPT_LANGUAGE, "fr")
        .body(Body::from_stream(stalled))
        .unwrap();
    let res = tokio::time::timeout(std::time::Duration::from_secs(20), app.send(request))
        .await
        .expect("the server gives up on the request, not the test on the server");
    assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let err: Value = serde_json::from_slice(&bytes).expect("a JSON error body");
    assert_eq!(err["error"]["code"], "timeout", "{err}");
    assert_error_says(&err, "message", "trop de temps");
    assert_no_token_was_created(&app, &token).await;
}
