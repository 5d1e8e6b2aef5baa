//! A group's discussions: the list with "Start a discussion", one thread
//! with its replies and reply form, editing one's own post, and for the
//! organisers pin, lock, hide, the edit history and who may read.
//!
//! Every handler works out the viewer's [`Access`] in the same transaction
//! as its work, so the `community` crate decides who may do what. Someone
//! who may not read sees why and how to join, with a 403; what people
//! wrote is only ever shown through [`user_text`].

use accounts::Actor;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use community::discussions::{self as d, Access, History, PostView, ThreadSummary, ThreadView};
use community::CommunityError;
use directory::listing::Page;
use maud::{html, Markup};
use store::AnyConnection;

use crate::auth::Viewer;
use crate::components::{long_date_time, pagination};
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, view};
use crate::pages::private_with_status;
use crate::pages::workflow::see_other;
use crate::params::Params;
use crate::state::{now, AppState};
use crate::text::user_text;

/// The viewer's access to the published group at `slug`, then `work`,
/// for the pages that only read (the list, a thread, an edit history),
/// which are read far more than anything else: see [`view`].
async fn view_with_access<T, F>(state: &AppState, actor: Option<Actor>, slug: String, work: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&mut AnyConnection, Access) -> Result<T, CommunityError> + Send + 'static,
{
    let rules = state.safety.clone();
    let accesses = state.accesses.clone();
    // Read before the transaction starts: SQLite's snapshot dates from its
    // first query, and an answer read from a snapshot older than a change
    // must not be kept as if it came after.
    let counted = state.changes.count();
    view(state, move |c| {
        // The reader's standing in the group changes only through the site
        // (joining, leaving, a role), which forgets it at once.
        let key = (actor.as_ref().map_or(-1, |a| a.person_id), slug);
        let a = accesses
            .recall_or(
                key.clone(),
                counted,
                |_| true,
                || d::access_by_slug(c, actor.as_ref(), &key.1),
            )?
            .with_rules(rules);
        work(c, a)
    })
    .await
}

/// [`view_with_access`] for a change, run as a journey: refusals of what
/// was typed come back for the form.
async fn change_with_access<T, F>(
    state: &AppState,
    actor: Actor,
    slug: String,
    work: F,
) -> Result<Result<T, crate::pages::workflow::Refusal>, WebError>
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection, Access) -> Result<T, CommunityError> + Send + 'static,
{
    let rules = state.safety.clone();
    change(state, move |c| {
        let a = d::access_by_slug(c, Some(&actor), &slug)?.with_rules(rules.clone());
        work(c, a)
    })
    .await
}

/// [`change_with_access`] for the buttons (pin, lock, hide, who may read,
/// reply emails), which have no form to show a refusal on: a bad request.
async fn act_with_access<T, F>(state: &AppState, actor: Actor, slug: String, work: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection, Access) -> Result<T, CommunityError> + Send + 'static,
{
    change_with_access(state, actor, slug, work)
        .await?
        .map_err(|r| WebError::BadRequest(r.message))
}

fn base(a: &Access) -> String {
    format!("/groups/{}/discussions", a.group().slug)
}

fn crumbs(a: &Access) -> Vec<(String, String)> {
    vec![(a.group().name.clone(), format!("/groups/{}", a.group().slug))]
}

fn framed(title: &str, crumbs: &[(String, String)], body: Markup) -> Markup {
    let crumbs: Vec<Crumb<'_>> = crumbs.iter().map(|(t, h)| Crumb { text: t, href: h }).collect();
    page(title, &crumbs, body)
}

fn respond(req: &HttpRequest, status: StatusCode, render: impl FnOnce(&Token) -> Markup) -> HttpResponse {
    let token = Token::for_request(req);
    private_with_status(status, render(&token), &token, req)
}

fn actor_of(viewer: &Option<Viewer>) -> Option<Actor> {
    viewer.as_ref().map(|v| v.actor.clone())
}

