//! The goals and action plan a coach writes with the person: goals in the
//! person's own words, and for each, small steps with dates, each step
//! optionally linked to a listing in the directory, with how it is going
//! (planned, tried, doing regularly, stopped — and why). Steps that are
//! activities are counted by kind (volunteering, courses, paid work,
//! exercise, skills and creative groups, social groups), the figures the
//! team reports.
//!
//! Reading goes through [`crate::view`], which audits it; each change here
//! is audited too.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use directory::{Kind, Status as ListingStatus};
use serde::Serialize;
use store::schema::{casework_goals, casework_steps, listings};
use store::AnyConnection;

use crate::queue::CaseItem;
use crate::record::{audit, get_changeable, micros, Staff};
use crate::{FieldError, ReferralError};

/// The longest goal or step, in characters: a sentence in the person's own
/// words, not an essay.
pub const MAX_WORDS: usize = 500;

/// How a step is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Planned,
    Tried,
    /// Doing it regularly.
    Regular,
    /// Stopped, with why.
    Stopped,
}

impl StepStatus {
    pub const ALL: [StepStatus; 4] = [
        StepStatus::Planned,
        StepStatus::Tried,
        StepStatus::Regular,
        StepStatus::Stopped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StepStatus::Planned => "planned",
            StepStatus::Tried => "tried",
            StepStatus::Regular => "regular",
            StepStatus::Stopped => "stopped",
        }
    }

    pub fn from_code(code: &str) -> Option<StepStatus> {
        StepStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Planned => "Planned",
            StepStatus::Tried => "Tried",
            StepStatus::Regular => "Doing regularly",
            StepStatus::Stopped => "Stopped",
        }
    }

    /// The person has been: the step counts as an activity accessed.
    pub fn accessed(self) -> bool {
        matches!(self, StepStatus::Tried | StepStatus::Regular)
    }
}

/// What kind of activity a step is, for the team's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Volunteering,
    AccreditedCourse,
    Course,
    PaidWork,
    Exercise,
    SkillsCreative,
    Social,
}

impl Activity {
    pub const ALL: [Activity; 7] = [
        Activity::Volunteering,
        Activity::AccreditedCourse,
        Activity::Course,
        Activity::PaidWork,
        Activity::Exercise,
        Activity::SkillsCreative,
        Activity::Social,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Activity::Volunteering => "volunteering",
            Activity::AccreditedCourse => "accredited_course",
            Activity::Course => "course",
            Activity::PaidWork => "paid_work",
            Activity::Exercise => "exercise",
            Activity::SkillsCreative => "skills_creative",
            Activity::Social => "social",
        }
    }

    pub fn from_code(code: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Activity::Volunteering => "Volunteering",
            Activity::AccreditedCourse => "Accredited course",
            Activity::Course => "Course (not accredited)",
            Activity::PaidWork => "Paid work",
            Activity::Exercise => "Exercise",
            Activity::SkillsCreative => "Skills or creative group",
            Activity::Social => "Social group",
        }
    }
}

/// A goal in the person's own words.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_goals)]
pub struct Goal {
    pub id: i32,
    pub referral_id: i32,
    pub words: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_goals)]
struct NewGoal<'a> {
    referral_id: i32,
    words: &'a str,
    created_by: Option<i32>,
    created_at: NaiveDateTime,
}

