use accounts::AccountError;
use serde::Serialize;
use thiserror::Error;

/// One message for one form field, so a form can show every problem at
/// once, each next to its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// What the referral crate can refuse or fail at. `web` maps each variant
/// to an answer once, so handlers never choose status codes themselves.
#[derive(Debug, Error)]
pub enum ReferralError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Account(AccountError),
    /// Queuing an email failed; only the database can cause this (emails
    /// that cannot be built are skipped, never an error).
    #[error(transparent)]
    Mail(#[from] mail::MailError),
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// The person may not see or change this. Callers answer as for
    /// `NotFound` where saying "it exists" would itself tell too much.
    #[error("you do not have access to this referral")]
    Forbidden,
    /// Bad input in one field.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// Bad input in a whole form: every field's problem, in form order.
    #[error("{} problems with the form", .0.len())]
    Form(Vec<FieldError>),
    /// A step that does not follow from where the referral stands, e.g.
    /// allocating before the assessment.
    #[error("{0}")]
    Transition(String),
    /// Someone else changed the referral between reading and writing it:
    /// reload and try again.
    #[error("someone else has just changed this referral: reload it and try again")]
    Conflict,
    /// Too many submissions from one address: try again after this many minutes.
    #[error("Too many referrals sent from here — try again in {}", accounts::minutes_words(*minutes))]
    Throttled { minutes: i64 },
    #[error("no system randomness: {0}")]
    Random(String),
    /// A stored record that no longer serialises: a bug, never user input.
    #[error("could not write the export: {0}")]
    Export(#[from] serde_json::Error),
}

impl From<diesel::result::Error> for ReferralError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ReferralError::NotFound { what: "referral" },
            other => ReferralError::Store(store::StoreError::Query(other)),
        }
    }
}

impl From<AccountError> for ReferralError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Throttled { minutes } => ReferralError::Throttled { minutes },
            AccountError::Store(s) => ReferralError::Store(s),
            other => ReferralError::Account(other),
        }
    }
}

impl ReferralError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ReferralError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// Every field message this error carries (none for errors that are not
    /// about input), so a form has one way to show them.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ReferralError::Form(errors) => errors.clone(),
            ReferralError::Invalid { field, message } => vec![FieldError {
                field,
                message: message.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// A refused submission whose rate-limit count must still be kept: the
    /// caller commits instead of rolling back (nothing else was written).
    pub fn keeps_writes(&self) -> bool {
        matches!(self, ReferralError::Throttled { .. })
    }
}
