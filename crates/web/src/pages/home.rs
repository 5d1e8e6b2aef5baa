use actix_web::{web, HttpResponse};
use maud::html;

use crate::components::long_date_time;
use crate::error::WebError;
use crate::layout::page;
use crate::pages::public;
use crate::state::AppState;

pub async fn home(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let counts = state.counts().await?;
    let week = state.this_week().await?;
    let reference = &state.reference;
    let body = html! {
        div class="kith-grid-row" {
            div class="kith-grid-column-two-thirds" {
                h1 class="kith-heading-xl" { "Find something to do near you" }
                p class="kith-body-l" {
                    "Groups, activities, courses, volunteering and places across London — "
                    "for whatever you care about, whoever you are."
                }
                form class="kith-search" action="/search" method="get" role="search" {
                    label class="kith-label" for="q" { "Search for an activity, group or place" }
                    div class="kith-hint" id="q-hint" { "For example, walking, pottery or coffee morning" }
                    input class="kith-input" id="q" name="q" type="search" aria-describedby="q-hint" autocomplete="off";
                    button class="kith-button" type="submit" { "Search" }
                }
            }
            div class="kith-grid-column-one-third" {
                aside class="kith-inset-text" aria-labelledby="help-heading" {
                    h2 class="kith-heading-s" id="help-heading" { "Would you like someone to help?" }
                    p class="kith-body" { "Our connecting team can meet you, talk about what you enjoy and go along with you the first time." }
                    p class="kith-body" { a href="/get-help" { "Get help from the connecting team" } }
                }
            }
        }
        section aria-labelledby="interests-heading" {
            h2 class="kith-heading-l" id="interests-heading" { "Browse by interest" }
            ul class="kith-list kith-facets kith-columns" {
                @for interest in reference.top_interests() {
                    li {
                        a href={ "/interests/" (interest.slug) } { (interest.name) }
                        " " span class="kith-count" { "(" (counts.interests.get(&interest.id).copied().unwrap_or(0)) ")" }
                    }
                }
            }
            p class="kith-body" { a href="/interests" { "See all interests" } }
        }
        section aria-labelledby="week-heading" {
            h2 class="kith-heading-l" id="week-heading" { "What's on this week" }
            @if week.is_empty() {
                p class="kith-body" { "Nothing is listed for the next seven days yet." }
            } @else {
                ul class="kith-results" {
                    @for item in week.iter().filter(|w| w.occurrence.cancelled.is_none()).take(6) {
                        li {
                            h3 class="kith-heading-s" { a href=(item.card.path()) { (item.card.name) } }
                            p class="kith-results__meta" {
                                (long_date_time(item.occurrence.starts_at))
                                @if let Some(b) = item.card.borough_id.and_then(|id| reference.borough(id)) { " · " (b.name) }
                            }
                            p class="kith-body" { (item.card.summary) }
                        }
                    }
                }
            }
            p class="kith-body" { a href="/whats-on" { "See everything on this week" } }
        }
        section aria-labelledby="boroughs-heading" {
            h2 class="kith-heading-l" id="boroughs-heading" { "Browse by borough" }
            ul class="kith-list kith-facets kith-columns" {
                @for b in &reference.boroughs {
                    li {
                        a href={ "/boroughs/" (b.slug) } { (b.name) }
                        " " span class="kith-count" { "(" (counts.boroughs.get(&b.id).copied().unwrap_or(0)) ")" }
                    }
                }
            }
        }
    };
    Ok(public(page("Find something to do near you", &[], body)))
}
