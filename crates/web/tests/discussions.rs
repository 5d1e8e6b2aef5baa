//! Group discussions over HTTP, on both databases: what members,
//! non-members, organisers and people signed out see and may do; forms
//! that keep what was typed; CSRF; and the XSS corpus through titles,
//! posts and edits.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{init_service, TestRequest};
use chrono::NaiveDateTime;
use community::discussions as d;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::Kind;
use store::db_test;

#[macro_use]
mod common;

use common::{get, post, CSRF};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The id after `/discussions/` in a redirect.
fn thread_id(location: &str) -> i32 {
    let rest = location.split("/discussions/").nth(1).unwrap();
    rest.split(['?', '#', '/']).next().unwrap().parse().unwrap()
}

/// The ids of posts on a page, in order.
fn post_ids(body: &str) -> Vec<i32> {
    body.match_indices("id=\"post-")
        .map(|(i, m)| body[i + m.len()..].split('"').next().unwrap().parse().unwrap())
        .collect()
}

/// True when `html` shows `payload` only as text: no tag from it survives.
fn inert(html: &str, payload: &str) -> bool {
    !payload.contains('<') || !html.contains(payload)
}

struct People {
    organiser: String,
    ann: String,
    bob: String,
    cat: String,
}

/// The group "Walkers" of an organisation with an organiser; Ann and Bob
/// are members, Cat is signed in but has not joined.
fn fixture(db: &store::testing::TestDb, running: &common::Running) -> People {
    let (organiser_id, organiser) = common::signed_in(running, "org@example.org", &[]);
    let (ann_id, ann) = common::signed_in(running, "ann@example.org", &[]);
    let (bob_id, bob) = common::signed_in(running, "bob@example.org", &[]);
    let (_, cat) = common::signed_in(running, "cat@example.org", &[]);
    let t = now();
    let mut c = db.conn();
    let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let walkers = l::insert(&mut c, &g, &Tags::default()).unwrap();
    {
        use store::diesel::prelude::*;
        use store::schema::organisers;
        store::diesel::insert_into(organisers::table)
            .values((
                organisers::listing_id.eq(org.id),
                organisers::person_id.eq(organiser_id),
                organisers::added_at.eq(t),
            ))
            .execute(&mut c)
            .unwrap();
    }
    for p in [ann_id, bob_id] {
        community::groups::join(&mut c, p, walkers.id, "", t).unwrap();
    }
    {
        // Long-standing members: the safety rules for new accounts (rate
        // limits, links held) are tested in moderation.rs.
        use store::diesel::prelude::*;
        use store::schema::people;
        store::diesel::update(people::table)
            .set(people::created_at.eq(t - chrono::Duration::days(365)))
            .execute(&mut c)
            .unwrap();
    }
    People {
        organiser,
        ann,
        bob,
        cat,
    }
}

