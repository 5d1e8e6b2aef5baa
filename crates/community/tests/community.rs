//! Membership and places, on both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::sync::{Arc, Barrier};

use accounts::{Actor, Role, Roles};
use chrono::{Duration, NaiveDateTime};
use community::events::{self, Answer};
use community::groups::{self, JoinPolicy, Joined, Membership};
use community::CommunityError;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Kind, Listing};
use store::diesel::prelude::*;
use store::diesel::Connection;
use store::testing::TestDb;
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

fn person(conn: &mut AnyConnection, email: &str) -> i32 {
    accounts::flows::create_user(conn, email, None, &[], None, now())
        .unwrap()
        .0
        .id
}

fn actor(id: i32, organiser_of: Vec<i32>, roles: &[Role]) -> Actor {
    Actor {
        person_id: id,
        roles: Roles::of(roles),
        verified: true,
        organiser_of,
    }
}

/// Records `person` as an organiser of `organisation`, as claiming it does.
fn runs(conn: &mut AnyConnection, organisation: i32, person: i32) {
    store::diesel::insert_into(store::schema::organisers::table)
        .values((
            store::schema::organisers::listing_id.eq(organisation),
            store::schema::organisers::person_id.eq(person),
            store::schema::organisers::added_at.eq(now()),
        ))
        .execute(conn)
        .unwrap();
}

/// An organisation with a group and a one-off event tomorrow.
fn fixture(conn: &mut AnyConnection) -> (Listing, Listing, Listing) {
    let t = now();
    let org = l::insert(conn, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let group = l::insert(conn, &g, &Tags::default()).unwrap();
    let mut e = listing(Kind::Event, "Picnic", 22, t);
    e.organisation_id = Some(org.id);
    e.starts_at = Some((t + Duration::days(1)).with_nanosecond_zero());
    let event = l::insert(conn, &e, &Tags::default()).unwrap();
    (org, group, event)
}

trait Whole {
    fn with_nanosecond_zero(self) -> Self;
}
impl Whole for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap()
    }
}

fn outbox_to(conn: &mut AnyConnection, to: &str) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 10_000)
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == to)
        .collect()
}

db_test!(fn open_groups_take_members_at_once_and_they_can_leave(db) {
    let mut c = db.conn();
    let (_, group, _) = fixture(&mut c);
    let ann = person(&mut c, "ann@example.org");
    assert_eq!(groups::joining(&mut c, group.id).unwrap().policy, JoinPolicy::Open);
    assert_eq!(groups::join(&mut c, ann, group.id, "", now()).unwrap(), Joined::Member);
    assert_eq!(groups::join(&mut c, ann, group.id, "", now()).unwrap(), Joined::Member, "again: no change");
    assert_eq!(groups::membership(&mut c, group.id, ann).unwrap(), Membership::Member { organiser: false });
    assert_eq!(groups::member_count(&mut c, group.id).unwrap(), 1);
    assert_eq!(groups::my_groups(&mut c, ann).unwrap()[0].name, "Walkers");
    groups::leave(&mut c, ann, group.id).unwrap();
    assert_eq!(groups::membership(&mut c, group.id, ann).unwrap(), Membership::None);
    assert!(groups::my_groups(&mut c, ann).unwrap().is_empty());
});

