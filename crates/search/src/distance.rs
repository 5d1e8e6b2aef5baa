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
