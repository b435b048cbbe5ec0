//! The staff card: the site's procedure for a suspected case on one A4 page, large type,
//! to pin up behind the front desk.

use super::{Align, Document, Face, Meta, colours, text_width, wrap};
use crate::domain::Lang;
use crate::domain::procedure::Contact;
use crate::i18n;

pub struct Card<'a> {
    pub site: &'a str,
    pub city: &'a str,
    pub steps: &'a [String],
    pub internal: &'a [Contact],
    pub external: &'a [Contact],
    /// "Version 3, reviewed on 2 March 2026"
    pub footer: String,
}

/// Lays the card out at the largest type size that fits on one page.
pub fn render(card: &Card<'_>, lang: Lang) -> Vec<u8> {
    let title = i18n::t(lang, "card-title");
    let mut size: f32 = 20.0;
    // Shrink until everything fits on the page.
    while size > 9.0 && height_needed(card, size) > 842.0 - 160.0 - 140.0 {
        size -= 0.5;
    }
    let mut doc = Document::new(&title, super::A4_PORTRAIT);
    let mut page = doc.page();
    let (w, h) = (page.width, page.height);
    let margin = 48.0;
    let width = w - 2.0 * margin;
    let title_lines = wrap(Face::Bold, 24.0, &title, width);
    let band = 44.0 + title_lines.len() as f32 * 30.0 + 22.0;
    page.fill_rect(0.0, h - band, w, band, colours::brand());
    let mut ty = h - 54.0;
    for line in &title_lines {
        page.text(
            margin,
            ty,
            Face::Bold,
            24.0,
            super::rgb(255, 255, 255),
            line,
        );
        ty -= 30.0;
    }
    page.text(
        margin,
        ty - 2.0,
        Face::Regular,
        13.0,
        super::rgb(255, 255, 255),
        &format!("{} · {}", card.site, card.city),
    );
    let mut y = h - band - 40.0;
    let leading = size * 1.35;

    page.text(
        margin,
        y,
        Face::Bold,
        size + 3.0,
        colours::brand(),
        &i18n::t(lang, "card-steps"),
    );
    y -= leading + 6.0;
    for (i, step) in card.steps.iter().enumerate() {
        let number = format!("{}.", i + 1);
        let indent = text_width(Face::Bold, size, "00.") + 6.0;
        page.text(margin, y, Face::Bold, size, colours::brand(), &number);
        for line in wrap(Face::Regular, size, step, width - indent) {
            page.text(
                margin + indent,
                y,
                Face::Regular,
                size,
                colours::ink(),
                &line,
            );
            y -= leading;
        }
        y -= size * 0.4;
    }

    let mut contacts = |heading: &str, list: &[Contact], y: &mut f32| {
        if list.is_empty() {
            return;
        }
        *y -= size * 0.6;
        page.text(
            margin,
            *y,
            Face::Bold,
            size + 3.0,
            colours::brand(),
            heading,
        );
        *y -= leading + 4.0;
        for c in list {
            let label = if c.name.is_empty() {
                c.label.clone()
            } else {
                format!("{} — {}", c.label, c.name)
            };
            let number_w = text_width(Face::Bold, size + 2.0, &c.number) + 12.0;
            for line in wrap(Face::Regular, size, &label, width - number_w) {
                page.text(margin, *y, Face::Regular, size, colours::ink(), &line);
                *y -= leading;
            }
            page.text_aligned(
                w - margin,
                *y + leading,
                Face::Bold,
                size + 2.0,
                colours::ink(),
                Align::Right,
                &c.number,
            );
            page.hline(
                margin,
                w - margin,
                *y + leading - size * 0.55,
                0.5,
                colours::line(),
            );
            *y -= size * 0.3;
        }
    };
    contacts(&i18n::t(lang, "card-internal"), card.internal, &mut y);
    contacts(&i18n::t(lang, "card-external"), card.external, &mut y);

    page.fill_rect(margin - 8.0, 62.0, width + 16.0, 46.0, colours::pale());
    let never = i18n::t(lang, "card-never-alone");
    let lines = wrap(Face::Bold, 11.0, &never, width);
    let mut fy = 62.0 + 46.0 - 18.0;
    for line in lines.iter().take(2) {
        page.text(margin, fy, Face::Bold, 11.0, colours::ink(), line);
        fy -= 15.0;
    }
    page.text(
        margin,
        40.0,
        Face::Regular,
        8.0,
        colours::muted(),
        &card.footer,
    );
    doc.add(page);
    doc.finish(
        &Meta {
            title: &format!("{title} — {}", card.site),
            author: card.site,
            subject: &title,
            lang,
            created: time::OffsetDateTime::now_utc(),
        },
        &[],
    )
}

fn height_needed(card: &Card<'_>, size: f32) -> f32 {
    let width = 595.0 - 2.0 * 48.0;
    let leading = size * 1.35;
    let indent = text_width(Face::Bold, size, "00.") + 6.0;
    let mut h = leading + 6.0;
    for step in card.steps {
        h += wrap(Face::Regular, size, step, width - indent).len() as f32 * leading + size * 0.4;
    }
    for list in [card.internal, card.external] {
        if list.is_empty() {
            continue;
        }
        h += size * 0.6 + leading + 4.0;
        for c in list {
            let label = format!("{} — {}", c.label, c.name);
            let number_w = text_width(Face::Bold, size + 2.0, &c.number) + 12.0;
            h += wrap(Face::Regular, size, &label, width - number_w).len() as f32 * leading
                + size * 0.3;
        }
    }
    h
}
