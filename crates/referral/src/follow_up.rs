//! The three-month follow-up: a few questions, three calendar months after
//! a programme ended, to learn whether what it started has lasted (felt
//! more supported, more independent, better able to deal with a crisis;
//! still going to activities?).
//!
//! It is for people whose programme started and then closed as completed
//! or as stopped taking part: someone who was never supported has nothing
//! to follow up. The team asks by phone and records the answers, or emails
//! a single-use link that needs no account, since most people have none.
//! Only the SHA-256 of a link's token is kept; answering, or sending a new
//! link, replaces it, so a link works once and an older one stops working.
//! A link that does not work always gets the same answer, so nobody can
//! learn whether a token ever existed.
//!
//! When it is due comes from the closing date, not from the table: a row
//! in `casework_follow_ups` exists once a link has been sent or an answer
//! recorded. Reading goes through [`crate::view`], which audits it; each
//! change here is audited too.

use accounts::Action;
use chrono::{Duration, Months, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::schema::{casework_follow_ups, referral_people, referrals};
use store::AnyConnection;

use crate::model::{Outcome, PersonDetails, Referral, Status};
use crate::record::{audit, event, get_changeable, micros, Staff};
use crate::tasks::london_date;
use crate::{FieldError, ReferralError};

/// Calendar months after closing that the follow-up is due.
pub const DUE_AFTER_MONTHS: u32 = 3;
/// How long an emailed link works: long enough for someone who reads
/// email rarely, short enough that an old inbox is not a standing key.
pub const LINK_LIFETIME: Duration = Duration::days(30);
/// The longest comment, in characters.
pub const MAX_COMMENTS: usize = 2000;
/// How far ahead the team's list of follow-ups looks, so calls can be
/// planned before the day.
pub const LIST_AHEAD_DAYS: i64 = 14;
/// How long after its date an unanswered follow-up stays on the list: by
/// then it is no longer a three-month follow-up.
pub const LIST_OVERDUE_MONTHS: u32 = 3;

/// The answer for "prefer not to say", stored as NULL.
pub const PREFER_NOT: &str = "prefer_not";

/// The three statements, each answered on a five-point scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Statement {
    MoreSupported,
    MoreIndependent,
    CrisisBetter,
}

impl Statement {
    pub const ALL: [Statement; 3] = [
        Statement::MoreSupported,
        Statement::MoreIndependent,
        Statement::CrisisBetter,
    ];

    /// The form field (and the column) it is answered in.
    pub fn field(self) -> &'static str {
        match self {
            Statement::MoreSupported => "more_supported",
            Statement::MoreIndependent => "more_independent",
            Statement::CrisisBetter => "crisis_better",
        }
    }

    /// The statement, as the person reads it (or hears it on the phone).
    pub fn words(self) -> &'static str {
        match self {
            Statement::MoreSupported => "I feel more supported than I did before",
            Statement::MoreIndependent => "I feel more independent than I did before",
            Statement::CrisisBetter => "I feel better able to deal with a crisis",
        }
    }

    fn missing(self) -> &'static str {
        match self {
            Statement::MoreSupported => "Choose how much you agree that you feel more supported",
            Statement::MoreIndependent => "Choose how much you agree that you feel more independent",
            Statement::CrisisBetter => "Choose how much you agree that you feel better able to deal with a crisis",
        }
    }
}

/// The five-point scale, strongly agree first, then "prefer not to say".
pub const AGREEMENT: [(&str, &str); 6] = [
    ("5", "Strongly agree"),
    ("4", "Agree"),
    ("3", "Neither agree nor disagree"),
    ("2", "Disagree"),
    ("1", "Strongly disagree"),
    (PREFER_NOT, "I'd prefer not to say"),
];

/// "Are you still going to activities?"
pub const STILL_GOING: [(&str, &str); 3] = [("yes", "Yes"), ("no", "No"), (PREFER_NOT, "I'd prefer not to say")];

