//! What helps and what gets in the way: the person's strengths and assets
//! (what they are good at, care about, have done) and the coach's own that
//! could help (skills, contacts), and the barriers to taking part, from a
//! fixed checklist, each with notes and what was done about it.
//!
//! The approach starts from strengths, so the page lists them first.
//! Reading goes through [`crate::view`], which audits it; each change here
//! is audited too.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{casework_barriers, casework_strengths};
use store::AnyConnection;

use crate::record::{audit, get_changeable, micros, Staff};
use crate::{FieldError, ReferralError};

/// The longest strength, note or action, in characters.
pub const MAX_TEXT: usize = 1000;

/// The barriers on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Barrier {
    Anxiety,
    PhysicalHealth,
    Money,
    Transport,
    Caring,
    Stigma,
    Information,
    Access,
}

impl Barrier {
    pub const ALL: [Barrier; 8] = [
        Barrier::Anxiety,
        Barrier::PhysicalHealth,
        Barrier::Money,
        Barrier::Transport,
        Barrier::Caring,
        Barrier::Stigma,
        Barrier::Information,
        Barrier::Access,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Barrier::Anxiety => "anxiety",
            Barrier::PhysicalHealth => "physical_health",
            Barrier::Money => "money",
            Barrier::Transport => "transport",
            Barrier::Caring => "caring",
            Barrier::Stigma => "stigma",
            Barrier::Information => "information",
            Barrier::Access => "access",
        }
    }

    pub fn from_code(code: &str) -> Option<Barrier> {
        Barrier::ALL.into_iter().find(|b| b.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Barrier::Anxiety => "Anxiety",
            Barrier::PhysicalHealth => "Physical health",
            Barrier::Money => "Money",
            Barrier::Transport => "Transport",
            Barrier::Caring => "Caring responsibilities",
            Barrier::Stigma => "Stigma",
            Barrier::Information => "Lack of information",
            Barrier::Access => "Poor access to services",
        }
    }

    /// The form field for the notes on this barrier.
    pub fn note_field(self) -> &'static str {
        match self {
            Barrier::Anxiety => "note-anxiety",
            Barrier::PhysicalHealth => "note-physical_health",
            Barrier::Money => "note-money",
            Barrier::Transport => "note-transport",
            Barrier::Caring => "note-caring",
            Barrier::Stigma => "note-stigma",
            Barrier::Information => "note-information",
            Barrier::Access => "note-access",
        }
    }

    /// The form field for what was done about this barrier.
    pub fn done_field(self) -> &'static str {
        match self {
            Barrier::Anxiety => "done-anxiety",
            Barrier::PhysicalHealth => "done-physical_health",
            Barrier::Money => "done-money",
            Barrier::Transport => "done-transport",
            Barrier::Caring => "done-caring",
            Barrier::Stigma => "done-stigma",
            Barrier::Information => "done-information",
            Barrier::Access => "done-access",
        }
    }
}

/// One barrier ticked for a person.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_barriers)]
pub struct BarrierNote {
    pub id: i32,
    pub referral_id: i32,
    pub barrier: String,
    pub note: String,
    /// What was done about it.
    pub done: String,
    pub updated_at: NaiveDateTime,
}

impl BarrierNote {
    pub fn barrier(&self) -> Option<Barrier> {
        Barrier::from_code(&self.barrier)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_barriers)]
struct NewBarrier<'a> {
    referral_id: i32,
    barrier: &'a str,
    note: &'a str,
    done: &'a str,
    updated_at: NaiveDateTime,
}

/// One barrier as ticked on the form, with its notes, unchecked.
#[derive(Debug, Clone, Default)]
pub struct BarrierAnswer {
    pub barrier: String,
    pub note: String,
    pub done: String,
}

fn too_long(text: &str) -> bool {
    text.chars().count() > MAX_TEXT
}

