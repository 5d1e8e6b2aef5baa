//! `kith retention [--dry-run]` as an operator runs it: the built binary
//! against a real database (both kinds), its settings from flags, the
//! environment and `kith.toml`, and its output, which names references and
//! dates but never the person.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::path::Path;
use std::process::Command;

use accounts::flows::Origin;
use accounts::{person, roles, Actor, Role, Roles};
use chrono::{Months, NaiveDateTime};
use referral::{Closing, Outcome, SelfReferralForm, Staff};
use store::diesel::prelude::*;
use store::schema::{audit_log, referral_people, referrals};
use store::testing::TestDb;
use store::{db_test, AnyConnection};

const HERE: Origin<'static> = Origin {
    address: "192.0.2.9",
    user_agent: "test",
};

fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "https://kith.test/".into(),
    }
}

fn manager(conn: &mut AnyConnection, now: NaiveDateTime) -> Actor {
    let p = person::insert(
        conn,
        &person::NewPerson::new("manager@kith.test".into(), "Manager".into(), now),
    )
    .unwrap();
    roles::grant(conn, p.id, Role::TeamManager, None, now).unwrap();
    Actor {
        person_id: p.id,
        roles: Roles::of(&[Role::TeamManager]),
        verified: true,
        organiser_of: Vec::new(),
    }
}

/// A self-referral from `name`, closed with `outcome` at `closed`; returns
/// its id and reference.
fn closed(
    conn: &mut AnyConnection,
    by: &Actor,
    name: &str,
    outcome: Option<Outcome>,
    closed: NaiveDateTime,
) -> (i32, String) {
    let form = SelfReferralForm {
        person: referral::PersonForm {
            name: name.into(),
            phone: "020 7946 0000".into(),
            barriers: format!("{name} finds buses hard"),
            ..Default::default()
        },
        consent: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        website: String::new(),
    };
    let receipt = referral::submit_self(conn, &site(), &form, HERE, closed).unwrap();
    let id = receipt.referral_id.unwrap();
    if let Some(outcome) = outcome {
        let closing = Closing {
            outcome,
            referred_to: "",
            summary: &format!("Closing note about {name}"),
        };
        referral::close(conn, &site(), &Staff::new(by), id, &closing, closed).unwrap();
    }
    (id, receipt.reference)
}

