//! A corpus of script-injection payloads typed into every account text
//! field comes back as inert text everywhere it is shown: pages, emails and
//! JSON.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use store::db_test;

#[macro_use]
mod common;

/// Payloads short enough for a display name (60 characters).
pub const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "</title><script>alert(1)</script>",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<style>body{display:none}</style>",
    "\u{202e}<b onmouseover=alert(1)>x</b>",
];

/// True when `html` shows `payload` only as text: no tag from it survives.
fn inert(html: &str, payload: &str) -> bool {
    !payload.contains('<') || !html.contains(payload)
}

db_test!(fn payloads_in_account_fields_stay_text_in_pages_emails_and_json(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (_, admin) = common::signed_in(&running, "admin@example.org", &[accounts::Role::Admin]);
    let mut people = Vec::new();
    {
        let mut conn = running.state.pool.get().unwrap();
        let now = chrono::Utc::now().naive_utc();
        for (i, payload) in PAYLOADS.iter().enumerate() {
            let (p, _) = accounts::flows::create_user(&mut conn, &format!("p{i}@example.org"), Some(payload), &[], None, now).unwrap();
            accounts::flows::request_professional(&mut conn, p.id, payload, payload, &[], now).unwrap();
            let (_, jwt) = accounts::session::start(&mut conn, &running.state.accounts.keys, p.id, payload, now).unwrap();
            // An email that carries the name.
            accounts::flows::request_sign_in_link(&mut conn, &running.state.accounts.site, &p.email, accounts::flows::Origin { address: "192.0.2.9", user_agent: "t" }, now).unwrap();
            people.push((p.id, jwt, *payload));
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: String, session: &str| {
            TestRequest::get().uri(&uri).cookie(Cookie::new("kith_session", session.to_owned())).to_request()
        };
        let list = String::from_utf8(read_body(call_service(&app, get("/admin/people?q=example".into(), &admin)).await).await.to_vec()).unwrap();
        let waiting = String::from_utf8(read_body(call_service(&app, get("/admin/professionals".into(), &admin)).await).await.to_vec()).unwrap();
        for (id, jwt, payload) in &people {
            assert!(inert(&list, payload), "admin list shows {payload:?} as markup");
            assert!(inert(&waiting, payload), "professionals queue shows {payload:?} as markup");
            for (uri, session) in [
                ("/account".to_owned(), jwt.as_str()),
                ("/account/name".to_owned(), jwt),
                ("/account/professional".to_owned(), jwt),
                (format!("/admin/people/{id}"), admin.as_str()),
            ] {
                let resp = call_service(&app, get(uri.clone(), session)).await;
                assert!(resp.status().is_success(), "{uri}: {}", resp.status());
                let body = String::from_utf8(read_body(resp).await.to_vec()).unwrap();
                assert!(inert(&body, payload), "{uri} shows {payload:?} as markup");
                assert!(body.contains(&maud::html! { (payload) }.into_string()), "{uri} shows {payload:?} as text");
            }
            let resp = call_service(&app, get("/account/export".into(), jwt)).await;
            let json: serde_json::Value = serde_json::from_slice(&read_body(resp).await).unwrap();
            assert_eq!(json["account"]["display_name"], *payload, "JSON carries the text exactly");
        }
        let mut conn = running.state.pool.get().unwrap();
        let emails = mail::pending(&mut conn, 100).unwrap();
        for (_, _, payload) in &people {
            let email = emails.iter().find(|m| m.text_body.contains(payload)).expect("the name is in an email");
            assert!(inert(&email.html_body, payload), "email HTML shows {payload:?} as markup");
        }
    });
});
