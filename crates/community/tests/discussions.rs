//! Group discussions on both databases: who may read and write, the
//! organisers' pin, lock and hide, edit history, and the reply emails
//! queued with the reply.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Role, Roles};
use chrono::{Duration, NaiveDateTime};
use community::discussions::{self as d, Access};
use community::groups;
use community::CommunityError;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Kind, Listing};
use store::diesel::Connection;
use store::{db_test, AnyConnection};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "http://127.0.0.1:8080/".into(),
    }
}

/// A long-standing account: the safety rules for new ones (rate limits,
/// links held) are tested in moderation.rs.
fn actor(conn: &mut AnyConnection, email: &str, organiser_of: Vec<i32>, roles: &[Role]) -> Actor {
    let id = accounts::flows::create_user(conn, email, None, roles, None, now())
        .unwrap()
        .0
        .id;
    {
        use store::diesel::prelude::*;
        use store::schema::people;
        store::diesel::update(people::table.find(id))
            .set(people::created_at.eq(now() - Duration::days(365)))
            .execute(conn)
            .unwrap();
    }
    Actor {
        person_id: id,
        roles: Roles::of(roles),
        verified: true,
        organiser_of,
    }
}

/// A group of an organisation, with its organiser, two members (one a
/// co-organiser), someone who has not joined and an editor.
struct Fixture {
    group: Listing,
    organiser: Actor,
    ann: Actor,
    bob: Actor,
    co: Actor,
    stranger: Actor,
    editor: Actor,
}

fn fixture(conn: &mut AnyConnection) -> Fixture {
    let t = now();
    let org = l::insert(conn, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let group = l::insert(conn, &g, &Tags::default()).unwrap();
    let organiser = actor(conn, "org@example.org", vec![org.id], &[]);
    let ann = actor(conn, "ann@example.org", vec![], &[]);
    let bob = actor(conn, "bob@example.org", vec![], &[]);
    let co = actor(conn, "co@example.org", vec![], &[]);
    let stranger = actor(conn, "stranger@example.org", vec![], &[]);
    let editor = actor(conn, "editor@example.org", vec![], &[Role::Editor]);
    for p in [&ann, &bob, &co] {
        groups::join(conn, p.person_id, group.id, "", t).unwrap();
    }
    groups::set_co_organiser(conn, &organiser, group.id, co.person_id, true).unwrap();
    Fixture {
        group,
        organiser,
        ann,
        bob,
        co,
        stranger,
        editor,
    }
}

fn access(conn: &mut AnyConnection, who: Option<&Actor>, group: &Listing) -> Access {
    d::access(conn, who, group.id).unwrap()
}

fn outbox_to(conn: &mut AnyConnection, to: &str) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 10_000)
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == to)
        .collect()
}

db_test!(fn members_only_discussions_are_read_by_members_and_organisers_and_public_ones_by_anyone(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let id = d::start(&mut c, &site(), &a, "Sunday walk?", "Who is coming on Sunday?", now()).unwrap();

    for who in [&f.ann, &f.co, &f.organiser, &f.editor] {
        let a = access(&mut c, Some(who), &f.group);
        assert!(a.can_read());
        assert_eq!(d::threads(&mut c, &a, 1).unwrap().items[0].title, "Sunday walk?");
        assert_eq!(d::thread(&mut c, &a, id, 1).unwrap().first.body.as_deref(), Some("Who is coming on Sunday?"));
    }
    for who in [Some(&f.stranger), None] {
        let a = access(&mut c, who, &f.group);
        assert!(!a.can_read() && !a.can_post());
        assert!(matches!(d::threads(&mut c, &a, 1), Err(CommunityError::NotAllowed)));
        assert!(matches!(d::thread(&mut c, &a, id, 1), Err(CommunityError::NotAllowed)));
    }
    // Only organisers choose; then anyone reads, and still only members write.
    let a = access(&mut c, Some(&f.ann), &f.group);
    assert!(matches!(d::set_public(&mut c, &a, true, now()), Err(CommunityError::NotAllowed)));
    let a = access(&mut c, Some(&f.co), &f.group);
    d::set_public(&mut c, &a, true, now()).unwrap();
    for who in [Some(&f.stranger), None] {
        let a = access(&mut c, who, &f.group);
        assert!(a.can_read() && !a.can_post());
        assert_eq!(d::thread(&mut c, &a, id, 1).unwrap().title, "Sunday walk?");
        assert!(matches!(d::reply(&mut c, &site(), &a, id, "Me!", now()), Err(CommunityError::NotAllowed)));
        assert!(matches!(d::start(&mut c, &site(), &a, "Mine", "Hello", now()), Err(CommunityError::NotAllowed)));
    }
    // An organiser who has not joined moderates but does not post.
    let a = access(&mut c, Some(&f.organiser), &f.group);
    assert!(a.moderator() && !a.can_post());
    assert!(matches!(d::reply(&mut c, &site(), &a, id, "Hi", now()), Err(CommunityError::NotAllowed)));
    // Back to members only.
    let a = access(&mut c, Some(&f.editor), &f.group);
    d::set_public(&mut c, &a, false, now()).unwrap();
    assert!(!access(&mut c, None, &f.group).can_read());
});

