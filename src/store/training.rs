//! Staff rosters and training records of a site, and imports waiting for confirmation.

use time::Date;

use super::{Store, now};
use crate::domain::coverage::{Completion, StaffMember};
use crate::domain::{Delivery, JobRole};
use crate::error::Result;
use crate::import::training::{
    BATCH, Batch, Existing, FileError, KnownStaff, Plan, RecordWrite, StaffWrite, Vocabulary,
    prepare_streaming,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub employee_ref: String,
    pub first_name: String,
    pub last_name: String,
    pub job_role: JobRole,
    pub start_date: Date,
    pub left_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRecord {
    pub employee_ref: String,
    pub module: String,
    pub completed_on: Date,
    pub delivery: Delivery,
    pub provider: String,
}

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

fn bad(what: &str, value: &str) -> crate::error::Error {
    anyhow::anyhow!("stored {what} {value:?} is unreadable").into()
}

pub(super) type StaffTuple = (String, String, String, String, String, Option<String>);
pub(super) type RecordTuple = (String, String, String, String, String);

pub(super) const STAFF_COLUMNS: &[&str] = &[
    "employee_ref",
    "first_name",
    "last_name",
    "job_role",
    "start_date",
    "left_on",
];

/// The staff of the site `site` (an SQL expression), by reference.
pub(super) fn staff_of(site: &str) -> String {
    format!("FROM staff WHERE site_id = {site} ORDER BY employee_ref")
}

pub(super) const RECORD_COLUMNS: &[&str] = &[
    "employee_ref",
    "module",
    "completed_on",
    "delivery",
    "provider",
];

/// The training records of the site `site`, newest first.
pub(super) fn records_of(site: &str) -> String {
    format!("FROM training_records WHERE site_id = {site} ORDER BY completed_on DESC, employee_ref")
}

pub(super) fn staff_from(rows: Vec<StaffTuple>) -> Result<Vec<Staff>> {
    rows.into_iter()
        .map(|(employee_ref, first_name, last_name, role, start, left)| {
            Ok(Staff {
                job_role: JobRole::parse(&role).ok_or_else(|| bad("job role", &role))?,
                start_date: parse_date(&start).ok_or_else(|| bad("date", &start))?,
                left_on: left.as_deref().and_then(parse_date),
                employee_ref,
                first_name,
                last_name,
            })
        })
        .collect()
}

pub(super) fn records_from(rows: Vec<RecordTuple>) -> Result<Vec<TrainingRecord>> {
    rows.into_iter()
        .map(|(employee_ref, module, done, delivery, provider)| {
            Ok(TrainingRecord {
                completed_on: parse_date(&done).ok_or_else(|| bad("date", &done))?,
                delivery: Delivery::parse(&delivery).ok_or_else(|| bad("delivery", &delivery))?,
                employee_ref,
                module,
                provider,
            })
        })
        .collect()
}

/// What the coverage computation reads of the staff and their records.
pub fn coverage_parts(
    staff: Vec<Staff>,
    records: Vec<TrainingRecord>,
) -> (Vec<StaffMember>, Vec<Completion>) {
    let staff = staff
        .into_iter()
        .map(|s| StaffMember {
            active: s.left_on.is_none(),
            employee_ref: s.employee_ref,
            role: s.job_role,
            start_date: s.start_date,
        })
        .collect();
    let completions = records
        .into_iter()
        .map(|r| Completion {
            employee_ref: r.employee_ref,
            module: r.module,
            completed_on: r.completed_on,
        })
        .collect();
    (staff, completions)
}

async fn staff_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    site_id: i64,
) -> Result<Vec<Staff>> {
    let sql = format!("SELECT {} {}", STAFF_COLUMNS.join(", "), staff_of("$1"));
    let rows: Vec<StaffTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(site_id)
        .fetch_all(db)
        .await?;
    staff_from(rows)
}

async fn records_in<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    site_id: i64,
) -> Result<Vec<TrainingRecord>> {
    let sql = format!("SELECT {} {}", RECORD_COLUMNS.join(", "), records_of("$1"));
    let rows: Vec<RecordTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(site_id)
        .fetch_all(db)
        .await?;
    records_from(rows)
}

