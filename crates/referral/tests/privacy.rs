//! Protecting referrals on both databases: who sees what, an audit entry
//! for every view, change and export, subject access export, erasure and
//! retention.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use accounts::Role;
use chrono::{Duration, Months};
use common::*;
use diesel::prelude::*;
use referral::{Allocation, CallOutcome, Closing, Complexity, FirstCall, Outcome, ReferralError, Retention, Staff};
use store::schema::{referral_events, referral_people, referral_referrers, referrals};
use store::{db_test, AnyConnection};

fn allocated_to(
    conn: &mut AnyConnection,
    m: &Staff<'_>,
    worker_id: i32,
    name: &str,
    now: chrono::NaiveDateTime,
) -> i32 {
    let id = submit(conn, name, now);
    let reached = FirstCall {
        outcome: CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "",
    };
    referral::record_first_call(conn, &site(), m, id, &reached, now).unwrap();
    referral::book_assessment(conn, m, id, now, "", now).unwrap();
    referral::record_assessment(conn, m, id, Complexity::High, "", now).unwrap();
    referral::allocate(
        conn,
        &site(),
        m,
        id,
        &Allocation {
            worker_id,
            service_id: None,
            note: "",
        },
        now,
    )
    .unwrap();
    id
}

fn close(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, outcome: Outcome, at: chrono::NaiveDateTime) {
    let closing = Closing {
        outcome,
        referred_to: "",
        summary: "Summary naming Ann",
    };
    referral::close(conn, &site(), by, id, &closing, at).unwrap();
}

db_test!(fn coaches_see_the_queue_and_their_own_and_every_view_is_audited(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let ann = staff(&mut conn, "ann@kith.test", Role::Coach, now);
    let bob = staff(&mut conn, "bob@kith.test", Role::Volunteer, now);
    let admin = staff(&mut conn, "admin@kith.test", Role::Admin, now);
    let m = Staff::new(&manager);
    let unallocated = submit(&mut conn, "Queue person", now);
    let anns = allocated_to(&mut conn, &m, ann.person_id, "Ann's person", now);

    let record = referral::view(&mut conn, &Staff::new(&ann), anns, now).unwrap();
    assert_eq!(record.person.unwrap().name, "Ann's person");
    assert!(record.timeline.iter().any(|e| e.kind == "allocated"));
    assert!(referral::view(&mut conn, &Staff::new(&bob), unallocated, now).is_ok());
    assert!(matches!(referral::view(&mut conn, &Staff::new(&bob), anns, now), Err(ReferralError::Forbidden)));
    assert!(matches!(referral::view(&mut conn, &Staff::new(&admin), unallocated, now), Err(ReferralError::Forbidden)));
    // A manager's look at someone's case keeps the reason given.
    referral::view(&mut conn, &Staff::because(&manager, "Covering for Ann"), anns, now).unwrap();

    let trail = referral::audit_trail(&mut conn, &m, anns).unwrap();
    assert_eq!(trail[0].action, "referral.viewed");
    assert_eq!((trail[0].actor_id, trail[0].reason.as_str()), (Some(manager.person_id), "Covering for Ann"));
    assert_eq!(trail[1].actor_id, Some(ann.person_id));
    assert!(trail.iter().any(|e| e.action == "referral.allocated"));
    assert!(matches!(referral::audit_trail(&mut conn, &Staff::new(&ann), anns), Err(ReferralError::Forbidden)));
});

