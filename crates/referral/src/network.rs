//! The person's social network map: the people in their life placed in
//! three rings by closeness, drawn at the start of the programme and again
//! at the end, so both can see the connections made on the way.
//!
//! The people on the map are third parties who have not agreed to be
//! recorded, so only a first name or initials and the relationship are
//! kept — never surnames, contact details or notes about them.
//!
//! Reading goes through [`crate::view`], which audits it; each change here
//! is audited too.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::casework_network;
use store::AnyConnection;

use crate::measures::Point;
use crate::record::{audit, get_changeable, micros, Staff};
use crate::{FieldError, ReferralError};

/// The longest name kept, in characters: a first name or initials.
pub const MAX_NAME: usize = 20;
/// The longest relationship, in characters ("neighbour", "friend from the
/// garden").
pub const MAX_RELATIONSHIP: usize = 40;
/// People on one map at most, so the drawing stays readable.
pub const MAX_PEOPLE: i64 = 40;

/// The rings, closest first.
pub const RINGS: [(i32, &str); 3] = [
    (1, "Closest: people they rely on"),
    (2, "Close: people they see or talk to often"),
    (3, "Wider: people they know, groups they are part of"),
];

/// The maps drawn: at the start and at the end (not at follow-up).
pub const MAP_POINTS: [Point; 2] = [Point::Start, Point::End];

/// One person on a map.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_network)]
pub struct Connection {
    pub id: i32,
    pub referral_id: i32,
    pub point: String,
    pub name: String,
    pub relationship: String,
    /// 1 (closest) to 3.
    pub ring: i32,
    /// Met during the programme.
    pub is_new: bool,
    pub created_at: NaiveDateTime,
}

impl Connection {
    pub fn point(&self) -> Option<Point> {
        Point::from_code(&self.point)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_network)]
struct NewConnection<'a> {
    referral_id: i32,
    point: &'a str,
    name: &'a str,
    relationship: &'a str,
    ring: i32,
    is_new: bool,
    created_at: NaiveDateTime,
}

/// A person for the map as typed into the form, unchecked.
#[derive(Debug, Clone, Default)]
pub struct ConnectionForm {
    /// `start` or `end`.
    pub point: String,
    pub name: String,
    pub relationship: String,
    /// `1`, `2` or `3`.
    pub ring: String,
    /// Ticked: met during the programme.
    pub is_new: bool,
}

/// Adds a person to the start or the end map. Every problem with the form
/// comes back at once, each on its field (`point`, `name`,
/// `relationship`, `ring`).
pub fn add(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    form: &ConnectionForm,
    now: NaiveDateTime,
) -> Result<Connection, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let mut errors = Vec::new();
    let mut error = |field: &'static str, message: &str| {
        errors.push(FieldError {
            field,
            message: message.to_owned(),
        })
    };
    let point = Point::from_code(&form.point).filter(|p| MAP_POINTS.contains(p));
    if point.is_none() {
        error("point", "Choose the map at the start or at the end");
    }
    let name = form.name.trim();
    if name.is_empty() {
        error("name", "Enter their first name or initials");
    } else if name.chars().count() > MAX_NAME || name.split_whitespace().count() > 2 {
        error(
            "name",
            "Enter a first name or initials only, up to 20 characters: they have not agreed to be on the record",
        );
    }
    let relationship = form.relationship.trim();
    if relationship.is_empty() {
        error(
            "relationship",
            "Say who they are to the person, like “sister” or “neighbour”",
        );
    } else if relationship.chars().count() > MAX_RELATIONSHIP {
        error("relationship", "Keep the relationship to 40 characters or fewer");
    }
    let ring = form.ring.trim().parse::<i32>().ok().filter(|r| (1..=3).contains(r));
    if ring.is_none() {
        error("ring", "Choose how close they are");
    }
    let (Some(point), Some(ring), true) = (point, ring, errors.is_empty()) else {
        return Err(ReferralError::Form(errors));
    };
    let on_map: i64 = casework_network::table
        .filter(casework_network::referral_id.eq(referral_id))
        .filter(casework_network::point.eq(point.code()))
        .count()
        .get_result(conn)?;
    if on_map >= MAX_PEOPLE {
        return Err(ReferralError::invalid(
            "name",
            format!("A map holds up to {MAX_PEOPLE} people"),
        ));
    }
    let added = diesel::insert_into(casework_network::table)
        .values(NewConnection {
            referral_id,
            point: point.code(),
            name,
            relationship,
            ring,
            // Nobody on the start map was met during the programme.
            is_new: form.is_new && point == Point::End,
            created_at: micros(now),
        })
        .get_result::<Connection>(conn)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.network_changed",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(added)
}

