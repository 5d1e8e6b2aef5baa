//! Joining and leaving groups, and the organisers' members page.

use accounts::Actor;
use actix_web::{web, HttpRequest, HttpResponse};
use community::groups::{self as g, JoinPolicy, Joined, Joining, MemberView, Membership};
use directory::{Kind, Listing};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, read};
use crate::pages::workflow::{form_response, see_other};
use crate::state::{now, AppState};

/// What a group's page needs to show about joining it.
struct GroupPanel {
    joining: Joining,
    membership: Membership,
    members: i64,
    runs: bool,
    discussions_public: bool,
}

/// The joining part of a group's page.
pub async fn panel(
    state: &AppState,
    viewer: Option<&Viewer>,
    group: &Listing,
    token: &Token,
) -> Result<Markup, WebError> {
    let (id, actor) = (group.id, viewer.map(|v| v.actor.clone()));
    let p = read(state, move |c| {
        Ok(GroupPanel {
            joining: g::joining(c, id)?,
            membership: match &actor {
                Some(a) => g::membership(c, id, a.person_id)?,
                None => Membership::None,
            },
            members: g::member_count(c, id)?,
            runs: match &actor {
                Some(a) => g::run_group(c, a, id).is_ok(),
                None => false,
            },
            discussions_public: community::discussions::is_public(c, id)?,
        })
    })
    .await?;
    let base = format!("/groups/{}", group.slug);
    Ok(html! {
        div class="kith-inset-text" id="joining" {
            h2 class="kith-heading-m" { "Joining" }
            p class="kith-body" {
                (p.members) @if p.members == 1 { " member" } @else { " members" } ". " (p.joining.policy.label()) "."
            }
            @match (viewer.is_some(), p.membership) {
                (false, _) => {
                    @if p.joining.policy != JoinPolicy::Invite {
                        p class="kith-body" { a href={ "/sign-in?next=" (base) } { "Sign in to join this group" } }
                    }
                }
                (true, Membership::Member { organiser }) => {
                    p class="kith-body" { "You are a member of this group" @if organiser { " and one of its organisers" } "." }
                    (leave_button(token, &base, "Leave this group", &group.name))
                }
                (true, Membership::Requested) => {
                    p class="kith-body" { "You have asked to join. The organisers will let you know by email." }
                    (leave_button(token, &base, "Withdraw your request", &group.name))
                }
                (true, Membership::Invited) => {
                    p class="kith-body" { "The organisers have invited you to join." }
                    form method="post" action={ (base) "/join" } {
                        (token.field())
                        button class="kith-button" type="submit" { "Join this group" }
                    }
                }
                (true, Membership::None) => {
                    @match p.joining.policy {
                        JoinPolicy::Open => {
                            form method="post" action={ (base) "/join" } {
                                (token.field())
                                button class="kith-button" type="submit" { "Join this group" span class="kith-visually-hidden" { ": " (group.name) } }
                            }
                        }
                        JoinPolicy::Request => {
                            a class="kith-button" href={ (base) "/join" } { "Ask to join" span class="kith-visually-hidden" { " " (group.name) } }
                        }
                        JoinPolicy::Invite => {
                            p class="kith-body" { "Contact the organisers to ask about joining." }
                        }
                    }
                }
            }
            @if p.runs {
                p class="kith-body" { a href={ "/organise/groups/" (group.id) "/members" } { "Members and requests" } }
            }
        }
        div id="discussions" {
            h2 class="kith-heading-m" { "Discussions" }
            p class="kith-body" {
                a href={ (base) "/discussions" } { "Read and join in the group's discussions" }
                @if !p.discussions_public { " (for members)" }
            }
        }
    })
}

fn leave_button(token: &Token, base: &str, label: &str, name: &str) -> Markup {
    html! {
        form method="post" action={ (base) "/leave" } {
            (token.field())
            button class="kith-button kith-button--secondary" type="submit" { (label) span class="kith-visually-hidden" { ": " (name) } }
        }
    }
}

async fn group_by_slug(state: &AppState, slug: String) -> Result<(Listing, Joining), WebError> {
    read(state, move |c| {
        let l = community::published(c, Kind::Group, &slug)?;
        let j = g::joining(c, l.id)?;
        Ok((l, j))
    })
    .await
}

