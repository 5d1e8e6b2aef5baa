//! The three-month follow-up on both databases: due three calendar months
//! after closing, only for programmes that ran; answered by phone, or
//! through an emailed link that works once, for 30 days, and stops working
//! when a new one is sent; listed for the worker and the managers; erased
//! with its referral.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use accounts::Role;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::*;
use diesel::prelude::*;
use referral::follow_up::{self, FollowUpForm, How, LINK_LIFETIME, PREFER_NOT};
use referral::{Allocation, CallOutcome, Closing, Complexity, FirstCall, Outcome, ReferralError, Staff, Task};
use store::schema::{audit_log, casework_follow_ups, outbox, referral_people};
use store::{db_test, AnyConnection};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A referral (with an email address, or none) allocated to `worker_id`,
/// started at `now` when `start`.
fn allocated(
    conn: &mut AnyConnection,
    m: &Staff<'_>,
    worker_id: i32,
    email: &str,
    start: bool,
    now: NaiveDateTime,
) -> i32 {
    let receipt = referral::submit_self(conn, &site(), &self_form("Mary Example", email), HERE, now).unwrap();
    let id = receipt.referral_id.unwrap();
    let reached = FirstCall {
        outcome: CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "",
    };
    referral::record_first_call(conn, &site(), m, id, &reached, now).unwrap();
    referral::book_assessment(conn, m, id, now, "", now).unwrap();
    referral::record_assessment(conn, m, id, Complexity::Low, "", now).unwrap();
    let allocation = Allocation {
        worker_id,
        service_id: None,
        note: "",
    };
    referral::allocate(conn, &site(), m, id, &allocation, now).unwrap();
    if start {
        referral::start(conn, m, id, "", now).unwrap();
    }
    id
}

fn close(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, outcome: Outcome, now: NaiveDateTime) {
    let closing = Closing {
        outcome,
        referred_to: "",
        summary: "Sings with a choir",
    };
    referral::close(conn, &site(), by, id, &closing, now).unwrap();
}

/// The follow-up task of referral `id` as the team sees it at `now`.
fn follow_up_task(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, now: NaiveDateTime) -> Option<(NaiveDate, bool)> {
    let record = referral::view(conn, by, id, now).unwrap();
    referral::reviews::due(conn, &record, now)
        .unwrap()
        .into_iter()
        .find(|t| t.task == Task::FollowUp)
        .map(|t| (t.due_on.unwrap(), t.due_now))
}

fn answers(a: &str, b: &str, c: &str, still: &str) -> FollowUpForm {
    FollowUpForm {
        more_supported: a.into(),
        more_independent: b.into(),
        crisis_better: c.into(),
        still_going: still.into(),
        comments: "Still singing on Tuesdays".into(),
    }
}

/// The 64-hex token in the newest follow-up email to `to`.
fn emailed_token(conn: &mut AnyConnection, to: &str) -> String {
    let mail = emails_to(conn, to);
    let text = &mail
        .iter()
        .rev()
        .find(|m| m.text_body.contains("/follow-up/"))
        .expect("a follow-up email")
        .text_body;
    let at = text.find("/follow-up/").unwrap() + "/follow-up/".len();
    text[at..at + 64].to_owned()
}

fn is_bad_link(r: Result<(), ReferralError>) -> bool {
    matches!(r, Err(ReferralError::Invalid { field: "link", .. }))
}

