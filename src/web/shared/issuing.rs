//! The certificate an approval issues: its content from the audited answers, signed (the
//! review's approval and the certificates' reissue both build it here), and its status as a
//! verifier is told it.

use rand::Rng;

use crate::AppState;
use crate::domain::certificate::{
    CertificateContent, CertificateStatus, SERIAL_BYTES, Serial, valid_until,
};
use crate::error::{Error, Result};
use crate::store::assessments::{Assessment, confirmed, verdict_kinds};
use crate::store::certificates::{NewCertificate, StoredCertificate};

fn new_serial() -> Serial {
    let mut random = [0u8; SERIAL_BYTES];
    rand::rng().fill_bytes(&mut random);
    Serial::from_random(random)
}

/// The certificate an approval of `assessment` issues, signed. Computed from the frozen
/// answers; `validity` keeps the dates of a certificate being reissued.
pub async fn prepare(
    state: &AppState,
    assessment: &Assessment,
    validity: Option<(time::Date, time::Date)>,
) -> Result<NewCertificate> {
    let site = state
        .store
        .site(assessment.site_id)
        .await?
        .ok_or(Error::NotFound)?;
    let version = state.criteria_version(&assessment.criteria_version).await?;
    // The audited answers: what the approval checks again inside its transaction.
    let answers = state.store.answers(assessment.id).await?;
    let verdicts = state
        .store
        .verdicts(assessment.id, assessment.round)
        .await?;
    let result = crate::domain::scoring::score(
        &version,
        &crate::domain::scoring::audited_answers(&confirmed(&answers), &verdict_kinds(&verdicts)),
    );
    let today = time::OffsetDateTime::now_utc().date();
    let (valid_from, until) = validity.unwrap_or((
        today,
        valid_until(today, version.certificate.validity_months),
    ));
    let content = CertificateContent {
        serial: new_serial(),
        company: site.company_name.clone(),
        unit: site.unit_name.clone(),
        country: site.country.clone(),
        site: site.name.clone(),
        city: site.city.clone(),
        year: assessment.year,
        criteria_version: version.version.clone(),
        criteria: crate::domain::certificate::certified_criteria(&version, &result),
        approving_body: version.certificate.approving_body.clone(),
        issued_on: today,
        valid_from,
        valid_until: until,
    };
    let signature = state.keys.sign(&content.signed_bytes());
    Ok(NewCertificate {
        content,
        signature,
        key_id: state.keys.key_id(),
        site_id: site.id,
        company_id: site.company_id,
    })
}

/// What a verifier is told: the status, from the signature (by the key that signed, this
/// instance's or another's registered one), the revocation, a suspension (a major finding
/// open on the assessment) and the dates.
pub async fn status_of(state: &AppState, cert: &StoredCertificate) -> Result<CertificateStatus> {
    let key = if cert.key_id == state.keys.key_id() {
        Some(state.keys.public())
    } else {
        state
            .store
            .signing_key(&cert.key_id)
            .await?
            .and_then(|k| crate::signing::PublicKey::from_base64(&k))
            .filter(|k| k.key_id() == cert.key_id)
    };
    let authentic = key.is_some_and(|k| k.verify(cert.content.as_bytes(), &cert.signature));
    if !authentic {
        return Ok(CertificateStatus::Altered);
    }
    let until = crate::store::training::parse_date(&cert.valid_until).unwrap_or(time::Date::MIN);
    let suspended = state
        .store
        .certificates_suspended(cert.assessment_id)
        .await?;
    Ok(CertificateStatus::of(
        cert.is_revoked(),
        suspended,
        until,
        time::OffsetDateTime::now_utc().date(),
    ))
}
