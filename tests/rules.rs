//! Rules people can see: scores next to a threshold never read as meeting it, and numbers
//! follow the reader's language.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use axum::http::{Request, header};
use common::{Browser, TestApp};
use http_body_util::BodyExt;
use serde_json::{Value, json};

fn criterion<'a>(a: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    a["criteria"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no criterion {id} in {a}"))
}

#[tokio::test]
async fn a_score_just_under_its_threshold_is_rounded_down_in_the_readers_language() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    // Policy weighs 5+5+3+4+3+2 = 22: without 1.3 (3) and 1.6 (2) it scores 17/22 = 77.27 %,
    // under its 80 %. Rounded to the nearest it would read 77.3; rounded down, 77.2.
    for key in ["1.3", "1.6"] {
        let (status, body) = app
            .answer(&manager, id, key, json!({ "answer": "no" }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    let policy = criterion(&a, "policy");
    assert_eq!(policy["score"], 77.2, "{policy}");
    assert_eq!(policy["compliant"], false, "{policy}");

    // The French manager reads a decimal comma, on the checklist and the gap report.
    let mut page = Browser::new(&app);
    page.login("manager-a1@test").await;
    for path in [
        format!("/assessments/{id}"),
        format!("/assessments/{id}/gap-report"),
    ] {
        let res = page.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(res.body.contains("77,2"), "{path}: {}", res.body);
        assert!(!res.body.contains("77,3"), "{path}");
        assert!(!res.body.contains("77.2"), "{path}");
    }

    // Where the score is shown, the criterion states its rule, read from the criteria
    // files, and why it fails: how far under the threshold.
    for path in [
        format!("/assessments/{id}"),
        format!("/assessments/{id}/criteria/policy"),
    ] {
        let body = page.get(&path).await.body;
        assert!(
            body.contains(
                "Pour réussir\u{a0}: les points obligatoires 1.1, 1.2, 1.4 avec la réponse « Oui », et un score d&#39;au moins 80 %."
            ),
            "{path}: {body}"
        );
        assert!(
            body.contains("score de 77,2 % sous les 80 % requis (il manque 2,8 points)"),
            "{path}: {body}"
        );
    }

    // The refusal to approve states the same figure, rounded down, in the auditor's English.
    app.submit(&manager, id).await;
    let (status, err) = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/approve"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("77.2 %"), "{message}");
    assert!(message.contains("80 %"), "{message}");
}

/// `POST path` as `token`, read in `lang` (the auditor has no language of their own).
async fn post_in(app: &TestApp, path: &str, token: &str, lang: &str) -> (StatusCode, Value) {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn the_refused_approval_names_criteria_and_rules_with_numbers_in_the_readers_language() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    // Policy weighs 22: 1.3 partial (half of 3) and 1.5 no (3) leave 17.5/22 = 79.54 %,
    // under its 80 %.
    for (key, answer) in [("1.3", "partial"), ("1.5", "no")] {
        let (status, body) = app
            .answer(&manager, id, key, json!({ "answer": answer }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    app.submit(&manager, id).await;
    let approve = format!("/api/v1/assessments/{id}/approve");

    let (status, fr) = post_in(&app, &approve, &auditor, "fr").await;
    assert_eq!(status, StatusCode::CONFLICT, "{fr}");
    assert_eq!(fr["error"]["code"], "not_compliant");
    assert_eq!(fr["error"]["failing_criteria"][0]["id"], "policy", "{fr}");
    let message = fr["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("critère 1\u{a0}: score de 79,5 % sous les 80 % requis")
            || message.contains("critère 1 : score de 79,5 % sous les 80 % requis"),
        "{message}"
    );
    assert!(!message.contains("79.5"), "{message}");

    let (status, en) = post_in(&app, &approve, &auditor, "en").await;
    assert_eq!(status, StatusCode::CONFLICT, "{en}");
    let message = en["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("criterion 1: score 79.5 % under the 80 % required"),
        "{message}"
    );
    assert!(!message.contains("79,5"), "{message}");
}

#[tokio::test]
async fn the_review_page_states_each_criterions_rule_and_why_it_fails() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    // Policy at 17/22 = 77.27 %, under its 80 %, as above.
    for key in ["1.3", "1.6"] {
        app.answer(&manager, id, key, json!({ "answer": "no" }))
            .await;
    }
    app.submit(&manager, id).await;
    let review = format!("/assessments/{id}/review");
    let mut page = Browser::new(&app);
    page.accept_language = Some("fr".to_owned());
    page.login("auditor-a@test").await;
    let body = page.get(&review).await.body;
    let results = body
        .split("<table class=\"results\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the results table");
    let policy = results
        .split("<tr id=\"result-")
        .find(|r| r.starts_with("policy"))
        .expect("policy's row");
    assert!(
        policy.contains(
            "Pour réussir\u{a0}: les points obligatoires 1.1, 1.2, 1.4 avec la réponse « Oui », et un score d&#39;au moins 80 %."
        ),
        "{policy}"
    );
    assert!(
        policy.contains("score de 77,2 % sous les 80 % requis (il manque 2,8 points)"),
        "{policy}"
    );
    let training = results
        .split("<tr id=\"result-")
        .find(|r| r.starts_with("training"))
        .expect("training's row");
    assert!(
        training.contains("Pour réussir"),
        "every criterion states its rule"
    );
    assert!(
        !training.contains("class=\"why"),
        "a met criterion has no reason to fail"
    );

    // Once judged, the reasons are the audit's: a rejected mandatory item.
    let (status, body) = app
        .put(
            &format!("/api/v1/assessments/{id}/verdicts/2.1"),
            &auditor,
            json!({ "verdict": "rejected", "comment": "Liste absente" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let body = page.get(&review).await.body;
    let training = body
        .split("<tr id=\"result-")
        .find(|r| r.starts_with("training"))
        .expect("training's row");
    assert!(
        training.contains("points obligatoires sans réponse acceptée : 2.1")
            || training.contains("points obligatoires sans réponse acceptée\u{a0}: 2.1"),
        "{training}"
    );
}
