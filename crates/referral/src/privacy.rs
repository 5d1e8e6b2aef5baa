//! Reading a whole referral, exporting it for a subject access request,
//! erasing it on request, and retention: each audited, and the last two
//! leave a stub (reference, dates, stage, outcome) so the team's counts
//! stay true while nothing about the person remains.

use accounts::audit::AuditEntry;
use accounts::Action;
use chrono::{Months, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{
    audit_log, casework_barriers, casework_contacts, casework_follow_ups, casework_goals, casework_measures,
    casework_network, casework_reviews, casework_strengths, referral_events, referral_interests, referral_pauses,
    referral_people, referral_referrers, referrals,
};
use store::AnyConnection;

use crate::casework::Contact;
use crate::follow_up::FollowUp;
use crate::goals::{Goal, Step};
use crate::measures::Measure;
use crate::model::{Event, Outcome, Pause, PersonDetails, Referral, ReferralChange, Referrer, Status};
use crate::network::Connection;
use crate::profile::{BarrierNote, Strength};
use crate::record::{audit, event, get_visible, micros, timeline, Staff};
use crate::reviews::Review;
use crate::ReferralError;

/// Everything held about one referral.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub referral: Referral,
    /// None once erased.
    pub person: Option<PersonDetails>,
    /// Professional referrals only; None once erased.
    pub referrer: Option<Referrer>,
    pub interest_ids: Vec<i32>,
    pub timeline: Vec<Event>,
    pub pauses: Vec<Pause>,
    /// Outcome questionnaires, by instrument then point.
    pub measures: Vec<Measure>,
    /// Every contact with the person, oldest first.
    pub contacts: Vec<Contact>,
    /// Goals in the person's words, and the steps towards them.
    pub goals: Vec<Goal>,
    pub steps: Vec<Step>,
    /// The social network maps at the start and the end.
    pub network: Vec<Connection>,
    /// The person's and the coach's strengths, and the barriers ticked.
    pub strengths: Vec<Strength>,
    pub barriers: Vec<BarrierNote>,
    /// The 6-week review and the final meeting, as recorded.
    pub reviews: Vec<Review>,
    /// The three-month follow-up: its answers, and whether a link was sent.
    pub follow_up: Option<FollowUp>,
}

fn load_record(conn: &mut AnyConnection, r: Referral) -> Result<Record, ReferralError> {
    let person = referral_people::table
        .find(r.id)
        .select(PersonDetails::as_select())
        .first(conn)
        .optional()?;
    let referrer = referral_referrers::table
        .find(r.id)
        .select(Referrer::as_select())
        .first(conn)
        .optional()?;
    let interest_ids = referral_interests::table
        .filter(referral_interests::referral_id.eq(r.id))
        .order(referral_interests::interest_id)
        .select(referral_interests::interest_id)
        .load(conn)?;
    let pauses = referral_pauses::table
        .filter(referral_pauses::referral_id.eq(r.id))
        .order(referral_pauses::started_at)
        .select(Pause::as_select())
        .load(conn)?;
    let timeline = timeline(conn, r.id)?;
    let measures = crate::measures::load(conn, r.id)?;
    let contacts = crate::casework::load_contacts(conn, r.id)?;
    let goals = crate::goals::load_goals(conn, r.id)?;
    let steps = crate::goals::load_steps(conn, r.id)?;
    let network = crate::network::load(conn, r.id)?;
    let strengths = crate::profile::load_strengths(conn, r.id)?;
    let barriers = crate::profile::load_barriers(conn, r.id)?;
    let reviews = crate::reviews::load(conn, r.id)?;
    let follow_up = crate::follow_up::load(conn, r.id)?;
    Ok(Record {
        referral: r,
        person,
        referrer,
        interest_ids,
        timeline,
        pauses,
        measures,
        contacts,
        goals,
        steps,
        network,
        strengths,
        barriers,
        reviews,
        follow_up,
    })
}

/// Opens a referral for someone allowed to see it, and records that they did.
pub fn view(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, now: NaiveDateTime) -> Result<Record, ReferralError> {
    let r = get_visible(conn, by, id)?;
    audit(conn, Some(by.actor.person_id), "referral.viewed", id, by.reason, now)?;
    load_record(conn, r)
}

/// The whole record as JSON, for a subject access request (managers only).
/// The form token is left out: it is ours, not about the person.
pub fn export(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    now: NaiveDateTime,
) -> Result<serde_json::Value, ReferralError> {
    by.require(Action::ManageReferrals)?;
    let r = get_visible(conn, by, id)?;
    audit(conn, Some(by.actor.person_id), "referral.exported", id, by.reason, now)?;
    let record = load_record(conn, r)?;
    Ok(serde_json::json!({
        "exported_at": micros(now),
        "consent_wording": crate::form::CONSENT_WORDING,
        "referral": serde_json::to_value(&record)?,
    }))
}

/// The audit trail of one referral, newest first (managers only).
pub fn audit_trail(conn: &mut AnyConnection, by: &Staff<'_>, id: i32) -> Result<Vec<AuditEntry>, ReferralError> {
    by.require(Action::ManageReferrals)?;
    Ok(audit_log::table
        .filter(audit_log::subject.eq(format!("referral:{id}")))
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .select(AuditEntry::as_select())
        .load(conn)?)
}

