//! `codecheck verify FILE.pdf`: is this certificate authentic, and is it still in force?
//!
//! The signature is checked against the public key: the server's own key file when run
//! next to it (offline), or the key published at `/.well-known/codecheck-keys.json`
//! (online, `--url`). The status comes from the server's verification API online, or from
//! the local database offline; without either, only the dates are checked, and it says so.

use crate::domain::certificate::{CertificateContent, CertificateStatus};
use crate::signing::PublicKey;

/// What the check concluded.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: CertificateStatus,
    pub content: Option<CertificateContent>,
    /// How revocation was checked, or why it was not.
    pub note: String,
}

/// Why a file could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("this file is not a codecheck certificate (no signed content inside)")]
    NotACertificate,
    #[error("no public key with id {0}: pass --url to fetch the published keys")]
    UnknownKey(String),
    #[error("{0}")]
    Online(String),
}

/// Where revocation is looked up.
pub enum Revocation {
    /// `Some(true)` if the issuer's records say revoked; `None` if they do not know it.
    Known(Option<bool>, String),
    Unchecked,
}

/// Checks the signature inside `pdf` with `key_for(kid)`, then the status.
pub fn check(
    pdf: &[u8],
    key_for: impl Fn(&str) -> Option<PublicKey>,
    revocation: impl Fn(&CertificateContent) -> Result<Revocation, CheckError>,
    today: time::Date,
) -> Result<Outcome, CheckError> {
    let (content, signature, kid) =
        crate::pdf::certificate::extract(pdf).ok_or(CheckError::NotACertificate)?;
    let key = key_for(&kid).ok_or_else(|| CheckError::UnknownKey(kid.clone()))?;
    if !key.verify(content.as_bytes(), &signature) {
        return Ok(Outcome {
            status: CertificateStatus::Altered,
            content: serde_json::from_str(&content).ok(),
            note: "the signed content does not match its signature".to_owned(),
        });
    }
    let parsed: CertificateContent = serde_json::from_str(&content).map_err(|_| {
        // Signed but unreadable: only a different program version could make this.
        CheckError::NotACertificate
    })?;
    let (revoked, note) = match revocation(&parsed)? {
        Revocation::Known(Some(r), source) => (r, format!("revocation checked against {source}")),
        Revocation::Known(None, source) => {
            return Ok(Outcome {
                status: CertificateStatus::Altered,
                content: Some(parsed),
                note: format!("{source} has no record of this serial"),
            });
        }
        Revocation::Unchecked => (
            false,
            "revocation not checked: run next to the server's database or pass --url".to_owned(),
        ),
    };
    Ok(Outcome {
        status: CertificateStatus::of(revoked, parsed.valid_until, today),
        content: Some(parsed),
        note,
    })
}

/// The published keys and the status of `serial`, from the server at `base`.
pub fn fetch_online(
    base: &str,
    serial: &str,
) -> Result<(serde_json::Value, Option<String>), CheckError> {
    let base = base.trim_end_matches('/');
    let get = |url: String| -> Result<Option<serde_json::Value>, CheckError> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(20)))
            .build()
            .new_agent();
        let mut res = agent
            .get(&url)
            .call()
            .map_err(|e| CheckError::Online(format!("cannot reach {url}: {e}")))?;
        match res.status().as_u16() {
            200 => {
                let text = res
                    .body_mut()
                    .read_to_string()
                    .map_err(|e| CheckError::Online(format!("reading {url}: {e}")))?;
                serde_json::from_str(&text).map(Some).map_err(|e| {
                    CheckError::Online(format!("{url} answered something unreadable: {e}"))
                })
            }
            404 => Ok(None),
            code => Err(CheckError::Online(format!("{url} answered HTTP {code}"))),
        }
    };
    let keys = get(format!("{base}/.well-known/codecheck-keys.json"))?
        .ok_or_else(|| CheckError::Online(format!("{base} publishes no keys")))?;
    let status = get(format!("{base}/api/v1/verify/{serial}"))?
        .and_then(|v| v["status"].as_str().map(str::to_owned));
    Ok((keys, status))
}