db_test!(fn members_talk_organisers_moderate_and_others_are_shown_the_way_in(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { organiser, ann, bob, cat } = fixture(db, &running);
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let list = "/groups/walkers/discussions";

        // The group's page links to its discussions.
        let (_, _, body) = send!(&app, get("/groups/walkers", None));
        assert!(body.contains(&format!("href=\"{list}\"")), "{body}");

        // Members-only: others see why and how to join, with a 403.
        let (status, _, body) = send!(&app, get(list, Some(&cat)));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("Only members of Walkers can read the group&#39;s discussions") || body.contains("Only members of Walkers can read the group's discussions"), "{body}");
        assert!(body.contains("href=\"/groups/walkers#joining\""));
        let (status, _, body) = send!(&app, get(list, None));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("/sign-in?next=/groups/walkers/discussions"), "{body}");

        // A member starts one; mistakes keep what was typed.
        let (status, _, body) = send!(&app, get(list, Some(&ann)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Nobody has started a discussion yet") && body.contains("Start the discussion"));
        assert!(!body.contains("Who can read these discussions"), "members do not choose");
        let long_title = "t".repeat(d::TITLE_MAX + 1);
        let (status, _, body) = send!(&app, post(list, Some(&ann), &[("title", &long_title), ("body", "Sunday <at> ten")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("There is a problem") && body.contains("The title must be 120 characters or fewer"));
        assert!(body.contains("Sunday &lt;at&gt; ten") && body.contains(&long_title), "kept");
        let (status, _, body) = send!(&app, post(list, Some(&ann), &[("title", "Sunday walk"), ("body", "")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter what you want to say") && body.contains("value=\"Sunday walk\""));
        let (status, location, _) = send!(&app, post(list, Some(&ann), &[("title", "Sunday walk"), ("body", "Meet at the gate.\nBring water: https://example.org/water.")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.ends_with("?posted=discussion"), "{location}");
        let id = thread_id(&location);
        let thread = format!("{list}/{id}");
        let (status, _, body) = send!(&app, get(&location, Some(&ann)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Your discussion has been started"));
        assert!(body.contains("Meet at the gate.<br>Bring water: <a href=\"https://example.org/water\" rel=\"nofollow ugc noopener\">https://example.org/water</a>."), "{body}");
        assert!(!body.contains("Lock this discussion"), "members do not moderate");

        // Others cannot read or post, and nobody signed out can post.
        let (status, _, _) = send!(&app, get(&thread, Some(&cat)));
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = send!(&app, post(&thread, Some(&cat), &[("body", "Let me in")]));
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, location, _) = send!(&app, post(&thread, None, &[("body", "Let me in")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?"));
        let (status, _, _) = send!(&app, post(list, Some(&cat), &[("title", "Mine"), ("body", "Hello")]));
        assert_eq!(status, StatusCode::FORBIDDEN);

        // A reply without the CSRF token changes nothing.
        let forged = TestRequest::post()
            .uri(&thread)
            .cookie(Cookie::new("kith_csrf", CSRF))
            .cookie(Cookie::new("kith_session", bob.clone()))
            .set_form(vec![("body", "Forged"), ("csrf", "ffffffffffffffffffffffffffffffffffffffffffffffff")]);
        let (status, _, _) = send!(&app, forged);
        assert_eq!(status, StatusCode::FORBIDDEN);
        let forged = TestRequest::post()
            .uri(&thread)
            .cookie(Cookie::new("kith_session", bob.clone()))
            .set_form(vec![("body", "Forged")]);
        let (status, _, _) = send!(&app, forged);
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Bob replies: a confirmation, and Ann is emailed.
        let (status, _, body) = send!(&app, post(&thread, Some(&bob), &[("body", &"x".repeat(d::BODY_MAX + 1))]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Your post must be 5000 characters or fewer"));
        assert!(body.contains(&"x".repeat(d::BODY_MAX + 1)), "what was typed is kept");
        let (status, location, _) = send!(&app, post(&thread, Some(&bob), &[("body", "I'll bring flapjacks")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.contains("?page=1&posted=reply#post-"), "{location}");
        let (_, _, body) = send!(&app, get(&location, Some(&bob)));
        assert!(body.contains("Your reply has been posted") && body.contains("1 reply"));
        assert!(body.contains("I&#39;ll bring flapjacks") || body.contains("I'll bring flapjacks"));
        let posts = post_ids(&body);
        assert_eq!(posts.len(), 2);
        let (first, reply) = (posts[0], posts[1]);
        {
            let mut c = pool.get().unwrap();
            let to_ann: Vec<_> = mail::pending(&mut c, 100).unwrap().into_iter().filter(|m| m.to_address == "ann@example.org").collect();
            assert_eq!(to_ann.len(), 1);
            assert!(to_ann[0].text_body.contains(&format!("/groups/walkers/discussions/{id}?page=1#post-{reply}")));
            assert!(mail::pending(&mut c, 100).unwrap().iter().all(|m| m.to_address != "bob@example.org"));
        }

        // Ann can stop those emails from the list page the email links to.
        let (_, _, body) = send!(&app, get(list, Some(&ann)));
        assert!(body.contains("id=\"emails\"") && body.contains("Stop emailing me about replies"));
        let (status, location, _) = send!(&app, post(&format!("{list}/emails"), Some(&ann), &[("emails", "no")]));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/groups/walkers/discussions#emails"));
        let (_, _, body) = send!(&app, get(list, Some(&ann)));
        assert!(body.contains("Email me about replies again"));
        send!(&app, post(&thread, Some(&bob), &[("body", "Still there?")]));
        {
            let mut c = pool.get().unwrap();
            assert_eq!(mail::pending(&mut c, 100).unwrap().iter().filter(|m| m.to_address == "ann@example.org").count(), 1);
        }
        send!(&app, post(&format!("{list}/emails"), Some(&ann), &[("emails", "yes")]));
        let (status, _, _) = send!(&app, post(&format!("{list}/emails"), Some(&cat), &[("emails", "no")]));
        assert_eq!(status, StatusCode::FORBIDDEN, "not a member");

        // The organiser (not a member) moderates: hide, pin, lock.
        let (status, _, body) = send!(&app, get(&thread, Some(&organiser)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Lock this discussion") && body.contains("Pin this discussion to the top") && body.contains("Hide this post"));
        assert!(!body.contains("Post your reply"), "only members post");
        let (status, location, _) = send!(&app, post(&format!("{list}/posts/{reply}/hide"), Some(&ann), &[("hidden", "yes")]));
        assert_eq!((status, location.as_str()), (StatusCode::FORBIDDEN, ""), "members cannot hide");
        let (status, location, _) = send!(&app, post(&format!("{list}/posts/{reply}/hide"), Some(&organiser), &[("hidden", "yes")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("{thread}#post-{reply}"));
        let (_, _, body) = send!(&app, get(&thread, Some(&ann)));
        assert!(body.contains(d::HIDDEN_POST) && !body.contains("flapjacks"));
        let (_, _, body) = send!(&app, get(&thread, Some(&organiser)));
        assert!(body.contains("flapjacks") && body.contains("Show this post again"));
        send!(&app, post(&format!("{list}/posts/{reply}/hide"), Some(&organiser), &[("hidden", "no")]));
        let (_, _, body) = send!(&app, get(&thread, Some(&ann)));
        assert!(body.contains("flapjacks"));

        let (status, _, _) = send!(&app, post(&format!("{thread}/pin"), Some(&bob), &[("pinned", "yes")]));
        assert_eq!(status, StatusCode::FORBIDDEN);
        send!(&app, post(&format!("{thread}/pin"), Some(&organiser), &[("pinned", "yes")]));
        let (_, _, body) = send!(&app, get(list, Some(&ann)));
        assert!(body.contains("Pinned") && body.contains("Sunday walk") && body.contains("2 replies"));
        let (status, _, _) = send!(&app, post(&format!("{thread}/pin"), Some(&organiser), &[("pinned", "maybe")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);

        send!(&app, post(&format!("{thread}/lock"), Some(&organiser), &[("locked", "yes")]));
        let (status, _, body) = send!(&app, post(&thread, Some(&bob), &[("body", "One more thing")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains(d::LOCKED) && body.contains("One more thing"), "refused with a clear message, text kept");
        let (_, _, body) = send!(&app, get(&thread, Some(&bob)));
        assert!(body.contains(d::LOCKED) && !body.contains("Post your reply"));
        send!(&app, post(&format!("{thread}/lock"), Some(&organiser), &[("locked", "no")]));

        // Ann edits her post; the organiser sees what it said before.
        let edit = format!("{list}/posts/{first}/edit");
        let history = format!("{list}/posts/{first}/history");
        let (status, _, _) = send!(&app, get(&edit, Some(&bob)));
        assert_eq!(status, StatusCode::FORBIDDEN, "only the author edits");
        let (status, _, body) = send!(&app, get(&edit, Some(&ann)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Meet at the gate.") && body.contains("value=\"Sunday walk\""));
        let (status, _, body) = send!(&app, post(&edit, Some(&ann), &[("title", "Saturday walk"), ("body", "  ")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter what you want to say") && body.contains("value=\"Saturday walk\""));
        let (status, location, _) = send!(&app, post(&edit, Some(&ann), &[("title", "Saturday walk"), ("body", "Meet at the lake.")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("{thread}?posted=edit#post-{first}"));
        let (_, _, body) = send!(&app, get(&location, Some(&bob)));
        assert!(body.contains("Your changes have been saved") && body.contains("Saturday walk"));
        assert!(body.contains("edited") && !body.contains(&history), "members see the mark, not the history");
        let (_, _, body) = send!(&app, get(&thread, Some(&organiser)));
        assert!(body.contains(&format!("href=\"{history}\"")));
        let (status, _, body) = send!(&app, get(&history, Some(&organiser)));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Meet at the gate.") && body.contains("Sunday walk") && body.contains("Meet at the lake."));
        let (status, _, _) = send!(&app, get(&history, Some(&ann)));
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Bad addresses are 404s and bad pages 400s, never 500s.
        for bad in [
            format!("{list}/abc"),
            format!("{list}/999999"),
            format!("{list}/99999999999999999999"),
            format!("{list}/posts/999999/edit"),
            format!("{list}/posts/x/history"),
            "/groups/none-such/discussions".to_owned(),
            "/groups/..%2F/discussions".to_owned(),
        ] {
            let (status, _, _) = send!(&app, get(&bad, Some(&ann)));
            assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        }
        for (title, body) in [("Nul \0", "Fine"), ("Fine", "Nul \0"), ("Tab\there", "Fine")] {
            let (status, _, page) = send!(&app, post(list, Some(&ann), &[("title", title), ("body", body)]));
            assert_eq!(status, StatusCode::BAD_REQUEST, "{title:?} {body:?}");
            assert!(page.contains("There is a problem"));
        }
        let (status, _, _) = send!(&app, get(&format!("{list}?page=abc"), Some(&ann)));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = send!(&app, post(&format!("{list}/999999"), Some(&ann), &[("body", "Hi")]));
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Opened to everyone: anyone reads; still only members write.
        let (status, _, _) = send!(&app, post(&format!("{list}/settings"), Some(&ann), &[("public", "yes")]));
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, _, body) = send!(&app, get(list, Some(&organiser)));
        assert!(body.contains("Who can read these discussions"));
        let (status, _, _) = send!(&app, post(&format!("{list}/settings"), Some(&organiser), &[("public", "yes")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        for who in [None, Some(cat.as_str())] {
            let (status, _, body) = send!(&app, get(&thread, who));
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("Meet at the lake.") && !body.contains("Post your reply"));
            assert!(body.contains("Only members of Walkers can reply") || body.contains("a member of Walkers to reply"), "{body}");
        }
        let (status, _, _) = send!(&app, post(&thread, Some(&cat), &[("body", "Hi")]));
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
});

db_test!(fn script_payloads_in_titles_posts_and_edits_stay_text(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { organiser, ann, bob, .. } = fixture(db, &running);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let list = "/groups/walkers/discussions";
        for payload in common::XSS_PAYLOADS {
            let body = format!("{payload}\nhttps://example.org/{payload}");
            let (status, location, page) = send!(&app, post(list, Some(&ann), &[("title", payload), ("body", &body)]));
            assert_eq!(status, StatusCode::SEE_OTHER, "{payload}: {page}");
            let thread = format!("{list}/{}", thread_id(&location));
            let (status, _, _) = send!(&app, post(&thread, Some(&bob), &[("body", payload)]));
            assert_eq!(status, StatusCode::SEE_OTHER);
            let (_, _, page) = send!(&app, get(&thread, Some(&ann)));
            let first = post_ids(&page)[0];
            let edited = format!("{payload} (edited) {payload}");
            let (status, _, _) = send!(&app, post(&format!("{list}/posts/{first}/edit"), Some(&ann), &[("title", &edited), ("body", &edited)]));
            assert_eq!(status, StatusCode::SEE_OTHER);
            // Also the forms that come back with an error keep it as text.
            let (_, _, refused) = send!(&app, post(list, Some(&ann), &[("title", payload), ("body", "")]));
            let (_, _, edit_form) = send!(&app, get(&format!("{list}/posts/{first}/edit"), Some(&ann)));
            let (_, _, history) = send!(&app, get(&format!("{list}/posts/{first}/history"), Some(&organiser)));
            let (_, _, listed) = send!(&app, get(list, Some(&bob)));
            let (_, _, moderated) = send!(&app, get(&thread, Some(&organiser)));
            for (what, html) in [("thread", &page), ("moderated", &moderated), ("list", &listed), ("history", &history), ("edit form", &edit_form), ("refused form", &refused)] {
                assert!(inert(html, payload), "{payload} survives in the {what}: {html}");
                assert!(!html.contains("<script>alert"), "{what}");
            }
            assert!(history.contains("rel=\"nofollow ugc noopener\""));
        }
    });
});

db_test!(fn replies_come_fifty_a_page_oldest_first(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { ann, bob, .. } = fixture(db, &running);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let list = "/groups/walkers/discussions";
        let (_, location, _) = send!(&app, post(list, Some(&ann), &[("title", "Long one"), ("body", "Start")]));
        let thread = format!("{list}/{}", thread_id(&location));
        let mut last = String::new();
        for i in 1..=51 {
            let (status, location, _) = send!(&app, post(&thread, Some(&bob), &[("body", &format!("Reply number {i}."))]));
            assert_eq!(status, StatusCode::SEE_OTHER);
            last = location;
        }
        assert!(last.contains("?page=2&"), "{last}");
        let (_, _, body) = send!(&app, get(&thread, Some(&ann)));
        assert!(body.contains("51 replies") && body.contains("Reply number 1.") && body.contains("Reply number 50."));
        assert!(!body.contains("Reply number 51."));
        assert!(body.contains(&format!("href=\"{thread}?page=2\" rel=\"next\"")), "{body}");
        assert_eq!(post_ids(&body).len(), 51, "the first post and fifty replies");
        let (_, _, body) = send!(&app, get(&format!("{thread}?page=2"), Some(&ann)));
        assert!(body.contains("Reply number 51.") && body.contains("Start"));
        assert_eq!(post_ids(&body).len(), 2);
    });
});

db_test!(fn a_busy_page_kept_for_its_readers_shows_every_change_at_once(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { organiser, ann, bob, .. } = fixture(db, &running);
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let list = "/groups/walkers/discussions";
        send!(&app, post(&format!("{list}/settings"), Some(&organiser), &[("public", "yes")]));
        let (_, location, _) = send!(&app, post(list, Some(&ann), &[("title", "Allotment day"), ("body", "Who can dig?")]));
        let thread = format!("{list}/{}", thread_id(&location));
        let (_, location, _) = send!(&app, post(&thread, Some(&bob), &[("body", "I can dig on Tuesday")]));
        let reply: i32 = location.rsplit("#post-").next().unwrap().parse().unwrap();

        // Read by someone signed out, then changed through the site: the
        // next read shows each change.
        let (_, _, body) = send!(&app, get(&thread, None));
        assert!(body.contains("I can dig on Tuesday") && !body.contains(">bob<"), "{body}");
        send!(&app, post(&thread, Some(&ann), &[("body", "Lovely, see you there")]));
        let (_, _, body) = send!(&app, get(&thread, None));
        assert!(body.contains("Lovely, see you there") && body.contains("2 replies"), "a new reply");
        send!(&app, post("/account/profile", Some(&bob), &[
            ("display_name", "Bob the digger"),
            ("name_visibility", "everyone"),
            ("interests_visibility", "me"),
            ("borough", ""),
            ("borough_visibility", "me"),
            ("messages", "no"),
        ]));
        let (_, _, body) = send!(&app, get(&thread, None));
        assert!(body.contains("Bob the digger"), "a name shown to everyone, at once");
        send!(&app, post(&format!("{list}/posts/{reply}/hide"), Some(&organiser), &[("hidden", "yes")]));
        let (_, _, body) = send!(&app, get(&thread, None));
        assert!(body.contains(d::HIDDEN_POST) && !body.contains("I can dig on Tuesday"), "hidden at once");
        let (_, _, body) = send!(&app, get(&thread, Some(&organiser)));
        assert!(body.contains("I can dig on Tuesday"), "organisers still read it");

        // A reader's own part of the page (whom they blocked) is kept for
        // them too, and forgotten as they change it.
        send!(&app, post(&format!("{list}/posts/{reply}/hide"), Some(&organiser), &[("hidden", "no")]));
        let (_, _, body) = send!(&app, get(&thread, Some(&ann)));
        assert!(body.contains("I can dig on Tuesday") && !body.contains("you blocked this person"));
        let bob_id: i32 = {
            use store::diesel::prelude::*;
            use store::schema::people;
            let mut c = pool.get().unwrap();
            people::table.filter(people::email.eq("bob@example.org")).select(people::id).first(&mut c).unwrap()
        };
        let (status, _, _) = send!(&app, post(&format!("/people/{bob_id}/block"), Some(&ann), &[]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, body) = send!(&app, get(&thread, Some(&ann)));
        assert!(body.contains("you blocked this person") && !body.contains("I can dig on Tuesday"), "blocked at once");
        let (_, _, body) = send!(&app, get(&thread, None));
        assert!(body.contains("I can dig on Tuesday"), "for her alone");

        // A change made outside this process (another server, a command)
        // shows within a few seconds.
        {
            use store::diesel::prelude::*;
            use store::schema::discussion_threads;
            let mut c = pool.get().unwrap();
            store::diesel::update(discussion_threads::table.filter(discussion_threads::title.eq("Allotment day")))
                .set(discussion_threads::title.eq("Allotment morning"))
                .execute(&mut c)
                .unwrap();
        }
        std::thread::sleep(web::remember::REMEMBERED_FOR + std::time::Duration::from_millis(100));
        let (_, _, body) = send!(&app, get(&thread, None));
        assert!(body.contains("Allotment morning"), "{body}");
    });
});
