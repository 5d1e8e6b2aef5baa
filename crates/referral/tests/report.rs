//! The impact report on both databases, over a small fixed data set whose
//! every figure is worked out by hand below, and the suppression of
//! figures about fewer than five people.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use referral::report::{figures, Endings, Figure, Period, Share, Wellbeing};
use store::schema::{
    casework_contacts, casework_follow_ups, casework_goals, casework_measures, casework_network, casework_steps,
    referral_services, referrals,
};
use store::{db_test, AnyConnection};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ten(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(10, 0, 0).unwrap()
}

/// January to March 2026. The clocks go forward on 29 March, so the last
/// days are British Summer Time.
fn quarter() -> Period {
    Period {
        from: day(2026, 1, 1),
        to: day(2026, 3, 31),
    }
}

fn service(conn: &mut AnyConnection, name: &str) -> i32 {
    diesel::insert_into(referral_services::table)
        .values((
            referral_services::name.eq(name),
            referral_services::programme_weeks.eq(Some(12)),
            referral_services::created_at.eq(ten(day(2025, 1, 1))),
        ))
        .execute(conn)
        .unwrap();
    referral_services::table
        .filter(referral_services::name.eq(name))
        .select(referral_services::id)
        .first(conn)
        .unwrap()
}

/// One referral as the report reads it.
struct R {
    kind: &'static str,
    created: NaiveDateTime,
    /// Days from arriving to the first contact.
    wait: Option<i64>,
    started: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    outcome: Option<&'static str>,
    service: Option<i32>,
}

fn add(conn: &mut AnyConnection, r: R) -> i32 {
    let n: i64 = referrals::table.count().get_result(conn).unwrap();
    let status = match (r.started, r.closed) {
        (_, Some(_)) => "closed",
        (Some(_), None) => "active",
        (None, None) => "new",
    };
    let row: referral::Referral = diesel::insert_into(referrals::table)
        .values((
            referrals::reference.eq(format!("KC-T{n:04}")),
            referrals::idempotency_key.eq(format!("key-{n}")),
            referrals::kind.eq(r.kind),
            referrals::status.eq(status),
            referrals::consent_wording_version.eq("v1"),
            referrals::consent_given_at.eq(r.created),
            referrals::person_agreed.eq(true),
            referrals::referrer_wants_updates.eq(false),
            referrals::updates_consent.eq(false),
            referrals::first_contact_at.eq(r.wait.map(|d| r.created + Duration::days(d))),
            referrals::suitability_reason.eq(""),
            referrals::service_id.eq(r.service),
            referrals::started_at.eq(r.started.map(ten)),
            referrals::sessions_held.eq(0),
            referrals::closed_at.eq(r.closed.map(ten)),
            referrals::outcome.eq(r.outcome),
            referrals::referred_to.eq(""),
            referrals::closing_summary.eq(""),
            referrals::created_at.eq(r.created),
            referrals::updated_at.eq(r.created),
        ))
        .get_result(conn)
        .unwrap();
    row.id
}

fn contact(conn: &mut AnyConnection, id: i32, on: NaiveDate, minutes: i32) {
    diesel::insert_into(casework_contacts::table)
        .values((
            casework_contacts::referral_id.eq(id),
            casework_contacts::contact_on.eq(on),
            casework_contacts::mode.eq("phone"),
            casework_contacts::minutes.eq(minutes),
            casework_contacts::note.eq(""),
            casework_contacts::recorded_at.eq(ten(on)),
        ))
        .execute(conn)
        .unwrap();
}

