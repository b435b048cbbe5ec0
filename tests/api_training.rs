//! Training modules, the staff import (CSV and xlsx) and coverage through the API.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::Value;

async fn import(
    app: &TestApp,
    token: &str,
    site: i64,
    body: Vec<u8>,
    dry_run: bool,
    content_type: &str,
) -> (StatusCode, Value) {
    let req = Request::post(format!(
        "/api/v1/sites/{site}/training-records/import?dry_run={dry_run}"
    ))
    .header(header::AUTHORIZATION, format!("Bearer {token}"))
    .header(header::CONTENT_TYPE, content_type)
    .body(Body::from(body))
    .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn csv(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// Dates relative to today, so the figures do not rot.
fn days_ago(n: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string()
}

fn roster() -> String {
    format!(
        "employee_ref;first_name;last_name;job_role;start_date;module;completed_on;delivery\n\
         R1;Anne;;reception;2020-01-01;ecpat_basic;{recent};elearning\n\
         R2;;;réception;2020-01-01;ecpat_basic;{recent};Présentiel avec ECPAT\n\
         R3;;;Receptie;2020-01-01;;;\n\
         M1;;;management;2020-01-01;ecpat_basic;{old};classroom\n\
         H1;;;housekeeping;{new_start};;;\n",
        recent = days_ago(30),
        old = days_ago(800),
        new_start = days_ago(10),
    )
}

#[tokio::test]
async fn training_modules_are_listed_from_the_criteria() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let (status, modules) = app.get("/api/v1/training-modules?lang=nl", &token).await;
    assert_eq!(status, StatusCode::OK);
    let list = modules.as_array().expect("an array");
    let basic = list
        .iter()
        .find(|m| m["id"] == "ecpat_basic")
        .expect("basic module");
    assert_eq!(basic["validity_months"], 24);
    assert!(basic["title"].as_str().unwrap().contains("Basisopleiding"));
    assert!(
        basic["roles"]
            .as_array()
            .unwrap()
            .contains(&Value::from("reception"))
    );

    let (_, criteria) = app.get("/api/v1/criteria", &token).await;
    let item = &criteria["criteria"][1]["items"][0];
    assert_eq!(item["key"], "2.1");
    assert_eq!(item["computed"], true);
    assert_eq!(criteria["criteria"][0]["items"][0]["computed"], false);
}

#[tokio::test]
async fn import_previews_then_writes_and_reimport_changes_nothing() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let (status, preview) = import(&app, &token, site, csv(&roster()), true, "text/csv").await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["added"], 5);
    assert_eq!(preview["updated"], 0);
    assert_eq!(preview["unchanged"], 0);
    assert_eq!(preview["errors"], serde_json::json!([]));
    let (_, staff) = app
        .get(&format!("/api/v1/sites/{site}/staff"), &token)
        .await;
    assert_eq!(
        staff["staff"].as_array().unwrap().len(),
        0,
        "a dry run writes nothing"
    );

    let (status, done) = import(&app, &token, site, csv(&roster()), false, "text/csv").await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["added"], 5);
    let (_, staff) = app
        .get(&format!("/api/v1/sites/{site}/staff"), &token)
        .await;
    assert_eq!(staff["staff"].as_array().unwrap().len(), 5);

    let (_, again) = import(&app, &token, site, csv(&roster()), false, "text/csv").await;
    assert_eq!(
        (
            again["added"].clone(),
            again["updated"].clone(),
            again["unchanged"].clone()
        ),
        (0.into(), 0.into(), 5.into())
    );

    let (status, cov) = app
        .get(&format!("/api/v1/sites/{site}/training-coverage"), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{cov}");
    // Required: R1 R2 R3 (reception), M1 (management: basic + management module), H1 (housekeeping).
    let reception = cov["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "reception")
        .unwrap();
    assert_eq!(reception["required"], 3);
    assert_eq!(reception["trained"], 2);
    assert_eq!(reception["percent"], 66.7);
    // R3 never trained (past 90 days), M1 expired and without the management module; H1 is new.
    assert_eq!(cov["overdue"], 2);
    assert!(cov["overall"].as_f64().unwrap() < 50.0);
}

#[tokio::test]
async fn bad_rows_are_listed_and_nothing_is_written() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let future = (time::OffsetDateTime::now_utc().date() + time::Duration::days(10)).to_string();
    let body = format!(
        "employee_ref,job_role,start_date,module,completed_on,delivery\n\
         OK1,reception,2020-01-01,,,\n\
         B1,pilot,2020-01-01,,,\n\
         B2,reception,2020-01-01,ecpat_basic,{future},elearning\n\
         B3,reception,2020-01-01,no_such_module,2024-01-01,elearning\n\
         OK1,security,2020-01-01,,,\n"
    );
    for dry_run in [true, false] {
        let (status, res) = import(&app, &token, site, csv(&body), dry_run, "text/csv").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
        let errors = res["errors"].as_array().unwrap();
        let lines: Vec<i64> = errors.iter().map(|e| e["line"].as_i64().unwrap()).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert_eq!(errors[0]["column"], "job_role");
        assert!(errors[0]["message"].as_str().unwrap().contains("pilot"));
        // The manager works in French.
        assert!(
            errors[1]["message"].as_str().unwrap().contains("futur"),
            "{}",
            errors[1]
        );
    }
    let (_, staff) = app
        .get(&format!("/api/v1/sites/{site}/staff"), &token)
        .await;
    assert_eq!(
        staff["staff"].as_array().unwrap().len(),
        0,
        "nothing written"
    );
}

