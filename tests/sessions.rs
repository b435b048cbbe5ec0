//! Sessions end when they should: logging out ends every session of the user (personal API
//! tokens stay), and changing the password ends all but the one that changed it, and every
//! personal API token (tests/tokens.rs).

mod common;

use axum::http::StatusCode;
use common::{Browser, PASSWORD, TestApp};
use serde_json::json;

const NEW_PASSWORD: &str = "lantern orbit meadow sketch";

async fn token_for(app: &TestApp, login_token: &str) -> String {
    let (status, t) = app
        .post(
            "/api/v1/tokens",
            login_token,
            json!({ "name": "nightly export" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn logging_out_ends_every_session_of_the_user_but_not_their_api_tokens() {
    let app = TestApp::new().await;
    let mut desk = Browser::new(&app);
    desk.login("manager-a1@test").await;
    let mut phone = Browser::new(&app);
    phone.login("manager-a1@test").await;
    let api = app.login("manager-a1@test").await;
    let personal = token_for(&app, &api).await;
    let other_user = app.login("company-a@test").await;

    let res = desk.submit("/", "/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        phone.get("/").await.status,
        StatusCode::SEE_OTHER,
        "the phone is sent to the login page"
    );
    assert_eq!(
        app.get("/api/v1/auth/me", &api).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/auth/me", &personal).await.0,
        StatusCode::OK,
        "tokens stay"
    );
    assert_eq!(
        app.get("/api/v1/auth/me", &other_user).await.0,
        StatusCode::OK,
        "nobody else is logged out"
    );
}

#[tokio::test]
async fn changing_the_password_on_the_page_ends_the_other_sessions() {
    let app = TestApp::new().await;
    let mut desk = Browser::new(&app);
    desk.login("manager-a1@test").await;
    let mut phone = Browser::new(&app);
    phone.login("manager-a1@test").await;
    let api = app.login("manager-a1@test").await;
    let personal = token_for(&app, &api).await;

    // Mistakes: each said next to its field, nothing changed.
    let wrong = desk
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("aria-describedby=\"current-password-error\"")
    );
    assert!(
        !wrong.body.contains("not my password at all"),
        "passwords are never echoed"
    );
    let weak = desk
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "password1234"),
                ("confirm_password", "password1234"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("new-password-error"));
    let differ = desk
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", "lantern orbit meadow sketches"),
            ],
        )
        .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(differ.body.contains("confirm-password-error"));
    assert_eq!(
        phone.get("/").await.status,
        StatusCode::OK,
        "still logged in"
    );

    let done = desk
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = desk.get(done.location.as_deref().unwrap()).await;
    assert_eq!(after.status, StatusCode::OK, "this session goes on");
    assert!(after.body.contains("alert ok"));
    assert_eq!(
        phone.get("/").await.status,
        StatusCode::SEE_OTHER,
        "the phone's session ended"
    );
    assert_eq!(
        app.get("/api/v1/auth/me", &api).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/auth/me", &personal).await.0,
        StatusCode::UNAUTHORIZED,
        "tokens end with the old password"
    );

    let (status, _) = app
        .api(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": "manager-a1@test", "password": PASSWORD })),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password is gone");
    app.login_with("manager-a1@test", NEW_PASSWORD).await;
}

#[tokio::test]
async fn changing_the_password_through_the_api_keeps_the_calling_session() {
    let app = TestApp::new().await;
    let first = app.login("auditor-a@test").await;
    let second = app.login("auditor-a@test").await;
    let (status, err) = app
        .put(
            "/api/v1/auth/password",
            &first,
            json!({ "current_password": PASSWORD, "new_password": "qwertyuiop123" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "new_password");

    let (status, _) = app
        .put(
            "/api/v1/auth/password",
            &first,
            json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/auth/me", &first).await.0, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/auth/me", &second).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_new_password_must_differ_from_the_current_one() {
    let app = TestApp::new().await;
    let token = app.login("auditor-a@test").await;
    let (status, err) = app
        .put(
            "/api/v1/auth/password",
            &token,
            json!({ "current_password": PASSWORD, "new_password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "new_password");
    assert_eq!(
        err["error"]["fields"]["new_password"],
        "The new password must differ from the current one."
    );
    let second = app.login("auditor-a@test").await;
    assert_eq!(
        app.get("/api/v1/auth/me", &second).await.0,
        StatusCode::OK,
        "nothing changed: no session ended"
    );
}

/// Where a `Location` leads, read as a browser would against this site.
fn lands_at(location: &str) -> url::Url {
    url::Url::parse("http://localhost/")
        .unwrap()
        .join(location)
        .unwrap_or_else(|e| panic!("{location:?}: {e}"))
}

/// `next` values that try to leave the site.
const OFF_SITE_NEXT: &[&str] = &[
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " //evil.example",
];

/// `next` values that no header can carry as they are.
const UNSENDABLE_NEXT: &[&str] = &["/\r\nSet-Cookie: planted=1", "/a\0b", "/\u{7f}/x", "/x\ny"];

fn assert_stays_home(res: &common::PageResponse, next: &str) {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
    let location = res.location.as_deref().expect("a Location");
    let to = lands_at(location);
    assert_eq!(
        to.origin(),
        lands_at("/").origin(),
        "{next:?} -> {location:?}"
    );
}

/// Logs in with each `next`, then (logged in) opens the login page and switches the language
/// with it: every answer is a redirect to this site.
async fn every_next_stays_home(nexts: &[&str]) {
    let app = TestApp::new().await;
    for next in nexts {
        let mut b = Browser::new(&app);
        let res = b
            .submit(
                "/login",
                "/login",
                &[
                    ("email", "manager-a1@test"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_stays_home(&res, next);
        // Logged in now: the login page sends the visitor on at once.
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("next", next)
            .finish();
        let res = b.get(&format!("/login?{query}")).await;
        assert_stays_home(&res, next);
        let res = b
            .submit("/", "/language", &[("lang", "nl"), ("next", next)])
            .await;
        assert_stays_home(&res, next);
        assert!(!b.cookies.contains_key("planted"), "no header was injected");
    }
}

#[tokio::test]
async fn login_and_the_language_switch_never_redirect_off_site() {
    every_next_stays_home(OFF_SITE_NEXT).await;
}

#[tokio::test]
async fn a_next_with_control_characters_is_a_redirect_home_not_a_500() {
    every_next_stays_home(UNSENDABLE_NEXT).await;
}

#[tokio::test]
async fn a_local_next_survives_the_login_and_the_language_switch() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    let next = "/sites/3?tab=staff&q=caf%C3%A9#list";
    let res = b
        .submit(
            "/login",
            "/login",
            &[
                ("email", "manager-a1@test"),
                ("password", PASSWORD),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some(next));
    let res = b.get("/login?next=%2Fassessments%2F7%3Fsaved%3D1").await;
    assert_eq!(res.location.as_deref(), Some("/assessments/7?saved=1"));
    let res = b
        .submit(
            "/",
            "/language",
            &[("lang", "fr"), ("next", "/notifications")],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some("/notifications"));
}
