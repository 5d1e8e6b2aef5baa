//! Group membership: joining and leaving, requests the organisers decide,
//! and co-organisers of one group.
//!
//! A group is run by the organisers of the organisation it belongs to and
//! by anyone they make a co-organiser of it. Every organiser step checks
//! [`Action::RunCommunity`] inside the caller's transaction, and answers
//! `NotFound` to anyone else, so guessing ids shows nothing.

use accounts::{Action, Actor};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use directory::{Kind, Listing, Status};
use store::schema::{community_groups, group_members, listings, organisers, people};
use store::AnyConnection;

use crate::notify::{site_url, tell};
use crate::CommunityError;

/// The longest join question and answer, in characters.
pub const QUESTION_MAX: usize = 300;
pub const ANSWER_MAX: usize = 1000;

/// How a group takes new members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinPolicy {
    /// Anyone signed in joins at once.
    Open,
    /// People ask, optionally answering the group's question, and an
    /// organiser approves or declines.
    Request,
    /// Only people the organisers invite.
    Invite,
}

impl JoinPolicy {
    pub const ALL: [JoinPolicy; 3] = [JoinPolicy::Open, JoinPolicy::Request, JoinPolicy::Invite];

    /// The code stored in the database and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            JoinPolicy::Open => "open",
            JoinPolicy::Request => "request",
            JoinPolicy::Invite => "invite",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            JoinPolicy::Open => "Anyone can join",
            JoinPolicy::Request => "People ask to join and an organiser decides",
            JoinPolicy::Invite => "By invitation only",
        }
    }

    pub fn from_code(code: &str) -> Option<JoinPolicy> {
        JoinPolicy::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// How a group takes members, as its organisers set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joining {
    pub policy: JoinPolicy,
    /// Asked of people requesting to join; empty for none.
    pub question: String,
}

/// Where one person stands with one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    None,
    Requested,
    Invited,
    Member { organiser: bool },
}

const REQUESTED: &str = "requested";
const INVITED: &str = "invited";
/// The status of someone who has joined (not asked or been invited).
pub(crate) const MEMBER: &str = "member";
const ROLE_MEMBER: &str = "member";
pub(crate) const ROLE_ORGANISER: &str = "organiser";

pub(crate) fn membership_of(status: &str, role: &str) -> Membership {
    match status {
        MEMBER => Membership::Member {
            organiser: role == ROLE_ORGANISER,
        },
        REQUESTED => Membership::Requested,
        INVITED => Membership::Invited,
        _ => Membership::None,
    }
}

/// How `group` takes members (open when its organisers never said).
pub fn joining(conn: &mut AnyConnection, group: i32) -> Result<Joining, CommunityError> {
    let row: Option<(String, String)> = community_groups::table
        .find(group)
        .select((community_groups::join_policy, community_groups::join_question))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((policy, question)) => Joining {
            policy: JoinPolicy::from_code(&policy).unwrap_or(JoinPolicy::Open),
            question,
        },
        None => Joining {
            policy: JoinPolicy::Open,
            question: String::new(),
        },
    })
}

/// Where `person` stands with `group`.
pub fn membership(conn: &mut AnyConnection, group: i32, person: i32) -> Result<Membership, CommunityError> {
    let row: Option<(String, String)> = group_members::table
        .find((group, person))
        .select((group_members::status, group_members::role))
        .first(conn)
        .optional()?;
    Ok(row.map_or(Membership::None, |(s, r)| membership_of(&s, &r)))
}

/// How many members a group has (not counting requests and invitations).
pub fn member_count(conn: &mut AnyConnection, group: i32) -> Result<i64, CommunityError> {
    Ok(group_members::table
        .inner_join(people::table)
        .filter(group_members::group_id.eq(group))
        .filter(group_members::status.eq(MEMBER))
        .filter(people::deleted_at.is_null())
        .count()
        .get_result(conn)?)
}

/// A published group, for the steps members take.
fn public_group(conn: &mut AnyConnection, group: i32) -> Result<Listing, CommunityError> {
    let l = directory::listing::get(conn, group)?;
    if l.kind != Kind::Group || l.status != Status::Published {
        return Err(CommunityError::NotFound { what: "group" });
    }
    Ok(l)
}

