//! Cross-site request forgery protection for every state-changing form.
//!
//! A random token lives in a `SameSite=Strict`, `HttpOnly` cookie and is
//! repeated in a hidden field of each form; a POST whose field does not
//! match its cookie is refused with 403 and changes nothing. Another site
//! can make a browser send the cookie, but cannot read it to fill the field.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::HttpRequest;
use maud::{html, Markup};

use crate::error::WebError;

pub const COOKIE: &str = "kith_csrf";
pub const FIELD: &str = "csrf";

/// The token for this visitor: the one in their cookie, or a new one that
/// the response must set with [`cookie`].
pub struct Token {
    pub value: String,
    pub is_new: bool,
}

impl Token {
    pub fn for_request(req: &HttpRequest) -> Token {
        match req
            .cookie(COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| well_formed(v))
        {
            Some(value) => Token { value, is_new: false },
            None => Token {
                value: fresh(),
                is_new: true,
            },
        }
    }

    /// The hidden field every form that changes something includes.
    pub fn field(&self) -> Markup {
        html! { input type="hidden" name=(FIELD) value=(self.value); }
    }

    /// The cookie to set when the token is new.
    pub fn cookie(&self, secure: bool) -> Option<Cookie<'static>> {
        self.is_new.then(|| {
            Cookie::build(COOKIE, self.value.clone())
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Strict)
                .finish()
        })
    }
}

/// Checks a submitted form's token against the visitor's cookie.
pub fn verify(req: &HttpRequest, submitted: Option<&str>) -> Result<(), WebError> {
    let cookie = req.cookie(COOKIE);
    match (cookie, submitted) {
        (Some(c), Some(s)) if well_formed(s) && constant_time_eq(c.value().as_bytes(), s.as_bytes()) => Ok(()),
        _ => Err(WebError::Forbidden),
    }
}

fn fresh() -> String {
    let mut bytes = [0u8; 24];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: fall back to a token that never verifies
        // rather than a guessable one.
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn well_formed(v: &str) -> bool {
    v.len() == 48 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn tokens_verify_only_against_their_cookie() {
        let t = Token::for_request(&TestRequest::default().to_http_request());
        assert!(t.is_new && well_formed(&t.value));
        let req = TestRequest::default()
            .cookie(Cookie::new(COOKIE, t.value.clone()))
            .to_http_request();
        assert!(!Token::for_request(&req).is_new);
        assert!(verify(&req, Some(&t.value)).is_ok());
        assert!(verify(&req, Some(&fresh())).is_err());
        assert!(verify(&req, None).is_err());
        assert!(verify(&TestRequest::default().to_http_request(), Some(&t.value)).is_err());
    }
}
