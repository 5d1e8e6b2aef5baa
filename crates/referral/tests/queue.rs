//! The shared queue, caseload counts and "my caseload" on both databases,
//! including with 10,000 referrals in the database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use std::time::Instant;

use accounts::Role;
use chrono::Duration;
use common::*;
use diesel::prelude::*;
use referral::model::NewReferral;
use referral::tasks::Task;
use referral::{Allocation, CallOutcome, Complexity, FirstCall, ReferralError, Staff, Status};
use store::schema::referrals;
use store::{db_test, AnyConnection};

fn ready_to_allocate(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, now: chrono::NaiveDateTime) {
    let reached = FirstCall {
        outcome: CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "",
    };
    referral::record_first_call(conn, &site(), by, id, &reached, now).unwrap();
    referral::book_assessment(conn, by, id, now, "", now).unwrap();
    referral::record_assessment(conn, by, id, Complexity::Low, "", now).unwrap();
}

db_test!(fn the_queue_is_oldest_first_and_flags_late_first_contact(db) {
    let mut conn = db.conn();
    let now = t0(); // Tuesday
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let c = Staff::new(&coach);
    let old = submit(&mut conn, "Old", now - Duration::days(5)); // Thursday before: due Monday
    let fresh = submit(&mut conn, "Fresh", now);
    let friday = submit(&mut conn, "Friday", now - Duration::days(4)); // due Tuesday, today
    let q = referral::queue(&mut conn, &c, now, 100).unwrap();
    assert_eq!(q.iter().map(|i| i.id).collect::<Vec<_>>(), [old, friday, fresh]);
    assert_eq!(q.iter().map(|i| i.days_waiting).collect::<Vec<_>>(), [5, 4, 0]);
    assert_eq!(q.iter().map(|i| i.overdue).collect::<Vec<_>>(), [true, false, false]);
    // A first contact ends the flag; a no-answer call does not.
    let no_answer = FirstCall { outcome: CallOutcome::NoAnswer, suitable: None, reason: "", note: "" };
    referral::record_first_call(&mut conn, &site(), &c, old, &no_answer, now).unwrap();
    assert!(referral::queue(&mut conn, &c, now, 100).unwrap()[0].overdue);
    let reached = FirstCall { outcome: CallOutcome::Reached, suitable: Some(true), ..no_answer };
    referral::record_first_call(&mut conn, &site(), &c, old, &reached, now).unwrap();
    let q = referral::queue(&mut conn, &c, now, 100).unwrap();
    assert_eq!((q[0].status, q[0].overdue), (Status::FirstCall, false));

    // A reference read out on the phone finds it.
    let reference = &q[1].reference;
    let spoken = reference.to_lowercase().replace('-', " ");
    assert_eq!(referral::find_reference(&mut conn, &c, &spoken).unwrap(), Some(friday));
    assert_eq!(referral::find_reference(&mut conn, &c, "KC-UUUUU").unwrap(), None);

    // Not for people outside the team.
    let editor = staff(&mut conn, "editor@kith.test", Role::Editor, now);
    assert!(matches!(referral::queue(&mut conn, &Staff::new(&editor), now, 100), Err(ReferralError::Forbidden)));
});

db_test!(fn caseloads_count_open_work_and_my_caseload_shows_what_is_due(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let ann = staff(&mut conn, "ann@kith.test", Role::Coach, now);
    let bob = staff(&mut conn, "bob@kith.test", Role::Volunteer, now);
    let m = Staff::new(&manager);
    for (i, worker) in [ann.person_id, ann.person_id, bob.person_id].into_iter().enumerate() {
        let id = submit(&mut conn, &format!("P{i}"), now);
        ready_to_allocate(&mut conn, &m, id, now);
        referral::allocate(&mut conn, &site(), &m, id, &Allocation { worker_id: worker, service_id: None, note: "" }, now).unwrap();
        if i == 0 {
            referral::start(&mut conn, &m, id, "", now).unwrap();
        }
    }
    let loads = referral::caseloads(&mut conn, &m).unwrap();
    assert_eq!(
        loads.iter().map(|w| (w.display_name.as_str(), w.open)).collect::<Vec<_>>(),
        [("bob@kith.test", 1), ("ann@kith.test", 2)]
    );
    assert!(matches!(referral::caseloads(&mut conn, &Staff::new(&ann)), Err(ReferralError::Forbidden)));

    let mine = referral::caseload(&mut conn, &Staff::new(&ann), ann.person_id, now).unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].name, "P1", "the introductory call is due soonest");
    assert_eq!(mine[0].tasks[0].task, Task::FirstCall);
    assert_eq!(mine[1].tasks.iter().map(|t| t.task).collect::<Vec<_>>(), [Task::Review, Task::FinalMeeting]);
    // Someone else's caseload only for managers, and every name shown is audited.
    assert!(matches!(referral::caseload(&mut conn, &Staff::new(&bob), ann.person_id, now), Err(ReferralError::Forbidden)));
    assert_eq!(referral::caseload(&mut conn, &m, ann.person_id, now).unwrap().len(), 2);
    let listed: i64 = store::schema::audit_log::table
        .filter(store::schema::audit_log::action.eq("referral.listed"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(listed, 4);
});

db_test!(fn the_queue_stays_fast_with_ten_thousand_referrals(db) {
    let mut conn = db.conn();
    let now = t0();
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let base = |i: usize, status: Status| NewReferral {
        reference: format!("KC-{i:05}"),
        idempotency_key: format!("{i:032x}"),
        kind: "self",
        status: status.code(),
        borough_id: None,
        consent_wording_version: referral::CONSENT_WORDING_VERSION,
        consent_given_at: now,
        referrer_person_id: None,
        person_agreed: true,
        referrer_wants_updates: false,
        updates_consent: false,
        suitability_reason: String::new(),
        sessions_held: 0,
        referred_to: String::new(),
        closing_summary: String::new(),
        created_at: now - Duration::minutes(i as i64),
        updated_at: now,
    };
    for chunk in 0..10 {
        let rows: Vec<NewReferral> = (chunk * 1000..(chunk + 1) * 1000)
            .map(|i| base(i, if i % 50 == 0 { Status::New } else { Status::Closed }))
            .collect();
        match &mut *conn {
            AnyConnection::Postgresql(c) => diesel::insert_into(referrals::table).values(&rows).execute(c),
            AnyConnection::Sqlite(c) => diesel::insert_into(referrals::table).values(&rows).execute(c),
        }
        .unwrap();
    }
    let c = Staff::new(&coach);
    referral::queue(&mut conn, &c, now, 500).unwrap();
    let started = Instant::now();
    let mut n = 0;
    for _ in 0..20 {
        n = referral::queue(&mut conn, &c, now, 500).unwrap().len();
    }
    let each = started.elapsed() / 20;
    assert_eq!(n, 200);
    eprintln!("queue of 200 among 10,000 on {:?}: {each:?}", db.backend);
    assert!(each < std::time::Duration::from_millis(50), "{each:?}");
});
