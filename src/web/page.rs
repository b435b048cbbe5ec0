//! What every page template shares: the language, the user, the form token, the navigation.

use std::fmt::Display;

use askama::Template;
use axum::response::Html;

use super::context::RequestContext;
use crate::criteria::{Evidence, Localized};
use crate::domain::{AssessmentStatus, Lang, Role};
use crate::error::{Error, Msg, Result};
use crate::i18n;

pub struct NavUser {
    pub email: String,
    pub role: Role,
}

pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub csrf: String,
    pub here: String,
    pub user: Option<NavUser>,
    /// Unread notifications, shown in the navigation.
    pub unread: i64,
}

impl Page {
    pub fn new(ctx: &RequestContext, title: String) -> Page {
        Page {
            lang: ctx.lang,
            title,
            csrf: ctx.csrf().to_owned(),
            here: ctx.here.clone(),
            user: ctx.user().map(|u| NavUser {
                email: u.email.clone(),
                role: u.role,
            }),
            unread: ctx.unread,
        }
    }

    /// A page titled with the message `key`.
    pub fn titled(ctx: &RequestContext, key: &str) -> Page {
        Page::new(ctx, i18n::t(ctx.lang, key))
    }

    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key)
    }

    /// What follows a label before its value: `: `, and in French ` : ` (a no-break space
    /// before the colon, so that it never starts a line).
    pub fn colon(&self) -> &'static str {
        i18n::colon(self.lang)
    }

    /// A score in percent as the reader writes it, rounded down to one decimal.
    pub fn score(&self, percent: impl std::borrow::Borrow<f64>) -> String {
        i18n::format_score(self.lang, *percent.borrow())
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl Display) -> String {
        i18n::t_args(self.lang, key, &[(name, value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &'static str,
        va: impl Display,
        b: &'static str,
        vb: impl Display,
    ) -> String {
        i18n::t_args(self.lang, key, &[(a, va.to_string()), (b, vb.to_string())])
    }

    pub fn msg(&self, m: &Msg) -> String {
        i18n::msg(self.lang, m)
    }

    /// A criteria text in the page's language.
    pub fn l10n<'a>(&self, text: &'a Localized) -> &'a str {
        text.get(self.lang)
    }

    /// A calendar date in the page's language.
    pub fn day(&self, date: &time::Date) -> String {
        i18n::format_date(self.lang, *date)
    }

    pub fn date(&self, stamp: &str) -> String {
        i18n::format_stamp(self.lang, stamp)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn role_label(&self, role: &Role) -> String {
        self.t(&format!("role-{}", role.as_str()))
    }

    pub fn status_label(&self, status: &AssessmentStatus) -> String {
        self.t(&format!("status-{}", status.as_str()))
    }

    pub fn evidence_label(&self, evidence: &Evidence) -> String {
        self.t(&format!("evidence-{}", evidence.as_str()))
    }

    /// Whether the page is in the menu's `section`, for `aria-current`: "/" is the sites,
    /// their assessments and findings; any other section is a path prefix.
    pub fn at(&self, section: &str) -> bool {
        let path = self.here.split(['?', '#']).next().unwrap_or_default();
        let review = path.starts_with("/assessments/")
            && (path.ends_with("/review") || path.contains("/review/"));
        if section == "/reviews" && review {
            return true;
        }
        if section == "/" && review {
            return false;
        }
        if section == "/" {
            path == "/"
                || ["/sites/", "/assessments/", "/findings/", "/evidence/"]
                    .iter()
                    .any(|p| path.starts_with(p))
        } else {
            path == section || path.starts_with(&format!("{section}/"))
        }
    }

    /// The languages for the switch: (code, native name, is the current one).
    pub fn langs(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL
            .into_iter()
            .map(|l| (l.code(), l.native_name(), l == self.lang))
            .collect()
    }

    /// Auditors (and the platform admin) have a review queue.
    pub fn reviews(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Admin | Role::Auditor))
    }

    pub fn manages_org(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Admin | Role::CompanyAdmin))
    }
}

pub fn render<T: Template>(t: &T) -> Result<Html<String>> {
    t.render()
        .map(Html)
        .map_err(|e| Error::Internal(anyhow::anyhow!("template failed: {e}")))
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    pub status: u16,
    pub message: String,
}

/// A form's error message next to the field it concerns (`form`: the form as a whole).
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The errors of one form; templates ask `errors.of("email")`.
#[derive(Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All messages, for an alert at the top of a form.
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Like [`FormErrors::from_result`], with the status the page should be answered with.
    pub fn with_status(lang: Lang, e: Error) -> Result<(axum::http::StatusCode, FormErrors)> {
        use axum::http::StatusCode;
        let status = match &e {
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Ok((status, FormErrors::from_result(lang, e)?))
    }

    /// Keeps the errors a user can fix in the form; passes the others on.
    pub fn from_result(lang: Lang, e: Error) -> Result<FormErrors> {
        let one = |field: &'static str, msg: &Msg| FieldError {
            field,
            message: i18n::msg(lang, msg),
        };
        match &e {
            Error::Invalid(problems) => Ok(FormErrors(
                problems
                    .iter()
                    .map(|p| one(p.field.unwrap_or("form"), &p.msg))
                    .collect(),
            )),
            Error::Conflict(msg) | Error::BadRequest(msg) => Ok(FormErrors(vec![one("form", msg)])),
            _ => Err(e),
        }
    }
}

/// Bytes kept as they are in a path segment: RFC 3986's unreserved letters, digits, `-`, `_`
/// and `~`. The dot is unreserved too but is encoded all the same, so that no key reads as a
/// file extension or a dot segment to a proxy that decodes before it normalises.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// `key` as one segment of a URL path: `/`, `?`, `#`, `%`, `.` and everything else outside
/// [`SEGMENT`] percent-encoded, so a key (an employee reference a site manager typed, say) can
/// neither end its segment nor climb out of it. The router decodes it back whole.
pub fn path_segment(key: &str) -> String {
    percent_encoding::utf8_percent_encode(key, SEGMENT).to_string()
}

/// Whether `key` can be one segment of a URL path at all. Browsers (the URL standard) resolve a
/// segment `.` or `..` as this or the parent folder even when written `%2E` or `%2e%2E`, so a key
/// that is only that (or empty) has no URL: pages offer no link for it.
pub fn addressable(key: &str) -> bool {
    !matches!(key, "" | "." | "..")
}

/// The templates' own filters.
pub mod filters {
    /// `{{ key|segment }}`: the key as one path segment, see [`super::path_segment`]. Every
    /// object key that goes into a path goes through it (askama's `urlencode` keeps `/`).
    #[askama::filter_fn]
    pub fn segment(key: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::path_segment(&key.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_one_path_segment_whatever_it_holds() {
        assert_eq!(path_segment("HR/123"), "HR%2F123");
        assert_eq!(
            path_segment("../../8/staff/B-002"),
            "%2E%2E%2F%2E%2E%2F8%2Fstaff%2FB-002"
        );
        assert_eq!(path_segment("a?b#c%d e"), "a%3Fb%23c%25d%20e");
        assert_eq!(path_segment("Zoë_1~x-2"), "Zo%C3%AB_1~x-2");
        assert!(addressable("HR/123") && addressable("..."));
        assert!(!addressable("..") && !addressable(".") && !addressable(""));
    }
}
