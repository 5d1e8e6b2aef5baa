//! A referral's steps on both databases: each writes a timeline row and an
//! audit entry, steps out of order are refused with a message, the
//! referrer hears only what they asked for, and pauses stop the clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use accounts::Role;
use chrono::{Duration, NaiveDate};
use common::*;
use diesel::prelude::*;
use referral::tasks::{due_tasks, Programme, Task};
use referral::{
    Allocation, CallOutcome, Closing, Complexity, FirstCall, Outcome, Referral, ReferralError, Staff, Status,
};
use store::schema::{audit_log, referral_events};
use store::{db_test, AnyConnection};

fn timeline(conn: &mut AnyConnection, id: i32) -> Vec<(String, String)> {
    referral_events::table
        .filter(referral_events::referral_id.eq(id))
        .order(referral_events::id)
        .select((referral_events::kind, referral_events::note))
        .load(conn)
        .unwrap()
}

fn call(outcome: CallOutcome, suitable: Option<bool>) -> FirstCall<'static> {
    FirstCall {
        outcome,
        suitable,
        reason: "",
        note: "",
    }
}

fn closing(outcome: Outcome, summary: &'static str) -> Closing<'static> {
    Closing {
        outcome,
        referred_to: "",
        summary,
    }
}

db_test!(fn a_professional_referral_runs_from_first_call_to_closing_with_the_referrer_told(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let other = staff(&mut conn, "other@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let c = Staff::new(&coach);
    let form = professional_form("Ann", "ot@lambeth.nhs.net", true);
    let id = referral::submit_professional(&mut conn, &site(), &form, None, HERE, now).unwrap().referral_id.unwrap();

    // Illegal steps are refused with a message.
    let err = referral::book_assessment(&mut conn, &c, id, now, "", now).unwrap_err();
    assert!(matches!(err, ReferralError::Transition(_)));
    assert!(err.to_string().contains("first call"));
    assert!(matches!(referral::start(&mut conn, &c, id, "", now), Err(ReferralError::Transition(_))));
    assert!(matches!(
        referral::close(&mut conn, &site(), &c, id, &closing(Outcome::Completed, "Done"), now),
        Err(ReferralError::Transition(_))
    ));

    // Triage: two attempts, then reached.
    let r = referral::record_first_call(&mut conn, &site(), &c, id, &call(CallOutcome::NoAnswer, None), now).unwrap();
    assert_eq!(r.status(), Status::FirstCall);
    assert!(r.first_contact_at.is_none());
    let err = referral::record_first_call(&mut conn, &site(), &c, id, &call(CallOutcome::Reached, None), now).unwrap_err();
    assert!(matches!(err, ReferralError::Invalid { field: "suitable", .. }));
    let r = referral::record_first_call(&mut conn, &site(), &c, id, &call(CallOutcome::Reached, Some(true)), now + Duration::hours(1)).unwrap();
    assert!(r.first_contact_at.is_some());

    // Assessment.
    let meeting = now + Duration::days(3);
    referral::book_assessment(&mut conn, &c, id, meeting, "At the library", now).unwrap();
    assert!(matches!(
        referral::allocate(&mut conn, &site(), &m, id, &Allocation { worker_id: coach.person_id, service_id: None, note: "" }, now),
        Err(ReferralError::Transition(_))
    ), "not before the assessment is held");
    let r = referral::record_assessment(&mut conn, &c, id, Complexity::Medium, "", meeting).unwrap();
    assert_eq!(r.complexity.as_deref(), Some("medium"));

    // Only managers allocate, and only to coaches and volunteers.
    let to_coach = Allocation { worker_id: coach.person_id, service_id: None, note: "Lives nearby" };
    assert!(matches!(referral::allocate(&mut conn, &site(), &c, id, &to_coach, meeting), Err(ReferralError::Forbidden)));
    let to_manager = Allocation { worker_id: manager.person_id, ..to_coach };
    assert!(matches!(
        referral::allocate(&mut conn, &site(), &m, id, &to_manager, meeting),
        Err(ReferralError::Invalid { field: "worker", .. })
    ));
    let r = referral::allocate(&mut conn, &site(), &m, id, &to_coach, meeting).unwrap();
    assert_eq!((r.status(), r.worker_id), (Status::Allocated, Some(coach.person_id)));
    // Now another coach cannot see or change it.
    let o = Staff::new(&other);
    assert!(matches!(referral::start(&mut conn, &o, id, "", meeting), Err(ReferralError::Forbidden)));

    // The programme, with a pause.
    let day1 = meeting + Duration::days(1);
    referral::start(&mut conn, &c, id, "Met for coffee", day1).unwrap();
    assert!(matches!(referral::pause(&mut conn, &c, id, " ", day1), Err(ReferralError::Invalid { field: "reason", .. })));
    referral::pause(&mut conn, &c, id, "In hospital", day1 + Duration::days(7)).unwrap();
    assert!(matches!(referral::pause(&mut conn, &c, id, "again", day1), Err(ReferralError::Transition(_))));
    assert!(matches!(referral::record_session(&mut conn, &c, id, "", day1), Err(ReferralError::Transition(_))));
    referral::resume(&mut conn, &c, id, "Home again", day1 + Duration::days(21)).unwrap();
    referral::record_session(&mut conn, &c, id, "", day1 + Duration::days(22)).unwrap();
    let review_day = day1 + Duration::days(50);
    let review = referral::reviews::ReviewForm {
        date: referral::tasks::london_date(review_day).format("%d/%m/%Y").to_string(),
        gone_well: "Going well".into(),
        next_steps: "More of the same".into(),
    };
    referral::reviews::record(&mut conn, &c, id, referral::reviews::ReviewKind::SixWeek, &review, review_day).unwrap();

    // Closing needs a summary; referred elsewhere needs where.
    let err = referral::close(&mut conn, &site(), &c, id, &closing(Outcome::ReferredElsewhere, " "), day1).unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["referred_to", "summary"]);
    let r = referral::close(&mut conn, &site(), &c, id, &closing(Outcome::Completed, "Joined a choir"), day1 + Duration::days(100)).unwrap();
    assert_eq!((r.status(), r.outcome()), (Status::Closed, Some(Outcome::Completed)));
    assert!(matches!(
        referral::close(&mut conn, &site(), &c, id, &closing(Outcome::Declined, "x"), day1),
        Err(ReferralError::Transition(_))
    ));

    let kinds: Vec<String> = timeline(&mut conn, id).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        kinds,
        [
            "received", "email_sent", "first_call", "first_call", "email_sent", "assessment_booked",
            "assessment_held", "allocated", "email_sent", "started", "paused", "resumed", "session", "review",
            "closed", "email_sent",
        ]
    );
    let notes = timeline(&mut conn, id);
    assert_eq!(notes[7].1, "Allocated to coach@kith.test. Lives nearby");
    assert_eq!(notes[10].1, "Paused. In hospital");
    // The referrer heard: received, first contact, allocated, closed.
    let subjects: Vec<String> = emails_to(&mut conn, "ot@lambeth.nhs.net").into_iter().map(|m| m.subject).collect();
    assert_eq!(subjects.len(), 4, "{subjects:?}");
    assert!(subjects[1].contains("spoken to") && subjects[2].contains("named worker") && subjects[3].contains("closed"));
    // Every change is in the audit log, by who made it.
    let actions: Vec<(Option<i32>, String)> = audit_log::table
        .filter(audit_log::subject.eq(format!("referral:{id}")))
        .order(audit_log::id)
        .select((audit_log::actor_id, audit_log::action))
        .load(&mut *conn)
        .unwrap();
    // 13: the review is recorded on its own record, which is audited besides the step.
    assert_eq!(actions.len(), 13);
    assert_eq!(actions[0], (None, "referral.created".to_owned()));
    assert_eq!(actions[5], (Some(manager.person_id), "referral.allocated".to_owned()));
});