fn step(conn: &mut AnyConnection, id: i32, activity: &str, status: &str, listing: Option<i32>) {
    let goal: i32 = match casework_goals::table
        .filter(casework_goals::referral_id.eq(id))
        .select(casework_goals::id)
        .first(conn)
        .optional()
        .unwrap()
    {
        Some(g) => g,
        None => {
            diesel::insert_into(casework_goals::table)
                .values((
                    casework_goals::referral_id.eq(id),
                    casework_goals::words.eq("A goal"),
                    casework_goals::created_at.eq(ten(day(2026, 1, 1))),
                ))
                .execute(conn)
                .unwrap();
            return step(conn, id, activity, status, listing);
        }
    };
    diesel::insert_into(casework_steps::table)
        .values((
            casework_steps::referral_id.eq(id),
            casework_steps::goal_id.eq(goal),
            casework_steps::words.eq("A step"),
            casework_steps::listing_id.eq(listing),
            casework_steps::activity.eq(activity),
            casework_steps::status.eq(status),
            casework_steps::stopped_why.eq(if status == "stopped" { "Moved away" } else { "" }),
            casework_steps::created_at.eq(ten(day(2026, 1, 1))),
            casework_steps::updated_at.eq(ten(day(2026, 1, 1))),
        ))
        .execute(conn)
        .unwrap();
}

fn measure(conn: &mut AnyConnection, id: i32, instrument: &str, point: &str, total: i32) {
    diesel::insert_into(casework_measures::table)
        .values((
            casework_measures::referral_id.eq(id),
            casework_measures::instrument.eq(instrument),
            casework_measures::point.eq(point),
            casework_measures::taken_on.eq(day(2026, 1, 1)),
            casework_measures::responses.eq(""),
            casework_measures::total.eq(total),
            casework_measures::recorded_at.eq(ten(day(2026, 1, 1))),
        ))
        .execute(conn)
        .unwrap();
}

type Answers = (Option<i32>, Option<i32>, Option<i32>, Option<bool>);

fn follow_up(conn: &mut AnyConnection, id: i32, answered: Option<NaiveDate>, a: Answers) {
    diesel::insert_into(casework_follow_ups::table)
        .values((
            casework_follow_ups::referral_id.eq(id),
            casework_follow_ups::answered_how.eq(answered.map(|_| "phone")),
            casework_follow_ups::answered_at.eq(answered.map(ten)),
            casework_follow_ups::more_supported.eq(a.0),
            casework_follow_ups::more_independent.eq(a.1),
            casework_follow_ups::crisis_better.eq(a.2),
            casework_follow_ups::still_going.eq(a.3),
            casework_follow_ups::comments.eq(""),
            casework_follow_ups::created_at.eq(ten(day(2026, 1, 1))),
            casework_follow_ups::updated_at.eq(ten(day(2026, 1, 1))),
        ))
        .execute(conn)
        .unwrap();
}

/// `people` on the map at `point`, the first `new` of them met during the programme.
fn map(conn: &mut AnyConnection, id: i32, point: &str, people: usize, new: usize) {
    for n in 0..people {
        diesel::insert_into(casework_network::table)
            .values((
                casework_network::referral_id.eq(id),
                casework_network::point.eq(point),
                casework_network::name.eq(format!("P{n}")),
                casework_network::relationship.eq("friend"),
                casework_network::ring.eq(2),
                casework_network::is_new.eq(n < new),
                casework_network::created_at.eq(ten(day(2026, 1, 1))),
            ))
            .execute(conn)
            .unwrap();
    }
}

fn listing(conn: &mut AnyConnection, name: &str) -> i32 {
    let new = directory::fixtures::listing(directory::Kind::Group, name, 22, ten(day(2025, 1, 1)));
    directory::listing::insert(conn, &new, &directory::listing::Tags::default())
        .unwrap()
        .id
}

