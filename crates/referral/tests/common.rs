//! What the referral tests share: a site, a clock, forms and team members.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // each test file uses part of this

use accounts::flows::Origin;
use accounts::{person, roles, Actor, Role, Roles};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use referral::{PersonForm, ProfessionalReferralForm, Receipt, SelfReferralForm};
use store::AnyConnection;

pub fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "https://kith.test/".into(),
    }
}

pub const HERE: Origin<'static> = Origin {
    address: "192.0.2.1",
    user_agent: "test",
};

/// Tuesday 1 December 2026, 09:00 UTC.
pub fn t0() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

pub fn some_interests(conn: &mut AnyConnection, n: i64) -> Vec<i32> {
    use store::schema::interests;
    interests::table
        .select(interests::id)
        .order(interests::id)
        .limit(n)
        .load(conn)
        .unwrap()
}

pub fn person_form(name: &str, email: &str) -> PersonForm {
    PersonForm {
        name: name.into(),
        phone: "020 7946 0000".into(),
        email: email.into(),
        contact_methods: if email.is_empty() {
            vec!["phone".into()]
        } else {
            vec!["phone".into(), "email".into()]
        },
        contact_times: "Weekday mornings".into(),
        safe_to_leave_message: "yes".into(),
        postcode: "se11 5qy".into(),
        interests: Vec::new(),
        interests_other: "Singing".into(),
        barriers: "Anxious on buses".into(),
        access_needs: "Large print".into(),
    }
}

pub fn self_form(name: &str, email: &str) -> SelfReferralForm {
    SelfReferralForm {
        person: person_form(name, email),
        consent: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    }
}

pub fn professional_form(name: &str, referrer_email: &str, updates: bool) -> ProfessionalReferralForm {
    ProfessionalReferralForm {
        person: person_form(name, ""),
        referrer_name: "Oti Okafor".into(),
        referrer_role: "Occupational therapist".into(),
        referrer_organisation: "Lambeth NHS".into(),
        referrer_email: referrer_email.into(),
        referrer_phone: "020 7946 0001".into(),
        reason: "Lonely since moving".into(),
        risks: "None known".into(),
        person_agreed: "on".into(),
        wants_updates: if updates { "on".into() } else { String::new() },
        person_agreed_to_updates: if updates { "on".into() } else { String::new() },
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    }
}

pub fn submit(conn: &mut AnyConnection, name: &str, now: NaiveDateTime) -> i32 {
    let r: Receipt = referral::submit_self(conn, &site(), &self_form(name, ""), HERE, now).unwrap();
    r.referral_id.unwrap()
}

/// A team member with these roles.
pub fn staff(conn: &mut AnyConnection, email: &str, role: Role, now: NaiveDateTime) -> Actor {
    let p = person::insert(conn, &person::NewPerson::new(email.into(), email.into(), now)).unwrap();
    roles::grant(conn, p.id, role, None, now).unwrap();
    Actor {
        person_id: p.id,
        roles: Roles::of(&[role]),
        verified: true,
        organiser_of: Vec::new(),
    }
}

pub fn emails_to(conn: &mut AnyConnection, to: &str) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 1000)
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == to)
        .collect()
}
