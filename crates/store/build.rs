//! `embed_migrations!` reads the migration folders at compile time, but
//! cargo does not know it does: without this, a new migration alone (no
//! Rust file changed) left the old set embedded in every incremental build.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
