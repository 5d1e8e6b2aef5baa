//! The demo connecting team's caseload: about sixty made-up people at
//! every stage of the journey, so a newcomer sees a full queue, busy
//! caseloads, person pages with months of casework, and reports with
//! enough people in them to show figures rather than "fewer than 5".
//!
//! Everything is derived from each person's number, so every demo site
//! has the same people with the same stories, and every date is worked
//! back from now, so the stages stay right whenever the demo starts.

use accounts::{Actor, Role, Roles};
use chrono::{Duration, NaiveDateTime};
use referral::measures::{Instrument, MeasureForm};
use referral::reviews::{ReviewForm, ReviewKind};
use referral::{Programme, Staff};
use store::diesel::prelude::*;
use store::schema::listings;
use store::AnyConnection;

type DemoResult<T> = Result<T, Box<dyn std::error::Error>>;

/// How many made-up people the team has, besides the four hand-written ones.
pub const PEOPLE: usize = 60;

const FIRST_NAMES: &[&str] = &[
    "Amira", "Bernard", "Chloe", "Dev", "Elif", "Frank", "Grace", "Hamza", "Ivy", "Joel", "Kemi", "Leon", "Maya",
    "Nadia", "Owen", "Petra", "Quinn", "Rosa", "Sunil", "Tara", "Umar", "Vera", "Wes", "Yasmin", "Zak", "Agnes",
    "Bilal", "Cora", "Dylan", "Esme",
];

/// Surnames that say the people are not real.
const SURNAMES: &[&str] = &[
    "Example",
    "Sample",
    "Placeholder",
    "Fictional",
    "Madeup",
    "Pretend",
    "Imagined",
    "Invented",
    "Standin",
    "Notreal",
    "Demoson",
    "Testwell",
];

/// What people told the team they enjoy, or used to.
const ENJOYS: &[&str] = &[
    "Gardening, and being out of the flat",
    "Used to sing in a choir",
    "Swimming, though not for years",
    "Crafts: knitting and sewing",
    "Cooking, especially baking",
    "Walking, and birds",
    "Computers and fixing things",
    "Reading; would like a book group",
    "Football and the pub quiz",
    "Drawing and painting",
    "Wants to improve English",
    "Would like to volunteer with animals",
];

/// Who referred the professional referrals: (name, role, organisation, email).
const REFERRERS: &[(&str, &str, &str, &str)] = &[
    ("Dr A Example", "GP", "Example Road Surgery", "gp.surgery@example.org"),
    (
        "B Sample",
        "Occupational therapist",
        "Community mental health team",
        "ot.team@example.org",
    ),
    (
        "C Placeholder",
        "Social worker",
        "Adult social care",
        "duty.team@example.org",
    ),
    (
        "D Fictional",
        "Social prescribing link worker",
        "Primary care network",
        "link.workers@example.org",
    ),
];

/// Where each person is in the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Waiting for a first call; `days` since the referral came in.
    New { days: i64 },
    /// The first call was tried but nobody answered.
    FirstCall { days: i64 },
    /// The first call was made and the assessment booked (`held`: and held).
    Assessment { days: i64, held: bool },
    /// Allocated, not yet started.
    Allocated { days: i64 },
    /// The programme started `weeks` ago (`paused`: and is paused now).
    Active { weeks: i64, paused: bool },
    /// The programme ran for `weeks` and ended `ago` days ago.
    Closed {
        weeks: i64,
        ago: i64,
        outcome: referral::Outcome,
    },
    /// Closed after the first call (declined, not suitable, referred on).
    ClosedEarly { ago: i64, outcome: referral::Outcome },
}