fn join_page(group: &Listing, joining: &Joining, form: &Form, token: &Token) -> Markup {
    let asks = joining.policy == JoinPolicy::Request;
    let title = if asks {
        format!("Ask to join {}", group.name)
    } else {
        format!("Join {}", group.name)
    };
    let base = format!("/groups/{}", group.slug);
    page(
        &form.title(&title),
        &[Crumb {
            text: &group.name,
            href: &base,
        }],
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            @if asks {
                p class="kith-body" { "An organiser will look at your request and let you know by email." }
            }
            form method="post" action={ (base) "/join" } novalidate {
                (token.field())
                @if asks {
                    @let label = if joining.question.is_empty() { "Anything you would like the organisers to know (optional)" } else { joining.question.as_str() };
                    (form.textarea("answer", label, Some("Only the group's organisers see this.")))
                }
                button class="kith-button" type="submit" { @if asks { "Ask to join" } @else { "Join this group" } }
            }
        },
    )
}

/// `GET /groups/{slug}/join`: the request form, with the group's question.
pub async fn join_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    _viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (group, joining) = group_by_slug(&state, slug.into_inner()).await?;
    let form = Form::new();
    Ok(form_response(&req, &form, |t| join_page(&group, &joining, &form, t)))
}

/// `POST /groups/{slug}/join`: joins at once or sends the request.
pub async fn join(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (group, joining) = group_by_slug(&state, slug.into_inner()).await?;
    let (id, me, answer) = (group.id, viewer.person.id, form.value("answer").to_owned());
    match change(&state, move |c| g::join(c, me, id, &answer, now())).await? {
        Ok(Joined::Member | Joined::Requested) => Ok(see_other(&format!("/groups/{}#joining", group.slug))),
        Err(refusal) if refusal.field == "answer" => {
            form.error("answer", refusal.message);
            Ok(form_response(&req, &form, |t| join_page(&group, &joining, &form, t)))
        }
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

/// `POST /groups/{slug}/leave`: leaves, withdraws a request or turns down
/// an invitation.
pub async fn leave(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let me = viewer.person.id;
    let slug = slug.into_inner();
    let s = slug.clone();
    let left = change(&state, move |c| {
        let l = community::published(c, Kind::Group, &s)?;
        g::leave(c, me, l.id)?;
        Ok(l)
    })
    .await?;
    if let Err(refusal) = left {
        // The only organiser: say why, and where to appoint someone.
        let group = read(&state, move |c| community::published(c, Kind::Group, &slug)).await?;
        let mut form = Form::new();
        form.error("appoint", refusal.message);
        return Ok(form_response(&req, &form, |_| {
            page(
                &form.title(&format!("Leave {}", group.name)),
                &[],
                html! {
                    (form.summary())
                    h1 class="kith-heading-l" { "You cannot leave " (group.name) " yet" }
                    p class="kith-body" { "Someone needs to run the group: approve people who ask to join, and look after its discussions." }
                    p class="kith-body" {
                        a id="appoint" href={ "/organise/groups/" (group.id) "/members" } { "Make another member a co-organiser" }
                        ", then you can leave."
                    }
                    p class="kith-body" { a href={ "/groups/" (group.slug) } { "Back to " (group.name) } }
                },
            )
        }));
    }
    Ok(see_other(&format!("/groups/{slug}#joining")))
}

// ---- Organisers ----------------------------------------------------------

struct MembersView {
    group: Listing,
    joining: Joining,
    members: Vec<MemberView>,
}

async fn load_members(state: &AppState, actor: Actor, id: i32) -> Result<MembersView, WebError> {
    read(state, move |c| {
        let members = g::members(c, &actor, id)?;
        Ok(MembersView {
            group: directory::listing::get(c, id)?,
            joining: g::joining(c, id)?,
            members,
        })
    })
    .await
}

fn crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Your organisations",
        href: "/organise",
    }]
}

