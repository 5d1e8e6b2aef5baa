//! The person's casework pages, for the team only: the contact log with
//! its running totals and how contact tapers week by week (each contact
//! can be corrected, or deleted after an "Are you sure?" page), and the outcome
//! measures (SWEMWBS, ONS4, loneliness) at the start and the end.
//!
//! Each page opens the referral through [`super::open`], so every read is
//! in the audit log like the referral's own page; each form is one thing
//! on its own page, checked by the referral crate, which answers every
//! problem at once on its field.

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::casework::{by_week, duration_words, Contact, ContactForm, Mode, Totals};
use referral::measures::{
    metric_words, ons4_band, swemwbs_change, Instrument, Measure, MeasureForm, Point, ITEM_FIELDS, ONS4_ENDS,
    ONS4_ITEMS, SWEMWBS_COPYRIGHT, SWEMWBS_OPTIONS, UCLA3_ITEMS, UCLA3_OPTIONS,
};
use referral::tasks::london_date;
use referral::{FieldError, Referral, ReferralError, Staff};
use serde::Deserialize;

use super::{open, Opened};
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

#[derive(Debug, Deserialize)]
pub struct Done {
    /// What was just saved, for the confirmation at the top.
    #[serde(default)]
    pub done: Option<String>,
}

/// The casework pages' breadcrumbs: the queue, then the referral.
pub(super) fn with_crumbs(title: &str, r: &Referral, body: Markup) -> Markup {
    let href = format!("/team/referrals/{}", r.id);
    let text = format!("Referral {}", r.reference);
    let crumbs = [
        Crumb {
            text: "Referrals",
            href: "/team/referrals",
        },
        Crumb {
            text: &text,
            href: &href,
        },
    ];
    page(title, &crumbs, body)
}

pub(super) fn confirmation(message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message {
            div class="kith-inset-text" role="status" { p class="kith-body" { (m) } }
        }
    }
}

/// The person's name for headings, or words that say it is gone.
pub(super) fn person_name(opened: &Opened) -> &str {
    opened
        .record
        .person
        .as_ref()
        .map_or("the person (details erased)", |p| p.name.as_str())
}

/// A manager changing someone else's case says why (kept in the audit
/// log), as on the workflow's steps.
pub(super) fn overriding(viewer: &Viewer, r: &Referral) -> bool {
    accounts::policy::is_override(&viewer.actor, r.worker_id)
}

/// The field where a manager says why, named `override_reason`.
pub(super) fn override_field(form: &Form) -> Markup {
    override_field_named(form, "override_reason")
}

/// [`override_field`] under another name, for a page with two forms
/// that each need their own (ids must be unique on the page).
pub(super) fn override_field_named(form: &Form, name: &str) -> Markup {
    form.textarea(
        name,
        "Why are you changing a case allocated to someone else?",
        Some("The reason is kept in the audit log"),
    )
}

/// What a manager is told when she leaves the reason out.
const REASON_MISSING: &str = "Say why you are changing a case allocated to someone else";

/// The override reason as sent, and whether it is needed and missing.
///
/// A missing reason does not stop the save from being tried: the write
/// runs in its transaction as usual and [`Reason::checked`] then refuses
/// it, so the referral crate still checks the rest of the form and the
/// manager hears of every mistake at once (the standard for every form),
/// rather than of the reason first and of a bad date only once she has
/// given one. Nothing is written: the refusal rolls the transaction back.
pub(super) struct Reason {
    text: String,
    /// The reason's field, when a reason is needed and none was given.
    missing: Option<&'static str>,
}

impl Reason {
    /// The reason sent in the field `name` (trimmed), which is missing
    /// when it is `needed` and empty.
    pub(super) fn given(sent: &str, needed: bool, name: &'static str) -> Reason {
        let text = sent.trim().to_owned();
        let missing = (needed && text.is_empty()).then_some(name);
        Reason { text, missing }
    }

