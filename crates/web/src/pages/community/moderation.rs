//! Reporting and moderating: the one report form for posts, groups, events
//! and people; the editors' queue and log; the organisers' queue; and one
//! report with its notes and the decision form.
//!
//! Who may see and do what is decided in `community::moderation` inside
//! the transaction; these handlers only show the answers. What people
//! wrote (reported posts, details, notes, reasons) is only ever shown
//! through [`user_text`] or maud's escaping.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use community::moderation::{
    self as m, Decision, Lift, LogEntry, PersonView, Reason, ReportView, Sanctions, Subject, Summary, Target,
};
use directory::listing::Page;
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::{long_date_time, pagination};
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, read};
use crate::pages::private_with_status;
use crate::pages::workflow::see_other;
use crate::params::Params;
use crate::state::{now, AppState};
use crate::text::user_text;

fn respond(req: &HttpRequest, status: StatusCode, render: impl FnOnce(&Token) -> Markup) -> HttpResponse {
    let token = Token::for_request(req);
    private_with_status(status, render(&token), &token, req)
}

fn subject_of(what: &str) -> Result<Subject, WebError> {
    Subject::from_code(what).ok_or(WebError::NotFound)
}

// ---- Reporting ------------------------------------------------------------

/// The report form, or (already reported) a kind word instead.
fn report_page(t: &Target, already: bool, form: &Form, token: &Token) -> Markup {
    let title = "Report this to the moderators";
    let reasons: Vec<(&str, &str)> = Reason::ALL.iter().map(|r| (r.code(), r.label())).collect();
    page(
        &form.title(title),
        &[],
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            h2 class="kith-heading-m" { "What you are reporting" }
            p class="kith-body" { (t.title) }
            @if t.subject == Subject::Post {
                div class="kith-inset-text" { (user_text(&t.text)) }
            }
            @if already {
                div class="kith-inset-text" role="status" { p class="kith-body" { (m::ALREADY_REPORTED) } }
            } @else {
                p class="kith-body" {
                    "The site's moderators read every report. If it is about a group, an event or a post in a group, its organisers read it too. "
                    "The person you report is not told who reported them."
                }
                form method="post" novalidate {
                    (token.field())
                    (form.radios("reason", "Why are you reporting this?", None, &reasons))
                    (form.textarea("details", "Anything else we should know (optional)", Some("For example, what happened, or where in a long post to look.")))
                    button class="kith-button" type="submit" { "Send the report" }
                }
            }
            @if !t.href.is_empty() {
                p class="kith-body" { a href=(t.href) { "Go back without reporting" } }
            }
            p class="kith-body" {
                "If someone is in danger now, call 999. "
            }
        },
    )
}

async fn load_target(state: &AppState, viewer: &Viewer, subject: Subject, id: i32) -> Result<(Target, bool), WebError> {
    let actor = viewer.actor.clone();
    read(state, move |c| {
        let t = m::target(c, Some(&actor), subject, id)?;
        let already = m::open_report_by(c, actor.person_id, subject, id)?.is_some();
        Ok((t, already))
    })
    .await
}

/// `GET /report/{what}/{id}`
pub async fn report_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, WebError> {
    let (what, id) = path.into_inner();
    let subject = subject_of(&what)?;
    let (t, already) = load_target(&state, &viewer, subject, id).await?;
    Ok(respond(&req, StatusCode::OK, |token| {
        report_page(&t, already, &Form::new(), token)
    }))
}