db_test!(fn the_follow_up_is_due_three_calendar_months_after_a_programme_that_ran(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let (m, c) = (Staff::new(&manager), Staff::new(&coach));

    // Completed on 31 January: due on 30 April (April has no 31st).
    let completed = allocated(&mut conn, &m, coach.person_id, "", true, t);
    close(&mut conn, &c, completed, Outcome::Completed, at(2027, 1, 31, 10, 0));
    assert_eq!(follow_up_task(&mut conn, &c, completed, at(2027, 4, 29, 12, 0)), Some((day(2027, 4, 30), false)));
    assert_eq!(follow_up_task(&mut conn, &c, completed, at(2027, 4, 30, 8, 0)), Some((day(2027, 4, 30), true)));

    // Stopped taking part at 23:30 UTC on 30 June, which is 1 July in London: due 1 October.
    let disengaged = allocated(&mut conn, &m, coach.person_id, "", true, t);
    close(&mut conn, &c, disengaged, Outcome::Disengaged, at(2027, 6, 30, 23, 30));
    assert_eq!(follow_up_task(&mut conn, &c, disengaged, at(2027, 7, 1, 9, 0)), Some((day(2027, 10, 1), false)));

    // No programme, no follow-up: stopped before it started, or never suitable.
    let never_started = allocated(&mut conn, &m, coach.person_id, "", false, t);
    close(&mut conn, &c, never_started, Outcome::Disengaged, t + Duration::days(3));
    let declined = allocated(&mut conn, &m, coach.person_id, "", true, t);
    close(&mut conn, &c, declined, Outcome::Declined, t + Duration::days(3));
    let not_suitable = submit(&mut conn, "Ned Example", t);
    close(&mut conn, &m, not_suitable, Outcome::NotSuitable, t + Duration::days(1));
    let later = t + Duration::days(200);
    for id in [never_started, declined, not_suitable] {
        assert_eq!(follow_up_task(&mut conn, &m, id, later), None, "referral {id}");
        let err = follow_up::record_by_phone(&mut conn, &m, id, &answers("5", "5", "5", "yes"), later).unwrap_err();
        assert!(matches!(err, ReferralError::Transition(_)), "{err:?}");
    }
    // An open referral has no follow-up either.
    let open = allocated(&mut conn, &m, coach.person_id, "", true, t);
    assert_eq!(follow_up_task(&mut conn, &c, open, later), None);
    assert!(matches!(
        follow_up::record_by_phone(&mut conn, &c, open, &answers("5", "5", "5", "yes"), later),
        Err(ReferralError::Transition(_))
    ));
});

