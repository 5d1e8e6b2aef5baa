//! Distances on the map. Tantivy has no geographic queries, so a radius
//! search is a cheap bounding box over the `lat`/`lon` fast fields followed
//! by the exact great-circle distance, which also ranks and labels results.

use geo::{Destination, Distance, Haversine, Point};

const METRES_PER_MILE: f64 = 1609.344;
/// A steady walking pace: what a coach would tell someone to allow.
const WALKING_MPH: f64 = 3.0;
/// How much further east and west the box reaches than the radius.
const WIDEN: f64 = 1.001;

/// Great-circle distance in miles between two (latitude, longitude) points.
pub fn miles_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / METRES_PER_MILE
}

/// The mean Earth radius geo's haversine uses, in miles.
const EARTH_RADIUS_MILES: f64 = 6_371_008.8 / METRES_PER_MILE;
/// How far the flat-map distance below may be from the great-circle one,
/// relatively, within 20 miles: far more than it can be (about 1e-5).
const FLAT_SLACK: f64 = 1e-3;

/// Whether points are within `miles` of a centre, as [`miles_between`]
/// would say, mostly without its trigonometry: a search near a place
/// tests every listing the box lets through, and the sines and cosines
/// of the exact distance were a twentieth of a busy server's time. A
/// flat-map distance, with the east-west scale at its smallest and at its
/// largest over the circle's latitudes, settles all but the points within
/// a hair of the edge, which get the exact distance.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Circle {
    centre: (f64, f64),
    miles: f64,
    /// Miles per degree of latitude.
    per_degree: f64,
    /// The smallest and largest cosine of latitude across the circle.
    cos_low: f64,
    cos_high: f64,
}

impl Circle {
    pub fn new(centre: (f64, f64), miles: f64) -> Circle {
        let reach = (miles / EARTH_RADIUS_MILES).to_degrees();
        let (nearer_pole, nearer_equator) = (centre.0.abs() + reach, (centre.0.abs() - reach).max(0.0));
        Circle {
            centre,
            miles,
            per_degree: EARTH_RADIUS_MILES.to_radians(),
            cos_low: nearer_pole.min(90.0).to_radians().cos(),
            cos_high: nearer_equator.to_radians().cos(),
        }
    }

    /// Whether `point` (latitude, longitude) is within the radius, edge
    /// included; exactly `miles_between(centre, point) <= miles`.
    pub fn contains(&self, point: (f64, f64)) -> bool {
        if !(point.0.is_finite() && point.1.is_finite()) {
            return false;
        }
        let north = (point.0 - self.centre.0) * self.per_degree;
        let east = (point.1 - self.centre.1) * self.per_degree;
        let flat = |cos: f64| (north * north + east * east * cos * cos).sqrt();
        if flat(self.cos_high) * (1.0 + FLAT_SLACK) < self.miles {
            return true;
        }
        if flat(self.cos_low) * (1.0 - FLAT_SLACK) > self.miles {
            return false;
        }
        miles_between(self.centre, point) <= self.miles
    }
}

/// Distances from one centre for ranking, without trigonometry per point:
/// a search near a place ranks every match by its distance, and the sines
/// and cosines of [`miles_between`] were a twentieth of a busy server's
/// time. A flat map scaled east-west at the two points' mean latitude (the
/// cosine there from the centre's, to first order) is within a
/// hundred-thousandth of the great-circle distance over twenty miles;
/// shown distances and sorting by distance still use the exact one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranging {
    centre: (f64, f64),
    per_degree: f64,
    cos: f64,
    sin: f64,
}

impl Ranging {
    pub fn new(centre: (f64, f64)) -> Ranging {
        let (sin, cos) = centre.0.to_radians().sin_cos();
        Ranging {
            centre,
            per_degree: EARTH_RADIUS_MILES.to_radians(),
            cos,
            sin,
        }
    }

    /// About [`miles_between`] the centre and `point`.
    pub fn miles_to(&self, point: (f64, f64)) -> f64 {
        let (north, east) = (point.0 - self.centre.0, point.1 - self.centre.1);
        let scale = self.cos - (north / 2.0).to_radians() * self.sin;
        let (north, east) = (north * self.per_degree, east * self.per_degree * scale);
        (north * north + east * east).sqrt()
    }
}

/// Whole minutes to walk `miles` at 3 mph, rounded up so that "5 minutes"
/// is never an underestimate.
pub fn walking_minutes(miles: f64) -> u32 {
    let minutes = (miles.max(0.0) / WALKING_MPH * 60.0).ceil();
    // Radii are at most 20 miles, so this is far below u32::MAX.
    minutes.min(f64::from(u32::MAX)) as u32
}

