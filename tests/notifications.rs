//! Notifications: who hears about submissions, decisions and due findings, in the app and by
//! e-mail, and each user's e-mail choices.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::{Browser, Outbox, TestApp};
use serde_json::{Value, json};

async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let (status, body) = app.get("/api/v1/notifications", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn submitted_assessment(app: &TestApp, manager: &str) -> i64 {
    let id = app
        .complete_assessment(manager, app.seed.site_a1, 2026)
        .await;
    let (status, body) = app.submit(manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

#[tokio::test]
async fn the_review_notifies_the_people_concerned_and_nobody_else() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let company = app.login("company-a@test").await;
    let other_manager = app.login("manager-b1@test").await;
    let admin = app.login("admin@test").await;
    let id = submitted_assessment(&app, &manager).await;

    assert_eq!(kinds(&app, &auditor).await, ["submitted"]);
    assert!(
        kinds(&app, &manager).await.is_empty(),
        "the author is not told"
    );
    assert!(kinds(&app, &other_manager).await.is_empty());
    assert!(kinds(&app, &admin).await.is_empty());

    let (_, list) = app.get("/api/v1/notifications", &auditor).await;
    let n = &list["notifications"][0];
    assert_eq!(n["assessment_id"], id);
    assert_eq!(list["unread"], 1);
    assert!(
        n["text"].as_str().unwrap().contains("Hôtel Alpha Namur"),
        "{n}"
    );

    let (status, _) = app
        .post(
            &format!("/api/v1/assessments/{id}/request-changes"),
            &auditor,
            json!({ "comment": "Voir 1.1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kinds(&app, &manager).await, ["changes_requested"]);
    assert_eq!(
        kinds(&app, &company).await,
        ["changes_requested"],
        "the company admin hears too"
    );
    assert!(kinds(&app, &other_manager).await.is_empty());
    assert_eq!(
        kinds(&app, &auditor).await,
        ["submitted"],
        "not told of their own decision"
    );
    // The manager is French: the text is too.
    let (_, list) = app.get("/api/v1/notifications", &manager).await;
    let text = list["notifications"][0]["text"].as_str().unwrap();
    assert!(text.contains("2026") && !text.contains("asked"), "{text}");

    app.submit(&manager, id).await;
    assert_eq!(
        kinds(&app, &auditor).await,
        ["submitted", "submitted"],
        "each round is announced"
    );
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/approve"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        kinds(&app, &manager).await,
        ["approved", "changes_requested"]
    );
}

#[tokio::test]
async fn notifications_are_marked_read_by_their_owner_only() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    submitted_assessment(&app, &manager).await;
    let (_, list) = app.get("/api/v1/notifications", &auditor).await;
    let nid = list["notifications"][0]["id"].as_i64().unwrap();

    let read = format!("/api/v1/notifications/{nid}/read");
    let (status, _) = app.api("POST", &read, Some(&manager), None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "someone else's notification does not exist for them"
    );
    let (_, list) = app.get("/api/v1/notifications?unread=true", &auditor).await;
    assert_eq!(list["unread"], 1);

    let (status, _) = app.api("POST", &read, Some(&auditor), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = app.get("/api/v1/notifications?unread=true", &auditor).await;
    assert_eq!(list["unread"], 0);
    assert_eq!(list["notifications"], json!([]));
    let (_, all) = app.get("/api/v1/notifications", &auditor).await;
    assert!(all["notifications"][0]["read_at"].is_string());

    let (status, _) = app.get("/api/v1/notifications", "not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn e_mails_follow_each_users_choices_and_language() {
    let outbox = Arc::new(Outbox::default());
    let app = TestApp::with_mailer(Some(outbox.clone())).await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;

    let (_, settings) = app.get("/api/v1/notification-settings", &manager).await;
    assert_eq!(settings["email_configured"], true);
    assert_eq!(settings["email"]["changes_requested"], true, "{settings}");
    assert!(
        settings["email"].get("submitted").is_none(),
        "a site manager is never told of submissions"
    );
    let (status, body) = app
        .put(
            "/api/v1/notification-settings",
            &manager,
            json!({ "email": { "changes_requested": false } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email"]["changes_requested"], false);
    assert_eq!(body["email"]["approved"], true);
    let (status, body) = app
        .put(
            "/api/v1/notification-settings",
            &manager,
            json!({ "email": { "everything": true } }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["fields"]["email"]
            .as_str()
            .unwrap()
            .contains("everything"),
        "{body}"
    );

    let id = submitted_assessment(&app, &manager).await;
    assert!(
        outbox.sent.lock().unwrap().is_empty(),
        "e-mails wait in the outbox until the worker sends them"
    );
    let sent = codecheck::mail::deliver_pending(&app.state).await.unwrap();
    assert_eq!(sent, 1);
    let mails = outbox.to("auditor-a@test");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("Hôtel Alpha Namur"), "{mails:?}");
    assert!(
        mails[0]
            .body
            .contains(&format!("http://localhost/assessments/{id}")),
        "{}",
        mails[0].body
    );
    assert_eq!(
        codecheck::mail::deliver_pending(&app.state).await.unwrap(),
        0,
        "nothing is sent twice"
    );

    app.post(
        &format!("/api/v1/assessments/{id}/request-changes"),
        &auditor,
        json!({ "comment": "Voir 1.1" }),
    )
    .await;
    codecheck::mail::deliver_pending(&app.state).await.unwrap();
    assert!(
        outbox.to("manager-a1@test").is_empty(),
        "the manager said no to these e-mails"
    );
    assert_eq!(outbox.to("company-a@test").len(), 1);
    assert_eq!(
        kinds(&app, &manager).await,
        ["changes_requested"],
        "the in-app notification is there all the same"
    );

    app.submit(&manager, id).await;
    app.api(
        "POST",
        &format!("/api/v1/assessments/{id}/approve"),
        Some(&auditor),
        None,
    )
    .await;
    codecheck::mail::deliver_pending(&app.state).await.unwrap();
    let mails = outbox.to("manager-a1@test");
    assert_eq!(mails.len(), 1, "approvals still come by e-mail");
    let english = codecheck::i18n::t(codecheck::domain::Lang::En, "email-footer");
    assert!(
        !mails[0].body.contains(&english[..20]),
        "the French manager gets French: {}",
        mails[0].body
    );
}

#[tokio::test]
async fn a_failing_mail_server_loses_nothing() {
    let outbox = Arc::new(Outbox::default());
    let app = TestApp::with_mailer(Some(outbox.clone())).await;
    let manager = app.login("manager-a1@test").await;
    outbox.fail.store(true, std::sync::atomic::Ordering::SeqCst);
    submitted_assessment(&app, &manager).await;
    assert_eq!(
        codecheck::mail::deliver_pending(&app.state).await.unwrap(),
        0
    );
    outbox
        .fail
        .store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        codecheck::mail::deliver_pending(&app.state).await.unwrap(),
        1,
        "the e-mail is tried again"
    );
    assert_eq!(outbox.to("auditor-a@test").len(), 1);
}

#[tokio::test]
async fn findings_due_soon_and_overdue_are_announced_once() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = submitted_assessment(&app, &manager).await;
    let today = time::OffsetDateTime::now_utc().date();
    let due = today + time::Duration::days(30);
    let (status, f) = app
        .post(
            &format!("/api/v1/assessments/{id}/findings"),
            &auditor,
            json!({ "item_key": "1.1", "severity": "minor", "action": "Afficher la politique", "due_date": due.to_string() }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");

    let store = &app.state.store;
    assert_eq!(store.sweep_finding_reminders(today).await.unwrap(), 0);
    let soon = due - time::Duration::days(3);
    assert!(store.sweep_finding_reminders(soon).await.unwrap() > 0);
    assert_eq!(
        store.sweep_finding_reminders(soon).await.unwrap(),
        0,
        "a second sweep (another instance) adds nothing"
    );
    assert_eq!(kinds(&app, &manager).await, ["finding_due_soon"]);
    let (_, list) = app.get("/api/v1/notifications", &manager).await;
    assert_eq!(list["notifications"][0]["finding_id"], f["id"]);

    let late = due + time::Duration::days(1);
    store.sweep_finding_reminders(late).await.unwrap();
    assert_eq!(
        kinds(&app, &manager).await,
        ["finding_overdue", "finding_due_soon"]
    );
    assert!(
        kinds(&app, &auditor)
            .await
            .contains(&"finding_overdue".to_owned()),
        "the auditor who raised it hears when it is overdue"
    );

    // A closed finding is not chased.
    let fid = f["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/findings/{fid}/close"),
        &auditor,
        json!({}),
    )
    .await;
    assert_eq!(
        store
            .sweep_finding_reminders(late + time::Duration::days(5))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn the_notifications_page_lists_opens_and_saves_choices() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let auditor_token = app.login("auditor-a@test").await;
    let id = submitted_assessment(&app, &token).await;
    let _: (StatusCode, Value) = app
        .post(
            &format!("/api/v1/assessments/{id}/request-changes"),
            &auditor_token,
            json!({ "comment": "Voir 1.1" }),
        )
        .await;

    let mut browser = Browser::new(&app);
    browser.login("manager-a1@test").await;
    let home = browser.get("/").await;
    assert!(
        home.body.contains("class=\"count\""),
        "the navigation shows the unread count"
    );
    let page = browser.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hôtel Alpha Namur"), "{}", page.body);
    let (_, list) = app.get("/api/v1/notifications", &token).await;
    let nid = list["notifications"][0]["id"].as_i64().unwrap();

    let open = browser
        .submit("/notifications", &format!("/notifications/{nid}/open"), &[])
        .await;
    assert_eq!(open.status, StatusCode::SEE_OTHER);
    assert_eq!(
        open.location.as_deref(),
        Some(&*format!("/assessments/{id}"))
    );
    let (_, list) = app.get("/api/v1/notifications", &token).await;
    assert_eq!(list["unread"], 0);

    // Unticked boxes are a "no"; ticked ones a "yes".
    let saved = browser
        .submit(
            "/notifications",
            "/notifications/settings",
            &[("email_approved", "1")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let (_, settings) = app.get("/api/v1/notification-settings", &token).await;
    assert_eq!(settings["email"]["approved"], true);
    assert_eq!(settings["email"]["changes_requested"], false);
    assert_eq!(settings["email"]["finding_overdue"], false);

    let forged = browser
        .post_raw("/notifications/settings", &[("csrf", "forged")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
