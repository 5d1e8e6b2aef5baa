//! Direct messages between two members.
//!
//! A member may write to someone only when both are members of one group,
//! the receiver takes messages from members of their groups (off until
//! they turn it on) and neither has blocked the other. Every send goes
//! through [`before_send`], the one place these rules (and any later
//! limits on sending) are checked, through [`accounts::permits`] with
//! [`Action::SendMessage`]. The receiver is emailed in the same
//! transaction as the message is saved: if the email cannot be queued,
//! the message is not sent either.

use std::collections::HashMap;

use accounts::{Action, Actor};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use directory::listing::Page;
use serde::Serialize;
use store::schema::direct_messages;
use store::AnyConnection;

use crate::notify::{site_url, tell};
use crate::{blocks, profiles, CommunityError};

/// The longest message, in characters.
pub const BODY_MAX: usize = 2000;
/// Conversations in the inbox, and messages in a conversation, per page.
pub const PER_PAGE: i64 = 20;

/// What a sender hears when the receiver does not take their messages,
/// whatever the reason: a block is not revealed.
pub const CANNOT_SEND: &str = "You cannot send messages to this person. They may not take messages from other members, or you may no longer be in a group together.";

/// The message body, trimmed, or what is wrong with it.
pub fn check_body(body: &str) -> Result<&str, String> {
    let body = body.trim();
    if body.is_empty() {
        Err("Enter your message".to_owned())
    } else if body.chars().count() > BODY_MAX {
        Err(format!("Your message must be {BODY_MAX} characters or fewer"))
    } else {
        Ok(body)
    }
}

/// Whether `sender` may write to `recipient` now: the shared-group,
/// receiver's-setting and blocking rules. Every message goes through this
/// first. `Invalid` on `body` with a sentence for the sender when not.
pub fn before_send(conn: &mut AnyConnection, sender: &Actor, recipient: i32) -> Result<(), CommunityError> {
    if sender.person_id == recipient {
        return Err(CommunityError::invalid("body", "You cannot send a message to yourself"));
    }
    if !profiles::exists(conn, recipient)? {
        return Err(CommunityError::NotFound { what: "person" });
    }
    if blocks::has_blocked(conn, sender.person_id, recipient)? {
        return Err(CommunityError::invalid(
            "body",
            "You have blocked this person. Unblock them from your list of blocked people to send them a message.",
        ));
    }
    let action = Action::SendMessage {
        shares_group: profiles::share_a_group(conn, sender.person_id, recipient)?,
        receiver_allows: profiles::settings(conn, recipient)?.messages_from_groups,
        blocked: blocks::has_blocked(conn, recipient, sender.person_id)?,
    };
    if accounts::permits(Some(sender), action) {
        Ok(())
    } else {
        Err(CommunityError::invalid("body", CANNOT_SEND))
    }
}

/// Whether [`before_send`] would let `sender` write to `recipient`, and if
/// not, the sentence to show them.
pub fn can_send(
    conn: &mut AnyConnection,
    sender: &Actor,
    recipient: i32,
) -> Result<Result<(), String>, CommunityError> {
    match before_send(conn, sender, recipient) {
        Ok(()) => Ok(Ok(())),
        Err(CommunityError::Invalid { message, .. }) => Ok(Err(message)),
        Err(e) => Err(e),
    }
}

