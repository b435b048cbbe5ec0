//! Flowing documents over several A4 portrait pages: headings, paragraphs, tables whose
//! header repeats on each page, bar charts; a running title and "page n of m" on every page.

use printpdf::Color;

use super::{Align, Canvas, Document, Face, Meta, colours, text_width, words, wrap};
use crate::domain::Lang;
use crate::i18n;

const MARGIN: f32 = 50.0;
const TOP: f32 = 70.0;
const BOTTOM: f32 = 60.0;
/// Table headers are set in bold at this size, cells at [`CELL_SIZE`].
const HEADER_SIZE: f32 = 8.5;
const CELL_SIZE: f32 = 9.0;
/// The space left and right of the text in a table cell.
const CELL_PAD: f32 = 4.0;
/// No single word of a cell may claim more than this share of a table's width: a long
/// URL or reference is cut rather than squeezing every other column.
const CELL_WORD_CAP: f32 = 0.4;

/// "Page n of m" in `lang`, for [`Flow::new`].
pub fn page_label(lang: Lang) -> Box<dyn Fn(usize, usize) -> String> {
    Box::new(move |n, m| {
        i18n::t_args(
            lang,
            "report-page",
            &[("page", n.to_string()), ("pages", m.to_string())],
        )
    })
}

/// A table column: its title, share of the width, and alignment.
pub struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
    pub align: Align,
}

/// A table cell: text and an optional colour for it.
pub struct Cell {
    pub text: String,
    pub colour: Option<Color>,
    pub bold: bool,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            colour: None,
            bold: false,
        }
    }

    pub fn coloured(text: impl Into<String>, colour: Color) -> Cell {
        Cell {
            text: text.into(),
            colour: Some(colour),
            bold: true,
        }
    }
}

/// What one column of a table needs, measured in points (text and padding).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnNeed {
    /// The column's share of the width when there is room to spare.
    pub share: f32,
    /// The widest single word of the header or of a cell: narrower, a word is split.
    pub min: f32,
    /// The widest header or cell on one line: wider, nothing in the column wraps.
    pub natural: f32,
}

/// What each column of a table needs, from the faces and sizes it is set in.
fn table_needs(columns: &[Column<'_>], rows: &[Vec<Cell>]) -> Vec<ColumnNeed> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut words = words_width(Face::Bold, HEADER_SIZE, c.title);
            let mut natural = line_width(Face::Bold, HEADER_SIZE, c.title);
            for cell in rows.iter().filter_map(|r| r.get(i)) {
                let face = if cell.bold { Face::Bold } else { Face::Regular };
                words = words.max(words_width(face, CELL_SIZE, &cell.text));
                natural = natural.max(line_width(face, CELL_SIZE, &cell.text));
            }
            // Half a point more than measured, so that rounding never wraps a line that fits.
            ColumnNeed {
                share: c.share,
                min: words + 2.0 * CELL_PAD + 0.5,
                natural: natural + 2.0 * CELL_PAD + 0.5,
            }
        })
        .collect()
}

/// The width of the widest word of `text`.
fn words_width(face: Face, size: f32, text: &str) -> f32 {
    words(text)
        .map(|w| text_width(face, size, w))
        .fold(0.0, f32::max)
}

/// The width of the widest line of `text` set without wrapping.
fn line_width(face: Face, size: f32, text: &str) -> f32 {
    text.split('\n')
        .map(|l| text_width(face, size, l.trim()))
        .fold(0.0, f32::max)
}

