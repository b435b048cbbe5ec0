//! The API as a whole: its OpenAPI document matches the router, lists are paginated the same
//! way, and every error has the same body.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::{Value, json};

async fn document(app: &TestApp) -> Value {
    let (status, doc) = app.api("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    doc
}

/// Every `.route("/api/...")` written by hand in the web layer: API routes must go through
/// `routes!(handler)`, which documents them.
fn undocumented_api_routes() -> Vec<String> {
    let mut found = Vec::new();
    // The resources' files, those of their directories (`audit/`, `shared/`...) included.
    let mut paths = Vec::new();
    common::rust_files(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web")),
        &mut paths,
    );
    for path in paths {
        let source = std::fs::read_to_string(&path).unwrap();
        let flat: String = source.split_whitespace().collect();
        for (at, _) in flat.match_indices(".route(\"/api/") {
            let rest = &flat[at + 8..];
            let route = &rest[..rest.find('"').unwrap_or(rest.len())];
            if route != "/api/openapi.json" {
                found.push(format!("{}: {route}", path.display()));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_describes_every_api_route() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "codecheck API");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(
        undocumented_api_routes(),
        Vec::<String>::new(),
        "API routes registered without their description"
    );

    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 50, "only {} paths", paths.len());
    let mut operations = 0;
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let id = format!("{} {path}", method.to_uppercase());
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{id}: no summary"
            );
            assert!(op["tags"][0].is_string(), "{id}: no tag");
            // Every {name} of the path is declared as a path parameter, and nothing else is.
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .map(|p| p["name"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            let in_path: Vec<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            assert_eq!(declared, in_path, "{id}: path parameters");
            assert_eq!(
                op["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody",
                "{id}: the error body"
            );
            assert!(
                op["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .any(|k| k.starts_with('2')),
                "{id}: no success response"
            );

            // The router has this route: without credentials it answers 401 (or, for the
            // public ones, anything but "no such route").
            let uri = path
                .replace("{id}", "999999")
                .replace("{serial}", "0000000000000000")
                .replace("{file}", "0000000000000000.pdf")
                .replace("{key}", "1.1")
                .replace("{item_key}", "1.1")
                .replace("{employee_ref}", "E1")
                .replace("{year}", "2026");
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let res = app.send(req).await;
            let public = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().all(|r| r.as_object().unwrap().is_empty()));
            if public {
                assert_ne!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{id}");
            } else {
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{id} is not routed");
            }
        }
    }
    assert!(operations >= 60, "only {operations} operations");
}

#[tokio::test]
async fn request_bodies_are_described_field_by_field() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let body = &doc["paths"]["/api/v1/tokens"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["$ref"];
    let name = body.as_str().unwrap().rsplit('/').next().unwrap();
    let schema = &doc["components"]["schemas"][name];
    assert!(schema["properties"]["name"].is_object(), "{schema}");
    assert!(
        schema["properties"]["expires_in_days"].is_object(),
        "{schema}"
    );
    let params = doc["paths"]["/api/v1/sites"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    for expected in ["company_id", "unit_id", "country", "q", "limit", "cursor"] {
        assert!(names.contains(&expected), "{names:?}");
    }
}

#[tokio::test]
async fn the_reference_page_lists_the_routes_for_people() {
    let app = TestApp::new().await;
    let res = app
        .send(Request::get("/docs/api").body(Body::empty()).unwrap())
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains("GET /api/v1/companies/{id}/dashboard"));
    assert!(html.contains("POST /api/v1/assessments/{id}/approve"));
    assert!(html.contains("href=\"/api/openapi.json\""));
}

#[tokio::test]
async fn lists_come_in_pages_with_a_cursor_and_a_hard_maximum() {
    let app = TestApp::new().await;
    let admin = app.login("admin@test").await;
    // Enough sites for three pages of two.
    for i in 0..3 {
        let (status, _) = app
            .post(
                &format!("/api/v1/units/{}/sites", app.seed.unit_a),
                &admin,
                json!({ "name": format!("Zeta {i}"), "city": "Gent" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (_, all) = app.get("/api/v1/sites?limit=200", &admin).await;
    let total = all["sites"].as_array().unwrap().len();
    assert_eq!(total, 6);
    assert!(all["next_cursor"].is_null());

    let mut seen = Vec::new();
    let mut path = "/api/v1/sites?limit=2".to_owned();
    loop {
        let (status, page) = app.get(&path, &admin).await;
        assert_eq!(status, StatusCode::OK);
        let sites = page["sites"].as_array().unwrap();
        assert!(sites.len() <= 2);
        seen.extend(sites.iter().map(|s| s["name"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/sites?limit=2&cursor={c}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "pages follow the name order");
    assert_eq!(seen.len(), total, "every site once");

    // Filters narrow before paging.
    let (_, zeta) = app.get("/api/v1/sites?q=zeta&limit=2", &admin).await;
    assert_eq!(zeta["sites"].as_array().unwrap().len(), 2);
    assert!(zeta["next_cursor"].is_string());
    let (_, b) = app
        .get(
            &format!("/api/v1/sites?company_id={}", app.seed.company_b),
            &admin,
        )
        .await;
    assert_eq!(b["sites"].as_array().unwrap().len(), 1);
    // A company admin's pages hold their company's sites only.
    let company_a = app.login("company-a@test").await;
    let (_, mine) = app.get("/api/v1/sites?limit=200", &company_a).await;
    assert!(
        mine["sites"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["company_id"] == app.seed.company_a)
    );

    // Past the maximum, or a cursor that is not one: a clear 422, not a silent cut.
    for bad in [
        "/api/v1/sites?limit=201",
        "/api/v1/sites?limit=0",
        "/api/v1/sites?cursor=bm90LWEtY3Vyc29y",
        "/api/v1/users?limit=500",
    ] {
        let (status, body) = app.get(bad, &admin).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "invalid", "{bad}");
    }
    let (_, users) = app.get("/api/v1/users?limit=1", &admin).await;
    assert_eq!(users["users"].as_array().unwrap().len(), 1);
    assert!(users["next_cursor"].is_string());
    let (_, managers) = app.get("/api/v1/users?role=site_manager", &admin).await;
    assert!(
        managers["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["role"] == "site_manager")
    );
}

/// Method, path, bearer token, body, expected status.
type Case<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<String>,
    StatusCode,
);

#[tokio::test]
async fn every_error_has_the_same_body() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let too_big = "x".repeat(2 * 1024 * 1024);
    let cases: Vec<Case> = vec![
        (
            "GET",
            "/api/v1/no-such-thing",
            Some(&manager),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "DELETE",
            "/api/v1/sites",
            Some(&manager),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        ("GET", "/api/v1/sites", None, None, StatusCode::UNAUTHORIZED),
        (
            "GET",
            "/api/v1/users",
            Some(&manager),
            None,
            StatusCode::FORBIDDEN,
        ),
        (
            "GET",
            "/api/v1/sites/abc",
            Some(&manager),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "GET",
            "/api/v1/sites?limit=abc",
            Some(&manager),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            "/api/v1/tokens",
            Some(&manager),
            Some("{not json".into()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            "/api/v1/tokens",
            Some(&manager),
            Some("{\"name\": \"\"}".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "POST",
            "/api/v1/tokens",
            Some(&manager),
            Some(too_big),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (method, path, token, body, expected) in cases {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let res = app
            .send(req.body(Body::from(body.unwrap_or_default())).unwrap())
            .await;
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "{method} {path}: not JSON: {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        assert_eq!(status, expected, "{method} {path}: {v}");
        assert!(v["error"]["code"].is_string(), "{method} {path}: {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{method} {path}: {v}"
        );
    }
}

/// The schema of an operation's JSON request body.
fn body_schema<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    let reference =
        doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no JSON body"));
    &doc["components"]["schemas"][reference.rsplit('/').next().unwrap()]
}

#[tokio::test]
async fn documented_limits_are_the_ones_the_api_checks() {
    use codecheck::domain::{Lang, NodeName, Password, Role};
    let app = TestApp::new().await;
    let doc = document(&app).await;
    // Two bodies once shared a schema name, and one document overwrote the other.
    let assessment = body_schema(&doc, "/api/v1/sites/{id}/assessments", "post");
    assert!(assessment["properties"]["year"].is_object(), "{assessment}");
    let token = &body_schema(&doc, "/api/v1/tokens", "post")["properties"];
    assert_eq!(
        token["name"]["maxLength"],
        json!(codecheck::web::tokens::NAME_MAX_CHARS)
    );
    assert_eq!(
        token["expires_in_days"]["maximum"],
        json!(codecheck::web::tokens::MAX_DAYS)
    );

    for (path, fields) in [
        ("/api/v1/companies", &["name"][..]),
        ("/api/v1/companies/{id}/units", &["name"][..]),
        ("/api/v1/units/{id}/sites", &["name", "city"][..]),
    ] {
        let schema = body_schema(&doc, path, "post");
        for field in fields {
            assert_eq!(
                schema["properties"][field]["maxLength"],
                json!(NodeName::MAX_CHARS),
                "{path} {field}"
            );
        }
    }
    let user = &body_schema(&doc, "/api/v1/users", "post")["properties"];
    assert_eq!(user["password"]["minLength"], json!(Password::MIN_CHARS));
    assert_eq!(user["password"]["maxLength"], json!(Password::MAX_CHARS));
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        user["role"]["pattern"],
        json!(format!("^({})$", roles.join("|")))
    );
    let langs: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    let lang_pattern = json!(format!("^({})$", langs.join("|")));
    assert_eq!(user["language"]["pattern"], lang_pattern);
    let me = body_schema(&doc, "/api/v1/auth/me", "put");
    assert_eq!(me["properties"]["language"]["pattern"], lang_pattern);
}

#[tokio::test]
async fn closing_as_not_compliant_and_the_audit_results_are_documented() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let path = "/api/v1/assessments/{id}/close-not-compliant";
    let close = &doc["paths"][path]["post"];
    for code in ["200", "403", "404", "409", "422"] {
        assert!(close["responses"][code].is_object(), "{code}: {close}");
    }
    assert_eq!(
        body_schema(&doc, path, "post")["required"],
        json!(["comment"])
    );
    let schemas = &doc["components"]["schemas"];
    let decision = &schemas["DecisionView"]["properties"]["status"];
    let status = &schemas["AssessmentStatus"];
    assert!(
        decision.to_string().contains("AssessmentStatus")
            && status["enum"]
                .as_array()
                .is_some_and(|e| e.contains(&json!("not_compliant"))),
        "{decision} {status}"
    );
    let criterion = &schemas["CriterionView"]["properties"];
    for field in ["audited_compliant", "audited_score"] {
        assert!(
            criterion[field]["type"]
                .as_array()
                .is_some_and(|t| t.contains(&json!("null"))),
            "{field} is nullable: {criterion}"
        );
    }
    let error = &schemas["ErrorDetail"]["properties"];
    assert!(error["failing_criteria"].is_object(), "{error}");
}

#[tokio::test]
async fn carried_verdicts_and_the_take_over_are_documented() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    let verdict = &schemas["VerdictView"];
    assert_eq!(
        verdict["properties"]["carried"]["type"], "boolean",
        "{verdict}"
    );
    assert!(
        verdict["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("carried"))),
        "{verdict}"
    );
    assert!(
        verdict["properties"]["carried"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("earlier round")),
        "{verdict}"
    );
    let assessment = &doc["paths"]["/api/v1/assessments/{id}"]["get"];
    assert!(
        assessment["description"]
            .as_str()
            .is_some_and(|d| d.contains("VerdictView") && d.contains("carried")),
        "{assessment}"
    );
    let over = &doc["paths"]["/api/v1/assessments/{id}/take-over"]["post"];
    for code in ["200", "403", "404", "409", "422"] {
        assert!(over["responses"][code].is_object(), "{code}: {over}");
    }
    assert!(
        schemas["ErrorDetail"]["properties"]["holder_id"].is_object(),
        "the 409 held_by_another names its holder"
    );
    assert!(
        schemas["ErrorDetail"]["properties"]["code"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("held_by_another"))
    );
}

/// The project's licence, as Cargo states it, is the document's and ships in the tree.
#[tokio::test]
async fn the_document_and_the_tree_carry_the_projects_licence() {
    let app = TestApp::new().await;
    let (status, doc) = app.api("GET", "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT OR Apache-2.0");
    assert_eq!(doc["info"]["license"]["identifier"], "MIT OR Apache-2.0");
    assert_eq!(doc["info"]["license"]["name"], "MIT OR Apache-2.0");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License") && mit.contains("Copyright (c) 2026"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
}

/// Login answers what it documents: `200` with a typed token and user (generated clients read
/// the token from the documented success), and the refusals it really gives.
#[tokio::test]
async fn login_is_documented_as_it_answers() {
    let app = TestApp::new().await;
    let (_, doc) = app.api("GET", "/api/openapi.json", None, None).await;
    let responses = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"];
    let codes: Vec<&str> = responses
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for code in ["200", "400", "401", "422", "429"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(!codes.contains(&"201"), "{codes:?}");
    let schema = &responses["200"]["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(schema, "#/components/schemas/LoginView");
    let view = &doc["components"]["schemas"]["LoginView"];
    assert_eq!(view["required"], json!(["token", "user"]), "{view}");

    let body = json!({ "email": "manager-a1@test", "password": common::PASSWORD });
    let (status, answer) = app
        .api("POST", "/api/v1/auth/login", None, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer["token"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(answer["user"]["email"], "manager-a1@test");
    assert_eq!(answer["user"]["role"], "site_manager");
    let wrong = json!({ "email": "manager-a1@test", "password": "not it at all" });
    let (status, _) = app
        .api("POST", "/api/v1/auth/login", None, Some(wrong))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .api(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": 1 })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Answers whose data is open by nature, with the reason: none today. Inside named answers
/// two fields are open on purpose: a history entry's `before` and `after` (whatever the change
/// recorded) and the e-mail preferences, keyed by the kinds of notice the caller's role gets.
const OPEN_ANSWERS: &[(&str, &str)] = &[];

/// The schema a `$ref` names, or the schema itself.
fn resolved<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map_or(schema, |name| &doc["components"]["schemas"][name])
}

/// Whether `schema` names a component whose properties are described, or is an array of such.
fn is_named_object(doc: &Value, schema: &Value) -> bool {
    if let Some(items) = schema.get("items") {
        return is_named_object(doc, items);
    }
    let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    else {
        return false;
    };
    let component = &doc["components"]["schemas"][name];
    component["properties"]
        .as_object()
        .is_some_and(|p| !p.is_empty())
        || component["oneOf"].is_array()
        || component["allOf"].is_array()
}

#[tokio::test]
async fn every_json_answer_is_a_named_schema_and_every_file_has_its_media_type() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let mut untyped = Vec::new();
    let mut files = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            for (status, answer) in op["responses"].as_object().unwrap() {
                if !status.starts_with('2') {
                    continue;
                }
                for (media, content) in answer["content"].as_object().into_iter().flatten() {
                    let schema = &content["schema"];
                    if media == "application/json" {
                        let open = OPEN_ANSWERS.iter().any(|(op, _)| *op == id);
                        if !open && !is_named_object(&doc, schema) {
                            untyped.push(format!("{method} {path} ({id}) {status}: {schema}"));
                        }
                    } else if resolved(&doc, schema)["format"] != "binary" {
                        files.push(format!("{method} {path} ({id}) {status} {media}: {schema}"));
                    }
                }
            }
        }
    }
    assert!(
        untyped.is_empty(),
        "free-form JSON answers:\n{}",
        untyped.join("\n")
    );
    assert!(
        files.is_empty(),
        "files without a binary schema:\n{}",
        files.join("\n")
    );
}

#[tokio::test]
async fn every_operation_has_a_described_tag_and_the_server_is_the_public_url() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert!(
                t["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{t}"
            );
            t["name"].as_str().unwrap()
        })
        .collect();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for tag in op["tags"].as_array().unwrap() {
                assert!(
                    tags.contains(&tag.as_str().unwrap()),
                    "{method} {path}: {tag}"
                );
            }
        }
    }
    assert_eq!(
        doc["servers"][0]["url"],
        app.state.settings.public_url.trim_end_matches('/')
    );
}

/// What schemathesis found with every check on: values the document refuses that the API
/// took, and values it allows that the API could not read.
#[tokio::test]
async fn what_the_document_refuses_the_api_refuses_and_what_it_allows_parses() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let admin = app.login("admin@test").await;
    let company = app.seed.company_a;

    // A query field sent empty counts as absent, and the document says so on every one.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "query" {
                    assert_eq!(p["allowEmptyValue"], true, "{method} {path} {}", p["name"]);
                }
            }
        }
    }
    let (status, _) = app
        .get(
            &format!("/api/v1/companies/{company}/dashboard?country=&unit_id=&limit="),
            &admin,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // A country that is none, and a separator that is neither `;` nor `,`, even where the
    // JSON lines export has no use for it.
    for path in [
        format!("/api/v1/companies/{company}/dashboard?country=BEL"),
        format!("/api/v1/companies/{company}/export.json?country=%20BE"),
        format!("/api/v1/companies/{company}/export.json?sep=AAA"),
        format!("/api/v1/companies/{company}/export.csv?sep=%7C"),
    ] {
        let (status, err) = app.get(&path, &admin).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {err}");
    }
    // Lower case is a country too, as on the dashboard's page.
    let (status, _) = app
        .get(
            &format!("/api/v1/companies/{company}/dashboard?country=be"),
            &admin,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Any page number the document allows reads, past the last one too.
    let (status, _) = app
        .get(
            &format!("/api/v1/companies/{company}/dashboard?page=4294967295&failing=0"),
            &admin,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // A token name longer than allowed is refused with its spaces counted.
    let name = format!(" {}", "x".repeat(codecheck::web::tokens::NAME_MAX_CHARS));
    let (status, err) = app
        .post("/api/v1/tokens", &admin, json!({ "name": name }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "name");

    // An upload with a part it does not take says which; the document allows no other.
    let manager = app.login("manager-a1@test").await;
    let (status, err) = common::upload(
        &app,
        &manager,
        app.seed.site_a1,
        "policy.pdf",
        b"%PDF-1.4\n%%EOF\n",
        &[("item_keys", "1.1"), ("note", "signed")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["error"]["message"].as_str().unwrap().contains("note"),
        "{err}"
    );
    let upload = body_schema_of(
        &doc,
        "/api/v1/sites/{id}/evidence",
        "post",
        "multipart/form-data",
    );
    assert_eq!(upload["additionalProperties"], false, "{upload}");

    // A download is documented with every media type an upload may have.
    let answer = &doc["paths"]["/api/v1/evidence/{id}"]["get"]["responses"]["200"]["content"];
    let mut documented: Vec<&str> = answer
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    documented.sort_unstable();
    let mut accepted = codecheck::web::evidence::ALLOWED.to_vec();
    accepted.sort_unstable();
    assert_eq!(documented, accepted);
}

/// The schema of an operation's request body of `media` type, resolved.
fn body_schema_of(doc: &Value, path: &str, method: &str, media: &str) -> Value {
    let schema = &doc["paths"][path][method]["requestBody"]["content"][media]["schema"];
    resolved(doc, schema).clone()
}
