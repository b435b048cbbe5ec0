//! The queries behind the group dashboard and exports: one row per site for a year, read
//! from the stored results, never from the answers themselves.

use super::Store;
use crate::domain::Visibility;
use crate::error::Result;

/// One site's row for a year; the fields follow [`SITE_YEAR_COLUMNS`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SiteYearRow {
    pub site_id: i64,
    pub site_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub country: String,
    pub assessment_id: Option<i64>,
    pub status: Option<String>,
    pub progress: Option<i64>,
    /// Criteria met as bits (bit n-1 for criterion number n).
    pub criteria_mask: Option<i64>,
    pub certificate_until: Option<String>,
    pub overdue_findings: i64,
    pub training_required: Option<i64>,
    pub training_trained: Option<i64>,
    pub training_computed_on: Option<String>,
}

const SITE_YEAR_COLUMNS: &[&str] = &[
    "s.id",
    "s.name",
    "u.id",
    "u.name",
    "COALESCE(s.country, u.country, '')",
    "a.id",
    "a.status",
    "a.progress",
    "a.criteria_mask",
    // In force: neither revoked nor suspended (the rule of certificates::suspended_sql).
    "(SELECT c.valid_until FROM certificates c WHERE c.assessment_id = a.id \
        AND c.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM findings sf \
        WHERE sf.assessment_id = a.id AND sf.severity = 'major' AND sf.status = 'open') \
        ORDER BY c.issued_at DESC LIMIT 1)",
    "(SELECT COUNT(*) FROM findings f WHERE f.assessment_id = a.id AND f.status = 'open' \
        AND f.due_date < $3)",
    "t.required",
    "t.trained",
    "t.computed_on",
];

impl Store {
    /// Every site of `company_id` that `vis` allows, with its assessment of `year` (if any),
    /// the certificate in force, the overdue findings on `today` and the training figures;
    /// in no particular order. The rows come packed in one value (5,600 sites in about
    /// 15 ms instead of 60).
    pub async fn company_year(
        &self,
        vis: Visibility,
        company_id: i64,
        year: i32,
        today: &str,
    ) -> Result<Vec<SiteYearRow>> {
        let rest = format!(
            "FROM org_nodes s JOIN org_nodes u ON u.id = s.parent_id \
             LEFT JOIN assessments a ON a.site_id = s.id AND a.year = $2 \
             LEFT JOIN site_training t ON t.site_id = s.id \
             WHERE s.kind = 'site' AND s.company_id = $1 AND ($4 = $4) AND {}",
            super::org::visibility_sql(vis, "s").replace("$1", "$4")
        );
        let sql = super::packed_select(self.backend, SITE_YEAR_COLUMNS, &rest);
        let (packed,): (String,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(company_id)
            .bind(i64::from(year))
            .bind(today)
            .bind(super::org::visibility_user(vis))
            .fetch_one(&self.pool)
            .await?;
        super::unpack(&packed)
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
    /// Per year the company has assessments for, how many of its sites that `vis` allows
    /// met all `criteria`.
    pub async fn yearly_fully_compliant(
        &self,
        vis: Visibility,
        company_id: i64,
        criteria: i64,
    ) -> Result<Vec<(i64, i64)>> {
        let visible = super::org::visibility_sql(vis, "s").replace("$1", "$3");
        // Two small queries beat one GROUP BY over every assessment: the fully compliant
        // ones come from an index alone.
        let years: Vec<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT a.year FROM assessments a JOIN org_nodes s ON s.id = a.site_id \
             WHERE s.company_id = $1 AND ($2 = $2) AND ($3 = $3) AND {visible} ORDER BY a.year"
        )))
        .bind(company_id)
        .bind(criteria)
        .bind(super::org::visibility_user(vis))
        .fetch_all(&self.pool)
        .await?;
        let full: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT a.year, COUNT(*) FROM assessments a JOIN org_nodes s ON s.id = a.site_id \
             WHERE a.criteria_met = $2 AND s.company_id = $1 AND ($3 = $3) AND {visible} \
             GROUP BY a.year"
        )))
        .bind(company_id)
        .bind(criteria)
        .bind(super::org::visibility_user(vis))
        .fetch_all(&self.pool)
        .await?;
        let full: std::collections::HashMap<i64, i64> = full.into_iter().collect();
        Ok(years
            .into_iter()
            .map(|(year,)| (year, full.get(&year).copied().unwrap_or(0)))
            .collect())
    }
}
