use thiserror::Error;

/// Everything that can go wrong in the mail crate.
///
/// Sending failures are not here: they are recorded on the outbox row
/// (`last_error`) and retried by the worker, because the caller that queued
/// the email has long since answered its request.
#[derive(Debug, Error)]
pub enum MailError {
    #[error("{0:?} is not an email address we can send to: {1}")]
    InvalidAddress(String, &'static str),
    #[error("an email needs {0}")]
    Incomplete(&'static str),
    #[error("{0:?} is not a MIME type an attachment can have")]
    InvalidAttachment(String),
    #[error("links in emails must be http:// or https:// addresses, not {0:?}")]
    InvalidLink(String),
    #[error("invalid SMTP setting {url}: {reason}")]
    InvalidSmtpUrl { url: String, reason: String },
    #[error("could not set up the mail transport: {0}")]
    Transport(String),
    #[error("could not start the mail worker: {0}")]
    Thread(#[source] std::io::Error),
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

impl From<diesel::result::Error> for MailError {
    fn from(e: diesel::result::Error) -> Self {
        MailError::Store(store::StoreError::Query(e))
    }
}
