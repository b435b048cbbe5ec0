//! Personal API tokens: shown once, stored hashed, scoped to their owner, revocable, ended by a
//! password change, at most a year long, and never made by another token.

mod common;

use axum::http::StatusCode;
use common::{Browser, PASSWORD, TestApp};
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

const NEW_PASSWORD: &str = "lantern orbit meadow sketch";

async fn pool(app: &TestApp) -> sqlx::AnyPool {
    sqlx::AnyPool::connect(&app.state.settings.database_url)
        .await
        .unwrap()
}

/// A personal token of `email`, made through a fresh login.
async fn personal_token(app: &TestApp, email: &str, name: &str) -> String {
    let login = app.login(email).await;
    let (status, created) = app
        .post("/api/v1/tokens", &login, json!({ "name": name }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_password_change_through_the_api_revokes_every_token() {
    let app = TestApp::new().await;
    // What an attacker who knew the password left behind, and the user's own.
    let planted = personal_token(&app, "manager-a1@test", "planted").await;
    let own = personal_token(&app, "manager-a1@test", "own").await;
    let other_user = personal_token(&app, "manager-b1@test", "theirs").await;
    let session = app.login("manager-a1@test").await;

    let (status, err) = app
        .put(
            "/api/v1/auth/password",
            &session,
            json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{err}");
    for token in [&planted, &own] {
        let (status, _) = app.get("/api/v1/auth/me", token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the token ended");
    }
    assert_eq!(
        app.get("/api/v1/auth/me", &other_user).await.0,
        StatusCode::OK,
        "another user's tokens stay"
    );
    let (_, list) = app.get("/api/v1/tokens", &session).await;
    let tokens = list["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens.iter().all(|t| t["revoked_at"].is_string()), "{list}");

    // The audit trail says what the change ended.
    let (after,): (String,) = sqlx::query_as(
        "SELECT after FROM audit_log WHERE action = 'password.changed' ORDER BY id DESC",
    )
    .fetch_one(&pool(&app).await)
    .await
    .unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["tokens_revoked"], 2, "{after}");
    assert!(after["sessions_ended"].as_u64().unwrap() >= 2, "{after}");
}

#[tokio::test]
async fn a_password_change_on_the_page_revokes_every_token() {
    let app = TestApp::new().await;
    let planted = personal_token(&app, "company-a@test", "planted").await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let done = b
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
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        app.get("/api/v1/auth/me", &planted).await.0,
        StatusCode::UNAUTHORIZED
    );
    let page = b.get("/account/tokens").await;
    assert!(page.body.contains("planted"), "still listed, as revoked");
    assert!(
        !page.body.contains("/revoke\""),
        "nothing left to revoke: {}",
        page.body
    );
}

#[tokio::test]
async fn a_token_cannot_mint_tokens_so_revoking_it_leaves_no_child() {
    let app = TestApp::new().await;
    // manager-a1 reads French: the refusal is in French.
    let parent = personal_token(&app, "manager-a1@test", "parent").await;
    let (status, err) = app
        .post(
            "/api/v1/tokens",
            &parent,
            json!({ "name": "child", "expires_in_days": 30 }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    assert_eq!(err["error"]["code"], "forbidden");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ne peut pas créer de jetons"),
        "{err}"
    );
    let (status, err) = app
        .post("/api/v1/tokens", &parent, json!({ "name": "child" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "without a lifetime: {err}");

    // The parent revoked: nothing it made is left working, since it made nothing.
    let (_, list) = app.get("/api/v1/tokens", &parent).await;
    assert_eq!(list["tokens"].as_array().unwrap().len(), 1, "{list}");
    let id = list["tokens"][0]["id"].as_i64().unwrap();
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/tokens/{id}"),
            Some(&parent),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (live,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE u.email = 'manager-a1@test' AND t.revoked_at IS NULL",
    )
    .fetch_one(&pool(&app).await)
    .await
    .unwrap();
    assert_eq!(live, 0);
}

#[tokio::test]
async fn every_token_ends_within_a_year() {
    let app = TestApp::new().await;
    let session = app.login("company-a@test").await;
    let (status, made) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "no end given" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let ends = time::OffsetDateTime::parse(
        made["expires_at"].as_str().expect("an end"),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let in_a_year = time::OffsetDateTime::now_utc() + time::Duration::days(365);
    assert!(
        (ends - in_a_year).abs() < time::Duration::minutes(5),
        "a year by default: {ends}"
    );

    let (status, err) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "too long", "expires_in_days": 366 }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "expires_in_days");
    assert!(err["error"]["message"].as_str().unwrap().contains("365"));
    let (status, made) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "a year", "expires_in_days": 365 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");

    // The page: an empty lifetime is a year too, a longer one is refused next to its field.
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let refused = b
        .submit(
            "/account/tokens",
            "/account/tokens",
            &[("name", "Two years"), ("days", "730")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("t-days-error"), "{}", refused.body);
    assert!(refused.body.contains("value=\"Two years\""));
    let made = b
        .submit(
            "/account/tokens",
            "/account/tokens",
            &[("name", "Page default"), ("days", "")],
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let (nulls,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM api_tokens WHERE expires_at IS NULL")
            .fetch_one(&pool(&app).await)
            .await
            .unwrap();
    assert_eq!(nulls, 0, "every token has an end");
}

#[tokio::test]
async fn the_migration_gives_tokens_without_an_end_a_year_from_their_making() {
    let app = TestApp::new().await;
    let pool = pool(&app).await;
    let (user,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'company-a@test'")
        .fetch_one(&pool)
        .await
        .unwrap();
    // Tokens as the app made them before the rule: no end, or two years.
    for (hash, created, expires) in [
        ("h-recent", "2026-06-01T10:00:00Z", None),
        ("h-old", "2024-03-05T08:30:00Z", None),
        (
            "h-two-years",
            "2026-01-01T00:00:00Z",
            Some("2028-01-01T00:00:00Z"),
        ),
        (
            "h-short",
            "2026-01-01T00:00:00Z",
            Some("2026-02-01T00:00:00Z"),
        ),
    ] {
        sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) \
             VALUES ($1, $2, $2, 'cc_xxxxxx', $3, $4)",
        )
        .bind(user)
        .bind(hash)
        .bind(created)
        .bind(expires)
        .execute(&pool)
        .await
        .unwrap();
    }
    let backend = if app.state.settings.database_url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let migration = std::fs::read_to_string(format!(
        "{}/migrations/{backend}/0015_api_token_lifetime.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(migration))
        .execute(&pool)
        .await
        .unwrap();
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT token_hash, expires_at FROM api_tokens ORDER BY token_hash")
            .fetch_all(&pool)
            .await
            .unwrap();
    let ends: std::collections::HashMap<_, _> = rows.into_iter().collect();
    assert_eq!(ends["h-recent"].as_deref(), Some("2027-06-01T10:00:00Z"));
    assert_eq!(
        ends["h-old"].as_deref(),
        Some("2025-03-05T08:30:00Z"),
        "ended already"
    );
    assert_eq!(ends["h-two-years"].as_deref(), Some("2027-01-01T00:00:00Z"));
    assert_eq!(
        ends["h-short"].as_deref(),
        Some("2026-02-01T00:00:00Z"),
        "a shorter end stays"
    );
}

#[tokio::test]
async fn token_names_with_control_bidi_or_invisible_characters_are_refused() {
    let app = TestApp::new().await;
    let session = app.login("company-a@test").await;
    for name in ["Export\u{0}", "Export \u{202E}txt.exe", "Ex\u{200B}port"] {
        let (status, err) = app
            .post("/api/v1/tokens", &session, json!({ "name": name }))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {err}");
        assert_eq!(err["error"]["field"], "name", "{name:?}");
    }
    let (status, made) = app
        .post(
            "/api/v1/tokens",
            &session,
            json!({ "name": "Rapport e\u{0301}te\u{0301}" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["name"], "Rapport été", "stored composed (NFC)");
}

#[tokio::test]
async fn the_api_document_states_the_token_rules() {
    let app = TestApp::new().await;
    let (status, doc) = app.api("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let create = &doc["paths"]["/api/v1/tokens"]["post"];
    for code in ["201", "403", "422"] {
        assert!(create["responses"][code].is_object(), "{code}: {create}");
    }
    let body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    let days = &doc["components"]["schemas"][body]["properties"]["expires_in_days"];
    assert_eq!(days["maximum"], json!(codecheck::web::tokens::MAX_DAYS));
    assert_eq!(days["default"], json!(codecheck::web::tokens::MAX_DAYS));
    assert_eq!(codecheck::web::tokens::MAX_DAYS, 365, "a year");
    let change = doc["paths"]["/api/v1/auth/password"]["put"]["description"]
        .as_str()
        .unwrap();
    assert!(change.contains("token is revoked"), "{change}");
}
