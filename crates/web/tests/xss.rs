//! A corpus of script-injection payloads typed into every account text
//! field comes back as inert text everywhere it is shown: pages, emails and
//! JSON.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use store::db_test;

#[macro_use]
mod common;

/// The corpus lives in `common`, so every page's tests can use it.
use common::XSS_PAYLOADS as PAYLOADS;

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

db_test!(fn payloads_in_listing_fields_stay_text_in_pages_search_json_diffs_and_emails(db) {
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    use directory::publishing as p;
    use directory::Kind;
    let now = chrono::Utc::now().naive_utc();
    let mut groups = Vec::new();
    {
        let mut conn = db.conn();
        for (i, payload) in PAYLOADS.iter().enumerate() {
            let mut g = listing(Kind::Group, &format!("Zebra club {i} {payload}"), 22, now);
            g.slug = format!("zebra-club-{i}");
            g.summary = (*payload).to_owned();
            g.description = format!("{payload}\n\nhttps://example.org/{payload}");
            g.first_visit = (*payload).to_owned();
            g.contact_name = (*payload).to_owned();
            g.cost_note = (*payload).to_owned();
            g.address = (*payload).to_owned();
            groups.push((l::insert(&mut conn, &g, &Tags::default()).unwrap(), *payload));
        }
    }
    let running = common::start(db);
    let state = running.state.clone();
    let (editor, editor_s) = common::signed_in(&running, "editor@example.org", &[accounts::Role::Editor]);
    let (organiser, _) = common::signed_in(&running, "organiser@example.org", &[]);
    let mut proposals = Vec::new();
    {
        let mut conn = db.conn();
        let org = l::insert(&mut conn, &listing(Kind::Organisation, "Zebra Friends", 22, now), &Tags::default()).unwrap();
        p::add_organiser(&mut conn, editor, org.id, organiser, now).unwrap();
        for (g, payload) in &groups {
            diesel_set_org(&mut conn, g.id, org.id);
            let g = l::get(&mut conn, g.id).unwrap();
            let mut snapshot = p::Snapshot::of_listing(&mut conn, &g).unwrap();
            snapshot.fields.summary = format!("changed {payload}");
            if let p::Submitted::Proposed { proposal, .. } = p::submit(&mut conn, Some(g.id), &snapshot, organiser, now).unwrap() {
                proposals.push((proposal, *payload));
            }
            let form = p::ReportForm { kind: "something_else".into(), details: (*payload).to_owned(), reporter_email: String::new(), reporter: None };
            p::report_problem(&mut conn, &running.state.accounts.site, g.id, &form, now).unwrap();
        }
    }
    assert_eq!(proposals.len(), groups.len(), "every change waits for review");
    // The indexer follows the change log; give it a moment to see the groups.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while running.index.len() < groups.len() as u64 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        let search = text(&read_body(call_service(&app, TestRequest::get().uri("/search?q=zebra&per_page=50").to_request()).await).await);
        let borough = text(&read_body(call_service(&app, TestRequest::get().uri("/boroughs/lambeth?kind=group").to_request()).await).await);
        let api = call_service(&app, TestRequest::get().uri("/api/search?q=zebra&per_page=50").to_request()).await;
        assert!(api.headers().get("content-type").unwrap().to_str().unwrap().starts_with("application/json"));
        let json: serde_json::Value = serde_json::from_slice(&read_body(api).await).unwrap();
        let names: Vec<String> = json["results"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect();
        for (g, payload) in &groups {
            let page = text(&read_body(call_service(&app, TestRequest::get().uri(&format!("/groups/{}", g.slug)).to_request()).await).await);
            assert!(page.contains("Zebra club"), "{} is shown", g.slug);
            for (what, html) in [("listing page", &page), ("search page", &search), ("borough page", &borough)] {
                assert!(inert(html, payload), "{what} shows {payload:?} as markup");
            }
            assert!(names.contains(&g.name), "JSON carries {:?} exactly", g.name);
        }
        let editor_get = |uri: String| TestRequest::get().uri(&uri).cookie(Cookie::new("kith_session", editor_s.clone())).to_request();
        let queue = text(&read_body(call_service(&app, editor_get("/editor".into())).await).await);
        for (proposal, payload) in &proposals {
            let diff = text(&read_body(call_service(&app, editor_get(format!("/editor/proposals/{proposal}"))).await).await);
            assert!(diff.contains("changed"), "the diff shows the change");
            assert!(inert(&diff, payload) && inert(&queue, payload), "editor pages show {payload:?} as markup");
        }
        let mut conn = running.state.pool.get().unwrap();
        let emails = mail::pending(&mut conn, 1000).unwrap();
        assert!(emails.len() >= groups.len(), "each problem report emailed the organiser");
        for m in emails {
            for (_, payload) in &groups {
                assert!(inert(&m.html_body, payload), "email {:?} shows {payload:?} as markup", m.subject);
            }
        }
    });
});

