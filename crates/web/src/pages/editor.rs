//! The editors' pages: the queue of what waits for them (proposed changes
//! with their field-by-field difference, claims to run organisations,
//! problem reports, listings nobody has confirmed for a year) and the
//! decisions on each. Every route starts with the role check, so anyone
//! who is not an editor gets 403 before anything is read.

use accounts::Action;
use actix_web::{web, HttpRequest, HttpResponse};
use directory::publishing::{self as p, ProposalView, Queue};
use directory::{Kind, Listing, Status};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::private;
use crate::pages::workflow::{changes_table, form_response, public_path, same_name, see_other, status_tag, write};
use crate::state::{now, AppState};

fn crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Editors' queue",
        href: "/editor",
    }]
}

async fn load_queue(state: &AppState, editor: i32) -> Result<Queue, WebError> {
    let reference = state.reference.clone();
    state.read(move |c| p::queue(c, editor, &reference, now())).await
}

/// `GET /editor`: everything waiting, oldest first.
pub async fn queue(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let token = Token::for_request(&req);
    let q = load_queue(&state, viewer.person.id).await?;
    let body = html! {
        h1 class="kith-heading-l" { "Editors' queue" }
        h2 class="kith-heading-m" { "Changes waiting for review (" (q.proposals.len()) ")" }
        @if q.proposals.is_empty() {
            p class="kith-body" { "Nothing is waiting." }
        } @else {
            table class="kith-table" {
                thead { tr { th scope="col" { "Listing" } th scope="col" { "What" } th scope="col" { "Sent by" } th scope="col" { "Sent" } } }
                tbody {
                    @for pv in &q.proposals {
                        tr {
                            td { a href={ "/editor/proposals/" (pv.id) } { (pv.listing_name) } }
                            td {
                                @if pv.is_new { "New " (pv.kind.label().to_lowercase()) } @else { (pv.changes.len()) " changes" }
                                @if pv.member_led { " " strong class="kith-tag kith-tag--green" { "Member-led" } }
                            }
                            td { (pv.author_name) }
                            td { (long_date_time(pv.updated_at)) }
                        }
                    }
                }
            }
        }
        h2 class="kith-heading-m" { "Requests to run an organisation (" (q.claims.len()) ")" }
        @if q.claims.is_empty() {
            p class="kith-body" { "Nothing is waiting." }
        } @else {
            ul class="kith-list kith-list--bullet" {
                @for c in &q.claims {
                    li { a href={ "/editor/claims/" (c.claim.id) } { (c.person_name) " wants to run " (c.organisation_name) } }
                }
            }
        }
        h2 class="kith-heading-m" { "Problem reports (" (q.reports.len()) ")" }
        @if q.reports.is_empty() {
            p class="kith-body" { "Nothing is waiting." }
        } @else {
            ul class="kith-list kith-list--bullet" {
                @for r in &q.reports {
                    li { a href={ "/editor/reports/" (r.report.id) } { (r.listing.name) ": " (r.report.kind.label()) } }
                }
            }
        }
        h2 class="kith-heading-m" { "Out of date (" (q.out_of_date.len()) ")" }
        p class="kith-body" { "Published listings nobody has confirmed for a year. Their pages say they may be out of date." }
        @if q.out_of_date.is_empty() {
            p class="kith-body" { "None." }
        } @else {
            table class="kith-table" {
                thead { tr { th scope="col" { "Listing" } th scope="col" { "Last checked" } } }
                tbody {
                    @for l in &q.out_of_date {
                        tr {
                            td { a href={ "/editor/listings/" (l.id) } { (l.name) } }
                            td { (l.last_checked_at.format("%-d %B %Y")) }
                        }
                    }
                }
            }
        }
    };
    Ok(private(page("Editors' queue", &[], body), &token, &req))
}

fn proposal_page(pv: &ProposalView, form: &Form, token: &Token) -> Markup {
    let title = format!("Review {}", pv.listing_name);
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            span class="kith-caption-m" { (pv.kind.label()) }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" {
                @if pv.is_new { "A new listing" } @else { "Changes" }
                " sent by " (pv.author_name) ", " (long_date_time(pv.updated_at)) "."
            }
            @if pv.member_led {
                div class="kith-inset-text" {
                    p class="kith-body" {
                        strong class="kith-tag kith-tag--green" { "Member-led group" }
                        " Started by " (pv.author_name) ", a member, not an organisation. Nobody else vouches for it: check it is safe and welcoming before you publish it. Its page will say it is member-led, without their name."
                    }
                }
            }
            @if !pv.is_new {
                p class="kith-body" { a href={ "/editor/listings/" (pv.listing_id) } { "See the listing and its history" } }
            }
            (changes_table(&pv.changes, "What approving would change"))
            form method="post" action={ "/editor/proposals/" (pv.id) "/approve" } {
                (token.field())
                button class="kith-button" type="submit" { "Approve and publish" }
            }
            h2 class="kith-heading-m" { "Or do not publish it" }
            form method="post" action={ "/editor/proposals/" (pv.id) "/reject" } novalidate {
                (token.field())
                (form.textarea("reason", "Why not?", Some("We email this to the person who sent it, so they know what to change")))
                button class="kith-button kith-button--warning" type="submit" { "Do not publish" }
            }
        },
    )
}

