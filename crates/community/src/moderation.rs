//! Reports and what moderators do about them.
//!
//! Anyone signed in reports a post, a group, an event or a person with a
//! reason. Editors see every open report ([`Action::ModerateSite`]); the
//! organisers of a group or event see the reports about it and its posts
//! ([`Action::Moderate`]). Posts the safety rules hold ([`crate::safety`])
//! are reports with no reporter, approved or hidden from the same queue.
//!
//! Every decision closes the report (and any other open report about the
//! same thing) and writes a row of the moderation log, in the caller's
//! transaction: a warning that cannot be queued is not logged either.
//! Organisers hide, warn, ban from their group, approve and dismiss; only
//! editors suspend and ban accounts from the site.

use accounts::{Action, Actor};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use directory::listing::Page;
use directory::{Kind, Listing, Status};
use mail::Message;
use store::schema::{
    account_sanctions, direct_messages, discussion_posts, discussion_threads, group_bans, group_members, held_posts,
    listings, moderation_log, moderation_notes, moderation_reports, people, person_roles,
};
use store::AnyConnection;

use crate::discussions as d;
use crate::groups::{self, Membership};
use crate::notify::{london_time, site_url, tell};
use crate::safety::{self, Hold};
use crate::CommunityError;

/// The longest report details, note and reason for a decision, in characters.
pub const DETAILS_MAX: usize = 2000;
pub const NOTE_MAX: usize = 2000;
pub const WHY_MAX: usize = 1000;
/// The longest suspension, in days: longer than this is a ban.
pub const SUSPEND_MAX_DAYS: i64 = 365;
/// Reports a page, in the queues and the log.
pub const PER_PAGE: i64 = 50;

/// What someone is reporting. To report a new kind of thing, add a
/// variant here and its lookup in [`target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Post,
    Group,
    Event,
    Person,
    /// A direct message, reported by the person it was sent to.
    Message,
}

impl Subject {
    pub const ALL: [Subject; 5] = [
        Subject::Post,
        Subject::Group,
        Subject::Event,
        Subject::Person,
        Subject::Message,
    ];

    /// As in `/report/{code}/{id}` and the database.
    pub fn code(self) -> &'static str {
        match self {
            Subject::Post => "post",
            Subject::Group => "group",
            Subject::Event => "event",
            Subject::Person => "person",
            Subject::Message => "message",
        }
    }

    pub fn from_code(code: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why someone reports something, as they choose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Unkind,
    Spam,
    Unsafe,
    Private,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Unkind,
        Reason::Spam,
        Reason::Unsafe,
        Reason::Private,
        Reason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::Unkind => "unkind",
            Reason::Spam => "spam",
            Reason::Unsafe => "unsafe",
            Reason::Private => "private",
            Reason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::Unkind => "It is unkind or bullying",
            Reason::Spam => "It is spam or someone selling something",
            Reason::Unsafe => "It is unsafe or worrying",
            Reason::Private => "It shares someone's private information",
            Reason::Other => "Something else",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The reasons of reports the safety rules made.
const HELD_LINK: &str = "held_link";
const HELD_WORD: &str = "held_word";

/// A report's reason in words, whoever made it.
pub fn reason_label(code: &str) -> &'static str {
    match code {
        HELD_LINK => "Held: a link from a new account",
        HELD_WORD => "Held: a word on the site's list",
        other => Reason::from_code(other).map_or("Something else", Reason::label),
    }
}

/// What the reporter is told when they have already reported this.
pub const ALREADY_REPORTED: &str =
    "You have already reported this, thank you. A moderator will look at it, so there is no need to report it again.";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = moderation_reports)]
pub struct Report {
    pub id: i32,
    pub reporter_id: Option<i32>,
    pub subject_kind: String,
    pub subject_id: i32,
    pub subject_person_id: Option<i32>,
    pub listing_id: Option<i32>,
    pub reason: String,
    pub details: String,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<i32>,
    pub outcome: String,
}

impl Report {
    pub fn subject(&self) -> Option<Subject> {
        Subject::from_code(&self.subject_kind)
    }
    /// Made by the safety rules rather than a person.
    pub fn held(&self) -> bool {
        self.reason == HELD_LINK || self.reason == HELD_WORD
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = moderation_reports)]
pub struct NewReport<'a> {
    pub reporter_id: Option<i32>,
    pub subject_kind: &'a str,
    pub subject_id: i32,
    pub subject_person_id: Option<i32>,
    pub listing_id: Option<i32>,
    pub reason: &'a str,
    pub details: &'a str,
    pub created_at: NaiveDateTime,
    pub outcome: &'a str,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = moderation_notes)]
pub struct NewNote<'a> {
    pub report_id: i32,
    pub author_id: Option<i32>,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = moderation_log)]
pub struct NewLogEntry<'a> {
    pub actor_id: Option<i32>,
    pub action: &'a str,
    pub subject_person_id: Option<i32>,
    pub report_id: Option<i32>,
    pub listing_id: Option<i32>,
    pub reason: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = account_sanctions)]
pub struct NewSanction<'a> {
    pub person_id: i32,
    pub kind: &'a str,
    pub reason: &'a str,
    pub ends_at: Option<NaiveDateTime>,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = group_bans)]
pub struct NewGroupBan<'a> {
    pub group_id: i32,
    pub person_id: i32,
    pub reason: &'a str,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

/// What a report is about, as the reporter and moderators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub subject: Subject,
    pub id: i32,
    /// What it is, in words: "A post by Ann in Walkers", "The group Walkers".
    pub title: String,
    /// What was written, or its name: shown as plain text.
    pub text: String,
    /// The person it is about, when there is one.
    pub person: Option<i32>,
    /// The group or event whose organisers moderate it.
    pub listing: Option<i32>,
    /// Where it is on the site.
    pub href: String,
}

fn name_of(conn: &mut AnyConnection, person: i32) -> Result<String, CommunityError> {
    Ok(people::table.find(person).select(people::display_name).first(conn)?)
}

fn published_listing(conn: &mut AnyConnection, id: i32, kind: Kind) -> Result<Listing, CommunityError> {
    let what = if kind == Kind::Event { "event" } else { "group" };
    let l = listings::table
        .find(id)
        .filter(listings::kind.eq(kind))
        .filter(listings::status.eq(Status::Published))
        .select(Listing::as_select())
        .first(conn)
        .optional()?;
    l.ok_or(CommunityError::NotFound { what })
}

