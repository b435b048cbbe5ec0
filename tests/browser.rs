//! The browser tests of `tests/e2e`, run by `cargo test`: Node drives Debian's Chromium with
//! Playwright against the real `codecheck` binary on a fresh database (SQLite, or PostgreSQL
//! under `TEST_DATABASE_URL`), runs axe-core on every page and saves screenshots under
//! `target/e2e/`.
//!
//! They need `node`, `/usr/bin/chromium` (or `CHROMIUM`), `pdftoppm`, `zbarimg` and the npm
//! packages of `tests/e2e` (`npm ci --prefix tests/e2e`). Without them each test says what is
//! missing and passes, so `cargo test` works with only the Rust toolchain; with
//! `CODECHECK_BROWSER_TESTS=required` (as `.ci/run` sets) a missing tool fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One browser and one server at a time: two cores do not run two journeys well.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What the browser tests need and this machine lacks.
fn missing() -> Vec<String> {
    let mut missing: Vec<String> = ["node", "pdftoppm", "zbarimg"]
        .into_iter()
        .filter(|p| !on_path(p))
        .map(str::to_owned)
        .collect();
    if !chromium().is_file() {
        missing.push(format!("{} (set CHROMIUM)", chromium().display()));
    }
    for package in ["playwright-core", "axe-core"] {
        if !e2e_dir().join("node_modules").join(package).is_dir() {
            missing.push(format!("{package} (npm ci --prefix tests/e2e)"));
        }
    }
    missing
}

/// Runs one test file of `tests/e2e` with Node's test runner, failing with its report.
fn run(file: &str) {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let missing = missing();
    if !missing.is_empty() {
        let required = std::env::var("CODECHECK_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(
            !required,
            "browser test {file} cannot run, missing: {}",
            missing.join(", ")
        );
        eprintln!(
            "browser test {file} skipped, missing: {}. See the README's 'Browser tests'.",
            missing.join(", ")
        );
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=spec", file])
        .current_dir(e2e_dir())
        .env("CODECHECK_BIN", env!("CARGO_BIN_EXE_codecheck"))
        .env("CHROMIUM", chromium())
        .env(
            "E2E_SHOTS_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e"),
        );
    // The app gets the same kind of database as the rest of the suite: an empty PostgreSQL
    // database of its own when TEST_DATABASE_URL is set, else a SQLite file it creates.
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        command.env("E2E_DATABASE_URL", common::database_url(&dir));
    }
    let out = command.output().expect("node starts");
    assert!(
        out.status.success(),
        "browser test {file} failed ({}); screenshots in target/e2e/\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
}

#[test]
fn journey_on_a_desktop_from_checklist_to_verified_certificate() {
    run("desktop.test.mjs");
}

#[test]
fn journey_on_a_phone_with_the_checklist_by_keyboard() {
    run("phone.test.mjs");
}

#[test]
fn every_main_page_is_accessible_and_forms_tie_errors_to_fields() {
    run("pages.test.mjs");
}

/// The crawler of `tests/e2e/crawl.mjs`: every link and form, as each role in each language.
/// It is about the pages, so it runs on SQLite only: the PostgreSQL pass of CI skips it, to
/// keep CI well inside its time.
#[test]
fn every_link_and_form_works_for_each_role_in_each_language() {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        eprintln!("the crawler runs on SQLite only (see tests/browser.rs)");
        return;
    }
    run("crawl.test.mjs");
}
