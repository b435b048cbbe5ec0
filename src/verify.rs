//! `codecheck verify FILE.pdf`: is this certificate authentic, and is it still in force?
//!
//! Two signatures are checked against the public keys: the server's own key file when run
//! next to it (offline), or the keys published at `/.well-known/codecheck-keys.json`
//! (online, `--url`). The content signature covers the certificate's facts; the file's
//! seal covers every byte of the file but its own slot, so what the page shows is what was
//! issued. Anything else is `altered`. The status comes from the server's verification API
//! online, or from the local database offline; without either, only the dates are checked,
//! and it says so.

use crate::domain::certificate::{CertificateContent, CertificateStatus};
use crate::pdf::certificate::Seal;
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
    /// A file made before certificates were sealed whole: its content is authentic, but
    /// nothing proves that its page shows that content.
    #[error(
        "this certificate file is in the old format, made before codecheck sealed whole files: \
         its signed content is authentic, but nothing proves that its page shows it. Download \
         the certificate again, or check serial {0} on the issuer's /verify/{0} page"
    )]
    Unsealed(String),
    #[error("{0}")]
    Online(String),
}

/// Where revocation is looked up.
pub enum Revocation {
    /// The standing in the issuer's records; `None` if they do not know the serial.
    Known(Option<Standing>, String),
    Unchecked,
}

/// What the issuer's records say of a certificate, apart from its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    InForce,
    /// A major finding is open on its assessment.
    Suspended,
    Revoked,
}

impl Standing {
    /// The standing behind a status word of the verification API (`None` for `altered`,
    /// which says the issuer's own record is not authentic).
    pub fn from_status(status: &str) -> Option<Standing> {
        match status {
            "valid" | "expired" => Some(Standing::InForce),
            "suspended" => Some(Standing::Suspended),
            "revoked" => Some(Standing::Revoked),
            _ => None,
        }
    }
}

/// Checks the content's signature and the file's seal inside `pdf` with `key_for(kid)`,
/// then the status.
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
    match crate::pdf::certificate::seal_of(pdf) {
        Seal::Absent => return Err(CheckError::Unsealed(parsed.serial.to_string())),
        Seal::Broken => {
            return Ok(Outcome {
                status: CertificateStatus::Altered,
                content: Some(parsed),
                note: "the file was changed after it was issued: its seal is missing or moved"
                    .to_owned(),
            });
        }
        Seal::Present {
            key_id,
            signature,
            message,
        } => {
            let key = key_for(&key_id).ok_or_else(|| CheckError::UnknownKey(key_id.clone()))?;
            if !key.verify_raw(&message, &signature) {
                return Ok(Outcome {
                    status: CertificateStatus::Altered,
                    content: Some(parsed),
                    note: "the file was changed after it was issued: what it shows is not \
                           what was signed"
                        .to_owned(),
                });
            }
        }
    }
    let (standing, note) = match revocation(&parsed)? {
        Revocation::Known(Some(s), source) => (s, format!("status checked against {source}")),
        Revocation::Known(None, source) => {
            return Ok(Outcome {
                status: CertificateStatus::Altered,
                content: Some(parsed),
                note: format!("{source} has no authentic record of this serial"),
            });
        }
        Revocation::Unchecked => (
            Standing::InForce,
            "revocation not checked: run next to the server's database or pass --url".to_owned(),
        ),
    };
    Ok(Outcome {
        status: CertificateStatus::of(
            standing == Standing::Revoked,
            standing == Standing::Suspended,
            parsed.valid_until,
            today,
        ),
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
