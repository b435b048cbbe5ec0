//! Looks inside an xlsx file before the spreadsheet reader does. An xlsx is a zip of XML: a
//! few kilobytes can unpack to gigabytes (a zip bomb), one cell can hold hundreds of
//! megabytes, and one cell written at row 1,048,576 of column XFD makes a reader that lays
//! the sheet out as a grid ask for billions of cells. Here every entry is unpacked as a
//! stream, never kept, within a budget of bytes; the parts the reader (calamine) will open are
//! found the way it finds them (through `_rels/.rels` and the workbook's relationships, not by
//! their names) and parsed strictly: a part that is not well-formed XML is refused, since the
//! reader, more lenient, would go on where this check stopped.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::table::{MAX_CELL_BYTES, MAX_COLUMNS, MAX_ROWS, TableError};

/// Bytes all entries of the file may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Entries in the zip: a workbook has a dozen or so.
const MAX_ENTRIES: usize = 1_000;
/// The parts that only say where the others are (relationships, the workbook's list of
/// sheets) are kilobytes; they are read whole, up to this.
const MAX_INDEX_PART_BYTES: u64 = 4 * 1024 * 1024;
/// The longest piece of XML (a tag, a text, a comment) the XML reader may have to hold at
/// once: a cell's text and some room for its markup.
const MAX_XML_EVENT_BYTES: u64 = MAX_CELL_BYTES as u64 + 4096;

/// `Ok` if the file stays within the limits; the error says which one it broke.
pub fn check(bytes: &[u8]) -> Result<(), TableError> {
    let bad = |e: &dyn std::fmt::Display| TableError::BadXlsx(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(TableError::BadXlsx(format!(
            "{} entries in the file",
            zip.len()
        )));
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut seen = HashSet::new();
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map_err(|e| bad(&e))?
            .name()
            .map_err(|e| bad(&e))?
            .into_owned();
        // The reader looks parts up without regard to case or slashes: two entries it cannot
        // tell apart leave open which of them it reads.
        if !seen.insert(normalized(&name)) {
            return Err(TableError::BadXlsx(format!("two entries named {name:?}")));
        }
        names.push(name);
    }
    let mut budget = MAX_UNPACKED_BYTES;
    let parts = parts_read(&mut zip, &names, &mut budget)?;
    for (i, name) in names.iter().enumerate() {
        let part = parts.kind(name);
        let entry = zip.by_index(i).map_err(|e| bad(&e))?;
        // One byte over the budget is enough to know it is over.
        let mut limited = Counted::new(entry.take(budget + 1), part.is_some());
        let scanned = match part {
            Some(Part::Sheet) => scan_sheet(&mut limited),
            Some(Part::SharedStrings) => scan_shared_strings(&mut limited),
            Some(Part::Other) => scan_xml(&mut limited),
            None => Ok(()),
        };
        let copied = scanned.and_then(|()| {
            std::io::copy(&mut limited, &mut std::io::sink())
                .map(drop)
                .map_err(|e| bad(&e))
        });
        if limited.read > budget {
            return Err(TableError::Unpacks {
                max_mb: MAX_UNPACKED_BYTES / (1024 * 1024),
            });
        }
        if let Some(e) = limited.lexer.as_ref().and_then(|l| l.refused.clone()) {
            return Err(e);
        }
        copied?;
        budget -= limited.read;
    }
    Ok(())
}

/// A zip entry name as the reader compares it.
fn normalized(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A sheet the workbook lists: cell references and cell sizes are checked.
    Sheet,
    /// The shared strings: each string's size is checked, and the count it announces.
    SharedStrings,
    /// Another part the reader parses (relationships, workbook, styles, theme).
    Other,
}

/// The entries the reader opens, by [`normalized`] name.
struct Parts(HashMap<String, Part>);

impl Parts {
    fn add(&mut self, path: &str, part: Part) {
        // A sheet that is also, say, the styles is checked as a sheet.
        let slot = self.0.entry(path.to_ascii_lowercase()).or_insert(part);
        if part == Part::Sheet {
            *slot = Part::Sheet;
        }
    }

