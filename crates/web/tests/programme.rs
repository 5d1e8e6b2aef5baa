//! A whole programme, end to end, on both databases: Mary's referral goes
//! through the team's pages from the first call to closing (allocation,
//! contacts, SWEMWBS at the start and the end, a goal with a step at a
//! listing, her network map, both reviews), she answers the three-month
//! follow-up through the emailed link without an account (once: the link
//! is then spent), and the impact report — page, CSV and the figures
//! behind them — matches what is worked out by hand below for her and
//! five people whose programmes ran earlier. A report of today alone has
//! only Mary in it, so it says "fewer than 5".

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Role, Roles};
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use chrono::{Duration, NaiveDateTime};
use referral::Staff;
use store::db_test;
use store::diesel::prelude::*;
use store::schema::{casework_follow_ups, casework_goals, referrals};

#[macro_use]
mod common;

use common::csrf_in;

async fn body_of<B: actix_web::body::MessageBody>(resp: actix_web::dev::ServiceResponse<B>) -> String {
    String::from_utf8(read_body(resp).await.to_vec()).unwrap()
}

const PLACEHOLDERS: [&str; 7] = [
    "Placeholder statement one",
    "Placeholder statement two",
    "Placeholder statement three",
    "Placeholder statement four",
    "Placeholder statement five",
    "Placeholder statement six",
    "Placeholder statement seven",
];

fn date_of(at: NaiveDateTime) -> String {
    referral::tasks::london_date(at).format("%d/%m/%Y").to_string()
}

/// One of the five earlier programmes, through the domain functions with
/// dates in the past: referred 60 days ago, first contact a day later,
/// started 5 days in, two contacts (60 min face to face, 30 min phone),
/// SWEMWBS all 2s at the start (raw 14) and `end_items` at the end, one
/// social step at `listing`, a network map at the end with one person
/// already known and `new_people` met on the way, closed 40 days in as
/// `outcome`, and (if given) the follow-up answered by phone today.
#[allow(clippy::too_many_arguments)]
fn earlier_programme(
    conn: &mut store::AnyConnection,
    site: &mail::Site,
    manager: &Actor,
    coach: &Actor,
    n: usize,
    end_items: [i32; 7],
    new_people: usize,
    outcome: referral::Outcome,
    follow_up: Option<(&str, &str, &str, &str)>,
    listing: &str,
    now: NaiveDateTime,
) {
    let arrived = now - Duration::days(60);
    let form = referral::SelfReferralForm {
        person: referral::PersonForm {
            name: format!("Earlier Person {n}"),
            phone: format!("020 7946 01{n:02}"),
            ..Default::default()
        },
        consent: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    };
    let address = format!("192.0.2.{n}");
    let origin = accounts::flows::Origin {
        address: &address,
        user_agent: "test",
    };
    let id = referral::submit_self(conn, site, &form, origin, arrived)
        .unwrap()
        .referral_id
        .unwrap();
    let (by_manager, by_coach) = (Staff::new(manager), Staff::new(coach));
    let call = referral::FirstCall {
        outcome: referral::CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "",
    };
    let called = arrived + Duration::days(1);
    referral::record_first_call(conn, site, &by_manager, id, &call, called).unwrap();
    referral::book_assessment(conn, &by_manager, id, called + Duration::days(1), "", called).unwrap();
    referral::record_assessment(
        conn,
        &by_manager,
        id,
        referral::Complexity::Low,
        "",
        called + Duration::days(1),
    )
    .unwrap();
    let allocation = referral::Allocation {
        worker_id: coach.person_id,
        service_id: None,
        note: "",
    };
    referral::allocate(conn, site, &by_manager, id, &allocation, called + Duration::days(2)).unwrap();
    let started = arrived + Duration::days(5);
    referral::start(conn, &by_coach, id, "", started).unwrap();
    for (days, mode, minutes) in [(0, "face_to_face", "60"), (7, "phone", "30")] {
        let at = started + Duration::days(days);
        let contact = referral::casework::ContactForm {
            date: date_of(at),
            mode: mode.into(),
            minutes: minutes.into(),
            note: String::new(),
        };
        referral::casework::log_contact(conn, &by_coach, id, &contact, at).unwrap();
    }
    let ended = arrived + Duration::days(40);
    for (point, items, at) in [
        ("start", [2; 7], started),
        ("end", end_items, ended - Duration::hours(1)),
    ] {
        let measure = referral::measures::MeasureForm {
            point: point.into(),
            date: date_of(at),
            answers: items.iter().map(i32::to_string).collect(),
        };
        referral::measures::record(
            conn,
            &by_coach,
            id,
            referral::measures::Instrument::Swemwbs,
            &measure,
            at,
        )
        .unwrap();
    }
    let goal = referral::goals::add_goal(conn, &by_coach, id, "Meet people", started).unwrap();
    let step = referral::goals::StepForm {
        words: "Go to the lunch club".into(),
        due: String::new(),
        listing: listing.into(),
        activity: "social".into(),
        status: "regular".into(),
        stopped_why: String::new(),
    };
    referral::goals::add_step(conn, &by_coach, id, goal.id, &step, started).unwrap();
    let people = std::iter::once(("Sis", false)).chain((0..new_people).map(|_| ("New friend", true)));
    for (name, is_new) in people {
        let person = referral::network::ConnectionForm {
            point: "end".into(),
            name: name.into(),
            relationship: "friend".into(),
            ring: "2".into(),
            is_new,
        };
        referral::network::add(conn, &by_coach, id, &person, ended - Duration::hours(1)).unwrap();
    }
    let closing = referral::Closing {
        outcome,
        referred_to: "",
        summary: "Finished",
    };
    referral::close(conn, site, &by_coach, id, &closing, ended).unwrap();
    if let Some((supported, independent, crisis, going)) = follow_up {
        let answers = referral::follow_up::FollowUpForm {
            more_supported: supported.into(),
            more_independent: independent.into(),
            crisis_better: crisis.into(),
            still_going: going.into(),
            comments: String::new(),
        };
        referral::follow_up::record_by_phone(conn, &by_coach, id, &answers, now).unwrap();
    }
}

