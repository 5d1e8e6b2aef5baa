//! Roles. Everyone with an account is a member; the roles here are granted
//! on top, site-wide. Being an organiser is per organisation and lives in
//! the `organisers` table instead.

use std::fmt;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::person_roles;
use store::AnyConnection;

use crate::AccountError;

/// A site-wide role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Confirmed by an admin, or automatically for an allow-listed work
    /// email domain: may refer people and hear back.
    Professional,
    /// Runs one-to-one support from the connecting team.
    Coach,
    /// Supports people alongside the coaches.
    Volunteer,
    /// Runs the connecting team: the whole queue, allocation, reports.
    TeamManager,
    /// Pays for the service and reads its impact report: aggregates only,
    /// never a referral, a queue or a person's page.
    Commissioner,
    /// Keeps listings' quality and safety: the review queue.
    Editor,
    /// Everything, including people and roles.
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Professional,
        Role::Coach,
        Role::Volunteer,
        Role::TeamManager,
        Role::Commissioner,
        Role::Editor,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Professional => "professional",
            Role::Coach => "coach",
            Role::Volunteer => "volunteer",
            Role::TeamManager => "team_manager",
            Role::Commissioner => "commissioner",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Professional => "Professional",
            Role::Coach => "Coach",
            Role::Volunteer => "Volunteer",
            Role::TeamManager => "Team manager",
            Role::Commissioner => "Commissioner",
            Role::Editor => "Editor",
            Role::Admin => "Admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The roles one person holds, as a small bit set so checks are free
/// (a `u8`: room for eight roles).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles(u8);

impl Roles {
    pub fn of(roles: &[Role]) -> Roles {
        let mut set = Roles::default();
        for r in roles {
            set.insert(*r);
        }
        set
    }

    pub fn insert(&mut self, role: Role) {
        self.0 |= 1 << (role as u8);
    }

    pub fn has(self, role: Role) -> bool {
        self.0 & (1 << (role as u8)) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.has(*r))
    }
}

/// The roles `person_id` holds now. Read on every request, so a change
/// takes effect at once.
pub fn roles_of(conn: &mut AnyConnection, person_id: i32) -> Result<Roles, AccountError> {
    let codes: Vec<String> = person_roles::table
        .filter(person_roles::person_id.eq(person_id))
        .select(person_roles::role)
        .load(conn)?;
    Ok(Roles::of(
        &codes.iter().filter_map(|c| Role::from_code(c)).collect::<Vec<_>>(),
    ))
}

/// Grants a role; granting one already held changes nothing.
pub fn grant(
    conn: &mut AnyConnection,
    person_id: i32,
    role: Role,
    by: Option<i32>,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    if roles_of(conn, person_id)?.has(role) {
        return Ok(());
    }
    diesel::insert_into(person_roles::table)
        .values((
            person_roles::person_id.eq(person_id),
            person_roles::role.eq(role.code()),
            person_roles::granted_at.eq(now),
            person_roles::granted_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn revoke(conn: &mut AnyConnection, person_id: i32, role: Role) -> Result<(), AccountError> {
    diesel::delete(
        person_roles::table
            .filter(person_roles::person_id.eq(person_id))
            .filter(person_roles::role.eq(role.code())),
    )
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_sets_hold_what_was_put_in() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("member"), None);
        let set = Roles::of(&[Role::Coach, Role::Admin]);
        assert!(set.has(Role::Coach) && set.has(Role::Admin) && !set.has(Role::Editor));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Role::Coach, Role::Admin]);
        assert!(Roles::default().is_empty());
    }
}
