//! Account journeys on both databases: sign-up and confirmation, password
//! and link sign-in, lockout and recovery, revocation, reset, email change,
//! professionals, roles, export and deletion.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::flows::{self, Origin};
use accounts::{password, person, roles, session, AccountError, Keys, Role};
use chrono::{Duration, NaiveDateTime};
use store::{db_test, AnyConnection};

fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "https://kith.test/".into(),
    }
}

fn keys() -> Keys {
    Keys::new(&[7u8; 32]).unwrap()
}

const HERE: Origin<'static> = Origin {
    address: "192.0.2.1",
    user_agent: "test",
};

fn t0() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// The token in the newest email to `to` whose link starts with `path`.
fn link_token(conn: &mut AnyConnection, to: &str, path: &str) -> String {
    let mail = mail::pending(conn, 1000).unwrap();
    let msg = mail
        .iter()
        .rev()
        .find(|m| m.to_address == to && m.text_body.contains(path))
        .expect("an email with the link");
    let at = msg.text_body.find(path).unwrap() + path.len();
    msg.text_body[at..at + 64].to_owned()
}

fn signed_up(conn: &mut AnyConnection, email: &str, name: &str, now: NaiveDateTime) -> i32 {
    flows::sign_up(conn, &site(), email, name, HERE, now).unwrap();
    let raw = link_token(conn, &email.to_lowercase(), "/verify/");
    let (p, _, _) = flows::verify_email(conn, &keys(), &raw, HERE, now).unwrap();
    p.id
}

db_test!(fn signing_up_confirms_the_address_and_signs_in(db) {
    let mut conn = db.conn();
    let now = t0();
    // Bad input is refused field by field, and nothing is stored.
    let err = flows::sign_up(&mut conn, &site(), "not-an-email", "Ann", HERE, now).unwrap_err();
    assert!(matches!(err, AccountError::Invalid { field: "email", .. }));
    let err = flows::sign_up(&mut conn, &site(), "ann@example.org", "  ", HERE, now).unwrap_err();
    assert!(matches!(err, AccountError::Invalid { field: "display_name", .. }));
    assert!(mail::pending(&mut conn, 10).unwrap().is_empty());

    flows::sign_up(&mut conn, &site(), "Ann@Example.org", "Ann Lee", HERE, now).unwrap();
    let p = person::find_by_email(&mut conn, "ann@example.org").unwrap().unwrap();
    assert!(!p.is_verified() && !p.has_password());
    let raw = link_token(&mut conn, "ann@example.org", "/verify/");
    let (p, s, jwt) = flows::verify_email(&mut conn, &keys(), &raw, HERE, now).unwrap();
    assert!(p.is_verified());
    let who = session::resolve(&mut conn, &keys(), &jwt, now).unwrap();
    assert_eq!((who.person.id, who.session_id.as_str()), (p.id, s.id.as_str()));
    // The link works once.
    assert!(matches!(flows::verify_email(&mut conn, &keys(), &raw, HERE, now), Err(AccountError::BadToken)));

    // Signing up again with the same address creates nothing and tells the owner.
    flows::sign_up(&mut conn, &site(), "ann@example.org", "Mallory", HERE, now).unwrap();
    let again = mail::pending(&mut conn, 10).unwrap();
    assert!(again.iter().any(|m| m.subject.starts_with("You already have an account")));
    assert_eq!(person::get(&mut conn, p.id).unwrap().display_name, "Ann Lee");
});

db_test!(fn passwords_sign_in_and_wrong_ones_lock_the_account_then_recover(db) {
    let mut conn = db.conn();
    let now = t0();
    let id = signed_up(&mut conn, "bob@example.org", "Bob", now);
    let hash = password::hash("correct horse battery").unwrap();
    person::set_password_hash(&mut conn, id, Some(&hash), now).unwrap();

    let try_password = |conn: &mut AnyConnection, pw: &str, at: NaiveDateTime| {
        let (email, p) = flows::sign_in_begin(conn, "BOB@example.org", HERE, at)?;
        let ok = password::verify(pw, p.as_ref().and_then(|p| p.password_hash.as_deref()));
        flows::sign_in_finish(conn, &keys(), &email, p.as_ref(), ok, HERE, at)
    };
    assert!(try_password(&mut conn, "correct horse battery", now).is_ok());
    for _ in 0..5 {
        assert!(matches!(try_password(&mut conn, "wrong", now), Err(AccountError::WrongCredentials)));
    }
    // The sixth wrong try locks the account for 10 minutes; even the right password waits.
    assert!(matches!(try_password(&mut conn, "wrong", now), Err(AccountError::Throttled { minutes: 10 })));
    assert!(matches!(try_password(&mut conn, "correct horse battery", now + Duration::minutes(5)), Err(AccountError::Throttled { minutes: 5 })));
    assert_eq!(AccountError::Throttled { minutes: 10 }.to_string(), "Too many attempts — try again in 10 minutes");
    // After the lockout it works again.
    assert!(try_password(&mut conn, "correct horse battery", now + Duration::minutes(11)).is_ok());
    // An unknown address answers exactly like a wrong password.
    let (email, p) = flows::sign_in_begin(&mut conn, "nobody@example.org", HERE, now).unwrap();
    assert!(p.is_none());
    assert!(matches!(
        flows::sign_in_finish(&mut conn, &keys(), &email, None, false, HERE, now),
        Err(AccountError::WrongCredentials)
    ));
});

