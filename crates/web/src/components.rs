//! Pieces of markup that several pages share.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use directory::listing::{cost_words, ListingCard, Page};
use directory::recurrence::{describe, london_time};
use directory::{Kind, Reference};
use maud::{html, Markup};

/// A list of result cards: name as a link, then the facts that help
/// someone decide, then the summary. `next` is when each group or event
/// next meets ([`directory::listing::next_sessions`]: moves and
/// cancellations applied).
pub fn results(cards: &[ListingCard], next: &HashMap<i32, NaiveDateTime>, reference: &Reference) -> Markup {
    html! {
        ul class="kith-results" {
            @for card in cards {
                li {
                    h3 class="kith-heading-s" { a href=(card.path()) { (card.name) } }
                    p class="kith-results__meta" {
                        (card.kind.label())
                        @if let Some(b) = card.borough_id.and_then(|id| reference.borough(id)) {
                            " · " (b.name)
                        }
                        " · " (cost_words(card.cost_kind, card.cost_pence))
                        @if matches!(card.kind, Kind::Event | Kind::Group) {
                            @if let Some(next) = next.get(&card.id) {
                                " · Next: " (long_date_time(*next))
                            }
                        }
                    }
                    p class="kith-body" { (card.summary) }
                }
            }
        }
    }
}

/// "Tuesday 1 December, 10:00" in London time.
pub fn long_date_time(utc: NaiveDateTime) -> String {
    let t = london_time(utc);
    format!("{}, {}", t.format("%A %-d %B"), directory::recurrence::clock(t))
}

/// When a group or event happens, in words.
pub fn schedule_words(start: NaiveDateTime, end: Option<NaiveDateTime>, rule: Option<&str>) -> String {
    describe(start, end, rule)
}

/// Previous/next and numbered page links. `base` is the address with any
/// other parameters already on it (ending in `?` or `&`).
pub fn pagination<T>(page: &Page<T>, base: &str) -> Markup {
    let pages = page.pages();
    if pages <= 1 {
        return html! {};
    }
    let current = page.page;
    let mut shown: Vec<i64> = vec![1, current - 1, current, current + 1, pages];
    shown.retain(|p| (1..=pages).contains(p));
    shown.sort_unstable();
    shown.dedup();
    html! {
        nav class="kith-pagination" aria-label="Results pages" {
            ul {
                @if current > 1 {
                    li { a href={ (base) "page=" (current - 1) } rel="prev" { "Previous" span class="kith-visually-hidden" { " page" } } }
                }
                @for (i, p) in shown.iter().enumerate() {
                    @if i > 0 && shown[i - 1] + 1 < *p {
                        li aria-hidden="true" { "…" }
                    }
                    li {
                        @if *p == current {
                            a href={ (base) "page=" (p) } aria-current="page" { span class="kith-visually-hidden" { "Page " } (p) }
                        } @else {
                            a href={ (base) "page=" (p) } { span class="kith-visually-hidden" { "Page " } (p) }
                        }
                    }
                }
                @if current < pages {
                    li { a href={ (base) "page=" (current + 1) } rel="next" { "Next" span class="kith-visually-hidden" { " page" } } }
                }
            }
        }
    }
}

/// "Showing 21 to 40 of 120 results".
pub fn showing<T>(page: &Page<T>, noun: &str) -> Markup {
    let first = (page.page - 1) * page.per_page + 1;
    let last = (first + page.items.len() as i64 - 1).max(first);
    html! {
        p class="kith-body" role="status" {
            @if page.total == 0 {
                "No " (noun) " found."
            } @else if page.total == 1 {
                "1 " (noun.trim_end_matches('s'))
            } @else {
                "Showing " (first) " to " (last) " of " (page.total) " " (noun)
            }
        }
    }
}

/// Links that narrow a browse page to one kind, with counts.
pub fn kind_filter(base: &str, counts: &[(Kind, i64)], selected: Option<Kind>) -> Markup {
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    html! {
        nav class="kith-facets" aria-label="Show only" {
            h2 class="kith-heading-s" { "Show" }
            ul class="kith-list" {
                li {
                    @if selected.is_none() {
                        a href=(base) aria-current="page" { "Everything " span class="kith-count" { "(" (total) ")" } }
                    } @else {
                        a href=(base) { "Everything " span class="kith-count" { "(" (total) ")" } }
                    }
                }
                @for (kind, n) in counts {
                    @if *n > 0 {
                        li {
                            @let href = format!("{base}?kind={}", kind.code());
                            @if selected == Some(*kind) {
                                a href=(href) aria-current="page" { (plural(*kind)) " " span class="kith-count" { "(" (n) ")" } }
                            } @else {
                                a href=(href) { (plural(*kind)) " " span class="kith-count" { "(" (n) ")" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Organisation => "Organisations",
        Kind::Group => "Groups and activities",
        Kind::Event => "Events",
        Kind::Place => "Places",
    }
}
