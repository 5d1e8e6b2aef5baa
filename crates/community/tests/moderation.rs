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
    let thread = d::start(&mut c, &site(), &b, "Walk", "Anyone for Sunday?", now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;

    let first = m::report(&mut c, &site(), &f.ann, Subject::Post, post, "unkind", "It upset me", now()).unwrap();
    let again = refused_on(m::report(&mut c, &site(), &f.ann, Subject::Post, post, "spam", "", now()), "reason");
    assert_eq!(again, m::ALREADY_REPORTED);
    assert_eq!(m::open_report_by(&mut c, f.ann.person_id, Subject::Post, post).unwrap(), Some(first));
    refused_on(m::report(&mut c, &site(), &f.bob, Subject::Post, post, "spam", "", now()), "reason");
    refused_on(m::report(&mut c, &site(), &f.ann, Subject::Group, f.group.id, "nonsense", "", now()), "reason");
    refused_on(m::report(&mut c, &site(), &f.ann, Subject::Group, f.group.id, "spam", "Nul \0", now()), "details");
    // Someone who cannot read the group's discussions cannot report its posts.
    assert!(matches!(m::report(&mut c, &site(), &f.stranger, Subject::Post, post, "spam", "", now()), Err(CommunityError::NotFound { .. })));
    let event_report = m::report(&mut c, &site(), &f.stranger, Subject::Event, f.event.id, "unsafe", "", now()).unwrap();
    let person_report = m::report(&mut c, &site(), &f.stranger, Subject::Person, f.bob.person_id, "private", "", now()).unwrap();

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
    let thread = d::start(&mut c, &site(), &b, "Walk", "Something unkind", now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;
    let report = |c: &mut AnyConnection, by: &Actor| m::report(c, &site(), by, Subject::Post, post, "unkind", "", now()).unwrap();

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
    assert_eq!(to_bob.len(), 2, "told of the hidden post, then warned");
    assert!(to_bob[1].text_body.contains("Please be kinder to Ann."));

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
    refused_on(d::start(&mut c, &site(), &b, "New", "Hello", now()), "body");
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
    let r = m::report(&mut c, &site(), &f.stranger, Subject::Person, f.bob.person_id, "unsafe", "", now()).unwrap();
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
    let thread = d::start(&mut c, &site(), &a, "Hello", "I am new here", t0).unwrap();
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
    let thread = d::start(&mut c, &site(), &b, "Walk", "See https://example.org/walk", now()).unwrap();
    assert!(!d::thread(&mut c, &b, thread, 1).unwrap().first.held, "an old account's link is not held");

    let a = access(&mut c, &f.ann, &f.group);
    let r = d::reply(&mut c, &site(), &a, thread, "Cheap pills at www.example.com", now()).unwrap();
    assert!(r.held);
    // Ann sees it, marked; Bob and the organisers do not.
    let mine = d::thread(&mut c, &a, thread, 1).unwrap();
    assert!(mine.replies.items.iter().any(|p| p.id == r.post && p.held));
    assert_eq!(mine.replies.total, 1, "her own held reply counts for her");
    for who in [&f.bob, &f.organiser] {
        let w = access(&mut c, who, &f.group);
        let v = d::thread(&mut c, &w, thread, 1).unwrap();
        assert!(v.replies.items.iter().all(|p| p.id != r.post));
        assert_eq!(v.replies.total, 0);
    }
    // A whole discussion held is its author's alone.
    let held_thread = d::start(&mut c, &site(), &a, "Offer", "Visit https://spam.example", now()).unwrap();
    assert!(d::threads(&mut c, &a, 1).unwrap().items.iter().any(|t| t.id == held_thread && t.held));
    assert!(d::threads(&mut c, &b, 1).unwrap().items.iter().all(|t| t.id != held_thread));
    assert!(matches!(d::thread(&mut c, &b, held_thread, 1), Err(CommunityError::NotFound { .. })));
    let own = d::thread(&mut c, &a, held_thread, 1).unwrap();
    assert!(own.first.held, "its author sees it, marked");
    assert_eq!(own.replies.total, 0, "a held first post is not a reply");
    // Nobody but Ann can report a post they cannot see.
    assert!(matches!(m::report(&mut c, &site(), &f.bob, Subject::Post, r.post, "spam", "", now()), Err(CommunityError::NotFound { .. })));

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
    let thread = d::start(&mut c, &site(), &b, "Walk", "Nice day", now()).unwrap();
    store::diesel::insert_into(store::schema::organisers::table)
        .values((
            store::schema::organisers::listing_id.eq(f.group.organisation_id.unwrap()),
            store::schema::organisers::person_id.eq(f.organiser.person_id),
            store::schema::organisers::added_at.eq(now()),
        ))
        .execute(&mut c)
        .unwrap();
    take_mail(&mut c);
    let r = d::reply(&mut c, &site(), &b, thread, "Get CHEAP   loans here", now()).unwrap();
    assert!(r.held, "a listed phrase, whatever its case and spacing");
    // Its moderators hear of it at once, in the same transaction; Bob, who
    // wrote it, does not, and nobody who wrote in the thread is told of it.
    let sent = take_mail(&mut c);
    assert_eq!(addresses(&sent), vec!["editor@example.org", "org@example.org"]);
    for (to, subject, text) in &sent {
        assert!(subject.starts_with("Waiting for a moderator: A post by bob in Walkers"), "{to}: {subject}");
        assert!(text.contains("before anyone else can see it"), "{text}");
        assert!(text.contains("Held: a word on the site"), "{text}");
        assert!(text.contains("/moderation/reports/"), "{text}");
    }
    assert!(!d::reply(&mut c, &site(), &b, thread, "Badwordsmith is a name", now()).unwrap().held, "not inside words");
    let a = access(&mut c, &f.ann, &f.group).with_rules(rules);
    assert!(d::thread(&mut c, &a, thread, 1).unwrap().replies.items.iter().all(|p| p.id != r.post));
    let report = m::site_queue(&mut c, &f.editor, 1).unwrap().items[0].clone();
    assert_eq!(report.reason, m::reason_label("held_word"));
    assert!(m::view(&mut c, &f.editor, report.id, now()).unwrap().report.details.contains("cheap loans"));
    m::decide(&mut c, &site(), &f.editor, report.id, Decision::Approve, "About a charity's advice", now()).unwrap();
    assert!(d::thread(&mut c, &a, thread, 1).unwrap().replies.items.iter().any(|p| p.id == r.post));
    assert_eq!(log_actions(&mut c)[0].0, "approve");
    // Counted as the page shows them: two replies published, one of
    // Bob's waiting, which only Bob counts, until a moderator hides it and
    // everyone sees it as hidden.
    let waiting = d::reply(&mut c, &site(), &b, thread, "More cheap loans", now()).unwrap();
    assert!(waiting.held);
    assert_eq!(d::thread(&mut c, &a, thread, 1).unwrap().replies.total, 2);
    assert_eq!(d::thread(&mut c, &b, thread, 1).unwrap().replies.total, 3);
    let report = m::site_queue(&mut c, &f.editor, 1).unwrap().items[0].clone();
    m::decide(&mut c, &site(), &f.editor, report.id, Decision::Hide, "Spam", now()).unwrap();
    for who in [&a, &b] {
        let v = d::thread(&mut c, who, thread, 1).unwrap();
        assert_eq!((v.replies.total, v.replies.items.len()), (3, 3));
        assert!(v.replies.items.iter().any(|p| p.id == waiting.post && p.hidden && !p.held));
    }
});

