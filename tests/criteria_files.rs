//! The criteria files: validation with file and line, the `criteria check` command, the
//! server refusing bad files, and assessments pinned to the version they started with.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use codecheck::AppState;
use codecheck::criteria::check_dir;
use serde_json::json;
use tempfile::TempDir;

/// A copy of the shipped version folder under `root/<name>`, with `edit` applied to one file.
fn copy_version(root: &Path, name: &str, file: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let src = common::criteria_dir().join("2026.1");
    let dst = root.join(name);
    std::fs::create_dir_all(&dst).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let fname = path.file_name().unwrap().to_str().unwrap().to_owned();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if fname == file {
            text = edit(text);
        }
        std::fs::write(dst.join(&fname), text).unwrap();
    }
    dst
}

fn errors_of(dir: &Path) -> Vec<String> {
    check_dir(dir)
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_shipped_criteria_are_valid() {
    let versions = check_dir(&common::criteria_dir()).expect("shipped criteria are valid");
    let v = &versions[0];
    assert_eq!(v.criteria.len(), 6);
    let ids: Vec<&str> = v.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "policy",
            "training",
            "contracts",
            "travellers",
            "stakeholders",
            "reporting"
        ]
    );
    for c in &v.criteria {
        assert!(
            (3..=8).contains(&c.items.len()),
            "{} has {} items",
            c.id,
            c.items.len()
        );
        assert!(c.items.iter().any(|i| i.mandatory));
    }
}

#[test]
fn a_missing_translation_is_reported_with_file_and_line() {
    let tmp = TempDir::new().unwrap();
    let dir = copy_version(tmp.path(), "2026.1", "2-training.toml", |t| {
        // Drop the Dutch text of the first item.
        let start = t.find("text.nl").unwrap();
        let end = start + t[start..].find('\n').unwrap() + 1;
        format!("{}{}", &t[..start], &t[end..])
    });
    let errors = errors_of(&dir);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("2-training.toml:"), "{}", errors[0]);
    assert!(
        errors[0].contains("item 2.1 text: the nl text is missing"),
        "{}",
        errors[0]
    );
}

#[test]
fn broken_rules_are_each_reported() {
    let tmp = TempDir::new().unwrap();
    let dir = copy_version(tmp.path(), "2026.1", "1-policy.toml", |t| {
        t.replacen("key = \"1.2\"", "key = \"1.1\"", 1)
            .replacen("weight = ", "weight = -", 1)
            .replacen("min_score = ", "min_score = 1", 1)
    });
    let errors = errors_of(&dir).join("\n");
    assert!(
        errors.contains("item key \"1.1\" is used twice"),
        "{errors}"
    );
    assert!(
        errors.contains("weight must be a positive number"),
        "{errors}"
    );
    assert!(
        errors.contains("min_score must be between 0.0 and 1.0"),
        "{errors}"
    );
    for line in errors.lines() {
        assert!(
            line.contains("1-policy.toml:"),
            "every error names the file and line: {line}"
        );
    }
}

#[test]
fn syntax_errors_and_unknown_values_name_the_line() {
    let tmp = TempDir::new().unwrap();
    let dir = copy_version(tmp.path(), "2026.1", "4-travellers.toml", |t| {
        t.replacen("evidence = \"photo\"", "evidence = \"video\"", 1)
    });
    let errors = errors_of(&dir);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("4-travellers.toml:"));
    assert!(errors[0].contains("video"), "{}", errors[0]);

    let tmp = TempDir::new().unwrap();
    let dir = copy_version(tmp.path(), "2026.1", "5-stakeholders.toml", |t| {
        format!("{t}\n[[items]\nkey = ")
    });
    let errors = errors_of(&dir);
    assert!(errors[0].contains("5-stakeholders.toml:"), "{errors:?}");
}

#[test]
fn a_version_needs_exactly_six_criteria() {
    let tmp = TempDir::new().unwrap();
    let dir = copy_version(tmp.path(), "2026.1", "none", |t| t);
    std::fs::remove_file(dir.join("6-reporting.toml")).unwrap();
    let errors = errors_of(&dir).join("\n");
    assert!(errors.contains("exactly 6 criteria, found 5"), "{errors}");

    std::fs::write(
        dir.join("6-reporting.toml"),
        std::fs::read_to_string(dir.join("5-stakeholders.toml")).unwrap(),
    )
    .unwrap();
    let errors = errors_of(&dir).join("\n");
    assert!(
        errors.contains("criterion number 5 is also used"),
        "{errors}"
    );
}

