//! Safety and moderation on both databases: reports and who sees them,
//! each decision's effect and its log row, rate limits for new accounts,
//! and posts held for a moderator.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::sync::Arc;

use accounts::{Actor, Role, Roles};
use chrono::{Duration, NaiveDateTime};
use community::discussions::{self as d, Access};
use community::moderation::{self as m, Decision, Subject};
use community::safety::{self, Activity, Rules, WordList};
use community::{groups, CommunityError};
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Kind, Listing};
use store::diesel::prelude::*;
use store::schema::{moderation_log, people};
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

/// An account made `days` days ago.
fn actor(conn: &mut AnyConnection, email: &str, organiser_of: Vec<i32>, roles: &[Role], days: i64) -> Actor {
    let id = accounts::flows::create_user(conn, email, None, roles, None, now())
        .unwrap()
        .0
        .id;
    store::diesel::update(people::table.find(id))
        .set(people::created_at.eq(now() - Duration::days(days)))
        .execute(conn)
        .unwrap();
    Actor {
        person_id: id,
        roles: Roles::of(roles),
        verified: true,
        organiser_of,
    }
}

/// A group of an organisation with its organiser; Ann (an account made
/// today) and Bob (a year old) are members; an organiser of another
/// organisation, a stranger and an editor.
struct Fixture {
    group: Listing,
    event: Listing,
    organiser: Actor,
    other_organiser: Actor,
    ann: Actor,
    bob: Actor,
    stranger: Actor,
    editor: Actor,
}