/// `sender` writes to `recipient`; returns the message's id. The recipient
/// is emailed a link to the conversation (not the words themselves, which
/// stay on the site behind their sign-in).
pub fn send(
    conn: &mut AnyConnection,
    site: &mail::Site,
    rules: &crate::safety::Rules,
    sender: &Actor,
    recipient: i32,
    body: &str,
    now: NaiveDateTime,
) -> Result<i32, CommunityError> {
    before_send(conn, sender, recipient)?;
    let body = check_body(body).map_err(|m| CommunityError::invalid("body", m))?;
    // New accounts write only so many messages an hour and a day, as with
    // posts; a suspended account writes none.
    crate::safety::check_rate(conn, rules, sender.person_id, crate::safety::Activity::Message, now)?;
    let (id, ..): (i32, i32, i32, String, NaiveDateTime, Option<NaiveDateTime>) =
        diesel::insert_into(direct_messages::table)
            .values((
                direct_messages::sender_id.eq(sender.person_id),
                direct_messages::recipient_id.eq(recipient),
                direct_messages::body.eq(body),
                direct_messages::sent_at.eq(now),
                direct_messages::read_at.eq(None::<NaiveDateTime>),
            ))
            .get_result(conn)?;
    let from = profiles::name(conn, Some(recipient), sender.person_id)?;
    let message = mail::Message::new(&format!("New message from {from}"))
        .paragraph(&format!("{from} sent you a message on the site."))
        .action(
            "Read the message",
            &site_url(site, &format!("/messages/{}", sender.person_id)),
        )
        .reason("You get this because you take messages from members of your groups.")
        .settings_link(&site_url(site, "/account/profile#messages"));
    tell(conn, site, recipient, message, now)?;
    Ok(id)
}

/// One conversation in the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub person_id: i32,
    pub name: String,
    pub last_at: NaiveDateTime,
    pub last_from_me: bool,
    /// Messages from them that `me` has not opened.
    pub unread: i64,
}

