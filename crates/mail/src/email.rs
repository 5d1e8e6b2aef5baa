//! One email ready to be queued: recipient, subject and both bodies.

use crate::{EmailAddress, MailError};

/// An email to queue with [`crate::enqueue`]. Build it with
/// [`crate::Message::render`] for the usual Kith layout, or with
/// [`Email::new`] for anything else.
///
/// Fields are private so every `Email` has passed the checks in `new`: a
/// subject and both bodies, and single-line header values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    to: EmailAddress,
    to_name: String,
    subject: String,
    text: String,
    html: String,
    reply_to: Option<EmailAddress>,
}

impl Email {
    /// An email with a plain-text and an HTML body. Both are required:
    /// plain text for people (and screen readers and filters) that prefer
    /// it, HTML for the rest. `html` must already be escaped markup.
    pub fn new(
        to: EmailAddress,
        subject: &str,
        text: impl Into<String>,
        html: impl Into<String>,
    ) -> Result<Email, MailError> {
        let subject = one_line(subject);
        let (text, html) = (text.into(), html.into());
        if subject.is_empty() {
            return Err(MailError::Incomplete("a subject"));
        }
        if text.trim().is_empty() {
            return Err(MailError::Incomplete("a plain-text body"));
        }
        if html.trim().is_empty() {
            return Err(MailError::Incomplete("an HTML body"));
        }
        Ok(Email {
            to,
            to_name: String::new(),
            subject,
            text,
            html,
            reply_to: None,
        })
    }

    /// The recipient's name, shown by mail programs beside the address.
    pub fn with_to_name(mut self, name: &str) -> Email {
        self.to_name = one_line(name);
        self
    }

    /// Where replies should go, e.g. the organiser of an event, so that
    /// people do not reply to an unread site address.
    pub fn with_reply_to(mut self, reply_to: EmailAddress) -> Email {
        self.reply_to = Some(reply_to);
        self
    }

    pub fn to(&self) -> &EmailAddress {
        &self.to
    }

    pub fn to_name(&self) -> &str {
        &self.to_name
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn html(&self) -> &str {
        &self.html
    }

    pub fn reply_to(&self) -> Option<&EmailAddress> {
        self.reply_to.as_ref()
    }
}

/// Header values are one line: line breaks and runs of spaces (from a
/// pasted name, say) become single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann() -> EmailAddress {
        EmailAddress::parse("ann@example.org").unwrap()
    }

    #[test]
    fn needs_a_subject_and_both_bodies() {
        assert!(Email::new(ann(), " \n ", "t", "<p>h</p>").is_err());
        assert!(Email::new(ann(), "s", " ", "<p>h</p>").is_err());
        assert!(Email::new(ann(), "s", "t", "").is_err());
        assert!(Email::new(ann(), "s", "t", "<p>h</p>").is_ok());
    }

    #[test]
    fn header_values_are_single_lines() {
        let e = Email::new(ann(), "Hello\r\nBcc: x@y.org", "t", "h")
            .unwrap()
            .with_to_name("Ann\n  Lee");
        assert_eq!(e.subject(), "Hello Bcc: x@y.org");
        assert_eq!(e.to_name(), "Ann Lee");
    }
}
