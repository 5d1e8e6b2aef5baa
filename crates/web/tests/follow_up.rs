//! The three-month follow-up over HTTP, on both databases: the team's list
//! and page, the phone form's checks, the "send the link" button, and the
//! person answering through the link from the email in the outbox without
//! an account: once only, not after it expires, never without the CSRF
//! token, and one kind page for every link that does not work.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Role, Roles};
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use referral::Staff;
use store::db_test;
use store::diesel::prelude::*;
use store::schema::{audit_log, casework_follow_ups};

#[macro_use]
mod common;

use common::csrf_in;

async fn body_of<B: actix_web::body::MessageBody>(resp: actix_web::dev::ServiceResponse<B>) -> String {
    String::from_utf8(read_body(resp).await.to_vec()).unwrap()
}

/// A referral for `name` (with `email`, or none) that `coach` worked with
/// and closed as completed 92 days ago, so its follow-up is due.
fn closed_referral(
    running: &common::Running,
    db: &store::testing::TestDb,
    manager: i32,
    coach: i32,
    name: &str,
    email: &str,
) -> i32 {
    let site = running.state.accounts.site.clone();
    let now = chrono::Utc::now().naive_utc();
    let began = now - chrono::Duration::days(200);
    let form = referral::SelfReferralForm {
        person: referral::PersonForm {
            name: name.into(),
            phone: "020 7946 0001".into(),
            email: email.into(),
            contact_methods: if email.is_empty() {
                vec!["phone".into()]
            } else {
                vec!["email".into()]
            },
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
    let id = referral::submit_self(&mut conn, &site, &form, origin, began)
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
    referral::record_first_call(&mut conn, &site, &by, id, &call, began).unwrap();
    referral::book_assessment(&mut conn, &by, id, began, "", began).unwrap();
    referral::record_assessment(&mut conn, &by, id, referral::Complexity::Low, "", began).unwrap();
    let allocation = referral::Allocation {
        worker_id: coach,
        service_id: None,
        note: "",
    };
    referral::allocate(&mut conn, &site, &by, id, &allocation, began).unwrap();
    referral::start(&mut conn, &by, id, "", began).unwrap();
    let closing = referral::Closing {
        outcome: referral::Outcome::Completed,
        referred_to: "",
        summary: "Joined a choir",
    };
    referral::close(&mut conn, &site, &by, id, &closing, now - chrono::Duration::days(92)).unwrap();
    id
}

db_test!(fn the_follow_up_link_is_answered_once_without_an_account(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (_, other_coach) = common::signed_in(&running, "coach2@example.org", &[Role::Coach]);
    let (manager_id, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let (_, member) = common::signed_in(&running, "member@example.org", &[]);
    let id = closed_referral(&running, db, manager_id, coach_id, "Mary Example", "mary@example.org");
    let phone_only = closed_referral(&running, db, manager_id, coach_id, "Pat Phone", "");
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: Option<&str>| {
            let mut req = TestRequest::get().uri(uri);
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s.to_owned()));
            }
            req.to_request()
        };
        // A form's page, then the form sent with the page's CSRF token (or none).
        macro_rules! send {
            ($session:expr, $page:expr, $action:expr, $fields:expr, $with_csrf:expr) => {{
                let session: Option<&str> = $session;
                let body = body_of(call_service(&app, get(&$page, session)).await).await;
                let csrf = csrf_in(&body);
                let mut fields: Vec<(String, String)> =
                    $fields.iter().map(|(k, v): &(&str, &str)| ((*k).to_owned(), (*v).to_owned())).collect();
                if $with_csrf {
                    fields.push(("csrf".into(), csrf.clone()));
                }
                let mut req = TestRequest::post().uri(&$action).cookie(Cookie::new("kith_csrf", csrf)).set_form(fields);
                if let Some(s) = session {
                    req = req.cookie(Cookie::new("kith_session", s.to_owned()));
                }
                let resp = call_service(&app, req.to_request()).await;
                let status = resp.status();
                let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                (status, location, body_of(resp).await)
            }};
        }
        let page = format!("/team/referrals/{id}/follow-up");

        // The referral and the team's list point at the follow-up.
        let body = body_of(call_service(&app, get(&format!("/team/referrals/{id}"), Some(&coach))).await).await;
        assert!(body.contains(&format!("href=\"{page}\"")) && body.contains("Three-month follow-up"));
        let resp = call_service(&app, get("/team/follow-ups", Some(&coach))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert!(body.contains("Mary Example") && body.contains("Pat Phone") && body.contains(&format!("href=\"{page}\"")));
        assert!(body.contains("Not sent") && body.contains("Due"));
        let body = body_of(call_service(&app, get("/team/follow-ups", Some(&other_coach))).await).await;
        assert!(!body.contains("Mary Example") && body.contains("No follow-ups are due"));
        assert_eq!(call_service(&app, get("/team/follow-ups", Some(&member))).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(call_service(&app, get(&page, Some(&other_coach))).await.status(), StatusCode::FORBIDDEN);

        // The team's page: the button (email allowed) and the phone form.
        let resp = call_service(&app, get(&page, Some(&coach))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body = body_of(resp).await;
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains("Send the follow-up link by email") && body.contains("Record answers given on the phone"));
        assert!(body.contains("I feel more supported than I did before"));
        assert!(body.contains("I&#39;d prefer not to say") || body.contains("I'd prefer not to say"));
        let body = body_of(call_service(&app, get(&format!("/team/referrals/{phone_only}/follow-up"), Some(&coach))).await).await;
        assert!(!body.contains("Send the follow-up link by email") && body.contains("ask the questions by phone"));

        // Sending without the CSRF token changes nothing.
        let (status, _, _) = send!(Some(&coach), page, format!("{page}/link"), [("x", "")], false);
        assert_eq!(status, StatusCode::FORBIDDEN);
        let links_sent = || {
            let mut conn = running.state.pool.get().unwrap();
            mail::pending(&mut conn, 1000).unwrap().iter().filter(|m| m.text_body.contains("/follow-up/")).count()
        };
        assert_eq!(links_sent(), 0);
        let (status, location, _) = send!(Some(&coach), page, format!("{page}/link"), [("x", "")], true);
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location.as_deref(), Some(&*format!("{page}?done=sent")));
        assert_eq!(links_sent(), 1);
        let body = body_of(call_service(&app, get(&format!("{page}?done=sent"), Some(&coach))).await).await;
        assert!(body.contains("The link has been emailed") && body.contains("A link was emailed on"));
        let raw = common::emailed_token(&running, "mary@example.org", "/follow-up/");
        let link = format!("/follow-up/{raw}");

        // The person opens the link without an account: the questions, nothing about them.
        let resp = call_service(&app, get(&link, None)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers().get("cache-control").unwrap().to_str().unwrap(), "no-store");
        assert_eq!(resp.headers().get("referrer-policy").unwrap().to_str().unwrap(), "no-referrer");
        let body = body_of(resp).await;
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains("How are things going?") && body.contains("<legend"));
        assert!(body.contains("Are you still going to any of the activities"));
        assert!(!body.contains("Mary") && !body.contains("KC-"), "nothing about the person");

        // Without the CSRF token: refused, and the link still works.
        let answers = [("more_supported", "5"), ("more_independent", "4"), ("crisis_better", "prefer_not"), ("still_going", "yes"), ("comments", "<b>Still</b> singing")];
        let (status, _, _) = send!(None, link, link, answers, false);
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Missing answers: every problem, each by its question, what was chosen kept.
        let (status, _, body) = send!(None, link, link, [("more_supported", "5"), ("comments", "Kept words")], true);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem") && body.contains("Error: How are things going?"));
        assert!(body.contains("Choose how much you agree that you feel more independent"));
        assert!(body.contains("Choose whether you are still going to activities"));
        assert!(body.contains(r##"href="#crisis_better""##));
        assert!(body.contains(r#"value="5" checked"#) && body.contains(">Kept words</textarea>"));
        // Answered: thanks, and the link is used up.
        let (status, _, body) = send!(None, link, link, answers, true);
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("Thank you") && body.contains("We have your answers"));
        let (status, body) = get_page!(&app, &link);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("This link has expired or has already been used"));
        let used_page = body;
        // Used twice: refused, the answers unchanged.
        let csrf = "a".repeat(48);
        let mut fields: Vec<(String, String)> = answers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        fields[0].1 = "1".into();
        fields.push(("csrf".into(), csrf.clone()));
        let req = TestRequest::post().uri(&link).cookie(Cookie::new("kith_csrf", csrf)).set_form(fields).to_request();
        let resp = call_service(&app, req).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("This link has expired or has already been used"));
        let stored: (Option<i32>, Option<String>, String) = casework_follow_ups::table
            .filter(casework_follow_ups::referral_id.eq(id))
            .select((casework_follow_ups::more_supported, casework_follow_ups::answered_how, casework_follow_ups::comments))
            .first(&mut *db.conn())
            .unwrap();
        assert_eq!(stored, (Some(5), Some("link".to_owned()), "<b>Still</b> singing".to_owned()));

        // A token that never existed gets the same page; a malformed one too.
        let (status, body) = get_page!(&app, &format!("/follow-up/{}", "0".repeat(64)));
        assert_eq!((status, body), (StatusCode::BAD_REQUEST, used_page.clone()));
        let (status, body) = get_page!(&app, "/follow-up/%3Cscript%3E");
        assert_eq!((status, body), (StatusCode::BAD_REQUEST, used_page));

        // The team sees the answers (escaped), and the follow-up leaves the list.
        let body = body_of(call_service(&app, get(&page, Some(&coach))).await).await;
        assert!(body.contains("Through the emailed link on") && body.contains("Strongly agree"));
        assert!(body.contains("&lt;b&gt;Still&lt;/b&gt; singing") && !body.contains("<b>Still"));
        assert!(!body.contains("Send the follow-up link by email"));
        let body = body_of(call_service(&app, get("/team/follow-ups", Some(&coach))).await).await;
        assert!(!body.contains("Mary Example") && body.contains("Pat Phone"));

        // The phone form: every problem beside its question, what was typed kept.
        let phone_page = format!("/team/referrals/{phone_only}/follow-up");
        let (status, _, body) = send!(Some(&coach), phone_page, phone_page, [("more_supported", "4"), ("comments", "Said thanks")], true);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Error: Three-month follow-up") && body.contains("Choose how much you agree that you feel better able to deal with a crisis"));
        assert!(body.contains(r#"value="4" checked"#) && body.contains(">Said thanks</textarea>"));
        let phone = [("more_supported", "4"), ("more_independent", "3"), ("crisis_better", "2"), ("still_going", "no")];
        let (status, _, _) = send!(Some(&coach), phone_page, phone_page, phone, false);
        assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token, nothing saved");
        // A manager must say why she records on the coach's case.
        let (status, _, body) = send!(Some(&manager), phone_page, phone_page, phone, true);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Say why you are changing a case allocated to someone else"));
        let (status, location, _) = send!(Some(&coach), phone_page, phone_page, phone, true);
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location.as_deref(), Some(&*format!("{phone_page}?done=saved")));
        let body = body_of(call_service(&app, get(&format!("{phone_page}?done=saved"), Some(&coach))).await).await;
        assert!(body.contains("The answers have been saved.") && body.contains("By phone, recorded by"));
        assert!(body.contains("Change the answers") && body.contains(r#"value="4" checked"#), "the form is filled in to change them");
        let viewed: i64 = audit_log::table
            .filter(audit_log::action.eq("referral.viewed"))
            .filter(audit_log::subject.eq(format!("referral:{phone_only}")))
            .count()
            .get_result(&mut *db.conn())
            .unwrap();
        assert!(viewed >= 3, "every view of the follow-up is audited");
    });
});

db_test!(fn an_expired_or_replaced_link_is_refused_kindly(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (coach_id, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let (manager_id, _) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let id = closed_referral(&running, db, manager_id, coach_id, "Mary Example", "mary@example.org");
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let page = format!("/team/referrals/{id}/follow-up");
        macro_rules! send_link {
            () => {{
                let req = TestRequest::get().uri(&page).cookie(Cookie::new("kith_session", coach.clone())).to_request();
                let csrf = csrf_in(&body_of(call_service(&app, req).await).await);
                let req = TestRequest::post()
                    .uri(&format!("{page}/link"))
                    .cookie(Cookie::new("kith_csrf", csrf.clone()))
                    .cookie(Cookie::new("kith_session", coach.clone()))
                    .set_form([("csrf", csrf)])
                    .to_request();
                assert_eq!(call_service(&app, req).await.status(), StatusCode::SEE_OTHER);
                common::emailed_token(&running, "mary@example.org", "/follow-up/")
            }};
        }
        let first = send_link!();
        let second = send_link!();
        assert_ne!(first, second);
        let (status, body) = get_page!(&app, &format!("/follow-up/{first}"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "a new link replaces the old one");
        assert!(body.contains("This link has expired or has already been used"));
        assert_eq!(get_page!(&app, &format!("/follow-up/{second}")).0, StatusCode::OK);
        // Thirty days on, it has expired.
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
        store::diesel::update(casework_follow_ups::table.filter(casework_follow_ups::referral_id.eq(id)))
            .set(casework_follow_ups::link_expires_at.eq(Some(past)))
            .execute(&mut *db.conn())
            .unwrap();
        let (status, body) = get_page!(&app, &format!("/follow-up/{second}"));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("This link has expired or has already been used"));
        let req = TestRequest::get().uri(&page).cookie(Cookie::new("kith_session", coach.clone())).to_request();
        let body = body_of(call_service(&app, req).await).await;
        assert!(body.contains("It has expired.") && body.contains("Sending a new link stops the earlier one working"));
    });
});
