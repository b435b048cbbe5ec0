//! Exports of a company's year: one row per site, as CSV (UTF-8 with a BOM so Excel opens
//! it; `;` or `,`) or JSON lines, streamed from the database.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;

use super::context::Auth;
use super::extract::{PathParams, QueryParams};
use crate::AppState;
use crate::domain::AssessmentStatus;
use crate::domain::rollup::SiteStatus;
use crate::error::{Error, Msg, Result};
use crate::store::export::ExportRow;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_csv))
        .route("/companies/{id}/export.csv", get(export_csv))
        .routes(routes!(export_json))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// From 2000 to next year (default: this year).
    #[param(minimum = 2000)]
    year: Option<i32>,
    /// Only the sites of this unit.
    unit_id: Option<i64>,
    /// Only the sites of this country (ISO code, the site's or else its unit's).
    #[param(pattern = "^[A-Za-z]{2}$")]
    country: Option<String>,
    /// Only the sites in this status, as the dashboard counts them.
    #[param(
        pattern = "^(not_started|draft|submitted|changes_requested|not_compliant|approved|certificate_valid|certificate_expired)?$"
    )]
    status: Option<String>,
    /// Only the sites failing this criterion (its number).
    #[param(minimum = 0, maximum = 255)]
    failing: Option<u8>,
    /// Only the sites whose name contains this, whatever its case and accents.
    q: Option<String>,
    /// `;` (default) or `,`.
    #[param(pattern = "^[;,]$")]
    sep: Option<String>,
}

pub const CSV_COLUMNS: [&str; 19] = [
    "site_id",
    "site",
    "city",
    "unit",
    "country",
    "year",
    "status",
    "progress",
    "criteria_met",
    "criterion_1",
    "criterion_2",
    "criterion_3",
    "criterion_4",
    "criterion_5",
    "criterion_6",
    "certificate_serial",
    "certificate_valid_until",
    "overdue_findings",
    "training_coverage",
];

impl ExportQuery {
    /// The CSV's separator: `;` unless `sep=,`; anything else is a 422 (the JSON lines export
    /// checks it too, and has no use for it).
    fn separator(&self) -> Result<u8> {
        match self.sep.as_deref() {
            None | Some(";") => Ok(b';'),
            Some(",") => Ok(b','),
            Some(other) => Err(Error::invalid(
                "sep",
                Msg::new("export-separator").arg("value", other),
            )),
        }
    }

    /// The dashboard's filters, so that an export holds the sites the dashboard listed.
    fn filters(&self) -> super::shared::company_year::Filters {
        super::shared::company_year::Filters {
            year: self.year,
            unit_id: self.unit_id,
            country: self.country.clone(),
            status: self.status.clone(),
            failing: self.failing,
            q: self.q.clone(),
            sort: None,
            page: None,
        }
    }
}

/// Whether `row` passes `filters` (whose status filter is `status`).
fn kept(
    row: &ExportRow,
    filters: &super::shared::company_year::Filters,
    status: Option<SiteStatus>,
    today: time::Date,
) -> bool {
    let criteria = row.criteria().map(|c| c == Some(1));
    let started = row.status.is_some();
    filters.keeps_site(
        super::shared::company_year::Filtered {
            unit_id: row.unit_id,
            country: &row.country,
            status: status_of(row, today),
            criteria: if started { &criteria } else { &[] },
            name: &row.site_name,
        },
        status,
    )
}

/// The export's rows that pass the filters of `q`, as a stream, after checking the caller may
/// see the company (404 if no site of it is visible to them) and the filters are well formed.
async fn kept_rows(
    state: &AppState,
    auth: &Auth,
    company_id: i64,
    q: &ExportQuery,
) -> Result<(
    i32,
    impl futures_util::Stream<Item = Result<ExportRow>> + Send + 'static,
)> {
    let filters = q.filters();
    let status = filters.checked_status()?;
    let (year, first, rx) = rows(state, auth, company_id, q.year).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let rest =
        futures_util::stream::unfold(
            rx,
            |mut rx| async move { rx.recv().await.map(|row| (row, rx)) },
        );
    let all = futures_util::stream::once(async move { Ok(first) }).chain(rest);
    Ok((
        year,
        all.filter(move |row| {
            let keep = row
                .as_ref()
                .map_or(true, |r| kept(r, &filters, status, today));
            async move { keep }
        }),
    ))
}

fn status_of(row: &ExportRow, today: time::Date) -> SiteStatus {
    SiteStatus::of(
        row.status.as_deref().and_then(AssessmentStatus::parse),
        row.certificate_until
            .as_deref()
            .and_then(crate::store::training::parse_date),
        today,
    )
}

fn coverage(row: &ExportRow) -> String {
    match (row.training_required, row.training_trained) {
        (Some(req), Some(trained)) if req > 0 => {
            format!(
                "{:.1}",
                (trained.min(req) as f64 * 1000.0 / req as f64).round() / 10.0
            )
        }
        _ => String::new(),
    }
}

