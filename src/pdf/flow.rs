//! Flowing documents over several A4 portrait pages: headings, paragraphs, tables whose
//! header repeats on each page, bar charts; a running title and "page n of m" on every page.

use printpdf::Color;

use super::{Align, Canvas, Document, Face, Meta, colours, text_width, wrap};
use crate::domain::Lang;
use crate::i18n;

const MARGIN: f32 = 50.0;
const TOP: f32 = 70.0;
const BOTTOM: f32 = 60.0;

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
        let size = 9.0;
        let leading = size * 1.3;
        let pad = 4.0;
        let total = self.width();
        let shares: f32 = columns.iter().map(|c| c.share).sum::<f32>().max(0.01);
        let widths: Vec<f32> = columns.iter().map(|c| total * c.share / shares).collect();
        let titles: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(Face::Bold, 8.5, c.title, w - 2.0 * pad))
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
                        8.5,
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
                    wrap(face, size, &cell.text, w - 2.0 * pad)
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

    /// Horizontal bars from 0 to 100, one per label, green when `ok`.
    pub fn bars(&mut self, bars: &[(String, f64, bool)]) {
        let size = 9.0;
        let label_w = bars
            .iter()
            .map(|(l, _, _)| text_width(Face::Regular, size, l))
            .fold(0.0, f32::max)
            .min(self.width() * 0.45)
            + 10.0;
        let bar_w = self.width() - label_w - 50.0;
        self.ensure(bars.len() as f32 * 18.0 + 10.0);
        for (label, value, ok) in bars {
            let y = self.y;
            let label = wrap(Face::Regular, size, label, label_w - 10.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            let page = self.page();
            page.text(MARGIN, y, Face::Regular, size, colours::ink(), &label);
            page.fill_rect(MARGIN + label_w, y - 2.5, bar_w, 10.0, colours::pale());
            let filled = (bar_w * (*value as f32 / 100.0)).clamp(0.0, bar_w);
            let colour = if *ok { colours::ok() } else { colours::no() };
            page.fill_rect(MARGIN + label_w, y - 2.5, filled, 10.0, colour);
            page.text_aligned(
                MARGIN + label_w + bar_w + 44.0,
                y,
                Face::Bold,
                size,
                colours::ink(),
                Align::Right,
                &format!("{value:.0} %"),
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
