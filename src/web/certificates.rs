//! Certificates: issued on approval, downloaded as signed PDFs, revoked or reissued by
//! auditors, and verified by anyone at `/verify/{serial}` without logging in.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::context::{Auth, Ctx};
use super::extract::{ApiJson, PathParams, QueryParams};
use super::page::{Page, render};
use super::shared::access::visible_site;
use super::shared::issuing::{prepare, status_of};
use super::shared::views::VerifyAnswer;
use crate::AppState;
use crate::domain::certificate::{CertificateContent, CertificateStatus, Serial};
use crate::domain::{Lang, Role};
use crate::error::{Error, Msg, Result};
use crate::store::certificates::StoredCertificate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/.well-known/codecheck-keys.json", get(keys))
        .route("/verify", get(verify_form))
        .route("/verify/{serial}", get(verify_page))
        .routes(routes!(api_verify))
        .routes(routes!(api_pdf))
        .route("/certificates/{file}", get(page_pdf))
        .routes(routes!(api_revoke))
        .routes(routes!(api_reissue))
        .routes(routes!(api_zip))
        .route("/companies/{id}/certificates.zip", get(api_zip))
}

/// Every key that signs or signed certificates here (all instances'), newest first.
async fn keys(State(state): State<AppState>) -> Result<Response> {
    let mut keys: Vec<crate::signing::PublicKey> = state
        .store
        .signing_keys()
        .await?
        .iter()
        .filter_map(|(_, k)| crate::signing::PublicKey::from_base64(k))
        .collect();
    keys.reverse();
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        axum::Json(crate::signing::PublicKey::keys_document(&keys)),
    )
        .into_response())
}

/// The public facts of a certificate; `None` for a serial that is malformed or unknown.
async fn public_facts(
    state: &AppState,
    raw: &str,
) -> Result<Option<(StoredCertificate, CertificateContent, CertificateStatus)>> {
    let Some(serial) = Serial::parse(raw) else {
        return Ok(None);
    };
    let Some(cert) = state.store.certificate(&serial).await? else {
        return Ok(None);
    };
    let content = cert.content()?;
    let status = status_of(state, &cert).await?;
    Ok(Some((cert, content, status)))
}

#[utoipa::path(
    operation_id = "certificates_verify",
    get,
    path = "/api/v1/verify/{serial}",
    tag = "certificates",
    summary = "Check a certificate by serial (public)",
    description = "Anyone, without a token: the certificate's public facts and its status today. Nothing about findings, people or the assessment.",
    params(("serial" = String, Path, description = "The certificate serial")),
    responses((status = 200, description = "valid, expired, revoked, suspended (a major finding is open) or altered", body = VerifyAnswer)),
    security(())
)]
async fn api_verify(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    axum::extract::Path(raw): axum::extract::Path<String>,
) -> Result<Response> {
    match public_facts(&state, &raw).await? {
        Some((_, content, status)) => Ok((
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(VerifyAnswer::new(&content, status, ctx.lang)),
        )
            .into_response()),
        None => Err(Error::NotFound),
    }
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    page: Page,
    /// The certificate and its status, when the serial names one.
    found: Option<(VerifyAnswer, CertificateContent)>,
    /// The serial as the visitor typed it, kept in the field.
    typed: String,
    /// Why nothing is shown: a malformed serial, or one that names no certificate.
    problem: Option<String>,
}

impl VerifyPage {
    fn status_label(&self, s: &CertificateStatus) -> String {
        self.page.t(&format!("verify-status-{}", s.as_str()))
    }

    fn status_help(&self, a: &VerifyAnswer) -> String {
        crate::i18n::t_args(
            self.page.lang,
            &format!("verify-help-{}", a.status.as_str()),
            &[("issuer", a.issuer.clone())],
        )
    }

    /// Whether the record is authentic, so that what it claims may be shown as fact.
    fn authentic(&self, a: &VerifyAnswer) -> bool {
        a.status != CertificateStatus::Altered
    }

    fn render(self, status: StatusCode) -> Result<Response> {
        Ok((
            status,
            [(header::CACHE_CONTROL, "no-store")],
            render(&self)?,
        )
            .into_response())
    }
}

#[derive(Deserialize)]
struct VerifyQuery {
    serial: Option<String>,
}

