//! What a coach does with a person over the programme, beyond the steps of
//! the workflow: the log of every contact, with its running totals ("5
//! calls, 37 texts/emails, 5 h face to face, 8 h in all") and how contact
//! tapers week by week, as the model expects (face to face in the first
//! weeks, then phone and messages).
//!
//! Reading goes through [`crate::view`], which audits it; each change here
//! (logging, correcting or deleting a contact) is audited too. Outcome measures are in [`crate::measures`].

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use store::schema::casework_contacts;
use store::AnyConnection;

use crate::model::Referral;
use crate::record::{audit, get_changeable, micros, Staff};
use crate::tasks::london_date;
use crate::{FieldError, ReferralError};

/// The longest contact that can be logged, in minutes: a whole day out.
pub const MAX_MINUTES: i32 = 12 * 60;
/// The longest note on a contact, in characters: a line or two, since the
/// log is a record of work, not a case file.
pub const MAX_NOTE: usize = 1000;

/// How a contact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    FaceToFace,
    Phone,
    Text,
    Email,
    Video,
    /// The coach went along with the person to a group or a place.
    Accompanied,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::FaceToFace,
        Mode::Accompanied,
        Mode::Phone,
        Mode::Video,
        Mode::Text,
        Mode::Email,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Mode::FaceToFace => "face_to_face",
            Mode::Phone => "phone",
            Mode::Text => "text",
            Mode::Email => "email",
            Mode::Video => "video",
            Mode::Accompanied => "accompanied",
        }
    }

    pub fn from_code(code: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::FaceToFace => "Face to face",
            Mode::Phone => "Phone call",
            Mode::Text => "Text message",
            Mode::Email => "Email",
            Mode::Video => "Video call",
            Mode::Accompanied => "Accompanied visit",
        }
    }

    /// Meeting in person, which the programme's totals count together.
    pub fn in_person(self) -> bool {
        matches!(self, Mode::FaceToFace | Mode::Accompanied)
    }

    /// Written messages, counted together as "texts/emails".
    pub fn message(self) -> bool {
        matches!(self, Mode::Text | Mode::Email)
    }
}

/// One contact with the person.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_contacts)]
pub struct Contact {
    pub id: i32,
    pub referral_id: i32,
    pub contact_on: NaiveDate,
    pub mode: String,
    pub minutes: i32,
    /// Who in the team made it (None once their account is gone).
    pub worker_id: Option<i32>,
    pub note: String,
    pub recorded_at: NaiveDateTime,
}

impl Contact {
    pub fn mode(&self) -> Option<Mode> {
        Mode::from_code(&self.mode)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_contacts)]
struct NewContact<'a> {
    referral_id: i32,
    contact_on: NaiveDate,
    mode: &'a str,
    minutes: i32,
    worker_id: Option<i32>,
    note: &'a str,
    recorded_at: NaiveDateTime,
}

/// A contact as typed into the form, unchecked.
#[derive(Debug, Clone, Default)]
pub struct ContactForm {
    /// dd/mm/yyyy.
    pub date: String,
    pub mode: String,
    pub minutes: String,
    pub note: String,
}

/// A day the person and the team could have been in touch: a real date,
/// not in the future, not before the referral arrived. Puts the problem on
/// `errors` under `field`.
pub(crate) fn check_date(
    text: &str,
    field: &'static str,
    what: &str,
    r: &Referral,
    now: NaiveDateTime,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let received = london_date(r.created_at);
    let message = match directory::recurrence_form::parse_date(text) {
        None => format!("Enter the date of {what}, like 14/12/2026"),
        Some(d) if d > london_date(now) => "The date must be today or earlier".to_owned(),
        Some(d) if d < received => format!(
            "The date must be on or after {}, when the referral arrived",
            received.format("%-d %B %Y")
        ),
        Some(d) => return Some(d),
    };
    errors.push(FieldError { field, message });
    None
}

/// A contact's fields once checked.
struct Checked<'a> {
    date: NaiveDate,
    mode: Mode,
    minutes: i32,
    note: &'a str,
}

