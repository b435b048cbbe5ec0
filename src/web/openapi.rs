//! The API's description: an OpenAPI 3.1 document generated from the handlers' annotations
//! (utoipa) as the routers are built, served at `/api/openapi.json`, and a page that lists
//! it for people at `/docs/api`.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::server::ServerBuilder;
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

use super::context::Ctx;
use super::page::{Page, render};
use crate::AppState;
use crate::error::Result;

/// Every error of the API has this body.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable: unauthenticated, login_failed, forbidden, not_found, csrf, bad_request,
    /// invalid, conflict, held_by_another, not_compliant, too_large, incomplete, method_not_allowed, timeout,
    /// unavailable, internal.
    pub code: String,
    /// For people, in the caller's language.
    pub message: String,
    /// The fields at fault (code `invalid`), each with its message.
    #[schema(required = false)]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
    /// The first field at fault (code `invalid`).
    #[schema(required = false)]
    pub field: Option<String>,
    /// The criteria that fail on the audited answers, and the rule each fails (code
    /// `not_compliant`).
    #[schema(required = false)]
    pub failing_criteria: Option<Vec<crate::domain::scoring::CriterionFailure>>,
    /// The auditor holding the review (code `held_by_another`): take it over first.
    #[schema(required = false)]
    pub holder_id: Option<i64>,
    /// The items without a confirmed answer (code `incomplete`).
    #[schema(required = false)]
    pub missing_items: Option<Vec<String>>,
}

/// The groups of operations, in the order a reader meets them.
const TAGS: &[(&str, &str)] = &[
    (
        "auth",
        "Log in for a session token, log out, change the password.",
    ),
    (
        "tokens",
        "Personal API tokens: each user's own, for scripts and integrations.",
    ),
    (
        "criteria",
        "The Code's six criteria and their checklist items, per version and language.",
    ),
    (
        "organisation",
        "Companies, brands, regions and sites, and the people who work on them.",
    ),
    (
        "sites",
        "The sites (hotels, offices) the caller may see, page by page, and each one's years.",
    ),
    (
        "assessments",
        "A site's yearly checklist: answers, scores, submission.",
    ),
    (
        "training",
        "Staff training records: imports from HR systems and learning platforms, and coverage.",
    ),
    (
        "procedures",
        "A site's written procedures for reporting a suspected case.",
    ),
    (
        "evidence",
        "Files that back an answer: upload, list, download, remove.",
    ),
    (
        "reviews",
        "ECPAT's audit: the queue, taking a submission, verdicts per item, approval or return.",
    ),
    (
        "findings",
        "What an auditor raises on a submission, and the site's responses.",
    ),
    (
        "certificates",
        "Signed compliance certificates: download, revoke, reissue, and public verification.",
    ),
    ("reports", "Gap reports and staff cards as PDF."),
    (
        "dashboard",
        "A company's sites at a glance, for one year, with filters.",
    ),
    ("exports", "A company's year as CSV and as JSON lines."),
    (
        "annual reports",
        "A company's yearly report on The Code: its figures, a narrative, publication and earlier versions.",
    ),
    ("history", "Who changed what on an assessment, and when."),
    (
        "notifications",
        "The caller's notifications and their e-mail preferences.",
    ),
];

/// The document as served: the routers' paths, then what every operation shares (the
/// server, the tags, and the error answers that follow from the operation's shape), so no
/// annotation repeats them and none can forget one.
pub fn finish(mut doc: OpenApi, public_url: &str) -> OpenApi {
    // Whoever runs this instance answers for it: its own address is where to find them.
    doc.info.contact = Some(
        utoipa::openapi::info::ContactBuilder::new()
            .name(Some("The operators of this instance"))
            .url(Some(public_url.trim_end_matches('/')))
            .build(),
    );
    doc.servers = Some(vec![
        ServerBuilder::new()
            .url(public_url.trim_end_matches('/'))
            .description(Some("This instance (CODECHECK_PUBLIC_URL)"))
            .build(),
    ]);
    doc.tags = Some(
        TAGS.iter()
            .map(|(name, description)| {
                TagBuilder::new()
                    .name(*name)
                    .description(Some(*description))
                    .build()
            })
            .collect(),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            add_error_answers(operation);
            allow_empty_query_values(operation);
        }
    }
    doc
}

