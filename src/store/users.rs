//! User accounts, their role and scope nodes, and their language.

use serde::Serialize;

use super::{Store, now, unique_conflict};
use crate::domain::{Email, Lang, Principal, Role, Visibility};
use crate::error::{Error, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    role: String,
    language: Option<String>,
    created_at: String,
    deactivated_at: Option<String>,
    last_login_at: Option<String>,
}

/// Whether an e-mail address is someone's, as far as a caller may know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailHolder {
    /// A user the caller may see (`list_users` lists them).
    Visible,
    /// A user outside the caller's reach: that they exist is not the caller's to know.
    Elsewhere,
}

/// The users `$1` may see under `Visibility::Subtree`: those with a scope inside theirs.
const SUBTREE_USERS: &str = "SELECT s.user_id FROM user_scopes s JOIN org_nodes n ON n.id = s.node_id \
     WHERE EXISTS (SELECT 1 FROM user_scopes mine WHERE mine.user_id = $1 \
       AND (mine.node_id = n.id OR mine.node_id = n.parent_id OR mine.node_id = n.company_id))";

/// A user with the scope nodes their role applies to (first one first).
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub language: Option<Lang>,
    pub scopes: Vec<i64>,
    pub created_at: String,
    /// When the account was deactivated; `None` while it is active.
    pub deactivated_at: Option<String>,
    /// When the user last logged in; `None` if never.
    pub last_login_at: Option<String>,
}

impl User {
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            role: self.role,
            scopes: self.scopes.clone(),
        }
    }

    /// The scope shown as `scope_id` in the API: the first one.
    pub fn scope_id(&self) -> Option<i64> {
        self.scopes.first().copied()
    }
}

pub struct NewUser<'a> {
    pub email: &'a Email,
    pub password_hash: String,
    pub role: Role,
    pub scopes: &'a [i64],
    pub language: Option<Lang>,
}

const USER_COLUMNS: &str = "id, email, role, language, created_at, deactivated_at, last_login_at";

/// A user's columns with their scopes packed into one value, for `FROM users u`: one
/// query instead of two on every request.
pub(super) fn packed_user_columns(backend: super::Backend) -> String {
    format!(
        "u.id, u.email, u.role, u.language, u.created_at, u.deactivated_at, u.last_login_at, \
         {} AS scopes",
        super::packed_list(
            backend,
            "us.node_id",
            "FROM user_scopes us WHERE us.user_id = u.id ORDER BY us.position"
        )
    )
}

#[derive(sqlx::FromRow)]
pub(super) struct PackedUserRow {
    id: i64,
    email: String,
    role: String,
    language: Option<String>,
    created_at: String,
    deactivated_at: Option<String>,
    last_login_at: Option<String>,
    scopes: String,
}

impl PackedUserRow {
    pub(super) fn into_user(self) -> Result<User> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| anyhow::anyhow!("user {} has unknown role {:?}", self.id, self.role))?;
        Ok(User {
            id: self.id,
            email: self.email,
            role,
            language: self.language.as_deref().and_then(Lang::parse),
            scopes: super::unpack(&self.scopes)?,
            created_at: self.created_at,
            deactivated_at: self.deactivated_at,
            last_login_at: self.last_login_at,
        })
    }
}

impl Store {
    async fn finish_user(&self, row: UserRow) -> Result<User> {
        let scopes: Vec<(i64,)> =
            sqlx::query_as("SELECT node_id FROM user_scopes WHERE user_id = $1 ORDER BY position")
                .bind(row.id)
                .fetch_all(&self.pool)
                .await?;
        let role = Role::parse(&row.role)
            .ok_or_else(|| anyhow::anyhow!("user {} has unknown role {:?}", row.id, row.role))?;
        Ok(User {
            id: row.id,
            email: row.email,
            role,
            language: row.language.as_deref().and_then(Lang::parse),
            scopes: scopes.into_iter().map(|(id,)| id).collect(),
            created_at: row.created_at,
            deactivated_at: row.deactivated_at,
            last_login_at: row.last_login_at,
        })
    }

