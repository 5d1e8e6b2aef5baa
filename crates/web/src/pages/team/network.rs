//! The person's social network map, for the team only: people in three
//! rings by closeness at the start and at the end, each map drawn as
//! concentric circles in SVG with the same people in a table beside it
//! (the drawing is for seeing at a glance; the table is the data, for
//! screen readers and print), and the new connections made on the way.
//!
//! The SVG is built with maud like the rest of the page, so every name is
//! escaped; it is styled by attributes, not the stylesheet, so it prints
//! as it shows.

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::measures::Point;
use referral::network::{new_connections, Connection, ConnectionForm, MAP_POINTS, RINGS};
use referral::{ReferralError, Staff};

use super::person::{
    confirmation, override_field, override_reason, overriding, person_name, show_errors, with_crumbs, Done,
};
use super::{open, Opened};
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

/// The drawing's size, and the outer edge of each ring.
const SIZE: f64 = 320.0;
const RING_EDGES: [f64; 3] = [55.0, 105.0, 155.0];

/// Where the `n`th of `count` people in `ring` (1–3) goes: evenly round
/// the middle of the ring's band, each ring turned a little so names on
/// neighbouring rings do not line up.
fn position(ring: i32, n: usize, count: usize) -> (f64, f64) {
    let band = usize::try_from(ring - 1).unwrap_or(0).min(2);
    let inner = if band == 0 { 20.0 } else { RING_EDGES[band - 1] };
    let radius = (inner + RING_EDGES[band]) / 2.0;
    let turn = band as f64 * 0.35;
    let angle = -std::f64::consts::FRAC_PI_2 + turn + std::f64::consts::TAU * n as f64 / count.max(1) as f64;
    let centre = SIZE / 2.0;
    (centre + radius * angle.cos(), centre + radius * angle.sin())
}

fn coordinate(v: f64) -> String {
    format!("{v:.1}")
}

fn ring_words(ring: i32) -> &'static str {
    RINGS.iter().find(|(r, _)| *r == ring).map_or("", |(_, words)| words)
}

fn is_new(c: &Connection, new: &[&Connection]) -> bool {
    new.iter().any(|n| n.id == c.id)
}

/// One map as concentric circles, the person in the middle.
fn drawing(point: Point, people: &[&Connection], new: &[&Connection]) -> Markup {
    let title_id = format!("network-{}-title", point.code());
    let centre = coordinate(SIZE / 2.0);
    let counts: Vec<usize> = (1..=3).map(|r| people.iter().filter(|c| c.ring == r).count()).collect();
    let summary = format!(
        "Social network map {}: {} closest, {} close, {} wider",
        point.label().to_lowercase(),
        counts[0],
        counts[1],
        counts[2]
    );
    html! {
        svg class="kith-network-map" xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (SIZE) " " (SIZE) }
            width="320" height="320" role="img" aria-labelledby=(title_id) font-family="Arial, sans-serif" {
            title id=(title_id) { (summary) }
            @for edge in RING_EDGES.iter().rev() {
                circle cx=(centre) cy=(centre) r=(coordinate(*edge)) fill="none" stroke="#505a5f" stroke-width="1.5" {}
            }
            circle cx=(centre) cy=(centre) r="14" fill="#1d70b8" {}
            text x=(centre) y=(coordinate(SIZE / 2.0 + 4.0)) text-anchor="middle" font-size="10" fill="#ffffff" { "Them" }
            @for ring in 1..=3 {
                @let in_ring: Vec<&&Connection> = people.iter().filter(|c| c.ring == ring).collect();
                @for (n, c) in in_ring.iter().enumerate() {
                    @let (x, y) = position(ring, n, in_ring.len());
                    @let fresh = is_new(c, new);
                    circle cx=(coordinate(x)) cy=(coordinate(y)) r=(if fresh { "7" } else { "5" })
                        fill=(if fresh { "#00703c" } else { "#0b0c0c" }) stroke="#ffffff" stroke-width="1" {}
                    text x=(coordinate(x)) y=(coordinate(y - 9.0)) text-anchor="middle" font-size="10" fill="#0b0c0c" {
                        (c.name) @if fresh { " (new)" }
                    }
                }
            }
        }
    }
}

/// The maps at the start and the end as drawings, for the printable
/// record (which lists the same people as text beside them).
pub(crate) fn drawings(map: &[Connection]) -> Markup {
    let new = new_connections(map);
    html! {
        @for point in MAP_POINTS {
            @let people: Vec<&Connection> = map.iter().filter(|c| c.point() == Some(point)).collect();
            @if !people.is_empty() {
                h3 class="kith-heading-s" { (point.label()) }
                (drawing(point, &people, &new))
            }
        }
    }
}

