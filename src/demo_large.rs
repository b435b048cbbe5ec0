//! `codecheck demo --scale large`: a fictional global group the size of the largest hotel
//! groups, to measure the app where it matters. 5,600 sites in 100 countries across 30
//! units, about 250,000 staff and 500,000 training records, five years of assessments with
//! their findings and certificates. Names are invented; some use accents, Greek or Cyrillic.
//!
//! Generated from a fixed seed, so two runs give the same data.

use std::collections::HashMap;
use std::time::Instant;

use crate::AppState;
use crate::domain::certificate::{CertificateContent, Serial, valid_until};
use crate::domain::coverage::{self, Completion, StaffMember};
use crate::domain::{Answer, JobRole, scoring};
use crate::store::bulk::{Table, Val};

/// The size of the generated group.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub sites: usize,
    pub units: usize,
    /// On average; each site has five fewer to four more.
    pub staff_per_site: usize,
    pub years: i32,
}

/// The group of `codecheck demo --scale large`.
pub const LARGE: Scale = Scale {
    sites: 5_600,
    units: 30,
    staff_per_site: 45,
    years: 5,
};

/// 100 country codes.
const COUNTRIES: [&str; 100] = [
    "BE", "FR", "NL", "DE", "LU", "GB", "IE", "ES", "PT", "IT", "CH", "AT", "PL", "CZ", "SK", "HU",
    "RO", "BG", "GR", "CY", "MT", "SI", "HR", "RS", "BA", "ME", "MK", "AL", "DK", "SE", "NO", "FI",
    "IS", "EE", "LV", "LT", "UA", "MD", "GE", "AM", "TR", "MA", "TN", "DZ", "EG", "SN", "CI", "GH",
    "NG", "CM", "KE", "TZ", "UG", "RW", "ET", "ZA", "NA", "BW", "MU", "MG", "AE", "SA", "QA", "BH",
    "OM", "JO", "LB", "IL", "IN", "LK", "NP", "BD", "TH", "VN", "KH", "LA", "MY", "SG", "ID", "PH",
    "CN", "HK", "TW", "KR", "JP", "AU", "NZ", "FJ", "US", "CA", "MX", "GT", "CR", "PA", "CO", "PE",
    "CL", "AR", "BR", "UY",
];

const BRANDS: [&str; 8] = [
    "Hôtel",
    "Hotel",
    "Résidence",
    "Ξενοδοχείο",
    "Гостиница",
    "Hotel Złota",
    "Hotel Říční",
    "Auberge",
];

const PLACES: [&str; 16] = [
    "Liège",
    "Łódź",
    "Brno",
    "Αθήνα",
    "Москва",
    "São Paulo",
    "Zürich",
    "København",
    "Gent",
    "Kraków",
    "Plzeň",
    "Θεσσαλονίκη",
    "Київ",
    "Montréal",
    "Málaga",
    "Île-de-France",
];

/// A small, fast, seeded generator (SplitMix64): the data must be the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn serial(rng: &mut Rng) -> Serial {
    let mut random = [0u8; 10];
    random[..8].copy_from_slice(&rng.next().to_be_bytes());
    random[8..].copy_from_slice(&rng.next().to_be_bytes()[..2]);
    Serial::from_random(random)
}

fn answer_for(rng: &mut Rng, na_allowed: bool, quality: u64) -> Answer {
    let roll = rng.below(100);
    if roll < quality {
        Answer::Yes
    } else if roll < quality + (100 - quality) / 2 {
        Answer::Partial
    } else if na_allowed && rng.chance(30) {
        Answer::NotApplicable
    } else {
        Answer::No
    }
}