/// The fixed data set. Ids: a1…a6 arrived in January, b1…b3 in February,
/// c1…c5 in March (14 in the period); d1 and d2 arrived before it, e1
/// just after it (00:30 on 1 April, British Summer Time).
fn fixture(conn: &mut AnyConnection) -> (i32, i32) {
    let connecting = service(conn, "Community connecting");
    let walking = service(conn, "Walking buddies");
    let r = |kind, created: NaiveDateTime, wait, started, closed, outcome, service| R {
        kind,
        created,
        wait,
        started,
        closed,
        outcome,
        service,
    };
    let (s, p) = ("self", "professional");
    let c = Some(connecting);
    let w = Some(walking);
    let d = |m, dd| Some(day(2026, m, dd));
    let a1 = add(
        conn,
        r(
            s,
            ten(day(2026, 1, 5)),
            Some(1),
            d(1, 12),
            d(3, 1),
            Some("completed"),
            c,
        ),
    );
    let a2 = add(
        conn,
        r(
            s,
            ten(day(2026, 1, 6)),
            Some(1),
            d(1, 13),
            d(3, 2),
            Some("completed"),
            c,
        ),
    );
    let a3 = add(
        conn,
        r(
            p,
            ten(day(2026, 1, 7)),
            Some(2),
            d(1, 14),
            d(2, 20),
            Some("disengaged"),
            c,
        ),
    );
    let a4 = add(
        conn,
        r(
            s,
            ten(day(2026, 1, 8)),
            Some(2),
            d(1, 15),
            d(3, 10),
            Some("completed"),
            c,
        ),
    );
    let a5 = add(
        conn,
        r(
            p,
            ten(day(2026, 1, 9)),
            Some(3),
            d(1, 16),
            d(2, 25),
            Some("disengaged"),
            c,
        ),
    );
    let a6 = add(
        conn,
        r(
            s,
            ten(day(2026, 1, 12)),
            Some(3),
            d(1, 20),
            d(4, 15),
            Some("completed"),
            c,
        ),
    );
    add(conn, r(s, ten(day(2026, 2, 2)), Some(4), d(2, 10), None, None, w));
    add(conn, r(p, ten(day(2026, 2, 3)), Some(5), d(2, 12), None, None, w));
    add(
        conn,
        r(
            s,
            ten(day(2026, 2, 4)),
            Some(6),
            None,
            d(2, 10),
            Some("not_suitable"),
            None,
        ),
    );
    add(conn, r(s, ten(day(2026, 3, 2)), Some(8), d(3, 16), None, None, w));
    add(conn, r(p, ten(day(2026, 3, 3)), None, None, None, None, None));
    add(conn, r(s, ten(day(2026, 3, 4)), None, None, None, None, None));
    add(conn, r(p, ten(day(2026, 3, 5)), None, None, None, None, None));
    // 22:30 UTC on 31 March is 23:30 in London: still March.
    let late = day(2026, 3, 31).and_hms_opt(22, 30, 0).unwrap();
    add(conn, r(s, late, None, None, None, None, None));
    // 23:30 UTC on 31 March is 00:30 on 1 April in London: not in the period.
    let after = day(2026, 3, 31).and_hms_opt(23, 30, 0).unwrap();
    add(conn, r(s, after, Some(1), None, None, None, None));
    let before = |m, dd| Some(day(2025, m, dd));
    let d1 = add(
        conn,
        r(
            s,
            ten(day(2025, 12, 1)),
            Some(2),
            before(12, 10),
            d(1, 20),
            Some("completed"),
            c,
        ),
    );
    let d2 = add(
        conn,
        r(
            p,
            ten(day(2025, 11, 1)),
            Some(1),
            before(11, 15),
            before(12, 20),
            Some("completed"),
            c,
        ),
    );

    // Contacts on days in the period: 180 + 90 + 30 + 60 + 120 + 60 = 540
    // minutes with 6 people; d1's December call and a call in April do
    // not count.
    contact(conn, a1, day(2026, 1, 13), 120);
    contact(conn, a1, day(2026, 2, 1), 60);
    contact(conn, a2, day(2026, 1, 14), 90);
    contact(conn, a3, day(2026, 1, 15), 30);
    contact(conn, a4, day(2026, 1, 16), 60);
    contact(conn, a5, day(2026, 1, 17), 120);
    contact(conn, d1, day(2025, 12, 15), 60);
    contact(conn, d1, day(2026, 1, 5), 60);
    contact(conn, a6, day(2026, 4, 2), 45);

    // Steps of people supported, tried or done regularly.
    let (l1, l2, l3) = (
        listing(conn, "Garden One"),
        listing(conn, "Garden Two"),
        listing(conn, "Gym Three"),
    );
    step(conn, a1, "volunteering", "regular", Some(l1));
    step(conn, a1, "exercise", "tried", Some(l3));
    step(conn, a1, "exercise", "regular", None);
    step(conn, a2, "volunteering", "tried", Some(l1));
    step(conn, a2, "exercise", "tried", None);
    step(conn, a3, "volunteering", "tried", Some(l2));
    step(conn, a4, "volunteering", "regular", Some(l2));
    step(conn, d1, "volunteering", "regular", Some(l3));
    step(conn, a5, "social", "planned", Some(l1));
    step(conn, a6, "social", "stopped", None);
    // d2 was not supported in the period.
    step(conn, d2, "volunteering", "regular", Some(l2));

    // SWEMWBS raw totals, start → end, for programmes that ended.
    for (id, start, end) in [(d1, 17, 23), (a1, 20, 22), (a2, 9, 12), (a3, 33, 35), (a4, 14, 20)] {
        measure(conn, id, "swemwbs", "start", start);
        measure(conn, id, "swemwbs", "end", end);
    }
    measure(conn, a5, "swemwbs", "start", 15);
    measure(conn, a6, "swemwbs", "start", 10);
    measure(conn, a6, "swemwbs", "end", 30);
    measure(conn, a1, "ons4", "start", 30);

    // Follow-up answers: agreement 1–5 with "more supported", "more
    // independent", "better in a crisis", and still going.
    let answered = Some(day(2026, 3, 20));
    follow_up(conn, d1, answered, (Some(5), Some(4), Some(5), Some(true)));
    follow_up(conn, a1, answered, (Some(4), Some(4), None, Some(true)));
    follow_up(conn, a2, answered, (Some(4), None, None, Some(false)));
    follow_up(conn, a3, answered, (Some(3), Some(2), Some(4), Some(true)));
    follow_up(conn, a4, answered, (Some(2), Some(1), Some(4), None));
    follow_up(conn, d2, Some(day(2026, 2, 1)), (Some(5), Some(5), Some(3), Some(true)));
    follow_up(
        conn,
        a6,
        Some(day(2026, 4, 20)),
        (Some(5), Some(5), Some(5), Some(true)),
    );
    follow_up(conn, a5, None, (None, None, None, None));

    // Maps at the end: d1 3 people (1 new), a1 2 (2 new), a2 4 (0 new),
    // a3 1 (1 new), a4 2 (1 new); a6's programme had not ended.
    map(conn, d1, "start", 3, 0);
    map(conn, d1, "end", 3, 1);
    map(conn, a1, "end", 2, 2);
    map(conn, a2, "end", 4, 0);
    map(conn, a3, "end", 1, 1);
    map(conn, a4, "end", 2, 1);
    map(conn, a6, "end", 2, 2);
    (connecting, walking)
}