/// The widths of a table's columns, `total` points in all. Each column starts from its
/// share. Room a column does not use (its widest line is narrower) goes to the columns that
/// would wrap, up to what they need; any rest is shared out again by the shares. Then each
/// column gets at least its widest word, so that no word is split where the words fit at
/// all (a header such as « Point » in a narrow column), taken from the columns with room
/// above their own widest word. Only when the widest words together exceed the width are
/// the columns narrowed in proportion, and the longest words cut.
pub fn column_widths(needs: &[ColumnNeed], total: f32) -> Vec<f32> {
    if needs.is_empty() {
        return Vec::new();
    }
    let cap = total * CELL_WORD_CAP;
    let min: Vec<f32> = needs.iter().map(|n| n.min.min(cap)).collect();
    let natural: Vec<f32> = needs
        .iter()
        .zip(&min)
        .map(|(n, m)| n.natural.max(*m))
        .collect();
    let min_sum: f32 = min.iter().sum();
    if min_sum >= total {
        return min.iter().map(|m| m * total / min_sum).collect();
    }
    let shares: f32 = needs
        .iter()
        .map(|n| n.share.max(0.0))
        .sum::<f32>()
        .max(0.01);
    let mut widths: Vec<f32> = needs
        .iter()
        .map(|n| total * n.share.max(0.0) / shares)
        .collect();
    // Room a column's content does not use goes to the columns whose content wraps, each up
    // to the width where it no longer wraps; what is still left over is shared out again.
    let wraps = widths.iter().zip(&natural).any(|(w, n)| n > w);
    let mut spare = 0.0;
    for (w, n) in widths.iter_mut().zip(&natural).filter(|_| wraps) {
        if *n <= *w {
            spare += *w - n;
            *w = *n;
        }
    }
    for _ in 0..needs.len() {
        let wanting: f32 = widths
            .iter()
            .zip(&natural)
            .zip(needs)
            .filter(|((w, n), _)| **n > **w + 0.01)
            .map(|(_, need)| need.share.max(0.01))
            .sum();
        if spare <= 0.01 || wanting == 0.0 {
            break;
        }
        let round = spare;
        for ((w, n), need) in widths.iter_mut().zip(&natural).zip(needs) {
            if *n > *w + 0.01 {
                let gain = (round * need.share.max(0.01) / wanting).min(n - *w);
                *w += gain;
                spare -= gain;
            }
        }
    }
    if spare > 0.01 {
        for (w, need) in widths.iter_mut().zip(needs) {
            *w += spare * need.share.max(0.0) / shares;
        }
    }
    // Every column at least as wide as its widest word, the difference taken from the
    // columns with room above theirs.
    for (w, m) in widths.iter_mut().zip(&min) {
        *w = w.max(*m);
    }
    let excess = widths.iter().sum::<f32>() - total;
    if excess > 0.0 {
        let slack: f32 = widths.iter().zip(&min).map(|(w, m)| w - m).sum();
        for (w, m) in widths.iter_mut().zip(&min) {
            *w -= excess * (*w - m) / slack.max(f32::EPSILON);
        }
    }
    widths
}

/// One bar of [`Flow::bars`].
pub struct Bar {
    pub label: String,
    /// From 0 to 100.
    pub value: f64,
    pub ok: bool,
    /// The value as the reader reads it, unit included.
    pub figure: String,
}

pub struct Flow {
    doc: Document,
    pages: Vec<Canvas>,
    y: f32,
    running: String,
    /// "Page {n} of {m}" with the numbers left to fill in.
    page_label: Box<dyn Fn(usize, usize) -> String>,
}

impl Flow {
    pub fn new(
        title: &str,
        running: &str,
        page_label: Box<dyn Fn(usize, usize) -> String>,
    ) -> Flow {
        let doc = Document::new(title, super::A4_PORTRAIT);
        let mut flow = Flow {
            doc,
            pages: Vec::new(),
            y: 0.0,
            running: running.to_owned(),
            page_label,
        };
        flow.new_page();
        flow
    }

