//! A member's email settings in one place (`/account/notifications`), the
//! page behind the weekly digest's unsubscribe link, and the member's home
//! (`/home`): what is next for them and what is new in their groups and
//! interests.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use community::digest::{self, NewListing};
use community::events::Answer;
use community::settings::{self, Settings};
use community::CommunityError;
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::Form;
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::community::{change, read, view};
use crate::pages::private_with_status;
use crate::pages::workflow::{form_response, see_other};
use crate::state::{now, AppState, MemberChoices};

const PATH: &str = "/account/notifications";

/// Queues this week's digests in batches, each batch one transaction
/// (tried again while SQLite is busy); returns how many members were
/// considered. The hourly job of `kith serve` calls it.
pub fn send_digests(pool: &store::Pool, site: &mail::Site) -> Result<i64, String> {
    const BATCH: i64 = 200;
    let mut total = 0;
    loop {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let n = crate::state::in_transaction(
            &mut conn,
            crate::state::BUSY_RETRIES,
            std::time::Duration::from_millis(5),
            &|c| digest::send_digests(c, site, now(), BATCH),
        )
        .map_err(|e| e.to_string())?;
        total += n;
        if n < BATCH {
            return Ok(total);
        }
    }
}

/// Deletes reminder records older than 30 days (the hourly job); returns
/// how many went.
pub fn prune_reminder_records(pool: &store::Pool) -> Result<usize, String> {
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    crate::state::in_transaction(
        &mut conn,
        crate::state::BUSY_RETRIES,
        std::time::Duration::from_millis(5),
        &|c| community::event_mail::prune_reminders(c, now()),
    )
    .map_err(|e| e.to_string())
}
const ON_OFF: [(&str, &str); 2] = [("on", "Yes"), ("off", "No")];

/// What the settings page shows besides the form: the member's groups.
struct Page<'a> {
    form: &'a Form,
    groups: &'a [(i32, String)],
    saved: bool,
}

fn settings_page(state: &AppState, p: &Page<'_>, token: &Token) -> Markup {
    let title = "Email notifications";
    let form = p.form;
    let reference = &state.reference;
    let boroughs: Vec<(String, &str)> = std::iter::once((String::new(), "Anywhere in London"))
        .chain(reference.boroughs.iter().map(|b| (b.id.to_string(), b.name.as_str())))
        .collect();
    let borough_options: Vec<(&str, &str)> = boroughs.iter().map(|(v, t)| (v.as_str(), *t)).collect();
    let group_values: Vec<(String, &str)> = p.groups.iter().map(|(id, n)| (id.to_string(), n.as_str())).collect();
    let group_options: Vec<(&str, &str)> = group_values.iter().map(|(v, t)| (v.as_str(), *t)).collect();
    page(
        &form.title(title),
        &[Crumb {
            text: "Your account",
            href: "/account",
        }],
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                @if p.saved && !form.has_errors() {
                    div class="kith-notification-banner kith-notification-banner--success" role="status" {
                        p class="kith-body" { "Your settings are saved." }
                    }
                }
                (form.summary())
                h1 class="kith-heading-l" { (title) }
                p class="kith-body" { "Choose which emails you get. Emails about your account, and changes to an event you are going to, always come." }
                form method="post" action=(PATH) novalidate {
                    (token.field())
                    (form.radios("replies", "Do you want an email when someone replies in a discussion you wrote in?", None, &ON_OFF))
                    (form.radios("new_events", "Do you want an email when there is a new event in one of your groups?", None, &ON_OFF))
                    (form.radios("reminders", "Do you want a reminder the day before each event you are going to?", Some("It has the time and place, and a calendar file."), &ON_OFF))
                    @if !group_options.is_empty() {
                        (form.checkboxes("muted", "Groups you do not want reply or new-event emails from", Some("Tick any to mute them. You stay a member."), &group_options))
                    }
                    h2 class="kith-heading-m" id="digest" { "Weekly email of new things" }
                    (form.radios("digest", "Do you want a weekly email of what is new in your interests?", Some("It comes once a week, only when there is something new."), &ON_OFF))
                    (form.select("borough", "Where should it look?", &borough_options))
                    (form.checkbox_groups("interests", "Your interests", Some("Tick up to 10. They are the interests on your profile too, and your home page uses them. Who can see them is set on your profile."), &crate::pages::referral::interest_groups(reference)))
                    button class="kith-button" type="submit" { "Save settings" }
                }
            } }
        },
    )
}

fn on(v: bool) -> &'static str {
    if v {
        "on"
    } else {
        "off"
    }
}

