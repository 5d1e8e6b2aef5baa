//! Event emails on the web: a session's calendar file, the organisers'
//! "Message everyone going", "Cancel this date" and "Change the time"
//! (each emailing attendees an updated calendar file in the change's own
//! transaction), the page behind a reminder's "turn off" link, and the
//! reminders setting on the account.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use community::event_mail as em;
use community::{ics, CommunityError};
use directory::{Listing, Occurrence};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, parse_session, read, session_code};
use crate::pages::private_with_status;
use crate::pages::workflow::{form_response, see_other};
use crate::state::{now, AppState};

/// Queues day-before reminders in batches, each batch one transaction
/// (tried again while SQLite is busy); returns how many were queued. The
/// hourly job of `kith serve` calls it, and wakes the mail worker after.
pub fn send_reminders(pool: &store::Pool, site: &mail::Site) -> Result<usize, String> {
    const BATCH: usize = 200;
    let mut total = 0;
    loop {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let n = crate::state::in_transaction(
            &mut conn,
            crate::state::BUSY_RETRIES,
            std::time::Duration::from_millis(5),
            &|c| em::send_reminders(c, site, now(), BATCH),
        )
        .map_err(|e| e.to_string())?;
        total += n;
        if n < BATCH {
            return Ok(total);
        }
    }
}

/// `GET /events/{slug}/sessions/{session}/calendar.ics`: one upcoming
/// session as a calendar file.
pub async fn calendar(state: web::Data<AppState>, path: web::Path<(String, String)>) -> Result<HttpResponse, WebError> {
    let (slug, code) = path.into_inner();
    let at = parse_session(&code).map_err(|_| WebError::NotFound)?;
    let site = state.accounts.site.clone();
    let (l, entry) = read(&state, move |c| em::session_file(c, &site, &slug, at, now())).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, ics::content_type(&entry)))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", em::filename(&l, entry.starts_at)),
        ))
        .body(ics::render(&entry)))
}

/// The "Add to calendar" link of one session on an event's page.
pub fn calendar_link(event: &Listing, at: NaiveDateTime, when: &str) -> Markup {
    html! {
        p class="kith-body" {
            a href={ "/events/" (event.slug) "/sessions/" (session_code(at)) "/calendar.ics" } {
                "Add to calendar (.ics)" span class="kith-visually-hidden" { ": " (when) }
            }
        }
    }
}

/// The organisers' links for one session on the attendee list: a
/// repeating event's dates and a one-off event's only date alike can be
/// given a new time or cancelled.
pub fn session_links(event: &Listing, at: NaiveDateTime, cancelled: bool) -> Markup {
    let base = format!("/organise/events/{}/sessions/{}", event.id, session_code(at));
    html! {
        ul class="kith-list" {
            li { a href={ (base) "/message" } { "Message everyone going" } }
            @if !cancelled {
                li { a href={ (base) "/change-time" } { "Change the time" } }
                li { a href={ (base) "/cancel" } { "Cancel this date" } }
            }
        }
    }
}

// ---- Organisers ----------------------------------------------------------

/// One session of an event the viewer runs, with who is going and waiting.
struct Session {
    event: Listing,
    occurrence: Occurrence,
    going: usize,
    waiting: usize,
}

async fn organised(state: &AppState, viewer: &Viewer, id: i32, code: &str) -> Result<Session, WebError> {
    let at = parse_session(code).map_err(|_| WebError::NotFound)?;
    let actor = viewer.actor.clone();
    let (event, occurrence, people) = read(state, move |c| em::organised_session(c, &actor, id, at, now())).await?;
    let going = people.iter().filter(|r| r.going).count();
    Ok(Session {
        event,
        occurrence,
        going,
        waiting: people.len() - going,
    })
}

fn people(n: usize) -> String {
    if n == 1 {
        "1 person".to_owned()
    } else {
        format!("{n} people")
    }
}

fn session_page(s: &Session, title: &str, form: &Form, body: Markup) -> Markup {
    let back = format!("/organise/events/{}/attendees", s.event.id);
    page(
        &form.title(title),
        &[Crumb {
            text: "Attendees and places",
            href: &back,
        }],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                span class="kith-caption-l" { (s.event.name) ", " (long_date_time(s.occurrence.starts_at)) }
                h1 class="kith-heading-l" { (title) }
                (body)
                p class="kith-body" { a href=(back) { "Back to the attendee list" } }
            } }
        },
    )
}