fn members_page(view: &MembersView, form: &Form, token: &Token) -> Markup {
    let g = &view.group;
    let title = format!("Members of {}", g.name);
    let action = |what: &str| format!("/organise/groups/{}/{what}", g.id);
    let requests: Vec<&MemberView> = view
        .members
        .iter()
        .filter(|m| m.membership == Membership::Requested)
        .collect();
    let members: Vec<&MemberView> = view
        .members
        .iter()
        .filter(|m| matches!(m.membership, Membership::Member { .. }))
        .collect();
    let invited: Vec<&MemberView> = view
        .members
        .iter()
        .filter(|m| m.membership == Membership::Invited)
        .collect();
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" {
                (view.joining.policy.label()) ". "
                a href=(action("joining")) { "Change how people join" }
            }
            h2 class="kith-heading-m" { "Requests to join" }
            @if requests.is_empty() {
                p class="kith-body" { "There are no requests waiting." }
            } @else {
                @if !view.joining.question.is_empty() {
                    p class="kith-body" { "You asked: " (view.joining.question) }
                }
                table class="kith-table" {
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Their answer" } th scope="col" { "Asked" } th scope="col" { span class="kith-visually-hidden" { "Decision" } } } }
                    tbody {
                        @for m in &requests {
                            tr {
                                td { (m.name) }
                                td { @if m.answer.is_empty() { "(no answer)" } @else { (m.answer) } }
                                td { (long_date_time(m.since)) }
                                td {
                                    form method="post" action=(action("requests")) {
                                        (token.field())
                                        input type="hidden" name="person" value=(m.person_id);
                                        button class="kith-button" type="submit" name="decision" value="approve" { "Approve" span class="kith-visually-hidden" { " " (m.name) } }
                                        " "
                                        button class="kith-button kith-button--secondary" type="submit" name="decision" value="decline" { "Decline" span class="kith-visually-hidden" { " " (m.name) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 class="kith-heading-m" id="members" { "Members" }
            @if let Some(m) = form.error_for("members") {
                p class="kith-error-message" { span class="kith-visually-hidden" { "Error: " } (m) }
            }
            @if members.is_empty() {
                p class="kith-body" { "Nobody has joined yet." }
            } @else {
                table class="kith-table" {
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Joined" } th scope="col" { "Role" } th scope="col" { span class="kith-visually-hidden" { "Change role" } } } }
                    tbody {
                        @for m in &members {
                            @let organiser = m.membership == (Membership::Member { organiser: true });
                            tr {
                                td { (m.name) }
                                td { (long_date_time(m.since)) }
                                td { @if organiser { "Co-organiser" } @else { "Member" } }
                                td {
                                    form method="post" action=(action("co-organisers")) {
                                        (token.field())
                                        input type="hidden" name="person" value=(m.person_id);
                                        input type="hidden" name="organiser" value=(if organiser { "no" } else { "yes" });
                                        button class="kith-button kith-button--secondary" type="submit" {
                                            @if organiser { "Remove as co-organiser" } @else { "Make co-organiser" }
                                            span class="kith-visually-hidden" { ": " (m.name) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !invited.is_empty() {
                h2 class="kith-heading-m" { "Invited" }
                ul class="kith-list" { @for m in &invited { li { (m.name) } } }
            }
            h2 class="kith-heading-m" { "Invite someone" }
            form method="post" action=(action("invitations")) novalidate {
                (token.field())
                (form.input(Field::new("email", "Their email address").hint("They need a Kith account. We email them a link to the group.").kind("email", "off")))
                button class="kith-button" type="submit" { "Invite" }
            }
        },
    )
}

/// `GET /organise/groups/{id}/members`
pub async fn members(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let view = load_members(&state, viewer.actor.clone(), id.into_inner()).await?;
    let form = Form::new();
    Ok(form_response(&req, &form, |t| members_page(&view, &form, t)))
}

fn person_field(form: &Form) -> Result<i32, WebError> {
    form.value("person").trim().parse().map_err(|_| WebError::NotFound)
}

/// `POST /organise/groups/{id}/requests`: approve or decline one request.
pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let person = person_field(&form)?;
    let approve = match form.value("decision") {
        "approve" => true,
        "decline" => false,
        _ => return Err(WebError::BadRequest("Choose approve or decline.".into())),
    };
    let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
    // It emails the person, so it runs as a journey: the mail worker is woken.
    state
        .transact(move |c| g::decide(c, &site, &actor, id, person, approve, now()))
        .await??;
    Ok(see_other(&format!("/organise/groups/{id}/members")))
}

/// `POST /organise/groups/{id}/co-organisers`: appoint or remove one.
pub async fn co_organiser(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let person = person_field(&form)?;
    let organiser = form.value("organiser") == "yes";
    let actor = viewer.actor.clone();
    let done = change(&state, move |c| g::set_co_organiser(c, &actor, id, person, organiser)).await?;
    if let Err(refusal) = done {
        // The group's only organiser cannot step down: shown on the page.
        let view = load_members(&state, viewer.actor.clone(), id).await?;
        let mut form = Form::new();
        form.error(refusal.field, refusal.message);
        return Ok(form_response(&req, &form, |t| members_page(&view, &form, t)));
    }
    Ok(see_other(&format!("/organise/groups/{id}/members")))
}

/// `POST /organise/groups/{id}/invitations`: invites an existing account.
pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    // Only the group's organisers may even ask who has an account.
    let view = load_members(&state, viewer.actor.clone(), id).await?;
    let typed = form.value("email").trim().to_owned();
    let found = state
        .accounts(move |c| {
            let email = accounts::person::normalise_email(&typed)?;
            accounts::person::find_by_email(c, &email)
        })
        .await?;
    let person = match found {
        Ok(Some(p)) if p.deleted_at.is_none() => p.id,
        Ok(_) => {
            form.error(
                "email",
                "There is no Kith account with that email address. Ask them to sign up first.",
            );
            return Ok(form_response(&req, &form, |t| members_page(&view, &form, t)));
        }
        Err(_) => {
            form.error("email", "Enter an email address like name@example.org");
            return Ok(form_response(&req, &form, |t| members_page(&view, &form, t)));
        }
    };
    let (actor, site) = (viewer.actor.clone(), state.accounts.site.clone());
    // It emails the person, so it runs as a journey: the mail worker is woken.
    state
        .transact(move |c| g::invite(c, &site, &actor, id, person, now()))
        .await??;
    Ok(see_other(&format!("/organise/groups/{id}/members")))
}

fn joining_page(group: &Listing, form: &Form, token: &Token) -> Markup {
    let title = format!("How people join {}", group.name);
    let options: Vec<(&str, &str)> = JoinPolicy::ALL.iter().map(|p| (p.code(), p.label())).collect();
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            form method="post" action={ "/organise/groups/" (group.id) "/joining" } novalidate {
                (token.field())
                (form.radios("policy", "Who can join?", None, &options))
                (form.input(Field::new("question", "A question for people asking to join (optional)").hint("For example, what would you like to get out of it? Only used when people ask to join.")))
                button class="kith-button" type="submit" { "Save" }
            }
        },
    )
}

/// `GET /organise/groups/{id}/joining`
pub async fn joining_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let view = load_members(&state, viewer.actor.clone(), id.into_inner()).await?;
    let form = Form::new()
        .with("policy", view.joining.policy.code())
        .with("question", &view.joining.question);
    Ok(form_response(&req, &form, |t| joining_page(&view.group, &form, t)))
}

/// `POST /organise/groups/{id}/joining`
pub async fn set_joining(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let id = id.into_inner();
    let view = load_members(&state, viewer.actor.clone(), id).await?;
    let Some(policy) = JoinPolicy::from_code(form.value("policy")) else {
        form.error("policy", "Choose who can join");
        return Ok(form_response(&req, &form, |t| joining_page(&view.group, &form, t)));
    };
    let (actor, question) = (viewer.actor.clone(), form.value("question").to_owned());
    match change(&state, move |c| g::set_joining(c, &actor, id, policy, &question, now())).await? {
        Ok(()) => Ok(see_other(&format!("/organise/groups/{id}/members"))),
        Err(refusal) => {
            form.error(refusal.field, refusal.message);
            Ok(form_response(&req, &form, |t| joining_page(&view.group, &form, t)))
        }
    }
}