/// A small step towards a goal.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_steps)]
pub struct Step {
    pub id: i32,
    pub referral_id: i32,
    pub goal_id: i32,
    pub words: String,
    pub due_on: Option<NaiveDate>,
    /// The directory listing it goes to, if any (None too once the
    /// listing is deleted).
    pub listing_id: Option<i32>,
    pub activity: Option<String>,
    pub status: String,
    /// Why it stopped, for a stopped step.
    pub stopped_why: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Step {
    pub fn status(&self) -> StepStatus {
        StepStatus::from_code(&self.status).unwrap_or(StepStatus::Planned)
    }

    pub fn activity(&self) -> Option<Activity> {
        self.activity.as_deref().and_then(Activity::from_code)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_steps)]
struct NewStep<'a> {
    referral_id: i32,
    goal_id: i32,
    words: &'a str,
    due_on: Option<NaiveDate>,
    listing_id: Option<i32>,
    activity: Option<&'a str>,
    status: &'a str,
    stopped_why: &'a str,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn check_words(text: &str, field: &'static str, empty: &str, errors: &mut Vec<FieldError>) -> String {
    let words = text.trim();
    if words.is_empty() {
        errors.push(FieldError {
            field,
            message: empty.to_owned(),
        });
    } else if words.chars().count() > MAX_WORDS {
        errors.push(FieldError {
            field,
            message: format!("Keep it to {MAX_WORDS} characters or fewer"),
        });
    }
    words.to_owned()
}

/// Adds a goal, in the person's own words.
pub fn add_goal(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    words: &str,
    now: NaiveDateTime,
) -> Result<Goal, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let mut errors = Vec::new();
    let words = check_words(words, "words", "Write the goal, in the person's own words", &mut errors);
    if !errors.is_empty() {
        return Err(ReferralError::Form(errors));
    }
    let goal = diesel::insert_into(casework_goals::table)
        .values(NewGoal {
            referral_id,
            words: &words,
            created_by: Some(by.actor.person_id),
            created_at: micros(now),
        })
        .get_result::<Goal>(conn)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.goal_added",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(goal)
}

/// A step as typed into the form, unchecked.
#[derive(Debug, Clone, Default)]
pub struct StepForm {
    pub words: String,
    /// dd/mm/yyyy, or empty for no date.
    pub due: String,
    /// A listing's address on this site (`/groups/pottery-club`, or the
    /// whole link), or empty.
    pub listing: String,
    /// An [`Activity`] code, or empty when the step is not an activity.
    pub activity: String,
    pub status: String,
    pub stopped_why: String,
}

/// The kind and address of a listing from its link: the last two parts of
/// the path, like `groups/pottery-club` in
/// `https://kith.example.org/groups/pottery-club?x=1`.
pub fn parse_listing_link(link: &str) -> Option<(Kind, String)> {
    let path = link.trim().split(['?', '#']).next()?;
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let slug = parts.next()?;
    let segment = parts.next()?;
    let kind = [Kind::Organisation, Kind::Group, Kind::Event, Kind::Place]
        .into_iter()
        .find(|k| k.path_segment() == segment)?;
    (!slug.is_empty()).then(|| (kind, slug.to_owned()))
}

/// The published listing a link points to.
fn listing_of_link(conn: &mut AnyConnection, link: &str) -> Result<Option<i32>, ReferralError> {
    let Some((kind, slug)) = parse_listing_link(link) else {
        return Ok(None);
    };
    Ok(listings::table
        .filter(listings::kind.eq(kind))
        .filter(listings::slug.eq(slug))
        .filter(listings::status.eq(ListingStatus::Published))
        .select(listings::id)
        .first(conn)
        .optional()?)
}

/// The checked columns of a step.
struct Checked {
    words: String,
    due_on: Option<NaiveDate>,
    listing_id: Option<i32>,
    activity: Option<Activity>,
    status: StepStatus,
    stopped_why: String,
}

