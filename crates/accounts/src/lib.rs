//! People and what they may do: accounts, roles, argon2id passwords,
//! revocable JWT sessions, single-use emailed links, rate limits with
//! lockout, consent and the audit log.
//!
//! Like every domain crate, queries take `&mut AnyConnection`, so the web
//! layer runs a journey and the emails it sends in one transaction. Nothing
//! here knows about HTTP; the web layer calls [`policy::permits`] for every
//! role check.

pub mod audit;
mod error;
pub mod flows;
pub mod password;
pub mod person;
pub mod policy;
pub mod roles;
pub mod session;
pub mod throttle;
pub mod token;

pub use error::{minutes_words, AccountError};
pub use person::{Person, ProfessionalStatus};
pub use policy::{permits, Action, Actor};
pub use roles::{Role, Roles};
pub use session::{Keys, SignedIn};
