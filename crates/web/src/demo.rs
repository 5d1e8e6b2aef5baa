//! Demo accounts for `kith serve --demo`, so a newcomer can try every role's
//! pages at once. They share one published password, printed at start; they
//! are made only in demo mode, never on a real site.

use accounts::{Actor, Role, Roles};
use chrono::{Duration, NaiveDateTime};
use referral::Staff;
use store::diesel::prelude::*;
use store::schema::listings;
use store::AnyConnection;

mod team;

/// The password of every demo account.
pub const PASSWORD: &str = "kith demo password";

/// (email, role, what it is for).
const ACCOUNTS: &[(&str, Option<Role>, &str)] = &[
    ("admin@demo.kith.test", Some(Role::Admin), "people and roles"),
    ("editor@demo.kith.test", Some(Role::Editor), "the editors' queue"),
    ("organiser@demo.kith.test", None, "runs the first demo organisation"),
    ("member@demo.kith.test", None, "an ordinary member"),
    (
        "manager@demo.kith.test",
        Some(Role::TeamManager),
        "the team's queue and allocation",
    ),
    ("coach@demo.kith.test", Some(Role::Coach), "a coach's caseload"),
    (
        "volunteer@demo.kith.test",
        Some(Role::Volunteer),
        "a volunteer's caseload",
    ),
    ("coach2@demo.kith.test", Some(Role::Coach), "another coach"),
    ("coach3@demo.kith.test", Some(Role::Coach), "a third coach"),
    ("volunteer2@demo.kith.test", Some(Role::Volunteer), "another volunteer"),
    (
        "commissioner@demo.kith.test",
        Some(Role::Commissioner),
        "the impact report (aggregates only)",
    ),
];

/// Made-up people who referred themselves, with what they told the team:
/// (name, phone, what they enjoy, days ago).
const REFERRALS: &[(&str, &str, &str, i64)] = &[
    (
        "Rowan Example",
        "020 7946 0101",
        "Used to paint; would like to be outdoors more",
        6,
    ),
    ("Jess Sample", "020 7946 0102", "Board games and quizzes", 3),
    (
        "Tomasz Placeholder",
        "020 7946 0103",
        "Football, watching more than playing",
        5,
    ),
    ("Ade Fictional", "020 7946 0104", "Cooking for other people", 0),
];

/// Stand-ins for the licensed SWEMWBS statements, so the demo can show the
/// form without shipping the wording; a real site enters its own in
/// `kith.toml`.
pub fn swemwbs_placeholders() -> Vec<String> {
    (1..=7)
        .map(|n| format!("SWEMWBS statement {n} (your licensed wording goes here)"))
        .collect()
}

/// The demo coach's contacts with Rowan: (days after the start, mode,
/// minutes, note). Face to face first, then calls and messages, as the
/// programme expects.
const CONTACTS: &[(i64, &str, &str, &str)] = &[
    (
        0,
        "face_to_face",
        "60",
        "Coffee at the library café; talked about painting",
    ),
    (1, "text", "2", "Sent the times of the community garden's open morning"),
    (
        1,
        "accompanied",
        "90",
        "Walked to the community garden together; signed up to volunteer",
    ),
    (2, "phone", "15", "Checked how the first morning went"),
];

/// Makes the demo accounts when they are missing and returns lines that
/// say how to sign in as each; the first time, also a few hand-written
/// referrals and the team's made-up caseload of about sixty people at
/// every stage, so the team's pages and reports have something on them.
pub fn accounts(
    conn: &mut AnyConnection,
    site: &mail::Site,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let organisation: Option<(i32, String)> = listings::table
        .filter(listings::kind.eq("organisation"))
        .filter(listings::status.eq("published"))
        .order(listings::id)
        .select((listings::id, listings::name))
        .first(conn)
        .optional()?;
    let mut lines = Vec::new();
    let mut people = Vec::new();
    let mut editor = None;
    for (email, role, what) in ACCOUNTS {
        let roles: Vec<Role> = role.iter().copied().collect();
        let (person, _) = accounts::flows::create_user(conn, email, None, &roles, Some(password_hash), now)?;
        if *role == Some(Role::Editor) {
            editor = Some(person.id);
        }
        let mut what = (*what).to_owned();
        if email.starts_with("organiser@") {
            if let (Some((org, name)), Some(editor)) = (&organisation, editor) {
                if !directory::publishing::is_organiser(conn, person.id, *org)? {
                    directory::publishing::add_organiser(conn, editor, *org, person.id, now)?;
                }
                what = format!("runs {name}");
            }
        }
        lines.push(format!("  {email:<26} {what}"));
        people.push(person.id);
    }
    let referrals: i64 = store::schema::referrals::table.count().get_result(conn)?;
    if referrals == 0 {
        let (manager, coach) = (people[4], people[5]);
        demo_referrals(conn, site, manager, coach, now)?;
        let team = team::Team {
            manager,
            workers: vec![
                (coach, Role::Coach),
                (people[7], Role::Coach),
                (people[8], Role::Coach),
                (people[6], Role::Volunteer),
                (people[9], Role::Volunteer),
            ],
        };
        team::caseload(conn, site, &team, now)?;
    }
    if let (Some(editor), Some((org, _))) = (editor, &organisation) {
        lines.extend(demo_community(conn, site, editor, *org, people[2], people[3], now)?);
    }
    if let Some(editor) = editor {
        lines.extend(demo_member_led(conn, site, editor, people[3], now)?);
    }
    Ok(lines)
}

