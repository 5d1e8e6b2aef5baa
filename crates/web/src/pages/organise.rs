//! Organisers' pages: the dashboard of their organisations and listings,
//! the form to add or change a listing (one page each for about, when,
//! where, who and cost, interests and contact, then "check your answers"
//! before it is sent), version history
//! with restore, co-organisers, and claiming an existing organisation.
//!
//! Ownership is the directory's to check: it answers `NotFound` for a
//! listing or organisation the person does not run, so guessing ids shows
//! nothing. Editors may use every page here too.

use std::collections::HashMap;

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use directory::listing::{ListingEdit, Tags};
use directory::publishing::{self as p, Names, ProposalStatus, ProposalView, Snapshot, Submitted};
use directory::recurrence::DAYS;
use directory::recurrence_form::RecurrenceForm;
use directory::{
    Audience, CostKind, Facility, Gazetteer, Kind, Listing, Opportunity, PostcodeQuery, Reference, Status,
};
use maud::{html, Markup};

use crate::auth::Viewer;
use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::Fields;
use crate::pages::workflow::{
    a_kind, changes_table, form_response, kind_from_segment, public_path, see_other, status_tag, write,
};
use crate::pages::{private, private_with_status};
use crate::state::{now, AppState};

fn crumbs() -> [Crumb<'static>; 1] {
    [Crumb {
        text: "Your organisations",
        href: "/organise",
    }]
}

/// Where a listing is, as its organisers need to know it: live, waiting,
/// or not published and why.
fn where_it_is(l: &Listing, proposals: &[ProposalView]) -> Markup {
    let pending = proposals.iter().any(|p| p.status == ProposalStatus::Pending);
    let rejected = proposals
        .iter()
        .find(|p| p.status != ProposalStatus::Withdrawn)
        .filter(|p| p.status == ProposalStatus::Rejected);
    html! {
        (status_tag(l.status))
        @if l.status == Status::Published && pending {
            " " strong class="kith-tag kith-tag--blue" { "Changes waiting for review" }
        }
        @if let Some(r) = rejected {
            @if !pending {
                br;
                span class="kith-body-s" { "Your last changes were not published. The editor said: " (r.reason) }
            }
        }
    }
}

#[derive(serde::Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn done_message(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "published" => "Your changes are on the site. Search shows them within a second.",
        "proposed" => "Thank you. An editor will check your changes before they appear on the site.",
        "claimed" => "Thank you. An editor will check your request and email you.",
        "checked" => "Thank you for confirming the listing is still correct.",
        "withdrawn" => "The invitation was withdrawn. Its link no longer works.",
        _ => return None,
    })
}

