//! Every route × every kind of visitor, against the table of who may use
//! it. A route missing from the table fails the test, so a new page cannot
//! ship without someone deciding who may see it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::Role;
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use chrono::Timelike;
use store::db_test;

#[macro_use]
mod common;

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    Member,
    /// An organiser of the fixture organisation (and so of its group).
    Organiser,
    /// A member of the fixture group made its co-organiser: runs that
    /// group's members, nothing of the organisation's.
    CoOrganiser,
    /// A member of the fixture group, nothing more.
    GroupMember,
    Role(Role),
}

const EVERYONE: &[Who] = &[
    Who::Nobody,
    Who::Member,
    Who::Organiser,
    Who::CoOrganiser,
    Who::GroupMember,
    Who::Role(Role::Professional),
    Who::Role(Role::Coach),
    Who::Role(Role::Volunteer),
    Who::Role(Role::TeamManager),
    Who::Role(Role::Commissioner),
    Who::Role(Role::Editor),
    Who::Role(Role::Admin),
];
const SIGNED_IN: &[Who] = &[
    Who::Member,
    Who::Organiser,
    Who::CoOrganiser,
    Who::GroupMember,
    Who::Role(Role::Professional),
    Who::Role(Role::Coach),
    Who::Role(Role::Volunteer),
    Who::Role(Role::TeamManager),
    Who::Role(Role::Commissioner),
    Who::Role(Role::Editor),
    Who::Role(Role::Admin),
];
const ADMIN: &[Who] = &[Who::Role(Role::Admin)];
const EDITORS: &[Who] = &[Who::Role(Role::Editor), Who::Role(Role::Admin)];
/// The connecting team; admins are not the team.
const TEAM: &[Who] = &[
    Who::Role(Role::Coach),
    Who::Role(Role::Volunteer),
    Who::Role(Role::TeamManager),
];
/// Team managers only.
const MANAGERS: &[Who] = &[Who::Role(Role::TeamManager)];
/// Who reads the impact report: managers and commissioners (who see
/// nothing else of the team's: every other team row leaves them out).
const REPORTERS: &[Who] = &[Who::Role(Role::TeamManager), Who::Role(Role::Commissioner)];
/// The fixture organisation's organisers, and editors (who may edit anything).
const ORGANISERS: &[Who] = &[Who::Organiser, Who::Role(Role::Editor), Who::Role(Role::Admin)];
/// Who runs the fixture group's membership: its organisation's organisers,
/// its own co-organiser, and editors.
const GROUP_ORGANISERS: &[Who] = &[
    Who::Organiser,
    Who::CoOrganiser,
    Who::Role(Role::Editor),
    Who::Role(Role::Admin),
];

/// Who reads the fixture group's discussions (kept to members): its
/// members, including the co-organiser, and whoever runs the group.
const GROUP_READERS: &[Who] = &[
    Who::GroupMember,
    Who::CoOrganiser,
    Who::Organiser,
    Who::Role(Role::Editor),
    Who::Role(Role::Admin),
];
/// Who writes in them: members only, however senior anyone else is.
const GROUP_MEMBERS: &[Who] = &[Who::GroupMember, Who::CoOrganiser];
/// Only the author of `{post}`, who is none of the visitors.
const NOBODY: &[Who] = &[];

/// One row: (method, path as routed, path to request, form fields, who may).
/// In the path, `{target}` is another person's id; `{org}`/`{orgslug}` the
/// fixture organisation, `{listing}`/`{groupslug}` its group (which takes
/// requests to join), `{event}`/`{eventslug}` its event and `{session}` the
/// event's one date; `{proposal}`,
/// `{claim}` and `{report}` (and the form values `{organiser}`,
/// `{invitation}`, `{requester}`, someone asking to join the group, and
/// `{groupmember}`, a member of it) are made afresh for each request, since approving one
/// uses it up. For owned things (`/organise/…`) a 404 counts
/// as refused: organisers learn nothing about what is not theirs.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [Who],
);

