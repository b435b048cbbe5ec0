//! The auditors' queue and their assignment to companies.

mod common;

use axum::http::StatusCode;
use common::{PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn auditors_see_the_submissions_of_their_companies_only() {
    let app = TestApp::new().await;
    let a = app.login("manager-a1@test").await;
    let b = app.login("manager-b1@test").await;
    let in_a = app.complete_assessment(&a, app.seed.site_a1, 2026).await;
    let in_b = app.complete_assessment(&b, app.seed.site_b1, 2026).await;
    app.submit(&a, in_a).await;
    app.submit(&b, in_b).await;
    let draft = app.start(&a, app.seed.site_a1, 2025).await;

    let auditor = app.login("auditor-a@test").await;
    let (status, q) = app.get("/api/v1/reviews?status=submitted", &auditor).await;
    assert_eq!(status, StatusCode::OK, "{q}");
    let ids: Vec<i64> = q["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["assessment_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![in_a]);
    assert_eq!(q["reviews"][0]["company"]["name"], "Alpha Hôtels");
    assert_eq!(q["reviews"][0]["waiting_days"], 0);

    let (_, none) = app
        .get("/api/v1/reviews?min_waiting_days=3", &auditor)
        .await;
    assert_eq!(none["reviews"], json!([]), "nothing waits three days yet");
    let (_, be) = app.get("/api/v1/reviews?country=be", &auditor).await;
    assert_eq!(be["reviews"].as_array().unwrap().len(), 1);
    let (_, other_unit) = app
        .get(
            &format!("/api/v1/reviews?unit_id={}", app.seed.unit_b),
            &auditor,
        )
        .await;
    assert_eq!(other_unit["reviews"], json!([]));
    assert_eq!(
        app.get("/api/v1/reviews?sort=random", &auditor).await.0,
        StatusCode::BAD_REQUEST
    );
    let (_, drafts) = app.get("/api/v1/reviews?status=draft", &auditor).await;
    assert_eq!(drafts["reviews"][0]["assessment_id"], draft);
    let (status, _) = app.get("/api/v1/reviews?status=bogus", &auditor).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let admin = app.login("admin@test").await;
    let (_, all) = app.get("/api/v1/reviews", &admin).await;
    assert_eq!(all["reviews"].as_array().unwrap().len(), 2);

    for who in ["manager-a1@test", "company-a@test"] {
        let t = app.login(who).await;
        assert_eq!(
            app.get("/api/v1/reviews", &t).await.0,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        app.api("GET", "/api/v1/reviews", None, None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_admin_assigns_auditors_to_companies() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (_, auditor) = app
        .post("/api/v1/users", &admin, json!({ "email": "eve@ecpat.test", "password": PASSWORD, "role": "auditor", "scope_id": null }))
        .await;
    let uid = auditor["id"].as_i64().unwrap();
    let path = format!("/api/v1/companies/{}/auditors", app.seed.company_b);
    let (status, body) = app.post(&path, &admin, json!({ "user_id": uid })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = app.post(&path, &admin, json!({ "user_id": uid })).await;
    assert_eq!(status, StatusCode::OK, "assigning twice changes nothing");

    let eve = app.login("eve@ecpat.test").await;
    let (_, sites) = app.get("/api/v1/sites", &eve).await;
    assert_eq!(sites["sites"][0]["id"], app.seed.site_b1);

    let manager = app.login("manager-a1@test").await;
    let manager_id = app.get("/api/v1/auth/me", &manager).await.1["id"]
        .as_i64()
        .unwrap();
    let (status, err) = app
        .post(&path, &admin, json!({ "user_id": manager_id }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "user_id");
    let (status, _) = app
        .post(
            "/api/v1/companies/999999/auditors",
            &admin,
            json!({ "user_id": uid }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let company_admin = app.login("company-a@test").await;
    let (status, _) = app
        .post(&path, &company_admin, json!({ "user_id": uid }))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the platform admin assigns auditors"
    );
}

#[tokio::test]
async fn one_auditor_takes_a_submission_and_the_other_is_told() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (_, second) = app
        .post("/api/v1/users", &admin, json!({ "email": "auditor2@test", "password": PASSWORD, "role": "auditor", "scope_id": app.seed.company_a }))
        .await;
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    let path = format!("/api/v1/assessments/{id}/take");
    let first = app.login("auditor-a@test").await;
    let other = app.login("auditor2@test").await;
    let (status, _) = app.api("POST", &path, Some(&first), None).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a draft is not waiting for review"
    );
    app.submit(&manager, id).await;
    let (status, _) = app.api("POST", &path, Some(&manager), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a manager does not review");

    let ((s1, _), (s2, _)) = tokio::join!(
        app.api("POST", &path, Some(&first), None),
        app.api("POST", &path, Some(&other), None)
    );
    let mut got = [s1, s2];
    got.sort();
    assert_eq!(got, [StatusCode::OK, StatusCode::CONFLICT]);
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(a["status"], "in_review");
    let first_id = app.get("/api/v1/auth/me", &first).await.1["id"].clone();
    let winner = if s1 == StatusCode::OK {
        first_id
    } else {
        second["id"].clone()
    };
    assert_eq!(a["reviewer_id"], winner);
    let (_, q) = app.get("/api/v1/reviews", &first).await;
    assert_eq!(q["reviews"][0]["status"], "in_review");
    assert_eq!(q["reviews"][0]["reviewer_id"], a["reviewer_id"]);

    let b_auditor_path = format!("/api/v1/assessments/{id}/take");
    let b = app.login("manager-b1@test").await;
    assert_eq!(
        app.api("POST", &b_auditor_path, Some(&b), None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn auditors_record_verdicts_per_item_and_nobody_else_does() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    let auditor = app.login("auditor-a@test").await;
    let path = format!("/api/v1/assessments/{id}/verdicts/1.1");
    let body = json!({ "verdict": "rejected", "comment": "La politique n'est pas signée." });
    let (status, _) = app.put(&path, &auditor, body.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "a draft is not under review");

    app.submit(&manager, id).await;
    let (status, v) = app.put(&path, &auditor, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["round"], 1);
    let (_, seen_by_site) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(
        seen_by_site["verdicts"],
        json!({}),
        "the site sees verdicts once the auditor has decided"
    );
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert_eq!(
        a["status"], "in_review",
        "the first verdict takes the submission"
    );
    assert_eq!(a["verdicts"]["1.1"]["verdict"], "rejected");
    assert_eq!(
        a["verdicts"]["1.1"]["comment"],
        "La politique n'est pas signée."
    );

    let (status, _) = app
        .put(&path, &auditor, json!({ "verdict": "accepted" }))
        .await;
    assert_eq!(status, StatusCode::OK, "a verdict can be revised");
    let (status, err) = app
        .put(&path, &auditor, json!({ "verdict": "maybe" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "verdict");
    let (status, _) = app
        .put(
            &format!("/api/v1/assessments/{id}/verdicts/9.9"),
            &auditor,
            json!({ "verdict": "accepted" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(
        app.put(&path, &manager, body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let company = app.login("company-a@test").await;
    assert_eq!(
        app.put(&path, &company, body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let admin = app.login("admin@test").await;
    let (_, eve) = app
        .post("/api/v1/users", &admin, json!({ "email": "eve@ecpat.test", "password": PASSWORD, "role": "auditor", "scope_id": app.seed.company_b }))
        .await;
    assert!(eve["id"].is_i64());
    let eve = app.login("eve@ecpat.test").await;
    assert_eq!(
        app.put(&path, &eve, body).await.0,
        StatusCode::NOT_FOUND,
        "not her company"
    );
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert_eq!(a["verdicts"]["1.1"]["verdict"], "accepted");
    assert_eq!(
        a["answers"]["1.1"]["answer"], "yes",
        "verdicts never change answers"
    );
}

#[tokio::test]
async fn the_round_trip_from_submission_to_approval_and_reopening() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;

    let verdict = |key: &str| format!("/api/v1/assessments/{id}/verdicts/{key}");
    app.put(
        &verdict("1.1"),
        &auditor,
        json!({ "verdict": "rejected", "comment": "Signature manquante" }),
    )
    .await;
    let approve = format!("/api/v1/assessments/{id}/approve");
    let (status, err) = app.api("POST", &approve, Some(&auditor), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(
        err["error"]["message"].as_str().unwrap().contains("1.1"),
        "{err}"
    );

    let (status, d) = app
        .post(
            &format!("/api/v1/assessments/{id}/request-changes"),
            &auditor,
            json!({ "comment": "Voir 1.1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "changes_requested");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(
        a["verdicts"]["1.1"]["verdict"], "rejected",
        "the manager sees what was rejected"
    );

    // The manager fixes and resubmits: a new round.
    let (status, _) = app
        .answer(
            &manager,
            id,
            "1.1",
            json!({ "answer": "yes", "comment": "Signée le 2 mars" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, a) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["round"], 2);
    assert_eq!(
        a["verdicts"],
        json!({}),
        "a new round starts without verdicts"
    );
    assert_eq!(a["previous_verdicts"]["1.1"]["verdict"], "rejected");
    let change = &a["changes_since_previous_round"];
    assert_eq!(
        change.as_object().unwrap().len(),
        1,
        "only 1.1 changed: {change}"
    );
    assert_eq!(change["1.1"]["before"]["comment"], "");
    assert_eq!(change["1.1"]["after"]["comment"], "Signée le 2 mars");

    // Two approvals at once: exactly one is recorded.
    let other = {
        let admin = app.login("admin@test").await;
        app.post("/api/v1/users", &admin, json!({ "email": "auditor2@test", "password": PASSWORD, "role": "auditor", "scope_id": app.seed.company_a })).await;
        app.login("auditor2@test").await
    };
    let ((s1, a1), (s2, a2)) = tokio::join!(
        app.api("POST", &approve, Some(&auditor), None),
        app.api("POST", &approve, Some(&other), None)
    );
    let mut got = [s1, s2];
    got.sort();
    assert_eq!(got, [StatusCode::OK, StatusCode::CONFLICT]);
    // The approval answers the certificate it issued, as the verification shows it.
    let approved = if s1 == StatusCode::OK { a1 } else { a2 };
    assert_eq!(approved["status"], "approved");
    let serial = approved["certificate"]["serial"].as_str().unwrap();
    assert_eq!(approved["certificate"]["status"], "valid");
    let (status, verified) = app
        .api("GET", &format!("/api/v1/verify/{serial}"), None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verified, approved["certificate"]);
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(a["status"], "approved");
    let approvals = a["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["decision"] == "approve")
        .count();
    assert_eq!(approvals, 1);
    let (status, _) = app
        .answer(&manager, id, "1.2", json!({ "answer": "no" }))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an approved assessment is frozen"
    );

    // Reopening needs a reason, and an auditor or the admin.
    let reopen = format!("/api/v1/assessments/{id}/reopen");
    assert_eq!(
        app.post(&reopen, &manager, json!({ "reason": "x" }))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, err) = app.post(&reopen, &auditor, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (status, d) = app
        .post(&reopen, &auditor, json!({ "reason": "Plainte reçue" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "in_review");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    let decisions: Vec<&str> = a["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["decision"].as_str().unwrap())
        .collect();
    assert_eq!(
        decisions,
        ["request_changes", "approve", "reopen"],
        "the history stays intact"
    );

    // Site managers and company admins cannot decide.
    for who in [&manager, &app.login("company-a@test").await] {
        assert_eq!(
            app.api("POST", &approve, Some(who), None).await.0,
            StatusCode::FORBIDDEN
        );
    }

    // The pages read all of this in one round trip: it holds what the separate queries do.
    let store = &app.state.store;
    let view = store.assessment_view(id, true).await.unwrap().unwrap();
    let round = view.assessment.round;
    assert_eq!(view.assessment.id, id);
    assert_eq!(view.site.id, app.seed.site_a1);
    assert_eq!(view.answers, store.answers(id).await.unwrap());
    assert_eq!(
        view.verdicts,
        store.verdicts(id, round).await.unwrap(),
        "this round's verdicts"
    );
    assert_eq!(
        view.previous_verdicts,
        store.verdicts(id, round - 1).await.unwrap()
    );
    assert_eq!(view.decisions, store.decisions(id).await.unwrap());
    assert_eq!(view.findings, store.findings(id).await.unwrap());
    let serials =
        |c: &[codecheck::store::certificates::StoredCertificate]| -> Vec<(String, Option<String>)> {
            c.iter()
                .map(|c| (c.serial.clone(), c.revoked_at.clone()))
                .collect()
        };
    assert_eq!(
        serials(&view.certificates),
        serials(&store.assessment_certificates(id).await.unwrap())
    );
    assert!(
        !view.certificates.is_empty(),
        "the revoked certificate is kept"
    );
}

#[tokio::test]
async fn findings_are_raised_answered_and_closed_and_major_ones_block_approval() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    let raise = format!("/api/v1/assessments/{id}/findings");
    let (status, f) = app
        .post(&raise, &auditor, json!({ "item_key": "4.1", "severity": "major", "action": "Afficher l'affiche à la réception", "due_date": due }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    assert_eq!(f["status"], "open");
    assert_eq!(f["overdue"], false);
    let fid = f["id"].as_i64().unwrap();

    let (status, err) = app
        .post(&raise, &auditor, json!({ "item_key": "4.1", "severity": "huge", "action": "", "due_date": "2000-01-01" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = err["error"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("severity")
            && fields.contains_key("action")
            && fields.contains_key("due_date"),
        "{err}"
    );
    assert_eq!(
        app.post(
            &raise,
            &manager,
            json!({ "item_key": "4.1", "severity": "minor", "action": "x", "due_date": due })
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    let approve = format!("/api/v1/assessments/{id}/approve");
    let (status, err) = app.api("POST", &approve, Some(&auditor), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("#{fid}")),
        "{err}"
    );

    // The finding on its own, as the site and its auditor see it; not for other companies.
    let (status, got) = app.get(&format!("/api/v1/findings/{fid}"), &manager).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["item_key"], "4.1");
    assert_eq!(got["site"]["id"], app.seed.site_a1);
    assert!(got["item_text"].as_str().is_some_and(|t| !t.is_empty()));
    let outsider = app.login("manager-b1@test").await;
    assert_eq!(
        app.get(&format!("/api/v1/findings/{fid}"), &outsider)
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    let respond = format!("/api/v1/findings/{fid}/responses");
    assert_eq!(
        app.post(&respond, &auditor, json!({ "comment": "x" }))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let other = app.login("manager-b1@test").await;
    assert_eq!(
        app.post(&respond, &other, json!({ "comment": "x" }))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (status, f) = app
        .post(
            &respond,
            &manager,
            json!({ "comment": "Affiche posée, photo jointe" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    assert_eq!(f["responses"][0]["comment"], "Affiche posée, photo jointe");

    let close = format!("/api/v1/findings/{fid}/close");
    assert_eq!(
        app.post(&close, &manager, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, f) = app
        .post(&close, &auditor, json!({ "comment": "Vérifié" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{f}");
    assert_eq!(f["status"], "closed");
    assert_eq!(
        app.post(&close, &auditor, json!({})).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.post(&respond, &manager, json!({ "comment": "late" }))
            .await
            .0,
        StatusCode::CONFLICT
    );

    let (status, a) = app.api("POST", &approve, Some(&auditor), None).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(a["findings"][0]["status"], "closed");
}

#[tokio::test]
async fn a_submitted_round_cannot_be_altered_even_in_the_database() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let url = app.state.settings.database_url.clone();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM round_answers WHERE assessment_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        n as usize,
        app.item_keys().len(),
        "every answer is in the round"
    );
    let tampered = sqlx::query("UPDATE round_answers SET answer = 'no' WHERE assessment_id = $1")
        .bind(id)
        .execute(&pool)
        .await;
    assert!(tampered.is_err(), "the database refuses to change a round");
    assert!(
        sqlx::query("DELETE FROM rounds")
            .execute(&pool)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn every_change_is_in_the_history_and_an_altered_entry_is_detected() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.answer(
        &manager,
        id,
        "1.1",
        json!({ "answer": "partial", "comment": "=HYPERLINK(\"x\")" }),
    )
    .await;
    app.submit(&manager, id).await;
    app.put(
        &format!("/api/v1/assessments/{id}/verdicts/1.1"),
        &auditor,
        json!({ "verdict": "rejected" }),
    )
    .await;
    app.post(
        &format!("/api/v1/assessments/{id}/request-changes"),
        &auditor,
        json!({ "comment": "1.1" }),
    )
    .await;

    let (status, h) = app
        .get(&format!("/api/v1/assessments/{id}/history"), &manager)
        .await;
    assert_eq!(status, StatusCode::OK);
    let entries = h["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"assessment.created"));
    assert!(
        actions.ends_with(&[
            "assessment.submitted",
            "verdict.recorded",
            "request_changes"
        ]),
        "{actions:?}"
    );
    let change = entries
        .iter()
        .rfind(|e| e["action"] == "answer.saved" && e["object_id"] == "1.1")
        .unwrap();
    assert_eq!(change["before"]["answer"], "yes");
    assert_eq!(change["after"]["answer"], "partial");

    let other = app.login("manager-b1@test").await;
    assert_eq!(
        app.get(&format!("/api/v1/assessments/{id}/history"), &other)
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    let req = axum::http::Request::get(format!("/api/v1/assessments/{id}/history.csv"))
        .header("authorization", format!("Bearer {manager}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let csv = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(csv.starts_with("\u{feff}id,at,actor_id,action"));
    assert!(
        !csv.contains(",=HYPERLINK"),
        "formulas are neutralised in the export"
    );

    assert_eq!(app.state.store.verify_audit_log().await.unwrap().1, None);
    // Someone with database access drops the protection and rewrites an entry.
    let url = app.state.settings.database_url.clone();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    assert!(
        sqlx::query("UPDATE audit_log SET after = '{}' WHERE id = 3")
            .execute(&pool)
            .await
            .is_err()
    );
    sqlx::query(common::drop_trigger(
        &url,
        "audit_log_no_update",
        "audit_log",
    ))
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE audit_log SET after = '{\"answer\":\"no\"}' WHERE id = 3")
        .execute(&pool)
        .await
        .unwrap();
    let (_, broken) = app.state.store.verify_audit_log().await.unwrap();
    assert_eq!(broken, Some(3), "the altered entry is named");
}

#[tokio::test]
async fn auditors_accept_the_items_of_a_criterion_not_yet_judged_in_one_step() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    let auditor = app.login("auditor-a@test").await;
    let path = format!("/api/v1/assessments/{id}/criteria/policy/accept-remaining");
    let (status, _) = app.post(&path, &auditor, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "a draft is not under review");
    app.submit(&manager, id).await;

    let (status, _) = app
        .put(
            &format!("/api/v1/assessments/{id}/verdicts/1.2"),
            &auditor,
            json!({ "verdict": "rejected", "comment": "Pas de numéro de police." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, done) = app.post(&path, &auditor, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        done["accepted"], 5,
        "the six items of criterion 1 but the one judged"
    );
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert_eq!(
        a["verdicts"]["1.2"]["verdict"], "rejected",
        "a verdict given stays"
    );
    assert_eq!(a["verdicts"]["1.2"]["comment"], "Pas de numéro de police.");
    for key in ["1.1", "1.3", "1.4", "1.5", "1.6"] {
        assert_eq!(a["verdicts"][key]["verdict"], "accepted", "{key}");
    }
    assert!(a["verdicts"]["2.1"].is_null(), "other criteria untouched");
    let (_, again) = app.post(&path, &auditor, json!({})).await;
    assert_eq!(again["accepted"], 0);

    // Every verdict is in the audit trail, one entry per item.
    let (_, history) = app
        .get(&format!("/api/v1/assessments/{id}/history"), &auditor)
        .await;
    let recorded = history["entries"].as_array().map(|events| {
        events
            .iter()
            .filter(|e| e["action"] == "verdict.recorded")
            .count()
    });
    assert_eq!(recorded, Some(6), "{history}");

    let unknown = format!("/api/v1/assessments/{id}/criteria/nope/accept-remaining");
    assert_eq!(
        app.post(&unknown, &auditor, json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    let training = format!("/api/v1/assessments/{id}/criteria/training/accept-remaining");
    assert_eq!(
        app.post(&training, &manager, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let company = app.login("company-a@test").await;
    assert_eq!(
        app.post(&training, &company, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert!(
        a["verdicts"]["2.1"].is_null(),
        "refused calls recorded nothing"
    );
}

#[tokio::test]
async fn a_major_finding_after_approval_suspends_the_certificate_until_it_is_closed() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let company = app.login("company-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/approve"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    let serial = a["certificate_serial"].as_str().unwrap().to_owned();
    let verify = format!("/api/v1/verify/{serial}");
    let dashboard = format!(
        "/api/v1/companies/{}/dashboard?year=2026",
        app.seed.company_a
    );
    let zip_entries = |token: String| {
        let path = format!(
            "/api/v1/companies/{}/certificates.zip?year=2026",
            app.seed.company_a
        );
        let app = &app;
        async move {
            use http_body_util::BodyExt;
            let res = app
                .send(
                    axum::http::Request::get(&path)
                        .header("authorization", format!("Bearer {token}"))
                        .body(axum::body::Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
            zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .unwrap()
                .len()
        }
    };
    let in_force = |d: &serde_json::Value| d["by_status"]["certificate_valid"].as_u64();
    let audited = |action: &'static str| {
        let app = &app;
        let auditor = auditor.clone();
        let serial = serial.clone();
        async move {
            let (_, h) = app
                .get(&format!("/api/v1/assessments/{id}/history"), &auditor)
                .await;
            h["entries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["action"] == action && e["object_id"] == serial.as_str())
                .count()
        }
    };
    assert_eq!(
        app.api("GET", &verify, None, None).await.1["status"],
        "valid"
    );
    assert_eq!(in_force(&app.get(&dashboard, &company).await.1), Some(1));

    // A minor finding changes nothing.
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    let raise = format!("/api/v1/assessments/{id}/findings");
    let (status, minor) = app
        .post(&raise, &auditor, json!({ "item_key": "4.1", "severity": "minor", "action": "Mettre à jour l'affiche", "due_date": due }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{minor}");
    assert_eq!(
        app.api("GET", &verify, None, None).await.1["status"],
        "valid"
    );

    // A major one suspends it, everywhere it shows, with an entry in the history.
    let secret = "Le personnel de nuit ignore la procédure";
    let (status, major) = app
        .post(
            &raise,
            &auditor,
            json!({ "item_key": "2.1", "severity": "major", "action": secret, "due_date": due }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{major}");
    let (_, v) = app.api("GET", &verify, None, None).await;
    assert_eq!(v["status"], "suspended", "{v}");
    assert!(!v.to_string().contains(secret), "{v}");
    let page = common::Browser::new(&app)
        .get(&format!("/verify/{serial}"))
        .await;
    assert!(page.body.contains("status-suspended"), "{}", page.body);
    assert!(!page.body.contains(secret));
    assert!(!page.body.contains("manager-a1@test") && !page.body.contains("auditor-a@test"));
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(a["certificate_suspended"], true, "{a}");
    let mut site = common::Browser::new(&app);
    site.login("manager-a1@test").await;
    let page = site.get(&format!("/assessments/{id}")).await;
    assert!(page.body.contains("certificate-suspended"), "{}", page.body);
    assert_eq!(in_force(&app.get(&dashboard, &company).await.1), Some(0));
    assert_eq!(zip_entries(company.clone()).await, 0, "not in force");
    assert_eq!(audited("certificate.suspended").await, 1);

    // The CLI, next to the database, says so and fails.
    let file = app.dir.path().join("suspended.pdf");
    let stored = app
        .state
        .store
        .certificate(&codecheck::domain::certificate::Serial::parse(&serial).unwrap())
        .await
        .unwrap()
        .unwrap();
    let pdf = codecheck::web::certificates::certificate_pdf(
        &app.state,
        &stored,
        codecheck::domain::Lang::En,
    )
    .unwrap();
    std::fs::write(&file, pdf).unwrap();
    let cli = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codecheck"))
            .arg("verify")
            .arg(&file)
            .env("DATABASE_URL", app.state.settings.database_url.clone())
            .env("CODECHECK_DATA_DIR", app.dir.path().join("data"))
            .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (ok, out) = cli();
    assert!(!ok && out.starts_with("suspended"), "{out}");

    // Closing the minor one is not enough; closing the major one reinstates it.
    let close = |fid: &serde_json::Value| format!("/api/v1/findings/{fid}/close");
    let (status, _) = app.post(&close(&minor["id"]), &auditor, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.api("GET", &verify, None, None).await.1["status"],
        "suspended"
    );
    let (status, _) = app
        .post(
            &close(&major["id"]),
            &auditor,
            json!({ "comment": "Formation refaite" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.api("GET", &verify, None, None).await.1["status"],
        "valid"
    );
    assert_eq!(in_force(&app.get(&dashboard, &company).await.1), Some(1));
    assert_eq!(zip_entries(company.clone()).await, 1);
    assert_eq!(audited("certificate.reinstated").await, 1);
    let page = site.get(&format!("/assessments/{id}")).await;
    assert!(!page.body.contains("certificate-suspended"));
    let (ok, out) = cli();
    assert!(ok && out.starts_with("valid"), "{out}");
}

/// The criteria of an assessment as the API answers them, by id.
fn criterion<'a>(a: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    a["criteria"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no criterion {id} in {a}"))
}

#[tokio::test]
async fn approval_is_refused_unless_every_criterion_is_met_on_the_audited_answers() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let approve = |id: i64| format!("/api/v1/assessments/{id}/approve");

    // Self-assessed as failing: 2.1 (mandatory) answered no, 1.3 no; no verdict at all.
    let failing = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    for key in ["2.1", "1.3"] {
        let (status, body) = app
            .answer(&manager, failing, key, json!({ "answer": "no" }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    app.submit(&manager, failing).await;
    let (status, err) = app
        .api("POST", &approve(failing), Some(&auditor), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "not_compliant", "{err}");
    let named = &err["error"]["failing_criteria"];
    assert_eq!(named[0]["id"], "training", "{err}");
    assert_eq!(named[0]["rules"][0], "mandatory_items", "{err}");
    assert_eq!(named[0]["failing_mandatory"], json!(["2.1"]), "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("2.1"), "{err}");
    // One criterion fails, and the message speaks of one, in whichever language.
    assert!(
        ["criterion 2 is", "critère 2 n'est", "criterium 2 is"]
            .iter()
            .any(|one| message.contains(one)),
        "{err}"
    );

    // Self-assessed as compliant, but the auditor wants more information on two mandatory
    // items of two criteria: no certificate either.
    let judged = app
        .complete_assessment(&manager, app.seed.site_a1, 2025)
        .await;
    app.submit(&manager, judged).await;
    let verdict = |key: &str| format!("/api/v1/assessments/{judged}/verdicts/{key}");
    for key in ["1.1", "3.1"] {
        let (status, body) = app
            .put(
                &verdict(key),
                &auditor,
                json!({ "verdict": "needs_info", "comment": "Joindre le document" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, err) = app
        .api("POST", &approve(judged), Some(&auditor), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "not_compliant", "{err}");
    let ids: Vec<&str> = err["error"]["failing_criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["policy", "contracts"], "{err}");
    for id in [failing, judged] {
        let (_, a) = app
            .get(&format!("/api/v1/assessments/{id}"), &auditor)
            .await;
        assert_ne!(a["status"], "approved", "{a}");
        assert!(a["certificate_serial"].is_null(), "no certificate: {a}");
    }

    // Once the items are accepted, the same round is approved with its certificate.
    for key in ["1.1", "3.1"] {
        app.put(&verdict(key), &auditor, json!({ "verdict": "accepted" }))
            .await;
    }
    let (status, body) = app
        .api("POST", &approve(judged), Some(&auditor), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{judged}"), &auditor)
        .await;
    assert!(a["certificate_serial"].is_string(), "{a}");
}

#[tokio::test]
async fn each_criterion_carries_its_audit_result_once_there_are_verdicts() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let get = |token: &str| {
        let path = format!("/api/v1/assessments/{id}");
        let token = token.to_owned();
        let app = &app;
        async move { app.get(&path, &token).await.1 }
    };
    let a = get(&auditor).await;
    for c in a["criteria"].as_array().unwrap() {
        assert!(c["audited_compliant"].is_null(), "before any verdict: {c}");
        assert!(c["audited_score"].is_null(), "before any verdict: {c}");
    }

    app.put(
        &format!("/api/v1/assessments/{id}/verdicts/1.1"),
        &auditor,
        json!({ "verdict": "rejected", "comment": "Pas signée" }),
    )
    .await;
    app.put(
        &format!("/api/v1/assessments/{id}/verdicts/2.1"),
        &auditor,
        json!({ "verdict": "accepted" }),
    )
    .await;
    let a = get(&auditor).await;
    let policy = criterion(&a, "policy");
    assert_eq!(policy["compliant"], true, "the self-assessment: {policy}");
    assert_eq!(policy["audited_compliant"], false, "{policy}");
    assert!(
        policy["audited_score"].as_f64().unwrap() < policy["score"].as_f64().unwrap(),
        "{policy}"
    );
    let training = criterion(&a, "training");
    assert_eq!(training["audited_compliant"], true, "{training}");
    assert_eq!(training["audited_score"], training["score"], "{training}");

    // The site reads the audit once a decision returns the verdicts to it.
    let before = get(&manager).await;
    assert!(criterion(&before, "policy")["audited_compliant"].is_null());
    app.post(
        &format!("/api/v1/assessments/{id}/request-changes"),
        &auditor,
        json!({ "comment": "Voir 1.1" }),
    )
    .await;
    let after = get(&manager).await;
    assert_eq!(criterion(&after, "policy")["audited_compliant"], false);

    // The site's list of assessments (read in one query) says what each assessment says.
    let draft = app.start(&manager, app.seed.site_a1, 2025).await;
    let (_, site) = app
        .get(&format!("/api/v1/sites/{}", app.seed.site_a1), &manager)
        .await;
    let listed = site["assessments"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{site}");
    assert_eq!(listed[0]["year"], 2026, "newest first");
    let (_, the_draft) = app
        .get(&format!("/api/v1/assessments/{draft}"), &manager)
        .await;
    for (one, full) in [(&listed[0], &after), (&listed[1], &the_draft)] {
        assert_eq!(one["id"], full["id"]);
        assert_eq!(one["status"], full["status"]);
        assert_eq!(one["progress"], full["progress"]);
        assert_eq!(one["compliant"], full["compliant"]);
        // The same results; only the titles are left out of the list.
        let mut criteria = full["criteria"].clone();
        for c in criteria.as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("title");
        }
        assert_eq!(one["criteria"], criteria, "{}", one["id"]);
    }

    // The manager's page labels both and no longer calls the policy compliant.
    let mut browser = common::Browser::new(&app);
    browser.login("manager-a1@test").await;
    let page = browser
        .get(&format!("/assessments/{id}/criteria/policy"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("class=\"result-audit\""), "labelled");
    assert!(page.body.contains("class=\"result-self"), "labelled");
    assert!(
        page.body.contains("<span class=\"badge no\">✗"),
        "the audit result: not compliant"
    );
    assert!(
        !page.body.contains("<span class=\"badge ok\">✓"),
        "no 'Compliant' for a criterion whose mandatory item was rejected"
    );
}

#[tokio::test]
async fn a_reviewed_round_that_misses_criteria_closes_without_a_certificate() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let head_office = app.login("company-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let close = format!("/api/v1/assessments/{id}/close-not-compliant");
    let body = json!({ "comment": "La politique n'est pas signée" });

    // Compliant on the audited answers: approve it instead.
    let (status, err) = app.post(&close, &auditor, body.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "conflict");

    app.put(
        &format!("/api/v1/assessments/{id}/verdicts/1.1"),
        &auditor,
        json!({ "verdict": "rejected", "comment": "Pas signée" }),
    )
    .await;
    // Only the company's auditors decide; a comment is required.
    for who in [&manager, &head_office] {
        assert_eq!(
            app.post(&close, who, body.clone()).await.0,
            StatusCode::FORBIDDEN
        );
    }
    let stranger = app.login("manager-b1@test").await;
    assert_eq!(
        app.post(&close, &stranger, body.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            "/api/v1/assessments/999999/close-not-compliant",
            &auditor,
            body.clone()
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, err) = app.post(&close, &auditor, json!({ "comment": " " })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");

    let (status, d) = app.post(&close, &auditor, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "not_compliant");
    assert_eq!(d["round"], 1);
    let (status, _) = app.post(&close, &auditor, body.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "closed already");

    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(a["status"], "not_compliant");
    assert!(a["certificate_serial"].is_null(), "{a}");
    assert_eq!(criterion(&a, "policy")["audited_compliant"], false);
    let (status, _) = app
        .answer(&manager, id, "1.2", json!({ "answer": "no" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a closed round is frozen");

    // The site's manager and head office are pointed to the gap report.
    for token in [&manager, &head_office] {
        let (_, list) = app.get("/api/v1/notifications", token).await;
        assert!(
            list["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "not_compliant" && n["assessment_id"] == id),
            "{list}"
        );
    }
    let mut site = common::Browser::new(&app);
    site.login("manager-a1@test").await;
    let (_, list) = app.get("/api/v1/notifications", &manager).await;
    let nid = list["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "not_compliant")
        .and_then(|n| n["id"].as_i64())
        .unwrap();
    let opened = site
        .submit("/notifications", &format!("/notifications/{nid}/open"), &[])
        .await;
    assert_eq!(
        opened.location.as_deref(),
        Some(&*format!("/assessments/{id}/gap-report"))
    );
    let report = site.get(&format!("/assessments/{id}/gap-report")).await;
    assert_eq!(report.status, StatusCode::OK);
    // Every item was answered yes: only the audit fails the policy, and the report says so.
    assert_eq!(
        report.body.matches("<progress class=\"no\"").count(),
        1,
        "the gap report reads the audit result"
    );

    // The dashboard counts it as not compliant, with the policy not met.
    let (status, dash) = app
        .get(
            &format!("/api/v1/companies/{}/dashboard", app.seed.company_a),
            &head_office,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{dash}");
    assert_eq!(dash["by_status"]["not_compliant"], 1, "{dash}");
    let policy = dash["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "policy")
        .unwrap();
    let training = dash["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "training")
        .unwrap();
    assert_eq!(
        policy["compliant_sites"].as_u64().unwrap() + 1,
        training["compliant_sites"].as_u64().unwrap(),
        "the rejected policy is not met on the dashboard: {dash}"
    );

    // Reopening works as after an approval.
    let (status, d) = app
        .post(
            &format!("/api/v1/assessments/{id}/reopen"),
            &auditor,
            json!({ "reason": "Nouvelle preuve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "in_review");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    let decisions: Vec<&str> = a["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["close_not_compliant", "reopen"]);
}

#[tokio::test]
async fn a_verdict_given_during_the_approval_cannot_slip_under_a_certificate() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let other = {
        let admin = app.login("admin@test").await;
        app.post("/api/v1/users", &admin, json!({ "email": "auditor2@test", "password": PASSWORD, "role": "auditor", "scope_id": app.seed.company_a })).await;
        app.login("auditor2@test").await
    };
    for year in [2024, 2025, 2026] {
        let id = app
            .complete_assessment(&manager, app.seed.site_a1, year)
            .await;
        app.submit(&manager, id).await;
        let approve = format!("/api/v1/assessments/{id}/approve");
        let verdict = format!("/api/v1/assessments/{id}/verdicts/1.1");
        let ((approved, _), (rejected, _)) = tokio::join!(
            app.api("POST", &approve, Some(&auditor), None),
            app.put(
                &verdict,
                &other,
                json!({ "verdict": "rejected", "comment": "Pas signée" }),
            )
        );
        let (_, a) = app
            .get(&format!("/api/v1/assessments/{id}"), &auditor)
            .await;
        if approved == StatusCode::OK {
            assert_eq!(rejected, StatusCode::CONFLICT, "{a}");
            assert_eq!(a["verdicts"], json!({}), "{a}");
            assert!(a["certificate_serial"].is_string(), "{a}");
        } else {
            assert_eq!(approved, StatusCode::CONFLICT, "{a}");
            assert_eq!(rejected, StatusCode::OK, "{a}");
            assert!(a["certificate_serial"].is_null(), "{a}");
        }
    }
}

#[tokio::test]
async fn one_auditor_holds_a_review_until_another_takes_it_over() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    let (_, second) = app
        .post("/api/v1/users", &admin, json!({ "email": "auditor2@test", "password": PASSWORD, "role": "auditor", "scope_id": app.seed.company_a }))
        .await;
    let manager = app.login("manager-a1@test").await;
    let holder = app.login("auditor-a@test").await;
    let other = app.login("auditor2@test").await;
    let holder_id = app.get("/api/v1/auth/me", &holder).await.1["id"].clone();
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let base = format!("/api/v1/assessments/{id}");
    let (status, _) = app
        .api("POST", &format!("{base}/take"), Some(&holder), None)
        .await;
    assert_eq!(status, StatusCode::OK);

    // Nobody but the holder judges or decides.
    let refusals = [
        (
            "PUT",
            format!("{base}/verdicts/1.1"),
            Some(json!({ "verdict": "rejected" })),
        ),
        (
            "POST",
            format!("{base}/criteria/policy/accept-remaining"),
            None,
        ),
        ("POST", format!("{base}/approve"), None),
        (
            "POST",
            format!("{base}/request-changes"),
            Some(json!({ "comment": "Non" })),
        ),
        (
            "POST",
            format!("{base}/close-not-compliant"),
            Some(json!({ "comment": "Non" })),
        ),
    ];
    for (method, path, body) in &refusals {
        let (status, err) = app.api(method, path, Some(&other), body.clone()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}: {err}");
        assert_eq!(err["error"]["code"], "held_by_another", "{path}: {err}");
        assert_eq!(err["error"]["holder_id"], holder_id, "{path}");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("auditor-a@test"),
            "{path}: names the holder: {err}"
        );
    }
    let (_, a) = app.get(&base, &holder).await;
    assert_eq!(a["reviewer_id"], holder_id);
    assert_eq!(a["status"], "in_review");

    // An auditor takes over for themselves only; the holder has nothing to take over.
    let take_over = format!("{base}/take-over");
    let (status, _) = app
        .post(&take_over, &other, json!({ "auditor_id": holder_id }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.api("POST", &take_over, Some(&holder), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app.api("POST", &take_over, Some(&manager), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, taken) = app.api("POST", &take_over, Some(&other), None).await;
    assert_eq!(status, StatusCode::OK, "{taken}");
    assert_eq!(taken["reviewer_id"], second["id"]);
    let (status, body) = app
        .put(
            &format!("{base}/verdicts/1.1"),
            &other,
            json!({ "verdict": "accepted" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the new holder judges: {body}");
    let (status, err) = app
        .put(
            &format!("{base}/verdicts/1.2"),
            &holder,
            json!({ "verdict": "accepted" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the former holder no longer does"
    );
    assert_eq!(err["error"]["code"], "held_by_another");

    // The admin hands the review back, to an auditor of the company only.
    let (status, err) = app.api("POST", &take_over, Some(&admin), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let manager_id = app.get("/api/v1/auth/me", &manager).await.1["id"].clone();
    let (status, _) = app
        .post(&take_over, &admin, json!({ "auditor_id": manager_id }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app
        .post(&take_over, &admin, json!({ "auditor_id": holder_id }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["reviewer_id"], holder_id);

    // Each take-over is in the history, with the holder before and after.
    let (_, history) = app.get(&format!("{base}/history"), &admin).await;
    let overs: Vec<(serde_json::Value, serde_json::Value)> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "assessment.taken_over")
        .map(|e| {
            (
                e["before"]["reviewer_id"].clone(),
                e["after"]["reviewer_id"].clone(),
            )
        })
        .collect();
    assert_eq!(overs.len(), 2, "{history}");
    assert!(
        overs.contains(&(holder_id.clone(), second["id"].clone())),
        "{overs:?}"
    );
    assert!(
        overs.contains(&(second["id"].clone(), holder_id.clone())),
        "{overs:?}"
    );
}

#[tokio::test]
async fn a_new_round_keeps_the_verdicts_of_unchanged_items_marked_carried() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let base = format!("/api/v1/assessments/{id}");
    let verdict = |key: &str| format!("{base}/verdicts/{key}");
    let (status, body) = app
        .put(
            &verdict("1.1"),
            &auditor,
            json!({ "verdict": "rejected", "comment": "Non signée" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["carried"], false);
    let (_, a) = app.get(&base, &auditor).await;
    for c in a["criteria"].as_array().unwrap() {
        let path = format!(
            "{base}/criteria/{}/accept-remaining",
            c["id"].as_str().unwrap()
        );
        let (status, body) = app.api("POST", &path, Some(&auditor), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, a) = app.get(&base, &auditor).await;
    assert_eq!(a["verdicts"]["1.5"]["carried"], false, "given this round");
    let (status, body) = app
        .post(
            &format!("{base}/request-changes"),
            &auditor,
            json!({ "comment": "Voir 1.1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The site changes an answer, a comment, and the evidence of one item each.
    let (status, body) = app
        .answer(&manager, id, "1.2", json!({ "answer": "partial" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .answer(
            &manager,
            id,
            "1.3",
            json!({ "answer": "yes", "comment": "Révisé en mars" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = common::upload(
        &app,
        &manager,
        app.seed.site_a1,
        "posters.pdf",
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
        &[("item_keys", "1.4")],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "in_review");

    let (_, a) = app.get(&base, &auditor).await;
    assert_eq!(a["round"], 2);
    let v = &a["verdicts"];
    assert_eq!(v["1.1"]["verdict"], "rejected", "{v}");
    assert_eq!(v["1.1"]["comment"], "Non signée");
    assert_eq!(v["1.1"]["carried"], true, "unchanged: carried");
    assert_eq!(v["1.5"]["verdict"], "accepted");
    assert_eq!(v["1.5"]["carried"], true);
    for changed in ["1.2", "1.3", "1.4"] {
        assert!(
            v[changed].is_null(),
            "{changed} changed: no verdict yet: {v}"
        );
    }
    assert_eq!(a["previous_verdicts"]["1.2"]["carried"], false);

    // The auditor still changes a carried verdict: it becomes this round's own.
    let (status, body) = app
        .put(
            &verdict("1.1"),
            &auditor,
            json!({ "verdict": "accepted", "comment": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, a) = app.get(&base, &auditor).await;
    assert_eq!(a["verdicts"]["1.1"]["verdict"], "accepted");
    assert_eq!(a["verdicts"]["1.1"]["carried"], false);
    // "Accept the remaining" leaves carried verdicts as they are.
    let (_, body) = app
        .api(
            "POST",
            &format!("{base}/criteria/policy/accept-remaining"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(body["accepted"], 3, "1.2, 1.3 and 1.4 only: {body}");
    let (_, a) = app.get(&base, &auditor).await;
    assert_eq!(a["verdicts"]["1.5"]["carried"], true);

    // Nothing changes before the third round: every verdict carries, the changed one too.
    app.post(
        &format!("{base}/request-changes"),
        &auditor,
        json!({ "comment": "Encore" }),
    )
    .await;
    let (status, body) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, a) = app.get(&base, &auditor).await;
    assert_eq!(a["round"], 3);
    for key in ["1.1", "1.2", "1.5"] {
        assert_eq!(
            a["verdicts"][key]["carried"], true,
            "{key}: {}",
            a["verdicts"]
        );
    }
    assert_eq!(a["verdicts"]["1.1"]["verdict"], "accepted");

    // The history says which verdicts were carried.
    let (_, history) = app
        .get(&format!("{base}/history?limit=200"), &auditor)
        .await;
    assert!(
        history["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "verdict.carried" && e["object_id"] == "1.1"),
        "{history}"
    );

    // The review page labels them as carried from the previous round.
    let mut page = common::Browser::new(&app);
    page.login("auditor-a@test").await;
    let html = page.get(&format!("/assessments/{id}/review")).await.body;
    let article = |key: &str| {
        html.split("<article")
            .find(|a| a.contains(&format!("id=\"item-{}\"", key.replace('.', "-"))))
            .unwrap_or_else(|| panic!("{key} listed"))
            .to_owned()
    };
    assert!(
        article("1.1").contains("Carried from round 2"),
        "{}",
        article("1.1")
    );
    assert!(
        !article("1.1").contains("s verdict:"),
        "the carried verdict is not repeated as the previous round's"
    );
}

#[tokio::test]
async fn a_reopened_assessment_keeps_the_verdicts_of_unchanged_items() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let base = format!("/api/v1/assessments/{id}");
    let (_, a) = app.get(&base, &auditor).await;
    for c in a["criteria"].as_array().unwrap() {
        let path = format!(
            "{base}/criteria/{}/accept-remaining",
            c["id"].as_str().unwrap()
        );
        app.api("POST", &path, Some(&auditor), None).await;
    }
    let (status, body) = app
        .api("POST", &format!("{base}/approve"), Some(&auditor), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post(
            &format!("{base}/reopen"),
            &auditor,
            json!({ "reason": "Nouvelle politique" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Reopened, back in review: the auditor sends it back for a new round.
    let (status, body) = app
        .post(
            &format!("{base}/request-changes"),
            &auditor,
            json!({ "comment": "Mettre à jour 1.1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .answer(
            &manager,
            id,
            "1.1",
            json!({ "answer": "yes", "comment": "Nouvelle version" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, a) = app.get(&base, &auditor).await;
    assert!(a["verdicts"]["1.1"].is_null(), "changed: {}", a["verdicts"]);
    assert_eq!(a["verdicts"]["1.2"]["carried"], true, "{}", a["verdicts"]);
}