/// Why someone cannot read or write, and what to do about it.
fn join_prompt(a: &Access, to: &str, here: &str) -> Markup {
    let group = format!("/groups/{}", a.group().slug);
    html! {
        div class="kith-inset-text" {
            @if a.signed_in() {
                p class="kith-body" { "Only members of " (a.group().name) " can " (to) "." }
                p class="kith-body" { a href={ (group) "#joining" } { "Join " (a.group().name) } " to take part." }
            } @else {
                p class="kith-body" { "You need to be signed in and a member of " (a.group().name) " to " (to) "." }
                p class="kith-body" {
                    a href={ "/sign-in?next=" (here) } { "Sign in" } " or "
                    a href="/sign-up" { "create an account" } ", then join the group."
                }
            }
        }
    }
}

/// The page for someone who may not read these discussions: 403.
fn closed_page(a: &Access, here: &str) -> Markup {
    framed(
        &format!("Discussions – {}", a.group().name),
        &crumbs(a),
        html! {
            span class="kith-caption-m" { (a.group().name) }
            h1 class="kith-heading-l" { "Discussions" }
            (join_prompt(a, "read the group's discussions", here))
        },
    )
}

/// What an author is told about a post waiting for a moderator.
const HELD_NOTE: &str = "Thank you. Your post is saved and is waiting for a moderator to look at it before other people can see it. This is usually because it has a link and your account is new.";

fn posted_note(req: &HttpRequest) -> Option<&'static str> {
    let params = Params::parse(req.query_string()).ok()?;
    match params.get("posted")? {
        "discussion" => Some("Your discussion has been started. Members of the group can now read and reply to it."),
        "reply" => Some("Your reply has been posted."),
        "held" => Some(HELD_NOTE),
        "edit" => Some("Your changes have been saved."),
        _ => None,
    }
}

// ---- The list -------------------------------------------------------------

struct ListView {
    access: Access,
    threads: Option<Page<ThreadSummary>>,
    /// For members: whether they are emailed about replies.
    emails: Option<bool>,
}

async fn load_list(state: &AppState, actor: Option<Actor>, slug: String, page: i64) -> Result<ListView, WebError> {
    view_with_access(state, actor, slug, move |c, a| {
        let threads = if a.can_read() {
            Some(d::threads(c, &a, page)?)
        } else {
            None
        };
        let emails = if a.can_post() {
            Some(d::reply_emails(c, &a)?)
        } else {
            None
        };
        Ok(ListView {
            access: a,
            threads,
            emails,
        })
    })
    .await
}

