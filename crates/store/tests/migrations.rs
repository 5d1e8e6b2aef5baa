//! Migrations run up, down and up again on both backends, and `schema.rs`
//! agrees with what each backend's migrations actually create.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use store::testing::TestDb;
use store::{db_test, migrate, revert_all, AnyConnection, Backend};

/// table → [(column, diesel type)], in declaration order.
type Shape = BTreeMap<String, Vec<(String, String)>>;

/// Reads `schema.rs` as text: each `table!` block gives its columns.
fn declared_schema() -> Shape {
    let source = include_str!("../src/schema.rs");
    let mut shape = Shape::new();
    let mut current: Option<String> = None;
    for line in source.lines().map(str::trim) {
        if let Some(rest) = line.strip_suffix('{') {
            let rest = rest.trim();
            if let Some((table, _pk)) = rest.split_once(' ') {
                if !table.contains('!') {
                    current = Some(table.to_owned());
                    shape.entry(table.to_owned()).or_default();
                }
            }
        } else if line == "}" {
            current = None;
        } else if let (Some(table), Some((col, ty))) = (&current, line.split_once("->")) {
            let ty = ty.trim().trim_end_matches(',').to_owned();
            shape.get_mut(table).unwrap().push((col.trim().to_owned(), ty));
        }
    }
    shape
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

fn diesel_type(backend_type: &str) -> String {
    match backend_type.to_ascii_lowercase().as_str() {
        "integer" => "Integer",
        "text" => "Text",
        "boolean" => "Bool",
        "double precision" => "Double",
        "date" => "Date",
        "blob" | "bytea" => "Binary",
        "timestamp" | "timestamp without time zone" => "Timestamp",
        other => panic!("type {other} has no portable diesel mapping"),
    }
    .to_owned()
}

fn actual_schema(conn: &mut AnyConnection) -> Shape {
    let query = match conn.backend() {
        Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             CASE WHEN p.\"notnull\" = 0 AND p.pk = 0 THEN 1 ELSE 0 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations' ORDER BY m.name, p.cid"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             data_type::text AS data_type, \
             CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name <> '__diesel_schema_migrations' \
             ORDER BY table_name, ordinal_position"
        }
    };
    let columns: Vec<Column> = diesel::sql_query(query).load(conn).unwrap();
    let mut shape = Shape::new();
    for c in columns {
        let ty = diesel_type(&c.data_type);
        let ty = if c.nullable == 1 { format!("Nullable<{ty}>") } else { ty };
        shape.entry(c.table_name).or_default().push((c.column_name, ty));
    }
    shape
}

db_test!(fn schema_rs_matches_the_migrations(db) {
    let mut conn = db.connect();
    assert_eq!(actual_schema(&mut conn), declared_schema(), "schema.rs differs from the {:?} migrations", db.backend);
});

db_test!(fn migrations_go_down_and_up_again(db) {
    let mut conn = db.connect();
    let before = actual_schema(&mut conn);
    assert!(before.contains_key("listings"));
    revert_all(&mut conn).unwrap();
    assert!(actual_schema(&mut conn).is_empty(), "down migrations leave tables behind");
    migrate(&mut conn).unwrap();
    assert_eq!(actual_schema(&mut conn), before);
});

db_test!(fn reference_data_is_loaded(db) {
    use store::schema::{boroughs, interests};
    let mut conn = db.conn();
    let n: i64 = boroughs::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(n, 33);
    let n: i64 = interests::table.count().get_result(&mut *conn).unwrap();
    assert!(n >= 60, "{n} interests");
});

#[test]
fn sqlite_connections_have_foreign_keys_wal_and_busy_timeout() {
    #[derive(QueryableByName)]
    struct Val {
        #[diesel(sql_type = Text)]
        v: String,
    }
    let db = TestDb::new(Backend::Sqlite);
    let mut conn = db.conn();
    let get = |conn: &mut AnyConnection, pragma: &str, column: &str| -> String {
        let rows: Vec<Val> = diesel::sql_query(format!("SELECT CAST({column} AS TEXT) AS v FROM pragma_{pragma}"))
            .load(conn)
            .unwrap();
        rows[0].v.clone()
    };
    assert_eq!(get(&mut conn, "foreign_keys", "foreign_keys"), "1");
    assert_eq!(get(&mut conn, "journal_mode", "journal_mode"), "wal");
    assert_eq!(get(&mut conn, "busy_timeout", "timeout"), "5000");
}

#[test]
fn unknown_url_schemes_are_refused() {
    assert!(matches!(
        store::connect("mysql://x"),
        Err(store::StoreError::UnsupportedUrl(_))
    ));
    assert!(matches!(
        store::connect("sqlite://"),
        Err(store::StoreError::UnsupportedUrl(_))
    ));
}

db_test!(fn changes_are_read_back_in_order(db) {
    use store::changes;
    let mut conn = db.conn();
    assert_eq!(changes::latest(&mut conn).unwrap(), 0);
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(12, 0, 0).unwrap();
    for id in [7, 8, 9] {
        changes::record(&mut conn, "listing", id, "updated", at).unwrap();
    }
    let all = changes::since(&mut conn, 0, 10).unwrap();
    assert_eq!(all.iter().map(|c| c.entity_id).collect::<Vec<_>>(), vec![7, 8, 9]);
    let latest = changes::latest(&mut conn).unwrap();
    assert_eq!(latest, all[2].seq);
    assert_eq!(changes::since(&mut conn, all[0].seq, 1).unwrap()[0].entity_id, 8);
    assert!(changes::since(&mut conn, latest, 10).unwrap().is_empty());
});