/// Removes everything about the person and the referrer: their rows, the
/// interests, their questionnaire answers, goals (with their steps),
/// network maps, strengths and barriers, reviews, the follow-up,
/// the free text on the referral,
/// and the notes on the timeline, pauses and contacts (which may quote
/// them). The contacts' dates, modes and minutes stay, like the timeline's
/// dates: they are the team's work, and its figures. The form token becomes a tombstone
/// so the UNIQUE column holds.
fn anonymise(
    conn: &mut AnyConnection,
    r: &Referral,
    actor_id: Option<i32>,
    now: NaiveDateTime,
) -> Result<(), ReferralError> {
    let now = micros(now);
    diesel::delete(referral_people::table.find(r.id)).execute(conn)?;
    diesel::delete(referral_referrers::table.find(r.id)).execute(conn)?;
    diesel::delete(referral_interests::table.filter(referral_interests::referral_id.eq(r.id))).execute(conn)?;
    diesel::update(referral_events::table.filter(referral_events::referral_id.eq(r.id)))
        .set(referral_events::note.eq(""))
        .execute(conn)?;
    diesel::update(referral_pauses::table.filter(referral_pauses::referral_id.eq(r.id)))
        .set(referral_pauses::reason.eq(""))
        .execute(conn)?;
    diesel::delete(casework_measures::table.filter(casework_measures::referral_id.eq(r.id))).execute(conn)?;
    // Steps go with their goals (ON DELETE CASCADE).
    diesel::delete(casework_goals::table.filter(casework_goals::referral_id.eq(r.id))).execute(conn)?;
    diesel::delete(casework_network::table.filter(casework_network::referral_id.eq(r.id))).execute(conn)?;
    diesel::delete(casework_strengths::table.filter(casework_strengths::referral_id.eq(r.id))).execute(conn)?;
    diesel::delete(casework_barriers::table.filter(casework_barriers::referral_id.eq(r.id))).execute(conn)?;
    diesel::delete(casework_reviews::table.filter(casework_reviews::referral_id.eq(r.id))).execute(conn)?;
    diesel::delete(casework_follow_ups::table.filter(casework_follow_ups::referral_id.eq(r.id))).execute(conn)?;
    diesel::update(casework_contacts::table.filter(casework_contacts::referral_id.eq(r.id)))
        .set(casework_contacts::note.eq(""))
        .execute(conn)?;
    let change = ReferralChange {
        suitability_reason: Some(String::new()),
        referred_to: Some(String::new()),
        closing_summary: Some(String::new()),
        idempotency_key: Some(format!("erased:{}", r.id)),
        borough_id: Some(None),
        anonymised_at: Some(Some(now)),
        updated_at: Some(now),
        ..ReferralChange::default()
    };
    diesel::update(referrals::table.find(r.id)).set(&change).execute(conn)?;
    event(conn, r.id, actor_id, "erased", "", now)
}

/// Erases a closed referral on the person's request (managers only),
/// leaving a stub and an audit entry with the reason given.
pub fn erase(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, now: NaiveDateTime) -> Result<(), ReferralError> {
    by.require(Action::ManageReferrals)?;
    let r = get_visible(conn, by, id)?;
    if r.anonymised_at.is_some() {
        return Ok(());
    }
    if r.is_open() {
        return Err(ReferralError::Transition(
            "Close the referral before erasing it".to_owned(),
        ));
    }
    anonymise(conn, &r, Some(by.actor.person_id), now)?;
    audit(conn, Some(by.actor.person_id), "referral.erased", id, by.reason, now)
}

/// How long closed referrals are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// After closing, in months (default 8 years).
    pub months: u32,
    /// For referrals closed as not suitable or declined, where the team
    /// did no work (default 2 years).
    pub short_months: u32,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            months: 8 * 12,
            short_months: 2 * 12,
        }
    }
}

/// A referral that retention anonymised (or, on a dry run, would).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retained {
    pub id: i32,
    pub reference: String,
    pub outcome: Option<String>,
    pub closed_at: NaiveDateTime,
}

/// Anonymises every closed referral past its retention period, unless
/// `dry_run`, and returns them oldest first. Run by `kith retention
/// [--dry-run]`, on the caller's transaction: all or nothing.
pub fn retention(
    conn: &mut AnyConnection,
    policy: Retention,
    dry_run: bool,
    now: NaiveDateTime,
) -> Result<Vec<Retained>, ReferralError> {
    let long_cutoff = now
        .checked_sub_months(Months::new(policy.months))
        .unwrap_or(NaiveDateTime::MIN);
    let short_cutoff = now
        .checked_sub_months(Months::new(policy.short_months))
        .unwrap_or(NaiveDateTime::MIN);
    let short = [Outcome::NotSuitable.code(), Outcome::Declined.code()];
    let due: Vec<Referral> = referrals::table
        .filter(referrals::status.eq(Status::Closed.code()))
        .filter(referrals::anonymised_at.is_null())
        .filter(
            referrals::closed_at.lt(long_cutoff).or(referrals::closed_at
                .lt(short_cutoff)
                .and(referrals::outcome.eq_any(short))),
        )
        .order((referrals::closed_at, referrals::id))
        .select(Referral::as_select())
        .load(conn)?;
    let mut changed = Vec::with_capacity(due.len());
    for r in due {
        if !dry_run {
            anonymise(conn, &r, None, now)?;
            audit(
                conn,
                None,
                "referral.retention_anonymised",
                r.id,
                "retention period over",
                now,
            )?;
        }
        changed.push(Retained {
            id: r.id,
            closed_at: r.closed_at.unwrap_or(r.updated_at),
            outcome: r.outcome,
            reference: r.reference,
        });
    }
    Ok(changed)
}
