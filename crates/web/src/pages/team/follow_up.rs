//! The three-month follow-up, for the team: the list of follow-ups due
//! (the worker's own closed cases; a manager's, everyone's), and one page
//! per referral at /team/referrals/{id}/follow-up showing when it is due,
//! what was answered, a button that emails the person a single-use link,
//! and the form to record answers given on the phone.
//!
//! Pages open the referral through [`super::open`], so every read is
//! audited; the list audits each person it names. The referral crate
//! checks every form and decides who may email. The questions themselves,
//! for the person answering through the link, are in
//! [`crate::pages::follow_up`].

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::follow_up::{
    agreement_words, eligible, FollowUp, FollowUpForm, How, Statement, AGREEMENT, LINK_LIFETIME, LIST_AHEAD_DAYS,
    PREFER_NOT, STILL_GOING,
};
use referral::{ReferralError, Staff, Task};

use super::person::{
    confirmation, override_field, override_field_named, override_reason, override_reason_named, overriding,
    person_name, show_errors, with_crumbs, Done,
};
use super::{open, team_nav, Opened};
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

/// Who is answering the questions: the wording differs, the answers not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Asked {
    /// The person, through their link.
    Themselves,
    /// The team, recording a phone call.
    OnThePhone,
}

/// The four questions and the comments box, one fieldset per question.
pub(crate) fn questions(form: &Form, asked: Asked) -> Markup {
    let (agree, still, comments, hint) = match asked {
        Asked::Themselves => (
            "How much do you agree with this?",
            "Are you still going to any of the activities you found during the programme?",
            "Is there anything else you would like to tell us?",
            "Optional",
        ),
        Asked::OnThePhone => (
            "How much do they agree with this?",
            "Are they still going to any of the activities they found during the programme?",
            "Anything else they said",
            "Optional. In their own words where you can",
        ),
    };
    html! {
        @for s in Statement::ALL {
            (form.radios(s.field(), &format!("\u{201c}{}\u{201d}", s.words()), Some(agree), &AGREEMENT))
        }
        (form.radios("still_going", still, None, &STILL_GOING))
        (form.textarea("comments", comments, Some(hint)))
    }
}

/// The answers as typed, for the referral crate to check.
pub(crate) fn answers_of(form: &Form) -> FollowUpForm {
    FollowUpForm {
        more_supported: form.value("more_supported").to_owned(),
        more_independent: form.value("more_independent").to_owned(),
        crisis_better: form.value("crisis_better").to_owned(),
        still_going: form.value("still_going").to_owned(),
        comments: form.value("comments").to_owned(),
    }
}

/// The form filled in from recorded answers, to change them.
fn form_of(f: &FollowUp) -> Form {
    let code = |v: Option<i32>| v.map_or(PREFER_NOT.to_owned(), |n| n.to_string());
    let mut form = Form::new();
    for s in Statement::ALL {
        form = form.with(s.field(), &code(f.agreement(s)));
    }
    let still = match f.still_going {
        Some(true) => "yes",
        Some(false) => "no",
        None => PREFER_NOT,
    };
    form.with("still_going", still).with("comments", &f.comments)
}

fn still_words(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "I'd prefer not to say",
    }
}

fn day(t: chrono::NaiveDateTime) -> String {
    referral::tasks::london_date(t).format("%-d %B %Y").to_string()
}

/// "By phone, recorded by Sam on 3 March 2027", or through the link.
fn answered_words(opened: &Opened, a: &FollowUp) -> String {
    match (a.how(), a.answered_at) {
        (Some(How::Phone), Some(at)) => format!("By phone, recorded by {} on {}", opened.name(a.recorded_by), day(at)),
        (_, Some(at)) => format!("Through the emailed link on {}", day(at)),
        _ => String::new(),
    }
}

/// The link form's own reason field: its own name, so the page's two
/// forms never share an id.
const LINK_REASON: &str = "link_reason";

fn follow_up_page(opened: &Opened, viewer: &Viewer, form: &Form, token: &Token, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let title = "Three-month follow-up";
    let f = opened.record.follow_up.as_ref();
    let answered = f.filter(|f| f.answered());
    let due = opened.tasks.iter().find(|t| t.task == Task::FollowUp);
    let may_email = opened
        .record
        .person
        .as_ref()
        .is_some_and(referral::PersonDetails::may_email);
    let href = format!("/team/referrals/{}/follow-up", r.id);
    let at_now = now();
    let message = match done {
        Some("saved") => Some("The answers have been saved.".to_owned()),
        Some("sent") => Some(format!(
            "The link has been emailed. It works once, for {} days.",
            LINK_LIFETIME.num_days()
        )),
        _ => None,
    };
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (confirmation(message.as_deref()))
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if !eligible(r) && answered.is_none() {
                p class="kith-body" { "There is no follow-up for this referral: it is for programmes that started and then ended as completed or as stopped taking part." }
            } @else {
                @if let Some(t) = due {
                    p class="kith-body" {
                        (super::reviews::due_words(t))
                        @if t.due_now && answered.is_none() { " " strong class="kith-tag kith-tag--red" { "Due" } }
                    }
                }
                @if let Some(a) = answered {
                    h2 class="kith-heading-m" { "The answers" }
                    dl class="kith-summary-list" {
                        @for s in Statement::ALL {
                            (super::row(s.words(), agreement_words(a.agreement(s))))
                        }
                        (super::row("Still going to activities", still_words(a.still_going)))
                        (super::row("Comments", &a.comments))
                        (super::row("Answered", &answered_words(opened, a)))
                    }
                } @else if let Some(f) = f {
                    @if let (Some(sent), Some(until)) = (f.link_sent_at, f.link_expires_at) {
                        p class="kith-body" {
                            "A link was emailed on " (day(sent)) ". "
                            @if f.link_live(at_now) { "It works until " (long_date_time(until)) "." } @else { "It has expired." }
                        }
                    }
                }
                @if r.anonymised_at.is_some() {
                    div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be changed." } }
                } @else if eligible(r) {
                    @if answered.is_none() {
                        h2 class="kith-heading-m" { "Send the questions by email" }
                        @if may_email {
                            form id="send-link" method="post" action={ (href) "/link" } novalidate {
                                (token.field())
                                p class="kith-body" {
                                    "The person gets a link to answer the questions themselves, without an account. It works once, for "
                                    (LINK_LIFETIME.num_days()) " days."
                                    @if f.is_some_and(|f| f.link_sent_at.is_some()) { " Sending a new link stops the earlier one working." }
                                }
                                @if overriding(viewer, r) { (override_field_named(form, LINK_REASON)) }
                                button class="kith-button kith-button--secondary" type="submit" { "Send the follow-up link by email" }
                            }
                        } @else {
                            p class="kith-body" { "The person has not given an email address we may use, so ask the questions by phone." }
                        }
                    }
                    h2 class="kith-heading-m" { @if answered.is_some() { "Change the answers" } @else { "Record answers given on the phone" } }
                    form id="casework-form" method="post" action=(href) novalidate {
                        (token.field())
                        @if overriding(viewer, r) { (override_field(form)) }
                        (questions(form, Asked::OnThePhone))
                        button class="kith-button" type="submit" { "Save the answers" }
                    }
                }
            }
        },
    )
}

