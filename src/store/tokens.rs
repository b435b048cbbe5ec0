//! Personal API tokens: stored as a SHA-256, each with an end, all revoked with the owner's
//! password.

use super::sessions::Session;
use super::{Store, now};
use crate::auth::secret_hash;
use crate::error::{Error, Msg, Result};

/// What token secrets start with, so that they are recognised (and found by secret scanners).
pub const TOKEN_PREFIX: &str = "cc_";

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl Store {
    /// Stores a new token for `user_id`; the caller hands `secret` to the user once.
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        secret: &str,
        expires_at: &str,
    ) -> Result<ApiToken> {
        let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
        let taken: (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND lower(name) = lower($2) \
             AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(name)
        .fetch_one(&self.pool)
        .await?;
        if taken.0 > 0 {
            return Err(Error::invalid("name", Msg::new("token-name-taken")));
        }
        Ok(sqlx::query_as(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, name, prefix, created_at, expires_at, last_used_at, revoked_at",
        )
        .bind(user_id)
        .bind(name)
        .bind(secret_hash(secret))
        .bind(prefix)
        .bind(now())
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as(
            "SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at \
             FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes one of the user's tokens; `false` if it is not theirs or already revoked.
    pub async fn revoke_api_token(&self, user_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 \
             AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The owner of a live token (an active account's), noting when it was used.
    pub async fn api_token_session(&self, secret: &str) -> Result<Option<Session>> {
        let stamp = now();
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT t.id, t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL \
             AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.deactivated_at IS NULL",
        )
        .bind(secret_hash(secret))
        .bind(&stamp)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, user_id)) = row else {
            return Ok(None);
        };
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(&stamp)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(self.user(user_id).await?.map(|user| Session {
            user,
            csrf_token: String::new(),
            unread: 0,
            api_token: Some(id),
        }))
    }
}

/// Revokes every live token of the user, on the caller's connection so that it joins their
/// transaction (a password change: whoever knew the old password may have made one).
pub(super) async fn revoke_all_on(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