db_test!(fn a_whole_programme_from_referral_to_follow_up_shows_in_the_report(db) {
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    let running = common::start(db);
    let state = actix_web::web::Data::new(
        web::AppState::new(
            db.pool().clone(),
            directory::Reference::load(&mut db.conn()).unwrap(),
            running.index.clone(),
            running.state.accounts.clone(),
            web::hasher::Hasher::start().unwrap(),
            None,
        )
        .with_swemwbs_items(Some(PLACEHOLDERS.iter().map(|s| (*s).to_owned()).collect())),
    );
    let site = state.accounts.site.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let (_, commissioner) = common::signed_in(&running, "commissioner@example.org", &[Role::Commissioner]);
    let now = chrono::Utc::now().naive_utc();
    let lunch = l::insert(&mut db.conn(), &listing(directory::Kind::Group, "Lunch Club", 22, now), &Tags::default()).unwrap();
    let garden = l::insert(&mut db.conn(), &listing(directory::Kind::Group, "Community Garden", 22, now), &Tags::default()).unwrap();
    let as_manager = Actor { person_id: manager_id, roles: Roles::of(&[Role::TeamManager]), verified: true, organiser_of: Vec::new() };
    let as_coach = Actor { person_id: coach_id, roles: Roles::of(&[Role::Coach]), verified: true, organiser_of: Vec::new() };

    // Five earlier programmes: four completed and better by the end (all
    // 3s, raw 21), one stopped taking part and hardly changed (raw 15);
    // four followed up by phone.
    let lunch_link = format!("/groups/{}", lunch.slug);
    {
        let mut conn = db.conn();
        for n in 1..=4 {
            let going = if n == 4 { "no" } else { "yes" };
            earlier_programme(&mut conn, &site, &as_manager, &as_coach, n, [3; 7], 1,
                referral::Outcome::Completed, Some(("4", "2", "5", going)), &lunch_link, now);
        }
        earlier_programme(&mut conn, &site, &as_manager, &as_coach, 5, [2, 2, 2, 2, 2, 2, 3], 0,
            referral::Outcome::Disengaged, None, &lunch_link, now);
    }

    // Mary refers herself two hours ago (or at midnight, if today is not
    // two hours old yet: the report of today alone must hold her), with an
    // email address.
    let london_midnight = directory::recurrence::from_london_time(
        referral::tasks::london_date(now).and_hms_opt(0, 0, 0).unwrap(),
    );
    let referred = (now - Duration::hours(2)).max(london_midnight);
    let form = referral::SelfReferralForm {
        person: referral::PersonForm {
            name: "Mary Example".into(),
            phone: "020 7946 0001".into(),
            email: "mary@example.org".into(),
            contact_methods: vec!["phone".into(), "email".into()],
            ..Default::default()
        },
        consent: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    };
    let origin = accounts::flows::Origin { address: "192.0.2.99", user_agent: "test" };
    let id = referral::submit_self(&mut db.conn(), &site, &form, origin, referred)
        .unwrap()
        .referral_id
        .unwrap();
    let today = date_of(chrono::Utc::now().naive_utc());
    let iso_today = referral::tasks::london_date(chrono::Utc::now().naive_utc()).format("%Y-%m-%d").to_string();

    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: &str| {
            TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        let page = format!("/team/referrals/{id}");
        // A form's page, then the form sent with the page's CSRF token:
        // the status, where it went, and the page.
        macro_rules! send {
            ($session:expr, $get:expr, $post:expr, $fields:expr) => {{
                let (get_uri, post_uri): (String, String) = ($get, $post);
                let resp = call_service(&app, get(&get_uri, $session)).await;
                assert_eq!(resp.status(), StatusCode::OK, "GET {get_uri}");
                let csrf = csrf_in(&body_of(resp).await);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&post_uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", $session.to_owned()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service(&app, req).await;
                let status = resp.status();
                let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                let body = body_of(resp).await;
                assert!(status == StatusCode::SEE_OTHER, "POST {post_uri}: {status}\n{body}");
                location
            }};
        }
        macro_rules! step {
            ($session:expr, $uri:expr, $fields:expr) => {{
                let uri: String = $uri;
                send!($session, uri.clone(), uri, $fields)
            }};
        }
        let status_of = || -> String {
            referrals::table.find(id).select(referrals::status).first(&mut *db.conn()).unwrap()
        };

        // Triage, assessment and allocation.
        step!(&coach, format!("{page}/first-call"), [("outcome", "reached"), ("suitable", "yes"), ("note", "Keen to meet")]);
        step!(&coach, format!("{page}/book-assessment"), [("date", today.as_str()), ("time", "23:00")]);
        step!(&coach, format!("{page}/assessment"), [("complexity", "low"), ("note", "Nervous of new places")]);
        let coach_id_text = coach_id.to_string();
        step!(&manager, format!("{page}/allocate"), [("worker", coach_id_text.as_str()), ("service", "")]);
        assert_eq!(status_of(), "allocated");
        step!(&coach, format!("{page}/start"), [("note", "Coffee at the library")]);
        assert_eq!(status_of(), "active");

        // The work together: 60 + 120 + 30 minutes of contact.
        for (mode, minutes) in [("face_to_face", "60"), ("accompanied", "120"), ("phone", "30")] {
            step!(&coach, format!("{page}/contacts/new"), [("date", today.as_str()), ("mode", mode), ("minutes", minutes), ("note", "")]);
        }
        let mut start: Vec<(String, &str)> = (1..=7).map(|i| (format!("item-{i}"), "2")).collect();
        start.extend([("point".to_owned(), "start"), ("date".to_owned(), today.as_str())]);
        let start: Vec<(&str, &str)> = start.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        step!(&coach, format!("{page}/measures/swemwbs"), start);
        step!(&coach, format!("{page}/goals/new"), [("words", "Get outdoors and meet people")]);
        let goal: i32 = casework_goals::table
            .filter(casework_goals::referral_id.eq(id))
            .select(casework_goals::id)
            .first(&mut *db.conn())
            .unwrap();
        let garden_link = format!("/groups/{}", garden.slug);
        step!(&coach, format!("{page}/goals/{goal}/steps/new"),
            [("words", "Volunteer at the garden"), ("listing", garden_link.as_str()), ("status", "regular"), ("activity", "volunteering"), ("due", "")]);
        for (point, name, ring, is_new) in [("start", "Mum", "1", ""), ("end", "Mum", "1", ""), ("end", "Ali", "2", "yes"), ("end", "Bea", "3", "yes")] {
            let mut fields = vec![("point", point), ("name", name), ("relationship", "friend"), ("ring", ring)];
            if !is_new.is_empty() {
                fields.push(("is_new", is_new));
            }
            step!(&coach, format!("{page}/network/new"), fields);
        }
        for kind in ["six-week", "final"] {
            step!(&coach, format!("{page}/reviews/{kind}"),
                [("date", today.as_str()), ("gone_well", "Goes to the garden every week"), ("next_steps", "Keep going")]);
        }
        let mut end: Vec<(String, &str)> = (1..=7).map(|i| (format!("item-{i}"), "3")).collect();
        end.extend([("point".to_owned(), "end"), ("date".to_owned(), today.as_str())]);
        let end: Vec<(&str, &str)> = end.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        step!(&coach, format!("{page}/measures/swemwbs"), end);
        step!(&coach, format!("{page}/close"), [("outcome", "completed"), ("summary", "Volunteers at the garden and has made friends")]);
        assert_eq!(status_of(), "closed");

        // The printable record draws both network maps, the new people marked.
        let resp = call_service(&app, get(&format!("{page}/print"), &manager)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert_eq!(body.matches(r#"<svg class="kith-network-map""#).count(), 2, "start and end maps");
        assert!(body.contains("Ali (new)") && body.contains("Bea (new)"));

        // The follow-up link, sent by the coach and used by Mary without an account.
        send!(&coach, format!("{page}/follow-up"), format!("{page}/follow-up/link"), [("go", "send")]);
        let token = common::emailed_token(&running, "mary@example.org", "/follow-up/");
        let link = format!("/follow-up/{token}");
        let resp = call_service(&app, TestRequest::get().uri(&link).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let csrf = csrf_in(&body_of(resp).await);
        let answer = |csrf: String| {
            TestRequest::post()
                .uri(&link)
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .set_form([
                    ("more_supported", "5"),
                    ("more_independent", "4"),
                    ("crisis_better", "2"),
                    ("still_going", "yes"),
                    ("comments", "Thank you"),
                    ("csrf", csrf.as_str()),
                ])
                .to_request()
        };
        let resp = call_service(&app, answer(csrf.clone())).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let answered: Option<String> = casework_follow_ups::table
            .filter(casework_follow_ups::referral_id.eq(id))
            .select(casework_follow_ups::answered_how)
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(answered.as_deref(), Some("link"));
        // Spent: the link works once.
        let again = call_service(&app, answer(csrf)).await;
        assert_ne!(again.status(), StatusCode::OK);
        assert!(!again.status().is_server_error());
        let resp = call_service(&app, TestRequest::get().uri(&link).to_request()).await;
        assert_ne!(resp.status(), StatusCode::OK);

        // The report, by hand, for the last twelve months (six people):
        // - received 6, all self-referrals;
        // - first contact a day after referral for five, two hours or less
        //   for Mary: median 1 day, mean (5 + 0 to 0.08) / 6 = 0.83 to
        //   0.85 → 0.8;
        // - six supported; six programmes ended: five completed (83.3%),
        //   one stopped taking part (16.7%);
        // - contact: 5 × 90 + 210 = 660 minutes = 11 hours over six people
        //   = 1.83 → 1.8 hours each;
        // - activities: five social steps (five people) and one
        //   volunteering step (one person: fewer than 5); two different
        //   groups;
        // - SWEMWBS (metric, from the conversion table): start 15.32 for
        //   all; end 19.25 for five and 15.84 (raw 15) for one, mean
        //   (5 × 19.25 + 15.84) / 6 = 18.68; improved by 3 or more: 5 of 6
        //   = 83.3%;
        // - follow-ups, five answers: more supported 4,4,4,4,5 → 100%;
        //   more independent 2,2,2,2,4 → 20%; crisis 5,5,5,5,2 → 80%;
        //   still going yes,yes,yes,no,yes → 80%;
        // - new connections: 1 + 1 + 1 + 1 + 0 + 2 = 6 over six maps = 1.
        let resp = call_service(&app, get("/team/reports.csv", &manager)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let csv = body_of(resp).await;
        for line in [
            "Referrals received,All referrals,6",
            "Referrals by source,Self-referral,6",
            "Referrals by source,Professional referral,0",
            "Time to first contact,Median (days),1",
            "Time to first contact,Mean (days),0.8",
            "People supported,People with a programme,6",
            "How programmes ended,Completed,83.3%",
            "How programmes ended,Stopped taking part,16.7%",
            "How programmes ended,Programmes ended (n),6",
            "Coach hours,Hours per person,1.8",
            "Coach hours,Hours in all,11",
            "Activities accessed,Social group,5",
            "Activities accessed,Different groups and places,2",
            "SWEMWBS,Mean at the start,15.32",
            "SWEMWBS,Mean at the end,18.68",
            "SWEMWBS,Meaningfully improved (3 points or more),83.3%",
            "SWEMWBS,People with both scores (n),6",
            "Three-month follow-up,Feel more supported,100%",
            "Three-month follow-up,Feel more independent,20%",
            "Three-month follow-up,Better able to deal with a crisis,80%",
            "Three-month follow-up,Still going to activities,80%",
            "Three-month follow-up,Still going to activities (n),5",
            "New social connections,In all,6",
            "New social connections,Per person,1",
        ] {
            assert!(csv.lines().any(|l| l.trim_end() == line), "{line} in\n{csv}");
        }
        let volunteering = csv.lines().find(|l| l.starts_with("Activities accessed,Volunteering")).unwrap();
        assert!(volunteering.ends_with(",fewer than 5"), "{volunteering}");

        // The page says the same, and the commissioner sees it too.
        for session in [&manager, &commissioner] {
            let resp = call_service(&app, get("/team/reports", session)).await;
            assert_eq!(resp.status(), StatusCode::OK);
            let body = body_of(resp).await;
            for figure in ["83.3%", "18.68", "15.32", "fewer than 5"] {
                assert!(body.contains(figure), "{figure} on the page");
            }
            assert!(!body.contains("Mary"), "the report names nobody");
        }
        // A coach does not see reports.
        assert_eq!(call_service(&app, get("/team/reports", &coach)).await.status(), StatusCode::FORBIDDEN);

        // Today alone: only Mary's programme ended and only she was
        // referred, so nearly everything is "fewer than 5".
        let resp = call_service(&app, get(&format!("/team/reports.csv?from={iso_today}&to={iso_today}"), &manager)).await;
        let csv = body_of(resp).await;
        for line in [
            "Referrals received,All referrals,fewer than 5",
            "How programmes ended,Completed,fewer than 5",
            "SWEMWBS,Mean at the end,fewer than 5",
            "New social connections,In all,fewer than 5",
        ] {
            assert!(csv.lines().any(|l| l.trim_end() == line), "{line} in\n{csv}");
        }
        assert!(!csv.contains("83.3%"));
    });
});