db_test!(fn the_team_records_answers_given_on_the_phone(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let other = staff(&mut conn, "other@example.org", Role::Coach, t);
    let (m, c) = (Staff::new(&manager), Staff::new(&coach));
    let id = allocated(&mut conn, &m, coach.person_id, "", true, t);
    close(&mut conn, &c, id, Outcome::Completed, t + Duration::days(84));
    let call = t + Duration::days(84 + 92);

    // Every problem at once, each on its field; nothing saved.
    let Err(ReferralError::Form(errors)) = follow_up::record_by_phone(&mut conn, &c, id, &answers("", "9", "", "perhaps"), call) else {
        panic!("refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["more_supported", "more_independent", "crisis_better", "still_going"]);
    let rows: i64 = casework_follow_ups::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(rows, 0);
    // Another coach may not.
    assert!(matches!(
        follow_up::record_by_phone(&mut conn, &Staff::new(&other), id, &answers("5", "4", "3", "yes"), call),
        Err(ReferralError::Forbidden)
    ));

    let saved = follow_up::record_by_phone(&mut conn, &c, id, &answers("5", PREFER_NOT, "2", "yes"), call).unwrap();
    assert_eq!(saved.how(), Some(How::Phone));
    assert_eq!((saved.more_supported, saved.more_independent, saved.crisis_better, saved.still_going), (Some(5), None, Some(2), Some(true)));
    assert_eq!((saved.recorded_by, saved.comments.as_str()), (Some(coach.person_id), "Still singing on Tuesdays"));
    assert!(saved.answered_at.is_some());
    // Answered: off the list of what is due, on the timeline and in the audit log.
    assert_eq!(follow_up_task(&mut conn, &c, id, call), None);
    let record = referral::view(&mut conn, &c, id, call).unwrap();
    assert!(record.timeline.iter().any(|e| e.kind == "follow_up"));
    let recorded: i64 = audit_log::table
        .filter(audit_log::action.eq("referral.follow_up_recorded"))
        .filter(audit_log::subject.eq(format!("referral:{id}")))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(recorded, 1);
    // Saving again corrects the answers; there is still one row.
    let corrected = follow_up::record_by_phone(&mut conn, &c, id, &answers("4", "4", "2", "no"), call).unwrap();
    assert_eq!((corrected.id, corrected.more_supported, corrected.still_going), (saved.id, Some(4), Some(false)));
    // The export carries the answers but never the link's hash.
    let export = referral::export(&mut conn, &m, id, call).unwrap().to_string();
    assert!(export.contains("\"more_supported\":4") && !export.contains("link_hash"));
    // Once answered, no link can be sent.
    assert!(matches!(follow_up::send_link(&mut conn, &site(), &c, id, call), Err(ReferralError::Transition(_))));
});

db_test!(fn the_emailed_link_works_once_and_needs_no_account(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let (m, c) = (Staff::new(&manager), Staff::new(&coach));
    let id = allocated(&mut conn, &m, coach.person_id, "mary@example.org", true, t);
    close(&mut conn, &c, id, Outcome::Completed, t + Duration::days(84));
    let sent_at = t + Duration::days(84 + 92);

    // Someone who gave no email address is asked by phone.
    let phone_only = allocated(&mut conn, &m, coach.person_id, "", true, t);
    close(&mut conn, &c, phone_only, Outcome::Completed, t + Duration::days(84));
    assert!(matches!(follow_up::send_link(&mut conn, &site(), &c, phone_only, sent_at), Err(ReferralError::Transition(_))));

    let before: i64 = outbox::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(follow_up::send_link(&mut conn, &site(), &c, id, sent_at).unwrap(), "mary@example.org");
    let after: i64 = outbox::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(after, before + 1, "one email queued");
    let email = emails_to(&mut conn, "mary@example.org").pop().unwrap();
    assert!(email.text_body.contains("https://kith.test/follow-up/"));
    assert!(!email.text_body.contains("Singing") && !email.text_body.contains("Anxious"), "no personal details in the email");
    let raw = emailed_token(&mut conn, "mary@example.org");
    let stored: Option<String> = casework_follow_ups::table
        .filter(casework_follow_ups::referral_id.eq(id))
        .select(casework_follow_ups::link_hash)
        .first(&mut *conn)
        .unwrap();
    assert!(stored.is_some_and(|h| h.len() == 64 && h != raw), "only a hash of the token is kept");

    // The link opens the questions; answers with problems keep it working.
    follow_up::check_link(&mut conn, &raw, sent_at + Duration::days(2)).unwrap();
    assert!(matches!(
        follow_up::answer_by_link(&mut conn, &raw, &answers("5", "", "5", "yes"), sent_at + Duration::days(2)),
        Err(ReferralError::Form(_))
    ));
    follow_up::check_link(&mut conn, &raw, sent_at + Duration::days(2)).unwrap();
    follow_up::answer_by_link(&mut conn, &raw, &answers("5", "4", PREFER_NOT, PREFER_NOT), sent_at + Duration::days(2)).unwrap();
    let record = referral::view(&mut conn, &c, id, sent_at + Duration::days(3)).unwrap();
    let answered = record.follow_up.clone().unwrap();
    assert_eq!(answered.how(), Some(How::Link));
    assert_eq!((answered.more_supported, answered.more_independent, answered.crisis_better, answered.still_going), (Some(5), Some(4), None, None));
    assert_eq!((answered.recorded_by, answered.link_hash), (None, None));
    assert_eq!(follow_up_task(&mut conn, &c, id, sent_at + Duration::days(3)), None);

    // Used once: refused the second time, in the same words as a token that never existed.
    let again = sent_at + Duration::days(3);
    assert!(is_bad_link(follow_up::answer_by_link(&mut conn, &raw, &answers("1", "1", "1", "no"), again)));
    assert!(is_bad_link(follow_up::check_link(&mut conn, &raw, again)));
    assert!(is_bad_link(follow_up::check_link(&mut conn, &"0".repeat(64), again)));
    assert!(is_bad_link(follow_up::check_link(&mut conn, "not a token", again)));
    let kept: Option<i32> = casework_follow_ups::table
        .filter(casework_follow_ups::referral_id.eq(id))
        .select(casework_follow_ups::more_supported)
        .first(&mut *conn)
        .unwrap();
    assert_eq!(kept, Some(5), "the second answer changed nothing");
});

db_test!(fn a_link_expires_after_30_days_and_a_new_one_replaces_it(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let (m, c) = (Staff::new(&manager), Staff::new(&coach));
    let id = allocated(&mut conn, &m, coach.person_id, "mary@example.org", true, t);
    close(&mut conn, &c, id, Outcome::Disengaged, t + Duration::days(30));
    let sent_at = t + Duration::days(120);

    follow_up::send_link(&mut conn, &site(), &c, id, sent_at).unwrap();
    let first = emailed_token(&mut conn, "mary@example.org");
    follow_up::check_link(&mut conn, &first, sent_at + LINK_LIFETIME - Duration::seconds(1)).unwrap();
    assert!(is_bad_link(follow_up::check_link(&mut conn, &first, sent_at + LINK_LIFETIME)));
    assert!(is_bad_link(follow_up::answer_by_link(&mut conn, &first, &answers("5", "5", "5", "yes"), sent_at + LINK_LIFETIME)));

    // A manager sends a new link, saying why: the old one stops working at once.
    let resend = sent_at + Duration::days(31);
    follow_up::send_link(&mut conn, &site(), &Staff::because(&manager, "Coach is away"), id, resend).unwrap();
    let second = emailed_token(&mut conn, "mary@example.org");
    assert_ne!(first, second);
    assert!(is_bad_link(follow_up::check_link(&mut conn, &first, resend)));
    follow_up::check_link(&mut conn, &second, resend).unwrap();
    let third_at = resend + Duration::hours(1);
    follow_up::send_link(&mut conn, &site(), &c, id, third_at).unwrap();
    let third = emailed_token(&mut conn, "mary@example.org");
    assert!(is_bad_link(follow_up::answer_by_link(&mut conn, &second, &answers("5", "5", "5", "yes"), third_at)));
    follow_up::answer_by_link(&mut conn, &third, &answers("3", "3", "3", "no"), third_at).unwrap();
    let reason: String = audit_log::table
        .filter(audit_log::action.eq("referral.follow_up_link_sent"))
        .filter(audit_log::actor_id.eq(manager.person_id))
        .select(audit_log::reason)
        .first(&mut *conn)
        .unwrap();
    assert_eq!(reason, "Coach is away");
});

db_test!(fn an_email_that_cannot_be_made_leaves_no_link(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let m = Staff::new(&manager);
    let id = allocated(&mut conn, &m, coach.person_id, "mary@example.org", true, t);
    close(&mut conn, &m, id, Outcome::Completed, t + Duration::days(84));
    diesel::update(referral_people::table.find(id))
        .set(referral_people::email.eq("not an address"))
        .execute(&mut *conn)
        .unwrap();
    let before: i64 = outbox::table.count().get_result(&mut *conn).unwrap();
    assert!(matches!(follow_up::send_link(&mut conn, &site(), &m, id, t + Duration::days(180)), Err(ReferralError::Transition(_))));
    let rows: i64 = casework_follow_ups::table.count().get_result(&mut *conn).unwrap();
    let after: i64 = outbox::table.count().get_result(&mut *conn).unwrap();
    assert_eq!((rows, after), (0, before));
});

db_test!(fn follow_ups_due_are_listed_for_the_worker_and_the_managers(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let other = staff(&mut conn, "other@example.org", Role::Coach, t);
    let (m, c, o) = (Staff::new(&manager), Staff::new(&coach), Staff::new(&other));
    let mine = allocated(&mut conn, &m, coach.person_id, "mary@example.org", true, t);
    close(&mut conn, &c, mine, Outcome::Completed, at(2027, 1, 31, 10, 0));
    let theirs = allocated(&mut conn, &m, other.person_id, "", true, t);
    close(&mut conn, &o, theirs, Outcome::Disengaged, at(2027, 2, 5, 10, 0));
    let answered = allocated(&mut conn, &m, coach.person_id, "", true, t);
    close(&mut conn, &c, answered, Outcome::Completed, at(2027, 1, 31, 10, 0));
    follow_up::record_by_phone(&mut conn, &c, answered, &answers("5", "5", "5", "yes"), at(2027, 4, 20, 10, 0)).unwrap();

    let ids = |list: Vec<follow_up::DueFollowUp>| list.into_iter().map(|d| (d.referral.id, d.due_on, d.due_now)).collect::<Vec<_>>();
    // Two weeks ahead, nothing yet; then the coach's own, then everyone's for the manager.
    assert!(follow_up::due_list(&mut conn, &c, at(2027, 4, 15, 9, 0)).unwrap().is_empty());
    let now = at(2027, 4, 20, 9, 0);
    assert_eq!(ids(follow_up::due_list(&mut conn, &c, now).unwrap()), [(mine, day(2027, 4, 30), false)]);
    assert_eq!(ids(follow_up::due_list(&mut conn, &o, now).unwrap()), []);
    let later = at(2027, 5, 6, 9, 0);
    assert_eq!(
        ids(follow_up::due_list(&mut conn, &m, later).unwrap()),
        [(mine, day(2027, 4, 30), true), (theirs, day(2027, 5, 5), true)]
    );
    // A link sent shows on the list.
    follow_up::send_link(&mut conn, &site(), &c, mine, later).unwrap();
    let listed = follow_up::due_list(&mut conn, &c, later).unwrap();
    assert!(listed[0].link_live && listed[0].link_sent_at.is_some());
    // Three months overdue, it leaves the list.
    assert!(follow_up::due_list(&mut conn, &m, at(2027, 8, 6, 9, 0)).unwrap().is_empty());
    // Someone outside the team is refused.
    let member = accounts::Actor {
        person_id: manager.person_id + 100,
        roles: accounts::Roles::of(&[]),
        verified: true,
        organiser_of: Vec::new(),
    };
    assert!(matches!(follow_up::due_list(&mut conn, &Staff::new(&member), later), Err(ReferralError::Forbidden)));
});

db_test!(fn erasing_a_referral_removes_its_follow_up_and_its_link(db) {
    let mut conn = db.conn();
    let t = t0();
    let manager = staff(&mut conn, "manager@example.org", Role::TeamManager, t);
    let coach = staff(&mut conn, "coach@example.org", Role::Coach, t);
    let m = Staff::new(&manager);
    let id = allocated(&mut conn, &m, coach.person_id, "mary@example.org", true, t);
    close(&mut conn, &m, id, Outcome::Completed, t + Duration::days(84));
    let sent_at = t + Duration::days(180);
    follow_up::send_link(&mut conn, &site(), &m, id, sent_at).unwrap();
    let raw = emailed_token(&mut conn, "mary@example.org");
    referral::erase(&mut conn, &Staff::because(&manager, "Asked"), id, sent_at + Duration::hours(1)).unwrap();
    assert!(is_bad_link(follow_up::check_link(&mut conn, &raw, sent_at + Duration::hours(2))));
    let rows: i64 = casework_follow_ups::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(rows, 0);
    assert_eq!(follow_up_task(&mut conn, &m, id, sent_at + Duration::hours(2)), None);
});
