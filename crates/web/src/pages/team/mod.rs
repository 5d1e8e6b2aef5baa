//! The connecting team's pages: the shared queue of new referrals, one
//! referral with its timeline and what can be done next, a page per step
//! ([`steps`]), caseloads ([`caseload`]), the person's casework (contacts
//! and outcome measures, [`person`]; goals and steps, [`goals`]; the
//! social network map, [`network`]; strengths and barriers, [`profile`];
//! the 6-week review and the final meeting, [`reviews`]; the three-month
//! follow-up, [`follow_up`]),
//! the record itself for subject access
//! and erasure ([`records`]) and the services ([`services`]).
//!
//! The queue shows no personal details, so glancing at it reads nobody's
//! record; opening a referral does, and [`referral::view`] writes that to
//! the audit log. Referrals are addressed only by their opaque id.

pub mod caseload;
pub mod follow_up;
pub mod goals;
pub mod network;
pub mod person;
pub mod profile;
pub mod records;
pub mod reports;
pub mod reviews;
pub mod services;
pub mod steps;

use std::collections::HashMap;

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use directory::Page;
use maud::{html, Markup};
use referral::reviews::ReviewKind;
use referral::{Record, Staff, Status};
use serde::Deserialize;

use crate::auth::Viewer;
use crate::components::{long_date_time, pagination};
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

use steps::Step;

/// Referrals on one page of the queue: a morning's work, and a page that
/// stays quick however long the queue grows.
const QUEUE_PAGE: i64 = 50;

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

