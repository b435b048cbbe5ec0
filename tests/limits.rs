//! Hostile request bodies get a clear error, never a crash: JSON nested without end, bodies
//! over the size limit, bodies that stop arriving, spreadsheets that take long to read.

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

fn dry_run_import(token: &str, site: i64, csv: String) -> Request<Body> {
    Request::post(format!(
        "/api/v1/sites/{site}/training-records/import?dry_run=true"
    ))
    .header(header::AUTHORIZATION, format!("Bearer {token}"))
    .body(Body::from(csv))
    .unwrap()
}

async fn healthz(app: &TestApp) -> StatusCode {
    app.send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .status()
}

/// A spreadsheet is read on a blocking thread: on a runtime of one thread (this test's),
/// the server answers while a large file is being checked.
#[tokio::test]
async fn a_large_import_is_checked_off_the_threads_that_answer_requests() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let mut csv = String::from("employee_ref;job_role;start_date\n");
    for i in 0..300_000 {
        csv.push_str(&format!("E{i:06};reception;2020-01-01\n"));
    }
    let import = tokio::spawn(tower::ServiceExt::oneshot(
        app.router.clone(),
        dry_run_import(&token, app.seed.site_a1, csv),
    ));
    // Let the import start: it takes its turn, reads the roster, and begins the check (a
    // second or more for 300,000 rows). Had the check run on this thread, the import would
    // be over before the next request is read.
    while codecheck::web::training::PARSE_SLOTS.available_permits()
        == codecheck::web::training::PARSE_JOBS
    {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(healthz(&app).await, StatusCode::OK);
    assert!(!import.is_finished(), "answered while the file is checked");
    let res = import.await.unwrap().unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// At most `PARSE_JOBS` files are read at once; the others wait their turn (the server
/// answering meanwhile) and then go through.
#[tokio::test]
async fn imports_beyond_the_reading_turns_wait_for_one_and_then_go_through() {
    use codecheck::web::training::{PARSE_JOBS, PARSE_SLOTS};
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let taken = PARSE_SLOTS
        .acquire_many(u32::try_from(PARSE_JOBS).unwrap())
        .await
        .unwrap();
    let csv = "employee_ref;job_role;start_date\nE1;reception;2020-01-01\n".to_owned();
    let waiting = tokio::spawn(tower::ServiceExt::oneshot(
        app.router.clone(),
        dry_run_import(&token, app.seed.site_a1, csv),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "waits for a turn");
    assert_eq!(healthz(&app).await, StatusCode::OK);
    drop(taken);
    let res = tokio::time::timeout(std::time::Duration::from_secs(20), waiting)
        .await
        .expect("goes through once a turn is free")
        .unwrap()
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["added"], 1, "{body}");
    // Every turn comes back (other tests of this file may hold one for a moment).
    let all = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        PARSE_SLOTS.acquire_many(u32::try_from(PARSE_JOBS).unwrap()),
    )
    .await;
    assert!(all.is_ok(), "turns given back");
}
