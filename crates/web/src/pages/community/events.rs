//! "I'm going" on an event's page, and the organisers' attendee list,
//! places and CSV export.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use community::events::{self as e, Answer, AttendeeList, SessionPlaces};
use directory::{Kind, Listing};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, parse_session, read, session_code};
use crate::pages::workflow::{form_response, see_other};
use crate::state::{now, AppState};

/// How many sessions an event's page offers answers for.
const SESSIONS_SHOWN: usize = 8;

/// Places of one session in words: "3 places left", "Full: 2 on the
/// waiting list", "5 going".
fn places_words(s: &SessionPlaces) -> String {
    match s.left() {
        Some(0) if s.waiting > 0 => format!("Full: {} on the waiting list", s.waiting),
        Some(0) => "Full: you can join the waiting list".to_owned(),
        Some(1) => "1 place left".to_owned(),
        Some(n) => format!("{n} places left"),
        None => format!("{} going", s.going),
    }
}

/// The "Are you going?" part of an event's page.
pub async fn panel(
    state: &AppState,
    viewer: Option<&Viewer>,
    event: &Listing,
    token: &Token,
    now: NaiveDateTime,
) -> Result<Markup, WebError> {
    let (l, actor) = (event.clone(), viewer.map(|v| v.actor.clone()));
    let (sessions, runs) = read(state, move |c| {
        let sessions = e::sessions(c, &l, actor.as_ref().map(|a| a.person_id), now, SESSIONS_SHOWN)?;
        let runs = actor.as_ref().is_some_and(|a| e::run_event(c, a, l.id).is_ok());
        Ok((sessions, runs))
    })
    .await?;
    let base = format!("/events/{}", event.slug);
    Ok(html! {
        div class="kith-inset-text" id="going" {
            h2 class="kith-heading-m" { "Are you going?" }
            @if sessions.is_empty() {
                p class="kith-body" { "There are no upcoming dates to say you are going to." }
            }
            @if viewer.is_none() && !sessions.is_empty() {
                p class="kith-body" { a href={ "/sign-in?next=" (base) } { "Sign in to say you are going" } ", or say so with your name and email address." }
            }
            ul class="kith-list" {
                @for s in &sessions {
                    @let code = session_code(s.occurrence.original());
                    @let when = long_date_time(s.occurrence.starts_at);
                    li {
                        p class="kith-body" {
                            strong { (when) } ": "
                            @if let Some(reason) = &s.occurrence.cancelled {
                                "Cancelled (" (reason) ")"
                            } @else {
                                (places_words(s))
                            }
                        }
                        @if s.occurrence.cancelled.is_none() {
                            (super::event_mail::calendar_link(event, s.occurrence.original(), &when))
                        }
                        @if viewer.is_none() && s.occurrence.cancelled.is_none() {
                            (super::guests::link(event, s.occurrence.original(), &when))
                        }
                        @if viewer.is_some() && s.occurrence.cancelled.is_none() {
                            @match s.mine {
                                Some(Answer::Going) => {
                                    p class="kith-body" { "You are going." }
                                    (answer_button(token, &base, "not-going", &code, "I can't go now", &when, true))
                                }
                                Some(Answer::Waiting { position }) => {
                                    p class="kith-body" { "You are number " (position) " on the waiting list. If a place comes up we will email you." }
                                    (answer_button(token, &base, "not-going", &code, "Leave the waiting list", &when, true))
                                }
                                None => {
                                    @let full = s.left() == Some(0);
                                    (answer_button(token, &base, "going", &code, if full { "Join the waiting list" } else { "I'm going" }, &when, false))
                                }
                            }
                        }
                    }
                }
            }
            @if runs {
                p class="kith-body" { a href={ "/organise/events/" (event.id) "/attendees" } { "Attendees and places" } }
            }
        }
    })
}

fn answer_button(
    token: &Token,
    base: &str,
    action: &str,
    code: &str,
    label: &str,
    when: &str,
    secondary: bool,
) -> Markup {
    html! {
        form method="post" action={ (base) "/" (action) } {
            (token.field())
            input type="hidden" name="session" value=(code);
            button class=(if secondary { "kith-button kith-button--secondary" } else { "kith-button" }) type="submit" {
                (label) span class="kith-visually-hidden" { ": " (when) }
            }
        }
    }
}