fn list_page(view: &ListView, threads: &Page<ThreadSummary>, form: &Form, token: &Token, here: &str) -> Markup {
    let a = &view.access;
    let base = base(a);
    framed(
        &form.title(&format!("Discussions – {}", a.group().name)),
        &crumbs(a),
        html! {
            (form.summary())
            span class="kith-caption-m" { (a.group().name) }
            h1 class="kith-heading-l" { "Discussions" }
            p class="kith-body" {
                @if a.public() { "Anyone can read these discussions. Only members can write in them." }
                @else { "Only members of the group can read and write in these discussions." }
            }
            @if a.can_post() && !threads.items.is_empty() {
                p class="kith-body" { a href="#start" { "Start a discussion" } }
            }
            @if threads.items.is_empty() {
                p class="kith-body" { "Nobody has started a discussion yet." }
            } @else {
                ul class="kith-list kith-discussions" {
                    @for t in &threads.items {
                        li {
                            h2 class="kith-heading-s" {
                                a href={ (base) "/" (t.id) } { (t.title) }
                                @if t.pinned { " " strong class="kith-tag kith-tag--blue" { "Pinned" } }
                                @if t.locked { " " strong class="kith-tag kith-tag--grey" { "Locked" } }
                                @if t.hidden && a.moderator() { " " strong class="kith-tag kith-tag--red" { "Hidden" } }
                                @if t.held { " " strong class="kith-tag kith-tag--grey" { "Waiting for a moderator" } }
                            }
                            p class="kith-body-s" {
                                "Started by " (t.author) ". "
                                (t.replies) @if t.replies == 1 { " reply" } @else { " replies" } ". "
                                "Last post " (long_date_time(t.last_post_at)) "."
                            }
                        }
                    }
                }
                (pagination(threads, &format!("{base}?")))
            }
            h2 class="kith-heading-m" id="start" { "Start a discussion" }
            @if a.can_post() {
                form method="post" action=(base) novalidate {
                    (token.field())
                    (form.input(Field::new("title", "Title").hint("A few words saying what it is about.")))
                    (form.textarea("body", "What do you want to say?", Some("Web addresses become links. Everything you write is shown as plain text.")))
                    button class="kith-button" type="submit" { "Start the discussion" }
                }
            } @else {
                (join_prompt(a, "start a discussion", here))
            }
            @if let Some(on) = view.emails {
                h2 class="kith-heading-m" id="emails" { "Emails about replies" }
                p class="kith-body" {
                    @if on { "We email you when someone replies to a discussion you wrote in." }
                    @else { "You asked us not to email you about replies in this group's discussions." }
                }
                form method="post" action={ (base) "/emails" } {
                    (token.field())
                    input type="hidden" name="emails" value=(if on { "no" } else { "yes" });
                    button class="kith-button kith-button--secondary" type="submit" {
                        @if on { "Stop emailing me about replies" } @else { "Email me about replies again" }
                    }
                }
            }
            @if a.moderator() {
                h2 class="kith-heading-m" { "Who can read these discussions" }
                form method="post" action={ (base) "/settings" } novalidate {
                    (token.field())
                    (Form::new().with("public", if a.public() { "yes" } else { "no" }).radios(
                        "public", "Who can read them?", Some("Only members can write, whichever you choose."),
                        &[("no", "Only members of the group"), ("yes", "Anyone, including people who are not signed in")],
                    ))
                    button class="kith-button kith-button--secondary" type="submit" { "Save who can read" }
                }
            }
        },
    )
}

fn render_list(req: &HttpRequest, view: &ListView, form: &Form) -> HttpResponse {
    let here = req.uri().path().to_owned();
    match &view.threads {
        Some(threads) => respond(req, form.status(), |t| list_page(view, threads, form, t, &here)),
        None => respond(req, StatusCode::FORBIDDEN, |_| closed_page(&view.access, &here)),
    }
}

/// `GET /groups/{slug}/discussions`
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    slug: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let page = Params::parse(req.query_string())?.page()?;
    let view = load_list(&state, actor_of(&viewer), slug.into_inner(), page).await?;
    Ok(render_list(&req, &view, &Form::new()))
}

/// `POST /groups/{slug}/discussions`: a member starts a discussion.
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let slug = slug.into_inner();
    let (title, body) = (form.value("title").to_owned(), form.value("body").to_owned());
    if let Err(m) = d::check_title(&title) {
        form.error("title", m);
    }
    if let Err(m) = d::check_body(&body) {
        form.error("body", m);
    }
    if !form.has_errors() {
        let (t, b) = (title.clone(), body.clone());
        let site = state.accounts.site.clone();
        let done = change_with_access(&state, viewer.actor.clone(), slug.clone(), move |c, a| {
            let id = d::start(c, &site, &a, &t, &b, now())?;
            let held = d::thread(c, &a, id, 1)?.first.held;
            Ok((a.group().slug.clone(), id, held))
        })
        .await?;
        match done {
            Ok((slug, id, held)) => {
                let note = if held { "held" } else { "discussion" };
                return Ok(see_other(&format!("/groups/{slug}/discussions/{id}?posted={note}")));
            }
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let view = load_list(&state, Some(viewer.actor.clone()), slug, 1).await?;
    if !view.access.can_post() {
        return Err(WebError::NotAllowed);
    }
    Ok(render_list(&req, &view, &form))
}

fn yes(form: &Form, name: &str) -> Result<bool, WebError> {
    match form.value(name) {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(WebError::BadRequest("Choose yes or no.".into())),
    }
}

/// `POST /groups/{slug}/discussions/settings`: organisers choose who reads.
pub async fn settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let public = yes(&form, "public")?;
    let slug = slug.into_inner();
    act_with_access(&state, viewer.actor.clone(), slug.clone(), move |c, a| {
        d::set_public(c, &a, public, now())
    })
    .await?;
    Ok(see_other(&format!("/groups/{slug}/discussions")))
}