/// Checks a contact form for referral `r`: the same rules for logging a
/// contact and for changing one. Every problem comes back at once, each
/// on its field (`date`, `mode`, `minutes`, `note`).
fn check_contact<'a>(form: &'a ContactForm, r: &Referral, now: NaiveDateTime) -> Result<Checked<'a>, ReferralError> {
    let mut errors = Vec::new();
    let date = check_date(&form.date, "date", "the contact", r, now, &mut errors);
    let mode = Mode::from_code(&form.mode);
    if mode.is_none() {
        errors.push(FieldError {
            field: "mode",
            message: "Choose how you were in touch".to_owned(),
        });
    }
    let minutes = match form.minutes.trim().parse::<i32>() {
        Ok(m) if (0..=MAX_MINUTES).contains(&m) => Some(m),
        Ok(_) => {
            errors.push(FieldError {
                field: "minutes",
                message: format!("Enter a number of minutes from 0 to {MAX_MINUTES}"),
            });
            None
        }
        Err(_) => {
            errors.push(FieldError {
                field: "minutes",
                message: "Enter how many minutes it took, as a number, like 20".to_owned(),
            });
            None
        }
    };
    let note = form.note.trim();
    if note.chars().count() > MAX_NOTE {
        errors.push(FieldError {
            field: "note",
            message: format!("The note must be {MAX_NOTE} characters or fewer"),
        });
    }
    match (date, mode, minutes, errors.is_empty()) {
        (Some(date), Some(mode), Some(minutes), true) => Ok(Checked {
            date,
            mode,
            minutes,
            note,
        }),
        _ => Err(ReferralError::Form(errors)),
    }
}

/// Logs a contact made by `by`. Every problem with the form comes back at
/// once, each on its field (`date`, `mode`, `minutes`, `note`).
pub fn log_contact(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    form: &ContactForm,
    now: NaiveDateTime,
) -> Result<Contact, ReferralError> {
    let r = get_changeable(conn, by, referral_id)?;
    let c = check_contact(form, &r, now)?;
    let contact = diesel::insert_into(casework_contacts::table)
        .values(NewContact {
            referral_id,
            contact_on: c.date,
            mode: c.mode.code(),
            minutes: c.minutes,
            worker_id: Some(by.actor.person_id),
            note: c.note,
            recorded_at: micros(now),
        })
        .get_result::<Contact>(conn)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.contact_logged",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(contact)
}

fn not_found() -> ReferralError {
    ReferralError::NotFound { what: "contact" }
}

/// Corrects a logged contact, with the same checks as logging one. Who
/// made the contact stays as it was: correcting a date does not make it
/// someone else's work.
pub fn change_contact(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    contact_id: i32,
    form: &ContactForm,
    now: NaiveDateTime,
) -> Result<Contact, ReferralError> {
    let r = get_changeable(conn, by, referral_id)?;
    let c = check_contact(form, &r, now)?;
    let contact = diesel::update(
        casework_contacts::table
            .find(contact_id)
            .filter(casework_contacts::referral_id.eq(referral_id)),
    )
    .set((
        casework_contacts::contact_on.eq(c.date),
        casework_contacts::mode.eq(c.mode.code()),
        casework_contacts::minutes.eq(c.minutes),
        casework_contacts::note.eq(c.note),
    ))
    .get_result::<Contact>(conn)
    .optional()?
    .ok_or_else(not_found)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.contact_changed",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(contact)
}

/// Deletes a contact logged by mistake.
pub fn delete_contact(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    contact_id: i32,
    now: NaiveDateTime,
) -> Result<(), ReferralError> {
    get_changeable(conn, by, referral_id)?;
    let removed = diesel::delete(
        casework_contacts::table
            .find(contact_id)
            .filter(casework_contacts::referral_id.eq(referral_id)),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(not_found());
    }
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.contact_deleted",
        referral_id,
        by.reason,
        now,
    )
}

