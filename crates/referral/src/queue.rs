//! The team's views over many referrals: the shared queue, each worker's
//! caseload count (for allocating) and a worker's own caseload with what is
//! due. Each is a fixed, small number of indexed queries however many
//! referrals there are.
//!
//! The queue shows no personal details (reference, stage, dates, borough),
//! so glancing at it reads nobody's record; opening one does, and is
//! audited. A caseload names its people, so showing it audits each one.

use std::collections::HashMap;

use accounts::{Action, Role};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{people, person_roles, referral_pauses, referral_people, referrals};
use store::AnyConnection;

use crate::model::{Kind, Pause, Referral, Status};
use crate::record::{audit, Staff};
use crate::tasks::{due_tasks, first_call_due, london_date, DueTask, Programme};
use crate::workflow::services;
use crate::ReferralError;

/// One line of the shared queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueItem {
    pub id: i32,
    pub reference: String,
    pub kind: Kind,
    pub status: Status,
    pub received_at: NaiveDateTime,
    /// Calendar days since it arrived (London dates).
    pub days_waiting: i64,
    pub first_contact_at: Option<NaiveDateTime>,
    pub first_call_due: NaiveDate,
    /// No first contact, and the 2 working days have passed.
    pub overdue: bool,
    pub borough_id: Option<i32>,
}

/// Open referrals nobody is allocated to, oldest first: the shared inbox.
pub fn queue(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<QueueItem>, ReferralError> {
    queue_from(conn, by, now, 0, limit)
}

/// How many referrals wait in the shared inbox, for its page count.
pub fn waiting(conn: &mut AnyConnection, by: &Staff<'_>) -> Result<i64, ReferralError> {
    by.require(Action::ReferralQueue)?;
    Ok(referrals::table
        .filter(referrals::status.eq_any(Status::codes(&Status::UNALLOCATED)))
        .filter(referrals::worker_id.is_null())
        .count()
        .get_result(conn)?)
}

/// One page of [`queue`]: `limit` referrals after the oldest `offset`.
pub fn queue_from(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    now: NaiveDateTime,
    offset: i64,
    limit: i64,
) -> Result<Vec<QueueItem>, ReferralError> {
    by.require(Action::ReferralQueue)?;
    let rows: Vec<Referral> = referrals::table
        .filter(referrals::status.eq_any(Status::codes(&Status::UNALLOCATED)))
        .filter(referrals::worker_id.is_null())
        .order((referrals::created_at, referrals::id))
        .offset(offset.max(0))
        .limit(limit)
        .select(Referral::as_select())
        .load(conn)?;
    let today = london_date(now);
    Ok(rows
        .into_iter()
        .map(|r| {
            let due = first_call_due(&r);
            QueueItem {
                days_waiting: (today - london_date(r.created_at)).num_days(),
                overdue: r.first_contact_at.is_none() && today > due,
                first_call_due: due,
                id: r.id,
                kind: r.kind(),
                status: r.status(),
                received_at: r.created_at,
                first_contact_at: r.first_contact_at,
                borough_id: r.borough_id,
                reference: r.reference,
            }
        })
        .collect())
}

/// The referral a quoted reference names (`kc 7f3k9`, `KC-7F3K9`), if
/// `by` may see it: for the phone call that starts "my reference is…".
pub fn find_reference(conn: &mut AnyConnection, by: &Staff<'_>, typed: &str) -> Result<Option<i32>, ReferralError> {
    by.require(Action::ReferralQueue)?;
    let Some(reference) = crate::codes::parse_reference(typed) else {
        return Ok(None);
    };
    let found: Option<Referral> = referrals::table
        .filter(referrals::reference.eq(reference))
        .select(Referral::as_select())
        .first(conn)
        .optional()?;
    Ok(found.filter(|r| by.may(r.action())).map(|r| r.id))
}

/// A coach or volunteer and how many open referrals they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkerLoad {
    pub person_id: i32,
    pub display_name: String,
    /// Coach, Volunteer, or both.
    pub roles: Vec<Role>,
    /// Allocated or active referrals.
    pub open: i64,
}