/// `POST /groups/{slug}/discussions/emails`: a member turns reply emails
/// off or on.
pub async fn emails(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let on = yes(&form, "emails")?;
    let slug = slug.into_inner();
    act_with_access(&state, viewer.actor.clone(), slug.clone(), move |c, a| {
        d::set_reply_emails(c, &a, on, now())
    })
    .await?;
    Ok(see_other(&format!("/groups/{slug}/discussions#emails")))
}

// ---- One thread -----------------------------------------------------------

struct Shown {
    access: Access,
    thread: Option<ThreadView>,
}

async fn load_thread(
    state: &AppState,
    actor: Option<Actor>,
    slug: String,
    id: i32,
    page: i64,
) -> Result<Shown, WebError> {
    let (threads, readers) = (state.threads.clone(), state.readers.clone());
    // Read before the transaction starts (see `view_with_access`).
    let counted = state.changes.count();
    view_with_access(state, actor, slug, move |c, a| {
        if !a.can_read() {
            return Ok(Shown {
                access: a,
                thread: None,
            });
        }
        // What the page is for everyone, and what it needs of this reader,
        // each read in the last few seconds unless something changed since.
        let group = a.group().id;
        let shared = threads.recall_or(
            (id, page.max(1)),
            counted,
            |s| s.group_id() == group,
            || d::shared_thread(c, group, id, page).map(Arc::new),
        )?;
        let reader = match a.person() {
            Some(p) => readers.recall_or(p, counted, |_| true, || d::reader(c, Some(p)).map(Arc::new))?,
            None => Arc::new(d::Reader::default()),
        };
        let thread = d::thread_for(c, &a, &shared, &reader)?;
        Ok(Shown {
            access: a,
            thread: Some(thread),
        })
    })
    .await
}

