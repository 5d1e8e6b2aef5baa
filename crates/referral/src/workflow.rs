//! The steps of a referral, each one a function that checks the step
//! follows from where the referral stands, writes it, and adds a timeline
//! row and an audit entry:
//!
//! new → first call → assessment → allocated → active → closed
//!
//! Closing is possible from any open step. Pauses (for ill-health and the
//! like) stop an active programme's clock until it resumes. Each step
//! refuses, with a message for the person trying, when it does not follow.

use accounts::{roles, Action, Role};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::{referral_pauses, referral_services};
use store::AnyConnection;

use crate::model::{Complexity, NewPause, NewService, Outcome, Pause, Referral, ReferralChange, Service, Status};
use crate::notify::{self, Update};
use crate::record::{apply, get_changeable, micros, with_note, Staff};
use crate::tasks::Programme;
use crate::ReferralError;

/// How a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Reached,
    NoAnswer,
    LeftMessage,
}

impl CallOutcome {
    pub fn code(self) -> &'static str {
        match self {
            CallOutcome::Reached => "reached",
            CallOutcome::NoAnswer => "no_answer",
            CallOutcome::LeftMessage => "left_message",
        }
    }

    pub fn from_code(code: &str) -> Option<CallOutcome> {
        [CallOutcome::Reached, CallOutcome::NoAnswer, CallOutcome::LeftMessage]
            .into_iter()
            .find(|c| c.code() == code.trim())
    }

    fn words(self) -> &'static str {
        match self {
            CallOutcome::Reached => "Reached",
            CallOutcome::NoAnswer => "No answer",
            CallOutcome::LeftMessage => "Left a message",
        }
    }
}

/// One attempt at the triage call.
#[derive(Debug, Clone, Copy)]
pub struct FirstCall<'a> {
    pub outcome: CallOutcome,
    /// Whether the service suits them; required when they were reached.
    pub suitable: Option<bool>,
    /// Why not, when it does not (required then).
    pub reason: &'a str,
    pub note: &'a str,
}

/// Records a triage call. Several attempts are fine; the first that reaches
/// the person is the first contact, and the referrer hears of it.
pub fn record_first_call(
    conn: &mut AnyConnection,
    site: &mail::Site,
    by: &Staff<'_>,
    id: i32,
    call: &FirstCall<'_>,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    if !matches!(r.status(), Status::New | Status::FirstCall) {
        return Err(ReferralError::Transition(format!(
            "The first call is over: this referral is at {}",
            r.status().label().to_lowercase()
        )));
    }
    let reason = call.reason.trim();
    let mut change = ReferralChange {
        status: Some(Status::FirstCall.code()),
        ..ReferralChange::default()
    };
    let mut headline = call.outcome.words().to_owned();
    let first_contact = call.outcome == CallOutcome::Reached && r.first_contact_at.is_none();
    if call.outcome == CallOutcome::Reached {
        let Some(suitable) = call.suitable else {
            return Err(ReferralError::invalid("suitable", "Say whether the service suits them"));
        };
        if !suitable && reason.is_empty() {
            return Err(ReferralError::invalid(
                "reason",
                "Say why the service does not suit them",
            ));
        }
        if first_contact {
            change.first_contact_at = Some(Some(micros(now)));
        }
        change.suitable = Some(Some(suitable));
        change.suitability_reason = Some(reason.to_owned());
        headline = if suitable {
            format!("{headline}; suitable")
        } else {
            format!("{headline}; not suitable: {reason}")
        };
    }
    let updated = apply(
        conn,
        by,
        &r,
        change,
        "first_call",
        &with_note(&headline, call.note),
        now,
    )?;
    if first_contact {
        notify::referrer(conn, site, &updated, Update::FirstContact, now)?;
    }
    Ok(updated)
}

/// Books (or re-books) the face-to-face assessment.
pub fn book_assessment(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    meeting_at: NaiveDateTime,
    note: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    let ready = match r.status() {
        Status::FirstCall => r.suitable == Some(true),
        Status::Assessment => r.assessment_held_at.is_none(),
        _ => false,
    };
    if !ready {
        return Err(ReferralError::Transition(
            "Book an assessment after a first call that found the service suits them".to_owned(),
        ));
    }
    let change = ReferralChange {
        status: Some(Status::Assessment.code()),
        assessment_booked_for: Some(Some(micros(meeting_at))),
        ..ReferralChange::default()
    };
    let headline = format!(
        "Assessment booked for {}",
        crate::tasks::london_date(meeting_at).format("%-d %B %Y")
    );
    apply(
        conn,
        by,
        &r,
        change,
        "assessment_booked",
        &with_note(&headline, note),
        now,
    )
}

