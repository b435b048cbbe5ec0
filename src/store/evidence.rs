//! Evidence documents and their versions, the items they support, and the exact versions
//! each submission was made with.

use std::collections::BTreeMap;

use time::Date;

use super::training::parse_date;
use super::{Store, now};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFile {
    pub id: i64,
    pub document_id: i64,
    pub version: i64,
    pub site_id: i64,
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub original_name: String,
    pub valid_until: Option<Date>,
    pub uploaded_by: i64,
    pub uploaded_at: String,
}

impl EvidenceFile {
    pub fn expired(&self, today: Date) -> bool {
        self.valid_until.is_some_and(|d| d < today)
    }
}

/// What an upload records, once its bytes are safely stored.
pub struct NewEvidence<'a> {
    pub site_id: i64,
    /// An earlier version this one replaces (its document gets a new version).
    pub replaces: Option<&'a EvidenceFile>,
    pub sha256: &'a str,
    pub size: i64,
    pub media_type: &'a str,
    pub original_name: &'a str,
    pub valid_until: Option<Date>,
    pub item_keys: &'a [String],
    pub uploaded_by: i64,
}

type FileRow = (
    i64,
    i64,
    i64,
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
    String,
);

const FILE_SELECT: &str = "SELECT f.id, f.document_id, f.version, d.site_id, f.sha256, f.size, \
     f.media_type, f.original_name, f.valid_until, f.uploaded_by, f.uploaded_at \
     FROM evidence_files f JOIN evidence_documents d ON d.id = f.document_id";

fn file(r: FileRow) -> EvidenceFile {
    EvidenceFile {
        id: r.0,
        document_id: r.1,
        version: r.2,
        site_id: r.3,
        sha256: r.4,
        size: r.5,
        media_type: r.6,
        original_name: r.7,
        valid_until: r.8.as_deref().and_then(parse_date),
        uploaded_by: r.9,
        uploaded_at: r.10,
    }
}

/// The latest version of each document linked to an item, with the item key first.
/// The columns of a file with the item it supports first ([`ItemFileRow`]).
pub(super) const ITEM_FILE_COLUMNS: &[&str] = &[
    "i.item_key",
    "f.id",
    "f.document_id",
    "f.version",
    "d.site_id",
    "f.sha256",
    "f.size",
    "f.media_type",
    "f.original_name",
    "f.valid_until",
    "f.uploaded_by",
    "f.uploaded_at",
];

pub(super) type ItemFileRow = (
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
    String,
);

/// The latest version of each document of the site `site` (an SQL expression), by item.
pub(super) fn current_item_evidence_from(site: &str) -> String {
    format!(
        "FROM evidence_items i JOIN evidence_documents d ON d.id = i.document_id \
         JOIN evidence_files f ON f.document_id = d.id \
         WHERE d.site_id = {site} AND f.version = \
         (SELECT MAX(v.version) FROM evidence_files v WHERE v.document_id = d.id) \
         ORDER BY i.item_key, f.uploaded_at"
    )
}

/// The versions the current round of the assessment `assessment` was submitted with.
pub(super) fn submitted_item_evidence_from(assessment: &str) -> String {
    format!(
        "FROM submission_evidence i JOIN evidence_files f ON f.id = i.evidence_file_id \
         JOIN evidence_documents d ON d.id = f.document_id \
         WHERE i.assessment_id = {assessment} \
         AND i.round = (SELECT r.round FROM assessments r WHERE r.id = {assessment}) \
         ORDER BY i.item_key, f.uploaded_at"
    )
}

/// Files by the item they support, in the order given.
pub(super) fn item_files_from(rows: Vec<ItemFileRow>) -> BTreeMap<String, Vec<EvidenceFile>> {
    let mut map: BTreeMap<String, Vec<EvidenceFile>> = BTreeMap::new();
    for r in rows {
        map.entry(r.0).or_default().push(file((
            r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11,
        )));
    }
    map
}

impl Store {
    /// The hash of every evidence file kept, once each.
    pub async fn evidence_hashes(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT sha256 FROM evidence_files ORDER BY sha256")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(h,)| h).collect())
    }

