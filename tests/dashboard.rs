//! The group dashboard and exports on a small data set with known answers, and who sees what.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Browser, TestApp};
use http_body_util::BodyExt;
use serde_json::{Value, json};

/// Site A1: complete and approved (certificate valid). Site A2: draft with 1.1 answered no.
async fn seeded() -> TestApp {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
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
    let company = app.login("company-a@test").await;
    let draft = app.start(&company, app.seed.site_a2, 2026).await;
    app.answer(&company, draft, "1.1", json!({ "answer": "no" }))
        .await;
    app
}

async fn raw(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>, String) {
    let res = app
        .send(
            Request::get(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
        ctype,
    )
}

#[tokio::test]
async fn the_dashboard_counts_sites_by_status_and_criterion() {
    let app = seeded().await;
    let company = app.login("company-a@test").await;
    let path = format!(
        "/api/v1/companies/{}/dashboard?year=2026",
        app.seed.company_a
    );
    let (status, d) = app.get(&path, &company).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["sites_total"], 2);
    assert_eq!(d["by_status"]["certificate_valid"], 1);
    assert_eq!(d["by_status"]["draft"], 1);
    assert_eq!(d["by_status"]["not_started"], 0);
    let criteria = d["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 6);
    assert_eq!(criteria[0]["id"], "policy");
    assert_eq!(
        criteria[0]["compliant_sites"], 1,
        "only the approved site meets 1"
    );
    assert_eq!(d["training_coverage"], Value::Null, "no staff recorded");
    assert_eq!(d["units"].as_array().unwrap().len(), 1);
    assert_eq!(d["countries"][0]["country"], "BE");

    // Filters.
    let (_, only_draft) = app.get(&format!("{path}&status=draft"), &company).await;
    assert_eq!(only_draft["sites_total"], 1);
    let (_, failing) = app.get(&format!("{path}&failing=1"), &company).await;
    assert_eq!(failing["sites_total"], 1, "the draft fails criterion 1");
    let (_, searched) = app.get(&format!("{path}&q=brugge"), &company).await;
    assert_eq!(searched["sites_total"], 1);
    let (status, _) = app.get(&format!("{path}&status=nonsense"), &company).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, earlier) = app
        .get(
            &format!(
                "/api/v1/companies/{}/dashboard?year=2025",
                app.seed.company_a
            ),
            &company,
        )
        .await;
    assert_eq!(earlier["by_status"]["not_started"], 2);
}

#[tokio::test]
async fn each_role_sees_its_own_part_of_the_group() {
    let app = seeded().await;
    let path = |c: i64| format!("/api/v1/companies/{c}/dashboard?year=2026");
    let unit = app.login("unit-a@test").await;
    assert_eq!(
        app.get(&path(app.seed.company_a), &unit).await.1["sites_total"],
        2
    );
    let auditor = app.login("auditor-a@test").await;
    assert_eq!(
        app.get(&path(app.seed.company_a), &auditor).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&path(app.seed.company_b), &auditor).await.0,
        StatusCode::NOT_FOUND,
        "not assigned to company B"
    );
    let company = app.login("company-a@test").await;
    assert_eq!(
        app.get(&path(app.seed.company_b), &company).await.0,
        StatusCode::NOT_FOUND
    );
    let manager = app.login("manager-a1@test").await;
    assert_eq!(
        app.get(&path(app.seed.company_a), &manager).await.0,
        StatusCode::FORBIDDEN
    );
    let admin = app.login("admin@test").await;
    assert_eq!(
        app.get(&path(app.seed.company_b), &admin).await.1["sites_total"],
        1
    );

    // A unit admin of another unit sees that unit only.
    let (_, other_unit) = app
        .post(
            &format!("/api/v1/companies/{}/units", app.seed.company_a),
            &admin,
            json!({ "name": "Alpha Nederland", "country": "NL" }),
        )
        .await;
    let unit_id = other_unit["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/units/{unit_id}/sites"),
        &admin,
        json!({ "name": "Hotel Alpha Utrecht", "city": "Utrecht" }),
    )
    .await;
    assert_eq!(
        app.get(&path(app.seed.company_a), &company).await.1["sites_total"],
        3
    );
    assert_eq!(
        app.get(&path(app.seed.company_a), &unit).await.1["sites_total"],
        2,
        "unit A only"
    );
}

