//! The hand-written pieces the demo listings are assembled from: kinds of
//! place and organisation, and the sentences shared by every listing.
//! Groups and events have their own files.
//!
//! Text may contain placeholders filled in per listing: `{area}`
//! (neighbourhood), `{borough}`, `{place}` (venue name), `{org}` (the
//! organisation running it), `{host}` (first name of the contact),
//! `{when}` (e.g. "every Tuesday morning"), `{name}` (the listing's own
//! name) and, in names only, `{word}` (an invented proper name).

use crate::{Audience, Facility, Opportunity};

/// The kind of building or space a group meets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Venue {
    Community,
    Library,
    Park,
    Church,
    Cafe,
    Leisure,
    Arts,
    Garden,
    /// No venue: online, by phone or at people's homes.
    Online,
}

/// How often something happens.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rhythm {
    Weekly,
    Fortnightly,
    Monthly,
    /// A one-off event.
    Once,
    /// A run of weekly sessions (`COUNT`).
    WeeklyFor(u32),
    FortnightlyFor(u32),
    MonthlyFor(u32),
    /// Weekly until a date this many weeks after the first (`UNTIL`).
    WeeklyUntil(u32),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Price {
    Free,
    Pwyc,
    Pence(i32),
}

/// Day of the week (0 = Monday), hour, minute and length in minutes, in
/// London time.
pub(super) type Slot = (u32, u32, u32, i64);

pub(super) const MO: u32 = 0;
pub(super) const TU: u32 = 1;
pub(super) const WE: u32 = 2;
pub(super) const TH: u32 = 3;
pub(super) const FR: u32 = 4;
pub(super) const SA: u32 = 5;
pub(super) const SU: u32 = 6;

/// A kind of group or event.
pub(super) struct Template {
    pub key: &'static str,
    pub names: &'static [&'static str],
    /// Interest slugs; a listing takes one to three of them.
    pub interests: &'static [&'static str],
    pub opportunity: Opportunity,
    pub venue: Venue,
    /// Possible session times; empty for things without fixed times.
    pub slots: &'static [Slot],
    pub rhythm: &'static [Rhythm],
    pub price: &'static [Price],
    /// Who it is for: the first always applies, the others sometimes.
    pub audiences: &'static [Audience],
    pub ages: (Option<i32>, Option<i32>),
    pub booking: bool,
    pub summary: &'static [&'static str],
    pub about: &'static [&'static str],
    pub first: &'static [&'static str],
}

/// Defaults for templates, so each one only says what is special about it.
pub(super) const T: Template = Template {
    key: "",
    names: &[],
    interests: &[],
    opportunity: Opportunity::Activity,
    venue: Venue::Community,
    slots: &[],
    rhythm: &[Rhythm::Weekly],
    price: &[Price::Free],
    audiences: &[],
    ages: (None, None),
    booking: false,
    summary: &[],
    about: &[],
    first: &[],
};

/// A kind of organisation and what it typically runs.
pub(super) struct OrgType {
    pub key: &'static str,
    pub names: &'static [&'static str],
    pub interests: &'static [&'static str],
    pub opportunity: Opportunity,
    /// It runs its own building of this kind.
    pub venue: Option<Venue>,
    /// It works across its borough and the boroughs next door.
    pub wide: bool,
    pub audiences: &'static [Audience],
    /// Keys of the group templates it runs.
    pub groups: &'static [&'static str],
    /// Keys of the event templates it runs.
    pub events: &'static [&'static str],
    pub summary: &'static [&'static str],
    pub about: &'static [&'static str],
    pub first: &'static [&'static str],
}

/// A kind of place.
pub(super) struct PlaceType {
    pub venue: Venue,
    pub names: &'static [&'static str],
    pub interests: &'static [&'static str],
    pub summary: &'static [&'static str],
    pub about: &'static [&'static str],
    pub first: &'static [&'static str],
    pub hours: &'static [&'static str],
    /// Each facility with the chance (per cent) that a place of this kind has it.
    pub facilities: &'static [(Facility, u64)],
}

use Audience::*;
use Facility::*;

