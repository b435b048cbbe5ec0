//! Bulk loading for the large demo data set: multi-row inserts in one transaction, with
//! ids chosen by the loader. Nothing here is reachable from a request.

use super::Store;
use crate::criteria::CriteriaVersion;
use crate::error::Result;

/// A value to insert.
#[derive(Debug, Clone)]
pub enum Val {
    Int(i64),
    Text(String),
    Real(f64),
    Null,
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_owned())
    }
}

impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}

impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        v.map_or(Val::Null, Val::Text)
    }
}

/// The tables the loader fills, with their columns.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Nodes,
    Staff,
    TrainingRecords,
    Assessments,
    Answers,
    CriterionResults,
    Rounds,
    Decisions,
    Certificates,
    Findings,
    SiteTraining,
    UserScopes,
}

impl Table {
    fn sql(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Table::Nodes => (
                "org_nodes",
                &[
                    "id",
                    "kind",
                    "parent_id",
                    "company_id",
                    "name",
                    "country",
                    "city",
                    "created_at",
                ],
            ),
            Table::Staff => (
                "staff",
                &[
                    "site_id",
                    "employee_ref",
                    "job_role",
                    "start_date",
                    "left_on",
                    "updated_at",
                ],
            ),
            Table::TrainingRecords => (
                "training_records",
                &[
                    "site_id",
                    "employee_ref",
                    "module",
                    "completed_on",
                    "delivery",
                    "provider",
                    "updated_at",
                ],
            ),
            Table::Assessments => (
                "assessments",
                &[
                    "id",
                    "site_id",
                    "year",
                    "criteria_version",
                    "status",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "submitted_by",
                    "submitted_at",
                    "round",
                    "progress",
                    "criteria_met",
                    "criteria_mask",
                    "reviewer_id",
                ],
            ),
            Table::Answers => (
                "answers",
                &[
                    "assessment_id",
                    "item_key",
                    "answer",
                    "comment",
                    "to_confirm",
                    "updated_by",
                    "updated_at",
                ],
            ),
            Table::CriterionResults => (
                "criterion_results",
                &[
                    "assessment_id",
                    "criterion_id",
                    "number",
                    "compliant",
                    "score",
                ],
            ),
            Table::Rounds => (
                "rounds",
                &["assessment_id", "round", "submitted_by", "submitted_at"],
            ),
            Table::Decisions => (
                "decisions",
                &[
                    "assessment_id",
                    "round",
                    "decision",
                    "comment",
                    "decided_by",
                    "decided_at",
                ],
            ),
            Table::Certificates => (
                "certificates",
                &[
                    "serial",
                    "assessment_id",
                    "site_id",
                    "company_id",
                    "year",
                    "issued_at",
                    "valid_from",
                    "valid_until",
                    "content",
                    "signature",
                    "key_id",
                    "issued_by",
                ],
            ),
            Table::Findings => (
                "findings",
                &[
                    "assessment_id",
                    "round",
                    "item_key",
                    "severity",
                    "action",
                    "due_date",
                    "status",
                    "raised_by",
                    "raised_at",
                ],
            ),
            Table::SiteTraining => (
                "site_training",
                &[
                    "site_id",
                    "required",
                    "trained",
                    "overdue_people",
                    "computed_on",
                ],
            ),
            Table::UserScopes => ("user_scopes", &["user_id", "node_id", "position"]),
        }
    }
}

/// An open bulk transaction.
pub struct Loader {
    tx: sqlx::Transaction<'static, sqlx::Any>,
}

/// Bound parameters per statement, well under SQLite's limit.
const MAX_PARAMS: usize = 900;

impl Loader {
    /// Inserts `rows` (each with the table's columns, in order).
    pub async fn insert(&mut self, table: Table, rows: &[Vec<Val>]) -> Result<()> {
        let (name, columns) = table.sql();
        let per_row = columns.len();
        let chunk = (MAX_PARAMS / per_row).max(1);
        for part in rows.chunks(chunk) {
            let mut sql = format!("INSERT INTO {name} ({}) VALUES ", columns.join(", "));
            let mut n = 0;
            for (i, row) in part.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for (c, v) in row.iter().enumerate() {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    // A NULL is written out, so that PostgreSQL takes its type from the
                    // column rather than from a parameter typed by the first batch.
                    if matches!(v, Val::Null) {
                        sql.push_str("NULL");
                    } else {
                        n += 1;
                        sql.push_str(&format!("${n}"));
                    }
                }
                sql.push(')');
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for row in part {
                for v in row {
                    query = match v {
                        Val::Int(i) => query.bind(*i),
                        Val::Text(t) => query.bind(t.clone()),
                        Val::Real(r) => query.bind(*r),
                        Val::Null => query,
                    };
                }
            }
            // Each batch's statement differs (its NULLs): none is worth keeping prepared.
            query.persistent(false).execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Sets the status of assessments once their answers are in (answers of a submitted
    /// assessment cannot be inserted).
    pub async fn set_status(&mut self, ids: &[i64], status: &str) -> Result<()> {
        for part in ids.chunks(5_000) {
            let list: Vec<String> = part.iter().map(i64::to_string).collect();
            let sql = format!(
                "UPDATE assessments SET status = $1 WHERE id IN ({})",
                list.join(",")
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(status)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    pub async fn store_version(&mut self, version: &CriteriaVersion) -> Result<()> {
        Store::store_criteria_version(&mut self.tx, version).await
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    pub async fn bulk_loader(&self) -> Result<Loader> {
        Ok(Loader {
            tx: self.write_tx().await?,
        })
    }

    /// The next free id of a table with an integer `id` key.
    /// After a bulk load, on PostgreSQL: the identity sequences move past the largest id of
    /// each table (rows came with their own ids), so the next ordinary insert does not
    /// collide, and the planner's statistics are gathered (without them the dashboard's
    /// queries took 1.5 s instead of 0.1). SQLite needs neither.
    pub async fn after_bulk_load(&self) -> Result<()> {
        self.fill_search_names().await?;
        if self.backend != super::Backend::Postgres {
            return Ok(());
        }
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT table_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
        )
        .fetch_all(&self.pool)
        .await?;
        for (table,) in tables {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    pub async fn next_id(&self, table: Table) -> Result<i64> {
        let (name, _) = table.sql();
        let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {name}");
        let (id,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_one(&self.pool)
            .await?;
        Ok(id)
    }
}
