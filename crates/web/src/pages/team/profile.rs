//! Strengths and barriers, for the team only: the person's strengths and
//! assets and the coach's own that could help (first, since the approach
//! builds on them), then the barriers to taking part from the checklist,
//! each with notes and what was done about it.
//!
//! Pages open the referral through [`super::open`], so every read is
//! audited; the referral crate checks every form.

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::profile::{Barrier, BarrierAnswer, Whose};
use referral::Staff;

use super::person::{
    confirmation, override_field, override_reason, overriding, person_name, show_errors, with_crumbs, Done,
};
use super::{open, Opened};
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

fn whose_words(whose: Whose) -> &'static str {
    match whose {
        Whose::Person => "Their strengths and assets",
        Whose::Coach => "The coach's strengths and contacts that could help",
    }
}

fn strengths_page(opened: &Opened, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let changeable = r.anonymised_at.is_none();
    let title = "Strengths and barriers";
    with_crumbs(
        title,
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (confirmation(match done { Some("strength") => Some("The strength has been added."), Some("barriers") => Some("The barriers have been saved."), _ => None }))
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @for whose in Whose::ALL {
                @let theirs: Vec<&referral::profile::Strength> = opened.record.strengths.iter().filter(|s| s.whose() == Some(whose)).collect();
                h2 class="kith-heading-m" { (whose_words(whose)) }
                @if theirs.is_empty() {
                    p class="kith-body" { "None written down yet." }
                } @else {
                    ul class="kith-list kith-list--bullet" {
                        @for s in &theirs { li { (s.words) } }
                    }
                }
            }
            @if changeable {
                p class="kith-body" { a class="kith-link" href={ "/team/referrals/" (r.id) "/strengths/new" } { "Add a strength or asset" } }
            }
            h2 class="kith-heading-m" { "Barriers" }
            @if opened.record.barriers.is_empty() {
                p class="kith-body" { "No barriers ticked." }
            } @else {
                div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Barriers" {
                    table class="kith-table" {
                        thead { tr {
                            th scope="col" { "Barrier" }
                            th scope="col" { "Notes" }
                            th scope="col" { "What was done" }
                        } }
                        tbody {
                            @for b in &opened.record.barriers {
                                tr {
                                    th scope="row" { (b.barrier().map_or(b.barrier.as_str(), |b| b.label())) }
                                    td { (b.note) }
                                    td { (b.done) }
                                }
                            }
                        }
                    }
                }
            }
            @if changeable {
                p class="kith-body" { a class="kith-link" href={ "/team/referrals/" (r.id) "/barriers" } { "Change the barriers" } }
            }
        },
    )
}

/// The person's strengths and barriers.
pub async fn strengths(
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
        strengths_page(&opened, query.done.as_deref()),
        &token,
        &req,
    ))
}

fn erased_words() -> Markup {
    html! {
        div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be changed." } }
    }
}

fn strength_form_page(opened: &Opened, viewer: &Viewer, form: &Form, token: &Token) -> Markup {
    let r = &opened.record.referral;
    let title = "Add a strength or asset";
    let whose = [
        (
            "person",
            "The person's: something they are good at, care about or have done",
        ),
        ("coach", "The coach's: a skill or contact of yours that could help them"),
    ];
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/strengths" } { "Back to strengths and barriers" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() {
                (erased_words())
            } @else {
                form id="casework-form" method="post" action={ "/team/referrals/" (r.id) "/strengths/new" } novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.radios("whose", "Whose strength is it?", None, &whose))
                    (form.textarea("words", "The strength or asset", Some("For example, “was an art director for films”, or “I know the volunteers at the community garden”")))
                    button class="kith-button" type="submit" { "Add it" }
                }
            }
        },
    )
}

/// The form for a strength, the person's by default.
pub async fn strength_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    let form = Form::new().with("whose", Whose::Person.code());
    Ok(sensitive(
        opened.form_status(),
        strength_form_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}

/// Adds a strength, or shows the form again with every problem.
pub async fn add_strength(
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
    let (whose, words) = (form.value("whose").to_owned(), form.value("words").to_owned());
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::profile::add_strength(c, &by, id, &whose, &words, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/strengths?done=strength"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        strength_form_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}

fn barriers_form_page(opened: &Opened, viewer: &Viewer, form: &Form, token: &Token) -> Markup {
    let r = &opened.record.referral;
    let title = "Barriers";
    let options: Vec<(&str, &str)> = Barrier::ALL.iter().map(|b| (b.code(), b.label())).collect();
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/strengths" } { "Back to strengths and barriers" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() {
                (erased_words())
            } @else {
                form id="casework-form" method="post" action={ "/team/referrals/" (r.id) "/barriers" } novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.checkboxes("barriers", "What makes taking part hard for them?", Some("Tick all that apply, then add notes below for the ones ticked"), &options))
                    @for b in Barrier::ALL {
                        fieldset class="kith-fieldset" {
                            legend class="kith-fieldset__legend kith-heading-s" { (b.label()) }
                            (form.textarea(b.note_field(), "Notes", None))
                            (form.textarea(b.done_field(), "What was done about it", None))
                        }
                    }
                    button class="kith-button" type="submit" { "Save the barriers" }
                }
            }
        },
    )
}

/// The barriers checklist, filled in from what is stored.
pub async fn barriers_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let mut form = Form::new();
    let ticked: Vec<&str> = opened.record.barriers.iter().map(|b| b.barrier.as_str()).collect();
    form = form.with_all("barriers", &ticked);
    for note in &opened.record.barriers {
        if let Some(b) = note.barrier() {
            form = form.with(b.note_field(), &note.note).with(b.done_field(), &note.done);
        }
    }
    let token = Token::for_request(&req);
    Ok(sensitive(
        opened.form_status(),
        barriers_form_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}

/// Saves the checklist (notes on barriers not ticked are dropped), or
/// shows it again with every problem.
pub async fn save_barriers(
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
    let ticked: Vec<BarrierAnswer> = form
        .values("barriers")
        .into_iter()
        .map(|code| {
            let barrier = Barrier::from_code(code);
            BarrierAnswer {
                barrier: code.to_owned(),
                note: barrier
                    .map(|b| form.value(b.note_field()).to_owned())
                    .unwrap_or_default(),
                done: barrier
                    .map(|b| form.value(b.done_field()).to_owned())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let (actor, t) = (viewer.actor.clone(), now());
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::profile::set_barriers(c, &by, id, &ticked, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/strengths?done=barriers"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        barriers_form_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}
