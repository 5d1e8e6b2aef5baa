//! The three-month follow-up for the person, through the single-use link
//! the team emailed them: no account, no sign-in. The page asks the four
//! questions (one fieldset each, GOV.UK style), answering uses the link up,
//! and a link that does not work (used, replaced, expired or never sent)
//! gets one kind page that says nothing about whether it ever existed.
//!
//! Like the referral pages, it is `no-store` and says nothing about the
//! person: whoever holds the link sees only the questions.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::follow_up::LINK_LIFETIME;
use referral::ReferralError;

use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::page;
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::team::follow_up::{answers_of, questions, Asked};
use crate::state::{now, AppState};

const TITLE: &str = "How are things going?";

/// [`sensitive`], sending no `Referer` from the page: its address holds
/// the token, which must not reach even our own logs through a link
/// followed from it.
fn answer_page(status: StatusCode, markup: Markup, token: &Token, req: &HttpRequest) -> HttpResponse {
    let mut resp = sensitive(status, markup, token, req);
    resp.headers_mut().insert(
        actix_web::http::header::REFERRER_POLICY,
        actix_web::http::header::HeaderValue::from_static("no-referrer"),
    );
    resp
}

fn questions_page(raw: &str, form: &Form, token: &Token) -> Markup {
    page(
        &form.title(TITLE),
        &[],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { (TITLE) }
                p class="kith-body" {
                    "About three months ago you finished working with the connecting team. "
                    "These questions help us learn whether what you started has lasted, and make the service better."
                }
                p class="kith-body" { "You can choose \u{201c}I'd prefer not to say\u{201d} for any question." }
                form method="post" action={ "/follow-up/" (raw) } novalidate {
                    (token.field())
                    (questions(form, Asked::Themselves))
                    button class="kith-button" type="submit" { "Send my answers" }
                }
            } }
        },
    )
}

fn bad_link_page() -> Markup {
    page(
        "This link has expired",
        &[],
        html! {
            h1 class="kith-heading-l" { "This link has expired or has already been used" }
            p class="kith-body" {
                "Links in our emails work once, for " (LINK_LIFETIME.num_days()) " days. "
                "If you would still like to tell us how things are going, please get in touch with the connecting team."
            }
            p class="kith-body" { a class="kith-link" href="/get-help" { "How to contact the team" } }
        },
    )
}

fn thanks_page() -> Markup {
    page(
        "Thank you",
        &[],
        html! {
            h1 class="kith-heading-xl" { "Thank you" }
            p class="kith-body-l" { "We have your answers." }
            p class="kith-body" { "Thank you for telling us how things are going. They help us make the service better." }
            p class="kith-body" {
                "If you would like support again, you can "
                a class="kith-link" href="/get-help" { "get in touch with the connecting team" } "."
            }
            p class="kith-body" { a class="kith-link" href="/" { "Find groups and activities near you" } }
        },
    )
}

/// The kind page for a link that does not work, or the error passed on.
fn refused(req: &HttpRequest, token: &Token, e: ReferralError) -> Result<HttpResponse, WebError> {
    match e {
        ReferralError::Invalid { field: "link", .. } => {
            Ok(answer_page(StatusCode::BAD_REQUEST, bad_link_page(), token, req))
        }
        other => Err(other.into()),
    }
}

/// `GET /follow-up/{token}`: the questions, if the link works.
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let token = Token::for_request(&req);
    let link = raw.clone();
    match state
        .transact(move |c| referral::follow_up::check_link(c, &link, now()))
        .await?
    {
        Ok(()) => Ok(answer_page(
            StatusCode::OK,
            questions_page(&raw, &Form::new(), &token),
            &token,
            &req,
        )),
        Err(e) => refused(&req, &token, e),
    }
}

/// `POST /follow-up/{token}`: saves the answers and uses the link up, or
/// shows the questions again with every problem and what was chosen.
pub async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (raw, answers) = (raw.into_inner(), answers_of(&form));
    let link = raw.clone();
    match state
        .transact(move |c| referral::follow_up::answer_by_link(c, &link, &answers, now()))
        .await?
    {
        Ok(()) => Ok(answer_page(StatusCode::OK, thanks_page(), &token, &req)),
        Err(ReferralError::Form(errors)) => {
            for e in errors {
                form.error(e.field, e.message);
            }
            Ok(answer_page(
                StatusCode::BAD_REQUEST,
                questions_page(&raw, &form, &token),
                &token,
                &req,
            ))
        }
        Err(e) => refused(&req, &token, e),
    }
}
