//! Accounts: sign up, confirm, sign in (password or emailed link), sign out
//! (here or everywhere), reset a password, and the account pages: name,
//! email, password, professional status, download, delete.
//!
//! Every form is a plain POST with a CSRF token that works without
//! JavaScript; bad input comes back on the same form with an error summary
//! and messages by the fields, keeping what was typed (passwords excepted).
//! Pages that act on an emailed link show a button first, so a mail
//! scanner that opens links does not use them up.

use accounts::flows::{self, Origin};
use accounts::{AccountError, Action, ProfessionalStatus};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::auth::{self, Viewer};
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::workflow::see_other;
use crate::pages::{private, private_with_status};
use crate::state::{now, AppState};

pub type Fields = web::Form<Vec<(String, String)>>;

/// Who is asking, as the rate limits see them; owned, for closures.
#[derive(Clone)]
pub struct Client {
    address: String,
    user_agent: String,
}

impl Client {
    pub fn of(req: &HttpRequest) -> Client {
        Client {
            address: auth::client_address(req),
            user_agent: auth::user_agent(req),
        }
    }

    pub fn origin(&self) -> Origin<'_> {
        Origin {
            address: &self.address,
            user_agent: &self.user_agent,
        }
    }
}

/// Puts a journey's refusal on the form. Returns the status to answer with.
fn refuse(form: &mut Form, error: AccountError) -> Result<StatusCode, WebError> {
    use AccountError as A;
    let status = match &error {
        A::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::BAD_REQUEST,
    };
    match error {
        A::Invalid { field, message } => form.error(field, message),
        A::Throttled { .. } | A::WrongCredentials | A::Banned => form.error("email", error.to_string()),
        other => return Err(other.into()),
    }
    Ok(status)
}

/// Signs the browser in and goes on to `to`.
fn signed_in_redirect(state: &AppState, jwt: String, to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .cookie(auth::session_cookie(jwt, state.accounts.secure_cookies))
        .insert_header((header::LOCATION, to.to_owned()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

fn back(href: &str) -> Markup {
    html! { a class="kith-back-link" href=(href) { "Back" } }
}

fn check_email(title: &str, email: &str, what: &str) -> Markup {
    page(
        title,
        &[],
        html! {
            h1 class="kith-heading-l" { "Check your email" }
            p class="kith-body" { "If " strong { (email) } " " (what) }
            p class="kith-body" { "The email may take a few minutes to arrive. Check your spam or junk folder if you cannot see it." }
            p class="kith-body" { a href="/sign-in" { "Back to sign in" } }
        },
    )
}

fn expired_link(what: &str, again: &str) -> Markup {
    page(
        "This link has expired",
        &[],
        html! {
            h1 class="kith-heading-l" { "This link has expired or has already been used" }
            p class="kith-body" { "Links in our emails work once, and only for a short time, to keep your account safe." }
            p class="kith-body" { a href=(again) { (what) } }
        },
    )
}

// ---------------------------------------------------------------------------
// Sign up and confirm

fn sign_up_page(form: &Form, token: &Token) -> Markup {
    page(
        &form.title("Create an account"),
        &[],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Create an account" }
                p class="kith-body" { "With an account you can list your group and its events, and keep in touch with groups you join." }
                p class="kith-body" { "You do not need an account to search, save a shortlist or ask the connecting team for help." }
                form method="post" action="/sign-up" novalidate {
                    (token.field())
                    (form.input(Field::new("display_name", "Your name").hint("The name other people will see. It does not have to be your full name.").kind("text", "name").width(20)))
                    (form.input(Field::new("email", "Email address").hint("We will send you a link to confirm it").kind("email", "email")))
                    p class="kith-body" {
                        "We keep your name and email address to run your account, and nothing else unless you add it. "
                        "You can download everything we hold about you, or delete your account, at any time."
                    }
                    button class="kith-button" type="submit" { "Continue" }
                }
                p class="kith-body" { "Already have an account? " a href="/sign-in" { "Sign in" } }
            } }
        },
    )
}

pub async fn sign_up_form(req: HttpRequest) -> HttpResponse {
    let token = Token::for_request(&req);
    private(sign_up_page(&Form::new(), &token), &token, &req)
}