/// The words for a stored agreement (None: preferred not to say).
pub fn agreement_words(value: Option<i32>) -> &'static str {
    let code = value.map(|v| v.to_string());
    AGREEMENT
        .iter()
        .find(|(c, _)| Some(*c) == code.as_deref() || (code.is_none() && *c == PREFER_NOT))
        .map_or("", |(_, words)| *words)
}

/// How the follow-up was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The team asked on the phone and recorded the answers.
    Phone,
    /// The person answered through the emailed link.
    Link,
}

impl How {
    pub fn code(self) -> &'static str {
        match self {
            How::Phone => "phone",
            How::Link => "link",
        }
    }

    pub fn from_code(code: &str) -> Option<How> {
        [How::Phone, How::Link].into_iter().find(|h| h.code() == code)
    }
}

/// A referral's follow-up row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_follow_ups)]
pub struct FollowUp {
    pub id: i32,
    pub referral_id: i32,
    /// Ours, not about the person: never exported.
    #[serde(skip)]
    pub link_hash: Option<String>,
    pub link_sent_at: Option<NaiveDateTime>,
    pub link_expires_at: Option<NaiveDateTime>,
    pub answered_how: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub recorded_by: Option<i32>,
    pub more_supported: Option<i32>,
    pub more_independent: Option<i32>,
    pub crisis_better: Option<i32>,
    pub still_going: Option<bool>,
    pub comments: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl FollowUp {
    pub fn answered(&self) -> bool {
        self.answered_at.is_some()
    }

    pub fn how(&self) -> Option<How> {
        self.answered_how.as_deref().and_then(How::from_code)
    }

    /// The stored answer to one statement.
    pub fn agreement(&self, s: Statement) -> Option<i32> {
        match s {
            Statement::MoreSupported => self.more_supported,
            Statement::MoreIndependent => self.more_independent,
            Statement::CrisisBetter => self.crisis_better,
        }
    }

    /// Whether an emailed link is waiting to be used at `now`.
    pub fn link_live(&self, now: NaiveDateTime) -> bool {
        !self.answered() && self.link_hash.is_some() && self.link_expires_at.is_some_and(|e| e > now)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_follow_ups)]
struct NewFollowUp<'a> {
    referral_id: i32,
    comments: &'a str,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// The answers written over a row; `None` is stored as NULL ("prefer not
/// to say", and no live link once answered).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = casework_follow_ups, treat_none_as_null = true)]
struct AnswerChange<'a> {
    link_hash: Option<&'a str>,
    answered_how: Option<&'a str>,
    answered_at: Option<NaiveDateTime>,
    recorded_by: Option<i32>,
    more_supported: Option<i32>,
    more_independent: Option<i32>,
    crisis_better: Option<i32>,
    still_going: Option<bool>,
    comments: &'a str,
    updated_at: NaiveDateTime,
}

/// The follow-up form as typed, unchecked: each statement's value from
/// [`AGREEMENT`], `still_going` from [`STILL_GOING`].
#[derive(Debug, Clone, Default)]
pub struct FollowUpForm {
    pub more_supported: String,
    pub more_independent: String,
    pub crisis_better: String,
    pub still_going: String,
    pub comments: String,
}

impl FollowUpForm {
    fn agreement(&self, s: Statement) -> &str {
        match s {
            Statement::MoreSupported => &self.more_supported,
            Statement::MoreIndependent => &self.more_independent,
            Statement::CrisisBetter => &self.crisis_better,
        }
    }
}

/// The answers once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub more_supported: Option<i32>,
    pub more_independent: Option<i32>,
    pub crisis_better: Option<i32>,
    pub still_going: Option<bool>,
    pub comments: String,
}