/// Takes a person off a map.
pub fn remove(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    connection_id: i32,
    now: NaiveDateTime,
) -> Result<(), ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let gone = diesel::delete(
        casework_network::table
            .find(connection_id)
            .filter(casework_network::referral_id.eq(referral_id)),
    )
    .execute(conn)?;
    if gone == 0 {
        return Err(ReferralError::NotFound {
            what: "person on the map",
        });
    }
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.network_changed",
        referral_id,
        by.reason,
        now,
    )
}

/// Starts the end map as a copy of the start map, to be changed from
/// there; refused once the end map has anyone on it. Returns how many
/// were copied.
pub fn copy_start_to_end(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    now: NaiveDateTime,
) -> Result<usize, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let all = load(conn, referral_id)?;
    if all.iter().any(|c| c.point() == Some(Point::End)) {
        return Err(ReferralError::Transition(
            "The map at the end already has people on it".to_owned(),
        ));
    }
    let start: Vec<&Connection> = all.iter().filter(|c| c.point() == Some(Point::Start)).collect();
    for c in &start {
        diesel::insert_into(casework_network::table)
            .values(NewConnection {
                referral_id,
                point: Point::End.code(),
                name: &c.name,
                relationship: &c.relationship,
                ring: c.ring,
                is_new: false,
                created_at: micros(now),
            })
            .execute(conn)?;
    }
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.network_changed",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(start.len())
}

/// Both maps of a referral, in ring order then as added.
pub(crate) fn load(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Connection>, ReferralError> {
    Ok(casework_network::table
        .filter(casework_network::referral_id.eq(referral_id))
        .order((casework_network::ring, casework_network::id))
        .select(Connection::as_select())
        .load(conn)?)
}

/// The new connections at the end: those marked as met during the
/// programme, and anyone on the end map who was not on the start map
/// (the same name and relationship, ignoring case).
pub fn new_connections(map: &[Connection]) -> Vec<&Connection> {
    let key = |c: &Connection| (c.name.to_lowercase(), c.relationship.to_lowercase());
    let start: Vec<(String, String)> = map
        .iter()
        .filter(|c| c.point() == Some(Point::Start))
        .map(key)
        .collect();
    map.iter()
        .filter(|c| c.point() == Some(Point::End))
        .filter(|c| c.is_new || !start.contains(&key(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(point: Point, name: &str, relationship: &str, ring: i32, is_new: bool) -> Connection {
        Connection {
            id: 0,
            referral_id: 1,
            point: point.code().to_owned(),
            name: name.to_owned(),
            relationship: relationship.to_owned(),
            ring,
            is_new,
            created_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        }
    }

    #[test]
    fn new_connections_are_marked_or_missing_from_the_start() {
        let map = [
            person(Point::Start, "Mum", "mother", 1, false),
            person(Point::Start, "J", "closest friend", 2, false),
            person(Point::End, "mum", "Mother", 1, false),
            person(Point::End, "J", "closest friend", 1, true),
            person(Point::End, "Ali", "volunteer at the garden", 2, false),
        ];
        let names: Vec<&str> = new_connections(&map).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["J", "Ali"],
            "J is marked as met again; Ali was not there at the start"
        );
    }
}
