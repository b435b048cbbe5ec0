//! Translation with Fluent: the messages live in `locales/{en,fr,nl}/*.ftl`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use time::Date;

use crate::domain::Lang;
use crate::error::{Arg, Msg};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments would end up inside HTML and CSV.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");
static NL: LanguageIdentifier = langid!("nl");

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::Nl => &NL,
    }
}

/// What follows a label before its value: `: `, and in French a no-break space first.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}: ",
        Lang::En | Lang::Nl => ": ",
    }
}

/// The message `key` in `lang`; falls back to English, then to the key itself.
pub fn t(lang: Lang, key: &str) -> String {
    LOCALES.lookup(id(lang), key)
}

pub fn t_args(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), arg_value(v)))
        .collect();
    LOCALES.lookup_with_args(id(lang), key, &map)
}

/// Whole numbers travel as numbers, so that plural forms (`[one]`, `*[other]`) apply; a
/// text that merely looks numeric ("007", an employee reference) stays text.
fn arg_value(v: &str) -> FluentValue<'static> {
    match v.parse::<i64>() {
        Ok(n) if n.to_string() == v => FluentValue::from(n),
        _ => FluentValue::from(v.to_owned()),
    }
}

/// Renders `m` in `lang`: its numbers and nested messages are formatted here, not before.
pub fn msg(lang: Lang, m: &Msg) -> String {
    let args: Vec<(&'static str, String)> = m
        .args
        .iter()
        .map(|(name, arg)| {
            let text = match arg {
                Arg::Text(t) => t.clone(),
                Arg::Number(n) => format_number(lang, *n),
                Arg::Score(s) => format_score(lang, *s),
                Arg::Messages(parts, separator) => parts
                    .iter()
                    .map(|p| msg(lang, p))
                    .collect::<Vec<_>>()
                    .join(separator),
            };
            (*name, text)
        })
        .collect();
    t_args(lang, m.key, &args)
}

/// Every argument name the messages use.
#[rustfmt::skip]
const ARG_NAMES: &[&str] = &[
    "year", "number", "page", "pages", "from", "until", "site", "link", "email", "round", "id",
    "count", "items", "version", "date", "score", "status", "detail", "first", "last", "value",
    "item", "max", "line", "columns", "employee", "trained", "required", "roles", "percent",
    "answer", "sites", "q", "total", "minutes", "seconds", "criteria", "details", "rules", "title",
    "min", "answers", "points", "field", "deliveries", "modules", "issuer", "whole", "text",
    "note",
];

/// Whether `lang` has the message `key` (tests use it to catch untranslated messages).
/// Every argument name the messages use is supplied, so formatting cannot fail.
pub fn has_key(lang: Lang, key: &str) -> bool {
    let args: HashMap<Cow<'static, str>, FluentValue> = ARG_NAMES
        .iter()
        .map(|n| (Cow::Borrowed(*n), FluentValue::from("1")))
        .collect();
    // No fallback here: a message missing in French must not pass as the English one.
    LOCALES
        .lookup_single_language(id(lang), key, Some(&args))
        .is_ok()
}

/// "23 November 2026", "23 novembre 2026", "23 november 2026".
pub fn format_date(lang: Lang, date: Date) -> String {
    let month = t(lang, &format!("month-{}", u8::from(date.month())));
    match (lang, date.day()) {
        // French writes the first of the month as an ordinal: « 1er décembre ».
        (Lang::Fr, 1) => format!("1er {} {}", month, date.year()),
        _ => format!("{} {} {}", date.day(), month, date.year()),
    }
}

/// A score in percent, for display wherever a threshold is involved: always one decimal,
/// rounded down (79.96 reads "79.9", never "80"), with the reader's decimal separator
/// (`54.5` in English, `54,5` in French and Dutch). The ` %` is left to the message.
pub fn format_score(lang: Lang, percent: f64) -> String {
    let tenths = (crate::domain::scoring::floor_tenth(percent) * 10.0).round() as i64;
    with_separator(lang, format!("{}.{}", tenths / 10, (tenths % 10).abs()))
}

/// A plain number (a threshold such as 80 or 62.5, a coverage) with at most one decimal
/// and the reader's decimal separator: no decimals when it is whole.
pub fn format_number(lang: Lang, value: f64) -> String {
    let value = (value * 10.0).round() / 10.0;
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        with_separator(lang, format!("{value:.1}"))
    }
}

/// A file size in kilobytes (`Ko` in French, `KB` otherwise), rounded up so that a
/// non-empty file never reads 0.
pub fn format_size(lang: Lang, bytes: u64) -> String {
    let kb = bytes.div_ceil(1024);
    format!("{kb}\u{a0}{}", t(lang, "unit-kilobyte"))
}

fn with_separator(lang: Lang, text: String) -> String {
    match lang {
        Lang::En => text,
        Lang::Fr | Lang::Nl => text.replace('.', ","),
    }
}