#[tokio::test]
async fn the_csv_export_has_one_row_per_site_and_opens_in_excel() {
    let app = seeded().await;
    let company = app.login("company-a@test").await;
    let path = format!(
        "/api/v1/companies/{}/export.csv?year=2026",
        app.seed.company_a
    );
    let (status, bytes, ctype) = raw(&app, &company, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and one row per site: {text}");
    assert!(lines[0].starts_with("site_id;site;city;unit;country;year;status"));
    let namur = lines
        .iter()
        .find(|l| l.contains("Hôtel Alpha Namur"))
        .unwrap();
    assert!(
        namur.contains(";certificate_valid;100;6;yes;yes;yes;yes;yes;yes;"),
        "{namur}"
    );
    let brugge = lines.iter().find(|l| l.contains("Brugge")).unwrap();
    assert!(brugge.contains(";draft;"), "{brugge}");

    let (_, bytes, _) = raw(&app, &company, &format!("{path}&sep=,")).await;
    assert!(String::from_utf8_lossy(&bytes).contains("site_id,site,city"));
    let (status, _, _) = raw(&app, &company, &format!("{path}&sep=|")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, bytes, _) = raw(
        &app,
        &company,
        &format!(
            "/api/v1/companies/{}/export.json?year=2026",
            app.seed.company_a
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<Value> = String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);

    let manager = app.login("manager-a1@test").await;
    assert_eq!(raw(&app, &manager, &path).await.0, StatusCode::FORBIDDEN);
    let other = format!(
        "/api/v1/companies/{}/export.csv?year=2026",
        app.seed.company_b
    );
    assert_eq!(raw(&app, &company, &other).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_dashboard_page_shows_the_matrix_and_charts() {
    let app = seeded().await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let page = b
        .get(&format!(
            "/companies/{}/dashboard?year=2026",
            app.seed.company_a
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<svg role=\"img\""),
        "charts with a role"
    );
    assert!(page.body.contains("<title id=\"chart-criteria-title\">"));
    assert!(page.body.contains("Hôtel Alpha Namur"));
    assert!(page.body.contains("cell-ok") && page.body.contains("cell-no"));
    let mut manager = Browser::new(&app);
    manager.login("manager-a1@test").await;
    assert_eq!(
        manager
            .get(&format!(
                "/companies/{}/dashboard?year=2026",
                app.seed.company_a
            ))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_trend_counts_sites_meeting_every_criterion_each_year() {
    let app = seeded().await;
    let manager = app.login("manager-a1@test").await;
    // Last year, site A1 answered everything "no": not compliant.
    let id = app.start(&manager, app.seed.site_a1, 2025).await;
    for key in app.item_keys() {
        app.answer(&manager, id, &key, json!({ "answer": "no" }))
            .await;
    }
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let page = b
        .get(&format!(
            "/companies/{}/dashboard?year=2026",
            app.seed.company_a
        ))
        .await;
    let desc_start = page.body.find("<desc id=\"chart-trend-desc\">").unwrap();
    let desc = &page.body[desc_start..desc_start + 120];
    assert!(desc.contains("2025: 0 %"), "{desc}");
    assert!(
        desc.contains("2026: 50 %"),
        "one of two sites meets all six: {desc}"
    );
}

/// The Filter button sends every field, empty ones included: the page must accept its own
/// defaults, refuse a malformed value in the user's language, and its CSV link must open
/// with the session that shows the page.
#[tokio::test]
async fn the_dashboard_filter_accepts_its_defaults_and_its_export_opens() {
    let app = seeded().await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let company = app.seed.company_a;
    let page = b
        .get(&format!(
            "/companies/{company}/dashboard?year=2026&unit_id=&country=&status=&failing=&q=&sort="
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);

    let bad = b
        .get(&format!("/companies/{company}/dashboard?year=abc&unit_id="))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("“abc” of the field “year”"),
        "{}",
        bad.body
    );
    assert!(!bad.body.contains("invalid digit"), "{}", bad.body);

    let (status, body) = app
        .get(
            &format!("/api/v1/companies/{company}/dashboard?year=2026&unit_id="),
            &app.login("company-a@test").await,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let start = page.body.find("export.csv").expect("an export link");
    let href_start = page.body[..start].rfind("href=\"").unwrap() + 6;
    let href_end = href_start + page.body[href_start..].find('"').unwrap();
    let href = page.body[href_start..href_end].replace("&amp;", "&");
    assert!(!href.starts_with("/api/"), "{href}");
    let export = b.get(&href).await;
    assert_eq!(export.status, StatusCode::OK, "{href}: {}", export.body);
    assert!(export.body.contains("Hotel"), "{}", export.body);
}

/// The export link of a filtered dashboard holds the sites the dashboard lists, no others:
/// each filter goes with it, and an export whose filters keep no site is a header alone.
#[tokio::test]
async fn the_export_holds_the_sites_the_filtered_dashboard_lists() {
    let app = seeded().await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let company = app.seed.company_a;
    let export_of = |body: &str| {
        let start = body.find("export.csv").expect("an export link");
        let href_start = body[..start].rfind("href=\"").unwrap() + 6;
        let href_end = href_start + body[href_start..].find('"').unwrap();
        body[href_start..href_end]
            .replace("&amp;", "&")
            .replace("&#38;", "&")
    };
    let sites = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.split(';').nth(1).unwrap().trim_matches('"').to_owned())
            .collect()
    };
    let all = b
        .get(&format!("/companies/{company}/dashboard?year=2026"))
        .await;
    let everything = b.get(&export_of(&all.body)).await;
    assert_eq!(sites(&everything.body).len(), 2, "{}", everything.body);
    for (filter, expected) in [
        ("status=draft", 1),
        ("failing=1", 1),
        ("status=certificate_valid", 1),
        ("country=be", 2),
        ("country=FR", 0),
        ("q=NOWHERE", 0),
    ] {
        let page = b
            .get(&format!(
                "/companies/{company}/dashboard?year=2026&{filter}&sort=status"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{filter}");
        let href = export_of(&page.body);
        assert!(href.contains(filter.split('=').next().unwrap()), "{href}");
        let export = b.get(&href).await;
        assert_eq!(export.status, StatusCode::OK, "{href}: {}", export.body);
        let listed = sites(&export.body);
        assert_eq!(listed.len(), expected, "{filter}: {href} {listed:?}");
        for name in &listed {
            assert!(
                page.body.contains(name.as_str()),
                "{filter}: {name} not on the page"
            );
        }
        assert!(
            export.body.starts_with("\u{feff}site_id;"),
            "{filter}: the header"
        );
    }
    // The drafted site only, by its unit and its name, through the API too.
    let token = app.login("company-a@test").await;
    let (status, body) = app
        .get(
            &format!(
                "/api/v1/companies/{company}/export.json?year=2026&unit_id={}&failing=1",
                app.seed.unit_a
            ),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .get(
            &format!("/api/v1/companies/{company}/export.csv?year=2026&status=nonsense"),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}
