//! The demo's connecting team, on both databases: `kith serve --demo`
//! makes a manager, three coaches and two volunteers with about sixty
//! made-up people at every stage, months of casework on the started ones
//! and follow-ups on the oldest, and doing it again changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use store::db_test;
use store::diesel::prelude::*;
use store::schema::{
    casework_contacts, casework_follow_ups, casework_measures, casework_network, casework_reviews, casework_steps,
    person_roles, referrals,
};

fn count_status(conn: &mut store::AnyConnection, status: &str) -> i64 {
    referrals::table
        .filter(referrals::status.eq(status))
        .count()
        .get_result(conn)
        .unwrap()
}

db_test!(
    fn the_demo_team_has_people_at_every_stage(db) {
        let mut conn = db.conn();
        let reference = directory::Reference::load(&mut conn).unwrap();
        let now = chrono::Utc::now().naive_utc();
        directory::demo::load(&mut conn, &reference, now).unwrap();
        let site = mail::Site {
            name: "Kith".into(),
            url: "http://localhost:8080".into(),
        };
        let hash = accounts::password::hash(web::demo::PASSWORD).unwrap();
        let lines = conn
            .transaction(|c| web::demo::accounts(c, &site, &hash, now))
            .unwrap();
        for email in [
            "manager@demo.kith.test",
            "coach@demo.kith.test",
            "coach2@demo.kith.test",
            "coach3@demo.kith.test",
            "volunteer@demo.kith.test",
            "volunteer2@demo.kith.test",
            "commissioner@demo.kith.test",
        ] {
            assert!(lines.iter().any(|l| l.contains(email)), "{email} is printed: {lines:?}");
        }
        let workers: i64 = person_roles::table
            .filter(person_roles::role.eq_any(["coach", "volunteer"]))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(workers, 5, "three coaches and two volunteers");

        let total: i64 = referrals::table.count().get_result(&mut conn).unwrap();
        assert!((60..=70).contains(&total), "about sixty people, got {total}");
        for (status, at_least) in [
            ("new", 5),
            ("first_call", 3),
            ("assessment", 3),
            ("allocated", 3),
            ("active", 15),
            ("closed", 15),
        ] {
            let n = count_status(&mut conn, status);
            assert!(n >= at_least, "{n} {status}, wanted at least {at_least}");
        }
        let completed: i64 = referrals::table
            .filter(referrals::outcome.eq("completed"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(completed >= 10, "{completed} completed");
        let disengaged: i64 = referrals::table
            .filter(referrals::outcome.eq("disengaged"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(disengaged >= 3, "{disengaged} stopped taking part");

        // Every started programme has casework behind it.
        let contacts: i64 = casework_contacts::table.count().get_result(&mut conn).unwrap();
        assert!(contacts > 400, "{contacts} contacts");
        let end_scores: i64 = casework_measures::table
            .filter(casework_measures::instrument.eq("swemwbs"))
            .filter(casework_measures::point.eq("end"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(end_scores >= 15, "{end_scores} end-of-programme SWEMWBS");
        let new_connections: i64 = casework_network::table
            .filter(casework_network::is_new.eq(true))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(new_connections > 5, "{new_connections} new connections");
        let steps: i64 = casework_steps::table
            .filter(casework_steps::listing_id.is_not_null())
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(steps > 20, "{steps} steps linked to listings");
        let reviews: i64 = casework_reviews::table.count().get_result(&mut conn).unwrap();
        assert!(reviews > 10, "{reviews} reviews");
        let follow_ups: i64 = casework_follow_ups::table
            .filter(casework_follow_ups::answered_at.is_not_null())
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(follow_ups >= 5, "{follow_ups} follow-ups answered");

        // The year's report has enough people for real figures.
        let today = referral::tasks::london_date(now);
        let period = referral::report::Period::last_twelve_months(today);
        let figures = referral::report::figures(&mut conn, period, None).unwrap();
        assert!(figures.endings.value().is_some(), "how programmes ended is shown");
        assert!(figures.swemwbs.value().is_some(), "SWEMWBS before and after is shown");
        assert!(figures.coach_hours.value().is_some());
        assert!(figures.connections.value().is_some());
        assert!(figures.follow_ups.more_supported.value().is_some(), "follow-up answers are shown");

        // A group has a conversation going, with a pinned welcome.
        let threads: Vec<bool> = store::schema::discussion_threads::table
            .select(store::schema::discussion_threads::pinned)
            .load(&mut conn)
            .unwrap();
        assert_eq!(threads.len(), 2, "two demo discussions");
        assert!(threads.contains(&true), "one is pinned");
        assert!(lines.iter().any(|l| l.contains("/discussions")), "{lines:?}");

        // Nothing is dated in the future.
        let future: i64 = casework_contacts::table
            .filter(casework_contacts::recorded_at.gt(now))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(future, 0);

        // A second start makes no more people.
        conn.transaction(|c| web::demo::accounts(c, &site, &hash, now))
            .unwrap();
        let again: i64 = referrals::table.count().get_result(&mut conn).unwrap();
        assert_eq!(again, total);
    }
);