fn action(s: &Session, step: &str) -> String {
    format!(
        "/organise/events/{}/sessions/{}/{step}",
        s.event.id,
        session_code(s.occurrence.original())
    )
}

fn message_page(s: &Session, form: &Form, token: &Token) -> Markup {
    session_page(
        s,
        "Message everyone going",
        form,
        html! {
            p class="kith-body" {
                "Your message is emailed to the " (people(s.going)) " going, with the date's calendar file. It is sent as plain text; replies do not come back to you, so say how to reach you if they need to."
            }
            form method="post" action=(action(s, "message")) novalidate {
                (token.field())
                (form.input(Field::new("subject", "Subject").width(30)))
                (form.textarea("message", "Message", Some("Plain text, up to 5,000 characters")))
                button class="kith-button" type="submit" { "Send the message" }
            }
        },
    )
}

fn done(s: &Session, title: &str, text: &str) -> Markup {
    session_page(s, title, &Form::new(), html! { p class="kith-body" { (text) } })
}

type SessionPath = web::Path<(i32, String)>;

/// `GET /organise/events/{id}/sessions/{session}/message`
pub async fn message_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: SessionPath,
) -> Result<HttpResponse, WebError> {
    let (id, code) = path.into_inner();
    let s = organised(&state, &viewer, id, &code).await?;
    let form = Form::new();
    Ok(form_response(&req, &form, |t| message_page(&s, &form, t)))
}

/// `POST /organise/events/{id}/sessions/{session}/message`: one email to
/// each person going, all queued in one transaction.
pub async fn message(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: SessionPath,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, code) = path.into_inner();
    let s = organised(&state, &viewer, id, &code).await?;
    let said = match em::check_announcement(form.value("subject"), form.value("message")) {
        Ok(said) => said,
        Err(errors) => {
            for e in errors {
                if let CommunityError::Invalid { field, message } = e {
                    form.error(field, message);
                }
            }
            return Ok(form_response(&req, &form, |t| message_page(&s, &form, t)));
        }
    };
    let (actor, site, at) = (
        viewer.actor.clone(),
        state.accounts.site.clone(),
        s.occurrence.original(),
    );
    match change(&state, move |c| {
        em::message_going(c, &site, &actor, id, at, &said, now())
    })
    .await?
    {
        Ok(n) => {
            let text = format!("Your message went to {}.", people(n));
            Ok(form_response(&req, &Form::new(), |_| done(&s, "Message sent", &text)))
        }
        Err(refusal) => {
            form.error(refusal.field, refusal.message);
            Ok(form_response(&req, &form, |t| message_page(&s, &form, t)))
        }
    }
}

fn cancel_page(s: &Session, form: &Form, token: &Token) -> Markup {
    let told = people(s.going + s.waiting);
    session_page(
        s,
        "Cancel this date",
        form,
        html! {
            p class="kith-body" {
                "The date shows as cancelled everywhere on the site, and the " (told) " going or on the waiting list are emailed with your reason and a calendar file that takes it out of their calendars. Other dates go ahead."
            }
            form method="post" action=(action(s, "cancel")) novalidate {
                (token.field())
                (form.input(Field::new("reason", "Why is it cancelled?").hint("For example, \"The hall is closed for repairs\". Up to 200 characters.")))
                button class="kith-button" type="submit" { "Continue" }
            }
        },
    )
}

fn confirm_cancel_page(s: &Session, form: &Form, token: &Token) -> Markup {
    let told = people(s.going + s.waiting);
    session_page(
        s,
        "Are you sure you want to cancel this date?",
        form,
        html! {
            p class="kith-body" { "Reason: " (form.value("reason")) }
            p class="kith-body" { "We will email " (told) " now. This cannot be undone." }
            form method="post" action=(action(s, "cancel")) novalidate {
                (token.field())
                input type="hidden" name="reason" value=(form.value("reason"));
                input type="hidden" name="confirmed" value="yes";
                button class="kith-button kith-button--warning" type="submit" { "Cancel this date and tell everyone" }
            }
            form method="post" action=(action(s, "cancel")) novalidate {
                (token.field())
                input type="hidden" name="reason" value=(form.value("reason"));
                input type="hidden" name="edit" value="yes";
                button class="kith-button kith-button--secondary" type="submit" { "Change the reason" }
            }
        },
    )
}