/// The roster and records keyed as an import identifies them.
fn existing_from(staff: Vec<Staff>, records: Vec<TrainingRecord>) -> Existing {
    let mut existing = Existing::default();
    for s in staff {
        existing.staff.insert(
            s.employee_ref,
            KnownStaff {
                job_role: s.job_role,
                first_name: s.first_name,
                last_name: s.last_name,
                start_date: s.start_date,
            },
        );
    }
    for r in records {
        existing.records.insert(
            (r.employee_ref, r.module, r.completed_on),
            (r.delivery, r.provider),
        );
    }
    existing
}

/// A batch ready for the database: its statement, its rows as JSON, how many.
pub struct Encoded {
    kind: BatchKind,
    json: String,
    rows: usize,
}

impl Encoded {
    fn of(batch: &Batch) -> Result<Encoded> {
        Ok(match batch {
            Batch::Staff(rows) => Encoded {
                kind: BatchKind::Staff,
                json: staff_json(rows)?,
                rows: rows.len(),
            },
            Batch::Records(rows) => Encoded {
                kind: BatchKind::Records,
                json: records_json(rows)?,
                rows: rows.len(),
            },
        })
    }
}

fn staff_json(rows: &[StaffWrite]) -> Result<String> {
    json_rows(rows.iter().map(|w| {
        (
            w.employee_ref.as_str(),
            w.staff.first_name.as_str(),
            w.staff.last_name.as_str(),
            w.staff.job_role.key(),
            w.staff.start_date,
        )
    }))
}

fn records_json(rows: &[RecordWrite]) -> Result<String> {
    json_rows(rows.iter().map(|w| {
        (
            w.employee_ref.as_str(),
            w.training.module.as_str(),
            w.training.delivery.key(),
            w.training.provider.as_str(),
            w.training.completed_on,
        )
    }))
}

/// An import's transaction: batches of people and records, then commit (or drop to roll back).
pub struct TrainingWriter {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    backend: super::Backend,
    site_id: i64,
    stamp: String,
}

#[derive(Debug, Clone, Copy)]
enum BatchKind {
    Staff,
    Records,
}

impl TrainingWriter {
    /// The site's roster and records as this transaction sees them.
    pub async fn existing(&mut self) -> Result<Existing> {
        let staff = staff_in(&mut *self.tx, self.site_id).await?;
        let records = records_in(&mut *self.tx, self.site_id).await?;
        Ok(existing_from(staff, records))
    }

    async fn write(&mut self, kind: BatchKind, json: String, expected: usize) -> Result<u64> {
        let sql = match (kind, self.backend) {
            (BatchKind::Staff, super::Backend::Sqlite) => UPSERT_STAFF,
            (BatchKind::Records, super::Backend::Sqlite) => UPSERT_RECORDS,
            (BatchKind::Staff, super::Backend::Postgres) => UPSERT_STAFF_PG,
            (BatchKind::Records, super::Backend::Postgres) => UPSERT_RECORDS_PG,
        };
        let done = sqlx::query(sql)
            .bind(self.site_id)
            .bind(&self.stamp)
            .bind(json)
            .execute(&mut *self.tx)
            .await?;
        if done.rows_affected() != expected as u64 {
            return Err(anyhow::anyhow!(
                "a batch of {expected} wrote {} rows",
                done.rows_affected()
            )
            .into());
        }
        Ok(expected as u64)
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// One JSON array of rows `[a, b, c, d, "YYYY-MM-DD"]`, written straight into a string.
fn json_rows<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, &'a str, &'a str, Date)>,
) -> Result<String> {
    let mut out = Vec::with_capacity(BATCH * 64);
    out.push(b'[');
    for (i, (a, b, c, d, date)) in rows.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let day = format!("{date}");
        serde_json::to_writer(&mut out, &(a, b, c, d, day.as_str()))
            .map_err(|e| anyhow::anyhow!("encoding an import batch: {e}"))?;
    }
    out.push(b']');
    String::from_utf8(out).map_err(|e| anyhow::anyhow!("import batch is not UTF-8: {e}").into())
}

// A batch arrives as one JSON array of rows: SQLite reads it with `jsonb_each`, PostgreSQL
// with `jsonb_array_elements`; the rest of the statements is the same.
const UPSERT_STAFF: &str = "INSERT INTO staff (site_id, employee_ref, first_name, last_name, job_role, start_date, updated_at) \
     SELECT $1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, $2 \
     FROM jsonb_each($3) WHERE true \
     ON CONFLICT (site_id, employee_ref) DO UPDATE SET \
     first_name = excluded.first_name, last_name = excluded.last_name, \
     job_role = excluded.job_role, start_date = excluded.start_date, updated_at = excluded.updated_at";

