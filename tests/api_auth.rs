//! Logging in through the API, who am I, and refusals to anonymous callers.

mod common;

use axum::http::StatusCode;
use common::{PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn health_check_answers_200() {
    let app = TestApp::new().await;
    let res = app
        .send(
            axum::http::Request::get("/healthz")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn login_returns_token_and_user() {
    let app = TestApp::new().await;
    let (status, body) = app
        .api(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": "Manager-A1@test", "password": PASSWORD })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["token"].as_str().unwrap().len() >= 40);
    assert_eq!(body["user"]["email"], "manager-a1@test");
    assert_eq!(body["user"]["role"], "site_manager");
    assert!(body["user"]["id"].is_i64());
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_generic_answer() {
    let app = TestApp::new().await;
    let (s1, wrong) = app
        .api(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": "admin@test", "password": "not the password" })),
        )
        .await;
    let (s2, unknown) = app
        .api(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": "nobody@test", "password": "not the password" })),
        )
        .await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong, unknown,
        "the answer must not tell whether the e-mail exists"
    );
    assert_eq!(wrong["error"]["code"], "login_failed");
}

#[tokio::test]
async fn me_describes_the_caller() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let (status, me) = app.get("/api/v1/auth/me", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "manager-a1@test");
    assert_eq!(me["role"], "site_manager");
    assert_eq!(me["scope_id"], app.seed.site_a1);
    assert_eq!(me["language"], "fr");
    assert!(me["id"].is_i64());

    let admin = app.login("admin@test").await;
    let (_, me) = app.get("/api/v1/auth/me", &admin).await;
    assert_eq!(me["scope_id"], serde_json::Value::Null);
}

#[tokio::test]
async fn language_preference_can_be_changed_and_is_checked() {
    let app = TestApp::new().await;
    let token = app.login("admin@test").await;
    let (status, me) = app
        .put("/api/v1/auth/me", &token, json!({ "language": "nl" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["language"], "nl");
    let (status, err) = app
        .put("/api/v1/auth/me", &token, json!({ "language": "de" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The error itself now comes in Dutch.
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Onbekende taal"),
        "{err}"
    );
}

#[tokio::test]
async fn anonymous_callers_get_401_everywhere_in_the_api() {
    let app = TestApp::new().await;
    for (method, path) in [
        ("GET", "/api/v1/auth/me".to_string()),
        ("GET", "/api/v1/criteria".to_string()),
        ("GET", "/api/v1/sites".to_string()),
        ("GET", format!("/api/v1/sites/{}", app.seed.site_a1)),
        (
            "POST",
            format!("/api/v1/sites/{}/assessments", app.seed.site_a1),
        ),
        ("GET", "/api/v1/assessments/1".to_string()),
        ("PUT", "/api/v1/assessments/1/answers/1.1".to_string()),
        ("POST", "/api/v1/assessments/1/submit".to_string()),
        ("POST", "/api/v1/companies".to_string()),
        ("POST", "/api/v1/users".to_string()),
    ] {
        let (status, body) = app
            .api(
                method,
                &path,
                None,
                Some(json!({ "year": 2026, "answer": "yes", "name": "x" })),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}: {body}");
        assert_eq!(body["error"]["code"], "unauthenticated");
        assert!(body["error"]["message"].is_string());
    }
}

#[tokio::test]
async fn a_forged_or_revoked_token_is_refused() {
    let app = TestApp::new().await;
    let (status, _) = app.get("/api/v1/sites", "forged-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let token = app.login("admin@test").await;
    let (status, _) = app
        .api("POST", "/api/v1/auth/logout", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/api/v1/sites", &token).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "logout ends the session on the server"
    );
}

#[tokio::test]
async fn session_cookie_does_not_authenticate_the_api() {
    let app = TestApp::new().await;
    let mut browser = common::Browser::new(&app);
    browser.login("admin@test").await;
    let res = browser.get("/api/v1/sites").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_json_error() {
    let app = TestApp::new().await;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{\"email\": "))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
}
