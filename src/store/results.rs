//! Scores kept beside the answers: rewritten inside every transaction that changes answers,
//! read by dashboards and exports that span thousands of sites.

use std::collections::HashMap;

use super::Store;
use crate::criteria::CriteriaVersion;
use crate::domain::{Answer, scoring};
use crate::error::Result;

/// Recomputes the stored results of one assessment from its answers, in `conn`'s
/// transaction.
pub(crate) async fn write(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    version: &CriteriaVersion,
) -> Result<()> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT item_key, answer, to_confirm FROM answers WHERE assessment_id = $1")
            .bind(assessment_id)
            .fetch_all(&mut *conn)
            .await?;
    let answers: HashMap<&str, Answer> = rows
        .iter()
        .filter(|(_, _, to_confirm)| *to_confirm == 0)
        .filter_map(|(k, a, _)| Answer::parse(a).map(|a| (k.as_str(), a)))
        .collect();
    let result = scoring::score(version, &answers);
    sqlx::query("DELETE FROM criterion_results WHERE assessment_id = $1")
        .bind(assessment_id)
        .execute(&mut *conn)
        .await?;
    for c in &result.criteria {
        sqlx::query(
            "INSERT INTO criterion_results (assessment_id, criterion_id, number, compliant, score) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(assessment_id)
        .bind(&c.id)
        .bind(i64::from(c.number))
        .bind(i64::from(c.compliant))
        .bind(c.score_percent())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE assessments SET progress = $1, criteria_met = $2, criteria_mask = $3 WHERE id = $4",
    )
    .bind(i64::from(result.progress_percent()))
    .bind(result.compliant_count() as i64)
    .bind(result.compliant_mask())
    .bind(assessment_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Assessments whose results were never computed (made before results were kept, or
    /// loaded in bulk): (id, criteria version).
    pub async fn assessments_without_results(&self) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, criteria_version FROM assessments WHERE progress IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Computes and stores the results of several assessments, in one transaction.
    pub async fn refresh_results(&self, ids: &[i64], version: &CriteriaVersion) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for id in ids {
            write(&mut tx, *id, version).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
