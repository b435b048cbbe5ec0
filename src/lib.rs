//! codecheck: checks hotels' compliance with The Code (ECPAT's code of conduct against the
//! sexual exploitation of children in travel and tourism).
//!
//! `app(state)` builds the whole router, so tests drive it without a socket.

pub mod auth;
pub mod backup;
pub mod bench;
pub mod config;
pub mod criteria;
pub mod demo;
pub mod demo_large;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod pdf;
pub mod serve;
pub mod signing;
pub mod storage;
pub mod store;
pub mod transfer;
pub mod verify;
pub mod web;

use std::sync::Arc;

use anyhow::Context;

use crate::config::Settings;
use crate::criteria::CriteriaSet;
use crate::store::Store;

/// What every request handler can reach. Nothing here is per-user or mutable: sessions and
/// data live in the database so that several instances can serve the same users.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub criteria: Arc<CriteriaSet>,
    pub settings: Arc<Settings>,
    /// Evidence bytes, by SHA-256.
    pub blobs: Arc<dyn storage::BlobStore>,
    /// Signs certificates.
    pub keys: Arc<signing::Keys>,
    /// Where notification e-mails go; none means in-app notifications only.
    pub mailer: Option<Arc<dyn mail::Mailer>>,
    /// Request counts and latencies of this instance, for `/metrics`.
    pub metrics: Arc<web::observe::Metrics>,
    /// Bounds the password hashing of this process (memory), see `auth::Hashing`.
    pub hashing: Arc<auth::Hashing>,
}

impl AppState {
    /// Loads the criteria, opens and migrates the database, and checks that no criteria
    /// version in use was edited after assessments were pinned to it.
    pub async fn open(settings: Settings) -> anyhow::Result<AppState> {
        let criteria = load_criteria(&settings)?;
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                settings.data_dir.display()
            )
        })?;
        let store =
            Store::connect_with(&settings.database_url, settings.db_max_connections).await?;
        store.migrate().await?;
        let changed = store
            .changed_criteria_versions(criteria.all().map(|v| v.as_ref()))
            .await?;
        if !changed.is_empty() {
            anyhow::bail!(
                "criteria version(s) {} differ from the copy assessments were started with; \
                 publish the change as a new version folder instead of editing a used one",
                changed.join(", ")
            );
        }
        let blobs: Arc<dyn storage::BlobStore> = match settings.evidence_store()? {
            config::EvidenceStore::Directory => {
                Arc::new(storage::LocalDir::new(settings.data_dir.join("evidence")))
            }
            config::EvidenceStore::Database => Arc::new(storage::InDatabase::new(store.clone())),
        };
        let keys = Arc::new(signing::Keys::load_or_create(&settings.signing_key_path())?);
        // Every instance publishes its key, so all of them verify what any one signed.
        store
            .register_signing_key(&keys.key_id(), &keys.public().to_base64())
            .await?;
        let smtp = match &settings.smtp_url {
            Some(url) if !url.trim().is_empty() => {
                Some(mail::Smtp::new(url.trim(), &settings.mail_from)?)
            }
            _ => None,
        };
        let mut state = AppState {
            store,
            criteria: Arc::new(criteria),
            settings: Arc::new(settings),
            blobs,
            keys,
            mailer: None,
            metrics: Arc::default(),
            hashing: Arc::new(auth::Hashing::for_this_machine()),
        };
        if let Some(smtp) = smtp {
            state.enable_mail(Arc::new(smtp));
        }
        state.fill_missing_results().await?;
        Ok(state)
    }

    /// Computes the stored results of assessments that have none yet (made before results
    /// were kept, or loaded in bulk), a thousand per transaction.
    pub async fn fill_missing_results(&self) -> anyhow::Result<()> {
        let missing = self.store.assessments_without_results().await?;
        let mut by_version: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
        for (id, version) in missing {
            by_version.entry(version).or_default().push(id);
        }
        for (version, ids) in by_version {
            let version = self.criteria_version(&version).await?;
            for chunk in ids.chunks(1000) {
                self.store.refresh_results(chunk, &version).await?;
            }
        }
        Ok(())
    }

    /// Sends notification e-mails through `mailer` from now on.
    pub fn enable_mail(&mut self, mailer: Arc<dyn mail::Mailer>) {
        self.store.enable_email_outbox();
        self.mailer = Some(mailer);
    }

    /// The criteria an assessment is pinned to: from the files, else from the stored copy.
    pub async fn criteria_version(
        &self,
        version: &str,
    ) -> error::Result<Arc<criteria::CriteriaVersion>> {
        if let Some(v) = self.criteria.get(version) {
            return Ok(v.clone());
        }
        self.store
            .criteria_snapshot(version)
            .await?
            .map(Arc::new)
            .ok_or_else(|| anyhow::anyhow!("criteria version {version} is unknown").into())
    }
}

/// Loads the criteria directory, or fails with every problem found, one per line.
pub fn load_criteria(settings: &Settings) -> anyhow::Result<CriteriaSet> {
    criteria::load_dir(&settings.criteria_dir).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the criteria files are invalid:\n{}", lines.join("\n"))
    })
}

pub fn app(state: AppState) -> axum::Router {
    web::router(state)
}