/// Checks the form: every question needs an answer ("prefer not to say"
/// is one), and every problem comes back at once, on its field.
pub fn check(form: &FollowUpForm) -> Result<Answers, ReferralError> {
    let mut errors = Vec::new();
    let mut agreement = |s: Statement| -> Option<i32> {
        match form.agreement(s).trim() {
            PREFER_NOT => None,
            v => match v.parse::<i32>() {
                Ok(n) if (1..=5).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError {
                        field: s.field(),
                        message: s.missing().to_owned(),
                    });
                    None
                }
            },
        }
    };
    let more_supported = agreement(Statement::MoreSupported);
    let more_independent = agreement(Statement::MoreIndependent);
    let crisis_better = agreement(Statement::CrisisBetter);
    let still_going = match form.still_going.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        PREFER_NOT => None,
        _ => {
            errors.push(FieldError {
                field: "still_going",
                message: "Choose whether you are still going to activities".to_owned(),
            });
            None
        }
    };
    let comments = form.comments.trim();
    if comments.chars().count() > MAX_COMMENTS {
        errors.push(FieldError {
            field: "comments",
            message: format!("Keep your comments to {MAX_COMMENTS} characters or fewer"),
        });
    }
    if !errors.is_empty() {
        return Err(ReferralError::Form(errors));
    }
    Ok(Answers {
        more_supported,
        more_independent,
        crisis_better,
        still_going,
        comments: comments.to_owned(),
    })
}

/// Whether a referral has a follow-up: its programme started, and it
/// closed as completed or as stopped taking part (and is not erased).
pub fn eligible(r: &Referral) -> bool {
    r.status() == Status::Closed
        && r.started_at.is_some()
        && r.closed_at.is_some()
        && r.anonymised_at.is_none()
        && matches!(r.outcome(), Some(Outcome::Completed | Outcome::Disengaged))
}

/// When the follow-up is due: three calendar months after the London date
/// it closed (30 November gives 28 February, or the 29th in a leap year).
pub fn due_on(r: &Referral) -> Option<NaiveDate> {
    if !eligible(r) {
        return None;
    }
    london_date(r.closed_at?).checked_add_months(Months::new(DUE_AFTER_MONTHS))
}

fn require_eligible(r: &Referral) -> Result<(), ReferralError> {
    if eligible(r) {
        Ok(())
    } else {
        Err(ReferralError::Transition(
            "The follow-up is for programmes that started and then ended as completed or as stopped taking part"
                .to_owned(),
        ))
    }
}

