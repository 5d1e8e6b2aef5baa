//! Emails about a referral: the acknowledgements on submission and the
//! updates a referrer asked for. Each is queued in the outbox inside the
//! caller's transaction and shown on the timeline.
//!
//! An email that cannot be built (an address the mail crate refuses, a
//! site address that is not a web link) must never stop a referral, so it
//! is not sent and the timeline says so instead. Emails name the referral
//! only by its reference: an inbox is not the place for health details.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::referral_referrers;
use store::AnyConnection;

use crate::model::{Outcome, Referral, Referrer};
use crate::record::event;
use crate::ReferralError;

/// A moment the referrer hears about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    Received,
    FirstContact,
    Allocated,
    Closed(Outcome),
}

impl Update {
    fn describe(self) -> &'static str {
        match self {
            Update::Received => "Acknowledgement to the referrer",
            Update::FirstContact => "Update to the referrer: first contact made",
            Update::Allocated => "Update to the referrer: allocated",
            Update::Closed(Outcome::Disengaged) => "Update to the referrer: stopped taking part",
            Update::Closed(_) => "Update to the referrer: closed",
        }
    }

    fn message(self, reference: &str) -> mail::Message {
        match self {
            Update::Received => mail::Message::new(&format!("We have received your referral {reference}"))
                .paragraph(&format!(
                    "Thank you for referring someone to the connecting team. The reference is {reference}."
                ))
                .paragraph("We aim to phone them within 2 working days to talk about what they would like to do."),
            Update::FirstContact => mail::Message::new(&format!("We have spoken to the person you referred ({reference})"))
                .paragraph(&format!("We have made first contact about referral {reference}.")),
            Update::Allocated => mail::Message::new(&format!("The person you referred has a named worker ({reference})"))
                .paragraph(&format!(
                    "Referral {reference} now has a named coach or volunteer from the connecting team, who will work with them from here."
                )),
            Update::Closed(Outcome::Disengaged) => mail::Message::new(&format!("The person you referred has stopped taking part ({reference})"))
                .paragraph(&format!(
                    "The person referred under {reference} has stopped taking part, so we have closed the referral."
                ))
                .paragraph("If they would like to come back, or you think they still need support, please get in touch or refer them again."),
            Update::Closed(outcome) => mail::Message::new(&format!("We have closed referral {reference}"))
                .paragraph(&format!(
                    "We have finished working with the person referred under {reference}. Outcome: {}.",
                    outcome.label()
                )),
        }
    }
}

/// Queues one email, or records why it was not sent. Returns whether it
/// was queued.
pub(crate) fn send(
    conn: &mut AnyConnection,
    site: &mail::Site,
    referral_id: i32,
    to: (&str, &str),
    message: mail::Message,
    what: &str,
    now: NaiveDateTime,
) -> Result<bool, ReferralError> {
    let (address, name) = to;
    let email = mail::EmailAddress::parse(address).and_then(|a| message.render(site, a, name));
    match email {
        Ok(email) => {
            mail::enqueue(conn, &email, now)?;
            event(conn, referral_id, None, "email_sent", what, now)?;
            Ok(true)
        }
        Err(_) => {
            event(
                conn,
                referral_id,
                None,
                "email_not_sent",
                &format!("{what}: the email could not be made, so it was not sent"),
                now,
            )?;
            Ok(false)
        }
    }
}

/// Tells the referrer about `update` when there is one with an email
/// address and, beyond the acknowledgement, they asked for updates and the
/// person agreed. Returns whether an email was queued.
pub(crate) fn referrer(
    conn: &mut AnyConnection,
    site: &mail::Site,
    r: &Referral,
    update: Update,
    now: NaiveDateTime,
) -> Result<bool, ReferralError> {
    if update != Update::Received && !r.updates_referrer() {
        return Ok(false);
    }
    let Some(who) = referral_referrers::table
        .find(r.id)
        .select(Referrer::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(false);
    };
    if who.email.is_empty() {
        return Ok(false);
    }
    let message = update.message(&r.reference).greeting(&who.name);
    send(
        conn,
        site,
        r.id,
        (&who.email, &who.name),
        message,
        update.describe(),
        now,
    )
}

/// The acknowledgement to the person referred.
pub(crate) fn person_acknowledgement(reference: &str, professional: bool) -> mail::Message {
    let opening = if professional {
        format!("Someone who works with you has referred you to the connecting team, with your agreement. Your reference is {reference}.")
    } else {
        format!("Thank you for getting in touch with the connecting team. Your reference is {reference}.")
    };
    mail::Message::new(&format!("We have your referral {reference}"))
        .paragraph(&opening)
        .paragraph("What happens next: someone from the team will get in touch within 2 working days, in the way you asked, for a friendly chat about what you enjoy and what you would like to try.")
        .paragraph("If you need to talk to us sooner, contact the team and quote your reference.")
}