db_test!(fn bad_input_and_other_groups_ids_are_refused(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let long = "x".repeat(d::BODY_MAX + 1);
    let refused = |r: Result<i32, CommunityError>, field: &str| matches!(r, Err(CommunityError::Invalid { field: f, .. }) if f == field);
    assert!(refused(d::start(&mut c, &site(), &a, "  ", "Hello", now()), "title"));
    assert!(refused(d::start(&mut c, &site(), &a, &"t".repeat(d::TITLE_MAX + 1), "Hello", now()), "title"));
    assert!(refused(d::start(&mut c, &site(), &a, "Title", " \n ", now()), "body"));
    assert!(refused(d::start(&mut c, &site(), &a, "Title", &long, now()), "body"));
    assert!(refused(d::start(&mut c, &site(), &a, "Title", "Nul \0 here", now()), "body"));
    assert!(refused(d::start(&mut c, &site(), &a, "Nul \0 here", "Body", now()), "title"));
    assert_eq!(d::threads(&mut c, &a, 1).unwrap().total, 0, "nothing saved");

    let id = d::start(&mut c, &site(), &a, "Title", "Hello", now()).unwrap();
    // Another group's access cannot reach this thread.
    let t = now();
    let other = l::insert(&mut c, &listing(Kind::Group, "Other", 22, t), &Tags::default()).unwrap();
    groups::join(&mut c, f.ann.person_id, other.id, "", t).unwrap();
    let o = access(&mut c, Some(&f.ann), &other);
    assert!(matches!(d::thread(&mut c, &o, id, 1), Err(CommunityError::NotFound { .. })));
    assert!(matches!(d::reply(&mut c, &site(), &o, id, "Hi", t), Err(CommunityError::NotFound { .. })));
    assert!(matches!(d::thread(&mut c, &a, 999_999, 1), Err(CommunityError::NotFound { .. })));
    assert!(matches!(d::access(&mut c, Some(&f.ann), 999_999), Err(CommunityError::NotFound { .. })));
    // Events are not groups.
    let e = l::insert(&mut c, &listing(Kind::Event, "Picnic", 22, t), &Tags::default()).unwrap();
    assert!(matches!(d::access(&mut c, None, e.id), Err(CommunityError::NotFound { .. })));
});