db_test!(fn sessions_renew_expire_and_are_revoked_at_once(db) {
    let mut conn = db.conn();
    let now = t0();
    let id = signed_up(&mut conn, "cy@example.org", "Cy", now);
    let (s1, jwt1) = session::start(&mut conn, &keys(), id, "phone", now).unwrap();
    let (_s2, jwt2) = session::start(&mut conn, &keys(), id, "laptop", now).unwrap();
    assert!(session::resolve(&mut conn, &keys(), &jwt1, now).unwrap().renewed.is_none());
    // Used after 15 minutes: still valid, and a fresh token comes back.
    let later = session::resolve(&mut conn, &keys(), &jwt1, now + Duration::minutes(15)).unwrap();
    let renewed = later.renewed.expect("renewed token");
    assert!(session::resolve(&mut conn, &keys(), &renewed, now + Duration::minutes(130)).is_ok());
    // Unused for longer than the idle lifetime: signed out.
    assert!(matches!(session::resolve(&mut conn, &keys(), &jwt2, now + Duration::hours(3)), Err(AccountError::NoSession)));
    // A token signed with another key, or tampered with, is refused.
    let other = Keys::new(&[9u8; 32]).unwrap();
    assert!(session::resolve(&mut conn, &other, &jwt1, now).is_err());
    assert!(session::resolve(&mut conn, &keys(), &format!("{jwt1}x"), now).is_err());
    // Signing out one browser, then everywhere.
    session::revoke(&mut conn, &s1.id, now).unwrap();
    assert!(session::resolve(&mut conn, &keys(), &jwt1, now).is_err());
    assert!(session::resolve(&mut conn, &keys(), &jwt2, now).is_ok());
    session::revoke_all(&mut conn, id, now).unwrap();
    assert!(session::resolve(&mut conn, &keys(), &jwt2, now).is_err());
    // Roles are read per request: a grant shows on the very next one.
    let (_, jwt3) = session::start(&mut conn, &keys(), id, "tablet", now).unwrap();
    assert!(!session::resolve(&mut conn, &keys(), &jwt3, now).unwrap().roles.has(Role::Editor));
    roles::grant(&mut conn, id, Role::Editor, None, now).unwrap();
    assert!(session::resolve(&mut conn, &keys(), &jwt3, now).unwrap().roles.has(Role::Editor));
    roles::revoke(&mut conn, id, Role::Editor).unwrap();
    assert!(!session::resolve(&mut conn, &keys(), &jwt3, now).unwrap().roles.has(Role::Editor));
});

db_test!(fn links_sign_in_reset_passwords_and_change_email(db) {
    let mut conn = db.conn();
    let now = t0();
    let id = signed_up(&mut conn, "dee@example.org", "Dee", now);
    let (_, old_jwt) = session::start(&mut conn, &keys(), id, "old", now).unwrap();

    // Sign-in link: only the newest works, once.
    flows::request_sign_in_link(&mut conn, &site(), "dee@example.org", HERE, now).unwrap();
    let first = link_token(&mut conn, "dee@example.org", "/sign-in/link/");
    flows::request_sign_in_link(&mut conn, &site(), "dee@example.org", HERE, now).unwrap();
    let second = link_token(&mut conn, "dee@example.org", "/sign-in/link/");
    assert!(flows::sign_in_with_link(&mut conn, &keys(), &first, HERE, now).is_err());
    assert!(flows::sign_in_with_link(&mut conn, &keys(), &second, HERE, now + Duration::minutes(29)).is_ok());
    assert!(flows::sign_in_with_link(&mut conn, &keys(), &second, HERE, now).is_err());
    // A fourth email within the hour is throttled (per account).
    assert!(matches!(
        flows::request_sign_in_link(&mut conn, &site(), "dee@example.org", HERE, now),
        Err(AccountError::Throttled { .. })
    ));

    // Reset: a new password, every old browser signed out, a notice sent.
    let later = now + Duration::hours(2);
    flows::request_password_reset(&mut conn, &site(), "dee@example.org", HERE, later).unwrap();
    let raw = link_token(&mut conn, "dee@example.org", "/reset-password/");
    let hash = password::hash("a brand new phrase").unwrap();
    let (_, _, new_jwt) = flows::reset_password(&mut conn, &site(), &keys(), &raw, &hash, HERE, later).unwrap();
    assert!(session::resolve(&mut conn, &keys(), &old_jwt, later).is_err());
    assert!(session::resolve(&mut conn, &keys(), &new_jwt, later).is_ok());
    assert!(password::verify("a brand new phrase", person::get(&mut conn, id).unwrap().password_hash.as_deref()));
    assert!(mail::pending(&mut conn, 100).unwrap().iter().any(|m| m.subject.starts_with("Your password has changed")));

    // Change of email: nothing changes until the new address is proven.
    signed_up(&mut conn, "taken@example.org", "Tay", later);
    assert!(matches!(
        flows::request_email_change(&mut conn, &site(), id, "taken@example.org", HERE, later),
        Err(AccountError::Invalid { field: "email", .. })
    ));
    flows::request_email_change(&mut conn, &site(), id, "dee@new.example.org", HERE, later).unwrap();
    assert_eq!(person::get(&mut conn, id).unwrap().email, "dee@example.org");
    let raw = link_token(&mut conn, "dee@new.example.org", "/account/email/confirm/");
    assert!(mail::pending(&mut conn, 100).unwrap().iter().any(|m| m.to_address == "dee@example.org" && m.subject.starts_with("Your email address is being changed")));
    let p = flows::confirm_email_change(&mut conn, &raw, later).unwrap();
    assert_eq!(p.email, "dee@new.example.org");
});

