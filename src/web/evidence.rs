//! Evidence files: upload (type checked from the content), versions, download to those who
//! may see the site, and the site's evidence page.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::context::Auth;
use super::extract::{PathParams, QueryParams, check_csrf};
use super::page::{Page, render};
use super::paging::{self, PageQuery};
use super::shared::access::{site_to_record, visible_site};
use super::shared::views::EvidenceView;
use crate::AppState;
use crate::error::{Error, Msg, Problems, Result};
use crate::i18n;
use crate::store::evidence::{EvidenceFile, NewEvidence};
use crate::store::org::Site;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The kinds of file accepted, as recognised from their content (`evidence_download` lists
/// the same as its answer's media types).
pub const ALLOWED: [&str; 7] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
];

pub fn router(max_upload_mb: usize) -> OpenApiRouter<AppState> {
    let limit = DefaultBodyLimit::max(max_upload_mb * 1024 * 1024 + 64 * 1024);
    OpenApiRouter::new()
        .routes({
            let (schemas, paths, methods) = routes!(api_list, api_upload);
            (schemas, paths, methods.layer(limit))
        })
        .routes(routes!(download))
        .route("/evidence/{id}", get(download))
        .route(
            "/sites/{id}/evidence",
            get(evidence_page).post(form_upload).layer(limit),
        )
}

/// The media type the bytes really are, if it is one we accept.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    ALLOWED.iter().copied().find(|m| *m == kind.mime_type())
}

/// The original name without any path, control characters or quotes, at most 200 chars.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "file".to_owned()
    } else {
        cleaned.trim().to_owned()
    }
}

/// An upload as read from a multipart body.
#[derive(Default)]
struct Upload {
    csrf: String,
    file: Option<(String, Bytes)>,
    item_keys: Vec<String>,
    valid_until: String,
    replaces: String,
    /// The assessment whose checklist item sent the user here, for the link back.
    assessment: String,
}

async fn read_upload(multipart: Result<Multipart, Error>, max_mb: usize) -> Result<Upload> {
    let mut multipart = multipart?;
    let mut up = Upload::default();
    let too_large = |e: &axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::TooLarge { max_mb }
        } else {
            Error::BadRequest(Msg::new("error-form"))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(|e| too_large(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("file").to_owned();
            let bytes = field.bytes().await.map_err(|e| too_large(&e))?;
            up.file = Some((file_name, bytes));
            continue;
        }
        let text = field.text().await.map_err(|e| too_large(&e))?;
        match name.as_str() {
            "csrf" => up.csrf = text,
            "item_keys" | "item_key" => up.item_keys.extend(
                text.split([',', ' '])
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned),
            ),
            "valid_until" => up.valid_until = text,
            "replaces" => up.replaces = text,
            "assessment" => up.assessment = text,
            // A part this upload does not take is a mistake in the client: say which.
            other => {
                return Err(Error::BadRequest(
                    Msg::new("error-form-unknown-field").arg("field", other.to_owned()),
                ));
            }
        }
    }
    Ok(up)
}

