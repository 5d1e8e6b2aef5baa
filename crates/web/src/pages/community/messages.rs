//! Direct messages: the inbox (conversations newest first, unread marked),
//! one conversation with its send form, and sending.
//!
//! Whether someone may write is decided by `community::messages`
//! ([`messages::before_send`]); when they may not, the page says so in
//! words that do not reveal whether they were blocked. Every message has a
//! "Report" link and the other person a "Block" link.

use actix_web::{web, HttpRequest, HttpResponse};
use community::messages::{self, Conversation};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::{long_date_time, pagination};
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::people::avatar;
use crate::pages::community::{change, read};
use crate::pages::private;
use crate::pages::workflow::{form_response, see_other};
use crate::params::Params;
use crate::state::{now, AppState};
use crate::text::user_text;

/// `GET /messages`
pub async fn inbox(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let page_no = Params::parse(req.query_string())?.page()?;
    let me = viewer.person.id;
    let conversations = read(&state, move |c| messages::inbox(c, me, page_no)).await?;
    let token = Token::for_request(&req);
    let body = page(
        "Messages",
        &[Crumb {
            text: "Your account",
            href: "/account",
        }],
        html! {
            h1 class="kith-heading-l" { "Messages" }
            p class="kith-body" {
                "You can write to people who are in a group with you and take messages. "
                a href="/account/profile#messages" { "Choose whether people can write to you" }
            }
            @if conversations.items.is_empty() {
                p class="kith-body" { "You have no messages yet." }
            } @else {
                ul class="kith-list kith-discussions" {
                    @for s in &conversations.items {
                        li {
                            h2 class="kith-heading-s" {
                                (avatar(&s.name))
                                a href={ "/messages/" (s.person_id) } { (s.name) }
                                @if s.unread > 0 {
                                    " " strong class="kith-tag kith-tag--blue" { (s.unread) " unread" }
                                }
                            }
                            p class="kith-body-s" {
                                @if s.last_from_me { "You wrote last, " } @else { "They wrote last, " }
                                (long_date_time(s.last_at)) "."
                            }
                        }
                    }
                }
                (pagination(&conversations, "/messages?"))
            }
        },
    );
    Ok(private(body, &token, &req))
}

fn conversation_page(v: &Conversation, form: &Form, token: &Token, sent: bool) -> Markup {
    let here = format!("/messages/{}", v.person_id);
    page(
        &form.title(&format!("Messages with {}", v.name)),
        &[
            Crumb {
                text: "Your account",
                href: "/account",
            },
            Crumb {
                text: "Messages",
                href: "/messages",
            },
        ],
        html! {
            (form.summary())
            @if sent && !form.has_errors() {
                div class="kith-inset-text" role="status" { p class="kith-body" { "Your message has been sent." } }
            }
            h1 class="kith-heading-l" { (avatar(&v.name)) "Messages with " (v.name) }
            p class="kith-body" {
                a href={ "/people/" (v.person_id) } { "See their profile" }
                @if !v.blocked {
                    " · " a href={ "/people/" (v.person_id) "/block" } { "Block " (v.name) }
                }
            }
            @if v.messages.items.is_empty() {
                p class="kith-body" { "You have not written to each other yet." }
            } @else {
                @if v.messages.page * v.messages.per_page < v.messages.total {
                    p class="kith-body" { a href={ (here) "?page=" (v.messages.page + 1) } { "Older messages" } }
                }
                @for m in &v.messages.items {
                    article class={ "kith-message" @if m.from_me { " kith-message--mine" } } id={ "message-" (m.id) } {
                        p class="kith-body-s" {
                            strong { @if m.from_me { "You" } @else { (v.name) } } " · " (long_date_time(m.sent_at))
                        }
                        (user_text(&m.body))
                        @if !m.from_me {
                            p class="kith-body-s" { a href={ "/report/message/" (m.id) } { "Report" span class="kith-visually-hidden" { " this message" } } }
                        }
                    }
                }
                @if v.messages.page > 1 {
                    p class="kith-body" { a href={ (here) "?page=" (v.messages.page - 1) } { "Newer messages" } }
                }
            }
            h2 class="kith-heading-m" id="write" { "Write a message" }
            @match &v.can_send {
                Ok(()) => {
                    form method="post" action=(here) novalidate {
                        (token.field())
                        (form.textarea("body", "Your message", Some("Web addresses become links. Everything you write is shown as plain text.")))
                        button class="kith-button" type="submit" { "Send the message" }
                    }
                }
                Err(why) => {
                    div class="kith-inset-text" id="body" { p class="kith-body" { (why) } }
                }
            }
        },
    )
}

async fn load(state: &AppState, viewer: &Viewer, other: i32, page_no: i64) -> Result<Conversation, WebError> {
    let actor = viewer.actor.clone();
    read(state, move |c| messages::conversation(c, &actor, other, page_no, now())).await
}

/// `GET /messages/{person}`
pub async fn conversation(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    person: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let params = Params::parse(req.query_string())?;
    let v = load(&state, &viewer, person.into_inner(), params.page()?).await?;
    let sent = params.get("sent") == Some("yes");
    let form = Form::new();
    Ok(form_response(&req, &form, |t| conversation_page(&v, &form, t, sent)))
}

/// `POST /messages/{person}`
pub async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    person: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let other = person.into_inner();
    let body = form.value("body").to_owned();
    let v = load(&state, &viewer, other, 1).await?;
    if let Err(why) = &v.can_send {
        form.error("body", why.clone());
        let mut resp = form_response(&req, &form, |t| conversation_page(&v, &form, t, false));
        *resp.status_mut() = actix_web::http::StatusCode::FORBIDDEN;
        return Ok(resp);
    }
    if let Err(m) = messages::check_body(&body) {
        form.error("body", m);
    }
    if !form.has_errors() {
        let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
        let rules = state.safety.clone();
        let done = change(&state, move |c| {
            messages::send(c, &site, &rules, &actor, other, &body, now())
        })
        .await?;
        match done {
            Ok(_) => return Ok(see_other(&format!("/messages/{other}?sent=yes#write"))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let v = load(&state, &viewer, other, 1).await?;
    Ok(form_response(&req, &form, |t| conversation_page(&v, &form, t, false)))
}
