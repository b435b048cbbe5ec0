//! The company's annual report: figures with known answers, narrative versions, publication
//! that freezes everything, who may do what, the three languages and the PDF.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Browser, TestApp};
use http_body_util::BodyExt;
use serde_json::{Value, json};

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// This year, company A: site A1 complete, submitted with a minor finding, approved (its
/// certificate is valid); site A2 a draft with 1.1 answered no. Returns the approved
/// assessment's id.
async fn seeded(app: &TestApp) -> i64 {
    let year = this_year();
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, year)
        .await;
    app.submit(&manager, id).await;
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    let (status, body) = app
        .post(
            &format!("/api/v1/assessments/{id}/findings"),
            &auditor,
            json!({ "item_key": "1.1", "severity": "minor", "action": "Afficher la procédure", "due_date": due }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
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
    let draft = app.start(&company, app.seed.site_a2, year).await;
    app.answer(&company, draft, "1.1", json!({ "answer": "no" }))
        .await;
    id
}

fn report_path(app: &TestApp, year: i32) -> String {
    format!(
        "/api/v1/companies/{}/annual-reports/{year}",
        app.seed.company_a
    )
}

async fn save(
    app: &TestApp,
    token: &str,
    year: i32,
    lang: &str,
    base: i64,
    sections: Value,
) -> (StatusCode, Value) {
    app.put(
        &format!("{}/narrative", report_path(app, year)),
        token,
        json!({ "lang": lang, "base_version": base, "sections": sections }),
    )
    .await
}

async fn get_bytes(app: &TestApp, token: &str, path: &str) -> (StatusCode, String, Vec<u8>) {
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
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ctype, bytes)
}

fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