pub async fn sign_up(req: HttpRequest, state: web::Data<AppState>, fields: Fields) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    // Check every field first, so all the problems show at once.
    if let Err(e) = accounts::person::check_display_name(form.value("display_name")) {
        refuse(&mut form, e)?;
    }
    if let Err(e) = accounts::person::normalise_email(form.value("email")) {
        refuse(&mut form, e)?;
    }
    let mut status = StatusCode::BAD_REQUEST;
    if !form.has_errors() {
        let (site, client, t) = (state.accounts.site.clone(), Client::of(&req), now());
        let (email, name) = (form.value("email").to_owned(), form.value("display_name").to_owned());
        match state
            .accounts(move |c| flows::sign_up(c, &site, &email, &name, client.origin(), t))
            .await?
        {
            Ok(email) => {
                return Ok(private(
                    check_email("Check your email", &email, "is a new address, we have sent it a link to confirm it and finish creating your account. If it already has an account, we have sent it a link to sign in."),
                    &token,
                    &req,
                ))
            }
            Err(e) => status = refuse(&mut form, e)?,
        }
    }
    Ok(private_with_status(status, sign_up_page(&form, &token), &token, &req))
}

fn confirm_page(title: &str, action: &str, button: &str, token: &Token) -> Markup {
    page(
        title,
        &[],
        html! {
            h1 class="kith-heading-l" { (title) }
            form method="post" action=(action) {
                (token.field())
                button class="kith-button" type="submit" { (button) }
            }
        },
    )
}

/// Shows the button for an emailed link, or says the link no longer works.
async fn link_page(
    req: &HttpRequest,
    state: &AppState,
    raw: String,
    purpose: accounts::token::Purpose,
    confirm: (&str, &str, &str),
    again: (&str, &str),
) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(req);
    let t = now();
    let checked = state
        .accounts({
            let raw = raw.clone();
            move |c| accounts::token::peek(c, &raw, purpose, t)
        })
        .await?;
    Ok(match checked {
        Ok(_) => private(confirm_page(confirm.0, confirm.1, confirm.2, &token), &token, req),
        Err(AccountError::BadToken) => {
            private_with_status(StatusCode::GONE, expired_link(again.0, again.1), &token, req)
        }
        Err(e) => return Err(e.into()),
    })
}

pub async fn verify_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/verify/{raw}");
    link_page(
        &req,
        &state,
        raw,
        accounts::token::Purpose::VerifyEmail,
        ("Confirm your email address", &action, "Confirm and sign in"),
        ("Create an account again", "/sign-up"),
    )
    .await
}

/// Uses an emailed link: shows the expired page when it no longer works.
async fn use_link<F>(
    req: &HttpRequest,
    state: &AppState,
    again: (&str, &str),
    work: F,
) -> Result<Result<String, HttpResponse>, WebError>
where
    F: Fn(
            &mut store::AnyConnection,
            Origin<'_>,
        ) -> Result<(accounts::Person, accounts::session::Session, String), AccountError>
        + Send
        + 'static,
{
    let client = Client::of(req);
    match state.accounts(move |c| work(c, client.origin())).await? {
        Ok((_, _, jwt)) => Ok(Ok(jwt)),
        Err(AccountError::BadToken) => {
            let token = Token::for_request(req);
            Ok(Err(private_with_status(
                StatusCode::GONE,
                expired_link(again.0, again.1),
                &token,
                req,
            )))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let (keys, t, raw) = (state.accounts.keys.clone(), now(), raw.into_inner());
    Ok(
        match use_link(&req, &state, ("Create an account again", "/sign-up"), move |c, o| {
            flows::verify_email(c, &keys, &raw, o, t)
        })
        .await?
        {
            Ok(jwt) => signed_in_redirect(&state, jwt, "/account/password?welcome=1"),
            Err(page) => page,
        },
    )
}

// ---------------------------------------------------------------------------
// Sign in and out

fn sign_in_page(form: &Form, token: &Token) -> Markup {
    let next = auth::safe_next(form.get("next"));
    page(
        &form.title("Sign in"),
        &[],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Sign in" }
                form method="post" action="/sign-in" novalidate {
                    (token.field())
                    input type="hidden" name="next" value=(next);
                    (form.input(Field::new("email", "Email address").kind("email", "username")))
                    (form.input(Field::new("password", "Password").kind("password", "current-password").width(20)))
                    button class="kith-button" type="submit" { "Sign in" }
                }
                ul class="kith-list" {
                    li { a href="/sign-in/link" { "Email me a link to sign in instead" } }
                    li { a href="/reset-password" { "I have forgotten my password" } }
                    li { a href="/sign-up" { "Create an account" } }
                }
            } }
        },
    )
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn sign_in_form(req: HttpRequest, query: web::Query<NextQuery>) -> HttpResponse {
    let token = Token::for_request(&req);
    let form = Form::new().with("next", &auth::safe_next(query.next.as_deref()));
    private(sign_in_page(&form, &token), &token, &req)
}

