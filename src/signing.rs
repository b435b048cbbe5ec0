//! The Ed25519 key that signs certificates: created on first start, kept in a file, its
//! public half published at `/.well-known/codecheck-keys.json`.
//!
//! Several instances must share the same file (or copies of it), so that any of them can
//! issue a certificate the others verify.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::Rng;
use sha2::{Digest, Sha256};

pub struct Keys {
    signing: SigningKey,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("key_id", &self.key_id())
            .finish()
    }
}

impl Keys {
    /// Reads the key at `path`, or creates it (readable by the owner only) if it is missing.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Keys> {
        if path.exists() {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the signing key {}", path.display()))?;
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .with_context(|| {
                    format!(
                        "the signing key {} is not 64 hexadecimal characters",
                        path.display()
                    )
                })?;
            return Ok(Keys {
                signing: SigningKey::from_bytes(&bytes),
            });
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        if !write_private(path, &hex::encode(seed))? {
            // Another instance sharing the directory created it first: use theirs.
            return Keys::load_or_create(path);
        }
        tracing::info!(path = %path.display(), "created a new certificate signing key");
        Ok(Keys {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    pub fn key_id(&self) -> String {
        self.public().key_id()
    }

    /// The signature of `data`, in base64.
    pub fn sign(&self, data: &[u8]) -> String {
        STANDARD.encode(self.sign_raw(data))
    }

    /// The signature of `data` as its 64 bytes (a certificate file's seal has a slot of
    /// exactly that size).
    pub fn sign_raw(&self, data: &[u8]) -> [u8; 64] {
        self.signing.sign(data).to_bytes()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// A short name for the key: the first 16 hex digits of the SHA-256 of its bytes.
    pub fn key_id(&self) -> String {
        hex::encode(&Sha256::digest(self.0.as_bytes())[..8])
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    pub fn from_base64(s: &str) -> Option<PublicKey> {
        let bytes = STANDARD.decode(s.trim()).ok()?;
        let bytes = <[u8; 32]>::try_from(bytes).ok()?;
        VerifyingKey::from_bytes(&bytes).ok().map(PublicKey)
    }

    /// Whether `signature` (base64) is this key's signature of `data`.
    pub fn verify(&self, data: &[u8], signature: &str) -> bool {
        let Ok(bytes) = STANDARD.decode(signature.trim()) else {
            return false;
        };
        let Ok(bytes) = <[u8; 64]>::try_from(bytes) else {
            return false;
        };
        self.0.verify(data, &Signature::from_bytes(&bytes)).is_ok()
    }

    /// Whether `signature` (its 64 bytes) is this key's signature of `data`. Strict: a
    /// file's seal has one accepted form only.
    pub fn verify_raw(&self, data: &[u8], signature: &[u8; 64]) -> bool {
        self.0
            .verify_strict(data, &Signature::from_bytes(signature))
            .is_ok()
    }

    /// The published form: `{"keys":[{"kid","alg","public_key"}]}`.
    pub fn keys_json(&self) -> serde_json::Value {
        PublicKey::keys_document(std::slice::from_ref(self))
    }

    /// The published form of several keys.
    pub fn keys_document(keys: &[PublicKey]) -> serde_json::Value {
        serde_json::json!({
            "keys": keys.iter().map(|k| serde_json::json!({
                "kid": k.key_id(), "alg": "Ed25519", "public_key": k.to_base64(),
            })).collect::<Vec<_>>()
        })
    }

    /// The key named `kid` in a published keys document.
    pub fn from_keys_json(doc: &serde_json::Value, kid: &str) -> Option<PublicKey> {
        doc["keys"]
            .as_array()?
            .iter()
            .find(|k| k["kid"] == kid)
            .and_then(|k| PublicKey::from_base64(k["public_key"].as_str()?))
    }
}

#[cfg(unix)]
/// Writes the key whole or not at all: to a file of its own first, synced, then linked to
/// `path`, so a crash never leaves an empty or half-written key behind. `false` if `path`
/// exists already.
fn write_private(path: &Path, text: &str) -> anyhow::Result<bool> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&partial)
        .with_context(|| format!("cannot create the signing key {}", partial.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    let linked = std::fs::hard_link(&partial, path);
    let _ = std::fs::remove_file(&partial);
    match linked {
        Ok(()) => {
            if let Some(dir) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
                let _ = dir.sync_all();
            }
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => {
            Err(e).with_context(|| format!("cannot create the signing key {}", path.display()))
        }
    }
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> anyhow::Result<bool> {
    std::fs::write(path, text)
        .with_context(|| format!("cannot create the signing key {}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_and_signs_what_it_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/signing.key");
        let keys = Keys::load_or_create(&path).unwrap();
        let again = Keys::load_or_create(&path).unwrap();
        assert_eq!(
            keys.key_id(),
            again.key_id(),
            "the same key on the next start"
        );
        let sig = keys.sign(b"certificate content");
        let public = keys.public();
        assert!(public.verify(b"certificate content", &sig));
        assert!(
            !public.verify(b"certificate contenT", &sig),
            "one byte changed"
        );
        assert!(!public.verify(b"certificate content", "not base64"));
        let published = public.keys_json();
        assert_eq!(
            PublicKey::from_keys_json(&published, &public.key_id()),
            Some(public)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