/// The stage of the made-up person number `i`: a handful waiting, most
/// on a caseload, and a year's worth finished.
fn stage(i: usize) -> Stage {
    use referral::Outcome::*;
    let n = i as i64;
    match i {
        0..=5 => Stage::New { days: n },
        6..=9 => Stage::FirstCall { days: 3 + n % 4 },
        10..=14 => Stage::Assessment {
            days: 6 + n % 5,
            held: i.is_multiple_of(2),
        },
        15..=19 => Stage::Allocated { days: 12 + n % 6 },
        20..=39 => Stage::Active {
            weeks: 1 + (n - 20) % 11,
            paused: i == 33,
        },
        40..=52 => Stage::Closed {
            weeks: 12,
            ago: 10 + (n - 40) * 19,
            outcome: Completed,
        },
        53..=56 => Stage::Closed {
            weeks: 3 + (n - 53),
            ago: 20 + (n - 53) * 45,
            outcome: Disengaged,
        },
        57 => Stage::ClosedEarly {
            ago: 60,
            outcome: Declined,
        },
        58 => Stage::ClosedEarly {
            ago: 150,
            outcome: NotSuitable,
        },
        _ => Stage::ClosedEarly {
            ago: 200,
            outcome: ReferredElsewhere,
        },
    }
}

