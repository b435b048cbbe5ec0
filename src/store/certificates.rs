//! Certificates: issued with an approval, revoked with a reason, reissued under a new serial.

use super::{Store, now};
use crate::domain::certificate::{CertificateContent, Serial};
use crate::error::{Error, Msg, Result};

/// A certificate ready to be stored: its content and the signature over it.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub content: CertificateContent,
    pub signature: String,
    pub key_id: String,
    pub site_id: i64,
    pub company_id: i64,
}

/// Fields in the order of [`COLUMNS`] (the packed form decodes by position).
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct StoredCertificate {
    pub serial: String,
    pub assessment_id: i64,
    pub site_id: i64,
    pub company_id: i64,
    pub year: i64,
    pub issued_at: String,
    pub valid_from: String,
    pub valid_until: String,
    /// The signed bytes, exactly.
    pub content: String,
    pub signature: String,
    pub key_id: String,
    pub revoked_at: Option<String>,
    pub revoke_reason: Option<String>,
    pub replaced_by: Option<String>,
}

impl StoredCertificate {
    pub fn content(&self) -> Result<CertificateContent> {
        serde_json::from_str(&self.content).map_err(|e| {
            anyhow::anyhow!("certificate {} content is unreadable: {e}", self.serial).into()
        })
    }

    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

const COLUMNS: &str = "serial, assessment_id, site_id, company_id, year, issued_at, valid_from, \
     valid_until, content, signature, key_id, revoked_at, revoke_reason, replaced_by";

impl Store {
    /// Publishes the public half of a signing key (nothing happens if it is known).
    pub async fn register_signing_key(&self, key_id: &str, public_key: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO signing_keys (key_id, public_key, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key_id) DO NOTHING",
        )
        .bind(key_id)
        .bind(public_key)
        .bind(super::now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The public key (base64) registered as `key_id`.
    pub async fn signing_key(&self, key_id: &str) -> Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT public_key FROM signing_keys WHERE key_id = $1")
                .bind(key_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(k,)| k))
    }

    /// Every registered public key, oldest first: (key id, base64).
    pub async fn signing_keys(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT key_id, public_key FROM signing_keys ORDER BY created_at, key_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}

/// [`COLUMNS`] one by one.
pub(super) fn columns() -> Vec<&'static str> {
    COLUMNS.split(',').map(str::trim).collect()
}

/// SQL: whether the certificates of the assessment `assessment` (an SQL expression) are
/// suspended, by [`crate::domain::certificate::finding_suspends`]: a major finding open.
pub(crate) fn suspended_sql(assessment: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM findings sf WHERE sf.assessment_id = {assessment} \
         AND sf.severity = 'major' AND sf.status = 'open')"
    )
}

/// Records in the audit trail that the live certificates of an assessment were suspended
/// (`suspended`) or reinstated by `finding_id`, inside the caller's transaction: the one
/// that raised or closed the finding.
pub(crate) async fn audit_suspension(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    finding_id: i64,
    by: i64,
    suspended: bool,
) -> Result<()> {
    let live: Vec<(String, i64)> = sqlx::query_as(
        "SELECT serial, site_id FROM certificates WHERE assessment_id = $1 \
         AND revoked_at IS NULL ORDER BY serial",
    )
    .bind(assessment_id)
    .fetch_all(&mut *conn)
    .await?;
    for (serial, site_id) in live {
        super::audit::append(
            conn,
            super::audit::Change {
                actor_id: Some(by),
                action: if suspended {
                    "certificate.suspended"
                } else {
                    "certificate.reinstated"
                },
                object_type: "certificate",
                object_id: serial,
                site_id: Some(site_id),
                assessment_id: Some(assessment_id),
                before: None,
                after: Some(serde_json::json!({ "finding_id": finding_id })),
            },
        )
        .await?;
    }
    Ok(())
}

/// The certificates of the assessment `assessment` (an SQL expression), newest first.
pub(super) fn of_assessment(assessment: &str) -> String {
    format!("FROM certificates WHERE assessment_id = {assessment} ORDER BY issued_at DESC, serial")
}

