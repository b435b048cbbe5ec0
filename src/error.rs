//! The one error type of the application. The web layer maps each variant to a status
//! code and a message in the user's language (see `web::error`); details go to the log only.

/// A message id in `locales/*.ftl` with its arguments, localised when the response is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }
}

impl From<crate::domain::values::Invalid> for Msg {
    fn from(i: crate::domain::values::Invalid) -> Msg {
        Msg::new(i.0)
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
    #[error("not found")]
    NotFound,
    #[error("the form's security token is missing or wrong")]
    Csrf,
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    /// Well-formed input that breaks a rule; `field` names the input at fault.
    #[error("invalid {field:?}: {msg:?}")]
    Invalid {
        field: Option<&'static str>,
        msg: Msg,
    },
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// Submitting with items still unanswered.
    #[error("incomplete: {missing:?}")]
    Incomplete { missing: Vec<String> },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    pub fn invalid(field: &'static str, msg: impl Into<Msg>) -> Error {
        Error::Invalid {
            field: Some(field),
            msg: msg.into(),
        }
    }

    pub fn conflict(key: &'static str) -> Error {
        Error::Conflict(Msg::new(key))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
