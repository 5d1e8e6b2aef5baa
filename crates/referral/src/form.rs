//! The two referral forms as typed (every value a string, as the browser
//! sent it) and their checks. A check collects every field's problem
//! before answering, so the form can show them all at once and keep what
//! was typed.
//!
//! Only three things are required, because the team can ask the rest on
//! the first call: a name, one way to get in touch, and consent.

use std::collections::BTreeSet;

use diesel::prelude::*;
use serde::Deserialize;
use store::schema::{boroughs, interests};
use store::AnyConnection;

use crate::{FieldError, ReferralError};

/// The version of [`CONSENT_WORDING`]; stored with each referral so we
/// always know what the person was told. Change both together.
pub const CONSENT_WORDING_VERSION: &str = "2026-12-01";

/// What the consent question says, for the form to show next to the box.
pub const CONSENT_WORDING: &str = "We will keep what you tell us, including anything about your health, \
so the connecting team can help you. Only the team sees it: the coach or volunteer working with you and \
their manager. We keep it for 8 years after we stop working with you (2 years if we could not help), \
then delete it. You can ask to see it or for it to be deleted at any time.";

const NAME_MAX: usize = 200;
const SHORT_MAX: usize = 500;
const LONG_MAX: usize = 4000;
const INTERESTS_MAX: usize = 50;

/// The person being referred, as typed on either form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub name: String,
    pub phone: String,
    pub email: String,
    /// Ticked ways to get in touch: `phone`, `text`, `email`.
    pub contact_methods: Vec<String>,
    /// When is best, in the person's words ("weekday mornings").
    pub contact_times: String,
    /// `yes`, `no`, or empty for not answered.
    pub safe_to_leave_message: String,
    pub postcode: String,
    /// Interest ids from the taxonomy's checkboxes.
    pub interests: Vec<String>,
    pub interests_other: String,
    /// Anything that makes going out hard.
    pub barriers: String,
    pub access_needs: String,
}

/// A member of the public referring themselves.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SelfReferralForm {
    #[serde(flatten)]
    pub person: PersonForm,
    /// The consent checkbox: ticked when non-empty and not `no`/`false`.
    pub consent: String,
    /// From [`crate::new_form_token`], issued with the form.
    pub form_token: String,
    /// The honeypot: hidden from people, filled in by bots.
    pub website: String,
}

/// A professional referring someone with their agreement.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProfessionalReferralForm {
    #[serde(flatten)]
    pub person: PersonForm,
    pub referrer_name: String,
    pub referrer_role: String,
    pub referrer_organisation: String,
    pub referrer_email: String,
    pub referrer_phone: String,
    pub reason: String,
    pub risks: String,
    /// The person agreed to be referred (required).
    pub person_agreed: String,
    /// The referrer would like to hear how it goes.
    pub wants_updates: String,
    /// The person agreed that the referrer may hear how it goes.
    pub person_agreed_to_updates: String,
    pub form_token: String,
    pub website: String,
}

/// A checked person: trimmed, with the postcode normalised and located.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedPerson {
    pub name: String,
    pub phone: String,
    /// Lower-case domain, or empty.
    pub email: String,
    pub contact_by_phone: bool,
    pub contact_by_text: bool,
    pub contact_by_email: bool,
    pub contact_times: String,
    pub safe_to_leave_message: Option<bool>,
    pub postcode: Option<String>,
    pub borough_id: Option<i32>,
    pub interest_ids: Vec<i32>,
    pub interests_other: String,
    pub barriers: String,
    pub access_needs: String,
}

/// A checked referrer.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedReferrer {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
    pub reason: String,
    pub risks: String,
    pub wants_updates: bool,
    pub person_agreed_to_updates: bool,
}

