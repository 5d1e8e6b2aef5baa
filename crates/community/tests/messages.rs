//! Talking one to one on both databases: who may message whom, blocking,
//! what a profile shows to whom, and the contact relay keeping both
//! addresses back until someone replies.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Role, Roles};
use chrono::NaiveDateTime;
use community::discussions as d;
use community::profiles::{self, Relation, Settings, Visibility};
use community::{blocks, contact, groups, messages, CommunityError};
use diesel::prelude::*;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Kind, Listing};
use store::schema::{boroughs, interests};
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

fn actor(conn: &mut AnyConnection, email: &str, name: &str, roles: &[Role]) -> Actor {
    let id = accounts::flows::create_user(conn, email, None, roles, None, now())
        .unwrap()
        .0
        .id;
    accounts::person::set_display_name(conn, id, name, now()).unwrap();
    Actor {
        person_id: id,
        roles: Roles::of(roles),
        verified: true,
        organiser_of: vec![],
    }
}

/// A group run by an organisation's organiser, with two members (Ann and
/// Bob) and someone who has joined no group.
struct Fixture {
    group: Listing,
    ann: Actor,
    bob: Actor,
    stranger: Actor,
}

fn fixture(conn: &mut AnyConnection) -> Fixture {
    let t = now();
    let org = l::insert(conn, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let group = l::insert(conn, &g, &Tags::default()).unwrap();
    let editor = actor(conn, "editor@example.org", "Eddie Editor", &[Role::Editor]);
    let organiser = actor(conn, "organiser@example.org", "Olu Organiser", &[]);
    directory::publishing::add_organiser(conn, editor.person_id, org.id, organiser.person_id, t).unwrap();
    let ann = actor(conn, "ann@example.org", "Ann Lee", &[]);
    let bob = actor(conn, "bob@example.org", "Bob Stone", &[]);
    let stranger = actor(conn, "stranger@example.org", "Sam Stranger", &[]);
    for p in [&ann, &bob] {
        groups::join(conn, p.person_id, group.id, "", t).unwrap();
    }
    Fixture {
        group,
        ann,
        bob,
        stranger,
    }
}

fn takes_messages(conn: &mut AnyConnection, who: &Actor, on: bool) {
    let mut s = profiles::settings(conn, who.person_id).unwrap();
    s.messages_from_groups = on;
    profiles::save(conn, who.person_id, &s, now()).unwrap();
}

fn outbox_to(conn: &mut AnyConnection, to: &str) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 10_000)
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == to)
        .collect()
}

fn refused_with(r: Result<i32, CommunityError>) -> String {
    match r {
        Err(CommunityError::Invalid { field: "body", message }) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

db_test!(fn messages_need_a_shared_group_and_the_receivers_yes_and_no_block(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    // Off by default for new members.
    assert!(!profiles::settings(&mut c, f.bob.person_id).unwrap().messages_from_groups);
    let off = refused_with(messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.ann, f.bob.person_id, "Hello Bob", now()));
    assert_eq!(off, messages::CANNOT_SEND);
    assert!(outbox_to(&mut c, "bob@example.org").is_empty());

    // Allowed on: a co-member may write, and Bob is emailed a link.
    takes_messages(&mut c, &f.bob, true);
    let id = messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.ann, f.bob.person_id, "Hello Bob", now()).unwrap();
    let mail = outbox_to(&mut c, "bob@example.org");
    assert_eq!(mail.len(), 1);
    assert!(mail[0].text_body.contains(&format!("/messages/{}", f.ann.person_id)));
    assert!(mail[0].subject.contains("Ann Lee"));
    let inbox = messages::inbox(&mut c, f.bob.person_id, 1).unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert_eq!((inbox.items[0].person_id, inbox.items[0].unread), (f.ann.person_id, 1));
    let conv = messages::conversation(&mut c, &f.bob, f.ann.person_id, 1, now()).unwrap();
    assert_eq!(conv.messages.items[0].id, id);
    assert_eq!(messages::unread(&mut c, f.bob.person_id).unwrap(), 0, "opening it marks it read");

    // Someone sharing no group is refused even though Bob takes messages.
    let stranger = refused_with(messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.stranger, f.bob.person_id, "Hi", now()));
    assert_eq!(stranger, messages::CANNOT_SEND);
    // Empty and too long are refused with the field.
    assert!(refused_with(messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.ann, f.bob.person_id, "   ", now())).contains("Enter"));
    let long = "x".repeat(messages::BODY_MAX + 1);
    assert!(refused_with(messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.ann, f.bob.person_id, &long, now())).contains("characters"));

    // Blocked: refused in the same words as "not taking messages".
    blocks::block(&mut c, f.bob.person_id, f.ann.person_id, now()).unwrap();
    let blocked = refused_with(messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.ann, f.bob.person_id, "Still there?", now()));
    assert_eq!(blocked, messages::CANNOT_SEND);
    assert!(messages::before_send(&mut c, &f.ann, f.bob.person_id).is_err());
    // Unblocked, it works again.
    blocks::unblock(&mut c, f.bob.person_id, f.ann.person_id).unwrap();
    messages::before_send(&mut c, &f.ann, f.bob.person_id).unwrap();
    // Leaving the group ends it.
    groups::leave(&mut c, f.ann.person_id, f.group.id).unwrap();
    assert!(messages::before_send(&mut c, &f.ann, f.bob.person_id).is_err());
});

