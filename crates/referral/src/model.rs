//! The rows of the referral tables, the insert and update forms for them,
//! and the words stored in their text columns.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{
    referral_events, referral_pauses, referral_people, referral_referrers, referral_services, referrals,
};

/// Who made the referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The person referred themselves.
    SelfReferral,
    /// A professional referred them, with their agreement.
    Professional,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::SelfReferral => "self",
            Kind::Professional => "professional",
        }
    }

    pub fn from_code(code: &str) -> Kind {
        if code == "professional" {
            Kind::Professional
        } else {
            Kind::SelfReferral
        }
    }
}

/// Where a referral stands. Each step has one next step (see
/// [`crate::workflow`]); closing is possible from any open one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received; nobody has called yet.
    New,
    /// The triage call is under way: tried, or made.
    FirstCall,
    /// A face-to-face assessment is booked or held.
    Assessment,
    /// Given to a coach or volunteer, programme not started.
    Allocated,
    /// The programme is running (possibly paused).
    Active,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::FirstCall,
        Status::Assessment,
        Status::Allocated,
        Status::Active,
        Status::Closed,
    ];
    /// Waiting for the team, before anybody is allocated.
    pub const UNALLOCATED: [Status; 3] = [Status::New, Status::FirstCall, Status::Assessment];
    /// On a worker's caseload.
    pub const CASELOAD: [Status; 2] = [Status::Allocated, Status::Active];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::FirstCall => "first_call",
            Status::Assessment => "assessment",
            Status::Allocated => "allocated",
            Status::Active => "active",
            Status::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::FirstCall => "First call",
            Status::Assessment => "Assessment",
            Status::Allocated => "Allocated",
            Status::Active => "Active",
            Status::Closed => "Closed",
        }
    }

    /// Unknown codes read as `New`, so a referral is never lost from the queue.
    pub fn from_code(code: &str) -> Status {
        Status::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(Status::New)
    }

    pub fn codes(statuses: &[Status]) -> Vec<&'static str> {
        statuses.iter().map(|s| s.code()).collect()
    }
}

/// How a referral ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The programme ran its course.
    Completed,
    /// The person stopped taking part.
    Disengaged,
    /// The person said no to the service.
    Declined,
    /// The team found the service was not right for them.
    NotSuitable,
    /// Passed on to another service (which is recorded).
    ReferredElsewhere,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Completed,
        Outcome::Disengaged,
        Outcome::Declined,
        Outcome::NotSuitable,
        Outcome::ReferredElsewhere,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Disengaged => "disengaged",
            Outcome::Declined => "declined",
            Outcome::NotSuitable => "not_suitable",
            Outcome::ReferredElsewhere => "referred_elsewhere",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Completed => "Completed",
            Outcome::Disengaged => "Stopped taking part",
            Outcome::Declined => "Declined",
            Outcome::NotSuitable => "Not suitable",
            Outcome::ReferredElsewhere => "Referred elsewhere",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code.trim())
    }
}

/// How complex the assessment found the person's situation; it guides who
/// is allocated (staff for high, volunteers often for low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    Low,
    Medium,
    High,
}

impl Complexity {
    pub fn code(self) -> &'static str {
        match self {
            Complexity::Low => "low",
            Complexity::Medium => "medium",
            Complexity::High => "high",
        }
    }

    pub fn from_code(code: &str) -> Option<Complexity> {
        [Complexity::Low, Complexity::Medium, Complexity::High]
            .into_iter()
            .find(|c| c.code() == code.trim())
    }
}

/// One referral's workflow row. Holds no contact details or free text the
/// person wrote: those are in [`PersonDetails`] and [`Referrer`].
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = referrals)]
pub struct Referral {
    pub id: i32,
    pub reference: String,
    #[serde(skip)]
    pub idempotency_key: String,
    pub kind: String,
    pub status: String,
    pub borough_id: Option<i32>,
    pub consent_wording_version: String,
    pub consent_given_at: NaiveDateTime,
    pub referrer_person_id: Option<i32>,
    pub person_agreed: bool,
    pub referrer_wants_updates: bool,
    pub updates_consent: bool,
    pub first_contact_at: Option<NaiveDateTime>,
    pub suitable: Option<bool>,
    pub suitability_reason: String,
    pub assessment_booked_for: Option<NaiveDateTime>,
    pub assessment_held_at: Option<NaiveDateTime>,
    pub complexity: Option<String>,
    pub worker_id: Option<i32>,
    pub allocated_at: Option<NaiveDateTime>,
    pub service_id: Option<i32>,
    pub started_at: Option<NaiveDateTime>,
    pub sessions_held: i32,
    pub reviewed_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    pub referred_to: String,
    pub closing_summary: String,
    pub anonymised_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Referral {
    pub fn status(&self) -> Status {
        Status::from_code(&self.status)
    }

    pub fn kind(&self) -> Kind {
        Kind::from_code(&self.kind)
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::from_code)
    }

