//! All SQL lives here, one module per aggregate. Queries go through `sqlx::Any` with
//! portable SQL (`$n` parameters, text timestamps, integer flags), so the same store serves
//! SQLite today and PostgreSQL later without touching a handler.

pub mod annual_reports;
pub mod assessment_view;
pub mod assessments;
pub mod audit;
pub mod bulk;
pub mod certificates;
pub mod criteria;
pub mod dashboard;
pub mod evidence;
pub mod export;
pub mod findings;
pub mod notifications;
pub mod org;
pub mod procedures;
pub mod results;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod training;
pub mod transfer;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{Error, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connections per instance unless set (`CODECHECK_DB_MAX_CONNECTIONS`).
pub const DEFAULT_MAX_CONNECTIONS: u32 = 8;

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Whether notifications also queue an e-mail (a mailer is configured).
    email_outbox: bool,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens the database named by `url`, creating a SQLite file if it is missing.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        Store::connect_with(url, DEFAULT_MAX_CONNECTIONS).await
    }

    /// Opens the database with at most `max_connections` in the pool (per instance: on
    /// PostgreSQL, instances × this must stay under the server's `max_connections`).
    pub async fn connect_with(url: &str, max_connections: u32) -> anyhow::Result<Store> {
        anyhow::ensure!(
            (1..=1000).contains(&max_connections),
            "the pool size must be from 1 to 1000, not {max_connections}"
        );
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            (Backend::Sqlite, sqlite_url_with_create(url))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://, got {url:?}");
        };
        let options = AnyConnectOptions::from_str(&url)
            .with_context(|| format!("invalid DATABASE_URL {url:?}"))?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            // Fail fast when the database is away: a request waits at most this long for a
            // connection, then gets a 503.
            .acquire_timeout(Duration::from_secs(3))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            conn.execute(
                                "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
                                 PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; \
                                 PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                            )
                            .await?;
                        }
                        // A statement that runs away is stopped rather than holding a
                        // connection of the pool.
                        Backend::Postgres => {
                            conn.execute("SET statement_timeout = '20s'").await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {url:?}"))?;
        Ok(Store {
            pool,
            backend,
            email_outbox: false,
        })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS
                .run(&self.pool)
                .await
                .context("applying the database migrations failed")?,
            Backend::Postgres => POSTGRES_MIGRATIONS
                .run(&self.pool)
                .await
                .context("applying the database migrations failed")?,
        }
        self.fill_search_names()
            .await
            .context("filling in the names searches compare")?;
        Ok(())
    }

    /// A transaction that writes. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a transaction that read first and wrote later could otherwise fail when
    /// another one committed in between; this way concurrent writers wait their turn.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, Error> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// From now on, notifications queue an e-mail for users who want one.
    pub fn enable_email_outbox(&mut self) {
        self.email_outbox = true;
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool now: (connections open, of which idle, the limit).
    pub fn pool_usage(&self) -> (u32, usize, u32) {
        (
            self.pool.size(),
            self.pool.num_idle(),
            self.pool.options().get_max_connections(),
        )
    }

    /// Migrations of this build not applied to the database (0 once `migrate` has run).
    pub async fn pending_migrations(&self) -> Result<usize, Error> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let applied: Vec<(i64,)> =
            sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await?;
        Ok(migrator
            .iter()
            .filter(|m| !applied.iter().any(|(v,)| *v == m.version))
            .count())
    }

    pub async fn ping(&self) -> Result<(), Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// SQLite's journal mode and foreign-key switch, as the connections see them.
    pub async fn sqlite_pragmas(&self) -> Result<(String, i64), Error> {
        let mut conn = self.pool.acquire().await?;
        let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await?;
        let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await?;
        Ok((journal, fk))
    }

    /// A consistent copy of the SQLite database at `out` (`VACUUM INTO`: safe while others
    /// read and write).
    pub async fn backup_to(&self, out: &std::path::Path) -> Result<(), Error> {
        let path = out
            .to_str()
            .ok_or_else(|| anyhow::anyhow!("the backup path is not UTF-8"))?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Appended to a `SELECT` of one row inside a write transaction: PostgreSQL then holds the
/// row until the transaction ends, so two transitions of one assessment (say, two approvals
/// through two instances) run one after the other and the second sees the first. SQLite's
/// write transactions (`BEGIN IMMEDIATE`) already run one at a time.
pub(crate) fn lock_row(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    }
}