db_test!(fn a_group_always_keeps_someone_to_run_it(db) {
    let mut c = db.conn();
    let t = now();
    // A group of no organisation, as a member-led one is.
    let group = l::insert(&mut c, &listing(Kind::Group, "Board games", 22, t), &Tags::default()).unwrap();
    let editor = actor(person(&mut c, "editor@example.org"), vec![], &[Role::Editor]);
    let ann = actor(person(&mut c, "ann@example.org"), vec![], &[]);
    let bob = actor(person(&mut c, "bob@example.org"), vec![], &[]);
    for p in [&ann, &bob] {
        groups::join(&mut c, p.person_id, group.id, "", t).unwrap();
    }
    groups::set_co_organiser(&mut c, &editor, group.id, ann.person_id, true).unwrap();
    let refused = |r: Result<(), CommunityError>| match r {
        Err(CommunityError::Invalid { message, .. }) => message,
        other => panic!("expected a refusal, got {other:?}"),
    };
    // Ann runs it alone: she can neither step down nor leave.
    assert_eq!(refused(groups::set_co_organiser(&mut c, &ann, group.id, ann.person_id, false)), groups::LAST_ORGANISER_STEPPING_DOWN);
    assert_eq!(refused(groups::set_co_organiser(&mut c, &editor, group.id, ann.person_id, false)), groups::LAST_ORGANISER_STEPPING_DOWN);
    assert_eq!(refused(groups::leave(&mut c, ann.person_id, group.id)), groups::LAST_ORGANISER_LEAVING);
    assert_eq!(groups::membership(&mut c, group.id, ann.person_id).unwrap(), Membership::Member { organiser: true });
    // Bob, a plain member, leaves and comes back as he likes.
    groups::leave(&mut c, bob.person_id, group.id).unwrap();
    groups::join(&mut c, bob.person_id, group.id, "", t).unwrap();
    // Once Bob is a co-organiser too, Ann may step down, then leave.
    groups::set_co_organiser(&mut c, &ann, group.id, bob.person_id, true).unwrap();
    groups::set_co_organiser(&mut c, &ann, group.id, ann.person_id, false).unwrap();
    groups::set_co_organiser(&mut c, &ann, group.id, ann.person_id, true).unwrap_err();
    groups::leave(&mut c, ann.person_id, group.id).unwrap();
    assert_eq!(groups::membership(&mut c, group.id, ann.person_id).unwrap(), Membership::None);

    // A group whose organisation has organisers is run by them anyway.
    let (org, walkers, _) = fixture(&mut c);
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    runs(&mut c, org.id, organiser.person_id);
    groups::join(&mut c, bob.person_id, walkers.id, "", t).unwrap();
    groups::set_co_organiser(&mut c, &organiser, walkers.id, bob.person_id, true).unwrap();
    groups::set_co_organiser(&mut c, &bob, walkers.id, bob.person_id, false).unwrap();
    groups::set_co_organiser(&mut c, &organiser, walkers.id, bob.person_id, true).unwrap();
    groups::leave(&mut c, bob.person_id, walkers.id).unwrap();
});

db_test!(fn requests_are_decided_by_the_groups_organisers_who_see_the_answer(db) {
    let mut c = db.conn();
    let (org, group, _) = fixture(&mut c);
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    runs(&mut c, org.id, organiser.person_id);
    let stranger = actor(person(&mut c, "x@example.org"), vec![], &[]);
    let ann = person(&mut c, "ann@example.org");
    let bob = person(&mut c, "bob@example.org");
    assert!(matches!(
        groups::set_joining(&mut c, &stranger, group.id, JoinPolicy::Request, "Why?", now()),
        Err(CommunityError::NotFound { .. })
    ));
    groups::set_joining(&mut c, &organiser, group.id, JoinPolicy::Request, "What would you like to get out of it?", now()).unwrap();
    assert_eq!(groups::joining(&mut c, group.id).unwrap().question, "What would you like to get out of it?");
    let long = "x".repeat(groups::ANSWER_MAX + 1);
    assert!(matches!(groups::join(&mut c, ann, group.id, &long, now()), Err(CommunityError::Invalid { field: "answer", .. })));
    assert_eq!(groups::join(&mut c, ann, group.id, "Some company", now()).unwrap(), Joined::Requested);
    assert_eq!(groups::join(&mut c, bob, group.id, "", now()).unwrap(), Joined::Requested);
    assert!(matches!(groups::members(&mut c, &stranger, group.id), Err(CommunityError::NotFound { .. })));
    let list = groups::members(&mut c, &organiser, group.id).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].answer, "Some company");
    assert_eq!(list[0].membership, Membership::Requested);
    groups::decide(&mut c, &site(), &organiser, group.id, ann, true, now()).unwrap();
    groups::decide(&mut c, &site(), &organiser, group.id, bob, false, now()).unwrap();
    assert!(matches!(
        groups::decide(&mut c, &site(), &organiser, group.id, bob, true, now()),
        Err(CommunityError::NotFound { .. })
    ), "a decided request cannot be decided again");
    assert_eq!(groups::membership(&mut c, group.id, ann).unwrap(), Membership::Member { organiser: false });
    assert_eq!(groups::membership(&mut c, group.id, bob).unwrap(), Membership::None);
    assert!(outbox_to(&mut c, "ann@example.org")[0].subject.contains("You are now a member of Walkers"));
    assert!(outbox_to(&mut c, "bob@example.org")[0].subject.contains("Your request to join Walkers"));

    // A co-organiser runs this group and no other, and not the organisation.
    groups::set_co_organiser(&mut c, &organiser, group.id, ann, true).unwrap();
    let ann_actor = actor(ann, vec![], &[]);
    assert_eq!(groups::members(&mut c, &ann_actor, group.id).unwrap().len(), 1);
    assert!(matches!(
        groups::set_co_organiser(&mut c, &organiser, group.id, bob, true),
        Err(CommunityError::NotFound { .. })
    ), "only members can be co-organisers");
    groups::set_co_organiser(&mut c, &ann_actor, group.id, ann, false).unwrap();
    assert!(groups::members(&mut c, &ann_actor, group.id).is_err());
});

