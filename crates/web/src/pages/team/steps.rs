//! One page per step of a referral (GOV.UK: one thing per page): the
//! first call, booking and recording the assessment, allocation, the start,
//! sessions, pausing and resuming, and closing. The 6-week review has its
//! own page with the final meeting ([`super::reviews`]).
//!
//! Each page offers only what follows from where the referral stands (the
//! referral crate refuses the rest anyway), checks every field on the
//! server, keeps what was typed, and on success goes back to the referral,
//! which says what was saved. A manager changing a case allocated to
//! someone else is asked why; the reason goes in the audit log.

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use directory::recurrence::from_london_time;
use directory::recurrence_form::{parse_date, parse_time};
use maud::{html, Markup};
use referral::tasks::london_date;
use referral::{
    Allocation, CallOutcome, Closing, Complexity, FirstCall, Outcome, Referral, ReferralError, Service, Staff, Status,
    WorkerLoad,
};

use super::person::Reason;
use super::{crumbs, open, stage_words, Opened};
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::page;
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

/// A step of the workflow, as the team sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    FirstCall,
    BookAssessment,
    Assessment,
    Allocate,
    Start,
    Session,
    Pause,
    Resume,
    Close,
}

impl Step {
    /// In the order they usually happen, which is the order the referral
    /// page lists them.
    pub const ALL: [Step; 9] = [
        Step::FirstCall,
        Step::BookAssessment,
        Step::Assessment,
        Step::Allocate,
        Step::Start,
        Step::Session,
        Step::Pause,
        Step::Resume,
        Step::Close,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Step::FirstCall => "first-call",
            Step::BookAssessment => "book-assessment",
            Step::Assessment => "assessment",
            Step::Allocate => "allocate",
            Step::Start => "start",
            Step::Session => "session",
            Step::Pause => "pause",
            Step::Resume => "resume",
            Step::Close => "close",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::FirstCall => "Record a call",
            Step::BookAssessment => "Book the assessment",
            Step::Assessment => "Record the assessment",
            Step::Allocate => "Allocate to a coach or volunteer",
            Step::Start => "Start the programme",
            Step::Session => "Record a session",
            Step::Pause => "Pause the programme",
            Step::Resume => "Restart the programme",
            Step::Close => "Close the referral",
        }
    }

    /// The confirmation shown on the referral afterwards.
    pub fn done(self) -> &'static str {
        match self {
            Step::FirstCall => "The call has been saved.",
            Step::BookAssessment => "The assessment has been booked.",
            Step::Assessment => "The assessment has been recorded.",
            Step::Allocate => "The referral has been allocated.",
            Step::Start => "The programme has started.",
            Step::Session => "The session has been recorded.",
            Step::Pause => "The programme is paused. Its dates move on until it restarts.",
            Step::Resume => "The programme has restarted.",
            Step::Close => "The referral is closed.",
        }
    }

    /// Allocation is the manager's decision.
    pub fn managers_only(self) -> bool {
        self == Step::Allocate
    }

    /// Whether the step follows from where the referral stands (the same
    /// rules the referral crate enforces).
    pub fn applies(self, r: &Referral, paused: bool) -> bool {
        let status = r.status();
        match self {
            Step::FirstCall => matches!(status, Status::New | Status::FirstCall),
            Step::BookAssessment => {
                (status == Status::FirstCall && r.suitable == Some(true))
                    || (status == Status::Assessment && r.assessment_held_at.is_none())
            }
            Step::Assessment => {
                status == Status::Assessment && r.assessment_booked_for.is_some() && r.assessment_held_at.is_none()
            }
            Step::Allocate => {
                (status == Status::Assessment && r.assessment_held_at.is_some())
                    || matches!(status, Status::Allocated | Status::Active)
            }
            Step::Start => status == Status::Allocated,
            Step::Session | Step::Pause => status == Status::Active && !paused,
            Step::Resume => status == Status::Active && paused,
            Step::Close => r.is_open(),
        }
    }
}

