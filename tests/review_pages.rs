//! The review in the browser: the auditor's review page and its forms, the finding page,
//! and what the site sees of verdicts and findings.

mod common;

use axum::http::StatusCode;
use common::{Browser, TestApp};
use serde_json::json;

const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

async fn submitted(app: &TestApp) -> i64 {
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    let (status, body) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

#[tokio::test]
async fn only_the_companys_auditors_and_the_admin_open_the_review_page() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    for (email, expected) in [
        ("auditor-a@test", StatusCode::OK),
        ("admin@test", StatusCode::OK),
        ("manager-a1@test", StatusCode::FORBIDDEN),
        ("company-a@test", StatusCode::FORBIDDEN),
        ("manager-b1@test", StatusCode::NOT_FOUND),
    ] {
        let mut b = Browser::new(&app);
        b.login(email).await;
        assert_eq!(b.get(&review).await.status, expected, "{email}");
    }
    let mut anonymous = Browser::new(&app);
    let res = anonymous.get(&review).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "to the login page");
}

#[tokio::test]
async fn the_auditor_reviews_through_the_page_from_take_to_approval() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;

    let page = auditor.get(&review).await;
    assert!(page.body.contains("/review/take"), "a take button");
    assert!(page.body.contains("id=\"item-1-1\""), "every item");
    let taken = auditor
        .submit(&review, &format!("{review}/take"), &[])
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let again = auditor
        .submit(&review, &format!("{review}/take"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "taken already");
    assert!(again.body.contains("role=\"alert\""));

    let rejected = auditor
        .submit(
            &review,
            &format!("{review}/verdicts/1.1"),
            &[("verdict", "rejected"), ("comment", "Pas de signature")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert_eq!(
        rejected.location.as_deref(),
        Some(&*format!("{review}?done=verdict#item-1-1"))
    );
    let bad = auditor
        .submit(
            &review,
            &format!("{review}/verdicts/1.1"),
            &[("verdict", "maybe"), ("comment", "gardé")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("gardé"), "what was typed stays");

    // A finding with a date in the past comes back with the text kept.
    let finding = auditor
        .submit(
            &review,
            &format!("{review}/findings"),
            &[
                ("item_key", "1.2"),
                ("severity", "major"),
                ("action", "Former l'équipe de nuit"),
                ("due_date", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(finding.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        finding.body.contains("Former l&#39;équipe de nuit")
            || finding.body.contains("Former l&#x27;équipe de nuit"),
        "{}",
        &finding.body[..200]
    );
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(20)).to_string();
    let raised = auditor
        .submit(
            &review,
            &format!("{review}/findings"),
            &[
                ("item_key", "1.2"),
                ("severity", "major"),
                ("action", "Former l'équipe de nuit"),
                ("due_date", &due),
            ],
        )
        .await;
    assert_eq!(raised.status, StatusCode::SEE_OTHER, "{}", raised.body);

    // Approval is refused while 1.1 is rejected and the major finding open, and says why.
    let page = auditor.get(&review).await;
    assert!(page.body.contains("1.1") && page.body.contains("#"));
    let refused = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("1.1"), "names the rejected item");

    let returned = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[
                ("action", "request_changes"),
                ("comment", "Signez la politique"),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);

    // The site sees what to change, and answers the finding.
    let mut manager = Browser::new(&app);
    manager.login("manager-a1@test").await;
    let overview = manager.get(&format!("/assessments/{id}")).await;
    assert!(
        overview.body.contains("Signez la politique"),
        "the auditor's comment"
    );
    assert!(
        overview.body.contains("/findings/"),
        "the findings are listed"
    );
    let criterion = manager
        .get(&format!("/assessments/{id}/criteria/policy"))
        .await;
    assert_eq!(criterion.status, StatusCode::OK);
    assert!(
        criterion.body.contains("item rejected") || criterion.body.contains(" rejected\""),
        "the rejected item stands out"
    );
    assert!(criterion.body.contains("Pas de signature"));

    let manager_token = app.login("manager-a1@test").await;
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &manager_token)
        .await;
    let fid = a["findings"][0]["id"].as_i64().unwrap();
    let finding_page = format!("/findings/{fid}");
    let empty = manager
        .submit(
            &finding_page,
            &format!("{finding_page}/responses"),
            &[("comment", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let answered = manager
        .submit(
            &finding_page,
            &format!("{finding_page}/responses"),
            &[
                ("comment", "Formation faite le 3 mars"),
                ("evidence_file_id", ""),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let closed_by_manager = manager
        .submit(
            &finding_page,
            &format!("{finding_page}/close"),
            &[("comment", "")],
        )
        .await;
    assert_eq!(
        closed_by_manager.status,
        StatusCode::FORBIDDEN,
        "only the auditor closes"
    );

    // Fix 1.1, resubmit; the auditor sees what changed, closes the finding, approves.
    app.answer(
        &manager_token,
        id,
        "1.1",
        json!({ "answer": "yes", "comment": "Signée" }),
    )
    .await;
    app.submit(&manager_token, id).await;
    let page = auditor.get(&review).await;
    assert!(
        page.body.contains("<ins>"),
        "the change since the last round is shown"
    );
    assert!(page.body.contains("Signée"));
    let closed = auditor
        .submit(
            &finding_page,
            &format!("{finding_page}/close"),
            &[("comment", "Vu")],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let approved = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let page = auditor.get(&review).await;
    assert!(
        page.body.contains("name=\"action\" value=\"reopen\""),
        "reopening is offered"
    );
    let no_reason = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "reopen"), ("comment", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn images_show_inline_on_the_review_and_other_files_download() {
    let app = TestApp::new().await;
    let mut manager = Browser::new(&app);
    manager.login("manager-a1@test").await;
    let evidence = format!("/sites/{}/evidence", app.seed.site_a1);
    let up = manager
        .upload(
            &evidence,
            &evidence,
            &[("item_keys", "1.3")],
            ("file", "affiche.png", PNG),
        )
        .await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    let id = submitted(&app).await;
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    let page = auditor.get(&format!("/assessments/{id}/review")).await;
    let start = page.body.find("?inline=1").expect("the image is inline");
    let src_start = page.body[..start].rfind("/evidence/").unwrap();
    let src = &page.body[src_start..start + "?inline=1".len()];
    let token = app.login("auditor-a@test").await;
    let file_id: i64 = src
        .trim_start_matches("/evidence/")
        .trim_end_matches("?inline=1")
        .parse()
        .unwrap();
    let res = app
        .send(
            axum::http::Request::get(format!("/api/v1/evidence/{file_id}?inline=1"))
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("inline"), "{disposition}");
    let res = app
        .send(
            axum::http::Request::get(format!("/api/v1/evidence/{file_id}"))
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
}

#[tokio::test]
async fn overdue_findings_stand_out_for_the_site_the_company_and_the_auditor() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let auditor = app.login("auditor-a@test").await;
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(1)).to_string();
    let (status, f) = app
        .post(
            &format!("/api/v1/assessments/{id}/findings"),
            &auditor,
            json!({ "item_key": "1.1", "severity": "minor", "action": "Afficher", "due_date": due }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    // Time passes: the due date moves into the past.
    let url = app.state.settings.database_url.clone();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query("UPDATE findings SET due_date = '2020-01-01' WHERE id = $1")
        .bind(f["id"].as_i64().unwrap())
        .execute(&pool)
        .await
        .unwrap();
    let (_, a) = app
        .get(&format!("/api/v1/assessments/{id}"), &auditor)
        .await;
    assert_eq!(a["findings"][0]["overdue"], true);

    for (email, path) in [
        ("manager-a1@test", "/".to_owned()),
        ("company-a@test", "/".to_owned()),
        ("manager-a1@test", format!("/assessments/{id}")),
        ("auditor-a@test", "/reviews".to_owned()),
        ("auditor-a@test", format!("/assessments/{id}/review")),
    ] {
        let mut b = Browser::new(&app);
        b.login(email).await;
        let page = b.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{email} {path}");
        assert!(
            page.body.contains("badge no overdue"),
            "{email} sees the overdue finding on {path}"
        );
    }
    let mut other = Browser::new(&app);
    other.login("manager-b1@test").await;
    let page = other.get(&format!("/findings/{}", f["id"])).await;
    assert_eq!(
        page.status,
        StatusCode::NOT_FOUND,
        "another company's finding"
    );
}

#[tokio::test]
async fn approval_is_disabled_with_its_reasons_and_the_round_closes_as_not_compliant() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;

    let page = auditor.get(&review).await;
    assert!(
        !page
            .body
            .contains("value=\"approve\" class=\"primary\" disabled"),
        "a compliant submission can be approved"
    );
    assert!(
        !page.body.contains("value=\"close_not_compliant\""),
        "nothing to close as not compliant"
    );

    let needs_info = auditor
        .submit(
            &review,
            &format!("{review}/verdicts/2.1"),
            &[
                ("verdict", "needs_info"),
                ("comment", "Liste de présence ?"),
            ],
        )
        .await;
    assert_eq!(needs_info.status, StatusCode::SEE_OTHER);
    let page = auditor.get(&review).await;
    assert!(
        page.body
            .contains("value=\"approve\" class=\"primary\" disabled"),
        "the approve button is disabled"
    );
    assert!(page.body.contains("2.1"), "the reason names the item");
    assert!(
        page.body.contains("id=\"result-training\""),
        "the results per criterion"
    );
    assert!(
        page.body.contains("value=\"close_not_compliant\""),
        "the closing form"
    );

    // The server refuses the approval whatever the page shows.
    let refused = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("2.1"), "says why");

    let no_comment = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "close_not_compliant"), ("comment", " ")],
        )
        .await;
    assert_eq!(no_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    let closed = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[
                ("action", "close_not_compliant"),
                ("comment", "La formation n'est pas prouvée"),
            ],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert_eq!(
        closed.location.as_deref(),
        Some(&*format!("{review}?done=close_not_compliant"))
    );
    let page = auditor.get(&review).await;
    assert!(
        page.body.contains("name=\"action\" value=\"reopen\""),
        "reopening is offered as after an approval"
    );

    // The site reads the audit result beside its own, and the reason.
    let mut manager = Browser::new(&app);
    manager.login("manager-a1@test").await;
    let overview = manager.get(&format!("/assessments/{id}")).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.body.contains("class=\"result-audit\""));
    assert!(overview.body.contains("class=\"result-self"));
    assert!(
        overview.body.contains("La formation n&#39;est pas prouvée")
            || overview
                .body
                .contains("La formation n&#x27;est pas prouvée"),
        "the auditor's reason"
    );
    assert!(
        overview
            .body
            .contains(&format!("/assessments/{id}/gap-report"))
    );
}

/// The criteria the review page offers to accept the rest of, from its forms.
fn accept_remaining_forms(html: &str) -> Vec<String> {
    html.split("/accept-remaining\"")
        .filter_map(|before| before.rsplit("/review/criteria/").next())
        .filter(|c| !c.contains(['<', '"', ' ']))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_review_shows_no_audit_result_before_a_verdict_filters_unjudged_items_and_links_the_certificate()
 {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;

    // Before any verdict the audit column shows none, as `audited_compliant` is null.
    let page = auditor.get(&review).await;
    assert!(page.body.contains("class=\"muted not-audited\""));
    assert!(
        !page.body.contains("cell-ok") && !page.body.contains("cell-no"),
        "no audit result before a verdict"
    );
    assert!(
        page.body.contains("href=\"#c-"),
        "a nav jumps to each criterion"
    );
    assert!(
        page.body
            .contains(&format!("href=\"{review}?only=unjudged\""))
    );
    assert!(
        !page.body.contains("review-certificate"),
        "no certificate yet"
    );

    let taken = auditor
        .submit(&review, &format!("{review}/take"), &[])
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let judged = auditor
        .submit(
            &review,
            &format!("{review}/verdicts/1.1"),
            &[("verdict", "accepted"), ("comment", "")],
        )
        .await;
    assert_eq!(judged.status, StatusCode::SEE_OTHER);

    let page = auditor.get(&review).await;
    assert!(!page.body.contains("not-audited"), "a result once judged");
    assert!(page.body.contains("id=\"item-1-1\""));
    let open = auditor.get(&format!("{review}?only=unjudged")).await;
    assert_eq!(open.status, StatusCode::OK);
    assert!(
        !open.body.contains("id=\"item-1-1\""),
        "judged items are left out"
    );
    assert!(open.body.contains("id=\"item-1-2\""), "the others stay");
    assert!(
        open.body.contains(&format!("href=\"{review}\"")),
        "back to all"
    );
    assert!(open.body.contains("href=\"#c-"), "the nav stays");

    // Everything accepted: the filter leaves no item, and an approval links its certificate.
    let criteria = accept_remaining_forms(&page.body);
    assert!(!criteria.is_empty(), "{}", &page.body[..300]);
    for c in criteria {
        let accepted = auditor
            .submit(
                &review,
                &format!("{review}/criteria/{c}/accept-remaining"),
                &[],
            )
            .await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{c}");
    }
    let open = auditor.get(&format!("{review}?only=unjudged")).await;
    assert!(!open.body.contains("<article"), "every item is judged");
    let approved = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let page = auditor.get(&review).await;
    let link = page
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/certificates/") && h.ends_with(".pdf"))
        .map(str::to_owned)
        .expect("the approved review links its certificate");
    let pdf = auditor.get(&link).await;
    assert_eq!(pdf.status, StatusCode::OK, "the auditor opens the link");
}

#[tokio::test]
async fn a_resubmission_stays_with_its_auditor_on_the_queue_and_the_review_page() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    let manager = app.login("manager-a1@test").await;
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    let taken = auditor
        .submit(&review, &format!("{review}/take"), &[])
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let returned = auditor
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "request_changes"), ("comment", "Signer 1.1")],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);

    let (status, body) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "in_review", "back with its auditor");
    let auditor_token = app.login("auditor-a@test").await;
    let (_, queue) = app.get("/api/v1/reviews", &auditor_token).await;
    let row = queue["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["assessment_id"] == id)
        .expect("in the queue")
        .clone();
    assert_eq!(row["status"], "in_review");
    assert_eq!(row["reviewer_id"], body["reviewer_id"]);

    let page = auditor.get(&review).await;
    assert!(!page.body.contains("/review/take"), "nothing to take again");
    assert!(
        page.body.contains("auditor-a@test"),
        "the page names the holder"
    );
    assert!(
        page.body.contains("name=\"verdict\""),
        "the auditor judges on"
    );
    let queue = auditor.get("/reviews?status=in_review").await;
    let row = queue
        .body
        .split("<tr>")
        .find(|r| r.contains(&format!("/assessments/{id}/review")))
        .expect("listed");
    assert!(row.contains("status-in_review"), "{row}");
    assert!(
        row.contains("auditor-a@test"),
        "the queue names the same holder"
    );
}

#[tokio::test]
async fn a_verdict_from_the_unjudged_filter_comes_back_to_it_at_the_next_item() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    let filtered = format!("{review}?only=unjudged");
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    let page = auditor.get(&filtered).await;
    assert!(
        page.body
            .contains("<input type=\"hidden\" name=\"only\" value=\"unjudged\">"),
        "the verdict forms carry the filter"
    );
    let judged = auditor
        .submit(
            &filtered,
            &format!("{review}/verdicts/1.1"),
            &[
                ("verdict", "accepted"),
                ("comment", ""),
                ("only", "unjudged"),
            ],
        )
        .await;
    assert_eq!(judged.status, StatusCode::SEE_OTHER, "{}", judged.body);
    assert_eq!(
        judged.location.as_deref(),
        Some(format!("{review}?done=verdict&only=unjudged#item-1-2").as_str()),
        "back to the filter, at the next item left"
    );
    // 1.2 already judged: after 1.1 again the page goes on to 1.3.
    auditor
        .submit(
            &filtered,
            &format!("{review}/verdicts/1.2"),
            &[
                ("verdict", "accepted"),
                ("comment", ""),
                ("only", "unjudged"),
            ],
        )
        .await;
    let again = auditor
        .submit(
            &filtered,
            &format!("{review}/verdicts/1.1"),
            &[
                ("verdict", "rejected"),
                ("comment", "Non signé"),
                ("only", "unjudged"),
            ],
        )
        .await;
    assert_eq!(
        again.location.as_deref(),
        Some(format!("{review}?done=verdict&only=unjudged#item-1-3").as_str())
    );
    // Without the filter, the page comes back at the item itself, unfiltered.
    let plain = auditor
        .submit(
            &review,
            &format!("{review}/verdicts/1.3"),
            &[("verdict", "accepted"), ("comment", "")],
        )
        .await;
    assert_eq!(
        plain.location.as_deref(),
        Some(format!("{review}?done=verdict#item-1-3").as_str())
    );
    // Accepting the rest of a criterion from the filter goes on to the next criterion's.
    let accepted = auditor
        .submit(
            &filtered,
            &format!("{review}/criteria/policy/accept-remaining"),
            &[("only", "unjudged")],
        )
        .await;
    assert_eq!(
        accepted.location.as_deref(),
        Some(format!("{review}?done=accepted&only=unjudged#item-2-1").as_str())
    );
    // The last item left judged: back to the filter, with nothing to jump to.
    let keys = app.item_keys();
    for key in &keys[..keys.len() - 1] {
        auditor
            .submit(
                &review,
                &format!("{review}/verdicts/{key}"),
                &[("verdict", "accepted"), ("comment", "")],
            )
            .await;
    }
    let last = keys.last().unwrap();
    let done = auditor
        .submit(
            &filtered,
            &format!("{review}/verdicts/{last}"),
            &[
                ("verdict", "accepted"),
                ("comment", ""),
                ("only", "unjudged"),
            ],
        )
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("{review}?done=verdict&only=unjudged").as_str())
    );
}

