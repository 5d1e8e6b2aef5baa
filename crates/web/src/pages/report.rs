//! Telling us a listing is wrong, and the "still correct" link in
//! freshness reminders. Both work without an account.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use directory::listing::find_public;
use directory::publishing::{self as p, ReportForm, ReportKind};
use directory::{DirectoryError, Listing};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::workflow::{kind_from_segment, public_path, same_name, write};
use crate::pages::{private, private_with_status, sensitive};
use crate::state::{now, AppState};

fn report_page(l: &Listing, form: &Form, token: &Token) -> Markup {
    let title = format!("Report a problem with {}", l.name);
    let kinds: Vec<(&str, &str)> = ReportKind::ALL.iter().map(|k| (k.code(), k.label())).collect();
    let path = public_path(l);
    page(
        &form.title(&title),
        &[Crumb {
            text: &l.name,
            href: &path,
        }],
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "We pass this on to the people who run it, and an editor checks it." }
            form method="post" action={ (path) "/report" } novalidate {
                (token.field())
                (form.radios("kind", "What is wrong?", None, &kinds))
                (form.textarea("details", "Tell us more", Some("What has changed, or what is wrong. Needed if you chose \"Something else\"")))
                (form.input(Field::new("reporter_email", "Your email address (optional)").hint("Only if you would like a reply. We do not use it for anything else").kind("email", "email")))
                button class="kith-button" type="submit" { "Send report" }
            }
        },
    )
}

async fn published(state: &AppState, segment: &str, slug: String) -> Result<Listing, WebError> {
    let kind = kind_from_segment(segment).ok_or(WebError::NotFound)?;
    Ok(state.read(move |c| find_public(c, kind, &slug, now())).await?.listing)
}

/// `GET /{kind}/{slug}/report`
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (segment, slug) = path.into_inner();
    let l = published(&state, &segment, slug).await?;
    let token = Token::for_request(&req);
    Ok(private(report_page(&l, &Form::new(), &token), &token, &req))
}

/// `POST /{kind}/{slug}/report`
pub async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    path: web::Path<(String, String)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (segment, slug) = path.into_inner();
    let l = published(&state, &segment, slug).await?;
    let token = Token::for_request(&req);
    // Check every field first, so all the problems show at once.
    let report = ReportForm {
        kind: form.value("kind").to_owned(),
        details: form.value("details").to_owned(),
        reporter_email: form.value("reporter_email").to_owned(),
        reporter: viewer.map(|v| v.person.id),
    };
    if ReportKind::from_code(report.kind.trim()).is_none() {
        form.error("kind", "Choose what is wrong");
    }
    let details = report.details.trim();
    if report.kind == ReportKind::SomethingElse.code() && details.is_empty() {
        form.error("details", "Tell us what is wrong");
    } else if details.chars().count() > 2000 {
        form.error("details", "What is wrong must be 2,000 characters or fewer");
    }
    let email = report.reporter_email.trim();
    if !email.is_empty() && mail::EmailAddress::parse(email).is_err() {
        form.error(
            "reporter_email",
            "Enter an email address like name@example.org, or leave it empty",
        );
    }
    if !form.has_errors() {
        let (site, id) = (state.accounts.site.clone(), l.id);
        match write(&state, move |c| p::report_problem(c, &site, id, &report, now())).await? {
            Ok(_) => {
                let body = html! {
                    h1 class="kith-heading-l" { "Thank you" }
                    p class="kith-body" { "We have sent your report to the people who run " (l.name) ". An editor will also look at it." }
                    p class="kith-body" { a href=(public_path(&l)) { "Go back to " (l.name) } }
                };
                return Ok(private(page("Thank you", &[], body), &token, &req));
            }
            Err(refusal) => refusal.onto(&mut form, same_name),
        }
    }
    Ok(private_with_status(
        StatusCode::BAD_REQUEST,
        report_page(&l, &form, &token),
        &token,
        &req,
    ))
}

/// `GET /still-correct/{token}`: the link in a freshness reminder. It asks
/// before confirming (one button), so a mail scanner that opens links does
/// not confirm a listing nobody has looked at.
pub async fn still_correct_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let token = Token::for_request(&req);
    let checked = {
        let raw = raw.clone();
        state
            .db(move |c| match p::fresh_link(c, &raw, now()) {
                Ok(l) => Ok(Ok(l)),
                Err(DirectoryError::Invalid { message, .. }) => Ok(Err(message)),
                Err(e) => Err(e),
            })
            .await?
    };
    Ok(match checked {
        Ok(l) => {
            let body = html! {
                h1 class="kith-heading-l" { "Is " (l.name) " still correct?" }
                p class="kith-body" { "Check " a href=(public_path(&l)) { "the listing" } ": when and where it happens, what it costs, and who to contact." }
                form method="post" action={ "/still-correct/" (raw) } {
                    (token.field())
                    button class="kith-button" type="submit" { "Yes, it is still correct" }
                }
                p class="kith-body" { "If something has changed, " a href="/organise" { "sign in to update the listing" } "." }
            };
            sensitive(
                StatusCode::OK,
                page("Is this listing still correct?", &[], body),
                &token,
                &req,
            )
        }
        Err(message) => sensitive(StatusCode::GONE, expired(&message), &token, &req),
    })
}

fn expired(message: &str) -> Markup {
    page(
        "This link has expired",
        &[],
        html! {
            h1 class="kith-heading-l" { "This link has expired" }
            p class="kith-body" { (message) "." }
            p class="kith-body" { a href="/organise" { "Go to your organisations" } }
        },
    )
}

/// `POST /still-correct/{token}`: confirms. Confirming twice is harmless.
pub async fn still_correct(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let raw = raw.into_inner();
    let token = Token::for_request(&req);
    let answer = write(&state, move |c| p::confirm_fresh(c, &raw, now())).await?;
    Ok(match answer {
        Ok(l) => {
            let body = html! {
                h1 class="kith-heading-l" { "Thank you" }
                p class="kith-body" { "You have confirmed that " (l.name) " is still correct. We will ask again in six months." }
                p class="kith-body" { "If something has changed, " a href="/organise" { "sign in to update the listing" } "." }
            };
            sensitive(StatusCode::OK, page("Thank you", &[], body), &token, &req)
        }
        Err(refusal) => sensitive(StatusCode::GONE, expired(&refusal.message), &token, &req),
    })
}