/// The links every team page offers, so a worker can get to their
/// caseload and a manager to the team's; each only to someone who may
/// follow it (a commissioner sees the report alone).
fn team_nav(viewer: &Viewer) -> Markup {
    html! {
        nav aria-label="Team pages" {
            ul class="kith-list kith-list--inline" {
                @if viewer.may(Action::ReferralQueue) {
                    li { a class="kith-link" href="/team/referrals" { "Referrals waiting" } }
                    li { a class="kith-link" href="/team/caseload" { "My caseload" } }
                    li { a class="kith-link" href="/team/follow-ups" { "Follow-ups due" } }
                }
                @if viewer.may(Action::ManageReferrals) {
                    li { a class="kith-link" href="/team/caseloads" { "The team's caseloads" } }
                    li { a class="kith-link" href="/team/services" { "Services" } }
                }
                @if viewer.may(Action::ViewReports) {
                    li { a class="kith-link" href="/team/reports" { "Impact report" } }
                }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    page: Option<String>,
}

/// New referrals nobody is allocated to, oldest first, a page at a time.
pub async fn queue(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    // A page number that is not one is the first page, not an error.
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    queue_page(&req, &state, &viewer, Form::new(), page, StatusCode::OK).await
}

/// The queue, with the find-by-reference form in `form` (and its error,
/// after a reference that matched nothing).
async fn queue_page(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    form: Form,
    page_number: i64,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let (actor, t) = (viewer.actor.clone(), now());
    let waiting = state
        .transact(move |c| {
            let by = Staff::new(&actor);
            let total = referral::waiting(c, &by)?;
            let items = referral::queue_from(c, &by, t, (page_number - 1) * QUEUE_PAGE, QUEUE_PAGE)?;
            Ok::<_, referral::ReferralError>(Page {
                items,
                total,
                page: page_number,
                per_page: QUEUE_PAGE,
            })
        })
        .await??;
    let token = Token::for_request(req);
    let body = html! {
        (team_nav(viewer))
        (form.summary())
        h1 class="kith-heading-l" { "Referrals waiting" }
        // POST, so a quoted reference never sits in a URL or a server log.
        form class="kith-search" method="post" action="/team/find" novalidate {
            (token.field())
            (form.input(Field::new("reference", "Find a referral by its reference").hint("For example, KC-7F3K9").width(10)))
            button class="kith-button kith-button--secondary" type="submit" { "Find" }
        }
        @if waiting.total == 0 {
            p class="kith-body" { "There are no referrals waiting. New ones appear here as they arrive." }
        } @else if waiting.items.is_empty() {
            p class="kith-body" { "There is no page " (page_number) ". " a class="kith-link" href="/team/referrals" { "Go to the first page" } }
        } @else {
            p class="kith-body" {
                (waiting.total) " waiting, oldest first."
                @if waiting.pages() > 1 {
                    " Page " (page_number) " of " (waiting.pages()) "."
                }
            }
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
                        @for item in &waiting.items {
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
            (pagination(&waiting, "/team/referrals?"))
        }
    };
    Ok(sensitive(
        status,
        page(&form.title("Referrals waiting"), &[], body),
        &token,
        req,
    ))
}

/// "My reference is KC-7F3K9": straight to that referral, if the worker may
/// see it; otherwise the queue again saying nothing matched (the same
/// answer whether it exists or not).
pub async fn find(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let typed: String = form.value("reference").trim().chars().take(40).collect();
    if typed.is_empty() {
        form.error("reference", "Enter the reference, like KC-7F3K9");
        return queue_page(&req, &state, &viewer, form, 1, StatusCode::BAD_REQUEST).await;
    }
    let actor = viewer.actor.clone();
    let quoted = typed.clone();
    let found = state
        .transact(move |c| referral::find_reference(c, &Staff::new(&actor), &quoted))
        .await??;
    match found {
        Some(id) => Ok(see_other(&format!("/team/referrals/{id}"))),
        None => {
            form.error(
                "reference",
                format!("No referral you can see has the reference {typed}"),
            );
            queue_page(&req, &state, &viewer, form, 1, StatusCode::NOT_FOUND).await
        }
    }
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

/// A referral as the team reads it, with the names of whoever acted on it.
pub(crate) struct Opened {
    pub record: Record,
    pub names: HashMap<i32, String>,
    /// What is coming up, less the reviews already recorded.
    pub tasks: Vec<referral::DueTask>,
}

impl Opened {
    /// The status of a casework form's page: 409 once the referral has
    /// been erased, when the page says nothing more can be added.
    pub(crate) fn form_status(&self) -> StatusCode {
        if self.record.referral.anonymised_at.is_some() {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        }
    }

    fn name(&self, id: Option<i32>) -> &str {
        id.and_then(|id| self.names.get(&id))
            .map_or("someone no longer on the team", String::as_str)
    }

    fn paused(&self) -> bool {
        self.record.pauses.iter().any(|p| p.ended_at.is_none())
    }
}

/// Opens a referral (audited) with the names for its timeline.
pub(crate) async fn open(state: &AppState, viewer: &Viewer, id: i32) -> Result<Opened, WebError> {
    let (actor, t) = (viewer.actor.clone(), now());
    Ok(state
        .transact(move |c| {
            let record = referral::view(c, &Staff::new(&actor), id, t)?;
            let mut ids: Vec<i32> = record.timeline.iter().filter_map(|e| e.actor_id).collect();
            ids.extend(record.referral.worker_id);
            ids.extend(record.contacts.iter().filter_map(|c| c.worker_id));
            ids.extend(record.measures.iter().filter_map(|m| m.recorded_by));
            ids.extend(record.reviews.iter().filter_map(|v| v.held_by));
            ids.sort_unstable();
            ids.dedup();
            let names = referral::staff_names(c, &ids)?;
            let tasks = referral::reviews::due(c, &record, t)?;
            Ok::<_, referral::ReferralError>(Opened { record, names, tasks })
        })
        .await??)
}

#[derive(Debug, Deserialize)]
pub struct ReferralQuery {
    /// The step just saved, for the confirmation at the top.
    #[serde(default)]
    done: Option<String>,
}

fn done_words(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "erased" => {
            Some("The person's details have been erased. A stub of the referral is kept for the team's figures.")
        }
        other => Step::from_slug(other).map(Step::done),
    }
}

fn referral_page(state: &AppState, viewer: &Viewer, opened: &Opened, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let record = &opened.record;
    let title = format!("Referral {}", r.reference);
    let paused = opened.paused();
    let next: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|s| s.applies(r, paused) && (!s.managers_only() || viewer.may(Action::ManageReferrals)))
        .collect();
    let manager = viewer.may(Action::ManageReferrals);
    page(
        &title,
        &crumbs(),
        html! {
            @if let Some(m) = done_words(done) {
                div class="kith-inset-text" role="status" { p class="kith-body" { (m) } }
            }
            span class="kith-caption-m" { (kind_words(r.kind())) }
            h1 class="kith-heading-l" { (title) }
            dl class="kith-summary-list" {
                (row("Stage", &stage_words(r, paused)))
                (row("Received", &long_date_time(r.created_at)))
                @if let Some(w) = r.worker_id {
                    (row("Allocated to", opened.name(Some(w))))
                }
                @if let Some(c) = &r.complexity {
                    (row("Complexity", c))
                }
                @if let Some(o) = r.outcome() {
                    (row("Outcome", o.label()))
                }
                @if !r.referred_to.is_empty() {
                    (row("Referred to", &r.referred_to))
                }
                @if !r.closing_summary.is_empty() {
                    (row("Closing summary", &r.closing_summary))
                }
            }
            @if r.anonymised_at.is_none() {
                @if next.is_empty() {
                    p class="kith-body" { "There is nothing more to do on this referral." }
                } @else {
                    h2 class="kith-heading-m" { "What to do next" }
                    ul class="kith-list kith-list--bullet" {
                        @for s in &next {
                            li { a class="kith-link" href={ "/team/referrals/" (r.id) "/" (s.slug()) } { (s.title()) } }
                            // The half-way review, once sessions are under way.
                            @if *s == Step::Session && r.reviewed_at.is_none() {
                                li { a class="kith-link" href={ "/team/referrals/" (r.id) "/reviews/" (ReviewKind::SixWeek.slug()) } { "Record the 6-week review" } }
                            }
                        }
                    }
                }
                @if !opened.tasks.is_empty() {
                    h2 class="kith-heading-m" { "Coming up" }
                    ul class="kith-list kith-list--bullet" id="due-tasks" {
                        @for t in &opened.tasks {
                            li {
                                @if let Some(k) = ReviewKind::of_task(t.task) {
                                    a class="kith-link" href={ "/team/referrals/" (r.id) "/reviews/" (k.slug()) } { (k.label()) }
                                } @else if t.task == referral::Task::FollowUp {
                                    a class="kith-link" href={ "/team/referrals/" (r.id) "/follow-up" } { "Three-month follow-up" }
                                } @else {
                                    "First contact"
                                }
                                ": " (reviews::due_words(t))
                                @if t.due_now && !t.paused { " " strong class="kith-tag kith-tag--red" { "Due" } }
                            }
                        }
                    }
                }
            }
            h2 class="kith-heading-m" { "Casework" }
            dl class="kith-summary-list" {
                (row("Contact so far", &referral::casework::Totals::of(&record.contacts).summary()))
                (row("SWEMWBS", &swemwbs_words(&record.measures)))
            }
            ul class="kith-list kith-list--bullet" {
                li { a class="kith-link" href={ "/team/referrals/" (r.id) "/contacts" } { "Contacts" } }
                li { a class="kith-link" href={ "/team/referrals/" (r.id) "/strengths" } { "Strengths and barriers" } }
                li { a class="kith-link" href={ "/team/referrals/" (r.id) "/goals" } { "Goals and action plan" } }
                li { a class="kith-link" href={ "/team/referrals/" (r.id) "/network" } { "Social network map" } }
                li { a class="kith-link" href={ "/team/referrals/" (r.id) "/measures" } { "Outcome measures" } }
                @if r.started_at.is_some() {
                    @for k in ReviewKind::ALL {
                        li {
                            a class="kith-link" href={ "/team/referrals/" (r.id) "/reviews/" (k.slug()) } { (k.label()) }
                            @if record.reviews.iter().any(|v| v.kind() == Some(k)) { " (recorded)" }
                        }
                    }
                }
                @if referral::follow_up::eligible(r) {
                    li {
                        a class="kith-link" href={ "/team/referrals/" (r.id) "/follow-up" } { "Three-month follow-up" }
                        @if record.follow_up.as_ref().is_some_and(referral::follow_up::FollowUp::answered) { " (answered)" }
                    }
                }
            }
            (who(state, record))
            h2 class="kith-heading-m" { "Timeline" }
            ol class="kith-list" {
                @for e in &record.timeline {
                    li {
                        strong { (long_date_time(e.at)) } " — "
                        @if e.actor_id.is_some() { (opened.name(e.actor_id)) ": " }
                        @if e.note.is_empty() { (e.kind.replace('_', " ")) } @else { (e.note) }
                    }
                }
            }
            @if manager {
                h2 class="kith-heading-m" { "The record" }
                ul class="kith-list kith-list--bullet" {
                    li { a class="kith-link" href={ "/team/referrals/" (r.id) "/audit" } { "Who has seen or changed it" } }
                    li { a class="kith-link" href={ "/team/referrals/" (r.id) "/print" } { "Print the whole record" } }
                    li { a class="kith-link" href={ "/team/referrals/" (r.id) "/export" } { "Download the whole record (JSON)" } }
                    @if r.anonymised_at.is_none() && r.status() == Status::Closed {
                        li { a class="kith-link" href={ "/team/referrals/" (r.id) "/erase" } { "Erase the person's details" } }
                    }
                }
            }
        },
    )
}

/// "16.88 at the start, 20.73 at the end: a meaningful improvement", or
/// as much of it as has been asked.
fn swemwbs_words(measures: &[referral::measures::Measure]) -> String {
    use referral::measures::{metric_words, swemwbs_change, Instrument, Point};
    let at = |point| {
        measures
            .iter()
            .find(|m| m.instrument() == Some(Instrument::Swemwbs) && m.point() == Some(point))
    };
    let (start, end) = (at(Point::Start), at(Point::End));
    let score = |m: &referral::measures::Measure| m.metric().map(metric_words).unwrap_or_default();
    match (start, end) {
        (Some(s), Some(e)) => {
            let meaning = swemwbs_change(s.total, e.total).map_or("", |(_, m)| m.words());
            format!("{} at the start, {} at the end: {meaning}", score(s), score(e))
        }
        (Some(s), None) => format!("{} at the start", score(s)),
        (None, Some(e)) => format!("{} at the end", score(e)),
        (None, None) => String::new(),
    }
}

/// The person and (for a professional referral) the referrer: the same on
/// the referral's page and on the printed record.
pub(crate) fn who(state: &AppState, record: &Record) -> Markup {
    let r = &record.referral;
    let interests: Vec<&str> = record
        .interest_ids
        .iter()
        .filter_map(|id| state.reference.interest(*id))
        .map(|i| i.name.as_str())
        .collect();
    html! {
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
                (row("Wants updates", if r.updates_referrer() { "Yes, and the person agreed" } else { "No" }))
            }
        }
    }
}

/// "Active (paused)", "Closed: completed".
fn stage_words(r: &referral::Referral, paused: bool) -> String {
    match (r.status(), r.outcome()) {
        (Status::Closed, Some(o)) => format!("Closed: {}", o.label().to_lowercase()),
        (Status::Active, _) if paused => "Active (paused)".to_owned(),
        (s, _) => s.label().to_owned(),
    }
}

/// One referral. Everyone outside the team is refused before anything is
/// looked up, so they cannot learn which ids exist.
pub async fn referral(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    query: web::Query<ReferralQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::OK,
        referral_page(&state, &viewer, &opened, query.done.as_deref()),
        &token,
        &req,
    ))
}
