//! Spreadsheet imports: reading CSV and xlsx files, checking every row, and planning what
//! an import would change. Pure: bytes and current data in, a plan and errors out.

pub mod table;
pub mod training;
pub mod xlsx_guard;

/// Small handmade xlsx files for the tests of the readers.
#[cfg(test)]
pub(crate) mod xlsx_test_files {
    use std::io::{Cursor, Write};

    /// A zip with these entries, each stored deflated.
    pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
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

    /// A worksheet with these cells (`<row>` elements).
    pub fn sheet_xml(rows: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>"
        )
    }

    /// A one-sheet workbook whose sheet is stored at `path` (as the relationships say), with
    /// `extra` entries.
    pub fn workbook_at(path: &str, sheet: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
        let target = path
            .strip_prefix("xl/")
            .map_or(format!("/{path}"), str::to_owned);
        let rels = format!(
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{target}\"/></Relationships>"
        );
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            (path, sheet),
        ];
        entries.extend_from_slice(extra);
        zip_of(&entries)
    }

    const PACKAGE_RELS: &str = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

    const WORKBOOK: &str = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Staff\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
}
