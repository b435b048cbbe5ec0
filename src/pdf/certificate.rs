//! The compliance certificate: one A4 landscape page, with the signed content inside.

use super::{Align, Document, Face, Meta, colours, text_width};
use crate::domain::Lang;
use crate::domain::certificate::CertificateContent;
use crate::i18n;

/// Keys of the document information dictionary that carry the signed content.
pub const CONTENT_KEY: &str = "CodecheckCertificate";
pub const SIGNATURE_KEY: &str = "CodecheckSignature";
pub const KEY_ID_KEY: &str = "CodecheckKeyId";

/// The signed content, its signature and key id, as they travel in the PDF.
pub struct Signed<'a> {
    pub content: &'a CertificateContent,
    pub signature: &'a str,
    pub key_id: &'a str,
}

fn t(lang: Lang, key: &str) -> String {
    i18n::t(lang, key)
}

fn ta(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    i18n::t_args(lang, key, args)
}

/// Renders the certificate in `lang`; `verify_url` goes under the QR code.
pub fn render(signed: &Signed<'_>, lang: Lang, verify_url: &str) -> Vec<u8> {
    let c = signed.content;
    let title = t(lang, "certificate-title");
    let mut doc = Document::new(&title, super::A4_LANDSCAPE);
    let mut page = doc.page();
    let (w, h) = (page.width, page.height);
    let margin = 42.0;

    // A frame, and a band of the brand colour across the top.
    page.stroke_rect(
        margin / 2.0,
        margin / 2.0,
        w - margin,
        h - margin,
        1.2,
        colours::brand(),
    );
    page.fill_rect(
        margin / 2.0,
        h - margin / 2.0 - 10.0,
        w - margin,
        10.0,
        colours::brand(),
    );

    let centre = w / 2.0;
    let mut y = h - 88.0;
    page.text_aligned(
        centre,
        y,
        Face::Regular,
        12.0,
        colours::muted(),
        Align::Center,
        &t(lang, "certificate-kicker"),
    );
    y -= 34.0;
    page.text_aligned(
        centre,
        y,
        Face::Bold,
        26.0,
        colours::ink(),
        Align::Center,
        &title,
    );
    y -= 40.0;
    // The holder: the site, large, then its company and place; long names shrink to fit.
    let max = w - 2.0 * margin - 40.0;
    let mut size = 20.0;
    while size > 11.0 && text_width(Face::Bold, size, &c.site) > max {
        size -= 1.0;
    }
    page.text_aligned(
        centre,
        y,
        Face::Bold,
        size,
        colours::brand(),
        Align::Center,
        &c.site,
    );
    y -= 22.0;
    let place = format!("{} · {} · {}, {}", c.company, c.unit, c.city, c.country);
    let mut size = 12.0;
    while size > 8.0 && text_width(Face::Regular, size, &place) > max {
        size -= 0.5;
    }
    page.text_aligned(
        centre,
        y,
        Face::Regular,
        size,
        colours::ink(),
        Align::Center,
        &place,
    );
    y -= 26.0;
    page.text_aligned(
        centre,
        y,
        Face::Regular,
        12.0,
        colours::ink(),
        Align::Center,
        &ta(
            lang,
            "certificate-statement",
            &[("year", c.year.to_string())],
        ),
    );

    // The six criteria, one per line, with their status aligned on the right.
    y -= 40.0;
    let left = margin + 60.0;
    let status_x = w - margin - 60.0;
    page.hline(left, status_x, y + 18.0, 0.6, colours::line());
    for criterion in &c.criteria {
        let (mark, colour) = if criterion.compliant {
            ("✓", colours::ok())
        } else {
            ("✗", colours::no())
        };
        page.text(left, y, Face::Bold, 13.0, colour.clone(), mark);
        let label = format!("{}. {}", criterion.number, criterion.title.get(lang));
        let status = format!(
            "{} · {} %",
            if criterion.compliant {
                t(lang, "compliant")
            } else {
                t(lang, "not-compliant")
            },
            criterion.score
        );
        let room = status_x - left - 40.0 - text_width(Face::Regular, 11.0, &status);
        let mut size = 12.5;
        while size > 8.0 && text_width(Face::Bold, size, &label) > room {
            size -= 0.5;
        }
        page.text(left + 20.0, y, Face::Bold, size, colours::ink(), &label);
        page.text_aligned(
            status_x,
            y,
            Face::Regular,
            11.0,
            colour,
            Align::Right,
            &status,
        );
        page.hline(left, status_x, y - 9.0, 0.6, colours::line());
        y -= 27.0;
    }

    // The facts at the bottom left, the QR code at the bottom right.
    let qr_size = 96.0;
    let qr_x = w - margin - qr_size - 6.0;
    let qr_y = margin + 14.0;
    page.qr(qr_x, qr_y, qr_size, verify_url);
    page.text_aligned(
        qr_x + qr_size / 2.0,
        qr_y - 6.0,
        Face::Regular,
        7.0,
        colours::muted(),
        Align::Center,
        &t(lang, "certificate-scan"),
    );
    let date = |d: time::Date| i18n::format_date(lang, d);
    let facts = [
        (t(lang, "certificate-serial"), c.serial.to_string()),
        (
            t(lang, "certificate-validity"),
            ta(
                lang,
                "certificate-validity-range",
                &[("from", date(c.valid_from)), ("until", date(c.valid_until))],
            ),
        ),
        (t(lang, "certificate-issued-by"), c.approving_body.clone()),
        (
            t(lang, "certificate-criteria-version"),
            c.criteria_version.clone(),
        ),
    ];
    let mut fy = margin + 82.0;
    let label_w = facts
        .iter()
        .map(|(l, _)| text_width(Face::Regular, 9.5, l))
        .fold(0.0, f32::max)
        + 12.0;
    for (label, value) in &facts {
        page.text(left, fy, Face::Regular, 9.5, colours::muted(), label);
        page.text(left + label_w, fy, Face::Bold, 10.5, colours::ink(), value);
        fy -= 17.0;
    }
    page.text(
        left,
        fy - 4.0,
        Face::Regular,
        9.0,
        colours::brand(),
        &ta(
            lang,
            "certificate-verify-at",
            &[("link", verify_url.to_owned())],
        ),
    );
    doc.add(page);

    let content = String::from_utf8(c.signed_bytes()).unwrap_or_default();
    let subject = format!("{} — {} {}", title, c.site, c.year);
    let created = super::noon(c.issued_on);
    doc.finish(
        &Meta {
            title: &subject,
            author: &c.approving_body,
            subject: &title,
            lang,
            created,
        },
        &[
            (CONTENT_KEY, content),
            (SIGNATURE_KEY, signed.signature.to_owned()),
            (KEY_ID_KEY, signed.key_id.to_owned()),
        ],
    )
}

