//! Certificates: issued on approval and not before, downloaded by the right people only,
//! verified publicly, revoked, reissued, and checked by `codecheck verify`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Browser, TestApp};
use http_body_util::BodyExt;
use serde_json::{Value, json};

/// Submits, approves, and returns (assessment id, serial).
async fn approved(app: &TestApp) -> (i64, String) {
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    app.submit(&manager, id).await;
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert_eq!(
        a["certificate_serial"],
        Value::Null,
        "no certificate before approval"
    );
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/approve"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager)
        .await;
    let serial = a["certificate_serial"]
        .as_str()
        .expect("issued on approval")
        .to_owned();
    (id, serial)
}

async fn pdf(app: &TestApp, token: Option<&str>, serial: &str) -> (StatusCode, Vec<u8>) {
    let mut req = Request::get(format!("/api/v1/certificates/{serial}.pdf"));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app.send(req.body(Body::empty()).unwrap()).await;
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, bytes)
}

async fn verify(app: &TestApp, serial: &str) -> (StatusCode, Value) {
    app.api("GET", &format!("/api/v1/verify/{serial}"), None, None)
        .await
}

#[tokio::test]
async fn approval_issues_a_certificate_that_anyone_can_verify() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    assert!(codecheck::domain::certificate::Serial::parse(&serial).is_some());

    let (status, v) = verify(&app, &serial).await;
    assert_eq!(status, StatusCode::OK, "no login needed");
    let fields: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "company",
            "criteria",
            "issuer",
            "serial",
            "site",
            "status",
            "valid_from",
            "valid_until",
            "year"
        ],
        "the verification shows these facts and nothing else"
    );
    let criterion: Vec<&String> = v["criteria"][0].as_object().unwrap().keys().collect();
    assert_eq!(
        criterion,
        ["compliant", "number", "score", "title"],
        "a criterion's result, nothing about people"
    );
    assert_eq!(v["status"], "valid");
    assert_eq!(v["site"], "Hôtel Alpha Namur");
    assert_eq!(v["company"], "Alpha Hôtels");
    assert_eq!(v["year"], 2026);
    let typed = serial.replace('-', "").to_lowercase();
    assert_eq!(
        verify(&app, &typed).await.1["serial"],
        serial,
        "typed loosely"
    );

    let mut anyone = Browser::new(&app);
    let page = anyone.get(&format!("/verify/{serial}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hôtel Alpha Namur") && page.body.contains(&serial));

    for unknown in [
        "0000-0000-0000-0000-0",
        "nonsense",
        &serial[..serial.len() - 1],
    ] {
        let (status, body) = verify(&app, unknown).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
        assert!(body.to_string().len() < 200, "a plain not found: {body}");
        let page = anyone.get(&format!("/verify/{unknown}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
    }

    let keys = app
        .api("GET", "/.well-known/codecheck-keys.json", None, None)
        .await
        .1;
    assert_eq!(keys["keys"][0]["alg"], "Ed25519");
}

#[tokio::test]
async fn each_approval_gets_its_own_serial() {
    let app = TestApp::new().await;
    let (id, first) = approved(&app).await;
    let auditor = app.login("auditor-a@test").await;
    let (status, _) = app
        .post(
            &format!("/api/v1/assessments/{id}/reopen"),
            &auditor,
            json!({ "reason": "Erreur de saisie" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        verify(&app, &first).await.1["status"],
        "revoked",
        "reopening withdraws it"
    );
    app.api(
        "POST",
        &format!("/api/v1/assessments/{id}/approve"),
        Some(&auditor),
        None,
    )
    .await;
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    let second = a["certificate_serial"].as_str().unwrap();
    assert_ne!(second, first);
    assert_eq!(verify(&app, second).await.1["status"], "valid");
}

#[tokio::test]
async fn the_pdf_carries_the_holder_the_serial_and_the_criteria_in_the_users_language() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    for (email, title) in [
        ("manager-a1@test", "Politique et procédures"),
        ("company-a@test", "Policy and procedures"),
    ] {
        let token = app.login(email).await;
        let (status, bytes) = pdf(&app, Some(&token), &serial).await;
        assert_eq!(status, StatusCode::OK, "{email}");
        let text = codecheck::pdf::extract_text(&bytes).unwrap();
        assert!(text.contains("Hôtel Alpha Namur"), "{text}");
        assert!(text.contains("Alpha Hôtels"));
        assert!(text.contains(&serial));
        assert!(text.contains(title), "{email}: {text}");
        assert!(
            text.contains(&format!("/verify/{serial}")),
            "the printed URL"
        );
    }
    let nl = app.login("manager-b1@test").await;
    let (status, _) = pdf(&app, Some(&nl), &serial).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another company's certificate"
    );
    let (status, _) = pdf(&app, None, &serial).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let mut browser = Browser::new(&app);
    browser.login("manager-a1@test").await;
    let res = browser.get(&format!("/certificates/{serial}.pdf")).await;
    assert_eq!(res.status, StatusCode::OK);
    let mut other = Browser::new(&app);
    other.login("manager-b1@test").await;
    assert_eq!(
        other
            .get(&format!("/certificates/{serial}.pdf"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn auditors_revoke_and_reissue_and_others_cannot() {
    let app = TestApp::new().await;
    let (id, serial) = approved(&app).await;
    let manager = app.login("manager-a1@test").await;
    let auditor = app.login("auditor-a@test").await;
    let revoke = format!("/api/v1/certificates/{serial}/revoke");
    let (status, _) = app
        .post(&revoke, &manager, json!({ "reason": "non" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.post(&revoke, &auditor, json!({ "reason": "  " })).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );

    let reissue = format!("/api/v1/certificates/{serial}/reissue");
    let (status, new) = app
        .post(
            &reissue,
            &auditor,
            json!({ "reason": "Nom de l'hôtel corrigé" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{new}");
    let new_serial = new["serial"].as_str().unwrap().to_owned();
    assert_ne!(new_serial, serial);
    assert_eq!(verify(&app, &serial).await.1["status"], "revoked");
    assert_eq!(verify(&app, &new_serial).await.1["status"], "valid");
    assert_eq!(
        new["valid_until"],
        verify(&app, &serial).await.1["valid_until"],
        "same validity"
    );

    let revoke = format!("/api/v1/certificates/{new_serial}/revoke");
    let (status, body) = app
        .post(
            &revoke,
            &auditor,
            json!({ "reason": "Fermeture de l'hôtel" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "revoked");
    let (status, _) = app
        .post(&revoke, &auditor, json!({ "reason": "encore" }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let page = Browser::new(&app)
        .get(&format!("/verify/{new_serial}"))
        .await;
    assert!(page.body.contains("status-revoked"));

    let (_, history) = app
        .get(&format!("/api/v1/assessments/{id}/history"), &auditor)
        .await;
    let actions: Vec<&str> = history["entries"]
        .as_array()
        .map(|e| e.iter().filter_map(|x| x["action"].as_str()).collect())
        .unwrap_or_default();
    assert!(actions.contains(&"certificate.revoked"), "{actions:?}");
}

#[tokio::test]
async fn an_altered_record_and_an_expired_certificate_are_reported() {
    let app = TestApp::new().await;
    let (id, serial) = approved(&app).await;
    // Someone with access to the database edits the signed content.
    let url = app.state.settings.database_url.clone();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let changed = sqlx::query(
        "UPDATE certificates SET content = replace(content, '2026', '2027') WHERE serial = $1",
    )
    .bind(&serial)
    .execute(&pool)
    .await;
    assert!(
        changed.is_err(),
        "the database refuses to change a certificate"
    );
    sqlx::query(common::drop_trigger(
        &url,
        "certificates_content_immutable",
        "certificates",
    ))
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE certificates SET content = replace(content, '\"year\":2026', '\"year\":2027') WHERE serial = $1")
        .bind(&serial)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(verify(&app, &serial).await.1["status"], "altered");

    // A certificate whose validity ended yesterday.
    let assessment = app.state.store.assessment(id).await.unwrap().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let mut old = codecheck::web::shared::issuing::prepare(
        &app.state,
        &assessment,
        Some((
            today - time::Duration::days(400),
            today - time::Duration::days(1),
        )),
    )
    .await
    .unwrap();
    old.signature = app.state.keys.sign(&old.content.signed_bytes());
    app.state
        .store
        .issue_certificate(id, 1, &old)
        .await
        .unwrap();
    let expired = old.content.serial.to_string();
    assert_eq!(verify(&app, &expired).await.1["status"], "expired");
    let page = Browser::new(&app).get(&format!("/verify/{expired}")).await;
    assert!(page.body.contains("status-expired"));

    // The same in `codecheck verify`.
    let stored = app
        .state
        .store
        .certificate(&old.content.serial)
        .await
        .unwrap()
        .unwrap();
    let pdf = codecheck::web::certificates::certificate_pdf(
        &app.state,
        &stored,
        codecheck::domain::Lang::En,
    )
    .unwrap();
    let file = app.dir.path().join("expired.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codecheck"))
        .arg("verify")
        .arg(&file)
        .env("DATABASE_URL", app.state.settings.database_url.clone())
        .env("CODECHECK_DATA_DIR", app.dir.path().join("data"))
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("expired"));
}

#[tokio::test]
async fn codecheck_verify_checks_the_signature_and_the_status() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let token = app.login("company-a@test").await;
    let (_, bytes) = pdf(&app, Some(&token), &serial).await;
    let file = app.dir.path().join("certificate.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let run = |path: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codecheck"))
            .arg("verify")
            .arg(path)
            .env("DATABASE_URL", app.state.settings.database_url.clone())
            .env("CODECHECK_DATA_DIR", app.dir.path().join("data"))
            .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (ok, out) = run(&file);
    assert!(ok, "{out}");
    assert!(out.starts_with("valid"), "{out}");
    // The note names the database, never its password (a PostgreSQL URL carries one).
    let database = url::Url::parse(&app.state.settings.database_url).unwrap();
    if let Some(password) = database.password() {
        assert!(!out.contains(&format!(":{password}@")), "{out}");
    }

    // One byte of the signed content changed.
    let needle = b"\"year\":2026";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the content is in the file");
    let mut altered = bytes.clone();
    altered[at + needle.len() - 1] = b'7';
    let altered_file = app.dir.path().join("altered.pdf");
    std::fs::write(&altered_file, &altered).unwrap();
    let (ok, out) = run(&altered_file);
    assert!(!ok);
    assert!(out.starts_with("altered"), "{out}");

    let auditor = app.login("auditor-a@test").await;
    app.post(
        &format!("/api/v1/certificates/{serial}/revoke"),
        &auditor,
        json!({ "reason": "Fermé" }),
    )
    .await;
    let (ok, out) = run(&file);
    assert!(!ok);
    assert!(out.starts_with("revoked"), "{out}");

    let not_pdf = app.dir.path().join("other.pdf");
    std::fs::write(&not_pdf, b"%PDF-1.4 nothing").unwrap();
    let (ok, _) = run(&not_pdf);
    assert!(!ok);
}

#[tokio::test]
async fn a_company_downloads_a_years_certificates_as_one_zip_and_exports_them() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let company = app.login("company-a@test").await;
    let path = format!(
        "/api/v1/companies/{}/certificates.zip?year=2026",
        app.seed.company_a
    );
    let res = app
        .send(
            Request::get(&path)
                .header(header::AUTHORIZATION, format!("Bearer {company}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.len(), 1);
    let name = zip.by_index(0).unwrap().name().unwrap().into_owned();
    assert!(
        name.starts_with("hôtel-alpha-namur-") && name.ends_with(&format!("{serial}.pdf")),
        "{name}"
    );

    let manager = app.login("manager-a1@test").await;
    assert_eq!(
        app.api("GET", &path, Some(&manager), None).await.0,
        StatusCode::FORBIDDEN
    );
    let b = format!(
        "/api/v1/companies/{}/certificates.zip?year=2026",
        app.seed.company_b
    );
    assert_eq!(
        app.api("GET", &b, Some(&company), None).await.0,
        StatusCode::NOT_FOUND
    );
    let no_year = format!("/api/v1/companies/{}/certificates.zip", app.seed.company_a);
    assert_eq!(
        app.api("GET", &no_year, Some(&company), None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let out = app.dir.path().join("export");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_codecheck"))
        .args(["certificates", "export", "--company"])
        .arg(app.seed.company_a.to_string())
        .args(["--year", "2026", "--lang", "nl", "--out"])
        .arg(&out)
        .env("DATABASE_URL", app.state.settings.database_url.clone())
        .env("CODECHECK_DATA_DIR", app.dir.path().join("data"))
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(files.len(), 1);
    let pdf = std::fs::read(files[0].as_ref().unwrap().path()).unwrap();
    let text = codecheck::pdf::extract_text(&pdf).unwrap();
    assert!(text.contains("Conformiteitscertificaat"), "{text}");
}

/// The PDF with one Info entry of the certificate replaced.
fn with_entry(pdf: &[u8], key: &str, value: Vec<u8>) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info).unwrap().set(
        key.as_bytes().to_vec(),
        lopdf::Object::String(value, lopdf::StringFormat::Literal),
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[tokio::test]
async fn no_byte_of_the_signed_data_can_change_and_still_verify() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let company = app.login("company-a@test").await;
    let (status, original) = pdf(&app, Some(&company), &serial).await;
    assert_eq!(status, StatusCode::OK);
    let key = app.state.keys.public();
    let today = time::OffsetDateTime::now_utc().date();
    // The issuer's records say "not revoked": only the signature can tell a forgery.
    let check = |bytes: &[u8]| {
        codecheck::verify::check(
            bytes,
            |_| Some(key),
            |_| {
                Ok(codecheck::verify::Revocation::Known(
                    Some(codecheck::verify::Standing::InForce),
                    "the test".into(),
                ))
            },
            today,
        )
        .map(|o| o.status)
    };
    assert_eq!(
        check(&original).unwrap(),
        codecheck::domain::certificate::CertificateStatus::Valid
    );
    let (content, signature, _) = codecheck::pdf::certificate::extract(&original).unwrap();
    // Every byte of the signed content, against the signature.
    for i in 0..content.len() {
        let mut altered = content.as_bytes().to_vec();
        altered[i] ^= 0x01;
        assert!(!key.verify(&altered, &signature), "content byte {i}");
    }
    // And through the whole file, as a forger would hand it over: every byte of the
    // signature and every eighth of the content (a PDF round trip each).
    let mut tried = 0;
    for (entry, value, step) in [
        (
            codecheck::pdf::certificate::CONTENT_KEY,
            content.as_bytes(),
            8,
        ),
        (
            codecheck::pdf::certificate::SIGNATURE_KEY,
            signature.as_bytes(),
            1,
        ),
    ] {
        for i in (0..value.len()).step_by(step) {
            let mut altered = value.to_vec();
            altered[i] ^= 0x01;
            let forged = with_entry(&original, entry, altered);
            assert!(
                !matches!(
                    check(&forged),
                    Ok(codecheck::domain::certificate::CertificateStatus::Valid)
                ),
                "{entry} byte {i} still verifies"
            );
            tried += 1;
        }
    }
    assert!(tried > 100, "{tried}");
}

#[tokio::test]
async fn serials_guessed_at_random_are_never_valid() {
    let app = TestApp::new().await;
    let (_, real) = approved(&app).await;
    let mut b = Browser::new(&app);
    for _ in 0..300 {
        let guess = codecheck::domain::certificate::Serial::from_random(rand::random());
        assert_ne!(guess.as_str(), real);
        let (status, v) = verify(&app, guess.as_str()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
        let page = b.get(&format!("/verify/{}", guess.as_str())).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(!page.body.contains("status-valid"));
    }
}

/// `codecheck verify FILE` next to the test app's database (offline), or against the app
/// served at `url` (online): (exit status success, stdout, stderr).
fn run_verify(app: &TestApp, file: &std::path::Path, url: Option<&str>) -> (bool, String, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_codecheck"));
    command.arg("verify").arg(file);
    if let Some(url) = url {
        command.args(["--url", url]);
    }
    let out = command
        .env("DATABASE_URL", app.state.settings.database_url.clone())
        .env("CODECHECK_DATA_DIR", app.dir.path().join("data"))
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The test app on a real socket, for `codecheck verify --url`.
async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = codecheck::app(app.state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    format!("http://127.0.0.1:{port}")
}

/// The verdict of `verify::check` with the app's key, the records saying "in force".
fn verdict(
    app: &TestApp,
    pdf: &[u8],
) -> Result<codecheck::domain::certificate::CertificateStatus, String> {
    let key = app.state.keys.public();
    codecheck::verify::check(
        pdf,
        |kid| (kid == key.key_id()).then_some(key),
        |_| {
            Ok(codecheck::verify::Revocation::Known(
                Some(codecheck::verify::Standing::InForce),
                "the test".into(),
            ))
        },
        time::OffsetDateTime::now_utc().date(),
    )
    .map(|o| o.status)
    .map_err(|e| e.to_string())
}

/// A one-page landscape A4 PDF that prints `text` in Helvetica, for overlays.
fn stamp(text: &str) -> Vec<u8> {
    use lopdf::{Dictionary, Object, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages = doc.new_object_id();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    let font = doc.add_object(font);
    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference(font));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let ops = format!("q 1 1 1 rg 40 410 760 40 re f Q BT /F1 26 Tf 120 420 Td ({text}) Tj ET");
    let contents = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages));
    page.set("Contents", Object::Reference(contents));
    page.set("Resources", Object::Dictionary(resources));
    page.set(
        "MediaBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Integer(842),
            Object::Integer(595),
        ]),
    );
    let page = doc.add_object(page);
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Kids", Object::Array(vec![Object::Reference(page)]));
    tree.set("Count", Object::Integer(1));
    doc.objects.insert(pages, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages));
    let catalog = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// `pdf` with an incremental update appended (the way a PDF editor saves a change), made
/// by `edit` on the new revision of its first page.
fn updated(
    pdf: &[u8],
    edit: impl FnOnce(&mut lopdf::Document, lopdf::ObjectId, &lopdf::Document),
) -> Vec<u8> {
    let mut doc = lopdf::IncrementalDocument::load_from(pdf).unwrap();
    let page = *doc
        .get_prev_documents()
        .get_pages()
        .values()
        .next()
        .unwrap();
    doc.opt_clone_object_to_new_document(page).unwrap();
    let prev = doc.get_prev_documents().clone();
    edit(&mut doc.new_document, page, &prev);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert!(out.len() > pdf.len() && out.starts_with(pdf), "appended");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anything_drawn_over_a_certificate_makes_it_altered() {
    use codecheck::domain::certificate::CertificateStatus;
    use lopdf::{Dictionary, Object, Stream};
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let company = app.login("company-a@test").await;
    let (status, genuine) = pdf(&app, Some(&company), &serial).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verdict(&app, &genuine), Ok(CertificateStatus::Valid));

    // New text drawn over the holder's name, in an appended update.
    let overlay = updated(&genuine, |doc, page, _| {
        let ops = b"q 1 1 1 rg 40 410 760 40 re f Q".to_vec();
        let stream = doc.add_object(Stream::new(Dictionary::new(), ops));
        let dict = doc.get_object_mut(page).unwrap().as_dict_mut().unwrap();
        let mut contents = match dict.get(b"Contents").unwrap().clone() {
            Object::Array(list) => list,
            one => vec![one],
        };
        contents.push(Object::Reference(stream));
        dict.set("Contents", Object::Array(contents));
    });
    // The signed content is untouched: only the seal can tell.
    assert_eq!(
        codecheck::pdf::certificate::extract(&overlay).map(|e| e.0),
        codecheck::pdf::certificate::extract(&genuine).map(|e| e.0)
    );
    // An annotation that shows another holder.
    let annotated = updated(&genuine, |doc, page, _| {
        let mut annot = Dictionary::new();
        annot.set("Type", Object::Name(b"Annot".to_vec()));
        annot.set("Subtype", Object::Name(b"FreeText".to_vec()));
        annot.set(
            "Rect",
            Object::Array(vec![
                Object::Integer(60),
                Object::Integer(400),
                Object::Integer(780),
                Object::Integer(450),
            ]),
        );
        annot.set("Contents", Object::string_literal("Hotel Beta Forgery"));
        annot.set("DA", Object::string_literal("/Helv 24 Tf 0 g"));
        let annot = doc.add_object(annot);
        let dict = doc.get_object_mut(page).unwrap().as_dict_mut().unwrap();
        dict.set("Annots", Object::Array(vec![Object::Reference(annot)]));
    });
    // A second page.
    let extra_page = updated(&genuine, |doc, page, prev| {
        let pages = prev
            .get_dictionary(page)
            .unwrap()
            .get(b"Parent")
            .unwrap()
            .as_reference()
            .unwrap();
        let mut copy = prev.get_dictionary(page).unwrap().clone();
        copy.set(
            "Contents",
            Object::Reference(doc.add_object(Stream::new(
                Dictionary::new(),
                b"q 0 0 1 rg 100 100 300 80 re f Q".to_vec(),
            ))),
        );
        let second = doc.add_object(copy);
        let mut tree = prev.get_dictionary(pages).unwrap().clone();
        tree.set(
            "Kids",
            Object::Array(vec![Object::Reference(page), Object::Reference(second)]),
        );
        tree.set("Count", Object::Integer(2));
        doc.set_object(pages, Object::Dictionary(tree));
    });
    // The page's own drawing changed in place: the whole file rewritten.
    let rewritten = {
        let mut doc = lopdf::Document::load_mem(&genuine).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let mut content = doc.get_page_content(page);
        content.extend_from_slice(b"\nq 1 0 0 rg 40 40 200 20 re f Q\n");
        doc.change_page_content(page, content).unwrap();
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    for (what, forged) in [
        ("an overlay", &overlay),
        ("an annotation", &annotated),
        ("an extra page", &extra_page),
        ("changed page content", &rewritten),
    ] {
        assert_eq!(
            verdict(&app, forged),
            Ok(CertificateStatus::Altered),
            "{what}"
        );
    }

    // The same through `codecheck verify`, offline and online: `altered`, exit code 1.
    let url = serve(&app).await;
    let genuine_file = app.dir.path().join("genuine.pdf");
    std::fs::write(&genuine_file, &genuine).unwrap();
    let overlay_file = app.dir.path().join("overlay.pdf");
    std::fs::write(&overlay_file, &overlay).unwrap();
    for online in [None, Some(url.as_str())] {
        let (ok, out, err) =
            tokio::task::block_in_place(|| run_verify(&app, &genuine_file, online));
        assert!(ok && out.starts_with("valid"), "{online:?}: {out}{err}");
        let (ok, out, err) =
            tokio::task::block_in_place(|| run_verify(&app, &overlay_file, online));
        assert!(!ok, "{online:?}: {out}{err}");
        assert!(out.starts_with("altered"), "{online:?}: {out}{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_overlaid_with_qpdf_is_altered() {
    let qpdf = std::path::Path::new("/usr/bin/qpdf");
    if !qpdf.is_file() {
        let required = std::env::var("CODECHECK_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "the qpdf overlay test cannot run, missing: qpdf");
        eprintln!("the qpdf overlay test skipped, missing: qpdf (Debian package qpdf)");
        return;
    }
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let company = app.login("company-a@test").await;
    let (_, genuine) = pdf(&app, Some(&company), &serial).await;
    let dir = app.dir.path();
    std::fs::write(dir.join("cert.pdf"), &genuine).unwrap();
    std::fs::write(
        dir.join("stamp.pdf"),
        stamp("Hotel Beta - verify at https://codecheck.evil.example/verify"),
    )
    .unwrap();
    let out = std::process::Command::new(qpdf)
        .arg("--overlay")
        .arg(dir.join("stamp.pdf"))
        .arg("--")
        .arg(dir.join("cert.pdf"))
        .arg(dir.join("out.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let forged = std::fs::read(dir.join("out.pdf")).unwrap();
    // What a reader sees has changed (when poppler is here to read it); what is signed has not.
    if let Ok(out) = std::process::Command::new("pdftotext")
        .arg(dir.join("out.pdf"))
        .arg("-")
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("codecheck.evil.example"),
            "the overlay shows: {text}"
        );
    }
    assert_eq!(
        codecheck::pdf::certificate::extract(&forged).map(|e| e.0),
        codecheck::pdf::certificate::extract(&genuine).map(|e| e.0),
        "qpdf kept the signed content"
    );
    assert_eq!(
        verdict(&app, &forged),
        Ok(codecheck::domain::certificate::CertificateStatus::Altered)
    );
    let url = serve(&app).await;
    for online in [None, Some(url.as_str())] {
        let (ok, out, err) =
            tokio::task::block_in_place(|| run_verify(&app, &dir.join("out.pdf"), online));
        assert!(!ok, "{online:?}: {out}{err}");
        assert!(out.starts_with("altered"), "{online:?}: {out}{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_from_before_the_seal_is_never_called_valid() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let company = app.login("company-a@test").await;
    let (_, genuine) = pdf(&app, Some(&company), &serial).await;
    // As earlier versions wrote it: the signed content, no seal.
    let mut doc = lopdf::Document::load_mem(&genuine).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let dict = doc.get_dictionary_mut(info).unwrap();
    dict.remove(codecheck::pdf::certificate::SEAL_KEY.as_bytes());
    dict.remove(codecheck::pdf::certificate::SEAL_KEY_ID_KEY.as_bytes());
    let mut old = Vec::new();
    doc.save_to(&mut old).unwrap();
    let said = verdict(&app, &old).unwrap_err();
    assert!(
        said.contains("old format") && said.contains(&serial),
        "{said}"
    );
    // Only one of the two entries left: not the old format, a damaged seal.
    let mut doc = lopdf::Document::load_mem(&genuine).unwrap();
    doc.get_dictionary_mut(info)
        .unwrap()
        .remove(codecheck::pdf::certificate::SEAL_KEY.as_bytes());
    let mut half = Vec::new();
    doc.save_to(&mut half).unwrap();
    assert_eq!(
        verdict(&app, &half),
        Ok(codecheck::domain::certificate::CertificateStatus::Altered)
    );
    let file = app.dir.path().join("old.pdf");
    std::fs::write(&file, &old).unwrap();
    let url = serve(&app).await;
    for online in [None, Some(url.as_str())] {
        let (ok, out, err) = tokio::task::block_in_place(|| run_verify(&app, &file, online));
        assert!(!ok, "{online:?}: {out}{err}");
        assert!(!out.starts_with("valid"), "{online:?}: {out}");
        assert!(err.contains("old format"), "{online:?}: {err}");
    }
    // Its serial still verifies online, against the stored record.
    assert_eq!(verify(&app, &serial).await.1["status"], "valid");
}

/// The text of the element with `id` (or of its first child), up to the first closing tag.
fn element_text(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let mut rest = &html[at + html[at..].find('>').unwrap() + 1..];
    // Into the first child's text: <tr id=…><th …>text</th>.
    while rest.trim_start().starts_with('<') && !rest.trim_start().starts_with("</") {
        rest = &rest[rest.find('>').unwrap() + 1..];
    }
    rest[..rest.find("</").unwrap()].trim().to_owned()
}

#[tokio::test]
async fn the_verify_page_shows_the_issuer_of_the_pdf_and_each_criterions_result() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let company = app.login("company-a@test").await;
    let (_, bytes) = pdf(&app, Some(&company), &serial).await;

    let mut anyone = Browser::new(&app);
    let page = anyone.get(&format!("/verify/{serial}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let issuer = element_text(&page.body, "verify-issuer");
    assert_eq!(
        issuer, "ECPAT",
        "the approving body of the criteria version"
    );
    assert!(
        page.body.contains(&format!(
            "This certificate was issued by {issuer} and is in force."
        )),
        "the status says the same issuer: {}",
        page.body
    );
    assert!(!page.body.contains("issued by codecheck"), "{}", page.body);
    if let Some(text) = app.pdftotext(&bytes, true) {
        let printed = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Issued by"))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no issuer in the PDF: {text}"));
        assert_eq!(printed, issuer, "the PDF and the page name one issuer");
    }
    let text = codecheck::pdf::extract_text(&bytes).unwrap();
    // Each criterion, as the certificate states it: its title and audited result.
    for n in 1..=6 {
        let row = element_text(&page.body, &format!("verify-criterion-{n}"));
        assert!(row.starts_with(&format!("{n}. ")), "{row}");
        let title = row.trim_start_matches(&format!("{n}. ")).to_owned();
        assert!(text.contains(&title), "« {title} » as on the certificate");
    }
    assert!(page.body.contains("Policy and procedures"));
    assert_eq!(
        page.body.matches("✓ Compliant</span> 100&nbsp;%").count(),
        6
    );
    assert!(!page.body.contains("employee"), "no personal data");
    // In the visitor's language.
    anyone.accept_language = Some("fr".to_owned());
    let page = anyone.get(&format!("/verify/{serial}")).await;
    assert!(
        page.body.contains("Politique et procédures"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Délivré par"));
    let (_, v) = app
        .api("GET", &format!("/api/v1/verify/{serial}"), None, None)
        .await;
    assert_eq!(v["issuer"], "ECPAT");
    assert_eq!(v["criteria"].as_array().unwrap().len(), 6);
    assert_eq!(v["criteria"][0]["score"], 100);
}

#[tokio::test]
async fn a_printed_serial_typed_in_the_verify_form_leads_to_its_page() {
    let app = TestApp::new().await;
    let (_, serial) = approved(&app).await;
    let mut anyone = Browser::new(&app);
    // /verify without a serial: a field to type it, a GET form without JavaScript.
    let form = anyone.get("/verify").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("<form method=\"get\" action=\"/verify\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("name=\"serial\""));
    assert!(
        !form.body.contains("role=\"alert\""),
        "no error before typing"
    );
    // The form's own default (an empty field) is not an error.
    assert_eq!(anyone.get("/verify?serial=").await.status, StatusCode::OK);

    // Typed as printed in groups, in small letters with spaces: normalised to its page.
    let typed = serial.replace('-', " ").to_lowercase();
    let res = anyone
        .get(&format!(
            "/verify?serial={}",
            url::form_urlencoded::byte_serialize(typed.as_bytes()).collect::<String>()
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location.as_deref(),
        Some(format!("/verify/{serial}").as_str())
    );
    let page = anyone.get(res.location.as_deref().unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("verify-issuer"));

    // A well-formed serial of no certificate: not found, with the field again, in French.
    anyone.accept_language = Some("fr".to_owned());
    let unknown = "0000-0000-0000-0000-0";
    let res = anyone.get(&format!("/verify?serial={unknown}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = anyone.get(res.location.as_deref().unwrap()).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        page.body
            .contains("Aucun certificat ne porte ce numéro de série"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!("value=\"{unknown}\"")),
        "typed serial kept"
    );
    assert!(page.body.contains("action=\"/verify\""), "the field again");

    // A malformed serial (a symbol mistyped: the check fails) is named as such.
    let mut chars: Vec<char> = serial.chars().collect();
    chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
    let mistyped: String = chars.into_iter().collect();
    let page = anyone.get(&format!("/verify?serial={mistyped}")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("n&#39;est pas un numéro de série de certificat"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("value=\"{mistyped}\"")));
    assert!(page.body.contains("aria-invalid=\"true\""));
    let page = anyone.get("/verify/nonsense").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        page.body.replace('\u{a0}', " ").contains("« nonsense »"),
        "{}",
        page.body
    );
    assert!(page.body.contains("action=\"/verify\""));
}
