//! Handlers: parse the request, call the directory, render a page.

pub mod browse;
pub mod home;
pub mod info;
pub mod listing;
pub mod search;
pub mod shortlist;
pub mod whats_on;

use actix_web::http::header;
use actix_web::HttpResponse;
use maud::Markup;

/// A public page that may be cached briefly by browsers and proxies.
pub fn public(markup: Markup) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(markup.into_string())
}