/// `GET /account/notifications`
pub async fn form(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let (s, groups) = read(&state, move |c| {
        Ok((settings::get(c, me)?, settings::member_groups(c, me)?))
    })
    .await?;
    let muted: Vec<String> = s.muted_groups.iter().map(i32::to_string).collect();
    let interests: Vec<String> = s.interests.iter().map(i32::to_string).collect();
    let form = Form::new()
        .with("replies", on(s.replies))
        .with("new_events", on(s.new_events))
        .with("reminders", on(s.reminders))
        .with("digest", on(s.digest))
        .with("borough", &s.borough_id.map(|b| b.to_string()).unwrap_or_default())
        .with_all("muted", &muted.iter().map(String::as_str).collect::<Vec<_>>())
        .with_all("interests", &interests.iter().map(String::as_str).collect::<Vec<_>>());
    let saved = req.query_string() == "saved";
    Ok(form_response(&req, &form, |t| {
        settings_page(
            &state,
            &Page {
                form: &form,
                groups: &groups,
                saved,
            },
            t,
        )
    }))
}

/// The answer to one yes/no question, or an error beside it.
fn yes_no(form: &mut Form, name: &str, message: &str) -> bool {
    match form.value(name) {
        "on" => true,
        "off" => false,
        _ => {
            form.error(name, message);
            false
        }
    }
}

fn ids(form: &mut Form, name: &str, message: &str) -> Vec<i32> {
    let parsed: Result<Vec<i32>, _> = form.values(name).iter().map(|v| v.parse::<i32>()).collect();
    parsed.unwrap_or_else(|_| {
        form.error(name, message);
        Vec::new()
    })
}

/// `POST /account/notifications`
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let replies = yes_no(&mut form, "replies", "Choose whether you want emails about replies");
    let new_events = yes_no(
        &mut form,
        "new_events",
        "Choose whether you want emails about new events",
    );
    let reminders = yes_no(&mut form, "reminders", "Choose whether you want reminders");
    let digest = yes_no(&mut form, "digest", "Choose whether you want the weekly email");
    let borough_id = match form.value("borough") {
        "" => None,
        v => match v
            .parse::<i32>()
            .ok()
            .filter(|id| state.reference.borough(*id).is_some())
        {
            Some(id) => Some(id),
            None => {
                form.error("borough", "Choose a borough from the list");
                None
            }
        },
    };
    let muted_groups = ids(&mut form, "muted", "Choose from the groups you are in");
    let interests = ids(&mut form, "interests", "Choose interests from the list");
    if interests.len() > settings::INTERESTS_MAX {
        form.error(
            "interests",
            format!("Choose up to {} interests", settings::INTERESTS_MAX),
        );
    }
    let me = viewer.person.id;
    if !form.has_errors() {
        let chosen = Settings {
            replies,
            new_events,
            reminders,
            digest,
            borough_id,
            interests,
            muted_groups,
        };
        match change(&state, move |c| settings::save(c, me, &chosen, now())).await? {
            Ok(()) => return Ok(see_other(&format!("{PATH}?saved"))),
            Err(refusal) => form.error(
                match refusal.field {
                    "groups" => "muted",
                    other => other,
                },
                refusal.message,
            ),
        }
    }
    let groups = read(&state, move |c| settings::member_groups(c, me)).await?;
    Ok(form_response(&req, &form, |t| {
        settings_page(
            &state,
            &Page {
                form: &form,
                groups: &groups,
                saved: false,
            },
            t,
        )
    }))
}

/// `GET /account/reminders`: reminders are one of the settings now.
pub async fn reminders_moved(_viewer: Viewer) -> HttpResponse {
    see_other(PATH)
}

fn simple_page(title: &str, body: Markup) -> Markup {
    page(title, &[], html! { h1 class="kith-heading-l" { (title) } (body) })
}

fn link_answer(req: &HttpRequest, result: Result<Markup, CommunityError>) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(req);
    match result {
        Ok(markup) => Ok(private_with_status(StatusCode::OK, markup, &token, req)),
        Err(CommunityError::Invalid { field: "link", .. }) => Ok(private_with_status(
            StatusCode::BAD_REQUEST,
            simple_page(
                "This link has expired or has already been used",
                html! {
                    p class="kith-body" { "You can turn the weekly email on or off in " a href=(PATH) { "your email settings" } "." }
                },
            ),
            &token,
            req,
        )),
        Err(e) => Err(e.into()),
    }
}

/// `GET /digest/off/{token}`: asks first, so a mail scanner opening the
/// link changes nothing.
pub async fn digest_off_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let raw = raw.into_inner();
    let action = format!("/digest/off/{raw}");
    let token = Token::for_request(&req);
    let found = state.transact(move |c| digest::peek_off_link(c, &raw)).await?;
    link_answer(
        &req,
        found.map(|()| {
            simple_page(
                "Stop the weekly email?",
                html! {
                    p class="kith-body" { "You will get no more weekly emails of what is new in your interests. Your other emails do not change." }
                    form method="post" action=(action) {
                        (token.field())
                        button class="kith-button" type="submit" { "Stop the weekly email" }
                    }
                },
            )
        }),
    )
}

/// `POST /digest/off/{token}`: the link works once.
pub async fn digest_off(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let raw = raw.into_inner();
    let done = state.transact(move |c| digest::use_off_link(c, &raw, now())).await?;
    link_answer(
        &req,
        done.map(|()| {
            simple_page(
                "The weekly email is off",
                html! { p class="kith-body" { "You can turn it on again in " a href=(PATH) { "your email settings" } "." } },
            )
        }),
    )
}