/// Records that the assessment was held, and how complex the case is.
pub fn record_assessment(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    complexity: Complexity,
    note: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    if r.status() != Status::Assessment || r.assessment_held_at.is_some() {
        return Err(ReferralError::Transition(
            "Record an assessment once one is booked and not yet recorded".to_owned(),
        ));
    }
    let change = ReferralChange {
        assessment_held_at: Some(Some(micros(now))),
        complexity: Some(Some(complexity.code())),
        ..ReferralChange::default()
    };
    let headline = format!("Assessment held; complexity {}", complexity.code());
    apply(
        conn,
        by,
        &r,
        change,
        "assessment_held",
        &with_note(&headline, note),
        now,
    )
}

/// Who a referral goes to, and on which service.
#[derive(Debug, Clone, Copy)]
pub struct Allocation<'a> {
    /// A person with the coach or volunteer role.
    pub worker_id: i32,
    /// None: the default programme.
    pub service_id: Option<i32>,
    pub note: &'a str,
}

/// Allocates an assessed referral to a coach or volunteer (managers only),
/// or moves an allocated or active one to another worker.
pub fn allocate(
    conn: &mut AnyConnection,
    site: &mail::Site,
    by: &Staff<'_>,
    id: i32,
    allocation: &Allocation<'_>,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    by.require(Action::ManageReferrals)?;
    let r = get_changeable(conn, by, id)?;
    let first_time = match r.status() {
        Status::Assessment if r.assessment_held_at.is_some() => true,
        Status::Allocated | Status::Active => false,
        _ => {
            return Err(ReferralError::Transition(
                "Allocate a referral after its assessment has been held".to_owned(),
            ))
        }
    };
    let worker_roles = roles::roles_of(conn, allocation.worker_id)?;
    if !(worker_roles.has(Role::Coach) || worker_roles.has(Role::Volunteer)) {
        return Err(ReferralError::invalid("worker", "Choose a coach or a volunteer"));
    }
    let worker = accounts::person::get(conn, allocation.worker_id)?;
    if let Some(service_id) = allocation.service_id {
        referral_services::table
            .find(service_id)
            .select(referral_services::id)
            .first::<i32>(conn)
            .optional()?
            .ok_or_else(|| ReferralError::invalid("service", "Choose a service from the list"))?;
    }
    let change = ReferralChange {
        status: Some(if first_time {
            Status::Allocated.code()
        } else {
            r.status().code()
        }),
        worker_id: Some(Some(allocation.worker_id)),
        allocated_at: Some(Some(micros(now))),
        service_id: Some(allocation.service_id),
        ..ReferralChange::default()
    };
    let headline = format!("Allocated to {}", worker.display_name);
    let updated = apply(
        conn,
        by,
        &r,
        change,
        "allocated",
        &with_note(&headline, allocation.note),
        now,
    )?;
    if first_time {
        notify::referrer(conn, site, &updated, Update::Allocated, now)?;
    }
    Ok(updated)
}

/// The programme starts: the worker has met the person.
pub fn start(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    if r.status() != Status::Allocated {
        return Err(ReferralError::Transition(
            "Only an allocated referral can start".to_owned(),
        ));
    }
    let change = ReferralChange {
        status: Some(Status::Active.code()),
        started_at: Some(Some(micros(now))),
        ..ReferralChange::default()
    };
    apply(
        conn,
        by,
        &r,
        change,
        "started",
        &with_note("Programme started", note),
        now,
    )
}

fn open_pause(conn: &mut AnyConnection, id: i32) -> Result<Option<Pause>, ReferralError> {
    Ok(referral_pauses::table
        .filter(referral_pauses::referral_id.eq(id))
        .filter(referral_pauses::ended_at.is_null())
        .select(Pause::as_select())
        .first(conn)
        .optional()?)
}

/// Stops the programme's clock, e.g. for ill-health; the reason is required.
pub fn pause(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    if r.status() != Status::Active {
        return Err(ReferralError::Transition(
            "Only an active programme can be paused".to_owned(),
        ));
    }
    if open_pause(conn, id)?.is_some() {
        return Err(ReferralError::Transition("The programme is already paused".to_owned()));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReferralError::invalid("reason", "Say why the programme is pausing"));
    }
    let updated = apply(
        conn,
        by,
        &r,
        ReferralChange::default(),
        "paused",
        &with_note("Paused", reason),
        now,
    )?;
    diesel::insert_into(referral_pauses::table)
        .values(NewPause {
            referral_id: id,
            started_at: micros(now),
            reason,
        })
        .execute(conn)?;
    Ok(updated)
}