#[tokio::test]
async fn unusable_files_get_a_clear_message() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "vide"),
        (csv("name|role\nx|y\n"), "première ligne"),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec(),
            "CSV",
        ),
        (b"PK\x03\x04not really a workbook".to_vec(), "Excel"),
    ];
    for (body, expect) in cases {
        let (status, res) = import(&app, &token, site, body, false, "text/csv").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
        let message = res["error"]["message"].as_str().unwrap();
        assert!(message.contains(expect), "{message}");
    }
    let big = vec![b'a'; 26 * 1024 * 1024];
    let (status, res) = import(&app, &token, site, big, false, "text/csv").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{res}");
}

#[tokio::test]
async fn xlsx_files_import_like_csv() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/training.xlsx"
    ))
    .unwrap();
    let (status, res) = import(
        &app,
        &token,
        app.seed.site_a1,
        bytes,
        false,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["added"], 3);
    let (_, staff) = app
        .get(&format!("/api/v1/sites/{}/staff", app.seed.site_a1), &token)
        .await;
    let refs: Vec<&str> = staff["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["employee_ref"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs,
        ["1234", "X1", "X3"],
        "a number typed in Excel is the reference 1234"
    );

    let two_sheets = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/two-sheets.xlsx"
    ))
    .unwrap();
    let (status, res) = import(
        &app,
        &token,
        app.seed.site_a1,
        two_sheets,
        true,
        "application/octet-stream",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res["error"]["message"].as_str().unwrap().contains("2"),
        "{res}"
    );
}

