//! The person's casework pages over HTTP, on both databases: a coach logs
//! contacts (every problem answered beside its field, what was typed
//! kept, notes escaped), sees the totals and the week-by-week taper, and
//! records SWEMWBS at the start and the end with the change and its
//! meaning; a manager must say why she changes another coach's case;
//! another coach is refused; each page view is audited; and SWEMWBS is
//! not offered until the organisation enters its licensed wording.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Role, Roles};
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use referral::Staff;
use store::db_test;
use store::diesel::prelude::*;
use store::schema::audit_log;

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

/// A referral allocated to `coach` and started, by a manager.
fn started_referral(running: &common::Running, db: &store::testing::TestDb, manager: i32, coach: i32) -> i32 {
    let site = running.state.accounts.site.clone();
    let now = chrono::Utc::now().naive_utc() - chrono::Duration::days(14);
    let form = referral::SelfReferralForm {
        person: referral::PersonForm {
            name: "Mary Example".into(),
            phone: "020 7946 0001".into(),
            ..Default::default()
        },
        consent: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    };
    let mut conn = db.conn();
    let origin = accounts::flows::Origin {
        address: "192.0.2.9",
        user_agent: "test",
    };
    let id = referral::submit_self(&mut conn, &site, &form, origin, now)
        .unwrap()
        .referral_id
        .unwrap();
    let actor = Actor {
        person_id: manager,
        roles: Roles::of(&[Role::TeamManager]),
        verified: true,
        organiser_of: Vec::new(),
    };
    let by = Staff::new(&actor);
    let call = referral::FirstCall {
        outcome: referral::CallOutcome::Reached,
        suitable: Some(true),
        reason: "",
        note: "",
    };
    referral::record_first_call(&mut conn, &site, &by, id, &call, now).unwrap();
    referral::book_assessment(&mut conn, &by, id, now, "", now).unwrap();
    referral::record_assessment(&mut conn, &by, id, referral::Complexity::Low, "", now).unwrap();
    let allocation = referral::Allocation {
        worker_id: coach,
        service_id: None,
        note: "",
    };
    referral::allocate(&mut conn, &site, &by, id, &allocation, now).unwrap();
    referral::start(&mut conn, &by, id, "", now).unwrap();
    id
}

