//! Notifications, the e-mail choices behind them, and the outbox of e-mails to send.
//!
//! Notifications are written inside the transaction of the event they announce, so a
//! decision and its notice are committed together or not at all.

use std::collections::HashMap;

use time::{Date, Duration};

use super::{Store, format_timestamp, now};
use crate::domain::notification::{DUE_SOON_DAYS, finding_reminder};
use crate::domain::{Lang, NotificationKind};
use crate::error::Result;

/// Who hears about an event, besides never its author.
#[derive(Debug, Clone, Copy)]
pub enum Audience {
    /// The auditors assigned to the assessment's company.
    Auditors,
    /// The site managers and company admins whose scope covers the assessment's site.
    Site,
    /// The site's people and one more user (the auditor who raised a finding).
    SiteAnd(i64),
}

/// One event to announce.
pub struct Event {
    pub kind: NotificationKind,
    pub assessment_id: i64,
    pub finding_id: Option<i64>,
    /// The same key never notifies the same user twice.
    pub key: String,
    pub actor_id: Option<i64>,
    pub audience: Audience,
}

/// Writes the notifications of `event`, queuing e-mails if `email` and the user wants them.
pub(crate) async fn notify(
    conn: &mut sqlx::AnyConnection,
    email: bool,
    event: Event,
) -> Result<u64> {
    let (auditors, site, extra) = match event.audience {
        Audience::Auditors => (1_i64, 0_i64, 0_i64),
        Audience::Site => (0, 1, 0),
        Audience::SiteAnd(user) => (0, 1, user),
    };
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, assessment_id, finding_id, event_key, created_at, email_state) \
         SELECT u.id, $1, $2, $3, $4, $5, \
           CASE WHEN $6 = 1 AND COALESCE((SELECT p.enabled FROM email_preferences p \
             WHERE p.user_id = u.id AND p.kind = $1), 1) = 1 THEN 'pending' ELSE 'none' END \
         FROM users u WHERE u.id <> $7 AND ( \
           ($8 = 1 AND u.role = 'auditor' AND EXISTS (SELECT 1 FROM assessments a \
              JOIN org_nodes s ON s.id = a.site_id JOIN user_scopes us ON us.node_id = s.company_id \
              WHERE a.id = $2 AND us.user_id = u.id)) \
           OR ($9 = 1 AND u.role IN ('site_manager', 'company_admin') AND EXISTS (SELECT 1 FROM assessments a \
              JOIN org_nodes s ON s.id = a.site_id JOIN user_scopes us \
                ON us.node_id = s.id OR us.node_id = s.parent_id OR us.node_id = s.company_id \
              WHERE a.id = $2 AND us.user_id = u.id)) \
           OR u.id = $10) \
         ON CONFLICT (user_id, event_key) DO NOTHING",
    )
    .bind(event.kind.as_str())
    .bind(event.assessment_id)
    .bind(event.finding_id)
    .bind(&event.key)
    .bind(now())
    .bind(i64::from(email))
    .bind(event.actor_id.unwrap_or(0))
    .bind(auditors)
    .bind(site)
    .bind(extra)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// A notification as its recipient sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub assessment_id: i64,
    pub finding_id: Option<i64>,
    pub created_at: String,
    pub read_at: Option<String>,
    pub site_id: i64,
    pub site_name: String,
    pub year: i64,
    pub item_key: Option<String>,
    pub due_date: Option<String>,
}

impl Notification {
    pub fn kind(&self) -> Option<NotificationKind> {
        NotificationKind::parse(&self.kind)
    }

    /// The finding's (item, due date) for finding reminders.
    pub fn finding(&self) -> Option<(&str, &str)> {
        self.item_key.as_deref().zip(self.due_date.as_deref())
    }
}

/// An e-mail to send: a claimed notification with what its text needs.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub notification_id: i64,
    pub to: String,
    pub lang: Option<Lang>,
    pub kind: NotificationKind,
    pub assessment_id: i64,
    pub site_name: String,
    pub year: i64,
    /// For finding reminders: (item, due date).
    pub finding: Option<(String, String)>,
}

#[derive(sqlx::FromRow)]
struct EmailRow {
    email: String,
    language: Option<String>,
    kind: String,
    assessment_id: i64,
    site_name: String,
    year: i64,
    item_key: Option<String>,
    due_date: Option<String>,
}

/// A claim older than this is taken to belong to an instance that stopped mid-send.
const STALE_CLAIM_MINUTES: i64 = 10;
/// After this many failed attempts an e-mail is given up.
pub const MAX_EMAIL_ATTEMPTS: i64 = 5;

const LIST: &str = "SELECT n.id, n.kind, n.assessment_id, n.finding_id, n.created_at, n.read_at, \
     s.id AS site_id, s.name AS site_name, a.year, f.item_key, f.due_date FROM notifications n \
     JOIN assessments a ON a.id = n.assessment_id JOIN org_nodes s ON s.id = a.site_id \
     LEFT JOIN findings f ON f.id = n.finding_id WHERE n.user_id = $1";

