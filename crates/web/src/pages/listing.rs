//! One page per organisation, group, event and place: everything a person
//! needs to decide to go — when, where, cost, access, what the first visit
//! is like, and how to get in touch.

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use directory::listing::{cost_words, find_public, ListingDetail};
use directory::{Kind, Reference};
use maud::{html, Markup};

use crate::components::{long_date_time, plural, results, schedule_words};
use crate::csrf::Token;
use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::shortlist;
use crate::state::{now, AppState};

pub async fn organisation(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    show(state, Kind::Organisation, slug.into_inner(), req).await
}

pub async fn group(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    show(state, Kind::Group, slug.into_inner(), req).await
}

pub async fn event(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    show(state, Kind::Event, slug.into_inner(), req).await
}

pub async fn place(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    show(state, Kind::Place, slug.into_inner(), req).await
}

async fn show(
    state: web::Data<AppState>,
    kind: Kind,
    slug: String,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let detail = state.read(move |conn| find_public(conn, kind, &slug, now())).await?;
    let reference = state.reference.clone();
    let token = Token::for_request(&req);
    let listed = shortlist::ids_from(&req).contains(&detail.listing.id);
    let viewer = req.extensions().get::<crate::auth::Viewer>().cloned();
    let taking_part = super::community::panel(&state, viewer.as_ref(), &detail.listing, &token).await?;
    Ok(super::private(
        render(&detail, &reference, &token, listed, req.path(), taking_part),
        &token,
        &req,
    ))
}