    /// Creates the user and their scopes in one transaction.
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let sql = format!(
            "INSERT INTO users (email, password_hash, role, language, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {USER_COLUMNS}"
        );
        let row: UserRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(new.email.as_str())
            .bind(&new.password_hash)
            .bind(new.role.as_str())
            .bind(new.language.map(|l| l.code()))
            .bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| unique_conflict(e, "duplicate-email"))?;
        for (position, node) in new.scopes.iter().enumerate() {
            sqlx::query("INSERT INTO user_scopes (user_id, node_id, position) VALUES ($1, $2, $3)")
                .bind(row.id)
                .bind(node)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
        }
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: None,
                action: "user.created",
                object_type: "user",
                object_id: row.id.to_string(),
                site_id: None,
                assessment_id: None,
                before: None,
                after: Some(serde_json::json!({
                    "email": row.email,
                    "role": row.role,
                    "scopes": new.scopes,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        self.finish_user(row).await
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        let sql = format!(
            "SELECT {} FROM users u WHERE u.id = $1",
            packed_user_columns(self.backend)
        );
        let row: Option<PackedUserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(PackedUserRow::into_user).transpose()
    }

    /// The user id and password hash for a login attempt; none for a deactivated account,
    /// which then fails as an unknown one does.
    pub async fn credentials(&self, email: &str) -> Result<Option<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, password_hash FROM users WHERE email = $1 AND deactivated_at IS NULL",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Notes that the user just logged in.
    pub async fn note_login(&self, user_id: i64) -> Result<()> {
        sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
            .bind(now())
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn set_language(&self, user_id: i64, lang: Lang) -> Result<()> {
        let done = sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(lang.code())
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound);
        }
        Ok(())
    }

    pub async fn count_users(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// Users the caller may see: all for the admin; for a company admin, the users whose
    /// scopes lie inside the admin's subtree.
    pub async fn list_users(&self, vis: Visibility) -> Result<Vec<User>> {
        let (sql, user) = match vis {
            Visibility::All => (
                format!("SELECT {USER_COLUMNS} FROM users WHERE $1 = $1 ORDER BY email"),
                0,
            ),
            Visibility::Subtree(me) => (
                format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE id IN ({SUBTREE_USERS}) ORDER BY email"
                ),
                me,
            ),
            Visibility::Companies(me) => (
                format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"),
                me,
            ),
        };
        let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(user)
            .fetch_all(&self.pool)
            .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            users.push(self.finish_user(row).await?);
        }
        Ok(users)
    }
}

impl Store {
    /// Whether `email` is a user's, and whether `vis` lets the caller see that user (as
    /// `list_users` would list them).
    pub async fn email_holder(
        &self,
        email: &Email,
        vis: Visibility,
    ) -> Result<Option<EmailHolder>> {
        let holder: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some((id,)) = holder else {
            return Ok(None);
        };
        let visible = match vis {
            Visibility::All => true,
            Visibility::Companies(me) => id == me,
            Visibility::Subtree(me) => {
                let sql = format!("SELECT COUNT(*) FROM ({SUBTREE_USERS}) v WHERE v.user_id = $2");
                let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(me)
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?;
                n > 0
            }
        };
        Ok(Some(if visible {
            EmailHolder::Visible
        } else {
            EmailHolder::Elsewhere
        }))
    }

