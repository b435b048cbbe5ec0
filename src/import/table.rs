//! Reads a spreadsheet (CSV in UTF-8 with `,` `;` or tab, or one-sheet xlsx) row by row.
//! Both kinds are held to the same limits (rows, columns, bytes in a cell) before any row is
//! built, so no file makes the reader allocate more than the file itself is worth.

use std::io::Cursor;

use calamine::{DataRef, Reader};

/// Rows a file may have; beyond, the import is refused rather than half-read.
pub const MAX_ROWS: usize = 500_000;
/// Columns a sheet may use: the template has nine, with room for a few of the hotel's own.
pub const MAX_COLUMNS: usize = 64;
/// Bytes one cell may hold. A staff list's longest cell is a name of 100 characters; Excel's
/// own limit is 32,767 characters, so no real file is refused, and one 200 MB cell is.
pub const MAX_CELL_BYTES: usize = 32 * 1024;

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
    /// A cell of more than [`MAX_CELL_BYTES`].
    CellTooLong,
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
    let delimiter = delimiter(first_line);
    // The csv crate builds a whole record before handing it over: a header of 20 million
    // separators would be 20 million fields in memory. Measure first, with its own parser.
    check_csv_shape(text.as_bytes(), delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
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

/// Reads the CSV field by field with the parser the csv crate itself uses (same delimiter,
/// same quoting), keeping nothing: `Ok` if no record has more than [`MAX_COLUMNS`] fields and
/// no field more than [`MAX_CELL_BYTES`].
fn check_csv_shape(mut input: &[u8], delimiter: u8) -> Result<(), TableError> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    // One byte more than a cell may hold: a field that fills it is too long.
    let mut field = vec![0u8; MAX_CELL_BYTES + 1];
    let (mut filled, mut fields) = (0usize, 0usize);
    loop {
        let (result, read, written) = reader.read_field(input, &mut field[filled..]);
        input = &input[read..];
        filled += written;
        if filled > MAX_CELL_BYTES {
            return Err(TableError::CellTooLong);
        }
        match result {
            // Called once more with nothing left: the parser then ends the last record.
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => return Err(TableError::CellTooLong),
            csv_core::ReadFieldResult::Field { record_end } => {
                filled = 0;
                fields += 1;
                if fields > MAX_COLUMNS {
                    return Err(TableError::TooManyColumns);
                }
                if record_end {
                    fields = 0;
                }
            }
            csv_core::ReadFieldResult::End => return Ok(()),
        }
    }
}

fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Whole numbers typed in Excel come back as floats: 1234.0 is the reference 1234.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(bytes: &[u8], visitor: &mut dyn RowVisitor) -> Result<(), TableError> {
    // Before the reader opens anything: no zip bomb, no huge cell, no far-away cell in the
    // parts it will read, and nothing the guard cannot parse.
    super::xlsx_guard::check(bytes)?;
    // Only xlsx: calamine's automatic choice would also read xlsb and ods, which the guard
    // does not look into.
    let bad = |e: calamine::XlsxError| TableError::BadXlsx(e.to_string());
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let sheets = workbook.sheet_names();
    let [sheet] = sheets.as_slice() else {
        return Err(TableError::SeveralSheets(sheets.len()));
    };
    // Cells are taken one at a time and checked before they are kept, never laid out as a
    // grid: calamine's `Range` would allocate rows × columns of the farthest cell at once.
    let mut cells = workbook.worksheet_cells_reader(sheet).map_err(bad)?;
    let mut rows = XlsxRows {
        visitor,
        first: true,
        row: None,
        texts: Vec::new(),
    };
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize, column as usize);
        if column >= MAX_COLUMNS {
            return Err(TableError::TooManyColumns);
        }
        // Row 0 is the header: MAX_ROWS data rows after it.
        if row > MAX_ROWS {
            return Err(TableError::TooManyRows);
        }
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        match rows.row {
            Some(current) if current == row => {}
            // Excel and every library write rows in order; a file that goes back is refused
            // rather than held whole in memory to be sorted.
            Some(current) if row < current => {
                return Err(TableError::BadXlsx(format!(
                    "row {} after row {}",
                    row + 1,
                    current + 1
                )));
            }
            _ => {
                rows.flush();
                rows.row = Some(row);
            }
        }
        let text = cell_text(cell.get_value());
        if text.len() > MAX_CELL_BYTES {
            return Err(TableError::CellTooLong);
        }
        if rows.texts.len() <= column {
            rows.texts.resize(column + 1, String::new());
        }
        rows.texts[column] = text;
    }
    rows.flush();
    if rows.first {
        return Err(TableError::Empty);
    }
    Ok(())
}

