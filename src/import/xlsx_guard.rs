//! Looks inside an xlsx file before the spreadsheet reader does. An xlsx is a zip of XML: a
//! few kilobytes can unpack to gigabytes (a zip bomb), and one cell written at row 1,048,576 of
//! column XFD makes a reader that lays the sheet out as a grid ask for billions of cells. Here
//! the entries are unpacked as a stream, never kept, with a budget of bytes, and every cell
//! and row reference of the sheets is checked against the import's limits.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use super::table::{MAX_COLUMNS, MAX_ROWS, TableError};

/// Bytes all entries of the file may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Entries in the zip: a workbook has a dozen or so.
const MAX_ENTRIES: usize = 1_000;

/// `Ok` if the file stays within the limits; the error says which one it broke.
pub fn check(bytes: &[u8]) -> Result<(), TableError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| TableError::BadXlsx(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(TableError::BadXlsx(format!(
            "{} entries in the file",
            zip.len()
        )));
    }
    let mut budget = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| TableError::BadXlsx(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| TableError::BadXlsx(e.to_string()))?
            .into_owned();
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        // One byte over the budget is enough to know it is over.
        let mut limited = Counted {
            inner: entry.take(budget + 1),
            read: 0,
        };
        if sheet {
            scan_sheet(&mut limited)?;
        }
        std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|e| TableError::BadXlsx(e.to_string()))?;
        if limited.read > budget {
            return Err(TableError::Unpacks {
                max_mb: MAX_UNPACKED_BYTES / (1024 * 1024),
            });
        }
        budget -= limited.read;
    }
    Ok(())
}

/// A reader that counts what went through it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Checks the `r` of every `<c>` and `<row>`, and the `<dimension ref>`, of one sheet.
fn scan_sheet(xml: &mut impl Read) -> Result<(), TableError> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(xml));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.local_name();
                let attr = match name.into_inner() {
                    "c" | "row" => "r",
                    "dimension" => "ref",
                    _ => {
                        buf.clear();
                        continue;
                    }
                };
                for a in e.attributes().flatten() {
                    if a.key.local_name().into_inner() == attr {
                        check_reference(a.value.as_bytes())?;
                    }
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            // A sheet that is not XML: the reader after this one will say so in its words.
            Err(_) => return Ok(()),
        }
        buf.clear();
    }
}

/// A cell reference (`B12`), a row number (`12`) or a range (`A1:C40`): every part must fall
/// within the columns and rows an import may have.
fn check_reference(value: &[u8]) -> Result<(), TableError> {
    for part in value.split(|b| *b == b':') {
        let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let (col, row) = part.split_at(letters);
        let column = col.iter().fold(0u64, |n, b| {
            n.saturating_mul(26)
                .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
        });
        let row = std::str::from_utf8(row)
            .ok()
            .and_then(|r| r.parse::<u64>().ok())
            .unwrap_or(0);
        if column > MAX_COLUMNS as u64 {
            return Err(TableError::TooManyColumns);
        }
        if row > MAX_ROWS as u64 + 1 {
            return Err(TableError::TooManyRows);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip with these entries, each stored deflated.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in entries {
                zip.start_file(*name, options).unwrap();
                zip.write_all(bytes).unwrap();
            }
            zip.finish().unwrap();
        }
        out.into_inner()
    }

    fn sheet(cells: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{cells}</sheetData></worksheet>"
        )
        .into_bytes()
    }

    #[test]
    fn a_plain_sheet_passes() {
        let file = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            &sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"I1\"><v>2</v></c></row>"),
        )]);
        assert!(check(&file).is_ok());
    }

    #[test]
    fn one_far_away_cell_is_refused_before_any_grid_is_laid_out() {
        let far = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            &sheet(
                "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>",
            ),
        )]);
        assert!(matches!(check(&far), Err(TableError::TooManyColumns)));
        let deep = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            &sheet("<row r=\"1048576\"><c r=\"A1048576\"><v>1</v></c></row>"),
        )]);
        assert!(matches!(check(&deep), Err(TableError::TooManyRows)));
        let dimension = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            b"<worksheet><dimension ref=\"A1:ZZ9\"/><sheetData/></worksheet>".as_slice(),
        )]);
        assert!(matches!(check(&dimension), Err(TableError::TooManyColumns)));
    }

    #[test]
    fn a_zip_bomb_is_refused_after_its_budget_not_after_unpacking_it_all() {
        // 300 MB of zeros compresses to a few hundred kilobytes.
        let zeros = vec![0u8; 300 * 1024 * 1024];
        let bomb = zip_of(&[("xl/sharedStrings.xml", &zeros)]);
        drop(zeros);
        assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
        assert!(matches!(
            check(&bomb),
            Err(TableError::Unpacks { max_mb: 256 })
        ));
    }

    #[test]
    fn not_a_zip_is_a_bad_file() {
        assert!(matches!(
            check(b"PK\x03\x04 not really"),
            Err(TableError::BadXlsx(_))
        ));
    }
}
