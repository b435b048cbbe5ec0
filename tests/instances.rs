//! Two app instances on one database, as behind a load balancer: what one does, the other
//! sees. Runs on SQLite (two instances on one file) and, with `TEST_DATABASE_URL`, on
//! PostgreSQL.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use codecheck::AppState;
use common::{TestApp, upload};
use http_body_util::BodyExt;

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Instance A (seeded) and instance B: the same database, each its own data directory (so
/// its own signing key); evidence in the database, as several instances need.
async fn two_instances() -> (TestApp, TestApp) {
    two_instances_mailing(None).await
}

async fn two_instances_mailing(
    mailer: Option<std::sync::Arc<dyn codecheck::mail::Mailer>>,
) -> (TestApp, TestApp) {
    let a = TestApp::build(mailer.clone(), |s| {
        s.evidence_store = Some("database".into())
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = (*a.state.settings).clone();
    settings.data_dir = dir.path().join("data");
    let mut b_state = AppState::open(settings)
        .await
        .expect("the second instance opens");
    if let Some(m) = mailer {
        b_state.enable_mail(m);
    }
    assert_ne!(
        a.state.keys.key_id(),
        b_state.keys.key_id(),
        "each instance has its own key here"
    );
    let b = TestApp::from_state(b_state, dir).await;
    (a, b)
}

#[tokio::test]
async fn a_session_started_on_one_instance_continues_on_the_other() {
    let (a, b) = two_instances().await;
    let token = a.login("manager-a1@test").await;
    let (status, me) = b.get("/api/v1/auth/me", &token).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["email"], "manager-a1@test");
    // Logging out on B ends the session on A too.
    assert_eq!(
        b.api("POST", "/api/v1/auth/logout", Some(&token), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        a.get("/api/v1/auth/me", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_user_deactivated_on_one_instance_is_out_on_the_other() {
    let (a, b) = two_instances().await;
    let session = a.login("manager-a1@test").await;
    let (status, made) = a
        .post(
            "/api/v1/tokens",
            &session,
            serde_json::json!({ "name": "HR sync" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let token = made["token"].as_str().unwrap().to_owned();
    assert_eq!(b.get("/api/v1/auth/me", &token).await.0, StatusCode::OK);
    assert_eq!(b.get("/api/v1/auth/me", &session).await.0, StatusCode::OK);
    let admin = a.login("admin@test").await;
    let (_, me) = a.get("/api/v1/auth/me", &session).await;
    let id = me["id"].as_i64().unwrap();
    let (status, _) = a
        .post(
            &format!("/api/v1/users/{id}/deactivate"),
            &admin,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // B holds nothing of its own: the next request there is refused, session and token alike.
    assert_eq!(
        b.get("/api/v1/auth/me", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        b.get("/api/v1/auth/me", &session).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn evidence_uploaded_on_one_instance_downloads_from_the_other() {
    let (a, b) = two_instances().await;
    let token = a.login("manager-a1@test").await;
    let (status, file) = upload(
        &a,
        &token,
        a.seed.site_a1,
        "policy.pdf",
        PDF,
        &[("item_keys", "1.1")],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let id = file["id"].as_i64().unwrap();
    let res = b
        .send(
            Request::get(format!("/api/v1/evidence/{id}"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&bytes[..], PDF, "the same bytes");
}

#[tokio::test]
async fn two_approvals_at_once_through_two_instances_make_one() {
    let (a, b) = two_instances().await;
    let manager = a.login("manager-a1@test").await;
    let auditor = a.login("auditor-a@test").await;
    let id = a.complete_assessment(&manager, a.seed.site_a1, 2026).await;
    let (status, _) = a.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK);
    let approve = format!("/api/v1/assessments/{id}/approve");
    let (first, second) = tokio::join!(
        a.api("POST", &approve, Some(&auditor), None),
        b.api("POST", &approve, Some(&auditor), None),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        first.1,
        second.1
    );
    let certificates = a.state.store.assessment_certificates(id).await.unwrap();
    assert_eq!(certificates.len(), 1, "exactly one certificate");

    // Whichever instance signed it, both say it is valid, and both publish both keys.
    let serial = &certificates[0].serial;
    for app in [&a, &b] {
        let (status, v) = app
            .api("GET", &format!("/api/v1/verify/{serial}"), None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(v["status"], "valid", "{v}");
        let res = app
            .send(
                Request::get("/.well-known/codecheck-keys.json")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let keys: serde_json::Value =
            serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
        let kids: Vec<&str> = keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap())
            .collect();
        assert!(kids.contains(&a.state.keys.key_id().as_str()), "{keys}");
        assert!(kids.contains(&b.state.keys.key_id().as_str()), "{keys}");
    }

    // Offline, next to either instance (its key file, the shared database), the PDF is valid.
    let res = a
        .send(
            Request::get(format!("/api/v1/certificates/{serial}.pdf"))
                .header(header::AUTHORIZATION, format!("Bearer {auditor}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = a.dir.path().join("certificate.pdf");
    std::fs::write(&pdf, res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    for app in [&a, &b] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codecheck"))
            .arg("verify")
            .arg(&pdf)
            .env("DATABASE_URL", &app.state.settings.database_url)
            .env("CODECHECK_DATA_DIR", &app.state.settings.data_dir)
            .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[tokio::test]
async fn instances_draining_the_e_mail_outbox_together_send_each_once() {
    let outbox = std::sync::Arc::new(common::Outbox::default());
    let (a, b) = two_instances_mailing(Some(outbox.clone())).await;
    // Submissions notify the company's auditor: one e-mail each.
    let manager = a.login("manager-a1@test").await;
    for year in [2024, 2025, 2026] {
        let id = a.complete_assessment(&manager, a.seed.site_a1, year).await;
        let (status, _) = a.submit(&manager, id).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (sent_a, sent_b) = tokio::join!(
        codecheck::mail::deliver_pending(&a.state),
        codecheck::mail::deliver_pending(&b.state),
    );
    let total = sent_a.unwrap() + sent_b.unwrap();
    let mails = outbox.to("auditor-a@test");
    assert_eq!(mails.len(), 3, "one e-mail per submission");
    assert_eq!(total, 3, "and no instance sent one twice");
}
