//! Hashes the stylesheet and script so their addresses change whenever they do.

use std::hash::{Hash, Hasher};

fn hash(path: &str, var: &str) {
    println!("cargo:rerun-if-changed={path}");
    let bytes = std::fs::read(path).unwrap_or_default();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    println!("cargo:rustc-env={var}={:012x}", h.finish() & 0xffff_ffff_ffff);
}

fn main() {
    hash("../../assets/kith.css", "KITH_CSS_HASH");
    hash("../../assets/kith.js", "KITH_JS_HASH");
}
