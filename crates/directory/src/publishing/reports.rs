//! Problem reports: anyone, signed in or not, can tell us a listing is
//! wrong. The report is kept, emailed to the listing's organisers (or its
//! contact address) and shown in the editors' queue until an editor
//! resolves it with a note.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use store::schema::problem_reports;
use store::AnyConnection;

use super::{listing_url, recipients, require_editor, send};
use crate::kinds::text_enum;
use crate::{listing, DirectoryError, Status};

/// The longest report we keep: enough to explain, short enough to read.
const MAX_DETAILS: usize = 2000;

text_enum!(
    /// What is wrong with a listing.
    ReportKind {
        OutOfDate = "out_of_date": "The information is out of date",
        Closed = "closed": "It has closed or stopped running",
        SomethingElse = "something_else": "Something else",
    }
);

/// What the report form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    /// A [`ReportKind`] code.
    pub kind: String,
    pub details: String,
    /// Optional: only used to reply.
    pub reporter_email: String,
    /// The signed-in person, if any.
    pub reporter: Option<i32>,
}

/// One row of `problem_reports`.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = problem_reports)]
pub struct ProblemReport {
    pub id: i32,
    pub listing_id: i32,
    pub kind: ReportKind,
    pub details: String,
    pub reporter_email: Option<String>,
    pub reporter_id: Option<i32>,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<i32>,
    pub resolution_note: String,
}

/// Records a report about a published listing and emails its organisers.
/// `Invalid` (with the field) for a missing kind, missing details when the
/// kind is "something else", details over 2,000 characters, or an email
/// address we could not reply to.
pub fn report_problem(
    conn: &mut AnyConnection,
    site: &mail::Site,
    listing_id: i32,
    form: &ReportForm,
    now: NaiveDateTime,
) -> Result<ProblemReport, DirectoryError> {
    let kind = ReportKind::from_code(form.kind.trim())
        .ok_or_else(|| DirectoryError::invalid("kind", "Choose what is wrong"))?;
    let details = form.details.trim();
    if kind == ReportKind::SomethingElse && details.is_empty() {
        return Err(DirectoryError::invalid("details", "Tell us what is wrong"));
    }
    if details.chars().count() > MAX_DETAILS {
        return Err(DirectoryError::invalid(
            "details",
            "What is wrong must be 2,000 characters or fewer",
        ));
    }
    let reporter_email = match form.reporter_email.trim() {
        "" => None,
        typed => Some(
            mail::EmailAddress::parse(typed)
                .map_err(|_| {
                    DirectoryError::invalid(
                        "reporter_email",
                        "Enter an email address like name@example.org, or leave it empty",
                    )
                })?
                .to_string(),
        ),
    };
    let live = listing::get(conn, listing_id)?;
    if live.status != Status::Published {
        return Err(DirectoryError::NotFound { what: "listing" });
    }
    let report: ProblemReport = diesel::insert_into(problem_reports::table)
        .values((
            problem_reports::listing_id.eq(listing_id),
            problem_reports::kind.eq(kind),
            problem_reports::details.eq(details),
            problem_reports::reporter_email.eq(reporter_email.clone()),
            problem_reports::reporter_id.eq(form.reporter),
            problem_reports::created_at.eq(now),
            problem_reports::resolution_note.eq(""),
        ))
        .get_result(conn)?;
    for (email, name) in recipients(conn, &live)? {
        let mut message = mail::Message::new(&format!("Someone reported a problem with {}", live.name))
            .greeting(&name)
            .paragraph(&format!("Someone using the site told us: {}.", kind.label()));
        if !details.is_empty() {
            message = message.paragraph("They wrote:").paragraph(details);
        }
        message = message
            .paragraph(
                "Please check the listing and update it if something has changed. An editor will also look at it.",
            )
            .action("See the listing", &listing_url(site, &live))
            .reason("You get this email because you run this listing.");
        send(conn, site, &message, email, &name, now)?;
    }
    Ok(report)
}

/// Closes a report with a note saying what was done. Editors only.
pub fn resolve_report(
    conn: &mut AnyConnection,
    editor: i32,
    report: i32,
    note: &str,
    now: NaiveDateTime,
) -> Result<(), DirectoryError> {
    require_editor(conn, editor)?;
    let note = note.trim();
    if note.is_empty() {
        return Err(DirectoryError::invalid("note", "Say what you did about this report"));
    }
    if note.chars().count() > MAX_DETAILS {
        return Err(DirectoryError::invalid(
            "note",
            "The note must be 2,000 characters or fewer",
        ));
    }
    let n = diesel::update(
        problem_reports::table
            .find(report)
            .filter(problem_reports::resolved_at.is_null()),
    )
    .set((
        problem_reports::resolved_at.eq(Some(now)),
        problem_reports::resolved_by.eq(Some(editor)),
        problem_reports::resolution_note.eq(note),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(DirectoryError::NotFound { what: "report" });
    }
    Ok(())
}