fn post_article(a: &Access, p: &PostView, token: &Token, viewer: Option<i32>) -> Markup {
    let base = base(a);
    let others = viewer.is_some_and(|v| v != p.author_id);
    html! {
        article class="kith-post" id={ "post-" (p.id) } {
            p class="kith-body-s" {
                strong { (p.author) } " · " (long_date_time(p.created_at))
                @if p.edited {
                    " · "
                    @if a.moderator() { a href={ (base) "/posts/" (p.id) "/history" } { "edited" span class="kith-visually-hidden" { ": see what it said before" } } }
                    @else { "edited" }
                }
                @if p.hidden && a.moderator() { " " strong class="kith-tag kith-tag--red" { "Hidden" } }
                @if p.held { " " strong class="kith-tag kith-tag--grey" { "Waiting for a moderator" } }
            }
            @if p.held {
                p class="kith-body-s" { "Only you can see this until a moderator has looked at it." }
            }
            @match &p.body {
                Some(body) => {
                    @if p.hidden { p class="kith-body-s" { "Hidden from members. They see: " (d::HIDDEN_POST) } }
                    (user_text(body))
                }
                None if p.blocked => {
                    p class="kith-body kith-hint" {
                        "Hidden: you blocked this person. "
                        a href="/account/blocked" { "Unblock them to see their posts" }
                    }
                }
                None => { p class="kith-body kith-hint" { (d::HIDDEN_POST) } }
            }
            @if a.signed_in() && a.person() != Some(p.author_id) && !p.blocked {
                p class="kith-body-s" {
                    a href={ "/people/" (p.author_id) "/block" } { "Block" span class="kith-visually-hidden" { " " (p.author) } }
                }
            }
            @if p.editable || a.moderator() || others {
                div class="kith-button-group" {
                    @if others {
                        a class="kith-link" href={ "/report/post/" (p.id) } { "Report" span class="kith-visually-hidden" { " this post by " (p.author) } }
                        a class="kith-link" href={ "/report/person/" (p.author_id) } { "Report " (p.author) }
                    }
                    @if p.editable {
                        a class="kith-link" href={ (base) "/posts/" (p.id) "/edit" } { "Edit" span class="kith-visually-hidden" { " your post" } }
                    }
                    @if a.moderator() {
                        form method="post" action={ (base) "/posts/" (p.id) "/hide" } {
                            (token.field())
                            input type="hidden" name="hidden" value=(if p.hidden { "no" } else { "yes" });
                            button class="kith-button kith-button--secondary" type="submit" {
                                @if p.hidden { "Show this post again" } @else { "Hide this post" }
                                span class="kith-visually-hidden" { " by " (p.author) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn thread_page(
    req: &HttpRequest,
    a: &Access,
    v: &ThreadView,
    form: &Form,
    token: &Token,
    viewer: Option<i32>,
) -> Markup {
    let base = base(a);
    let here = format!("{base}/{}", v.thread.id);
    let replies = &v.replies;
    framed(
        &form.title(&format!("{} – {}", v.title, a.group().name)),
        &[
            (a.group().name.clone(), format!("/groups/{}", a.group().slug)),
            ("Discussions".to_owned(), base.clone()),
        ],
        html! {
            (form.summary())
            @if let Some(note) = posted_note(req).filter(|_| !form.has_errors()) {
                div class="kith-inset-text" role="status" { p class="kith-body" { (note) } }
            }
            span class="kith-caption-m" { (a.group().name) }
            h1 class="kith-heading-l" { (v.title) }
            @if v.thread.pinned || v.thread.locked {
                p class="kith-body" {
                    @if v.thread.pinned { strong class="kith-tag kith-tag--blue" { "Pinned" } " " }
                    @if v.thread.locked { strong class="kith-tag kith-tag--grey" { "Locked" } }
                }
            }
            (post_article(a, &v.first, token, viewer))
            h2 class="kith-heading-m" {
                (replies.total) @if replies.total == 1 { " reply" } @else { " replies" }
            }
            @for p in &replies.items {
                (post_article(a, p, token, viewer))
            }
            (pagination(replies, &format!("{here}?")))
            h2 class="kith-heading-m" id="reply" { "Reply" }
            @if v.thread.locked {
                div class="kith-inset-text" { p class="kith-body" { (d::LOCKED) } }
                @if !form.value("body").is_empty() {
                    // What they were replying is not lost: they can copy it.
                    (form.textarea("body", "Your reply, which was not posted", Some("You can copy it to keep it.")))
                }
            } @else if a.can_post() {
                form method="post" action=(here) novalidate {
                    (token.field())
                    input type="hidden" name="page" value=(replies.page);
                    (form.textarea("body", "Your reply", Some("Web addresses become links. Everything you write is shown as plain text.")))
                    button class="kith-button" type="submit" { "Post your reply" }
                }
            } @else {
                (join_prompt(a, "reply", &here))
            }
            @if a.moderator() {
                h2 class="kith-heading-m" { "Organisers" }
                div class="kith-button-group" {
                    form method="post" action={ (here) "/pin" } {
                        (token.field())
                        input type="hidden" name="pinned" value=(if v.thread.pinned { "no" } else { "yes" });
                        button class="kith-button kith-button--secondary" type="submit" {
                            @if v.thread.pinned { "Unpin this discussion" } @else { "Pin this discussion to the top" }
                        }
                    }
                    form method="post" action={ (here) "/lock" } {
                        (token.field())
                        input type="hidden" name="locked" value=(if v.thread.locked { "no" } else { "yes" });
                        button class="kith-button kith-button--secondary" type="submit" {
                            @if v.thread.locked { "Unlock this discussion" } @else { "Lock this discussion" }
                        }
                    }
                }
            }
        },
    )
}

fn render_thread(req: &HttpRequest, shown: &Shown, form: &Form, viewer: Option<i32>) -> HttpResponse {
    let here = req.uri().path().to_owned();
    match &shown.thread {
        Some(v) => respond(req, form.status(), |t| {
            thread_page(req, &shown.access, v, form, t, viewer)
        }),
        None => respond(req, StatusCode::FORBIDDEN, |_| closed_page(&shown.access, &here)),
    }
}

/// `GET /groups/{slug}/discussions/{id}`
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, WebError> {
    let page = Params::parse(req.query_string())?.page()?;
    let (slug, id) = path.into_inner();
    let shown = load_thread(&state, actor_of(&viewer), slug, id, page).await?;
    Ok(render_thread(
        &req,
        &shown,
        &Form::new(),
        viewer.as_ref().map(|v| v.person.id),
    ))
}

/// `POST /groups/{slug}/discussions/{id}`: a member replies.
pub async fn reply(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (slug, id) = path.into_inner();
    let body = form.value("body").to_owned();
    if let Err(m) = d::check_body(&body) {
        form.error("body", m);
    }
    if !form.has_errors() {
        let site = state.accounts.site.clone();
        let b = body.clone();
        let done = change_with_access(&state, viewer.actor.clone(), slug.clone(), move |c, a| {
            let r = d::reply(c, &site, &a, id, &b, now())?;
            Ok((a.group().slug.clone(), r))
        })
        .await?;
        match done {
            Ok((slug, r)) => {
                return Ok(see_other(&format!(
                    "/groups/{slug}/discussions/{id}?page={}&posted={}#post-{}",
                    r.page,
                    if r.held { "held" } else { "reply" },
                    r.post
                )))
            }
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    let page = form
        .value("page")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=crate::params::MAX_PAGE).contains(p))
        .unwrap_or(1);
    let shown = load_thread(&state, Some(viewer.actor.clone()), slug, id, page).await?;
    if !shown.access.can_post() {
        return Err(WebError::NotAllowed);
    }
    Ok(render_thread(&req, &shown, &form, Some(viewer.person.id)))
}

type Setter = fn(&mut AnyConnection, &Access, i32, bool) -> Result<(), CommunityError>;

/// Pins or locks a discussion with `set`, as the form's `field` says
/// (`yes`/`no`), then goes back to it.
async fn set_flag(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
    field: &'static str,
    set: Setter,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let on = yes(&form, field)?;
    let (slug, id) = path.into_inner();
    act_with_access(&state, viewer.actor.clone(), slug.clone(), move |c, a| {
        set(c, &a, id, on)
    })
    .await?;
    Ok(see_other(&format!("/groups/{slug}/discussions/{id}")))
}

/// `POST /groups/{slug}/discussions/{id}/pin`
pub async fn pin(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    set_flag(req, state, viewer, path, fields, "pinned", d::set_pinned).await
}

/// `POST /groups/{slug}/discussions/{id}/lock`
pub async fn lock(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    set_flag(req, state, viewer, path, fields, "locked", d::set_locked).await
}

/// `POST /groups/{slug}/discussions/posts/{post}/hide`
pub async fn hide(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let hidden = yes(&form, "hidden")?;
    let (slug, post) = path.into_inner();
    let thread = act_with_access(&state, viewer.actor.clone(), slug.clone(), move |c, a| {
        d::set_hidden(c, &a, post, hidden, now())
    })
    .await?;
    Ok(see_other(&format!("/groups/{slug}/discussions/{thread}#post-{post}")))
}

// ---- Editing and history --------------------------------------------------

fn edit_page(a: &Access, e: &d::Editing, form: &Form, token: &Token) -> Markup {
    let base = base(a);
    let title = "Edit your post";
    framed(
        &form.title(title),
        &[
            (a.group().name.clone(), format!("/groups/{}", a.group().slug)),
            ("Discussions".to_owned(), base.clone()),
        ],
        html! {
            (form.summary())
            span class="kith-caption-m" { (e.thread.title) }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "The group's organisers can see what your post said before you changed it." }
            form method="post" action={ (base) "/posts/" (e.post.id) "/edit" } novalidate {
                (token.field())
                @if e.first {
                    (form.input(Field::new("title", "Title")))
                }
                (form.textarea("body", "Your post", Some("Web addresses become links. Everything you write is shown as plain text.")))
                button class="kith-button" type="submit" { "Save your changes" }
            }
            p class="kith-body" { a href={ (base) "/" (e.thread.id) "#post-" (e.post.id) } { "Cancel and go back to the discussion" } }
        },
    )
}

/// The viewer's access and their post `id`, ready to edit. A post they
/// may not edit because of the thread or the organisers says why (400).
async fn load_editing(state: &AppState, actor: Actor, slug: String, id: i32) -> Result<(Access, d::Editing), WebError> {
    let found = change_with_access(state, actor, slug, move |c, a| {
        let e = d::editing(c, &a, id)?;
        Ok((a, e))
    })
    .await?;
    found.map_err(|refusal| WebError::BadRequest(refusal.message))
}

/// `GET /groups/{slug}/discussions/posts/{post}/edit`
pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, WebError> {
    let (slug, id) = path.into_inner();
    let (a, e) = load_editing(&state, viewer.actor.clone(), slug, id).await?;
    let mut form = Form::new().with("body", &e.post.body);
    if e.first {
        form = form.with("title", &e.thread.title);
    }
    Ok(respond(&req, StatusCode::OK, |t| edit_page(&a, &e, &form, t)))
}

/// `POST /groups/{slug}/discussions/posts/{post}/edit`
pub async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (slug, id) = path.into_inner();
    let (a, e) = load_editing(&state, viewer.actor.clone(), slug.clone(), id).await?;
    let (title, body) = (form.value("title").to_owned(), form.value("body").to_owned());
    if e.first {
        if let Err(m) = d::check_title(&title) {
            form.error("title", m);
        }
    }
    if let Err(m) = d::check_body(&body) {
        form.error("body", m);
    }
    if !form.has_errors() {
        let first = e.first;
        let done = change_with_access(&state, viewer.actor.clone(), slug, move |c, a| {
            d::edit(c, &a, id, first.then_some(title.as_str()), &body, now())
        })
        .await?;
        match done {
            Ok(thread) => return Ok(see_other(&format!("{}/{thread}?posted=edit#post-{id}", base(&a)))),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    Ok(respond(&req, form.status(), |t| edit_page(&a, &e, &form, t)))
}

fn history_page(a: &Access, h: &History) -> Markup {
    let base = base(a);
    let title = format!("What {}'s post said before", h.author);
    framed(
        &title,
        &[
            (a.group().name.clone(), format!("/groups/{}", a.group().slug)),
            ("Discussions".to_owned(), base.clone()),
        ],
        html! {
            span class="kith-caption-m" { (h.thread.title) }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Only the group's organisers see this page." }
            h2 class="kith-heading-m" { "Now" }
            p class="kith-body-s" { "Since " (long_date_time(h.post.edited_at.unwrap_or(h.post.created_at))) }
            @if h.first { p class="kith-body" { strong { "Title: " } (h.thread.title) } }
            (user_text(&h.post.body))
            @if h.versions.is_empty() {
                p class="kith-body" { "This post has not been edited." }
            }
            @for v in &h.versions {
                h2 class="kith-heading-m" { "Until " (long_date_time(v.replaced_at)) }
                p class="kith-body-s" { "Written " (long_date_time(v.written_at)) }
                @if h.first { p class="kith-body" { strong { "Title: " } (v.title) } }
                (user_text(&v.body))
            }
            p class="kith-body" { a href={ (base) "/" (h.thread.id) "#post-" (h.post.id) } { "Back to the discussion" } }
        },
    )
}

/// `GET /groups/{slug}/discussions/posts/{post}/history`: organisers only.
pub async fn history(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, WebError> {
    let (slug, id) = path.into_inner();
    let (a, h) = view_with_access(&state, Some(viewer.actor.clone()), slug, move |c, a| {
        let h = d::history(c, &a, id)?;
        Ok((a, h))
    })
    .await?;
    Ok(respond(&req, StatusCode::OK, |_| history_page(&a, &h)))
}
