//! Postcodes: parsing what people type, and turning it into a place on the
//! map and a borough using the ONS Postcode Directory (London only).
//!
//! The gazetteer is reference data shipped in `assets/postcodes.csv.gz`
//! (about 330,000 postcodes) and held in memory: a lookup is a hash probe,
//! so search and forms never wait on the database for it.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use crate::DirectoryError;

/// What a person may type where Kith asks for a postcode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PostcodeQuery {
    /// A whole postcode, e.g. `SE11 5QY`.
    Full(String),
    /// An outward code and the sector digit, e.g. `SE11 5`.
    Sector(String),
    /// An outward code alone, e.g. `SW9`.
    District(String),
}

impl PostcodeQuery {
    /// Accepts any case and spacing: `se115qy`, ` SE11  5QY `, `sw9`.
    /// Returns a message that can be shown next to the field.
    pub fn parse(input: &str) -> Result<PostcodeQuery, DirectoryError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let malformed = || {
            DirectoryError::invalid(
                "postcode",
                "Enter a real postcode, like SE11 5QY, or the first part of one, like SW9",
            )
        };
        if compact.is_empty() {
            return Err(DirectoryError::invalid("postcode", "Enter a postcode"));
        }
        if compact.len() > 8 || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(malformed());
        }
        if compact.len() >= 5 {
            let (outward, inward) = compact.split_at(compact.len() - 3);
            if is_outward(outward) && is_inward(inward) {
                return Ok(PostcodeQuery::Full(format!("{outward} {inward}")));
            }
        }
        // "SW9 5" and "SW95" differ; with a space typed we know which was meant.
        let spaced: Vec<&str> = input.split_whitespace().collect();
        if let [outward, sector] = spaced.as_slice() {
            let outward = outward.to_ascii_uppercase();
            if is_outward(&outward) && sector.len() == 1 && sector.chars().all(|c| c.is_ascii_digit()) {
                return Ok(PostcodeQuery::Sector(format!("{outward} {sector}")));
            }
            return Err(malformed());
        }
        if is_outward(&compact) {
            return Ok(PostcodeQuery::District(compact));
        }
        if let Some((outward, digit)) = compact.split_at_checked(compact.len() - 1) {
            if is_outward(outward) && digit.chars().all(|c| c.is_ascii_digit()) {
                return Ok(PostcodeQuery::Sector(format!("{outward} {digit}")));
            }
        }
        Err(malformed())
    }

    pub fn as_str(&self) -> &str {
        match self {
            PostcodeQuery::Full(s) | PostcodeQuery::Sector(s) | PostcodeQuery::District(s) => s,
        }
    }
}

/// A9, A99, AA9, AA99, A9A, AA9A.
fn is_outward(s: &str) -> bool {
    let b = s.as_bytes();
    let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    match b.len() {
        2 => alpha(0) && digit(1),
        3 => alpha(0) && ((digit(1) && (digit(2) || alpha(2))) || (alpha(1) && digit(2))),
        4 => alpha(0) && alpha(1) && digit(2) && (digit(3) || alpha(3)),
        _ => false,
    }
}

/// 9AA.
fn is_inward(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_uppercase() && b[2].is_ascii_uppercase()
}

/// Where a postcode is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    /// ONS code of the borough, as the number after `E090000` (1–33).
    pub borough: u8,
}

impl Location {
    pub fn borough_code(&self) -> String {
        format!("E090000{:02}", self.borough)
    }
}

/// Every London postcode, and the centres of sectors and districts.
pub struct Gazetteer {
    full: HashMap<String, Location>,
    areas: HashMap<String, Location>,
}

const POSTCODES_GZ: &[u8] = include_bytes!("../../../assets/postcodes.csv.gz");