async fn show_proposal(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let (me, reference) = (viewer.person.id, state.reference.clone());
    let pv = state.read(move |c| p::proposal(c, me, id, &reference)).await?;
    if pv.status != p::ProposalStatus::Pending {
        return Err(WebError::NotFound);
    }
    Ok(form_response(req, &form, |token| proposal_page(&pv, &form, token)))
}

/// `GET /editor/proposals/{id}`: the difference and the decision.
pub async fn proposal(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    show_proposal(&req, &state, &viewer, id.into_inner(), Form::new()).await
}

/// `POST /editor/proposals/{id}/approve`
pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me, site) = (id.into_inner(), viewer.person.id, state.accounts.site.clone());
    let approve = move |c: &mut store::AnyConnection| {
        let published = p::approve(c, &site, id, me, now())?;
        // A new event going live tells its groups' members, in this transaction.
        community::digest::announce_event(c, &site, &published, now()).map_err(community::digest::as_directory)?;
        Ok(published)
    };
    match write(&state, approve).await? {
        Ok(_) => Ok(see_other("/editor?done=approved")),
        Err(refusal) => {
            // The proposal no longer fits (e.g. its web address was taken
            // meanwhile): say so on the review page.
            form.error("reason", format!("It could not be published: {}", refusal.message));
            show_proposal(&req, &state, &viewer, id, form).await
        }
    }
}

/// `POST /editor/proposals/{id}/reject`: with a reason, emailed to its author.
pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me, site) = (id.into_inner(), viewer.person.id, state.accounts.site.clone());
    let reason = form.value("reason").to_owned();
    match write(&state, move |c| p::reject(c, &site, id, me, &reason, now())).await? {
        Ok(()) => Ok(see_other("/editor?done=rejected")),
        Err(refusal) => {
            refusal.onto(&mut form, same_name);
            show_proposal(&req, &state, &viewer, id, form).await
        }
    }
}

fn listing_page(l: &Listing, trusted: bool, history: &[p::VersionSummary], form: &Form, token: &Token) -> Markup {
    page(
        &form.title(&l.name),
        &crumbs(),
        html! {
            (form.summary())
            span class="kith-caption-m" { (l.kind.label()) }
            h1 class="kith-heading-l" { (l.name) }
            p class="kith-body" { (status_tag(l.status)) }
            p class="kith-body" { "Last checked " (l.last_checked_at.format("%-d %B %Y")) "." }
            ul class="kith-list" {
                @if l.status == Status::Published {
                    li { a href=(public_path(l)) { "See its public page" } }
                }
                li { a href={ "/organise/listings/" (l.id) "/edit" } { "Edit it" } }
                li { a href={ "/organise/listings/" (l.id) "/history" } { "See its history (" (history.len()) " versions)" } }
            }
            @if l.kind == Kind::Organisation {
                h2 class="kith-heading-m" { "Trust" }
                p class="kith-body" {
                    @if trusted { "This organisation is trusted: its organisers' changes go live without review." }
                    @else { "Changes from this organisation's organisers wait for an editor." }
                }
                form method="post" action={ "/editor/organisations/" (l.id) "/trust" } {
                    (token.field())
                    input type="hidden" name="trusted" value=(if trusted { "no" } else { "yes" });
                    button class="kith-button kith-button--secondary" type="submit" {
                        @if trusted { "Stop trusting it" } @else { "Trust it to publish directly" }
                    }
                }
            }
            @if l.status == Status::Published {
                h2 class="kith-heading-m" { "Take it off the site" }
                form method="post" action={ "/editor/listings/" (l.id) "/unpublish" } novalidate {
                    (token.field())
                    (form.textarea("reason", "Why?", Some("We email this to its organisers, or its contact address")))
                    button class="kith-button kith-button--warning" type="submit" { "Take it off the site" }
                }
            }
        },
    )
}

async fn show_listing(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let (l, trusted, history) = state
        .read(move |c| {
            let (l, _) = p::for_editing(c, me, id)?;
            let trusted = p::is_trusted(c, &l)?;
            Ok((l, trusted, p::history(c, id)?))
        })
        .await?;
    Ok(form_response(req, &form, |token| {
        listing_page(&l, trusted, &history, &form, token)
    }))
}

/// `GET /editor/listings/{id}`: one listing, to trust or take down.
pub async fn listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    show_listing(&req, &state, &viewer, id.into_inner(), Form::new()).await
}

/// `POST /editor/listings/{id}/unpublish`: with a reason, emailed.
pub async fn unpublish(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me, site) = (id.into_inner(), viewer.person.id, state.accounts.site.clone());
    let reason = form.value("reason").to_owned();
    match write(&state, move |c| p::unpublish(c, &site, id, me, &reason, now())).await? {
        Ok(()) => Ok(see_other(&format!("/editor/listings/{id}"))),
        Err(refusal) => {
            refusal.onto(&mut form, same_name);
            show_listing(&req, &state, &viewer, id, form).await
        }
    }
}