pub(super) const PLACE_TYPES: &[PlaceType] = &[
    PlaceType {
        venue: Venue::Community,
        names: &["{word} Community Centre", "The {word} Centre", "{word} House", "{word} Neighbourhood Hall"],
        interests: &["social-and-friendship", "coffee-mornings", "learning-and-courses"],
        summary: &[
            "A busy community centre in {area} with a main hall, meeting rooms and a small kitchen.",
            "A neighbourhood centre in {area} that hosts clubs, classes and advice sessions most days of the week.",
            "A friendly community building in {area} where local groups meet from morning to evening.",
        ],
        about: &[
            "The main hall has a sprung floor and a stage, and the smaller rooms overlook a little garden.",
            "Dozens of local groups use the rooms each week, from toddler music to evening language classes.",
            "The centre was built by local residents in the 1970s and is still run by a volunteer committee.",
            "The noticeboard in the lobby is the best place to find out what is coming up.",
            "Rooms can be hired at low rates by residents and community groups.",
        ],
        first: &[
            "The reception desk is straight ahead as you come in; whoever is on duty will point you to the right room.",
            "Signs by the entrance list what is on in each room today, and the staff are happy to walk you there.",
        ],
        hours: &["Monday to Saturday, 9am to 9pm", "weekdays 8:30am to 10pm, Saturdays 10am to 4pm", "every day, 9am to 8pm"],
        facilities: &[(StepFree, 90), (AccessibleToilet, 85), (HearingLoop, 50), (QuietSpace, 45), (BlueBadgeParking, 35), (ChangingPlaces, 10)],
    },
    PlaceType {
        venue: Venue::Library,
        names: &["{word} Library", "{word} Library and Learning Centre", "The {word} Reading Rooms"],
        interests: &["book-clubs-and-reading", "getting-online", "learning-and-courses"],
        summary: &[
            "A public library in {area} with free computers, a children's corner and rooms for groups.",
            "A bright, recently refurbished library in {area} that doubles as a meeting place for local groups.",
        ],
        about: &[
            "Anyone can come in to read, use the free wifi or print a document; you only need to join to borrow books.",
            "There are public computers on the ground floor and staff can help you get started on them.",
            "Upstairs there is a study room that stays quiet all day.",
            "Large-print books, audiobooks and books in a dozen languages are on the shelves near the entrance.",
            "The events board by the door lists the week's reading groups, talks and drop-ins.",
        ],
        first: &[
            "Library staff at the front desk can show you around and sign you up for a card in a few minutes.",
            "You can just walk in and browse; nobody will ask what you are there for.",
        ],
        hours: &["Monday to Saturday, 10am to 6pm; late opening until 8pm on Thursdays", "Tuesday to Saturday, 9:30am to 5:30pm", "every day, 9am to 7pm"],
        facilities: &[(StepFree, 95), (AccessibleToilet, 80), (HearingLoop, 75), (QuietSpace, 70), (BlueBadgeParking, 20), (ChangingPlaces, 15)],
    },
    PlaceType {
        venue: Venue::Park,
        names: &["{word} Park", "{word} Fields", "{word} Common", "{word} Recreation Ground"],
        interests: &["parks-and-green-spaces", "walking", "conservation-and-wildlife"],
        summary: &[
            "A green space in {area} with a café, a pond and wide paths that are good for a gentle walk.",
            "A well-loved local park in {area} with sports pitches, a wildflower meadow and plenty of benches.",
            "A park in {area} where walking groups, tai chi classes and volunteer gardeners meet.",
        ],
        about: &[
            "The main paths are tarmacked and mostly flat, with benches every couple of hundred metres.",
            "There is a wildlife area at the far end where herons are often seen by the pond.",
            "The café by the main gate has toilets and is a common meeting point for groups.",
            "Volunteers look after the rose garden and run a small nature trail for children.",
            "In summer there is an outdoor gym and a paddling pool near the playground.",
        ],
        first: &[
            "Most groups meet by the café near the main gate, which is the easiest spot to find.",
            "The map board at each entrance shows the paths, the toilets and where the benches are.",
        ],
        hours: &["from 7:30am until dusk every day", "every day from 8am; the gates close half an hour before sunset"],
        facilities: &[(StepFree, 70), (AccessibleToilet, 50), (QuietSpace, 40), (BlueBadgeParking, 40), (ChangingPlaces, 10)],
    },
    PlaceType {
        venue: Venue::Church,
        names: &["{word} Chapel Hall", "{word} Parish Hall", "{word} Road Church Hall", "{word} Baptist Hall", "{word} Meeting House"],
        interests: &["faith-communities", "coffee-mornings", "lunch-clubs"],
        summary: &[
            "A church hall in {area} used by all sorts of community groups, whether or not they have anything to do with faith.",
            "A light, welcoming hall beside a church in {area}, home to lunch clubs, choirs and coffee mornings.",
        ],
        about: &[
            "The hall is open to everyone and most of the groups that meet here are not religious.",
            "There is a large hall with a kitchen hatch and a smaller side room with comfortable chairs.",
            "The building dates from the 1890s but has a ramp and a new accessible toilet.",
            "The congregation runs a warm space here on winter weekdays, with free hot drinks.",
        ],
        first: &[
            "Use the side door with the ramp rather than the main church entrance; the hall is just inside.",
            "Someone from the group you are visiting will usually be at the door, but the caretaker can help too.",
        ],
        hours: &["when groups are meeting, usually weekdays 9am to 9pm", "Monday to Friday, 9am to 4pm, and for evening groups"],
        facilities: &[(StepFree, 75), (AccessibleToilet, 70), (HearingLoop, 55), (QuietSpace, 40), (BlueBadgeParking, 25)],
    },
    PlaceType {
        venue: Venue::Cafe,
        names: &["The {word} Café", "{word} Coffee House", "Café {word}", "{word} Community Café"],
        interests: &["coffee-mornings", "community-meals", "social-and-friendship"],
        summary: &[
            "A not-for-profit café in {area} with cheap, good food and a back room for groups.",
            "A community café in {area} where you can sit as long as you like over one cup of tea.",
        ],
        about: &[
            "Profits go back into training young people and adults who are getting back into work.",
            "The menu changes daily and there is always a meal for under five pounds.",
            "A pay-it-forward board lets customers buy a drink for someone who cannot afford one.",
            "The back room can be booked free of charge by community groups.",
            "Staff know most regulars by name and nobody is rushed to leave.",
        ],
        first: &[
            "Order at the counter and find a seat anywhere; the staff will bring your food over.",
            "If you are here for a group, ask at the counter and they will show you to the back room.",
        ],
        hours: &["Monday to Saturday, 8am to 5pm", "Tuesday to Sunday, 9am to 4pm, with some evening events"],
        facilities: &[(StepFree, 70), (AccessibleToilet, 55), (QuietSpace, 35), (HearingLoop, 20)],
    },
    PlaceType {
        venue: Venue::Leisure,
        names: &["{word} Leisure Centre", "{word} Pool and Gym", "{word} Sports Centre"],
        interests: &["swimming", "gym-and-fitness", "sport-and-exercise"],
        summary: &[
            "A council leisure centre in {area} with a 25-metre pool, a learner pool, a gym and a sports hall.",
            "A leisure centre in {area} with a pool, studios and courts, and cheaper prices for local residents.",
        ],
        about: &[
            "There is a pool hoist and a changing area with more space for people who need help.",
            "Concession prices are available for people on benefits, carers and over-sixties.",
            "The sports hall hosts walking football, badminton and community sessions during the day.",
            "The gym runs free inductions for beginners every weekday afternoon.",
        ],
        first: &[
            "Go to the reception desk on the ground floor; staff will explain prices and show you where to change.",
            "If the turnstiles are a problem for you, there is a wide gate next to them that staff can open.",
        ],
        hours: &["Monday to Friday, 6:30am to 10pm; weekends 8am to 8pm", "every day, 7am to 9pm"],
        facilities: &[(StepFree, 95), (AccessibleToilet, 95), (HearingLoop, 60), (BlueBadgeParking, 70), (ChangingPlaces, 45), (QuietSpace, 15)],
    },
    PlaceType {
        venue: Venue::Arts,
        names: &["{word} Arts Centre", "The {word} Studios", "{word} Gallery", "{word} Makers' Yard"],
        interests: &["arts-and-crafts", "painting-and-drawing", "pottery-and-ceramics"],
        summary: &[
            "A small arts centre in {area} with a free gallery, a pottery studio and workshop rooms.",
            "Artists' studios in {area} with a ground-floor gallery and classes for the local community.",
        ],
        about: &[
            "The ground-floor gallery is free and changes its exhibition every six weeks.",
            "There is a pottery studio with two kilns and eight wheels, and a print room with a press.",
            "Local artists rent the upstairs studios and open them to the public a few times a year.",
            "The courtyard has benches and is a calm place to sit even if you are not coming to a class.",
        ],
        first: &[
            "The gallery is on the ground floor; the workshop rooms are through the courtyard at the back.",
            "Staff at the gallery desk can tell you what is on and whether there is space in today's classes.",
        ],
        hours: &["Wednesday to Sunday, 11am to 6pm, with evening classes", "Tuesday to Saturday, 10am to 5pm"],
        facilities: &[(StepFree, 65), (AccessibleToilet, 60), (QuietSpace, 35), (HearingLoop, 30)],
    },
    PlaceType {
        venue: Venue::Garden,
        names: &["{word} Community Garden", "{word} Allotments", "{word} Orchard", "{word} Growing Space"],
        interests: &["community-gardens-and-allotments", "gardening-and-nature", "conservation-and-wildlife"],
        summary: &[
            "A community garden in {area} with raised beds, a polytunnel and a pond, looked after by volunteers.",
            "A shared growing space in {area}, tucked behind a row of houses, where anyone can come and dig.",
        ],
        about: &[
            "The raised beds are at wheelchair height and the main paths are firm gravel.",
            "Vegetables grown here go to volunteers and to a local lunch club.",
            "There is a shed with tools, gloves and a kettle, and a compost toilet at the back.",
            "Bees are kept at the far end, well away from the paths.",
        ],
        first: &[
            "Come to the green gate on the street side; if it is locked, ring the number on the sign and someone will let you in.",
            "Volunteers gather by the shed at the start of each session to share out jobs.",
        ],
        hours: &["during volunteer sessions and on Saturday afternoons", "Wednesday to Sunday, 10am to 4pm"],
        facilities: &[(StepFree, 55), (AccessibleToilet, 30), (QuietSpace, 60), (BlueBadgeParking, 15)],
    },
];