static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// The shipped gazetteer, loaded on first use (about a quarter of a
    /// second); `kith serve` touches it at start so no request waits.
    pub fn london() -> &'static Gazetteer {
        GAZETTEER.get_or_init(|| {
            let mut text = String::new();
            let loaded = flate2::read::GzDecoder::new(POSTCODES_GZ).read_to_string(&mut text);
            if let Err(e) = loaded {
                tracing::error!("the shipped postcode data could not be read: {e}");
                text.clear();
            }
            Gazetteer::from_csv(&text)
        })
    }

    /// Reads `postcode,borough,lat,lon` lines; lines that do not parse are
    /// skipped (the file is ours, but a bad line must not stop the site).
    pub fn from_csv(text: &str) -> Gazetteer {
        let mut full = HashMap::with_capacity(340_000);
        // sums for sector and district centres: (lat, lon, count, votes per borough)
        let mut sums: HashMap<String, (f64, f64, u32, [u32; 34])> = HashMap::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut parts = line.split(',');
            let (Some(pc), Some(b), Some(lat), Some(lon)) = (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let (Ok(borough), Ok(latitude), Ok(longitude)) = (b.parse::<u8>(), lat.parse::<f64>(), lon.parse::<f64>())
            else {
                continue;
            };
            if !(1..=33).contains(&borough) {
                continue;
            }
            let Ok(PostcodeQuery::Full(pc)) = PostcodeQuery::parse(pc) else {
                continue;
            };
            let loc = Location {
                latitude,
                longitude,
                borough,
            };
            if let Some((outward, inward)) = pc.split_once(' ') {
                let sector = format!("{outward} {}", &inward[..1]);
                for key in [sector, outward.to_owned()] {
                    let e = sums.entry(key).or_insert((0.0, 0.0, 0, [0; 34]));
                    e.0 += latitude;
                    e.1 += longitude;
                    e.2 += 1;
                    e.3[borough as usize] += 1;
                }
            }
            full.insert(pc, loc);
        }
        let areas = sums
            .into_iter()
            .map(|(k, (lat, lon, n, votes))| {
                let borough = (1..=33u8).max_by_key(|&b| votes[b as usize]).unwrap_or(1);
                (
                    k,
                    Location {
                        latitude: lat / f64::from(n),
                        longitude: lon / f64::from(n),
                        borough,
                    },
                )
            })
            .collect();
        Gazetteer { full, areas }
    }

    /// Every full postcode, in no particular order (the demo content picks
    /// real addresses from these).
    pub fn postcodes(&self) -> impl Iterator<Item = (&str, &Location)> {
        self.full.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.full.len()
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// Finds a parsed postcode. An outward code or sector gives the centre
    /// of the postcodes in it and the borough most of them are in.
    pub fn find(&self, query: &PostcodeQuery) -> Option<Location> {
        match query {
            PostcodeQuery::Full(pc) => self.full.get(pc).copied(),
            PostcodeQuery::Sector(s) | PostcodeQuery::District(s) => self.areas.get(s).copied(),
        }
    }

    /// Parses and finds in one step, with messages fit for a form.
    pub fn locate(&self, input: &str) -> Result<(PostcodeQuery, Location), DirectoryError> {
        let query = PostcodeQuery::parse(input)?;
        match self.find(&query) {
            Some(loc) => Ok((query, loc)),
            None => Err(DirectoryError::invalid(
                "postcode",
                format!("We could not find {} in London. Check it and try again", query.as_str()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_every_shape() {
        assert_eq!(
            PostcodeQuery::parse("se115qy").unwrap(),
            PostcodeQuery::Full("SE11 5QY".into())
        );
        assert_eq!(
            PostcodeQuery::parse(" SE11  5QY ").unwrap(),
            PostcodeQuery::Full("SE11 5QY".into())
        );
        assert_eq!(
            PostcodeQuery::parse("w1a1aa").unwrap(),
            PostcodeQuery::Full("W1A 1AA".into())
        );
        assert_eq!(
            PostcodeQuery::parse("sw9").unwrap(),
            PostcodeQuery::District("SW9".into())
        );
        assert_eq!(
            PostcodeQuery::parse("SE11 5").unwrap(),
            PostcodeQuery::Sector("SE11 5".into())
        );
        assert_eq!(
            PostcodeQuery::parse("se115").unwrap(),
            PostcodeQuery::Sector("SE11 5".into())
        );
        assert_eq!(
            PostcodeQuery::parse("SW9 5").unwrap(),
            PostcodeQuery::Sector("SW9 5".into())
        );
        assert_eq!(
            PostcodeQuery::parse("SW95").unwrap(),
            PostcodeQuery::District("SW95".into())
        );
        for bad in ["", "   ", "hello", "12345", "SE11 5QYX", "SE11 55", "<script>", "SW9 Q"] {
            assert!(PostcodeQuery::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn the_shipped_gazetteer_knows_london() {
        let g = Gazetteer::london();
        assert!(g.len() > 300_000, "{} postcodes", g.len());
        let (_, lambeth) = g.locate("se11 5qy").unwrap();
        assert_eq!(lambeth.borough_code(), "E09000022");
        assert!((lambeth.latitude - 51.49).abs() < 0.02);
        let (_, district) = g.locate("SW9").unwrap();
        assert_eq!(district.borough_code(), "E09000022");
        let (_, sector) = g.locate("BR1 1").unwrap();
        assert_eq!(sector.borough_code(), "E09000006");
        // A real postcode outside London is unknown here, with a clear message.
        let err = g.locate("EH1 1YZ").unwrap_err().to_string();
        assert!(err.contains("EH1 1YZ"), "{err}");
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_normalises(s in "\\PC{0,20}") {
            if let Ok(q) = PostcodeQuery::parse(&s) {
                // A parsed postcode parses again to itself.
                prop_assert_eq!(PostcodeQuery::parse(q.as_str()).unwrap(), q);
            }
        }

        #[test]
        fn real_shapes_parse(out in "[A-Z]{1,2}[0-9]{1,2}", inw in "[0-9][A-Z]{2}", lower in any::<bool>(), gap in " {0,3}") {
            let typed = format!("{out}{gap}{inw}");
            let typed = if lower { typed.to_lowercase() } else { typed };
            prop_assert_eq!(PostcodeQuery::parse(&typed).unwrap(), PostcodeQuery::Full(format!("{out} {inw}")));
        }
    }
}
