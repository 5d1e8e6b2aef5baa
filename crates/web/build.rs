//! Hashes the stylesheet so its address changes whenever it does.

use std::hash::{Hash, Hasher};

fn main() {
    let path = "../../assets/kith.css";
    println!("cargo:rerun-if-changed={path}");
    let css = std::fs::read(path).unwrap_or_default();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    css.hash(&mut h);
    println!("cargo:rustc-env=KITH_CSS_HASH={:012x}", h.finish() & 0xffff_ffff_ffff);
}