/// `me`'s conversations, newest first, a page at a time. The database
/// groups messages by the other person, so the work grows with the number
/// of people `me` talks to, not with the number of messages.
pub fn inbox(conn: &mut AnyConnection, me: i32, page: i64) -> Result<Page<Summary>, CommunityError> {
    use diesel::dsl::{count_star, max};
    let page = page.max(1);
    // Per person: the newest message each way, as (sent at, id).
    let received: Vec<(i32, Option<NaiveDateTime>, Option<i32>)> = direct_messages::table
        .filter(direct_messages::recipient_id.eq(me))
        .group_by(direct_messages::sender_id)
        .select((
            direct_messages::sender_id,
            max(direct_messages::sent_at),
            max(direct_messages::id),
        ))
        .load(conn)?;
    let sent: Vec<(i32, Option<NaiveDateTime>, Option<i32>)> = direct_messages::table
        .filter(direct_messages::sender_id.eq(me))
        .group_by(direct_messages::recipient_id)
        .select((
            direct_messages::recipient_id,
            max(direct_messages::sent_at),
            max(direct_messages::id),
        ))
        .load(conn)?;
    let unread: HashMap<i32, i64> = direct_messages::table
        .filter(direct_messages::recipient_id.eq(me))
        .filter(direct_messages::read_at.is_null())
        .group_by(direct_messages::sender_id)
        .select((direct_messages::sender_id, count_star()))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    let mut by_person: HashMap<i32, Summary> = HashMap::new();
    let mut newest: HashMap<i32, (NaiveDateTime, i32)> = HashMap::new();
    for (rows, from_me) in [(received, false), (sent, true)] {
        for (other, at, id) in rows {
            let (Some(at), Some(id)) = (at, id) else { continue };
            if newest.get(&other).is_some_and(|n| *n >= (at, id)) {
                continue;
            }
            newest.insert(other, (at, id));
            by_person.insert(
                other,
                Summary {
                    person_id: other,
                    name: String::new(),
                    last_at: at,
                    last_from_me: from_me,
                    unread: unread.get(&other).copied().unwrap_or(0),
                },
            );
        }
    }
    let mut order: Vec<i32> = by_person.keys().copied().collect();
    order.sort_unstable_by(|a, b| newest.get(b).cmp(&newest.get(a)));
    let total = i64::try_from(order.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from((page - 1) * PER_PAGE).unwrap_or(usize::MAX);
    let shown: Vec<i32> = order.into_iter().skip(skip).take(PER_PAGE as usize).collect();
    let mut names = profiles::names(conn, Some(me), &shown)?;
    let items = shown
        .into_iter()
        .filter_map(|p| by_person.remove(&p))
        .map(|mut s| {
            s.name = names
                .remove(&s.person_id)
                .unwrap_or_else(|| profiles::A_MEMBER.to_owned());
            s
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// How many messages `me` has not opened.
pub fn unread(conn: &mut AnyConnection, me: i32) -> Result<i64, CommunityError> {
    Ok(direct_messages::table
        .filter(direct_messages::recipient_id.eq(me))
        .filter(direct_messages::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// One message in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageView {
    pub id: i32,
    pub from_me: bool,
    pub body: String,
    pub sent_at: NaiveDateTime,
}

/// A conversation between the viewer and one other member.
#[derive(Debug, Clone)]
pub struct Conversation {
    pub person_id: i32,
    pub name: String,
    /// Page 1 is the newest messages; within a page, oldest first.
    pub messages: Page<MessageView>,
    /// `Err` with the sentence to show when the viewer may not write now.
    pub can_send: Result<(), String>,
    /// The viewer has blocked them.
    pub blocked: bool,
}

/// The conversation between `me` and `other`, marking what `me` now sees
/// as read. `NotFound` for an account that does not exist or is deleted.
pub fn conversation(
    conn: &mut AnyConnection,
    me: &Actor,
    other: i32,
    page: i64,
    now: NaiveDateTime,
) -> Result<Conversation, CommunityError> {
    if other == me.person_id || !profiles::exists(conn, other)? {
        return Err(CommunityError::NotFound { what: "person" });
    }
    let page = page.max(1);
    let between = direct_messages::sender_id
        .eq(me.person_id)
        .and(direct_messages::recipient_id.eq(other))
        .or(direct_messages::sender_id
            .eq(other)
            .and(direct_messages::recipient_id.eq(me.person_id)));
    let total: i64 = direct_messages::table.filter(between).count().get_result(conn)?;
    let mut rows: Vec<(i32, i32, String, NaiveDateTime)> = direct_messages::table
        .filter(between)
        .order((direct_messages::sent_at.desc(), direct_messages::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select((
            direct_messages::id,
            direct_messages::sender_id,
            direct_messages::body,
            direct_messages::sent_at,
        ))
        .load(conn)?;
    rows.reverse();
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    diesel::update(
        direct_messages::table
            .filter(direct_messages::id.eq_any(&ids))
            .filter(direct_messages::recipient_id.eq(me.person_id))
            .filter(direct_messages::read_at.is_null()),
    )
    .set(direct_messages::read_at.eq(Some(now)))
    .execute(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, from, body, sent_at)| MessageView {
            id,
            from_me: from == me.person_id,
            body,
            sent_at,
        })
        .collect();
    Ok(Conversation {
        person_id: other,
        name: profiles::name(conn, Some(me.person_id), other)?,
        messages: Page {
            items,
            total,
            page,
            per_page: PER_PAGE,
        },
        can_send: can_send(conn, me, other)?,
        blocked: blocks::has_blocked(conn, me.person_id, other)?,
    })
}

/// A message in a member's data export.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub id: i32,
    pub sender_id: i32,
    pub recipient_id: i32,
    pub body: String,
    pub sent_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

/// Every message `person` sent or received, oldest first.
pub fn export(conn: &mut AnyConnection, person: i32) -> Result<Vec<Exported>, CommunityError> {
    let rows: Vec<(i32, i32, i32, String, NaiveDateTime, Option<NaiveDateTime>)> = direct_messages::table
        .filter(
            direct_messages::sender_id
                .eq(person)
                .or(direct_messages::recipient_id.eq(person)),
        )
        .order(direct_messages::id)
        .select((
            direct_messages::id,
            direct_messages::sender_id,
            direct_messages::recipient_id,
            direct_messages::body,
            direct_messages::sent_at,
            direct_messages::read_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, sender_id, recipient_id, body, sent_at, read_at)| Exported {
            id,
            sender_id,
            recipient_id,
            body,
            sent_at,
            read_at,
        })
        .collect())
}

/// Deletes every message to or from `person`, for a deleted account: a
/// conversation with someone who has gone is not kept.
pub(crate) fn forget(conn: &mut AnyConnection, person: i32) -> Result<(), CommunityError> {
    diesel::delete(
        direct_messages::table.filter(
            direct_messages::sender_id
                .eq(person)
                .or(direct_messages::recipient_id.eq(person)),
        ),
    )
    .execute(conn)?;
    Ok(())
}
