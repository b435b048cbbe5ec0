//! Gap reports: the site's (page and PDF) and the company's roll-up (PDF over many pages).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use codecheck::domain::{NodeKind, NodeName};
use common::{Browser, TestApp};
use http_body_util::BodyExt;
use serde_json::json;

async fn get_pdf(app: &TestApp, token: Option<&str>, path: &str) -> (StatusCode, Vec<u8>) {
    let mut req = Request::get(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

fn pages(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap())
        .collect()
}

#[tokio::test]
async fn the_site_report_lists_what_is_missing_and_why() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app.start(&manager, app.seed.site_a1, 2026).await;
    app.answer(&manager, id, "1.1", json!({ "answer": "no" }))
        .await;
    app.answer(&manager, id, "1.2", json!({ "answer": "yes" }))
        .await;

    let mut browser = Browser::new(&app);
    browser.login("manager-a1@test").await;
    let page = browser.get(&format!("/assessments/{id}/gap-report")).await;
    assert_eq!(page.status, StatusCode::OK);
    // The manager reads French.
    assert!(page.body.contains("réponse non"), "1.1 answered no");
    assert!(page.body.contains("sans réponse"), "unanswered items");
    assert!(
        page.body.contains("aucun justificatif joint"),
        "1.2 lacks its document"
    );

    let (status, pdf) = get_pdf(
        &app,
        Some(&manager),
        &format!("/api/v1/assessments/{id}/gap-report.pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    if let Ok(out) = std::env::var("CODECHECK_SITE_SAMPLE") {
        std::fs::write(out, &pdf).unwrap();
    }
    let text = pages(&pdf).join("\n");
    assert!(text.contains("Hôtel Alpha Namur"), "{text}");
    assert!(text.contains("Rapport d'écarts"));
    assert!(text.contains("réponse non"));
    assert!(text.contains("Page 1 sur"), "numbered pages");

    // The same report as JSON, for other systems.
    let (status, json) = app
        .get(&format!("/api/v1/assessments/{id}/gap-report"), &manager)
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["site"], "Hôtel Alpha Namur");
    let gap_11 = json["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "1.1")
        .expect("1.1 is a gap");
    assert!(
        gap_11["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("réponse non")),
        "{gap_11}"
    );
    assert_eq!(json["criteria"].as_array().unwrap().len(), 6);

    let other = app.login("manager-b1@test").await;
    assert_eq!(
        app.get(&format!("/api/v1/assessments/{id}/gap-report"), &other)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = get_pdf(
        &app,
        Some(&other),
        &format!("/api/v1/assessments/{id}/gap-report.pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another company's site");
    let (status, _) = get_pdf(
        &app,
        None,
        &format!("/api/v1/assessments/{id}/gap-report.pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut stranger = Browser::new(&app);
    stranger.login("manager-b1@test").await;
    assert_eq!(
        stranger
            .get(&format!("/assessments/{id}/gap-report"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_company_report_runs_over_pages_with_headers_repeated() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let unit = store
        .node_of_kind(app.seed.unit_a, NodeKind::Unit)
        .await
        .unwrap()
        .unwrap();
    for i in 0..70 {
        let name = NodeName::parse(&format!(
            "Hôtel Alpha numéro {i} — Résidence des Très Longs Noms de la Grand-Place et du Sablon"
        ))
        .unwrap();
        store
            .create_site(&unit, &name, &NodeName::parse("Bruxelles").unwrap())
            .await
            .unwrap();
    }
    let manager = app.login("manager-a1@test").await;
    app.complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;

    let company = app.login("company-a@test").await;
    let path = format!(
        "/api/v1/companies/{}/gap-report.pdf?year=2026",
        app.seed.company_a
    );
    let (status, pdf) = get_pdf(&app, Some(&company), &path).await;
    assert_eq!(status, StatusCode::OK);
    if let Ok(out) = std::env::var("CODECHECK_PDF_SAMPLE") {
        std::fs::write(out, &pdf).unwrap();
    }
    let texts = pages(&pdf);
    assert!(texts.len() > 2, "{} pages", texts.len());
    let count = texts.len();
    for (i, text) in texts.iter().enumerate() {
        assert!(
            text.contains(&format!("Page {} of {count}", i + 1)),
            "page {}: {text}",
            i + 1
        );
    }
    let table_pages = texts
        .iter()
        .filter(|t| t.contains("Criteria") && t.contains("Gaps") && t.contains("numéro"))
        .count();
    assert!(
        table_pages >= 2,
        "the table header repeats on each page of the table"
    );
    assert!(texts.join("").contains("Hôtel Alpha Namur"));
    assert!(
        !texts.join("").contains("Beta Antwerpen"),
        "only this company"
    );

    let (status, _) = get_pdf(&app, Some(&manager), &path).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "site managers get their site's report"
    );
    let b_path = format!(
        "/api/v1/companies/{}/gap-report.pdf?year=2026",
        app.seed.company_b
    );
    let (status, _) = get_pdf(&app, Some(&company), &b_path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another company");
    let auditor = app.login("auditor-a@test").await;
    assert_eq!(get_pdf(&app, Some(&auditor), &path).await.0, StatusCode::OK);
    assert_eq!(
        get_pdf(&app, Some(&auditor), &b_path).await.0,
        StatusCode::NOT_FOUND
    );
    let unit_path = format!(
        "/api/v1/companies/{}/gap-report.pdf?year=2026&unit_id={}",
        app.seed.company_a, app.seed.unit_a
    );
    let unit_admin = app.login("unit-a@test").await;
    assert_eq!(
        get_pdf(&app, Some(&unit_admin), &unit_path).await.0,
        StatusCode::OK
    );
    let (status, _) = get_pdf(
        &app,
        Some(&company),
        &format!(
            "/api/v1/companies/{}/gap-report.pdf?year=1900",
            app.seed.company_a
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Words as a reader sees them: spaces of any kind are spaces.
fn words(text: &str) -> Vec<String> {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

async fn get_pdf_in(app: &TestApp, token: &str, path: &str, lang: &str) -> Vec<u8> {
    let req = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::OK, "{path} in {lang}");
    res.into_body().collect().await.unwrap().to_bytes().to_vec()
}

#[tokio::test]
async fn table_headers_never_break_inside_a_word_in_any_language() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app.start(&manager, app.seed.site_a1, 2026).await;
    app.answer(&manager, id, "1.1", json!({ "answer": "no" }))
        .await;
    // The company admin reads whatever language the browser asks for.
    let company = app.login("company-a@test").await;
    let site = format!("/api/v1/assessments/{id}/gap-report.pdf");
    let group = format!(
        "/api/v1/companies/{}/gap-report.pdf?year=2026",
        app.seed.company_a
    );
    for (lang, site_words, group_words) in [
        (
            "fr",
            &["Point", "Exigence", "Pourquoi", "Fonction", "Couverture"][..],
            &["Écarts", "Établissements", "Critères", "remplis", "Pays"][..],
        ),
        (
            "nl",
            &["Punt", "Vereiste", "Waarom", "Functie", "Dekking"][..],
            &[
                "Tekortkomingen",
                "Vestigingen",
                "Criteria",
                "vervuld",
                "Land",
            ][..],
        ),
        (
            "en",
            &["Item", "Requirement", "Why", "Coverage"][..],
            &["Gaps", "Sites", "Criteria", "met", "Country"][..],
        ),
    ] {
        for (path, expected) in [(&site, site_words), (&group, group_words)] {
            let pdf = get_pdf_in(&app, &company, path, lang).await;
            let Some(text) = app.pdftotext(&pdf, false) else {
                return;
            };
            let found = words(&text);
            for word in expected {
                assert!(
                    found.iter().any(|w| w == word),
                    "{lang} {path}: « {word} » is not printed whole:\n{text}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_company_report_says_not_started_and_never_counts_it_as_no_gaps() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app.start(&manager, app.seed.site_a1, 2026).await;
    app.answer(&manager, id, "1.1", json!({ "answer": "no" }))
        .await;
    // Site A2 (Brugge) has no assessment for 2026.
    let company = app.login("company-a@test").await;
    let path = |year: i32| {
        format!(
            "/api/v1/companies/{}/gap-report.pdf?year={year}",
            app.seed.company_a
        )
    };
    for (lang, country, not_started, count, form_label) in [
        (
            "fr",
            "Pays",
            "Pas commencée",
            "1 établissement n'a pas commencé",
            "code à deux lettres",
        ),
        (
            "nl",
            "Land",
            "Niet begonnen",
            "1 vestiging is nog niet begonnen",
            "code van twee letters",
        ),
        (
            "en",
            "Country",
            "Not started",
            "1 site has not started",
            "two-letter code",
        ),
    ] {
        let pdf = get_pdf_in(&app, &company, &path(2026), lang).await;
        let text = words(&pages(&pdf).join("\n")).join(" ");
        assert!(text.contains(country), "{lang}: {text}");
        assert!(
            !text.contains(form_label),
            "{lang}: a form's label as a column header: {text}"
        );
        assert!(text.contains(count), "{lang}: {text}");
        // Brugge's row: no criteria met, no score, and « not started » where gaps are counted.
        let brugge = text.find("Hotel Alpha Brugge").expect("Brugge is listed");
        let row = &text[brugge..];
        let row = &row[..row.find("Hôtel Alpha Namur").unwrap_or(row.len())];
        assert!(
            row.matches(not_started).count() >= 2,
            "{lang}: the status and the gaps say not started: {row}"
        );
        assert!(!row.contains(" 0 "), "{lang}: no « 0 gaps »: {row}");
        assert!(!row.contains("0 / 6"), "{lang}: {row}");
        // Not started is furthest behind: listed before the site that started.
        assert!(
            text.find("Hôtel Alpha Namur").unwrap() > brugge,
            "{lang}: the site not started comes first"
        );
    }

    // A year no site has started: nothing is known, so nothing may read « nothing missing ».
    let pdf = get_pdf_in(&app, &company, &path(2025), "en").await;
    let text = words(&pages(&pdf).join("\n")).join(" ");
    assert!(text.contains("2 sites have not started"), "{text}");
    assert!(!text.contains("Nothing is missing"), "{text}");
}

#[tokio::test]
async fn a_failing_criterion_states_its_rule_and_why_with_the_score_rounded_down() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    // Policy weighs 5+5+3+4+3+2 = 22; 1.3 partial (-1.5) and 1.5 no (-3) leave 17.5/22 =
    // 79.54 %: under its 80 %, and « 80 % » if rounded to the nearest whole.
    for (key, answer) in [("1.3", "partial"), ("1.5", "no")] {
        let (status, body) = app
            .answer(&manager, id, key, json!({ "answer": answer }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}/gap-report"), &manager)
        .await;
    let policy = &a["criteria"][0];
    assert_eq!(policy["score"], 79.5, "{policy}");
    assert_eq!(policy["compliant"], false, "{policy}");
    assert!(
        policy["why"][0]
            .as_str()
            .unwrap()
            .contains("score de 79,5 % sous les 80 % requis"),
        "{policy}"
    );
    assert_eq!(a["criteria"][1]["why"], json!([]), "training is met");

    // The French PDF: the bar, the table and the rule all read 79,5 %, never 80 %.
    let (status, pdf) = get_pdf(
        &app,
        Some(&manager),
        &format!("/api/v1/assessments/{id}/gap-report.pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = words(&pages(&pdf).join("\n")).join(" ");
    assert!(text.matches("79,5 %").count() >= 3, "{text}");
    assert_eq!(
        text.matches("80 %").count(),
        text.matches("au moins 80 %").count() + text.matches("les 80 % requis").count(),
        "80 % only as the threshold: {text}"
    );
    assert!(
        text.contains("Pour réussir : les points obligatoires 1.1, 1.2, 1.4 avec la réponse « Oui », et un score d'au moins 80 %."),
        "{text}"
    );
    assert!(
        text.contains("Non rempli : score de 79,5 % sous les 80 % requis (il manque 0,5 point)"),
        "{text}"
    );
    assert!(
        !text.contains("Pour réussir : un score d'au moins 85 %"),
        "only the failing criteria: {text}"
    );

    // The page says the same.
    let mut browser = Browser::new(&app);
    browser.login("manager-a1@test").await;
    let page = browser.get(&format!("/assessments/{id}/gap-report")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.body.replace('\u{a0}', " ");
    assert!(body.contains("class=\"rule-failing\""), "{body}");
    assert!(
        body.contains("score de 79,5 % sous les 80 % requis"),
        "{body}"
    );
    assert!(!body.contains("80 %</progress>"), "{body}");
    assert!(
        body.contains("Comment y remédier :"),
        "French colon: {body}"
    );
}

/// Reasons of the JSON gap report's line for `key`, if the item is a gap.
fn gap_reasons(report: &serde_json::Value, key: &str) -> Option<Vec<String>> {
    report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .map(|g| {
            g["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect()
        })
}

#[tokio::test]
async fn the_sites_procedure_in_force_is_the_evidence_of_the_items_it_shows() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app.start(&manager, app.seed.site_a1, 2026).await;
    // 1.2, 1.3 and 1.6 show the procedure; 1.1 asks for the signed policy.
    for key in ["1.1", "1.2", "1.3", "1.6"] {
        app.answer(&manager, id, key, json!({ "answer": "yes" }))
            .await;
    }
    let missing = "aucun justificatif joint";
    let json_path = format!("/api/v1/assessments/{id}/gap-report");
    let pdf_path = format!("/api/v1/assessments/{id}/gap-report.pdf");
    let company_path = format!(
        "/api/v1/companies/{}/gap-report.pdf?year=2026",
        app.seed.company_a
    );
    let company = app.login("company-a@test").await;
    let (_, before) = app.get(&json_path, &manager).await;
    for key in ["1.1", "1.2", "1.3", "1.6"] {
        let reasons = gap_reasons(&before, key).unwrap_or_default();
        assert!(
            reasons.iter().any(|r| r.contains(missing)),
            "{key}: {before}"
        );
    }
    // Text wrapped on lines in the PDF reads as one line here.
    let pdf_before = pages(&get_pdf(&app, Some(&manager), &pdf_path).await.1)
        .join(" ")
        .replace('\n', " ");
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let page_path = format!("/assessments/{id}/gap-report");
    let page_before = b.get(&page_path).await.body.matches(missing).count();
    let company_before = pages(&get_pdf(&app, Some(&company), &company_path).await.1)
        .join(" ")
        .replace('\n', " ");

    let reviewed = time::OffsetDateTime::now_utc().date() - time::Duration::days(30);
    let procedure = json!({
        "steps": { "fr": ["Prévenir le directeur."] },
        "internal": [{ "label": "Directeur", "number": "+32 81 00 00 00" }],
        "external": [{ "label": "Police", "number": "101" }],
        "reviewed_on": reviewed.to_string(),
    });
    let (status, body) = app
        .put(
            &format!("/api/v1/sites/{}/procedure", app.seed.site_a1),
            &manager,
            procedure,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (_, after) = app.get(&json_path, &manager).await;
    for key in ["1.2", "1.3", "1.6"] {
        assert_eq!(
            gap_reasons(&after, key),
            None,
            "{key} answered yes, the procedure holds: {after}"
        );
    }
    let reasons = gap_reasons(&after, "1.1").expect("1.1 still lacks its policy");
    assert!(reasons.iter().any(|r| r.contains(missing)), "{reasons:?}");

    // Unanswered items still ask for their files; the three procedure items no longer do.
    let page_after = b.get(&page_path).await.body.matches(missing).count();
    assert_eq!(
        page_before - page_after,
        3,
        "{page_before} then {page_after}"
    );

    // The PDFs, site and company, no longer ask for the procedure's items either.
    let pdf_after = pages(&get_pdf(&app, Some(&manager), &pdf_path).await.1)
        .join(" ")
        .replace('\n', " ");
    assert_eq!(
        pdf_before.matches(missing).count() - pdf_after.matches(missing).count(),
        3,
        "{pdf_after}"
    );
    let company_after = pages(&get_pdf(&app, Some(&company), &company_path).await.1)
        .join(" ")
        .replace('\n', " ");
    let escalation = "1.2 A written escalation procedure";
    assert!(company_before.contains(escalation), "{company_before}");
    assert!(!company_after.contains(escalation), "{company_after}");

    // The checklist says the procedure serves as the evidence, with a link to it.
    let checklist = b.get(&format!("/assessments/{id}/criteria/policy")).await;
    let item = &checklist.body[checklist.body.find("id=\"item-1-2\"").unwrap()..];
    let item = &item[..item.find("</fieldset>").unwrap()];
    assert!(
        item.contains("La procédure tient lieu de justificatif pour ce point."),
        "{item}"
    );
    assert!(item.contains(&format!("href=\"/sites/{}/procedure\"", app.seed.site_a1)));
    assert!(!item.contains("lacking-evidence"), "{item}");
}

#[tokio::test]
async fn an_overdue_procedure_is_no_evidence() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app.start(&manager, app.seed.site_a1, 2026).await;
    app.answer(&manager, id, "1.2", json!({ "answer": "yes" }))
        .await;
    let reviewed = time::OffsetDateTime::now_utc().date() - time::Duration::days(400);
    let (status, _) = app
        .put(
            &format!("/api/v1/sites/{}/procedure", app.seed.site_a1),
            &manager,
            json!({
                "steps": { "fr": ["Prévenir le directeur."] },
                "internal": [],
                "external": [{ "label": "Police", "number": "101" }],
                "reviewed_on": reviewed.to_string(),
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, report) = app
        .get(&format!("/api/v1/assessments/{id}/gap-report"), &manager)
        .await;
    let reasons = gap_reasons(&report, "1.2").expect("1.2 is still a gap");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("aucun justificatif joint")),
        "{reasons:?}"
    );
}
