//! Small inline SVG maps ("locators") that show where a borough, and
//! optionally a place inside it, sits in London.
//!
//! Why inline SVG drawn on the server: Kith works without JavaScript, without
//! a tile server and without any third-party request (no map provider sees
//! who is looking up which service). A static outline is enough to answer
//! "roughly where is this?", and it prints, zooms and scales cleanly.
//!
//! The map is a decoration for sighted users that repeats information already
//! on the page in words, so every map carries a text alternative (`<title>`
//! referenced by `aria-labelledby`) and a visible caption.
//!
//! Borough boundaries come from `assets/london_boroughs.geojson` (generalised
//! 2013 ONS/OS boundaries; see `LONDON_DATA.SOURCE.md` for attribution). The
//! file is compiled into the binary so the map can never be "missing" at run
//! time, and it is parsed once, lazily, on first use.
//!
//! Nothing in here may panic on odd data: a malformed feature is skipped, and
//! if the whole file cannot be understood every function returns `None`, so
//! a page simply renders without its map.

use std::fmt::Write as _;
use std::sync::OnceLock;

use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

/// The borough boundaries, embedded at compile time so deployment has one
/// fewer file to forget.
const GEOJSON: &str = include_str!("../../../assets/london_boroughs.geojson");

/// Latitude (degrees) at which the equirectangular projection is true to
/// scale. Longitude is multiplied by its cosine; without it London would look
/// about 1.6 times too wide.
const REFERENCE_LATITUDE_DEG: f64 = 51.5;

/// Size (SVG user units) of the square the drawing is fitted into. The CSS
/// shows locators at most 320 CSS px wide, so one unit is roughly one pixel,
/// which is what makes 1-decimal rounding invisible.
const FIT: f64 = 300.0;

/// Empty space (user units) kept around the drawing so strokes and the pin
/// are not clipped at the edge of the viewBox.
const MARGIN: f64 = 6.0;

/// Consecutive vertices closer than this (user units, after projection) are
/// dropped. Half a unit is under a pixel at the largest display size, so the
/// shape does not visibly change, but the HTML gets about a fifth smaller.
const MIN_STEP: f64 = 0.5;

/// Radius (user units) of the pin drawn at a point.
const PIN_RADIUS: f64 = 5.0;

/// Link blue: the selected borough. Contrast with the grey neighbours and
/// with white is above the 3:1 WCAG needs for graphical objects.
const SELECTED_FILL: &str = "#1d70b8";
/// Darker blue outline for the selected borough, so its edge stays clear.
const SELECTED_STROKE: &str = "#003078";
/// Light grey for the other boroughs: context, not content.
const OTHER_FILL: &str = "#f3f2f1";
/// Mid grey borough borders.
const OTHER_STROKE: &str = "#b1b4b6";
/// Near-black pin with a white ring, so it shows on both blue and grey.
const PIN_FILL: &str = "#0b0c0c";
const PIN_STROKE: &str = "#ffffff";

/// Where the background map of all boroughs is served. The version keeps
/// caches honest when the shipped boundaries change with a release.
pub const LONDON_SVG_PATH: &str = concat!("/assets/london-", env!("CARGO_PKG_VERSION"), ".svg");

/// The background map of all boroughs, for [`LONDON_SVG_PATH`].
pub fn london_svg() -> Option<&'static str> {
    atlas().map(|a| a.london_svg.as_str())
}

