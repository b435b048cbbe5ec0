//! A SQLite installation moves to PostgreSQL with `export-db` and `import-db`: the same
//! users, answers, evidence, certificates and audit trail on the other side. Runs with
//! `TEST_DATABASE_URL` (a PostgreSQL server).

mod common;

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use codecheck::AppState;
use common::{TestApp, upload};
use http_body_util::BodyExt;
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

fn codecheck(database_url: &str, data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_codecheck"));
    cmd.env("DATABASE_URL", database_url)
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .env("CODECHECK_DATA_DIR", data_dir)
        .env_remove("CODECHECK_EVIDENCE_STORE");
    cmd
}

#[tokio::test]
async fn a_sqlite_installation_moves_to_postgresql_whole() {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipped: set TEST_DATABASE_URL to a PostgreSQL server");
        return;
    };
    if !admin.starts_with("postgres") {
        return;
    }
    // The source: SQLite, whatever TEST_DATABASE_URL says.
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("source.db").display());
    let source = TestApp::with_settings(|s| s.database_url = sqlite.clone()).await;
    let manager = source.login("manager-a1@test").await;
    let auditor = source.login("auditor-a@test").await;
    let (status, file) = upload(
        &source,
        &manager,
        source.seed.site_a1,
        "policy.pdf",
        PDF,
        &[("item_keys", "1.1")],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let id = source
        .complete_assessment(&manager, source.seed.site_a1, 2026)
        .await;
    source.submit(&manager, id).await;
    let (status, _) = source
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/approve"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, before) = source
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    let serial = before["certificate_serial"].as_str().unwrap().to_owned();
    let (_, history_before) = source
        .get(
            &format!("/api/v1/assessments/{id}/history?limit=200"),
            &manager,
        )
        .await;

    let export = dir.path().join("installation.jsonl");
    let data = source.state.settings.data_dir.clone();
    let out = codecheck(&sqlite, &data)
        .arg("export-db")
        .arg(&export)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The target: an empty PostgreSQL database, a new instance with a data directory of its
    // own (so its own signing key, and evidence in the database).
    let target = common::database_url(&dir);
    let target_dir = tempfile::tempdir().unwrap();
    let out = codecheck(&target, target_dir.path())
        .arg("import-db")
        .arg(&export)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Importing twice is refused: the target is no longer empty.
    let again = codecheck(&target, target_dir.path())
        .arg("import-db")
        .arg(&export)
        .output()
        .unwrap();
    assert!(!again.status.success());

    let mut settings = (*source.state.settings).clone();
    settings.database_url = target;
    settings.data_dir = target_dir.path().join("data");
    settings.evidence_store = None;
    let moved = TestApp::from_state(AppState::open(settings).await.unwrap(), target_dir).await;

    // The same people, with their passwords; the same assessment and history.
    let manager = moved.login("manager-a1@test").await;
    let (status, after) = moved
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    for field in [
        "status",
        "answers",
        "round",
        "certificate_serial",
        "criteria",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
    let (_, history_after) = moved
        .get(
            &format!("/api/v1/assessments/{id}/history?limit=200"),
            &manager,
        )
        .await;
    assert_eq!(history_after["entries"], history_before["entries"]);
    let (entries, broken) = moved.state.store.verify_audit_log().await.unwrap();
    assert!(entries > 0);
    assert_eq!(broken, None, "the audit trail's chain holds");

    // The certificate verifies on the new instance; the evidence file came along.
    let (_, v) = moved
        .api("GET", &format!("/api/v1/verify/{serial}"), None, None)
        .await;
    assert_eq!(v["status"], "valid", "{v}");
    let res = moved
        .send(
            Request::get(format!("/api/v1/evidence/{}", file["id"]))
                .header(header::AUTHORIZATION, format!("Bearer {manager}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        &res.into_body().collect().await.unwrap().to_bytes()[..],
        PDF
    );

    // And new work gets new ids.
    let admin = moved.login("admin@test").await;
    let (status, site) = moved
        .post(
            &format!("/api/v1/units/{}/sites", source.seed.unit_a),
            &admin,
            json!({ "name": "Hôtel Nouveau", "city": "Liège" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
}
