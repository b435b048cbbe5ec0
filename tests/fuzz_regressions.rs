//! The fuzz targets' checks, in `cargo test`: every seed of `fuzz/corpus/<target>/` and every
//! input that once failed (`fuzz/regressions/<target>/`) goes through the same function the
//! fuzzer runs (`fuzz/src/lib.rs`, included here), so the invariants stay pinned without
//! cargo-fuzz.

#[allow(
    dead_code,
    reason = "only the targets' entry points are called from here"
)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::path::Path;

/// Every input kept for `target`: its seeds and its regressions.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if kind == "corpus" && !name.starts_with("seed-") {
                continue;
            }
            found.push((
                format!("{kind}/{target}/{name}"),
                std::fs::read(&path).unwrap(),
            ));
        }
    }
    found.sort();
    found
}

fn replay(target: &str, run: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "no seed for {target}");
    for (name, bytes) in inputs {
        if std::panic::catch_unwind(|| run(&bytes)).is_err() {
            panic!("{name} fails the {target} checks");
        }
    }
}

#[test]
fn import_table_inputs_hold() {
    replay("import_table", fuzz::import_table);
}

#[test]
fn import_training_inputs_hold() {
    replay("import_training", fuzz::import_training);
}

#[test]
fn criteria_load_inputs_hold() {
    replay("criteria_load", fuzz::criteria_load);
}

#[test]
fn certificate_verify_inputs_hold() {
    replay("certificate_verify", fuzz::certificate_verify);
}

#[test]
fn certificate_mutate_inputs_hold() {
    replay("certificate_mutate", fuzz::certificate_mutate);
}

/// The verifier's seed is the certificate the mutating target edits: a real one.
#[test]
fn the_certificate_seeds_are_valid_certificates() {
    for (name, bytes) in inputs("certificate_verify") {
        if name.ends_with("seed-valid.pdf") {
            let (content, ..) = codecheck::pdf::certificate::extract(&bytes)
                .unwrap_or_else(|| panic!("{name} is not a certificate"));
            assert_eq!(content, fuzz::valid_certificate().1, "{name}");
            // The seal covers every byte: the seed is the very file the fuzzers seal (the
            // first certificate a process renders; write `valid_certificate().0` again if a
            // new printpdf or lopdf lays it out differently).
            assert!(
                bytes == fuzz::valid_certificate().0,
                "{name} is not the certificate the fuzzers seal"
            );
        }
    }
}

#[test]
fn redirect_next_inputs_hold() {
    replay("redirect_next", fuzz::redirect_next);
}