const UPSERT_RECORDS: &str = "INSERT INTO training_records (site_id, employee_ref, module, completed_on, delivery, provider, updated_at) \
     SELECT $1, value ->> 0, value ->> 1, value ->> 4, value ->> 2, value ->> 3, $2 \
     FROM jsonb_each($3) WHERE true \
     ON CONFLICT (site_id, employee_ref, module, completed_on) DO UPDATE SET \
     delivery = excluded.delivery, provider = excluded.provider, updated_at = excluded.updated_at";

const UPSERT_STAFF_PG: &str = "INSERT INTO staff (site_id, employee_ref, first_name, last_name, job_role, start_date, updated_at) \
     SELECT $1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, $2 \
     FROM jsonb_array_elements($3::jsonb) AS batch(value) \
     ON CONFLICT (site_id, employee_ref) DO UPDATE SET \
     first_name = excluded.first_name, last_name = excluded.last_name, \
     job_role = excluded.job_role, start_date = excluded.start_date, updated_at = excluded.updated_at";

const UPSERT_RECORDS_PG: &str = "INSERT INTO training_records (site_id, employee_ref, module, completed_on, delivery, provider, updated_at) \
     SELECT $1, value ->> 0, value ->> 1, value ->> 4, value ->> 2, value ->> 3, $2 \
     FROM jsonb_array_elements($3::jsonb) AS batch(value) \
     ON CONFLICT (site_id, employee_ref, module, completed_on) DO UPDATE SET \
     delivery = excluded.delivery, provider = excluded.provider, updated_at = excluded.updated_at";

impl Store {
    pub async fn staff(&self, site_id: i64) -> Result<Vec<Staff>> {
        staff_in(&self.pool, site_id).await
    }

    pub async fn training_records(&self, site_id: i64) -> Result<Vec<TrainingRecord>> {
        records_in(&self.pool, site_id).await
    }

    /// The roster and completions as the coverage computation takes them.
    pub async fn coverage_inputs(
        &self,
        site_id: i64,
    ) -> Result<(Vec<StaffMember>, Vec<Completion>)> {
        Ok(coverage_parts(
            self.staff(site_id).await?,
            self.training_records(site_id).await?,
        ))
    }

    /// What an import compares its rows with.
    pub async fn existing_training(&self, site_id: i64) -> Result<Existing> {
        Ok(existing_from(
            self.staff(site_id).await?,
            self.training_records(site_id).await?,
        ))
    }