/// `/verify`: a field to type a printed serial. A serial that reads (any case, spaces or
/// dashes) leads to its page; one that does not is named, with the field again.
async fn verify_form(Ctx(ctx): Ctx, QueryParams(q): QueryParams<VerifyQuery>) -> Result<Response> {
    // Kept in the field and named in the message: a serial is 21 characters at most.
    let typed: String = q
        .serial
        .unwrap_or_default()
        .trim()
        .chars()
        .take(64)
        .collect();
    let page = Page::titled(&ctx, "verify-title");
    if typed.is_empty() {
        return VerifyPage {
            page,
            found: None,
            typed,
            problem: None,
        }
        .render(StatusCode::OK);
    }
    match Serial::parse(&typed) {
        Some(serial) => {
            Ok(axum::response::Redirect::to(&format!("/verify/{serial}")).into_response())
        }
        None => {
            let problem = Some(crate::i18n::t_args(
                ctx.lang,
                "verify-malformed",
                &[("value", typed.clone())],
            ));
            VerifyPage {
                page,
                found: None,
                typed,
                problem,
            }
            .render(StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn verify_page(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    axum::extract::Path(raw): axum::extract::Path<String>,
) -> Result<Response> {
    let page = Page::titled(&ctx, "verify-title");
    if Serial::parse(&raw).is_none() {
        let raw: String = raw.chars().take(64).collect();
        let problem = Some(crate::i18n::t_args(
            ctx.lang,
            "verify-malformed",
            &[("value", raw.clone())],
        ));
        return VerifyPage {
            page,
            found: None,
            typed: raw,
            problem,
        }
        .render(StatusCode::NOT_FOUND);
    }
    match public_facts(&state, &raw).await? {
        Some((_, content, status)) => VerifyPage {
            page,
            found: Some((VerifyAnswer::new(&content, status, ctx.lang), content)),
            typed: String::new(),
            problem: None,
        }
        .render(StatusCode::OK),
        None => VerifyPage {
            page,
            found: None,
            typed: raw,
            problem: Some(crate::i18n::t(ctx.lang, "verify-not-found")),
        }
        .render(StatusCode::NOT_FOUND),
    }
}

/// The certificate, if the caller may see its site; 404 otherwise, as for any object.
async fn certificate_for(state: &AppState, auth: &Auth, raw: &str) -> Result<StoredCertificate> {
    let serial = Serial::parse(raw).ok_or(Error::NotFound)?;
    let cert = state
        .store
        .certificate(&serial)
        .await?
        .ok_or(Error::NotFound)?;
    visible_site(state, &auth.principal(), cert.site_id).await?;
    Ok(cert)
}

/// The PDF of a certificate, in `lang`, sealed whole by this instance's key (the content
/// keeps the signature it was issued with).
pub fn certificate_pdf(state: &AppState, cert: &StoredCertificate, lang: Lang) -> Result<Vec<u8>> {
    let content = cert.content()?;
    let url = verify_url(state, &content.serial);
    let key_id = state.keys.key_id();
    let sign = |message: &[u8]| state.keys.sign_raw(message);
    crate::pdf::certificate::render(
        &crate::pdf::certificate::Signed {
            content: &content,
            signature: &cert.signature,
            key_id: &cert.key_id,
        },
        lang,
        &url,
        &crate::pdf::certificate::Sealer {
            key_id: &key_id,
            sign: &sign,
        },
    )
    .ok_or_else(|| anyhow::anyhow!("certificate {} could not be sealed", cert.serial).into())
}

pub fn verify_url(state: &AppState, serial: &Serial) -> String {
    format!(
        "{}/verify/{}",
        state.settings.public_url.trim_end_matches('/'),
        serial
    )
}

async fn pdf_response(state: &AppState, auth: &Auth, file: &str) -> Result<Response> {
    let raw = file.strip_suffix(".pdf").ok_or(Error::NotFound)?;
    let cert = certificate_for(state, auth, raw).await?;
    let lang = auth.lang();
    let state2 = state.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        certificate_pdf(&state2, &cert, lang).map(|b| (b, cert.serial))
    })
    .await
    .map_err(|e| anyhow::anyhow!("rendering a certificate: {e}"))??;
    let (bytes, serial) = pdf;
    Ok(super::download::private_file(
        bytes,
        "application/pdf",
        super::download::Disposition::Attachment,
        &format!("certificate-{serial}.pdf"),
    ))
}

#[utoipa::path(
    operation_id = "certificates_pdf",
    get,
    path = "/api/v1/certificates/{file}",
    tag = "certificates",
    summary = "A certificate as PDF",
    description = "For anyone who may see the certificate's site: the PDF in the caller's language, sealed by this instance's key.",
    params(("file" = String, Path, description = "SERIAL.pdf")),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = crate::web::openapi::FileBody))
)]
async fn api_pdf(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(file): PathParams<String>,
) -> Result<Response> {
    pdf_response(&state, &auth, &file).await
}

async fn page_pdf(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(file): PathParams<String>,
) -> Result<Response> {
    pdf_response(&state, &auth, &file).await
}

#[derive(Deserialize, utoipa::ToSchema)]
struct ReasonBody {
    #[serde(default)]
    reason: String,
}

