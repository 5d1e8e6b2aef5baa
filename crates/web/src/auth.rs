//! Who is asking: the session cookie, checked on every request, and the one
//! way handlers ask whether someone may do something.
//!
//! The [`sessions`] middleware reads the `kith_session` cookie (a JWT naming
//! a session row), resolves it against the database, and puts a [`Viewer`]
//! in the request. It renews the cookie as the person uses the site and
//! clears one that no longer works. Handlers take a [`Viewer`] (signed-in
//! only: others are sent to sign in) or an `Option<Viewer>`, and call
//! [`Viewer::require`] with an [`Action`]; the answer comes from
//! [`accounts::permits`], the only place roles are checked.

use accounts::session::SignedIn;
use accounts::{Action, Actor, Person};
use actix_web::body::MessageBody;
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::error::WebError;
use crate::remember::Remembered;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "kith_session";

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub person: Person,
    pub actor: Actor,
    pub session_id: String,
}

impl Viewer {
    /// Whether this person may do `action`.
    pub fn may(&self, action: Action) -> bool {
        accounts::permits(Some(&self.actor), action)
    }

    /// Refuses with 403 unless this person may do `action`.
    pub fn require(&self, action: Action) -> Result<(), WebError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(WebError::NotAllowed)
        }
    }
}

/// What the page header needs to know about who is asking.
#[derive(Debug, Clone, Copy, Default)]
struct Header {
    signed_in: bool,
    /// May read the site's moderation queue: the header links to it, with
    /// the number of open reports.
    moderator: bool,
    open_reports: i64,
}

tokio::task_local! {
    /// Who the request being answered is for, for the page header (the
    /// layout has no request to look at).
    static HEADER: Header;
}

/// True while answering a signed-in request.
pub fn signed_in() -> bool {
    HEADER.try_with(|h| h.signed_in).unwrap_or(false)
}

/// True while answering someone who moderates the whole site.
pub fn site_moderator() -> bool {
    HEADER.try_with(|h| h.moderator).unwrap_or(false)
}

/// The site's open reports, while answering one of its moderators (0 for
/// anyone else).
pub fn open_reports() -> i64 {
    HEADER.try_with(|h| h.open_reports).unwrap_or(0)
}

/// The session cookie for a new or renewed token.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(accounts::session::IDLE_LIFETIME.num_seconds()))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn cleared_cookie(secure: bool) -> Cookie<'static> {
    let mut c = session_cookie(String::new(), secure);
    c.make_removal();
    c
}

