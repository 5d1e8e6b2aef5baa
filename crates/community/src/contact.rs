//! "Contact this group": anyone, signed in or not, writes to a listing's
//! organisers through the site.
//!
//! The message is kept and relayed by email to each organiser (or, for a
//! listing nobody runs on the site, to its public contact address) without
//! the sender's address, and with a link to a reply page of their own. The
//! organiser's answer is emailed to the sender; only if the organiser
//! chooses to is their address shown in it. So neither side's address is
//! shown to the other before someone replies, and then only by choice.
//! Everything is saved and queued in one transaction: a message the sender
//! is told was sent has reached the outbox.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use directory::{Kind, Listing, Status};
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::schema::{
    contact_messages, contact_recipients, contact_replies, group_members, listings, organisers, people,
};
use store::AnyConnection;

use crate::notify::site_url;
use crate::CommunityError;

/// How long an organiser's reply link works, in days from the message: a
/// link in an old email should not let whoever holds it write to the
/// sender for ever.
pub const REPLY_LINK_DAYS: i64 = 90;

/// The longest name and message, in characters.
pub const NAME_MAX: usize = 60;
pub const MESSAGE_MAX: usize = 3000;

/// What someone typed into "Contact this group".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub name: String,
    pub email: String,
    pub message: String,
}

/// Every problem with `form`, with the field it belongs to.
pub fn check(form: &ContactForm) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    let name = form.name.trim();
    if name.is_empty() {
        errors.push(("name", "Enter your name".to_owned()));
    } else if name.chars().count() > NAME_MAX {
        errors.push(("name", format!("Your name must be {NAME_MAX} characters or fewer")));
    } else if name.chars().any(char::is_control) {
        errors.push(("name", "Your name must be on one line".to_owned()));
    }
    if form.email.trim().is_empty() {
        errors.push((
            "email",
            "Enter your email address, so the organisers' answer can reach you".to_owned(),
        ));
    } else if mail::EmailAddress::parse(form.email.trim()).is_err() {
        errors.push((
            "email",
            "Enter an email address in the correct format, like name@example.com".to_owned(),
        ));
    }
    if let Err(m) = check_text(&form.message, "Enter your message", "Your message") {
        errors.push(("message", m));
    }
    errors
}

fn check_text(text: &str, empty: &str, what: &str) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        Err(empty.to_owned())
    } else if text.chars().count() > MESSAGE_MAX {
        Err(format!("{what} must be {MESSAGE_MAX} characters or fewer"))
    } else {
        Ok(())
    }
}

