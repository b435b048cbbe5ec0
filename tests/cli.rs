//! The command line: migrate, user add, demo, help.

mod common;

use std::process::Command;

use axum::http::StatusCode;
use codecheck::AppState;
use tempfile::TempDir;

fn codecheck(dir: &TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_codecheck"));
    cmd.current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("cli.db").display()),
        )
        .env("CODECHECK_CRITERIA_DIR", common::criteria_dir())
        .env("CODECHECK_DATA_DIR", dir.path().join("data"))
        .env_remove("CODECHECK_PASSWORD")
        .env_remove("CODECHECK_DEMO_PASSWORD");
    cmd
}

async fn state_of(dir: &TempDir) -> AppState {
    let mut settings = common::settings(dir);
    settings.database_url = format!("sqlite://{}", dir.path().join("cli.db").display());
    AppState::open(settings).await.unwrap()
}

#[test]
fn migrate_creates_the_database_file() {
    let dir = TempDir::new().unwrap();
    let out = codecheck(&dir).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("cli.db").exists());
    // Running it again is harmless.
    assert!(codecheck(&dir).arg("migrate").status().unwrap().success());
}

#[tokio::test]
async fn user_add_creates_an_admin_who_can_log_in() {
    let dir = TempDir::new().unwrap();
    let out = codecheck(&dir)
        .args([
            "user",
            "add",
            "--email",
            "Root@Example.org",
            "--role",
            "admin",
        ])
        .env("CODECHECK_PASSWORD", common::PASSWORD)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("root@example.org"));

    let again = codecheck(&dir)
        .args([
            "user",
            "add",
            "--email",
            "root@example.org",
            "--role",
            "admin",
        ])
        .env("CODECHECK_PASSWORD", common::PASSWORD)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let short = codecheck(&dir)
        .args(["user", "add", "--email", "x@example.org", "--role", "admin"])
        .env("CODECHECK_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("12 characters"));
    let common = codecheck(&dir)
        .args(["user", "add", "--email", "x@example.org", "--role", "admin"])
        .env("CODECHECK_PASSWORD", "qwertyuiop123")
        .output()
        .unwrap();
    assert!(!common.status.success());
    assert!(
        String::from_utf8_lossy(&common.stderr).contains("too easy to guess"),
        "{}",
        String::from_utf8_lossy(&common.stderr)
    );

    let bad_role = codecheck(&dir)
        .args(["user", "add", "--email", "x@example.org", "--role", "root"])
        .env("CODECHECK_PASSWORD", common::PASSWORD)
        .output()
        .unwrap();
    assert!(!bad_role.status.success());

    let no_password = codecheck(&dir)
        .args(["user", "add", "--email", "x@example.org", "--role", "admin"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        !no_password.status.success(),
        "no terminal and no CODECHECK_PASSWORD"
    );

    let state = state_of(&dir).await;
    let router = codecheck::app(state);
    use tower::ServiceExt;
    let res = router
        .oneshot(
            axum::http::Request::post("/api/v1/auth/login")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    serde_json::json!({ "email": "root@example.org", "password": common::PASSWORD })
                        .to_string(),
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn demo_seeds_an_empty_database_once() {
    let dir = TempDir::new().unwrap();
    let out = codecheck(&dir).arg("demo").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for email in [
        "admin@demo.test",
        "company@demo.test",
        "manager@demo.test",
        "auditor@demo.test",
    ] {
        assert!(stdout.contains(email), "{stdout}");
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Password for all four accounts: "))
        .unwrap();
    let password = line.rsplit(' ').next().unwrap().to_owned();
    assert!(password.len() >= 12, "a random password is printed");

    let again = codecheck(&dir).arg("demo").output().unwrap();
    assert!(!again.status.success(), "never seeds over existing data");

    let state = state_of(&dir).await;
    let sites = state
        .store
        .list_sites(codecheck::domain::Visibility::All)
        .await
        .unwrap();
    assert_eq!(sites.len(), 3);
    assert!(
        sites.iter().any(|s| s.name.contains('é')),
        "names with accents"
    );
    assert!(sites.iter().all(|s| s.country == "BE"));
    let manager = state
        .store
        .credentials("manager@demo.test")
        .await
        .unwrap()
        .unwrap();
    let manager = state.store.user(manager.0).await.unwrap().unwrap();
    assert_eq!(manager.scopes.len(), 1, "the manager runs one hotel");
    assert!(
        codecheck::auth::verify_password(
            &password,
            state
                .store
                .credentials("auditor@demo.test")
                .await
                .unwrap()
                .map(|c| c.1)
        )
        .await
    );
}

#[test]
fn help_documents_every_option() {
    let dir = TempDir::new().unwrap();
    let out = codecheck(&dir).args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--bind",
        "CODECHECK_BIND",
        "--demo",
        "DATABASE_URL",
        "CODECHECK_CRITERIA_DIR",
        "CODECHECK_DATA_DIR",
    ] {
        assert!(
            help.contains(needle),
            "{needle} missing from serve --help:\n{help}"
        );
    }
    let out = codecheck(&dir).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["serve", "migrate", "criteria", "user", "demo"] {
        assert!(help.contains(cmd), "{cmd}");
    }
}

#[tokio::test]
async fn the_database_runs_in_wal_mode_with_foreign_keys() {
    let dir = TempDir::new().unwrap();
    let state = state_of(&dir).await;
    let name = codecheck::domain::NodeName::parse("WAL check").unwrap();
    state.store.create_company(&name).await.unwrap();
    assert!(
        dir.path().join("cli.db-wal").exists(),
        "WAL journal present"
    );
    let (journal, fk) = state.store.sqlite_pragmas().await.unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn import_training_from_the_command_line() {
    let dir = TempDir::new().unwrap();
    let state = state_of(&dir).await;
    let name = |s: &str| codecheck::domain::NodeName::parse(s).unwrap();
    let company = state
        .store
        .create_company(&name("CLI Hotels"))
        .await
        .unwrap();
    let unit = state
        .store
        .create_unit(
            &company,
            &name("BE"),
            &codecheck::domain::Country::parse("BE").unwrap(),
        )
        .await
        .unwrap();
    let site = state
        .store
        .create_site(&unit, &name("CLI Hotel"), &name("Gent"))
        .await
        .unwrap();
    state.store.close().await;

    let good = dir.path().join("staff.csv");
    std::fs::write(
        &good,
        "employee_ref;job_role;start_date\nC1;reception;2020-01-01\nC2;security;2021-01-01\n",
    )
    .unwrap();
    let dry = codecheck(&dir)
        .args([
            "import",
            "training",
            "--site",
            &site.id.to_string(),
            "--dry-run",
        ])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(String::from_utf8_lossy(&dry.stdout).contains("2 added"));
    let out = codecheck(&dir)
        .args(["import", "training", "--site", &site.id.to_string()])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "employee_ref;job_role;start_date\nC3;astronaut;2020-01-01\n",
    )
    .unwrap();
    let out = codecheck(&dir)
        .args(["import", "training", "--site", &site.id.to_string()])
        .arg(&bad)
        .env("LANG", "fr_BE.UTF-8")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2, column job_role"), "{stderr}");
    assert!(
        stderr.contains("Fonction inconnue"),
        "messages in the terminal's language: {stderr}"
    );

    let state = state_of(&dir).await;
    assert_eq!(
        state.store.staff(site.id).await.unwrap().len(),
        2,
        "the bad file wrote nothing"
    );
    let missing = codecheck(&dir)
        .args(["import", "training", "--site", "999999"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(!missing.status.success());
}

#[tokio::test]
async fn audit_log_verify_reports_an_intact_chain() {
    let dir = TempDir::new().unwrap();
    let out = codecheck(&dir).arg("demo").output().unwrap();
    assert!(out.status.success());
    let ok = codecheck(&dir)
        .args(["audit-log", "verify"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("audit log intact"));

    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("DROP TRIGGER audit_log_no_delete")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE id = 2")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let bad = codecheck(&dir)
        .args(["audit-log", "verify"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("entry #3"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_the_data_it_held() {
    let dir = TempDir::new().unwrap();
    let run = |args: &[&str]| {
        let out = codecheck(&dir).args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, log) = run(&["demo"]);
    assert!(ok, "{log}");
    // The backup is taken with the database open in another process.
    let live = state_of(&dir).await;
    let users_before = live.store.count_users().await.unwrap();
    let backup = dir.path().join("backup.db");
    let (ok, log) = run(&["backup", backup.to_str().unwrap()]);
    assert!(ok, "{log}");
    assert!(backup.exists());
    let (ok, log) = run(&["backup", backup.to_str().unwrap()]);
    assert!(!ok, "an existing file is never overwritten");
    assert!(log.contains("exists"), "{log}");

    // Later changes are lost by the restore, as they should be.
    let hash = codecheck::auth::hash_password(
        &codecheck::domain::Password::parse("another long password").unwrap(),
    )
    .await
    .unwrap();
    live.store
        .create_user(codecheck::store::users::NewUser {
            email: &codecheck::domain::Email::parse("late@demo.test").unwrap(),
            password_hash: hash,
            role: codecheck::domain::Role::Admin,
            scopes: &[],
            language: None,
        })
        .await
        .unwrap();
    live.store.close().await;

    // A file that is not a backup is refused and nothing changes.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let (ok, log) = run(&["restore", junk.to_str().unwrap()]);
    assert!(!ok, "{log}");
    assert_eq!(
        state_of(&dir).await.store.count_users().await.unwrap(),
        users_before + 1
    );

    let (ok, log) = run(&["restore", backup.to_str().unwrap()]);
    assert!(ok, "{log}");
    let restored = state_of(&dir).await;
    assert_eq!(
        restored.store.count_users().await.unwrap(),
        users_before,
        "the database is as it was at the backup"
    );
    assert!(dir.path().join("cli.db.before-restore").exists());
}

#[test]
fn a_pool_size_out_of_range_is_refused_with_a_clear_message() {
    let dir = TempDir::new().unwrap();
    for bad in ["0", "5000"] {
        let out = codecheck(&dir)
            .arg("migrate")
            .env("CODECHECK_DB_MAX_CONNECTIONS", bad)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("pool size must be from 1 to 1000"), "{err}");
    }
}
