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

/// `n` logins at once against `apps` in turn (one router each, as instances behind a load
/// balancer), each on its own task: the answers' statuses.
async fn at_once(apps: &[&TestApp], attempts: Vec<(String, String, String)>) -> Vec<StatusCode> {
    let routers: Vec<axum::Router> = apps.iter().map(|a| a.router.clone()).collect();
    let tasks: Vec<_> = attempts
        .into_iter()
        .enumerate()
        .map(|(i, (email, password, from))| {
            let router = routers[i % routers.len()].clone();
            tokio::spawn(async move {
                use tower::ServiceExt;
                let req = Request::post("/api/v1/auth/login")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("x-forwarded-for", from)
                    .body(Body::from(
                        json!({ "email": email, "password": password }).to_string(),
                    ))
                    .unwrap();
                router.oneshot(req).await.unwrap().status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// Answers that checked no password: throttled, or no room to hash (`503`, see api_auth).
fn refused(statuses: &[StatusCode]) -> usize {
    count(statuses, StatusCode::TOO_MANY_REQUESTS)
        + count(statuses, StatusCode::SERVICE_UNAVAILABLE)
}

/// Sixty wrong passwords, all at once from one address: no more are checked than the
/// per-account-and-address limit, the rest are refused before; then the right one is refused
/// too (the guesser learns nothing from it).
async fn parallel_guesses_check_at_most_the_limit(apps: &[&TestApp]) {
    let attempts: Vec<(String, String, String)> = (0..60)
        .map(|i| {
            (
                "manager-a1@test".to_owned(),
                format!("wrong guess {i}"),
                "203.0.113.50".to_owned(),
            )
        })
        .collect();
    let statuses = at_once(apps, attempts).await;
    let checked = count(&statuses, StatusCode::UNAUTHORIZED);
    assert!(
        checked <= codecheck::domain::throttle::PER_ACCOUNT_AND_ADDRESS,
        "{checked} passwords checked: {statuses:?}"
    );
    assert_eq!(checked + refused(&statuses), 60, "{statuses:?}");
    if count(&statuses, StatusCode::SERVICE_UNAVAILABLE) == 0 {
        // Every attempt found room to hash: exactly the limit was checked, and it holds.
        assert_eq!(
            checked,
            codecheck::domain::throttle::PER_ACCOUNT_AND_ADDRESS
        );
        let right = vec![(
            "manager-a1@test".to_owned(),
            PASSWORD.to_owned(),
            "203.0.113.50".to_owned(),
        )];
        assert_eq!(at_once(apps, right).await, [StatusCode::TOO_MANY_REQUESTS]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_from_one_address_check_no_more_than_the_limit() {
    let app = app().await;
    parallel_guesses_check_at_most_the_limit(&[&app]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_through_two_instances_check_no_more_than_the_limit() {
    let a = app().await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = (*a.state.settings).clone();
    settings.data_dir = dir.path().join("data");
    let b_state = codecheck::AppState::open(settings)
        .await
        .expect("the second instance opens");
    let b = TestApp::from_state(b_state, dir).await;
    parallel_guesses_check_at_most_the_limit(&[&a, &b]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_of_many_accounts_from_one_address_check_no_more_than_its_limit() {
    let app = app().await;
    let attempts = (0..60)
        .map(|i| {
            (
                format!("guess{i}@test"),
                "not the password".to_owned(),
                "203.0.113.51".to_owned(),
            )
        })
        .collect();
    let statuses = at_once(&[&app], attempts).await;
    let checked = count(&statuses, StatusCode::UNAUTHORIZED);
    assert!(
        checked <= codecheck::domain::throttle::PER_ADDRESS,
        "{checked} checked: {statuses:?}"
    );
    assert_eq!(checked + refused(&statuses), 60, "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_failures_from_one_address_does_not_lock_the_user_out_elsewhere() {
    let app = app().await;
    let attempts = (0..110)
        .map(|i| {
            (
                "manager-a1@test".to_owned(),
                format!("wrong guess {i}"),
                "203.0.113.52".to_owned(),
            )
        })
        .collect();
    at_once(&[&app], attempts).await;
    let (status, _, body) = login(&app, "manager-a1@test", PASSWORD, "192.0.2.60").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn many_addresses_at_the_account_limit_slow_guessers_but_not_the_user_at_a_clean_address() {
    let app = app().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // A guesser spread over many addresses has reached the account-wide limit.
    for i in 0..codecheck::domain::throttle::PER_ACCOUNT {
        app.state
            .store
            .record_login_failure("manager-a1@test", &format!("198.18.0.{i}"), now - 60)
            .await
            .unwrap();
    }
    // An address that already failed on this account is refused, even with the password.
    let (status, retry, _) = login(&app, "manager-a1@test", PASSWORD, "198.18.0.7").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.is_some());
    // A fresh address gets one try: the real user with the right password is let in...
    let (status, _, body) = login(&app, "manager-a1@test", PASSWORD, "192.0.2.61").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // ...and a guesser's fresh address gets one guess, then waits.
    let (status, _, _) = login(&app, "manager-a1@test", "a guess", "192.0.2.62").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = login(&app, "manager-a1@test", "another guess", "192.0.2.62").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