    /// The part an entry is for the reader, which looks `path` up by its normalised name, and
    /// failing that by the exact name.
    fn kind(&self, entry: &str) -> Option<Part> {
        self.0
            .get(&normalized(entry))
            .or_else(|| self.0.get(&entry.to_ascii_lowercase()))
            .copied()
    }
}

/// Follows the relationships the way calamine does (`Xlsx::new`, `worksheet_cells_reader`)
/// to the parts it will read. Where it could take one of several values (an attribute given
/// twice, a target escaped or not), all of them are taken.
fn parts_read<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &[String],
    budget: &mut u64,
) -> Result<Parts, TableError> {
    let mut parts = Parts(HashMap::new());
    parts.add("_rels/.rels", Part::Other);
    let package = index_part(zip, names, "_rels/.rels", budget)?
        .ok_or_else(|| TableError::BadXlsx("no _rels/.rels".into()))?;
    let mut documents = Vec::new();
    for_each_element(&package, "Relationship", |e| {
        let attrs = attrs(e)?;
        if values(&attrs, "Type")
            .iter()
            .any(|t| t.ends_with("/relationships/officeDocument"))
        {
            // calamine unescapes this target; the others it takes as written.
            for target in values(&attrs, "Target") {
                documents.push(unescaped(&target)?);
            }
        }
        Ok(())
    })?;
    // Which of several the reader would take is its business: one workbook or none.
    documents.dedup();
    let [document] = documents.as_slice() else {
        return Err(TableError::BadXlsx(format!(
            "{} workbooks in the package",
            documents.len()
        )));
    };
    let (dir, name) = match document.rfind('/') {
        Some(i) => document.split_at(i + 1),
        None => ("", document.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir);
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    for fixed in ["sharedStrings.xml", "styles.xml", "theme/theme1.xml"] {
        let part = if fixed == "sharedStrings.xml" {
            Part::SharedStrings
        } else {
            Part::Other
        };
        parts.add(&format!("{dir}{fixed}"), part);
    }
    let rels_path = format!("{dir}_rels/{name}.rels");
    parts.add(&rels_path, Part::Other);
    let rels = index_part(zip, names, &rels_path, budget)?
        .ok_or_else(|| TableError::BadXlsx(format!("no {rels_path}")))?;
    let mut targets: HashMap<String, Vec<String>> = HashMap::new();
    for_each_element(&rels, "Relationship", |e| {
        let attrs = attrs(e)?;
        for id in values(&attrs, "Id") {
            targets
                .entry(id)
                .or_default()
                .extend(values(&attrs, "Target"));
        }
        Ok(())
    })?;
    let workbook_path = format!("{dir}{name}");
    parts.add(&workbook_path, Part::Other);
    // Without a workbook the reader finds no sheet, and the import says so.
    let Some(workbook) = index_part(zip, names, &workbook_path, budget)? else {
        return Ok(parts);
    };
    for_each_element(&workbook, "sheet", |e| {
        let ids: Vec<String> = attrs(e)?
            .into_iter()
            .filter(|(k, _)| local(k) == "id")
            .map(|(_, v)| v)
            .collect();
        if ids.is_empty() {
            return Err(TableError::BadXlsx("a sheet without a relationship".into()));
        }
        for id in ids {
            let found = targets
                .get(&id)
                .ok_or_else(|| TableError::BadXlsx(format!("no relationship {id:?}")))?;
            for target in found {
                let unescaped = unescaped(target).unwrap_or_else(|_| target.clone());
                for target in [target.as_str(), unescaped.as_str()] {
                    match target.strip_prefix('/') {
                        Some(absolute) => parts.add(absolute, Part::Sheet),
                        None => parts.add(&format!("{dir}{target}"), Part::Sheet),
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(parts)
}

/// The whole of a small part the reader would open as `path`, or `None` if there is none.
fn index_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &[String],
    path: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, TableError> {
    let wanted = path.to_ascii_lowercase();
    let Some(i) = names
        .iter()
        .position(|n| normalized(n) == wanted || n == path)
    else {
        return Ok(None);
    };
    let entry = zip
        .by_index(i)
        .map_err(|e| TableError::BadXlsx(e.to_string()))?;
    let mut content = Vec::new();
    entry
        .take(MAX_INDEX_PART_BYTES.min(*budget) + 1)
        .read_to_end(&mut content)
        .map_err(|e| TableError::BadXlsx(e.to_string()))?;
    let read = content.len() as u64;
    if read > *budget {
        return Err(TableError::Unpacks {
            max_mb: MAX_UNPACKED_BYTES / (1024 * 1024),
        });
    }
    if read > MAX_INDEX_PART_BYTES {
        return Err(TableError::BadXlsx(format!("{path} is {read} bytes")));
    }
    *budget -= read;
    Ok(Some(content))
}

/// Calls `each` with every element named `local` of a strictly parsed, small part.
fn for_each_element(
    xml: &[u8],
    local: &str,
    mut each: impl FnMut(&BytesStart<'_>) -> Result<(), TableError>,
) -> Result<(), TableError> {
    let mut counted = Counted::new(xml, true);
    each_event(&mut counted, |event| match event {
        Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == local => each(e),
        _ => Ok(()),
    })?;
    counted.refusal_if_any()
}

/// Every attribute of an element, as written, in order, duplicates included: the reader
/// takes them with a parser of its own, so where it could read either of two, both are
/// checked. An attribute that cannot be parsed refuses the part.
fn attrs(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, TableError> {
    e.attributes()
        .with_checks(false)
        .map(|a| {
            let a = a.map_err(|e| TableError::BadXlsx(e.to_string()))?;
            Ok((a.key.as_ref().to_owned(), a.value.into_owned()))
        })
        .collect()
}

/// The values of the attribute named exactly `name`.
fn values(attrs: &[(String, String)], name: &str) -> Vec<String> {
    attrs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The name without its namespace prefix.
fn local(key: &str) -> &str {
    key.rsplit(':').next().unwrap_or(key)
}

fn unescaped(raw: &str) -> Result<String, TableError> {
    quick_xml::escape::unescape(raw)
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| TableError::BadXlsx(e.to_string()))
}

/// A reader that counts what went through it and, for XML, follows its structure closely
/// enough to know how long each piece (tag, text, comment, CDATA) is: the XML reader holds a
/// whole piece in memory, so none may be longer than [`MAX_XML_EVENT_BYTES`].
struct Counted<R> {
    inner: R,
    read: u64,
    lexer: Option<Lexer>,
}

impl<R: Read> Counted<R> {
    fn new(inner: R, xml: bool) -> Counted<R> {
        Counted {
            inner,
            read: 0,
            lexer: xml.then(Lexer::default),
        }
    }

    /// What an XML error means: a piece too long (cut off here), or a part not well-formed.
    fn refusal(&self, e: quick_xml::Error) -> TableError {
        self.lexer
            .as_ref()
            .and_then(|l| l.refused.clone())
            .unwrap_or_else(|| TableError::BadXlsx(e.to_string()))
    }

    fn refusal_if_any(&self) -> Result<(), TableError> {
        match self.lexer.as_ref().and_then(|l| l.refused.clone()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(lexer) = &mut self.lexer {
            for b in &buf[..n] {
                if !lexer.step(*b) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "refused by the xlsx check",
                    ));
                }
            }
        }
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Piece {
    #[default]
    Text,
    /// Just after `<`.
    Open,
    /// After `<!`.
    Bang,
    /// After `<!-`.
    BangDash,
    Tag {
        quote: Option<u8>,
    },
    Comment,
    CData,
    Instruction,
}

/// Where a byte falls in XML, to measure the pieces the XML reader buffers whole.
#[derive(Default)]
struct Lexer {
    piece: Piece,
    /// Bytes of the current piece so far.
    length: u64,
    /// The two bytes before this one, for `-->`, `]]>` and `?>`.
    last: [u8; 2],
    refused: Option<TableError>,
}

impl Lexer {
    /// Takes one byte; `false` once the XML is refused.
    fn step(&mut self, b: u8) -> bool {
        self.length += 1;
        let ends = |end: &[u8; 2]| b == b'>' && self.last == *end;
        let next = match self.piece {
            Piece::Text if b == b'<' => {
                self.length = 1;
                Piece::Open
            }
            Piece::Text => Piece::Text,
            Piece::Open => match b {
                b'!' => Piece::Bang,
                b'?' => Piece::Instruction,
                _ => Piece::Tag { quote: None },
            },
            Piece::Bang => match b {
                b'-' => Piece::BangDash,
                b'[' => Piece::CData,
                // A document type declaration has no place in a spreadsheet, and its
                // nesting is the reader's to track, not this count's.
                _ => {
                    self.refused = Some(TableError::BadXlsx("a DOCTYPE".into()));
                    return false;
                }
            },
            Piece::BangDash => Piece::Comment,
            Piece::Tag { quote: None } if b == b'>' => Piece::Text,
            Piece::Tag { quote: None } if b == b'"' || b == b'\'' => Piece::Tag { quote: Some(b) },
            Piece::Tag { quote: Some(q) } if b == q => Piece::Tag { quote: None },
            Piece::Tag { quote } => Piece::Tag { quote },
            // The XML reader ends a comment no sooner than `<!--x-->`; a shorter `-->` would
            // end it here and not there, so it is refused rather than miscounted.
            Piece::Comment if ends(b"--") && self.length < 8 => {
                self.refused = Some(TableError::BadXlsx("an empty comment".into()));
                return false;
            }
            Piece::Comment if ends(b"--") => Piece::Text,
            Piece::CData if ends(b"]]") => Piece::Text,
            // `<?>` does not end an instruction for the reader either.
            Piece::Instruction if b == b'>' && self.last[1] == b'?' && self.length >= 4 => {
                Piece::Text
            }
            other => other,
        };
        if next == Piece::Text && self.piece != Piece::Text {
            // The markup ended with this byte; the text after it starts from nothing.
            self.length = 0;
        }
        self.piece = next;
        self.last = [self.last[1], b];
        if self.length > MAX_XML_EVENT_BYTES {
            self.refused = Some(TableError::CellTooLong);
            return false;
        }
        true
    }
}

/// The XML reader the scans use: strict (end tags must match their start).
fn strict_reader<R: Read>(xml: &mut Counted<R>) -> quick_xml::Reader<BufReader<&mut Counted<R>>> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(xml));
    reader.config_mut().check_end_names = true;
    reader
}

/// Reads a part strictly to its end, handing every event before the end to `each`: XML that
/// is not well-formed refuses the part, and so does an error of `each`.
fn each_event<R: Read>(
    xml: &mut Counted<R>,
    mut each: impl FnMut(&Event<'_>) -> Result<(), TableError>,
) -> Result<(), TableError> {
    let mut reader = strict_reader(xml);
    let mut buf = Vec::new();
    let result = loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break Ok(()),
            Ok(event) => each(&event)?,
            Err(e) => break Err(e),
        }
        buf.clear();
    };
    drop(reader);
    result.map_err(|e| xml.refusal(e))
}

/// Parses a part to its end, keeping nothing: `Ok` if it is well-formed.
fn scan_xml<R: Read>(xml: &mut Counted<R>) -> Result<(), TableError> {
    each_event(xml, |_| Ok(()))
}

/// Adds the text of an event to the cell being read; `Err` once the cell is too long.
fn add_text(cell: &mut Option<usize>, event: &Event<'_>) -> Result<(), TableError> {
    let len = match event {
        Event::Text(t) => t.len(),
        Event::CData(t) => t.len(),
        Event::GeneralRef(r) => r.len(),
        _ => 0,
    };
    if let Some(total) = cell {
        // Escaped text is never shorter than what it stands for.
        *total += len;
        if *total > MAX_CELL_BYTES {
            return Err(TableError::CellTooLong);
        }
    }
    Ok(())
}

/// Checks the `r` of every `<c>` and `<row>`, the `<dimension ref>`, and the size of every
/// cell of one sheet.
fn scan_sheet<R: Read>(xml: &mut Counted<R>) -> Result<(), TableError> {
    // The bytes of text in the `<c>` being read, if one is.
    let mut cell: Option<usize> = None;
    each_event(xml, |event| {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().into_inner();
                if name == "c" && matches!(event, Event::Start(_)) {
                    cell = Some(0);
                }
                let wanted = match name {
                    "c" | "row" => Some("r"),
                    "dimension" => Some("ref"),
                    _ => None,
                };
                if let Some(wanted) = wanted {
                    for (key, value) in attrs(e)? {
                        if local(&key) == wanted {
                            check_reference(value.as_bytes())?;
                        }
                    }
                }
            }
            Event::End(e) if e.local_name().into_inner() == "c" => cell = None,
            other => add_text(&mut cell, other)?,
        }
        Ok(())
    })
}

/// Checks the size of every string (`<si>`) and that the count announced (which the reader
/// reserves room for before reading any) is no more than there are.
fn scan_shared_strings<R: Read>(xml: &mut Counted<R>) -> Result<(), TableError> {
    let mut announced: Option<u64> = None;
    let mut strings = 0u64;
    let mut string: Option<usize> = None;
    each_event(xml, |event| {
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "sst" => {
                    for (key, value) in attrs(e)? {
                        if local(&key) == "uniqueCount" {
                            // Not a number: the reader reserves nothing for it.
                            announced = announced.max(value.trim().parse().ok());
                        }
                    }
                }
                "si" => {
                    strings += 1;
                    if matches!(event, Event::Start(_)) {
                        string = Some(0);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().into_inner() == "si" => string = None,
            other => add_text(&mut string, other)?,
        }
        Ok(())
    })?;
    match announced {
        Some(n) if n > strings => Err(TableError::BadXlsx(format!(
            "{n} shared strings announced, {strings} there"
        ))),
        _ => Ok(()),
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

    use crate::import::xlsx_test_files::zip_of;

    fn sheet(cells: &str) -> Vec<u8> {
        crate::import::xlsx_test_files::sheet_xml(cells).into_bytes()
    }

    /// A workbook whose one sheet is `sheet`, stored at `xl/worksheets/sheet1.xml`.
    fn workbook(sheet: &[u8]) -> Vec<u8> {
        crate::import::xlsx_test_files::workbook_at("xl/worksheets/sheet1.xml", sheet, &[])
    }

    #[test]
    fn a_plain_sheet_passes() {
        let file = workbook(&sheet(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"I1\"><v>2</v></c></row>",
        ));
        assert_eq!(check(&file), Ok(()));
    }

    #[test]
    fn one_far_away_cell_is_refused_before_any_grid_is_laid_out() {
        let far = workbook(&sheet(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>",
        ));
        assert_eq!(check(&far), Err(TableError::TooManyColumns));
        let deep = workbook(&sheet(
            "<row r=\"1048576\"><c r=\"A1048576\"><v>1</v></c></row>",
        ));
        assert_eq!(check(&deep), Err(TableError::TooManyRows));
        let dimension = workbook(b"<worksheet><dimension ref=\"A1:ZZ9\"/><sheetData/></worksheet>");
        assert_eq!(check(&dimension), Err(TableError::TooManyColumns));
    }

    /// The tester's first bypass: the sheet is wherever the relationships say, whatever its
    /// name.
    #[test]
    fn a_sheet_stored_under_another_name_is_checked_too() {
        let far =
            sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1048576\"><v>1</v></c></row>");
        for path in [
            "xl/data/sheet1.xml",
            "XL/Data/Sheet1.XML",
            "xl/data/sheet.bin",
        ] {
            let file = crate::import::xlsx_test_files::workbook_at(path, &far, &[]);
            assert_eq!(check(&file), Err(TableError::TooManyColumns), "{path}");
        }
    }

    /// The tester's second bypass: XML the strict parser stops at, the lenient reader reads on.
    #[test]
    fn a_part_that_is_not_well_formed_is_refused() {
        let broken = sheet("<x></y><row r=\"1\"><c r=\"XFD1048576\"><v>1</v></c></row>");
        assert!(matches!(
            check(&workbook(&broken)),
            Err(TableError::BadXlsx(_))
        ));
        let broken_styles = crate::import::xlsx_test_files::workbook_at(
            "xl/worksheets/sheet1.xml",
            &sheet(""),
            &[(
                "xl/styles.xml",
                b"<styleSheet><a></b></styleSheet>".as_slice(),
            )],
        );
        assert!(matches!(check(&broken_styles), Err(TableError::BadXlsx(_))));
    }

    #[test]
    fn a_huge_cell_is_refused_however_it_is_written() {
        let long = "x".repeat(MAX_CELL_BYTES + 1);
        let inline = sheet(&format!(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{long}</t></is></c></row>"
        ));
        assert_eq!(check(&workbook(&inline)), Err(TableError::CellTooLong));
        // In pieces no longer than the limit: rich-text runs the reader puts together.
        let run = format!("<r><t>{}</t></r>", "x".repeat(MAX_CELL_BYTES / 2));
        let shared = format!("<sst uniqueCount=\"1\"><si>{}</si></sst>", run.repeat(3));
        let file = crate::import::xlsx_test_files::workbook_at(
            "xl/worksheets/sheet1.xml",
            &sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
            &[("xl/sharedStrings.xml", shared.as_bytes())],
        );
        assert_eq!(check(&file), Err(TableError::CellTooLong));
        // A comment is held whole by the XML reader too.
        let comment = sheet(&format!("<!--{}-->", "<>".repeat(MAX_CELL_BYTES)));
        assert_eq!(check(&workbook(&comment)), Err(TableError::CellTooLong));
        // Where the XML reader does not see the end of a comment, neither may the count.
        let unended = sheet(&format!("<!---->{}", "<a/>".repeat(MAX_CELL_BYTES)));
        assert!(matches!(
            check(&workbook(&unended)),
            Err(TableError::BadXlsx(_))
        ));
        let attribute = sheet(&format!(
            "<row r=\"1\" x=\"{}\"/>",
            "<".repeat(MAX_CELL_BYTES * 2)
        ));
        assert_eq!(check(&workbook(&attribute)), Err(TableError::CellTooLong));
    }

    #[test]
    fn shared_strings_cannot_announce_more_than_they_hold() {
        let shared = b"<sst uniqueCount=\"100000000000\"><si><t>a</t></si></sst>";
        let file = crate::import::xlsx_test_files::workbook_at(
            "xl/worksheets/sheet1.xml",
            &sheet(""),
            &[("xl/sharedStrings.xml", shared.as_slice())],
        );
        assert!(matches!(check(&file), Err(TableError::BadXlsx(_))));
    }

    #[test]
    fn two_entries_the_reader_cannot_tell_apart_are_refused() {
        let file = zip_of(&[
            ("xl/worksheets/sheet1.xml", &sheet("")),
            ("XL/worksheets/Sheet1.xml", &sheet("")),
        ]);
        assert!(matches!(check(&file), Err(TableError::BadXlsx(_))));
    }

    #[test]
    fn a_zip_bomb_is_refused_after_its_budget_not_after_unpacking_it_all() {
        // 300 MB of zeros compresses to a few hundred kilobytes.
        let zeros = vec![0u8; 300 * 1024 * 1024];
        let bomb = crate::import::xlsx_test_files::workbook_at(
            "xl/worksheets/sheet1.xml",
            &sheet(""),
            &[("xl/media/image1.png", &zeros)],
        );
        drop(zeros);
        assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
        assert_eq!(check(&bomb), Err(TableError::Unpacks { max_mb: 256 }));
    }

    #[test]
    fn not_a_zip_is_a_bad_file() {
        assert!(matches!(
            check(b"PK\x03\x04 not really"),
            Err(TableError::BadXlsx(_))
        ));
    }
}
