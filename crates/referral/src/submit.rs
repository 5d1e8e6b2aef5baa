//! Submitting a referral: the honeypot, the double-submission guard, the
//! checks, the rate limit, the rows, the timeline and the acknowledgement
//! emails, all on the caller's connection so they commit together.

use accounts::flows::Origin;
use accounts::throttle::{self, Limit};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use store::schema::{referral_interests, referral_people, referral_referrers, referrals};
use store::AnyConnection;

use crate::codes::{check_form_token, new_reference};
use crate::form::{self, CheckedPerson, CheckedReferrer, ProfessionalReferralForm, SelfReferralForm};
use crate::model::{Kind, NewReferral, PersonDetails, Referral, Referrer, Status};
use crate::notify::{self, Update};
use crate::record::{audit, event, micros};
use crate::ReferralError;

/// Referrals sent from one address. Generous, because a GP surgery or a
/// council office sends everyone's referrals from one address.
pub const REFERRALS_ADDRESS: Limit = Limit {
    attempts: 20,
    window: Duration::hours(1),
    lockout: Duration::minutes(30),
};

/// What the confirmation page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The reference to quote, e.g. `KC-7F3K9`.
    pub reference: String,
    /// None when the honeypot was filled: the answer looks the same, but
    /// nothing was stored.
    pub referral_id: Option<i32>,
    /// True when this form had been submitted before: the first referral's
    /// receipt comes back and nothing new is stored or sent.
    pub duplicate: bool,
}

/// A self-referral from the public form.
pub fn submit_self(
    conn: &mut AnyConnection,
    site: &mail::Site,
    form: &SelfReferralForm,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<Receipt, ReferralError> {
    if let Some(answer) = guard(conn, &form.website, &form.form_token)? {
        return Ok(answer);
    }
    let checked = merge_token_error(&form.form_token, form::check_self(conn, form))?;
    count_against_limit(conn, origin, now)?;
    store_referral(conn, site, &form.form_token, Kind::SelfReferral, &checked, None, now)
}

/// A professional referral. `referrer_person_id` is the signed-in
/// professional, if any (the public form has none).
pub fn submit_professional(
    conn: &mut AnyConnection,
    site: &mail::Site,
    form: &ProfessionalReferralForm,
    referrer_person_id: Option<i32>,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<Receipt, ReferralError> {
    if let Some(answer) = guard(conn, &form.website, &form.form_token)? {
        return Ok(answer);
    }
    let (person, referrer) = merge_token_error(&form.form_token, form::check_professional(conn, form))?;
    count_against_limit(conn, origin, now)?;
    store_referral(
        conn,
        site,
        &form.form_token,
        Kind::Professional,
        &person,
        Some((&referrer, referrer_person_id)),
        now,
    )
}

/// Answers before anything is checked: a filled honeypot gets a receipt
/// that looks real (so a bot learns nothing) with nothing stored, and a
/// form submitted before gets its first receipt back.
fn guard(conn: &mut AnyConnection, honeypot: &str, token: &str) -> Result<Option<Receipt>, ReferralError> {
    if !honeypot.trim().is_empty() {
        return Ok(Some(Receipt {
            reference: new_reference()?,
            referral_id: None,
            duplicate: false,
        }));
    }
    let Ok(key) = check_form_token(token) else {
        return Ok(None);
    };
    Ok(find_by_key(conn, key)?.map(|r| Receipt {
        reference: r.reference,
        referral_id: Some(r.id),
        duplicate: true,
    }))
}

/// Puts a bad form token's message in the same list as the fields'.
fn merge_token_error<T>(token: &str, checked: Result<T, ReferralError>) -> Result<T, ReferralError> {
    let token_error = check_form_token(token).err().map(|e| e.field_errors());
    match (checked, token_error) {
        (Ok(v), None) => Ok(v),
        (Ok(_), Some(errors)) => Err(ReferralError::Form(errors)),
        (Err(ReferralError::Form(mut errors)), Some(more)) => {
            errors.extend(more);
            Err(ReferralError::Form(errors))
        }
        (Err(e), _) => Err(e),
    }
}

/// Counts a submission against its address. The first hit on a key
/// inserts its row, and two first hits at once clash on the key: the loser
/// (in a savepoint, so the caller's transaction lives on) counts again,
/// finding the winner's row.
fn count_against_limit(conn: &mut AnyConnection, origin: Origin<'_>, now: NaiveDateTime) -> Result<(), ReferralError> {
    let key = format!("referral:address:{}", origin.address);
    let first: Result<(), ReferralError> = conn.transaction(|c| Ok(throttle::hit(c, &key, REFERRALS_ADDRESS, now)?));
    match first {
        Err(e) if is_unique_violation(&e) => Ok(throttle::hit(conn, &key, REFERRALS_ADDRESS, now)?),
        other => other,
    }
}

fn find_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<Referral>, ReferralError> {
    Ok(referrals::table
        .filter(referrals::idempotency_key.eq(key.trim()))
        .select(Referral::as_select())
        .first(conn)
        .optional()?)
}

fn is_unique_violation(e: &ReferralError) -> bool {
    matches!(
        e,
        ReferralError::Store(store::StoreError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _
        )))
    )
}

