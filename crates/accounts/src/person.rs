//! People with accounts, and the checks on what they type about themselves.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::{consents, email_tokens, organisers, people, person_roles, sessions};
use store::AnyConnection;

use crate::AccountError;

/// One account. The password hash never leaves this crate's functions in a
/// form meant for display (it is skipped when serialised).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = people)]
pub struct Person {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub job_title: String,
    pub work_organisation: String,
    pub professional_status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

impl Person {
    pub fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }

    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }

    pub fn professional(&self) -> ProfessionalStatus {
        ProfessionalStatus::from_code(&self.professional_status)
    }
}

/// Where a request to be treated as a professional stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfessionalStatus {
    None,
    Pending,
    Confirmed,
    Refused,
}

impl ProfessionalStatus {
    pub fn code(self) -> &'static str {
        match self {
            ProfessionalStatus::None => "none",
            ProfessionalStatus::Pending => "pending",
            ProfessionalStatus::Confirmed => "confirmed",
            ProfessionalStatus::Refused => "refused",
        }
    }

    fn from_code(code: &str) -> ProfessionalStatus {
        match code {
            "pending" => ProfessionalStatus::Pending,
            "confirmed" => ProfessionalStatus::Confirmed,
            "refused" => ProfessionalStatus::Refused,
            _ => ProfessionalStatus::None,
        }
    }
}

