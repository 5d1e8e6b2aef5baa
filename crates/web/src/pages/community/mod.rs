//! Community pages: joining groups, going to events, the organisers' member
//! and attendee lists, and a member's own groups and events.
//!
//! Role checks happen in the `community` crate, inside the transaction,
//! through `accounts::permits`; handlers pass the viewer's actor along and
//! map refusals to pages. Organisers' pages live under `/organise/`, where
//! something one does not run is "not found".

pub mod contact;
pub mod discussions;
pub mod event_mail;
pub mod events;
pub mod groups;
pub mod guests;
pub mod messages;
pub mod mine;
pub mod moderation;
pub mod notifications;
pub mod people;

use chrono::NaiveDateTime;
use community::CommunityError;
use directory::{Kind, Listing};
use maud::{html, Markup};
use store::AnyConnection;

use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::pages::workflow::Refusal;
use crate::state::{now, AppState};

/// Runs a community change in one transaction, handing refusals of what
/// was typed back for the form; every other error becomes an error page.
pub async fn change<T, F>(state: &AppState, work: F) -> Result<Result<T, Refusal>, WebError>
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection) -> Result<T, CommunityError> + Send + 'static,
{
    match state.transact(work).await? {
        Ok(v) => Ok(Ok(v)),
        Err(CommunityError::Invalid { field, message }) => Ok(Err(Refusal { field, message })),
        Err(e) => Err(e.into()),
    }
}

/// Reads in one transaction, with community errors. Reads queue no email
/// and change nobody's session, so neither the mail worker nor the
/// remembered sessions hear of them (a page view would otherwise wake the
/// mail worker every time).
pub async fn read<T, F>(state: &AppState, work: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection) -> Result<T, CommunityError> + Send + 'static,
{
    Ok(state.transact_quietly(work).await??)
}

/// Reads that write nothing, for the pages read most (a busy discussion).
/// On SQLite they run in one transaction: one snapshot, and the read lock
/// taken once. On PostgreSQL, under READ COMMITTED, each statement sees
/// its own snapshot even inside a transaction, so BEGIN and COMMIT would
/// only add two round trips.
pub async fn view<T, F>(state: &AppState, work: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&mut AnyConnection) -> Result<T, CommunityError> + Send + 'static,
{
    let pool = state.pool.clone();
    actix_web::web::block(move || -> Result<T, WebError> {
        use store::diesel::Connection;
        let mut conn = pool.get().map_err(store::StoreError::from)?;
        let conn: &mut AnyConnection = &mut conn;
        Ok(match conn.backend() {
            store::Backend::Postgres => work(conn)?,
            store::Backend::Sqlite => conn.transaction(work)?,
        })
    })
    .await?
}

/// How a session is named in forms: its usual start, UTC, to the second.
pub fn session_code(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The session a form names; a bad value is a bad request, not a 500.
pub fn parse_session(code: &str) -> Result<NaiveDateTime, WebError> {
    NaiveDateTime::parse_from_str(code.trim(), "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| WebError::BadRequest("That date is not one of this event's upcoming dates.".into()))
}

/// What a group's or event's page shows about taking part: join or leave,
/// "I'm going" per session, and the organisers' way in.
pub async fn panel(
    state: &AppState,
    viewer: Option<&Viewer>,
    listing: &Listing,
    token: &Token,
) -> Result<Markup, WebError> {
    let (taking_part, what) = match listing.kind {
        Kind::Group => (groups::panel(state, viewer, listing, token).await?, "group"),
        Kind::Event => (events::panel(state, viewer, listing, token, now()).await?, "event"),
        Kind::Organisation | Kind::Place => return Ok(html! {}),
    };
    Ok(html! {
        (taking_part)
        p class="kith-body-s" {
            a href={ "/report/" (what) "/" (listing.id) } { "Report this " (what) " to the moderators" }
        }
    })
}