/// `GET /organise/events/{id}/sessions/{session}/cancel`
pub async fn cancel_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: SessionPath,
) -> Result<HttpResponse, WebError> {
    let (id, code) = path.into_inner();
    let s = organised(&state, &viewer, id, &code).await?;
    let form = Form::new();
    Ok(form_response(&req, &form, |t| cancel_page(&s, &form, t)))
}

/// `POST /organise/events/{id}/sessions/{session}/cancel`: first the
/// reason is checked and a confirmation shown; with `confirmed=yes` the
/// date is cancelled and everyone told, in one transaction.
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: SessionPath,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, code) = path.into_inner();
    let s = organised(&state, &viewer, id, &code).await?;
    if s.occurrence.cancelled.is_some() {
        form.error("reason", "That date is already cancelled");
        return Ok(form_response(&req, &form, |t| cancel_page(&s, &form, t)));
    }
    let reason = match em::check_reason(form.value("reason")) {
        Ok(r) => r,
        Err(CommunityError::Invalid { field, message }) => {
            form.error(field, message);
            return Ok(form_response(&req, &form, |t| cancel_page(&s, &form, t)));
        }
        Err(e) => return Err(e.into()),
    };
    if form.value("edit") == "yes" {
        // Back to the form from the confirmation, with the reason as typed.
        return Ok(form_response(&req, &form, |t| cancel_page(&s, &form, t)));
    }
    if form.value("confirmed") != "yes" {
        return Ok(form_response(&req, &form, |t| confirm_cancel_page(&s, &form, t)));
    }
    let (actor, site, at) = (
        viewer.actor.clone(),
        state.accounts.site.clone(),
        s.occurrence.original(),
    );
    match change(&state, move |c| {
        em::cancel_session(c, &site, &actor, id, at, &reason, now())
    })
    .await?
    {
        Ok(n) => {
            let text = format!("The date is cancelled. We emailed {}.", people(n));
            Ok(form_response(&req, &Form::new(), |_| done(&s, "Date cancelled", &text)))
        }
        Err(refusal) => {
            form.error("reason", refusal.message);
            Ok(form_response(&req, &form, |t| cancel_page(&s, &form, t)))
        }
    }
}

fn change_page(s: &Session, form: &Form, token: &Token) -> Markup {
    let told = people(s.going + s.waiting);
    session_page(
        s,
        "Change the time",
        form,
        html! {
            p class="kith-body" {
                "Only this date moves; the others stay as they are. The " (told) " going or on the waiting list keep their answers and are emailed the new time with an updated calendar file."
            }
            form method="post" action=(action(s, "change-time")) novalidate {
                (token.field())
                (form.input(Field::new("date", "New date").hint("For example, 27/3/2027").width(10)))
                (form.input(Field::new("start_time", "Start time").hint("24-hour clock, for example 10:00 or 14:30").width(5)))
                (form.input(Field::new("end_time", "End time (optional)").width(5)))
                (form.input(Field::new("note", "A note shown beside the date (optional)").hint("Up to 200 characters")))
                button class="kith-button" type="submit" { "Change the time and tell everyone" }
            }
        },
    )
}

/// `GET /organise/events/{id}/sessions/{session}/change-time`, filled in
/// with the session's time as it is.
pub async fn change_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: SessionPath,
) -> Result<HttpResponse, WebError> {
    use directory::recurrence::london_time;
    let (id, code) = path.into_inner();
    let s = organised(&state, &viewer, id, &code).await?;
    let start = london_time(s.occurrence.starts_at);
    let form = Form::new()
        .with("date", &start.format("%-d/%-m/%Y").to_string())
        .with("start_time", &start.format("%H:%M").to_string())
        .with(
            "end_time",
            &s.occurrence
                .ends_at
                .map(|e| london_time(e).format("%H:%M").to_string())
                .unwrap_or_default(),
        );
    Ok(form_response(&req, &form, |t| change_page(&s, &form, t)))
}