/// Appended to a `SELECT` of work to claim: on PostgreSQL, rows that another transaction has
/// locked are left to it instead of waited for (a job queue several instances drain).
pub(crate) fn skip_locked(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    }
}

/// A query that returns all its rows packed into one JSON array of arrays, with `columns`
/// in order: thousands of rows then cross from the database to the app as one value instead
/// of one hand-over each (on SQLite, every row otherwise wakes the async side once).
/// Decode with [`unpack`] into a struct whose fields follow `columns`.
pub(crate) fn packed_select(backend: Backend, columns: &[&str], rest: &str) -> String {
    let list = columns.join(", ");
    match backend {
        Backend::Sqlite => format!("SELECT json_group_array(json_array({list})) {rest}"),
        Backend::Postgres => {
            format!("SELECT COALESCE(json_agg(json_build_array({list})), '[]')::text {rest}")
        }
    }
}

/// A scalar subquery that packs the values of `expr` over `rest` (`FROM ... WHERE ...
/// ORDER BY ...`) into one JSON array, in order: a list beside a row in the same query.
pub(crate) fn packed_list(backend: Backend, expr: &str, rest: &str) -> String {
    match backend {
        Backend::Sqlite => {
            format!("(SELECT json_group_array(packed.x) FROM (SELECT {expr} AS x {rest}) packed)")
        }
        Backend::Postgres => format!(
            "(SELECT COALESCE(json_agg(packed.x), '[]')::text FROM (SELECT {expr} AS x {rest}) packed)"
        ),
    }
}

/// A scalar subquery that packs the rows of `SELECT columns rest` into one JSON array of
/// arrays: several lists beside a row, all in one query. Decode with [`unpack`].
pub(crate) fn packed_rows(backend: Backend, columns: &[&str], rest: &str) -> String {
    let list = columns.join(", ");
    match backend {
        Backend::Sqlite => format!(
            "(SELECT json_group_array(json(packed.x)) FROM (SELECT json_array({list}) AS x {rest}) packed)"
        ),
        Backend::Postgres => format!(
            "(SELECT COALESCE(json_agg(packed.x), '[]')::text FROM (SELECT json_build_array({list}) AS x {rest}) packed)"
        ),
    }
}

/// One row's `columns` as a JSON array, for the select list of a query over that row.
pub(crate) fn packed_row(backend: Backend, columns: &[&str]) -> String {
    let list = columns.join(", ");
    match backend {
        Backend::Sqlite => format!("json_array({list})"),
        Backend::Postgres => format!("json_build_array({list})::text"),
    }
}

/// The rows of a [`packed_select`].
pub(crate) fn unpack<T: serde::de::DeserializeOwned>(packed: &str) -> Result<Vec<T>, Error> {
    serde_json::from_str(packed)
        .map_err(|e| anyhow::anyhow!("packed rows do not decode: {e}").into())
}

/// That the SQLite file at `path` is an intact database of this app (opened read-only, as
/// is: no migration, no setting changed).
pub async fn check_sqlite_backup(path: &std::path::Path) -> anyhow::Result<()> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .context("it cannot be opened as a database")?;
    let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .context("it is not a database")?;
    anyhow::ensure!(integrity == "ok", "the integrity check says: {integrity}");
    let (applied,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .context("it has no codecheck migrations")?;
    anyhow::ensure!(applied > 0, "it has no codecheck migrations");
    sqlx::query("SELECT 1 FROM users LIMIT 1")
        .fetch_optional(&mut conn)
        .await
        .context("it has no users table")?;
    conn.close().await?;
    Ok(())
}

/// `sqlite://codecheck.db` becomes `sqlite://codecheck.db?mode=rwc` so the file is created.
fn sqlite_url_with_create(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Now, in the text form every timestamp column uses (`2026-11-23T12:00:00Z`).
pub fn now() -> String {
    format_timestamp(OffsetDateTime::now_utc())
}

pub fn format_timestamp(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Turns a unique-constraint violation into a 409 with `msg`; other errors pass through.
fn unique_conflict(e: sqlx::Error, msg: &'static str) -> Error {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => Error::Conflict(Msg::new(msg)),
        _ => Error::Database(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(
            sqlite_url_with_create("sqlite://codecheck.db"),
            "sqlite://codecheck.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_with_create("sqlite://x.db?cache=shared"),
            "sqlite://x.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            sqlite_url_with_create("sqlite://x.db?mode=ro"),
            "sqlite://x.db?mode=ro"
        );
    }
}
