//! Searching ignores case and accents, on SQLite and PostgreSQL alike: `liege` finds Liège,
//! `LIÈGE` finds it too, in the API's site list, the home page, `/org` and the dashboard.

mod common;

use axum::http::StatusCode;
use common::{Browser, TestApp};

/// The seeded group with a hotel in Liège and one in Etterbeek.
async fn app() -> TestApp {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let unit = store.node(app.seed.unit_a).await.unwrap().unwrap();
    let name = |s: &str| codecheck::domain::NodeName::parse(s).unwrap();
    for (site, city) in [
        ("Hôtel Liège Opéra", "Liège"),
        ("Hotel Etterbeek", "Etterbeek"),
    ] {
        store
            .create_site(&unit, &name(site), &name(city))
            .await
            .unwrap();
    }
    app
}

fn names(list: &serde_json::Value) -> Vec<String> {
    list["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_site_list_finds_a_name_whatever_its_accents_and_case() {
    let app = app().await;
    let token = app.login("company-a@test").await;
    for q in [
        "liege",
        "LIEGE",
        "Liège",
        "li%C3%A8ge",
        "opera",
        "h%C3%B4tel%20li",
    ] {
        let (status, list) = app.get(&format!("/api/v1/sites?q={q}"), &token).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(names(&list), ["Hôtel Liège Opéra"], "q={q}");
    }
    // The folded name is what is compared, so LIKE's own signs are plain letters.
    let (_, none) = app.get("/api/v1/sites?q=li_ge", &token).await;
    assert!(names(&none).is_empty());
    let (_, none) = app.get("/api/v1/sites?q=%25", &token).await;
    assert!(names(&none).is_empty());
    // Another company's hotel is not found by a search either.
    let other = app.login("manager-b1@test").await;
    let (_, list) = app.get("/api/v1/sites?q=liege", &other).await;
    assert!(names(&list).is_empty());
}

#[tokio::test]
async fn the_pages_find_a_site_whatever_its_accents_and_case() {
    let app = app().await;
    let mut b = Browser::new(&app);
    b.login("company-a@test").await;
    let home = b.get("/?q=LIEGE").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Hôtel Liège Opéra"));
    assert!(!home.body.contains("Hotel Etterbeek"), "{}", home.body);
    // `/org` searches the city too, and lists what it found as links to the sites.
    let found = |html: &str| -> Vec<String> {
        html.split("<li><a href=\"/sites/")
            .skip(1)
            .filter_map(|rest| rest.split_once('>').and_then(|(_, r)| r.split_once('<')))
            .map(|(name, _)| name.to_owned())
            .collect()
    };
    for q in ["liege", "li%C3%A9ge", "LI%C3%88GE"] {
        let org = b.get(&format!("/org?q={q}")).await;
        assert_eq!(found(&org.body), ["Hôtel Liège Opéra"], "q={q}");
    }
    let org = b.get("/org?q=%C3%89TTERBEEK").await;
    assert_eq!(found(&org.body), ["Hotel Etterbeek"], "É folds to e");
    let dashboard = b
        .get(&format!(
            "/companies/{}/dashboard?q=LIÈGE",
            app.seed.company_a
        ))
        .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Hôtel Liège Opéra"));
    assert!(!dashboard.body.contains("Hotel Etterbeek"));
}
