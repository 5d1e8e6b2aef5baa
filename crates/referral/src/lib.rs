//! Referrals to the connecting team: a person refers themselves, or a
//! professional refers them with their agreement; the team triages each one
//! from a shared queue (first call, face-to-face assessment), allocates it
//! to a coach or volunteer, runs a time-limited programme and closes it,
//! keeping the referrer informed on the way, and follows up three months
//! after it ends.
//!
//! Like every domain crate, functions take `&mut AnyConnection` and never
//! commit: the web layer runs each journey, its timeline rows, its audit
//! entries and the emails it queues in one transaction. Nothing here knows
//! about HTTP.
//!
//! Referral data is personal and often about health, so: it never goes in
//! the `changes` table (search never sees it), every view, change and
//! export is audit-logged, visibility follows
//! [`accounts::Action::Referral`], emails carry only the reference, and
//! erasure and retention anonymise a referral down to a stub.

pub mod casework;
mod codes;
mod error;
pub mod follow_up;
pub mod form;
pub mod goals;
pub mod measures;
pub mod model;
pub mod network;
mod notify;
pub mod privacy;
pub mod profile;
pub mod queue;
mod record;
pub mod report;
pub mod reviews;
mod submit;
pub mod tasks;
pub mod workflow;

pub use codes::{new_form_token, parse_reference};
pub use error::{FieldError, ReferralError};
pub use form::{PersonForm, ProfessionalReferralForm, SelfReferralForm, CONSENT_WORDING, CONSENT_WORDING_VERSION};
pub use model::{Complexity, Event, Kind, Outcome, Pause, PersonDetails, Referral, Referrer, Service, Status};
pub use privacy::{audit_trail, erase, export, retention, view, Record, Retained, Retention};
pub use queue::{caseload, caseloads, find_reference, queue, queue_from, waiting, CaseItem, QueueItem, WorkerLoad};
pub use record::{staff_names, worker_of, Staff};
pub use submit::{submit_professional, submit_self, Receipt, REFERRALS_ADDRESS};
pub use tasks::{DueTask, Programme, Task};
pub use workflow::{
    add_service, allocate, book_assessment, close, pause, record_assessment, record_first_call, record_session, resume,
    services, start, Allocation, CallOutcome, Closing, FirstCall,
};