    /// Keeps evidence bytes under their SHA-256 (nothing happens if they are there already).
    pub async fn put_blob(&self, sha256: &str, bytes: &[u8]) -> Result<()> {
        sqlx::query(
            "INSERT INTO evidence_blobs (sha256, content, stored_at) VALUES ($1, $2, $3) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(bytes)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> =
            sqlx::query_as("SELECT content FROM evidence_blobs WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(bytes,)| bytes))
    }

    /// Records an uploaded version and the items it supports, in one transaction.
    pub async fn create_evidence(&self, new: NewEvidence<'_>) -> Result<EvidenceFile> {
        let stamp = now();
        let mut tx = self.write_tx().await?;
        let (document_id, version) = match new.replaces {
            Some(old) => {
                let (latest,): (i64,) = sqlx::query_as(
                    "SELECT MAX(version) FROM evidence_files WHERE document_id = $1",
                )
                .bind(old.document_id)
                .fetch_one(&mut *tx)
                .await?;
                (old.document_id, latest + 1)
            }
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO evidence_documents (site_id, created_at) VALUES ($1, $2) RETURNING id",
                )
                .bind(new.site_id)
                .bind(&stamp)
                .fetch_one(&mut *tx)
                .await?;
                (id, 1)
            }
        };
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO evidence_files (document_id, version, sha256, size, media_type, original_name, \
             valid_until, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(document_id)
        .bind(version)
        .bind(new.sha256)
        .bind(new.size)
        .bind(new.media_type)
        .bind(new.original_name)
        .bind(new.valid_until.map(|d| d.to_string()))
        .bind(new.uploaded_by)
        .bind(&stamp)
        .fetch_one(&mut *tx)
        .await?;
        // A new version keeps the document's items unless the upload names others.
        if new.replaces.is_none() || !new.item_keys.is_empty() {
            sqlx::query("DELETE FROM evidence_items WHERE document_id = $1")
                .bind(document_id)
                .execute(&mut *tx)
                .await?;
            for key in new.item_keys {
                sqlx::query(
                    "INSERT INTO evidence_items (document_id, item_key) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(document_id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            }
        }
        super::audit::append(
            &mut tx,
            super::audit::Change {
                actor_id: Some(new.uploaded_by),
                action: "evidence.uploaded",
                object_type: "evidence",
                object_id: id.to_string(),
                site_id: Some(new.site_id),
                assessment_id: None,
                before: None,
                after: Some(serde_json::json!({
                    "document_id": document_id, "version": version, "sha256": new.sha256,
                    "name": new.original_name, "item_keys": new.item_keys,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        self.evidence_file(id).await?.ok_or(Error::NotFound)
    }

    pub async fn evidence_file(&self, id: i64) -> Result<Option<EvidenceFile>> {
        let sql = format!("{FILE_SELECT} WHERE f.id = $1");
        let row: Option<FileRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(file))
    }

    /// Every version of every document of the site, newest first.
    pub async fn site_evidence(&self, site_id: i64) -> Result<Vec<EvidenceFile>> {
        let sql =
            format!("{FILE_SELECT} WHERE d.site_id = $1 ORDER BY f.uploaded_at DESC, f.id DESC");
        let rows: Vec<FileRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(site_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(file).collect())
    }

    /// The items each document supports.
    pub async fn evidence_items(&self, site_id: i64) -> Result<BTreeMap<i64, Vec<String>>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT i.document_id, i.item_key FROM evidence_items i \
             JOIN evidence_documents d ON d.id = i.document_id WHERE d.site_id = $1 \
             ORDER BY i.item_key",
        )
        .bind(site_id)
        .fetch_all(&self.pool)
        .await?;
        let mut map: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (doc, key) in rows {
            map.entry(doc).or_default().push(key);
        }
        Ok(map)
    }

    /// The latest version of each document, by the items it supports.
    pub async fn current_item_evidence(
        &self,
        site_id: i64,
    ) -> Result<BTreeMap<String, Vec<EvidenceFile>>> {
        self.item_files(&current_item_evidence_from("$1"), site_id)
            .await
    }

    /// The versions a submission was made with, by item.
    pub async fn submitted_item_evidence(
        &self,
        assessment_id: i64,
    ) -> Result<BTreeMap<String, Vec<EvidenceFile>>> {
        self.item_files(&submitted_item_evidence_from("$1"), assessment_id)
            .await
    }

    async fn item_files(&self, rest: &str, id: i64) -> Result<BTreeMap<String, Vec<EvidenceFile>>> {
        let sql = format!("SELECT {} {rest}", ITEM_FILE_COLUMNS.join(", "));
        let rows: Vec<ItemFileRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Ok(item_files_from(rows))
    }
}

/// Within the submit transaction: the latest version of every document linked to an item.
pub(super) const SNAPSHOT_EVIDENCE: &str = "INSERT INTO submission_evidence (assessment_id, round, item_key, evidence_file_id) \
     SELECT a.id, a.round, i.item_key, f.id FROM assessments a \
     JOIN evidence_documents d ON d.site_id = a.site_id \
     JOIN evidence_items i ON i.document_id = d.id \
     JOIN evidence_files f ON f.document_id = d.id \
     WHERE a.id = $1 AND f.version = (SELECT MAX(v.version) FROM evidence_files v WHERE v.document_id = d.id) \
     ON CONFLICT DO NOTHING";
