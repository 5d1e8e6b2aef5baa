//! The directory: what is on offer in London and where.
//!
//! Organisations, groups, events and places are all *listings* (one table,
//! one `kind` column) because they share nearly every descriptive field —
//! interests, cost, audience, first-visit notes, contact, status — and so
//! share one set of join tables, one publishing workflow and one search
//! indexer. Boroughs and interests are reference data loaded once.

pub mod demo;
mod error;
#[cfg(feature = "testing")]
pub mod fixtures;
pub mod kinds;
pub mod listing;
pub mod postcode;
pub mod publishing;
pub mod recurrence;
pub mod recurrence_form;
pub mod reference;
pub mod slug;

pub use error::DirectoryError;
pub use kinds::{Audience, CostKind, Facility, Kind, Opportunity, Status};
pub use listing::{Listing, ListingCard, ListingDetail, ListingEdit, NewListing, Occurrence, Page};
pub use postcode::{Gazetteer, Location, PostcodeQuery};
pub use reference::{Borough, Interest, Reference};
