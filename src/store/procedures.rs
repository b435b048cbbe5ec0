//! Versions of a site's procedure for a suspected case.

use time::Date;

use super::training::parse_date;
use super::{Store, now};
use crate::domain::procedure::Procedure;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureVersion {
    pub version: i64,
    pub procedure: Procedure,
    pub reviewed_on: Date,
    pub created_by: i64,
    pub created_at: String,
}

pub(super) type Row = (i64, String, String, i64, String);

pub(super) const COLUMNS: &[&str] = &[
    "version",
    "content",
    "reviewed_on",
    "created_by",
    "created_at",
];

/// The procedure's versions of the site `site` (an SQL expression), newest first.
pub(super) fn versions_from(site: &str) -> String {
    format!("FROM procedures WHERE site_id = {site} ORDER BY version DESC")
}

pub(super) fn version(r: Row) -> Result<ProcedureVersion> {
    Ok(ProcedureVersion {
        version: r.0,
        procedure: serde_json::from_str(&r.1)
            .map_err(|e| anyhow::anyhow!("stored procedure is unreadable: {e}"))?,
        reviewed_on: parse_date(&r.2)
            .ok_or_else(|| anyhow::anyhow!("stored review date {:?} is unreadable", r.2))?,
        created_by: r.3,
        created_at: r.4,
    })
}

impl Store {
    /// Every version, newest first.
    pub async fn procedure_versions(&self, site_id: i64) -> Result<Vec<ProcedureVersion>> {
        let sql = format!("SELECT {} {}", COLUMNS.join(", "), versions_from("$1"));
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(site_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(version).collect()
    }

    pub async fn current_procedure(&self, site_id: i64) -> Result<Option<ProcedureVersion>> {
        Ok(self.procedure_versions(site_id).await?.into_iter().next())
    }

    /// Saves a new version; earlier ones stay as they were.
    pub async fn save_procedure(
        &self,
        site_id: i64,
        procedure: &Procedure,
        reviewed_on: Date,
        user_id: i64,
    ) -> Result<ProcedureVersion> {
        let content = serde_json::to_string(procedure)
            .map_err(|e| anyhow::anyhow!("encoding the procedure: {e}"))?;
        let mut tx = self.write_tx().await?;
        let (next,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM procedures WHERE site_id = $1",
        )
        .bind(site_id)
        .fetch_one(&mut *tx)
        .await?;
        let row: Row = sqlx::query_as(
            "INSERT INTO procedures (site_id, version, content, reviewed_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING version, content, reviewed_on, created_by, created_at",
        )
        .bind(site_id)
        .bind(next)
        .bind(content)
        .bind(reviewed_on.to_string())
        .bind(user_id)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(user_id),
                action: "procedure.saved",
                object_type: "procedure",
                object_id: next.to_string(),
                site_id: Some(site_id),
                assessment_id: None,
                before: None,
                after: Some(
                    serde_json::json!({ "version": next, "reviewed_on": reviewed_on.to_string() }),
                ),
            },
        )
        .await?;
        tx.commit().await?;
        version(row)
    }
}
