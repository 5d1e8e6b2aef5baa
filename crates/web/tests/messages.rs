//! Talking one to one over HTTP, on both databases: profiles that leak
//! nothing, messages with their validation next to the field and the
//! refusal that does not reveal a block, CSRF, "Contact the organisers",
//! and the XSS corpus through message bodies, contact messages and
//! display names.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{init_service, TestRequest};
use chrono::NaiveDateTime;
use community::profiles::{self, Settings, Visibility};
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::Kind;
use store::db_test;

#[macro_use]
mod common;

use common::{get, post};

use common::XSS_PAYLOADS as PAYLOADS;

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// True when `html` shows `payload` only as text: no tag from it survives.
fn inert(html: &str, payload: &str) -> bool {
    !payload.contains('<') || !html.contains(payload)
}

/// A published group of an organisation with one organiser on the site;
/// returns (group slug, group id).
fn group(db: &store::testing::TestDb, organiser: i32, editor: i32) -> (String, i32) {
    let mut conn = db.conn();
    let t = now();
    let org = l::insert(
        &mut conn,
        &listing(Kind::Organisation, "Friends", 22, t),
        &Tags::default(),
    )
    .unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let g = l::insert(&mut conn, &g, &Tags::default()).unwrap();
    directory::publishing::add_organiser(&mut conn, editor, org.id, organiser, t).unwrap();
    (g.slug, g.id)
}

fn name(db: &store::testing::TestDb, person: i32, name: &str) {
    accounts::person::set_display_name(&mut db.conn(), person, name, now()).unwrap();
}

