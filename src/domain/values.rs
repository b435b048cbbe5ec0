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

/// The name of a company, unit or site (or a city): trimmed, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NodeName(String);

impl NodeName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<NodeName, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid("name-required"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Invalid("name-too-long"));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid("name-control-chars"));
        }
        Ok(NodeName(name.to_owned()))
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
