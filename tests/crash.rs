//! The real server binary, stopped in the middle of its weightiest writes. A large import:
//! stopped politely (SIGTERM), it finishes and the process exits cleanly; brutally (SIGKILL),
//! the database comes back whole after a restart, with the import either all there or not at
//! all. An approval: killed at a series of moments while it is under way, the database comes
//! back whole, and the approval either happened, with its decision, audit entries,
//! notification and certificate, or left no trace and can be made again, once.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PASSWORD: &str = "crash test password";
const MANAGER: &str = "manager@demo.test";
const AUDITOR: &str = "auditor@demo.test";
/// The demo manager's hotel.
const SITE: i64 = 3;
/// About 16 MB of CSV: more than the kernel buffers on both ends of a loopback connection
/// hold, so the body is only all sent once the server is reading it.
const ROWS: usize = 250_000;
/// Server logs that name every SQL statement run.
const EVERY_STATEMENT: &str = "warn,sqlx::query=debug";
/// Approvals killed part-way, one restart each.
const APPROVAL_ROUNDS: usize = 16;

// ---- the server and HTTP ----

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(dir: &Path, database_url: &str, port: u16) -> Child {
    launch(dir, database_url, port, "warn")
}

/// The server on `port`, logging by `filter` (in JSON lines) to `log_of(dir, port)`.
fn launch(dir: &Path, database_url: &str, port: u16, filter: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codecheck"))
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("CODECHECK_DATA_DIR", dir.join("data"))
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .env("CODECHECK_DEMO_PASSWORD", PASSWORD)
        .env("RUST_LOG", filter)
        .env("CODECHECK_LOG_FORMAT", "json")
        // These tests are about signals, not the time limit (tests/limits.rs has that): on a
        // busy machine the big import may take longer than the default 30 s.
        .env("CODECHECK_REQUEST_TIMEOUT", "600")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log_of(dir, port)).unwrap())
        .spawn()
        .expect("the server starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok((200, _)) = request(port, "GET /healthz HTTP/1.1", &[], b"") {
            return child;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not answer within a minute");
}

/// Where the server on `port` logs, next to its database.
fn log_of(dir: &Path, port: u16) -> std::path::PathBuf {
    dir.join(format!("server-{port}.log"))
}

/// One HTTP/1.1 request on a new connection; the status and the body.
fn request(
    port: u16,
    line: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<(u16, String)> {
    request_then(port, line, headers, body, || {})
}

/// The same, calling `sent` once the whole body is out: a body of megabytes only gets out
/// while the server reads it, so by then the handler is at work.
fn request_then(
    port: u16,
    line: &str,
    headers: &[(&str, String)],
    body: &[u8],
    sent: impl FnOnce(),
) -> std::io::Result<(u16, String)> {
    let (status, body) = exchange(port, line, headers, body, sent)?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// The request itself; the status and the body's bytes.
fn exchange(
    port: u16,
    line: &str,
    headers: &[(&str, String)],
    body: &[u8],
    sent: impl FnOnce(),
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port)))?;
    stream.set_read_timeout(Some(Duration::from_secs(300)))?;
    let mut head = format!(
        "{line}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    sent();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok((0, Vec::new()));
    };
    let status = String::from_utf8_lossy(&answer[..end])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, answer[end + 4..].to_vec()))
}

