//! `codecheck backup OUT` and `codecheck restore IN` for a SQLite installation. PostgreSQL has
//! its own tools (pg_dump, pg_restore); the evidence files under the data directory are
//! immutable, named by their SHA-256, and are copied with any file tool.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::store::{Backend, Store};

/// The file a `sqlite:` URL names.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// A consistent copy of the live database, taken while the app may keep serving.
pub async fn backup(store: &Store, out: &Path) -> anyhow::Result<u64> {
    anyhow::ensure!(
        store.backend() == Backend::Sqlite,
        "on PostgreSQL use pg_dump -Fc (see the README)"
    );
    anyhow::ensure!(
        !out.exists(),
        "{} exists already; choose a new file",
        out.display()
    );
    store.backup_to(out).await?;
    Ok(std::fs::metadata(out)?.len())
}

/// Puts the backup `from` in place of the database `url` names. The server must be stopped.
/// The backup is checked first (an intact SQLite file of this app); the old database is kept
/// beside as `FILE.before-restore`.
pub async fn restore(url: &str, from: &Path) -> anyhow::Result<PathBuf> {
    let target = sqlite_path(url)
        .context("restore works on a sqlite:// DATABASE_URL; on PostgreSQL use pg_restore")?;
    crate::store::check_sqlite_backup(from)
        .await
        .with_context(|| format!("{} is not a usable codecheck backup", from.display()))?;

    // Copy beside the target first, then swap: a failure never leaves half a database.
    let incoming = target.with_extension("restoring");
    std::fs::copy(from, &incoming).with_context(|| format!("copying {}", from.display()))?;
    if target.exists() {
        let kept = PathBuf::from(format!("{}.before-restore", target.display()));
        std::fs::rename(&target, &kept)
            .with_context(|| format!("moving the old database to {}", kept.display()))?;
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::rename(&incoming, &target)
        .with_context(|| format!("putting the backup in place at {}", target.display()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite://data/codecheck.db?mode=rwc"),
            Some(PathBuf::from("data/codecheck.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:/tmp/x.db"),
            Some(PathBuf::from("/tmp/x.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://h/db"), None);
    }
}
