//! Failed logins, for throttling: see `domain::throttle` for the rules.

use super::Store;
use crate::domain::throttle::{
    Failures, PER_ACCOUNT, PER_ACCOUNT_AND_ADDRESS, PER_ADDRESS, WINDOW_SECONDS,
};
use crate::error::Result;

/// Failures kept at all: a day is far more than the window, and then they go.
const KEEP_SECONDS: i64 = 24 * 60 * 60;

impl Store {
    /// The failures of the window before `now` for the account, the address and both,
    /// each oldest first and no more than its limit needs.
    pub async fn login_failures(&self, account: &str, address: &str, now: i64) -> Result<Failures> {
        let since = now - WINDOW_SECONDS;
        // Parameters appear in the order they are bound: SQLite numbers them as they come.
        let by_account_and_address = self
            .recent_failures(
                "SELECT at_unix FROM login_failures WHERE account = $1 AND address = $2 \
                 AND at_unix > $3 ORDER BY at_unix DESC LIMIT $4",
                &[account, address],
                since,
                PER_ACCOUNT_AND_ADDRESS,
            )
            .await?;
        let by_address = self
            .recent_failures(
                "SELECT at_unix FROM login_failures WHERE address = $1 AND at_unix > $2 \
                 ORDER BY at_unix DESC LIMIT $3",
                &[address],
                since,
                PER_ADDRESS,
            )
            .await?;
        let by_account = self
            .recent_failures(
                "SELECT at_unix FROM login_failures WHERE account = $1 AND at_unix > $2 \
                 ORDER BY at_unix DESC LIMIT $3",
                &[account],
                since,
                PER_ACCOUNT,
            )
            .await?;
        Ok(Failures {
            account_and_address: by_account_and_address,
            address: by_address,
            account: by_account,
        })
    }

    /// The newest `limit` failure times the query finds, oldest first.
    async fn recent_failures(
        &self,
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
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|(t,)| t)
            .collect();
        times.reverse();
        Ok(times)
    }

    pub async fn record_login_failure(&self, account: &str, address: &str, now: i64) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (account, address, at_unix) VALUES ($1, $2, $3)")
            .bind(account)
            .bind(address)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// After a successful login: the failures of that account from that address are forgiven.
    pub async fn forget_login_failures(&self, account: &str, address: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE account = $1 AND address = $2")
            .bind(account)
            .bind(address)
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
