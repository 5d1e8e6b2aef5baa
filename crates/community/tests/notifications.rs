//! Notification settings on both databases: the defaults, per-group mutes
//! honoured by reply and new-event emails, reminders honouring the
//! setting, the weekly digest (once a week, nothing when empty or not
//! wanted, an unsubscribe link that works) and pruning old reminder
//! records.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use accounts::{Actor, Roles};
use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use community::digest;
use community::discussions as d;
use community::event_mail as em;
use community::events;
use community::groups;
use community::settings::{self, Settings};
use community::CommunityError;
use directory::fixtures::listing;
use directory::listing::{self as l, Tags};
use directory::recurrence::{from_london_time, london_time};
use directory::{Kind, Listing};
use store::diesel::prelude::*;
use store::schema::{event_reminders, interests};
use store::{db_test, AnyConnection};

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "http://127.0.0.1:8080/".into(),
    }
}

fn person(conn: &mut AnyConnection, email: &str) -> i32 {
    accounts::flows::create_user(conn, email, None, &[], None, now())
        .unwrap()
        .0
        .id
}

fn member(id: i32) -> Actor {
    Actor {
        person_id: id,
        roles: Roles::of(&[]),
        verified: true,
        organiser_of: vec![],
    }
}

fn outbox_to(conn: &mut AnyConnection, to: &str) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 10_000)
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == to)
        .collect()
}

fn subjects(conn: &mut AnyConnection, to: &str, starting: &str) -> usize {
    outbox_to(conn, to)
        .iter()
        .filter(|m| m.subject.starts_with(starting))
        .count()
}

/// An organisation running two groups, with Ann and Bob in the first and
/// Ann also in the second.
struct Fixture {
    org: Listing,
    walkers: Listing,
    readers: Listing,
    ann: i32,
    bob: i32,
}

