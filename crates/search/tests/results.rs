//! What a search returns besides its order: cards, facet counts, pages,
//! suggestions, and synonyms from an edited file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::*;
use directory::Kind;
use search::{Options, SearchIndex, Synonyms};
use store::db_test;

/// The query-string name of each facet list.
fn facet_lists(r: &search::SearchResults) -> Vec<(&'static str, &Vec<search::FacetCount>)> {
    let f = &r.facets;
    vec![
        ("kind", &f.kind),
        ("interest", &f.interest),
        ("borough", &f.borough),
        ("free", &f.free),
        ("day", &f.day),
        ("time", &f.time),
        ("access", &f.access),
        ("audience", &f.audience),
    ]
}

db_test!(fn facet_counts_are_what_choosing_each_value_would_give(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    let bases: &[&[(&str, &str)]] = &[
        &[],
        &[("q", "pottery")],
        &[("near", "51.4875,-0.1110"), ("radius", "3")],
        &[("kind", "group")],
        &[("day", "sat,sun")],
        &[("interest", "sport-and-exercise"), ("free", "true")],
        &[("kind", "group,place"), ("access", "step_free")],
    ];
    let mut checked = 0;
    for base in bases {
        let results = search(&index, &fx.reference, base);
        for (param, list) in facet_lists(&results) {
            assert!(!list.is_empty() || param == "interest" || param == "borough", "{param} missing for {base:?}");
            for fc in list {
                // For a filter in use, the count is the search without it
                // plus this value; otherwise the search plus this value.
                let mut pairs: Vec<(&str, &str)> = base.iter().filter(|(k, _)| *k != param).copied().collect();
                pairs.push((param, &fc.value));
                let expected = search(&index, &fx.reference, &pairs).total;
                assert_eq!(fc.count, expected, "{param}={} for {base:?}", fc.value);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    // Interests come as parents with their children, labelled.
    let all = search(&index, &fx.reference, &[]);
    let sport = all.facets.interest.iter().find(|c| c.value == "sport-and-exercise").unwrap();
    assert_eq!((sport.label.as_str(), sport.parent.as_deref()), ("Sport & exercise", None));
    let walking = all.facets.interest.iter().find(|c| c.value == "walking").unwrap();
    assert_eq!((walking.count, walking.parent.as_deref()), (1, Some("sport-and-exercise")));
    assert_eq!(sport.count, 6, "each listing once, however many children it has");
    let kinds: Vec<(&str, u64)> = all.facets.kind.iter().map(|c| (c.value.as_str(), c.count)).collect();
    assert_eq!(kinds.len(), 4);
    assert_eq!(kinds.iter().map(|k| k.1).sum::<u64>(), all.total);
});

db_test!(fn pages_cover_every_match_once(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    let first = search(&index, &fx.reference, &[("kind", "group"), ("per_page", "4")]);
    assert!(first.total > 12, "{}", first.total);
    assert_eq!(first.pages(), first.total.div_ceil(4));
    let mut seen = HashSet::new();
    for page in 1..=first.pages() {
        let page = page.to_string();
        let r = search(&index, &fx.reference, &[("kind", "group"), ("per_page", "4"), ("page", &page)]);
        assert_eq!(r.total, first.total);
        assert!(r.hits.len() <= 4);
        for hit in r.hits {
            assert!(seen.insert(hit.id), "{} on two pages", hit.name);
        }
    }
    assert_eq!(seen.len() as u64, first.total);
    let beyond = search(&index, &fx.reference, &[("kind", "group"), ("page", "1000")]);
    assert!(beyond.hits.is_empty());
    assert_eq!(beyond.total, first.total);
});

db_test!(fn result_cards_carry_what_a_page_shows(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    let r = search(&index, &fx.reference, &[("q", "oval pottery club"), ("near", "51.4875,-0.1110")]);
    let hit = &r.hits[0];
    assert_eq!(hit.name, "Oval Pottery Club");
    assert_eq!((hit.kind, hit.url.as_str()), (Kind::Group, "/groups/oval-pottery-club"));
    assert_eq!(hit.summary, "Hand-building and wheel work for all abilities.");
    assert_eq!((hit.borough_name.as_deref(), hit.borough_slug.as_deref()), (Some("Lambeth"), Some("lambeth")));
    assert_eq!(hit.interests, vec!["pottery-and-ceramics"]);
    assert_eq!((hit.cost.as_str(), hit.postcode.as_deref()), ("Free", Some("SE11 5QY")));
    assert_eq!(hit.first_visit, "Someone meets you at the door.");
    // The venue's position, since the group has none of its own.
    assert_eq!((hit.latitude, hit.longitude), (Some(KENNINGTON.0), Some(KENNINGTON.1)));
    assert!(hit.distance_miles.unwrap() < 0.001);
    assert_eq!(hit.walking_minutes, Some(0));
    // Next Tuesday at 10:00 London time.
    let next = hit.next_occurrence.unwrap();
    let local = directory::recurrence::london_time(next);
    assert_eq!(chrono::Datelike::weekday(&local), chrono::Weekday::Tue);
    assert_eq!(chrono::Timelike::hour(&local), 10);
    assert!(next >= now() && next < now() + chrono::Duration::days(7));

    let far = search(&index, &fx.reference, &[("q", "runners"), ("near", "51.4875,-0.1110"), ("radius", "10")]);
    let runners = &far.hits[0];
    let miles = runners.distance_miles.unwrap();
    assert!((miles - 2.5).abs() < 0.1, "{miles}");
    assert_eq!(runners.walking_minutes, Some(search::walking_minutes(miles)));
    assert_eq!(runners.borough_slug.as_deref(), Some("southwark"));

    let event = &search(&index, &fx.reference, &[("q", "painting in the park")]).hits[0];
    assert_eq!(event.next_occurrence, Some(first_on_or_after(3, chrono::Weekday::Fri, 14)));
    assert_eq!(event.url, "/events/painting-in-the-park");
    assert_eq!(event.distance_miles, None);
    let taster = &search(&index, &fx.reference, &[("q", "saturday pottery taster")]).hits[0];
    assert_eq!(taster.cost, "£10");
    // The JSON the API sends.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["hits"][0]["kind"], "group");
    assert!(json["facets"]["interest"].is_array());
});

db_test!(fn distance_sort_is_nearest_first(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    let r = search(&index, &fx.reference, &[("near", "SW9"), ("radius", "20"), ("sort", "distance"), ("per_page", "100")]);
    let miles: Vec<f64> = r.hits.iter().map(|h| h.distance_miles.unwrap()).collect();
    assert!(miles.len() > 20);
    assert!(miles.windows(2).all(|w| w[0] <= w[1]), "{miles:?}");
    // With no words, relevance near a place is nearest first as well.
    let r = search(&index, &fx.reference, &[("near", "SW9"), ("radius", "20"), ("per_page", "100")]);
    let relevance: Vec<f64> = r.hits.iter().map(|h| h.distance_miles.unwrap()).collect();
    assert_eq!(relevance, miles);
});

db_test!(fn suggestions_complete_the_last_word(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    let s = index.suggest("allot", 5).unwrap();
    assert_eq!(s[0].word, "allotments");
    assert_eq!(s[0].text, "allotments");
    assert!(s[0].count >= 1);
    let s = index.suggest("community allot ", 5).unwrap();
    assert_eq!(s[0].text, "community allotments");
    let s = index.suggest("Stock", 5).unwrap();
    assert_eq!(s[0].word, "stockwell");
    assert_eq!(s[0].count, 2);
    let words: Vec<String> = index.suggest("p", 10).unwrap().into_iter().map(|s| s.word).collect();
    assert!(words.contains(&"pottery".to_owned()) && words.contains(&"painting".to_owned()), "{words:?}");
    assert!(words.len() <= 10);
    assert!(index.suggest("zzz", 5).unwrap().is_empty());
    assert!(index.suggest("", 5).unwrap().is_empty());
    assert!(index.suggest("drumm", 5).unwrap().is_empty(), "drafts are never suggested");
    assert!(index.suggest("pott", 0).unwrap().is_empty());
});

db_test!(fn an_edited_synonyms_file_widens_searches(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synonyms.txt");
    std::fs::write(&file, "# ours\nnatter, chinwag\n").unwrap();
    let mut options = Options::new(dir.path());
    options.synonyms = Synonyms::load(&file).unwrap();
    let (index, _indexer) = SearchIndex::start(db.pool().clone(), options).unwrap();
    let r = search(&index, &fx.reference, &[("q", "chinwag")]);
    assert_eq!(r.total, 2, "{:?}", names(&r));
    // The built-in groups are replaced, not added to.
    assert_eq!(search(&index, &fx.reference, &[("q", "qigong")]).total, 0);
});

db_test!(fn date_filters_agree_whether_words_or_a_place_narrow_the_search_first(db) {
    // Without words or a place the dates are a range query; with them they
    // are checked per match. Both must find the same listings.
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    let ids = |pairs: &[(&str, &str)]| -> HashSet<i32> {
        let mut pairs = pairs.to_vec();
        pairs.push(("per_page", "100"));
        search(&index, &fx.reference, &pairs).hits.iter().map(|h| h.id).collect()
    };
    let everything = ids(&[]);
    let (from, to) = ((today() + chrono::Duration::days(10)).to_string(), (today() + chrono::Duration::days(25)).to_string());
    let windows: Vec<Vec<(&str, &str)>> = vec![vec![("when", "week")], vec![("from", &from), ("to", &to)], vec![("from", &from)]];
    let bases: &[&[(&str, &str)]] = &[
        &[("q", "painting")],
        &[("q", "pottery")],
        &[("q", "walking group")],
        &[("near", "51.4875,-0.1110"), ("radius", "3")],
        &[("q", "pottery"), ("near", "51.4875,-0.1110"), ("radius", "5")],
    ];
    for window in &windows {
        let dated = ids(window);
        assert!(!dated.is_empty() && dated.len() < everything.len(), "{window:?}: {}", dated.len());
        for base in bases {
            let mut both: Vec<(&str, &str)> = base.to_vec();
            both.extend(window.iter().copied());
            let expected: HashSet<i32> = ids(base).intersection(&dated).copied().collect();
            assert_eq!(ids(&both), expected, "{base:?} with {window:?}");
        }
    }
});

// When few listings have every word, a search shows those first and then
// those with some; a later page works the first part out again, so its
// pages must still follow on from the first in the same order.
db_test!(fn pages_of_a_search_few_match_wholly_join_up_in_order(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    for q in ["pottery tea", "pottery garden", "garden walking"] {
        let whole = search(&index, &fx.reference, &[("q", q), ("per_page", "100")]);
        assert!(whole.total > 3, "{q}: {}", whole.total);
        let mut paged = Vec::new();
        for page in 1..=whole.total.div_ceil(2) {
            let page = page.to_string();
            let r = search(&index, &fx.reference, &[("q", q), ("per_page", "2"), ("page", &page)]);
            assert_eq!(r.total, whole.total, "{q} page {page}");
            paged.extend(r.hits.into_iter().map(|h| h.name));
        }
        let whole: Vec<String> = whole.hits.into_iter().map(|h| h.name).collect();
        assert_eq!(paged, whole, "{q}");
    }
});
