//! The company's annual Code report (criterion 6): the figures of a year, computed from the
//! sites' facts and a few counts, and the narrative the company writes around them. Both are
//! frozen as JSON when the report is published, so they must read back exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::rollup::{SiteFacts, SiteStatus, rollup};
use crate::error::{Msg, Problems};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// The longest text one narrative section may hold, in characters.
pub const SECTION_MAX_CHARS: usize = 10_000;

/// Counts the store reads for a company and a calendar year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearCounts {
    pub certificates_issued: u64,
    /// Certificates not revoked whose validity covers the report's `as_of` day.
    pub certificates_valid: u64,
    pub findings_raised: u64,
    pub findings_closed: u64,
    pub assessments_approved: u64,
}

/// How many of the company's sites stand at one status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = AnnualStatusCount)]
pub struct StatusCount {
    /// `not_started`, `draft`, `submitted`, `changes_requested`, `not_compliant`, `approved`,
    /// `certificate_valid` or `certificate_expired`.
    #[schema(value_type = String)]
    pub status: SiteStatus,
    pub sites: u64,
}

/// One criterion across the company's sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = AnnualCriterionFigures)]
pub struct CriterionFigures {
    pub id: String,
    pub number: u8,
    /// In the report's language, as the criteria worded it on the day.
    pub title: String,
    pub compliant_sites: u64,
    /// Whole percent of the sites in scope; `None` when there are none.
    pub share: Option<u32>,
}

/// The training of the people who must be trained, across the company's sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = AnnualTrainingFigures)]
pub struct TrainingFigures {
    pub required: u64,
    pub trained: u64,
    /// Percent with one decimal; `None` when nobody must be trained.
    pub coverage: Option<f64>,
}

/// What the report says in numbers. Once published it is stored as JSON and never
/// recomputed: later changes to the data must not rewrite a published report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = AnnualReportFigures)]
pub struct ReportFigures {
    /// The company's name on the day.
    pub company: String,
    pub year: i32,
    /// The day the year-end figures are taken on: 31 December, or today for a year not over
    /// (YYYY-MM-DD).
    #[serde(with = "iso_date")]
    #[schema(value_type = String)]
    pub as_of: Date,
    pub sites_total: u64,
    pub by_status: Vec<StatusCount>,
    pub criteria: Vec<CriterionFigures>,
    pub training: TrainingFigures,
    pub certificates_issued: u64,
    pub certificates_valid: u64,
    pub findings_raised: u64,
    pub findings_closed: u64,
    pub assessments_approved: u64,
}

impl ReportFigures {
    pub fn sites_with(&self, status: SiteStatus) -> u64 {
        self.by_status
            .iter()
            .find(|s| s.status == status)
            .map_or(0, |s| s.sites)
    }
}

/// The day a year's figures are taken on: its last day, or `today` while it runs.
pub fn as_of(year: i32, today: Date) -> Date {
    match Date::from_calendar_date(year, Month::December, 31) {
        Ok(end) if end < today => end,
        _ => today,
    }
}

/// The figures of `year` from every site's facts (`criteria`: id, number and title, in the
/// order of the sites' compliance flags) and the store's counts.
pub fn figures(
    company: &str,
    year: i32,
    as_of: Date,
    criteria: &[(String, u8, String)],
    sites: &[SiteFacts],
    counts: YearCounts,
) -> ReportFigures {
    let r = rollup(sites, criteria.len(), as_of);
    ReportFigures {
        company: company.to_owned(),
        year,
        as_of,
        sites_total: r.sites_total,
        by_status: SiteStatus::ALL
            .into_iter()
            .map(|status| StatusCount {
                status,
                sites: r.by_status.get(&status).copied().unwrap_or(0),
            })
            .collect(),
        criteria: criteria
            .iter()
            .enumerate()
            .map(|(i, (id, number, title))| CriterionFigures {
                id: id.clone(),
                number: *number,
                title: title.clone(),
                compliant_sites: r.compliant_sites.get(i).copied().unwrap_or(0),
                share: r.compliant_share(i),
            })
            .collect(),
        training: TrainingFigures {
            required: r.training_required,
            trained: r.training_trained.min(r.training_required),
            coverage: r.training_coverage(),
        },
        certificates_issued: counts.certificates_issued,
        certificates_valid: counts.certificates_valid,
        findings_raised: counts.findings_raised,
        findings_closed: counts.findings_closed,
        assessments_approved: counts.assessments_approved,
    }
}

