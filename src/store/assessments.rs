//! Assessments (one per site and year) and their answers.

use std::collections::HashMap;

use super::{Store, now, unique_conflict};
use crate::criteria::CriteriaVersion;
use crate::domain::{Answer, AssessmentStatus, ReportingYear};
use crate::error::{Error, Result};

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub(super) struct AssessmentRow {
    id: i64,
    site_id: i64,
    year: i64,
    criteria_version: String,
    status: String,
    carried_from: Option<i64>,
    created_at: String,
    updated_at: String,
    submitted_by: Option<i64>,
    submitted_at: Option<String>,
    training_figures: Option<String>,
    reviewer_id: Option<i64>,
    round: i64,
}

#[derive(Debug, Clone)]
pub struct Assessment {
    pub id: i64,
    pub site_id: i64,
    pub year: i32,
    pub criteria_version: String,
    pub status: AssessmentStatus,
    pub carried_from: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<String>,
    /// JSON of the computed items' figures, frozen at submission.
    pub training_figures: Option<String>,
    /// The auditor who took the submission for review.
    pub reviewer_id: Option<i64>,
    /// How many times it was submitted: verdicts belong to a round.
    pub round: i64,
}

impl TryFrom<AssessmentRow> for Assessment {
    type Error = Error;

    fn try_from(r: AssessmentRow) -> Result<Assessment> {
        let status = AssessmentStatus::parse(&r.status).ok_or_else(|| {
            anyhow::anyhow!("assessment {} has unknown status {:?}", r.id, r.status)
        })?;
        Ok(Assessment {
            id: r.id,
            site_id: r.site_id,
            year: r.year as i32,
            criteria_version: r.criteria_version,
            status,
            carried_from: r.carried_from,
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            training_figures: r.training_figures,
            reviewer_id: r.reviewer_id,
            round: r.round,
        })
    }
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub(super) struct AnswerRow {
    item_key: String,
    answer: String,
    comment: String,
    to_confirm: i64,
    updated_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub answer: Answer,
    pub comment: String,
    /// Carried over from last year and not yet confirmed.
    pub to_confirm: bool,
    pub updated_at: String,
}

/// Answers of one assessment by item key.
pub type Answers = HashMap<String, StoredAnswer>;

/// The answers that count: confirmed ones.
pub fn confirmed(answers: &Answers) -> HashMap<&str, Answer> {
    answers
        .iter()
        .filter(|(_, a)| !a.to_confirm)
        .map(|(k, a)| (k.as_str(), a.answer))
        .collect()
}

/// The verdicts as the scoring reads them. The database only holds known verdicts; anything
/// else would count as not accepted, never as accepted.
pub fn verdict_kinds(
    verdicts: &HashMap<String, Verdict>,
) -> HashMap<&str, crate::domain::scoring::ItemVerdict> {
    verdicts
        .iter()
        .map(|(k, v)| {
            (
                k.as_str(),
                crate::domain::scoring::ItemVerdict::parse(&v.verdict)
                    .unwrap_or(crate::domain::scoring::ItemVerdict::NeedsInfo),
            )
        })
        .collect()
}

const ASSESSMENT_COLUMNS: &str = "id, site_id, year, criteria_version, status, carried_from, \
     created_at, updated_at, submitted_by, submitted_at, training_figures, reviewer_id, round";

/// [`ASSESSMENT_COLUMNS`] of the assessment aliased `alias`, one by one.
pub(super) fn assessment_columns(alias: &str) -> Vec<String> {
    ASSESSMENT_COLUMNS
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect()
}

pub(super) const ANSWER_COLUMNS: &[&str] =
    &["item_key", "answer", "comment", "to_confirm", "updated_at"];

/// The answers as stored, keyed by item.
pub(super) fn answers_from(rows: Vec<AnswerRow>) -> Result<Answers> {
    rows.into_iter()
        .map(|r| {
            let answer = Answer::parse(&r.answer)
                .ok_or_else(|| anyhow::anyhow!("stored answer {:?} is unknown", r.answer))?;
            Ok((
                r.item_key,
                StoredAnswer {
                    answer,
                    comment: r.comment,
                    to_confirm: r.to_confirm != 0,
                    updated_at: r.updated_at,
                },
            ))
        })
        .collect()
}

/// A verdict row: item, verdict, comment, auditor, when, carried (0 or 1).
pub(super) type VerdictRow = (String, String, String, i64, String, i64);

pub(super) fn verdicts_from(rows: Vec<VerdictRow>) -> HashMap<String, Verdict> {
    rows.into_iter()
        .map(|(k, verdict, comment, auditor_id, at, carried)| {
            (
                k,
                Verdict {
                    verdict,
                    comment,
                    auditor_id,
                    at,
                    carried: carried != 0,
                },
            )
        })
        .collect()
}

impl Store {
    /// Starts the assessment of `site_id` for `year`, pinned to `version`. Answers of the
    /// site's latest earlier assessment are carried over, each marked to confirm, for the
    /// items the new version still has. All of it in one transaction.
    pub async fn create_assessment(
        &self,
        site_id: i64,
        year: ReportingYear,
        version: &CriteriaVersion,
        user_id: i64,
    ) -> Result<Assessment> {
        let mut tx = self.write_tx().await?;
        Store::store_criteria_version(&mut tx, version).await?;
        let previous: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM assessments WHERE site_id = $1 AND year < $2 ORDER BY year DESC LIMIT 1",
        )
        .bind(site_id)
        .bind(i64::from(year.get()))
        .fetch_optional(&mut *tx)
        .await?;
        let stamp = now();
        let sql = format!(
            "INSERT INTO assessments (site_id, year, criteria_version, status, carried_from, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $6) \
             RETURNING {ASSESSMENT_COLUMNS}"
        );
        let row: AssessmentRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(site_id)
            .bind(i64::from(year.get()))
            .bind(&version.version)
            .bind(previous.map(|(id,)| id))
            .bind(user_id)
            .bind(&stamp)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| unique_conflict(e, "assessment-exists"))?;
        if let Some((previous_id,)) = previous {
            let carried: Vec<AnswerRow> = sqlx::query_as(
                "SELECT item_key, answer, comment, to_confirm, updated_at FROM answers \
                 WHERE assessment_id = $1",
            )
            .bind(previous_id)
            .fetch_all(&mut *tx)
            .await?;
            for a in carried {
                let still_valid = version.item(&a.item_key).is_some_and(|(_, item)| {
                    Answer::parse(&a.answer).is_some_and(|ans| item.accepts(ans))
                });
                if !still_valid {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO answers (assessment_id, item_key, answer, comment, to_confirm, \
                     updated_by, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6)",
                )
                .bind(row.id)
                .bind(&a.item_key)
                .bind(&a.answer)
                .bind(&a.comment)
                .bind(user_id)
                .bind(&stamp)
                .execute(&mut *tx)
                .await?;
            }
        }
        super::results::write(&mut tx, row.id, version).await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(user_id),
                action: "assessment.created",
                object_type: "assessment",
                object_id: row.id.to_string(),
                site_id: Some(site_id),
                assessment_id: Some(row.id),
                before: None,
                after: Some(serde_json::json!({
                    "year": year.get(),
                    "criteria_version": version.version,
                    "carried_from": row.carried_from,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        row.try_into()
    }

    pub async fn assessment(&self, id: i64) -> Result<Option<Assessment>> {
        let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = $1");
        let row: Option<AssessmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Assessment::try_from).transpose()
    }

    pub async fn site_assessments(&self, site_id: i64) -> Result<Vec<Assessment>> {
        let sql = format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE site_id = $1 ORDER BY year DESC"
        );
        let rows: Vec<AssessmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(site_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(Assessment::try_from).collect()
    }

    /// The latest assessment of each of `site_ids` that has one, by site id, in one query.
    pub async fn latest_assessments_of(
        &self,
        site_ids: &[i64],
    ) -> Result<HashMap<i64, Assessment>> {
        if site_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let params: Vec<String> = (1..=site_ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments a WHERE a.site_id IN ({}) \
             AND a.year = (SELECT MAX(b.year) FROM assessments b WHERE b.site_id = a.site_id)",
            params.join(", ")
        );
        let mut query = sqlx::query_as::<_, AssessmentRow>(sqlx::AssertSqlSafe(sql));
        for id in site_ids {
            query = query.bind(*id);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|row| Assessment::try_from(row).map(|a| (a.site_id, a)))
            .collect()
    }

    /// The latest assessment of every site `vis` allows, by site id, in one query.
    pub async fn latest_assessments(
        &self,
        vis: crate::domain::Visibility,
    ) -> Result<HashMap<i64, Assessment>> {
        let sql = format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments a WHERE ($1 = $1) AND EXISTS \
             (SELECT 1 FROM org_nodes s WHERE s.id = a.site_id AND {}) \
             AND a.year = (SELECT MAX(b.year) FROM assessments b WHERE b.site_id = a.site_id)",
            super::org::visibility_sql(vis, "s")
        );
        let rows: Vec<AssessmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(super::org::visibility_user(vis))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| Assessment::try_from(r).map(|a| (a.site_id, a)))
            .collect()
    }

    pub async fn answers(&self, assessment_id: i64) -> Result<Answers> {
        let rows: Vec<AnswerRow> = sqlx::query_as(
            "SELECT item_key, answer, comment, to_confirm, updated_at FROM answers \
             WHERE assessment_id = $1",
        )
        .bind(assessment_id)
        .fetch_all(&self.pool)
        .await?;
        answers_from(rows)
    }

    /// Saves (and thereby confirms) one answer. 409 once the assessment is no longer editable.
    pub async fn put_answer(
        &self,
        assessment_id: i64,
        version: &CriteriaVersion,
        item_key: &str,
        answer: Answer,
        comment: &str,
        user_id: i64,
    ) -> Result<()> {
        self.put_answers(
            assessment_id,
            version,
            &[(item_key, answer, comment)],
            user_id,
        )
        .await
    }

    /// Saves several answers at once, all or none.
    pub async fn put_answers(
        &self,
        assessment_id: i64,
        version: &CriteriaVersion,
        answers: &[(&str, Answer, &str)],
        user_id: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row: Option<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT status, site_id FROM assessments WHERE id = $1{}",
            super::lock_row(self.backend)
        )))
        .bind(assessment_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, site_id) = row.ok_or(Error::NotFound)?;
        let status = AssessmentStatus::parse(&status).ok_or(Error::NotFound)?;
        if !status.is_editable() {
            return Err(Error::conflict("assessment-not-editable"));
        }
        let stamp = now();
        for (item_key, answer, comment) in answers {
            let before: Option<(String, String, i64)> = sqlx::query_as(
                "SELECT answer, comment, to_confirm FROM answers WHERE assessment_id = $1 AND item_key = $2",
            )
            .bind(assessment_id)
            .bind(*item_key)
            .fetch_optional(&mut *tx)
            .await?;
            super::audit::append(
                &mut tx,
                super::audit::Change {
                    actor_id: Some(user_id),
                    action: "answer.saved",
                    object_type: "answer",
                    object_id: (*item_key).to_owned(),
                    site_id: Some(site_id),
                    assessment_id: Some(assessment_id),
                    before: before.map(|(a, c, t)| {
                        serde_json::json!({ "answer": a, "comment": c, "to_confirm": t != 0 })
                    }),
                    after: Some(serde_json::json!({ "answer": answer.as_str(), "comment": comment })),
                },
            )
            .await?;
            sqlx::query(
                "INSERT INTO answers (assessment_id, item_key, answer, comment, to_confirm, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, 0, $5, $6) \
                 ON CONFLICT (assessment_id, item_key) DO UPDATE SET answer = excluded.answer, \
                 comment = excluded.comment, to_confirm = 0, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(assessment_id)
            .bind(*item_key)
            .bind(answer.as_str())
            .bind(*comment)
            .bind(user_id)
            .bind(&stamp)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE assessments SET updated_at = $1 WHERE id = $2")
            .bind(&stamp)
            .bind(assessment_id)
            .execute(&mut *tx)
            .await?;
        super::results::write(&mut tx, assessment_id, version).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the assessment to `submitted` if it is still editable, freezing the training
    /// figures with it; 409 if someone got there first. A resubmission stays with the auditor
    /// who held the previous round: it goes straight back `in_review` with them.
    pub async fn submit_assessment(
        &self,
        assessment_id: i64,
        user_id: i64,
        training_figures: &str,
    ) -> Result<()> {
        let stamp = now();
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE assessments SET status = CASE WHEN reviewer_id IS NULL THEN 'submitted' ELSE 'in_review' END, \
             submitted_by = $1, submitted_at = $2, updated_at = $2, training_figures = $4, round = round + 1 WHERE id = $3 AND status IN ('draft', 'changes_requested') \
             AND NOT EXISTS (SELECT 1 FROM answers WHERE assessment_id = $3 AND to_confirm = 1)",
        )
        .bind(user_id)
        .bind(&stamp)
        .bind(assessment_id)
        .bind(training_figures)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict("assessment-not-editable"));
        }
        // The round, frozen: its answers, figures and exact evidence versions.
        sqlx::query(
            "INSERT INTO rounds (assessment_id, round, submitted_by, submitted_at, training_figures) \
             SELECT id, round, submitted_by, submitted_at, training_figures FROM assessments WHERE id = $1",
        )
        .bind(assessment_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO round_answers (assessment_id, round, item_key, answer, comment) \
             SELECT a.assessment_id, s.round, a.item_key, a.answer, a.comment \
             FROM answers a JOIN assessments s ON s.id = a.assessment_id WHERE a.assessment_id = $1",
        )
        .bind(assessment_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(super::evidence::SNAPSHOT_EVIDENCE)
            .bind(assessment_id)
            .execute(&mut *tx)
            .await?;
        let (round, status): (i64, String) =
            sqlx::query_as("SELECT round, status FROM assessments WHERE id = $1")
                .bind(assessment_id)
                .fetch_one(&mut *tx)
                .await?;
        carry_verdicts(&mut tx, assessment_id, round).await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(user_id),
                action: "assessment.submitted",
                object_type: "assessment",
                object_id: assessment_id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: None,
                after: Some(serde_json::json!({ "status": status, "round": round })),
            },
        )
        .await?;
        super::notifications::notify(
            &mut tx,
            self.email_outbox,
            super::notifications::Event {
                kind: crate::domain::NotificationKind::Submitted,
                assessment_id,
                finding_id: None,
                key: format!("submitted:{assessment_id}:{round}"),
                actor_id: Some(user_id),
                audience: super::notifications::Audience::Auditors,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// An auditor takes a submission: `submitted` becomes `in_review` with them as reviewer.
    /// 409 if it is no longer waiting (someone else took it first, or it changed).
    pub async fn take_assessment(&self, assessment_id: i64, auditor_id: i64) -> Result<()> {
        let stamp = now();
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE assessments SET status = 'in_review', reviewer_id = $1, taken_at = $2, \
             updated_at = $2 WHERE id = $3 AND status = 'submitted'",
        )
        .bind(auditor_id)
        .bind(&stamp)
        .bind(assessment_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::conflict("assessment-not-waiting"));
        }
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(auditor_id),
                action: "assessment.taken",
                object_type: "assessment",
                object_id: assessment_id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: Some(serde_json::json!({ "status": "submitted" })),
                after: Some(
                    serde_json::json!({ "status": "in_review", "reviewer_id": auditor_id }),
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// `auditor_id` takes over a submission in review with someone else (`by`, who may be the
    /// admin handing it over): they become its reviewer, recorded in the history with the
    /// holder before. 409 unless it is in review with another auditor.
    pub async fn take_over_assessment(
        &self,
        assessment_id: i64,
        auditor_id: i64,
        by: i64,
    ) -> Result<()> {
        let stamp = now();
        let mut tx = self.write_tx().await?;
        let row: Option<(String, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT status, reviewer_id FROM assessments WHERE id = $1{}",
            super::lock_row(self.backend)
        )))
        .bind(assessment_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, before) = row.ok_or(Error::NotFound)?;
        if status != AssessmentStatus::InReview.as_str() || before == Some(auditor_id) {
            return Err(Error::conflict("take-over-not-possible"));
        }
        sqlx::query(
            "UPDATE assessments SET reviewer_id = $1, taken_at = $2, updated_at = $2 \
             WHERE id = $3",
        )
        .bind(auditor_id)
        .bind(&stamp)
        .bind(assessment_id)
        .execute(&mut *tx)
        .await?;
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(by),
                action: "assessment.taken_over",
                object_type: "assessment",
                object_id: assessment_id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: Some(serde_json::json!({ "reviewer_id": before })),
                after: Some(serde_json::json!({ "reviewer_id": auditor_id })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub verdict: String,
    pub comment: String,
    pub auditor_id: i64,
    pub at: String,
    /// Given in an earlier round on the same answer, comment and evidence, and kept.
    pub carried: bool,
}

impl Store {
    /// Records an auditor's verdict on an item of the current round. A submission still
    /// waiting is taken by that auditor at the same time. 409 unless submitted or in review.
    pub async fn put_verdict(
        &self,
        assessment_id: i64,
        version: &CriteriaVersion,
        item_key: &str,
        verdict: &str,
        comment: &str,
        auditor_id: i64,
    ) -> Result<()> {
        self.put_verdicts(
            assessment_id,
            version,
            &[item_key],
            verdict,
            comment,
            auditor_id,
            true,
        )
        .await
        .map(|_| ())
    }

    /// Records `verdict` on each of `item_keys` in one transaction; with `replace` false, only
    /// on the items that have no verdict yet in this round. Returns how many were recorded.
    /// The stored results follow the verdicts in the same transaction.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call site per kind of verdict; a struct would only rename the arguments"
    )]
    pub async fn put_verdicts(
        &self,
        assessment_id: i64,
        version: &CriteriaVersion,
        item_keys: &[&str],
        verdict: &str,
        comment: &str,
        auditor_id: i64,
        replace: bool,
    ) -> Result<usize> {
        let stamp = now();
        let mut tx = self.write_tx().await?;
        let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT status, round, reviewer_id FROM assessments WHERE id = $1{}",
            super::lock_row(self.backend)
        )))
        .bind(assessment_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, round, reviewer) = row.ok_or(Error::NotFound)?;
        ensure_holder(&mut tx, &status, reviewer, auditor_id).await?;
        match AssessmentStatus::parse(&status) {
            Some(AssessmentStatus::Submitted) => {
                sqlx::query(
                    "UPDATE assessments SET status = 'in_review', reviewer_id = $1, taken_at = $2, \
                     updated_at = $2 WHERE id = $3",
                )
                .bind(auditor_id)
                .bind(&stamp)
                .bind(assessment_id)
                .execute(&mut *tx)
                .await?;
            }
            Some(AssessmentStatus::InReview) => {}
            _ => return Err(Error::conflict("assessment-not-in-review")),
        }
        // A verdict given (or changed) now is this round's own, on what the round holds.
        let on_conflict = if replace {
            "DO UPDATE SET verdict = excluded.verdict, comment = excluded.comment, \
             auditor_id = excluded.auditor_id, at = excluded.at, \
             fingerprint = excluded.fingerprint, carried = 0"
        } else {
            "DO NOTHING"
        };
        let insert = format!(
            "INSERT INTO verdicts (assessment_id, round, item_key, verdict, comment, auditor_id, at, fingerprint, carried) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) \
             ON CONFLICT (assessment_id, round, item_key) {on_conflict}"
        );
        let snapshots = round_snapshots(&mut tx, assessment_id, round).await?;
        let fingerprints = crate::domain::carry::fingerprints(
            item_keys.iter().map(|k| (*k).to_owned()),
            &snapshots,
        );
        let mut recorded = 0;
        for item_key in item_keys {
            let done = sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                .bind(assessment_id)
                .bind(round)
                .bind(*item_key)
                .bind(verdict)
                .bind(comment)
                .bind(auditor_id)
                .bind(&stamp)
                .bind(fingerprints.get(*item_key))
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                continue;
            }
            recorded += 1;
            super::audit::append(
                &mut tx,
                super::audit::Change {
                    actor_id: Some(auditor_id),
                    action: "verdict.recorded",
                    object_type: "verdict",
                    object_id: (*item_key).to_owned(),
                    site_id: None,
                    assessment_id: Some(assessment_id),
                    before: None,
                    after: Some(
                        serde_json::json!({ "round": round, "verdict": verdict, "comment": comment }),
                    ),
                },
            )
            .await?;
        }
        super::results::write(&mut tx, assessment_id, version).await?;
        tx.commit().await?;
        Ok(recorded)
    }

    /// The verdicts of one round, by item.
    pub async fn verdicts(
        &self,
        assessment_id: i64,
        round: i64,
    ) -> Result<HashMap<String, Verdict>> {
        let rows: Vec<VerdictRow> = sqlx::query_as(
            "SELECT item_key, verdict, comment, auditor_id, at, carried FROM verdicts \
             WHERE assessment_id = $1 AND round = $2",
        )
        .bind(assessment_id)
        .bind(round)
        .fetch_all(&self.pool)
        .await?;
        Ok(verdicts_from(rows))
    }
}

