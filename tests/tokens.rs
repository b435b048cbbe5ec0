//! Personal API tokens: shown once, stored hashed, scoped to their owner, revocable.

mod common;

use axum::http::StatusCode;
use common::{Browser, TestApp};
use serde_json::json;

#[tokio::test]
async fn a_token_acts_with_its_owners_rights_until_revoked() {
    let app = TestApp::new().await;
    let session = app.login("manager-a1@test").await;
    let (status, created) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "Export nightly", "expires_in_days": 90 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("cc_"));

    // Its owner's rights, no more.
    let (status, _) = app
        .get(&format!("/api/v1/sites/{}", app.seed.site_a1), &secret)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .get(&format!("/api/v1/sites/{}", app.seed.site_b1), &secret)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Listed without the secret; stored as a hash only.
    let (_, list) = app.get("/api/v1/tokens", &session).await;
    let listed = &list["tokens"][0];
    assert_eq!(listed["name"], "Export nightly");
    assert!(listed.get("token").is_none() && !list.to_string().contains(&secret));
    assert!(listed["last_used_at"].is_string(), "use is noted");
    let url = app.state.settings.database_url.clone();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM api_tokens")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_ne!(stored, secret);

    let (status, _) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "export NIGHTLY" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "names are unique per user"
    );
    let (status, _) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "x", "expires_in_days": 0 }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Only its owner revokes it.
    let id = listed["id"].as_i64().unwrap();
    let other = app.login("manager-b1@test").await;
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/tokens/{id}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/tokens/{id}"),
            Some(&session),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .get(&format!("/api/v1/sites/{}", app.seed.site_a1), &secret)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "revoked");
}

#[tokio::test]
async fn the_tokens_page_shows_a_new_secret_once() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let created = b
        .submit(
            "/account/tokens",
            "/account/tokens",
            &[("name", "Power BI"), ("days", "")],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let start = created.body.find("cc_").expect("the secret is shown");
    let secret: String = created.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let again = b.get("/account/tokens").await;
    assert!(again.body.contains("Power BI"));
    assert!(!again.body.contains(&secret), "never shown again");
    let bad = b
        .submit(
            "/account/tokens",
            "/account/tokens",
            &[("name", "Other"), ("days", "forever")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"Other\""), "what was typed stays");
    let (status, _) = app.get("/api/v1/auth/me", &secret).await;
    assert_eq!(status, StatusCode::OK);
}