fn lines(f: &referral::report::Figures) -> Vec<(String, String, String)> {
    f.lines()
        .into_iter()
        .map(|l| (l.section.to_owned(), l.measure, l.value))
        .collect()
}

db_test!(fn every_figure_matches_the_hand_worked_values(db) {
    let mut conn = db.conn();
    let (connecting, walking) = fixture(&mut conn);
    let f = figures(&mut conn, quarter(), None).unwrap();
    let expected: Vec<(&str, &str, &str)> = vec![
        // a1…a6, b1…b3, c1…c5: 14; e1 arrived in April (London time).
        ("Referrals received", "All referrals", "14"),
        // Self: a1 a2 a4 a6 b1 b3 c1 c3 c5; professional: a3 a5 b2 c2 c4.
        ("Referrals by source", "Self-referral", "9"),
        ("Referrals by source", "Professional referral", "5"),
        ("Referrals by month", "January 2026", "6"),
        // b1…b3: three people.
        ("Referrals by month", "February 2026", "fewer than 5"),
        ("Referrals by month", "March 2026", "5"),
        // Waits 1 1 2 2 3 3 4 5 6 8: median (3 + 3) / 2 = 3, mean 35 / 10 = 3.5.
        ("Time to first contact", "Median (days)", "3"),
        ("Time to first contact", "Mean (days)", "3.5"),
        ("Time to first contact", "Referrals (n)", "10"),
        // a1…a6, b1, b2, c1 and d1 (closed 20 January); d2 closed in December.
        ("People supported", "People with a programme", "10"),
        // Ended: a1 a2 a4 d1 completed, a3 a5 stopped: 4/6 and 2/6.
        ("How programmes ended", "Completed", "66.7%"),
        ("How programmes ended", "Stopped taking part", "33.3%"),
        ("How programmes ended", "Programmes ended (n)", "6"),
        // 540 minutes = 9 hours over 6 people.
        ("Coach hours", "Hours per person", "1.5"),
        ("Coach hours", "Hours in all", "9"),
        ("Coach hours", "People with contact (n)", "6"),
        // a1 a2 a3 a4 d1: 5 people.
        ("Activities accessed", "Volunteering", "5"),
        ("Activities accessed", "Accredited course", "0"),
        ("Activities accessed", "Course (not accredited)", "0"),
        ("Activities accessed", "Paid work", "0"),
        // Three steps, but only a1 and a2.
        ("Activities accessed", "Exercise", "fewer than 5"),
        ("Activities accessed", "Skills or creative group", "0"),
        // Planned and stopped steps are not activities accessed.
        ("Activities accessed", "Social group", "0"),
        // Five people went to l1, l2, l3.
        ("Activities accessed", "Different groups and places", "3"),
        // Metric: start 16.88 18.59 11.25 30.70 15.32 = 92.74 / 5 = 18.548;
        // end 20.73 19.98 14.08 35.00 18.59 = 108.38 / 5 = 21.676.
        ("SWEMWBS", "Mean at the start", "18.55"),
        ("SWEMWBS", "Mean at the end", "21.68"),
        // Up 3.85 (d1), 1.39, 2.83, 4.30 (a3), 3.27 (a4): 3 of 5.
        ("SWEMWBS", "Meaningfully improved (3 points or more)", "60%"),
        ("SWEMWBS", "People with both scores (n)", "5"),
        // 5 4 4 3 2 5: 4 of 6 agree.
        ("Three-month follow-up", "Feel more supported", "66.7%"),
        ("Three-month follow-up", "Feel more supported (n)", "6"),
        // 4 4 2 1 5: 3 of 5.
        ("Three-month follow-up", "Feel more independent", "60%"),
        ("Three-month follow-up", "Feel more independent (n)", "5"),
        // Only four answered.
        ("Three-month follow-up", "Better able to deal with a crisis", "fewer than 5"),
        ("Three-month follow-up", "Better able to deal with a crisis (n)", "fewer than 5"),
        // yes yes no yes yes: 4 of 5.
        ("Three-month follow-up", "Still going to activities", "80%"),
        ("Three-month follow-up", "Still going to activities (n)", "5"),
        // 1 + 2 + 0 + 1 + 1 = 5 new over 5 maps.
        ("New social connections", "In all", "5"),
        ("New social connections", "Per person", "1"),
        ("New social connections", "People with a map at the end (n)", "5"),
    ];
    let expected: Vec<(String, String, String)> =
        expected.into_iter().map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned())).collect();
    assert_eq!(lines(&f), expected);
    assert_eq!(f.endings, Figure::Value(Endings { completed_percent: 66.7, disengaged_percent: 33.3, n: 6 }));
    assert_eq!(f.swemwbs, Figure::Value(Wellbeing { start_mean: 18.55, end_mean: 21.68, improved_percent: 60.0, n: 5 }));
    assert_eq!(f.follow_ups.still_going, Figure::Value(Share { percent: 80.0, n: 5 }));
    assert_eq!(f.service, None);

    // Walking buddies: b1, b2 and c1 only.
    let w = figures(&mut conn, quarter(), Some(walking)).unwrap();
    assert_eq!(w.service.as_deref(), Some("Walking buddies"));
    assert_eq!(w.received, Figure::FewerThanFive);
    assert_eq!(w.supported, Figure::FewerThanFive);
    assert_eq!(w.endings, Figure::FewerThanFive);
    assert_eq!(w.coach_hours, Figure::FewerThanFive, "nobody in touch is fewer than five");
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["received"], "fewer than 5");
    assert_eq!(json["by_month"][0]["referrals"], 0);

    // Community connecting: everyone with contact in the period.
    let cc = figures(&mut conn, quarter(), Some(connecting)).unwrap();
    assert_eq!(cc.coach_hours, f.coach_hours);
    assert_eq!(cc.endings, f.endings);
    assert_eq!(cc.received, Figure::Value(6), "a1…a6");

    // A service that does not exist.
    assert!(matches!(figures(&mut conn, quarter(), Some(9999)), Err(referral::ReferralError::NotFound { .. })));

    // The figures can be read inside a caller's transaction.
    let again = conn.transaction(|c| figures(c, quarter(), None)).unwrap();
    assert_eq!(again, f);
});

