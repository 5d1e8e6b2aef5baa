//! The shortlist ("pinboard"): anyone can keep listings they like, without
//! an account, in a cookie; then print it as a large-type plan or share it
//! as a link. Adding and removing are forms with CSRF tokens, so they work
//! without JavaScript and cannot be triggered by another site.

use accounts::Action;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

use chrono::NaiveDateTime;
use directory::listing::{cards_by_ids, cost_words, next_sessions, ListingCard};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::{self, Token};
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::state::{now, AppState};

pub const COOKIE: &str = "kith_shortlist";
/// Enough for a plan; a cookie stays well under browsers' 4 KB limit.
pub const MAX_ITEMS: usize = 50;

/// The ids in a shortlist cookie or shared link, in order, without repeats
/// or junk.
pub fn parse_ids(value: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = Vec::new();
    for part in value.split(['.', '-', ',']) {
        if let Ok(id) = part.trim().parse::<i32>() {
            if id > 0 && !ids.contains(&id) && ids.len() < MAX_ITEMS {
                ids.push(id);
            }
        }
    }
    ids
}

pub fn ids_from(req: &HttpRequest) -> Vec<i32> {
    req.cookie(COOKIE).map(|c| parse_ids(c.value())).unwrap_or_default()
}

fn join(ids: &[i32], sep: &str) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(sep)
}

fn cookie(ids: &[i32], secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, join(ids, "."))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish()
}