fn render(
    d: &ListingDetail,
    reference: &Reference,
    token: &Token,
    listed: bool,
    here: &str,
    taking_part: Markup,
) -> Markup {
    let l = &d.listing;
    let borough = l.borough_id.and_then(|id| reference.borough(id));
    let interests: Vec<_> = d
        .tags
        .interests
        .iter()
        .filter_map(|id| reference.interest(*id))
        .collect();
    let served: Vec<_> = d
        .tags
        .boroughs_served
        .iter()
        .filter_map(|id| reference.borough(*id))
        .collect();
    let borough_href = borough.map(|b| format!("/boroughs/{}", b.slug));
    let mut crumbs = vec![Crumb {
        text: "Home",
        href: "/",
    }];
    if let (Some(b), Some(href)) = (borough, &borough_href) {
        crumbs.push(Crumb { text: &b.name, href });
    }
    // Where it happens: its own address, or its venue's.
    let venue = d.place.as_ref();
    let (address, postcode, lat, lon, where_borough) = match venue {
        Some(p) => (
            &p.address,
            &p.postcode,
            p.latitude,
            p.longitude,
            p.borough_id.and_then(|id| reference.borough(id)),
        ),
        None => (&l.address, &l.postcode, l.latitude, l.longitude, borough),
    };
    let facilities = if l.kind == Kind::Place {
        &d.tags.facilities
    } else {
        &d.place_facilities
    };
    let now = now();
    let body = html! {
        @if directory::publishing::is_out_of_date(l, now) {
            div class="kith-warning-text" {
                p class="kith-body" {
                    span class="kith-visually-hidden" { "Warning" }
                    "This information may be out of date. Nobody has checked it since "
                    (l.last_checked_at.format("%-d %B %Y"))
                    ". Get in touch before you go."
                }
            }
        }
        span class="kith-caption-m" { (l.kind.label()) }
        h1 class="kith-heading-xl" { (l.name) }
        @if d.member_led {
            p class="kith-body" { strong class="kith-tag kith-tag--green" { "Member-led group" } " Started by a member of Kith, not an organisation." }
        }
        p class="kith-body-l" { (l.summary) }
        (shortlist::button(token, l.id, listed, here, &l.name))
        (taking_part)
        @if !interests.is_empty() {
            ul class="kith-list kith-list--inline" aria-label="Interests" {
                @for i in &interests {
                    li { a class="kith-tag kith-tag--blue" href={ "/interests/" (i.slug) } { (i.name) } }
                }
            }
        }
        div class="kith-grid-row" {
            div class="kith-grid-column-two-thirds" {
                h2 class="kith-heading-m" { "About" }
                @for para in l.description.split("\n\n") {
                    p class="kith-body" { (para) }
                }
                @if let Some(start) = l.starts_at {
                    h2 class="kith-heading-m" { "When" }
                    p class="kith-body" { (schedule_words(start, l.ends_at, l.rrule.as_deref())) }
                    @if d.upcoming.is_empty() {
                        p class="kith-body" { "There are no upcoming dates." }
                    } @else if l.rrule.is_some() {
                        h3 class="kith-heading-s" { "Next dates" }
                        ul class="kith-list kith-list--bullet" {
                            @for o in &d.upcoming {
                                li {
                                    @if let Some(reason) = &o.cancelled {
                                        del { (long_date_time(o.starts_at)) }
                                        " " strong class="kith-tag kith-tag--red" { "Cancelled" }
                                        " " (reason)
                                    } @else {
                                        (long_date_time(o.starts_at))
                                        @if let Some(m) = &o.moved {
                                            " " strong class="kith-tag kith-tag--blue" { "Moved" }
                                            " from " (long_date_time(m.from))
                                            @if !m.note.is_empty() { ". " (m.note) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                h2 class="kith-heading-m" { "Where" }
                @if let Some(p) = venue {
                    p class="kith-body" { a href={ "/places/" (p.slug) } { (p.name) } }
                }
                @if address.is_empty() && postcode.is_none() {
                    p class="kith-body" { "No address is listed. Get in touch to ask where it happens." }
                } @else {
                    p class="kith-body" {
                        (address)
                        @if let Some(pc) = postcode { br; (pc) }
                        @if let Some(b) = where_borough { br; (b.name) }
                    }
                }
                @if !served.is_empty() {
                    p class="kith-body" { "Also works across: "
                        @for (i, b) in served.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "/boroughs/" (b.slug) } { (b.name) }
                        }
                    }
                }
                h3 class="kith-heading-s" { "Access" }
                @if facilities.is_empty() {
                    p class="kith-body" { "No access information has been given. Get in touch to ask before you go." }
                } @else {
                    ul class="kith-list kith-list--bullet" {
                        @for f in facilities { li { (f.label()) } }
                    }
                }
                h2 class="kith-heading-m" { "Cost" }
                p class="kith-body" { (cost_words(l.cost_kind, l.cost_pence)) }
                @if !l.cost_note.is_empty() {
                    p class="kith-body" { (l.cost_note) }
                }
                h2 class="kith-heading-m" { "Who it is for" }
                @if d.tags.audiences.is_empty() && l.age_min.is_none() && l.age_max.is_none() {
                    p class="kith-body" { "Everyone is welcome." }
                } @else {
                    ul class="kith-list kith-list--bullet" {
                        @match (l.age_min, l.age_max) {
                            (Some(a), Some(b)) => li { "Ages " (a) " to " (b) },
                            (Some(a), None) => li { "Ages " (a) " and over" },
                            (None, Some(b)) => li { "Ages up to " (b) },
                            (None, None) => {},
                        }
                        @for a in &d.tags.audiences { li { (a.label()) } }
                    }
                }
                h2 class="kith-heading-m" { "What to expect on your first visit" }
                p class="kith-body" { (l.first_visit) }
                p class="kith-body" {
                    @if l.booking_required { "You need to book before you go." } @else { "You do not need to book: you can just turn up." }
                }
                h2 class="kith-heading-m" { "Contact" }
                dl class="kith-summary-list" {
                    @if !l.contact_name.is_empty() {
                        div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Name" } dd class="kith-summary-list__value" { (l.contact_name) } }
                    }
                    @if !l.contact_phone.is_empty() {
                        div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Phone" } dd class="kith-summary-list__value" { a href={ "tel:" (l.contact_phone.replace(' ', "")) } { (l.contact_phone) } } }
                    }
                    @if !l.contact_email.is_empty() {
                        div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Email" } dd class="kith-summary-list__value" { a href={ "mailto:" (l.contact_email) } { (l.contact_email) } } }
                    }
                    @if l.website.starts_with("https://") || l.website.starts_with("http://") {
                        div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Website" } dd class="kith-summary-list__value" { a href=(l.website) { (l.website) } } }
                    }
                    @if let Some(org) = &d.organisation {
                        div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Run by" } dd class="kith-summary-list__value" { a href=(org.path()) { (org.name) } } }
                    } @else if d.member_led {
                        div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Run by" } dd class="kith-summary-list__value" { "A member of Kith" } }
                    }
                }
                @if !d.related.is_empty() {
                    h2 class="kith-heading-m" {
                        @if l.kind == Kind::Organisation { "What " (l.name) " runs" } @else { "What happens here" }
                    }
                    (results(&d.related, &d.related_next, reference))
                }
                p class="kith-body-s kith-hint" { "Last checked " (l.last_checked_at.format("%-d %B %Y")) "." }
                ul class="kith-list" {
                    @if l.kind != Kind::Place {
                        li { a href={ "/" (l.kind.path_segment()) "/" (l.slug) "/contact" } { "Contact the organisers" } }
                    }
                    li { a href={ "/" (l.kind.path_segment()) "/" (l.slug) "/report" } { "Report a problem with this page" } }
                    @if l.kind == Kind::Organisation && crate::auth::signed_in() {
                        li { a href={ "/organisations/" (l.slug) "/claim" } { "Is this your organisation?" } }
                    }
                }
            }
            div class="kith-grid-column-one-third" {
                @if let (Some(b), Some(lat), Some(lon)) = (where_borough, lat, lon) {
                    @if let Some(map) = crate::locator::locator(&b.code, Some((lat, lon)), &format!("Map of London showing where {} is, in {}", l.name, b.name)) {
                        (map)
                    }
                }
                nav class="kith-facets" aria-label="More like this" {
                    h2 class="kith-heading-s" { "More like this" }
                    ul class="kith-list" {
                        @for i in &interests { li { a href={ "/interests/" (i.slug) } { "More " (i.name.to_lowercase()) } } }
                        @if let Some(b) = where_borough {
                            li { a href={ "/boroughs/" (b.slug) "?kind=" (l.kind.code()) } { (plural(l.kind)) " in " (b.name) } }
                        }
                    }
                }
            }
        }
    };
    page(&l.name, &crumbs, body)
}
