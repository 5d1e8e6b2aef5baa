//! The publishing pages end to end, on both databases: organisers add and
//! change listings, editors review them, history and restore, problem
//! reports, the "still correct" link, co-organisers and claims — and that
//! nobody reaches what is not theirs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::Role;
use actix_web::http::StatusCode;
use actix_web::test::init_service;
use chrono::NaiveDateTime;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::{Kind, Listing, Status};
use store::diesel;
use store::diesel::prelude::*;
use store::schema::{listings, organisers, outbox, proposals};
use store::testing::TestDb;
use store::{db_test, AnyConnection};

#[macro_use]
mod common;

use common::{get, post_csrf as post};

const LAMBETH: i32 = 22;
fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A published organisation run by `organiser` (inserted as old data is).
fn organisation(conn: &mut AnyConnection, name: &str, organiser: i32) -> Listing {
    let org = l::insert(
        conn,
        &listing(Kind::Organisation, name, LAMBETH, now()),
        &Tags::default(),
    )
    .unwrap();
    diesel::insert_into(organisers::table)
        .values((
            organisers::listing_id.eq(org.id),
            organisers::person_id.eq(organiser),
            organisers::added_at.eq(now()),
        ))
        .execute(conn)
        .unwrap();
    org
}

fn group_of(conn: &mut AnyConnection, org: &Listing, name: &str) -> Listing {
    let mut g = listing(Kind::Group, name, LAMBETH, now());
    g.organisation_id = Some(org.id);
    l::insert(conn, &g, &Tags::default()).unwrap()
}

fn status_of(db: &TestDb, id: i32) -> Status {
    l::get(&mut db.conn(), id).unwrap().status
}

fn mail_to(db: &TestDb, address: &str) -> Vec<(String, String)> {
    outbox::table
        .filter(outbox::to_address.eq(address))
        .select((outbox::subject, outbox::text_body))
        .load(&mut db.conn())
        .unwrap()
}

/// A weekly group's answers, as the form sends them.
fn walk_answers(organisation: i32) -> Vec<(&'static str, String)> {
    vec![
        ("organisation", organisation.to_string()),
        ("name", "Tooting Walk".into()),
        ("summary", "A friendly walk around the common".into()),
        ("description", "We walk for an hour and then have tea.".into()),
        ("opportunity", "activity".into()),
        ("repeat", "weekly".into()),
        ("date", "2030-12-03".into()),
        ("start_time", "10:00".into()),
        ("end_time", "12:00".into()),
        ("days", "TU".into()),
        ("every_weeks", "1".into()),
        ("venue", "address".into()),
        ("address", "Tooting Common, Dr Johnson Avenue".into()),
        ("postcode", "SE11 5QY".into()),
        ("cost_kind", "free".into()),
        ("booking_required", "no".into()),
        ("audiences", "older_people".into()),
        ("first_visit", "Look for the green umbrella.".into()),
        ("interests", "2".into()),
        ("contact_email", "walks@example.org".into()),
    ]
}

/// Every answer at once, as the check page sends them back: `check` shows
/// the check page, `send` presses its Send button.
fn with_step<'a>(answers: &'a [(&'static str, String)], step: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    v.push(("step", "check"));
    if step == "send" {
        v.push(("go", "send"));
    }
    v
}

/// One page's answers, as that page sends them.
fn on_page<'a>(step: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = fields.to_vec();
    v.push(("step", step));
    v
}

