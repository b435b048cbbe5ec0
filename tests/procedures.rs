//! The procedure for a suspected case: versions through the API, the form and the staff card.

mod common;

use axum::http::StatusCode;
use common::{Browser, TestApp};
use serde_json::json;

fn procedure() -> serde_json::Value {
    json!({
        "steps": {
            "fr": ["Rester calme.", "Prévenir le directeur.", "Appeler le 101 si l'enfant est en danger."],
            "nl": ["Kalm blijven.", "De directeur verwittigen."]
        },
        "internal": [{ "label": "Directeur", "name": "M. Dupont", "number": "+32 81 00 00 00" }],
        "external": [{ "label": "Police", "number": "101" }, { "label": "Child Focus", "number": "116 000" }],
        "reviewed_on": "2026-03-01"
    })
}

#[tokio::test]
async fn versions_are_kept_and_the_latest_is_served() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let path = format!("/api/v1/sites/{}/procedure", app.seed.site_a1);
    let (status, _) = app.get(&path, &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "none yet");
    let (status, v1) = app.put(&path, &token, procedure()).await;
    assert_eq!(status, StatusCode::CREATED, "{v1}");
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["review_due"], "2027-03-01");
    let mut second = procedure();
    second["reviewed_on"] = json!("2024-01-01");
    let (_, v2) = app.put(&path, &token, second).await;
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["review_overdue"], true, "reviewed more than a year ago");
    let (_, current) = app.get(&path, &token).await;
    assert_eq!(current["version"], 2);
    assert_eq!(current["history"].as_array().unwrap().len(), 2);

    let (status, err) = app
        .put(
            &path,
            &token,
            json!({ "steps": {}, "internal": [{ "label": "", "number": "1" }], "external": [] }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = err["error"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("steps")
            && fields.contains_key("internal")
            && fields.contains_key("external"),
        "{err}"
    );
    let mut future = procedure();
    future["reviewed_on"] = json!("2999-01-01");
    let (status, _) = app.put(&path, &token, future).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let other = app.login("manager-b1@test").await;
    assert_eq!(app.get(&path, &other).await.0, StatusCode::NOT_FOUND);
    let auditor = app.login("auditor-a@test").await;
    assert_eq!(app.get(&path, &auditor).await.0, StatusCode::OK);
    assert_eq!(
        app.put(&path, &auditor, procedure()).await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_staff_card_prints_in_each_language() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    app.put(
        &format!("/api/v1/sites/{}/procedure", app.seed.site_a1),
        &token,
        procedure(),
    )
    .await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let card = b
        .get(&format!(
            "/sites/{}/procedure/card?lang=fr",
            app.seed.site_a1
        ))
        .await;
    assert_eq!(card.status, StatusCode::OK);
    assert!(card.body.contains("<html lang=\"fr\""));
    assert!(card.body.contains("Prévenir le directeur."));
    assert!(card.body.contains("116 000"));
    assert!(card.body.contains("1er mars 2026"), "review date in French");
    assert!(
        card.body.contains("<ol class=\"card-steps\">"),
        "steps in the card's language"
    );
    let card = b
        .get(&format!(
            "/sites/{}/procedure/card?lang=en",
            app.seed.site_a1
        ))
        .await;
    assert!(card.body.contains("If you suspect"));
    assert!(
        card.body.contains("Rester calme."),
        "no English steps: another language is shown"
    );
    assert!(
        card.body.contains("<ol class=\"card-steps\" lang=\"fr\">"),
        "and says which"
    );
}

#[tokio::test]
async fn the_form_starts_from_belgian_defaults_and_keeps_input_on_error() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let path = format!("/sites/{}/procedure", app.seed.site_a1);
    let page = b.get(&path).await;
    assert!(page.body.contains("stopprostitutionenfantine.be"));
    assert!(page.body.contains("116 000"));
    let res = b
        .submit(
            &path,
            &path,
            &[
                ("steps_fr", "Une étape gardée"),
                ("external_label_0", "Police"),
                ("reviewed_on", "demain"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Une étape gardée"), "input kept");
    assert!(res.body.contains("reviewed-error"));
    let res = b
        .submit(
            &path,
            &path,
            &[
                ("steps_fr", "Rester calme\nAppeler le 101"),
                ("external_label_0", "Police"),
                ("external_number_0", "101"),
                ("reviewed_on", "2026-02-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let token = app.login("manager-a1@test").await;
    let (_, v) = app
        .get(
            &format!("/api/v1/sites/{}/procedure", app.seed.site_a1),
            &token,
        )
        .await;
    assert_eq!(v["steps"]["fr"], json!(["Rester calme", "Appeler le 101"]));
    assert_eq!(v["external"].as_array().unwrap().len(), 1);

    let id = app.start(&token, app.seed.site_a1, 2026).await;
    let checklist = b.get(&format!("/assessments/{id}/criteria/policy")).await;
    assert!(
        checklist.body.contains("Version 1"),
        "criterion 1 points to the procedure"
    );
}

#[tokio::test]
async fn the_staff_card_is_a_one_page_pdf_in_the_language_asked_for() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    app.put(
        &format!("/api/v1/sites/{}/procedure", app.seed.site_a1),
        &token,
        procedure(),
    )
    .await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    for (lang, step) in [
        ("fr", "Prévenir le directeur."),
        ("nl", "De directeur verwittigen."),
    ] {
        let res = b
            .get(&format!(
                "/sites/{}/procedure/card.pdf?lang={lang}",
                app.seed.site_a1
            ))
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let res = app
            .send(
                axum::http::Request::get(format!(
                    "/api/v1/sites/{}/procedure/card.pdf?lang={lang}",
                    app.seed.site_a1
                ))
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
            )
            .await;
        use http_body_util::BodyExt;
        let pdf = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 1, "one page to pin up");
        let text = codecheck::pdf::extract_text(&pdf).unwrap();
        assert!(text.contains(step), "{lang}: {text}");
        assert!(text.contains("116 000"));
        if let Ok(dir) = std::env::var("CODECHECK_PDF_DIR") {
            std::fs::write(format!("{dir}/card-{lang}.pdf"), &pdf).unwrap();
        }
    }
    let mut other = Browser::new(&app);
    other.login("manager-b1@test").await;
    let res = other
        .get(&format!(
            "/sites/{}/procedure/card.pdf?lang=fr",
            app.seed.site_a1
        ))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_contact_tables_fit_the_form_and_stack_on_a_phone() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.login("manager-a1@test").await;
    let page = b
        .get(&format!("/sites/{}/procedure", app.seed.site_a1))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Both tables carry the class whose inputs fill their cells (fixed layout), and each
    // input cell names its column for the stacked phone layout.
    assert_eq!(page.body.matches("<table class=\"contacts\">").count(), 2);
    let inputs = page.body.matches("<td data-label=\"").count();
    assert!(inputs >= 5, "{inputs} labelled cells");
    assert_eq!(
        page.body.matches("<td><input").count(),
        0,
        "every input cell is labelled"
    );
    assert!(page.body.contains("<td data-label=\"Numéro ou adresse\">"));
    let css = b.get("/static/app.css").await.body;
    assert!(css.contains("table.contacts { table-layout: fixed; }"));
    assert!(css.contains("table.contacts input { width: 100%; min-width: 0; }"));
}