async fn answer(
    req: HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    slug: String,
    fields: Fields,
    going: bool,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let at = parse_session(form.value("session"))?;
    let (me, site) = (viewer.person.id, state.accounts.site.clone());
    let s = slug.clone();
    // Found first, in its own read: the change must begin with its write
    // (see `community::events`), and re-checks the event after it.
    let id = read(state, move |c| Ok(community::published(c, Kind::Event, &s)?.id)).await?;
    let done = change(state, move |c| {
        if going {
            e::going(c, me, id, at, now()).map(drop)
        } else {
            e::not_going(c, &site, me, id, at, now()).map(drop)
        }
    })
    .await?;
    match done {
        Ok(()) => Ok(see_other(&format!("/events/{slug}#going"))),
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

/// `POST /events/{slug}/going`: a place, or the end of the waiting list.
pub async fn going(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    answer(req, &state, &viewer, slug.into_inner(), fields, true).await
}

/// `POST /events/{slug}/not-going`: gives the place to the next person
/// waiting, who is emailed.
pub async fn not_going(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    answer(req, &state, &viewer, slug.into_inner(), fields, false).await
}

// ---- Organisers ----------------------------------------------------------

fn attendees_page(list: &AttendeeList, form: &Form, token: &Token) -> Markup {
    let ev = &list.event;
    let title = format!("Attendees of {}", ev.name);
    page(
        &form.title(&title),
        &[Crumb {
            text: "Your organisations",
            href: "/organise",
        }],
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            h2 class="kith-heading-m" { "Places" }
            p class="kith-body" {
                @match list.capacity {
                    Some(n) => { "Each date has " (n) @if n == 1 { " place" } @else { " places" } "." }
                    None => { "There is no limit on places." }
                }
            }
            form method="post" action={ "/organise/events/" (ev.id) "/places" } novalidate {
                (token.field())
                (form.input(Field::new("capacity", "Places for each date").hint("Leave empty for no limit. With more places, people on the waiting list get them in turn and are emailed.").width(5)))
                button class="kith-button" type="submit" { "Save places" }
            }
            p class="kith-body" { a href={ "/organise/events/" (ev.id) "/attendees.csv" } { "Download the attendee list (CSV)" } }
            @if list.sessions.is_empty() {
                p class="kith-body" { "There are no upcoming dates." }
            }
            @for s in &list.sessions {
                h2 class="kith-heading-m" { (long_date_time(s.starts_at)) @if s.cancelled { " (cancelled)" } }
                (super::event_mail::session_links(ev, s.original, s.cancelled))
                @if s.attendees.is_empty() {
                    p class="kith-body" { "Nobody has said they are going yet." }
                } @else {
                    table class="kith-table" {
                        thead { tr { th scope="col" { "Name" } th scope="col" { "Answer" } th scope="col" { "Answered" } } }
                        tbody {
                            @for a in &s.attendees {
                                tr {
                                    td { (a.name) @if a.guest { " " strong class="kith-tag kith-tag--grey" { "Guest" } } }
                                    td { @match a.answer { Answer::Going => "Going", Answer::Waiting { position } => { "Waiting (" (position) ")" } } }
                                    td { (long_date_time(a.answered_at)) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

async fn load(state: &AppState, viewer: &Viewer, id: i32) -> Result<AttendeeList, WebError> {
    let actor = viewer.actor.clone();
    read(state, move |c| e::attendees(c, &actor, id, now())).await
}

/// `GET /organise/events/{id}/attendees`
pub async fn attendees(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let list = load(&state, &viewer, id.into_inner()).await?;
    let form = Form::new().with("capacity", &list.capacity.map(|c| c.to_string()).unwrap_or_default());
    Ok(form_response(&req, &form, |t| attendees_page(&list, &form, t)))
}

/// `GET /organise/events/{id}/attendees.csv`: names as people show them,
/// with spreadsheet formulas defused.
pub async fn attendees_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let list = load(&state, &viewer, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"attendees-{}.csv\"", list.event.slug),
        ))
        .body(e::attendees_csv(&list)))
}

/// `POST /organise/events/{id}/places`
pub async fn set_places(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let typed = form.value("capacity").to_owned();
    let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
    let done = change(&state, move |c| {
        // Whether they run it first, so others learn nothing from the form.
        e::run_event(c, &actor, id)?;
        let capacity = e::parse_capacity(&typed)?;
        e::set_capacity(c, &site, &actor, id, capacity, now())
    })
    .await?;
    match done {
        Ok(_) => Ok(see_other(&format!("/organise/events/{id}/attendees"))),
        Err(refusal) => {
            let list = load(&state, &viewer, id).await?;
            form.error(refusal.field, refusal.message);
            Ok(form_response(&req, &form, |t| attendees_page(&list, &form, t)))
        }
    }
}
