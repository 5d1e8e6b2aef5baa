//! Handlers: parse the request, call the directory, render a page.

pub mod account;
pub mod admin;
pub mod browse;
pub mod community;
pub mod editor;
pub mod follow_up;
pub mod home;
pub mod info;
pub mod listing;
pub mod organise;
pub mod referral;
pub mod report;
pub mod search;
pub mod shortlist;
pub mod team;
pub mod whats_on;
pub mod workflow;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use maud::Markup;

use crate::csrf::Token;

/// A public page that may be cached briefly by browsers and proxies.
pub fn public(markup: Markup) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(markup.into_string())
}

/// A page with forms: never cached by others, and it sets the CSRF cookie
/// the first time.
pub fn private(markup: Markup, token: &Token, req: &HttpRequest) -> HttpResponse {
    private_with_status(StatusCode::OK, markup, token, req)
}

/// [`private`] with another status, e.g. 400 for a form with errors.
pub fn private_with_status(status: StatusCode, markup: Markup, token: &Token, req: &HttpRequest) -> HttpResponse {
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .content_type("text/html; charset=utf-8");
    if let Some(c) = token.cookie(req.connection_info().scheme() == "https") {
        resp.cookie(c);
    }
    resp.body(markup.into_string())
}

/// [`private_with_status`] for pages about a person's care (referrals):
/// `no-store`, so not even the browser keeps a copy on a shared computer.
pub fn sensitive(status: StatusCode, markup: Markup, token: &Token, req: &HttpRequest) -> HttpResponse {
    let mut resp = private_with_status(status, markup, token, req);
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    resp
}
