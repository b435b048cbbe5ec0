//! Certificates: serial numbers, the signed content, and the status a verifier reports.

use serde::{Deserialize, Serialize};
use time::Date;

/// Crockford's base-32 alphabet: no I, L, O or U, so serials read aloud and type safely.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random bytes in a serial: 80 bits, written as 16 symbols.
pub const SERIAL_BYTES: usize = 10;

/// A certificate serial: 80 random bits in 16 Crockford symbols and a Luhn mod 32 check
/// symbol, written in groups of four, `7QK4-M2XD-9RTB-H3ZP-K`. The check catches any one
/// symbol mistyped and any two neighbours swapped (except 0 and Z), so a typo almost
/// never finds another certificate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Serial(String);

impl Serial {
    /// The serial of `random` (10 bytes from a secure source).
    pub fn from_random(random: [u8; SERIAL_BYTES]) -> Serial {
        let mut value: u128 = 0;
        for b in random {
            value = (value << 8) | u128::from(b);
        }
        let mut symbols = [0u8; 16];
        for (i, slot) in symbols.iter_mut().enumerate() {
            let shift = 5 * (15 - i);
            *slot = ALPHABET[((value >> shift) & 31) as usize];
        }
        let check = ALPHABET[luhn_check(&symbols)];
        let body = std::str::from_utf8(&symbols).unwrap_or_default();
        Serial(format!(
            "{}-{}-{}-{}-{}",
            &body[0..4],
            &body[4..8],
            &body[8..12],
            &body[12..16],
            check as char
        ))
    }

    /// Reads a serial as a person may type it: any case, with or without dashes or spaces,
    /// O for 0 and I or L for 1. `None` if it is malformed or its check symbol is wrong.
    pub fn parse(raw: &str) -> Option<Serial> {
        let cleaned: Vec<u8> = raw
            .bytes()
            .filter(|b| !matches!(b, b'-' | b' '))
            .map(|b| b.to_ascii_uppercase())
            .collect();
        if cleaned.len() != 17 {
            return None;
        }
        let mut value: u128 = 0;
        for &b in &cleaned[..16] {
            let b = match b {
                b'O' => b'0',
                b'I' | b'L' => b'1',
                other => other,
            };
            let digit = ALPHABET.iter().position(|&a| a == b)?;
            value = (value << 5) | digit as u128;
        }
        let normalised: Vec<u8> = cleaned
            .iter()
            .map(|b| match b {
                b'O' => b'0',
                b'I' | b'L' => b'1',
                other => *other,
            })
            .collect();
        if ALPHABET[luhn_check(&normalised[..16])] != normalised[16] {
            return None;
        }
        let mut random = [0u8; SERIAL_BYTES];
        for (i, slot) in random.iter_mut().enumerate() {
            *slot = (value >> (8 * (SERIAL_BYTES - 1 - i))) as u8;
        }
        Some(Serial::from_random(random))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn mod 32 check symbol's index for `symbols` (all from [`ALPHABET`]).
fn luhn_check(symbols: &[u8]) -> usize {
    let n = ALPHABET.len();
    let mut factor = 2;
    let mut sum = 0;
    for b in symbols.iter().rev() {
        let code = ALPHABET.iter().position(|a| a == b).unwrap_or(0);
        let addend = factor * code;
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / n + addend % n;
    }
    (n - sum % n) % n
}

impl std::fmt::Display for Serial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Serial {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Serial::parse(&s).ok_or_else(|| format!("{s:?} is not a certificate serial"))
    }
}

impl From<Serial> for String {
    fn from(s: Serial) -> String {
        s.0
    }
}

/// One criterion as the certificate states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertifiedCriterion {
    pub id: String,
    pub number: u32,
    pub title: crate::criteria::Localized,
    pub compliant: bool,
    /// Whole percent.
    pub score: u32,
}

/// The criteria a certificate states, from the audited result (see `scoring::certifiable`):
/// one function, so the approval can check the prepared certificate against its own reading.
pub fn certified_criteria(
    version: &crate::criteria::CriteriaVersion,
    result: &crate::domain::scoring::AssessmentResult,
) -> Vec<CertifiedCriterion> {
    version
        .criteria
        .iter()
        .zip(result.criteria.iter())
        .map(|(c, r)| CertifiedCriterion {
            id: c.id.clone(),
            number: u32::from(c.number),
            title: c.title.clone(),
            compliant: r.compliant,
            score: r.score_percent().round() as u32,
        })
        .collect()
}