db_test!(fn payloads_in_discussions_and_group_names_stay_text_on_group_discussion_search_and_my_groups_pages(db) {
    use community::discussions as d;
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    use directory::Kind;
    let now = chrono::Utc::now().naive_utc();
    let running = common::start(db);
    let state = running.state.clone();
    let (member, member_s) = common::signed_in(&running, "member@example.org", &[]);
    let (other, _) = common::signed_in(&running, "other@example.org", &[]);
    common::established(&running, member);
    common::established(&running, other);
    let actor = |id: i32| accounts::Actor {
        person_id: id,
        roles: accounts::Roles::default(),
        verified: true,
        organiser_of: Vec::new(),
    };
    // Each payload as a group's name, a discussion's title, its first post
    // and a reply, in that group.
    let mut talks = Vec::new();
    {
        let mut conn = db.conn();
        for (i, payload) in PAYLOADS.iter().enumerate() {
            let mut g = listing(Kind::Group, &format!("Otter club {i} {payload}"), 22, now);
            g.slug = format!("otter-club-{i}");
            let group = l::insert(&mut conn, &g, &Tags::default()).unwrap();
            community::groups::join(&mut conn, member, group.id, "", now).unwrap();
            community::groups::join(&mut conn, other, group.id, "", now).unwrap();
            let a = d::access(&mut conn, Some(&actor(member)), group.id).unwrap();
            let thread = d::start(&mut conn, &running.state.accounts.site, &a, payload, &format!("{payload}\nsee https://example.org/{payload}"), now).unwrap();
            let b = d::access(&mut conn, Some(&actor(other)), group.id).unwrap();
            d::reply(&mut conn, &running.state.accounts.site, &b, thread, &format!("re: {payload}"), now).unwrap();
            talks.push((group, thread, *payload));
        }
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while running.index.len() < talks.len() as u64 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str| TestRequest::get().uri(uri).cookie(Cookie::new("kith_session", member_s.clone())).to_request();
        let page = async |uri: &str| {
            let resp = call_service(&app, get(uri)).await;
            assert!(resp.status().is_success(), "{uri}: {}", resp.status());
            String::from_utf8(read_body(resp).await.to_vec()).unwrap()
        };
        let search = page("/search?q=otter&per_page=50").await;
        let mine = page("/my/groups").await;
        for (group, thread, payload) in &talks {
            assert!(search.contains(&format!("/groups/{}", group.slug)), "search finds {}", group.slug);
            assert!(mine.contains(&format!("/groups/{}", group.slug)), "my groups lists {}", group.slug);
            let shown = maud::html! { (payload) }.into_string();
            let group_page = page(&format!("/groups/{}", group.slug)).await;
            let list = page(&format!("/groups/{}/discussions", group.slug)).await;
            let talk = page(&format!("/groups/{}/discussions/{thread}", group.slug)).await;
            assert!(talk.contains(&format!("re: {shown}")), "the reply is shown as text");
            assert!(list.contains(&shown), "the title is shown as text in the list");
            for (what, html) in [
                ("search cards", &search),
                ("my groups", &mine),
                ("group page", &group_page),
                ("discussion list", &list),
                ("discussion", &talk),
            ] {
                assert!(inert(html, payload), "{what} shows {payload:?} as markup");
            }
        }
    });
});

/// Puts a fixture group under an organisation (fixtures have none).
fn diesel_set_org(conn: &mut store::AnyConnection, listing: i32, org: i32) {
    use store::diesel::prelude::*;
    use store::schema::listings;
    store::diesel::update(listings::table.find(listing))
        .set(listings::organisation_id.eq(Some(org)))
        .execute(conn)
        .unwrap();
}
