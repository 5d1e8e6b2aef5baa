//! The impact report over HTTP and from the command line, on both
//! databases: managers and commissioners read it (and nothing of the
//! team's personal pages, for commissioners), the period form is checked
//! with every problem beside its field and what was typed kept, figures
//! about fewer than five people read "fewer than 5" on the page, in the
//! CSV and in `kith report`, and nothing typed is ever drawn unescaped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::path::Path;
use std::process::Command;

use accounts::{Actor, Role, Roles};
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use referral::Staff;
use store::db_test;
use store::testing::TestDb;

#[macro_use]
mod common;

async fn body_of<B: actix_web::body::MessageBody>(resp: actix_web::dev::ServiceResponse<B>) -> String {
    String::from_utf8(read_body(resp).await.to_vec()).unwrap()
}

/// A self-referral sent `days_ago`, from its own address (so the rate
/// limit never refuses one).
fn refer(db: &TestDb, n: u32, days_ago: i64) -> i32 {
    let site = mail::Site {
        name: "Kith".into(),
        url: "https://kith.test/".into(),
    };
    let form = referral::SelfReferralForm {
        person: referral::PersonForm {
            name: format!("Person {n}"),
            phone: "020 7946 0001".into(),
            ..Default::default()
        },
        consent: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    };
    let address = format!("192.0.2.{n}");
    let origin = accounts::flows::Origin {
        address: &address,
        user_agent: "test",
    };
    let now = chrono::Utc::now().naive_utc() - chrono::Duration::days(days_ago);
    referral::submit_self(&mut db.conn(), &site, &form, origin, now)
        .unwrap()
        .referral_id
        .unwrap()
}

