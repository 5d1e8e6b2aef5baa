#![allow(dead_code)] // each test file uses part of this

//! The app's state over a test database, with a real search index.

/// GETs a page and returns its status and body.
#[allow(unused_macros)] // the shortlist tests do not use it
macro_rules! get_page {
    ($app:expr, $uri:expr) => {{
        let resp =
            actix_web::test::call_service($app, actix_web::test::TestRequest::get().uri($uri).to_request()).await;
        let status = resp.status();
        let body = actix_web::test::read_body(resp).await;
        (status, String::from_utf8_lossy(&body).into_owned())
    }};
}

/// A well-formed CSRF token, sent as both cookie and field.
pub const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef";

/// A GET as a browser sends it: the CSRF cookie and, signed in, the
/// session cookie.
pub fn get(uri: &str, session: Option<&str>) -> actix_web::test::TestRequest {
    let mut r = actix_web::test::TestRequest::get()
        .uri(uri)
        .cookie(actix_web::cookie::Cookie::new("kith_csrf", CSRF));
    if let Some(s) = session {
        r = r.cookie(actix_web::cookie::Cookie::new("kith_session", s.to_owned()));
    }
    r
}

/// A form POST as a browser sends it, with the CSRF token in the form.
pub fn post(uri: &str, session: Option<&str>, fields: &[(&str, &str)]) -> actix_web::test::TestRequest {
    post_csrf(uri, session, fields, true)
}

/// [`post`], with the CSRF token in the form only if `csrf`: the cookie is
/// always sent, so a test can show a form without the field is refused.
pub fn post_csrf(
    uri: &str,
    session: Option<&str>,
    fields: &[(&str, &str)],
    csrf: bool,
) -> actix_web::test::TestRequest {
    let mut form: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    if csrf {
        form.push(("csrf".into(), CSRF.into()));
    }
    let mut r = actix_web::test::TestRequest::post()
        .uri(uri)
        .cookie(actix_web::cookie::Cookie::new("kith_csrf", CSRF))
        .set_form(form);
    if let Some(s) = session {
        r = r.cookie(actix_web::cookie::Cookie::new("kith_session", s.to_owned()));
    }
    r
}

/// Sends a request to the app: its status, `Location` header and body.
#[allow(unused_macros)] // not every test file sends requests this way
macro_rules! send {
    ($app:expr, $req:expr) => {{
        let resp = actix_web::test::call_service($app, $req.to_request()).await;
        let status = resp.status();
        let location = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = String::from_utf8(actix_web::test::read_body(resp).await.to_vec()).unwrap();
        (status, location, body)
    }};
}

use directory::Reference;
use search::{Indexer, Options, SearchIndex};
use store::testing::TestDb;
use web::AppState;

/// Keeps the index's writer thread and folder alive for the test.
pub struct Running {
    pub state: actix_web::web::Data<AppState>,
    pub index: SearchIndex,
    _indexer: Indexer,
    _dir: tempfile::TempDir,
}

pub fn start(db: &TestDb) -> Running {
    start_with_mail(db, None)
}

/// [`start`], with handlers waking this mail worker after queuing email.
pub fn start_with_mail(db: &TestDb, mail: Option<mail::Notifier>) -> Running {
    let reference = Reference::load(&mut db.conn()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (index, indexer) = SearchIndex::start(db.pool().clone(), Options::new(dir.path())).unwrap();
    let state = actix_web::web::Data::new(AppState::new(
        db.pool().clone(),
        reference,
        index.clone(),
        web::state::AccountsConfig::local().unwrap(),
        web::hasher::Hasher::start().unwrap(),
        mail,
    ));
    Running {
        state,
        index,
        _indexer: indexer,
        _dir: dir,
    }
}

/// A confirmed account with `roles`, signed in: returns its id and the
/// value of its `kith_session` cookie.
pub fn signed_in(running: &Running, email: &str, roles: &[accounts::Role]) -> (i32, String) {
    let mut conn = running.state.pool.get().unwrap();
    let now = chrono::Utc::now().naive_utc();
    let (person, _) = accounts::flows::create_user(&mut conn, email, None, roles, None, now).unwrap();
    let (_, jwt) = accounts::session::start(&mut conn, &running.state.accounts.keys, person.id, "test", now).unwrap();
    (person.id, jwt)
}

/// Makes `person` a long-standing member, past the safety rules for new
/// accounts (rate limits, links held), which moderation.rs tests on their own.
pub fn established(running: &Running, person: i32) {
    use store::diesel::prelude::*;
    use store::schema::people;
    let mut conn = running.state.pool.get().unwrap();
    store::diesel::update(people::table.find(person))
        .set(people::created_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::days(365)))
        .execute(&mut conn)
        .unwrap();
}

/// The CSRF token in a page's form.
pub fn csrf_in(body: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let at = body.find(marker).expect("a CSRF field") + marker.len();
    body[at..at + 48].to_owned()
}

/// A cookie set by a response.
pub fn cookie_of<B>(
    resp: &actix_web::dev::ServiceResponse<B>,
    name: &str,
) -> Option<actix_web::cookie::Cookie<'static>> {
    resp.response()
        .cookies()
        .find(|c| c.name() == name)
        .map(|c| c.into_owned())
}

/// The 64-hex token after `path` in the newest queued email to `to`.
pub fn emailed_token(running: &Running, to: &str, path: &str) -> String {
    let mut conn = running.state.pool.get().unwrap();
    let mail = mail::pending(&mut conn, 1000).unwrap();
    let msg = mail
        .iter()
        .rev()
        .find(|m| m.to_address == to && m.text_body.contains(path))
        .unwrap_or_else(|| panic!("no email to {to} with {path}"));
    let at = msg.text_body.find(path).unwrap() + path.len();
    msg.text_body[at..at + 64].to_owned()
}

/// Script-injection payloads, each short enough for a display name (60
/// characters), typed into every kind of field by the XSS tests.
pub const XSS_PAYLOADS: &[&str] = &[
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