/// A second auditor of company A, logged in through the API.
async fn second_auditor(app: &TestApp) -> String {
    let admin = app.login("admin@test").await;
    let (status, body) = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "email": "auditor2@test", "password": common::PASSWORD, "role": "auditor", "scope_id": app.seed.company_a }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.login("auditor2@test").await
}

fn lists(html: &str, id: i64) -> bool {
    html.contains(&format!("href=\"/assessments/{id}/review\""))
}

#[tokio::test]
async fn the_queue_lists_by_default_what_the_auditor_can_act_on_and_filters_the_rest() {
    let app = TestApp::new().await;
    let other = second_auditor(&app).await;
    let me = app.login("auditor-a@test").await;
    let manager = app.login("manager-a1@test").await;
    let submit = async |site: i64, year: i32| {
        let id = app.complete_assessment(&manager, site, year).await;
        let (status, body) = app.submit(&manager, id).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        id
    };
    let theirs = submit(app.seed.site_a1, 2026).await;
    let waiting = submit(app.seed.site_a1, 2024).await;
    let mine = submit(app.seed.site_a1, 2025).await;
    for (id, token) in [(theirs, &other), (mine, &me)] {
        let (status, body) = app
            .api(
                "POST",
                &format!("/api/v1/assessments/{id}/take"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    for path in [
        "/reviews",
        "/reviews?status=",
        "/reviews?status=&company_id=&unit_id=&country=&min_waiting_days=",
    ] {
        let page = auditor.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(lists(&page.body, waiting), "{path}: waiting");
        assert!(lists(&page.body, mine), "{path}: held by me");
        assert!(!lists(&page.body, theirs), "{path}: held by another");
        assert!(
            page.body.contains("<option value=\"\" selected>"),
            "{path}: the default is chosen"
        );
    }
    let others = auditor
        .get("/reviews?status=in_review&company_id=&unit_id=")
        .await;
    assert_eq!(others.status, StatusCode::OK, "{}", others.body);
    assert!(lists(&others.body, theirs) && lists(&others.body, mine));
    assert!(!lists(&others.body, waiting));
    assert!(others.body.contains("auditor2@test"), "names the holder");
    let page = auditor.get("/reviews?status=changes_requested").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!lists(&page.body, theirs) && !lists(&page.body, mine));
    let refused = auditor.get("/reviews?status=bogus").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);

    // The admin, who holds none, sees every one in review by default.
    let mut admin = Browser::new(&app);
    admin.login("admin@test").await;
    let page = admin.get("/reviews").await;
    assert!(lists(&page.body, theirs) && lists(&page.body, mine) && lists(&page.body, waiting));
}

#[tokio::test]
async fn the_review_page_names_the_holder_and_offers_to_take_it_over() {
    let app = TestApp::new().await;
    let _ = second_auditor(&app).await;
    let id = submitted(&app).await;
    let review = format!("/assessments/{id}/review");
    let mut holder = Browser::new(&app);
    holder.login("auditor-a@test").await;
    let taken = holder.submit(&review, &format!("{review}/take"), &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);

    let mut other = Browser::new(&app);
    other.accept_language = Some("fr".to_owned());
    other.login("auditor2@test").await;
    let page = other.get(&review).await;
    assert!(page.body.contains("/review/take-over"), "a take-over form");
    assert!(page.body.contains("auditor-a@test revoit cette soumission"));
    assert!(!page.body.contains("name=\"verdict\""), "no verdict forms");
    assert!(!page.body.contains("value=\"approve\""), "no decision");
    // A form posted from a page opened before: refused, naming the holder, in French.
    let refused = other
        .submit(
            &review,
            &format!("{review}/verdicts/1.1"),
            &[("verdict", "rejected"), ("comment", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("auditor-a@test revoit cette soumission : reprenez-la"),
        "{}",
        refused.body
    );
    let refused = other
        .submit(
            &review,
            &format!("{review}/decision"),
            &[("action", "request_changes"), ("comment", "Non")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    // Without the form's token, nothing is taken over.
    let forged = other.post_raw(&format!("{review}/take-over"), &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let over = other
        .submit(&review, &format!("{review}/take-over"), &[])
        .await;
    assert_eq!(over.status, StatusCode::SEE_OTHER, "{}", over.body);
    let page = other.get(over.location.as_deref().unwrap()).await;
    assert!(page.body.contains("Vous avez repris cette revue."));
    assert!(
        page.body.contains("name=\"verdict\""),
        "the new holder judges"
    );
    let page = holder.get(&review).await;
    assert!(
        page.body.contains("auditor2@test"),
        "the former holder is told"
    );
    assert!(!page.body.contains("name=\"verdict\""));
}

#[tokio::test]
async fn the_review_page_lists_yes_items_lacking_their_evidence() {
    let app = TestApp::new().await;
    let manager = app.login("manager-a1@test").await;
    let id = app
        .complete_assessment(&manager, app.seed.site_a1, 2026)
        .await;
    // 1.1 has a valid file; 1.5 only an expired one; 1.2 neither a file nor a procedure.
    for (key, until) in [("1.1", "2999-12-31"), ("1.5", "2020-01-01")] {
        let (status, body) = common::upload(
            &app,
            &manager,
            app.seed.site_a1,
            &format!("{key}.pdf"),
            b"%PDF-1.4\n%%EOF\n",
            &[("item_keys", key), ("valid_until", until)],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = app.submit(&manager, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    let page = auditor.get(&format!("/assessments/{id}/review")).await;
    assert_eq!(page.status, StatusCode::OK);
    let list = &page.body[page
        .body
        .find("class=\"card review-lacking\"")
        .expect("the list")..];
    let list = &list[..list.find("</section>").unwrap()];
    assert!(list.contains("href=\"#item-1-2\""), "{list}");
    assert!(list.contains("href=\"#item-1-5\""), "{list}");
    assert!(
        !list.contains("href=\"#item-1-1\""),
        "1.1 has its file: {list}"
    );
    assert!(
        !list.contains("href=\"#item-1-4\""),
        "1.4 asks for none: {list}"
    );
    // And beside the item itself, in words.
    let item = &page.body[page.body.find("id=\"item-1-5\"").unwrap()..];
    let item = &item[..item.find("</article>").unwrap()];
    assert!(item.contains("class=\"lacking-evidence\""), "{item}");
}

#[tokio::test]
async fn the_approve_button_is_disabled_beside_the_reasons_the_approval_refuses() {
    let app = TestApp::new().await;
    let id = submitted(&app).await;
    let auditor_token = app.login("auditor-a@test").await;
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    let (status, f) = app
        .post(
            &format!("/api/v1/assessments/{id}/findings"),
            &auditor_token,
            json!({ "item_key": "4.1", "severity": "major", "action": "Poster", "due_date": due }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    let review = format!("/assessments/{id}/review");
    let mut auditor = Browser::new(&app);
    auditor.login("auditor-a@test").await;
    let page = auditor.get(&review).await;
    let actions = &page.body[page.body.find("value=\"approve\"").expect("approve")..];
    assert!(
        actions.starts_with(
            "value=\"approve\" class=\"primary\" disabled aria-describedby=\"approve-blocked\""
        ),
        "{}",
        &actions[..200]
    );
    // The reasons sit right beside the button, in the auditor's words.
    let beside = &actions[..actions.find("</div>").unwrap()];
    assert!(beside.contains("id=\"approve-blocked\""), "{beside}");
    assert!(beside.contains("(4.1)"), "the open major finding: {beside}");
    // The server refuses for the very same reason.
    let (status, err) = app
        .post(
            &format!("/api/v1/assessments/{id}/approve"),
            &auditor_token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(beside.contains(message), "{message} / {beside}");
}
