//! PDF documents made with printpdf: the fonts, a small drawing canvas that measures and
//! wraps text, and the document's metadata. The documents themselves live in submodules.
//!
//! The two DejaVu faces ship inside the binary, so every PDF embeds the same subset fonts
//! on any machine and renders French, Dutch, Polish, Czech, Greek and Cyrillic names.

pub mod annual_report;
pub mod certificate;
pub mod flow;
pub mod gap_report;
pub mod procedure_card;

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};

use crate::domain::Lang;

const REGULAR_TTF: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../static/fonts/DejaVuSans-Bold.ttf");

/// The two faces, parsed once per process.
struct Faces {
    regular: ParsedFont,
    bold: ParsedFont,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        let parse = |bytes: &[u8]| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .unwrap_or_else(|| panic!("the font shipped in the binary does not parse"))
        };
        Faces {
            regular: parse(REGULAR_TTF),
            bold: parse(BOLD_TTF),
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    fn parsed(self) -> &'static ParsedFont {
        match self {
            Face::Regular => &faces().regular,
            Face::Bold => &faces().bold,
        }
    }
}

/// The width of `text` set in `face` at `size` points.
pub fn text_width(face: Face, size: f32, text: &str) -> f32 {
    let font = face.parsed();
    let units = f32::from(font.font_metrics.units_per_em.max(1));
    let advance: u32 = text
        .chars()
        .map(|c| {
            font.lookup_glyph_index(u32::from(c))
                .or_else(|| font.lookup_glyph_index(u32::from('?')))
                .map_or(0, |g| u32::from(font.get_horizontal_advance(g)))
        })
        .sum();
    advance as f32 * size / units
}

/// The words of `text`: split at spaces, but never at a no-break space (`54,5 %`,
/// `« Oui »`), which keeps what it joins on one line.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'))
        .filter(|w| !w.is_empty())
}

/// `text` broken into lines no wider than `width`, at spaces where possible; a word longer
/// than a line is cut.
pub fn wrap(face: Face, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in words(paragraph) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(face, size, &candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: cut it if it is still too long.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width(face, size, &piece) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// An RGB colour from 0-255 components.
pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}

/// The house colours.
pub mod colours {
    use printpdf::Color;

    pub fn ink() -> Color {
        super::rgb(0x1d, 0x24, 0x33)
    }
    pub fn muted() -> Color {
        super::rgb(0x5b, 0x64, 0x74)
    }
    pub fn brand() -> Color {
        super::rgb(0x0b, 0x5c, 0x8a)
    }
    pub fn line() -> Color {
        super::rgb(0xc9, 0xd1, 0xdc)
    }
    pub fn ok() -> Color {
        super::rgb(0x1f, 0x7a, 0x3a)
    }
    pub fn no() -> Color {
        super::rgb(0xa4, 0x26, 0x2c)
    }
    pub fn pale() -> Color {
        super::rgb(0xee, 0xf3, 0xf8)
    }
}

/// One page being drawn, with y measured from the bottom as in PDF.
pub struct Canvas {
    pub width: f32,
    pub height: f32,
    ops: Vec<Op>,
    regular: FontId,
    bold: FontId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Canvas {
    pub fn text(&mut self, x: f32, y: f32, face: Face, size: f32, colour: Color, text: &str) {
        self.text_aligned(x, y, face, size, colour, Align::Left, text);
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "a drawing call: position, style, text"
    )]
    pub fn text_aligned(
        &mut self,
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        colour: Color,
        align: Align,
        text: &str,
    ) {
        let x = match align {
            Align::Left => x,
            Align::Center => x - text_width(face, size, text) / 2.0,
            Align::Right => x - text_width(face, size, text),
        };
        let font = match face {
            Face::Regular => self.regular.clone(),
            Face::Bold => self.bold.clone(),
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: colour },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws `text` wrapped to `width` from the baseline `y` down; returns the y below it.
    #[allow(
        clippy::too_many_arguments,
        reason = "a drawing call: position, style, text"
    )]
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        face: Face,
        size: f32,
        colour: Color,
        text: &str,
    ) -> f32 {
        let leading = size * 1.35;
        let mut y = y;
        for line in wrap(face, size, text, width) {
            self.text(x, y, face, size, colour.clone(), &line);
            y -= leading;
        }
        y
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Color) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: colour },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32, colour: Color) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: colour },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, colour: Color) {
        self.fill_rect(x1, y - thickness / 2.0, x2 - x1, thickness, colour);
    }

    /// A QR code of `data`, `size` points wide, its lower-left corner at (x, y). Dark
    /// modules are drawn as one path of whole-module runs, scaled into place.
    pub fn qr(&mut self, x: f32, y: f32, size: f32, data: &str) {
        let Ok(code) = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M) else {
            return;
        };
        let n = code.width();
        let quiet = 2usize;
        let total = (n + 2 * quiet) as f32;
        let colours = code.to_colors();
        let mut rings = Vec::new();
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colours[row * n + col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && colours[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                // Module units, y upwards from the bottom of the symbol.
                let x0 = (start + quiet) as f32;
                let x1 = (col + quiet) as f32;
                let y1 = (n - row + quiet) as f32;
                let y0 = y1 - 1.0;
                let p = |x: f32, y: f32| LinePoint {
                    p: Point { x: Pt(x), y: Pt(y) },
                    bezier: false,
                };
                rings.push(PolygonRing {
                    points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)],
                });
            }
        }
        let scale = size / total;
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetTransformationMatrix {
                matrix: printpdf::CurTransMat::Raw([scale, 0.0, 0.0, scale, x, y]),
            },
            Op::SetFillColor { col: rgb(0, 0, 0) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings,
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }
}

