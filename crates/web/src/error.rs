//! The one place where failures become HTTP answers. Handlers return
//! `Result<_, WebError>` and never choose status codes for domain errors.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use directory::DirectoryError;
use store::StoreError;

use crate::layout;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("page not found")]
    NotFound,
    /// A malformed address or query parameter, with a message for people.
    #[error("{0}")]
    BadRequest(String),
    /// A form without a valid CSRF token.
    #[error("forbidden")]
    Forbidden,
    /// A signed-in person without the role or the organisation for this.
    #[error("not allowed")]
    NotAllowed,
    #[error("the database is unavailable")]
    Unavailable,
    /// A page for signed-in people only; they are sent to sign in and
    /// brought back to `next` afterwards.
    #[error("sign in required")]
    SignInRequired { next: String },
    /// Too many attempts (sign-in, emails asked for), with the sentence to show.
    #[error("{0}")]
    TooManyRequests(String),
    /// The password hashing queue is full: try again in a moment.
    #[error("busy")]
    Busy,
    /// Anything else. The id is in the log line and on the page, so a
    /// person's report can be matched to the cause.
    #[error("internal error {id}")]
    Internal { id: String },
}

impl WebError {
    pub(crate) fn internal(cause: &dyn std::fmt::Display) -> WebError {
        let id = short_id();
        tracing::error!(error_id = %id, "internal error: {cause}");
        WebError::Internal { id }
    }
}

fn short_id() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:08x}", (nanos as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32)
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!("database unavailable: {e}");
            WebError::Unavailable
        } else {
            WebError::internal(&e)
        }
    }
}

impl From<DirectoryError> for WebError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::NotFound { .. } => WebError::NotFound,
            DirectoryError::Invalid { message, .. } => WebError::BadRequest(message),
            DirectoryError::Store(s) => s.into(),
            DirectoryError::Forbidden => WebError::NotAllowed,
            other @ (DirectoryError::Mail(_) | DirectoryError::Snapshot(_) | DirectoryError::Random(_)) => {
                WebError::internal(&other)
            }
        }
    }
}

impl From<search::SearchError> for WebError {
    fn from(e: search::SearchError) -> Self {
        match e {
            search::SearchError::Store(s) | search::SearchError::Directory(directory::DirectoryError::Store(s)) => {
                s.into()
            }
            other => WebError::internal(&other),
        }
    }
}

impl From<accounts::AccountError> for WebError {
    fn from(e: accounts::AccountError) -> Self {
        use accounts::AccountError as A;
        match e {
            A::NotFound { .. } => WebError::NotFound,
            A::Invalid { message, .. } => WebError::BadRequest(message),
            A::Throttled { .. } => WebError::TooManyRequests(e.to_string()),
            A::WrongCredentials | A::BadToken | A::Banned => WebError::BadRequest(e.to_string()),
            A::NoSession => WebError::SignInRequired {
                next: "/account".into(),
            },
            A::Store(s) | A::Mail(mail::MailError::Store(s)) => s.into(),
            other => WebError::internal(&other),
        }
    }
}

impl From<referral::ReferralError> for WebError {
    fn from(e: referral::ReferralError) -> Self {
        match e {
            referral::ReferralError::NotFound { .. } => WebError::NotFound,
            referral::ReferralError::Forbidden => WebError::NotAllowed,
            referral::ReferralError::Throttled { .. } => WebError::TooManyRequests(e.to_string()),
            referral::ReferralError::Invalid { message, .. } | referral::ReferralError::Transition(message) => {
                WebError::BadRequest(message)
            }
            referral::ReferralError::Form(_) | referral::ReferralError::Conflict => WebError::BadRequest(e.to_string()),
            referral::ReferralError::Store(s) | referral::ReferralError::Mail(mail::MailError::Store(s)) => s.into(),
            referral::ReferralError::Account(a) => a.into(),
            other => WebError::internal(&other),
        }
    }
}

impl From<community::CommunityError> for WebError {
    fn from(e: community::CommunityError) -> Self {
        use community::CommunityError as C;
        match e {
            // Only the contact reply page meets this, and it shows its
            // own page first; anywhere else it is as good as gone.
            C::NotFound { .. } | C::Expired { .. } => WebError::NotFound,
            C::NotAllowed => WebError::NotAllowed,
            C::Invalid { message, .. } => WebError::BadRequest(message),
            C::Store(s) | C::Mail(mail::MailError::Store(s)) => s.into(),
            C::Directory(d) => d.into(),
            C::Account(a) => a.into(),
            other @ C::Mail(_) => WebError::internal(&other),
        }
    }
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        WebError::internal(&e)
    }
}

impl WebError {
    /// The error page as a response, for handlers that answer directly.
    pub fn error_response_now(&self) -> HttpResponse {
        ResponseError::error_response(self)
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Forbidden | WebError::NotAllowed => StatusCode::FORBIDDEN,
            WebError::Unavailable | WebError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            WebError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::SignInRequired { next } = self {
            let query = serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default();
            let to = format!("/sign-in?{query}");
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish();
        }
        let mut resp = HttpResponse::build(self.status_code());
        resp.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ));
        resp.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        if matches!(self, WebError::Unavailable | WebError::Busy) {
            resp.insert_header((header::RETRY_AFTER, HeaderValue::from_static("30")));
        }
        resp.body(layout::error_page(self).into_string())
    }
}
