//! Where a group stands: each site's state for a year, and the sums over sites, units and
//! countries that the dashboard, the exports and the annual report show.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use super::AssessmentStatus;

/// How far a site is for a year, as the dashboard sorts and filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteStatus {
    NotStarted,
    Draft,
    Submitted,
    ChangesRequested,
    /// Reviewed and closed without a certificate.
    NotCompliant,
    Approved,
    CertificateValid,
    CertificateExpired,
}

impl SiteStatus {
    pub const ALL: [SiteStatus; 8] = [
        SiteStatus::NotStarted,
        SiteStatus::Draft,
        SiteStatus::Submitted,
        SiteStatus::ChangesRequested,
        SiteStatus::NotCompliant,
        SiteStatus::Approved,
        SiteStatus::CertificateValid,
        SiteStatus::CertificateExpired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SiteStatus::NotStarted => "not_started",
            SiteStatus::Draft => "draft",
            SiteStatus::Submitted => "submitted",
            SiteStatus::ChangesRequested => "changes_requested",
            SiteStatus::NotCompliant => "not_compliant",
            SiteStatus::Approved => "approved",
            SiteStatus::CertificateValid => "certificate_valid",
            SiteStatus::CertificateExpired => "certificate_expired",
        }
    }

    pub fn parse(s: &str) -> Option<SiteStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The status of a site from its assessment's status and its certificate in force.
    pub fn of(
        assessment: Option<AssessmentStatus>,
        certificate_until: Option<Date>,
        today: Date,
    ) -> SiteStatus {
        match assessment {
            None => SiteStatus::NotStarted,
            Some(AssessmentStatus::Draft) => SiteStatus::Draft,
            Some(AssessmentStatus::Submitted | AssessmentStatus::InReview) => SiteStatus::Submitted,
            Some(AssessmentStatus::ChangesRequested) => SiteStatus::ChangesRequested,
            Some(AssessmentStatus::NotCompliant) => SiteStatus::NotCompliant,
            Some(AssessmentStatus::Approved) => match certificate_until {
                Some(until) if until >= today => SiteStatus::CertificateValid,
                Some(_) => SiteStatus::CertificateExpired,
                None => SiteStatus::Approved,
            },
        }
    }
}

/// Certificates ending within this many days are "expiring".
pub const EXPIRING_DAYS: i64 = 60;

/// One site's facts for a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFacts {
    pub site_id: i64,
    pub name: String,
    pub unit_id: i64,
    pub unit: String,
    pub country: String,
    pub status: SiteStatus,
    pub assessment_id: Option<i64>,
    /// Compliance per criterion, in criteria order; empty when not started.
    pub criteria: Vec<bool>,
    pub progress: u32,
    pub training_required: u64,
    pub training_trained: u64,
    pub overdue_findings: u64,
    pub certificate_until: Option<Date>,
}

impl SiteFacts {
    pub fn criteria_met(&self) -> usize {
        self.criteria.iter().filter(|c| **c).count()
    }

    pub fn certificate_expiring(&self, today: Date) -> bool {
        self.certificate_until
            .is_some_and(|d| d >= today && d <= today + Duration::days(EXPIRING_DAYS))
    }
}

/// Sums over a set of sites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub sites_total: u64,
    pub by_status: BTreeMap<SiteStatus, u64>,
    /// Sites compliant with each criterion, in criteria order.
    pub compliant_sites: Vec<u64>,
    pub training_required: u64,
    pub training_trained: u64,
    pub overdue_findings: u64,
    pub certificates_expiring: u64,
}

impl Rollup {
    pub fn empty(criteria: usize) -> Rollup {
        Rollup {
            sites_total: 0,
            by_status: SiteStatus::ALL.into_iter().map(|s| (s, 0)).collect(),
            compliant_sites: vec![0; criteria],
            training_required: 0,
            training_trained: 0,
            overdue_findings: 0,
            certificates_expiring: 0,
        }
    }

    pub fn add(&mut self, site: &SiteFacts, today: Date) {
        self.sites_total += 1;
        *self.by_status.entry(site.status).or_default() += 1;
        for (n, ok) in self.compliant_sites.iter_mut().zip(&site.criteria) {
            *n += u64::from(*ok);
        }
        self.training_required += site.training_required;
        self.training_trained += site.training_trained;
        self.overdue_findings += site.overdue_findings;
        self.certificates_expiring += u64::from(site.certificate_expiring(today));
    }

    /// Trained over required, in percent with one decimal; `None` when nobody is required.
    pub fn training_coverage(&self) -> Option<f64> {
        (self.training_required > 0).then(|| {
            (self.training_trained.min(self.training_required) as f64 * 1000.0
                / self.training_required as f64)
                .round()
                / 10.0
        })
    }

    /// Share of sites compliant with criterion `i`, in whole percent.
    pub fn compliant_share(&self, i: usize) -> Option<u32> {
        let n = *self.compliant_sites.get(i)?;
        (self.sites_total > 0).then(|| ((n * 100 + self.sites_total / 2) / self.sites_total) as u32)
    }
}

