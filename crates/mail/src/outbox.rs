//! The outbox table: emails queued by writers and delivered by the worker.
//!
//! Queuing is a plain insert on the caller's connection, so inside the
//! caller's transaction the email commits with the change that caused it or
//! not at all. Delivery happens later, outside any transaction, one claimed
//! row at a time.

use std::time::Duration;

use chrono::{NaiveDateTime, SubsecRound, Utc};
use diesel::prelude::*;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use store::schema::{outbox, outbox_attachments};
use store::AnyConnection;

use crate::transport::SendError;
use crate::{Attachment, Email, EmailAddress, MailError, Transport};

/// One outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: i32,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub reply_to: Option<String>,
    pub created_at: NaiveDateTime,
    /// How many times sending was tried, including the one that succeeded.
    pub attempts: i32,
    /// When the worker may next try; while a worker is sending, the end of
    /// its lease.
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// Set when the worker gave up; `last_error` says why.
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Sent,
    Failed,
}

impl OutboxMessage {
    pub fn status(&self) -> Status {
        match (self.sent_at, self.failed_at) {
            (Some(_), _) => Status::Sent,
            (None, Some(_)) => Status::Failed,
            (None, None) => Status::Pending,
        }
    }

    /// A stable name for this message, used for file names and the
    /// Message-ID: the same row always gets the same one, so a retry after a
    /// crash replaces a file instead of adding one, and lets mail programs
    /// recognise a duplicate.
    pub fn key(&self) -> String {
        format!("{}-{}", self.created_at.format("%Y%m%dT%H%M%S%.6f"), self.id)
    }
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
struct NewOutboxMessage<'a> {
    to_address: &'a str,
    to_name: &'a str,
    subject: &'a str,
    text_body: &'a str,
    html_body: &'a str,
    reply_to: Option<&'a str>,
    created_at: NaiveDateTime,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
}

/// Both databases keep the same precision (PostgreSQL stores microseconds),
/// so a timestamp read back compares equal to the one written, which the
/// claim relies on.
pub(crate) fn to_micros(t: NaiveDateTime) -> NaiveDateTime {
    t.trunc_subsecs(6)
}

pub(crate) fn utc_now() -> NaiveDateTime {
    to_micros(Utc::now().naive_utc())
}

pub(crate) fn later(t: NaiveDateTime, d: Duration) -> NaiveDateTime {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(NaiveDateTime::MAX)
}

/// Queues `email`, due at once. Call it on the connection of the write that
/// causes the email, inside its transaction; then, after commit, wake the
/// worker with [`crate::Notifier::notify`] (it would also find the row on
/// its next poll). Returns the outbox id.
pub fn enqueue(conn: &mut AnyConnection, email: &Email, now: NaiveDateTime) -> Result<i32, MailError> {
    // The message and its files commit together (a savepoint inside the
    // caller's transaction, a transaction of its own otherwise): the worker
    // must never find a message whose attachments are not written yet.
    conn.transaction(|conn| {
        let now = to_micros(now);
        let row: OutboxMessage = diesel::insert_into(outbox::table)
            .values(NewOutboxMessage {
                to_address: email.to().as_str(),
                to_name: email.to_name(),
                subject: email.subject(),
                text_body: email.text(),
                html_body: email.html(),
                reply_to: email.reply_to().map(EmailAddress::as_str),
                created_at: now,
                attempts: 0,
                next_attempt_at: now,
            })
            .get_result(conn)?;
        for a in email.attachments() {
            diesel::insert_into(outbox_attachments::table)
                .values((
                    outbox_attachments::outbox_id.eq(row.id),
                    outbox_attachments::filename.eq(a.filename()),
                    outbox_attachments::content_type.eq(a.content_type()),
                    outbox_attachments::content.eq(a.content()),
                ))
                .execute(conn)?;
        }
        Ok(row.id)
    })
}

/// The files queued with outbox message `id`, in the order they were added.
pub fn attachments(conn: &mut AnyConnection, id: i32) -> Result<Vec<Attachment>, MailError> {
    let rows: Vec<(String, String, Vec<u8>)> = outbox_attachments::table
        .filter(outbox_attachments::outbox_id.eq(id))
        .order(outbox_attachments::id)
        .select((
            outbox_attachments::filename,
            outbox_attachments::content_type,
            outbox_attachments::content,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(name, kind, content)| Attachment::new(&name, &kind, content))
        .collect()
}

pub fn get(conn: &mut AnyConnection, id: i32) -> Result<Option<OutboxMessage>, MailError> {
    Ok(outbox::table
        .find(id)
        .select(OutboxMessage::as_select())
        .first(conn)
        .optional()?)
}

/// Messages neither sent nor given up on, oldest first.
pub fn pending(conn: &mut AnyConnection, limit: i64) -> Result<Vec<OutboxMessage>, MailError> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .order((outbox::created_at, outbox::id))
        .limit(limit)
        .select(OutboxMessage::as_select())
        .load(conn)?)
}

