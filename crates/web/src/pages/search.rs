//! The search page: words, a postcode and filters as one GET form, so every
//! search is a link people can keep and share. With JavaScript the results
//! refresh as you type; without it the form works the same.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use directory::{Audience, Facility, Gazetteer, Kind, Reference};
use maud::{html, Markup};
use search::{Facets, Hit, ParamErrors, SearchParams, SearchResults, Sort};

use crate::components::long_date_time;
use crate::csrf::Token;
use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::shortlist;
use crate::state::{now, AppState};

const RADII: [&str; 8] = ["0.25", "0.5", "1", "2", "3", "5", "10", "20"];
const DAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];
const TIMES: [(&str, &str); 3] = [
    ("morning", "Morning"),
    ("afternoon", "Afternoon"),
    ("evening", "Evening"),
];

/// The query string as name/value pairs, in order.
pub fn pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, WebError> {
    serde_urlencoded::from_str(req.query_string())
        .map_err(|_| WebError::BadRequest("The address has a query that we could not read.".into()))
}

/// Parses the search parameters against the shipped postcodes and taxonomy.
pub fn parse(pairs: &[(String, String)], reference: &Reference) -> Result<SearchParams, ParamErrors> {
    let today = directory::recurrence::london_time(now()).date();
    SearchParams::parse(pairs, Gazetteer::london(), reference, today)
}

/// Runs a search off the async workers, on the search threads.
pub async fn run(state: &AppState, params: SearchParams) -> Result<SearchResults, WebError> {
    let index = state.search.clone();
    Ok(state.searchers.run(move || index.search(&params)).await??)
}

pub async fn search(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let pairs = pairs(&req)?;
    let partial = pairs.iter().any(|(k, v)| k == "partial" && v == "results");
    let typed = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let token = Token::for_request(&req);
    let listed = shortlist::ids_from(&req);
    let reference = state.reference.clone();
    let (status, results, params, error) = match parse(&pairs, &reference) {
        Ok(params) => {
            let started = !pairs.iter().all(|(k, v)| v.trim().is_empty() || k == "partial");
            let results = if started {
                Some(run(&state, params.clone()).await?)
            } else {
                None
            };
            (actix_web::http::StatusCode::OK, results, Some(params), None)
        }
        Err(e) => (actix_web::http::StatusCode::BAD_REQUEST, None, None, Some(e)),
    };
    // Where "Add to shortlist" comes back to: this search, as a whole page.
    let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "partial").collect();
    let here = format!("/search?{}", serde_urlencoded::to_string(&kept).unwrap_or_default());
    let view = View {
        reference: &reference,
        params: params.as_ref(),
        results: results.as_ref(),
        error: error.as_ref(),
        typed: &typed,
        token: &token,
        listed: &listed,
        here: &here,
    };
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .content_type("text/html; charset=utf-8");
    if let Some(c) = token.cookie(req.connection_info().scheme() == "https") {
        resp.cookie(c);
    }
    if partial {
        return Ok(resp.body(view.results_region().into_string()));
    }
    let title = match (&error, params.as_ref().map(|p| p.q.as_str())) {
        (Some(_), _) => "Error: Search".to_owned(),
        (None, Some(q)) if !q.is_empty() => format!("Search results for ‘{q}’"),
        _ => "Search".to_owned(),
    };
    Ok(resp.body(
        page(
            &title,
            &[Crumb {
                text: "Home",
                href: "/",
            }],
            view.body(),
        )
        .into_string(),
    ))
}

struct View<'a> {
    reference: &'a Reference,
    params: Option<&'a SearchParams>,
    results: Option<&'a SearchResults>,
    error: Option<&'a ParamErrors>,
    typed: &'a dyn Fn(&str) -> String,
    token: &'a Token,
    listed: &'a [i32],
    here: &'a str,
}