/// The parts of the narrative, in the order the report shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Summary,
    /// "What we did" for criterion 1 to 6.
    Criterion(u8),
    NextSteps,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Summary,
        Section::Criterion(1),
        Section::Criterion(2),
        Section::Criterion(3),
        Section::Criterion(4),
        Section::Criterion(5),
        Section::Criterion(6),
        Section::NextSteps,
    ];

    /// The key in JSON bodies, form fields and stored versions.
    pub fn key(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            Section::Criterion(1) => "c1",
            Section::Criterion(2) => "c2",
            Section::Criterion(3) => "c3",
            Section::Criterion(4) => "c4",
            Section::Criterion(5) => "c5",
            Section::Criterion(6) => "c6",
            Section::Criterion(_) => "c",
            Section::NextSteps => "next_steps",
        }
    }

    pub fn parse(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The criterion number this section reports on, if any.
    pub fn criterion(self) -> Option<u8> {
        match self {
            Section::Criterion(n) => Some(n),
            _ => None,
        }
    }
}

/// The company's texts, one per section; a section left empty is simply not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Narrative(BTreeMap<String, String>);

impl Narrative {
    /// Checks texts as typed (by section key): unknown sections and texts over
    /// [`SECTION_MAX_CHARS`] are refused, each problem naming its section. Texts are kept
    /// trimmed; empty ones are dropped.
    pub fn parse(raw: &BTreeMap<String, String>, problems: &mut Problems) -> Narrative {
        let mut out = BTreeMap::new();
        for (key, text) in raw {
            let Some(section) = Section::parse(key) else {
                problems.add(
                    "sections",
                    Msg::new("annual-section-unknown").arg("value", key),
                );
                continue;
            };
            let text = text.trim();
            if text.chars().count() > SECTION_MAX_CHARS {
                problems.add(
                    section.key(),
                    Msg::new("annual-section-too-long").arg("max", SECTION_MAX_CHARS),
                );
            } else if !text.is_empty() {
                out.insert(section.key().to_owned(), text.replace("\r\n", "\n"));
            }
        }
        Narrative(out)
    }

