//! Email addresses, checked once where they enter Kith (a form, a config
//! setting, a database row) so that everything after holds a value that is
//! known to be sendable.

use std::fmt;
use std::str::FromStr;

use crate::MailError;

/// The longest address SMTP can carry (RFC 5321 path limit less the brackets).
const MAX_LEN: usize = 254;

/// An email address we are willing to send to.
///
/// Beyond lettre's RFC 5322 checks it is deliberately stricter, because a
/// refusal on the form is kinder than a bounce nobody reads:
/// - surrounding spaces are trimmed (they come from copy and paste);
/// - ASCII only: internationalised addresses need SMTPUTF8, which many
///   relays still lack, so they would fail at send time instead;
/// - the domain needs a dot (`someone@gmail` is a typo, not an intranet), and
///   IP-literal domains are refused;
/// - the domain is lower-cased (domains are case-insensitive; the local part
///   is kept as typed because, in principle, it is not).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<EmailAddress, MailError> {
        let refuse = |why: &'static str| MailError::InvalidAddress(input.to_owned(), why);
        let s = input.trim();
        if s.is_empty() {
            return Err(refuse("it is empty"));
        }
        if s.len() > MAX_LEN {
            return Err(refuse("it is too long"));
        }
        if !s.is_ascii() {
            return Err(refuse(
                "it has characters other than plain letters, digits and punctuation",
            ));
        }
        if s.chars().any(|c| c.is_ascii_whitespace() || c.is_ascii_control()) {
            return Err(refuse("it has spaces in it"));
        }
        let Some((user, domain)) = s.rsplit_once('@') else {
            return Err(refuse("it has no @"));
        };
        let domain = domain.to_ascii_lowercase();
        if !domain.contains('.') || domain.starts_with('[') {
            return Err(refuse("the part after the @ is not a domain name"));
        }
        let address = lettre::Address::new(user, &domain).map_err(|e| match e {
            lettre::address::AddressError::InvalidUser => refuse("the part before the @ is not valid"),
            lettre::address::AddressError::InvalidDomain => refuse("the part after the @ is not a domain name"),
            _ => refuse("it is not a valid address"),
        })?;
        Ok(EmailAddress(address.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, e.g. for building Message-IDs.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
    }

    /// The lettre form, for building messages.
    pub(crate) fn to_lettre(&self) -> Result<lettre::Address, MailError> {
        self.0
            .parse::<lettre::Address>()
            .map_err(|_| MailError::InvalidAddress(self.0.clone(), "it is not a valid address"))
    }
}

impl FromStr for EmailAddress {
    type Err = MailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EmailAddress::parse(s)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::EmailAddress;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in ["ann@example.org", "  ann.lee+kith@Mail.Example.CO.UK ", "a_b-c@x-y.org"] {
            assert!(EmailAddress::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            EmailAddress::parse(" Ann@Example.ORG").unwrap().as_str(),
            "Ann@example.org"
        );
        assert_eq!(EmailAddress::parse("ann@example.org").unwrap().domain(), "example.org");
    }

    #[test]
    fn refuses_what_would_not_deliver() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.org",
            "ann@localhost",
            "ann@[127.0.0.1]",
            "ann lee@example.org",
            "ann@exa mple.org",
            "ann@example.org\r\nBcc: x@y.org",
            "zoë@example.org",
            "ann@@example.org",
            "ann@example..org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    proptest! {
        /// Parsing is idempotent: what we store reads back as the same value.
        #[test]
        fn parsing_what_was_parsed_gives_the_same_address(s in "\\PC{0,40}") {
            if let Ok(a) = EmailAddress::parse(&s) {
                prop_assert_eq!(EmailAddress::parse(a.as_str()).unwrap(), a);
            }
        }

        #[test]
        fn typical_addresses_parse_and_keep_their_local_part(
            user in "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,20}[a-zA-Z0-9]",
            domain in "[a-z0-9]{1,10}(\\.[a-z0-9]{1,10}){0,2}\\.[a-z]{2,6}",
        ) {
            prop_assume!(!user.contains(".."));
            let a = EmailAddress::parse(&format!(" {user}@{}\t", domain.to_uppercase())).unwrap();
            prop_assert_eq!(a.as_str(), format!("{user}@{domain}"));
        }

        /// No parsed address can carry a line break or space into a header.
        #[test]
        fn parsed_addresses_never_contain_whitespace(s in "[a-z@. \\r\\n\\t]{0,30}") {
            if let Ok(a) = EmailAddress::parse(&s) {
                prop_assert!(!a.as_str().chars().any(char::is_whitespace));
            }
        }
    }
}
