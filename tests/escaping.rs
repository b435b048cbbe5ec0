//! A hotel named like an attack stays text wherever its name goes: pages, PDFs, CSV exports
//! (where a formula would run in Excel) and e-mails.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Browser, Outbox, TestApp};
use http_body_util::BodyExt;
use serde_json::json;

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=cmd|' /C calc'!A0";

async fn bytes(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let res = app
        .send(
            Request::get(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

#[tokio::test]
async fn a_site_named_like_an_attack_is_shown_as_text_everywhere() {
    let outbox = Arc::new(Outbox::default());
    let app = TestApp::with_mailer(Some(outbox.clone())).await;
    let admin = app.login("admin@test").await;
    let (status, site) = app
        .post(
            &format!("/api/v1/units/{}/sites", app.seed.unit_a),
            &admin,
            json!({ "name": SCRIPT, "city": FORMULA }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");
    let site_id = site["id"].as_i64().unwrap();
    let (status, manager) = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "evil-site@test", "password": common::PASSWORD, "role": "site_manager", "scope_id": site_id }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{manager}");
    let manager = app.login("evil-site@test").await;
    let id = app.complete_assessment(&manager, site_id, 2026).await;
    app.submit(&manager, id).await;
    codecheck::mail::deliver_pending(&app.state).await.unwrap();

    // Pages: the name is escaped, never markup.
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    for path in [
        "/".to_owned(),
        format!("/sites/{site_id}"),
        format!("/assessments/{id}"),
        format!("/assessments/{id}/gap-report"),
        format!("/companies/{}/dashboard?year=2026", app.seed.company_a),
    ] {
        let page = b.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains(SCRIPT),
            "{path} carries the script as markup"
        );
        assert!(
            page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                || page
                    .body
                    .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{path} shows the name as text"
        );
    }

    // PDF: the name is drawn as the characters it has.
    let company = app.login("company-a@test").await;
    let (status, pdf) = bytes(
        &app,
        &company,
        &format!("/api/v1/assessments/{id}/gap-report.pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf_text(&pdf).contains(SCRIPT));

    // CSV: a cell that would start a formula is neutralised with a quote.
    let (status, csv) = bytes(
        &app,
        &company,
        &format!(
            "/api/v1/companies/{}/export.csv?year=2026",
            app.seed.company_a
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains("alert(1)"))
        .expect("the site's row");
    assert!(
        row.contains(&format!("'{FORMULA}")) || row.contains(&format!("\"'{}", &FORMULA[..4])),
        "{row}"
    );
    assert!(
        !row.split(';')
            .any(|cell| cell.trim_matches('"').starts_with('=')),
        "{row}"
    );

    // E-mail: the auditor's notification names the site as plain text.
    let mails = outbox.to("auditor-a@test");
    let mail = mails
        .iter()
        .find(|m| m.body.contains("alert(1)") || m.subject.contains("alert(1)"))
        .expect("the auditor was told of the submission");
    assert!(
        mail.body.contains(SCRIPT) || mail.subject.contains(SCRIPT),
        "plain text keeps the characters"
    );
}