/// Fills an empty database with the large group; prints progress. Returns the demo password.
pub async fn seed(
    state: &AppState,
    password: Option<String>,
    scale: Scale,
) -> anyhow::Result<crate::demo::DemoSeed> {
    let Scale {
        sites: site_count,
        units: unit_count,
        staff_per_site,
        years,
    } = scale;
    anyhow::ensure!(
        unit_count > 0 && site_count >= unit_count && staff_per_site >= 5 && years > 0,
        "a scale needs units, at least one site per unit, five staff a site and a year"
    );
    let started = Instant::now();
    let step = |what: &str| println!("{:>6.1} s  {what}", started.elapsed().as_secs_f64());
    let store = &state.store;
    let version = state.criteria.current().clone();
    let today = time::OffsetDateTime::now_utc().date();
    let this_year = today.year();
    let stamp = crate::store::now();
    let mut rng = Rng(0xC0DE_C4EC);

    // The group, its units, and the demo accounts (the admin-created way: real users).
    let name =
        |s: &str| crate::domain::NodeName::parse(s).map_err(|e| anyhow::anyhow!("{s}: {e:?}"));
    let company = store.create_company(&name("Demo Hotel Group")?).await?;
    let mut loader = store.bulk_loader().await?;
    loader.store_version(&version).await?;
    let first_node = store.next_id(Table::Nodes).await?;
    let mut nodes = Vec::new();
    let mut unit_ids = Vec::new();
    for u in 0..unit_count {
        let id = first_node + u as i64;
        unit_ids.push(id);
        let country = COUNTRIES[(u * 100 / unit_count) % 100];
        nodes.push(vec![
            Val::Int(id),
            "unit".into(),
            Val::Int(company.id),
            Val::Int(company.id),
            Val::Text(format!(
                "Région {:02} — {}",
                u + 1,
                PLACES[u % PLACES.len()]
            )),
            country.into(),
            Val::Null,
            stamp.as_str().into(),
        ]);
    }
    let first_site = first_node + unit_count as i64;
    let mut sites: Vec<(i64, String, String, String)> = Vec::with_capacity(site_count);
    for s in 0..site_count {
        let id = first_site + s as i64;
        let unit = s % unit_count;
        // Each unit covers a band of countries; 100 in all.
        let country = COUNTRIES[(unit * 100 / unit_count + (s / unit_count) % 4) % 100];
        let city = PLACES[(s / 7) % PLACES.len()];
        let site_name = format!("{} {} {}", BRANDS[s % BRANDS.len()], city, s + 1);
        nodes.push(vec![
            Val::Int(id),
            "site".into(),
            Val::Int(unit_ids[unit]),
            Val::Int(company.id),
            site_name.clone().into(),
            country.into(),
            city.into(),
            stamp.as_str().into(),
        ]);
        sites.push((id, site_name, city.to_owned(), country.to_owned()));
    }
    loader.insert(Table::Nodes, &nodes).await?;
    loader.commit().await?;
    drop(nodes);
    let seeded = crate::demo::create_users(state, company.id, first_site, password).await?;
    let admin_id = seeded.admin_id;
    let auditor_id = seeded.auditor_id;
    let mut loader = store.bulk_loader().await?;
    step(&format!(
        "{unit_count} units, {site_count} sites, the demo accounts"
    ));

    // Staff and training records, and each site's training figures from them.
    let roles = JobRole::ALL;
    let modules: Vec<String> = version
        .training_modules
        .iter()
        .map(|m| m.id.clone())
        .collect();
    let mut site_training = Vec::with_capacity(site_count);
    let mut staff_rows = Vec::new();
    let mut record_rows = Vec::new();
    let mut staff_total = 0usize;
    let mut records_total = 0usize;
    for (site_id, _, _, _) in &sites {
        let count = staff_per_site - 5 + rng.below(10) as usize;
        let mut staff = Vec::with_capacity(count);
        let mut completions = Vec::new();
        for p in 0..count {
            let reference = format!("E{site_id}-{p:03}");
            let role = roles[rng.below(roles.len() as u64) as usize];
            let start = today - time::Duration::days(30 + rng.below(3000) as i64);
            staff_rows.push(vec![
                Val::Int(*site_id),
                reference.clone().into(),
                role.key().into(),
                start.to_string().into(),
                Val::Null,
                stamp.as_str().into(),
            ]);
            staff.push(StaffMember {
                employee_ref: reference.clone(),
                role,
                start_date: start,
                active: true,
            });
            // About two records a person, some of them old enough to have expired.
            let n = rng.below(5) as usize;
            for r in 0..n {
                let module = &modules[(r + p) % modules.len()];
                // One record a year at most per person and module: (site, person, module,
                // date) is unique.
                let done = today - time::Duration::days(rng.below(365) as i64 + 366 * r as i64);
                record_rows.push(vec![
                    Val::Int(*site_id),
                    reference.clone().into(),
                    module.as_str().into(),
                    done.to_string().into(),
                    if rng.chance(70) {
                        "elearning"
                    } else {
                        "classroom"
                    }
                    .into(),
                    "".into(),
                    stamp.as_str().into(),
                ]);
                completions.push(Completion {
                    employee_ref: reference.clone(),
                    module: module.clone(),
                    completed_on: done,
                });
            }
        }
        let cov = coverage::coverage(&version.training_modules, &staff, &completions, today);
        let mut overdue: Vec<&str> = cov
            .overdue
            .iter()
            .map(|a| a.employee_ref.as_str())
            .collect();
        overdue.sort_unstable();
        overdue.dedup();
        site_training.push(vec![
            Val::Int(*site_id),
            Val::Int(cov.overall.required as i64),
            Val::Int(cov.overall.trained as i64),
            Val::Int(overdue.len() as i64),
            today.to_string().into(),
        ]);
        staff_total += staff.len();
        records_total += completions.len();
        if staff_rows.len() > 50_000 {
            loader.insert(Table::Staff, &staff_rows).await?;
            loader.insert(Table::TrainingRecords, &record_rows).await?;
            staff_rows.clear();
            record_rows.clear();
        }
    }
    loader.insert(Table::Staff, &staff_rows).await?;
    loader.insert(Table::TrainingRecords, &record_rows).await?;
    loader.insert(Table::SiteTraining, &site_training).await?;
    drop((staff_rows, record_rows, site_training));
    step(&format!(
        "{staff_total} staff and {records_total} training records"
    ));

    // Five years of assessments; earlier years mostly approved, this year at every stage.
    let mut next_assessment = store.next_id(Table::Assessments).await?;
    let mut by_status: HashMap<&'static str, Vec<i64>> = HashMap::new();
    let mut assessments = Vec::new();
    let mut answers = Vec::new();
    let mut results = Vec::new();
    let mut rounds = Vec::new();
    let mut decisions = Vec::new();
    let mut certificates = Vec::new();
    let mut findings = Vec::new();
    let items: Vec<_> = version.items().collect();
    for year in (this_year - years + 1)..=this_year {
        let current = year == this_year;
        for (site_id, site_name, city, country) in &sites {
            let status: &'static str = if current {
                match rng.below(100) {
                    0..=14 => continue,
                    15..=44 => "draft",
                    45..=59 => "submitted",
                    60..=64 => "changes_requested",
                    _ => "approved",
                }
            } else if rng.chance(92) {
                "approved"
            } else {
                "changes_requested"
            };
            let id = next_assessment;
            next_assessment += 1;
            let quality = if status == "approved" { 92 } else { 70 };
            let mut given: HashMap<&str, Answer> = HashMap::new();
            for item in &items {
                if status == "draft" && rng.chance(35) {
                    continue;
                }
                // The rounds drawn as approved were audited: their mandatory items hold.
                let a = if status == "approved" && item.mandatory {
                    Answer::Yes
                } else {
                    answer_for(&mut rng, item.not_applicable_allowed, quality)
                };
                given.insert(item.key.as_str(), a);
                answers.push(vec![
                    Val::Int(id),
                    item.key.as_str().into(),
                    a.as_str().into(),
                    "".into(),
                    Val::Int(0),
                    Val::Int(admin_id),
                    stamp.as_str().into(),
                ]);
            }
            let result = scoring::score(&version, &given);
            // A certificate means compliant: a drawn round that misses a criterion was closed
            // without one.
            let status = if status == "approved" && !result.compliant() {
                "not_compliant"
            } else {
                status
            };
            for c in &result.criteria {
                results.push(vec![
                    Val::Int(id),
                    c.id.as_str().into(),
                    Val::Int(i64::from(c.number)),
                    Val::Int(i64::from(c.compliant)),
                    Val::Real(c.score_percent()),
                ]);
            }
            let submitted = status != "draft";
            let submitted_at = format!(
                "{year}-{:02}-{:02}T10:00:00Z",
                3 + rng.below(8),
                1 + rng.below(27)
            );
            let submitted_at = if current && submitted {
                crate::store::format_timestamp(
                    time::OffsetDateTime::now_utc()
                        - time::Duration::days(rng.below(60) as i64 + 1),
                )
            } else {
                submitted_at
            };
            assessments.push(vec![
                Val::Int(id),
                Val::Int(*site_id),
                Val::Int(i64::from(year)),
                version.version.as_str().into(),
                "draft".into(),
                Val::Int(admin_id),
                stamp.as_str().into(),
                stamp.as_str().into(),
                if submitted {
                    Val::Int(admin_id)
                } else {
                    Val::Null
                },
                if submitted {
                    submitted_at.clone().into()
                } else {
                    Val::Null
                },
                Val::Int(i64::from(submitted)),
                Val::Int(i64::from(result.progress_percent())),
                Val::Int(result.compliant_count() as i64),
                Val::Int(result.compliant_mask()),
                if matches!(status, "approved" | "changes_requested" | "not_compliant") {
                    Val::Int(auditor_id)
                } else {
                    Val::Null
                },
            ]);
            if submitted {
                rounds.push(vec![
                    Val::Int(id),
                    Val::Int(1),
                    Val::Int(admin_id),
                    submitted_at.clone().into(),
                ]);
            }
            by_status.entry(status).or_default().push(id);
            // The auditor's decision on the round, as the review would have recorded it.
            let approved_on = time::Date::from_calendar_date(year, time::Month::November, 1)
                .unwrap_or(today)
                .min(today);
            match status {
                "approved" => decisions.push(vec![
                    Val::Int(id),
                    Val::Int(1),
                    "approve".into(),
                    "".into(),
                    Val::Int(auditor_id),
                    format!("{approved_on}T12:00:00Z").into(),
                ]),
                "not_compliant" => decisions.push(vec![
                    Val::Int(id),
                    Val::Int(1),
                    "close_not_compliant".into(),
                    "Critères non remplis : voir le rapport d'écarts.".into(),
                    Val::Int(auditor_id),
                    format!("{approved_on}T12:00:00Z").into(),
                ]),
                "changes_requested" => decisions.push(vec![
                    Val::Int(id),
                    Val::Int(1),
                    "request_changes".into(),
                    "Joindre la politique signée et dater l'affichage à la réception.".into(),
                    Val::Int(auditor_id),
                    submitted_at.clone().into(),
                ]),
                _ => {}
            }
            if status == "approved" {
                let content = CertificateContent {
                    serial: serial(&mut rng),
                    company: company.name.clone(),
                    unit: format!(
                        "Région {:02}",
                        1 + (*site_id - first_site) as usize % unit_count
                    ),
                    country: country.clone(),
                    site: site_name.clone(),
                    city: city.clone(),
                    year,
                    criteria_version: version.version.clone(),
                    criteria: crate::domain::certificate::certified_criteria(&version, &result),
                    approving_body: version.certificate.approving_body.clone(),
                    issued_on: approved_on,
                    valid_from: approved_on,
                    valid_until: valid_until(approved_on, version.certificate.validity_months),
                };
                let bytes = content.signed_bytes();
                certificates.push(vec![
                    content.serial.as_str().into(),
                    Val::Int(id),
                    Val::Int(*site_id),
                    Val::Int(company.id),
                    Val::Int(i64::from(year)),
                    format!("{approved_on}T12:00:00Z").into(),
                    content.valid_from.to_string().into(),
                    content.valid_until.to_string().into(),
                    String::from_utf8_lossy(&bytes).into_owned().into(),
                    state.keys.sign(&bytes).into(),
                    state.keys.key_id().into(),
                    Val::Int(auditor_id),
                ]);
            }
            if current && submitted && rng.chance(12) {
                let item = items[rng.below(items.len() as u64) as usize];
                let due = today + time::Duration::days(rng.below(90) as i64 - 45);
                findings.push(vec![
                    Val::Int(id),
                    Val::Int(1),
                    item.key.as_str().into(),
                    if rng.chance(25) { "major" } else { "minor" }.into(),
                    "Mettre à jour la procédure et former l'équipe de nuit.".into(),
                    due.to_string().into(),
                    "open".into(),
                    Val::Int(auditor_id),
                    stamp.as_str().into(),
                ]);
            }
        }
        loader.insert(Table::Assessments, &assessments).await?;
        loader.insert(Table::Answers, &answers).await?;
        loader.insert(Table::CriterionResults, &results).await?;
        loader.insert(Table::Rounds, &rounds).await?;
        loader.insert(Table::Decisions, &decisions).await?;
        step(&format!(
            "{year}: {} assessments, {} answers",
            assessments.len(),
            answers.len()
        ));
        assessments.clear();
        answers.clear();
        results.clear();
        rounds.clear();
        decisions.clear();
    }
    for (status, ids) in &by_status {
        if *status != "draft" {
            loader.set_status(ids, status).await?;
        }
    }
    loader.insert(Table::Certificates, &certificates).await?;
    loader.insert(Table::Findings, &findings).await?;
    step(&format!(
        "{} certificates and {} findings",
        certificates.len(),
        findings.len()
    ));
    loader.commit().await?;
    store.after_bulk_load().await?;
    step("committed");
    Ok(seeded.seed)
}
