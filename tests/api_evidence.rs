//! Evidence files through the API: type checks, versions, downloads, and the exact versions
//! a submission keeps.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, upload};
use http_body_util::BodyExt;

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn download(app: &TestApp, token: &str, id: i64) -> axum::response::Response {
    app.send(
        Request::get(format!("/api/v1/evidence/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_pdf_is_kept_exactly_and_downloaded_as_an_attachment() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let (status, e) = upload(
        &app,
        &token,
        app.seed.site_a1,
        "Politique signée.pdf",
        PDF,
        &[("item_keys", "1.1,1.2"), ("valid_until", "2030-12-31")],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    assert_eq!(e["media_type"], "application/pdf");
    assert_eq!(e["size"], PDF.len());
    assert_eq!(e["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(e["item_keys"], serde_json::json!(["1.1", "1.2"]));
    assert_eq!(e["expired"], false);

    let res = download(&app, &token, e["id"].as_i64().unwrap()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let disposition = res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("Politique%20sign%C3%A9e.pdf"),
        "{disposition}"
    );
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&bytes[..], PDF, "byte for byte");

    // The auditor of the company downloads it; another company does not.
    let auditor = app.login("auditor-a@test").await;
    assert_eq!(
        download(&app, &auditor, e["id"].as_i64().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
    let other = app.login("manager-b1@test").await;
    assert_eq!(
        download(&app, &other, e["id"].as_i64().unwrap())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = upload(&app, &other, app.seed.site_a1, "x.pdf", PDF, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = upload(&app, &auditor, app.seed.site_a1, "x.pdf", PDF, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_content_decides_the_type_not_the_name() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00";
    let (status, err) = upload(&app, &token, app.seed.site_a1, "policy.pdf", exe, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "file");
    let (status, err) = upload(
        &app,
        &token,
        app.seed.site_a1,
        "policy.pdf",
        PDF,
        &[("item_keys", "9.9")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["error"]["message"].as_str().unwrap().contains("9.9"));
    let (status, _) = upload(&app, &token, app.seed.site_a1, "empty.pdf", b"", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = PDF.to_vec();
    big.resize(21 * 1024 * 1024, b' ');
    let (status, err) = upload(&app, &token, app.seed.site_a1, "big.pdf", &big, &[]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    let (_, list) = app
        .get(
            &format!("/api/v1/sites/{}/evidence", app.seed.site_a1),
            &token,
        )
        .await;
    assert_eq!(list["evidence"], serde_json::json!([]), "nothing was kept");
}

#[tokio::test]
async fn a_submission_keeps_the_versions_it_was_made_with() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let (_, v1) = upload(
        &app,
        &token,
        site,
        "policy-2025.pdf",
        PDF,
        &[("item_keys", "1.1"), ("valid_until", "2020-01-01")],
    )
    .await;
    let id = app.complete_assessment(&token, site, 2026).await;
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["evidence"]["1.1"][0]["id"], v1["id"]);
    assert_eq!(a["evidence"]["1.1"][0]["expired"], true, "valid until 2020");
    let (status, _) = app.submit(&token, id).await;
    assert_eq!(status, StatusCode::OK);

    let mut pdf2 = PDF.to_vec();
    pdf2.extend_from_slice(b"% revised\n");
    let replaces = v1["id"].to_string();
    let (status, v2) = upload(
        &app,
        &token,
        site,
        "policy-2026.pdf",
        &pdf2,
        &[("replaces", &replaces)],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v2}");
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["document_id"], v1["document_id"]);
    assert_eq!(
        v2["item_keys"],
        serde_json::json!(["1.1"]),
        "a new version keeps the items"
    );

    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["evidence"]["1.1"].as_array().unwrap().len(), 1);
    assert_eq!(
        a["evidence"]["1.1"][0]["id"], v1["id"],
        "the submitted version, not the new one"
    );
    let (_, list) = app
        .get(&format!("/api/v1/sites/{site}/evidence"), &token)
        .await;
    assert_eq!(
        list["evidence"].as_array().unwrap().len(),
        2,
        "the old version is kept"
    );
    let old = download(&app, &token, v1["id"].as_i64().unwrap()).await;
    assert_eq!(
        &old.into_body().collect().await.unwrap().to_bytes()[..],
        PDF
    );
}
