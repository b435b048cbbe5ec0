//! Companies, units, sites and users through the API, with who may create what.

mod common;

use axum::http::StatusCode;
use common::{PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn admin_builds_a_whole_organisation() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (status, company) = app
        .post(
            "/api/v1/companies",
            &admin,
            json!({ "name": "Gamma Hôtellerie" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{company}");
    assert_eq!(company["name"], "Gamma Hôtellerie");
    let cid = company["id"].as_i64().unwrap();

    let (status, unit) = app
        .post(
            &format!("/api/v1/companies/{cid}/units"),
            &admin,
            json!({ "name": "Gamma France", "country": "fr" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    assert_eq!(unit["country"], "FR");
    assert_eq!(unit["company_id"], cid);
    let uid = unit["id"].as_i64().unwrap();

    let (status, site) = app
        .post(
            &format!("/api/v1/units/{uid}/sites"),
            &admin,
            json!({ "name": "Hôtel Gamma Lyon", "city": "Lyon" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
    assert_eq!(site["unit_id"], uid);
    assert_eq!(site["city"], "Lyon");
    let sid = site["id"].as_i64().unwrap();

    let (status, user) = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "lyon@gamma.test", "password": PASSWORD, "role": "site_manager", "scope_id": sid }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["email"], "lyon@gamma.test");
    assert_eq!(user["role"], "site_manager");
    assert_eq!(user["scope_id"], sid);
    assert!(user["id"].is_i64());
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());

    let lyon = app.login("lyon@gamma.test").await;
    let (_, sites) = app.get("/api/v1/sites", &lyon).await;
    assert_eq!(sites["sites"][0]["id"], sid);
}

#[tokio::test]
async fn company_admin_works_inside_their_company_only() {
    let app = TestApp::new().await;
    let ca = app.login("company-a@test").await;
    let s = &app.seed;

    let (status, _) = app
        .post("/api/v1/companies", &ca, json!({ "name": "Mine" }))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the platform admin creates companies"
    );

    let (status, unit) = app
        .post(
            &format!("/api/v1/companies/{}/units", s.company_a),
            &ca,
            json!({ "name": "Alpha Nederland", "country": "NL" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    let (status, _) = app
        .post(
            &format!("/api/v1/companies/{}/units", s.company_b),
            &ca,
            json!({ "name": "Sneaky", "country": "BE" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another company does not exist for them"
    );

    let (status, site) = app
        .post(
            &format!("/api/v1/units/{}/sites", s.unit_a),
            &ca,
            json!({ "name": "Hôtel Alpha Mons", "city": "Mons" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .post(
            &format!("/api/v1/units/{}/sites", s.unit_b),
            &ca,
            json!({ "name": "Sneaky", "city": "Gent" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = app
        .post(
            "/api/v1/users",
            &ca,
            json!({ "email": "mons@alpha.test", "password": PASSWORD, "role": "site_manager", "scope_id": site["id"] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for (role, scope) in [
        ("site_manager", s.site_b1),
        ("company_admin", s.company_a),
        ("admin", 0),
        ("auditor", s.company_a),
    ] {
        let scope = if scope == 0 {
            json!(null)
        } else {
            json!(scope)
        };
        let (status, body) = app
            .post(
                "/api/v1/users",
                &ca,
                json!({ "email": "x@alpha.test", "password": PASSWORD, "role": role, "scope_id": scope }),
            )
            .await;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{role} {scope}: {status} {body}"
        );
    }
    let (_, users) = app.get("/api/v1/users", &ca).await;
    let emails: Vec<&str> = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"mons@alpha.test"));
    assert!(
        !emails.contains(&"manager-b1@test"),
        "users of another company stay hidden"
    );
    assert!(!emails.contains(&"x@alpha.test"));
}

#[tokio::test]
async fn a_unit_admin_adds_sites_but_not_units() {
    let app = TestApp::new().await;
    let ua = app.login("unit-a@test").await;
    let (status, _) = app
        .post(
            &format!("/api/v1/companies/{}/units", app.seed.company_a),
            &ua,
            json!({ "name": "Other unit", "country": "LU" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the company node is above their scope"
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/units/{}/sites", app.seed.unit_a),
            &ua,
            json!({ "name": "Hôtel Alpha Arlon", "city": "Arlon" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn site_managers_and_auditors_create_nothing() {
    let app = TestApp::new().await;
    for who in ["manager-a1@test", "auditor-a@test"] {
        let t = app.login(who).await;
        let (s1, _) = app
            .post("/api/v1/companies", &t, json!({ "name": "X" }))
            .await;
        let (s2, _) = app
            .post(
                &format!("/api/v1/units/{}/sites", app.seed.unit_a),
                &t,
                json!({ "name": "X", "city": "Y" }),
            )
            .await;
        let (s3, _) = app
            .post(
                "/api/v1/users",
                &t,
                json!({ "email": "y@test", "password": PASSWORD, "role": "site_manager", "scope_id": app.seed.site_a1 }),
            )
            .await;
        assert_eq!(s1, StatusCode::FORBIDDEN, "{who}");
        assert!(
            s2 == StatusCode::FORBIDDEN || s2 == StatusCode::NOT_FOUND,
            "{who}: {s2}"
        );
        assert_eq!(s3, StatusCode::FORBIDDEN, "{who}");
    }
}

#[tokio::test]
async fn bad_user_input_is_explained_and_creates_nothing() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let site = app.seed.site_a1;
    let cases = [
        (
            json!({ "email": "manager-a1@test", "password": PASSWORD, "role": "site_manager", "scope_id": site }),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({ "email": "MANAGER-A1@test", "password": PASSWORD, "role": "site_manager", "scope_id": site }),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({ "email": "not-an-email", "password": PASSWORD, "role": "site_manager", "scope_id": site }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("email"),
        ),
        (
            json!({ "email": "new@test", "password": "short", "role": "site_manager", "scope_id": site }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("password"),
        ),
        (
            json!({ "email": "new@test", "password": "password1234", "role": "site_manager", "scope_id": site }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("password"),
        ),
        (
            json!({ "email": "gent.frontdesk@test", "password": "gentfrontdesk", "role": "site_manager", "scope_id": site }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("password"),
        ),
        (
            json!({ "email": "new@test", "password": PASSWORD, "role": "superuser", "scope_id": site }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("role"),
        ),
        (
            json!({ "email": "new@test", "password": PASSWORD, "role": "site_manager" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("scope_id"),
        ),
        (
            json!({ "email": "new@test", "password": PASSWORD, "role": "site_manager", "scope_id": app.seed.company_a }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("scope_id"),
        ),
        (
            json!({ "email": "new@test", "password": PASSWORD, "role": "site_manager", "scope_id": 424242 }),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("scope_id"),
        ),
    ];
    for (body, expected, field) in cases {
        let (status, err) = app.post("/api/v1/users", &admin, body.clone()).await;
        assert_eq!(status, expected, "{body}: {err}");
        assert!(err["error"]["message"].as_str().unwrap().len() > 5);
        if let Some(f) = field {
            assert_eq!(err["error"]["field"], f, "{body}");
        }
    }
    let (_, users) = app.get("/api/v1/users", &admin).await;
    assert_eq!(
        users["users"].as_array().unwrap().len(),
        6,
        "no user was added"
    );
}

#[tokio::test]
async fn bad_names_and_duplicates_are_refused() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (status, err) = app
        .post("/api/v1/companies", &admin, json!({ "name": "   " }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "name");
    let (status, _) = app
        .post(
            "/api/v1/companies",
            &admin,
            json!({ "name": "alpha hôtels" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "same name up to ASCII case");
    let (status, err) = app
        .post(
            &format!("/api/v1/companies/{}/units", app.seed.company_a),
            &admin,
            json!({ "name": "Alpha Lux", "country": "Luxembourg" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "country");
    let (status, _) = app
        .post("/api/v1/companies", &admin, json!({ "nom": "x" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "missing field");
    let (status, _) = app
        .post(
            &format!("/api/v1/companies/{}/units", app.seed.site_a1),
            &admin,
            json!({ "name": "x", "country": "BE" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a site is not a company");
}

#[tokio::test]
async fn an_auditor_may_be_created_before_being_assigned() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (status, user) = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "new-auditor@test", "password": PASSWORD, "role": "auditor", "scope_id": null }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["scope_id"], serde_json::Value::Null);
    let auditor = app.login("new-auditor@test").await;
    let (_, sites) = app.get("/api/v1/sites", &auditor).await;
    assert_eq!(
        sites["sites"],
        json!([]),
        "no company assigned yet: nothing to see"
    );
}
