//! The relevance suite: fixed listings, and what a person searching them
//! should see. Each case names what it checks; all failures are reported
//! together so one run shows every ranking that moved.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use store::db_test;

enum Expect {
    /// The first result.
    First(&'static str),
    /// Both present, the first above the second.
    Before(&'static str, &'static str),
    /// All present.
    Has(&'static [&'static str]),
    /// None present.
    Lacks(&'static [&'static str]),
    /// Exactly these, in any order.
    Only(&'static [&'static str]),
    /// No results at all.
    Nothing,
}

struct Case {
    what: &'static str,
    pairs: &'static [(&'static str, &'static str)],
    expect: Expect,
}

const fn case(what: &'static str, pairs: &'static [(&'static str, &'static str)], expect: Expect) -> Case {
    Case { what, pairs, expect }
}

use Expect::*;

const CASES: &[Case] = &[
    // Words in the name beat the same words elsewhere.
    case(
        "name beats description",
        &[("q", "pottery")],
        Before("Oval Pottery Club", "Kennington Craft Studio"),
    ),
    case(
        "name phrase first",
        &[("q", "pottery club")],
        First("Oval Pottery Club"),
    ),
    case("exact name first", &[("q", "chair yoga")], First("Chair Yoga")),
    case(
        "exact name beats a fuzzy name",
        &[("q", "choir")],
        Before("Brixton Choir", "Chair Yoga"),
    ),
    case(
        "a name beats a description mention",
        &[("q", "kennington")],
        Before("Kennington Craft Studio", "Painting in the Park"),
    ),
    case(
        "case and accents do not matter",
        &[("q", "ÖVAL POTTERY")],
        First("Oval Pottery Club"),
    ),
    case(
        "all words beat one",
        &[("q", "painting outdoors")],
        First("Painting in the Park"),
    ),
    case(
        "a coach's sentence",
        &[("q", "I used to love painting and I'd like to be outdoors more")],
        First("Painting in the Park"),
    ),
    case(
        "all words rank above some",
        &[("q", "painting outdoors")],
        Before("Painting in the Park", "Outdoor Explorers"),
    ),
    // Typos in long words are forgiven, in short ones not.
    case(
        "typo: pottry",
        &[("q", "pottry")],
        Has(&["Oval Pottery Club", "Saturday Pottery Taster"]),
    ),
    case("typo: alotment", &[("q", "alotment")], Has(&["Brixton Allotments"])),
    case(
        "typo: stockwel",
        &[("q", "stockwel")],
        Has(&["Stockwell Walking Group", "Stockwell Language Exchange"]),
    ),
    case("no typo forgiveness under five letters", &[("q", "yogo")], Nothing),
    case("two edits are too many", &[("q", "potterrry")], Nothing),
    // Stemming.
    case(
        "stemming: gardens finds gardening",
        &[("q", "gardens")],
        Has(&["Kennington Gardening Club"]),
    ),
    case(
        "stemming: walks finds walking",
        &[("q", "walks")],
        First("Stockwell Walking Group"),
    ),
    // Synonyms.
    case("synonym: asd", &[("q", "asd")], First("Autism Family Support")),
    case(
        "synonym: esol finds english classes",
        &[("q", "esol")],
        Has(&["Lambeth ESOL Classes", "Stockwell Language Exchange"]),
    ),
    case(
        "synonym phrase: english classes finds esol",
        &[("q", "english classes")],
        Has(&["Lambeth ESOL Classes"]),
    ),
    case(
        "synonym: qigong finds tai chi",
        &[("q", "qigong")],
        First("Tai Chi in the Park"),
    ),
    case(
        "synonym: allotment finds a community garden",
        &[("q", "allotment")],
        Has(&["Brixton Allotments", "Vauxhall Community Garden"]),
    ),
    case(
        "synonym: fitness finds the gym",
        &[("q", "fitness")],
        First("Streatham Gym for Seniors"),
    ),
    case(
        "typed word beats its synonym",
        &[("q", "allotment")],
        Before("Brixton Allotments", "Vauxhall Community Garden"),
    ),
    // Interests and their hierarchy.
    case(
        "a parent interest's name finds its children",
        &[("q", "sport")],
        Has(&["Stockwell Walking Group", "Southwark Park Runners", "Kids Football"]),
    ),
    case(
        "parent interest filter includes children",
        &[("interest", "sport-and-exercise")],
        Only(&[
            "Stockwell Walking Group",
            "Southwark Park Runners",
            "Streatham Gym for Seniors",
            "Chair Yoga",
            "Tai Chi in the Park",
            "Kids Football",
        ]),
    ),
    case(
        "child interest filter",
        &[("interest", "walking")],
        Only(&["Stockwell Walking Group"]),
    ),
    case(
        "interests OR within one parameter",
        &[("interest", "walking,running")],
        Only(&["Stockwell Walking Group", "Southwark Park Runners"]),
    ),
    case(
        "interests AND across parameters",
        &[("interest", "pottery-and-ceramics"), ("interest", "arts-and-crafts")],
        Only(&["Oval Pottery Club", "Saturday Pottery Taster"]),
    ),
    case(
        "an organisation's name finds what it runs",
        &[("q", "autism family support")],
        Before("Autism Family Support", "Saturday Sensory Swim"),
    ),
    // Filters exclude what they should.
    case(
        "kind filter",
        &[("kind", "event")],
        Only(&[
            "Painting in the Park",
            "Watercolour Workshop",
            "Saturday Pottery Taster",
        ]),
    ),
    case(
        "kinds AND across parameters",
        &[("kind", "group"), ("kind", "event")],
        Nothing,
    ),
    case(
        "borough filter counts boroughs served",
        &[("borough", "southwark")],
        Only(&["Southwark Park Runners"]),
    ),
    case(
        "borough filter: own borough or served",
        &[("borough", "lambeth"), ("q", "runners")],
        Has(&["Southwark Park Runners"]),
    ),
    case(
        "borough filter excludes elsewhere",
        &[("borough", "camden")],
        Only(&["Knit and Natter Camden"]),
    ),
    case(
        "free excludes paid and pay-what-you-can",
        &[("free", "true"), ("q", "pottery")],
        Lacks(&["Saturday Pottery Taster", "Kennington Craft Studio"]),
    ),
    case(
        "free keeps free",
        &[("free", "1"), ("q", "pottery")],
        Has(&["Oval Pottery Club"]),
    ),
    case("day filter", &[("day", "tue")], Only(&["Oval Pottery Club"])),
    case(
        "days OR",
        &[("day", "sat,sun")],
        Has(&["Stockwell Walking Group", "Southwark Park Runners"]),
    ),
    case("time filter", &[("time", "evening")], Only(&["Lambeth ESOL Classes"])),
    case(
        "morning",
        &[("time", "morning"), ("kind", "group")],
        Only(&["Oval Pottery Club", "Stockwell Walking Group", "Southwark Park Runners"]),
    ),
    case(
        "access uses the venue's facilities",
        &[("access", "step_free")],
        Only(&["Oval Hall", "Oval Pottery Club"]),
    ),
    case(
        "access AND",
        &[("access", "step_free"), ("access", "hearing_loop")],
        Nothing,
    ),
    case(
        "audience filter",
        &[("audience", "autistic")],
        Only(&["Autism Family Support"]),
    ),
    case(
        "audience OR",
        &[("audience", "autistic,refugees")],
        Only(&["Autism Family Support", "Lambeth ESOL Classes"]),
    ),
    case(
        "age excludes children's groups for adults",
        &[("age", "67"), ("q", "football")],
        Nothing,
    ),
    case(
        "age includes within limits",
        &[("age", "8"), ("q", "football")],
        Only(&["Kids Football"]),
    ),
    // Time.
    case("past events are absent", &[("q", "quiz")], Nothing),
    case(
        "drafts, pending and archived are absent",
        &[("q", "drumming poetry book")],
        Nothing,
    ),
    case(
        "date sort puts the soonest event first",
        &[("kind", "event"), ("sort", "date")],
        First("Painting in the Park"),
    ),
    case(
        "date sort",
        &[("kind", "event"), ("sort", "date")],
        Before("Saturday Pottery Taster", "Watercolour Workshop"),
    ),
    // Place.
    case(
        "radius is exact on the diagonal",
        &[("near", "51.4875,-0.1110"), ("q", "radius")],
        Only(&["Radius Inside Hall"]),
    ),
    case(
        "a wider radius reaches further",
        &[("near", "51.4875,-0.1110"), ("radius", "2.1"), ("q", "radius")],
        Only(&["Radius Inside Hall", "Radius Outside Hall"]),
    ),
    case(
        "nearer ranks higher at equal text",
        &[("near", "SE11 5QY"), ("radius", "10"), ("q", "knit natter")],
        Before("Knit and Natter Oval", "Knit and Natter Camden"),
    ),
    case(
        "near leaves out what is far",
        &[("near", "SE11 5QY"), ("q", "knit natter")],
        Only(&["Knit and Natter Oval"]),
    ),
    case(
        "near leaves out what has no place",
        &[("near", "SE11 5QY"), ("radius", "20")],
        Lacks(&["Nowhere In Particular"]),
    ),
    case(
        "a group is where its venue is",
        &[("near", "51.4875,-0.1110"), ("radius", "0.25"), ("q", "pottery club")],
        First("Oval Pottery Club"),
    ),
    case(
        "near a district",
        &[("near", "SW9"), ("radius", "0.5"), ("q", "allotments")],
        Only(&["Brixton Allotments"]),
    ),
    case(
        "distance sort",
        &[("near", "SW9"), ("radius", "20"), ("sort", "distance")],
        First("Brixton Allotments"),
    ),
    case(
        "a good match nearby beats a slightly better one far away",
        &[("near", "51.539,-0.1426"), ("radius", "10"), ("q", "knit natter oval")],
        First("Knit and Natter Oval"),
    ),
];

fn check(case: &Case, results: &search::SearchResults) -> Result<(), String> {
    let got = names(results);
    let has = |n: &str| got.iter().any(|g| g == n);
    let ok = match &case.expect {
        First(n) => got.first().is_some_and(|g| g == n),
        Before(a, b) => {
            let pos = |n: &str| got.iter().position(|g| g == n);
            matches!((pos(a), pos(b)), (Some(x), Some(y)) if x < y)
        }
        Has(list) => list.iter().all(|n| has(n)),
        Lacks(list) => !list.iter().any(|n| has(n)),
        Only(list) => list.iter().all(|n| has(n)) && got.len() == list.len(),
        Nothing => got.is_empty(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{}: {:?} gave {got:?}", case.what, case.pairs))
    }
}

db_test!(fn the_relevance_suite(db) {
    let mut fx = Fixtures::new(db);
    dataset(&mut fx);
    let (index, _indexer, _dir) = start(db);
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|c| {
            let mut pairs = c.pairs.to_vec();
            pairs.push(("per_page", "100"));
            check(c, &search(&index, &fx.reference, &pairs)).err()
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
});
