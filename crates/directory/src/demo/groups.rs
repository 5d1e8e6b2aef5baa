//! Kinds of regular group or activity. Each organisation type lists the
//! keys of the ones it runs.

use super::catalogue::{Price, Rhythm, Template, Venue, FR, MO, SA, SU, T, TH, TU, WE};
use crate::Audience::*;
use crate::Opportunity;

const FORTNIGHTLY_OR_MONTHLY: &[Rhythm] = &[Rhythm::Fortnightly, Rhythm::Monthly];
const MOSTLY_WEEKLY: &[Rhythm] = &[Rhythm::Weekly, Rhythm::Weekly, Rhythm::Fortnightly];
const MOSTLY_MONTHLY: &[Rhythm] = &[Rhythm::Monthly, Rhythm::Monthly, Rhythm::Fortnightly];

pub(super) const GROUPS: &[Template] = &[
    // Arts and crafts
    Template {
        key: "knit",
        names: &["{area} Stitchers", "Knit and Natter {area}", "{word} Yarn Club"],
        interests: &["knitting-and-sewing", "coffee-mornings"],
        venue: Venue::Library,
        slots: &[(TU, 10, 30, 120), (TH, 14, 0, 120), (SA, 11, 0, 120)],
        summary: &[
            "Knitting, crochet and a good chat {when}, for every skill level.",
            "A relaxed yarn group in {area} where beginners learn alongside people who have knitted for decades.",
        ],
        about: &[
            "People bring whatever they are working on, from first scarves to baby blankets, and there is always someone happy to rescue a dropped stitch.",
            "Spare needles and donated wool live in a big basket, so you do not need to buy anything to start.",
            "Some weeks the group makes squares for blankets that go to a local night shelter.",
            "Conversation drifts from patterns to recipes to the state of the buses, and the quieter members are as much a part of it as the chatty ones.",
        ],
        first: &[
            "Sit wherever there is a free chair; someone will offer you a cuppa and show you the spare-wool basket.",
            "If you have never knitted, say so: one of the regulars will cast on for you and teach you the first stitch.",
        ],
        ..T
    },
    Template {
        key: "sewing",
        names: &["Mend and Make {area}", "{area} Sewing Circle", "{word} Sewing Room"],
        interests: &["knitting-and-sewing", "arts-and-crafts"],
        slots: &[(WE, 18, 30, 120), (SA, 10, 0, 180), (MO, 13, 0, 150)],
        price: &[Price::Free, Price::Pwyc],
        audiences: &[Women, Refugees],
        summary: &[
            "Bring a torn hem or a half-finished dress and get help with it {when}.",
            "A friendly sewing room with machines to borrow and patient volunteers to show you how.",
        ],
        about: &[
            "There are six sewing machines to use and a volunteer who can show you how to thread one.",
            "Regulars repair clothes, make cushion covers and run up bunting for street parties.",
            "Fabric is donated by local people, so projects cost next to nothing.",
            "If you are nervous around machines, hand sewing is just as welcome.",
        ],
        first: &[
            "A volunteer will sit with you for your first project and show you the machine step by step.",
            "Bring something that needs mending; if you have nothing, there are simple projects ready to start.",
        ],
        ..T
    },
    Template {
        key: "painting",
        names: &["{area} Watercolour Group", "{word} Sketchers", "Drop-in Drawing {area}"],
        interests: &["painting-and-drawing", "arts-and-crafts"],
        venue: Venue::Arts,
        slots: &[(MO, 13, 30, 120), (TH, 10, 0, 120), (SA, 14, 0, 120)],
        price: &[Price::Free, Price::Pwyc, Price::Pence(300)],
        summary: &[
            "An informal painting and drawing group {when}, open to complete beginners.",
            "Paint, draw and chat in a relaxed group in {area}, with materials provided.",
        ],
        about: &[
            "There is no teacher standing at the front; members share tips and sometimes set a theme for the week.",
            "Paper, brushes and paints are provided, though many people end up bringing their own sketchbook.",
            "Once a year the group hangs its work in the foyer and invites friends and family along.",
            "Still lifes, views from the window and photos of holidays are all fair game.",
        ],
        first: &[
            "You will be given a seat, a pad and a tin of paints; nobody will look over your shoulder unless you ask.",
            "Start with the simple still life set up on the table; {host} can give you a few pointers if you want them.",
        ],
        ..T
    },
    Template {
        key: "life-drawing",
        names: &["{area} Life Drawing", "{word} Figure Drawing Club"],
        interests: &["painting-and-drawing"],
        venue: Venue::Arts,
        slots: &[(TU, 19, 0, 120), (SU, 14, 0, 150)],
        price: &[Price::Pence(800), Price::Pence(1000), Price::Pence(600)],
        ages: (Some(18), None),
        summary: &[
            "Untutored life drawing {when}, with short poses to warm up and a long pose after the break.",
            "A welcoming life drawing session in {area} for first-timers and experienced artists alike.",
        ],
        about: &[
            "A model sits for short poses at first, building up to one long pose after the tea break.",
            "It is untutored, so you can work at your own pace in pencil, charcoal or paint.",
            "Easels and drawing boards are provided, and paper is on sale at cost.",
            "The atmosphere is quiet and focused, with music playing softly in the background.",
        ],
        first: &[
            "Arrive ten minutes early to pick an easel; {host} will explain how the poses are timed.",
            "Nobody shares their work unless they want to, and plenty of people are drawing for the first time.",
        ],
        ..T
    },
    Template {
        key: "pottery",
        names: &["{area} Clay Club", "Throw and Chat Pottery", "{word} Pottery Evenings"],
        interests: &["pottery-and-ceramics", "arts-and-crafts"],
        opportunity: Opportunity::Course,
        venue: Venue::Arts,
        slots: &[(WE, 18, 30, 150), (SA, 10, 0, 180)],
        price: &[Price::Pence(1200), Price::Pence(1500), Price::Pwyc],
        booking: true,
        summary: &[
            "Hand-building and wheel pottery {when} with a potter on hand to help.",
            "Get your hands in the clay at a small, friendly studio in {area}.",
        ],
        about: &[
            "Each session starts with a short demonstration, then everyone works on their own pieces.",
            "Work is glazed and fired in the studio kiln and ready to collect a couple of weeks later.",
            "Aprons are provided, but wear clothes you do not mind getting muddy.",
            "Places are kept small so the tutor can spend time with everyone.",
        ],
        first: &[
            "Your first session is spent making a simple pinch pot, so you leave with something even if the wheel takes longer to master.",
            "{host} will show you where the aprons and tools are and pair you with a regular for the evening.",
        ],
        ..T
    },
    Template {
        key: "photo-walk",
        names: &["{area} Photo Walk", "Phone Photography Club {area}", "{word} Camera Club"],
        interests: &["photography", "walking"],
        venue: Venue::Park,
        slots: &[(SA, 11, 0, 120), (SU, 10, 30, 120)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        summary: &[
            "A gentle walk {when} taking photos on whatever camera you have; a phone is fine.",
            "Learn to take better pictures while exploring the streets and green spaces of {area}.",
        ],
        about: &[
            "Each walk has a loose theme, such as reflections, doorways or the colour red.",
            "Afterwards the group shares a few favourite shots over a drink, if people want to.",
            "Tips cover framing, light and how to get the most from a phone camera.",
            "The pace is slow, with plenty of stops, so it suits people who are not used to walking far.",
        ],
        first: &[
            "Meet by the main gate; {host} will be holding a small sign with the group's name on it.",
            "Bring a charged phone or camera and a layer in case it gets chilly; that is all you need.",
        ],
        ..T
    },
    Template {
        key: "writing",
        names: &["{area} Writers' Circle", "Write Here {area}", "{word} Poetry Group"],
        interests: &["creative-writing", "book-clubs-and-reading"],
        venue: Venue::Library,
        slots: &[(MO, 18, 30, 90), (WE, 14, 0, 90), (SA, 10, 30, 120)],
        rhythm: MOSTLY_WEEKLY,
        summary: &[
            "Short writing exercises and friendly feedback {when}, for anyone who likes words.",
            "A small, supportive group in {area} for people who write poems, stories or memories.",
        ],
        about: &[
            "Each meeting opens with a ten-minute prompt, and people can read theirs aloud or keep it private.",
            "Members bring longer pieces to share in the second half and get gentle, constructive comments.",
            "Some members have had work published in small magazines; others have never shown anyone their writing before.",
            "Once a season the group puts together a little printed anthology.",
        ],
        first: &[
            "You do not have to read anything aloud on your first visit; listening is a fine way to start.",
            "Bring a pen and a notebook, or borrow them from {host}, who keeps a stash.",
        ],
        ..T
    },
    Template {
        key: "art-wellbeing",
        names: &["Art for Wellbeing {area}", "Creative Calm {area}", "{word} Open Art Space"],
        interests: &["painting-and-drawing", "mental-health-peer-support", "arts-and-crafts"],
        slots: &[(TU, 13, 0, 120), (FR, 11, 0, 120)],
        audiences: &[MentalHealth],
        summary: &[
            "A calm, no-pressure art session {when} for people looking after their mental health.",
            "Paint, collage and make things in a quiet, supportive room; no skills needed.",
        ],
        about: &[
            "The focus is on how making things feels rather than how good they look.",
            "An artist and a peer support worker run the session together, and there is always a quiet corner if you need a break.",
            "Materials range from watercolours to clay to old magazines for collage.",
            "Some people are referred by their GP or community team, but many simply turn up.",
        ],
        first: &[
            "{host} will show you the materials and then leave you to it; you can chat or work in silence.",
            "There is no sharing circle and nobody will ask why you have come.",
        ],
        ..T
    },
    Template {
        key: "craft-ld",
        names: &["{area} Crafty Friends", "Make and Create Club {area}", "{word} Craft Club"],
        interests: &["arts-and-crafts", "social-and-friendship"],
        slots: &[(WE, 11, 0, 120), (SA, 13, 0, 120)],
        audiences: &[LearningDisabilities],
        summary: &[
            "A fun craft club {when} for adults with learning disabilities.",
            "Make cards, decorations and gifts with friends, with support from friendly volunteers.",
        ],
        about: &[
            "Every week there is a new project, explained with pictures as well as words.",
            "Support workers and family members are welcome to stay and join in.",
            "The group often makes things to sell at the summer fair, and members decide what to spend the money on.",
            "Sessions finish with squash and a biscuit and a chance to show what everyone made.",
        ],
        first: &[
            "{host} will meet you and show you the picture timetable for the day.",
            "You can come with a support worker or on your own, whatever suits you.",
        ],
        ..T
    },
    // Music
    Template {
        key: "choir",
        names: &["{area} Community Choir", "{word} Voices", "Sing Out {area}"],
        interests: &["singing-and-choirs", "music"],
        venue: Venue::Church,
        slots: &[(MO, 19, 0, 90), (WE, 19, 30, 90), (TH, 18, 30, 90)],
        price: &[Price::Free, Price::Pwyc, Price::Pence(400)],
        summary: &[
            "A no-audition choir {when} singing pop, soul, folk and the odd show tune.",
            "Everyone can sing: come and find your voice with a warm, lively choir in {area}.",
        ],
        about: &[
            "Songs are taught by ear, line by line, so you do not need to read music.",
            "The choir performs a couple of times a year, but nobody has to take part in concerts.",
            "Warm-ups are silly on purpose, which gets rid of nerves quickly.",
            "Members say the best part is the tea break, when everyone catches up.",
        ],
        first: &[
            "{host} will ask roughly whether your voice is high or low and sit you with a friendly section.",
            "Just listen for the first half hour if you prefer; lots of people do.",
        ],
        ..T
    },
    Template {
        key: "memory-singing",
        names: &["Songs and Smiles {area}", "Sing-along Memories {area}", "{word} Singing Café"],
        interests: &["singing-and-choirs", "listening-and-music-appreciation"],
        venue: Venue::Cafe,
        slots: &[(TH, 14, 0, 90), (TU, 14, 0, 90)],
        audiences: &[OlderPeople, Carers],
        summary: &[
            "Well-loved songs, tea and cake {when} for people living with dementia and those who care for them.",
            "A gentle sing-along of old favourites in {area}, with song sheets in large print.",
        ],
        about: &[
            "Songs come from the 1940s to the 1970s, and requests are encouraged.",
            "A pianist leads the singing, and there are shakers and tambourines for anyone who prefers to play.",
            "Carers often say it is the one hour of the week they both look forward to.",
            "Volunteers trained in dementia awareness help throughout.",
        ],
        first: &[
            "You will be welcomed by {host} and shown to a table with large-print song sheets.",
            "Come along with the person you care for; there is no need to sing if you would rather listen.",
        ],
        ..T
    },
    Template {
        key: "ukulele",
        names: &["{area} Ukulele Strummers", "Uke Club {area}", "{word} Ukes"],
        interests: &["playing-an-instrument", "music"],
        venue: Venue::Library,
        slots: &[(TU, 19, 0, 90), (SA, 11, 0, 90)],
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "Learn three chords and you can play along: a friendly ukulele club {when}.",
            "Strum pop songs and old classics with a welcoming group of mostly beginners.",
        ],
        about: &[
            "Songbooks with chord diagrams are handed out at the start of each session.",
            "There are a few spare ukuleles to borrow if you want to try before buying.",
            "The first half hour is for beginners, then everyone plays together.",
            "It is noisy and cheerful, and nobody minds a wrong chord.",
        ],
        first: &[
            "{host} will lend you a ukulele and show you the first two chords in a quiet corner.",
            "Sit near the front with the other newcomers; the song list starts easy.",
        ],
        ..T
    },
    Template {
        key: "samba",
        names: &["{area} Samba Drummers", "{word} Drum Circle", "{area} Bateria"],
        interests: &["drumming", "music"],
        slots: &[(WE, 19, 0, 90), (SU, 15, 0, 120)],
        price: &[Price::Pwyc, Price::Pence(500)],
        summary: &[
            "Loud, joyful Brazilian-style drumming {when}, with no experience needed.",
            "Join a community samba band in {area} and learn rhythms by ear.",
        ],
        about: &[
            "Drums are provided, from big booming surdos to small, bright tamborims.",
            "Rhythms are taught through simple call and response, so you never need to read music.",
            "The band plays at local carnivals and street parties in summer.",
            "Ear plugs are on hand for anyone who finds the volume a lot.",
        ],
        first: &[
            "{host} will hand you a drum and stand next to you for the first rhythm.",
            "Wear comfortable shoes; most people play standing up, but chairs are there if you need them.",
        ],
        ..T
    },
    Template {
        key: "guitar",
        names: &["Guitar for Beginners {area}", "{word} Guitar Course", "First Chords {area}"],
        interests: &["playing-an-instrument", "learning-and-courses"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(MO, 18, 30, 90), (TH, 18, 0, 90)],
        price: &[Price::Pence(500), Price::Pwyc],
        booking: true,
        summary: &[
            "A beginners' guitar course {when}, starting from how to hold the instrument.",
            "Learn the basic chords and a handful of songs in a small, patient class in {area}.",
        ],
        about: &[
            "Each term builds towards playing three full songs together.",
            "Guitars are available to borrow for the length of the course.",
            "Lessons use chord charts rather than written music.",
            "The tutor keeps the class to eight people so nobody gets lost.",
        ],
        first: &[
            "The first lesson is all about getting comfortable: tuning, holding the guitar and one easy chord.",
            "Let {host} know when you book if you need to borrow a guitar.",
        ],
        ..T
    },
    Template {
        key: "record-club",
        names: &["{area} Record Club", "Vinyl Afternoons {area}", "{word} Listening Club"],
        interests: &["listening-and-music-appreciation", "social-and-friendship"],
        venue: Venue::Cafe,
        slots: &[(FR, 14, 0, 120), (TH, 19, 0, 120)],
        rhythm: MOSTLY_MONTHLY,
        summary: &[
            "Listen to an album from start to finish and talk about it afterwards, {when}.",
            "A relaxed club for people who love music, whether it is jazz, reggae or sixties pop.",
        ],
        about: &[
            "Members take turns to choose a record and say a few words about why it matters to them.",
            "The whole album is played without interruption, then the conversation starts.",
            "There is a good sound system and some very comfortable chairs.",
            "Themes have included film soundtracks, songs from home and the first record people ever bought.",
        ],
        first: &[
            "{host} will find you a comfy seat; you can just listen and join the chat later if you feel like it.",
            "Bring a record you love if you have one, but there is no need.",
        ],
        ..T
    },
    Template {
        key: "youth-music",
        names: &["{area} Beats Studio", "{word} Youth Music Lab", "Mic Check {area}"],
        interests: &["music", "playing-an-instrument"],
        slots: &[(TU, 17, 0, 120), (TH, 17, 30, 120)],
        audiences: &[YoungPeople],
        ages: (Some(13), Some(19)),
        summary: &[
            "Make beats, write lyrics and record tracks {when}, free for young people aged 13 to 19.",
            "A music studio session in {area} where young people learn production and performance.",
        ],
        about: &[
            "Youth workers who are also musicians run the sessions.",
            "There are laptops with production software, keyboards and a small vocal booth.",
            "Tracks are played at an end-of-term showcase for friends and family.",
            "It is a safe, respectful space with rules the young people help set.",
        ],
        first: &[
            "A youth worker will show you round the studio and ask what music you are into.",
            "You can bring a friend along to your first session.",
        ],
        ..T
    },
    Template {
        key: "gospel-choir",
        names: &["{area} Gospel Singers", "{word} Gospel Choir", "Joyful Noise {area}"],
        interests: &["singing-and-choirs", "faith-communities"],
        venue: Venue::Church,
        slots: &[(TH, 19, 0, 120), (SA, 15, 0, 120)],
        summary: &[
            "Big harmonies and bigger smiles {when}: a gospel choir open to all.",
            "A joyful gospel choir in {area} that welcomes singers of any faith or none.",
        ],
        about: &[
            "The choir sings traditional gospel alongside modern arrangements of soul and pop songs.",
            "Parts are taught by ear, and recordings are shared so you can practise at home.",
            "The choir sings at community events, care homes and the occasional wedding.",
        ],
        first: &[
            "{host} will introduce you to the section leader for your voice, who will keep you right.",
            "Come a little early for the warm-up; it is the best way to shake off nerves.",
        ],
        ..T
    },
    // Sport and exercise
    Template {
        key: "walking",
        names: &["{area} Wellbeing Walkers", "Walk and Talk {area}", "{word} Strollers"],
        interests: &["walking", "parks-and-green-spaces"],
        venue: Venue::Park,
        slots: &[(WE, 10, 30, 60), (FR, 10, 0, 75), (SU, 11, 0, 90)],
        summary: &[
            "A free, friendly walk of about an hour {when}, led by trained volunteers.",
            "Gentle, sociable walks around the parks and quiet streets of {area}.",
        ],
        about: &[
            "Routes are mostly flat and there is always a shorter option.",
            "A walk leader goes at the front and a back marker makes sure nobody is left behind.",
            "Most weeks the walk ends at a café for anyone who wants a hot drink.",
            "Walking side by side makes it easy to talk, or not, as you prefer.",
        ],
        first: &[
            "Meet by the café near the main entrance; the walk leader will take your name and ask, in private, about any health conditions.",
            "Wear comfortable shoes and bring water; your first walk can always be the short route.",
        ],
        ..T
    },
    Template {
        key: "nordic-walking",
        names: &["{area} Nordic Walking", "{word} Poles Walking Group"],
        interests: &["walking", "gym-and-fitness"],
        venue: Venue::Park,
        slots: &[(TU, 9, 30, 60), (SA, 9, 0, 60)],
        price: &[Price::Pence(300), Price::Free],
        summary: &[
            "Brisk walking with poles {when}, which works the whole body and is kind to the knees.",
            "Nordic walking in the green spaces of {area}, with poles to borrow.",
        ],
        about: &[
            "The poles take some weight off your joints and get your arms working too.",
            "A qualified instructor teaches the technique in the first few sessions.",
            "Walks last about an hour and finish with stretches.",
        ],
        first: &[
            "{host} will lend you a pair of poles and adjust them to your height before setting off.",
            "The first session is a slow introduction to the technique, so do not worry about keeping up.",
        ],
        ..T
    },
    Template {
        key: "running",
        names: &["{area} Beginners' Run Club", "Jog On {area}", "{word} Slow Runners"],
        interests: &["running", "sport-and-exercise"],
        venue: Venue::Park,
        slots: &[(TU, 18, 30, 60), (SA, 9, 30, 60), (TH, 19, 0, 60)],
        summary: &[
            "A beginners' running group {when} where nobody is left at the back.",
            "Build up from walking to running with a friendly group in {area}.",
        ],
        about: &[
            "Sessions mix short bursts of running with walking breaks.",
            "Runners are grouped by pace so everyone has company.",
            "Many members had not run since school before they joined.",
            "Once a month the group does a timed lap of the park, just for fun.",
        ],
        first: &[
            "Look for the group in bright bibs by the park gates; {host} will introduce you to your pace group.",
            "Any trainers will do for the first session; no special kit needed.",
        ],
        ..T
    },
    Template {
        key: "women-swim",
        names: &["Women's Swim {area}", "{word} Women's Swimming Club", "Quiet Swim for Women {area}"],
        interests: &["swimming", "womens-groups"],
        venue: Venue::Leisure,
        slots: &[(SU, 8, 0, 60), (WE, 20, 0, 60)],
        price: &[Price::Pence(350), Price::Pence(250)],
        audiences: &[Women],
        summary: &[
            "Women-only swimming {when}, with female lifeguards and covered windows.",
            "A relaxed, private swim for women of any ability, with a lane for beginners.",
        ],
        about: &[
            "The pool is screened during the session and all the staff on poolside are women.",
            "Burkinis, leggings and T-shirts are all welcome in the water.",
            "A swimming teacher runs the shallow end for anyone who wants to build confidence.",
            "Many members come as a group of friends and go for tea afterwards.",
        ],
        first: &[
            "Tell reception you are here for the women's swim; {host} can meet you at the changing rooms on your first visit.",
            "There are private changing cubicles and lockers that take a pound coin, which you get back.",
        ],
        ..T
    },
    Template {
        key: "learn-swim",
        names: &["Learn to Swim for Adults {area}", "{word} Adult Swim School"],
        interests: &["swimming", "learning-and-courses"],
        opportunity: Opportunity::Course,
        venue: Venue::Leisure,
        slots: &[(MO, 19, 0, 45), (SA, 12, 0, 45)],
        price: &[Price::Pence(600), Price::Pence(800)],
        booking: true,
        ages: (Some(16), None),
        summary: &[
            "Small-group swimming lessons for adults {when}, starting in the shallow end.",
            "Never learned to swim? Patient lessons in {area} for adults who are nervous in water.",
        ],
        about: &[
            "Lots of adults never had the chance to learn, and the class is full of people in the same boat.",
            "Lessons take place in the learner pool, where everyone can stand up.",
            "Teachers start with simply getting comfortable in the water, with no rush to put your face in.",
        ],
        first: &[
            "{host} will meet you on poolside and talk through the lesson before you get in.",
            "Bring a costume and towel; floats and goggles are provided.",
        ],
        ..T
    },
    Template {
        key: "cycling",
        names: &["Learn to Ride {area}", "{area} Social Cycle", "{word} Easy Riders"],
        interests: &["cycling", "sport-and-exercise"],
        venue: Venue::Park,
        slots: &[(SA, 10, 0, 120), (SU, 10, 0, 120)],
        rhythm: MOSTLY_WEEKLY,
        summary: &[
            "Bikes, helmets and patient instructors for adults learning to ride, {when}.",
            "Slow, sociable bike rides on quiet roads and paths around {area}.",
        ],
        about: &[
            "Bikes of all sizes are available to borrow, including trikes and hand-cycles.",
            "Instructors start on a traffic-free path and only move on when you feel ready.",
            "The social rides stop halfway for a drink and are never more than ten miles.",
            "Bike checks and small repairs are done for free before each ride.",
        ],
        first: &[
            "{host} will fit you with a bike and helmet and check you are comfortable before anything else.",
            "Wear trousers that will not catch in the chain; everything else is provided.",
        ],
        ..T
    },
    Template {
        key: "yoga",
        names: &["Gentle Yoga {area}", "{word} Yoga for Every Body", "Slow Flow {area}"],
        interests: &["yoga-and-tai-chi", "meditation-and-reflection"],
        slots: &[(MO, 10, 0, 60), (WE, 18, 30, 60), (FR, 12, 30, 60)],
        price: &[Price::Pwyc, Price::Pence(500), Price::Free],
        summary: &[
            "A slow, kind yoga class {when}, suitable for stiff bodies and complete beginners.",
            "Stretch, breathe and unwind in a small yoga class in {area}.",
        ],
        about: &[
            "Every pose has an easier version, and chairs are available for anyone who cannot get down to the floor.",
            "The teacher talks through each movement clearly, without jargon.",
            "Classes end with ten minutes lying still under a blanket, which many people say is the best bit.",
            "Mats and blocks are provided.",
        ],
        first: &[
            "Arrive a few minutes early and tell {host} about any injuries; they will suggest where to put your mat.",
            "Wear loose clothes; you will be barefoot or in socks.",
        ],
        ..T
    },
    Template {
        key: "tai-chi",
        names: &["Tai Chi in the Park {area}", "{word} Tai Chi", "Morning Qigong {area}"],
        interests: &["yoga-and-tai-chi", "parks-and-green-spaces"],
        venue: Venue::Park,
        slots: &[(TU, 9, 30, 60), (SA, 9, 0, 60), (TH, 10, 0, 60)],
        price: &[Price::Free, Price::Pwyc],
        audiences: &[OlderPeople],
        summary: &[
            "Slow, flowing tai chi in the open air {when}, good for balance and calm.",
            "Gentle tai chi and qigong in {area}, suitable for all ages and most abilities.",
        ],
        about: &[
            "The movements are slow and low-impact, and can be done seated if needed.",
            "Practising outside means fresh air and, often, an audience of curious squirrels.",
            "In heavy rain the class moves under the bandstand.",
            "The teacher has practised for over twenty years and explains the movements simply.",
        ],
        first: &[
            "Stand at the back for your first session and follow along; {host} will come and help you with the moves.",
            "Wear flat shoes and layers you can take off as you warm up.",
        ],
        ..T
    },
    Template {
        key: "walking-football",
        names: &["{area} Walking Football", "{word} Walking Football Club"],
        interests: &["football", "sport-and-exercise"],
        venue: Venue::Leisure,
        slots: &[(WE, 11, 0, 90), (FR, 13, 0, 90)],
        price: &[Price::Pence(300), Price::Pence(200)],
        audiences: &[OlderPeople, Men],
        ages: (Some(50), None),
        summary: &[
            "Football without the running {when}, for players over fifty.",
            "A friendly walking football session in {area}: no sprinting, no tackling, plenty of laughs.",
        ],
        about: &[
            "If you run, the other team gets a free kick, which keeps the pace gentle.",
            "Games are mixed ability, and several players came back to football after thirty years away.",
            "Women are welcome, and there is sometimes a mixed game at the end.",
            "Afterwards the group gathers in the café for a cuppa and a debrief.",
        ],
        first: &[
            "{host} will explain the rules and put you on a team; you can sit out whenever you like.",
            "Wear trainers rather than boots, as the session is on an indoor court.",
        ],
        ..T
    },
    Template {
        key: "football",
        names: &["{word} FC", "Kickabout {area}", "{area} United Community Football"],
        interests: &["football", "mental-health-peer-support"],
        venue: Venue::Leisure,
        slots: &[(MO, 18, 0, 90), (TH, 14, 0, 90)],
        audiences: &[MentalHealth, Refugees],
        summary: &[
            "A friendly five-a-side kickabout {when} where the game matters less than the company.",
            "Football for adults of all abilities, especially people who have found team sport hard to get into.",
        ],
        about: &[
            "The coaches are trained in mental health first aid and run the session with a light touch.",
            "Boots, bibs and balls are provided.",
            "Some players go on to join a league team; others are happy with the weekly game.",
            "Everyone shakes hands at the end, whatever the score.",
        ],
        first: &[
            "{host} will put you on a team straight away; nobody is ever left on the bench.",
            "Come in trainers and comfortable clothes, and bring water.",
        ],
        ..T
    },
    Template {
        key: "tea-dance",
        names: &["{area} Tea Dance", "{word} Ballroom Afternoon"],
        interests: &["dance", "coffee-mornings"],
        venue: Venue::Church,
        slots: &[(TU, 14, 0, 120), (SU, 14, 30, 120)],
        rhythm: &[Rhythm::Weekly, Rhythm::Monthly, Rhythm::Fortnightly],
        price: &[Price::Pence(300), Price::Pence(400)],
        audiences: &[OlderPeople],
        summary: &[
            "Waltzes, quicksteps and tea in proper cups and saucers, {when}.",
            "A traditional afternoon tea dance in {area}, with or without a partner.",
        ],
        about: &[
            "A DJ plays ballroom, Latin and a few sixties favourites.",
            "Dance hosts are on hand to partner anyone who comes alone.",
            "Plenty of people come just to watch, listen and enjoy the cake.",
        ],
        first: &[
            "{host} will find you a table and introduce you to the dance hosts if you would like a twirl.",
            "Wear shoes you can move in; there is no need to dress up, though some people love to.",
        ],
        ..T
    },
    Template {
        key: "bollywood",
        names: &["Bollywood Dance {area}", "{word} Bhangra Fitness", "Dance Around the World {area}"],
        interests: &["dance", "gym-and-fitness"],
        slots: &[(WE, 18, 0, 60), (SA, 11, 0, 60)],
        price: &[Price::Pence(400), Price::Pwyc],
        summary: &[
            "High-energy Bollywood and bhangra dance {when}, with easy steps for beginners.",
            "Dance to music from around the world in a fun, sweaty class in {area}.",
        ],
        about: &[
            "Each class teaches a short routine broken down into simple steps.",
            "Nobody is watching how well you dance; everyone is too busy laughing.",
            "You can take it gently and still get a good workout.",
        ],
        first: &[
            "Stand wherever you like; {host} will demonstrate everything slowly before speeding up.",
            "Wear trainers and bring water.",
        ],
        ..T
    },
    Template {
        key: "inclusive-dance",
        names: &["{area} Inclusive Dance", "{word} Dance Company", "Move Together {area}"],
        interests: &["dance", "social-and-friendship"],
        slots: &[(TU, 11, 0, 90), (SA, 11, 0, 90)],
        audiences: &[LearningDisabilities, Autistic],
        summary: &[
            "A dance and movement group {when} for adults with learning disabilities.",
            "Create dances together, perform if you want to, and have fun moving to music.",
        ],
        about: &[
            "Members make up their own routines with help from two dance artists.",
            "Wheelchair users and people who prefer to dance seated take part in every routine.",
            "The group performs at local festivals once or twice a year.",
        ],
        first: &[
            "{host} will welcome you and explain the plan for the session with pictures.",
            "You can watch from the side until you feel ready to join in.",
        ],
        ..T
    },
    Template {
        key: "chair-exercise",
        names: &["Chair-based Exercise {area}", "Strength and Balance {area}", "{word} Seated Fitness"],
        interests: &["chair-based-exercise", "gym-and-fitness"],
        slots: &[(MO, 11, 0, 45), (TH, 11, 0, 45), (WE, 14, 0, 45)],
        price: &[Price::Free, Price::Pence(200)],
        audiences: &[OlderPeople],
        ages: (Some(60), None),
        summary: &[
            "Gentle seated exercise {when} to keep joints moving and build strength.",
            "A friendly, seated fitness class in {area} designed for people with limited mobility.",
        ],
        about: &[
            "Everything is done from a sturdy chair, with optional standing moves holding on to its back.",
            "An instructor trained in falls prevention leads each class.",
            "Music from the fifties and sixties keeps things lively.",
            "Tea and a chat follow, and that half hour matters as much as the exercise.",
        ],
        first: &[
            "{host} will ask a few quick health questions in private and then find you a chair near the front.",
            "Wear comfortable shoes and bring a bottle of water.",
        ],
        ..T
    },
    Template {
        key: "gym-buddies",
        names: &["Gym Buddies {area}", "{word} Gentle Gym Club"],
        interests: &["gym-and-fitness", "mental-health-peer-support"],
        venue: Venue::Leisure,
        slots: &[(TU, 10, 0, 60), (TH, 15, 0, 60)],
        price: &[Price::Free, Price::Pence(200)],
        audiences: &[MentalHealth, Autistic],
        summary: &[
            "A supported gym session {when} for people who feel anxious about walking into a gym alone.",
            "Go to the gym with a small, friendly group and a trainer who understands.",
        ],
        about: &[
            "The session runs at a quiet time, when the gym is almost empty.",
            "A trainer shows everyone how the machines work and helps plan a simple routine.",
            "Several members have gone on to use the gym on their own.",
        ],
        first: &[
            "{host} will meet you in reception and walk you into the gym together.",
            "Wear anything you can move in; there is no need for gym clothes.",
        ],
        ..T
    },
    Template {
        key: "table-tennis",
        names: &["Ping Pong Social {area}", "{word} Table Tennis Club"],
        interests: &["sport-and-exercise", "games-and-quizzes"],
        venue: Venue::Library,
        slots: &[(WE, 17, 30, 120), (SA, 13, 0, 120)],
        summary: &[
            "Drop-in table tennis {when} with bats and balls provided.",
            "A sociable table tennis session in {area} for all ages and abilities.",
        ],
        about: &[
            "Two tables are set up, and people rotate so everyone gets a game.",
            "Rallies are more common than serious matches, though a few regulars are very good.",
            "Table tennis is great for people with Parkinson's and memory problems, and several players come for that reason.",
        ],
        first: &[
            "Just pick up a bat; {host} will pair you with someone at your level.",
            "Wear flat shoes; that is the only rule.",
        ],
        ..T
    },
    // Food
    Template {
        key: "cook-eat",
        names: &["Cook and Eat {area}", "Cooking on a Budget {area}", "{word} Kitchen Club"],
        interests: &["cooking-skills", "healthy-eating", "community-meals"],
        slots: &[(TH, 11, 0, 150), (TU, 17, 30, 150)],
        price: &[Price::Free, Price::Pwyc],
        booking: true,
        summary: &[
            "Cook a simple, cheap meal together {when}, then sit down and eat it.",
            "Learn quick, healthy recipes that cost little, in a friendly community kitchen in {area}.",
        ],
        about: &[
            "Recipes use ingredients from local shops and usually feed four for under five pounds.",
            "Everyone takes home a printed recipe card and any leftovers.",
            "The kitchen has a lower worktop for wheelchair users.",
            "Sessions have covered curries, soups, one-pot dinners and how to use up what is left in the fridge.",
        ],
        first: &[
            "{host} will give you an apron and pair you with someone for the first recipe.",
            "Tell us about any allergies or dietary needs when you arrive; we always adapt.",
        ],
        ..T
    },
    Template {
        key: "lunch-club",
        names: &["{area} Lunch Club", "{word} Friendship Lunch", "Lunch and Laughter {area}"],
        interests: &["lunch-clubs", "community-meals"],
        venue: Venue::Church,
        slots: &[(WE, 12, 0, 120), (TH, 12, 0, 120), (FR, 12, 30, 120)],
        price: &[Price::Pence(350), Price::Pence(400), Price::Pwyc],
        audiences: &[OlderPeople],
        summary: &[
            "A hot two-course lunch and good company {when}.",
            "A friendly lunch club in {area} with home-cooked food, a quiz and a raffle.",
        ],
        about: &[
            "The meal is cooked on site by volunteers, with a vegetarian option every week.",
            "After lunch there is usually a quiz, a singer or a visiting speaker.",
            "Transport can be arranged for members who cannot get there on their own.",
            "The same tables tend to sit together, and newcomers are quickly adopted.",
        ],
        first: &[
            "{host} will introduce you to a table of regulars so you are not eating alone.",
            "Let us know by the day before if you are coming so there is a meal for you.",
        ],
        ..T
    },
    Template {
        key: "community-supper",
        names: &["{area} Community Supper", "{word} Table", "Open Table {area}"],
        interests: &["community-meals", "social-and-friendship"],
        venue: Venue::Cafe,
        slots: &[(MO, 18, 0, 120), (WE, 18, 30, 120)],
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "A free hot supper {when}, cooked by volunteers and eaten together at long tables.",
            "Come and share a meal with neighbours in {area}; everyone is welcome, no questions asked.",
        ],
        about: &[
            "The menu depends on what food has been donated that week, and the cooks are inventive.",
            "Guests and volunteers eat together, so it feels like a big family meal.",
            "There is always a vegetarian dish and pudding.",
            "Some people come every week; others drop in when money is tight.",
        ],
        first: &[
            "Just take a seat anywhere; {host} will bring you a plate and introduce you to your neighbours.",
            "If you would rather help than eat, there is always washing-up to do.",
        ],
        ..T
    },
    Template {
        key: "baking",
        names: &["{area} Bread Club", "Bake and Take {area}", "{word} Bakers"],
        interests: &["baking", "cooking-skills"],
        slots: &[(SA, 10, 0, 150), (TU, 13, 0, 150)],
        rhythm: MOSTLY_WEEKLY,
        price: &[Price::Pence(500), Price::Pwyc],
        booking: true,
        summary: &[
            "Knead, shape and bake bread to take home, {when}.",
            "A small baking group in {area} where you learn a new bake each session.",
        ],
        about: &[
            "Bakes range from simple soda bread to cinnamon buns and flatbreads from around the world.",
            "All ingredients are provided and you take home everything you make.",
            "While the dough rises, there is time for a cuppa and a slice of last week's cake.",
        ],
        first: &[
            "{host} will give you an apron and a bowl; your first bake is always a simple one.",
            "Bring a bag or tin to carry your bread home.",
        ],
        ..T
    },
    Template {
        key: "food-share",
        names: &["{area} Food Share Volunteers", "{word} Pantry Volunteers"],
        interests: &["volunteering", "community-meals"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Church,
        slots: &[(TU, 9, 30, 180), (FR, 10, 0, 180)],
        summary: &[
            "Help sort and share out food for neighbours who need it, {when}.",
            "Volunteer at a busy food share in {area}: sorting, packing and making tea.",
        ],
        about: &[
            "Volunteers unload deliveries, check dates and pack bags.",
            "Some volunteers prefer to chat with visitors over tea while they wait.",
            "Many volunteers first came to the food share for help themselves.",
        ],
        first: &[
            "{host} will show you round and give you a simple first job alongside an experienced volunteer.",
            "Wear comfortable shoes; you will be on your feet for a while.",
        ],
        ..T
    },
    // Gardening and nature
    Template {
        key: "garden-volunteers",
        names: &["Grow Together {area}", "{area} Garden Volunteers", "{word} Growers"],
        interests: &["community-gardens-and-allotments", "environmental-volunteering"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Garden,
        slots: &[(WE, 10, 0, 180), (SA, 10, 30, 180), (SU, 11, 0, 150)],
        summary: &[
            "Grow vegetables, fruit and flowers with other volunteers {when}.",
            "Relaxed gardening sessions in {area} for people of all abilities, with tea and cake halfway.",
        ],
        about: &[
            "Jobs are shared out at the start, from weeding and watering to building raised beds.",
            "Volunteers take home a share of whatever is ready to harvest.",
            "There is a covered area for rainy days, when the group pots up seedlings.",
            "No gardening knowledge is needed; the regulars learned on the job too.",
        ],
        first: &[
            "{host} will give you a tour of the beds and a job that suits you.",
            "Wear old clothes and sturdy shoes; gloves and tools are provided.",
        ],
        ..T
    },
    Template {
        key: "allotment",
        names: &["{area} Allotment Group", "{word} Plot Sharers", "Dig In {area}"],
        interests: &["community-gardens-and-allotments", "healthy-eating"],
        venue: Venue::Garden,
        slots: &[(TH, 10, 0, 150), (SA, 10, 0, 180)],
        summary: &[
            "Share an allotment plot and learn to grow your own food, {when}.",
            "A shared allotment in {area} where members grow vegetables together.",
        ],
        about: &[
            "The group looks after two plots together, so nobody has to manage one alone.",
            "An experienced grower plans the year and explains what needs doing.",
            "The harvest is shared, and there is usually a glut of courgettes in August.",
        ],
        first: &[
            "{host} will meet you at the allotment gate, which can be hard to find the first time.",
            "Bring a drink and wear clothes you do not mind getting muddy.",
        ],
        ..T
    },
    Template {
        key: "conservation",
        names: &["{area} Conservation Volunteers", "{word} Habitat Team", "Nature Rangers {area}"],
        interests: &["conservation-and-wildlife", "environmental-volunteering"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Park,
        slots: &[(SU, 10, 0, 180), (TH, 10, 0, 180)],
        rhythm: &[Rhythm::Fortnightly, Rhythm::Monthly, Rhythm::Weekly],
        summary: &[
            "Practical conservation work in local green spaces {when}: coppicing, pond clearing and hedge laying.",
            "Help look after wildlife habitats in {area}, with tools and training provided.",
        ],
        about: &[
            "Tasks change with the season, and a ranger explains why each job helps wildlife.",
            "Volunteers have created a wildflower meadow and restored a neglected pond.",
            "There is a break halfway with hot drinks and biscuits.",
            "It is hands-on, outdoor work, but there are always lighter jobs.",
        ],
        first: &[
            "Meet at the park's main gate; {host} will give a short safety talk before the work starts.",
            "Wear clothes you do not mind getting dirty and shoes with a good grip.",
        ],
        ..T
    },
    Template {
        key: "park-friends",
        names: &["Friends of {place}", "{word} Park Keepers"],
        interests: &["parks-and-green-spaces", "environmental-volunteering"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Park,
        slots: &[(SA, 10, 0, 150)],
        rhythm: &[Rhythm::Monthly],
        summary: &[
            "A monthly work morning caring for {place}, with tea and cake afterwards.",
            "Local people looking after their park in {area}: planting, tidying and campaigning for improvements.",
        ],
        about: &[
            "The group planted the bulbs along the main path and looks after the community orchard.",
            "Members also meet the council to push for better lighting, benches and toilets.",
            "Work mornings end with tea at the park café.",
        ],
        first: &[
            "Meet at the noticeboard by the main gate, where {host} will sign you in.",
            "Come for an hour or the whole morning, whichever suits you.",
        ],
        ..T
    },
    Template {
        key: "wildlife",
        names: &["{area} Bird Watchers", "{word} Wildlife Watch", "Nature Notes {area}"],
        interests: &["conservation-and-wildlife", "walking"],
        venue: Venue::Park,
        slots: &[(SU, 8, 30, 120), (WE, 9, 0, 120)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        summary: &[
            "A slow wildlife walk {when}, spotting birds, insects and plants.",
            "Discover the surprising wildlife of {area} with friendly, knowledgeable guides.",
        ],
        about: &[
            "Binoculars are available to borrow, and guides help identify birds by their song.",
            "Sightings are recorded and sent to the London wildlife records centre.",
            "Walks are slow and short, with plenty of standing still and listening.",
        ],
        first: &[
            "{host} will lend you binoculars and point out the common birds first.",
            "Wear muted colours and bring a flask; that is the whole kit list.",
        ],
        ..T
    },
    Template {
        key: "litter-pickers",
        names: &["{area} Litter Pickers", "{word} Clean Streets Team", "Tidy {area}"],
        interests: &["environmental-volunteering", "parks-and-green-spaces"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Park,
        slots: &[(SA, 10, 0, 120), (SU, 10, 30, 90)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        summary: &[
            "Help keep {area} clean with a sociable litter pick {when}.",
            "A friendly group of neighbours tidying the parks and streets of {area}.",
        ],
        about: &[
            "Pickers, bags, gloves and hi-vis vests are all provided.",
            "Each pick covers a different patch, and the council collects the bags afterwards.",
            "It is a good way to get to know neighbours while doing something useful.",
        ],
        first: &[
            "{host} will hand you a picker and pair you with someone who knows the route.",
            "Come for as long as you like; even half an hour makes a difference.",
        ],
        ..T
    },
    // Learning
    Template {
        key: "esol-conversation",
        names: &["English Conversation Club {area}", "{word} English Café", "Talk English {area}"],
        interests: &["english-classes-esol", "social-and-friendship"],
        venue: Venue::Library,
        slots: &[(MO, 10, 0, 90), (WE, 13, 30, 90), (SA, 11, 0, 90)],
        audiences: &[Refugees],
        summary: &[
            "Practise speaking English in a relaxed group {when}, with volunteers to help.",
            "A friendly conversation club in {area} for people improving their everyday English.",
        ],
        about: &[
            "Each week has a topic, like visiting the doctor, talking to a landlord or describing your home town.",
            "Volunteers sit with small groups so everyone gets a chance to speak.",
            "All levels come, from people who know a few words to people who want to sound more natural.",
            "It is not a formal class, so there are no tests and no homework.",
        ],
        first: &[
            "{host} will ask a couple of easy questions to find the right table for you; there is no test.",
            "Children are welcome in the room if you do not have childcare.",
        ],
        ..T
    },
    Template {
        key: "esol-course",
        names: &["English for Everyday Life {area}", "ESOL Classes at {place}", "{word} English Course"],
        interests: &["english-classes-esol", "learning-and-courses"],
        opportunity: Opportunity::Course,
        slots: &[(TU, 9, 30, 150), (TH, 13, 0, 150), (MO, 18, 0, 120)],
        booking: true,
        ages: (Some(19), None),
        summary: &[
            "Free English classes {when}, from beginner to intermediate, with a qualified tutor.",
            "Structured ESOL classes in {area} that build reading, writing, speaking and listening.",
        ],
        about: &[
            "Classes follow a term timetable and lead to a recognised certificate if you want one.",
            "A short assessment puts you in the right level; it is friendly and not a test to pass or fail.",
            "Some classes have a free crèche, which must be booked.",
            "Tutors use real-life materials such as bus timetables, school letters and job adverts.",
        ],
        first: &[
            "Come to an enrolment session first; {host} will do a short, friendly assessment with you.",
            "Bring proof of address and any ID you have, but do not worry if you do not have everything.",
        ],
        ..T
    },
    Template {
        key: "money-skills",
        names: &["Money Matters {area}", "Maths for Life {area}", "{word} Budgeting Course"],
        interests: &["maths-and-money-skills", "learning-and-courses"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(WE, 10, 0, 120), (TU, 18, 0, 120)],
        booking: true,
        summary: &[
            "Build confidence with numbers and money {when}, in a small, patient group.",
            "A practical course in {area} on budgeting, bills and everyday maths.",
        ],
        about: &[
            "Topics include reading bills, comparing deals, working out percentages and making a budget that works.",
            "The tutor is good at explaining things that school made confusing.",
            "There is an optional certificate at the end, which some learners use for job applications.",
        ],
        first: &[
            "The first session is a relaxed chat about what you want to get out of the course; no tests.",
            "{host} can arrange a one-to-one first if you feel anxious about maths.",
        ],
        ..T
    },
    Template {
        key: "history-group",
        names: &["{area} Local History Group", "{word} Heritage Circle", "Memories of {area}"],
        interests: &["history-and-heritage", "social-and-friendship"],
        venue: Venue::Library,
        slots: &[(TH, 14, 0, 120), (SA, 10, 30, 120)],
        rhythm: MOSTLY_MONTHLY,
        summary: &[
            "Old photos, maps and memories of {area}, shared {when}.",
            "A friendly group for anyone curious about how {area} used to be.",
        ],
        about: &[
            "Members bring photographs, newspaper cuttings and stories, and the group pieces together the past.",
            "Longer-standing residents share memories of shops, pubs and streets that have disappeared.",
            "The group has published two small booklets and records interviews with older neighbours.",
        ],
        first: &[
            "Bring an old photo or a memory if you have one; {host} will make sure you get a chance to share it.",
            "Just come and listen; some of the best contributions come from people who have only lived here a year.",
        ],
        ..T
    },
    Template {
        key: "archive-volunteers",
        names: &["{area} Archive Volunteers", "{word} Photo Archive Team"],
        interests: &["history-and-heritage", "volunteering"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Library,
        slots: &[(TU, 10, 0, 180), (FR, 13, 0, 180)],
        summary: &[
            "Help scan, sort and label old photographs of {area}, {when}.",
            "Volunteer with a local history archive, cataloguing photos and memories.",
        ],
        about: &[
            "Volunteers learn to scan old prints, write descriptions and look after fragile papers.",
            "It is quiet, absorbing work, good for people who enjoy detail.",
            "Every so often someone spots a relative in an old street photo.",
        ],
        first: &[
            "{host} will show you the scanner and the catalogue and start you on a small box of photos.",
            "No experience needed; training is given on the day.",
        ],
        ..T
    },
    Template {
        key: "language-cafe",
        names: &["Spanish Conversation Café {area}", "{area} Language Exchange", "{word} Polyglots"],
        interests: &["languages", "social-and-friendship"],
        venue: Venue::Cafe,
        slots: &[(WE, 19, 0, 90), (SA, 11, 0, 90)],
        summary: &[
            "Practise a new language over coffee {when}, with native speakers and fellow learners.",
            "A language exchange in {area}: half the time in English, half in another language.",
        ],
        about: &[
            "Tables are labelled by language, from Spanish and French to Polish, Portuguese and Urdu.",
            "Native speakers who want to practise their English are as welcome as learners.",
            "It is informal, with no teacher, just conversation.",
        ],
        first: &[
            "{host} will find you a table with people at a similar level.",
            "Even a few words is enough to start; everyone was a beginner once.",
        ],
        ..T
    },
    Template {
        key: "bsl",
        names: &["British Sign Language for Beginners {area}", "{area} Sign Language Club", "{word} BSL Course"],
        interests: &["languages", "learning-and-courses"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(TH, 18, 30, 90), (MO, 11, 0, 90)],
        price: &[Price::Pence(500), Price::Free],
        booking: true,
        summary: &[
            "Learn the basics of British Sign Language {when} with a Deaf tutor.",
            "A beginners' BSL course in {area}: fingerspelling, greetings and everyday conversation.",
        ],
        about: &[
            "The tutor is Deaf, and the class is taught mostly through signing, which is easier than it sounds.",
            "Many learners have a Deaf family member, colleague or neighbour.",
            "By the end of the course you can hold a simple conversation.",
        ],
        first: &[
            "Your first session starts with fingerspelling your name; {host} will be there to help you settle in.",
            "Wear plain clothes if you can; patterns make signs harder to read.",
        ],
        ..T
    },
    Template {
        key: "book-club",
        names: &["{area} Book Club", "{word} Readers", "Tea and Pages {area}"],
        interests: &["book-clubs-and-reading", "social-and-friendship"],
        venue: Venue::Library,
        slots: &[(TU, 18, 30, 90), (TH, 14, 0, 90)],
        rhythm: MOSTLY_MONTHLY,
        summary: &[
            "A friendly book club {when}, reading everything from crime to classics.",
            "Talk about books with other readers in {area}; copies can be borrowed from the library.",
        ],
        about: &[
            "The group chooses books together, and sets are borrowed from the library so nobody has to buy them.",
            "It is fine to come if you have not finished the book; that is often when the best debates start.",
            "Recent choices have included a memoir, a thriller and a novel set in Lagos.",
        ],
        first: &[
            "{host} will tell you what the group is reading and where to pick up a copy.",
            "You do not have to say anything clever; just what you thought.",
        ],
        ..T
    },
    Template {
        key: "read-aloud",
        names: &["Read Aloud {area}", "{word} Story Circle", "Stories and Tea {area}"],
        interests: &["book-clubs-and-reading", "mental-health-peer-support"],
        venue: Venue::Library,
        slots: &[(WE, 11, 0, 90), (FR, 14, 0, 90)],
        summary: &[
            "A short story and a poem read aloud and talked about {when}, with no reading beforehand.",
            "A calm reading group in {area} where the text is read aloud, so anyone can join in.",
        ],
        about: &[
            "A trained volunteer reads the text aloud, pausing so the group can talk about it.",
            "Nobody has to read out loud unless they want to.",
            "Many people who come have not picked up a book in years, and enjoy it more than they expected.",
        ],
        first: &[
            "Just sit and listen; {host} will give you a copy of the story to follow along.",
            "Conversation is gentle and there are no wrong answers.",
        ],
        ..T
    },
    Template {
        key: "easy-read",
        names: &["Easy Read Book Club {area}", "{word} Picture Stories Club"],
        interests: &["book-clubs-and-reading", "social-and-friendship"],
        venue: Venue::Library,
        slots: &[(TU, 14, 0, 90), (SA, 11, 0, 90)],
        audiences: &[LearningDisabilities],
        summary: &[
            "A book club {when} using easy read and picture books, for adults with learning disabilities.",
            "Enjoy stories together in {area}, with books that are easy to read and talk about.",
        ],
        about: &[
            "Stories are read aloud and talked about with the help of pictures.",
            "Members choose the next book by voting with stickers.",
            "Support workers and family are welcome to stay.",
        ],
        first: &[
            "{host} will meet you at the library door and show you to the reading room.",
            "You do not need to be able to read to enjoy the group.",
        ],
        ..T
    },
    Template {
        key: "stay-play",
        names: &["Stay and Play {area}", "{word} Rhyme Time", "Little Explorers {area}"],
        interests: &["intergenerational", "book-clubs-and-reading"],
        venue: Venue::Library,
        slots: &[(MO, 10, 30, 45), (TH, 10, 0, 60)],
        audiences: &[Families],
        ages: (Some(0), Some(5)),
        summary: &[
            "Songs, rhymes and stories for babies and toddlers with their grown-ups, {when}.",
            "A free stay-and-play in {area} for under-fives and the adults who look after them.",
        ],
        about: &[
            "Each session has songs with actions, a story and time to play with toys and books.",
            "Grandparents, childminders and dads are as welcome as mums.",
            "It is a good way for parents who are new to the area to meet others.",
        ],
        first: &[
            "{host} will show you where to leave the buggy and find you a spot on the mat.",
            "Babies crying or toddlers wandering off is completely normal here.",
        ],
        ..T
    },
    // Volunteering
    Template {
        key: "befriending",
        names: &["{area} Befriending Volunteers", "{word} Friendly Visits", "Good Neighbours {area}"],
        interests: &["befriending", "volunteering"],
        opportunity: Opportunity::Volunteering,
        venue: Venue::Online,
        slots: &[],
        booking: true,
        summary: &[
            "Volunteer to visit or phone an older neighbour for an hour a week.",
            "Become a befriender and make a real difference to someone who lives alone in {area}.",
        ],
        about: &[
            "Volunteers are matched with someone who shares their interests, and visit at a time that suits them both.",
            "Training, a background check and ongoing support are all provided.",
            "Many friendships last for years, and volunteers say they get as much out of it as the people they visit.",
        ],
        first: &[
            "{host} will invite you for an informal chat about what is involved before you decide anything.",
            "There is a short training session before you are matched with anyone.",
        ],
        ..T
    },
    Template {
        key: "phone-friends",
        names: &["{word} Telephone Friendship", "{area} Chat Line", "Call and Chat {area}"],
        interests: &["befriending", "social-and-friendship"],
        venue: Venue::Online,
        slots: &[],
        audiences: &[OlderPeople],
        summary: &[
            "A friendly weekly phone call from a volunteer, for older people who would like more company.",
            "Regular phone chats with the same friendly volunteer, for anyone in {area} who feels isolated.",
        ],
        about: &[
            "You are matched with a volunteer who rings at the same time every week.",
            "Calls can be about anything: the news, the garden, the cricket or nothing in particular.",
            "Group calls are also available, where four or five people chat together.",
        ],
        first: &[
            "{host} will ring you first for a chat to find the right volunteer for you.",
            "You can stop at any time, and change volunteer if it is not a good match.",
        ],
        ..T
    },
    Template {
        key: "charity-shop",
        names: &["Volunteer at the {word} Shop", "{area} Charity Shop Team"],
        interests: &["charity-shops", "work-experience"],
        opportunity: Opportunity::Volunteering,
        slots: &[],
        summary: &[
            "Help sort donations, dress the window and serve customers in a busy charity shop in {area}.",
            "Flexible shop volunteering in {area}: a great way to build confidence and skills for work.",
        ],
        about: &[
            "Shifts are a morning or an afternoon, and you choose how often.",
            "Volunteers learn to use the till, price stock and make window displays.",
            "The shop manager writes references for volunteers applying for paid jobs.",
        ],
        first: &[
            "Pop in and ask for {host}, the shop manager, who will show you round the back room.",
            "Your first shift is spent sorting donations alongside an experienced volunteer.",
        ],
        ..T
    },
    Template {
        key: "event-crew",
        names: &["{area} Festival Crew", "{word} Events Volunteers"],
        interests: &["events-and-festivals", "volunteering"],
        opportunity: Opportunity::Volunteering,
        slots: &[(TH, 18, 30, 90)],
        rhythm: &[Rhythm::Monthly],
        summary: &[
            "Join the volunteer crew behind local festivals and fun days; planning meetings {when}.",
            "Help run community events in {area}: stewarding, setting up stalls and welcoming visitors.",
        ],
        about: &[
            "The crew meets monthly to plan, then works together on event days.",
            "Roles range from stewarding and first aid to face painting and litter patrol.",
            "Volunteers get a crew T-shirt, lunch on the day and a lot of thanks.",
        ],
        first: &[
            "Come to a planning meeting and {host} will talk you through the upcoming events.",
            "There is no commitment to help at every event; choose the ones you like.",
        ],
        ..T
    },
    // Work and skills
    Template {
        key: "job-club",
        names: &["{area} Job Club", "Work Ready {area}", "{word} Jobs Drop-in"],
        interests: &["job-search-and-cvs", "work-and-skills"],
        opportunity: Opportunity::Employment,
        venue: Venue::Library,
        slots: &[(MO, 10, 0, 180), (WE, 13, 0, 180), (TH, 10, 0, 120)],
        summary: &[
            "Drop-in help with CVs, applications and interviews {when}.",
            "A friendly job club in {area} with computers, advisers and a printer you can use.",
        ],
        about: &[
            "Advisers help you write a CV, search for jobs and fill in online applications.",
            "There is practice for interviews, including what to say about gaps in your work history.",
            "Local employers sometimes visit to talk about their vacancies.",
            "Free bus passes for interviews are available to some people.",
        ],
        first: &[
            "Sign in at the desk and {host} will sit with you to talk about what you are looking for.",
            "Bring your CV if you have one, on paper or on a memory stick; if not, you will write one together.",
        ],
        ..T
    },
    Template {
        key: "training-course",
        names: &["Food Hygiene Certificate Course {area}", "{area} Skills for Work Course", "{word} Customer Service Course"],
        interests: &["training-and-qualifications", "work-and-skills"],
        opportunity: Opportunity::Course,
        slots: &[(TU, 10, 0, 240), (WE, 10, 0, 240)],
        booking: true,
        ages: (Some(18), None),
        summary: &[
            "A free, short course {when} leading to a qualification employers ask for.",
            "Gain a work-ready certificate in {area} in a small, supportive class.",
        ],
        about: &[
            "The course is aimed at people returning to work or changing career.",
            "Lunch and travel costs are covered.",
            "Learners who finish get help applying for jobs that use the qualification.",
        ],
        first: &[
            "{host} will go through the course plan and check you have what you need.",
            "Bring a pen and some ID for registering with the exam board.",
        ],
        ..T
    },
    Template {
        key: "work-placement",
        names: &["{word} Café Training Placements", "Supported Work Placements {area}", "{word} Work Tasters"],
        interests: &["work-experience", "training-and-qualifications"],
        opportunity: Opportunity::Employment,
        venue: Venue::Cafe,
        slots: &[(TU, 9, 30, 240), (TH, 9, 30, 240)],
        audiences: &[LearningDisabilities, Autistic],
        booking: true,
        summary: &[
            "Paid-expenses work placements {when} in a real café, with a job coach alongside you.",
            "Supported work experience in {area} for people with learning disabilities or autism.",
        ],
        about: &[
            "Trainees learn food preparation, customer service and using the till.",
            "A job coach works alongside each trainee and reduces support as confidence grows.",
            "Several trainees have gone on to paid jobs in local cafés and shops.",
        ],
        first: &[
            "Your first visit is a look round and a chat with {host}; you do not start work until you are ready.",
            "Bring your supporter along if you would like to.",
        ],
        ..T
    },
    // Peer support
    Template {
        key: "peer-support",
        names: &["{area} Peer Support Group", "Wellbeing Circle {area}", "{word} Talking Space"],
        interests: &["mental-health-peer-support", "peer-support"],
        slots: &[(TU, 18, 0, 90), (TH, 14, 0, 90), (SA, 11, 0, 90)],
        audiences: &[MentalHealth, Lgbtq],
        summary: &[
            "A peer support group {when} where people share what helps them get through hard times.",
            "Talk, listen or just sit with people in {area} who understand what it is like to struggle.",
        ],
        about: &[
            "The group is facilitated by trained peers, not professionals, which gives it a different feel.",
            "Each meeting starts with a check-in, where you can say as little as your name.",
            "Group agreements keep things confidential and respectful.",
            "Topics come from the group: sleep, medication, work, family, or whatever is on people's minds.",
        ],
        first: &[
            "{host} will meet you fifteen minutes before the start for a quiet chat, so you know what to expect.",
            "You can pass on any part of the session; listening is taking part.",
        ],
        ..T
    },
    Template {
        key: "online-peer",
        names: &["{word} Online Peer Support", "Evening Check-in Online {area}"],
        interests: &["mental-health-peer-support", "getting-online"],
        venue: Venue::Online,
        slots: &[(WE, 19, 30, 60), (SU, 18, 0, 60)],
        audiences: &[MentalHealth],
        summary: &[
            "An online peer support group {when} that you can join from home, camera on or off.",
            "A video call for people in {borough} who want support without leaving the house.",
        ],
        about: &[
            "The link is emailed after a short welcome call, to keep the group safe.",
            "You can keep your camera off and type in the chat if you prefer not to speak.",
            "It suits people who find travel or busy rooms difficult.",
        ],
        first: &[
            "{host} will have a short phone call with you first and help you test the video link.",
            "Join a few minutes early and {host} will say hello before the others arrive.",
        ],
        ..T
    },
    Template {
        key: "mens-talking",
        names: &["{area} Men's Talking Space", "{word} Men's Circle", "Brew and Talk {area}"],
        interests: &["mens-groups", "mental-health-peer-support"],
        slots: &[(MO, 19, 0, 90), (WE, 19, 0, 90)],
        audiences: &[Men, MentalHealth],
        ages: (Some(18), None),
        summary: &[
            "A space for men to talk about how things really are, {when}.",
            "A peer support group for men in {area}, with a brew and no judgement.",
        ],
        about: &[
            "It started because a few local men realised how hard it was to talk about struggling.",
            "Nobody has to talk; plenty of men sit and listen for weeks before saying anything.",
            "Conversation covers work, money, relationships, fatherhood and football.",
        ],
        first: &[
            "{host} will make you a brew and introduce you; you will not be put on the spot.",
            "Come early if you want a quiet word first.",
        ],
        ..T
    },
    Template {
        key: "carers-coffee",
        names: &["Carers' Coffee Morning {area}", "{word} Carers' Circle", "Time Out for Carers {area}"],
        interests: &["carers-support", "coffee-mornings"],
        venue: Venue::Cafe,
        slots: &[(WE, 10, 30, 90), (FR, 10, 0, 120)],
        rhythm: &[Rhythm::Weekly, Rhythm::Monthly, Rhythm::Fortnightly],
        audiences: &[Carers],
        summary: &[
            "A relaxed coffee morning {when} for unpaid carers to take a break and talk.",
            "Time out for carers in {area}: cake, conversation and useful information.",
        ],
        about: &[
            "Carers swap tips on everything from benefits to getting a decent night's sleep.",
            "A carers' adviser is often there to answer questions in private.",
            "Occasional guest sessions cover relaxation, first aid and legal matters.",
        ],
        first: &[
            "{host} will introduce you to other carers and answer any questions about support available.",
            "If you cannot leave the person you care for, ask about sitting services in advance.",
        ],
        ..T
    },
    Template {
        key: "young-carers",
        names: &["{area} Young Carers Club", "{word} Young Carers"],
        interests: &["carers-support", "social-and-friendship"],
        slots: &[(WE, 16, 30, 120), (SA, 11, 0, 180)],
        rhythm: &[Rhythm::Fortnightly, Rhythm::Weekly],
        audiences: &[YoungPeople, Carers],
        ages: (Some(8), Some(17)),
        summary: &[
            "A club {when} for young carers to have fun, meet others and get a break.",
            "Games, trips and time off for children and teenagers who help look after someone at home.",
        ],
        about: &[
            "Young carers do a lot at home, and the club is a chance to just be a young person.",
            "Activities include cooking, sport, arts and crafts and days out in the holidays.",
            "Youth workers can also help with school and talk to teachers if needed.",
        ],
        first: &[
            "{host} will meet you and your parent or carer first for a chat.",
            "Bring a friend from the club, or come on your own; either is fine.",
        ],
        ..T
    },
    Template {
        key: "carers-advice",
        names: &["Carers' Advice Clinic {area}", "{word} Carers' Surgery"],
        interests: &["carers-support", "maths-and-money-skills"],
        opportunity: Opportunity::Advice,
        venue: Venue::Library,
        slots: &[(TU, 10, 0, 180), (TH, 14, 0, 150)],
        rhythm: &[Rhythm::Fortnightly, Rhythm::Weekly],
        audiences: &[Carers],
        summary: &[
            "Free one-to-one advice for carers {when}: benefits, assessments, breaks and rights at work.",
            "Drop-in advice in {area} for anyone looking after a family member or friend.",
        ],
        about: &[
            "Advisers can check you are getting Carer's Allowance and any other support you are entitled to.",
            "They can help you prepare for a carer's assessment and challenge decisions.",
            "Appointments are private and last about half an hour.",
        ],
        first: &[
            "{host} will see you in a private room; bring any letters you have, but do not worry if you forget.",
            "If you cannot come in person, ask for a phone appointment.",
        ],
        ..T
    },
    Template {
        key: "bereavement-cafe",
        names: &["{area} Bereavement Café", "{word} Remembering Together", "Walk and Talk Through Grief {area}"],
        interests: &["bereavement-support", "peer-support"],
        venue: Venue::Cafe,
        slots: &[(TU, 14, 0, 90), (SA, 10, 30, 90)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        summary: &[
            "A gentle space to talk about someone who has died, over tea and cake, {when}.",
            "Meet others in {area} who have been bereaved, with trained volunteers to listen.",
        ],
        about: &[
            "People come a few weeks after a loss and many years after; grief does not keep to a timetable.",
            "There is no set programme: people talk about the person they lost, or about anything else.",
            "Volunteers can tell you about counselling and other support if you would like it.",
        ],
        first: &[
            "{host} will greet you quietly and find you somewhere to sit; you do not have to say anything.",
            "Bring a photo of the person you are missing if you would like to talk about them.",
        ],
        ..T
    },
    Template {
        key: "recovery-cafe",
        names: &["{area} Recovery Café", "{word} Recovery Community Meeting", "Fresh Start Café {area}"],
        interests: &["recovery-from-addiction", "peer-support"],
        venue: Venue::Cafe,
        slots: &[(FR, 18, 0, 120), (SU, 12, 0, 120)],
        summary: &[
            "An alcohol- and drug-free café {when}, run by people in recovery.",
            "A safe social space in {area} for people in recovery from addiction and their families.",
        ],
        about: &[
            "It is a place to socialise without drink or drugs around, especially at weekends.",
            "Mutual aid meetings of several kinds are held in the back room.",
            "Volunteers in long-term recovery are on hand to talk.",
        ],
        first: &[
            "{host} will say hello and show you round; nobody will ask you about your history.",
            "You are welcome whatever stage you are at, as long as you arrive sober.",
        ],
        ..T
    },
    Template {
        key: "autistic-social",
        names: &["{area} Autistic Adults Social", "{word} Neurodivergent Meet-up", "Quiet Games for Autistic Adults {area}"],
        interests: &["autism-and-neurodiversity", "games-and-quizzes"],
        slots: &[(TH, 18, 30, 120), (SA, 14, 0, 120)],
        rhythm: MOSTLY_WEEKLY,
        audiences: &[Autistic],
        ages: (Some(18), None),
        summary: &[
            "A calm social {when} for autistic adults, with games, hobbies and optional chat.",
            "A low-pressure meet-up in {area} run by and for autistic and neurodivergent adults.",
        ],
        about: &[
            "Lights are dimmed, music is off and there is a separate quiet room.",
            "People often bring a hobby to share, from trains to tabletop games.",
            "Coloured badges show whether you want to chat or prefer to be left alone.",
        ],
        first: &[
            "{host} can send you photos of the room and a plan of the session before you come.",
            "Arrive when you like and leave when you like; nobody will comment.",
        ],
        ..T
    },
    Template {
        key: "parents-autism",
        names: &["{area} Parents' Autism Support", "{word} Families Autism Group"],
        interests: &["autism-and-neurodiversity", "carers-support"],
        slots: &[(WE, 10, 0, 120), (TU, 19, 0, 90)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        audiences: &[Carers, Families],
        summary: &[
            "Support and advice for parents and carers of autistic children {when}.",
            "Meet other parents in {area} who understand life with an autistic child.",
        ],
        about: &[
            "Parents share advice on schools, education plans, sleep and getting a diagnosis.",
            "Guest speakers cover topics such as benefits and preparing for adulthood.",
            "Autistic adults sometimes join to share their own experience.",
        ],
        first: &[
            "{host} will welcome you and explain how the group works.",
            "Feel free to just listen at your first meeting.",
        ],
        ..T
    },
    Template {
        key: "self-advocacy",
        names: &["{area} Speaking Up Group", "{word} Self-Advocates"],
        interests: &["peer-support", "learning-and-courses"],
        opportunity: Opportunity::Advice,
        slots: &[(TU, 13, 30, 120), (FR, 11, 0, 120)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        audiences: &[LearningDisabilities],
        summary: &[
            "A group {when} where people with learning disabilities speak up about things that matter to them.",
            "Learn about your rights and have your say on local services, with friends in {area}.",
        ],
        about: &[
            "Members talk about rights, money, housing and being treated fairly.",
            "The group has met council managers and the local health service to tell them what needs to change.",
            "Everything is in easy read, and meetings have plenty of breaks.",
        ],
        first: &[
            "{host} will explain what the group does and introduce you to the chairperson, who is a member.",
            "Bring your supporter if you like.",
        ],
        ..T
    },
    // Faith
    Template {
        key: "meditation",
        names: &["Lunchtime Meditation {area}", "{word} Mindfulness Evening", "Sitting Together {area}"],
        interests: &["meditation-and-reflection", "mental-health-peer-support"],
        venue: Venue::Church,
        slots: &[(WE, 12, 30, 45), (MO, 19, 0, 60)],
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "A guided meditation {when}, open to anyone who wants some stillness.",
            "A quiet, simple meditation session in {area}, suitable for complete beginners.",
        ],
        about: &[
            "Sessions start with a short guided practice, followed by a longer silent sit.",
            "Chairs and cushions are both available.",
            "No religious belief is needed, and the practices come from several traditions.",
        ],
        first: &[
            "{host} will explain the session before it starts and show you where to sit.",
            "If you need to move or leave during the silence, that is perfectly fine.",
        ],
        ..T
    },
    Template {
        key: "open-church",
        names: &["{word} Open Door Afternoon", "{area} Interfaith Tea", "Women's Faith Circle {area}"],
        interests: &["faith-communities", "coffee-mornings"],
        venue: Venue::Church,
        slots: &[(TH, 14, 0, 120), (SU, 12, 30, 120)],
        summary: &[
            "An open afternoon {when} with tea, conversation and a quiet space to sit.",
            "A welcoming drop-in at a faith community in {area}, open to people of all faiths and none.",
        ],
        about: &[
            "People come for company, for a quiet moment, or to ask about the community.",
            "Volunteers from several local faith groups take turns to host.",
            "There is a prayer room for anyone who wants it, and nobody is asked to take part in worship.",
        ],
        first: &[
            "{host} will offer you tea and introduce you to a few people.",
            "You can sit quietly on your own if you would prefer.",
        ],
        ..T
    },
    // Digital
    Template {
        key: "digital-drop-in",
        names: &["{area} Digital Drop-in", "Get Online {area}", "{word} Tech Help Desk"],
        interests: &["getting-online", "phones-and-tablets", "digital-skills"],
        venue: Venue::Library,
        slots: &[(TU, 14, 0, 120), (FR, 10, 0, 120), (SA, 10, 0, 120)],
        summary: &[
            "Free one-to-one help with phones, tablets, laptops and the internet, {when}.",
            "Bring your device and your questions to a friendly tech help session in {area}.",
        ],
        about: &[
            "Volunteers help with email, video calls, online forms, apps and staying safe from scams.",
            "If you do not have a device, you can use one of the library's.",
            "Help is one-to-one and goes at your pace.",
            "People often come to do one thing and leave able to do five.",
        ],
        first: &[
            "Sign in at the desk and {host} will pair you with a volunteer.",
            "Bring your device, charger and any passwords you know.",
        ],
        ..T
    },
    Template {
        key: "tablet-tea",
        names: &["Tablet Tea Party {area}", "{word} Smartphone Club", "Phone Friends {area}"],
        interests: &["phones-and-tablets", "social-and-friendship"],
        venue: Venue::Cafe,
        slots: &[(WE, 14, 0, 90), (MO, 14, 0, 90)],
        audiences: &[OlderPeople],
        summary: &[
            "Tea, cake and friendly help with your phone or tablet, {when}.",
            "A sociable tech club in {area} for older people learning their way around phones and tablets.",
        ],
        about: &[
            "Each session covers one topic, like photos, WhatsApp or online banking, and then there is time for questions.",
            "Young volunteers from a local college help out, which everyone enjoys.",
            "Tablets are available to borrow during the session.",
        ],
        first: &[
            "{host} will sit you with a volunteer and a cup of tea.",
            "Write down anything you want help with before you come, so you do not forget.",
        ],
        ..T
    },
    Template {
        key: "computer-basics",
        names: &["Computer Basics {area}", "{word} Digital Skills Course", "Confident Online {area}"],
        interests: &["computer-courses", "digital-skills"],
        opportunity: Opportunity::Course,
        venue: Venue::Library,
        slots: &[(MO, 13, 0, 120), (WE, 10, 0, 120)],
        booking: true,
        summary: &[
            "A beginners' computer course {when}, from switching on to sending emails.",
            "Learn to use a computer with confidence in a small, patient class in {area}.",
        ],
        about: &[
            "The course covers the mouse and keyboard, email, searching the internet and saving documents.",
            "Everyone has their own computer during the session.",
            "The tutor repeats things as often as needed, and handouts are in large print.",
        ],
        first: &[
            "Your first session starts with the very basics; {host} has taught people who had never touched a mouse.",
            "Bring reading glasses if you use them.",
        ],
        ..T
    },
    // Social
    Template {
        key: "coffee-morning",
        names: &["{area} Coffee Morning", "{word} Warm Welcome Café", "Cuppa and Chat {area}"],
        interests: &["coffee-mornings", "social-and-friendship"],
        venue: Venue::Church,
        slots: &[(MO, 10, 0, 120), (WE, 10, 30, 90), (FR, 10, 0, 120)],
        summary: &[
            "Tea, coffee, cake and a chat {when}; everyone welcome.",
            "A friendly coffee morning in {area} where nobody stays a stranger for long.",
        ],
        about: &[
            "Drinks and cake are free or a few pence, and the biscuit tin is legendary.",
            "There is usually a jigsaw on the go and a pile of newspapers.",
            "Once a month someone from the council or a local charity drops by to answer questions.",
            "Regulars include new mums, retired bus drivers and people working from home who need a break.",
        ],
        first: &[
            "{host} will make you a drink and introduce you to someone friendly.",
            "Sit at the big table in the middle if you want company, or by the window if you want to ease in.",
        ],
        ..T
    },
    Template {
        key: "board-games",
        names: &["{area} Board Games Night", "{word} Games Club", "Dice and Tea {area}"],
        interests: &["games-and-quizzes", "social-and-friendship"],
        venue: Venue::Cafe,
        slots: &[(TU, 18, 30, 150), (FR, 18, 0, 180), (SU, 14, 0, 180)],
        price: &[Price::Free, Price::Pwyc],
        summary: &[
            "Board games, card games and friendly competition {when}.",
            "A welcoming games night in {area} with a library of over a hundred games.",
        ],
        about: &[
            "There are quick party games, classic strategy games and everything in between.",
            "Volunteers explain the rules, so you never need to read an instruction booklet.",
            "Tables are mixed so newcomers always have someone to play with.",
        ],
        first: &[
            "{host} will find you a table that is just starting a game.",
            "Tell us what you like, or what you have never tried, and we will find something.",
        ],
        ..T
    },
    Template {
        key: "chess",
        names: &["{area} Chess Club", "{word} Chess and Draughts"],
        interests: &["games-and-quizzes"],
        venue: Venue::Library,
        slots: &[(TH, 18, 0, 150), (SA, 10, 0, 180)],
        summary: &[
            "Casual chess and draughts {when} for all ages and abilities.",
            "A friendly chess club in {area} with boards provided and beginners welcome.",
        ],
        about: &[
            "Players range from children learning the moves to people who have played for sixty years.",
            "There are no rankings or entry fees, just games.",
            "Experienced players are happy to go over a game with you afterwards.",
        ],
        first: &[
            "{host} will set up a board and play you, or find someone at your level.",
            "If you do not know the rules, say so; teaching them is part of the fun.",
        ],
        ..T
    },
    Template {
        key: "bingo",
        names: &["{area} Bingo Afternoon", "{word} Bingo and Raffle", "Eyes Down {area}"],
        interests: &["games-and-quizzes", "social-and-friendship"],
        venue: Venue::Community,
        slots: &[(TH, 13, 30, 120), (MO, 14, 0, 120)],
        price: &[Price::Pence(200), Price::Pence(100), Price::Free],
        audiences: &[OlderPeople],
        summary: &[
            "Bingo, a raffle and a natter {when}.",
            "A cheerful bingo afternoon in {area} with small prizes and big laughs.",
        ],
        about: &[
            "Cards are a pound or two, and prizes are donated by local shops.",
            "The caller does all the old rhymes, which is half the fun.",
            "Tea and biscuits are included, and there is a raffle at half time.",
        ],
        first: &[
            "{host} will sell you a card and show you how it works if you are new to bingo.",
            "Large-print cards are available.",
        ],
        ..T
    },
    Template {
        key: "quiz-night",
        names: &["{area} Quiz Night", "{word} Quizzers"],
        interests: &["games-and-quizzes", "social-and-friendship"],
        venue: Venue::Cafe,
        slots: &[(WE, 19, 30, 120), (TU, 19, 0, 120)],
        summary: &[
            "A friendly, alcohol-free quiz {when}, with picture rounds and music rounds.",
            "Test your general knowledge at a relaxed quiz in {area}; come alone and join a team.",
        ],
        about: &[
            "Teams are up to six people, and anyone who comes alone is found a team.",
            "Questions are set by a different regular each week, so the topics vary wildly.",
            "The prize is usually a cake, which the winners tend to share.",
        ],
        first: &[
            "{host} will put you on a team that needs an extra brain.",
            "You do not need to know much; every team needs someone who knows about something different.",
        ],
        ..T
    },
    Template {
        key: "mens-shed",
        names: &["{area} Men's Shed", "{word} Workshop Shed"],
        interests: &["mens-groups", "arts-and-crafts"],
        slots: &[(TU, 10, 0, 240), (TH, 10, 0, 240)],
        price: &[Price::Free, Price::Pwyc],
        audiences: &[Men],
        summary: &[
            "Woodwork, repairs and conversation in a community workshop {when}.",
            "A shed in {area} where men make, mend and chat shoulder to shoulder.",
        ],
        about: &[
            "The workshop has hand tools, a few power tools and plenty of timber offcuts.",
            "Projects include planters for the estate, toys for a nursery and benches for the park.",
            "Many members say it is the talk over the workbench that keeps them coming back.",
        ],
        first: &[
            "{host} will show you round the shed and go through the safety basics.",
            "Bring an idea or a broken chair, or just come and watch for a week or two.",
        ],
        ..T
    },
    Template {
        key: "mens-breakfast",
        names: &["{area} Men's Breakfast", "{word} Breakfast Club for Men"],
        interests: &["mens-groups", "community-meals"],
        venue: Venue::Cafe,
        slots: &[(SA, 9, 0, 90)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        price: &[Price::Pence(300), Price::Pwyc],
        audiences: &[Men],
        summary: &[
            "A cooked breakfast and good conversation for men, {when}.",
            "A relaxed breakfast meet-up in {area} for men of all ages.",
        ],
        about: &[
            "Breakfast is cooked to order, with vegetarian and halal options.",
            "Sometimes there is a short talk from a guest; more often it is just conversation.",
            "It is a good way for men who have moved to the area or retired to meet others.",
        ],
        first: &[
            "{host} will save you a seat at the table and introduce you round.",
            "Let us know if you are coming so there is enough bacon.",
        ],
        ..T
    },
    Template {
        key: "womens-circle",
        names: &["{area} Women's Circle", "{word} Women's Craft and Chat", "Sisters' Space {area}"],
        interests: &["womens-groups", "social-and-friendship"],
        slots: &[(WE, 10, 30, 120), (TU, 18, 30, 120)],
        audiences: &[Women, Refugees],
        summary: &[
            "A friendly women's group {when} with crafts, conversation and a free crèche.",
            "A safe, relaxed space for women in {area} to meet, share and make friends.",
        ],
        about: &[
            "Activities change each week: crafts, cooking, guest speakers or simply talking.",
            "Women of many backgrounds and languages come, and volunteers help interpret.",
            "The crèche is staffed by qualified childcare workers.",
        ],
        first: &[
            "{host} will meet you at the door and settle any children into the crèche with you.",
            "Come as you are; many women bring a friend the first time.",
        ],
        ..T
    },
    Template {
        key: "intergenerational",
        names: &["Generations Together {area}", "{word} Toddlers and Elders", "Young and Old Sing-along {area}"],
        interests: &["intergenerational", "singing-and-choirs"],
        slots: &[(TH, 10, 0, 60), (MO, 10, 30, 60)],
        audiences: &[Families, OlderPeople],
        summary: &[
            "Songs, games and play that bring toddlers and older people together, {when}.",
            "A joyful session in {area} where under-fives and older neighbours play and sing together.",
        ],
        about: &[
            "Toddlers and their grown-ups visit a group of older people for songs, crafts and games.",
            "Friendships form quickly, and older members often say it is the highlight of their week.",
            "Activities are gentle and seated, so everyone can take part.",
        ],
        first: &[
            "{host} will welcome you and explain the plan for the session.",
            "It is fine if toddlers just want to watch to begin with.",
        ],
        ..T
    },
    Template {
        key: "rainbow-coffee",
        names: &["{area} Rainbow Coffee", "{word} Queer Craft Night", "Out and About {area}"],
        interests: &["social-and-friendship", "coffee-mornings"],
        venue: Venue::Cafe,
        slots: &[(SA, 14, 0, 120), (TH, 19, 0, 150)],
        rhythm: &[Rhythm::Weekly, Rhythm::Fortnightly, Rhythm::Monthly],
        audiences: &[Lgbtq],
        summary: &[
            "A relaxed LGBTQ+ meet-up {when}, with coffee, cake and good company.",
            "An alcohol-free social for LGBTQ+ people in {area}, whatever your age.",
        ],
        about: &[
            "It is a calm alternative to bars and clubs, and a gentle first step into the community.",
            "People come to chat, knit, play cards or just be somewhere they can be themselves.",
            "Trans and non-binary people are especially welcome.",
        ],
        first: &[
            "{host} will be by the door wearing a small rainbow badge and will introduce you.",
            "If walking in alone feels like too much, message ahead and someone will meet you outside.",
        ],
        ..T
    },
    Template {
        key: "lgbtq-over50",
        names: &["{word} Over-50s Rainbow Club", "Silver Rainbows {area}"],
        interests: &["social-and-friendship", "lunch-clubs"],
        venue: Venue::Community,
        slots: &[(WE, 13, 0, 150)],
        rhythm: FORTNIGHTLY_OR_MONTHLY,
        audiences: &[Lgbtq, OlderPeople],
        ages: (Some(50), None),
        summary: &[
            "Lunch, conversation and outings for LGBTQ+ people over fifty, {when}.",
            "A friendly social club in {area} for older lesbian, gay, bisexual and trans people.",
        ],
        about: &[
            "Many members came out when it was much harder to, and enjoy being with people who remember.",
            "Activities include shared lunches, talks and trips to exhibitions.",
            "Members who live alone are offered a buddy to keep in touch between meetings.",
        ],
        first: &[
            "{host} will welcome you and introduce you to a couple of long-standing members.",
            "Partners and friends are welcome to come with you.",
        ],
        ..T
    },
    Template {
        key: "youth-club",
        names: &["{area} Youth Club", "{word} Youth Hub", "Friday Night Project {area}"],
        interests: &["social-and-friendship", "sport-and-exercise"],
        slots: &[(FR, 18, 0, 180), (TU, 17, 0, 150)],
        audiences: &[YoungPeople],
        ages: (Some(11), Some(18)),
        summary: &[
            "Games, sport, music and food {when}, free for young people aged 11 to 18.",
            "A safe, fun youth club in {area} with pool, table tennis, art and a kitchen.",
        ],
        about: &[
            "There is a pool table, games consoles, a music corner and a kitchen where young people cook.",
            "Youth workers run activities and are there to talk if anything is worrying you.",
            "Young people help plan trips and decide how the club is run.",
        ],
        first: &[
            "Just turn up; {host} will show you round and introduce you to a few people.",
            "Bring a friend if it makes walking in easier.",
        ],
        ..T
    },
    Template {
        key: "residents-meeting",
        names: &["{area} Residents' Meeting", "{word} Estate Forum"],
        interests: &["social-and-friendship", "volunteering"],
        opportunity: Opportunity::Advice,
        slots: &[(TU, 19, 0, 90), (TH, 19, 0, 90)],
        rhythm: &[Rhythm::Monthly],
        summary: &[
            "A monthly meeting {when} where residents raise problems and plan improvements.",
            "Have your say on repairs, safety and events on the estate in {area}.",
        ],
        about: &[
            "The landlord's housing officer attends most meetings to answer questions.",
            "Problems raised at the meeting are followed up and reported back the next month.",
            "Meetings always end with tea and a chat.",
        ],
        first: &[
            "{host} will introduce you at the start, only if you want to be introduced.",
            "You can raise an issue in private with the committee after the meeting instead.",
        ],
        ..T
    },
    // Advice
    Template {
        key: "benefits-advice",
        names: &["{area} Advice Drop-in", "{word} Benefits and Money Advice", "Help with Forms {area}"],
        interests: &["maths-and-money-skills", "work-and-skills"],
        opportunity: Opportunity::Advice,
        venue: Venue::Library,
        slots: &[(TU, 10, 0, 180), (TH, 13, 0, 180)],
        summary: &[
            "Free, confidential help with benefits, debt and forms {when}.",
            "Drop-in advice in {area} from trained advisers on money, housing and benefits.",
        ],
        about: &[
            "Advisers can check what you are entitled to and help you fill in claims and appeals.",
            "They also help with debts, energy bills and problems with landlords.",
            "Interpreters can be arranged with notice.",
        ],
        first: &[
            "Give your name at the desk; {host} will see people in the order they arrive.",
            "Bring any letters you have about the problem, even ones you have not opened.",
        ],
        ..T
    },
    Template {
        key: "refugee-advice",
        names: &["{area} Refugee Advice Drop-in", "{word} Welcome Drop-in"],
        interests: &["english-classes-esol", "befriending"],
        opportunity: Opportunity::Advice,
        venue: Venue::Community,
        slots: &[(WE, 10, 0, 180), (FR, 13, 0, 180)],
        audiences: &[Refugees],
        summary: &[
            "Practical advice, a hot drink and a friendly welcome for refugees and asylum seekers, {when}.",
            "A drop-in in {area} with advice on housing, health, benefits and immigration.",
        ],
        about: &[
            "Qualified advisers help with immigration questions, housing and registering with a GP.",
            "Volunteers interpret in several languages.",
            "There are free clothes, toiletries and a hot meal at every session.",
        ],
        first: &[
            "{host} will welcome you and find someone who speaks your language if possible.",
            "Bring any papers you have, but come even if you have none.",
        ],
        ..T
    },
];