db_test!(fn threads_are_listed_pinned_first_then_by_newest_post_and_replies_page_by_fifty(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let t0 = now();
    let first = d::start(&mut c, &site(), &a, "First", "One", t0).unwrap();
    let second = d::start(&mut c, &site(), &a, "Second", "Two", t0 + Duration::minutes(1)).unwrap();
    let third = d::start(&mut c, &site(), &a, "Third", "Three", t0 + Duration::minutes(2)).unwrap();
    let order = |c: &mut AnyConnection, a: &Access| d::threads(c, a, 1).unwrap().items.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(order(&mut c, &a), vec![third, second, first]);
    let b = access(&mut c, Some(&f.bob), &f.group);
    d::reply(&mut c, &site(), &b, first, "A reply", t0 + Duration::minutes(3)).unwrap();
    assert_eq!(order(&mut c, &a), vec![first, third, second], "newest activity first");
    let m = access(&mut c, Some(&f.organiser), &f.group);
    assert!(matches!(d::set_pinned(&mut c, &a, second, true), Err(CommunityError::NotAllowed)));
    d::set_pinned(&mut c, &m, second, true).unwrap();
    assert_eq!(order(&mut c, &a), vec![second, first, third], "pinned on top");
    assert!(d::threads(&mut c, &a, 1).unwrap().items[0].pinned);
    d::set_pinned(&mut c, &m, second, false).unwrap();
    assert_eq!(order(&mut c, &a), vec![first, third, second]);

    // 60 replies: 50 on page one, oldest first, 10 on page two.
    for i in 1..60 {
        d::reply(&mut c, &site(), &b, third, &format!("Reply {i}"), t0 + Duration::minutes(10 + i)).unwrap();
    }
    let last = d::reply(&mut c, &site(), &b, third, "Reply 60", t0 + Duration::minutes(80)).unwrap();
    assert_eq!(last.page, 2);
    let p1 = d::thread(&mut c, &a, third, 1).unwrap();
    assert_eq!(p1.replies.total, 60);
    assert_eq!(p1.replies.items.len(), 50);
    assert_eq!(p1.replies.items[0].body.as_deref(), Some("Reply 1"));
    assert_eq!(p1.first.body.as_deref(), Some("Three"));
    let p2 = d::thread(&mut c, &a, third, 2).unwrap();
    assert_eq!(p2.replies.items.len(), 10);
    assert_eq!(p2.replies.items[9].id, last.post);
    assert_eq!(d::threads(&mut c, &a, 1).unwrap().items[0].replies, 60);
});

db_test!(fn locked_discussions_refuse_replies_and_edits_with_a_clear_message(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let id = d::start(&mut c, &site(), &a, "Title", "Hello", now()).unwrap();
    let post = d::thread(&mut c, &a, id, 1).unwrap().first.id;
    let co = access(&mut c, Some(&f.co), &f.group);
    assert!(matches!(d::set_locked(&mut c, &a, id, true), Err(CommunityError::NotAllowed)));
    d::set_locked(&mut c, &co, id, true).unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    match d::reply(&mut c, &site(), &b, id, "Late", now()) {
        Err(CommunityError::Invalid { field: "body", message }) => assert_eq!(message, d::LOCKED),
        other => panic!("{other:?}"),
    }
    assert!(matches!(d::edit(&mut c, &a, post, None, "Changed", now()), Err(CommunityError::Invalid { field: "body", .. })));
    assert!(!d::thread(&mut c, &a, id, 1).unwrap().first.editable);
    d::set_locked(&mut c, &co, id, false).unwrap();
    d::reply(&mut c, &site(), &b, id, "Now", now()).unwrap();
});

db_test!(fn hidden_posts_show_a_note_to_members_and_the_text_to_organisers(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let id = d::start(&mut c, &site(), &a, "Rude title", "Rude words", now()).unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    let reply = d::reply(&mut c, &site(), &b, id, "Unkind reply", now()).unwrap().post;
    let first = d::thread(&mut c, &a, id, 1).unwrap().first.id;
    assert!(matches!(d::set_hidden(&mut c, &a, reply, true, now()), Err(CommunityError::NotAllowed)));
    let m = access(&mut c, Some(&f.editor), &f.group);
    assert_eq!(d::set_hidden(&mut c, &m, reply, true, now()).unwrap(), id);
    d::set_hidden(&mut c, &m, first, true, now()).unwrap();

    let seen = d::thread(&mut c, &b, id, 1).unwrap();
    assert_eq!(seen.title, d::HIDDEN_TITLE);
    assert!(seen.first.hidden && seen.first.body.is_none());
    assert!(seen.replies.items[0].hidden && seen.replies.items[0].body.is_none());
    assert!(!seen.replies.items[0].editable, "a hidden post cannot be edited");
    assert!(matches!(d::edit(&mut c, &b, reply, None, "Sorry", now()), Err(CommunityError::Invalid { .. })));
    assert_eq!(d::threads(&mut c, &b, 1).unwrap().items[0].title, d::HIDDEN_TITLE);
    let org = access(&mut c, Some(&f.organiser), &f.group);
    let moderated = d::thread(&mut c, &org, id, 1).unwrap();
    assert_eq!(moderated.title, "Rude title");
    assert_eq!(moderated.replies.items[0].body.as_deref(), Some("Unkind reply"));
    assert!(moderated.replies.items[0].hidden);
    assert_eq!(d::threads(&mut c, &org, 1).unwrap().items[0].title, "Rude title");

    d::set_hidden(&mut c, &m, reply, false, now()).unwrap();
    let seen = d::thread(&mut c, &b, id, 1).unwrap();
    assert_eq!(seen.replies.items[0].body.as_deref(), Some("Unkind reply"));
    assert!(seen.replies.items[0].editable);
});

