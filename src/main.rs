//! The command line: serve the app, migrate, check the criteria, add users, seed the demo.

use std::io::IsTerminal;
use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use codecheck::config::Settings;
use codecheck::domain::{Email, Password, Role};
use codecheck::store::users::NewUser;
use codecheck::{AppState, app, auth, criteria, demo};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "codecheck",
    version,
    about = "Checks hotels' compliance with The Code (ECPAT's code of conduct against the sexual exploitation of children in travel and tourism)."
)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CODECHECK_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Seed the demo data first if the database has no users.
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Work with the criteria files.
    Criteria {
        #[command(subcommand)]
        command: CriteriaCommand,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Seed the demo data (Demo Hotel Group) and exit. Refuses if users exist.
    Demo {
        /// `small`: three hotels; `large`: 5,600 sites in 100 countries, 250,000 staff,
        /// five years of assessments (to measure the app at the size of a global group).
        #[arg(long, default_value = "small")]
        scale: String,
    },
    /// Import data from spreadsheets.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The audit trail.
    AuditLog {
        #[command(subcommand)]
        command: AuditLogCommand,
    },
    /// Check a certificate PDF: says "valid", "expired", "revoked", "suspended", "altered" or
    /// that the file is in the old, unsealed format (exit 0 only for valid). Offline it uses this server's key and database; --url asks a server.
    Verify {
        /// The certificate PDF.
        file: std::path::PathBuf,
        /// The codecheck server that issued it, e.g. https://codecheck.example.org
        #[arg(long)]
        url: Option<String>,
    },
    /// Certificates in bulk.
    Certificates {
        #[command(subcommand)]
        command: CertificatesCommand,
    },
    /// Write a consistent copy of the SQLite database to OUT while the app keeps running
    /// (PostgreSQL: use pg_dump).
    Backup {
        /// The backup file to create.
        out: std::path::PathBuf,
    },
    /// Put a backup made by `codecheck backup` in place of the SQLite database. Stop the
    /// server first; the old database is kept as FILE.before-restore.
    Restore {
        /// The backup file.
        from: std::path::PathBuf,
    },
    /// Write the whole installation (every table and evidence file) of this SQLite database
    /// to OUT, for `import-db` on PostgreSQL.
    ExportDb {
        /// The file to create.
        out: std::path::PathBuf,
    },
    /// Fill the empty PostgreSQL database of DATABASE_URL from a file of `export-db`, in one
    /// transaction.
    ImportDb {
        /// The file `export-db` wrote.
        from: std::path::PathBuf,
    },
    /// Print the API's OpenAPI 3.1 document (the one served at /api/openapi.json).
    Openapi,
    /// Measure the speed of parts of the app.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import staff and training records (CSV or .xlsx, the template's columns) into a site.
    /// Every row is checked first; nothing is written if any row is wrong.
    Training {
        /// The site's id.
        #[arg(long)]
        site: i64,
        /// The CSV or .xlsx file.
        file: std::path::PathBuf,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum CertificatesCommand {
    /// Write every certificate in force of a company for a year as PDFs into a directory,
    /// rendered on every core.
    Export {
        /// The company's id.
        #[arg(long)]
        company: i64,
        /// The reporting year.
        #[arg(long)]
        year: i64,
        /// Directory to write into (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
        /// Language of the certificates: en, fr or nl.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
enum AuditLogCommand {
    /// Check the hash chain of the whole audit trail; exits non-zero naming the first
    /// entry that was altered or removed.
    Verify,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Render certificates like ../shared/bench/reportlab_certificate.py, one core, and
    /// print the median time and size; with --reportlab, run that script beside it.
    Pdf {
        /// Certificates to render.
        #[arg(long, default_value_t = 200)]
        count: usize,
        /// The ReportLab baseline script to run with the same count.
        #[arg(long)]
        reportlab: Option<std::path::PathBuf>,
    },
    /// Load the app over HTTP on the database's data (seeding the large demo into an empty
    /// database first): /readyz, /healthz, the whole company's dashboard page and JSON, a
    /// site's checklist, the API's reads of a site, an assessment and a page of 50 sites, and
    /// full CSV exports with the server's peak memory. Prints latency percentiles and
    /// requests per second for each.
    Http {
        /// Concurrent keep-alive connections per page.
        #[arg(long, default_value_t = 4)]
        connections: usize,
        /// Seconds of load per page.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Full CSV exports, one after the other.
        #[arg(long, default_value_t = 5)]
        exports: usize,
    },
    /// Generate a training CSV and import it into a fresh database, next to `sqlite3 .import`.
    Import {
        /// Rows to generate.
        #[arg(long, default_value_t = 250_000)]
        rows: usize,
    },
}

#[derive(Subcommand)]
enum CriteriaCommand {
    /// Validate the criteria files; exits non-zero naming each problem.
    Check {
        /// Directory to check (default: the criteria directory setting).
        dir: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from CODECHECK_PASSWORD, or asked on the terminal.
    Add {
        #[arg(long)]
        email: String,
        /// admin, company_admin, site_manager or auditor.
        #[arg(long)]
        role: String,
        /// Node the role applies to (company, unit or site id); repeat for several.
        #[arg(long = "scope")]
        scopes: Vec<i64>,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // CODECHECK_LOG_FORMAT=json: one JSON object per line, each with its request's id.
    match std::env::var("CODECHECK_LOG_FORMAT")
        .as_deref()
        .map(str::trim)
    {
        Ok("json") => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        Ok("" | "text") | Err(_) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        Ok(other) => {
            eprintln!("error: CODECHECK_LOG_FORMAT must be text or json, not {other:?}");
            return std::process::ExitCode::FAILURE;
        }
    }
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    match cli.command {
        Command::Criteria {
            command: CriteriaCommand::Check { dir },
        } => {
            let dir = dir.unwrap_or_else(|| settings.criteria_dir.clone());
            match criteria::check_dir(&dir) {
                Ok(versions) => {
                    for v in versions {
                        let items: usize = v.criteria.iter().map(|c| c.items.len()).sum();
                        println!(
                            "ok: version {} ({} criteria, {} items)",
                            v.version,
                            v.criteria.len(),
                            items
                        );
                    }
                    Ok(())
                }
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{e}");
                    }
                    anyhow::bail!("{} problem(s) in {}", errors.len(), dir.display())
                }
            }
        }
        Command::Certificates {
            command:
                CertificatesCommand::Export {
                    company,
                    year,
                    out,
                    lang,
                },
        } => export_certificates(settings, company, year, &out, &lang).await,
        Command::Verify { file, url } => verify_certificate(settings, &file, url.as_deref()).await,
        Command::Backup { out } => {
            let store = codecheck::store::Store::connect_with(
                &settings.database_url,
                settings.db_max_connections,
            )
            .await?;
            let bytes = codecheck::backup::backup(&store, &out).await?;
            println!("backup written to {} ({bytes} bytes)", out.display());
            Ok(())
        }
        Command::Restore { from } => {
            let target = codecheck::backup::restore(&settings.database_url, &from).await?;
            println!("restored {} from {}", target.display(), from.display());
            Ok(())
        }
        Command::ExportDb { out } => {
            let state = AppState::open(settings).await?;
            let moved = codecheck::transfer::export(&state, &out).await?;
            println!(
                "exported {} rows and {} evidence files to {}",
                moved.rows,
                moved.files,
                out.display()
            );
            Ok(())
        }
        Command::ImportDb { from } => {
            let state = AppState::open(settings).await?;
            let moved = codecheck::transfer::import(&state, &from).await?;
            println!(
                "imported {} rows and {} evidence files from {}",
                moved.rows,
                moved.files,
                from.display()
            );
            Ok(())
        }
        Command::Openapi => {
            let doc = codecheck::web::api_document(&settings);
            println!("{}", doc.to_pretty_json().context("writing the document")?);
            Ok(())
        }
        Command::Migrate => {
            let store = codecheck::store::Store::connect_with(
                &settings.database_url,
                settings.db_max_connections,
            )
            .await?;
            store.migrate().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Serve { bind, demo } => {
            let mut state = AppState::open(settings).await?;
            if demo && state.store.count_users().await? == 0 {
                seed_demo(&state).await?;
            }
            if demo && state.mailer.is_none() {
                // The demo shows its e-mails in the log rather than dropping them.
                state.enable_mail(std::sync::Arc::new(codecheck::mail::LogMailer));
            }
            serve(state, bind).await
        }
        Command::Demo { scale } => {
            let state = AppState::open(settings).await?;
            if state.store.count_users().await? > 0 {
                anyhow::bail!(
                    "the database already has users; the demo seeds an empty database only"
                );
            }
            match scale.as_str() {
                "small" => seed_demo(&state).await,
                "large" => {
                    let seeded = codecheck::demo_large::seed(
                        &state,
                        std::env::var("CODECHECK_DEMO_PASSWORD").ok(),
                        codecheck::demo_large::LARGE,
                    )
                    .await?;
                    print_demo_logins(&seeded);
                    Ok(())
                }
                other => anyhow::bail!("--scale must be small or large, not {other:?}"),
            }
        }
        Command::Import {
            command:
                ImportCommand::Training {
                    site,
                    file,
                    dry_run,
                },
        } => import_training(settings, site, &file, dry_run).await,
        Command::AuditLog {
            command: AuditLogCommand::Verify,
        } => {
            let store = codecheck::store::Store::connect_with(
                &settings.database_url,
                settings.db_max_connections,
            )
            .await?;
            store.migrate().await?;
            let (count, broken) = store.verify_audit_log().await?;
            match broken {
                None => {
                    println!("audit log intact: {count} entries, hash chain verified");
                    Ok(())
                }
                Some(id) => anyhow::bail!(
                    "audit log altered: entry #{id} does not match the chain ({count} entries checked)"
                ),
            }
        }
        Command::Bench {
            command: BenchCommand::Pdf { count, reportlab },
        } => {
            anyhow::ensure!(count > 0, "--count must be at least 1");
            let (ms, bytes) = codecheck::bench::certificates(count);
            println!(
                "certificate: {ms:.2} ms/certificate (median of {count}), {bytes} bytes/certificate"
            );
            if let Some(script) = reportlab {
                let out = std::process::Command::new("python3")
                    .arg(&script)
                    .arg(count.to_string())
                    .output()
                    .with_context(|| format!("cannot run {}", script.display()))?;
                let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                anyhow::ensure!(
                    out.status.success(),
                    "the ReportLab script failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                println!("{line}");
                let number = |label: &str| -> Option<f64> {
                    let at = line.find(label)?;
                    line[..at].split_whitespace().last()?.parse().ok()
                };
                if let (Some(rl_ms), Some(rl_bytes)) =
                    (number(" ms/certificate"), number(" bytes/certificate"))
                {
                    println!(
                        "codecheck is {:.1}x faster than ReportLab, at {:.0} % of its size",
                        rl_ms / ms,
                        100.0 * bytes as f64 / rl_bytes
                    );
                }
            }
            Ok(())
        }
        Command::Bench {
            command:
                BenchCommand::Http {
                    connections,
                    seconds,
                    exports,
                },
        } => {
            anyhow::ensure!(connections > 0, "--connections must be at least 1");
            let state = AppState::open(settings).await?;
            if state.store.count_users().await? == 0 {
                eprintln!("the database is empty: seeding the large demo first");
                codecheck::demo_large::seed(
                    &state,
                    std::env::var("CODECHECK_DEMO_PASSWORD").ok(),
                    codecheck::demo_large::LARGE,
                )
                .await?;
            }
            let exe = std::env::current_exe().context("finding the codecheck binary")?;
            let load = codecheck::bench::http::Load {
                connections,
                duration: std::time::Duration::from_secs(seconds.max(1)),
                exports,
            };
            let report = codecheck::bench::http::run(&state, &exe, load).await?;
            print!("{}", report.render());
            Ok(())
        }
        Command::Bench {
            command: BenchCommand::Import { rows },
        } => {
            let dir = tempfile_dir()?;
            let report = codecheck::bench::import(&settings.criteria_dir, &dir, rows).await;
            let _ = std::fs::remove_dir_all(&dir);
            print!("{}", report?.report());
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    scopes,
                },
        } => {
            let state = AppState::open(settings).await?;
            let email =
                Email::parse(&email).map_err(|_| anyhow::anyhow!("invalid e-mail address"))?;
            let role = Role::parse(&role).with_context(|| {
                format!("unknown role {role:?}: use admin, company_admin, site_manager or auditor")
            })?;
            let password = match std::env::var("CODECHECK_PASSWORD") {
                Ok(p) => p,
                Err(_) if std::io::stdin().is_terminal() => {
                    rpassword::prompt_password("Password: ").context("reading the password")?
                }
                Err(_) => anyhow::bail!("set CODECHECK_PASSWORD or run on a terminal"),
            };
            let password = Password::parse_for(&password, &[email.as_str()]).map_err(|e| {
                anyhow::anyhow!("{}", codecheck::i18n::t(codecheck::domain::Lang::En, e.0))
            })?;
            let hash = auth::hash_password(&password).await?;
            let user = state
                .store
                .create_user(NewUser {
                    email: &email,
                    password_hash: hash,
                    role,
                    scopes: &scopes,
                    language: None,
                })
                .await
                .map_err(|e| match e {
                    codecheck::error::Error::Conflict(_) => {
                        anyhow::anyhow!("a user with this e-mail already exists")
                    }
                    other => anyhow::anyhow!(other),
                })?;
            println!(
                "created user {} ({}) with id {}",
                user.email,
                user.role.as_str(),
                user.id
            );
            Ok(())
        }
    }
}

/// A fresh scratch directory under the system's temporary directory.
fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("codecheck-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// The language of the terminal (`LANG=fr_BE.UTF-8`), for messages about the user's file.
fn terminal_lang() -> codecheck::domain::Lang {
    std::env::var("LANG")
        .ok()
        .and_then(|l| codecheck::domain::Lang::parse(&l))
        .unwrap_or_default()
}

async fn import_training(
    settings: Settings,
    site_id: i64,
    file: &std::path::Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    use codecheck::i18n;
    use codecheck::import::training::{prepare, vocabulary};
    use indicatif::{ProgressBar, ProgressStyle};

    let state = AppState::open(settings).await?;
    let site = state
        .store
        .site(site_id)
        .await?
        .with_context(|| format!("there is no site with id {site_id}"))?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let lang = terminal_lang();
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(format!(
        "checking {} ({} bytes)",
        file.display(),
        bytes.len()
    ));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let existing = state.store.existing_training(site.id).await?;
    let vocab = vocabulary(state.criteria.current());
    let today = time::OffsetDateTime::now_utc().date();
    let plan = prepare(&bytes, &vocab, &existing, today)
        .map_err(|e| anyhow::anyhow!("{}", i18n::msg(lang, &e.0)))?;
    spinner.finish_and_clear();
    println!(
        "{}: {} added, {} updated, {} unchanged, {} with errors",
        site.name,
        plan.added,
        plan.updated,
        plan.unchanged,
        plan.errors.len()
    );
    if !plan.errors.is_empty() {
        for e in plan.errors.iter().take(200) {
            eprintln!(
                "line {}, column {}: {}",
                e.line,
                e.column,
                i18n::msg(lang, &e.msg)
            );
        }
        if plan.errors.len() > 200 {
            eprintln!("... and {} more", plan.errors.len() - 200);
        }
        anyhow::bail!("nothing was imported: correct the file and run the import again");
    }
    if dry_run {
        println!("dry run: nothing was written");
        return Ok(());
    }
    // Checked a second time while writing, in one transaction, so nothing changed meanwhile
    // can slip in unchecked.
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {pos} rows written ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let outcome = state
        .store
        .import_training(site.id, None, bytes, vocab, today, &|n| bar.inc(n))
        .await?;
    bar.finish_and_clear();
    let total = bar.position();
    match outcome {
        Ok(plan) if plan.errors.is_empty() => {}
        Ok(_) | Err(_) => {
            anyhow::bail!("the data changed during the import; nothing was imported: run it again")
        }
    }
    println!("imported into {} ({} rows written)", site.name, total);
    Ok(())
}

async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    let seeded = demo::seed(state, std::env::var("CODECHECK_DEMO_PASSWORD").ok()).await?;
    println!("Demo data created: Demo Hotel Group, a Belgian unit and three hotels.");
    print_demo_logins(&seeded);
    Ok(())
}

fn print_demo_logins(seeded: &demo::DemoSeed) {
    for (email, role) in demo::DEMO_USERS {
        println!("  {email:<22} {}", role.as_str());
    }
    if seeded.generated_password {
        println!("Password for all four accounts: {}", seeded.password);
    } else {
        println!("Password for all four accounts: the value of CODECHECK_DEMO_PASSWORD");
    }
}

async fn export_certificates(
    settings: Settings,
    company: i64,
    year: i64,
    out: &std::path::Path,
    lang: &str,
) -> anyhow::Result<()> {
    let lang = codecheck::domain::Lang::parse(lang)
        .ok_or_else(|| anyhow::anyhow!("--lang must be en, fr or nl, not {lang:?}"))?;
    let state = AppState::open(settings).await?;
    state
        .store
        .node_of_kind(company, codecheck::domain::NodeKind::Company)
        .await?
        .ok_or_else(|| anyhow::anyhow!("there is no company with id {company}"))?;
    let certs = state.store.company_certificates(company, year).await?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let bar = indicatif::ProgressBar::new(certs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} certificates {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let pdfs = {
        let state = state.clone();
        let certs = certs.clone();
        let bar = bar.clone();
        tokio::task::spawn_blocking(move || {
            codecheck::web::certificates::render_all(&state, &certs, lang, &|| bar.inc(1))
        })
        .await??
    };
    bar.finish_and_clear();
    for (cert, pdf) in certs.iter().zip(&pdfs) {
        let path = out.join(codecheck::web::certificates::file_name(cert));
        std::fs::write(&path, pdf).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "{} certificates written to {} in {:.1} s",
        pdfs.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn verify_certificate(
    settings: Settings,
    file: &std::path::Path,
    url: Option<&str>,
) -> anyhow::Result<()> {
    use codecheck::domain::certificate::Serial;
    use codecheck::signing::{Keys, PublicKey};
    use codecheck::verify::{Revocation, Standing, check, fetch_online};
    let pdf = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let today = time::OffsetDateTime::now_utc().date();
    let outcome = match url {
        Some(base) => {
            let serial = codecheck::pdf::certificate::extract(&pdf)
                .and_then(|(content, _, _)| {
                    serde_json::from_str::<serde_json::Value>(&content).ok()
                })
                .and_then(|v| v["serial"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let base = base.to_owned();
            let (keys, status) = tokio::task::spawn_blocking({
                let base = base.clone();
                move || fetch_online(&base, &serial)
            })
            .await??;
            check(
                &pdf,
                |kid| PublicKey::from_keys_json(&keys, kid),
                |_| {
                    Ok(Revocation::Known(
                        status.as_deref().and_then(Standing::from_status),
                        base.clone(),
                    ))
                },
                today,
            )?
        }
        None => {
            let key_path = settings.signing_key_path();
            anyhow::ensure!(
                key_path.exists(),
                "no signing key at {}: run this next to the server, or pass --url",
                key_path.display()
            );
            let keys = Keys::load_or_create(&key_path)?;
            let public = keys.public();
            // The local database, if there is one: never create an empty one here.
            let db_file = settings
                .database_url
                .strip_prefix("sqlite://")
                .map(|p| std::path::Path::new(p.split('?').next().unwrap_or(p)).to_owned());
            let store = if db_file.as_ref().is_none_or(|f| f.exists()) {
                codecheck::store::Store::connect_with(
                    &settings.database_url,
                    settings.db_max_connections,
                )
                .await
                .ok()
            } else {
                None
            };
            // The keys every instance of this installation published, for certificates
            // another instance signed.
            let published: Vec<PublicKey> = match &store {
                Some(store) => store
                    .signing_keys()
                    .await
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|(_, k)| PublicKey::from_base64(k))
                    .collect(),
                None => Vec::new(),
            };
            // The record's standing: `Some(None)` if the database does not know the serial.
            let mut record: Option<Option<Standing>> = None;
            if let (Some(store), Some((content, _, _))) =
                (&store, codecheck::pdf::certificate::extract(&pdf))
            {
                let serial = serde_json::from_str::<serde_json::Value>(&content)
                    .ok()
                    .and_then(|v| v["serial"].as_str().and_then(Serial::parse));
                if let Some(serial) = serial
                    && let Ok(found) = store.certificate(&serial).await
                {
                    record = Some(match found {
                        None => None,
                        Some(c) if c.is_revoked() => Some(Standing::Revoked),
                        Some(c) => Some(if store.certificates_suspended(c.assessment_id).await? {
                            Standing::Suspended
                        } else {
                            Standing::InForce
                        }),
                    });
                }
            }
            check(
                &pdf,
                |kid| {
                    (kid == public.key_id())
                        .then_some(public)
                        .or_else(|| published.iter().copied().find(|k| k.key_id() == kid))
                },
                |_| {
                    Ok(match record {
                        Some(standing) => {
                            Revocation::Known(standing, without_password(&settings.database_url))
                        }
                        None => Revocation::Unchecked,
                    })
                },
                today,
            )?
        }
    };
    println!("{}", outcome.status.as_str());
    if let Some(c) = &outcome.content {
        println!(
            "  serial {} · {} ({}) · {} · valid {} to {}",
            c.serial, c.site, c.company, c.year, c.valid_from, c.valid_until
        );
    }
    println!("  {}", outcome.note);
    if outcome.status != codecheck::domain::certificate::CertificateStatus::Valid {
        std::process::exit(1);
    }
    Ok(())
}

async fn serve(state: AppState, bind: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    tracing::info!("codecheck listening on http://{bind}");
    println!("codecheck is running on http://{bind}");
    let store = state.store.clone();
    tokio::spawn(purge_sessions(store.clone()));
    tokio::spawn(codecheck::mail::run_worker(state.clone()));
    // A deadline for each request's headers and a cap on open connections, which
    // `axum::serve` does not have; the peer's address reaches the handlers, for throttling.
    let limits = codecheck::serve::Limits::from_settings(&state.settings);
    codecheck::serve::serve(listener, app(state), limits, shutdown_signal()).await;
    store.close().await;
    Ok(())
}

/// Deletes expired sessions and old failed logins every hour. Idempotent, so several
/// instances may all run it.
async fn purge_sessions(store: codecheck::store::Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match store.purge_expired_sessions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
            Err(e) => tracing::warn!(error = %e, "purging expired sessions failed"),
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if let Err(e) = store.purge_login_failures(now).await {
            tracing::warn!(error = %e, "purging old failed logins failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// A database URL fit to print: its password, if any, left out.
fn without_password(database_url: &str) -> String {
    match url::Url::parse(database_url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => database_url.to_owned(),
    }
}