/// Noon (UTC) of `day`: the creation date written into a document made for that day, so
/// the same document renders to the same metadata whenever it is made.
pub fn noon(day: time::Date) -> time::OffsetDateTime {
    day.with_hms(12, 0, 0)
        .map(time::PrimitiveDateTime::assume_utc)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
}

/// What the document says about itself.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub lang: Lang,
    pub created: time::OffsetDateTime,
}

/// A document of pages of one size.
pub struct Document {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    width_mm: f32,
    height_mm: f32,
    pages: Vec<PdfPage>,
}

pub const A4_PORTRAIT: (f32, f32) = (210.0, 297.0);
pub const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);

const MM_TO_PT: f32 = 72.0 / 25.4;

impl Document {
    pub fn new(title: &str, (width_mm, height_mm): (f32, f32)) -> Document {
        let mut doc = PdfDocument::new(title);
        let regular = doc.add_font(&faces().regular);
        let bold = doc.add_font(&faces().bold);
        Document {
            doc,
            regular,
            bold,
            width_mm,
            height_mm,
            pages: Vec::new(),
        }
    }

    /// A blank page to draw on; hand it back with [`Document::add`].
    pub fn page(&self) -> Canvas {
        Canvas {
            width: self.width_mm * MM_TO_PT,
            height: self.height_mm * MM_TO_PT,
            ops: Vec::new(),
            regular: self.regular.clone(),
            bold: self.bold.clone(),
        }
    }

    pub fn add(&mut self, canvas: Canvas) {
        self.pages.push(PdfPage::new(
            Mm(self.width_mm),
            Mm(self.height_mm),
            canvas.ops,
        ));
    }

    /// The finished file. `extra` entries go into the document information dictionary
    /// (the certificate's signed content and its seal travel there).
    pub fn finish(mut self, meta: &Meta<'_>, extra: &[(&str, lopdf::Object)]) -> Vec<u8> {
        let info = &mut self.doc.metadata.info;
        info.document_title = meta.title.to_owned();
        info.author = meta.author.to_owned();
        info.subject = meta.subject.to_owned();
        info.creator = "codecheck".to_owned();
        info.producer = format!("codecheck {} (printpdf)", env!("CARGO_PKG_VERSION"));
        let stamp = printpdf::DateTime::from_unix_timestamp(meta.created.unix_timestamp())
            .unwrap_or_else(|_| printpdf::DateTime::now_utc());
        info.creation_date = stamp;
        info.modification_date = stamp;
        info.metadata_date = stamp;
        self.doc.pages = std::mem::take(&mut self.pages);
        let opts = PdfSaveOptions::default();
        let mut lo = self.doc.to_lopdf_document(&opts, &mut Vec::new());
        if let Ok(catalog) = lo.catalog_mut() {
            catalog.set(
                "Lang",
                lopdf::Object::string_literal(meta.lang.code().as_bytes().to_vec()),
            );
            catalog.set("PageLayout", lopdf::Object::Name(b"SinglePage".to_vec()));
        }
        if !extra.is_empty()
            && let Ok(info_ref) = lo
                .trailer
                .get(b"Info")
                .and_then(lopdf::Object::as_reference)
            && let Ok(info) = lo.get_dictionary_mut(info_ref)
        {
            for (key, value) in extra {
                info.set(key.as_bytes().to_vec(), value.clone());
            }
        }
        compress_streams(&mut lo);
        let mut out = Vec::new();
        if let Err(e) = lo.save_to(&mut out) {
            tracing::error!(error = %e, "writing a PDF failed");
        }
        out
    }
}