/// The post `id` with its thread's group, when `viewer` may read it (a
/// held post only by its author): `NotFound` otherwise.
fn readable_post(
    conn: &mut AnyConnection,
    viewer: Option<&Actor>,
    id: i32,
) -> Result<(d::Post, d::Thread), CommunityError> {
    let not_found = || CommunityError::NotFound { what: "post" };
    let post: d::Post = discussion_posts::table
        .find(id)
        .select(d::Post::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    let thread: d::Thread = discussion_threads::table
        .find(post.thread_id)
        .select(d::Thread::as_select())
        .first(conn)?;
    let a = d::access(conn, viewer, thread.group_id)?;
    let held = is_held(conn, post.id)?;
    if !a.can_read() || (held && viewer.map(|v| v.person_id) != Some(post.author_id)) {
        return Err(not_found());
    }
    Ok((post, thread))
}

/// A post as something to moderate, whoever may read it.
fn post_target(conn: &mut AnyConnection, post: d::Post, thread: &d::Thread) -> Result<Target, CommunityError> {
    let group = directory::listing::get(conn, thread.group_id)?;
    let author = name_of(conn, post.author_id)?;
    Ok(Target {
        subject: Subject::Post,
        id: post.id,
        title: format!("A post by {author} in {}", group.name),
        text: post.body,
        person: Some(post.author_id),
        listing: Some(group.id),
        href: format!("/groups/{}/discussions/{}#post-{}", group.slug, thread.id, post.id),
    })
}

/// Looks up what `/report/{subject}/{id}` names, as `viewer` may see it.
/// Anything they may not see is `NotFound`, so guessing ids shows nothing.
pub fn target(
    conn: &mut AnyConnection,
    viewer: Option<&Actor>,
    subject: Subject,
    id: i32,
) -> Result<Target, CommunityError> {
    match subject {
        Subject::Post => {
            let (post, thread) = readable_post(conn, viewer, id)?;
            post_target(conn, post, &thread)
        }
        Subject::Group | Subject::Event => {
            let kind = if subject == Subject::Event {
                Kind::Event
            } else {
                Kind::Group
            };
            let l = published_listing(conn, id, kind)?;
            let noun = if kind == Kind::Event { "event" } else { "group" };
            Ok(Target {
                subject,
                id,
                title: format!("The {noun} {}", l.name),
                text: l.name.clone(),
                person: None,
                listing: Some(l.id),
                href: format!("/{noun}s/{}", l.slug),
            })
        }
        Subject::Person => {
            let name: Option<String> = people::table
                .find(id)
                .filter(people::deleted_at.is_null())
                .select(people::display_name)
                .first(conn)
                .optional()?;
            let name = name.ok_or(CommunityError::NotFound { what: "person" })?;
            Ok(Target {
                subject,
                id,
                title: format!("The person {name}"),
                text: name,
                person: Some(id),
                listing: None,
                href: String::new(),
            })
        }
        Subject::Message => {
            // Only its receiver reports a message: nobody else has read it.
            let row: Option<(i32, i32, String)> = direct_messages::table
                .find(id)
                .select((
                    direct_messages::sender_id,
                    direct_messages::recipient_id,
                    direct_messages::body,
                ))
                .first(conn)
                .optional()?;
            let (sender, body) = match (row, viewer) {
                (Some((sender, recipient, body)), Some(v)) if v.person_id == recipient => (sender, body),
                _ => return Err(CommunityError::NotFound { what: "message" }),
            };
            let author = name_of(conn, sender)?;
            Ok(Target {
                subject,
                id,
                title: format!("A message from {author}"),
                text: body,
                person: Some(sender),
                listing: None,
                href: format!("/messages/{sender}"),
            })
        }
    }
}

/// The open report `reporter` already made about this, if any.
pub fn open_report_by(
    conn: &mut AnyConnection,
    reporter: i32,
    subject: Subject,
    id: i32,
) -> Result<Option<i32>, CommunityError> {
    Ok(moderation_reports::table
        .filter(moderation_reports::reporter_id.eq(reporter))
        .filter(moderation_reports::subject_kind.eq(subject.code()))
        .filter(moderation_reports::subject_id.eq(id))
        .filter(moderation_reports::closed_at.is_null())
        .select(moderation_reports::id)
        .first(conn)
        .optional()?)
}

/// Free text as it will be stored, or the message for its field.
fn check_text<'a>(
    field: &'static str,
    text: &'a str,
    max: usize,
    required: Option<&str>,
) -> Result<&'a str, CommunityError> {
    let t = text.trim();
    if t.is_empty() {
        if let Some(message) = required {
            return Err(CommunityError::invalid(field, message));
        }
    }
    if t.chars().count() > max {
        return Err(CommunityError::invalid(
            field,
            format!("This must be {max} characters or fewer"),
        ));
    }
    if t.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(CommunityError::invalid(
            field,
            "This has characters that cannot be shown. Remove them and try again",
        ));
    }
    Ok(t)
}

/// The details a reporter may add, checked.
pub fn check_details(details: &str) -> Result<&str, CommunityError> {
    check_text("details", details, DETAILS_MAX, None)
}

/// `reporter` reports something with a reason and optional details;
/// returns the report's id. A second report of the same thing while the
/// first is open is refused with [`ALREADY_REPORTED`]. Its moderators are
/// emailed in the same transaction (see [`tell_moderators`]).
#[allow(clippy::too_many_arguments)] // the site for the moderators' email, and what the form sent
pub fn report(
    conn: &mut AnyConnection,
    site: &mail::Site,
    reporter: &Actor,
    subject: Subject,
    id: i32,
    reason: &str,
    details: &str,
    now: NaiveDateTime,
) -> Result<i32, CommunityError> {
    let t = target(conn, Some(reporter), subject, id)?;
    let reason = Reason::from_code(reason)
        .ok_or_else(|| CommunityError::invalid("reason", "Choose why you are reporting this"))?;
    let details = check_details(details)?;
    if t.person == Some(reporter.person_id) {
        return Err(CommunityError::invalid(
            "reason",
            "You cannot report yourself or your own posts.",
        ));
    }
    if open_report_by(conn, reporter.person_id, subject, id)?.is_some() {
        return Err(CommunityError::invalid("reason", ALREADY_REPORTED));
    }
    let r: Report = diesel::insert_into(moderation_reports::table)
        .values(&NewReport {
            reporter_id: Some(reporter.person_id),
            subject_kind: subject.code(),
            subject_id: id,
            subject_person_id: t.person,
            listing_id: t.listing,
            reason: reason.code(),
            details,
            created_at: now,
            outcome: "",
        })
        .get_result(conn)?;
    tell_moderators(conn, site, &r, &t, now)?;
    Ok(r.id)
}