/// Checks and stores an upload for `site`: the bytes first, then the record.
async fn store_upload(
    state: &AppState,
    auth: &Auth,
    site: &Site,
    up: Upload,
) -> Result<EvidenceFile> {
    let max_mb = state.settings.max_upload_mb;
    let version = state.criteria.current();
    let mut problems = Problems::default();
    let file = problems.check(
        "file",
        up.file
            .filter(|(_, b)| !b.is_empty())
            .ok_or(Msg::new("evidence-file-missing")),
    );
    if let Some((_, bytes)) = &file
        && bytes.len() > max_mb * 1024 * 1024
    {
        return Err(Error::TooLarge { max_mb });
    }
    let media_type = file.as_ref().and_then(|(_, b)| {
        problems.check("file", sniff(b).ok_or(Msg::new("evidence-type-refused")))
    });
    for key in &up.item_keys {
        if version.item(key).is_none() {
            problems.add(
                "item_keys",
                Msg::new("evidence-item-unknown").arg("item", key),
            );
        }
    }
    let valid_until = match up.valid_until.trim() {
        "" => None,
        raw => problems.check(
            "valid_until",
            crate::import::training::parse_date(raw)
                .ok_or(Msg::new("import-date-invalid").arg("value", raw)),
        ),
    };
    let replaces = match up.replaces.trim() {
        "" => None,
        raw => {
            let old = match raw.parse::<i64>() {
                Ok(id) => state.store.evidence_file(id).await?,
                Err(_) => None,
            };
            problems.check(
                "replaces",
                old.filter(|o| o.site_id == site.id)
                    .ok_or(Msg::new("evidence-replaces-unknown")),
            )
        }
    };
    problems.finish()?;
    let (Some((name, bytes)), Some(media_type)) = (file, media_type) else {
        return Err(anyhow::anyhow!("checked upload is missing").into());
    };
    let sha256 = hex::encode(Sha256::digest(&bytes));
    state
        .blobs
        .put(&sha256, &bytes)
        .await
        .map_err(|e| anyhow::anyhow!("storing evidence {sha256}: {e}"))?;
    state
        .store
        .create_evidence(NewEvidence {
            site_id: site.id,
            replaces: replaces.as_ref(),
            sha256: &sha256,
            size: bytes.len() as i64,
            media_type,
            original_name: &clean_name(&name),
            valid_until,
            item_keys: &up.item_keys,
            uploaded_by: auth.user.id,
        })
        .await
}

fn multipart_result(
    m: std::result::Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Multipart> {
    m.map_err(|_| Error::BadRequest(Msg::new("error-form")))
}

/// The multipart body of an upload, as `read_upload` reads it field by field; a part of
/// any other name is refused (400).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "documents the multipart fields; the handler reads them from the stream"
)]
struct EvidenceUpload {
    /// The file: PDF, PNG, JPEG, WebP, docx, xlsx or odt, recognised from its content (its
    /// name and declared type do not count).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The checklist items the document supports: repeat the field, or separate keys with
    /// commas or spaces (`item_key` is read the same way). A new version without any keeps
    /// the items of the version it replaces.
    #[schema(required = false)]
    item_keys: Vec<String>,
    /// YYYY-MM-DD, for a document that expires.
    #[schema(required = false)]
    valid_until: Option<String>,
    /// The id of a file of this site whose document this upload is a new version of.
    #[schema(required = false)]
    replaces: Option<i64>,
}

#[utoipa::path(
    operation_id = "evidence_upload",
    post,
    path = "/api/v1/sites/{id}/evidence",
    tag = "evidence",
    summary = "Upload an evidence file (multipart: file, item_keys, optional valid_until and replaces)",
    description = "For those who record the site's data (its managers and the company's admins). The file's type is recognised from its bytes; a file of another type, an unknown item key or a `replaces` that is not one of the site's files answers 422.",
    params(("id" = i64, Path, description = "The site")),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The stored file", body = EvidenceView),
        (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody),
    )
)]
async fn api_upload(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    multipart: std::result::Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, axum::Json<EvidenceView>)> {
    let site = site_to_record(&state, &auth.principal(), id).await?;
    let up = read_upload(multipart_result(multipart), state.settings.max_upload_mb).await?;
    let f = store_upload(&state, &auth, &site, up).await?;
    let items = state.store.evidence_items(site.id).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(EvidenceView::new(&f, items.get(&f.document_id))),
    ))
}