/// The smallest latitude/longitude box holding every point within `miles`
/// of `centre`: (south, north, west, east).
pub fn bounding_box(centre: (f64, f64), miles: f64) -> (f64, f64, f64, f64) {
    let origin = Point::new(centre.1, centre.0);
    let metres = miles * METRES_PER_MILE;
    let north = Haversine.destination(origin, 0.0, metres);
    let south = Haversine.destination(origin, 180.0, metres);
    // Due east and west are not quite the circle's widest points (it
    // bulges a few metres further at 20 miles), so those two corners are
    // pushed out a little; the exact distance filter removes the surplus.
    let east = Haversine.destination(origin, 90.0, metres * WIDEN);
    let west = Haversine.destination(origin, 270.0, metres * WIDEN);
    (south.y(), north.y(), west.x(), east.x())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KENNINGTON: (f64, f64) = (51.4875, -0.1110);
    const BRIXTON: (f64, f64) = (51.4627, -0.1145);

    #[test]
    fn distances_are_in_miles() {
        let d = miles_between(KENNINGTON, BRIXTON);
        assert!((d - 1.72).abs() < 0.03, "{d}");
        assert!(miles_between(KENNINGTON, KENNINGTON).abs() < 1e-9);
        // London Bridge to Heathrow is about 15 miles as the crow flies.
        let d = miles_between((51.5079, -0.0877), (51.4700, -0.4543));
        assert!((d - 15.9).abs() < 0.5, "{d}");
    }

    #[test]
    fn walking_time_rounds_up_at_three_miles_an_hour() {
        assert_eq!(walking_minutes(0.0), 0);
        assert_eq!(walking_minutes(1.0), 20);
        assert_eq!(walking_minutes(0.26), 6);
        assert_eq!(walking_minutes(-1.0), 0);
    }

    proptest::proptest! {
        /// The quick test agrees with the exact distance everywhere,
        /// including at the edge of the circle.
        #[test]
        fn a_circle_holds_what_the_exact_distance_says(
            lat in 51.2f64..51.8,
            lon in -0.6f64..0.4,
            miles in 0.25f64..20.0,
            bearing in 0.0f64..360.0,
            along in 0.0f64..1.5,
            nudge in -1e-9f64..1e-9,
        ) {
            let circle = Circle::new((lat, lon), miles);
            let p = Haversine.destination(Point::new(lon, lat), bearing, miles * along * METRES_PER_MILE);
            let point = (p.y() + nudge, p.x() - nudge);
            proptest::prop_assert_eq!(circle.contains(point), miles_between((lat, lon), point) <= miles);
            let edge = Haversine.destination(Point::new(lon, lat), bearing, miles * METRES_PER_MILE);
            let edge = (edge.y() + nudge, edge.x());
            proptest::prop_assert_eq!(circle.contains(edge), miles_between((lat, lon), edge) <= miles);
        }
    }

    proptest::proptest! {
        /// The ranking distance is the exact one to within a
        /// hundred-thousandth, anywhere in reach of London.
        #[test]
        fn ranging_is_about_the_exact_distance(
            lat in 51.2f64..51.8,
            lon in -0.6f64..0.4,
            miles in 0.0f64..25.0,
            bearing in 0.0f64..360.0,
        ) {
            let p = Haversine.destination(Point::new(lon, lat), bearing, miles * METRES_PER_MILE);
            let exact = miles_between((lat, lon), (p.y(), p.x()));
            let ranging = Ranging::new((lat, lon)).miles_to((p.y(), p.x()));
            proptest::prop_assert!((ranging - exact).abs() <= exact * 1e-5 + 1e-9, "{ranging} vs {exact}");
        }
    }

    #[test]
    fn a_circle_leaves_out_what_is_not_a_place() {
        let circle = Circle::new(KENNINGTON, 2.0);
        assert!(circle.contains(BRIXTON));
        assert!(!circle.contains((f64::NAN, KENNINGTON.1)));
        assert!(!circle.contains((KENNINGTON.0, f64::INFINITY)));
    }

    #[test]
    fn the_box_holds_the_circle() {
        for miles in [0.25, 2.0, 20.0] {
            let (s, n, w, e) = bounding_box(KENNINGTON, miles);
            assert!(s < KENNINGTON.0 && KENNINGTON.0 < n && w < KENNINGTON.1 && KENNINGTON.1 < e);
            // Points on the circle's compass edges sit on the box's edges.
            assert!((miles_between(KENNINGTON, (n, KENNINGTON.1)) - miles).abs() < 1e-6);
            assert!((miles_between(KENNINGTON, (KENNINGTON.0, e)) - miles).abs() < miles * 2e-3);
            // Every point at the radius, all round, is inside the box.
            for step in 0..72 {
                let p = Haversine.destination(
                    Point::new(KENNINGTON.1, KENNINGTON.0),
                    f64::from(step) * 5.0,
                    miles * METRES_PER_MILE,
                );
                assert!(
                    p.y() >= s && p.y() <= n && p.x() >= w && p.x() <= e,
                    "{miles} mi at {}°",
                    step * 5
                );
            }
        }
    }
}
