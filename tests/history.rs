//! An assessment's history (JSON and CSV) shows the site no more than the assessment's view:
//! the verdicts of a review still open stay with the auditors.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::json;

const COMMENT_1: &str = "Signature manquante au dossier";
const COMMENT_2: &str = "Toujours pas de date de signature";

/// The history as `token` sees it: (actions, the JSON text, the CSV text).
async fn history(app: &TestApp, id: i64, token: &str) -> (Vec<String>, String, String) {
    let (status, h) = app
        .get(&format!("/api/v1/assessments/{id}/history"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{h}");
    let actions = h["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    let res = app
        .send(
            Request::get(format!("/api/v1/assessments/{id}/history.csv"))
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.into_body().collect().await.unwrap().to_bytes();
    (
        actions,
        h.to_string(),
        String::from_utf8_lossy(&csv).into_owned(),
    )
}

fn verdicts_in(actions: &[String]) -> usize {
    actions.iter().filter(|a| *a == "verdict.recorded").count()
}

#[tokio::test]
async fn the_history_hides_the_verdicts_of_an_open_review_from_the_site() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let company = app.login("company-a@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let verdict = format!("/api/v1/assessments/{id}/verdicts/1.1");
    let (status, v) = app
        .put(
            &verdict,
            &auditor,
            json!({ "verdict": "rejected", "comment": COMMENT_1 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");

    // The view hides it from the site; so must the history, in both forms.
    let (_, seen) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(seen["verdicts"], json!({}));
    for token in [&manager, &company] {
        let (actions, json, csv) = history(&app, id, token).await;
        assert_eq!(verdicts_in(&actions), 0, "{actions:?}");
        assert!(actions.contains(&"assessment.submitted".to_owned()));
        assert!(!json.contains(COMMENT_1), "{json}");
        assert!(!csv.contains(COMMENT_1), "{csv}");
        assert!(!csv.contains("verdict.recorded"), "{csv}");
    }
    let (actions, json, csv) = history(&app, id, &auditor).await;
    assert_eq!(verdicts_in(&actions), 1, "the auditors see their own work");
    assert!(json.contains(COMMENT_1) && csv.contains(COMMENT_1));

    // Once the auditor has decided, the site sees the verdicts in the view and the history.
    let (status, d) = app
        .post(
            &format!("/api/v1/assessments/{id}/request-changes"),
            &auditor,
            json!({ "comment": "Voir 1.1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let (actions, json, csv) = history(&app, id, &manager).await;
    assert_eq!(verdicts_in(&actions), 1, "{actions:?}");
    assert!(json.contains(COMMENT_1) && csv.contains(COMMENT_1));

    // A second round under review: the first round's verdict stays shown, the new one hidden.
    let (status, _) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK);
    app.put(
        &verdict,
        &auditor,
        json!({ "verdict": "rejected", "comment": COMMENT_2 }),
    )
    .await;
    let (_, seen) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(seen["verdicts"], json!({}));
    let (actions, json, csv) = history(&app, id, &manager).await;
    assert_eq!(verdicts_in(&actions), 1, "{actions:?}");
    assert!(json.contains(COMMENT_1), "{json}");
    for text in [&json, &csv] {
        assert!(!text.contains(COMMENT_2), "{text}");
    }
    let (actions, _, _) = history(&app, id, &auditor).await;
    assert_eq!(verdicts_in(&actions), 2);
}