db_test!(fn invitation_only_groups_refuse_requests_and_take_the_invited(db) {
    let mut c = db.conn();
    let (_, group, _) = fixture(&mut c);
    let editor = actor(person(&mut c, "ed@example.org"), vec![], &[Role::Editor]);
    let ann = person(&mut c, "ann@example.org");
    groups::set_joining(&mut c, &editor, group.id, JoinPolicy::Invite, "ignored", now()).unwrap();
    assert_eq!(groups::joining(&mut c, group.id).unwrap().question, "", "only request groups ask");
    assert!(matches!(groups::join(&mut c, ann, group.id, "", now()), Err(CommunityError::Invalid { field: "group", .. })));
    groups::invite(&mut c, &site(), &editor, group.id, ann, now()).unwrap();
    assert_eq!(groups::membership(&mut c, group.id, ann).unwrap(), Membership::Invited);
    assert!(outbox_to(&mut c, "ann@example.org")[0].subject.contains("invited"));
    assert_eq!(groups::join(&mut c, ann, group.id, "", now()).unwrap(), Joined::Member);
});

db_test!(fn places_fill_then_a_waiting_list_is_promoted_in_order_with_an_email(db) {
    let mut c = db.conn();
    let (org, _, event) = fixture(&mut c);
    let at = event.starts_at.unwrap();
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    let stranger = actor(person(&mut c, "x@example.org"), vec![], &[]);
    assert!(matches!(events::set_capacity(&mut c, &site(), &stranger, event.id, Some(2), now()), Err(CommunityError::NotFound { .. })));
    events::set_capacity(&mut c, &site(), &organiser, event.id, Some(2), now()).unwrap();
    let people: Vec<i32> = (0..5).map(|i| person(&mut c, &format!("p{i}@example.org"))).collect();
    let answers: Vec<Answer> = people.iter().map(|p| events::going(&mut c, *p, event.id, at, now()).unwrap()).collect();
    assert_eq!(answers, vec![Answer::Going, Answer::Going, Answer::Waiting { position: 1 }, Answer::Waiting { position: 2 }, Answer::Waiting { position: 3 }]);
    assert_eq!(events::going(&mut c, people[3], event.id, at, now()).unwrap(), Answer::Waiting { position: 2 }, "again: no change");
    let places = events::sessions(&mut c, &event, Some(people[0]), now(), 8).unwrap();
    assert_eq!((places[0].going, places[0].waiting, places[0].left(), places[0].mine), (2, 3, Some(0), Some(Answer::Going)));

    // Someone waiting drops out: nobody is promoted, the queue closes up.
    assert!(events::not_going(&mut c, &site(), people[2], event.id, at, now()).unwrap().is_empty());
    assert_eq!(events::answer(&mut c, event.id, at, people[3]).unwrap(), Some(Answer::Waiting { position: 1 }));
    // Someone going drops out: the longest waiting gets the place and an email.
    assert_eq!(events::not_going(&mut c, &site(), people[0], event.id, at, now()).unwrap(), vec![people[3]]);
    assert_eq!(events::answer(&mut c, event.id, at, people[3]).unwrap(), Some(Answer::Going));
    let told = outbox_to(&mut c, "p3@example.org");
    assert_eq!(told.len(), 1);
    assert!(told[0].subject.contains("A place has come up: Picnic"));
    assert!(told[0].text_body.contains("http://127.0.0.1:8080/events/picnic"));
    // More places: the rest of the queue is promoted.
    assert_eq!(events::set_capacity(&mut c, &site(), &organiser, event.id, Some(10), now()).unwrap(), vec![people[4]]);
    // Fewer places: nobody loses theirs.
    events::set_capacity(&mut c, &site(), &organiser, event.id, Some(1), now()).unwrap();
    let list = events::attendees(&mut c, &organiser, event.id, now()).unwrap();
    assert_eq!(list.capacity, Some(1));
    assert_eq!(list.sessions[0].attendees.len(), 3);
    assert!(matches!(events::attendees(&mut c, &stranger, event.id, now()), Err(CommunityError::NotFound { .. })));
    let mine = events::my_events(&mut c, people[4], now()).unwrap();
    assert_eq!((mine.len(), mine[0].answer, mine[0].starts_at), (1, Answer::Going, at));
    assert!(events::my_events(&mut c, people[0], now()).unwrap().is_empty());
});