fn csv_fields(row: &ExportRow, year: i32, today: time::Date) -> Vec<String> {
    let flag = |c: Option<i64>| match c {
        Some(1) => "yes".to_owned(),
        Some(_) => "no".to_owned(),
        None => String::new(),
    };
    let mut out = vec![
        row.site_id.to_string(),
        crate::web::download::neutralise(&row.site_name),
        crate::web::download::neutralise(&row.city),
        crate::web::download::neutralise(&row.unit_name),
        row.country.clone(),
        year.to_string(),
        status_of(row, today).as_str().to_owned(),
        row.progress.map(|p| p.to_string()).unwrap_or_default(),
        row.criteria_met.map(|p| p.to_string()).unwrap_or_default(),
    ];
    out.extend(row.criteria().into_iter().map(flag));
    out.push(row.certificate_serial.clone().unwrap_or_default());
    out.push(row.certificate_until.clone().unwrap_or_default());
    out.push(row.overdue_findings.to_string());
    out.push(coverage(row));
    out
}

fn csv_line(fields: &[String], sep: u8) -> Bytes {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(fields);
    Bytes::from(w.into_inner().unwrap_or_default())
}

/// The rows of the export, after checking the caller may see the company: 404 if no site of
/// it is visible to them.
async fn rows(
    state: &AppState,
    auth: &Auth,
    company_id: i64,
    year: Option<i32>,
) -> Result<(
    i32,
    ExportRow,
    tokio::sync::mpsc::Receiver<Result<ExportRow>>,
)> {
    super::shared::access::may_see(&auth.principal())?;
    let filters = super::shared::company_year::Filters {
        year,
        ..Default::default()
    };
    let year = filters.year()?;
    let today = time::OffsetDateTime::now_utc().date();
    let mut rx = state.store.export_company_year(
        auth.principal().visibility_in(company_id),
        company_id,
        year,
        today.to_string(),
    );
    let first = rx.recv().await.ok_or(Error::NotFound)??;
    Ok((year, first, rx))
}

#[utoipa::path(
    operation_id = "exports_export_csv",
    get,
    path = "/api/v1/companies/{id}/export.csv",
    tag = "exports",
    summary = "One row per site for a year, as CSV with BOM (streamed)",
    description = "For the company's admins and auditors and the platform admin; site managers get 403. The sites the caller may see, narrowed by the filters; a company with no site the caller may see is a 404. Separated by `;` unless `sep=,`.",
    params(("id" = i64, Path, description = "The company"), ExportQuery),
    responses((status = 200, description = "The CSV", content_type = "text/csv", body = crate::web::openapi::FileBody), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody))
)]
async fn export_csv(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    QueryParams(q): QueryParams<ExportQuery>,
) -> Result<Response> {
    let sep = q.separator()?;
    let (year, rows) = kept_rows(&state, &auth, company_id, &q).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let header_fields: Vec<String> = CSV_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    let mut head = b"\xEF\xBB\xBF".to_vec();
    head.extend_from_slice(&csv_line(&header_fields, sep));
    let rest = rows.map(move |row| {
        row.map(|r| csv_line(&csv_fields(&r, year, today), sep))
            .map_err(std::io::Error::other)
    });
    let body =
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head)) })
            .chain(rest);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"sites-{company_id}-{year}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

fn json_line(row: &ExportRow, year: i32, today: time::Date) -> Bytes {
    let criteria: Vec<Option<bool>> = row.criteria().iter().map(|c| c.map(|v| v == 1)).collect();
    let v = json!({
        "site_id": row.site_id,
        "site": row.site_name,
        "city": row.city,
        "unit": row.unit_name,
        "country": row.country,
        "year": year,
        "status": status_of(row, today),
        "progress": row.progress,
        "criteria_met": row.criteria_met,
        "criteria": criteria,
        "certificate_serial": row.certificate_serial,
        "certificate_valid_until": row.certificate_until,
        "overdue_findings": row.overdue_findings,
        "training_required": row.training_required,
        "training_trained": row.training_trained,
    });
    let mut line = v.to_string().into_bytes();
    line.push(b'\n');
    Bytes::from(line)
}

/// The same rows as JSON lines (`application/x-ndjson`), one object per site.
#[utoipa::path(
    operation_id = "exports_export_json",
    get,
    path = "/api/v1/companies/{id}/export.json",
    tag = "exports",
    summary = "One JSON object per line per site for a year (streamed)",
    description = "For the company's admins and auditors and the platform admin; site managers get 403. The same rows as the CSV export, one JSON object per line; a company with no site the caller may see is a 404.",
    params(("id" = i64, Path, description = "The company"), ExportQuery),
    responses((status = 200, description = "JSON lines", content_type = "application/x-ndjson", body = crate::web::openapi::FileBody), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody))
)]
async fn export_json(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(company_id): PathParams<i64>,
    QueryParams(q): QueryParams<ExportQuery>,
) -> Result<Response> {
    q.separator()?;
    let (year, rows) = kept_rows(&state, &auth, company_id, &q).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let body = rows.map(move |row| {
        row.map(|r| json_line(&r, year, today))
            .map_err(std::io::Error::other)
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}
