//! Kith's web application: routes, handlers, pages and the mapping from
//! domain errors to HTTP. Domain crates know nothing of this crate.

mod api;
mod assets;
pub mod auth;
mod components;
pub mod config;
mod csrf;
pub mod demo;
pub mod error;
mod forms;
pub mod hasher;
mod layout;
mod locator;
mod pages;
mod params;
pub mod remember;
pub mod reports;
pub mod searchers;
pub mod state;
mod text;

use actix_web::middleware::{DefaultHeaders, NormalizePath, TrailingSlash};
use actix_web::{web, HttpResponse};

pub use pages::community::event_mail::send_reminders as send_event_reminders;
pub use pages::community::notifications::{prune_reminder_records, send_digests};
pub use state::AppState;

use crate::error::WebError;

/// "Report a problem" for any kind of listing.
const REPORT_PATH: &str = "/{kind:(organisations|groups|events|places)}/{slug}/report";
/// "Contact the organisers" of an organisation, group or event.
const CONTACT_PATH: &str = "/{kind:(organisations|groups|events)}/{slug}/contact";

/// Every route. Tests build the same app as `kith serve` from this.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // Unreadable forms and paths get the same 400 page as everything else.
    cfg.app_data(web::FormConfig::default().limit(64 * 1024).error_handler(|_, _| {
        WebError::BadRequest("The form could not be read. Go back and try again.".into()).into()
    }))
    .app_data(web::PathConfig::default().error_handler(|_, _| WebError::NotFound.into()))
    .route("/", web::get().to(pages::home::home))
    .route("/healthz", web::get().to(healthz))
    .route(locator::LONDON_SVG_PATH, web::get().to(assets::london_map))
    .route("/assets/{file}", web::get().to(assets::file))
    .route("/search", web::get().to(pages::search::search))
    .route("/api/search", web::get().to(api::search))
    .route("/api/suggest", web::get().to(api::suggest))
    .route("/whats-on", web::get().to(pages::whats_on::whats_on_page))
    .route("/interests", web::get().to(pages::browse::interests))
    .route("/interests/{slug}", web::get().to(pages::browse::interest))
    .route("/boroughs", web::get().to(pages::browse::boroughs))
    .route("/boroughs/{slug}", web::get().to(pages::browse::borough))
    .route("/organisations/{slug}", web::get().to(pages::listing::organisation))
    // Before `/groups/{slug}`, which would take "start" for a slug.
    .route("/groups/start", web::get().to(pages::organise::start_form))
    .route("/groups/start", web::post().to(pages::organise::start))
    .route("/groups/start/sent", web::get().to(pages::organise::start_sent))
    .route("/groups/{slug}", web::get().to(pages::listing::group))
    .route("/events/{slug}", web::get().to(pages::listing::event))
    .route("/places/{slug}", web::get().to(pages::listing::place))
    .route("/shortlist", web::get().to(pages::shortlist::show))
    .route("/shortlist/print", web::get().to(pages::shortlist::print))
    .route("/shortlist/shared/{ids}", web::get().to(pages::shortlist::shared))
    .route("/shortlist/add", web::post().to(pages::shortlist::add))
    .route("/shortlist/remove", web::post().to(pages::shortlist::remove))
    .route("/shortlist/save", web::post().to(pages::shortlist::save_shared))
    .route("/shortlist/email", web::get().to(pages::shortlist::email_form))
    .route("/shortlist/email", web::post().to(pages::shortlist::email))
    .route("/sign-up", web::get().to(pages::account::sign_up_form))
    .route("/sign-up", web::post().to(pages::account::sign_up))
    .route("/verify/{token}", web::get().to(pages::account::verify_page))
    .route("/verify/{token}", web::post().to(pages::account::verify))
    .route("/sign-in", web::get().to(pages::account::sign_in_form))
    .route("/sign-in", web::post().to(pages::account::sign_in))
    .route("/sign-in/link", web::get().to(pages::account::sign_in_link_form))
    .route("/sign-in/link", web::post().to(pages::account::sign_in_link_request))
    .route(
        "/sign-in/link/{token}",
        web::get().to(pages::account::link_page_for_sign_in),
    )
    .route("/sign-in/link/{token}", web::post().to(pages::account::link_sign_in))
    .route("/sign-out", web::post().to(pages::account::sign_out))
    .route(
        "/sign-out-everywhere",
        web::post().to(pages::account::sign_out_everywhere),
    )
    .route("/reset-password", web::get().to(pages::account::reset_request_form))
    .route("/reset-password", web::post().to(pages::account::reset_request))
    .route("/reset-password/{token}", web::get().to(pages::account::reset_form))
    .route("/reset-password/{token}", web::post().to(pages::account::reset))
    .route("/account", web::get().to(pages::account::overview))
    .route("/account/name", web::get().to(pages::account::name_form))
    .route("/account/name", web::post().to(pages::account::change_name))
    .route("/account/password", web::get().to(pages::account::password_form))
    .route("/account/password", web::post().to(pages::account::change_password))
    .route("/account/email", web::get().to(pages::account::email_form))
    .route("/account/email", web::post().to(pages::account::change_email))
    .route(
        "/account/email/confirm/{token}",
        web::get().to(pages::account::confirm_email_page),
    )
    .route(
        "/account/email/confirm/{token}",
        web::post().to(pages::account::confirm_email),
    )
    .route(
        "/account/professional",
        web::get().to(pages::account::professional_form),
    )
    .route(
        "/account/professional",
        web::post().to(pages::account::request_professional),
    )
    .route("/account/export", web::get().to(pages::account::export))
    .route("/account/delete", web::get().to(pages::account::delete_form))
    .route("/account/delete", web::post().to(pages::account::delete))
    .route("/admin/people", web::get().to(pages::admin::people))
    .route("/admin/people/{id}", web::get().to(pages::admin::person))
    .route("/admin/people/{id}/roles", web::post().to(pages::admin::set_role))
    .route("/admin/professionals", web::get().to(pages::admin::professionals))
    .route(
        "/admin/professionals/{id}",
        web::post().to(pages::admin::decide_professional),
    )
    .route("/organise", web::get().to(pages::organise::dashboard))
    .route("/organise/new/{kind}", web::get().to(pages::organise::new_form))
    .route("/organise/new/{kind}", web::post().to(pages::organise::create))
    .route(
        "/organise/listings/{id}/edit",
        web::get().to(pages::organise::edit_form),
    )
    .route("/organise/listings/{id}/edit", web::post().to(pages::organise::update))
    .route(
        "/organise/listings/{id}/history",
        web::get().to(pages::organise::history),
    )
    .route(
        "/organise/listings/{id}/history/{number}/restore",
        web::post().to(pages::organise::restore),
    )
    .route("/organise/listings/{id}/dates", web::get().to(pages::organise::dates))
    .route(
        "/organise/listings/{id}/dates",
        web::post().to(pages::organise::cancel_date),
    )
    .route(
        "/organise/listings/{id}/dates/move",
        web::post().to(pages::organise::move_date),
    )
    .route(
        "/organise/listings/{id}/still-correct",
        web::post().to(pages::organise::mark_checked),
    )
    .route(
        "/organise/organisations/{id}/organisers",
        web::get().to(pages::organise::organisers),
    )
    .route(
        "/organise/organisations/{id}/organisers",
        web::post().to(pages::organise::add_organiser),
    )
    .route(
        "/organise/organisations/{id}/organisers/remove",
        web::post().to(pages::organise::remove_organiser),
    )
    .route(
        "/organise/organisations/{id}/invitations/withdraw",
        web::post().to(pages::organise::withdraw_invitation),
    )
    .route("/invitations/{token}", web::get().to(pages::organise::invitation))
    .route(
        "/invitations/{token}",
        web::post().to(pages::organise::accept_invitation),
    )
    .route(
        "/organisations/{slug}/claim",
        web::get().to(pages::organise::claim_form),
    )
    .route("/organisations/{slug}/claim", web::post().to(pages::organise::claim))
    .route(REPORT_PATH, web::get().to(pages::report::form))
    .route(REPORT_PATH, web::post().to(pages::report::send))
    .route(
        "/still-correct/{token}",
        web::get().to(pages::report::still_correct_page),
    )
    .route("/still-correct/{token}", web::post().to(pages::report::still_correct))
    .route("/follow-up/{token}", web::get().to(pages::follow_up::form))
    .route("/follow-up/{token}", web::post().to(pages::follow_up::answer))
    .route("/editor", web::get().to(pages::editor::queue))
    .route("/editor/proposals/{id}", web::get().to(pages::editor::proposal))
    .route("/editor/proposals/{id}/approve", web::post().to(pages::editor::approve))
    .route("/editor/proposals/{id}/reject", web::post().to(pages::editor::reject))
    .route("/editor/listings/{id}", web::get().to(pages::editor::listing))
    .route(
        "/editor/listings/{id}/unpublish",
        web::post().to(pages::editor::unpublish),
    )
    .route("/editor/organisations/{id}/trust", web::post().to(pages::editor::trust))
    .route("/editor/claims/{id}", web::get().to(pages::editor::claim))
    .route(
        "/editor/claims/{id}/approve",
        web::post().to(pages::editor::approve_claim),
    )
    .route(
        "/editor/claims/{id}/refuse",
        web::post().to(pages::editor::refuse_claim),
    )
    .route("/editor/reports/{id}", web::get().to(pages::editor::report))
    .route(
        "/editor/reports/{id}/resolve",
        web::post().to(pages::editor::resolve_report),
    )
    .route("/get-help", web::get().to(pages::info::get_help))
    .route(
        "/get-help/refer-yourself",
        web::get().to(pages::referral::self_referral_start),
    )
    .route(
        "/get-help/refer-yourself",
        web::post().to(pages::referral::self_referral_step),
    )
    .route(
        "/get-help/refer-someone",
        web::get().to(pages::referral::professional_start),
    )
    .route(
        "/get-help/refer-someone",
        web::post().to(pages::referral::professional_step),
    )
    .route("/team/referrals", web::get().to(pages::team::queue))
    .route("/team/find", web::post().to(pages::team::find))
    .route("/team/caseload", web::get().to(pages::team::caseload::mine))
    .route("/team/caseloads", web::get().to(pages::team::caseload::team))
    .route("/team/caseloads/{id}", web::get().to(pages::team::caseload::of_worker))
    .route("/team/follow-ups", web::get().to(pages::team::follow_up::list))
    .route("/team/plan", web::get().to(pages::team::goals::plan))
    .route("/team/services", web::get().to(pages::team::services::list))
    .route("/team/services", web::post().to(pages::team::services::add))
    .route("/team/reports", web::get().to(pages::team::reports::show))
    .route("/team/reports.csv", web::get().to(pages::team::reports::csv_export))
    .route("/team/referrals/{id}", web::get().to(pages::team::referral))
    // The record's own pages come before the steps, whose last segment
    // would otherwise match them.
    .route("/team/referrals/{id}/audit", web::get().to(pages::team::records::audit))
    .route(
        "/team/referrals/{id}/export",
        web::get().to(pages::team::records::export),
    )
    .route("/team/referrals/{id}/print", web::get().to(pages::team::records::print))
    .route(
        "/team/referrals/{id}/erase",
        web::get().to(pages::team::records::erase_form),
    )
    .route(
        "/team/referrals/{id}/erase",
        web::post().to(pages::team::records::erase),
    )
    .route(
        "/team/referrals/{id}/contacts",
        web::get().to(pages::team::person::contacts),
    )
    .route(
        "/team/referrals/{id}/contacts/new",
        web::get().to(pages::team::person::contact_form),
    )
    .route(
        "/team/referrals/{id}/contacts/new",
        web::post().to(pages::team::person::log_contact),
    )
    .route(
        "/team/referrals/{id}/contacts/{contact}",
        web::get().to(pages::team::person::change_contact_form),
    )
    .route(
        "/team/referrals/{id}/contacts/{contact}",
        web::post().to(pages::team::person::change_contact),
    )
    .route(
        "/team/referrals/{id}/contacts/{contact}/delete",
        web::get().to(pages::team::person::delete_contact_form),
    )
    .route(
        "/team/referrals/{id}/contacts/{contact}/delete",
        web::post().to(pages::team::person::delete_contact),
    )
    .route(
        "/team/referrals/{id}/measures",
        web::get().to(pages::team::person::measures),
    )
    .route(
        "/team/referrals/{id}/measures/{instrument}",
        web::get().to(pages::team::person::measure_form),
    )
    .route(
        "/team/referrals/{id}/measures/{instrument}",
        web::post().to(pages::team::person::record_measure),
    )
    .route("/team/referrals/{id}/goals", web::get().to(pages::team::goals::goals))
    .route(
        "/team/referrals/{id}/goals/new",
        web::get().to(pages::team::goals::goal_form),
    )
    .route(
        "/team/referrals/{id}/goals/new",
        web::post().to(pages::team::goals::add_goal),
    )
    .route(
        "/team/referrals/{id}/goals/{goal}/steps/new",
        web::get().to(pages::team::goals::step_form),
    )
    .route(
        "/team/referrals/{id}/goals/{goal}/steps/new",
        web::post().to(pages::team::goals::add_step),
    )
    .route(
        "/team/referrals/{id}/steps/{step}",
        web::get().to(pages::team::goals::change_step_form),
    )
    .route(
        "/team/referrals/{id}/steps/{step}",
        web::post().to(pages::team::goals::change_step),
    )
    .route(
        "/team/referrals/{id}/network",
        web::get().to(pages::team::network::network),
    )
    .route(
        "/team/referrals/{id}/network/new",
        web::get().to(pages::team::network::add_form),
    )
    .route(
        "/team/referrals/{id}/network/new",
        web::post().to(pages::team::network::add),
    )
    .route(
        "/team/referrals/{id}/network/copy",
        web::post().to(pages::team::network::copy),
    )
    .route(
        "/team/referrals/{id}/network/{entry}/remove",
        web::post().to(pages::team::network::remove),
    )
    .route(
        "/team/referrals/{id}/strengths",
        web::get().to(pages::team::profile::strengths),
    )
    .route(
        "/team/referrals/{id}/strengths/new",
        web::get().to(pages::team::profile::strength_form),
    )
    .route(
        "/team/referrals/{id}/strengths/new",
        web::post().to(pages::team::profile::add_strength),
    )
    .route(
        "/team/referrals/{id}/barriers",
        web::get().to(pages::team::profile::barriers_form),
    )
    .route(
        "/team/referrals/{id}/barriers",
        web::post().to(pages::team::profile::save_barriers),
    )
    .route(
        "/team/referrals/{id}/reviews/{kind}",
        web::get().to(pages::team::reviews::show),
    )
    .route(
        "/team/referrals/{id}/reviews/{kind}",
        web::post().to(pages::team::reviews::save),
    )
    .route(
        "/team/referrals/{id}/follow-up",
        web::get().to(pages::team::follow_up::show),
    )
    .route(
        "/team/referrals/{id}/follow-up",
        web::post().to(pages::team::follow_up::record),
    )
    .route(
        "/team/referrals/{id}/follow-up/link",
        web::post().to(pages::team::follow_up::send_link),
    )
    .route("/team/referrals/{id}/{step}", web::get().to(pages::team::steps::show))
    .route("/team/referrals/{id}/{step}", web::post().to(pages::team::steps::save))
    .route("/about-the-data", web::get().to(pages::info::about_the_data))
    .route(
        "/groups/{slug}/join",
        web::get().to(pages::community::groups::join_form),
    )
    .route("/groups/{slug}/join", web::post().to(pages::community::groups::join))
    .route("/groups/{slug}/leave", web::post().to(pages::community::groups::leave))
    .route(
        "/groups/{slug}/discussions",
        web::get().to(pages::community::discussions::list),
    )
    .route(
        "/groups/{slug}/discussions",
        web::post().to(pages::community::discussions::start),
    )
    .route(
        "/groups/{slug}/discussions/settings",
        web::post().to(pages::community::discussions::settings),
    )
    .route(
        "/groups/{slug}/discussions/emails",
        web::post().to(pages::community::discussions::emails),
    )
    .route(
        "/groups/{slug}/discussions/{id}",
        web::get().to(pages::community::discussions::show),
    )
    .route(
        "/groups/{slug}/discussions/{id}",
        web::post().to(pages::community::discussions::reply),
    )
    .route(
        "/groups/{slug}/discussions/{id}/pin",
        web::post().to(pages::community::discussions::pin),
    )
    .route(
        "/groups/{slug}/discussions/{id}/lock",
        web::post().to(pages::community::discussions::lock),
    )
    .route(
        "/groups/{slug}/discussions/posts/{post}/hide",
        web::post().to(pages::community::discussions::hide),
    )
    .route(
        "/groups/{slug}/discussions/posts/{post}/edit",
        web::get().to(pages::community::discussions::edit_form),
    )
    .route(
        "/groups/{slug}/discussions/posts/{post}/edit",
        web::post().to(pages::community::discussions::edit),
    )
    .route(
        "/groups/{slug}/discussions/posts/{post}/history",
        web::get().to(pages::community::discussions::history),
    )
    .route(
        "/organise/groups/{id}/members",
        web::get().to(pages::community::groups::members),
    )
    .route(
        "/organise/groups/{id}/requests",
        web::post().to(pages::community::groups::decide),
    )
    .route(
        "/organise/groups/{id}/co-organisers",
        web::post().to(pages::community::groups::co_organiser),
    )
    .route(
        "/organise/groups/{id}/invitations",
        web::post().to(pages::community::groups::invite),
    )
    .route(
        "/organise/groups/{id}/joining",
        web::get().to(pages::community::groups::joining_form),
    )
    .route(
        "/organise/groups/{id}/joining",
        web::post().to(pages::community::groups::set_joining),
    )
    .route("/events/{slug}/going", web::post().to(pages::community::events::going))
    .route("/events/{slug}/guest", web::get().to(pages::community::guests::form))
    .route(
        "/events/{slug}/guest",
        web::post().to(pages::community::guests::request),
    )
    .route(
        "/events/guest/confirm/{token}",
        web::get().to(pages::community::guests::confirm_page),
    )
    .route(
        "/events/guest/confirm/{token}",
        web::post().to(pages::community::guests::confirm),
    )
    .route(
        "/events/guest/cancel/{token}",
        web::get().to(pages::community::guests::cancel_page),
    )
    .route(
        "/events/guest/cancel/{token}",
        web::post().to(pages::community::guests::cancel),
    )
    .route(
        "/events/{slug}/not-going",
        web::post().to(pages::community::events::not_going),
    )
    .route(
        "/organise/events/{id}/attendees",
        web::get().to(pages::community::events::attendees),
    )
    .route(
        "/organise/events/{id}/attendees.csv",
        web::get().to(pages::community::events::attendees_csv),
    )
    .route(
        "/organise/events/{id}/places",
        web::post().to(pages::community::events::set_places),
    )
    // Event emails: calendar files, organisers telling attendees, reminders.
    .route(
        "/events/{slug}/sessions/{session}/calendar.ics",
        web::get().to(pages::community::event_mail::calendar),
    )
    .route(
        "/organise/events/{id}/sessions/{session}/message",
        web::get().to(pages::community::event_mail::message_form),
    )
    .route(
        "/organise/events/{id}/sessions/{session}/message",
        web::post().to(pages::community::event_mail::message),
    )
    .route(
        "/organise/events/{id}/sessions/{session}/cancel",
        web::get().to(pages::community::event_mail::cancel_form),
    )
    .route(
        "/organise/events/{id}/sessions/{session}/cancel",
        web::post().to(pages::community::event_mail::cancel),
    )
    .route(
        "/organise/events/{id}/sessions/{session}/change-time",
        web::get().to(pages::community::event_mail::change_form),
    )
    .route(
        "/organise/events/{id}/sessions/{session}/change-time",
        web::post().to(pages::community::event_mail::change_time),
    )
    .route(
        "/event-reminders/off/{token}",
        web::get().to(pages::community::event_mail::off_page),
    )
    .route(
        "/event-reminders/off/{token}",
        web::post().to(pages::community::event_mail::off),
    )
    .route(
        "/account/reminders",
        web::get().to(pages::community::notifications::reminders_moved),
    )
    .route(
        "/account/reminders",
        web::post().to(pages::community::event_mail::set_reminders),
    )
    // Safety and moderation: reports, the moderators' queues, one report
    // with its notes and decision, and the log.
    .route(
        "/report/{what}/{id}",
        web::get().to(pages::community::moderation::report_form),
    )
    .route(
        "/report/{what}/{id}",
        web::post().to(pages::community::moderation::report),
    )
    .route(
        "/report/{what}/{id}/sent",
        web::get().to(pages::community::moderation::report_sent),
    )
    .route("/moderation", web::get().to(pages::community::moderation::queue))
    .route("/moderation/log", web::get().to(pages::community::moderation::log))
    .route(
        "/moderation/reports/{id}",
        web::get().to(pages::community::moderation::show),
    )
    .route(
        "/moderation/reports/{id}/notes",
        web::post().to(pages::community::moderation::add_note),
    )
    .route(
        "/moderation/reports/{id}/decision",
        web::post().to(pages::community::moderation::decide),
    )
    .route(
        "/moderation/reports/{id}/lift",
        web::post().to(pages::community::moderation::lift_from_report),
    )
    .route(
        "/moderation/people/{id}",
        web::get().to(pages::community::moderation::person),
    )
    .route(
        "/moderation/people/{id}/lift",
        web::post().to(pages::community::moderation::lift),
    )
    .route(
        "/organise/reports",
        web::get().to(pages::community::moderation::organiser_queue),
    )
    .route("/my/groups", web::get().to(pages::community::mine::groups))
    .route("/my/events", web::get().to(pages::community::mine::events))
    // Talking one to one (messages): profiles, blocking, direct messages
    // and "Contact the organisers".
    .route("/account/profile", web::get().to(pages::community::people::edit))
    .route("/account/profile", web::post().to(pages::community::people::save))
    .route("/account/blocked", web::get().to(pages::community::people::blocked))
    .route("/people/{id}", web::get().to(pages::community::people::show))
    .route(
        "/people/{id}/block",
        web::get().to(pages::community::people::block_form),
    )
    .route("/people/{id}/block", web::post().to(pages::community::people::block))
    .route(
        "/people/{id}/unblock",
        web::post().to(pages::community::people::unblock),
    )
    .route("/messages", web::get().to(pages::community::messages::inbox))
    .route(
        "/messages/{person}",
        web::get().to(pages::community::messages::conversation),
    )
    .route("/messages/{person}", web::post().to(pages::community::messages::send))
    .route(CONTACT_PATH, web::get().to(pages::community::contact::form))
    .route(CONTACT_PATH, web::post().to(pages::community::contact::send))
    .route(
        "/contact/reply/{token}",
        web::get().to(pages::community::contact::reply_form),
    )
    .route(
        "/contact/reply/{token}",
        web::post().to(pages::community::contact::reply),
    )
    // Notifications and the member's home (issue 6: notify).
    .route(
        "/account/notifications",
        web::get().to(pages::community::notifications::form),
    )
    .route(
        "/account/notifications",
        web::post().to(pages::community::notifications::save),
    )
    .route(
        "/digest/off/{token}",
        web::get().to(pages::community::notifications::digest_off_page),
    )
    .route(
        "/digest/off/{token}",
        web::post().to(pages::community::notifications::digest_off),
    )
    .route("/home", web::get().to(pages::community::notifications::home))
    .default_service(web::to(not_found));
}

