//! Annual reports: the narrative's versions (one row per save, never updated), the
//! published reports with their frozen figures, and the year's counts the figures need.

use time::{Date, Duration};

use super::{Store, now, unique_conflict};
use crate::domain::Lang;
use crate::domain::annual_report::{Narrative, ReportFigures, YearCounts};
use crate::error::{Error, Msg, Result};

/// One saved version of a narrative.
#[derive(Debug, Clone, PartialEq)]
pub struct NarrativeVersion {
    pub id: i64,
    pub version: i64,
    pub narrative: Narrative,
    pub created_by: i64,
    pub created_by_email: String,
    pub created_at: String,
}

/// A published report: the version it froze and the figures of the day it was published.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedReport {
    pub version: NarrativeVersion,
    pub figures: ReportFigures,
    pub published_by: i64,
    pub published_at: String,
}

/// Where one language of one year stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportState {
    pub year: i32,
    pub lang: Lang,
    pub latest_version: i64,
    pub published_at: Option<String>,
}

type VersionRow = (i64, i64, String, i64, String, String);

const VERSION_SELECT: &str = "SELECT v.id, v.version, v.sections, v.created_by, u.email, \
     v.created_at FROM annual_report_versions v JOIN users u ON u.id = v.created_by";

fn version(r: VersionRow) -> Result<NarrativeVersion> {
    let narrative = serde_json::from_str(&r.2)
        .map_err(|e| anyhow::anyhow!("narrative version {} is unreadable: {e}", r.0))?;
    Ok(NarrativeVersion {
        id: r.0,
        version: r.1,
        narrative,
        created_by: r.3,
        created_by_email: r.4,
        created_at: r.5,
    })
}

/// The object id the audit trail names a report by.
fn object_id(company_id: i64, year: i32, lang: Lang) -> String {
    format!("{company_id}/{year}/{}", lang.code())
}

/// The first day of `year` and of the next, as the text timestamps compare.
fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1))
}

impl Store {
    /// The company's certificates, findings and approvals of the calendar `year`, and its
    /// certificates in force on `as_of`.
    pub async fn year_counts(&self, company_id: i64, year: i32, as_of: Date) -> Result<YearCounts> {
        let (from, to) = year_bounds(year);
        let day = as_of.to_string();
        let next_day = (as_of + Duration::days(1)).to_string();
        let row: (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT \
             (SELECT COUNT(*) FROM certificates c WHERE c.company_id = $1 \
                AND c.issued_at >= $2 AND c.issued_at < $3), \
             (SELECT COUNT(*) FROM certificates c WHERE c.company_id = $1 \
                AND c.valid_from <= $4 AND c.valid_until >= $4 \
                AND (c.revoked_at IS NULL OR c.revoked_at >= $5)), \
             (SELECT COUNT(*) FROM findings f JOIN assessments a ON a.id = f.assessment_id \
                JOIN org_nodes s ON s.id = a.site_id WHERE s.company_id = $1 \
                AND f.raised_at >= $2 AND f.raised_at < $3), \
             (SELECT COUNT(*) FROM findings f JOIN assessments a ON a.id = f.assessment_id \
                JOIN org_nodes s ON s.id = a.site_id WHERE s.company_id = $1 \
                AND f.closed_at >= $2 AND f.closed_at < $3), \
             (SELECT COUNT(DISTINCT d.assessment_id) FROM decisions d \
                JOIN assessments a ON a.id = d.assessment_id JOIN org_nodes s ON s.id = a.site_id \
                WHERE s.company_id = $1 AND d.decision = 'approve' \
                AND d.decided_at >= $2 AND d.decided_at < $3)",
        )
        .bind(company_id)
        .bind(&from)
        .bind(&to)
        .bind(&day)
        .bind(&next_day)
        .fetch_one(&self.pool)
        .await?;
        let n = |v: i64| v.max(0) as u64;
        Ok(YearCounts {
            certificates_issued: n(row.0),
            certificates_valid: n(row.1),
            findings_raised: n(row.2),
            findings_closed: n(row.3),
            assessments_approved: n(row.4),
        })
    }

    /// Every saved version of a report's narrative, newest first.
    pub async fn narrative_versions(
        &self,
        company_id: i64,
        year: i32,
        lang: Lang,
    ) -> Result<Vec<NarrativeVersion>> {
        let sql = format!(
            "{VERSION_SELECT} WHERE v.company_id = $1 AND v.year = $2 AND v.lang = $3 \
             ORDER BY v.version DESC"
        );
        let rows: Vec<VersionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(company_id)
            .bind(i64::from(year))
            .bind(lang.code())
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(version).collect()
    }