fn digest(raw: &str) -> String {
    Sha256::digest(raw.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn well_formed(raw: &str) -> bool {
    raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The one answer for every link that does not work: used, expired,
/// replaced or never sent.
fn bad_link() -> ReferralError {
    ReferralError::invalid("link", "This link has expired or has already been used")
}

/// A referral's follow-up row, if it has one.
pub(crate) fn load(conn: &mut AnyConnection, referral_id: i32) -> Result<Option<FollowUp>, ReferralError> {
    Ok(casework_follow_ups::table
        .filter(casework_follow_ups::referral_id.eq(referral_id))
        .select(FollowUp::as_select())
        .first(conn)
        .optional()?)
}

/// The row for a referral, made empty if it has none yet.
fn row_for(conn: &mut AnyConnection, referral_id: i32, now: NaiveDateTime) -> Result<FollowUp, ReferralError> {
    if let Some(row) = load(conn, referral_id)? {
        return Ok(row);
    }
    Ok(diesel::insert_into(casework_follow_ups::table)
        .values(NewFollowUp {
            referral_id,
            comments: "",
            created_at: micros(now),
            updated_at: micros(now),
        })
        .get_result::<FollowUp>(conn)?)
}

fn answer_change<'a>(answers: &'a Answers, how: How, by: Option<i32>, now: NaiveDateTime) -> AnswerChange<'a> {
    AnswerChange {
        link_hash: None,
        answered_how: Some(how.code()),
        answered_at: Some(micros(now)),
        recorded_by: by,
        more_supported: answers.more_supported,
        more_independent: answers.more_independent,
        crisis_better: answers.crisis_better,
        still_going: answers.still_going,
        comments: &answers.comments,
        updated_at: micros(now),
    }
}

/// Records the answers the person gave `by` on the phone (saving again
/// corrects them). Any emailed link stops working: the question is
/// answered. Every problem comes back at once, on its field.
pub fn record_by_phone(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    form: &FollowUpForm,
    now: NaiveDateTime,
) -> Result<FollowUp, ReferralError> {
    let r = get_changeable(conn, by, referral_id)?;
    require_eligible(&r)?;
    let answers = check(form)?;
    let row = row_for(conn, referral_id, now)?;
    let saved = diesel::update(casework_follow_ups::table.find(row.id))
        .set(answer_change(&answers, How::Phone, Some(by.actor.person_id), now))
        .get_result::<FollowUp>(conn)?;
    event(
        conn,
        referral_id,
        Some(by.actor.person_id),
        "follow_up",
        "Three-month follow-up answered by phone",
        now,
    )?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.follow_up_recorded",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(saved)
}

/// The email with the link, in plain words and with nothing about the
/// person's health: an inbox may be read by others.
fn link_message(url: &str) -> mail::Message {
    mail::Message::new("How are things going? A few questions from the connecting team")
        .paragraph("About three months ago you finished working with the connecting team. We would like to know how things are going for you now.")
        .paragraph("There are four short questions, and you can choose not to answer any of them. Your answers help us make the service better.")
        .action("Answer the questions", url)
        .paragraph(&format!(
            "The link works once, for {} days. You do not need an account or a password.",
            LINK_LIFETIME.num_days()
        ))
        .paragraph("If you would rather not answer, you can ignore this email.")
}

/// Emails the person a link to answer the follow-up themselves, valid for
/// [`LINK_LIFETIME`], and returns the address it went to. Storing the
/// link's hash and queuing the email happen on the caller's transaction:
/// if the email cannot be made or queued, the caller rolls back and no
/// link exists. A new link replaces any earlier one, which stops working.
/// Only when the person's details allow email ([`PersonDetails::may_email`]).
pub fn send_link(
    conn: &mut AnyConnection,
    site: &mail::Site,
    by: &Staff<'_>,
    referral_id: i32,
    now: NaiveDateTime,
) -> Result<String, ReferralError> {
    let r = get_changeable(conn, by, referral_id)?;
    require_eligible(&r)?;
    let person = referral_people::table
        .find(referral_id)
        .select(PersonDetails::as_select())
        .first(conn)
        .optional()?
        .filter(PersonDetails::may_email)
        .ok_or_else(|| {
            ReferralError::Transition(
                "The person has not given an email address we may use: ask the questions by phone".to_owned(),
            )
        })?;
    let existing = load(conn, referral_id)?;
    if existing.as_ref().is_some_and(FollowUp::answered) {
        return Err(ReferralError::Transition(
            "The follow-up has already been answered".to_owned(),
        ));
    }
    let raw = accounts::token::random_hex(32)?;
    let url = format!("{}/follow-up/{raw}", site.url.trim_end_matches('/'));
    let unusable = |_| {
        ReferralError::Transition(
            "The email could not be made from the person's address: check it, or ask the questions by phone".to_owned(),
        )
    };
    let to = mail::EmailAddress::parse(&person.email).map_err(unusable)?;
    let email = link_message(&url)
        .greeting(&person.name)
        .render(site, to, &person.name)
        .map_err(unusable)?;
    // The email exists before anything is written, so one that cannot be
    // made leaves no link behind even outside a transaction.
    let row = match existing {
        Some(row) => row,
        None => row_for(conn, referral_id, now)?,
    };
    let hash = digest(&raw);
    diesel::update(casework_follow_ups::table.find(row.id))
        .set((
            casework_follow_ups::link_hash.eq(Some(hash.as_str())),
            casework_follow_ups::link_sent_at.eq(Some(micros(now))),
            casework_follow_ups::link_expires_at.eq(Some(micros(now + LINK_LIFETIME))),
            casework_follow_ups::updated_at.eq(micros(now)),
        ))
        .execute(conn)?;
    mail::enqueue(conn, &email, now)?;
    event(
        conn,
        referral_id,
        Some(by.actor.person_id),
        "follow_up_link_sent",
        "Follow-up link emailed to the person",
        now,
    )?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.follow_up_link_sent",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(person.email)
}

/// The row of a link that works at `now`.
fn live(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<FollowUp, ReferralError> {
    if !well_formed(raw) {
        return Err(bad_link());
    }
    casework_follow_ups::table
        .filter(casework_follow_ups::link_hash.eq(digest(raw)))
        .filter(casework_follow_ups::answered_at.is_null())
        .filter(casework_follow_ups::link_expires_at.gt(now))
        .select(FollowUp::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(bad_link)
}

/// Whether a link works, without using it: for the page with the
/// questions. Says nothing about whose it is.
pub fn check_link(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<(), ReferralError> {
    live(conn, raw, now).map(|_| ())
}

/// The person answers through their link, which then stops working. A
/// link that does not work is refused before the answers are looked at;
/// answers with problems keep the link working, so they can be corrected.
pub fn answer_by_link(
    conn: &mut AnyConnection,
    raw: &str,
    form: &FollowUpForm,
    now: NaiveDateTime,
) -> Result<(), ReferralError> {
    let row = live(conn, raw, now)?;
    let answers = check(form)?;
    // Only if the link is still the live one: of two racing answers, one wins.
    let used = diesel::update(
        casework_follow_ups::table
            .find(row.id)
            .filter(casework_follow_ups::link_hash.eq(digest(raw)))
            .filter(casework_follow_ups::answered_at.is_null()),
    )
    .set(answer_change(&answers, How::Link, None, now))
    .execute(conn)?;
    if used == 0 {
        return Err(bad_link());
    }
    event(
        conn,
        row.referral_id,
        None,
        "follow_up",
        "Three-month follow-up answered through the emailed link",
        now,
    )?;
    audit(conn, None, "referral.follow_up_answered", row.referral_id, "", now)
}

/// One follow-up on the team's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueFollowUp {
    pub referral: Referral,
    /// The person's name (empty if the details are gone).
    pub name: String,
    pub due_on: NaiveDate,
    pub due_now: bool,
    /// When a link was last emailed, if one was.
    pub link_sent_at: Option<NaiveDateTime>,
    /// Whether that link still works.
    pub link_live: bool,
}

/// The unanswered follow-ups `by` may see (a worker their own closed
/// cases, a manager everyone's), from [`LIST_AHEAD_DAYS`] before they are
/// due to [`LIST_OVERDUE_MONTHS`] after, soonest first. The list names
/// people, so each one listed is audited, as on a caseload.
pub fn due_list(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    now: NaiveDateTime,
) -> Result<Vec<DueFollowUp>, ReferralError> {
    by.require(Action::ReferralQueue)?;
    let today = london_date(now);
    let latest_due = today + Duration::days(LIST_AHEAD_DAYS);
    let earliest_due = today
        .checked_sub_months(Months::new(LIST_OVERDUE_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    // Closing dates that can give a due date in that window, a day either
    // side for the London date of a UTC time.
    let closed_from = earliest_due
        .checked_sub_months(Months::new(DUE_AFTER_MONTHS))
        .unwrap_or(NaiveDate::MIN)
        .and_hms_opt(0, 0, 0)
        .map(|t| t - Duration::days(1))
        .unwrap_or(NaiveDateTime::MIN);
    let closed_to = latest_due
        .checked_sub_months(Months::new(DUE_AFTER_MONTHS))
        .unwrap_or(NaiveDate::MIN)
        .and_hms_opt(0, 0, 0)
        .map(|t| t + Duration::days(2))
        .unwrap_or(NaiveDateTime::MIN);
    let outcomes = [Outcome::Completed.code(), Outcome::Disengaged.code()];
    let rows: Vec<(Referral, Option<String>)> = referrals::table
        .left_join(referral_people::table)
        .filter(referrals::status.eq(Status::Closed.code()))
        .filter(referrals::outcome.eq_any(outcomes))
        .filter(referrals::started_at.is_not_null())
        .filter(referrals::anonymised_at.is_null())
        .filter(referrals::closed_at.ge(closed_from))
        .filter(referrals::closed_at.lt(closed_to))
        .order((referrals::closed_at, referrals::id))
        .select((Referral::as_select(), referral_people::name.nullable()))
        .load(conn)?;
    let rows: Vec<(Referral, Option<String>, NaiveDate)> = rows
        .into_iter()
        .filter(|(r, _)| by.may(r.action()))
        .filter_map(|(r, name)| due_on(&r).map(|d| (r, name, d)))
        .filter(|(_, _, d)| (earliest_due..=latest_due).contains(d))
        .collect();
    let ids: Vec<i32> = rows.iter().map(|(r, _, _)| r.id).collect();
    let follow_ups: Vec<FollowUp> = if ids.is_empty() {
        Vec::new()
    } else {
        casework_follow_ups::table
            .filter(casework_follow_ups::referral_id.eq_any(&ids))
            .select(FollowUp::as_select())
            .load(conn)?
    };
    let mut items = Vec::with_capacity(rows.len());
    for (r, name, due) in rows {
        let row = follow_ups.iter().find(|f| f.referral_id == r.id);
        if row.is_some_and(FollowUp::answered) {
            continue;
        }
        audit(conn, Some(by.actor.person_id), "referral.listed", r.id, by.reason, now)?;
        items.push(DueFollowUp {
            name: name.unwrap_or_default(),
            due_on: due,
            due_now: today >= due,
            link_sent_at: row.and_then(|f| f.link_sent_at),
            link_live: row.is_some_and(|f| f.link_live(now)),
            referral: r,
        });
    }
    items.sort_by_key(|i| (i.due_on, i.referral.id));
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(a: &str, b: &str, c: &str, still: &str) -> FollowUpForm {
        FollowUpForm {
            more_supported: a.into(),
            more_independent: b.into(),
            crisis_better: c.into(),
            still_going: still.into(),
            comments: "  Thank you  ".into(),
        }
    }

    #[test]
    fn answers_are_checked_all_at_once() {
        let ok = check(&form("5", PREFER_NOT, "1", "no")).unwrap();
        assert_eq!(
            ok,
            Answers {
                more_supported: Some(5),
                more_independent: None,
                crisis_better: Some(1),
                still_going: Some(false),
                comments: "Thank you".into(),
            }
        );
        assert_eq!(check(&form("4", "4", "4", PREFER_NOT)).unwrap().still_going, None);
        let Err(ReferralError::Form(errors)) = check(&form("", "6", "x", "maybe")) else {
            panic!("refused");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["more_supported", "more_independent", "crisis_better", "still_going"]
        );
        let mut long = form("3", "3", "3", "yes");
        long.comments = "x".repeat(MAX_COMMENTS + 1);
        assert!(matches!(check(&long), Err(ReferralError::Form(e)) if e[0].field == "comments"));
    }

    #[test]
    fn agreement_reads_in_words() {
        assert_eq!(agreement_words(Some(5)), "Strongly agree");
        assert_eq!(agreement_words(Some(1)), "Strongly disagree");
        assert_eq!(agreement_words(None), "I'd prefer not to say");
    }

    #[test]
    fn links_are_64_hex_digits() {
        assert!(well_formed(&"a".repeat(64)));
        assert!(!well_formed(&"a".repeat(63)) && !well_formed(&"g".repeat(64)) && !well_formed(""));
    }
}
