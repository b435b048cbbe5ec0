//! Streamed exports: rows go out as the database yields them, so a group of thousands of
//! sites is never held in memory at once.

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::Store;
use crate::domain::Visibility;
use crate::error::{Error, Result};

/// One site of a company's year, as exported.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub site_id: i64,
    pub site_name: String,
    pub city: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub country: String,
    pub status: Option<String>,
    pub progress: Option<i64>,
    pub criteria_met: Option<i64>,
    pub c1: Option<i64>,
    pub c2: Option<i64>,
    pub c3: Option<i64>,
    pub c4: Option<i64>,
    pub c5: Option<i64>,
    pub c6: Option<i64>,
    pub certificate_serial: Option<String>,
    pub certificate_until: Option<String>,
    pub overdue_findings: i64,
    pub training_required: Option<i64>,
    pub training_trained: Option<i64>,
}

impl ExportRow {
    pub fn criteria(&self) -> [Option<i64>; 6] {
        [self.c1, self.c2, self.c3, self.c4, self.c5, self.c6]
    }
}

impl Store {
    /// Streams the sites of `company_id` that `vis` allows, with their `year`, through the
    /// returned channel (bounded, so the database is read only as fast as the client takes).
    pub fn export_company_year(
        &self,
        vis: Visibility,
        company_id: i64,
        year: i32,
        today: String,
    ) -> mpsc::Receiver<Result<ExportRow>> {
        let (tx, rx) = mpsc::channel(64);
        let pool = self.pool.clone();
        let criterion = |n: u8| {
            format!(
                "(SELECT r.compliant FROM criterion_results r WHERE r.assessment_id = a.id \
                 AND r.number = {n}) AS c{n}"
            )
        };
        let criteria: Vec<String> = (1..=6).map(criterion).collect();
        let sql = format!(
            "SELECT s.id AS site_id, s.name AS site_name, COALESCE(s.city, '') AS city, \
             u.id AS unit_id, u.name AS unit_name, COALESCE(s.country, u.country, '') AS country, a.status, a.progress, \
             a.criteria_met, {}, \
             (SELECT c.serial FROM certificates c WHERE c.assessment_id = a.id \
                AND c.revoked_at IS NULL AND NOT {suspended} ORDER BY c.issued_at DESC LIMIT 1) \
                AS certificate_serial, \
             (SELECT c.valid_until FROM certificates c WHERE c.assessment_id = a.id \
                AND c.revoked_at IS NULL AND NOT {suspended} ORDER BY c.issued_at DESC LIMIT 1) \
                AS certificate_until, \
             (SELECT COUNT(*) FROM findings f WHERE f.assessment_id = a.id AND f.status = 'open' \
                AND f.due_date < $3) AS overdue_findings, \
             t.required AS training_required, t.trained AS training_trained \
             FROM org_nodes s JOIN org_nodes u ON u.id = s.parent_id \
             LEFT JOIN assessments a ON a.site_id = s.id AND a.year = $2 \
             LEFT JOIN site_training t ON t.site_id = s.id \
             WHERE s.kind = 'site' AND s.company_id = $1 AND ($4 = $4) AND {} \
             ORDER BY s.name, s.id",
            criteria.join(", "),
            super::org::visibility_sql(vis, "s").replace("$1", "$4"),
            suspended = super::certificates::suspended_sql("a.id"),
        );
        let user = super::org::visibility_user(vis);
        tokio::spawn(async move {
            let mut rows = sqlx::query_as::<_, ExportRow>(sqlx::AssertSqlSafe(sql))
                .bind(company_id)
                .bind(i64::from(year))
                .bind(today)
                .bind(user)
                .fetch(&pool);
            while let Some(row) = rows.next().await {
                let row = row.map_err(Error::Database);
                let failed = row.is_err();
                if tx.send(row).await.is_err() || failed {
                    break;
                }
            }
        });
        rx
    }
}
