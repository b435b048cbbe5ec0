//! `codecheck bench http`: starts the real server binary on the configured database and
//! loads it over HTTP/1.1 keep-alive connections, one page after the other in the same run:
//! `/readyz` (one database ping) as the baseline and `/healthz` (no database) beside it, the
//! whole company's dashboard page and JSON (company admin), a site's checklist (site manager),
//! the API's reads of one site, one assessment and a page of 50 sites (bearer tokens), then
//! full CSV exports while the server's peak memory is watched.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

use crate::AppState;
use crate::store::sessions::SessionKind;

/// How hard and how long each page is loaded.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub connections: usize,
    pub duration: Duration,
    /// Full CSV exports, one after the other.
    pub exports: usize,
}

/// One page to load, as one user.
pub struct Target {
    pub name: String,
    pub path: String,
    /// The header that says who is asking: a session cookie or a bearer token.
    pub auth: Option<(&'static str, String)>,
}

/// What a load run measured.
pub struct Measured {
    pub name: String,
    /// Latency of every completed request, sorted.
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
    pub errors: usize,
    /// What the first failed request got, to say why.
    pub first_error: Option<String>,
    pub bytes: u64,
}

impl Measured {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    pub fn requests_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "{:<22} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>7} {:>6}",
            self.name,
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(95.0)),
            ms(self.percentile(99.0)),
            ms(self.latencies.last().copied().unwrap_or_default()),
            self.requests_per_second(),
            self.latencies.len(),
            self.errors,
        )
    }
}

/// The server's memory around the exports.
pub struct ExportMemory {
    pub rss_before_kb: u64,
    pub peak_kb: u64,
    pub bytes: u64,
    pub rows: usize,
}

/// The report printed at the end.
pub struct Report {
    pub data: String,
    pub load: Load,
    pub runs: Vec<Measured>,
    pub export: Measured,
    pub memory: Option<ExportMemory>,
}

impl Report {
    fn run(&self, name: &str) -> Option<&Measured> {
        self.runs.iter().find(|m| m.name == name)
    }

    pub fn render(&self) -> String {
        let mut s = format!(
            "data: {}\nload: {} connections, {} s per page, HTTP/1.1 keep-alive, server and load generator on this machine\n\n",
            self.data,
            self.load.connections,
            self.load.duration.as_secs_f64()
        );
        let _ = writeln!(
            s,
            "{:<22} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7} {:>6}",
            "page (ms)", "p50", "p90", "p95", "p99", "max", "req/s", "reqs", "errors"
        );
        for m in self.runs.iter().chain(std::iter::once(&self.export)) {
            let _ = writeln!(s, "{}", m.line());
        }
        s.push('\n');
        if let Some(m) = &self.memory {
            let _ = writeln!(
                s,
                "CSV export: {} rows, {:.1} KB; server RSS {:.1} MB before, peak {:.1} MB during the exports (+{:.1} MB)",
                m.rows,
                m.bytes as f64 / 1e3,
                m.rss_before_kb as f64 / 1024.0,
                m.peak_kb as f64 / 1024.0,
                m.peak_kb.saturating_sub(m.rss_before_kb) as f64 / 1024.0,
            );
        }
        s.push_str("goals:\n");
        if let Some(d) = self.run("dashboard page") {
            let p95 = d.percentile(95.0).as_secs_f64() * 1000.0;
            let _ = writeln!(s, "  dashboard page p95 {p95:.0} ms (goal < 150 ms)");
        }
        if let Some(d) = self.run("dashboard JSON") {
            let p95 = d.percentile(95.0).as_secs_f64() * 1000.0;
            let _ = writeln!(s, "  dashboard JSON p95 {p95:.0} ms (goal < 150 ms)");
        }
        if let Some(h) = self.run("readyz") {
            // The figures were taken when /readyz was still named /healthz: the
            // ratios keep the baseline that pings the database, as every read here does.
            for name in READS_AS_FAST_AS_PAGES {
                if let Some(c) = self.run(name) {
                    let _ = writeln!(
                        s,
                        "  {name} at {:.0} % of /readyz throughput (goal >= 25 %)",
                        100.0 * c.requests_per_second() / h.requests_per_second()
                    );
                }
            }
        }
        let _ = writeln!(
            s,
            "  full CSV export p95 {:.2} s (goal < 2 s)",
            self.export.percentile(95.0).as_secs_f64()
        );
        s
    }
}

/// The reads held to a quarter of `/readyz`'s throughput.
const READS_AS_FAST_AS_PAGES: [&str; 4] = [
    "checklist page",
    "API site",
    "API assessment",
    "API sites page",
];