/// `POST /editor/organisations/{id}/trust`: `trusted=yes` or `no`.
pub async fn trust(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let form = Form::submitted(&req, fields.into_inner())?;
    let trusted = match form.value("trusted") {
        "yes" => true,
        "no" => false,
        _ => return Err(WebError::BadRequest("Choose whether to trust the organisation.".into())),
    };
    let (id, me) = (id.into_inner(), viewer.person.id);
    match write(&state, move |c| p::set_trusted(c, me, id, trusted, now())).await? {
        Ok(()) => Ok(see_other(&format!("/editor/listings/{id}"))),
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

fn claim_page(c: &p::queue::QueuedClaim, form: &Form, token: &Token) -> Markup {
    let title = format!("{} wants to run {}", c.person_name, c.organisation_name);
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            dl class="kith-summary-list" {
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Email" } dd class="kith-summary-list__value" { (c.person_email) } }
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Asked" } dd class="kith-summary-list__value" { (long_date_time(c.claim.created_at)) } }
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "How they are involved" } dd class="kith-summary-list__value" { (c.claim.message) } }
            }
            p class="kith-body" { a href={ "/editor/listings/" (c.claim.listing_id) } { "See the organisation" } }
            form method="post" action={ "/editor/claims/" (c.claim.id) "/approve" } {
                (token.field())
                button class="kith-button" type="submit" { "Approve: make them an organiser" }
            }
            h2 class="kith-heading-m" { "Or refuse" }
            form method="post" action={ "/editor/claims/" (c.claim.id) "/refuse" } novalidate {
                (token.field())
                (form.textarea("reason", "Why not?", Some("We email this to them")))
                button class="kith-button kith-button--warning" type="submit" { "Refuse" }
            }
        },
    )
}

async fn show_claim(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let editor = viewer.person.id;
    let claims = state.read(move |c| p::pending_claims(c, editor)).await?;
    let c = claims.iter().find(|c| c.claim.id == id).ok_or(WebError::NotFound)?;
    Ok(form_response(req, &form, |token| claim_page(c, &form, token)))
}

/// `GET /editor/claims/{id}`
pub async fn claim(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    show_claim(&req, &state, &viewer, id.into_inner(), Form::new()).await
}

/// `POST /editor/claims/{id}/approve`
pub async fn approve_claim(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    Form::submitted(&req, fields.into_inner())?;
    let (id, me, site) = (id.into_inner(), viewer.person.id, state.accounts.site.clone());
    match write(&state, move |c| p::approve_claim(c, &site, me, id, now())).await? {
        Ok(()) => Ok(see_other("/editor?done=claim-approved")),
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

/// `POST /editor/claims/{id}/refuse`: with a reason, emailed.
pub async fn refuse_claim(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me, site) = (id.into_inner(), viewer.person.id, state.accounts.site.clone());
    let reason = form.value("reason").to_owned();
    match write(&state, move |c| p::refuse_claim(c, &site, me, id, &reason, now())).await? {
        Ok(()) => Ok(see_other("/editor?done=claim-refused")),
        Err(refusal) => {
            refusal.onto(&mut form, same_name);
            show_claim(&req, &state, &viewer, id, form).await
        }
    }
}

fn report_page(r: &p::queue::QueuedReport, form: &Form, token: &Token) -> Markup {
    let title = format!("Problem with {}", r.listing.name);
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            dl class="kith-summary-list" {
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "What is wrong" } dd class="kith-summary-list__value" { (r.report.kind.label()) } }
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Details" } dd class="kith-summary-list__value" { (r.report.details) } }
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Reply to" } dd class="kith-summary-list__value" { (r.report.reporter_email.as_deref().unwrap_or("Not given")) } }
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Sent" } dd class="kith-summary-list__value" { (long_date_time(r.report.created_at)) } }
            }
            p class="kith-body" { a href={ "/editor/listings/" (r.listing.id) } { "See the listing" } }
            form method="post" action={ "/editor/reports/" (r.report.id) "/resolve" } novalidate {
                (token.field())
                (form.textarea("note", "What did you do about it?", Some("For other editors: for example, \"Phoned the group, times updated\"")))
                button class="kith-button" type="submit" { "Mark as resolved" }
            }
        },
    )
}

async fn show_report(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let editor = viewer.person.id;
    let reports = state.read(move |c| p::unresolved_reports(c, editor)).await?;
    let r = reports.iter().find(|r| r.report.id == id).ok_or(WebError::NotFound)?;
    Ok(form_response(req, &form, |token| report_page(r, &form, token)))
}

/// `GET /editor/reports/{id}`
pub async fn report(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    show_report(&req, &state, &viewer, id.into_inner(), Form::new()).await
}

/// `POST /editor/reports/{id}/resolve`: with a note.
pub async fn resolve_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReviewListings)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    let note = form.value("note").to_owned();
    match write(&state, move |c| p::resolve_report(c, me, id, &note, now())).await? {
        Ok(()) => Ok(see_other("/editor?done=resolved")),
        Err(refusal) => {
            refusal.onto(&mut form, same_name);
            show_report(&req, &state, &viewer, id, form).await
        }
    }
}