/// A page of a site's evidence files.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EvidenceListAnswer {
    /// Every version of every document, newest upload first, each with the items its
    /// document supports.
    pub evidence: Vec<EvidenceView>,
    /// The `cursor` of the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[utoipa::path(
    operation_id = "evidence_list",
    get,
    path = "/api/v1/sites/{id}/evidence",
    tag = "evidence",
    summary = "A site's evidence files",
    description = "Whoever may see the site may list its files.",
    params(("id" = i64, Path, description = "The site"), crate::web::paging::PageQuery),
    responses((status = 200, description = "The files", body = EvidenceListAnswer))
)]
async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<EvidenceListAnswer>> {
    let site = visible_site(&state, &auth.principal(), id).await?;
    let (files, next) = paging::page_of(state.store.site_evidence(site.id).await?, &p)?;
    let items = state.store.evidence_items(site.id).await?;
    Ok(axum::Json(EvidenceListAnswer {
        evidence: files
            .iter()
            .map(|f| EvidenceView::new(f, items.get(&f.document_id)))
            .collect(),
        next_cursor: next,
    }))
}

/// The bytes, as an attachment of the type recognised at upload; only for those who may
/// see the site.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DownloadQuery {
    /// `1`: show an image in the page instead of downloading it.
    inline: Option<String>,
}

/// Images whose bytes were checked at upload may be shown inline; everything else downloads.
const INLINE_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