/// A referral's contacts, oldest first.
pub(crate) fn load_contacts(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Contact>, ReferralError> {
    Ok(casework_contacts::table
        .filter(casework_contacts::referral_id.eq(referral_id))
        .order((casework_contacts::contact_on, casework_contacts::id))
        .select(Contact::as_select())
        .load(conn)?)
}

/// "5 h", "1 h 30 min", "45 min".
pub fn duration_words(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How many contacts of one mode, and how long they took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModeTotal {
    pub mode: Mode,
    pub contacts: usize,
    pub minutes: i64,
}

/// The running totals of a contact log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Every mode, in [`Mode::ALL`] order, including those never used.
    pub modes: Vec<ModeTotal>,
    pub contacts: usize,
    pub minutes: i64,
}

impl Totals {
    pub fn of(contacts: &[Contact]) -> Totals {
        let modes = Mode::ALL
            .into_iter()
            .map(|mode| {
                let of_mode = contacts.iter().filter(|c| c.mode() == Some(mode));
                ModeTotal {
                    mode,
                    contacts: of_mode.clone().count(),
                    minutes: of_mode.map(|c| i64::from(c.minutes)).sum(),
                }
            })
            .collect();
        Totals {
            modes,
            contacts: contacts.len(),
            minutes: contacts.iter().map(|c| i64::from(c.minutes)).sum(),
        }
    }

    fn sum(&self, pick: impl Fn(Mode) -> bool) -> (usize, i64) {
        self.modes
            .iter()
            .filter(|t| pick(t.mode))
            .fold((0, 0), |(n, m), t| (n + t.contacts, m + t.minutes))
    }

    /// The totals as the team tells them to commissioners: "5 calls, 37
    /// texts/emails, 5 h face to face, 8 h in all". Parts with nothing in
    /// them are left out.
    pub fn summary(&self) -> String {
        if self.contacts == 0 {
            return "No contacts logged yet".to_owned();
        }
        let mut parts = Vec::new();
        let (calls, _) = self.sum(|m| m == Mode::Phone);
        if calls > 0 {
            parts.push(counted(calls, "call", "calls"));
        }
        let (video, _) = self.sum(|m| m == Mode::Video);
        if video > 0 {
            parts.push(counted(video, "video call", "video calls"));
        }
        let (messages, _) = self.sum(Mode::message);
        if messages > 0 {
            parts.push(counted(messages, "text/email", "texts/emails"));
        }
        let (met, in_person) = self.sum(Mode::in_person);
        if met > 0 {
            parts.push(format!("{} face to face", duration_words(in_person)));
        }
        parts.push(format!("{} in all", duration_words(self.minutes)));
        parts.join(", ")
    }
}

/// One week of the programme's contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Week {
    /// 1 for the first seven days from the start; 0 for contact before it.
    pub week: i64,
    /// Face to face and accompanied visits, in minutes.
    pub in_person_minutes: i64,
    /// Phone and video calls.
    pub calls: usize,
    /// Texts and emails.
    pub messages: usize,
    pub minutes: i64,
}

/// Weeks shown at most, so a long-running case cannot make a page of
/// thousands of rows.
const MAX_WEEKS: i64 = 104;