db_test!(fn a_blocked_persons_posts_are_hidden_from_the_blocker_only(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let a = d::access(&mut c, Some(&f.ann), f.group.id).unwrap();
    let thread = d::start(&mut c, &site(), &a, "Sunday", "Who is coming?", now()).unwrap();
    blocks::block(&mut c, f.bob.person_id, f.ann.person_id, now()).unwrap();
    let acc = d::access(&mut c, Some(&f.bob), f.group.id).unwrap();
    let for_bob = d::thread(&mut c, &acc, thread, 1).unwrap();
    assert!(for_bob.first.blocked);
    assert_eq!(for_bob.first.body, None);
    let acc = d::access(&mut c, Some(&f.ann), f.group.id).unwrap();
    let for_ann = d::thread(&mut c, &acc, thread, 1).unwrap();
    assert!(!for_ann.first.blocked);
    assert_eq!(for_ann.first.body.as_deref(), Some("Who is coming?"));
    assert_eq!(blocks::list(&mut c, f.bob.person_id).unwrap()[0].person_id, f.ann.person_id);
});

db_test!(fn each_profile_field_shows_only_to_whom_its_owner_chose(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let interest: i32 = interests::table.select(interests::id).order(interests::id).first(&mut c).unwrap();
    let borough: i32 = boroughs::table.select(boroughs::id).order(boroughs::id).first(&mut c).unwrap();
    let ann = f.ann.person_id;

    // Defaults: name to group co-members only; a stranger sees nothing at
    // all, so the profile is "not found"; discussions call Ann "A member".
    let s = Settings { interest_ids: vec![interest], borough_id: Some(borough), ..Settings::default() };
    profiles::save(&mut c, ann, &s, now()).unwrap();
    assert!(matches!(profiles::view(&mut c, Some(f.stranger.person_id), ann), Err(CommunityError::NotFound { .. })));
    assert!(matches!(profiles::view(&mut c, None, ann), Err(CommunityError::NotFound { .. })));
    assert_eq!(profiles::name(&mut c, None, ann).unwrap(), profiles::A_MEMBER);
    let bob_sees = profiles::view(&mut c, Some(f.bob.person_id), ann).unwrap();
    assert_eq!(bob_sees.relation, Relation::CoMember);
    assert_eq!(bob_sees.name.as_deref(), Some("Ann Lee"));
    assert_eq!((bob_sees.interests.is_none(), bob_sees.borough.is_none()), (true, true));
    let ann_sees = profiles::view(&mut c, Some(ann), ann).unwrap();
    assert_eq!(ann_sees.relation, Relation::Me);
    assert!(ann_sees.name.is_some() && ann_sees.interests.is_some() && ann_sees.borough.is_some());

    // Name to everyone, interests to groups, borough only me.
    let s = Settings {
        name: Visibility::Everyone,
        interests: Visibility::Groups,
        borough: Visibility::OnlyMe,
        ..s
    };
    profiles::save(&mut c, ann, &s, now()).unwrap();
    let stranger_sees = profiles::view(&mut c, Some(f.stranger.person_id), ann).unwrap();
    assert_eq!(stranger_sees.name.as_deref(), Some("Ann Lee"));
    assert!(stranger_sees.interests.is_none() && stranger_sees.borough.is_none());
    let bob_sees = profiles::view(&mut c, Some(f.bob.person_id), ann).unwrap();
    assert!(bob_sees.name.is_some() && bob_sees.interests.is_some() && bob_sees.borough.is_none());
    assert!(profiles::view(&mut c, Some(ann), ann).unwrap().borough.is_some());

    // Only me for the name: co-members read "A member" beside her posts.
    profiles::save(&mut c, ann, &Settings { name: Visibility::OnlyMe, ..s }, now()).unwrap();
    let a = d::access(&mut c, Some(&f.ann), f.group.id).unwrap();
    let thread = d::start(&mut c, &site(), &a, "Hello", "Hi all", now()).unwrap();
    let acc = d::access(&mut c, Some(&f.bob), f.group.id).unwrap();
    let for_bob = d::thread(&mut c, &acc, thread, 1).unwrap();
    assert_eq!(for_bob.first.author, profiles::A_MEMBER);
    let for_ann = d::thread(&mut c, &a, thread, 1).unwrap();
    assert_eq!(for_ann.first.author, "Ann Lee");
    assert_eq!(profiles::initials("Ann Lee"), "AL");
});

