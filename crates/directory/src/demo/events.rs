//! Kinds of event: one-offs, short runs and regular ones.

use super::catalogue::{Price, Rhythm, Template, Venue, FR, MO, SA, SU, T, TH, TU, WE};
use crate::Audience::*;
use crate::Opportunity;

const ONCE: &[Rhythm] = &[Rhythm::Once];
const MONTHLY_EVENT: &[Rhythm] = &[Rhythm::Monthly, Rhythm::MonthlyFor(3), Rhythm::Monthly];
const SHORT_RUN: &[Rhythm] = &[Rhythm::WeeklyFor(4), Rhythm::WeeklyFor(6), Rhythm::Once];

/// The defaults for events: a free one-off.
const E: Template = Template {
    opportunity: Opportunity::Event,
    rhythm: ONCE,
    ..T
};

pub(super) const EVENTS: &[Template] = &[
    Template {
        key: "repair-cafe",
        names: &["{area} Repair Café", "{word} Fix-it Afternoon", "Mend It {area}"],
        interests: &["environmental-volunteering", "knitting-and-sewing"],
        venue: Venue::Community,
        slots: &[(SA, 13, 0, 180), (SU, 11, 0, 180)],
        rhythm: MONTHLY_EVENT,
        summary: &[
            "Bring broken lamps, toasters, clothes and bikes to be fixed for free by volunteer repairers, {when}.",
            "A repair café in {area}: sit with a volunteer fixer and learn how to mend your own things.",
        ],
        about: &[
            "Volunteer electricians, sewers and tinkerers fix what they can and show you how they did it.",
            "Around two thirds of items leave working, and the rest usually leave with a diagnosis.",
            "While you wait there is tea, cake and a table of mending magazines.",
        ],
        first: &[
            "Register your item at the welcome table and {host} will give you a number and a cup of tea.",
            "Bring the item, any parts and its charger; we cannot fix gas appliances or microwaves.",
        ],
        ..E
    },
    Template {
        key: "seed-swap",
        names: &["{area} Seed and Plant Swap", "{word} Seed Swap"],
        interests: &["community-gardens-and-allotments", "gardening-and-nature"],
        venue: Venue::Garden,
        slots: &[(SA, 11, 0, 180)],
        summary: &[
            "Swap seeds, cuttings and seedlings with other growers {when}.",
            "Bring spare seeds or plants, or nothing at all, and go home with something to grow.",
        ],
        about: &[
            "Tables are laid out by type, from tomatoes and beans to herbs and flowers.",
            "Experienced growers are on hand with advice for balconies, window boxes and allotments.",
            "You do not need to bring anything to take something home.",
        ],
        first: &[
            "{host} will be at the welcome table with envelopes and labels for your seeds.",
            "Come early for the best choice of seedlings.",
        ],
        ..E
    },
    Template {
        key: "clean-up",
        names: &[
            "Big {area} Litter Pick",
            "{word} Street Clean-up",
            "{area} Spring Clean",
        ],
        interests: &["environmental-volunteering", "parks-and-green-spaces"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Park,
        slots: &[(SA, 10, 0, 150), (SU, 10, 0, 120)],
        rhythm: &[Rhythm::Once, Rhythm::MonthlyFor(3)],
        summary: &[
            "Join neighbours for a big tidy-up of parks and streets {when}.",
            "A community clean-up in {area}, with all the kit provided and refreshments after.",
        ],
        about: &[
            "Teams head out to different streets and meet back for refreshments at the end.",
            "Children are welcome with an adult, and there are smaller pickers for them.",
            "Last time volunteers filled over a hundred bags.",
        ],
        first: &[
            "Sign in with {host} at the meeting point to get your gloves, picker and bags.",
            "Wear sturdy shoes and clothes for the weather.",
        ],
        ..E
    },
    Template {
        key: "tree-planting",
        names: &[
            "Tree Planting Day at {place}",
            "{area} Hedge Planting",
            "{word} Orchard Planting",
        ],
        interests: &["conservation-and-wildlife", "environmental-volunteering"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Park,
        slots: &[(SA, 10, 0, 240), (SU, 10, 0, 240)],
        booking: true,
        summary: &[
            "Help plant trees and hedges for wildlife {when}; no experience needed.",
            "A planting day in {area}: spades, gloves, a lunch and a lasting difference.",
        ],
        about: &[
            "A ranger shows everyone how to plant and protect young trees.",
            "The new hedge will give birds and insects food and shelter for decades.",
            "A hot lunch is provided for everyone who helps.",
        ],
        first: &[
            "{host} will do a short demonstration before everyone picks up a spade.",
            "Wear wellies or boots; the ground can be muddy.",
        ],
        ..E
    },
    Template {
        key: "bat-walk",
        names: &[
            "Dusk Wildlife Walk at {place}",
            "{area} Evening Nature Walk",
            "{word} Twilight Wildlife Walk",
        ],
        interests: &["conservation-and-wildlife", "walking"],
        venue: Venue::Park,
        slots: &[(FR, 19, 30, 90), (SA, 18, 30, 90)],
        booking: true,
        summary: &[
            "An evening wildlife walk {when}, listening for owls, foxes and birds settling down for the night.",
            "Discover the wildlife that comes out at dusk in {area}, with an expert guide.",
        ],
        about: &[
            "Guides point out tracks, calls and the birds coming in to roost.",
            "The route is short and flat, with stops by the water and in the darker corners of the park.",
            "Children love it, and families are welcome.",
        ],
        first: &[
            "Meet {host} at the main gate; bring a torch and warm layers.",
            "Booking is needed because groups are kept small so the wildlife is not scared off.",
        ],
        ..E
    },
    Template {
        key: "open-studios",
        names: &["{word} Open Studios Weekend", "{area} Artists at Home"],
        interests: &["arts-and-crafts", "painting-and-drawing"],
        venue: Venue::Arts,
        slots: &[(SA, 11, 0, 360)],
        summary: &[
            "Local artists open their studios to visitors {when}, with free demonstrations.",
            "Meet the artists of {area}, see work in progress and try some techniques yourself.",
        ],
        about: &[
            "Painters, printmakers, potters and jewellers open their doors for the day.",
            "There are free drop-in workshops for children and adults in the courtyard.",
            "Artwork is for sale, but there is no pressure to buy.",
        ],
        first: &[
            "Pick up a map from {host} at the entrance and wander at your own pace.",
            "The ground-floor studios are step-free.",
        ],
        ..E
    },
    Template {
        key: "exhibition",
        names: &[
            "{area} Community Art Exhibition",
            "Private View: Work by {area} Painters",
            "{word} Photography Show",
        ],
        interests: &["painting-and-drawing", "photography"],
        venue: Venue::Arts,
        slots: &[(FR, 18, 30, 150), (TH, 18, 0, 150)],
        summary: &[
            "The opening evening of an exhibition of work by local people, {when}.",
            "Celebrate the creativity of {area} at the launch of a new community exhibition.",
        ],
        about: &[
            "Every piece was made by someone who lives or works nearby, many of them beginners.",
            "There are soft drinks and nibbles, and the artists are there to talk about their work.",
            "The exhibition stays up for a month after the opening.",
        ],
        first: &[
            "{host} will greet you at the door with a price list and a drink.",
            "It can get busy early on; come later for a quieter look.",
        ],
        ..E
    },
    Template {
        key: "film-night",
        names: &["{area} Community Cinema", "{word} Film Club", "Films on Fridays {area}"],
        interests: &["social-and-friendship", "events-and-festivals"],
        venue: Venue::Community,
        slots: &[(FR, 19, 0, 150), (SU, 15, 0, 150)],
        rhythm: &[Rhythm::Fortnightly, Rhythm::MonthlyFor(3), Rhythm::FortnightlyFor(6)],
        price: &[Price::Pwyc, Price::Free, Price::Pence(300)],
        summary: &[
            "A big screen, comfy chairs and popcorn {when}, with films chosen by the audience.",
            "A community cinema in {area} showing classics, world cinema and recent favourites.",
        ],
        about: &[
            "Films are chosen by vote at the previous screening.",
            "Subtitles are switched on for every film.",
            "There is a short, optional chat about the film afterwards over tea.",
        ],
        first: &[
            "{host} will show you to a seat and point out the popcorn.",
            "Aisle seats are kept free for anyone who needs to step out.",
        ],
        ..E
    },
    Template {
        key: "relaxed-cinema",
        names: &["Relaxed Film Afternoon {area}", "{word} Relaxed Screening"],
        interests: &["autism-and-neurodiversity", "social-and-friendship"],
        venue: Venue::Community,
        slots: &[(SA, 14, 0, 150), (SU, 14, 0, 150)],
        rhythm: &[Rhythm::MonthlyFor(3), Rhythm::Monthly, Rhythm::Once],
        audiences: &[Autistic, LearningDisabilities],
        summary: &[
            "A relaxed film screening with the lights up, the sound down and freedom to move around, {when}.",
            "A cinema afternoon in {area} where making noise and walking about are completely fine.",
        ],
        about: &[
            "The lights stay low rather than dark, and the volume is turned down.",
            "There is a chill-out room next door with beanbags and fidget toys.",
            "Nobody will shush you.",
        ],
        first: &[
            "{host} can send a visual guide to the venue before you come.",
            "Arrive whenever you like; the film starts after a few trailers.",
        ],
        ..E
    },
    Template {
        key: "open-mic",
        names: &[
            "{area} Open Mic",
            "{word} Poetry and Music Night",
            "Words and Tunes {area}",
        ],
        interests: &["creative-writing", "music"],
        venue: Venue::Cafe,
        slots: &[(TH, 19, 30, 150), (FR, 19, 30, 150)],
        rhythm: MONTHLY_EVENT,
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "A warm, supportive open mic for poets, singers and storytellers, {when}.",
            "Perform or just listen at a friendly open mic in {area}; first-timers get the loudest cheers.",
        ],
        about: &[
            "Performers get five minutes each; sign up on the night.",
            "The audience is famously kind, and many performers are on stage for the first time.",
            "It is alcohol-free, with hot drinks and cake.",
        ],
        first: &[
            "{host} hosts and will put your name down if you want to perform, or find you a seat if you do not.",
            "Come just to listen the first time if you like; plenty do.",
        ],
        ..E
    },
    Template {
        key: "concert",
        names: &[
            "{area} Community Choir Concert",
            "Lunchtime Concert at {place}",
            "{word} Music Showcase",
        ],
        interests: &["listening-and-music-appreciation", "singing-and-choirs"],
        venue: Venue::Church,
        slots: &[(SA, 19, 0, 120), (WE, 13, 0, 60), (SU, 16, 0, 120)],
        price: &[Price::Free, Price::Pwyc, Price::Pence(500)],
        summary: &[
            "Live music by local performers {when}, with tea and cake in the interval.",
            "Local choirs and musicians in concert in {area}, with refreshments in the interval.",
        ],
        about: &[
            "The programme mixes choral pieces, folk songs and some surprise solo spots.",
            "Seating is unreserved, with space for wheelchairs at the front.",
            "Money raised goes towards the groups' costs for the year.",
        ],
        first: &[
            "{host} will hand you a programme at the door.",
            "The hall has a hearing loop; ask a steward if you need it switched on.",
        ],
        ..E
    },
    Template {
        key: "come-and-sing",
        names: &["Come and Sing Day {area}", "{word} Big Sing"],
        interests: &["singing-and-choirs", "music"],
        venue: Venue::Church,
        slots: &[(SA, 10, 30, 300)],
        price: &[Price::Pwyc, Price::Pence(1000)],
        booking: true,
        summary: &[
            "Learn a handful of songs in a day and perform them together at the end, {when}.",
            "A singing day in {area} for anyone who has ever wanted to sing in a choir.",
        ],
        about: &[
            "A choir leader teaches everything by ear, in easy harmonies.",
            "The day ends with a short, informal sharing for friends and family.",
            "Lunch is bring-and-share, with tea and coffee provided.",
        ],
        first: &[
            "{host} will register you and give you the song sheets.",
            "Bring water and a packed lunch if you can.",
        ],
        ..E
    },
    Template {
        key: "ceilidh",
        names: &["{area} Ceilidh", "{word} Barn Dance"],
        interests: &["dance", "events-and-festivals"],
        venue: Venue::Church,
        slots: &[(SA, 19, 0, 210)],
        price: &[Price::Pence(800), Price::Pwyc],
        booking: true,
        summary: &[
            "A lively ceilidh with a live band and a caller who teaches every dance, {when}.",
            "A barn dance in {area}: no partner or experience needed, just energy.",
        ],
        about: &[
            "Every dance is walked through first, so beginners are never lost.",
            "Partners swap constantly, which is a great way to meet people.",
            "There is a break with soft drinks and snacks.",
        ],
        first: &[
            "{host} will make sure you have a partner for the first dance.",
            "Wear comfortable shoes; you will be spinning a lot.",
        ],
        ..E
    },
    Template {
        key: "tea-dance-event",
        names: &["{area} Afternoon Tea Dance", "{word} Tea Dance Special"],
        interests: &["dance", "coffee-mornings"],
        venue: Venue::Church,
        slots: &[(SU, 14, 0, 150), (WE, 14, 0, 150)],
        rhythm: MONTHLY_EVENT,
        price: &[Price::Pence(400), Price::Pence(300)],
        audiences: &[OlderPeople],
        summary: &[
            "A monthly tea dance with a live organist, sandwiches and scones, {when}.",
            "Dance or simply listen at a traditional tea dance in {area}.",
        ],
        about: &[
            "Sequence dances, waltzes and a few jives keep the floor busy.",
            "Tea is served in china cups with sandwiches and cake.",
            "Volunteers help anyone who needs a hand getting to the dance floor.",
        ],
        first: &[
            "{host} will find you a table near the dance floor.",
            "Come alone or with friends; partners are easily found.",
        ],
        ..E
    },
    Template {
        key: "quiz-night-event",
        names: &["{area} Charity Quiz", "{word} Big Quiz Night"],
        interests: &["games-and-quizzes", "social-and-friendship"],
        venue: Venue::Community,
        slots: &[(FR, 19, 0, 150), (SA, 19, 0, 150)],
        rhythm: &[Rhythm::Once, Rhythm::MonthlyFor(3)],
        price: &[Price::Pence(300), Price::Pwyc],
        summary: &[
            "A fundraising quiz with picture rounds, music rounds and a raffle, {when}.",
            "Bring a team or join one at a friendly quiz in {area}.",
        ],
        about: &[
            "Teams of up to six compete for a hamper donated by local shops.",
            "Questions range from local history to pop music.",
            "Money raised goes towards running costs for the year.",
        ],
        first: &[
            "Tell {host} you need a team and they will find you one.",
            "Soft drinks and snacks are on sale.",
        ],
        ..E
    },
    Template {
        key: "game-day",
        names: &["{area} Big Board Game Day", "{word} Games Marathon"],
        interests: &["games-and-quizzes", "intergenerational"],
        venue: Venue::Cafe,
        slots: &[(SA, 11, 0, 360), (SU, 12, 0, 300)],
        summary: &[
            "A whole day of board games for all ages, {when}.",
            "Play your way through a library of games in {area}, with volunteers to teach the rules.",
        ],
        about: &[
            "There are games for families, quick party games and long strategy games.",
            "Volunteers explain the rules so you can start playing straight away.",
            "Drop in for an hour or stay all day.",
        ],
        first: &[
            "{host} will recommend a game and find you some players.",
            "There is a quiet corner for calmer games.",
        ],
        ..E
    },
    Template {
        key: "jobs-fair",
        names: &[
            "{area} Jobs and Training Fair",
            "{borough} Careers Day",
            "{word} Jobs Market",
        ],
        interests: &["job-search-and-cvs", "training-and-qualifications"],
        opportunity: Opportunity::Employment,
        venue: Venue::Community,
        slots: &[(TH, 10, 0, 300), (WE, 10, 0, 300)],
        summary: &[
            "Meet local employers, colleges and training providers {when}.",
            "A jobs fair in {area} with real vacancies, free CV checks and advice on training.",
        ],
        about: &[
            "More than twenty employers attend, from shops and hospitals to building firms.",
            "Advisers can check your CV on the day and help you apply.",
            "There is a quiet room for people who find crowds difficult.",
        ],
        first: &[
            "{host} will give you a list of stands so you can plan your visit.",
            "Bring copies of your CV if you have them.",
        ],
        ..E
    },
    Template {
        key: "cv-workshop",
        names: &[
            "CV Workshop {area}",
            "Interview Confidence Workshop",
            "{word} Job Application Clinic",
        ],
        interests: &["job-search-and-cvs", "work-and-skills"],
        opportunity: Opportunity::Employment,
        venue: Venue::Library,
        slots: &[(TU, 10, 0, 120), (WE, 13, 30, 120)],
        rhythm: SHORT_RUN,
        booking: true,
        summary: &[
            "A practical workshop on writing a CV and preparing for interviews, {when}.",
            "Get your CV and interview answers ready with friendly advisers in {area}.",
        ],
        about: &[
            "The workshop covers how to describe your skills, explain gaps and answer common questions.",
            "Everyone leaves with an updated CV or a plan to write one.",
            "Mock interviews are available for anyone who wants to practise.",
        ],
        first: &[
            "{host} will ask what kind of work you are looking for and tailor the session.",
            "Bring your current CV if you have one.",
        ],
        ..E
    },
    Template {
        key: "return-to-work",
        names: &["Return to Work Course {area}", "{word} Back to Work Programme"],
        interests: &["training-and-qualifications", "job-search-and-cvs"],
        opportunity: Opportunity::Employment,
        venue: Venue::Library,
        slots: &[(TU, 10, 0, 180), (TH, 10, 0, 180)],
        rhythm: &[Rhythm::WeeklyUntil(8), Rhythm::WeeklyUntil(10), Rhythm::WeeklyFor(8)],
        booking: true,
        summary: &[
            "A weekly course {when} for people getting back into work after time away.",
            "Rebuild confidence, skills and a CV in a supportive group in {area}.",
        ],
        about: &[
            "The course is for people returning after illness, caring or a long gap.",
            "Each week covers one step, from identifying skills to talking to employers.",
            "Participants get a mentor who stays in touch after the course ends.",
        ],
        first: &[
            "{host} will meet you before the first session to talk about your goals.",
            "Childcare and travel costs can be covered; just ask.",
        ],
        ..E
    },
    Template {
        key: "volunteer-fair",
        names: &["{borough} Volunteering Fair", "Find Your Cause {area}"],
        interests: &["volunteering", "events-and-festivals"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Library,
        slots: &[(SA, 11, 0, 240)],
        summary: &[
            "Meet dozens of local charities looking for volunteers, {when}.",
            "Find a volunteering role that suits you at a friendly fair in {area}.",
        ],
        about: &[
            "Charities explain what their volunteers do and how much time is needed.",
            "Roles range from an hour a month to several days a week.",
            "Advisers can help you find something that fits around health or caring.",
        ],
        first: &[
            "Pick up a guide from {host} at the entrance; it lists every stall.",
            "There are chairs around the room if you need a rest.",
        ],
        ..E
    },
    Template {
        key: "benefits-surgery",
        names: &["{area} Benefits Advice Surgery", "Cost of Living Advice Session {area}"],
        interests: &["maths-and-money-skills"],
        opportunity: Opportunity::Advice,
        venue: Venue::Library,
        slots: &[(MO, 10, 0, 180), (TH, 14, 0, 180)],
        rhythm: &[Rhythm::Fortnightly, Rhythm::WeeklyUntil(10), Rhythm::FortnightlyFor(6)],
        summary: &[
            "Free advice on benefits, bills and debt {when}, no appointment needed.",
            "Get help with money worries from qualified advisers in {area}.",
        ],
        about: &[
            "Advisers can check entitlement, help with forms and deal with creditors.",
            "Energy advisers attend some sessions to help with fuel bills.",
            "Sessions are confidential and free.",
        ],
        first: &[
            "Give your name to {host} on arrival; people are seen in turn.",
            "Bring letters and bills relating to your question.",
        ],
        ..E
    },
    Template {
        key: "health-check",
        names: &[
            "{area} Health MOT Drop-in",
            "Free Health Checks at {place}",
            "{word} Wellbeing Check-up",
        ],
        interests: &["healthy-eating", "sport-and-exercise"],
        opportunity: Opportunity::Advice,
        venue: Venue::Library,
        slots: &[(WE, 10, 0, 240), (SA, 10, 0, 240)],
        rhythm: &[Rhythm::Once, Rhythm::MonthlyFor(3)],
        summary: &[
            "Free blood pressure, weight and wellbeing checks with a nurse {when}.",
            "A drop-in health check in {area}, with friendly advice and no appointment.",
        ],
        about: &[
            "A nurse checks blood pressure, pulse and weight and talks through the results.",
            "Advisers from local services are on hand with information about stopping smoking and getting active.",
            "You do not need to be registered with a GP.",
        ],
        first: &[
            "{host} will take your name and you will be seen in a private space.",
            "Checks take about fifteen minutes.",
        ],
        ..E
    },
    Template {
        key: "memory-cafe",
        names: &["{area} Memory Café", "{word} Memory Café"],
        interests: &["carers-support", "coffee-mornings"],
        opportunity: Opportunity::Event,
        venue: Venue::Cafe,
        slots: &[(TU, 14, 0, 120), (TH, 14, 0, 120)],
        rhythm: MONTHLY_EVENT,
        audiences: &[OlderPeople, Carers],
        summary: &[
            "A relaxed afternoon for people living with memory loss and their carers, {when}.",
            "Activities, music and information for people with dementia and their families in {area}.",
        ],
        about: &[
            "Each café has a gentle activity, such as music, reminiscence or crafts.",
            "A dementia adviser attends to answer questions privately.",
            "Carers often find it as valuable as the person they look after.",
        ],
        first: &[
            "{host} will welcome you both and introduce you to another family.",
            "Come for as long as suits you.",
        ],
        ..E
    },
    Template {
        key: "carers-info",
        names: &["Carers' Information Morning {area}", "{borough} Carers' Rights Day"],
        interests: &["carers-support"],
        opportunity: Opportunity::Advice,
        venue: Venue::Library,
        slots: &[(TH, 10, 0, 180), (FR, 10, 0, 180)],
        audiences: &[Carers],
        summary: &[
            "Information stalls, short talks and one-to-one advice for unpaid carers, {when}.",
            "Find out about your rights and the support available to carers in {borough}.",
        ],
        about: &[
            "Talks cover carer's assessments, benefits and planning for the future.",
            "Local services have stalls, from respite care to equipment.",
            "Lunch is provided, and replacement care can be arranged if you book early.",
        ],
        first: &[
            "{host} will give you a programme and a name badge.",
            "Pop in for one talk or stay the whole morning.",
        ],
        ..E
    },
    Template {
        key: "wellbeing-festival",
        names: &["{area} Wellbeing Festival", "{word} Feel Good Fair"],
        interests: &["mental-health-peer-support", "yoga-and-tai-chi", "events-and-festivals"],
        venue: Venue::Park,
        slots: &[(SA, 11, 0, 300)],
        summary: &[
            "Taster sessions, stalls and music celebrating wellbeing in {area}, {when}.",
            "Try yoga, drumming, crafts and more at a free festival of feeling good.",
        ],
        about: &[
            "Local groups run free tasters all day, from tai chi to singing.",
            "There is a calm tent for anyone who needs a break from the crowds.",
            "Mental health organisations have stalls with information and friendly faces.",
        ],
        first: &[
            "Pick up a programme from {host} at the welcome tent.",
            "Come and go as you please; there is no need to stay all day.",
        ],
        ..E
    },
    Template {
        key: "anxiety-evening",
        names: &["Talking About Anxiety {area}", "{word} Mental Health Open Evening"],
        interests: &["mental-health-peer-support"],
        opportunity: Opportunity::Advice,
        venue: Venue::Library,
        slots: &[(TU, 18, 30, 120), (WE, 18, 30, 120)],
        summary: &[
            "An open evening about anxiety: what it is, what helps and where to get support, {when}.",
            "Hear from people with lived experience of anxiety and local services in {area}.",
        ],
        about: &[
            "Two speakers share their own experiences, followed by an informal question time.",
            "Local services will be there to explain how to get help.",
            "You can ask questions anonymously on cards.",
        ],
        first: &[
            "{host} will show you to a seat; sit near the door if that is more comfortable.",
            "You do not have to speak or ask anything.",
        ],
        ..E
    },
    Template {
        key: "wellbeing-workshop",
        names: &[
            "Looking After Your Wellbeing Workshop {area}",
            "{word} Stress Less Course",
            "Sleep Better Workshop {area}",
        ],
        interests: &["mental-health-peer-support", "learning-and-courses"],
        opportunity: Opportunity::Course,
        venue: Venue::Community,
        slots: &[(WE, 13, 0, 120), (TH, 18, 0, 120)],
        rhythm: SHORT_RUN,
        booking: true,
        summary: &[
            "A short, practical course on looking after your mental health, {when}.",
            "Learn simple tools for managing stress, sleep and low mood in a friendly group in {area}.",
        ],
        about: &[
            "Each session covers one topic, such as sleep, worry or building routines.",
            "It is run by a trainer with lived experience of mental health problems.",
            "It is a course, not therapy, and you do not need to share personal details.",
        ],
        first: &[
            "{host} will welcome you and explain the plan for the session.",
            "Bring a notebook if you like; handouts are provided.",
        ],
        ..E
    },
    Template {
        key: "family-fun-day",
        names: &["{area} Family Fun Day", "{word} Play Day", "{area} Community Fair"],
        interests: &["events-and-festivals", "intergenerational"],
        venue: Venue::Park,
        slots: &[(SA, 12, 0, 240), (SU, 12, 0, 240)],
        audiences: &[Families],
        summary: &[
            "Bouncy castle, face painting, stalls and music for all the family, {when}.",
            "A free community fun day in {area} with games, food and local groups.",
        ],
        about: &[
            "Local groups run stalls and games, so it is a good way to find out what is on nearby.",
            "There is a quiet zone for children and adults who need a break.",
            "Food from around the world is on sale at low prices.",
        ],
        first: &[
            "{host} will be at the information stall if you need anything.",
            "Toilets, including an accessible one, are next to the café.",
        ],
        ..E
    },
    Template {
        key: "storytelling",
        names: &[
            "Family Storytelling at {place}",
            "{word} Story Sundays",
            "{area} Story Time",
        ],
        interests: &["book-clubs-and-reading", "intergenerational"],
        venue: Venue::Library,
        slots: &[(SU, 11, 0, 60), (SA, 10, 30, 60)],
        rhythm: &[Rhythm::WeeklyFor(6), Rhythm::Once, Rhythm::FortnightlyFor(4)],
        audiences: &[Families],
        ages: (Some(3), Some(11)),
        summary: &[
            "Stories, puppets and songs for children and their grown-ups, {when}.",
            "A storyteller brings tales from around the world to life in {area}.",
        ],
        about: &[
            "Stories are told, not read, with plenty of joining in.",
            "A short craft activity follows each session.",
            "Younger siblings are welcome too.",
        ],
        first: &[
            "{host} will find you a space on the carpet.",
            "Children can sit with their grown-ups or at the front.",
        ],
        ..E
    },
    Template {
        key: "history-talk",
        names: &[
            "Talk: The Hidden History of {area}",
            "{area} Then and Now",
            "{word} History Lecture",
        ],
        interests: &["history-and-heritage"],
        venue: Venue::Library,
        slots: &[(WE, 19, 0, 90), (TH, 14, 0, 90)],
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "An illustrated talk on the stories behind the streets of {area}, {when}.",
            "Discover how {area} has changed, with old photographs and first-hand memories.",
        ],
        about: &[
            "The talk uses photographs from the local archive, many never shown before.",
            "There is time for questions and for people to share their own memories.",
            "Tea and biscuits are served afterwards.",
        ],
        first: &[
            "{host} will greet you at the door; seating is first come, first served.",
            "There is a hearing loop in the room.",
        ],
        ..E
    },
    Template {
        key: "heritage-walk",
        names: &[
            "{area} Heritage Walk",
            "{word} History Trail",
            "Hidden {area}: A Guided Walk",
        ],
        interests: &["history-and-heritage", "walking"],
        venue: Venue::Park,
        slots: &[(SU, 11, 0, 120), (SA, 14, 0, 120)],
        price: &[Price::Pwyc, Price::Free],
        summary: &[
            "A guided walk through the history of {area}, {when}.",
            "Explore the forgotten stories of {area} on foot with a local guide.",
        ],
        about: &[
            "The route is about two miles on pavements, with stops every few minutes.",
            "The guide is a local historian who has lived in the area for decades.",
            "The walk ends at a café for anyone who wants to continue chatting.",
        ],
        first: &[
            "Meet {host} at the starting point; look for the umbrella with a ribbon on it.",
            "Wear comfortable shoes.",
        ],
        ..E
    },
    Template {
        key: "cook-along",
        names: &[
            "Six-week Cook-along {area}",
            "{area} Family Cooking Course",
            "{word} Cooking from Scratch",
        ],
        interests: &["cooking-skills", "healthy-eating"],
        opportunity: Opportunity::Course,
        venue: Venue::Community,
        slots: &[(TU, 17, 30, 120), (SA, 10, 0, 120)],
        rhythm: &[Rhythm::WeeklyFor(6), Rhythm::WeeklyFor(6), Rhythm::FortnightlyFor(4)],
        booking: true,
        summary: &[
            "A hands-on cooking course {when}, learning a new healthy dish each week.",
            "Cook and eat together over several weeks in {area}, with ingredients provided.",
        ],
        about: &[
            "Each week you cook a full meal and take home the recipe.",
            "The course covers budgeting, batch cooking and using leftovers.",
            "Families can take part together.",
        ],
        first: &[
            "{host} will give you an apron and introduce you to your cooking partner.",
            "Let us know about allergies when you book.",
        ],
        ..E
    },
    Template {
        key: "pottery-taster",
        names: &["Pottery Taster Evening {area}", "Have a Go at the Wheel {area}"],
        interests: &["pottery-and-ceramics"],
        venue: Venue::Arts,
        slots: &[(FR, 18, 30, 150), (SA, 14, 0, 150)],
        price: &[Price::Pence(1500), Price::Pence(1200)],
        booking: true,
        summary: &[
            "Try the potter's wheel for the first time {when}.",
            "A one-off pottery taster in {area}, with everything provided.",
        ],
        about: &[
            "A potter demonstrates, then everyone has a go on the wheel.",
            "Your pots are fired and ready to collect two weeks later.",
            "Maximum eight people, so there is plenty of help.",
        ],
        first: &[
            "{host} will give you an apron and start you off on the wheel.",
            "Short nails and old clothes are best.",
        ],
        ..E
    },
    Template {
        key: "sports-taster",
        names: &["{area} Have a Go Sports Day", "{word} Inclusive Sports Taster"],
        interests: &["sport-and-exercise", "football"],
        venue: Venue::Leisure,
        slots: &[(SA, 10, 0, 240), (SU, 11, 0, 180)],
        summary: &[
            "Try out walking football, boccia, table tennis and more {when}.",
            "A free taster day in {area} for people who want to get active but do not know where to start.",
        ],
        about: &[
            "Every sport is adapted so people of all abilities can take part.",
            "Local clubs are there to tell you about their regular sessions.",
            "Wheelchair users are fully included.",
        ],
        first: &[
            "{host} will show you round and suggest sports to try first.",
            "Wear comfortable clothes and trainers.",
        ],
        ..E
    },
    Template {
        key: "bike-workshop",
        names: &[
            "Bike Maintenance Workshop {area}",
            "Dr Bike at {place}",
            "{word} Bike Fix",
        ],
        interests: &["cycling", "environmental-volunteering"],
        venue: Venue::Park,
        slots: &[(SA, 11, 0, 180), (SU, 11, 0, 180)],
        rhythm: &[Rhythm::Once, Rhythm::MonthlyFor(3)],
        summary: &[
            "Free bike safety checks and repairs {when}, and learn to fix a puncture.",
            "Bring your bike to {area} for a free check-up and basic maintenance tips.",
        ],
        about: &[
            "Mechanics check brakes, gears and tyres and fix small problems on the spot.",
            "There is a hands-on puncture repair lesson every hour.",
            "Donated bikes are sometimes available for people who need one.",
        ],
        first: &[
            "Join the queue and {host} will take your details and check your bike.",
            "Bring your bike lock so you can leave it while you wait.",
        ],
        ..E
    },
    Template {
        key: "digital-taster",
        names: &[
            "Get Started with Your Smartphone {area}",
            "{word} Tablet Taster",
            "Video Calls Made Easy {area}",
        ],
        interests: &["phones-and-tablets", "getting-online"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(TU, 14, 0, 90), (FR, 10, 30, 90)],
        rhythm: &[Rhythm::Once, Rhythm::WeeklyFor(3), Rhythm::WeeklyFor(4)],
        booking: true,
        audiences: &[OlderPeople],
        summary: &[
            "A friendly introduction to smartphones and tablets {when}.",
            "Learn the basics of your phone or tablet in a small group in {area}.",
        ],
        about: &[
            "The session covers making calls, sending messages, taking photos and staying safe.",
            "Devices are available to borrow if you do not have your own.",
            "Volunteers help one-to-one, so nobody is left behind.",
        ],
        first: &[
            "{host} will sit you with a volunteer and help you switch on.",
            "Bring your device fully charged.",
        ],
        ..E
    },
    Template {
        key: "online-safety",
        names: &["Spot the Scam Workshop {area}", "{word} Online Safety Session"],
        interests: &["getting-online", "digital-skills"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(WE, 14, 0, 90), (MO, 11, 0, 90)],
        summary: &[
            "Learn to recognise scam texts, emails and calls {when}.",
            "A practical session in {area} on staying safe online and what to do if things go wrong.",
        ],
        about: &[
            "Real examples of scams are shown so you know what to look for.",
            "You will learn how to set strong passwords and check a website is genuine.",
            "A police community support officer joins to answer questions.",
        ],
        first: &[
            "{host} will welcome you and hand out a simple checklist to take home.",
            "You do not need to bring a device.",
        ],
        ..E
    },
    Template {
        key: "esol-taster",
        names: &["Free English Taster Class {area}", "{word} English Starter Sessions"],
        interests: &["english-classes-esol", "learning-and-courses"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(MO, 10, 0, 90), (TH, 13, 0, 90)],
        rhythm: &[Rhythm::Once, Rhythm::WeeklyFor(3)],
        audiences: &[Refugees],
        summary: &[
            "A free taster English class {when}, with advice about longer courses.",
            "Try an English class in {area} before signing up for a course.",
        ],
        about: &[
            "The taster gives you a feel for the class and a chance to meet the tutor.",
            "Advisers help you find the right course and level.",
            "Childcare is available if booked in advance.",
        ],
        first: &[
            "{host} will welcome you and help you fill in a short form.",
            "Bring a friend who speaks English if that helps.",
        ],
        ..E
    },
    Template {
        key: "open-day",
        names: &["{area} Learning Open Day", "{word} Course Fair", "Enrolment Day {area}"],
        interests: &["learning-and-courses", "training-and-qualifications"],
        opportunity: Opportunity::Course,
        venue: Venue::Community,
        slots: &[(SA, 10, 0, 240), (WE, 15, 0, 240)],
        summary: &[
            "Meet tutors, try taster sessions and find the right course for you, {when}.",
            "An open day in {area} for adults thinking about learning something new.",
        ],
        about: &[
            "Tutors from every department are on hand to answer questions.",
            "Mini tasters run every half hour, from pottery to computing.",
            "Advisers can tell you about free courses and help with costs.",
        ],
        first: &[
            "{host} will give you a map and a timetable of tasters.",
            "You can enrol on the day if you find a course you like.",
        ],
        ..E
    },
    Template {
        key: "community-supper-event",
        names: &[
            "{area} Community Supper Club",
            "{word} Neighbours' Supper",
            "Soup and Stories {area}",
        ],
        interests: &["community-meals", "social-and-friendship"],
        venue: Venue::Church,
        slots: &[(FR, 18, 30, 150), (TH, 18, 30, 150)],
        rhythm: &[
            Rhythm::Fortnightly,
            Rhythm::MonthlyFor(3),
            Rhythm::FortnightlyFor(6),
            Rhythm::Monthly,
        ],
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "A free home-cooked supper shared with neighbours, {when}.",
            "A neighbourly supper in {area}, cooked by volunteers from donated food.",
        ],
        about: &[
            "The menu is seasonal and there is always a vegetarian option.",
            "Everyone sits together, and there is often live music.",
            "Leftovers are boxed up for anyone who would like them.",
        ],
        first: &[
            "{host} will greet you at the door and show you to a table.",
            "Just turn up; there is always enough food.",
        ],
        ..E
    },
    Template {
        key: "welcome-supper",
        names: &[
            "Refugee Welcome Supper {area}",
            "{area} Shared Table",
            "{word} Welcome Feast",
        ],
        interests: &["community-meals", "social-and-friendship"],
        venue: Venue::Church,
        slots: &[(SA, 18, 0, 180), (SU, 17, 0, 180)],
        rhythm: &[Rhythm::MonthlyFor(3), Rhythm::Once],
        audiences: &[Refugees],
        summary: &[
            "A shared meal cooked by refugees and local volunteers together, {when}.",
            "A welcome supper in {area} with food from many countries and plenty of conversation.",
        ],
        about: &[
            "Each supper is cooked by a different team, bringing dishes from their home countries.",
            "Interpreters are there so everyone can join in the conversation.",
            "Children are welcome, and there are games for them after the meal.",
        ],
        first: &[
            "{host} will introduce you to your table; everyone sits together.",
            "If you would like to help cook, ask when you arrive.",
        ],
        ..E
    },
    Template {
        key: "craft-market",
        names: &["{area} Makers' Market", "{word} Craft Fair"],
        interests: &["arts-and-crafts", "events-and-festivals"],
        venue: Venue::Community,
        slots: &[(SA, 10, 0, 300), (SU, 11, 0, 300)],
        summary: &[
            "Handmade gifts, cards and crafts from local makers, {when}.",
            "A market in {area} showcasing the work of local craftspeople and community groups.",
        ],
        about: &[
            "Stallholders include knitters, potters, woodworkers and a group of young jewellers.",
            "There is a free craft activity for children.",
            "Refreshments are run by volunteers, with all profits going to the centre.",
        ],
        first: &[
            "{host} will be at the entrance if you need directions or a chair.",
            "Stalls are spaced out, with room for wheelchairs and buggies.",
        ],
        ..E
    },
    Template {
        key: "clothes-swap",
        names: &["{area} Clothes Swap", "{word} Swap Shop"],
        interests: &["environmental-volunteering", "social-and-friendship"],
        venue: Venue::Community,
        slots: &[(SA, 11, 0, 180), (SU, 12, 0, 180)],
        summary: &[
            "Bring clothes you no longer wear and swap them for something new to you, {when}.",
            "A free clothes swap in {area}, good for your wallet and the planet.",
        ],
        about: &[
            "Bring up to ten clean items and take home the same number.",
            "You can still come and take something if you have nothing to bring.",
            "Leftover clothes are donated to a local refugee project.",
        ],
        first: &[
            "Drop your items with {host} at the door and you will get tokens to spend.",
            "There is a changing room and a mirror.",
        ],
        ..E
    },
    Template {
        key: "plant-sale",
        names: &["{word} Garden Plant Sale", "{area} Plant and Produce Stall"],
        interests: &["community-gardens-and-allotments", "gardening-and-nature"],
        venue: Venue::Garden,
        slots: &[(SA, 10, 0, 240)],
        summary: &[
            "Low-cost plants, seedlings and home-grown produce, {when}.",
            "A plant sale in {area} raising money for the community garden.",
        ],
        about: &[
            "Plants are grown by volunteers, from herbs and tomatoes to perennials.",
            "Gardeners are on hand to give advice on what will grow where.",
            "All money raised goes back into the garden.",
        ],
        first: &[
            "{host} will be at the till and happy to recommend plants for a balcony or windowsill.",
            "Bring a bag or box for your plants.",
        ],
        ..E
    },
    Template {
        key: "garden-open-day",
        names: &["{word} Garden Open Day", "{area} Garden Party"],
        interests: &["community-gardens-and-allotments", "events-and-festivals"],
        venue: Venue::Garden,
        slots: &[(SU, 12, 0, 240), (SA, 12, 0, 240)],
        summary: &[
            "Explore the community garden, meet the growers and enjoy tea and cake, {when}.",
            "An open day in {area} with garden tours, children's activities and refreshments.",
        ],
        about: &[
            "Volunteers lead short tours and explain how the garden is run.",
            "There are activities for children, including seed planting and a bug hunt.",
            "It is a good chance to find out about volunteering in the garden.",
        ],
        first: &[
            "{host} will welcome you at the gate and offer you a tour.",
            "Paths are gravel; ask if you need a hand.",
        ],
        ..E
    },
    Template {
        key: "stargazing",
        names: &["Stargazing in {place}", "{area} Night Sky Evening"],
        interests: &["conservation-and-wildlife", "parks-and-green-spaces"],
        venue: Venue::Park,
        slots: &[(FR, 20, 0, 120), (SA, 20, 0, 120)],
        booking: true,
        summary: &[
            "Look at the moon, planets and stars through telescopes, {when}.",
            "An evening of stargazing in {area} with local astronomers, even in the city lights.",
        ],
        about: &[
            "Astronomers bring telescopes and explain what you are seeing.",
            "If it is cloudy, there is an indoor talk instead.",
            "Suitable for all ages.",
        ],
        first: &[
            "Meet {host} at the main gate; bring warm layers.",
            "Red torches are provided to keep your night vision.",
        ],
        ..E
    },
    Template {
        key: "rainbow-picnic",
        names: &["{area} Rainbow Picnic", "{word} LGBTQ+ Social Picnic"],
        interests: &["social-and-friendship", "parks-and-green-spaces"],
        venue: Venue::Park,
        slots: &[(SU, 13, 0, 180), (SA, 13, 0, 180)],
        audiences: &[Lgbtq],
        summary: &[
            "A relaxed LGBTQ+ picnic in the park {when}; bring food to share.",
            "Meet LGBTQ+ neighbours in {area} over a picnic and games.",
        ],
        about: &[
            "Bring a blanket and something to share, or just yourself.",
            "There are garden games and a quiet corner.",
            "If it rains, the picnic moves to a nearby café.",
        ],
        first: &[
            "Look for the rainbow flag; {host} will be there to welcome you.",
            "Allies are welcome too.",
        ],
        ..E
    },
    Template {
        key: "ld-disco",
        names: &["{area} Friday Disco", "{word} Party Night"],
        interests: &["dance", "social-and-friendship"],
        venue: Venue::Community,
        slots: &[(FR, 18, 30, 150)],
        rhythm: MONTHLY_EVENT,
        price: &[Price::Pence(300), Price::Free],
        audiences: &[LearningDisabilities],
        summary: &[
            "A disco with a DJ, dancing and soft drinks for adults with learning disabilities, {when}.",
            "A monthly party night in {area} with music, karaoke and friends.",
        ],
        about: &[
            "The DJ takes requests all night, and karaoke is in the second half.",
            "Support workers come free.",
            "There is a quiet room for anyone who needs a break from the music.",
        ],
        first: &[
            "{host} will meet you at the door and show you the quiet room.",
            "Come with friends or on your own.",
        ],
        ..E
    },
    Template {
        key: "remembrance",
        names: &["Remembering Together {area}", "{word} Gathering for Bereaved People"],
        interests: &["bereavement-support", "meditation-and-reflection"],
        venue: Venue::Church,
        slots: &[(SU, 15, 0, 90), (SA, 15, 0, 90)],
        summary: &[
            "A gentle gathering to remember people who have died, with music and candles, {when}.",
            "A quiet, non-religious remembrance event in {area} for anyone who is grieving.",
        ],
        about: &[
            "There is music, a few short readings and a chance to light a candle.",
            "You can write a name on a card for the remembrance tree.",
            "Tea is served afterwards for anyone who wants to stay and talk.",
        ],
        first: &[
            "{host} will welcome you and give you a candle.",
            "You are welcome to sit at the back or leave at any point.",
        ],
        ..E
    },
    Template {
        key: "quiet-day",
        names: &["Quiet Day of Reflection {area}", "{word} Day of Stillness"],
        interests: &["meditation-and-reflection", "faith-communities"],
        venue: Venue::Church,
        slots: &[(SA, 10, 0, 300)],
        price: &[Price::Pwyc, Price::Free],
        booking: true,
        summary: &[
            "A day of silence, gentle meditation and time in the garden, {when}.",
            "Step away from the noise for a day of reflection in {area}, open to all faiths and none.",
        ],
        about: &[
            "The day includes short guided meditations with long periods of silence.",
            "A simple lunch is eaten together in silence.",
            "You can come for the morning only if a whole day feels too long.",
        ],
        first: &[
            "{host} will explain the day over tea before the silence begins.",
            "Bring a shawl or blanket; the hall can be cool.",
        ],
        ..E
    },
    Template {
        key: "build-a-website",
        names: &["Build a Website in a Day {area}", "{word} Code and Create"],
        interests: &["computer-courses", "digital-skills"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(SA, 10, 0, 300)],
        audiences: &[YoungPeople],
        ages: (Some(12), Some(16)),
        booking: true,
        summary: &[
            "Young people build and publish their own website {when}.",
            "A free coding day in {area} for young people aged 12 to 16, no experience needed.",
        ],
        about: &[
            "Participants learn the basics of web pages and make a site about something they love.",
            "Laptops are provided, and lunch is included.",
            "Volunteers from local tech companies help throughout.",
        ],
        first: &[
            "{host} will show you to a laptop and introduce your volunteer mentor.",
            "Parents are welcome to stay for the showcase at the end.",
        ],
        ..E
    },
    Template {
        key: "weekly-walk-series",
        names: &["{area} Weekday Walks", "{word} Step Out Walks"],
        interests: &["walking", "parks-and-green-spaces"],
        venue: Venue::Park,
        slots: &[(WE, 11, 0, 60), (SU, 10, 30, 60), (TU, 10, 0, 60)],
        rhythm: &[Rhythm::Weekly, Rhythm::WeeklyFor(10), Rhythm::WeeklyUntil(12)],
        summary: &[
            "A short guided walk {when}, exploring a different green space each week.",
            "A series of gentle walks in {area} to help you get out and about.",
        ],
        about: &[
            "Each walk lasts about an hour and is suitable for beginners.",
            "Walk leaders are trained volunteers who keep the pace gentle.",
            "Hot drinks are available at the end of each walk.",
        ],
        first: &[
            "Meet {host} at the park entrance; look for the blue jacket.",
            "Wear comfortable shoes and bring a waterproof.",
        ],
        ..E
    },
    Template {
        key: "weekly-social",
        names: &["{area} Open Afternoons", "{word} Drop-in Social"],
        interests: &["coffee-mornings", "social-and-friendship"],
        venue: Venue::Community,
        slots: &[(MO, 13, 0, 180), (TH, 13, 0, 180), (WE, 13, 0, 180)],
        rhythm: &[Rhythm::Weekly, Rhythm::WeeklyUntil(10), Rhythm::WeeklyFor(12)],
        summary: &[
            "A free, friendly place to spend the afternoon with hot drinks and company, {when}.",
            "Drop in to a warm, friendly space in {area} for a cuppa, games and a chat.",
        ],
        about: &[
            "There are free hot drinks, soup and board games.",
            "Phone charging and free wifi are available.",
            "Volunteers can tell you about help with energy bills.",
        ],
        first: &[
            "{host} will offer you a drink and a seat; there is no need to sign in.",
            "Stay for ten minutes or the whole afternoon.",
        ],
        ..E
    },
];
