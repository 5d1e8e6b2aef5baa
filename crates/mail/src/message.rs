//! Kith's email layout: the same words as plain text and as HTML, with the
//! site name and, where the email is one of a kind people can turn off, a
//! link to change that.

use maud::{html, Markup, DOCTYPE};

use crate::email::one_line;
use crate::{Email, EmailAddress, MailError};

// Inline styles only: many mail programs drop <style> blocks. Colours meet
// WCAG AA contrast on white.
const BODY_STYLE: &str = "margin:0;padding:24px;background:#ffffff;color:#1a1a1a;\
    font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5";
const BUTTON_STYLE: &str = "display:inline-block;padding:12px 20px;background:#0b5394;color:#ffffff;\
    text-decoration:underline;border-radius:4px;font-weight:bold";

/// What every email says about where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// e.g. "Kith Lambeth"; shown in the subject and the footer.
    pub name: String,
    /// The public address, e.g. `https://kith.example.org/`; linked in the footer.
    pub url: String,
}

/// A link shown as a button in HTML and as `label: url` in plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    label: String,
    url: String,
}

/// An email in the house layout: a greeting, paragraphs of plain English, an
/// optional call to action and a footer. Paragraphs are text, never markup:
/// the HTML part escapes them, so names and titles typed by users cannot
/// inject anything.
///
/// ```
/// # use mail::{EmailAddress, Message, Site};
/// let site = Site { name: "Kith".into(), url: "https://kith.example.org/".into() };
/// let email = Message::new("Your listing is published")
///     .greeting("Ann")
///     .paragraph("Coffee & Chat is now on the site.")
///     .action("See your listing", "https://kith.example.org/groups/coffee-and-chat")
///     .settings_link("https://kith.example.org/account/emails")
///     .render(&site, EmailAddress::parse("ann@example.org")?, "Ann Lee")?;
/// assert_eq!(email.subject(), "Your listing is published - Kith");
/// assert!(email.html().contains("Coffee &amp; Chat"));
/// # Ok::<(), mail::MailError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    subject: String,
    greeting: Option<String>,
    paragraphs: Vec<String>,
    action: Option<Link>,
    reason: Option<String>,
    settings: Option<Link>,
}

impl Message {
    pub fn new(subject: &str) -> Message {
        Message {
            subject: one_line(subject),
            ..Message::default()
        }
    }

    /// Opens with "Hello NAME," (or "Hello," when the name is empty).
    pub fn greeting(mut self, name: &str) -> Message {
        self.greeting = Some(one_line(name));
        self
    }

    pub fn paragraph(mut self, text: &str) -> Message {
        self.paragraphs.push(text.trim().to_owned());
        self
    }

    /// The one thing the reader is asked to do.
    pub fn action(mut self, label: &str, url: &str) -> Message {
        self.action = Some(Link {
            label: one_line(label),
            url: url.trim().to_owned(),
        });
        self
    }

    /// Why the reader gets this email, e.g. "You follow Coffee & Chat."
    pub fn reason(mut self, text: &str) -> Message {
        self.reason = Some(one_line(text));
        self
    }

    /// A link to the page where the reader can turn this kind of email off.
    /// Every email that is not a direct answer to something the reader did
    /// (notifications, reminders, digests) should have one.
    pub fn settings_link(mut self, url: &str) -> Message {
        self.settings = Some(Link {
            label: "Change which emails you get".to_owned(),
            url: url.trim().to_owned(),
        });
        self
    }

    /// Like [`Message::settings_link`], for a one-click unsubscribe page.
    pub fn unsubscribe_link(mut self, url: &str) -> Message {
        self.settings = Some(Link {
            label: "Unsubscribe from these emails".to_owned(),
            url: url.trim().to_owned(),
        });
        self
    }

    /// Lays the message out for one recipient.
    pub fn render(&self, site: &Site, to: EmailAddress, to_name: &str) -> Result<Email, MailError> {
        for link in self.action.iter().chain(self.settings.iter()) {
            check_link(&link.url)?;
        }
        check_link(&site.url)?;
        if self.subject.is_empty() {
            return Err(MailError::Incomplete("a subject"));
        }
        let site_name = one_line(&site.name);
        let subject = if site_name.is_empty() {
            self.subject.clone()
        } else {
            format!("{} - {}", self.subject, site_name)
        };
        Email::new(
            to,
            &subject,
            self.text(site, &site_name),
            self.html(site, &site_name).into_string(),
        )
        .map(|email| email.with_to_name(to_name))
    }

