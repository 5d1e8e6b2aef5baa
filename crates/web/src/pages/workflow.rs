//! What the publishing pages share: running a change in one transaction
//! that hands refusals back to the form, and small pieces of page.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use directory::publishing::diff::FieldChange;
use directory::{DirectoryError, Kind, Listing, Status};
use maud::{html, Markup};
use store::AnyConnection;

use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::state::{in_transaction, AppState, BUSY_RETRIES};

/// A change the directory refused because of what was typed: the field it
/// belongs to and the message to show there.
#[derive(Debug)]
pub struct Refusal {
    pub field: &'static str,
    pub message: String,
}

impl Refusal {
    /// Puts the refusal on `form`, under `field` renamed by `rename` (domain
    /// field names are not always the form's: `starts_at` is the `date`).
    pub fn onto(self, form: &mut Form, rename: fn(&'static str) -> &'static str) {
        form.error(rename(self.field), self.message);
    }
}

/// Runs a change in one transaction (the listing, its version, the change
/// log and any email commit together) and wakes the mail worker after a
/// commit. `Invalid` comes back as a [`Refusal`] for the form, after the
/// transaction is rolled back; every other error becomes an error page.
pub async fn write<T, F>(state: &AppState, work: F) -> Result<Result<T, Refusal>, WebError>
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection) -> Result<T, DirectoryError> + Send + 'static,
{
    let result = state
        .db(
            move |conn| match in_transaction(conn, BUSY_RETRIES, Duration::from_millis(5), &work) {
                Ok(v) => Ok(Ok(v)),
                Err(DirectoryError::Invalid { field, message }) => Ok(Err(Refusal { field, message })),
                Err(e) => Err(e),
            },
        )
        .await?;
    if result.is_ok() {
        state.wake_mail();
    }
    Ok(result)
}

/// The answer of an editor's or organiser's page that holds a form, shown
/// fresh or again after a refusal: `form`'s status (400 while it has errors)
/// and the request's CSRF token, which `render` puts in the page's forms.
pub fn form_response(req: &HttpRequest, form: &Form, render: impl FnOnce(&Token) -> Markup) -> HttpResponse {
    let token = Token::for_request(req);
    super::private_with_status(form.status(), render(&token), &token, req)
}

/// A 303 to `to`, the answer to every successful POST.
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// A listing's public address.
pub fn public_path(l: &Listing) -> String {
    format!("/{}/{}", l.kind.path_segment(), l.slug)
}

/// The kind named in an address (`groups`, `events`, `places`), for the
/// "add a …" and report pages.
pub fn kind_from_segment(segment: &str) -> Option<Kind> {
    Kind::ALL.iter().copied().find(|k| k.path_segment() == segment)
}

/// "a group", "an event"… for sentences.
pub fn a_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Organisation => "an organisation",
        Kind::Group => "a group or activity",
        Kind::Event => "an event",
        Kind::Place => "a place",
    }
}

/// A coloured tag for where a listing is, in words organisers use.
pub fn status_tag(status: Status) -> Markup {
    let class = match status {
        Status::Published => "kith-tag kith-tag--green",
        Status::Pending => "kith-tag kith-tag--blue",
        Status::Draft => "kith-tag kith-tag--grey",
        Status::Archived => "kith-tag kith-tag--red",
    };
    let words = match status {
        Status::Archived => "Taken off the site",
        other => other.label(),
    };
    html! { strong class=(class) { (words) } }
}

/// A field-by-field difference as a table: field, before, after.
pub fn changes_table(changes: &[FieldChange], caption: &str) -> Markup {
    html! {
        @if changes.is_empty() {
            p class="kith-body" { "Nothing would change: the listing already says this." }
        } @else {
            table class="kith-table" {
                caption class="kith-visually-hidden" { (caption) }
                thead { tr { th scope="col" { "Field" } th scope="col" { "Now" } th scope="col" { "Proposed" } } }
                tbody {
                    @for c in changes {
                        tr {
                            th scope="row" { (c.label) }
                            td {
                                @if c.before.is_empty() { span class="kith-hint" { "(empty)" } } @else { (c.before) }
                                @if c.moved_on {
                                    br; strong class="kith-tag kith-tag--red" { "Changed since they started" }
                                }
                            }
                            td { @if c.after.is_empty() { span class="kith-hint" { "(empty)" } } @else { (c.after) } }
                        }
                    }
                }
            }
        }
    }
}

/// Field names are the same on forms and in the directory, except these.
pub fn same_name(field: &'static str) -> &'static str {
    field
}
