//! Gap reports: for one site and year, and rolled up for a company or unit. The web layer
//! gathers and words the facts; these functions lay them out.

use super::flow::{Bar, Cell, Column, Flow, page_label};
use super::{Align, Face, Meta, colours};
use crate::domain::Lang;
use crate::i18n;

pub struct CriterionLine {
    pub number: u8,
    pub title: String,
    pub compliant: bool,
    /// In percent, rounded down to one decimal.
    pub score: f64,
    /// How the criterion is passed, from its data.
    pub rule: String,
    /// Why it is not met, one sentence per rule it misses; empty when it is met.
    pub why: Vec<String>,
}

pub struct GapLine {
    pub key: String,
    pub text: String,
    pub reasons: Vec<String>,
    pub guidance: String,
}

pub struct FindingLine {
    pub id: i64,
    pub key: String,
    pub severity: String,
    pub action: String,
    pub due: String,
    pub overdue: bool,
}

pub struct RoleLine {
    pub role: String,
    pub required: usize,
    pub trained: usize,
    pub percent: Option<f64>,
}

pub struct SiteGapReport {
    pub site: String,
    pub company: String,
    pub unit: String,
    pub city: String,
    pub year: i32,
    pub status: String,
    pub criteria_version: String,
    pub generated_on: time::Date,
    pub criteria: Vec<CriterionLine>,
    pub gaps: Vec<GapLine>,
    pub findings: Vec<FindingLine>,
    pub coverage: Vec<RoleLine>,
    pub overdue_staff: usize,
}

fn t(lang: Lang, key: &str) -> String {
    i18n::t(lang, key)
}

fn percent(lang: Lang, p: Option<f64>) -> String {
    p.map_or_else(
        || "—".to_owned(),
        |v| format!("{}\u{a0}%", i18n::format_number(lang, v)),
    )
}

/// A score next to its threshold: one decimal, rounded down, as the reader writes it.
fn score(lang: Lang, v: f64) -> String {
    format!("{}\u{a0}%", i18n::format_score(lang, v))
}

