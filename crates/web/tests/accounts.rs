//! Account pages over HTTP: sign-up through the emailed link, passwords,
//! sign-in and lockout, cookies, sign-out (here and everywhere), CSRF,
//! export and deletion.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use store::db_test;

#[macro_use]
mod common;

use common::{cookie_of, csrf_in, emailed_token};

async fn body_of<B: actix_web::body::MessageBody>(resp: actix_web::dev::ServiceResponse<B>) -> String {
    String::from_utf8(read_body(resp).await.to_vec()).unwrap()
}

db_test!(fn a_person_signs_up_confirms_chooses_a_password_and_signs_in(db) {
    let running = common::start(db);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri("/sign-up").to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let csrf_cookie = cookie_of(&resp, "kith_csrf").unwrap();
        let csrf = csrf_in(&body_of(resp).await);
        assert_eq!(csrf, csrf_cookie.value());
        let post = |uri: &str, form: Vec<(&str, &str)>, session: Option<&str>| {
            let mut form: Vec<(String, String)> = form.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            form.push(("csrf".into(), csrf.clone()));
            let mut req = TestRequest::post().uri(uri).cookie(Cookie::new("kith_csrf", csrf.clone())).set_form(form);
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s.to_owned()));
            }
            req.to_request()
        };

        // Without the CSRF token: 403, nothing stored.
        let forged = TestRequest::post().uri("/sign-up").set_form([("display_name", "Mo"), ("email", "mo@example.org")]).to_request();
        assert_eq!(call_service(&app, forged).await.status(), StatusCode::FORBIDDEN);

        // Bad input: both fields answered, what was typed kept.
        let resp = call_service(&app, post("/sign-up", vec![("display_name", "Mo <b>Farah</b>"), ("email", "mo@")], None)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("There is a problem"));
        assert!(body.contains("<title>Error: Create an account"));
        assert!(body.contains(r##"href="#email""##));
        assert!(body.contains("Mo &lt;b&gt;Farah&lt;/b&gt;"), "name kept, escaped");
        let resp = call_service(&app, post("/sign-up", vec![("display_name", ""), ("email", "mo@example.org")], None)).await;
        let body = body_of(resp).await;
        assert!(body.contains("Enter the name you would like to use") && body.contains("mo@example.org"));

        // A good sign-up: "check your email", and the link arrives in the outbox.
        let resp = call_service(&app, post("/sign-up", vec![("display_name", "Mo"), ("email", "Mo@Example.org")], None)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(body_of(resp).await.contains("Check your email"));
        let token = emailed_token(&running, "mo@example.org", "/verify/");

        // Opening the link shows a button; only pressing it uses the link.
        let resp = call_service(&app, TestRequest::get().uri(&format!("/verify/{token}")).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(body_of(resp).await.contains("Confirm and sign in"));
        let resp = call_service(&app, post(&format!("/verify/{token}"), vec![], None)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers().get("location").unwrap(), "/account/password?welcome=1");
        let cookie = cookie_of(&resp, "kith_session").expect("signed in");
        assert!(cookie.http_only().unwrap_or(false));
        assert_eq!(cookie.same_site(), Some(SameSite::Lax));
        assert_eq!(cookie.path(), Some("/"));
        let session = cookie.value().to_owned();
        // A used link says so.
        let resp = call_service(&app, TestRequest::get().uri(&format!("/verify/{token}")).to_request()).await;
        assert_eq!(resp.status(), StatusCode::GONE);

        // Signed in: the account page, private, with "Your account" in the header.
        let resp = call_service(&app, TestRequest::get().uri("/account").cookie(Cookie::new("kith_session", session.clone())).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers().get("cache-control").unwrap(), "private, no-cache");
        let body = body_of(resp).await;
        assert!(body.contains("mo@example.org") && body.contains(r#"href="/account">Your account"#));

        // Choose a password: mismatches and weak ones are refused by the field.
        let resp = call_service(&app, post("/account/password", vec![("password", "river lamp orange"), ("confirm", "river lamp orang")], Some(&session))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("The passwords do not match"));
        let resp = call_service(&app, post("/account/password", vec![("password", "password"), ("confirm", "password")], Some(&session))).await;
        assert!(body_of(resp).await.contains("too easy to guess"));
        let resp = call_service(&app, post("/account/password", vec![("password", "river lamp orange"), ("confirm", "river lamp orange")], Some(&session))).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);

        // Sign out: the cookie is cleared and the old token no longer works.
        let resp = call_service(&app, post("/sign-out", vec![], Some(&session))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(cookie_of(&resp, "kith_session").unwrap().value(), "");
        let resp = call_service(&app, TestRequest::get().uri("/account").cookie(Cookie::new("kith_session", session.clone())).to_request()).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers().get("location").unwrap(), "/sign-in?next=%2Faccount");

        // Sign in with the password, back to where they were going.
        let resp = call_service(&app, post("/sign-in", vec![("email", "mo@example.org"), ("password", "river lamp orange"), ("next", "/account/name")], None)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers().get("location").unwrap(), "/account/name");
        let session = cookie_of(&resp, "kith_session").unwrap().value().to_owned();
        // …but never to another site.
        let resp = call_service(&app, post("/sign-in", vec![("email", "mo@example.org"), ("password", "river lamp orange"), ("next", "//evil.example/")], None)).await;
        assert_eq!(resp.headers().get("location").unwrap(), "/account");
        let second = cookie_of(&resp, "kith_session").unwrap().value().to_owned();

        // Wrong passwords: five answered plainly, then the account is locked.
        for _ in 0..5 {
            let resp = call_service(&app, post("/sign-in", vec![("email", "mo@example.org"), ("password", "wrong wrong")], None)).await;
            assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
            let body = body_of(resp).await;
            assert!(body.contains("Enter a correct email address and password"));
            assert!(body.contains(r#"value="mo@example.org""#), "email kept");
            assert!(!body.contains("wrong wrong"), "passwords are never sent back");
        }
        // The sixth wrong one locks it; then even the right password waits.
        let resp = call_service(&app, post("/sign-in", vec![("email", "mo@example.org"), ("password", "wrong wrong")], None)).await;
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        let resp = call_service(&app, post("/sign-in", vec![("email", "mo@example.org"), ("password", "river lamp orange")], None)).await;
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(body_of(resp).await.contains("Too many attempts — try again in 10 minutes"));

        // Change the name; then sign out everywhere ends both sessions.
        let resp = call_service(&app, post("/account/name", vec![("display_name", "  Mo   F ")], Some(&session))).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let resp = call_service(&app, post("/sign-out-everywhere", vec![], Some(&session))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        for s in [&session, &second] {
            let resp = call_service(&app, TestRequest::get().uri("/account").cookie(Cookie::new("kith_session", s.clone())).to_request()).await;
            assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        }
    });
});

db_test!(fn links_reset_export_and_delete(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (_, session) = common::signed_in(&running, "ria@example.org", &[]);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri("/sign-in").to_request()).await;
        let csrf = csrf_in(&body_of(resp).await);
        let post = |uri: &str, form: Vec<(&str, &str)>, session: Option<&str>| {
            let mut form: Vec<(String, String)> = form.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            form.push(("csrf".into(), csrf.clone()));
            let mut req = TestRequest::post().uri(uri).cookie(Cookie::new("kith_csrf", csrf.clone())).set_form(form);
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s.to_owned()));
            }
            req.to_request()
        };

        // A sign-in link: same answer for unknown addresses, so nobody can tell who has an account.
        let known = body_of(call_service(&app, post("/sign-in/link", vec![("email", "ria@example.org")], None)).await).await;
        let unknown = body_of(call_service(&app, post("/sign-in/link", vec![("email", "nobody@example.org")], None)).await).await;
        assert_eq!(known.replace("ria@example.org", "X"), unknown.replace("nobody@example.org", "X"));
        let token = emailed_token(&running, "ria@example.org", "/sign-in/link/");
        let resp = call_service(&app, post(&format!("/sign-in/link/{token}"), vec![], None)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert!(cookie_of(&resp, "kith_session").is_some());
        // Junk tokens: a helpful page, never a 500.
        for junk in ["x", "0000", &"f".repeat(64), "%00", "..%2F.."] {
            let resp = call_service(&app, TestRequest::get().uri(&format!("/sign-in/link/{junk}")).to_request()).await;
            assert!(resp.status() == StatusCode::GONE || resp.status() == StatusCode::NOT_FOUND, "{junk}: {}", resp.status());
        }

        // Password reset by email.
        let resp = call_service(&app, post("/reset-password", vec![("email", "ria@example.org")], None)).await;
        assert!(body_of(resp).await.contains("Check your email"));
        let token = emailed_token(&running, "ria@example.org", "/reset-password/");
        let resp = call_service(&app, post(&format!("/reset-password/{token}"), vec![("password", "short"), ("confirm", "short")], None)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let resp = call_service(&app, post(&format!("/reset-password/{token}"), vec![("password", "tall green ladder"), ("confirm", "tall green ladder")], None)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let fresh = cookie_of(&resp, "kith_session").unwrap().value().to_owned();
        // The reset signed every other browser out.
        let resp = call_service(&app, TestRequest::get().uri("/account").cookie(Cookie::new("kith_session", session.clone())).to_request()).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);

        // Download everything held, as JSON.
        let resp = call_service(&app, TestRequest::get().uri("/account/export").cookie(Cookie::new("kith_session", fresh.clone())).to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.headers().get("content-disposition").unwrap().to_str().unwrap().contains("attachment"));
        let json: serde_json::Value = serde_json::from_str(&body_of(resp).await).unwrap();
        assert_eq!(json["account"]["email"], "ria@example.org");
        assert!(json["account"].get("password_hash").is_none());

        // Change email: the new address must be proven.
        let resp = call_service(&app, post("/account/email", vec![("email", "ria@new.example.org")], Some(&fresh))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let token = emailed_token(&running, "ria@new.example.org", "/account/email/confirm/");
        let resp = call_service(&app, post(&format!("/account/email/confirm/{token}"), vec![], None)).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);

        // Delete: signed out, and the address is free again.
        let resp = call_service(&app, post("/account/delete", vec![], Some(&fresh))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(cookie_of(&resp, "kith_session").unwrap().value(), "");
        let resp = call_service(&app, TestRequest::get().uri("/account").cookie(Cookie::new("kith_session", fresh.clone())).to_request()).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let mut conn = running.state.pool.get().unwrap();
        assert!(accounts::person::find_by_email(&mut conn, "ria@new.example.org").unwrap().is_none());
    });
});