/// Every coach and volunteer with their current caseload, lightest
/// first, for the manager choosing whom to allocate to.
pub fn caseloads(conn: &mut AnyConnection, by: &Staff<'_>) -> Result<Vec<WorkerLoad>, ReferralError> {
    by.require(Action::ManageReferrals)?;
    let workers: Vec<(i32, String, String)> = person_roles::table
        .inner_join(people::table)
        .filter(person_roles::role.eq_any([Role::Coach.code(), Role::Volunteer.code()]))
        .filter(people::deleted_at.is_null())
        .order((people::display_name, people::id))
        .select((people::id, people::display_name, person_roles::role))
        .load(conn)?;
    let counts: HashMap<i32, i64> = referrals::table
        .filter(referrals::worker_id.is_not_null())
        .filter(referrals::status.eq_any(Status::codes(&Status::CASELOAD)))
        .group_by(referrals::worker_id)
        .select((referrals::worker_id.assume_not_null(), diesel::dsl::count_star()))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    let mut loads: Vec<WorkerLoad> = Vec::new();
    for (id, name, role) in workers {
        let role = Role::from_code(&role).unwrap_or(Role::Coach);
        match loads.iter_mut().find(|w| w.person_id == id) {
            Some(w) => w.roles.push(role),
            None => loads.push(WorkerLoad {
                person_id: id,
                display_name: name,
                roles: vec![role],
                open: counts.get(&id).copied().unwrap_or(0),
            }),
        }
    }
    loads.sort_by_key(|w| w.open);
    Ok(loads)
}

/// One referral on a worker's caseload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseItem {
    pub referral: Referral,
    /// The person's name (empty if the details are gone).
    pub name: String,
    pub programme: Programme,
    pub paused: bool,
    pub tasks: Vec<DueTask>,
}

/// A worker's allocated and active referrals with their due tasks, the
/// soonest due first. A worker sees their own; a manager anyone's.
pub fn caseload(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    worker_id: i32,
    now: NaiveDateTime,
) -> Result<Vec<CaseItem>, ReferralError> {
    by.require(Action::ReferralQueue)?;
    by.require(Action::Referral {
        worker_id: Some(worker_id),
        open: true,
    })?;
    let rows: Vec<(Referral, Option<String>)> = referrals::table
        .left_join(referral_people::table)
        .filter(referrals::worker_id.eq(worker_id))
        .filter(referrals::status.eq_any(Status::codes(&Status::CASELOAD)))
        .order((referrals::allocated_at, referrals::id))
        .select((Referral::as_select(), referral_people::name.nullable()))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(r, _)| r.id).collect();
    let mut pauses: HashMap<i32, Vec<Pause>> = HashMap::new();
    if !ids.is_empty() {
        for p in referral_pauses::table
            .filter(referral_pauses::referral_id.eq_any(&ids))
            .select(Pause::as_select())
            .load(conn)?
        {
            pauses.entry(p.referral_id).or_default().push(p);
        }
    }
    let services = services(conn)?;
    let finals = crate::reviews::finals_recorded(conn, &ids)?;
    let mut items = Vec::with_capacity(rows.len());
    for (r, name) in rows {
        audit(conn, Some(by.actor.person_id), "referral.listed", r.id, by.reason, now)?;
        let programme = Programme::of(services.iter().find(|s| Some(s.id) == r.service_id));
        let its_pauses = pauses.remove(&r.id).unwrap_or_default();
        let tasks = crate::reviews::outstanding(due_tasks(&r, programme, &its_pauses, now), finals.contains(&r.id));
        items.push(CaseItem {
            paused: its_pauses.iter().any(|p| p.ended_at.is_none()),
            name: name.unwrap_or_default(),
            programme,
            tasks,
            referral: r,
        });
    }
    let soonest = |c: &CaseItem| c.tasks.iter().filter_map(|t| t.due_on).min();
    items.sort_by_key(|c| soonest(c).unwrap_or(NaiveDate::MAX));
    Ok(items)
}
