//! A member's email settings, kept in one place: replies to discussions
//! they wrote in, new events in their groups, day-before reminders and the
//! weekly digest, with groups they muted (no reply or new-event emails from
//! them) and what the digest looks for (interests and a borough).
//!
//! Members who never saved their settings have no row and get the
//! defaults: replies, new events and reminders on, the digest off (it is
//! opt-in). Reminders stay in `reminder_opt_outs`, the table the link in
//! every reminder also writes, so there is one answer to "does this person
//! want reminders" whichever way they said it. Interests are likewise the
//! profile's (`profile_interests`): one list of what a member cares about.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::{
    boroughs, digest_sends, group_members, group_notification_mutes, interests, listings, notification_settings,
    people, profile_interests,
};
use store::AnyConnection;

use crate::{event_mail, groups, CommunityError};

/// The most interests a digest looks for, so it stays a short email.
pub const INTERESTS_MAX: usize = 10;

/// The kinds of email a member can mute for one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Replies in a discussion they wrote in.
    Replies,
    /// A new event of the organisation that runs the group.
    NewEvents,
}

/// Everything on the settings page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub replies: bool,
    pub new_events: bool,
    pub reminders: bool,
    pub digest: bool,
    /// Where the digest and the member's home look for new listings.
    pub borough_id: Option<i32>,
    /// What the digest and the member's home look for, as interest ids:
    /// the interests on the member's profile (one list, edited on either
    /// page; who sees it on the profile is the profile's setting).
    pub interests: Vec<i32>,
    /// Groups whose reply and new-event emails the member does not want.
    pub muted_groups: Vec<i32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            replies: true,
            new_events: true,
            reminders: true,
            digest: false,
            borough_id: None,
            interests: Vec::new(),
            muted_groups: Vec::new(),
        }
    }
}

/// A member's settings, the defaults where they saved none.
pub fn get(conn: &mut AnyConnection, person: i32) -> Result<Settings, CommunityError> {
    let row: Option<(bool, bool, bool, Option<i32>)> = notification_settings::table
        .find(person)
        .select((
            notification_settings::replies,
            notification_settings::new_events,
            notification_settings::digest,
            notification_settings::borough_id,
        ))
        .first(conn)
        .optional()?;
    let mut s = Settings::default();
    if let Some((replies, new_events, digest, borough_id)) = row {
        s.replies = replies;
        s.new_events = new_events;
        s.digest = digest;
        s.borough_id = borough_id;
    }
    s.reminders = event_mail::reminders_wanted(conn, person)?;
    s.interests = profile_interests::table
        .filter(profile_interests::person_id.eq(person))
        .order(profile_interests::interest_id)
        .select(profile_interests::interest_id)
        .load(conn)?;
    s.muted_groups = group_notification_mutes::table
        .filter(group_notification_mutes::person_id.eq(person))
        .order(group_notification_mutes::group_id)
        .select(group_notification_mutes::group_id)
        .load(conn)?;
    Ok(s)
}

/// What a member's home needs of their settings: their interests (in id
/// order) and their borough. One query (the person with their settings
/// and each of their interests) rather than [`get`]'s four, as the home
/// page is read far more than the settings page.
pub fn interests_and_borough(conn: &mut AnyConnection, person: i32) -> Result<(Vec<i32>, Option<i32>), CommunityError> {
    let rows: Vec<(Option<i32>, Option<i32>)> = people::table
        .left_join(notification_settings::table)
        .left_join(profile_interests::table.on(profile_interests::person_id.eq(people::id)))
        .filter(people::id.eq(person))
        .order(profile_interests::interest_id)
        .select((
            notification_settings::borough_id.nullable(),
            profile_interests::interest_id.nullable(),
        ))
        .load(conn)?;
    let borough = rows.first().and_then(|(b, _)| *b);
    Ok((rows.into_iter().filter_map(|(_, i)| i).collect(), borough))
}

/// The groups a member belongs to, as (id, name), for the per-group part
/// of the settings page.
pub fn member_groups(conn: &mut AnyConnection, person: i32) -> Result<Vec<(i32, String)>, CommunityError> {
    Ok(group_members::table
        .inner_join(listings::table)
        .filter(group_members::person_id.eq(person))
        .filter(group_members::status.eq(groups::MEMBER))
        .order(listings::name)
        .select((listings::id, listings::name))
        .load(conn)?)
}

