//! A company's year: every site's facts (status, criteria met, training, findings), and the
//! filters that narrow them. The dashboard, the exports and the annual report read the same
//! facts through the same filters, so their figures agree.

use serde::Deserialize;

use crate::AppState;
use crate::domain::rollup::{SiteFacts, SiteStatus};
use crate::domain::{AssessmentStatus, Principal, Visibility, search};
use crate::error::{Error, Msg, Result};

use super::access::may_see;
use super::training_figures::refresh_training;

/// Filters shared by the page, the JSON and the exports.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    /// From 2000 to next year (default: this year).
    #[param(minimum = 2000)]
    pub year: Option<i32>,
    pub unit_id: Option<i64>,
    /// ISO code, in either case.
    #[param(pattern = "^[A-Za-z]{2}$")]
    pub country: Option<String>,
    #[param(
        pattern = "^(not_started|draft|submitted|changes_requested|not_compliant|approved|certificate_valid|certificate_expired)?$"
    )]
    pub status: Option<String>,
    /// Criterion number; with `status`-like meaning: sites failing it.
    #[param(minimum = 0, maximum = 255)]
    pub failing: Option<u8>,
    pub q: Option<String>,
    pub sort: Option<String>,
    /// The page of sites on the dashboard page, from 1 (0, and any page past the last, show the
    /// nearest one).
    #[param(minimum = 0, maximum = 4294967295_u64)]
    pub page: Option<u32>,
}

impl Filters {
    pub fn year(&self) -> Result<i32> {
        check_year(
            self.year
                .unwrap_or_else(|| time::OffsetDateTime::now_utc().year()),
        )
    }

    /// The filters checked, and the status one read: a country must be an ISO code, in
    /// either case (`BE` or `be`, never `BEL` or ` BE`: 422), a status one the dashboard
    /// counts (400).
    pub(crate) fn checked_status(&self) -> Result<Option<SiteStatus>> {
        if let Some(raw) = self.country.as_deref()
            && (raw.trim() != raw || crate::domain::Country::parse(raw).is_err())
        {
            return Err(Error::invalid("country", Msg::new("invalid-country")));
        }
        match self.status.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => SiteStatus::parse(s)
                .map(Some)
                .ok_or_else(|| Error::BadRequest(Msg::new("error-status-unknown").arg("value", s))),
        }
    }

    /// Whether a site passes the filters (the year is applied by the query).
    pub fn keeps(&self, s: &SiteFacts, status: Option<SiteStatus>) -> bool {
        self.keeps_site(
            Filtered {
                unit_id: s.unit_id,
                country: &s.country,
                status: s.status,
                criteria: &s.criteria,
                name: &s.name,
            },
            status,
        )
    }

    /// Whether a site passes the filters; `status` is [`Filters::status`], parsed once.
    pub(crate) fn keeps_site(&self, s: Filtered<'_>, status: Option<SiteStatus>) -> bool {
        self.unit_id.is_none_or(|u| u == s.unit_id)
            && self
                .country
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .is_none_or(|c| c.eq_ignore_ascii_case(s.country))
            && status.is_none_or(|st| st == s.status)
            && self.failing.is_none_or(|n| {
                !s.criteria
                    .get(usize::from(n).saturating_sub(1))
                    .copied()
                    .unwrap_or(false)
            })
            && self
                .q
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .is_none_or(|q| search::contains(s.name, q))
    }
}

/// What the filters look at in a site: the dashboard's and the exports' rows alike.
pub(crate) struct Filtered<'a> {
    pub unit_id: i64,
    pub country: &'a str,
    pub status: SiteStatus,
    /// Whether each criterion is met, in order; empty when not started.
    pub criteria: &'a [bool],
    pub name: &'a str,
}

/// A reporting year the group views accept: from 2000 to next year.
pub fn check_year(year: i32) -> Result<i32> {
    let this_year = time::OffsetDateTime::now_utc().year();
    if !(2000..=this_year + 1).contains(&year) {
        return Err(Error::invalid(
            "year",
            Msg::new("invalid-year")
                .arg("first", 2000)
                .arg("last", this_year + 1),
        ));
    }
    Ok(year)
}

/// Every site's facts for the year, before filters.
pub async fn site_facts(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    year: i32,
) -> Result<Vec<SiteFacts>> {
    may_see(who)?;
    let facts = company_facts(state, who.visibility_in(company_id), company_id, year).await?;
    if facts.is_empty() {
        return Err(Error::NotFound);
    }
    Ok(facts)
}

/// The facts of the company's sites that `vis` allows, for the year, by name; no access
/// check here (the caller made it).
pub async fn company_facts(
    state: &AppState,
    vis: Visibility,
    company_id: i64,
    year: i32,
) -> Result<Vec<SiteFacts>> {
    let today = time::OffsetDateTime::now_utc().date();
    let rows = state
        .store
        .company_year(vis, company_id, year, &today.to_string())
        .await?;
    // Figures never computed are computed now; older ones are refreshed by the daily sweep.
    let stale: Vec<i64> = rows
        .iter()
        .filter(|r| r.training_computed_on.is_none())
        .map(|r| r.site_id)
        .collect();
    let fresh = refresh_training(state, state.criteria.current(), &stale, today).await?;
    let count = state.criteria.current().criteria.len();
    let mut facts: Vec<SiteFacts> = rows
        .into_iter()
        .map(|r| {
            let until = r
                .certificate_until
                .as_deref()
                .and_then(crate::store::training::parse_date);
            let status = SiteStatus::of(
                r.status.as_deref().and_then(AssessmentStatus::parse),
                until,
                today,
            );
            let mask = r.criteria_mask.unwrap_or(0);
            let flags: Vec<bool> = (0..count.min(63)).map(|i| mask & (1 << i) != 0).collect();
            let (required, trained) = fresh.get(&r.site_id).copied().unwrap_or((
                r.training_required.unwrap_or(0) as u64,
                r.training_trained.unwrap_or(0) as u64,
            ));
            SiteFacts {
                site_id: r.site_id,
                name: r.site_name,
                unit_id: r.unit_id,
                unit: r.unit_name,
                country: r.country,
                status,
                assessment_id: r.assessment_id,
                criteria: if r.assessment_id.is_some() {
                    flags
                } else {
                    Vec::new()
                },
                progress: r.progress.unwrap_or(0).clamp(0, 100) as u32,
                training_required: required,
                training_trained: trained,
                overdue_findings: r.overdue_findings.max(0) as u64,
                certificate_until: until,
            }
        })
        .collect();
    facts.sort_by(|a, b| a.name.cmp(&b.name).then(a.site_id.cmp(&b.site_id)));
    Ok(facts)
}

/// A bar of a chart: label, value 0-100, and its text alternative.
pub struct Bar {
    pub label: String,
    pub value: u32,
}