/// The start of `text` on one line, for an email: enough to recognise it,
/// never the whole of something that may be hurtful.
pub fn excerpt(text: &str, longest: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= longest {
        one_line
    } else {
        let cut: String = one_line.chars().take(longest).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
}

/// How many characters of a reported or hidden post an email quotes.
const EXCERPT: usize = 60;

/// Who moderates `r`: the organisers of its group or event (its
/// organisation's organisers and, for a group, its co-organisers), each
/// with `true`, then the site's moderators who are not among them, with
/// `false`. Each person once; deleted accounts are left out.
fn moderators_of(conn: &mut AnyConnection, r: &Report) -> Result<Vec<(i32, bool)>, CommunityError> {
    let mut organisers: Vec<i32> = Vec::new();
    if let Some(listing) = r.listing_id {
        let l: Option<(Kind, Option<i32>)> = listings::table
            .find(listing)
            .select((listings::kind, listings::organisation_id))
            .first(conn)
            .optional()?;
        if let Some((kind, organisation)) = l {
            if let Some(org) = organisation {
                organisers.extend(
                    store::schema::organisers::table
                        .filter(store::schema::organisers::listing_id.eq(org))
                        .select(store::schema::organisers::person_id)
                        .load::<i32>(conn)?,
                );
            }
            if kind == Kind::Group {
                organisers.extend(
                    group_members::table
                        .filter(group_members::group_id.eq(listing))
                        .filter(group_members::status.eq(groups::MEMBER))
                        .filter(group_members::role.eq(groups::ROLE_ORGANISER))
                        .select(group_members::person_id)
                        .load::<i32>(conn)?,
                );
            }
        }
    }
    let codes: Vec<&str> = accounts::policy::SITE_MODERATORS.iter().map(|r| r.code()).collect();
    let site: Vec<i32> = person_roles::table
        .filter(person_roles::role.eq_any(codes))
        .select(person_roles::person_id)
        .load(conn)?;
    organisers.sort_unstable();
    organisers.dedup();
    let mut everyone: Vec<(i32, bool)> = organisers.iter().map(|p| (*p, true)).collect();
    let mut site: Vec<i32> = site.into_iter().filter(|p| !organisers.contains(p)).collect();
    site.sort_unstable();
    site.dedup();
    everyone.extend(site.into_iter().map(|p| (p, false)));
    Ok(everyone)
}

/// Emails everyone who moderates the new report `r` a link to it: one
/// email each, never to the reporter or the person reported (an organiser
/// reported is not told who reported them). The email names what was
/// reported and why, quotes at most the start of a post, and leaves the
/// rest to the report page, where reading it is audit-logged.
fn tell_moderators(
    conn: &mut AnyConnection,
    site: &mail::Site,
    r: &Report,
    t: &Target,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let group = match r.listing_id {
        Some(l) => Some(listings::table.find(l).select(listings::name).first::<String>(conn)?),
        None => None,
    };
    let link = site_url(site, &format!("/moderation/reports/{}", r.id));
    for (person, organiser) in moderators_of(conn, r)? {
        if Some(person) == r.reporter_id || Some(person) == r.subject_person_id {
            continue;
        }
        // A report with no reporter is the site's own: a post its safety
        // rules held, which nobody else sees until a moderator decides.
        let mut message = match r.reporter_id {
            Some(_) => Message::new(&format!("New report: {}", t.title))
                .paragraph(&format!("Someone reported this on {}: {}.", site.name, t.title)),
            None => Message::new(&format!("Waiting for a moderator: {}", t.title)).paragraph(&format!(
                "{} is waiting for a moderator on {} before anyone else can see it.",
                t.title, site.name
            )),
        }
        .paragraph(&format!("Why: {}.", reason_label(&r.reason)));
        if t.subject == Subject::Post {
            message = message.paragraph(&format!(
                "The post starts: \u{201c}{}\u{201d}",
                excerpt(&t.text, EXCERPT)
            ));
        }
        let why = match (&group, organiser) {
            (Some(g), true) => format!("You are getting this because you run {g} on the site."),
            _ => "You are getting this because you are one of the site's moderators.".to_owned(),
        };
        message = message
            .paragraph("Read the report and decide what to do on the site.")
            .action("Read the report", &link)
            .reason(&why);
        tell(conn, site, person, message, now)?;
    }
    Ok(())
}

/// Holds the new post `post` of `thread` for a moderator, and emails its
/// moderators (as for a report) in the same transaction. The caller has
/// just written both, so they are passed in rather than read back.
pub(crate) fn hold_post(
    conn: &mut AnyConnection,
    site: &mail::Site,
    post: &d::Post,
    thread: &d::Thread,
    why: &Hold,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let (reason, details) = match why {
        Hold::NewAccountLink => (
            HELD_LINK,
            "The post has a link and its author's account is new.".to_owned(),
        ),
        Hold::ListedWord(w) => (
            HELD_WORD,
            format!("The post has \u{201c}{w}\u{201d}, which is on the site's list."),
        ),
    };
    let r: Report = diesel::insert_into(moderation_reports::table)
        .values(&NewReport {
            reporter_id: None,
            subject_kind: Subject::Post.code(),
            subject_id: post.id,
            subject_person_id: Some(post.author_id),
            listing_id: Some(thread.group_id),
            reason,
            details: &details,
            created_at: now,
            outcome: "",
        })
        .get_result(conn)?;
    diesel::insert_into(held_posts::table)
        .values((
            held_posts::post_id.eq(post.id),
            held_posts::report_id.eq(r.id),
            held_posts::held_at.eq(now),
        ))
        .execute(conn)?;
    let t = post_target(conn, post.clone(), thread)?;
    tell_moderators(conn, site, &r, &t, now)
}

/// Whether `post` waits for a moderator.
pub fn is_held(conn: &mut AnyConnection, post: i32) -> Result<bool, CommunityError> {
    let n: i64 = held_posts::table.find(post).count().get_result(conn)?;
    Ok(n > 0)
}

/// The held posts among `posts`.
pub(crate) fn held_among(conn: &mut AnyConnection, posts: &[i32]) -> Result<Vec<i32>, CommunityError> {
    Ok(held_posts::table
        .filter(held_posts::post_id.eq_any(posts))
        .select(held_posts::post_id)
        .load(conn)?)
}

/// The discussions of `group` whose first post waits for a moderator and
/// that `viewer` did not start: nobody else may see them.
pub(crate) fn held_threads(
    conn: &mut AnyConnection,
    group: i32,
    viewer: Option<i32>,
) -> Result<Vec<i32>, CommunityError> {
    let held: Vec<(i32, i32, i32)> = held_posts::table
        .inner_join(discussion_posts::table.inner_join(discussion_threads::table))
        .filter(discussion_threads::group_id.eq(group))
        .select((
            discussion_posts::id,
            discussion_threads::id,
            discussion_threads::author_id,
        ))
        .load(conn)?;
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let threads: Vec<i32> = held.iter().map(|(_, t, _)| *t).collect();
    let firsts: Vec<(i32, Option<i32>)> = discussion_posts::table
        .filter(discussion_posts::thread_id.eq_any(&threads))
        .group_by(discussion_posts::thread_id)
        .select((discussion_posts::thread_id, diesel::dsl::min(discussion_posts::id)))
        .load(conn)?;
    let mut out: Vec<i32> = held
        .iter()
        .filter(|(post, thread, author)| Some(*author) != viewer && firsts.contains(&(*thread, Some(*post))))
        .map(|(_, thread, _)| *thread)
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Whether `person` is banned from `group`.
pub fn banned_from(conn: &mut AnyConnection, group: i32, person: i32) -> Result<bool, CommunityError> {
    let n: i64 = group_bans::table.find((group, person)).count().get_result(conn)?;
    Ok(n > 0)
}

/// What a person banned from a group hears when they try to join or post.
pub const BANNED_FROM_GROUP: &str =
    "You cannot take part in this group any more: its organisers or the site's moderators removed you from it.";

/// One report in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: i32,
    pub subject: String,
    /// What was reported as it reads now (a post's text, a name).
    pub text: String,
    /// `None`: held by the safety rules.
    pub reporter: Option<String>,
    pub reason: String,
    pub held: bool,
    pub created_at: NaiveDateTime,
}

/// The text of what `r` is about, as it reads now, for moderators.
fn subject_text(conn: &mut AnyConnection, r: &Report) -> Result<String, CommunityError> {
    let text: Option<String> = match r.subject() {
        Some(Subject::Post) => discussion_posts::table
            .find(r.subject_id)
            .select(discussion_posts::body)
            .first(conn)
            .optional()?,
        Some(Subject::Group | Subject::Event) => listings::table
            .find(r.subject_id)
            .select(listings::name)
            .first(conn)
            .optional()?,
        Some(Subject::Person) => people::table
            .find(r.subject_id)
            .select(people::display_name)
            .first(conn)
            .optional()?,
        Some(Subject::Message) => direct_messages::table
            .find(r.subject_id)
            .select(direct_messages::body)
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(text.unwrap_or_else(|| "(This has since been deleted.)".to_owned()))
}

fn summaries(conn: &mut AnyConnection, rows: Vec<Report>) -> Result<Vec<Summary>, CommunityError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let reporter = match r.reporter_id {
            Some(p) => Some(name_of(conn, p)?),
            None => None,
        };
        out.push(Summary {
            id: r.id,
            subject: r.subject_kind.clone(),
            text: subject_text(conn, &r)?,
            reporter,
            reason: reason_label(&r.reason).to_owned(),
            held: r.held(),
            created_at: r.created_at,
        });
    }
    Ok(out)
}

