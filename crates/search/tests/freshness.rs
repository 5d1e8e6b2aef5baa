//! Writes become searchable after their commit (within a second, measured
//! by `kith bench freshness`), through the
//! change log, without anyone restarting anything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use diesel::prelude::*;
use directory::listing::{self as l, Tags};
use directory::{Facility, Kind, Status};
use store::db_test;
use store::schema::listings;

/// Renames a listing the way an editor's save would: the row and its
/// change in one transaction.
fn rename(conn: &mut store::AnyConnection, id: i32, name: &str) {
    conn.transaction::<_, store::StoreError, _>(|conn| {
        diesel::update(listings::table.find(id))
            .set(listings::name.eq(name))
            .execute(conn)?;
        store::changes::record(conn, l::CHANGE_ENTITY, id, "updated", now())
    })
    .unwrap();
}

db_test!(fn inserts_updates_and_archives_show_eventually(db) {
    let mut fx = Fixtures::new(db);
    fx.add(Kind::Group, "Existing Group", |_, _| {});
    let (index, _indexer, _dir) = start(db);
    let reference = fx.reference.clone();
    let find = |q: &str| search(&index, &reference, &[("q", q)]).total;

    // Insert, found by polling alone.
    let id = fx.add(Kind::Group, "Peckham Ukulele Band", |_, _| {});
    eventually("an insert", || find("ukulele") == 1);
    assert!(index.is_indexed(id).unwrap());

    // Update: a new name, recorded in the change log like any editor's save.
    rename(&mut fx.conn, id, "Peckham Banjo Band");
    index.notify();
    eventually("an update", || find("banjo") == 1);
    // (The fixture's summary still says "ukulele"; the name no longer does.)
    assert_eq!(names(&search(&index, &reference, &[("q", "ukulele")])), vec!["Peckham Banjo Band"]);

    // Tags: a new interest is filterable.
    let music = fx.interest("playing-an-instrument");
    l::set_tags(&mut fx.conn, id, &Tags { interests: vec![music], ..Tags::default() }, now()).unwrap();
    eventually("new tags", || {
        search(&index, &reference, &[("interest", "music")]).total == 1
    });

    // Archive: gone.
    l::set_status(&mut fx.conn, id, Status::Archived, now()).unwrap();
    index.notify();
    eventually("an archive", || find("banjo") == 0);
    assert!(!index.is_indexed(id).unwrap());
    // And back.
    l::set_status(&mut fx.conn, id, Status::Published, now()).unwrap();
    eventually("a republish", || find("banjo") == 1);
    assert_eq!(find("existing"), 1);
});

db_test!(fn a_venue_change_reaches_the_groups_that_meet_there(db) {
    let mut fx = Fixtures::new(db);
    let hall = fx.add(Kind::Place, "Camberwell Hall", |_, _| {});
    let org = fx.add(Kind::Organisation, "Friends of Camberwell", |_, _| {});
    let group = fx.add(Kind::Group, "Camberwell Chess", |n, _| {
        n.place_id = Some(hall);
        n.organisation_id = Some(org);
    });
    let (index, _indexer, _dir) = start(db);
    let reference = fx.reference.clone();
    let step_free = |index: &search::SearchIndex| {
        search(index, &reference, &[("access", "step_free"), ("kind", "group")]).total
    };
    assert_eq!(step_free(&index), 0);
    l::set_tags(&mut fx.conn, hall, &Tags { facilities: vec![Facility::StepFree], ..Tags::default() }, now()).unwrap();
    index.notify();
    eventually("the venue's new ramp", || step_free(&index) == 1);

    // The organisation's new name is found on its group too.
    rename(&mut fx.conn, org, "Camberwell Chess Society");
    index.notify();
    eventually("the organisation's new name", || {
        search(&index, &reference, &[("q", "society"), ("kind", "group")]).total == 1
    });
    // Unpublishing the venue takes its place away from the group.
    l::set_status(&mut fx.conn, hall, Status::Archived, now()).unwrap();
    eventually("the venue closing", || step_free(&index) == 0);
    assert!(index.is_indexed(group).unwrap());
});

db_test!(fn waiting_for_a_change_and_late_commits(db) {
    let mut fx = Fixtures::new(db);
    let (index, indexer, _dir) = start(db);
    let before = index.applied_seq();
    let id = fx.add(Kind::Event, "Late Night Lecture", |_, _| {});
    let seq = store::changes::latest(&mut fx.conn).unwrap();
    assert!(seq > before);
    assert!(index.wait_for(seq, std::time::Duration::from_secs(10)));
    assert!(index.is_indexed(id).unwrap());
    assert!(!index.wait_for(seq + 1000, std::time::Duration::from_millis(50)));

    // PostgreSQL can commit a change after later ones: here change
    // `base + 50` is applied first, then `base + 40` appears. It is within
    // the window the writer reads again, so it is still applied.
    let base = index.applied_seq();
    let other = fx.add(Kind::Group, "Early Bird Club", |n, _| n.status = Status::Draft);
    let late = fx.add(Kind::Group, "Late Commit Club", |n, _| n.status = Status::Draft);
    assert!(index.wait_for(store::changes::latest(&mut fx.conn).unwrap(), std::time::Duration::from_secs(10)));
    let publish = |conn: &mut store::AnyConnection, id: i32, seq: i32| {
        diesel::update(listings::table.find(id))
            .set(listings::status.eq(Status::Published))
            .execute(conn)
            .unwrap();
        diesel::sql_query(format!(
            "INSERT INTO changes (seq, entity, entity_id, action, at) VALUES ({seq}, 'listing', {id}, 'status', '{}')",
            now().format("%Y-%m-%d %H:%M:%S")
        ))
        .execute(conn)
        .unwrap();
    };
    publish(&mut fx.conn, other, base + 50);
    assert!(index.wait_for(base + 50, std::time::Duration::from_secs(10)));
    assert!(index.is_indexed(other).unwrap());
    publish(&mut fx.conn, late, base + 40);
    eventually("a change committed late", || index.is_indexed(late).unwrap());
    assert_eq!(index.applied_seq(), base + 50);
    indexer.stop();
    // After stopping, searches still answer from the last commit.
    assert!(index.is_indexed(id).unwrap());
    assert!(index.rebuild().is_err(), "rebuilding needs the writer");
});
