//! Admin pages: people and their roles, and professionals waiting to be
//! confirmed. Every look at someone's account is written to the audit log.

use accounts::{flows, Action, Role};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::{long_date_time, pagination};
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::private;
use crate::state::{now, AppState};

const PER_PAGE: i64 = 50;

fn crumbs() -> [Crumb<'static>; 2] {
    [
        Crumb {
            text: "Your account",
            href: "/account",
        },
        Crumb {
            text: "People and roles",
            href: "/admin/people",
        },
    ]
}

#[derive(serde::Deserialize)]
pub struct PeopleQuery {
    q: Option<String>,
    page: Option<String>,
}

pub async fn people(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<PeopleQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManagePeople)?;
    let token = Token::for_request(&req);
    let q = query
        .q
        .clone()
        .unwrap_or_default()
        .chars()
        .take(100)
        .collect::<String>();
    let page_no = match query.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| WebError::BadRequest("The page number must be a whole number, 1 or more.".into()))?,
    };
    let search = q.clone();
    let (rows, total) = state
        .accounts(move |c| accounts::person::search(c, &search, PER_PAGE, (page_no - 1) * PER_PAGE))
        .await??;
    let listing = directory::Page {
        items: rows,
        total,
        page: page_no,
        per_page: PER_PAGE,
    };
    let base = format!(
        "/admin/people?{}&",
        serde_urlencoded::to_string([("q", q.as_str())]).unwrap_or_default()
    );
    let body = html! {
        h1 class="kith-heading-l" { "People and roles" }
        form method="get" action="/admin/people" role="search" {
            div class="kith-form-group" {
                label class="kith-label" for="q" { "Find a person by name or email" }
                input class="kith-input kith-input--width-20" id="q" name="q" type="search" value=(q);
            }
            button class="kith-button kith-button--secondary" type="submit" { "Search" }
        }
        p class="kith-body" { (total) @if total == 1 { " person" } @else { " people" } }
        @if listing.items.is_empty() {
            p class="kith-body" { "Nobody matches. Try part of a name or an email address." }
        } @else {
            table class="kith-table" {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Joined" } } }
                tbody {
                    @for p in &listing.items {
                        tr {
                            td { a href={ "/admin/people/" (p.id) } { (p.display_name) } }
                            td { (p.email) @if !p.is_verified() { " (not confirmed)" } }
                            td { (long_date_time(p.created_at)) }
                        }
                    }
                }
            }
        }
        (pagination(&listing, &base))
    };
    Ok(private(page("People and roles", &crumbs()[..1], body), &token, &req))
}

