//! Going to a public event without an account: the name-and-email form,
//! and the pages behind the links in the guest's emails. Each link's page
//! asks first and changes nothing; its button does the change, so a mail
//! scanner opening links takes no place and gives none up.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use community::guests as g;
use community::CommunityError;
use directory::{Kind, Listing};
use maud::{html, Markup};

use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{parse_session, read, session_code};
use crate::pages::private_with_status;
use crate::state::{now, AppState};

fn form_page(event: &Listing, when: &str, form: &Form, token: &Token) -> Markup {
    let title = format!("Going to {} without an account", event.name);
    let back = format!("/events/{}", event.slug);
    page(
        &form.title(&title),
        &[Crumb {
            text: &event.name,
            href: &back,
        }],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { (title) }
                p class="kith-body" { strong { (when) } }
                p class="kith-body" {
                    "We will email you a link. Nothing is held for you until you follow it, within "
                    (g::LINK_LIFETIME.num_hours()) " hours: then you get a place, or a place on the waiting list if it is full."
                }
                form method="post" action={ "/events/" (event.slug) "/guest" } novalidate {
                    (token.field())
                    input type="hidden" name="session" value=(form.value("session"));
                    (form.input(Field::new("name", "Your name").hint("The organisers will see it on their list of who is coming").kind("text", "name").width(20)))
                    (form.input(Field::new("email", "Email address").hint("We use it only to tell you about this event").kind("email", "email")))
                    button class="kith-button" type="submit" { "Email me a link" }
                }
                p class="kith-body" { a href={ "/sign-in?next=" (back) } { "Sign in instead" } }
            } }
        },
    )
}

/// The event and its session, from the page's address and the form.
async fn event_and_session(state: &AppState, slug: String, code: &str) -> Result<(Listing, String), WebError> {
    let at = parse_session(code)?;
    let l = read(state, move |c| community::published(c, Kind::Event, &slug)).await?;
    let (event, t) = (l.clone(), now());
    let starts = read(state, move |c| {
        Ok(community::events::sessions(c, &event, None, t, 2000)?
            .into_iter()
            .find(|s| s.occurrence.original() == at && s.occurrence.cancelled.is_none())
            .map(|s| s.occurrence.starts_at))
    })
    .await?
    .ok_or_else(|| WebError::BadRequest("That date is not one of this event's upcoming dates.".into()))?;
    Ok((l, long_date_time(starts)))
}

/// `GET /events/{slug}/guest?session=…`
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let code = query
        .iter()
        .find(|(k, _)| k == "session")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let (event, when) = event_and_session(&state, slug.into_inner(), &code).await?;
    let form = Form::new().with("session", &code);
    let token = Token::for_request(&req);
    Ok(private_with_status(
        StatusCode::OK,
        form_page(&event, &when, &form, &token),
        &token,
        &req,
    ))
}

/// `POST /events/{slug}/guest`: checks the fields, counts the request
/// against the limits and emails the link. The answer is the same whoever
/// the address belongs to.
pub async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (event, when) = event_and_session(&state, slug.into_inner(), form.value("session")).await?;
    let at = parse_session(form.value("session"))?;
    let guest = match g::check(form.value("name"), form.value("email")) {
        Ok(guest) => Some(guest),
        Err(errors) => {
            for e in errors {
                if let CommunityError::Invalid { field, message } = e {
                    form.error(field, message);
                }
            }
            None
        }
    };
    let mut status = StatusCode::BAD_REQUEST;
    if let Some(guest) = guest {
        let (site, address, l, email) = (
            state.accounts.site.clone(),
            crate::auth::client_address(&req),
            event.clone(),
            guest.email.clone(),
        );
        match state
            .transact(move |c| g::request(c, &site, &l, at, &guest, &address, now()))
            .await?
        {
            Ok(()) => {
                return Ok(private_with_status(
                    StatusCode::OK,
                    sent_page(&event, &email),
                    &token,
                    &req,
                ))
            }
            Err(CommunityError::Invalid { field, message }) => form.error(field, message),
            Err(CommunityError::Account(e @ accounts::AccountError::Throttled { .. })) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                form.error("email", e.to_string());
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(private_with_status(
        status,
        form_page(&event, &when, &form, &token),
        &token,
        &req,
    ))
}

fn sent_page(event: &Listing, email: &str) -> Markup {
    page(
        "Check your email",
        &[],
        html! {
            h1 class="kith-heading-l" { "Check your email" }
            p class="kith-body" { "We have sent a link to " strong { (email) } ". Follow it to say you are going to " (event.name) "." }
            p class="kith-body" { "The email may take a few minutes to arrive. Check your spam or junk folder if you cannot see it." }
            p class="kith-body" { a href={ "/events/" (event.slug) } { "Back to the event" } }
        },
    )
}

fn bad_link_page() -> Markup {
    page(
        "This link has expired",
        &[],
        html! {
            h1 class="kith-heading-l" { "This link has expired or has already been used" }
            p class="kith-body" { "Links in our emails work once. You can ask for a new one on the event's page." }
            p class="kith-body" { a href="/whats-on" { "See what's on" } }
        },
    )
}

fn ask_page(title: &str, text: &str, action: &str, button: &str, token: &Token) -> Markup {
    page(
        title,
        &[],
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { (text) }
            form method="post" action=(action) {
                (token.field())
                button class="kith-button" type="submit" { (button) }
            }
        },
    )
}