/// Formats a stored timestamp or date (`2026-11-23T12:00:00Z` or `2026-11-23`) as a date.
pub fn format_stamp(lang: Lang, stamp: &str) -> String {
    let day = stamp.get(..10).unwrap_or(stamp);
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(day, &fmt) {
        Ok(d) => format_date(lang, d),
        Err(_) => stamp.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_rounded_down_with_the_readers_separator() {
        assert_eq!(format_score(Lang::En, 54.5), "54.5");
        assert_eq!(format_score(Lang::Fr, 54.5), "54,5");
        assert_eq!(format_score(Lang::Nl, 54.5), "54,5");
        // Just under the threshold never reads as meeting it.
        assert_eq!(format_score(Lang::En, 79.96), "79.9");
        assert_eq!(format_score(Lang::Fr, 79.5), "79,5");
        assert_eq!(format_score(Lang::En, 80.0), "80.0");
        assert_eq!(format_score(Lang::En, 100.0), "100.0");
        assert_eq!(format_number(Lang::Fr, 80.0), "80");
        assert_eq!(format_number(Lang::Fr, 62.5), "62,5");
        assert_eq!(format_size(Lang::Fr, 2048), "2\u{a0}Ko");
        assert_eq!(format_size(Lang::En, 1), "1\u{a0}KB");
    }

    #[test]
    fn dates_are_written_per_language() {
        let d = time::macros::date!(2026 - 11 - 23);
        assert_eq!(format_date(Lang::En, d), "23 November 2026");
        assert_eq!(format_date(Lang::Fr, d), "23 novembre 2026");
        assert_eq!(format_date(Lang::Nl, d), "23 november 2026");
        assert_eq!(
            format_stamp(Lang::Fr, "2026-02-01T10:00:00Z"),
            "1er février 2026"
        );
        assert_eq!(
            format_stamp(Lang::Nl, "2026-02-01T10:00:00Z"),
            "1 februari 2026"
        );
    }

    #[test]
    fn every_message_exists_in_every_language() {
        // Every file of `locales/en`: the loader reads them all, one per area of the app.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
        let mut english = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ftl") {
                english.push_str(&std::fs::read_to_string(path).unwrap());
                english.push('\n');
            }
        }
        let ids: Vec<&str> = english
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
            .collect();
        assert!(ids.len() > 100);
        for lang in Lang::ALL {
            for id in &ids {
                assert!(has_key(lang, id), "{id} is missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn plural_forms_follow_numbers() {
        let one = msg(Lang::Fr, &Msg::new("import-has-errors").arg("count", 1));
        assert!(one.starts_with("Un problème"), "{one}");
        let two = msg(Lang::Fr, &Msg::new("import-has-errors").arg("count", 2));
        assert!(two.starts_with("2 problèmes"), "{two}");
        let kept = msg(
            Lang::En,
            &Msg::new("import-role-missing").arg("employee", "007"),
        );
        assert!(kept.starts_with("007 "), "{kept}");
        let year = msg(Lang::En, &Msg::new("assessment-of-year").arg("year", 2026));
        assert_eq!(year, "Assessment 2026");
        // No "1 lignes": what follows a count agrees with it, in every language.
        for (lang, one, many) in [
            (
                Lang::Fr,
                "ligne ajoute des données",
                "lignes ajoutent des données",
            ),
            (Lang::Nl, "regel voegt iets toe", "regels voegen iets toe"),
            (Lang::En, "row adds something", "rows add something"),
        ] {
            assert_eq!(msg(lang, &Msg::new("import-added").arg("count", 1)), one);
            assert_eq!(msg(lang, &Msg::new("import-added").arg("count", 3)), many);
        }
        let missing = msg(Lang::Fr, &Msg::new("submit-missing-count").arg("count", 1));
        assert_eq!(missing, "Encore 1 point à renseigner ou à confirmer.");
        let sentence = |count: i64, sites: i64| {
            msg(
                Lang::En,
                &Msg::new("annual-criterion-sentence")
                    .arg("count", count)
                    .arg("sites", sites)
                    .arg("percent", "50")
                    .arg("number", 2),
            )
        };
        assert_eq!(sentence(0, 1), "The site does not meet criterion 2 yet.");
        assert_eq!(sentence(1, 1), "The site meets criterion 2.");
        assert_eq!(sentence(1, 2), "1 of 2 sites (50 %) meets criterion 2.");
        assert_eq!(sentence(0, 2), "None of the 2 sites meets criterion 2 yet.");
    }

    /// French puts a space before a colon: no message has a word glued to one (a header
    /// such as `Content-Type:` is not French), and labels on pages use [`colon`].
    #[test]
    fn french_has_a_space_before_each_colon() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/fr");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let text = line.split_once(" = ").map_or(line, |(_, v)| v);
                if line.starts_with('#') || text.contains("Content-Type:") {
                    continue;
                }
                let glued = text
                    .char_indices()
                    .filter(|(_, c)| *c == ':')
                    .any(|(i, _)| {
                        let before = text[..i].chars().last();
                        let after = text[i + 1..].chars().next();
                        before.is_some_and(|b| !b.is_whitespace() && b != '\u{a0}')
                            && after.is_none_or(char::is_whitespace)
                    });
                assert!(!glued, "{}: {line}", path.display());
            }
        }
        assert_eq!(colon(Lang::Fr), "\u{a0}: ");
        assert_eq!(colon(Lang::En), ": ");
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = msg(
            Lang::En,
            &Msg::new("error-incomplete").arg("items", "1.2, 3.4"),
        );
        assert!(s.contains("1.2, 3.4"), "{s}");
        assert!(!s.contains('\u{2068}'));
    }
}
