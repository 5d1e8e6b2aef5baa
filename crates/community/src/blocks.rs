//! Blocking: a member stops someone's messages and no longer sees their
//! posts. The blocked person is not told; when they try to write, they
//! hear the same words as for anyone who does not take messages.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::blocks;
use store::AnyConnection;

use crate::profiles;
use crate::CommunityError;

/// `me` blocks `other`. Blocking twice changes nothing.
pub fn block(conn: &mut AnyConnection, me: i32, other: i32, now: NaiveDateTime) -> Result<(), CommunityError> {
    if me == other {
        return Err(CommunityError::invalid("person", "You cannot block yourself"));
    }
    if !profiles::exists(conn, other)? {
        return Err(CommunityError::NotFound { what: "person" });
    }
    if has_blocked(conn, me, other)? {
        return Ok(());
    }
    diesel::insert_into(blocks::table)
        .values((
            blocks::blocker_id.eq(me),
            blocks::blocked_id.eq(other),
            blocks::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// `me` unblocks `other`; unblocking someone not blocked changes nothing.
pub fn unblock(conn: &mut AnyConnection, me: i32, other: i32) -> Result<(), CommunityError> {
    diesel::delete(blocks::table.find((me, other))).execute(conn)?;
    Ok(())
}

/// Whether `blocker` has blocked `blocked`.
pub fn has_blocked(conn: &mut AnyConnection, blocker: i32, blocked: i32) -> Result<bool, CommunityError> {
    Ok(blocks::table.find((blocker, blocked)).count().get_result::<i64>(conn)? > 0)
}

/// The people `me` has blocked.
pub fn blocked_by(conn: &mut AnyConnection, me: i32) -> Result<Vec<i32>, CommunityError> {
    Ok(blocks::table
        .filter(blocks::blocker_id.eq(me))
        .select(blocks::blocked_id)
        .load(conn)?)
}

/// Someone on a member's "blocked people" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub person_id: i32,
    /// As the blocker may see it ([`profiles::A_MEMBER`] otherwise).
    pub name: String,
    pub since: NaiveDateTime,
}

/// The people `me` has blocked, newest first.
pub fn list(conn: &mut AnyConnection, me: i32) -> Result<Vec<Blocked>, CommunityError> {
    let rows: Vec<(i32, NaiveDateTime)> = blocks::table
        .filter(blocks::blocker_id.eq(me))
        .order(blocks::created_at.desc())
        .select((blocks::blocked_id, blocks::created_at))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(p, _)| *p).collect();
    let mut names = profiles::names(conn, Some(me), &ids)?;
    Ok(rows
        .into_iter()
        .map(|(person_id, since)| Blocked {
            person_id,
            name: names
                .remove(&person_id)
                .unwrap_or_else(|| profiles::A_MEMBER.to_owned()),
            since,
        })
        .collect())
}

/// Forgets every block by or of `person`, for a deleted account.
pub(crate) fn forget(conn: &mut AnyConnection, person: i32) -> Result<(), CommunityError> {
    diesel::delete(blocks::table.filter(blocks::blocker_id.eq(person).or(blocks::blocked_id.eq(person))))
        .execute(conn)?;
    Ok(())
}