/// The group, when `actor` may run it; `NotFound` otherwise (and for
/// anything that is not a group).
pub fn run_group(conn: &mut AnyConnection, actor: &Actor, group: i32) -> Result<Listing, CommunityError> {
    let not_found = || CommunityError::NotFound { what: "group" };
    let l = match directory::listing::get(conn, group) {
        Ok(l) => l,
        Err(directory::DirectoryError::NotFound { .. }) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    if l.kind != Kind::Group {
        return Err(not_found());
    }
    let co_organiser = membership(conn, group, actor.person_id)? == Membership::Member { organiser: true };
    let action = Action::RunCommunity {
        organisation_id: l.organisation_id,
        co_organiser,
    };
    if accounts::permits(Some(actor), action) {
        Ok(l)
    } else {
        Err(not_found())
    }
}

/// What came of asking to join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    Member,
    Requested,
}

/// `person` joins `group` at once (an open group, or one they were invited
/// to) or asks to (a group that takes requests), with their `answer` to the
/// group's question. Asking again changes nothing. Invitation-only groups
/// refuse.
pub fn join(
    conn: &mut AnyConnection,
    person: i32,
    group: i32,
    answer: &str,
    now: NaiveDateTime,
) -> Result<Joined, CommunityError> {
    public_group(conn, group)?;
    let answer = answer.trim();
    if answer.chars().count() > ANSWER_MAX {
        return Err(CommunityError::invalid(
            "answer",
            format!("Your answer must be {ANSWER_MAX} characters or fewer"),
        ));
    }
    if crate::moderation::banned_from(conn, group, person)? {
        return Err(CommunityError::invalid("group", crate::moderation::BANNED_FROM_GROUP));
    }
    match membership(conn, group, person)? {
        Membership::Member { .. } => return Ok(Joined::Member),
        Membership::Requested => return Ok(Joined::Requested),
        Membership::Invited => {
            diesel::update(group_members::table.find((group, person)))
                .set((group_members::status.eq(MEMBER), group_members::joined_at.eq(Some(now))))
                .execute(conn)?;
            return Ok(Joined::Member);
        }
        Membership::None => {}
    }
    let (status, joined) = match joining(conn, group)?.policy {
        JoinPolicy::Open => (MEMBER, Joined::Member),
        JoinPolicy::Request => (REQUESTED, Joined::Requested),
        JoinPolicy::Invite => {
            return Err(CommunityError::invalid(
                "group",
                "This group is by invitation only. Contact the organisers to ask about joining.",
            ))
        }
    };
    diesel::insert_into(group_members::table)
        .values((
            group_members::group_id.eq(group),
            group_members::person_id.eq(person),
            group_members::status.eq(status),
            group_members::role.eq(ROLE_MEMBER),
            group_members::answer.eq(if status == REQUESTED { answer } else { "" }),
            group_members::created_at.eq(now),
            group_members::joined_at.eq((status == MEMBER).then_some(now)),
        ))
        .execute(conn)?;
    Ok(joined)
}