fn fixture(conn: &mut AnyConnection) -> Fixture {
    let t = now();
    let org = l::insert(conn, &listing(Kind::Organisation, "Friends", 22, t), &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Walkers", 22, t);
    g.organisation_id = Some(org.id);
    let walkers = l::insert(conn, &g, &Tags::default()).unwrap();
    let mut g = listing(Kind::Group, "Readers", 22, t);
    g.organisation_id = Some(org.id);
    let readers = l::insert(conn, &g, &Tags::default()).unwrap();
    let ann = person(conn, "ann@example.org");
    let bob = person(conn, "bob@example.org");
    groups::join(conn, ann, walkers.id, "", t).unwrap();
    groups::join(conn, bob, walkers.id, "", t).unwrap();
    groups::join(conn, ann, readers.id, "", t).unwrap();
    Fixture {
        org,
        walkers,
        readers,
        ann,
        bob,
    }
}

/// A one-off event of `org` next week, published.
fn event(conn: &mut AnyConnection, org: &Listing, name: &str, tags: &Tags) -> Listing {
    let t = now();
    let mut e = listing(Kind::Event, name, 22, t);
    e.organisation_id = Some(org.id);
    e.starts_at = Some(t + Duration::days(7));
    e.ends_at = Some(t + Duration::days(7) + Duration::hours(2));
    l::insert(conn, &e, tags).unwrap()
}

/// A parent interest and one of its children, from the reference data.
fn parent_and_child(conn: &mut AnyConnection) -> (i32, i32) {
    interests::table
        .filter(interests::parent_id.is_not_null())
        .order(interests::id)
        .select((interests::parent_id.assume_not_null(), interests::id))
        .first(conn)
        .unwrap()
}

db_test!(fn settings_default_to_everything_but_the_digest_and_save_what_was_chosen(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let s = settings::get(&mut c, f.ann).unwrap();
    assert_eq!(s, Settings::default());
    assert!(s.replies && s.new_events && s.reminders && !s.digest);
    assert_eq!(
        settings::member_groups(&mut c, f.ann).unwrap(),
        vec![(f.readers.id, "Readers".to_owned()), (f.walkers.id, "Walkers".to_owned())]
    );
    let (parent, _) = parent_and_child(&mut c);
    let chosen = Settings {
        replies: false,
        new_events: true,
        reminders: false,
        digest: true,
        borough_id: Some(22),
        interests: vec![parent],
        muted_groups: vec![f.walkers.id],
    };
    settings::save(&mut c, f.ann, &chosen, now()).unwrap();
    assert_eq!(settings::get(&mut c, f.ann).unwrap(), chosen);
    // One source of truth for reminders: the reminders' own opt-out.
    assert!(!em::reminders_wanted(&mut c, f.ann).unwrap());
    // Refusals name their field.
    let refused = settings::save(&mut c, f.bob, &Settings { borough_id: Some(99_999), ..Settings::default() }, now());
    assert!(matches!(refused, Err(CommunityError::Invalid { field: "borough", .. })));
    let refused = settings::save(&mut c, f.bob, &Settings { interests: vec![-4], ..Settings::default() }, now());
    assert!(matches!(refused, Err(CommunityError::Invalid { field: "interests", .. })));
    let refused = settings::save(&mut c, f.bob, &Settings { muted_groups: vec![f.readers.id], ..Settings::default() }, now());
    assert!(matches!(refused, Err(CommunityError::Invalid { field: "groups", .. })), "Bob is not a reader");
    assert_eq!(settings::get(&mut c, f.bob).unwrap(), Settings::default());

    // One list of interests: what the email settings chose is on the
    // profile (kept to the member unless they say otherwise there), and
    // what the profile chooses is what the digest looks for.
    let profile = community::profiles::settings(&mut c, f.ann).unwrap();
    assert_eq!(profile.interest_ids, vec![parent]);
    assert_eq!(profile.interests, community::profiles::Visibility::OnlyMe);
    let (_, child) = parent_and_child(&mut c);
    let both = community::profiles::Settings { interest_ids: vec![parent, child], ..profile };
    community::profiles::save(&mut c, f.ann, &both, now()).unwrap();
    assert_eq!(settings::get(&mut c, f.ann).unwrap().interests, {
        let mut v = vec![parent, child];
        v.sort_unstable();
        v
    });
    // Both pages keep the list short.
    let many: Vec<i32> = interests::table.select(interests::id).limit(11).load(&mut c).unwrap();
    assert_eq!(many.len(), 11, "the reference data has enough interests");
    let refused = community::profiles::save(&mut c, f.ann, &community::profiles::Settings { interest_ids: many, ..community::profiles::Settings::default() }, now());
    assert!(matches!(refused, Err(CommunityError::Invalid { field: "interests", .. })));
});

db_test!(fn reply_emails_honour_the_replies_setting_and_group_mutes(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let ann = d::access(&mut c, Some(&member(f.ann)), f.walkers.id).unwrap();
    let bob = d::access(&mut c, Some(&member(f.bob)), f.walkers.id).unwrap();
    let thread = d::start(&mut c, &site(), &ann, "Sunday walk", "Who is coming?", now()).unwrap();
    d::reply(&mut c, &site(), &bob, thread, "Me", now()).unwrap();
    assert_eq!(subjects(&mut c, "ann@example.org", "New reply"), 1, "on by default");
    // Muting the group stops them.
    let muted = Settings { muted_groups: vec![f.walkers.id], ..Settings::default() };
    settings::save(&mut c, f.ann, &muted, now()).unwrap();
    d::reply(&mut c, &site(), &bob, thread, "And my sister", now()).unwrap();
    assert_eq!(subjects(&mut c, "ann@example.org", "New reply"), 1);
    // So does turning replies off everywhere.
    settings::save(&mut c, f.ann, &Settings { replies: false, ..Settings::default() }, now()).unwrap();
    d::reply(&mut c, &site(), &bob, thread, "And her dog", now()).unwrap();
    assert_eq!(subjects(&mut c, "ann@example.org", "New reply"), 1);
    settings::save(&mut c, f.ann, &Settings::default(), now()).unwrap();
    d::reply(&mut c, &site(), &bob, thread, "See you", now()).unwrap();
    assert_eq!(subjects(&mut c, "ann@example.org", "New reply"), 2, "back on");
});

db_test!(fn a_new_event_is_announced_once_to_group_members_who_want_it(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let carl = person(&mut c, "carl@example.org");
    groups::join(&mut c, carl, f.readers.id, "", now()).unwrap();
    // Bob muted the only group he is in; Carl turned new events off.
    settings::save(&mut c, f.bob, &Settings { muted_groups: vec![f.walkers.id], ..Settings::default() }, now()).unwrap();
    settings::save(&mut c, carl, &Settings { new_events: false, ..Settings::default() }, now()).unwrap();
    // Ann muted one of her two groups: the other still tells her, once.
    settings::save(&mut c, f.ann, &Settings { muted_groups: vec![f.walkers.id], ..Settings::default() }, now()).unwrap();
    let e = event(&mut c, &f.org, "Autumn fair", &Tags::default());
    assert_eq!(digest::announce_event(&mut c, &site(), &e, now()).unwrap(), 1);
    let to_ann = outbox_to(&mut c, "ann@example.org");
    assert_eq!(to_ann.len(), 1);
    assert!(to_ann[0].subject.starts_with("New event: Autumn fair"));
    assert!(to_ann[0].text_body.contains("/events/autumn-fair"));
    assert!(to_ann[0].text_body.contains("Readers"));
    assert!(to_ann[0].text_body.contains("/account/notifications"));
    assert!(outbox_to(&mut c, "bob@example.org").is_empty());
    assert!(outbox_to(&mut c, "carl@example.org").is_empty());
    // Published again (an edit): nobody twice.
    assert_eq!(digest::announce_event(&mut c, &site(), &e, now()).unwrap(), 0);
    assert_eq!(outbox_to(&mut c, "ann@example.org").len(), 1);
    // Unmuted, Bob hears of the next one; an event of another
    // organisation, a past one or a group tells nobody.
    settings::save(&mut c, f.bob, &Settings::default(), now()).unwrap();
    let e2 = event(&mut c, &f.org, "Winter walk", &Tags::default());
    assert_eq!(digest::announce_event(&mut c, &site(), &e2, now()).unwrap(), 2);
    let other = l::insert(&mut c, &listing(Kind::Organisation, "Others", 22, now()), &Tags::default()).unwrap();
    let e3 = event(&mut c, &other, "Elsewhere", &Tags::default());
    assert_eq!(digest::announce_event(&mut c, &site(), &e3, now()).unwrap(), 0);
    let mut past = event(&mut c, &f.org, "Long ago", &Tags::default());
    past.starts_at = Some(now() - Duration::days(3));
    assert_eq!(digest::announce_event(&mut c, &site(), &past, now()).unwrap(), 0);
    assert_eq!(digest::announce_event(&mut c, &site(), &f.readers, now()).unwrap(), 0);
    assert_eq!(outbox_to(&mut c, "bob@example.org").len(), 1);
});

db_test!(fn reminders_honour_the_setting_saved_on_the_notifications_page(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let t = now();
    let day = london_time(t).date() + Duration::days(1);
    let tomorrow = from_london_time(day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()));
    let mut e = listing(Kind::Event, "Quiz", 22, t);
    e.organisation_id = Some(f.org.id);
    e.starts_at = Some(tomorrow);
    e.ends_at = Some(tomorrow + Duration::hours(2));
    let e = l::insert(&mut c, &e, &Tags::default()).unwrap();
    events::going(&mut c, f.ann, e.id, tomorrow, t).unwrap();
    events::going(&mut c, f.bob, e.id, tomorrow, t).unwrap();
    settings::save(&mut c, f.bob, &Settings { reminders: false, ..Settings::default() }, t).unwrap();
    assert_eq!(em::send_reminders(&mut c, &site(), t, 100).unwrap(), 1);
    assert_eq!(subjects(&mut c, "ann@example.org", "Tomorrow:"), 1);
    assert_eq!(subjects(&mut c, "bob@example.org", "Tomorrow:"), 0);
    // Reminder records older than 30 days are pruned; newer ones stay.
    assert_eq!(em::prune_reminders(&mut c, t).unwrap(), 0);
    assert_eq!(em::prune_reminders(&mut c, t + Duration::days(31)).unwrap(), 1);
    let left: i64 = event_reminders::table.count().get_result(&mut c).unwrap();
    assert_eq!(left, 0);
});