impl Store {
    /// Records a decision on the current round and moves the assessment on, in one
    /// transaction. 409 if the status no longer allows it (someone decided first); for an
    /// approval, 409 `not_compliant` naming the criteria that fail on the audited answers
    /// (read in this transaction, so a verdict changed meanwhile cannot slip through), or
    /// naming the items still rejected; closing as not compliant is refused (409) when the
    /// audited answers meet every criterion.
    pub async fn decide(
        &self,
        assessment_id: i64,
        version: &CriteriaVersion,
        decision: crate::domain::Decision,
        comment: &str,
        user_id: i64,
        certificate: Option<&super::certificates::NewCertificate>,
    ) -> Result<AssessmentStatus> {
        let stamp = now();
        let mut tx = self.write_tx().await?;
        let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT status, round, reviewer_id FROM assessments WHERE id = $1{}",
            super::lock_row(self.backend)
        )))
        .bind(assessment_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, round, reviewer) = row.ok_or(Error::NotFound)?;
        if decision != crate::domain::Decision::Reopen {
            ensure_holder(&mut tx, &status, reviewer, user_id).await?;
        }
        let status = AssessmentStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("assessment {assessment_id} has status {status:?}"))?;
        let to = status
            .decide(decision)
            .map_err(|_| Error::conflict("decision-not-possible"))?;
        if matches!(
            decision,
            crate::domain::Decision::Approve | crate::domain::Decision::CloseNotCompliant
        ) {
            let verdict = audited_round(&mut tx, assessment_id, round, version).await?;
            match (decision, verdict) {
                (crate::domain::Decision::Approve, Err(failing)) => {
                    return Err(Error::NotCompliant(failing));
                }
                (crate::domain::Decision::Approve, Ok(result)) => {
                    if let Some(cert) = certificate
                        && !certifies(cert, version, &result)
                    {
                        // The certificate was prepared from answers or verdicts that have
                        // changed since: it would not say what the audit says.
                        return Err(Error::conflict("decision-not-possible"));
                    }
                }
                (_, Ok(_)) => return Err(Error::conflict("close-not-compliant-compliant")),
                (_, Err(_)) => {}
            }
        }
        if decision == crate::domain::Decision::Approve {
            let rejected: Vec<(String,)> = sqlx::query_as(
                "SELECT item_key FROM verdicts WHERE assessment_id = $1 AND round = $2 \
                 AND verdict = 'rejected' ORDER BY item_key",
            )
            .bind(assessment_id)
            .bind(round)
            .fetch_all(&mut *tx)
            .await?;
            let major: Vec<(i64, String)> = sqlx::query_as(
                "SELECT id, item_key FROM findings WHERE assessment_id = $1 \
                 AND severity = 'major' AND status = 'open' ORDER BY id",
            )
            .bind(assessment_id)
            .fetch_all(&mut *tx)
            .await?;
            // The rule the review page shows beside its approve button.
            let rejected = rejected.into_iter().map(|(k,)| k).collect();
            let blockers = crate::domain::approval::blockers(vec![], rejected, major);
            if let Some(message) = blockers.iter().find_map(|b| b.message()) {
                return Err(Error::Conflict(message));
            }
        }
        sqlx::query(
            "UPDATE assessments SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(to.as_str())
        .bind(&stamp)
        .bind(assessment_id)
        .bind(status.as_str())
        .execute(&mut *tx)
        .await?;
        let (decision_id,): (i64,) = sqlx::query_as(
            "INSERT INTO decisions (assessment_id, round, decision, comment, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(assessment_id)
        .bind(round)
        .bind(decision.as_str())
        .bind(comment)
        .bind(user_id)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        match (decision, certificate) {
            (crate::domain::Decision::Approve, Some(cert)) => {
                super::certificates::insert(&mut tx, assessment_id, user_id, cert).await?;
            }
            (crate::domain::Decision::Reopen, _) => {
                super::certificates::revoke_for_assessment(
                    &mut tx,
                    assessment_id,
                    user_id,
                    comment,
                )
                .await?;
            }
            _ => {}
        }
        // Closed rounds are scored on the audited answers, open ones on the site's.
        super::results::write(&mut tx, assessment_id, version).await?;
        let announced = match decision {
            crate::domain::Decision::RequestChanges => {
                Some(crate::domain::NotificationKind::ChangesRequested)
            }
            crate::domain::Decision::Approve => Some(crate::domain::NotificationKind::Approved),
            crate::domain::Decision::CloseNotCompliant => {
                Some(crate::domain::NotificationKind::NotCompliant)
            }
            crate::domain::Decision::Reopen => None,
        };
        if let Some(kind) = announced {
            super::notifications::notify(
                &mut tx,
                self.email_outbox,
                super::notifications::Event {
                    kind,
                    assessment_id,
                    finding_id: None,
                    key: format!("{}:{decision_id}", kind.as_str()),
                    actor_id: Some(user_id),
                    audience: super::notifications::Audience::Site,
                },
            )
            .await?;
        }
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(user_id),
                action: decision.as_str(),
                object_type: "assessment",
                object_id: assessment_id.to_string(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: Some(serde_json::json!({ "status": status.as_str() })),
                after: Some(serde_json::json!({ "status": to.as_str(), "round": round, "comment": comment })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(to)
    }

    /// Every decision on the assessment, oldest first: (round, decision, comment, by, at).
    pub async fn decisions(
        &self,
        assessment_id: i64,
    ) -> Result<Vec<(i64, String, String, i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT round, decision, comment, decided_by, decided_at FROM decisions \
             WHERE assessment_id = $1 ORDER BY id",
        )
        .bind(assessment_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// What each item of `round` held when it was submitted (answers and evidence, frozen).
async fn round_snapshots(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    round: i64,
) -> Result<std::collections::BTreeMap<String, crate::domain::carry::ItemSnapshot>> {
    let answers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT item_key, answer, comment FROM round_answers WHERE assessment_id = $1 AND round = $2",
    )
    .bind(assessment_id)
    .bind(round)
    .fetch_all(&mut *conn)
    .await?;
    let evidence: Vec<(String, i64)> = sqlx::query_as(
        "SELECT item_key, evidence_file_id FROM submission_evidence \
         WHERE assessment_id = $1 AND round = $2",
    )
    .bind(assessment_id)
    .bind(round)
    .fetch_all(&mut *conn)
    .await?;
    Ok(crate::domain::carry::snapshots(answers, evidence))
}

/// In a new round, keeps the previous round's verdicts on the items whose answer, comment and
/// evidence did not change (same fingerprint), marked carried; the others start without one.
async fn carry_verdicts(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    round: i64,
) -> Result<()> {
    if round < 2 {
        return Ok(());
    }
    let previous: Vec<(String, String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT item_key, verdict, comment, auditor_id, at, fingerprint FROM verdicts \
         WHERE assessment_id = $1 AND round = $2",
    )
    .bind(assessment_id)
    .bind(round - 1)
    .fetch_all(&mut *conn)
    .await?;
    let snapshots = round_snapshots(conn, assessment_id, round).await?;
    let now = crate::domain::carry::fingerprints(previous.iter().map(|p| p.0.clone()), &snapshots);
    let judged: HashMap<String, Option<String>> = previous
        .iter()
        .map(|p| (p.0.clone(), p.5.clone()))
        .collect();
    for key in crate::domain::carry::carried(&judged, &now) {
        let Some((_, verdict, comment, auditor_id, at, fingerprint)) =
            previous.iter().find(|p| p.0 == key)
        else {
            continue;
        };
        sqlx::query(
            "INSERT INTO verdicts (assessment_id, round, item_key, verdict, comment, auditor_id, at, fingerprint, carried) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)",
        )
        .bind(assessment_id)
        .bind(round)
        .bind(&key)
        .bind(verdict)
        .bind(comment)
        .bind(auditor_id)
        .bind(at)
        .bind(fingerprint)
        .execute(&mut *conn)
        .await?;
        super::audit::append(
            conn,
            super::audit::Change {
                actor_id: None,
                action: "verdict.carried",
                object_type: "verdict",
                object_id: key.clone(),
                site_id: None,
                assessment_id: Some(assessment_id),
                before: Some(serde_json::json!({ "round": round - 1 })),
                after: Some(serde_json::json!({
                    "round": round, "verdict": verdict, "comment": comment, "carried": true,
                })),
            },
        )
        .await?;
    }
    Ok(())
}

/// 409 `held_by_another`, naming the holder, when the assessment is in review with an
/// auditor other than `user_id`: one auditor judges a round, unless another takes it over.
async fn ensure_holder(
    conn: &mut sqlx::AnyConnection,
    status: &str,
    reviewer: Option<i64>,
    user_id: i64,
) -> Result<()> {
    match reviewer {
        Some(holder) if status == AssessmentStatus::InReview.as_str() && holder != user_id => {
            let email: Option<(String,)> = sqlx::query_as("SELECT email FROM users WHERE id = $1")
                .bind(holder)
                .fetch_optional(&mut *conn)
                .await?;
            Err(Error::HeldByAnother {
                holder_id: holder,
                holder: email.map(|(e,)| e).unwrap_or_default(),
            })
        }
        _ => Ok(()),
    }
}

/// The verdicts of one round as the scoring reads them, in `conn`'s transaction.
pub(super) async fn round_verdicts(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    round: i64,
) -> Result<HashMap<String, crate::domain::scoring::ItemVerdict>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT item_key, verdict FROM verdicts WHERE assessment_id = $1 AND round = $2",
    )
    .bind(assessment_id)
    .bind(round)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(k, v)| {
            let verdict = crate::domain::scoring::ItemVerdict::parse(&v)
                .ok_or_else(|| anyhow::anyhow!("stored verdict {v:?} is unknown"))?;
            Ok((k, verdict))
        })
        .collect()
}

