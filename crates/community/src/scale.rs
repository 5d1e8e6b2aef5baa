//! Generated community data for benchmarks (`kith demo --scale`): members,
//! memberships of the directory's generated groups, answers to its events
//! and discussions with their replies, at the size the community issue
//! measures (10,000 members, 2,000 groups, 200,000 posts).
//!
//! Everything is invented and repeatable: a small seeded generator picks
//! names and words from the lists below, so the same options always give
//! the same data. Rows are written in statements of a few thousand and
//! committed in chunks, so the load stays quick on both databases and a
//! running server is never blocked for long.
//!
//! One member is known: [`BENCH_EMAIL`] with the password the caller
//! hashed, in the busiest discussion's group and going to some events, so
//! benchmarks can sign in and measure what a real member sees. Everyone
//! else has no password (they could only sign in by an emailed link), which
//! spares 10,000 argon2 hashes.

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use directory::{Kind, Listing, Status};
use store::schema::{
    community_events, discussion_posts, discussion_threads, event_rsvps, group_members, listings, people,
};
use store::AnyConnection;

use crate::CommunityError;

/// The member benchmarks sign in as.
pub const BENCH_EMAIL: &str = "bench.member@example.org";

/// Rows per insert statement: under PostgreSQL's 65,535 and SQLite's
/// 32,766 bound values for the widest table here (seven columns).
const ROWS: usize = 4_000;

/// Groups whose memberships, threads and posts are committed together.
const GROUPS_PER_COMMIT: usize = 100;

/// Threads with hundreds of replies, as the liveliest groups have; the
/// first is the busiest.
const BUSY_THREADS: usize = 10;
const BUSIEST_REPLIES: usize = 900;

/// Events given places and answers (one session each).
const EVENTS_MAX: usize = 2_000;

/// Events whose places and answers are committed together.
const EVENTS_PER_COMMIT: usize = 500;

const SEED: u64 = 0x6b69_7468_5ca1_e006;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleOptions {
    pub members: usize,
    /// Groups taken from the directory's published groups (oldest first);
    /// fewer when it has fewer.
    pub groups: usize,
    /// Discussion posts, first posts and replies together.
    pub posts: usize,
}

impl Default for ScaleOptions {
    /// The size the community issue's performance targets name.
    fn default() -> Self {
        ScaleOptions {
            members: 10_000,
            groups: 2_000,
            posts: 200_000,
        }
    }
}

/// What was generated, and where the benchmarks should look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScaleSummary {
    pub members: usize,
    pub groups: usize,
    pub memberships: usize,
    pub events: usize,
    pub answers: usize,
    pub threads: usize,
    pub posts: usize,
    /// The group slug and thread id of the discussion with the most replies.
    pub busiest: Option<(String, i32)>,
    pub busiest_replies: usize,
}

#[derive(Insertable)]
#[diesel(table_name = people)]
struct PersonRow {
    email: String,
    display_name: String,
    password_hash: Option<String>,
    email_verified_at: Option<NaiveDateTime>,
    job_title: &'static str,
    work_organisation: &'static str,
    professional_status: &'static str,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = group_members)]
struct MemberRow {
    group_id: i32,
    person_id: i32,
    status: &'static str,
    role: &'static str,
    answer: &'static str,
    created_at: NaiveDateTime,
    joined_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = community_events)]
struct PlacesRow {
    listing_id: i32,
    capacity: Option<i32>,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = event_rsvps)]
struct AnswerRow {
    event_id: i32,
    occurrence_at: NaiveDateTime,
    person_id: i32,
    status: &'static str,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = discussion_threads)]
struct ThreadRow {
    group_id: i32,
    author_id: i32,
    title: String,
    pinned: bool,
    locked: bool,
    replies: i32,
    created_at: NaiveDateTime,
    last_post_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = discussion_posts)]
struct PostRow {
    thread_id: i32,
    author_id: i32,
    body: String,
    created_at: NaiveDateTime,
}

/// One statement per [`ROWS`] rows. Batch inserts do not compile on
/// `AnyConnection`, so each backend gets its own.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let mut done = 0usize;
        for batch in $rows.chunks(ROWS) {
            done += match &mut *$conn {
                AnyConnection::Postgresql(c) => diesel::insert_into($table).values(batch).execute(c)?,
                AnyConnection::Sqlite(c) => diesel::insert_into($table).values(batch).execute(c)?,
            };
        }
        Ok::<usize, CommunityError>(done)
    }};
}