/// Every open report, newest first: editors only.
pub fn site_queue(conn: &mut AnyConnection, actor: &Actor, page: i64) -> Result<Page<Summary>, CommunityError> {
    if !accounts::permits(Some(actor), Action::ModerateSite) {
        return Err(CommunityError::NotAllowed);
    }
    let page = page.max(1);
    let open = || moderation_reports::table.filter(moderation_reports::closed_at.is_null());
    let total: i64 = open().count().get_result(conn)?;
    let rows: Vec<Report> = open()
        .order((moderation_reports::created_at.desc(), moderation_reports::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(Report::as_select())
        .load(conn)?;
    Ok(Page {
        items: summaries(conn, rows)?,
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// How many reports are open on the whole site, for the moderation link in
/// the page header of the site's moderators. `None` for anyone else.
pub fn site_open_count(conn: &mut AnyConnection, actor: &Actor) -> Result<Option<i64>, CommunityError> {
    if !accounts::permits(Some(actor), Action::ModerateSite) {
        return Ok(None);
    }
    Ok(Some(
        moderation_reports::table
            .filter(moderation_reports::closed_at.is_null())
            .count()
            .get_result(conn)?,
    ))
}

/// Whether `actor` moderates the group or event `listing`.
fn moderates(conn: &mut AnyConnection, actor: &Actor, listing: i32) -> Result<bool, CommunityError> {
    let l: Option<(Kind, Option<i32>)> = listings::table
        .find(listing)
        .select((listings::kind, listings::organisation_id))
        .first(conn)
        .optional()?;
    let Some((kind, organisation_id)) = l else {
        return Ok(false);
    };
    let co_organiser = kind == Kind::Group
        && groups::membership(conn, listing, actor.person_id)? == Membership::Member { organiser: true };
    Ok(accounts::permits(
        Some(actor),
        Action::Moderate {
            organisation_id,
            co_organiser,
        },
    ))
}

/// The groups and events `actor` moderates without being an editor.
fn moderated_listings(conn: &mut AnyConnection, actor: &Actor) -> Result<Vec<i32>, CommunityError> {
    let mut ids: Vec<i32> = listings::table
        .filter(listings::organisation_id.eq_any(&actor.organiser_of))
        .filter(listings::kind.eq_any([Kind::Group, Kind::Event]))
        .select(listings::id)
        .load(conn)?;
    let co: Vec<i32> = group_members::table
        .filter(group_members::person_id.eq(actor.person_id))
        .filter(group_members::status.eq(groups::MEMBER))
        .filter(group_members::role.eq(groups::ROLE_ORGANISER))
        .select(group_members::group_id)
        .load(conn)?;
    ids.extend(co);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The open reports about the groups and events `actor` runs and their
/// posts, newest first. Editors see every report about any of them;
/// someone who runs nothing is refused.
pub fn organiser_queue(conn: &mut AnyConnection, actor: &Actor, page: i64) -> Result<Page<Summary>, CommunityError> {
    let editor = accounts::permits(Some(actor), Action::ModerateSite);
    let mine = moderated_listings(conn, actor)?;
    if !editor && mine.is_empty() {
        return Err(CommunityError::NotAllowed);
    }
    let page = page.max(1);
    let open = || {
        let q = moderation_reports::table
            .filter(moderation_reports::closed_at.is_null())
            .filter(moderation_reports::listing_id.is_not_null())
            .into_boxed();
        if editor {
            q
        } else {
            q.filter(moderation_reports::listing_id.eq_any(mine.clone()))
        }
    };
    let total: i64 = open().count().get_result(conn)?;
    let rows: Vec<Report> = open()
        .order((moderation_reports::created_at.desc(), moderation_reports::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(Report::as_select())
        .load(conn)?;
    Ok(Page {
        items: summaries(conn, rows)?,
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// How many open reports are in `actor`'s organiser queue
/// ([`organiser_queue`]), or `None` when they run nothing, for a link to
/// it.
pub fn organiser_open_count(conn: &mut AnyConnection, actor: &Actor) -> Result<Option<i64>, CommunityError> {
    let editor = accounts::permits(Some(actor), Action::ModerateSite);
    let mine = moderated_listings(conn, actor)?;
    if !editor && mine.is_empty() {
        return Ok(None);
    }
    let q = moderation_reports::table
        .filter(moderation_reports::closed_at.is_null())
        .filter(moderation_reports::listing_id.is_not_null())
        .into_boxed();
    let q = if editor {
        q
    } else {
        q.filter(moderation_reports::listing_id.eq_any(mine))
    };
    Ok(Some(q.count().get_result(conn)?))
}

/// What one moderator may do with one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Powers {
    /// An editor: every action, on any report.
    pub site: bool,
    /// Runs the group or event it is about: hide, warn, ban from the
    /// group, approve, dismiss.
    pub group: bool,
}

fn get_report(conn: &mut AnyConnection, id: i32) -> Result<Report, CommunityError> {
    moderation_reports::table
        .find(id)
        .select(Report::as_select())
        .first(conn)
        .optional()?
        .ok_or(CommunityError::NotFound { what: "report" })
}

/// What `actor` may do with `r`; refused when nothing.
pub fn powers(conn: &mut AnyConnection, actor: &Actor, r: &Report) -> Result<Powers, CommunityError> {
    let site = accounts::permits(Some(actor), Action::ModerateSite);
    let group = match r.listing_id {
        Some(l) => moderates(conn, actor, l)?,
        None => false,
    };
    if site || group {
        Ok(Powers { site, group })
    } else {
        Err(CommunityError::NotAllowed)
    }
}

/// A note between moderators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub author: String,
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// One report with everything a moderator needs to decide.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub report: Report,
    pub subject: Option<Subject>,
    /// What was reported as it reads now.
    pub text: String,
    /// Who it is about, by name.
    pub person: Option<String>,
    pub reporter: Option<String>,
    pub listing: Option<Listing>,
    /// Whether the post is still waiting for a moderator.
    pub held: bool,
    /// Where it is on the site, when it still is.
    pub href: Option<String>,
    pub notes: Vec<Note>,
    pub powers: Powers,
    pub closed_by: Option<String>,
    /// What is in force on the person it is about that this moderator
    /// may lift.
    pub sanctions: Sanctions,
}

/// The report `id` for a moderator. Reading it is audit-logged, as it
/// shows what someone wrote and who reported them.
pub fn view(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i32,
    now: NaiveDateTime,
) -> Result<ReportView, CommunityError> {
    let report = get_report(conn, id)?;
    let powers = powers(conn, actor, &report)?;
    let subject = report.subject();
    let text = subject_text(conn, &report)?;
    let person = match report.subject_person_id {
        Some(p) => Some(name_of(conn, p)?),
        None => None,
    };
    let reporter = match report.reporter_id {
        Some(p) => Some(name_of(conn, p)?),
        None => None,
    };
    let listing = match report.listing_id {
        Some(l) => Some(directory::listing::get(conn, l)?),
        None => None,
    };
    let held = subject == Some(Subject::Post) && is_held(conn, report.subject_id)?;
    let href = match (subject, &listing) {
        (Some(Subject::Post), Some(g)) => {
            let thread: Option<i32> = discussion_posts::table
                .find(report.subject_id)
                .select(discussion_posts::thread_id)
                .first(conn)
                .optional()?;
            thread.map(|t| format!("/groups/{}/discussions/{t}#post-{}", g.slug, report.subject_id))
        }
        (Some(Subject::Group), Some(g)) => Some(format!("/groups/{}", g.slug)),
        (Some(Subject::Event), Some(e)) => Some(format!("/events/{}", e.slug)),
        _ => None,
    };
    let rows: Vec<(Option<i32>, String, NaiveDateTime)> = moderation_notes::table
        .filter(moderation_notes::report_id.eq(id))
        .order(moderation_notes::id)
        .select((
            moderation_notes::author_id,
            moderation_notes::body,
            moderation_notes::created_at,
        ))
        .load(conn)?;
    let mut notes = Vec::with_capacity(rows.len());
    for (author, body, created_at) in rows {
        let author = match author {
            Some(a) => name_of(conn, a)?,
            None => "A deleted account".to_owned(),
        };
        notes.push(Note {
            author,
            body,
            created_at,
        });
    }
    let closed_by = match report.closed_by {
        Some(p) => Some(name_of(conn, p)?),
        None => None,
    };
    let sanctions = match report.subject_person_id {
        Some(p) => sanctions(conn, actor, p, now)?,
        None => Sanctions::default(),
    };
    accounts::audit::record(
        conn,
        &accounts::audit::Entry {
            actor_id: Some(actor.person_id),
            action: "moderation.report_viewed",
            subject: &format!("moderation_report:{id}"),
            subject_person_id: report.subject_person_id,
            reason: "",
        },
        now,
    )?;
    Ok(ReportView {
        report,
        subject,
        text,
        person,
        reporter,
        listing,
        held,
        href,
        notes,
        powers,
        closed_by,
        sanctions,
    })
}

/// A note, checked.
pub fn check_note(body: &str) -> Result<&str, CommunityError> {
    check_text("note", body, NOTE_MAX, Some("Enter your note"))
}

/// A moderator adds a note to the report `id`.
pub fn add_note(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i32,
    body: &str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let report = get_report(conn, id)?;
    powers(conn, actor, &report)?;
    let body = check_note(body)?;
    diesel::insert_into(moderation_notes::table)
        .values(&NewNote {
            report_id: id,
            author_id: Some(actor.person_id),
            body,
            created_at: now,
        })
        .execute(conn)?;
    Ok(())
}

/// What a moderator decides about a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Publish a held post.
    Approve,
    /// Hide the post (as the organisers' hide does).
    Hide,
    /// Email the person a warning: the reason is the message.
    Warn,
    /// Suspend the account for this many days: editors only.
    Suspend { days: i64 },
    /// Remove the person from the group and keep them out.
    BanFromGroup,
    /// Close the account to sign-ins: editors only.
    BanFromSite,
    /// No action.
    Dismiss,
}

impl Decision {
    /// The codes in forms, with what organisers may choose marked.
    pub const CHOICES: [(&'static str, &'static str, bool); 7] = [
        ("approve", "Approve the post so everyone can read it", true),
        ("hide", "Hide the post", true),
        ("warn", "Warn the person (we email them your reason)", true),
        ("suspend", "Suspend their account for a number of days", false),
        ("ban_group", "Ban them from the group", true),
        ("ban_site", "Ban them from the site", false),
        ("dismiss", "Dismiss the report and do nothing", true),
    ];

    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Hide => "hide",
            Decision::Warn => "warn",
            Decision::Suspend { .. } => "suspend",
            Decision::BanFromGroup => "ban_group",
            Decision::BanFromSite => "ban_site",
            Decision::Dismiss => "dismiss",
        }
    }

    /// The decision a form names; `days` only matters for a suspension.
    pub fn parse(code: &str, days: &str) -> Result<Decision, CommunityError> {
        Ok(match code {
            "approve" => Decision::Approve,
            "hide" => Decision::Hide,
            "warn" => Decision::Warn,
            "suspend" => {
                let days = days
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|d| (1..=SUSPEND_MAX_DAYS).contains(d))
                    .ok_or_else(|| {
                        CommunityError::invalid("days", format!("Enter a number of days from 1 to {SUSPEND_MAX_DAYS}"))
                    })?;
                Decision::Suspend { days }
            }
            "ban_group" => Decision::BanFromGroup,
            "ban_site" => Decision::BanFromSite,
            "dismiss" => Decision::Dismiss,
            _ => return Err(CommunityError::invalid("decision", "Choose what to do")),
        })
    }

    fn needs_site(self) -> bool {
        matches!(self, Decision::Suspend { .. } | Decision::BanFromSite)
    }
}

/// The reason for a decision, checked.
pub fn check_why(why: &str) -> Result<&str, CommunityError> {
    check_why_field("why", why)
}

fn person_of(r: &Report) -> Result<i32, CommunityError> {
    r.subject_person_id.ok_or_else(|| {
        CommunityError::invalid(
            "decision",
            "This report is not about a person, so choose another action.",
        )
    })
}

fn post_only(r: &Report) -> Result<i32, CommunityError> {
    if r.subject() == Some(Subject::Post) {
        Ok(r.subject_id)
    } else {
        Err(CommunityError::invalid(
            "decision",
            "Only a post can be hidden or approved.",
        ))
    }
}

/// The group a report is about, for a ban from it.
fn group_of(conn: &mut AnyConnection, r: &Report) -> Result<i32, CommunityError> {
    let refuse = || {
        CommunityError::invalid(
            "decision",
            "This report is not about a group, so nobody can be banned from one.",
        )
    };
    let listing = r.listing_id.ok_or_else(refuse)?;
    let kind: Kind = listings::table.find(listing).select(listings::kind).first(conn)?;
    if kind == Kind::Group {
        Ok(listing)
    } else {
        Err(refuse())
    }
}

/// A moderator decides about the report `id`, for the reason `why`. The
/// report and any other open report about the same thing are closed, and
/// the decision is logged.
pub fn decide(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    id: i32,
    decision: Decision,
    why: &str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let r = get_report(conn, id)?;
    let p = powers(conn, actor, &r)?;
    if decision.needs_site() && !p.site {
        return Err(CommunityError::invalid(
            "decision",
            "Only the site's editors can suspend or ban an account.",
        ));
    }
    if r.closed_at.is_some() {
        return Err(CommunityError::invalid(
            "decision",
            "This report has already been closed.",
        ));
    }
    let why = check_why(why)?;
    match decision {
        Decision::Approve => {
            let post = post_only(&r)?;
            if !is_held(conn, post)? {
                return Err(CommunityError::invalid(
                    "decision",
                    "This post is not waiting for a moderator.",
                ));
            }
            publish(conn, post, now)?;
        }
        Decision::Hide => {
            let post = post_only(&r)?;
            let group = r.listing_id.ok_or(CommunityError::NotFound { what: "post" })?;
            let a = d::access(conn, Some(actor), group)?;
            d::set_hidden(conn, &a, post, true, now)?;
            if is_held(conn, post)? {
                // Now shown (as hidden) to everyone who reads the group.
                release(conn, post, None)?;
            }
            tell_hidden(conn, site, actor, post, group, why, now)?;
        }
        Decision::Warn => {
            let who = person_of(&r)?;
            let message = Message::new(&format!("A message from the moderators of {}", site.name))
                .paragraph(&format!(
                    "One of the moderators of {} looked at something you wrote or did on the site and asked us to send you this message:",
                    site.name
                ))
                .paragraph(why)
                .paragraph("Please keep to the site's ways: be kind, and keep people safe. If it happens again, your account may be suspended.")
                .paragraph(LOOK_AGAIN)
                .reason(ACCOUNT_REASON);
            tell(conn, site, who, message, now)?;
        }
        Decision::Suspend { days } => {
            let who = person_of(&r)?;
            let until = now + Duration::days(days);
            diesel::insert_into(account_sanctions::table)
                .values(&NewSanction {
                    person_id: who,
                    kind: safety::SUSPENSION,
                    reason: why,
                    ends_at: Some(until),
                    created_by: Some(actor.person_id),
                    created_at: now,
                })
                .execute(conn)?;
            let message = Message::new("Your account is suspended")
                .paragraph(&format!(
                    "The moderators of {} have suspended your account until {}. Until then you cannot post, reply, send messages or say you are going to events. You can still sign in and read.",
                    site.name,
                    london_time(until)
                ))
                .paragraph("The moderator gave this reason:")
                .paragraph(why)
                .paragraph(LOOK_AGAIN)
                .reason(ACCOUNT_REASON);
            tell(conn, site, who, message, now)?;
        }
        Decision::BanFromGroup => {
            let who = person_of(&r)?;
            let group = group_of(conn, &r)?;
            if !banned_from(conn, group, who)? {
                diesel::insert_into(group_bans::table)
                    .values(&NewGroupBan {
                        group_id: group,
                        person_id: who,
                        reason: why,
                        created_by: Some(actor.person_id),
                        created_at: now,
                    })
                    .execute(conn)?;
            }
            groups::remove(conn, who, group)?;
            let name: String = listings::table.find(group).select(listings::name).first(conn)?;
            let message = Message::new(&format!("You have been removed from {name}"))
                .paragraph(&format!(
                    "The moderators of {name} on {} have removed you from the group, and you cannot join it again or take part in its discussions.",
                    site.name
                ))
                .paragraph("The moderator gave this reason:")
                .paragraph(why)
                .paragraph("You can still use the rest of the site and take part in other groups.")
                .paragraph(LOOK_AGAIN)
                .reason(ACCOUNT_REASON);
            tell(conn, site, who, message, now)?;
        }
        Decision::BanFromSite => {
            let who = person_of(&r)?;
            if who == actor.person_id {
                return Err(CommunityError::invalid("decision", "You cannot ban your own account."));
            }
            if !accounts::session::is_banned(conn, who)? {
                diesel::insert_into(account_sanctions::table)
                    .values(&NewSanction {
                        person_id: who,
                        kind: accounts::session::SITE_BAN,
                        reason: why,
                        ends_at: None,
                        created_by: Some(actor.person_id),
                        created_at: now,
                    })
                    .execute(conn)?;
            }
            accounts::session::revoke_all(conn, who, now)?;
            let message = Message::new("Your account is closed")
                .paragraph(&format!(
                    "The moderators of {} have banned your account from the site, so you cannot sign in any more.",
                    site.name
                ))
                .paragraph("The moderator gave this reason:")
                .paragraph(why)
                .paragraph(LOOK_AGAIN)
                .reason(ACCOUNT_REASON);
            tell(conn, site, who, message, now)?;
        }
        Decision::Dismiss => {
            if r.held() {
                return Err(CommunityError::invalid(
                    "decision",
                    "A held post must be approved or hidden, so its author is not left waiting.",
                ));
            }
        }
    }
    diesel::update(
        moderation_reports::table
            .filter(moderation_reports::subject_kind.eq(&r.subject_kind))
            .filter(moderation_reports::subject_id.eq(r.subject_id))
            .filter(moderation_reports::closed_at.is_null()),
    )
    .set((
        moderation_reports::closed_at.eq(Some(now)),
        moderation_reports::closed_by.eq(Some(actor.person_id)),
        moderation_reports::outcome.eq(decision.code()),
    ))
    .execute(conn)?;
    diesel::insert_into(moderation_log::table)
        .values(&NewLogEntry {
            actor_id: Some(actor.person_id),
            action: decision.code(),
            subject_person_id: r.subject_person_id,
            report_id: Some(r.id),
            listing_id: r.listing_id,
            reason: why,
            created_at: now,
        })
        .execute(conn)?;
    Ok(())
}

/// How everyone told of a decision about them can ask for it to be looked
/// at again: replies to the site's emails reach its team.
pub const LOOK_AGAIN: &str = "If you think this was a mistake, reply to this email and tell us why. Someone from the site's team will look at it again.";

const ACCOUNT_REASON: &str = "You are getting this because you have an account on the site.";

/// Tells the author of `post` in `group` that it was hidden and why,
/// quoting only its start (they wrote it, but it may be long). A
/// moderator hiding their own post is not emailed about it.
fn tell_hidden(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    post: i32,
    group: i32,
    why: &str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let (author, body): (i32, String) = discussion_posts::table
        .find(post)
        .select((discussion_posts::author_id, discussion_posts::body))
        .first(conn)?;
    if author == actor.person_id {
        return Ok(());
    }
    let name: String = listings::table.find(group).select(listings::name).first(conn)?;
    let message = Message::new("One of your posts was hidden")
        .paragraph(&format!(
            "A moderator hid your post in the discussions of {name}, which started: \u{201c}{}\u{201d}. Other people no longer see what it said.",
            excerpt(&body, EXCERPT)
        ))
        .paragraph("The moderator gave this reason:")
        .paragraph(why)
        .paragraph(LOOK_AGAIN)
        .reason(ACCOUNT_REASON);
    tell(conn, site, author, message, now)
}

/// A held post is published: everyone who may read the group sees it, and
/// a reply counts in its discussion.
fn publish(conn: &mut AnyConnection, post: i32, now: NaiveDateTime) -> Result<(), CommunityError> {
    release(conn, post, Some(now))
}

/// A held post stops waiting: a reply counts in its discussion from now
/// on (the count is what the discussion page shows), and at `active` the
/// discussion had new activity when the post is published rather than
/// hidden.
fn release(conn: &mut AnyConnection, post: i32, active: Option<NaiveDateTime>) -> Result<(), CommunityError> {
    diesel::delete(held_posts::table.find(post)).execute(conn)?;
    let thread: i32 = discussion_posts::table
        .find(post)
        .select(discussion_posts::thread_id)
        .first(conn)?;
    let first: Option<i32> = discussion_posts::table
        .filter(discussion_posts::thread_id.eq(thread))
        .select(diesel::dsl::min(discussion_posts::id))
        .first(conn)?;
    if first != Some(post) {
        diesel::update(discussion_threads::table.find(thread))
            .set(discussion_threads::replies.eq(discussion_threads::replies + 1))
            .execute(conn)?;
        if let Some(now) = active {
            diesel::update(discussion_threads::table.find(thread))
                .set(discussion_threads::last_post_at.eq(now))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A suspension or ban a moderator ends early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lift {
    /// The suspension in force: editors only.
    Suspension,
    /// The ban from the site: editors only.
    SiteBan,
    /// The ban from one group: its organisers and editors.
    GroupBan { group: i32 },
}

impl Lift {
    /// The log's code for it.
    pub fn code(self) -> &'static str {
        match self {
            Lift::Suspension => "lift_suspension",
            Lift::SiteBan => "lift_site_ban",
            Lift::GroupBan { .. } => "lift_group_ban",
        }
    }

    /// As a form names it: `suspension`, `site_ban` or `group:{id}`.
    pub fn form_value(self) -> String {
        match self {
            Lift::Suspension => "suspension".to_owned(),
            Lift::SiteBan => "site_ban".to_owned(),
            Lift::GroupBan { group } => format!("group:{group}"),
        }
    }

    pub fn parse(value: &str) -> Result<Lift, CommunityError> {
        let refuse = || CommunityError::invalid("lift", "Choose what to lift");
        match value {
            "suspension" => Ok(Lift::Suspension),
            "site_ban" => Ok(Lift::SiteBan),
            other => other
                .strip_prefix("group:")
                .and_then(|g| g.parse().ok())
                .map(|group| Lift::GroupBan { group })
                .ok_or_else(refuse),
        }
    }
}

/// A ban from one group, as moderators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBan {
    pub group: i32,
    pub name: String,
    pub reason: String,
    pub since: NaiveDateTime,
}

/// The suspensions and bans in force on one person, as far as one
/// moderator may see and lift them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sanctions {
    pub suspension: Option<safety::Suspension>,
    /// The reason for the ban from the site, when there is one.
    pub site_ban: Option<String>,
    pub group_bans: Vec<GroupBan>,
}

impl Sanctions {
    pub fn is_empty(&self) -> bool {
        self.suspension.is_none() && self.site_ban.is_none() && self.group_bans.is_empty()
    }

    /// What can be lifted, with its words, for a form's choices.
    pub fn choices(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(s) = &self.suspension {
            out.push((
                Lift::Suspension.form_value(),
                format!("Lift the suspension (until {})", london_time(s.until)),
            ));
        }
        if self.site_ban.is_some() {
            out.push((Lift::SiteBan.form_value(), "Lift the ban from the site".to_owned()));
        }
        for b in &self.group_bans {
            out.push((
                Lift::GroupBan { group: b.group }.form_value(),
                format!("Lift the ban from {}", b.name),
            ));
        }
        out
    }
}

/// What is in force on `person` that `actor` may lift: everything for an
/// editor; for an organiser, only bans from the groups they moderate.
pub fn sanctions(
    conn: &mut AnyConnection,
    actor: &Actor,
    person: i32,
    now: NaiveDateTime,
) -> Result<Sanctions, CommunityError> {
    let site = accounts::permits(Some(actor), Action::ModerateSite);
    let mut out = Sanctions::default();
    if site {
        out.suspension = safety::suspension(conn, person, now)?;
        out.site_ban = account_sanctions::table
            .filter(account_sanctions::person_id.eq(person))
            .filter(account_sanctions::kind.eq(accounts::session::SITE_BAN))
            .filter(account_sanctions::ends_at.is_null())
            .order(account_sanctions::id.desc())
            .select(account_sanctions::reason)
            .first(conn)
            .optional()?;
    }
    let bans: Vec<(i32, String, String, NaiveDateTime)> = group_bans::table
        .inner_join(listings::table.on(listings::id.eq(group_bans::group_id)))
        .filter(group_bans::person_id.eq(person))
        .order(listings::name)
        .select((
            group_bans::group_id,
            listings::name,
            group_bans::reason,
            group_bans::created_at,
        ))
        .load(conn)?;
    for (group, name, reason, since) in bans {
        if site || moderates(conn, actor, group)? {
            out.group_bans.push(GroupBan {
                group,
                name,
                reason,
                since,
            });
        }
    }
    Ok(out)
}

/// A moderator lifts a suspension or ban on `person` early, for the reason
/// `why`: logged (against `report` when they lift it from one), and the
/// person is emailed that they can take part again. Something not in
/// force is refused on the `lift` field.
#[allow(clippy::too_many_arguments)] // each is a separate fact about the lifting
pub fn lift(
    conn: &mut AnyConnection,
    site: &mail::Site,
    actor: &Actor,
    person: i32,
    what: Lift,
    why: &str,
    report: Option<i32>,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let editor = accounts::permits(Some(actor), Action::ModerateSite);
    let allowed = match what {
        Lift::Suspension | Lift::SiteBan => editor,
        Lift::GroupBan { group } => editor || moderates(conn, actor, group)?,
    };
    if !allowed {
        return Err(CommunityError::NotAllowed);
    }
    if let Some(id) = report {
        if get_report(conn, id)?.subject_person_id != Some(person) {
            return Err(CommunityError::NotFound { what: "report" });
        }
    }
    let why = check_lift_why(why)?;
    let not_in_force = |words: &str| CommunityError::invalid("lift", words);
    let (listing, message) = match what {
        Lift::Suspension => {
            let n = diesel::update(
                account_sanctions::table
                    .filter(account_sanctions::person_id.eq(person))
                    .filter(account_sanctions::kind.eq(safety::SUSPENSION))
                    .filter(account_sanctions::ends_at.gt(now)),
            )
            .set(account_sanctions::ends_at.eq(Some(now)))
            .execute(conn)?;
            if n == 0 {
                return Err(not_in_force("Their account is not suspended now."));
            }
            let message = Message::new("Your suspension has ended")
                .paragraph(&format!(
                    "The moderators of {} have ended your account's suspension early. You can post, reply, send messages and say you are going to events again.",
                    site.name
                ));
            (None, message)
        }
        Lift::SiteBan => {
            let n = diesel::update(
                account_sanctions::table
                    .filter(account_sanctions::person_id.eq(person))
                    .filter(account_sanctions::kind.eq(accounts::session::SITE_BAN))
                    .filter(account_sanctions::ends_at.is_null()),
            )
            .set(account_sanctions::ends_at.eq(Some(now)))
            .execute(conn)?;
            if n == 0 {
                return Err(not_in_force("Their account is not banned from the site."));
            }
            let message = Message::new("Your account is open again")
                .paragraph(&format!(
                    "The moderators of {} have lifted the ban on your account. You can sign in and take part again.",
                    site.name
                ))
                .action("Sign in", &site_url(site, "/sign-in"));
            (None, message)
        }
        Lift::GroupBan { group } => {
            let n = diesel::delete(group_bans::table.find((group, person))).execute(conn)?;
            if n == 0 {
                return Err(not_in_force("They are not banned from this group."));
            }
            let (name, slug): (String, String) = listings::table
                .find(group)
                .select((listings::name, listings::slug))
                .first(conn)?;
            let message = Message::new(&format!("You can join {name} again"))
                .paragraph(&format!(
                    "The moderators of {name} on {} have lifted your ban from the group. You can ask to join it again from its page.",
                    site.name
                ))
                .action(&format!("Go to {name}"), &site_url(site, &format!("/groups/{slug}")));
            (Some(group), message)
        }
    };
    diesel::insert_into(moderation_log::table)
        .values(&NewLogEntry {
            actor_id: Some(actor.person_id),
            action: what.code(),
            subject_person_id: Some(person),
            report_id: report,
            listing_id: listing,
            reason: why,
            created_at: now,
        })
        .execute(conn)?;
    let message = message
        .paragraph("The moderator said:")
        .paragraph(why)
        .reason(ACCOUNT_REASON);
    tell(conn, site, person, message, now)
}

/// The reason for lifting, checked: as [`check_why`], on its own field so
/// the lift form and the decision form can share a page.
pub fn check_lift_why(why: &str) -> Result<&str, CommunityError> {
    check_why_field("lift_why", why)
}

fn check_why_field<'a>(field: &'static str, why: &'a str) -> Result<&'a str, CommunityError> {
    check_text(field, why, WHY_MAX, Some("Enter the reason for your decision"))
}

/// What one decision in the log says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub at: NaiveDateTime,
    pub moderator: String,
    pub action: String,
    pub person: Option<String>,
    pub person_id: Option<i32>,
    pub report_id: Option<i32>,
    pub reason: String,
}

/// What a decision's code means, for the log.
pub fn decision_label(code: &str) -> &'static str {
    match code {
        "approve" => "Approved a held post",
        "hide" => "Hid a post",
        "warn" => "Warned",
        "suspend" => "Suspended",
        "ban_group" => "Banned from a group",
        "ban_site" => "Banned from the site",
        "dismiss" => "Dismissed a report",
        "lift_suspension" => "Lifted a suspension",
        "lift_site_ban" => "Lifted a ban from the site",
        "lift_group_ban" => "Lifted a ban from a group",
        _ => "Did something else",
    }
}

/// The moderation log, newest first: editors only.
pub fn log(conn: &mut AnyConnection, actor: &Actor, page: i64) -> Result<Page<LogEntry>, CommunityError> {
    if !accounts::permits(Some(actor), Action::ModerateSite) {
        return Err(CommunityError::NotAllowed);
    }
    log_page(conn, None, page)
}

/// A page of the log, of everything or of what was done about `person`.
fn log_page(conn: &mut AnyConnection, person: Option<i32>, page: i64) -> Result<Page<LogEntry>, CommunityError> {
    let page = page.max(1);
    let entries = || {
        let q = moderation_log::table.into_boxed();
        match person {
            Some(p) => q.filter(moderation_log::subject_person_id.eq(p)),
            None => q,
        }
    };
    let total: i64 = entries().count().get_result(conn)?;
    type Row = (NaiveDateTime, Option<i32>, String, Option<i32>, Option<i32>, String);
    let rows: Vec<Row> = entries()
        .order((moderation_log::created_at.desc(), moderation_log::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select((
            moderation_log::created_at,
            moderation_log::actor_id,
            moderation_log::action,
            moderation_log::subject_person_id,
            moderation_log::report_id,
            moderation_log::reason,
        ))
        .load(conn)?;
    let mut items = Vec::with_capacity(rows.len());
    for (at, moderator, action, person, report_id, reason) in rows {
        let moderator = match moderator {
            Some(m) => name_of(conn, m)?,
            None => "A deleted account".to_owned(),
        };
        let name = match person {
            Some(p) => Some(name_of(conn, p)?),
            None => None,
        };
        items.push(LogEntry {
            at,
            moderator,
            action: decision_label(&action).to_owned(),
            person: name,
            person_id: person,
            report_id,
            reason,
        });
    }
    Ok(Page {
        items,
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// One person as the site's moderators see them: what is in force on
/// their account and what was done about them.
#[derive(Debug, Clone)]
pub struct PersonView {
    pub id: i32,
    pub name: String,
    pub sanctions: Sanctions,
    /// Newest first, a page at a time.
    pub log: Page<LogEntry>,
}

/// The person `id` for an editor. Reading it is audit-logged, as a report
/// is: it gathers what moderators decided about someone.
pub fn person(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i32,
    page: i64,
    now: NaiveDateTime,
) -> Result<PersonView, CommunityError> {
    if !accounts::permits(Some(actor), Action::ModerateSite) {
        return Err(CommunityError::NotAllowed);
    }
    let name: String = people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .select(people::display_name)
        .first(conn)
        .optional()?
        .ok_or(CommunityError::NotFound { what: "person" })?;
    let sanctions = sanctions(conn, actor, id, now)?;
    let log = log_page(conn, Some(id), page)?;
    accounts::audit::record(
        conn,
        &accounts::audit::Entry {
            actor_id: Some(actor.person_id),
            action: "moderation.person_viewed",
            subject: &format!("person:{id}"),
            subject_person_id: Some(id),
            reason: "",
        },
        now,
    )?;
    Ok(PersonView {
        id,
        name,
        sanctions,
        log,
    })
}