/// Replaces the checklist with the barriers ticked now. Unknown barriers
/// are refused (on `barriers`), as are notes longer than [`MAX_TEXT`].
pub fn set_barriers(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    ticked: &[BarrierAnswer],
    now: NaiveDateTime,
) -> Result<Vec<BarrierNote>, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    for answer in ticked {
        let Some(barrier) = Barrier::from_code(&answer.barrier) else {
            errors.push(FieldError {
                field: "barriers",
                message: "Choose barriers from the list".to_owned(),
            });
            continue;
        };
        if checked.iter().any(|(b, _, _)| *b == barrier) {
            continue;
        }
        let (note, done) = (answer.note.trim(), answer.done.trim());
        for (field, text) in [(barrier.note_field(), note), (barrier.done_field(), done)] {
            if too_long(text) {
                errors.push(FieldError {
                    field,
                    message: format!("Keep it to {MAX_TEXT} characters or fewer"),
                });
            }
        }
        checked.push((barrier, note, done));
    }
    if !errors.is_empty() {
        return Err(ReferralError::Form(errors));
    }
    diesel::delete(casework_barriers::table.filter(casework_barriers::referral_id.eq(referral_id))).execute(conn)?;
    for (barrier, note, done) in &checked {
        diesel::insert_into(casework_barriers::table)
            .values(NewBarrier {
                referral_id,
                barrier: barrier.code(),
                note,
                done,
                updated_at: micros(now),
            })
            .execute(conn)?;
    }
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.barriers_changed",
        referral_id,
        by.reason,
        now,
    )?;
    load_barriers(conn, referral_id)
}

/// A referral's barriers, in checklist order.
pub(crate) fn load_barriers(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<BarrierNote>, ReferralError> {
    let mut notes: Vec<BarrierNote> = casework_barriers::table
        .filter(casework_barriers::referral_id.eq(referral_id))
        .select(BarrierNote::as_select())
        .load(conn)?;
    notes.sort_by_key(|n| n.barrier().map(|b| b as u8));
    Ok(notes)
}

/// Whose strength it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Whose {
    /// The person's own: what they are good at, care about, have done.
    Person,
    /// The coach's, that could help this person: a skill, a contact.
    Coach,
}

impl Whose {
    pub const ALL: [Whose; 2] = [Whose::Person, Whose::Coach];

    pub fn code(self) -> &'static str {
        match self {
            Whose::Person => "person",
            Whose::Coach => "coach",
        }
    }

    pub fn from_code(code: &str) -> Option<Whose> {
        Whose::ALL.into_iter().find(|w| w.code() == code.trim())
    }
}

/// One strength or asset.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_strengths)]
pub struct Strength {
    pub id: i32,
    pub referral_id: i32,
    pub whose: String,
    pub words: String,
    pub created_at: NaiveDateTime,
}

impl Strength {
    pub fn whose(&self) -> Option<Whose> {
        Whose::from_code(&self.whose)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_strengths)]
struct NewStrength<'a> {
    referral_id: i32,
    whose: &'a str,
    words: &'a str,
    created_at: NaiveDateTime,
}

/// Adds a strength or asset; problems come back on `whose` and `words`.
pub fn add_strength(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    whose: &str,
    words: &str,
    now: NaiveDateTime,
) -> Result<Strength, ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let mut errors = Vec::new();
    let whose = Whose::from_code(whose);
    if whose.is_none() {
        errors.push(FieldError {
            field: "whose",
            message: "Choose whose strength it is".to_owned(),
        });
    }
    let words = words.trim();
    if words.is_empty() {
        errors.push(FieldError {
            field: "words",
            message: "Write the strength, like “a talented artist” or “knows the park well”".to_owned(),
        });
    } else if too_long(words) {
        errors.push(FieldError {
            field: "words",
            message: format!("Keep it to {MAX_TEXT} characters or fewer"),
        });
    }
    let (Some(whose), true) = (whose, errors.is_empty()) else {
        return Err(ReferralError::Form(errors));
    };
    let strength = diesel::insert_into(casework_strengths::table)
        .values(NewStrength {
            referral_id,
            whose: whose.code(),
            words,
            created_at: micros(now),
        })
        .get_result::<Strength>(conn)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.strength_added",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(strength)
}

/// A referral's strengths, as added.
pub(crate) fn load_strengths(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Strength>, ReferralError> {
    Ok(casework_strengths::table
        .filter(casework_strengths::referral_id.eq(referral_id))
        .order(casework_strengths::id)
        .select(Strength::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_barrier_has_its_own_fields() {
        let mut fields: Vec<&str> = Barrier::ALL
            .iter()
            .flat_map(|b| [b.note_field(), b.done_field()])
            .collect();
        for b in Barrier::ALL {
            assert_eq!(Barrier::from_code(b.code()), Some(b));
            assert!(b.note_field().ends_with(b.code()) && b.done_field().ends_with(b.code()));
        }
        fields.sort_unstable();
        fields.dedup();
        assert_eq!(fields.len(), 16);
    }
}
