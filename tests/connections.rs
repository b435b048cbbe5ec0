//! The real server on a real socket, against clients that hold connections: one that never
//! finishes its headers is closed after the header timeout (`CODECHECK_HEADER_TIMEOUT`), and
//! connections beyond the cap (`CODECHECK_MAX_CONNECTIONS`) are not served until one closes.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `codecheck serve` with these connection settings, once it answers.
fn start(header_timeout_secs: u64, max_connections: usize) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_codecheck"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env("DATABASE_URL", common::database_url(&dir))
        .env("CODECHECK_DATA_DIR", dir.path().join("data"))
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .env("CODECHECK_HEADER_TIMEOUT", header_timeout_secs.to_string())
        .env("CODECHECK_MAX_CONNECTIONS", max_connections.to_string())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("server.log")).unwrap())
        .spawn()
        .expect("the server starts");
    let server = Server { child, port, dir };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(mut c) = connect(port)
            && healthz(&mut c).is_ok()
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "the server did not answer within a minute: {}",
        log(&server)
    );
}

fn log(server: &Server) -> String {
    std::fs::read_to_string(server.dir.path().join("server.log")).unwrap_or_default()
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let c = TcpStream::connect(("127.0.0.1", port))?;
    c.set_read_timeout(Some(Duration::from_secs(20)))?;
    Ok(c)
}

/// `GET /healthz` on a kept-alive connection; the answer's status line.
fn healthz(c: &mut TcpStream) -> std::io::Result<String> {
    c.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = c.read(&mut buf)?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if body.len() >= length {
                return Ok(head.lines().next().unwrap_or_default().to_owned());
            }
        }
    }
}

/// Reads until the server closes the connection; `Err` if it is still open after `wait`.
fn closed_within(c: &mut TcpStream, wait: Duration) -> Result<(), String> {
    c.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match c.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(()),
            Err(e) => return Err(format!("still open after {wait:?}: {e}")),
        }
    }
}

#[test]
fn a_connection_that_never_finishes_its_headers_is_closed_after_the_header_timeout() {
    let server = start(1, 1024);
    let mut slow = connect(server.port).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .unwrap();
    let mut silent = connect(server.port).unwrap();
    // Well past the one second, and far below the 30 s request timeout that starts after them.
    closed_within(&mut slow, Duration::from_secs(10)).unwrap();
    closed_within(&mut silent, Duration::from_secs(10)).unwrap();
    let mut fine = connect(server.port).unwrap();
    assert_eq!(healthz(&mut fine).unwrap(), "HTTP/1.1 200 OK");
}

#[test]
fn connections_beyond_the_cap_wait_until_one_closes() {
    let server = start(60, 2);
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut c = connect(server.port).unwrap();
            assert_eq!(healthz(&mut c).unwrap(), "HTTP/1.1 200 OK");
            c
        })
        .collect();
    // The third waits in the listen queue: connected, but not served.
    let mut third = connect(server.port).unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    third
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut buf = [0u8; 64];
    match third.read(&mut buf) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!(
            "the connection over the cap was served: {other:?} {}",
            String::from_utf8_lossy(&buf)
        ),
    }
    // One closes: the waiting one is served.
    drop(held.pop());
    third
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("\r\n\r\n") {
        let n = third
            .read(&mut buf)
            .expect("served once a connection closed");
        assert!(n > 0, "closed instead of served");
        got.extend_from_slice(&buf[..n]);
    }
    assert!(
        String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200 OK"),
        "{}",
        String::from_utf8_lossy(&got)
    );
    // The one still held is still served.
    assert_eq!(healthz(&mut held[0]).unwrap(), "HTTP/1.1 200 OK");
}
