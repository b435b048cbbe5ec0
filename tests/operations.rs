//! What operators rely on: liveness and readiness, Prometheus metrics behind their token,
//! and request ids. The logs have `tests/logs.rs`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestApp;
use http_body_util::BodyExt;

async fn get(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, String, axum::http::HeaderMap) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), headers)
}

#[tokio::test]
async fn liveness_asks_nothing_of_the_database_and_readiness_asks_everything() {
    let app = TestApp::new().await;
    assert_eq!(get(&app, "/healthz", &[]).await.0, StatusCode::OK);
    let (status, body, _) = get(&app, "/readyz", &[]).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));

    // A migration of this build missing from the database: not ready, still alive.
    {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&app.state.settings.database_url)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE _sqlx_migrations SET success = false \
             WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let (status, body, _) = get(&app, "/readyz", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("unavailable"), "{body}");
    assert_eq!(get(&app, "/healthz", &[]).await.0, StatusCode::OK);

    // The database gone: not ready, still alive.
    app.state.store.close().await;
    assert_eq!(
        get(&app, "/readyz", &[]).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(get(&app, "/healthz", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn metrics_need_their_token_and_name_routes_not_paths() {
    let closed = TestApp::new().await;
    assert_eq!(
        get(&closed, "/metrics", &[]).await.0,
        StatusCode::NOT_FOUND,
        "no token set: no metrics"
    );

    let app = TestApp::with_settings(|s| s.metrics_token = Some("metrics-secret".into())).await;
    let token = app.login("manager-a1@test").await;
    let site = format!("/api/v1/sites/{}", app.seed.site_a1);
    assert_eq!(app.get(&site, &token).await.0, StatusCode::OK);
    assert_eq!(
        app.get(&format!("/api/v1/sites/{}", app.seed.site_b1), &token)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/no/such/page", &[]).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&app, "/metrics", &[]).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(
            &app,
            "/metrics",
            &[("authorization", "Bearer metrics-secrets")]
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    let (status, text, headers) = get(
        &app,
        "/metrics",
        &[("authorization", "Bearer metrics-secret")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(text.contains(
        "codecheck_http_requests_total{method=\"GET\",route=\"/api/v1/sites/{id}\",status=\"200\"} 1"
    ), "{text}");
    assert!(text.contains("route=\"/api/v1/sites/{id}\",status=\"404\"} 1"));
    assert!(text.contains("route=\"unmatched\",status=\"404\"} 1"));
    assert!(!text.contains("no/such/page"), "paths never become labels");
    assert!(text.contains("codecheck_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/auth/login\"} 1"));
    assert!(text.contains("codecheck_db_connections_max 8"));
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let app = TestApp::with_settings(|s| s.trusted_proxies = 1).await;
    let (_, _, headers) = get(&app, "/healthz", &[("x-request-id", "lb-7f3a")]).await;
    assert_eq!(
        headers["x-request-id"], "lb-7f3a",
        "a trusted proxy's id is kept"
    );
    let (_, _, headers) = get(&app, "/login", &[("x-request-id", "<script>")]).await;
    let made = headers["x-request-id"].to_str().unwrap();
    assert!(
        made.len() == 16 && made.bytes().all(|b| b.is_ascii_hexdigit()),
        "{made}"
    );
    let (_, _, other) = get(&app, "/login", &[]).await;
    assert_ne!(other["x-request-id"], headers["x-request-id"]);
}
