//! Referral pages over HTTP: a self-referral and a professional referral
//! one page at a time (answers carried in the forms, nothing stored before
//! "Send", one referral however often it is sent), the honeypot, and the
//! team's queue and one referral with its first call.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use store::diesel::prelude::*;
use store::schema::{audit_log, referral_people, referrals};
use store::{db_test, AnyConnection};

#[macro_use]
mod common;

use common::csrf_in;

const SELF: &str = "/get-help/refer-yourself";
const PRO: &str = "/get-help/refer-someone";

async fn body_of<B: actix_web::body::MessageBody>(resp: actix_web::dev::ServiceResponse<B>) -> String {
    String::from_utf8(read_body(resp).await.to_vec()).unwrap()
}

fn count(conn: &mut AnyConnection) -> i64 {
    referrals::table.count().get_result(conn).unwrap()
}

/// The hidden fields of a page's form (the CSRF token aside), as a browser
/// would send them back.
fn hidden(body: &str) -> Vec<(String, String)> {
    let marker = r#"<input type="hidden" name=""#;
    let mut out = Vec::new();
    for chunk in body.split(marker).skip(1) {
        let (name, rest) = chunk.split_once('"').unwrap();
        let value = rest.strip_prefix(r#" value=""#).unwrap().split('"').next().unwrap();
        let value = value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        if name != "csrf" {
            out.push((name.to_owned(), value));
        }
    }
    out
}

fn with(mut fields: Vec<(String, String)>, more: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.extend(more.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    fields
}

/// The `KC-XXXXX` reference on a page.
fn reference_in(body: &str) -> String {
    let at = body.find("KC-").expect("a reference");
    body[at..at + 8].to_owned()
}

db_test!(fn a_person_refers_themselves_one_page_at_a_time_and_sending_twice_makes_one_referral(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let interest = state.reference.interests.iter().find(|i| i.parent_id.is_some()).unwrap().clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri(SELF).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        let csrf = csrf_in(&body);
        assert!(body.contains("Step 1 of 5") && body.contains("<h1 class=\"kith-heading-l\">About you</h1>"));
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains(r#"<label for="website">Leave this empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off""#));
        let token = hidden(&body).into_iter().find(|(k, _)| k == "form_token").unwrap().1;
        assert_eq!(token.len(), 32);
        let post = |fields: Vec<(String, String)>| {
            let fields = with(fields, &[("csrf", &csrf)]);
            TestRequest::post().uri(SELF).cookie(Cookie::new("kith_csrf", csrf.clone())).set_form(fields).to_request()
        };

        // Page 1, badly: every problem by its field, what was typed kept.
        let start = hidden(&body);
        let bad = with(start.clone(), &[("name", "Ann <b>Lee</b>"), ("phone", "call me"), ("email", "ann@"), ("go", "continue")]);
        let resp = call_service(&app, post(bad)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("<title>Error: About you"));
        assert!(body.contains(r##"href="#phone""##) && body.contains("Enter a phone number, like"));
        assert!(body.contains("Enter an email address in the correct format"));
        assert!(body.contains(r#"value="call me""#) && body.contains("Ann &lt;b&gt;Lee&lt;/b&gt;"));
        assert!(!body.contains("Tick the box"), "later pages' questions wait for their pages");

        // Page 1, well: on to page 2, the answers carried in the form.
        let page1 = with(start, &[
            ("name", "Ann Lee"), ("phone", "020 7946 0000"), ("email", "Ann@Example.org"),
            ("contact_methods", "phone"), ("contact_methods", "email"),
            ("contact_times", "Weekday mornings"), ("safe_to_leave_message", "yes"), ("website", ""), ("go", "continue"),
        ]);
        let resp = call_service(&app, post(page1)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Step 2 of 5") && body.contains("Where do you live?"));
        let carried = hidden(&body);
        assert!(carried.contains(&("name".into(), "Ann Lee".into())));
        assert!(carried.contains(&("form_token".into(), token.clone())));
        assert_eq!(carried.iter().filter(|(k, _)| k == "contact_methods").count(), 2);
        assert!(!carried.iter().any(|(k, _)| k == "go"), "buttons are not carried");

        // Page 2: a postcode outside London is answered on its page.
        let resp = call_service(&app, post(with(carried.clone(), &[("postcode", "ZZ99 9ZZ"), ("go", "continue")]))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains(r##"href="#postcode""##) && body.contains(r#"value="ZZ99 9ZZ""#) && body.contains("Step 2 of 5"));
        let resp = call_service(&app, post(with(carried, &[("postcode", "se11 5qy"), ("go", "continue")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 3 of 5"));
        assert!(body.contains(&format!(r#"value="{}""#, interest.id)), "the taxonomy as checkboxes");

        // Pages 3 and 4.
        let resp = call_service(&app, post(with(hidden(&body), &[("interests", &interest.id.to_string()), ("interests_other", "Singing"), ("go", "continue")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 4 of 5"));
        let resp = call_service(&app, post(with(hidden(&body), &[("barriers", "Anxious on buses"), ("access_needs", "Large print"), ("go", "continue")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 5 of 5") && body.contains("Only the team sees it"));

        // Page 5: consent is required.
        let consent_page = hidden(&body);
        let resp = call_service(&app, post(with(consent_page.clone(), &[("go", "continue")]))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("Tick the box to say we may keep what you tell us"));
        // Back goes to page 4 with its answers.
        let resp = call_service(&app, post(with(consent_page.clone(), &[("go", "back")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 4 of 5") && body.contains("Anxious on buses"));
        let resp = call_service(&app, post(with(consent_page, &[("consent", "yes"), ("go", "continue")]))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Check your answers before sending"));
        assert!(body.contains("Ann Lee") && body.contains("Anxious on buses") && body.contains(&interest.name.replace('&', "&amp;")));

        // Changing an answer comes back to the check page.
        let check = hidden(&body);
        let resp = call_service(&app, post(with(check.clone(), &[("go", "change-where")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 2 of 5") && body.contains(r#"value="se11 5qy""#));
        let resp = call_service(&app, post(with(hidden(&body), &[("postcode", "SE11 5QY"), ("go", "continue")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Check your answers before sending") && body.contains("SE11 5QY"));
        let check = hidden(&body);

        // Nothing is stored before "Send".
        assert_eq!(count(&mut db.conn()), 0);
        assert!(mail::pending(&mut db.conn(), 10).unwrap().is_empty());

        // Send: committed, with a reference, and the acknowledgement queued.
        let resp = call_service(&app, post(with(check.clone(), &[("go", "send")]))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Request sent") && body.contains("What happens next") && body.contains("2 working days"));
        let reference = reference_in(&body);
        let mut conn = db.conn();
        let (id, stored): (i32, String) = referrals::table.select((referrals::id, referrals::reference)).first(&mut *conn).unwrap();
        assert_eq!(stored, reference);
        let name: String = referral_people::table.find(id).select(referral_people::name).first(&mut *conn).unwrap();
        assert_eq!(name, "Ann Lee");
        let mail = mail::pending(&mut conn, 10).unwrap();
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].to_address, "Ann@example.org");
        assert!(mail[0].subject.contains(&reference));
        drop(conn);

        // Sending again (back button, double click) shows the same referral.
        let resp = call_service(&app, post(with(check, &[("go", "send")]))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(reference_in(&body_of(resp).await), reference);
        assert_eq!(count(&mut db.conn()), 1);
        assert_eq!(mail::pending(&mut db.conn(), 10).unwrap().len(), 1);
    });
});

db_test!(fn a_filled_honeypot_gets_a_confirmation_and_stores_nothing(db) {
    let running = common::start(db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let body = body_of(call_service(&app, TestRequest::get().uri(SELF).to_request()).await).await;
        let csrf = csrf_in(&body);
        let first_page: Vec<(String, String)> = hidden(&body).into_iter().filter(|(k, _)| k != "step").collect();
        let fields = with(first_page, &[
            ("step", "check"), ("name", "Bot"), ("phone", "020 7946 0000"), ("consent", "yes"),
            ("website", "http://spam.example"), ("go", "send"), ("csrf", &csrf),
        ]);
        let req = TestRequest::post().uri(SELF).cookie(Cookie::new("kith_csrf", csrf.clone())).set_form(fields).to_request();
        let resp = call_service(&app, req).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(body_of(resp).await.contains("Request sent"));
        assert_eq!(count(&mut db.conn()), 0);
    });
});

db_test!(fn a_professional_refers_someone_one_topic_a_page_with_their_details_filled_in(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (pro_id, session) = common::signed_in(&running, "oti@nhs.example", &[accounts::Role::Professional]);
    let interest = state.reference.interests.iter().find(|i| i.parent_id.is_some()).unwrap().clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        // Without an account: an empty first page, with a way to sign in.
        let resp = call_service(&app, TestRequest::get().uri(PRO).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
        let body = body_of(resp).await;
        assert!(body.contains("Step 1 of 7") && body.contains("<h1 class=\"kith-heading-l\">About you</h1>"));
        assert!(body.contains("Leave this empty") && body.contains("/sign-in?next=/get-help/refer-someone"));
        assert!(!body.contains("Their name"), "one topic a page");
        // Signed in: their details filled in.
        let resp = call_service(&app, TestRequest::get().uri(PRO).cookie(Cookie::new("kith_session", session.clone())).to_request()).await;
        let body = body_of(resp).await;
        assert!(body.contains(r#"value="oti@nhs.example""#));
        assert!(!body.contains("/sign-in?next="));
        let csrf = csrf_in(&body);
        let start = hidden(&body);
        let token = start.iter().find(|(k, _)| k == "form_token").unwrap().1.clone();
        let post = |fields: Vec<(String, String)>| {
            let fields = with(fields, &[("csrf", &csrf)]);
            TestRequest::post().uri(PRO).cookie(Cookie::new("kith_csrf", csrf.clone())).cookie(Cookie::new("kith_session", session.clone())).set_form(fields).to_request()
        };
        // One page: its answers, the button, and back the next page's body.
        let answer = |page: &str, more: &[(&str, &str)]| with(with(hidden(page), more), &[("go", "continue")]);

        // Page 1, badly: answered by field, what was typed kept; later
        // pages' questions wait for their pages.
        let bad = answer(&body, &[("referrer_name", ""), ("referrer_email", "oti@"), ("referrer_phone", "call me")]);
        let resp = call_service(&app, post(bad)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("<title>Error: About you") && body.contains("Step 1 of 7"));
        assert!(body.contains(r##"href="#referrer_name""##) && body.contains("Enter your name"));
        assert!(body.contains(r##"href="#referrer_email""##) && body.contains(r#"value="oti@""#));
        assert!(body.contains(r#"value="call me""#));
        assert!(!body.contains("Confirm the person has agreed") && !body.contains("Enter the person"));
        assert_eq!(count(&mut db.conn()), 0);

        let page1 = [
            ("referrer_name", "Oti Okafor"), ("referrer_role", "Occupational therapist"), ("referrer_organisation", "Lambeth NHS"),
            ("referrer_email", "oti@nhs.example"), ("referrer_phone", ""), ("website", ""),
        ];
        let resp = call_service(&app, post(answer(&body, &page1))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Step 2 of 7") && body.contains("The person you are referring"));
        assert!(hidden(&body).contains(&("referrer_name".into(), "Oti Okafor".into())));
        assert!(hidden(&body).contains(&("form_token".into(), token.clone())));

        // Page 2: the person's name is needed, and a London postcode.
        let resp = call_service(&app, post(answer(&body, &[("name", ""), ("postcode", "ZZ99 9ZZ")]))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("Enter the person&#39;s name") || body.contains("Enter the person's name"), "{body}");
        assert!(body.contains(r#"value="ZZ99 9ZZ""#) && body.contains(r##"href="#postcode""##));
        let resp = call_service(&app, post(answer(&body, &[("name", "Bo Diaz"), ("postcode", "SE11 5QY")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 3 of 7") && body.contains("How can we get in touch with them?"));

        // Page 3: one way to reach them.
        let resp = call_service(&app, post(answer(&body, &[("phone", ""), ("email", "")]))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("phone number or email address so we can get in touch"));
        let resp = call_service(&app, post(answer(&body, &[("phone", "020 7946 0002"), ("contact_methods", "phone"), ("safe_to_leave_message", "no")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 4 of 7") && body.contains(&format!(r#"value="{}""#, interest.id)));

        // Pages 4, 5 and 6.
        let resp = call_service(&app, post(answer(&body, &[("interests", &interest.id.to_string()), ("interests_other", "Chess")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 5 of 7"));
        let resp = call_service(&app, post(answer(&body, &[("barriers", "Anxious in crowds"), ("access_needs", "Step-free")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 6 of 7") && body.contains("Why are you referring them?"));
        let resp = call_service(&app, post(answer(&body, &[("reason", "Lonely since moving"), ("risks", "None known")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 7 of 7") && body.contains("Only the team sees it"));

        // Page 7: the person's agreement is needed; Back keeps page 6.
        let agreement = body.clone();
        let resp = call_service(&app, post(answer(&agreement, &[("wants_updates", "yes")]))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("Confirm the person has agreed to be referred") && body.contains(r##"href="#person_agreed""##));
        assert!(body.contains(r#"name="wants_updates" type="checkbox" value="yes" checked"#), "ticks kept");
        let resp = call_service(&app, post(with(hidden(&agreement), &[("go", "back")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 6 of 7") && body.contains("Lonely since moving"));
        let resp = call_service(&app, post(answer(&agreement, &[("person_agreed", "yes"), ("wants_updates", "yes"), ("person_agreed_to_updates", "yes")]))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Check the referral before sending"));
        for text in ["Oti Okafor", "Bo Diaz", "SE11 5QY", "020 7946 0002", "Chess", "Anxious in crowds", "Lonely since moving", "None known"] {
            assert!(body.contains(text), "{text} on the check page");
        }
        assert!(body.contains(r#"value="change-referrer""#) && body.contains(r#"value="change-agreement""#));

        // Change: back to the check page after the changed page.
        let resp = call_service(&app, post(with(hidden(&body), &[("go", "change-contact")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Step 3 of 7") && body.contains(r#"value="020 7946 0002""#));
        let resp = call_service(&app, post(answer(&body, &[("phone", "020 7946 0003"), ("contact_methods", "phone"), ("safe_to_leave_message", "no")]))).await;
        let body = body_of(resp).await;
        assert!(body.contains("Check the referral before sending") && body.contains("020 7946 0003"));
        // Unticking the email address while updates are wanted is answered
        // where updates are chosen.
        let check = hidden(&body);
        let resp = call_service(&app, post(with(check.clone(), &[("go", "change-referrer")]))).await;
        let body = body_of(resp).await;
        let no_email: Vec<(String, String)> = hidden(&body).into_iter().filter(|(k, _)| !k.starts_with("referrer_")).collect();
        let resp = call_service(&app, post(with(no_email, &[("referrer_name", "Oti Okafor"), ("referrer_phone", "020 7946 0001"), ("go", "continue")]))).await;
        assert_eq!(resp.status(), StatusCode::OK, "a phone number alone is enough to reach the referrer");
        let body = body_of(resp).await;
        assert!(body.contains("Check the referral before sending"));
        let resp = call_service(&app, post(with(hidden(&body), &[("go", "send")]))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains(r##"href="#wants_updates""##) && body.contains("so we can send you updates"));
        assert_eq!(count(&mut db.conn()), 0, "nothing stored before a good Send");

        // Send: committed, the referrer acknowledged.
        let resp = call_service(&app, post(with(check.clone(), &[("go", "send")]))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Request sent") && body.contains("emailed you the reference"));
        let reference = reference_in(&body);
        let mut conn = db.conn();
        let (kind, referrer): (String, Option<i32>) = referrals::table
            .filter(referrals::reference.eq(&reference))
            .select((referrals::kind, referrals::referrer_person_id))
            .first(&mut *conn)
            .unwrap();
        assert_eq!((kind.as_str(), referrer), ("professional", Some(pro_id)));
        let phone: String = referral_people::table.select(referral_people::phone).first(&mut *conn).unwrap();
        assert_eq!(phone, "020 7946 0003");
        let mail = mail::pending(&mut conn, 10).unwrap();
        assert!(mail.iter().any(|m| m.to_address == "oti@nhs.example" && m.subject.contains(&reference)));
        drop(conn);
        // A second send of the same form (back button, double click): the same referral.
        let resp = call_service(&app, post(with(check, &[("go", "send")]))).await;
        assert_eq!(reference_in(&body_of(resp).await), reference);
        assert_eq!(count(&mut db.conn()), 1);
    });
});

db_test!(fn the_team_sees_the_queue_opens_a_referral_and_records_the_first_call(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let site = state.accounts.site.clone();
    let origin = accounts::flows::Origin { address: "192.0.2.7", user_agent: "test" };
    let submit = |name: &str, at: chrono::NaiveDateTime| {
        let form = referral::SelfReferralForm {
            person: referral::PersonForm { name: name.into(), phone: "020 7946 0000".into(), ..Default::default() },
            consent: "yes".into(),
            form_token: referral::new_form_token().unwrap(),
            website: String::new(),
        };
        referral::submit_self(&mut db.conn(), &site, &form, origin, at).unwrap()
    };
    let now = chrono::Utc::now().naive_utc();
    let old = submit("Cy Old", now - chrono::Duration::days(10));
    let new = submit("Di New", now);
    let (_, coach) = common::signed_in(&running, "coach@example.org", &[accounts::Role::Coach]);
    let (_, member) = common::signed_in(&running, "member@example.org", &[]);
    let (_, admin) = common::signed_in(&running, "admin@example.org", &[accounts::Role::Admin]);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: Option<&str>| {
            let mut req = TestRequest::get().uri(uri);
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s.to_owned()));
            }
            req.to_request()
        };
        // Signed out: sent to sign in. Not the team: refused.
        let resp = call_service(&app, get("/team/referrals", None)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers().get("location").unwrap(), "/sign-in?next=%2Fteam%2Freferrals");
        for s in [&member, &admin] {
            assert_eq!(call_service(&app, get("/team/referrals", Some(s))).await.status(), StatusCode::FORBIDDEN);
        }

        // The team: oldest first, overdue flagged, no names.
        let resp = call_service(&app, get("/team/referrals", Some(&coach))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store", "browsers keep no copy");
        let body = body_of(resp).await;
        let (a, b) = (body.find(&old.reference).unwrap(), body.find(&new.reference).unwrap());
        assert!(a < b, "oldest first");
        assert_eq!(body.matches("Overdue first contact").count(), 1);
        assert!(body.contains("10 days"));
        assert!(!body.contains("Cy Old") && !body.contains("Di New"));

        // One referral: its details, and the view is audit-logged.
        let id = old.referral_id.unwrap();
        let path = format!("/team/referrals/{id}");
        assert_eq!(call_service(&app, get(&path, Some(&member))).await.status(), StatusCode::FORBIDDEN);
        let resp = call_service(&app, get(&path, Some(&coach))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Cy Old") && body.contains(&format!("href=\"{path}/first-call\"")));
        let viewed: i64 = audit_log::table
            .filter(audit_log::subject.eq(format!("referral:{id}")))
            .filter(audit_log::action.eq("referral.viewed"))
            .count()
            .get_result(&mut *db.conn())
            .unwrap();
        assert_eq!(viewed, 1);

        // The first call, on its own page: a missing answer is asked for,
        // then it is recorded.
        let body = body_of(call_service(&app, get(&format!("{path}/first-call"), Some(&coach))).await).await;
        assert!(body.contains("Record a call"));
        let csrf = csrf_in(&body);
        let call = |fields: &[(&str, &str)]| {
            let fields = with(Vec::new(), fields);
            let fields = with(fields, &[("csrf", &csrf)]);
            TestRequest::post().uri(&format!("{path}/first-call"))
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_session", coach.clone()))
                .set_form(fields).to_request()
        };
        let resp = call_service(&app, call(&[("outcome", "reached")])).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("Say whether the service suits them"));
        let resp = call_service(&app, call(&[("outcome", "reached"), ("suitable", "yes"), ("note", "Keen on singing")])).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let (status, contacted): (String, Option<chrono::NaiveDateTime>) = referrals::table
            .find(id)
            .select((referrals::status, referrals::first_contact_at))
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(status, "first_call");
        assert!(contacted.is_some());
        let body = body_of(call_service(&app, get("/team/referrals", Some(&coach))).await).await;
        assert_eq!(body.matches("Overdue first contact").count(), 0, "contact made");
    });
});