db_test!(fn referrers_hear_nothing_more_without_asking_and_consent_and_disengagement_is_its_own_email(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let m = Staff::new(&manager);
    // Asked for updates, but the person did not agree: only the acknowledgement.
    let mut form = professional_form("Bo", "gp@surgery.nhs.net", true);
    form.person_agreed_to_updates.clear();
    let id = referral::submit_professional(&mut conn, &site(), &form, None, HERE, now).unwrap().referral_id.unwrap();
    referral::record_first_call(&mut conn, &site(), &m, id, &call(CallOutcome::Reached, Some(true)), now).unwrap();
    referral::close(&mut conn, &site(), &m, id, &closing(Outcome::Declined, "Changed their mind"), now).unwrap();
    assert_eq!(emails_to(&mut conn, "gp@surgery.nhs.net").len(), 1);

    let form = professional_form("Cy", "hw@housing.example.org", true);
    let id = referral::submit_professional(&mut conn, &site(), &form, None, HERE, now).unwrap().referral_id.unwrap();
    referral::close(&mut conn, &site(), &m, id, &closing(Outcome::Disengaged, "No reply to five calls"), now).unwrap();
    let mail = emails_to(&mut conn, "hw@housing.example.org");
    assert_eq!(mail.len(), 2);
    assert!(mail[1].subject.contains("stopped taking part"));
    assert!(!mail[1].text_body.contains("five calls"), "the summary stays with the team");

    // Not suitable needs a reason.
    let id = submit(&mut conn, "Di", now);
    let not = FirstCall { outcome: CallOutcome::Reached, suitable: Some(false), reason: "", note: "" };
    assert!(matches!(referral::record_first_call(&mut conn, &site(), &m, id, &not, now), Err(ReferralError::Invalid { field: "reason", .. })));
    let not = FirstCall { reason: "Needs specialist support", ..not };
    let r = referral::record_first_call(&mut conn, &site(), &m, id, &not, now).unwrap();
    assert_eq!(r.suitable, Some(false));
    assert!(matches!(referral::book_assessment(&mut conn, &m, id, now, "", now), Err(ReferralError::Transition(_))));
});

