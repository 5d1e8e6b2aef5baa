//! Static files compiled into the binary, so `kith` runs from any folder.
//! Their addresses carry a hash of their content so browsers can keep them
//! for a year and still see a new one at once.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

const CSS: &str = include_str!("../../../assets/kith.css");
const JS: &str = include_str!("../../../assets/kith.js");

pub const CSS_PATH: &str = concat!("/assets/kith-", env!("KITH_CSS_HASH"), ".css");
pub const JS_PATH: &str = concat!("/assets/kith-", env!("KITH_JS_HASH"), ".js");

pub async fn file(req: HttpRequest) -> HttpResponse {
    let (body, kind) = match req.path() {
        CSS_PATH => (CSS, "text/css; charset=utf-8"),
        JS_PATH => (JS, "text/javascript; charset=utf-8"),
        // An old address after an upgrade: send them to the new one.
        p if p.ends_with(".css") => return moved(CSS_PATH),
        p if p.ends_with(".js") => return moved(JS_PATH),
        _ => return crate::error::WebError::NotFound.error_response_now(),
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(body)
}

fn moved(to: &str) -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// The grey map of every borough behind each locator.
pub async fn london_map() -> HttpResponse {
    match crate::locator::london_svg() {
        Some(svg) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "image/svg+xml"))
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(svg),
        None => HttpResponse::NotFound().finish(),
    }
}
