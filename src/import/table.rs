//! Reads a spreadsheet (CSV in UTF-8 with `,` `;` or tab, or one-sheet xlsx) row by row.

use std::io::Cursor;

use calamine::{Data, Reader};

/// Rows a file may have; beyond, the import is refused rather than half-read.
pub const MAX_ROWS: usize = 500_000;
/// Columns a sheet may use: the template has nine, with room for a few of the hotel's own.
pub const MAX_COLUMNS: usize = 64;

/// Why a file cannot be read as a table; the id is the message id in `locales/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    Empty,
    NotText,
    BadXlsx(String),
    SeveralSheets(usize),
    TooManyRows,
    /// A cell beyond the columns an import may have.
    TooManyColumns,
    /// An xlsx that unpacks to more than this many megabytes.
    Unpacks {
        max_mb: u64,
    },
    BadCsv {
        line: usize,
        detail: String,
    },
}

/// The cells of one row, read in place (no copy per row: files have 250,000 of them).
pub trait Cells {
    fn cell(&self, i: usize) -> Option<&str>;
}

impl Cells for csv::StringRecord {
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
}

impl Cells for Vec<String> {
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i).map(String::as_str)
    }
}

/// Receives the header, then each data row with its line number (1 = the header).
pub trait RowVisitor {
    fn header(&mut self, cells: &[&str]);
    fn row(&mut self, line: usize, cells: &dyn Cells);
}

/// What kind of file the bytes are, from their content, never from a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

pub fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") {
        FileKind::Xlsx
    } else {
        FileKind::Csv
    }
}

pub fn read(bytes: &[u8], visitor: &mut dyn RowVisitor) -> Result<(), TableError> {
    match sniff(bytes) {
        FileKind::Xlsx => read_xlsx(bytes, visitor),
        FileKind::Csv => read_csv(bytes, visitor),
    }
}

/// Line breaks as an editor counts them: `\r\n`, `\n`, and a lone `\r` (old Mac Excel's CSV),
/// which the csv crate also takes for the end of a record.
fn line_breaks(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The separator the header line uses most: `;` (Belgian Excel), `,` or tab.
fn delimiter(first_line: &str) -> u8 {
    let count = |c: char| first_line.matches(c).count();
    [(b';', count(';')), (b',', count(',')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

fn read_csv(bytes: &[u8], visitor: &mut dyn RowVisitor) -> Result<(), TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(TableError::Empty);
    }
    // A binary file (an image, an executable) renamed .csv: refuse it whole.
    let text = std::str::from_utf8(bytes).map_err(|_| TableError::NotText)?;
    if text.contains('\0') {
        return Err(TableError::NotText);
    }
    let first_line = text.lines().next().unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(first_line))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut first = true;
    // The csv crate does not count blank lines; count newlines up to each record instead,
    // so lines match what the user sees in an editor.
    let (mut counted_to, mut line_no) = (0usize, 1usize);
    let mut rows = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(TableError::BadCsv {
                    line,
                    detail: e.to_string(),
                });
            }
        }
        let mut start = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        // A record's position can include the blank lines before it.
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line_no += line_breaks(&text.as_bytes()[counted_to..start]);
        counted_to = start;
        let line = line_no;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if first {
            let cells: Vec<&str> = record.iter().collect();
            visitor.header(&cells);
            first = false;
        } else {
            rows += 1;
            if rows > MAX_ROWS {
                return Err(TableError::TooManyRows);
            }
            visitor.row(line, &record);
        }
    }
    if first {
        return Err(TableError::Empty);
    }
    Ok(())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers typed in Excel come back as floats: 1234.0 is the reference 1234.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(bytes: &[u8], visitor: &mut dyn RowVisitor) -> Result<(), TableError> {
    // Before the reader lays the sheet out in memory: no zip bomb, no cell far away.
    super::xlsx_guard::check(bytes)?;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| TableError::BadXlsx(e.to_string()))?;
    let sheets = workbook.sheet_names();
    if sheets.len() != 1 {
        return Err(TableError::SeveralSheets(sheets.len()));
    }
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(TableError::Empty)?
        .map_err(|e| TableError::BadXlsx(e.to_string()))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(TableError::TooManyRows);
    }
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut first = true;
    let mut texts: Vec<String> = Vec::new();
    for (i, row) in range.rows().enumerate() {
        texts.clear();
        texts.extend(row.iter().map(cell_text));
        if texts.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if first {
            let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
            visitor.header(&cells);
            first = false;
        } else {
            visitor.row(first_row + i + 1, &texts);
        }
    }
    if first {
        return Err(TableError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        header: Vec<String>,
        rows: Vec<(usize, Vec<String>)>,
    }

    impl RowVisitor for Collect {
        fn header(&mut self, cells: &[&str]) {
            self.header = cells.iter().map(|c| c.to_string()).collect();
        }
        fn row(&mut self, line: usize, cells: &dyn Cells) {
            let values = (0..)
                .map_while(|i| cells.cell(i))
                .map(str::to_owned)
                .collect();
            self.rows.push((line, values));
        }
    }

    fn collect(bytes: &[u8]) -> Result<Collect, TableError> {
        let mut c = Collect::default();
        read(bytes, &mut c).map(|_| c)
    }

    #[test]
    fn semicolons_commas_bom_and_quotes() {
        let c = collect("\u{feff}a;b;c\n1;\"x;y\";3\n\n4;5;6\n".as_bytes()).unwrap();
        assert_eq!(c.header, ["a", "b", "c"]);
        assert_eq!(c.rows[0], (2, vec!["1".into(), "x;y".into(), "3".into()]));
        assert_eq!(c.rows[1].0, 4, "line numbers count the blank line");
        let c = collect(b"a,b\r\n1,2\r\n").unwrap();
        assert_eq!(c.rows, vec![(2, vec!["1".into(), "2".into()])]);
    }

    /// Found by the fuzzer: old Mac Excel ends lines with a lone `\r`; every row was "line 1".
    #[test]
    fn lone_carriage_returns_end_lines_too() {
        let c = collect(b"a;b\r1;2\r\r3;4\r").unwrap();
        let lines: Vec<usize> = c.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(collect(b"").err(), Some(TableError::Empty));
        assert_eq!(collect(b"\xEF\xBB\xBF  \n").err(), Some(TableError::Empty));
        assert_eq!(
            collect(b"MZ\x90\x00\x03\x00\xff\xfe").err(),
            Some(TableError::NotText)
        );
        assert!(matches!(
            collect(b"PK\x03\x04garbage"),
            Err(TableError::BadXlsx(_))
        ));
    }
}