/// `POST /organise/events/{id}/sessions/{session}/change-time`: the new
/// date and times are London time, checked field by field; the move and
/// the emails commit together.
pub async fn change_time(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: SessionPath,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    use directory::recurrence_form::{parse_date, parse_time};
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, code) = path.into_inner();
    let s = organised(&state, &viewer, id, &code).await?;
    let date = parse_date(form.value("date"));
    if date.is_none() {
        form.error("date", "Enter the new date, like 27/3/2027");
    }
    let start_time = parse_time(form.value("start_time"));
    if start_time.is_none() {
        form.error("start_time", "Enter the start time, like 10:00 or 14:30");
    }
    let end_time = match form.value("end_time").trim() {
        "" => Ok(None),
        typed => parse_time(typed).map(Some).ok_or(()),
    };
    if end_time.is_err() {
        form.error("end_time", "Enter the end time, like 12:00, or leave it empty");
    }
    let (Some(date), Some(start_time), Ok(end_time)) = (date, start_time, end_time) else {
        return Ok(form_response(&req, &form, |t| change_page(&s, &form, t)));
    };
    let london = directory::recurrence::from_london_time;
    let to = directory::publishing::NewTime {
        starts_at: london(date.and_time(start_time)),
        ends_at: end_time.map(|t| london(date.and_time(t))),
        note: form.value("note").to_owned(),
    };
    let (actor, site, at) = (
        viewer.actor.clone(),
        state.accounts.site.clone(),
        s.occurrence.original(),
    );
    match change(&state, move |c| {
        em::change_session_time(c, &site, &actor, id, at, &to, now())
    })
    .await?
    {
        Ok(n) => {
            let text = format!("The date has its new time. We emailed {}.", people(n));
            Ok(form_response(&req, &Form::new(), |_| done(&s, "Time changed", &text)))
        }
        Err(refusal) => {
            let field = match refusal.field {
                "end_time" | "note" | "start_time" => refusal.field,
                _ => "date",
            };
            form.error(field, refusal.message);
            Ok(form_response(&req, &form, |t| change_page(&s, &form, t)))
        }
    }
}

// ---- Turning reminders off ------------------------------------------------

fn simple_page(title: &str, body: Markup) -> Markup {
    page(title, &[], html! { h1 class="kith-heading-l" { (title) } (body) })
}

fn link_answer(req: &HttpRequest, result: Result<Markup, CommunityError>) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(req);
    match result {
        Ok(markup) => Ok(private_with_status(StatusCode::OK, markup, &token, req)),
        Err(CommunityError::Invalid { field: "link", .. }) => Ok(private_with_status(
            StatusCode::BAD_REQUEST,
            simple_page(
                "This link has expired or has already been used",
                html! {
                    p class="kith-body" { "If you have an account, you can turn event reminders on or off on " a href="/account/notifications" { "your email settings" } "." }
                },
            ),
            &token,
            req,
        )),
        Err(e) => Err(e.into()),
    }
}

/// `GET /event-reminders/off/{token}`: asks first, so a mail scanner
/// opening the link changes nothing.
pub async fn off_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/event-reminders/off/{raw}");
    let token = Token::for_request(&req);
    let found = state.transact(move |c| em::peek_off_link(c, &raw)).await?;
    link_answer(
        &req,
        found.map(|l| {
            simple_page(
                "Turn off event reminders?",
                html! {
                    p class="kith-body" { "You will get no more emails the day before events you are going to, for " (l.name) " or any other event." }
                    form method="post" action=(action) {
                        (token.field())
                        button class="kith-button" type="submit" { "Turn off reminders" }
                    }
                },
            )
        }),
    )
}

/// `POST /event-reminders/off/{token}`: the link works once.
pub async fn off(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let raw = raw.into_inner();
    let done = state.transact(move |c| em::use_off_link(c, &raw, now())).await?;
    link_answer(
        &req,
        done.map(|()| {
            simple_page(
                "Event reminders are off",
                html! { p class="kith-body" { "You will get no more reminders the day before events. Other emails about events you are going to, such as a change of time, still come." } },
            )
        }),
    )
}

fn reminders_page(form: &Form, token: &Token) -> Markup {
    let title = "Event reminders";
    page(
        &form.title(title),
        &[Crumb {
            text: "Your account",
            href: "/account",
        }],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { (title) }
                form method="post" action="/account/reminders" novalidate {
                    (token.field())
                    (form.radios("reminders", "Do you want an email the day before each event you are going to?", Some("It has the time and place, and a calendar file."), &[("on", "Yes, remind me"), ("off", "No reminders")]))
                    button class="kith-button" type="submit" { "Save" }
                }
            } }
        },
    )
}

/// `POST /account/reminders`
pub async fn set_reminders(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let wanted = match form.value("reminders") {
        "on" => true,
        "off" => false,
        _ => {
            form.error("reminders", "Choose whether you want reminders");
            return Ok(form_response(&req, &form, |t| reminders_page(&form, t)));
        }
    };
    let me = viewer.person.id;
    state
        .transact(move |c| em::set_reminders_wanted(c, me, wanted, now()))
        .await??;
    Ok(see_other("/account"))
}