db_test!(fn profiles_show_only_what_the_viewer_may_and_otherwise_nothing(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (ann, ann_s) = common::signed_in(&running, "ann@example.org", &[]);
    let (bob, bob_s) = common::signed_in(&running, "bob@example.org", &[]);
    let (_, stranger_s) = common::signed_in(&running, "stranger@example.org", &[]);
    let (editor, _) = common::signed_in(&running, "editor@example.org", &[accounts::Role::Editor]);
    let (org, _) = common::signed_in(&running, "org@example.org", &[]);
    name(db, ann, "Annabel Quill");
    let (_, gid) = group(db, org, editor);
    for p in [ann, bob] {
        community::groups::join(&mut db.conn(), p, gid, "", now()).unwrap();
    }
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let ann_page = format!("/people/{ann}");
        // Signed out and a stranger: exactly the page of someone who does not exist.
        let (missing, _, missing_body) = send!(&app, get("/people/999999", None));
        assert_eq!(missing, StatusCode::NOT_FOUND);
        for session in [None, Some(stranger_s.as_str())] {
            let (status, _, body) = send!(&app, get(&ann_page, session));
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert!(!body.contains("Annabel") && !body.contains("ann@example.org"));
            if session.is_none() {
                assert_eq!(body, missing_body, "a hidden profile looks like no profile");
            }
        }
        // A co-member sees the name with initials, and no Message link yet.
        let (status, _, body) = send!(&app, get(&ann_page, Some(&bob_s)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Annabel Quill") && body.contains(">AQ<"));
        assert!(!body.contains(&format!("href=\"/messages/{ann}\"")));
        assert!(body.contains(community::messages::CANNOT_SEND));
        assert!(!body.contains("ann@example.org"));

        // Profile form: a bad name is shown next to the field, what was typed kept.
        let (status, _, body) = send!(&app, post("/account/profile", Some(&ann_s), &[
            ("display_name", ""), ("name_visibility", "everyone"), ("interests_visibility", "bogus"),
            ("borough", ""), ("borough_visibility", "me"), ("messages", "yes"),
        ]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("id=\"display_name-error\"") && body.contains("id=\"interests_visibility-error\""));
        assert!(body.contains("kith-error-summary"));
        // Without a CSRF token nothing changes.
        let no_csrf = TestRequest::post().uri("/account/profile").cookie(Cookie::new("kith_session", ann_s.clone()))
            .set_form([("display_name", "Changed"), ("messages", "yes")]);
        let (status, _, _) = send!(&app, no_csrf);
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Name to everyone and messages on.
        let (status, location, _) = send!(&app, post("/account/profile", Some(&ann_s), &[
            ("display_name", "Annabel Quill"), ("name_visibility", "everyone"), ("interests_visibility", "me"),
            ("borough", ""), ("borough_visibility", "me"), ("messages", "yes"),
        ]));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/account/profile?saved=yes"));
        let (status, _, body) = send!(&app, get(&ann_page, None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Annabel Quill") && !body.contains("ann@example.org"));
        let (_, _, body) = send!(&app, get(&ann_page, Some(&bob_s)));
        assert!(body.contains(&format!("href=\"/messages/{ann}\"")));
    });
});

db_test!(fn messages_validate_next_to_the_field_and_a_block_reads_like_any_refusal(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (ann, ann_s) = common::signed_in(&running, "ann@example.org", &[]);
    let (bob, bob_s) = common::signed_in(&running, "bob@example.org", &[]);
    let (editor, _) = common::signed_in(&running, "editor@example.org", &[accounts::Role::Editor]);
    let (org, _) = common::signed_in(&running, "org@example.org", &[]);
    let (_, gid) = group(db, org, editor);
    for p in [ann, bob] {
        community::groups::join(&mut db.conn(), p, gid, "", now()).unwrap();
    }
    let on = Settings { messages_from_groups: true, name: Visibility::Groups, ..Settings::default() };
    profiles::save(&mut db.conn(), bob, &on, now()).unwrap();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let to_bob = format!("/messages/{bob}");
        let (status, _, body) = send!(&app, post(&to_bob, Some(&ann_s), &[("body", "   ")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("id=\"body-error\"") && body.contains("Enter your message"));
        let long = "word ".repeat(500);
        let (status, _, body) = send!(&app, post(&to_bob, Some(&ann_s), &[("body", &long)]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("characters or fewer") && body.contains(long.trim_end()), "keeps what was typed");
        // CSRF.
        let no_csrf = TestRequest::post().uri(&to_bob).cookie(Cookie::new("kith_session", ann_s.clone())).set_form([("body", "Hi")]);
        let (status, _, _) = send!(&app, no_csrf);
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Sent, and in Bob's inbox unread, with a Report link on it.
        let (status, location, _) = send!(&app, post(&to_bob, Some(&ann_s), &[("body", "Fancy a walk?")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with(&to_bob));
        let (_, _, inbox) = send!(&app, get("/messages", Some(&bob_s)));
        assert!(inbox.contains("1 unread") && inbox.contains(&format!("/messages/{ann}")));
        let (_, _, conv) = send!(&app, get(&format!("/messages/{ann}"), Some(&bob_s)));
        assert!(conv.contains("Fancy a walk?") && conv.contains("href=\"/report/message/"));
        // Bob blocks Ann (after a confirmation page); Ann hears the neutral refusal.
        let (status, _, confirm) = send!(&app, get(&format!("/people/{ann}/block"), Some(&bob_s)));
        assert_eq!(status, StatusCode::OK);
        assert!(confirm.contains("they are not told"));
        let (status, _, _) = send!(&app, post(&format!("/people/{ann}/block"), Some(&bob_s), &[]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, body) = send!(&app, post(&to_bob, Some(&ann_s), &[("body", "Hello?")]));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains(community::messages::CANNOT_SEND) && !body.to_lowercase().contains("blocked"));
        let (_, _, list) = send!(&app, get("/account/blocked", Some(&bob_s)));
        assert!(list.contains(&format!("/people/{ann}/unblock")));
        let (status, _, _) = send!(&app, post(&format!("/people/{ann}/unblock"), Some(&bob_s), &[]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = send!(&app, post(&to_bob, Some(&ann_s), &[("body", "Hello again")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
    });
});

db_test!(fn contact_the_organisers_validates_and_confirms_without_showing_addresses(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (editor, _) = common::signed_in(&running, "editor@example.org", &[accounts::Role::Editor]);
    let (org, _) = common::signed_in(&running, "org@example.org", &[]);
    let (slug, _) = group(db, org, editor);
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let path = format!("/groups/{slug}/contact");
        let (_, _, listing_page) = send!(&app, get(&format!("/groups/{slug}"), None));
        assert!(listing_page.contains(&format!("href=\"{path}\"")));
        let (status, _, body) = send!(&app, post(&path, None, &[("name", ""), ("email", "nope"), ("message", "Hi there")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("id=\"name-error\"") && body.contains("id=\"email-error\"") && body.contains("Hi there"));
        let (status, _, body) = send!(&app, post(&path, None, &[("name", "Pat"), ("email", "pat@example.net"), ("message", "Is it free?")]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Your message has been sent"));
        let mail = mail::pending(&mut pool.get().unwrap(), 100).unwrap();
        let relayed = mail.iter().find(|m| m.to_address == "org@example.org").unwrap();
        assert!(!relayed.text_body.contains("pat@example.net"));
        let at = relayed.text_body.find("/contact/reply/").unwrap();
        let reply_path = relayed.text_body[at..at + "/contact/reply/".len() + 64].to_owned();
        let (status, _, page) = send!(&app, get(&reply_path, None));
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Is it free?") && !page.contains("pat@example.net"));
        assert!(page.contains("org@example.org"), "the organiser is told which address they may choose to show");
        let (status, _, page) = send!(&app, post(&reply_path, None, &[("body", "")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("id=\"body-error\""));
        let (status, _, _) = send!(&app, post(&reply_path, None, &[("body", "Yes, it is free.")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = send!(&app, get(&format!("/contact/reply/{}", "ab".repeat(32)), None));
        assert_eq!(status, StatusCode::NOT_FOUND);

        // After REPLY_LINK_DAYS the link says it has expired, and sends nothing.
        {
            use store::diesel::prelude::*;
            use store::schema::contact_messages;
            let long_ago = now() - chrono::Duration::days(community::contact::REPLY_LINK_DAYS + 1);
            store::diesel::update(contact_messages::table)
                .set(contact_messages::created_at.eq(long_ago))
                .execute(&mut pool.get().unwrap())
                .unwrap();
        }
        let (status, _, page) = send!(&app, get(&reply_path, None));
        assert_eq!(status, StatusCode::GONE);
        assert!(page.contains("This link has expired") && !page.contains("Is it free?"));
        let before = mail::pending(&mut pool.get().unwrap(), 100).unwrap().len();
        let (status, _, page) = send!(&app, post(&reply_path, None, &[("body", "Late answer")]));
        assert_eq!(status, StatusCode::GONE);
        assert!(page.contains("This link has expired"));
        assert_eq!(mail::pending(&mut pool.get().unwrap(), 100).unwrap().len(), before);
    });
});

db_test!(fn payloads_stay_text_in_messages_contact_messages_and_display_names(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (ann, ann_s) = common::signed_in(&running, "ann@example.org", &[]);
    let (bob, bob_s) = common::signed_in(&running, "bob@example.org", &[]);
    common::established(&running, ann);
    let (editor, _) = common::signed_in(&running, "editor@example.org", &[accounts::Role::Editor]);
    let (org, _) = common::signed_in(&running, "org@example.org", &[]);
    let (slug, gid) = group(db, org, editor);
    for p in [ann, bob] {
        community::groups::join(&mut db.conn(), p, gid, "", now()).unwrap();
    }
    profiles::save(&mut db.conn(), bob, &Settings { messages_from_groups: true, ..Settings::default() }, now()).unwrap();
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        for payload in PAYLOADS {
            // As a display name, seen by a co-member on the profile, in the inbox and the conversation.
            let (status, _, _) = send!(&app, post("/account/profile", Some(&ann_s), &[
                ("display_name", payload), ("name_visibility", "groups"), ("interests_visibility", "me"),
                ("borough", ""), ("borough_visibility", "me"), ("messages", "no"),
            ]));
            assert_eq!(status, StatusCode::SEE_OTHER, "{payload:?} as a name");
            // As a message body.
            let (status, _, _) = send!(&app, post(&format!("/messages/{bob}"), Some(&ann_s), &[("body", payload)]));
            assert_eq!(status, StatusCode::SEE_OTHER, "{payload:?} as a message");
            for uri in [format!("/people/{ann}"), "/messages".to_owned(), format!("/messages/{ann}")] {
                let (status, _, body) = send!(&app, get(&uri, Some(&bob_s)));
                assert_eq!(status, StatusCode::OK, "{uri}");
                assert!(inert(&body, payload), "{uri} shows {payload:?} as markup");
                assert!(body.contains(&maud::html! { (payload) }.into_string()), "{uri} shows {payload:?} as text");
            }
            // As a contact message and its sender's name, on the organiser's reply page.
            let (status, _, body) = send!(&app, post(&format!("/groups/{slug}/contact"), None, &[("name", payload), ("email", "x@example.net"), ("message", payload)]));
            assert_eq!(status, StatusCode::OK, "{payload:?} as a contact message");
            assert!(inert(&body, payload));
            let mail = mail::pending(&mut pool.get().unwrap(), 10_000).unwrap();
            let relayed = mail.iter().rev().find(|m| m.to_address == "org@example.org").unwrap();
            assert!(inert(&relayed.html_body, payload), "the organiser's email shows {payload:?} as markup");
            let at = relayed.text_body.find("/contact/reply/").unwrap();
            let reply_path = relayed.text_body[at..at + "/contact/reply/".len() + 64].to_owned();
            let (status, _, page) = send!(&app, get(&reply_path, None));
            assert_eq!(status, StatusCode::OK);
            assert!(inert(&page, payload), "the reply page shows {payload:?} as markup");
        }
    });
});