/// The errors an operation answers by its shape: 401 when it needs a token, 404 when a path
/// names an object, 400 and 422 when it reads a body or a query, 413 when it reads a body,
/// 503 always (the database may be down); `default` for the rest (408, 500). An annotation's own description of a code wins.
fn add_error_answers(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::path::ParameterIn;
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().any(|r| r == &SecurityRequirement::default()));
    let places: Vec<ParameterIn> = operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some(p.parameter_in.clone()),
            RefOr::Ref(_) => None,
        })
        .collect();
    let in_path = places.contains(&ParameterIn::Path);
    let in_query = places.contains(&ParameterIn::Query);
    let has_body = operation.request_body.is_some();
    let mut answers: Vec<(&str, &str)> = Vec::new();
    if !public {
        answers.push((
            "401",
            "Not signed in: no token, or one that is unknown, expired or revoked (code `unauthenticated`)",
        ));
    }
    if in_path {
        answers.push((
            "404",
            "No such object, or none the caller may see (code `not_found`)",
        ));
    }
    if has_body || in_query {
        answers.push((
            "400",
            "A body that is not JSON or not of the declared type, or a query that cannot be read (code `bad_request`)",
        ));
    }
    if has_body {
        answers.push(("413", "A body larger than the limit (code `too_large`)"));
    }
    if has_body || in_query {
        answers.push((
            "422",
            "A value that is not valid; `fields` and `field` say which (code `invalid`)",
        ));
    }
    // Every operation reads the database, and any of them may find it down.
    answers.push((
        "503",
        "The database cannot be reached just now; retry later (code `unavailable`)",
    ));
    answers.push((
        "default",
        "Anything else: a timeout (408) or an internal error (500)",
    ));
    for (status, description) in answers {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error_answer(description));
    }
}

/// A query parameter sent empty (`unit_id=`, as a GET form sends a field left blank) counts
/// as absent (`extract::parse_query`): the document says so with `allowEmptyValue`, which
/// utoipa has no attribute for.
fn allow_empty_query_values(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::path::ParameterIn;
    for parameter in operation.parameters.iter_mut().flatten() {
        if let RefOr::T(p) = parameter
            && p.parameter_in == ParameterIn::Query
        {
            p.extensions
                .get_or_insert_with(Default::default)
                .insert("allowEmptyValue".to_owned(), Value::Bool(true));
        }
    }
}

/// An error answer: the `ErrorBody` schema, with its message in the caller's language.
fn error_answer(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(format!("{description}."))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

/// A file in an answer's body (PDF, ZIP, CSV, JSON lines, evidence): the bytes as they are,
/// with the media type that the operation names.
pub struct FileBody;

impl utoipa::PartialSchema for FileBody {
    fn schema() -> RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Binary,
            )))
            .into()
    }
}

impl utoipa::ToSchema for FileBody {}

/// The document's fixed parts; the paths come from the routers.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "codecheck API",
        // As `license` in Cargo.toml (tests/api_contract.rs holds them together).
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
        description = "Compliance with The Code (ECPAT's code of conduct against the sexual exploitation of children in travel and tourism): sites, assessments, training, evidence, reviews, certificates, reports and exports. Authenticate with `Authorization: Bearer <token>`: a personal API token (`/account/tokens`) or the token of `POST /api/v1/auth/login`. Lists take `limit` (1 to 200) and `cursor` (the `next_cursor` of the previous page). Every error has the body `{\"error\": {\"code\", \"message\"}}`."
    ),
    components(schemas(ErrorBody, ErrorDetail, crate::domain::scoring::CriterionFailure, crate::domain::scoring::FailedRule, crate::web::shared::views::CriterionView, crate::web::shared::views::VerdictView)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        openapi.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
}

