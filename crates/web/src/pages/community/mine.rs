//! A member's own groups and events.

use actix_web::{web, HttpRequest, HttpResponse};
use community::events::Answer;
use community::groups::Membership;
use maud::html;

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::community::read;
use crate::state::{now, AppState};

fn crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Your account",
        href: "/account",
    }]
}

/// `GET /my/groups`: the groups a member belongs to, and those they
/// started that are not on the site yet, with a way to start one.
pub async fn groups(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let (groups, started) = read(&state, move |c| {
        Ok((
            community::groups::my_groups(c, me)?,
            directory::publishing::unpublished_of(c, me)?,
        ))
    })
    .await?;
    let token = Token::for_request(&req);
    let body = page(
        "My groups",
        &crumbs(),
        html! {
            h1 class="kith-heading-l" { "My groups" }
            @if groups.is_empty() {
                p class="kith-body" { "You have not joined any groups yet." }
                p class="kith-body" { a href="/search?kind=group" { "Find a group near you" } }
            } @else {
                ul class="kith-list" {
                    @for g in &groups {
                        li {
                            h2 class="kith-heading-s" { a href={ "/groups/" (g.slug) } { (g.name) } }
                            p class="kith-body" { (g.summary) }
                            p class="kith-body" {
                                @match g.membership {
                                    Membership::Member { organiser: true } => "You are a member and co-organiser.",
                                    Membership::Member { organiser: false } => "You are a member.",
                                    Membership::Requested => "You have asked to join.",
                                    Membership::Invited => "You are invited to join.",
                                    Membership::None => "",
                                }
                            }
                            @if g.membership == (Membership::Member { organiser: true }) {
                                p class="kith-body" {
                                    a href={ "/organise/groups/" (g.group_id) "/members" } { "Members and requests" span class="kith-visually-hidden" { " of " (g.name) } }
                                }
                            }
                        }
                    }
                }
            }
            @if !started.is_empty() {
                h2 class="kith-heading-m" { "Groups you started that are not on the site" }
                ul class="kith-list" {
                    @for s in &started {
                        li {
                            h3 class="kith-heading-s" { (s.listing.name) }
                            p class="kith-body" {
                                @if s.waiting {
                                    strong class="kith-tag kith-tag--blue" { "Waiting for review" }
                                    " An editor will check it and email you."
                                } @else if let Some(reason) = &s.rejected_because {
                                    strong class="kith-tag kith-tag--grey" { "Not published" }
                                    " The editor said: " (reason)
                                } @else {
                                    strong class="kith-tag kith-tag--grey" { "Not on the site" }
                                }
                            }
                            p class="kith-body" {
                                a href={ "/organise/listings/" (s.listing.id) "/edit" } {
                                    @if s.waiting { "Change it" } @else { "Change it and send it again" }
                                    span class="kith-visually-hidden" { ": " (s.listing.name) }
                                }
                            }
                        }
                    }
                }
            }
            h2 class="kith-heading-m" { "Start a group" }
            p class="kith-body" { "Is there something you would like to do with other people, like a walking group or a board-games night? You can start a group and run it yourself." }
            p class="kith-body" { a class="kith-button kith-button--secondary" href="/groups/start" { "Start a group" } }
        },
    );
    Ok(crate::pages::private(body, &token, &req))
}

/// `GET /my/events`
pub async fn events(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let events = read(&state, move |c| community::events::my_events(c, me, now())).await?;
    let token = Token::for_request(&req);
    let body = page(
        "My events",
        &crumbs(),
        html! {
            h1 class="kith-heading-l" { "My events" }
            @if events.is_empty() {
                p class="kith-body" { "You have not said you are going to any events yet." }
                p class="kith-body" { a href="/whats-on" { "See what's on" } }
            } @else {
                table class="kith-table" {
                    thead { tr { th scope="col" { "When" } th scope="col" { "Event" } th scope="col" { "Your place" } } }
                    tbody {
                        @for e in &events {
                            tr {
                                td { (long_date_time(e.starts_at)) }
                                td { a href={ "/events/" (e.slug) } { (e.name) } }
                                td {
                                    @match e.answer {
                                        Answer::Going => "Going",
                                        Answer::Waiting { position } => { "Number " (position) " on the waiting list" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    );
    Ok(crate::pages::private(body, &token, &req))
}