db_test!(fn the_digest_goes_once_a_week_only_with_something_new_and_stops_by_its_link(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let t = now();
    let (parent, child) = parent_and_child(&mut c);
    let tagged = Tags { interests: vec![child], ..Tags::default() };
    let carl = person(&mut c, "carl@example.org");
    let dora = person(&mut c, "dora@example.org");
    // Ann wants the digest for the parent interest in borough 22; Bob for
    // the same interest elsewhere; Carl has it off; Dora wants it but has
    // chosen no interests.
    let wants = |borough| Settings { digest: true, borough_id: Some(borough), interests: vec![parent], ..Settings::default() };
    settings::save(&mut c, f.ann, &wants(22), t).unwrap();
    settings::save(&mut c, f.bob, &wants(23), t).unwrap();
    settings::save(&mut c, carl, &Settings { interests: vec![parent], ..Settings::default() }, t).unwrap();
    settings::save(&mut c, dora, &Settings { digest: true, ..Settings::default() }, t).unwrap();
    let mut g = listing(Kind::Group, "Pottery circle", 22, t);
    g.organisation_id = Some(f.org.id);
    l::insert(&mut c, &g, &tagged).unwrap();
    let untagged = listing(Kind::Group, "Chess club", 22, t);
    l::insert(&mut c, &untagged, &Tags::default()).unwrap();
    let mut old = listing(Kind::Group, "Old news", 22, t - Duration::days(10));
    old.created_at = t - Duration::days(10);
    l::insert(&mut c, &old, &tagged).unwrap();

    assert_eq!(digest::send_digests(&mut c, &site(), t, 100).unwrap(), 3, "Ann, Bob and Dora considered");
    let to_ann = outbox_to(&mut c, "ann@example.org");
    assert_eq!(to_ann.len(), 1);
    assert!(to_ann[0].subject.starts_with("New this week in your interests"));
    assert!(to_ann[0].text_body.contains("Pottery circle"));
    assert!(to_ann[0].text_body.contains("/groups/pottery-circle"));
    assert!(!to_ann[0].text_body.contains("Chess club"));
    assert!(!to_ann[0].text_body.contains("Old news"));
    assert!(outbox_to(&mut c, "bob@example.org").is_empty(), "nothing new in his borough");
    assert!(outbox_to(&mut c, "carl@example.org").is_empty(), "opted out");
    assert!(outbox_to(&mut c, "dora@example.org").is_empty(), "nothing to say");
    // Again this week (a restart): nothing; next week: again.
    assert_eq!(digest::send_digests(&mut c, &site(), t + Duration::hours(1), 100).unwrap(), 0);
    assert_eq!(outbox_to(&mut c, "ann@example.org").len(), 1);
    assert_eq!(digest::send_digests(&mut c, &site(), t + Duration::days(8), 1).unwrap(), 1, "in batches");
    assert_eq!(digest::send_digests(&mut c, &site(), t + Duration::days(8), 100).unwrap(), 2);
    // A week on, the pottery circle is no longer new.
    assert_eq!(outbox_to(&mut c, "ann@example.org").len(), 1);
    // The unsubscribe link works once and turns the digest off.
    let body = &to_ann[0].text_body;
    let at = body.find("/digest/off/").unwrap() + "/digest/off/".len();
    let raw = body[at..at + 64].to_owned();
    digest::peek_off_link(&mut c, &raw).unwrap();
    digest::use_off_link(&mut c, &raw, t).unwrap();
    assert!(!settings::get(&mut c, f.ann).unwrap().digest);
    assert_eq!(settings::get(&mut c, f.ann).unwrap().interests, vec![parent], "the rest is kept");
    assert!(digest::use_off_link(&mut c, &raw, t).is_err());
    assert!(digest::peek_off_link(&mut c, "nonsense").is_err());
});