/// Draws London with every borough outlined faintly, the given borough filled, and (when given) a pin at the point. Returns None when the borough code is unknown.
///
/// `point` is `(latitude, longitude)` in WGS84 degrees. A point that is not a
/// finite number, or that would fall outside the drawing (for example a
/// geocoding mistake far from London), is left out rather than drawn at the
/// edge, because a pin in the wrong place is worse than no pin.
///
/// `label` is the accessible name and the caption; it is escaped like any
/// other text. If it is blank, the borough's name is used instead, so the
/// image is never left without a text alternative.
///
/// The SVG `id` is `locator-<code>`, so it is unique as long as a page shows
/// at most one London locator per borough.
pub fn locator(borough_code: &str, point: Option<(f64, f64)> /* (lat, lon) */, label: &str) -> Option<Markup> {
    let atlas = atlas()?;
    let selected = atlas.find(borough_code)?;
    let id = format!("locator-{}", selected.code);
    let caption = caption_text(label, &selected.name);
    let pin = point.and_then(|(lat, lon)| atlas.frame.project_inside(lon, lat));

    Some(html! {
        figure class="kith-locator" {
            svg role="img" aria-labelledby=(id) viewBox=(atlas.frame.view_box) {
                title id=(id) { (caption) }
                // The other boroughs come from one cached file, so each page
                // carries only its own borough and pin.
                image href=(LONDON_SVG_PATH) x="0" y="0" width=(fmt1(atlas.frame.width.ceil())) height=(fmt1(atlas.frame.height.ceil())) {}
                // Drawn last so its border is not painted over by neighbours.
                path d=(PreEscaped(&selected.london_path)) fill=(SELECTED_FILL) stroke=(SELECTED_STROKE) stroke-width="1.5" stroke-linejoin="round" vector-effect="non-scaling-stroke" {}
                @if let Some((x, y)) = pin {
                    circle cx=(fmt1(x)) cy=(fmt1(y)) r=(fmt1(PIN_RADIUS)) fill=(PIN_FILL) stroke=(PIN_STROKE) stroke-width="2" {}
                }
            }
            figcaption class="kith-body-s" { (caption) }
        }
    })
}

/// Draws one borough's outline alone, zoomed to it, for the borough's own page.
///
/// Zooming shows the borough's shape clearly, which the London-wide locator
/// cannot for small boroughs such as the City. The SVG `id` is
/// `borough-outline-<code>`, distinct from [`locator`]'s, so both can appear
/// on the same page. A blank `label` falls back to the borough's name.
pub fn borough_outline(borough_code: &str, label: &str) -> Option<Markup> {
    let atlas = atlas()?;
    let borough = atlas.find(borough_code)?;
    let id = format!("borough-outline-{}", borough.code);
    let caption = caption_text(label, &borough.name);

    Some(html! {
        figure class="kith-locator" {
            svg role="img" aria-labelledby=(id) viewBox=(borough.outline_view_box) {
                title id=(id) { (caption) }
                path d=(PreEscaped(&borough.outline_path)) fill=(SELECTED_FILL) stroke=(SELECTED_STROKE) stroke-width="2" stroke-linejoin="round" vector-effect="non-scaling-stroke" {}
            }
            figcaption class="kith-body-s" { (caption) }
        }
    })
}

/// Uses the caller's label unless it is blank, because an image with an empty
/// accessible name is an accessibility failure.
fn caption_text<'a>(label: &'a str, borough_name: &'a str) -> &'a str {
    if label.trim().is_empty() {
        borough_name
    } else {
        label
    }
}

/// One London borough, with its SVG paths computed once at start-up so that
/// rendering a page is only string copying.
#[derive(Debug)]
struct Borough {
    /// ONS code, `E09000001` to `E09000033`.
    code: String,
    /// Name as given in the data, used only when a caller passes no label.
    name: String,
    /// Outer rings in (longitude, latitude) order. Holes are not kept: no
    /// London borough has an enclave big enough to see at this scale.
    polygons: Vec<Vec<(f64, f64)>>,
    /// Path in the shared London frame.
    london_path: String,

    /// Path in the borough's own zoomed frame.
    outline_path: String,
    /// `viewBox` value for `outline_path`.
    outline_view_box: String,
}

/// Everything parsed and projected from the GeoJSON.
#[derive(Debug)]
struct Atlas {
    boroughs: Vec<Borough>,
    /// Projection shared by all boroughs for the London-wide locator.
    frame: Frame,
    /// Every borough in grey, as a standalone SVG file: the background of
    /// every locator, served once and cached by browsers.
    london_svg: String,
}

