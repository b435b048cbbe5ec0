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
    Demo,
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
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
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
        Command::Migrate => {
            let store = codecheck::store::Store::connect(&settings.database_url).await?;
            store.migrate().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Serve { bind, demo } => {
            let state = AppState::open(settings).await?;
            if demo && state.store.count_users().await? == 0 {
                seed_demo(&state).await?;
            }
            serve(state, bind).await
        }
        Command::Demo => {
            let state = AppState::open(settings).await?;
            if state.store.count_users().await? > 0 {
                anyhow::bail!(
                    "the database already has users; the demo seeds an empty database only"
                );
            }
            seed_demo(&state).await
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
            let password = Password::parse(&password).map_err(|_| {
                anyhow::anyhow!(
                    "the password needs at least {} characters",
                    Password::MIN_CHARS
                )
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

async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    let seeded = demo::seed(state, std::env::var("CODECHECK_DEMO_PASSWORD").ok()).await?;
    println!("Demo data created: Demo Hotel Group, a Belgian unit and three hotels.");
    for (email, role) in demo::DEMO_USERS {
        println!("  {email:<22} {}", role.as_str());
    }
    if seeded.generated_password {
        println!("Password for all four accounts: {}", seeded.password);
    } else {
        println!("Password for all four accounts: the value of CODECHECK_DEMO_PASSWORD");
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
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.close().await;
    Ok(())
}

/// Deletes expired sessions every hour. Idempotent, so several instances may all run it.
async fn purge_sessions(store: codecheck::store::Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match store.purge_expired_sessions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
            Err(e) => tracing::warn!(error = %e, "purging expired sessions failed"),
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