db_test!(fn a_members_next_events_are_the_soonest_few_with_their_places(db) {
    let mut c = db.conn();
    let (org, _, picnic) = fixture(&mut c);
    let t = now();
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    let ann = person(&mut c, "ann@example.org");
    let bob = person(&mut c, "bob@example.org");
    // Three more one-off events, the soonest in three hours; the next one
    // full, so Ann waits for it.
    let mut made = Vec::new();
    for (name, hours) in [("Quiz", 3), ("Swim", 30), ("Film", 72)] {
        let mut e = listing(Kind::Event, name, 22, t);
        e.organisation_id = Some(org.id);
        e.starts_at = Some((t + Duration::hours(hours)).with_nanosecond_zero());
        made.push(l::insert(&mut c, &e, &Tags::default()).unwrap());
    }
    let swim = &made[1];
    events::set_capacity(&mut c, &site(), &organiser, swim.id, Some(1), t).unwrap();
    events::going(&mut c, bob, swim.id, swim.starts_at.unwrap(), t).unwrap();
    for e in made.iter().chain([&picnic]) {
        events::going(&mut c, ann, e.id, e.starts_at.unwrap(), t).unwrap();
    }
    let next = events::next_events(&mut c, ann, t, 2).unwrap();
    let shown: Vec<(&str, Answer)> = next.iter().map(|e| (e.name.as_str(), e.answer)).collect();
    assert_eq!(shown, vec![("Quiz", Answer::Going), ("Picnic", Answer::Going)], "the soonest two, in order");
    let all = events::next_events(&mut c, ann, t, 10).unwrap();
    let shown: Vec<(&str, Answer)> = all.iter().map(|e| (e.name.as_str(), e.answer)).collect();
    assert_eq!(shown, vec![("Quiz", Answer::Going), ("Picnic", Answer::Going), ("Swim", Answer::Waiting { position: 1 }), ("Film", Answer::Going)]);
    // The same as the whole list of her events, from now on.
    let mine: Vec<_> = events::my_events(&mut c, ann, t).unwrap().into_iter().filter(|e| e.starts_at >= t).collect();
    assert_eq!(mine, all);
    // Four hours on, the quiz has begun: it is no longer "next".
    let later = events::next_events(&mut c, ann, t + Duration::hours(4), 2).unwrap();
    assert_eq!(later.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), vec!["Picnic", "Swim"]);
});

db_test!(fn dates_that_are_not_sessions_and_ids_that_are_not_events_are_refused(db) {
    let mut c = db.conn();
    let (_, group, event) = fixture(&mut c);
    let ann = person(&mut c, "ann@example.org");
    let at = event.starts_at.unwrap();
    assert!(matches!(events::going(&mut c, ann, event.id, at + Duration::hours(1), now()), Err(CommunityError::Invalid { field: "session", .. })));
    assert!(matches!(events::going(&mut c, ann, group.id, at, now()), Err(CommunityError::NotFound { .. })));
    assert!(matches!(events::going(&mut c, ann, 999_999, at, now()), Err(CommunityError::NotFound { .. })));
    l::cancel_occurrence(&mut c, event.id, at, "Rain").unwrap();
    assert!(matches!(events::going(&mut c, ann, event.id, at, now()), Err(CommunityError::Invalid { field: "session", .. })), "a cancelled session");
    assert!(events::parse_capacity("0").is_err());
    assert!(events::parse_capacity("ten").is_err());
    assert_eq!(events::parse_capacity(" ").unwrap(), None);
    assert_eq!(events::parse_capacity("12").unwrap(), Some(12));
});

db_test!(fn a_promotion_whose_email_cannot_be_queued_is_not_saved(db) {
    let (event, at, people) = {
        let mut c = db.conn();
        let (org, _, event) = fixture(&mut c);
        let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
        events::set_capacity(&mut c, &site(), &organiser, event.id, Some(1), now()).unwrap();
        let at = event.starts_at.unwrap();
        let people: Vec<i32> = (0..2).map(|i| person(&mut c, &format!("p{i}@example.org"))).collect();
        for p in &people {
            events::going(&mut c, *p, event.id, at, now()).unwrap();
        }
        (event, at, people)
    };
    let mut c = db.conn();
    use store::diesel::connection::SimpleConnection;
    c.batch_execute("DROP TABLE outbox_attachments; DROP TABLE outbox").unwrap();
    let outcome = c.transaction(|c| events::not_going(c, &site(), people[0], event.id, at, now()));
    assert!(matches!(outcome, Err(CommunityError::Mail(_))), "{outcome:?}");
    assert_eq!(events::answer(&mut c, event.id, at, people[0]).unwrap(), Some(Answer::Going), "still going");
    assert_eq!(events::answer(&mut c, event.id, at, people[1]).unwrap(), Some(Answer::Waiting { position: 1 }));
});

