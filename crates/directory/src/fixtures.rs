//! Small, fixed listings for tests in this and other crates (behind the
//! `testing` feature). Not the demo content: tests must not depend on it.

use chrono::{Duration, NaiveDateTime};

use crate::{slug::slugify, CostKind, Kind, NewListing, Opportunity, Status};

/// A published listing of `kind` named `name` in the borough with `borough_id`
/// (Lambeth is 22), at a real Lambeth postcode, with every text field filled.
pub fn listing(kind: Kind, name: &str, borough_id: i32, now: NaiveDateTime) -> NewListing {
    NewListing {
        kind,
        slug: slugify(name),
        name: name.to_owned(),
        summary: format!("{name} in a sentence."),
        description: format!("All about {name}."),
        organisation_id: None,
        place_id: None,
        opportunity: if kind == Kind::Event {
            Opportunity::Event
        } else {
            Opportunity::Activity
        },
        cost_kind: CostKind::Free,
        cost_pence: None,
        cost_note: String::new(),
        age_min: None,
        age_max: None,
        first_visit: "Someone meets you at the door.".to_owned(),
        contact_name: "Sam".to_owned(),
        contact_email: "sam@example.org".to_owned(),
        contact_phone: "020 7946 0123".to_owned(),
        website: "https://example.org".to_owned(),
        booking_required: false,
        status: Status::Published,
        address: "1 Test Street, London".to_owned(),
        postcode: Some("SE11 5QY".to_owned()),
        latitude: Some(51.4875),
        longitude: Some(-0.1110),
        borough_id: Some(borough_id),
        starts_at: if matches!(kind, Kind::Event) {
            Some(now + Duration::days(1))
        } else {
            None
        },
        ends_at: None,
        rrule: None,
        last_checked_at: now,
        created_at: now,
        updated_at: now,
    }
}