/// Compresses every stream not yet compressed. Font programs are the bulk of each file and
/// the same from one document to the next when the same glyphs are used, so their
/// compressed form is remembered (a bounded cache: it only saves time, it holds no state).
fn compress_streams(doc: &mut lopdf::Document) {
    use std::collections::HashMap;
    use std::io::Write;
    use std::sync::Mutex;
    static FONTS: OnceLock<Mutex<HashMap<[u8; 32], Vec<u8>>>> = OnceLock::new();
    const FONT_CACHE_ENTRIES: usize = 512;

    let deflate = |bytes: &[u8]| -> Option<Vec<u8>> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        encoder.write_all(bytes).ok()?;
        encoder.finish().ok()
    };
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let is_font = stream.dict.get(b"Length1").is_ok();
        let compressed = if is_font {
            use sha2::Digest;
            let key: [u8; 32] = sha2::Sha256::digest(&stream.content).into();
            let cache = FONTS.get_or_init(|| Mutex::new(HashMap::new()));
            let hit = cache.lock().ok().and_then(|c| c.get(&key).cloned());
            match hit {
                Some(bytes) => Some(bytes),
                None => {
                    let bytes = deflate(&stream.content);
                    if let (Some(b), Ok(mut c)) = (&bytes, cache.lock()) {
                        if c.len() >= FONT_CACHE_ENTRIES {
                            c.clear();
                        }
                        c.insert(key, b.clone());
                    }
                    bytes
                }
            }
        } else {
            deflate(&stream.content)
        };
        if let Some(bytes) = compressed
            && bytes.len() + 19 < stream.content.len()
        {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(bytes);
        }
    }
}

/// The text of every page, as a PDF reader extracts it (for checks and tests).
pub fn extract_text(pdf: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).ok()
}

/// Reads an entry of a PDF's document information dictionary, as text.
pub fn info_entry(pdf: &[u8], key: &str) -> Option<String> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let info_ref = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let info = doc.get_dictionary(info_ref).ok()?;
    let value = info.get(key.as_bytes()).ok()?.as_str().ok()?;
    String::from_utf8(value.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_and_wrapped_within_the_width() {
        let w = text_width(Face::Regular, 10.0, "Hôtel");
        assert!(w > 20.0 && w < 35.0, "{w}");
        assert!(text_width(Face::Bold, 10.0, "Hôtel") > w, "bold is wider");
        let lines = wrap(
            Face::Regular,
            10.0,
            "Groupe Hôtelier Démo Bruxelles-Etterbeek et Liège-Guillemins",
            100.0,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(Face::Regular, 10.0, l) <= 100.0, "{l}");
        }
        let cut = wrap(Face::Regular, 10.0, &"W".repeat(60), 50.0);
        assert!(cut.len() > 3, "an unbreakable word is cut: {cut:?}");
        // A no-break space holds a figure and its unit together.
        let score = "100,0\u{a0}%";
        let w = text_width(Face::Regular, 10.0, score);
        assert_eq!(wrap(Face::Regular, 10.0, score, w + 0.1), vec![score]);
        assert_eq!(
            wrap(Face::Regular, 10.0, &format!("Score {score}"), w + 5.0),
            vec!["Score".to_owned(), score.to_owned()]
        );
    }
}