/// The first time: the demo member starts two groups of their own, as
/// anyone can at `/groups/start`; an editor has approved the walking group
/// (so it is in the directory and search, marked member-led, and the member
/// runs its members), and the board-games night waits in the editors'
/// queue. Returns lines saying where.
fn demo_member_led(
    conn: &mut AnyConnection,
    site: &mail::Site,
    editor: i32,
    member: i32,
    now: NaiveDateTime,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use directory::listing::{ListingEdit, Tags};
    use directory::publishing::{self as p, Snapshot, Submitted};
    use directory::recurrence_form::RecurrenceForm;
    let started: i64 = store::schema::member_led_groups::table.count().get_result(conn)?;
    if started > 0 {
        return Ok(Vec::new());
    }
    let (_, at) = directory::Gazetteer::london().locate("SE11 5QY")?;
    let borough: Option<i32> = store::schema::boroughs::table
        .filter(store::schema::boroughs::code.eq(at.borough_code()))
        .select(store::schema::boroughs::id)
        .first(conn)
        .optional()?;
    // Both meet weekly from the coming week, in London time.
    let first = (now + Duration::days(7)).format("%Y-%m-%d").to_string();
    let weekly = |day: &str, start: &str, end: &str| RecurrenceForm {
        date: first.clone(),
        start_time: start.to_owned(),
        end_time: end.to_owned(),
        repeat: "weekly".to_owned(),
        days: vec![day.to_owned()],
        every_weeks: "1".to_owned(),
        nth: String::new(),
        weekday: String::new(),
    };
    let groups = [
        (
            "Kennington Park Saturday Walkers",
            "A slow, friendly walk round Kennington Park, then tea",
            "We meet by the café, walk two gentle laps of the park at the pace of the slowest walker, and finish with a cup of tea. Nobody is left behind and you do not need any kit.",
            "Look for me by the café door with a green scarf. Come on your own or bring a friend.",
            weekly("SA", "10:00", "11:30"),
            "Kennington Park, Kennington Park Road",
            vec![13, 30],
            true,
        ),
        (
            "Oval Board Games Night",
            "Easy board and card games for anyone who fancies a quiet evening out",
            "We play short, easy games that are explained as we go, like Dobble, Uno and Ticket to Ride. Bring a game if you like, or just yourself.",
            "Ask at the bar for the games table. Nobody minds if you only watch the first time.",
            weekly("TH", "18:30", "20:30"),
            "The Dog House, Kennington Road",
            vec![],
            false,
        ),
    ];
    let mut lines = vec!["Member-led groups, started by member@:".to_owned()];
    for (name, summary, description, first_visit, when, address, interests, approve) in groups {
        let schedule = when.parse()?.schedule();
        let fields = ListingEdit {
            kind: directory::Kind::Group,
            slug: directory::slug::slugify(name),
            name: name.to_owned(),
            summary: summary.to_owned(),
            description: description.to_owned(),
            organisation_id: None,
            place_id: None,
            opportunity: directory::Opportunity::Activity,
            cost_kind: directory::CostKind::Free,
            cost_pence: None,
            cost_note: String::new(),
            age_min: Some(18),
            age_max: None,
            first_visit: first_visit.to_owned(),
            contact_name: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
            website: String::new(),
            booking_required: false,
            address: address.to_owned(),
            postcode: Some("SE11 5QY".to_owned()),
            latitude: Some(at.latitude),
            longitude: Some(at.longitude),
            borough_id: borough,
            starts_at: Some(schedule.starts_at),
            ends_at: schedule.ends_at,
            rrule: schedule.rrule,
        };
        let tags = Tags {
            interests,
            ..Tags::default()
        };
        let Submitted::Proposed { listing_id, proposal } =
            p::start_group(conn, member, &Snapshot::new(fields, tags), now)?
        else {
            continue;
        };
        community::groups::add_founder(conn, member, listing_id, now)?;
        let slug = directory::slug::slugify(name);
        if approve {
            p::approve(conn, site, proposal, editor, now)?;
            lines.push(format!("  /groups/{slug:<32} member-led, run by member@"));
        } else {
            lines.push(format!("  /editor/proposals/{proposal:<24} {name}, waiting for review"));
        }
    }
    Ok(lines)
}

