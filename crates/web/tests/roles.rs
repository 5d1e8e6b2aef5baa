//! Every route × every kind of visitor, against the table of who may use
//! it. A route missing from the table fails the test, so a new page cannot
//! ship without someone deciding who may see it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::Role;
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use store::db_test;

#[macro_use]
mod common;

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    Member,
    Role(Role),
}

const EVERYONE: &[Who] = &[
    Who::Nobody,
    Who::Member,
    Who::Role(Role::Professional),
    Who::Role(Role::Coach),
    Who::Role(Role::Volunteer),
    Who::Role(Role::TeamManager),
    Who::Role(Role::Editor),
    Who::Role(Role::Admin),
];
const SIGNED_IN: &[Who] = &[
    Who::Member,
    Who::Role(Role::Professional),
    Who::Role(Role::Coach),
    Who::Role(Role::Volunteer),
    Who::Role(Role::TeamManager),
    Who::Role(Role::Editor),
    Who::Role(Role::Admin),
];
const ADMIN: &[Who] = &[Who::Role(Role::Admin)];

/// One row: (method, path as routed, path to request, form fields, who may).
/// `{target}` in the path is replaced by another person's id.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [Who],
);

const TABLE: &[Row] = &[
    ("GET", "/", "/", &[], EVERYONE),
    ("GET", "/healthz", "/healthz", &[], EVERYONE),
    ("GET", "/search", "/search?q=walk", &[], EVERYONE),
    ("GET", "/api/search", "/api/search?q=walk", &[], EVERYONE),
    ("GET", "/api/suggest", "/api/suggest?q=wal", &[], EVERYONE),
    ("GET", "/whats-on", "/whats-on", &[], EVERYONE),
    ("GET", "/interests", "/interests", &[], EVERYONE),
    ("GET", "/interests/{slug}", "/interests/arts-and-crafts", &[], EVERYONE),
    ("GET", "/boroughs", "/boroughs", &[], EVERYONE),
    ("GET", "/boroughs/{slug}", "/boroughs/lambeth", &[], EVERYONE),
    (
        "GET",
        "/organisations/{slug}",
        "/organisations/none-such",
        &[],
        EVERYONE,
    ),
    ("GET", "/groups/{slug}", "/groups/none-such", &[], EVERYONE),
    ("GET", "/events/{slug}", "/events/none-such", &[], EVERYONE),
    ("GET", "/places/{slug}", "/places/none-such", &[], EVERYONE),
    ("GET", "/shortlist", "/shortlist", &[], EVERYONE),
    ("GET", "/shortlist/print", "/shortlist/print", &[], EVERYONE),
    ("GET", "/shortlist/shared/{ids}", "/shortlist/shared/1.2", &[], EVERYONE),
    ("POST", "/shortlist/add", "/shortlist/add", &[("id", "1")], EVERYONE),
    (
        "POST",
        "/shortlist/remove",
        "/shortlist/remove",
        &[("id", "1")],
        EVERYONE,
    ),
    ("POST", "/shortlist/save", "/shortlist/save", &[], EVERYONE),
    ("GET", "/shortlist/email", "/shortlist/email", &[], EVERYONE),
    (
        "POST",
        "/shortlist/email",
        "/shortlist/email",
        &[("email", "bad")],
        EVERYONE,
    ),
    ("GET", "/get-help", "/get-help", &[], EVERYONE),
    ("GET", "/about-the-data", "/about-the-data", &[], EVERYONE),
    ("GET", "/sign-up", "/sign-up", &[], EVERYONE),
    (
        "POST",
        "/sign-up",
        "/sign-up",
        &[("display_name", "New"), ("email", "bad")],
        EVERYONE,
    ),
    ("GET", "/verify/{token}", "/verify/00", &[], EVERYONE),
    ("POST", "/verify/{token}", "/verify/00", &[], EVERYONE),
    ("GET", "/sign-in", "/sign-in", &[], EVERYONE),
    (
        "POST",
        "/sign-in",
        "/sign-in",
        &[("email", "x@example.org"), ("password", "")],
        EVERYONE,
    ),
    ("GET", "/sign-in/link", "/sign-in/link", &[], EVERYONE),
    ("POST", "/sign-in/link", "/sign-in/link", &[("email", "bad")], EVERYONE),
    ("GET", "/sign-in/link/{token}", "/sign-in/link/00", &[], EVERYONE),
    ("POST", "/sign-in/link/{token}", "/sign-in/link/00", &[], EVERYONE),
    ("POST", "/sign-out", "/sign-out", &[], EVERYONE),
    ("POST", "/sign-out-everywhere", "/sign-out-everywhere", &[], SIGNED_IN),
    ("GET", "/reset-password", "/reset-password", &[], EVERYONE),
    (
        "POST",
        "/reset-password",
        "/reset-password",
        &[("email", "bad")],
        EVERYONE,
    ),
    ("GET", "/reset-password/{token}", "/reset-password/00", &[], EVERYONE),
    (
        "POST",
        "/reset-password/{token}",
        "/reset-password/00",
        &[("password", "x")],
        EVERYONE,
    ),
    ("GET", "/account", "/account", &[], SIGNED_IN),
    ("GET", "/account/name", "/account/name", &[], SIGNED_IN),
    (
        "POST",
        "/account/name",
        "/account/name",
        &[("display_name", "")],
        SIGNED_IN,
    ),
    ("GET", "/account/password", "/account/password", &[], SIGNED_IN),
    (
        "POST",
        "/account/password",
        "/account/password",
        &[("password", "x")],
        SIGNED_IN,
    ),
    ("GET", "/account/email", "/account/email", &[], SIGNED_IN),
    (
        "POST",
        "/account/email",
        "/account/email",
        &[("email", "bad")],
        SIGNED_IN,
    ),
    (
        "GET",
        "/account/email/confirm/{token}",
        "/account/email/confirm/00",
        &[],
        EVERYONE,
    ),
    (
        "POST",
        "/account/email/confirm/{token}",
        "/account/email/confirm/00",
        &[],
        EVERYONE,
    ),
    ("GET", "/account/professional", "/account/professional", &[], SIGNED_IN),
    (
        "POST",
        "/account/professional",
        "/account/professional",
        &[("job_title", "")],
        SIGNED_IN,
    ),
    ("GET", "/account/export", "/account/export", &[], SIGNED_IN),
    ("GET", "/account/delete", "/account/delete", &[], SIGNED_IN),
    ("POST", "/account/delete", "/account/delete", &[], SIGNED_IN),
    ("GET", "/admin/people", "/admin/people?q=example", &[], ADMIN),
    ("GET", "/admin/people/{id}", "/admin/people/{target}", &[], ADMIN),
    (
        "POST",
        "/admin/people/{id}/roles",
        "/admin/people/{target}/roles",
        &[("role", "coach"), ("grant", "yes")],
        ADMIN,
    ),
    ("GET", "/admin/professionals", "/admin/professionals", &[], ADMIN),
    (
        "POST",
        "/admin/professionals/{id}",
        "/admin/professionals/{target}",
        &[("decision", "confirm")],
        ADMIN,
    ),
];