/// One referral's follow-up: when it is due, the answers, the link button
/// and the phone form (filled in from the answers, to change them).
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    query: web::Query<Done>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let form = opened
        .record
        .follow_up
        .as_ref()
        .filter(|f| f.answered())
        .map_or_else(Form::new, form_of);
    let token = Token::for_request(&req);
    Ok(sensitive(
        opened.form_status(),
        follow_up_page(&opened, &viewer, &form, &token, query.done.as_deref()),
        &token,
        &req,
    ))
}

/// Records the answers from a phone call, or shows the form again with
/// every problem and what was chosen.
pub async fn record(
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
    let (actor, t, answers) = (viewer.actor.clone(), now(), answers_of(&form));
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::follow_up::record_by_phone(c, &by, id, &answers, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/follow-up?done=saved"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        follow_up_page(&opened, &viewer, &form, &token, None),
        &token,
        &req,
    ))
}

/// "Send the follow-up link by email": stores the link's hash and queues
/// the email in one transaction, replacing any earlier link.
pub async fn send_link(
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
    let reason = override_reason_named(&viewer, &opened.record.referral, &form, LINK_REASON);
    let (actor, t, site) = (viewer.actor.clone(), now(), state.accounts.site.clone());
    let sent = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::follow_up::send_link(c, &site, &by, id, t))
        })
        .await?;
    let status = match sent {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/follow-up?done=sent"))),
        Err(ReferralError::Transition(m)) => {
            form.error("send-link", m);
            StatusCode::CONFLICT
        }
        // The missing reason, on its field.
        Err(e @ (ReferralError::Invalid { .. } | ReferralError::Form(_))) => show_errors(e, &mut form)?,
        Err(e) => return Err(e.into()),
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        follow_up_page(&opened, &viewer, &form, &token, None),
        &token,
        &req,
    ))
}

/// The follow-ups coming up and overdue, soonest first.
pub async fn list(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (actor, t) = (viewer.actor.clone(), now());
    let items = state
        .transact(move |c| referral::follow_up::due_list(c, &Staff::new(&actor), t))
        .await??;
    let token = Token::for_request(&req);
    let title = "Follow-ups due";
    let body = html! {
        (team_nav(&viewer))
        h1 class="kith-heading-l" { (title) }
        p class="kith-body" {
            "Three months after a programme ends, we ask how things are going: by phone, or by emailing a link. "
            @if viewer.may(Action::ManageReferrals) { "These are the team's" } @else { "These are yours" }
            ", due in the next " (LIST_AHEAD_DAYS) " days or overdue, soonest first."
        }
        @if items.is_empty() {
            p class="kith-body" { "No follow-ups are due at the moment." }
        } @else {
            div class="kith-table-wrapper" tabindex="0" role="region" aria-label=(title) {
                table class="kith-table" {
                    thead { tr {
                        th scope="col" { "Person" }
                        th scope="col" { "Reference" }
                        th scope="col" { "Ended" }
                        th scope="col" { "Due" }
                        th scope="col" { "Emailed link" }
                    } }
                    tbody {
                        @for item in &items {
                            @let r = &item.referral;
                            tr {
                                td {
                                    a href={ "/team/referrals/" (r.id) "/follow-up" } {
                                        @if item.name.is_empty() { "(details erased)" } @else { (item.name) }
                                    }
                                }
                                td { (r.reference) }
                                td { (r.outcome().map_or("", |o| o.label())) }
                                td {
                                    (item.due_on.format("%-d %B %Y"))
                                    @if item.due_now { " " strong class="kith-tag kith-tag--red" { "Due" } }
                                }
                                td {
                                    @match (item.link_sent_at, item.link_live) {
                                        (Some(sent), true) => { "Sent " (day(sent)) }
                                        (Some(sent), false) => { "Sent " (day(sent)) ", expired" }
                                        (None, _) => { span class="kith-hint" { "Not sent" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(sensitive(StatusCode::OK, page(title, &[], body), &token, &req))
}