/// The first time: of the first organisation's groups, one that takes
/// requests (with a question) and one by invitation only; of its events,
/// one with a dozen places and one with a single place, taken by the demo
/// member, so the waiting list can be tried; and in the first group, a
/// pinned welcome from the organiser and a conversation with the demo
/// member. Returns lines saying where.
fn demo_community(
    conn: &mut AnyConnection,
    site: &mail::Site,
    editor: i32,
    organisation: i32,
    organiser: i32,
    member: i32,
    now: NaiveDateTime,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use community::groups::{self, JoinPolicy};
    let set: i64 = store::schema::community_events::table.count().get_result(conn)?;
    if set > 0 {
        return Ok(Vec::new());
    }
    let actor = Actor {
        person_id: editor,
        roles: Roles::of(&[Role::Editor]),
        verified: true,
        organiser_of: Vec::new(),
    };
    // The demo organiser's own when it has some, so they can run them.
    let of_kind = |conn: &mut AnyConnection, kind: &str| -> Result<Vec<(i32, String)>, store::diesel::result::Error> {
        let q = || {
            listings::table
                .filter(listings::kind.eq(kind))
                .filter(listings::status.eq("published"))
                .order(listings::id)
                .select((listings::id, listings::slug))
                .limit(2)
        };
        let own: Vec<(i32, String)> = q().filter(listings::organisation_id.eq(organisation)).load(conn)?;
        if own.is_empty() {
            q().load(conn)
        } else {
            Ok(own)
        }
    };
    let mut lines = vec!["Community:".to_owned()];
    let groups_of = of_kind(conn, "group")?;
    // An open group of the organisation's besides those two, so the
    // joining tries above start with the demo member outside them.
    let taken: Vec<i32> = groups_of.iter().map(|(id, _)| *id).collect();
    let talking: Option<(i32, String)> = listings::table
        .filter(listings::kind.eq("group"))
        .filter(listings::status.eq("published"))
        .filter(listings::organisation_id.eq(organisation))
        .filter(listings::id.ne_all(&taken))
        .order(listings::id)
        .select((listings::id, listings::slug))
        .first(conn)
        .optional()?;
    if let Some((group, slug)) = talking {
        if demo_discussions(conn, site, group, organisation, organiser, member, now)? {
            lines.push(format!(
                "  /groups/{slug}/discussions: a pinned welcome and a conversation"
            ));
            lines.push("  /messages: organiser@ and member@ write to each other".to_owned());
            lines.push("  /moderation: a reply of member@'s with a link waits for a moderator".to_owned());
        }
    }
    let policies = [
        (
            JoinPolicy::Request,
            "What would you like to get out of it?",
            "asks to join, with a question",
        ),
        (JoinPolicy::Invite, "", "by invitation only"),
    ];
    for ((id, slug), (policy, question, what)) in groups_of.iter().zip(policies) {
        groups::set_joining(conn, &actor, *id, policy, question, now)?;
        lines.push(format!("  /groups/{slug:<32} {what}"));
    }
    let events_of = of_kind(conn, "event")?;
    for ((id, slug), places) in events_of.iter().zip([12, 1]) {
        community::events::set_capacity(conn, site, &actor, *id, Some(places), now)?;
        let listing = directory::listing::get(conn, *id)?;
        let next = community::events::sessions(conn, &listing, None, now, 1)?;
        if places == 1 {
            if let Some(s) = next.first() {
                community::events::going(conn, member, *id, s.occurrence.original(), now)?;
            }
            lines.push(format!(
                "  /events/{slug:<32} 1 place, taken by member@: try the waiting list"
            ));
        } else {
            lines.push(format!("  /events/{slug:<32} {places} places"));
        }
    }
    Ok(lines)
}

