//! Findings on assessment items, the site's responses, and their closing.

use time::Date;

use super::training::parse_date;
use super::{Store, now};
use crate::error::{Error, Msg, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub id: i64,
    pub assessment_id: i64,
    pub round: i64,
    pub item_key: String,
    pub severity: String,
    pub action: String,
    pub due_date: Date,
    pub status: String,
    pub raised_by: i64,
    pub raised_at: String,
    pub closed_at: Option<String>,
    pub close_comment: Option<String>,
    /// The site's answers, oldest first.
    pub responses: Vec<FindingResponse>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Deserialize)]
pub struct FindingResponse {
    pub comment: String,
    pub by_user: i64,
    pub at: String,
    pub evidence_file_id: Option<i64>,
}

impl Finding {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }

    pub fn overdue(&self, today: Date) -> bool {
        self.is_open() && self.due_date < today
    }
}

pub(super) type Row = (
    i64,
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);

const SELECT: &str = "SELECT id, assessment_id, round, item_key, severity, action, due_date, \
     status, raised_by, raised_at, closed_at, close_comment FROM findings";

pub(super) const COLUMNS: &[&str] = &[
    "id",
    "assessment_id",
    "round",
    "item_key",
    "severity",
    "action",
    "due_date",
    "status",
    "raised_by",
    "raised_at",
    "closed_at",
    "close_comment",
];

/// The findings of the assessment `assessment` (an SQL expression), oldest first.
pub(super) fn of_assessment(assessment: &str) -> String {
    format!("FROM findings WHERE assessment_id = {assessment} ORDER BY id")
}

/// Each response with its finding first, for the findings of the assessment `assessment`.
pub(super) const RESPONSE_COLUMNS: &[&str] = &[
    "fr.finding_id",
    "fr.comment",
    "fr.by_user",
    "fr.at",
    "fr.evidence_file_id",
];

pub(super) fn responses_of_assessment(assessment: &str) -> String {
    format!(
        "FROM finding_responses fr JOIN findings fd ON fd.id = fr.finding_id \
         WHERE fd.assessment_id = {assessment} ORDER BY fr.id"
    )
}

pub(super) type ResponseRow = (i64, String, i64, String, Option<i64>);

/// Findings with their responses, from rows read together.
pub(super) fn findings_from(rows: Vec<Row>, responses: Vec<ResponseRow>) -> Result<Vec<Finding>> {
    rows.into_iter()
        .map(|r| {
            let id = r.0;
            let mine = responses
                .iter()
                .filter(|x| x.0 == id)
                .map(|x| FindingResponse {
                    comment: x.1.clone(),
                    by_user: x.2,
                    at: x.3.clone(),
                    evidence_file_id: x.4,
                })
                .collect();
            finding(r, mine)
        })
        .collect()
}