impl Atlas {
    fn find(&self, code: &str) -> Option<&Borough> {
        let code = code.trim();
        self.boroughs.iter().find(|b| b.code.eq_ignore_ascii_case(code))
    }
}

/// The parsed data, or `None` if the embedded file could not be used; in
/// that case maps are simply omitted. `OnceLock` makes the one-off parse
/// thread-safe across actix workers without a global lock on every request.
fn atlas() -> Option<&'static Atlas> {
    static ATLAS: OnceLock<Option<Atlas>> = OnceLock::new();
    ATLAS.get_or_init(|| build_atlas(GEOJSON)).as_ref()
}

/// Parses and projects a GeoJSON FeatureCollection of boroughs. Features
/// that are not understood are skipped one by one so a single bad feature
/// cannot hide every map.
fn build_atlas(geojson: &str) -> Option<Atlas> {
    let collection: FeatureCollection = serde_json::from_str(geojson).ok()?;
    let mut boroughs: Vec<Borough> = Vec::new();
    for value in collection.features {
        let Ok(feature) = serde_json::from_value::<Feature>(value) else {
            continue;
        };
        let code = feature.properties.code.trim().to_owned();
        if code.is_empty() || boroughs.iter().any(|b| b.code == code) {
            continue;
        }
        let polygons = feature.geometry.outer_rings();
        // Zoomed outline: fitted to this borough alone.
        let Some(outline_frame) = Frame::fit(polygons.iter().flatten().copied()) else {
            continue;
        };
        boroughs.push(Borough {
            code,
            name: feature.properties.name,
            outline_path: outline_frame.path(&polygons),
            outline_view_box: outline_frame.view_box,
            london_path: String::new(),
            polygons,
        });
    }

    // The London frame needs every borough's extent, so it is fitted after
    // all of them are read, and their London paths are filled in then.
    let frame = Frame::fit(boroughs.iter().flat_map(|b| b.polygons.iter().flatten().copied()))?;
    for borough in &mut boroughs {
        borough.london_path = frame.path(&borough.polygons);
    }
    // Path data is only numbers, spaces and the letters M, L and Z that we
    // generate from the shipped boundaries, never text from people, so it is
    // written out as it is.
    let mut london_svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{}" width="{}" height="{}"><g fill="{OTHER_FILL}" stroke="{OTHER_STROKE}" stroke-width="1" stroke-linejoin="round">"#,
        frame.view_box,
        fmt1(frame.width.ceil()),
        fmt1(frame.height.ceil())
    );
    for borough in &boroughs {
        london_svg.push_str(&format!(
            r#"<path d="{}" vector-effect="non-scaling-stroke"/>"#,
            borough.london_path
        ));
    }
    london_svg.push_str("</g></svg>");
    Some(Atlas {
        boroughs,
        frame,
        london_svg,
    })
}

#[derive(Deserialize)]
struct FeatureCollection {
    /// Kept as raw values so each feature can fail on its own.
    features: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
    name: String,
}

/// Only the two geometry types a boundary can have. Positions are read as
/// plain number lists so an optional third (altitude) value is tolerated.
#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon { coordinates: Vec<Vec<Vec<f64>>> },
    MultiPolygon { coordinates: Vec<Vec<Vec<Vec<f64>>>> },
}

impl Geometry {
    /// The outer ring of each polygon as (lon, lat) pairs, skipping rings
    /// with fewer than three usable positions (they enclose nothing).
    fn outer_rings(&self) -> Vec<Vec<(f64, f64)>> {
        let polygons: Vec<&Vec<Vec<Vec<f64>>>> = match self {
            Geometry::Polygon { coordinates } => vec![coordinates],
            Geometry::MultiPolygon { coordinates } => coordinates.iter().collect(),
        };
        polygons
            .into_iter()
            .filter_map(|rings| rings.first())
            .map(|ring| ring.iter().filter_map(|position| lon_lat(position)).collect::<Vec<_>>())
            .filter(|ring| ring.len() >= 3)
            .collect()
    }
}

