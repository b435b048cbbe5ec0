//! Snapshots of the criteria versions assessments are pinned to.

use super::{Store, now};
use crate::criteria::CriteriaVersion;
use crate::error::Result;

impl Store {
    /// Keeps a copy of `version` beside the assessments, once. Runs inside the caller's
    /// transaction so an assessment never points at a version that was not stored.
    pub(super) async fn store_criteria_version(
        conn: &mut sqlx::AnyConnection,
        version: &CriteriaVersion,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO criteria_versions (version, content_hash, content, stored_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING",
        )
        .bind(&version.version)
        .bind(version.content_hash())
        .bind(version.to_json())
        .bind(now())
        .execute(conn)
        .await?;
        Ok(())
    }

    /// The stored copy of a version, when the files no longer carry it.
    pub async fn criteria_snapshot(&self, version: &str) -> Result<Option<CriteriaVersion>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT content FROM criteria_versions WHERE version = $1")
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
        match row {
            Some((json,)) => Ok(Some(serde_json::from_str(&json).map_err(|e| {
                anyhow::anyhow!("stored criteria version {version} is unreadable: {e}")
            })?)),
            None => Ok(None),
        }
    }

    /// Versions whose files differ from the copy assessments were started with.
    pub async fn changed_criteria_versions<'a>(
        &self,
        versions: impl Iterator<Item = &'a CriteriaVersion>,
    ) -> Result<Vec<String>> {
        let mut changed = Vec::new();
        for v in versions {
            let stored: Option<(String,)> =
                sqlx::query_as("SELECT content_hash FROM criteria_versions WHERE version = $1")
                    .bind(&v.version)
                    .fetch_optional(&self.pool)
                    .await?;
            if stored.is_some_and(|(hash,)| hash != v.content_hash()) {
                changed.push(v.version.clone());
            }
        }
        Ok(changed)
    }
}