/// A step's answers once checked.
#[derive(Debug, Clone)]
enum Input {
    FirstCall {
        outcome: CallOutcome,
        suitable: Option<bool>,
        reason: String,
        note: String,
    },
    Book {
        at: NaiveDateTime,
        note: String,
    },
    Assessment {
        complexity: Complexity,
        note: String,
    },
    Allocate {
        worker_id: i32,
        service_id: Option<i32>,
        note: String,
    },
    Start(String),
    Session(String),
    Pause(String),
    Resume(String),
    Close {
        outcome: Outcome,
        referred_to: String,
        summary: String,
    },
}

/// What the allocation page chooses from.
#[derive(Debug, Default)]
struct Choices {
    workers: Vec<WorkerLoad>,
    services: Vec<Service>,
}

const CALL_OUTCOMES: &[(&str, &str)] = &[
    ("reached", "Reached them"),
    ("no_answer", "No answer"),
    ("left_message", "Left a message"),
];
const YES_NO: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No")];
const COMPLEXITIES: &[(&str, &str)] = &[
    ("low", "Low: a volunteer could support them"),
    ("medium", "Medium"),
    ("high", "High: needs a coach's experience"),
];

fn outcomes() -> Vec<(&'static str, &'static str)> {
    Outcome::ALL.iter().map(|o| (o.code(), o.label())).collect()
}

/// Reads and checks the fields of `step`, putting each problem on `form`.
fn check(step: Step, form: &mut Form, today: chrono::NaiveDate) -> Option<Input> {
    let text = |form: &Form, name: &str| form.value(name).trim().to_owned();
    let note = text(form, "note");
    let input = match step {
        Step::FirstCall => {
            let outcome = CallOutcome::from_code(form.value("outcome"));
            if outcome.is_none() {
                form.error("outcome", "Choose how the call went");
            }
            let suitable = match form.value("suitable") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            Input::FirstCall {
                outcome: outcome?,
                suitable,
                reason: text(form, "reason"),
                note,
            }
        }
        Step::BookAssessment => {
            let date = parse_date(form.value("date"));
            let time = parse_time(form.value("time"));
            match date {
                None => form.error("date", "Enter the date of the meeting, like 14/12/2026"),
                Some(d) if d < today => form.error("date", "The meeting must be today or later"),
                Some(_) => {}
            }
            if time.is_none() {
                form.error("time", "Enter the time of the meeting on the 24-hour clock, like 10:30");
            }
            Input::Book {
                at: from_london_time(date?.and_time(time?)),
                note,
            }
        }
        Step::Assessment => {
            let complexity = Complexity::from_code(form.value("complexity"));
            if complexity.is_none() {
                form.error("complexity", "Choose how complex their situation is");
            }
            Input::Assessment {
                complexity: complexity?,
                note,
            }
        }
        Step::Allocate => {
            let worker_id = form.value("worker").trim().parse::<i32>().ok();
            if worker_id.is_none() {
                form.error("worker", "Choose who to allocate the referral to");
            }
            let service_id = match form.value("service").trim() {
                "" => None,
                s => match s.parse::<i32>() {
                    Ok(id) => Some(id),
                    Err(_) => {
                        form.error("service", "Choose a service from the list");
                        return None;
                    }
                },
            };
            Input::Allocate {
                worker_id: worker_id?,
                service_id,
                note,
            }
        }
        Step::Start => Input::Start(note),
        Step::Session => Input::Session(note),
        Step::Pause => {
            let reason = text(form, "reason");
            if reason.is_empty() {
                form.error("reason", "Say why the programme is pausing");
                return None;
            }
            Input::Pause(reason)
        }
        Step::Resume => Input::Resume(note),
        Step::Close => {
            let outcome = Outcome::from_code(form.value("outcome"));
            if outcome.is_none() {
                form.error("outcome", "Choose how the referral ended");
            }
            let referred_to = text(form, "referred_to");
            let summary = text(form, "summary");
            if outcome == Some(Outcome::ReferredElsewhere) && referred_to.is_empty() {
                form.error("referred_to", "Say which service they were referred to");
            }
            if summary.is_empty() {
                form.error("summary", "Write a short closing summary");
            }
            if form.has_errors() {
                return None;
            }
            Input::Close {
                outcome: outcome?,
                referred_to,
                summary,
            }
        }
    };
    (!form.has_errors()).then_some(input)
}

