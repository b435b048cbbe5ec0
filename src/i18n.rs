//! Translation with Fluent: the messages live in `locales/{en,fr,nl}/*.ftl`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use time::Date;

use crate::domain::Lang;
use crate::error::Msg;

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

pub fn msg(lang: Lang, m: &Msg) -> String {
    t_args(lang, m.key, &m.args)
}

/// Whether `lang` has the message `key` (tests use it to catch untranslated messages).
/// Every argument name the messages use is supplied, so formatting cannot fail.
pub fn has_key(lang: Lang, key: &str) -> bool {
    let args: HashMap<Cow<'static, str>, FluentValue> = [
        "year", "number", "page", "pages", "from", "until", "site", "link", "email", "round", "id",
        "count", "items", "version", "date", "score", "status", "detail", "first", "last", "value",
        "item", "max", "line", "columns", "employee", "trained", "required", "roles", "percent",
        "answer", "sites", "q", "total", "minutes", "seconds", "criteria", "details", "rules",
        "title", "min", "field",
    ]
    .into_iter()
    .map(|n| (Cow::Borrowed(n), FluentValue::from("1")))
    .collect();
    // No fallback here: a message missing in French must not pass as the English one.
    LOCALES
        .lookup_single_language(id(lang), key, Some(&args))
        .is_ok()
}

/// "23 November 2026", "23 novembre 2026", "23 november 2026".
pub fn format_date(lang: Lang, date: Date) -> String {
    let month = t(lang, &format!("month-{}", u8::from(date.month())));
    match lang {
        Lang::En | Lang::Fr | Lang::Nl => format!("{} {} {}", date.day(), month, date.year()),
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
    fn dates_are_written_per_language() {
        let d = time::macros::date!(2026 - 11 - 23);
        assert_eq!(format_date(Lang::En, d), "23 November 2026");
        assert_eq!(format_date(Lang::Fr, d), "23 novembre 2026");
        assert_eq!(format_date(Lang::Nl, d), "23 november 2026");
        assert_eq!(
            format_stamp(Lang::Fr, "2026-02-01T10:00:00Z"),
            "1 février 2026"
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
