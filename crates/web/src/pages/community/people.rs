//! Members' profiles and blocking: a person's page showing only what its
//! owner lets the viewer see, editing one's own profile and its privacy
//! settings, blocking someone (after a confirmation) and the list of
//! blocked people to unblock from.
//!
//! Who may see what is decided in `community::profiles`; a profile that
//! shows the viewer nothing is "not found", exactly like one that does not
//! exist. Names and everything else people typed go through maud's
//! escaping; nothing here uses `PreEscaped`.

use accounts::Action;
use actix_web::{web, HttpRequest, HttpResponse};
use community::messages;
use community::profiles::{self, ProfileView, Relation, Settings, Visibility};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, read};
use crate::pages::private;
use crate::pages::workflow::{form_response, see_other};
use crate::params::Params;
use crate::state::{now, AppState};

fn account_crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Your account",
        href: "/account",
    }]
}

/// A member's initials in a coloured circle, beside their name (which
/// says the same to screen readers, so the circle is hidden from them).
pub fn avatar(name: &str) -> Markup {
    html! {
        span class={ "kith-avatar kith-avatar--" (profiles::colour(name)) } aria-hidden="true" { (profiles::initials(name)) }
    }
}

// ---- A person's page -------------------------------------------------------

struct Shown {
    view: ProfileView,
    /// For a signed-in viewer who is someone else: whether they may write.
    can_message: Option<Result<(), String>>,
    blocked: bool,
}

/// `GET /people/{id}`
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let actor = viewer.as_ref().map(|v| v.actor.clone());
    let shown = read(&state, move |c| {
        let me = actor.as_ref().map(|a| a.person_id);
        let view = profiles::view(c, me, id)?;
        let (can_message, blocked) = match &actor {
            Some(a) if a.person_id != id => (
                Some(messages::can_send(c, a, id)?),
                community::blocks::has_blocked(c, a.person_id, id)?,
            ),
            _ => (None, false),
        };
        Ok(Shown {
            view,
            can_message,
            blocked,
        })
    })
    .await?;
    let token = Token::for_request(&req);
    let v = &shown.view;
    let name = v.name.clone().unwrap_or_else(|| profiles::A_MEMBER.to_owned());
    let body = page(
        &name,
        &[],
        html! {
            h1 class="kith-heading-l" { (avatar(&name)) (name) }
            @if v.relation == Relation::Me {
                div class="kith-inset-text" {
                    p class="kith-body" { "This is your profile. Other people see only the parts you chose to show them." }
                    p class="kith-body" { a href="/account/profile" { "Change your profile and who can see it" } }
                }
            }
            @if let Some(interests) = &v.interests {
                h2 class="kith-heading-m" { "Interests" }
                ul class="kith-list kith-list--bullet" {
                    @for (slug, label) in interests {
                        li { a href={ "/interests/" (slug) } { (label) } }
                    }
                }
            }
            @if let Some((slug, label)) = &v.borough {
                h2 class="kith-heading-m" { "Borough" }
                p class="kith-body" { a href={ "/boroughs/" (slug) } { (label) } }
            }
            @if let Some(can) = &shown.can_message {
                h2 class="kith-heading-m" { "Messages" }
                @match can {
                    Ok(()) => { p class="kith-body" { a class="kith-button" href={ "/messages/" (v.person_id) } { "Message " (name) } } }
                    Err(why) => { p class="kith-body" { (why) } }
                }
                @if shown.blocked {
                    p class="kith-body" { "You have blocked this person: you do not see their posts and they cannot message you." }
                    form method="post" action={ "/people/" (v.person_id) "/unblock" } {
                        (token.field())
                        button class="kith-button kith-button--secondary" type="submit" { "Unblock " (name) }
                    }
                } @else {
                    p class="kith-body" { a href={ "/people/" (v.person_id) "/block" } { "Block " (name) } }
                }
            }
        },
    );
    Ok(private(body, &token, &req))
}

// ---- Your profile ----------------------------------------------------------

const VISIBILITY_HINT: &str = "Your email address is never shown to anyone.";

fn visibility_options() -> Vec<(&'static str, &'static str)> {
    Visibility::ALL.iter().map(|v| (v.code(), v.label())).collect()
}