/// A checkbox or yes/no value as browsers send it.
pub fn ticked(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    !(v.is_empty() || v == "no" || v == "false" || v == "0" || v == "off")
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// Trims `value` and checks its length, naming the field in words.
    fn text(&mut self, field: &'static str, label: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.chars().count() > max {
            self.add(field, format!("{label} must be {max} characters or fewer"));
        }
        v.to_owned()
    }

    fn phone(&mut self, field: &'static str, value: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            return String::new();
        }
        let digits = v.chars().filter(char::is_ascii_digit).count();
        let shape_ok = v.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if !shape_ok || !(7..=15).contains(&digits) {
            self.add(field, "Enter a phone number, like 020 7946 0000 or 07700 900 982");
        }
        v.to_owned()
    }

    fn email(&mut self, field: &'static str, value: &str) -> String {
        if value.trim().is_empty() {
            return String::new();
        }
        match mail::EmailAddress::parse(value) {
            Ok(a) => a.as_str().to_owned(),
            Err(_) => {
                self.add(
                    field,
                    "Enter an email address in the correct format, like name@example.com",
                );
                value.trim().to_owned()
            }
        }
    }
}

/// Who the form speaks to, so messages say "you" on a self-referral and
/// "the person" on a professional one.
#[derive(Clone, Copy)]
enum Voice {
    You,
    Them,
}

fn check_person(
    conn: &mut AnyConnection,
    form: &PersonForm,
    voice: Voice,
    errors: &mut Errors,
) -> Result<CheckedPerson, ReferralError> {
    let name = errors.text("name", "Name", &form.name, NAME_MAX);
    if name.is_empty() {
        errors.add(
            "name",
            match voice {
                Voice::You => "Enter your name, or what you like to be called",
                Voice::Them => "Enter the person's name",
            },
        );
    }
    let phone = errors.phone("phone", &form.phone);
    let email = errors.email("email", &form.email);
    let mut methods = BTreeSet::new();
    for m in &form.contact_methods {
        match m.trim() {
            "phone" | "text" | "email" => {
                methods.insert(m.trim());
            }
            "" => {}
            _ => errors.add("contact_methods", "Choose phone, text or email"),
        }
    }
    if phone.is_empty() && email.is_empty() {
        errors.add(
            "phone",
            match voice {
                Voice::You => "Enter a phone number or an email address so we can get in touch",
                Voice::Them => "Enter the person's phone number or email address so we can get in touch",
            },
        );
    } else {
        if phone.is_empty() && (methods.contains("phone") || methods.contains("text")) {
            errors.add("phone", "Enter a phone number for calls or texts, or untick them");
        }
        if email.is_empty() && methods.contains("email") {
            errors.add("email", "Enter an email address, or untick email");
        }
    }
    let contact_times = errors.text("contact_times", "When to get in touch", &form.contact_times, SHORT_MAX);
    let safe_to_leave_message = match form.safe_to_leave_message.trim() {
        "" => None,
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add("safe_to_leave_message", "Choose yes or no");
            None
        }
    };
    let (postcode, borough_id) = if form.postcode.trim().is_empty() {
        (None, None)
    } else {
        match directory::Gazetteer::london().locate(&form.postcode) {
            Ok((query, location)) => {
                let borough_id = boroughs::table
                    .filter(boroughs::code.eq(location.borough_code()))
                    .select(boroughs::id)
                    .first::<i32>(conn)
                    .optional()?;
                (Some(query.as_str().to_owned()), borough_id)
            }
            Err(e) => {
                errors.add("postcode", e.to_string());
                (Some(form.postcode.trim().to_owned()), None)
            }
        }
    };
    let interest_ids = check_interests(conn, &form.interests, errors)?;
    Ok(CheckedPerson {
        name,
        phone,
        email,
        contact_by_phone: methods.contains("phone"),
        contact_by_text: methods.contains("text"),
        contact_by_email: methods.contains("email"),
        contact_times,
        safe_to_leave_message,
        postcode,
        borough_id,
        interest_ids,
        interests_other: errors.text("interests_other", "Other interests", &form.interests_other, LONG_MAX),
        barriers: errors.text("barriers", "What makes going out hard", &form.barriers, LONG_MAX),
        access_needs: errors.text(
            "access_needs",
            "Access or communication needs",
            &form.access_needs,
            LONG_MAX,
        ),
    })
}