/// A sentence for each facility, for place descriptions.
pub(super) const FACILITY_LINES: &[(Facility, &str)] = &[
    (StepFree, "step-free access"),
    (AccessibleToilet, "an accessible toilet"),
    (HearingLoop, "a hearing loop"),
    (QuietSpace, "a quiet room you can use if things get too much"),
    (BlueBadgeParking, "Blue Badge parking by the entrance"),
    (
        ChangingPlaces,
        "a Changing Places toilet with a hoist and adult-sized bench",
    ),
];

pub(super) const ORG_TYPES: &[OrgType] = &[
    OrgType {
        key: "community-centre",
        names: &["{area} Community Association", "{word} House Community Trust", "{area} Neighbourhood Centre Trust", "{word} Neighbours"],
        interests: &["social-and-friendship", "coffee-mornings", "learning-and-courses"],
        opportunity: Opportunity::Activity,
        venue: Some(Venue::Community),
        wide: false,
        audiences: &[],
        groups: &["coffee-morning", "lunch-club", "chair-exercise", "esol-conversation", "digital-drop-in", "bingo", "sewing", "yoga", "tai-chi", "bollywood", "intergenerational"],
        events: &["family-fun-day", "craft-market", "clothes-swap", "community-supper-event", "quiz-night-event", "weekly-social"],
        summary: &[
            "A resident-run charity that keeps the community centre in {area} open and busy.",
            "The community association for {area}, running activities for all ages in its own building.",
        ],
        about: &[
            "{org} was set up by neighbours who wanted somewhere to meet that did not cost money.",
            "It is run by a committee of local volunteers with two part-time staff.",
            "Everything it does is shaped by what residents ask for at its open meetings.",
            "It also lends its rooms at low cost to dozens of other local groups.",
        ],
        first: &["Pop into reception at {place} and ask for {host}; the kettle is usually on."],
    },
    OrgType {
        key: "mental-health",
        names: &["{borough} Wellbeing Network", "{word} Mental Health Collective", "Open Door {borough}", "{word} Minds Together"],
        interests: &["mental-health-peer-support", "peer-support", "befriending"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: true,
        audiences: &[MentalHealth],
        groups: &["peer-support", "art-wellbeing", "walking", "mens-talking", "online-peer", "gym-buddies", "read-aloud", "football"],
        events: &["wellbeing-festival", "anxiety-evening", "wellbeing-workshop", "relaxed-cinema", "weekly-walk-series"],
        summary: &[
            "A local mental health charity offering peer support, creative groups and a listening ear across {borough}.",
            "A user-led charity in {borough} where people with experience of mental distress support each other.",
        ],
        about: &[
            "{org} was started by people who had used mental health services and wanted something less clinical alongside them.",
            "No referral is needed for any of its groups; you can simply come along.",
            "Most of its staff and volunteers have lived experience of mental health problems themselves.",
            "It works closely with GPs and the local community mental health teams, but it is independent of them.",
        ],
        first: &["Call or email {host} before your first group if you would like a quick chat about what to expect."],
    },
    OrgType {
        key: "carers",
        names: &["{borough} Carers' Hub", "Carers Together {borough}", "{word} Carers' Centre"],
        interests: &["carers-support", "peer-support"],
        opportunity: Opportunity::Advice,
        venue: None,
        wide: true,
        audiences: &[Carers],
        groups: &["carers-coffee", "young-carers", "carers-advice", "yoga", "walking"],
        events: &["carers-info", "memory-cafe", "wellbeing-workshop"],
        summary: &[
            "Support, advice and a break for unpaid carers of all ages in {borough}.",
            "A charity for people who look after a family member or friend, offering advice, groups and time out.",
        ],
        about: &[
            "You are a carer if you help someone who could not manage without you, even if you have never used the word.",
            "{org} can help with carer's assessments, benefits forms and finding respite.",
            "Its groups are a chance to talk to people who understand, without having to explain everything.",
            "It also runs a service for young carers, who often juggle school with looking after a parent.",
        ],
        first: &["Ring the carers' line and {host} will have a short chat about your situation and what might help."],
    },
    OrgType {
        key: "learning-disability",
        names: &["{word} Arts for All", "{borough} Friendship Club", "Stepping Stones {area}", "{word} Together Club"],
        interests: &["social-and-friendship", "arts-and-crafts", "work-experience"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: true,
        audiences: &[LearningDisabilities, Autistic],
        groups: &["craft-ld", "inclusive-dance", "self-advocacy", "cook-eat", "easy-read", "work-placement"],
        events: &["ld-disco", "relaxed-cinema", "family-fun-day"],
        summary: &[
            "Clubs, creative sessions and friendships for adults with learning disabilities in {borough}.",
            "A charity where adults with learning disabilities run and take part in arts, social and work-skills groups.",
        ],
        about: &[
            "Members help decide what {org} does, through a members' committee that meets every month.",
            "Information is available in easy read, and staff are used to working alongside support workers and families.",
            "Many members have been coming for years and see the groups as the heart of their week.",
            "The charity also helps members travel independently to sessions if they want to learn.",
        ],
        first: &["{host} will meet you and your supporter (if you have one) for a chat and a look around before you join a group."],
    },
    OrgType {
        key: "adult-learning",
        names: &["{borough} Adult Learning", "{area} Learning Centre", "{word} Adult Education Centre"],
        interests: &["learning-and-courses", "english-classes-esol", "computer-courses"],
        opportunity: Opportunity::Course,
        venue: Some(Venue::Community),
        wide: false,
        audiences: &[],
        groups: &["esol-course", "money-skills", "computer-basics", "guitar", "bsl", "pottery", "writing"],
        events: &["esol-taster", "digital-taster", "pottery-taster", "open-day"],
        summary: &[
            "Part-time courses for adults in {area}, from English and maths to pottery and computing.",
            "An adult education centre with low-cost daytime and evening courses for local residents.",
        ],
        about: &[
            "Many courses are free for people on a low income or without qualifications.",
            "Classes are small and tutors are used to learners who have not studied since school.",
            "There is a crèche for some daytime courses, which needs booking in advance.",
            "Learners can get advice on which course suits them before they enrol.",
        ],
        first: &["Drop in to the enrolment desk at {place}; {host} or a colleague will talk you through the options."],
    },
    OrgType {
        key: "college",
        names: &["{word} College", "{word} College {area} Campus", "{area} Community College"],
        interests: &["training-and-qualifications", "learning-and-courses", "english-classes-esol"],
        opportunity: Opportunity::Course,
        venue: Some(Venue::Community),
        wide: true,
        audiences: &[],
        groups: &["esol-course", "training-course", "computer-basics", "job-club", "bsl"],
        events: &["open-day", "jobs-fair", "cv-workshop"],
        summary: &[
            "A further education college with courses, apprenticeships and support for adults returning to learning.",
            "A college serving {borough} and beyond, with part-time courses for adults and a free careers service.",
        ],
        about: &[
            "Adult learners make up nearly half of the students at {org}.",
            "A learning support team helps students with dyslexia, autism and other needs.",
            "The careers team offers free one-to-one advice, even if you are not a student.",
            "There is a quiet study room and a prayer room on site.",
        ],
        first: &["Ask for {host} at the main reception; new learners get a short tour before signing up for anything."],
    },
    OrgType {
        key: "library",
        names: &["Friends of {place}", "{word} Library Friends", "{area} Reading Partners"],
        interests: &["book-clubs-and-reading", "getting-online", "history-and-heritage"],
        opportunity: Opportunity::Activity,
        venue: Some(Venue::Library),
        wide: false,
        audiences: &[],
        groups: &["book-club", "digital-drop-in", "knit", "stay-play", "history-group", "chess", "read-aloud", "writing"],
        events: &["history-talk", "storytelling", "digital-taster"],
        summary: &[
            "A volunteer group that keeps its local library lively with reading groups, help sessions and talks.",
            "Volunteers working with library staff in {area} to run free activities for all ages.",
        ],
        about: &[
            "{org} was formed when the library faced closure, and it has been running activities there ever since.",
            "Volunteers range from retired teachers to students who drop in between lectures.",
            "All its activities are free, and it raises money through a second-hand book sale.",
            "It is always looking for new volunteers, even for an hour a month.",
        ],
        first: &["Ask at the library desk for {host}, who coordinates the volunteers."],
    },
    OrgType {
        key: "cafe",
        names: &["{word} Community Café", "The {word} Kitchen", "{word} & Co. Café"],
        interests: &["coffee-mornings", "community-meals", "work-experience"],
        opportunity: Opportunity::Activity,
        venue: Some(Venue::Cafe),
        wide: false,
        audiences: &[],
        groups: &["board-games", "community-supper", "language-cafe", "quiz-night", "record-club", "rainbow-coffee"],
        events: &["repair-cafe", "open-mic", "game-day", "community-supper-event"],
        summary: &[
            "A not-for-profit café in {area} that runs games nights, suppers and training placements.",
            "A social enterprise café where good food pays for community activities and work training.",
        ],
        about: &[
            "{org} trains people who have been out of work for a long time as baristas and kitchen staff.",
            "The café is deliberately unhurried: one cup of tea buys you a seat for the afternoon.",
            "Evenings are given over to community groups, usually for free.",
            "Food waste is collected from local shops and turned into the daily soup.",
        ],
        first: &["Come to the counter and ask for {host}; they will introduce you to whoever is running tonight's group."],
    },
    OrgType {
        key: "sports",
        names: &["{word} Sports Club", "{word} Runners", "{area} Community Sports", "{word} Active"],
        interests: &["sport-and-exercise", "running", "football"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[],
        groups: &["running", "walking-football", "football", "table-tennis", "cycling", "walking", "learn-swim", "nordic-walking"],
        events: &["sports-taster", "bike-workshop", "family-fun-day", "weekly-walk-series"],
        summary: &[
            "A community sports club in {area} for people who never thought sport was for them.",
            "Friendly, low-cost sport for adults of all abilities across {area}.",
        ],
        about: &[
            "{org} has no trials and no first team; everyone plays.",
            "Coaches are volunteers with qualifications in coaching disabled people and older adults.",
            "Membership is cheap and there is a hardship fund for anyone who cannot pay.",
            "The club has its own kit store, so you do not need to buy anything to start.",
        ],
        first: &["Message {host} to say you are coming and they will look out for you at your first session."],
    },
    OrgType {
        key: "arts",
        names: &["{word} Arts Collective", "{word} Studios Trust", "{area} Open Studios", "{word} Creative"],
        interests: &["arts-and-crafts", "painting-and-drawing", "pottery-and-ceramics"],
        opportunity: Opportunity::Activity,
        venue: Some(Venue::Arts),
        wide: false,
        audiences: &[],
        groups: &["life-drawing", "pottery", "painting", "art-wellbeing", "photo-walk", "sewing"],
        events: &["exhibition", "open-studios", "pottery-taster", "craft-market"],
        summary: &[
            "An arts charity in {area} with a free gallery, open studios and classes for the local community.",
            "Artists and neighbours in {area} sharing studios, skills and a small gallery.",
        ],
        about: &[
            "{org} believes anyone can make art, and its classes are priced so that most people can.",
            "Every year it shows work by local people alongside professional artists.",
            "Free places on every course are kept for people referred by local support services.",
            "The studios are in a converted workshop with a courtyard garden.",
        ],
        first: &["Call in at the gallery desk and ask for {host}; they can show you the studios and what is on."],
    },
    OrgType {
        key: "faith",
        names: &["{word} Community Church", "{area} Interfaith Forum", "{word} Meditation Centre", "{word} Fellowship"],
        interests: &["faith-communities", "meditation-and-reflection", "community-meals"],
        opportunity: Opportunity::Activity,
        venue: Some(Venue::Church),
        wide: false,
        audiences: &[],
        groups: &["meditation", "open-church", "lunch-club", "coffee-morning", "gospel-choir", "food-share", "community-supper"],
        events: &["quiet-day", "concert", "welcome-supper", "community-supper-event", "weekly-social"],
        summary: &[
            "A faith community in {area} whose hall, lunches and quiet room are open to people of any faith or none.",
            "A welcoming faith group in {area} running meals, meditation and support for neighbours.",
        ],
        about: &[
            "Nobody is asked about their beliefs at any of the community activities {org} runs.",
            "Volunteers from the congregation run the weekday lunches and the winter warm space.",
            "The building is open for quiet reflection on weekday afternoons.",
            "It works with other faith groups nearby on a shared food project.",
        ],
        first: &["You are welcome to come in and sit quietly; {host} or a volunteer will offer you a drink if you would like one."],
    },
    OrgType {
        key: "garden",
        names: &["{area} Community Garden", "{word} Grow", "{word} Growing Project", "Friends of {place}"],
        interests: &["community-gardens-and-allotments", "environmental-volunteering", "conservation-and-wildlife"],
        opportunity: Opportunity::Volunteering,
        venue: Some(Venue::Garden),
        wide: false,
        audiences: &[],
        groups: &["garden-volunteers", "allotment", "conservation", "wildlife", "litter-pickers"],
        events: &["seed-swap", "plant-sale", "tree-planting", "garden-open-day", "bat-walk"],
        summary: &[
            "Volunteers growing food and flowers together in {area}, with sessions for all abilities.",
            "A community growing project in {area} that welcomes anyone who wants to get their hands dirty.",
        ],
        about: &[
            "{org} turned a patch of waste ground into a garden with the help of hundreds of local volunteers.",
            "Gardening here is about company as much as vegetables.",
            "Some volunteers are referred by their GP for the benefits of being outside.",
            "Produce is shared among volunteers and given to a local food project.",
        ],
        first: &["Turn up at the start of any session and {host} will give you a tour and a cup of tea before any digging."],
    },
    OrgType {
        key: "tenants",
        names: &["{word} Estate Tenants' and Residents' Association", "{area} Residents' Association", "{word} Court Tenants' Association"],
        interests: &["social-and-friendship", "coffee-mornings", "games-and-quizzes"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[],
        groups: &["coffee-morning", "bingo", "litter-pickers", "youth-club", "residents-meeting"],
        events: &["family-fun-day", "clean-up", "clothes-swap", "weekly-social"],
        summary: &[
            "The tenants' and residents' association for the {word} estate in {area}, run by residents for residents.",
            "Residents in {area} working together on repairs, safety and a busy social calendar.",
        ],
        about: &[
            "{org} takes residents' repair problems to the landlord and keeps pushing until they are fixed.",
            "It runs the estate's community room, which residents can book for parties.",
            "Anyone living on the estate can join, whether they rent or own.",
            "The committee is elected at an annual meeting that always includes a buffet.",
        ],
        first: &["Knock on the community room door during any session, or ring {host}, who lives on the estate."],
    },
    OrgType {
        key: "refugee",
        names: &["{borough} Refugee Welcome", "{word} Refugee Network", "Sanctuary {area}", "{word} Welcome Centre"],
        interests: &["english-classes-esol", "social-and-friendship", "befriending"],
        opportunity: Opportunity::Advice,
        venue: None,
        wide: true,
        audiences: &[Refugees],
        groups: &["esol-conversation", "refugee-advice", "sewing", "football", "cook-eat", "womens-circle"],
        events: &["welcome-supper", "esol-taster", "family-fun-day"],
        summary: &[
            "Friendship, English practice and practical help for refugees and people seeking asylum in {borough}.",
            "A welcome network in {borough} helping people who have arrived from overseas to settle and feel at home.",
        ],
        about: &[
            "{org} began as a group of neighbours cooking meals for newly arrived families.",
            "Volunteers speak many languages between them, including Arabic, Farsi, Tigrinya and Ukrainian.",
            "Advice sessions are run with qualified immigration and housing advisers.",
            "Travel costs can be refunded for anyone who needs it.",
        ],
        first: &["Come to any drop-in; {host} or a volunteer who speaks your language will sit with you."],
    },
    OrgType {
        key: "older-people",
        names: &["{borough} Later Life", "{word} Friendship Circle", "Silver {word} {borough}", "{word} Good Neighbours"],
        interests: &["lunch-clubs", "befriending", "social-and-friendship"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: true,
        audiences: &[OlderPeople],
        groups: &["lunch-club", "tea-dance", "chair-exercise", "befriending", "tablet-tea", "memory-singing", "phone-friends", "bingo", "tai-chi", "intergenerational", "lgbtq-over50"],
        events: &["memory-cafe", "tea-dance-event", "health-check", "digital-taster", "weekly-walk-series", "weekly-social"],
        summary: &[
            "Lunch clubs, befriending and outings for older people in {borough} who would like more company.",
            "A charity helping older people in {borough} stay connected, active and independent.",
        ],
        about: &[
            "{org} can arrange door-to-door transport to its groups for people who find travelling hard.",
            "Its befriending volunteers visit or phone older people who live alone every week.",
            "The charity's advice line helps with benefits, home adaptations and care.",
            "Birthdays are always celebrated with a cake at lunch club.",
        ],
        first: &["Ring {host} and they can arrange for a volunteer to come with you to your first session."],
    },
    OrgType {
        key: "youth",
        names: &["{area} Youth Project", "{word} Young People's Trust", "{word} Youth Collective"],
        interests: &["social-and-friendship", "sport-and-exercise", "work-experience"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[YoungPeople],
        groups: &["youth-club", "youth-music", "football", "young-carers", "job-club"],
        events: &["build-a-website", "sports-taster", "family-fun-day"],
        summary: &[
            "Youth clubs, music and sport for young people aged 11 to 19 in {area}.",
            "A youth charity in {area} giving young people safe places to go and things to do.",
        ],
        about: &[
            "{org} is run by youth workers who grew up locally.",
            "Young people sit on its board and help choose what it spends money on.",
            "All sessions are free, and there is always food.",
            "Youth workers can also help with college applications, first jobs and difficult times at home.",
        ],
        first: &["Young people can just turn up; parents are welcome to come to the door and meet {host}."],
    },
    OrgType {
        key: "employment",
        names: &["{borough} Works", "{word} Pathways", "Next Step {area}", "{word} Skills Hub"],
        interests: &["job-search-and-cvs", "training-and-qualifications", "work-experience"],
        opportunity: Opportunity::Employment,
        venue: None,
        wide: true,
        audiences: &[],
        groups: &["job-club", "training-course", "work-placement", "computer-basics", "money-skills", "charity-shop"],
        events: &["jobs-fair", "cv-workshop", "return-to-work", "volunteer-fair"],
        summary: &[
            "Free, patient help finding work, training or volunteering, for people who have been out of work a while.",
            "A local employment charity helping people in {borough} into jobs that suit them.",
        ],
        about: &[
            "Each person who comes to {org} gets their own adviser who sticks with them, even after they start work.",
            "Advisers are experienced at supporting people with mental health problems, disabilities or gaps on their CV.",
            "Nothing it offers affects your benefits, and advisers can explain the rules.",
            "It has links with local employers who are keen to recruit people from the area.",
        ],
        first: &["Your first meeting is a relaxed chat with {host} about what you would like to do; no CV needed."],
    },
    OrgType {
        key: "lgbtq",
        names: &["{borough} Pride Social", "{word} Rainbow Group", "Out in {area}", "{word} Queer Collective"],
        interests: &["social-and-friendship", "peer-support", "book-clubs-and-reading"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: true,
        audiences: &[Lgbtq],
        groups: &["rainbow-coffee", "peer-support", "walking", "book-club", "board-games", "lgbtq-over50"],
        events: &["rainbow-picnic", "quiz-night-event", "film-night"],
        summary: &[
            "Social groups and support for LGBTQ+ people of all ages in and around {borough}.",
            "A volunteer-run LGBTQ+ community group in {borough}, with coffee, walks and book chat.",
        ],
        about: &[
            "{org} started as a coffee meet-up for people who found the bar scene was not for them.",
            "Groups are alcohol-free and held in daytime or early evening.",
            "Older LGBTQ+ people, trans and non-binary people and those just coming out are especially welcome.",
            "Volunteers are trained to signpost people to specialist services when they need them.",
        ],
        first: &["If you are nervous about coming alone, email {host} and they will arrange to meet you outside first."],
    },
    OrgType {
        key: "autism",
        names: &["{borough} Autism Network", "{word} Neurodiverse Collective", "{word} Spectrum Club"],
        interests: &["autism-and-neurodiversity", "peer-support", "games-and-quizzes"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: true,
        audiences: &[Autistic],
        groups: &["autistic-social", "parents-autism", "peer-support", "board-games", "work-placement"],
        events: &["relaxed-cinema", "game-day", "anxiety-evening"],
        summary: &[
            "Social groups and peer support run by and for autistic adults in {borough}.",
            "An autistic-led charity in {borough} with quiet social groups and support for families.",
        ],
        about: &[
            "{org} is run by autistic people, and every group is planned with sensory needs in mind.",
            "Lighting is kept low, there is always a quiet room, and nobody has to make small talk.",
            "A formal diagnosis is not needed to join any group.",
            "Detailed information, with photos of each venue, is sent to anyone before their first visit.",
        ],
        first: &["{host} can send you photos of the room and a plan of the session before you come."],
    },
    OrgType {
        key: "womens-centre",
        names: &["{area} Women's Centre", "{word} Sisters", "{word} Women's Hub"],
        interests: &["womens-groups", "peer-support", "english-classes-esol"],
        opportunity: Opportunity::Advice,
        venue: None,
        wide: true,
        audiences: &[Women],
        groups: &["womens-circle", "women-swim", "sewing", "esol-course", "peer-support", "bollywood"],
        events: &["wellbeing-festival", "clothes-swap", "carers-info"],
        summary: &[
            "A women-only space in {area} offering advice, courses, counselling and friendship.",
            "A women's centre in {area} where women can get support, learn and meet others.",
        ],
        about: &[
            "{org} is a women-only space, staffed by women, with a free crèche during most sessions.",
            "Advisers help with housing, benefits, debt and leaving abusive relationships.",
            "There is a low-cost counselling service with a short waiting list.",
            "Interpreters can be booked for advice appointments.",
        ],
        first: &["Ring the front door buzzer and say you are here for the first time; {host} or a colleague will come down to meet you."],
    },
    OrgType {
        key: "mens-shed",
        names: &["{word} Men's Shed {area}", "{area} Shed", "{word} Workshop"],
        interests: &["mens-groups", "arts-and-crafts", "mental-health-peer-support"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[Men],
        groups: &["mens-shed", "mens-breakfast", "walking", "mens-talking"],
        events: &["repair-cafe", "bike-workshop", "plant-sale"],
        summary: &[
            "A workshop in {area} where men meet to make, mend and chat shoulder to shoulder.",
            "A community shed for men in {area}, with tools, tea and good company.",
        ],
        about: &[
            "{org} started because a few men missed the friendship they had at work.",
            "Members build bird boxes, restore furniture and make things for local schools.",
            "Nobody needs any skills; there is always someone to show you how.",
            "Women are welcome at the open sessions on the first Saturday of the month.",
        ],
        first: &["Knock on the workshop door and {host} will show you round and find you a mug."],
    },
    OrgType {
        key: "environment",
        names: &["{area} Green Team", "{word} Rewilders", "{word} Nature Volunteers", "Greener {area}"],
        interests: &["environmental-volunteering", "conservation-and-wildlife", "cycling"],
        opportunity: Opportunity::Volunteering,
        venue: None,
        wide: false,
        audiences: &[],
        groups: &["conservation", "litter-pickers", "wildlife", "cycling", "park-friends", "event-crew", "nordic-walking"],
        events: &["tree-planting", "clean-up", "bat-walk", "repair-cafe", "stargazing", "weekly-walk-series"],
        summary: &[
            "Volunteers making {area} greener, one litter pick and tree planting at a time.",
            "A neighbourhood environmental group caring for parks, verges and wildlife in {area}.",
        ],
        about: &[
            "{org} has planted hundreds of trees and dozens of hedges since it began.",
            "Volunteers of all ages take part, and families with children are very welcome.",
            "Tools, gloves and hi-vis vests are provided at every session.",
            "It works with the council's parks team but decides its own projects.",
        ],
        first: &["Look for the group's green flag at the meeting point; {host} will sign you in and give you gloves."],
    },
    OrgType {
        key: "music",
        names: &["{area} Community Choir", "{word} Singers", "{word} Music Collective", "{area} Ukulele Orchestra"],
        interests: &["music", "singing-and-choirs", "playing-an-instrument"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[],
        groups: &["choir", "ukulele", "samba", "guitar", "record-club", "event-crew"],
        events: &["concert", "come-and-sing", "open-mic", "ceilidh"],
        summary: &[
            "Community music in {area}: singing, strumming and drumming for people who love music.",
            "A music charity in {area} that believes everybody can make music.",
        ],
        about: &[
            "{org} has no auditions and no minimum standard.",
            "Members come from every part of the community, aged 18 to 90.",
            "Subs are kept low and nobody is turned away for lack of money.",
            "The highlight of the year is a big concert with all the groups together.",
        ],
        first: &["Come to any rehearsal and introduce yourself to {host}, who will find you a seat."],
    },
    OrgType {
        key: "heritage",
        names: &["{area} History Society", "{word} Heritage Trust", "{area} Local History Archive"],
        interests: &["history-and-heritage", "walking", "book-clubs-and-reading"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[],
        groups: &["history-group", "photo-walk", "archive-volunteers"],
        events: &["history-talk", "heritage-walk", "exhibition"],
        summary: &[
            "Local history talks, walks and an archive of old photographs of {area}.",
            "A heritage group that collects and shares the stories of {area} and its people.",
        ],
        about: &[
            "{org} collects old photos, maps and memories from residents and makes them free to see.",
            "Members range from retired historians to people who simply love a good story.",
            "Talks are held monthly and are free to non-members.",
            "It is recording the memories of older residents before they are lost.",
        ],
        first: &["Come to a talk and say hello to {host} at the welcome table."],
    },
    OrgType {
        key: "food",
        names: &["{area} Community Kitchen", "{word} Food Hub", "{area} Food Share", "{word} Table"],
        interests: &["community-meals", "cooking-skills", "volunteering"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: false,
        audiences: &[],
        groups: &["community-supper", "cook-eat", "food-share", "baking", "lunch-club"],
        events: &["community-supper-event", "cook-along", "welcome-supper"],
        summary: &[
            "Shared meals, cooking classes and a food share for anyone in {area}.",
            "A community food project in {area} tackling loneliness and food waste at the same time.",
        ],
        about: &[
            "{org} rescues surplus food from supermarkets and turns it into hot meals.",
            "Everyone eats together at long tables, volunteers and guests alike.",
            "There is no means test: anyone can come to a meal.",
            "Volunteers can gain a food hygiene certificate through the project.",
        ],
        first: &["Just come to a meal; {host} will introduce you to someone at your table."],
    },
    OrgType {
        key: "recovery",
        names: &["{word} Recovery Community", "{borough} Recovery Café", "{word} Fresh Start"],
        interests: &["recovery-from-addiction", "peer-support", "community-gardens-and-allotments"],
        opportunity: Opportunity::Activity,
        venue: None,
        wide: true,
        audiences: &[],
        groups: &["recovery-cafe", "allotment", "peer-support", "gym-buddies"],
        events: &["wellbeing-festival", "community-supper-event"],
        summary: &[
            "A peer-led recovery community in {borough} for people affected by drink or drugs.",
            "Support, activities and friendship for people in recovery from addiction, and their families.",
        ],
        about: &[
            "{org} is run by people in long-term recovery who know how hard the first steps are.",
            "You do not need to be abstinent to come, only to arrive sober on the day.",
            "Families and friends affected by someone else's drinking or drug use are welcome too.",
            "It works alongside treatment services but does not replace them.",
        ],
        first: &["{host} or another volunteer will meet you at the door and show you round; you will not be asked to share your story."],
    },
    OrgType {
        key: "digital",
        names: &["{borough} Digital Buddies", "{word} Tech Help", "Get Connected {area}"],
        interests: &["digital-skills", "getting-online", "phones-and-tablets"],
        opportunity: Opportunity::Course,
        venue: None,
        wide: true,
        audiences: &[],
        groups: &["digital-drop-in", "tablet-tea", "computer-basics"],
        events: &["digital-taster", "online-safety"],
        summary: &[
            "Friendly help with phones, tablets and computers for anyone who feels left behind online.",
            "Volunteers in {borough} helping people get online and stay safe there.",
        ],
        about: &[
            "{org} can lend tablets with free data to people who cannot afford their own.",
            "Volunteers are patient and will explain things as many times as you need.",
            "Popular topics include video calls with family, online shopping and booking GP appointments.",
            "Help is one-to-one, so you work on what matters to you.",
        ],
        first: &["Bring your device and any passwords you have; {host} will sit with you and ask what you would like to do."],
    },
    OrgType {
        key: "bereavement",
        names: &["{word} Bereavement Service", "{borough} Grief Support", "{word} Remembering"],
        interests: &["bereavement-support", "peer-support", "walking"],
        opportunity: Opportunity::Advice,
        venue: None,
        wide: true,
        audiences: &[],
        groups: &["bereavement-cafe", "walking", "peer-support"],
        events: &["remembrance", "wellbeing-workshop", "weekly-walk-series"],
        summary: &[
            "Support for people in {borough} who have lost someone, however long ago.",
            "A bereavement charity offering cafés, walks and one-to-one support.",
        ],
        about: &[
            "{org} offers free one-to-one support from trained volunteers as well as its groups.",
            "There is no time limit on grief, and people come years after their loss.",
            "It supports people bereaved by suicide through a separate, specialist group.",
            "Children and young people can be referred to its partner service.",
        ],
        first: &["Ring {host} first if you like; they can tell you what happens at each group so there are no surprises."],
    },
    OrgType {
        key: "advice",
        names: &["{area} Advice Centre", "{word} Advice Collective", "{borough} Money and Housing Advice"],
        interests: &["maths-and-money-skills", "work-and-skills"],
        opportunity: Opportunity::Advice,
        venue: None,
        wide: true,
        audiences: &[],
        groups: &["benefits-advice", "money-skills", "refugee-advice", "charity-shop"],
        events: &["benefits-surgery", "health-check", "carers-info"],
        summary: &[
            "Free, independent advice on benefits, debt, housing and work for people in {borough}.",
            "A local advice charity that helps people sort out money, housing and paperwork problems.",
        ],
        about: &[
            "Advisers at {org} can fill in forms with you, speak to your landlord and represent you at appeals.",
            "Advice is confidential and does not depend on your immigration status.",
            "Appointments can be by phone, video or face to face.",
            "Last year its advisers helped local people claim over a million pounds they were entitled to.",
        ],
        first: &["Drop in without an appointment during open sessions; {host} at the desk will take your details."],
    },
];

/// Who meets you, for the first-visit note. `{host}` is the contact.
pub(super) const GREETINGS: &[&str] = &[
    "{host} looks out for new faces and will meet you at the door.",
    "When you arrive, ask for {host}, who runs things and will introduce you to a couple of people.",
    "Someone wearing a bright yellow lanyard will say hello as you come in; more often than not it is {host}.",
    "{host} or one of the regulars will meet you at the entrance and show you where to sit.",
    "If you let {host} know you are coming, they will wait for you by the front door.",
    "Give {host} a ring beforehand if you like; they can meet you outside so you do not have to walk in alone.",
    "The door is usually propped open and {host} sits nearest to it, so you will not have to hunt for anyone.",
    "You will be greeted by {host}, who has been part of it for years and remembers how daunting a first visit can feel.",
    "A volunteer on the welcome table will take your first name, make you a name badge if you want one and introduce you to {host}.",
    "{host} keeps a seat free near the door for newcomers, so you can settle in without crossing the room.",
];

/// Small reassurances for the first-visit note.
pub(super) const COMFORTS: &[&str] = &[
    "You are very welcome to sit and watch the first time.",
    "Tea, coffee and biscuits are on the table from the start.",
    "Bring a friend or support worker if that makes it easier.",
    "Nobody will ask you to introduce yourself to the whole room.",
    "You can leave whenever you need to, with no explanation needed.",
    "There is a quieter side room if things get too busy.",
    "Come as you are; there is no dress code and nothing to prepare.",
    "If you are running late, just slip in — people arrive at all sorts of times.",
    "Most people come on their own the first time.",
    "The kettle goes on about ten minutes before the start, which is a good time to arrive.",
    "It is fine to come just for the tea and see how you feel.",
    "Herbal tea and squash are there too if you prefer them to coffee.",
    "Nobody minds if you spend the first session mostly listening.",
    "If you have access needs, mention them when you arrive and they will be sorted without fuss.",
];

/// Reassurances that make sense anywhere: outdoors, online, at a pool or
/// for an organisation as a whole.
pub(super) const ANYWHERE_COMFORTS: &[&str] = &[
    "Bring a friend or support worker if that makes it easier.",
    "You can stop whenever you need to, with no explanation needed.",
    "Most people come on their own the first time.",
    "Nobody minds if you spend the first session mostly listening.",
    "If you have access needs, mention them beforehand and they will be sorted without fuss.",
    "Nobody will ask you to introduce yourself to everyone.",
];

/// Who can help on a first visit to a place. `{host}` is the contact.
pub(super) const PLACE_GREETINGS: &[&str] = &[
    "{host} on the front desk can tell you what is on today and where to find it.",
    "If you ring ahead, {host} can meet you at the entrance and show you round.",
    "Ask for {host}, who looks after bookings and knows every group that meets at {name}.",
    "{host} runs a short welcome tour for newcomers; ask at the desk if you would like one.",
    "Regular visitors say hello to {host} first; you can too, and they will point you in the right direction.",
];

/// Who can help on a first visit to a park or garden.
pub(super) const OUTDOOR_GREETINGS: &[&str] = &[
    "{host}, who looks after {name}, is usually near the main gate in the mornings and happy to help.",
    "Volunteers, often including {host}, gather by the noticeboard on Saturday mornings and love to show people round.",
    "If you would like company on your first visit, ring {host} and someone can meet you at the gate.",
    "{host} can send you a simple map with the flattest routes and the nearest toilets marked.",
];

/// Reassurances for a first visit to a building.
pub(super) const PLACE_COMFORTS: &[&str] = &[
    "Staff are used to helping people find their way, so do ask.",
    "You can just come in and look around; nobody will ask why you are there.",
    "Toilets are signposted from the entrance.",
    "There are seats near the entrance if you need a rest.",
    "If you have access needs, call ahead and someone will meet you at the door.",
    "It is quietest first thing in the morning, if you would rather visit when it is calm.",
];

pub(super) const BOOK_AHEAD: &[&str] = &[
    "Places are limited, so please book by phone or email first.",
    "Please book ahead so there is a place ready for you.",
    "Booking is needed because numbers are small; just send an email.",
];

pub(super) const DROP_IN: &[&str] = &[
    "There is no need to book — just turn up.",
    "You do not need to book; come along on the day.",
    "No booking and no forms; just come.",
];

/// Sentences about the kind of thing, by top-level interest, so two
/// listings built from the same template still read differently.
pub(super) const INTEREST_LINES: &[(&str, &[&str])] = &[
    (
        "arts-and-crafts",
        &[
            "Nobody is judged on how their work turns out; the point is the making.",
            "Beginners often surprise themselves with what they make in the first few weeks.",
            "Nobody needs special equipment to begin; what you need is there on the day.",
            "Finished pieces sometimes end up on display in local cafés and libraries.",
        ],
    ),
    (
        "music",
        &[
            "You do not need to read music or own an instrument.",
            "Making music with other people is one of the quickest ways to feel part of something.",
            "The repertoire is chosen by the group, so expect anything from Motown to sea shanties.",
            "Nobody is ever asked to perform on their own.",
        ],
    ),
    (
        "sport-and-exercise",
        &[
            "Everything can be adapted for different fitness levels and health conditions.",
            "It is about feeling better, not about winning.",
            "Many people who come have not exercised for years, and that is fine.",
            "The instructor checks in with everyone during the session so nobody overdoes it.",
        ],
    ),
    (
        "food-and-cooking",
        &[
            "Dietary needs, including halal, vegetarian and gluten-free, are always catered for.",
            "Recipes are written down so you can try them again at home.",
            "Sharing food is a gentle way to get to know people.",
            "Leftovers are boxed up so nothing goes to waste.",
        ],
    ),
    (
        "gardening-and-nature",
        &[
            "Being outside and working with your hands can lift your mood more than you might expect.",
            "Jobs change with the seasons, from sowing seeds to clearing leaves.",
            "Gloves and tools are provided; bring old clothes and sturdy shoes.",
            "There is always a lighter job for anyone who cannot kneel or lift.",
        ],
    ),
    (
        "learning-and-courses",
        &[
            "Tutors go at the pace of the group, and questions are always welcome.",
            "There are no exams unless you want a certificate at the end.",
            "It is never too late to learn something new, and several learners are in their seventies.",
            "Handouts are available in large print on request.",
        ],
    ),
    (
        "volunteering",
        &[
            "Volunteering is a good way to meet people, learn new skills and get a reference for work.",
            "You can give as much or as little time as suits you.",
            "All volunteers get an induction and a named person to go to with questions.",
            "Travel and lunch expenses are paid.",
        ],
    ),
    (
        "work-and-skills",
        &[
            "Support is one-to-one and goes at your own pace.",
            "Nothing here will affect your benefits.",
            "Advisers understand gaps in CVs and will help you explain them with confidence.",
            "You can use the computers and printer for job applications for free.",
        ],
    ),
    (
        "peer-support",
        &[
            "Everyone there has been through something similar, which makes it easier to talk.",
            "What is said in the group stays in the group.",
            "You never have to share anything you do not want to.",
            "It is not therapy, but many people find it helps in a different way.",
        ],
    ),
    (
        "faith",
        &[
            "People of any faith or none are welcome, and nobody will try to convert you.",
            "Time is given to quiet as well as to conversation.",
            "It is a gentle space to slow down in the middle of the week.",
        ],
    ),
    (
        "digital-skills",
        &[
            "No question is too basic — volunteers have heard them all before.",
            "Bring your own phone, tablet or laptop, or borrow one of ours.",
            "You will learn how to stay safe from scams as well as how to get things done.",
            "Everything is explained without jargon.",
        ],
    ),
    (
        "social-and-friendship",
        &[
            "It is a good place to make friends if you have moved to the area or lost touch with people.",
            "Conversation is easy because there is always something going on to talk about.",
            "Regulars are a mix of ages and backgrounds, and newcomers fit in quickly.",
            "For some people it is the one time in the week they see others, and the group takes that seriously.",
        ],
    ),
];

/// A sentence for listings meant for a particular audience.
pub(super) const AUDIENCE_LINES: &[(Audience, &[&str])] = &[
    (Carers, &[
        "It is for unpaid carers, who can bring the person they look after if that helps.",
        "Carers can come for a break, and cover can sometimes be arranged for the person they care for.",
    ]),
    (Women, &["It is a women-only group, led by women.", "The group is for women, including trans women."]),
    (Men, &["It is a men's group, for men of any age.", "The group is for men, and it is relaxed about what counts as a reason to come."]),
    (Lgbtq, &["It is an LGBTQ+ group, and friends and allies are welcome at open sessions.", "The group is run by and for LGBTQ+ people."]),
    (LearningDisabilities, &[
        "It is designed for adults with learning disabilities, with easy read information and extra support.",
        "Sessions are planned for people with learning disabilities, and supporters are welcome too.",
    ]),
    (MentalHealth, &[
        "It is especially for people living with mental health problems, with or without a diagnosis.",
        "People who are struggling with their mental health are especially welcome, and staff are trained to support them.",
    ]),
    (OlderPeople, &["It is aimed at older people, though younger visitors are welcome.", "Most people who come are over sixty."]),
    (YoungPeople, &["It is for young people, with youth workers on hand throughout.", "It is run for young people, who help shape it."]),
    (Families, &["Families are welcome, and children must be with an adult.", "It is for families, so bring the children along."]),
    (Refugees, &[
        "It is for refugees and people seeking asylum, whatever their status.",
        "People who are new to the UK, including refugees and asylum seekers, are especially welcome.",
    ]),
    (Autistic, &[
        "It is planned with autistic people in mind, with low lighting and a quiet room.",
        "Autistic people are especially welcome, and the session follows the same pattern each time.",
    ]),
];

/// Closing sentences that tie a group or event to its organiser.
pub(super) const CLOSERS: &[&str] = &[
    "It is run by {org}, and {host} is happy to answer questions before you come.",
    "Sessions take place at {place} in {area}.",
    "{org} has run it for several years and it has a loyal group of regulars.",
    "It meets at {place}, a short walk from the high street in {area}.",
    "Ask {host} if you need directions or help with travel.",
    "{org} keeps the group small so everyone gets to know each other.",
    "New people join most weeks, so you will not be the only newcomer at {place}.",
    "If you cannot come every time, that is fine; {host} will be pleased to see you whenever you can.",
    "Everyone at {org} remembers their own first time, so expect a warm welcome.",
    "{host} can send directions to {place} by text or email.",
];

/// Closing sentences for events.
pub(super) const EVENT_CLOSERS: &[&str] = &[
    "It is organised by {org}, and {host} is happy to answer questions beforehand.",
    "It takes place at {place} in {area}.",
    "{host} can send directions to {place} by text or email.",
    "Everyone at {org} remembers their own first time, so expect a warm welcome.",
    "Ask {host} if you need directions or help with travel.",
    "{org} puts it on with help from local volunteers.",
    "Last time it was one of the busiest days of the year at {place}.",
];

pub(super) const FREE_NOTES: &[&str] = &[
    "",
    "",
    "Free, with refreshments",
    "Free; donations to the tea fund welcome",
    "",
];

pub(super) const PWYC_NOTES: &[&str] = &[
    "Suggested donation £2, but nobody is turned away",
    "Pay what you can; put whatever you like in the pot",
    "Give what you can afford, or nothing at all",
];

pub(super) const PRICE_NOTES: &[&str] = &[
    "Concessions half price",
    "Includes materials and refreshments",
    "First session free",
    "Free for carers accompanying someone",
    "Ask about the hardship fund if cost is a problem",
];

pub(super) const CANCEL_REASONS: &[&str] = &[
    "Hall closed for repairs",
    "Our session leader is away this week",
    "The hall is being used as a polling station",
    "Heating broken; back to normal next time",
];