fn settings_form(name: &str, s: &Settings) -> Form {
    let interests: Vec<String> = s.interest_ids.iter().map(i32::to_string).collect();
    let interests: Vec<&str> = interests.iter().map(String::as_str).collect();
    Form::new()
        .with("display_name", name)
        .with("name_visibility", s.name.code())
        .with_all("interests", &interests)
        .with("interests_visibility", s.interests.code())
        .with("borough", &s.borough_id.map(|b| b.to_string()).unwrap_or_default())
        .with("borough_visibility", s.borough.code())
        .with("messages", if s.messages_from_groups { "yes" } else { "no" })
}

fn profile_page(state: &AppState, me: i32, form: &Form, token: &Token, saved: bool) -> Markup {
    let interest_ids: Vec<String> = state.reference.top_interests().map(|i| i.id.to_string()).collect();
    let interests: Vec<(&str, &str)> = state
        .reference
        .top_interests()
        .zip(interest_ids.iter())
        .map(|(i, id)| (id.as_str(), i.name.as_str()))
        .collect();
    let borough_ids: Vec<String> = state.reference.boroughs.iter().map(|b| b.id.to_string()).collect();
    let boroughs: Vec<(&str, &str)> = std::iter::once(("", "Not given"))
        .chain(
            state
                .reference
                .boroughs
                .iter()
                .zip(borough_ids.iter())
                .map(|(b, id)| (id.as_str(), b.name.as_str())),
        )
        .collect();
    let vis = visibility_options();
    page(
        &form.title("Your profile"),
        &account_crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                @if saved {
                    div class="kith-inset-text" role="status" {
                        p class="kith-body" { "Your profile has been saved." }
                    }
                }
                h1 class="kith-heading-l" { "Your profile" }
                p class="kith-body" { "Choose what other people can see about you. " a href={ "/people/" (me) } { "See your profile" } }
                form method="post" action="/account/profile" novalidate {
                    (token.field())
                    (form.input(Field::new("display_name", "Your name").hint("The name other people see, with its initials in a circle. It does not have to be your full name.").kind("text", "nickname").width(20)))
                    (form.radios("name_visibility", "Who can see your name?", Some("Where they cannot, they see \u{201c}A member\u{201d}."), &vis))
                    (form.checkboxes("interests", "Your interests", Some("Choose any that you like."), &interests))
                    (form.radios("interests_visibility", "Who can see your interests?", None, &vis))
                    (form.select("borough", "Your borough", &boroughs))
                    (form.radios("borough_visibility", "Who can see your borough?", Some(VISIBILITY_HINT), &vis))
                    h2 class="kith-heading-m" id="messages" { "Messages" }
                    (form.radios("messages", "Can members of your groups send you messages?", Some("Only people who are in a group with you could write. You can block anyone at any time."), &[("no", "No"), ("yes", "Yes")]))
                    button class="kith-button" type="submit" { "Save your profile" }
                }
                p class="kith-body" { a href="/account/blocked" { "People you have blocked" } }
            } }
        },
    )
}

/// `GET /account/profile`
pub async fn edit(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    let me = viewer.person.id;
    let saved = Params::parse(req.query_string())?.get("saved") == Some("yes");
    let settings = read(&state, move |c| profiles::settings(c, me)).await?;
    let form = settings_form(&viewer.person.display_name, &settings);
    Ok(form_response(&req, &form, |t| {
        profile_page(&state, me, &form, t, saved)
    }))
}

fn chosen_visibility(form: &mut Form, name: &str) -> Visibility {
    match Visibility::from_code(form.value(name)) {
        Some(v) => v,
        None => {
            form.error(name, "Choose who can see it");
            Visibility::OnlyMe
        }
    }
}

/// `POST /account/profile`
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let me = viewer.person.id;
    let name = match accounts::person::check_display_name(form.value("display_name")) {
        Ok(n) => n,
        Err(e) => {
            form.error("display_name", e.to_string());
            String::new()
        }
    };
    let name_v = chosen_visibility(&mut form, "name_visibility");
    let interests_v = chosen_visibility(&mut form, "interests_visibility");
    let borough_v = chosen_visibility(&mut form, "borough_visibility");
    let interest_ids: Vec<i32> = form.values("interests").iter().filter_map(|v| v.parse().ok()).collect();
    if interest_ids.len() != form.values("interests").len() {
        form.error("interests", "Choose interests from the list");
    }
    let borough_id = match form.value("borough") {
        "" => None,
        b => match b.parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => {
                form.error("borough", "Choose a borough from the list");
                None
            }
        },
    };
    let messages_from_groups = match form.value("messages") {
        "yes" => true,
        "no" => false,
        _ => {
            form.error(
                "messages",
                "Choose whether members of your groups can send you messages",
            );
            false
        }
    };
    if !form.has_errors() {
        let settings = Settings {
            name: name_v,
            interests: interests_v,
            interest_ids,
            borough_id,
            borough: borough_v,
            messages_from_groups,
        };
        let done = change(&state, move |c| {
            accounts::person::set_display_name(c, me, &name, now())?;
            profiles::save(c, me, &settings, now())
        })
        .await?;
        match done {
            Ok(()) => return Ok(see_other("/account/profile?saved=yes")),
            Err(refusal) => form.error(refusal.field, refusal.message),
        }
    }
    Ok(form_response(&req, &form, |t| {
        profile_page(&state, me, &form, t, false)
    }))
}

