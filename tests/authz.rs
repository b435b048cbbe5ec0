//! The authorization matrix: every route the router serves, for every role (and for nobody
//! signed in), on an object of the caller's own hotel, of a sibling hotel of the same company,
//! of another company, and on ids that name nothing, against the answer the rules below expect.
//! What a caller hears about an object they may not see must be exactly what they hear about
//! one that does not exist, so that ids cannot be probed.
//!
//! The route list is read from the router itself and the API's operation ids from its OpenAPI
//! document, so a route added without a rule here fails the test.
//!
//! Allowed calls are real calls with valid bodies (they approve, erase, revoke...), so each
//! caller gets a world of their own, and every write target has objects nobody else touches.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use codecheck::domain::Role;
use common::{PASSWORD, TestApp};
use http_body_util::BodyExt;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------
// The routes, from the router

/// Every (method, path template) the router serves. axum has no route listing, but its
/// `Debug` output names each path and the methods its handler answers (`allow_header`); the
/// test fails loudly if that format ever changes, since then no route is found.
fn served_routes(router: &axum::Router) -> BTreeSet<(String, String)> {
    let debug = format!("{router:?}");
    // The fallback router (404 for everything else) is not a route.
    let main = debug
        .split("fallback_router:")
        .next()
        .expect("the router's Debug output");
    let mut paths: BTreeMap<u32, String> = BTreeMap::new();
    let mut methods: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (at, _) in main.match_indices("RouteId(") {
        let rest = &main[at + "RouteId(".len()..];
        let Some(close) = rest.find(')') else {
            continue;
        };
        let Ok(id) = rest[..close].parse::<u32>() else {
            continue;
        };
        let after = &rest[close + 1..];
        if let Some(path) = after.strip_prefix(": \"") {
            paths.insert(id, path[..path.find('"').unwrap()].to_owned());
        } else if let Some(router) = after.strip_prefix(": MethodRouter(") {
            let allow = &router[router.find("allow_header: ").unwrap() + "allow_header: ".len()..];
            if let Some(list) = allow.strip_prefix("Bytes(b\"") {
                let list = &list[..list.find('"').unwrap()];
                methods.insert(
                    id,
                    list.split(',')
                        .filter(|m| *m != "HEAD")
                        .map(str::to_owned)
                        .collect(),
                );
            }
        }
    }
    let mut routes = BTreeSet::new();
    for (id, path) in paths {
        for method in methods.get(&id).into_iter().flatten() {
            routes.insert((method.clone(), path.clone()));
        }
    }
    routes
}

/// `(method, path)` → operation id, from the app's own OpenAPI document.
async fn operation_ids(app: &TestApp) -> BTreeMap<(String, String), String> {
    let (status, doc) = app.api("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let mut ids = BTreeMap::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                ids.insert((method.to_uppercase(), path.clone()), id.to_owned());
            }
        }
    }
    ids
}

// ---------------------------------------------------------------------------------------
// Who asks, about what

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Admin,
    CompanyAdmin,
    Manager,
    Auditor,
}

impl Caller {
    const ALL: [Caller; 5] = [
        Caller::Anonymous,
        Caller::Admin,
        Caller::CompanyAdmin,
        Caller::Manager,
        Caller::Auditor,
    ];

    fn email(self) -> Option<&'static str> {
        match self {
            Caller::Anonymous => None,
            Caller::Admin => Some("admin@test"),
            Caller::CompanyAdmin => Some("company-a@test"),
            Caller::Manager => Some("manager-a1@test"),
            Caller::Auditor => Some("auditor-a@test"),
        }
    }

    fn role(self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::Admin => Some(Role::Admin),
            Caller::CompanyAdmin => Some(Role::CompanyAdmin),
            Caller::Manager => Some(Role::SiteManager),
            Caller::Auditor => Some(Role::Auditor),
        }
    }
}

/// Whose object the request names. The caller works for hotel A1 of company A (the company
/// admin and the auditor for all of company A; the platform admin for everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Hotel A1, company A, or the caller's own token or notification.
    Own,
    /// Hotel A2 of the same company, or a colleague's token or notification.
    Sibling,
    /// Hotel B1 of company B, or a user of company B's token or notification.
    Foreign,
    /// Ids that name nothing: what a caller hears about another tenant's objects must be
    /// exactly what they hear about these.
    Missing,
}

const TARGETS: [Target; 4] = [
    Target::Own,
    Target::Sibling,
    Target::Foreign,
    Target::Missing,
];

