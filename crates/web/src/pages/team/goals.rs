//! The person's goals and action plan, for the team only: goals in the
//! person's own words, small steps towards each (with a date, a listing in
//! the directory, what kind of activity it is, and how it is going), and
//! the activities accessed, counted by kind.
//!
//! A step's listing is chosen with "Find an activity" on the step form
//! (a search of the directory, with a Choose button per result), or from
//! the shortlist ([`plan`]: the person from the caseload, then the goal).
//!
//! Pages open the referral through [`super::open`], so every read is
//! audited; the referral crate checks every form.

use std::collections::HashMap;

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use directory::listing::ListingCard;
use maud::{html, Markup};
use referral::goals::{accessed, Activity, Goal, Step, StepForm, StepStatus};
use referral::Staff;
use serde::Deserialize;

use super::person::{
    confirmation, override_field, override_reason, overriding, person_name, show_errors, with_crumbs, Done,
};
use super::{open, Opened};
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

/// The published listings the steps go to, by id (a listing no longer
/// published is left out, and its step shows no link).
async fn listings_of(state: &AppState, steps: &[Step]) -> Result<HashMap<i32, ListingCard>, WebError> {
    let mut ids: Vec<i32> = steps.iter().filter_map(|s| s.listing_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let cards = state.db(move |c| directory::listing::cards_by_ids(c, &ids)).await?;
    Ok(cards.into_iter().map(|c| (c.id, c)).collect())
}

fn listing_href(card: &ListingCard) -> String {
    format!("/{}/{}", card.kind.path_segment(), card.slug)
}

fn done_words(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "goal" => Some("The goal has been added."),
        "step" => Some("The step has been saved."),
        _ => None,
    }
}

fn goals_page(opened: &Opened, listings: &HashMap<i32, ListingCard>, done: Option<&str>) -> Markup {
    let r = &opened.record.referral;
    let (goals, steps) = (&opened.record.goals, &opened.record.steps);
    let (counts, places) = accessed(steps);
    let changeable = r.anonymised_at.is_none();
    let title = "Goals and action plan";
    with_crumbs(
        title,
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) } { "Back to the referral" }
            (confirmation(done_words(done)))
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if changeable {
                a class="kith-button" href={ "/team/referrals/" (r.id) "/goals/new" } { "Add a goal" }
            }
            @if goals.is_empty() {
                p class="kith-body" { "No goals yet. Write them with the person, in their own words." }
            }
            @for goal in goals {
                (goal_section(r.id, goal, steps, listings, changeable))
            }
            h2 class="kith-heading-m" { "Activities accessed" }
            p class="kith-body" {
                "Steps the person has tried or does regularly, by kind: at "
                @if places == 1 { "1 listing" } @else { (places) " different listings" }
                " in the directory in all."
            }
            div class="kith-table-wrapper" tabindex="0" role="region" aria-label="Activities accessed" {
                table class="kith-table" {
                    thead { tr { th scope="col" { "Kind" } th scope="col" { "Accessed" } } }
                    tbody {
                        @for (activity, n) in &counts {
                            tr { th scope="row" { (activity.label()) } td { (n) } }
                        }
                    }
                }
            }
        },
    )
}