// ---- Blocking --------------------------------------------------------------

/// The name `me` may see of `id`, or not found for nobody, a deleted
/// account or oneself.
async fn blockable(state: &AppState, me: i32, id: i32) -> Result<String, WebError> {
    read(state, move |c| {
        if id == me || !profiles::exists(c, id)? {
            return Err(community::CommunityError::NotFound { what: "person" });
        }
        profiles::name(c, Some(me), id)
    })
    .await
}

/// `GET /people/{id}/block`: are you sure?
pub async fn block_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    let id = id.into_inner();
    let name = blockable(&state, viewer.person.id, id).await?;
    let token = Token::for_request(&req);
    let body = page(
        &format!("Block {name}"),
        &account_crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                h1 class="kith-heading-l" { "Block " (name) "?" }
                p class="kith-body" { "If you block this person:" }
                ul class="kith-list kith-list--bullet" {
                    li { "they cannot send you messages" }
                    li { "you will not see what they write in group discussions" }
                    li { "they are not told that you blocked them" }
                }
                p class="kith-body" { "You can unblock them at any time from your list of blocked people." }
                form method="post" action={ "/people/" (id) "/block" } {
                    (token.field())
                    button class="kith-button kith-button--warning" type="submit" { "Block " (name) }
                }
                p class="kith-body" { a href={ "/people/" (id) } { "No, go back" } }
            } }
        },
    );
    Ok(private(body, &token, &req))
}

/// `POST /people/{id}/block`
pub async fn block(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    Form::submitted(&req, fields.into_inner())?;
    let (me, id) = (viewer.person.id, id.into_inner());
    state
        .transact(move |c| community::blocks::block(c, me, id, now()))
        .await??;
    Ok(see_other("/account/blocked?blocked=yes"))
}

/// `POST /people/{id}/unblock`
pub async fn unblock(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    Form::submitted(&req, fields.into_inner())?;
    let (me, id) = (viewer.person.id, id.into_inner());
    state.transact(move |c| community::blocks::unblock(c, me, id)).await??;
    Ok(see_other("/account/blocked?unblocked=yes"))
}

/// `GET /account/blocked`
pub async fn blocked(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    viewer.require(Action::OwnAccount)?;
    let me = viewer.person.id;
    let params = Params::parse(req.query_string())?;
    let note = match (params.get("blocked"), params.get("unblocked")) {
        (Some("yes"), _) => Some("You have blocked them. They cannot message you, and you will not see their posts."),
        (_, Some("yes")) => Some("You have unblocked them."),
        _ => None,
    };
    let list = read(&state, move |c| community::blocks::list(c, me)).await?;
    let token = Token::for_request(&req);
    let body = page(
        "People you have blocked",
        &account_crumbs(),
        html! {
            @if let Some(n) = note {
                div class="kith-inset-text" role="status" {
                    p class="kith-body" { (n) }
                }
            }
            h1 class="kith-heading-l" { "People you have blocked" }
            @if list.is_empty() {
                p class="kith-body" { "You have not blocked anyone." }
            } @else {
                ul class="kith-list" {
                    @for b in &list {
                        li {
                            p class="kith-body" { (avatar(&b.name)) strong { (b.name) } " · blocked " (long_date_time(b.since)) }
                            form method="post" action={ "/people/" (b.person_id) "/unblock" } {
                                (token.field())
                                button class="kith-button kith-button--secondary" type="submit" {
                                    "Unblock" span class="kith-visually-hidden" { " " (b.name) }
                                }
                            }
                        }
                    }
                }
            }
        },
    );
    Ok(private(body, &token, &req))
}
