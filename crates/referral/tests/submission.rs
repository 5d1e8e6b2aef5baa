//! Submitting referrals on both databases: every field error at once,
//! nothing required that can wait, one referral per form however often it
//! is sent (also when two sends race), emails that cannot fail a
//! submission, the honeypot and the rate limit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::*;
use diesel::prelude::*;
use referral::{ReferralError, SelfReferralForm};
use store::schema::{changes, referral_events, referral_interests, referral_people, referral_referrers, referrals};
use store::{db_test, AnyConnection};

fn count(conn: &mut AnyConnection) -> i64 {
    referrals::table.count().get_result(conn).unwrap()
}

db_test!(fn a_self_referral_is_stored_acknowledged_and_never_indexed(db) {
    let mut conn = db.conn();
    let now = t0();
    let mut form = self_form("Ann Lee", "Ann@Example.ORG");
    let ids = some_interests(&mut conn, 2);
    form.person.interests = ids.iter().map(|i| i.to_string()).chain([ids[0].to_string()]).collect();
    let changes_before: i64 = changes::table.count().get_result(&mut *conn).unwrap();

    let receipt = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap();
    assert!(!receipt.duplicate);
    assert!(receipt.reference.starts_with("KC-") && receipt.reference.len() == 8);
    let id = receipt.referral_id.unwrap();
    let r: referral::Referral = referrals::table.find(id).select(referral::Referral::as_select()).first(&mut *conn).unwrap();
    assert_eq!((r.status(), r.kind()), (referral::Status::New, referral::Kind::SelfReferral));
    assert_eq!(r.consent_wording_version, referral::CONSENT_WORDING_VERSION);
    assert!(r.borough_id.is_some(), "the postcode gives the borough");
    let p: referral::PersonDetails = referral_people::table.find(id).select(referral::PersonDetails::as_select()).first(&mut *conn).unwrap();
    assert_eq!(p.email, "Ann@example.org");
    assert_eq!(p.postcode.as_deref(), Some("SE11 5QY"));
    assert_eq!(p.safe_to_leave_message, Some(true));
    assert!(p.contact_by_phone && p.contact_by_email && !p.contact_by_text);
    let n: i64 = referral_interests::table.filter(referral_interests::referral_id.eq(id)).count().get_result(&mut *conn).unwrap();
    assert_eq!(n, 2, "interests deduplicated");

    // The person is acknowledged with the reference and nothing personal.
    let mail = emails_to(&mut conn, "Ann@example.org");
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains(&receipt.reference));
    assert!(!mail[0].text_body.contains("Anxious") && !mail[0].text_body.contains("SE11"));
    let kinds: Vec<String> = referral_events::table.filter(referral_events::referral_id.eq(id)).order(referral_events::id).select(referral_events::kind).load(&mut *conn).unwrap();
    assert_eq!(kinds, ["received", "email_sent"]);
    // Search never hears of it.
    let changes_after: i64 = changes::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(changes_before, changes_after);
    let log = store::schema::audit_log::table
        .filter(store::schema::audit_log::subject.eq(format!("referral:{id}")))
        .select(store::schema::audit_log::action)
        .load::<String>(&mut *conn)
        .unwrap();
    assert_eq!(log, ["referral.created"]);
});

db_test!(fn every_problem_is_reported_at_once_and_only_three_things_are_required(db) {
    let mut conn = db.conn();
    let now = t0();
    let mut form = SelfReferralForm::default();
    form.person.email = "not an email".into();
    form.person.phone = "call me".into();
    form.person.postcode = "ZZ99 9ZZ".into();
    form.person.interests = vec!["999999".into()];
    form.person.safe_to_leave_message = "maybe".into();
    form.person.contact_methods = vec!["pigeon".into()];
    let err = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        ["name", "phone", "email", "contact_methods", "safe_to_leave_message", "postcode", "interests", "consent", "form_token"]
    );
    assert!(matches!(err, ReferralError::Form(_)));
    assert_eq!(count(&mut conn), 0);
    assert!(mail::pending(&mut conn, 10).unwrap().is_empty());

    // No way to get in touch.
    let mut form = self_form("Bo", "");
    form.person.phone.clear();
    form.person.contact_methods.clear();
    let err = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "phone");

    // A name, a phone number and consent are enough.
    let form = SelfReferralForm {
        person: referral::PersonForm {
            name: "Bo".into(),
            phone: "07700 900982".into(),
            ..Default::default()
        },
        consent: "on".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    };
    let receipt = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap();
    assert!(receipt.referral_id.is_some());
    assert!(mail::pending(&mut conn, 10).unwrap().is_empty(), "no email address, no email");
});

db_test!(fn the_same_form_sent_twice_makes_one_referral(db) {
    let mut conn = db.conn();
    let now = t0();
    let form = self_form("Cy", "cy@example.org");
    let first = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap();
    let second = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap();
    assert!(second.duplicate);
    assert_eq!((first.reference, first.referral_id), (second.reference, second.referral_id));
    assert_eq!(count(&mut conn), 1);
    assert_eq!(emails_to(&mut conn, "cy@example.org").len(), 1, "acknowledged once");
});