pub async fn sign_in(req: HttpRequest, state: web::Data<AppState>, fields: Fields) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let client = Client::of(&req);
    if form.value("email").trim().is_empty() {
        form.error("email", "Enter your email address");
    }
    if form.value("password").is_empty() {
        form.error("password", "Enter your password");
    }
    let mut status = StatusCode::BAD_REQUEST;
    if !form.has_errors() {
        let (email, t, c) = (form.value("email").to_owned(), now(), client.clone());
        match state
            .accounts(move |conn| flows::sign_in_begin(conn, &email, c.origin(), t))
            .await?
        {
            Err(e) => status = refuse(&mut form, e)?,
            Ok((email, person)) => {
                let stored = person.as_ref().and_then(|p| p.password_hash.clone());
                let matched = state.hasher.verify(form.value("password"), stored).await?;
                let (keys, t) = (state.accounts.keys.clone(), now());
                match state
                    .accounts(move |conn| {
                        flows::sign_in_finish(conn, &keys, &email, person.as_ref(), matched, client.origin(), t)
                    })
                    .await?
                {
                    Ok((_, jwt)) => return Ok(signed_in_redirect(&state, jwt, &auth::safe_next(form.get("next")))),
                    Err(e) => status = refuse(&mut form, e)?,
                }
            }
        }
    }
    Ok(private_with_status(status, sign_in_page(&form, &token), &token, &req))
}

/// A page that asks for an email address and sends a link to it: the
/// sign-in link and the password reset are the same journey with other words.
struct LinkRequest {
    title: &'static str,
    intro: &'static str,
    action: &'static str,
    /// What the "check your email" page says after "If {email} …".
    sent: &'static str,
    /// The journey: queue the email (or, for an unknown address, nothing).
    send: fn(
        &mut store::AnyConnection,
        &mail::Site,
        &str,
        Origin<'_>,
        chrono::NaiveDateTime,
    ) -> Result<String, AccountError>,
}

const SIGN_IN_LINK: LinkRequest = LinkRequest {
    title: "Sign in with an emailed link",
    intro: "We will email you a link. Open it on this device to sign in, with no password needed.",
    action: "/sign-in/link",
    sent: "has an account, we have sent it a link to sign in. The link works once, for 30 minutes.",
    send: flows::request_sign_in_link,
};

const PASSWORD_RESET: LinkRequest = LinkRequest {
    title: "Reset your password",
    intro: "Enter the email address of your account and we will send you a link to choose a new password.",
    action: "/reset-password",
    sent: "has an account, we have sent it a link to choose a new password. The link works once, for 1 hour.",
    send: flows::request_password_reset,
};

fn link_request_page(what: &LinkRequest, form: &Form, token: &Token) -> Markup {
    page(
        &form.title(what.title),
        &[],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (back("/sign-in"))
                (form.summary())
                h1 class="kith-heading-l" { (what.title) }
                p class="kith-body" { (what.intro) }
                form method="post" action=(what.action) novalidate {
                    (token.field())
                    (form.input(Field::new("email", "Email address").kind("email", "email")))
                    button class="kith-button" type="submit" { "Send me a link" }
                }
            } }
        },
    )
}

fn link_request_form(what: &LinkRequest, req: &HttpRequest) -> HttpResponse {
    let token = Token::for_request(req);
    private(link_request_page(what, &Form::new(), &token), &token, req)
}

