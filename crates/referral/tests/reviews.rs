//! The 6-week review and the final meeting on both databases: due from the
//! programme start and moved by pauses, checked, saved (the 6-week review
//! holding the referral's review), taken off the caseload once recorded,
//! exported and erased.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use accounts::Role;
use chrono::{Duration, NaiveDate};
use common::*;
use diesel::prelude::*;
use referral::reviews::{ReviewForm, ReviewKind};
use referral::{Allocation, CallOutcome, Closing, Complexity, FirstCall, Outcome, ReferralError, Staff, Task};
use store::schema::{audit_log, casework_reviews};
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

fn review(date: &str, gone_well: &str, next_steps: &str) -> ReviewForm {
    ReviewForm {
        date: date.into(),
        gone_well: gone_well.into(),
        next_steps: next_steps.into(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The dated tasks on the coach's caseload for referral `id`.
fn coming_up(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    worker: i32,
    id: i32,
    now: chrono::NaiveDateTime,
) -> Vec<(Task, Option<NaiveDate>)> {
    referral::caseload(conn, by, worker, now)
        .unwrap()
        .into_iter()
        .find(|c| c.referral.id == id)
        .unwrap()
        .tasks
        .iter()
        .map(|t| (t.task, t.due_on))
        .collect()
}

db_test!(fn reviews_are_due_from_the_start_moved_by_pauses_and_done_once_recorded(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let by = Staff::new(&coach);
    let id = started(&mut conn, &m, coach.person_id, now);

    // Started Tuesday 1 December 2026: six weeks and twelve weeks on.
    assert_eq!(
        coming_up(&mut conn, &by, coach.person_id, id, now),
        vec![(Task::Review, Some(day(2027, 1, 12))), (Task::FinalMeeting, Some(day(2027, 2, 23)))]
    );
    let record = referral::view(&mut conn, &by, id, now).unwrap();
    assert_eq!(referral::reviews::due(&mut conn, &record, now).unwrap().len(), 2, "the referral page sees the same");

    // Ten days' pause moves both on ten days.
    referral::pause(&mut conn, &by, id, "In hospital", now + Duration::days(7)).unwrap();
    referral::resume(&mut conn, &by, id, "", now + Duration::days(17)).unwrap();
    let later = now + Duration::days(45);
    assert_eq!(
        coming_up(&mut conn, &by, coach.person_id, id, later),
        vec![(Task::Review, Some(day(2027, 1, 22))), (Task::FinalMeeting, Some(day(2027, 3, 5)))]
    );

    // Every problem at once, each on its field.
    let e = referral::reviews::record(&mut conn, &by, id, ReviewKind::SixWeek, &review("01/06/2027", "", "  "), later).unwrap_err();
    let fields: Vec<&str> = e.field_errors().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["date", "gone_well", "next_steps"]);
    let e = referral::reviews::record(&mut conn, &by, id, ReviewKind::SixWeek, &review("14/01/2027", &"x".repeat(4001), "More"), later).unwrap_err();
    assert!(matches!(e, ReferralError::Form(_)));

    // Saving holds the referral's review, once, and takes its task away.
    let saved = referral::reviews::record(&mut conn, &by, id, ReviewKind::SixWeek, &review("14/01/2027", " Back at the allotment ", "Walking group"), later).unwrap();
    assert_eq!((saved.held_on, saved.held_by, saved.gone_well.as_str()), (day(2027, 1, 14), Some(coach.person_id), "Back at the allotment"));
    let record = referral::view(&mut conn, &by, id, later).unwrap();
    assert!(record.referral.reviewed_at.is_some());
    assert_eq!(record.timeline.iter().filter(|e| e.kind == "review").count(), 1);
    assert_eq!(coming_up(&mut conn, &by, coach.person_id, id, later), vec![(Task::FinalMeeting, Some(day(2027, 3, 5)))]);
    // Saving again replaces it, and writes no second review to the timeline.
    referral::reviews::record(&mut conn, &by, id, ReviewKind::SixWeek, &review("15/01/2027", "Allotment twice a week", "Walking group"), later).unwrap();
    let record = referral::view(&mut conn, &by, id, later).unwrap();
    assert_eq!(record.reviews.len(), 1);
    assert_eq!(record.reviews[0].gone_well, "Allotment twice a week");
    assert_eq!(record.timeline.iter().filter(|e| e.kind == "review").count(), 1);

    let end = now + Duration::days(95);
    referral::reviews::record(&mut conn, &by, id, ReviewKind::Final, &review("05/03/2027", "New friends", "Tuesdays at the garden"), end).unwrap();
    assert!(coming_up(&mut conn, &by, coach.person_id, id, end).is_empty());
    let audited: i64 = audit_log::table
        .filter(audit_log::action.like("referral.review_recorded.%"))
        .filter(audit_log::subject.eq(format!("referral:{id}")))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(audited, 3);

    // In the subject access export; gone on erasure.
    let text = referral::export(&mut conn, &m, id, end).unwrap().to_string();
    assert!(text.contains("Allotment twice a week") && text.contains("Tuesdays at the garden"), "{text}");
    let closing = Closing { outcome: Outcome::Completed, referred_to: "", summary: "Goes to the garden" };
    referral::close(&mut conn, &site(), &m, id, &closing, end).unwrap();
    referral::erase(&mut conn, &Staff::because(&manager, "Asked"), id, end).unwrap();
    let left: i64 = casework_reviews::table.filter(casework_reviews::referral_id.eq(id)).count().get_result(&mut *conn).unwrap();
    assert_eq!(left, 0);
    let e = referral::reviews::record(&mut conn, &m, id, ReviewKind::Final, &review("05/03/2027", "x", "y"), end).unwrap_err();
    assert!(matches!(e, ReferralError::Transition(_)));
});

db_test!(fn reviews_wait_for_the_start_and_for_the_right_worker(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let other = staff(&mut conn, "other@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);
    let id = submit(&mut conn, "Mary Example", now);
    let e = referral::reviews::record(&mut conn, &m, id, ReviewKind::SixWeek, &review("01/12/2026", "x", "y"), now).unwrap_err();
    assert!(matches!(e, ReferralError::Transition(_)), "{e:?}");
    let id = started(&mut conn, &m, coach.person_id, now);
    let e = referral::reviews::record(&mut conn, &Staff::new(&other), id, ReviewKind::SixWeek, &review("01/12/2026", "x", "y"), now).unwrap_err();
    assert!(!matches!(e, ReferralError::Form(_) | ReferralError::Transition(_)), "another coach's case: {e:?}");
    let left: i64 = casework_reviews::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(left, 0);
});
