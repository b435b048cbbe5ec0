//! The queries behind the group dashboard and exports: one row per site for a year, read
//! from the stored results, never from the answers themselves.

use std::collections::HashMap;

use super::Store;
use crate::domain::Visibility;
use crate::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SiteYearRow {
    pub site_id: i64,
    pub site_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub country: String,
    pub assessment_id: Option<i64>,
    pub status: Option<String>,
    pub progress: Option<i64>,
    pub certificate_until: Option<String>,
    pub overdue_findings: i64,
    pub training_required: Option<i64>,
    pub training_trained: Option<i64>,
    pub training_computed_on: Option<String>,
}

impl Store {
    /// Every site of `company_id` that `vis` allows, with its assessment of `year` (if any),
    /// the certificate in force, the overdue findings on `today` and the training figures.
    pub async fn company_year(
        &self,
        vis: Visibility,
        company_id: i64,
        year: i32,
        today: &str,
    ) -> Result<Vec<SiteYearRow>> {
        let sql = format!(
            "SELECT s.id AS site_id, s.name AS site_name, u.id AS unit_id, u.name AS unit_name, \
             COALESCE(s.country, u.country, '') AS country, a.id AS assessment_id, a.status, a.progress, \
             (SELECT c.valid_until FROM certificates c WHERE c.assessment_id = a.id \
                AND c.revoked_at IS NULL ORDER BY c.issued_at DESC LIMIT 1) AS certificate_until, \
             (SELECT COUNT(*) FROM findings f WHERE f.assessment_id = a.id AND f.status = 'open' \
                AND f.due_date < $3) AS overdue_findings, \
             t.required AS training_required, t.trained AS training_trained, \
             t.computed_on AS training_computed_on \
             FROM org_nodes s JOIN org_nodes u ON u.id = s.parent_id \
             LEFT JOIN assessments a ON a.site_id = s.id AND a.year = $2 \
             LEFT JOIN site_training t ON t.site_id = s.id \
             WHERE s.kind = 'site' AND s.company_id = $1 AND ($4 = $4) AND {} \
             ORDER BY s.name, s.id",
            super::org::visibility_sql(vis, "s").replace("$1", "$4")
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(company_id)
            .bind(i64::from(year))
            .bind(today)
            .bind(super::org::visibility_user(vis))
            .fetch_all(&self.pool)
            .await?)
    }

    /// Compliance per criterion number of every assessment of the company's year.
    pub async fn company_year_criteria(
        &self,
        company_id: i64,
        year: i32,
    ) -> Result<HashMap<i64, Vec<(i64, bool)>>> {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT r.assessment_id, r.number, r.compliant FROM criterion_results r \
             JOIN assessments a ON a.id = r.assessment_id JOIN org_nodes s ON s.id = a.site_id \
             WHERE s.company_id = $1 AND a.year = $2",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        let mut out: HashMap<i64, Vec<(i64, bool)>> = HashMap::new();
        for (assessment, number, compliant) in rows {
            out.entry(assessment)
                .or_default()
                .push((number, compliant == 1));
        }
        Ok(out)
    }

    /// Stores a site's training figures as computed on `day`.
    pub async fn put_site_training(
        &self,
        site_id: i64,
        required: i64,
        trained: i64,
        overdue_people: i64,
        day: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO site_training (site_id, required, trained, overdue_people, computed_on) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (site_id) DO UPDATE SET \
             required = excluded.required, trained = excluded.trained, \
             overdue_people = excluded.overdue_people, computed_on = excluded.computed_on",
        )
        .bind(site_id)
        .bind(required)
        .bind(trained)
        .bind(overdue_people)
        .bind(day)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

impl Store {
    /// Sites whose training figures were not computed on `day` (or never), up to `limit`.
    pub async fn sites_with_stale_training(&self, day: &str, limit: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT s.id FROM org_nodes s LEFT JOIN site_training t ON t.site_id = s.id \
             WHERE s.kind = 'site' AND (t.computed_on IS NULL OR t.computed_on < $1) \
             ORDER BY s.id LIMIT $2",
        )
        .bind(day)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }
}

impl Store {
    /// Per year, how many of the company's sites that `vis` allows met all `criteria`.
    pub async fn yearly_fully_compliant(
        &self,
        vis: Visibility,
        company_id: i64,
        criteria: i64,
    ) -> Result<Vec<(i64, i64)>> {
        let sql = format!(
            "SELECT a.year, SUM(CASE WHEN a.criteria_met = $2 THEN 1 ELSE 0 END) \
             FROM assessments a JOIN org_nodes s ON s.id = a.site_id \
             WHERE s.company_id = $1 AND ($3 = $3) AND {} GROUP BY a.year ORDER BY a.year",
            super::org::visibility_sql(vis, "s").replace("$1", "$3")
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(company_id)
            .bind(criteria)
            .bind(super::org::visibility_user(vis))
            .fetch_all(&self.pool)
            .await?)
    }
}
