//! Casework on both databases: the contact log and the outcome measures,
//! who may write them, their audit entries, and what export and erasure do
//! with them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use accounts::Role;
use chrono::Duration;
use common::*;
use diesel::prelude::*;
use referral::casework::{ContactForm, Totals};
use referral::measures::{Instrument, Meaning, MeasureForm};
use referral::{Allocation, CallOutcome, Closing, Complexity, FirstCall, Outcome, ReferralError, Staff};
use store::schema::{audit_log, casework_contacts, casework_measures};
use store::{db_test, AnyConnection};

/// A referral allocated to `worker_id` and started at `now`.
fn started(conn: &mut AnyConnection, m: &Staff<'_>, worker_id: i32, now: chrono::NaiveDateTime) -> i32 {
    let id = submit(conn, "Mary Example", now);
    let reached = FirstCall {
        outcome: CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "",
    };
    referral::record_first_call(conn, &site(), m, id, &reached, now).unwrap();
    referral::book_assessment(conn, m, id, now, "", now).unwrap();
    referral::record_assessment(conn, m, id, Complexity::Medium, "", now).unwrap();
    let allocation = Allocation {
        worker_id,
        service_id: None,
        note: "",
    };
    referral::allocate(conn, &site(), m, id, &allocation, now).unwrap();
    referral::start(conn, m, id, "", now).unwrap();
    id
}

fn contact(date: &str, mode: &str, minutes: &str, note: &str) -> ContactForm {
    ContactForm {
        date: date.into(),
        mode: mode.into(),
        minutes: minutes.into(),
        note: note.into(),
    }
}

fn measure(point: &str, date: &str, answers: &str) -> MeasureForm {
    MeasureForm {
        point: point.into(),
        date: date.into(),
        answers: answers.split_whitespace().map(str::to_owned).collect(),
    }
}

fn fields(e: ReferralError) -> Vec<&'static str> {
    e.field_errors().into_iter().map(|f| f.field).collect()
}

db_test!(fn contacts_are_logged_checked_totalled_and_audited(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let other = staff(&mut conn, "other@kith.test", Role::Coach, now);
    let id = started(&mut conn, &Staff::new(&manager), coach.person_id, now);
    let by = Staff::new(&coach);
    let later = now + Duration::days(9);

    // Every problem at once, each on its field.
    let e = referral::casework::log_contact(&mut conn, &by, id, &contact("31/02/2026", "fax", "lots", ""), later).unwrap_err();
    assert_eq!(fields(e), ["date", "mode", "minutes"]);
    let e = referral::casework::log_contact(&mut conn, &by, id, &contact("20/12/2026", "phone", "-5", &"x".repeat(1001)), later).unwrap_err();
    assert_eq!(fields(e), ["date", "minutes", "note"], "a future date, negative minutes, a long note");
    let e = referral::casework::log_contact(&mut conn, &by, id, &contact("30/11/2026", "phone", "5", ""), later).unwrap_err();
    assert!(e.field_errors()[0].message.contains("1 December 2026, when the referral arrived"));

    for (date, mode, minutes) in [
        ("01/12/2026", "face_to_face", "60"),
        ("03/12/2026", "accompanied", "120"),
        ("09/12/2026", "phone", "20"),
        ("10/12/2026", "text", "2"),
        ("10/12/2026", "email", "5"),
    ] {
        referral::casework::log_contact(&mut conn, &by, id, &contact(date, mode, minutes, "Met at the café"), later).unwrap();
    }
    // Another coach may not log on a case that is not theirs.
    let e = referral::casework::log_contact(&mut conn, &Staff::new(&other), id, &contact("10/12/2026", "phone", "5", ""), later).unwrap_err();
    assert!(matches!(e, ReferralError::Forbidden));

    let record = referral::view(&mut conn, &by, id, later).unwrap();
    assert_eq!(record.contacts.len(), 5);
    assert_eq!(record.contacts[0].worker_id, Some(coach.person_id));
    let totals = Totals::of(&record.contacts);
    assert_eq!(totals.summary(), "1 call, 2 texts/emails, 3 h face to face, 3 h 27 min in all");
    let weeks = referral::casework::by_week(&record.contacts, Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()));
    assert_eq!(weeks.iter().map(|w| w.in_person_minutes).collect::<Vec<_>>(), [180, 0]);
    assert_eq!((weeks[1].calls, weeks[1].messages), (1, 2));

    let logged: i64 = audit_log::table
        .filter(audit_log::action.eq("referral.contact_logged"))
        .filter(audit_log::subject.eq(format!("referral:{id}")))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(logged, 5, "every contact logged is in the audit log, and refused ones are not");
});

