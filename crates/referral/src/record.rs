//! What every step shares: loading a referral, checking the person may
//! touch it, writing the change with its timeline row and audit entry.

use std::collections::HashMap;

use accounts::{audit, permits, Actor};
use chrono::{NaiveDateTime, SubsecRound};
use diesel::prelude::*;
use store::schema::{people, referral_events, referrals};
use store::AnyConnection;

use crate::model::{Event, NewEvent, Referral, ReferralChange};
use crate::ReferralError;

/// A member of the team acting on referrals, and why, when a manager steps
/// outside the usual (the audit log keeps the reason).
#[derive(Debug, Clone, Copy)]
pub struct Staff<'a> {
    pub actor: &'a Actor,
    pub reason: &'a str,
}

impl<'a> Staff<'a> {
    pub fn new(actor: &'a Actor) -> Staff<'a> {
        Staff { actor, reason: "" }
    }

    pub fn because(actor: &'a Actor, reason: &'a str) -> Staff<'a> {
        Staff { actor, reason }
    }

    pub fn may(&self, action: accounts::Action) -> bool {
        permits(Some(self.actor), action)
    }

    pub(crate) fn require(&self, action: accounts::Action) -> Result<(), ReferralError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(ReferralError::Forbidden)
        }
    }
}

/// Both databases keep microseconds, so a time written compares equal to
/// the time read back (the optimistic check in [`apply`] relies on it).
pub(crate) fn micros(t: NaiveDateTime) -> NaiveDateTime {
    t.trunc_subsecs(6)
}

pub(crate) fn get(conn: &mut AnyConnection, id: i32) -> Result<Referral, ReferralError> {
    referrals::table
        .find(id)
        .select(Referral::as_select())
        .first(conn)
        .optional()?
        .ok_or(ReferralError::NotFound { what: "referral" })
}

/// Loads a referral that `by` may see (see [`accounts::Action::Referral`]).
pub(crate) fn get_visible(conn: &mut AnyConnection, by: &Staff<'_>, id: i32) -> Result<Referral, ReferralError> {
    let r = get(conn, id)?;
    by.require(r.action())?;
    Ok(r)
}

/// Loads a referral that `by` may change: visible, and not erased.
pub(crate) fn get_changeable(conn: &mut AnyConnection, by: &Staff<'_>, id: i32) -> Result<Referral, ReferralError> {
    let r = get_visible(conn, by, id)?;
    if r.anonymised_at.is_some() {
        return Err(ReferralError::Transition("This referral has been erased".to_owned()));
    }
    Ok(r)
}

/// Adds a row to the timeline.
pub(crate) fn event(
    conn: &mut AnyConnection,
    referral_id: i32,
    actor_id: Option<i32>,
    kind: &str,
    note: &str,
    now: NaiveDateTime,
) -> Result<(), ReferralError> {
    diesel::insert_into(referral_events::table)
        .values(NewEvent {
            referral_id,
            at: micros(now),
            actor_id,
            kind,
            note,
        })
        .execute(conn)?;
    Ok(())
}

/// Appends to the audit log: `action` like `referral.viewed`, the subject
/// `referral:ID` (an opaque id, never a name, so the log holds no personal
/// data of its own).
pub(crate) fn audit(
    conn: &mut AnyConnection,
    actor_id: Option<i32>,
    action: &str,
    referral_id: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), ReferralError> {
    audit::record(
        conn,
        &audit::Entry {
            actor_id,
            action,
            subject: &format!("referral:{referral_id}"),
            subject_person_id: None,
            reason,
        },
        micros(now),
    )?;
    Ok(())
}

/// Writes a step: the change (only if nobody changed the referral since
/// `r` was read, so two people cannot both allocate it), a timeline row and
/// an audit entry. Returns the referral as it now is.
pub(crate) fn apply(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    r: &Referral,
    mut change: ReferralChange,
    kind: &str,
    note: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    change.updated_at = Some(micros(now));
    let updated: Option<Referral> = diesel::update(
        referrals::table
            .find(r.id)
            .filter(referrals::status.eq(&r.status))
            .filter(referrals::updated_at.eq(r.updated_at)),
    )
    .set(&change)
    .get_result(conn)
    .optional()?;
    let updated = updated.ok_or(ReferralError::Conflict)?;
    event(conn, r.id, Some(by.actor.person_id), kind, note, now)?;
    audit(
        conn,
        Some(by.actor.person_id),
        &format!("referral.{kind}"),
        r.id,
        by.reason,
        now,
    )?;
    Ok(updated)
}

/// A referral's timeline, oldest first.
pub(crate) fn timeline(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Event>, ReferralError> {
    Ok(referral_events::table
        .filter(referral_events::referral_id.eq(referral_id))
        .order((referral_events::at, referral_events::id))
        .select(Event::as_select())
        .load(conn)?)
}

/// "Note" or "Headline. Note", for timeline rows that carry both.
pub(crate) fn with_note(headline: &str, note: &str) -> String {
    let note = note.trim();
    if note.is_empty() {
        headline.to_owned()
    } else {
        format!("{headline}. {note}")
    }
}

/// The display names of the team members who acted on referrals, for
/// timelines and audit trails ("by Sam"); ids with no account left are
/// missing from the map.
pub fn staff_names(conn: &mut AnyConnection, ids: &[i32]) -> Result<HashMap<i32, String>, ReferralError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(people::table
        .filter(people::id.eq_any(ids))
        .select((people::id, people::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

/// Who a referral is allocated to, if anyone. Holds nothing about the
/// person, so it is not audited: the web layer asks it to decide whether a
/// manager's change is an override that needs a reason.
pub fn worker_of(conn: &mut AnyConnection, by: &Staff<'_>, id: i32) -> Result<Option<i32>, ReferralError> {
    Ok(get_visible(conn, by, id)?.worker_id)
}