fn check_step(conn: &mut AnyConnection, form: &StepForm) -> Result<Checked, ReferralError> {
    let mut errors = Vec::new();
    let words = check_words(&form.words, "words", "Write the step", &mut errors);
    let due_on = match form.due.trim() {
        "" => None,
        text => {
            let d = directory::recurrence_form::parse_date(text);
            if d.is_none() {
                errors.push(FieldError {
                    field: "due",
                    message: "Enter the date like 14/12/2026, or leave it empty".to_owned(),
                });
            }
            d
        }
    };
    let listing_id = match form.listing.trim() {
        "" => None,
        link => {
            let id = listing_of_link(conn, link)?;
            if id.is_none() {
                errors.push(FieldError {
                    field: "listing",
                    message: "Paste the link of a listing on this site, like /groups/pottery-club".to_owned(),
                });
            }
            id
        }
    };
    let activity = match form.activity.trim() {
        "" => None,
        code => {
            let a = Activity::from_code(code);
            if a.is_none() {
                errors.push(FieldError {
                    field: "activity",
                    message: "Choose a kind of activity from the list".to_owned(),
                });
            }
            a
        }
    };
    let status = StepStatus::from_code(&form.status);
    if status.is_none() {
        errors.push(FieldError {
            field: "status",
            message: "Choose how the step is going".to_owned(),
        });
    }
    let stopped_why = form.stopped_why.trim().to_owned();
    if status == Some(StepStatus::Stopped) && stopped_why.is_empty() {
        errors.push(FieldError {
            field: "stopped_why",
            message: "Say why the person stopped".to_owned(),
        });
    }
    match (status, errors.is_empty()) {
        (Some(status), true) => Ok(Checked {
            words,
            due_on,
            listing_id,
            activity,
            status,
            stopped_why: if status == StepStatus::Stopped {
                stopped_why
            } else {
                String::new()
            },
        }),
        _ => Err(ReferralError::Form(errors)),
    }
}

fn goal_of(conn: &mut AnyConnection, referral_id: i32, goal_id: i32) -> Result<Goal, ReferralError> {
    casework_goals::table
        .find(goal_id)
        .filter(casework_goals::referral_id.eq(referral_id))
        .select(Goal::as_select())
        .first(conn)
        .optional()?
        .ok_or(ReferralError::NotFound { what: "goal" })
}

/// Adds a step to one of the referral's goals.
pub fn add_step(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    goal_id: i32,
    form: &StepForm,
    now: NaiveDateTime,
) -> Result<Step, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    goal_of(conn, referral_id, goal_id)?;
    let c = check_step(conn, form)?;
    let now = micros(now);
    let step = diesel::insert_into(casework_steps::table)
        .values(NewStep {
            referral_id,
            goal_id,
            words: &c.words,
            due_on: c.due_on,
            listing_id: c.listing_id,
            activity: c.activity.map(Activity::code),
            status: c.status.code(),
            stopped_why: &c.stopped_why,
            created_at: now,
            updated_at: now,
        })
        .get_result::<Step>(conn)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.step_added",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(step)
}

/// Changes one of the referral's steps: what it is, when, where, and how
/// it is going.
pub fn update_step(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    step_id: i32,
    form: &StepForm,
    now: NaiveDateTime,
) -> Result<Step, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let c = check_step(conn, form)?;
    let now = micros(now);
    let step: Option<Step> = diesel::update(
        casework_steps::table
            .find(step_id)
            .filter(casework_steps::referral_id.eq(referral_id)),
    )
    .set((
        casework_steps::words.eq(&c.words),
        casework_steps::due_on.eq(c.due_on),
        casework_steps::listing_id.eq(c.listing_id),
        casework_steps::activity.eq(c.activity.map(Activity::code)),
        casework_steps::status.eq(c.status.code()),
        casework_steps::stopped_why.eq(&c.stopped_why),
        casework_steps::updated_at.eq(now),
    ))
    .get_result(conn)
    .optional()?;
    let step = step.ok_or(ReferralError::NotFound { what: "step" })?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.step_changed",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(step)
}

