//! Credentials: password hashing (argon2id) and the random secrets behind sessions and tokens.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

use crate::domain::Password;
use crate::error::{Error, Result};

/// Hashes on a blocking thread: argon2 is deliberately slow and must not stall the runtime.
/// For the command line; the server goes through [`Hashing`], which bounds how many run.
pub async fn hash_password(password: &Password) -> anyhow::Result<String> {
    let pw = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_now(&pw)).await?
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))
}

/// Checks a password against a stored hash on a blocking thread, for the command line; the
/// server goes through [`Hashing`].
pub async fn verify_password(password: &str, stored: Option<String>) -> bool {
    let pw = password.to_owned();
    tokio::task::spawn_blocking(move || verify_now(&pw, stored.as_deref()))
        .await
        .unwrap_or(false)
}

/// Whether `password` matches `stored`. A missing hash still costs a full verification,
/// so response times do not tell whether an account exists.
fn verify_now(password: &str, stored: Option<&str>) -> bool {
    let stored = stored.unwrap_or(DUMMY_HASH);
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && stored != DUMMY_HASH
}

/// The password hashing of one server process. Each argon2id run takes 19 MiB and a core for
/// a while, so at most one per core runs at once, a short queue waits for them, and beyond
/// it the caller is told to come back (`Error::Busy`, a 503 with `Retry-After`): logins
/// nobody authenticated cannot take the memory of the process.
pub struct Hashing {
    /// Hashes running or waiting: workers plus the queue.
    admitted: Arc<Semaphore>,
    /// Hashes running.
    running: Arc<Semaphore>,
}

/// Waiting hashes allowed per running one: a few hundred milliseconds of wait at most.
pub const QUEUE_PER_WORKER: usize = 8;

/// What a caller refused for lack of capacity is told to wait, in seconds.
pub const BUSY_RETRY_AFTER: u64 = 2;

impl Hashing {
    /// `workers` hashes at once (at least one), and `queue` more waiting for them.
    pub fn new(workers: usize, queue: usize) -> Hashing {
        let workers = workers.max(1);
        Hashing {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
        }
    }

    /// One worker per core of this machine, and [`QUEUE_PER_WORKER`] waiting for each.
    pub fn for_this_machine() -> Hashing {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Hashing::new(cores, cores * QUEUE_PER_WORKER)
    }

    /// A place among the hashes of this process, or `Error::Busy` when the queue is full.
    pub fn slot(&self) -> Result<HashSlot> {
        match self.admitted.clone().try_acquire_owned() {
            Ok(admitted) => Ok(HashSlot {
                admitted,
                running: self.running.clone(),
            }),
            Err(TryAcquireError::NoPermits) => Err(Error::Busy {
                retry_after: BUSY_RETRY_AFTER,
            }),
            Err(TryAcquireError::Closed) => {
                Err(anyhow::anyhow!("the hashing queue is closed").into())
            }
        }
    }

    pub async fn hash(&self, password: &Password) -> Result<String> {
        self.slot()?.hash(password).await
    }

    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<bool> {
        self.slot()?.verify(password, stored).await
    }
}

/// A hash admitted by [`Hashing::slot`], not yet run.
pub struct HashSlot {
    admitted: OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

impl HashSlot {
    /// Runs `work` on a blocking thread once a worker is free. The permits go with the
    /// thread: a request that gives up (its client left) frees them only when the hash ends.
    async fn run<T: Send + 'static>(self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let running = self
            .running
            .acquire_owned()
            .await
            .map_err(|_| anyhow::anyhow!("the hashing workers are closed"))?;
        let admitted = self.admitted;
        tokio::task::spawn_blocking(move || {
            let _held = (admitted, running);
            work()
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("the hashing thread failed: {e}")))
    }

    pub async fn hash(self, password: &Password) -> Result<String> {
        let pw = password.expose().to_owned();
        Ok(self.run(move || hash_now(&pw)).await??)
    }

    pub async fn verify(self, password: &str, stored: Option<String>) -> Result<bool> {
        let pw = password.to_owned();
        self.run(move || verify_now(&pw, stored.as_deref())).await
    }
}

/// The argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$W5ZxCw2ofmYxXvQ3TDc5PfWQQmDNxzl6AFf5thMo8fQ";

/// A fresh secret: 256 random bits, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret: its SHA-256, so a leaked table opens no session.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A readable random password for demo accounts.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_fail() {
        let hashing = Hashing::new(1, 0);
        let pw = Password::parse("correct horse battery").unwrap();
        let hash = hashing.hash(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(hash_password(&pw).await.unwrap().starts_with("$argon2id$"));
        assert!(
            hashing
                .verify("correct horse battery", Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hashing
                .verify("wrong horse battery", Some(hash))
                .await
                .unwrap()
        );
        assert!(!hashing.verify("anything", None).await.unwrap());
    }

    #[tokio::test]
    async fn beyond_the_workers_and_the_queue_hashing_is_refused_until_a_place_frees() {
        let hashing = Hashing::new(1, 1);
        let running = hashing.slot().unwrap();
        let waiting = hashing.slot().unwrap();
        assert!(matches!(
            hashing.slot(),
            Err(Error::Busy {
                retry_after: BUSY_RETRY_AFTER
            })
        ));
        drop(waiting);
        assert!(hashing.slot().is_ok(), "a place in the queue is free again");
        drop(running);
    }

    #[test]
    fn secrets_are_unique_and_hashed() {
        let a = new_secret();
        assert_ne!(a, new_secret());
        assert_eq!(secret_hash(&a).len(), 64);
        assert_eq!(random_password().len(), 16);
    }
}
