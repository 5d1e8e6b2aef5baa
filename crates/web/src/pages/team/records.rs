//! A referral's record as a whole, for managers: who has seen or changed
//! it (the audit trail), the whole record for a subject access request (as
//! JSON to download, or a page to print), and erasure on request. Each is
//! audited by the referral crate.

use accounts::Action;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::html;
use referral::{ReferralError, Staff, Status};

use super::{crumbs, open, row, stage_words, who, Opened};
use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::page;
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

/// What an audit action means, in words.
fn action_words(action: &str) -> String {
    match action.strip_prefix("referral.") {
        Some("viewed") => "Opened the referral".to_owned(),
        Some("listed") => "Saw it on a caseload".to_owned(),
        Some("exported") => "Exported the record".to_owned(),
        Some("erased") => "Erased the person's details".to_owned(),
        Some(other) => format!("Changed it: {}", other.replace('_', " ")),
        None => action.replace(['.', '_'], " "),
    }
}

/// Every view, change and export of one referral, newest first.
pub async fn audit(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let id = id.into_inner();
    let opened = open(&state, &viewer, id).await?;
    let actor = viewer.actor.clone();
    let (entries, names) = state
        .transact(move |c| {
            let entries = referral::audit_trail(c, &Staff::new(&actor), id)?;
            let mut ids: Vec<i32> = entries.iter().filter_map(|e| e.actor_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let names = referral::staff_names(c, &ids)?;
            Ok::<_, ReferralError>((entries, names))
        })
        .await??;
    let r = &opened.record.referral;
    let title = format!("Who has seen or changed {}", r.reference);
    let token = Token::for_request(&req);
    let body = html! {
        a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
        h1 class="kith-heading-l" { (title) }
        p class="kith-body" { (entries.len()) " entries, newest first. Opening this page is one of them." }
        div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Audit trail" {
            table class="kith-table" {
                thead { tr {
                    th scope="col" { "When" }
                    th scope="col" { "Who" }
                    th scope="col" { "What" }
                    th scope="col" { "Why" }
                } }
                tbody {
                    @for e in &entries {
                        tr {
                            td { (long_date_time(e.at)) }
                            td {
                                @match e.actor_id {
                                    Some(a) => (names.get(&a).map_or("A former member of the team", String::as_str)),
                                    None => "Kith",
                                }
                            }
                            td { (action_words(&e.action)) }
                            td { (e.reason) }
                        }
                    }
                }
            }
        }
    };
    Ok(sensitive(StatusCode::OK, page(&title, &crumbs(), body), &token, &req))
}

/// The whole record as a JSON file, for a subject access request.
pub async fn export(state: web::Data<AppState>, viewer: Viewer, id: web::Path<i32>) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let (actor, id, t) = (viewer.actor.clone(), id.into_inner(), now());
    let json = state
        .transact(move |c| referral::export(c, &Staff::new(&actor), id, t))
        .await??;
    let body = serde_json::to_string_pretty(&json).map_err(ReferralError::from)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"referral-{id}.json\""),
        ))
        .body(body))
}

/// The whole record on one page to print, for a subject access request
/// from someone who wants it on paper. Counts as an export in the audit
/// log.
pub async fn print(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let (actor, id, t) = (viewer.actor.clone(), id.into_inner(), now());
    state
        .transact(move |c| referral::export(c, &Staff::new(&actor), id, t))
        .await??;
    let opened = open(&state, &viewer, id).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(StatusCode::OK, print_page(&state, &opened), &token, &req))
}

fn print_page(state: &AppState, opened: &Opened) -> maud::Markup {
    let record = &opened.record;
    let r = &record.referral;
    let title = format!("The record of referral {}", r.reference);
    page(
        &title,
        &crumbs(),
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Printed " (long_date_time(now())) ". Everything the connecting team holds about this referral." }
            h2 class="kith-heading-m" { "The referral" }
            dl class="kith-summary-list" {
                (row("Reference", &r.reference))
                (row("Stage", &stage_words(r, opened.paused())))
                (row("Received", &long_date_time(r.created_at)))
                (row("Consent given", &long_date_time(r.consent_given_at)))
                (row("Consent wording", &r.consent_wording_version))
                (row("Allocated to", if r.worker_id.is_some() { opened.name(r.worker_id) } else { "" }))
                (row("Suitability", &r.suitability_reason))
                (row("Complexity", r.complexity.as_deref().unwrap_or("")))
                (row("Outcome", r.outcome().map_or("", |o| o.label())))
                (row("Referred to", &r.referred_to))
                (row("Closing summary", &r.closing_summary))
            }
            (who(state, record))
            @if !record.pauses.is_empty() {
                h2 class="kith-heading-m" { "Pauses" }
                ul class="kith-list" {
                    @for p in &record.pauses {
                        li {
                            (long_date_time(p.started_at))
                            @if let Some(end) = p.ended_at { " to " (long_date_time(end)) } @else { " (still paused)" }
                            ": " (p.reason)
                        }
                    }
                }
            }
            h2 class="kith-heading-m" { "Timeline" }
            ol class="kith-list" {
                @for e in &record.timeline {
                    li { strong { (long_date_time(e.at)) } ": " (e.kind.replace('_', " ")) @if !e.note.is_empty() { " — " (e.note) } }
                }
            }
            (casework(opened))
        },
    )
}

