//! Moving a whole installation from SQLite to PostgreSQL: every table's rows out of SQLite as
//! JSON objects, and into PostgreSQL through `jsonb_populate_recordset`, which types each
//! value by its column.

use serde_json::Value;

use super::{Backend, Store};
use crate::error::Result;

/// Every table that moves, parents before children.
pub const TABLES: &[&str] = &[
    "criteria_versions",
    "org_nodes",
    "users",
    "user_scopes",
    "api_tokens",
    "email_preferences",
    "assessments",
    "answers",
    "criterion_results",
    "staff",
    "training_records",
    "site_training",
    "evidence_documents",
    "evidence_files",
    "evidence_items",
    "submission_evidence",
    "procedures",
    "rounds",
    "round_answers",
    "verdicts",
    "decisions",
    "findings",
    "finding_responses",
    "notifications",
    "certificates",
    "audit_log",
    "signing_keys",
    "annual_report_versions",
    "annual_reports_published",
];

/// Tables that stay behind: sessions (everyone logs in again), imports waiting for a
/// confirmation, evidence bytes (they travel as files of their own) and failed logins (kept
/// for minutes, for throttling).
pub const LEFT_BEHIND: &[&str] = &[
    "sessions",
    "pending_imports",
    "evidence_blobs",
    "login_failures",
];

/// Columns that refer to a row of the same table inserted later; they are set afterwards.
const LATER: &[(&str, &str, &str)] = &[("certificates", "replaced_by", "serial")];

impl Store {
    /// The tables of this SQLite database (not the migration bookkeeping).
    pub async fn table_names(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    /// Up to `limit` rows of `table` from row `offset` on, in primary-key order, as JSON
    /// objects keyed by column; binary columns as PostgreSQL's `\x` hex text. The rows come
    /// packed in one value.
    pub async fn export_rows(&self, table: &str, offset: i64, limit: i64) -> Result<Vec<Value>> {
        if self.backend != Backend::Sqlite {
            return Err(anyhow::anyhow!("export-db reads a SQLite database").into());
        }
        if !TABLES.contains(&table) {
            return Err(anyhow::anyhow!("{table} is not a table that moves").into());
        }
        let columns: Vec<(String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT name, type, pk FROM pragma_table_info('{table}') ORDER BY cid"
        )))
        .fetch_all(&self.pool)
        .await?;
        let pairs: Vec<String> = columns
            .iter()
            .map(|(name, kind, _)| {
                if kind.eq_ignore_ascii_case("BLOB") {
                    format!("'{name}', '\\x' || lower(hex(t.{name}))")
                } else {
                    format!("'{name}', t.{name}")
                }
            })
            .collect();
        let mut keys: Vec<&(String, String, i64)> = columns.iter().filter(|c| c.2 > 0).collect();
        keys.sort_by_key(|c| c.2);
        let order = if keys.is_empty() {
            "rowid".to_owned()
        } else {
            keys.iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (packed,): (String,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT json_group_array(json_object({})) FROM \
             (SELECT * FROM {table} ORDER BY {order} LIMIT $1 OFFSET $2) t",
            pairs.join(", ")
        )))
        .bind(limit)
        .bind(offset)
        .fetch_one(&self.pool)
        .await?;
        super::unpack(&packed)
    }

    /// Whether this PostgreSQL database holds no data yet (users, organisation).
    pub async fn is_empty(&self) -> Result<bool> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM org_nodes)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }

    /// Starts writing a whole installation into this PostgreSQL database, in one
    /// transaction: all of it or nothing. The guards (triggers) are off while the rows go in,
    /// since they keep what is already submitted from changing.
    pub async fn start_import(&self) -> Result<Importer> {
        if !(self.backend == Backend::Postgres) {
            return Err(anyhow::anyhow!("import-db writes into PostgreSQL").into());
        }
        let mut tx = self.write_tx().await?;
        for table in TABLES {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "ALTER TABLE {table} DISABLE TRIGGER USER"
            )))
            .execute(&mut *tx)
            .await?;
        }
        Ok(Importer {
            store: self.clone(),
            tx,
            later: Vec::new(),
            written: 0,
        })
    }
}

/// An import under way (see [`Store::start_import`]).
pub struct Importer {
    store: Store,
    tx: sqlx::Transaction<'static, sqlx::Any>,
    /// (table, column, key column, key, value) set once every row is in.
    later: Vec<(&'static str, &'static str, &'static str, String, String)>,
    written: u64,
}

impl Importer {
    /// Writes a batch of rows of `table`.
    pub async fn write(&mut self, table: &str, mut rows: Vec<Value>) -> Result<()> {
        let table = *TABLES
            .iter()
            .find(|t| **t == table)
            .ok_or_else(|| anyhow::anyhow!("{table} is not a table that moves"))?;
        for (t, column, key) in LATER.iter().filter(|(t, _, _)| *t == table) {
            for row in &mut rows {
                if let Some(obj) = row.as_object_mut()
                    && let Some(Value::String(v)) = obj.insert((*column).to_owned(), Value::Null)
                {
                    let id = obj.get(*key).and_then(Value::as_str).unwrap_or_default();
                    self.later.push((t, column, key, id.to_owned(), v));
                }
            }
        }
        let n = rows.len() as u64;
        // The importing instance has registered its own key already; it may be one of them.
        let shared = table == "signing_keys";
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} SELECT * FROM jsonb_populate_recordset(NULL::{table}, $1::jsonb){}",
            if shared { " ON CONFLICT DO NOTHING" } else { "" }
        )))
        .bind(Value::Array(rows).to_string())
        .execute(&mut *self.tx)
        .await?;
        if !(shared || done.rows_affected() == n) {
            return Err(anyhow::anyhow!("{table}: not every row went in").into());
        }
        self.written += n;
        Ok(())
    }

    /// Sets the columns kept for last, turns the guards back on and commits; returns the
    /// rows written.
    pub async fn finish(mut self) -> Result<u64> {
        for (table, column, key, id, value) in std::mem::take(&mut self.later) {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {table} SET {column} = $1 WHERE {key} = $2"
            )))
            .bind(value)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        }
        for table in TABLES {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "ALTER TABLE {table} ENABLE TRIGGER USER"
            )))
            .execute(&mut *self.tx)
            .await?;
        }
        self.tx.commit().await?;
        self.store.after_bulk_load().await?;
        Ok(self.written)
    }
}