/// What a certificate certifies: the content that is signed, shown and verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateContent {
    pub serial: Serial,
    pub company: String,
    pub unit: String,
    pub country: String,
    pub site: String,
    pub city: String,
    pub year: i32,
    pub criteria_version: String,
    pub criteria: Vec<CertifiedCriterion>,
    pub approving_body: String,
    pub issued_on: Date,
    pub valid_from: Date,
    pub valid_until: Date,
}

impl CertificateContent {
    /// The exact bytes the signature covers: compact JSON, fields in declaration order.
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// A complete certificate for tests, fuzzing and examples: a site in Brussels, 2026, the
    /// six criteria titled in the three languages, all compliant, valid for a year from
    /// 2026-11-23. Not used by the app itself.
    #[doc(hidden)]
    pub fn example() -> Self {
        use time::macros::date;
        let titles = [
            (
                "Policy and procedures",
                "Politique et procédures",
                "Beleid en procedures",
            ),
            (
                "Staff training",
                "Formation du personnel",
                "Opleiding van het personeel",
            ),
            ("Contracts", "Contrats", "Contracten"),
            (
                "Informing travellers",
                "Information des voyageurs",
                "Informatie voor reizigers",
            ),
            ("Stakeholders", "Parties prenantes", "Belanghebbenden"),
            ("Annual reporting", "Rapport annuel", "Jaarverslag"),
        ];
        CertificateContent {
            serial: Serial::from_random([7; SERIAL_BYTES]),
            company: "Grupa Hotelowa Łódź — Ξενοδοχεία".into(),
            unit: "Demo Hotels Belgique / België".into(),
            country: "BE".into(),
            site: "Hôtel Démo Bruxelles-Etterbeek".into(),
            city: "Bruxelles".into(),
            year: 2026,
            criteria_version: "2026.1".into(),
            criteria: titles
                .iter()
                .zip(1..)
                .map(|((en, fr, nl), number)| CertifiedCriterion {
                    id: format!("c{}", number - 1),
                    number,
                    title: crate::criteria::Localized {
                        en: (*en).into(),
                        fr: (*fr).into(),
                        nl: (*nl).into(),
                    },
                    compliant: true,
                    score: 100,
                })
                .collect(),
            approving_body: "ECPAT".into(),
            issued_on: date!(2026 - 11 - 23),
            valid_from: date!(2026 - 11 - 23),
            valid_until: date!(2027 - 11 - 22),
        }
    }
}

/// The last day a certificate approved on `from` is valid: `months` later, the day before.
pub fn valid_until(from: Date, months: u32) -> Date {
    let total =
        i64::from(from.year()) * 12 + i64::from(u8::from(from.month())) - 1 + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let day = from.day().min(month.length(year));
    let same_day = Date::from_calendar_date(year, month, day).unwrap_or(from);
    same_day.previous_day().unwrap_or(same_day)
}

/// What a verifier says about a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    Valid,
    Expired,
    Revoked,
    /// Not in force while a major finding raised after the approval is open; valid again
    /// once it is closed.
    Suspended,
    /// The content does not match its signature, or the file its seal.
    Altered,
}

impl CertificateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Expired => "expired",
            CertificateStatus::Revoked => "revoked",
            CertificateStatus::Suspended => "suspended",
            CertificateStatus::Altered => "altered",
        }
    }

    /// The status of an authentic certificate on `today`. Revocation and expiry are final,
    /// so they win over a suspension.
    pub fn of(revoked: bool, suspended: bool, valid_until: Date, today: Date) -> CertificateStatus {
        if revoked {
            CertificateStatus::Revoked
        } else if valid_until < today {
            CertificateStatus::Expired
        } else if suspended {
            CertificateStatus::Suspended
        } else {
            CertificateStatus::Valid
        }
    }
}

