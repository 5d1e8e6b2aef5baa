//! Pages of information that do not come from the database.

use actix_web::{web, HttpResponse};
use maud::html;

use crate::error::WebError;
use crate::layout::{page, Crumb};
use crate::pages::public;
use crate::state::AppState;

pub async fn get_help() -> HttpResponse {
    let body = html! {
        h1 class="kith-heading-xl" { "Get help from the connecting team" }
        p class="kith-body-l" {
            "If you would like to do more, meet people or get out more but are not sure where to start, "
            "the connecting team can help. It is free."
        }
        h2 class="kith-heading-m" { "What happens" }
        ol class="kith-list kith-list--bullet" {
            li { "We call you for a first chat, at a time that suits you." }
            li { "We meet you, somewhere you feel comfortable, to talk about what you enjoy and what gets in the way." }
            li { "A coach or volunteer works with you for up to 12 weeks: finding things to try, and going along with you the first time if you like." }
            li { "At the end we look back together at what has changed." }
        }
        h2 class="kith-heading-m" { "Ask for help online" }
        p class="kith-body" { "Tell us a little about yourself and what you would like to do. It takes about 5 minutes, and we will get in touch within 2 working days." }
        p class="kith-body" { a class="kith-button" href="/get-help/refer-yourself" { "Ask the connecting team for help" } }
        h2 class="kith-heading-m" { "Contact the team" }
        dl class="kith-summary-list" {
            div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Phone" } dd class="kith-summary-list__value" { a href="tel:02079460000" { "020 7946 0000" } br; "Monday to Friday, 9am to 5pm" } }
            div class="kith-summary-list__row" { dt class="kith-summary-list__key" { "Email" } dd class="kith-summary-list__value" { a href="mailto:connect@kith.example.org" { "connect@kith.example.org" } } }
        }
        div class="kith-inset-text" {
            p class="kith-body" { "If you are a GP, social worker or other professional, you can " a href="/get-help/refer-someone" { "refer someone online" } ", with their agreement, or contact the team in the same way." }
        }
        div class="kith-warning-text" {
            strong { span class="kith-visually-hidden" { "Warning" } "If you are in crisis or feel unsafe, call 999 or NHS 111 and choose the mental health option. The connecting team is not an emergency service." }
        }
        p class="kith-body" { "You can also look for things yourself: " a href="/search" { "search" } ", " a href="/interests" { "browse by interest" } " or see " a href="/whats-on" { "what's on this week" } "." }
    };
    public(page(
        "Get help",
        &[Crumb {
            text: "Home",
            href: "/",
        }],
        body,
    ))
}

pub async fn about_the_data(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let boroughs = state.reference.boroughs.len();
    let body = html! {
        h1 class="kith-heading-xl" { "About the data" }
        p class="kith-body" { "Listings are written by the groups and organisations themselves and checked by our editors. Each page says when it was last checked." }
        h2 class="kith-heading-m" { "Postcodes and boroughs" }
        p class="kith-body" { "Kith finds places from postcodes using the ONS Postcode Directory (November 2025) for London's " (boroughs) " boroughs." }
        p class="kith-body" {
            "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
            "Contains OS data © Crown copyright and database right 2025. "
            "Contains Royal Mail data © Royal Mail copyright and database right 2025. "
            "Contains GeoPlace data © Local Government Information House Limited copyright and database right 2025."
        }
        h2 class="kith-heading-m" { "Borough maps" }
        p class="kith-body" { "Borough outlines are generalised 2013 boundaries converted by Martin Chorley (CC BY 4.0). Contains Ordnance Survey data © Crown copyright and database right 2014." }
    };
    Ok(public(page(
        "About the data",
        &[Crumb {
            text: "Home",
            href: "/",
        }],
        body,
    )))
}
