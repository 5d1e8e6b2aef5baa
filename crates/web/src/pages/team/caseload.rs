//! Caseloads: a worker's own ("my caseload", with what is due), and for
//! managers every worker's count and anyone's caseload. A caseload names
//! its people, so the referral crate audits each one listed.

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::tasks::london_date;
use referral::{CaseItem, DueTask, Programme, Staff, Task};

use super::team_nav;
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::sensitive;
use crate::state::{now, AppState};

fn task_words(t: &DueTask) -> String {
    let what = match t.task {
        Task::FirstCall => "First contact",
        Task::Review => "Review",
        Task::FinalMeeting => "Final meeting",
        Task::FollowUp => "Three-month follow-up",
    };
    match (t.due_on, t.after_session) {
        (Some(d), _) => format!("{what} by {}", d.format("%-d %B %Y")),
        (None, Some(n)) => format!("{what} after session {n}"),
        (None, None) => what.to_owned(),
    }
}

fn programme_words(item: &CaseItem) -> String {
    match item.programme {
        Programme::Weeks(w) => format!("{w} weeks"),
        Programme::Sessions(n) => format!("{n} sessions, {} held", item.referral.sessions_held),
    }
}

fn caseload_table(items: &[CaseItem], label: &str) -> Markup {
    html! {
        div class="kith-table-wrapper" tabindex="0" role="region" aria-label=(label) {
            table class="kith-table" {
                thead { tr {
                    th scope="col" { "Person" }
                    th scope="col" { "Reference" }
                    th scope="col" { "Stage" }
                    th scope="col" { "Programme" }
                    th scope="col" { "Coming up" }
                } }
                tbody {
                    @for item in items {
                        @let r = &item.referral;
                        tr {
                            td {
                                a href={ "/team/referrals/" (r.id) } {
                                    @if item.name.is_empty() { "(details erased)" } @else { (item.name) }
                                }
                            }
                            td { (r.reference) }
                            td {
                                (r.status().label())
                                @if item.paused { " " strong class="kith-tag kith-tag--grey" { "Paused" } }
                            }
                            td { (programme_words(item)) }
                            td {
                                @if item.tasks.is_empty() { span class="kith-hint" { "Nothing due" } }
                                ul class="kith-list" {
                                    @for t in &item.tasks {
                                        li {
                                            (task_words(t))
                                            @if t.due_now && !t.paused { " " strong class="kith-tag kith-tag--red" { "Due" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn load(state: &AppState, viewer: &Viewer, worker_id: i32) -> Result<Vec<CaseItem>, WebError> {
    let (actor, t) = (viewer.actor.clone(), now());
    Ok(state
        .transact(move |c| referral::caseload(c, &Staff::new(&actor), worker_id, t))
        .await??)
}

/// The signed-in worker's allocated and active referrals, soonest due first.
pub async fn mine(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let items = load(&state, &viewer, viewer.person.id).await?;
    let due = items
        .iter()
        .filter(|i| i.tasks.iter().any(|t| t.due_now && !t.paused))
        .count();
    let token = Token::for_request(&req);
    let body = html! {
        (team_nav(&viewer))
        h1 class="kith-heading-l" { "My caseload" }
        @if items.is_empty() {
            p class="kith-body" { "Nobody is allocated to you at the moment. Referrals allocated to you appear here, with what is due." }
        } @else {
            p class="kith-body" {
                (items.len()) " open, soonest due first. "
                @if due > 0 { (due) " with something due now." }
            }
            (caseload_table(&items, "My caseload"))
        }
    };
    Ok(sensitive(StatusCode::OK, page("My caseload", &[], body), &token, &req))
}

/// Every coach and volunteer with their open referrals (managers).
pub async fn team(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let actor = viewer.actor.clone();
    let loads = state
        .transact(move |c| referral::caseloads(c, &Staff::new(&actor)))
        .await??;
    let token = Token::for_request(&req);
    let body = html! {
        (team_nav(&viewer))
        h1 class="kith-heading-l" { "The team's caseloads" }
        @if loads.is_empty() {
            p class="kith-body" { "There are no coaches or volunteers yet. An admin can give someone the coach or volunteer role." }
        } @else {
            div class="kith-table-wrapper" tabindex="0" role="region" aria-label="The team's caseloads" {
                table class="kith-table" {
                    thead { tr {
                        th scope="col" { "Name" }
                        th scope="col" { "Role" }
                        th scope="col" { "Open referrals" }
                    } }
                    tbody {
                        @for w in &loads {
                            tr {
                                td { a href={ "/team/caseloads/" (w.person_id) } { (w.display_name) } }
                                td { (w.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")) }
                                td { (w.open) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(sensitive(
        StatusCode::OK,
        page("The team's caseloads", &[], body),
        &token,
        &req,
    ))
}

/// One worker's caseload, as a manager sees it.
pub async fn of_worker(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let worker_id = id.into_inner();
    let (items, names) = {
        let items = load(&state, &viewer, worker_id).await?;
        let names = state
            .transact(move |c| referral::staff_names(c, &[worker_id]))
            .await??;
        (items, names)
    };
    let name = names.get(&worker_id).ok_or(WebError::NotFound)?;
    let title = format!("{name}'s caseload");
    let token = Token::for_request(&req);
    let today = london_date(now());
    let body = html! {
        h1 class="kith-heading-l" { (title) }
        @if items.is_empty() {
            p class="kith-body" { "Nothing is allocated to them at the moment." }
        } @else {
            p class="kith-body" { (items.len()) " open on " (today.format("%-d %B %Y")) ", soonest due first." }
            (caseload_table(&items, &title))
        }
    };
    let crumbs = [Crumb {
        text: "The team's caseloads",
        href: "/team/caseloads",
    }];
    Ok(sensitive(StatusCode::OK, page(&title, &crumbs, body), &token, &req))
}