    /// Adds `company_id` to an auditor's companies; `false` if it was already there.
    pub async fn assign_auditor(&self, user_id: i64, company_id: i64) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let (present,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM user_scopes WHERE user_id = $1 AND node_id = $2")
                .bind(user_id)
                .bind(company_id)
                .fetch_one(&mut *tx)
                .await?;
        if present > 0 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO user_scopes (user_id, node_id, position) \
             SELECT $1, $2, COALESCE(MAX(position), -1) + 1 FROM user_scopes WHERE user_id = $1",
        )
        .bind(user_id)
        .bind(company_id)
        .execute(&mut *tx)
        .await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: None,
                action: "auditor.assigned",
                object_type: "user",
                object_id: user_id.to_string(),
                site_id: None,
                assessment_id: None,
                before: None,
                after: Some(serde_json::json!({ "company_id": company_id })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Sets a new password hash, ends the user's other sessions and revokes all their API
    /// tokens, in one transaction: the audit entry says how many of each.
    pub async fn change_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let ended =
            super::sessions::end_sessions_and_tokens_on(&mut tx, user_id, keep_session).await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(user_id),
                action: "password.changed",
                object_type: "user",
                object_id: user_id.to_string(),
                site_id: None,
                assessment_id: None,
                before: None,
                after: Some(serde_json::to_value(ended).map_err(anyhow::Error::from)?),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Deactivates (`active: false`) or reactivates a user, in one transaction with its audit
    /// entry by `actor_id`. Deactivating ends the user's sessions and revokes their tokens;
    /// the last active platform admin cannot be deactivated (409). Doing what is already so
    /// changes nothing and records nothing: `false`.
    pub async fn set_user_active(&self, user_id: i64, active: bool, actor_id: i64) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT role, deactivated_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((role, deactivated_at)) = row else {
            return Err(Error::NotFound);
        };
        if deactivated_at.is_none() == active {
            return Ok(false);
        }
        let mut ended = None;
        if active {
            sqlx::query("UPDATE users SET deactivated_at = NULL WHERE id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        } else {
            if role == Role::Admin.as_str() {
                keep_an_admin(&mut tx, user_id).await?;
            }
            sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
                .bind(now())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            ended =
                Some(super::sessions::end_sessions_and_tokens_on(&mut tx, user_id, None).await?);
        }
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(actor_id),
                action: if active {
                    "user.reactivated"
                } else {
                    "user.deactivated"
                },
                object_type: "user",
                object_id: user_id.to_string(),
                site_id: None,
                assessment_id: None,
                before: None,
                after: ended
                    .map(|e| serde_json::to_value(e).map_err(anyhow::Error::from))
                    .transpose()?,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

impl Store {
    /// Sets a user's role, scopes (in order) and language, in one transaction with its audit
    /// entry by `actor_id` (before and after). A platform admin who would stop being one while
    /// no other active admin remains is refused (409).
    pub async fn update_user(
        &self,
        user_id: i64,
        role: Role,
        scopes: &[i64],
        language: Option<Lang>,
        actor_id: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row: Option<(String, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT role, language, deactivated_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((old_role, old_language, deactivated_at)) = row else {
            return Err(Error::NotFound);
        };
        let old_scopes: Vec<(i64,)> =
            sqlx::query_as("SELECT node_id FROM user_scopes WHERE user_id = $1 ORDER BY position")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        if old_role == Role::Admin.as_str() && role != Role::Admin && deactivated_at.is_none() {
            keep_an_admin(&mut tx, user_id).await?;
        }
        sqlx::query("UPDATE users SET role = $1, language = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(language.map(Lang::code))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM user_scopes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for (position, node) in scopes.iter().enumerate() {
            sqlx::query("INSERT INTO user_scopes (user_id, node_id, position) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(*node)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
        }
        let old_scopes: Vec<i64> = old_scopes.into_iter().map(|(id,)| id).collect();
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(actor_id),
                action: "user.changed",
                object_type: "user",
                object_id: user_id.to_string(),
                site_id: None,
                assessment_id: None,
                before: Some(serde_json::json!({
                    "role": old_role, "scopes": old_scopes, "language": old_language,
                })),
                after: Some(serde_json::json!({
                    "role": role.as_str(), "scopes": scopes, "language": language.map(Lang::code),
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// 409 unless an active platform admin other than `user_id` remains, read in `tx`: the one
/// about to stop being an admin, or to be deactivated, cannot be the last.
async fn keep_an_admin(tx: &mut sqlx::AnyConnection, user_id: i64) -> Result<()> {
    let (others,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users WHERE role = $1 AND deactivated_at IS NULL AND id <> $2",
    )
    .bind(Role::Admin.as_str())
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await?;
    if others == 0 {
        return Err(Error::conflict("user-last-admin"));
    }
    Ok(())
}