    /// The reason, trimmed, for the audit log (empty when none was given).
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The domain write's answer, refused when the reason is missing: a
    /// success becomes the reason's problem alone (so the transaction rolls
    /// back), a refused form gains the reason's problem (first, as its
    /// field comes first on every form), and any other error is passed on
    /// as it is.
    pub(super) fn checked<T>(&self, saved: Result<T, ReferralError>) -> Result<T, ReferralError> {
        let Some(field) = self.missing else {
            return saved;
        };
        let reason = FieldError {
            field,
            message: REASON_MISSING.to_owned(),
        };
        match saved {
            Ok(_) => Err(ReferralError::Form(vec![reason])),
            Err(e @ (ReferralError::Invalid { .. } | ReferralError::Form(_))) => {
                let others = e.field_errors().into_iter().filter(|fe| fe.field != field);
                Err(ReferralError::Form(std::iter::once(reason).chain(others).collect()))
            }
            Err(other) => Err(other),
        }
    }
}

/// The override reason sent with `form`, and whether one is needed and
/// missing; see [`Reason`] for why nothing is put on the form here.
pub(super) fn override_reason(viewer: &Viewer, r: &Referral, form: &Form) -> Reason {
    override_reason_named(viewer, r, form, "override_reason")
}

/// [`override_reason`] for a field made by [`override_field_named`].
pub(super) fn override_reason_named(viewer: &Viewer, r: &Referral, form: &Form, name: &'static str) -> Reason {
    Reason::given(form.value(name), overriding(viewer, r), name)
}

/// Puts a failed save's problems on the form, or passes other errors on.
pub(super) fn show_errors(e: ReferralError, form: &mut Form) -> Result<StatusCode, WebError> {
    match e {
        e @ (ReferralError::Invalid { .. } | ReferralError::Form(_)) => {
            for fe in e.field_errors() {
                form.error(fe.field, fe.message);
            }
            Ok(StatusCode::BAD_REQUEST)
        }
        ReferralError::Transition(m) => {
            form.error("casework-form", m);
            Ok(StatusCode::CONFLICT)
        }
        other => Err(other.into()),
    }
}

// ---------------------------------------------------------------------
// Contacts

