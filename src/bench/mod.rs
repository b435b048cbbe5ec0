//! `codecheck bench`: `import` generates a large training CSV and imports it into a fresh
//! database, next to `sqlite3 .import` of the same file into a bare table; `pdf` renders
//! certificates; `http` (in [`http`]) loads the running app.

pub mod http;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::AppState;
use crate::config::Settings;
use crate::domain::{Country, NodeName};
use crate::import::training::{prepare, vocabulary};

/// A CSV of `rows` training rows: one person per row, half of them with a completion.
pub fn generate_csv(rows: usize) -> String {
    let roles = [
        "reception",
        "housekeeping",
        "food_beverage",
        "security",
        "management",
    ];
    let mut out = String::with_capacity(rows * 80);
    out.push_str(
        "employee_ref;first_name;last_name;job_role;start_date;module;completed_on;delivery\n",
    );
    for i in 0..rows {
        let role = roles[i % roles.len()];
        let start = format!("20{:02}-{:02}-{:02}", 10 + i % 15, 1 + i % 12, 1 + i % 28);
        if i % 2 == 0 {
            let done = format!("2025-{:02}-{:02}", 1 + i % 10, 1 + i % 28);
            let _ = writeln!(out, "E{i:07};;;{role};{start};ecpat_basic;{done};elearning");
        } else {
            let _ = writeln!(out, "E{i:07};;;{role};{start};;;");
        }
    }
    out
}

pub struct ImportBench {
    pub rows: usize,
    pub bytes: usize,
    /// Reading the CSV alone, without checks: the share of the check time that is parsing.
    pub read_only: Duration,
    /// Checking and planning alone (what a dry run or a preview costs).
    pub check: Duration,
    /// The import: checked and written together in one transaction.
    pub import: Duration,
    pub sqlite3: Option<Duration>,
}

impl ImportBench {
    pub fn report(&self) -> String {
        let total = self.import;
        let rate = |d: Duration| self.rows as f64 / d.as_secs_f64();
        let mut s = format!(
            "import of {} rows ({:.1} MB):\n  read CSV only   {:>8.3} s\n  check (dry run) {:>8.3} s\n  codecheck import{:>8.3} s  {:>10.0} rows/s (checked and written)\n",
            self.rows,
            self.bytes as f64 / 1e6,
            self.read_only.as_secs_f64(),
            self.check.as_secs_f64(),
            total.as_secs_f64(),
            rate(total),
        );
        match self.sqlite3 {
            Some(d) => {
                let _ = writeln!(
                    s,
                    "  sqlite3 .import {:>8.3} s  {:>10.0} rows/s\n  ratio           {:>8.2}x (goal: within 3x)",
                    d.as_secs_f64(),
                    rate(d),
                    total.as_secs_f64() / d.as_secs_f64()
                );
            }
            None => s.push_str("  sqlite3 .import: the sqlite3 program is not installed (Debian: apt-get install sqlite3)\n"),
        }
        s
    }
}

/// Runs the benchmark in `dir` (a fresh database and the generated file).
pub async fn import(criteria_dir: &Path, dir: &Path, rows: usize) -> anyhow::Result<ImportBench> {
    let csv = generate_csv(rows);
    let file = dir.join("bench-training.csv");
    std::fs::write(&file, &csv)?;
    let settings = Settings {
        evidence_store: None,
        db_max_connections: crate::store::DEFAULT_MAX_CONNECTIONS,
        database_url: format!("sqlite://{}", dir.join("bench.db").display()),
        criteria_dir: criteria_dir.to_path_buf(),
        data_dir: dir.join("data"),
        public_url: "http://localhost".into(),
        max_upload_mb: 20,
        smtp_url: None,
        signing_key: None,
        mail_from: "codecheck <no-reply@localhost>".to_owned(),
        metrics_token: None,
        trusted_proxies: 0,
        request_timeout_secs: crate::config::DEFAULT_REQUEST_TIMEOUT_SECS,
        header_timeout_secs: crate::config::DEFAULT_HEADER_TIMEOUT_SECS,
        max_connections: crate::config::DEFAULT_MAX_CLIENT_CONNECTIONS,
    };
    let state = AppState::open(settings).await?;
    let name = |s: &str| NodeName::parse(s).map_err(|e| anyhow::anyhow!("{e:?}"));
    let company = state.store.create_company(&name("Bench Hotels")?).await?;
    let country = Country::parse("BE").map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let unit = state
        .store
        .create_unit(&company, &name("Bench")?, &country)
        .await?;
    let site = state
        .store
        .create_site(&unit, &name("Bench Hotel")?, &name("Gent")?)
        .await?;

    struct Count(usize);
    impl crate::import::table::RowVisitor for Count {
        fn header(&mut self, _: &[&str]) {}
        fn row(&mut self, _: usize, _: &dyn crate::import::table::Cells) {
            self.0 += 1;
        }
    }
    let started = Instant::now();
    let mut count = Count(0);
    crate::import::table::read(csv.as_bytes(), &mut count)
        .map_err(|e| anyhow::anyhow!("generated file unreadable: {e:?}"))?;
    let read_only = started.elapsed();
    anyhow::ensure!(count.0 == rows, "read {} rows of {rows}", count.0);

    let started = Instant::now();
    let existing = state.store.existing_training(site.id).await?;
    let vocab = vocabulary(state.criteria.current());
    let today = time::OffsetDateTime::now_utc().date();
    let plan = prepare(csv.as_bytes(), &vocab, &existing, today)
        .map_err(|e| anyhow::anyhow!("generated file refused: {:?}", e.0))?;
    anyhow::ensure!(
        plan.errors.is_empty(),
        "generated rows refused: {:?}",
        &plan.errors[..1]
    );
    let check = started.elapsed();
    drop(plan);
    let started = Instant::now();
    let imported = state
        .store
        .import_training(
            site.id,
            None,
            csv.clone().into_bytes(),
            vocab,
            today,
            &|_| {},
        )
        .await?
        .map_err(|e| anyhow::anyhow!("generated file refused: {:?}", e.0))?;
    let import = started.elapsed();
    anyhow::ensure!(
        imported.added == rows,
        "imported {} of {rows} rows",
        imported.added
    );
    state.store.close().await;

    let sqlite3 = sqlite3_import(dir, &file)?;
    Ok(ImportBench {
        rows,
        bytes: csv.len(),
        read_only,
        check,
        import,
        sqlite3,
    })
}