/// `POST /report/{what}/{id}`
pub async fn report(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (what, id) = path.into_inner();
    let subject = subject_of(&what)?;
    let (reason, details) = (form.value("reason").to_owned(), form.value("details").to_owned());
    if Reason::from_code(&reason).is_none() {
        form.error("reason", "Choose why you are reporting this");
    }
    if let Err(community::CommunityError::Invalid { field, message }) = m::check_details(&details) {
        form.error(field, message);
    }
    if !form.has_errors() {
        let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
        let done = change(&state, move |c| {
            m::report(c, &site, &actor, subject, id, &reason, &details, now())
        })
        .await?;
        match done {
            Ok(_) => return Ok(see_other(&format!("/report/{what}/{id}/sent"))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let (t, _) = load_target(&state, &viewer, subject, id).await?;
    Ok(respond(&req, form.status(), |token| {
        report_page(&t, false, &form, token)
    }))
}

/// `GET /report/{what}/{id}/sent`: the confirmation.
pub async fn report_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, WebError> {
    let (what, id) = path.into_inner();
    let subject = subject_of(&what)?;
    let (t, _) = load_target(&state, &viewer, subject, id).await?;
    let title = "Thank you for your report";
    Ok(respond(&req, StatusCode::OK, |_| {
        page(
            title,
            &[],
            html! {
                div class="kith-panel kith-panel--confirmation" {
                    h1 class="kith-panel__title" { (title) }
                }
                p class="kith-body" { "We have passed it to the moderators. They will look at it and decide what to do." }
                p class="kith-body" { "We do not tell the person you reported who reported them." }
                @if !t.href.is_empty() {
                    p class="kith-body" { a href=(t.href) { "Go back to where you were" } }
                }
            },
        )
    }))
}

// ---- Queues -----------------------------------------------------------------

fn queue_table(items: &[Summary]) -> Markup {
    html! {
        @if items.is_empty() {
            p class="kith-body" { "There are no open reports." }
        } @else {
            table class="kith-table" {
                caption class="kith-visually-hidden" { "Open reports, newest first" }
                thead { tr {
                    th scope="col" { "Reported" }
                    th scope="col" { "What" }
                    th scope="col" { "Why" }
                    th scope="col" { "By" }
                } }
                tbody {
                    @for r in items {
                        tr {
                            td { a href={ "/moderation/reports/" (r.id) } { (long_date_time(r.created_at)) span class="kith-visually-hidden" { ": open report " (r.id) } } }
                            td { strong { (r.subject) } ": " (excerpt(&r.text)) }
                            td { (r.reason) }
                            td {
                                @match &r.reporter {
                                    Some(name) => { (name) }
                                    None => { "The safety rules" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The start of a long text, for a table.
fn excerpt(text: &str) -> String {
    const LONGEST: usize = 140;
    if text.chars().count() <= LONGEST {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(LONGEST).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
}

fn queue_page(title: &str, intro: &str, reports: &Page<Summary>, base: &str, editor: bool) -> Markup {
    page(
        title,
        &[],
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { (intro) }
            @if editor {
                p class="kith-body" { a href="/moderation/log" { "The moderation log" } }
            }
            p class="kith-body" { (reports.total) @if reports.total == 1 { " open report" } @else { " open reports" } }
            (queue_table(&reports.items))
            (pagination(reports, &format!("{base}?")))
        },
    )
}

/// `GET /moderation`: every open report, for editors.
pub async fn queue(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let page_no = Params::parse(req.query_string())?.page()?;
    let actor = viewer.actor.clone();
    let reports = read(&state, move |c| m::site_queue(c, &actor, page_no)).await?;
    Ok(respond(&req, StatusCode::OK, |_| {
        queue_page(
            "Moderation",
            "Reports from people and posts held by the safety rules, newest first.",
            &reports,
            "/moderation",
            true,
        )
    }))
}

/// `GET /organise/reports`: reports about the groups and events the
/// viewer runs.
pub async fn organiser_queue(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, WebError> {
    let page_no = Params::parse(req.query_string())?.page()?;
    let actor = viewer.actor.clone();
    let reports = read(&state, move |c| m::organiser_queue(c, &actor, page_no)).await?;
    let editor = viewer.may(accounts::Action::ModerateSite);
    Ok(respond(&req, StatusCode::OK, |_| {
        queue_page(
            "Reports about your groups and events",
            "Reports about your groups, your events and the posts in your groups' discussions, and posts waiting for a moderator, newest first. The site's editors see them too.",
            &reports,
            "/organise/reports",
            editor,
        )
    }))
}

// ---- One report ---------------------------------------------------------------

fn report_view_page(v: &ReportView, lifted: bool, form: &Form, token: &Token) -> Markup {
    let r = &v.report;
    let title = format!("Report {}", r.id);
    let base = format!("/moderation/reports/{}", r.id);
    // A held post is approved or hidden, never left waiting; only posts
    // are hidden; only editors suspend and ban from the site.
    let post = v.subject == Some(Subject::Post);
    let offered = |code: &str| match code {
        "approve" => v.held,
        "dismiss" => !v.held,
        "hide" => post,
        _ => true,
    };
    let choices: Vec<(&str, &str)> = Decision::CHOICES
        .iter()
        .filter(|(code, _, organisers)| (v.powers.site || *organisers) && offered(code))
        .map(|(code, label, _)| (*code, *label))
        .collect();
    let crumbs = if v.powers.site {
        vec![Crumb {
            text: "Moderation",
            href: "/moderation",
        }]
    } else {
        vec![Crumb {
            text: "Reports",
            href: "/organise/reports",
        }]
    };
    page(
        &form.title(&title),
        &crumbs,
        html! {
            (form.summary())
            @if lifted {
                div class="kith-inset-text" role="status" { p class="kith-body" { "Lifted. We have emailed them to say so." } }
            }
            h1 class="kith-heading-l" { (title) }
            @if let Some(closed) = r.closed_at {
                div class="kith-inset-text" {
                    p class="kith-body" {
                        "Closed " (long_date_time(closed))
                        @if let Some(by) = &v.closed_by { " by " (by) }
                        ": " (m::decision_label(&r.outcome)) "."
                    }
                }
            }
            dl class="kith-summary-list" {
                div class="kith-summary-list__row" {
                    dt class="kith-summary-list__key" { "What" }
                    dd class="kith-summary-list__value" {
                        (r.subject_kind)
                        @if let Some(l) = &v.listing { " in " (l.name) }
                        @if v.held { " " strong class="kith-tag kith-tag--grey" { "Waiting for a moderator" } }
                    }
                }
                @if let Some(p) = &v.person {
                    div class="kith-summary-list__row" {
                        dt class="kith-summary-list__key" { "About" }
                        dd class="kith-summary-list__value" {
                            (p)
                            @if let (true, Some(id)) = (v.powers.site, r.subject_person_id) {
                                " (" a href={ "/moderation/people/" (id) } { "what moderators did about them" } ")"
                            }
                        }
                    }
                }
                div class="kith-summary-list__row" {
                    dt class="kith-summary-list__key" { "Reported by" }
                    dd class="kith-summary-list__value" {
                        @match &v.reporter { Some(n) => { (n) } None => { "The safety rules" } }
                        ", " (long_date_time(r.created_at))
                    }
                }
                div class="kith-summary-list__row" {
                    dt class="kith-summary-list__key" { "Why" }
                    dd class="kith-summary-list__value" { (m::reason_label(&r.reason)) }
                }
                @if !r.details.is_empty() {
                    div class="kith-summary-list__row" {
                        dt class="kith-summary-list__key" { "Details" }
                        dd class="kith-summary-list__value" { (user_text(&r.details)) }
                    }
                }
            }
            h2 class="kith-heading-m" { "What was reported" }
            div class="kith-inset-text" { (user_text(&v.text)) }
            @if let Some(href) = &v.href {
                p class="kith-body" { a href=(href) { "See it on the site" } }
            }
            h2 class="kith-heading-m" id="notes" { "Notes between moderators" }
            @if v.notes.is_empty() {
                p class="kith-body" { "No notes yet." }
            }
            @for n in &v.notes {
                div class="kith-post" {
                    p class="kith-body-s" { strong { (n.author) } " · " (long_date_time(n.created_at)) }
                    (user_text(&n.body))
                }
            }
            form method="post" action={ (base) "/notes" } novalidate {
                (token.field())
                (form.textarea("note", "Add a note", Some("Only moderators see notes. The person reported does not.")))
                button class="kith-button kith-button--secondary" type="submit" { "Add the note" }
            }
            (lift_section(&v.sanctions, &format!("{base}/lift"), form, token))
            @if r.closed_at.is_none() {
                h2 class="kith-heading-m" id="decide" { "Decide" }
                form method="post" action={ (base) "/decision" } novalidate {
                    (token.field())
                    (form.radios("decision", "What do you want to do?", None, &choices))
                    @if v.powers.site {
                        (form.input(crate::forms::Field::new("days", "For a suspension: how many days").hint("A whole number from 1 to 365.").width(3)))
                    }
                    (form.textarea("why", "Your reason", Some("It goes in the moderation log. A warning is emailed to the person in these words; someone suspended sees it when they try to post.")))
                    button class="kith-button" type="submit" { "Save the decision" }
                }
            }
        },
    )
}

/// What is in force on the person, and the form to lift it early. It has
/// its own field names (`lift`, `lift_why`), so it can share a page with
/// the decision form.
fn lift_section(sanctions: &Sanctions, action: &str, form: &Form, token: &Token) -> Markup {
    let choices = sanctions.choices();
    let options: Vec<(&str, &str)> = choices.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect();
    html! {
        @if !sanctions.is_empty() {
            h2 class="kith-heading-m" id="in-force" { "In force on their account" }
            ul class="kith-list kith-list--bullet" {
                @if let Some(s) = &sanctions.suspension {
                    li { "Suspended until " (long_date_time(s.until)) ": " (user_text(&s.reason)) }
                }
                @if let Some(reason) = &sanctions.site_ban {
                    li { "Banned from the site: " (user_text(reason)) }
                }
                @for b in &sanctions.group_bans {
                    li { "Banned from " (b.name) " since " (long_date_time(b.since)) ": " (user_text(&b.reason)) }
                }
            }
            form method="post" action=(action) novalidate {
                (token.field())
                (form.radios("lift", "Lift something early?", Some("We email them to say they can take part again, with your reason."), &options))
                (form.textarea("lift_why", "Your reason for lifting it", Some("It goes in the moderation log and in the email to them.")))
                button class="kith-button kith-button--secondary" type="submit" { "Lift it" }
            }
        }
    }
}

/// The `lift` and `lift_why` fields checked, with their messages on the
/// form when they are wrong.
fn lift_fields(form: &mut Form) -> Option<(Lift, String)> {
    let why = form.value("lift_why").to_owned();
    let what = match Lift::parse(form.value("lift")) {
        Ok(what) => Some(what),
        Err(community::CommunityError::Invalid { field, message }) => {
            form.error(field, message);
            None
        }
        Err(_) => None,
    };
    if let Err(community::CommunityError::Invalid { field, message }) = m::check_lift_why(&why) {
        form.error(field, message);
    }
    what.filter(|_| !form.has_errors()).map(|what| (what, why))
}

async fn load_report(state: &AppState, viewer: &Viewer, id: i32) -> Result<ReportView, WebError> {
    let actor = viewer.actor.clone();
    read(state, move |c| m::view(c, &actor, id, now())).await
}

/// `GET /moderation/reports/{id}`
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let lifted = Params::parse(req.query_string())?.get("lifted").is_some();
    let v = load_report(&state, &viewer, id.into_inner()).await?;
    Ok(respond(&req, StatusCode::OK, |t| {
        report_view_page(&v, lifted, &Form::new(), t)
    }))
}

/// `POST /moderation/reports/{id}/notes`
pub async fn add_note(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let note = form.value("note").to_owned();
    if let Err(community::CommunityError::Invalid { field, message }) = m::check_note(&note) {
        form.error(field, message);
    }
    if !form.has_errors() {
        let actor = viewer.actor.clone();
        match change(&state, move |c| m::add_note(c, &actor, id, &note, now())).await? {
            Ok(()) => return Ok(see_other(&format!("/moderation/reports/{id}#notes"))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let v = load_report(&state, &viewer, id).await?;
    Ok(respond(&req, form.status(), |t| report_view_page(&v, false, &form, t)))
}

/// `POST /moderation/reports/{id}/decision`
pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let why = form.value("why").to_owned();
    let decision = match Decision::parse(form.value("decision"), form.value("days")) {
        Ok(d) => Some(d),
        Err(community::CommunityError::Invalid { field, message }) => {
            form.error(field, message);
            None
        }
        Err(e) => return Err(e.into()),
    };
    if let Err(community::CommunityError::Invalid { field, message }) = m::check_why(&why) {
        form.error(field, message);
    }
    if let (Some(decision), false) = (decision, form.has_errors()) {
        let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
        match change(&state, move |c| m::decide(c, &site, &actor, id, decision, &why, now())).await? {
            Ok(()) => return Ok(see_other(&format!("/moderation/reports/{id}"))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let v = load_report(&state, &viewer, id).await?;
    Ok(respond(&req, form.status(), |t| report_view_page(&v, false, &form, t)))
}

/// `POST /moderation/reports/{id}/lift`: lifts a suspension or ban on the
/// person the report is about.
pub async fn lift_from_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let v = load_report(&state, &viewer, id).await?;
    let person = v.report.subject_person_id.ok_or(WebError::NotFound)?;
    if let Some((what, why)) = lift_fields(&mut form) {
        let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
        let done = change(&state, move |c| {
            m::lift(c, &site, &actor, person, what, &why, Some(id), now())
        })
        .await?;
        match done {
            Ok(()) => return Ok(see_other(&format!("/moderation/reports/{id}?lifted=1"))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let v = load_report(&state, &viewer, id).await?;
    Ok(respond(&req, form.status(), |t| report_view_page(&v, false, &form, t)))
}

// ---- One person ----------------------------------------------------------------

fn person_page(v: &PersonView, lifted: bool, form: &Form, token: &Token) -> Markup {
    let title = format!("Moderation: {}", v.name);
    page(
        &form.title(&title),
        &[Crumb {
            text: "Moderation",
            href: "/moderation",
        }],
        html! {
            (form.summary())
            @if lifted {
                div class="kith-inset-text" role="status" { p class="kith-body" { "Lifted. We have emailed them to say so." } }
            }
            h1 class="kith-heading-l" { (title) }
            @if v.sanctions.is_empty() {
                p class="kith-body" { "Nothing is in force on their account: they are not suspended or banned." }
            }
            (lift_section(&v.sanctions, &format!("/moderation/people/{}/lift", v.id), form, token))
            h2 class="kith-heading-m" { "What moderators did about them" }
            @if v.log.items.is_empty() {
                p class="kith-body" { "Nothing yet." }
            } @else {
                (log_table(&v.log.items))
                (pagination(&v.log, &format!("/moderation/people/{}?", v.id)))
            }
        },
    )
}

async fn load_person(state: &AppState, viewer: &Viewer, id: i32, page_no: i64) -> Result<PersonView, WebError> {
    let actor = viewer.actor.clone();
    read(state, move |c| m::person(c, &actor, id, page_no, now())).await
}

/// `GET /moderation/people/{id}`: what is in force on one person and what
/// moderators did about them, for editors.
pub async fn person(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let params = Params::parse(req.query_string())?;
    let (page_no, lifted) = (params.page()?, params.get("lifted").is_some());
    let v = load_person(&state, &viewer, id.into_inner(), page_no).await?;
    Ok(respond(&req, StatusCode::OK, |t| {
        person_page(&v, lifted, &Form::new(), t)
    }))
}

/// `POST /moderation/people/{id}/lift`
pub async fn lift(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    // The person's page is the editors'; organisers lift a ban from their
    // group on the report that led to it.
    viewer.require(accounts::Action::ModerateSite)?;
    let id = id.into_inner();
    if let Some((what, why)) = lift_fields(&mut form) {
        let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
        match change(&state, move |c| m::lift(c, &site, &actor, id, what, &why, None, now())).await? {
            Ok(()) => return Ok(see_other(&format!("/moderation/people/{id}?lifted=1"))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let v = load_person(&state, &viewer, id, 1).await?;
    Ok(respond(&req, form.status(), |t| person_page(&v, false, &form, t)))
}

// ---- The log --------------------------------------------------------------------

fn log_page(entries: &Page<LogEntry>) -> Markup {
    let title = "Moderation log";
    page(
        title,
        &[Crumb {
            text: "Moderation",
            href: "/moderation",
        }],
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Every decision moderators made, newest first." }
            @if entries.items.is_empty() {
                p class="kith-body" { "Nobody has made a decision yet." }
            } @else {
                (log_table(&entries.items))
                (pagination(entries, "/moderation/log?"))
            }
        },
    )
}

fn log_table(entries: &[LogEntry]) -> Markup {
    html! {
                table class="kith-table" {
                    caption class="kith-visually-hidden" { "Decisions, newest first" }
                    thead { tr {
                        th scope="col" { "When" }
                        th scope="col" { "Who" }
                        th scope="col" { "Did what" }
                        th scope="col" { "To whom" }
                        th scope="col" { "Why" }
                    } }
                    tbody {
                        @for e in entries {
                            tr {
                                td { (long_date_time(e.at)) }
                                td { (e.moderator) }
                                td {
                                    @match e.report_id {
                                        Some(r) => { a href={ "/moderation/reports/" (r) } { (e.action) } }
                                        None => { (e.action) }
                                    }
                                }
                                td {
                                    @if let (Some(name), Some(id)) = (&e.person, e.person_id) {
                                        a href={ "/moderation/people/" (id) } { (name) }
                                    }
                                }
                                td { (user_text(&e.reason)) }
                            }
                        }
                    }
                }
    }
}

/// `GET /moderation/log`: editors only.
pub async fn log(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let page_no = Params::parse(req.query_string())?.page()?;
    let actor = viewer.actor.clone();
    let entries = read(&state, move |c| m::log(c, &actor, page_no)).await?;
    Ok(respond(&req, StatusCode::OK, |_| log_page(&entries)))
}