fn contacts_page(opened: &Opened, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let contacts = &opened.record.contacts;
    let totals = Totals::of(contacts);
    let weeks = by_week(contacts, r.started_at.map(london_date));
    let title = "Contacts";
    let changeable = r.anonymised_at.is_none();
    with_crumbs(
        title,
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (confirmation(done.and_then(|d| match d {
                "contact" => Some("The contact has been logged."),
                "changed" => Some("The contact has been changed."),
                "deleted" => Some("The contact has been deleted."),
                _ => None,
            })))
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { strong { (totals.summary()) } }
            @if r.anonymised_at.is_none() {
                a class="kith-button" href={ "/team/referrals/" (r.id) "/contacts/new" } { "Log a contact" }
            }
            @if totals.contacts > 0 {
                h2 class="kith-heading-m" { "By kind of contact" }
                div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Contacts by kind" {
                    table class="kith-table" {
                        thead { tr {
                            th scope="col" { "How" }
                            th scope="col" { "Contacts" }
                            th scope="col" { "Time" }
                        } }
                        tbody {
                            @for t in totals.modes.iter().filter(|t| t.contacts > 0) {
                                tr {
                                    th scope="row" { (t.mode.label()) }
                                    td { (t.contacts) }
                                    td { (duration_words(t.minutes)) }
                                }
                            }
                        }
                        tfoot { tr {
                            th scope="row" { "In all" }
                            td { (totals.contacts) }
                            td { (duration_words(totals.minutes)) }
                        } }
                    }
                }
                h2 class="kith-heading-m" { "Week by week" }
                p class="kith-body" {
                    @if r.started_at.is_some() {
                        "Weeks of the programme from its start. Face-to-face time usually falls after the first two or three weeks, as phone calls and messages take over."
                    } @else {
                        "The programme has not started, so weeks count from the first contact."
                    }
                }
                div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Contact week by week" {
                    table class="kith-table" {
                        thead { tr {
                            th scope="col" { "Week" }
                            th scope="col" { "Face to face" }
                            th scope="col" { "Calls" }
                            th scope="col" { "Texts and emails" }
                            th scope="col" { "Time in all" }
                        } }
                        tbody {
                            @for w in &weeks {
                                tr {
                                    th scope="row" { @if w.week == 0 { "Before the start" } @else { "Week " (w.week) } }
                                    td { (duration_words(w.in_person_minutes)) }
                                    td { (w.calls) }
                                    td { (w.messages) }
                                    td { (duration_words(w.minutes)) }
                                }
                            }
                        }
                    }
                }
                h2 class="kith-heading-m" { "Every contact" }
                div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Every contact, newest first" {
                    table class="kith-table" {
                        thead { tr {
                            th scope="col" { "Date" }
                            th scope="col" { "How" }
                            th scope="col" { "Time" }
                            th scope="col" { "Who" }
                            th scope="col" { "Note" }
                            @if changeable { th scope="col" { span class="kith-visually-hidden" { "Change or delete" } } }
                        } }
                        tbody {
                            @for c in contacts.iter().rev() {
                                tr {
                                    td { (c.contact_on.format("%-d %B %Y")) }
                                    td { (c.mode().map_or(c.mode.as_str(), |m| m.label())) }
                                    td { (duration_words(i64::from(c.minutes))) }
                                    td { (opened.name(c.worker_id)) }
                                    td { (c.note) }
                                    @if changeable {
                                        @let which = format!(" the contact on {}", c.contact_on.format("%-d %B %Y"));
                                        td {
                                            a class="kith-link" href={ "/team/referrals/" (r.id) "/contacts/" (c.id) } { "Change" span class="kith-visually-hidden" { (which) } }
                                            " "
                                            a class="kith-link" href={ "/team/referrals/" (r.id) "/contacts/" (c.id) "/delete" } { "Delete" span class="kith-visually-hidden" { (which) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The contact log of one person.
pub async fn contacts(
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
        contacts_page(&opened, query.done.as_deref()),
        &token,
        &req,
    ))
}

fn mode_options() -> Vec<(&'static str, &'static str)> {
    Mode::ALL.iter().map(|m| (m.code(), m.label())).collect()
}

/// The contact form: logging a new contact, or changing the one `editing`.
fn contact_form_page(opened: &Opened, viewer: &Viewer, form: &Form, token: &Token, editing: Option<i32>) -> Markup {
    let r = &opened.record.referral;
    let (title, action, button) = match editing {
        None => (
            "Log a contact",
            format!("/team/referrals/{}/contacts/new", r.id),
            "Save the contact",
        ),
        Some(c) => (
            "Change a contact",
            format!("/team/referrals/{}/contacts/{c}", r.id),
            "Save the changes",
        ),
    };
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/contacts" } { "Back to the contacts" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() {
                div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be logged." } }
            } @else {
                form id="casework-form" method="post" action=(action) novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.input(Field::new("date", "Date").hint("For example, 14/12/2026").width(10)))
                    (form.radios("mode", "How were you in touch?", None, &mode_options()))
                    (form.input(Field::new("minutes", "How many minutes did it take?").hint("Including travelling together; a text is usually 1 or 2").width(4)))
                    (form.textarea("note", "Note", Some("Optional. A line or two: what you did, what comes next")))
                    button class="kith-button" type="submit" { (button) }
                }
            }
        },
    )
}

/// The form to log a contact, dated today.
pub async fn contact_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    let today = london_date(now()).format("%d/%m/%Y").to_string();
    let form = Form::new().with("date", &today);
    let status = opened.form_status();
    Ok(sensitive(
        status,
        contact_form_page(&opened, &viewer, &form, &token, None),
        &token,
        &req,
    ))
}

/// Logs a contact, or shows the form again with every problem.
pub async fn log_contact(
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
    let contact = contact_of(&form);
    let (actor, t) = (viewer.actor.clone(), now());
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::casework::log_contact(c, &by, id, &contact, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/contacts?done=contact"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        contact_form_page(&opened, &viewer, &form, &token, None),
        &token,
        &req,
    ))
}

/// The contact form as typed.
fn contact_of(form: &Form) -> ContactForm {
    ContactForm {
        date: form.value("date").to_owned(),
        mode: form.value("mode").to_owned(),
        minutes: form.value("minutes").to_owned(),
        note: form.value("note").to_owned(),
    }
}