db_test!(fn authors_edit_their_own_posts_and_organisers_see_every_wording(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    // Whole seconds: PostgreSQL keeps microseconds, Rust has nanoseconds.
    let t0 = chrono::Timelike::with_nanosecond(&now(), 0).unwrap();
    let id = d::start(&mut c, &site(), &a, "Walk on Sunday", "Meet at ten", t0).unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    let reply = d::reply(&mut c, &site(), &b, id, "I will come", t0).unwrap().post;
    let first = d::thread(&mut c, &a, id, 1).unwrap().first.id;

    // Only the author edits.
    assert!(matches!(d::edit(&mut c, &b, first, None, "Mine now", t0), Err(CommunityError::NotAllowed)));
    let m = access(&mut c, Some(&f.organiser), &f.group);
    assert!(matches!(d::edit(&mut c, &m, first, None, "Mine now", t0), Err(CommunityError::NotAllowed)));
    // Bad input changes nothing.
    assert!(matches!(d::edit(&mut c, &a, first, Some(""), "Meet at eleven", t0), Err(CommunityError::Invalid { field: "title", .. })));
    // Changing nothing keeps no version.
    d::edit(&mut c, &a, first, Some("Walk on Sunday"), "Meet at ten", t0).unwrap();
    assert!(d::history(&mut c, &m, first).unwrap().versions.is_empty());

    let t1 = t0 + Duration::minutes(5);
    d::edit(&mut c, &a, first, Some("Walk on Saturday"), "Meet at eleven", t1).unwrap();
    let t2 = t0 + Duration::minutes(9);
    d::edit(&mut c, &a, first, Some("Walk on Saturday"), "Meet at half eleven", t2).unwrap();
    d::edit(&mut c, &b, reply, None, "I will come, with my dog", t2).unwrap();

    let view = d::thread(&mut c, &b, id, 1).unwrap();
    assert_eq!(view.title, "Walk on Saturday");
    assert!(view.first.edited && view.replies.items[0].edited);
    assert_eq!(view.first.body.as_deref(), Some("Meet at half eleven"));

    assert!(matches!(d::history(&mut c, &a, first), Err(CommunityError::NotAllowed)), "organisers only");
    let h = d::history(&mut c, &m, first).unwrap();
    assert!(h.first);
    assert_eq!(h.post.body, "Meet at half eleven");
    let wordings: Vec<(&str, &str)> = h.versions.iter().map(|v| (v.title.as_str(), v.body.as_str())).collect();
    assert_eq!(wordings, vec![("Walk on Saturday", "Meet at eleven"), ("Walk on Sunday", "Meet at ten")]);
    assert_eq!(h.versions[1].replaced_at, t1);
    assert_eq!(h.versions[0].written_at, t1);
    let co = access(&mut c, Some(&f.co), &f.group);
    let h = d::history(&mut c, &co, reply).unwrap();
    assert_eq!(h.versions.len(), 1);
    assert_eq!(h.versions[0].title, "");

    // Someone who left can no longer edit.
    groups::leave(&mut c, f.bob.person_id, f.group.id).unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    assert!(matches!(d::edit(&mut c, &b, reply, None, "Bye", t2), Err(CommunityError::NotAllowed)));
});

