//! The compliance certificate: one A4 landscape page, with the signed content inside, and
//! the seal: a signature over every byte of the file except the seal's own slot, so that
//! nothing drawn on the page (an overlay, an appended update, an extra page) can change
//! without the verifier noticing.
//!
//! The seal works like a PDF signature's `/ByteRange`: the Info dictionary holds a hex
//! string of exactly 64 bytes ([`SEAL_KEY`]). It is written first with random bytes, found
//! in the saved file, its 128 hex digits set to `0`, and the signer signs
//! [`seal_message`] of that file; the signature's digits then take the slot's place. The
//! verifier finds the slot by the signature it reads, which must occur exactly once.

use rand::Rng;
use sha2::{Digest, Sha256};

use super::{Align, Document, Face, Meta, colours, text_width};
use crate::domain::Lang;
use crate::domain::certificate::CertificateContent;
use crate::i18n;

/// Keys of the document information dictionary that carry the signed content.
pub const CONTENT_KEY: &str = "CodecheckCertificate";
pub const SIGNATURE_KEY: &str = "CodecheckSignature";
pub const KEY_ID_KEY: &str = "CodecheckKeyId";
/// The seal over the whole file, and the id of the key that made it.
pub const SEAL_KEY: &str = "CodecheckFileSignature";
pub const SEAL_KEY_ID_KEY: &str = "CodecheckFileKeyId";

/// What the seal's signature covers, before the file's own figures.
const SEAL_DOMAIN: &[u8] = b"codecheck certificate file, v1\n";
/// The slot: `<`, 128 hex digits of a 64-byte Ed25519 signature, `>`.
const SLOT_DIGITS: usize = 128;

/// The signed content, its signature and key id, as they travel in the PDF.
pub struct Signed<'a> {
    pub content: &'a CertificateContent,
    pub signature: &'a str,
    pub key_id: &'a str,
}

/// Who seals the file: the id of the key and its signing function (the key itself stays
/// outside the PDF code).
pub struct Sealer<'a> {
    pub key_id: &'a str,
    pub sign: &'a (dyn Fn(&[u8]) -> [u8; 64] + Sync),
}

/// What a verifier finds of the seal in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    /// No seal at all: a file made before whole files were sealed (or one whose seal was
    /// removed); it proves nothing about its page.
    Absent,
    /// A seal that is not where and what it must be: the file was changed.
    Broken,
    /// The seal, the key that made it, and the message it must be the signature of.
    Present {
        key_id: String,
        signature: [u8; 64],
        message: Vec<u8>,
    },
}

/// The bytes the seal signs: the file with the slot's digits set to `0`, where the slot
/// starts and how long the file is (so the slot cannot move), all under a fixed label.
pub fn seal_message(zeroed: &[u8], digits_at: usize) -> Vec<u8> {
    let mut message = SEAL_DOMAIN.to_vec();
    message.extend_from_slice(&(digits_at as u64).to_be_bytes());
    message.extend_from_slice(&(zeroed.len() as u64).to_be_bytes());
    message.extend_from_slice(&Sha256::digest(zeroed));
    message
}

/// `<` + the upper-case hex of `bytes` + `>`, as lopdf writes a hex string.
fn slot_text(bytes: &[u8; 64]) -> Vec<u8> {
    let mut text = Vec::with_capacity(SLOT_DIGITS + 2);
    text.push(b'<');
    text.extend_from_slice(hex::encode_upper(bytes).as_bytes());
    text.push(b'>');
    text
}

/// Where `needle` starts in `haystack`, if it occurs exactly once.
fn only_position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut found = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Seals `file`, saved with `placeholder` in the slot; `None` if the slot is not found once.
fn seal(mut file: Vec<u8>, placeholder: &[u8; 64], sealer: &Sealer<'_>) -> Option<Vec<u8>> {
    let digits_at = only_position(&file, &slot_text(placeholder))? + 1;
    let digits = digits_at..digits_at + SLOT_DIGITS;
    file[digits.clone()].fill(b'0');
    let signature = (sealer.sign)(&seal_message(&file, digits_at));
    file[digits].copy_from_slice(hex::encode_upper(signature).as_bytes());
    Some(file)
}

/// The seal of a certificate file, as the verifier must check it.
pub fn seal_of(pdf: &[u8]) -> Seal {
    let Some(doc) = lopdf::Document::load_mem(pdf).ok() else {
        return Seal::Broken;
    };
    let entry = |key: &str| -> Option<Vec<u8>> {
        let info_ref = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
        let info = doc.get_dictionary(info_ref).ok()?;
        Some(info.get(key.as_bytes()).ok()?.as_str().ok()?.to_vec())
    };
    let (signature, key_id) = match (entry(SEAL_KEY), entry(SEAL_KEY_ID_KEY)) {
        (None, None) => return Seal::Absent,
        (Some(signature), Some(key_id)) => (signature, key_id),
        _ => return Seal::Broken,
    };
    let (Ok(signature), Ok(key_id)) = (<[u8; 64]>::try_from(signature), String::from_utf8(key_id))
    else {
        return Seal::Broken;
    };
    let Some(slot) = only_position(pdf, &slot_text(&signature)) else {
        return Seal::Broken;
    };
    let digits_at = slot + 1;
    let mut zeroed = pdf.to_vec();
    zeroed[digits_at..digits_at + SLOT_DIGITS].fill(b'0');
    Seal::Present {
        key_id,
        signature,
        message: seal_message(&zeroed, digits_at),
    }
}

