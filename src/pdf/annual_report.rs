//! The company's annual report as the page and the PDF show it: the figures worded in the
//! report's language, the narrative beside them, laid out over numbered pages.

use super::flow::{Bar, Cell, Column, Flow, page_label};
use super::{Align, Face, Meta, colours};
use crate::domain::Lang;
use crate::domain::annual_report::{Narrative, ReportFigures, Section};
use crate::domain::rollup::SiteStatus;
use crate::i18n;

/// One criterion: its figures in a sentence and what the company says it did.
pub struct CriterionPart {
    pub number: u8,
    pub title: String,
    pub compliant_sites: u64,
    pub share: Option<u32>,
    pub sentence: String,
    pub text: String,
}

/// A report worded in one language, from its figures and narrative.
pub struct AnnualReport {
    pub lang: Lang,
    pub company: String,
    pub year: i32,
    /// "Annual report 2026" in the report's language.
    pub title: String,
    /// Published on …, or draft version n.
    pub state: String,
    /// "Figures as of …".
    pub as_of: String,
    pub as_of_day: time::Date,
    pub published: bool,
    /// What the reader must know about the figures: frozen, or live until publication.
    pub notice: String,
    pub figures: ReportFigures,
    /// (label, sites) for every status.
    pub statuses: Vec<(String, u64)>,
    pub criteria: Vec<CriterionPart>,
    pub training: String,
    /// (label, value) rows of the certificates and audits table.
    pub audits: Vec<(String, u64)>,
    pub summary: String,
    pub next_steps: String,
}

fn t(lang: Lang, key: &str) -> String {
    i18n::t(lang, key)
}

/// A percentage as the report's reader writes it (`54,5 %` in French and Dutch), or a dash.
fn percent(lang: Lang, p: Option<f64>) -> String {
    p.map_or_else(
        || "—".to_owned(),
        |v| format!("{}\u{a0}%", i18n::format_number(lang, v)),
    )
}

impl AnnualReport {
    /// Words `figures` and `narrative` in `lang`. `published_at` is the stored timestamp of
    /// the publication, if any; `version` the narrative's version (0: none saved).
    pub fn new(
        lang: Lang,
        figures: ReportFigures,
        narrative: &Narrative,
        published_at: Option<&str>,
        version: i64,
    ) -> AnnualReport {
        let state = match published_at {
            Some(at) => i18n::t_args(
                lang,
                "annual-state-published",
                &[("date", i18n::format_stamp(lang, at))],
            ),
            None if version > 0 => i18n::t_args(
                lang,
                "annual-state-draft",
                &[("version", version.to_string())],
            ),
            None => t(lang, "annual-state-not-started"),
        };
        let as_of_text = i18n::format_date(lang, figures.as_of);
        let sites = figures.sites_total;
        let criteria = figures
            .criteria
            .iter()
            .map(|c| CriterionPart {
                number: c.number,
                title: c.title.clone(),
                compliant_sites: c.compliant_sites,
                share: c.share,
                sentence: if sites == 0 {
                    t(lang, "annual-no-sites")
                } else {
                    i18n::t_args(
                        lang,
                        "annual-criterion-sentence",
                        &[
                            ("count", c.compliant_sites.to_string()),
                            ("sites", sites.to_string()),
                            ("percent", c.share.unwrap_or(0).to_string()),
                            ("number", c.number.to_string()),
                        ],
                    )
                },
                text: narrative.get(Section::Criterion(c.number)).to_owned(),
            })
            .collect();
        let training = match figures.training.coverage {
            Some(p) => i18n::t_args(
                lang,
                "annual-training-sentence",
                &[
                    ("trained", figures.training.trained.to_string()),
                    ("required", figures.training.required.to_string()),
                    ("percent", i18n::format_number(lang, p)),
                ],
            ),
            None => t(lang, "annual-training-none"),
        };
        let audits = vec![
            (
                t(lang, "annual-certificates-issued"),
                figures.certificates_issued,
            ),
            (
                i18n::t_args(
                    lang,
                    "annual-certificates-valid",
                    &[("date", as_of_text.clone())],
                ),
                figures.certificates_valid,
            ),
            (
                t(lang, "annual-assessments-approved"),
                figures.assessments_approved,
            ),
            (t(lang, "annual-findings-raised"), figures.findings_raised),
            (t(lang, "annual-findings-closed"), figures.findings_closed),
        ];
        AnnualReport {
            lang,
            company: figures.company.clone(),
            year: figures.year,
            title: i18n::t_args(
                lang,
                "annual-report-of",
                &[("year", figures.year.to_string())],
            ),
            state,
            as_of: i18n::t_args(lang, "annual-as-of", &[("date", as_of_text)]),
            as_of_day: figures.as_of,
            published: published_at.is_some(),
            notice: match published_at {
                Some(at) => i18n::t_args(
                    lang,
                    "annual-published-notice",
                    &[("date", i18n::format_stamp(lang, at))],
                ),
                None => t(lang, "annual-draft-notice"),
            },
            statuses: SiteStatus::ALL
                .into_iter()
                .map(|s| {
                    (
                        t(lang, &format!("site-status-{}", s.as_str())),
                        figures.sites_with(s),
                    )
                })
                .collect(),
            criteria,
            training,
            audits,
            summary: narrative.get(Section::Summary).to_owned(),
            next_steps: narrative.get(Section::NextSteps).to_owned(),
            figures,
        }
    }