/// Whether the answers frozen with `round` meet every criterion once its verdicts apply.
async fn audited_round(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    round: i64,
    version: &CriteriaVersion,
) -> Result<
    std::result::Result<
        crate::domain::scoring::AssessmentResult,
        Vec<crate::domain::scoring::CriterionFailure>,
    >,
> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT item_key, answer FROM round_answers WHERE assessment_id = $1 AND round = $2",
    )
    .bind(assessment_id)
    .bind(round)
    .fetch_all(&mut *conn)
    .await?;
    let answers: HashMap<&str, Answer> = rows
        .iter()
        .map(|(k, a)| {
            let answer = Answer::parse(a)
                .ok_or_else(|| anyhow::anyhow!("stored answer {a:?} is unknown"))?;
            Ok((k.as_str(), answer))
        })
        .collect::<Result<_>>()?;
    let verdicts = round_verdicts(conn, assessment_id, round).await?;
    let verdicts = verdicts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    Ok(crate::domain::scoring::certifiable(
        version, &answers, &verdicts,
    ))
}

/// Whether the certificate states, criterion by criterion, what the audited result says.
fn certifies(
    cert: &super::certificates::NewCertificate,
    version: &CriteriaVersion,
    result: &crate::domain::scoring::AssessmentResult,
) -> bool {
    cert.content.criteria == crate::domain::certificate::certified_criteria(version, result)
}