/// A GeoJSON position as (lon, lat), if it has two plausible finite numbers.
fn lon_lat(position: &[f64]) -> Option<(f64, f64)> {
    let (&lon, &lat) = (position.first()?, position.get(1)?);
    let plausible =
        lon.is_finite() && lat.is_finite() && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
    plausible.then_some((lon, lat))
}

/// Axis-aligned box in projected units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bounds {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

impl Bounds {
    fn of(points: impl Iterator<Item = (f64, f64)>) -> Option<Bounds> {
        let mut bounds: Option<Bounds> = None;
        for (x, y) in points {
            let b = bounds.get_or_insert(Bounds {
                min_x: x,
                min_y: y,
                max_x: x,
                max_y: y,
            });
            b.min_x = b.min_x.min(x);
            b.min_y = b.min_y.min(y);
            b.max_x = b.max_x.max(x);
            b.max_y = b.max_y.max(y);
        }
        bounds
    }

    #[cfg(test)]
    fn contains(&self, (x, y): (f64, f64)) -> bool {
        (self.min_x..=self.max_x).contains(&x) && (self.min_y..=self.max_y).contains(&y)
    }
}

/// An equirectangular projection fitted to some points: x grows east, y grows
/// south (SVG's y axis points down), and the result fits a `FIT`-unit square
/// plus `MARGIN`. Simple and exact enough at city scale, where the earth's
/// curvature is negligible.
#[derive(Debug)]
struct Frame {
    /// Smallest `lon * cos(ref lat)` in the fitted data.
    min_east: f64,
    /// Largest latitude in the fitted data (top of the drawing).
    max_north: f64,
    /// User units per degree of latitude.
    scale: f64,
    /// Full drawing size in user units, margins included.
    width: f64,
    height: f64,
    /// Precomputed `viewBox` attribute value.
    view_box: String,
}

impl Frame {
    fn east(lon: f64) -> f64 {
        lon * REFERENCE_LATITUDE_DEG.to_radians().cos()
    }

    /// Fits a frame to the (lon, lat) points; `None` if there are none or
    /// they span no area (a scale could not be computed).
    fn fit(points: impl Iterator<Item = (f64, f64)>) -> Option<Frame> {
        let b = Bounds::of(points.map(|(lon, lat)| (Self::east(lon), lat)))?;
        let (span_east, span_north) = (b.max_x - b.min_x, b.max_y - b.min_y);
        let span = span_east.max(span_north);
        if !(span.is_finite() && span > 0.0) {
            return None;
        }
        let scale = FIT / span;
        let width = span_east * scale + 2.0 * MARGIN;
        let height = span_north * scale + 2.0 * MARGIN;
        let view_box = format!("0 0 {} {}", fmt1(width.ceil()), fmt1(height.ceil()));
        Some(Frame {
            min_east: b.min_x,
            max_north: b.max_y,
            scale,
            width,
            height,
            view_box,
        })
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let x = (Self::east(lon) - self.min_east) * self.scale + MARGIN;
        let y = (self.max_north - lat) * self.scale + MARGIN;
        (x, y)
    }

    /// Projects a point, or `None` if it is not finite or lands outside the
    /// drawing.
    fn project_inside(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !(lon.is_finite() && lat.is_finite()) {
            return None;
        }
        let (x, y) = self.project(lon, lat);
        let inside = (0.0..=self.width).contains(&x) && (0.0..=self.height).contains(&y);
        inside.then_some((x, y))
    }

