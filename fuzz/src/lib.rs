//! What the fuzz targets run and check, one function per target. `tests/fuzz_regressions.rs`
//! includes this file too and replays the seed corpora and every input that once failed
//! through the same functions, so `cargo test` keeps the invariants pinned.
//!
//! Each function takes the fuzzer's bytes, runs the code under test and panics when an
//! invariant does not hold. Only `codecheck`, `std` and crates the main crate depends on
//! anyway are used here, so that both builds can compile it.

use std::path::Path;
use std::sync::OnceLock;

use base64::Engine;
use codecheck::criteria::CriteriaVersion;
use codecheck::domain::certificate::{CertificateContent, CertificateStatus};
use codecheck::domain::{Delivery, JobRole, Lang};
use codecheck::import::table::{
    self, Cells, FileKind, MAX_CELL_BYTES, MAX_COLUMNS, MAX_ROWS, RowVisitor, TableError,
};
use codecheck::import::training::{self, Batch, Existing, KnownStaff};
use codecheck::signing::PublicKey;
use codecheck::verify::{self, Revocation, Standing};
use ed25519_dalek::{Signer, SigningKey};
use time::Date;
use time::macros::date;

// ---------------------------------------------------------------------------------------
// import_table: `table::read` over any bytes (CSV, and xlsx when they start like a zip).

/// What the reader handed to its visitor.
#[derive(Default)]
struct Seen {
    headers: usize,
    header_cells: usize,
    /// Line and number of cells of each data row.
    rows: Vec<(usize, usize)>,
    row_before_header: bool,
    /// The longest cell handed over, in bytes.
    longest_cell: usize,
}

impl RowVisitor for Seen {
    fn header(&mut self, cells: &[&str]) {
        self.headers += 1;
        self.header_cells = cells.len();
        let longest = cells.iter().map(|c| c.len()).max().unwrap_or(0);
        self.longest_cell = self.longest_cell.max(longest);
    }

    fn row(&mut self, line: usize, cells: &dyn Cells) {
        if self.headers == 0 {
            self.row_before_header = true;
        }
        let count = (0..).take_while(|i| cells.cell(*i).is_some()).count();
        let longest = (0..count)
            .filter_map(|i| cells.cell(i))
            .map(str::len)
            .max()
            .unwrap_or(0);
        self.longest_cell = self.longest_cell.max(longest);
        self.rows.push((line, count));
    }
}

/// Lines as an editor shows them: `\r\n`, `\n` and a lone `\r` each end one.
fn editor_lines(text: &[u8]) -> usize {
    let mut lines = 1;
    for (i, b) in text.iter().enumerate() {
        match b {
            b'\n' => lines += 1,
            b'\r' if text.get(i + 1) != Some(&b'\n') => lines += 1,
            _ => {}
        }
    }
    lines
}