/// The demo organiser and member join `group` and talk: a pinned
/// welcome, and a question with two replies. False (and nothing said)
/// when the group is not open or the organiser does not run it.
fn demo_discussions(
    conn: &mut AnyConnection,
    site: &mail::Site,
    group: i32,
    organisation: i32,
    organiser: i32,
    member: i32,
    now: NaiveDateTime,
) -> Result<bool, Box<dyn std::error::Error>> {
    use community::discussions;
    let as_organiser = Actor {
        person_id: organiser,
        roles: Roles::default(),
        verified: true,
        organiser_of: vec![organisation],
    };
    let as_member = Actor {
        person_id: member,
        roles: Roles::default(),
        verified: true,
        organiser_of: Vec::new(),
    };
    let at = |hours: i64| now - Duration::hours(hours);
    if community::groups::joining(conn, group)?.policy != community::groups::JoinPolicy::Open {
        return Ok(false);
    }
    community::groups::join(conn, organiser, group, "", at(80))?;
    community::groups::join(conn, member, group, "", at(78))?;
    let organiser_access = discussions::access(conn, Some(&as_organiser), group)?;
    let member_access = discussions::access(conn, Some(&as_member), group)?;
    if !(organiser_access.moderator() && organiser_access.can_post() && member_access.can_post()) {
        return Ok(false);
    }
    let welcome = discussions::start(
        conn,
        site,
        &organiser_access,
        "Welcome: start here",
        "Hello and welcome! We meet every week. Say hello here, and ask anything you like before your first time.\n\nThere is tea, and nobody minds if you just watch.",
        at(72),
    )?;
    discussions::set_pinned(conn, &organiser_access, welcome, true)?;
    let question = discussions::start(
        conn,
        site,
        &member_access,
        "First time next week",
        "I'm coming for the first time next week. Is there step-free access at the door?",
        at(30),
    )?;
    discussions::reply(
        conn,
        site,
        &organiser_access,
        question,
        "Yes: there is a ramp at the side door. Look for the green sign and someone will meet you there.",
        at(26),
    )?;
    discussions::reply(conn, site, &member_access, question, "Thank you, see you then!", at(25))?;
    demo_conversation(conn, site, &as_organiser, &as_member, &member_access, welcome, now)?;
    Ok(true)
}

/// The demo organiser and member, who share a group, take messages from
/// members of their groups and write to each other; and a reply of the
/// member's with a web address in it waits for a moderator, since the demo
/// accounts are new (see [`community::safety`]), so the moderation queue
/// has something in it.
fn demo_conversation(
    conn: &mut AnyConnection,
    site: &mail::Site,
    organiser: &Actor,
    member: &Actor,
    member_access: &community::discussions::Access,
    thread: i32,
    now: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use community::profiles::{self, Settings};
    let at = |hours: i64| now - Duration::hours(hours);
    let open = Settings {
        messages_from_groups: true,
        ..Settings::default()
    };
    for who in [organiser, member] {
        profiles::save(conn, who.person_id, &open, at(24))?;
    }
    let rules = community::safety::Rules::default();
    community::messages::send(
        conn,
        site,
        &rules,
        organiser,
        member.person_id,
        "Hello! I saw you are coming next week. If it helps, I can meet you at the bus stop on the high road at ten to ten.",
        at(20),
    )?;
    community::messages::send(
        conn,
        site,
        &rules,
        member,
        organiser.person_id,
        "Yes please, that would help a lot. I will wear a red scarf.",
        at(19),
    )?;
    community::discussions::reply(
        conn,
        site,
        member_access,
        thread,
        "Hello everyone! The bus times to get here are on this page, if they help: https://example.org/bus-times",
        at(18),
    )?;
    Ok(())
}

