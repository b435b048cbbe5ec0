//! The real server binary, stopped in the middle of a large import: politely (SIGTERM), the
//! import finishes and the process exits cleanly; brutally (SIGKILL), the database comes back
//! whole after a restart, with the import either all there or not at all.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "crash test password";
/// The demo manager's hotel.
const SITE: i64 = 3;
/// About 16 MB of CSV: more than the kernel buffers on both ends of a loopback connection
/// hold, so the body is only all sent once the server is reading it.
const ROWS: usize = 250_000;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(dir: &Path, database_url: &str, port: u16) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codecheck"))
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("CODECHECK_DATA_DIR", dir.join("data"))
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .env("CODECHECK_DEMO_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
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
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

fn login(port: u16) -> String {
    let body = format!(r#"{{"email":"manager@demo.test","password":"{PASSWORD}"}}"#);
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

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Staff rows of the site, and whether the database says it is sound.
async fn state_of(database_url: &str) -> (i64, bool) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(database_url).await.unwrap();
    let (staff,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE site_id = $1")
        .bind(SITE)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let sound = if database_url.starts_with("sqlite") {
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        check == "ok"
    } else {
        // PostgreSQL recovers from its write-ahead log; a query that reads every table works.
        sqlx::query("SELECT COUNT(*) FROM training_records")
            .execute(&mut conn)
            .await
            .is_ok()
    };
    (staff, sound)
}

#[tokio::test]
async fn sigterm_lets_a_large_import_finish_then_the_server_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::database_url(&dir);
    let port = free_port();
    let mut server = start(dir.path(), &url, port);
    let token = login(port);
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
    let token = login(port);
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
    let token = login(port);
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
