//! "Contact the organisers" of an organisation, group or event, and the
//! organisers' reply page reached from the link in their email.
//!
//! Anyone may write, signed in or not. The sender's address is never put
//! on a page or in the organisers' email (see `community::contact`); the
//! reply page tells the organiser that their own address is shown only if
//! they tick the box.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use community::contact::{self, ContactForm, Relayed};
use directory::Listing;
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, read};
use crate::pages::private_with_status;
use crate::pages::workflow::{form_response, kind_from_segment, public_path};
use crate::state::{now, AppState};
use crate::text::user_text;

fn contact_page(l: &Listing, reachable: bool, form: &Form, token: &Token) -> Markup {
    let path = public_path(l);
    page(
        &form.title(&format!("Contact the organisers of {}", l.name)),
        &[Crumb {
            text: &l.name,
            href: &path,
        }],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                span class="kith-caption-m" { (l.name) }
                h1 class="kith-heading-l" { "Contact the organisers" }
                @if reachable {
                    p class="kith-body" { "We send your message to the organisers by email. They do not see your email address: when they answer, we pass their reply on to you." }
                    form method="post" action={ (path) "/contact" } novalidate {
                        (token.field())
                        (form.input(Field::new("name", "Your name").hint("So the organisers know who is writing.").kind("text", "name").width(20)))
                        (form.input(Field::new("email", "Your email address").hint("Only for sending you their reply. It is not shown to the organisers.").kind("email", "email")))
                        (form.textarea("message", "Your message", Some("For example, a question about going for the first time.")))
                        button class="kith-button" type="submit" { "Send the message" }
                    }
                } @else {
                    p class="kith-body" { "Nobody can be reached through the site for this listing yet. Try the contact details on " a href=(path) { "its page" } "." }
                }
            } }
        },
    )
}

async fn listing(state: &AppState, kind: String, slug: String) -> Result<(Listing, bool), WebError> {
    let kind = kind_from_segment(&kind).ok_or(WebError::NotFound)?;
    read(state, move |c| {
        let l = contact::listing(c, kind, &slug)?;
        let reachable = contact::reachable(c, &l)?;
        Ok((l, reachable))
    })
    .await
}

/// `GET /{kind}/{slug}/contact`
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (kind, slug) = path.into_inner();
    let (l, reachable) = listing(&state, kind, slug).await?;
    let form = match &viewer {
        Some(v) => Form::new()
            .with("name", &v.person.display_name)
            .with("email", &v.person.email),
        None => Form::new(),
    };
    Ok(form_response(&req, &form, |t| contact_page(&l, reachable, &form, t)))
}