/// Resolves the session cookie for every request (see the module docs).
pub async fn sessions(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let token = req
        .cookie(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (mut viewer, mut renewed, mut clear) = (None, None, false);
    if let (Some(token), Some(state)) = (token, state.as_ref()) {
        let keys = state.accounts.keys.clone();
        let now = crate::state::now();
        let known = state.sessions.recall(&token, |s| now < s.holds_until);
        let answer = match known {
            Some(signed) => Ok(signed),
            None => {
                let generation = state.changes.count();
                let key = token.clone();
                let answer = state
                    .transact_quietly(move |conn| accounts::session::resolve(conn, &keys, &token, now))
                    .await?;
                if let Ok(signed) = &answer {
                    if signed.renewed.is_none() {
                        state.sessions.remember(key, signed.clone(), generation);
                    }
                }
                answer
            }
        };
        match answer {
            Ok(signed) => {
                renewed = signed.renewed.clone();
                viewer = Some(Viewer {
                    actor: Actor {
                        person_id: signed.person.id,
                        roles: signed.roles,
                        verified: signed.person.is_verified(),
                        organiser_of: signed.organiser_of,
                    },
                    person: signed.person,
                    session_id: signed.session_id,
                });
            }
            Err(accounts::AccountError::NoSession) => clear = true,
            Err(e) => return Err(WebError::from(e).into()),
        }
    }
    let is_signed_in = viewer.is_some();
    let moderator = viewer.as_ref().is_some_and(|v| v.may(Action::ModerateSite));
    // One count for the few who moderate the site; nobody else pays for it.
    let open_reports = match (&viewer, &state) {
        (Some(v), Some(state)) if moderator => {
            let actor = v.actor.clone();
            crate::pages::community::read(state, move |c| community::moderation::site_open_count(c, &actor))
                .await?
                .unwrap_or(0)
        }
        _ => 0,
    };
    let header = Header {
        signed_in: is_signed_in,
        moderator,
        open_reports,
    };
    if let Some(v) = viewer {
        req.extensions_mut().insert(v);
    }
    let changes = !req.method().is_safe();
    let res = HEADER.scope(header, next.call(req)).await;
    if changes {
        // Whatever a form did (signed out, changed roles, appointed an
        // organiser, banned someone, replied), nothing remembered outlives it.
        if let Some(state) = &state {
            state.forget_remembered();
        }
    }
    let mut res = res?;
    let secure = state.as_ref().is_some_and(|s| s.accounts.secure_cookies);
    if let Some(token) = renewed {
        res.response_mut().add_cookie(&session_cookie(token, secure))?;
    } else if clear && !res.response().cookies().any(|c| c.name() == SESSION_COOKIE) {
        res.response_mut().add_cookie(&cleared_cookie(secure))?;
    }
    let headers = res.headers_mut();
    // A page differs for signed-in people (the header, at least): caches
    // must not hand one person's copy to another, or a signed-out copy to
    // someone who has just signed in.
    headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    // A signed-in page is never shared; a handler that asked for more
    // (`no-store` for referral pages) keeps what it asked for.
    let keeps_own = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if is_signed_in && !keeps_own {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    }
    Ok(res)
}

impl FromRequest for Viewer {
    type Error = WebError;
    type Future = std::future::Ready<Result<Viewer, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(req.extensions().get::<Viewer>().cloned().ok_or_else(|| {
            let next = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".to_owned());
            WebError::SignInRequired {
                next: if req.method() == actix_web::http::Method::GET {
                    next
                } else {
                    "/account".to_owned()
                },
            }
        }))
    }
}

/// Where to go after signing in: a path on this site, or the account page.
pub fn safe_next(next: Option<&str>) -> String {
    crate::params::local_path(next, "/account")
}

/// The client's address, for rate limits: the socket's peer, or, when the
/// site is configured as behind a reverse proxy, the address the proxy
/// forwards (`Forwarded` / `X-Forwarded-For`).
pub fn client_address(req: &HttpRequest) -> String {
    let behind_proxy = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.accounts.behind_proxy);
    let info = req.connection_info();
    let address = if behind_proxy {
        info.realip_remote_addr().map(str::to_owned)
    } else {
        req.peer_addr().map(|a| a.ip().to_string())
    };
    // "192.0.2.1:5678" and "[2001:db8::1]:80" lose their ports; a bare
    // address stays as it is.
    match address {
        Some(a) => a
            .parse::<std::net::SocketAddr>()
            .map(|s| s.ip().to_string())
            .unwrap_or(a),
        None => "unknown".to_owned(),
    }
}

pub fn user_agent(req: &HttpRequest) -> String {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// Sessions resolved in the last few seconds, by token (see
/// [`crate::remember`]): a burst of page views costs one set of session
/// queries rather than one per page. An answer is never reused past the
/// token's renewal or expiry, and one that renewed the token is not kept,
/// since the browser is about to send the new one. Signing out, a ban or
/// a change of roles made here applies to the next request.
pub type RememberedSessions = Remembered<String, SignedIn>;

pub use crate::remember::REMEMBERED_FOR;

/// At most this many sessions are remembered at once.
pub const SESSIONS_REMEMBERED: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/groups/x?y=1")), "/groups/x?y=1");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "evil"] {
            assert_eq!(safe_next(Some(bad)), "/account");
        }
        assert_eq!(safe_next(None), "/account");
    }
}
