//! The services a referral can be allocated to, each with its programme
//! length: a number of weeks or a number of sessions (managers only).

use accounts::Action;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::html;
use referral::{Programme, ReferralError, Service, Staff};

use super::team_nav;
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::page;
use crate::pages::account::Fields;
use crate::pages::sensitive;
use crate::pages::workflow::see_other;
use crate::state::{now, AppState};

const UNITS: &[(&str, &str)] = &[("weeks", "A number of weeks"), ("sessions", "A number of sessions")];

fn length_words(s: &Service) -> String {
    match Programme::of(Some(s)) {
        Programme::Weeks(1) => "1 week".to_owned(),
        Programme::Weeks(n) => format!("{n} weeks"),
        Programme::Sessions(1) => "1 session".to_owned(),
        Programme::Sessions(n) => format!("{n} sessions"),
    }
}

fn services_page(viewer: &Viewer, services: &[Service], form: &Form, token: &Token, added: bool) -> maud::Markup {
    page(
        &form.title("Services"),
        &[],
        html! {
            (team_nav(viewer))
            @if added {
                div class="kith-inset-text" role="status" { p class="kith-body" { "The service has been added." } }
            }
            (form.summary())
            h1 class="kith-heading-l" { "Services" }
            p class="kith-body" { "Referrals without a service follow the usual programme of 12 weeks, with a review at 6 weeks." }
            @if services.is_empty() {
                p class="kith-body" { "No other services yet." }
            } @else {
                dl class="kith-summary-list" {
                    @for s in services {
                        div class="kith-summary-list__row" {
                            dt class="kith-summary-list__key" { (s.name) }
                            dd class="kith-summary-list__value" { (length_words(s)) }
                        }
                    }
                }
            }
            h2 class="kith-heading-m" { "Add a service" }
            form method="post" action="/team/services" novalidate {
                (token.field())
                (form.input(Field::new("name", "Name of the service").hint("For example, Walking buddies")))
                (form.radios("unit", "How is its length counted?", None, UNITS))
                (form.input(Field::new("length", "How many?").hint("Between 1 and 520").width(10)))
                button class="kith-button" type="submit" { "Add the service" }
            }
        },
    )
}

async fn load(state: &AppState) -> Result<Vec<Service>, WebError> {
    Ok(state.transact(referral::services).await??)
}

#[derive(Debug, serde::Deserialize)]
pub struct ServicesQuery {
    #[serde(default)]
    added: Option<String>,
}

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ServicesQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let services = load(&state).await?;
    let token = Token::for_request(&req);
    let form = Form::new().with("unit", "weeks");
    Ok(sensitive(
        StatusCode::OK,
        services_page(&viewer, &services, &form, &token, query.added.is_some()),
        &token,
        &req,
    ))
}

pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ManageReferrals)?;
    let mut form = Form::submitted(&req, fields.into_inner())?;
    if form.value("name").trim().is_empty() {
        form.error("name", "Enter the service's name");
    }
    let length = form.value("length").trim().parse::<i32>().ok();
    if length.is_none() {
        form.error("length", "Enter the length as a whole number, like 12");
    }
    let unit = form.value("unit").to_owned();
    if !matches!(unit.as_str(), "weeks" | "sessions") {
        form.error("unit", "Choose weeks or sessions");
    }
    if let (Some(n), false) = (length, form.has_errors()) {
        let programme = if unit == "weeks" {
            Programme::Weeks(n)
        } else {
            Programme::Sessions(n)
        };
        let (actor, name, t) = (viewer.actor.clone(), form.value("name").to_owned(), now());
        let added = state
            .transact(move |c| referral::add_service(c, &Staff::new(&actor), &name, programme, t))
            .await?;
        match added {
            Ok(_) => return Ok(see_other("/team/services?added=1")),
            Err(e @ (ReferralError::Invalid { .. } | ReferralError::Form(_))) => {
                for fe in e.field_errors() {
                    form.error(fe.field, fe.message);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    let services = load(&state).await?;
    let token = Token::for_request(&req);
    Ok(sensitive(
        StatusCode::BAD_REQUEST,
        services_page(&viewer, &services, &form, &token, false),
        &token,
        &req,
    ))
}