db_test!(fn an_organiser_adds_a_group_an_editor_approves_it_and_it_appears(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (_, eddie_s) = common::signed_in(&running, "eddie@example.org", &[Role::Editor]);
    let org = organisation(&mut db.conn(), "Tooting Friends", alex);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, e) = (Some(alex_s.as_str()), Some(eddie_s.as_str()));

        let (status, _, body) = send!(&app, get("/organise", a));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Tooting Friends"));
        let new = format!("/organise/new/groups?organisation={}", org.id);
        let (status, _, body) = send!(&app, get(&new, a));
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains(">About it</h1>") && body.contains("Step 1 of 6 · Add a group"));
        assert!(!body.contains("How often does it happen?"), "one section per page");
        assert!(body.contains("href=\"/organise\""), "a way back");

        // Each page answers for its own fields, keeping what was typed:
        // about…
        let org_id = org.id.to_string();
        let o = ("organisation", org_id.as_str());
        let about = on_page("about", &[o, ("name", ""), ("summary", "A walk <b>"), ("description", "Walking."), ("opportunity", "activity")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &about, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#name\"") && body.contains("Enter the name"));
        assert!(body.contains("value=\"A walk &lt;b&gt;\""), "typed text kept, escaped");
        assert!(body.contains("<title>Error: ") && body.contains(">About it</h1>"));
        assert!(!body.contains("href=\"#date\""), "later pages are not judged yet");
        let about = on_page("about", &[o, ("name", "Tooting Walk"), ("summary", "A walk <b>"), ("description", "Walking."), ("opportunity", "activity")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &about, true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(">When it happens</h1>") && body.contains("Step 2 of 6"));
        assert!(body.contains("How often does it happen?"));
        assert!(body.contains("<input type=\"hidden\" name=\"name\" value=\"Tooting Walk\">"), "earlier answers travel along");
        assert!(body.contains("name=\"go\" value=\"back\""));
        // …when…
        let when = on_page("when", &[o, ("name", "Tooting Walk"), ("repeat", "weekly"), ("date", "2030-12-03"), ("start_time", "10:00")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &when, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#days\"") && body.contains("Choose at least one day of the week"));
        // Back goes to the page before, judging nothing.
        let mut back = when.clone();
        back.push(("go", "back"));
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &back, true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(">About it</h1>") && body.contains("value=\"Tooting Walk\"") && !body.contains("Error"));
        // …where…
        let place = on_page("where", &[o, ("venue", "address"), ("address", "The common"), ("postcode", "ZZ99 9ZZ")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &place, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("id=\"postcode-error\""), "postcode refused");
        // …who, cost and access…
        let who = on_page("who", &[o, ("cost_kind", "price"), ("cost", "lots"), ("booking_required", "no"), ("age_min", "old")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &who, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        for (field, message) in [("cost", "Enter the price in pounds"), ("age_min", "Enter an age as a number")] {
            assert!(body.contains(&format!("href=\"#{field}\"")), "{field} in the summary");
            assert!(body.contains(message), "{message}");
        }
        // …and contact, the last page before checking.
        let contact = on_page("contact", &[o, ("contact_email", "not an address")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &contact, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#contact_email\"") && body.contains("Enter an email address"));
        // The check page needs every page answered: it sends people back to
        // the first page with a problem.
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &on_page("contact", &[o, ("name", "Tooting Walk")]), true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains(">About it</h1>") && body.contains("href=\"#summary\""));

        // Good answers: check them, then send.
        let answers = walk_answers(org.id);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &with_step(&answers, "check"), true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Check your answers"));
        assert!(body.contains("Every Tuesday"), "recurrence in plain words");
        for step in ["about", "when", "where", "who", "interests", "contact"] {
            assert!(body.contains(&format!("name=\"go\" value=\"change-{step}\"")), "a Change button for {step}");
        }
        // Change a page: it comes back filled in, and saving it returns to
        // the check page.
        let mut change = with_step(&answers, "check");
        change.push(("go", "change-where"));
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &change, true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(">Where it is</h1>") && body.contains("Tooting Common, Dr Johnson Avenue"));
        assert!(body.contains("name=\"checking\" value=\"yes\""));
        let mut changed: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        changed.extend([("step", "where"), ("checking", "yes")]);
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &changed, true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(">Check your answers</h1>"));
        let (status, location, _) = send!(&app, post("/organise/new/groups", a, &with_step(&answers, "send"), true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, "/organise?done=proposed");
        let walk: Listing = listings::table
            .filter(listings::slug.eq("tooting-walk"))
            .select(Listing::as_select())
            .first(&mut db.conn())
            .unwrap();
        assert_eq!(walk.status, Status::Pending);
        assert_eq!(walk.organisation_id, Some(org.id));
        assert!(walk.rrule.as_deref().unwrap().contains("BYDAY=TU"));
        assert_eq!(send!(&app, get("/groups/tooting-walk", None)).0, StatusCode::NOT_FOUND);
        let (_, _, body) = send!(&app, get("/organise", a));
        assert!(body.contains("Tooting Walk") && body.contains("Waiting for review"));

        // The editor sees it with its diff; others may not.
        let proposal: i32 = proposals::table
            .filter(proposals::listing_id.eq(walk.id))
            .select(proposals::id)
            .first(&mut db.conn())
            .unwrap();
        let (status, _, body) = send!(&app, get("/editor", e));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Tooting Walk"));
        let review = format!("/editor/proposals/{proposal}");
        let (status, _, body) = send!(&app, get(&review, e));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Every Tuesday") && body.contains("Older people"));
        assert_eq!(send!(&app, get(&review, a)).0, StatusCode::FORBIDDEN);

        // Rejecting needs a reason; without one nothing happens.
        let (status, _, body) = send!(&app, post(&format!("{review}/reject"), e, &[("reason", " ")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter the reason"));
        assert_eq!(status_of(db, walk.id), Status::Pending);

        let (status, location, _) = send!(&app, post(&format!("{review}/approve"), e, &[], true));
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        assert_eq!(status_of(db, walk.id), Status::Published);
        let (status, _, body) = send!(&app, get("/groups/tooting-walk", None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Every Tuesday") && body.contains("Look for the green umbrella."));
        assert!(mail_to(db, "alex@example.org").iter().any(|(s, _)| s.contains("Tooting Walk")));

        // Its organiser can change it; the edit form comes back filled in.
        let edit = format!("/organise/listings/{}/edit", walk.id);
        let (status, _, body) = send!(&app, get(&edit, a));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("value=\"Tooting Walk\"") && body.contains("Step 1 of 6 · Change Tooting Walk"));
        assert!(body.contains("name=\"start_time\" value=\"10:00\"") && body.contains("name=\"days\" value=\"TU\""));
    });
});

db_test!(fn nobody_reaches_what_is_not_theirs(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (bea, bea_s) = common::signed_in(&running, "bea@example.org", &[]);
    let (org, walk, other) = {
        let mut conn = db.conn();
        let org = organisation(&mut conn, "Tooting Friends", alex);
        let walk = group_of(&mut conn, &org, "Tooting Walk");
        (org, walk, organisation(&mut conn, "Brixton Club", bea))
    };
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, b) = (Some(alex_s.as_str()), Some(bea_s.as_str()));
        let (w, o) = (walk.id, org.id);

        // Bea runs another organisation: Alex's listings do not exist for her.
        for uri in [
            format!("/organise/listings/{w}/edit"),
            format!("/organise/listings/{w}/history"),
            format!("/organise/listings/{o}/edit"),
            format!("/organise/new/groups?organisation={o}"),
            format!("/organise/organisations/{o}/organisers"),
            "/organise/listings/999999/edit".to_owned(),
        ] {
            assert_eq!(send!(&app, get(&uri, b)).0, StatusCode::NOT_FOUND, "GET {uri}");
        }
        let answers = walk_answers(o);
        let renamed: Vec<(&str, &str)> = with_step(&answers, "send")
            .into_iter()
            .map(|(k, v)| if k == "name" { (k, "Taken over") } else { (k, v) })
            .collect();
        for (uri, fields) in [
            (format!("/organise/listings/{w}/edit"), renamed.clone()),
            ("/organise/new/groups".to_owned(), renamed.clone()),
            (format!("/organise/listings/{w}/history/1/restore"), vec![]),
            (format!("/organise/listings/{w}/still-correct"), vec![]),
            (format!("/organise/organisations/{o}/organisers"), vec![("email", "bea@example.org")]),
            (format!("/organise/organisations/{o}/organisers/remove"), vec![("person", "1")]),
        ] {
            assert_eq!(send!(&app, post(&uri, b, &fields, true)).0, StatusCode::NOT_FOUND, "POST {uri}");
        }
        assert_eq!(l::get(&mut db.conn(), w).unwrap().name, "Tooting Walk");
        assert!(!directory::publishing::is_organiser(&mut db.conn(), bea, o).unwrap());
        let (_, _, body) = send!(&app, get("/organise", b));
        assert!(body.contains("Brixton Club") && !body.contains("Tooting"));

        // Without the CSRF token nothing changes, even for the organiser.
        let (status, _, _) = send!(&app, post(&format!("/organise/listings/{w}/edit"), a, &renamed, false));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(l::get(&mut db.conn(), w).unwrap().name, "Tooting Walk");
        let count: i64 = proposals::table.count().get_result(&mut db.conn()).unwrap();
        assert_eq!(count, 0);

        // Signed out: sent to sign in.
        for uri in ["/organise", "/organise/new/organisations", "/editor", "/organisations/brixton-club/claim"] {
            let (status, location, _) = send!(&app, get(uri, None));
            assert_eq!(status, StatusCode::SEE_OTHER, "{uri}");
            assert!(location.starts_with("/sign-in?next="), "{uri}: {location}");
        }

        // Organisers are not editors: every editor route answers 403.
        let ids = other.id;
        for uri in [
            "/editor".to_owned(),
            format!("/editor/proposals/{ids}"),
            format!("/editor/listings/{ids}"),
            format!("/editor/claims/{ids}"),
            format!("/editor/reports/{ids}"),
        ] {
            assert_eq!(send!(&app, get(&uri, a)).0, StatusCode::FORBIDDEN, "GET {uri}");
        }
        for uri in [
            format!("/editor/proposals/{ids}/approve"),
            format!("/editor/proposals/{ids}/reject"),
            format!("/editor/listings/{ids}/unpublish"),
            format!("/editor/organisations/{o}/trust"),
            format!("/editor/claims/{ids}/approve"),
            format!("/editor/claims/{ids}/refuse"),
            format!("/editor/reports/{ids}/resolve"),
        ] {
            let fields = [("reason", "spam"), ("note", "done"), ("trusted", "yes")];
            assert_eq!(send!(&app, post(&uri, a, &fields, true)).0, StatusCode::FORBIDDEN, "POST {uri}");
        }
        assert_eq!(status_of(db, ids), Status::Published);
        assert!(!directory::publishing::is_trusted(&mut db.conn(), &org).unwrap());

        // Odd input never breaks a page.
        for uri in ["/organise/new/nonsense", "/organise/new/groups", "/organise/new/groups?organisation=x", "/editor/proposals/x"] {
            let status = send!(&app, get(uri, a)).0;
            assert!(status.is_client_error(), "{uri}: {status}");
        }
        let junk = [("organisation", o.to_string()), ("step", "check".into()), ("repeat", "fortnightly".into()),
            ("date", "31/02/2030".into()), ("venue", "-1".into()), ("cost_kind", "price".into()), ("cost", "1.234".into()),
            ("interests", "abc".into()), ("age_max", "99999999999".into()), ("website", "javascript:alert(1)".into())];
        let junk: Vec<(&str, &str)> = junk.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &junk, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#name\""), "the first page with a problem");
        for (step, field) in [("when", "date"), ("where", "venue"), ("who", "cost"), ("contact", "website"), ("nonsense", "name")] {
            let mut on = junk.clone();
            on.retain(|(k, _)| *k != "step");
            on.push(("step", step));
            let (status, _, body) = send!(&app, post("/organise/new/groups", a, &on, true));
            assert_eq!(status, StatusCode::BAD_REQUEST, "{step}");
            assert!(body.contains(&format!("href=\"#{field}\"")), "{step}: {field}");
        }
        for go in ["change-nonsense", "change-check", "back", "send", "\u{0}"] {
            let mut on = junk.clone();
            on.push(("go", go));
            let status = send!(&app, post("/organise/new/groups", a, &on, true)).0;
            assert!(!status.is_server_error(), "{go}: {status}");
        }
    });
});

db_test!(fn trust_history_reports_freshness_organisers_and_claims(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (cleo, cleo_s) = common::signed_in(&running, "cleo@example.org", &[]);
    let (_, eddie_s) = common::signed_in(&running, "eddie@example.org", &[Role::Editor]);
    let (org, walk, stale) = {
        let mut conn = db.conn();
        let org = organisation(&mut conn, "Tooting Friends", alex);
        let walk = group_of(&mut conn, &org, "Tooting Walk");
        let stale = group_of(&mut conn, &org, "Old Choir");
        diesel::update(listings::table.find(stale.id))
            .set(listings::last_checked_at.eq(now() - chrono::Duration::days(400)))
            .execute(&mut conn)
            .unwrap();
        (org, walk, stale)
    };
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, c, e) = (Some(alex_s.as_str()), Some(cleo_s.as_str()), Some(eddie_s.as_str()));

        // Trusted organisations publish at once, with history and restore.
        let trust = format!("/editor/organisations/{}/trust", org.id);
        assert_eq!(send!(&app, post(&trust, e, &[("trusted", "yes")], true)).0, StatusCode::SEE_OTHER);
        let edit = format!("/organise/listings/{}/edit", walk.id);
        let (_, _, form) = send!(&app, post(&edit, a, &[("go", "change-when")], true));
        assert!(form.contains("It has no regular times"));
        let mut answers = walk_answers(org.id);
        answers.retain(|(k, _)| *k != "organisation");
        answers.iter_mut().for_each(|(k, v)| if *k == "name" { *v = "Tooting Ramble".into() });
        let (status, location, _) = send!(&app, post(&edit, a, &with_step(&answers, "send"), true));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/organise?done=published"));
        assert_eq!(l::get(&mut db.conn(), walk.id).unwrap().name, "Tooting Ramble");
        let history = format!("/organise/listings/{}/history", walk.id);
        let (status, _, body) = send!(&app, get(&history, a));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Before version history began") && body.contains("alex"));
        let (status, _, _) = send!(&app, post(&format!("{history}/1/restore"), a, &[], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(l::get(&mut db.conn(), walk.id).unwrap().name, "Tooting Walk");
        assert_eq!(send!(&app, get(&history, e)).0, StatusCode::OK, "editors see history too");

        // Anyone can report a problem; mistakes come back field by field.
        let report = "/groups/tooting-walk/report";
        let (status, _, body) = send!(&app, get(report, None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("What is wrong?"));
        let (status, _, body) = send!(&app, post(report, None, &[("kind", "something_else"), ("reporter_email", "nope@")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#details\"") && body.contains("href=\"#reporter_email\""));
        assert!(body.contains("value=\"nope@\"") && body.contains("value=\"something_else\" checked"));
        assert_eq!(send!(&app, post(report, None, &[("kind", "closed")], false)).0, StatusCode::FORBIDDEN);
        let (status, _, body) = send!(&app, post(report, None, &[("kind", "closed"), ("details", "It stopped in May")], true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Thank you"));
        assert!(mail_to(db, "alex@example.org").iter().any(|(_, t)| t.contains("It stopped in May")));
        let (_, _, queue) = send!(&app, get("/editor", e));
        assert!(queue.contains("Tooting Walk: It has closed") && queue.contains("Old Choir"), "report and out-of-date listing queued");
        let report_id: i32 = store::schema::problem_reports::table
            .select(store::schema::problem_reports::id)
            .first(&mut db.conn())
            .unwrap();
        let resolve = format!("/editor/reports/{report_id}/resolve");
        assert_eq!(send!(&app, post(&resolve, e, &[("note", "")], true)).0, StatusCode::BAD_REQUEST);
        assert_eq!(send!(&app, post(&resolve, e, &[("note", "Phoned them")], true)).0, StatusCode::SEE_OTHER);
        assert_eq!(send!(&app, get(&format!("/editor/reports/{report_id}"), e)).0, StatusCode::NOT_FOUND);

        // Out of date: the page says so; the emailed link confirms it.
        let (_, _, page) = send!(&app, get("/groups/old-choir", None));
        assert!(page.contains("This information may be out of date"));
        let (_, _, fresh) = send!(&app, get("/groups/tooting-walk", None));
        assert!(!fresh.contains("may be out of date"));
        let site = running.state.accounts.site.clone();
        let sent = directory::publishing::send_freshness_reminders(&mut db.conn(), &site, now(), 10).unwrap();
        assert_eq!(sent, 1);
        let body = mail_to(db, "alex@example.org").into_iter().find(|(s, _)| s.contains("Old Choir")).unwrap().1;
        let at = body.find("still-correct/").unwrap() + "still-correct/".len();
        let token: String = body[at..].chars().take_while(char::is_ascii_hexdigit).collect();
        // Opening the link only asks; a scanner following it confirms nothing.
        let (status, _, body) = send!(&app, get(&format!("/still-correct/{token}"), None));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Old Choir") && body.contains("Yes, it is still correct"));
        let (_, _, page) = send!(&app, get("/groups/old-choir", None));
        assert!(page.contains("may be out of date"));
        assert_eq!(send!(&app, post(&format!("/still-correct/{token}"), None, &[], false)).0, StatusCode::FORBIDDEN);
        let (status, _, body) = send!(&app, post(&format!("/still-correct/{token}"), None, &[], true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Thank you"));
        let (_, _, page) = send!(&app, get("/groups/old-choir", None));
        assert!(!page.contains("may be out of date"));
        assert_eq!(send!(&app, get("/still-correct/not-a-real-link", None)).0, StatusCode::NOT_FOUND);
        let _ = stale;

        // Co-organisers: add an existing account, never remove the last one.
        let team = format!("/organise/organisations/{}/organisers", org.id);
        // (An address with no account gets an invitation: see below.)
        let (status, _, body) = send!(&app, post(&team, a, &[("email", "nobody@")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Enter an email address") && body.contains("value=\"nobody@\""));
        let alex_id = alex.to_string();
        let (status, _, body) = send!(&app, post(&format!("{team}/remove"), a, &[("person", alex_id.as_str())], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("at least one organiser"));
        assert_eq!(send!(&app, post(&team, a, &[("email", "Cleo@Example.org")], true)).0, StatusCode::SEE_OTHER);
        assert!(directory::publishing::is_organiser(&mut db.conn(), cleo, org.id).unwrap());
        let (_, _, body) = send!(&app, get(&team, a));
        assert!(body.contains("cleo@example.org"));
        let cleo_id = cleo.to_string();
        assert_eq!(send!(&app, post(&format!("{team}/remove"), a, &[("person", cleo_id.as_str())], true)).0, StatusCode::SEE_OTHER);
        assert!(!directory::publishing::is_organiser(&mut db.conn(), cleo, org.id).unwrap());

        // Claims: signed-in people are asked; an editor approves.
        let (_, _, page) = send!(&app, get("/organisations/tooting-friends", c));
        assert!(page.contains("Is this your organisation?"));
        let (_, _, page) = send!(&app, get("/organisations/tooting-friends", None));
        assert!(!page.contains("Is this your organisation?"));
        let claim = "/organisations/tooting-friends/claim";
        assert_eq!(send!(&app, get(claim, c)).0, StatusCode::OK);
        let (status, _, body) = send!(&app, post(claim, c, &[("message", "")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#message\""));
        assert_eq!(send!(&app, post(claim, c, &[("message", "I am the treasurer")], true)).0, StatusCode::SEE_OTHER);
        let claim_id: i32 = store::schema::organisation_claims::table
            .select(store::schema::organisation_claims::id)
            .first(&mut db.conn())
            .unwrap();
        let (status, _, body) = send!(&app, get(&format!("/editor/claims/{claim_id}"), e));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("I am the treasurer"));
        assert_eq!(send!(&app, post(&format!("/editor/claims/{claim_id}/approve"), e, &[], true)).0, StatusCode::SEE_OTHER);
        assert!(directory::publishing::is_organiser(&mut db.conn(), cleo, org.id).unwrap());

        // Unpublishing needs a reason, and takes the listing off the site.
        let down = format!("/editor/listings/{}/unpublish", walk.id);
        assert_eq!(send!(&app, post(&down, e, &[("reason", "")], true)).0, StatusCode::BAD_REQUEST);
        assert_eq!(send!(&app, post(&down, e, &[("reason", "It has closed")], true)).0, StatusCode::SEE_OTHER);
        assert_eq!(send!(&app, get("/groups/tooting-walk", None)).0, StatusCode::NOT_FOUND);

        // A new organisation waits for an editor.
        let new_org = [("name", "Streatham Knitters"), ("summary", "We knit"), ("description", "Knitting and chat."), ("step", "check"), ("go", "send")];
        let (status, location, _) = send!(&app, post("/organise/new/organisations", c, &new_org, true));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/organise?done=proposed"));
        assert_eq!(send!(&app, get("/organisations/streatham-knitters", None)).0, StatusCode::NOT_FOUND);
        let (_, _, body) = send!(&app, get("/organise", c));
        assert!(body.contains("Streatham Knitters") && body.contains("Waiting for review"));
    });
});

db_test!(fn organisers_cancel_one_date_and_only_their_own(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (_, bea_s) = common::signed_in(&running, "bea@example.org", &[]);
    let walk = {
        let mut conn = db.conn();
        let org = organisation(&mut conn, "Tooting Friends", alex);
        let mut g = listing(Kind::Group, "Tooting Walk", LAMBETH, now());
        g.organisation_id = Some(org.id);
        // Sessions start on the minute, as the form makes them.
        let start = now() + chrono::Duration::days(1);
        g.starts_at = Some(start - chrono::Duration::nanoseconds(start.and_utc().timestamp_subsec_nanos().into()));
        g.rrule = Some("FREQ=WEEKLY".into());
        l::insert(&mut conn, &g, &Tags::default()).unwrap()
    };
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, b) = (Some(alex_s.as_str()), Some(bea_s.as_str()));
        let dates = format!("/organise/listings/{}/dates", walk.id);
        let (status, _, body) = send!(&app, get(&dates, a));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Which date is cancelled?"));
        assert_eq!(send!(&app, get(&dates, b)).0, StatusCode::NOT_FOUND);
        let first = walk.starts_at.unwrap().format("%Y-%m-%dT%H:%M:%S").to_string();
        let cancel = [("occurrence", first.as_str()), ("reason", "Hall closed")];
        assert_eq!(send!(&app, post(&dates, b, &cancel, true)).0, StatusCode::NOT_FOUND);
        assert_eq!(send!(&app, post(&dates, a, &cancel, false)).0, StatusCode::FORBIDDEN);
        let (status, _, body) = send!(&app, post(&dates, a, &[("occurrence", "soon")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#occurrence\""));
        assert_eq!(send!(&app, post(&dates, a, &cancel, true)).0, StatusCode::SEE_OTHER);
        let (_, _, page) = send!(&app, get("/groups/tooting-walk", None));
        assert!(page.contains("Cancelled") && page.contains("Hall closed"));
        // Twice is answered on the form, not with an error page.
        let (status, _, body) = send!(&app, post(&dates, a, &cancel, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("already cancelled"));
    });
});

db_test!(fn organisers_move_one_date_and_only_their_own(db) {
    use directory::recurrence::{from_london_time, london_time};
    use store::schema::changes;
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (_, bea_s) = common::signed_in(&running, "bea@example.org", &[]);
    // A weekly event at 10:00 to 12:00 London time, from tomorrow.
    let tomorrow = london_time(now()).date() + chrono::Duration::days(1);
    let at = |day: chrono::NaiveDate, h: u32| from_london_time(day.and_hms_opt(h, 0, 0).unwrap());
    let first = at(tomorrow, 10);
    let walk = {
        let mut conn = db.conn();
        let org = organisation(&mut conn, "Tooting Friends", alex);
        let mut g = listing(Kind::Event, "Tooting Walk", LAMBETH, now());
        g.organisation_id = Some(org.id);
        g.starts_at = Some(first);
        g.ends_at = Some(at(tomorrow, 12));
        g.rrule = Some("FREQ=WEEKLY".into());
        l::insert(&mut conn, &g, &Tags::default()).unwrap()
    };
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, b) = (Some(alex_s.as_str()), Some(bea_s.as_str()));
        let dates = format!("/organise/listings/{}/dates", walk.id);
        let move_to = format!("{dates}/move");
        let (status, _, body) = send!(&app, get(&dates, a));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Which date is moving?"));
        let session = first.format("%Y-%m-%dT%H:%M:%S").to_string();
        let next_day = (tomorrow + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
        let good = [
            ("session", session.as_str()), ("date", next_day.as_str()), ("start_time", "14:00"),
            ("end_time", "16:00"), ("note", "The hall is booked"),
        ];
        assert_eq!(send!(&app, post(&move_to, b, &good, true)).0, StatusCode::NOT_FOUND);
        assert_eq!(send!(&app, post(&move_to, a, &good, false)).0, StatusCode::FORBIDDEN);
        // Nothing typed: answered on the form.
        let (status, _, body) = send!(&app, post(&move_to, a, &[], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#session\"") && body.contains("href=\"#date\""));
        // Mistakes field by field, keeping what was typed.
        let bad = [
            ("session", session.as_str()), ("date", "31/02/2030"), ("start_time", "25:00"),
            ("end_time", "soon"), ("note", "Kept <note>"),
        ];
        let (status, _, body) = send!(&app, post(&move_to, a, &bad, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        for field in ["date", "start_time", "end_time"] {
            assert!(body.contains(&format!("href=\"#{field}\"")), "{field}");
        }
        assert!(body.contains("value=\"Kept &lt;note&gt;\"") && body.contains("value=\"25:00\""));
        // In the past, or onto another session: refused beside the date.
        let past = [("session", session.as_str()), ("date", "2020-01-07"), ("start_time", "10:00")];
        let (status, _, body) = send!(&app, post(&move_to, a, &past, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("must be in the future") && body.contains("href=\"#date\""));
        let week_later = (tomorrow + chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
        let clash = [("session", session.as_str()), ("date", week_later.as_str()), ("start_time", "11:00")];
        let (status, _, body) = send!(&app, post(&move_to, a, &clash, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Another session is at that time"));

        let (status, location, _) = send!(&app, post(&move_to, a, &good, true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, dates);
        // The moved session shows at its new time everywhere, the old time nowhere.
        let moved = at(tomorrow + chrono::Duration::days(1), 14);
        let detail = l::find_public(&mut db.conn(), Kind::Event, "tooting-walk", now()).unwrap();
        assert_eq!(detail.upcoming[0].starts_at, moved);
        assert_eq!(detail.upcoming[0].ends_at, Some(at(tomorrow + chrono::Duration::days(1), 16)));
        assert!(detail.upcoming.iter().all(|o| o.starts_at != first));
        let week = l::whats_on(&mut db.conn(), now(), now() + chrono::Duration::days(7)).unwrap();
        let walk_dates: Vec<_> = week.iter().filter(|w| w.card.id == walk.id).map(|w| w.occurrence.starts_at).collect();
        assert!(walk_dates.contains(&moved) && !walk_dates.contains(&first));
        let (_, _, page) = send!(&app, get("/events/tooting-walk", None));
        assert!(page.contains("Moved") && page.contains("The hall is booked"));
        let logged: i64 = changes::table
            .filter(changes::entity_id.eq(walk.id))
            .filter(changes::action.eq("moved"))
            .count()
            .get_result(&mut db.conn())
            .unwrap();
        assert_eq!(logged, 1);
        // The moved session can still be cancelled, by its usual time.
        let cancel = [("occurrence", session.as_str()), ("reason", "Hall closed")];
        assert_eq!(send!(&app, post(&dates, a, &cancel, true)).0, StatusCode::SEE_OTHER);
        let detail = l::find_public(&mut db.conn(), Kind::Event, "tooting-walk", now()).unwrap();
        assert_eq!(detail.upcoming[0].cancelled.as_deref(), Some("Hall closed"));
    });
});

db_test!(fn organisers_invite_people_with_no_account_yet(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (bea, bea_s) = common::signed_in(&running, "bea@example.org", &[]);
    let org = organisation(&mut db.conn(), "Tooting Friends", alex);
    let state = running.state.clone();
    let app_running = &running;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, b) = (Some(alex_s.as_str()), Some(bea_s.as_str()));
        let page = format!("/organise/organisations/{}/organisers", org.id);
        let invite = [("email", "Cara@Example.org")];
        assert_eq!(send!(&app, post(&page, b, &invite, true)).0, StatusCode::NOT_FOUND);
        assert_eq!(send!(&app, post(&page, a, &invite, false)).0, StatusCode::FORBIDDEN);
        let (status, _, body) = send!(&app, post(&page, a, &[], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#email\""));
        let (status, _, body) = send!(&app, post(&page, a, &[("email", "not <an> address")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("value=\"not &lt;an&gt; address\""));
        // No account: an invitation by email, with a single-use link.
        let (status, location, _) = send!(&app, post(&page, a, &invite, true));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, page.as_str()));
        let link = common::emailed_token(app_running, "cara@example.org", "/invitations/");
        let stored: String = store::schema::organiser_invitations::table
            .select(store::schema::organiser_invitations::token_hash)
            .first(&mut db.conn())
            .unwrap();
        assert_ne!(stored, link, "only a hash is kept");
        let open = format!("/invitations/{link}");
        // Signed out: sent to sign in, and back here afterwards.
        let (status, location, _) = send!(&app, get(&open, None));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in?next="), "{location}");
        let (cara, cara_s) = common::signed_in(app_running, "cara@example.org", &[]);
        let c = Some(cara_s.as_str());
        let (status, _, body) = send!(&app, get(&open, c));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Help run Tooting Friends") && body.contains("Accept"));
        assert_eq!(send!(&app, post(&open, c, &[], false)).0, StatusCode::FORBIDDEN);
        let (status, location, _) = send!(&app, post(&open, c, &[], true));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/organise"));
        assert!(directory::publishing::is_organiser(&mut db.conn(), cara, org.id).unwrap());
        // Used up.
        assert_eq!(send!(&app, get(&open, c)).0, StatusCode::NOT_FOUND);
        assert_eq!(send!(&app, post(&open, b, &[], true)).0, StatusCode::NOT_FOUND);
        assert!(!directory::publishing::is_organiser(&mut db.conn(), bea, org.id).unwrap());
        // An existing account is added at once, and told.
        let (status, ..) = send!(&app, post(&page, a, &[("email", "bea@example.org")], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(directory::publishing::is_organiser(&mut db.conn(), bea, org.id).unwrap());
        assert!(mail_to(db, "bea@example.org").iter().any(|(s, _)| s.contains("You can now help run Tooting Friends")));
    });
});

db_test!(fn organisers_see_and_withdraw_waiting_invitations_up_to_a_cap(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (_, bea_s) = common::signed_in(&running, "bea@example.org", &[]);
    let org = organisation(&mut db.conn(), "Tooting Friends", alex);
    let state = running.state.clone();
    let app_running = &running;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, b) = (Some(alex_s.as_str()), Some(bea_s.as_str()));
        let page = format!("/organise/organisations/{}/organisers", org.id);
        let withdraw = format!("/organise/organisations/{}/invitations/withdraw", org.id);
        let (_, _, body) = send!(&app, get(&page, a));
        assert!(!body.contains("Invitations waiting"), "none yet");
        assert_eq!(send!(&app, post(&page, a, &[("email", "dan@example.org")], true)).0, StatusCode::SEE_OTHER);
        let link = common::emailed_token(app_running, "dan@example.org", "/invitations/");
        let (status, _, body) = send!(&app, get(&page, a));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Invitations waiting") && body.contains("dan@example.org"));
        assert!(body.contains("Withdraw<span class=\"kith-visually-hidden\"> the invitation to dan@example.org</span>"));
        let id = directory::publishing::pending_invitations(&mut db.conn(), alex, org.id, now()).unwrap()[0].id.to_string();
        let fields = [("invitation", id.as_str())];
        // Not Bea's to withdraw, nothing without a token, and junk is not found.
        assert_eq!(send!(&app, post(&withdraw, b, &fields, true)).0, StatusCode::NOT_FOUND);
        assert_eq!(send!(&app, post(&withdraw, a, &fields, false)).0, StatusCode::FORBIDDEN);
        assert_eq!(send!(&app, post(&withdraw, a, &[("invitation", "x'1")], true)).0, StatusCode::NOT_FOUND);
        let (status, location, _) = send!(&app, post(&withdraw, a, &fields, true));
        assert_eq!((status, location.clone()), (StatusCode::SEE_OTHER, format!("{page}?done=withdrawn")));
        let (_, _, body) = send!(&app, get(&location, a));
        assert!(body.contains("The invitation was withdrawn. Its link no longer works."));
        assert!(!body.contains("dan@example.org"));
        assert_eq!(send!(&app, post(&withdraw, a, &fields, true)).0, StatusCode::NOT_FOUND, "a second press");
        let (_, dan_s) = common::signed_in(app_running, "dan@example.org", &[]);
        assert_eq!(send!(&app, get(&format!("/invitations/{link}"), Some(dan_s.as_str()))).0, StatusCode::NOT_FOUND);

        // Twenty waiting at most: the next is refused beside the field.
        for n in 0..directory::publishing::MAX_PENDING_INVITATIONS {
            let to = format!("guest{n}@example.org");
            assert_eq!(send!(&app, post(&page, a, &[("email", to.as_str())], true)).0, StatusCode::SEE_OTHER);
        }
        let (status, _, body) = send!(&app, post(&page, a, &[("email", "one-more@example.org")], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#email\""));
        assert!(body.contains("Tooting Friends already has 20 invitations waiting"));
        assert!(body.contains("value=\"one-more@example.org\""), "what was typed is kept");
        assert!(mail_to(db, "one-more@example.org").is_empty());
    });
});

db_test!(fn an_unconfirmed_member_is_asked_to_confirm_before_listing_an_organisation(db) {
    let running = common::start(db);
    let session = {
        let mut conn = running.state.pool.get().unwrap();
        let t = now();
        let new = accounts::person::NewPerson::new("una@example.org".into(), "Una".into(), t);
        let una = accounts::person::insert(&mut conn, &new).unwrap();
        assert!(una.email_verified_at.is_none());
        accounts::session::start(&mut conn, &running.state.accounts.keys, una.id, "test", t).unwrap().1
    };
    let state = running.state.clone();
    let app_running = &running;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let u = Some(session.as_str());
        let (status, _, body) = send!(&app, get("/organise/new/organisations", u));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("<h1 class=\"kith-heading-l\">Confirm your email address first</h1>"), "{body}");
        assert!(body.contains("una@example.org") && body.contains("action=\"/sign-in/link\""));
        assert!(body.contains("Send me a new link"));
        // Sending the form anyway changes nothing.
        let (status, _, body) = send!(&app, post("/organise/new/organisations", u, &[("name", "Una's Club"), ("step", "send")], true));
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("Confirm your email address first"));
        let n: i64 = listings::table.filter(listings::name.eq("Una's Club")).count().get_result(&mut db.conn()).unwrap();
        assert_eq!(n, 0);
        // Groups and events of others' organisations stay out of reach as before.
        assert_eq!(send!(&app, get("/organise/new/groups?organisation=1", u)).0, StatusCode::NOT_FOUND);
        // The button sends a link; opening it confirms the address, and
        // then the form opens.
        let (status, _, body) = send!(&app, post("/sign-in/link", None, &[("email", "una@example.org")], true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Check your email"));
        let link = common::emailed_token(app_running, "una@example.org", "/sign-in/link/");
        let (status, ..) = send!(&app, post(&format!("/sign-in/link/{link}"), None, &[], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, body) = send!(&app, get("/organise/new/organisations", u));
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("Confirm your email address first"));
    });
});

db_test!(fn a_new_venue_becomes_a_place_of_the_organisation(db) {
    let running = common::start(db);
    let (alex, alex_s) = common::signed_in(&running, "alex@example.org", &[]);
    let (bea, bea_s) = common::signed_in(&running, "bea@example.org", &[]);
    let org = organisation(&mut db.conn(), "Tooting Friends", alex);
    organisation(&mut db.conn(), "Balham Friends", bea);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let (a, b) = (Some(alex_s.as_str()), Some(bea_s.as_str()));
        let (_, _, body) = send!(&app, post("/organise/new/groups", a, &[("organisation", org.id.to_string().as_str()), ("go", "change-where")], true));
        assert!(body.contains("A new place") && body.contains("name=\"place_name\""));
        let mut answers = walk_answers(org.id);
        answers.retain(|(k, _)| *k != "venue");
        answers.push(("venue", "new".into()));
        answers.push(("place_name", "St Mark's Hall".into()));
        let send_it = with_step(&answers, "send");
        assert_eq!(send!(&app, post("/organise/new/groups", b, &send_it, true)).0, StatusCode::NOT_FOUND);
        assert_eq!(send!(&app, post("/organise/new/groups", a, &send_it, false)).0, StatusCode::FORBIDDEN);
        // No name, no postcode: answered on the form, the rest kept.
        let org_id = org.id.to_string();
        let bad = [("organisation", org_id.as_str()), ("venue", "new"), ("place_name", ""), ("address", "Kennington Road <1>"), ("step", "where")];
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &bad, true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#place_name\"") && body.contains("href=\"#postcode\""));
        assert!(body.contains("Kennington Road &lt;1&gt;"));
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &[("organisation", org_id.as_str())], true));
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("href=\"#name\""));
        // Checked, then sent: the place is a listing of the organisation,
        // reviewed like any other, and the walk meets there.
        let (status, _, body) = send!(&app, post("/organise/new/groups", a, &with_step(&answers, "check"), true));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("St Mark&#39;s Hall") || body.contains("St Mark's Hall"));
        let (status, location, _) = send!(&app, post("/organise/new/groups", a, &send_it, true));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/organise?done=proposed"));
        let place: Listing = listings::table
            .filter(listings::kind.eq(Kind::Place))
            .filter(listings::slug.eq("st-marks-hall"))
            .select(Listing::as_select())
            .first(&mut db.conn())
            .unwrap();
        assert_eq!(place.organisation_id, Some(org.id));
        assert_eq!(place.status, Status::Pending);
        assert_eq!(place.postcode.as_deref(), Some("SE11 5QY"));
        let walk: Listing = listings::table
            .filter(listings::slug.eq("tooting-walk"))
            .select(Listing::as_select())
            .first(&mut db.conn())
            .unwrap();
        assert_eq!(walk.place_id, Some(place.id));
        let waiting: i64 = proposals::table
            .filter(proposals::listing_id.eq_any([place.id, walk.id]))
            .count()
            .get_result(&mut db.conn())
            .unwrap();
        assert_eq!(waiting, 2, "both wait for an editor");
    });
});

db_test!(fn an_upcoming_event_put_back_by_a_restore_is_announced_to_its_groups_once(db) {
    let running = common::start(db);
    let (alex, _) = common::signed_in(&running, "alex@example.org", &[]);
    let (member, _) = common::signed_in(&running, "member@example.org", &[]);
    let (eddie, eddie_s) = common::signed_in(&running, "eddie@example.org", &[Role::Editor]);
    let event = {
        let mut conn = db.conn();
        let org = organisation(&mut conn, "Tooting Friends", alex);
        let walk = group_of(&mut conn, &org, "Tooting Walk");
        community::groups::join(&mut conn, member, walk.id, "", now()).unwrap();
        let mut e = listing(Kind::Event, "Autumn picnic", LAMBETH, now());
        e.organisation_id = Some(org.id);
        e.starts_at = Some(now() + chrono::Duration::days(3));
        let event = l::insert(&mut conn, &e, &Tags::default()).unwrap();
        // An editor's change outside the site's pages: version 1 is the
        // event as it was, version 2 the change; nobody has been told.
        let mut snapshot = directory::publishing::Snapshot::of_listing(&mut conn, &event).unwrap();
        snapshot.fields.name = "Autumn picnic (moved indoors)".into();
        directory::publishing::submit(&mut conn, Some(event.id), &snapshot, eddie, now()).unwrap();
        event
    };
    assert!(mail_to(db, "member@example.org").iter().all(|(s, _)| !s.starts_with("New event")));
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let restore = format!("/organise/listings/{}/history/1/restore", event.id);
        let (status, location, _) = send!(&app, post(&restore, Some(&eddie_s), &[], true));
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/organise?done=published"));
        assert_eq!(l::get(&mut db.conn(), event.id).unwrap().name, "Autumn picnic");
        let told: Vec<_> = mail_to(db, "member@example.org").into_iter().filter(|(s, _)| s.starts_with("New event: Autumn picnic")).collect();
        assert_eq!(told.len(), 1, "the group's member is told once");
        assert!(told[0].1.contains("/events/"));
        // A second restore tells nobody again.
        let (status, _, _) = send!(&app, post(&restore, Some(&eddie_s), &[], true));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(mail_to(db, "member@example.org").iter().filter(|(s, _)| s.starts_with("New event")).count(), 1);
    });
});