#[tokio::test]
async fn the_figures_of_a_small_company_are_the_known_ones() {
    let app = TestApp::new().await;
    seeded(&app).await;
    let year = this_year();
    let company = app.login("company-a@test").await;
    let (status, r) = app
        .get(&format!("{}?lang=en", report_path(&app, year)), &company)
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["state"], "not_started");
    assert_eq!(r["version"], 0);
    assert_eq!(r["published_at"], Value::Null);
    let f = &r["figures"];
    assert_eq!(f["company"], "Alpha Hôtels");
    assert_eq!(f["sites_total"], 2);
    let count = |status: &str| {
        f["by_status"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == status)
            .map(|s| s["sites"].clone())
            .unwrap()
    };
    assert_eq!(count("certificate_valid"), 1);
    assert_eq!(count("draft"), 1);
    assert_eq!(count("not_started"), 0);
    let criteria = f["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 6);
    assert_eq!(criteria[0]["id"], "policy");
    assert_eq!(criteria[0]["number"], 1);
    for c in criteria {
        assert_eq!(c["compliant_sites"], 1, "only the approved site: {c}");
        assert_eq!(c["share"], 50);
    }
    assert_eq!(f["training"]["required"], 0);
    assert_eq!(f["training"]["coverage"], Value::Null, "no staff recorded");
    assert_eq!(f["certificates_issued"], 1);
    assert_eq!(f["certificates_valid"], 1);
    assert_eq!(f["findings_raised"], 1);
    assert_eq!(f["findings_closed"], 0);
    assert_eq!(f["assessments_approved"], 1);

    // A year without data: nothing in it, but every site counted as not started.
    let (_, earlier) = app
        .get(
            &format!("{}?lang=en", report_path(&app, year - 3)),
            &company,
        )
        .await;
    assert_eq!(earlier["figures"]["sites_total"], 2);
    assert_eq!(earlier["figures"]["certificates_issued"], 0);
    assert_eq!(
        earlier["figures"]["as_of"],
        format!("{}-12-31", year - 3),
        "a past year is taken on its last day"
    );
    assert_eq!(
        earlier["figures"]["criteria"][0]["share"], 0,
        "sites in scope, none compliant"
    );

    let (status, _) = app
        .get(&format!("{}?lang=de", report_path(&app, year)), &company)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.get(&report_path(&app, 1999), &company).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn saving_keeps_every_version_and_a_stale_base_is_refused() {
    let app = TestApp::new().await;
    let year = this_year();
    let company = app.login("company-a@test").await;
    let (status, v1) = save(
        &app,
        &company,
        year,
        "fr",
        0,
        json!({ "summary": "Première version", "c2": "Formation de l'accueil" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v1}");
    assert_eq!(v1["version"], 1);
    let (status, v2) = save(
        &app,
        &company,
        year,
        "fr",
        1,
        json!({ "summary": "Deuxième version" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v2}");
    assert_eq!(v2["version"], 2);

    let (status, stale) = save(
        &app,
        &company,
        year,
        "fr",
        1,
        json!({ "summary": "Écrit sur une vieille version" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");
    assert!(
        stale["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 2"),
        "{stale}"
    );

    let (status, history) = app
        .get(
            &format!("{}/versions?lang=fr", report_path(&app, year)),
            &company,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "the stale save wrote nothing");
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["sections"]["summary"], "Deuxième version");
    assert_eq!(versions[1]["sections"]["c2"], "Formation de l'accueil");
    assert_eq!(versions[1]["created_by"], "company-a@test");

    let (_, r) = app
        .get(&format!("{}?lang=fr", report_path(&app, year)), &company)
        .await;
    assert_eq!(r["state"], "draft");
    assert_eq!(r["version"], 2);
    assert_eq!(r["narrative"]["summary"], "Deuxième version");
    let (_, other_lang) = app
        .get(&format!("{}?lang=nl", report_path(&app, year)), &company)
        .await;
    assert_eq!(other_lang["version"], 0, "each language has its own texts");

    // Every save is in the audit trail, in the same transaction as the version.
    let (entries, broken) = app.state.store.verify_audit_log().await.unwrap();
    assert!(entries >= 2);
    assert_eq!(broken, None);

    let (status, body) = save(
        &app,
        &company,
        year,
        "fr",
        2,
        json!({ "c7": "?", "summary": "x".repeat(10_001) }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["sections"].is_string(), "{body}");
    assert!(body["error"]["fields"]["summary"].is_string(), "{body}");
    let (status, body) = app
        .put(
            &format!("{}/narrative", report_path(&app, year)),
            &company,
            json!({ "lang": "fr", "sections": { "summary": "sans version" } }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "base_version");

    let (list_status, list) = app
        .get(
            &format!("/api/v1/companies/{}/annual-reports", app.seed.company_a),
            &company,
        )
        .await;
    assert_eq!(list_status, StatusCode::OK);
    let fr = list["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["year"] == year && r["lang"] == "fr")
        .unwrap();
    assert_eq!(fr["state"], "draft");
    assert_eq!(fr["version"], 2);
}

#[tokio::test]
async fn a_published_report_keeps_its_figures_and_texts() {
    let app = TestApp::new().await;
    let approved = seeded(&app).await;
    let year = this_year();
    let company = app.login("company-a@test").await;
    let path = report_path(&app, year);

    let (status, _) = app
        .post(
            &format!("{path}/publish"),
            &company,
            json!({ "lang": "fr" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "nothing written yet: nothing to publish"
    );
    let narrative = "Nous avons formé les équipes de réception à Namur";
    let (status, _) = save(
        &app,
        &company,
        year,
        "fr",
        0,
        json!({ "summary": "Bilan de l'année", "c2": narrative }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, published) = app
        .post(
            &format!("{path}/publish"),
            &company,
            json!({ "lang": "fr", "version": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["state"], "published");
    assert!(published["published_at"].is_string());
    assert_eq!(published["figures"]["certificates_valid"], 1);

    // The data change: the certificate is revoked.
    let auditor = app.login("auditor-a@test").await;
    let (_, assessment) = app
        .get(&format!("/api/v1/assessments/{approved}"), &auditor)
        .await;
    let serial = assessment["certificate_serial"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = app
        .post(
            &format!("/api/v1/certificates/{serial}/revoke"),
            &auditor,
            json!({ "reason": "Erreur de saisie" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (_, frozen) = app.get(&format!("{path}?lang=fr"), &company).await;
    assert_eq!(frozen["state"], "published");
    assert_eq!(frozen["figures"]["certificates_valid"], 1, "frozen");
    assert_eq!(frozen["figures"], published["figures"]);
    assert_eq!(frozen["narrative"]["c2"], narrative);
    let (_, live) = app.get(&format!("{path}?lang=en"), &company).await;
    assert_eq!(live["state"], "not_started");
    assert_eq!(
        live["figures"]["certificates_valid"], 0,
        "the draft is live"
    );
    let (_, next_year) = app
        .get(
            &format!("{}?lang=fr", report_path(&app, year + 1)),
            &company,
        )
        .await;
    assert_eq!(next_year["state"], "not_started");
    assert_eq!(next_year["figures"]["certificates_valid"], 0);
    assert_eq!(next_year["figures"]["sites_total"], 2);

    // The PDF of the published report: the old figures and the narrative.
    let (status, ctype, pdf) = get_bytes(&app, &company, &format!("{path}.pdf?lang=fr")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    let entry = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
    assert_eq!(entry(b"Author"), "Alpha Hôtels");
    assert!(entry(b"Title").starts_with("Rapport annuel"));
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"fr");
    let text = pdf_text(&pdf);
    assert!(text.contains("Rapport annuel"), "{text}");
    assert!(text.contains(narrative), "{text}");
    assert!(text.contains("Bilan de l'année"), "{text}");
    assert!(text.contains("Publié le"), "{text}");
    assert!(text.contains("Page 1 sur"), "{text}");
    let line = text
        .lines()
        .position(|l| l.contains("Certificats valables au"))
        .expect("the certificates row");
    assert!(
        text.lines().skip(line).take(3).any(|l| l.trim() == "1"),
        "the frozen count of valid certificates: {text}"
    );

    // No second publication, no more edits.
    let (status, _) = app
        .post(
            &format!("{path}/publish"),
            &company,
            json!({ "lang": "fr" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = save(
        &app,
        &company,
        year,
        "fr",
        1,
        json!({ "summary": "Trop tard" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, history) = app.get(&format!("{path}/versions?lang=fr"), &company).await;
    assert_eq!(history["versions"].as_array().unwrap().len(), 1);

    // The database refuses to change a publication behind the app's back.
    let pool = sqlx::AnyPool::connect(&app.state.settings.database_url)
        .await
        .unwrap();
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM annual_reports_published")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        sqlx::query("UPDATE annual_reports_published SET figures = '{}' WHERE id = $1")
            .bind(id)
            .execute(&pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM annual_report_versions")
            .execute(&pool)
            .await
            .is_err()
    );

    let (_, list) = app
        .get(
            &format!("/api/v1/companies/{}/annual-reports", app.seed.company_a),
            &company,
        )
        .await;
    let fr = list["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["year"] == year && r["lang"] == "fr")
        .unwrap();
    assert_eq!(fr["state"], "published");
}

#[tokio::test]
async fn each_role_reads_or_writes_what_it_may() {
    let app = TestApp::new().await;
    let year = this_year();
    let path = report_path(&app, year);
    let sections = json!({ "summary": "Texte" });

    let manager = app.login("manager-a1@test").await;
    assert_eq!(app.get(&path, &manager).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        save(&app, &manager, year, "fr", 0, sections.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let other = app.login("company-a@test").await;
    let b_path = format!(
        "/api/v1/companies/{}/annual-reports/{year}",
        app.seed.company_b
    );
    assert_eq!(app.get(&b_path, &other).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.put(
            &format!("{b_path}/narrative"),
            &other,
            json!({ "lang": "fr", "base_version": 0, "sections": sections }),
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    let unit = app.login("unit-a@test").await;
    assert_eq!(app.get(&path, &unit).await.0, StatusCode::OK);
    assert_eq!(
        save(&app, &unit, year, "fr", 0, sections.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let auditor = app.login("auditor-a@test").await;
    assert_eq!(app.get(&path, &auditor).await.0, StatusCode::OK);
    assert_eq!(
        save(&app, &auditor, year, "fr", 0, sections.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&b_path, &auditor).await.0,
        StatusCode::NOT_FOUND,
        "not assigned to company B"
    );

    let admin = app.login("admin@test").await;
    assert_eq!(
        save(&app, &admin, year, "fr", 0, sections.clone()).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(&format!("{path}/publish"), &unit, json!({ "lang": "fr" }))
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // The unit admin's page shows the report without the forms.
    let mut browser = Browser::new(&app);
    browser.login("unit-a@test").await;
    let page = browser
        .get(&format!(
            "/companies/{}/annual-reports/{year}?lang=en",
            app.seed.company_a
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Annual report"));
    assert!(!page.body.contains("/narrative\""), "no edit form");
    let mut stranger = Browser::new(&app);
    stranger.login("manager-b1@test").await;
    let page = stranger
        .get(&format!("/companies/{}/annual-reports", app.seed.company_a))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_forms_check_their_token_and_keep_what_was_typed() {
    let app = TestApp::new().await;
    let year = this_year();
    let page_path = format!(
        "/companies/{}/annual-reports/{year}?lang=fr",
        app.seed.company_a
    );
    let action = format!(
        "/companies/{}/annual-reports/{year}/narrative",
        app.seed.company_a
    );
    let mut browser = Browser::new(&app);
    browser.login("company-a@test").await;

    let res = browser
        .post_raw(
            &action,
            &[
                ("lang", "fr"),
                ("base_version", "0"),
                ("summary", "Sans jeton"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "no CSRF token");

    let res = browser
        .submit(
            &page_path,
            &action,
            &[
                ("lang", "fr"),
                ("base_version", "0"),
                ("c1", "Politique adoptée au siège"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let shown = browser.get(res.location.as_deref().unwrap()).await;
    assert!(shown.body.contains("Politique adoptée au siège"));
    assert!(
        shown.body.contains("Brouillon, version 1"),
        "{}",
        shown.body
    );

    // Someone else saved meanwhile: 409, the typed text is still in the form.
    let typed = "Mon texte à ne pas perdre";
    let res = browser
        .submit(
            &page_path,
            &action,
            &[("lang", "fr"), ("base_version", "0"), ("c1", typed)],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains(typed), "the text is kept");
    // The messages speak the user's language (English here), the report its own.
    assert!(
        res.body.contains("version 1 in the meantime"),
        "{}",
        res.body
    );

    let long = "a".repeat(10_001);
    let res = browser
        .submit(
            &page_path,
            &action,
            &[("lang", "fr"), ("base_version", "1"), ("summary", &long)],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(&long), "the text is kept");
    assert!(
        res.body.contains("a-summary-error"),
        "the error is by its field"
    );

    let publish = format!(
        "/companies/{}/annual-reports/{year}/publish",
        app.seed.company_a
    );
    let res = browser
        .submit(&page_path, &publish, &[("lang", "fr"), ("version", "1")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Tick the box"), "{}", res.body);
    let res = browser
        .submit(
            &page_path,
            &publish,
            &[("lang", "fr"), ("version", "1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let shown = browser.get(res.location.as_deref().unwrap()).await;
    assert!(shown.body.contains("Publié le"));
    assert!(!shown.body.contains(&action), "no more edit form");
    let res = browser
        .submit(
            &page_path,
            &publish,
            &[("lang", "fr"), ("version", "1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "published once only");
    assert!(res.body.contains("already published"), "{}", res.body);
}

#[tokio::test]
async fn the_report_reads_in_three_languages_and_is_linked() {
    let app = TestApp::new().await;
    seeded(&app).await;
    let year = this_year();
    let mut browser = Browser::new(&app);
    browser.login("company-a@test").await;
    for (lang, heading, sentence) in [
        (
            "fr",
            "Rapport annuel",
            "1 établissement sur 2 (50 %) respecte le critère 1.",
        ),
        (
            "nl",
            "Jaarverslag",
            "1 van de 2 vestigingen (50 %) voldoet aan criterium 1.",
        ),
        (
            "en",
            "Annual report",
            "1 of 2 sites (50 %) meets criterion 1.",
        ),
    ] {
        let page = browser
            .get(&format!(
                "/companies/{}/annual-reports/{year}?lang={lang}",
                app.seed.company_a
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("{heading} {year}")),
            "{lang}: {}",
            page.body
        );
        assert!(page.body.contains(sentence), "{lang}: {}", page.body);
        assert!(page.body.contains(&format!("<article lang=\"{lang}\"")));
        assert!(page.body.contains("<svg"), "the chart");
    }
    let list = browser
        .get(&format!("/companies/{}/annual-reports", app.seed.company_a))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&year.to_string()));
    let annual_link = format!("/companies/{}/annual-reports\"", app.seed.company_a);
    let home = browser.get("/").await;
    assert!(home.body.contains(&annual_link), "linked from home");
    let dashboard = browser
        .get(&format!(
            "/companies/{}/dashboard?year={year}",
            app.seed.company_a
        ))
        .await;
    assert!(
        dashboard.body.contains(&annual_link),
        "linked from the dashboard"
    );

    let token = app.login("company-a@test").await;
    let (status, _, pdf) = get_bytes(
        &app,
        &token,
        &format!("{}.pdf?lang=nl", report_path(&app, year)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("Jaarverslag"), "{text}");
    assert!(text.contains("Nog niets geschreven"), "{text}");
}

/// Imports a roster for site A1: three reception staff, two of them trained a month ago,
/// so that coverage is 2 / 3 = 66.7 %.
async fn two_of_three_trained(app: &TestApp) {
    let manager = app.login("manager-a1@test").await;
    let recent = (time::OffsetDateTime::now_utc().date() - time::Duration::days(30)).to_string();
    let csv = format!(
        "employee_ref;first_name;last_name;job_role;start_date;module;completed_on;delivery\n\
         R1;;;reception;2020-01-01;ecpat_basic;{recent};elearning\n\
         R2;;;reception;2020-01-01;ecpat_basic;{recent};elearning\n\
         R3;;;reception;2020-01-01;;;\n"
    );
    let res = app
        .send(
            Request::post(format!(
                "/api/v1/sites/{}/training-records/import?dry_run=false",
                app.seed.site_a1
            ))
            .header(header::AUTHORIZATION, format!("Bearer {manager}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(csv))
            .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "the roster imports");
}

#[tokio::test]
async fn the_pdf_writes_numbers_in_the_reports_language_and_the_csv_with_a_dot() {
    let app = TestApp::new().await;
    seeded(&app).await;
    two_of_three_trained(&app).await;
    let year = this_year();
    let company = app.login("company-a@test").await;
    let (_, r) = app
        .get(&format!("{}?lang=en", report_path(&app, year)), &company)
        .await;
    assert_eq!(r["figures"]["training"]["coverage"], 66.7, "{r}");
    for (lang, coverage, sentence) in [
        ("fr", "66,7 %", "(66,7 %)"),
        ("nl", "66,7 %", "(66,7 %)"),
        ("en", "66.7 %", "(66.7 %)"),
    ] {
        let (status, _, pdf) = get_bytes(
            &app,
            &company,
            &format!("{}.pdf?lang={lang}", report_path(&app, year)),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let text = pdf_text(&pdf).replace(['\u{a0}', '\u{202f}'], " ");
        assert!(text.contains(coverage), "{lang}: {text}");
        assert!(
            text.contains(sentence),
            "{lang}: the training sentence: {text}"
        );
        let other = if lang == "en" { "66,7" } else { "66.7" };
        assert!(!text.contains(other), "{lang}: {text}");
        // The page says the same.
        let mut b = Browser::new(&app);
        b.login("company-a@test").await;
        let page = b
            .get(&format!(
                "/companies/{}/annual-reports/{year}?lang={lang}",
                app.seed.company_a
            ))
            .await;
        assert!(
            page.body.replace('\u{a0}', " ").contains(coverage),
            "{lang}: {}",
            page.body
        );
    }

    // The CSV export is for machines: a dot decimal whatever the reader's language, as the
    // README says.
    let res = app
        .send(
            Request::get(format!(
                "/api/v1/companies/{}/export.csv?year={year}",
                app.seed.company_a
            ))
            .header(header::AUTHORIZATION, format!("Bearer {company}"))
            .header(header::ACCEPT_LANGUAGE, "fr")
            .body(Body::empty())
            .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let namur = csv.lines().find(|l| l.contains("Namur")).unwrap();
    assert!(namur.ends_with(";66.7"), "{namur}");
    assert!(!csv.contains("66,7"), "{csv}");
}