db_test!(fn changes_on_the_dates_page_tell_those_going_with_the_calendar_file(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let t = now();
    let editor = accounts::flows::create_user(&mut c, "editor@example.org", None, &[accounts::Role::Editor], None, t)
        .unwrap()
        .0
        .id;
    let day = london_time(t).date() + Duration::days(3);
    let first = from_london_time(day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()));
    let mut e = listing(Kind::Event, "Choir", 22, t);
    e.organisation_id = Some(f.org.id);
    e.starts_at = Some(first);
    e.ends_at = Some(first + Duration::hours(2));
    e.rrule = Some("FREQ=WEEKLY".into());
    let e = l::insert(&mut c, &e, &Tags::default()).unwrap();
    let second = first + Duration::days(7);
    events::going(&mut c, f.ann, e.id, first, t).unwrap();
    events::going(&mut c, f.bob, e.id, second, t).unwrap();
    // Cancelled as the dates page does it: the directory, then the emails.
    l::cancel_occurrence(&mut c, e.id, first, "The hall is flooded").unwrap();
    assert_eq!(em::tell_cancelled(&mut c, &site(), &e, first, t).unwrap(), 1);
    let to_ann = outbox_to(&mut c, "ann@example.org");
    assert_eq!(to_ann.len(), 1);
    assert!(to_ann[0].subject.starts_with("Cancelled: Choir"));
    assert!(to_ann[0].text_body.contains("The hall is flooded"));
    let files = mail::attachments(&mut c, to_ann[0].id).unwrap();
    let cal = community::ics::unfold(std::str::from_utf8(files[0].content()).unwrap());
    assert_eq!(community::ics::property(&cal, "METHOD").unwrap(), "CANCEL");
    assert!(outbox_to(&mut c, "bob@example.org").is_empty(), "his date goes ahead");
    // Moved as the dates page does it.
    let was = em::current_start(&mut c, &e, second, t).unwrap();
    let to = directory::publishing::NewTime {
        starts_at: second + Duration::hours(3),
        ends_at: Some(second + Duration::hours(5)),
        note: String::new(),
    };
    directory::publishing::move_occurrence(&mut c, editor, e.id, second, &to, t).unwrap();
    assert_eq!(em::tell_new_time(&mut c, &site(), &e, second, was, t).unwrap(), 1);
    let to_bob = outbox_to(&mut c, "bob@example.org");
    assert_eq!(to_bob.len(), 1);
    assert!(to_bob[0].subject.starts_with("New time: Choir"));
    let files = mail::attachments(&mut c, to_bob[0].id).unwrap();
    let cal = community::ics::unfold(std::str::from_utf8(files[0].content()).unwrap());
    assert_eq!(
        community::ics::property(&cal, "DTSTART").unwrap(),
        (second + Duration::hours(3)).format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(community::ics::property(&cal, "SEQUENCE").unwrap(), "1");
});