pub fn import_table(data: &[u8]) {
    let mut seen = Seen::default();
    let result = table::read(data, &mut seen);
    assert!(seen.headers <= 1, "the header is handed over once");
    assert!(!seen.row_before_header, "no row before the header");
    if result.is_ok() {
        assert_eq!(seen.headers, 1, "a table that was read has a header");
    }
    if result == Err(TableError::Empty) {
        assert!(
            seen.headers == 0 && seen.rows.is_empty(),
            "an empty table has no header and no row"
        );
    }
    assert!(seen.rows.len() <= MAX_ROWS, "{} rows", seen.rows.len());
    // The same limits for both kinds of file, whatever the file says.
    assert!(
        seen.header_cells <= MAX_COLUMNS,
        "{} columns",
        seen.header_cells
    );
    assert!(
        seen.longest_cell <= MAX_CELL_BYTES,
        "a cell of {} bytes",
        seen.longest_cell
    );
    let mut previous = 1;
    for (line, cells) in &seen.rows {
        assert!(*cells <= MAX_COLUMNS, "line {line}: {cells} columns");
        assert!(
            *line > previous,
            "rows come after the header, one line each, in order: line {line} after {previous}"
        );
        previous = *line;
    }
    match table::sniff(data) {
        FileKind::Csv => {
            let text = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            if result.is_ok() {
                assert!(
                    std::str::from_utf8(text).is_ok_and(|t| !t.contains('\0')),
                    "only text is read as CSV"
                );
            }
            let lines = editor_lines(text);
            for (line, _) in &seen.rows {
                assert!(*line <= lines, "line {line} of a text of {lines} lines");
            }
        }
        FileKind::Xlsx => {
            for (line, _) in &seen.rows {
                assert!(*line <= MAX_ROWS + 1, "line {line}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// import_training: the whole staff and training import plan, checks included, as the
// import page and API prepare it (no database: the plan is pure).

/// The shipped criteria, as the fuzz binary carries them (no file is read at run time).
const CRITERIA_FILES: [(&str, &str); 8] = [
    (
        "version.toml",
        include_str!("../../criteria/2026.1/version.toml"),
    ),
    (
        "training.toml",
        include_str!("../../criteria/2026.1/training.toml"),
    ),
    (
        "1-policy.toml",
        include_str!("../../criteria/2026.1/1-policy.toml"),
    ),
    (
        "2-training.toml",
        include_str!("../../criteria/2026.1/2-training.toml"),
    ),
    (
        "3-contracts.toml",
        include_str!("../../criteria/2026.1/3-contracts.toml"),
    ),
    (
        "4-travellers.toml",
        include_str!("../../criteria/2026.1/4-travellers.toml"),
    ),
    (
        "5-stakeholders.toml",
        include_str!("../../criteria/2026.1/5-stakeholders.toml"),
    ),
    (
        "6-reporting.toml",
        include_str!("../../criteria/2026.1/6-reporting.toml"),
    ),
];

fn shipped_criteria() -> &'static CriteriaVersion {
    static VERSION: OnceLock<CriteriaVersion> = OnceLock::new();
    VERSION.get_or_init(|| {
        codecheck::criteria::check_files(Path::new("criteria/2026.1"), &CRITERIA_FILES)
            .expect("the shipped criteria are valid")
    })
}

const IMPORT_TODAY: Date = date!(2026 - 11 - 23);

/// A site that already has two people and one record, so rows can also update or match.
fn existing_site() -> Existing {
    let mut existing = Existing::default();
    existing.staff.insert(
        "E1".into(),
        KnownStaff {
            job_role: JobRole::Reception,
            first_name: "Anne".into(),
            last_name: "Dupont".into(),
            start_date: date!(2020 - 01 - 01),
        },
    );
    existing.staff.insert(
        "E2".into(),
        KnownStaff {
            job_role: JobRole::Housekeeping,
            first_name: String::new(),
            last_name: String::new(),
            start_date: date!(2021 - 05 - 01),
        },
    );
    let module = shipped_criteria().training_modules[0].id.clone();
    existing.records.insert(
        ("E1".into(), module, date!(2026 - 01 - 15)),
        (Delivery::Elearning, String::new()),
    );
    existing
}

/// The plan's figures and the writes it handed over.
struct Prepared {
    counts: (usize, usize, usize),
    errors: Vec<(usize, &'static str)>,
    batches: Vec<Batch>,
}

fn prepare(
    data: &[u8],
    vocab: &training::Vocabulary,
    existing: &Existing,
) -> Result<Prepared, training::FileError> {
    let mut batches = Vec::new();
    let plan = training::prepare_streaming(data, vocab, existing, IMPORT_TODAY, &mut |b| {
        batches.push(b)
    })?;
    Ok(Prepared {
        counts: (plan.added, plan.updated, plan.unchanged),
        errors: plan.errors.iter().map(|e| (e.line, e.msg.key)).collect(),
        batches,
    })
}

/// The database after these writes: the store upserts people and records by their keys.
fn apply(existing: &mut Existing, batches: &[Batch]) {
    for batch in batches {
        match batch {
            Batch::Staff(rows) => {
                for w in rows {
                    existing
                        .staff
                        .insert(w.employee_ref.clone(), w.staff.clone());
                }
            }
            Batch::Records(rows) => {
                for w in rows {
                    let t = &w.training;
                    existing.records.insert(
                        (w.employee_ref.clone(), t.module.clone(), t.completed_on),
                        (t.delivery, t.provider.clone()),
                    );
                }
            }
        }
    }
}

fn sorted_state(existing: &Existing) -> (Vec<String>, Vec<String>) {
    let mut staff: Vec<String> = existing.staff.iter().map(|e| format!("{e:?}")).collect();
    let mut records: Vec<String> = existing.records.iter().map(|e| format!("{e:?}")).collect();
    staff.sort();
    records.sort();
    (staff, records)
}

pub fn import_training(data: &[u8]) {
    let vocab = training::vocabulary(shipped_criteria());
    let existing = existing_site();
    let mut seen = Seen::default();
    let table = table::read(data, &mut seen);
    let result = prepare(data, &vocab, &existing);
    let plain = training::prepare(data, &vocab, &existing, IMPORT_TODAY);
    let prepared = match (result, plain) {
        (Err(e), Err(plain)) => {
            assert_eq!(e, plain, "prepare and prepare_streaming agree");
            // A file-level error either comes from the table or is about its header.
            match table {
                Err(t) => assert_eq!(e, t.into()),
                Ok(()) => assert_eq!(e.0.key, "import-header-missing"),
            }
            return;
        }
        (Ok(p), Ok(plain)) => {
            assert_eq!(p.counts, (plain.added, plain.updated, plain.unchanged));
            let plain_errors: Vec<(usize, &str)> =
                plain.errors.iter().map(|e| (e.line, e.msg.key)).collect();
            assert_eq!(p.errors, plain_errors);
            p
        }
        (a, b) => panic!(
            "prepare and prepare_streaming disagree: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    };
    assert!(table.is_ok(), "a planned file was read as a table");
    let rows: Vec<usize> = seen.rows.iter().map(|(line, _)| *line).collect();
    let (added, updated, unchanged) = prepared.counts;
    let mut error_lines: Vec<usize> = prepared.errors.iter().map(|(l, _)| *l).collect();
    assert!(error_lines.is_sorted(), "errors in line order");
    error_lines.dedup();
    assert!(
        error_lines.iter().all(|l| rows.contains(l)),
        "every error points at a row of the file: {error_lines:?}"
    );
    assert!(
        added + updated + unchanged + error_lines.len() <= rows.len(),
        "{added} + {updated} + {unchanged} planned and {} rows wrong, of {} rows",
        error_lines.len(),
        rows.len()
    );
    for (_, key) in &prepared.errors {
        assert_ne!(
            codecheck::i18n::t(Lang::En, key),
            *key,
            "{key} is translated"
        );
    }
    if !prepared.errors.is_empty() {
        return;
    }
    let (mut staff_writes, mut record_writes) = (0, 0);
    for batch in &prepared.batches {
        // One statement upserts a whole batch; PostgreSQL refuses one that touches a row
        // twice ("ON CONFLICT DO UPDATE command cannot affect row a second time").
        let mut keys: Vec<String> = match batch {
            Batch::Staff(rows) => {
                staff_writes += rows.len();
                for w in rows {
                    // References become parts of addresses: no `..` gets in.
                    assert!(
                        !training::has_dot_segment(&w.employee_ref),
                        "{:?} imported",
                        w.employee_ref
                    );
                }
                rows.iter().map(|w| w.employee_ref.clone()).collect()
            }
            Batch::Records(rows) => {
                record_writes += rows.len();
                rows.iter()
                    .map(|w| {
                        format!(
                            "{:?}",
                            (&w.employee_ref, &w.training.module, w.training.completed_on)
                        )
                    })
                    .collect()
            }
        };
        let n = keys.len();
        assert!(n > 0, "no empty batch");
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "a batch writes each row once");
    }
    assert!(
        staff_writes <= added + updated,
        "{staff_writes} people written"
    );
    assert!(
        record_writes <= added + updated,
        "{record_writes} records written"
    );
    // Importing the same file again changes nothing in the database.
    let mut after = existing;
    apply(&mut after, &prepared.batches);
    let again = prepare(data, &vocab, &after).expect("read the first time");
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    let before = sorted_state(&after);
    apply(&mut after, &again.batches);
    assert_eq!(
        sorted_state(&after),
        before,
        "a second import changed the data"
    );
}

// ---------------------------------------------------------------------------------------
// criteria_load: the criteria loader, on the shipped files with one of them replaced (or
// one more added) by the fuzzer's text.

/// The first byte picks the file the rest replaces; past the eight, it is an extra file.
pub fn criteria_files(data: &[u8]) -> Vec<(String, String)> {
    let Some((which, text)) = data.split_first() else {
        return CRITERIA_FILES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
    };
    let text = String::from_utf8_lossy(text).into_owned();
    let which = usize::from(*which) % (CRITERIA_FILES.len() + 1);
    let mut files: Vec<(String, String)> = CRITERIA_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    match files.get_mut(which) {
        Some(file) => file.1 = text,
        None => files.push(("7-extra.toml".into(), text)),
    }
    files
}

pub fn criteria_load(data: &[u8]) {
    let dir = Path::new("criteria/2026.1");
    let files = criteria_files(data);
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    match codecheck::criteria::check_files(dir, &borrowed) {
        Ok(version) => {
            assert!(!version.version.is_empty());
            assert_eq!(
                version.criteria.len(),
                codecheck::criteria::load::CRITERIA_PER_VERSION
            );
            let numbers: Vec<u8> = version.criteria.iter().map(|c| c.number).collect();
            assert_eq!(numbers, [1, 2, 3, 4, 5, 6], "each number once, in order");
            let mut keys = Vec::new();
            for c in &version.criteria {
                assert!(!c.items.is_empty());
                assert!(c.items.iter().any(|i| !i.not_applicable_allowed));
                assert!((0.0..=1.0).contains(&c.compliance.min_score));
                for item in &c.items {
                    assert!(
                        item.key.starts_with(&format!("{}.", c.number)),
                        "{}",
                        item.key
                    );
                    assert!(item.weight.is_finite() && item.weight > 0.0);
                    assert!(!(item.mandatory && item.not_applicable_allowed));
                    for text in [&item.text, &item.guidance] {
                        assert!(Lang::ALL.iter().all(|l| !text.get(*l).is_empty()));
                    }
                    if let Some(computed) = &item.computed {
                        assert!(
                            version
                                .training_modules
                                .iter()
                                .any(|m| m.id == computed.module),
                            "{} computes from a known module",
                            item.key
                        );
                    }
                    keys.push(item.key.clone());
                }
            }
            let n = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), n, "item keys are unique across the version");
            assert!(codecheck::criteria::CriteriaSet::new(vec![version]).is_some());
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a refusal says why");
            for e in &errors {
                assert!(e.file.starts_with(dir), "{}", e.file.display());
                assert!(!e.message.trim().is_empty());
                if let Some(line) = e.line {
                    let text = files
                        .iter()
                        .find(|(n, _)| dir.join(n) == e.file)
                        .map(|(_, t)| t.as_str())
                        .unwrap_or_else(|| panic!("a line in a file that is not there: {e}"));
                    let lines = text.bytes().filter(|b| *b == b'\n').count() + 1;
                    assert!(
                        (1..=lines).contains(&line),
                        "{e}: the file has {lines} lines"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// certificate_verify and certificate_mutate: the certificate verifier.

/// The key that signs the fuzzers' certificate (fixed, so the corpus stays valid).
fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

fn public_key() -> PublicKey {
    let public =
        base64::engine::general_purpose::STANDARD.encode(signing_key().verifying_key().as_bytes());
    PublicKey::from_base64(&public).expect("a valid key")
}

/// The day the fuzzers verify on: within the certificate's validity.
const VERIFY_TODAY: Date = date!(2027 - 01 - 15);

/// The example certificate with a site name that needs escaping in the PDF, and one criterion
/// not met.
fn sample_content() -> CertificateContent {
    let mut content = CertificateContent {
        // As signed in the committed seed corpus/certificate_verify/seed-valid.pdf: keep it.
        site: "Hôtel Démo (Bruxelles) \\ Étterbeek".into(),
        ..CertificateContent::example()
    };
    content.criteria[3].compliant = false;
    content.criteria[3].score = 40;
    content
}

/// A certificate PDF as the app issues it, signed with [`signing_key`], and its signed text.
pub fn valid_certificate() -> &'static (Vec<u8>, String) {
    static CERTIFICATE: OnceLock<(Vec<u8>, String)> = OnceLock::new();
    CERTIFICATE.get_or_init(|| {
        let content = sample_content();
        let signed = content.signed_bytes();
        let signature = base64::engine::general_purpose::STANDARD
            .encode(signing_key().sign(&signed).to_bytes());
        let sign = |message: &[u8]| signing_key().sign(message).to_bytes();
        let pdf = codecheck::pdf::certificate::render(
            &codecheck::pdf::certificate::Signed {
                content: &content,
                signature: &signature,
                key_id: &public_key().key_id(),
            },
            Lang::Fr,
            "https://codecheck.example/verify/0W3G-E1R7-0W3G-E1R7-T",
            &codecheck::pdf::certificate::Sealer {
                key_id: &public_key().key_id(),
                sign: &sign,
            },
        )
        .expect("the certificate is sealed");
        let text = String::from_utf8(signed).expect("JSON is UTF-8");
        (pdf, text)
    })
}

/// `verify::check` with the fuzzers' key, the issuer saying "not revoked".
fn check(pdf: &[u8]) -> Result<verify::Outcome, verify::CheckError> {
    let key = public_key();
    verify::check(
        pdf,
        |_| Some(key),
        |_| {
            Ok(Revocation::Known(
                Some(Standing::InForce),
                "the fuzzer".into(),
            ))
        },
        VERIFY_TODAY,
    )
}

/// What holds for any file: only the one file the key sealed can be valid (the seal covers
/// every byte), and the verifier agrees with the extractor.
fn check_invariants(pdf: &[u8]) -> Option<CertificateStatus> {
    let extracted = codecheck::pdf::certificate::extract(pdf);
    let outcome = check(pdf);
    let (content, ..) = match (&extracted, &outcome) {
        (None, Err(verify::CheckError::NotACertificate)) => return None,
        (None, other) => panic!("nothing extracted, yet {other:?}"),
        (Some(e), _) => e,
    };
    let signed = &valid_certificate().1;
    match outcome {
        Ok(o) => {
            if o.status == CertificateStatus::Valid {
                assert_eq!(
                    content, signed,
                    "valid, but not the content that was signed"
                );
                assert_eq!(o.content.as_ref(), Some(&sample_content()));
                assert!(
                    pdf == valid_certificate().0.as_slice(),
                    "valid, but not the file that was sealed"
                );
            }
            Some(o.status)
        }
        Err(verify::CheckError::NotACertificate) => {
            assert_ne!(content, signed, "the signed content was refused");
            None
        }
        Err(verify::CheckError::Unsealed(_)) => {
            assert_eq!(
                codecheck::pdf::certificate::seal_of(pdf),
                codecheck::pdf::certificate::Seal::Absent,
                "called unsealed, yet a seal is there"
            );
            None
        }
        Err(e) => panic!("{e}"),
    }
}

pub fn certificate_verify(data: &[u8]) {
    check_invariants(data);
}

/// The fuzzer's bytes, four at a time, as edits of the valid certificate: what to do, where
/// (anywhere, or within the document information that carries the signed data) and a byte.
pub fn mutate(data: &[u8]) -> Vec<u8> {
    let mut pdf = valid_certificate().0.clone();
    let info = find(&pdf, b"/CodecheckCertificate").expect("the signed content is in the PDF");
    for op in data.chunks_exact(4).take(16) {
        let (kind, at, byte) = (
            op[0],
            usize::from(u16::from_le_bytes([op[1], op[2]])),
            op[3],
        );
        if pdf.is_empty() {
            break;
        }
        let pos = if kind & 0x80 != 0 {
            let span = pdf.len().saturating_sub(info).max(1);
            (info + at % span).min(pdf.len() - 1)
        } else {
            at * pdf.len() / 65536
        };
        match kind & 3 {
            0 => pdf[pos] ^= byte.max(1),
            1 => pdf[pos] = byte,
            2 => pdf.insert(pos, byte),
            _ => {
                pdf.remove(pos);
            }
        }
    }
    pdf
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn certificate_mutate(data: &[u8]) {
    let pdf = mutate(data);
    let status = check_invariants(&pdf);
    if pdf == valid_certificate().0 {
        // Edits that undid themselves (or changed nothing) leave the certificate valid.
        assert_eq!(status, Some(CertificateStatus::Valid));
    } else {
        // Any other edit, to the signed data or to what the page draws, is not valid.
        assert_ne!(
            status,
            Some(CertificateStatus::Valid),
            "an altered certificate"
        );
    }
}

// ---------------------------------------------------------------------------------------
// redirect_next: `web::auth::safe_next`, the one helper behind every `next`, over any text.

pub fn redirect_next(data: &[u8]) {
    let next = String::from_utf8_lossy(data);
    let origin = url::Url::parse("https://codecheck.example.org/").expect("a constant URL");
    let target = codecheck::web::auth::safe_next(Some(&next), &origin);
    assert!(
        target.bytes().all(|b| b.is_ascii_graphic()),
        "not a header value: {target:?}"
    );
    // Written alone in a Location header, `//x` and `/\x` name another host.
    assert!(
        target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\"),
        "{next:?} gave {target:?}"
    );
    let followed = origin.join(&target).expect("a browser can follow it");
    assert_eq!(
        followed.origin(),
        origin.origin(),
        "{next:?} leads to {followed}"
    );
}