    fn page(&mut self) -> &mut Canvas {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn width(&self) -> f32 {
        self.pages[0].width - 2.0 * MARGIN
    }

    fn new_page(&mut self) {
        let page = self.doc.page();
        self.y = page.height - TOP;
        self.pages.push(page);
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    pub fn space(&mut self, points: f32) {
        self.y -= points;
    }

    pub fn title(&mut self, text: &str, subtitle: &str) {
        let w = self.width();
        let lines = wrap(Face::Bold, 20.0, text, w);
        self.ensure(30.0 * lines.len() as f32 + 30.0);
        for line in lines {
            let y = self.y;
            self.page()
                .text(MARGIN, y, Face::Bold, 20.0, colours::ink(), &line);
            self.y -= 26.0;
        }
        self.paragraph(subtitle, Face::Regular, 10.5, colours::muted());
        let y = self.y + 4.0;
        let right = self.pages[0].width - MARGIN;
        self.page().hline(MARGIN, right, y, 1.5, colours::brand());
        self.y -= 14.0;
    }

    /// A section heading, kept with the start of what follows it (a table header and a row
    /// or two), never left alone at the foot of a page.
    pub fn heading(&mut self, text: &str) {
        self.ensure(110.0);
        self.y -= 8.0;
        let y = self.y;
        self.page()
            .text(MARGIN, y, Face::Bold, 13.5, colours::brand(), text);
        self.y -= 20.0;
    }

    pub fn paragraph(&mut self, text: &str, face: Face, size: f32, colour: Color) {
        let w = self.width();
        for line in wrap(face, size, text, w) {
            self.ensure(size * 1.4);
            let y = self.y;
            self.page()
                .text(MARGIN, y, face, size, colour.clone(), &line);
            self.y -= size * 1.4;
        }
    }

    /// A two-column table of labels and their counts, the counts aligned right.
    pub fn counts(&mut self, label_title: &str, count_title: &str, rows: Vec<(String, String)>) {
        let rows: Vec<Vec<Cell>> = rows
            .into_iter()
            .map(|(label, n)| vec![Cell::plain(label), Cell::plain(n)])
            .collect();
        self.table(
            &[
                Column {
                    title: label_title,
                    share: 5.0,
                    align: Align::Left,
                },
                Column {
                    title: count_title,
                    share: 1.5,
                    align: Align::Right,
                },
            ],
            &rows,
        );
    }

    /// A table; rows that do not fit go to the next page under a repeated header.
    pub fn table(&mut self, columns: &[Column<'_>], rows: &[Vec<Cell>]) {
        let size = CELL_SIZE;
        let leading = size * 1.3;
        let pad = CELL_PAD;
        let total = self.width();
        let widths = column_widths(&table_needs(columns, rows), total);
        let titles: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(Face::Bold, HEADER_SIZE, c.title, w - 2.0 * pad))
            .collect();
        let header_lines = titles.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let header = |flow: &mut Flow| {
            let mut x = MARGIN;
            let y = flow.y;
            let right = flow.pages[0].width - MARGIN;
            let band = header_lines as f32 * leading;
            flow.page().fill_rect(
                MARGIN,
                y - band + leading - 5.0,
                right - MARGIN,
                band + 5.0,
                colours::pale(),
            );
            for ((c, w), lines) in columns.iter().zip(&widths).zip(&titles) {
                let tx = match c.align {
                    Align::Left => x + pad,
                    Align::Center => x + w / 2.0,
                    Align::Right => x + w - pad,
                };
                for (i, line) in lines.iter().enumerate() {
                    flow.page().text_aligned(
                        tx,
                        y - i as f32 * leading,
                        Face::Bold,
                        HEADER_SIZE,
                        colours::ink(),
                        c.align,
                        line,
                    );
                }
                x += w;
            }
            flow.y -= band + 6.0;
        };
        self.ensure(3.0 * leading + 10.0);
        header(self);
        for row in rows {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| {
                    let face = if cell.bold { Face::Bold } else { Face::Regular };
                    wrap(face, CELL_SIZE, &cell.text, w - 2.0 * pad)
                })
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f32 * leading + 4.0;
            if self.y - height < BOTTOM {
                self.new_page();
                header(self);
            }
            let mut x = MARGIN;
            let top = self.y;
            for ((cell, lines), (c, w)) in row.iter().zip(&wrapped).zip(columns.iter().zip(&widths))
            {
                let face = if cell.bold { Face::Bold } else { Face::Regular };
                let colour = cell.colour.clone().unwrap_or_else(colours::ink);
                for (i, line) in lines.iter().enumerate() {
                    let tx = match c.align {
                        Align::Left => x + pad,
                        Align::Center => x + w / 2.0,
                        Align::Right => x + w - pad,
                    };
                    self.page().text_aligned(
                        tx,
                        top - i as f32 * leading,
                        face,
                        size,
                        colour.clone(),
                        c.align,
                        line,
                    );
                }
                x += w;
            }
            self.y -= height;
            let y = self.y + leading - 3.0;
            let right = self.pages[0].width - MARGIN;
            self.page().hline(MARGIN, right, y, 0.4, colours::line());
        }
        self.y -= 6.0;
    }

    /// Horizontal bars from 0 to 100, one per label, green when `ok`, each with its figure
    /// as the caller words it (a score rounded down next to a threshold, a share...).
    pub fn bars(&mut self, bars: &[Bar]) {
        let size = 9.0;
        let label_w = bars
            .iter()
            .map(|b| text_width(Face::Regular, size, &b.label))
            .fold(0.0, f32::max)
            .min(self.width() * 0.45)
            + 10.0;
        let figure_w = bars
            .iter()
            .map(|b| text_width(Face::Bold, size, &b.figure))
            .fold(34.0, f32::max)
            + 10.0;
        let bar_w = self.width() - label_w - figure_w;
        self.ensure(bars.len() as f32 * 18.0 + 10.0);
        for bar in bars {
            let y = self.y;
            let label = wrap(Face::Regular, size, &bar.label, label_w - 10.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            let page = self.page();
            page.text(MARGIN, y, Face::Regular, size, colours::ink(), &label);
            page.fill_rect(MARGIN + label_w, y - 2.5, bar_w, 10.0, colours::pale());
            let filled = (bar_w * (bar.value as f32 / 100.0)).clamp(0.0, bar_w);
            let colour = if bar.ok { colours::ok() } else { colours::no() };
            page.fill_rect(MARGIN + label_w, y - 2.5, filled, 10.0, colour);
            page.text_aligned(
                MARGIN + label_w + bar_w + figure_w,
                y,
                Face::Bold,
                size,
                colours::ink(),
                Align::Right,
                &bar.figure,
            );
            self.y -= 18.0;
        }
        self.y -= 6.0;
    }

    /// The file: every page gets the running title and its number.
    pub fn finish(mut self, meta: &Meta<'_>) -> Vec<u8> {
        let count = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        for (i, mut page) in pages.into_iter().enumerate() {
            let (w, h) = (page.width, page.height);
            page.text(
                MARGIN,
                h - 36.0,
                Face::Regular,
                8.0,
                colours::muted(),
                &self.running,
            );
            page.hline(MARGIN, w - MARGIN, h - 42.0, 0.5, colours::line());
            let label = (self.page_label)(i + 1, count);
            page.text_aligned(
                w - MARGIN,
                32.0,
                Face::Regular,
                8.0,
                colours::muted(),
                Align::Right,
                &label,
            );
            self.doc.add(page);
        }
        self.doc.finish(meta, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(share: f32, min: f32, natural: f32) -> ColumnNeed {
        ColumnNeed {
            share,
            min,
            natural,
        }
    }

    fn sum(widths: &[f32]) -> f32 {
        widths.iter().sum()
    }

    #[test]
    fn every_header_word_of_the_gap_report_fits_its_column_in_every_language() {
        let total = 595.0 - 2.0 * MARGIN;
        for lang in Lang::ALL {
            let titles = [
                (i18n::t(lang, "report-item"), 0.8),
                (i18n::t(lang, "report-requirement"), 4.0),
                (i18n::t(lang, "report-why"), 2.2),
                (i18n::t(lang, "report-how"), 5.0),
            ];
            let columns: Vec<Column<'_>> = titles
                .iter()
                .map(|(title, share)| Column {
                    title,
                    share: *share,
                    align: Align::Left,
                })
                .collect();
            let rows = vec![vec![
                Cell::coloured("1.2", colours::ink()),
                Cell::plain(
                    "Une procédure d’escalade écrite dit au personnel quoi faire en cas de soupçon : qui prévenir, quand appeler la police.",
                ),
                Cell::coloured("aucun justificatif joint", colours::no()),
                Cell::plain(
                    "La procédure doit nommer le contact interne, la police (112 en urgence, 101 en Belgique) et le site de signalement.",
                ),
            ]];
            let widths = column_widths(&table_needs(&columns, &rows), total);
            assert!((sum(&widths) - total).abs() < 0.5, "{lang:?}: {widths:?}");
            for (c, w) in columns.iter().zip(&widths) {
                for word in words(c.title) {
                    let room = w - 2.0 * CELL_PAD;
                    assert!(
                        text_width(Face::Bold, HEADER_SIZE, word) <= room,
                        "{lang:?}: « {word} » is wider than its column ({room} pt)"
                    );
                    assert_eq!(
                        wrap(Face::Bold, HEADER_SIZE, c.title, room)
                            .iter()
                            .filter(|l| words(l).any(|w| w == word))
                            .count(),
                        1,
                        "{lang:?}: « {word} » is set whole on one line"
                    );
                }
            }
        }
    }

    #[test]
    fn a_narrow_share_grows_to_its_widest_word_and_the_others_give_way() {
        // The first column's share is 30 points; its header word needs 40.
        let widths = column_widths(
            &[
                need(1.0, 40.0, 40.0),
                need(4.0, 30.0, 500.0),
                need(5.0, 30.0, 500.0),
            ],
            300.0,
        );
        assert!(widths[0] >= 40.0, "{widths:?}");
        assert!((sum(&widths) - 300.0).abs() < 0.01, "{widths:?}");
        assert!(widths[1] >= 30.0 && widths[2] >= 30.0, "{widths:?}");
    }

    #[test]
    fn room_a_column_does_not_use_goes_to_the_columns_that_wrap() {
        // A score column whose share is 100 points holds « 54,5 % » (40 points wide).
        let widths = column_widths(&[need(3.0, 50.0, 900.0), need(1.0, 40.0, 40.0)], 400.0);
        assert!((widths[1] - 40.0).abs() < 0.01, "{widths:?}");
        assert!((widths[0] - 360.0).abs() < 0.01, "{widths:?}");
        // A column that wraps takes what it needs, not all there is: the rest is shared out.
        let widths = column_widths(
            &[
                need(6.0, 20.0, 120.0),
                need(2.0, 60.0, 123.0),
                need(1.2, 20.0, 30.0),
            ],
            495.0,
        );
        assert!((sum(&widths) - 495.0).abs() < 0.01, "{widths:?}");
        assert!(widths[1] >= 123.0 && widths[1] < widths[0], "{widths:?}");
        // When everything fits, the shares stand.
        let widths = column_widths(&[need(3.0, 20.0, 50.0), need(1.0, 20.0, 50.0)], 400.0);
        assert_eq!(widths, vec![300.0, 100.0]);
    }

    #[test]
    fn words_wider_than_the_page_shrink_every_column_in_proportion() {
        // One unbreakable cell word (a long reference) claims at most its cap of the width.
        let widths = column_widths(&[need(1.0, 20.0, 20.0), need(1.0, 900.0, 900.0)], 200.0);
        assert!((sum(&widths) - 200.0).abs() < 0.01, "{widths:?}");
        assert!(widths[0] >= 20.0, "{widths:?}");
        // Three columns whose words cannot all fit: narrowed alike.
        let widths = column_widths(&[need(1.0, 100.0, 100.0); 3], 200.0);
        assert!((sum(&widths) - 200.0).abs() < 0.01, "{widths:?}");
        assert!((widths[0] - widths[2]).abs() < 0.01, "{widths:?}");
        assert!(column_widths(&[], 100.0).is_empty());
    }
}
