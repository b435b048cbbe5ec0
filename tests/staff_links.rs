//! An employee reference is a site manager's text, and the training page puts it into form
//! actions and links. Resolved the way a browser resolves them, they must name that person at
//! that site and nothing else, whatever the reference holds.

mod common;

use axum::http::StatusCode;
use common::{Browser, TestApp};
use sqlx::Connection;

/// References as people type them, or as a hostile manager would.
const HR: &str = "HR/123";
const CLIMBER_TEMPLATE: &str = "../../{site}/staff/B-002";
const ODD: &str = "50%?#x .y";

/// Adds people directly in the database, as data from before imports refused dot segments.
async fn add_staff(app: &TestApp, site: i64, refs: &[&str]) {
    let mut conn = sqlx::AnyConnection::connect(&app.state.settings.database_url)
        .await
        .unwrap();
    for r in refs {
        sqlx::query(
            "INSERT INTO staff (site_id, employee_ref, first_name, last_name, job_role, \
             start_date, updated_at) VALUES ($1, $2, '', '', 'reception', '2020-01-01', \
             '2026-01-01T00:00:00Z')",
        )
        .bind(site)
        .bind(*r)
        .execute(&mut conn)
        .await
        .unwrap();
    }
}

/// Every `action="…"` and `href="…"` of the page that a browser would resolve under
/// `/staff/`, resolved against the page's own URL.
fn staff_targets(page_url: &url::Url, html: &str) -> Vec<url::Url> {
    let mut out = Vec::new();
    for attr in ["action=\"", "href=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            let Some(end) = rest.find('"') else { continue };
            let raw = rest[..end]
                .replace("&amp;", "&")
                .replace("&#x2f;", "/")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"");
            let resolved = page_url.join(&raw).unwrap();
            if raw.contains("/staff/") || resolved.path().contains("/staff/") {
                out.push(resolved);
            }
        }
    }
    out
}

/// `/sites/{site}/staff/{one segment}/{what}` -> (the decoded reference, what).
fn staff_route(site: i64, u: &url::Url) -> Option<(String, String)> {
    let segments: Vec<&str> = u.path_segments()?.collect();
    match segments.as_slice() {
        ["sites", s, "staff", key, what] if *s == site.to_string() => Some((
            percent_encoding::percent_decode_str(key)
                .decode_utf8()
                .ok()?
                .into_owned(),
            (*what).to_owned(),
        )),
        _ => None,
    }
}

#[tokio::test]
async fn staff_links_target_the_same_person_at_the_same_site_whatever_the_reference() {
    let app = TestApp::new().await;
    let (a1, a2) = (app.seed.site_a1, app.seed.site_a2);
    let climber = CLIMBER_TEMPLATE.replace("{site}", &a2.to_string());
    add_staff(&app, a1, &[HR, &climber, ODD, "..", "."]).await;
    add_staff(&app, a2, &["B-002"]).await;

    let mut browser = Browser::new(&app);
    browser.login("company-a@test").await;
    let training = format!("/sites/{a1}/training");
    let page = browser.get(&training).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page_url = url::Url::parse("http://localhost")
        .unwrap()
        .join(&training)
        .unwrap();

    let targets = staff_targets(&page_url, &page.body);
    let mut seen: Vec<(String, String)> = Vec::new();
    for t in &targets {
        let Some(route) = staff_route(a1, t) else {
            panic!("{t} is not a staff route of site {a1}");
        };
        seen.push(route);
    }
    for r in [HR, climber.as_str(), ODD] {
        for what in ["left", "export.json", "erase"] {
            assert!(
                seen.contains(&(r.to_owned(), what.to_owned())),
                "no {what} for {r:?}: {seen:?}"
            );
        }
    }
    assert!(
        !seen.iter().any(|(r, _)| r == "." || r == ".."),
        "a dot-only reference has no URL: {seen:?}"
    );
    assert_eq!(seen.len(), 9, "{seen:?}");
    assert!(page.body.contains("cannot be part of a web address"));

    let action = |r: &str, what: &str| {
        targets
            .iter()
            .find(|t| staff_route(a1, t) == Some((r.to_owned(), what.to_owned())))
            .map(|t| t.path().to_owned())
            .unwrap()
    };

    // Erasing the climbing reference erases that person at this site, not B-002 at the other.
    let res = browser
        .submit(&training, &action(&climber, "erase"), &[("confirm", "1")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let token = app.login("company-a@test").await;
    let (status, _) = app
        .get(&format!("/api/v1/sites/{a2}/staff/B-002"), &token)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the other hotel's person is still there"
    );
    let (_, staff) = app.get(&format!("/api/v1/sites/{a1}/staff"), &token).await;
    let refs: Vec<&str> = staff["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["employee_ref"].as_str().unwrap())
        .collect();
    assert!(!refs.contains(&climber.as_str()), "{refs:?}");
    assert!(refs.contains(&HR), "{refs:?}");

    // An HR/123 reference is exported and erased from the page's own link and form.
    let hr_api = format!("/api/v1/sites/{a1}/staff/HR%2F123");
    assert_eq!(app.get(&hr_api, &token).await.0, StatusCode::OK);
    let export = browser.get(&action(HR, "export.json")).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert!(export.body.contains("\"HR/123\""), "{}", export.body);
    let left = browser
        .submit(&training, &action(HR, "left"), &[("left_on", "2026-01-31")])
        .await;
    assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.body);
    let res = browser
        .submit(&training, &action(HR, "erase"), &[("confirm", "1")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        app.get(&hr_api, &token).await.0,
        StatusCode::NOT_FOUND,
        "erased"
    );

    // The odd reference round-trips too.
    let export = browser.get(&action(ODD, "export.json")).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
}