    /// Checks and imports a file in one go: the database writes each batch while the rest of
    /// the file is checked. If any row is wrong, the transaction is rolled back and the plan
    /// with its errors returned: nothing is written.
    pub async fn import_training(
        &self,
        site_id: i64,
        actor_id: Option<i64>,
        bytes: Vec<u8>,
        vocab: Vocabulary,
        today: Date,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<std::result::Result<Plan, FileError>> {
        // The counts (and the audit entry) are what this transaction changes: the site's data
        // is read inside it, once no other import of the site can write any more.
        let mut writer = self.training_writer(site_id).await?;
        let existing = writer.existing().await?;
        let (send, mut receive) = tokio::sync::mpsc::channel::<Result<Encoded>>(2);
        // Checking and encoding on one thread, writing on the database's: both cores busy.
        let checker = tokio::task::spawn_blocking(move || {
            prepare_streaming(&bytes, &vocab, &existing, today, &mut |batch| {
                // The writer stops listening only on a database error, reported below.
                let _ = send.blocking_send(Encoded::of(&batch));
            })
        });
        let mut written = Ok(());
        while let Some(encoded) = receive.recv().await {
            let result = match encoded {
                Ok(e) => writer.write(e.kind, e.json, e.rows).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(n) => progress(n),
                Err(e) => {
                    written = Err(e);
                    break;
                }
            }
        }
        drop(receive);
        let plan = checker
            .await
            .map_err(|e| anyhow::anyhow!("checking the file failed: {e}"))?;
        written?;
        match plan {
            Ok(plan) if plan.errors.is_empty() => {
                super::audit::append(
                    &mut writer.tx,
                    super::audit::Change {
                        actor_id,
                        action: "training.imported",
                        object_type: "training_records",
                        object_id: "-".to_owned(),
                        site_id: Some(site_id),
                        assessment_id: None,
                        before: None,
                        after: Some(serde_json::json!({
                            "added": plan.added, "updated": plan.updated, "unchanged": plan.unchanged,
                        })),
                    },
                )
                .await?;
                writer.commit().await?;
                Ok(Ok(plan))
            }
            // Dropping the writer rolls the transaction back.
            other => Ok(other),
        }
    }

    /// Starts the transaction an import writes in, and waits until it is the only import of
    /// the site: on SQLite the transaction holds the write lock from its start; on PostgreSQL
    /// it locks the site's row in `org_nodes` (`NO KEY`: rows that refer to the site can still
    /// be written meanwhile).
    pub async fn training_writer(&self, site_id: i64) -> Result<TrainingWriter> {
        let mut tx = self.write_tx().await?;
        if self.backend == super::Backend::Postgres {
            sqlx::query("SELECT id FROM org_nodes WHERE id = $1 FOR NO KEY UPDATE")
                .bind(site_id)
                .execute(&mut *tx)
                .await?;
        }
        Ok(TrainingWriter {
            tx,
            backend: self.backend,
            site_id,
            stamp: now(),
        })
    }

    /// Keeps an uploaded file until the user confirms its preview; returns the token.
    pub async fn save_pending_import(
        &self,
        site_id: i64,
        user_id: i64,
        file_name: &str,
        content: &[u8],
    ) -> Result<String> {
        let token = crate::auth::new_secret();
        // Old previews nobody confirmed are of no use after a day.
        let yesterday =
            super::format_timestamp(time::OffsetDateTime::now_utc() - time::Duration::days(1));
        sqlx::query("DELETE FROM pending_imports WHERE created_at < $1")
            .bind(yesterday)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO pending_imports (token, site_id, user_id, file_name, content, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&token)
        .bind(site_id)
        .bind(user_id)
        .bind(file_name)
        .bind(content.to_vec())
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// The pending file behind `token`, only for the user and site it was uploaded for.
    pub async fn pending_import(
        &self,
        token: &str,
        site_id: i64,
        user_id: i64,
    ) -> Result<Option<(String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT file_name, content FROM pending_imports \
             WHERE token = $1 AND site_id = $2 AND user_id = $3",
        )
        .bind(token)
        .bind(site_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn delete_pending_import(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM pending_imports WHERE token = $1")
            .bind(token)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Everything kept about one person at a site: the roster entry and their records.
    pub async fn staff_member(
        &self,
        site_id: i64,
        employee_ref: &str,
    ) -> Result<Option<(Staff, Vec<TrainingRecord>)>> {
        let staff = self
            .staff(site_id)
            .await?
            .into_iter()
            .find(|s| s.employee_ref == employee_ref);
        let Some(staff) = staff else {
            return Ok(None);
        };
        let records = self
            .training_records(site_id)
            .await?
            .into_iter()
            .filter(|r| r.employee_ref == employee_ref)
            .collect();
        Ok(Some((staff, records)))
    }

    /// Marks a person as having left (or back, with `None`).
    pub async fn set_staff_left(
        &self,
        site_id: i64,
        employee_ref: &str,
        left_on: Option<Date>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE staff SET left_on = $1, updated_at = $2 WHERE site_id = $3 AND employee_ref = $4",
        )
        .bind(left_on.map(|d| d.to_string()))
        .bind(now())
        .bind(site_id)
        .bind(employee_ref)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Erases a person and their training records, and notes in the audit log that an
    /// erasure happened, with counts only. One transaction.
    pub async fn erase_staff(
        &self,
        site_id: i64,
        employee_ref: &str,
        actor_id: i64,
    ) -> Result<Option<u64>> {
        let mut tx = self.write_tx().await?;
        let records =
            sqlx::query("DELETE FROM training_records WHERE site_id = $1 AND employee_ref = $2")
                .bind(site_id)
                .bind(employee_ref)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let staff = sqlx::query("DELETE FROM staff WHERE site_id = $1 AND employee_ref = $2")
            .bind(site_id)
            .bind(employee_ref)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if staff == 0 {
            return Ok(None);
        }
        // Uploaded spreadsheets waiting for confirmation may name the person too.
        sqlx::query("DELETE FROM pending_imports WHERE site_id = $1")
            .bind(site_id)
            .execute(&mut *tx)
            .await?;
        // The trail notes that an erasure happened, never whom it concerned.
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(actor_id),
                action: "staff.erased",
                object_type: "staff",
                object_id: "-".to_owned(),
                site_id: Some(site_id),
                assessment_id: None,
                before: None,
                after: Some(serde_json::json!({ "training_records": records })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Some(records))
    }
}
