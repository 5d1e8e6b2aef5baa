//! Upcoming events as a list by day: today, the next seven days, or a day
//! someone picks.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate, NaiveTime};
use directory::listing::whats_on;
use directory::recurrence::{clock, from_london_time, london_time};
use maud::html;

use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::public;
use crate::params::Params;
use crate::state::{now, AppState};

enum Window {
    Today,
    Week,
    Day(NaiveDate),
}

pub async fn whats_on_page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let params = Params::parse(req.query_string())?;
    let today = london_time(now()).date();
    let window = match (params.get("when"), params.date("date")?) {
        (_, Some(d)) => {
            if (d - today).num_days().abs() > 366 {
                return Err(WebError::BadRequest("Pick a date within a year of today.".into()));
            }
            Window::Day(d)
        }
        (Some("today"), None) => Window::Today,
        (Some("week") | None, None) => Window::Week,
        (Some(_), None) => return Err(WebError::BadRequest("Choose today or the next 7 days.".into())),
    };
    let midnight = |d: NaiveDate| from_london_time(d.and_time(NaiveTime::MIN));
    let (from, to, heading) = match window {
        Window::Today => (now(), midnight(today + Duration::days(1)), "Today".to_owned()),
        Window::Week => (now(), midnight(today + Duration::days(7)), "The next 7 days".to_owned()),
        Window::Day(d) => (
            midnight(d),
            midnight(d + Duration::days(1)),
            d.format("%A %-d %B %Y").to_string(),
        ),
    };
    let items = state.db(move |conn| whats_on(conn, from, to)).await?;
    let reference = state.reference.clone();
    // Group by London calendar day, keeping time order.
    let mut days: Vec<(NaiveDate, Vec<&directory::listing::WhatsOn>)> = vec![];
    for item in &items {
        let day = london_time(item.occurrence.starts_at).date();
        match days.last_mut() {
            Some((d, list)) if *d == day => list.push(item),
            _ => days.push((day, vec![item])),
        }
    }
    let picked = match window {
        Window::Day(d) => d.format("%Y-%m-%d").to_string(),
        _ => String::new(),
    };
    let body = html! {
        h1 class="kith-heading-xl" { "What's on" }
        nav class="kith-facets" aria-label="When" {
            ul class="kith-list kith-list--inline" {
                li { a href="/whats-on?when=today" aria-current=[matches!(window, Window::Today).then_some("page")] { "Today" } }
                li { a href="/whats-on" aria-current=[matches!(window, Window::Week).then_some("page")] { "Next 7 days" } }
            }
        }
        form class="kith-search" action="/whats-on" method="get" {
            label class="kith-label" for="date" { "Or pick a date" }
            input class="kith-input kith-input--width-10" id="date" name="date" type="date" value=(picked);
            button class="kith-button kith-button--secondary" type="submit" { "Show events" }
        }
        p class="kith-body" role="status" {
            (heading) ": "
            @if items.is_empty() { "no events are listed." } @else { (items.len()) @if items.len() == 1 { " event" } @else { " events" } "." }
        }
        @if items.is_empty() {
            p class="kith-body" { "Try " a href="/whats-on" { "the next 7 days" } ", " a href="/interests" { "browse groups that meet every week" } ", or " a href="/search" { "search" } "." }
        }
        @for (day, list) in &days {
            section class="kith-day" aria-labelledby={ "day-" (day.format("%Y-%m-%d")) } {
                h2 class="kith-heading-m" id={ "day-" (day.format("%Y-%m-%d")) } { (day.format("%A %-d %B")) }
                ul class="kith-results" {
                    @for item in list {
                        li {
                            h3 class="kith-heading-s" { a href=(item.card.path()) { (item.card.name) } }
                            p class="kith-results__meta" {
                                (clock(london_time(item.occurrence.starts_at)))
                                @if let Some(end) = item.occurrence.ends_at { " to " (clock(london_time(end))) }
                                @if let Some(b) = item.card.borough_id.and_then(|id| reference.borough(id)) { " · " (b.name) }
                                " · " (directory::listing::cost_words(item.card.cost_kind, item.card.cost_pence))
                            }
                            @if let Some(reason) = &item.occurrence.cancelled {
                                p class="kith-body" { strong class="kith-tag kith-tag--red" { "Cancelled" } " " (reason) }
                            } @else {
                                @if let Some(m) = &item.occurrence.moved {
                                    p class="kith-body" { strong class="kith-tag kith-tag--blue" { "Moved" } " from " (crate::components::long_date_time(m.from)) }
                                }
                                p class="kith-body" { (item.card.summary) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(public(page(
        "What's on",
        &[Crumb {
            text: "Home",
            href: "/",
        }],
        body,
    )))
}