fn t(lang: Lang, key: &str) -> String {
    i18n::t(lang, key)
}

fn ta(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    i18n::t_args(lang, key, args)
}

/// Renders the certificate in `lang`, sealed by `sealer`; `verify_url` goes under the QR
/// code. `None` only if the saved file could not be sealed.
pub fn render(
    signed: &Signed<'_>,
    lang: Lang,
    verify_url: &str,
    sealer: &Sealer<'_>,
) -> Option<Vec<u8>> {
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
    // Random, so that no text of the certificate (a site's name) can look like the slot.
    let mut placeholder = [0u8; 64];
    rand::rng().fill_bytes(&mut placeholder);
    let literal = |text: &str| lopdf::Object::string_literal(text.as_bytes().to_vec());
    let file = doc.finish(
        &Meta {
            title: &subject,
            author: &c.approving_body,
            subject: &title,
            lang,
            created,
        },
        &[
            (CONTENT_KEY, literal(&content)),
            (SIGNATURE_KEY, literal(signed.signature)),
            (KEY_ID_KEY, literal(signed.key_id)),
            (SEAL_KEY_ID_KEY, literal(sealer.key_id)),
            (
                SEAL_KEY,
                lopdf::Object::String(placeholder.to_vec(), lopdf::StringFormat::Hexadecimal),
            ),
        ],
    );
    seal(file, &placeholder, sealer)
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

    /// A sealer that signs with a fixed key, and its public half.
    fn test_key() -> (ed25519_dalek::SigningKey, crate::signing::PublicKey) {
        use base64::Engine;
        let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
        let public = base64::engine::general_purpose::STANDARD.encode(key.verifying_key());
        let public = crate::signing::PublicKey::from_base64(&public).unwrap();
        (key, public)
    }

    fn sample(content: &CertificateContent) -> Vec<u8> {
        use ed25519_dalek::Signer;
        let (key, _) = test_key();
        let sign = move |m: &[u8]| key.sign(m).to_bytes();
        render(
            &Signed {
                content,
                signature: "c2lnbmF0dXJl",
                key_id: "0011223344556677",
            },
            Lang::Fr,
            "https://codecheck.example/verify/X",
            &Sealer {
                key_id: "8899aabbccddeeff",
                sign: &sign,
            },
        )
        .expect("sealed")
    }

    #[test]
    fn the_seal_covers_every_byte_outside_its_slot() {
        let (_, public) = test_key();
        let content = CertificateContent::example();
        let pdf = sample(&content);
        let verifies = |pdf: &[u8]| match seal_of(pdf) {
            Seal::Present {
                key_id,
                signature,
                message,
            } => key_id == "8899aabbccddeeff" && public.verify_raw(&message, &signature),
            _ => false,
        };
        assert!(verifies(&pdf), "the genuine file");
        let slot = match seal_of(&pdf) {
            Seal::Present { signature, .. } => only_position(&pdf, &slot_text(&signature)),
            other => panic!("{other:?}"),
        }
        .unwrap();
        // Every byte outside the slot's digits, in steps that reach all kinds of objects.
        for i in (0..pdf.len())
            .step_by(37)
            .chain([0, pdf.len() - 1, slot, slot + 129])
        {
            let mut changed = pdf.clone();
            changed[i] ^= 0x20;
            assert!(!verifies(&changed), "byte {i} changed");
        }
        let mut appended = pdf.clone();
        appended.extend_from_slice(b"\n% an incremental update would start here\n");
        assert!(!verifies(&appended), "bytes appended");
        let mut lower = pdf.clone();
        lower[slot + 1..slot + 129].make_ascii_lowercase();
        assert!(!verifies(&lower), "the slot written another way");
    }

    #[test]
    fn a_site_named_like_the_slot_cannot_take_the_seal() {
        let (_, public) = test_key();
        // A name holding a slot of zeros: the file zeroed there equals the file zeroed at
        // the real slot, so only the slot's position in the message tells them apart.
        let zeros = "0".repeat(SLOT_DIGITS);
        let mut content = CertificateContent::example();
        content.site = format!("<{zeros}>");
        let pdf = sample(&content);
        let Seal::Present { signature, .. } = seal_of(&pdf) else {
            panic!("sealed");
        };
        let real = only_position(&pdf, &slot_text(&signature)).unwrap() + 1;
        let name = pdf
            .windows(SLOT_DIGITS)
            .position(|w| w == zeros.as_bytes())
            .unwrap();
        assert_ne!(name, real);
        let mut moved = pdf.clone();
        moved[real..real + SLOT_DIGITS].fill(b'0');
        moved[name..name + SLOT_DIGITS].copy_from_slice(hex::encode_upper(signature).as_bytes());
        let Seal::Present {
            signature, message, ..
        } = seal_of(&moved)
        else {
            panic!("the moved seal is found");
        };
        assert!(!public.verify_raw(&message, &signature), "the moved seal");
    }

    #[test]
    fn the_signed_content_travels_inside_the_pdf() {
        let content = CertificateContent::example();
        let pdf = sample(&content);
        assert!(pdf.starts_with(b"%PDF-"));
        let (text, signature, kid) = extract(&pdf).expect("the content is in the PDF");
        assert_eq!(text.as_bytes(), content.signed_bytes().as_slice());
        assert_eq!(signature, "c2lnbmF0dXJl");
        assert_eq!(kid, "0011223344556677");
        let text = crate::pdf::extract_text(&pdf).unwrap();
        assert!(text.contains("Hôtel Démo Bruxelles-Etterbeek"), "{text}");
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