/// Puts a failed message back in the queue, due at once, e.g. after the
/// SMTP setting was fixed. Returns false when no failed message has this id.
pub fn retry(conn: &mut AnyConnection, id: i32, now: NaiveDateTime) -> Result<bool, MailError> {
    let n = diesel::update(outbox::table.find(id).filter(outbox::failed_at.is_not_null()))
        .set((
            outbox::failed_at.eq(None::<NaiveDateTime>),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(to_micros(now)),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// When the earliest pending message is due (possibly in the past).
pub fn next_due(conn: &mut AnyConnection) -> Result<Option<NaiveDateTime>, MailError> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .select(diesel::dsl::min(outbox::next_attempt_at))
        .first::<Option<NaiveDateTime>>(conn)?)
}

/// How delivery is paced. [`WorkerOptions::new`] gives production values;
/// tests shrink the times.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// The sender of every email, e.g. `Kith Lambeth <hello@kith.example.org>`.
    pub from: EmailAddress,
    pub from_name: String,
    /// Rows claimed per round. Small, so one slow server does not hold
    /// many messages under one worker's lease.
    pub batch_size: i64,
    /// Wait after the first failure; doubled after each further failure…
    pub first_retry: Duration,
    /// …up to this.
    pub max_retry: Duration,
    /// After this many failed attempts the message is marked failed. With
    /// the defaults (5 s doubling to 15 min) 100 attempts is about 24 hours
    /// of outage, so a relay down overnight loses nothing.
    pub max_attempts: i32,
    /// How long a claimed message is left to the worker that claimed it;
    /// if that worker dies, another takes the message after this. Longer
    /// than one SMTP conversation can take.
    pub lease: Duration,
    /// How often the worker looks for work it was not told about: messages
    /// queued by another node, or by this one without a notify.
    pub poll: Duration,
}

impl WorkerOptions {
    pub fn new(from: EmailAddress, from_name: &str) -> WorkerOptions {
        WorkerOptions {
            from,
            from_name: crate::email::one_line(from_name),
            batch_size: 10,
            first_retry: Duration::from_secs(5),
            max_retry: Duration::from_secs(15 * 60),
            max_attempts: 100,
            lease: Duration::from_secs(5 * 60),
            poll: Duration::from_secs(10),
        }
    }

    /// The wait after the `failures`-th failure (1 for the first).
    pub fn backoff(&self, failures: i32) -> Duration {
        let doublings = u32::try_from(failures.saturating_sub(1)).unwrap_or(0).min(30);
        self.first_retry.saturating_mul(1 << doublings).min(self.max_retry)
    }
}

/// What one round of [`deliver_due`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    /// Rows this worker won (others may have been taken by another node).
    pub claimed: usize,
    pub sent: usize,
    /// Failed this time, to be tried again.
    pub deferred: usize,
    /// Failed for good.
    pub failed: usize,
}