/// One map: the drawing and the same people in a table, with a way to
/// take each off.
fn map_section(opened: &Opened, point: Point, new: &[&Connection], token: &Token, changeable: bool) -> Markup {
    let r = &opened.record.referral;
    let people: Vec<&Connection> = opened
        .record
        .network
        .iter()
        .filter(|c| c.point() == Some(point))
        .collect();
    html! {
        h2 class="kith-heading-m" { (point.label()) }
        @if people.is_empty() {
            p class="kith-body" { "Nobody on this map yet." }
        } @else {
            div class="kith-network" {
                (drawing(point, &people, new))
                div class="kith-table-wrapper" tabindex="0" role="region" aria-label={ "People on the map " (point.label().to_lowercase()) } {
                    table class="kith-table" {
                        thead { tr {
                            th scope="col" { "Name" }
                            th scope="col" { "Who they are" }
                            th scope="col" { "How close" }
                            th scope="col" { "New" }
                            @if changeable { th scope="col" { span class="kith-visually-hidden" { "Remove" } } }
                        } }
                        tbody {
                            @for c in &people {
                                tr {
                                    td { (c.name) }
                                    td { (c.relationship) }
                                    td { (ring_words(c.ring)) }
                                    td { @if is_new(c, new) { "Yes" } }
                                    @if changeable {
                                        td {
                                            form method="post" action={ "/team/referrals/" (r.id) "/network/" (c.id) "/remove" } {
                                                (token.field())
                                                button class="kith-button kith-button--secondary" type="submit" {
                                                    "Remove" span class="kith-visually-hidden" { " " (c.name) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn network_page(opened: &Opened, viewer: &Viewer, token: &Token, form: &Form, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let map = &opened.record.network;
    let new = new_connections(map);
    let changeable = r.anonymised_at.is_none();
    let has = |p: Point| map.iter().any(|c| c.point() == Some(p));
    let title = "Social network map";
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (form.summary())
            (confirmation(match done { Some("added") => Some("The person has been added to the map."), Some("removed") => Some("The person has been taken off the map."), Some("copied") => Some("The map at the end starts as a copy of the map at the start."), _ => None }))
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Draw it together at the start and again at the end. First names or initials only: the people on it have not agreed to be recorded." }
            @if has(Point::End) {
                p class="kith-body" { strong {
                    @match new.len() {
                        0 => { "No new connections yet." }
                        1 => { "1 new connection made during the programme." }
                        n => { (n) " new connections made during the programme." }
                    }
                } }
            }
            @if changeable {
                a class="kith-button" href={ "/team/referrals/" (r.id) "/network/new" } { "Add someone to a map" }
                @if has(Point::Start) && !has(Point::End) {
                    form id="copy-form" method="post" action={ "/team/referrals/" (r.id) "/network/copy" } {
                        (token.field())
                        @if overriding(viewer, r) { (override_field(form)) }
                        button class="kith-button kith-button--secondary" type="submit" { "Start the map at the end from the map at the start" }
                    }
                }
            }
            @for point in MAP_POINTS {
                (map_section(opened, point, &new, token, changeable))
            }
        },
    )
}

/// Both maps of one person.
pub async fn network(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    query: web::Query<Done>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::OK,
        network_page(&opened, &viewer, &token, &Form::new(), query.done.as_deref()),
        &token,
        &req,
    ))
}

fn add_page(opened: &Opened, viewer: &Viewer, form: &Form, token: &Token) -> Markup {
    let r = &opened.record.referral;
    let title = "Add someone to a map";
    let points: Vec<(&str, &str)> = MAP_POINTS.iter().map(|p| (p.code(), p.label())).collect();
    let rings: Vec<(String, &str)> = RINGS.iter().map(|(n, words)| (n.to_string(), *words)).collect();
    let rings: Vec<(&str, &str)> = rings.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/network" } { "Back to the map" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() {
                div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be added." } }
            } @else {
                form id="casework-form" method="post" action={ "/team/referrals/" (r.id) "/network/new" } novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.radios("point", "Which map?", None, &points))
                    (form.input(Field::new("name", "First name or initials").hint("Not their surname: they have not agreed to be recorded").width(20)))
                    (form.input(Field::new("relationship", "Who are they to the person?").hint("For example, sister, neighbour, volunteer at the garden")))
                    (form.radios("ring", "How close are they?", None, &rings))
                    (form.checkboxes("is_new", "New connections", Some("On the map at the end only"), &[("yes", "They met during the programme")]))
                    button class="kith-button" type="submit" { "Add to the map" }
                }
            }
        },
    )
}

/// The form to add someone to a map; the end map once the start has people.
pub async fn add_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    let started = opened.record.network.iter().any(|c| c.point() == Some(Point::Start));
    let point = if started { Point::End } else { Point::Start };
    let form = Form::new().with("point", point.code());
    let status = opened.form_status();
    Ok(sensitive(
        status,
        add_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}

/// Adds someone to a map, or shows the form again with every problem.
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let id = id.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let person = ConnectionForm {
        point: form.value("point").to_owned(),
        name: form.value("name").to_owned(),
        relationship: form.value("relationship").to_owned(),
        ring: form.value("ring").to_owned(),
        is_new: form.value("is_new") == "yes",
    };
    let (actor, t) = (viewer.actor.clone(), now());
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::network::add(c, &by, id, &person, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/network?done=added"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        add_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}

/// Copies the start map to the end, or shows the map page with why not.
pub async fn copy(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let id = id.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let (actor, t) = (viewer.actor.clone(), now());
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::network::copy_start_to_end(c, &by, id, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/network?done=copied"))),
        Err(ReferralError::Transition(m)) => {
            form.error("copy-form", m);
            StatusCode::CONFLICT
        }
        // The missing reason, on its field.
        Err(e @ (ReferralError::Invalid { .. } | ReferralError::Form(_))) => show_errors(e, &mut form)?,
        Err(e) => return Err(e.into()),
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        network_page(&opened, &viewer, &token, &form, None),
        &token,
        &req,
    ))
}

/// Takes someone off a map. Audited like every change; the remove buttons
/// carry no reason field, so a manager's removal on another coach's case
/// is recorded without one.
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, connection_id) = path.into_inner();
    let form = Form::submitted(&req, fields.into_inner())?;
    let reason = form.value("override_reason").trim().to_owned();
    let (actor, t) = (viewer.actor.clone(), now());
    state
        .transact(move |c| referral::network::remove(c, &Staff::because(&actor, &reason), id, connection_id, t))
        .await??;
    Ok(see_other(&format!("/team/referrals/{id}/network?done=removed")))
}
