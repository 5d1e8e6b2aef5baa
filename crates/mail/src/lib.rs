//! Email for Kith: a durable outbox and a worker that delivers it.
//!
//! Writers never talk to a mail server. They [`enqueue`] an [`Email`] on the
//! connection of the change that causes it, inside its transaction, so the
//! email commits with the change or not at all. A [`Worker`] thread then
//! claims due rows, hands them to the configured [`Transport`] and marks
//! them sent, or records the error and retries with back-off, or, after
//! many attempts or a refusal of the recipient, marks them failed. Because
//! the queue is a table, nothing is lost when the SMTP server is down or
//! Kith restarts, and several Kith nodes sharing one PostgreSQL do not send
//! the same message twice (see [`deliver_due`]; the one exception is a node
//! dying mid-send, whose message is sent again when its claim runs out).
//! An email can carry [`Attachment`]s (an event's calendar file), stored
//! with its row in `outbox_attachments` and sent after the bodies in a
//! multipart/mixed message.
//!
//! ```no_run
//! # fn demo(pool: store::Pool, conn: &mut store::AnyConnection) -> Result<(), mail::MailError> {
//! use mail::{EmailAddress, Message, Site, Transport, Worker, WorkerOptions};
//! let site = Site { name: "Kith".into(), url: "https://kith.example.org/".into() };
//! let options = WorkerOptions::new(EmailAddress::parse("hello@kith.example.org")?, "Kith");
//! let worker = Worker::start(pool, Transport::from_url("smtp://127.0.0.1:2525")?, options)?;
//! let email = Message::new("Welcome").greeting("Ann").paragraph("Thanks for joining.")
//!     .render(&site, EmailAddress::parse("ann@example.org")?, "Ann")?;
//! mail::enqueue(conn, &email, chrono::Utc::now().naive_utc())?; // inside the writer's transaction
//! worker.notify(); // after commit
//! # Ok(()) }
//! ```

mod address;
mod email;
mod error;
mod message;
mod outbox;
mod transport;
mod worker;

pub use address::EmailAddress;
pub use email::{Attachment, Email};
pub use error::MailError;
pub use message::{Message, Site};
pub use outbox::{
    attachments, deliver_due, enqueue, get, next_due, pending, retry, Delivery, OutboxMessage, Status, WorkerOptions,
};
pub use transport::{MemoryOutbox, SendError, SentMessage, SmtpSettings, TlsMode, Transport};
pub use worker::{Notifier, Worker, WorkerHandle};