db_test!(fn due_tasks_follow_the_dates_and_pauses_move_them(db) {
    let mut conn = db.conn();
    let now = t0(); // Tuesday 1 December 2026
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let id = submit(&mut conn, "Flo", now);
    let load = |conn: &mut AnyConnection| -> Referral {
        store::schema::referrals::table.find(id).select(Referral::as_select()).first(conn).unwrap()
    };
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let tasks = due_tasks(&load(&mut conn), Programme::Weeks(12), &[], now);
    assert_eq!(tasks.len(), 1);
    assert_eq!((tasks[0].task, tasks[0].due_on, tasks[0].due_now), (Task::FirstCall, Some(day(3)), false));

    referral::record_first_call(&mut conn, &site(), &m, id, &call(CallOutcome::Reached, Some(true)), now).unwrap();
    referral::book_assessment(&mut conn, &m, id, now, "", now).unwrap();
    referral::record_assessment(&mut conn, &m, id, Complexity::Low, "", now).unwrap();
    // Allocated on Friday 4th: the worker's first call is due Tuesday 8th.
    let friday = now + Duration::days(3);
    let alloc = Allocation { worker_id: coach.person_id, service_id: None, note: "" };
    referral::allocate(&mut conn, &site(), &m, id, &alloc, friday).unwrap();
    let tasks = due_tasks(&load(&mut conn), Programme::Weeks(12), &[], friday);
    assert_eq!((tasks[0].task, tasks[0].due_on), (Task::FirstCall, Some(day(8))));

    let c = Staff::new(&coach);
    referral::start(&mut conn, &c, id, "", now + Duration::days(6)).unwrap(); // Monday 7th
    let r = load(&mut conn);
    let tasks = due_tasks(&r, Programme::Weeks(12), &[], now + Duration::days(6));
    assert_eq!(tasks.iter().map(|t| (t.task, t.due_on.unwrap())).collect::<Vec<_>>(), [
        (Task::Review, day(7) + Duration::weeks(6)),
        (Task::FinalMeeting, day(7) + Duration::weeks(12)),
    ]);
    // Ten days' pause moves both by ten days, and still counts while it lasts.
    referral::pause(&mut conn, &c, id, "Flu", now + Duration::days(10)).unwrap();
    let pauses: Vec<referral::Pause> = store::schema::referral_pauses::table.select(referral::Pause::as_select()).load(&mut *conn).unwrap();
    let during = due_tasks(&load(&mut conn), Programme::Weeks(12), &pauses, now + Duration::days(15));
    assert!(during[0].paused);
    assert_eq!(during[0].due_on, Some(day(7) + Duration::weeks(6) + Duration::days(5)));
    referral::resume(&mut conn, &c, id, "", now + Duration::days(20)).unwrap();
    let pauses: Vec<referral::Pause> = store::schema::referral_pauses::table.select(referral::Pause::as_select()).load(&mut *conn).unwrap();
    let after = due_tasks(&load(&mut conn), Programme::Weeks(12), &pauses, now + Duration::days(60));
    assert_eq!(after[1].due_on, Some(day(7) + Duration::weeks(12) + Duration::days(10)));
    assert!(!after[0].paused && after[0].due_now, "the review is due by day 60");

    // Counted in sessions: the review after half, the final meeting before the last.
    let r = load(&mut conn);
    let tasks = due_tasks(&r, Programme::Sessions(8), &[], now);
    assert_eq!(tasks.iter().map(|t| (t.task, t.after_session.unwrap(), t.due_now)).collect::<Vec<_>>(), [
        (Task::Review, 4, false),
        (Task::FinalMeeting, 7, false),
    ]);
});

db_test!(fn services_set_the_programme_length(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    assert!(matches!(
        referral::add_service(&mut conn, &Staff::new(&coach), "Walks", Programme::Weeks(8), now),
        Err(ReferralError::Forbidden)
    ));
    let m = Staff::new(&manager);
    assert!(referral::add_service(&mut conn, &m, "Walks", Programme::Weeks(0), now).is_err());
    let s = referral::add_service(&mut conn, &m, "Own pace", Programme::Sessions(10), now).unwrap();
    assert_eq!(Programme::of(Some(&s)), Programme::Sessions(10));
    assert_eq!(referral::services(&mut conn).unwrap().len(), 1);
});