async fn link_request(
    what: &'static LinkRequest,
    req: HttpRequest,
    state: web::Data<AppState>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (site, client, t, email) = (
        state.accounts.site.clone(),
        Client::of(&req),
        now(),
        form.value("email").to_owned(),
    );
    let status = match state
        .accounts(move |c| (what.send)(c, &site, &email, client.origin(), t))
        .await?
    {
        Ok(email) => {
            return Ok(private(
                check_email("Check your email", &email, what.sent),
                &token,
                &req,
            ))
        }
        Err(e) => refuse(&mut form, e)?,
    };
    Ok(private_with_status(
        status,
        link_request_page(what, &form, &token),
        &token,
        &req,
    ))
}

pub async fn sign_in_link_form(req: HttpRequest) -> HttpResponse {
    link_request_form(&SIGN_IN_LINK, &req)
}

pub async fn sign_in_link_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    link_request(&SIGN_IN_LINK, req, state, fields).await
}

pub async fn reset_request_form(req: HttpRequest) -> HttpResponse {
    link_request_form(&PASSWORD_RESET, &req)
}

pub async fn reset_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    link_request(&PASSWORD_RESET, req, state, fields).await
}

pub async fn link_page_for_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/sign-in/link/{raw}");
    link_page(
        &req,
        &state,
        raw,
        accounts::token::Purpose::SignIn,
        ("Sign in", &action, "Sign in"),
        ("Send a new sign-in link", "/sign-in/link"),
    )
    .await
}

pub async fn link_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let (keys, t, raw) = (state.accounts.keys.clone(), now(), raw.into_inner());
    Ok(
        match use_link(
            &req,
            &state,
            ("Send a new sign-in link", "/sign-in/link"),
            move |c, o| flows::sign_in_with_link(c, &keys, &raw, o, t),
        )
        .await?
        {
            Ok(jwt) => signed_in_redirect(&state, jwt, "/account"),
            Err(page) => page,
        },
    )
}

fn signed_out(everywhere: bool, secure: bool) -> HttpResponse {
    let body = page(
        "You have signed out",
        &[],
        html! {
            h1 class="kith-heading-l" { "You have signed out" }
            @if everywhere {
                p class="kith-body" { "You have been signed out on every device and browser you were signed in on." }
            }
            p class="kith-body" { a href="/sign-in" { "Sign in again" } }
            p class="kith-body" { a href="/" { "Go to the home page" } }
        },
    );
    HttpResponse::Ok()
        .cookie(auth::cleared_cookie(secure))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    if let Some(v) = viewer {
        let t = now();
        state
            .accounts(move |c| accounts::session::revoke(c, &v.session_id, t))
            .await??;
    }
    Ok(signed_out(false, state.accounts.secure_cookies))
}

pub async fn sign_out_everywhere(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let t = now();
    state
        .accounts(move |c| accounts::session::revoke_all(c, viewer.person.id, t))
        .await??;
    Ok(signed_out(true, state.accounts.secure_cookies))
}

// ---------------------------------------------------------------------------
// Password reset

fn new_password_fields(form: &Form) -> Markup {
    html! {
        (form.input(Field::new("password", "New password").hint("At least 8 characters. A good way to make a strong password is to use three random words.").kind("password", "new-password").width(20)))
        (form.input(Field::new("confirm", "Type the new password again").kind("password", "new-password").width(20)))
    }
}

/// Checks a new password and its confirmation; returns it when both are good.
fn read_new_password(form: &mut Form) -> Option<String> {
    let password = form.value("password").to_owned();
    if let Err(AccountError::Invalid { field, message }) = accounts::password::check_new(&password) {
        form.error(field, message);
        return None;
    }
    if form.value("confirm") != password {
        form.error("confirm", "The passwords do not match");
        return None;
    }
    Some(password)
}

fn reset_page(form: &Form, token: &Token, raw: &str) -> Markup {
    page(
        &form.title("Choose a new password"),
        &[],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Choose a new password" }
                form method="post" action={ "/reset-password/" (raw) } novalidate {
                    (token.field())
                    (new_password_fields(form))
                    button class="kith-button" type="submit" { "Save password and sign in" }
                }
            } }
        },
    )
}