impl Store {
    pub async fn raise_finding(
        &self,
        assessment_id: i64,
        item_key: &str,
        severity: &str,
        action: &str,
        due_date: Date,
        auditor_id: i64,
    ) -> Result<Finding> {
        let mut tx = self.write_tx().await?;
        let row: Option<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT status, round FROM assessments WHERE id = $1{}",
            super::lock_row(self.backend)
        )))
        .bind(assessment_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, round) = row.ok_or(Error::NotFound)?;
        if status == "draft" {
            return Err(Error::conflict("assessment-not-in-review"));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO findings (assessment_id, round, item_key, severity, action, due_date, \
             status, raised_by, raised_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING id",
        )
        .bind(assessment_id)
        .bind(round)
        .bind(item_key)
        .bind(severity)
        .bind(action)
        .bind(due_date.to_string())
        .bind(auditor_id)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(auditor_id),
                action: "finding.raised",
                object_type: "finding",
                object_id: id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: None,
                after: Some(serde_json::json!({
                    "item_key": item_key, "severity": severity, "action": action,
                    "due_date": due_date.to_string(), "round": round,
                })),
            },
        )
        .await?;
        // A major finding suspends the assessment's certificate; the first one open says so
        // in the audit trail, in this transaction (the assessment row is locked).
        if crate::domain::certificate::finding_suspends(severity, true)
            && open_major(&mut tx, assessment_id).await? == 1
        {
            super::certificates::audit_suspension(&mut tx, assessment_id, id, auditor_id, true)
                .await?;
        }
        tx.commit().await?;
        self.finding(id).await?.ok_or(Error::NotFound)
    }

    pub async fn finding(&self, id: i64) -> Result<Option<Finding>> {
        let sql = format!("{SELECT} WHERE id = $1");
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some(self.with_responses(r).await?)),
            None => Ok(None),
        }
    }

    pub async fn findings(&self, assessment_id: i64) -> Result<Vec<Finding>> {
        let sql = format!("SELECT {} {}", COLUMNS.join(", "), of_assessment("$1"));
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(assessment_id)
            .fetch_all(&self.pool)
            .await?;
        let sql = format!(
            "SELECT {} {}",
            RESPONSE_COLUMNS.join(", "),
            responses_of_assessment("$1")
        );
        let responses: Vec<ResponseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(assessment_id)
            .fetch_all(&self.pool)
            .await?;
        findings_from(rows, responses)
    }

    async fn with_responses(&self, r: Row) -> Result<Finding> {
        let responses: Vec<FindingResponse> = sqlx::query_as(
            "SELECT comment, by_user, at, evidence_file_id FROM finding_responses \
             WHERE finding_id = $1 ORDER BY id",
        )
        .bind(r.0)
        .fetch_all(&self.pool)
        .await?;
        finding(r, responses)
    }

    /// The site answers an open finding.
    pub async fn respond_to_finding(
        &self,
        id: i64,
        comment: &str,
        evidence_file_id: Option<i64>,
        user_id: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let status: Option<(String,)> = sqlx::query_as("SELECT status FROM findings WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        match status {
            None => return Err(Error::NotFound),
            Some((s,)) if s != "open" => return Err(Error::conflict("finding-already-closed")),
            Some(_) => {}
        }
        sqlx::query(
            "INSERT INTO finding_responses (finding_id, comment, by_user, at, evidence_file_id) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(comment)
        .bind(user_id)
        .bind(now())
        .bind(evidence_file_id)
        .execute(&mut *tx)
        .await?;
        let (assessment_id,): (i64,) =
            sqlx::query_as("SELECT assessment_id FROM findings WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(user_id),
                action: "finding.answered",
                object_type: "finding",
                object_id: id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: None,
                after: Some(
                    serde_json::json!({ "comment": comment, "evidence_file_id": evidence_file_id }),
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The auditor closes an open finding; 409 if it is already closed. Closing the last
    /// open major finding reinstates the assessment's certificate.
    pub async fn close_finding(&self, id: i64, comment: &str, auditor_id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let found: Option<(i64, String)> =
            sqlx::query_as("SELECT assessment_id, severity FROM findings WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let (assessment_id, severity) = found.ok_or(Error::NotFound)?;
        // Locked as raising a finding locks it, so two closings (or a raise and a closing)
        // count the open major findings one after the other.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM assessments WHERE id = $1{}",
            super::lock_row(self.backend)
        )))
        .bind(assessment_id)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE findings SET status = 'closed', closed_by = $1, closed_at = $2, close_comment = $3 \
             WHERE id = $4 AND status = 'open'",
        )
        .bind(auditor_id)
        .bind(now())
        .bind(comment)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            drop(tx);
            return Err(match self.finding(id).await? {
                None => Error::NotFound,
                Some(_) => Error::Conflict(Msg::new("finding-already-closed")),
            });
        }
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(auditor_id),
                action: "finding.closed",
                object_type: "finding",
                object_id: id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: Some(serde_json::json!({ "status": "open" })),
                after: Some(serde_json::json!({ "status": "closed", "comment": comment })),
            },
        )
        .await?;
        if crate::domain::certificate::finding_suspends(&severity, true)
            && open_major(&mut tx, assessment_id).await? == 0
        {
            super::certificates::audit_suspension(&mut tx, assessment_id, id, auditor_id, false)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// How many major findings are open on an assessment, inside the caller's transaction.
async fn open_major(conn: &mut sqlx::AnyConnection, assessment_id: i64) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM findings WHERE assessment_id = $1 AND severity = 'major' \
         AND status = 'open'",
    )
    .bind(assessment_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n)
}

/// An open finding as the lists across sites show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenFinding {
    pub id: i64,
    pub assessment_id: i64,
    pub item_key: String,
    pub severity: String,
    pub due_date: String,
    pub site_id: i64,
    pub site_name: String,
    pub company_name: String,
    pub year: i64,
}

impl OpenFinding {
    pub fn due(&self) -> Option<Date> {
        parse_date(&self.due_date)
    }

    pub fn overdue(&self, today: Date) -> bool {
        self.due().is_some_and(|d| d < today)
    }
}

impl Store {
    /// Open findings on the sites `vis` allows, soonest due first.
    pub async fn open_findings(&self, vis: crate::domain::Visibility) -> Result<Vec<OpenFinding>> {
        let sql = format!(
            "SELECT f.id, f.assessment_id, f.item_key, f.severity, f.due_date, s.id AS site_id, \
             s.name AS site_name, c.name AS company_name, a.year FROM findings f \
             JOIN assessments a ON a.id = f.assessment_id JOIN org_nodes s ON s.id = a.site_id \
             JOIN org_nodes c ON c.id = s.company_id \
             WHERE f.status = 'open' AND ($1 = $1) AND {} ORDER BY f.due_date, f.id",
            super::org::visibility_sql(vis, "s")
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(super::org::visibility_user(vis))
            .fetch_all(&self.pool)
            .await?)
    }
}

/// A finding from its row and its responses.
fn finding(r: Row, responses: Vec<FindingResponse>) -> Result<Finding> {
    Ok(Finding {
        id: r.0,
        assessment_id: r.1,
        round: r.2,
        item_key: r.3,
        severity: r.4,
        action: r.5,
        due_date: parse_date(&r.6)
            .ok_or_else(|| anyhow::anyhow!("stored due date {:?} is unreadable", r.6))?,
        status: r.7,
        raised_by: r.8,
        raised_at: r.9,
        closed_at: r.10,
        close_comment: r.11,
        responses,
    })
}
