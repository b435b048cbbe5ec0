//! Companies, units, sites and users through the API, with who may create what.

mod common;

use axum::http::StatusCode;
use common::{Browser, PASSWORD, TestApp};
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

/// The message of an API error.
fn message(err: &serde_json::Value) -> &str {
    err["error"]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_company_admin_cannot_tell_whether_an_address_exists_in_another_company() {
    let app = TestApp::new().await;
    let ca = app.login("company-a@test").await;
    let admin = app.login("admin@test").await;
    let new_user = |email: &str| json!({ "email": email, "password": PASSWORD, "role": "site_manager", "scope_id": app.seed.site_a1 });

    // An account in company B, the platform admin's, and addresses nobody may have: one answer.
    let (status, elsewhere) = app
        .post("/api/v1/users", &ca, new_user("manager-b1@test"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{elsewhere}");
    assert_eq!(elsewhere["error"]["field"], "email");
    for email in ["admin@test", "no-reply@localhost", "someone@[192.0.2.7]"] {
        let (status, err) = app.post("/api/v1/users", &ca, new_user(email)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{email}: {err}");
        assert_eq!(err, elsewhere, "{email}: the same answer, word for word");
    }
    assert!(!message(&elsewhere).contains("exist"), "{elsewhere}");

    // Inside their own company, the admin may know: it exists.
    let (status, err) = app
        .post("/api/v1/users", &ca, new_user("MANAGER-A1@test"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    // The platform admin sees every account.
    let (status, _) = app
        .post("/api/v1/users", &admin, new_user("manager-b1@test"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A fresh address still works.
    let (status, made) = app
        .post("/api/v1/users", &ca, new_user("fresh-a@test"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");

    // The page's form says the same, next to the field, keeping what was typed.
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let site = app.seed.site_a1.to_string();
    let mut answers = Vec::new();
    for email in ["manager-b1@test", "someone@[192.0.2.7]"] {
        let res = b
            .submit(
                "/org",
                "/org/users",
                &[
                    ("email", email),
                    ("password", PASSWORD),
                    ("role", "site_manager"),
                    ("scope", &site),
                    ("language", ""),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        assert!(res.body.contains("id=\"user-email-error\""), "{email}");
        assert!(res.body.contains(&format!("value=\"{email}\"")), "{email}");
        let start = res.body.find("id=\"user-email-error\">").unwrap();
        answers.push(res.body[start..start + 200].to_owned());
    }
    assert_eq!(answers[0], answers[1]);
}

#[tokio::test]
async fn names_with_nul_bidi_overrides_or_zero_width_characters_are_refused() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let ca = app.login("company-a@test").await;
    for (name, says) in [
        ("Hôtel\u{0}Namur", "control"),
        ("Hôtel \u{202E}rumaN", "bidi"),
        ("Hôtel\u{200B}Namur", "invisible"),
    ] {
        let (status, err) = app
            .post("/api/v1/companies", &admin, json!({ "name": name }))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {err}");
        assert_eq!(err["error"]["field"], "name");
        assert!(message(&err).contains(says), "{name:?}: {err}");
        let (status, err) = app
            .post(
                &format!("/api/v1/companies/{}/units", app.seed.company_a),
                &ca,
                json!({ "name": name, "country": "BE" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {err}");
        let (status, err) = app
            .post(
                &format!("/api/v1/units/{}/sites", app.seed.unit_a),
                &ca,
                json!({ "name": name, "city": "Namur" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {err}");
        assert_eq!(err["error"]["field"], "name");
    }
    let (_, sites) = app.get("/api/v1/sites", &ca).await;
    assert_eq!(sites["sites"].as_array().unwrap().len(), 2, "none was made");

    // On the page, in the user's language, next to the field, with what was typed kept.
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let unit = app.seed.unit_a.to_string();
    let res = b
        .submit(
            "/org",
            "/org/sites",
            &[
                ("parent", &unit),
                ("name", "Hôtel \u{202E}rumaN"),
                ("city", "Namur"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(&format!("site-name-error-{unit}")));
    assert!(res.body.contains("bidi"), "the reason is given");
    assert!(res.body.contains("value=\"Hôtel \u{202E}rumaN\""), "kept");
}

#[tokio::test]
async fn decomposed_names_are_stored_composed() {
    let app = TestApp::new().await;
    let ca = app.login("company-a@test").await;
    let (status, site) = app
        .post(
            &format!("/api/v1/units/{}/sites", app.seed.unit_a),
            &ca,
            json!({ "name": "Ho\u{0302}tel Lie\u{0300}ge", "city": "Lie\u{0300}ge" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
    assert_eq!(site["name"], "Hôtel Liège");
    assert_eq!(site["city"], "Liège");
    let pool = sqlx::AnyPool::connect(&app.state.settings.database_url)
        .await
        .unwrap();
    let (stored,): (String,) = sqlx::query_as("SELECT name FROM org_nodes WHERE id = $1")
        .bind(site["id"].as_i64().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, "H\u{f4}tel Li\u{e8}ge");
    // Composed, the same name as another up to case is the duplicate it is.
    let (status, _) = app
        .post(
            &format!("/api/v1/units/{}/sites", app.seed.unit_a),
            &ca,
            json!({ "name": "Ho\u{0302}tel Alpha Namur", "city": "Namur" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_look_alike_of_a_sibling_name_is_accepted_with_a_warning() {
    let app = TestApp::new().await;
    let ca = app.login("company-a@test").await;
    let sites = format!("/api/v1/units/{}/sites", app.seed.unit_a);
    // "Hôtel Alpha Namur" exists: a Cyrillic А and a zero-width joiner make it look the same.
    let (status, site) = app
        .post(
            &sites,
            &ca,
            json!({ "name": "Hôtel \u{410}lpha\u{200D} Namur", "city": "Namur" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
    let warnings = site["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{site}");
    assert_eq!(warnings[0]["code"], "name-lookalike");
    assert_eq!(warnings[0]["field"], "name");
    assert_eq!(warnings[0]["similar_to"], "Hôtel Alpha Namur");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("Hôtel Alpha Namur")
    );
    let (_, plain) = app
        .post(
            &sites,
            &ca,
            json!({ "name": "Hôtel Alpha Dinant", "city": "Dinant" }),
        )
        .await;
    assert_eq!(plain["warnings"], json!([]), "{plain}");
    // Another unit's sites are not its siblings.
    let admin = app.login("admin@test").await;
    let (_, apart) = app
        .post(
            &format!("/api/v1/units/{}/sites", app.seed.unit_b),
            &admin,
            json!({ "name": "HOTEL ALPHA NAMUR", "city": "Namur" }),
        )
        .await;
    assert_eq!(apart["warnings"], json!([]), "{apart}");

    // The page says so after saving, in the user's language.
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let unit = app.seed.unit_a.to_string();
    let res = b
        .submit(
            "/org",
            "/org/sites",
            &[
                ("parent", &unit),
                ("name", "Hotel \u{FF21}lpha Brugge"),
                ("city", "Brugge"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let shown = b.get(res.location.as_deref().unwrap()).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("alert warn"), "{}", shown.body);
    assert!(shown.body.contains("looks like “Hotel Alpha Brugge”"));
}

/// The id of the user with `email`, as the admin lists them.
async fn user_id(app: &TestApp, admin: &str, email: &str) -> i64 {
    let (_, list) = app.get(&format!("/api/v1/users?q={email}"), admin).await;
    list["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email)
        .unwrap_or_else(|| panic!("no user {email}: {list}"))["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_deactivated_user_is_out_at_once_and_back_only_when_reactivated() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let company = app.login("company-a@test").await;
    let manager = app.login("manager-a1@test").await;
    let id = user_id(&app, &admin, "manager-a1@test").await;
    assert_eq!(app.get("/api/v1/auth/me", &manager).await.0, StatusCode::OK);
    // Who last logged in when: the manager just did, manager B never.
    let (_, list) = app.get("/api/v1/users", &admin).await;
    let of = |email: &str| {
        list["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .unwrap()["last_login_at"]
            .clone()
    };
    assert!(of("manager-a1@test").is_string(), "{list}");
    assert!(of("manager-b1@test").is_null(), "{list}");
    let logged = app.state.store.verify_audit_log().await.unwrap().0;

    // Their company's admin manages them.
    let (status, user) = app
        .post(
            &format!("/api/v1/users/{id}/deactivate"),
            &company,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert!(user["deactivated_at"].is_string(), "{user}");
    assert_eq!(
        app.state.store.verify_audit_log().await.unwrap().0,
        logged + 1
    );
    // The session they had stops at the next request, and a login fails as a wrong password.
    assert_eq!(
        app.get("/api/v1/auth/me", &manager).await.0,
        StatusCode::UNAUTHORIZED
    );
    let login = |password: &'static str| {
        let app = &app;
        async move {
            app.api(
                "POST",
                "/api/v1/auth/login",
                None,
                Some(json!({ "email": "manager-a1@test", "password": password })),
            )
            .await
        }
    };
    let (status, deactivated) = login(common::PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, wrong) = login("not the password at all").await;
    assert_eq!(deactivated, wrong, "the same answer as a wrong password");
    // Twice is once: the audit trail gains nothing the second time.
    let entries = || async { app.state.store.verify_audit_log().await.unwrap().0 };
    let before = entries().await;
    let (status, _) = app
        .post(
            &format!("/api/v1/users/{id}/deactivate"),
            &company,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entries().await, before);
    // The account stays, with its name, for the history that cites it.
    assert_eq!(user_id(&app, &admin, "manager-a1@test").await, id);

    let (status, user) = app
        .post(
            &format!("/api/v1/users/{id}/reactivate"),
            &company,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert!(user["deactivated_at"].is_null(), "{user}");
    // The old session stays ended; the password works again.
    assert_eq!(
        app.get("/api/v1/auth/me", &manager).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(login(common::PASSWORD).await.0, StatusCode::OK);
}

#[tokio::test]
async fn only_whoever_manages_a_user_deactivates_them_and_never_the_last_admin() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let company = app.login("company-a@test").await;
    let manager = app.login("manager-a1@test").await;
    let other_company = user_id(&app, &admin, "manager-b1@test").await;
    let unit_admin = user_id(&app, &admin, "unit-a@test").await;
    let me = user_id(&app, &admin, "admin@test").await;
    let path = |id: i64| format!("/api/v1/users/{id}/deactivate");
    // Another company's manager is nobody the company admin knows of.
    let (status, _) = app.post(&path(other_company), &company, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A fellow company admin, seen but not theirs to manage; the admin, not even seen.
    let (status, _) = app.post(&path(unit_admin), &company, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.post(&path(me), &company, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A site manager manages nobody.
    let (status, _) = app.post(&path(unit_admin), &manager, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.post(&path(999_999), &admin, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The last active platform admin stays.
    let (status, err) = app.post(&path(me), &admin, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(app.get("/api/v1/auth/me", &admin).await.0, StatusCode::OK);
    // Nothing was deactivated by any of it.
    let (_, list) = app.get("/api/v1/users", &admin).await;
    assert!(
        list["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["deactivated_at"].is_null()),
        "{list}"
    );
}

#[tokio::test]
async fn the_organisation_page_deactivates_and_reactivates_whom_the_admin_manages() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let id = user_id(&app, &admin, "manager-a1@test").await;
    let fellow = user_id(&app, &admin, "unit-a@test").await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let page = b.get("/org").await;
    let deactivate = format!("action=\"/org/users/{id}/deactivate\"");
    assert!(
        page.body.contains(&deactivate),
        "a button for their manager"
    );
    assert!(
        !page.body.contains(&format!("/org/users/{fellow}/")),
        "none for a fellow company admin, whom they do not manage"
    );
    let done = b
        .submit("/org", &format!("/org/users/{id}/deactivate"), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = b.get("/org").await;
    assert!(
        page.body
            .contains(&format!("action=\"/org/users/{id}/reactivate\""))
    );
    assert!(page.body.contains("Deactivated"), "the row says so");
    assert!(
        page.body.contains("Last login:"),
        "and when each user last logged in"
    );
    assert!(page.body.contains("Never logged in"));
    // Without the form's token nothing happens.
    let forged = b
        .post_raw(&format!("/org/users/{id}/reactivate"), &[])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let (_, list) = app.get("/api/v1/users?q=manager-a1", &admin).await;
    assert!(list["users"][0]["deactivated_at"].is_string(), "{list}");
    let (_, gone) = app.get("/api/v1/users?state=deactivated", &admin).await;
    assert_eq!(gone["users"].as_array().unwrap().len(), 1, "{gone}");
    let (_, here) = app
        .get("/api/v1/users?state=active&q=manager-a1", &admin)
        .await;
    assert_eq!(here["users"].as_array().unwrap().len(), 0, "{here}");
    let (status, _) = app.get("/api/v1/users?state=asleep", &admin).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = b
        .submit("/org", &format!("/org/users/{id}/reactivate"), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let (_, list) = app.get("/api/v1/users?q=manager-a1", &admin).await;
    assert!(list["users"][0]["deactivated_at"].is_null(), "{list}");
}

#[tokio::test]
async fn a_user_is_changed_within_the_rights_of_whoever_manages_them() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let company = app.login("company-a@test").await;
    let manager = app.login("manager-a1@test").await;
    let id = user_id(&app, &admin, "manager-a1@test").await;
    let path = format!("/api/v1/users/{id}");
    let patch = |token: &str, body: serde_json::Value| {
        let (app, path, token) = (&app, path.clone(), token.to_owned());
        async move { app.api("PATCH", &path, Some(&token), Some(body)).await }
    };
    let sites = || async {
        let (_, list) = app.get("/api/v1/sites", &manager).await;
        list["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(sites().await, vec![app.seed.site_a1]);

    // Moved to the sibling hotel, in Dutch: at their next request.
    let (status, user) = patch(
        &company,
        json!({ "scope_id": app.seed.site_a2, "language": "nl" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["scopes"], json!([app.seed.site_a2]));
    assert_eq!(user["language"], "nl");
    assert_eq!(user["role"], "site_manager", "kept");
    assert_eq!(sites().await, vec![app.seed.site_a2]);

    // Never an admin, never out of the company, never by themselves; nothing changes.
    for (token, body, expected) in [
        (
            &company,
            json!({ "role": "company_admin", "scope_id": app.seed.unit_a }),
            StatusCode::FORBIDDEN,
        ),
        (
            &company,
            json!({ "role": "admin", "scope_ids": [] }),
            StatusCode::FORBIDDEN,
        ),
        (
            &company,
            json!({ "scope_id": app.seed.site_b1 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &company,
            json!({ "role": "chef" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &company,
            json!({ "colour": "red" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (&manager, json!({ "language": "fr" }), StatusCode::FORBIDDEN),
    ] {
        let (status, err) = patch(token, body.clone()).await;
        assert_eq!(status, expected, "{body}: {err}");
    }
    assert_eq!(sites().await, vec![app.seed.site_a2]);
    let (_, me) = app.get("/api/v1/auth/me", &manager).await;
    assert_eq!(me["language"], "nl", "{me}");

    // The platform admin may make them a company admin of the unit.
    let (status, user) = patch(
        &admin,
        json!({ "role": "company_admin", "scope_id": app.seed.unit_a }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    // And cannot stop being the last admin.
    let me = user_id(&app, &admin, "admin@test").await;
    let (status, err) = app
        .api(
            "PATCH",
            &format!("/api/v1/users/{me}"),
            Some(&admin),
            Some(json!({ "role": "auditor", "scope_id": app.seed.company_a })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(app.get("/api/v1/users", &admin).await.0, StatusCode::OK);
}