/// Every email queued so far, as (to, subject, text), and the outbox
/// emptied, so each step of a test sees only what it caused.
fn take_mail(conn: &mut AnyConnection) -> Vec<(String, String, String)> {
    let all = mail::pending(conn, 1000)
        .unwrap()
        .into_iter()
        .map(|e| (e.to_address, e.subject, e.text_body))
        .collect();
    store::diesel::delete(store::schema::outbox::table)
        .execute(conn)
        .unwrap();
    all
}

fn addresses(mail: &[(String, String, String)]) -> Vec<&str> {
    let mut to: Vec<&str> = mail.iter().map(|(t, ..)| t.as_str()).collect();
    to.sort_unstable();
    to
}

db_test!(fn a_new_report_emails_its_moderators_once_each_but_not_the_reporter_or_the_reported(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    // The stranger joins and becomes a co-organiser; a second editor who is
    // also an admin is one person, emailed once.
    groups::join(&mut c, f.stranger.person_id, f.group.id, "", now()).unwrap();
    groups::set_co_organiser(&mut c, &f.editor, f.group.id, f.stranger.person_id, true).unwrap();
    let admin = actor(&mut c, "admin@example.org", vec![], &[Role::Admin, Role::Editor], 365);
    let org = f.group.organisation_id.unwrap();
    store::diesel::insert_into(store::schema::organisers::table)
        .values((
            store::schema::organisers::listing_id.eq(org),
            store::schema::organisers::person_id.eq(f.organiser.person_id),
            store::schema::organisers::added_at.eq(now()),
        ))
        .execute(&mut c)
        .unwrap();
    let b = access(&mut c, &f.bob, &f.group);
    let long = "Everyone who comes on Sunday's walk should bring a packed lunch and boots, and the rest of this is private.";
    let thread = d::start(&mut c, &site(), &b, "Walk", long, now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;
    take_mail(&mut c);

    let r = m::report(&mut c, &site(), &f.ann, Subject::Post, post, "unkind", "He said it twice", now()).unwrap();
    let sent = take_mail(&mut c);
    assert_eq!(
        addresses(&sent),
        vec!["admin@example.org", "editor@example.org", "org@example.org", "stranger@example.org"],
        "organisers, co-organisers and site moderators, once each; not Ann who reported, not Bob who wrote it"
    );
    let link = format!("http://127.0.0.1:8080/moderation/reports/{r}");
    for (to, subject, text) in &sent {
        assert!(subject.starts_with("New report: A post by bob in Walkers"), "{subject}");
        assert!(text.contains(&link), "{to}: {text}");
        assert!(text.contains("It is unkind or bullying"));
        assert!(text.contains("Everyone who comes on Sunday"), "a short excerpt");
        assert!(!text.contains("the rest of this is private"), "never the whole post: {text}");
        assert!(!text.contains("He said it twice"), "the details stay on the report page");
    }
    let (_, _, to_org) = sent.iter().find(|(t, ..)| t == "org@example.org").unwrap();
    assert!(to_org.contains("because you run Walkers"));
    let (_, _, to_editor) = sent.iter().find(|(t, ..)| t == "editor@example.org").unwrap();
    assert!(to_editor.contains("one of the site's moderators"));

    // A report about a person reaches only the site's moderators, and never
    // the person reported, even when they are one.
    m::report(&mut c, &site(), &f.bob, Subject::Person, f.editor.person_id, "unkind", "", now()).unwrap();
    assert_eq!(addresses(&take_mail(&mut c)), vec!["admin@example.org"]);
    // An editor's own report is not emailed back to them.
    m::report(&mut c, &site(), &admin, Subject::Event, f.event.id, "spam", "", now()).unwrap();
    assert_eq!(addresses(&take_mail(&mut c)), vec!["editor@example.org", "org@example.org"], "the event's organisers and the other editor");
    // A refused report emails nobody.
    refused_on(m::report(&mut c, &site(), &f.ann, Subject::Post, post, "spam", "", now()), "reason");
    assert!(take_mail(&mut c).is_empty());
});

db_test!(fn the_person_sanctioned_is_told_why_and_how_to_ask_again(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let b = access(&mut c, &f.bob, &f.group);
    let thread = d::start(&mut c, &site(), &b, "Walk", "Something unkind about Ann, said at length so it is long", now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;
    let report = |c: &mut AnyConnection| m::report(c, &site(), &f.ann, Subject::Post, post, "unkind", "", now()).unwrap();
    let to_bob = |c: &mut AnyConnection| -> Vec<(String, String)> {
        take_mail(c).into_iter().filter(|(t, ..)| t == "bob@example.org").map(|(_, s, t)| (s, t)).collect()
    };
    take_mail(&mut c);

    let r = report(&mut c);
    to_bob(&mut c);
    m::decide(&mut c, &site(), &f.organiser, r, Decision::Hide, "Unkind to another member", now()).unwrap();
    let hidden = to_bob(&mut c);
    assert_eq!(hidden.len(), 1);
    assert!(hidden[0].0.starts_with("One of your posts was hidden"));
    assert!(hidden[0].1.contains("Unkind to another member") && hidden[0].1.contains("Walkers"));
    assert!(hidden[0].1.contains(m::LOOK_AGAIN));

    let r = report(&mut c);
    m::decide(&mut c, &site(), &f.organiser, r, Decision::Warn, "Please be kinder.", now()).unwrap();
    let warned = to_bob(&mut c);
    assert_eq!(warned.len(), 1);
    assert!(warned[0].1.contains("Please be kinder.") && warned[0].1.contains(m::LOOK_AGAIN));

    let r = report(&mut c);
    let t = now();
    m::decide(&mut c, &site(), &f.editor, r, Decision::Suspend { days: 3 }, "Repeated unkindness", t).unwrap();
    let suspended = to_bob(&mut c);
    assert_eq!(suspended.len(), 1);
    assert_eq!(suspended[0].0, "Your account is suspended - Kith");
    let until = safety::suspension(&mut c, f.bob.person_id, t).unwrap().unwrap().until;
    let day = until.format("%-d %B %Y").to_string();
    assert!(suspended[0].1.contains(&day) && suspended[0].1.contains("Repeated unkindness") && suspended[0].1.contains(m::LOOK_AGAIN), "{}", suspended[0].1);

    let r = report(&mut c);
    m::decide(&mut c, &site(), &f.organiser, r, Decision::BanFromGroup, "Not welcome here", now()).unwrap();
    let banned = to_bob(&mut c);
    assert_eq!(banned.len(), 1);
    assert_eq!(banned[0].0, "You have been removed from Walkers - Kith");
    assert!(banned[0].1.contains("Not welcome here") && banned[0].1.contains(m::LOOK_AGAIN));

    let r = m::report(&mut c, &site(), &f.stranger, Subject::Person, f.bob.person_id, "unsafe", "", now()).unwrap();
    m::decide(&mut c, &site(), &f.editor, r, Decision::BanFromSite, "Threats", now()).unwrap();
    let closed = to_bob(&mut c);
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].0, "Your account is closed - Kith");
    assert!(closed[0].1.contains("Threats") && closed[0].1.contains(m::LOOK_AGAIN));

    // Dismissing tells nobody anything.
    let r = m::report(&mut c, &site(), &f.stranger, Subject::Group, f.group.id, "spam", "", now()).unwrap();
    take_mail(&mut c);
    m::decide(&mut c, &site(), &f.editor, r, Decision::Dismiss, "Fine", now()).unwrap();
    assert!(take_mail(&mut c).is_empty());
});