fn done_page(title: &str, text: &str, event: &Listing) -> Markup {
    page(
        title,
        &[],
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { (text) }
            p class="kith-body" { a href={ "/events/" (event.slug) } { "See the event" } }
        },
    )
}

/// A page, or the expired-link page for a link that does not work.
fn answer(req: &HttpRequest, result: Result<Markup, CommunityError>) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(req);
    match result {
        Ok(markup) => Ok(private_with_status(StatusCode::OK, markup, &token, req)),
        Err(CommunityError::Invalid { field: "link", .. }) => Ok(private_with_status(
            StatusCode::BAD_REQUEST,
            bad_link_page(),
            &token,
            req,
        )),
        Err(CommunityError::Invalid { message, .. }) => Err(WebError::BadRequest(message)),
        Err(e) => Err(e.into()),
    }
}

/// `GET /events/guest/confirm/{token}`: asks before confirming.
pub async fn confirm_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/events/guest/confirm/{raw}");
    let token = Token::for_request(&req);
    let found = state.transact(move |c| g::peek_confirm(c, &raw, now())).await?;
    answer(
        &req,
        found.map(|(l, at)| {
            let text = format!("{} on {}.", l.name, long_date_time(at));
            ask_page("Confirm you are going", &text, &action, "Confirm I'm going", &token)
        }),
    )
}

/// `POST /events/guest/confirm/{token}`: a place or the waiting list.
pub async fn confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let (site, raw) = (state.accounts.site.clone(), raw.into_inner());
    let done = state.transact(move |c| g::confirm(c, &site, &raw, now())).await?;
    answer(
        &req,
        done.map(|(l, a)| match a {
            community::events::Answer::Going => done_page(
                "You're going",
                &format!("You have a place at {}. We have emailed you the details, with a link to use if you can no longer go.", l.name),
                &l,
            ),
            community::events::Answer::Waiting { position } => done_page(
                "You're on the waiting list",
                &format!("{} is full, so you are number {position} on the waiting list. If a place comes up it is yours, and we will email you.", l.name),
                &l,
            ),
        }),
    )
}

/// `GET /events/guest/cancel/{token}`: asks before giving the place up.
pub async fn cancel_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/events/guest/cancel/{raw}");
    let token = Token::for_request(&req);
    let found = state.transact(move |c| g::peek_cancel(c, &raw)).await?;
    answer(
        &req,
        found.map(|l| {
            let text = format!(
                "You will no longer be going to {}, and your place goes to the next person.",
                l.name
            );
            ask_page("Can't go now?", &text, &action, "I can't go now", &token)
        }),
    )
}

/// `POST /events/guest/cancel/{token}`: the place goes to the next person.
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let (site, raw) = (state.accounts.site.clone(), raw.into_inner());
    let done = state.transact(move |c| g::cancel(c, &site, &raw, now())).await?;
    answer(
        &req,
        done.map(|(l, _)| {
            done_page(
                "You are no longer going",
                &format!(
                    "Thank you for telling us. Your answer for {} is gone, and so are your name and email address.",
                    l.name
                ),
                &l,
            )
        }),
    )
}

/// The link for a signed-out visitor on the event's page, per session.
pub fn link(event: &Listing, at: chrono::NaiveDateTime, when: &str) -> Markup {
    html! {
        p class="kith-body" {
            a href={ "/events/" (event.slug) "/guest?session=" (session_code(at)) } {
                "I'm going (without an account)" span class="kith-visually-hidden" { ": " (when) }
            }
        }
    }
}