pub async fn reset_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let token = Token::for_request(&req);
    let t = now();
    let checked = state
        .accounts({
            let raw = raw.clone();
            move |c| accounts::token::peek(c, &raw, accounts::token::Purpose::ResetPassword, t)
        })
        .await?;
    Ok(match checked {
        Ok(_) => private(reset_page(&Form::new(), &token, &raw), &token, &req),
        Err(AccountError::BadToken) => private_with_status(
            StatusCode::GONE,
            expired_link("Send a new reset link", "/reset-password"),
            &token,
            &req,
        ),
        Err(e) => return Err(e.into()),
    })
}

pub async fn reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let raw = raw.into_inner();
    let Some(password) = read_new_password(&mut form) else {
        return Ok(private_with_status(
            StatusCode::BAD_REQUEST,
            reset_page(&form, &token, &raw),
            &token,
            &req,
        ));
    };
    let hash = state.hasher.hash(&password).await?;
    let (site, keys, t) = (state.accounts.site.clone(), state.accounts.keys.clone(), now());
    Ok(
        match use_link(
            &req,
            &state,
            ("Send a new reset link", "/reset-password"),
            move |c, o| flows::reset_password(c, &site, &keys, &raw, &hash, o, t),
        )
        .await?
        {
            Ok(jwt) => signed_in_redirect(&state, jwt, "/account?password=changed"),
            Err(page) => page,
        },
    )
}

// ---------------------------------------------------------------------------
// The account pages

fn crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Your account",
        href: "/account",
    }]
}

fn row(key: &str, value: Markup, change: Option<(&str, &str)>) -> Markup {
    html! {
        div class="kith-summary-list__row" {
            dt class="kith-summary-list__key" { (key) }
            dd class="kith-summary-list__value" { (value) }
            @if let Some((href, what)) = change {
                dd class="kith-summary-list__actions" { a href=(href) { "Change" span class="kith-visually-hidden" { " " (what) } } }
            }
        }
    }
}

#[derive(serde::Deserialize)]
pub struct AccountQuery {
    password: Option<String>,
    done: Option<String>,
}

pub async fn overview(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(&req);
    let (id, t) = (viewer.person.id, now());
    let sessions = state.accounts(move |c| accounts::session::active(c, id, t)).await??;
    let p = &viewer.person;
    let notice = match (query.password.as_deref(), query.done.as_deref()) {
        (Some("changed"), _) => {
            Some("Your password has been changed. Any other browsers you were signed in on have been signed out.")
        }
        (_, Some("name")) => Some("Your name has been changed."),
        (_, Some("email")) => Some("Your email address has been changed."),
        (_, Some("professional")) => Some("Thank you. We have your details."),
        _ => None,
    };
    let roles: Vec<&str> = viewer.actor.roles.iter().map(|r| r.label()).collect();
    let body = html! {
        @if let Some(n) = notice {
            div class="kith-inset-text" role="status" { p class="kith-body" { (n) } }
        }
        h1 class="kith-heading-l" { "Your account" }
        dl class="kith-summary-list" {
            (row("Name", html! { (p.display_name) }, Some(("/account/name", "name"))))
            (row("Email address", html! { (p.email) }, Some(("/account/email", "email address"))))
            (row("Password", html! { @if p.has_password() { "Set" } @else { "Not set: you sign in with emailed links" } }, Some(("/account/password", "password"))))
            (row("Roles", html! { @if roles.is_empty() { "Member" } @else { "Member, " (roles.join(", ")) } }, None))
            (row("Professional", html! {
                @match p.professional() {
                    ProfessionalStatus::None => { a href="/account/professional" { "I work with people who could use Kith" } }
                    ProfessionalStatus::Pending => { "Waiting for confirmation (" (p.job_title) ", " (p.work_organisation) ")" }
                    ProfessionalStatus::Confirmed => { "Confirmed (" (p.job_title) ", " (p.work_organisation) ")" }
                    ProfessionalStatus::Refused => { "Not confirmed" }
                }
            }, None))
        }
        @if viewer.may(Action::ReferralQueue) || viewer.may(Action::ViewReports) {
            h2 class="kith-heading-m" { "The connecting team" }
            ul class="kith-list" {
                @if viewer.may(Action::ReferralQueue) {
                    li { a href="/team/referrals" { "Referrals waiting" } }
                }
                @if viewer.may(Action::ViewReports) {
                    li { a href="/team/reports" { "Impact report" } }
                }
            }
        }
        h2 class="kith-heading-m" { "Your profile and messages" }
        ul class="kith-list" {
            li { a href="/account/profile" { "Your profile" } ": your name, interests and borough, who can see them, and who can message you" }
            li { a href="/messages" { "Messages" } }
            li { a href="/account/blocked" { "People you have blocked" } }
        }
        h2 class="kith-heading-m" { "Emails" }
        p class="kith-body" { a href="/account/notifications" { "Email notifications" } ": replies, new events in your groups, reminders the day before events and a weekly email of what is new" }
        @if viewer.may(Action::ManagePeople) {
            h2 class="kith-heading-m" { "Running Kith" }
            ul class="kith-list" {
                li { a href="/admin/people" { "People and roles" } }
                li { a href="/admin/professionals" { "Professionals waiting for confirmation" } }
            }
        }
        h2 class="kith-heading-m" { "Where you are signed in" }
        table class="kith-table" {
            thead { tr { th scope="col" { "Browser" } th scope="col" { "Signed in" } th scope="col" { "Last used" } } }
            tbody {
                @for s in &sessions {
                    tr {
                        td { (if s.user_agent.is_empty() { "Unknown browser" } else { &s.user_agent }) @if s.id == viewer.session_id { " (this one)" } }
                        td { (long_date_time(s.created_at)) }
                        td { (long_date_time(s.last_seen_at)) }
                    }
                }
            }
        }
        form method="post" action="/sign-out-everywhere" {
            (token.field())
            button class="kith-button kith-button--secondary" type="submit" { "Sign out everywhere" }
        }
        h2 class="kith-heading-m" { "Your information" }
        ul class="kith-list" {
            li { a href="/account/export" download="kith-my-data.json" { "Download everything we hold about you" } " (a JSON file)" }
            li { a href="/account/delete" { "Delete your account" } }
        }
        form method="post" action="/sign-out" {
            (token.field())
            button class="kith-button kith-button--secondary" type="submit" { "Sign out" }
        }
    };
    Ok(private(page("Your account", &[], body), &token, &req))
}

