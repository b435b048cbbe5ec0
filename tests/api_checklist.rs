//! The checklist through the API: criteria, assessments, answers, submission, carry-over,
//! and every refusal between sites and companies.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::json;

#[tokio::test]
async fn criteria_are_served_in_the_asked_language() {
    let app = TestApp::new().await;
    let token = app.login("admin@test").await;
    let (status, fr) = app.get("/api/v1/criteria?lang=fr", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fr["version"], "2026.1");
    let criteria = fr["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 6);
    assert_eq!(criteria[0]["id"], "policy");
    assert_eq!(criteria[0]["number"], 1);
    assert_eq!(criteria[0]["title"], "Politique et procédures");
    let item = &criteria[1]["items"][0];
    assert_eq!(item["key"], "2.1");
    assert!(item["text"].as_str().unwrap().len() > 10);
    assert!(item["mandatory"].is_boolean());
    assert!(item["weight"].as_f64().unwrap() > 0.0);

    let (_, nl) = app.get("/api/v1/criteria?lang=nl", &token).await;
    assert_eq!(nl["criteria"][0]["title"], "Beleid en procedures");
    let (_, en) = app.get("/api/v1/criteria?lang=en", &token).await;
    assert_eq!(en["criteria"][0]["title"], "Policy and procedures");

    let (status, err) = app.get("/api/v1/criteria?lang=xx", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
}

#[tokio::test]
async fn site_manager_starts_an_assessment() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let (status, a) = app
        .post(
            &format!("/api/v1/sites/{}/assessments", app.seed.site_a1),
            &token,
            json!({ "year": 2026 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    assert!(a["id"].is_i64());
    assert_eq!(a["site_id"], app.seed.site_a1);
    assert_eq!(a["year"], 2026);
    assert_eq!(a["status"], "draft");
    assert_eq!(a["criteria_version"], "2026.1");
    assert_eq!(a["progress"], 0);
    let criteria = a["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 6);
    for c in criteria {
        assert!(c["id"].is_string());
        assert_eq!(c["compliant"], false);
        assert_eq!(c["score"], 0.0);
    }

    let (status, err) = app
        .post(
            &format!("/api/v1/sites/{}/assessments", app.seed.site_a1),
            &token,
            json!({ "year": 2026 }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "one assessment per site and year"
    );
    assert_eq!(err["error"]["code"], "conflict");
    // The manager works in French: the message is French.
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("évaluation"),
        "{err}"
    );
}

#[tokio::test]
async fn years_outside_a_sane_range_are_refused() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let path = format!("/api/v1/sites/{}/assessments", app.seed.site_a1);
    for year in [json!(1999), json!(3000), json!(-5), json!(null)] {
        let (status, err) = app.post(&path, &token, json!({ "year": year })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{year}: {err}");
        assert_eq!(err["error"]["field"], "year");
    }
    let (status, _) = app.post(&path, &token, json!({ "year": "2026" })).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a string is not a year"
    );
    let (_, sites) = app
        .get(&format!("/api/v1/sites/{}", app.seed.site_a1), &token)
        .await;
    assert_eq!(
        sites["assessments"].as_array().unwrap().len(),
        0,
        "nothing was created"
    );
}

#[tokio::test]
async fn answers_are_saved_and_scored() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let criterion = app.state.criteria.current().criteria[0].clone();
    for item in &criterion.items {
        let (status, body) = app
            .answer(
                &token,
                id,
                &item.key,
                json!({ "answer": "yes", "comment": "Politique signée le 3 mars" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["criteria"][0]["compliant"], true);
    assert_eq!(a["criteria"][0]["score"], 100.0);
    assert_eq!(a["criteria"][1]["compliant"], false);
    let total = app.item_keys().len();
    assert_eq!(a["progress"], (criterion.items.len() * 100 / total) as u64);
    assert_eq!(a["answers"]["1.1"]["answer"], "yes");
    assert_eq!(a["answers"]["1.1"]["comment"], "Politique signée le 3 mars");

    // Changing an answer changes the score.
    let (_, a) = app
        .answer(&token, id, "1.1", json!({ "answer": "no" }))
        .await;
    assert_eq!(
        a["criteria"][0]["compliant"], false,
        "a mandatory item answered no"
    );
    assert!(a["criteria"][0]["score"].as_f64().unwrap() < 100.0);
}

#[tokio::test]
async fn bad_answers_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let put = |key: &str, body: serde_json::Value| {
        let path = format!("/api/v1/assessments/{id}/answers/{key}");
        let app = &app;
        let token = token.clone();
        async move { app.put(&path, &token, body).await }
    };
    let (status, _) = put("9.9", json!({ "answer": "yes" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "unknown item key");
    let (status, err) = put("1.1", json!({ "answer": "maybe" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "answer");
    let (status, _) = put("1.1", json!({ "answer": "not_applicable" })).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "1.1 does not allow n/a"
    );
    let (status, _) = put("1.1", json!({ "comment": "no answer" })).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "answer is required"
    );
    let (status, _) = put(
        "1.1",
        json!({ "answer": "yes", "comment": "x".repeat(5000) }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "comment too long");
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["answers"], json!({}), "nothing was saved");
    assert_eq!(a["progress"], 0);
}

#[tokio::test]
async fn not_applicable_is_accepted_where_the_criteria_allow_it() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let item = app
        .state
        .criteria
        .current()
        .items()
        .find(|i| i.not_applicable_allowed)
        .expect("the criteria have an item that allows n/a")
        .key
        .clone();
    let (status, a) = app
        .answer(&token, id, &item, json!({ "answer": "not_applicable" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["answers"][&item]["answer"], "not_applicable");
}

#[tokio::test]
async fn submit_needs_every_item_then_freezes_the_answers() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let keys = app.item_keys();
    for key in &keys[1..] {
        app.answer(&token, id, key, json!({ "answer": "yes" }))
            .await;
    }
    let (status, err) = app.submit(&token, id).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "incomplete");
    assert_eq!(err["error"]["missing_items"], json!([keys[0]]));
    assert!(err["error"]["message"].as_str().unwrap().contains(&keys[0]));

    app.answer(&token, id, &keys[0], json!({ "answer": "partial" }))
        .await;
    let (status, a) = app.submit(&token, id).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["status"], "submitted");
    assert_eq!(a["progress"], 100);

    let (status, err) = app
        .answer(&token, id, &keys[0], json!({ "answer": "yes" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let (status, _) = app.submit(&token, id).await;
    assert_eq!(status, StatusCode::CONFLICT, "submitting twice");

    // Not even the admin, nor the database itself, changes a submitted answer.
    let err = app
        .state
        .store
        .put_answer(
            id,
            app.state.criteria.current(),
            &keys[0],
            codecheck::domain::Answer::Yes,
            "",
            1,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, codecheck::error::Error::Conflict(_)));
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["answers"][&keys[0]]["answer"], "partial");
}

#[tokio::test]
async fn next_year_starts_from_last_years_answers_to_confirm() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let first = app
        .complete_assessment(&token, app.seed.site_a1, 2025)
        .await;
    app.answer(
        &token,
        first,
        "1.2",
        json!({ "answer": "partial", "comment": "affiche à refaire" }),
    )
    .await;

    let (status, next) = app
        .post(
            &format!("/api/v1/sites/{}/assessments", app.seed.site_a1),
            &token,
            json!({ "year": 2026 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = next["id"].as_i64().unwrap();
    assert_eq!(next["carried_from"], first);
    assert_eq!(next["answers"]["1.2"]["answer"], "partial");
    assert_eq!(next["answers"]["1.2"]["comment"], "affiche à refaire");
    assert_eq!(next["answers"]["1.2"]["to_confirm"], true);
    assert_eq!(next["progress"], 0, "answers to confirm do not count yet");
    assert_eq!(next["to_confirm"], app.item_keys().len());

    let (status, err) = app.submit(&token, id).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "all still to confirm: {err}"
    );

    // Answering an item confirms it.
    let (_, a) = app
        .answer(&token, id, "1.2", json!({ "answer": "yes" }))
        .await;
    assert_eq!(a["answers"]["1.2"]["to_confirm"], false);
    assert_eq!(a["answered"], 1);
    // Last year's assessment is untouched.
    let (_, old) = app
        .get(&format!("/api/v1/assessments/{first}"), &token)
        .await;
    assert_eq!(old["answers"]["1.2"]["answer"], "partial");
}

/// Every route touching `site` or `assessment` answers 404 to `token`, and nothing changes.
async fn assert_out_of_reach(app: &TestApp, token: &str, site: i64, assessment: i64) {
    let before = app.state.store.answers(assessment).await.unwrap();
    let routes = [
        ("GET", format!("/api/v1/sites/{site}"), None),
        ("GET", format!("/api/v1/sites/{site}/assessments"), None),
        (
            "POST",
            format!("/api/v1/sites/{site}/assessments"),
            Some(json!({ "year": 2025 })),
        ),
        ("GET", format!("/api/v1/assessments/{assessment}"), None),
        (
            "PUT",
            format!("/api/v1/assessments/{assessment}/answers/1.1"),
            Some(json!({ "answer": "no" })),
        ),
        (
            "POST",
            format!("/api/v1/assessments/{assessment}/submit"),
            None,
        ),
    ];
    for (method, path, body) in routes {
        let (status, err) = app.api(method, &path, Some(token), body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {err}");
    }
    assert_eq!(app.state.store.answers(assessment).await.unwrap(), before);
    let (_, site_json) = app.get(&format!("/api/v1/sites/{site}"), token).await;
    assert!(site_json.get("name").is_none(), "nothing leaks");
}

#[tokio::test]
async fn site_manager_cannot_reach_another_company() {
    let app = TestApp::new().await;
    let b = app.login("manager-b1@test").await;
    let theirs = app.complete_assessment(&b, app.seed.site_b1, 2026).await;
    let a = app.login("manager-a1@test").await;
    assert_out_of_reach(&app, &a, app.seed.site_b1, theirs).await;
    let (_, list) = app.get("/api/v1/sites", &a).await;
    let ids: Vec<i64> = list["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![app.seed.site_a1]);
}

#[tokio::test]
async fn site_manager_cannot_read_a_sibling_hotel() {
    let app = TestApp::new().await;
    let company = app.login("company-a@test").await;
    let sibling = app
        .complete_assessment(&company, app.seed.site_a2, 2026)
        .await;
    let manager = app.login("manager-a1@test").await;
    assert_out_of_reach(&app, &manager, app.seed.site_a2, sibling).await;
}

#[tokio::test]
async fn company_admin_cannot_reach_another_company() {
    let app = TestApp::new().await;
    let b = app.login("manager-b1@test").await;
    let theirs = app.complete_assessment(&b, app.seed.site_b1, 2026).await;
    let company = app.login("company-a@test").await;
    assert_out_of_reach(&app, &company, app.seed.site_b1, theirs).await;
    let auditor = app.login("auditor-a@test").await;
    assert_out_of_reach(&app, &auditor, app.seed.site_b1, theirs).await;
}

#[tokio::test]
async fn company_admin_sees_all_their_sites_and_auditor_reads_without_answering() {
    let app = TestApp::new().await;
    let company = app.login("company-a@test").await;
    let (_, list) = app.get("/api/v1/sites", &company).await;
    assert_eq!(list["sites"].as_array().unwrap().len(), 2);
    let id = app
        .complete_assessment(&company, app.seed.site_a1, 2026)
        .await;

    let auditor = app.login("auditor-a@test").await;
    let (status, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert_eq!(status, StatusCode::OK, "{a}");
    let (status, _) = app
        .answer(&auditor, id, "1.1", json!({ "answer": "no" }))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "auditors judge, they do not answer"
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/sites/{}/assessments", app.seed.site_a2),
            &auditor,
            json!({ "year": 2026 }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, list) = app.get("/api/v1/sites", &auditor).await;
    assert_eq!(list["sites"].as_array().unwrap().len(), 2);
    let (status, _) = app
        .get(&format!("/api/v1/sites/{}", app.seed.site_b1), &auditor)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an auditor sees only assigned companies"
    );
}

#[tokio::test]
async fn non_numeric_and_unknown_ids_are_404() {
    let app = TestApp::new().await;
    let token = app.login("admin@test").await;
    for path in [
        "/api/v1/assessments/abc",
        "/api/v1/assessments/999999",
        "/api/v1/sites/-1",
    ] {
        let (status, body) = app.get(path, &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn concurrent_writes_wait_their_turn_and_one_submission_wins() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let keys = app.item_keys();
    let answers = keys.iter().map(|key| {
        let (app, token) = (&app, token.clone());
        async move {
            app.answer(&token, id, key, json!({ "answer": "yes" }))
                .await
                .0
        }
    });
    let statuses = futures::future::join_all(answers).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );

    let (a, b) = tokio::join!(app.submit(&token, id), app.submit(&token, id));
    let mut got = [a.0, b.0];
    got.sort();
    assert_eq!(
        got,
        [StatusCode::OK, StatusCode::CONFLICT],
        "exactly one submission"
    );
}