db_test!(fn fewer_than_five_people_are_never_shown(db) {
    let mut conn = db.conn();
    let c = Some(service(&mut conn, "Community connecting"));
    let finish = |conn: &mut AnyConnection, n: u32| {
        let id = add(conn, R {
            kind: "self",
            created: ten(day(2026, 1, n)),
            wait: Some(1),
            started: Some(day(2026, 1, 10 + n)),
            closed: Some(day(2026, 3, n)),
            outcome: Some("completed"),
            service: c,
        });
        measure(conn, id, "swemwbs", "start", 14);
        measure(conn, id, "swemwbs", "end", 20);
        contact(conn, id, day(2026, 2, n), 60);
        follow_up(conn, id, Some(day(2026, 3, 25)), (Some(5), Some(5), Some(5), Some(true)));
        map(conn, id, "end", 1, 1);
    };
    for n in 1..=4 {
        finish(&mut conn, n);
    }
    let f = figures(&mut conn, quarter(), None).unwrap();
    assert_eq!(f.received, Figure::FewerThanFive);
    assert_eq!(f.by_month[0].referrals, Figure::FewerThanFive);
    assert_eq!(f.supported, Figure::FewerThanFive);
    assert_eq!(f.first_contact, Figure::FewerThanFive);
    assert_eq!(f.endings, Figure::FewerThanFive);
    assert_eq!(f.coach_hours, Figure::FewerThanFive);
    assert_eq!(f.swemwbs, Figure::FewerThanFive);
    assert_eq!(f.follow_ups.more_supported, Figure::FewerThanFive);
    assert_eq!(f.connections, Figure::FewerThanFive);
    assert!(
        f.lines().iter().all(|l| !l.value.contains('4')),
        "no figure gives the four away: {:?}",
        f.lines()
    );

    finish(&mut conn, 5);
    let f = figures(&mut conn, quarter(), None).unwrap();
    assert_eq!(f.received, Figure::Value(5));
    assert_eq!(f.supported, Figure::Value(5));
    assert_eq!(f.endings, Figure::Value(Endings { completed_percent: 100.0, disengaged_percent: 0.0, n: 5 }));
    // 15.32 → 18.59 for everyone.
    assert_eq!(f.swemwbs, Figure::Value(Wellbeing { start_mean: 15.32, end_mean: 18.59, improved_percent: 100.0, n: 5 }));
    assert_eq!(f.follow_ups.more_supported, Figure::Value(Share { percent: 100.0, n: 5 }));
    assert_eq!(f.coach_hours.value().map(|h| h.hours_per_person), Some(1.0));
    assert_eq!(f.connections.value().map(|c| (c.total, c.people)), Some((5, 5)));
});