fn reason_of(body: &ReasonBody) -> Result<String> {
    let reason = body.reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            Msg::new("certificate-reason-required"),
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(Error::invalid(
            "reason",
            Msg::new("comment-too-long").arg("max", 1000),
        ));
    }
    Ok(reason.to_owned())
}

/// Auditors of the company and the admin revoke and reissue.
fn may_revoke(auth: &Auth) -> Result<()> {
    if matches!(auth.user.role, Role::Auditor | Role::Admin) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

#[utoipa::path(
    operation_id = "certificates_revoke",
    post,
    path = "/api/v1/certificates/{serial}/revoke",
    tag = "certificates",
    summary = "Revoke a certificate (auditor or admin)",
    description = "Auditors of the company and the admin, with a `reason` (required, at most 1000 characters). The certificate stays verifiable by its serial, as `revoked`.",
    params(("serial" = String, Path, description = "The certificate serial")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "The revoked certificate", body = VerifyAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The certificate is already revoked (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_revoke(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(raw): PathParams<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<axum::Json<VerifyAnswer>> {
    let cert = certificate_for(&state, &auth, &raw).await?;
    may_revoke(&auth)?;
    let reason = reason_of(&body)?;
    let serial = Serial::parse(&cert.serial).ok_or(Error::NotFound)?;
    state
        .store
        .revoke_certificate(&serial, auth.user.id, &reason)
        .await?;
    let cert = state
        .store
        .certificate(&serial)
        .await?
        .ok_or(Error::NotFound)?;
    let content = cert.content()?;
    Ok(axum::Json(VerifyAnswer::new(
        &content,
        status_of(&state, &cert).await?,
        auth.lang(),
    )))
}

#[utoipa::path(
    operation_id = "certificates_reissue",
    post,
    path = "/api/v1/certificates/{serial}/reissue",
    tag = "certificates",
    summary = "Reissue a certificate under a new serial; the old one is revoked",
    description = "Auditors of the company and the admin, with a `reason` (required, at most 1000 characters). The new certificate keeps the old one's validity dates; it is `suspended` too while a major finding is open.",
    params(("serial" = String, Path, description = "The certificate serial")),
    request_body = ReasonBody,
    responses(
        (status = 201, description = "The new certificate", body = VerifyAnswer),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
        (status = 409, description = "The certificate is already revoked (code `conflict`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_reissue(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(raw): PathParams<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<(StatusCode, axum::Json<VerifyAnswer>)> {
    let old = certificate_for(&state, &auth, &raw).await?;
    may_revoke(&auth)?;
    let reason = reason_of(&body)?;
    if old.is_revoked() {
        return Err(Error::Conflict(Msg::new("certificate-already-revoked")));
    }
    let assessment = state
        .store
        .assessment(old.assessment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let previous = old.content()?;
    let new = prepare(
        &state,
        &assessment,
        Some((previous.valid_from, previous.valid_until)),
    )
    .await?;
    state
        .store
        .reissue_certificate(&old, &new, auth.user.id, &reason)
        .await?;
    // Suspended too if a major finding is open: a new serial does not close it.
    let stored = state
        .store
        .certificate(&new.content.serial)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(VerifyAnswer::new(
            &new.content,
            status_of(&state, &stored).await?,
            auth.lang(),
        )),
    ))
}

/// Renders the certificates on every core, in order.
pub fn render_all(
    state: &AppState,
    certs: &[StoredCertificate],
    lang: Lang,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<u8>>> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = certs.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<Vec<u8>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = certs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|c| {
                            let pdf = certificate_pdf(state, c, lang);
                            progress();
                            pdf
                        })
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a render thread failed").into()))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(certs.len());
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// A file name for a certificate: the site's name in lower-case letters (accents kept, "É"
/// included) and the serial.
pub fn file_name(cert: &StoredCertificate) -> String {
    let site = cert.content().map(|c| c.site).unwrap_or_default();
    let mut slug = String::new();
    for c in site.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    format!("{slug}-{}.pdf", cert.serial)
}

/// A ZIP entry's time: the certificate's issue time (UTC), not the format's 1980 default.
fn zip_time(issued_at: &str) -> Option<zip::DateTime> {
    let t = crate::store::parse_timestamp(issued_at)?.to_offset(time::UtcOffset::UTC);
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
    .ok()
}

/// One ZIP of the given files (name, bytes, issue time), stored as they are (PDFs are
/// compressed already). Names are UTF-8 and flagged so.
pub fn zip_of(files: &[(String, Vec<u8>, String)]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes, issued_at) in files {
        let mut options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        if let Some(t) = zip_time(issued_at) {
            options = options.last_modified_time(t);
        }
        zip.start_file(name.as_str(), options)
            .map_err(|e| anyhow::anyhow!("zip: {e}"))?;
        zip.write_all(bytes)
            .map_err(|e| anyhow::anyhow!("zip: {e}"))?;
    }
    let cursor = zip.finish().map_err(|e| anyhow::anyhow!("zip: {e}"))?;
    Ok(cursor.into_inner())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct YearQuery {
    year: Option<i64>,
}

/// Every live certificate of a company for a year that the caller may see.
async fn company_year(
    state: &AppState,
    auth: &Auth,
    company_id: i64,
    year: Option<i64>,
) -> Result<(Vec<StoredCertificate>, i64)> {
    super::shared::access::may_see(&auth.principal())?;
    let visible: std::collections::HashSet<i64> = state
        .store
        .list_sites(auth.principal().visibility())
        .await?
        .into_iter()
        .filter(|s| s.company_id == company_id)
        .map(|s| s.id)
        .collect();
    if visible.is_empty() {
        return Err(Error::NotFound);
    }
    // Checked once the company is known to be the caller's: a stranger learns nothing more.
    let year = year.ok_or_else(|| Error::invalid("year", Msg::new("certificate-year-required")))?;
    let certs = state
        .store
        .company_certificates(company_id, year)
        .await?
        .into_iter()
        .filter(|c| visible.contains(&c.site_id))
        .collect();
    Ok((certs, year))
}

async fn zip_response(
    state: &AppState,
    auth: &Auth,
    company_id: i64,
    year: Option<i64>,
) -> Result<Response> {
    let (certs, year) = company_year(state, auth, company_id, year).await?;
    let lang = auth.lang();
    let state2 = state.clone();
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>> {
        let pdfs = render_all(&state2, &certs, lang, &|| {})?;
        let files: Vec<(String, Vec<u8>, String)> = certs
            .iter()
            .zip(pdfs)
            .map(|(c, pdf)| (file_name(c), pdf, c.issued_at.clone()))
            .collect();
        zip_of(&files)
    })
    .await
    .map_err(|e| anyhow::anyhow!("building a ZIP: {e}"))??;
    Ok(super::download::private_file(
        bytes,
        "application/zip",
        super::download::Disposition::Attachment,
        &format!("certificates-{company_id}-{year}.zip"),
    ))
}

#[utoipa::path(
    operation_id = "certificates_zip",
    get,
    path = "/api/v1/companies/{id}/certificates.zip",
    tag = "certificates",
    summary = "Every certificate in force of a company's year as a ZIP of PDFs",
    description = "For those who see the group dashboard (a site manager gets 403): the certificates of the sites the caller may see. `year` is required.",
    params(("id" = i64, Path, description = "The company"), YearQuery),
    responses(
        (status = 200, description = "The ZIP", content_type = "application/zip", body = crate::web::openapi::FileBody),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_zip(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    super::extract::QueryParams(q): super::extract::QueryParams<YearQuery>,
) -> Result<Response> {
    zip_response(&state, &auth, company_id, q.year).await
}

#[cfg(test)]
mod zip_tests {
    use super::*;

    fn stored(site: &str) -> StoredCertificate {
        let mut content = crate::domain::certificate::CertificateContent::example();
        content.site = site.into();
        StoredCertificate {
            serial: content.serial.as_str().to_owned(),
            assessment_id: 1,
            site_id: 1,
            company_id: 1,
            year: 2026,
            issued_at: "2026-11-23T14:05:08Z".into(),
            valid_from: "2026-11-23".into(),
            valid_until: "2027-11-22".into(),
            content: String::from_utf8(content.signed_bytes()).unwrap(),
            signature: String::new(),
            key_id: String::new(),
            revoked_at: None,
            revoke_reason: None,
            replaced_by: None,
        }
    }

    #[test]
    fn a_file_name_keeps_capital_accents() {
        let cert = stored("Hôtel Élysée Étoile");
        let name = file_name(&cert);
        assert!(name.starts_with("hôtel-élysée-étoile-"), "{name}");
    }

    #[test]
    fn zip_entries_carry_utf8_names_and_the_issue_time() {
        let cert = stored("Hôtel Élysée");
        let bytes =
            zip_of(&[(file_name(&cert), b"%PDF".to_vec(), cert.issued_at.clone())]).unwrap();
        // General purpose flag of the first local header: bit 11 is "names are UTF-8".
        let flags = u16::from_le_bytes([bytes[6], bytes[7]]);
        assert_ne!(flags & 0x0800, 0, "UTF-8 flag missing");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let entry = zip.by_index(0).unwrap();
        assert!(entry.name().unwrap().starts_with("hôtel-élysée-"));
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2026, 11, 23, 14, 5)
        );
    }
}