/// Runs `work` in a transaction, trying again while SQLite is busy, as
/// `web::state::in_transaction` does for requests.
fn in_transaction<T>(
    conn: &mut AnyConnection,
    work: impl Fn(&mut AnyConnection) -> Result<T, CommunityError>,
) -> Result<T, CommunityError> {
    for _ in 0..200 {
        match conn.transaction(&work) {
            Err(e) if e.is_busy() => std::thread::sleep(std::time::Duration::from_millis(5)),
            other => return other,
        }
    }
    panic!("still busy after 200 tries");
}

fn contention(db: &TestDb) {
    let (event, at, people) = {
        let mut c = db.conn();
        let (org, _, event) = fixture(&mut c);
        let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
        events::set_capacity(&mut c, &site(), &organiser, event.id, Some(15), now()).unwrap();
        let at = event.starts_at.unwrap();
        // Five places taken already: ten left for 200 people.
        for i in 0..5 {
            let p = person(&mut c, &format!("early{i}@example.org"));
            assert_eq!(events::going(&mut c, p, event.id, at, now()).unwrap(), Answer::Going);
        }
        let people: Vec<i32> = (0..200).map(|i| person(&mut c, &format!("p{i}@example.org"))).collect();
        (event, at, people)
    };
    let pool = store::open_pool(&db.url, 16).unwrap();
    let barrier = Arc::new(Barrier::new(people.len()));
    let threads: Vec<_> = people
        .iter()
        .map(|&p| {
            let (pool, barrier) = (pool.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let mut conn = pool.get().unwrap();
                let answer = in_transaction(&mut conn, |c| events::going(c, p, event.id, at, now())).unwrap();
                (p, answer)
            })
        })
        .collect();
    let answers: Vec<(i32, Answer)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let going = answers.iter().filter(|(_, a)| *a == Answer::Going).count();
    assert_eq!(going, 10, "exactly the last ten places");
    // The waiting list is 1..=190 with no gaps or repeats, and each
    // person's position is what the database says.
    let mut positions: Vec<i64> = answers
        .iter()
        .filter_map(|(_, a)| match a {
            Answer::Waiting { position } => Some(*position),
            Answer::Going => None,
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=190).collect::<Vec<i64>>());
    let mut c = db.conn();
    for (p, a) in &answers {
        assert_eq!(events::answer(&mut c, event.id, at, *p).unwrap().as_ref(), Some(a));
    }
    let places = events::sessions(&mut c, &event, None, now(), 1).unwrap();
    assert_eq!((places[0].going, places[0].waiting), (15, 190));
    // First come, first served: in the order the answers were recorded
    // (each one made while holding the event's lock), the first ten got
    // the places and everyone after them waits in that same order.
    let recorded: Vec<i32> = store::schema::event_rsvps::table
        .filter(store::schema::event_rsvps::event_id.eq(event.id))
        .filter(store::schema::event_rsvps::person_id.eq_any(&people))
        .order(store::schema::event_rsvps::id)
        .select(store::schema::event_rsvps::person_id)
        .load::<Option<i32>>(&mut c)
        .unwrap()
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(recorded.len(), 200);
    let answer_of = |p: i32| answers.iter().find(|(q, _)| *q == p).unwrap().1;
    for (i, p) in recorded.iter().enumerate() {
        let expected = if i < 10 {
            Answer::Going
        } else {
            Answer::Waiting { position: i as i64 - 9 }
        };
        assert_eq!(answer_of(*p), expected, "the {}th to be recorded", i + 1);
    }
    // Dropping out promotes whoever answered first among those waiting.
    let first_waiting = answers
        .iter()
        .find(|(_, a)| *a == Answer::Waiting { position: 1 })
        .unwrap()
        .0;
    let leaver = answers.iter().find(|(_, a)| *a == Answer::Going).unwrap().0;
    let promoted = in_transaction(&mut c, |c| events::not_going(c, &site(), leaver, event.id, at, now())).unwrap();
    assert_eq!(promoted, vec![first_waiting]);
    // Everyone behind moves up one place.
    assert_eq!(
        events::answer(&mut c, event.id, at, recorded[11]).unwrap(),
        Some(Answer::Waiting { position: 1 })
    );
    assert_eq!(
        events::answer(&mut c, event.id, at, recorded[199]).unwrap(),
        Some(Answer::Waiting { position: 189 })
    );
}

