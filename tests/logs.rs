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

/// Request ids from clients are never logged: only a proxy the settings trust may name the
/// request, and then only with a short plain id. Anything else is replaced by a new id, in the
/// answer's header and in the log line alike.
#[tokio::test]
async fn a_request_id_is_taken_only_from_a_trusted_proxy_and_only_when_plain() {
    let sink = Captured::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let logged = || String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let answered_id =
        |res: &axum::response::Response| res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let is_new = |id: &str| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit());

    let long = "a".repeat(10 * 1024);
    let hostile: Vec<&[u8]> = vec![
        // Looks like an id, but a client chose it: a staff name would reach the logs.
        b"Wilhelmina.Vanderbroek",
        b"Wilhelmina Vanderbroek",
        b"x\",\"level\":\"ERROR\",\"message\":\"forged",
        b"a\tb",
        b"caf\xc3\xa9",
        long.as_bytes(),
    ];
    let direct = TestApp::new().await;
    let behind_proxy = TestApp::with_settings(|s| s.trusted_proxies = 1).await;
    // Behind a proxy, an id of the plain shape is the proxy's to give.
    for (app, skip) in [(&direct, 0), (&behind_proxy, 1)] {
        for given in &hostile[skip..] {
            let res = app
                .send(
                    Request::get("/healthz")
                        .header("x-request-id", *given)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            let id = answered_id(&res);
            assert!(
                is_new(&id),
                "{:?} was kept as {id:?}",
                String::from_utf8_lossy(given)
            );
            let logs = logged();
            assert!(logs.contains(&format!("\"id\":\"{id}\"")), "{logs}");
            let given = String::from_utf8_lossy(given);
            assert!(!logs.contains(given.as_ref()), "{given:?} is in the logs");
            assert!(!logs.contains("Wilhelmina"), "{logs}");
        }
    }

    // A proxy's plain id is kept, from a trusted proxy only.
    for (app, kept) in [(&direct, false), (&behind_proxy, true)] {
        let res = app
            .send(
                Request::get("/healthz")
                    .header("x-request-id", "lb-7f3a:0001_x.y")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(answered_id(&res) == "lb-7f3a:0001_x.y", kept);
    }
    let logs = logged();
    let lines = logs
        .lines()
        .filter(|l| l.contains("\"id\":\"lb-7f3a:0001_x.y\""))
        .count();
    assert_eq!(lines, 1, "only the trusted proxy's request: {logs}");
}
