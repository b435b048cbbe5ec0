//! The large demo's generator, at a small scale: the counts it promises, consistent data the
//! dashboard, the exports and the certificate checks read as they read real data.

mod common;

use axum::http::StatusCode;
use codecheck::demo_large::{Scale, seed};

#[tokio::test]
async fn the_generated_group_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let state = codecheck::AppState::open(common::settings(&dir))
        .await
        .unwrap();
    let scale = Scale {
        sites: 60,
        units: 3,
        staff_per_site: 10,
        years: 3,
    };
    seed(&state, Some("lantern orbit meadow 123".into()), scale)
        .await
        .unwrap();
    let app = common::TestApp::from_state(state, dir).await;
    let token = app
        .login_with("company@demo.test", "lantern orbit meadow 123")
        .await;
    let year = time::OffsetDateTime::now_utc().year();
    let (status, d) = app
        .get(
            &format!("/api/v1/companies/1/dashboard?year={year}"),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["sites_total"], 60);
    assert_eq!(d["units"].as_array().unwrap().len(), 3);
    assert!(
        d["training_coverage"].as_f64().is_some(),
        "staff were trained: {d}"
    );
    let statuses: u64 = d["by_status"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(statuses, 60);
    // The bulk load leaves the folded names searches compare: "hotel" finds the Hôtels too.
    let (_, found) = app.get("/api/v1/sites?q=HOTEL&limit=100", &token).await;
    let found = found["sites"].as_array().unwrap();
    assert!(
        found
            .iter()
            .any(|s| s["name"].as_str().unwrap().starts_with("Hôtel ")),
        "{found:?}"
    );
    let (_, last_year) = app
        .get(
            &format!("/api/v1/companies/1/dashboard?year={}", year - 1),
            &token,
        )
        .await;
    assert!(
        last_year["by_status"]["certificate_valid"]
            .as_u64()
            .unwrap()
            + last_year["by_status"]["certificate_expired"]
                .as_u64()
                .unwrap()
            > 40,
        "most of last year's assessments are approved with a certificate: {last_year}"
    );

    // Approvals have their decision, as a real review records it: the annual report counts
    // them.
    let (status, report) = app
        .get(
            &format!("/api/v1/companies/1/annual-reports/{}?lang=en", year - 1),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert!(
        report["figures"]["assessments_approved"].as_u64().unwrap() > 40,
        "{}",
        report["figures"]
    );

    // Ordinary work goes on after the bulk load: new rows get fresh ids (on PostgreSQL too).
    let admin = app
        .login_with("admin@demo.test", "lantern orbit meadow 123")
        .await;
    let (_, units) = app.get("/api/v1/companies/1/units", &admin).await;
    let unit = units["units"][0]["id"].as_i64().unwrap();
    let (status, site) = app
        .post(
            &format!("/api/v1/units/{unit}/sites"),
            &admin,
            serde_json::json!({ "name": "Hôtel d'après", "city": "Gent" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{site}");

    // Its certificates verify like any other: signed with this server's key.
    let store = &app.state.store;
    let certs = store
        .company_certificates(1, i64::from(year - 1))
        .await
        .unwrap();
    assert!(!certs.is_empty());
    // A certificate means compliant: none states a criterion not met.
    for cert in &certs {
        let content = cert.content().unwrap();
        assert!(
            content.criteria.iter().all(|c| c.compliant),
            "{} certifies a failing criterion",
            cert.serial
        );
    }
    let status = codecheck::web::shared::issuing::status_of(&app.state, &certs[0])
        .await
        .unwrap();
    assert_ne!(
        status,
        codecheck::domain::certificate::CertificateStatus::Altered
    );
}