/// Writes a checked step through the referral crate.
fn write(
    c: &mut store::AnyConnection,
    site: &mail::Site,
    by: &Staff<'_>,
    id: i32,
    input: &Input,
    t: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    match input {
        Input::FirstCall {
            outcome,
            suitable,
            reason,
            note,
        } => {
            let call = FirstCall {
                outcome: *outcome,
                suitable: *suitable,
                reason,
                note,
            };
            referral::record_first_call(c, site, by, id, &call, t)
        }
        Input::Book { at, note } => referral::book_assessment(c, by, id, *at, note, t),
        Input::Assessment { complexity, note } => referral::record_assessment(c, by, id, *complexity, note, t),
        Input::Allocate {
            worker_id,
            service_id,
            note,
        } => {
            let allocation = Allocation {
                worker_id: *worker_id,
                service_id: *service_id,
                note,
            };
            referral::allocate(c, site, by, id, &allocation, t)
        }
        Input::Start(note) => referral::start(c, by, id, note, t),
        Input::Session(note) => referral::record_session(c, by, id, note, t),
        Input::Pause(reason) => referral::pause(c, by, id, reason, t),
        Input::Resume(note) => referral::resume(c, by, id, note, t),
        Input::Close {
            outcome,
            referred_to,
            summary,
        } => {
            let closing = Closing {
                outcome: *outcome,
                referred_to,
                summary,
            };
            referral::close(c, site, by, id, &closing, t)
        }
    }
}

fn fields(step: Step, form: &Form, choices: &Choices) -> Markup {
    let note = |label: &str| form.textarea("note", label, Some("Optional"));
    match step {
        Step::FirstCall => html! {
            (form.radios("outcome", "How did the call go?", None, CALL_OUTCOMES))
            (form.radios("suitable", "Does the service suit them?", Some("Answer when you reached them"), YES_NO))
            (form.textarea("reason", "If not, why not?", None))
            (note("Notes"))
        },
        Step::BookAssessment => html! {
            (form.input(Field::new("date", "Date of the meeting").hint("For example, 14/12/2026").width(10)))
            (form.input(Field::new("time", "Time").hint("On the 24-hour clock, for example 10:30").width(10)))
            (note("Where you will meet, and anything to bring"))
        },
        Step::Assessment => html! {
            (form.radios("complexity", "How complex is their situation?", None, COMPLEXITIES))
            (note("Notes"))
        },
        Step::Allocate => {
            let workers: Vec<(String, String)> = choices
                .workers
                .iter()
                .map(|w| {
                    let roles: Vec<&str> = w.roles.iter().map(|r| r.label()).collect();
                    let load = match w.open {
                        1 => "1 open referral".to_owned(),
                        n => format!("{n} open referrals"),
                    };
                    (
                        w.person_id.to_string(),
                        format!("{} ({}): {load}", w.display_name, roles.join(", ").to_lowercase()),
                    )
                })
                .collect();
            let workers: Vec<(&str, &str)> = workers.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
            let services: Vec<(String, String)> =
                std::iter::once((String::new(), "The usual 12-week programme".to_owned()))
                    .chain(choices.services.iter().map(|s| (s.id.to_string(), s.name.clone())))
                    .collect();
            let services: Vec<(&str, &str)> = services.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
            html! {
                @if workers.is_empty() {
                    p class="kith-body" { "There are no coaches or volunteers yet. An admin can give someone the coach or volunteer role." }
                } @else {
                    (form.radios("worker", "Who should work with them?", Some("Lightest caseload first"), &workers))
                }
                (form.select("service", "Service", &services))
                (note("Notes for the worker"))
            }
        }
        Step::Start => note("How the first meeting went"),
        Step::Session => note("Notes on the session"),
        Step::Pause => form.textarea(
            "reason",
            "Why is the programme pausing?",
            Some("For example, a stay in hospital. The programme's dates move on while it is paused."),
        ),
        Step::Resume => note("Notes"),
        Step::Close => {
            let outcomes = outcomes();
            html! {
                (form.radios("outcome", "How did the referral end?", Some("Completed is for a programme that started"), &outcomes))
                (form.input(Field::new("referred_to", "If referred elsewhere, to which service?")))
                (form.textarea("summary", "Closing summary", Some("What happened, and what they go on to")))
            }
        }
    }
}

