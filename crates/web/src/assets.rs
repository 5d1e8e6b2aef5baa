//! Static files compiled into the binary, so `kith` runs from any folder.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

const CSS: &str = include_str!("../../../assets/kith.css");

/// The stylesheet's address carries a hash of its content so browsers can
/// keep it for a year and still see a new one at once.
pub const CSS_PATH: &str = concat!("/assets/kith-", env!("KITH_CSS_HASH"), ".css");

pub async fn stylesheet(req: HttpRequest) -> HttpResponse {
    if req.path() != CSS_PATH {
        // An old address after an upgrade: send them to the new one.
        return HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, CSS_PATH))
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(CSS)
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