db_test!(fn a_reply_emails_the_earlier_writers_who_are_still_members_once_each(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let id = d::start(&mut c, &site(), &a, "Picnic <plans>", "Bring food", now()).unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    d::reply(&mut c, &site(), &b, id, "Sandwiches", now()).unwrap();
    assert_eq!(outbox_to(&mut c, "ann@example.org").len(), 1, "the author hears of the reply");
    assert!(outbox_to(&mut c, "bob@example.org").is_empty(), "not the replier");
    d::reply(&mut c, &site(), &b, id, "And cake", now()).unwrap();
    assert_eq!(outbox_to(&mut c, "ann@example.org").len(), 2);
    let co = access(&mut c, Some(&f.co), &f.group);
    let r = d::reply(&mut c, &site(), &co, id, "Crisps", now()).unwrap();
    assert_eq!(outbox_to(&mut c, "ann@example.org").len(), 3);
    let to_bob = outbox_to(&mut c, "bob@example.org");
    assert_eq!(to_bob.len(), 1, "one email per reply, however often bob wrote");
    assert!(to_bob[0].subject.contains("Picnic <plans>"));
    assert!(to_bob[0].text_body.contains(&format!("/groups/walkers/discussions/{id}?page=1#post-{}", r.post)));
    assert!(outbox_to(&mut c, "co@example.org").is_empty());
    // Someone who left hears nothing more.
    groups::leave(&mut c, f.bob.person_id, f.group.id).unwrap();
    d::reply(&mut c, &site(), &a, id, "See you there", now()).unwrap();
    assert_eq!(outbox_to(&mut c, "bob@example.org").len(), 1);
    assert_eq!(outbox_to(&mut c, "co@example.org").len(), 1);
    assert!(outbox_to(&mut c, "co@example.org")[0].text_body.contains("/groups/walkers/discussions#emails"), "how to stop them");
    // Someone who asked for none gets none; asking again starts them.
    assert!(d::reply_emails(&mut c, &co).unwrap());
    d::set_reply_emails(&mut c, &co, false, now()).unwrap();
    assert!(!d::reply_emails(&mut c, &co).unwrap());
    d::reply(&mut c, &site(), &a, id, "Anyone else?", now()).unwrap();
    assert_eq!(outbox_to(&mut c, "co@example.org").len(), 1);
    d::set_reply_emails(&mut c, &co, true, now()).unwrap();
    d::set_reply_emails(&mut c, &co, true, now()).unwrap();
    d::reply(&mut c, &site(), &a, id, "Last call", now()).unwrap();
    assert_eq!(outbox_to(&mut c, "co@example.org").len(), 2);
    // Non-members have no such setting.
    let stranger = access(&mut c, Some(&f.stranger), &f.group);
    assert!(matches!(d::set_reply_emails(&mut c, &stranger, false, now()), Err(CommunityError::NotAllowed)));
});

db_test!(fn a_reply_whose_email_cannot_be_queued_is_not_saved(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let id = d::start(&mut c, &site(), &a, "Title", "Hello", now()).unwrap();
    use store::diesel::connection::SimpleConnection;
    c.batch_execute("DROP TABLE outbox_attachments; DROP TABLE outbox").unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    let outcome = c.transaction(|c| d::reply(c, &site(), &b, id, "Hi", now()));
    assert!(matches!(outcome, Err(CommunityError::Mail(_))), "{outcome:?}");
    let view = d::thread(&mut c, &b, id, 1).unwrap();
    assert_eq!(view.replies.total, 0);
    assert_eq!(view.thread.replies, 0);
});