#[rustfmt::skip]
const TABLE: &[Row] = &[
    ("GET", "/", "/", &[], EVERYONE),
    ("GET", "/healthz", "/healthz", &[], EVERYONE),
    ("GET", "/search", "/search?q=walk", &[], EVERYONE),
    ("GET", "/api/search", "/api/search?q=walk", &[], EVERYONE),
    ("GET", "/api/suggest", "/api/suggest?q=wal", &[], EVERYONE),
    ("GET", "/whats-on", "/whats-on", &[], EVERYONE),
    ("GET", "/interests", "/interests", &[], EVERYONE),
    ("GET", "/interests/{slug}", "/interests/arts-and-crafts", &[], EVERYONE),
    ("GET", "/boroughs", "/boroughs", &[], EVERYONE),
    ("GET", "/boroughs/{slug}", "/boroughs/lambeth", &[], EVERYONE),
    (
        "GET",
        "/organisations/{slug}",
        "/organisations/none-such",
        &[],
        EVERYONE,
    ),
    ("GET", "/groups/{slug}", "/groups/none-such", &[], EVERYONE),
    // Member-led groups: any confirmed member starts one.
    ("GET", "/groups/start", "/groups/start", &[], SIGNED_IN),
    ("POST", "/groups/start", "/groups/start", &[("step", "about"), ("name", "")], SIGNED_IN),
    ("GET", "/groups/start/sent", "/groups/start/sent", &[], SIGNED_IN),
    ("GET", "/events/{slug}", "/events/none-such", &[], EVERYONE),
    ("GET", "/places/{slug}", "/places/none-such", &[], EVERYONE),
    ("GET", "/shortlist", "/shortlist", &[], EVERYONE),
    ("GET", "/shortlist/print", "/shortlist/print", &[], EVERYONE),
    ("GET", "/shortlist/shared/{ids}", "/shortlist/shared/1.2", &[], EVERYONE),
    ("POST", "/shortlist/add", "/shortlist/add", &[("id", "1")], EVERYONE),
    (
        "POST",
        "/shortlist/remove",
        "/shortlist/remove",
        &[("id", "1")],
        EVERYONE,
    ),
    ("POST", "/shortlist/save", "/shortlist/save", &[], EVERYONE),
    ("GET", "/shortlist/email", "/shortlist/email", &[], EVERYONE),
    (
        "POST",
        "/shortlist/email",
        "/shortlist/email",
        &[("email", "bad")],
        EVERYONE,
    ),
    ("GET", "/get-help", "/get-help", &[], EVERYONE),
    ("GET", "/about-the-data", "/about-the-data", &[], EVERYONE),
    ("GET", "/get-help/refer-yourself", "/get-help/refer-yourself", &[], EVERYONE),
    ("POST", "/get-help/refer-yourself", "/get-help/refer-yourself", &[("step", "about"), ("name", "")], EVERYONE),
    ("GET", "/get-help/refer-someone", "/get-help/refer-someone", &[], EVERYONE),
    ("POST", "/get-help/refer-someone", "/get-help/refer-someone", &[("referrer_name", "")], EVERYONE),
    // A referral that does not exist: the team get 404, everyone else is
    // refused before anything is looked up.
    ("GET", "/team/referrals", "/team/referrals", &[], TEAM),
    ("POST", "/team/find", "/team/find", &[("reference", "KC-ZZZZZ")], TEAM),
    ("GET", "/team/caseload", "/team/caseload", &[], TEAM),
    ("GET", "/team/caseloads", "/team/caseloads", &[], MANAGERS),
    ("GET", "/team/caseloads/{id}", "/team/caseloads/{target}", &[], MANAGERS),
    ("GET", "/team/services", "/team/services", &[], MANAGERS),
    ("POST", "/team/services", "/team/services", &[("name", ""), ("unit", "weeks"), ("length", "")], MANAGERS),
    ("GET", "/team/reports", "/team/reports?from=1%2F1%2F2026&to=31%2F12%2F2026", &[], REPORTERS),
    ("GET", "/team/reports.csv", "/team/reports.csv", &[], REPORTERS),
    ("GET", "/team/referrals/{id}", "/team/referrals/0", &[], TEAM),
    ("GET", "/team/referrals/{id}/audit", "/team/referrals/0/audit", &[], MANAGERS),
    ("GET", "/team/referrals/{id}/export", "/team/referrals/0/export", &[], MANAGERS),
    ("GET", "/team/referrals/{id}/print", "/team/referrals/0/print", &[], MANAGERS),
    ("GET", "/team/referrals/{id}/erase", "/team/referrals/0/erase", &[], MANAGERS),
    ("POST", "/team/referrals/{id}/erase", "/team/referrals/0/erase", &[("reason", "Asked")], MANAGERS),
    ("GET", "/team/referrals/{id}/contacts", "/team/referrals/0/contacts", &[], TEAM),
    ("GET", "/team/referrals/{id}/contacts/new", "/team/referrals/0/contacts/new", &[], TEAM),
    ("POST", "/team/referrals/{id}/contacts/new", "/team/referrals/0/contacts/new", &[("mode", "phone")], TEAM),
    ("GET", "/team/referrals/{id}/measures", "/team/referrals/0/measures", &[], TEAM),
    ("GET", "/team/referrals/{id}/measures/{instrument}", "/team/referrals/0/measures/ucla3", &[], TEAM),
    ("POST", "/team/referrals/{id}/measures/{instrument}", "/team/referrals/0/measures/ucla3", &[("point", "start")], TEAM),
    ("GET", "/team/referrals/{id}/goals", "/team/referrals/0/goals", &[], TEAM),
    ("GET", "/team/referrals/{id}/goals/new", "/team/referrals/0/goals/new", &[], TEAM),
    ("POST", "/team/referrals/{id}/goals/new", "/team/referrals/0/goals/new", &[("words", "Go to the gym")], TEAM),
    ("GET", "/team/referrals/{id}/goals/{goal}/steps/new", "/team/referrals/0/goals/0/steps/new", &[], TEAM),
    ("POST", "/team/referrals/{id}/goals/{goal}/steps/new", "/team/referrals/0/goals/0/steps/new", &[("words", "Visit")], TEAM),
    ("GET", "/team/referrals/{id}/steps/{step}", "/team/referrals/0/steps/0", &[], TEAM),
    ("POST", "/team/referrals/{id}/steps/{step}", "/team/referrals/0/steps/0", &[("status", "tried")], TEAM),
    ("GET", "/team/referrals/{id}/network", "/team/referrals/0/network", &[], TEAM),
    ("GET", "/team/referrals/{id}/network/new", "/team/referrals/0/network/new", &[], TEAM),
    ("POST", "/team/referrals/{id}/network/new", "/team/referrals/0/network/new", &[("name", "Jo")], TEAM),
    ("POST", "/team/referrals/{id}/network/copy", "/team/referrals/0/network/copy", &[], TEAM),
    ("POST", "/team/referrals/{id}/network/{entry}/remove", "/team/referrals/0/network/0/remove", &[], TEAM),
    ("GET", "/team/referrals/{id}/strengths", "/team/referrals/0/strengths", &[], TEAM),
    ("GET", "/team/referrals/{id}/strengths/new", "/team/referrals/0/strengths/new", &[], TEAM),
    ("POST", "/team/referrals/{id}/strengths/new", "/team/referrals/0/strengths/new", &[("whose", "person"), ("words", "Paints")], TEAM),
    ("GET", "/team/referrals/{id}/barriers", "/team/referrals/0/barriers", &[], TEAM),
    ("POST", "/team/referrals/{id}/barriers", "/team/referrals/0/barriers", &[("barriers", "money")], TEAM),
    ("GET", "/team/referrals/{id}/reviews/{kind}", "/team/referrals/0/reviews/six-week", &[], TEAM),
    ("POST", "/team/referrals/{id}/reviews/{kind}", "/team/referrals/0/reviews/final", &[("date", "01/12/2026"), ("gone_well", "Walks"), ("next_steps", "More")], TEAM),
    // The follow-up, correcting contacts, and linking steps to listings (the followup branch).
    ("GET", "/team/follow-ups", "/team/follow-ups", &[], TEAM),
    ("GET", "/team/referrals/{id}/follow-up", "/team/referrals/0/follow-up", &[], TEAM),
    ("POST", "/team/referrals/{id}/follow-up", "/team/referrals/0/follow-up", &[("more_supported", "5")], TEAM),
    ("POST", "/team/referrals/{id}/follow-up/link", "/team/referrals/0/follow-up/link", &[], TEAM),
    ("GET", "/follow-up/{token}", "/follow-up/00", &[], EVERYONE),
    ("POST", "/follow-up/{token}", "/follow-up/00", &[("more_supported", "5")], EVERYONE),
    ("GET", "/team/referrals/{id}/contacts/{contact}", "/team/referrals/0/contacts/0", &[], TEAM),
    ("POST", "/team/referrals/{id}/contacts/{contact}", "/team/referrals/0/contacts/0", &[("mode", "phone")], TEAM),
    ("GET", "/team/referrals/{id}/contacts/{contact}/delete", "/team/referrals/0/contacts/0/delete", &[], TEAM),
    ("POST", "/team/referrals/{id}/contacts/{contact}/delete", "/team/referrals/0/contacts/0/delete", &[], TEAM),
    ("GET", "/team/plan", "/team/plan?listing=0", &[], TEAM),
    ("GET", "/team/referrals/{id}/{step}", "/team/referrals/0/first-call", &[], TEAM),
    ("POST", "/team/referrals/{id}/{step}", "/team/referrals/0/first-call", &[("outcome", "no_answer")], TEAM),
    ("GET", "/team/referrals/{id}/{step}", "/team/referrals/0/allocate", &[], MANAGERS),
    ("POST", "/team/referrals/{id}/{step}", "/team/referrals/0/allocate", &[("worker", "1")], MANAGERS),
    ("GET", "/sign-up", "/sign-up", &[], EVERYONE),
    (
        "POST",
        "/sign-up",
        "/sign-up",
        &[("display_name", "New"), ("email", "bad")],
        EVERYONE,
    ),
    ("GET", "/verify/{token}", "/verify/00", &[], EVERYONE),
    ("POST", "/verify/{token}", "/verify/00", &[], EVERYONE),
    ("GET", "/sign-in", "/sign-in", &[], EVERYONE),
    (
        "POST",
        "/sign-in",
        "/sign-in",
        &[("email", "x@example.org"), ("password", "")],
        EVERYONE,
    ),
    ("GET", "/sign-in/link", "/sign-in/link", &[], EVERYONE),
    ("POST", "/sign-in/link", "/sign-in/link", &[("email", "bad")], EVERYONE),
    ("GET", "/sign-in/link/{token}", "/sign-in/link/00", &[], EVERYONE),
    ("POST", "/sign-in/link/{token}", "/sign-in/link/00", &[], EVERYONE),
    ("POST", "/sign-out", "/sign-out", &[], EVERYONE),
    ("POST", "/sign-out-everywhere", "/sign-out-everywhere", &[], SIGNED_IN),
    ("GET", "/reset-password", "/reset-password", &[], EVERYONE),
    (
        "POST",
        "/reset-password",
        "/reset-password",
        &[("email", "bad")],
        EVERYONE,
    ),
    ("GET", "/reset-password/{token}", "/reset-password/00", &[], EVERYONE),
    (
        "POST",
        "/reset-password/{token}",
        "/reset-password/00",
        &[("password", "x")],
        EVERYONE,
    ),
    ("GET", "/account", "/account", &[], SIGNED_IN),
    ("GET", "/account/name", "/account/name", &[], SIGNED_IN),
    (
        "POST",
        "/account/name",
        "/account/name",
        &[("display_name", "")],
        SIGNED_IN,
    ),
    ("GET", "/account/password", "/account/password", &[], SIGNED_IN),
    (
        "POST",
        "/account/password",
        "/account/password",
        &[("password", "x")],
        SIGNED_IN,
    ),
    ("GET", "/account/email", "/account/email", &[], SIGNED_IN),
    (
        "POST",
        "/account/email",
        "/account/email",
        &[("email", "bad")],
        SIGNED_IN,
    ),
    (
        "GET",
        "/account/email/confirm/{token}",
        "/account/email/confirm/00",
        &[],
        EVERYONE,
    ),
    (
        "POST",
        "/account/email/confirm/{token}",
        "/account/email/confirm/00",
        &[],
        EVERYONE,
    ),
    ("GET", "/account/professional", "/account/professional", &[], SIGNED_IN),
    (
        "POST",
        "/account/professional",
        "/account/professional",
        &[("job_title", "")],
        SIGNED_IN,
    ),
    ("GET", "/account/export", "/account/export", &[], SIGNED_IN),
    ("GET", "/account/delete", "/account/delete", &[], SIGNED_IN),
    ("POST", "/account/delete", "/account/delete", &[], SIGNED_IN),
    ("GET", "/admin/people", "/admin/people?q=example", &[], ADMIN),
    ("GET", "/admin/people/{id}", "/admin/people/{target}", &[], ADMIN),
    (
        "POST",
        "/admin/people/{id}/roles",
        "/admin/people/{target}/roles",
        &[("role", "coach"), ("grant", "yes")],
        ADMIN,
    ),
    ("GET", "/admin/professionals", "/admin/professionals", &[], ADMIN),
    (
        "POST",
        "/admin/professionals/{id}",
        "/admin/professionals/{target}",
        &[("decision", "confirm")],
        ADMIN,
    ),    ("GET", "/organise", "/organise", &[], SIGNED_IN),
    ("GET", "/organise/new/{kind}", "/organise/new/organisations", &[], SIGNED_IN),
    ("POST", "/organise/new/{kind}", "/organise/new/organisations", &[("name", "")], SIGNED_IN),
    ("GET", "/organise/new/{kind}", "/organise/new/groups?organisation={org}", &[], ORGANISERS),
    ("POST", "/organise/new/{kind}", "/organise/new/groups", &[("organisation", "{org}"), ("name", "")], ORGANISERS),
    ("GET", "/organise/listings/{id}/edit", "/organise/listings/{listing}/edit", &[], ORGANISERS),
    ("POST", "/organise/listings/{id}/edit", "/organise/listings/{listing}/edit", &[("name", "")], ORGANISERS),
    ("GET", "/organise/listings/{id}/history", "/organise/listings/{listing}/history", &[], ORGANISERS),
    ("POST", "/organise/listings/{id}/history/{number}/restore", "/organise/listings/{listing}/history/1/restore", &[], ORGANISERS),
    ("GET", "/organise/listings/{id}/dates", "/organise/listings/{listing}/dates", &[], ORGANISERS),
    ("POST", "/organise/listings/{id}/dates", "/organise/listings/{listing}/dates", &[("date", "never")], ORGANISERS),
    ("POST", "/organise/listings/{id}/dates/move", "/organise/listings/{listing}/dates/move", &[("session", "never")], ORGANISERS),
    ("POST", "/organise/listings/{id}/still-correct", "/organise/listings/{listing}/still-correct", &[], ORGANISERS),
    ("GET", "/organise/organisations/{id}/organisers", "/organise/organisations/{org}/organisers", &[], ORGANISERS),
    ("POST", "/organise/organisations/{id}/organisers", "/organise/organisations/{org}/organisers", &[("email", "nobody@example.org")], ORGANISERS),
    ("POST", "/organise/organisations/{id}/organisers/remove", "/organise/organisations/{org}/organisers/remove", &[("person", "{organiser}")], ORGANISERS),
    ("POST", "/organise/organisations/{id}/invitations/withdraw", "/organise/organisations/{org}/invitations/withdraw", &[("invitation", "{invitation}")], ORGANISERS),
    ("GET", "/invitations/{token}", "/invitations/00", &[], SIGNED_IN),
    ("POST", "/invitations/{token}", "/invitations/00", &[], SIGNED_IN),
    ("GET", "/organisations/{slug}/claim", "/organisations/{orgslug}/claim", &[], SIGNED_IN),
    ("POST", "/organisations/{slug}/claim", "/organisations/{orgslug}/claim", &[("message", "")], SIGNED_IN),
    ("GET", "/{kind:(organisations|groups|events|places)}/{slug}/report", "/groups/{groupslug}/report", &[], EVERYONE),
    ("POST", "/{kind:(organisations|groups|events|places)}/{slug}/report", "/groups/{groupslug}/report", &[("kind", "")], EVERYONE),
    ("GET", "/still-correct/{token}", "/still-correct/00", &[], EVERYONE),
    ("POST", "/still-correct/{token}", "/still-correct/00", &[], EVERYONE),
    ("GET", "/editor", "/editor", &[], EDITORS),
    ("GET", "/editor/proposals/{id}", "/editor/proposals/{proposal}", &[], EDITORS),
    ("POST", "/editor/proposals/{id}/approve", "/editor/proposals/{proposal}/approve", &[], EDITORS),
    ("POST", "/editor/proposals/{id}/reject", "/editor/proposals/{proposal}/reject", &[("reason", "Not suitable")], EDITORS),
    ("GET", "/editor/listings/{id}", "/editor/listings/{listing}", &[], EDITORS),
    ("POST", "/editor/listings/{id}/unpublish", "/editor/listings/{listing}/unpublish", &[("reason", "")], EDITORS),
    ("POST", "/editor/organisations/{id}/trust", "/editor/organisations/{org}/trust", &[("trusted", "no")], EDITORS),
    ("GET", "/editor/claims/{id}", "/editor/claims/{claim}", &[], EDITORS),
    ("POST", "/editor/claims/{id}/approve", "/editor/claims/{claim}/approve", &[], EDITORS),
    ("POST", "/editor/claims/{id}/refuse", "/editor/claims/{claim}/refuse", &[("reason", "Not known to us")], EDITORS),
    ("GET", "/editor/reports/{id}", "/editor/reports/{report}", &[], EDITORS),
    ("POST", "/editor/reports/{id}/resolve", "/editor/reports/{report}/resolve", &[("note", "Fixed")], EDITORS),
    ("GET", "/groups/{slug}/join", "/groups/{groupslug}/join", &[], SIGNED_IN),
    ("POST", "/groups/{slug}/join", "/groups/{groupslug}/join", &[("answer", "Company")], SIGNED_IN),
    ("POST", "/groups/{slug}/leave", "/groups/{groupslug}/leave", &[], SIGNED_IN),
    // Discussions: `{thread}` is a discussion in the fixture group and
    // `{post}` its first post, by a member who is not among the visitors.
    // The forms are empty or change nothing, so the rows do not disturb
    // each other.
    ("GET", "/groups/{slug}/discussions", "/groups/{groupslug}/discussions", &[], GROUP_READERS),
    ("POST", "/groups/{slug}/discussions", "/groups/{groupslug}/discussions", &[("title", ""), ("body", "")], GROUP_MEMBERS),
    ("POST", "/groups/{slug}/discussions/settings", "/groups/{groupslug}/discussions/settings", &[("public", "no")], GROUP_ORGANISERS),
    ("POST", "/groups/{slug}/discussions/emails", "/groups/{groupslug}/discussions/emails", &[("emails", "yes")], GROUP_MEMBERS),
    ("GET", "/groups/{slug}/discussions/{id}", "/groups/{groupslug}/discussions/{thread}", &[], GROUP_READERS),
    ("POST", "/groups/{slug}/discussions/{id}", "/groups/{groupslug}/discussions/{thread}", &[("body", "")], GROUP_MEMBERS),
    ("POST", "/groups/{slug}/discussions/{id}/pin", "/groups/{groupslug}/discussions/{thread}/pin", &[("pinned", "no")], GROUP_ORGANISERS),
    ("POST", "/groups/{slug}/discussions/{id}/lock", "/groups/{groupslug}/discussions/{thread}/lock", &[("locked", "no")], GROUP_ORGANISERS),
    ("POST", "/groups/{slug}/discussions/posts/{post}/hide", "/groups/{groupslug}/discussions/posts/{post}/hide", &[("hidden", "no")], GROUP_ORGANISERS),
    ("GET", "/groups/{slug}/discussions/posts/{post}/edit", "/groups/{groupslug}/discussions/posts/{post}/edit", &[], NOBODY),
    ("POST", "/groups/{slug}/discussions/posts/{post}/edit", "/groups/{groupslug}/discussions/posts/{post}/edit", &[("body", "Changed")], NOBODY),
    ("GET", "/groups/{slug}/discussions/posts/{post}/history", "/groups/{groupslug}/discussions/posts/{post}/history", &[], GROUP_ORGANISERS),
    ("GET", "/organise/groups/{id}/members", "/organise/groups/{listing}/members", &[], GROUP_ORGANISERS),
    ("POST", "/organise/groups/{id}/requests", "/organise/groups/{listing}/requests", &[("person", "{requester}"), ("decision", "approve")], GROUP_ORGANISERS),
    ("POST", "/organise/groups/{id}/co-organisers", "/organise/groups/{listing}/co-organisers", &[("person", "{groupmember}"), ("organiser", "yes")], GROUP_ORGANISERS),
    ("POST", "/organise/groups/{id}/invitations", "/organise/groups/{listing}/invitations", &[("email", "nobody@example.org")], GROUP_ORGANISERS),
    ("GET", "/organise/groups/{id}/joining", "/organise/groups/{listing}/joining", &[], GROUP_ORGANISERS),
    ("POST", "/organise/groups/{id}/joining", "/organise/groups/{listing}/joining", &[("policy", "request"), ("question", "Why?")], GROUP_ORGANISERS),
    ("POST", "/events/{slug}/going", "/events/{eventslug}/going", &[("session", "{session}")], SIGNED_IN),
    ("GET", "/events/{slug}/guest", "/events/{eventslug}/guest?session={session}", &[], EVERYONE),
    ("POST", "/events/{slug}/guest", "/events/{eventslug}/guest", &[("session", "{session}"), ("name", "Guest"), ("email", "guest@example.org")], EVERYONE),
    ("GET", "/events/guest/confirm/{token}", "/events/guest/confirm/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("POST", "/events/guest/confirm/{token}", "/events/guest/confirm/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("GET", "/events/guest/cancel/{token}", "/events/guest/cancel/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("POST", "/events/guest/cancel/{token}", "/events/guest/cancel/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("POST", "/events/{slug}/not-going", "/events/{eventslug}/not-going", &[("session", "{session}")], SIGNED_IN),
    ("GET", "/organise/events/{id}/attendees", "/organise/events/{event}/attendees", &[], ORGANISERS),
    ("GET", "/organise/events/{id}/attendees.csv", "/organise/events/{event}/attendees.csv", &[], ORGANISERS),
    ("POST", "/organise/events/{id}/places", "/organise/events/{event}/places", &[("capacity", "12")], ORGANISERS),
    // Event emails.
    ("GET", "/events/{slug}/sessions/{session}/calendar.ics", "/events/{eventslug}/sessions/{session}/calendar.ics", &[], EVERYONE),
    ("GET", "/organise/events/{id}/sessions/{session}/message", "/organise/events/{event}/sessions/{session}/message", &[], ORGANISERS),
    ("POST", "/organise/events/{id}/sessions/{session}/message", "/organise/events/{event}/sessions/{session}/message", &[("subject", "Hello"), ("message", "See you there")], ORGANISERS),
    ("GET", "/organise/events/{id}/sessions/{session}/cancel", "/organise/events/{event}/sessions/{session}/cancel", &[], ORGANISERS),
    ("POST", "/organise/events/{id}/sessions/{session}/cancel", "/organise/events/{event}/sessions/{session}/cancel", &[("reason", "Rain")], ORGANISERS),
    ("GET", "/organise/events/{id}/sessions/{session}/change-time", "/organise/events/{event}/sessions/{session}/change-time", &[], ORGANISERS),
    ("POST", "/organise/events/{id}/sessions/{session}/change-time", "/organise/events/{event}/sessions/{session}/change-time", &[("date", "not a date"), ("start_time", "10:00")], ORGANISERS),
    ("GET", "/event-reminders/off/{token}", "/event-reminders/off/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("POST", "/event-reminders/off/{token}", "/event-reminders/off/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("GET", "/account/reminders", "/account/reminders", &[], SIGNED_IN),
    ("POST", "/account/reminders", "/account/reminders", &[("reminders", "on")], SIGNED_IN),
    ("GET", "/my/groups", "/my/groups", &[], SIGNED_IN),
    ("GET", "/my/events", "/my/events", &[], SIGNED_IN),
    // Safety and moderation: `{modreport}` is an open report of `{post}`
    // by another member of the fixture group. Anyone signed in reports the
    // group; its organisers and the editors see the report.
    ("GET", "/report/{what}/{id}", "/report/group/{listing}", &[], SIGNED_IN),
    ("POST", "/report/{what}/{id}", "/report/group/{listing}", &[("reason", ""), ("details", "")], SIGNED_IN),
    ("GET", "/report/{what}/{id}/sent", "/report/group/{listing}/sent", &[], SIGNED_IN),
    ("GET", "/moderation", "/moderation", &[], EDITORS),
    ("GET", "/moderation/log", "/moderation/log", &[], EDITORS),
    ("GET", "/moderation/reports/{id}", "/moderation/reports/{modreport}", &[], GROUP_ORGANISERS),
    ("POST", "/moderation/reports/{id}/notes", "/moderation/reports/{modreport}/notes", &[("note", "")], GROUP_ORGANISERS),
    ("POST", "/moderation/reports/{id}/decision", "/moderation/reports/{modreport}/decision", &[("decision", ""), ("why", "")], GROUP_ORGANISERS),
    ("POST", "/moderation/reports/{id}/lift", "/moderation/reports/{modreport}/lift", &[("lift", ""), ("lift_why", "")], GROUP_ORGANISERS),
    ("GET", "/moderation/people/{id}", "/moderation/people/{target}", &[], EDITORS),
    ("POST", "/moderation/people/{id}/lift", "/moderation/people/{target}/lift", &[("lift", ""), ("lift_why", "")], EDITORS),
    ("GET", "/organise/reports", "/organise/reports", &[], GROUP_ORGANISERS),
    // Talking one to one (messages): `{target}` shares no group with anyone
    // and shows nobody anything, so their page is "not found" to all;
    // `{messageable}` is a member of the fixture group who takes messages
    // from members of their groups, so only its members may write.
    ("GET", "/account/profile", "/account/profile", &[], SIGNED_IN),
    ("POST", "/account/profile", "/account/profile", &[("display_name", "")], SIGNED_IN),
    ("GET", "/account/blocked", "/account/blocked", &[], SIGNED_IN),
    ("GET", "/people/{id}", "/people/{target}", &[], EVERYONE),
    ("GET", "/people/{id}/block", "/people/{target}/block", &[], SIGNED_IN),
    ("POST", "/people/{id}/block", "/people/{target}/block", &[], SIGNED_IN),
    ("POST", "/people/{id}/unblock", "/people/{target}/unblock", &[], SIGNED_IN),
    ("GET", "/messages", "/messages", &[], SIGNED_IN),
    ("GET", "/messages/{person}", "/messages/{messageable}", &[], SIGNED_IN),
    ("POST", "/messages/{person}", "/messages/{messageable}", &[("body", "")], GROUP_MEMBERS),
    ("GET", "/{kind:(organisations|groups|events)}/{slug}/contact", "/groups/{groupslug}/contact", &[], EVERYONE),
    ("POST", "/{kind:(organisations|groups|events)}/{slug}/contact", "/groups/{groupslug}/contact", &[("name", ""), ("email", "bad"), ("message", "")], EVERYONE),
    ("GET", "/contact/reply/{token}", "/contact/reply/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("POST", "/contact/reply/{token}", "/contact/reply/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[("body", "")], EVERYONE),
    // Notifications and the member's home (issue 6: notify).
    ("GET", "/account/notifications", "/account/notifications", &[], SIGNED_IN),
    ("POST", "/account/notifications", "/account/notifications", &[("replies", "on"), ("new_events", "on"), ("reminders", "on"), ("digest", "off")], SIGNED_IN),
    ("GET", "/digest/off/{token}", "/digest/off/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("POST", "/digest/off/{token}", "/digest/off/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &[], EVERYONE),
    ("GET", "/home", "/home", &[], SIGNED_IN),
];

/// Refused: 403, sent to sign in, or (for owned things) 404.
fn denied(path: &str, status: StatusCode, location: Option<&str>) -> bool {
    status == StatusCode::FORBIDDEN
        || (status == StatusCode::NOT_FOUND && path.starts_with("/organise/"))
        || (status == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/sign-in?")))
}

#[test]
fn every_route_is_in_the_table() {
    let source = include_str!("../src/lib.rs");
    let flat = source.split_whitespace().collect::<Vec<_>>().join(" ");
    // Paths kept in constants: `const NAME: &str = "/path";`.
    let constants: Vec<(String, String)> = flat
        .split("const ")
        .skip(1)
        .filter_map(|c| {
            let (name, rest) = c.split_once(": &str = \"")?;
            Some((name.trim().to_owned(), rest.split('"').next()?.to_owned()))
        })
        .collect();
    let mut routed = Vec::new();
    for chunk in flat.split(".route(").skip(1) {
        let chunk = chunk.trim_start();
        let path = match chunk.strip_prefix('"').and_then(|r| r.split('"').next()) {
            Some(p) => p.to_owned(),
            None => {
                let name = chunk.split(',').next().unwrap_or_default().trim();
                match constants.iter().find(|(n, _)| n == name) {
                    Some((_, p)) => p.clone(),
                    None => continue, // another module's constant (the cached map)
                }
            }
        };
        let path = path.as_str();
        let method = if chunk.contains("web::post()") { "POST" } else { "GET" };
        if !path.starts_with("/assets") {
            routed.push((method.to_owned(), path.to_owned()));
        }
    }
    assert!(routed.len() > 20, "found the routes");
    for (method, path) in &routed {
        assert!(
            TABLE.iter().any(|(m, p, ..)| m == method && p == path),
            "{method} {path} is routed but not in the role table"
        );
    }
    for (m, p, ..) in TABLE {
        assert!(
            routed.iter().any(|(rm, rp)| rm == m && rp == p),
            "{m} {p} is in the table but not routed"
        );
    }
}

db_test!(fn every_route_answers_every_visitor_as_the_table_says(db) {
    use directory::fixtures::listing;
    use directory::listing::{self as l, Tags};
    use directory::publishing as p;
    let running = common::start(db);
    let state = running.state.clone();
    let (target, _) = common::signed_in(&running, "target@example.org", &[]);
    let (editor, _) = common::signed_in(&running, "fixture-editor@example.org", &[Role::Editor]);
    let now = chrono::Utc::now().naive_utc();
    let editor_actor = accounts::Actor { person_id: editor, roles: accounts::Roles::of(&[Role::Editor]), verified: true, organiser_of: vec![] };
    let (org, group, event) = {
        let mut conn = db.conn();
        let org = l::insert(&mut conn, &listing(directory::Kind::Organisation, "Fixture Friends", 22, now), &Tags::default()).unwrap();
        let mut g = listing(directory::Kind::Group, "Fixture Walkers", 22, now);
        g.organisation_id = Some(org.id);
        let group = l::insert(&mut conn, &g, &Tags::default()).unwrap();
        // An editor's edit gives the group a version history to restore from.
        let snapshot = p::Snapshot::of_listing(&mut conn, &group).unwrap();
        p::submit(&mut conn, Some(group.id), &snapshot, editor, now).unwrap();
        community::groups::set_joining(&mut conn, &editor_actor, group.id, community::groups::JoinPolicy::Request, "Why?", now).unwrap();
        let mut e = listing(directory::Kind::Event, "Fixture Picnic", 22, now);
        e.organisation_id = Some(org.id);
        e.starts_at = e.starts_at.map(|s| s.with_nanosecond(0).unwrap());
        let event = l::insert(&mut conn, &e, &Tags::default()).unwrap();
        (org, group, event)
    };
    let event_session = event.starts_at.unwrap().format("%Y-%m-%dT%H:%M:%S").to_string();
    // A fresh account per request, so sign-outs and deletions do not leak
    // into the next row.
    let count = std::cell::Cell::new(0);
    let fresh = |roles: &[Role]| {
        count.set(count.get() + 1);
        common::signed_in(&running, &format!("p{}@example.org", count.get()), roles)
    };
    let organiser = || {
        let (id, session) = fresh(&[]);
        p::add_organiser(&mut db.conn(), editor, org.id, id, now).unwrap();
        (id, session)
    };
    let site = running.state.accounts.site.clone();
    // Someone asking to join the fixture group, or (approved) a member of it.
    let requester = |approve: bool| {
        let (id, session) = fresh(&[]);
        let mut conn = db.conn();
        community::groups::join(&mut conn, id, group.id, "", now).unwrap();
        if approve {
            community::groups::decide(&mut conn, &site, &editor_actor, group.id, id, true, now).unwrap();
        }
        (id, session)
    };
    let co_organiser = || {
        let (id, session) = requester(true);
        community::groups::set_co_organiser(&mut db.conn(), &editor_actor, group.id, id, true).unwrap();
        (id, session)
    };
    // A discussion in the fixture group, started by one of its members.
    let (thread, post) = {
        let (author, _) = requester(true);
        let mut conn = db.conn();
        let author = accounts::Actor { person_id: author, ..accounts::Actor::default() };
        let a = community::discussions::access(&mut conn, Some(&author), group.id).unwrap();
        let thread = community::discussions::start(&mut conn, &site, &a, "Fixture walk", "Who is coming?", now).unwrap();
        (thread, community::discussions::thread(&mut conn, &a, thread, 1).unwrap().first.id)
    };
    let modreport = {
        let (reporter, _) = requester(true);
        let reporter = accounts::Actor { person_id: reporter, ..accounts::Actor::default() };
        community::moderation::report(&mut db.conn(), &site, &reporter, community::moderation::Subject::Post, post, "spam", "", now).unwrap()
    };
    // Talking one to one: a member of the fixture group who takes messages.
    let messageable = {
        let (id, _) = requester(true);
        let settings = community::profiles::Settings { messages_from_groups: true, ..Default::default() };
        community::profiles::save(&mut db.conn(), id, &settings, now).unwrap();
        id
    };
    let mut cases = Vec::new();
    for (method, _, path, form, allowed) in TABLE {
        for who in EVERYONE {
            let session = match who {
                Who::Nobody => None,
                Who::Member => Some(fresh(&[]).1),
                Who::Organiser => Some(organiser().1),
                Who::CoOrganiser => Some(co_organiser().1),
                Who::GroupMember => Some(requester(true).1),
                Who::Role(r) => Some(fresh(&[*r]).1),
            };
            let mut path = path
                .replace("{target}", &target.to_string())
                .replace("{org}", &org.id.to_string())
                .replace("{orgslug}", &org.slug)
                .replace("{listing}", &group.id.to_string())
                .replace("{groupslug}", &group.slug)
                .replace("{event}", &event.id.to_string())
                .replace("{eventslug}", &event.slug)
                .replace("{session}", &event_session)
                .replace("{thread}", &thread.to_string())
                .replace("{post}", &post.to_string())
                .replace("{modreport}", &modreport.to_string())
                .replace("{messageable}", &messageable.to_string());
            let mut conn = db.conn();
            if path.contains("{proposal}") {
                // Each proposal by its own author: a second one by the same
                // author replaces the first.
                let (author, _) = organiser();
                let mut snapshot = p::Snapshot::of_listing(&mut conn, &group).unwrap();
                snapshot.fields.summary = format!("A new summary {}", count.get());
                let p::Submitted::Proposed { proposal, .. } = p::submit(&mut conn, Some(group.id), &snapshot, author, now).unwrap() else {
                    panic!("an untrusted organisation's change waits for review");
                };
                path = path.replace("{proposal}", &proposal.to_string());
            }
            if path.contains("{claim}") {
                let (claimant, _) = fresh(&[]);
                let claim = p::claim_organisation(&mut conn, claimant, org.id, "I run it", now).unwrap();
                path = path.replace("{claim}", &claim.to_string());
            }
            if path.contains("{report}") {
                let form = p::ReportForm { kind: "closed".into(), details: String::new(), reporter_email: String::new(), reporter: None };
                let report = p::report_problem(&mut conn, &running.state.accounts.site, group.id, &form, now).unwrap();
                path = path.replace("{report}", &report.id.to_string());
            }
            let mut form: Vec<(String, String)> =
                form.iter().map(|(k, v)| ((*k).to_owned(), v.replace("{org}", &org.id.to_string()).replace("{session}", &event_session))).collect();
            for (_, v) in form.iter_mut().filter(|(_, v)| v == "{requester}") {
                *v = requester(false).0.to_string();
            }
            for (_, v) in form.iter_mut().filter(|(_, v)| v == "{groupmember}") {
                *v = requester(true).0.to_string();
            }
            for (_, v) in form.iter_mut().filter(|(_, v)| v == "{organiser}") {
                *v = organiser().0.to_string();
            }
            for (_, v) in form.iter_mut().filter(|(_, v)| v == "{invitation}") {
                // A waiting invitation of the fixture organisation: withdrawing uses it up.
                let to = mail::EmailAddress::parse(&format!("invited{}@example.org", count.get())).unwrap();
                p::invite_organiser(&mut conn, &running.state.accounts.site, editor, org.id, &to, now).unwrap();
                *v = p::pending_invitations(&mut conn, editor, org.id, now).unwrap()[0].id.to_string();
            }
            cases.push((*method, path, form, *who, allowed.contains(who), session));
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri("/sign-in").to_request()).await;
        let csrf = common::csrf_in(std::str::from_utf8(&read_body(resp).await).unwrap());
        let mut wrong = Vec::new();
        for (method, path, form, who, allowed, session) in cases {
            let mut req = if method == "POST" {
                let mut fields = form;
                fields.push(("csrf".into(), csrf.clone()));
                TestRequest::post().uri(&path).set_form(fields)
            } else {
                TestRequest::get().uri(&path)
            };
            req = req.cookie(Cookie::new("kith_csrf", csrf.clone()));
            if let Some(s) = session {
                req = req.cookie(Cookie::new("kith_session", s));
            }
            let resp = call_service(&app, req.to_request()).await;
            let status = resp.status();
            assert!(!status.is_server_error(), "{method} {path} as {who:?}: {status}");
            let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
            if denied(&path, status, location.as_deref()) == allowed {
                wrong.push(format!("{method} {path} as {who:?}: {status} {location:?}, expected {}", if allowed { "allowed" } else { "denied" }));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
});
