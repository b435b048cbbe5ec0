//! Serving the router on a socket: HTTP/1.1 with a deadline for each request's headers, a cap
//! on open connections, and an end that lets requests in flight finish.
//!
//! `axum::serve` has neither limit: a client that opens connections and never finishes their
//! headers holds a descriptor each for as long as it likes (the request timeout only starts
//! once the headers are in).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service as _;

use crate::config::Settings;

/// What one instance allows its clients' connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time to send a request's headers, from when the server starts waiting for them (on
    /// connecting, and after each answer on a kept-alive connection).
    pub header_timeout: Duration,
    /// Connections open at once; beyond it, new ones wait in the listen queue.
    pub max_connections: usize,
}

impl Limits {
    pub fn from_settings(settings: &Settings) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(settings.header_timeout_secs),
            max_connections: usize::try_from(settings.max_connections).unwrap_or(usize::MAX),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting and waits for
/// the connections' requests in flight (idle connections are closed at once). Each request
/// carries the peer's address (`ConnectInfo<SocketAddr>`), for login throttling.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    // A connection is accepted only with a permit, held until it closes: beyond the cap the
    // kernel keeps new connections in the listen queue (and refuses them once it is full), so
    // a flood costs the app no descriptor and no memory, and a waiting client is served as soon
    // as another leaves rather than turned away.
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                // Never closed; should it be, there is nothing left to serve with.
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers are small and often the last write of a page: do not wait to fill a packet.
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            // A Router is always ready: `call` needs no `poll_ready` first.
            router.clone().call(req)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                // A client that left or timed out; nothing of the request is logged.
                tracing::debug!(error = %e, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// A failed accept: the client gave up (try the next at once), or the process is out of
/// descriptors or memory (wait a little rather than spin, as `axum::serve` does).
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::warn!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