/// The signed content, signature and key id found in a certificate PDF.
pub fn extract(pdf: &[u8]) -> Option<(String, String, String)> {
    Some((
        super::info_entry(pdf, CONTENT_KEY)?,
        super::info_entry(pdf, SIGNATURE_KEY)?,
        super::info_entry(pdf, KEY_ID_KEY)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_content_travels_inside_the_pdf() {
        let content = CertificateContent::example();
        let pdf = render(
            &Signed {
                content: &content,
                signature: "c2lnbmF0dXJl",
                key_id: "0011223344556677",
            },
            Lang::Fr,
            "https://codecheck.example/verify/X",
        );
        assert!(pdf.starts_with(b"%PDF-"));
        let (text, signature, kid) = extract(&pdf).expect("the content is in the PDF");
        assert_eq!(text.as_bytes(), content.signed_bytes().as_slice());
        assert_eq!(signature, "c2lnbmF0dXJl");
        assert_eq!(kid, "0011223344556677");
        let text = crate::pdf::extract_text(&pdf).unwrap();
        assert!(text.contains("Hôtel Démo Bruxelles-Étterbeek"), "{text}");
        assert!(
            text.contains("Łódź") && text.contains("Ξενοδοχεία"),
            "{text}"
        );
        assert!(text.contains(content.serial.as_str()));
        assert!(text.contains("Politique et procédures"));
        if let Ok(path) = std::env::var("CODECHECK_PDF_SAMPLE") {
            std::fs::write(path, &pdf).unwrap();
        }
    }
}