db_test!(fn a_discussion_names_its_authors_to_those_who_share_a_group_with_them(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let t = now();
    // Ann keeps her name to the members of her groups (the default).
    let a = d::access(&mut c, Some(&f.ann), f.group.id).unwrap();
    let thread = d::start(&mut c, &site(), &a, "Sunday", "Who is coming?", t).unwrap();
    let author_for = |c: &mut AnyConnection, who: &Actor| {
        let acc = d::access(c, Some(who), f.group.id).unwrap();
        d::thread(c, &acc, thread, 1).unwrap().first.author
    };
    assert_eq!(author_for(&mut c, &f.bob), "Ann Lee");
    // Once she has left, Bob shares no group with her.
    groups::leave(&mut c, f.ann.person_id, f.group.id).unwrap();
    assert_eq!(author_for(&mut c, &f.bob), profiles::A_MEMBER);
    // Both in another group: her name shows beside her old post again.
    let mut g = listing(Kind::Group, "Readers", 22, t);
    g.organisation_id = f.group.organisation_id;
    let readers = l::insert(&mut c, &g, &Tags::default()).unwrap();
    for p in [&f.ann, &f.bob] {
        groups::join(&mut c, p.person_id, readers.id, "", t).unwrap();
    }
    assert_eq!(author_for(&mut c, &f.bob), "Ann Lee");
    // A newcomer to the first group shares nothing with her.
    groups::join(&mut c, f.stranger.person_id, f.group.id, "", t).unwrap();
    assert_eq!(author_for(&mut c, &f.stranger), profiles::A_MEMBER);
    // And the newcomer's own name shows to Bob, a member with them.
    let s = d::access(&mut c, Some(&f.stranger), f.group.id).unwrap();
    let second = d::start(&mut c, &site(), &s, "Hello", "New here", t).unwrap();
    let acc = d::access(&mut c, Some(&f.bob), f.group.id).unwrap();
    assert_eq!(d::thread(&mut c, &acc, second, 1).unwrap().first.author, "Sam Stranger");
});

fn reply_token(text: &str) -> String {
    let at = text.find("/contact/reply/").unwrap() + "/contact/reply/".len();
    text[at..at + 64].to_owned()
}

db_test!(fn the_contact_relay_keeps_both_addresses_back_until_someone_chooses(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let form = contact::ContactForm {
        name: "Pat Visitor".into(),
        email: "pat.visitor@example.net".into(),
        message: "Can I come along on Sunday?".into(),
    };
    // Bad input is refused before anything is kept.
    let bad = contact::ContactForm { email: "not an address".into(), ..form.clone() };
    assert!(matches!(contact::send(&mut c, &site(), &f.group, None, &bad, now()), Err(CommunityError::Invalid { field: "email", .. })));
    contact::send(&mut c, &site(), &f.group, None, &form, now()).unwrap();
    let relayed = outbox_to(&mut c, "organiser@example.org");
    assert_eq!(relayed.len(), 1);
    let m = &relayed[0];
    assert!(m.text_body.contains("Can I come along on Sunday?"));
    for part in [&m.text_body, &m.html_body, &m.subject, &m.to_name] {
        assert!(!part.contains("pat.visitor"), "the sender's address reached the organiser");
    }
    assert_eq!(m.reply_to, None);
    let token = reply_token(&m.text_body);
    let page = contact::relayed(&mut c, &token, now()).unwrap();
    assert_eq!(page.sender_name, "Pat Visitor");

    // A reply without sharing: the organiser's address stays back.
    contact::reply(&mut c, &site(), &token, "Yes, do come!", false, now()).unwrap();
    let answers = outbox_to(&mut c, "pat.visitor@example.net");
    assert_eq!(answers.len(), 1);
    assert!(answers[0].text_body.contains("Yes, do come!"));
    assert!(!answers[0].text_body.contains("organiser@example.org") && !answers[0].html_body.contains("organiser@example.org"));
    assert_eq!(answers[0].reply_to, None);

    // Choosing to share: shown, and replies go straight to the organiser.
    contact::reply(&mut c, &site(), &token, "Write to me any time.", true, now()).unwrap();
    let answers = outbox_to(&mut c, "pat.visitor@example.net");
    let shared = answers.iter().find(|m| m.text_body.contains("any time")).unwrap();
    assert!(shared.text_body.contains("organiser@example.org"));
    assert_eq!(shared.reply_to.as_deref(), Some("organiser@example.org"));
    assert!(matches!(contact::relayed(&mut c, &"0".repeat(64), now()), Err(CommunityError::NotFound { .. })));

    // The link works until the message is REPLY_LINK_DAYS old, then neither
    // shows the message nor sends anything.
    let days = chrono::Duration::days(contact::REPLY_LINK_DAYS);
    let almost = now() + days - chrono::Duration::hours(1);
    assert!(contact::relayed(&mut c, &token, almost).is_ok());
    let later = now() + days;
    assert!(matches!(contact::relayed(&mut c, &token, later), Err(CommunityError::Expired { .. })));
    let before = outbox_to(&mut c, "pat.visitor@example.net").len();
    assert!(matches!(contact::reply(&mut c, &site(), &token, "Too late", false, later), Err(CommunityError::Expired { .. })));
    assert_eq!(outbox_to(&mut c, "pat.visitor@example.net").len(), before);
});