db_test!(fn suspensions_and_bans_can_be_lifted_and_then_the_person_takes_part_again(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let b = access(&mut c, &f.bob, &f.group);
    let thread = d::start(&mut c, &site(), &b, "Walk", "Something unkind", now()).unwrap();
    let post = d::thread(&mut c, &b, thread, 1).unwrap().first.id;
    let t = now();

    // Suspended, then lifted early from the report: he can reply again.
    let r = m::report(&mut c, &site(), &f.ann, Subject::Post, post, "unkind", "", t).unwrap();
    m::decide(&mut c, &site(), &f.editor, r, Decision::Suspend { days: 30 }, "Unkind", t).unwrap();
    refused_on(d::reply(&mut c, &site(), &b, thread, "Hello", t), "body");
    let seen = m::view(&mut c, &f.editor, r, t).unwrap().sanctions;
    assert!(seen.suspension.is_some());
    assert_eq!(seen.choices()[0].0, "suspension");
    assert!(m::view(&mut c, &f.organiser, r, t).unwrap().sanctions.is_empty(), "organisers neither see nor lift a suspension");
    assert!(matches!(m::lift(&mut c, &site(), &f.organiser, f.bob.person_id, m::Lift::Suspension, "Sorry", Some(r), t), Err(CommunityError::NotAllowed)));
    refused_on(m::lift(&mut c, &site(), &f.editor, f.bob.person_id, m::Lift::Suspension, " ", Some(r), t), "lift_why");
    take_mail(&mut c);
    m::lift(&mut c, &site(), &f.editor, f.bob.person_id, m::Lift::Suspension, "He apologised to Ann", Some(r), t).unwrap();
    let told = take_mail(&mut c);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].0, "bob@example.org");
    assert_eq!(told[0].1, "Your suspension has ended - Kith");
    assert!(told[0].2.contains("He apologised to Ann"));
    assert!(d::reply(&mut c, &site(), &b, thread, "Sorry, Ann", t).is_ok(), "he can post again");
    assert_eq!(refused_on(m::lift(&mut c, &site(), &f.editor, f.bob.person_id, m::Lift::Suspension, "Again", None, t), "lift"), "Their account is not suspended now.");

    // Banned from the group, then let back in by its organiser.
    let r = m::report(&mut c, &site(), &f.ann, Subject::Post, post, "unkind", "", t).unwrap();
    m::decide(&mut c, &site(), &f.organiser, r, Decision::BanFromGroup, "Not welcome", t).unwrap();
    let seen = m::view(&mut c, &f.organiser, r, t).unwrap().sanctions;
    assert_eq!(seen.group_bans.len(), 1);
    assert_eq!(seen.choices(), vec![(format!("group:{}", f.group.id), "Lift the ban from Walkers".to_owned())]);
    let lift_ban = m::Lift::parse(&format!("group:{}", f.group.id)).unwrap();
    assert!(matches!(m::lift(&mut c, &site(), &f.other_organiser, f.bob.person_id, lift_ban, "No", None, t), Err(CommunityError::NotAllowed)));
    // A report about someone else cannot be used to lift it.
    let other = m::report(&mut c, &site(), &f.bob, Subject::Person, f.ann.person_id, "spam", "", t).unwrap();
    assert!(matches!(m::lift(&mut c, &site(), &f.editor, f.bob.person_id, lift_ban, "No", Some(other), t), Err(CommunityError::NotFound { .. })));
    take_mail(&mut c);
    m::lift(&mut c, &site(), &f.organiser, f.bob.person_id, lift_ban, "A second chance", Some(r), t).unwrap();
    let told = take_mail(&mut c);
    assert_eq!(told.len(), 1);
    assert!(told[0].1.contains("join Walkers again") && told[0].2.contains("/groups/walkers"));
    assert!(!m::banned_from(&mut c, f.group.id, f.bob.person_id).unwrap());
    groups::join(&mut c, f.bob.person_id, f.group.id, "", t).unwrap();
    let b = access(&mut c, &f.bob, &f.group);
    assert!(d::reply(&mut c, &site(), &b, thread, "Back again", t).is_ok());

    // Banned from the site, then lifted on his page: he can sign in again.
    let keys = accounts::Keys::new(&[7u8; 32]).unwrap();
    let r = m::report(&mut c, &site(), &f.stranger, Subject::Person, f.bob.person_id, "unsafe", "", t).unwrap();
    m::decide(&mut c, &site(), &f.editor, r, Decision::BanFromSite, "Threats", t).unwrap();
    assert!(matches!(accounts::session::start(&mut c, &keys, f.bob.person_id, "test", t), Err(accounts::AccountError::Banned)));
    let page = m::person(&mut c, &f.editor, f.bob.person_id, 1, t).unwrap();
    assert_eq!(page.sanctions.site_ban.as_deref(), Some("Threats"));
    assert!(matches!(m::person(&mut c, &f.organiser, f.bob.person_id, 1, t), Err(CommunityError::NotAllowed)));
    take_mail(&mut c);
    m::lift(&mut c, &site(), &f.editor, f.bob.person_id, m::Lift::SiteBan, "Sorted out by phone", None, t).unwrap();
    assert_eq!(take_mail(&mut c)[0].1, "Your account is open again - Kith");
    assert!(accounts::session::start(&mut c, &keys, f.bob.person_id, "test", t).is_ok());
    // A ban made again after a lift holds.
    let r = m::report(&mut c, &site(), &f.stranger, Subject::Person, f.bob.person_id, "unsafe", "", t).unwrap();
    m::decide(&mut c, &site(), &f.editor, r, Decision::BanFromSite, "Threats again", t).unwrap();
    assert!(accounts::session::is_banned(&mut c, f.bob.person_id).unwrap());

    let log: Vec<(String, String)> = log_actions(&mut c).into_iter().filter(|(a, ..)| a.starts_with("lift")).map(|(a, _, why)| (a, why)).collect();
    assert_eq!(log, vec![
        ("lift_suspension".to_owned(), "He apologised to Ann".to_owned()),
        ("lift_group_ban".to_owned(), "A second chance".to_owned()),
        ("lift_site_ban".to_owned(), "Sorted out by phone".to_owned()),
    ]);
    let history = m::person(&mut c, &f.editor, f.bob.person_id, 1, t).unwrap().log;
    assert!(history.items.iter().any(|e| e.action == "Lifted a ban from the site" && e.person_id == Some(f.bob.person_id)));
    refused_on(m::Lift::parse("group:many"), "lift");
    refused_on(m::Lift::parse(""), "lift");
});

