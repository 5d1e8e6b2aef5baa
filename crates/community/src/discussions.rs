//! Group discussions: threads (a title and a first post) and replies among
//! a group's members, kept kind by its organisers.
//!
//! Who may do what is worked out once per request by [`access`], inside
//! the caller's transaction: reading needs membership unless the organisers
//! made the group's discussions public; writing always needs membership;
//! pinning, locking, hiding and reading edit histories need
//! [`accounts::Action::RunCommunity`] (through [`crate::groups::run_group`],
//! so the role checks stay in `accounts::policy`). Every other function
//! takes that [`Access`], so none can be called without the check. Ids
//! that do not belong to the group are `NotFound`.

use accounts::{Action, Actor};
use chrono::NaiveDateTime;
use diesel::dsl::min;
use diesel::prelude::*;
use directory::listing::Page;
use directory::{Kind, Listing, Status};
use std::sync::Arc;
use store::schema::{
    blocks, discussion_email_opt_outs, discussion_post_versions, discussion_posts, discussion_settings,
    discussion_threads, group_members, held_posts, listings, people,
};
use store::AnyConnection;

use crate::groups::{self, Membership};
use crate::moderation;
use crate::notify::{site_url, tell};
use crate::profiles::{Author, A_MEMBER};
use crate::safety::{self, Activity, Rules};
use crate::CommunityError;
use std::collections::{HashMap, HashSet};

/// The longest title and post, in characters.
pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 5000;
/// Threads in the list and replies in a thread, per page.
pub const PER_PAGE: i64 = 50;

/// What members and the public see instead of a hidden post.
pub const HIDDEN_POST: &str = "This post was hidden by an organiser.";
/// What they see instead of the title of a discussion whose first post is
/// hidden: the title is usually the worst of it.
pub const HIDDEN_TITLE: &str = "A discussion hidden by an organiser";
/// What they hear when replying to a locked discussion.
pub const LOCKED: &str = "This discussion is locked by an organiser, so it takes no more replies or edits.";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = discussion_threads)]
pub struct Thread {
    pub id: i32,
    pub group_id: i32,
    pub author_id: i32,
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
    pub replies: i32,
    pub created_at: NaiveDateTime,
    pub last_post_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = discussion_threads)]
pub struct NewThread<'a> {
    pub group_id: i32,
    pub author_id: i32,
    pub title: &'a str,
    pub pinned: bool,
    pub locked: bool,
    pub replies: i32,
    pub created_at: NaiveDateTime,
    pub last_post_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = discussion_posts)]
pub struct Post {
    pub id: i32,
    pub thread_id: i32,
    pub author_id: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub hidden_at: Option<NaiveDateTime>,
    pub hidden_by: Option<i32>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = discussion_posts)]
pub struct NewPost<'a> {
    pub thread_id: i32,
    pub author_id: i32,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
}

/// An author's edit of their post.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = discussion_posts)]
pub struct PostEdit<'a> {
    pub body: &'a str,
    pub edited_at: Option<NaiveDateTime>,
}

/// An organiser hiding (both set) or showing again (both `None`) a post.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = discussion_posts, treat_none_as_null = true)]
pub struct PostModeration {
    pub hidden_at: Option<NaiveDateTime>,
    pub hidden_by: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = discussion_post_versions)]
pub struct PostVersion {
    pub id: i32,
    pub post_id: i32,
    pub title: String,
    pub body: String,
    pub written_at: NaiveDateTime,
    pub replaced_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = discussion_post_versions)]
pub struct NewPostVersion<'a> {
    pub post_id: i32,
    pub title: &'a str,
    pub body: &'a str,
    pub written_at: NaiveDateTime,
    pub replaced_at: NaiveDateTime,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = discussion_settings)]
pub struct Settings {
    pub group_id: i32,
    pub public: bool,
    pub updated_at: NaiveDateTime,
}

/// What one person may do with one group's discussions. Only [`access`]
/// makes one, so every function taking it has had the check.
#[derive(Debug, Clone)]
pub struct Access {
    group: Listing,
    person: Option<i32>,
    public: bool,
    member: bool,
    moderator: bool,
    /// The site's safety rules for what members write.
    rules: Arc<Rules>,
}

impl Access {
    /// The same access under the site's own safety rules (the standard
    /// ones otherwise).
    pub fn with_rules(mut self, rules: Arc<Rules>) -> Access {
        self.rules = rules;
        self
    }
    pub fn group(&self) -> &Listing {
        &self.group
    }
    /// Whether anyone, signed in or not, may read.
    pub fn public(&self) -> bool {
        self.public
    }
    pub fn member(&self) -> bool {
        self.member
    }
    /// May pin, lock, hide and read edit histories.
    pub fn moderator(&self) -> bool {
        self.moderator
    }
    pub fn can_read(&self) -> bool {
        self.public || self.member || self.moderator
    }
    /// Only members write: someone who has not joined has not agreed to
    /// the group's ways, and organisers who only moderate can join.
    pub fn can_post(&self) -> bool {
        self.member
    }
    pub fn signed_in(&self) -> bool {
        self.person.is_some()
    }
    /// The viewer, when signed in.
    pub fn person(&self) -> Option<i32> {
        self.person
    }
    /// This group, when the viewer is a member of it: its other members
    /// share a group with the viewer (see [`crate::profiles::names_in`]).
    fn shared_group(&self) -> Option<i32> {
        self.member.then_some(self.group.id)
    }

