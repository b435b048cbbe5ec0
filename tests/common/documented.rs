//! The document held against the router: every answer a test sees from `/api/v1` must have
//! its status listed for its operation in `/api/openapi.json` (`default` does not count), so
//! a generated client never meets a code it was not told about.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use axum::http::{Method, StatusCode};

/// One operation: its method, its path split into segments (`None` for a parameter), its
/// id and the statuses it documents.
struct Operation {
    method: Method,
    segments: Vec<Option<String>>,
    id: String,
    statuses: BTreeSet<u16>,
}

static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();

fn operations(settings: &codecheck::config::Settings) -> &'static [Operation] {
    OPERATIONS.get_or_init(|| {
        let doc = serde_json::to_value(codecheck::web::api_document(settings))
            .expect("the document is JSON");
        let mut out = Vec::new();
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            let segments: Vec<Option<String>> = path
                .split('/')
                .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                .collect();
            let item: BTreeMap<String, serde_json::Value> =
                serde_json::from_value(item).unwrap_or_default();
            for (method, op) in item {
                let Ok(method) = method.to_uppercase().parse::<Method>() else {
                    continue;
                };
                let statuses = op["responses"]
                    .as_object()
                    .map(|r| r.keys().filter_map(|k| k.parse().ok()).collect())
                    .unwrap_or_default();
                out.push(Operation {
                    method,
                    segments: segments.clone(),
                    id: op["operationId"].as_str().unwrap_or_default().to_owned(),
                    statuses,
                });
            }
        }
        out
    })
}

/// The operation a request reaches: of those whose path matches, the one with the most
/// literal segments (`/sites/export` before `/sites/{id}`).
fn operation_for<'a>(ops: &'a [Operation], method: &Method, path: &str) -> Option<&'a Operation> {
    let parts: Vec<&str> = path.split('/').collect();
    ops.iter()
        .filter(|op| op.method == method && op.segments.len() == parts.len())
        .filter(|op| {
            op.segments
                .iter()
                .zip(&parts)
                .all(|(s, p)| s.as_deref().is_none_or(|s| s == *p))
        })
        .max_by_key(|op| op.segments.iter().filter(|s| s.is_some()).count())
}

/// Fails the test when an `/api/v1` answer's status is not documented for its operation. With
/// `CODECHECK_RECORD_STATUSES=FILE`, appends "operation status" lines to FILE instead.
pub fn check(
    settings: &codecheck::config::Settings,
    method: &Method,
    uri: &str,
    status: StatusCode,
) {
    let path = uri.split('?').next().unwrap_or(uri);
    if !path.starts_with("/api/v1/") {
        return;
    }
    let Some(op) = operation_for(operations(settings), method, path) else {
        // No operation: the router's 404 or 405, which no document lists.
        return;
    };
    let code = status.as_u16();
    // The server's own time limit holds for every request alike: `default` says so.
    if status == StatusCode::REQUEST_TIMEOUT {
        return;
    }
    if op.statuses.contains(&code) {
        return;
    }
    if let Ok(file) = std::env::var("CODECHECK_RECORD_STATUSES") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
        {
            let _ = writeln!(f, "{} {code}", op.id);
        }
        return;
    }
    panic!(
        "{method} {path} answered {code}, which operation `{}` does not document (it lists {:?})",
        op.id, op.statuses
    );
}