pub fn render_site(r: &SiteGapReport, lang: Lang) -> Vec<u8> {
    let title = format!("{} — {} {}", t(lang, "report-title"), r.site, r.year);
    let running = format!(
        "codecheck · {} · {} · {}",
        t(lang, "report-title"),
        r.site,
        r.year
    );
    let mut flow = Flow::new(&title, &running, page_label(lang));
    let generated = i18n::format_date(lang, r.generated_on);
    flow.title(
        &title,
        &format!(
            "{} · {} · {} — {} · {}",
            r.company,
            r.unit,
            r.city,
            r.status,
            i18n::t_args(lang, "report-generated", &[("date", generated)])
        ),
    );

    flow.heading(&t(lang, "report-criteria"));
    flow.bars(
        &r.criteria
            .iter()
            .map(|c| Bar {
                label: format!("{}. {}", c.number, c.title),
                value: c.score,
                ok: c.compliant,
                figure: score(lang, c.score),
            })
            .collect::<Vec<_>>(),
    );
    let compliant = t(lang, "compliant");
    let not_compliant = t(lang, "not-compliant");
    let rows: Vec<Vec<Cell>> = r
        .criteria
        .iter()
        .map(|c| {
            vec![
                Cell::plain(format!("{}. {}", c.number, c.title)),
                if c.compliant {
                    Cell::coloured(format!("✓ {compliant}"), colours::ok())
                } else {
                    Cell::coloured(format!("✗ {not_compliant}"), colours::no())
                },
                Cell::plain(score(lang, c.score)),
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
                title: &t(lang, "col-status"),
                share: 2.5,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "report-score"),
                share: 1.2,
                align: Align::Right,
            },
        ],
        &rows,
    );

    let failing: Vec<&CriterionLine> = r.criteria.iter().filter(|c| !c.compliant).collect();
    if !failing.is_empty() {
        flow.heading(&t(lang, "report-failing-title"));
        let not_met = t(lang, "rule-why-failing");
        for c in failing {
            flow.paragraph(
                &format!("{}. {} — {}", c.number, c.title, score(lang, c.score)),
                Face::Bold,
                10.0,
                colours::ink(),
            );
            flow.paragraph(&c.rule, Face::Regular, 9.5, colours::ink());
            if !c.why.is_empty() {
                flow.paragraph(
                    &format!("{not_met} {}", c.why.join("; ")),
                    Face::Regular,
                    9.5,
                    colours::no(),
                );
            }
            flow.space(4.0);
        }
    }

    flow.heading(&t(lang, "report-gaps"));
    if r.gaps.is_empty() {
        flow.paragraph(
            &t(lang, "report-no-gaps"),
            Face::Regular,
            10.0,
            colours::ok(),
        );
    } else {
        let rows: Vec<Vec<Cell>> = r
            .gaps
            .iter()
            .map(|g| {
                vec![
                    Cell::coloured(g.key.clone(), colours::ink()),
                    Cell::plain(g.text.clone()),
                    Cell::coloured(g.reasons.join(", "), colours::no()),
                    Cell::plain(g.guidance.clone()),
                ]
            })
            .collect();
        flow.table(
            &[
                Column {
                    title: &t(lang, "report-item"),
                    share: 0.8,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "report-requirement"),
                    share: 4.0,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "report-why"),
                    share: 2.2,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "report-how"),
                    share: 5.0,
                    align: Align::Left,
                },
            ],
            &rows,
        );
    }

    flow.heading(&t(lang, "findings-open-title"));
    if r.findings.is_empty() {
        flow.paragraph(
            &t(lang, "findings-none-open"),
            Face::Regular,
            10.0,
            colours::muted(),
        );
    } else {
        let rows: Vec<Vec<Cell>> = r
            .findings
            .iter()
            .map(|f| {
                vec![
                    Cell::plain(format!("#{} · {}", f.id, f.key)),
                    Cell::plain(f.severity.clone()),
                    Cell::plain(f.action.clone()),
                    if f.overdue {
                        Cell::coloured(f.due.clone(), colours::no())
                    } else {
                        Cell::plain(f.due.clone())
                    },
                ]
            })
            .collect();
        flow.table(
            &[
                Column {
                    title: &t(lang, "findings-title"),
                    share: 1.4,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "finding-severity"),
                    share: 1.2,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "finding-action"),
                    share: 5.0,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "finding-due-date"),
                    share: 2.0,
                    align: Align::Left,
                },
            ],
            &rows,
        );
    }

    flow.heading(&t(lang, "report-training"));
    let rows: Vec<Vec<Cell>> = r
        .coverage
        .iter()
        .map(|c| {
            vec![
                Cell::plain(c.role.clone()),
                Cell::plain(c.required.to_string()),
                Cell::plain(c.trained.to_string()),
                Cell::plain(percent(lang, c.percent)),
            ]
        })
        .collect();
    flow.table(
        &[
            Column {
                title: &t(lang, "report-role"),
                share: 4.0,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "report-required"),
                share: 1.5,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-trained"),
                share: 1.5,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-coverage"),
                share: 1.5,
                align: Align::Right,
            },
        ],
        &rows,
    );
    flow.paragraph(
        &i18n::t_args(
            lang,
            "report-overdue-staff",
            &[("count", r.overdue_staff.to_string())],
        ),
        Face::Regular,
        10.0,
        if r.overdue_staff > 0 {
            colours::no()
        } else {
            colours::ink()
        },
    );
    flow.paragraph(
        &i18n::t_args(
            lang,
            "criteria-version",
            &[("version", r.criteria_version.clone())],
        ),
        Face::Regular,
        8.0,
        colours::muted(),
    );

    let created = super::noon(r.generated_on);
    flow.finish(&Meta {
        title: &title,
        author: "codecheck",
        subject: &t(lang, "report-title"),
        lang,
        created,
    })
}

/// A site in the company roll-up.
pub struct SiteLine {
    pub site: String,
    pub unit: String,
    pub country: String,
    pub status: String,
    /// `None` while the site has not started the year: nothing is known of it yet, which
    /// is not the same as nothing missing.
    pub assessed: Option<Assessed>,
}

/// What a started assessment shows in the roll-up.
pub struct Assessed {
    pub compliant: usize,
    pub score: f64,
    pub gaps: usize,
}

pub struct CompanyGapReport {
    pub company: String,
    pub scope: String,
    pub year: i32,
    pub generated_on: time::Date,
    /// (status, number of sites)
    pub statuses: Vec<(String, usize)>,
    /// (item, text, number of sites with the gap)
    pub common_gaps: Vec<(String, String, usize)>,
    /// Every site, furthest behind first (those not started before any other).
    pub sites: Vec<SiteLine>,
    /// Sites without an assessment for the year.
    pub not_started: usize,
    /// (country, sites, staff required, staff trained, percent)
    pub countries: Vec<(String, usize, usize, usize, Option<f64>)>,
}

