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
    attachments: Vec<Attachment>,
}

/// A file sent with an email, such as an event's `.ics`. It is stored with
/// the outbox row, so a retry sends the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    filename: String,
    content_type: String,
    content: Vec<u8>,
}

impl Attachment {
    /// `filename` is reduced to a safe name (letters, digits, `.`, `-`,
    /// `_`; at most 100 of them), since mail programs save it as it is;
    /// `content_type` must be a `type/subtype` MIME type such as
    /// `text/calendar; method=REQUEST`.
    pub fn new(filename: &str, content_type: &str, content: impl Into<Vec<u8>>) -> Result<Attachment, MailError> {
        let filename: String = filename
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .take(100)
            .collect();
        // No hidden files, no "..".
        let filename = filename.trim_start_matches('.').to_owned();
        if filename.trim_matches('.').is_empty() {
            return Err(MailError::Incomplete("an attachment file name"));
        }
        let content_type = one_line(content_type);
        if content_type.parse::<lettre::message::header::ContentType>().is_err() {
            return Err(MailError::InvalidAttachment(content_type));
        }
        Ok(Attachment {
            filename,
            content_type,
            content: content.into(),
        })
    }

    pub fn filename(&self) -> &str {
        &self.filename
    }

    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    pub fn content(&self) -> &[u8] {
        &self.content
    }
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
            attachments: Vec::new(),
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

    /// Adds a file, sent after the text and HTML bodies.
    pub fn with_attachment(mut self, attachment: Attachment) -> Email {
        self.attachments.push(attachment);
        self
    }

    pub fn attachments(&self) -> &[Attachment] {
        &self.attachments
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
    fn attachments_have_safe_names_and_real_types() {
        let a = Attachment::new("../../etc/walk & talk.ics", "text/calendar; method=REQUEST", "BEGIN").unwrap();
        assert_eq!(a.filename(), "etcwalktalk.ics");
        assert_eq!(a.content_type(), "text/calendar; method=REQUEST");
        assert!(Attachment::new("...", "text/plain", "x").is_err());
        assert!(Attachment::new("a.txt", "not a type", "x").is_err());
        let e = Email::new(ann(), "s", "t", "h").unwrap().with_attachment(a.clone());
        assert_eq!(e.attachments(), &[a]);
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
