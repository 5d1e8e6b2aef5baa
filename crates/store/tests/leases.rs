//! Job leases on both databases: one holder at a time, taken over when
//! expired, and exactly one winner among claimers racing for the same lease.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::sync::{Arc, Barrier};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use store::db_test;
use store::leases::claim;

fn at(minute: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        + Duration::minutes(minute)
}

const TTL: Duration = Duration::minutes(55);

db_test!(fn a_lease_has_one_holder_until_it_expires(db) {
    let mut conn = db.conn();
    assert!(claim(&mut conn, "reminders", "node-a", at(0), TTL).unwrap(), "nobody held it");
    assert!(!claim(&mut conn, "reminders", "node-b", at(1), TTL).unwrap(), "node-a holds it");
    assert!(!claim(&mut conn, "reminders", "node-b", at(54), TTL).unwrap(), "a minute left");
    // The holder may renew it; that extends it.
    assert!(claim(&mut conn, "reminders", "node-a", at(30), TTL).unwrap());
    assert!(!claim(&mut conn, "reminders", "node-b", at(60), TTL).unwrap(), "renewed until 85");
    // Other jobs' leases are separate.
    assert!(claim(&mut conn, "other", "node-b", at(60), TTL).unwrap());
    // Once it expires anyone may take it, and then the old holder may not.
    assert!(claim(&mut conn, "reminders", "node-b", at(85), TTL).unwrap());
    assert!(!claim(&mut conn, "reminders", "node-a", at(86), TTL).unwrap());
});

db_test!(fn of_claimers_racing_exactly_one_wins(db) {
    const RACERS: usize = 4;
    for round in 0..5_i64 {
        // Each round starts after the last round's lease has expired.
        let now = at(round * 60);
        let barrier = Arc::new(Barrier::new(RACERS));
        let handles: Vec<_> = (0..RACERS)
            .map(|i| {
                let pool = db.pool().clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    barrier.wait();
                    claim(&mut conn, "reminders", &format!("node-{i}"), now, TTL).unwrap()
                })
            })
            .collect();
        let won = handles.into_iter().map(|h| h.join().unwrap()).filter(|&w| w).count();
        assert_eq!(won, 1, "round {round}: {won} winners");
    }
});