#[tokio::test]
async fn training_data_stays_inside_the_site() {
    let app = TestApp::new().await;
    let a = app.login("manager-a1@test").await;
    import(
        &app,
        &a,
        app.seed.site_a1,
        csv(&roster()),
        false,
        "text/csv",
    )
    .await;
    let b = app.login("manager-b1@test").await;
    for path in [
        format!("/api/v1/sites/{}/staff", app.seed.site_a1),
        format!("/api/v1/sites/{}/training-coverage", app.seed.site_a1),
    ] {
        let (status, _) = app.get(&path, &b).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = import(
        &app,
        &b,
        app.seed.site_a1,
        csv(&roster()),
        false,
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let auditor = app.login("auditor-a@test").await;
    let (status, _) = app
        .get(
            &format!("/api/v1/sites/{}/training-coverage", app.seed.site_a1),
            &auditor,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "auditors read the figures");
    let (status, _) = import(
        &app,
        &auditor,
        app.seed.site_a1,
        csv(&roster()),
        false,
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "but do not import");
}

#[tokio::test]
async fn template_has_the_header_in_the_users_language() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let req = Request::get("/api/v1/training-template.csv?lang=nl")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let body =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(
        body.starts_with("\u{feff}personeelsnummer;voornaam;achternaam;functie"),
        "{body}"
    );
    // The template itself imports cleanly.
    let (status, res) = import(
        &app,
        &token,
        app.seed.site_a1,
        body.into_bytes(),
        true,
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
}

#[tokio::test]
async fn computed_items_propose_from_the_figures_and_freeze_at_submission() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    import(&app, &token, site, csv(&roster()), false, "text/csv").await;
    let id = app.start(&token, site, 2026).await;
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    let c = &a["computed"]["2.1"];
    assert_eq!(c["required"], 3, "{a}");
    assert_eq!(c["trained"], 2);
    assert_eq!(
        c["proposed"], "partial",
        "66.7 % is under 90 % but over 50 %"
    );
    assert_eq!(c["answer"], Value::Null);
    assert_eq!(c["frozen"], false);
    assert_eq!(
        a["computed"]["2.5"]["proposed"], "not_applicable",
        "no security staff"
    );

    // The manager answers otherwise, with a comment: the auditor sees both.
    let (status, a) = app
        .answer(&token, id, "2.1", serde_json::json!({ "answer": "yes", "comment": "R3 trained last week, certificate attached" }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["computed"]["2.1"]["answer"], "yes");
    assert_eq!(a["computed"]["2.1"]["override"], true);

    for key in app.item_keys() {
        if key != "2.1" {
            app.answer(&token, id, &key, serde_json::json!({ "answer": "yes" }))
                .await;
        }
    }
    let (status, a) = app.submit(&token, id).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["computed"]["2.1"]["frozen"], true);

    // Training recorded after submission does not move the submitted figures.
    let later = format!(
        "employee_ref;job_role;start_date;module;completed_on;delivery\nR3;reception;2020-01-01;ecpat_basic;{};elearning\n",
        days_ago(1)
    );
    let (status, _) = import(&app, &token, site, csv(&later), false, "text/csv").await;
    assert_eq!(status, StatusCode::OK);
    let (_, a) = app.get(&format!("/api/v1/assessments/{id}"), &token).await;
    assert_eq!(a["computed"]["2.1"]["trained"], 2, "frozen at submission");
    let (_, cov) = app
        .get(&format!("/api/v1/sites/{site}/training-coverage"), &token)
        .await;
    let reception = cov["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "reception")
        .unwrap();
    assert_eq!(reception["trained"], 3, "while the live figures moved");
}

#[tokio::test]
async fn one_persons_data_is_exported_and_erased_with_a_trace() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    import(&app, &token, site, csv(&roster()), false, "text/csv").await;

    let (status, person) = app
        .get(&format!("/api/v1/sites/{site}/staff/R1"), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(person["staff"]["first_name"], "Anne");
    assert_eq!(person["training_records"].as_array().unwrap().len(), 1);

    let other = app.login("manager-b1@test").await;
    let (status, _) = app
        .get(&format!("/api/v1/sites/{site}/staff/R1"), &other)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/sites/{site}/staff/R1"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let auditor = app.login("auditor-a@test").await;
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/sites/{site}/staff/R1"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, res) = app
        .api(
            "DELETE",
            &format!("/api/v1/sites/{site}/staff/R1"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["training_records"], 1);
    let (status, _) = app
        .get(&format!("/api/v1/sites/{site}/staff/R1"), &token)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "gone");
    let log = app.state.store.site_history(site).await.unwrap();
    let erasures: Vec<_> = log
        .iter()
        .filter(|e| e.entry.action == "staff.erased")
        .collect();
    assert_eq!(erasures.len(), 1);
    let trail = serde_json::to_string(&erasures[0].entry).unwrap();
    assert!(
        !trail.contains("R1") && !trail.contains("Anne"),
        "no erased data in the trail: {trail}"
    );
    assert_eq!(app.state.store.verify_audit_log().await.unwrap().1, None);
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/sites/{site}/staff/R1"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn people_who_left_leave_the_coverage() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    import(&app, &token, site, csv(&roster()), false, "text/csv").await;
    let (status, p) = app
        .put(
            &format!("/api/v1/sites/{site}/staff/R3"),
            &token,
            serde_json::json!({ "left_on": days_ago(2) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["staff"]["active"], false);
    let (_, cov) = app
        .get(&format!("/api/v1/sites/{site}/training-coverage"), &token)
        .await;
    let reception = cov["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "reception")
        .unwrap();
    assert_eq!(reception["required"], 2);
    assert_eq!(reception["percent"], 100.0);
    let (status, _) = app
        .put(
            &format!("/api/v1/sites/{site}/staff/R3"),
            &token,
            serde_json::json!({ "left_on": "someday" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The template's xlsx with its sheet's XML changed by `edit`.
fn hostile_xlsx(edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let original = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/training.xlsx"
    ))
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/") {
            bytes = edit(std::str::from_utf8(&bytes).unwrap()).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn hostile_xlsx_files_are_refused_with_a_reason_and_the_server_stands() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    // One cell in the last column of the last row: read as a grid, 17 billion cells.
    let far = hostile_xlsx(|xml| {
        xml.replace(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
        )
    });
    let (status, res) = import(&app, &token, app.seed.site_a1, far, true, xlsx).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert!(
        res["error"]["message"].as_str().unwrap().contains("500"),
        "{res}"
    );

    let wide = hostile_xlsx(|xml| {
        xml.replace(
            "</sheetData>",
            "<row r=\"9\"><c r=\"AAA9\"><v>1</v></c></row></sheetData>",
        )
    });
    let (status, res) = import(&app, &token, app.seed.site_a1, wide, true, xlsx).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert!(
        res["error"]["message"].as_str().unwrap().contains("64"),
        "{res}"
    );

    // Nothing was imported, and the server still answers.
    let (status, staff) = app
        .get(&format!("/api/v1/sites/{}/staff", app.seed.site_a1), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(staff["staff"], serde_json::json!([]));
}

/// Found by the fuzzer: the same person on two lines with different details made one batch
/// write them twice, which PostgreSQL refuses in one statement. The later line wins.
#[tokio::test]
async fn a_person_named_twice_with_different_details_is_written_once() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let file = format!(
        "employee_ref;job_role;start_date;module;completed_on;delivery\n\
         T1;reception;2020-01-01;ecpat_basic;{};elearning\n\
         T1;reception;2020-02-01;ecpat_basic;{};classroom\n",
        days_ago(60),
        days_ago(30),
    );
    let (status, body) = import(
        &app,
        &token,
        app.seed.site_a1,
        csv(&file),
        false,
        "text/csv",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, person) = app
        .get(
            &format!("/api/v1/sites/{}/staff/T1", app.seed.site_a1),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{person}");
    assert_eq!(person["staff"]["start_date"], "2020-02-01", "{person}");
    assert_eq!(
        person["training_records"].as_array().map(Vec::len),
        Some(2),
        "{person}"
    );
}

/// The import names the values it accepts in the user's language, accepts the values it
/// names, and its template shows them: every job role, every delivery, in that language.
#[tokio::test]
async fn the_import_accepts_the_values_it_names_in_each_language() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    for (lang, values) in [
        (
            "en",
            [
                "e-learning",
                "classroom",
                "other",
                "reception",
                "food and beverage",
            ],
        ),
        (
            "fr",
            ["e-learning", "présentiel", "autre", "réception", "étages"],
        ),
        (
            "nl",
            ["e-learning", "klassikaal", "andere", "receptie", "horeca"],
        ),
    ] {
        let req = Request::get(format!("/api/v1/training-template.csv?lang={lang}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let body = String::from_utf8(
            app.send(req)
                .await
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        for v in values {
            assert!(
                body.contains(&format!(";{v};")) || body.contains(&format!(";{v}\r\n")),
                "{lang}: {v} in {body}"
            );
        }
        assert_eq!(
            body.lines().count(),
            8,
            "a header and one line per job role: {body}"
        );
        let (status, res) = import(&app, &token, site, body.into_bytes(), true, "text/csv").await;
        assert_eq!(status, StatusCode::OK, "{lang}: {res}");
        assert_eq!(res["errors"], serde_json::json!([]), "{lang}");
    }
    // The French words the messages name are accepted, whatever their case.
    let body = "employee_ref;job_role;start_date;module;completed_on;delivery\n\
                P1;réception;2020-01-01;ecpat_basic;2025-01-10;Présentiel\n\
                P2;direction;2020-01-01;ecpat_basic;2025-01-10;autre\n\
                P3;étages;2020-01-01;ecpat_basic;2025-01-10;klassikaal\n";
    let (status, res) = import(&app, &token, site, csv(body), true, "text/csv").await;
    assert_eq!(status, StatusCode::OK, "{res}");
    // A value it does not know: the message (in the manager's French) names the French ones.
    let body = "employee_ref;job_role;start_date;module;completed_on;delivery\n\
                P1;réception;2020-01-01;ecpat_basic;2025-01-10;webinaire\n";
    let (status, res) = import(&app, &token, site, csv(body), true, "text/csv").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    let message = res["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("« webinaire »"), "{message}");
    assert!(
        message.contains("e-learning, présentiel ou autre"),
        "{message}"
    );
    // The import form on the training page says the same, next to the template.
    let mut b = common::Browser::new(&app);
    b.login("manager-a1@test").await;
    let page = b.get(&format!("/sites/{site}/training")).await;
    assert!(
        page.body
            .contains("Modalité : e-learning, présentiel, autre. Module : ecpat_basic"),
        "{}",
        page.body
    );
}