/// Saves a member's settings. A borough or interest that does not exist,
/// too many interests, or a muted group they are not in is refused with
/// the field it belongs to.
pub fn save(conn: &mut AnyConnection, person: i32, s: &Settings, now: NaiveDateTime) -> Result<(), CommunityError> {
    if let Some(b) = s.borough_id {
        let found: i64 = boroughs::table.find(b).count().get_result(conn)?;
        if found == 0 {
            return Err(CommunityError::invalid("borough", "Choose a borough from the list"));
        }
    }
    let mut wanted = s.interests.clone();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.len() > INTERESTS_MAX {
        return Err(CommunityError::invalid(
            "interests",
            format!("Choose up to {INTERESTS_MAX} interests"),
        ));
    }
    let known: i64 = interests::table
        .filter(interests::id.eq_any(&wanted))
        .count()
        .get_result(conn)?;
    if usize::try_from(known).unwrap_or(0) != wanted.len() {
        return Err(CommunityError::invalid("interests", "Choose interests from the list"));
    }
    let mut muted = s.muted_groups.clone();
    muted.sort_unstable();
    muted.dedup();
    let mine: Vec<i32> = member_groups(conn, person)?.into_iter().map(|(id, _)| id).collect();
    if muted.iter().any(|g| !mine.contains(g)) {
        return Err(CommunityError::invalid("groups", "Choose from the groups you are in"));
    }
    diesel::delete(notification_settings::table.find(person)).execute(conn)?;
    diesel::insert_into(notification_settings::table)
        .values((
            notification_settings::person_id.eq(person),
            notification_settings::replies.eq(s.replies),
            notification_settings::new_events.eq(s.new_events),
            notification_settings::digest.eq(s.digest),
            notification_settings::borough_id.eq(s.borough_id),
            notification_settings::updated_at.eq(now),
        ))
        .execute(conn)?;
    event_mail::set_reminders_wanted(conn, person, s.reminders, now)?;
    diesel::delete(profile_interests::table.filter(profile_interests::person_id.eq(person))).execute(conn)?;
    for interest in wanted {
        diesel::insert_into(profile_interests::table)
            .values((
                profile_interests::person_id.eq(person),
                profile_interests::interest_id.eq(interest),
            ))
            .execute(conn)?;
    }
    diesel::delete(group_notification_mutes::table.filter(group_notification_mutes::person_id.eq(person)))
        .execute(conn)?;
    for group in muted {
        diesel::insert_into(group_notification_mutes::table)
            .values((
                group_notification_mutes::group_id.eq(group),
                group_notification_mutes::person_id.eq(person),
                group_notification_mutes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Turns the weekly digest off (from its unsubscribe link), keeping every
/// other setting as it was.
pub(crate) fn digest_off(conn: &mut AnyConnection, person: i32, now: NaiveDateTime) -> Result<(), CommunityError> {
    let mut s = get(conn, person)?;
    s.digest = false;
    save(conn, person, &s, now)
}

/// Of `people`, those who do not want `topic` emails from `group`: they
/// turned that kind off for everything, or muted the group. Two queries
/// whatever the number of people.
pub fn not_wanting(
    conn: &mut AnyConnection,
    topic: Topic,
    group: i32,
    people: &[i32],
) -> Result<Vec<i32>, CommunityError> {
    let mut off: Vec<i32> = match topic {
        Topic::Replies => notification_settings::table
            .filter(notification_settings::person_id.eq_any(people))
            .filter(notification_settings::replies.eq(false))
            .select(notification_settings::person_id)
            .load(conn)?,
        Topic::NewEvents => notification_settings::table
            .filter(notification_settings::person_id.eq_any(people))
            .filter(notification_settings::new_events.eq(false))
            .select(notification_settings::person_id)
            .load(conn)?,
    };
    off.extend(
        group_notification_mutes::table
            .filter(group_notification_mutes::group_id.eq(group))
            .filter(group_notification_mutes::person_id.eq_any(people))
            .select(group_notification_mutes::person_id)
            .load::<i32>(conn)?,
    );
    off.sort_unstable();
    off.dedup();
    Ok(off)
}

/// Before an account is deleted: its settings and digest records go too.
pub(crate) fn forget(conn: &mut AnyConnection, person: i32) -> Result<(), CommunityError> {
    diesel::delete(notification_settings::table.find(person)).execute(conn)?;
    diesel::delete(profile_interests::table.filter(profile_interests::person_id.eq(person))).execute(conn)?;
    diesel::delete(group_notification_mutes::table.filter(group_notification_mutes::person_id.eq(person)))
        .execute(conn)?;
    diesel::delete(digest_sends::table.filter(digest_sends::person_id.eq(person))).execute(conn)?;
    Ok(())
}

/// One discussion post a member wrote, for their data export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenPost {
    pub group: String,
    pub thread: String,
    pub body: String,
    pub written_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub hidden: bool,
}

/// Every discussion post `person` wrote, oldest first, with its group and
/// thread: a subject access request includes what they wrote.
pub fn written_posts(conn: &mut AnyConnection, person: i32) -> Result<Vec<WrittenPost>, CommunityError> {
    use store::schema::{discussion_posts, discussion_threads};
    type Row = (
        String,
        String,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let rows: Vec<Row> = discussion_posts::table
        .inner_join(discussion_threads::table.inner_join(listings::table))
        .filter(discussion_posts::author_id.eq(person))
        .order(discussion_posts::id)
        .select((
            listings::name,
            discussion_threads::title,
            discussion_posts::body,
            discussion_posts::created_at,
            discussion_posts::edited_at,
            discussion_posts::hidden_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(group, thread, body, written_at, edited_at, hidden_at)| WrittenPost {
            group,
            thread,
            body,
            written_at,
            edited_at,
            hidden: hidden_at.is_some(),
        })
        .collect())
}