    /// The text of the page: the report's own language, whatever the reader's.
    pub fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }

    pub fn share(&self, c: &CriterionPart) -> String {
        percent(self.lang, c.share.map(f64::from))
    }

    pub fn coverage(&self) -> String {
        percent(self.lang, self.figures.training.coverage)
    }
}

/// Lays the report out over numbered A4 pages.
pub fn render(r: &AnnualReport) -> Vec<u8> {
    let lang = r.lang;
    let title = format!("{} — {}", r.title, r.company);
    let running = format!("codecheck · {} · {}", r.company, r.title);
    let mut flow = Flow::new(&title, &running, page_label(lang));
    flow.title(&title, &format!("{} · {}", r.state, r.as_of));

    if !r.summary.is_empty() {
        flow.heading(&t(lang, "annual-section-summary"));
        flow.paragraph(&r.summary, Face::Regular, 10.0, colours::ink());
    }

    flow.heading(&t(lang, "annual-figures"));
    let mut rows = vec![(t(lang, "report-sites"), r.figures.sites_total.to_string())];
    rows.extend(
        r.statuses
            .iter()
            .map(|(label, n)| (format!("  {label}"), n.to_string())),
    );
    flow.counts(
        &t(lang, "report-sites-by-status"),
        &t(lang, "report-sites"),
        rows,
    );

    flow.heading(&t(lang, "annual-criteria"));
    if r.figures.sites_total > 0 {
        flow.bars(
            &r.criteria
                .iter()
                .map(|c| Bar {
                    label: format!("{}. {}", c.number, c.title),
                    value: f64::from(c.share.unwrap_or(0)),
                    ok: true,
                    figure: percent(lang, Some(f64::from(c.share.unwrap_or(0)))),
                })
                .collect::<Vec<_>>(),
        );
    }
    let rows: Vec<Vec<Cell>> = r
        .criteria
        .iter()
        .map(|c| {
            vec![
                Cell::plain(format!("{}. {}", c.number, c.title)),
                Cell::plain(c.compliant_sites.to_string()),
                Cell::plain(r.share(c)),
            ]
        })
        .collect();
    flow.table(
        &[
            Column {
                title: &t(lang, "report-criterion"),
                share: 6.0,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "annual-col-compliant"),
                share: 2.0,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "annual-col-share"),
                share: 1.2,
                align: Align::Right,
            },
        ],
        &rows,
    );

    flow.heading(&t(lang, "annual-training"));
    flow.table(
        &[
            Column {
                title: &t(lang, "report-required"),
                share: 1.0,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-trained"),
                share: 1.0,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-coverage"),
                share: 1.0,
                align: Align::Right,
            },
        ],
        &[vec![
            Cell::plain(r.figures.training.required.to_string()),
            Cell::plain(r.figures.training.trained.to_string()),
            Cell::plain(r.coverage()),
        ]],
    );
    flow.paragraph(&r.training, Face::Regular, 10.0, colours::ink());

    flow.heading(&t(lang, "annual-certificates"));
    flow.counts(
        &t(lang, "annual-certificates"),
        "",
        r.audits
            .iter()
            .map(|(label, n)| (label.clone(), n.to_string()))
            .collect(),
    );

    let nothing = t(lang, "annual-no-text");
    for c in &r.criteria {
        flow.heading(&format!("{}. {}", c.number, c.title));
        flow.paragraph(&c.sentence, Face::Regular, 9.5, colours::muted());
        flow.space(4.0);
        flow.paragraph(
            &t(lang, "annual-what-we-did"),
            Face::Bold,
            10.0,
            colours::ink(),
        );
        if c.text.is_empty() {
            flow.paragraph(&nothing, Face::Regular, 10.0, colours::muted());
        } else {
            flow.paragraph(&c.text, Face::Regular, 10.0, colours::ink());
        }
    }

    if !r.next_steps.is_empty() {
        flow.heading(&t(lang, "annual-section-next_steps"));
        flow.paragraph(&r.next_steps, Face::Regular, 10.0, colours::ink());
    }

    // A published report carries its figures' day, so it renders the same file every time.
    let created = super::noon(r.as_of_day);
    flow.finish(&Meta {
        title: &title,
        author: &r.company,
        subject: &r.title,
        lang,
        created,
    })
}