db_test!(fn a_record_exports_whole_and_erases_to_a_stub(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::because(&manager, "Subject access request");
    let mut form = professional_form("Ann Lee", "ot@lambeth.nhs.net", true);
    form.person.interests = some_interests(&mut conn, 1).iter().map(|i| i.to_string()).collect();
    let id = referral::submit_professional(&mut conn, &site(), &form, None, HERE, now).unwrap().referral_id.unwrap();

    assert!(matches!(referral::export(&mut conn, &Staff::new(&coach), id, now), Err(ReferralError::Forbidden)));
    let json = referral::export(&mut conn, &m, id, now).unwrap();
    let r = &json["referral"];
    assert_eq!(r["person"]["name"], "Ann Lee");
    assert_eq!(r["person"]["barriers"], "Anxious on buses");
    assert_eq!(r["referrer"]["reason"], "Lonely since moving");
    assert_eq!(r["interest_ids"].as_array().unwrap().len(), 1);
    assert!(r["timeline"].as_array().unwrap().len() >= 2);
    assert!(r["referral"].get("idempotency_key").is_none());
    assert_eq!(r["referral"]["consent_wording_version"], referral::CONSENT_WORDING_VERSION);

    // Open referrals are closed first; then only the stub is left.
    assert!(matches!(referral::erase(&mut conn, &m, id, now), Err(ReferralError::Transition(_))));
    let reached = FirstCall { outcome: CallOutcome::Reached, suitable: Some(false), reason: "Ann needs more", note: "Ann said" };
    referral::record_first_call(&mut conn, &site(), &m, id, &reached, now).unwrap();
    close(&mut conn, &m, id, Outcome::NotSuitable, now);
    assert!(matches!(referral::erase(&mut conn, &Staff::new(&coach), id, now), Err(ReferralError::Forbidden)));
    referral::erase(&mut conn, &m, id, now).unwrap();
    let stub: referral::Referral = referrals::table.find(id).select(referral::Referral::as_select()).first(&mut *conn).unwrap();
    assert!(stub.anonymised_at.is_some());
    assert_eq!(stub.outcome(), Some(Outcome::NotSuitable));
    assert_eq!((stub.suitability_reason.as_str(), stub.closing_summary.as_str(), stub.borough_id), ("", "", None));
    let left: i64 = referral_people::table.count().get_result(&mut *conn).unwrap();
    let referrers: i64 = referral_referrers::table.count().get_result(&mut *conn).unwrap();
    assert_eq!((left, referrers), (0, 0));
    let notes: Vec<String> = referral_events::table.filter(referral_events::referral_id.eq(id)).select(referral_events::note).load(&mut *conn).unwrap();
    assert!(notes.iter().all(|n| !n.contains("Ann")), "{notes:?}");
    let trail = referral::audit_trail(&mut conn, &m, id).unwrap();
    assert_eq!((trail[0].action.as_str(), trail[0].reason.as_str()), ("referral.erased", "Subject access request"));
    // An erased referral takes no more steps.
    assert!(matches!(referral::record_session(&mut conn, &m, id, "", now), Err(ReferralError::Transition(_))));
});

db_test!(fn retention_anonymises_closed_referrals_after_their_period(db) {
    let mut conn = db.conn();
    let now = t0();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let m = Staff::new(&manager);
    let long_ago = now.checked_sub_months(Months::new(8 * 12)).unwrap() - Duration::days(1);
    let three_years = now.checked_sub_months(Months::new(3 * 12)).unwrap();
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now).person_id;
    let old_completed = allocated_to(&mut conn, &m, coach, "Old", long_ago);
    referral::start(&mut conn, &m, old_completed, "", long_ago).unwrap();
    close(&mut conn, &m, old_completed, Outcome::Completed, long_ago);
    let declined = submit(&mut conn, "Declined", three_years);
    close(&mut conn, &m, declined, Outcome::Declined, three_years);
    let disengaged = submit(&mut conn, "Disengaged", three_years);
    close(&mut conn, &m, disengaged, Outcome::Disengaged, three_years);
    let open = submit(&mut conn, "Open", long_ago);

    let dry = referral::retention(&mut conn, Retention::default(), true, now).unwrap();
    assert_eq!(dry.iter().map(|r| r.id).collect::<Vec<_>>(), [old_completed, declined]);
    let untouched: i64 = referral_people::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(untouched, 4, "a dry run changes nothing");

    let done = referral::retention(&mut conn, Retention::default(), false, now).unwrap();
    assert_eq!(done, dry);
    let kept: Vec<i32> = referral_people::table.order(referral_people::referral_id).select(referral_people::referral_id).load(&mut *conn).unwrap();
    assert_eq!(kept, [disengaged, open]);
    assert!(referral::retention(&mut conn, Retention::default(), false, now).unwrap().is_empty(), "once only");
    // A shorter policy reaches the disengaged one too.
    let strict = Retention { months: 12, short_months: 12 };
    assert_eq!(referral::retention(&mut conn, strict, false, now).unwrap()[0].id, disengaged);
});
