//! The layout the code promises (`src/web/mod.rs`): no resource module of the HTTP layer
//! imports another, so a reader can change one resource without opening five. A resource is a
//! file or a directory of `src/web/`; the shared parts beside them are named here.

use std::collections::BTreeSet;
use std::path::Path;

use common::rust_files;

mod common;

/// What resources may use: the shared look-ups and answer types, and the request plumbing.
const SHARED: &[&str] = &[
    "shared",
    "context",
    "extract",
    "page",
    "error",
    "paging",
    "download",
    "observe",
    "keep_alive",
    "openapi",
];

/// The modules of `src/web/` a file names, as `super::x` (from a file of `src/web/`) or
/// `crate::web::x` (from anywhere).
fn named_modules(source: &str, top_level: bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut patterns = vec!["crate::web::"];
    if top_level {
        patterns.push("super::");
    }
    for pattern in patterns {
        for (i, _) in source.match_indices(pattern) {
            let name: String = source[i + pattern.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn no_resource_module_imports_another() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut resources = BTreeSet::new();
    for entry in std::fs::read_dir(&web).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name != "mod" && !SHARED.contains(&name.as_str()) {
            resources.insert(name);
        }
    }
    assert!(resources.contains("sites") && resources.contains("audit"));
    let mut faults = Vec::new();
    for resource in &resources {
        let mut files = Vec::new();
        let dir = web.join(resource);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(web.join(format!("{resource}.rs")));
        }
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            // In a resource's directory `super::` is the resource itself.
            let top_level = file.parent() == Some(web.as_path());
            for named in named_modules(&source, top_level) {
                if named != *resource && resources.contains(&named) {
                    faults.push(format!("{} uses {named}", file.display()));
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "resources importing resources: {faults:#?}"
    );
}

#[test]
fn the_shared_parts_import_no_resource() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut files = Vec::new();
    rust_files(&web.join("shared"), &mut files);
    for name in SHARED.iter().filter(|n| **n != "shared") {
        files.push(web.join(format!("{name}.rs")));
    }
    let shared: BTreeSet<&str> = SHARED.iter().copied().collect();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for named in named_modules(&source, false) {
            assert!(
                shared.contains(named.as_str()),
                "{} uses the resource {named}",
                file.display()
            );
        }
    }
}
