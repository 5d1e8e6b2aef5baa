//! The frame every page shares: skip link, header with "Get help" in the
//! same place everywhere, one `main`, footer with the data attribution.

use maud::{html, Markup, DOCTYPE};

use crate::error::WebError;

/// A link in a breadcrumb trail.
pub struct Crumb<'a> {
    pub text: &'a str,
    pub href: &'a str,
}

/// The whole HTML document. `title` is the page's own title; the site name
/// is appended so tabs and history read well.
pub fn page(title: &str, crumbs: &[Crumb<'_>], body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Kith" }
                meta name="description" content="Kith helps you find groups, activities, courses, volunteering and places in London around the things you care about.";
                link rel="stylesheet" href=(crate::assets::CSS_PATH);
                // Only enhances: every page works without it.
                script src=(crate::assets::JS_PATH) defer {}
            }
            body {
                a class="kith-skip-link" href="#main-content" { "Skip to main content" }
                header class="kith-header" {
                    div class="kith-header__container kith-width-container" {
                        a class="kith-header__logo" href="/" { "Kith" span class="kith-visually-hidden" { " home page" } }
                        nav class="kith-header__nav" aria-label="Main" {
                            ul {
                                li { a href="/search" { "Search" } }
                                li { a href="/whats-on" { "What's on" } }
                                li { a href="/shortlist" { "Shortlist" } }
                                li { a href="/get-help" { "Get help" } }
                                @if crate::auth::signed_in() {
                                    li { a href="/home" { "Your home" } }
                                    li { a href="/my/groups" { "My groups" } }
                                    li { a href="/my/events" { "My events" } }
                                    li { a href="/messages" { "Messages" } }
                                    @if crate::auth::site_moderator() {
                                        li {
                                            a href="/moderation" {
                                                "Moderation"
                                                @let open = crate::auth::open_reports();
                                                @if open > 0 {
                                                    " (" (open)
                                                    span class="kith-visually-hidden" { @if open == 1 { " open report" } @else { " open reports" } }
                                                    ")"
                                                }
                                            }
                                        }
                                    }
                                    li { a href="/account" { "Your account" } }
                                } @else {
                                    li { a href="/sign-in" { "Sign in" } }
                                }
                            }
                        }
                    }
                }
                div class="kith-width-container" {
                    @if !crumbs.is_empty() {
                        nav class="kith-breadcrumbs" aria-label="Breadcrumb" {
                            ol class="kith-breadcrumbs__list" {
                                @for c in crumbs {
                                    li class="kith-breadcrumbs__item" { a href=(c.href) { (c.text) } }
                                }
                            }
                        }
                    }
                    main class="kith-main-wrapper" id="main-content" tabindex="-1" {
                        (body)
                    }
                }
                footer class="kith-footer" {
                    div class="kith-width-container kith-footer__meta" {
                        p class="kith-body-s" {
                            "Kith is free and open-source software. "
                            a href="/about-the-data" { "About the data" }
                            " — postcode and borough data from the Office for National Statistics under the Open Government Licence v3.0."
                        }
                    }
                }
            }
        }
    }
}

/// The page shown for every error, saying what happened and what to do.
pub fn error_page(error: &WebError) -> Markup {
    let (title, body) = match error {
        WebError::NotFound => (
            "Page not found",
            html! {
                h1 class="kith-heading-l" { "Page not found" }
                p class="kith-body" { "If you typed the web address, check it is correct." }
                p class="kith-body" { "If you pasted the web address, check you copied the entire address." }
                p class="kith-body" { "The listing may also have been removed because it no longer runs." }
                ul class="kith-list kith-list--bullet" {
                    li { a href="/" { "Go to the home page" } }
                    li { a href="/search" { "Search for something to do" } }
                    li { a href="/whats-on" { "See what's on this week" } }
                }
            },
        ),
        WebError::BadRequest(message) => (
            "There is a problem with the address",
            html! {
                h1 class="kith-heading-l" { "There is a problem with the address" }
                p class="kith-body" { (message) }
                p class="kith-body" { a href="/" { "Go to the home page" } }
            },
        ),
        WebError::Forbidden => (
            "You cannot do that",
            html! {
                h1 class="kith-heading-l" { "You cannot do that" }
                p class="kith-body" {
                    "The form you sent had expired or did not come from this site, so nothing was changed. "
                    "Go back, reload the page and try again."
                }
                p class="kith-body" { a href="/" { "Go to the home page" } }
            },
        ),
        WebError::NotAllowed => (
            "You do not have permission to see this page",
            html! {
                h1 class="kith-heading-l" { "You do not have permission to see this page" }
                p class="kith-body" { "This page is for people with a particular role, such as editors or the organisers of a group." }
                p class="kith-body" { "If you think you should have access, contact the person who runs Kith for your area." }
                p class="kith-body" { a href="/account" { "Go to your account" } }
            },
        ),
        WebError::TooManyRequests(message) => (
            "Too many attempts",
            html! {
                h1 class="kith-heading-l" { "Too many attempts" }
                p class="kith-body" { (message) "." }
                p class="kith-body" { "This protects your account. Nothing else has changed." }
            },
        ),
        WebError::Busy => (
            "Sorry, we are busy",
            html! {
                h1 class="kith-heading-l" { "Sorry, we are busy" }
                p class="kith-body" { "A lot of people are signing in at once. Please go back and try again in a minute." }
            },
        ),
        WebError::SignInRequired { next } => (
            "Sign in",
            html! {
                h1 class="kith-heading-l" { "Sign in" }
                p class="kith-body" { a href={ "/sign-in?next=" (next) } { "Sign in to continue" } }
            },
        ),
        WebError::Unavailable => (
            "Sorry, the service is unavailable",
            html! {
                h1 class="kith-heading-l" { "Sorry, the service is unavailable" }
                p class="kith-body" { "We cannot reach our database just now. Please try again in a few minutes." }
                p class="kith-body" { "If you need help today, call the connecting team on " strong { "020 7946 0000" } "." }
            },
        ),
        WebError::Internal { id } => (
            "Sorry, there is a problem with the service",
            html! {
                h1 class="kith-heading-l" { "Sorry, there is a problem with the service" }
                p class="kith-body" { "Please try again later." }
                p class="kith-body" { "If you tell us about this, quote reference " strong { (id) } "." }
            },
        ),
    };
    page(title, &[], body)
}