/// A JSON API call as the holder of `token`; the status and the answer (`null` if not JSON).
fn api(port: u16, method: &str, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
    let mut headers = vec![("Authorization", format!("Bearer {token}"))];
    let body = match body {
        Some(b) => {
            headers.push(("Content-Type", "application/json".into()));
            b.to_string()
        }
        None => String::new(),
    };
    let (status, answer) = request(
        port,
        &format!("{method} {path} HTTP/1.1"),
        &headers,
        body.as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}

/// A session of a demo user; it lives in the database, so it outlasts restarts.
fn login(port: u16, email: &str) -> String {
    let body = format!(r#"{{"email":"{email}","password":"{PASSWORD}"}}"#);
    let (status, answer) = request(
        port,
        "POST /api/v1/auth/login HTTP/1.1",
        &[("Content-Type", "application/json".into())],
        body.as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 200, "{answer}");
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    v["token"].as_str().unwrap().to_owned()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

// ---- the database, read directly ----

async fn open(database_url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(database_url).await.unwrap()
}

/// Whether the database says it is sound: SQLite's integrity and foreign-key checks; on
/// PostgreSQL, which recovers from its write-ahead log, every table reads.
async fn is_sound(conn: &mut sqlx::AnyConnection, database_url: &str) -> bool {
    if database_url.starts_with("sqlite") {
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let orphans = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        check == "ok" && orphans.is_empty()
    } else {
        let tables: Vec<(String,)> =
            sqlx::query_as("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let mut sound = !tables.is_empty();
        for (table,) in tables {
            let count = format!("SELECT COUNT(*) FROM \"{table}\"");
            sound &= sqlx::query(sqlx::AssertSqlSafe(count))
                .execute(&mut *conn)
                .await
                .is_ok();
        }
        sound
    }
}

/// Staff rows of the site, and whether the database says it is sound.
async fn state_of(database_url: &str) -> (i64, bool) {
    let mut conn = open(database_url).await;
    let (staff,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE site_id = $1")
        .bind(SITE)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    (staff, is_sound(&mut conn, database_url).await)
}

// ---- the import ----

fn roster() -> Vec<u8> {
    let mut csv = String::from("employee_ref;job_role;start_date;module;completed_on;delivery\n");
    for n in 0..ROWS {
        csv.push_str(&format!(
            "E{n:06};reception;2020-01-01;ecpat_basic;2026-01-0{};elearning\n",
            n % 9 + 1
        ));
    }
    csv.into_bytes()
}

/// Sends the import on a thread of its own; its answer comes back through the handle.
fn import_in_background(
    port: u16,
    token: String,
) -> std::thread::JoinHandle<std::io::Result<(u16, String)>> {
    let body = roster();
    std::thread::spawn(move || {
        request(
            port,
            &format!("POST /api/v1/sites/{SITE}/training-records/import HTTP/1.1"),
            &[
                ("Content-Type", "text/csv".into()),
                ("Authorization", format!("Bearer {token}")),
            ],
            &body,
        )
    })
}

#[tokio::test]
async fn sigterm_lets_a_large_import_finish_then_the_server_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::database_url(&dir);
    let port = free_port();
    let mut server = start(dir.path(), &url, port);
    let token = login(port, MANAGER);
    let import = import_in_background(port, token);
    // The server has the request and is writing its rows: it is asked to stop.
    std::thread::sleep(Duration::from_millis(300));
    signal(&server, "TERM");
    let (status, body) = import.join().unwrap().expect("the answer arrives");
    assert_eq!(status, 200, "{body}");
    let done: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(done["added"], ROWS, "{body}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = server.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(
        request(port, "GET /healthz HTTP/1.1", &[], b"").is_err(),
        "nothing listens any more"
    );
    let (staff, sound) = state_of(&url).await;
    assert!(sound);
    assert_eq!(staff, ROWS as i64);
}

#[tokio::test]
async fn sigkill_in_the_middle_of_an_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::database_url(&dir);
    let port = free_port();
    let mut server = start(dir.path(), &url, port);
    let token = login(port, MANAGER);
    let import = import_in_background(port, token);
    // The body is in; the rows are being written.
    std::thread::sleep(Duration::from_millis(200));
    signal(&server, "KILL");
    server.wait().unwrap();
    let cut = import.join().unwrap();
    let finished = matches!(&cut, Ok((200, _)));

    // A restart opens the same database, migrates nothing new, and serves.
    let port = free_port();
    let mut again = start(dir.path(), &url, port);
    let (staff, sound) = state_of(&url).await;
    eprintln!("killed with the import answered: {finished}; staff after restart: {staff}");
    assert!(sound, "the database passes its integrity check");
    if finished {
        assert_eq!(
            staff, ROWS as i64,
            "the import answered 200: all of it is there"
        );
    } else {
        assert!(
            staff == 0 || staff == ROWS as i64,
            "all or nothing, not {staff} of {ROWS}"
        );
    }
    let token = login(port, MANAGER);
    let (status, _) = request(
        port,
        &format!("GET /api/v1/sites/{SITE}/staff?limit=1 HTTP/1.1"),
        &[("Authorization", format!("Bearer {token}"))],
        b"",
    )
    .unwrap();
    assert_eq!(status, 200);
    signal(&again, "TERM");
    again.wait().unwrap();
}

// ---- the approval ----

/// The running server and the demo sessions that drive it.
struct Server {
    child: Child,
    port: u16,
    manager: String,
    auditor: String,
}

/// Each criterion's id and item keys.
fn criteria(s: &Server) -> Vec<(String, Vec<String>)> {
    let (status, c) = api(s.port, "GET", "/api/v1/criteria", &s.manager, None);
    assert_eq!(status, 200, "{c}");
    c["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let keys = c["items"].as_array().unwrap().iter();
            let keys = keys.map(|i| i["key"].as_str().unwrap().to_owned());
            (c["id"].as_str().unwrap().to_owned(), keys.collect())
        })
        .collect()
}

/// A new assessment of the demo hotel for `year`: every item answered yes by the manager,
/// submitted, and every item accepted by the demo auditor, one request away from approval.
fn ready_to_approve(s: &Server, criteria: &[(String, Vec<String>)], year: i32) -> i64 {
    let (status, a) = api(
        s.port,
        "POST",
        &format!("/api/v1/sites/{SITE}/assessments"),
        &s.manager,
        Some(json!({ "year": year })),
    );
    assert_eq!(status, 201, "{a}");
    let id = a["id"].as_i64().unwrap();
    for key in criteria.iter().flat_map(|(_, keys)| keys) {
        let path = format!("/api/v1/assessments/{id}/answers/{key}");
        let (status, a) = api(
            s.port,
            "PUT",
            &path,
            &s.manager,
            Some(json!({"answer": "yes"})),
        );
        assert_eq!(status, 200, "{key}: {a}");
    }
    let submit = format!("/api/v1/assessments/{id}/submit");
    let (status, a) = api(s.port, "POST", &submit, &s.manager, None);
    assert_eq!(status, 200, "{a}");
    for (criterion, _) in criteria {
        let path = format!("/api/v1/assessments/{id}/criteria/{criterion}/accept-remaining");
        let (status, a) = api(s.port, "POST", &path, &s.auditor, None);
        assert_eq!(status, 200, "{a}");
    }
    let (_, a) = api(
        s.port,
        "GET",
        &format!("/api/v1/assessments/{id}"),
        &s.auditor,
        None,
    );
    assert_eq!(a["status"], "in_review", "{a}");
    let accepted = a["verdicts"]
        .as_object()
        .unwrap()
        .values()
        .filter(|v| v["verdict"] == "accepted")
        .count();
    assert_eq!(
        accepted,
        criteria.iter().map(|(_, k)| k.len()).sum::<usize>()
    );
    id
}

/// Sends the approval as `auditor`, calling `sent` once the request is out; whether it
/// was answered 200.
fn approve_then(port: u16, auditor: &str, id: i64, sent: impl FnOnce()) -> bool {
    let answered = request_then(
        port,
        &format!("POST /api/v1/assessments/{id}/approve HTTP/1.1"),
        &[("Authorization", format!("Bearer {auditor}"))],
        b"",
        sent,
    );
    matches!(answered, Ok((200, _)))
}

/// What the database holds of one assessment's approval.
#[derive(Debug, PartialEq)]
struct Approval {
    status: String,
    /// `approve` rows in `decisions`.
    decisions: i64,
    /// `approve` entries in the audit trail.
    audited: i64,
    certificates: i64,
    /// `certificate.issued` entries in the audit trail.
    issue_audited: i64,
    /// Whether anyone was told of the approval.
    notified: bool,
}

impl Approval {
    fn rows(&self) -> [i64; 4] {
        [
            self.decisions,
            self.audited,
            self.certificates,
            self.issue_audited,
        ]
    }

    /// Approved, with exactly one of everything an approval writes.
    fn is_whole(&self) -> bool {
        self.status == "approved" && self.rows() == [1; 4] && self.notified
    }

    /// Still waiting for its approval, with none of it written.
    fn is_untouched(&self) -> bool {
        self.status == "in_review" && self.rows() == [0; 4] && !self.notified
    }
}

async fn approval_of(conn: &mut sqlx::AnyConnection, id: i64) -> Approval {
    async fn count(conn: &mut sqlx::AnyConnection, sql: &'static str, id: i64) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql)
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        n
    }
    let (status,): (String,) = sqlx::query_as("SELECT status FROM assessments WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    Approval {
        status,
        decisions: count(
            conn,
            "SELECT COUNT(*) FROM decisions WHERE assessment_id = $1 AND decision = 'approve'",
            id,
        )
        .await,
        audited: count(
            conn,
            "SELECT COUNT(*) FROM audit_log WHERE assessment_id = $1 AND action = 'approve'",
            id,
        )
        .await,
        certificates: count(
            conn,
            "SELECT COUNT(*) FROM certificates WHERE assessment_id = $1",
            id,
        )
        .await,
        issue_audited: count(
            conn,
            "SELECT COUNT(*) FROM audit_log WHERE assessment_id = $1 \
             AND action = 'certificate.issued'",
            id,
        )
        .await,
        notified: count(
            conn,
            "SELECT COUNT(*) FROM notifications WHERE assessment_id = $1 AND kind = 'approved'",
            id,
        )
        .await
            > 0,
    }
}

/// The approved assessment's certificate: the API names it, its PDF downloads, and
/// `codecheck verify` finds it valid against the server's published keys and records.
fn check_certificate(s: &Server, dir: &Path, id: i64) {
    let (status, a) = api(
        s.port,
        "GET",
        &format!("/api/v1/assessments/{id}"),
        &s.auditor,
        None,
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["status"], "approved", "{a}");
    let serial = a["certificate_serial"].as_str().expect("a certificate");
    let (status, pdf) = exchange(
        s.port,
        &format!("GET /api/v1/certificates/{serial}.pdf HTTP/1.1"),
        &[("Authorization", format!("Bearer {}", s.auditor))],
        b"",
        || {},
    )
    .unwrap();
    assert_eq!(status, 200);
    let file = dir.join(format!("certificate-{id}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_codecheck"))
        .arg("verify")
        .arg(&file)
        .args(["--url", &format!("http://127.0.0.1:{}", s.port)])
        .current_dir(dir)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("valid"), "{said}");
}

/// After a restart: the database is sound, its audit trail's hash chain unbroken, and the
/// approval of `id` either whole or absent (whole if it was answered 200 before the kill).
/// Then the approval is made if it was not, and a second one is refused: in the end there is
/// one approval and one certificate, which verifies. Returns whether it had happened.
async fn check_approval(s: &Server, dir: &Path, url: &str, id: i64, answered: bool) -> bool {
    let mut conn = open(url).await;
    assert!(
        is_sound(&mut conn, url).await,
        "the database passes its checks"
    );
    let store = codecheck::store::Store::connect_with(url, 1).await.unwrap();
    let (entries, broken) = store.verify_audit_log().await.unwrap();
    assert_eq!(
        broken, None,
        "the audit trail's chain holds ({entries} entries)"
    );
    store.close().await;
    let found = approval_of(&mut conn, id).await;
    assert!(
        found.is_whole() || found.is_untouched(),
        "all or nothing: {found:?}"
    );
    let happened = found.is_whole();
    if answered {
        assert!(happened, "answered 200, so approved: {found:?}");
    }
    let approve = format!("/api/v1/assessments/{id}/approve");
    if !happened {
        let (status, a) = api(s.port, "POST", &approve, &s.auditor, None);
        assert_eq!(status, 200, "the approval can be made after all: {a}");
    }
    let (status, a) = api(s.port, "POST", &approve, &s.auditor, None);
    assert_eq!(status, 409, "approved once only: {a}");
    let found = approval_of(&mut conn, id).await;
    assert!(found.is_whole(), "one approval, one certificate: {found:?}");
    check_certificate(s, dir, id);
    happened
}

/// Where in the approval a kill landed, as seen afterwards.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kill {
    /// Not approved, and the server had not written any of it.
    BeforeWriting,
    /// Not approved, although the server had written part of it: the transaction was cut.
    WhileWriting,
    /// Approved, the answer lost with the server.
    BeforeAnswering,
    /// Approved and answered.
    AfterAnswering,
}