fn secure(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

/// The "Add to shortlist" / "Remove" button for a listing, for cards and
/// listing pages. `back` is where to return to afterwards.
pub fn button(token: &Token, listing_id: i32, listed: bool, back: &str, name: &str) -> Markup {
    html! {
        form class="kith-shortlist-form" method="post" action=(if listed { "/shortlist/remove" } else { "/shortlist/add" }) {
            (token.field())
            input type="hidden" name="id" value=(listing_id);
            input type="hidden" name="back" value=(back);
            @if listed {
                button class="kith-button kith-button--secondary" type="submit" {
                    "Remove from shortlist" span class="kith-visually-hidden" { ": " (name) }
                }
            } @else {
                button class="kith-button kith-button--secondary" type="submit" {
                    "Add to shortlist" span class="kith-visually-hidden" { ": " (name) }
                }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct Change {
    csrf: Option<String>,
    id: Option<String>,
    back: Option<String>,
}

/// Only addresses on this site, so a form cannot send people elsewhere.
fn safe_back(back: Option<&str>) -> String {
    crate::params::local_path(back, "/shortlist")
}

fn parse_id(id: Option<&str>) -> Result<i32, WebError> {
    id.and_then(|s| s.trim().parse::<i32>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(|| WebError::BadRequest("That is not a listing we know.".into()))
}

fn redirect(to: &str, ids: &[i32], req: &HttpRequest) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .cookie(cookie(ids, secure(req)))
        .finish()
}

pub async fn add(req: HttpRequest, form: web::Form<Change>) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, form.csrf.as_deref())?;
    let id = parse_id(form.id.as_deref())?;
    let mut ids = ids_from(&req);
    if !ids.contains(&id) {
        if ids.len() >= MAX_ITEMS {
            return Err(WebError::BadRequest(format!(
                "Your shortlist is full: it can hold {MAX_ITEMS} things. Remove some before adding more."
            )));
        }
        ids.push(id);
    }
    Ok(redirect(&safe_back(form.back.as_deref()), &ids, &req))
}

pub async fn remove(req: HttpRequest, form: web::Form<Change>) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, form.csrf.as_deref())?;
    let id = parse_id(form.id.as_deref())?;
    let ids: Vec<i32> = ids_from(&req).into_iter().filter(|i| *i != id).collect();
    let back = safe_back(form.back.as_deref());
    // On the shortlist page itself, say what was removed and offer undo.
    let to = if back == "/shortlist" {
        format!("/shortlist?removed={id}")
    } else {
        back
    };
    Ok(redirect(&to, &ids, &req))
}

/// Adds every listing of a shared shortlist to the visitor's own.
pub async fn save_shared(req: HttpRequest, form: web::Form<Change>) -> Result<HttpResponse, WebError> {
    csrf::verify(&req, form.csrf.as_deref())?;
    let mut ids = ids_from(&req);
    for id in parse_ids(form.id.as_deref().unwrap_or("")) {
        if !ids.contains(&id) && ids.len() < MAX_ITEMS {
            ids.push(id);
        }
    }
    Ok(redirect("/shortlist", &ids, &req))
}

/// The shortlist. A member of the connecting team also gets, per listing,
/// a way to add it to the plan of someone on their caseload.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Option<Viewer>,
) -> Result<HttpResponse, WebError> {
    let team = viewer.is_some_and(|v| v.may(Action::ReferralQueue));
    let ids = ids_from(&req);
    let removed = crate::params::Params::parse(req.query_string())?
        .get("removed")
        .and_then(|r| r.parse::<i32>().ok());
    let mut wanted = ids.clone();
    wanted.extend(removed);
    let cards = state.db(move |conn| cards_by_ids(conn, &wanted)).await?;
    let removed_card = removed.and_then(|r| cards.iter().find(|c| c.id == r && !ids.contains(&r)));
    let listed: Vec<&ListingCard> = cards.iter().filter(|c| ids.contains(&c.id)).collect();
    let token = Token::for_request(&req);
    let share = format!(
        "/shortlist/shared/{}",
        join(&listed.iter().map(|c| c.id).collect::<Vec<_>>(), "-")
    );
    let body = html! {
        h1 class="kith-heading-xl" { "Your shortlist" }
        @if let Some(gone) = removed_card {
            div class="kith-inset-text" role="status" {
                p class="kith-body" { "Removed " strong { (gone.name) } "." }
                form method="post" action="/shortlist/add" {
                    (token.field())
                    input type="hidden" name="id" value=(gone.id);
                    input type="hidden" name="back" value="/shortlist";
                    button class="kith-button kith-button--secondary" type="submit" { "Undo" }
                }
            }
        }
        @if listed.is_empty() {
            p class="kith-body" { "Your shortlist is empty." }
            p class="kith-body" {
                "When you find something you might like to try, choose " strong { "Add to shortlist" } ". "
                "It is kept on this device, without an account, so you can print it or share it later."
            }
            p class="kith-body" { a href="/search" { "Search for something to do" } }
        } @else {
            p class="kith-body" { (listed.len()) @if listed.len() == 1 { " thing" } @else { " things" } " on your shortlist. It is kept on this device." }
            ul class="kith-list kith-list--inline" {
                li { a class="kith-button" href="/shortlist/print" { "Print as a plan" } }
                li { a class="kith-button kith-button--secondary" href=(share) { "Link to share" } }
                li { a class="kith-button kith-button--secondary" href="/shortlist/email" { "Email this list" } }
            }
            ul class="kith-results" {
                @for card in &listed {
                    li {
                        h2 class="kith-heading-s" { a href=(card.path()) { (card.name) } }
                        p class="kith-results__meta" { (card.kind.label()) " · " (cost_words(card.cost_kind, card.cost_pence)) }
                        p class="kith-body" { (card.summary) }
                        (button(&token, card.id, true, "/shortlist", &card.name))
                        @if team {
                            p class="kith-body" {
                                a class="kith-link" href={ "/team/plan?listing=" (card.id) } {
                                    "Add to a person's plan" span class="kith-visually-hidden" { ": " (card.name) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(super::private(
        page(
            "Your shortlist",
            &[Crumb {
                text: "Home",
                href: "/",
            }],
            body,
        ),
        &token,
        &req,
    ))
}

/// A read-only shortlist from a shared link, with a way to keep it.
pub async fn shared(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let ids = parse_ids(&path);
    if ids.is_empty() {
        return Err(WebError::NotFound);
    }
    let (cards, next) = with_next_sessions(&state, ids.clone()).await?;
    let token = Token::for_request(&req);
    let body = html! {
        h1 class="kith-heading-xl" { "A shortlist someone shared" }
        @if cards.is_empty() {
            p class="kith-body" { "None of the things on this shortlist are listed any more. " a href="/search" { "Search for something to do" } }
        } @else {
            (plan(&cards, &next))
            form method="post" action="/shortlist/save" {
                (token.field())
                input type="hidden" name="id" value=(join(&ids, "-"));
                button class="kith-button" type="submit" { "Add these to my shortlist" }
            }
        }
    };
    Ok(super::private(
        page(
            "Shared shortlist",
            &[Crumb {
                text: "Home",
                href: "/",
            }],
            body,
        ),
        &token,
        &req,
    ))
}

/// One page, large type, for printing and taking along.
pub async fn print(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let (cards, next) = with_next_sessions(&state, ids_from(&req)).await?;
    let body = html! {
        div class="kith-plan" {
            h1 class="kith-heading-xl" { "My plan" }
            @if cards.is_empty() {
                p class="kith-body" { "Your shortlist is empty. " a href="/search" { "Search for something to do" } }
            } @else {
                p class="kith-body kith-no-print" { "Use your browser's Print command to print this page." }
                (plan(&cards, &next))
            }
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .content_type("text/html; charset=utf-8")
        .body(
            page(
                "My plan",
                &[Crumb {
                    text: "Your shortlist",
                    href: "/shortlist",
                }],
                body,
            )
            .into_string(),
        ))
}

/// The shortlisted listings that are still published, and when each group
/// or event next meets (moves and cancellations applied), read together.
async fn with_next_sessions(
    state: &AppState,
    ids: Vec<i32>,
) -> Result<(Vec<ListingCard>, HashMap<i32, NaiveDateTime>), WebError> {
    state
        .read(move |conn| {
            let cards = cards_by_ids(conn, &ids)?;
            let next = next_sessions(conn, &cards, now())?;
            Ok((cards, next))
        })
        .await
}

fn plan(cards: &[ListingCard], next: &HashMap<i32, NaiveDateTime>) -> Markup {
    html! {
        ol class="kith-plan__list" {
            @for card in cards {
                li {
                    h2 class="kith-heading-m" { a href=(card.path()) { (card.name) } }
                    p class="kith-body-l" { (card.summary) }
                    p class="kith-body" {
                        (cost_words(card.cost_kind, card.cost_pence))
                        @if let Some(next) = next.get(&card.id) { " · Next: " (long_date_time(*next)) }
                    }
                }
            }
        }
    }
}

fn email_page(form: &Form, token: &Token, cards: &[ListingCard]) -> Markup {
    page(
        &form.title("Email your shortlist"),
        &[Crumb {
            text: "Your shortlist",
            href: "/shortlist",
        }],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Email your shortlist" }
                @if cards.is_empty() {
                    p class="kith-body" { "Your shortlist is empty, so there is nothing to send yet. " a href="/search" { "Search for something to do" } }
                } @else {
                    p class="kith-body" { "We will email the " (cards.len()) @if cards.len() == 1 { " thing" } @else { " things" } " on your shortlist, with when, where and a link to each." }
                    form method="post" action="/shortlist/email" novalidate {
                        (token.field())
                        (form.input(Field::new("email", "Email address").hint("Yours, or the person you are helping. We use it only to send this email.").kind("email", "email")))
                        button class="kith-button" type="submit" { "Send" }
                    }
                }
            } }
        },
    )
}

/// The form to email the shortlist; a signed-in person's address is filled in.
pub async fn email_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Option<Viewer>,
) -> Result<HttpResponse, WebError> {
    let ids = ids_from(&req);
    let cards = state.db(move |conn| cards_by_ids(conn, &ids)).await?;
    let token = Token::for_request(&req);
    let form = Form::new().with("email", viewer.as_ref().map_or("", |v| v.person.email.as_str()));
    Ok(super::private(email_page(&form, &token, &cards), &token, &req))
}

/// Sends the shortlist through the outbox. Rate-limited per address and per
/// recipient like every email a visitor can ask for, so the form cannot be
/// used to flood an inbox.
pub async fn email(state: web::Data<AppState>, req: HttpRequest, fields: Fields) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (cards, next) = with_next_sessions(&state, ids_from(&req)).await?;
    let to = match accounts::person::normalise_email(form.value("email")) {
        Ok(to) => Some(to),
        Err(accounts::AccountError::Invalid { field, message }) => {
            form.error(field, message);
            None
        }
        Err(e) => return Err(e.into()),
    };
    let mut status = StatusCode::BAD_REQUEST;
    if let (Some(to), false) = (to, cards.is_empty()) {
        let site = state.accounts.site.clone();
        let message = shortlist_email(&site, &cards, &next);
        let (address, t, sent_to) = (crate::auth::client_address(&req), now(), to.clone());
        let sent = state
            .accounts(move |c| {
                use accounts::throttle::{hit, EMAILS_ACCOUNT, EMAILS_ADDRESS};
                hit(c, &format!("emails:address:{address}"), EMAILS_ADDRESS, t)?;
                hit(c, &format!("emails:account:{to}"), EMAILS_ACCOUNT, t)?;
                let email = message.render(&site, mail::EmailAddress::parse(&to)?, "")?;
                mail::enqueue(c, &email, t)?;
                Ok(())
            })
            .await?;
        match sent {
            Ok(()) => {
                let body = html! {
                    h1 class="kith-heading-l" { "Your shortlist is on its way" }
                    p class="kith-body" { "We have sent it to " strong { (sent_to) } ". It may take a few minutes to arrive." }
                    p class="kith-body" { a href="/shortlist" { "Back to your shortlist" } }
                };
                return Ok(super::private(
                    page("Your shortlist is on its way", &[], body),
                    &token,
                    &req,
                ));
            }
            Err(e @ accounts::AccountError::Throttled { .. }) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                form.error("email", e.to_string());
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(super::private_with_status(
        status,
        email_page(&form, &token, &cards),
        &token,
        &req,
    ))
}

/// The shortlist as an email: each listing's name, cost, next date and link.
fn shortlist_email(site: &mail::Site, cards: &[ListingCard], next: &HashMap<i32, NaiveDateTime>) -> mail::Message {
    let base = site.url.trim_end_matches('/');
    let mut message = mail::Message::new("Your shortlist").paragraph("Here are the things on your shortlist.");
    for card in cards {
        let mut line = format!("{} ({})", card.name, cost_words(card.cost_kind, card.cost_pence));
        if let Some(next) = next.get(&card.id) {
            line.push_str(&format!(", next on {}", long_date_time(*next)));
        }
        line.push_str(&format!(": {base}{}", card.path()));
        message = message.paragraph(&line);
    }
    message.paragraph("If you would like help to go along to any of these, the connecting team can help: see the Get help page on the site.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_are_parsed_in_order_without_repeats_or_junk() {
        assert_eq!(parse_ids("3.1.3.x.-4.0.2"), vec![3, 1, 4, 2]);
        assert_eq!(parse_ids("7-8-9"), vec![7, 8, 9]);
        assert_eq!(
            parse_ids(&(1..200).map(|i| i.to_string()).collect::<Vec<_>>().join(".")).len(),
            MAX_ITEMS
        );
        assert!(parse_ids("").is_empty());
    }

    #[test]
    fn back_links_stay_on_this_site() {
        assert_eq!(safe_back(Some("/search?q=walk")), "/search?q=walk");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_back(Some(bad)), "/shortlist", "{bad}");
        }
        assert_eq!(safe_back(None), "/shortlist");
    }

    proptest! {
        #[test]
        fn no_cookie_value_panics(s in "\\PC{0,100}") {
            let ids = parse_ids(&s);
            prop_assert!(ids.len() <= MAX_ITEMS && ids.iter().all(|i| *i > 0));
        }
    }
}