/// Runs the whole benchmark against `state`'s database, with the server binary `exe`.
pub async fn run(state: &AppState, exe: &Path, load: Load) -> anyhow::Result<Report> {
    let store = &state.store;
    let company_user = demo_user(state, "company@demo.test").await?;
    let manager_user = demo_user(state, "manager@demo.test").await?;
    let company_id = *company_user
        .scopes
        .first()
        .context("company@demo.test has no company")?;
    let site_id = *manager_user
        .scopes
        .first()
        .context("manager@demo.test has no site")?;
    let site_assessments = store.site_assessments(site_id).await?;
    let years = site_assessments.len();
    let assessment = site_assessments
        .into_iter()
        .max_by_key(|a| a.year)
        .context("the manager's site has no assessment")?;
    let criterion = state
        .criteria_version(&assessment.criteria_version)
        .await?
        .criteria
        .first()
        .map(|c| c.id.clone())
        .context("the criteria have no criterion")?;
    let year = assessment.year;
    let sites = store.count_sites().await?;
    let data = format!(
        "{} ({sites} sites; the manager's site has {years} years of assessments)",
        state.settings.database_url
    );

    let company = store
        .create_session(company_user.id, SessionKind::Web)
        .await?;
    let manager = store
        .create_session(manager_user.id, SessionKind::Web)
        .await?;
    let api = store
        .create_session(company_user.id, SessionKind::Api)
        .await?;
    let manager_api = store
        .create_session(manager_user.id, SessionKind::Api)
        .await?;
    let cookie = |token: &str| {
        Some((
            "cookie",
            format!("{}={token}", crate::web::context::SESSION_COOKIE),
        ))
    };
    let bearer_of = |token: &str| Some(("authorization", format!("Bearer {token}")));
    let bearer = bearer_of(&api.token);

    let addr = free_address()?;
    let mut server = Server::start(exe, &state.settings, addr)?;
    server.wait_ready().await?;

    let targets = [
        Target {
            name: "readyz".into(),
            path: "/readyz".into(),
            auth: None,
        },
        Target {
            name: "healthz".into(),
            path: "/healthz".into(),
            auth: None,
        },
        Target {
            name: "dashboard page".into(),
            path: format!("/companies/{company_id}/dashboard?year={year}"),
            auth: cookie(&company.token),
        },
        Target {
            name: "dashboard JSON".into(),
            path: format!("/api/v1/companies/{company_id}/dashboard?year={year}"),
            auth: bearer.clone(),
        },
        Target {
            name: "checklist overview".into(),
            path: format!("/assessments/{}", assessment.id),
            auth: cookie(&manager.token),
        },
        Target {
            name: "checklist page".into(),
            path: format!("/assessments/{}/criteria/{criterion}", assessment.id),
            auth: cookie(&manager.token),
        },
        // The same site and assessment as the checklist, read by the same user over the API.
        Target {
            name: "API site".into(),
            path: format!("/api/v1/sites/{site_id}"),
            auth: bearer_of(&manager_api.token),
        },
        Target {
            name: "API assessment".into(),
            path: format!("/api/v1/assessments/{}", assessment.id),
            auth: bearer_of(&manager_api.token),
        },
        // The company admin sees every site, so the page is full.
        Target {
            name: "API sites page".into(),
            path: "/api/v1/sites?limit=50".into(),
            auth: bearer.clone(),
        },
    ];
    let mut runs = Vec::new();
    for target in &targets {
        // A short warm-up so caches and the pool are in the state they would be in.
        load_target(addr, target, load.connections, Duration::from_millis(500)).await?;
        let m = load_target(addr, target, load.connections, load.duration).await?;
        anyhow::ensure!(
            m.errors == 0,
            "{}: {} requests failed, the first with {}",
            target.name,
            m.errors,
            m.first_error.as_deref().unwrap_or("?")
        );
        runs.push(m);
    }

    let export_target = Target {
        name: "CSV export (full)".into(),
        path: format!("/api/v1/companies/{company_id}/export.csv?year={year}"),
        auth: bearer.clone(),
    };
    let rss_before_kb = server.memory("VmRSS");
    server.reset_peak();
    let (export, lines) = load_count(addr, &export_target, load.exports).await?;
    let peak_kb = server.memory("VmHWM");
    let rows = lines.saturating_sub(1);
    let memory = rss_before_kb
        .zip(peak_kb)
        .map(|(before, peak)| ExportMemory {
            rss_before_kb: before,
            peak_kb: peak,
            bytes: export.bytes / export.latencies.len().max(1) as u64,
            rows,
        });

    server.stop();
    store.delete_session(&company.token).await?;
    store.delete_session(&manager.token).await?;
    store.delete_session(&api.token).await?;
    store.delete_session(&manager_api.token).await?;
    Ok(Report {
        data,
        load,
        runs,
        export,
        memory,
    })
}

async fn demo_user(state: &AppState, email: &str) -> anyhow::Result<crate::store::users::User> {
    let (id, _) = state.store.credentials(email).await?.with_context(|| {
        format!(
            "{email} is missing: run the benchmark on the demo data (codecheck demo --scale large)"
        )
    })?;
    state
        .store
        .user(id)
        .await?
        .with_context(|| format!("{email} is missing"))
}

fn free_address() -> anyhow::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?)
}