/// `sqlite3 .import` of the same file into a bare table, if the program is installed.
fn sqlite3_import(dir: &Path, file: &Path) -> anyhow::Result<Option<Duration>> {
    let db = dir.join("sqlite3-bare.db");
    let _ = std::fs::remove_file(&db);
    let script = format!(
        "CREATE TABLE t (employee_ref, first_name, last_name, job_role, start_date, module, completed_on, delivery);\n\
         .mode csv\n.separator ;\n.import --skip 1 {} t\n",
        file.display()
    );
    let started = Instant::now();
    let out = match std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(mut child) => {
            use std::io::Write;
            child
                .stdin
                .take()
                .context("sqlite3 stdin")?
                .write_all(script.as_bytes())?;
            child.wait_with_output()?
        }
        Err(_) => return Ok(None),
    };
    let elapsed = started.elapsed();
    anyhow::ensure!(
        out.status.success(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(Some(elapsed))
}

/// The certificate of the ReportLab baseline (`../shared/bench/reportlab_certificate.py`):
/// the same holder, site, year, six French criteria, serial, validity and QR code.
pub fn bench_certificate(i: usize) -> crate::domain::certificate::CertificateContent {
    use crate::criteria::Localized;
    use crate::domain::certificate::{CertificateContent, CertifiedCriterion, Serial};
    let titles = [
        "Politique et procédures",
        "Formation du personnel",
        "Clause contractuelle",
        "Information des voyageurs",
        "Engagement des parties prenantes",
        "Rapport annuel",
    ];
    let mut random = [0u8; 10];
    random[..8].copy_from_slice(&(i as u64).to_be_bytes());
    CertificateContent {
        serial: Serial::from_random(random),
        company: "Groupe Hôtelier Démo".into(),
        unit: "Belgique".into(),
        country: "BE".into(),
        site: format!("Hôtel Démo Bruxelles-Etterbeek n°{i}"),
        city: "Bruxelles".into(),
        year: 2026,
        criteria_version: "2026.1".into(),
        criteria: titles
            .iter()
            .enumerate()
            .map(|(n, t)| CertifiedCriterion {
                id: format!("c{n}"),
                number: n as u32 + 1,
                title: Localized {
                    en: (*t).into(),
                    fr: (*t).into(),
                    nl: (*t).into(),
                },
                compliant: true,
                score: 100,
            })
            .collect(),
        approving_body: "ECPAT".into(),
        issued_on: time::macros::date!(2026 - 01 - 01),
        valid_from: time::macros::date!(2026 - 01 - 01),
        valid_until: time::macros::date!(2027 - 12 - 31),
    }
}

/// Renders `count` certificates one after the other on one core; returns the median
/// milliseconds and bytes per certificate.
pub fn certificates(count: usize) -> (f64, usize) {
    let keys_seed = "bench";
    let mut times = Vec::with_capacity(count);
    let mut sizes = Vec::with_capacity(count);
    // One warm-up render: font parsing happens once per process, as in the server.
    let _ = render_one(0, keys_seed);
    for i in 0..count {
        let start = std::time::Instant::now();
        let bytes = render_one(i, keys_seed);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        sizes.push(bytes.len());
    }
    times.sort_by(f64::total_cmp);
    sizes.sort_unstable();
    (times[count / 2], sizes[count / 2])
}

fn render_one(i: usize, signature: &str) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let content = bench_certificate(i);
    let url = format!("https://example.org/verify/{}", content.serial);
    // Sealed as the server seals a download: the seal's signature is part of the cost.
    let key = ed25519_dalek::SigningKey::from_bytes(&[1; 32]);
    let sign = |message: &[u8]| key.sign(message).to_bytes();
    crate::pdf::certificate::render(
        &crate::pdf::certificate::Signed {
            content: &content,
            signature,
            key_id: "bench",
        },
        crate::domain::Lang::Fr,
        &url,
        &crate::pdf::certificate::Sealer {
            key_id: "bench",
            sign: &sign,
        },
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_rows_have_the_template_columns() {
        let csv = generate_csv(3);
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.starts_with("employee_ref;"));
    }
}