/// Makes the founder of a member-led group its first member, as an
/// organiser, so they run its members (requests, invitations, co-organisers)
/// from the day it is published. Called in the transaction that starts the
/// group: the group is still waiting for review, which [`join`] refuses.
pub fn add_founder(
    conn: &mut AnyConnection,
    founder: i32,
    group: i32,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let l = directory::listing::get(conn, group)?;
    if l.kind != Kind::Group || !directory::publishing::is_member_led(conn, group)? {
        return Err(CommunityError::NotFound { what: "group" });
    }
    diesel::delete(group_members::table.find((group, founder))).execute(conn)?;
    diesel::insert_into(group_members::table)
        .values((
            group_members::group_id.eq(group),
            group_members::person_id.eq(founder),
            group_members::status.eq(MEMBER),
            group_members::role.eq(ROLE_ORGANISER),
            group_members::answer.eq(""),
            group_members::created_at.eq(now),
            group_members::joined_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// `person` leaves `group`, or withdraws their request, or turns down an
/// invitation. Leaving a group one is not in changes nothing. The group's
/// only organiser is refused with [`LAST_ORGANISER_LEAVING`]: a group left
/// with nobody to run it could not take anyone in or look after its
/// discussions.
pub fn leave(conn: &mut AnyConnection, person: i32, group: i32) -> Result<(), CommunityError> {
    if is_last_organiser(conn, group, person)? {
        return Err(CommunityError::invalid("group", LAST_ORGANISER_LEAVING));
    }
    remove(conn, person, group)
}

/// Takes `person` out of `group` whatever their role (a moderator's ban).
pub(crate) fn remove(conn: &mut AnyConnection, person: i32, group: i32) -> Result<(), CommunityError> {
    diesel::delete(group_members::table.find((group, person))).execute(conn)?;
    Ok(())
}

/// Why the group's only organiser may not leave.
pub const LAST_ORGANISER_LEAVING: &str =
    "You are the only organiser of this group. Make another member a co-organiser before you leave.";
/// Why the group's only organiser may not step down.
pub const LAST_ORGANISER_STEPPING_DOWN: &str =
    "This is the group's only organiser. Make another member a co-organiser first.";

/// Whether `person` is a co-organiser of `group` and nobody else runs it:
/// no other co-organiser, and no organiser of its organisation.
fn is_last_organiser(conn: &mut AnyConnection, group: i32, person: i32) -> Result<bool, CommunityError> {
    Ok(
        membership(conn, group, person)? == (Membership::Member { organiser: true })
            && no_other_organiser(conn, group, person)?,
    )
}

/// Whether `group` has no organiser but `person`: no other organising
/// member and, for an organisation's group, no organiser of the
/// organisation.
fn no_other_organiser(conn: &mut AnyConnection, group: i32, person: i32) -> Result<bool, CommunityError> {
    let others: i64 = group_members::table
        .filter(group_members::group_id.eq(group))
        .filter(group_members::status.eq(MEMBER))
        .filter(group_members::role.eq(ROLE_ORGANISER))
        .filter(group_members::person_id.ne(person))
        .count()
        .get_result(conn)?;
    if others > 0 {
        return Ok(false);
    }
    let organisation: Option<i32> = listings::table
        .find(group)
        .select(listings::organisation_id)
        .first(conn)?;
    let Some(organisation) = organisation else {
        return Ok(true);
    };
    let organisers: i64 = organisers::table
        .filter(organisers::listing_id.eq(organisation))
        .count()
        .get_result(conn)?;
    Ok(organisers == 0)
}

/// Changes how `group` takes members. Requests already made stay for the
/// organisers to decide.
pub fn set_joining(
    conn: &mut AnyConnection,
    actor: &Actor,
    group: i32,
    policy: JoinPolicy,
    question: &str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    run_group(conn, actor, group)?;
    let question = question.trim();
    if question.chars().count() > QUESTION_MAX {
        return Err(CommunityError::invalid(
            "question",
            format!("The question must be {QUESTION_MAX} characters or fewer"),
        ));
    }
    let question = if policy == JoinPolicy::Request { question } else { "" };
    let exists = community_groups::table.find(group).count().get_result::<i64>(conn)? > 0;
    if exists {
        diesel::update(community_groups::table.find(group))
            .set((
                community_groups::join_policy.eq(policy.code()),
                community_groups::join_question.eq(question),
                community_groups::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(community_groups::table)
            .values((
                community_groups::listing_id.eq(group),
                community_groups::join_policy.eq(policy.code()),
                community_groups::join_question.eq(question),
                community_groups::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// One person on a group's member list, as its organisers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberView {
    pub person_id: i32,
    /// The name they chose to show.
    pub name: String,
    pub membership: Membership,
    /// Their answer to the group's question, when they asked to join.
    pub answer: String,
    /// When they asked, were invited or joined.
    pub since: NaiveDateTime,
}

/// id, name, status, role, answer, asked or invited, joined.
type MemberRow = (
    i32,
    String,
    String,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

/// Everyone with a row in `group`: requests first (oldest first, so nobody
/// waits longest), then members and invitations by name.
pub fn members(conn: &mut AnyConnection, actor: &Actor, group: i32) -> Result<Vec<MemberView>, CommunityError> {
    run_group(conn, actor, group)?;
    let rows: Vec<MemberRow> = group_members::table
        .inner_join(people::table)
        .filter(group_members::group_id.eq(group))
        .filter(people::deleted_at.is_null())
        .order((people::display_name, people::id))
        .select((
            people::id,
            people::display_name,
            group_members::status,
            group_members::role,
            group_members::answer,
            group_members::created_at,
            group_members::joined_at,
        ))
        .load(conn)?;
    let mut out: Vec<MemberView> = rows
        .into_iter()
        .map(|(person_id, name, status, role, answer, created, joined)| MemberView {
            person_id,
            name,
            membership: membership_of(&status, &role),
            answer,
            since: joined.unwrap_or(created),
        })
        .collect();
    out.sort_by_key(|m| match m.membership {
        Membership::Requested => (0, Some(m.since)),
        _ => (1, None),
    });
    Ok(out)
}

/// An organiser approves or declines `person`'s request to join; they are
/// told by email either way, in the same transaction. `NotFound` when
/// there is no such request (already decided, withdrawn).
pub fn decide(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    group: i32,
    person: i32,
    approve: bool,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let g = run_group(conn, actor, group)?;
    if membership(conn, group, person)? != Membership::Requested {
        return Err(CommunityError::NotFound { what: "request" });
    }
    let link = site_url(site, &format!("/groups/{}", g.slug));
    let message = if approve {
        diesel::update(group_members::table.find((group, person)))
            .set((group_members::status.eq(MEMBER), group_members::joined_at.eq(Some(now))))
            .execute(conn)?;
        mail::Message::new(&format!("You are now a member of {}", g.name))
            .paragraph(&format!(
                "The organisers of {} have accepted your request to join.",
                g.name
            ))
            .action("See the group", &link)
    } else {
        leave(conn, person, group)?;
        mail::Message::new(&format!("Your request to join {}", g.name))
            .paragraph(&format!(
                "The organisers of {} could not accept your request to join this time.",
                g.name
            ))
            .paragraph("There are many other groups on the site that would welcome you.")
    };
    tell(conn, site, person, message, now)
}

/// Makes a member a co-organiser of `group`, or back into a member. Only
/// members can be co-organisers.
pub fn set_co_organiser(
    conn: &mut AnyConnection,
    actor: &Actor,
    group: i32,
    person: i32,
    organiser: bool,
) -> Result<(), CommunityError> {
    run_group(conn, actor, group)?;
    let now_organiser = match membership(conn, group, person)? {
        Membership::Member { organiser } => organiser,
        _ => return Err(CommunityError::NotFound { what: "member" }),
    };
    if !organiser && now_organiser && no_other_organiser(conn, group, person)? {
        return Err(CommunityError::invalid("members", LAST_ORGANISER_STEPPING_DOWN));
    }
    diesel::update(group_members::table.find((group, person)))
        .set(group_members::role.eq(if organiser { ROLE_ORGANISER } else { ROLE_MEMBER }))
        .execute(conn)?;
    Ok(())
}

/// An organiser invites an existing account to an invitation-only (or
/// any) group; they are told by email and join from the group's page.
/// Someone already in the group or asking to join is left as they are
/// (a request becomes membership: the organiser wants them).
pub fn invite(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    group: i32,
    person: i32,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let g = run_group(conn, actor, group)?;
    match membership(conn, group, person)? {
        Membership::Member { .. } | Membership::Invited => return Ok(()),
        Membership::Requested => {
            return decide(conn, site, actor, group, person, true, now);
        }
        Membership::None => {}
    }
    diesel::insert_into(group_members::table)
        .values((
            group_members::group_id.eq(group),
            group_members::person_id.eq(person),
            group_members::status.eq(INVITED),
            group_members::role.eq(ROLE_MEMBER),
            group_members::answer.eq(""),
            group_members::created_at.eq(now),
            group_members::joined_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    let link = site_url(site, &format!("/groups/{}", g.slug));
    let message = mail::Message::new(&format!("You are invited to join {}", g.name))
        .paragraph(&format!(
            "The organisers of {} would like you to join the group.",
            g.name
        ))
        .action("See the group and join", &link);
    tell(conn, site, person, message, now)
}

/// One of a member's groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyGroup {
    pub group_id: i32,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub membership: Membership,
}

/// The published groups `person` belongs to, has asked to join or is
/// invited to, by name.
pub fn my_groups(conn: &mut AnyConnection, person: i32) -> Result<Vec<MyGroup>, CommunityError> {
    let rows: Vec<(i32, String, String, String, String, String)> = group_members::table
        .inner_join(listings::table)
        .filter(group_members::person_id.eq(person))
        .filter(listings::status.eq(Status::Published))
        .order((listings::name, listings::id))
        .select((
            listings::id,
            listings::slug,
            listings::name,
            listings::summary,
            group_members::status,
            group_members::role,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(group_id, slug, name, summary, status, role)| MyGroup {
            group_id,
            slug,
            name,
            summary,
            membership: membership_of(&status, &role),
        })
        .collect())
}