    fn require_read(&self) -> Result<(), CommunityError> {
        if self.can_read() {
            Ok(())
        } else {
            Err(CommunityError::NotAllowed)
        }
    }

    fn poster(&self) -> Result<i32, CommunityError> {
        match self.person {
            Some(p) if self.member => Ok(p),
            _ => Err(CommunityError::NotAllowed),
        }
    }

    fn moderator_id(&self) -> Result<i32, CommunityError> {
        match self.person {
            Some(p) if self.moderator => Ok(p),
            _ => Err(CommunityError::NotAllowed),
        }
    }
}

/// Works out what `actor` (None: signed out) may do with `group`'s
/// discussions. `NotFound` for anything that is not a published group.
pub fn access(conn: &mut AnyConnection, actor: Option<&Actor>, group: i32) -> Result<Access, CommunityError> {
    let g = match directory::listing::get(conn, group) {
        Ok(g) => g,
        Err(directory::DirectoryError::NotFound { .. }) => return Err(CommunityError::NotFound { what: "group" }),
        Err(e) => return Err(e.into()),
    };
    access_to(conn, actor, g)
}

/// [`access`] for a group already loaded.
fn access_to(conn: &mut AnyConnection, actor: Option<&Actor>, g: Listing) -> Result<Access, CommunityError> {
    if g.kind != Kind::Group || g.status != Status::Published {
        return Err(CommunityError::NotFound { what: "group" });
    }
    let public = is_public(conn, g.id)?;
    let membership = match actor {
        None => Membership::None,
        Some(a) => groups::membership(conn, g.id, a.person_id)?,
    };
    Ok(access_of(actor, g, public, membership))
}

/// [`access`] for the published group at `slug`, as a discussion page
/// asks on every visit: the group, whether its discussions are public and
/// the reader's membership come in one query, as each is a round trip to
/// PostgreSQL.
pub fn access_by_slug(conn: &mut AnyConnection, actor: Option<&Actor>, slug: &str) -> Result<Access, CommunityError> {
    let not_found = || CommunityError::NotFound { what: "group" };
    if !directory::slug::is_slug(slug) {
        return Err(not_found());
    }
    // No one has a negative id, so a signed-out reader joins no membership.
    let reader = actor.map_or(-1, |a| a.person_id);
    let row: Option<AccessRow> = listings::table
        .left_join(discussion_settings::table)
        .left_join(
            group_members::table.on(group_members::group_id
                .eq(listings::id)
                .and(group_members::person_id.eq(reader))),
        )
        .filter(listings::kind.eq(Kind::Group))
        .filter(listings::slug.eq(slug))
        .filter(listings::status.eq(Status::Published))
        .select((
            Listing::as_select(),
            discussion_settings::public.nullable(),
            group_members::status.nullable(),
            group_members::role.nullable(),
        ))
        .first(conn)
        .optional()?;
    let (g, public, status, role) = row.ok_or_else(not_found)?;
    let membership = match (status, role) {
        (Some(s), Some(r)) => groups::membership_of(&s, &r),
        _ => Membership::None,
    };
    Ok(access_of(actor, g, public.unwrap_or(false), membership))
}

/// A group, whether its discussions are public, and the reader's
/// membership status and role.
type AccessRow = (Listing, Option<bool>, Option<String>, Option<String>);

/// What `actor` may do, given what the group and their membership are.
fn access_of(actor: Option<&Actor>, g: Listing, public: bool, membership: Membership) -> Access {
    let moderator = actor.is_some_and(|a| {
        accounts::permits(
            Some(a),
            Action::RunCommunity {
                organisation_id: g.organisation_id,
                co_organiser: membership == Membership::Member { organiser: true },
            },
        )
    });
    Access {
        group: g,
        person: actor.map(|a| a.person_id),
        public,
        member: matches!(membership, Membership::Member { .. }),
        moderator,
        rules: Arc::new(Rules::default()),
    }
}

/// Whether `group`'s discussions are open to everyone.
pub fn is_public(conn: &mut AnyConnection, group: i32) -> Result<bool, CommunityError> {
    Ok(discussion_settings::table
        .find(group)
        .select(discussion_settings::public)
        .first(conn)
        .optional()?
        .unwrap_or(false))
}