    pub fn is_open(&self) -> bool {
        self.status() != Status::Closed
    }

    /// The policy question for this referral.
    pub fn action(&self) -> accounts::Action {
        accounts::Action::Referral {
            worker_id: self.worker_id,
            open: self.is_open(),
        }
    }

    /// The referrer hears how it goes only when they asked to and the
    /// person agreed.
    pub fn updates_referrer(&self) -> bool {
        self.referrer_wants_updates && self.updates_consent
    }
}

/// The columns of a new referral; everything the workflow fills in later
/// starts empty.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = referrals)]
pub struct NewReferral {
    pub reference: String,
    pub idempotency_key: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub borough_id: Option<i32>,
    pub consent_wording_version: &'static str,
    pub consent_given_at: NaiveDateTime,
    pub referrer_person_id: Option<i32>,
    pub person_agreed: bool,
    pub referrer_wants_updates: bool,
    pub updates_consent: bool,
    pub suitability_reason: String,
    pub sessions_held: i32,
    pub referred_to: String,
    pub closing_summary: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A change to a referral's workflow columns: `None` leaves a column as it
/// is, `Some(None)` empties a nullable one.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = referrals)]
pub struct ReferralChange {
    pub status: Option<&'static str>,
    pub borough_id: Option<Option<i32>>,
    pub first_contact_at: Option<Option<NaiveDateTime>>,
    pub suitable: Option<Option<bool>>,
    pub suitability_reason: Option<String>,
    pub assessment_booked_for: Option<Option<NaiveDateTime>>,
    pub assessment_held_at: Option<Option<NaiveDateTime>>,
    pub complexity: Option<Option<&'static str>>,
    pub worker_id: Option<Option<i32>>,
    pub allocated_at: Option<Option<NaiveDateTime>>,
    pub service_id: Option<Option<i32>>,
    pub started_at: Option<Option<NaiveDateTime>>,
    pub sessions_held: Option<i32>,
    pub reviewed_at: Option<Option<NaiveDateTime>>,
    pub closed_at: Option<Option<NaiveDateTime>>,
    pub outcome: Option<Option<&'static str>>,
    pub referred_to: Option<String>,
    pub closing_summary: Option<String>,
    pub updates_consent: Option<bool>,
    pub idempotency_key: Option<String>,
    pub anonymised_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// The person referred, as they (or their referrer) told us.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = referral_people)]
pub struct PersonDetails {
    pub referral_id: i32,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub contact_by_phone: bool,
    pub contact_by_text: bool,
    pub contact_by_email: bool,
    pub contact_times: String,
    pub safe_to_leave_message: Option<bool>,
    pub postcode: Option<String>,
    pub interests_other: String,
    pub barriers: String,
    pub access_needs: String,
}

impl PersonDetails {
    /// We email the person only when they gave an address and did not pick
    /// other ways to be contacted instead: someone who asked for phone calls
    /// only may not want email arriving where others can read it.
    pub fn may_email(&self) -> bool {
        !self.email.is_empty() && (self.contact_by_email || !(self.contact_by_phone || self.contact_by_text))
    }
}

/// The professional who referred.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = referral_referrers)]
pub struct Referrer {
    pub referral_id: i32,
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
    pub reason: String,
    pub risks: String,
}

/// One step on a referral's timeline.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = referral_events)]
pub struct Event {
    pub id: i32,
    pub referral_id: i32,
    pub at: NaiveDateTime,
    /// None: the system (a submission from the public, retention).
    pub actor_id: Option<i32>,
    /// e.g. `received`, `first_call`, `allocated`, `email_sent`.
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = referral_events)]
pub struct NewEvent<'a> {
    pub referral_id: i32,
    pub at: NaiveDateTime,
    pub actor_id: Option<i32>,
    pub kind: &'a str,
    pub note: &'a str,
}

/// A break in the programme.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = referral_pauses)]
pub struct Pause {
    pub id: i32,
    pub referral_id: i32,
    pub started_at: NaiveDateTime,
    /// None while the pause lasts.
    pub ended_at: Option<NaiveDateTime>,
    pub reason: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = referral_pauses)]
pub struct NewPause<'a> {
    pub referral_id: i32,
    pub started_at: NaiveDateTime,
    pub reason: &'a str,
}

/// A service the team runs, with its programme length.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = referral_services)]
pub struct Service {
    pub id: i32,
    pub name: String,
    pub programme_weeks: Option<i32>,
    pub programme_sessions: Option<i32>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = referral_services)]
pub struct NewService<'a> {
    pub name: &'a str,
    pub programme_weeks: Option<i32>,
    pub programme_sessions: Option<i32>,
    pub created_at: NaiveDateTime,
}