    /// An SVG path of `M`/`L`/`Z` commands, one closed sub-path per ring,
    /// with coordinates rounded to one decimal place. Vertices that would be
    /// less than `MIN_STEP` from the previous one are dropped.
    fn path(&self, polygons: &[Vec<(f64, f64)>]) -> String {
        let mut d = String::new();
        for ring in polygons {
            let mut previous: Option<(f64, f64)> = None;
            let mut drawn = 0usize;
            for &(lon, lat) in ring {
                let (x, y) = self.project(lon, lat);
                let (x, y) = (round1(x), round1(y));
                if let Some((px, py)) = previous {
                    if (x - px).hypot(y - py) < MIN_STEP {
                        continue;
                    }
                }
                let command = if previous.is_none() { 'M' } else { 'L' };
                // Writing to a String cannot fail.
                let _ = write!(d, "{command}{} {}", fmt1(x), fmt1(y));
                previous = Some((x, y));
                drawn += 1;
            }
            if drawn > 0 {
                d.push('Z');
            }
        }
        d
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Formats a number with at most one decimal place and no redundant `.0`,
/// to keep path data short.
fn fmt1(v: f64) -> String {
    let s = format!("{:.1}", round1(v));
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const LAMBETH: &str = "E09000022";
    /// Brixton, in Lambeth (lat, lon).
    const BRIXTON: (f64, f64) = (51.4613, -0.1156);

    /// A borough's bounding box in the London frame's user units.
    fn london_bounds(code: &str) -> Bounds {
        let atlas = atlas().unwrap();
        let borough = atlas.find(code).unwrap();
        Bounds::of(
            borough
                .polygons
                .iter()
                .flatten()
                .map(|&(lon, lat)| atlas.frame.project(lon, lat)),
        )
        .unwrap()
    }

    #[test]
    fn all_33_boroughs_draw() {
        for n in 1..=33 {
            let code = format!("E090000{n:02}");
            assert!(locator(&code, None, "Map").is_some(), "locator {code}");
            assert!(borough_outline(&code, "Outline").is_some(), "outline {code}");
        }
        assert_eq!(atlas().unwrap().boroughs.len(), 33);
    }

    #[test]
    fn unknown_code_is_none() {
        assert!(locator("E09000099", None, "x").is_none());
        assert!(locator("", Some(BRIXTON), "x").is_none());
        assert!(borough_outline("not a code", "x").is_none());
    }

    #[test]
    fn lambeth_locator_has_pin_and_escaped_label() {
        let html = locator(LAMBETH, Some(BRIXTON), "Brixton & Stockwell \"hub\"")
            .unwrap()
            .into_string();
        assert!(html.starts_with("<figure class=\"kith-locator\">"));
        assert!(html.contains("<circle cx="));
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("aria-labelledby=\"locator-E09000022\""));
        assert!(html.contains("<title id=\"locator-E09000022\">Brixton &amp; Stockwell &quot;hub&quot;</title>"));
        assert!(html.contains("<figcaption class=\"kith-body-s\">Brixton &amp; Stockwell &quot;hub&quot;</figcaption>"));
        assert!(html.contains(&format!("fill=\"{SELECTED_FILL}\"")));
        // Only the selected borough is drawn inline; the rest is the cached background.
        assert_eq!(html.matches("<path ").count(), 1);
        assert!(html.contains(&format!("href=\"{LONDON_SVG_PATH}\"")));
        let background = london_svg().unwrap();
        assert!(background.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(background.matches("<path ").count(), 33);
    }

    #[test]
    fn script_label_is_escaped() {
        let evil = "<script>alert(1)</script>";
        for html in [
            locator(LAMBETH, None, evil).unwrap().into_string(),
            borough_outline(LAMBETH, evil).unwrap().into_string(),
        ] {
            assert!(!html.contains("<script>"), "{html}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
    }

    #[test]
    fn pin_inside_lambeth_falls_in_lambeth_bounds() {
        let html = locator(LAMBETH, Some(BRIXTON), "Brixton").unwrap().into_string();
        let attr = |name: &str| -> f64 {
            let start = html.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let end = start + html[start..].find('"').unwrap();
            html[start..end].parse().unwrap()
        };
        let pin = (attr("cx"), attr("cy"));
        let lambeth = london_bounds(LAMBETH);
        assert!(lambeth.contains(pin), "{pin:?} not in {lambeth:?}");
        // And not in, say, Barnet's (far north).
        assert!(!london_bounds("E09000003").contains(pin));
    }

    #[test]
    fn no_pin_without_point_or_for_far_away_point() {
        let none = locator(LAMBETH, None, "x").unwrap().into_string();
        assert!(!none.contains("<circle"));
        let paris = locator(LAMBETH, Some((48.8566, 2.3522)), "x").unwrap().into_string();
        assert!(!paris.contains("<circle"));
        let nan = locator(LAMBETH, Some((f64::NAN, 0.0)), "x").unwrap().into_string();
        assert!(!nan.contains("<circle"));
    }

    #[test]
    fn outline_is_zoomed_single_path() {
        let html = borough_outline("E09000001", "City of London").unwrap().into_string();
        assert_eq!(html.matches("<path ").count(), 1);
        assert!(html.contains("id=\"borough-outline-E09000001\""));
        let city = atlas().unwrap().find("E09000001").unwrap();
        assert_eq!(city.name, "City of London");
        // Zoomed: the tiny City fills the fitted square.
        assert!(city.outline_view_box.starts_with("0 0 3"), "{}", city.outline_view_box);
    }

    #[test]
    fn blank_label_falls_back_to_borough_name() {
        let html = locator(LAMBETH, None, "  ").unwrap().into_string();
        assert!(html.contains(">Lambeth</title>"));
    }

    #[test]
    fn paths_are_compact_and_well_formed() {
        let atlas = atlas().unwrap();
        for b in &atlas.boroughs {
            assert!(
                b.london_path.starts_with('M') && b.london_path.ends_with('Z'),
                "{}",
                b.code
            );
            assert!(b
                .london_path
                .chars()
                .all(|c| c.is_ascii_digit() || " .-MLZ".contains(c)));
            assert!(!b.polygons.is_empty());
            // No number has more than one decimal place.
            for token in b.london_path.split(|c: char| c == ' ' || c.is_ascii_alphabetic()) {
                if let Some((_, frac)) = token.split_once('.') {
                    assert!(frac.len() <= 1, "{token}");
                }
            }
        }
        let total: usize = atlas.boroughs.iter().map(|b| b.london_path.len()).sum();
        assert!(total < 60_000, "{total}");
    }

    #[test]
    fn malformed_data_never_panics() {
        assert!(build_atlas("").is_none());
        assert!(build_atlas("{}").is_none());
        assert!(build_atlas(r#"{"features": "nope"}"#).is_none());
        assert!(build_atlas(r#"{"features": []}"#).is_none());
        assert!(build_atlas(r#"{"features": [{"properties": {"code": "E1", "name": "A"}, "geometry": {"type": "Point", "coordinates": [0, 51]}}]}"#).is_none());
        // Degenerate (zero-area) geometry cannot be scaled.
        assert!(build_atlas(r#"{"features": [{"properties": {"code": "E1", "name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0,51],[0,51],[0,51]]]}}]}"#).is_none());
        // One good feature survives a bad neighbour; short/odd positions are skipped.
        let atlas = build_atlas(
            r#"{"features": [
                {"properties": {"code": "BAD"}, "geometry": null},
                {"properties": {"code": "E2", "name": "B"}, "geometry": {"type": "MultiPolygon", "coordinates": [[], [[[0,51],[1],[0.1,51],[0.1,51.1,5],[0,51.1]]]]}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(atlas.boroughs.len(), 1);
        assert_eq!(atlas.boroughs[0].polygons[0].len(), 4);
    }

    #[test]
    fn number_formatting() {
        assert_eq!(fmt1(12.0), "12");
        assert_eq!(fmt1(12.04), "12");
        assert_eq!(fmt1(12.06), "12.1");
        assert_eq!(fmt1(-0.01), "0");
    }
}
