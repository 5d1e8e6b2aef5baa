//! JSON for other systems and for the search page's script. Same
//! parameters as the page; errors are `{"error": …, "field": …}` with the
//! same status codes as the pages (a search's bad parameters also come as
//! `"errors": [{"param": …, "message": …}]`, every one of them).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::json;

use crate::error::WebError;
use crate::pages::search::{pairs, parse, run};
use crate::state::AppState;

#[derive(Serialize)]
struct Result<'a> {
    id: i32,
    kind: directory::Kind,
    name: &'a str,
    url: &'a str,
    summary: &'a str,
    borough: Option<&'a str>,
    interests: &'a [String],
    postcode: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    cost: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_miles: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    walking_minutes: Option<u32>,
    /// UTC, ISO 8601.
    next_occurrence: Option<NaiveDateTime>,
    /// For groups: started by a member rather than an organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    member_led: Option<bool>,
}

fn error(status: StatusCode, message: &str, field: Option<&str>) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": message, "field": field }))
}

/// Maps failures to the JSON error shape instead of the HTML error page.
fn json_error(e: WebError) -> HttpResponse {
    let message = match &e {
        WebError::BadRequest(m) => m.clone(),
        WebError::NotFound => "Not found".to_owned(),
        WebError::Forbidden | WebError::NotAllowed => "Forbidden".to_owned(),
        WebError::SignInRequired { .. } => "Sign in first".to_owned(),
        WebError::TooManyRequests(m) => m.clone(),
        WebError::Unavailable | WebError::Busy => "The service is unavailable; try again shortly".to_owned(),
        WebError::Internal { id } => format!("Internal error {id}"),
    };
    let status = actix_web::ResponseError::status_code(&e);
    error(status, &message, None)
}

pub async fn search(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let pairs = match pairs(&req) {
        Ok(p) => p,
        Err(e) => return json_error(e),
    };
    let params = match parse(&pairs, &state.reference) {
        Ok(p) => p,
        Err(errors) => {
            // `error` and `field` name the first mistake, as every other
            // error does; `errors` lists them all for forms that show each.
            let first = errors.first();
            return HttpResponse::BadRequest()
                .json(json!({ "error": first.message, "field": first.param, "errors": errors }));
        }
    };
    let results = match run(&state, params).await {
        Ok(r) => r,
        Err(e) => return json_error(e),
    };
    let hits: Vec<Result<'_>> = results
        .hits
        .iter()
        .map(|h| Result {
            id: h.id,
            kind: h.kind,
            name: &h.name,
            url: &h.url,
            summary: &h.summary,
            borough: h.borough_slug.as_deref(),
            interests: &h.interests,
            postcode: h.postcode.as_deref(),
            lat: h.latitude,
            lon: h.longitude,
            cost: &h.cost,
            distance_miles: h.distance_miles.map(|d| (d * 100.0).round() / 100.0),
            walking_minutes: h.walking_minutes,
            next_occurrence: h.next_occurrence,
            member_led: (h.kind == directory::Kind::Group).then_some(h.member_led),
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-cache"))
        .json(Response {
            facets: &results.facets,
            page: results.page,
            per_page: results.per_page,
            results: hits,
            total: results.total,
        })
}

/// The search's JSON, serialised straight from the results rather than
/// through a `serde_json::Value`, which copied every string of every card
/// and facet once more.
#[derive(Serialize)]
struct Response<'a> {
    facets: &'a search::Facets,
    page: u32,
    per_page: u32,
    results: Vec<Result<'a>>,
    total: u64,
}

/// Completions of the last word typed, for the search box.
pub async fn suggest(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let params = match crate::params::Params::parse(req.query_string()) {
        Ok(p) => p,
        Err(e) => return json_error(e),
    };
    let q: String = params.get("q").unwrap_or("").chars().take(100).collect();
    let index = state.search.clone();
    match state.searchers.run(move || index.suggest(&q, 8)).await {
        Ok(Ok(suggestions)) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "public, max-age=60"))
            .json(json!({ "suggestions": suggestions })),
        Ok(Err(e)) => json_error(e.into()),
        Err(e) => json_error(e),
    }
}
