//! Hostile spreadsheets and hostile ways of sending them: each is refused with a clear error
//! in the user's language, and the server goes on answering everyone.

mod common;

use std::io::{Cursor, Write};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::Value;

/// A zip with these entries, each stored deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// A one-sheet workbook as Excel lays it out, except that the sheet is stored at `path` (the
/// workbook's relationships say where), with `extra` entries.
fn workbook_at(path: &str, sheet_data: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let sheet = format!(
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{sheet_data}</sheetData></worksheet>"
    );
    let target = path
        .strip_prefix("xl/")
        .map_or(format!("/{path}"), str::to_owned);
    let rels = format!(
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{target}\"/></Relationships>"
    );
    let mut entries: Vec<(&str, &[u8])> = vec![
        (
            "_rels/.rels",
            b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        ),
        (
            "xl/workbook.xml",
            b"<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Staff\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        ),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        (path, sheet.as_bytes()),
    ];
    entries.extend_from_slice(extra);
    zip_of(&entries)
}

/// The template's header row as inline strings, and the first cell of a person.
const HEADER: &str = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>employee_ref</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>job_role</t></is></c></row>";

async fn import(
    app: &TestApp,
    token: &str,
    site: i64,
    dry_run: bool,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let req = Request::post(format!(
        "/api/v1/sites/{site}/training-records/import?dry_run={dry_run}"
    ))
    .header(header::AUTHORIZATION, format!("Bearer {token}"))
    .body(Body::from(body))
    .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The file-level error's message, which must be this key's text in French (the manager's
/// language).
fn assert_refused_with(status: StatusCode, body: &Value, french: &str) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let text = body.to_string();
    assert!(text.contains(french), "{french:?} in {body}");
}

async fn assert_server_answers(app: &TestApp) {
    let res = app
        .send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// The tester's 1.6 KB file: a cell at A1 and one at XFD1048576 made calamine lay out
/// 1,048,576 × 16,384 cells (512 GiB) and the allocator abort the process. Before the fix this
/// test does not fail, it kills the test binary.
#[tokio::test]
async fn a_far_cell_in_a_sheet_the_guard_did_not_see_is_refused_and_the_server_lives() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let far = format!("{HEADER}<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>");
    // Bypass 1: the sheet where the relationships put it, not under xl/worksheets/.
    let elsewhere = workbook_at("xl/data/sheet1.xml", &far, &[]);
    assert!(elsewhere.len() < 2048, "{} bytes", elsewhere.len());
    let (status, body) = import(&app, &token, site, true, elsewhere).await;
    assert_refused_with(status, &body, "plus de 500000 lignes");
    let wide = format!("{HEADER}<row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>");
    let (status, body) = import(
        &app,
        &token,
        site,
        true,
        workbook_at("xl/data/sheet1.xml", &wide, &[]),
    )
    .await;
    assert_refused_with(status, &body, "au-delà de la 64e");
    // Bypass 2: an end tag that does not match, where the old check stopped and calamine
    // read on.
    let broken = workbook_at("xl/worksheets/sheet1.xml", &format!("<x></y>{far}"), &[]);
    let (status, body) = import(&app, &token, site, true, broken).await;
    assert_refused_with(status, &body, "Ce fichier Excel est illisible");
    // Both together, and through the form that previews an import as well as the API.
    let both = workbook_at("xl/data/sheet1.xml", &format!("<x></y>{far}"), &[]);
    let (status, body) = import(&app, &token, site, false, both).await;
    assert_refused_with(status, &body, "Ce fichier Excel est illisible");
    assert_server_answers(&app).await;
    let (_, staff) = app
        .get(&format!("/api/v1/sites/{site}/staff"), &token)
        .await;
    assert_eq!(staff["staff"], serde_json::json!([]), "nothing imported");
}

/// The tester's CSV header of separators (20 MB took the process to +1.1 GB), and cells of
/// megabytes in CSV and in xlsx shared or inline strings.
#[tokio::test]
async fn csv_and_xlsx_have_the_same_column_and_cell_limits() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let separators = ";".repeat(4 * 1024 * 1024).into_bytes();
    let (status, body) = import(&app, &token, site, true, separators).await;
    assert_refused_with(status, &body, "au-delà de la 64e");
    let wide = format!("employee_ref;job_role{}\nE1;reception\n", ";x".repeat(63));
    let (status, body) = import(&app, &token, site, true, wide.into_bytes()).await;
    assert_refused_with(status, &body, "au-delà de la 64e");

    let huge = "x".repeat(1024 * 1024);
    let csv = format!("employee_ref;job_role;first_name\nE1;reception;{huge}\n");
    let (status, body) = import(&app, &token, site, true, csv.into_bytes()).await;
    assert_refused_with(status, &body, "plus de 32 Ko de texte");
    let shared = format!("<sst uniqueCount=\"1\"><si><t>{huge}</t></si></sst>");
    let xlsx = workbook_at(
        "xl/worksheets/sheet1.xml",
        &format!("{HEADER}<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>"),
        &[("xl/sharedStrings.xml", shared.as_bytes())],
    );
    let (status, body) = import(&app, &token, site, true, xlsx).await;
    assert_refused_with(status, &body, "plus de 32 Ko de texte");
    let inline = workbook_at(
        "xl/worksheets/sheet1.xml",
        &format!(
            "{HEADER}<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>{huge}</t></is></c></row>"
        ),
        &[],
    );
    let (status, body) = import(&app, &token, site, true, inline).await;
    assert_refused_with(status, &body, "plus de 32 Ko de texte");
    assert_server_answers(&app).await;
}

/// A reference with a `..` segment would become a form action leading to another site's
/// person; `HR/123` stays allowed.
#[tokio::test]
async fn employee_refs_with_dot_segments_are_refused_per_line_in_the_users_language() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let csv = "employee_ref;job_role;start_date\n\
               HR/123;reception;2020-01-01\n\
               ../../8/staff/B-002;reception;2020-01-01\n\
               ..;reception;2020-01-01\n\
               a/../b;reception;2020-01-01\n";
    let (status, body) = import(&app, &token, site, false, csv.as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors = body["errors"].as_array().expect("errors per line");
    let lines: Vec<i64> = errors.iter().filter_map(|e| e["line"].as_i64()).collect();
    assert_eq!(lines, [3, 4, 5], "{body}");
    for e in errors {
        assert_eq!(e["column"], "employee_ref");
        let message = e["message"].as_str().unwrap_or_default();
        assert!(message.contains("entre barres obliques"), "{message}");
    }
    let (_, staff) = app
        .get(&format!("/api/v1/sites/{site}/staff"), &token)
        .await;
    assert_eq!(staff["staff"], serde_json::json!([]), "all rows or none");

    let (status, body) = import(
        &app,
        &token,
        site,
        false,
        b"employee_ref;job_role;start_date\nHR/123;reception;2020-01-01\n".to_vec(),
    )
    .await;
    assert_eq!(
        (status, &body["added"]),
        (StatusCode::OK, &Value::from(1)),
        "{body}"
    );
}

/// Imports of the same 300 people for one site at the same moment: one adds them, the others
/// find them there. The answers and the audit trail say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_identical_imports_at_once_count_what_each_one_wrote() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let site = app.seed.site_a1;
    let mut csv = String::from("employee_ref;job_role;start_date;module;completed_on;delivery\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "E{i:03};reception;2020-01-01;ecpat_basic;2025-01-15;elearning\n"
        ));
    }
    let csv = csv.into_bytes();
    // Four at once, so that they overlap on either database however the threads run.
    let answers =
        futures::future::join_all((0..4).map(|_| import(&app, &token, site, false, csv.clone())))
            .await;
    let mut counts = Vec::new();
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{body}");
        counts.push((
            body["added"].as_i64().unwrap_or(-1),
            body["unchanged"].as_i64().unwrap_or(-1),
        ));
    }
    counts.sort();
    let expected = [(0, 300), (0, 300), (0, 300), (300, 0)];
    assert_eq!(counts, expected, "{answers:?}");
    let mut audited: Vec<(i64, i64)> = app
        .state
        .store
        .site_history(site)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action == "training.imported")
        .map(|e| {
            let after: Value = serde_json::from_str(e.entry.after.as_deref().unwrap_or("{}"))
                .unwrap_or(Value::Null);
            (
                after["added"].as_i64().unwrap_or(-1),
                after["unchanged"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    audited.sort();
    assert_eq!(audited, expected);
}

// ---- over a real connection: what the client is told about it ----

/// The app behind a real socket, as `serve` runs it.
async fn serve(app: &TestApp) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    addr
}

/// Sends `head` and `body` (from a task of its own: the server may answer, and stop reading,
/// before the body is all sent), and reads the answer's status line and headers (lower
/// case), and what came after them.
async fn exchange(
    stream: tokio::net::TcpStream,
    head: String,
    body: Vec<u8>,
) -> (String, Vec<u8>, tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut reader, mut writer) = stream.into_split();
    let sending = tokio::spawn(async move {
        // A server that stops reading makes the rest fail: that is the point.
        let _ = writer.write_all(head.as_bytes()).await;
        let _ = writer.write_all(&body).await;
        writer
    });
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(20), reader.read(&mut buf))
            .await
            .expect("the server answers")
            .unwrap();
        assert!(
            n > 0,
            "closed before answering: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    let writer = sending.await.unwrap();
    let end = seen.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0);
    (
        String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase(),
        seen[end + 4..].to_vec(),
        reader.reunite(writer).unwrap(),
    )
}