/// One contact of the opened referral, or not found (a contact of another
/// referral included, so ids cannot reach across cases).
fn contact_in(opened: &Opened, contact_id: i32) -> Result<&Contact, WebError> {
    opened
        .record
        .contacts
        .iter()
        .find(|c| c.id == contact_id)
        .ok_or(WebError::NotFound)
}

/// The form to change a contact, filled in from it.
pub async fn change_contact_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, contact_id) = path.into_inner();
    let opened = open(&state, &viewer, id).await?;
    let c = contact_in(&opened, contact_id)?;
    let form = Form::new()
        .with("date", &c.contact_on.format("%d/%m/%Y").to_string())
        .with("mode", &c.mode)
        .with("minutes", &c.minutes.to_string())
        .with("note", &c.note);
    let token = Token::for_request(&req);
    Ok(sensitive(
        opened.form_status(),
        contact_form_page(&opened, &viewer, &form, &token, Some(contact_id)),
        &token,
        &req,
    ))
}

/// Saves the changes to a contact, or shows the form again with every
/// problem and what was typed.
pub async fn change_contact(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, contact_id) = path.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    contact_in(&opened, contact_id)?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let (actor, t, contact) = (viewer.actor.clone(), now(), contact_of(&form));
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::casework::change_contact(c, &by, id, contact_id, &contact, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/contacts?done=changed"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        contact_form_page(&opened, &viewer, &form, &token, Some(contact_id)),
        &token,
        &req,
    ))
}

/// "Are you sure you want to delete this contact?", with the contact.
fn delete_page(opened: &Opened, viewer: &Viewer, c: &Contact, form: &Form, token: &Token) -> Markup {
    let r = &opened.record.referral;
    let title = "Are you sure you want to delete this contact?";
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/contacts" } { "Back to the contacts" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            dl class="kith-summary-list" {
                (super::row("Date", &c.contact_on.format("%-d %B %Y").to_string()))
                (super::row("How", c.mode().map_or(c.mode.as_str(), |m| m.label())))
                (super::row("Time", &duration_words(i64::from(c.minutes))))
                (super::row("Who", opened.name(c.worker_id)))
                (super::row("Note", &c.note))
            }
            @if r.anonymised_at.is_some() {
                div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be changed." } }
            } @else {
                div class="kith-warning-text" {
                    strong { span class="kith-visually-hidden" { "Warning" } "The contact will be taken out of the log and its totals. You cannot undo this." }
                }
                form id="casework-form" method="post" action={ "/team/referrals/" (r.id) "/contacts/" (c.id) "/delete" } novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    button class="kith-button kith-button--warning" type="submit" { "Yes, delete the contact" }
                }
                p class="kith-body" { a class="kith-link" href={ "/team/referrals/" (r.id) "/contacts" } { "No, keep it" } }
            }
        },
    )
}

/// Asks before deleting a contact.
pub async fn delete_contact_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, contact_id) = path.into_inner();
    let opened = open(&state, &viewer, id).await?;
    let c = contact_in(&opened, contact_id)?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        opened.form_status(),
        delete_page(&opened, &viewer, c, &Form::new(), &token),
        &token,
        &req,
    ))
}

