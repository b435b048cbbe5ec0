//! The audit trail in the database: appended inside the transaction of each change.

use super::{Store, now};
use crate::domain::audit::{AuditEntry, GENESIS, chain_hash, first_break};
use crate::error::Result;

/// What a change records; `at` and the chain are filled in by [`append`].
pub struct Change<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub site_id: Option<i64>,
    pub assessment_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends to the chain. Call inside a write transaction (`Store::write_tx`): on SQLite it
/// holds the write lock, so no other entry can slip in between reading the last hash and
/// writing the next. A change about an assessment gets the assessment's site when the
/// caller leaves `site_id` out.
pub(crate) async fn append(conn: &mut sqlx::AnyConnection, mut change: Change<'_>) -> Result<()> {
    if let (None, Some(assessment_id)) = (change.site_id, change.assessment_id) {
        let site: Option<(i64,)> = sqlx::query_as("SELECT site_id FROM assessments WHERE id = $1")
            .bind(assessment_id)
            .fetch_optional(&mut *conn)
            .await?;
        change.site_id = site.map(|(s,)| s);
    }
    let last: Option<(String,)> =
        sqlx::query_as("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let prev = last.map_or_else(|| GENESIS.to_owned(), |(h,)| h);
    let entry = AuditEntry {
        at: now(),
        actor_id: change.actor_id,
        action: change.action.to_owned(),
        object_type: change.object_type.to_owned(),
        object_id: change.object_id,
        site_id: change.site_id,
        assessment_id: change.assessment_id,
        before: change.before.map(|v| v.to_string()),
        after: change.after.map(|v| v.to_string()),
    };
    let hash = chain_hash(&prev, &entry);
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, site_id, \
         assessment_id, before, after, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&entry.at)
    .bind(entry.actor_id)
    .bind(&entry.action)
    .bind(&entry.object_type)
    .bind(&entry.object_id)
    .bind(entry.site_id)
    .bind(entry.assessment_id)
    .bind(&entry.before)
    .bind(&entry.after)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

type Row = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    String,
);

/// A stored entry with its id and chain links.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub id: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

fn stored(r: Row) -> StoredEntry {
    StoredEntry {
        id: r.0,
        entry: AuditEntry {
            at: r.1,
            actor_id: r.2,
            action: r.3,
            object_type: r.4,
            object_id: r.5,
            site_id: r.6,
            assessment_id: r.7,
            before: r.8,
            after: r.9,
        },
        prev_hash: r.10,
        hash: r.11,
    }
}

const SELECT: &str = "SELECT id, at, actor_id, action, object_type, object_id, site_id, \
     assessment_id, before, after, prev_hash, hash FROM audit_log";

impl Store {
    pub async fn assessment_history(&self, assessment_id: i64) -> Result<Vec<StoredEntry>> {
        let sql = format!("{SELECT} WHERE assessment_id = $1 ORDER BY id");
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(assessment_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(stored).collect())
    }

    pub async fn site_history(&self, site_id: i64) -> Result<Vec<StoredEntry>> {
        let sql = format!("{SELECT} WHERE site_id = $1 ORDER BY id");
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(site_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(stored).collect())
    }

    /// Checks the whole chain: (entries checked, first broken entry).
    pub async fn verify_audit_log(&self) -> Result<(usize, Option<i64>)> {
        let sql = format!("{SELECT} ORDER BY id");
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        let entries: Vec<StoredEntry> = rows.into_iter().map(stored).collect();
        let broken = first_break(
            entries
                .iter()
                .map(|e| (e.id, &e.entry, e.prev_hash.as_str(), e.hash.as_str())),
        );
        Ok((entries.len(), broken))
    }
}