/// Upload routes answer some requests before reading all their body: a body over the limit
/// (from the byte that crosses it), a wrong token, a wrong query, a site the user may not
/// see. The server then closes the connection: the answer says so. An upload read to its
/// end keeps the connection open for the next request.
#[tokio::test]
async fn an_upload_answered_before_its_body_is_read_says_connection_close() {
    let app = TestApp::new().await;
    let token = app.login("manager-a1@test").await;
    let addr = serve(&app).await;
    let (own, other) = (app.seed.site_a1, app.seed.site_b1);
    let multipart = "multipart/form-data; boundary=XyZ";
    let over_the_limit = {
        let mut body = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-".to_vec();
        body.resize(21 * 1024 * 1024, b'x');
        body
    };
    let cases = [
        // The test settings allow 20 MB of evidence; the rest of the body stays unread.
        (
            format!("/api/v1/sites/{own}/evidence"),
            multipart,
            &token,
            24 * 1024 * 1024,
            over_the_limit,
            "413",
        ),
        (
            format!("/api/v1/sites/{other}/evidence"),
            multipart,
            &token,
            5 * 1024 * 1024,
            vec![b'x'; 64 * 1024],
            "404",
        ),
        (
            format!("/api/v1/sites/{own}/training-records/import?dry_run=true"),
            "text/csv",
            &"not-a-token".to_owned(),
            5 * 1024 * 1024,
            vec![b'x'; 64 * 1024],
            "401",
        ),
        (
            format!("/api/v1/sites/{own}/training-records/import?dry_run=maybe"),
            "text/csv",
            &token,
            5 * 1024 * 1024,
            vec![b'x'; 64 * 1024],
            "400",
        ),
        // The page's import form, without a session: sent to log in first.
        (
            format!("/sites/{own}/training/import"),
            multipart,
            &token,
            5 * 1024 * 1024,
            vec![b'x'; 64 * 1024],
            "303",
        ),
    ];
    for (path, kind, bearer, length, body, status) in cases {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {bearer}\r\nContent-Type: {kind}\r\nContent-Length: {length}\r\n\r\n"
        );
        let (answer, ..) = exchange(stream, head, body).await;
        assert!(
            answer.starts_with(&format!("http/1.1 {status}")),
            "{path}: {answer}"
        );
        assert!(answer.contains("\r\nconnection: close"), "{path}: {answer}");
    }

    // Read to its end: no close, and the same connection carries the next request.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let csv = b"employee_ref;job_role;start_date\nE1;reception;2020-01-01\n";
    for _ in 0..2 {
        let head = format!(
            "POST /api/v1/sites/{own}/training-records/import?dry_run=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
            csv.len()
        );
        let (answer, body_start, back) = exchange(stream, head, csv.to_vec()).await;
        stream = back;
        assert!(answer.starts_with("http/1.1 200"), "{answer}");
        assert!(!answer.contains("connection: close"), "{answer}");
        let length: usize = answer
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .and_then(|l| l.trim().parse().ok())
            .expect("a length");
        let mut rest = vec![0u8; length - body_start.len()];
        tokio::io::AsyncReadExt::read_exact(&mut stream, &mut rest)
            .await
            .unwrap();
    }
}