impl Store {
    /// The answers as submitted in `round`: (answer, comment) by item.
    pub async fn round_answers(
        &self,
        assessment_id: i64,
        round: i64,
    ) -> Result<HashMap<String, (String, String)>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT item_key, answer, comment FROM round_answers \
             WHERE assessment_id = $1 AND round = $2",
        )
        .bind(assessment_id)
        .bind(round)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(k, a, c)| (k, (a, c))).collect())
    }
}

/// A submission as the auditors' queue lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    pub assessment_id: i64,
    pub year: i64,
    pub status: String,
    pub submitted_at: Option<String>,
    pub site_id: i64,
    pub site_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub country: String,
    pub company_id: i64,
    pub company_name: String,
    pub reviewer_id: Option<i64>,
    /// The e-mail of the auditor who holds it, the name the review page shows too.
    pub reviewer_email: Option<String>,
}

impl Store {
    /// Assessments of the companies `vis` allows, in `statuses`, oldest submission first.
    pub async fn list_reviews(
        &self,
        vis: crate::domain::Visibility,
        statuses: &[AssessmentStatus],
    ) -> Result<Vec<ReviewRow>> {
        let wanted: Vec<String> = statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        let sql = format!(
            "SELECT a.id AS assessment_id, a.year, a.status, a.submitted_at, s.id AS site_id, \
             s.name AS site_name, u.id AS unit_id, u.name AS unit_name, COALESCE(s.country, u.country, '') AS country, \
             c.id AS company_id, c.name AS company_name, a.reviewer_id, r.email AS reviewer_email \
             FROM assessments a JOIN org_nodes s ON s.id = a.site_id \
             JOIN org_nodes u ON u.id = s.parent_id JOIN org_nodes c ON c.id = s.company_id \
             LEFT JOIN users r ON r.id = a.reviewer_id \
             WHERE ($1 = $1) AND a.status IN ({}) AND {} \
             ORDER BY a.submitted_at, a.id",
            wanted.join(", "),
            super::org::visibility_sql(vis, "s")
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(super::org::visibility_user(vis))
            .fetch_all(&self.pool)
            .await?)
    }
}
