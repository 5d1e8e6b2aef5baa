//! Reporting and moderating over HTTP, on both databases: the report
//! form (validation next to the fields, CSRF, one open report each), the
//! moderators' report page with notes and decisions, the queues and log,
//! held posts and new accounts' limits, and the XSS corpus through a
//! report's details and moderators' notes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{init_service, TestRequest};
use chrono::NaiveDateTime;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::Kind;
use store::db_test;

#[macro_use]
mod common;

use common::{get, post};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// True when `html` shows `payload` only as text: no tag from it survives.
fn inert(html: &str, payload: &str) -> bool {
    !payload.contains('<') || !html.contains(payload)
}

struct People {
    organiser: String,
    editor: String,
    /// A member whose account was made today.
    ann: String,
    /// A member for a year.
    bob: String,
    bob_id: i32,
}

/// The group "Walkers" of an organisation with its organiser, two members
/// and an editor.
fn fixture(db: &store::testing::TestDb, running: &common::Running) -> People {
    use store::diesel::prelude::*;
    use store::schema::{organisers, people};
    let (organiser_id, organiser) = common::signed_in(running, "org@example.org", &[]);
    let (_, editor) = common::signed_in(running, "editor@example.org", &[accounts::Role::Editor]);
    let (ann_id, ann) = common::signed_in(running, "ann@example.org", &[]);
    let (bob_id, bob) = common::signed_in(running, "bob@example.org", &[]);
    let t = now();
    let mut c = db.conn();
    let org = l::insert(&mut c, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let walkers = l::insert(&mut c, &g, &Tags::default()).unwrap();
    store::diesel::insert_into(organisers::table)
        .values((
            organisers::listing_id.eq(org.id),
            organisers::person_id.eq(organiser_id),
            organisers::added_at.eq(t),
        ))
        .execute(&mut c)
        .unwrap();
    for p in [ann_id, bob_id] {
        community::groups::join(&mut c, p, walkers.id, "", t).unwrap();
    }
    store::diesel::update(people::table.filter(people::id.ne(ann_id)))
        .set(people::created_at.eq(t - chrono::Duration::days(365)))
        .execute(&mut c)
        .unwrap();
    People {
        organiser,
        editor,
        ann,
        bob,
        bob_id,
    }
}

/// Bob starts a discussion; its path and first post's id.
macro_rules! bobs_thread {
    ($app:expr, $bob:expr) => {{
        let list = "/groups/walkers/discussions";
        let (status, location, _) = send!(
            $app,
            post(
                list,
                Some($bob),
                &[("title", "Sunday walk"), ("body", "Who is coming on Sunday?")]
            )
        );
        assert_eq!(status, StatusCode::SEE_OTHER);
        let thread = location.split('?').next().unwrap().to_owned();
        let (_, _, page) = send!($app, get(&thread, Some($bob)));
        let id: i32 = page
            .split("id=\"post-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        (thread, id)
    }};
}

db_test!(fn the_report_form_checks_what_was_sent_and_takes_one_report_each(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { ann, bob, bob_id, .. } = fixture(db, &running);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (thread, post_id) = bobs_thread!(&app, &bob);
        let (_, _, page) = send!(&app, get(&thread, Some(&ann)));
        assert!(page.contains(&format!("href=\"/report/post/{post_id}\"")), "a Report link beside the post");
        assert!(page.contains(&format!("href=\"/report/person/{bob_id}\"")), "and for the person named");
        let (_, _, own) = send!(&app, get(&thread, Some(&bob)));
        assert!(!own.contains("/report/post/"), "not beside one's own posts");
        let (_, _, group_page) = send!(&app, get("/groups/walkers", Some(&ann)));
        assert!(group_page.contains("href=\"/report/group/"), "on the group's page");

        let form = format!("/report/post/{post_id}");
        let (status, location, _) = send!(&app, get(&form, None));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in"), "signed in only");
        let (status, _, page) = send!(&app, get(&form, Some(&ann)));
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Who is coming on Sunday?") && page.contains("It is unkind or bullying"));
        let (status, _, _) = send!(&app, get("/report/message/1", Some(&ann)));
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Without the CSRF token nothing is sent.
        let req = TestRequest::post().uri(&form).cookie(Cookie::new("kith_session", ann.clone())).set_form([("reason", "unkind")]);
        let (status, _, _) = send!(&app, req);
        assert_eq!(status, StatusCode::FORBIDDEN);
        // No reason: the message in the summary and by the field, the details kept.
        let (status, _, page) = send!(&app, post(&form, Some(&ann), &[("details", "He keeps doing this")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(page.matches("Choose why you are reporting this").count(), 2, "{page}");
        assert!(page.contains("He keeps doing this"));
        let (status, _, page) = send!(&app, post(&form, Some(&ann), &[("reason", "unkind"), ("details", "Nul \0")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("characters that cannot be shown"));

        let (status, location, _) = send!(&app, post(&form, Some(&ann), &[("reason", "unkind"), ("details", "He keeps doing this")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("{form}/sent"));
        let (status, _, page) = send!(&app, get(&location, Some(&ann)));
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Thank you for your report"));
        // Once is enough while it is open, and she is told so kindly.
        let (_, _, page) = send!(&app, get(&form, Some(&ann)));
        assert!(page.contains(community::moderation::ALREADY_REPORTED) && !page.contains("Send the report"));
        let (status, _, page) = send!(&app, post(&form, Some(&ann), &[("reason", "spam")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains(community::moderation::ALREADY_REPORTED));
    });
});

db_test!(fn moderators_read_reports_write_notes_and_decide_and_user_text_stays_text(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { organiser, editor, ann, bob, .. } = fixture(db, &running);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (thread, post_id) = bobs_thread!(&app, &bob);
        let details = common::XSS_PAYLOADS.join("\n");
        let (status, _, _) = send!(&app, post(&format!("/report/post/{post_id}"), Some(&ann), &[("reason", "unsafe"), ("details", &details)]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, queue) = send!(&app, get("/moderation", Some(&editor)));
        assert_eq!(status, StatusCode::OK);
        let report = queue.split("href=\"/moderation/reports/").nth(1).unwrap().split('"').next().unwrap().to_owned();
        assert!(queue.contains("It is unsafe or worrying") && queue.contains("Who is coming on Sunday?"));
        let (status, _, _) = send!(&app, get("/moderation", Some(&organiser)));
        assert_eq!(status, StatusCode::FORBIDDEN, "organisers have their own queue");
        let (status, _, mine) = send!(&app, get("/organise/reports", Some(&organiser)));
        assert_eq!(status, StatusCode::OK);
        assert!(mine.contains(&format!("/moderation/reports/{report}")));
        let page_path = format!("/moderation/reports/{report}");
        let (status, _, _) = send!(&app, get(&page_path, Some(&ann)));
        assert_eq!(status, StatusCode::FORBIDDEN);

        for payload in common::XSS_PAYLOADS {
            let (status, _, _) = send!(&app, post(&format!("{page_path}/notes"), Some(&organiser), &[("note", payload)]));
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (status, _, page) = send!(&app, get(&page_path, Some(&organiser)));
        assert_eq!(status, StatusCode::OK);
        for payload in common::XSS_PAYLOADS {
            assert!(inert(&page, payload), "{payload} survives on the report page");
        }
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("Hide the post") && !page.contains("Suspend their account"), "organisers do not suspend");
        let (_, _, as_editor) = send!(&app, get(&page_path, Some(&editor)));
        assert!(as_editor.contains("Suspend their account") && as_editor.contains("Ban them from the site"));

        // Mistakes come back next to their fields, keeping what was typed.
        let (status, _, page) = send!(&app, post(&format!("{page_path}/notes"), Some(&organiser), &[("note", " ")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(page.matches("Enter your note").count(), 2);
        let (status, _, page) = send!(&app, post(&format!("{page_path}/decision"), Some(&organiser), &[("decision", "hide"), ("why", "")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(page.matches("Enter the reason for your decision").count(), 2);
        let (status, _, page) = send!(&app, post(&format!("{page_path}/decision"), Some(&editor), &[("decision", "suspend"), ("days", "0"), ("why", "Kept on")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Enter a number of days from 1 to 365") && page.contains("Kept on"));
        let (status, _, page) = send!(&app, post(&format!("{page_path}/decision"), Some(&organiser), &[("decision", "ban_site"), ("why", "No")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Only the site"));

        let (status, location, _) = send!(&app, post(&format!("{page_path}/decision"), Some(&organiser), &[("decision", "hide"), ("why", "Worrying <b>words</b>")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, page_path);
        let (_, _, seen) = send!(&app, get(&thread, Some(&ann)));
        assert!(seen.contains(community::discussions::HIDDEN_POST));
        let (status, _, log) = send!(&app, get("/moderation/log", Some(&editor)));
        assert_eq!(status, StatusCode::OK);
        assert!(log.contains("Hid a post") && log.contains("Worrying &lt;b&gt;words&lt;/b&gt;") && log.contains("bob"));
        let (status, _, _) = send!(&app, get("/moderation/log", Some(&organiser)));
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
});

db_test!(fn a_new_accounts_link_waits_for_a_moderator_and_its_posts_are_limited(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { ann, bob, .. } = fixture(db, &running);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (thread, _) = bobs_thread!(&app, &bob);
        let (status, location, _) = send!(&app, post(&thread, Some(&ann), &[("body", "Map: https://example.org/route")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.contains("posted=held"), "{location}");
        let (_, _, hers) = send!(&app, get(&location, Some(&ann)));
        assert!(hers.contains("https://example.org/route") && hers.contains("Waiting for a moderator") && hers.contains("waiting for a moderator to look at it"));
        let (_, _, his) = send!(&app, get(&thread, Some(&bob)));
        assert!(!his.contains("example.org/route"), "hidden from everyone else");
        // Four more are fine; the sixth in the hour comes back with a
        // message by the field, keeping what she wrote.
        for i in 1..5 {
            let (status, _, _) = send!(&app, post(&thread, Some(&ann), &[("body", &format!("Hello {i}"))]));
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (status, _, page) = send!(&app, post(&thread, Some(&ann), &[("body", "My sixth post")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(page.matches("New accounts can send 5 posts in an hour").count(), 2, "{page}");
        assert!(page.contains("My sixth post"));
    });
});

/// The queued emails to `to`, as (subject, text).
fn mail_to(db: &store::testing::TestDb, to: &str) -> Vec<(String, String)> {
    mail::pending(&mut db.conn(), 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.to_address == to)
        .map(|e| (e.subject, e.text_body))
        .collect()
}

db_test!(fn moderators_are_emailed_the_person_is_told_and_a_suspension_can_be_lifted(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let People { organiser, editor, ann, bob, bob_id } = fixture(db, &running);
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        // The queues are in the navigation and on the organisers' dashboard.
        let (_, _, page) = send!(&app, get("/my/groups", Some(&editor)));
        assert!(page.contains("href=\"/moderation\"") && page.contains(">Moderation</a>"), "editors see Moderation in the header, with no count while nothing is open: {page}");
        let (_, _, page) = send!(&app, get("/my/groups", Some(&ann)));
        assert!(!page.contains("href=\"/moderation\""), "members do not");
        let (_, _, dash) = send!(&app, get("/organise", Some(&organiser)));
        assert!(dash.contains("href=\"/organise/reports\"") && dash.contains("0 open reports"), "{dash}");
        let (_, _, dash) = send!(&app, get("/organise", Some(&ann)));
        assert!(!dash.contains("href=\"/organise/reports\""), "not for someone who runs nothing");

        let (thread, post_id) = bobs_thread!(&app, &bob);
        let (status, _, _) = send!(&app, post(&format!("/report/post/{post_id}"), Some(&ann), &[("reason", "unkind"), ("details", "")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, queue) = send!(&app, get("/moderation", Some(&editor)));
        let report: i32 = queue.split("href=\"/moderation/reports/").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let link = format!("http://127.0.0.1:8080/moderation/reports/{report}");
        for to in ["org@example.org", "editor@example.org"] {
            let got = mail_to(db, to);
            assert_eq!(got.len(), 1, "one email to {to}");
            assert!(got[0].0.starts_with("New report: A post by bob in Walkers") && got[0].1.contains(&link), "{got:?}");
        }
        assert!(mail_to(db, "ann@example.org").is_empty() && mail_to(db, "bob@example.org").is_empty());
        let (_, _, dash) = send!(&app, get("/organise", Some(&organiser)));
        assert!(dash.contains("1 open report)"), "the count on the dashboard");
        let (_, _, page) = send!(&app, get("/my/groups", Some(&editor)));
        assert!(
            page.contains("Moderation (1<span class=\"kith-visually-hidden\"> open report</span>)</a>"),
            "and on the editor's header link: {page}"
        );

        // Suspended: Bob is told until when and why, and cannot post.
        let page_path = format!("/moderation/reports/{report}");
        let (status, _, _) = send!(&app, post(&format!("{page_path}/decision"), Some(&editor), &[("decision", "suspend"), ("days", "7"), ("why", "Unkind to Ann")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let told = mail_to(db, "bob@example.org");
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].0, "Your account is suspended - Kith");
        assert!(told[0].1.contains("Unkind to Ann") && told[0].1.contains("reply to this email"));
        let (status, _, page) = send!(&app, post(&thread, Some(&bob), &[("body", "Still here")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("suspended until"));

        // The report page shows it with a form to lift it; organisers see no suspension.
        let (_, _, page) = send!(&app, get(&page_path, Some(&editor)));
        assert!(page.contains("In force on their account") && page.contains("Lift the suspension"));
        assert!(page.contains(&format!("href=\"/moderation/people/{bob_id}\"")));
        let (_, _, page) = send!(&app, get(&page_path, Some(&organiser)));
        assert!(!page.contains("Lift the suspension") && !page.contains("/moderation/people/"));
        let (status, _, _) = send!(&app, post(&format!("{page_path}/lift"), Some(&organiser), &[("lift", "suspension"), ("lift_why", "Sorry")]));
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Mistakes come back by their fields, keeping what was typed.
        let (status, _, page) = send!(&app, post(&format!("{page_path}/lift"), Some(&editor), &[("lift_why", "He said sorry <b>twice</b>")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(page.matches("Choose what to lift").count(), 2, "{page}");
        assert!(page.contains("He said sorry &lt;b&gt;twice&lt;/b&gt;"));
        let (status, _, page) = send!(&app, post(&format!("{page_path}/lift"), Some(&editor), &[("lift", "suspension"), ("lift_why", "")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(page.matches("Enter the reason for your decision").count(), 2);
        let (status, _, page) = send!(&app, post(&format!("{page_path}/lift"), Some(&editor), &[("lift", "site_ban"), ("lift_why", "Why not")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Their account is not banned from the site."));

        let (status, location, _) = send!(&app, post(&format!("{page_path}/lift"), Some(&editor), &[("lift", "suspension"), ("lift_why", "He said sorry")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = send!(&app, get(&location, Some(&editor)));
        assert!(page.contains("Lifted. We have emailed them") && !page.contains("Lift the suspension"));
        let told = mail_to(db, "bob@example.org");
        assert_eq!(told.len(), 2);
        assert_eq!(told[1].0, "Your suspension has ended - Kith");
        assert!(told[1].1.contains("He said sorry"));
        let (status, _, _) = send!(&app, post(&thread, Some(&bob), &[("body", "Sorry, Ann")]));
        assert_eq!(status, StatusCode::SEE_OTHER, "he can post again");

        // The log and the person's page say so.
        let (_, _, log) = send!(&app, get("/moderation/log", Some(&editor)));
        assert!(log.contains("Lifted a suspension") && log.contains("He said sorry"));
        assert!(log.contains(&format!("href=\"/moderation/people/{bob_id}\"")));
        let person_path = format!("/moderation/people/{bob_id}");
        let (status, _, page) = send!(&app, get(&person_path, Some(&editor)));
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Moderation: bob") && page.contains("Suspended") && page.contains("Lifted a suspension"));
        assert!(page.contains("Nothing is in force on their account"));
        let (status, _, _) = send!(&app, get(&person_path, Some(&organiser)));
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, page) = send!(&app, post(&format!("{person_path}/lift"), Some(&editor), &[("lift", "suspension"), ("lift_why", "Again")]));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Their account is not suspended now."));
        let (status, _, _) = send!(&app, get("/moderation/people/999999", Some(&editor)));
        assert_eq!(status, StatusCode::NOT_FOUND);
    });
});