/// Starts the clock again.
pub fn resume(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    let Some(p) = open_pause(conn, id)? else {
        return Err(ReferralError::Transition("The programme is not paused".to_owned()));
    };
    let updated = apply(
        conn,
        by,
        &r,
        ReferralChange::default(),
        "resumed",
        &with_note("Resumed", note),
        now,
    )?;
    diesel::update(referral_pauses::table.find(p.id))
        .set(referral_pauses::ended_at.eq(Some(micros(now))))
        .execute(conn)?;
    Ok(updated)
}

/// Counts a session held, for programmes measured in sessions.
pub fn record_session(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    id: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    if r.status() != Status::Active || open_pause(conn, id)?.is_some() {
        return Err(ReferralError::Transition(
            "Sessions are recorded while the programme is running".to_owned(),
        ));
    }
    let held = r.sessions_held + 1;
    let change = ReferralChange {
        sessions_held: Some(held),
        ..ReferralChange::default()
    };
    apply(
        conn,
        by,
        &r,
        change,
        "session",
        &with_note(&format!("Session {held} held"), note),
        now,
    )
}

/// How a referral ends.
#[derive(Debug, Clone, Copy)]
pub struct Closing<'a> {
    pub outcome: Outcome,
    /// Required when referred elsewhere.
    pub referred_to: &'a str,
    /// What happened and what the person goes on to; required.
    pub summary: &'a str,
}

/// Closes an open referral, ending any pause, and tells the referrer.
pub fn close(
    conn: &mut AnyConnection,
    site: &mail::Site,
    by: &Staff<'_>,
    id: i32,
    closing: &Closing<'_>,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let r = get_changeable(conn, by, id)?;
    if !r.is_open() {
        return Err(ReferralError::Transition("This referral is already closed".to_owned()));
    }
    if closing.outcome == Outcome::Completed && r.status() != Status::Active {
        return Err(ReferralError::Transition(
            "Only a programme that has started can be completed".to_owned(),
        ));
    }
    let referred_to = closing.referred_to.trim();
    let summary = closing.summary.trim();
    let mut errors = Vec::new();
    if closing.outcome == Outcome::ReferredElsewhere && referred_to.is_empty() {
        errors.push(crate::FieldError {
            field: "referred_to",
            message: "Say which service they were referred to".to_owned(),
        });
    }
    if summary.is_empty() {
        errors.push(crate::FieldError {
            field: "summary",
            message: "Write a short closing summary".to_owned(),
        });
    }
    if !errors.is_empty() {
        return Err(ReferralError::Form(errors));
    }
    let change = ReferralChange {
        status: Some(Status::Closed.code()),
        closed_at: Some(Some(micros(now))),
        outcome: Some(Some(closing.outcome.code())),
        referred_to: Some(referred_to.to_owned()),
        closing_summary: Some(summary.to_owned()),
        ..ReferralChange::default()
    };
    let headline = if referred_to.is_empty() {
        format!("Closed: {}", closing.outcome.label())
    } else {
        format!("Closed: {} to {referred_to}", closing.outcome.label())
    };
    let updated = apply(conn, by, &r, change, "closed", &with_note(&headline, summary), now)?;
    diesel::update(
        referral_pauses::table
            .filter(referral_pauses::referral_id.eq(id))
            .filter(referral_pauses::ended_at.is_null()),
    )
    .set(referral_pauses::ended_at.eq(Some(micros(now))))
    .execute(conn)?;
    notify::referrer(conn, site, &updated, Update::Closed(closing.outcome), now)?;
    Ok(updated)
}

/// Adds a service with its programme length (managers only).
pub fn add_service(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    name: &str,
    programme: Programme,
    now: NaiveDateTime,
) -> Result<Service, ReferralError> {
    by.require(Action::ManageReferrals)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(ReferralError::invalid("name", "Enter the service's name"));
    }
    let (weeks, sessions) = match programme {
        Programme::Weeks(n) => (Some(n), None),
        Programme::Sessions(n) => (None, Some(n)),
    };
    let taken = referral_services::table
        .select(referral_services::name)
        .load::<String>(conn)?
        .into_iter()
        .any(|n| n.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(ReferralError::invalid(
            "name",
            format!("There is already a service called {name}"),
        ));
    }
    if weeks.or(sessions).is_none_or(|n| !(1..=520).contains(&n)) {
        return Err(ReferralError::invalid("length", "Enter a length between 1 and 520"));
    }
    Ok(diesel::insert_into(referral_services::table)
        .values(NewService {
            name,
            programme_weeks: weeks,
            programme_sessions: sessions,
            created_at: micros(now),
        })
        .get_result(conn)?)
}

/// Every service, by name.
pub fn services(conn: &mut AnyConnection) -> Result<Vec<Service>, ReferralError> {
    Ok(referral_services::table
        .order(referral_services::name)
        .select(Service::as_select())
        .load(conn)?)
}
