//! Sessions of the web pages and bearer tokens of the API, kept in the database so that any
//! instance can serve any request. The secret goes to the client; its SHA-256 stays here.

use time::{Duration, OffsetDateTime};

use super::{Store, format_timestamp, now};
use crate::auth::{new_secret, secret_hash};
use crate::error::Result;
use crate::store::users::User;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Web,
    Api,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            SessionKind::Web => Duration::hours(12),
            SessionKind::Api => Duration::days(30),
        }
    }
}

/// A new session: the secret to hand to the client and its form token.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

/// The user behind a valid session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
}

impl Store {
    pub async fn create_session(&self, user_id: i64, kind: SessionKind) -> Result<NewSession> {
        let token = new_secret();
        let csrf_token = new_secret();
        let expires = format_timestamp(OffsetDateTime::now_utc() + kind.lifetime());
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret_hash(&token))
        .bind(user_id)
        .bind(kind.as_str())
        .bind(&csrf_token)
        .bind(now())
        .bind(expires)
        .execute(&self.pool)
        .await?;
        Ok(NewSession { token, csrf_token })
    }

    /// The session for `token` if it exists, is of `kind` and has not expired.
    pub async fn session(&self, token: &str, kind: SessionKind) -> Result<Option<Session>> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT user_id, csrf_token FROM sessions \
             WHERE token_hash = $1 AND kind = $2 AND expires_at > $3",
        )
        .bind(secret_hash(token))
        .bind(kind.as_str())
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        let Some((user_id, csrf_token)) = row else {
            return Ok(None);
        };
        Ok(self
            .user(user_id)
            .await?
            .map(|user| Session { user, csrf_token }))
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(secret_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