impl Kill {
    fn mark(self) -> char {
        match self {
            Kill::BeforeWriting => '-',
            Kill::WhileWriting => 'x',
            Kill::BeforeAnswering => 'a',
            Kill::AfterAnswering => 'A',
        }
    }
}

/// Whether the server's log (JSON lines, with every statement) shows the approval's first
/// write, the status change: its transaction had begun writing when the server died.
fn approval_began_writing(log: &Path) -> bool {
    let log = std::fs::read_to_string(log).unwrap();
    log.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["target"] == "sqlx::query")
        .any(|l| {
            l["fields"]["db.statement"]
                .as_str()
                .is_some_and(|s| s.contains("UPDATE assessments SET status = $1"))
        })
}

/// When to kill the server, after the approval request is out: a staircase around the moment
/// the approval commits. Earlier after an approval that happened, later after one that did
/// not; the step halves at each turn and doubles at every fourth kill in a row on the same
/// side (the commit is further than thought). Most kills thus land close to the commit, on
/// either side of it, however fast the machine.
struct Staircase {
    delay: Duration,
    step: Duration,
    finest: Duration,
    last: Option<bool>,
    run: u32,
}

impl Staircase {
    /// Starts half-way through an approval that took `took`.
    fn new(took: Duration) -> Staircase {
        Staircase {
            delay: took / 2,
            step: took / 4,
            finest: took / 32,
            last: None,
            run: 0,
        }
    }

