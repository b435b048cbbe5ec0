//! When PostgreSQL goes away, requests fail fast with 503, and the app recovers by itself
//! when it comes back. The database is cut off by a TCP relay between the app and the server
//! (runs with `TEST_DATABASE_URL`; SQLite has no server to lose).

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use codecheck::AppState;
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::JoinHandle;

/// A relay from a local port to the database server, which can be cut and restored.
struct Relay {
    addr: SocketAddr,
    upstream: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    async fn start(upstream: String) -> Relay {
        let mut relay = Relay {
            addr: "127.0.0.1:0".parse().unwrap(),
            upstream,
            tasks: Arc::default(),
        };
        relay.addr = relay.listen();
        relay
    }

    fn listen(&self) -> SocketAddr {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.addr).unwrap();
        let listener = socket.listen(64).unwrap();
        let addr = listener.local_addr().unwrap();
        let upstream = self.upstream.clone();
        let tasks = self.tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let pipe = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tasks.lock().unwrap().push(pipe);
            }
        });
        self.tasks.lock().unwrap().push(accept);
        addr
    }

    /// The database is gone: no new connection, every open one dropped.
    fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    fn restore(&self) {
        self.listen();
    }
}

/// `/readyz`: whether the database answers, and how long it took to say so.
async fn readyz(app: &common::TestApp) -> (StatusCode, Duration) {
    probe(app, "/readyz").await
}

async fn probe(app: &common::TestApp, path: &str) -> (StatusCode, Duration) {
    let started = Instant::now();
    let res = app
        .send(
            axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    (res.status(), started.elapsed())
}

#[tokio::test]
async fn a_database_outage_is_503_at_once_and_the_app_recovers_by_itself() {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipped: set TEST_DATABASE_URL to a PostgreSQL server");
        return;
    };
    if !admin.starts_with("postgres") {
        return;
    }
    // The app's database, reached through the relay.
    let dir = tempfile::tempdir().unwrap();
    let direct = common::database_url(&dir);
    let mut url = url::Url::parse(&direct).unwrap();
    let upstream = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let relay = Relay::start(upstream).await;
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(relay.addr.port())).unwrap();
    let mut settings = common::settings(&dir);
    settings.database_url = url.to_string();
    let state = AppState::open(settings)
        .await
        .expect("opens through the relay");
    let app = common::TestApp::from_state(state, dir).await;
    assert_eq!(readyz(&app).await.0, StatusCode::OK);
    codecheck::demo::seed(&app.state, Some("lantern orbit meadow 123".into()))
        .await
        .unwrap();
    let token = app
        .login_with("manager@demo.test", "lantern orbit meadow 123")
        .await;

    relay.cut();
    let (status, took) = readyz(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(took < Duration::from_secs(10), "failed fast: {took:?}");
    assert_eq!(
        probe(&app, "/healthz").await.0,
        StatusCode::OK,
        "the process is alive: no restart for a database outage"
    );
    let (status, body) = app.get("/api/v1/sites", &token).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "unavailable");

    relay.restore();
    let mut recovered = false;
    for _ in 0..30 {
        if readyz(&app).await.0 == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "the app reconnects without a restart");
    let (status, body) = app.get("/api/v1/sites", &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