db_test!(fn a_page_read_once_serves_each_reader_as_their_own(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let id = d::start(&mut c, &site(), &a, "Picnic", "Bring a blanket", now()).unwrap();
    let b = access(&mut c, Some(&f.bob), &f.group);
    let bobs = d::reply(&mut c, &site(), &b, id, "I will bring cake", now()).unwrap().post;
    let co = access(&mut c, Some(&f.co), &f.group);
    let rude = d::reply(&mut c, &site(), &co, id, "Something unkind", now()).unwrap().post;
    let m = access(&mut c, Some(&f.organiser), &f.group);
    d::set_hidden(&mut c, &m, rude, true, now()).unwrap();
    d::set_public(&mut c, &m, true, now()).unwrap();
    community::blocks::block(&mut c, f.ann.person_id, f.bob.person_id, now()).unwrap();

    // Read once, as it is for everyone; then each reader sees their own page.
    let shared = d::shared_thread(&mut c, f.group.id, id, 1).unwrap();
    let body_of = |v: &d::ThreadView, post: i32| v.replies.items.iter().find(|p| p.id == post).unwrap().body.clone();
    let name_of = |v: &d::ThreadView, post: i32| v.replies.items.iter().find(|p| p.id == post).unwrap().author.clone();

    let a = access(&mut c, Some(&f.ann), &f.group);
    let ann = d::thread_with(&mut c, &a, &shared).unwrap();
    assert_eq!(body_of(&ann, bobs), None, "Ann blocked Bob");
    assert!(ann.replies.items.iter().find(|p| p.id == bobs).unwrap().blocked);
    assert_eq!(body_of(&ann, rude), None, "hidden from members");
    assert_eq!(name_of(&ann, bobs), "bob", "a fellow member's name");
    assert!(ann.first.editable, "her own post");

    let org = d::thread_with(&mut c, &m, &shared).unwrap();
    assert_eq!(body_of(&org, bobs).as_deref(), Some("I will bring cake"));
    assert_eq!(body_of(&org, rude).as_deref(), Some("Something unkind"), "organisers read what they hid");
    assert!(!org.first.editable);

    for who in [Some(&f.stranger), None] {
        let w = access(&mut c, who, &f.group);
        let v = d::thread_with(&mut c, &w, &shared).unwrap();
        assert_eq!(body_of(&v, bobs).as_deref(), Some("I will bring cake"));
        assert_eq!(name_of(&v, bobs), community::profiles::A_MEMBER, "names show to fellow members only");
        assert_eq!(v.replies.total, 2);
    }

    // Someone who left the group shows by name only to those who still share one with them.
    let t = now();
    let other = l::insert(&mut c, &listing(Kind::Group, "Readers", 22, t), &Tags::default()).unwrap();
    groups::join(&mut c, f.bob.person_id, other.id, "", t).unwrap();
    groups::leave(&mut c, f.bob.person_id, f.group.id).unwrap();
    groups::join(&mut c, f.stranger.person_id, other.id, "", t).unwrap();
    let shared = d::shared_thread(&mut c, f.group.id, id, 1).unwrap();
    let s = access(&mut c, Some(&f.stranger), &f.group);
    let stranger = d::thread_with(&mut c, &s, &shared).unwrap();
    assert_eq!(name_of(&stranger, bobs), "bob", "they share the readers' group");
    let co_view = d::thread_with(&mut c, &co, &shared).unwrap();
    assert_eq!(name_of(&co_view, bobs), community::profiles::A_MEMBER, "no group in common any more");

    // A reply waiting for a moderator is its author's alone: the shared page
    // leaves it out, and its author gets the page with it in place.
    let newcomer = accounts::flows::create_user(&mut c, "new@example.org", None, &[], None, now()).unwrap().0.id;
    groups::join(&mut c, newcomer, f.group.id, "", now()).unwrap();
    let newcomer = Actor { person_id: newcomer, roles: Roles::of(&[]), verified: true, organiser_of: vec![] };
    let n = access(&mut c, Some(&newcomer), &f.group);
    let held = d::reply(&mut c, &site(), &n, id, "Visit https://spam.example", now()).unwrap();
    assert!(held.held);
    let shared = d::shared_thread(&mut c, f.group.id, id, 1).unwrap();
    let own = d::thread_with(&mut c, &n, &shared).unwrap();
    assert!(own.replies.items.iter().any(|p| p.id == held.post && p.held));
    assert_eq!(own.replies.total, 3);
    let a = access(&mut c, Some(&f.ann), &f.group);
    let ann = d::thread_with(&mut c, &a, &shared).unwrap();
    assert!(ann.replies.items.iter().all(|p| p.id != held.post));
    assert_eq!(ann.replies.total, 2);

    // Another group's reader cannot be served this group's page.
    let o = access(&mut c, Some(&f.stranger), &other);
    assert!(matches!(d::thread_with(&mut c, &o, &shared), Err(CommunityError::NotFound { .. })));
});