/// How many fresh references to try before giving up; with 33 million of
/// them a second try is already rare.
const REFERENCE_TRIES: usize = 8;

fn store_referral(
    conn: &mut AnyConnection,
    site: &mail::Site,
    token: &str,
    kind: Kind,
    person: &CheckedPerson,
    referrer: Option<(&CheckedReferrer, Option<i32>)>,
    now: NaiveDateTime,
) -> Result<Receipt, ReferralError> {
    let now = micros(now);
    let key = check_form_token(token)?;
    let mut tries = 0;
    let referral = loop {
        tries += 1;
        let reference = new_reference()?;
        // A savepoint inside the caller's transaction: when the insert hits
        // a UNIQUE column only it is undone, and the caller's transaction
        // (on PostgreSQL, otherwise aborted) carries on.
        let attempt = conn.transaction(|c| insert_rows(c, &reference, key, kind, person, referrer, now));
        match attempt {
            Ok(r) => break r,
            Err(e) if is_unique_violation(&e) => {
                // Either the same form won a race a moment ago (its row is
                // committed and visible now), or the reference clashed.
                if let Some(first) = find_by_key(conn, key)? {
                    return Ok(Receipt {
                        reference: first.reference,
                        referral_id: Some(first.id),
                        duplicate: true,
                    });
                }
                if tries >= REFERENCE_TRIES {
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
    };
    event(conn, referral.id, None, "received", kind_words(kind), now)?;
    audit(
        conn,
        referrer.and_then(|(_, id)| id),
        "referral.created",
        referral.id,
        "",
        now,
    )?;
    if !person.email.is_empty() {
        let details = PersonDetails::from_checked(referral.id, person);
        if details.may_email() {
            let message =
                notify::person_acknowledgement(&referral.reference, kind == Kind::Professional).greeting(&person.name);
            notify::send(
                conn,
                site,
                referral.id,
                (&person.email, &person.name),
                message,
                "Acknowledgement to the person",
                now,
            )?;
        }
    }
    notify::referrer(conn, site, &referral, Update::Received, now)?;
    Ok(Receipt {
        reference: referral.reference,
        referral_id: Some(referral.id),
        duplicate: false,
    })
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::SelfReferral => "Self-referral received",
        Kind::Professional => "Professional referral received",
    }
}

fn insert_rows(
    conn: &mut AnyConnection,
    reference: &str,
    key: &str,
    kind: Kind,
    person: &CheckedPerson,
    referrer: Option<(&CheckedReferrer, Option<i32>)>,
    now: NaiveDateTime,
) -> Result<Referral, ReferralError> {
    let referral: Referral = diesel::insert_into(referrals::table)
        .values(NewReferral {
            reference: reference.to_owned(),
            idempotency_key: key.to_owned(),
            kind: kind.code(),
            status: Status::New.code(),
            borough_id: person.borough_id,
            consent_wording_version: form::CONSENT_WORDING_VERSION,
            consent_given_at: now,
            referrer_person_id: referrer.and_then(|(_, id)| id),
            person_agreed: true,
            referrer_wants_updates: referrer.is_some_and(|(r, _)| r.wants_updates),
            updates_consent: referrer.is_some_and(|(r, _)| r.person_agreed_to_updates),
            suitability_reason: String::new(),
            sessions_held: 0,
            referred_to: String::new(),
            closing_summary: String::new(),
            created_at: now,
            updated_at: now,
        })
        .get_result(conn)?;
    diesel::insert_into(referral_people::table)
        .values(PersonDetails::from_checked(referral.id, person))
        .execute(conn)?;
    if let Some((r, _)) = referrer {
        diesel::insert_into(referral_referrers::table)
            .values(Referrer {
                referral_id: referral.id,
                name: r.name.clone(),
                role: r.role.clone(),
                organisation: r.organisation.clone(),
                email: r.email.clone(),
                phone: r.phone.clone(),
                reason: r.reason.clone(),
                risks: r.risks.clone(),
            })
            .execute(conn)?;
    }
    let rows: Vec<_> = person
        .interest_ids
        .iter()
        .map(|&interest_id| {
            (
                referral_interests::referral_id.eq(referral.id),
                referral_interests::interest_id.eq(interest_id),
            )
        })
        .collect();
    if !rows.is_empty() {
        // A batch insert does not compile on `AnyConnection` itself, so
        // each backend gets the same statement.
        match conn {
            AnyConnection::Postgresql(c) => diesel::insert_into(referral_interests::table).values(&rows).execute(c),
            AnyConnection::Sqlite(c) => diesel::insert_into(referral_interests::table).values(&rows).execute(c),
        }?;
    }
    Ok(referral)
}

impl PersonDetails {
    fn from_checked(referral_id: i32, p: &CheckedPerson) -> PersonDetails {
        PersonDetails {
            referral_id,
            name: p.name.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            contact_by_phone: p.contact_by_phone,
            contact_by_text: p.contact_by_text,
            contact_by_email: p.contact_by_email,
            contact_times: p.contact_times.clone(),
            safe_to_leave_message: p.safe_to_leave_message,
            postcode: p.postcode.clone(),
            interests_other: p.interests_other.clone(),
            barriers: p.barriers.clone(),
            access_needs: p.access_needs.clone(),
        }
    }
}