/// Refused: 403, or sent to sign in.
fn denied(status: StatusCode, location: Option<&str>) -> bool {
    status == StatusCode::FORBIDDEN
        || (status == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/sign-in?")))
}

#[test]
fn every_route_is_in_the_table() {
    let source = include_str!("../src/lib.rs");
    let flat = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut routed = Vec::new();
    for chunk in flat.split(".route(").skip(1) {
        let Some(path) = chunk.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) else {
            continue; // a path from a constant (the cached map)
        };
        let method = if chunk.contains("web::post()") { "POST" } else { "GET" };
        if !path.starts_with("/assets") {
            routed.push((method.to_owned(), path.to_owned()));
        }
    }
    assert!(routed.len() > 20, "found the routes");
    for (method, path) in &routed {
        assert!(
            TABLE.iter().any(|(m, p, ..)| m == method && p == path),
            "{method} {path} is routed but not in the role table"
        );
    }
    for (m, p, ..) in TABLE {
        assert!(
            routed.iter().any(|(rm, rp)| rm == m && rp == p),
            "{m} {p} is in the table but not routed"
        );
    }
}

db_test!(fn every_route_answers_every_visitor_as_the_table_says(db) {
    let running = common::start(db);
    let state = running.state.clone();
    let (target, _) = common::signed_in(&running, "target@example.org", &[]);
    // A fresh account per request, so sign-outs and deletions do not leak
    // into the next row.
    let mut n = 0;
    let mut session_for = |who: Who| {
        n += 1;
        match who {
            Who::Nobody => None,
            Who::Member => Some(common::signed_in(&running, &format!("m{n}@example.org"), &[]).1),
            Who::Role(r) => Some(common::signed_in(&running, &format!("r{n}@example.org"), &[r]).1),
        }
    };
    let mut cases = Vec::new();
    for (method, _, path, form, allowed) in TABLE {
        for who in EVERYONE {
            cases.push((*method, path.replace("{target}", &target.to_string()), *form, *who, allowed.contains(who), session_for(*who)));
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri("/sign-in").to_request()).await;
        let csrf = common::csrf_in(std::str::from_utf8(&read_body(resp).await).unwrap());
        let mut wrong = Vec::new();
        for (method, path, form, who, allowed, session) in cases {
            let mut req = if method == "POST" {
                let mut fields: Vec<(String, String)> = form.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
                fields.push(("csrf".into(), csrf.clone()));
                TestRequest::post().uri(&path).set_form(fields)
            } else {
                TestRequest::get().uri(&path)
            };
            req = req.cookie(Cookie::new("kith_csrf", csrf.clone()));
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s));
            }
            let resp = call_service(&app, req.to_request()).await;
            let status = resp.status();
            assert!(!status.is_server_error(), "{method} {path} as {who:?}: {status}");
            let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
            if denied(status, location.as_deref()) == allowed {
                wrong.push(format!("{method} {path} as {who:?}: {status} {location:?}, expected {}", if allowed { "allowed" } else { "denied" }));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
});