/// Interest ids must name taxonomy terms: one query for all of them.
fn check_interests(conn: &mut AnyConnection, typed: &[String], errors: &mut Errors) -> Result<Vec<i32>, ReferralError> {
    let mut ids = BTreeSet::new();
    for t in typed.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match t.parse::<i32>() {
            Ok(id) => {
                ids.insert(id);
            }
            Err(_) => {
                errors.add("interests", "Choose interests from the list");
                return Ok(Vec::new());
            }
        }
    }
    if ids.len() > INTERESTS_MAX {
        errors.add("interests", format!("Choose up to {INTERESTS_MAX} interests"));
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(ids);
    }
    let known: Vec<i32> = interests::table
        .filter(interests::id.eq_any(&ids))
        .select(interests::id)
        .load(conn)?;
    if known.len() != ids.len() {
        errors.add("interests", "Choose interests from the list");
    }
    Ok(known)
}

fn finish<T>(errors: Errors, value: T) -> Result<T, ReferralError> {
    if errors.0.is_empty() {
        Ok(value)
    } else {
        Err(ReferralError::Form(errors.0))
    }
}

/// Checks a self-referral; every problem comes back at once.
pub fn check_self(conn: &mut AnyConnection, form: &SelfReferralForm) -> Result<CheckedPerson, ReferralError> {
    let mut errors = Errors(Vec::new());
    let person = check_person(conn, &form.person, Voice::You, &mut errors)?;
    if !ticked(&form.consent) {
        errors.add("consent", "Tick the box to say we may keep what you tell us");
    }
    finish(errors, person)
}

/// Checks a professional referral; every problem comes back at once.
pub fn check_professional(
    conn: &mut AnyConnection,
    form: &ProfessionalReferralForm,
) -> Result<(CheckedPerson, CheckedReferrer), ReferralError> {
    let mut errors = Errors(Vec::new());
    let name = errors.text("referrer_name", "Your name", &form.referrer_name, NAME_MAX);
    if name.is_empty() {
        errors.add("referrer_name", "Enter your name");
    }
    let role = errors.text("referrer_role", "Your role", &form.referrer_role, NAME_MAX);
    let organisation = errors.text(
        "referrer_organisation",
        "Your organisation",
        &form.referrer_organisation,
        NAME_MAX,
    );
    let email = errors.email("referrer_email", &form.referrer_email);
    let phone = errors.phone("referrer_phone", &form.referrer_phone);
    let wants_updates = ticked(&form.wants_updates);
    if email.is_empty() && phone.is_empty() {
        errors.add(
            "referrer_email",
            "Enter your work email or phone number so we can reach you",
        );
    }
    let person = check_person(conn, &form.person, Voice::Them, &mut errors)?;
    let reason = errors.text("reason", "The reason for the referral", &form.reason, LONG_MAX);
    let risks = errors.text("risks", "Risks", &form.risks, LONG_MAX);
    if !ticked(&form.person_agreed) {
        errors.add("person_agreed", "Confirm the person has agreed to be referred");
    }
    // Asked about where updates are chosen, which on a form of several
    // pages comes after the email address: the message goes with the
    // choice that needs it.
    if wants_updates && email.is_empty() {
        errors.add(
            "wants_updates",
            "Give your work email address (under About you) so we can send you updates, or untick this",
        );
    }
    let referrer = CheckedReferrer {
        name,
        role,
        organisation,
        email,
        phone,
        reason,
        risks,
        wants_updates,
        person_agreed_to_updates: ticked(&form.person_agreed_to_updates),
    };
    finish(errors, (person, referrer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkboxes_read_as_browsers_send_them() {
        for yes in ["on", "yes", "true", "1", " Yes "] {
            assert!(ticked(yes), "{yes}");
        }
        for no in ["", " ", "no", "false", "0", "off"] {
            assert!(!ticked(no), "{no}");
        }
    }

    #[test]
    fn phone_numbers_and_lengths() {
        let mut e = Errors(Vec::new());
        assert_eq!(e.phone("phone", " 020 7946 0000 "), "020 7946 0000");
        e.phone("phone", "+44 (0)7700 900982");
        assert!(e.0.is_empty());
        e.phone("phone", "call me");
        e.phone("phone", "123");
        e.text("name", "Name", &"x".repeat(201), 200);
        assert_eq!(e.0.len(), 3);
        assert_eq!(e.0[2].message, "Name must be 200 characters or fewer");
    }
}
