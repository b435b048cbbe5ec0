//! The logs name each request and keep no password, token or staff name. Alone in its test
//! binary: tracing decides once per call site whether anyone listens, and tests on other
//! threads without a subscriber would make it decide "nobody".

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestApp;

/// A log sink for one test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_name_requests_but_keep_no_secret_and_no_staff_name() {
    let sink = Captured::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let csv = "employee_ref;first_name;last_name;job_role;start_date\nZQ-77;Wilhelmina;Vanderbroek;reception;2020-01-01\n";
    let req = Request::post(format!(
        "/api/v1/sites/{}/training-records/import",
        app.seed.site_a1
    ))
    .header("authorization", format!("Bearer {token}"))
    .header("content-type", "text/csv")
    .body(Body::from(csv))
    .unwrap();
    assert_eq!(app.send(req).await.status(), StatusCode::OK);
    let (status, _) = app
        .get(
            &format!("/api/v1/sites/{}/staff/ZQ-77", app.seed.site_a1),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .api(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(serde_json::json!({ "email": "manager-a1@test", "password": "a wrong password 123" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("\"message\":\"answered\""), "{logs}");
    assert!(logs.contains("\"route\":\"/api/v1/auth/login\""));
    for secret in [
        common::PASSWORD,
        "a wrong password 123",
        token.as_str(),
        "Wilhelmina",
        "Vanderbroek",
        "ZQ-77",
    ] {
        assert!(
            !logs.contains(secret),
            "the logs contain {secret:?}:\n{logs}"
        );
    }
}