/// The server as a child process, so that its memory is its own.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(
        exe: &Path,
        settings: &crate::config::Settings,
        addr: SocketAddr,
    ) -> anyhow::Result<Self> {
        let child = Command::new(exe)
            .arg("serve")
            .arg("--bind")
            .arg(addr.to_string())
            .env("DATABASE_URL", &settings.database_url)
            .env("CODECHECK_CRITERIA_DIR", &settings.criteria_dir)
            .env("CODECHECK_DATA_DIR", &settings.data_dir)
            .env("CODECHECK_SIGNING_KEY", settings.signing_key_path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", exe.display()))?;
        Ok(Server { child, addr })
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let target = Target {
            name: "readyz".into(),
            path: "/readyz".into(),
            auth: None,
        };
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!("the server stopped at start ({status})");
            }
            if get_once(self.addr, &target).await.is_ok() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("the server was not ready (/readyz) within a minute")
    }

    /// A line of /proc/PID/status in kB (Linux only).
    fn memory(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Resets the peak RSS (VmHWM) to the current RSS (Linux only).
    fn reset_peak(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5");
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

type Sender = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

async fn connect(addr: SocketAddr) -> anyhow::Result<Sender> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// What came back: the status, and the body's length and lines, read to the end.
struct Answer {
    status: u16,
    bytes: u64,
    lines: usize,
}

async fn request(sender: &mut Sender, addr: SocketAddr, target: &Target) -> anyhow::Result<Answer> {
    let mut req = hyper::Request::get(target.path.as_str()).header("host", addr.to_string());
    if let Some((name, value)) = &target.auth {
        req = req.header(*name, value);
    }
    sender.ready().await?;
    let res = sender.send_request(req.body(Empty::new())?).await?;
    let status = res.status().as_u16();
    let mut body = res.into_body();
    let (mut bytes, mut lines) = (0u64, 0usize);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            bytes += data.len() as u64;
            lines += data.iter().filter(|&&b| b == b'\n').count();
        }
    }
    Ok(Answer {
        status,
        bytes,
        lines,
    })
}

async fn get_once(addr: SocketAddr, target: &Target) -> anyhow::Result<Answer> {
    let mut sender = connect(addr).await?;
    request(&mut sender, addr, target).await
}

/// Loads `target` from `connections` connections for `duration` (closed loop: each
/// connection sends its next request when the previous answer is read).
pub async fn load_target(
    addr: SocketAddr,
    target: &Target,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Measured> {
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections.max(1) {
        let target = Target {
            name: target.name.clone(),
            path: target.path.clone(),
            auth: target.auth.clone(),
        };
        tasks.push(tokio::spawn(async move {
            let mut sender = connect(addr).await?;
            let mut latencies = Vec::new();
            let (mut errors, mut bytes) = (0usize, 0u64);
            let mut first_error = None;
            while Instant::now() < deadline {
                let t = Instant::now();
                match request(&mut sender, addr, &target).await {
                    Ok(answer) if answer.status == 200 => {
                        latencies.push(t.elapsed());
                        bytes += answer.bytes;
                    }
                    Ok(answer) => {
                        errors += 1;
                        first_error.get_or_insert(format!("status {}", answer.status));
                    }
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e.to_string());
                        sender = connect(addr).await?;
                    }
                }
            }
            anyhow::Ok((latencies, errors, first_error, bytes))
        }));
    }
    let mut measured = Measured {
        name: target.name.clone(),
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
        errors: 0,
        first_error: None,
        bytes: 0,
    };
    for task in tasks {
        let (latencies, errors, first_error, bytes) = task.await??;
        measured.latencies.extend(latencies);
        measured.errors += errors;
        measured.first_error = measured.first_error.or(first_error);
        measured.bytes += bytes;
    }
    measured.elapsed = start.elapsed();
    measured.latencies.sort_unstable();
    Ok(measured)
}

/// `count` requests one after the other on one connection.
/// Returns the measures and the lines of the last answer.
async fn load_count(
    addr: SocketAddr,
    target: &Target,
    count: usize,
) -> anyhow::Result<(Measured, usize)> {
    let start = Instant::now();
    let mut sender = connect(addr).await?;
    let mut measured = Measured {
        name: target.name.clone(),
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
        errors: 0,
        first_error: None,
        bytes: 0,
    };
    let mut lines = 0;
    for _ in 0..count.max(1) {
        let t = Instant::now();
        let answer = request(&mut sender, addr, target).await?;
        anyhow::ensure!(
            answer.status == 200,
            "{}: status {}",
            target.name,
            answer.status
        );
        measured.latencies.push(t.elapsed());
        measured.bytes += answer.bytes;
        lines = answer.lines;
    }
    measured.elapsed = start.elapsed();
    measured.latencies.sort_unstable();
    Ok((measured, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let m = Measured {
            name: "x".into(),
            latencies: (1..=100).map(Duration::from_millis).collect(),
            elapsed: Duration::from_secs(2),
            errors: 0,
            first_error: None,
            bytes: 0,
        };
        assert_eq!(m.percentile(50.0), Duration::from_millis(50));
        assert_eq!(m.percentile(95.0), Duration::from_millis(95));
        assert_eq!(m.percentile(100.0), Duration::from_millis(100));
        assert_eq!(m.requests_per_second(), 50.0);
    }
}