fn person_page(
    p: &accounts::Person,
    roles: accounts::Roles,
    log: &[accounts::audit::AuditEntry],
    token: &Token,
    form: &Form,
) -> Markup {
    html! {
        (form.summary())
        h1 class="kith-heading-l" { (p.display_name) }
        dl class="kith-summary-list" {
            div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Email" } dd class="kith-summary-list__value" { (p.email) @if !p.is_verified() { " (not confirmed)" } } }
            div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Joined" } dd class="kith-summary-list__value" { (long_date_time(p.created_at)) } }
            @if !p.job_title.is_empty() {
                div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Work" } dd class="kith-summary-list__value" { (p.job_title) ", " (p.work_organisation) } }
            }
        }
        h2 class="kith-heading-m" { "Roles" }
        p class="kith-body" { "Changes take effect on the person's next click." }
        table class="kith-table" {
            thead { tr { th scope="col" { "Role" } th scope="col" { "Held" } th scope="col" { span class="kith-visually-hidden" { "Change" } } } }
            tbody {
                @for role in Role::ALL {
                    tr {
                        td { (role.label()) }
                        td { @if roles.has(role) { "Yes" } @else { "No" } }
                        td {
                            form method="post" action={ "/admin/people/" (p.id) "/roles" } {
                                (token.field())
                                input type="hidden" name="role" value=(role.code());
                                @if roles.has(role) {
                                    input type="hidden" name="grant" value="no";
                                    button class="kith-button kith-button--secondary" type="submit" { "Remove" span class="kith-visually-hidden" { " " (role.label()) } }
                                } @else {
                                    input type="hidden" name="grant" value="yes";
                                    button class="kith-button kith-button--secondary" type="submit" { "Grant" span class="kith-visually-hidden" { " " (role.label()) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 class="kith-heading-m" { "Audit log" }
        @if log.is_empty() {
            p class="kith-body" { "Nothing recorded yet." }
        } @else {
            table class="kith-table" {
                thead { tr { th scope="col" { "When" } th scope="col" { "What" } th scope="col" { "By (person id)" } } }
                tbody {
                    @for e in log {
                        tr { td { (long_date_time(e.at)) } td { (e.action) } td { (e.actor_id.map(|a| a.to_string()).unwrap_or_default()) } }
                    }
                }
            }
        }
    }
}

/// One person's account. Reading it is recorded in the audit log, in the
/// same transaction as the read.
async fn show_person(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(req);
    let (admin, t) = (viewer.person.id, now());
    let (p, roles, log) = state
        .accounts(move |c| {
            let p = accounts::person::get(c, id)?;
            accounts::audit::record(
                c,
                &accounts::audit::Entry {
                    actor_id: Some(admin),
                    action: "person.viewed",
                    subject: &format!("person:{id}"),
                    subject_person_id: Some(id),
                    reason: "",
                },
                t,
            )?;
            let roles = accounts::roles::roles_of(c, id)?;
            let log = accounts::audit::about(c, id, 50)?;
            Ok((p, roles, log))
        })
        .await??;
    let status = form.status();
    let body = person_page(&p, roles, &log, &token, &form);
    Ok(crate::pages::private_with_status(
        status,
        page(&form.title(&p.display_name), &crumbs(), body),
        &token,
        req,
    ))
}

fn parse_id(raw: &str) -> Result<i32, WebError> {
    raw.parse::<i32>().ok().filter(|i| *i > 0).ok_or(WebError::NotFound)
}

pub async fn person(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManagePeople)?;
    show_person(&req, &state, &viewer, parse_id(&id)?, Form::new()).await
}

pub async fn set_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManagePeople)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = parse_id(&id)?;
    let role = Role::from_code(form.value("role")).ok_or_else(|| WebError::BadRequest("Choose a role.".into()))?;
    let grant = form.value("grant") == "yes";
    let (admin, t) = (viewer.person.id, now());
    match state
        .accounts(move |c| flows::set_role(c, admin, id, role, grant, t))
        .await?
    {
        Ok(()) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/admin/people/{id}")))
            .finish()),
        Err(accounts::AccountError::Invalid { message, .. }) => {
            form.error("role", message);
            show_person(&req, &state, &viewer, id, form).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn professionals(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ConfirmProfessionals)?;
    let token = Token::for_request(&req);
    let waiting = state.accounts(accounts::person::pending_professionals).await??;
    let body = html! {
        h1 class="kith-heading-l" { "Professionals waiting for confirmation" }
        @if waiting.is_empty() {
            p class="kith-body" { "Nobody is waiting. People whose work email is on the allow list are confirmed without waiting." }
        } @else {
            p class="kith-body" { "Check each person works where they say, for example by phoning their organisation, before confirming them." }
            table class="kith-table" {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Work" } th scope="col" { "Decision" } } }
                tbody {
                    @for p in &waiting {
                        tr {
                            td { (p.display_name) }
                            td { (p.email) }
                            td { (p.job_title) ", " (p.work_organisation) }
                            td {
                                form method="post" action={ "/admin/professionals/" (p.id) } {
                                    (token.field())
                                    button class="kith-button" type="submit" name="decision" value="confirm" { "Confirm" span class="kith-visually-hidden" { " " (p.display_name) } }
                                    " "
                                    button class="kith-button kith-button--secondary" type="submit" name="decision" value="refuse" { "Refuse" span class="kith-visually-hidden" { " " (p.display_name) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(private(
        page("Professionals waiting for confirmation", &crumbs()[..1], body),
        &token,
        &req,
    ))
}

pub async fn decide_professional(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ConfirmProfessionals)?;
    let form = Form::submitted(&req, fields.into_inner())?;
    let id = parse_id(&id)?;
    let confirm = match form.value("decision") {
        "confirm" => true,
        "refuse" => false,
        _ => return Err(WebError::BadRequest("Choose confirm or refuse.".into())),
    };
    let (site, admin, t) = (state.accounts.site.clone(), viewer.person.id, now());
    state
        .accounts(move |c| flows::decide_professional(c, &site, admin, id, confirm, t))
        .await??;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/admin/professionals"))
        .finish())
}
