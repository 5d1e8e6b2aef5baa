//! The index is a cache: whatever happens to its folder, the next start
//! rebuilds it from the database without anyone stepping in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use diesel::prelude::*;
use directory::Kind;
use search::{SearchError, SCHEMA_VERSION};
use store::db_test;

/// A published listing written behind the change log's back: only a
/// rebuild can find it.
fn ghost(fx: &mut Fixtures, name: &str) -> i32 {
    let new = directory::fixtures::listing(Kind::Group, name, LAMBETH, fx.now);
    diesel::insert_into(store::schema::listings::table)
        .values(&new)
        .execute(&mut fx.conn)
        .unwrap();
    store::schema::listings::table
        .filter(store::schema::listings::name.eq(name))
        .select(store::schema::listings::id)
        .first(&mut fx.conn)
        .unwrap()
}

fn index_folder(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(format!("search-v{SCHEMA_VERSION}"))
}

db_test!(fn a_sound_index_is_reused_and_caught_up_at_start(db) {
    let mut fx = Fixtures::new(db);
    let dir = tempfile::tempdir().unwrap();
    let kept = fx.add(Kind::Group, "Kept Group", |_, _| {});
    let (index, indexer) = start_in(db, dir.path());
    assert!(index.is_indexed(kept).unwrap());
    indexer.stop();
    drop(index);
    // Written while the index was closed: one through the log, one not.
    let logged = fx.add(Kind::Group, "Logged While Closed", |_, _| {});
    let hidden = ghost(&mut fx, "Hidden Ghost");
    let (index, _indexer) = start_in(db, dir.path());
    assert!(index.is_indexed(logged).unwrap(), "caught up from the change log");
    assert!(!index.is_indexed(hidden).unwrap(), "not rebuilt: the index was sound");
    // An on-demand rebuild (kith reindex) finds everything.
    let stats = index.rebuild().unwrap();
    assert_eq!(stats.documents, 3);
    assert!(index.is_indexed(hidden).unwrap());
});

db_test!(fn a_deleted_folder_is_rebuilt(db) {
    let mut fx = Fixtures::new(db);
    let dir = tempfile::tempdir().unwrap();
    let (index, indexer) = start_in(db, dir.path());
    indexer.stop();
    drop(index);
    let id = ghost(&mut fx, "Ghost After Delete");
    std::fs::remove_dir_all(index_folder(dir.path())).unwrap();
    let (index, _indexer) = start_in(db, dir.path());
    assert!(index.is_indexed(id).unwrap());
});

db_test!(fn a_corrupt_index_is_rebuilt(db) {
    let mut fx = Fixtures::new(db);
    fx.add(Kind::Group, "Before The Damage", |_, _| {});
    for (round, damage) in ["segments", "everything"].into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let (index, indexer) = start_in(db, dir.path());
        indexer.stop();
        drop(index);
        let name = format!("Ghost After Damage To {damage}");
        let id = ghost(&mut fx, &name);
        for entry in std::fs::read_dir(index_folder(dir.path())).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if damage == "everything" || !name.ends_with(".json") && !name.starts_with('.') {
                std::fs::write(&path, b"this is not an index").unwrap();
            }
        }
        let (index, _indexer) = start_in(db, dir.path());
        assert!(index.is_indexed(id).unwrap(), "{damage}");
        assert_eq!(search(&index, &fx.reference, &[("q", "ghost")]).total, round as u64 + 1, "{damage}");
    }
});

db_test!(fn an_index_of_another_version_is_replaced(db) {
    let mut fx = Fixtures::new(db);
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("search-v0");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("meta.json"), b"{}").unwrap();
    let (index, indexer) = start_in(db, dir.path());
    assert!(!old.exists(), "old versions are removed");
    indexer.stop();
    drop(index);

    // The current folder, but its payload says another version.
    let id = ghost(&mut fx, "Ghost Of Versions Past");
    {
        let tantivy_index = tantivy::Index::open_in_dir(index_folder(dir.path())).unwrap();
        let mut writer: tantivy::IndexWriter = tantivy_index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload(r#"{"version":0,"seq":0,"built_at":"2026-01-01T00:00:00"}"#);
        commit.commit().unwrap();
    }
    let (index, _indexer) = start_in(db, dir.path());
    assert!(index.is_indexed(id).unwrap());
});

db_test!(fn one_writer_per_folder(db) {
    let dir = tempfile::tempdir().unwrap();
    let (_index, _indexer) = start_in(db, dir.path());
    let second = search::SearchIndex::start(db.pool().clone(), search::Options::new(dir.path()));
    match second {
        Err(SearchError::Locked { .. }) => {}
        Err(other) => panic!("expected Locked, got {other}"),
        Ok(_) => panic!("a second writer opened the same index"),
    }
});