pub fn render_company(r: &CompanyGapReport, lang: Lang) -> Vec<u8> {
    let title = format!(
        "{} — {} {}",
        t(lang, "report-company-title"),
        r.company,
        r.year
    );
    let running = format!(
        "codecheck · {} · {} · {}",
        t(lang, "report-company-title"),
        r.company,
        r.year
    );
    let mut flow = Flow::new(&title, &running, page_label(lang));
    let generated = i18n::format_date(lang, r.generated_on);
    flow.title(
        &title,
        &format!(
            "{} · {}",
            r.scope,
            i18n::t_args(lang, "report-generated", &[("date", generated)])
        ),
    );

    flow.heading(&t(lang, "report-sites-by-status"));
    flow.counts(
        &t(lang, "col-status"),
        &t(lang, "report-sites"),
        r.statuses
            .iter()
            .map(|(s, n)| (s.clone(), n.to_string()))
            .collect(),
    );

    flow.heading(&t(lang, "report-common-gaps"));
    if r.not_started > 0 {
        flow.paragraph(
            &i18n::t_args(
                lang,
                "report-not-started-count",
                &[("count", r.not_started.to_string())],
            ),
            Face::Regular,
            10.0,
            colours::no(),
        );
    }
    if r.common_gaps.is_empty() {
        // « Nothing is missing » only when every site has been assessed.
        let key = if r.not_started == r.sites.len() {
            None
        } else if r.not_started > 0 {
            Some("report-no-gaps-assessed")
        } else {
            Some("report-no-gaps")
        };
        if let Some(key) = key {
            flow.paragraph(&t(lang, key), Face::Regular, 10.0, colours::ok());
        }
    } else {
        let rows: Vec<Vec<Cell>> = r
            .common_gaps
            .iter()
            .map(|(k, text, n)| {
                vec![
                    Cell::coloured(k.clone(), colours::ink()),
                    Cell::plain(text.clone()),
                    Cell::plain(n.to_string()),
                ]
            })
            .collect();
        flow.table(
            &[
                Column {
                    title: &t(lang, "report-item"),
                    share: 0.8,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "report-requirement"),
                    share: 7.0,
                    align: Align::Left,
                },
                Column {
                    title: &t(lang, "report-sites"),
                    share: 1.2,
                    align: Align::Right,
                },
            ],
            &rows,
        );
    }

    flow.heading(&t(lang, "report-sites-behind"));
    let not_started = t(lang, "report-not-started");
    let rows: Vec<Vec<Cell>> = r
        .sites
        .iter()
        .map(|s| {
            let mut row = vec![
                Cell::plain(s.site.clone()),
                Cell::plain(format!("{} ({})", s.unit, s.country)),
                Cell::plain(s.status.clone()),
            ];
            match &s.assessed {
                Some(a) => row.extend([
                    Cell::coloured(
                        format!("{} / 6", a.compliant),
                        if a.compliant == 6 {
                            colours::ok()
                        } else {
                            colours::no()
                        },
                    ),
                    Cell::plain(score(lang, a.score)),
                    Cell::plain(a.gaps.to_string()),
                ]),
                None => row.extend([
                    Cell::plain("—"),
                    Cell::plain("—"),
                    Cell::coloured(not_started.clone(), colours::no()),
                ]),
            }
            row
        })
        .collect();
    flow.table(
        &[
            Column {
                title: &t(lang, "col-site"),
                share: 3.5,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "col-unit"),
                share: 2.5,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "col-status"),
                share: 2.0,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "report-compliant-criteria"),
                share: 1.3,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-score"),
                share: 1.0,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-gap-count"),
                share: 1.0,
                align: Align::Right,
            },
        ],
        &rows,
    );

    flow.heading(&t(lang, "report-coverage-by-country"));
    let rows: Vec<Vec<Cell>> = r
        .countries
        .iter()
        .map(|(c, sites, req, trained, pct)| {
            vec![
                Cell::plain(c.clone()),
                Cell::plain(sites.to_string()),
                Cell::plain(req.to_string()),
                Cell::plain(trained.to_string()),
                Cell::plain(percent(lang, *pct)),
            ]
        })
        .collect();
    flow.table(
        &[
            Column {
                title: &t(lang, "col-country"),
                share: 2.0,
                align: Align::Left,
            },
            Column {
                title: &t(lang, "report-sites"),
                share: 1.0,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-required"),
                share: 1.5,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-trained"),
                share: 1.5,
                align: Align::Right,
            },
            Column {
                title: &t(lang, "report-coverage"),
                share: 1.5,
                align: Align::Right,
            },
        ],
        &rows,
    );

    let created = super::noon(r.generated_on);
    flow.finish(&Meta {
        title: &title,
        author: "codecheck",
        subject: &t(lang, "report-company-title"),
        lang,
        created,
    })
}
