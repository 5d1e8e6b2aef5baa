//! The generated community data behind `kith demo --scale`, small, on both
//! databases.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use community::scale::{self, ScaleOptions, BENCH_EMAIL};
use directory::Reference;
use store::db_test;
use store::diesel::dsl::count_star;
use store::diesel::prelude::*;
use store::schema::{discussion_posts, discussion_threads, event_rsvps, group_members, people};

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

db_test!(fn scale_data_has_members_groups_threads_and_answers(db) {
    let mut c = db.conn();
    let conn = &mut *c;
    let reference = Reference::load(conn).unwrap();
    directory::demo::load_scale(conn, &reference, 400, now()).unwrap();
    let options = ScaleOptions {
        members: 300,
        groups: 40,
        posts: 9_000,
    };
    let s = scale::load(conn, options, "not-a-real-hash", now()).unwrap();
    assert_eq!((s.members, s.groups, s.posts), (300, 40, 9_000));
    let posts: i64 = discussion_posts::table.count().get_result(conn).unwrap();
    assert_eq!(posts, 9_000);
    let threads: i64 = discussion_threads::table.count().get_result(conn).unwrap();
    assert_eq!(threads as usize, s.threads);
    // Every thread's reply count is its posts less the first, as the list shows it.
    let counted: Vec<(i32, i64)> = discussion_posts::table
        .group_by(discussion_posts::thread_id)
        .select((discussion_posts::thread_id, count_star()))
        .load(conn)
        .unwrap();
    assert_eq!(counted.len() as i64, threads, "no thread without posts");
    for (thread, n) in &counted {
        let replies: i32 = discussion_threads::table
            .find(thread)
            .select(discussion_threads::replies)
            .first(conn)
            .unwrap();
        assert_eq!(i64::from(replies), n - 1);
    }
    // Every post's author is a member of the thread's group.
    let outsiders: i64 = discussion_posts::table
        .inner_join(discussion_threads::table)
        .left_join(
            group_members::table.on(group_members::group_id
                .eq(discussion_threads::group_id)
                .and(group_members::person_id.eq(discussion_posts::author_id))),
        )
        .filter(group_members::person_id.is_null())
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(outsiders, 0);
    // The busiest thread is the pinned one with the most replies, in a
    // group the benchmark member belongs to.
    let (slug, thread) = s.busiest.clone().unwrap();
    assert_eq!(s.busiest_replies, 900);
    let bench: (i32, Option<String>) = people::table
        .filter(people::email.eq(BENCH_EMAIL))
        .select((people::id, people::password_hash))
        .first(conn)
        .unwrap();
    assert_eq!(bench.1.as_deref(), Some("not-a-real-hash"));
    let group = community::published(conn, directory::Kind::Group, &slug).unwrap();
    let (pinned, group_id): (bool, i32) = discussion_threads::table
        .find(thread)
        .select((discussion_threads::pinned, discussion_threads::group_id))
        .first(conn)
        .unwrap();
    assert!(pinned);
    assert_eq!(group_id, group.id);
    assert_eq!(
        community::groups::membership(conn, group.id, bench.0).unwrap(),
        community::groups::Membership::Member { organiser: false }
    );
    // The benchmark member is going to some events; full events have a waiting list.
    let going: i64 = event_rsvps::table
        .filter(event_rsvps::person_id.eq(bench.0))
        .filter(event_rsvps::status.eq("going"))
        .count()
        .get_result(conn)
        .unwrap();
    assert!(going >= 1, "the benchmark member has somewhere to go");
    assert!(s.answers > 0 && s.events > 0);
    // Loading twice is refused rather than duplicating everyone.
    assert!(scale::load(conn, options, "x", now()).is_err());
});
