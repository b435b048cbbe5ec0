//! `codecheck export-db OUT` and `codecheck import-db IN`: a whole installation (every table
//! and every evidence file) from SQLite into an empty PostgreSQL database, through one file
//! of JSON lines: a header, then `{"table", "rows"}` batches, then `{"evidence", "base64"}`.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::store::transfer::{LEFT_BEHIND, TABLES};

const FORMAT: &str = "codecheck-export";
const BATCH: i64 = 1000;

#[derive(Debug, Default)]
pub struct Moved {
    pub rows: u64,
    pub files: u64,
}

pub async fn export(state: &AppState, out: &Path) -> anyhow::Result<Moved> {
    let store = &state.store;
    for table in store.table_names().await? {
        anyhow::ensure!(
            TABLES.contains(&table.as_str()) || LEFT_BEHIND.contains(&table.as_str()),
            "the table {table} is not known to export-db: it would be lost"
        );
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .with_context(|| format!("cannot create {} (it must not exist)", out.display()))?;
    let mut w = BufWriter::new(file);
    let mut moved = Moved::default();
    writeln!(w, "{}", json!({ "format": FORMAT, "version": 1 }))?;
    for table in TABLES {
        let mut offset = 0;
        loop {
            let rows = store.export_rows(table, offset, BATCH).await?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as i64;
            moved.rows += rows.len() as u64;
            writeln!(w, "{}", json!({ "table": table, "rows": rows }))?;
        }
    }
    for sha256 in store.evidence_hashes().await? {
        let bytes = state
            .blobs
            .get(&sha256)
            .await
            .with_context(|| format!("the evidence file {sha256} cannot be read"))?;
        writeln!(
            w,
            "{}",
            json!({ "evidence": sha256, "base64": STANDARD.encode(&bytes) })
        )?;
        moved.files += 1;
    }
    w.flush()?;
    Ok(moved)
}

pub async fn import(state: &AppState, from: &Path) -> anyhow::Result<Moved> {
    let store = &state.store;
    anyhow::ensure!(
        store.is_empty().await?,
        "the target database already has data: import-db fills an empty one"
    );
    let file =
        std::fs::File::open(from).with_context(|| format!("cannot open {}", from.display()))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let header: Value = serde_json::from_str(&lines.next().context("the file is empty")??)
        .context("the first line is not JSON")?;
    anyhow::ensure!(
        header["format"] == FORMAT && header["version"] == 1,
        "{} is not a codecheck export",
        from.display()
    );
    let mut importer = store.start_import().await?;
    let mut moved = Moved::default();
    for (n, line) in lines.enumerate() {
        let line = line?;
        let value: Value =
            serde_json::from_str(&line).with_context(|| format!("line {} is not JSON", n + 2))?;
        if let Some(table) = value["table"].as_str() {
            let rows = value["rows"].as_array().cloned().unwrap_or_default();
            moved.rows += rows.len() as u64;
            importer.write(table, rows).await?;
        } else if let Some(sha256) = value["evidence"].as_str() {
            let bytes = STANDARD
                .decode(value["base64"].as_str().unwrap_or_default())
                .with_context(|| format!("evidence {sha256} is not base64"))?;
            anyhow::ensure!(
                hex::encode(Sha256::digest(&bytes)) == sha256,
                "evidence {sha256} does not match its hash"
            );
            state.blobs.put(sha256, &bytes).await?;
            moved.files += 1;
        } else {
            anyhow::bail!("line {} is neither rows nor a file", n + 2);
        }
    }
    importer.finish().await?;
    Ok(moved)
}