/// The rollup of all `sites`.
pub fn rollup(sites: &[SiteFacts], criteria: usize, today: Date) -> Rollup {
    let mut r = Rollup::empty(criteria);
    for s in sites {
        r.add(s, today);
    }
    r
}

/// Rollups per group, keyed by `key`.
pub fn rollup_by<K: Ord>(
    sites: &[SiteFacts],
    criteria: usize,
    today: Date,
    key: impl Fn(&SiteFacts) -> K,
) -> BTreeMap<K, Rollup> {
    let mut out: BTreeMap<K, Rollup> = BTreeMap::new();
    for s in sites {
        out.entry(key(s))
            .or_insert_with(|| Rollup::empty(criteria))
            .add(s, today);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 06 - 01);

    fn site_strategy() -> impl Strategy<Value = SiteFacts> {
        (
            0i64..5,
            0usize..7,
            proptest::collection::vec(any::<bool>(), 6),
            0u64..50,
            0u64..60,
            0u64..4,
            proptest::option::of(-30i64..120),
            prop_oneof![Just("BE"), Just("FR"), Just("NL")],
        )
            .prop_map(
                |(unit, status, criteria, required, trained, overdue, until, country)| {
                    let status = SiteStatus::ALL[status];
                    SiteFacts {
                        site_id: 0,
                        name: String::new(),
                        unit_id: unit,
                        unit: format!("unit {unit}"),
                        country: country.to_owned(),
                        status,
                        assessment_id: None,
                        criteria: if status == SiteStatus::NotStarted {
                            Vec::new()
                        } else {
                            criteria
                        },
                        progress: 0,
                        training_required: required,
                        training_trained: trained.min(required),
                        overdue_findings: overdue,
                        certificate_until: until.map(|d| TODAY + Duration::days(d)),
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn statuses_add_up_and_groups_sum_to_the_whole(sites in proptest::collection::vec(site_strategy(), 0..80)) {
            let whole = rollup(&sites, 6, TODAY);
            prop_assert_eq!(whole.sites_total, sites.len() as u64);
            prop_assert_eq!(whole.by_status.values().sum::<u64>(), whole.sites_total);
            for (i, n) in whole.compliant_sites.iter().enumerate() {
                let expected = sites.iter().filter(|s| s.criteria.get(i).copied().unwrap_or(false)).count() as u64;
                prop_assert_eq!(*n, expected);
                prop_assert!(*n <= whole.sites_total);
            }
            for groups in [
                rollup_by(&sites, 6, TODAY, |s| s.unit_id),
                rollup_by(&sites, 6, TODAY, |s| s.unit_id * 100),
            ] {
                let mut summed = Rollup::empty(6);
                for g in groups.values() {
                    summed.sites_total += g.sites_total;
                    for (k, v) in &g.by_status { *summed.by_status.get_mut(k).unwrap() += v; }
                    for (a, b) in summed.compliant_sites.iter_mut().zip(&g.compliant_sites) { *a += b; }
                    summed.training_required += g.training_required;
                    summed.training_trained += g.training_trained;
                    summed.overdue_findings += g.overdue_findings;
                    summed.certificates_expiring += g.certificates_expiring;
                }
                prop_assert_eq!(&summed, &whole);
            }
            let by_country = rollup_by(&sites, 6, TODAY, |s| s.country.clone());
            prop_assert_eq!(by_country.values().map(|r| r.sites_total).sum::<u64>(), whole.sites_total);
            if let Some(c) = whole.training_coverage() {
                prop_assert!((0.0..=100.0).contains(&c));
            }
        }
    }

    #[test]
    fn the_status_of_a_site() {
        use AssessmentStatus::*;
        assert_eq!(SiteStatus::of(None, None, TODAY), SiteStatus::NotStarted);
        assert_eq!(
            SiteStatus::of(Some(InReview), None, TODAY),
            SiteStatus::Submitted
        );
        assert_eq!(
            SiteStatus::of(Some(Approved), Some(TODAY), TODAY),
            SiteStatus::CertificateValid
        );
        assert_eq!(
            SiteStatus::of(Some(Approved), Some(TODAY - Duration::days(1)), TODAY),
            SiteStatus::CertificateExpired
        );
        assert_eq!(
            SiteStatus::of(Some(Approved), None, TODAY),
            SiteStatus::Approved
        );
        // A round closed without a certificate never counts as certified.
        assert_eq!(
            SiteStatus::of(Some(NotCompliant), Some(TODAY), TODAY),
            SiteStatus::NotCompliant
        );
    }

    #[test]
    fn shares_and_coverage_round() {
        let mut r = Rollup::empty(1);
        r.sites_total = 3;
        r.compliant_sites = vec![2];
        assert_eq!(r.compliant_share(0), Some(67));
        r.training_required = 3;
        r.training_trained = 2;
        assert_eq!(r.training_coverage(), Some(66.7));
        assert_eq!(Rollup::empty(1).training_coverage(), None);
        assert_eq!(Rollup::empty(1).compliant_share(0), None);
    }
}