fn name_page(form: &Form, token: &Token) -> Markup {
    page(
        &form.title("Change your name"),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Change your name" }
                form method="post" action="/account/name" novalidate {
                    (token.field())
                    (form.input(Field::new("display_name", "Your name").hint("The name other people will see").kind("text", "name").width(20)))
                    button class="kith-button" type="submit" { "Save" }
                }
            } }
        },
    )
}

pub async fn name_form(req: HttpRequest, viewer: Viewer) -> HttpResponse {
    let token = Token::for_request(&req);
    private(
        name_page(&Form::new().with("display_name", &viewer.person.display_name), &token),
        &token,
        &req,
    )
}

pub async fn change_name(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    match accounts::person::check_display_name(form.value("display_name")) {
        Ok(name) => {
            let (id, t) = (viewer.person.id, now());
            state
                .accounts(move |c| accounts::person::set_display_name(c, id, &name, t))
                .await??;
            Ok(see_other("/account?done=name"))
        }
        Err(e) => {
            let status = refuse(&mut form, e)?;
            Ok(private_with_status(status, name_page(&form, &token), &token, &req))
        }
    }
}

fn password_page(form: &Form, token: &Token, has_password: bool, welcome: bool) -> Markup {
    let title = if has_password {
        "Change your password"
    } else {
        "Choose a password"
    };
    page(
        &form.title(title),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                @if welcome {
                    div class="kith-inset-text" role="status" { p class="kith-body" { "Your email address is confirmed and you are signed in." } }
                }
                h1 class="kith-heading-l" { (title) }
                @if !has_password {
                    p class="kith-body" { "A password is optional. Without one, you sign in with a link we email you each time." }
                }
                form method="post" action="/account/password" novalidate {
                    (token.field())
                    @if has_password {
                        (form.input(Field::new("current", "Current password").kind("password", "current-password").width(20)))
                    }
                    (new_password_fields(form))
                    button class="kith-button" type="submit" { "Save password" }
                }
                @if welcome {
                    p class="kith-body" { a href="/account" { "Skip: I will sign in with emailed links" } }
                }
            } }
        },
    )
}