#[utoipa::path(
    operation_id = "evidence_download",
    get,
    path = "/api/v1/evidence/{id}",
    tag = "evidence",
    summary = "Download an evidence file",
    description = "Whoever may see the file's site: the bytes as uploaded, with the media type recognised at upload, as an attachment (images inline with `inline=1`).",
    params(("id" = i64, Path, description = "The evidence file"), DownloadQuery),
    responses((status = 200, description = "The file, with the media type recognised at upload (one of those accepted)", content(
        (crate::web::openapi::FileBody = "application/pdf"),
        (crate::web::openapi::FileBody = "image/png"),
        (crate::web::openapi::FileBody = "image/jpeg"),
        (crate::web::openapi::FileBody = "image/webp"),
        (crate::web::openapi::FileBody = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (crate::web::openapi::FileBody = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (crate::web::openapi::FileBody = "application/vnd.oasis.opendocument.text"),
    )))
)]
async fn download(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<DownloadQuery>,
) -> Result<Response> {
    let f = state
        .store
        .evidence_file(id)
        .await?
        .ok_or(Error::NotFound)?;
    visible_site(&state, &auth.principal(), f.site_id).await?;
    let bytes = state
        .blobs
        .get(&f.sha256)
        .await
        .map_err(|e| anyhow::anyhow!("reading evidence {}: {e}", f.sha256))?;
    let ascii: String = f
        .original_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let utf8: String = url::form_urlencoded::byte_serialize(f.original_name.as_bytes()).collect();
    let inline = q.inline.is_some() && INLINE_TYPES.contains(&f.media_type.as_str());
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        utf8.replace('+', "%20")
    );
    Ok((
        [
            (header::CONTENT_TYPE, f.media_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

// ---- the page ----

#[derive(Template)]
#[template(path = "evidence.html")]
struct EvidencePage {
    page: Page,
    site: Site,
    files: Vec<EvidenceFile>,
    items: BTreeMap<i64, Vec<String>>,
    can_upload: bool,
    checklist: Vec<(String, String)>,
    preselected: Vec<String>,
    notice: Option<String>,
    errors: Vec<String>,
    max_mb: usize,
    /// What the user typed, shown again when the upload is refused.
    typed: Typed,
    /// The checklist item the user came from: its page and its key.
    back: Option<(String, String)>,
}

/// The fields of the upload form besides the file and the items, as typed.
#[derive(Default)]
struct Typed {
    valid_until: String,
    replaces: String,
    assessment: Option<i64>,
}

impl EvidencePage {
    fn items_of(&self, f: &EvidenceFile) -> String {
        self.items
            .get(&f.document_id)
            .map(|k| k.join(", "))
            .unwrap_or_default()
    }

    fn expired(&self, f: &EvidenceFile) -> bool {
        f.expired(time::OffsetDateTime::now_utc().date())
    }

    fn is_replaced(&self, f: &EvidenceFile) -> bool {
        self.typed.replaces == f.id.to_string()
    }

    fn is_preselected(&self, key: &str) -> bool {
        self.preselected.iter().any(|k| k == key)
    }

    fn kib(&self, f: &EvidenceFile) -> String {
        crate::i18n::format_size(self.page.lang, f.size as u64)
    }
}

#[derive(Deserialize)]
struct EvidencePageQuery {
    item: Option<String>,
    uploaded: Option<String>,
    assessment: Option<i64>,
}

async fn evidence_view(
    state: &AppState,
    auth: &Auth,
    id: i64,
    preselected: Vec<String>,
    notice: Option<String>,
    errors: Vec<String>,
    typed: Typed,
) -> Result<EvidencePage> {
    let who = auth.principal();
    let site = visible_site(state, &who, id).await?;
    let lang = auth.lang();
    let back = back_to_item(state, site.id, typed.assessment, &preselected).await?;
    Ok(EvidencePage {
        page: Page::new(
            &auth.ctx,
            format!("{} — {}", i18n::t(lang, "evidence-title"), site.name),
        ),
        files: state.store.site_evidence(site.id).await?,
        items: state.store.evidence_items(site.id).await?,
        can_upload: who.can_answer(&site.path()),
        checklist: state
            .criteria
            .current()
            .items()
            .map(|i| (i.key.clone(), i.text.get(lang).to_owned()))
            .collect(),
        preselected,
        notice,
        errors,
        max_mb: state.settings.max_upload_mb,
        typed,
        back,
        site,
    })
}

/// The checklist page of the first chosen item, when the assessment is this site's.
async fn back_to_item(
    state: &AppState,
    site_id: i64,
    assessment: Option<i64>,
    keys: &[String],
) -> Result<Option<(String, String)>> {
    let (Some(assessment), Some(key)) = (assessment, keys.first()) else {
        return Ok(None);
    };
    let Some(a) = state.store.assessment(assessment).await? else {
        return Ok(None);
    };
    if a.site_id != site_id {
        return Ok(None);
    }
    let criteria = state.criteria.current();
    Ok(criteria.item(key).map(|(c, i)| {
        (
            format!("/assessments/{}/criteria/{}", a.id, c.id),
            i.key.clone(),
        )
    }))
}

async fn evidence_page(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(q): QueryParams<EvidencePageQuery>,
) -> Result<Response> {
    let notice = q
        .uploaded
        .map(|_| i18n::t(auth.lang(), "evidence-uploaded"));
    let view = evidence_view(
        &state,
        &auth,
        id,
        q.item.into_iter().collect(),
        notice,
        vec![],
        Typed {
            assessment: q.assessment,
            ..Typed::default()
        },
    )
    .await?;
    Ok(render(&view)?.into_response())
}

async fn form_upload(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    multipart: std::result::Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response> {
    let site = site_to_record(&state, &auth.principal(), id).await?;
    let up = read_upload(multipart_result(multipart), state.settings.max_upload_mb).await?;
    check_csrf(&auth.ctx, &up.csrf)?;
    let keys = up.item_keys.clone();
    let typed = Typed {
        valid_until: up.valid_until.clone(),
        replaces: up.replaces.clone(),
        assessment: up.assessment.trim().parse().ok(),
    };
    match store_upload(&state, &auth, &site, up).await {
        Ok(_) => {
            let mut to = format!("/sites/{}/evidence?uploaded=1", site.id);
            if let (Some(a), Some(key)) = (typed.assessment, keys.first()) {
                let key: String = url::form_urlencoded::byte_serialize(key.as_bytes()).collect();
                to.push_str(&format!("&assessment={a}&item={key}"));
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(Error::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| i18n::msg(auth.lang(), &p.msg))
                .collect();
            let view = evidence_view(&state, &auth, id, keys, None, errors, typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(
            sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0"),
            None,
            "an executable"
        );
        assert_eq!(sniff(b"just some text"), None);
    }

    #[test]
    fn names_lose_paths_and_quotes() {
        assert_eq!(clean_name("C:\\Users\\x\\politique.pdf"), "politique.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_name(""), "file");
    }
}