db_test!(fn a_one_off_event_gets_a_new_time_like_a_repeating_one(db) {
    let mut c = db.conn();
    let f = fixture(&mut c);
    let t = now();
    let editor = accounts::flows::create_user(&mut c, "editor@example.org", None, &[accounts::Role::Editor], None, t)
        .unwrap()
        .0
        .id;
    let boss = person(&mut c, "boss@example.org");
    directory::publishing::add_organiser(&mut c, editor, f.org.id, boss, t).unwrap();
    let boss = Actor { organiser_of: vec![f.org.id], ..member(boss) };
    let e = event(&mut c, &f.org, "Open day", &Tags::default());
    let at = e.starts_at.unwrap();
    events::going(&mut c, f.ann, e.id, at, t).unwrap();
    let to = directory::publishing::NewTime {
        starts_at: at + Duration::days(1),
        ends_at: Some(at + Duration::days(1) + Duration::hours(2)),
        note: "A day later".into(),
    };
    assert_eq!(em::change_session_time(&mut c, &site(), &boss, e.id, at, &to, t).unwrap(), 1);
    let to_ann = outbox_to(&mut c, "ann@example.org");
    assert_eq!(to_ann.len(), 1);
    assert!(to_ann[0].subject.starts_with("New time: Open day"));
    let files = mail::attachments(&mut c, to_ann[0].id).unwrap();
    let cal = community::ics::unfold(std::str::from_utf8(files[0].content()).unwrap());
    assert_eq!(
        community::ics::property(&cal, "DTSTART").unwrap(),
        (at + Duration::days(1)).format("%Y%m%dT%H%M%SZ").to_string()
    );
    // Her place is kept, under the session's usual start.
    let mine = events::my_events(&mut c, f.ann, t).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].starts_at, at + Duration::days(1));
    assert_eq!(mine[0].answer, events::Answer::Going);
});