/// A small, fixed pseudo-random number for person `i` and purpose `salt`
/// (splitmix64), so the demo needs no random source and never changes.
fn mix(i: usize, salt: u64) -> u64 {
    let mut z = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<T: Copy>(items: &[T], i: usize, salt: u64) -> T {
    items[(mix(i, salt) % items.len() as u64) as usize]
}

/// A whole number from `low` to `high` inclusive for person `i`.
fn between(i: usize, salt: u64, low: i64, high: i64) -> i64 {
    low + (mix(i, salt) % (high - low + 1) as u64) as i64
}

fn staff(person_id: i32, role: Role) -> Actor {
    Actor {
        person_id,
        roles: Roles::of(&[role]),
        verified: true,
        organiser_of: Vec::new(),
    }
}

fn date(at: NaiveDateTime) -> String {
    referral::tasks::london_date(at).format("%d/%m/%Y").to_string()
}

/// The team behind the caseload: the manager who allocates and the
/// coaches and volunteers who work one to one.
pub struct Team {
    pub manager: i32,
    /// (person id, Coach or Volunteer).
    pub workers: Vec<(i32, Role)>,
}

/// Makes the made-up people and their casework. Runs inside the caller's
/// transaction, once (when the site has no referrals yet).
pub fn caseload(conn: &mut AnyConnection, site: &mail::Site, team: &Team, now: NaiveDateTime) -> DemoResult<()> {
    let manager = staff(team.manager, Role::TeamManager);
    let by_manager = Staff::new(&manager);
    let long = referral::add_service(conn, &by_manager, "Twelve-week programme", Programme::Weeks(12), now)?;
    let short = referral::add_service(conn, &by_manager, "Short support (six weeks)", Programme::Weeks(6), now)?;
    let places: Vec<(String, String)> = listings::table
        .filter(listings::kind.eq_any(["group", "event", "place"]))
        .filter(listings::status.eq("published"))
        .order(listings::id)
        .limit(40)
        .select((listings::kind, listings::slug))
        .load(conn)?;
    let links: Vec<String> = places.iter().map(|(kind, slug)| format!("/{kind}s/{slug}")).collect();
    for i in 0..PEOPLE {
        let (worker, role) = team.workers[i % team.workers.len()];
        let worker = staff(worker, role);
        let service = if i % 5 == 4 { short.id } else { long.id };
        one_person(conn, site, &by_manager, &worker, service, &links, i, now)?;
    }
    Ok(())
}

/// One made-up person's journey so far.
#[allow(clippy::too_many_arguments)]
fn one_person(
    conn: &mut AnyConnection,
    site: &mail::Site,
    by_manager: &Staff<'_>,
    worker: &Actor,
    service: i32,
    links: &[String],
    i: usize,
    now: NaiveDateTime,
) -> DemoResult<()> {
    let stage = stage(i);
    // When the referral came in: worked back from the stage.
    let received = match stage {
        Stage::New { days }
        | Stage::FirstCall { days }
        | Stage::Assessment { days, .. }
        | Stage::Allocated { days } => now - Duration::days(days) - Duration::hours(between(i, 1, 1, 6)),
        Stage::Active { weeks, .. } => now - Duration::weeks(weeks) - Duration::days(between(i, 2, 10, 20)),
        Stage::Closed { weeks, ago, .. } => {
            now - Duration::days(ago) - Duration::weeks(weeks) - Duration::days(between(i, 2, 10, 20))
        }
        Stage::ClosedEarly { ago, .. } => now - Duration::days(ago) - Duration::days(between(i, 2, 3, 8)),
    };
    let Some(id) = refer(conn, site, i, received)? else {
        return Ok(());
    };
    if matches!(stage, Stage::New { .. }) {
        return Ok(());
    }
    let called = received + Duration::hours(between(i, 3, 18, 40));
    if matches!(stage, Stage::FirstCall { .. }) {
        let call = referral::FirstCall {
            outcome: referral::CallOutcome::NoAnswer,
            suitable: None,
            reason: "",
            note: "No answer; will try again tomorrow",
        };
        referral::record_first_call(conn, site, by_manager, id, &call, called)?;
        return Ok(());
    }
    if let Stage::ClosedEarly { ago, outcome } = stage {
        let suitable = outcome != referral::Outcome::NotSuitable;
        let call = referral::FirstCall {
            outcome: referral::CallOutcome::Reached,
            suitable: Some(suitable),
            reason: if suitable {
                ""
            } else {
                "Needs more support than the programme gives"
            },
            note: "Talked through what the team offers",
        };
        referral::record_first_call(conn, site, by_manager, id, &call, called)?;
        let closing = referral::Closing {
            outcome,
            referred_to: if outcome == referral::Outcome::ReferredElsewhere {
                "Community mental health team"
            } else {
                ""
            },
            summary: match outcome {
                referral::Outcome::Declined => "Decided not to go ahead for now; knows how to come back",
                referral::Outcome::NotSuitable => "Talked with the referrer about other support",
                _ => "Passed on with the person's agreement",
            },
        };
        referral::close(conn, site, by_manager, id, &closing, now - Duration::days(ago))?;
        return Ok(());
    }
    let call = referral::FirstCall {
        outcome: referral::CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "Keen to meet; prefers somewhere quiet",
    };
    referral::record_first_call(conn, site, by_manager, id, &call, called)?;
    let assessed = called + Duration::days(between(i, 4, 2, 5));
    referral::book_assessment(conn, by_manager, id, assessed, "At the library", called)?;
    if matches!(stage, Stage::Assessment { held: false, .. }) {
        return Ok(());
    }
    let complexity = if i.is_multiple_of(3) {
        referral::Complexity::High
    } else {
        referral::Complexity::Low
    };
    let assessment_note = "Would like to meet people; anxious about going alone the first time";
    referral::record_assessment(conn, by_manager, id, complexity, assessment_note, assessed)?;
    if matches!(stage, Stage::Assessment { .. }) {
        return Ok(());
    }
    let allocation = referral::Allocation {
        worker_id: worker.person_id,
        service_id: Some(service),
        note: "",
    };
    let allocated = assessed + Duration::days(between(i, 5, 1, 4));
    referral::allocate(conn, site, by_manager, id, &allocation, allocated)?;
    if matches!(stage, Stage::Allocated { .. }) {
        return Ok(());
    }
    let by = Staff::new(worker);
    let (weeks, end) = match stage {
        Stage::Active { weeks, .. } => (weeks, None),
        Stage::Closed {
            weeks, ago, outcome, ..
        } => (weeks, Some((now - Duration::days(ago), outcome))),
        _ => return Ok(()),
    };
    let started = match end {
        Some((closed, _)) => closed - Duration::weeks(weeks),
        None => now - Duration::weeks(weeks),
    };
    referral::start(conn, &by, id, "First meeting, over a cup of tea", started)?;
    casework(conn, &by, id, i, started, weeks, end.is_some(), links)?;
    if let Stage::Active { paused: true, .. } = stage {
        referral::pause(conn, &by, id, "A few weeks in hospital", now - Duration::days(4))?;
    }
    let Some((closed, outcome)) = end else {
        return Ok(());
    };
    let summary = if outcome == referral::Outcome::Completed {
        "Going to two groups regularly and feels ready to carry on alone"
    } else {
        "Stopped replying; a last message left the door open"
    };
    let closing = referral::Closing {
        outcome,
        referred_to: "",
        summary,
    };
    referral::close(conn, site, &by, id, &closing, closed)?;
    if outcome == referral::Outcome::Completed && now - closed >= Duration::days(92) {
        follow_up(conn, &by, id, i, closed + Duration::days(92))?;
    }
    Ok(())
}

/// Sends person `i`'s referral: two in three by themselves, the rest by a
/// professional. Each has its own origin, so the demo does not trip the
/// per-address limit on referrals.
fn refer(conn: &mut AnyConnection, site: &mail::Site, i: usize, at: NaiveDateTime) -> DemoResult<Option<i32>> {
    let address = format!("demo-{i}");
    let origin = accounts::flows::Origin {
        address: &address,
        user_agent: "kith demo",
    };
    let person = referral::PersonForm {
        name: format!("{} {}", pick(FIRST_NAMES, i, 10), pick(SURNAMES, i, 11)),
        phone: format!("020 7946 0{:03}", 200 + i),
        contact_methods: vec!["phone".to_owned(), "text".to_owned()],
        contact_times: pick(&["Weekday mornings", "After 2pm", "Any time"], i, 12).to_owned(),
        safe_to_leave_message: "yes".to_owned(),
        interests_other: pick(ENJOYS, i, 13).to_owned(),
        ..Default::default()
    };
    let receipt = if i % 3 == 2 {
        let (name, role, organisation, email) = pick(REFERRERS, i, 14);
        let form = referral::ProfessionalReferralForm {
            person,
            referrer_name: name.to_owned(),
            referrer_role: role.to_owned(),
            referrer_organisation: organisation.to_owned(),
            referrer_email: email.to_owned(),
            referrer_phone: String::new(),
            reason: "Lonely since a bereavement and would like to get out more".to_owned(),
            risks: String::new(),
            person_agreed: "yes".to_owned(),
            wants_updates: "yes".to_owned(),
            person_agreed_to_updates: "yes".to_owned(),
            form_token: referral::new_form_token()?,
            website: String::new(),
        };
        referral::submit_professional(conn, site, &form, None, origin, at)?
    } else {
        let form = referral::SelfReferralForm {
            person,
            consent: "yes".to_owned(),
            form_token: referral::new_form_token()?,
            website: String::new(),
        };
        referral::submit_self(conn, site, &form, origin, at)?
    };
    Ok(receipt.referral_id)
}

/// The week-by-week work with one person: contacts that start face to
/// face and taper to calls and messages, the measures at the start (and
/// the end), a goal with steps, the network map, and the reviews.
#[allow(clippy::too_many_arguments)]
fn casework(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    i: usize,
    started: NaiveDateTime,
    weeks: i64,
    ended: bool,
    links: &[String],
) -> DemoResult<()> {
    for week in 0..weeks {
        let day = started + Duration::weeks(week);
        let mut contacts: Vec<(&str, i64, &str)> = Vec::new();
        match week {
            0..=3 => {
                contacts.push(("face_to_face", 60, "Met for coffee and talked about the week"));
                contacts.push(("text", 2, "Reminder of the next meeting"));
            }
            4..=7 => contacts.push(("phone", 20, "Checked in about the groups tried so far")),
            _ => {
                if week % 2 == 0 {
                    contacts.push(("phone", 15, "A short call to see how things are going"));
                } else {
                    contacts.push(("email", 5, "Sent details of a new course"));
                }
            }
        }
        if week == 2 {
            contacts.push(("accompanied", 90, "Went along to the first session together"));
        }
        for (n, (mode, minutes, note)) in contacts.into_iter().enumerate() {
            let at = day + Duration::days(n as i64) + Duration::hours(2);
            let form = referral::casework::ContactForm {
                date: date(at),
                mode: mode.to_owned(),
                minutes: minutes.to_string(),
                note: note.to_owned(),
            };
            referral::casework::log_contact(conn, by, id, &form, at)?;
        }
    }
    // SWEMWBS items 1–5: low at the start, most people better by the end.
    let start_items: Vec<i64> = (0..7).map(|k| between(i, 20 + k, 1, 3)).collect();
    measure(conn, by, id, Instrument::Swemwbs, "start", &start_items, started)?;
    measure(
        conn,
        by,
        id,
        Instrument::Ons4,
        "start",
        &[
            between(i, 30, 2, 6),
            between(i, 31, 3, 6),
            between(i, 32, 2, 6),
            between(i, 33, 4, 8),
        ],
        started,
    )?;
    measure(
        conn,
        by,
        id,
        Instrument::Ucla3,
        "start",
        &[between(i, 34, 2, 3), between(i, 35, 2, 3), between(i, 36, 1, 3)],
        started,
    )?;
    let goal_words = pick(
        &[
            "Get out of the house twice a week",
            "Find something creative to do with other people",
            "Feel less on my own at weekends",
            "Get fitter, gently",
            "Learn something new",
        ],
        i,
        40,
    );
    let goal = referral::goals::add_goal(conn, by, id, goal_words, started)?;
    let activities = [
        "social",
        "exercise",
        "skills_creative",
        "volunteering",
        "course",
        "accredited_course",
        "paid_work",
    ];
    let steps = if weeks >= 3 { 3 } else { 1 };
    for s in 0..steps {
        let status = match (ended, s) {
            (true, 2) if i.is_multiple_of(4) => "stopped",
            (true, _) | (false, 0) if weeks >= 4 => "regular",
            _ if weeks >= 2 => "tried",
            _ => "planned",
        };
        let link = if links.is_empty() {
            String::new()
        } else {
            links[(mix(i, 50 + s as u64) % links.len() as u64) as usize].clone()
        };
        let step = referral::goals::StepForm {
            words: pick(
                &[
                    "Go along to the first session",
                    "Try the group for a month",
                    "Ask about volunteering there",
                    "Book a place on the course",
                ],
                i,
                60 + s as u64,
            )
            .to_owned(),
            due: String::new(),
            listing: link,
            activity: pick(&activities, i, 70 + s as u64).to_owned(),
            status: status.to_owned(),
            stopped_why: if status == "stopped" {
                "The time clashed with a new job".to_owned()
            } else {
                String::new()
            },
        };
        referral::goals::add_step(conn, by, id, goal.id, &step, started + Duration::days(1 + s as i64))?;
    }
    let circle = [
        ("Mum", "mother", "1"),
        ("J", "neighbour", "3"),
        ("Sam", "brother", "2"),
        ("K", "old friend", "2"),
    ];
    let known = between(i, 80, 2, 4) as usize;
    for point in ["start", "end"] {
        if point == "end" && !ended {
            break;
        }
        let at = if point == "start" {
            started
        } else {
            started + Duration::weeks(weeks) - Duration::hours(1)
        };
        for (name, relationship, ring) in circle.iter().take(known) {
            connection(conn, by, id, point, name, relationship, ring, false, at)?;
        }
        if point == "end" {
            for n in 0..between(i, 81, 0, 3) {
                let (name, relationship) = pick(
                    &[
                        ("P", "from the walking group"),
                        ("R", "volunteers alongside"),
                        ("L", "from the craft group"),
                    ],
                    i,
                    82 + n as u64,
                );
                connection(conn, by, id, point, name, relationship, "3", true, at)?;
            }
        }
    }
    if weeks >= 6 {
        review(conn, by, id, ReviewKind::SixWeek, started + Duration::weeks(6))?;
    }
    if ended {
        let end = started + Duration::weeks(weeks) - Duration::hours(2);
        if weeks >= 12 {
            review(conn, by, id, ReviewKind::Final, end)?;
        }
        let end_items: Vec<i64> = start_items
            .iter()
            .enumerate()
            .map(|(k, v)| (v + between(i, 90 + k as u64, 0, 2)).min(5))
            .collect();
        measure(conn, by, id, Instrument::Swemwbs, "end", &end_items, end)?;
    }
    Ok(())
}

fn measure(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    instrument: Instrument,
    point: &str,
    answers: &[i64],
    at: NaiveDateTime,
) -> DemoResult<()> {
    let form = MeasureForm {
        point: point.to_owned(),
        date: date(at),
        answers: answers.iter().map(i64::to_string).collect(),
    };
    referral::measures::record(conn, by, id, instrument, &form, at)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn connection(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    point: &str,
    name: &str,
    relationship: &str,
    ring: &str,
    is_new: bool,
    at: NaiveDateTime,
) -> DemoResult<()> {
    let person = referral::network::ConnectionForm {
        point: point.to_owned(),
        name: name.to_owned(),
        relationship: relationship.to_owned(),
        ring: ring.to_owned(),
        is_new,
    };
    referral::network::add(conn, by, id, &person, at)?;
    Ok(())
}

fn review(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, kind: ReviewKind, at: NaiveDateTime) -> DemoResult<()> {
    let form = ReviewForm {
        date: date(at),
        gone_well: "Has been to the group three times and knows people there now".to_owned(),
        next_steps: "Try going alone next week; look at a course for the spring".to_owned(),
    };
    referral::reviews::record(conn, by, id, kind, &form, at)?;
    Ok(())
}

/// The three-month follow-up, answered by phone.
fn follow_up(conn: &mut AnyConnection, by: &Staff<'_>, id: i32, i: usize, at: NaiveDateTime) -> DemoResult<()> {
    let form = referral::follow_up::FollowUpForm {
        more_supported: between(i, 100, 3, 5).to_string(),
        more_independent: between(i, 101, 2, 5).to_string(),
        crisis_better: between(i, 102, 2, 5).to_string(),
        still_going: if i % 4 == 1 { "no" } else { "yes" }.to_owned(),
        comments: "Still sees people from the group most weeks".to_owned(),
    };
    referral::follow_up::record_by_phone(conn, by, id, &form, at)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_has_people() {
        let stages: Vec<Stage> = (0..PEOPLE).map(stage).collect();
        let count = |f: fn(&Stage) -> bool| stages.iter().filter(|s| f(s)).count();
        assert!(count(|s| matches!(s, Stage::New { .. })) >= 5);
        assert!(count(|s| matches!(s, Stage::FirstCall { .. })) >= 3);
        assert!(count(|s| matches!(s, Stage::Assessment { .. })) >= 3);
        assert!(count(|s| matches!(s, Stage::Allocated { .. })) >= 3);
        assert!(count(|s| matches!(s, Stage::Active { .. })) >= 15);
        assert!(count(|s| matches!(s, Stage::Closed { .. })) >= 15);
        assert!(count(|s| matches!(s, Stage::ClosedEarly { .. })) >= 3);
    }

    #[test]
    fn closed_programmes_ended_in_the_last_year() {
        for i in 0..PEOPLE {
            if let Stage::Closed { weeks, ago, .. } = stage(i) {
                assert!(ago + weeks * 7 + 20 < 365, "person {i} started more than a year ago");
            }
        }
    }
}