db_test!(fn two_hundred_people_for_the_last_ten_places_at_once(db) {
    contention(db);
});

db_test!(fn a_deleted_account_gives_up_its_place_to_the_next_person(db) {
    let mut c = db.conn();
    let (org, group, event) = fixture(&mut c);
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    events::set_capacity(&mut c, &site(), &organiser, event.id, Some(1), now()).unwrap();
    let at = event.starts_at.unwrap();
    let (ann, bob) = (person(&mut c, "ann@example.org"), person(&mut c, "bob@example.org"));
    groups::join(&mut c, ann, group.id, "", now()).unwrap();
    events::going(&mut c, ann, event.id, at, now()).unwrap();
    events::going(&mut c, bob, event.id, at, now()).unwrap();
    c.transaction(|c| {
        community::forget(c, &site(), ann, now())?;
        Ok::<_, CommunityError>(accounts::flows::delete_account(c, &site(), ann, now())?)
    })
    .unwrap();
    assert_eq!(events::answer(&mut c, event.id, at, bob).unwrap(), Some(Answer::Going));
    assert_eq!(events::answer(&mut c, event.id, at, ann).unwrap(), None);
    assert_eq!(groups::membership(&mut c, group.id, ann).unwrap(), Membership::None);
    assert_eq!(outbox_to(&mut c, "bob@example.org").len(), 1, "told");
});

fn link_token(message: &mail::OutboxMessage, path: &str) -> String {
    let body = &message.text_body;
    let at = body.find(path).unwrap_or_else(|| panic!("no {path} in {body}")) + path.len();
    body[at..at + 64].to_owned()
}

fn guest(name: &str, email: &str) -> community::guests::Guest {
    community::guests::check(name, email).unwrap()
}

fn bad_link(r: Result<impl std::fmt::Debug, CommunityError>) -> bool {
    matches!(r, Err(CommunityError::Invalid { field: "link", .. }))
}

db_test!(fn a_guest_is_held_nothing_until_the_link_then_queues_like_a_member(db) {
    use community::guests;
    let mut c = db.conn();
    let (org, _, event) = fixture(&mut c);
    let at = event.starts_at.unwrap();
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    events::set_capacity(&mut c, &site(), &organiser, event.id, Some(1), now()).unwrap();
    let member = person(&mut c, "m@example.org");

    guests::request(&mut c, &site(), &event, at, &guest(" Gail ", "Gail@Example.org"), "192.0.2.1", now()).unwrap();
    let asked = outbox_to(&mut c, "gail@example.org");
    assert_eq!(asked.len(), 1);
    assert!(asked[0].subject.contains("Please confirm: Picnic"));
    let token = link_token(&asked[0], "/events/guest/confirm/");
    // Nothing held yet: the member still gets the one place.
    assert_eq!(events::going(&mut c, member, event.id, at, now()).unwrap(), Answer::Going);
    assert_eq!(guests::peek_confirm(&mut c, &token, now()).unwrap().0.id, event.id);

    let (l, answer) = guests::confirm(&mut c, &site(), &token, now()).unwrap();
    assert_eq!((l.id, answer), (event.id, Answer::Waiting { position: 1 }));
    assert!(bad_link(guests::confirm(&mut c, &site(), &token, now())), "a link works once");
    assert!(bad_link(guests::confirm(&mut c, &site(), &"0".repeat(64), now())));
    assert!(bad_link(guests::confirm(&mut c, &site(), "short", now())));
    let told = outbox_to(&mut c, "gail@example.org");
    assert_eq!(told.len(), 2);
    assert!(told[1].subject.contains("You're on the waiting list: Picnic"));
    assert!(told[1].text_body.contains("/events/guest/cancel/"));

    // The organisers see the guest, marked, by the name given.
    let list = events::attendees(&mut c, &organiser, event.id, now()).unwrap();
    let names: Vec<(&str, bool, Answer)> = list.sessions[0].attendees.iter().map(|a| (a.name.as_str(), a.guest, a.answer)).collect();
    assert_eq!(names[1], ("Gail", true, Answer::Waiting { position: 1 }));
    let csv = events::attendees_csv(&list);
    assert!(csv.starts_with("Session,Name,Answer,Place on waiting list,Answered,Guest\r\n"), "{csv}");
    assert!(csv.contains(",Gail,Waiting,1,") && csv.contains(",Guest\r\n"), "{csv}");

    // The member drops out: the guest is promoted and told at their address,
    // with a fresh cancel link.
    assert!(events::not_going(&mut c, &site(), member, event.id, at, now()).unwrap().is_empty());
    let told = outbox_to(&mut c, "gail@example.org");
    assert_eq!(told.len(), 3);
    assert!(told[2].subject.contains("A place has come up: Picnic"));
    let places = events::sessions(&mut c, &event, None, now(), 2).unwrap();
    assert_eq!((places[0].going, places[0].waiting), (1, 0));

    // Confirming again for the same session from the same address keeps the answer.
    guests::request(&mut c, &site(), &event, at, &guest("Gail", "gail@example.org"), "192.0.2.1", now()).unwrap();
    let again = link_token(&outbox_to(&mut c, "gail@example.org")[3], "/events/guest/confirm/");
    assert_eq!(guests::confirm(&mut c, &site(), &again, now()).unwrap().1, Answer::Going);
    let places = events::sessions(&mut c, &event, None, now(), 2).unwrap();
    assert_eq!((places[0].going, places[0].waiting), (1, 0));
});

