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
    let reference = Reference::load(&mut db.conn()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (index, indexer) = SearchIndex::start(db.pool().clone(), Options::new(dir.path())).unwrap();
    let state = actix_web::web::Data::new(AppState::new(
        db.pool().clone(),
        reference,
        index.clone(),
        web::state::AccountsConfig::local().unwrap(),
        web::hasher::Hasher::start().unwrap(),
        None,
    ));
    Running {
        state,
        index,
        _indexer: indexer,
        _dir: dir,
    }
}

/// A confirmed account with `roles`, signed in: its id and the value of
/// the `kith_session` cookie.
pub fn signed_in(running: &Running, db: &TestDb, email: &str, roles: &[accounts::Role]) -> (i32, String) {
    let mut conn = db.conn();
    let now = chrono::Utc::now().naive_utc();
    let name = email.split('@').next().unwrap_or("Someone");
    let (person, _) = accounts::flows::create_user(&mut conn, email, Some(name), roles, None, now).unwrap();
    let (_, jwt) = accounts::session::start(&mut conn, &running.state.accounts.keys, person.id, "test", now).unwrap();
    (person.id, jwt)
}