fn goal_section(
    referral_id: i32,
    goal: &Goal,
    steps: &[Step],
    listings: &HashMap<i32, ListingCard>,
    changeable: bool,
) -> Markup {
    let mine: Vec<&Step> = steps.iter().filter(|s| s.goal_id == goal.id).collect();
    html! {
        h2 class="kith-heading-m" { "“" (goal.words) "”" }
        @if mine.is_empty() {
            p class="kith-body" { "No steps yet." }
        } @else {
            div class="kith-table-wrapper" tabindex="0" role="region" aria-label={ "Steps towards " (goal.words) } {
                table class="kith-table" {
                    thead { tr {
                        th scope="col" { "Step" }
                        th scope="col" { "By" }
                        th scope="col" { "Where" }
                        th scope="col" { "Kind" }
                        th scope="col" { "How it is going" }
                        @if changeable { th scope="col" { span class="kith-visually-hidden" { "Change" } } }
                    } }
                    tbody {
                        @for s in &mine {
                            tr {
                                td { (s.words) }
                                td { @if let Some(d) = s.due_on { (d.format("%-d %B %Y")) } }
                                td {
                                    @if let Some(card) = s.listing_id.and_then(|id| listings.get(&id)) {
                                        a class="kith-link" href=(listing_href(card)) { (card.name) }
                                    }
                                }
                                td { (s.activity().map_or("", Activity::label)) }
                                td {
                                    (s.status().label())
                                    @if !s.stopped_why.is_empty() { ": " (s.stopped_why) }
                                }
                                @if changeable {
                                    td { a class="kith-link" href={ "/team/referrals/" (referral_id) "/steps/" (s.id) } { "Change" span class="kith-visually-hidden" { " " (s.words) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if changeable {
            p class="kith-body" {
                a class="kith-link" href={ "/team/referrals/" (referral_id) "/goals/" (goal.id) "/steps/new" } {
                    "Add a step" span class="kith-visually-hidden" { " towards " (goal.words) }
                }
            }
        }
    }
}

/// The person's goals and steps.
pub async fn goals(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    query: web::Query<Done>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let listings = listings_of(&state, &opened.record.steps).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::OK,
        goals_page(&opened, &listings, query.done.as_deref()),
        &token,
        &req,
    ))
}

fn erased_words() -> Markup {
    html! {
        div class="kith-inset-text" { p class="kith-body" { "This referral has been erased: nothing more can be added." } }
    }
}

fn goal_form_page(opened: &Opened, viewer: &Viewer, form: &Form, token: &Token) -> Markup {
    let r = &opened.record.referral;
    let title = "Add a goal";
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/goals" } { "Back to the goals" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if r.anonymised_at.is_some() {
                (erased_words())
            } @else {
                form id="casework-form" method="post" action={ "/team/referrals/" (r.id) "/goals/new" } novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.textarea("words", "What would they like to do?", Some("In the person's own words, for example “I want to go to the gym on my own”")))
                    button class="kith-button" type="submit" { "Add the goal" }
                }
            }
        },
    )
}

/// The form for a new goal.
pub async fn goal_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let opened = open(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    let status = opened.form_status();
    Ok(sensitive(
        status,
        goal_form_page(&opened, &viewer, &Form::new(), &token),
        &token,
        &req,
    ))
}

/// Adds a goal, or shows the form again with the problem.
pub async fn add_goal(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let id = id.into_inner();
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let opened = open(&state, &viewer, id).await?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let (actor, t, words) = (viewer.actor.clone(), now(), form.value("words").to_owned());
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(referral::goals::add_goal(c, &by, id, &words, t))
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/goals?done=goal"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        goal_form_page(&opened, &viewer, &form, &token),
        &token,
        &req,
    ))
}

/// Where a step's form is sent: a new step under a goal, or a change to
/// one step.
#[derive(Debug, Clone, Copy)]
enum StepTarget {
    New { goal_id: i32 },
    Change { step_id: i32 },
}

fn step_form_page(
    opened: &Opened,
    viewer: &Viewer,
    target: StepTarget,
    form: &Form,
    token: &Token,
    finder: &Finder,
) -> Markup {
    let r = &opened.record.referral;
    let (title, action) = match target {
        StepTarget::New { goal_id } => (
            "Add a step",
            format!("/team/referrals/{}/goals/{goal_id}/steps/new", r.id),
        ),
        StepTarget::Change { step_id } => ("Change a step", format!("/team/referrals/{}/steps/{step_id}", r.id)),
    };
    let goal_id = match target {
        StepTarget::New { goal_id } => Some(goal_id),
        StepTarget::Change { step_id } => opened.record.steps.iter().find(|s| s.id == step_id).map(|s| s.goal_id),
    };
    let goal = goal_id.and_then(|g| opened.record.goals.iter().find(|goal| goal.id == g));
    let activities: Vec<(&str, &str)> = std::iter::once(("", "Not an activity"))
        .chain(Activity::ALL.iter().map(|a| (a.code(), a.label())))
        .collect();
    let statuses: Vec<(&str, &str)> = StepStatus::ALL.iter().map(|s| (s.code(), s.label())).collect();
    with_crumbs(
        &form.title(title),
        r,
        html! {
            a class="kith-back-link" href={ "/team/referrals/" (r.id) "/goals" } { "Back to the goals" }
            (form.summary())
            span class="kith-caption-m" { "Referral " (r.reference) ", " (person_name(opened)) }
            h1 class="kith-heading-l" { (title) }
            @if let Some(goal) = goal {
                p class="kith-body" { "Towards: “" (goal.words) "”" }
            }
            @if r.anonymised_at.is_some() {
                (erased_words())
            } @else {
                (finder_section(&action, finder))
                form id="casework-form" method="post" action=(action) novalidate {
                    (token.field())
                    @if overriding(viewer, r) { (override_field(form)) }
                    (form.input(Field::new("words", "What is the step?").hint("Small and concrete, for example “Go to the open morning at the community garden”")))
                    (form.input(Field::new("due", "By when?").hint("Optional. For example, 14/12/2026").width(10)))
                    (form.input(Field::new("listing", "Link to the listing").hint("Optional. For example, /groups/pottery-club")))
                    (form.radios("activity", "What kind of activity is it?", Some("For the team's figures"), &activities))
                    (form.radios("status", "How is it going?", None, &statuses))
                    (form.textarea("stopped_why", "If they stopped, why?", Some("Needed when the step has stopped")))
                    button class="kith-button" type="submit" { "Save the step" }
                }
            }
        },
    )
}

/// The most activities "Find an activity" lists: enough to choose from
/// mid-conversation; more words narrow it down.
const FOUND_MAX: usize = 10;

/// What the step form's "Find an activity" asks the query string for:
/// words to search for, and a listing chosen from the results (its
/// address, like `/groups/pottery-club`). Both are GET, so it works
/// without JavaScript and nothing about the person goes in the address.
#[derive(Debug, Default, Deserialize)]
pub struct StepQuery {
    #[serde(default)]
    find: Option<String>,
    #[serde(default)]
    listing: Option<String>,
}

/// "Find an activity" on the step form: the words searched, what matched
/// (published listings, from the search index), and the listing chosen.
#[derive(Debug, Default)]
struct Finder {
    words: String,
    searched: bool,
    hits: Vec<search::Hit>,
    /// A chosen listing's address, for the step's listing field.
    chosen: Option<String>,
}

impl Finder {
    async fn from_query(state: &AppState, query: &StepQuery) -> Result<Finder, WebError> {
        let words: String = query.find.as_deref().unwrap_or("").trim().chars().take(100).collect();
        let chosen = query
            .listing
            .as_deref()
            .and_then(referral::goals::parse_listing_link)
            .map(|(kind, slug)| format!("/{}/{slug}", kind.path_segment()));
        let mut finder = Finder {
            searched: !words.is_empty(),
            words,
            hits: Vec::new(),
            chosen,
        };
        if finder.searched {
            // Only the words: a search the coach could have typed on /search.
            let pairs = [("q".to_owned(), finder.words.clone())];
            if let Ok(params) = crate::pages::search::parse(&pairs, &state.reference) {
                let results = crate::pages::search::run(state, params).await?;
                finder.hits = results.hits.into_iter().take(FOUND_MAX).collect();
            }
        }
        Ok(finder)
    }
}

/// The search box and its results, each with a "Choose" button that fills
/// in the step's listing.
fn finder_section(action: &str, finder: &Finder) -> Markup {
    let search = Form::new().with("find", &finder.words);
    html! {
        form class="kith-search" method="get" action=(action) role="search" {
            (search.input(Field::new("find", "Find an activity").hint("Search the directory to link the step to a group, place or event, for example pottery or walking")))
            button class="kith-button kith-button--secondary" type="submit" { "Search" }
        }
        @if let Some(link) = &finder.chosen {
            div class="kith-inset-text" role="status" { p class="kith-body" { "Chosen: " (link) ". Fill in the rest of the step and save it." } }
        }
        @if finder.searched {
            @if finder.hits.is_empty() {
                p class="kith-body" { "Nothing in the directory matches “" (finder.words) "”. Try other words." }
            } @else {
                h2 class="kith-heading-m" { "Activities matching “" (finder.words) "”" }
                ul class="kith-results" {
                    @for hit in &finder.hits {
                        li {
                            h3 class="kith-heading-s" { a href=(hit.url) { (hit.name) } }
                            p class="kith-results__meta" {
                                (hit.kind.label())
                                @if let Some(b) = &hit.borough_name { " · " (b) }
                                " · " (hit.cost)
                            }
                            form method="get" action=(action) {
                                input type="hidden" name="find" value=(finder.words);
                                input type="hidden" name="listing" value=(hit.url);
                                button class="kith-button kith-button--secondary" type="submit" {
                                    "Choose" span class="kith-visually-hidden" { " " (hit.name) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn step_form_of(form: &Form) -> StepForm {
    StepForm {
        words: form.value("words").to_owned(),
        due: form.value("due").to_owned(),
        listing: form.value("listing").to_owned(),
        activity: form.value("activity").to_owned(),
        status: form.value("status").to_owned(),
        stopped_why: form.value("stopped_why").to_owned(),
    }
}

/// The form for a new step towards a goal, planned.
pub async fn step_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    query: web::Query<StepQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, goal_id) = path.into_inner();
    let opened = open(&state, &viewer, id).await?;
    if !opened.record.goals.iter().any(|g| g.id == goal_id) {
        return Err(WebError::NotFound);
    }
    let token = Token::for_request(&req);
    let mut form = Form::new()
        .with("status", StepStatus::Planned.code())
        .with("activity", "");
    let finder = Finder::from_query(&state, &query).await?;
    if let Some(link) = &finder.chosen {
        form = form.with("listing", link);
    }
    Ok(sensitive(
        opened.form_status(),
        step_form_page(&opened, &viewer, StepTarget::New { goal_id }, &form, &token, &finder),
        &token,
        &req,
    ))
}

/// Adds a step, or shows the form again with every problem.
pub async fn add_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, goal_id) = path.into_inner();
    let form = Form::submitted(&req, fields.into_inner())?;
    save_step(req, &state, viewer, id, StepTarget::New { goal_id }, form).await
}

/// A step's form, filled in from what is stored.
pub async fn change_step_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    query: web::Query<StepQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, step_id) = path.into_inner();
    let opened = open(&state, &viewer, id).await?;
    let step = opened
        .record
        .steps
        .iter()
        .find(|s| s.id == step_id)
        .ok_or(WebError::NotFound)?;
    let listings = listings_of(&state, std::slice::from_ref(step)).await?;
    let link = step
        .listing_id
        .and_then(|l| listings.get(&l))
        .map(listing_href)
        .unwrap_or_default();
    let finder = Finder::from_query(&state, &query).await?;
    let link = finder.chosen.clone().unwrap_or(link);
    let form = Form::new()
        .with("words", &step.words)
        .with(
            "due",
            &step
                .due_on
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
        )
        .with("listing", &link)
        .with("activity", step.activity.as_deref().unwrap_or(""))
        .with("status", &step.status)
        .with("stopped_why", &step.stopped_why);
    let token = Token::for_request(&req);
    Ok(sensitive(
        opened.form_status(),
        step_form_page(&opened, &viewer, StepTarget::Change { step_id }, &form, &token, &finder),
        &token,
        &req,
    ))
}

/// Saves a change to a step, or shows the form again with every problem.
pub async fn change_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let (id, step_id) = path.into_inner();
    let form = Form::submitted(&req, fields.into_inner())?;
    save_step(req, &state, viewer, id, StepTarget::Change { step_id }, form).await
}

async fn save_step(
    req: HttpRequest,
    state: &AppState,
    viewer: Viewer,
    id: i32,
    target: StepTarget,
    mut form: Form,
) -> Result<HttpResponse, WebError> {
    let opened = open(state, &viewer, id).await?;
    let reason = override_reason(&viewer, &opened.record.referral, &form);
    let (actor, t, step) = (viewer.actor.clone(), now(), step_form_of(&form));
    let saved = state
        .transact(move |c| {
            let by = Staff::because(&actor, reason.text());
            reason.checked(match target {
                StepTarget::New { goal_id } => referral::goals::add_step(c, &by, id, goal_id, &step, t),
                StepTarget::Change { step_id } => referral::goals::update_step(c, &by, id, step_id, &step, t),
            })
        })
        .await?;
    let status = match saved {
        Ok(_) => return Ok(see_other(&format!("/team/referrals/{id}/goals?done=step"))),
        Err(e) => show_errors(e, &mut form)?,
    };
    let token = Token::for_request(&req);
    Ok(sensitive(
        status,
        step_form_page(&opened, &viewer, target, &form, &token, &Finder::default()),
        &token,
        &req,
    ))
}

#[derive(Debug, Deserialize)]
pub struct PlanQuery {
    /// The listing's id, from the shortlist.
    #[serde(default)]
    listing: Option<String>,
}

/// From the shortlist: add a listing to a person's plan. Lists the
/// worker's caseload with each person's goals; each goal links to a new
/// step towards it with the listing filled in (the step itself is saved
/// on its own form, as any other).
pub async fn plan(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<PlanQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ReferralQueue)?;
    let listing_id = query
        .listing
        .as_deref()
        .and_then(|l| l.trim().parse::<i32>().ok())
        .ok_or(WebError::NotFound)?;
    let card = state
        .db(move |c| directory::listing::cards_by_ids(c, &[listing_id]))
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    let (actor, worker, t) = (viewer.actor.clone(), viewer.person.id, now());
    let cases = state
        .transact(move |c| referral::goals::caseload_goals(c, &Staff::new(&actor), worker, t))
        .await??;
    let link = listing_href(&card);
    let title = format!("Add \u{201c}{}\u{201d} to a person's plan", card.name);
    let token = Token::for_request(&req);
    let body = html! {
        a class="kith-back-link" href="/shortlist" { "Back to the shortlist" }
        h1 class="kith-heading-l" { (title) }
        p class="kith-body" { "Choose the person from your caseload, then the goal it is a step towards. You fill in the rest of the step next." }
        @if cases.is_empty() {
            p class="kith-body" { "Nobody is allocated to you at the moment." }
        }
        @for (item, goals) in &cases {
            @let r = &item.referral;
            h2 class="kith-heading-m" {
                @if item.name.is_empty() { "(details erased)" } @else { (item.name) }
                " " span class="kith-caption-m" { (r.reference) }
            }
            @if goals.is_empty() {
                p class="kith-body" {
                    "No goals yet. "
                    a class="kith-link" href={ "/team/referrals/" (r.id) "/goals/new" } { "Write a goal with them first" }
                }
            } @else {
                ul class="kith-list kith-list--bullet" {
                    @for g in goals {
                        li {
                            a class="kith-link" href={ "/team/referrals/" (r.id) "/goals/" (g.id) "/steps/new?listing=" (link) } {
                                "Add as a step towards \u{201c}" (g.words) "\u{201d}"
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(sensitive(
        StatusCode::OK,
        crate::layout::page(&title, &[], body),
        &token,
        &req,
    ))
}
