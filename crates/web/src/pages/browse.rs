//! Browsing by interest and by borough: index pages with counts, and a
//! paged list of listings for each term.

use actix_web::{web, HttpRequest, HttpResponse};
use std::collections::HashMap;

use chrono::NaiveDateTime;
use directory::listing::{browse, browse_kind_counts, next_sessions, Browse, ListingCard, Page};
use directory::Kind;
use maud::{html, Markup};

use crate::components::{kind_filter, pagination, plural, results, showing};
use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::public;
use crate::params::Params;
use crate::state::{now, AppState};

const PER_PAGE: i64 = 20;

pub async fn interests(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let counts = state.counts().await?;
    let reference = &state.reference;
    let count = |id: i32| counts.interests.get(&id).copied().unwrap_or(0);
    let body = html! {
        h1 class="kith-heading-xl" { "Browse by interest" }
        p class="kith-body-l" { "Choose something you enjoy, or would like to try." }
        div class="kith-grid-row" {
            @for top in reference.top_interests() {
                section class="kith-grid-column-one-third" aria-labelledby={ "i-" (top.slug) } {
                    h2 class="kith-heading-m" id={ "i-" (top.slug) } {
                        a href={ "/interests/" (top.slug) } { (top.name) }
                        " " span class="kith-count" { "(" (count(top.id)) ")" }
                    }
                    ul class="kith-list kith-facets" {
                        @for child in reference.children(top.id) {
                            li {
                                a href={ "/interests/" (child.slug) } { (child.name) }
                                " " span class="kith-count" { "(" (count(child.id)) ")" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(public(page(
        "Browse by interest",
        &[Crumb {
            text: "Home",
            href: "/",
        }],
        body,
    )))
}

pub async fn interest(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let params = Params::parse(req.query_string())?;
    let (page_no, kind) = (params.page()?, params.kind()?);
    let reference = state.reference.clone();
    let interest = reference.interest_by_slug(&path).ok_or(WebError::NotFound)?.clone();
    let parent = interest.parent_id.and_then(|p| reference.interest(p)).cloned();
    let ids = reference.interest_and_children(interest.id);
    let (found, next, kinds) = listings_page(&state, Browse::Interests(ids), kind, page_no).await?;
    let counts = state.counts().await?;
    let base = format!("/interests/{}", interest.slug);
    let page_base = page_base(&base, kind);
    let title = title(&interest.name, kind);
    let mut crumbs = vec![
        Crumb {
            text: "Home",
            href: "/",
        },
        Crumb {
            text: "Interests",
            href: "/interests",
        },
    ];
    let parent_href = parent.as_ref().map(|p| format!("/interests/{}", p.slug));
    if let (Some(p), Some(href)) = (&parent, &parent_href) {
        crumbs.push(Crumb { text: &p.name, href });
    }
    let children: Vec<_> = reference.children(interest.id).collect();
    let body = html! {
        @if let Some(p) = &parent { span class="kith-caption-m" { (p.name) } }
        h1 class="kith-heading-xl" { (interest.name) }
        div class="kith-grid-row" {
            div class="kith-grid-column-one-third" {
                (kind_filter(&base, &kinds, kind))
                (start_a_group(kind))
                @if !children.is_empty() {
                    nav class="kith-facets" aria-label={ "Kinds of " (interest.name) } {
                        h2 class="kith-heading-s" { "Narrow it down" }
                        ul class="kith-list" {
                            @for c in &children {
                                li {
                                    a href={ "/interests/" (c.slug) } { (c.name) }
                                    " " span class="kith-count" { "(" (counts.interests.get(&c.id).copied().unwrap_or(0)) ")" }
                                }
                            }
                        }
                    }
                }
            }
            div class="kith-grid-column-two-thirds" {
                (showing(&found, "listings"))
                @if found.items.is_empty() {
                    p class="kith-body" { "Nothing is listed for " (interest.name) " yet. " a href="/interests" { "Try another interest" } " or " a href="/get-help" { "ask the connecting team" } "." }
                }
                (results(&found.items, &next, &reference))
                (pagination(&found, &page_base))
            }
        }
    };
    Ok(public(page(&title, &crumbs, body)))
}

pub async fn boroughs(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let counts = state.counts().await?;
    let body = html! {
        h1 class="kith-heading-xl" { "Browse by borough" }
        p class="kith-body-l" { "London's 33 local authority areas. Each shows what is there and what serves it." }
        ul class="kith-list kith-facets kith-columns" {
            @for b in &state.reference.boroughs {
                li {
                    a href={ "/boroughs/" (b.slug) } { (b.name) }
                    " " span class="kith-count" { "(" (counts.boroughs.get(&b.id).copied().unwrap_or(0)) ")" }
                }
            }
        }
    };
    Ok(public(page(
        "Browse by borough",
        &[Crumb {
            text: "Home",
            href: "/",
        }],
        body,
    )))
}

pub async fn borough(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let params = Params::parse(req.query_string())?;
    let (page_no, kind) = (params.page()?, params.kind()?);
    let reference = state.reference.clone();
    let borough = reference.borough_by_slug(&path).ok_or(WebError::NotFound)?.clone();
    let id = borough.id;
    let (found, next, kinds) = listings_page(&state, Browse::Borough(id), kind, page_no).await?;
    let base = format!("/boroughs/{}", borough.slug);
    let page_base = page_base(&base, kind);
    let title = title(&borough.name, kind);
    let crumbs = [
        Crumb {
            text: "Home",
            href: "/",
        },
        Crumb {
            text: "Boroughs",
            href: "/boroughs",
        },
    ];
    let body = html! {
        h1 class="kith-heading-xl" { (borough.name) }
        div class="kith-grid-row" {
            div class="kith-grid-column-one-third" {
                @if let Some(map) = crate::locator::borough_outline(&borough.code, &format!("Outline of {}", borough.name)) {
                    (map)
                }
                (kind_filter(&base, &kinds, kind))
                (start_a_group(kind))
            }
            div class="kith-grid-column-two-thirds" {
                (showing(&found, "listings"))
                @if found.items.is_empty() {
                    p class="kith-body" { "Nothing is listed in " (borough.name) " yet. " a href="/boroughs" { "Try a neighbouring borough" } " or " a href="/get-help" { "ask the connecting team" } "." }
                }
                (results(&found.items, &next, &reference))
                (pagination(&found, &page_base))
            }
        }
    };
    Ok(public(page(&title, &crumbs, body)))
}

/// One page of a browse list and the counts for its kind filter, read in one
/// transaction. A page number past the end is "not found".
async fn listings_page(
    state: &AppState,
    what: Browse,
    kind: Option<Kind>,
    page_no: i64,
) -> Result<(Page<ListingCard>, HashMap<i32, NaiveDateTime>, Vec<(Kind, i64)>), WebError> {
    let (found, next, kinds) = state
        .read(move |conn| {
            let t = now();
            let found = browse(conn, &what, kind, page_no, PER_PAGE, t)?;
            let next = next_sessions(conn, &found.items, t)?;
            Ok((found, next, browse_kind_counts(conn, &what, t)?))
        })
        .await?;
    if page_no > found.pages() {
        return Err(WebError::NotFound);
    }
    Ok((found, next, kinds))
}

/// Where someone browsing groups (or everything) can start their own, as
/// a member: the group waits for an editor, then is listed like the rest.
fn start_a_group(kind: Option<Kind>) -> Markup {
    html! {
        @if matches!(kind, None | Some(Kind::Group)) {
            p class="kith-body" {
                "No group here for you? "
                a href="/groups/start" { "Start a group" }
            }
        }
    }
}

/// The address the pagination links add `page=N` to, keeping the kind filter.
fn page_base(base: &str, kind: Option<Kind>) -> String {
    match kind {
        Some(k) => format!("{base}?kind={}&", k.code()),
        None => format!("{base}?"),
    }
}

fn title(name: &str, kind: Option<Kind>) -> String {
    match kind {
        Some(k) => format!("{name} – {}", plural(k)),
        None => name.to_owned(),
    }
}