#[derive(serde::Deserialize)]
pub struct WelcomeQuery {
    welcome: Option<String>,
}

pub async fn password_form(req: HttpRequest, viewer: Viewer, query: web::Query<WelcomeQuery>) -> HttpResponse {
    let token = Token::for_request(&req);
    let markup = password_page(
        &Form::new(),
        &token,
        viewer.person.has_password(),
        query.welcome.is_some(),
    );
    private(markup, &token, &req)
}

pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let has_password = viewer.person.has_password();
    let new = read_new_password(&mut form);
    if has_password && form.value("current").is_empty() {
        form.error("current", "Enter your current password");
    }
    if let (Some(new), false) = (new, form.has_errors()) {
        if !has_password
            || state
                .hasher
                .verify(form.value("current"), viewer.person.password_hash.clone())
                .await?
        {
            let hash = state.hasher.hash(&new).await?;
            let (site, id, sid, t) = (
                state.accounts.site.clone(),
                viewer.person.id,
                viewer.session_id.clone(),
                now(),
            );
            state
                .accounts(move |c| flows::change_password(c, &site, id, &sid, &hash, t))
                .await??;
            return Ok(see_other("/account?password=changed"));
        }
        form.error("current", "Your current password is not right");
    }
    Ok(private_with_status(
        StatusCode::BAD_REQUEST,
        password_page(&form, &token, has_password, false),
        &token,
        &req,
    ))
}

fn email_page(form: &Form, token: &Token, current: &str) -> Markup {
    page(
        &form.title("Change your email address"),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Change your email address" }
                p class="kith-body" { "Your email address is " strong { (current) } "." }
                form method="post" action="/account/email" novalidate {
                    (token.field())
                    (form.input(Field::new("email", "New email address").hint("We will send a link to it. Nothing changes until you open that link.").kind("email", "email")))
                    button class="kith-button" type="submit" { "Send the link" }
                }
            } }
        },
    )
}

pub async fn email_form(req: HttpRequest, viewer: Viewer) -> HttpResponse {
    let token = Token::for_request(&req);
    private(email_page(&Form::new(), &token, &viewer.person.email), &token, &req)
}

pub async fn change_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (site, client, id, t, email) = (
        state.accounts.site.clone(),
        Client::of(&req),
        viewer.person.id,
        now(),
        form.value("email").to_owned(),
    );
    let status = match state
        .accounts(move |c| flows::request_email_change(c, &site, id, &email, client.origin(), t))
        .await?
    {
        Ok(email) => {
            return Ok(private(
                check_email("Check your email", &email, "is right, a link to confirm it is on its way. Your account keeps its old address until you open the link."),
                &token,
                &req,
            ))
        }
        Err(e) => refuse(&mut form, e)?,
    };
    Ok(private_with_status(
        status,
        email_page(&form, &token, &viewer.person.email),
        &token,
        &req,
    ))
}

pub async fn confirm_email_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/account/email/confirm/{raw}");
    link_page(
        &req,
        &state,
        raw,
        accounts::token::Purpose::ChangeEmail,
        ("Confirm your new email address", &action, "Use this email address"),
        ("Ask for a new link", "/account/email"),
    )
    .await
}

pub async fn confirm_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (raw, t) = (raw.into_inner(), now());
    match state.accounts(move |c| flows::confirm_email_change(c, &raw, t)).await? {
        Ok(_) => Ok(see_other("/account?done=email")),
        Err(AccountError::BadToken) => Ok(private_with_status(
            StatusCode::GONE,
            expired_link("Ask for a new link", "/account/email"),
            &token,
            &req,
        )),
        Err(e) => {
            let mut form = Form::new();
            let status = refuse(&mut form, e)?;
            Ok(private_with_status(status, email_page(&form, &token, ""), &token, &req))
        }
    }
}

fn professional_page(form: &Form, token: &Token) -> Markup {
    page(
        &form.title("Tell us about your work"),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { "Tell us about your work" }
                p class="kith-body" {
                    "Professionals — GPs, social workers, occupational therapists, charity staff — can refer people to the connecting team and hear back what happened. "
                    "If your account uses a work email address we recognise, such as one ending nhs.net, you are confirmed at once. Otherwise someone from the team checks first."
                }
                form method="post" action="/account/professional" novalidate {
                    (token.field())
                    (form.input(Field::new("job_title", "Job title").kind("text", "organization-title").width(20)))
                    (form.input(Field::new("work_organisation", "Organisation you work for").kind("text", "organization")))
                    button class="kith-button" type="submit" { "Continue" }
                }
            } }
        },
    )
}