/// The columns of a new account.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = people)]
pub struct NewPerson {
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub job_title: String,
    pub work_organisation: String,
    pub professional_status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewPerson {
    pub fn new(email: String, display_name: String, now: NaiveDateTime) -> NewPerson {
        NewPerson {
            email,
            display_name,
            password_hash: None,
            email_verified_at: None,
            job_title: String::new(),
            work_organisation: String::new(),
            professional_status: ProfessionalStatus::None.code().to_owned(),
            created_at: now,
            updated_at: now,
        }
    }
}

/// An email address as accounts key it: checked as sendable, lower-cased,
/// so `Ann@Example.org` and `ann@example.org` are one account.
pub fn normalise_email(input: &str) -> Result<String, AccountError> {
    if input.trim().is_empty() {
        return Err(AccountError::invalid("email", "Enter your email address"));
    }
    mail::EmailAddress::parse(input)
        .map(|a| a.as_str().to_ascii_lowercase())
        .map_err(|_| {
            AccountError::invalid(
                "email",
                "Enter an email address in the correct format, like name@example.com",
            )
        })
}

pub const NAME_MAX: usize = 60;

/// The name shown to others. Any script is welcome; control characters
/// and runs of spaces are not.
pub fn check_display_name(input: &str) -> Result<String, AccountError> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AccountError::invalid(
            "display_name",
            "Enter the name you would like to use",
        ));
    }
    if name.chars().count() > NAME_MAX {
        return Err(AccountError::invalid(
            "display_name",
            format!("Name must be {NAME_MAX} characters or fewer"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AccountError::invalid(
            "display_name",
            "Name must not contain special characters",
        ));
    }
    Ok(name)
}

/// A short free-text field (job title, organisation): trimmed, bounded.
pub fn check_short_text(field: &'static str, label: &str, input: &str, max: usize) -> Result<String, AccountError> {
    let text = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(AccountError::invalid(field, format!("Enter your {label}")));
    }
    if text.chars().count() > max {
        return Err(AccountError::invalid(
            field,
            format!("{} must be {max} characters or fewer", capitalise(label)),
        ));
    }
    Ok(text)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub fn insert(conn: &mut AnyConnection, new: &NewPerson) -> Result<Person, AccountError> {
    Ok(diesel::insert_into(people::table).values(new).get_result(conn)?)
}

/// A live (not deleted) account by id.
pub fn get(conn: &mut AnyConnection, id: i32) -> Result<Person, AccountError> {
    people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .select(Person::as_select())
        .first(conn)
        .optional()?
        .ok_or(AccountError::NotFound { what: "person" })
}

/// A live account by (normalised) email.
pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<Person>, AccountError> {
    Ok(people::table
        .filter(people::email.eq(email))
        .filter(people::deleted_at.is_null())
        .select(Person::as_select())
        .first(conn)
        .optional()?)
}

pub fn mark_verified(conn: &mut AnyConnection, id: i32, now: NaiveDateTime) -> Result<(), AccountError> {
    diesel::update(people::table.find(id).filter(people::email_verified_at.is_null()))
        .set((people::email_verified_at.eq(now), people::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn set_password_hash(
    conn: &mut AnyConnection,
    id: i32,
    hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    diesel::update(people::table.find(id))
        .set((people::password_hash.eq(hash), people::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn set_display_name(conn: &mut AnyConnection, id: i32, name: &str, now: NaiveDateTime) -> Result<(), AccountError> {
    diesel::update(people::table.find(id))
        .set((people::display_name.eq(name), people::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Moves an account to a new (already verified by link) address.
pub fn set_email(conn: &mut AnyConnection, id: i32, email: &str, now: NaiveDateTime) -> Result<(), AccountError> {
    if let Some(other) = find_by_email(conn, email)? {
        if other.id != id {
            return Err(AccountError::invalid(
                "email",
                "Another account already uses that email address",
            ));
        }
    }
    diesel::update(people::table.find(id))
        .set((
            people::email.eq(email),
            people::email_verified_at.eq(Some(now)),
            people::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_professional(
    conn: &mut AnyConnection,
    id: i32,
    job_title: &str,
    work_organisation: &str,
    status: ProfessionalStatus,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    diesel::update(people::table.find(id))
        .set((
            people::job_title.eq(job_title),
            people::work_organisation.eq(work_organisation),
            people::professional_status.eq(status.code()),
            people::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Live accounts whose email or name contains `q`, newest first, for admins.
pub fn search(conn: &mut AnyConnection, q: &str, limit: i64, offset: i64) -> Result<(Vec<Person>, i64), AccountError> {
    let pattern = format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], ""));
    let filter = || {
        people::deleted_at.is_null().and(
            people::email
                .like(pattern.clone())
                .or(people::display_name.like(pattern.clone())),
        )
    };
    let total: i64 = people::table.filter(filter()).count().get_result(conn)?;
    let rows = people::table
        .filter(filter())
        .order((people::created_at.desc(), people::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(Person::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// People waiting for an admin to confirm them as professionals.
pub fn pending_professionals(conn: &mut AnyConnection) -> Result<Vec<Person>, AccountError> {
    Ok(people::table
        .filter(people::deleted_at.is_null())
        .filter(people::professional_status.eq(ProfessionalStatus::Pending.code()))
        .order(people::updated_at)
        .select(Person::as_select())
        .load(conn)?)
}

/// Deletes an account: the row stays as a nameless stub, so what the person
/// wrote in public keeps an author ("Former member"), and everything that
/// identifies them or lets anyone sign in as them goes.
pub fn anonymise(conn: &mut AnyConnection, id: i32, now: NaiveDateTime) -> Result<(), AccountError> {
    diesel::delete(sessions::table.filter(sessions::person_id.eq(id))).execute(conn)?;
    diesel::delete(email_tokens::table.filter(email_tokens::person_id.eq(id))).execute(conn)?;
    diesel::delete(person_roles::table.filter(person_roles::person_id.eq(id))).execute(conn)?;
    diesel::delete(organisers::table.filter(organisers::person_id.eq(id))).execute(conn)?;
    diesel::delete(consents::table.filter(consents::person_id.eq(id))).execute(conn)?;
    let n = diesel::update(people::table.find(id).filter(people::deleted_at.is_null()))
        .set((
            people::email.eq(format!("deleted-{id}@deleted.invalid")),
            people::display_name.eq(DELETED_NAME),
            people::password_hash.eq(None::<String>),
            people::job_title.eq(""),
            people::work_organisation.eq(""),
            people::professional_status.eq(ProfessionalStatus::None.code()),
            people::updated_at.eq(now),
            people::deleted_at.eq(Some(now)),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(AccountError::NotFound { what: "person" });
    }
    Ok(())
}

/// What deleted accounts are called wherever their contributions remain.
pub const DELETED_NAME: &str = "Former member";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            normalise_email("  Ann.Lee@Example.ORG ").unwrap(),
            "ann.lee@example.org"
        );
        for bad in ["", "ann", "ann@", "ann@example", "a b@example.org"] {
            assert!(
                matches!(normalise_email(bad), Err(AccountError::Invalid { field: "email", .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_are_tidied_and_bounded() {
        assert_eq!(check_display_name("  Mary   O'Brien ").unwrap(), "Mary O'Brien");
        assert_eq!(check_display_name("Zoë 李").unwrap(), "Zoë 李");
        assert!(check_display_name("   ").is_err());
        assert!(check_display_name(&"a".repeat(61)).is_err());
        assert!(check_display_name("bad\u{7}name").is_err());
    }
}
