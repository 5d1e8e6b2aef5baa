//! The shortlist: cookie-kept, CSRF-protected, printable and shareable.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::Kind;
use store::db_test;

#[macro_use]
mod common;

fn token_in(body: &str) -> String {
    let at = body.find(r#"name="csrf" value=""#).expect("a CSRF field") + r#"name="csrf" value=""#.len();
    body[at..at + 48].to_owned()
}

fn cookie_value<B>(resp: &actix_web::dev::ServiceResponse<B>, name: &str) -> Option<String> {
    resp.response()
        .cookies()
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

db_test!(fn people_can_keep_print_share_and_undo_a_shortlist(db) {
    let (walk, choir) = {
        let mut conn = db.conn();
        let t = chrono::Utc::now().naive_utc();
        let walk = l::insert(&mut conn, &listing(Kind::Group, "Tooting Walkers", 22, t), &Tags::default()).unwrap();
        let choir = l::insert(&mut conn, &listing(Kind::Group, "Clapham Choir", 22, t), &Tags::default()).unwrap();
        (walk.id, choir.id)
    };
    let running = common::start(db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;

        // A listing page offers the button and hands out a CSRF cookie.
        let resp = call_service(&app, TestRequest::get().uri("/groups/tooting-walkers").to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let csrf = cookie_value(&resp, "kith_csrf").expect("CSRF cookie");
        let body = String::from_utf8(read_body(resp).await.to_vec()).unwrap();
        assert!(body.contains("Add to shortlist"));
        assert_eq!(token_in(&body), csrf);

        // Without the token nothing changes.
        let forged = TestRequest::post().uri("/shortlist/add").set_form([("id", walk.to_string())]).to_request();
        let resp = call_service(&app, forged).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        assert!(cookie_value(&resp, "kith_shortlist").is_none());
        let wrong = TestRequest::post()
            .uri("/shortlist/add")
            .cookie(Cookie::new("kith_csrf", csrf.clone()))
            .set_form([("id", walk.to_string()), ("csrf", "0".repeat(48))])
            .to_request();
        assert_eq!(call_service(&app, wrong).await.status(), StatusCode::FORBIDDEN);

        // With it, the listing is added and we go back where we were.
        let add = |id: i32, list: &str| {
            TestRequest::post()
                .uri("/shortlist/add")
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_shortlist", list.to_owned()))
                .set_form([("id", id.to_string()), ("csrf", csrf.clone()), ("back", "/groups/tooting-walkers".into())])
                .to_request()
        };
        let resp = call_service(&app, add(walk, "")).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers().get("location").unwrap(), "/groups/tooting-walkers");
        let list = cookie_value(&resp, "kith_shortlist").unwrap();
        assert_eq!(list, walk.to_string());
        let resp = call_service(&app, add(choir, &list)).await;
        let list = cookie_value(&resp, "kith_shortlist").unwrap();
        assert_eq!(list, format!("{walk}.{choir}"));
        // Adding twice keeps one.
        let resp = call_service(&app, add(choir, &list)).await;
        assert_eq!(cookie_value(&resp, "kith_shortlist").unwrap(), list);

        let get = |uri: &str, list: &str| {
            TestRequest::get()
                .uri(uri)
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_shortlist", list.to_owned()))
                .to_request()
        };
        let page = String::from_utf8(read_body(call_service(&app, get("/shortlist", &list)).await).await.to_vec()).unwrap();
        assert!(page.contains("Tooting Walkers") && page.contains("Clapham Choir") && page.contains("2 things"));
        let share = format!("/shortlist/shared/{walk}-{choir}");
        assert!(page.contains(&share));
        let print = String::from_utf8(read_body(call_service(&app, get("/shortlist/print", &list)).await).await.to_vec()).unwrap();
        assert!(print.contains("My plan") && print.contains("Clapham Choir"));

        // Remove, then undo from the message.
        let remove = TestRequest::post()
            .uri("/shortlist/remove")
            .cookie(Cookie::new("kith_csrf", csrf.clone()))
            .cookie(Cookie::new("kith_shortlist", list.clone()))
            .set_form([("id", walk.to_string()), ("csrf", csrf.clone()), ("back", "/shortlist".into())])
            .to_request();
        let resp = call_service(&app, remove).await;
        assert_eq!(resp.headers().get("location").unwrap().to_str().unwrap(), format!("/shortlist?removed={walk}"));
        let after = cookie_value(&resp, "kith_shortlist").unwrap();
        assert_eq!(after, choir.to_string());
        let page = String::from_utf8(read_body(call_service(&app, get(&format!("/shortlist?removed={walk}"), &after)).await).await.to_vec()).unwrap();
        assert!(page.contains("Removed <strong>Tooting Walkers</strong>") && page.contains("Undo"));

        // Someone else opens the shared link and keeps it.
        let shared = call_service(&app, TestRequest::get().uri(&share).to_request()).await;
        assert_eq!(shared.status(), StatusCode::OK);
        let other_csrf = cookie_value(&shared, "kith_csrf").unwrap();
        let body = String::from_utf8(read_body(shared).await.to_vec()).unwrap();
        assert!(body.contains("Tooting Walkers") && body.contains("Add these to my shortlist"));
        let save = TestRequest::post()
            .uri("/shortlist/save")
            .cookie(Cookie::new("kith_csrf", other_csrf.clone()))
            .set_form([("id", format!("{walk}-{choir}")), ("csrf", other_csrf)])
            .to_request();
        let resp = call_service(&app, save).await;
        assert_eq!(cookie_value(&resp, "kith_shortlist").unwrap(), format!("{walk}.{choir}"));

        // Bad input: an empty shortlist page, junk ids, an outside "back", an unreadable form.
        let empty = String::from_utf8(read_body(call_service(&app, TestRequest::get().uri("/shortlist").to_request()).await).await.to_vec()).unwrap();
        assert!(empty.contains("Your shortlist is empty"));
        assert_eq!(call_service(&app, TestRequest::get().uri("/shortlist/shared/abc").to_request()).await.status(), StatusCode::NOT_FOUND);
        let outside = TestRequest::post()
            .uri("/shortlist/add")
            .cookie(Cookie::new("kith_csrf", csrf.clone()))
            .set_form([("id", walk.to_string()), ("csrf", csrf.clone()), ("back", "https://evil.example/".into())])
            .to_request();
        assert_eq!(call_service(&app, outside).await.headers().get("location").unwrap(), "/shortlist");
        let junk = TestRequest::post()
            .uri("/shortlist/add")
            .cookie(Cookie::new("kith_csrf", csrf.clone()))
            .set_form([("id", "lots"), ("csrf", &csrf)])
            .to_request();
        assert_eq!(call_service(&app, junk).await.status(), StatusCode::BAD_REQUEST);
        let unreadable = TestRequest::post()
            .uri("/shortlist/add")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload("%zz=%")
            .to_request();
        let resp = call_service(&app, unreadable).await;
        assert!(resp.status() == StatusCode::BAD_REQUEST || resp.status() == StatusCode::FORBIDDEN, "{}", resp.status());
    });
});

db_test!(fn a_shortlist_can_be_emailed_and_the_form_is_rate_limited(db) {
    let walk = {
        let mut conn = db.conn();
        let t = chrono::Utc::now().naive_utc();
        l::insert(&mut conn, &listing(Kind::Group, "Tooting <Walkers>", 22, t), &Tags::default()).unwrap().id
    };
    let running = common::start(db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri("/shortlist/email").cookie(Cookie::new("kith_shortlist", walk.to_string())).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let csrf = cookie_value(&resp, "kith_csrf").unwrap();
        let send = |to: &str| {
            TestRequest::post()
                .uri("/shortlist/email")
                .cookie(Cookie::new("kith_csrf", csrf.clone()))
                .cookie(Cookie::new("kith_shortlist", walk.to_string()))
                .set_form([("email", to.to_owned()), ("csrf", csrf.clone())])
                .to_request()
        };
        let resp = call_service(&app, send("not an email")).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = String::from_utf8(read_body(resp).await.to_vec()).unwrap();
        assert!(body.contains("Enter an email address in the correct format") && body.contains(r#"value="not an email""#));
        for _ in 0..3 {
            let resp = call_service(&app, send("friend@example.org")).await;
            assert_eq!(resp.status(), StatusCode::OK);
        }
        let mut conn = running.state.pool.get().unwrap();
        let queued = mail::pending(&mut conn, 10).unwrap();
        assert_eq!(queued.len(), 3);
        assert!(queued[0].text_body.contains("Tooting <Walkers>") && queued[0].text_body.contains("/groups/tooting-walkers"));
        assert!(queued[0].html_body.contains("Tooting &lt;Walkers&gt;"), "names are escaped in the HTML part");
        let resp = call_service(&app, send("friend@example.org")).await;
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(mail::pending(&mut conn, 10).unwrap().len(), 3);
    });
});