    /// Saves a new version of the narrative on top of `base_version` (0: the first one).
    /// 409 when the report is published, or when someone saved a newer version meanwhile.
    pub async fn save_narrative(
        &self,
        company_id: i64,
        year: i32,
        lang: Lang,
        base_version: i64,
        narrative: &Narrative,
        by: i64,
    ) -> Result<NarrativeVersion> {
        let sections = serde_json::to_string(narrative)
            .map_err(|e| anyhow::anyhow!("a narrative does not serialise: {e}"))?;
        let mut tx = self.write_tx().await?;
        if is_published(&mut tx, company_id, year, lang).await? {
            return Err(Error::conflict("annual-report-published"));
        }
        let (latest,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(version), 0) FROM annual_report_versions \
             WHERE company_id = $1 AND year = $2 AND lang = $3",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(lang.code())
        .fetch_one(&mut *tx)
        .await?;
        if latest != base_version {
            return Err(Error::Conflict(
                Msg::new("annual-report-stale").arg("version", latest),
            ));
        }
        let at = now();
        let next = latest + 1;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO annual_report_versions (company_id, year, lang, version, sections, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(lang.code())
        .bind(next)
        .bind(&sections)
        .bind(by)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| unique_conflict(e, "annual-report-stale"))?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(by),
                action: "annual_report.saved",
                object_type: "annual_report",
                object_id: object_id(company_id, year, lang),
                site_id: None,
                assessment_id: None,
                before: None,
                after: Some(serde_json::json!({ "version": next, "sections": narrative })),
            },
        )
        .await?;
        let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1")
            .bind(by)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(NarrativeVersion {
            id,
            version: next,
            narrative: narrative.clone(),
            created_by: by,
            created_by_email: email,
            created_at: at,
        })
    }

    /// The published report of a company, year and language, if it is published.
    pub async fn published_report(
        &self,
        company_id: i64,
        year: i32,
        lang: Lang,
    ) -> Result<Option<PublishedReport>> {
        let row: Option<(i64, String, i64, String)> = sqlx::query_as(
            "SELECT version_id, figures, published_by, published_at FROM annual_reports_published \
             WHERE company_id = $1 AND year = $2 AND lang = $3",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(lang.code())
        .fetch_optional(&self.pool)
        .await?;
        let Some((version_id, figures, published_by, published_at)) = row else {
            return Ok(None);
        };
        let sql = format!("{VERSION_SELECT} WHERE v.id = $1");
        let frozen: VersionRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(version_id)
            .fetch_one(&self.pool)
            .await?;
        let figures = serde_json::from_str(&figures).map_err(|e| {
            anyhow::anyhow!("published figures of {company_id}/{year} are unreadable: {e}")
        })?;
        Ok(Some(PublishedReport {
            version: version(frozen)?,
            figures,
            published_by,
            published_at,
        }))
    }

    /// Publishes the latest narrative with `figures`, for good. `expected` is the version
    /// the publisher read, if they say; 409 when it is not the latest, when nothing was
    /// written yet, or when the report is already published.
    pub async fn publish_annual_report(
        &self,
        company_id: i64,
        year: i32,
        lang: Lang,
        expected: Option<i64>,
        figures: &ReportFigures,
        by: i64,
    ) -> Result<()> {
        let frozen = serde_json::to_string(figures)
            .map_err(|e| anyhow::anyhow!("report figures do not serialise: {e}"))?;
        let mut tx = self.write_tx().await?;
        if is_published(&mut tx, company_id, year, lang).await? {
            return Err(Error::conflict("annual-report-already-published"));
        }
        let latest: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, version FROM annual_report_versions \
             WHERE company_id = $1 AND year = $2 AND lang = $3 ORDER BY version DESC LIMIT 1",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(lang.code())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((version_id, latest)) = latest else {
            return Err(Error::conflict("annual-report-nothing-to-publish"));
        };
        if expected.is_some_and(|v| v != latest) {
            return Err(Error::Conflict(
                Msg::new("annual-report-stale").arg("version", latest),
            ));
        }
        sqlx::query(
            "INSERT INTO annual_reports_published (company_id, year, lang, version_id, figures, \
             published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(lang.code())
        .bind(version_id)
        .bind(&frozen)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_conflict(e, "annual-report-already-published"))?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(by),
                action: "annual_report.published",
                object_type: "annual_report",
                object_id: object_id(company_id, year, lang),
                site_id: None,
                assessment_id: None,
                before: None,
                after: Some(serde_json::json!({ "version": latest, "figures": figures })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The years the company's sites have assessments for.
    pub async fn company_assessment_years(&self, company_id: i64) -> Result<Vec<i32>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT a.year FROM assessments a JOIN org_nodes s ON s.id = a.site_id \
             WHERE s.company_id = $1 ORDER BY a.year",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(y,)| i32::try_from(y).ok())
            .collect())
    }

    /// Every year and language the company has written a report for, newest year first.
    pub async fn annual_report_states(&self, company_id: i64) -> Result<Vec<ReportState>> {
        let rows: Vec<(i64, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT v.year, v.lang, MAX(v.version), \
             (SELECT p.published_at FROM annual_reports_published p WHERE p.company_id = v.company_id \
                AND p.year = v.year AND p.lang = v.lang) \
             FROM annual_report_versions v WHERE v.company_id = $1 \
             GROUP BY v.company_id, v.year, v.lang ORDER BY v.year DESC, v.lang",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(year, lang, latest_version, published_at)| {
                Ok(ReportState {
                    year: i32::try_from(year).map_err(|_| {
                        anyhow::anyhow!("stored report year {year} is out of range")
                    })?,
                    lang: Lang::parse(&lang)
                        .ok_or_else(|| anyhow::anyhow!("stored report language {lang:?}"))?,
                    latest_version,
                    published_at,
                })
            })
            .collect()
    }
}

/// Whether the report of (company, year, language) is published, inside `conn`'s transaction.
async fn is_published(
    conn: &mut sqlx::AnyConnection,
    company_id: i64,
    year: i32,
    lang: Lang,
) -> Result<bool> {
    let published: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM annual_reports_published WHERE company_id = $1 AND year = $2 AND lang = $3",
    )
    .bind(company_id)
    .bind(i64::from(year))
    .bind(lang.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(published.is_some())
}
