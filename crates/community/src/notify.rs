//! Emails to people taking part, queued in the caller's transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::people;
use store::AnyConnection;

use crate::CommunityError;

/// Queues `message` to `person`, greeting them by name. A deleted account
/// gets nothing. An address or link the mail crate refuses is an error, so
/// the change that wanted to tell them is rolled back rather than made
/// silently.
pub(crate) fn tell(
    conn: &mut AnyConnection,
    site: &mail::Site,
    person: i32,
    message: mail::Message,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    let found: Option<(String, String)> = people::table
        .find(person)
        .filter(people::deleted_at.is_null())
        .select((people::email, people::display_name))
        .first(conn)
        .optional()?;
    let Some((email, name)) = found else {
        return Ok(());
    };
    let to = mail::EmailAddress::parse(&email)?;
    let email = message.greeting(&name).render(site, to, &name)?;
    mail::enqueue(conn, &email, now)?;
    Ok(())
}

/// An address on the site, from its public root and a path starting `/`.
pub(crate) fn site_url(site: &mail::Site, path: &str) -> String {
    format!("{}{}", site.url.trim_end_matches('/'), path)
}

/// A UTC time as people in London read it, e.g. "Tuesday 1 December 2026
/// at 6:30pm".
pub(crate) fn london_time(utc: NaiveDateTime) -> String {
    use chrono::TimeZone;
    chrono_tz::Europe::London
        .from_utc_datetime(&utc)
        .format("%A %-d %B %Y at %-I:%M%P")
        .to_string()
}