/// A splitmix64 generator: repeatable, and plenty for picking words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words.get(self.below(words.len())).copied().unwrap_or("")
    }

    /// A number in `0..n`, small ones far more often: a few groups are
    /// popular and most are small, as in life.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        let c = self.below(n);
        a.min(b).min(c)
    }
}

const FIRST: &[&str] = &[
    "Ada", "Bola", "Cai", "Dev", "Efe", "Fran", "Gita", "Hal", "Ines", "Jo", "Kofi", "Lena", "Mo", "Nia", "Oren",
    "Pat", "Quinn", "Ravi", "Sade", "Tam", "Uma", "Vic", "Wren", "Yusuf", "Zara",
];
const LAST: &[&str] = &[
    "Abara",
    "Brightwell",
    "Castellan",
    "Dunmore",
    "Eze",
    "Fairlie",
    "Granger",
    "Holloway",
    "Ince",
    "Jarrow",
    "Kettle",
    "Lowther",
    "Marsh",
    "Nolan",
    "Okafor",
    "Pennant",
    "Quarry",
    "Rook",
    "Sallow",
    "Thorne",
    "Underhill",
    "Vance",
    "Wilde",
    "Yates",
];
const TOPICS: &[&str] = &[
    "Meeting point this week",
    "Anyone for the longer route?",
    "Ideas for the summer",
    "Bringing a friend along",
    "Lost umbrella from Saturday",
    "What shall we try next?",
    "Step-free way in",
    "Sharing lifts",
    "Thank you all",
    "Quiet corner for breaks",
    "Photos from last time",
    "New here, hello",
];
const OPENINGS: &[&str] = &[
    "Thanks for last week, it was lovely to see everyone.",
    "I was wondering whether anyone else would like this.",
    "Just a quick question before Saturday.",
    "Hello all, I joined recently and wanted to say hi.",
    "A small change to pass on from the organisers.",
    "I found this and thought of the group.",
];
const MIDDLES: &[&str] = &[
    "The café by the park opens at ten, so we could start there.",
    "If it rains we can use the hall instead.",
    "There is a ramp at the side entrance and a bench halfway.",
    "I can bring spare gloves and a flask of tea.",
    "Bus 37 stops right outside, and it is a short walk from the station.",
    "The details are at https://example.org/notes if that helps.",
    "It would be nice to try something new once a month.",
    "Please say if the time does not suit you.",
];
const CLOSINGS: &[&str] = &[
    "See you there.",
    "Let me know what you think.",
    "Any ideas welcome.",
    "Take care, everyone.",
    "Thanks!",
    "",
];

fn sentence(rng: &mut Rng) -> String {
    let mut body = format!("{} {}", rng.pick(OPENINGS), rng.pick(MIDDLES));
    if rng.below(3) == 0 {
        body.push_str("\n\n");
        body.push_str(rng.pick(MIDDLES));
    }
    let closing = rng.pick(CLOSINGS);
    if !closing.is_empty() {
        body.push(' ');
        body.push_str(closing);
    }
    body
}