/// Who may use a route.
#[derive(Debug, Clone, Copy)]
enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Nobody without the metrics token, whoever they are.
    MetricsToken,
    /// Anyone signed in; what they see is their own or filtered to their rights.
    SignedIn,
    /// Signed in with one of these roles; nothing of a tenant's in the request.
    Roles(&'static [Role]),
    /// A token or a notification: its owner only.
    Personal,
    /// Something of a hotel's: those who can see the hotel and have one of these roles.
    Site(&'static [Role]),
    /// Something of a company's as a whole.
    Company(&'static [Role]),
    /// Something of a unit's.
    Unit(&'static [Role]),
}

const ALL: &[Role] = &[
    Role::Admin,
    Role::CompanyAdmin,
    Role::SiteManager,
    Role::Auditor,
];
/// Those who fill in a hotel's checklist and keep its records.
const ANSWER: &[Role] = &[Role::CompanyAdmin, Role::SiteManager];
/// Those who judge it.
const AUDIT: &[Role] = &[Role::Auditor];
const AUDIT_OR_ADMIN: &[Role] = &[Role::Auditor, Role::Admin];
const ORG: &[Role] = &[Role::Admin, Role::CompanyAdmin];
const ADMIN: &[Role] = &[Role::Admin];
/// Those whose rights may span a whole company.
const COMPANY_WIDE: &[Role] = &[Role::Admin, Role::CompanyAdmin, Role::Auditor];

/// The answer a caller must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Status(StatusCode),
    /// Not signed in: 401 from the API, the login page (303) for a page.
    SignIn,
    /// Refused (403 or 404) exactly as if the object did not exist.
    Hidden,
}

/// Can `caller` see the hotel, or the company, that `target` names?
fn sees(caller: Caller, target: Target, level: Level) -> bool {
    if target == Target::Missing {
        return false;
    }
    match (caller, level) {
        (Caller::Anonymous, _) => false,
        (Caller::Admin, _) => true,
        (Caller::CompanyAdmin | Caller::Auditor, _) => target != Target::Foreign,
        (Caller::Manager, Level::Site) => target == Target::Own,
        // A manager's rights stop at their hotel.
        (Caller::Manager, Level::Company | Level::Unit) => false,
    }
}

#[derive(Clone, Copy)]
enum Level {
    Site,
    Company,
    Unit,
}

fn expect(access: Access, caller: Caller, target: Target) -> Expect {
    let forbidden = Expect::Status(StatusCode::FORBIDDEN);
    let Some(role) = caller.role() else {
        return match access {
            Access::Public => Expect::Allowed,
            Access::MetricsToken => Expect::Status(StatusCode::UNAUTHORIZED),
            _ => Expect::SignIn,
        };
    };
    let scoped = |roles: &[Role], level| {
        if !sees(caller, target, level) {
            Expect::Hidden
        } else if roles.contains(&role) {
            Expect::Allowed
        } else {
            forbidden
        }
    };
    match access {
        Access::Public | Access::SignedIn => Expect::Allowed,
        Access::MetricsToken => Expect::Status(StatusCode::UNAUTHORIZED),
        Access::Roles(roles) if roles.contains(&role) => Expect::Allowed,
        Access::Roles(_) => forbidden,
        Access::Personal if target == Target::Own => Expect::Allowed,
        Access::Personal => Expect::Hidden,
        Access::Site(roles) => scoped(roles, Level::Site),
        Access::Company(roles) => scoped(roles, Level::Company),
        Access::Unit(roles) => scoped(roles, Level::Unit),
    }
}

// ---------------------------------------------------------------------------------------
// The objects of one world

/// What one hotel has, made through the API as its people would.
#[derive(Debug, Clone)]
struct Hotel {
    company: i64,
    unit: i64,
    site: i64,
    /// Approved, with a certificate: reports, history, the certificate's routes.
    approved: i64,
    serial: String,
    /// Approved too, for reopening.
    to_reopen: i64,
    /// Submitted, with an open finding: the auditor's routes.
    submitted: i64,
    finding: i64,
    /// Answered in full but not submitted: the answering routes.
    draft: i64,
    evidence: i64,
    /// The training import waiting for confirmation that the caller last previewed here.
    import_token: String,
    /// A site manager of the hotel's, made for the matrix: the routes about a user act on
    /// them.
    manager: i64,
}

/// Someone's token and notification.
#[derive(Debug, Clone, Copy)]
struct Personal {
    token: i64,
    notification: i64,
}

/// What a request about one target may name.
struct Objects<'a> {
    hotel: &'a Hotel,
    personal: Personal,
    item: &'a str,
    criterion: &'a str,
    /// Makes names unique across the calls of one world.
    n: usize,
    /// The request goes to the JSON API (else to a page).
    api: bool,
    /// Whose password the test knows: the caller's (the admin's for nobody).
    email: &'static str,
}

/// `/metrics` answers only to this, never to a session.
/// What the password-change routes set: it must differ from the current one.
const NEW_PASSWORD: &str = "lantern orbit meadow sketch";
const METRICS_TOKEN: &str = "matrix-metrics-token-0123456789";

/// The years of the seeded assessments.
const APPROVED_YEAR: i32 = 2024;
const REOPEN_YEAR: i32 = 2023;
const SUBMITTED_YEAR: i32 = 2025;
const DRAFT_YEAR: i32 = 2026;

/// Staff in every hotel: one who stays, and one for each route that removes someone.
const STAFF: [&str; 5] = ["KEEP", "API-ERASE", "FORM-ERASE", "API-LEFT", "FORM-LEFT"];

fn roster() -> Vec<u8> {
    let mut csv = "employee_ref;job_role;start_date;module;completed_on;delivery\n".to_owned();
    for r in STAFF {
        csv.push_str(&format!(
            "{r};reception;2020-01-01;ecpat_basic;2026-01-15;elearning\n"
        ));
    }
    csv.into_bytes()
}

/// A procedure for a suspected case, as the API takes it.
fn procedure_json() -> Value {
    json!({
        "steps": {"en": ["Call the manager"], "fr": ["Appeler le directeur"],
                  "nl": ["Bel de directeur"]},
        "internal": [{"label": "Manager", "name": "", "number": "100"}],
        "external": [{"label": "Police", "name": "", "number": "101"}],
    })
}

/// A caller's sessions: a bearer token for the API, a cookie and form token for pages.
struct Session {
    bearer: Option<String>,
    cookie: String,
    csrf: String,
}

struct World {
    app: TestApp,
    caller: Caller,
    session: Session,
    /// One per target, in the order of `TARGETS`.
    hotels: [Hotel; 4],
    personal: [Personal; 4],
    item: String,
    criterion: String,
}

impl World {
    async fn new(caller: Caller) -> World {
        let app = TestApp::with_settings(|s| s.metrics_token = Some(METRICS_TOKEN.into())).await;
        let seed = &app.seed;
        let admin = app.login("admin@test").await;
        // Company B's auditor.
        let (status, body) = app
            .post(
                "/api/v1/users",
                &admin,
                json!({"email": "auditor-b@test", "password": PASSWORD, "role": "auditor",
                       "scope_ids": [seed.company_b]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let mut hotels = Vec::new();
        for (site, unit, company, answerer, auditor) in [
            (
                seed.site_a1,
                seed.unit_a,
                seed.company_a,
                "manager-a1@test",
                "auditor-a@test",
            ),
            (
                seed.site_a2,
                seed.unit_a,
                seed.company_a,
                "company-a@test",
                "auditor-a@test",
            ),
            (
                seed.site_b1,
                seed.unit_b,
                seed.company_b,
                "manager-b1@test",
                "auditor-b@test",
            ),
        ] {
            let answerer = app.login(answerer).await;
            let auditor = app.login(auditor).await;
            hotels.push(Hotel::new(&app, site, unit, company, &answerer, &auditor).await);
        }
        hotels.push(Hotel::missing());
        let hotels: [Hotel; 4] = hotels.try_into().unwrap();
        let item = app.item_keys()[0].clone();
        let criterion = app.state.criteria.current().criteria[0].id.clone();

        // Tokens and notifications: the caller's own, a colleague's, a stranger's.
        let owners = [
            caller.email().unwrap_or("manager-a1@test"),
            "unit-a@test",
            "manager-b1@test",
        ];
        let mut personal = Vec::new();
        for owner in owners {
            personal.push(Personal::of(&app, owner).await);
        }
        personal.push(Personal {
            token: NO_SUCH_ID,
            notification: NO_SUCH_ID,
        });
        let session = Session::open(&app, caller).await;
        World {
            app,
            caller,
            session,
            hotels,
            personal: personal.try_into().unwrap(),
            item,
            criterion,
        }
    }

    fn objects(&self, target: Target, n: usize, api: bool) -> Objects<'_> {
        let i = TARGETS.iter().position(|t| *t == target).unwrap();
        Objects {
            hotel: &self.hotels[i],
            personal: self.personal[i],
            item: &self.item,
            criterion: &self.criterion,
            n,
            api,
            email: self.caller.email().unwrap_or("admin@test"),
        }
    }
}

/// An id no table uses.
const NO_SUCH_ID: i64 = 987_654_321;

impl Hotel {
    /// Names that name nothing.
    fn missing() -> Hotel {
        Hotel {
            company: NO_SUCH_ID,
            unit: NO_SUCH_ID,
            site: NO_SUCH_ID,
            approved: NO_SUCH_ID,
            serial: "AAAA-BBBB-CCCC-DDDD-E".to_owned(),
            to_reopen: NO_SUCH_ID,
            submitted: NO_SUCH_ID,
            finding: NO_SUCH_ID,
            draft: NO_SUCH_ID,
            evidence: NO_SUCH_ID,
            import_token: "no-such-import".to_owned(),
            manager: NO_SUCH_ID,
        }
    }

    async fn new(
        app: &TestApp,
        site: i64,
        unit: i64,
        company: i64,
        answerer: &str,
        auditor: &str,
    ) -> Hotel {
        let (status, body) = app
            .api(
                "POST",
                &format!("/api/v1/sites/{site}/training-records/import"),
                Some(answerer),
                None,
            )
            .await;
        assert!(
            status.is_client_error(),
            "an empty import is refused: {body}"
        );
        let import = Request::post(format!("/api/v1/sites/{site}/training-records/import"))
            .header(header::AUTHORIZATION, format!("Bearer {answerer}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(roster()))
            .unwrap();
        let res = app.send(import).await;
        assert_eq!(res.status(), StatusCode::OK, "the roster imports");
        let (status, evidence) = common::upload(
            app,
            answerer,
            site,
            "policy.pdf",
            b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{evidence}");
        let (status, body) = app
            .put(
                &format!("/api/v1/sites/{site}/procedure"),
                answerer,
                procedure_json(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");

        let approve = |id: i64| async move {
            let (status, body) = app.submit(answerer, id).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let (status, body) = app
                .api(
                    "POST",
                    &format!("/api/v1/assessments/{id}/approve"),
                    Some(auditor),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        };
        let to_reopen = app.complete_assessment(answerer, site, REOPEN_YEAR).await;
        approve(to_reopen).await;
        let approved = app.complete_assessment(answerer, site, APPROVED_YEAR).await;
        approve(approved).await;
        let (_, a) = app
            .get(&format!("/api/v1/assessments/{approved}"), auditor)
            .await;
        let serial = a["certificate_serial"].as_str().unwrap().to_owned();

        let submitted = app
            .complete_assessment(answerer, site, SUBMITTED_YEAR)
            .await;
        let (status, body) = app.submit(answerer, submitted).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let item = app.item_keys()[0].clone();
        let (status, finding) = app
            .post(
                &format!("/api/v1/assessments/{submitted}/findings"),
                auditor,
                json!({"item_key": item, "severity": "minor", "action": "Sign the policy",
                       "due_date": "2030-01-31"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{finding}");
        let draft = app.complete_assessment(answerer, site, DRAFT_YEAR).await;
        let admin = app.login("admin@test").await;
        let (status, manager) = app
            .post(
                "/api/v1/users",
                &admin,
                json!({"email": format!("matrix-manager-{site}@test"), "password": PASSWORD,
                       "role": "site_manager", "scope_ids": [site]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{manager}");
        Hotel {
            company,
            unit,
            site,
            approved,
            serial,
            to_reopen,
            submitted,
            finding: finding["id"].as_i64().unwrap(),
            draft,
            evidence: evidence["id"].as_i64().unwrap(),
            import_token: "no-such-import".to_owned(),
            manager: manager["id"].as_i64().unwrap(),
        }
    }
}

impl Personal {
    async fn of(app: &TestApp, email: &str) -> Personal {
        let token = app.login(email).await;
        let (status, created) = app
            .post("/api/v1/tokens", &token, json!({"name": "matrix"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let user: (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&pool(app).await)
            .await
            .unwrap();
        // Whatever the workflow sent them, everyone gets one notification of their own.
        let notification: (i64,) = sqlx::query_as(
            "INSERT INTO notifications (user_id, kind, assessment_id, event_key, created_at, \
             email_state) SELECT $1, 'approved', MIN(id), $2, '2026-01-01T00:00:00Z', 'none' \
             FROM assessments RETURNING id",
        )
        .bind(user.0)
        .bind(format!("matrix-{}", user.0))
        .fetch_one(&pool(app).await)
        .await
        .unwrap();
        Personal {
            token: created["id"].as_i64().unwrap(),
            notification: notification.0,
        }
    }
}

async fn pool(app: &TestApp) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&app.state.settings.database_url)
        .await
        .unwrap()
}

impl Session {
    async fn open(app: &TestApp, caller: Caller) -> Session {
        // Every browser first gets a form token of its own from the login page.
        let res = app
            .send(Request::get("/login").body(Body::empty()).unwrap())
            .await;
        let anon = cookie_of(&res, "codecheck_csrf").expect("an anonymous form token");
        let Some(email) = caller.email() else {
            return Session {
                bearer: None,
                cookie: format!("codecheck_csrf={anon}"),
                csrf: anon,
            };
        };
        let bearer = app.login(email).await;
        let form = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", anon.as_str()),
                ("email", email),
                ("password", PASSWORD),
            ])
            .finish();
        let res = app
            .send(
                Request::post("/login")
                    .header(header::COOKIE, format!("codecheck_csrf={anon}"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "page login {email}");
        let session = cookie_of(&res, "codecheck_session").expect("a session cookie");
        let cookie = format!("codecheck_csrf={anon}; codecheck_session={session}");
        let res = app
            .send(
                Request::get("/account/password")
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let page = String::from_utf8(body_bytes(res).await).unwrap();
        Session {
            bearer: Some(bearer),
            cookie,
            csrf: common::csrf_of(&page),
        }
    }

    fn request(
        &self,
        method: Method,
        uri: &str,
        payload: Payload,
        with_csrf: bool,
    ) -> Request<Body> {
        let api = uri.starts_with("/api/");
        let mut req = Request::builder().method(method).uri(uri);
        if api {
            if let Some(bearer) = &self.bearer {
                req = req.header(header::AUTHORIZATION, format!("Bearer {bearer}"));
            }
        } else {
            req = req.header(header::COOKIE, &self.cookie);
        }
        let csrf = (!api && with_csrf).then_some(("csrf".to_owned(), self.csrf.clone()));
        let body = match payload {
            Payload::None if !api && csrf.is_some() => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                form_body(csrf.into_iter().collect())
            }
            Payload::None => Body::empty(),
            Payload::Json(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            Payload::Csv(bytes) => {
                req = req.header(header::CONTENT_TYPE, "text/csv");
                Body::from(bytes)
            }
            Payload::Form(fields) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                form_body(csrf.into_iter().chain(fields).collect())
            }
            Payload::Upload(fields, file) => {
                let boundary = "matrix-boundary";
                req = req.header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                );
                multipart(boundary, csrf.into_iter().chain(fields).collect(), file)
            }
        };
        req.body(body).unwrap()
    }
}

fn form_body(fields: Vec<(String, String)>) -> Body {
    Body::from(
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish(),
    )
}

fn multipart(boundary: &str, fields: Vec<(String, String)>, file: (&str, Vec<u8>)) -> Body {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; \
             filename=\"roster.csv\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(&file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Body::from(body)
}

/// The value of a page's hidden form field.
fn hidden_field(page: &[u8], name: &str) -> Option<String> {
    let page = std::str::from_utf8(page).ok()?;
    let marker = format!("type=\"hidden\" name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    Some(page[start..start + page[start..].find('"')?].to_owned())
}

/// What an answer says, short: the JSON as it is, a page's text without its markup.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = match text.find("<main") {
        Some(main) => {
            let mut plain = String::new();
            let mut in_tag = false;
            for c in text[main..].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        plain.push(' ');
                    }
                    _ if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            plain.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        None => text.into_owned(),
    };
    text.chars().take(200).collect()
}

fn cookie_of(res: &axum::response::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok())
        .filter_map(|c| c.split(';').next()?.split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

async fn body_bytes(res: axum::response::Response) -> Vec<u8> {
    res.into_body().collect().await.unwrap().to_bytes().to_vec()
}

// ---------------------------------------------------------------------------------------
// The rules

/// What a request sends.
enum Payload {
    None,
    Json(Value),
    Csv(Vec<u8>),
    /// Form fields (the form token is added for pages).
    Form(Vec<(String, String)>),
    /// A multipart form with one file.
    Upload(Vec<(String, String)>, (&'static str, Vec<u8>)),
}

/// What `{id}` names.
#[derive(Clone, Copy)]
enum Id {
    None,
    Company,
    Unit,
    Site,
    Approved,
    ToReopen,
    Submitted,
    Draft,
    Finding,
    Evidence,
    Token,
    Notification,
    /// The hotel's site manager (a user).
    Manager,
}

struct Rule {
    access: Access,
    id: Id,
    body: fn(&Objects) -> Payload,
    /// The staff member `{employee_ref}` names.
    employee: &'static str,
    /// What an allowed caller may get besides a success: the state an earlier call of the
    /// same world left (409), or a write this world's data does not satisfy (422).
    also: &'static [u16],
    /// The call ends the caller's sessions: sign in again after it.
    ends_sessions: bool,
    /// Appended to the path.
    query: &'static str,
}

fn rule(access: Access, id: Id) -> Rule {
    Rule {
        access,
        id,
        body: |_| Payload::None,
        employee: "KEEP",
        also: &[],
        ends_sessions: false,
        query: "",
    }
}

impl Rule {
    fn body(mut self, body: fn(&Objects) -> Payload) -> Rule {
        self.body = body;
        self
    }

    fn employee(mut self, r: &'static str) -> Rule {
        self.employee = r;
        self
    }

    fn also(mut self, statuses: &'static [u16]) -> Rule {
        self.also = statuses;
        self
    }

    fn query(mut self, query: &'static str) -> Rule {
        self.query = query;
        self
    }

    fn ends_sessions(mut self) -> Rule {
        self.ends_sessions = true;
        self
    }
}

fn form(fields: &[(&str, String)]) -> Payload {
    Payload::Form(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// The rule of a route: API routes by operation id, the others by method and path.
fn rule_for(key: &str) -> Option<Rule> {
    use Access::*;
    let r = match key {
        // Public and operational.
        "GET /healthz"
        | "GET /readyz"
        | "GET /static/app.css"
        | "GET /static/app.js"
        | "GET /static/favicon.svg"
        | "GET /favicon.ico"
        | "GET /api/openapi.json"
        | "GET /docs/api"
        | "GET /.well-known/codecheck-keys.json"
        | "GET /verify"
        | "GET /login" => rule(Public, Id::None),
        "GET /metrics" => rule(MetricsToken, Id::None),
        "GET /verify/{serial}" | "certificates_verify" => rule(Public, Id::Approved),
        "POST /login" | "auth_login" => rule(Public, Id::None)
            .body(|o| {
                if !o.api {
                    form(&[
                        ("email", o.email.to_owned()),
                        ("password", PASSWORD.to_owned()),
                    ])
                } else {
                    Payload::Json(json!({"email": o.email, "password": PASSWORD}))
                }
            })
            // A new sign-in replaces the browser's session.
            .ends_sessions(),
        "POST /language" => rule(Public, Id::None).body(|_| form(&[("lang", "nl".to_owned())])),
        "POST /logout" => rule(Public, Id::None).ends_sessions(),

        // The caller's own account.
        "auth_logout" => rule(SignedIn, Id::None).ends_sessions(),
        "auth_me" | "GET /account/password" | "GET /account/tokens" | "tokens_list" => {
            rule(SignedIn, Id::None)
        }
        "auth_update_me" => {
            rule(SignedIn, Id::None).body(|_| Payload::Json(json!({"language": "en"})))
        }
        "auth_change_password" => rule(SignedIn, Id::None)
            .body(|_| {
                Payload::Json(json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
            })
            .ends_sessions(),
        "POST /account/password" => rule(SignedIn, Id::None)
            .body(|_| {
                form(&[
                    ("current_password", PASSWORD.to_owned()),
                    ("new_password", NEW_PASSWORD.to_owned()),
                    ("confirm_password", NEW_PASSWORD.to_owned()),
                ])
            })
            .ends_sessions(),
        "tokens_create" => rule(SignedIn, Id::None)
            .body(|o| Payload::Json(json!({"name": format!("token {}", o.n)}))),
        "POST /account/tokens" => rule(SignedIn, Id::None).body(|o| {
            form(&[
                ("name", format!("token {}", o.n)),
                ("days", "30".to_owned()),
            ])
        }),
        "tokens_revoke" | "POST /account/tokens/{id}/revoke" => {
            rule(Personal, Id::Token).also(&[404])
        }
        "notifications_list" | "GET /notifications" | "notifications_settings" => {
            rule(SignedIn, Id::None)
        }
        "notifications_read_all" | "POST /notifications/read-all" => rule(SignedIn, Id::None),
        "notifications_put_settings" => {
            rule(SignedIn, Id::None).body(|_| Payload::Json(json!({"email": {"approved": false}})))
        }
        "POST /notifications/settings" => {
            rule(SignedIn, Id::None).body(|_| form(&[("email_approved", "on".to_owned())]))
        }
        "notifications_read" | "POST /notifications/{id}/open" => rule(Personal, Id::Notification),

        // Reading the criteria and what goes with them.
        "criteria" | "training_modules" | "training_template" | "GET /training/template.csv" => {
            rule(SignedIn, Id::None)
        }
        "GET /" | "sites_list_sites" => rule(SignedIn, Id::None),
        "reviews" | "GET /reviews" => rule(Roles(AUDIT_OR_ADMIN), Id::None),

        // The organisation.
        "GET /org" | "org_list_users" => rule(Roles(ORG), Id::None),
        "org_list_companies" => rule(SignedIn, Id::None),
        "org_create_company" => rule(Roles(ADMIN), Id::None)
            .body(|o| Payload::Json(json!({"name": format!("New company {}", o.n)}))),
        "POST /org/companies" => {
            rule(Roles(ADMIN), Id::None).body(|o| form(&[("name", format!("New company {}", o.n))]))
        }
        "org_list_units" => rule(Company(COMPANY_WIDE), Id::Company),
        "org_create_unit" => rule(Company(ORG), Id::Company)
            .body(|o| Payload::Json(json!({"name": format!("New unit {}", o.n), "country": "BE"}))),
        "POST /org/units" => rule(Company(ORG), Id::None).body(|o| {
            form(&[
                ("parent", o.hotel.company.to_string()),
                ("name", format!("New unit {}", o.n)),
                ("country", "BE".to_owned()),
            ])
        }),
        "org_create_site" => rule(Unit(ORG), Id::Unit).body(|o| {
            Payload::Json(json!({"name": format!("New hotel {}", o.n), "city": "Namur"}))
        }),
        "POST /org/sites" => rule(Unit(ORG), Id::None).body(|o| {
            form(&[
                ("parent", o.hotel.unit.to_string()),
                ("name", format!("New hotel {}", o.n)),
                ("city", "Namur".to_owned()),
            ])
        }),
        "org_create_user" => rule(Site(ORG), Id::None).body(|o| {
            Payload::Json(
                json!({"email": format!("new{}@test", o.n), "password": PASSWORD,
                                 "role": "site_manager", "scope_ids": [o.hotel.site]}),
            )
        }),
        "POST /org/users" => rule(Site(ORG), Id::None).body(|o| {
            form(&[
                ("email", format!("new{}@test", o.n)),
                ("password", PASSWORD.to_owned()),
                ("role", "site_manager".to_owned()),
                ("scope", o.hotel.site.to_string()),
            ])
        }),
        // Whoever manages a hotel's people deactivates and reactivates them.
        "org_deactivate_user"
        | "org_reactivate_user"
        | "POST /org/users/{id}/deactivate"
        | "POST /org/users/{id}/reactivate" => rule(Site(ORG), Id::Manager),
        "org_update_user" => {
            rule(Site(ORG), Id::Manager).body(|_| Payload::Json(json!({"language": "fr"})))
        }
        "reviews_assign_auditor" => {
            rule(Company(ADMIN), Id::Company).body(|_| Payload::Json(json!({"user_id": 6})))
        }

        // A company as a whole.
        "dashboard"
        | "GET /companies/{id}/dashboard"
        | "exports_export_csv"
        | "GET /companies/{id}/export.csv"
        | "exports_export_json"
        | "reports_company_pdf"
        | "GET /companies/{id}/gap-report.pdf" => rule(Company(COMPANY_WIDE), Id::Company),
        "certificates_zip" | "GET /companies/{id}/certificates.zip" => {
            rule(Company(COMPANY_WIDE), Id::Company).query("?year=2024")
        }
        "annual_reports_list"
        | "GET /companies/{id}/annual-reports"
        | "annual_reports_get"
        | "GET /companies/{id}/annual-reports/{year}"
        | "annual_reports_versions" => rule(Company(COMPANY_WIDE), Id::Company),
        // Company A's report is written twice (own and sibling): the second is a conflict.
        "annual_reports_save" => rule(Company(ORG), Id::Company)
            .body(|_| {
                Payload::Json(json!({"sections": {"summary": "A good year."}, "base_version": 0}))
            })
            .also(&[409]),
        "POST /companies/{id}/annual-reports/{year}/narrative" => rule(Company(ORG), Id::Company)
            .body(|_| {
                form(&[
                    ("summary", "A good year.".to_owned()),
                    ("base_version", "0".to_owned()),
                ])
            })
            .also(&[409]),
        "annual_reports_publish" => rule(Company(ORG), Id::Company)
            .body(|_| Payload::Json(json!({})))
            .also(&[409, 422]),
        "POST /companies/{id}/annual-reports/{year}/publish" => rule(Company(ORG), Id::Company)
            .body(|_| form(&[("confirm", "1".to_owned())]))
            .also(&[409, 422]),

        // A hotel, read.
        "sites_site"
        | "GET /sites/{id}"
        | "checklist_list_assessments"
        | "evidence_list"
        | "GET /sites/{id}/evidence"
        | "procedures_get"
        | "GET /sites/{id}/procedure"
        | "GET /sites/{id}/procedure/card"
        | "procedures_card_pdf"
        | "GET /sites/{id}/procedure/card.pdf"
        | "training_coverage"
        | "GET /sites/{id}/training"
        | "training_staff" => rule(Site(ALL), Id::Site),
        "training_export_person" | "GET /sites/{id}/staff/{employee_ref}/export.json" => {
            rule(Site(ANSWER), Id::Site)
        }
        "checklist_assessment"
        | "GET /assessments/{id}"
        | "GET /assessments/{id}/criteria/{criterion}" => rule(Site(ALL), Id::Draft),
        "reports_site"
        | "GET /assessments/{id}/gap-report"
        | "reports_site_pdf"
        | "GET /assessments/{id}/gap-report.pdf"
        | "history"
        | "history_csv_history"
        | "GET /assessments/{id}/history.csv" => rule(Site(ALL), Id::Approved),
        "GET /assessments/{id}/review" => rule(Site(AUDIT_OR_ADMIN), Id::Submitted),
        "evidence_download" | "GET /evidence/{id}" => rule(Site(ALL), Id::Evidence),
        "findings_get" | "GET /findings/{id}" => rule(Site(ALL), Id::Finding),
        "certificates_pdf" | "GET /certificates/{file}" => rule(Site(ALL), Id::Approved),

        // A hotel, written by its people.
        "checklist_create_assessment" => {
            rule(Site(ANSWER), Id::Site).body(|_| Payload::Json(json!({"year": 2022})))
        }
        "POST /sites/{id}/assessments" => {
            rule(Site(ANSWER), Id::Site).body(|_| form(&[("year", "2021".to_owned())]))
        }
        "checklist_put_answer" => {
            rule(Site(ANSWER), Id::Draft).body(|_| Payload::Json(json!({"answer": "yes"})))
        }
        "POST /assessments/{id}/criteria/{criterion}" => rule(Site(ANSWER), Id::Draft)
            .body(|o| form(&[(&format!("answer_{}", o.item), "yes".to_owned())]))
            .also(&[409]),
        "checklist_submit" | "POST /assessments/{id}/submit" => {
            rule(Site(ANSWER), Id::Draft).also(&[409])
        }
        // The confirmation page before a submission: whoever may submit, while editable.
        "GET /assessments/{id}/submit" => rule(Site(ANSWER), Id::Draft).also(&[409]),
        "evidence_upload" => rule(Site(ANSWER), Id::Site)
            .body(|_| Payload::Upload(vec![], ("file", b"%PDF-1.4\n%%EOF\n".to_vec()))),
        "POST /sites/{id}/evidence" => rule(Site(ANSWER), Id::Site)
            .body(|_| Payload::Upload(vec![], ("file", b"%PDF-1.4\n%%EOF\n".to_vec()))),
        "procedures_put" => rule(Site(ANSWER), Id::Site).body(|_| Payload::Json(procedure_json())),
        "POST /sites/{id}/procedure" => rule(Site(ANSWER), Id::Site).body(|_| {
            form(&[
                ("steps_en", "Call the manager".to_owned()),
                ("steps_fr", "Appeler".to_owned()),
                ("steps_nl", "Bel".to_owned()),
                ("internal_label_0", "Manager".to_owned()),
                ("internal_number_0", "100".to_owned()),
                ("external_label_0", "Police".to_owned()),
                ("external_number_0", "101".to_owned()),
            ])
        }),
        "training_import" => rule(Site(ANSWER), Id::Site).body(|_| Payload::Csv(roster())),
        "POST /sites/{id}/training/import" => {
            rule(Site(ANSWER), Id::Site).body(|_| Payload::Upload(vec![], ("file", roster())))
        }
        "POST /sites/{id}/training/import/confirm" => {
            rule(Site(ANSWER), Id::Site).body(|o| form(&[("token", o.hotel.import_token.clone())]))
        }
        "training_update_person" => rule(Site(ANSWER), Id::Site)
            .employee("API-LEFT")
            .body(|_| Payload::Json(json!({"left_on": "2026-06-30"}))),
        "POST /sites/{id}/staff/{employee_ref}/left" => rule(Site(ANSWER), Id::Site)
            .employee("FORM-LEFT")
            .body(|_| form(&[("left_on", "2026-06-30".to_owned())])),
        "training_erase_person" => rule(Site(ANSWER), Id::Site).employee("API-ERASE"),
        "POST /sites/{id}/staff/{employee_ref}/erase" => rule(Site(ANSWER), Id::Site)
            .employee("FORM-ERASE")
            .body(|_| form(&[("confirm", "1".to_owned())])),
        "findings_respond" | "POST /findings/{id}/responses" => rule(Site(ANSWER), Id::Finding)
            .body(|o| {
                if !o.api {
                    form(&[("comment", "Signed now.".to_owned())])
                } else {
                    Payload::Json(json!({"comment": "Signed now."}))
                }
            })
            .also(&[409]),

        // A hotel, judged by its auditors.
        "reviews_take" | "POST /assessments/{id}/review/take" => {
            rule(Site(AUDIT), Id::Submitted).also(&[409])
        }
        // Only a review in progress with someone else is taken over: the world's submission
        // waits, so an allowed caller meets the 409; the admin must name the auditor (422).
        "reviews_take_over" | "POST /assessments/{id}/review/take-over" => {
            rule(Site(AUDIT_OR_ADMIN), Id::Submitted).also(&[409, 422])
        }
        "reviews_verdict" => rule(Site(AUDIT), Id::Submitted)
            .body(|_| Payload::Json(json!({"verdict": "accepted"})))
            .also(&[409]),
        "POST /assessments/{id}/review/verdicts/{item}" => rule(Site(AUDIT), Id::Submitted)
            .body(|_| form(&[("verdict", "accepted".to_owned())]))
            .also(&[409]),
        "reviews_accept_remaining"
        | "POST /assessments/{id}/review/criteria/{criterion}/accept-remaining" => {
            rule(Site(AUDIT), Id::Submitted).also(&[409])
        }
        "findings_raise" | "POST /assessments/{id}/review/findings" => {
            rule(Site(AUDIT), Id::Submitted)
                .body(|o| {
                    let fields = [
                        ("item_key", o.item.to_owned()),
                        ("severity", "major".to_owned()),
                        ("action", "Train the night staff".to_owned()),
                        ("due_date", "2030-06-30".to_owned()),
                    ];
                    if !o.api {
                        form(&fields)
                    } else {
                        Payload::Json(Value::Object(
                            fields
                                .into_iter()
                                .map(|(k, v)| (k.to_owned(), v.into()))
                                .collect(),
                        ))
                    }
                })
                .also(&[409])
        }
        "reviews_request_changes" => rule(Site(AUDIT), Id::Submitted)
            .body(|_| Payload::Json(json!({"reason": "Sign the policy", "comment": "Sign it"})))
            .also(&[409]),
        "reviews_approve" => rule(Site(AUDIT), Id::Submitted).also(&[409]),
        // The submission is compliant, so an allowed caller meets the 409 "approve instead".
        "reviews_close_not_compliant" => rule(Site(AUDIT), Id::Submitted)
            .body(|_| Payload::Json(json!({"comment": "Criterion 2 is not met"})))
            .also(&[409]),
        "POST /assessments/{id}/review/decision" => rule(Site(AUDIT), Id::Submitted)
            .body(|_| form(&[("action", "approve".to_owned())]))
            .also(&[409]),
        "reviews_reopen" => rule(Site(AUDIT_OR_ADMIN), Id::ToReopen)
            .body(|_| Payload::Json(json!({"reason": "Evidence was forged", "comment": "Forged"})))
            .also(&[409]),
        "findings_close" | "POST /findings/{id}/close" => rule(Site(AUDIT), Id::Finding)
            .body(|o| {
                if !o.api {
                    form(&[("comment", "Done.".to_owned())])
                } else {
                    Payload::Json(json!({"comment": "Done."}))
                }
            })
            .also(&[409]),
        "certificates_revoke" | "certificates_reissue" => rule(Site(AUDIT_OR_ADMIN), Id::Approved)
            .body(|_| Payload::Json(json!({"reason": "Evidence was forged"})))
            .also(&[409]),
        _ => return None,
    };
    Some(r)
}

// ---------------------------------------------------------------------------------------
// The matrix

/// A path template filled with the objects of one target.
fn fill(path: &str, rule: &Rule, o: &Objects) -> String {
    let h = o.hotel;
    let id = match rule.id {
        Id::None => String::new(),
        Id::Company => h.company.to_string(),
        Id::Unit => h.unit.to_string(),
        Id::Site => h.site.to_string(),
        Id::Approved => h.approved.to_string(),
        Id::ToReopen => h.to_reopen.to_string(),
        Id::Submitted => h.submitted.to_string(),
        Id::Draft => h.draft.to_string(),
        Id::Finding => h.finding.to_string(),
        Id::Evidence => h.evidence.to_string(),
        Id::Token => o.personal.token.to_string(),
        Id::Notification => o.personal.notification.to_string(),
        Id::Manager => h.manager.to_string(),
    };
    let mut out = path
        .replace("{id}", &id)
        .replace("{year}", &APPROVED_YEAR.to_string())
        .replace("{serial}", &h.serial)
        .replace("{file}", &format!("{}.pdf", h.serial))
        .replace("{employee_ref}", rule.employee);
    for name in ["{key}", "{item_key}", "{item}"] {
        out = out.replace(name, o.item);
    }
    for name in ["{criterion_id}", "{criterion}"] {
        out = out.replace(name, o.criterion);
    }
    assert!(
        !out.contains('{'),
        "{path}: a parameter the matrix cannot fill"
    );
    out + rule.query
}

/// Whether a request about `target` differs from one about the caller's own objects: it
/// names something of a hotel, a company or a person, in its path or in its body.
fn varies_by_target(access: Access) -> bool {
    matches!(
        access,
        Access::Personal | Access::Site(_) | Access::Company(_) | Access::Unit(_)
    )
}

struct Outcome {
    /// Index of the route in the list the matrix ran.
    route: usize,
    caller: Caller,
    target: Target,
    method: String,
    uri: String,
    expected: Expect,
    got: StatusCode,
    location: Option<String>,
    body: String,
}

async fn run_matrix(caller: Caller, routes: &[Route]) -> Vec<Outcome> {
    let mut world = World::new(caller).await;
    let mut outcomes = Vec::new();
    for (n, (method, path, _key, rule)) in routes.iter().enumerate() {
        let targets: &[Target] = if varies_by_target(rule.access) {
            &TARGETS
        } else {
            &[Target::Own]
        };
        for (t, target) in targets.iter().enumerate() {
            let objects = world.objects(*target, n * 3 + t, path.starts_with("/api/"));
            let uri = fill(path, rule, &objects);
            let payload = (rule.body)(&objects);
            let method_: Method = method.parse().unwrap();
            let res = world
                .app
                .send(world.session.request(method_, &uri, payload, true))
                .await;
            let got = res.status();
            let location = res
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_owned);
            let bytes = body_bytes(res).await;
            // Like a browser, confirm the import with the token of the last preview shown.
            if let Some(token) = hidden_field(&bytes, "token") {
                let i = TARGETS.iter().position(|t| t == target).unwrap();
                world.hotels[i].import_token = token;
            }
            let body = excerpt(&bytes);
            outcomes.push(Outcome {
                route: n,
                caller,
                target: *target,
                method: method.clone(),
                uri,
                expected: expect(rule.access, caller, *target),
                got,
                location,
                body,
            });
            if rule.ends_sessions && caller != Caller::Anonymous {
                restore_password(&world.app, caller).await;
                world.session = Session::open(&world.app, caller).await;
            }
        }
    }
    outcomes
}

/// Puts the caller's password back to `PASSWORD` after a route that may have changed it (a
/// new password must differ from the current one), so the next login works.
async fn restore_password(app: &TestApp, caller: Caller) {
    let Some(email) = caller.email() else { return };
    let store = &app.state.store;
    let (id, hash) = store
        .credentials(email)
        .await
        .unwrap()
        .expect("the caller exists");
    if codecheck::auth::verify_password(PASSWORD, Some(hash)).await {
        return;
    }
    let hash =
        codecheck::auth::hash_password(&codecheck::domain::Password::parse(PASSWORD).unwrap())
            .await
            .unwrap();
    store.change_password(id, &hash, None).await.unwrap();
}

/// Whether an answer is what the rules expect; `missing` is what the same caller got for the
/// same route about ids that name nothing.
fn acceptable(o: &Outcome, rule: &Rule, missing: Option<StatusCode>) -> bool {
    if o.got.is_server_error() {
        return false;
    }
    let also = rule.also;
    // An object named in the body rather than the path is a field in error when it is not
    // there, or not the caller's.
    let refused = [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&o.got)
        || (matches!(rule.id, Id::None) && o.got == StatusCode::UNPROCESSABLE_ENTITY);
    match o.expected {
        Expect::Allowed => o.got.as_u16() < 400 || also.contains(&o.got.as_u16()),
        Expect::Status(s) => o.got == s,
        Expect::SignIn if o.uri.starts_with("/api/") => o.got == StatusCode::UNAUTHORIZED,
        Expect::SignIn => {
            o.got == StatusCode::SEE_OTHER
                && o.location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("/login"))
        }
        Expect::Hidden => refused && missing.is_none_or(|m| m == o.got),
    }
}

/// A route: method, path template, rule key (operation id or method and path), rule.
type Route = (String, String, String, Rule);

/// Every route the router serves with its rule, reads first (so they see the world as it
/// was made), then the writes, path by path. Fails on a route without a rule.
async fn routes_with_rules() -> Vec<Route> {
    let app = TestApp::new().await;
    let served = served_routes(&app.router);
    assert!(
        served.len() > 100 && served.contains(&("GET".to_owned(), "/login".to_owned())),
        "the routes could not be read from the router ({} found)",
        served.len()
    );
    let ids = operation_ids(&app).await;
    let mut routes = Vec::new();
    let mut missing = Vec::new();
    for (method, path) in &served {
        let key = ids
            .get(&(method.clone(), path.clone()))
            .cloned()
            .unwrap_or_else(|| format!("{method} {path}"));
        match rule_for(&key) {
            Some(rule) => routes.push((method.clone(), path.clone(), key, rule)),
            None => missing.push(key),
        }
    }
    assert!(
        missing.is_empty(),
        "routes without an authorization rule in tests/authz.rs: {missing:#?}"
    );
    routes.sort_by(|a, b| (a.0 != "GET", &a.1, &a.0).cmp(&(b.0 != "GET", &b.1, &b.0)));
    // Every operation of the document is served, under the path it documents.
    for ((method, path), id) in &ids {
        assert!(
            served.contains(&(method.clone(), path.clone())),
            "{id} ({method} {path}) is documented but not served"
        );
    }
    routes
}

#[tokio::test]
async fn every_route_answers_each_role_and_tenant_as_the_rules_say() {
    let routes = routes_with_rules().await;

    let mut failures = Vec::new();
    let mut cells = 0;
    for caller in Caller::ALL {
        let outcomes = run_matrix(caller, &routes).await;
        let missing: BTreeMap<usize, StatusCode> = outcomes
            .iter()
            .filter(|o| o.target == Target::Missing)
            .map(|o| (o.route, o.got))
            .collect();
        for o in &outcomes {
            cells += 1;
            let (_, _, key, rule) = &routes[o.route];
            if !acceptable(o, rule, missing.get(&o.route).copied()) {
                failures.push(format!(
                    "{:?} on {:?}: {} {} ({key}) expected {:?}{}, got {}: {}",
                    o.caller,
                    o.target,
                    o.method,
                    o.uri,
                    o.expected,
                    match (o.expected, missing.get(&o.route)) {
                        (Expect::Hidden, Some(m)) => format!(" (as for a missing id: {m})"),
                        _ => String::new(),
                    },
                    o.got,
                    o.body
                ));
            }
        }
    }
    println!(
        "authorization matrix: {} routes, {} callers, {cells} requests",
        routes.len(),
        Caller::ALL.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cells} answers differ from the rules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every form a page posts refuses a request without its token (403), even from someone
/// who may do what it asks: each route is tried by the first caller its rule lets through.
#[tokio::test]
async fn every_form_refuses_a_post_without_its_token() {
    let routes = routes_with_rules().await;
    let forms: Vec<&Route> = routes
        .iter()
        .filter(|(method, path, _, _)| method == "POST" && !path.starts_with("/api/"))
        .collect();
    assert!(forms.len() > 30, "only {} forms found", forms.len());
    let messages: Vec<String> = codecheck::domain::Lang::ALL
        .into_iter()
        .map(|lang| codecheck::i18n::t(lang, "error-csrf"))
        .collect();
    let mut tried = BTreeSet::new();
    let mut failures = Vec::new();
    for caller in [
        Caller::Anonymous,
        Caller::CompanyAdmin,
        Caller::Manager,
        Caller::Auditor,
        Caller::Admin,
    ] {
        let world = World::new(caller).await;
        for (n, (method, path, key, rule)) in forms.iter().enumerate() {
            if tried.contains(key) || expect(rule.access, caller, Target::Own) != Expect::Allowed {
                continue;
            }
            tried.insert(key.clone());
            let objects = world.objects(Target::Own, n, false);
            let uri = fill(path, rule, &objects);
            let payload = (rule.body)(&objects);
            let res = world
                .app
                .send(
                    world
                        .session
                        .request(method.parse().unwrap(), &uri, payload, false),
                )
                .await;
            let status = res.status();
            let page = String::from_utf8_lossy(&body_bytes(res).await).into_owned();
            if status != StatusCode::FORBIDDEN || !messages.iter().any(|m| page.contains(m)) {
                failures.push(format!(
                    "{caller:?}: POST {uri} ({key}) without its token: {status}, {}",
                    excerpt(page.as_bytes())
                ));
            }
        }
    }
    let untried: Vec<&String> = forms
        .iter()
        .map(|(_, _, key, _)| key)
        .filter(|k| !tried.contains(*k))
        .collect();
    assert!(untried.is_empty(), "no caller may post these: {untried:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