/// Four self-referrals: two waiting for a first call (one of them overdue),
/// one assessed and ready to allocate, and one on the demo coach's caseload.
fn demo_referrals(
    conn: &mut AnyConnection,
    site: &mail::Site,
    manager: i32,
    coach: i32,
    now: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    let origin = accounts::flows::Origin {
        address: "demo",
        user_agent: "kith demo",
    };
    let actor = Actor {
        person_id: manager,
        roles: Roles::of(&[Role::TeamManager]),
        verified: true,
        organiser_of: Vec::new(),
    };
    let by = Staff::new(&actor);
    for (i, (name, phone, enjoys, days_ago)) in REFERRALS.iter().enumerate() {
        let at = now - Duration::days(*days_ago);
        let form = referral::SelfReferralForm {
            person: referral::PersonForm {
                name: (*name).to_owned(),
                phone: (*phone).to_owned(),
                contact_methods: vec!["phone".to_owned()],
                contact_times: "Weekday mornings".to_owned(),
                safe_to_leave_message: "yes".to_owned(),
                interests_other: (*enjoys).to_owned(),
                ..Default::default()
            },
            consent: "yes".to_owned(),
            form_token: referral::new_form_token()?,
            website: String::new(),
        };
        let receipt = referral::submit_self(conn, site, &form, origin, at)?;
        let Some(id) = receipt.referral_id else { continue };
        if i >= 2 {
            continue;
        }
        let later = at + Duration::hours(20);
        let call = referral::FirstCall {
            outcome: referral::CallOutcome::Reached,
            suitable: Some(true),
            reason: "",
            note: "Happy to meet at the library",
        };
        referral::record_first_call(conn, site, &by, id, &call, later)?;
        referral::book_assessment(conn, &by, id, later + Duration::days(1), "", later)?;
        referral::record_assessment(
            conn,
            &by,
            id,
            referral::Complexity::Low,
            "Confident once there; nervous about the first visit",
            later + Duration::days(1),
        )?;
        if i == 0 {
            let allocation = referral::Allocation {
                worker_id: coach,
                service_id: None,
                note: "",
            };
            referral::allocate(conn, site, &by, id, &allocation, later + Duration::days(2))?;
            let started = later + Duration::days(3);
            referral::start(conn, &by, id, "First coffee together", started)?;
            demo_casework(conn, coach, id, started)?;
        }
    }
    Ok(())
}

/// Rowan's casework so far, logged by the demo coach: a few contacts, the
/// SWEMWBS, ONS4 and loneliness answers from the first meeting, a goal
/// with two steps, and the network map drawn at the start.
/// The contacts run to two days after the start, which is still in the
/// past (Rowan referred six days ago and started three days later).
fn demo_casework(
    conn: &mut AnyConnection,
    coach: i32,
    id: i32,
    started: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    let actor = Actor {
        person_id: coach,
        roles: Roles::of(&[Role::Coach]),
        verified: true,
        organiser_of: Vec::new(),
    };
    let by = Staff::new(&actor);
    let date = |at: NaiveDateTime| referral::tasks::london_date(at).format("%d/%m/%Y").to_string();
    for (days, mode, minutes, note) in CONTACTS {
        let at = started + Duration::days(*days);
        let form = referral::casework::ContactForm {
            date: date(at),
            mode: (*mode).to_owned(),
            minutes: (*minutes).to_owned(),
            note: (*note).to_owned(),
        };
        referral::casework::log_contact(conn, &by, id, &form, at)?;
    }
    for (instrument, answers) in [
        (referral::measures::Instrument::Swemwbs, "3 2 2 3 2 3 2"),
        (referral::measures::Instrument::Ons4, "4 5 4 7"),
        (referral::measures::Instrument::Ucla3, "3 3 2"),
    ] {
        let form = referral::measures::MeasureForm {
            point: "start".to_owned(),
            date: date(started),
            answers: answers.split(' ').map(str::to_owned).collect(),
        };
        referral::measures::record(conn, &by, id, instrument, &form, started)?;
    }
    let goal = referral::goals::add_goal(conn, &by, id, "I'd like to be outdoors more, and paint again", started)?;
    // The first demo group stands in for the community garden.
    let group: Option<String> = listings::table
        .filter(listings::kind.eq("group"))
        .filter(listings::status.eq("published"))
        .order(listings::id)
        .select(listings::slug)
        .first(conn)
        .optional()?;
    for (words, listing, activity, status) in [
        (
            "Go to the open morning at the community garden",
            group.map(|slug| format!("/groups/{slug}")).unwrap_or_default(),
            "volunteering",
            "tried",
        ),
        (
            "Look for an art group nearby",
            String::new(),
            "skills_creative",
            "planned",
        ),
    ] {
        let step = referral::goals::StepForm {
            words: words.to_owned(),
            due: String::new(),
            listing,
            activity: activity.to_owned(),
            status: status.to_owned(),
            stopped_why: String::new(),
        };
        referral::goals::add_step(conn, &by, id, goal.id, &step, started + Duration::days(1))?;
    }
    for (name, relationship, ring) in [
        ("Mum", "mother", "1"),
        ("T", "old friend from art college", "2"),
        ("Sam", "brother", "2"),
        ("Dr K", "GP", "3"),
    ] {
        let person = referral::network::ConnectionForm {
            point: "start".to_owned(),
            name: name.to_owned(),
            relationship: relationship.to_owned(),
            ring: ring.to_owned(),
            is_new: false,
        };
        referral::network::add(conn, &by, id, &person, started)?;
    }
    Ok(())
}
