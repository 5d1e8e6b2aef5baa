//! Query parameters, read by hand so every mistake gets a 400 page with a
//! sentence a person can act on, rather than a framework's error text.

use std::collections::HashMap;

use chrono::NaiveDate;
use directory::Kind;

use crate::error::WebError;

pub struct Params(HashMap<String, String>);

/// The most pages anyone can page through; deeper links are refused.
pub const MAX_PAGE: i64 = 10_000;

impl Params {
    pub fn parse(query: &str) -> Result<Params, WebError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|_| WebError::BadRequest("The address has a query that we could not read.".into()))?;
        Ok(Params(pairs.into_iter().collect()))
    }

    /// A parameter's value, with empty values treated as absent (forms send
    /// `?q=` when the box is left empty).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn page(&self) -> Result<i64, WebError> {
        match self.get("page") {
            None => Ok(1),
            Some(p) => p
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(|| {
                    WebError::BadRequest(format!("The page number must be a whole number from 1 to {MAX_PAGE}."))
                }),
        }
    }

    pub fn kind(&self) -> Result<Option<Kind>, WebError> {
        match self.get("kind") {
            None => Ok(None),
            Some(k) => Kind::from_code(k).map(Some).ok_or_else(|| {
                WebError::BadRequest("The kind of listing must be organisation, group, event or place.".into())
            }),
        }
    }

    pub fn date(&self, key: &str) -> Result<Option<NaiveDate>, WebError> {
        match self.get(key) {
            None => Ok(None),
            Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map(Some).map_err(|_| {
                WebError::BadRequest("Dates must be written as year-month-day, for example 2026-12-01.".into())
            }),
        }
    }
}

/// A path on this site to go back or on to, or `fallback`: never another
/// site, so a crafted link cannot use Kith to send people elsewhere.
pub fn local_path(path: Option<&str>, fallback: &str) -> String {
    match path {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && p.len() < 2000 => p.to_owned(),
        _ => fallback.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_pages_and_kinds() {
        let p = Params::parse("page=3&kind=event&q=").unwrap();
        assert_eq!(p.page().unwrap(), 3);
        assert_eq!(p.kind().unwrap(), Some(Kind::Event));
        assert_eq!(p.get("q"), None);
        for bad in ["page=0", "page=-1", "page=abc", "page=10001", "page=1.5"] {
            assert!(
                matches!(Params::parse(bad).unwrap().page(), Err(WebError::BadRequest(_))),
                "{bad}"
            );
        }
        assert!(Params::parse("kind=cat").unwrap().kind().is_err());
        assert!(Params::parse("date=2026-13-01").unwrap().date("date").is_err());
        assert_eq!(
            Params::parse("date=2026-12-01").unwrap().date("date").unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 1)
        );
    }

    proptest! {
        #[test]
        fn no_query_panics(q in "\\PC{0,60}") {
            if let Ok(p) = Params::parse(&q) {
                let _ = p.page();
                let _ = p.kind();
                let _ = p.date("date");
            }
        }
    }
}