    pub fn get(&self, section: Section) -> &str {
        self.0.get(section.key()).map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every section in report order with its text (possibly empty).
    pub fn sections(&self) -> impl Iterator<Item = (Section, &str)> {
        Section::ALL.into_iter().map(|s| (s, self.get(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn criteria() -> Vec<(String, u8, String)> {
        (1..=6)
            .map(|n| (format!("c{n}"), n, format!("Criterion {n}")))
            .collect()
    }

    fn site(status: SiteStatus, met: &[bool], required: u64, trained: u64) -> SiteFacts {
        SiteFacts {
            site_id: 1,
            name: "Hôtel".into(),
            unit_id: 1,
            unit: "BE".into(),
            country: "BE".into(),
            status,
            assessment_id: None,
            criteria: met.to_vec(),
            progress: 0,
            training_required: required,
            training_trained: trained,
            overdue_findings: 0,
            certificate_until: None,
        }
    }

    #[test]
    fn the_year_ends_on_31_december_unless_it_is_running() {
        assert_eq!(as_of(2025, date!(2026 - 03 - 01)), date!(2025 - 12 - 31));
        assert_eq!(as_of(2026, date!(2026 - 03 - 01)), date!(2026 - 03 - 01));
        assert_eq!(as_of(2027, date!(2026 - 03 - 01)), date!(2026 - 03 - 01));
    }

    #[test]
    fn shares_and_coverage_are_rounded_over_the_sites_in_scope() {
        let all = [true; 6];
        let first_two = [true, true, false, false, false, false];
        let sites = [
            site(SiteStatus::CertificateValid, &all, 10, 9),
            site(SiteStatus::Draft, &first_two, 5, 1),
            site(SiteStatus::NotStarted, &[], 0, 0),
        ];
        let counts = YearCounts {
            certificates_issued: 1,
            certificates_valid: 1,
            findings_raised: 3,
            findings_closed: 2,
            assessments_approved: 1,
        };
        let f = figures(
            "Alpha",
            2026,
            date!(2026 - 12 - 31),
            &criteria(),
            &sites,
            counts,
        );
        assert_eq!(f.sites_total, 3);
        assert_eq!(f.sites_with(SiteStatus::CertificateValid), 1);
        assert_eq!(f.sites_with(SiteStatus::Draft), 1);
        assert_eq!(f.sites_with(SiteStatus::NotStarted), 1);
        assert_eq!(f.by_status.iter().map(|s| s.sites).sum::<u64>(), 3);
        let c1 = &f.criteria[0];
        assert_eq!((c1.number, c1.compliant_sites, c1.share), (1, 2, Some(67)));
        let c3 = &f.criteria[2];
        assert_eq!((c3.compliant_sites, c3.share), (1, Some(33)));
        assert_eq!(f.training.required, 15);
        assert_eq!(f.training.trained, 10);
        assert_eq!(f.training.coverage, Some(66.7));
        assert_eq!(f.findings_raised, 3);
        assert_eq!(f.findings_closed, 2);
    }

    #[test]
    fn an_empty_company_has_no_shares_rather_than_zero_ones() {
        let f = figures(
            "Alpha",
            2026,
            date!(2026 - 06 - 01),
            &criteria(),
            &[],
            YearCounts::default(),
        );
        assert_eq!(f.sites_total, 0);
        assert_eq!(f.criteria.len(), 6);
        assert!(f.criteria.iter().all(|c| c.share.is_none()));
        assert_eq!(f.training.coverage, None);
        assert_eq!(f.by_status.len(), SiteStatus::ALL.len());
    }

    #[test]
    fn figures_read_back_exactly_from_their_json() {
        let sites = [site(SiteStatus::Approved, &[true; 6], 3, 2)];
        let f = figures(
            "Alpha",
            2025,
            date!(2025 - 12 - 31),
            &criteria(),
            &sites,
            YearCounts::default(),
        );
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"as_of\":\"2025-12-31\""), "{json}");
        assert!(json.contains("\"approved\""), "{json}");
        let back: ReportFigures = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn the_narrative_keeps_known_sections_within_bounds() {
        let mut raw = BTreeMap::new();
        raw.insert(
            "summary".to_owned(),
            "  Our year.\r\nTwo lines.  ".to_owned(),
        );
        raw.insert("c2".to_owned(), "   ".to_owned());
        let mut problems = Problems::default();
        let n = Narrative::parse(&raw, &mut problems);
        assert!(problems.finish().is_ok());
        assert_eq!(n.get(Section::Summary), "Our year.\nTwo lines.");
        assert_eq!(
            n.get(Section::Criterion(2)),
            "",
            "blank sections are dropped"
        );
        assert_eq!(n.sections().count(), 8);

        raw.insert("c7".to_owned(), "x".to_owned());
        raw.insert("next_steps".to_owned(), "é".repeat(SECTION_MAX_CHARS + 1));
        let mut problems = Problems::default();
        Narrative::parse(&raw, &mut problems);
        let Err(crate::error::Error::Invalid(found)) = problems.finish() else {
            panic!("expected problems");
        };
        let fields: Vec<_> = found.iter().filter_map(|p| p.field).collect();
        assert_eq!(fields, ["sections", "next_steps"]);

        raw.remove("c7");
        raw.insert("next_steps".to_owned(), "é".repeat(SECTION_MAX_CHARS));
        let mut problems = Problems::default();
        Narrative::parse(&raw, &mut problems);
        assert!(problems.finish().is_ok(), "exactly the limit is fine");
    }

    #[test]
    fn section_keys_round_trip() {
        for s in Section::ALL {
            assert_eq!(Section::parse(s.key()), Some(s));
        }
        assert_eq!(Section::parse("c"), None);
        assert_eq!(Section::Criterion(4).criterion(), Some(4));
    }
}