/// The document and the page, for the finished document.
pub fn router(doc: OpenApi) -> Router<AppState> {
    let json: Arc<str> = doc
        .to_json()
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        .into();
    let page_doc = Arc::new(doc);
    Router::new()
        .route(
            "/api/openapi.json",
            get(move || {
                let json = json.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        json.to_string(),
                    )
                }
            }),
        )
        .route(
            "/docs/api",
            get(move |ctx: Ctx| {
                let doc = page_doc.clone();
                async move { docs_page(&ctx.0, &doc) }
            }),
        )
}

/// One operation as the page lists it.
pub struct Operation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub public: bool,
    /// (name, where, required, description)
    pub params: Vec<(String, String, bool, String)>,
    /// (content type, fields or description)
    pub body: Option<(String, String)>,
    /// (status, description, content type)
    pub responses: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    page: Page,
    version: String,
    /// (tag, operations)
    tags: Vec<(String, Vec<Operation>)>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The fields of a request schema, resolved through `$ref`, as "name (type)" list.
fn schema_fields(doc: &Value, schema: &Value) -> String {
    let resolved = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|name| doc.pointer(&format!("/components/schemas/{name}")))
        .unwrap_or(schema);
    let required: Vec<&str> = resolved
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match resolved.get("properties").and_then(Value::as_object) {
        Some(props) => props
            .iter()
            .map(|(name, p)| {
                let kind = match p.get("type") {
                    Some(Value::String(t)) => t.clone(),
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .filter_map(Value::as_str)
                        .filter(|t| *t != "null")
                        .collect::<Vec<_>>()
                        .join("|"),
                    _ => "object".to_owned(),
                };
                let mark = if required.contains(&name.as_str()) {
                    ""
                } else {
                    "?"
                };
                format!("{name}{mark}: {kind}")
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => text(resolved, "description"),
    }
}

fn operations(doc: &Value) -> Vec<(String, Vec<Operation>)> {
    let mut tags: Vec<(String, Vec<Operation>)> = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return tags;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            let tag = op
                .pointer("/tags/0")
                .and_then(Value::as_str)
                .unwrap_or("other")
                .to_owned();
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            (
                                text(p, "name"),
                                text(p, "in"),
                                p.get("required").and_then(Value::as_bool).unwrap_or(false),
                                text(p, "description"),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .map(|(ct, media)| {
                    let fields = media
                        .get("schema")
                        .map(|s| schema_fields(doc, s))
                        .filter(|f| !f.is_empty())
                        .unwrap_or_else(|| text(&op["requestBody"], "description"));
                    (ct.clone(), fields)
                });
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .map(|rs| {
                    rs.iter()
                        .map(|(status, r)| {
                            let ct = r
                                .get("content")
                                .and_then(Value::as_object)
                                .and_then(|c| c.keys().next().cloned())
                                .unwrap_or_default();
                            (status.clone(), text(r, "description"), ct)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let operation = Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(op, "summary"),
                public: op
                    .get("security")
                    .and_then(Value::as_array)
                    .is_some_and(|s| {
                        s.iter()
                            .all(|r| r.as_object().is_some_and(|o| o.is_empty()))
                    }),
                params,
                body,
                responses,
            };
            match tags.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, ops)) => ops.push(operation),
                None => tags.push((tag, vec![operation])),
            }
        }
    }
    tags.sort_by(|a, b| a.0.cmp(&b.0));
    tags
}

fn docs_page(ctx: &super::context::RequestContext, doc: &OpenApi) -> Result<Response> {
    let value = serde_json::to_value(doc).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(render(&DocsPage {
        page: Page::titled(ctx, "api-docs-title"),
        version: doc.info.version.clone(),
        tags: operations(&value),
    })?
    .into_response())
}