/// Writes a certificate inside the caller's transaction (the approval's, or a reissue's).
pub(crate) async fn insert(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    issued_by: i64,
    cert: &NewCertificate,
) -> Result<()> {
    let c = &cert.content;
    sqlx::query(
        "INSERT INTO certificates (serial, assessment_id, site_id, company_id, year, issued_at, \
         valid_from, valid_until, content, signature, key_id, issued_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(c.serial.as_str())
    .bind(assessment_id)
    .bind(cert.site_id)
    .bind(cert.company_id)
    .bind(i64::from(c.year))
    .bind(now())
    .bind(c.valid_from.to_string())
    .bind(c.valid_until.to_string())
    .bind(String::from_utf8_lossy(&c.signed_bytes()).into_owned())
    .bind(&cert.signature)
    .bind(&cert.key_id)
    .bind(issued_by)
    .execute(&mut *conn)
    .await?;
    super::audit::append(
        conn,
        super::audit::Change {
            actor_id: Some(issued_by),
            action: "certificate.issued",
            object_type: "certificate",
            object_id: c.serial.to_string(),
            site_id: Some(cert.site_id),
            assessment_id: Some(assessment_id),
            before: None,
            after: Some(serde_json::json!({
                "serial": c.serial, "valid_from": c.valid_from.to_string(),
                "valid_until": c.valid_until.to_string(),
            })),
        },
    )
    .await
}

/// Revokes every live certificate of an assessment (it was reopened), in the caller's
/// transaction.
pub(crate) async fn revoke_for_assessment(
    conn: &mut sqlx::AnyConnection,
    assessment_id: i64,
    by: i64,
    reason: &str,
) -> Result<()> {
    let live: Vec<(String,)> = sqlx::query_as(
        "SELECT serial FROM certificates WHERE assessment_id = $1 AND revoked_at IS NULL",
    )
    .bind(assessment_id)
    .fetch_all(&mut *conn)
    .await?;
    for (serial,) in live {
        revoke_in(conn, &serial, by, reason, None).await?;
    }
    Ok(())
}

async fn revoke_in(
    conn: &mut sqlx::AnyConnection,
    serial: &str,
    by: i64,
    reason: &str,
    replaced_by: Option<&str>,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3, \
         replaced_by = $4 WHERE serial = $5 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(by)
    .bind(reason)
    .bind(replaced_by)
    .bind(serial)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::Conflict(Msg::new("certificate-already-revoked")));
    }
    let (assessment_id, site_id): (i64, i64) =
        sqlx::query_as("SELECT assessment_id, site_id FROM certificates WHERE serial = $1")
            .bind(serial)
            .fetch_one(&mut *conn)
            .await?;
    super::audit::append(
        conn,
        super::audit::Change {
            actor_id: Some(by),
            action: "certificate.revoked",
            object_type: "certificate",
            object_id: serial.to_owned(),
            site_id: Some(site_id),
            assessment_id: Some(assessment_id),
            before: None,
            after: Some(serde_json::json!({ "reason": reason, "replaced_by": replaced_by })),
        },
    )
    .await
}

impl Store {
    pub async fn certificate(&self, serial: &Serial) -> Result<Option<StoredCertificate>> {
        let sql = format!("SELECT {COLUMNS} FROM certificates WHERE serial = $1");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(serial.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The assessment's certificates, newest first.
    pub async fn assessment_certificates(
        &self,
        assessment_id: i64,
    ) -> Result<Vec<StoredCertificate>> {
        let sql = format!("SELECT {COLUMNS} {}", of_assessment("$1"));
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(assessment_id)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Whether the certificates of an assessment are suspended (a major finding is open).
    pub async fn certificates_suspended(&self, assessment_id: i64) -> Result<bool> {
        let sql = format!(
            "SELECT COUNT(*) FROM assessments a WHERE a.id = $1 AND {}",
            suspended_sql("a.id")
        );
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(assessment_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// A company's certificates in force for a year (neither revoked nor suspended), by
    /// site name.
    pub async fn company_certificates(
        &self,
        company_id: i64,
        year: i64,
    ) -> Result<Vec<StoredCertificate>> {
        let cols = COLUMNS
            .split(", ")
            .map(|c| format!("c.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {cols} FROM certificates c JOIN org_nodes s ON s.id = c.site_id \
             WHERE c.company_id = $1 AND c.year = $2 AND c.revoked_at IS NULL AND NOT {} \
             ORDER BY s.name, c.serial",
            suspended_sql("c.assessment_id")
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(company_id)
            .bind(year)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Revokes a certificate with a reason; 409 if it already is.
    pub async fn revoke_certificate(&self, serial: &Serial, by: i64, reason: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        revoke_in(&mut tx, serial.as_str(), by, reason, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Issues `new` in place of `old`, which is revoked, in one transaction.
    pub async fn reissue_certificate(
        &self,
        old: &StoredCertificate,
        new: &NewCertificate,
        by: i64,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert(&mut tx, old.assessment_id, by, new).await?;
        revoke_in(
            &mut tx,
            &old.serial,
            by,
            reason,
            Some(new.content.serial.as_str()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Stores a certificate prepared outside an approval (imports, tests of old
    /// certificates); approvals issue theirs inside the decision's transaction.
    pub async fn issue_certificate(
        &self,
        assessment_id: i64,
        by: i64,
        cert: &NewCertificate,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert(&mut tx, assessment_id, by, cert).await?;
        tx.commit().await?;
        Ok(())
    }
}
