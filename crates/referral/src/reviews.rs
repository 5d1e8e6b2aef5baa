//! The 6-week review and the final meeting as records: the day it was
//! held, who held it, what has gone well and what happens next.
//!
//! When each is due comes from the programme start and its pauses
//! ([`crate::tasks::due_tasks`]); a recorded review takes its task off the
//! list. Recording the 6-week review is how the half-way review is held:
//! it sets the referral's `reviewed_at` (with its timeline entry) the
//! first time, as the review step does. Reading goes through
//! [`crate::view`], which audits it; each save is audited too.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use store::schema::casework_reviews;
use store::AnyConnection;

use crate::casework::check_date;
use crate::follow_up::FollowUp;
use crate::model::{ReferralChange, Status};
use crate::privacy::Record;
use crate::record::{apply, audit, get_changeable, micros, with_note, Staff};
use crate::tasks::{due_tasks, DueTask, Programme, Task};
use crate::{FieldError, ReferralError};

/// The longest answer, in characters.
pub const MAX_TEXT: usize = 4000;

/// Which review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// Half-way: six weeks in, or half the sessions.
    SixWeek,
    /// The last meeting, where the person plans moving on.
    Final,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 2] = [ReviewKind::SixWeek, ReviewKind::Final];

    /// As stored.
    pub fn code(self) -> &'static str {
        match self {
            ReviewKind::SixWeek => "six_week",
            ReviewKind::Final => "final",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewKind> {
        ReviewKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// In addresses: /team/referrals/{id}/reviews/{slug}.
    pub fn slug(self) -> &'static str {
        match self {
            ReviewKind::SixWeek => "six-week",
            ReviewKind::Final => "final",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ReviewKind> {
        ReviewKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::SixWeek => "6-week review",
            ReviewKind::Final => "Final meeting",
        }
    }

    /// The due task this review completes.
    pub fn task(self) -> Task {
        match self {
            ReviewKind::SixWeek => Task::Review,
            ReviewKind::Final => Task::FinalMeeting,
        }
    }

    /// The review that completes a task, if any.
    pub fn of_task(task: Task) -> Option<ReviewKind> {
        ReviewKind::ALL.into_iter().find(|k| k.task() == task)
    }
}

/// One review as recorded.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_reviews)]
pub struct Review {
    pub id: i32,
    pub referral_id: i32,
    pub kind: String,
    pub held_on: NaiveDate,
    pub held_by: Option<i32>,
    pub gone_well: String,
    pub next_steps: String,
    pub recorded_at: NaiveDateTime,
}

impl Review {
    pub fn kind(&self) -> Option<ReviewKind> {
        ReviewKind::from_code(&self.kind)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_reviews)]
struct NewReview<'a> {
    referral_id: i32,
    kind: &'a str,
    held_on: NaiveDate,
    held_by: Option<i32>,
    gone_well: &'a str,
    next_steps: &'a str,
    recorded_at: NaiveDateTime,
}

/// The review form as typed, unchecked.
#[derive(Debug, Clone, Default)]
pub struct ReviewForm {
    /// The day it was held, like 14/12/2026.
    pub date: String,
    pub gone_well: String,
    pub next_steps: String,
}

fn check_text(text: &str, field: &'static str, empty: &str, errors: &mut Vec<FieldError>) {
    if text.is_empty() {
        errors.push(FieldError {
            field,
            message: empty.to_owned(),
        });
    } else if text.chars().count() > MAX_TEXT {
        errors.push(FieldError {
            field,
            message: format!("Keep it to {MAX_TEXT} characters or fewer"),
        });
    }
}

