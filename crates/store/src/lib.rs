//! Storage for Kith: one connection type over SQLite and PostgreSQL, pools,
//! the hand-kept `schema.rs`, and the embedded migrations for both backends.
//!
//! Domain crates take `&mut AnyConnection` in their query functions so a caller
//! can run several of them inside one transaction; only this crate knows which
//! database is underneath.

pub mod changes;
mod connection;
mod error;
pub mod leases;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;

pub use connection::{
    connect, migrate, open_pool, revert_all, AnyConnection, Backend, Manager, Pool, PooledConnection,
};
pub use error::StoreError;

/// Re-exported so domain crates use the same diesel as the store.
pub use diesel;
