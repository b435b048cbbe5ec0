//! A fresh app per test: a temporary SQLite file, the real criteria, the real router.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use codecheck::auth::hash_password;
use codecheck::config::Settings;
use codecheck::domain::{Country, Email, Lang, NodeName, Password, Role};
use codecheck::store::users::NewUser;
use codecheck::{AppState, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

mod documented;

pub const PASSWORD: &str = "correct horse battery staple";

/// Ids of the seeded organisation: two companies, A with two sites, B with one.
pub struct Seed {
    pub company_a: i64,
    pub unit_a: i64,
    pub site_a1: i64,
    pub site_a2: i64,
    pub company_b: i64,
    pub unit_b: i64,
    pub site_b1: i64,
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub seed: Seed,
    pub dir: TempDir,
}

pub fn criteria_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria")
}

/// A fresh database for one test: a SQLite file in `dir`, or, when `TEST_DATABASE_URL` names a
/// PostgreSQL server (`postgres://user:password@host/db`), a new database created there.
pub fn database_url(dir: &TempDir) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => fresh_postgres_database(&admin),
        _ => format!("sqlite://{}", dir.path().join("test.db").display()),
    }
}

fn fresh_postgres_database(admin: &str) -> String {
    use sqlx::Connection;
    let name = format!(
        "cc_test_{}",
        &codecheck::auth::secret_hash(&codecheck::auth::new_secret())[..16]
    );
    let mut url = url::Url::parse(admin).expect("TEST_DATABASE_URL is a URL");
    let admin = admin.to_owned();
    let create = format!("CREATE DATABASE {name}");
    // Tests build their settings outside any runtime: create it on a thread of its own.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                sqlx::any::install_default_drivers();
                let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(create))
                    .execute(&mut conn)
                    .await
                    .unwrap();
            })
    })
    .join()
    .expect("creating the test database");
    url.set_path(&name);
    url.to_string()
}

pub fn settings(dir: &TempDir) -> Settings {
    Settings {
        evidence_store: None,
        db_max_connections: codecheck::store::DEFAULT_MAX_CONNECTIONS,
        database_url: database_url(dir),
        criteria_dir: criteria_dir(),
        data_dir: dir.path().join("data"),
        public_url: "http://localhost".into(),
        max_upload_mb: 20,
        smtp_url: None,
        signing_key: None,
        mail_from: "codecheck <no-reply@localhost>".to_owned(),
        metrics_token: None,
        trusted_proxies: 0,
        request_timeout_secs: codecheck::config::DEFAULT_REQUEST_TIMEOUT_SECS,
        header_timeout_secs: codecheck::config::DEFAULT_HEADER_TIMEOUT_SECS,
        max_connections: codecheck::config::DEFAULT_MAX_CLIENT_CONNECTIONS,
    }
}

