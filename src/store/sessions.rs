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
    /// The user's unread notifications when the session was looked up.
    pub unread: i64,
    /// The personal API token the request came with (`None`: a login session), so that what
    /// only a login may do (making tokens) can tell.
    pub api_token: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: super::users::PackedUserRow,
    csrf_token: String,
    unread: i64,
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
        // The session, its user with their scopes, and their unread notifications: one
        // query, since every request asks.
        let sql = format!(
            "SELECT {}, s.csrf_token, (SELECT COUNT(*) FROM notifications n \
               WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3 \
             AND u.deactivated_at IS NULL",
            super::users::packed_user_columns(self.backend)
        );
        let row: Option<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(secret_hash(token))
            .bind(kind.as_str())
            .bind(now())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Session {
                user: r.user.into_user()?,
                csrf_token: r.csrf_token,
                unread: r.unread,
                api_token: None,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(secret_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of the user (web and API logins), but the one of `keep`, if given.
    /// Personal API tokens are not sessions: a logout leaves them, a password change revokes
    /// them too (`end_sessions_and_tokens_on`).
    pub async fn end_sessions(&self, user_id: i64, keep: Option<&str>) -> Result<u64> {
        let mut conn = self.pool.acquire().await?;
        end_sessions_on(&mut conn, user_id, keep).await
    }

    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

/// What ending a user's credentials ended, for the audit entry.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub(super) struct Ended {
    pub sessions_ended: u64,
    pub tokens_revoked: u64,
}

/// Every session of the user but `keep`, and every personal API token: what a new password
/// (or a reset, or a deactivation) must end, on the caller's transaction.
pub(super) async fn end_sessions_and_tokens_on(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<Ended> {
    let sessions_ended = end_sessions_on(conn, user_id, keep).await?;
    let tokens_revoked = super::tokens::revoke_all_on(conn, user_id).await?;
    Ok(Ended {
        sessions_ended,
        tokens_revoked,
    })
}

/// `Store::end_sessions` on a connection of the caller's, so it can join their transaction.
pub(super) async fn end_sessions_on(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.map(secret_hash).unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