/// Claims up to `batch_size` due messages, oldest first, and sends each.
///
/// A row is claimed with an UPDATE that moves `next_attempt_at` forward by
/// the lease and only matches while `next_attempt_at` still holds the value
/// this worker read. Of several workers (Kith nodes sharing one PostgreSQL)
/// that read the same row, exactly one updates it; the others see 0 rows
/// affected and skip it. The claim commits before sending, so no
/// transaction stays open during SMTP, and a worker that dies mid-send
/// leaves the row to be retried when the lease ends.
pub fn deliver_due(
    conn: &mut AnyConnection,
    transport: &Transport,
    options: &WorkerOptions,
) -> Result<Delivery, MailError> {
    let now = utc_now();
    let due: Vec<(i32, NaiveDateTime)> = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(now))
        .order((outbox::next_attempt_at, outbox::id))
        .limit(options.batch_size.max(1))
        .select((outbox::id, outbox::next_attempt_at))
        .load(conn)?;
    let from = Mailbox::new(
        Some(options.from_name.clone()).filter(|n| !n.is_empty()),
        options.from.to_lettre()?,
    );
    let mut delivery = Delivery::default();
    for (id, seen) in due {
        let Some(message) = claim(conn, id, seen, later(utc_now(), options.lease))? else {
            continue;
        };
        delivery.claimed += 1;
        let files = attachments(conn, id)?;
        let result = build(&message, &files, &from, &options.from)
            .map_err(|e| SendError {
                permanent: true,
                message: e.to_string(),
            })
            .and_then(|built| transport.send(&built, &message.key()));
        let attempts = message.attempts.saturating_add(1);
        let now = utc_now();
        match result {
            Ok(()) => {
                diesel::update(outbox::table.find(id))
                    .set((
                        outbox::sent_at.eq(Some(now)),
                        outbox::attempts.eq(attempts),
                        outbox::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
                tracing::info!(outbox_id = id, attempts, "email sent");
                delivery.sent += 1;
            }
            Err(error) if error.permanent || attempts >= options.max_attempts => {
                diesel::update(outbox::table.find(id))
                    .set((
                        outbox::failed_at.eq(Some(now)),
                        outbox::attempts.eq(attempts),
                        outbox::last_error.eq(Some(error.message.as_str())),
                    ))
                    .execute(conn)?;
                tracing::error!(outbox_id = id, attempts, error = %error, "email given up");
                delivery.failed += 1;
            }
            Err(error) => {
                let wait = options.backoff(attempts);
                diesel::update(outbox::table.find(id))
                    .set((
                        outbox::next_attempt_at.eq(later(now, wait)),
                        outbox::attempts.eq(attempts),
                        outbox::last_error.eq(Some(error.message.as_str())),
                    ))
                    .execute(conn)?;
                tracing::warn!(outbox_id = id, attempts, retry_in = ?wait, error = %error, "email not sent yet");
                delivery.deferred += 1;
            }
        }
    }
    Ok(delivery)
}

/// Takes the row if its `next_attempt_at` is still `seen`; `None` when
/// another worker was first.
fn claim(
    conn: &mut AnyConnection,
    id: i32,
    seen: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> Result<Option<OutboxMessage>, MailError> {
    let won = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::next_attempt_at.eq(seen))
            .filter(outbox::sent_at.is_null())
            .filter(outbox::failed_at.is_null()),
    )
    .set(outbox::next_attempt_at.eq(lease_until))
    .execute(conn)?;
    if won == 1 {
        get(conn, id)
    } else {
        Ok(None)
    }
}

/// The wire form of a row: multipart/alternative, plain text first (mail
/// programs show the last part they understand, so HTML goes last). With
/// attachments, that goes first in a multipart/mixed, the files after it.
fn build(
    row: &OutboxMessage,
    files: &[Attachment],
    from: &Mailbox,
    from_address: &EmailAddress,
) -> Result<lettre::Message, MailError> {
    let to = EmailAddress::parse(&row.to_address)?;
    let mut builder = lettre::Message::builder()
        .from(from.clone())
        .to(Mailbox::new(
            Some(row.to_name.clone()).filter(|n| !n.is_empty()),
            to.to_lettre()?,
        ))
        .subject(row.subject.clone())
        .message_id(Some(format!("<{}.kith@{}>", row.key(), from_address.domain())));
    if let Some(reply_to) = &row.reply_to {
        builder = builder.reply_to(Mailbox::new(None, EmailAddress::parse(reply_to)?.to_lettre()?));
    }
    let bodies = MultiPart::alternative_plain_html(row.text_body.clone(), row.html_body.clone());
    let body = if files.is_empty() {
        bodies
    } else {
        let mut mixed = MultiPart::mixed().multipart(bodies);
        for file in files {
            let kind = ContentType::parse(file.content_type())
                .map_err(|_| MailError::InvalidAttachment(file.content_type().to_owned()))?;
            mixed = mixed.singlepart(attachment_part(file, kind));
        }
        mixed
    };
    builder.multipart(body).map_err(|e| MailError::Transport(e.to_string()))
}

/// One file as a MIME part, always base64: relays rewrite line endings and
/// long lines of text parts, and an .ics needs its CRLFs and folding kept.
fn attachment_part(file: &Attachment, kind: ContentType) -> SinglePart {
    let body = lettre::message::Body::new_with_encoding(
        file.content().to_vec(),
        lettre::message::header::ContentTransferEncoding::Base64,
    )
    // Base64 accepts any bytes; this arm cannot be taken.
    .unwrap_or_else(lettre::message::Body::new);
    lettre::message::Attachment::new(file.filename().to_owned()).body(body, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let o = WorkerOptions::new(EmailAddress::parse("kith@example.org").unwrap(), "Kith");
        let secs: Vec<u64> = [1, 2, 3, 4, 8, 9, 50, 1000, i32::MAX]
            .into_iter()
            .map(|n| o.backoff(n).as_secs())
            .collect();
        assert_eq!(secs, [5, 10, 20, 40, 640, 900, 900, 900, 900]);
        assert_eq!(o.backoff(0).as_secs(), 5);
    }
}