db_test!(fn racing_submissions_of_one_form_make_one_referral(db) {
    use diesel::Connection;
    let form = self_form("Di", "di@example.org");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let pool = db.pool().clone();
            let form = form.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                // Like the web layer: one transaction per request, tried
                // again when SQLite reports the database busy.
                for _ in 0..50 {
                    let result = conn.transaction(|c| referral::submit_self(c, &site(), &form, HERE, t0()));
                    match result {
                        Ok(receipt) => return receipt,
                        Err(ReferralError::Store(e)) if e.is_unavailable() => {
                            std::thread::sleep(std::time::Duration::from_millis(20));
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
                panic!("never got through");
            })
        })
        .collect();
    let receipts: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(receipts.windows(2).all(|w| w[0].reference == w[1].reference));
    assert_eq!(receipts.iter().filter(|r| !r.duplicate).count(), 1);
    let mut conn = db.conn();
    assert_eq!(count(&mut conn), 1);
    assert_eq!(emails_to(&mut conn, "di@example.org").len(), 1);
});

db_test!(fn a_professional_referral_acknowledges_the_referrer(db) {
    let mut conn = db.conn();
    let now = t0();
    let mut form = professional_form("Ed", "OT@Lambeth.nhs.net", true);
    form.person.email = "ed@example.org".into();
    form.person.contact_methods = vec!["phone".into()];
    let receipt = referral::submit_professional(&mut conn, &site(), &form, None, HERE, now).unwrap();
    let id = receipt.referral_id.unwrap();
    let r: referral::Referral = referrals::table.find(id).select(referral::Referral::as_select()).first(&mut *conn).unwrap();
    assert_eq!(r.kind(), referral::Kind::Professional);
    assert!(r.updates_referrer());
    let who: referral::Referrer = referral_referrers::table.find(id).select(referral::Referrer::as_select()).first(&mut *conn).unwrap();
    assert_eq!((who.email.as_str(), who.reason.as_str()), ("OT@lambeth.nhs.net", "Lonely since moving"));
    let to_referrer = emails_to(&mut conn, "OT@lambeth.nhs.net");
    assert_eq!(to_referrer.len(), 1);
    assert!(to_referrer[0].subject.contains(&receipt.reference));
    assert!(!to_referrer[0].text_body.contains("Ed"), "no name of the person in the referrer's email");
    assert!(emails_to(&mut conn, "ed@example.org").is_empty(), "they asked for phone calls only");

    // Updates need an email; the person's agreement is required.
    let mut form = professional_form("Flo", "", true);
    form.person_agreed.clear();
    let err = referral::submit_professional(&mut conn, &site(), &form, None, HERE, now).unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["person_agreed", "wants_updates"]);
});

db_test!(fn an_email_that_cannot_be_made_does_not_stop_a_referral(db) {
    let mut conn = db.conn();
    let now = t0();
    // A site address that is not a web link makes every email unrenderable.
    let broken = mail::Site { name: "Kith".into(), url: "not a link".into() };
    let receipt = referral::submit_self(&mut conn, &broken, &self_form("Gil", "gil@example.org"), HERE, now).unwrap();
    let id = receipt.referral_id.unwrap();
    assert!(mail::pending(&mut conn, 10).unwrap().is_empty());
    let kinds: Vec<String> = referral_events::table.filter(referral_events::referral_id.eq(id)).order(referral_events::id).select(referral_events::kind).load(&mut *conn).unwrap();
    assert_eq!(kinds, ["received", "email_not_sent"]);
});

db_test!(fn bots_get_a_receipt_and_floods_are_throttled(db) {
    let mut conn = db.conn();
    let now = t0();
    let mut form = self_form("Bot", "bot@example.org");
    form.website = "http://spam.example".into();
    let receipt = referral::submit_self(&mut conn, &site(), &form, HERE, now).unwrap();
    assert!(receipt.reference.starts_with("KC-") && receipt.referral_id.is_none());
    assert_eq!(count(&mut conn), 0);
    assert!(mail::pending(&mut conn, 10).unwrap().is_empty());

    for i in 0..referral::REFERRALS_ADDRESS.attempts {
        referral::submit_self(&mut conn, &site(), &self_form(&format!("P{i}"), ""), HERE, now).unwrap();
    }
    let err = referral::submit_self(&mut conn, &site(), &self_form("One too many", ""), HERE, now).unwrap_err();
    assert!(matches!(err, ReferralError::Throttled { minutes: 30 }) && err.keeps_writes());
    // Another address is not affected.
    let elsewhere = accounts::flows::Origin { address: "192.0.2.2", user_agent: "x" };
    assert!(referral::submit_self(&mut conn, &site(), &self_form("Hal", ""), elsewhere, now).is_ok());
});
