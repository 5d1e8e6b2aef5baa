//! The index's fields. Changing any of them means bumping
//! [`SCHEMA_VERSION`]: the index then lives in a new folder and is rebuilt
//! from the database at the next start, because tantivy cannot open an
//! index whose schema differs from the one asked for.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, STORED, STRING,
};

use crate::analysis;

/// The version of the fields below; the index folder is `search-v{SCHEMA_VERSION}`.
pub const SCHEMA_VERSION: u32 = 3;

/// The one facet field: every filterable property is a path in it, e.g.
/// `/interest/sport-and-exercise/walking` or `/borough/lambeth`. Tantivy
/// indexes every ancestor of a path, so filtering on a parent interest
/// matches listings tagged with its children.
pub(crate) const FACETS: &str = "facets";
pub(crate) const LAT: &str = "lat";
pub(crate) const LON: &str = "lon";
pub(crate) const DATES: &str = "dates";
pub(crate) const UNTIL: &str = "until";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub kind: Field,
    pub slug: Field,
    pub name: Field,
    /// The whole name reduced to its words, for exact-name matches.
    pub name_exact: Field,
    pub summary: Field,
    pub description: Field,
    pub first_visit: Field,
    /// Interest names of the listing, with each one's parent.
    pub interests: Field,
    /// The organisation's and venue's names.
    pub context: Field,
    /// Unstemmed words of names and interests, for suggestions.
    pub plain: Field,
    pub facets: Field,
    pub lat: Field,
    pub lon: Field,
    /// Start times (UTC) of upcoming sessions, sorted.
    pub dates: Field,
    /// Unix seconds after which the listing has nothing left to go to.
    pub until: Field,
    pub age_min: Field,
    pub age_max: Field,
    // Stored only, for result cards.
    pub borough_name: Field,
    pub borough_slug: Field,
    pub interest_slugs: Field,
    pub postcode: Field,
    pub cost: Field,
    pub first_visit_snippet: Field,
    /// 1 for a group a member started (see `directory::publishing::member_led`).
    pub member_led: Field,
}

fn text(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fast_indexed = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        id: b.add_u64_field("id", fast_indexed.clone().set_stored()),
        kind: b.add_text_field("kind", STRING | STORED),
        slug: b.add_text_field("slug", STORED),
        name: b.add_text_field("name", text(analysis::EN, true) | STORED),
        name_exact: b.add_text_field("name_exact", STRING),
        summary: b.add_text_field("summary", text(analysis::EN, true) | STORED),
        description: b.add_text_field("description", text(analysis::EN, false)),
        first_visit: b.add_text_field("first_visit", text(analysis::EN, false)),
        interests: b.add_text_field("interests", text(analysis::EN, true)),
        context: b.add_text_field("context", text(analysis::EN, true)),
        plain: b.add_text_field("plain", text(analysis::PLAIN, false)),
        facets: b.add_facet_field(FACETS, FacetOptions::default()),
        lat: b.add_f64_field(LAT, fast_indexed.clone().set_stored()),
        lon: b.add_f64_field(LON, fast_indexed.clone().set_stored()),
        dates: b.add_date_field(
            DATES,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        until: b.add_i64_field(UNTIL, fast_indexed.clone()),
        age_min: b.add_u64_field("age_min", fast_indexed.clone()),
        age_max: b.add_u64_field("age_max", fast_indexed),
        borough_name: b.add_text_field("borough_name", STORED),
        borough_slug: b.add_text_field("borough_slug", STORED),
        interest_slugs: b.add_text_field("interest_slugs", STORED),
        postcode: b.add_text_field("postcode", STORED),
        cost: b.add_text_field("cost", STORED),
        first_visit_snippet: b.add_text_field("first_visit_snippet", STORED),
        member_led: b.add_u64_field("member_led", STORED),
    };
    (b.build(), fields)
}