    fn next(&mut self, happened: bool) {
        if self.last == Some(happened) {
            self.run += 1;
            if self.run == 4 {
                self.step *= 2;
                self.run = 1;
            }
        } else {
            if self.last.is_some() {
                self.step = (self.step / 2).max(self.finest);
            }
            self.run = 1;
        }
        self.last = Some(happened);
        self.delay = if happened {
            self.delay.saturating_sub(self.step)
        } else {
            self.delay + self.step
        };
    }
}

#[tokio::test]
async fn sigkill_in_the_middle_of_an_approval_leaves_all_or_nothing() {
    let began = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let url = common::database_url(&dir);
    let port = free_port();
    let child = launch(dir.path(), &url, port, EVERY_STATEMENT);
    let mut s = Server {
        child,
        port,
        manager: login(port, MANAGER),
        auditor: login(port, AUDITOR),
    };
    let criteria = criteria(&s);
    // One assessment per round, each of its own year, newest first so that none carries
    // answers over from another.
    let mut years = (2000..=time::OffsetDateTime::now_utc().year() + 1).rev();

    // An approval left alone, to learn how long one takes.
    let id = ready_to_approve(&s, &criteria, years.next().unwrap());
    let mut out = None;
    let answered = approve_then(s.port, &s.auditor, id, || out = Some(Instant::now()));
    let took = out.unwrap().elapsed();
    assert!(answered);
    assert!(check_approval(&s, dir.path(), &url, id, true).await);

    let mut staircase = Staircase::new(took);
    let mut kills = Vec::new();
    for _ in 0..APPROVAL_ROUNDS {
        let id = ready_to_approve(&s, &criteria, years.next().expect("a year left"));
        let delay = staircase.delay;
        let child = &mut s.child;
        let answered = approve_then(s.port, &s.auditor, id, || {
            std::thread::sleep(delay);
            child.kill().unwrap();
        });
        s.child.wait().unwrap();
        let wrote = approval_began_writing(&log_of(dir.path(), s.port));
        s.port = free_port();
        s.child = launch(dir.path(), &url, s.port, EVERY_STATEMENT);
        let happened = check_approval(&s, dir.path(), &url, id, answered).await;
        let kill = match (happened, answered, wrote) {
            (false, _, false) => Kill::BeforeWriting,
            (false, _, true) => Kill::WhileWriting,
            (true, false, _) => Kill::BeforeAnswering,
            (true, true, _) => Kill::AfterAnswering,
        };
        kills.push((delay, kill));
        staircase.next(happened);
    }
    signal(&s.child, "TERM");
    s.child.wait().unwrap();
    let count = |k: Kill| kills.iter().filter(|(_, kill)| *kill == k).count();
    let trace: Vec<String> = kills
        .iter()
        .map(|(delay, kill)| format!("{}µs:{}", delay.as_micros(), kill.mark()))
        .collect();
    eprintln!(
        "an approval takes {}µs; {APPROVAL_ROUNDS} kills, each after the request was out by: \
         {}\n  not approved: {} killed before the approval wrote (-), {} while it was writing \
         (x); approved: {} killed before answering (a), {} after (A); {:.1} s",
        took.as_micros(),
        trace.join(" "),
        count(Kill::BeforeWriting),
        count(Kill::WhileWriting),
        count(Kill::BeforeAnswering),
        count(Kill::AfterAnswering),
        began.elapsed().as_secs_f64()
    );
    let approved = count(Kill::BeforeAnswering) + count(Kill::AfterAnswering);
    assert!(
        approved > 0 && approved < APPROVAL_ROUNDS,
        "the kills land on both sides of the commit: {}",
        trace.join(" ")
    );
}