/// Runs the built `kith` with `args` against the test database, with
/// `env` set; returns (success, stdout, stderr).
fn kith(db: &TestDb, data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kith"));
    cmd.arg("--database")
        .arg(&db.url)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("KITH_RETENTION_MONTHS")
        .env_remove("KITH_RETENTION_SHORT_MONTHS")
        .env_remove("KITH_DATABASE_URL")
        .env("KITH_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn people_left(conn: &mut AnyConnection) -> Vec<i32> {
    referral_people::table
        .order(referral_people::referral_id)
        .select(referral_people::referral_id)
        .load(conn)
        .unwrap()
}

fn months_ago(now: NaiveDateTime, months: u32) -> NaiveDateTime {
    now.checked_sub_months(Months::new(months)).unwrap()
}

db_test!(fn kith_retention_lists_then_anonymises_closed_referrals_past_their_period(db) {
    let data = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now().naive_utc();
    let mut conn = db.conn();
    let m = manager(&mut conn, now);
    // Closed 8 years and a week ago as disengaged: past the 96 months.
    let (old, old_ref) = closed(&mut conn, &m, "Ann Oldcase", Some(Outcome::Disengaged), months_ago(now, 96) - chrono::Duration::days(7));
    // Declined 3 years ago: past the 24 months for declined ones.
    let (declined, declined_ref) = closed(&mut conn, &m, "Bo Declined", Some(Outcome::Declined), months_ago(now, 36));
    // Disengaged 3 years ago: kept (96 months), unless the policy is shorter.
    let (recent, recent_ref) = closed(&mut conn, &m, "Cy Recent", Some(Outcome::Disengaged), months_ago(now, 36));
    // Not suitable 1 year ago, and one still open from 10 years ago: kept.
    let (young, _) = closed(&mut conn, &m, "Di Young", Some(Outcome::NotSuitable), months_ago(now, 12));
    let (open, _) = closed(&mut conn, &m, "Ed Open", None, months_ago(now, 120));
    drop(conn);
    let everyone = {
        let mut all = vec![old, declined, recent, young, open];
        all.sort_unstable();
        all
    };
    let names = ["Ann Oldcase", "Bo Declined", "Cy Recent", "Di Young", "Ed Open", "buses", "Closing note"];

    // A dry run lists the two due, oldest first, and changes nothing.
    let (ok, out, err) = kith(db, data.path(), &["retention", "--dry-run"], &[]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("kept 96 months after closing (24 months when not suitable or declined)"), "{out}");
    assert!(out.contains("Would anonymise 2 closed referrals:"), "{out}");
    let (a, b) = (out.find(&old_ref).unwrap(), out.find(&declined_ref).unwrap());
    assert!(a < b, "oldest first: {out}");
    assert!(!out.contains(&recent_ref), "{out}");
    assert!(out.contains("Dry run: nothing was changed."), "{out}");
    assert!(out.contains("Guests at events: 0 would be forgotten (names and emails are kept 30 days after the session)."), "{out}");
    let declined_closed = referral::tasks::london_date(months_ago(now, 36));
    assert!(
        out.contains(&format!("{declined_ref}  closed {declined_closed}  kept until {}", declined_closed.checked_add_months(Months::new(24)).unwrap())),
        "{out}"
    );
    for name in names {
        assert!(!out.contains(name) && !err.contains(name), "{name} printed: {out}{err}");
    }
    assert_eq!(people_left(&mut db.conn()), everyone, "a dry run changes nothing");

    // The real run: the same two, anonymised to stubs and audited.
    let (ok, out, err) = kith(db, data.path(), &["retention"], &[]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("Anonymised 2 closed referrals:") && out.contains(&old_ref) && out.contains(&declined_ref), "{out}");
    assert!(!out.contains("Dry run"), "{out}");
    assert!(out.contains("Guests at events: 0 forgotten"), "{out}");
    for name in names {
        assert!(!out.contains(name) && !err.contains(name), "{name} printed: {out}{err}");
    }
    let mut conn = db.conn();
    let mut kept = vec![recent, young, open];
    kept.sort_unstable();
    assert_eq!(people_left(&mut conn), kept);
    let (reference, summary, anonymised): (String, String, Option<NaiveDateTime>) = referrals::table
        .find(old)
        .select((referrals::reference, referrals::closing_summary, referrals::anonymised_at))
        .first(&mut *conn)
        .unwrap();
    assert_eq!((reference.as_str(), summary.as_str()), (old_ref.as_str(), ""), "the stub keeps its reference");
    assert!(anonymised.is_some());
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("referral.retention_anonymised"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(audited, 2);
    drop(conn);

    // Run again: nothing left to do.
    let (ok, out, _) = kith(db, data.path(), &["retention"], &[]);
    assert!(ok && out.contains("No closed referrals are past their retention period."), "{out}");

    // A shorter period from kith.toml reaches the recent disengaged one;
    // the environment beats the file, and a flag beats the environment.
    std::fs::write(data.path().join("kith.toml"), "retention_months = 24\nretention_short_months = 6\n").unwrap();
    let (ok, out, err) = kith(db, data.path(), &["retention", "--dry-run"], &[]);
    assert!(ok, "{err}");
    assert!(out.contains("kept 24 months") && out.contains("(6 months when") && out.contains(&recent_ref), "{out}");
    assert!(out.contains("Would anonymise 2 closed referrals:"), "the not-suitable one too: {out}");
    let (ok, out, _) = kith(db, data.path(), &["retention", "--dry-run"], &[("KITH_RETENTION_MONTHS", "48"), ("KITH_RETENTION_SHORT_MONTHS", "24")]);
    assert!(ok && out.contains("kept 48 months") && out.contains("No closed referrals"), "{out}");
    let (ok, out, _) = kith(
        db,
        data.path(),
        &["retention", "--dry-run", "--retention-months", "30", "--retention-short-months", "24"],
        &[("KITH_RETENTION_MONTHS", "48")],
    );
    assert!(ok && out.contains("kept 30 months") && out.contains("Would anonymise 1 closed referral:") && out.contains(&recent_ref), "{out}");
    assert_eq!(people_left(&mut db.conn()), kept, "dry runs change nothing");

    // `kith config` shows the periods in force; nonsense is refused.
    let (ok, out, _) = kith(db, data.path(), &["config"], &[]);
    assert!(ok && out.contains("retention_months       24") && out.contains("retention_short_months 6"), "{out}");
    let (ok, _, err) = kith(db, data.path(), &["retention", "--retention-months", "0"], &[]);
    assert!(!ok && err.contains("retention months must be between 1 and 1200"), "{err}");
    let (ok, _, err) = kith(db, data.path(), &["retention", "--retention-months", "12", "--retention-short-months", "24"], &[]);
    assert!(!ok && err.contains("must not be more than retention months"), "{err}");
    let (ok, _, _) = kith(db, data.path(), &["retention", "--retention-months", "soon"], &[]);
    assert!(!ok);
    assert_eq!(people_left(&mut db.conn()), kept, "refused runs change nothing");
});