db_test!(fn a_coach_logs_contacts_and_records_outcome_measures(db) {
    let running = common::start(db);
    // The same app, with the organisation's SWEMWBS wording entered.
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
    let unlicensed = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (_, other_coach) = common::signed_in(&running, "coach2@example.org", &[Role::Coach]);
    let (manager_id, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    let today = referral::tasks::london_date(chrono::Utc::now().naive_utc());
    let date = |days_ago: i64| (today - chrono::Duration::days(days_ago)).format("%d/%m/%Y").to_string();
    let viewed = || -> i64 {
        audit_log::table
            .filter(audit_log::action.eq("referral.viewed"))
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .count()
            .get_result(&mut *db.conn())
            .unwrap()
    };
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: &str| {
            TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        let page = format!("/team/referrals/{id}");
        // A form's page, then the form sent with the page's CSRF token.
        macro_rules! send {
            ($app:expr, $session:expr, $uri:expr, $fields:expr) => {{
                let uri: String = $uri;
                let resp = call_service($app, get(&uri, $session)).await;
                let body = body_of(resp).await;
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, String)| ((*k).to_owned(), v.clone())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", $session.to_owned()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service($app, req).await;
                let status = resp.status();
                let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                (status, location, body_of(resp).await)
            }};
        }
        let s = |v: &str| v.to_owned();

        // The referral links to the casework and sums it up.
        let body = body_of(call_service(&app, get(&page, &coach)).await).await;
        assert!(body.contains(&format!("href=\"{page}/contacts\"")) && body.contains(&format!("href=\"{page}/measures\"")));
        assert!(body.contains("No contacts logged yet"));

        // The contact form is dated today.
        let resp = call_service(&app, get(&format!("{page}/contacts/new"), &coach)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains(&format!("value=\"{}\"", date(0))));
        assert!(!body.contains("override_reason"), "the coach's own case needs no reason");

        // Every problem at once, each beside its field, what was typed kept.
        let (status, _, body) = send!(&app, &coach, format!("{page}/contacts/new"),
            [("date", s("31/02/2026")), ("mode", s("")), ("minutes", s("lots")), ("note", s("Kept note"))]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem") && body.contains("Error: Log a contact"));
        assert!(body.contains("Enter the date of the contact, like 14/12/2026"));
        assert!(body.contains("Choose how you were in touch"));
        assert!(body.contains("Enter how many minutes it took, as a number, like 20"));
        assert!(body.contains(r##"href="#minutes""##), "the summary links to the field");
        assert!(body.contains(r#"value="lots""#) && body.contains(">Kept note</textarea>"));

        // Mary's first weeks: face to face, then calls and messages.
        for (days_ago, mode, minutes, note) in [
            (13, "face_to_face", "60", "<b>Coffee</b> at the café"),
            (10, "accompanied", "120", "Walked to the community garden"),
            (5, "phone", "20", ""),
            (4, "text", "2", ""),
            (3, "email", "5", ""),
        ] {
            let (status, location, _) = send!(&app, &coach, format!("{page}/contacts/new"),
                [("date", date(days_ago)), ("mode", s(mode)), ("minutes", s(minutes)), ("note", s(note))]);
            assert_eq!(status, StatusCode::SEE_OTHER, "{mode}");
            assert_eq!(location.as_deref(), Some(&*format!("{page}/contacts?done=contact")));
        }
        let before = viewed();
        let body = body_of(call_service(&app, get(&format!("{page}/contacts?done=contact"), &coach)).await).await;
        assert_eq!(viewed(), before + 1, "reading the contacts is audited");
        assert!(body.contains("The contact has been logged."));
        assert!(body.contains("1 call, 2 texts/emails, 3 h face to face, 3 h 27 min in all"), "{body}");
        assert!(body.contains("Week 1") && body.contains("Week 2"));
        assert!(body.contains("&lt;b&gt;Coffee&lt;/b&gt; at the café") && !body.contains("<b>Coffee"), "notes are escaped");
        assert!(body.contains("Accompanied visit"));
        let body = body_of(call_service(&app, get(&page, &coach)).await).await;
        assert!(body.contains("1 call, 2 texts/emails, 3 h face to face"), "the referral sums it up");

        // Another coach is refused; a manager must say why she logs on the coach's case.
        for uri in [format!("{page}/contacts"), format!("{page}/contacts/new"), format!("{page}/measures"), format!("{page}/measures/ons4")] {
            assert_eq!(call_service(&app, get(&uri, &other_coach)).await.status(), StatusCode::FORBIDDEN, "{uri}");
        }
        let (status, _, body) = send!(&app, &manager, format!("{page}/contacts/new"),
            [("date", date(1)), ("mode", s("phone")), ("minutes", s("10")), ("override_reason", s(" "))]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say why you are changing a case allocated to someone else"));
        let (status, _, _) = send!(&app, &manager, format!("{page}/contacts/new"),
            [("date", date(1)), ("mode", s("phone")), ("minutes", s("10")), ("override_reason", s("Coach is away"))]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let reason: String = audit_log::table
            .filter(audit_log::action.eq("referral.contact_logged"))
            .filter(audit_log::actor_id.eq(manager_id))
            .select(audit_log::reason)
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(reason, "Coach is away");

        // SWEMWBS: the organisation's wording, with the copyright line.
        let body = body_of(call_service(&app, get(&format!("{page}/measures"), &coach)).await).await;
        assert!(body.contains("Not asked yet") && body.contains(referral::measures::SWEMWBS_COPYRIGHT));
        assert!(body.contains(&format!("href=\"{page}/measures/swemwbs\"")));
        let resp = call_service(&app, get(&format!("{page}/measures/swemwbs"), &coach)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(PLACEHOLDERS.iter().all(|p| body.contains(p)));
        assert!(body.contains(referral::measures::SWEMWBS_COPYRIGHT));
        assert!(body.contains(r#"value="start" checked"#), "the start is chosen first");
        let answers = |raw: [&str; 7]| -> Vec<(&str, String)> {
            referral::measures::ITEM_FIELDS.iter().zip(raw).map(|(f, a)| (*f, a.to_owned())).collect()
        };
        let mut fields = answers(["3", "2", "2", "3", "2", "", "9"]);
        fields.extend([("point", s("start")), ("date", date(13))]);
        let (status, _, body) = send!(&app, &coach, format!("{page}/measures/swemwbs"), fields);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Choose an answer for question 6 (1 to 5)") && body.contains("Choose an answer for question 7 (1 to 5)"));
        assert!(body.contains(r#"id="item-1" name="item-1" type="radio" value="1""#), "the first answer has the field's id");
        assert!(body.contains(r#"value="3" checked"#), "answers are kept");
        for (point, days_ago, raw) in [("start", 13, ["3", "2", "2", "3", "2", "3", "2"]), ("end", 0, ["4", "3", "3", "3", "3", "4", "3"])] {
            let mut fields = answers(raw);
            fields.extend([("point", s(point)), ("date", date(days_ago))]);
            let (status, location, _) = send!(&app, &coach, format!("{page}/measures/swemwbs"), fields);
            assert_eq!(status, StatusCode::SEE_OTHER, "{point}");
            assert_eq!(location.as_deref(), Some(&*format!("{page}/measures?done=swemwbs")));
        }
        let body = body_of(call_service(&app, get(&format!("{page}/measures?done=swemwbs"), &coach)).await).await;
        assert!(body.contains("The answers have been saved."));
        assert!(body.contains("16.88 (raw 17)") && body.contains("20.73 (raw 23)"), "{body}");
        assert!(body.contains("+3.85 metric points since the start: a meaningful improvement"));
        let body = body_of(call_service(&app, get(&page, &coach)).await).await;
        assert!(body.contains("16.88 at the start, 20.73 at the end: a meaningful improvement"));

        // ONS4 and loneliness are shipped with their wording.
        let body = body_of(call_service(&app, get(&format!("{page}/measures/ucla3"), &coach)).await).await;
        assert!(body.contains("How often do you feel left out?") && body.contains("Hardly ever or never (1)"));
        let mut fields = vec![("item-1", s("3")), ("item-2", s("2")), ("item-3", s("2"))];
        fields.extend([("point", s("start")), ("date", date(13))]);
        assert_eq!(send!(&app, &coach, format!("{page}/measures/ucla3"), fields).0, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&format!("{page}/measures"), &coach)).await).await;
        assert!(body.contains("7 of 9"));
        assert_eq!(call_service(&app, get(&format!("{page}/measures/nonsense"), &coach)).await.status(), StatusCode::NOT_FOUND);

        // Without the licensed wording, SWEMWBS is not offered; the rest is.
        let app = init_service(web::app!(unlicensed)).await;
        let resp = call_service(&app, get(&format!("{page}/measures/swemwbs"), &coach)).await;
        assert_eq!(resp.status(), StatusCode::CONFLICT);
        let body = body_of(resp).await;
        assert!(body.contains("SWEMWBS is not set up here") && !body.contains("Placeholder statement"));
        let body = body_of(call_service(&app, get(&format!("{page}/measures"), &coach)).await).await;
        assert!(body.contains("SWEMWBS is not set up here") && body.contains("20.73 (raw 23)"), "scores still show");
        let body = body_of(call_service(&app, get(&format!("{page}/measures/ons4"), &coach)).await).await;
        assert!(body.contains("Overall, how satisfied are you with your life nowadays?") && body.contains("0 — Not at all satisfied"));
        // A SWEMWBS form sent anyway changes nothing.
        let csrf = csrf_in(&body);
        let mut fields: Vec<(String, String)> = answers(["3", "2", "2", "3", "2", "3", "2"])
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        fields.extend([("point".to_owned(), s("follow_up")), ("date".to_owned(), date(0)), ("csrf".to_owned(), csrf.clone())]);
        let req = TestRequest::post()
            .uri(&format!("{page}/measures/swemwbs"))
            .cookie(Cookie::new("kith_csrf", csrf))
            .cookie(Cookie::new("kith_session", coach.clone()))
            .set_form(fields)
            .to_request();
        assert_eq!(call_service(&app, req).await.status(), StatusCode::CONFLICT);
        let follow_ups: i64 = store::schema::casework_measures::table
            .filter(store::schema::casework_measures::point.eq("follow_up"))
            .count()
            .get_result(&mut *db.conn())
            .unwrap();
        assert_eq!(follow_ups, 0);
    });
});

db_test!(fn a_coach_writes_goals_and_steps_linked_to_listings(db) {
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, _) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    let now = chrono::Utc::now().naive_utc();
    let garden = l::insert(&mut db.conn(), &listing(directory::Kind::Group, "Community Garden", 22, now), &Tags::default()).unwrap();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str| TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", coach.clone())).to_request();
        let page = format!("/team/referrals/{id}");
        macro_rules! send {
            ($uri:expr, $fields:expr) => {{
                let uri: String = $uri;
                let body = body_of(call_service(&app, get(&uri)).await).await;
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", coach.clone()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service(&app, req).await;
                let status = resp.status();
                let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                (status, location, body_of(resp).await)
            }};
        }
        let body = body_of(call_service(&app, get(&format!("{page}/goals"))).await).await;
        assert!(body.contains("No goals yet"));
        let (status, _, body) = send!(format!("{page}/goals/new"), [("words", " ")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Write the goal, in the person&#39;s own words") || body.contains("Write the goal, in the person's own words"));
        let (status, location, _) = send!(format!("{page}/goals/new"), [("words", "<i>Get outdoors</i> and paint")]);
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("{page}/goals?done=goal"))));
        let body = body_of(call_service(&app, get(&format!("{page}/goals?done=goal"))).await).await;
        assert!(body.contains("The goal has been added.") && body.contains("&lt;i&gt;Get outdoors&lt;/i&gt; and paint"));
        let goal: i32 = store::schema::casework_goals::table
            .select(store::schema::casework_goals::id)
            .first(&mut *db.conn())
            .unwrap();
        let new_step = format!("{page}/goals/{goal}/steps/new");
        let resp = call_service(&app, get(&new_step)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains(r#"value="planned" checked"#), "a new step is planned");
        let (status, _, body) = send!(new_step.clone(), [("words", "Open morning"), ("listing", "/groups/nowhere"), ("status", "stopped"), ("activity", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Paste the link of a listing on this site") && body.contains("Say why the person stopped"));
        assert!(body.contains(r#"value="/groups/nowhere""#), "what was typed is kept");
        let link = format!("http://127.0.0.1:8080/groups/{}", garden.slug);
        let (status, _, _) = send!(new_step.clone(), [("words", "Open morning"), ("listing", link.as_str()), ("status", "planned"), ("activity", "volunteering"), ("due", "")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let step: i32 = store::schema::casework_steps::table
            .select(store::schema::casework_steps::id)
            .first(&mut *db.conn())
            .unwrap();
        // Changing it: the form is filled in from what is stored.
        let body = body_of(call_service(&app, get(&format!("{page}/steps/{step}"))).await).await;
        assert!(body.contains(&format!(r#"value="/groups/{}""#, garden.slug)) && body.contains(r#"value="volunteering" checked"#));
        let (status, _, _) = send!(format!("{page}/steps/{step}"), [("words", "Open morning"), ("listing", link.as_str()), ("status", "regular"), ("activity", "volunteering")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&format!("{page}/goals"))).await).await;
        assert!(body.contains(&format!(r#"href="/groups/{}">Community Garden</a>"#, garden.slug)));
        assert!(body.contains("Doing regularly") && body.contains("at 1 listing in the directory in all"));
        assert_eq!(call_service(&app, get(&format!("{page}/steps/999999"))).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(call_service(&app, get(&format!("{page}/goals/999999/steps/new"))).await.status(), StatusCode::NOT_FOUND);
    });
});

db_test!(fn the_network_map_is_drawn_as_accessible_svg_with_its_table(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, _) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str| TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", coach.clone())).to_request();
        let page = format!("/team/referrals/{id}");
        macro_rules! send {
            ($form_page:expr, $uri:expr, $fields:expr) => {{
                let body = body_of(call_service(&app, get(&$form_page)).await).await;
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&$uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", coach.clone()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service(&app, req).await;
                (resp.status(), body_of(resp).await)
            }};
        }
        let new = format!("{page}/network/new");
        let body = body_of(call_service(&app, get(&format!("{page}/network"))).await).await;
        assert!(body.contains("Nobody on this map yet"));
        let (status, body) = send!(new, new, [("point", "start"), ("name", "Mary Ann Smith"), ("relationship", ""), ("ring", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter a first name or initials only") && body.contains("Choose how close they are"));
        assert!(body.contains(r#"value="Mary Ann Smith""#));
        for (name, relationship, ring) in [("<b>Mum</b>", "mother", "1"), ("J", "closest friend", "2")] {
            let (status, _) = send!(new, new, [("point", "start"), ("name", name), ("relationship", relationship), ("ring", ring)]);
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (status, _) = send!(format!("{page}/network"), format!("{page}/network/copy"), [("x", "")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = send!(new, new, [("point", "end"), ("name", "Ali"), ("relationship", "volunteer at the garden"), ("ring", "2"), ("is_new", "yes")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&format!("{page}/network"))).await).await;
        assert_eq!(body.matches("<svg").count(), 2, "a map at the start and one at the end");
        assert!(body.contains(r#"role="img" aria-labelledby="network-start-title""#));
        assert!(body.contains(r#"<title id="network-start-title">Social network map at the start: 1 closest, 1 close, 0 wider</title>"#), "{body}");
        assert!(body.contains("Social network map at the end: 1 closest, 2 close, 0 wider"));
        assert!(body.contains("&lt;b&gt;Mum&lt;/b&gt;") && !body.contains("<b>Mum"), "names are escaped, in the drawing too");
        assert!(body.contains("Ali (new)") && body.contains("1 new connection made during the programme."));
        assert!(body.contains("volunteer at the garden") && body.contains("Close: people they see or talk to often"));
        // The copy is offered only while the end map is empty.
        assert!(!body.contains("/network/copy"));
        let (status, body) = send!(format!("{page}/network/new"), format!("{page}/network/copy"), [("x", "")]);
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("The map at the end already has people on it"));
        // Removing someone.
        let ali: i32 = store::schema::casework_network::table
            .filter(store::schema::casework_network::name.eq("Ali"))
            .select(store::schema::casework_network::id)
            .first(&mut *db.conn())
            .unwrap();
        let (status, _) = send!(format!("{page}/network/new"), format!("{page}/network/{ali}/remove"), [("x", "")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&format!("{page}/network?done=removed"))).await).await;
        assert!(body.contains("The person has been taken off the map.") && !body.contains("<td>Ali</td>"));
        let (status, _) = send!(format!("{page}/network/new"), format!("{page}/network/{ali}/remove"), [("x", "")]);
        assert_eq!(status, StatusCode::NOT_FOUND);
    });
});

db_test!(fn strengths_come_first_and_barriers_keep_their_notes(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, _) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str| TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", coach.clone())).to_request();
        let page = format!("/team/referrals/{id}");
        macro_rules! send {
            ($uri:expr, $fields:expr) => {{
                let uri: String = $uri;
                let body = body_of(call_service(&app, get(&uri)).await).await;
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", coach.clone()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service(&app, req).await;
                (resp.status(), body_of(resp).await)
            }};
        }
        let (status, body) = send!(format!("{page}/strengths/new"), [("whose", "person"), ("words", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Write the strength"));
        assert_eq!(send!(format!("{page}/strengths/new"), [("whose", "person"), ("words", "Was an art director")]).0, StatusCode::SEE_OTHER);
        assert_eq!(send!(format!("{page}/strengths/new"), [("whose", "coach"), ("words", "Knows the garden")]).0, StatusCode::SEE_OTHER);
        let (status, _) = send!(format!("{page}/barriers"), [
            ("barriers", "transport"), ("barriers", "anxiety"),
            ("note-transport", "Buses"), ("done-transport", "Walked the route together"),
            ("note-money", "dropped: not ticked"),
        ]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&format!("{page}/strengths?done=barriers"))).await).await;
        assert!(body.contains("The barriers have been saved."));
        let artist = body.find("Was an art director").unwrap();
        assert!(artist < body.find("Knows the garden").unwrap() && artist < body.find("Walked the route together").unwrap(), "strengths first");
        assert!(body.contains("Anxiety") && !body.contains("dropped: not ticked"));
        let body = body_of(call_service(&app, get(&format!("{page}/barriers"))).await).await;
        assert!(body.contains(r#"value="transport" checked"#) && body.contains(">Walked the route together</textarea>"));
        assert!(!body.contains(r#"value="money" checked"#));
    });
});

db_test!(fn reviews_are_due_from_the_start_and_recorded_on_their_own_pages(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, _) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    let started = referral::tasks::london_date(chrono::Utc::now().naive_utc() - chrono::Duration::days(14));
    let long = |d: chrono::NaiveDate| d.format("%-d %B %Y").to_string();
    let six_weeks = long(started + chrono::Duration::weeks(6));
    let twelve_weeks = long(started + chrono::Duration::weeks(12));
    let today = referral::tasks::london_date(chrono::Utc::now().naive_utc()).format("%d/%m/%Y").to_string();
    let viewed = || -> i64 {
        audit_log::table
            .filter(audit_log::action.eq("referral.viewed"))
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .count()
            .get_result(&mut *db.conn())
            .unwrap()
    };
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str| TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", coach.clone())).to_request();
        let page = format!("/team/referrals/{id}");
        macro_rules! send {
            ($uri:expr, $fields:expr) => {{
                let uri: String = $uri;
                let body = body_of(call_service(&app, get(&uri)).await).await;
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", coach.clone()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service(&app, req).await;
                (resp.status(), body_of(resp).await)
            }};
        }
        // Due on the referral page and the caseload, from the start.
        let body = body_of(call_service(&app, get(&page)).await).await;
        assert!(body.contains(&format!("6-week review</a>: Due by {six_weeks}")), "{body}");
        assert!(body.contains(&format!("Final meeting</a>: Due by {twelve_weeks}")));
        assert!(body.contains(&format!(r#"href="/team/referrals/{id}/reviews/six-week""#)));
        let caseload = body_of(call_service(&app, get("/team/caseload")).await).await;
        assert!(caseload.contains(&format!("Review by {six_weeks}")) && caseload.contains(&format!("Final meeting by {twelve_weeks}")));

        // The page is audited, and the form is dated today.
        let before = viewed();
        let resp = call_service(&app, get(&format!("{page}/reviews/six-week"))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert_eq!(viewed(), before + 1, "reading a review is audited");
        assert!(body.contains(&format!(r#"value="{today}""#)) && body.contains(&format!("Due by {six_weeks}")));
        assert_eq!(call_service(&app, get(&format!("{page}/reviews/halfway"))).await.status(), StatusCode::NOT_FOUND);

        // Every problem at once, by its field, keeping what was typed.
        let (status, body) = send!(format!("{page}/reviews/six-week"), [("date", "31/02/2026"), ("gone_well", ""), ("next_steps", "Try the walking group")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("kith-error-summary") && body.contains("Write what has gone well"));
        assert!(body.contains("Enter the date of the meeting"));
        assert!(body.contains(">Try the walking group</textarea>") && body.contains(r#"value="31/02/2026""#));

        let (status, _) = send!(format!("{page}/reviews/six-week"), [("date", today.as_str()), ("gone_well", "Back at the allotment"), ("next_steps", "Try the walking group")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&format!("{page}/reviews/six-week?done=saved"))).await).await;
        assert!(body.contains("The review has been saved.") && body.contains("Back at the allotment"));
        assert!(body.contains(">Back at the allotment</textarea>"), "the form is filled in from the record");

        // The 6-week review is held: off the referral page and the caseload.
        let body = body_of(call_service(&app, get(&page)).await).await;
        assert!(!body.contains("6-week review</a>: Due by") && body.contains("6-week review</a> (recorded)"));
        assert!(body.contains("Review held"), "on the timeline, as the review step writes it");
        let caseload = body_of(call_service(&app, get("/team/caseload")).await).await;
        assert!(!caseload.contains("Review by") && caseload.contains("Final meeting by"));

        let (status, _) = send!(format!("{page}/reviews/final"), [("date", today.as_str()), ("gone_well", "New friends"), ("next_steps", "Keeps going on Tuesdays")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let caseload = body_of(call_service(&app, get("/team/caseload")).await).await;
        assert!(!caseload.contains("Final meeting by"));
        let body = body_of(call_service(&app, get(&page)).await).await;
        assert!(!body.contains("Coming up"));
    });
});

/// A form's page, then the form sent with the page's CSRF token as `session`.
macro_rules! send_as {
    ($app:expr, $session:expr, $page:expr, $action:expr, $fields:expr) => {{
        let get = TestRequest::get()
            .uri(&$page)
            .cookie(Cookie::new("kith_session", $session.to_owned()))
            .to_request();
        let body = body_of(call_service($app, get).await).await;
        let csrf = csrf_in(&body);
        let mut fields: Vec<(String, String)> = $fields
            .iter()
            .map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        fields.push(("csrf".into(), csrf.clone()));
        let req = TestRequest::post()
            .uri(&$action)
            .cookie(Cookie::new("kith_csrf", csrf))
            .cookie(Cookie::new("kith_session", $session.to_owned()))
            .set_form(fields)
            .to_request();
        let resp = call_service($app, req).await;
        let status = resp.status();
        let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        (status, location, body_of(resp).await)
    }};
}

db_test!(fn contacts_are_corrected_and_deleted_after_asking(db) {
    use store::schema::casework_contacts;
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (_, other_coach) = common::signed_in(&running, "coach2@example.org", &[Role::Coach]);
    let (manager_id, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    let elsewhere = started_referral(&running, db, manager_id, coach_id);
    let today = referral::tasks::london_date(chrono::Utc::now().naive_utc());
    let date = |days_ago: i64| (today - chrono::Duration::days(days_ago)).format("%d/%m/%Y").to_string();
    let audited = |action: &str| -> i64 {
        audit_log::table
            .filter(audit_log::action.eq(action.to_owned()))
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .count()
            .get_result(&mut *db.conn())
            .unwrap()
    };
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: &str| {
            TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        let page = format!("/team/referrals/{id}");
        let new = format!("{page}/contacts/new");
        let (a, b) = (date(3), date(2));
        assert_eq!(send_as!(&app, &coach, new, new, [("date", a.as_str()), ("mode", "phone"), ("minutes", "20"), ("note", "First call")]).0, StatusCode::SEE_OTHER);
        assert_eq!(send_as!(&app, &coach, new, new, [("date", b.as_str()), ("mode", "text"), ("minutes", "2"), ("note", "Logged by mistake")]).0, StatusCode::SEE_OTHER);
        let ids: Vec<i32> = casework_contacts::table
            .filter(casework_contacts::referral_id.eq(id))
            .order(casework_contacts::id)
            .select(casework_contacts::id)
            .load(&mut *db.conn())
            .unwrap();
        let (call, text) = (ids[0], ids[1]);

        // The log offers to change or delete each contact.
        let body = body_of(call_service(&app, get(&format!("{page}/contacts"), &coach)).await).await;
        assert!(body.contains(&format!("href=\"{page}/contacts/{call}\"")) && body.contains(&format!("href=\"{page}/contacts/{text}/delete\"")));

        // The change form is filled in from the contact.
        let edit = format!("{page}/contacts/{call}");
        let resp = call_service(&app, get(&edit, &coach)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains("Change a contact") && body.contains(&format!("value=\"{a}\"")));
        assert!(body.contains(r#"value="phone" checked"#) && body.contains(r#"value="20""#) && body.contains(">First call</textarea>"));
        // The same checks as logging one, every problem at once, what was typed kept.
        let (status, _, body) = send_as!(&app, &coach, edit, edit, [("date", "32/01/2026"), ("mode", "carrier pigeon"), ("minutes", "-5"), ("note", "Kept")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem") && body.contains("Error: Change a contact"));
        assert!(body.contains("Enter the date of the contact, like 14/12/2026") && body.contains("Choose how you were in touch"));
        assert!(body.contains("Enter a number of minutes from 0 to 720"));
        assert!(body.contains(r#"value="32/01/2026""#) && body.contains(">Kept</textarea>"));
        let (status, location, _) = send_as!(&app, &coach, edit, edit, [("date", a.as_str()), ("mode", "video"), ("minutes", "45"), ("note", "Video call instead")]);
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("{page}/contacts?done=changed"))));
        let body = body_of(call_service(&app, get(&format!("{page}/contacts?done=changed"), &coach)).await).await;
        assert!(body.contains("The contact has been changed.") && body.contains("Video call instead") && !body.contains("First call"));
        assert!(body.contains("1 video call, 1 text/email, 47 min in all"), "the totals follow");
        assert_eq!(audited("referral.contact_changed"), 1);

        // Deleting asks first; the page changes nothing.
        let delete = format!("{page}/contacts/{text}/delete");
        let resp = call_service(&app, get(&delete, &coach)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Are you sure you want to delete this contact?") && body.contains("Logged by mistake"));
        assert!(body.contains("Yes, delete the contact") && body.contains(&format!("href=\"{page}/contacts\"")));
        assert_eq!(ids.len(), 2);
        // Without the CSRF token: refused.
        let req = TestRequest::post().uri(&delete).cookie(Cookie::new("kith_session", coach.clone())).set_form([("x", "")]).to_request();
        assert_eq!(call_service(&app, req).await.status(), StatusCode::FORBIDDEN);
        // A manager deleting on the coach's case says why.
        let (status, _, body) = send_as!(&app, &manager, delete, delete, [("override_reason", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say why you are changing a case allocated to someone else") && body.contains("Logged by mistake"));
        let (status, location, _) = send_as!(&app, &coach, delete, delete, [("x", "")]);
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("{page}/contacts?done=deleted"))));
        let body = body_of(call_service(&app, get(&format!("{page}/contacts?done=deleted"), &coach)).await).await;
        assert!(body.contains("The contact has been deleted.") && !body.contains("Logged by mistake"));
        assert_eq!(audited("referral.contact_deleted"), 1);
        assert_eq!(call_service(&app, get(&delete, &coach)).await.status(), StatusCode::NOT_FOUND, "gone");

        // Another coach is refused; a contact of another referral is not found there.
        for uri in [edit.clone(), format!("{page}/contacts/{call}/delete")] {
            assert_eq!(call_service(&app, get(&uri, &other_coach)).await.status(), StatusCode::FORBIDDEN, "{uri}");
        }
        let across = format!("/team/referrals/{elsewhere}/contacts/{call}");
        assert_eq!(call_service(&app, get(&across, &coach)).await.status(), StatusCode::NOT_FOUND);
        let body = body_of(call_service(&app, get(&format!("/team/referrals/{elsewhere}/contacts/new"), &coach)).await).await;
        let (status, _, _) = {
            let csrf = csrf_in(&body);
            let req = TestRequest::post()
                .uri(&format!("{across}/delete"))
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_session", coach.clone()))
                .set_form([("csrf", csrf)])
                .to_request();
            let resp = call_service(&app, req).await;
            (resp.status(), (), ())
        };
        assert_eq!(status, StatusCode::NOT_FOUND);
        let left: i64 = casework_contacts::table.filter(casework_contacts::id.eq(call)).count().get_result(&mut *db.conn()).unwrap();
        assert_eq!(left, 1);
    });
});

// A manager who leaves out the reason for changing a coach's case hears
// of it together with every other problem on the form, not first and
// alone; nothing is saved until both are put right.
db_test!(fn a_missing_override_reason_is_told_with_every_other_problem(db) {
    use store::schema::{casework_contacts, casework_network};
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = started_referral(&running, db, manager_id, coach_id);
    let today = referral::tasks::london_date(chrono::Utc::now().naive_utc());
    let yesterday = (today - chrono::Duration::days(1)).format("%d/%m/%Y").to_string();
    let contacts = || -> i64 {
        casework_contacts::table
            .filter(casework_contacts::referral_id.eq(id))
            .count()
            .get_result(&mut *db.conn())
            .unwrap()
    };
    let on_map = |point: &str| -> i64 {
        casework_network::table
            .filter(casework_network::referral_id.eq(id))
            .filter(casework_network::point.eq(point.to_owned()))
            .count()
            .get_result(&mut *db.conn())
            .unwrap()
    };
    let audited = |action: &str| -> i64 {
        audit_log::table
            .filter(audit_log::action.eq(action.to_owned()))
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .count()
            .get_result(&mut *db.conn())
            .unwrap()
    };
    const REASON: &str = "Say why you are changing a case allocated to someone else";
    const BAD_DATE: &str = "Enter the date of the contact, like 14/12/2026";
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let page = format!("/team/referrals/{id}");
        let new = format!("{page}/contacts/new");
        let contacts_page = |session: &str| {
            TestRequest::get()
                .uri(&format!("{page}/contacts"))
                .cookie(Cookie::new("kith_session", session.to_owned()))
                .to_request()
        };

        // No reason and an impossible date: both at once, each beside its
        // field and in the summary, the reason first as on the form; what
        // was typed is kept and nothing is saved.
        let (status, _, body) = send_as!(&app, &manager, new, new,
            [("date", "31/02/2026"), ("mode", "phone"), ("minutes", "10"), ("note", "Kept note"), ("override_reason", "  ")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem") && body.contains("Error: Log a contact"));
        assert!(body.contains(REASON) && body.contains(BAD_DATE), "{body}");
        assert_eq!(body.matches(REASON).count(), body.matches(BAD_DATE).count(), "each message once in the summary and once by its field");
        let (to_reason, to_date) = (body.find(r##"href="#override_reason""##).unwrap(), body.find(r##"href="#date""##).unwrap());
        assert!(to_reason < to_date, "the summary follows the form's order");
        assert!(body.contains(r#"value="31/02/2026""#) && body.contains(r#"value="phone" checked"#));
        assert!(body.contains(r#"value="10""#) && body.contains(">Kept note</textarea>"));
        assert_eq!(contacts(), 0, "nothing saved");
        assert_eq!(audited("referral.contact_logged"), 0);
        // Without a reason field at all (not just an empty one), and with
        // two other problems: all three.
        let (status, _, body) = send_as!(&app, &manager, new, new, [("date", ""), ("mode", ""), ("minutes", "20")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains(REASON) && body.contains(BAD_DATE) && body.contains("Choose how you were in touch"), "{body}");
        assert!(body.contains(r#"value="20""#));
        assert_eq!(contacts(), 0);

        // No reason, everything else right: the reason alone, still nothing
        // saved (the write was tried and rolled back).
        let (status, location, body) = send_as!(&app, &manager, new, new,
            [("date", yesterday.as_str()), ("mode", "phone"), ("minutes", "10"), ("note", "Kept note")]);
        assert_eq!((status, location), (StatusCode::BAD_REQUEST, None));
        assert!(body.contains(REASON) && !body.contains(BAD_DATE));
        assert!(body.contains(&format!(r#"value="{yesterday}""#)) && body.contains(">Kept note</textarea>"));
        assert_eq!(contacts(), 0, "nothing saved");
        assert_eq!(audited("referral.contact_logged"), 0);
        let body = body_of(call_service(&app, contacts_page(&coach)).await).await;
        assert!(!body.contains("Kept note"), "the log has no such contact");

        // With the reason, it is saved, and the reason is in the audit log.
        let (status, location, _) = send_as!(&app, &manager, new, new,
            [("date", yesterday.as_str()), ("mode", "phone"), ("minutes", "10"), ("note", "Kept note"), ("override_reason", "Coach is away")]);
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("{page}/contacts?done=contact"))));
        assert_eq!(contacts(), 1);
        let reason: String = audit_log::table
            .filter(audit_log::action.eq("referral.contact_logged"))
            .filter(audit_log::actor_id.eq(manager_id))
            .select(audit_log::reason)
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(reason, "Coach is away");
        let body = body_of(call_service(&app, contacts_page(&coach)).await).await;
        assert!(body.contains("Kept note"));

        // A form with only the reason on it (copying the map at the start to
        // the end): refused on its field, nothing copied, then copied with one.
        let network = format!("{page}/network");
        let copy = format!("{page}/network/copy");
        let add = format!("{page}/network/new");
        let (status, _, _) = send_as!(&app, &coach, add, add, [("point", "start"), ("name", "J"), ("relationship", "closest friend"), ("ring", "1")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, body) = send_as!(&app, &manager, network, copy, [("override_reason", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains(REASON) && body.contains(r##"href="#override_reason""##), "{body}");
        assert_eq!(on_map("end"), 0, "nothing copied");
        let (status, _, _) = send_as!(&app, &manager, network, copy, [("override_reason", "Coach is away")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(on_map("end"), 1);
    });
});

db_test!(fn a_step_links_to_a_listing_found_by_search_or_from_the_shortlist(db) {
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    // Listed before the app starts, so the search index has it.
    let now = chrono::Utc::now().naive_utc();
    let pottery = l::insert(&mut db.conn(), &listing(directory::Kind::Group, "Riverside Pottery Club", 22, now), &Tags::default()).unwrap();
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, _) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let (_, member) = common::signed_in(&running, "member@example.org", &[]);
    let id = started_referral(&running, db, manager_id, coach_id);
    let actor = Actor { person_id: coach_id, roles: Roles::of(&[Role::Coach]), verified: true, organiser_of: Vec::new() };
    let goal = referral::goals::add_goal(&mut db.conn(), &Staff::new(&actor), id, "Make things with my hands", now).unwrap().id;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: &str| {
            TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        let page = format!("/team/referrals/{id}");
        let new_step = format!("{page}/goals/{goal}/steps/new");
        let listing_path = format!("/groups/{}", pottery.slug);

        // "Find an activity" is a GET form on the step page.
        let body = body_of(call_service(&app, get(&new_step, &coach)).await).await;
        assert!(body.contains("Find an activity") && body.contains(&format!(r#"method="get" action="{new_step}""#)));
        let body = body_of(call_service(&app, get(&format!("{new_step}?find=pottery"), &coach)).await).await;
        assert!(body.contains("Activities matching") && body.contains("Riverside Pottery Club"), "{body}");
        assert!(body.contains(&format!(r#"name="listing" value="{listing_path}""#)) && body.contains("Choose"));
        let body = body_of(call_service(&app, get(&format!("{new_step}?find=zzqxj"), &coach)).await).await;
        assert!(body.contains("Nothing in the directory matches"));
        // Choosing fills in the step's listing; saving links it.
        let resp = call_service(&app, get(&format!("{new_step}?find=pottery&listing={listing_path}"), &coach)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains(&format!(r#"id="listing" name="listing" type="text" value="{listing_path}""#)), "{body}");
        let (status, _, _) = send_as!(&app, &coach, new_step, new_step, [("words", "Try a taster class"), ("listing", listing_path.as_str()), ("status", "planned"), ("activity", "skills_creative")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let linked: Option<i32> = store::schema::casework_steps::table
            .select(store::schema::casework_steps::listing_id)
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(linked, Some(pottery.id));

        // From the shortlist: the team get a way to add a listing to a plan; others do not.
        let shortlist = |session: &str| {
            TestRequest::get()
                .uri("/shortlist")
                .cookie(Cookie::new("kith_session", session.to_owned()))
                .cookie(Cookie::new("kith_shortlist", pottery.id.to_string()))
                .to_request()
        };
        let body = body_of(call_service(&app, shortlist(&coach)).await).await;
        assert!(body.contains(&format!("href=\"/team/plan?listing={}\"", pottery.id)));
        let body = body_of(call_service(&app, shortlist(&member)).await).await;
        assert!(body.contains("Riverside Pottery Club") && !body.contains("/team/plan"));
        // The coach chooses the person from their caseload, then the goal.
        let resp = call_service(&app, get(&format!("/team/plan?listing={}", pottery.id), &coach)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Mary Example") && body.contains("Make things with my hands"));
        let href = format!("{new_step}?listing={listing_path}");
        assert!(body.contains(&format!("href=\"{href}\"")), "{body}");
        let body = body_of(call_service(&app, get(&href, &coach)).await).await;
        assert!(body.contains(&format!(r#"name="listing" type="text" value="{listing_path}""#)));
        assert_eq!(call_service(&app, get("/team/plan?listing=999999", &coach)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(call_service(&app, get("/team/plan?listing=nonsense", &coach)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(call_service(&app, get(&format!("/team/plan?listing={}", pottery.id), &member)).await.status(), StatusCode::FORBIDDEN);
    });
});