/// The row being gathered from an xlsx's cells, handed to the visitor when the next begins.
struct XlsxRows<'v> {
    visitor: &'v mut dyn RowVisitor,
    first: bool,
    /// The row the texts belong to (0 = the first line of the sheet).
    row: Option<usize>,
    /// Its cells by column; a column without a cell is empty.
    texts: Vec<String>,
}

impl XlsxRows<'_> {
    fn flush(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        if !self.texts.iter().all(|c| c.trim().is_empty()) {
            if self.first {
                let cells: Vec<&str> = self.texts.iter().map(String::as_str).collect();
                self.visitor.header(&cells);
                self.first = false;
            } else {
                self.visitor.row(row + 1, &self.texts);
            }
        }
        self.texts.clear();
    }
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

    #[test]
    fn csv_has_the_limits_of_xlsx() {
        let wide = format!("{}\n", vec!["c"; MAX_COLUMNS + 1].join(";"));
        assert_eq!(
            collect(wide.as_bytes()).err(),
            Some(TableError::TooManyColumns)
        );
        let exactly = format!("{}\n1\n", vec!["c"; MAX_COLUMNS].join(";"));
        assert_eq!(
            collect(exactly.as_bytes()).unwrap().header.len(),
            MAX_COLUMNS
        );
        // The tester's header of nothing but separators, and a wide row after a narrow header.
        let separators = ";".repeat(1024 * 1024);
        assert_eq!(
            collect(separators.as_bytes()).err(),
            Some(TableError::TooManyColumns)
        );
        let late = format!("a;b\n1;2\n{}\n", ";".repeat(MAX_COLUMNS));
        assert_eq!(
            collect(late.as_bytes()).err(),
            Some(TableError::TooManyColumns)
        );
        // Separators inside quotes are text, as the csv crate reads them.
        let quoted = format!("a;\"{}\"\n1;2\n", ";".repeat(MAX_COLUMNS * 2));
        assert_eq!(collect(quoted.as_bytes()).unwrap().header.len(), 2);
    }

    #[test]
    fn a_csv_cell_over_the_limit_is_refused_at_any_place() {
        let just = format!("a;{}\n1;2\n", "x".repeat(MAX_CELL_BYTES));
        assert!(collect(just.as_bytes()).is_ok());
        let over = "x".repeat(MAX_CELL_BYTES + 1);
        for csv in [
            format!("a;{over}\n1;2\n"),
            format!("a;b\n1;\"{over}\"\n"),
            format!("a;b\n1;{over}"),
        ] {
            assert_eq!(collect(csv.as_bytes()).err(), Some(TableError::CellTooLong));
        }
    }

    fn xlsx(rows: &str) -> Vec<u8> {
        let sheet = crate::import::xlsx_test_files::sheet_xml(rows);
        crate::import::xlsx_test_files::workbook_at(
            "xl/worksheets/sheet1.xml",
            sheet.as_bytes(),
            &[],
        )
    }

    #[test]
    fn xlsx_rows_are_read_cell_by_cell_in_their_columns() {
        let c = collect(&xlsx(
            "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>ref</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>role</t></is></c></row>\
             <row r=\"3\"/>\
             <row r=\"4\"><c r=\"D4\"><v>7</v></c><c r=\"B4\"><v>1234</v></c></row>",
        ))
        .unwrap();
        assert_eq!(c.header, ["", "ref", "", "role"]);
        assert_eq!(
            c.rows,
            vec![(4, vec!["".into(), "1234".into(), "".into(), "7".into()])]
        );
    }

    #[test]
    fn xlsx_cells_beyond_the_limits_are_refused_as_they_come() {
        let far = xlsx(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"BM2\"><v>1</v></c></row>",
        );
        assert_eq!(collect(&far).err(), Some(TableError::TooManyColumns));
        let backwards = xlsx(
            "<row r=\"5\"><c r=\"A5\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row>",
        );
        assert!(matches!(collect(&backwards), Err(TableError::BadXlsx(_))));
    }

    /// calamine's automatic choice would read an OpenDocument sheet, which the guard does
    /// not look into: only xlsx is read.
    #[test]
    fn other_zipped_spreadsheets_are_not_read() {
        let ods = crate::import::xlsx_test_files::zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
            ),
            ("content.xml", b"<office:document-content/>".as_slice()),
        ]);
        assert!(matches!(collect(&ods), Err(TableError::BadXlsx(_))));
    }
}
