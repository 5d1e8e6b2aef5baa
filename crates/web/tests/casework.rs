//! The team's pages over HTTP, on both databases: a professional referral
//! taken from the first call to allocation by the steps' pages, worked on a
//! coach's caseload (start, pause with a reason, restart), closed by a
//! manager who must say why she changes another worker's case, then
//! audited, exported, printed and erased; services; finding a referral by
//! its reference; and who may do what.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::Role;
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use store::db_test;
use store::diesel::prelude::*;
use store::schema::{audit_log, referral_people, referrals};

#[macro_use]
mod common;

use common::csrf_in;

async fn body_of<B: actix_web::body::MessageBody>(resp: actix_web::dev::ServiceResponse<B>) -> String {
    String::from_utf8(read_body(resp).await.to_vec()).unwrap()
}

db_test!(fn a_referral_goes_from_first_call_to_erasure_through_the_team_pages(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let site = state.accounts.site.clone();
    let now = chrono::Utc::now().naive_utc();
    let form = referral::ProfessionalReferralForm {
        person: referral::PersonForm { name: "Mo Person".into(), phone: "020 7946 0001".into(), ..Default::default() },
        referrer_name: "Ola Therapist".into(),
        referrer_role: "Occupational therapist".into(),
        referrer_organisation: "Riverside NHS Trust".into(),
        referrer_email: "ola@nhs.example".into(),
        reason: "Lonely since moving".into(),
        person_agreed: "yes".into(),
        wants_updates: "yes".into(),
        person_agreed_to_updates: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        ..Default::default()
    };
    let origin = accounts::flows::Origin { address: "192.0.2.9", user_agent: "test" };
    let receipt = referral::submit_professional(&mut db.conn(), &site, &form, None, origin, now).unwrap();
    let id = receipt.referral_id.unwrap();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (_, other_coach) = common::signed_in(&running, "coach2@example.org", &[Role::Coach]);
    let (_, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let (_, member) = common::signed_in(&running, "member@example.org", &[]);
    let tomorrow = referral::tasks::london_date(now + chrono::Duration::days(1)).format("%d/%m/%Y").to_string();
    let reference = receipt.reference.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: &str| {
            TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        let page = format!("/team/referrals/{id}");
        // A step's page, then its form sent with the page's CSRF token.
        macro_rules! step {
            ($session:expr, $step:expr, $fields:expr) => {{
                let uri = format!("{page}/{}", $step);
                let resp = call_service(&app, get(&uri, $session)).await;
                assert_eq!(resp.status(), StatusCode::OK, "GET {uri}");
                let body = body_of(resp).await;
                assert_eq!(body.matches("<h1").count(), 1);
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                let req = TestRequest::post()
                    .uri(&uri)
                    .cookie(Cookie::new("kith_csrf", csrf))
                    .cookie(Cookie::new("kith_session", $session.to_owned()))
                    .set_form(fields)
                    .to_request();
                let resp = call_service(&app, req).await;
                let status = resp.status();
                let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                (status, location, body_of(resp).await)
            }};
        }
        let status_of = || -> String {
            referrals::table.find(id).select(referrals::status).first(&mut *db.conn()).unwrap()
        };

        // The referral page offers the first call.
        let body = body_of(call_service(&app, get(&page, &coach)).await).await;
        assert!(body.contains("Mo Person") && body.contains("Ola Therapist"));
        assert!(body.contains(&format!("href=\"{page}/first-call\"")));
        assert!(!body.contains("/allocate\""), "allocation is for managers");

        // First call: reached, suitable.
        let (status, location, body) = step!(&coach, "first-call", [("outcome", "reached")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say whether the service suits them"));
        assert!(body.contains(r#"value="reached" checked"#), "the answer is kept");
        let (status, location2, _) = step!(&coach, "first-call", [("outcome", "reached"), ("suitable", "yes")]);
        assert_eq!((status, location2.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("{page}?done=first-call"))));
        assert!(location.is_none());
        let body = body_of(call_service(&app, get(&format!("{page}?done=first-call"), &coach)).await).await;
        assert!(body.contains("The call has been saved."));
        assert!(body.contains("Reached; suitable"), "on the timeline");
        assert!(body.contains("coach: Reached; suitable"), "who did it");

        // Booking: bad input is answered beside the field, keeping it.
        let (status, _, body) = step!(&coach, "book-assessment", [("date", "31/02/2026"), ("time", "25:00")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter the date of the meeting, like 14/12/2026"));
        assert!(body.contains("Enter the time of the meeting on the 24-hour clock"));
        assert!(body.contains(r#"value="31/02/2026""#));
        let (status, _, _) = step!(&coach, "book-assessment", [("date", tomorrow.as_str()), ("time", "10:30")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = step!(&coach, "assessment", [("complexity", "medium"), ("note", "Likes choirs")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(status_of(), "assessment");

        // Allocation: managers only, with each worker's caseload.
        let uri = format!("{page}/allocate");
        assert_eq!(call_service(&app, get(&uri, &coach)).await.status(), StatusCode::FORBIDDEN);
        let (status, _, body) = step!(&manager, "allocate", [("note", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Choose who to allocate the referral to"));
        assert!(body.contains("coach (coach): 0 open referrals"));
        let coach_value = coach_id.to_string();
        let (status, _, _) = step!(&manager, "allocate", [("worker", coach_value.as_str()), ("service", "")]);
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(status_of(), "allocated");

        // Another coach no longer sees it; this coach has it on their caseload.
        assert_eq!(call_service(&app, get(&page, &other_coach)).await.status(), StatusCode::FORBIDDEN);
        let body = body_of(call_service(&app, get("/team/caseload", &coach)).await).await;
        assert!(body.contains("Mo Person") && body.contains("First contact by"), "{body}");
        let body = body_of(call_service(&app, get("/team/caseload", &other_coach)).await).await;
        assert!(body.contains("Nobody is allocated to you"));

        // Start, pause (a reason is required), restart.
        assert_eq!(step!(&coach, "start", [("note", "Met at the library")]).0, StatusCode::SEE_OTHER);
        let (status, _, body) = step!(&coach, "pause", [("reason", "  ")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say why the programme is pausing"));
        assert_eq!(step!(&coach, "pause", [("reason", "In hospital")]).0, StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get(&page, &coach)).await).await;
        assert!(body.contains("Active (paused)") && body.contains(&format!("{page}/resume")));
        assert!(!body.contains(&format!("{page}/session\"")), "no sessions while paused");
        let body = body_of(call_service(&app, get("/team/caseload", &coach)).await).await;
        assert!(body.contains("Paused") && body.contains("Final meeting by"));
        assert_eq!(step!(&coach, "resume", [("note", "")]).0, StatusCode::SEE_OTHER);
        // The review is recorded on its own page (there is no older step page for it).
        let body = body_of(call_service(&app, get(&page, &coach)).await).await;
        assert!(body.contains(&format!("href=\"{page}/reviews/six-week\"")));
        assert_eq!(call_service(&app, get(&format!("{page}/review"), &coach)).await.status(), StatusCode::NOT_FOUND);
        let today = referral::tasks::london_date(now).format("%d/%m/%Y").to_string();
        let (status, _, body) = step!(&coach, "reviews/six-week", [("date", today.as_str()), ("gone_well", ""), ("next_steps", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Write what has gone well"));
        let review = [("date", today.as_str()), ("gone_well", "Going to choir weekly"), ("next_steps", "Try the Tuesday group")];
        assert_eq!(step!(&coach, "reviews/six-week", review).0, StatusCode::SEE_OTHER);

        // The manager closing the coach's case must say why, and hears of
        // it together with the form's other mistakes, the reason first as
        // on the form; what was typed is kept.
        let (status, _, body) = step!(&manager, "close", [("outcome", ""), ("summary", "Kept summary")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        const REASON: &str = "Say why you are changing a case allocated to someone else";
        assert!(body.contains(REASON) && body.contains("Choose how the referral ended"), "{body}");
        let (to_reason, to_outcome) = (body.find(r##"href="#override_reason""##).unwrap(), body.find(r##"href="#outcome""##).unwrap());
        assert!(to_reason < to_outcome, "the summary follows the form's order");
        assert!(body.contains(">Kept summary</textarea>"));
        assert_eq!(status_of(), "active");
        let close = [("outcome", "completed"), ("summary", "Sings with a choir every week")];
        let (status, _, body) = step!(&manager, "close", close);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say why you are changing a case allocated to someone else"));
        let mut with_reason = close.to_vec();
        with_reason.push(("override_reason", "Coach on leave"));
        let (status, _, _) = step!(&manager, "close", with_reason);
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(status_of(), "closed");
        let reason: String = audit_log::table
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .filter(audit_log::action.eq("referral.closed"))
            .select(audit_log::reason)
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(reason, "Coach on leave");
        // A step that no longer applies says so.
        let resp = call_service(&app, get(&format!("{page}/start"), &manager)).await;
        assert_eq!(resp.status(), StatusCode::CONFLICT);
        assert!(body_of(resp).await.contains("This cannot be done now"));

        // The referrer heard at each point they asked to.
        let subjects: Vec<String> = mail::pending(&mut db.conn(), 100)
            .unwrap()
            .into_iter()
            .filter(|m| m.to_address == "ola@nhs.example")
            .map(|m| m.text_body)
            .collect();
        assert!(subjects.len() >= 4, "received, first contact, allocated, closed: {subjects:?}");
        assert!(subjects.iter().all(|b| b.contains(&reference) && !b.contains("Mo Person")), "only the reference");

        // The record: audit trail, export, print (managers only).
        for uri in ["audit", "export", "print", "erase"] {
            let uri = format!("{page}/{uri}");
            assert_eq!(call_service(&app, get(&uri, &coach)).await.status(), StatusCode::FORBIDDEN, "{uri}");
        }
        let body = body_of(call_service(&app, get(&format!("{page}/audit"), &manager)).await).await;
        assert!(body.contains("Coach on leave") && body.contains("Opened the referral"));
        let resp = call_service(&app, get(&format!("{page}/export"), &manager)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.headers().get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment"));
        let json: serde_json::Value = serde_json::from_str(&body_of(resp).await).unwrap();
        assert_eq!(json["referral"]["person"]["name"], "Mo Person");
        let body = body_of(call_service(&app, get(&format!("{page}/print"), &manager)).await).await;
        assert!(body.contains("Mo Person") && body.contains("In hospital") && body.contains("Riverside NHS Trust"));
        let exports: i64 = audit_log::table
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .filter(audit_log::action.eq("referral.exported"))
            .count()
            .get_result(&mut *db.conn())
            .unwrap();
        assert_eq!(exports, 2, "the download and the printed page");

        // Erasure: a reason, then only the stub is left.
        let (status, _, body) = step!(&manager, "erase", [("reason", "")]);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say why you are erasing the details"));
        let (status, location, _) = step!(&manager, "erase", [("reason", "The person asked us to")]);
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("{page}?done=erased"))));
        let people: i64 = referral_people::table.count().get_result(&mut *db.conn()).unwrap();
        assert_eq!(people, 0);
        let body = body_of(call_service(&app, get(&format!("{page}?done=erased"), &manager)).await).await;
        assert!(body.contains("have been erased") && !body.contains("Mo Person") && body.contains(&reference));

        // Finding by reference, typed loosely (sent by POST, so it is never
        // in a URL); a miss says so beside the field.
        let body = body_of(call_service(&app, get("/team/referrals", &coach)).await).await;
        let csrf = csrf_in(&body);
        let find = |typed: &str, session: &str| {
            TestRequest::post()
                .uri("/team/find")
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_session", session.to_owned()))
                .set_form([("csrf", csrf.as_str()), ("reference", typed)])
                .to_request()
        };
        let loose = reference.to_lowercase().replace('-', " ");
        let resp = call_service(&app, find(&loose, &manager)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers().get("location").unwrap().to_str().unwrap(), page);
        let resp = call_service(&app, find("KC-ZZZZZ", &coach)).await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        let body = body_of(resp).await;
        assert!(body.contains("No referral you can see has the reference KC-ZZZZZ") && body.contains(r#"value="KC-ZZZZZ""#));
        let resp = call_service(&app, find(" ", &coach)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("Enter the reference"));

        // Nobody outside the team gets anywhere.
        for uri in ["/team/caseload", "/team/caseloads", "/team/services", page.as_str()] {
            assert_eq!(call_service(&app, get(uri, &member)).await.status(), StatusCode::FORBIDDEN, "{uri}");
        }
    });
});

db_test!(fn managers_add_services_and_see_every_caseload(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "sam@example.org", &[Role::Coach]);
    let (_, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: &str| {
            TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        assert_eq!(call_service(&app, get("/team/services", &coach)).await.status(), StatusCode::FORBIDDEN);
        let body = body_of(call_service(&app, get("/team/services", &manager)).await).await;
        assert!(body.contains("No other services yet"));
        let csrf = csrf_in(&body);
        let post = |fields: &[(&str, &str)]| {
            let mut fields: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            fields.push(("csrf".into(), csrf.clone()));
            TestRequest::post()
                .uri("/team/services")
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_session", manager.clone()))
                .set_form(fields)
                .to_request()
        };
        let resp = call_service(&app, post(&[("name", "Walking buddies"), ("unit", "weeks"), ("length", "lots")])).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("Enter the length as a whole number") && body.contains(r#"value="Walking buddies""#));
        let resp = call_service(&app, post(&[("name", "Walking buddies"), ("unit", "weeks"), ("length", "900")])).await;
        assert!(body_of(resp).await.contains("Enter a length between 1 and 520"));
        let resp = call_service(&app, post(&[("name", "Walking buddies"), ("unit", "sessions"), ("length", "8")])).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let body = body_of(call_service(&app, get("/team/services?added=1", &manager)).await).await;
        assert!(body.contains("The service has been added.") && body.contains("Walking buddies") && body.contains("8 sessions"));
        let resp = call_service(&app, post(&[("name", "walking BUDDIES"), ("unit", "weeks"), ("length", "6")])).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("There is already a service called"));

        let body = body_of(call_service(&app, get("/team/caseloads", &manager)).await).await;
        assert!(body.contains(&format!("/team/caseloads/{coach_id}")) && body.contains("sam"));
        let body = body_of(call_service(&app, get(&format!("/team/caseloads/{coach_id}"), &manager)).await).await;
        assert!(body.contains("sam's caseload") && body.contains("Nothing is allocated"));
        assert_eq!(call_service(&app, get("/team/caseloads/999999", &manager)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(call_service(&app, get(&format!("/team/caseloads/{coach_id}"), &coach)).await.status(), StatusCode::FORBIDDEN);
    });
});

db_test!(fn the_queue_comes_a_page_at_a_time(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let site = state.accounts.site.clone();
    let now = chrono::Utc::now().naive_utc();
    for i in 0..60 {
        let form = referral::SelfReferralForm {
            person: referral::PersonForm { name: format!("Queue Person {i}"), phone: "020 7946 0002".into(), ..Default::default() },
            consent: "yes".into(),
            form_token: referral::new_form_token().unwrap(),
            website: String::new(),
        };
        let origin = accounts::flows::Origin { address: &format!("192.0.2.{i}"), user_agent: "test" };
        referral::submit_self(&mut db.conn(), &site, &form, origin, now - chrono::Duration::minutes(60 - i)).unwrap();
    }
    let (_, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str| TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", coach.clone())).to_request();
        let rows = |body: &str| body.matches("<a href=\"/team/referrals/").count();
        let first = body_of(call_service(&app, get("/team/referrals")).await).await;
        assert!(first.contains("60 waiting, oldest first. Page 1 of 2."));
        assert_eq!(rows(&first), 50);
        assert!(first.contains(r#"href="/team/referrals?page=2" rel="next""#));
        let second = body_of(call_service(&app, get("/team/referrals?page=2")).await).await;
        assert_eq!(rows(&second), 10, "the newest ten");
        let junk = body_of(call_service(&app, get("/team/referrals?page=abc")).await).await;
        assert_eq!(rows(&junk), 50, "junk is the first page");
        let past = call_service(&app, get("/team/referrals?page=99")).await;
        assert_eq!(past.status(), StatusCode::OK);
        assert!(body_of(past).await.contains("There is no page 99"));
    });
});