/// A referral's goals, oldest first.
pub(crate) fn load_goals(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Goal>, ReferralError> {
    Ok(casework_goals::table
        .filter(casework_goals::referral_id.eq(referral_id))
        .order(casework_goals::id)
        .select(Goal::as_select())
        .load(conn)?)
}

/// Each referral on `worker_id`'s caseload with its goals, for choosing
/// which goal a listing found elsewhere (the shortlist) becomes a step
/// towards. The caseload names people, so it is audited as
/// [`crate::caseload`] audits it; a worker sees their own, a manager anyone's.
pub fn caseload_goals(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    worker_id: i32,
    now: NaiveDateTime,
) -> Result<Vec<(CaseItem, Vec<Goal>)>, ReferralError> {
    let items = crate::queue::caseload(conn, by, worker_id, now)?;
    let ids: Vec<i32> = items.iter().map(|i| i.referral.id).collect();
    let goals: Vec<Goal> = if ids.is_empty() {
        Vec::new()
    } else {
        casework_goals::table
            .filter(casework_goals::referral_id.eq_any(&ids))
            .order(casework_goals::id)
            .select(Goal::as_select())
            .load(conn)?
    };
    Ok(items
        .into_iter()
        .map(|item| {
            let its = goals
                .iter()
                .filter(|g| g.referral_id == item.referral.id)
                .cloned()
                .collect();
            (item, its)
        })
        .collect())
}

/// A referral's steps, in the order they were added.
pub(crate) fn load_steps(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Step>, ReferralError> {
    Ok(casework_steps::table
        .filter(casework_steps::referral_id.eq(referral_id))
        .order(casework_steps::id)
        .select(Step::as_select())
        .load(conn)?)
}

/// Activities accessed (tried or done regularly), by kind, every kind
/// listed; and how many different listings they went to.
pub fn accessed(steps: &[Step]) -> (Vec<(Activity, usize)>, usize) {
    let been: Vec<&Step> = steps.iter().filter(|s| s.status().accessed()).collect();
    let counts = Activity::ALL
        .into_iter()
        .map(|a| (a, been.iter().filter(|s| s.activity() == Some(a)).count()))
        .collect();
    let mut listings: Vec<i32> = been.iter().filter_map(|s| s.listing_id).collect();
    listings.sort_unstable();
    listings.dedup();
    (counts, listings.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_links_give_their_kind_and_address() {
        assert_eq!(
            parse_listing_link("https://kith.example.org/groups/pottery-club?from=search#when"),
            Some((Kind::Group, "pottery-club".to_owned()))
        );
        assert_eq!(
            parse_listing_link(" /places/the-library/ "),
            Some((Kind::Place, "the-library".to_owned()))
        );
        assert_eq!(
            parse_listing_link("organisations/friends"),
            Some((Kind::Organisation, "friends".to_owned()))
        );
        for not in ["", "pottery club", "/search?q=pottery", "/groups/", "https://x/y/z"] {
            assert_eq!(parse_listing_link(not), None, "{not:?}");
        }
    }

    #[test]
    fn activities_accessed_are_counted_by_kind() {
        let t = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let step = |activity: Option<Activity>, status: StepStatus, listing: Option<i32>| Step {
            id: 0,
            referral_id: 1,
            goal_id: 1,
            words: String::new(),
            due_on: None,
            listing_id: listing,
            activity: activity.map(|a| a.code().to_owned()),
            status: status.code().to_owned(),
            stopped_why: String::new(),
            created_at: t,
            updated_at: t,
        };
        let steps = [
            step(Some(Activity::Volunteering), StepStatus::Regular, Some(7)),
            step(Some(Activity::SkillsCreative), StepStatus::Tried, Some(8)),
            step(Some(Activity::Exercise), StepStatus::Regular, Some(9)),
            step(Some(Activity::Exercise), StepStatus::Tried, Some(9)),
            step(Some(Activity::Social), StepStatus::Planned, Some(10)),
            step(Some(Activity::PaidWork), StepStatus::Stopped, None),
            step(None, StepStatus::Regular, None),
        ];
        let (counts, listings) = accessed(&steps);
        let count = |a| counts.iter().find(|(k, _)| *k == a).map(|(_, n)| *n);
        assert_eq!(count(Activity::Volunteering), Some(1));
        assert_eq!(count(Activity::Exercise), Some(2));
        assert_eq!(count(Activity::Social), Some(0), "planned is not accessed yet");
        assert_eq!(count(Activity::PaidWork), Some(0));
        assert_eq!(counts.len(), Activity::ALL.len());
        assert_eq!(listings, 3, "the gym twice is one listing");
    }
}
