//! The change log: one row per write that others must follow.
//!
//! Writers call [`record`] inside their own transaction, so the change and
//! the row it describes commit together or not at all. Followers (the
//! search indexer) read [`since`] the last sequence number they applied.
//! Applying a change means re-reading the entity, so reading one twice is
//! harmless — which lets followers re-read a short window to catch rows
//! that PostgreSQL committed out of sequence order.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::changes;
use crate::{AnyConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct Change {
    pub seq: i32,
    /// What kind of thing changed, e.g. `listing`.
    pub entity: String,
    pub entity_id: i32,
    /// e.g. `created`, `updated`, `status`.
    pub action: String,
    pub at: NaiveDateTime,
}

/// Notes that `entity` `entity_id` changed. Call inside the writer's transaction.
pub fn record(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: i32,
    action: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(changes::table)
        .values((
            changes::entity.eq(entity),
            changes::entity_id.eq(entity_id),
            changes::action.eq(action),
            changes::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Changes after `seq`, oldest first, at most `limit`.
pub fn since(conn: &mut AnyConnection, seq: i32, limit: i64) -> Result<Vec<Change>, StoreError> {
    Ok(changes::table
        .filter(changes::seq.gt(seq))
        .order(changes::seq)
        .limit(limit)
        .select(Change::as_select())
        .load(conn)?)
}

/// The newest sequence number, or 0 when nothing has changed yet.
pub fn latest(conn: &mut AnyConnection) -> Result<i32, StoreError> {
    Ok(changes::table
        .select(diesel::dsl::max(changes::seq))
        .first::<Option<i32>>(conn)?
        .unwrap_or(0))
}