/// Deletes a contact once confirmed.
pub async fn delete_contact(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, contact_id) = path.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    let c = contact_in(&opened, contact_id)?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let (actor, t) = (viewer.actor.clone(), now());
    let deleted = state
        .transact(move |conn| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::casework::delete_contact(conn, &by, id, contact_id, t))
        })
        .await?;
    let status = match deleted {
        Ok(()) => return Ok(see_other(&format!("/team/referrals/{id}/contacts?done=deleted"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        delete_page(&opened, &viewer, c, &form, &token),
        &token,
        &req,
    ))
}

// ---------------------------------------------------------------------
// Outcome measures

fn measure_at(measures: &[Measure], instrument: Instrument, point: Point) -> Option<&Measure> {
    measures
        .iter()
        .find(|m| m.instrument() == Some(instrument) && m.point() == Some(point))
}

/// The line that says how a SWEMWBS score moved from the start, and what
/// that means.
fn swemwbs_change_words(start: &Measure, later: &Measure) -> Option<String> {
    let (change, meaning) = swemwbs_change(start.total, later.total)?;
    let sign = if change > 0 { "+" } else { "" };
    Some(format!(
        "{sign}{} metric points since the start: {}",
        metric_words(change),
        meaning.words()
    ))
}

fn answers_words(instrument: Instrument, m: &Measure) -> String {
    let answers = m.answers();
    match instrument {
        Instrument::Ons4 => answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let what = ["Life satisfaction", "Worthwhile", "Happiness", "Anxiety"]
                    .get(i)
                    .copied()
                    .unwrap_or("");
                format!("{what} {a} ({})", ons4_band(i, *a))
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => answers.iter().map(i32::to_string).collect::<Vec<_>>().join(", "),
    }
}

fn score_words(instrument: Instrument, m: &Measure) -> String {
    match instrument {
        Instrument::Swemwbs => match m.metric() {
            Some(metric) => format!("{} (raw {})", metric_words(metric), m.total),
            None => format!("raw {}", m.total),
        },
        Instrument::Ons4 => "Each answer on its own".to_owned(),
        Instrument::Ucla3 => format!("{} of 9", m.total),
    }
}

fn instrument_hint(instrument: Instrument) -> &'static str {
    match instrument {
        Instrument::Swemwbs => {
            "Metric score from 7 to 35; higher is better. A rise of 3 or more is a meaningful improvement."
        }
        Instrument::Ons4 => "Each answer from 0 to 10; higher is better, except for anxiety.",
        Instrument::Ucla3 => "A total from 3 to 9; lower is less lonely.",
    }
}

