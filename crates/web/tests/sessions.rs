//! Remembered sessions never outlive a change made on the site: a role
//! granted or taken away, or a sign-out, applies to the very next request,
//! on both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

#[macro_use]
mod common;

use accounts::Role;
use actix_web::http::StatusCode;
use actix_web::test::init_service;
use common::{get, post};
use store::db_test;

db_test!(fn a_change_of_roles_or_a_sign_out_applies_to_the_very_next_request(db) {
    let running = common::start(db);
    let (_, admin) = common::signed_in(&running, "admin@example.org", &[Role::Admin]);
    let (eve_id, eve) = common::signed_in(&running, "eve@example.org", &[]);
    let state = running.state.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let roles = format!("/admin/people/{eve_id}/roles");
        // Eve's session is looked up once, then remembered.
        for _ in 0..2 {
            assert_eq!(send!(&app, get("/editor", Some(&eve))).0, StatusCode::FORBIDDEN);
        }
        // An admin makes her an editor: her next page knows it.
        let (status, ..) = send!(&app, post(&roles, Some(&admin), &[("role", "editor"), ("grant", "yes")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(send!(&app, get("/editor", Some(&eve))).0, StatusCode::OK);
        assert_eq!(send!(&app, get("/editor", Some(&eve))).0, StatusCode::OK);
        // And when it is taken away.
        let (status, ..) = send!(&app, post(&roles, Some(&admin), &[("role", "editor"), ("grant", "no")]));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(send!(&app, get("/editor", Some(&eve))).0, StatusCode::FORBIDDEN);

        // She signs out: the same cookie stops working at once.
        assert_eq!(send!(&app, get("/account", Some(&eve))).0, StatusCode::OK);
        let (status, _, body) = send!(&app, post("/sign-out", Some(&eve), &[]));
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("You have signed out"));
        let (status, location, _) = send!(&app, get("/account", Some(&eve)));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/sign-in"), "{location}");
    });
});

db_test!(fn a_session_ended_elsewhere_stops_working_within_seconds(db) {
    let running = common::start(db);
    let (eve_id, eve) = common::signed_in(&running, "eve@example.org", &[]);
    let state = running.state.clone();
    let pool = running.state.pool.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        assert_eq!(send!(&app, get("/account", Some(&eve))).0, StatusCode::OK);
        // Another node (or `kith`) signs her out everywhere, in the database.
        let now = chrono::Utc::now().naive_utc();
        accounts::session::revoke_all(&mut pool.get().unwrap(), eve_id, now).unwrap();
        // This process learns of it once its remembered answer lapses, a
        // few seconds at most.
        assert!(web::auth::REMEMBERED_FOR <= std::time::Duration::from_secs(5));
        std::thread::sleep(web::auth::REMEMBERED_FOR + std::time::Duration::from_millis(100));
        let (status, location, _) = send!(&app, get("/account", Some(&eve)));
        assert_eq!((status, location.starts_with("/sign-in")), (StatusCode::SEE_OTHER, true), "{location}");
    });
});
