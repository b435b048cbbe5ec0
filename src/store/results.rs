//! Scores kept beside the answers: rewritten inside every transaction that changes answers,
//! verdicts or the status, read by dashboards and exports that span thousands of sites.
//! Once submitted, an assessment is scored on its audited answers (the verdicts of its
//! round applied), so the dashboard says what the certificate and the pages say.

use std::collections::HashMap;

use super::Store;
use crate::criteria::CriteriaVersion;
use crate::domain::{Answer, AssessmentStatus, scoring};
use crate::error::Result;

/// Recomputes the stored results of one assessment from its answers (with the verdicts of
/// the round under review or decided, while the site cannot edit), in `conn`'s transaction.
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
    let (status, round): (String, i64) =
        sqlx::query_as("SELECT status, round FROM assessments WHERE id = $1")
            .bind(assessment_id)
            .fetch_one(&mut *conn)
            .await?;
    let frozen = AssessmentStatus::parse(&status).is_some_and(|s| !s.is_editable());
    let verdicts = if frozen {
        super::assessments::round_verdicts(&mut *conn, assessment_id, round).await?
    } else {
        HashMap::new()
    };
    let verdicts = verdicts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let result = scoring::score(version, &scoring::audited_answers(&answers, &verdicts));
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