/// `POST /{kind}/{slug}/contact`
pub async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    path: web::Path<(String, String)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (kind, slug) = path.into_inner();
    let (l, reachable) = listing(&state, kind, slug).await?;
    let typed = ContactForm {
        name: form.value("name").to_owned(),
        email: form.value("email").to_owned(),
        message: form.value("message").to_owned(),
    };
    for (field, message) in contact::check(&typed) {
        form.error(field, message);
    }
    if !form.has_errors() && reachable {
        let (site, to, sender) = (
            state.accounts.site.clone(),
            l.clone(),
            viewer.as_ref().map(|v| v.person.id),
        );
        match change(&state, move |c| contact::send(c, &site, &to, sender, &typed, now())).await? {
            Ok(_) => {
                let token = Token::for_request(&req);
                let path = public_path(&l);
                let body = page(
                    "Your message has been sent",
                    &[Crumb {
                        text: &l.name,
                        href: &path,
                    }],
                    html! {
                        div class="kith-inset-text" role="status" {
                            h1 class="kith-heading-l" { "Your message has been sent" }
                            p class="kith-body" { "We have passed it on to the organisers of " (l.name) ". When they reply, we will email their answer to you." }
                        }
                        p class="kith-body" { a href=(path) { "Back to " (l.name) } }
                    },
                );
                return Ok(private_with_status(StatusCode::OK, body, &token, &req));
            }
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    Ok(form_response(&req, &form, |t| contact_page(&l, reachable, &form, t)))
}

fn reply_page(token_path: &str, r: &Relayed, form: &Form, token: &Token, sent: bool) -> Markup {
    page(
        &form.title(&format!("Reply to {}", r.sender_name)),
        &[],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                @if sent && !form.has_errors() {
                    div class="kith-inset-text" role="status" { p class="kith-body" { "Your reply has been sent." } }
                }
                span class="kith-caption-m" { (r.listing.name) }
                h1 class="kith-heading-l" { "Reply to " (r.sender_name) }
                p class="kith-body-s" { (r.sender_name) " wrote on " (long_date_time(r.sent_at)) ":" }
                (user_text(&r.body))
                @for (body, at) in &r.replies {
                    div class="kith-message kith-message--mine" {
                        p class="kith-body-s" { strong { "Your reply" } " · " (long_date_time(*at)) }
                        (user_text(body))
                    }
                }
                form method="post" action=(token_path) novalidate {
                    (token.field())
                    (form.textarea("body", "Your reply", Some("We email it to them from the site.")))
                    (form.checkboxes("show_address", "Your email address", Some("Their address is not shown to you, and yours is not shown to them unless you tick this. If you do, they can write to you directly from then on."), &[("yes", &format!("Show {} my email address ({})", r.sender_name, r.your_email))]))
                    button class="kith-button" type="submit" { "Send the reply" }
                }
            } }
        },
    )
}

/// What an organiser sees when their reply link is too old.
fn expired_page() -> Markup {
    page(
        "This link has expired",
        &[],
        html! {
            h1 class="kith-heading-l" { "This link has expired" }
            p class="kith-body" {
                "Links to answer a message work for " (contact::REPLY_LINK_DAYS) " days after it was sent, so old emails cannot be used to write to people. "
                "Nothing has been sent."
            }
            p class="kith-body" { "If you still want to answer, ask them to write to you again through the site." }
            p class="kith-body" { a href="/" { "Go to the home page" } }
        },
    )
}

/// The message behind a reply link, or (as `Err`) the page for an expired
/// one, answered with 410 Gone.
async fn relayed(req: &HttpRequest, state: &AppState, raw: String) -> Result<Result<Relayed, HttpResponse>, WebError> {
    match state.transact(move |c| contact::relayed(c, &raw, now())).await? {
        Ok(r) => Ok(Ok(r)),
        Err(community::CommunityError::Expired { .. }) => {
            let token = Token::for_request(req);
            Ok(Err(private_with_status(StatusCode::GONE, expired_page(), &token, req)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /contact/reply/{token}`
pub async fn reply_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let path = format!("/contact/reply/{raw}");
    let r = match relayed(&req, &state, raw).await? {
        Ok(r) => r,
        Err(expired) => return Ok(expired),
    };
    let sent = req.query_string() == "sent=yes";
    let form = Form::new();
    let mut resp = form_response(&req, &form, |t| reply_page(&path, &r, &form, t, sent));
    resp.headers_mut().insert(
        actix_web::http::header::REFERRER_POLICY,
        actix_web::http::header::HeaderValue::from_static("no-referrer"),
    );
    Ok(resp)
}

/// `POST /contact/reply/{token}`
pub async fn reply(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let raw = raw.into_inner();
    let path = format!("/contact/reply/{raw}");
    let body = form.value("body").to_owned();
    let show = form.values("show_address").contains(&"yes");
    let site = state.accounts.site.clone();
    let token = raw.clone();
    let r = match relayed(&req, &state, raw).await? {
        Ok(r) => r,
        Err(expired) => return Ok(expired),
    };
    match change(&state, move |c| contact::reply(c, &site, &token, &body, show, now())).await? {
        Ok(()) => return Ok(crate::pages::workflow::see_other(&format!("{path}?sent=yes"))),
        Err(refusal) => form.error(refusal.field, refusal.message),
    }
    Ok(form_response(&req, &form, |t| reply_page(&path, &r, &form, t, false)))
}
