//! E-mail copies of notifications: composing them in the recipient's language, and sending
//! them through SMTP (lettre), or to the log in demo mode.
//!
//! Notifications wait in the database's outbox (`email_state = 'pending'`); any instance's
//! worker claims a batch, sends it and records the outcome, so nothing is lost when an
//! instance stops and nothing is sent twice by two instances.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::AppState;
use crate::domain::{Lang, NotificationKind};
use crate::i18n;
use crate::store::notifications::OutgoingEmail;

/// A composed e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// Where e-mails go.
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a>;
}

/// Sends through an SMTP server given as a URL: `smtp://user:pass@host:587?tls=required`,
/// `smtps://host:465`, or `smtp://localhost:25` without TLS.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Smtp> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("CODECHECK_SMTP_URL is not a valid SMTP URL")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .with_context(|| format!("CODECHECK_MAIL_FROM {from:?} is not an e-mail address"))?;
        Ok(Smtp { transport, from })
    }
}

impl Mailer for Smtp {
    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a> {
        Box::pin(async move {
            let message = Message::builder()
                .from(self.from.clone())
                .to(email.to.parse().context("recipient address")?)
                .subject(email.subject.clone())
                .body(email.body.clone())
                .context("building the message")?;
            self.transport.send(message).await.context("SMTP")?;
            Ok(())
        })
    }
}

/// Demo mode: e-mails are written to the log instead of being sent.
pub struct LogMailer;

impl Mailer for LogMailer {
    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                to = %email.to,
                subject = %email.subject,
                "demo e-mail (not sent):\n{}",
                email.body
            );
            Ok(())
        })
    }
}

/// The sentence a notification shows, in `lang`.
pub fn notification_text(
    lang: Lang,
    kind: NotificationKind,
    site: &str,
    year: i64,
    finding: Option<(&str, &str)>,
) -> String {
    let mut args = vec![("site", site.to_owned()), ("year", year.to_string())];
    if let Some((item, due)) = finding {
        let date = crate::store::training::parse_date(due)
            .map_or_else(|| due.to_owned(), |d| i18n::format_date(lang, d));
        args.push(("item", item.to_owned()));
        args.push(("date", date));
    }
    i18n::t_args(lang, &format!("notification-{}", kind.as_str()), &args)
}

/// The e-mail for a claimed notification, with links back to the app.
pub fn compose(e: &OutgoingEmail, public_url: &str) -> Email {
    let lang = e.lang.unwrap_or_default();
    let base = public_url.trim_end_matches('/');
    let text = notification_text(
        lang,
        e.kind,
        &e.site_name,
        e.year,
        e.finding.as_ref().map(|(i, d)| (i.as_str(), d.as_str())),
    );
    let link = format!("{base}{}", e.kind.target(e.assessment_id));
    let footer = i18n::t_args(
        lang,
        "email-footer",
        &[("link", format!("{base}/notifications"))],
    );
    Email {
        to: e.to.clone(),
        subject: format!("codecheck: {text}"),
        body: format!("{text}\n\n{link}\n\n-- \n{footer}\n"),
    }
}

/// Sends the e-mails waiting in the outbox; returns how many went out.
pub async fn deliver_pending(state: &AppState) -> anyhow::Result<usize> {
    let Some(mailer) = &state.mailer else {
        return Ok(0);
    };
    let mut sent = 0;
    loop {
        let batch = state.store.claim_emails(20).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for outgoing in &batch {
            let email = compose(outgoing, &state.settings.public_url);
            let ok = match mailer.send(&email).await {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(notification = outgoing.notification_id, error = %format!("{e:#}"), "sending an e-mail failed");
                    false
                }
            };
            state
                .store
                .finish_email(outgoing.notification_id, ok)
                .await?;
            sent += usize::from(ok);
        }
        if batch.len() < 20 {
            return Ok(sent);
        }
    }
}

/// The background work of a serving instance: finding reminders and the day's training
/// figures every hour, e-mails every fifteen seconds. Both are safe to run on several instances at once.
pub async fn run_worker(state: AppState) {
    let mut mail_tick = tokio::time::interval(Duration::from_secs(15));
    let mut sweep_tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tokio::select! {
            _ = sweep_tick.tick() => {
                let today = time::OffsetDateTime::now_utc().date();
                match state.store.sweep_finding_reminders(today).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(notifications = n, "finding reminders written"),
                    Err(e) => tracing::warn!(error = %e, "sweeping finding reminders failed"),
                }
                match crate::web::dashboard::refresh_stale_training(&state).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sites = n, "training figures refreshed"),
                    Err(e) => tracing::warn!(error = %e, "refreshing training figures failed"),
                }
            }
            _ = mail_tick.tick() => {
                if let Err(e) = deliver_pending(&state).await {
                    tracing::warn!(error = %format!("{e:#}"), "the e-mail outbox failed");
                }
            }
        }
    }
}