/// The id of the form field a parameter's error belongs to.
fn field_id(param: &str) -> &str {
    match param {
        "q" | "near" | "radius" | "interest" | "borough" | "audience" | "age" | "from" | "to" | "sort" => param,
        "kind" => "kind-any",
        "day" => "day-any",
        "time" => "time-any",
        "access" => "access-step_free",
        "free" => "free",
        _ => "q",
    }
}

/// The parameters in the order their fields come on the page, so the error
/// summary reads top to bottom like the form.
const FORM_ORDER: [&str; 18] = [
    "q", "near", "radius", "kind", "interest", "borough", "free", "day", "time", "access", "audience", "age", "from",
    "to", "when", "sort", "page", "per_page",
];

/// Each mistake as (field id, message), in the order of the form.
fn in_form_order(errors: &ParamErrors) -> Vec<(&str, &str)> {
    let mut out: Vec<(usize, &str, &str)> = errors
        .iter()
        .map(|e| {
            let place = FORM_ORDER
                .iter()
                .position(|p| *p == e.param)
                .unwrap_or(FORM_ORDER.len());
            (place, field_id(&e.param), e.message.as_str())
        })
        .collect();
    out.sort_by_key(|(place, _, _)| *place);
    out.into_iter().map(|(_, id, message)| (id, message)).collect()
}