/// `GET /organise`: the organiser's dashboard.
pub async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(&req);
    let (me, reference) = (viewer.person.id, state.reference.clone());
    let orgs = state
        .read(move |c| {
            let mut out = Vec::new();
            for org in p::organisations_of(c, me)? {
                let mut proposals = p::proposals_of_organisation(c, me, org.id, &reference)?;
                let org_proposals = proposals.remove(&org.id).unwrap_or_default();
                let rows: Vec<_> = p::organisation_listings(c, me, org.id)?
                    .into_iter()
                    .map(|l| {
                        let of_listing = proposals.remove(&l.id).unwrap_or_default();
                        (l, of_listing)
                    })
                    .collect();
                out.push((org, org_proposals, rows));
            }
            Ok(out)
        })
        .await?;
    let actor = viewer.actor.clone();
    let open_reports =
        crate::pages::community::read(&state, move |c| community::moderation::organiser_open_count(c, &actor)).await?;
    let may_list = viewer.may(Action::ListOrganisation);
    let body = html! {
        @if let Some(m) = done_message(query.done.as_deref()) {
            div class="kith-inset-text" role="status" { p class="kith-body" { (m) } }
        }
        h1 class="kith-heading-l" { "Your organisations" }
        @if let Some(n) = open_reports {
            p class="kith-body" {
                a href="/organise/reports" { "Reports about your groups and events" }
                " (" (n) @if n == 1 { " open report" } @else { " open reports" } ")"
            }
        }
        @if orgs.is_empty() {
            p class="kith-body" { "You do not run any organisations on Kith yet." }
            p class="kith-body" { "If your organisation is already listed, find its page and choose \"Is this your organisation?\"." }
        }
        @for (org, org_proposals, rows) in &orgs {
            section aria-labelledby={ "org-" (org.id) } {
                h2 class="kith-heading-m" id={ "org-" (org.id) } { (org.name) }
                p class="kith-body" { (where_it_is(org, org_proposals)) }
                ul class="kith-list kith-list--inline" {
                    @if org.status == Status::Published { li { a href=(public_path(org)) { "See its page" } } }
                    li { a href={ "/organise/listings/" (org.id) "/edit" } { "Edit " span class="kith-visually-hidden" { (org.name) } } }
                    li { a href={ "/organise/listings/" (org.id) "/history" } { "History" span class="kith-visually-hidden" { " of " (org.name) } } }
                    li { a href={ "/organise/organisations/" (org.id) "/organisers" } { "Organisers" span class="kith-visually-hidden" { " of " (org.name) } } }
                }
                @if rows.is_empty() {
                    p class="kith-body" { "No groups, events or places yet." }
                } @else {
                    table class="kith-table" {
                        caption class="kith-visually-hidden" { "Listings of " (org.name) }
                        thead { tr { th scope="col" { "Listing" } th scope="col" { "Status" } th scope="col" { "Change" } } }
                        tbody {
                            @for (l, proposals) in rows {
                                tr {
                                    td {
                                        @if l.status == Status::Published { a href=(public_path(l)) { (l.name) } } @else { (l.name) }
                                        br; span class="kith-hint kith-body-s" { (l.kind.label()) }
                                    }
                                    td { (where_it_is(l, proposals)) }
                                    td {
                                        a href={ "/organise/listings/" (l.id) "/edit" } { "Edit" span class="kith-visually-hidden" { " " (l.name) } }
                                        " · "
                                        a href={ "/organise/listings/" (l.id) "/history" } { "History" span class="kith-visually-hidden" { " of " (l.name) } }
                                        @if l.kind != Kind::Place && l.starts_at.is_some() {
                                            " · "
                                            a href={ "/organise/listings/" (l.id) "/dates" } { "Dates" span class="kith-visually-hidden" { " of " (l.name) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                p class="kith-body" {
                    a class="kith-button kith-button--secondary" href={ "/organise/new/groups?organisation=" (org.id) } { "Add a group" span class="kith-visually-hidden" { " to " (org.name) } }
                    " "
                    a class="kith-button kith-button--secondary" href={ "/organise/new/events?organisation=" (org.id) } { "Add an event" span class="kith-visually-hidden" { " to " (org.name) } }
                    " "
                    a class="kith-button kith-button--secondary" href={ "/organise/new/places?organisation=" (org.id) } { "Add a place" span class="kith-visually-hidden" { " to " (org.name) } }
                }
            }
        }
        h2 class="kith-heading-m" { "Add a new organisation" }
        @if may_list {
            p class="kith-body" { "An editor checks new organisations before they appear on the site." }
            p class="kith-body" { a class="kith-button" href="/organise/new/organisations" { "Add a new organisation" } }
        } @else {
            p class="kith-body" { "Confirm your email address first: use the link we sent you when you signed up." }
        }
    };
    Ok(private(page("Your organisations", &[], body), &token, &req))
}

// ---- The listing form -------------------------------------------------

/// What the listing form needs besides the answers: what kind it is, the
/// organisation it belongs to and that organisation's places (venues).
struct Setting {
    kind: Kind,
    organisation: Option<i32>,
    places: Vec<Listing>,
    /// `None` for a new listing.
    listing: Option<Listing>,
    current: Option<Snapshot>,
    /// A group a member starts (or started) themselves: no organisation,
    /// so no organisation's places, and a new one goes to
    /// [`p::start_group`] rather than [`p::submit`].
    member_led: bool,
}

/// Where the listing form sits: under the member's groups for a
/// member-led group, else under their organisations.
fn setting_crumbs(setting: &Setting) -> [Crumb<'static>; 1] {
    if setting.member_led {
        [Crumb {
            text: "My groups",
            href: "/my/groups",
        }]
    } else {
        crumbs()
    }
}

fn blank(kind: Kind, organisation: Option<i32>) -> ListingEdit {
    ListingEdit {
        kind,
        slug: String::new(),
        name: String::new(),
        summary: String::new(),
        description: String::new(),
        organisation_id: if kind == Kind::Organisation { None } else { organisation },
        place_id: None,
        opportunity: if kind == Kind::Event {
            Opportunity::Event
        } else {
            Opportunity::Activity
        },
        cost_kind: CostKind::Free,
        cost_pence: None,
        cost_note: String::new(),
        age_min: None,
        age_max: None,
        first_visit: String::new(),
        contact_name: String::new(),
        contact_email: String::new(),
        contact_phone: String::new(),
        website: String::new(),
        booking_required: false,
        address: String::new(),
        postcode: None,
        latitude: None,
        longitude: None,
        borough_id: None,
        starts_at: None,
        ends_at: None,
        rrule: None,
    }
}

/// Domain field names that are not the form's.
fn form_field(field: &'static str) -> &'static str {
    match field {
        "starts_at" => "date",
        "ends_at" => "end_time",
        "age" => "age_min",
        "kind" | "organisation_id" | "organisation" => "name",
        "place_id" => "venue",
        other => other,
    }
}

fn pence_words(pence: Option<i32>) -> String {
    pence.map_or_else(String::new, |p| format!("{}.{:02}", p / 100, p % 100))
}

/// "3.50", "£3.50" or "3" as pence.
fn parse_pounds(typed: &str) -> Option<i32> {
    let t = typed.trim().trim_start_matches('£').trim();
    let (pounds, pence) = match t.split_once('.') {
        Some((a, b)) if b.len() == 2 || b.len() == 1 => (a, if b.len() == 1 { format!("{b}0") } else { b.to_owned() }),
        Some(_) => return None,
        None => (t, "00".to_owned()),
    };
    let pounds: i32 = pounds.parse().ok().filter(|p| (0..=10_000).contains(p))?;
    let pence: i32 = pence.parse().ok()?;
    Some(pounds * 100 + pence)
}

/// The form filled in from a stored state, for the edit page.
fn fill(s: &Snapshot, places: &[Listing]) -> Form {
    let f = &s.fields;
    let mut form = Form::new()
        .with("name", &f.name)
        .with("slug", &f.slug)
        .with("summary", &f.summary)
        .with("description", &f.description)
        .with("opportunity", f.opportunity.code())
        .with("cost_kind", f.cost_kind.code())
        .with("cost", &pence_words(f.cost_pence))
        .with("cost_note", &f.cost_note)
        .with("age_min", &f.age_min.map(|a| a.to_string()).unwrap_or_default())
        .with("age_max", &f.age_max.map(|a| a.to_string()).unwrap_or_default())
        .with("first_visit", &f.first_visit)
        .with("booking_required", if f.booking_required { "yes" } else { "no" })
        .with("contact_name", &f.contact_name)
        .with("contact_email", &f.contact_email)
        .with("contact_phone", &f.contact_phone)
        .with("website", &f.website)
        .with("address", &f.address)
        .with("postcode", f.postcode.as_deref().unwrap_or(""));
    let interests: Vec<String> = s.tags.interests.iter().map(i32::to_string).collect();
    form = form.with_all("interests", &interests.iter().map(String::as_str).collect::<Vec<_>>());
    let audiences: Vec<&str> = s.tags.audiences.iter().map(|a| a.code()).collect();
    form = form.with_all("audiences", &audiences);
    let facilities: Vec<&str> = s.tags.facilities.iter().map(|a| a.code()).collect();
    form = form.with_all("facilities", &facilities);
    let venue = match f.place_id {
        Some(id) if places.iter().any(|p| p.id == id) => id.to_string(),
        _ if f.kind == Kind::Group && f.address.is_empty() && f.postcode.is_none() => "none".to_owned(),
        _ => "address".to_owned(),
    };
    form = form.with("venue", &venue);
    match f.starts_at {
        Some(start) => {
            let r = RecurrenceForm::from_schedule(start, f.ends_at, f.rrule.as_deref());
            form = form
                .with("date", &r.date)
                .with("start_time", &r.start_time)
                .with("end_time", &r.end_time)
                .with("repeat", &r.repeat)
                .with("every_weeks", &r.every_weeks)
                .with("nth", &r.nth)
                .with("weekday", &r.weekday)
                .with_all("days", &r.days.iter().map(String::as_str).collect::<Vec<_>>());
        }
        None if f.kind == Kind::Group => form = form.with("repeat", "none"),
        None => {}
    }
    form
}

/// Reads the answers into the state to send, and the new place it happens
/// at when the organiser chose "a new place", putting every problem on the
/// form beside its field. `None` when there is anything to fix.
fn read(form: &mut Form, setting: &Setting, reference: &Reference) -> Option<(Snapshot, Option<Snapshot>)> {
    let kind = setting.kind;
    let (mut f, mut tags) = match &setting.current {
        Some(s) => (s.fields.clone(), s.tags.clone()),
        None => (blank(kind, setting.organisation), Tags::default()),
    };
    let text = |form: &Form, name: &str| form.value(name).trim().to_owned();
    f.name = text(form, "name");
    if f.name.is_empty() {
        form.error("name", "Enter the name");
    }
    let slug = text(form, "slug");
    f.slug = if slug.is_empty() {
        directory::slug::slugify(&f.name)
    } else {
        slug
    };
    f.summary = text(form, "summary");
    if f.summary.is_empty() {
        form.error("summary", "Enter a one-line summary");
    } else if f.summary.chars().count() > 300 {
        form.error("summary", "The summary must be 300 characters or fewer");
    }
    f.description = text(form, "description");
    if f.description.is_empty() {
        form.error("description", "Describe what happens, in a few sentences");
    } else if f.description.chars().count() > 5000 {
        form.error("description", "The description must be 5,000 characters or fewer");
    }
    if kind != Kind::Organisation {
        match Opportunity::from_code(form.value("opportunity")) {
            Some(o) => f.opportunity = o,
            None => form.error("opportunity", "Choose what kind of opportunity it is"),
        }
    }
    // When
    if matches!(kind, Kind::Group | Kind::Event) {
        if kind == Kind::Group && form.value("repeat") == "none" {
            (f.starts_at, f.ends_at, f.rrule) = (None, None, None);
        } else {
            let r = RecurrenceForm {
                date: form.value("date").to_owned(),
                start_time: form.value("start_time").to_owned(),
                end_time: form.value("end_time").to_owned(),
                repeat: form.value("repeat").to_owned(),
                days: form.values("days").into_iter().map(str::to_owned).collect(),
                every_weeks: form.value("every_weeks").to_owned(),
                nth: form.value("nth").to_owned(),
                weekday: form.value("weekday").to_owned(),
            };
            match r.parse() {
                Ok(r) => {
                    let s = r.schedule();
                    (f.starts_at, f.ends_at, f.rrule) = (Some(s.starts_at), s.ends_at, s.rrule);
                }
                Err(directory::DirectoryError::Invalid { field, message }) => form.error(field, message),
                Err(e) => form.error("date", e.to_string()),
            }
        }
    }
    // Where
    let venue = form.value("venue").to_owned();
    let uses_venue = matches!(kind, Kind::Group | Kind::Event);
    // A new place's address is typed in the same fields as the listing's.
    let new_place = uses_venue && venue == "new" && !setting.member_led;
    let own_address = !uses_venue || venue == "address" || new_place;
    if uses_venue {
        f.place_id = None;
        match venue.as_str() {
            "address" => {}
            "new" if new_place => {}
            "none" if kind == Kind::Group => {
                f.address.clear();
                (f.postcode, f.latitude, f.longitude) = (None, None, None);
            }
            id => match setting.places.iter().find(|p| p.id.to_string() == id) {
                Some(place) => {
                    f.place_id = Some(place.id);
                    f.address.clear();
                    f.postcode = None;
                    (f.latitude, f.longitude, f.borough_id) = (place.latitude, place.longitude, place.borough_id);
                }
                None => form.error("venue", "Choose where it happens"),
            },
        }
    }
    if own_address {
        f.address = text(form, "address");
        let postcode = text(form, "postcode");
        let needed = kind != Kind::Organisation;
        if needed && f.address.is_empty() {
            form.error("address", "Enter the address");
        }
        if postcode.is_empty() {
            if needed {
                form.error("postcode", "Enter the postcode, like SE11 5QY");
            }
            (f.postcode, f.latitude, f.longitude) = (None, None, None);
        } else {
            match Gazetteer::london().locate(&postcode) {
                Ok((PostcodeQuery::Full(pc), loc)) => {
                    f.postcode = Some(pc);
                    (f.latitude, f.longitude) = (Some(loc.latitude), Some(loc.longitude));
                    f.borough_id = reference.borough_by_code(&loc.borough_code()).map(|b| b.id);
                }
                Ok(_) => form.error("postcode", "Enter the full postcode, like SE11 5QY"),
                Err(directory::DirectoryError::Invalid { message, .. }) => form.error("postcode", message),
                Err(e) => form.error("postcode", e.to_string()),
            }
        }
    }
    // The group or event keeps the address too, so its page says where it
    // is while an editor reviews the new place.
    let place = if new_place {
        let name = text(form, "place_name");
        if name.is_empty() {
            form.error("place_name", "Enter the name of the place, like St Mark's Church Hall");
        }
        let mut p = blank(Kind::Place, setting.organisation);
        p.slug = directory::slug::slugify(&name);
        p.name = name;
        p.address = f.address.clone();
        p.postcode = f.postcode.clone();
        (p.latitude, p.longitude, p.borough_id) = (f.latitude, f.longitude, f.borough_id);
        Some(Snapshot::new(p, Tags::default()))
    } else {
        None
    };
    // Who, cost and access
    if kind != Kind::Organisation {
        if kind != Kind::Place {
            match CostKind::from_code(form.value("cost_kind")) {
                Some(CostKind::Price) => {
                    f.cost_kind = CostKind::Price;
                    match parse_pounds(form.value("cost")).filter(|p| *p > 0) {
                        Some(p) => f.cost_pence = Some(p),
                        None => form.error("cost", "Enter the price in pounds, like 3.50"),
                    }
                }
                Some(k) => (f.cost_kind, f.cost_pence) = (k, None),
                None => form.error("cost_kind", "Choose how much it costs"),
            }
            f.cost_note = text(form, "cost_note");
            match form.value("booking_required") {
                "yes" => f.booking_required = true,
                "no" => f.booking_required = false,
                _ => form.error("booking_required", "Choose whether people need to book"),
            }
        }
        for (name, slot) in [("age_min", &mut f.age_min), ("age_max", &mut f.age_max)] {
            match form.value(name).trim() {
                "" => *slot = None,
                typed => match typed.parse::<i32>().ok().filter(|a| (0..=120).contains(a)) {
                    Some(a) => *slot = Some(a),
                    None => form.error(name, "Enter an age as a number, like 18, or leave it empty"),
                },
            }
        }
        tags.audiences = form
            .values("audiences")
            .into_iter()
            .filter_map(Audience::from_code)
            .collect();
        f.first_visit = text(form, "first_visit");
        if f.first_visit.chars().count() > 2000 {
            form.error("first_visit", "This must be 2,000 characters or fewer");
        }
    }
    if kind == Kind::Place {
        tags.facilities = form
            .values("facilities")
            .into_iter()
            .filter_map(Facility::from_code)
            .collect();
    }
    tags.interests = form
        .values("interests")
        .into_iter()
        .filter_map(|v| v.parse::<i32>().ok())
        .filter(|id| reference.interest(*id).is_some())
        .collect();
    // Contact
    f.contact_name = text(form, "contact_name");
    f.contact_email = text(form, "contact_email");
    if !f.contact_email.is_empty() && mail::EmailAddress::parse(&f.contact_email).is_err() {
        form.error(
            "contact_email",
            "Enter an email address like name@example.org, or leave it empty",
        );
    }
    f.contact_phone = text(form, "contact_phone");
    f.website = text(form, "website");
    if !(f.website.is_empty() || f.website.starts_with("https://") || f.website.starts_with("http://")) {
        form.error("website", "Enter the full web address, starting https://");
    }
    (!form.has_errors()).then(|| (Snapshot::new(f, tags), place))
}

/// The pages of the listing form, one section each (GOV.UK "one thing per
/// page"), then "check your answers". Every answer travels in each page's
/// form as hidden fields, so nothing is stored until Send and the journey
/// works without JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    About,
    When,
    Where,
    Who,
    Interests,
    Contact,
    Check,
}

impl Step {
    const ALL: [Step; 7] = [
        Step::About,
        Step::When,
        Step::Where,
        Step::Who,
        Step::Interests,
        Step::Contact,
        Step::Check,
    ];

    /// The pages a kind of listing has, in order, ending with the check
    /// page: only groups and events have times, and organisations are not
    /// asked about cost and access.
    fn of(kind: Kind) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| match s {
                Step::When => matches!(kind, Kind::Group | Kind::Event),
                Step::Who => kind != Kind::Organisation,
                _ => true,
            })
            .collect()
    }

    fn code(self) -> &'static str {
        match self {
            Step::About => "about",
            Step::When => "when",
            Step::Where => "where",
            Step::Who => "who",
            Step::Interests => "interests",
            Step::Contact => "contact",
            Step::Check => "check",
        }
    }

    fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    fn title(self, kind: Kind) -> &'static str {
        match self {
            Step::About => "About it",
            Step::When => "When it happens",
            Step::Where => "Where it is",
            Step::Who if kind == Kind::Place => "Who it is for and access",
            Step::Who => "Who it is for, cost and access",
            Step::Interests => "Interests",
            Step::Contact => "Contact details",
            Step::Check => "Check your answers",
        }
    }

    /// The form fields this page asks; their problems are answered here.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Step::About => &["name", "summary", "description", "opportunity", "slug"],
            Step::When => &[
                "repeat",
                "date",
                "start_time",
                "end_time",
                "days",
                "every_weeks",
                "nth",
                "weekday",
            ],
            Step::Where => &["venue", "place_name", "address", "postcode"],
            Step::Who => &[
                "cost_kind",
                "cost",
                "cost_note",
                "booking_required",
                "audiences",
                "age_min",
                "age_max",
                "facilities",
                "first_visit",
            ],
            Step::Interests => &["interests"],
            Step::Contact => &["contact_name", "contact_email", "contact_phone", "website"],
            Step::Check => &[],
        }
    }

    /// The page that shows an answer of the check page (a key of
    /// [`p::diff`]); `None` for what nobody types (the map position).
    fn of_answer(key: &str) -> Option<Step> {
        Some(match key {
            "when" => Step::When,
            "place" | "address" | "postcode" | "borough" | "boroughs_served" => Step::Where,
            "cost" | "cost_note" | "age" | "booking_required" | "first_visit" | "audiences" | "facilities" => Step::Who,
            "interests" => Step::Interests,
            "contact_name" | "contact_email" | "contact_phone" | "website" => Step::Contact,
            "map" => return None,
            _ => Step::About,
        })
    }

    /// The first page among `steps` with a problem on `form`.
    fn first_with_errors(steps: &[Step], form: &Form) -> Option<Step> {
        steps
            .iter()
            .copied()
            .find(|s| s.fields().iter().any(|f| form.error_for(f).is_some()))
    }
}

/// Fields never carried from page to page: the button pressed.
const NOT_CARRIED: &[&str] = &["go"];

fn form_title(setting: &Setting) -> String {
    match &setting.listing {
        Some(l) => format!("Change {}", l.name),
        None if setting.member_led => "Start a group".to_owned(),
        None => format!("Add {}", a_kind(setting.kind)),
    }
}

fn action(setting: &Setting) -> String {
    match &setting.listing {
        Some(l) => format!("/organise/listings/{}/edit", l.id),
        None if setting.member_led => START_PATH.to_owned(),
        None => format!("/organise/new/{}", setting.kind.path_segment()),
    }
}

/// Where a member starts a group of their own.
const START_PATH: &str = "/groups/start";

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

/// The questions of one page.
fn questions(step: Step, setting: &Setting, form: &Form, reference: &Reference) -> Markup {
    let kind = setting.kind;
    match step {
        Step::About => html! {
            (form.input(Field::new("name", "Name")))
            (form.input(Field::new("summary", "One-line summary").hint("What someone sees in search results, like \"A friendly walk around Tooting Common\"")))
            (form.textarea("description", "What happens", Some("What people do, who comes, what it is like")))
            @if kind != Kind::Organisation {
                (form.radios("opportunity", "What kind of opportunity is it?", None, &options(Opportunity::ALL, Opportunity::code, Opportunity::label)))
            }
            (form.input(Field::new("slug", "Web address on Kith (optional)").hint(&format!("The end of the page's address, after /{}/. Leave it empty to make one from the name", kind.path_segment()))))
        },
        Step::When => {
            let weekdays: Vec<(&str, &str)> = std::iter::once(("", "Choose")).chain(DAYS).collect();
            let mut repeats = vec![
                ("once", "Once (one date)"),
                ("weekly", "Every week, or every few weeks"),
                ("monthly", "Once a month, on the same weekday"),
            ];
            if kind == Kind::Group {
                repeats.push(("none", "It has no regular times"));
            }
            html! {
                (form.radios("repeat", "How often does it happen?", None, &repeats))
                (form.input(Field::new("date", "Date of the first session").hint("For example, 1/12/2026").width(10)))
                (form.input(Field::new("start_time", "Start time").hint("London time, for example 10:00 or 14:30").width(10)))
                (form.input(Field::new("end_time", "End time (optional)").width(10)))
                (form.checkboxes("days", "If it is weekly: on which days?", None, &DAYS))
                (form.input(Field::new("every_weeks", "If it is weekly: how many weeks apart?").hint("1 for every week, 2 for every other week").width(10)))
                (form.select("nth", "If it is monthly: which week of the month?", &[("", "Choose"), ("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("last", "Last")]))
                (form.select("weekday", "If it is monthly: on which day?", &weekdays))
            }
        }
        Step::Where => {
            let venue_ids: Vec<String> = setting.places.iter().map(|p| p.id.to_string()).collect();
            let mut venues: Vec<(&str, &str)> = setting
                .places
                .iter()
                .zip(&venue_ids)
                .map(|(p, id)| (id.as_str(), p.name.as_str()))
                .collect();
            if setting.member_led {
                venues.push(("address", "At an address: I will give it"));
            } else {
                venues.push(("address", "Somewhere else: I will give the address"));
                venues.push((
                    "new",
                    "A new place: I will give its name and address, and it is listed as one of your places",
                ));
            }
            if kind == Kind::Group {
                venues.push(("none", "It moves around, or happens online"));
            }
            let hint = (!setting.member_led).then_some("Places your organisation runs are listed first");
            html! {
                @if matches!(kind, Kind::Group | Kind::Event) {
                    (form.radios("venue", "Where does it happen?", hint, &venues))
                    @if !setting.member_led {
                        (form.input(Field::new("place_name", "If it is a new place: its name").hint("For example, St Mark's Church Hall")))
                    }
                }
                (form.textarea("address", if kind == Kind::Organisation { "Address (optional)" } else { "Address" }, Some("Building and street, not the postcode")))
                (form.input(Field::new("postcode", "Postcode").hint("For example, SE11 5QY. We use it to show where it is on the map and in search").kind("text", "postal-code").width(10)))
            }
        }
        Step::Who => html! {
            @if kind != Kind::Place {
                (form.radios("cost_kind", "How much does it cost?", None, &options(CostKind::ALL, CostKind::code, CostKind::label)))
                (form.input(Field::new("cost", "If it is paid: the price in pounds").hint("For example, 3.50").width(10)))
                (form.input(Field::new("cost_note", "About the cost (optional)").hint("For example, \"Free for carers\"")))
                (form.radios("booking_required", "Do people need to book?", None, &[("no", "No, they can just turn up"), ("yes", "Yes")]))
            }
            (form.checkboxes("audiences", "Is it especially for some people?", Some("Leave these empty if it is for everyone"), &options(Audience::ALL, Audience::code, Audience::label)))
            (form.input(Field::new("age_min", "Youngest age (optional)").width(10)))
            (form.input(Field::new("age_max", "Oldest age (optional)").width(10)))
            @if kind == Kind::Place {
                (form.checkboxes("facilities", "Which access facilities does it have?", None, &options(Facility::ALL, Facility::code, Facility::label)))
            }
            (form.textarea("first_visit", "What to expect on a first visit", Some("Who will meet them, what to bring, whether they can come with someone")))
        },
        Step::Interests => {
            let interest_ids: Vec<(i32, String)> =
                reference.interests.iter().map(|i| (i.id, i.id.to_string())).collect();
            let id_text = |id: i32| {
                interest_ids
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map_or("", |(_, s)| s.as_str())
            };
            html! {
                p class="kith-body" { "Tick the things it is about. People browsing an interest find it there." }
                @for top in reference.top_interests() {
                    @let opts: Vec<(&str, &str)> = std::iter::once((id_text(top.id), top.name.as_str()))
                        .chain(reference.children(top.id).map(|c| (id_text(c.id), c.name.as_str())))
                        .collect();
                    div class="kith-form-group" {
                        fieldset class="kith-fieldset" {
                            legend class="kith-fieldset__legend" { (top.name) }
                            div class="kith-checkboxes" {
                                @for (value, label) in &opts {
                                    @let id = format!("interest-{value}");
                                    div class="kith-checkboxes__item" {
                                        input class="kith-checkboxes__input" id=(id) name="interests" type="checkbox" value=(value) checked[form.values("interests").contains(value)];
                                        label class="kith-label kith-checkboxes__label" for=(id) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Step::Contact => html! {
            (form.input(Field::new("contact_name", "Contact name (optional)").kind("text", "off")))
            (form.input(Field::new("contact_email", "Contact email (optional)").kind("email", "off")))
            (form.input(Field::new("contact_phone", "Contact phone (optional)").kind("tel", "off").width(20)))
            (form.input(Field::new("website", "Website (optional)").hint("Starting https://")))
        },
        Step::Check => html! {},
    }
}

/// One page of the form. The check page shows `proposed`, every answer in
/// words with a "Change" button per page (and, for a change to a listing,
/// what would change).
fn step_page(
    setting: &Setting,
    step: Step,
    form: &Form,
    token: &Token,
    reference: &Reference,
    proposed: Option<&(Snapshot, Option<Snapshot>)>,
) -> Markup {
    let kind = setting.kind;
    let steps = Step::of(kind);
    let questions_count = steps.len() - 1;
    let number = steps.iter().position(|s| *s == step).unwrap_or(0) + 1;
    // The organisation travels on its own line below.
    let mut shown: Vec<&str> = step.fields().to_vec();
    shown.extend(NOT_CARRIED);
    shown.push("organisation");
    let whole = form_title(setting);
    page(
        &form.title(&format!("{} – {whole}", step.title(kind))),
        &setting_crumbs(setting),
        html! {
            @if number == 1 {
                @if setting.member_led {
                    a class="kith-back-link" href="/my/groups" { "Back to your groups" }
                } @else {
                    a class="kith-back-link" href="/organise" { "Back to your organisations" }
                }
            }
            @if number == 1 && setting.member_led && setting.listing.is_none() {
                p class="kith-body" { "Start a group around something you enjoy, like a walking group or a board-games night. You will run it: you can change its page and approve people who ask to join." }
                p class="kith-body" { "An editor checks every new group before it appears on Kith. Its page says it is member-led, and does not show your name or email address." }
            }
            (form.summary())
            form method="post" action=(action(setting)) novalidate {
                (token.field())
                input type="hidden" name="step" value=(step.code());
                @if let Some(org) = setting.organisation { input type="hidden" name="organisation" value=(org); }
                (form.hidden_fields_except(&shown))
                @if step == Step::Check {
                    span class="kith-caption-m" { (whole) }
                } @else {
                    span class="kith-caption-m" { "Step " (number) " of " (questions_count) " · " (whole) }
                }
                h1 class="kith-heading-l" { (step.title(kind)) }
                @if step == Step::Check {
                    @if let Some(proposed) = proposed {
                        (check_answers(setting, proposed, reference))
                    }
                    h2 class="kith-heading-m" { "Now send it" }
                    @if setting.member_led {
                        p class="kith-body" { "An editor checks your group before it appears on the site. We will email you when they have." }
                    } @else {
                        p class="kith-body" { "An editor checks changes before they appear, unless your organisation is trusted." }
                    }
                    button class="kith-button" type="submit" name="go" value="send" { "Send" }
                } @else {
                    (questions(step, setting, form, reference))
                    button class="kith-button" type="submit" name="go" value="continue" { "Continue" }
                }
                @if number > 1 {
                    " "
                    button class="kith-button kith-button--secondary" type="submit" name="go" value="back" { "Back" }
                }
            }
        },
    )
}

/// The check page's answers, a summary list per page of the form.
fn check_answers(setting: &Setting, (proposed, place): &(Snapshot, Option<Snapshot>), reference: &Reference) -> Markup {
    let kind = setting.kind;
    let mut names: HashMap<i32, String> = setting.places.iter().map(|p| (p.id, p.name.clone())).collect();
    if let Some(l) = &setting.listing {
        names.insert(l.id, l.name.clone());
    }
    let names = Names {
        reference,
        listings: &names,
    };
    // Against nothing, the diff is every answer given, in words.
    let answers = p::diff(None, proposed, names);
    let changes = setting
        .current
        .as_ref()
        .map(|current| p::diff(Some(current), proposed, names));
    html! {
        @for step in Step::of(kind).into_iter().filter(|s| *s != Step::Check) {
            @let title = step.title(kind);
            @let rows: Vec<_> = answers.iter().filter(|a| Step::of_answer(a.field) == Some(step)).collect();
            div id={ "check-" (step.code()) } {
                h2 class="kith-heading-m" { (title) }
                @if rows.is_empty() {
                    p class="kith-body" { span class="kith-hint" { "Nothing given" } }
                } @else {
                    dl class="kith-summary-list" {
                        @for a in rows {
                            div class="kith-summary-list__row" {
                                dt class="kith-summary-list__key" { (a.label) }
                                dd class="kith-summary-list__value" { (a.after) }
                            }
                        }
                    }
                }
                @if step == Step::Where {
                    @if let Some(place) = place {
                        p class="kith-body" { "It happens at a new place, " strong { (place.fields.name) } ", which is added as a place of your organisation." }
                    }
                }
                p class="kith-body" {
                    button class="kith-button kith-button--secondary" type="submit" name="go" value={ "change-" (step.code()) } {
                        "Change" span class="kith-visually-hidden" { " " (title.to_lowercase()) }
                    }
                }
            }
        }
        @if let Some(changes) = &changes {
            h2 class="kith-heading-m" { "What would change" }
            (changes_table(changes, "What you are sending"))
        }
    }
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    organisation: Option<i32>,
}

/// The setting of a new listing: the organisation must be one the person
/// runs (else 404); a new organisation needs a confirmed account (else 403).
async fn new_setting(
    state: &AppState,
    viewer: &Viewer,
    segment: &str,
    organisation: Option<i32>,
) -> Result<Setting, WebError> {
    let kind = kind_from_segment(segment).ok_or(WebError::NotFound)?;
    if kind == Kind::Organisation {
        viewer.require(Action::ListOrganisation)?;
        return Ok(Setting {
            kind,
            organisation: None,
            places: vec![],
            listing: None,
            current: None,
            member_led: false,
        });
    }
    let org = organisation.ok_or(WebError::NotFound)?;
    let me = viewer.person.id;
    let places = state
        .read(move |c| {
            Ok(p::organisation_listings(c, me, org)?
                .into_iter()
                .filter(|l| l.kind == Kind::Place)
                .collect())
        })
        .await?;
    Ok(Setting {
        kind,
        organisation: Some(org),
        places,
        listing: None,
        current: None,
        member_led: false,
    })
}

async fn edit_setting(state: &AppState, viewer: &Viewer, id: i32) -> Result<Setting, WebError> {
    let me = viewer.person.id;
    state
        .read(move |c| {
            let (l, current) = p::for_editing(c, me, id)?;
            let org = if l.kind == Kind::Organisation {
                None
            } else {
                l.organisation_id
            };
            let places = match org {
                Some(org) => p::organisation_listings(c, me, org)?
                    .into_iter()
                    .filter(|p| p.kind == Kind::Place && p.id != l.id)
                    .collect(),
                None => vec![],
            };
            let member_led = p::is_member_led(c, l.id)?;
            Ok(Setting {
                kind: l.kind,
                organisation: org,
                places,
                listing: Some(l),
                current: Some(current),
                member_led,
            })
        })
        .await
}

/// For someone whose email address is not confirmed and who asks to list
/// or claim an organisation or start a group (`action`, and `doing`: "list
/// a new organisation"): a 403
/// page that says why and sends a new link in one press, rather than a
/// bare "not allowed". `None` when they may go ahead.
fn unconfirmed(req: &HttpRequest, viewer: &Viewer, action: Action, doing: &str) -> Option<HttpResponse> {
    if viewer.may(action) {
        return None;
    }
    let token = Token::for_request(req);
    let title = "Confirm your email address first";
    let body = page(
        title,
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                h1 class="kith-heading-l" { (title) }
                p class="kith-body" { "Before you can " (doing) ", confirm that " strong { (viewer.person.email) } " is your email address, so editors and the people you invite know how to reach you." }
                p class="kith-body" { "Open the link in the email we sent you. If you cannot find it, we can send a new one: opening it confirms your address." }
                form method="post" action="/sign-in/link" {
                    (token.field())
                    input type="hidden" name="email" value=(viewer.person.email);
                    button class="kith-button" type="submit" { "Send me a new link" }
                }
                p class="kith-body" { a href="/account/email" { "Change your email address" } " if it is wrong." }
            } }
        },
    );
    Some(private_with_status(StatusCode::FORBIDDEN, body, &token, req))
}

/// `GET /organise/new/{kind}?organisation=…`
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    segment: web::Path<String>,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, WebError> {
    if segment.as_str() == Kind::Organisation.path_segment() {
        if let Some(refused) = unconfirmed(&req, &viewer, Action::ListOrganisation, "list a new organisation") {
            return Ok(refused);
        }
    }
    let setting = new_setting(&state, &viewer, &segment, query.organisation).await?;
    let token = Token::for_request(&req);
    let mut form = Form::new().with("booking_required", "no").with("cost_kind", "free");
    if setting.kind == Kind::Event {
        form = form.with("opportunity", "event").with("repeat", "once");
    }
    Ok(private(
        step_page(&setting, Step::About, &form, &token, &state.reference, None),
        &token,
        &req,
    ))
}

// ---- Member-led groups -------------------------------------------------

/// Where the confirmation of a started group is shown.
const START_SENT_PATH: &str = "/groups/start/sent";

/// The setting of a new member-led group: any member with a confirmed
/// email address, no organisation.
fn start_setting() -> Setting {
    Setting {
        kind: Kind::Group,
        organisation: None,
        places: vec![],
        listing: None,
        current: None,
        member_led: true,
    }
}

/// `GET /groups/start`: the listing form for a group of one's own.
pub async fn start_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, WebError> {
    if let Some(refused) = unconfirmed(&req, &viewer, Action::StartGroup, "start a group") {
        return Ok(refused);
    }
    let token = Token::for_request(&req);
    let form = Form::new()
        .with("booking_required", "no")
        .with("cost_kind", "free")
        .with("opportunity", "activity");
    Ok(private(
        step_page(&start_setting(), Step::About, &form, &token, &state.reference, None),
        &token,
        &req,
    ))
}

/// `POST /groups/start`: every page of the form answers here.
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    if let Some(refused) = unconfirmed(&req, &viewer, Action::StartGroup, "start a group") {
        return Ok(refused);
    }
    save(req, state, viewer, start_setting(), form).await
}

/// `GET /groups/start/sent`: what happens next.
pub async fn start_sent(req: HttpRequest, _viewer: Viewer) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(&req);
    let title = "Thank you: your group is waiting for an editor";
    let body = page(
        title,
        &[Crumb {
            text: "My groups",
            href: "/my/groups",
        }],
        html! {
            div class="kith-panel kith-panel--confirmation" {
                h1 class="kith-panel__title" { "Thank you" }
                div class="kith-panel__body" { "Your group is waiting for an editor" }
            }
            p class="kith-body" { "An editor will check your group before it appears on the site. We will email you when they have, usually within a few days." }
            p class="kith-body" { "Once it is on the site, people can find it in search and ask to join. You run it: you can change its page and decide who joins." }
            p class="kith-body" { a href="/my/groups" { "Go to your groups" } }
        },
    );
    Ok(private(body, &token, &req))
}

/// `GET /organise/listings/{id}/edit`
pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let setting = edit_setting(&state, &viewer, id.into_inner()).await?;
    let token = Token::for_request(&req);
    let form = match &setting.current {
        Some(s) => fill(s, &setting.places),
        None => Form::new(),
    };
    Ok(private(
        step_page(&setting, Step::About, &form, &token, &state.reference, None),
        &token,
        &req,
    ))
}

/// `POST /organise/new/{kind}`
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    segment: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    if segment.as_str() == Kind::Organisation.path_segment() {
        if let Some(refused) = unconfirmed(&req, &viewer, Action::ListOrganisation, "list a new organisation") {
            return Ok(refused);
        }
    }
    let organisation = match form.value("organisation") {
        "" => None,
        typed => Some(typed.parse::<i32>().map_err(|_| WebError::NotFound)?),
    };
    let setting = new_setting(&state, &viewer, &segment, organisation).await?;
    save(req, state, viewer, setting, form).await
}

/// `POST /organise/listings/{id}/edit`
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let setting = edit_setting(&state, &viewer, id.into_inner()).await?;
    save(req, state, viewer, setting, form).await
}

/// Every page of the form posts here: `step` says which page was answered
/// and `go` which button was pressed (continue, back, change a page, send).
/// Each press reads every answer, but a page answers only for its own
/// fields; the check page and Send need them all, and send anyone back to
/// the first page with a problem.
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    setting: Setting,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let reference = state.reference.clone();
    let steps = Step::of(setting.kind);
    let step = Step::from_code(form.value("step"))
        .filter(|s| steps.contains(s))
        .unwrap_or(Step::About);
    let go = form.value("go").to_owned();
    let form = form.with_all("go", &[]);
    let show = |step: Step, form: &Form, proposed: Option<&(Snapshot, Option<Snapshot>)>| {
        form_response(&req, form, |token| {
            step_page(&setting, step, form, token, &reference, proposed)
        })
    };
    if let Some(target) = go
        .strip_prefix("change-")
        .and_then(Step::from_code)
        .filter(|s| steps.contains(s) && *s != Step::Check)
    {
        // Back to the check page once this page is answered again.
        return Ok(show(target, &form.with("checking", "yes"), None));
    }
    if go == "back" {
        let at = steps.iter().position(|s| *s == step).unwrap_or(0);
        return Ok(show(steps[at.saturating_sub(1)], &form, None));
    }
    let mut checked = form.clone();
    let proposed = read(&mut checked, &setting, &reference);
    if go != "send" && step != Step::Check {
        let mut here = checked.clone();
        here.retain_errors(step.fields());
        if here.has_errors() {
            return Ok(show(step, &here, None));
        }
        let at = steps.iter().position(|s| *s == step).unwrap_or(0);
        let next = if form.value("checking") == "yes" {
            Step::Check
        } else {
            steps.get(at + 1).copied().unwrap_or(Step::Check)
        };
        if next != Step::Check {
            return Ok(show(next, &form, None));
        }
    }
    let Some(proposed) = proposed else {
        let first = Step::first_with_errors(&steps, &checked).unwrap_or(Step::About);
        checked.retain_errors(first.fields());
        return Ok(show(first, &checked, None));
    };
    if go != "send" {
        return Ok(show(Step::Check, &form.with("checking", "yes"), Some(&proposed)));
    }
    let me = viewer.person.id;
    let listing = setting.listing.as_ref().map(|l| l.id);
    let kind = setting.kind;
    let site = state.accounts.site.clone();
    let starting = setting.member_led && listing.is_none();
    let result = write(&state, move |c| {
        if starting {
            // The group, its place in the editors' queue and its founder
            // as organiser of its members commit together.
            let done = p::start_group(c, me, &proposed.0, now())?;
            if let Submitted::Proposed { listing_id, .. } = &done {
                community::groups::add_founder(c, me, *listing_id, now()).map_err(community::digest::as_directory)?;
            }
            return Ok(done);
        }
        let done = match &proposed {
            (org, _) if kind == Kind::Organisation && listing.is_none() => p::create_organisation(c, me, org, now()),
            (proposed, Some(place)) => p::submit_with_new_place(c, listing, proposed, place, me, now()),
            (proposed, None) => p::submit(c, listing, proposed, me, now()),
        }?;
        // A new event going live tells its groups' members, in this transaction.
        if let Submitted::Published { listing, .. } = &done {
            community::digest::announce_event(c, &site, listing, now()).map_err(community::digest::as_directory)?;
        }
        Ok(done)
    })
    .await?;
    match result {
        Ok(_) if starting => Ok(see_other(START_SENT_PATH)),
        Ok(Submitted::Published { .. }) => Ok(see_other("/organise?done=published")),
        Ok(Submitted::Proposed { .. }) => Ok(see_other("/organise?done=proposed")),
        Err(refusal) => {
            // Beside its field, on the page that asks it; a refusal about
            // no field of the form goes on the first.
            let field = form_field(refusal.field);
            let mut form = form;
            match steps.iter().copied().find(|s| s.fields().contains(&field)) {
                Some(at) => {
                    form.error(field, refusal.message);
                    Ok(show(at, &form, None))
                }
                None => {
                    form.error("name", refusal.message);
                    Ok(show(Step::About, &form, None))
                }
            }
        }
    }
}

fn history_page(l: &Listing, versions: &[p::VersionSummary], token: &Token) -> Markup {
    let title = format!("History of {}", l.name);
    page(
        &title,
        &crumbs(),
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Every version that was published, newest first. Restoring an old version publishes it again as a new version (an editor checks it first unless your organisation is trusted)." }
            @if versions.is_empty() {
                p class="kith-body" { "Nothing has been published yet." }
            } @else {
                table class="kith-table" {
                    thead { tr { th scope="col" { "Version" } th scope="col" { "When and who" } th scope="col" { "What changed" } th scope="col" { span class="kith-visually-hidden" { "Restore" } } } }
                    tbody {
                        @for (i, v) in versions.iter().enumerate() {
                            tr {
                                td { (v.number) }
                                td { (long_date_time(v.created_at)) br; (v.author_name.as_deref().unwrap_or("Before history was kept")) }
                                td {
                                    (v.note)
                                    @if !v.changed.is_empty() { br; span class="kith-body-s" { (v.changed.join(", ")) } }
                                }
                                td {
                                    @if i > 0 {
                                        form method="post" action={ "/organise/listings/" (l.id) "/history/" (v.number) "/restore" } {
                                            (token.field())
                                            button class="kith-button kith-button--secondary" type="submit" { "Restore" span class="kith-visually-hidden" { " version " (v.number) } }
                                        }
                                    } @else { "Current" }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /organise/listings/{id}/history`
pub async fn history(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (me, id) = (viewer.person.id, id.into_inner());
    let (l, versions) = state
        .read(move |c| {
            let (l, _) = p::for_editing(c, me, id)?;
            Ok((l, p::history(c, id)?))
        })
        .await?;
    let token = Token::for_request(&req);
    Ok(private(history_page(&l, &versions, &token), &token, &req))
}

/// `POST /organise/listings/{id}/history/{number}/restore`
pub async fn restore(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(i32, i32)>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let ((id, number), me) = (path.into_inner(), viewer.person.id);
    let site = state.accounts.site.clone();
    let restored = write(&state, move |c| {
        let done = p::restore(c, id, number, me, now())?;
        // A restore is an edit like any other: an upcoming event whose
        // groups' members were never told of it is announced, as after
        // an edit (once only: see `announce_event`).
        if let Submitted::Published { listing, .. } = &done {
            community::digest::announce_event(c, &site, listing, now()).map_err(community::digest::as_directory)?;
        }
        Ok(done)
    })
    .await?;
    match restored {
        Ok(Submitted::Published { .. }) => Ok(see_other("/organise?done=published")),
        Ok(Submitted::Proposed { .. }) => Ok(see_other("/organise?done=proposed")),
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

// ---- Co-organisers ------------------------------------------------------

/// What the organisers page shows: who runs the organisation and who has
/// been invited and not yet accepted.
struct OrganisersView {
    org: Listing,
    people: Vec<p::OrganiserView>,
    invitations: Vec<p::PendingInvitation>,
}

fn organisers_page(view: &OrganisersView, me: i32, form: &Form, token: &Token, done: Option<&str>) -> Markup {
    let OrganisersView {
        org,
        people,
        invitations,
    } = view;
    let title = format!("Organisers of {}", org.name);
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            @if let Some(m) = done_message(done) {
                div class="kith-inset-text" role="status" { p class="kith-body" { (m) } }
            }
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "Organisers can change the organisation and everything it runs." }
            table class="kith-table" {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { span class="kith-visually-hidden" { "Remove" } } } }
                tbody {
                    @for o in people {
                        tr {
                            td { (o.name) @if o.person_id == me { " (you)" } }
                            td { (o.email) }
                            td {
                                @if people.len() > 1 {
                                    form method="post" action={ "/organise/organisations/" (org.id) "/organisers/remove" } {
                                        (token.field())
                                        input type="hidden" name="person" value=(o.person_id);
                                        button class="kith-button kith-button--secondary" type="submit" { "Remove" span class="kith-visually-hidden" { " " (o.name) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !invitations.is_empty() {
                h2 class="kith-heading-m" { "Invitations waiting" }
                p class="kith-body" { "These people have been emailed a link and have not accepted yet. Withdraw an invitation to stop its link working." }
                table class="kith-table" {
                    thead { tr { th scope="col" { "Email" } th scope="col" { "Sent" } th scope="col" { "Link works until" } th scope="col" { span class="kith-visually-hidden" { "Withdraw" } } } }
                    tbody {
                        @for i in invitations {
                            tr {
                                td { (i.email) }
                                td { (long_date_time(i.created_at)) }
                                td { (long_date_time(i.expires_at)) }
                                td {
                                    form method="post" action={ "/organise/organisations/" (org.id) "/invitations/withdraw" } {
                                        (token.field())
                                        input type="hidden" name="invitation" value=(i.id);
                                        button class="kith-button kith-button--secondary" type="submit" { "Withdraw" span class="kith-visually-hidden" { " the invitation to " (i.email) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 class="kith-heading-m" { "Add an organiser" }
            form method="post" action={ "/organise/organisations/" (org.id) "/organisers" } novalidate {
                (token.field())
                (form.input(Field::new("email", "Their email address").hint("If they have no Kith account yet, we email them an invitation").kind("email", "off")))
                button class="kith-button" type="submit" { "Add organiser" }
            }
        },
    )
}

async fn show_organisers(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
    done: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let view = state
        .read(move |c| {
            let people = p::organisers_of(c, me, id)?;
            Ok(OrganisersView {
                invitations: p::pending_invitations(c, me, id, now())?,
                org: directory::listing::get(c, id)?,
                people,
            })
        })
        .await?;
    Ok(form_response(req, &form, |token| {
        organisers_page(&view, me, &form, token, done)
    }))
}

/// `GET /organise/organisations/{id}/organisers`
pub async fn organisers(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    show_organisers(
        &req,
        &state,
        &viewer,
        id.into_inner(),
        Form::new(),
        query.done.as_deref(),
    )
    .await
}

/// `POST /organise/organisations/{id}/invitations/withdraw`: the link of a
/// waiting invitation stops working. One already accepted, expired or
/// withdrawn (a second press, another tab) is "not found", like one of
/// another organisation's.
pub async fn withdraw_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    let invitation: i32 = form.value("invitation").parse().map_err(|_| WebError::NotFound)?;
    match write(&state, move |c| p::withdraw_invitation(c, me, id, invitation, now())).await? {
        Ok(_) => Ok(see_other(&format!(
            "/organise/organisations/{id}/organisers?done=withdrawn"
        ))),
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

/// `POST /organise/organisations/{id}/organisers`: adds an existing account
/// at once and tells them by email; anyone else is emailed an invitation.
pub async fn add_organiser(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    // Only the organisation's organisers may even ask who has an account.
    state.read(move |c| p::organisers_of(c, me, id).map(drop)).await?;
    let typed = form.value("email").trim().to_owned();
    let found = state
        .accounts(move |c| {
            let email = accounts::person::normalise_email(&typed)?;
            let person = accounts::person::find_by_email(c, &email)?;
            Ok((email, person))
        })
        .await?;
    let parsed = found
        .ok()
        .and_then(|(email, person)| Some((mail::EmailAddress::parse(&email).ok()?, person)));
    let Some((email, person)) = parsed else {
        form.error("email", "Enter an email address like name@example.org");
        return show_organisers(&req, &state, &viewer, id, form, None).await;
    };
    let site = state.accounts.site.clone();
    let person = person.filter(|p| p.deleted_at.is_none()).map(|p| p.id);
    let done = write(&state, move |c| match person {
        Some(person) => p::add_and_tell(c, &site, me, id, person, now()),
        None => p::invite_organiser(c, &site, me, id, &email, now()).map(drop),
    })
    .await?;
    match done {
        Ok(()) => Ok(see_other(&format!("/organise/organisations/{id}/organisers"))),
        Err(refusal) => {
            form.error("email", refusal.message);
            show_organisers(&req, &state, &viewer, id, form, None).await
        }
    }
}

// ---- Invitations ----------------------------------------------------------

fn invitation_page(org: &Listing, token_path: &str, token: &Token) -> Markup {
    let title = format!("Help run {}", org.name);
    page(
        &title,
        &crumbs(),
        html! {
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "You have been invited to help keep " (org.name) "'s listings up to date. Organisers can change the organisation and everything it runs." }
            form method="post" action=(token_path) {
                (token.field())
                button class="kith-button" type="submit" { "Accept" }
            }
        },
    )
}

/// `GET /invitations/{token}`: signed-out visitors are sent to sign in (or
/// sign up) and come back here.
pub async fn invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    link: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ListOrganisation)?;
    let link = link.into_inner();
    let path = format!("/invitations/{link}");
    let org = state.read(move |c| p::invitation(c, &link, now())).await?;
    let token = Token::for_request(&req);
    Ok(private(invitation_page(&org, &path, &token), &token, &req))
}

/// `POST /invitations/{token}`: makes the signed-in person an organiser.
pub async fn accept_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    link: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ListOrganisation)?;
    Form::submitted(&req, fields.into_inner())?;
    let (link, me) = (link.into_inner(), viewer.person.id);
    match write(&state, move |c| p::accept_invitation(c, &link, me, now())).await? {
        Ok(_) => Ok(see_other("/organise")),
        Err(refusal) => Err(WebError::BadRequest(refusal.message)),
    }
}

/// `POST /organise/organisations/{id}/organisers/remove`: never the last one.
pub async fn remove_organiser(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    let person: i32 = form.value("person").parse().map_err(|_| WebError::NotFound)?;
    match write(&state, move |c| p::remove_organiser(c, me, id, person)).await? {
        Ok(()) if person == me => Ok(see_other("/organise")),
        Ok(()) => Ok(see_other(&format!("/organise/organisations/{id}/organisers"))),
        Err(refusal) => {
            form.error("email", refusal.message);
            show_organisers(&req, &state, &viewer, id, form, None).await
        }
    }
}

// ---- Claiming an organisation -------------------------------------------

fn claim_page(org: &Listing, form: &Form, token: &Token) -> Markup {
    let title = format!("Is {} your organisation?", org.name);
    page(
        &form.title(&title),
        &[Crumb {
            text: &org.name,
            href: &public_path(org),
        }],
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            p class="kith-body" { "If you help run it, you can keep its listings up to date. An editor checks every request and emails you." }
            form method="post" action={ (public_path(org)) "/claim" } novalidate {
                (token.field())
                (form.textarea("message", "How are you involved with it?", Some("For example, \"I am the coordinator; you can check with our chair, Sam, on 020 7946 0001\"")))
                button class="kith-button" type="submit" { "Send request" }
            }
        },
    )
}

async fn claimable(state: &AppState, slug: String) -> Result<Listing, WebError> {
    Ok(state
        .read(move |c| directory::listing::find_public(c, Kind::Organisation, &slug, now()))
        .await?
        .listing)
}

/// `GET /organisations/{slug}/claim`: confirmed accounts only.
pub async fn claim_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    if let Some(refused) = unconfirmed(&req, &viewer, Action::ListOrganisation, "claim an organisation") {
        return Ok(refused);
    }
    let org = claimable(&state, slug.into_inner()).await?;
    let token = Token::for_request(&req);
    Ok(private(claim_page(&org, &Form::new(), &token), &token, &req))
}

/// `POST /organisations/{slug}/claim`
pub async fn claim(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    if let Some(refused) = unconfirmed(&req, &viewer, Action::ListOrganisation, "claim an organisation") {
        return Ok(refused);
    }
    let org = claimable(&state, slug.into_inner()).await?;
    let (me, id, message) = (viewer.person.id, org.id, form.value("message").to_owned());
    match write(&state, move |c| p::claim_organisation(c, me, id, &message, now())).await? {
        Ok(_) => Ok(see_other("/organise?done=claimed")),
        Err(refusal) => {
            // Every refusal here is about the request as a whole or its
            // message, so it goes beside the one field.
            form.error("message", refusal.message);
            Ok(form_response(&req, &form, |token| claim_page(&org, &form, token)))
        }
    }
}

/// `POST /organise/listings/{id}/still-correct`: a signed-in organiser
/// confirms a listing without changing it.
pub async fn mark_checked(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    state.read(move |c| p::mark_checked(c, me, id, now()).map(drop)).await?;
    Ok(see_other("/organise?done=checked"))
}

// ---- Cancelling a date --------------------------------------------------

/// How a session's start travels in the form: its UTC time, exactly.
const SESSION_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

fn dates_page(l: &Listing, upcoming: &[directory::Occurrence], form: &Form, token: &Token) -> Markup {
    let title = format!("Dates of {}", l.name);
    // Sessions travel by their usual start, which cancellations and moves
    // are kept against.
    let values: Vec<(String, String)> = upcoming
        .iter()
        .filter(|o| o.cancelled.is_none())
        .map(|o| {
            (
                o.original().format(SESSION_FORMAT).to_string(),
                long_date_time(o.starts_at),
            )
        })
        .collect();
    let options: Vec<(&str, &str)> = values.iter().map(|(v, t)| (v.as_str(), t.as_str())).collect();
    page(
        &form.title(&title),
        &crumbs(),
        html! {
            (form.summary())
            h1 class="kith-heading-l" { (title) }
            @let cancelled: Vec<_> = upcoming.iter().filter(|o| o.cancelled.is_some()).collect();
            @if !cancelled.is_empty() {
                h2 class="kith-heading-m" { "Cancelled" }
                ul class="kith-list kith-list--bullet" {
                    @for o in cancelled { li { (long_date_time(o.starts_at)) ": " (o.cancelled.as_deref().unwrap_or("")) } }
                }
            }
            @let moved: Vec<_> = upcoming.iter().filter_map(|o| o.moved.as_ref().map(|m| (o, m))).collect();
            @if !moved.is_empty() {
                h2 class="kith-heading-m" { "Moved" }
                ul class="kith-list kith-list--bullet" {
                    @for (o, m) in moved { li { (long_date_time(m.from)) " is on " (long_date_time(o.starts_at)) " instead" } }
                }
            }
            @if l.status != Status::Published {
                p class="kith-body" { "You can cancel or move single dates once the listing is on the site." }
            } @else if options.is_empty() {
                p class="kith-body" { "There are no upcoming dates in the next three months." }
            } @else {
                h2 class="kith-heading-m" { "Cancel a date" }
                form method="post" action={ "/organise/listings/" (l.id) "/dates" } novalidate {
                    (token.field())
                    (form.radios("occurrence", "Which date is cancelled?", Some("The rest go ahead as usual"), &options))
                    (form.input(Field::new("reason", "Why? (optional)").hint("Shown on the listing, for example \"Hall closed for repairs\"")))
                    button class="kith-button kith-button--warning" type="submit" { "Cancel this date" }
                }
                @if l.rrule.is_some() {
                    h2 class="kith-heading-m" { "Move a date" }
                    form method="post" action={ "/organise/listings/" (l.id) "/dates/move" } novalidate {
                        (token.field())
                        (form.radios("session", "Which date is moving?", Some("The rest stay at their usual time"), &options))
                        (form.input(Field::new("date", "New date").hint("For example, 1/12/2026").width(10)))
                        (form.input(Field::new("start_time", "New start time").hint("London time, for example 10:00 or 14:30").width(10)))
                        (form.input(Field::new("end_time", "New end time (optional)").width(10)))
                        (form.input(Field::new("note", "Note (optional)").hint("Shown on the listing, for example \"The hall is booked that Tuesday\"")))
                        button class="kith-button" type="submit" { "Move this date" }
                    }
                }
            }
        },
    )
}

async fn show_dates(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let me = viewer.person.id;
    let (l, upcoming) = state
        .read(move |c| {
            let (l, _) = p::for_editing(c, me, id)?;
            let upcoming = if l.status == Status::Published {
                directory::listing::find_public(c, l.kind, &l.slug, now())?.upcoming
            } else {
                vec![]
            };
            Ok((l, upcoming))
        })
        .await?;
    Ok(form_response(req, &form, |token| {
        dates_page(&l, &upcoming, &form, token)
    }))
}

/// `GET /organise/listings/{id}/dates`
pub async fn dates(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    show_dates(&req, &state, &viewer, id.into_inner(), Form::new()).await
}

/// `POST /organise/listings/{id}/dates`: cancels one session.
pub async fn cancel_date(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    let Ok(start) = NaiveDateTime::parse_from_str(form.value("occurrence"), SESSION_FORMAT) else {
        form.error("occurrence", "Choose the date that is cancelled");
        return show_dates(&req, &state, &viewer, id, form).await;
    };
    let reason = form.value("reason").trim().chars().take(200).collect::<String>();
    let site = state.accounts.site.clone();
    let done = write(&state, move |c| {
        // The directory's cancel does not check who asks: check here first.
        let (l, _) = p::for_editing(c, me, id)?;
        // Cancelling twice would break the table's key: say so instead.
        let upcoming = directory::listing::find_public(c, l.kind, &l.slug, now())?.upcoming;
        if upcoming.iter().any(|o| o.original() == start && o.cancelled.is_some()) {
            return Err(directory::DirectoryError::invalid(
                "occurrence",
                "That date is already cancelled",
            ));
        }
        directory::listing::cancel_occurrence(c, id, start, &reason)?;
        // Everyone going or waiting is told, with the calendar file.
        if l.kind == Kind::Event {
            community::event_mail::tell_cancelled(c, &site, &l, start, now())
                .map_err(community::digest::as_directory)?;
        }
        Ok(())
    })
    .await?;
    match done {
        Ok(()) => Ok(see_other(&format!("/organise/listings/{id}/dates"))),
        Err(refusal) => {
            form.error("occurrence", refusal.message);
            show_dates(&req, &state, &viewer, id, form).await
        }
    }
}

/// Domain field names of a move that are not the form's.
fn move_field(field: &'static str) -> &'static str {
    match field {
        "occurrence" => "session",
        "starts_at" => "date",
        "ends_at" => "end_time",
        other => other,
    }
}

/// `POST /organise/listings/{id}/dates/move`: holds one session at another
/// time. The new date and times are London time, checked field by field.
pub async fn move_date(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<i32>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    use directory::recurrence_form::{parse_date, parse_time};
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let (id, me) = (id.into_inner(), viewer.person.id);
    let original = NaiveDateTime::parse_from_str(form.value("session"), SESSION_FORMAT).ok();
    if original.is_none() {
        form.error("session", "Choose the date that is moving");
    }
    let date = parse_date(form.value("date"));
    if date.is_none() {
        form.error("date", "Enter the new date, like 1/12/2026");
    }
    let start_time = parse_time(form.value("start_time"));
    if start_time.is_none() {
        form.error("start_time", "Enter the new start time, like 10:00 or 14:30");
    }
    let end_time = match form.value("end_time").trim() {
        "" => Ok(None),
        typed => parse_time(typed).map(Some).ok_or(()),
    };
    if end_time.is_err() {
        form.error("end_time", "Enter the new end time, like 12:00, or leave it empty");
    }
    let (Some(original), Some(date), Some(start_time), Ok(end_time)) = (original, date, start_time, end_time) else {
        return show_dates(&req, &state, &viewer, id, form).await;
    };
    let london = directory::recurrence::from_london_time;
    let to = p::NewTime {
        starts_at: london(date.and_time(start_time)),
        ends_at: end_time.map(|t| london(date.and_time(t))),
        note: form.value("note").to_owned(),
    };
    let site = state.accounts.site.clone();
    let moved = move |c: &mut store::AnyConnection| {
        let l = directory::listing::get(c, id)?;
        // An event's session as it stood, to tell those going what changed.
        let was = match l.kind {
            Kind::Event => community::event_mail::current_start(c, &l, original, now()).ok(),
            _ => None,
        };
        p::move_occurrence(c, me, id, original, &to, now())?;
        if let Some(was) = was {
            community::event_mail::tell_new_time(c, &site, &l, original, was, now())
                .map_err(community::digest::as_directory)?;
        }
        Ok(())
    };
    match write(&state, moved).await? {
        Ok(()) => Ok(see_other(&format!("/organise/listings/{id}/dates"))),
        Err(refusal) => {
            refusal.onto(&mut form, move_field);
            show_dates(&req, &state, &viewer, id, form).await
        }
    }
}