pub async fn professional_form(req: HttpRequest, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::RequestProfessional)?;
    let token = Token::for_request(&req);
    let form = Form::new()
        .with("job_title", &viewer.person.job_title)
        .with("work_organisation", &viewer.person.work_organisation);
    Ok(private(professional_page(&form, &token), &token, &req))
}

pub async fn request_professional(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::RequestProfessional)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (id, t, domains) = (viewer.person.id, now(), state.accounts.professional_domains.clone());
    let (title, org) = (
        form.value("job_title").to_owned(),
        form.value("work_organisation").to_owned(),
    );
    match state
        .accounts(move |c| flows::request_professional(c, id, &title, &org, &domains, t))
        .await?
    {
        Ok(_) => Ok(see_other("/account?done=professional")),
        Err(e) => {
            let status = refuse(&mut form, e)?;
            Ok(private_with_status(
                status,
                professional_page(&form, &token),
                &token,
                &req,
            ))
        }
    }
}

pub async fn export(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    let (id, t) = (viewer.person.id, now());
    let (mut data, community, posts) = state
        .transact(move |c| {
            let account = flows::export(c, id, t)?;
            let posts = community::settings::written_posts(c, id)?;
            Ok::<_, community::CommunityError>((account, community::export(c, id)?, posts))
        })
        .await??;
    data["community"] = serde_json::to_value(&community).map_err(|e| WebError::internal(&e))?;
    let posts: Vec<serde_json::Value> = posts
        .into_iter()
        .map(|p| {
            serde_json::json!({
                "group": p.group,
                "thread": p.thread,
                "body": p.body,
                "written_at": p.written_at,
                "edited_at": p.edited_at,
                "hidden_by_organisers": p.hidden,
            })
        })
        .collect();
    if let Some(map) = data.as_object_mut() {
        map.insert("discussion_posts".into(), serde_json::Value::Array(posts));
    }
    let body = serde_json::to_string_pretty(&data).map_err(|e| WebError::internal(&e))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kith-my-data.json\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

fn delete_page(token: &Token) -> Markup {
    page(
        "Delete your account",
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                h1 class="kith-heading-l" { "Delete your account" }
                p class="kith-body" { "If you delete your account:" }
                ul class="kith-list kith-list--bullet" {
                    li { "your name, email address and password are deleted, and you are signed out everywhere" }
                    li { "anything you wrote in public stays, shown as written by a former member" }
                    li { "you stop being an organiser of any group or organisation" }
                }
                p class="kith-body" { "This cannot be undone. You can " a href="/account/export" { "download your information" } " first." }
                form method="post" action="/account/delete" {
                    (token.field())
                    button class="kith-button kith-button--warning" type="submit" { "Delete my account" }
                }
                p class="kith-body" { a href="/account" { "No, keep my account" } }
            } }
        },
    )
}

pub async fn delete_form(req: HttpRequest, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    let token = Token::for_request(&req);
    Ok(private(delete_page(&token), &token, &req))
}

pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    Form::submitted(&req, fields.into_inner())?;
    let (site, id, t) = (state.accounts.site.clone(), viewer.person.id, now());
    // Places and memberships go in the same transaction, so a deleted
    // account never holds a place someone waiting could have.
    state
        .transact(move |c| {
            community::forget(c, &site, id, t)?;
            Ok::<_, community::CommunityError>(flows::delete_account(c, &site, id, t)?)
        })
        .await??;
    let body = page(
        "Your account has been deleted",
        &[],
        html! {
            h1 class="kith-heading-l" { "Your account has been deleted" }
            p class="kith-body" { "We have sent a last email to confirm it. You are welcome back at any time." }
            p class="kith-body" { a href="/" { "Go to the home page" } }
        },
    );
    Ok(HttpResponse::Ok()
        .cookie(auth::cleared_cookie(state.accounts.secure_cookies))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/html; charset=utf-8")
        .body(body.into_string()))
}
