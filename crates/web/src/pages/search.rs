//! The basic keyword search over the database. The search engine issue
//! replaces it with the tantivy index.

use actix_web::{web, HttpRequest, HttpResponse};
use directory::listing::keyword_search;
use maud::html;

use crate::components::{pagination, results, showing};
use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::public;
use crate::params::Params;
use crate::state::{now, AppState};

const PER_PAGE: i64 = 20;

pub async fn search(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let params = Params::parse(req.query_string())?;
    let page_no = params.page()?;
    let q = params.get("q").unwrap_or("").chars().take(200).collect::<String>();
    let query = q.clone();
    let found = if q.is_empty() {
        None
    } else {
        Some(
            state
                .db(move |conn| keyword_search(conn, &query, page_no, PER_PAGE, now()))
                .await?,
        )
    };
    let reference = state.reference.clone();
    let title = if q.is_empty() {
        "Search".to_owned()
    } else {
        format!("Search results for ‘{q}’")
    };
    let body = html! {
        h1 class="kith-heading-xl" { "Search" }
        form class="kith-search" action="/search" method="get" role="search" {
            label class="kith-label" for="q" { "What would you like to do?" }
            div class="kith-hint" id="q-hint" { "For example, painting, gardening or English classes" }
            input class="kith-input" id="q" name="q" type="search" value=(q) aria-describedby="q-hint";
            button class="kith-button" type="submit" { "Search" }
        }
        @if let Some(found) = &found {
            (showing(found, "results"))
            @if found.items.is_empty() {
                h2 class="kith-heading-m" { "Nothing matched ‘" (q) "’" }
                ul class="kith-list kith-list--bullet" {
                    li { "Check the spelling, or use fewer words." }
                    li { a href="/interests" { "Browse by interest" } " instead." }
                    li { a href="/get-help" { "Ask the connecting team" } " — they know what is on locally." }
                }
            }
            (results(&found.items, &reference, now()))
            (pagination(found, &format!("/search?{}&", serde_urlencoded::to_string([("q", &q)]).unwrap_or_default())))
        }
    };
    Ok(public(page(
        &title,
        &[Crumb {
            text: "Home",
            href: "/",
        }],
        body,
    )))
}