db_test!(fn measures_are_scored_replaced_exported_and_erased(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let id = started(&mut conn, &m, coach.person_id, now);
    let by = Staff::new(&coach);
    let end = now + Duration::weeks(12);

    let e = referral::measures::record(&mut conn, &by, id, Instrument::Swemwbs, &measure("middle", "", "1 2 3 9"), end).unwrap_err();
    assert_eq!(fields(e), ["point", "date", "item-4", "item-5", "item-6", "item-7"]);
    // Start: raw 17 (16.88); a first try at the end, replaced by the real one: raw 23 (20.73).
    referral::measures::record(&mut conn, &by, id, Instrument::Swemwbs, &measure("start", "01/12/2026", "3 2 2 3 2 3 2"), now).unwrap();
    referral::measures::record(&mut conn, &by, id, Instrument::Swemwbs, &measure("end", "23/02/2027", "1 1 1 1 1 1 1"), end).unwrap();
    let last = referral::measures::record(&mut conn, &by, id, Instrument::Swemwbs, &measure("end", "23/02/2027", "4 3 3 3 3 4 3"), end).unwrap();
    assert_eq!((last.total, last.metric()), (23, Some(2073)));
    referral::measures::record(&mut conn, &by, id, Instrument::Ons4, &measure("start", "01/12/2026", "4 5 4 7"), now).unwrap();
    referral::measures::record(&mut conn, &by, id, Instrument::Ucla3, &measure("start", "01/12/2026", "3 3 2"), now).unwrap();
    let e = referral::measures::record(&mut conn, &by, id, Instrument::Ucla3, &measure("end", "23/02/2027", "3 4 0"), end).unwrap_err();
    assert_eq!(fields(e), ["item-2", "item-3"]);

    let record = referral::view(&mut conn, &by, id, end).unwrap();
    let swemwbs: Vec<_> = record.measures.iter().filter(|m| m.instrument() == Some(Instrument::Swemwbs)).collect();
    assert_eq!(swemwbs.len(), 2, "recording the end again replaced it");
    assert_eq!(swemwbs[0].point, "start");
    assert_eq!(swemwbs[1].answers(), [4, 3, 3, 3, 3, 4, 3]);
    assert_eq!(referral::measures::swemwbs_change(swemwbs[0].total, swemwbs[1].total), Some((385, Meaning::Improved)));
    assert_eq!(record.measures.len(), 4);

    // The subject access export has them, and the contacts.
    referral::casework::log_contact(&mut conn, &by, id, &contact("02/12/2026", "phone", "10", "Talked about the garden"), end).unwrap();
    let json = referral::export(&mut conn, &m, id, end).unwrap();
    let text = json.to_string();
    assert!(text.contains("\"responses\":\"4 3 3 3 3 4 3\"") && text.contains("Talked about the garden"), "{text}");

    // Erasure removes the answers and the notes; the contact's date, mode
    // and minutes stay for the team's figures.
    let closing = Closing { outcome: Outcome::Completed, referred_to: "", summary: "Goes to the garden weekly" };
    referral::close(&mut conn, &site(), &m, id, &closing, end).unwrap();
    referral::erase(&mut conn, &Staff::because(&manager, "Asked"), id, end).unwrap();
    let left: i64 = casework_measures::table.filter(casework_measures::referral_id.eq(id)).count().get_result(&mut *conn).unwrap();
    assert_eq!(left, 0);
    let contacts: Vec<(String, i32, String)> = casework_contacts::table
        .filter(casework_contacts::referral_id.eq(id))
        .select((casework_contacts::mode, casework_contacts::minutes, casework_contacts::note))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(contacts, [("phone".to_owned(), 10, String::new())]);
    // Nothing more can be written on an erased referral.
    let e = referral::casework::log_contact(&mut conn, &m, id, &contact("02/12/2026", "phone", "10", ""), end).unwrap_err();
    assert!(matches!(e, ReferralError::Transition(_)));
});