#[test]
fn criteria_check_command_exits_non_zero_naming_the_problem() {
    let bin = env!("CARGO_BIN_EXE_codecheck");
    let ok = Command::new(bin)
        .args(["criteria", "check"])
        .arg(common::criteria_dir())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("ok: version 2026.1 (6 criteria"));

    let tmp = TempDir::new().unwrap();
    copy_version(tmp.path(), "2026.1", "3-contracts.toml", |t| {
        t.replacen("fr = ", "fr = \"\"\n#", 1)
    });
    let bad = Command::new(bin)
        .args(["criteria", "check"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("3-contracts.toml:"), "{stderr}");
    assert!(stderr.contains("the fr text is empty"), "{stderr}");
}

#[tokio::test]
async fn the_server_refuses_to_start_with_invalid_criteria() {
    let tmp = TempDir::new().unwrap();
    let criteria = TempDir::new().unwrap();
    copy_version(criteria.path(), "2026.1", "1-policy.toml", |t| {
        t.replacen("number = 1", "number = 9", 1)
    });
    let mut settings = common::settings(&tmp);
    settings.criteria_dir = criteria.path().to_path_buf();
    let err = AppState::open(settings)
        .await
        .err()
        .expect("refuses to start")
        .to_string();
    assert!(err.contains("1-policy.toml:"), "{err}");
    assert!(err.contains("number must be between 1 and 6"), "{err}");
}

#[tokio::test]
async fn assessments_stay_pinned_to_their_criteria_version() {
    let app = common::TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let (_, old) = app
        .post(
            &format!("/api/v1/sites/{}/assessments", app.seed.site_a1),
            &token,
            json!({ "year": 2025 }),
        )
        .await;
    let old_id = old["id"].as_i64().unwrap();
    let old_title = old["criteria"][0]["title"].clone();

    // A new version is published beside the old one, with a changed title and one item less.
    let criteria = TempDir::new().unwrap();
    copy_version(criteria.path(), "2026.1", "none", |t| t);
    copy_version(criteria.path(), "2027.1", "version.toml", |t| {
        t.replace("version = \"2026.1\"", "version = \"2027.1\"")
            .replace("published = \"2026-01-01\"", "published = \"2027-01-01\"")
    });
    let p = criteria.path().join("2027.1/1-policy.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen(
            "fr = \"Politique et procédures\"",
            "fr = \"Politique de protection\"",
            1,
        ),
    )
    .unwrap();

    let mut settings = (*app.state.settings).clone();
    settings.criteria_dir = criteria.path().to_path_buf();
    let state = AppState::open(settings)
        .await
        .expect("reopens with two versions");
    let router = codecheck::app(state);
    let req = |method: &str, path: String, body: Option<serde_json::Value>| {
        let mut r = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"));
        if body.is_some() {
            r = r.header("content-type", "application/json");
        }
        r.body(axum::body::Body::from(
            body.map(|b| b.to_string()).unwrap_or_default(),
        ))
        .unwrap()
    };
    use tower::ServiceExt;
    let read = |res: axum::response::Response| async move {
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
    };
    let res = router
        .clone()
        .oneshot(req("GET", format!("/api/v1/assessments/{old_id}"), None))
        .await
        .unwrap();
    let old_again = read(res).await;
    assert_eq!(old_again["criteria_version"], "2026.1");
    assert_eq!(old_again["criteria"][0]["title"], old_title);

    let res = router
        .clone()
        .oneshot(req(
            "POST",
            format!("/api/v1/sites/{}/assessments", app.seed.site_a1),
            Some(json!({ "year": 2026 })),
        ))
        .await
        .unwrap();
    let new = read(res).await;
    assert_eq!(new["criteria_version"], "2027.1");
    assert_eq!(new["criteria"][0]["title"], "Politique de protection");

    // Editing the used version in place is refused at start.
    let p = criteria.path().join("2026.1/1-policy.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("min_score = ", "min_score = 0.1 #", 1)).unwrap();
    let mut settings = (*app.state.settings).clone();
    settings.criteria_dir = criteria.path().to_path_buf();
    let err = AppState::open(settings)
        .await
        .err()
        .expect("refuses")
        .to_string();
    assert!(err.contains("2026.1"), "{err}");
}