impl Store {
    /// The user's newest notifications, unread only if asked; older than `before_id` if
    /// given (the next page).
    pub async fn notifications(
        &self,
        user_id: i64,
        unread_only: bool,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let sql = format!(
            "{LIST}{} AND n.id < $3 ORDER BY n.id DESC LIMIT $2",
            if unread_only {
                " AND n.read_at IS NULL"
            } else {
                ""
            }
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .bind(limit)
            .bind(before_id.unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn unread_notifications(&self, user_id: i64) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Marks one of the user's notifications read; `false` if it is not theirs.
    pub async fn mark_notification_read(&self, user_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3",
        )
        .bind(now())
        .bind(id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn mark_all_notifications_read(&self, user_id: i64) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
        )
        .bind(now())
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// The user's e-mail choice for every kind (yes unless they said no).
    pub async fn email_preferences(&self, user_id: i64) -> Result<HashMap<NotificationKind, bool>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT kind, enabled FROM email_preferences WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        let saved: HashMap<String, i64> = rows.into_iter().collect();
        Ok(NotificationKind::ALL
            .into_iter()
            .map(|k| (k, saved.get(k.as_str()).is_none_or(|v| *v == 1)))
            .collect())
    }

    /// Saves the user's e-mail choices, all together.
    pub async fn set_email_preferences(
        &self,
        user_id: i64,
        choices: &[(NotificationKind, bool)],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for (kind, enabled) in choices {
            sqlx::query(
                "INSERT INTO email_preferences (user_id, kind, enabled) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled",
            )
            .bind(user_id)
            .bind(kind.as_str())
            .bind(i64::from(*enabled))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Announces open findings that are due soon or overdue on `today`. Safe to run from
    /// several instances at once: each reminder is written once per user.
    pub async fn sweep_finding_reminders(&self, today: Date) -> Result<u64> {
        let horizon = today + Duration::days(DUE_SOON_DAYS);
        let open: Vec<(i64, i64, String, i64)> = sqlx::query_as(
            "SELECT id, assessment_id, due_date, raised_by FROM findings \
             WHERE status = 'open' AND due_date <= $1 ORDER BY id",
        )
        .bind(horizon.to_string())
        .fetch_all(&self.pool)
        .await?;
        if open.is_empty() {
            return Ok(0);
        }
        let mut written = 0;
        let mut tx = self.write_tx().await?;
        for (id, assessment_id, due, raised_by) in open {
            let Some(due) = super::training::parse_date(&due) else {
                continue;
            };
            let Some(kind) = finding_reminder(due, today) else {
                continue;
            };
            let audience = match kind {
                NotificationKind::FindingOverdue => Audience::SiteAnd(raised_by),
                _ => Audience::Site,
            };
            written += notify(
                &mut tx,
                self.email_outbox,
                Event {
                    kind,
                    assessment_id,
                    finding_id: Some(id),
                    key: format!("{}:{id}", kind.as_str()),
                    actor_id: None,
                    audience,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Claims up to `limit` e-mails to send: pending ones, and ones whose sender stopped.
    pub async fn claim_emails(&self, limit: i64) -> Result<Vec<OutgoingEmail>> {
        let stamp = time::OffsetDateTime::now_utc();
        let stale = format_timestamp(stamp - Duration::minutes(STALE_CLAIM_MINUTES));
        let mut tx = self.write_tx().await?;
        // On PostgreSQL, rows another instance is claiming right now are skipped rather than
        // waited for; the conditional UPDATE below makes the claim exclusive on both.
        let ids: Vec<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM notifications WHERE email_state = 'pending' \
             OR (email_state = 'sending' AND email_claimed_at < $1) ORDER BY id LIMIT $2{}",
            super::skip_locked(self.backend)
        )))
        .bind(&stale)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for (id,) in ids {
            let claimed = sqlx::query(
                "UPDATE notifications SET email_state = 'sending', email_claimed_at = $1, \
                 email_attempts = email_attempts + 1 WHERE id = $2 AND (email_state = 'pending' \
                 OR (email_state = 'sending' AND email_claimed_at < $3))",
            )
            .bind(format_timestamp(stamp))
            .bind(id)
            .bind(&stale)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 0 {
                continue;
            }
            let row: EmailRow = sqlx::query_as(
                "SELECT u.email, u.language, n.kind, n.assessment_id, s.name AS site_name, a.year, \
                 f.item_key, f.due_date FROM notifications n JOIN users u ON u.id = n.user_id \
                 JOIN assessments a ON a.id = n.assessment_id JOIN org_nodes s ON s.id = a.site_id \
                 LEFT JOIN findings f ON f.id = n.finding_id WHERE n.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let Some(kind) = NotificationKind::parse(&row.kind) else {
                continue;
            };
            out.push(OutgoingEmail {
                notification_id: id,
                to: row.email,
                lang: row.language.as_deref().and_then(Lang::parse),
                kind,
                assessment_id: row.assessment_id,
                site_name: row.site_name,
                year: row.year,
                finding: row.item_key.zip(row.due_date),
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records how sending went: sent, or back to pending until the attempts run out.
    pub async fn finish_email(&self, notification_id: i64, sent: bool) -> Result<()> {
        let query = if sent {
            sqlx::query("UPDATE notifications SET email_state = 'sent' WHERE id = $1")
                .bind(notification_id)
        } else {
            sqlx::query(
                "UPDATE notifications SET email_state = CASE WHEN email_attempts >= $2 \
                 THEN 'failed' ELSE 'pending' END WHERE id = $1",
            )
            .bind(notification_id)
            .bind(MAX_EMAIL_ATTEMPTS)
        };
        query.execute(&self.pool).await?;
        Ok(())
    }
}