fn fixture(conn: &mut AnyConnection) -> Fixture {
    let t = now();
    let org = l::insert(conn, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let other = l::insert(conn, &listing(Kind::Organisation, "Others", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let group = l::insert(conn, &g, &Tags::default()).unwrap();
    let mut e = listing(Kind::Event, "Picnic", 22, t);
    e.organisation_id = Some(org.id);
    let event = l::insert(conn, &e, &Tags::default()).unwrap();
    let organiser = actor(conn, "org@example.org", vec![org.id], &[], 400);
    let other_organiser = actor(conn, "other@example.org", vec![other.id], &[], 400);
    let ann = actor(conn, "ann@example.org", vec![], &[], 0);
    let bob = actor(conn, "bob@example.org", vec![], &[], 365);
    let stranger = actor(conn, "stranger@example.org", vec![], &[], 365);
    let editor = actor(conn, "editor@example.org", vec![], &[Role::Editor], 365);
    for p in [&ann, &bob] {
        groups::join(conn, p.person_id, group.id, "", t).unwrap();
    }
    Fixture {
        group,
        event,
        organiser,
        other_organiser,
        ann,
        bob,
        stranger,
        editor,
    }
}

fn access(conn: &mut AnyConnection, who: &Actor, group: &Listing) -> Access {
    d::access(conn, Some(who), group.id).unwrap()
}

fn refused_on(r: Result<impl std::fmt::Debug, CommunityError>, field: &str) -> String {
    match r {
        Err(CommunityError::Invalid { field: f, message }) if f == field => message,
        other => panic!("expected a refusal on {field}, got {other:?}"),
    }
}

fn log_actions(conn: &mut AnyConnection) -> Vec<(String, Option<i32>, String)> {
    moderation_log::table
        .order(moderation_log::id)
        .select((
            moderation_log::action,
            moderation_log::subject_person_id,
            moderation_log::reason,
        ))
        .load(conn)
        .unwrap()
}

db_test!(fn reports_are_made_once_and_seen_by_the_groups_organisers_and_editors(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let b = access(&mut c, &f.bob, &f.group);
    let thread = d::start(&mut c, &b, "Walk", "Anyone for Sunday?", now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;

    let first = m::report(&mut c, &f.ann, Subject::Post, post, "unkind", "It upset me", now()).unwrap();
    let again = refused_on(m::report(&mut c, &f.ann, Subject::Post, post, "spam", "", now()), "reason");
    assert_eq!(again, m::ALREADY_REPORTED);
    assert_eq!(m::open_report_by(&mut c, f.ann.person_id, Subject::Post, post).unwrap(), Some(first));
    refused_on(m::report(&mut c, &f.bob, Subject::Post, post, "spam", "", now()), "reason");
    refused_on(m::report(&mut c, &f.ann, Subject::Group, f.group.id, "nonsense", "", now()), "reason");
    refused_on(m::report(&mut c, &f.ann, Subject::Group, f.group.id, "spam", "Nul \0", now()), "details");
    // Someone who cannot read the group's discussions cannot report its posts.
    assert!(matches!(m::report(&mut c, &f.stranger, Subject::Post, post, "spam", "", now()), Err(CommunityError::NotFound { .. })));
    let event_report = m::report(&mut c, &f.stranger, Subject::Event, f.event.id, "unsafe", "", now()).unwrap();
    let person_report = m::report(&mut c, &f.stranger, Subject::Person, f.bob.person_id, "private", "", now()).unwrap();

    let ids = |p: directory::listing::Page<m::Summary>| p.items.iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(m::site_queue(&mut c, &f.editor, 1).unwrap()), vec![person_report, event_report, first], "newest first");
    // The organisers see their group's post and their event, not the person.
    assert_eq!(ids(m::organiser_queue(&mut c, &f.organiser, 1).unwrap()), vec![event_report, first]);
    assert!(matches!(m::organiser_queue(&mut c, &f.other_organiser, 1), Err(CommunityError::NotAllowed)));
    assert!(matches!(m::organiser_queue(&mut c, &f.ann, 1), Err(CommunityError::NotAllowed)));
    for nobody in [&f.organiser, &f.ann] {
        assert!(matches!(m::site_queue(&mut c, nobody, 1), Err(CommunityError::NotAllowed)));
        assert!(matches!(m::log(&mut c, nobody, 1), Err(CommunityError::NotAllowed)));
    }
    assert!(matches!(m::view(&mut c, &f.organiser, person_report, now()), Err(CommunityError::NotAllowed)));
    assert!(matches!(m::view(&mut c, &f.other_organiser, first, now()), Err(CommunityError::NotAllowed)));
    let v = m::view(&mut c, &f.organiser, first, now()).unwrap();
    assert_eq!((v.text.as_str(), v.reporter.as_deref(), v.person.as_deref()), ("Anyone for Sunday?", Some("ann"), Some("bob")));
    assert!(v.powers.group && !v.powers.site);
    // Reading a report is audit-logged against the person it is about.
    let audit = accounts::audit::about(&mut c, f.bob.person_id, 10).unwrap();
    assert!(audit.iter().any(|e| e.action == "moderation.report_viewed" && e.actor_id == Some(f.organiser.person_id)));

    // Notes between moderators, listed with their author.
    refused_on(m::add_note(&mut c, &f.organiser, first, "  ", now()), "note");
    m::add_note(&mut c, &f.organiser, first, "I will talk to Bob.", now()).unwrap();
    m::add_note(&mut c, &f.editor, first, "Thanks.", now()).unwrap();
    assert!(matches!(m::add_note(&mut c, &f.ann, first, "Me too", now()), Err(CommunityError::NotAllowed)));
    let notes = m::view(&mut c, &f.editor, first, now()).unwrap().notes;
    assert_eq!(notes.iter().map(|n| (n.author.as_str(), n.body.as_str())).collect::<Vec<_>>(), vec![("org", "I will talk to Bob."), ("editor", "Thanks.")]);

    // Dismissing closes it (and lets Ann report again later), and is logged.
    refused_on(m::decide(&mut c, &site(), &f.organiser, first, Decision::Dismiss, "", now()), "why");
    m::decide(&mut c, &site(), &f.organiser, first, Decision::Dismiss, "It was a misunderstanding", now()).unwrap();
    refused_on(m::decide(&mut c, &site(), &f.organiser, first, Decision::Dismiss, "Again", now()), "decision");
    assert_eq!(ids(m::organiser_queue(&mut c, &f.organiser, 1).unwrap()), vec![event_report]);
    assert_eq!(m::open_report_by(&mut c, f.ann.person_id, Subject::Post, post).unwrap(), None);
    assert_eq!(log_actions(&mut c), vec![("dismiss".to_owned(), Some(f.bob.person_id), "It was a misunderstanding".to_owned())]);
    let log = m::log(&mut c, &f.editor, 1).unwrap();
    assert_eq!((log.items[0].moderator.as_str(), log.items[0].person.as_deref()), ("org", Some("bob")));
});

db_test!(fn each_decision_does_what_it_says_and_is_logged(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let b = access(&mut c, &f.bob, &f.group);
    let thread = d::start(&mut c, &b, "Walk", "Something unkind", now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;
    let report = |c: &mut AnyConnection, by: &Actor| m::report(c, by, Subject::Post, post, "unkind", "", now()).unwrap();

    // Hide: the discussions' own hide; other open reports of it close too.
    let r1 = report(&mut c, &f.ann);
    let r2 = report(&mut c, &f.organiser);
    m::decide(&mut c, &site(), &f.organiser, r1, Decision::Hide, "Unkind", now()).unwrap();
    let a = access(&mut c, &f.ann, &f.group);
    assert!(d::thread(&mut c, &a, thread, 1).unwrap().first.body.is_none(), "hidden from members");
    assert!(m::view(&mut c, &f.editor, r2, now()).unwrap().report.closed_at.is_some());

    // Warn: an email in the outbox, in the moderator's words.
    let r = report(&mut c, &f.ann);
    m::decide(&mut c, &site(), &f.organiser, r, Decision::Warn, "Please be kinder to Ann.", now()).unwrap();
    let to_bob: Vec<_> = mail::pending(&mut c, 100).unwrap().into_iter().filter(|e| e.to_address == "bob@example.org").collect();
    assert_eq!(to_bob.len(), 1);
    assert!(to_bob[0].text_body.contains("Please be kinder to Ann."));

    // Organisers neither suspend nor ban from the site.
    let r = report(&mut c, &f.ann);
    refused_on(m::decide(&mut c, &site(), &f.organiser, r, Decision::Suspend { days: 3 }, "No", now()), "decision");
    refused_on(m::decide(&mut c, &site(), &f.organiser, r, Decision::BanFromSite, "No", now()), "decision");
    assert!(matches!(m::decide(&mut c, &site(), &f.other_organiser, r, Decision::Dismiss, "No", now()), Err(CommunityError::NotAllowed)));
    refused_on(Decision::parse("suspend", "0"), "days");
    refused_on(Decision::parse("suspend", "many"), "days");
    refused_on(Decision::parse("explode", ""), "decision");

    // Suspend: Bob cannot post, reply or say he is going, and hears why and until when.
    m::decide(&mut c, &site(), &f.editor, r, Decision::Suspend { days: 3 }, "Repeated unkindness", now()).unwrap();
    let message = refused_on(d::reply(&mut c, &site(), &b, thread, "Hello", now()), "body");
    assert!(message.contains("suspended until") && message.contains("Repeated unkindness"), "{message}");
    refused_on(d::start(&mut c, &b, "New", "Hello", now()), "body");
    refused_on(safety::check_rate(&mut c, &Rules::default(), f.bob.person_id, Activity::Message, now()), "body");
    let at = f.event.starts_at.unwrap();
    refused_on(community::events::going(&mut c, f.bob.person_id, f.event.id, at, now()), "session");
    // Four days later it is over.
    assert!(safety::check_rate(&mut c, &Rules::default(), f.bob.person_id, Activity::Post, now() + Duration::days(4)).is_ok());

    // Ban from the group: out, and kept out.
    let r = report(&mut c, &f.ann);
    m::decide(&mut c, &site(), &f.organiser, r, Decision::BanFromGroup, "Not welcome here", now()).unwrap();
    assert_eq!(groups::membership(&mut c, f.group.id, f.bob.person_id).unwrap(), groups::Membership::None);
    assert_eq!(refused_on(groups::join(&mut c, f.bob.person_id, f.group.id, "", now()), "group"), m::BANNED_FROM_GROUP);
    assert!(m::banned_from(&mut c, f.group.id, f.bob.person_id).unwrap());

    // Ban from the site: sessions revoked, no new ones.
    let keys = accounts::Keys::new(&[7u8; 32]).unwrap();
    let (session, _) = accounts::session::start(&mut c, &keys, f.bob.person_id, "test", now()).unwrap();
    let r = m::report(&mut c, &f.stranger, Subject::Person, f.bob.person_id, "unsafe", "", now()).unwrap();
    refused_on(m::decide(&mut c, &site(), &f.editor, r, Decision::Hide, "Not a post", now()), "decision");
    m::decide(&mut c, &site(), &f.editor, r, Decision::BanFromSite, "Threats", now()).unwrap();
    assert!(accounts::session::active(&mut c, f.bob.person_id, now()).unwrap().iter().all(|s| s.id != session.id));
    assert!(matches!(accounts::session::start(&mut c, &keys, f.bob.person_id, "test", now()), Err(accounts::AccountError::Banned)));

    let actions: Vec<String> = log_actions(&mut c).into_iter().map(|(a, p, _)| {
        assert_eq!(p, Some(f.bob.person_id));
        a
    }).collect();
    assert_eq!(actions, vec!["hide", "warn", "suspend", "ban_group", "ban_site"]);
    let log = m::log(&mut c, &f.editor, 1).unwrap();
    assert_eq!(log.items[0].reason, "Threats", "newest first");
    assert_eq!(log.items[0].moderator, "editor");
});

db_test!(fn new_accounts_may_post_five_an_hour_and_twenty_a_day(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = access(&mut c, &f.ann, &f.group);
    let t0 = now();
    let thread = d::start(&mut c, &a, "Hello", "I am new here", t0).unwrap();
    for i in 1..safety::POSTS_PER_HOUR {
        d::reply(&mut c, &site(), &a, thread, &format!("Reply {i}"), t0 + Duration::minutes(i)).unwrap();
    }
    // Exactly at the limit: the sixth in the hour is refused, and nothing is saved.
    let message = refused_on(d::reply(&mut c, &site(), &a, thread, "One more", t0 + Duration::minutes(30)), "body");
    assert!(message.contains("5 posts in an hour"), "{message}");
    assert_eq!(d::thread(&mut c, &a, thread, 1).unwrap().replies.total, safety::POSTS_PER_HOUR - 1);
    // An hour after the first, one more is allowed.
    d::reply(&mut c, &site(), &a, thread, "Later", t0 + Duration::minutes(61)).unwrap();
    // Messages are counted apart from posts.
    safety::check_rate(&mut c, &Rules::default(), f.ann.person_id, Activity::Message, t0 + Duration::minutes(30)).unwrap();

    // The day: spread out, twenty and no more.
    let mut at = t0 + Duration::minutes(61);
    let mut posted = safety::POSTS_PER_HOUR + 1;
    while posted < safety::POSTS_PER_DAY {
        at += Duration::minutes(70);
        d::reply(&mut c, &site(), &a, thread, "More", at).unwrap();
        posted += 1;
    }
    let message = refused_on(d::reply(&mut c, &site(), &a, thread, "Too many", at + Duration::minutes(70)), "body");
    assert!(message.contains("20 posts in a day"), "{message}");

    // Bob's account is a year old: no limit.
    let b = access(&mut c, &f.bob, &f.group);
    for i in 0..(safety::POSTS_PER_HOUR + 2) {
        d::reply(&mut c, &site(), &b, thread, "Old hand", t0 + Duration::seconds(i)).unwrap();
    }
    // A site can say how long accounts count as new.
    let lenient = Rules { new_account_age: Duration::zero(), ..Rules::default() };
    assert!(!safety::is_new(&mut c, &lenient, f.ann.person_id, now()).unwrap());
    assert!(safety::is_new(&mut c, &Rules::default(), f.ann.person_id, now()).unwrap());
});

db_test!(fn links_from_new_accounts_wait_for_a_moderator_and_approval_publishes_them(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let b = access(&mut c, &f.bob, &f.group);
    let thread = d::start(&mut c, &b, "Walk", "See https://example.org/walk", now()).unwrap();
    assert!(!d::thread(&mut c, &b, thread, 1).unwrap().first.held, "an old account's link is not held");

    let a = access(&mut c, &f.ann, &f.group);
    let r = d::reply(&mut c, &site(), &a, thread, "Cheap pills at www.example.com", now()).unwrap();
    assert!(r.held);
    // Ann sees it, marked; Bob and the organisers do not.
    let mine = d::thread(&mut c, &a, thread, 1).unwrap();
    assert!(mine.replies.items.iter().any(|p| p.id == r.post && p.held));
    for who in [&f.bob, &f.organiser] {
        let w = access(&mut c, who, &f.group);
        let v = d::thread(&mut c, &w, thread, 1).unwrap();
        assert!(v.replies.items.iter().all(|p| p.id != r.post));
        assert_eq!(v.replies.total, 0);
    }
    // A whole discussion held is its author's alone.
    let held_thread = d::start(&mut c, &a, "Offer", "Visit https://spam.example", now()).unwrap();
    assert!(d::threads(&mut c, &a, 1).unwrap().items.iter().any(|t| t.id == held_thread && t.held));
    assert!(d::threads(&mut c, &b, 1).unwrap().items.iter().all(|t| t.id != held_thread));
    assert!(matches!(d::thread(&mut c, &b, held_thread, 1), Err(CommunityError::NotFound { .. })));
    // Nobody but Ann can report a post they cannot see.
    assert!(matches!(m::report(&mut c, &f.bob, Subject::Post, r.post, "spam", "", now()), Err(CommunityError::NotFound { .. })));

    // Both are in the queues, from the safety rules.
    let queue = m::organiser_queue(&mut c, &f.organiser, 1).unwrap();
    assert_eq!(queue.total, 2);
    assert!(queue.items.iter().all(|s| s.held && s.reporter.is_none()));
    let reply_report = queue.items.iter().find(|s| s.text.contains("Cheap pills")).unwrap().id;
    refused_on(m::decide(&mut c, &site(), &f.organiser, reply_report, Decision::Dismiss, "Fine", now()), "decision");
    m::decide(&mut c, &site(), &f.organiser, reply_report, Decision::Approve, "A real shop", now()).unwrap();
    let v = d::thread(&mut c, &b, thread, 1).unwrap();
    assert!(v.replies.items.iter().any(|p| p.id == r.post && !p.held), "published");
    assert_eq!(d::threads(&mut c, &b, 1).unwrap().items.iter().find(|t| t.id == thread).unwrap().replies, 1);
    let thread_report = m::site_queue(&mut c, &f.editor, 1).unwrap().items[0].id;
    refused_on(m::decide(&mut c, &site(), &f.editor, thread_report, Decision::Approve, "", now()), "why");
    m::decide(&mut c, &site(), &f.editor, thread_report, Decision::Hide, "Spam", now()).unwrap();
    let seen = d::thread(&mut c, &b, held_thread, 1).unwrap();
    assert!(seen.first.hidden && seen.first.body.is_none(), "hidden, no longer held");
    assert_eq!(m::site_queue(&mut c, &f.editor, 1).unwrap().total, 0);
});

db_test!(fn listed_words_hold_posts_from_anyone(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let rules = Arc::new(Rules { words: WordList::parse("# test list\nbadword\ncheap loans"), ..Rules::default() });
    let b = access(&mut c, &f.bob, &f.group).with_rules(rules.clone());
    let thread = d::start(&mut c, &b, "Walk", "Nice day", now()).unwrap();
    let r = d::reply(&mut c, &site(), &b, thread, "Get CHEAP   loans here", now()).unwrap();
    assert!(r.held, "a listed phrase, whatever its case and spacing");
    assert!(!d::reply(&mut c, &site(), &b, thread, "Badwordsmith is a name", now()).unwrap().held, "not inside words");
    let a = access(&mut c, &f.ann, &f.group).with_rules(rules);
    assert!(d::thread(&mut c, &a, thread, 1).unwrap().replies.items.iter().all(|p| p.id != r.post));
    let report = m::site_queue(&mut c, &f.editor, 1).unwrap().items[0].clone();
    assert_eq!(report.reason, m::reason_label("held_word"));
    assert!(m::view(&mut c, &f.editor, report.id, now()).unwrap().report.details.contains("cheap loans"));
    m::decide(&mut c, &site(), &f.editor, report.id, Decision::Approve, "About a charity's advice", now()).unwrap();
    assert!(d::thread(&mut c, &a, thread, 1).unwrap().replies.items.iter().any(|p| p.id == r.post));
    assert_eq!(log_actions(&mut c)[0].0, "approve");
});