/// Contact week by week from `start` (the programme's start, or when there
/// is none, the first contact), every week up to the last with contact
/// included so the taper shows; contact before the start is week 0.
pub fn by_week(contacts: &[Contact], start: Option<NaiveDate>) -> Vec<Week> {
    let Some(start) = start.or_else(|| contacts.iter().map(|c| c.contact_on).min()) else {
        return Vec::new();
    };
    let week_of = |d: NaiveDate| {
        let days = (d - start).num_days();
        if days < 0 {
            0
        } else {
            (days / 7 + 1).min(MAX_WEEKS)
        }
    };
    let first = contacts.iter().map(|c| week_of(c.contact_on)).min().unwrap_or(1).min(1);
    let last = contacts.iter().map(|c| week_of(c.contact_on)).max().unwrap_or(0);
    (first..=last)
        .map(|week| {
            let mut w = Week {
                week,
                in_person_minutes: 0,
                calls: 0,
                messages: 0,
                minutes: 0,
            };
            for c in contacts.iter().filter(|c| week_of(c.contact_on) == week) {
                let minutes = i64::from(c.minutes);
                w.minutes += minutes;
                match c.mode() {
                    Some(m) if m.in_person() => w.in_person_minutes += minutes,
                    Some(Mode::Phone | Mode::Video) => w.calls += 1,
                    Some(m) if m.message() => w.messages += 1,
                    _ => {}
                }
            }
            w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn contact(on: NaiveDate, mode: Mode, minutes: i32) -> Contact {
        Contact {
            id: 0,
            referral_id: 1,
            contact_on: on,
            mode: mode.code().to_owned(),
            minutes,
            worker_id: None,
            note: String::new(),
            recorded_at: on.and_hms_opt(12, 0, 0).unwrap(),
        }
    }

    /// Mary's programme as the brochure tells it: 5 coaching calls, 37
    /// texts and emails, 5 hours face to face, 8 hours in all.
    fn marys() -> Vec<Contact> {
        let mut log = vec![
            contact(day(1), Mode::Phone, 20),
            contact(day(3), Mode::FaceToFace, 90),
            contact(day(8), Mode::Accompanied, 120),
            contact(day(10), Mode::Accompanied, 60),
            contact(day(11), Mode::Phone, 20),
            contact(day(11), Mode::Phone, 20),
        ];
        log.extend((0..34).map(|i| contact(day(12 + i % 19), Mode::Text, 2)));
        log.extend((0..3).map(|_| contact(day(20), Mode::Email, 4)));
        log.push(contact(day(24), Mode::Phone, 20));
        log.push(contact(day(29), Mode::Phone, 20));
        log.push(contact(day(30), Mode::FaceToFace, 30));
        log
    }

    #[test]
    fn totals_read_as_the_team_reports_them() {
        let totals = Totals::of(&marys());
        assert_eq!(totals.contacts, 46);
        assert_eq!(totals.minutes, 480);
        assert_eq!(
            totals.summary(),
            "5 calls, 37 texts/emails, 5 h face to face, 8 h in all"
        );
        let phone = totals.modes.iter().find(|t| t.mode == Mode::Phone).unwrap();
        assert_eq!((phone.contacts, phone.minutes), (5, 100));
        assert_eq!(Totals::of(&[]).summary(), "No contacts logged yet");
        let one = Totals::of(&[contact(day(1), Mode::Video, 45), contact(day(2), Mode::Email, 5)]);
        assert_eq!(one.summary(), "1 video call, 1 text/email, 50 min in all");
    }

    #[test]
    fn durations_read_in_hours_and_minutes() {
        assert_eq!(duration_words(0), "0 min");
        assert_eq!(duration_words(45), "45 min");
        assert_eq!(duration_words(300), "5 h");
        assert_eq!(duration_words(90), "1 h 30 min");
    }

    #[test]
    fn contact_tapers_week_by_week_from_the_start() {
        let weeks = by_week(&marys(), Some(day(2)));
        // Contact on 1 December came before a start on the 2nd.
        assert_eq!(weeks[0].week, 0);
        assert_eq!((weeks[0].calls, weeks[0].minutes), (1, 20));
        let w1 = weeks[1];
        assert_eq!((w1.week, w1.in_person_minutes, w1.calls), (1, 210, 0));
        let w2 = weeks[2];
        assert_eq!((w2.week, w2.in_person_minutes, w2.calls), (2, 60, 2));
        assert!(
            weeks.iter().skip(3).all(|w| w.in_person_minutes <= 30),
            "face to face tapers off"
        );
        assert_eq!(weeks.iter().map(|w| w.minutes).sum::<i64>(), 480);
        // Every week to the last is there, with nothing in it or not.
        let numbers: Vec<i64> = weeks.iter().map(|w| w.week).collect();
        assert_eq!(numbers, (0..=5).collect::<Vec<_>>());
        // With no start, the first contact starts the count.
        assert_eq!(by_week(&marys(), None)[0].week, 1);
        assert!(by_week(&[], None).is_empty());
    }
}
