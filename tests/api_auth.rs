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

/// The seeded app with room for one password hash at a time and no queue.
async fn app_with_one_hash_at_a_time() -> TestApp {
    let app = TestApp::new().await;
    let state = codecheck::AppState {
        hashing: std::sync::Arc::new(codecheck::auth::Hashing::new(1, 0)),
        ..app.state.clone()
    };
    TestApp {
        router: codecheck::app(state.clone()),
        state,
        seed: app.seed,
        dir: app.dir,
    }
}

async fn api_login_in(app: &TestApp, lang: &str, password: &str) -> axum::response::Response {
    app.send(
        axum::http::Request::post("/api/v1/auth/login")
            .header("content-type", "application/json")
            .header("accept-language", lang)
            .body(axum::body::Body::from(
                json!({ "email": "company-a@test", "password": password }).to_string(),
            ))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn password_checks_beyond_the_hashing_queue_get_503_with_retry_after() {
    use http_body_util::BodyExt;
    let app = app_with_one_hash_at_a_time().await;
    let admin = app.login("company-a@test").await;
    // Another request holds the only place.
    let held = app.state.hashing.slot().unwrap();

    let res = api_login_in(&app, "fr-BE", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "2");
    let body: serde_json::Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["error"]["code"], "busy");
    assert_eq!(body["error"]["retry_after"], 2);
    assert_eq!(
        body["error"]["message"],
        "Le serveur est occupé à vérifier des mots de passe. Réessayez dans 2 secondes."
    );

    // Every path that hashes: changing a password, creating a user.
    let (status, err) = app
        .put(
            "/api/v1/auth/password",
            &admin,
            json!({ "current_password": PASSWORD, "new_password": "lantern orbit meadow sketch" }),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{err}");
    let (status, err) = app
        .post(
            "/api/v1/users",
            &admin,
            json!({
                "email": "new-manager@test",
                "password": "lantern orbit meadow sketch",
                "role": "site_manager",
                "scope_id": app.seed.site_a1,
            }),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{err}");

    // The login page says it in the visitor's language.
    let mut b = common::Browser::new(&app);
    b.accept_language = Some("nl-BE".into());
    let res = b
        .submit(
            "/login",
            "/login",
            &[("email", "company-a@test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        res.body
            .contains("De server is bezig met het controleren van wachtwoorden"),
        "{}",
        res.body
    );

    // Refusals for lack of room checked no password: more of them than the throttle allows
    // failures do not lock the account once the room is back.
    for _ in 0..codecheck::domain::throttle::PER_ACCOUNT_AND_ADDRESS {
        let res = api_login_in(&app, "en", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    drop(held);
    let res = api_login_in(&app, "en", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
}