db_test!(fn guests_are_forgotten_a_month_after_their_session(db) {
    use community::guests;
    let mut c = db.conn();
    let (_, _, event) = fixture(&mut c);
    let at = event.starts_at.unwrap();
    guests::request(&mut c, &site(), &event, at, &guest("Gail", "gail@example.org"), "192.0.2.1", now()).unwrap();
    let token = link_token(&outbox_to(&mut c, "gail@example.org")[0], "/events/guest/confirm/");
    guests::confirm(&mut c, &site(), &token, now()).unwrap();
    let guests_left = |c: &mut AnyConnection| {
        store::schema::event_guests::table.count().get_result::<i64>(c).unwrap()
    };
    let answers_left = |c: &mut AnyConnection| {
        store::schema::event_rsvps::table
            .filter(store::schema::event_rsvps::guest_id.is_not_null())
            .count()
            .get_result::<i64>(c)
            .unwrap()
    };
    assert_eq!((guests_left(&mut c), answers_left(&mut c)), (1, 1));
    // Not yet: the session is less than a month ago.
    let soon = at + guests::KEPT_AFTER_SESSION - chrono::Duration::minutes(1);
    assert_eq!(guests::forget_past(&mut c, soon, false).unwrap(), 0);
    let later = at + guests::KEPT_AFTER_SESSION + chrono::Duration::minutes(1);
    // A dry run counts and changes nothing.
    assert_eq!(guests::forget_past(&mut c, later, true).unwrap(), 1);
    assert_eq!((guests_left(&mut c), answers_left(&mut c)), (1, 1));
    assert_eq!(guests::forget_past(&mut c, later, false).unwrap(), 1);
    assert_eq!((guests_left(&mut c), answers_left(&mut c)), (0, 0));
});

db_test!(fn expired_guest_links_are_refused_and_requests_are_limited(db) {
    use community::guests;
    let mut c = db.conn();
    let (_, _, event) = fixture(&mut c);
    let at = event.starts_at.unwrap();
    let earlier = now() - guests::LINK_LIFETIME - Duration::minutes(1);
    guests::request(&mut c, &site(), &event, at, &guest("Old", "old@example.org"), "192.0.2.9", earlier).unwrap();
    let token = link_token(&outbox_to(&mut c, "old@example.org")[0], "/events/guest/confirm/");
    assert!(bad_link(guests::peek_confirm(&mut c, &token, now())));
    assert!(bad_link(guests::confirm(&mut c, &site(), &token, now())));
    assert!(events::sessions(&mut c, &event, None, now(), 2).unwrap()[0].going == 0);

    // Not a session, not an event: refused before anything is sent.
    assert!(guests::request(&mut c, &site(), &event, at + Duration::hours(1), &guest("A", "a@example.org"), "192.0.2.2", now()).is_err());
    // Checked fields, each problem by its field.
    let errors = guests::check("  ", "not an address").unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| match e { CommunityError::Invalid { field, .. } => *field, _ => "?" }).collect();
    assert_eq!(fields, vec!["name", "email"]);
    assert!(guests::check(&"x".repeat(81), "a@example.org").is_err());
    // Three requests an hour for one address; then a wait.
    for i in 0..3 {
        guests::request(&mut c, &site(), &event, at, &guest("Lim", "lim@example.org"), &format!("192.0.2.{}", 10 + i), now()).unwrap();
    }
    assert!(matches!(
        guests::request(&mut c, &site(), &event, at, &guest("Lim", "LIM@example.org"), "192.0.2.50", now()),
        Err(CommunityError::Account(accounts::AccountError::Throttled { .. }))
    ));
});