/// Runs the built `kith` with `args` against the test database.
fn kith(db: &TestDb, data_dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("--database")
        .arg(&db.url)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("KITH_DATABASE_URL")
        .env("KITH_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

db_test!(fn managers_and_commissioners_read_the_report_and_small_numbers_stay_hidden(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (manager_id, manager) = common::signed_in(&running, "manager@example.org", &[Role::TeamManager]);
    let (_, commissioner) = common::signed_in(&running, "commissioner@example.org", &[Role::Commissioner]);
    let (_, coach) = common::signed_in(&running, "coach@example.org", &[Role::Coach]);
    let referral_id = (1..=4).map(|n| refer(db, n, 10)).collect::<Vec<_>>()[3];
    {
        let actor = Actor { person_id: manager_id, roles: Roles::of(&[Role::TeamManager]), verified: true, organiser_of: Vec::new() };
        let now = chrono::Utc::now().naive_utc();
        referral::add_service(&mut db.conn(), &Staff::new(&actor), "<script>alert(1)</script> walks", referral::Programme::Weeks(8), now).unwrap();
    }
    let service_id: i32 = {
        use store::diesel::prelude::*;
        use store::schema::referral_services;
        referral_services::table.select(referral_services::id).first(&mut *db.conn()).unwrap()
    };
    let today = referral::tasks::london_date(chrono::Utc::now().naive_utc());
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap() + chrono::Duration::days(1);
    let words = |d: chrono::NaiveDate| d.format("%-d/%-m/%Y").to_string();
    let db_for_more = db;
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let get = |uri: &str, session: Option<&str>| {
            let mut req = TestRequest::get().uri(uri);
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s.to_owned()));
            }
            req.to_request()
        };

        // The last twelve months by default, every figure in a table, the
        // charts drawn with a title and their numbers in tables.
        let resp = call_service(&app, get("/team/reports", Some(&manager))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
        let body = body_of(resp).await;
        assert_eq!(body.matches("<h1").count(), 1);
        assert!(body.contains(&format!(r#"value="{}""#, words(year_ago))) && body.contains(&format!(r#"value="{}""#, words(today))));
        assert!(body.contains(r#"<form class="kith-no-print" method="get" action="/team/reports""#), "a GET form, not printed");
        assert!(body.contains(r#"<th scope="row">All referrals</th><td>fewer than 5</td>"#), "four people");
        assert!(body.contains(r#"role="img" aria-labelledby="referrals-by-month-title""#));
        assert!(body.contains(r#"<title id="activities-by-kind-title">"#));
        assert!(body.contains(r#"<th scope="col">Measure</th>"#));
        assert!(body.contains(r#"href="/team/reports.csv?from="#));
        assert!(body.contains(r#"href="/team/referrals""#), "managers see the team's links");
        // The service's name is drawn as text.
        assert!(!body.contains("<script>alert(1)</script>"));
        assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; walks"));

        // The CSV: the same figures, the same suppression.
        let csv_uri = format!("/team/reports.csv?from={}&to={}", words(year_ago), words(today));
        let resp = call_service(&app, get(&csv_uri, Some(&manager))).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers().get("content-type").unwrap(), "text/csv; charset=utf-8");
        assert!(resp.headers().get("content-disposition").unwrap().to_str().unwrap().contains("impact-report-"));
        let csv = body_of(resp).await;
        assert!(csv.starts_with("Section,Measure,Figure\r\n"));
        assert!(csv.contains("Referrals received,All referrals,fewer than 5\r\n"));
        assert!(csv.contains("Referrals by source,Self-referral,fewer than 5\r\n"));

        // A fifth person: now a figure.
        refer(db_for_more, 5, 3);
        let body = body_of(call_service(&app, get("/team/reports", Some(&commissioner))).await).await;
        assert!(body.contains(r#"<th scope="row">All referrals</th><td>5</td>"#));
        assert!(!body.contains(r#"href="/team/referrals""#) && !body.contains(r#"href="/team/caseload""#),
            "commissioners are not offered pages they cannot open");
        let csv = body_of(call_service(&app, get(&csv_uri, Some(&commissioner))).await).await;
        assert!(csv.contains("Referrals received,All referrals,5\r\n"));
        assert!(csv.contains("Referrals by source,Professional referral,0\r\n"));

        // One service: nobody allocated to it yet.
        let uri = format!("/team/reports?from={}&to={}&service={service_id}", words(year_ago), words(today));
        let body = body_of(call_service(&app, get(&uri, Some(&manager))).await).await;
        assert!(body.contains(r#"<th scope="row">All referrals</th><td>0</td>"#));
        assert!(body.contains(&format!(r#"<option value="{service_id}" selected>"#)));

        // Every problem at once, beside its field, what was typed kept.
        let resp = call_service(&app, get("/team/reports?from=31%2F02%2F2026&to=&service=x%22%3E", Some(&manager))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body = body_of(resp).await;
        assert!(body.contains("There is a problem") && body.contains("<title>Error: Impact report"));
        assert!(body.contains("Enter the start date as a real date, like 1/4/2026"));
        assert!(body.contains("Enter the end date, like 1/4/2026"));
        assert!(body.contains("Choose a service from the list, or all services"));
        assert!(body.contains(r##"href="#from""##) && body.contains(r#"id="from-error""#));
        assert!(body.contains(r#"value="31/02/2026""#));
        assert!(!body.contains("All referrals"), "no figures for a period that does not read");
        let resp = call_service(&app, get("/team/reports?from=2%2F3%2F2026&to=1%2F3%2F2026", Some(&manager))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(body_of(resp).await.contains("The end date must be the same as or after the start date"));
        let resp = call_service(&app, get("/team/reports?from=%3Cscript%3E", Some(&manager))).await;
        let body = body_of(resp).await;
        assert!(!body.contains("<script>") && body.contains(r#"value="&lt;script&gt;""#));
        let resp = call_service(&app, get("/team/reports.csv?from=nonsense&to=1%2F3%2F2026", Some(&manager))).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);

        // Commissioners see aggregates only.
        for uri in ["/team/referrals".to_owned(), format!("/team/referrals/{referral_id}"), "/team/caseload".into(), "/team/caseloads".into(), format!("/team/referrals/{referral_id}/contacts")] {
            let resp = call_service(&app, get(&uri, Some(&commissioner))).await;
            assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{uri}");
        }
        // Coaches are not given the report; visitors are asked to sign in.
        for uri in ["/team/reports", "/team/reports.csv"] {
            assert_eq!(call_service(&app, get(uri, Some(&coach))).await.status(), StatusCode::FORBIDDEN);
            let resp = call_service(&app, get(uri, None)).await;
            assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        }
        // The account page leads commissioners to the report.
        let body = body_of(call_service(&app, get("/account", Some(&commissioner))).await).await;
        assert!(body.contains(r#"href="/team/reports""#) && !body.contains(r#"href="/team/referrals""#));
    });
});

db_test!(fn kith_report_prints_the_same_figures_as_csv_or_json(db) {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=6 {
        refer(db, n, 20);
    }
    let today = referral::tasks::london_date(chrono::Utc::now().naive_utc());
    let from = (today - chrono::Duration::days(60)).to_string();
    let to = today.to_string();
    let (ok, out, err) = kith(db, dir.path(), &["report", "--from", &from, "--to", &to, "--format", "csv"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("Section,Measure,Figure\r\n"));
    assert!(out.contains("Referrals received,All referrals,6\r\n"));
    assert!(out.contains("Time to first contact,Median (days),fewer than 5\r\n"), "nobody contacted yet");

    let (ok, out, err) = kith(db, dir.path(), &["report", "--from", &from, "--to", &to, "--format", "json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["received"], 6);
    assert_eq!(json["first_contact"], "fewer than 5");
    assert_eq!(json["period"]["from"], from.as_str());

    // Mistakes are named, and the command fails.
    let (ok, _, err) = kith(db, dir.path(), &["report", "--from", "31/02/2026", "--to", &to]);
    assert!(!ok && err.contains("--from: Enter the start date as a real date"), "{err}");
    let (ok, _, err) = kith(db, dir.path(), &["report", "--from", &from, "--to", &to, "--service", "Knitting"]);
    assert!(!ok && err.contains("no service is called \"Knitting\""), "{err}");
    let (ok, _, _) = kith(db, dir.path(), &["report", "--from", &from, "--to", &to, "--format", "xml"]);
    assert!(!ok);
});