db_test!(fn goals_and_steps_link_listings_count_activities_and_go_with_erasure(db) {
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    use referral::goals::{Activity, StepForm};
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let id = started(&mut conn, &m, coach.person_id, now);
    let by = Staff::new(&coach);
    let garden = l::insert(&mut conn, &listing(directory::Kind::Group, "Community Garden", 22, now), &Tags::default()).unwrap();
    let step = |words: &str, listing: &str, activity: &str, status: &str, why: &str| StepForm {
        words: words.into(),
        due: "14/12/2026".into(),
        listing: listing.into(),
        activity: activity.into(),
        status: status.into(),
        stopped_why: why.into(),
    };

    let e = referral::goals::add_goal(&mut conn, &by, id, "   ", now).unwrap_err();
    assert_eq!(fields(e), ["words"]);
    let goal = referral::goals::add_goal(&mut conn, &by, id, "I want to be outdoors and make things again", now).unwrap();

    // Every problem at once: no words, a bad date, a link to nothing, an
    // unknown kind, stopped without why.
    let bad = StepForm { due: "soon".into(), ..step("", "/groups/no-such-group", "juggling", "stopped", "") };
    let e = referral::goals::add_step(&mut conn, &by, id, goal.id, &bad, now).unwrap_err();
    assert_eq!(fields(e), ["words", "due", "listing", "activity", "stopped_why"]);
    let link = format!("https://kith.example.org/groups/{}?from=search", garden.slug);
    let s = referral::goals::add_step(&mut conn, &by, id, goal.id, &step("Open morning at the garden", &link, "volunteering", "planned", "ignored"), now).unwrap();
    assert_eq!((s.listing_id, s.activity(), s.stopped_why.as_str()), (Some(garden.id), Some(Activity::Volunteering), ""));
    referral::goals::add_step(&mut conn, &by, id, goal.id, &step("Pilates at the gym", "", "exercise", "stopped", "Too early in the day"), now).unwrap();
    // A goal of another referral is not found.
    let other = started(&mut conn, &m, coach.person_id, now);
    let e = referral::goals::add_step(&mut conn, &by, other, goal.id, &step("x", "", "", "planned", ""), now).unwrap_err();
    assert!(matches!(e, ReferralError::NotFound { what: "goal" }));

    let record = referral::view(&mut conn, &by, id, now).unwrap();
    assert_eq!(referral::goals::accessed(&record.steps).1, 0, "nothing tried yet");
    referral::goals::update_step(&mut conn, &by, id, s.id, &step("Open morning at the garden", &link, "volunteering", "regular", ""), now).unwrap();
    let e = referral::goals::update_step(&mut conn, &by, other, s.id, &step("x", "", "", "planned", ""), now).unwrap_err();
    assert!(matches!(e, ReferralError::NotFound { what: "step" }), "a step is changed only through its own referral");
    let record = referral::view(&mut conn, &by, id, now).unwrap();
    let (counts, listings) = referral::goals::accessed(&record.steps);
    assert_eq!(listings, 1);
    assert!(counts.contains(&(Activity::Volunteering, 1)) && counts.contains(&(Activity::Exercise, 0)));
    assert!(referral::export(&mut conn, &m, id, now).unwrap().to_string().contains("Too early in the day"));

    let closing = Closing { outcome: Outcome::Completed, referred_to: "", summary: "Volunteers weekly" };
    referral::close(&mut conn, &site(), &m, id, &closing, now).unwrap();
    referral::erase(&mut conn, &Staff::because(&manager, "Asked"), id, now).unwrap();
    let record = referral::view(&mut conn, &m, id, now).unwrap();
    assert!(record.goals.is_empty() && record.steps.is_empty());
});