/// Builds the application with its middleware, for `kith serve` and tests.
#[macro_export]
macro_rules! app {
    ($state:expr) => {
        actix_web::App::new()
            .app_data($state.clone())
            .wrap(actix_web::middleware::from_fn($crate::auth::sessions))
            .wrap($crate::security_headers())
            .wrap($crate::normalize_path())
            .configure($crate::routes)
    };
}

/// Headers that make every page safer to show: no framing, no sniffing,
/// scripts and styles only from this site.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ))
}

/// `/boroughs/lambeth/` finds the same page as `/boroughs/lambeth`.
pub fn normalize_path() -> NormalizePath {
    NormalizePath::new(TrailingSlash::Trim)
}

/// 200 when the database answers a query, 503 when it does not.
async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let answer = state
        .db(|conn| {
            use store::diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1")
                .map_err(|e| directory::DirectoryError::Store(e.into()))
        })
        .await;
    match answer {
        Ok(()) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .body("ok"),
        Err(e) => {
            tracing::warn!("health check failed: {e}");
            HttpResponse::ServiceUnavailable()
                .insert_header(("Cache-Control", "no-store"))
                .body("database unavailable")
        }
    }
}

async fn not_found() -> Result<HttpResponse, WebError> {
    Err(WebError::NotFound)
}
