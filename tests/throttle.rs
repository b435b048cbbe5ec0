//! Login throttling: a guesser is slowed with 429 and `Retry-After`, by account and address,
//! and cannot lock the real user out from elsewhere.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{PASSWORD, TestApp};
use http_body_util::BodyExt;
use serde_json::{Value, json};

/// One proxy in front, so the client's address comes from `X-Forwarded-For`.
async fn app() -> TestApp {
    TestApp::with_settings(|s| s.trusted_proxies = 1).await
}

async fn login(
    app: &TestApp,
    email: &str,
    password: &str,
    from: &str,
) -> (StatusCode, Option<u64>, Value) {
    let req = Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", format!("198.51.100.200, {from}"))
        .body(Body::from(
            json!({ "email": email, "password": password }).to_string(),
        ))
        .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let retry = res
        .headers()
        .get(header::RETRY_AFTER)
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        retry,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn ten_wrong_passwords_from_one_address_get_429_there_and_nowhere_else() {
    let app = app().await;
    for _ in 0..10 {
        let (status, _, _) =
            login(&app, "manager-a1@test", "not the password", "203.0.113.9").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The right password is refused too while the lock lasts: guessing stops paying.
    let (status, retry, body) = login(&app, "manager-a1@test", PASSWORD, "203.0.113.9").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let retry = retry.expect("Retry-After");
    assert!((1..=900).contains(&retry), "{retry}");
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert_eq!(body["error"]["retry_after"], retry);
    // The same account, typed differently, is the same account.
    let (status, _, _) = login(&app, " Manager-A1@TEST ", PASSWORD, "203.0.113.9").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // The real user, at the hotel's own address, is not locked out.
    let (status, _, body) = login(&app, "manager-a1@test", PASSWORD, "192.0.2.44").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_slowed() {
    let app = app().await;
    for n in 0..30 {
        let (status, _, _) = login(
            &app,
            &format!("guess{n}@test"),
            "not the password",
            "203.0.113.77",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let (status, retry, _) = login(&app, "company-a@test", PASSWORD, "203.0.113.77").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.is_some());
    let (status, _, _) = login(&app, "company-a@test", PASSWORD, "192.0.2.45").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_successful_login_forgives_the_typos_before_it() {
    let app = app().await;
    for _ in 0..9 {
        login(&app, "auditor-a@test", "almost the password", "192.0.2.7").await;
    }
    let (status, _, _) = login(&app, "auditor-a@test", PASSWORD, "192.0.2.7").await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..9 {
        login(&app, "auditor-a@test", "almost the password", "192.0.2.7").await;
    }
    let (status, _, _) = login(&app, "auditor-a@test", PASSWORD, "192.0.2.7").await;
    assert_eq!(status, StatusCode::OK, "nine after a success are not ten");
}

#[tokio::test]
async fn failures_older_than_fifteen_minutes_do_not_count() {
    let app = app().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for i in 0..20 {
        app.state
            .store
            .record_login_failure("manager-a1@test", "203.0.113.9", now - 901 - i)
            .await
            .unwrap();
    }
    let (status, _, _) = login(&app, "manager-a1@test", PASSWORD, "203.0.113.9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.state
            .store
            .purge_login_failures(now + 86_400)
            .await
            .unwrap(),
        0,
        "the success forgave them"
    );
}

#[tokio::test]
async fn the_login_page_says_how_long_to_wait_in_the_visitors_language() {
    let app = app().await;
    for _ in 0..10 {
        login(&app, "manager-a1@test", "not the password", "203.0.113.10").await;
    }
    let mut b = common::Browser::new(&app);
    b.accept_language = Some("fr-BE".into());
    b.extra_header = Some(("x-forwarded-for", "203.0.113.10"));
    let res = b
        .submit(
            "/login",
            "/login",
            &[("email", "manager-a1@test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("Trop de tentatives"), "{}", res.body);
    assert!(
        res.body.contains("value=\"manager-a1@test\""),
        "what was typed is kept"
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_header_is_ignored() {
    let app = TestApp::new().await;
    // Every attempt comes from the same (unknown) peer, whatever the header claims.
    for n in 0..10 {
        login(
            &app,
            "manager-a1@test",
            "not the password",
            &format!("203.0.113.{n}"),
        )
        .await;
    }
    let (status, _, _) = login(&app, "manager-a1@test", PASSWORD, "198.51.100.1").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