db_test!(fn deleting_an_account_forgets_its_profile_blocks_messages_and_contact_messages(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    takes_messages(&mut c, &f.bob, true);
    messages::send(&mut c, &site(), &community::safety::Rules::default(), &f.ann, f.bob.person_id, "Hello", now()).unwrap();
    blocks::block(&mut c, f.ann.person_id, f.stranger.person_id, now()).unwrap();
    let form = contact::ContactForm { name: "Ann".into(), email: "ann@example.org".into(), message: "Hi".into() };
    contact::send(&mut c, &site(), &f.group, Some(f.ann.person_id), &form, now()).unwrap();
    let before = community::export(&mut c, f.ann.person_id).unwrap();
    assert_eq!((before.messages.len(), before.blocked_people.len(), before.contact_messages.len()), (1, 1, 1));
    community::forget(&mut c, &site(), f.ann.person_id, now()).unwrap();
    let after = community::export(&mut c, f.ann.person_id).unwrap();
    assert!(after.messages.is_empty() && after.blocked_people.is_empty() && after.contact_messages.is_empty());
    assert_eq!(after.profile, Settings::default());
    assert!(messages::inbox(&mut c, f.bob.person_id, 1).unwrap().items.is_empty());
});

db_test!(fn the_inbox_lists_each_person_once_by_their_newest_message_either_way(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    groups::join(&mut c, f.stranger.person_id, f.group.id, "", now()).unwrap();
    for p in [&f.ann, &f.bob, &f.stranger] {
        takes_messages(&mut c, p, true);
    }
    let rules = community::safety::Rules::default();
    // Whole seconds: PostgreSQL keeps microseconds, not nanoseconds.
    let t = chrono::DateTime::from_timestamp(now().and_utc().timestamp() - 30 * 60, 0).unwrap().naive_utc();
    let at = |m: i64| t + chrono::Duration::minutes(m);
    let bob = f.bob.person_id;
    messages::send(&mut c, &site(), &rules, &f.ann, bob, "One", at(0)).unwrap();
    messages::send(&mut c, &site(), &rules, &f.stranger, bob, "Two", at(1)).unwrap();
    messages::send(&mut c, &site(), &rules, &f.bob, f.ann.person_id, "Three", at(2)).unwrap();
    let inbox = messages::inbox(&mut c, bob, 1).unwrap();
    let seen: Vec<(i32, bool, i64)> = inbox.items.iter().map(|s| (s.person_id, s.last_from_me, s.unread)).collect();
    assert_eq!(seen, vec![(f.ann.person_id, true, 1), (f.stranger.person_id, false, 1)]);
    assert_eq!(inbox.total, 2);
    assert_eq!(inbox.items[0].last_at, at(2));

    messages::send(&mut c, &site(), &rules, &f.stranger, bob, "Four", at(3)).unwrap();
    messages::send(&mut c, &site(), &rules, &f.stranger, bob, "Five", at(4)).unwrap();
    let inbox = messages::inbox(&mut c, bob, 1).unwrap();
    let seen: Vec<(i32, bool, i64)> = inbox.items.iter().map(|s| (s.person_id, s.last_from_me, s.unread)).collect();
    assert_eq!(seen, vec![(f.stranger.person_id, false, 3), (f.ann.person_id, true, 1)]);
    // Ann's side: one conversation, Bob's message last and unread.
    let ann = messages::inbox(&mut c, f.ann.person_id, 1).unwrap();
    let seen: Vec<(i32, bool, i64)> = ann.items.iter().map(|s| (s.person_id, s.last_from_me, s.unread)).collect();
    assert_eq!(seen, vec![(bob, false, 1)]);
    // A page past the end is empty but knows the total.
    let past = messages::inbox(&mut c, bob, 2).unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total, 2);
});