/// How many upcoming sessions the home page lists.
const NEXT_SHOWN: usize = 5;
/// How far back "new" reaches on the home page.
const NEW_DAYS: i64 = 14;

fn new_list(items: &[NewListing]) -> Markup {
    html! {
        ul class="kith-results" {
            @for l in items {
                li {
                    h3 class="kith-heading-s" { a href=(l.path()) { (l.name) } }
                    @if let Some(at) = l.starts_at.filter(|_| l.kind == directory::Kind::Event) {
                        p class="kith-results__meta" { (long_date_time(at)) }
                    }
                    p class="kith-body" { (l.summary) }
                }
            }
        }
    }
}

/// `GET /home`: the member's own home page.
pub async fn home(req: HttpRequest, state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let t = now();
    let since = t - chrono::Duration::days(NEW_DAYS);
    let (answers, members) = (state.answers.clone(), state.members.clone());
    let (group_events, nearby) = (state.group_events.clone(), state.nearby.clone());
    // Read before the transaction starts (see `view_with_access` in
    // discussions.rs for why).
    let counted = state.changes.count();
    let (next, in_groups, nearby, choices) = view(&state, move |c| {
        // The member's answers, what they chose and joined, and what is
        // new for those choices (the same for every member who made them)
        // come from the last few seconds unless something changed since.
        let next = answers.recall_or(
            me,
            counted,
            |_| true,
            || community::events::next_events(c, me, t, NEXT_SHOWN).map(Arc::new),
        )?;
        let choices = members.recall_or(
            me,
            counted,
            |_| true,
            || -> Result<_, CommunityError> {
                let (interests, borough) = settings::interests_and_borough(c, me)?;
                let organisations = digest::member_organisations(c, me)?;
                Ok(Arc::new(MemberChoices {
                    interests,
                    borough,
                    organisations,
                }))
            },
        )?;
        let in_groups = group_events.recall_or(
            choices.organisations.clone(),
            counted,
            |_| true,
            || digest::new_events_by(c, &choices.organisations, since, t).map(Arc::new),
        )?;
        let key = (choices.interests.clone(), choices.borough);
        let nearby = nearby.recall_or(
            key,
            counted,
            |_| true,
            || digest::new_listings(c, &choices.interests, choices.borough, since, t).map(Arc::new),
        )?;
        Ok((next, in_groups, nearby, choices))
    })
    .await?;
    let (interests, borough_id) = (&choices.interests, choices.borough);
    let token = Token::for_request(&req);
    let borough = borough_id
        .and_then(|b| state.reference.borough(b))
        .map(|b| b.name.clone());
    let body = page(
        "Your home",
        &[],
        html! {
            h1 class="kith-heading-l" { "Hello, " (viewer.person.display_name) }
            section aria-labelledby="next-heading" {
                h2 class="kith-heading-m" id="next-heading" { "What's next for you" }
                @if next.is_empty() {
                    p class="kith-body" { "You have not said you are going to anything coming up." }
                    p class="kith-body" { a href="/whats-on" { "See what's on this week" } " or " a href="/search" { "search for something to do" } "." }
                } @else {
                    ul class="kith-results" {
                        @for e in next.iter() {
                            li {
                                h3 class="kith-heading-s" { a href={ "/events/" (e.slug) } { (e.name) } }
                                p class="kith-results__meta" {
                                    (long_date_time(e.starts_at)) " · "
                                    @match e.answer {
                                        Answer::Going => "You are going",
                                        Answer::Waiting { position } => { "Number " (position) " on the waiting list" }
                                    }
                                }
                            }
                        }
                    }
                    p class="kith-body" { a href="/my/events" { "All your events" } }
                }
            }
            section aria-labelledby="groups-heading" {
                h2 class="kith-heading-m" id="groups-heading" { "New in your groups" }
                @if in_groups.is_empty() {
                    p class="kith-body" { "No new events in your groups in the last two weeks." }
                    p class="kith-body" { a href="/my/groups" { "Your groups" } " · " a href="/search?kind=group" { "Find a group to join" } }
                } @else {
                    (new_list(&in_groups))
                }
            }
            section aria-labelledby="nearby-heading" {
                h2 class="kith-heading-m" id="nearby-heading" {
                    "New in your interests"
                    @if let Some(b) = &borough { " in " (b) }
                }
                @if interests.is_empty() {
                    p class="kith-body" { "Tell us what you are interested in and where, and new things will show here." }
                    p class="kith-body" { a href={ (PATH) "#digest" } { "Choose your interests" } }
                } @else if nearby.is_empty() {
                    p class="kith-body" { "Nothing new in your interests in the last two weeks." }
                    p class="kith-body" { a href="/search" { "Search for something to do" } " or " a href={ (PATH) "#digest" } { "change your interests" } "." }
                } @else {
                    (new_list(&nearby))
                }
            }
            p class="kith-body" { a href=(PATH) { "Choose which emails you get" } }
        },
    );
    Ok(crate::pages::private(body, &token, &req))
}