fn measures_page(state: &AppState, opened: &Opened, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let measures = &opened.record.measures;
    let title = "Outcome measures";
    let changeable = r.anonymised_at.is_none();
    with_crumbs(
        title,
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (confirmation(done.and_then(Instrument::from_code).map(|_| "The answers have been saved.")))
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Ask the questions at the first meeting and again at the last; a follow-up three months later is optional." }
            @for instrument in Instrument::ALL {
                @let taken: Vec<&Measure> = Point::ALL.iter().filter_map(|p| measure_at(measures, instrument, *p)).collect();
                h2 class="kith-heading-m" { (instrument.name()) }
                p class="kith-hint" { (instrument_hint(instrument)) }
                @if taken.is_empty() {
                    p class="kith-body" { "Not asked yet." }
                } @else {
                    div class="kith-table-wrapper" tabindex="0" role="region" aria-label=(instrument.short_name()) {
                        table class="kith-table" {
                            thead { tr {
                                th scope="col" { "When" }
                                th scope="col" { "Date" }
                                th scope="col" { "Answers" }
                                th scope="col" { "Score" }
                            } }
                            tbody {
                                @for m in &taken {
                                    tr {
                                        th scope="row" { (m.point().map_or("", Point::label)) }
                                        td { (m.taken_on.format("%-d %B %Y")) }
                                        td { (answers_words(instrument, m)) }
                                        td { (score_words(instrument, m)) }
                                    }
                                }
                            }
                        }
                    }
                    @if instrument == Instrument::Swemwbs {
                        @if let Some(start) = measure_at(measures, instrument, Point::Start) {
                            @for later in [Point::End, Point::FollowUp].iter().filter_map(|p| measure_at(measures, instrument, *p)) {
                                @if let Some(words) = swemwbs_change_words(start, later) {
                                    p class="kith-body" { strong { (later.point().map_or("", Point::label)) ": " (words) "." } }
                                }
                            }
                        }
                    }
                }
                @if instrument == Instrument::Swemwbs {
                    p class="kith-hint" { (SWEMWBS_COPYRIGHT) }
                }
                @if changeable {
                    @if instrument == Instrument::Swemwbs && state.swemwbs_items.is_none() {
                        div class="kith-inset-text" {
                            p class="kith-body" { "SWEMWBS is not set up here. Its wording is licensed: an administrator with a licence from the University of Warwick enters the seven statements in kith.toml (swemwbs_items)." }
                        }
                    } @else {
                        p class="kith-body" {
                            a class="kith-link" href={ "/team/referrals/" (r.id) "/measures/" (instrument.code()) } {
                                "Record " (instrument.short_name()) " answers"
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The outcome measures of one person, with the change since the start.
pub async fn measures(
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
        measures_page(&state, &opened, query.done.as_deref()),
        &token,
        &req,
    ))
}

/// A question's wording and its answers as (value, label).
type Item = (String, Vec<(String, String)>);

/// The items of `instrument` with their answers; None for SWEMWBS when its
/// wording is not configured.
fn items(state: &AppState, instrument: Instrument) -> Option<Vec<Item>> {
    let numbered = |labels: &[&str], from: i32| -> Vec<(String, String)> {
        labels
            .iter()
            .zip(from..)
            .map(|(label, n)| (n.to_string(), format!("{label} ({n})")))
            .collect()
    };
    Some(match instrument {
        Instrument::Swemwbs => state
            .swemwbs_items
            .as_ref()?
            .iter()
            .map(|item| (item.clone(), numbered(&SWEMWBS_OPTIONS, 1)))
            .collect(),
        Instrument::Ons4 => ONS4_ITEMS
            .iter()
            .zip(ONS4_ENDS)
            .map(|(item, (low, high))| {
                let answers = (0..=10)
                    .map(|n| {
                        let label = match n {
                            0 => format!("0 — {low}"),
                            10 => format!("10 — {high}"),
                            n => n.to_string(),
                        };
                        (n.to_string(), label)
                    })
                    .collect();
                ((*item).to_owned(), answers)
            })
            .collect(),
        Instrument::Ucla3 => UCLA3_ITEMS
            .iter()
            .map(|item| ((*item).to_owned(), numbered(&UCLA3_OPTIONS, 1)))
            .collect(),
    })
}

fn point_options() -> Vec<(&'static str, &'static str)> {
    Point::ALL.iter().map(|p| (p.code(), p.label())).collect()
}

fn measure_form_page(
    state: &AppState,
    opened: &Opened,
    viewer: &Viewer,
    instrument: Instrument,
    form: &Form,
    token: &Token,
) -> Markup {
    let r = &opened.record.referral;
    let title = instrument.name();
    let items = items(state, instrument);
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/measures" } { "Back to the outcome measures" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @match (&items, r.anonymised_at.is_some()) {
                (_, true) => {
                    div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be recorded." } }
                }
                (None, _) => {
                    div class="kith-inset-text" {
                        p class="kith-body" { "SWEMWBS is not set up here. Its wording is licensed: an administrator with a licence from the University of Warwick enters the seven statements in kith.toml (swemwbs_items)." }
                    }
                }
                (Some(items), false) => {
                    form id="casework-form" method="post" action={ "/team/referrals/" (r.id) "/measures/" (instrument.code()) } novalidate {
                        (token.field())
                        @if overriding(viewer, r) { (override_field(form)) }
                        (form.radios("point", "When in the programme is this?", Some("Answering again at the same point replaces the earlier answers"), &point_options()))
                        (form.input(Field::new("date", "Date answered").hint("For example, 14/12/2026").width(10)))
                        @if instrument == Instrument::Swemwbs {
                            p class="kith-body" { "Below are some statements about feelings and thoughts. Choose the answer that best describes the person's experience of each over the last 2 weeks." }
                        }
                        @for ((item, answers), field) in items.iter().zip(ITEM_FIELDS) {
                            @let answers: Vec<(&str, &str)> = answers.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
                            (form.radios(field, item, None, &answers))
                        }
                        @if instrument == Instrument::Swemwbs {
                            p class="kith-hint" { (SWEMWBS_COPYRIGHT) }
                        }
                        button class="kith-button" type="submit" { "Save the answers" }
                    }
                }
            }
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct PointQuery {
    #[serde(default)]
    point: Option<String>,
}

fn parse_instrument(code: &str) -> Result<Instrument, WebError> {
    Instrument::from_code(code).ok_or(WebError::NotFound)
}

/// The questionnaire's form. The point is chosen already when the link
/// says which (`?point=end`), and is otherwise the next not yet asked.
pub async fn measure_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, String)>,
    query: web::Query<PointQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, code) = path.into_inner();
    let opened = open(&state, &viewer, id).await?;
    let instrument = parse_instrument(&code)?;
    let point = query.point.as_deref().and_then(Point::from_code).or_else(|| {
        [Point::Start, Point::End]
            .into_iter()
            .find(|p| measure_at(&opened.record.measures, instrument, *p).is_none())
    });
    let today = london_date(now()).format("%d/%m/%Y").to_string();
    let mut form = Form::new().with("date", &today);
    if let Some(p) = point {
        form = form.with("point", p.code());
    }
    let available = opened.record.referral.anonymised_at.is_none() && items(&state, instrument).is_some();
    let token = Token::for_request(&req);
    Ok(sensitive(
        if available {
            StatusCode::OK
        } else {
            StatusCode::CONFLICT
        },
        measure_form_page(&state, &opened, &viewer, instrument, &form, &token),
        &token,
        &req,
    ))
}

/// Saves a questionnaire, or shows it again with every problem.
pub async fn record_measure(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, String)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, code) = path.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    let instrument = parse_instrument(&code)?;
    let status = if items(&state, instrument).is_none() {
        StatusCode::CONFLICT
    } else {
        let reason = override_reason(&viewer, &opened.record.referral, &form);
        let measure = MeasureForm {
            point: form.value("point").to_owned(),
            date: form.value("date").to_owned(),
            answers: ITEM_FIELDS.iter().map(|f| form.value(f).to_owned()).collect(),
        };
        let (actor, t) = (viewer.actor.clone(), now());
        let saved = state
            .transact(move |c| {
                let by = Staff::because(&actor, reason.text());
                reason.checked(referral::measures::record(c, &by, id, instrument, &measure, t))
            })
            .await?;
        match saved {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/team/referrals/{id}/measures?done={}",
                    instrument.code()
                )))
            }
            Err(e) => show_errors(e, &mut form)?,
        }
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        measure_form_page(&state, &opened, &viewer, instrument, &form, &token),
        &token,
        &req,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing() -> Reason {
        Reason {
            text: String::new(),
            missing: Some("override_reason"),
        }
    }

    fn fields(e: &ReferralError) -> Vec<&'static str> {
        e.field_errors().iter().map(|fe| fe.field).collect()
    }

    #[test]
    fn a_given_or_unneeded_reason_changes_nothing() {
        let given = Reason {
            text: "Coach is away".into(),
            missing: None,
        };
        assert_eq!(given.checked(Ok::<_, ReferralError>(7)).ok(), Some(7));
        let refused = given.checked::<()>(Err(ReferralError::invalid("date", "Bad date")));
        assert!(matches!(refused, Err(ReferralError::Invalid { field: "date", .. })));
    }

    #[test]
    fn a_missing_reason_refuses_a_success_and_joins_the_forms_problems() {
        let reason = missing();
        match reason.checked(Ok::<_, ReferralError>(7)) {
            Err(e @ ReferralError::Form(_)) => {
                assert_eq!(
                    e.field_errors(),
                    vec![FieldError {
                        field: "override_reason",
                        message: REASON_MISSING.into()
                    }]
                );
            }
            other => panic!("a success must be refused: {other:?}"),
        }
        let one = reason
            .checked::<()>(Err(ReferralError::invalid("date", "Bad date")))
            .unwrap_err();
        assert_eq!(
            fields(&one),
            ["override_reason", "date"],
            "the reason first, as on the form"
        );
        let many = reason
            .checked::<()>(Err(ReferralError::Form(vec![
                FieldError {
                    field: "date",
                    message: "Bad date".into(),
                },
                FieldError {
                    field: "override_reason",
                    message: "Too long".into(),
                },
                FieldError {
                    field: "mode",
                    message: "Choose one".into(),
                },
            ])))
            .unwrap_err();
        assert_eq!(
            fields(&many),
            ["override_reason", "date", "mode"],
            "never twice for one field"
        );
    }

    #[test]
    fn a_missing_reason_passes_other_errors_on() {
        let reason = missing();
        assert!(matches!(
            reason.checked::<()>(Err(ReferralError::Transition("Closed".into()))),
            Err(ReferralError::Transition(m)) if m == "Closed"
        ));
        assert!(matches!(
            reason.checked::<()>(Err(ReferralError::Conflict)),
            Err(ReferralError::Conflict)
        ));
        assert!(matches!(
            reason.checked::<()>(Err(ReferralError::Forbidden)),
            Err(ReferralError::Forbidden)
        ));
    }
}
