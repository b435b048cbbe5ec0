//! Where evidence bytes live: one small interface, content-addressed by SHA-256. A local
//! directory serves one instance; the database serves any number of instances sharing it.

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait BlobStore: Send + Sync {
    /// Keeps `bytes` under `sha256` (a no-op if they are already there).
    fn put<'a>(&'a self, sha256: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>>;
    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>>;
}

/// A local directory: `DIR/ab/abcdef...`, written to a temporary name and renamed into place
/// so a reader never sees half a file.
pub struct LocalDir {
    root: PathBuf,
}

impl LocalDir {
    pub fn new(root: PathBuf) -> LocalDir {
        LocalDir { root }
    }

    fn path(&self, sha256: &str) -> io::Result<PathBuf> {
        // The name is ours, but check it anyway: hex only, so never a path.
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256"));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }
}

impl BlobStore for LocalDir {
    fn put<'a>(&'a self, sha256: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.path(sha256)?;
            if tokio::fs::try_exists(&path).await? {
                return Ok(());
            }
            let dir = path
                .parent()
                .map(PathBuf::from)
                .unwrap_or_else(|| self.root.clone());
            tokio::fs::create_dir_all(&dir).await?;
            let tmp = dir.join(format!(".{sha256}.{}", crate::auth::new_secret()));
            tokio::fs::write(&tmp, bytes).await?;
            tokio::fs::rename(&tmp, &path).await
        })
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>> {
        Box::pin(async move { tokio::fs::read(self.path(sha256)?).await })
    }
}

/// The database itself: every instance on the same database reads what any of them stored.
pub struct InDatabase {
    store: crate::store::Store,
}

impl InDatabase {
    pub fn new(store: crate::store::Store) -> InDatabase {
        InDatabase { store }
    }
}

fn io_error(e: crate::error::Error) -> io::Error {
    io::Error::other(e.to_string())
}

impl BlobStore for InDatabase {
    fn put<'a>(&'a self, sha256: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move { self.store.put_blob(sha256, bytes).await.map_err(io_error) })
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Vec<u8>>> {
        Box::pin(async move {
            self.store
                .blob(sha256)
                .await
                .map_err(io_error)?
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such evidence"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_and_reads_back_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDir::new(dir.path().to_path_buf());
        let sha = "a".repeat(64);
        store.put(&sha, b"hello").await.unwrap();
        store.put(&sha, b"hello").await.unwrap();
        assert_eq!(store.get(&sha).await.unwrap(), b"hello");
        assert!(store.get("../../etc/passwd").await.is_err());
    }
}