impl TestApp {
    /// The text of a PDF as poppler's `pdftotext` reads it (`-layout`: one line per line of
    /// print, columns kept apart), or `None` without poppler (CI has it: there a missing tool
    /// fails).
    pub fn pdftotext(&self, pdf: &[u8], layout: bool) -> Option<String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let file = self.dir.path().join(format!("read-{nanos}.pdf"));
        std::fs::write(&file, pdf).unwrap();
        let mut command = std::process::Command::new("pdftotext");
        if layout {
            command.arg("-layout");
        }
        match command.arg(&file).arg("-").output() {
            Ok(out) if out.status.success() => {
                Some(String::from_utf8_lossy(&out.stdout).into_owned())
            }
            _ => {
                let required =
                    std::env::var("CODECHECK_BROWSER_TESTS").is_ok_and(|v| v == "required");
                assert!(!required, "pdftotext (poppler-utils) is missing");
                eprintln!("skipped: pdftotext (poppler-utils) is missing");
                None
            }
        }
    }

    /// Users: admin@test, company-a@test (company A), unit-a@test (unit A),
    /// manager-a1@test (site A1), manager-b1@test (site B1), auditor-a@test (company A).
    pub async fn new() -> TestApp {
        TestApp::with_mailer(None).await
    }

    /// The same app, sending notification e-mails through `mailer`.
    pub async fn with_mailer(
        mailer: Option<std::sync::Arc<dyn codecheck::mail::Mailer>>,
    ) -> TestApp {
        TestApp::build(mailer, |_| {}).await
    }

    /// The same app with some settings changed.
    pub async fn with_settings(edit: impl FnOnce(&mut Settings)) -> TestApp {
        TestApp::build(None, edit).await
    }

    /// The app with a mailer and some settings changed.
    pub async fn build(
        mailer: Option<std::sync::Arc<dyn codecheck::mail::Mailer>>,
        edit: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = settings(&dir);
        edit(&mut settings);
        let mut state = AppState::open(settings).await.expect("app opens");
        if let Some(m) = mailer {
            state.enable_mail(m);
        }
        let store = &state.store;
        let name = |s: &str| NodeName::parse(s).unwrap();
        let be = Country::parse("BE").unwrap();
        let a = store.create_company(&name("Alpha Hôtels")).await.unwrap();
        let ua = store
            .create_unit(&a, &name("Alpha Belgique"), &be)
            .await
            .unwrap();
        let a1 = store
            .create_site(&ua, &name("Hôtel Alpha Namur"), &name("Namur"))
            .await
            .unwrap();
        let a2 = store
            .create_site(&ua, &name("Hotel Alpha Brugge"), &name("Brugge"))
            .await
            .unwrap();
        let b = store.create_company(&name("Beta Hotels")).await.unwrap();
        let ub = store
            .create_unit(&b, &name("Beta Belgium"), &be)
            .await
            .unwrap();
        let b1 = store
            .create_site(&ub, &name("Beta Antwerpen"), &name("Antwerpen"))
            .await
            .unwrap();
        let hash = hash_password(&Password::parse(PASSWORD).unwrap())
            .await
            .unwrap();
        for (email, role, scopes, lang) in [
            ("admin@test", Role::Admin, vec![], None),
            ("company-a@test", Role::CompanyAdmin, vec![a.id], None),
            ("unit-a@test", Role::CompanyAdmin, vec![ua.id], None),
            (
                "manager-a1@test",
                Role::SiteManager,
                vec![a1.id],
                Some(Lang::Fr),
            ),
            (
                "manager-b1@test",
                Role::SiteManager,
                vec![b1.id],
                Some(Lang::Nl),
            ),
            ("auditor-a@test", Role::Auditor, vec![a.id], None),
        ] {
            store
                .create_user(NewUser {
                    email: &Email::parse(email).unwrap(),
                    password_hash: hash.clone(),
                    role,
                    scopes: &scopes,
                    language: lang,
                })
                .await
                .unwrap();
        }
        TestApp {
            router: app(state.clone()),
            state,
            seed: Seed {
                company_a: a.id,
                unit_a: ua.id,
                site_a1: a1.id,
                site_a2: a2.id,
                company_b: b.id,
                unit_b: ub.id,
                site_b1: b1.id,
            },
            dir,
        }
    }

    /// The router's answer; an `/api/v1` answer whose status the document does not list for
    /// its operation fails the test.
    pub async fn send(&self, req: Request<Body>) -> axum::response::Response {
        let (method, uri) = (req.method().clone(), req.uri().to_string());
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        documented::check(&self.state.settings, &method, &uri, res.status());
        res
    }

    /// A JSON API call; `token` is the bearer token, if any.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = self.send(req).await;
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!(
                    "{path} did not answer JSON: {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        (status, json)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.api("GET", path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.api("POST", path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.api("PUT", path, Some(token), Some(body)).await
    }

    /// An app over data seeded some other way (no seeded ids).
    pub async fn from_state(state: AppState, dir: TempDir) -> TestApp {
        TestApp {
            router: app(state.clone()),
            state,
            seed: Seed {
                company_a: 0,
                unit_a: 0,
                site_a1: 0,
                site_a2: 0,
                company_b: 0,
                unit_b: 0,
                site_b1: 0,
            },
            dir,
        }
    }

    pub async fn login(&self, email: &str) -> String {
        self.login_with(email, PASSWORD).await
    }

    pub async fn login_with(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .api(
                "POST",
                "/api/v1/auth/login",
                None,
                Some(serde_json::json!({ "email": email, "password": password })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login {email}: {body}");
        body["token"].as_str().expect("token").to_owned()
    }

    /// Every item key of the current criteria, in order.
    pub fn item_keys(&self) -> Vec<String> {
        self.state
            .criteria
            .current()
            .items()
            .map(|i| i.key.clone())
            .collect()
    }

    pub async fn submit(&self, token: &str, assessment: i64) -> (StatusCode, Value) {
        self.api(
            "POST",
            &format!("/api/v1/assessments/{assessment}/submit"),
            Some(token),
            None,
        )
        .await
    }

    /// Answers one item: `PUT /api/v1/assessments/{id}/answers/{key}`.
    pub async fn answer(
        &self,
        token: &str,
        assessment: i64,
        key: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.put(
            &format!("/api/v1/assessments/{assessment}/answers/{key}"),
            token,
            body,
        )
        .await
    }

    /// Starts an assessment as `token` and returns its id.
    pub async fn start(&self, token: &str, site: i64, year: i32) -> i64 {
        let (status, a) = self
            .post(
                &format!("/api/v1/sites/{site}/assessments"),
                token,
                serde_json::json!({ "year": year }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
        a["id"].as_i64().unwrap()
    }

    /// Starts an assessment as `token` and answers every item `yes`.
    pub async fn complete_assessment(&self, token: &str, site: i64, year: i32) -> i64 {
        let id = self.start(token, site, year).await;
        for key in self.item_keys() {
            let (status, body) = self
                .answer(token, id, &key, serde_json::json!({ "answer": "yes" }))
                .await;
            assert_eq!(status, StatusCode::OK, "{key}: {body}");
        }
        id
    }
}

/// A browser: keeps cookies between requests, fills forms with their CSRF token.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: std::collections::HashMap<String, String>,
    pub accept_language: Option<String>,
    /// A header sent with every request, as a page script would.
    pub extra_header: Option<(&'static str, &'static str)>,
}

pub struct PageResponse {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: Default::default(),
            accept_language: None,
            extra_header: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn request(&mut self, req: axum::http::request::Builder, body: Body) -> PageResponse {
        let mut req = req.header(header::COOKIE, self.cookie_header());
        if let Some(l) = &self.accept_language {
            req = req.header(header::ACCEPT_LANGUAGE, l);
        }
        if let Some((name, value)) = self.extra_header {
            req = req.header(name, value);
        }
        let res = self.app.send(req.body(body).unwrap()).await;
        for c in res.headers().get_all(header::SET_COOKIE) {
            let c = c.to_str().unwrap();
            let pair = c.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        PageResponse {
            status,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> PageResponse {
        self.request(Request::builder().method("GET").uri(path), Body::empty())
            .await
    }

    /// Posts a form, adding the CSRF token taken from the page at `from`.
    pub async fn submit(
        &mut self,
        from: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> PageResponse {
        let page = self.get(from).await;
        let csrf = csrf_of(&page.body);
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    /// Posts a multipart form with one file, adding the CSRF token from the page at `from`
    /// (none when `from` is empty).
    pub async fn upload(
        &mut self,
        from: &str,
        action: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> PageResponse {
        let csrf = if from.is_empty() {
            String::new()
        } else {
            csrf_of(&self.get(from).await.body)
        };
        let boundary = "----codecheck-test-boundary";
        let mut body: Vec<u8> = Vec::new();
        let mut all: Vec<(&str, &str)> = if from.is_empty() {
            vec![]
        } else {
            vec![("csrf", csrf.as_str())]
        };
        all.extend_from_slice(fields);
        for (k, v) in all {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (field, name, content) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.request(
            Request::builder().method("POST").uri(action).header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            ),
            Body::from(body),
        )
        .await
    }

    pub async fn post_raw(&mut self, action: &str, fields: &[(&str, &str)]) -> PageResponse {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.request(
            Request::builder()
                .method("POST")
                .uri(action)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    pub async fn login(&mut self, email: &str) {
        let res = self
            .submit(
                "/login",
                "/login",
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login {email}: {}",
            res.body
        );
    }
}

/// A mailer that keeps what it is given, for tests to read; `fail` makes every send fail.
#[derive(Default)]
pub struct Outbox {
    pub sent: std::sync::Mutex<Vec<codecheck::mail::Email>>,
    pub fail: std::sync::atomic::AtomicBool,
}

impl Outbox {
    pub fn to(&self, address: &str) -> Vec<codecheck::mail::Email> {
        let sent = self.sent.lock().unwrap();
        sent.iter().filter(|e| e.to == address).cloned().collect()
    }
}

impl codecheck::mail::Mailer for Outbox {
    fn send<'a>(&'a self, email: &'a codecheck::mail::Email) -> codecheck::mail::SendFuture<'a> {
        Box::pin(async move {
            if self.fail.load(std::sync::atomic::Ordering::SeqCst) {
                anyhow::bail!("the test server refuses");
            }
            self.sent.lock().unwrap().push(email.clone());
            Ok(())
        })
    }
}

/// The CSRF token of the first form on a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("page has a form token") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

/// The statement that drops a trigger, as each database spells it (to show that an attacker
/// with the database in hand is still caught).
pub fn drop_trigger(url: &str, name: &str, table: &str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(if url.starts_with("postgres") {
        format!("DROP TRIGGER {name} ON {table}")
    } else {
        format!("DROP TRIGGER {name}")
    })
}

/// Uploads an evidence file through the API (multipart), with extra form `fields`.
pub async fn upload(
    app: &TestApp,
    token: &str,
    site: i64,
    name: &str,
    content: &[u8],
    fields: &[(&str, &str)],
) -> (StatusCode, Value) {
    let boundary = "XyZboundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("/api/v1/sites/{site}/evidence"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
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

/// The `.rs` files under `dir`, its subdirectories included.
pub fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