db_test!(fn professionals_roles_export_and_deletion(db) {
    let mut conn = db.conn();
    let now = t0();
    let allowed = vec!["nhs.net".to_owned()];
    let gp = signed_up(&mut conn, "gp@surgery.nhs.net", "Dr Gee", now);
    let ot = signed_up(&mut conn, "ot@charity.org.uk", "Oti", now);
    let admin = signed_up(&mut conn, "admin@kith.test", "Admin", now);
    roles::grant(&mut conn, admin, Role::Admin, None, now).unwrap();

    assert_eq!(
        flows::request_professional(&mut conn, gp, "GP", "Surgery", &allowed, now).unwrap(),
        accounts::ProfessionalStatus::Confirmed
    );
    assert!(roles::roles_of(&mut conn, gp).unwrap().has(Role::Professional));
    assert!(matches!(
        flows::request_professional(&mut conn, ot, "", "Charity", &allowed, now),
        Err(AccountError::Invalid { field: "job_title", .. })
    ));
    assert_eq!(
        flows::request_professional(&mut conn, ot, "Occupational therapist", "Charity", &allowed, now).unwrap(),
        accounts::ProfessionalStatus::Pending
    );
    assert_eq!(person::pending_professionals(&mut conn).unwrap().len(), 1);
    flows::decide_professional(&mut conn, &site(), admin, ot, true, now).unwrap();
    assert!(roles::roles_of(&mut conn, ot).unwrap().has(Role::Professional));

    flows::set_role(&mut conn, admin, ot, Role::Coach, true, now).unwrap();
    assert!(flows::set_role(&mut conn, admin, admin, Role::Admin, false, now).is_err());
    let log = accounts::audit::about(&mut conn, ot, 10).unwrap();
    assert!(log.iter().any(|e| e.action == "role.granted" && e.actor_id == Some(admin)));

    let export = flows::export(&mut conn, ot, now).unwrap();
    assert_eq!(export["account"]["email"], "ot@charity.org.uk");
    assert!(export["account"].get("password_hash").is_none());
    assert_eq!(export["roles"].as_array().unwrap().len(), 2);

    let (_, jwt) = session::start(&mut conn, &keys(), ot, "x", now).unwrap();
    flows::delete_account(&mut conn, &site(), ot, now).unwrap();
    assert!(session::resolve(&mut conn, &keys(), &jwt, now).is_err());
    assert!(person::find_by_email(&mut conn, "ot@charity.org.uk").unwrap().is_none());
    assert!(roles::roles_of(&mut conn, ot).unwrap().is_empty());
    // The address is free for a new account.
    signed_up(&mut conn, "ot@charity.org.uk", "Oti again", now);
});

db_test!(fn first_attempts_racing_on_one_key_are_all_counted(db) {
    use diesel::Connection;
    let now = t0();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let pool = db.pool().clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                // SQLite may refuse a racing writer with "database is locked": try again.
                for _ in 0..50 {
                    let outcome = conn.transaction(|c| {
                        accounts::throttle::hit(c, "race:key", accounts::throttle::SIGN_IN_ADDRESS, now)
                    });
                    match outcome {
                        Ok(()) => return,
                        Err(AccountError::Store(e)) if e.is_unavailable() => std::thread::sleep(std::time::Duration::from_millis(20)),
                        Err(e) => panic!("{e}"),
                    }
                }
                panic!("never got a turn");
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // Eight counted: twelve more are allowed before the lock (limit 20).
    let mut conn = db.conn();
    for _ in 0..12 {
        accounts::throttle::hit(&mut conn, "race:key", accounts::throttle::SIGN_IN_ADDRESS, now).unwrap();
    }
    assert!(matches!(
        accounts::throttle::hit(&mut conn, "race:key", accounts::throttle::SIGN_IN_ADDRESS, now),
        Err(AccountError::Throttled { .. })
    ));
});