fn step_page(step: Step, opened: &Opened, viewer: &Viewer, form: &Form, choices: &Choices, token: &Token) -> Markup {
    let r = &opened.record.referral;
    let paused = opened.paused();
    let title = step.title();
    let overriding = step != Step::Allocate && accounts::policy::is_override(&viewer.actor, r.worker_id);
    page(
        &form.title(title),
        &crumbs(),
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) }
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() || !step.applies(r, paused) {
                div class="kith-inset-text" {
                    p class="kith-body" { "This cannot be done now: the referral is at " (stage_words(r, paused).to_lowercase()) "." }
                }
            } @else {
                form id="step-form" method="post" action={ "/team/referrals/" (r.id) "/" (step.slug()) } novalidate {
                    (token.field())
                    @if overriding {
                        (form.textarea(
                            "override_reason",
                            "Why are you changing a case allocated to someone else?",
                            Some("The reason is kept in the audit log"),
                        ))
                    }
                    (fields(step, form, choices))
                    button class="kith-button" type="submit" { "Save" }
                }
            }
        },
    )
}

fn parse_step(slug: &str, viewer: &Viewer) -> Result<Step, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let step = Step::from_slug(slug).ok_or(WebError::NotFound)?;
    if step.managers_only() {
        viewer.require(Action::ManageReferrals)?;
    }
    Ok(step)
}

async fn choices(state: &AppState, viewer: &Viewer, step: Step) -> Result<Choices, WebError> {
    if step != Step::Allocate {
        return Ok(Choices::default());
    }
    let actor = viewer.actor.clone();
    Ok(state
        .transact(move |c| {
            Ok::<_, ReferralError>(Choices {
                workers: referral::caseloads(c, &Staff::new(&actor))?,
                services: referral::services(c)?,
            })
        })
        .await??)
}

/// A step's page.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, WebError> {
    let (id, slug) = path.into_inner();
    let step = parse_step(&slug, &viewer)?;
    let opened = open(&state, &viewer, id).await?;
    let choices = choices(&state, &viewer, step).await?;
    let token = Token::for_request(&req);
    let r = &opened.record.referral;
    let status = if step.applies(r, opened.paused()) && r.anonymised_at.is_none() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    Ok(sensitive(
        status,
        step_page(step, &opened, &viewer, &Form::new(), &choices, &token),
        &token,
        &req,
    ))
}

/// Saves a step, or shows its page again with every problem.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, String)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let (id, slug) = path.into_inner();
    let step = parse_step(&slug, &viewer)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let t = now();
    let mut status = StatusCode::BAD_REQUEST;
    // The step's own mistakes are on the form already; the override reason
    // is checked even so (inside the transaction, against the worker as
    // the save finds them), so a manager hears of every problem at once.
    let input = check(step, &mut form, london_date(t));
    let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
    let sent = form.value("override_reason").to_owned();
    let saved = state
        .transact(move |c| {
            let worker = referral::worker_of(c, &Staff::new(&actor), id)?;
            let needed = step != Step::Allocate && accounts::policy::is_override(&actor, worker);
            let reason = Reason::given(&sent, needed, "override_reason");
            reason.checked(match &input {
                Some(input) => write(c, &site, &Staff::because(&actor, reason.text()), id, input, t).map(Some),
                None => Ok(None),
            })
        })
        .await?;
    match saved {
        Ok(Some(_)) => return Ok(see_other(&format!("/team/referrals/{id}?done={}", step.slug()))),
        Ok(None) => {}
        Err(e @ (ReferralError::Invalid { .. } | ReferralError::Form(_))) => {
            // The reason's field is above the step's own on the form.
            for fe in e.field_errors() {
                if fe.field == "override_reason" {
                    form.error_first(fe.field, fe.message);
                } else {
                    form.error(fe.field, fe.message);
                }
            }
        }
        Err(e @ (ReferralError::Transition(_) | ReferralError::Conflict)) => {
            status = StatusCode::CONFLICT;
            form.error("step-form", sentence(&e.to_string()));
        }
        Err(e) => return Err(e.into()),
    }
    let opened = open(&state, &viewer, id).await?;
    let choices = choices(&state, &viewer, step).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        step_page(step, &opened, &viewer, &form, &choices, &token),
        &token,
        &req,
    ))
}

/// Error texts start in lower case for logs; on a page they are sentences.
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