fn digest(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The published organisation, group or event at `/{kind}/{slug}`.
pub fn listing(conn: &mut AnyConnection, kind: Kind, slug: &str) -> Result<Listing, CommunityError> {
    let not_found = || CommunityError::NotFound { what: "listing" };
    if kind == Kind::Place || !directory::slug::is_slug(slug) {
        return Err(not_found());
    }
    listings::table
        .filter(listings::kind.eq(kind))
        .filter(listings::slug.eq(slug))
        .filter(listings::status.eq(Status::Published))
        .select(Listing::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)
}

/// Who a message to `l` reaches: (account, address) of each organiser of
/// its organisation and, for a group, its co-organisers; when nobody runs
/// it on the site, its public contact address.
fn recipients(conn: &mut AnyConnection, l: &Listing) -> Result<Vec<(Option<i32>, String)>, CommunityError> {
    let organisation = if l.kind == Kind::Organisation {
        Some(l.id)
    } else {
        l.organisation_id
    };
    let mut ids: Vec<i32> = match organisation {
        Some(org) => organisers::table
            .filter(organisers::listing_id.eq(org))
            .select(organisers::person_id)
            .load(conn)?,
        None => Vec::new(),
    };
    if l.kind == Kind::Group {
        ids.extend(
            group_members::table
                .filter(group_members::group_id.eq(l.id))
                .filter(group_members::status.eq(crate::groups::MEMBER))
                .filter(group_members::role.eq(crate::groups::ROLE_ORGANISER))
                .select(group_members::person_id)
                .load::<i32>(conn)?,
        );
    }
    let mut out: Vec<(Option<i32>, String)> = people::table
        .filter(people::id.eq_any(&ids))
        .filter(people::deleted_at.is_null())
        .order(people::id)
        .select((people::id, people::email))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .map(|(id, email)| (Some(id), email))
        .collect();
    if out.is_empty() && mail::EmailAddress::parse(l.contact_email.trim()).is_ok() {
        out.push((None, l.contact_email.trim().to_owned()));
    }
    Ok(out)
}

/// Whether a message to `l` would reach anyone.
pub fn reachable(conn: &mut AnyConnection, l: &Listing) -> Result<bool, CommunityError> {
    Ok(!recipients(conn, l)?.is_empty())
}

/// Keeps the message and relays it to `l`'s organisers, each with their
/// own reply link; returns its id. `sender` is the account, when signed in.
pub fn send(
    conn: &mut AnyConnection,
    site: &mail::Site,
    l: &Listing,
    sender: Option<i32>,
    form: &ContactForm,
    now: NaiveDateTime,
) -> Result<i32, CommunityError> {
    if let Some((field, message)) = check(form).into_iter().next() {
        return Err(CommunityError::invalid(field, message));
    }
    let to = recipients(conn, l)?;
    if to.is_empty() {
        return Err(CommunityError::invalid(
            "message",
            "Nobody can be reached through the site for this listing yet. Try the contact details on its page.",
        ));
    }
    let (name, email, body) = (form.name.trim(), form.email.trim(), form.message.trim());
    let (id, ..): (i32, i32, Option<i32>, String, String, String, NaiveDateTime) =
        diesel::insert_into(contact_messages::table)
            .values((
                contact_messages::listing_id.eq(l.id),
                contact_messages::sender_id.eq(sender),
                contact_messages::sender_name.eq(name),
                contact_messages::sender_email.eq(email),
                contact_messages::body.eq(body),
                contact_messages::created_at.eq(now),
            ))
            .get_result(conn)?;
    for (person, address) in to {
        let token = accounts::token::random_hex(32)?;
        diesel::insert_into(contact_recipients::table)
            .values((
                contact_recipients::contact_message_id.eq(id),
                contact_recipients::person_id.eq(person),
                contact_recipients::email.eq(&address),
                contact_recipients::token_hash.eq(digest(&token)),
            ))
            .execute(conn)?;
        let message = mail::Message::new(&format!("A message for {} from {name}", l.name))
            .paragraph(&format!(
                "{name} wrote to the organisers of {} using the contact form on the site. This is what they said:",
                l.name
            ))
            .paragraph(body)
            .paragraph("Their email address is not shown to you. To answer, use the button below: we will send your reply on to them, and you choose whether to show them your own email address.")
            .action("Reply to this message", &site_url(site, &format!("/contact/reply/{token}")))
            .reason(&format!("You get this because you organise {} on the site.", l.name));
        let rendered = message.render(site, mail::EmailAddress::parse(&address)?, "")?;
        mail::enqueue(conn, &rendered, now)?;
    }
    Ok(id)
}

/// A relayed message as its organiser sees it on the reply page: never
/// the sender's address.
#[derive(Debug, Clone)]
pub struct Relayed {
    pub listing: Listing,
    pub sender_name: String,
    pub body: String,
    pub sent_at: NaiveDateTime,
    /// The organiser's own address, which they may choose to show.
    pub your_email: String,
    /// Answers already sent from this link, oldest first.
    pub replies: Vec<(String, NaiveDateTime)>,
}

/// (recipient row, message id, organiser's address) for a reply link;
/// [`CommunityError::Expired`] once it is [`REPLY_LINK_DAYS`] old.
fn by_token(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<(i32, i32, String), CommunityError> {
    let not_found = || CommunityError::NotFound { what: "message" };
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let (recipient, message, email, sent_at): (i32, i32, String, NaiveDateTime) = contact_recipients::table
        .inner_join(contact_messages::table)
        .filter(contact_recipients::token_hash.eq(digest(raw)))
        .select((
            contact_recipients::id,
            contact_recipients::contact_message_id,
            contact_recipients::email,
            contact_messages::created_at,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    if sent_at + chrono::Duration::days(REPLY_LINK_DAYS) <= now {
        return Err(CommunityError::Expired { what: "reply link" });
    }
    Ok((recipient, message, email))
}

/// The message behind a reply link.
pub fn relayed(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<Relayed, CommunityError> {
    let (recipient, message, your_email) = by_token(conn, raw, now)?;
    let (listing_id, sender_name, body, sent_at): (i32, String, String, NaiveDateTime) = contact_messages::table
        .find(message)
        .select((
            contact_messages::listing_id,
            contact_messages::sender_name,
            contact_messages::body,
            contact_messages::created_at,
        ))
        .first(conn)?;
    let replies = contact_replies::table
        .filter(contact_replies::recipient_id.eq(recipient))
        .order(contact_replies::id)
        .select((contact_replies::body, contact_replies::created_at))
        .load(conn)?;
    Ok(Relayed {
        listing: directory::listing::get(conn, listing_id)?,
        sender_name,
        body,
        sent_at,
        your_email,
        replies,
    })
}

/// An organiser answers through their reply link; the answer is emailed
/// to the sender, with the organiser's address (and as Reply-To) only when
/// `show_address`.
pub fn reply(
    conn: &mut AnyConnection,
    site: &mail::Site,
    raw: &str,
    body: &str,
    show_address: bool,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let (recipient, message, organiser_email) = by_token(conn, raw, now)?;
    check_text(body, "Enter your reply", "Your reply").map_err(|m| CommunityError::invalid("body", m))?;
    let body = body.trim();
    let (listing_id, name, email): (i32, String, String) = contact_messages::table
        .find(message)
        .select((
            contact_messages::listing_id,
            contact_messages::sender_name,
            contact_messages::sender_email,
        ))
        .first(conn)?;
    let l = directory::listing::get(conn, listing_id)?;
    diesel::insert_into(contact_replies::table)
        .values((
            contact_replies::contact_message_id.eq(message),
            contact_replies::recipient_id.eq(recipient),
            contact_replies::body.eq(body),
            contact_replies::shows_address.eq(show_address),
            contact_replies::created_at.eq(now),
        ))
        .execute(conn)?;
    let mut m = mail::Message::new(&format!("A reply from {}", l.name))
        .greeting(&name)
        .paragraph(&format!(
            "The organisers of {} answered the message you sent them through the site:",
            l.name
        ))
        .paragraph(body);
    m = if show_address {
        m.paragraph(&format!(
            "They chose to share their email address, so you can write to them directly: {organiser_email}"
        ))
    } else {
        m.paragraph("Their email address is not shared. To write to them again, use the contact form on their page.")
            .action(
                "Contact them again",
                &site_url(site, &format!("/{}/{}/contact", l.kind.path_segment(), l.slug)),
            )
    };
    let mut rendered = m.render(site, mail::EmailAddress::parse(&email)?, &name)?;
    if show_address {
        rendered = rendered.with_reply_to(mail::EmailAddress::parse(&organiser_email)?);
    }
    mail::enqueue(conn, &rendered, now)?;
    Ok(())
}

/// A contact message in its sender's data export.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub id: i32,
    pub listing_id: i32,
    pub name: String,
    pub email: String,
    pub message: String,
    pub sent_at: NaiveDateTime,
    /// The answers it got, oldest first.
    pub replies: Vec<String>,
}

/// The contact messages `person` sent while signed in.
pub fn export(conn: &mut AnyConnection, person: i32) -> Result<Vec<Exported>, CommunityError> {
    let rows: Vec<(i32, i32, String, String, String, NaiveDateTime)> = contact_messages::table
        .filter(contact_messages::sender_id.eq(person))
        .order(contact_messages::id)
        .select((
            contact_messages::id,
            contact_messages::listing_id,
            contact_messages::sender_name,
            contact_messages::sender_email,
            contact_messages::body,
            contact_messages::created_at,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, listing_id, name, email, message, sent_at) in rows {
        let replies = contact_replies::table
            .filter(contact_replies::contact_message_id.eq(id))
            .order(contact_replies::id)
            .select(contact_replies::body)
            .load(conn)?;
        out.push(Exported {
            id,
            listing_id,
            name,
            email,
            message,
            sent_at,
            replies,
        });
    }
    Ok(out)
}

/// Deletes the contact messages `person` sent while signed in (they hold
/// their address) and the reply links relayed to them as an organiser.
pub(crate) fn forget(conn: &mut AnyConnection, person: i32) -> Result<(), CommunityError> {
    let sent: Vec<i32> = contact_messages::table
        .filter(contact_messages::sender_id.eq(person))
        .select(contact_messages::id)
        .load(conn)?;
    let links: Vec<i32> = contact_recipients::table
        .filter(contact_recipients::person_id.eq(person))
        .select(contact_recipients::id)
        .load(conn)?;
    diesel::delete(
        contact_replies::table.filter(
            contact_replies::contact_message_id
                .eq_any(&sent)
                .or(contact_replies::recipient_id.eq_any(&links)),
        ),
    )
    .execute(conn)?;
    diesel::delete(
        contact_recipients::table.filter(
            contact_recipients::contact_message_id
                .eq_any(&sent)
                .or(contact_recipients::id.eq_any(&links)),
        ),
    )
    .execute(conn)?;
    diesel::delete(contact_messages::table.filter(contact_messages::id.eq_any(&sent))).execute(conn)?;
    Ok(())
}