/// An organiser opens the discussions to everyone, or keeps them to members.
pub fn set_public(
    conn: &mut AnyConnection,
    access: &Access,
    public: bool,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    access.moderator_id()?;
    let settings = Settings {
        group_id: access.group.id,
        public,
        updated_at: now,
    };
    let n = diesel::update(discussion_settings::table.find(access.group.id))
        .set(&settings)
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(discussion_settings::table)
            .values(&settings)
            .execute(conn)?;
    }
    Ok(())
}

/// Whether the viewer, a member, is emailed about replies in this group's
/// discussions (yes, unless they said no).
pub fn reply_emails(conn: &mut AnyConnection, access: &Access) -> Result<bool, CommunityError> {
    let me = access.poster()?;
    let opted_out: i64 = discussion_email_opt_outs::table
        .find((access.group.id, me))
        .count()
        .get_result(conn)?;
    Ok(opted_out == 0)
}

/// A member stops, or starts again, the emails about replies in this
/// group's discussions.
pub fn set_reply_emails(
    conn: &mut AnyConnection,
    access: &Access,
    on: bool,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let me = access.poster()?;
    let row = discussion_email_opt_outs::table.find((access.group.id, me));
    diesel::delete(row).execute(conn)?;
    if !on {
        diesel::insert_into(discussion_email_opt_outs::table)
            .values((
                discussion_email_opt_outs::group_id.eq(access.group.id),
                discussion_email_opt_outs::person_id.eq(me),
                discussion_email_opt_outs::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A title as it will be stored, or the message to show beside the field.
pub fn check_title(title: &str) -> Result<&str, String> {
    let t = title.trim();
    if t.is_empty() {
        Err("Enter a title for your discussion".into())
    } else if t.chars().count() > TITLE_MAX {
        Err(format!("The title must be {TITLE_MAX} characters or fewer"))
    } else if t.chars().any(char::is_control) {
        Err("The title must be one line".into())
    } else {
        Ok(t)
    }
}

/// A post as it will be stored, or the message to show beside the field.
pub fn check_body(body: &str) -> Result<&str, String> {
    let b = body.trim();
    if b.is_empty() {
        Err("Enter what you want to say".into())
    } else if b.chars().count() > BODY_MAX {
        Err(format!("Your post must be {BODY_MAX} characters or fewer"))
    } else if b.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        // PostgreSQL refuses NUL and nobody means to type the others.
        Err("Your post has characters that cannot be shown. Remove them and try again".into())
    } else {
        Ok(b)
    }
}

fn title_ok(title: &str) -> Result<&str, CommunityError> {
    check_title(title).map_err(|m| CommunityError::invalid("title", m))
}

fn body_ok(body: &str) -> Result<&str, CommunityError> {
    check_body(body).map_err(|m| CommunityError::invalid("body", m))
}

/// One discussion in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadSummary {
    pub id: i32,
    /// [`HIDDEN_TITLE`] for people who do not moderate, when the first
    /// post is hidden.
    pub title: String,
    pub author: String,
    pub replies: i32,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    /// Waiting for a moderator: only its author sees it.
    pub held: bool,
    pub last_post_at: NaiveDateTime,
}

/// The first post of each of `threads`.
fn first_posts(conn: &mut AnyConnection, threads: &[i32]) -> Result<Vec<(i32, i32)>, CommunityError> {
    let firsts: Vec<(i32, Option<i32>)> = discussion_posts::table
        .filter(discussion_posts::thread_id.eq_any(threads))
        .group_by(discussion_posts::thread_id)
        .select((discussion_posts::thread_id, min(discussion_posts::id)))
        .load(conn)?;
    Ok(firsts.into_iter().filter_map(|(t, p)| p.map(|p| (t, p))).collect())
}

/// A page of the group's discussions: pinned ones first, then the ones
/// with the newest posts.
pub fn threads(conn: &mut AnyConnection, access: &Access, page: i64) -> Result<Page<ThreadSummary>, CommunityError> {
    access.require_read()?;
    let group = access.group.id;
    let page = page.max(1);
    // A discussion waiting for a moderator is its author's alone: left out
    // of the count and the pages for everyone else, so pages stay full.
    let unseen = moderation::held_threads(conn, group, access.person)?;
    let total: i64 = discussion_threads::table
        .filter(discussion_threads::group_id.eq(group))
        .filter(discussion_threads::id.ne_all(&unseen))
        .count()
        .get_result(conn)?;
    let rows: Vec<Thread> = discussion_threads::table
        .filter(discussion_threads::group_id.eq(group))
        .filter(discussion_threads::id.ne_all(&unseen))
        .order((
            discussion_threads::pinned.desc(),
            discussion_threads::last_post_at.desc(),
            discussion_threads::id.desc(),
        ))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(Thread::as_select())
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|t| t.id).collect();
    let authors: Vec<i32> = rows.iter().map(|t| t.author_id).collect();
    let names = crate::profiles::authors_in(conn, access.person, access.shared_group(), &authors)?;
    let firsts: Vec<i32> = first_posts(conn, &ids)?.into_iter().map(|(_, p)| p).collect();
    let hidden: Vec<i32> = discussion_posts::table
        .filter(discussion_posts::id.eq_any(&firsts))
        .filter(discussion_posts::hidden_at.is_not_null())
        .select(discussion_posts::thread_id)
        .load(conn)?;
    let held_firsts = moderation::held_among(conn, &firsts)?;
    let held: Vec<i32> = discussion_posts::table
        .filter(discussion_posts::id.eq_any(&held_firsts))
        .select(discussion_posts::thread_id)
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|t| {
            let is_hidden = hidden.contains(&t.id);
            let author = shown_name(&names, t.author_id);
            ThreadSummary {
                held: held.contains(&t.id),
                id: t.id,
                title: if is_hidden && !access.moderator {
                    HIDDEN_TITLE.to_owned()
                } else {
                    t.title
                },
                author,
                replies: t.replies,
                pinned: t.pinned,
                locked: t.locked,
                hidden: is_hidden,
                last_post_at: t.last_post_at,
            }
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// A member starts a discussion; returns its id. One the site's safety
/// rules hold waits for a moderator, and its moderators are emailed (see
/// [`moderation::hold_post`]).
pub fn start(
    conn: &mut AnyConnection,
    site: &mail::Site,
    access: &Access,
    title: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<i32, CommunityError> {
    let author = access.poster()?;
    let (title, body) = (title_ok(title)?, body_ok(body)?);
    screen(conn, access, author, now)?;
    let thread: Thread = diesel::insert_into(discussion_threads::table)
        .values(&NewThread {
            group_id: access.group.id,
            author_id: author,
            title,
            pinned: false,
            locked: false,
            replies: 0,
            created_at: now,
            last_post_at: now,
        })
        .get_result(conn)?;
    let post: Post = diesel::insert_into(discussion_posts::table)
        .values(&NewPost {
            thread_id: thread.id,
            author_id: author,
            body,
            created_at: now,
        })
        .get_result(conn)?;
    if let Some(why) = safety::hold(conn, &access.rules, author, &format!("{title}\n{body}"), now)? {
        moderation::hold_post(conn, site, &post, &thread, &why, now)?;
    }
    Ok(thread.id)
}

/// Refuses a post from someone banned from the group, suspended, or (a
/// new account) over its rate limit; counts it otherwise.
fn screen(conn: &mut AnyConnection, access: &Access, author: i32, now: NaiveDateTime) -> Result<(), CommunityError> {
    if moderation::banned_from(conn, access.group.id, author)? {
        return Err(CommunityError::invalid("body", moderation::BANNED_FROM_GROUP));
    }
    safety::check_rate(conn, &access.rules, author, Activity::Post, now)
}

/// An author's name as the viewer may see it (their profile's choice).
fn shown_name(authors: &HashMap<i32, Author>, author: i32) -> String {
    authors
        .get(&author)
        .map_or_else(|| A_MEMBER.to_owned(), |a| a.name.clone())
}

/// One post as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostView {
    pub id: i32,
    pub author_id: i32,
    /// As the author's profile lets the viewer see it.
    pub author: String,
    /// `None` when it is hidden and the viewer does not moderate, or when
    /// the viewer blocked its author.
    pub body: Option<String>,
    /// The viewer blocked its author.
    pub blocked: bool,
    pub hidden: bool,
    pub edited: bool,
    /// Waiting for a moderator; only its author sees it.
    pub held: bool,
    pub created_at: NaiveDateTime,
    /// The viewer wrote it and may edit it (a member, the post shown, the
    /// thread open).
    pub editable: bool,
}

/// One discussion and a page of its replies.
#[derive(Debug, Clone)]
pub struct ThreadView {
    pub thread: Thread,
    /// [`HIDDEN_TITLE`] when the first post is hidden and the viewer does
    /// not moderate.
    pub title: String,
    pub first: PostView,
    /// Oldest first.
    pub replies: Page<PostView>,
}

/// The thread `id` of this group, or `NotFound`.
fn thread_in(conn: &mut AnyConnection, access: &Access, id: i32) -> Result<Thread, CommunityError> {
    discussion_threads::table
        .find(id)
        .filter(discussion_threads::group_id.eq(access.group.id))
        .select(Thread::as_select())
        .first(conn)
        .optional()?
        .ok_or(CommunityError::NotFound { what: "discussion" })
}

/// The post `id` of this group with its thread, or `NotFound`.
fn post_in(conn: &mut AnyConnection, access: &Access, id: i32) -> Result<(Post, Thread), CommunityError> {
    let post: Post = discussion_posts::table
        .find(id)
        .select(Post::as_select())
        .first(conn)
        .optional()?
        .ok_or(CommunityError::NotFound { what: "post" })?;
    let thread = thread_in(conn, access, post.thread_id)?;
    Ok((post, thread))
}

/// The first post of one discussion: the lowest id, read off the
/// `(thread_id, id)` index (a `min` grouped by thread would walk every
/// post of a busy thread).
fn first_post_id(conn: &mut AnyConnection, thread: i32) -> Result<i32, CommunityError> {
    discussion_posts::table
        .filter(discussion_posts::thread_id.eq(thread))
        .order(discussion_posts::id)
        .select(discussion_posts::id)
        .first(conn)
        .optional()?
        .ok_or(CommunityError::NotFound { what: "discussion" })
}

fn view(access: &Access, thread: &Thread, post: Post, authors: &HashMap<i32, Author>, held: bool) -> PostView {
    let author = shown_name(authors, post.author_id);
    let blocked = authors.get(&post.author_id).is_some_and(|a| a.blocked);
    let hidden = post.hidden_at.is_some();
    PostView {
        id: post.id,
        author_id: post.author_id,
        author,
        body: (!blocked && (!hidden || access.moderator)).then_some(post.body),
        blocked,
        hidden,
        edited: post.edited_at.is_some(),
        held,
        created_at: post.created_at,
        editable: access.member && access.person == Some(post.author_id) && !hidden && !thread.locked,
    }
}

/// The part of one page of a discussion that is the same for every
/// reader: the thread, its first post, the page's replies that nobody
/// waits on a moderator for, and what decides how each author's name
/// shows. A busy discussion is read far more often than it changes, so
/// the site keeps one for a few seconds and answers each reader from it
/// with [`thread_for`].
#[derive(Debug, Clone)]
pub struct SharedThread {
    thread: Thread,
    first: Post,
    /// The first post waits for a moderator: only its author may read the
    /// discussion yet.
    first_held: bool,
    page: i64,
    /// Oldest first; replies that wait for a moderator are their authors'
    /// alone, so none is here.
    replies: Vec<Post>,
    authors: Vec<crate::profiles::Facts>,
}

impl SharedThread {
    /// The group the discussion belongs to.
    pub fn group_id(&self) -> i32 {
        self.thread.group_id
    }
}

/// Discussion `id` of `group` with its first post (the lowest id, read off
/// the `(thread_id, id)` index) and whether that post waits for a
/// moderator, in one query; `NotFound` for another group's or no thread.
fn thread_and_first(conn: &mut AnyConnection, group: i32, id: i32) -> Result<(Thread, Post, bool), CommunityError> {
    let (thread, first, held): (Thread, Post, Option<i32>) = discussion_threads::table
        .inner_join(discussion_posts::table.left_join(held_posts::table))
        .filter(discussion_threads::id.eq(id))
        .filter(discussion_threads::group_id.eq(group))
        .order(discussion_posts::id)
        .select((Thread::as_select(), Post::as_select(), held_posts::post_id.nullable()))
        .first(conn)
        .optional()?
        .ok_or(CommunityError::NotFound { what: "discussion" })?;
    Ok((thread, first, held.is_some()))
}

/// Page `page` (50 replies a page) of discussion `id` of `group`, as it is
/// for everyone, in three queries: the thread with its first post and
/// whether that waits for a moderator, the page of replies, and the
/// authors. Nothing here depends on who reads it; [`thread_for`] does
/// that part.
pub fn shared_thread(conn: &mut AnyConnection, group: i32, id: i32, page: i64) -> Result<SharedThread, CommunityError> {
    let page = page.max(1);
    let (thread, first, first_held) = thread_and_first(conn, group, id)?;
    let replies: Vec<Post> = discussion_posts::table
        .left_join(held_posts::table)
        .filter(discussion_posts::thread_id.eq(id))
        .filter(discussion_posts::id.ne(first.id))
        .filter(held_posts::post_id.is_null())
        .order(discussion_posts::id)
        .limit(PER_PAGE)
        .offset((page - 1).saturating_mul(PER_PAGE))
        .select(Post::as_select())
        .load(conn)?;
    let ids: Vec<i32> = std::iter::once(first.author_id)
        .chain(replies.iter().map(|p| p.author_id))
        .collect();
    let authors = crate::profiles::facts_in(conn, None, Some(group), &ids)?
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    Ok(SharedThread {
        thread,
        first,
        first_held,
        page,
        replies,
        authors,
    })
}

/// The discussion `id` with page `page` of its replies (50 a page).
pub fn thread(conn: &mut AnyConnection, access: &Access, id: i32, page: i64) -> Result<ThreadView, CommunityError> {
    access.require_read()?;
    let shared = shared_thread(conn, access.group.id, id, page)?;
    thread_with(conn, access, &shared)
}

/// What discussion pages need of one signed-in reader, whatever the
/// page: whom they blocked, and the discussions where a post of theirs
/// waits for a moderator. Small, and the same for every page they read,
/// so the site keeps it for a few seconds too.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    person: Option<i32>,
    blocked: HashSet<i32>,
    held_in: HashSet<i32>,
}

/// [`Reader`] for `person` (None: signed out, for whom there is nothing to
/// read), in two queries.
pub fn reader(conn: &mut AnyConnection, person: Option<i32>) -> Result<Reader, CommunityError> {
    let Some(me) = person else {
        return Ok(Reader::default());
    };
    let blocked: Vec<i32> = blocks::table
        .filter(blocks::blocker_id.eq(me))
        .select(blocks::blocked_id)
        .load(conn)?;
    // "The reader's posts among those held", so that SQLite looks up each
    // held post (few) rather than walking all the reader's posts.
    let held_in: Vec<i32> = discussion_posts::table
        .filter(discussion_posts::id.eq_any(held_posts::table.select(held_posts::post_id)))
        .filter(discussion_posts::author_id.eq(me))
        .select(discussion_posts::thread_id)
        .load(conn)?;
    Ok(Reader {
        person,
        blocked: blocked.into_iter().collect(),
        held_in: held_in.into_iter().collect(),
    })
}

/// `shared` as the reader of `access` may see it (see [`thread_for`]).
pub fn thread_with(
    conn: &mut AnyConnection,
    access: &Access,
    shared: &SharedThread,
) -> Result<ThreadView, CommunityError> {
    let r = reader(conn, access.person)?;
    thread_for(conn, access, shared, &r)
}

/// `shared` as the reader of `access`, whose [`Reader`] is `reader`, may
/// see it: names as their profiles let this reader see them, posts by
/// people the reader blocked left unread, and hidden posts shown to
/// moderators only. A reader with a post here that waits for a moderator
/// gets the page read afresh with it in place. Asks no query at all,
/// unless some author's name shows only to fellow members and they have
/// left the group (see [`crate::profiles::seen_by`]).
pub fn thread_for(
    conn: &mut AnyConnection,
    access: &Access,
    shared: &SharedThread,
    reader: &Reader,
) -> Result<ThreadView, CommunityError> {
    access.require_read()?;
    let thread = &shared.thread;
    if thread.group_id != access.group.id {
        return Err(CommunityError::NotFound { what: "discussion" });
    }
    if reader.person != access.person {
        return thread_with(conn, access, shared);
    }
    if reader.held_in.contains(&thread.id) {
        return own_thread(conn, access, thread.id, shared.page);
    }
    if shared.first_held {
        // Only its author may read it, and they have a post held here.
        return Err(CommunityError::NotFound { what: "discussion" });
    }
    let authors = crate::profiles::seen_by(conn, access.person, access.member, &shared.authors, &reader.blocked)?;
    let replies = shared
        .replies
        .iter()
        .map(|p| view(access, thread, p.clone(), &authors, false))
        .collect();
    Ok(shown(
        access,
        thread.clone(),
        view(access, thread, shared.first.clone(), &authors, false),
        Page {
            items: replies,
            total: i64::from(thread.replies),
            page: shared.page,
            per_page: PER_PAGE,
        },
    ))
}

/// The whole page for a reader, read afresh, with their posts that wait
/// for a moderator in place (theirs alone to see, and counted for them).
fn own_thread(conn: &mut AnyConnection, access: &Access, id: i32, page: i64) -> Result<ThreadView, CommunityError> {
    let reader = access.person.unwrap_or(-1);
    let (thread, first, first_held) = thread_and_first(conn, access.group.id, id)?;
    if first_held && first.author_id != reader {
        return Err(CommunityError::NotFound { what: "discussion" });
    }
    let replies: Vec<(Post, Option<i32>)> = discussion_posts::table
        .left_join(held_posts::table)
        .filter(discussion_posts::thread_id.eq(id))
        .filter(discussion_posts::id.ne(first.id))
        .filter(held_posts::post_id.is_null().or(discussion_posts::author_id.eq(reader)))
        .order(discussion_posts::id)
        .limit(PER_PAGE)
        .offset((page - 1).saturating_mul(PER_PAGE))
        .select((Post::as_select(), held_posts::post_id.nullable()))
        .load(conn)?;
    let own_held: i64 = held_posts::table
        .inner_join(discussion_posts::table)
        .filter(discussion_posts::thread_id.eq(id))
        .filter(discussion_posts::author_id.eq(reader))
        .count()
        .get_result(conn)?;
    // The thread counts its published replies (a reply held and then
    // hidden counts too, as it shows as hidden); the reader also sees
    // their own replies that wait for a moderator.
    let own_waiting = own_held - i64::from(first_held);
    let total = i64::from(thread.replies) + own_waiting.max(0);
    let ids: Vec<i32> = std::iter::once(first.author_id)
        .chain(replies.iter().map(|(p, _)| p.author_id))
        .collect();
    let authors = crate::profiles::authors_in(conn, access.person, access.shared_group(), &ids)?;
    let first = view(access, &thread, first, &authors, first_held);
    let items = replies
        .into_iter()
        .map(|(p, held)| view(access, &thread, p, &authors, held.is_some()))
        .collect();
    Ok(shown(
        access,
        thread,
        first,
        Page {
            items,
            total,
            page,
            per_page: PER_PAGE,
        },
    ))
}

/// The view of a thread whose first post and replies are worked out.
fn shown(access: &Access, thread: Thread, first: PostView, replies: Page<PostView>) -> ThreadView {
    let title = if first.hidden && !access.moderator {
        HIDDEN_TITLE.to_owned()
    } else {
        thread.title.clone()
    };
    ThreadView {
        title,
        first,
        replies,
        thread,
    }
}

/// Where a new reply landed, for the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replied {
    pub post: i32,
    /// The page of the thread it is on.
    pub page: i64,
    /// Waiting for a moderator before anyone else sees it.
    pub held: bool,
}

/// A member replies to a discussion. Everyone who wrote in it before and
/// is still a member (except the replier, and those who asked for no
/// such emails) gets one email, queued in this transaction: if it cannot
/// be, the reply is not saved either.
pub fn reply(
    conn: &mut AnyConnection,
    site: &mail::Site,
    access: &Access,
    thread: i32,
    body: &str,
    now: NaiveDateTime,
) -> Result<Replied, CommunityError> {
    let author = access.poster()?;
    let t = thread_in(conn, access, thread)?;
    if t.locked {
        return Err(CommunityError::invalid("body", LOCKED));
    }
    let body = body_ok(body)?;
    screen(conn, access, author, now)?;
    let post: Post = diesel::insert_into(discussion_posts::table)
        .values(&NewPost {
            thread_id: t.id,
            author_id: author,
            body,
            created_at: now,
        })
        .get_result(conn)?;
    if let Some(why) = safety::hold(conn, &access.rules, author, body, now)? {
        // Nobody hears of it, and it counts, once a moderator approves it.
        moderation::hold_post(conn, site, &post, &t, &why, now)?;
        return Ok(Replied {
            post: post.id,
            page: i64::from(t.replies) / PER_PAGE + 1,
            held: true,
        });
    }
    diesel::update(discussion_threads::table.find(t.id))
        .set((
            discussion_threads::replies.eq(discussion_threads::replies + 1),
            discussion_threads::last_post_at.eq(now),
        ))
        .execute(conn)?;
    let page = i64::from(t.replies) / PER_PAGE + 1;
    let earlier: Vec<i32> = discussion_posts::table
        .filter(discussion_posts::thread_id.eq(t.id))
        .filter(discussion_posts::author_id.ne(author))
        .select(discussion_posts::author_id)
        .distinct()
        .load(conn)?;
    let mut opted_out: Vec<i32> = discussion_email_opt_outs::table
        .filter(discussion_email_opt_outs::group_id.eq(access.group.id))
        .filter(discussion_email_opt_outs::person_id.eq_any(&earlier))
        .select(discussion_email_opt_outs::person_id)
        .load(conn)?;
    // The notification settings: replies off everywhere, or this group muted.
    opted_out.extend(crate::settings::not_wanting(
        conn,
        crate::settings::Topic::Replies,
        access.group.id,
        &earlier,
    )?);
    let still_members: Vec<i32> = group_members::table
        .filter(group_members::group_id.eq(access.group.id))
        .filter(group_members::person_id.eq_any(&earlier))
        .filter(group_members::status.eq(groups::MEMBER))
        .order(group_members::person_id)
        .select(group_members::person_id)
        .load::<i32>(conn)?
        .into_iter()
        .filter(|p| !opted_out.contains(p))
        .collect();
    if !still_members.is_empty() {
        // A hidden first post hides the title, in emails too.
        let first = first_post_id(conn, t.id)?;
        let first_hidden: i64 = discussion_posts::table
            .find(first)
            .filter(discussion_posts::hidden_at.is_not_null())
            .count()
            .get_result(conn)?;
        let title = if first_hidden > 0 {
            HIDDEN_TITLE
        } else {
            t.title.as_str()
        };
        let settings = site_url(site, &format!("/groups/{}/discussions#emails", access.group.slug));
        let link = site_url(
            site,
            &format!(
                "/groups/{}/discussions/{}?page={page}#post-{}",
                access.group.slug, t.id, post.id
            ),
        );
        for person in still_members {
            // Named as the replier's profile lets this reader see them.
            let replier = crate::profiles::name(conn, Some(person), author)?;
            let message = mail::Message::new(&format!("New reply: {title}"))
                .paragraph(&format!(
                    "{replier} replied to \u{201c}{title}\u{201d} in {}.",
                    access.group.name
                ))
                .action("Read the reply", &link)
                .reason(&format!(
                    "You are getting this because you wrote in this discussion and are a member of {}.",
                    access.group.name
                ))
                .settings_link(&settings);
            tell(conn, site, person, message, now)?;
        }
    }
    Ok(Replied {
        post: post.id,
        page,
        held: false,
    })
}

/// An organiser pins a discussion to the top of the list, or unpins it.
pub fn set_pinned(conn: &mut AnyConnection, access: &Access, thread: i32, pinned: bool) -> Result<(), CommunityError> {
    access.moderator_id()?;
    let t = thread_in(conn, access, thread)?;
    diesel::update(discussion_threads::table.find(t.id))
        .set(discussion_threads::pinned.eq(pinned))
        .execute(conn)?;
    Ok(())
}

/// An organiser locks a discussion (no more replies or edits), or opens it.
pub fn set_locked(conn: &mut AnyConnection, access: &Access, thread: i32, locked: bool) -> Result<(), CommunityError> {
    access.moderator_id()?;
    let t = thread_in(conn, access, thread)?;
    diesel::update(discussion_threads::table.find(t.id))
        .set(discussion_threads::locked.eq(locked))
        .execute(conn)?;
    Ok(())
}

/// An organiser hides a post (members see that it was hidden, organisers
/// still see the text) or shows it again. Returns its thread.
pub fn set_hidden(
    conn: &mut AnyConnection,
    access: &Access,
    post: i32,
    hidden: bool,
    now: NaiveDateTime,
) -> Result<i32, CommunityError> {
    let moderator = access.moderator_id()?;
    let (p, t) = post_in(conn, access, post)?;
    let change = if hidden {
        PostModeration {
            hidden_at: Some(p.hidden_at.unwrap_or(now)),
            hidden_by: Some(p.hidden_by.unwrap_or(moderator)),
        }
    } else {
        PostModeration {
            hidden_at: None,
            hidden_by: None,
        }
    };
    diesel::update(discussion_posts::table.find(p.id))
        .set(&change)
        .execute(conn)?;
    Ok(t.id)
}

/// A post its author is about to edit.
#[derive(Debug, Clone)]
pub struct Editing {
    pub post: Post,
    pub thread: Thread,
    /// The first post: its edit may change the title too.
    pub first: bool,
}

/// The viewer's own post `id`, when they may edit it: they are still a
/// member, it is not hidden and its discussion is not locked.
pub fn editing(conn: &mut AnyConnection, access: &Access, id: i32) -> Result<Editing, CommunityError> {
    let me = access.poster()?;
    let (post, thread) = post_in(conn, access, id)?;
    if post.author_id != me {
        return Err(CommunityError::NotAllowed);
    }
    if thread.locked {
        return Err(CommunityError::invalid("body", LOCKED));
    }
    if post.hidden_at.is_some() {
        return Err(CommunityError::invalid(
            "body",
            "An organiser hid this post, so it cannot be edited.",
        ));
    }
    let first = first_post_id(conn, thread.id)? == post.id;
    Ok(Editing { post, thread, first })
}

/// The author changes their post (and, for a first post, the title). The
/// wording it had is kept as a version; an edit that changes nothing
/// keeps nothing. Returns the thread.
pub fn edit(
    conn: &mut AnyConnection,
    access: &Access,
    id: i32,
    title: Option<&str>,
    body: &str,
    now: NaiveDateTime,
) -> Result<i32, CommunityError> {
    let e = editing(conn, access, id)?;
    let title = match (e.first, title) {
        (true, Some(t)) => Some(title_ok(t)?),
        (true, None) => Some(e.thread.title.as_str()),
        (false, _) => None,
    };
    let body = body_ok(body)?;
    let same_title = title.is_none_or(|t| t == e.thread.title);
    if same_title && body == e.post.body {
        return Ok(e.thread.id);
    }
    diesel::insert_into(discussion_post_versions::table)
        .values(&NewPostVersion {
            post_id: e.post.id,
            title: if e.first { &e.thread.title } else { "" },
            body: &e.post.body,
            written_at: e.post.edited_at.unwrap_or(e.post.created_at),
            replaced_at: now,
        })
        .execute(conn)?;
    diesel::update(discussion_posts::table.find(e.post.id))
        .set(&PostEdit {
            body,
            edited_at: Some(now),
        })
        .execute(conn)?;
    if let Some(t) = title.filter(|_| !same_title) {
        diesel::update(discussion_threads::table.find(e.thread.id))
            .set(discussion_threads::title.eq(t))
            .execute(conn)?;
    }
    Ok(e.thread.id)
}

/// A post's wordings for the organisers: now, then each earlier one.
#[derive(Debug, Clone)]
pub struct History {
    pub post: Post,
    pub thread: Thread,
    pub author: String,
    pub first: bool,
    /// Newest first.
    pub versions: Vec<PostVersion>,
}

/// What the post `id` said before each edit; organisers only.
pub fn history(conn: &mut AnyConnection, access: &Access, id: i32) -> Result<History, CommunityError> {
    access.moderator_id()?;
    let (post, thread) = post_in(conn, access, id)?;
    let author: String = people::table
        .find(post.author_id)
        .select(people::display_name)
        .first(conn)?;
    let versions = discussion_post_versions::table
        .filter(discussion_post_versions::post_id.eq(post.id))
        .order(discussion_post_versions::id.desc())
        .select(PostVersion::as_select())
        .load(conn)?;
    let first = first_post_id(conn, thread.id)? == post.id;
    Ok(History {
        post,
        thread,
        author,
        first,
        versions,
    })
}