db_test!(fn network_maps_are_drawn_at_the_start_and_the_end_with_the_new_connections(db) {
    use referral::network::{new_connections, ConnectionForm};
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let id = started(&mut conn, &m, coach.person_id, now);
    let by = Staff::new(&coach);
    let person = |point: &str, name: &str, relationship: &str, ring: &str, is_new: bool| ConnectionForm {
        point: point.into(),
        name: name.into(),
        relationship: relationship.into(),
        ring: ring.into(),
        is_new,
    };
    let e = referral::network::add(&mut conn, &by, id, &person("follow_up", "Mary Ann Smith", "", "4", false), now).unwrap_err();
    assert_eq!(fields(e), ["point", "name", "relationship", "ring"]);
    referral::network::add(&mut conn, &by, id, &person("start", "Mum", "mother", "1", true), now).unwrap();
    referral::network::add(&mut conn, &by, id, &person("start", "J", "closest friend", "2", false), now).unwrap();
    assert_eq!(referral::network::copy_start_to_end(&mut conn, &by, id, now).unwrap(), 2);
    assert!(matches!(referral::network::copy_start_to_end(&mut conn, &by, id, now), Err(ReferralError::Transition(_))));
    let ali = referral::network::add(&mut conn, &by, id, &person("end", "Ali", "volunteer at the garden", "2", true), now).unwrap();
    referral::network::add(&mut conn, &by, id, &person("end", "Sue", "artist", "3", false), now).unwrap();
    let record = referral::view(&mut conn, &by, id, now).unwrap();
    assert_eq!(record.network.len(), 6);
    assert!(record.network.iter().all(|c| c.point == "end" || !c.is_new), "nobody is new on the start map");
    let new: Vec<&str> = new_connections(&record.network).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(new, ["Ali", "Sue"]);
    // Someone on another referral's map cannot be removed through this one.
    let other = started(&mut conn, &m, coach.person_id, now);
    assert!(matches!(referral::network::remove(&mut conn, &by, other, ali.id, now), Err(ReferralError::NotFound { .. })));
    referral::network::remove(&mut conn, &by, id, ali.id, now).unwrap();
    assert_eq!(referral::view(&mut conn, &by, id, now).unwrap().network.len(), 5);
    assert!(referral::export(&mut conn, &m, id, now).unwrap().to_string().contains("closest friend"));
    let closing = Closing { outcome: Outcome::Completed, referred_to: "", summary: "Sees friends again" };
    referral::close(&mut conn, &site(), &m, id, &closing, now).unwrap();
    referral::erase(&mut conn, &Staff::because(&manager, "Asked"), id, now).unwrap();
    assert!(referral::view(&mut conn, &m, id, now).unwrap().network.is_empty());
});

db_test!(fn strengths_and_barriers_are_kept_replaced_and_erased(db) {
    use referral::profile::{Barrier, BarrierAnswer};
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let id = started(&mut conn, &m, coach.person_id, now);
    let by = Staff::new(&coach);
    let e = referral::profile::add_strength(&mut conn, &by, id, "cat", " ", now).unwrap_err();
    assert_eq!(fields(e), ["whose", "words"]);
    referral::profile::add_strength(&mut conn, &by, id, "person", "A talented artist", now).unwrap();
    referral::profile::add_strength(&mut conn, &by, id, "coach", "Knows the garden's volunteers", now).unwrap();
    let answer = |b: &str, note: &str, done: &str| BarrierAnswer { barrier: b.into(), note: note.into(), done: done.into() };
    let e = referral::profile::set_barriers(&mut conn, &by, id, &[answer("ghosts", "", ""), answer("money", &"x".repeat(1001), "")], now).unwrap_err();
    assert_eq!(fields(e), ["barriers", "note-money"]);
    referral::profile::set_barriers(&mut conn, &by, id, &[answer("transport", "Buses make her anxious", "Walked the route together"), answer("anxiety", "Panic in crowds", "")], now).unwrap();
    let saved = referral::profile::set_barriers(&mut conn, &by, id, &[answer("anxiety", "Panic in crowds", "Breathing exercise before going in"), answer("anxiety", "twice", "")], now).unwrap();
    assert_eq!(saved.len(), 1, "the list is replaced, each barrier once");
    assert_eq!((saved[0].barrier(), saved[0].done.as_str()), (Some(Barrier::Anxiety), "Breathing exercise before going in"));
    let record = referral::view(&mut conn, &by, id, now).unwrap();
    assert_eq!(record.strengths.len(), 2);
    assert!(referral::export(&mut conn, &m, id, now).unwrap().to_string().contains("A talented artist"));
    let closing = Closing { outcome: Outcome::Completed, referred_to: "", summary: "Done" };
    referral::close(&mut conn, &site(), &m, id, &closing, now).unwrap();
    referral::erase(&mut conn, &Staff::because(&manager, "Asked"), id, now).unwrap();
    let record = referral::view(&mut conn, &m, id, now).unwrap();
    assert!(record.strengths.is_empty() && record.barriers.is_empty());
});
