//! Failed logins, for throttling: see `domain::throttle` for the rules. A row is a login
//! attempt that has not succeeded: it is written before the password is checked, in the
//! transaction that counted, and deleted when the password was right.

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::{Backend, Store};
use crate::domain::throttle::{
    Failures, PER_ACCOUNT, PER_ACCOUNT_AND_ADDRESS, PER_ADDRESS, WINDOW_SECONDS,
};
use crate::error::Result;

/// Failures kept at all: a day is far more than the window, and then they go.
const KEEP_SECONDS: i64 = 24 * 60 * 60;

/// A login attempt's place among the failures, taken before its password is checked. Left
/// alone it stays a failure (a wrong password, or a request that never finished); a success
/// and a refusal for lack of capacity settle it.
#[derive(Debug)]
#[must_use = "a reserved attempt counts as a failure until it is settled"]
pub struct LoginSlot {
    id: i64,
    account: String,
    address: String,
}

impl Store {
    /// Counts the failures of the window and, if `domain::throttle` lets the attempt through,
    /// records it as one, in one transaction that concurrent attempts on the same account or
    /// from the same address wait for (on every instance: the lock is the database's). `Err`
    /// holds the seconds to wait.
    pub async fn reserve_login_attempt(
        &self,
        account: &str,
        address: &str,
        now: i64,
    ) -> Result<std::result::Result<LoginSlot, u64>> {
        let mut tx = self.write_tx().await?;
        if self.backend == Backend::Postgres {
            // SQLite's write transaction already runs alone. On PostgreSQL, one lock per account
            // and one per address, taken in the order of their keys so that two attempts never
            // hold one each while waiting for the other's.
            let mut keys = [lock_key("account", account), lock_key("address", address)];
            keys.sort_unstable();
            for key in keys {
                // The count makes a value the Any driver can read (the lock itself returns void).
                sqlx::query("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?;
            }
        }
        let failures = failures_of_window(&mut tx, account, address, now).await?;
        if let Some(retry_after) = crate::domain::throttle::wait(&failures, now) {
            return Ok(Err(retry_after));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO login_failures (account, address, at_unix) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(account)
        .bind(address)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(LoginSlot {
            id,
            account: account.to_owned(),
            address: address.to_owned(),
        }))
    }

    /// The password was right: the attempt and the failures of that account from that address
    /// before it are forgiven (attempts reserved after it, still being checked, stay).
    pub async fn login_succeeded(&self, slot: LoginSlot) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE account = $1 AND address = $2 AND id <= $3")
            .bind(&slot.account)
            .bind(&slot.address)
            .bind(slot.id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// No password was checked (the server was too busy to): the attempt does not count.
    pub async fn release_login_attempt(&self, slot: LoginSlot) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = $1")
            .bind(slot.id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A failure at `now` that no attempt reserved: how tests set up failures of the past.
    pub async fn record_login_failure(&self, account: &str, address: &str, now: i64) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (account, address, at_unix) VALUES ($1, $2, $3)")
            .bind(account)
            .bind(address)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes failures older than a day; returns how many.
    pub async fn purge_login_failures(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM login_failures WHERE at_unix < $1")
            .bind(now - KEEP_SECONDS)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}

/// The advisory lock key of one account or address: the first 8 bytes of a SHA-256, so
/// that keys collide no more often than chance (a collision only makes two attempts wait
/// for each other).
fn lock_key(kind: &str, value: &str) -> i64 {
    let digest = Sha256::digest(format!("codecheck login throttle\0{kind}\0{value}"));
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// The failures of the window before `now` for the account, the address and both, each
/// oldest first and no more than its limit needs.
async fn failures_of_window(
    conn: &mut AnyConnection,
    account: &str,
    address: &str,
    now: i64,
) -> Result<Failures> {
    let since = now - WINDOW_SECONDS;
    // Parameters appear in the order they are bound: SQLite numbers them as they come.
    let account_and_address = recent_failures(
        conn,
        "SELECT at_unix FROM login_failures WHERE account = $1 AND address = $2 \
         AND at_unix > $3 ORDER BY at_unix DESC LIMIT $4",
        &[account, address],
        since,
        PER_ACCOUNT_AND_ADDRESS,
    )
    .await?;
    let address = recent_failures(
        conn,
        "SELECT at_unix FROM login_failures WHERE address = $1 AND at_unix > $2 \
         ORDER BY at_unix DESC LIMIT $3",
        &[address],
        since,
        PER_ADDRESS,
    )
    .await?;
    let account = recent_failures(
        conn,
        "SELECT at_unix FROM login_failures WHERE account = $1 AND at_unix > $2 \
         ORDER BY at_unix DESC LIMIT $3",
        &[account],
        since,
        PER_ACCOUNT,
    )
    .await?;
    Ok(Failures {
        account_and_address,
        address,
        account,
    })
}

/// The newest `limit` failure times the query finds, oldest first.
async fn recent_failures(
    conn: &mut AnyConnection,
    sql: &'static str,
    keys: &[&str],
    since: i64,
    limit: usize,
) -> Result<Vec<i64>> {
    let mut query = sqlx::query_as::<_, (i64,)>(sql);
    for key in keys {
        query = query.bind(*key);
    }
    let mut times: Vec<i64> = query
        .bind(since)
        .bind(limit as i64)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(t,)| t)
        .collect();
    times.reverse();
    Ok(times)
}