/// The casework on the printed record: everything in the same words as
/// its own pages, as lists that print on any paper.
fn casework(opened: &Opened) -> maud::Markup {
    let record = &opened.record;
    html! {
        h2 class="kith-heading-m" { "Contacts" }
        p class="kith-body" { (referral::casework::Totals::of(&record.contacts).summary()) }
        ul class="kith-list" {
            @for c in &record.contacts {
                li {
                    (c.contact_on.format("%-d %B %Y")) ": " (c.mode().map_or(c.mode.as_str(), |m| m.label()))
                    ", " (referral::casework::duration_words(i64::from(c.minutes))) ", " (opened.name(c.worker_id))
                    @if !c.note.is_empty() { " — " (c.note) }
                }
            }
        }
        h2 class="kith-heading-m" { "Outcome measures" }
        ul class="kith-list" {
            @for m in &record.measures {
                li {
                    (m.instrument().map_or(m.instrument.as_str(), |i| i.short_name())) ", "
                    (m.point().map_or(m.point.as_str(), |p| p.label()).to_lowercase()) " (" (m.taken_on.format("%-d %B %Y")) "): answers "
                    (m.responses) ", total " (m.total)
                    @if let Some(metric) = m.metric() { ", metric score " (referral::measures::metric_words(metric)) }
                }
            }
        }
        h2 class="kith-heading-m" { "Strengths and barriers" }
        ul class="kith-list" {
            @for s in &record.strengths {
                li { (if s.whose() == Some(referral::profile::Whose::Coach) { "The coach's: " } else { "Theirs: " }) (s.words) }
            }
            @for b in &record.barriers {
                li { (b.barrier().map_or(b.barrier.as_str(), |b| b.label())) ": " (b.note) @if !b.done.is_empty() { " — done: " (b.done) } }
            }
        }
        h2 class="kith-heading-m" { "Goals and steps" }
        ul class="kith-list" {
            @for g in &record.goals {
                li {
                    "“" (g.words) "”"
                    ul class="kith-list" {
                        @for s in record.steps.iter().filter(|s| s.goal_id == g.id) {
                            li {
                                (s.words) ": " (s.status().label())
                                @if !s.stopped_why.is_empty() { " (" (s.stopped_why) ")" }
                                @if let Some(d) = s.due_on { ", by " (d.format("%-d %B %Y")) }
                            }
                        }
                    }
                }
            }
        }
        h2 class="kith-heading-m" { "Social network map" }
        (super::network::drawings(&record.network))
        ul class="kith-list" {
            @for c in &record.network {
                li {
                    (c.point().map_or(c.point.as_str(), |p| p.label())) ": " (c.name) ", " (c.relationship) ", ring " (c.ring)
                    @if c.is_new { " (new)" }
                }
            }
        }
    }
}

fn erase_page(opened: &Opened, form: &Form, token: &Token) -> maud::Markup {
    let r = &opened.record.referral;
    let title = format!("Erase the details in {}", r.reference);
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() {
                p class="kith-body" { "The person's details have already been erased." }
            } @else if r.status() != Status::Closed {
                div class="kith-inset-text" { p class="kith-body" { "Close the referral before erasing it." } }
            } @else {
                div class="kith-warning-text" {
                    strong {
                        span class="kith-visually-hidden" { "Warning" }
                        "This removes the person's and the referrer's details, interests and every note for good. "
                        "Only the reference, the dates, the stage and the outcome are kept, for the team's figures. It cannot be undone."
                    }
                }
                form method="post" action={ "/team/referrals/" (r.id) "/erase" } novalidate {
                    (token.field())
                    (form.textarea("reason", "Why are you erasing it?", Some("For example, the person asked us to. The reason is kept in the audit log.")))
                    button class="kith-button kith-button--warning" type="submit" { "Erase the details" }
                }
            }
        },
    )
}

/// Asks before erasing.
pub async fn erase_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::OK,
        erase_page(&opened, &Form::new(), &token),
        &token,
        &req,
    ))
}

/// Erases a closed referral's personal details, with the reason given.
pub async fn erase(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let id = id.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let reason = form.value("reason").trim().to_owned();
    if reason.is_empty() {
        form.error("reason", "Say why you are erasing the details");
    } else {
        let (actor, t) = (viewer.actor.clone(), now());
        let done = state
            .transact(move |c| referral::erase(c, &Staff::because(&actor, &reason), id, t))
            .await?;
        match done {
            Ok(()) => return Ok(see_other(&format!("/team/referrals/{id}?done=erased"))),
            Err(ReferralError::Transition(m)) => form.error("reason", m),
            Err(e) => return Err(e.into()),
        }
    }
    let opened = open(&state, &viewer, id).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::BAD_REQUEST,
        erase_page(&opened, &form, &token),
        &token,
        &req,
    ))
}