db_test!(fn a_guest_cancelling_by_link_gives_the_place_to_the_next_person(db) {
    use community::guests;
    let mut c = db.conn();
    let (org, _, event) = fixture(&mut c);
    let at = event.starts_at.unwrap();
    let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
    events::set_capacity(&mut c, &site(), &organiser, event.id, Some(1), now()).unwrap();
    guests::request(&mut c, &site(), &event, at, &guest("Gus", "gus@example.org"), "192.0.2.1", now()).unwrap();
    let token = link_token(&outbox_to(&mut c, "gus@example.org")[0], "/events/guest/confirm/");
    assert_eq!(guests::confirm(&mut c, &site(), &token, now()).unwrap().1, Answer::Going);
    let member = person(&mut c, "m@example.org");
    assert_eq!(events::going(&mut c, member, event.id, at, now()).unwrap(), Answer::Waiting { position: 1 });

    let told = outbox_to(&mut c, "gus@example.org");
    assert!(told[1].subject.contains("You're going: Picnic"));
    let cancel = link_token(&told[1], "/events/guest/cancel/");
    assert_eq!(guests::peek_cancel(&mut c, &cancel).unwrap().id, event.id);
    let (_, promoted) = guests::cancel(&mut c, &site(), &cancel, now()).unwrap();
    assert_eq!(promoted, vec![member]);
    assert_eq!(events::answer(&mut c, event.id, at, member).unwrap(), Some(Answer::Going));
    assert_eq!(outbox_to(&mut c, "m@example.org").len(), 1);
    assert!(bad_link(guests::cancel(&mut c, &site(), &cancel, now())), "a cancel link works once");
    let list = events::attendees(&mut c, &organiser, event.id, now()).unwrap();
    assert_eq!(list.sessions[0].attendees.len(), 1);
});

db_test!(fn guests_and_members_at_once_get_exactly_the_places_left(db) {
    use community::guests;
    let (event, at, people, tokens) = {
        let mut c = db.conn();
        let (org, _, event) = fixture(&mut c);
        let organiser = actor(person(&mut c, "org@example.org"), vec![org.id], &[]);
        events::set_capacity(&mut c, &site(), &organiser, event.id, Some(8), now()).unwrap();
        let at = event.starts_at.unwrap();
        let people: Vec<i32> = (0..20).map(|i| person(&mut c, &format!("p{i}@example.org"))).collect();
        let tokens: Vec<String> = (0..20)
            .map(|i| {
                let email = format!("g{i}@example.org");
                guests::request(&mut c, &site(), &event, at, &guest("G", &email), &format!("192.0.2.{i}"), now()).unwrap();
                link_token(&outbox_to(&mut c, &email)[0], "/events/guest/confirm/")
            })
            .collect();
        (event, at, people, tokens)
    };
    let pool = store::open_pool(&db.url, 16).unwrap();
    let barrier = Arc::new(Barrier::new(people.len() + tokens.len()));
    let mut threads = Vec::new();
    for p in people {
        let (pool, barrier) = (pool.clone(), barrier.clone());
        threads.push(std::thread::spawn(move || {
            barrier.wait();
            let mut conn = pool.get().unwrap();
            in_transaction(&mut conn, |c| events::going(c, p, event.id, at, now())).unwrap()
        }));
    }
    for token in tokens {
        let (pool, barrier) = (pool.clone(), barrier.clone());
        threads.push(std::thread::spawn(move || {
            barrier.wait();
            let mut conn = pool.get().unwrap();
            in_transaction(&mut conn, |c| guests::confirm(c, &site(), &token, now())).unwrap().1
        }));
    }
    let answers: Vec<Answer> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(answers.iter().filter(|a| **a == Answer::Going).count(), 8);
    let mut positions: Vec<i64> = answers
        .iter()
        .filter_map(|a| match a {
            Answer::Waiting { position } => Some(*position),
            Answer::Going => None,
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=32).collect::<Vec<i64>>());
    let places = events::sessions(&mut db.conn(), &event, None, now(), 1).unwrap();
    assert_eq!((places[0].going, places[0].waiting), (8, 32));
});
