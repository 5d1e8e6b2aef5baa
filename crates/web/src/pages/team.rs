//! The connecting team's pages: the shared queue of new referrals and one
//! referral with its first-call form.
//!
//! The queue shows no personal details, so glancing at it reads nobody's
//! record; opening a referral does, and [`referral::view`] writes that to
//! the audit log. Referrals are addressed only by their opaque id.

use accounts::Action;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::{CallOutcome, FirstCall, Record, Staff, Status};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::referral::run;
use crate::pages::sensitive;
use crate::state::{now, AppState};

/// The most the queue page lists at once; more than a day's referrals.
const QUEUE_LIMIT: i64 = 500;

fn crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Referrals",
        href: "/team/referrals",
    }]
}

fn plural_days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// New referrals nobody is allocated to, oldest first.
pub async fn queue(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (actor, t) = (viewer.actor.clone(), now());
    let items = run(&state, move |c| referral::queue(c, &Staff::new(&actor), t, QUEUE_LIMIT)).await??;
    let token = Token::for_request(&req);
    let body = html! {
        h1 class="kith-heading-l" { "Referrals waiting" }
        @if items.is_empty() {
            p class="kith-body" { "There are no referrals waiting. New ones appear here as they arrive." }
        } @else {
            p class="kith-body" { (items.len()) " waiting, oldest first." }
            div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Referrals waiting" {
                table class="kith-table" {
                    thead { tr {
                        th scope="col" { "Reference" }
                        th scope="col" { "From" }
                        th scope="col" { "Stage" }
                        th scope="col" { "Borough" }
                        th scope="col" { "Received" }
                        th scope="col" { "Waiting" }
                    } }
                    tbody {
                        @for item in &items {
                            tr {
                                td { a href={ "/team/referrals/" (item.id) } { (item.reference) } }
                                td { (kind_words(item.kind)) }
                                td {
                                    (item.status.label())
                                    @if item.overdue {
                                        " " strong class="kith-tag kith-tag--red" { "Overdue first contact" }
                                    }
                                }
                                td { (item.borough_id.and_then(|b| state.reference.borough(b)).map_or("", |b| b.name.as_str())) }
                                td { (long_date_time(item.received_at)) }
                                td { (plural_days(item.days_waiting)) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(sensitive(
        StatusCode::OK,
        page("Referrals waiting", &[], body),
        &token,
        &req,
    ))
}

fn kind_words(kind: referral::Kind) -> &'static str {
    match kind {
        referral::Kind::SelfReferral => "Self-referral",
        referral::Kind::Professional => "Professional",
    }
}

fn row(key: &str, value: &str) -> Markup {
    html! {
        div class="kith-summary-list__row" {
            dt class="kith-summary-list__key" { (key) }
            dd class="kith-summary-list__value" {
                @if value.trim().is_empty() { span class="kith-hint" { "Not given" } } @else { (value) }
            }
        }
    }
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "",
    }
}

const OUTCOMES: &[(&str, &str)] = &[
    ("reached", "Reached them"),
    ("no_answer", "No answer"),
    ("left_message", "Left a message"),
];

fn referral_page(state: &AppState, record: &Record, form: &Form, token: &Token) -> Markup {
    let r = &record.referral;
    let title = format!("Referral {}", r.reference);
    let interests: Vec<&str> = record
        .interest_ids
        .iter()
        .filter_map(|id| state.reference.interest(*id))
        .map(|i| i.name.as_str())
        .collect();
    let calling = matches!(r.status(), Status::New | Status::FirstCall);
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            span class="kith-caption-m" { (kind_words(r.kind())) ", " (r.status().label().to_lowercase()) }
            h1 class="kith-heading-l" { (title) }
            h2 class="kith-heading-m" { "The person" }
            @if let Some(p) = &record.person {
                dl class="kith-summary-list" {
                    (row("Name", &p.name))
                    (row("Phone", &p.phone))
                    (row("Email", &p.email))
                    (row("When to get in touch", &p.contact_times))
                    (row("All right to leave a message", yes_no(p.safe_to_leave_message)))
                    (row("Postcode", p.postcode.as_deref().unwrap_or("")))
                    (row("Interests", &interests.join(", ")))
                    (row("Other interests", &p.interests_other))
                    (row("What makes going out hard", &p.barriers))
                    (row("Access or communication needs", &p.access_needs))
                }
            } @else {
                p class="kith-body" { "The person's details have been erased." }
            }
            @if let Some(referrer) = &record.referrer {
                h2 class="kith-heading-m" { "Referred by" }
                dl class="kith-summary-list" {
                    (row("Name", &referrer.name))
                    (row("Role", &referrer.role))
                    (row("Organisation", &referrer.organisation))
                    (row("Email", &referrer.email))
                    (row("Phone", &referrer.phone))
                    (row("Reason", &referrer.reason))
                    (row("Risks", &referrer.risks))
                }
            }
            @if calling {
                h2 class="kith-heading-m" { "Record a first call" }
                form method="post" action={ "/team/referrals/" (r.id) "/first-call" } novalidate {
                    (token.field())
                    (form.radios("outcome", "How did the call go?", None, OUTCOMES))
                    (form.radios("suitable", "Does the service suit them?", Some("Answer when you reached them"), &[("yes", "Yes"), ("no", "No")]))
                    (form.textarea("reason", "If not, why not?", None))
                    (form.textarea("note", "Notes", Some("Optional")))
                    button class="kith-button" type="submit" { "Save the call" }
                }
            }
            h2 class="kith-heading-m" { "Timeline" }
            ol class="kith-list" {
                @for e in &record.timeline {
                    li { strong { (long_date_time(e.at)) } ": " (e.note) }
                }
            }
        },
    )
}

async fn view(state: &AppState, viewer: &Viewer, id: i32) -> Result<Record, WebError> {
    let (actor, t) = (viewer.actor.clone(), now());
    Ok(run(state, move |c| referral::view(c, &Staff::new(&actor), id, t)).await??)
}

/// One referral. Everyone outside the team is refused before anything is
/// looked up, so they cannot learn which ids exist.
pub async fn referral(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let record = view(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::OK,
        referral_page(&state, &record, &Form::new(), &token),
        &token,
        &req,
    ))
}

pub async fn first_call(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let outcome = CallOutcome::from_code(form.value("outcome"));
    if outcome.is_none() {
        form.error("outcome", "Choose how the call went");
    }
    let suitable = match form.value("suitable") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    if let Some(outcome) = outcome {
        let (actor, site, t) = (viewer.actor.clone(), state.accounts.site.clone(), now());
        let (reason, note) = (form.value("reason").to_owned(), form.value("note").to_owned());
        let done = run(&state, move |c| {
            let call = FirstCall {
                outcome,
                suitable,
                reason: &reason,
                note: &note,
            };
            referral::record_first_call(c, &site, &Staff::new(&actor), id, &call, t)
        })
        .await?;
        match done {
            Ok(_) => {
                return Ok(HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/team/referrals/{id}")))
                    .insert_header((header::CACHE_CONTROL, "no-store"))
                    .finish());
            }
            Err(e @ referral::ReferralError::Invalid { .. }) => {
                for fe in e.field_errors() {
                    form.error(fe.field, fe.message);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    let record = view(&state, &viewer, id).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::BAD_REQUEST,
        referral_page(&state, &record, &form, &token),
        &token,
        &req,
    ))
}
