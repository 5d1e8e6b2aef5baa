//! The 6-week review and the final meeting, for the team only: one page
//! each at /team/referrals/{id}/reviews/{six-week|final}, showing when it
//! is due (from the programme start, moved by pauses), what was recorded,
//! and the form to record it.
//!
//! Pages open the referral through [`super::open`], so every read is
//! audited; the referral crate checks every form.

use accounts::Action;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::reviews::{ReviewForm, ReviewKind};
use referral::tasks::london_date;
use referral::{DueTask, Staff};

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

/// "Due by 12 January 2027", "Due after session 5", with "(paused)".
pub(super) fn due_words(t: &DueTask) -> String {
    let when = match (t.due_on, t.after_session) {
        (Some(d), _) => format!("Due by {}", d.format("%-d %B %Y")),
        (None, Some(n)) => format!("Due after session {n}"),
        (None, None) => "Due".to_owned(),
    };
    if t.paused {
        format!("{when} (paused: the date moves on while the programme is paused)")
    } else {
        when
    }
}

fn kind_of(slug: &str) -> Result<ReviewKind, WebError> {
    ReviewKind::from_slug(slug).ok_or(WebError::NotFound)
}

fn review_page(opened: &Opened, viewer: &Viewer, kind: ReviewKind, form: &Form, token: &Token, done: bool) -> Markup {
    let r = &opened.record.referral;
    let title = kind.label();
    let recorded = opened.record.reviews.iter().find(|v| v.kind() == Some(kind));
    let due = opened.tasks.iter().find(|t| t.task == kind.task());
    let href = format!("/team/referrals/{}/reviews/{}", r.id, kind.slug());
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (confirmation(done.then_some("The review has been saved.")))
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if let Some(t) = due {
                p class="kith-body" {
                    (due_words(t))
                    @if t.due_now && !t.paused { " " strong class="kith-tag kith-tag--red" { "Due" } }
                }
            }
            @if let Some(v) = recorded {
                dl class="kith-summary-list" {
                    (super::row("Held on", &v.held_on.format("%-d %B %Y").to_string()))
                    (super::row("Held by", opened.name(v.held_by)))
                    (super::row("What has gone well", &v.gone_well))
                    (super::row("What happens next", &v.next_steps))
                }
            } @else if r.started_at.is_none() {
                p class="kith-body" { "The programme has not started yet: reviews are recorded once it has." }
            }
            @if r.anonymised_at.is_some() {
                div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be changed." } }
            } @else if r.started_at.is_some() {
                h2 class="kith-heading-m" { @if recorded.is_some() { "Change the record" } @else { "Record it" } }
                form id="casework-form" method="post" action=(href) novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.input(Field::new("date", "The day it was held").hint("For example, 14/12/2026").width(10)))
                    (form.textarea("gone_well", "What has gone well?", Some("In the person's own words where you can")))
                    (form.textarea("next_steps", "What happens next?", None))
                    button class="kith-button" type="submit" { "Save the review" }
                }
            }
        },
    )
}

/// A review: when it is due, what was recorded, and the form, filled in
/// from the record (or dated today).
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, String)>,
    query: web::Query<Done>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, slug) = path.into_inner();
    let kind = kind_of(&slug)?;
    let opened = open(&state, &viewer, id).await?;
    let form = match opened.record.reviews.iter().find(|v| v.kind() == Some(kind)) {
        Some(v) => Form::new()
            .with("date", &v.held_on.format("%d/%m/%Y").to_string())
            .with("gone_well", &v.gone_well)
            .with("next_steps", &v.next_steps),
        None => Form::new().with("date", &london_date(now()).format("%d/%m/%Y").to_string()),
    };
    let token = Token::for_request(&req);
    let done = query.done.as_deref() == Some("saved");
    Ok(sensitive(
        opened.form_status(),
        review_page(&opened, &viewer, kind, &form, &token, done),
        &token,
        &req,
    ))
}

/// Saves a review, or shows the form again with every problem and what
/// was typed.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, String)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, slug) = path.into_inner();
    let kind = kind_of(&slug)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let (actor, t) = (viewer.actor.clone(), now());
    let answer = ReviewForm {
        date: form.value("date").to_owned(),
        gone_well: form.value("gone_well").to_owned(),
        next_steps: form.value("next_steps").to_owned(),
    };
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::reviews::record(c, &by, id, kind, &answer, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/reviews/{slug}?done=saved"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        review_page(&opened, &viewer, kind, &form, &token, false),
        &token,
        &req,
    ))
}
