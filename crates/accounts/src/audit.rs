//! The audit log: an append-only record of every time somebody reads or
//! changes another person's record. Nothing in Kith updates or deletes it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::audit_log;
use store::AnyConnection;

use crate::AccountError;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i32,
    pub at: NaiveDateTime,
    pub actor_id: Option<i32>,
    /// e.g. `person.viewed`, `role.granted`.
    pub action: String,
    /// What was touched, e.g. `person:12`.
    pub subject: String,
    pub subject_person_id: Option<i32>,
    /// Why, when the actor gave a reason (manager overrides).
    pub reason: String,
}

/// What one entry says, for [`record`].
pub struct Entry<'a> {
    pub actor_id: Option<i32>,
    pub action: &'a str,
    pub subject: &'a str,
    pub subject_person_id: Option<i32>,
    pub reason: &'a str,
}

/// Appends an entry. Call inside the transaction of the read or change it
/// describes, so neither happens without the other.
pub fn record(conn: &mut AnyConnection, entry: &Entry<'_>, now: NaiveDateTime) -> Result<(), AccountError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now),
            audit_log::actor_id.eq(entry.actor_id),
            audit_log::action.eq(entry.action),
            audit_log::subject.eq(entry.subject),
            audit_log::subject_person_id.eq(entry.subject_person_id),
            audit_log::reason.eq(entry.reason),
        ))
        .execute(conn)?;
    Ok(())
}

/// Everything recorded about one person, newest first.
pub fn about(conn: &mut AnyConnection, person_id: i32, limit: i64) -> Result<Vec<AuditEntry>, AccountError> {
    Ok(audit_log::table
        .filter(audit_log::subject_person_id.eq(person_id))
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)?)
}
