//! Settings from the command line and the environment, documented in `--help` and the README.

use std::path::PathBuf;

use clap::Args;

/// Where the app keeps its data. Each setting has a flag and an environment variable.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: sqlite://FILE (created if missing) or postgres://...
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://codecheck.db",
        global = true
    )]
    pub database_url: String,

    /// Directory of the criteria files (one sub-folder per version).
    #[arg(
        long,
        env = "CODECHECK_CRITERIA_DIR",
        default_value = "./criteria",
        global = true
    )]
    pub criteria_dir: PathBuf,

    /// Directory for files the app keeps (evidence, signing keys).
    #[arg(
        long,
        env = "CODECHECK_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Public base URL of the app, used in links (https:// turns on Secure cookies).
    #[arg(
        long,
        env = "CODECHECK_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080",
        global = true
    )]
    pub public_url: String,

    /// Largest evidence file accepted, in megabytes.
    #[arg(
        long,
        env = "CODECHECK_MAX_UPLOAD_MB",
        default_value_t = 20,
        global = true
    )]
    pub max_upload_mb: usize,

    /// The Ed25519 key that signs certificates (created on first start; default
    /// DATA_DIR/signing.key). Instances behind one load balancer share the same file.
    #[arg(long, env = "CODECHECK_SIGNING_KEY", global = true)]
    pub signing_key: Option<PathBuf>,

    /// SMTP server for notification e-mails, e.g. smtp://user:pass@host:587?tls=required.
    /// Without it, notifications stay in the app (the demo writes e-mails to the log).
    #[arg(long, env = "CODECHECK_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// Database connections this instance keeps at most. A request that finds them all busy
    /// for 3 s gets a 503.
    #[arg(
        long,
        env = "CODECHECK_DB_MAX_CONNECTIONS",
        default_value_t = crate::store::DEFAULT_MAX_CONNECTIONS,
        global = true
    )]
    pub db_max_connections: u32,

    /// Where evidence files are kept: `directory` (under DATA_DIR/evidence) or `database`.
    /// Default: the directory on SQLite, the database on PostgreSQL (so that several
    /// instances share them).
    #[arg(long, env = "CODECHECK_EVIDENCE_STORE", global = true)]
    pub evidence_store: Option<String>,

    /// Reverse proxies (load balancers) in front of the app that append the client's address to
    /// `X-Forwarded-For`; 0 when clients connect directly. Login throttling counts by address.
    #[arg(
        long,
        env = "CODECHECK_TRUSTED_PROXIES",
        default_value_t = 0,
        global = true
    )]
    pub trusted_proxies: usize,

    /// Bearer token that opens `/metrics` (Prometheus). Without it, `/metrics` answers 404.
    #[arg(
        long,
        env = "CODECHECK_METRICS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,

    /// Seconds a request may take, body included, before it is answered 408 and its work
    /// dropped (a transaction in progress rolls back whole).
    #[arg(
        long,
        env = "CODECHECK_REQUEST_TIMEOUT",
        default_value_t = DEFAULT_REQUEST_TIMEOUT_SECS,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        global = true
    )]
    pub request_timeout_secs: u64,

    /// Seconds a client has to send a request's headers, counted from when the server starts
    /// waiting for them (on connecting, and after each answer on a kept-alive connection); then
    /// the connection is closed. The request timeout only starts once the headers are in.
    #[arg(
        long,
        env = "CODECHECK_HEADER_TIMEOUT",
        default_value_t = DEFAULT_HEADER_TIMEOUT_SECS,
        value_parser = clap::value_parser!(u64).range(1..=300),
        global = true
    )]
    pub header_timeout_secs: u64,

    /// Client connections this instance keeps open at most. Beyond it, new connections are not
    /// accepted: they wait in the system's listen queue until an open one closes.
    #[arg(
        long,
        env = "CODECHECK_MAX_CONNECTIONS",
        default_value_t = DEFAULT_MAX_CLIENT_CONNECTIONS,
        value_parser = clap::value_parser!(u32).range(1..=1_000_000),
        global = true
    )]
    pub max_connections: u32,

    /// Sender of notification e-mails.
    #[arg(
        long,
        env = "CODECHECK_MAIL_FROM",
        default_value = "codecheck <no-reply@localhost>",
        global = true
    )]
    pub mail_from: String,
}

/// How long a request may take by default.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 30;

/// How long a client has to send its headers by default: a browser sends them at once; a
/// client that takes longer is holding a connection, not making a request.
pub const DEFAULT_HEADER_TIMEOUT_SECS: u64 = 10;

/// Open connections per instance by default: far more than the requests the database pool
/// lets run at once, and far under the usual limit of 65,536 descriptors (`ulimit -n`; raise it
/// above this setting, since the app also needs descriptors for its database and files).
pub const DEFAULT_MAX_CLIENT_CONNECTIONS: u32 = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceStore {
    Directory,
    Database,
}

impl Settings {
    /// The evidence store set, or the backend's default.
    pub fn evidence_store(&self) -> anyhow::Result<EvidenceStore> {
        match self.evidence_store.as_deref().map(str::trim) {
            Some("database") => Ok(EvidenceStore::Database),
            Some("directory") => Ok(EvidenceStore::Directory),
            None | Some("") if self.database_url.starts_with("postgres") => {
                Ok(EvidenceStore::Database)
            }
            None | Some("") => Ok(EvidenceStore::Directory),
            Some(other) => anyhow::bail!(
                "CODECHECK_EVIDENCE_STORE must be directory or database, not {other:?}"
            ),
        }
    }

    pub fn signing_key_path(&self) -> PathBuf {
        self.signing_key
            .clone()
            .unwrap_or_else(|| self.data_dir.join("signing.key"))
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