/// Whether a finding of `severity`, open or not, suspends the certificate of its
/// assessment: a major one while it is open (an approval needs none open, so an open one
/// was raised after it).
pub fn finding_suspends(severity: &str, open: bool) -> bool {
    open && severity == "major"
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    proptest! {
        #[test]
        fn serials_round_trip_and_catch_a_changed_symbol(random in any::<[u8; 10]>(), pos in 0usize..16, delta in 1usize..32) {
            let serial = Serial::from_random(random);
            prop_assert_eq!(serial.as_str().len(), 21);
            prop_assert_eq!(Serial::parse(serial.as_str()), Some(serial.clone()));
            let typed = serial.as_str().replace('-', "").to_lowercase();
            prop_assert_eq!(Serial::parse(&typed), Some(serial.clone()));
            // One symbol changed: the check symbol notices.
            let mut symbols: Vec<u8> = serial.as_str().bytes().filter(|b| *b != b'-').collect();
            let at = ALPHABET.iter().position(|a| *a == symbols[pos]).unwrap();
            symbols[pos] = ALPHABET[(at + delta) % 32];
            let changed = String::from_utf8(symbols.clone()).unwrap();
            prop_assert_eq!(Serial::parse(&changed), None);
        }

        #[test]
        fn swapped_neighbours_are_caught(random in any::<[u8; 10]>(), pos in 0usize..15) {
            let serial = Serial::from_random(random);
            let mut symbols: Vec<u8> = serial.as_str().bytes().filter(|b| *b != b'-').collect();
            prop_assume!(symbols[pos] != symbols[pos + 1]);
            // Luhn mod 32 misses one swap only: the symbols with codes 0 and 31 (0 and Z).
            let a = ALPHABET.iter().position(|x| *x == symbols[pos]).unwrap();
            let b = ALPHABET.iter().position(|x| *x == symbols[pos + 1]).unwrap();
            prop_assume!(!matches!((a, b), (0, 31) | (31, 0)));
            symbols.swap(pos, pos + 1);
            let swapped = String::from_utf8(symbols).unwrap();
            prop_assert_eq!(Serial::parse(&swapped), None);
        }
    }

    #[test]
    fn malformed_serials_are_refused() {
        for s in [
            "",
            "ABC",
            "7QK4-M2XD-9RTB-H3ZP",
            "7QK4-M2XD-9RTB-H3ZP-KK",
            "UUUU-M2XD-9RTB-H3ZP-K",
        ] {
            assert_eq!(Serial::parse(s), None, "{s}");
        }
    }

    #[test]
    fn validity_runs_to_the_day_before_the_anniversary() {
        assert_eq!(
            valid_until(date!(2026 - 03 - 15), 12),
            date!(2027 - 03 - 14)
        );
        assert_eq!(valid_until(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 27));
        assert_eq!(
            valid_until(date!(2024 - 02 - 29), 12),
            date!(2025 - 02 - 27)
        );
        assert_eq!(valid_until(date!(2026 - 11 - 01), 3), date!(2027 - 01 - 31));
    }

    #[test]
    fn status_on_a_day() {
        let until = date!(2027 - 03 - 14);
        assert_eq!(
            CertificateStatus::of(false, false, until, date!(2027 - 03 - 14)),
            CertificateStatus::Valid
        );
        assert_eq!(
            CertificateStatus::of(false, false, until, date!(2027 - 03 - 15)),
            CertificateStatus::Expired
        );
        assert_eq!(
            CertificateStatus::of(true, false, until, date!(2026 - 05 - 01)),
            CertificateStatus::Revoked
        );
        assert_eq!(
            CertificateStatus::of(false, true, until, date!(2026 - 05 - 01)),
            CertificateStatus::Suspended
        );
        assert_eq!(
            CertificateStatus::of(true, true, until, date!(2026 - 05 - 01)),
            CertificateStatus::Revoked,
            "a revocation is final"
        );
        assert_eq!(
            CertificateStatus::of(false, true, until, date!(2027 - 03 - 15)),
            CertificateStatus::Expired,
            "so is the end of the validity"
        );
        assert!(finding_suspends("major", true));
        assert!(!finding_suspends("major", false));
        assert!(!finding_suspends("minor", true));
    }
}
