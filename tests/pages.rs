//! The HTML pages as a browser uses them: login, language, the checklist form, submission.

mod common;

use axum::http::StatusCode;
use common::{Browser, TestApp};

#[tokio::test]
async fn login_page_has_the_contract_fields() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    let res = b.get("/login").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("name=\"email\""));
    assert!(res.body.contains("name=\"password\""));
    assert!(res.body.contains("<label for=\"email\""));
    assert!(res.body.contains("<label for=\"password\""));
}

#[tokio::test]
async fn pages_need_a_login_and_come_back_after_it() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    let path = format!("/sites/{}", app.seed.site_a1);
    let res = b.get(&path).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let location = res.location.unwrap();
    assert!(location.starts_with("/login?next="), "{location}");

    let res = b
        .submit(
            &location,
            "/login",
            &[
                ("email", "manager-a1@test"),
                ("password", common::PASSWORD),
                ("next", &path),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location.as_deref(), Some(path.as_str()));
    let res = b.get(&path).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Hôtel Alpha Namur"));
}

#[tokio::test]
async fn wrong_password_keeps_the_email_and_says_nothing_more() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    let res = b
        .submit(
            "/login",
            "/login",
            &[("email", "admin@test"), ("password", "wrong password!")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("value=\"admin@test\""));
    assert!(
        res.body
            .contains("The e-mail address or the password is wrong.")
    );
    let unknown = b
        .submit(
            "/login",
            "/login",
            &[("email", "ghost@test"), ("password", "wrong password!")],
        )
        .await;
    assert!(
        unknown
            .body
            .contains("The e-mail address or the password is wrong.")
    );
    assert!(!b.cookies.contains_key("codecheck_session"));
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.get("/login").await;
    let res = b
        .post_raw(
            "/login",
            &[("email", "admin@test"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = b
        .post_raw(
            "/login",
            &[
                ("csrf", "forged"),
                ("email", "admin@test"),
                ("password", common::PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    b.login("manager-a1@test").await;
    let res = b
        .post_raw(
            &format!("/sites/{}/assessments", app.seed.site_a1),
            &[("year", "2026")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = b.post_raw("/logout", &[]).await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "even logout needs the token"
    );
}

#[tokio::test]
async fn login_rotates_the_session_and_logout_ends_it() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("admin@test").await;
    let first = b.cookies["codecheck_session"].clone();
    // Logging in again from a logged-in browser (the form on /login redirects, so post it).
    let res = b
        .submit(
            "/",
            "/login",
            &[("email", "admin@test"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let second = b.cookies["codecheck_session"].clone();
    assert_ne!(first, second);
    assert!(
        app.state
            .store
            .session(&first, codecheck::store::sessions::SessionKind::Web)
            .await
            .unwrap()
            .is_none(),
        "the old session is gone"
    );
    let res = b.submit("/", "/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        app.state
            .store
            .session(&second, codecheck::store::sessions::SessionKind::Web)
            .await
            .unwrap()
            .is_none()
    );
    // Replaying the old cookie does not work either.
    b.cookies.insert("codecheck_session".into(), second);
    assert_eq!(b.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn language_follows_preference_then_browser_then_english() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    assert!(b.get("/login").await.body.contains("Log in"));
    b.accept_language = Some("nl-BE,nl;q=0.9,fr;q=0.5".into());
    assert!(b.get("/login").await.body.contains("Aanmelden"));
    // The switch sets a cookie that wins over the browser.
    let res = b
        .submit("/login", "/language", &[("lang", "fr"), ("next", "/login")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(b.get("/login").await.body.contains("lang=\"fr\""));
    // A logged-in user's saved preference wins over everything.
    b.login("manager-b1@test").await;
    let home = b.get("/").await;
    assert!(
        home.body.contains("<html lang=\"nl\""),
        "manager-b1 works in Dutch"
    );
}

#[tokio::test]
async fn the_start_form_suggests_a_year_it_accepts_or_is_not_offered() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let site = format!("/sites/{}", app.seed.site_a1);
    let this_year = time::OffsetDateTime::now_utc().year();
    let form = format!("action=\"{site}/assessments\"");
    for year in [this_year, this_year + 1] {
        let page = b.get(&site).await;
        assert!(page.body.contains(&form), "a year is left to start");
        assert!(
            page.body.contains(&format!("value=\"{year}\"")),
            "{year} is suggested"
        );
        let res = b
            .submit(
                &site,
                &format!("{site}/assessments"),
                &[("year", &year.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{year}: {}", res.body);
    }
    // Next year has its assessment: the form would only suggest a refused year.
    let page = b.get(&site).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&form), "no year left to start");
}

#[tokio::test]
async fn a_manager_fills_in_the_checklist_through_the_forms() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let site = format!("/sites/{}", app.seed.site_a1);

    let res = b
        .submit(&site, &format!("{site}/assessments"), &[("year", "1890")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("value=\"1890\""),
        "what was typed is kept"
    );
    assert!(res.body.contains("aria-describedby=\"year-error\""));

    let res = b
        .submit(&site, &format!("{site}/assessments"), &[("year", "2026")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let overview = res.location.unwrap();
    let page = b.get(&overview).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Politique et procédures"),
        "French for this manager"
    );

    let id: i64 = overview.rsplit('/').next().unwrap().parse().unwrap();
    let criteria = app.state.criteria.current().clone();
    for c in &criteria.criteria {
        let path = format!("/assessments/{id}/criteria/{}", c.id);
        let mut fields: Vec<(String, String)> = Vec::new();
        for item in &c.items {
            fields.push((format!("answer_{}", item.key), "yes".into()));
            fields.push((format!("comment_{}", item.key), format!("ok {}", item.key)));
        }
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let res = b.submit(&path, &path, &refs).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let (_, json) = {
        let token = app.login("manager-a1@test").await;
        app.get(&format!("/api/v1/assessments/{id}"), &token).await
    };
    assert_eq!(json["progress"], 100);
    assert_eq!(json["answers"]["2.1"]["comment"], "ok 2.1");

    let res = b
        .submit(&overview, &format!("/assessments/{id}/submit"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = b.get(&format!("/assessments/{id}/criteria/policy")).await;
    assert!(
        page.body.contains("disabled"),
        "a submitted checklist is read-only"
    );
    let res = b
        .submit(
            &format!("/assessments/{id}/criteria/policy"),
            &format!("/assessments/{id}/criteria/policy"),
            &[("answer_1.1", "no")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_invalid_item_saves_nothing_and_keeps_every_input() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let path = format!("/assessments/{id}/criteria/policy");
    let res = b
        .submit(
            &path,
            &path,
            &[
                ("answer_1.1", "yes"),
                ("comment_1.1", "notre politique"),
                ("answer_1.2", "not_applicable"),
                ("comment_1.3", "comment without an answer"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("notre politique"));
    assert!(res.body.contains("comment without an answer"));
    assert!(res.body.contains("aria-describedby=\"error-1-2\""));
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["answers"], serde_json::json!({}), "all or nothing");
}

#[tokio::test]
async fn carried_answers_stay_to_confirm_until_confirmed_in_the_form() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    app.complete_assessment(&token, app.seed.site_a1, 2025)
        .await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let path = format!("/assessments/{id}/criteria/policy");
    let page = b.get(&path).await;
    assert!(page.body.contains("name=\"confirm_1.1\""));
    b.submit(
        &path,
        &path,
        &[
            ("answer_1.1", "yes"),
            ("answer_1.2", "yes"),
            ("confirm_1.2", "1"),
            ("answer_1.3", "no"),
        ],
    )
    .await;
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(
        a["answers"]["1.1"]["to_confirm"], true,
        "unchanged and not confirmed"
    );
    assert_eq!(a["answers"]["1.2"]["to_confirm"], false, "confirmed");
    assert_eq!(a["answers"]["1.3"]["to_confirm"], false, "changed");
    assert_eq!(a["answers"]["1.3"]["answer"], "no");
}

#[tokio::test]
async fn other_peoples_pages_are_not_found() {
    let app = TestApp::new().await;
    let token = app.login("manager-b1@test").await;
    let theirs = app
        .complete_assessment(&token, app.seed.site_b1, 2026)
        .await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    for path in [
        format!("/sites/{}", app.seed.site_b1),
        format!("/sites/{}", app.seed.site_a2),
        format!("/assessments/{theirs}"),
        format!("/assessments/{theirs}/criteria/policy"),
    ] {
        assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(b.get("/org").await.status, StatusCode::FORBIDDEN);
    let home = b.get("/").await;
    assert!(home.body.contains("Hôtel Alpha Namur"));
    assert!(!home.body.contains("Beta Antwerpen"));
    assert!(!home.body.contains("Hotel Alpha Brugge"));
}

#[tokio::test]
async fn company_admin_adds_a_site_and_sees_errors_next_to_fields() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let unit = app.seed.unit_a.to_string();
    let res = b
        .submit(
            "/org",
            "/org/sites",
            &[
                ("parent", &unit),
                ("name", "Hôtel Alpha Liège"),
                ("city", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("value=\"Hôtel Alpha Liège\""));
    assert!(res.body.contains(&format!("site-city-error-{unit}")));
    let res = b
        .submit(
            "/org",
            "/org/sites",
            &[
                ("parent", &unit),
                ("name", "Hôtel Alpha Liège"),
                ("city", "Liège"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(b.get("/org").await.body.contains("Hôtel Alpha Liège"));
    let other = app.seed.unit_b.to_string();
    let res = b
        .submit(
            "/org",
            "/org/sites",
            &[("parent", &other), ("name", "Sneaky"), ("city", "Gent")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn names_are_escaped_in_pages() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (_, site) = app
        .post(
            &format!("/api/v1/units/{}/sites", app.seed.unit_a),
            &admin,
            serde_json::json!({ "name": "<script>alert(1)</script>", "city": "Namur" }),
        )
        .await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let page = b.get(&format!("/sites/{}", site["id"])).await;
    assert!(!page.body.contains("<script>alert(1)</script>"));
    assert!(page.body.contains("alert(1)"), "shown as text");
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = TestApp::new().await;
    for path in [
        "/login",
        "/api/v1/sites",
        "/no-such-page",
        "/static/app.css",
    ] {
        let res = app
            .send(
                axum::http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("referrer-policy"), "{path}");
        assert!(
            !h.contains_key("strict-transport-security"),
            "no HSTS over plain http"
        );
    }
}

#[tokio::test]
async fn https_deployments_get_hsts_and_secure_cookies() {
    let app = TestApp::new().await;
    let mut settings = (*app.state.settings).clone();
    settings.public_url = "https://codecheck.example.org".into();
    let state = codecheck::AppState {
        settings: std::sync::Arc::new(settings),
        ..app.state.clone()
    };
    let router = codecheck::app(state);
    use tower::ServiceExt;
    let res = router
        .oneshot(
            axum::http::Request::get("/login")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(res.headers().contains_key("strict-transport-security"));
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn the_checklist_script_saves_in_the_background() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    b.extra_header = Some(("x-autosave", "1"));
    let path = format!("/assessments/{id}/criteria/policy");
    let res = b.submit(&path, &path, &[("answer_1.1", "yes")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The answer back is the criterion's new figures, in the manager's words, for the page.
    let figures: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(figures["answered"], 1);
    assert_eq!(figures["total"], 6);
    assert_eq!(figures["compliant"], false);
    assert!(
        figures["answered_text"].as_str().unwrap().ends_with("/ 6"),
        "{figures}"
    );
    let res = b.submit(&path, &path, &[("answer_1.2", "never")]).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "errors still come back"
    );
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["answers"]["1.1"]["answer"], "yes");
    assert!(a["answers"].get("1.2").is_none());
}

#[tokio::test]
async fn computed_items_show_their_figures_and_preselect_the_proposal() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let today = time::OffsetDateTime::now_utc().date();
    let body = format!(
        "employee_ref;job_role;start_date;module;completed_on;delivery\nR1;reception;2020-01-01;ecpat_basic;{};elearning\n",
        today - time::Duration::days(5)
    );
    let req = axum::http::Request::post(format!(
        "/api/v1/sites/{}/training-records/import",
        app.seed.site_a1
    ))
    .header("authorization", format!("Bearer {token}"))
    .header("content-type", "text/csv")
    .body(axum::body::Body::from(body))
    .unwrap();
    assert_eq!(app.send(req).await.status(), StatusCode::OK);
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let page = b.get(&format!("/assessments/{id}/criteria/training")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("class=\"figures\""), "figures shown");
    assert!(page.body.contains("1 sur 1"), "in French: {}", page.body);
    assert!(
        page.body
            .contains("name=\"answer_2.1\" value=\"yes\" checked"),
        "the proposed answer is preselected"
    );
    let training = b
        .get(&format!("/sites/{}/training", app.seed.site_a1))
        .await;
    assert_eq!(training.status, StatusCode::OK);
    assert!(training.body.contains("R1"));
}

/// The cells of the training page's row for `module` and `role`: trained, required.
fn module_role_cells(html: &str, module: &str, role: &str) -> (String, String) {
    let marker = format!("data-module=\"{module}\" data-role=\"{role}\">");
    let start = html.find(&marker).expect("the module and role row") + marker.len();
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    let cells: Vec<String> = row
        .split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap().to_owned())
        .collect();
    (cells[1].clone(), cells[2].clone())
}

#[tokio::test]
async fn a_computed_item_and_the_training_page_show_the_same_figures() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let today = time::OffsetDateTime::now_utc().date();
    let recent = today - time::Duration::days(5);
    let expired = today - time::Duration::days(3 * 365);
    // M1 took the basic module (and not the managers' one), M2's basic expired, M3 took
    // only the managers' module: item 2.4 (basic, management) counts M1 alone.
    let body = format!(
        "employee_ref;job_role;start_date;module;completed_on;delivery\n\
         M1;management;2020-01-01;ecpat_basic;{recent};classroom\n\
         M2;management;2020-01-01;ecpat_basic;{expired};classroom\n\
         M3;management;2020-01-01;ecpat_management;{recent};classroom\n"
    );
    let req = axum::http::Request::post(format!(
        "/api/v1/sites/{}/training-records/import",
        app.seed.site_a1
    ))
    .header("authorization", format!("Bearer {token}"))
    .header("content-type", "text/csv")
    .body(axum::body::Body::from(body))
    .unwrap();
    assert_eq!(app.send(req).await.status(), StatusCode::OK);
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["computed"]["2.4"]["trained"], 1, "{a}");
    assert_eq!(a["computed"]["2.4"]["required"], 3);

    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let page = b.get(&format!("/assessments/{id}/criteria/training")).await;
    assert_eq!(page.status, StatusCode::OK);
    let item = &page.body[page.body.find("id=\"item-2-4\"").expect("item 2.4")..];
    let figures = &item[item.find("class=\"figures\"").unwrap()..];
    assert!(figures.contains(" 1 sur 3 "), "{}", &figures[..200]);
    assert!(figures.contains("(33,3 %)"), "{}", &figures[..200]);

    let training = b
        .get(&format!("/sites/{}/training", app.seed.site_a1))
        .await;
    assert_eq!(training.status, StatusCode::OK);
    assert_eq!(
        module_role_cells(&training.body, "ecpat_basic", "management"),
        ("1".to_owned(), "3".to_owned()),
        "the training page shows the item's figure for its module and role"
    );
    // M1 is trained on the item's module: the staff list names the module M1 lacks.
    let m1 = &training.body[training.body.find("<td>M1</td>").unwrap()..];
    let m1 = &m1[..m1.find("</tr>").unwrap()];
    assert!(m1.contains("Managers : gérer un cas suspect"), "{m1}");
    assert!(!m1.contains("Formation de base"), "{m1}");
}

#[tokio::test]
async fn a_manager_imports_a_spreadsheet_after_a_preview() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let training = format!("/sites/{}/training", app.seed.site_a1);
    let import = format!("{training}/import");
    let bad = b"employee_ref;job_role;start_date\nE1;pilote;2020-01-01\n";
    let res = b
        .upload(&training, &import, &[], ("file", "staff.csv", bad))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("pilote"), "the bad value is named");
    assert!(
        !res.body.contains("name=\"token\""),
        "no confirmation for a bad file"
    );

    let good =
        b"employee_ref;job_role;start_date\nE1;reception;2020-01-01\nE2;Direction;2021-01-01\n";
    let res = b
        .upload(&training, &import, &[], ("file", "staff.csv", good))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let token = {
        let marker = "name=\"token\" value=\"";
        let start = res.body.find(marker).unwrap() + marker.len();
        res.body[start..start + res.body[start..].find('"').unwrap()].to_owned()
    };
    let (_, staff) = {
        let t = app.login("manager-a1@test").await;
        app.get(&format!("/api/v1/sites/{}/staff", app.seed.site_a1), &t)
            .await
    };
    assert_eq!(
        staff["staff"].as_array().unwrap().len(),
        0,
        "nothing before confirmation"
    );

    // Another user cannot confirm someone else's upload.
    let mut other = Browser::new(&app);
    other.login("company-a@test").await;
    let res = other
        .submit(
            &training,
            &format!("{import}/confirm"),
            &[("token", &token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let res = b
        .submit(
            &training,
            &format!("{import}/confirm"),
            &[("token", &token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = b.get(&training).await;
    assert!(page.body.contains("E2"));
    let res = b
        .submit(
            &training,
            &format!("{import}/confirm"),
            &[("token", &token)],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "a preview is confirmed once"
    );

    let res = b
        .upload("", &import, &[], ("file", "staff.csv", good))
        .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "an upload without the form token"
    );
}

#[tokio::test]
async fn evidence_is_uploaded_from_its_page_and_shown_on_the_item() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    // The checklist item links here with its assessment, so the page can link back.
    let item = b.get(&format!("/assessments/{id}/criteria/policy")).await;
    let page = format!(
        "/sites/{}/evidence?item=1.1&assessment={id}",
        app.seed.site_a1
    );
    assert!(
        item.body.contains(&page.replace('&', "&amp;")),
        "{}",
        item.body
    );
    let back = format!("href=\"/assessments/{id}/criteria/policy\"");
    assert!(
        b.get(&page).await.body.contains(&back),
        "a link back before uploading"
    );
    let action = format!("/sites/{}/evidence", app.seed.site_a1);
    let exe: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
    let res = b
        .upload(
            &page,
            &action,
            &[
                ("item_keys", "1.1"),
                ("valid_until", "2027-01-31"),
                ("assessment", &id.to_string()),
            ],
            ("file", "policy.pdf", exe),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("upload-errors"));
    assert!(
        res.body.contains("value=\"1.1\" checked"),
        "the chosen item stays ticked"
    );
    assert!(
        res.body.contains("value=\"2027-01-31\""),
        "the typed validity date stays"
    );
    assert!(res.body.contains(&back), "the link back stays");
    let pdf: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\ntrailer<<>>\n%%EOF\n";
    let res = b
        .upload(
            &page,
            &action,
            &[
                ("item_keys", "1.1"),
                ("valid_until", "2020-06-30"),
                ("assessment", &id.to_string()),
            ],
            ("file", "politique.pdf", pdf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let done = b.get(res.location.as_deref().unwrap()).await;
    assert!(done.body.contains("alert ok"), "{}", done.body);
    assert!(
        done.body.contains(&back),
        "a link back to the item after uploading"
    );
    let item = b.get(&format!("/assessments/{id}/criteria/policy")).await;
    assert!(item.body.contains("politique.pdf"));
    assert!(
        item.body.contains("Expiré"),
        "expired evidence is flagged on the checklist"
    );
}

#[tokio::test]
async fn auditors_have_a_queue_page_and_others_do_not() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&token, app.seed.site_a1, 2026)
        .await;
    app.submit(&token, id).await;
    let mut b = Browser::new(&app);
    b.login("auditor-a@test").await;
    let home = b.get("/").await;
    assert!(
        home.body.contains("href=\"/reviews\""),
        "the queue is in the navigation"
    );
    let queue = b.get("/reviews").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains(&format!("/assessments/{id}")));
    assert!(queue.body.contains("Hôtel Alpha Namur"));
    let filtered = b.get("/reviews?country=NL").await;
    assert!(!filtered.body.contains(&format!("/assessments/{id}\"")));
    assert_eq!(
        b.get("/reviews?min_waiting_days=soon").await.status,
        StatusCode::BAD_REQUEST
    );

    let mut m = Browser::new(&app);
    m.login("manager-a1@test").await;
    assert!(!m.get("/").await.body.contains("href=\"/reviews\""));
    assert_eq!(m.get("/reviews").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn home_page_lists_sites_fifty_at_a_time_and_finds_them_by_name() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let unit = store.node(app.seed.unit_a).await.unwrap().unwrap();
    let name = |s: &str| codecheck::domain::NodeName::parse(s).unwrap();
    for n in 0..55 {
        store
            .create_site(&unit, &name(&format!("Gamma {n:02}")), &name("Gent"))
            .await
            .unwrap();
    }
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let first = b.get("/").await;
    assert_eq!(first.status, StatusCode::OK);
    // Company A has 57 sites: 50 on the first page, by name, with a search box and a next link.
    assert_eq!(table_rows(&first.body), 50);
    assert!(first.body.contains("Gamma 00") && !first.body.contains("Hôtel Alpha Namur"));
    assert!(first.body.contains("type=\"search\""));
    assert!(
        !first.body.contains("Beta Antwerpen"),
        "another company's site"
    );
    let next = first
        .body
        .split("rel=\"next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .map(|href| href.trim_end_matches("\" ").replace("&amp;", "&"))
        .expect("a link to the next page");
    let second = b.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(table_rows(&second.body), 7);
    assert!(second.body.contains("Hôtel Alpha Namur") && second.body.contains("Gamma 54"));
    assert!(!second.body.contains("Gamma 49<"), "no site twice");
    assert!(!second.body.contains("rel=\"next\""), "the last page");

    // The search keeps what was typed and matches inside names, whatever the case.
    let found = b.get("/?q=alpha%20BRUGGE").await;
    assert!(found.body.contains("Hotel Alpha Brugge"));
    assert_eq!(table_rows(&found.body), 1);
    assert!(found.body.contains("value=\"alpha BRUGGE\""));
    let none = b.get("/?q=%25").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(
        none.body.contains("class=\"empty\""),
        "% is a character, not a wildcard"
    );
    // An edited cursor starts again from the first page instead of failing.
    let forged = b.get("/?cursor=not-a-cursor").await;
    assert_eq!(forged.status, StatusCode::OK);
    assert!(forged.body.contains("Gamma 00"));

    // A site manager sees their one site and no search box.
    let mut m = Browser::new(&app);
    m.login("manager-a1@test").await;
    let mine = m.get("/").await;
    assert_eq!(table_rows(&mine.body), 1);
    assert!(!mine.body.contains("type=\"search\""));
}

#[tokio::test]
async fn the_new_user_form_starts_on_the_least_powerful_role() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("admin@test").await;
    let org = b.get("/org").await;
    let select = org
        .body
        .split("id=\"user-role\"")
        .nth(1)
        .expect("the role field");
    let first = select.split("<option value=\"").nth(1).unwrap();
    assert!(first.starts_with("site_manager\""), "{first}");
    assert!(
        select.find("\"admin\"").unwrap() > select.find("\"auditor\"").unwrap(),
        "the platform admin comes last"
    );
}

/// Rows in the body of the page's table (its header row left out).
fn table_rows(html: &str) -> usize {
    html.matches("<tr>").count().saturating_sub(1)
}

/// The site links of the `/org` tree (not the sites of the new user's scope field).
fn org_site_links(html: &str) -> Vec<String> {
    html.split("<li><a href=\"/sites/")
        .skip(1)
        .filter_map(|rest| rest.split_once('>').and_then(|(_, r)| r.split_once('<')))
        .map(|(name, _)| name.to_owned())
        .collect()
}

fn next_link(html: &str) -> Option<String> {
    html.split_once("rel=\"next\"").and_then(|(before, _)| {
        before.rsplit("href=\"").next().map(|href| {
            href.trim_end_matches("\" ")
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
    })
}

#[tokio::test]
async fn org_page_shows_the_tree_a_page_at_a_time_and_keeps_the_search_across_pages() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let unit = store.node(app.seed.unit_a).await.unwrap().unwrap();
    let name = |s: &str| codecheck::domain::NodeName::parse(s).unwrap();
    for n in 0..120 {
        let city = if n % 2 == 0 { "Gent" } else { "Namur" };
        store
            .create_site(&unit, &name(&format!("Gamma {n:03}")), &name(city))
            .await
            .unwrap();
    }
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    // 122 sites of company A, 50 lines a page: every site once, in order, over three pages.
    let mut seen = Vec::new();
    let mut path = Some("/org".to_owned());
    let mut pages = 0;
    while let Some(p) = path {
        let page = b.get(&p).await;
        assert_eq!(page.status, StatusCode::OK, "{p}");
        let links = org_site_links(&page.body);
        assert!(links.len() <= 50, "{p}: {} sites on one page", links.len());
        assert!(
            page.body.contains("action=\"/org/sites\""),
            "the forms on every page"
        );
        if pages > 0 {
            assert!(
                page.body.contains("href=\"/org\""),
                "a link back to the first page"
            );
        }
        seen.extend(links);
        path = next_link(&page.body);
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 122);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), 122, "no site twice");
    assert!(seen.iter().any(|s| s == "Gamma 119") && seen.iter().any(|s| s == "Hôtel Alpha Namur"));
    assert!(
        !seen.iter().any(|s| s.contains("Beta")),
        "another company's site"
    );

    // The search (by city here) is kept in the next page's link; 60 matches, two pages.
    let first = b.get("/org?q=gent").await;
    assert!(first.body.contains("value=\"gent\""));
    let links = org_site_links(&first.body);
    assert_eq!(links.len(), 50);
    assert!(links.iter().all(|s| s.starts_with("Gamma ")), "{links:?}");
    let next = next_link(&first.body).expect("a second page of results");
    assert!(next.contains("q=gent"), "{next}");
    let second = b.get(&next).await;
    assert_eq!(org_site_links(&second.body).len(), 10, "{next}");
    assert!(
        second.body.contains("href=\"/org?q=gent\""),
        "first page keeps the search"
    );
    assert!(next_link(&second.body).is_none());
    // A cursor edited by hand starts again from the first page instead of failing.
    let edited = b.get("/org?cursor=bogus").await;
    assert_eq!(edited.status, StatusCode::OK);
    assert_eq!(org_site_links(&edited.body).len(), 50);
    let none = b.get("/org?q=nowhere").await;
    assert!(org_site_links(&none.body).is_empty());
    assert!(none.body.contains("No site matches this search."));
}

#[tokio::test]
async fn the_favicon_is_served() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    let login = b.get("/login").await;
    assert!(
        login
            .body
            .contains("rel=\"icon\" href=\"/static/favicon.svg\"")
    );
    for path in ["/favicon.ico", "/static/favicon.svg"] {
        let res = b.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(res.body.starts_with("<svg"), "{path}");
    }
}

/// The part of `html` for the checklist item `key` (its fieldset).
fn item_part<'a>(html: &'a str, key: &str) -> &'a str {
    let marker = format!("id=\"item-{}\"", key.replace('.', "-"));
    let start = html.find(&marker).expect("the item");
    let rest = &html[start..];
    &rest[..rest.find("</fieldset>").unwrap()]
}

#[tokio::test]
async fn a_yes_without_valid_evidence_is_flagged_on_the_checklist() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&token, app.seed.site_a1, 2026)
        .await;
    let yesterday = time::OffsetDateTime::now_utc().date() - time::Duration::days(1);
    let today = time::OffsetDateTime::now_utc().date();
    let pdf = b"%PDF-1.4\n%%EOF\n";
    for (key, until) in [("1.1", yesterday), ("1.5", today)] {
        let (status, body) = common::upload(
            &app,
            &token,
            app.seed.site_a1,
            &format!("{key}.pdf"),
            pdf,
            &[("item_keys", key), ("valid_until", &until.to_string())],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let page = b.get(&format!("/assessments/{id}/criteria/policy")).await;
    let expired = item_part(&page.body, "1.1");
    assert!(expired.contains("class=\"lacking-evidence\""), "{expired}");
    assert!(
        expired.contains("Justificatif manquant")
            && expired.contains("tous les fichiers joints ont dépassé leur date de validité"),
        "in words, not only a colour: {expired}"
    );
    let missing = item_part(&page.body, "1.2");
    assert!(
        missing.contains("la procédure du site manque"),
        "no file and no procedure: {missing}"
    );
    assert!(
        !item_part(&page.body, "1.5").contains("lacking-evidence"),
        "a file valid through today is evidence"
    );
    assert!(
        !item_part(&page.body, "1.4").contains("lacking-evidence"),
        "1.4 asks for no evidence"
    );
}

#[tokio::test]
async fn submitting_goes_through_a_confirmation_page() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    app.complete_assessment(&token, app.seed.site_a1, 2025)
        .await;
    // 2026 starts from 2025's answers, all to confirm.
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let overview = format!("/assessments/{id}");
    let confirm = format!("/assessments/{id}/submit");
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let page = b.get(&overview).await;
    assert!(
        page.body
            .contains(&format!("<form method=\"get\" action=\"{confirm}\">")),
        "the checklist's Submit button opens the confirmation page"
    );

    let page = b.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("envoi fige l"), "what is frozen");
    let to_confirm = &page.body[page
        .body
        .find("id=\"submit-to-confirm\"")
        .expect("to confirm")..];
    assert!(
        to_confirm.contains(&format!(
            "href=\"/assessments/{id}/criteria/policy#item-1-1\""
        )),
        "each carried item links to itself"
    );
    assert!(
        page.body
            .contains("type=\"submit\" class=\"primary\" disabled"),
        "carried answers must be confirmed first"
    );

    // Confirm every answer again (yes): nothing carried, only the lacking evidence is left.
    for key in app.item_keys() {
        app.answer(&token, id, &key, serde_json::json!({ "answer": "yes" }))
            .await;
    }
    let page = b.get(&confirm).await;
    assert!(page.body.contains("attend de confirmation."));
    let lacking = &page.body[page
        .body
        .find("id=\"submit-lacking\"")
        .expect("lacking list")..];
    let lacking = &lacking[..lacking.find("</ul>").unwrap()];
    assert!(
        lacking.contains(&format!(
            "href=\"/assessments/{id}/criteria/policy#item-1-1\""
        )),
        "{lacking}"
    );
    assert!(
        !lacking.contains("#item-1-4\""),
        "1.4 asks for no evidence: {lacking}"
    );
    assert!(
        !page.body.contains("class=\"primary\" disabled"),
        "lacking evidence warns, it does not block"
    );

    // Refusals: no CSRF token, another company's manager, an auditor who may only read.
    let res = b.post_raw(&confirm, &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "no CSRF token");
    let mut other = Browser::new(&app);
    other.login("manager-b1@test").await;
    assert_eq!(other.get(&confirm).await.status, StatusCode::NOT_FOUND);
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    assert_eq!(auditor.get(&confirm).await.status, StatusCode::FORBIDDEN);
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["status"], "draft", "nothing submitted yet");

    let res = b.submit(&confirm, &confirm, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        res.location.as_deref(),
        Some(&*format!("{overview}?submitted=1"))
    );
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["status"], "submitted");

    // Once submitted there is nothing left to confirm or submit.
    assert_eq!(b.get(&confirm).await.status, StatusCode::CONFLICT);
    let res = b.submit(&overview, &confirm, &[]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
}