/// Records a review held by `by` (saving again replaces it). Every problem
/// comes back at once, on `date`, `gone_well` and `next_steps`. Reviews
/// are recorded once the programme has started.
pub fn record(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    kind: ReviewKind,
    form: &ReviewForm,
    now: NaiveDateTime,
) -> Result<Review, ReferralError> {
    let r = get_changeable(conn, by, referral_id)?;
    if r.started_at.is_none() {
        return Err(ReferralError::Transition(
            "Reviews are recorded once the programme has started".to_owned(),
        ));
    }
    let mut errors = Vec::new();
    let held_on = check_date(&form.date, "date", "the meeting", &r, now, &mut errors);
    let (gone_well, next_steps) = (form.gone_well.trim(), form.next_steps.trim());
    check_text(gone_well, "gone_well", "Write what has gone well", &mut errors);
    check_text(next_steps, "next_steps", "Write what happens next", &mut errors);
    let (Some(held_on), true) = (held_on, errors.is_empty()) else {
        return Err(ReferralError::Form(errors));
    };
    diesel::delete(
        casework_reviews::table
            .filter(casework_reviews::referral_id.eq(referral_id))
            .filter(casework_reviews::kind.eq(kind.code())),
    )
    .execute(conn)?;
    let review = diesel::insert_into(casework_reviews::table)
        .values(NewReview {
            referral_id,
            kind: kind.code(),
            held_on,
            held_by: Some(by.actor.person_id),
            gone_well,
            next_steps,
            recorded_at: micros(now),
        })
        .get_result::<Review>(conn)?;
    if kind == ReviewKind::SixWeek && r.reviewed_at.is_none() && r.status() == Status::Active {
        let change = ReferralChange {
            reviewed_at: Some(Some(micros(now))),
            ..ReferralChange::default()
        };
        apply(conn, by, &r, change, "review", &with_note("Review held", ""), now)?;
    }
    audit(
        conn,
        Some(by.actor.person_id),
        &format!("referral.review_recorded.{}", kind.code()),
        referral_id,
        by.reason,
        now,
    )?;
    Ok(review)
}

/// A referral's reviews, 6-week first.
pub(crate) fn load(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Review>, ReferralError> {
    let mut reviews: Vec<Review> = casework_reviews::table
        .filter(casework_reviews::referral_id.eq(referral_id))
        .select(Review::as_select())
        .load(conn)?;
    reviews.sort_by_key(|r| r.kind().map(|k| k as u8));
    Ok(reviews)
}

/// The referral ids among `ids` whose final meeting is recorded.
pub(crate) fn finals_recorded(conn: &mut AnyConnection, ids: &[i32]) -> Result<Vec<i32>, ReferralError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(casework_reviews::table
        .filter(casework_reviews::referral_id.eq_any(ids))
        .filter(casework_reviews::kind.eq(ReviewKind::Final.code()))
        .select(casework_reviews::referral_id)
        .load(conn)?)
}

/// Drops the tasks a recorded review has done: the review by
/// `reviewed_at`, the final meeting by its record.
pub(crate) fn outstanding(mut tasks: Vec<DueTask>, final_recorded: bool) -> Vec<DueTask> {
    if final_recorded {
        tasks.retain(|t| t.task != Task::FinalMeeting);
    }
    tasks
}

/// What is coming up on a referral read with [`crate::view`]: its due
/// tasks from the programme start, moved by its pauses, less the reviews
/// already recorded and the follow-up once answered.
pub fn due(conn: &mut AnyConnection, record: &Record, now: NaiveDateTime) -> Result<Vec<DueTask>, ReferralError> {
    let r = &record.referral;
    let services = crate::workflow::services(conn)?;
    let programme = Programme::of(services.iter().find(|s| Some(s.id) == r.service_id));
    let final_recorded = record.reviews.iter().any(|v| v.kind() == Some(ReviewKind::Final));
    let mut tasks = outstanding(due_tasks(r, programme, &record.pauses, now), final_recorded);
    if record.follow_up.as_ref().is_some_and(FollowUp::answered) {
        tasks.retain(|t| t.task != Task::FollowUp);
    }
    Ok(tasks)
}