/// True when the scale data is there already (the benchmark member exists).
pub fn loaded(conn: &mut AnyConnection) -> Result<bool, CommunityError> {
    let n: i64 = people::table
        .filter(people::email.eq(BENCH_EMAIL))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Generates the community data over the directory's published groups and
/// events (from `directory::demo::load_scale`). `bench_hash` is the
/// benchmark member's password hash. Manages its own transactions; refuses
/// to run twice on one database.
pub fn load(
    conn: &mut AnyConnection,
    options: ScaleOptions,
    bench_hash: &str,
    now: NaiveDateTime,
) -> Result<ScaleSummary, CommunityError> {
    if loaded(conn)? {
        return Err(CommunityError::invalid(
            "scale",
            "The community scale data is already loaded in this database",
        ));
    }
    let mut rng = Rng(SEED);
    let mut summary = ScaleSummary::default();
    let members = conn.transaction(|c| write_people(c, &mut rng, options.members, bench_hash, now))?;
    summary.members = members.len();
    let groups: Vec<(i32, String)> = listings::table
        .filter(listings::kind.eq(Kind::Group))
        .filter(listings::status.eq(Status::Published))
        .order(listings::id)
        .limit(i64::try_from(options.groups).unwrap_or(i64::MAX))
        .select((listings::id, listings::slug))
        .load(conn)?;
    summary.groups = groups.len();
    let Some(&bench) = members.first() else {
        return Ok(summary);
    };
    if groups.is_empty() {
        return Ok(summary);
    }
    // The busy threads first, then the rest spread evenly over the groups.
    let busy: Vec<usize> = (0..groups.len().min(BUSY_THREADS)).map(busy_posts).collect();
    let busy = if busy.iter().sum::<usize>() <= options.posts {
        busy
    } else {
        Vec::new()
    };
    let rest = options.posts - busy.iter().sum::<usize>();
    let per_group = rest / groups.len();
    let mut extra = rest % groups.len();
    for (chunk_index, chunk) in groups.chunks(GROUPS_PER_COMMIT).enumerate() {
        let written = conn.transaction(|c| {
            let mut totals = Totals::default();
            for (i, (group, slug)) in chunk.iter().enumerate() {
                let position = chunk_index * GROUPS_PER_COMMIT + i;
                let posts = per_group + usize::from(extra > 0);
                extra = extra.saturating_sub(1);
                let plan = GroupPlan {
                    group: *group,
                    position,
                    busy: busy.get(position).copied(),
                    posts,
                    bench,
                    now,
                };
                let t = write_group(c, &mut rng, &members, &plan)?;
                if t.busiest_replies > totals.busiest_replies {
                    totals.busiest = t.busiest.map(|id| (slug.clone(), id));
                    totals.busiest_replies = t.busiest_replies;
                }
                totals.memberships += t.memberships;
                totals.threads += t.threads;
                totals.posts += t.posts;
            }
            Ok::<Totals, CommunityError>(totals)
        })?;
        summary.memberships += written.memberships;
        summary.threads += written.threads;
        summary.posts += written.posts;
        if written.busiest_replies > summary.busiest_replies {
            summary.busiest = written.busiest;
            summary.busiest_replies = written.busiest_replies;
        }
    }
    let (events, answers) = write_events(conn, &mut rng, &members, now)?;
    summary.events = events;
    summary.answers = answers;
    // Fresh statistics for the planners: PostgreSQL's autovacuum would
    // analyse the new rows only some time later, and until then plans
    // pages over 200,000 posts as if the tables were nearly empty.
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(summary)
}

#[derive(Default)]
struct Totals {
    memberships: usize,
    threads: usize,
    posts: usize,
    busiest: Option<(String, i32)>,
    busiest_replies: usize,
}

/// Posts in the busy thread of the group at `position` (below
/// [`BUSY_THREADS`]): the first has [`BUSIEST_REPLIES`] replies, the
/// others a few hundred.
fn busy_posts(position: usize) -> usize {
    if position == 0 {
        BUSIEST_REPLIES + 1
    } else {
        300 + 40 * position
    }
}

/// What one group gets.
struct GroupPlan {
    group: i32,
    /// Its place among the generated groups: the first ones are the busiest.
    position: usize,
    /// Posts in its busy thread, when it has one.
    busy: Option<usize>,
    /// Posts in its other threads.
    posts: usize,
    bench: i32,
    now: NaiveDateTime,
}

struct GroupTotals {
    memberships: usize,
    threads: usize,
    posts: usize,
    busiest: Option<i32>,
    busiest_replies: usize,
}

/// Writes the members and returns their ids, the benchmark member first.
fn write_people(
    conn: &mut AnyConnection,
    rng: &mut Rng,
    n: usize,
    bench_hash: &str,
    now: NaiveDateTime,
) -> Result<Vec<i32>, CommunityError> {
    let before: Option<i32> = people::table.select(diesel::dsl::max(people::id)).first(conn)?;
    let since = now - Duration::days(400);
    let rows: Vec<PersonRow> = (0..n)
        .map(|i| {
            let joined = since + Duration::minutes(i64::try_from(i).unwrap_or(0) * 50);
            let (email, name, hash) = if i == 0 {
                (
                    BENCH_EMAIL.to_owned(),
                    "Bench Member".to_owned(),
                    Some(bench_hash.to_owned()),
                )
            } else {
                (
                    format!("member{i}.scale@example.org"),
                    format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                    None,
                )
            };
            PersonRow {
                email,
                display_name: name,
                password_hash: hash,
                email_verified_at: Some(joined),
                job_title: "",
                work_organisation: "",
                professional_status: "none",
                created_at: joined,
                updated_at: joined,
            }
        })
        .collect();
    insert_rows!(conn, people::table, rows)?;
    let mut ids: Vec<(String, i32)> = people::table
        .filter(people::id.gt(before.unwrap_or(0)))
        .filter(people::email.like("%example.org"))
        .select((people::email, people::id))
        .load(conn)?;
    ids.sort_by_key(|(email, id)| (email != BENCH_EMAIL, *id));
    Ok(ids.into_iter().map(|(_, id)| id).collect())
}

/// One group's members, discussions and posts.
fn write_group(
    conn: &mut AnyConnection,
    rng: &mut Rng,
    people_ids: &[i32],
    plan: &GroupPlan,
) -> Result<GroupTotals, CommunityError> {
    // Members: the first groups are the big ones, and the benchmark member
    // belongs to the first ten.
    let size = if plan.position < BUSY_THREADS {
        300 + rng.below(200)
    } else {
        3 + rng.skewed(60)
    };
    let mut chosen: Vec<i32> = Vec::with_capacity(size + 1);
    let mut seen = HashSet::with_capacity(size + 1);
    if plan.position < BUSY_THREADS && seen.insert(plan.bench) {
        chosen.push(plan.bench);
    }
    let mut tries = 0;
    while chosen.len() < size.min(people_ids.len()) && tries < size * 4 {
        tries += 1;
        // Skip the benchmark member here: what they belong to is chosen
        // above, so their pages are the same every run.
        let p = people_ids
            .get(1 + rng.below(people_ids.len().saturating_sub(1)))
            .copied();
        if let Some(p) = p.filter(|p| seen.insert(*p)) {
            chosen.push(p);
        }
    }
    if chosen.is_empty() {
        return Ok(GroupTotals {
            memberships: 0,
            threads: 0,
            posts: 0,
            busiest: None,
            busiest_replies: 0,
        });
    }
    let start = plan.now - Duration::days(180);
    let rows: Vec<MemberRow> = chosen
        .iter()
        .enumerate()
        .map(|(i, &person_id)| {
            let at = start + Duration::hours(i64::try_from(i).unwrap_or(0));
            MemberRow {
                group_id: plan.group,
                person_id,
                status: crate::groups::MEMBER,
                // Someone other than the benchmark member runs the group.
                role: if i == 1 { "organiser" } else { "member" },
                answer: "",
                created_at: at,
                joined_at: Some(at),
            }
        })
        .collect();
    let memberships = insert_rows!(conn, group_members::table, rows)?;

    // Thread sizes: a busy one in each of the first groups, then threads of
    // a few to a few dozen posts until the group's share is used.
    let mut sizes: Vec<usize> = plan.busy.into_iter().collect();
    let mut left = plan.posts;
    while left > 0 {
        let n = (1 + rng.skewed(40)).min(left);
        sizes.push(n);
        left -= n;
    }
    let mut threads = Vec::with_capacity(sizes.len());
    let mut bodies = Vec::with_capacity(sizes.len());
    // Spread over the last ~90 days; a thread's posts are minutes apart.
    for (i, &n) in sizes.iter().enumerate() {
        let created = plan.now - Duration::days(90) + Duration::minutes(i64::try_from(rng.below(120_000)).unwrap_or(0));
        let mut posts = Vec::with_capacity(n);
        let mut at = created;
        for k in 0..n {
            let author = if k == 0 && i == 0 && plan.busy.is_some() {
                chosen.get(1).copied().unwrap_or(chosen[0])
            } else {
                chosen[rng.below(chosen.len())]
            };
            posts.push((author, sentence(rng), at));
            at += Duration::minutes(1 + i64::try_from(rng.below(30)).unwrap_or(0));
        }
        let last = posts.last().map_or(created, |p| p.2);
        let author = posts.first().map_or(chosen[0], |p| p.0);
        threads.push(ThreadRow {
            group_id: plan.group,
            author_id: author,
            title: format!("{} ({})", rng.pick(TOPICS), i + 1),
            pinned: i == 0 && plan.busy.is_some(),
            locked: false,
            replies: i32::try_from(n.saturating_sub(1)).unwrap_or(i32::MAX),
            created_at: created,
            last_post_at: last,
        });
        bodies.push(posts);
    }
    let before: Option<i32> = discussion_threads::table
        .select(diesel::dsl::max(discussion_threads::id))
        .first(conn)?;
    let thread_count = insert_rows!(conn, discussion_threads::table, threads)?;
    // Ids come back in insertion order: nothing else writes during the load.
    let ids: Vec<i32> = discussion_threads::table
        .filter(discussion_threads::id.gt(before.unwrap_or(0)))
        .filter(discussion_threads::group_id.eq(plan.group))
        .order(discussion_threads::id)
        .select(discussion_threads::id)
        .load(conn)?;
    let mut posts = Vec::with_capacity(plan.posts);
    let (mut busiest, mut busiest_replies) = (None, 0);
    for (&thread_id, list) in ids.iter().zip(bodies) {
        if list.len().saturating_sub(1) > busiest_replies {
            busiest = Some(thread_id);
            busiest_replies = list.len() - 1;
        }
        posts.extend(list.into_iter().map(|(author_id, body, created_at)| PostRow {
            thread_id,
            author_id,
            body,
            created_at,
        }));
    }
    let post_count = insert_rows!(conn, discussion_posts::table, posts)?;
    Ok(GroupTotals {
        memberships,
        threads: thread_count,
        posts: post_count,
        busiest,
        busiest_replies,
    })
}

/// Places and answers for the first session after tomorrow of up to [`EVENTS_MAX`]
/// upcoming events: some full with a waiting list, the benchmark member
/// going to ten of them. Returns the events and answers written.
fn write_events(
    conn: &mut AnyConnection,
    rng: &mut Rng,
    people_ids: &[i32],
    now: NaiveDateTime,
) -> Result<(usize, usize), CommunityError> {
    let events: Vec<Listing> = listings::table
        .filter(listings::kind.eq(Kind::Event))
        .filter(listings::status.eq(Status::Published))
        .filter(listings::starts_at.is_not_null())
        .order(listings::id)
        .limit(i64::try_from(EVENTS_MAX * 2).unwrap_or(i64::MAX))
        .select(Listing::as_select())
        .load(conn)?;
    let taken: HashSet<i32> = community_events::table
        .select(community_events::listing_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let mut sessions = Vec::new();
    for l in events.iter().filter(|l| !taken.contains(&l.id)) {
        let Some(start) = l.starts_at else { continue };
        // Sessions from the day after tomorrow: tomorrow's would each have
        // their going members emailed a reminder by the first sweep after
        // the load, thousands of emails that have nothing to do with what
        // the benchmarks measure.
        let from = now + Duration::days(2);
        let next = directory::listing::upcoming_occurrences(conn, l, start, from, from + Duration::days(60), 1)?;
        if let Some(o) = next.into_iter().find(|o| o.cancelled.is_none()) {
            sessions.push((l.id, o.original()));
        }
        if sessions.len() == EVENTS_MAX {
            break;
        }
    }
    let bench = people_ids.first().copied();
    let (mut events_written, mut answers_written) = (0, 0);
    for (chunk_index, chunk) in sessions.chunks(EVENTS_PER_COMMIT).enumerate() {
        let (e, a) = conn.transaction(|c| {
            let mut places = Vec::with_capacity(chunk.len());
            let mut answers = Vec::new();
            for (i, &(event_id, at)) in chunk.iter().enumerate() {
                // A third have no limit; the rest 10 to 60 places.
                let capacity = (rng.below(3) != 0).then(|| 10 + i32::try_from(rng.below(51)).unwrap_or(0));
                places.push(PlacesRow {
                    listing_id: event_id,
                    capacity,
                    updated_at: now,
                });
                // The benchmark member asks first at every hundredth of the
                // first thousand, so their events page has ten.
                let position = chunk_index * EVENTS_PER_COMMIT + i;
                let mut queue: Vec<i32> = bench
                    .filter(|_| position.is_multiple_of(100) && position < 1000)
                    .into_iter()
                    .collect();
                let wanted = rng.skewed(80);
                let mut seen: HashSet<i32> = queue.iter().copied().collect();
                for _ in 0..wanted {
                    if let Some(p) = people_ids.get(1 + rng.below(people_ids.len().saturating_sub(1))) {
                        if seen.insert(*p) {
                            queue.push(*p);
                        }
                    }
                }
                let mut asked = now - Duration::days(7);
                for (k, person_id) in queue.into_iter().enumerate() {
                    let full = capacity.is_some_and(|cap| usize::try_from(cap).is_ok_and(|cap| k >= cap));
                    answers.push(AnswerRow {
                        event_id,
                        occurrence_at: at,
                        person_id,
                        status: if full { "waiting" } else { "going" },
                        created_at: asked,
                        updated_at: asked,
                    });
                    asked += Duration::minutes(7);
                }
            }
            let e = insert_rows!(c, community_events::table, places)?;
            let a = insert_rows!(c, event_rsvps::table, answers)?;
            Ok::<(usize, usize), CommunityError>((e, a))
        })?;
        events_written += e;
        answers_written += a;
    }
    Ok((events_written, answers_written))
}