    fn text(&self, site: &Site, site_name: &str) -> String {
        let mut blocks = Vec::new();
        if let Some(name) = &self.greeting {
            blocks.push(greeting(name));
        }
        blocks.extend(self.paragraphs.iter().filter(|p| !p.is_empty()).cloned());
        if let Some(link) = &self.action {
            blocks.push(format!("{}:\n{}", link.label, link.url));
        }
        let mut footer = vec!["-- ".to_owned(), format!("{site_name}, {}", site.url)];
        if let Some(reason) = &self.reason {
            footer.push(reason.clone());
        }
        if let Some(link) = &self.settings {
            footer.push(format!("{}: {}", link.label, link.url));
        }
        blocks.push(footer.join("\n"));
        let mut text = blocks.join("\n\n");
        text.push('\n');
        text
    }

    fn html(&self, site: &Site, site_name: &str) -> Markup {
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.subject) }
                }
                body style=(BODY_STYLE) {
                    div style="max-width:600px;margin:0 auto" {
                        @if let Some(name) = &self.greeting {
                            p { (greeting(name)) }
                        }
                        @for paragraph in self.paragraphs.iter().filter(|p| !p.is_empty()) {
                            p {
                                @for (i, line) in paragraph.lines().enumerate() {
                                    @if i > 0 { br; }
                                    (line)
                                }
                            }
                        }
                        @if let Some(link) = &self.action {
                            p style="margin:24px 0" {
                                a href=(link.url) style=(BUTTON_STYLE) {
                                    (link.label)
                                }
                            }
                        }
                        hr style="border:0;border-top:1px solid #cccccc;margin:32px 0 16px";
                        p style="font-size:14px;color:#4a4a4a" {
                            a href=(site.url) style="color:#0b5394" { (site_name) }
                            @if let Some(reason) = &self.reason {
                                br;
                                (reason)
                            }
                            @if let Some(link) = &self.settings {
                                br;
                                a href=(link.url) style="color:#0b5394" { (link.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn greeting(name: &str) -> String {
    if name.is_empty() {
        "Hello,".to_owned()
    } else {
        format!("Hello {name},")
    }
}

/// Only web links: a `javascript:` or `data:` URL in an email is an attack,
/// and a relative one cannot work outside the site.
fn check_link(url: &str) -> Result<(), MailError> {
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(MailError::InvalidLink(url.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            name: "Kith Lambeth".to_owned(),
            url: "https://kith.example.org/".to_owned(),
        }
    }

    fn ann() -> EmailAddress {
        EmailAddress::parse("ann@example.org").unwrap()
    }

    #[test]
    fn renders_both_parts_with_the_site_and_settings_link() {
        let email = Message::new("A new event in Brixton")
            .greeting("Ann")
            .paragraph("Walk & Talk meets on Saturday.\nBring boots.")
            .action("See the event", "https://kith.example.org/events/walk-and-talk")
            .reason("You follow Walking in Lambeth.")
            .settings_link("https://kith.example.org/account/emails")
            .render(&site(), ann(), "Ann Lee")
            .unwrap();
        assert_eq!(email.subject(), "A new event in Brixton - Kith Lambeth");
        assert_eq!(email.to_name(), "Ann Lee");
        let text = email.text();
        assert!(text.starts_with("Hello Ann,\n\nWalk & Talk meets on Saturday.\nBring boots.\n\n"));
        assert!(text.contains("See the event:\nhttps://kith.example.org/events/walk-and-talk"));
        assert!(text.contains("Kith Lambeth, https://kith.example.org/"));
        assert!(text.contains("Change which emails you get: https://kith.example.org/account/emails"));
        let html = email.html();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("Walk &amp; Talk meets on Saturday.<br>Bring boots."));
        assert!(html.contains(r#"href="https://kith.example.org/account/emails""#));
        assert!(html.contains("Kith Lambeth</a>"));
    }

    #[test]
    fn escapes_what_users_typed() {
        let email = Message::new("Hi")
            .greeting("<script>alert(1)</script>")
            .paragraph(r#"<img src=x onerror="alert(1)">"#)
            .render(&site(), ann(), "")
            .unwrap();
        assert!(!email.html().contains("<script>"));
        assert!(!email.html().contains("<img"));
        assert!(email.html().contains("&lt;script&gt;"));
    }

    #[test]
    fn refuses_links_that_are_not_web_addresses() {
        for url in ["javascript:alert(1)", "/relative", "data:text/html,x", "https://a b"] {
            let result = Message::new("Hi").action("Go", url).render(&site(), ann(), "");
            assert!(matches!(result, Err(MailError::InvalidLink(_))), "{url}");
        }
    }
}
