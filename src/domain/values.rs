//! Domain values built only through constructors that check them: once built, the type is the proof.
//!
//! A failed check names the rule that failed with a stable message id (`invalid-email`...),
//! which the web layer turns into a sentence in the user's language.

use serde::Serialize;
use validator::ValidateEmail;

/// Which rule a value broke; the id doubles as the message id in `locales/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid(pub &'static str);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Invalid> {
        let email = raw.trim().to_lowercase();
        if email.len() > 254 || !email.validate_email() {
            return Err(Invalid("invalid-email"));
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 12 to 256 characters, and not one that is easy to guess. The strength is
/// zxcvbn's estimate (common passwords, keyboard runs, dates, repeats, words of the user's own
/// e-mail address); hashing lives in the store.
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Password, Invalid> {
        Self::parse_for(raw, &[])
    }

    /// `about_the_user`: words an attacker would try first for this account (its e-mail).
    pub fn parse_for(raw: &str, about_the_user: &[&str]) -> Result<Password, Invalid> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(Invalid("password-too-short"));
        }
        if n > Self::MAX_CHARS {
            return Err(Invalid("password-too-long"));
        }
        let words = guessable_words(about_the_user);
        let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
        if zxcvbn::zxcvbn(raw, &inputs).score() < zxcvbn::Score::Three {
            return Err(Invalid("password-too-weak"));
        }
        // zxcvbn finds such words only where they stand alone, so `esc114demotest` passed for
        // esc114@demo.test: the password must also be strong once they are taken out.
        let folded: String = raw
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let mut rest = folded.clone();
        for w in &words {
            rest = rest.replace(w.as_str(), " ");
        }
        if rest != folded && zxcvbn::zxcvbn(rest.trim(), &inputs).score() < zxcvbn::Score::Three {
            return Err(Invalid("password-too-weak"));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The words an attacker tries first: the app's own names, and each word of `about_the_user`
/// (an e-mail address) alone and run together, lower case, longest first.
fn guessable_words(about_the_user: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = ["codecheck", "ecpat", "thecode"]
        .map(str::to_owned)
        .to_vec();
    let joined = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for s in about_the_user {
        let (local, domain) = s.split_once('@').unwrap_or((s, ""));
        words.extend(s.split(|c: char| !c.is_alphanumeric()).map(joined).chain([
            joined(s),
            joined(local),
            joined(domain),
        ]));
    }
    words.retain(|w| w.chars().count() >= 3);
    words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    words.dedup();
    words
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Characters that change the direction in which the text around them is shown (the
/// "Trojan Source" trick: `U+202E` makes `exe.txt` read `txt.exe`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Joiners that some scripts need inside words (Persian, the Indic scripts) and emoji
/// sequences use: kept in names, ignored when names are compared (`name_skeleton`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// A free-text name as a person typed it (of a company, site, token or staff member), in
/// Unicode NFC and trimmed, or why it cannot be one: control characters (NUL, line breaks),
/// bidi controls, and invisible format characters (zero-width space, BOM, tags) are refused,
/// since they show nothing or show something else than what is stored. The length is the
/// caller's rule.
pub fn name_text(raw: &str) -> Result<String, Invalid> {
    use unicode_general_category::{GeneralCategory, get_general_category};
    use unicode_normalization::UnicodeNormalization;
    let name: String = raw.trim().nfc().collect();
    let mut invisible = false;
    for c in name.chars() {
        match get_general_category(c) {
            GeneralCategory::Control
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator => return Err(Invalid("name-control-chars")),
            _ if is_bidi_control(c) => return Err(Invalid("name-bidi-chars")),
            GeneralCategory::Format if !is_joiner(c) => invisible = true,
            _ => {}
        }
    }
    if invisible {
        return Err(Invalid("name-invisible-chars"));
    }
    Ok(name)
}

/// What a name looks like, for telling look-alikes apart: compatibility forms folded (NFKC:
/// `ﬁ` is `fi`, full-width `Ａ` is `A`), case ignored, joiners and spaces of any kind
/// ignored, and each character mapped to the one it is confusable with (Unicode's UTS #39
/// skeleton: Cyrillic `а` is Latin `a`, `0` is `O`). Two names with the same skeleton read the
/// same to a person.
pub fn name_skeleton(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = name
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !is_joiner(*c) && !c.is_whitespace())
        .collect();
    unicode_security::skeleton(&folded)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Those of `others` that look like `name` ([`name_skeleton`]), for a warning: similar names
/// are allowed (two hotels may share a name in different cities), confusing ones are worth
/// a second look.
pub fn look_alikes<'a>(name: &str, others: &'a [String]) -> Vec<&'a str> {
    let skeleton = name_skeleton(name);
    others
        .iter()
        .filter(|o| name_skeleton(o) == skeleton)
        .map(String::as_str)
        .collect()
}

/// The name of a company, unit or site (or a city): a [`name_text`] of 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NodeName(String);

impl NodeName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<NodeName, Invalid> {
        let name = name_text(raw)?;
        if name.is_empty() {
            return Err(Invalid("name-required"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Invalid("name-too-long"));
        }
        Ok(NodeName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`BE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Country(String);

/// The officially assigned ISO 3166-1 alpha-2 codes, sorted.
const ISO_3166_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

impl Country {
    pub fn parse(raw: &str) -> Result<Country, Invalid> {
        let code = raw.trim().to_ascii_uppercase();
        if ISO_3166_ALPHA2.binary_search(&code.as_str()).is_ok() {
            Ok(Country(code))
        } else {
            Err(Invalid("invalid-country"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reporting year: from 2000 (before The Code's audits went digital) up to next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ReportingYear(i32);

impl ReportingYear {
    pub const FIRST: i32 = 2000;

    /// `current_year` comes from the caller's clock so this stays pure.
    pub fn parse(year: i64, current_year: i32) -> Result<ReportingYear, Invalid> {
        if year < i64::from(Self::FIRST) || year > i64::from(current_year) + 1 {
            return Err(Invalid("invalid-year"));
        }
        Ok(ReportingYear(year as i32))
    }

    pub fn get(self) -> i32 {
        self.0
    }

    pub fn previous(self) -> i32 {
        self.0 - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Manager@Demo.TEST ").unwrap().as_str(),
            "manager@demo.test"
        );
        for bad in ["", "nope", "a@", "@b.c", "a b@c.d"] {
            assert_eq!(Email::parse(bad), Err(Invalid("invalid-email")), "{bad}");
        }
    }

    #[test]
    fn password_needs_twelve_characters() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("pylon quartz").is_ok());
        assert!(Password::parse("pylon quart").is_err(), "eleven");
        // Characters, not bytes: twelve accented letters are enough.
        assert!(Password::parse("éàüöçñøåßœæî").is_ok());
        assert!(Password::parse(&"x".repeat(257)).is_err());
    }

    #[test]
    fn a_password_made_of_the_address_is_weak_however_it_is_joined() {
        let address = ["esc114@demo.test"];
        for pw in [
            "esc114demotest",
            "esc114@demo.test",
            "Demo.Test-esc114",
            "testdemoesc114",
            "ESC114DEMOTEST!",
            "esc114demo2026",
        ] {
            assert!(
                matches!(
                    Password::parse_for(pw, &address),
                    Err(Invalid("password-too-weak"))
                ),
                "{pw}"
            );
        }
        // The address may be part of a password that is strong without it.
        assert!(Password::parse_for("esc114 lantern orbit meadow", &address).is_ok());
        assert!(Password::parse_for("correct horse battery staple", &address).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            NodeName::parse("  Hôtel Démo ").unwrap().as_str(),
            "Hôtel Démo"
        );
        assert_eq!(NodeName::parse("   "), Err(Invalid("name-required")));
        assert!(NodeName::parse(&"a".repeat(201)).is_err());
        assert!(NodeName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn names_refuse_what_shows_nothing_or_something_else() {
        for (raw, why) in [
            ("Hôtel\u{0}Démo", "name-control-chars"),
            ("Hôtel\nDémo", "name-control-chars"),
            ("Hôtel\u{2028}Démo", "name-control-chars"),
            ("Hôtel \u{202E}omeD", "name-bidi-chars"),
            ("Hôtel \u{2067}Démo\u{2069}", "name-bidi-chars"),
            ("Hôtel \u{200F}Démo", "name-bidi-chars"),
            ("Hôtel\u{200B}Démo", "name-invisible-chars"),
            ("Hôtel\u{FEFF}Démo", "name-invisible-chars"),
            ("Hôtel\u{E0041}Démo", "name-invisible-chars"),
            ("Hôtel\u{00AD}Démo", "name-invisible-chars"),
        ] {
            assert_eq!(NodeName::parse(raw), Err(Invalid(why)), "{raw:?}");
            assert_eq!(name_text(raw), Err(Invalid(why)), "{raw:?}");
        }
        // Scripts that need joiners keep them: a Persian word with a ZWNJ, and an emoji.
        assert!(NodeName::parse("می\u{200C}خواهم").is_ok());
        assert!(NodeName::parse("Hôtel 👩\u{200D}🍳").is_ok());
        assert!(
            NodeName::parse("فندق القاهرة").is_ok(),
            "right-to-left text itself is fine"
        );
    }

    #[test]
    fn names_are_stored_composed() {
        let decomposed = "Ho\u{0302}tel De\u{0301}mo";
        let name = NodeName::parse(decomposed).unwrap();
        assert_eq!(name.as_str(), "Hôtel Démo");
        assert_eq!(name.as_str().chars().count(), 10);
        assert_eq!(name_text(" Cafe\u{0301} ").unwrap(), "Café");
    }

    #[test]
    fn look_alike_names_share_a_skeleton() {
        let site = name_skeleton("Hôtel Paris");
        for alike in [
            "hôtel paris",
            "HÔTEL PARIS",
            "Hôtel Pаris",         // Cyrillic а
            "Hôtel\u{200D} Paris", // a joiner
            "Hôtel  Paris",        // two spaces
            "Ｈôtel Ｐaris",       // full-width letters
            "Ho\u{0302}tel Paris", // decomposed
        ] {
            assert_eq!(name_skeleton(alike), site, "{alike}");
        }
        assert_eq!(name_skeleton("H0TEL"), name_skeleton("hotel"), "zero and O");
        assert_ne!(name_skeleton("Hôtel Lyon"), site);
        assert_ne!(name_skeleton("Hotel Paris 2"), site);
        let siblings = ["Hôtel Lyon".to_owned(), "HÔTEL PАRIS".to_owned()];
        assert_eq!(look_alikes("Hôtel Paris", &siblings), ["HÔTEL PАRIS"]);
        assert!(look_alikes("Hôtel Nice", &siblings).is_empty());
    }

    #[test]
    fn country_is_two_letters() {
        assert_eq!(Country::parse("be").unwrap().as_str(), "BE");
        assert!(Country::parse("BEL").is_err());
        assert!(Country::parse("1E").is_err());
        assert!(Country::parse("ZZ").is_err(), "not an assigned code");
        assert!(
            Password::parse("password1234").is_err(),
            "long enough, and among the first guesses"
        );
        assert!(Password::parse("azerty123456").is_err());
        assert!(Password::parse("aaaaaaaaaaaaaaaa").is_err());
        assert!(Password::parse("correct horse battery staple").is_ok());
        assert!(
            Password::parse_for("bruxellesmanager", &["manager@bruxelles.example"]).is_err(),
            "made of the user's own address"
        );
        assert!(
            Password::parse("codecheck2026!").is_err(),
            "the app's own name"
        );
        assert!(Country::parse(" nl ").is_ok());
        assert!(
            ISO_3166_ALPHA2.windows(2).all(|w| w[0] < w[1]),
            "sorted for the binary search"
        );
    }

    #[test]
    fn year_must_be_sane() {
        assert!(ReportingYear::parse(2026, 2026).is_ok());
        assert!(ReportingYear::parse(2027, 2026).is_ok());
        assert!(ReportingYear::parse(2028, 2026).is_err());
        assert!(ReportingYear::parse(1999, 2026).is_err());
        assert!(ReportingYear::parse(i64::MAX, 2026).is_err());
    }
}
