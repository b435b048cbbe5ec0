//! The one error type of the application. The web layer maps each variant to a status
//! code and a message in the user's language (see `web::error`); details go to the log only.

/// A message id in `locales/*.ftl` with its arguments, localised when the response is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A message argument. Numbers and nested messages stay typed until the reader's language
/// is known, so that `79,5 %` reads with a comma in French however early the error is made.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    /// A plain number (a threshold): at most one decimal, see `i18n::format_number`.
    Number(f64),
    /// A score against a threshold: one decimal rounded down, see `i18n::format_score`.
    Score(f64),
    /// Messages rendered in the same language and joined with the separator.
    Messages(Vec<Msg>, &'static str),
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// A number formatted in the reader's language when the message is rendered.
    pub fn number(mut self, name: &'static str, value: f64) -> Msg {
        self.args.push((name, Arg::Number(value)));
        self
    }

    /// A score formatted in the reader's language when the message is rendered.
    pub fn score(mut self, name: &'static str, value: f64) -> Msg {
        self.args.push((name, Arg::Score(value)));
        self
    }

    /// Other messages, rendered in the reader's language and joined with `separator`.
    pub fn messages(mut self, name: &'static str, parts: Vec<Msg>, separator: &'static str) -> Msg {
        self.args.push((name, Arg::Messages(parts, separator)));
        self
    }
}

impl From<crate::domain::values::Invalid> for Msg {
    fn from(i: crate::domain::values::Invalid) -> Msg {
        Msg::new(i.0)
    }
}

/// One thing wrong with an input, and which field it concerns (`None`: the input as a whole).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: Option<&'static str>,
    pub msg: Msg,
}

/// Collects the problems of a whole form, so the user sees them all at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// Keeps the value, or records why `field` is wrong.
    pub fn check<T, E: Into<Msg>>(
        &mut self,
        field: &'static str,
        result: std::result::Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(Problem {
                    field: Some(field),
                    msg: e.into(),
                });
                None
            }
        }
    }

    pub fn add(&mut self, field: &'static str, msg: Msg) {
        self.0.push(Problem {
            field: Some(field),
            msg,
        });
    }

    /// `Err` with every problem if there is any.
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not logged in")]
    Unauthenticated,
    /// Wrong e-mail or password: one message, whichever it was.
    #[error("login failed")]
    LoginFailed,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden for a reason the caller should read (a 403 with its own message).
    #[error("forbidden: {0:?}")]
    ForbiddenBecause(Msg),
    #[error("not found")]
    NotFound,
    #[error("the form's security token is missing or wrong")]
    Csrf,
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    /// Well-formed input that breaks rules: every problem found, each naming its field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<Problem>),
    /// A JSON body that does not parse (`syntax`) or does not fit the expected shape.
    #[error("unusable JSON body: {detail}")]
    Json { syntax: bool, detail: String },
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// The assessment is in review with another auditor, who must be taken over first.
    #[error("held by another auditor ({holder_id})")]
    HeldByAnother { holder_id: i64, holder: String },
    /// An approval refused: these criteria fail on the audited answers.
    #[error("not compliant: {0:?}")]
    NotCompliant(Vec<crate::domain::scoring::CriterionFailure>),
    /// The path exists, but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request ran past the server's time limit.
    #[error("request timed out")]
    Timeout,
    /// A body or file over the size limit, in megabytes.
    #[error("too large (max {max_mb} MB)")]
    TooLarge { max_mb: usize },
    /// Submitting with items still unanswered.
    #[error("incomplete: {missing:?}")]
    Incomplete { missing: Vec<String> },
    /// Too many failed logins: try again after this many seconds.
    #[error("too many attempts (retry after {retry_after} s)")]
    TooManyRequests { retry_after: u64 },
    /// Too many password hashes running and waiting in this process: retry after this many
    /// seconds.
    #[error("busy (retry after {retry_after} s)")]
    Busy { retry_after: u64 },
    /// Not ready to serve (the database lacks this build's migrations): retry later.
    #[error("unavailable")]
    Unavailable,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    pub fn invalid(field: &'static str, msg: impl Into<Msg>) -> Error {
        Error::Invalid(vec![Problem {
            field: Some(field),
            msg: msg.into(),
        }])
    }

    pub fn conflict(key: &'static str) -> Error {
        Error::Conflict(Msg::new(key))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