impl View<'_> {
    /// The messages shown beside a parameter's field: its own, and those of
    /// parameters without a field of their own (`when`, `page`) that the
    /// error summary links to the same field.
    fn errors_for(&self, param: &str) -> Vec<&str> {
        let field = field_id(param);
        self.error
            .map(|errors| {
                errors
                    .iter()
                    .filter(|e| field_id(&e.param) == field)
                    .map(|e| e.message.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What a field's `aria-describedby` names: its hint, then its messages.
    fn described(&self, param: &str, hint: Option<&str>) -> Option<String> {
        let ids: Vec<String> = hint
            .map(str::to_owned)
            .into_iter()
            .chain((0..self.errors_for(param).len()).map(|i| {
                if i == 0 {
                    format!("{param}-error")
                } else {
                    format!("{param}-error-{i}")
                }
            }))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn group_class(&self, param: &str) -> &'static str {
        if self.errors_for(param).is_empty() {
            "kith-form-group"
        } else {
            "kith-form-group kith-form-group--error"
        }
    }

    fn message(&self, param: &str) -> Markup {
        html! {
            @for (i, m) in self.errors_for(param).into_iter().enumerate() {
                p class="kith-error-message" id={ (param) "-error" @if i > 0 { "-" (i) } } { span class="kith-visually-hidden" { "Error: " } (m) }
            }
        }
    }

    fn facets(&self) -> Option<&Facets> {
        self.results.map(|r| &r.facets)
    }

    fn count(&self, list: impl Fn(&Facets) -> &Vec<search::FacetCount>, value: &str) -> Option<u64> {
        self.facets()
            .map(|f| list(f).iter().find(|c| c.value == value).map_or(0, |c| c.count))
    }

    fn body(&self) -> Markup {
        let typed = self.typed;
        html! {
            h1 class="kith-heading-xl" { "Search" }
            @if let Some(errors) = self.error {
                (crate::forms::error_summary(in_form_order(errors)))
            }
            form class="kith-search-form" id="search-form" action="/search" method="get" role="search" data-live-search {
                div class="kith-grid-row" {
                    div class="kith-grid-column-two-thirds" {
                        div class=(self.group_class("q")) {
                            label class="kith-label" for="q" { "What would you like to do?" }
                            div class="kith-hint" id="q-hint" { "For example, painting, gardening or English classes" }
                            (self.message("q"))
                            input class="kith-input" id="q" name="q" type="search" value=(typed("q")) list="q-suggestions" autocomplete="off" aria-describedby=[self.described("q", Some("q-hint"))];
                            datalist id="q-suggestions" {}
                        }
                        div class=(self.group_class("near")) {
                            label class="kith-label" for="near" { "Near (optional)" }
                            div class="kith-hint" id="near-hint" { "A postcode, like SE11 5QY, or the first part of one, like SW9" }
                            (self.message("near"))
                            input class="kith-input kith-input--width-10" id="near" name="near" type="text" value=(typed("near")) autocomplete="postal-code" aria-describedby=[self.described("near", Some("near-hint"))];
                            button class="kith-button kith-button--secondary" id="use-my-location" type="button" hidden { "Use my location" }
                        }
                        div class=(self.group_class("radius")) {
                            label class="kith-label" for="radius" { "Within" }
                            (self.message("radius"))
                            @let radius = { let r = typed("radius"); if r.is_empty() { "2".to_owned() } else { r } };
                            select class="kith-select" id="radius" name="radius" aria-describedby=[self.described("radius", None)] {
                                @for r in RADII {
                                    option value=(r) selected[r == radius] { (r) " miles" }
                                }
                                @if !RADII.contains(&radius.as_str()) {
                                    option value=(radius) selected { (radius) " miles" }
                                }
                            }
                        }
                        button class="kith-button" type="submit" { "Search" }
                    }
                }
            }
            // The filters belong to the form above through their `form`
            // attribute, so the results beside them can hold forms of their
            // own (forms cannot nest).
            div class="kith-grid-row kith-search-form" {
                div class="kith-grid-column-one-third" {
                    (self.filters())
                }
                div class="kith-grid-column-two-thirds" {
                    p class="kith-visually-hidden" id="search-status" aria-live="polite" role="status" {}
                    div id="search-results" { (self.results_region()) }
                }
            }
        }
    }

    fn radio_group(&self, name: &str, legend: &str, any: &str, options: &[(String, String, Option<u64>)]) -> Markup {
        let current = (self.typed)(name);
        html! {
            div class=(self.group_class(name)) {
                fieldset aria-describedby=[self.described(name, None)] {
                    legend class="kith-heading-s" { (legend) }
                    (self.message(name))
                    div class="kith-choices" {
                        div class="kith-choice" {
                            input form="search-form" type="radio" id={ (name) "-any" } name=(name) value="" checked[current.is_empty()];
                            label for={ (name) "-any" } { (any) }
                        }
                        @for (value, label, count) in options {
                            div class="kith-choice" {
                                input form="search-form" type="radio" id={ (name) "-" (value) } name=(name) value=(value) checked[current == *value];
                                label for={ (name) "-" (value) } {
                                    (label)
                                    @if let Some(n) = count { " " span class="kith-count" { "(" (n) ")" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn filters(&self) -> Markup {
        let typed = self.typed;
        let kinds: Vec<(String, String, Option<u64>)> = Kind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_owned(),
                    crate::components::plural(*k).to_owned(),
                    self.count(|f| &f.kind, k.code()),
                )
            })
            .collect();
        let days: Vec<_> = DAYS
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned(), self.count(|f| &f.day, v)))
            .collect();
        let times: Vec<_> = TIMES
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned(), self.count(|f| &f.time, v)))
            .collect();
        let access_now: Vec<String> = self
            .params
            .map(|p| p.access.iter().flatten().map(|f| f.code().to_owned()).collect())
            .unwrap_or_default();
        let interest_now = typed("interest");
        let borough_now = typed("borough");
        let audience_now = typed("audience");
        let sort_now = typed("sort");
        html! {
            h2 class="kith-heading-m" { "Filters" }
            (self.radio_group("kind", "Show", "Everything", &kinds))
            div class=(self.group_class("interest")) {
                label class="kith-label" for="interest" { "Interest" }
                (self.message("interest"))
                select form="search-form" class="kith-select" id="interest" name="interest" aria-describedby=[self.described("interest", None)] {
                    option value="" { "Any interest" }
                    @for i in &self.reference.interests {
                        option value=(i.slug) selected[interest_now == i.slug] {
                            @if i.parent_id.is_some() { "\u{a0}\u{a0}" } (i.name)
                            @if let Some(n) = self.count(|f| &f.interest, &i.slug) { " (" (n) ")" }
                        }
                    }
                }
            }
            div class=(self.group_class("borough")) {
                label class="kith-label" for="borough" { "Borough" }
                (self.message("borough"))
                select form="search-form" class="kith-select" id="borough" name="borough" aria-describedby=[self.described("borough", None)] {
                    option value="" { "Anywhere in London" }
                    @for b in &self.reference.boroughs {
                        option value=(b.slug) selected[borough_now == b.slug] {
                            (b.name)
                            @if let Some(n) = self.count(|f| &f.borough, &b.slug) { " (" (n) ")" }
                        }
                    }
                }
            }
            div class=(self.group_class("free")) {
                (self.message("free"))
                div class="kith-choice" {
                    input form="search-form" type="checkbox" id="free" name="free" value="true" checked[!typed("free").is_empty()] aria-describedby=[self.described("free", None)];
                    label for="free" {
                        "Free only"
                        @if let Some(n) = self.count(|f| &f.free, "true") { " " span class="kith-count" { "(" (n) ")" } }
                    }
                }
            }
            (self.radio_group("day", "Day", "Any day", &days))
            (self.radio_group("time", "Time of day", "Any time", &times))
            div class=(self.group_class("access")) {
                fieldset aria-describedby=[self.described("access", Some("access-hint"))] {
                    legend class="kith-heading-s" { "Access" }
                    div class="kith-hint" id="access-hint" { "Show only places that have all of these" }
                    (self.message("access"))
                    div class="kith-choices" {
                        @for f in Facility::ALL {
                            div class="kith-choice" {
                                input form="search-form" type="checkbox" id={ "access-" (f.code()) } name="access" value=(f.code()) checked[access_now.iter().any(|a| a == f.code())];
                                label for={ "access-" (f.code()) } {
                                    (f.label())
                                    @if let Some(n) = self.count(|x| &x.access, f.code()) { " " span class="kith-count" { "(" (n) ")" } }
                                }
                            }
                        }
                    }
                }
            }
            div class=(self.group_class("audience")) {
                label class="kith-label" for="audience" { "Especially for" }
                (self.message("audience"))
                select form="search-form" class="kith-select" id="audience" name="audience" aria-describedby=[self.described("audience", None)] {
                    option value="" { "Anyone" }
                    @for a in Audience::ALL {
                        option value=(a.code()) selected[audience_now == a.code()] {
                            (a.label())
                            @if let Some(n) = self.count(|f| &f.audience, a.code()) { " (" (n) ")" }
                        }
                    }
                }
            }
            div class=(self.group_class("age")) {
                label class="kith-label" for="age" { "Age of the person" }
                (self.message("age"))
                input form="search-form" class="kith-input kith-input--width-10" id="age" name="age" aria-describedby=[self.described("age", None)] type="text" inputmode="numeric" value=(typed("age"));
            }
            div class=(self.group_class("from")) {
                label class="kith-label" for="from" { "Happening from" }
                (self.message("from"))
                input form="search-form" class="kith-input kith-input--width-10" id="from" name="from" aria-describedby=[self.described("from", None)] type="date" value=(typed("from"));
            }
            div class=(self.group_class("to")) {
                label class="kith-label" for="to" { "Until" }
                (self.message("to"))
                input form="search-form" class="kith-input kith-input--width-10" id="to" name="to" aria-describedby=[self.described("to", None)] type="date" value=(typed("to"));
            }
            div class=(self.group_class("sort")) {
                label class="kith-label" for="sort" { "Order" }
                (self.message("sort"))
                select form="search-form" class="kith-select" id="sort" name="sort" aria-describedby=[self.described("sort", None)] {
                    option value="relevance" selected[sort_now.is_empty() || sort_now == "relevance"] { "Best match" }
                    option value="distance" selected[sort_now == "distance"] { "Nearest first" }
                    option value="date" selected[sort_now == "date"] { "Soonest first" }
                }
            }
            button form="search-form" class="kith-button kith-button--secondary" type="submit" { "Apply filters" }
            p class="kith-body" { a href="/search" { "Clear search and filters" } }
        }
    }

    /// The part that JavaScript swaps in place as people type.
    fn results_region(&self) -> Markup {
        let (Some(results), Some(params)) = (self.results, self.params) else {
            return html! {
                @if self.error.is_none() {
                    p class="kith-body" data-summary { "Type what you would like to do, or choose a filter." }
                }
            };
        };
        let t = now();
        html! {
            p class="kith-body" data-summary { (summary(results, params)) }
            @if results.hits.is_empty() {
                (self.empty(params))
            } @else {
                ul class="kith-results" {
                    @for hit in &results.hits { (self.card(hit, t)) }
                }
                (pager(results, params))
            }
        }
    }

    fn card(&self, hit: &Hit, t: chrono::NaiveDateTime) -> Markup {
        html! {
            li {
                h3 class="kith-heading-s" { a href=(hit.url) { (hit.name) } }
                p class="kith-results__meta" {
                    (hit.kind.label())
                    @if hit.member_led { " " strong class="kith-tag kith-tag--green" { "Member-led" } }
                    @if let Some(b) = &hit.borough_name { " · " (b) }
                    " · " (hit.cost)
                    @if let (Some(d), Some(w)) = (hit.distance_miles, hit.walking_minutes) {
                        " · " (miles(d)) ", about " (walk(w))
                    }
                    @if let Some(next) = hit.next_occurrence.filter(|n| *n >= t - chrono::Duration::hours(6)) {
                        " · Next: " (long_date_time(next))
                    }
                }
                p class="kith-body" { (hit.summary) }
                @if !hit.first_visit.is_empty() {
                    p class="kith-body-s" { strong { "First visit: " } (hit.first_visit) }
                }
                (shortlist::button(self.token, hit.id, self.listed.contains(&hit.id), self.here, &hit.name))
            }
        }
    }

    /// What was searched, and one-click ways to widen it.
    fn empty(&self, p: &SearchParams) -> Markup {
        let mut widen: Vec<(String, String)> = vec![];
        if let Some(near) = &p.near {
            if near.radius_miles < search::MAX_RADIUS_MILES {
                let wider = (near.radius_miles * 2.0).clamp(1.0, search::MAX_RADIUS_MILES);
                let mut q = p.clone();
                if let Some(n) = q.near.as_mut() {
                    n.radius_miles = wider;
                }
                widen.push((format!("Search a wider area ({} miles)", trim_number(wider)), link(&q)));
            }
        }
        let mut drop = |label: &str, f: &dyn Fn(&mut SearchParams)| {
            let mut q = p.clone();
            f(&mut q);
            if q != *p {
                widen.push((label.to_owned(), link(&q)));
            }
        };
        drop("Remove the postcode", &|q| q.near = None);
        drop("Any kind of listing", &|q| q.kinds.clear());
        drop("Any interest", &|q| q.interests.clear());
        drop("Anywhere in London", &|q| q.boroughs.clear());
        drop("Include paid activities", &|q| q.free = false);
        drop("Any day", &|q| q.days.clear());
        drop("Any time of day", &|q| q.times.clear());
        drop("Without the access needs", &|q| q.access.clear());
        drop("For anyone", &|q| q.audiences.clear());
        drop("Any age", &|q| q.age = None);
        drop("Any dates", &|q| {
            q.from = None;
            q.to = None;
        });
        // Related interests: the chosen interest's parent and siblings.
        let related: Vec<_> = p
            .interests
            .iter()
            .flatten()
            .filter_map(|slug| self.reference.interest_by_slug(slug))
            .filter_map(|i| i.parent_id.or(Some(i.id)))
            .flat_map(|parent| self.reference.children(parent).take(6).collect::<Vec<_>>())
            .collect();
        html! {
            h2 class="kith-heading-m" { "No results" }
            p class="kith-body" { "Nothing matched. You could:" }
            ul class="kith-list kith-list--bullet" {
                @for (label, href) in &widen { li { a href=(href) { (label) } } }
                li { "check the spelling, or use fewer or different words" }
                li { a href="/get-help" { "ask the connecting team" } " — they know what is on locally" }
                li { a href="/groups/start" { "start a group yourself" } " — we check it, then people can find it and join" }
            }
            @if !related.is_empty() {
                h3 class="kith-heading-s" { "Related interests" }
                ul class="kith-list kith-list--inline" {
                    @for i in related.iter().take(8) { li { a href={ "/search?interest=" (i.slug) } { (i.name) } } }
                }
            }
        }
    }
}

fn link(p: &SearchParams) -> String {
    let mut pairs = p.to_pairs();
    pairs.retain(|(k, _)| k != "page");
    format!("/search?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

fn pager(results: &SearchResults, p: &SearchParams) -> Markup {
    let pages = results.pages();
    if pages <= 1 {
        return html! {};
    }
    let current = u64::from(results.page);
    let at = |n: u64| {
        let mut q = p.clone();
        q.page = u32::try_from(n).unwrap_or(1);
        format!(
            "/search?{}",
            serde_urlencoded::to_string(q.to_pairs()).unwrap_or_default()
        )
    };
    html! {
        nav class="kith-pagination" aria-label="Results pages" {
            ul {
                @if current > 1 { li { a href=(at(current - 1)) rel="prev" { "Previous" span class="kith-visually-hidden" { " page" } } } }
                li { a href=(at(current)) aria-current="page" { "Page " (current) " of " (pages) } }
                @if current < pages && current < u64::from(search::MAX_PAGE) {
                    li { a href=(at(current + 1)) rel="next" { "Next" span class="kith-visually-hidden" { " page" } } }
                }
            }
        }
    }
}

fn summary(r: &SearchResults, p: &SearchParams) -> String {
    let what = match r.total {
        0 => "No results".to_owned(),
        1 => "1 result".to_owned(),
        n => format!("{n} results"),
    };
    let mut s = what;
    if !p.q.is_empty() {
        s.push_str(&format!(" for ‘{}’", p.q));
    }
    if let Some(near) = &p.near {
        s.push_str(&format!(" within {} of {}", miles(near.radius_miles), near.input));
    }
    if p.sort == Sort::Distance {
        s.push_str(", nearest first");
    } else if p.sort == Sort::Date {
        s.push_str(", soonest first");
    }
    if r.total > u64::from(r.per_page) {
        s.push_str(&format!(". Page {} of {}", r.page, r.pages()));
    }
    s
}

fn trim_number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

pub fn miles(d: f64) -> String {
    match trim_number(if d < 10.0 { (d * 10.0).round() / 10.0 } else { d.round() }).as_str() {
        "1" => "1 mile".to_owned(),
        "0" => "under 0.1 miles".to_owned(),
        n => format!("{n} miles"),
    }
}

fn walk(minutes: u32) -> String {
    match minutes {
        0 | 1 => "a minute's walk".to_owned(),
        m if m < 90 => format!("{m} minutes' walk"),
        m => format!("{} hours' walk", (f64::from(m) / 60.0).round()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_naturally() {
        assert_eq!(miles(0.04), "under 0.1 miles");
        assert_eq!(miles(0.44), "0.4 miles");
        assert_eq!(miles(1.0), "1 mile");
        assert_eq!(miles(12.6), "13 miles");
        assert_eq!(walk(8), "8 minutes' walk");
        assert_eq!(walk(1), "a minute's walk");
        assert_eq!(trim_number(0.25), "0.25");
        assert_eq!(trim_number(4.0), "4");
    }
}
