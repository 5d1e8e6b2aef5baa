//! Kith's search engine: what is on near a postcode, this week, free and
//! step-free, found in milliseconds.
//!
//! The index is a cache of the database, rebuilt whenever it is missing,
//! of an older [`SCHEMA_VERSION`], damaged, or a day old, and otherwise
//! kept current by one writer thread that follows `store::changes`. Each
//! published listing is one document holding the words to match, facets to
//! filter and count, and the stored card, so searching never queries the
//! database.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use search::{Options, SearchIndex, SearchParams};
//!
//! let pool = store::open_pool("sqlite://data/kith.db", 8)?;
//! // Builds or catches up the index, then follows the change log.
//! let (index, indexer) = SearchIndex::start(pool.clone(), Options::new("data"))?;
//! let reference = directory::Reference::load(&mut *pool.get()?)?;
//! let pairs = vec![("q".to_owned(), "pottery".to_owned()), ("near".to_owned(), "SE11 5QY".to_owned())];
//! let today = chrono::Utc::now().date_naive();
//! let params = SearchParams::parse(&pairs, directory::Gazetteer::london(), &reference, today)?;
//! let results = index.search(&params)?;
//! println!("{} results", results.total);
//! indexer.stop();
//! # Ok(())
//! # }
//! ```

mod analysis;
mod answers;
pub mod bench;
mod distance;
mod document;
mod error;
mod facets;
pub mod freshness;
mod fuzzy;
mod index;
mod listed;
mod load;
mod params;
mod places;
mod query;
mod schema;
mod scored;
mod search;
mod synonyms;
mod union;
mod writer;

pub use distance::{bounding_box, miles_between, walking_minutes};
pub use error::SearchError;
pub use facets::{FacetCount, Facets};
pub use index::{Indexer, Options, RebuildStats, SearchIndex, DEFAULT_REMEMBERED_ANSWERS};
pub use params::{
    Day, Near, ParamError, ParamErrors, SearchParams, Sort, TimeOfDay, DEFAULT_PER_PAGE, DEFAULT_RADIUS_MILES,
    MAX_PAGE, MAX_PER_PAGE, MAX_RADIUS_MILES, MIN_RADIUS_MILES,
};
pub use schema::SCHEMA_VERSION;
pub use search::{Hit, SearchResults, Suggestion};
pub use synonyms::Synonyms;