db_test!(fn held_discussions_are_not_counted_for_people_who_cannot_see_them(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let b = access(&mut c, &f.bob, &f.group);
    let a = access(&mut c, &f.ann, &f.group);
    // A full page of Bob's and one of Ann's held (a link from a new account).
    for i in 0..d::PER_PAGE {
        d::start(&mut c, &site(), &b, &format!("Walk {i}"), "Hello", now() - Duration::minutes(100 - i)).unwrap();
    }
    let held = d::start(&mut c, &site(), &a, "Offer", "Visit https://spam.example", now()).unwrap();
    // A held reply in one of Bob's does not hide his discussion.
    let first = d::threads(&mut c, &b, 1).unwrap().items[0].id;
    assert!(d::reply(&mut c, &site(), &a, first, "See www.example.org", now()).unwrap().held);

    let bobs = d::threads(&mut c, &b, 1).unwrap();
    assert_eq!(bobs.total, d::PER_PAGE, "Ann's held discussion is not counted for Bob");
    assert_eq!(bobs.items.len() as i64, d::PER_PAGE, "and his first page is full");
    assert!(d::threads(&mut c, &b, 2).unwrap().items.is_empty(), "so there is no second page");
    let hers = d::threads(&mut c, &a, 1).unwrap();
    assert_eq!(hers.total, d::PER_PAGE + 1, "Ann counts her own");
    assert!(hers.items.iter().any(|t| t.id == held && t.held));
    let organiser = access(&mut c, &f.organiser, &f.group);
    assert_eq!(d::threads(&mut c, &organiser, 1).unwrap().total, d::PER_PAGE, "moderators find it in the queue");
    // Once approved, everyone counts it.
    let report = m::site_queue(&mut c, &f.editor, 1).unwrap().items.into_iter().find(|s| s.text.contains("spam.example")).unwrap().id;
    m::decide(&mut c, &site(), &f.editor, report, Decision::Approve, "Fine", now()).unwrap();
    assert_eq!(d::threads(&mut c, &b, 1).unwrap().total, d::PER_PAGE + 1);
});
