//! What operators see of the running app: a request id on every request (taken from a
//! trusted proxy's `X-Request-Id` when plain, else made here) carried by every log line of that request and sent
//! back; one log line per request with the route's template (never its ids, query, body or
//! headers, so no password, token or staff name reaches the logs); and per-instance metrics in
//! the Prometheus text format at `/metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument as _;

use crate::AppState;

pub const REQUEST_ID: &str = "x-request-id";

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Latency {
    /// Requests at or under each bound of `BUCKETS`, not cumulated.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Request counts and latencies by route template; kept per instance, as Prometheus expects
/// (it scrapes each instance and adds them up).
#[derive(Default)]
pub struct Metrics {
    /// (method, route, status) -> requests.
    answered: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// (method, route) -> latency.
    latency: Mutex<BTreeMap<(String, String), Latency>>,
}

impl Metrics {
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let key = (method.to_owned(), route.to_owned());
        if let Ok(mut answered) = self.answered.lock() {
            *answered
                .entry((key.0.clone(), key.1.clone(), status))
                .or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            let l = latency.entry(key).or_default();
            if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
                l.buckets[i] += 1;
            }
            l.count += 1;
            l.sum += seconds;
        }
    }

    /// The Prometheus text exposition of the counters and of the pool `(size, idle, max)`.
    pub fn render(&self, pool: (u32, usize, u32)) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP codecheck_http_requests_total Requests answered, by method, route and status.\n\
             # TYPE codecheck_http_requests_total counter\n",
        );
        if let Ok(answered) = self.answered.lock() {
            for ((method, route, status), n) in answered.iter() {
                let _ = writeln!(
                    out,
                    "codecheck_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str(
            "# HELP codecheck_http_request_duration_seconds Time to answer, by method and route.\n\
             # TYPE codecheck_http_request_duration_seconds histogram\n",
        );
        if let Ok(latency) = self.latency.lock() {
            for ((method, route), l) in latency.iter() {
                let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
                let mut cumulated = 0;
                for (bound, n) in BUCKETS.iter().zip(l.buckets) {
                    cumulated += n;
                    let _ = writeln!(
                        out,
                        "codecheck_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulated}"
                    );
                }
                let _ = writeln!(
                    out,
                    "codecheck_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n\
                     codecheck_http_request_duration_seconds_sum{{{labels}}} {}\n\
                     codecheck_http_request_duration_seconds_count{{{labels}}} {}",
                    l.count, l.sum, l.count
                );
            }
        }
        let (size, idle, max) = pool;
        let _ = write!(
            out,
            "# HELP codecheck_db_connections Database connections of this instance's pool.\n\
             # TYPE codecheck_db_connections gauge\n\
             codecheck_db_connections{{state=\"in_use\"}} {}\n\
             codecheck_db_connections{{state=\"idle\"}} {idle}\n\
             # HELP codecheck_db_connections_max The pool's limit (CODECHECK_DB_MAX_CONNECTIONS).\n\
             # TYPE codecheck_db_connections_max gauge\n\
             codecheck_db_connections_max {max}\n",
            (size as usize).saturating_sub(idle)
        );
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Longest request id kept from a proxy.
const MAX_GIVEN_ID: usize = 64;

/// A request id given by a trusted proxy is kept if it is 1 to 64 characters of
/// `[A-Za-z0-9._:-]`; anything else is replaced. Without a trusted proxy
/// (`CODECHECK_TRUSTED_PROXIES=0`) the header comes from the client itself, who could write
/// anything into our logs with it (a staff name, a line looking like another request's), so it
/// is never taken.
fn given_id(value: &HeaderValue, trusted_proxies: usize) -> Option<String> {
    if trusted_proxies == 0 {
        return None;
    }
    let s = value.to_str().ok()?;
    (!s.is_empty()
        && s.len() <= MAX_GIVEN_ID
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
    .then(|| s.to_owned())
}

fn new_id() -> String {
    let bytes: [u8; 8] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The outermost middleware: names the request, logs it once answered, counts it.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| given_id(v, state.settings.trusted_proxies))
        .unwrap_or_else(new_id);
    let method = req.method().as_str().to_owned();
    // The template, not the path: ids and staff references stay out of logs and labels, and
    // unknown paths do not each make a metric of their own.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let started = Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, ms = seconds * 1000.0, "answered");
        } else {
            tracing::info!(status, ms = seconds * 1000.0, "answered");
        }
    });
    state.metrics.record(&method, &route, status, seconds);
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// `/metrics`, for Prometheus: only with `Authorization: Bearer` and the metrics token
/// (`CODECHECK_METRICS_TOKEN`); without a token set, the route does not exist (404).
pub async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let Some(expected) = state
        .settings
        .metrics_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return crate::error::Error::NotFound.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !super::extract::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    let pool = state.store.pool_usage();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(pool),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labels_escaped() {
        let m = Metrics::default();
        m.record("GET", "/sites/{id}", 200, 0.003);
        m.record("GET", "/sites/{id}", 404, 0.2);
        m.record("GET", "/sites/{id}", 200, 30.0);
        let text = m.render((5, 3, 8));
        assert!(text.contains(
            "codecheck_http_requests_total{method=\"GET\",route=\"/sites/{id}\",status=\"200\"} 2"
        ));
        assert!(text.contains("le=\"0.001\"} 0"));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.25\"} 2"));
        assert!(text.contains("le=\"10\"} 2"), "30 s is over every bound");
        assert!(text.contains("le=\"+Inf\"} 3"));
        assert!(text.contains("codecheck_db_connections{state=\"in_use\"} 2"));
        let odd = Metrics::default();
        odd.record("GET", "a\"b", 200, 0.0);
        assert!(odd.render((0, 0, 1)).contains("route=\"a\\\"b\""));
    }

    #[test]
    fn request_ids_from_outside_are_kept_only_when_plain() {
        let plain = HeaderValue::from_static("lb-1234_abc.9:0");
        assert_eq!(given_id(&plain, 1).as_deref(), Some("lb-1234_abc.9:0"));
        assert_eq!(given_id(&plain, 0), None, "no proxy: the client's own id");
        assert_eq!(given_id(&HeaderValue::from_static("a b"), 1), None);
        assert_eq!(given_id(&HeaderValue::from_static(""), 1), None);
        assert_eq!(given_id(&HeaderValue::from_static("a\"b"), 1), None);
        assert_eq!(
            given_id(&HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap(), 1),
            None
        );
        let longest = "x".repeat(64);
        assert!(given_id(&HeaderValue::from_str(&longest).unwrap(), 1).is_some());
        let long = "x".repeat(65);
        assert_eq!(given_id(&HeaderValue::from_str(&long).unwrap(), 1), None);
        assert_eq!(new_id().len(), 16);
    }
}
