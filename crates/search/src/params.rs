//! What a search asks for, parsed from query-string pairs with a message in
//! plain English for anything that cannot be understood. No HTTP types:
//! the web layer hands over its decoded pairs.
//!
//! Multi-valued filters combine the way a form with tick boxes reads:
//! values separated by commas in one parameter are alternatives (`day=sat,sun`
//! is "Saturday or Sunday"); a repeated parameter adds a further condition
//! (`interest=music&interest=older-people-…` is "both"). A single-valued
//! parameter given twice takes the last value. Unknown parameter names are
//! ignored, so other parts of a page can share the query string.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use directory::{Audience, Facility, Gazetteer, Kind, Reference};
use serde::Serialize;

/// A parameter that could not be understood, with a message for the person
/// who typed or chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamError {
    pub param: String,
    pub message: String,
}

impl ParamError {
    fn new(param: &str, message: impl Into<String>) -> ParamError {
        ParamError {
            param: param.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl std::error::Error for ParamError {}

/// Everything wrong with one search, at most one message per parameter and
/// never empty, so a page can mark every field that needs changing at once
/// instead of making people fix one mistake only to be shown the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ParamErrors(Vec<ParamError>);

impl ParamErrors {
    /// The first mistake in the order the parameters were given, for
    /// answers that name one parameter.
    pub fn first(&self) -> &ParamError {
        // Never empty: `Collect::finish` builds one only from a mistake.
        &self.0[0]
    }

    pub fn iter(&self) -> impl Iterator<Item = &ParamError> {
        self.0.iter()
    }

    /// The message for one parameter, if it has one.
    pub fn message_for(&self, param: &str) -> Option<&str> {
        self.0.iter().find(|e| e.param == param).map(|e| e.message.as_str())
    }
}

impl std::fmt::Display for ParamErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParamErrors {}

/// Gathers mistakes while parsing goes on past them.
#[derive(Default)]
struct Collect(Vec<ParamError>);

impl Collect {
    /// The value, or `None` with its mistake kept. A parameter given twice
    /// keeps only its first mistake, so no field shows two messages.
    fn keep<T>(&mut self, r: Result<T, ParamError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(e);
                None
            }
        }
    }

    fn add(&mut self, e: ParamError) {
        if !self.has(&e.param) {
            self.0.push(e);
        }
    }

    fn has(&self, param: &str) -> bool {
        self.0.iter().any(|e| e.param == param)
    }

    fn finish<T>(self, value: T) -> Result<T, ParamErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ParamErrors(self.0))
        }
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; with a location, nearer matches move up.
    #[default]
    Relevance,
    /// Nearest first; needs a location.
    Distance,
    /// Soonest next session first; listings without dates last.
    Date,
}

impl Sort {
    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Distance => "distance",
            Sort::Date => "date",
        }
    }
}

/// A day of the week on which sessions happen (London time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub const ALL: &'static [Day] = &[Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun];

    pub fn code(self) -> &'static str {
        match self {
            Day::Mon => "mon",
            Day::Tue => "tue",
            Day::Wed => "wed",
            Day::Thu => "thu",
            Day::Fri => "fri",
            Day::Sat => "sat",
            Day::Sun => "sun",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Day::Mon => "Monday",
            Day::Tue => "Tuesday",
            Day::Wed => "Wednesday",
            Day::Thu => "Thursday",
            Day::Fri => "Friday",
            Day::Sat => "Saturday",
            Day::Sun => "Sunday",
        }
    }

    /// Accepts `mon` or `monday`, in any case.
    pub fn from_code(code: &str) -> Option<Day> {
        let code = code.to_ascii_lowercase();
        Day::ALL
            .iter()
            .copied()
            .find(|d| code == d.code() || code == d.label().to_ascii_lowercase())
    }

    pub fn of(weekday: Weekday) -> Day {
        Day::ALL[weekday.num_days_from_monday() as usize]
    }
}

/// When in the day sessions happen (London time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeOfDay {
    /// Before noon.
    Morning,
    /// Noon until five.
    Afternoon,
    /// Five o'clock onwards.
    Evening,
}

impl TimeOfDay {
    pub const ALL: &'static [TimeOfDay] = &[TimeOfDay::Morning, TimeOfDay::Afternoon, TimeOfDay::Evening];

    pub fn code(self) -> &'static str {
        match self {
            TimeOfDay::Morning => "morning",
            TimeOfDay::Afternoon => "afternoon",
            TimeOfDay::Evening => "evening",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TimeOfDay::Morning => "Morning",
            TimeOfDay::Afternoon => "Afternoon",
            TimeOfDay::Evening => "Evening",
        }
    }

    pub fn from_code(code: &str) -> Option<TimeOfDay> {
        let code = code.to_ascii_lowercase();
        TimeOfDay::ALL.iter().copied().find(|t| code == t.code())
    }

    /// The part of the day an hour (0–23, London time) falls in.
    pub fn of_hour(hour: u32) -> TimeOfDay {
        match hour {
            0..=11 => TimeOfDay::Morning,
            12..=16 => TimeOfDay::Afternoon,
            _ => TimeOfDay::Evening,
        }
    }
}

/// Where to search around.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Near {
    /// What was asked for, tidied: `SE11 5QY`, `SW9`, or `51.487500,-0.111000`.
    pub input: String,
    pub latitude: f64,
    pub longitude: f64,
    pub radius_miles: f64,
}

pub const DEFAULT_RADIUS_MILES: f64 = 2.0;
pub const MIN_RADIUS_MILES: f64 = 0.25;
pub const MAX_RADIUS_MILES: f64 = 20.0;
pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 1000;
/// Longer than anyone types; longer input is refused rather than cut, so
/// nothing the person meant is silently dropped.
const MAX_QUERY_CHARS: usize = 500;

/// A parsed search. Multi-valued filters are lists of alternatives, all of
/// which must be met: `[[a, b], [c]]` means (a or b) and c.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchParams {
    pub q: String,
    pub near: Option<Near>,
    /// Interest slugs, at either level of the taxonomy.
    pub interests: Vec<Vec<String>>,
    pub kinds: Vec<Vec<Kind>>,
    /// Borough slugs: a listing matches the borough it is in and those it serves.
    pub boroughs: Vec<Vec<String>>,
    /// Only free listings (not pay-what-you-can, whose cards say so).
    pub free: bool,
    pub days: Vec<Vec<Day>>,
    pub times: Vec<Vec<TimeOfDay>>,
    /// Only listings with a session on or after this London date.
    pub from: Option<NaiveDate>,
    /// Only listings with a session on or before this London date.
    pub to: Option<NaiveDate>,
    /// Only listings open to someone of this age.
    pub age: Option<u8>,
    pub audiences: Vec<Vec<Audience>>,
    pub access: Vec<Vec<Facility>>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            q: String::new(),
            near: None,
            interests: vec![],
            kinds: vec![],
            boroughs: vec![],
            free: false,
            days: vec![],
            times: vec![],
            from: None,
            to: None,
            age: None,
            audiences: vec![],
            access: vec![],
            sort: Sort::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// Shows a little of what was typed in a message, never a wall of it.
fn quoted(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

/// The comma-separated values of one parameter, each checked by `one`.
fn list<T: PartialEq>(
    param: &str,
    value: &str,
    one: impl Fn(&str) -> Option<T>,
    message: impl Fn(&str) -> String,
) -> Result<Vec<T>, ParamError> {
    let mut out = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = one(part).ok_or_else(|| ParamError::new(param, message(part)))?;
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    Ok(out)
}

fn push_group<T>(groups: &mut Vec<Vec<T>>, group: Vec<T>) {
    if !group.is_empty() {
        groups.push(group);
    }
}

fn whole_number(param: &str, value: &str, min: u32, max: u32, message: &str) -> Result<u32, ParamError> {
    match value.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ParamError::new(param, message)),
    }
}

fn date(param: &str, value: &str) -> Result<Option<NaiveDate>, ParamError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ParamError::new(param, "Enter the date as year-month-day, for example 2026-12-01"))
}

/// `51.4875,-0.111` as a position, or `None` when it is not a pair of numbers.
fn coordinates(value: &str) -> Option<Result<(f64, f64), ParamError>> {
    let (lat, lon) = value.split_once(',')?;
    let (Ok(lat), Ok(lon)) = (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) else {
        return None;
    };
    if !lat.is_finite() || !lon.is_finite() || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Some(Err(ParamError::new(
            "near",
            "A position needs a latitude from -90 to 90 and a longitude from -180 to 180, like 51.49,-0.11",
        )));
    }
    // Six decimals is about ten centimetres, and makes the tidied input
    // parse back to exactly the same position.
    let round = |x: f64| (x * 1e6).round() / 1e6;
    Some(Ok((round(lat), round(lon))))
}

impl SearchParams {
    /// Parses decoded query-string pairs. `today` is the London date, for
    /// `when=today|week|weekend`. Every parameter is read even after a
    /// mistake, and all the mistakes come back together.
    pub fn parse(
        pairs: &[(String, String)],
        gazetteer: &Gazetteer,
        reference: &Reference,
        today: NaiveDate,
    ) -> Result<SearchParams, ParamErrors> {
        let mut p = SearchParams::default();
        let mut bad = Collect::default();
        let mut near: Option<&str> = None;
        let mut radius: Option<&str> = None;
        let mut when: Option<&str> = None;
        for (name, value) in pairs {
            let value = value.as_str();
            match name.as_str() {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        bad.add(ParamError::new(
                            "q",
                            format!("Search words must be {MAX_QUERY_CHARS} characters or fewer"),
                        ));
                    } else {
                        p.q = value.split_whitespace().collect::<Vec<_>>().join(" ");
                    }
                }
                "near" => near = Some(value),
                "radius" => radius = Some(value),
                "when" => when = Some(value),
                "interest" => {
                    let group = list(
                        "interest",
                        value,
                        |s| reference.interest_by_slug(s).map(|i| i.slug.clone()),
                        |s| format!("There is no interest called {}", quoted(s)),
                    );
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.interests, group);
                    }
                }
                "kind" => {
                    let group = list("kind", value, Kind::from_code, |s| {
                        format!(
                            "{} is not a kind of listing: choose organisation, group, event or place",
                            quoted(s)
                        )
                    });
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.kinds, group);
                    }
                }
                "borough" => {
                    let group = list(
                        "borough",
                        value,
                        |s| reference.borough_by_slug(s).map(|b| b.slug.clone()),
                        |s| format!("There is no London borough called {}", quoted(s)),
                    );
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.boroughs, group);
                    }
                }
                "free" => match value.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" | "on" | "yes" => p.free = true,
                    "false" | "0" | "off" | "no" | "" => p.free = false,
                    _ => bad.add(ParamError::new("free", "Free must be true or false")),
                },
                "day" => {
                    let group = list("day", value, Day::from_code, |s| {
                        format!("{} is not a day: use mon, tue, wed, thu, fri, sat or sun", quoted(s))
                    });
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.days, group);
                    }
                }
                "time" => {
                    let group = list("time", value, TimeOfDay::from_code, |s| {
                        format!("{} is not a time of day: use morning, afternoon or evening", quoted(s))
                    });
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.times, group);
                    }
                }
                "from" => p.from = bad.keep(date("from", value)).flatten(),
                "to" => p.to = bad.keep(date("to", value)).flatten(),
                "age" => {
                    p.age = if value.trim().is_empty() {
                        None
                    } else {
                        bad.keep(whole_number(
                            "age",
                            value,
                            0,
                            120,
                            "Enter an age in whole years, from 0 to 120",
                        ))
                        .and_then(|age| u8::try_from(age).ok())
                    }
                }
                "audience" => {
                    let group = list("audience", value, Audience::from_code, |s| {
                        format!("{} is not one of the groups of people listings are for", quoted(s))
                    });
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.audiences, group);
                    }
                }
                "access" => {
                    let group = list("access", value, Facility::from_code, |s| {
                        format!("{} is not one of the access facilities we record", quoted(s))
                    });
                    if let Some(group) = bad.keep(group) {
                        push_group(&mut p.access, group);
                    }
                }
                "sort" => match value.trim() {
                    "" | "relevance" => p.sort = Sort::Relevance,
                    "distance" => p.sort = Sort::Distance,
                    "date" => p.sort = Sort::Date,
                    other => bad.add(ParamError::new(
                        "sort",
                        format!("{} is not an order: use relevance, distance or date", quoted(other)),
                    )),
                },
                "page" => {
                    let page = whole_number(
                        "page",
                        value,
                        1,
                        MAX_PAGE,
                        &format!("Page must be a whole number from 1 to {MAX_PAGE}"),
                    );
                    if let Some(page) = bad.keep(page) {
                        p.page = page;
                    }
                }
                "per_page" => {
                    let per_page = whole_number(
                        "per_page",
                        value,
                        1,
                        MAX_PER_PAGE,
                        &format!("Results per page must be a whole number from 1 to {MAX_PER_PAGE}"),
                    );
                    if let Some(per_page) = bad.keep(per_page) {
                        p.per_page = per_page;
                    }
                }
                _ => {}
            }
        }
        let (place, radius_error) = Near::parse(near, radius, gazetteer);
        if let Some(e) = radius_error {
            bad.add(e);
        }
        p.near = bad.keep(place).flatten();
        match when.map(str::trim).filter(|w| !w.is_empty()) {
            None => {}
            Some(_) if p.from.is_some() || p.to.is_some() || bad.has("from") || bad.has("to") => {
                bad.add(ParamError::new(
                    "when",
                    "Choose either today, this week or this weekend, or dates from and to, not both",
                ));
            }
            Some(w) => {
                let dates = match w {
                    "today" => Some((today, today)),
                    "week" => Some((today, today + Duration::days(6))),
                    "weekend" => {
                        let days_to_saturday = (5 - i64::from(today.weekday().num_days_from_monday())).max(0);
                        let saturday = today + Duration::days(days_to_saturday);
                        let sunday = saturday + Duration::days(i64::from(saturday.weekday() == Weekday::Sat));
                        Some((saturday, sunday))
                    }
                    other => {
                        bad.add(ParamError::new(
                            "when",
                            format!("{} is not a time: use today, week or weekend", quoted(other)),
                        ));
                        None
                    }
                };
                if let Some((from, to)) = dates {
                    p.from = Some(from);
                    p.to = Some(to);
                }
            }
        }
        if let (Some(from), Some(to)) = (p.from, p.to) {
            if to < from {
                bad.add(ParamError::new(
                    "to",
                    "The end date must be the same as or after the start date",
                ));
            }
        }
        // With a place that could not be understood, its own message says
        // what to change; this one would only repeat it.
        if p.sort == Sort::Distance && p.near.is_none() && !bad.has("near") && !bad.has("radius") {
            bad.add(ParamError::new(
                "sort",
                "To sort by distance, enter a postcode to search near",
            ));
        }
        bad.finish(p)
    }

    /// The query-string pairs that parse back to these parameters, for
    /// links to other pages of results and to change one filter.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        fn join<T>(group: &[T], code: impl Fn(&T) -> &str) -> String {
            group.iter().map(code).collect::<Vec<_>>().join(",")
        }
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |name: &str, value: String| out.push((name.to_owned(), value));
        if !self.q.is_empty() {
            push("q", self.q.clone());
        }
        if let Some(near) = &self.near {
            push("near", near.input.clone());
            push("radius", near.radius_miles.to_string());
        }
        for g in &self.interests {
            push("interest", join(g, |s| s.as_str()));
        }
        for g in &self.kinds {
            push("kind", join(g, |k| k.code()));
        }
        for g in &self.boroughs {
            push("borough", join(g, |s| s.as_str()));
        }
        if self.free {
            push("free", "true".to_owned());
        }
        for g in &self.days {
            push("day", join(g, |d| d.code()));
        }
        for g in &self.times {
            push("time", join(g, |t| t.code()));
        }
        if let Some(d) = self.from {
            push("from", d.format("%Y-%m-%d").to_string());
        }
        if let Some(d) = self.to {
            push("to", d.format("%Y-%m-%d").to_string());
        }
        if let Some(age) = self.age {
            push("age", age.to_string());
        }
        for g in &self.audiences {
            push("audience", join(g, |a| a.code()));
        }
        for g in &self.access {
            push("access", join(g, |f| f.code()));
        }
        if self.sort != Sort::Relevance {
            push("sort", self.sort.code().to_owned());
        }
        if self.page != 1 {
            push("page", self.page.to_string());
        }
        if self.per_page != DEFAULT_PER_PAGE {
            push("per_page", self.per_page.to_string());
        }
        out
    }
}

impl Near {
    /// The place, and separately any mistake in the radius, so that a bad
    /// radius and a bad postcode are both reported.
    fn parse(
        near: Option<&str>,
        radius: Option<&str>,
        gazetteer: &Gazetteer,
    ) -> (Result<Option<Near>, ParamError>, Option<ParamError>) {
        let Some(near) = near.map(str::trim).filter(|n| !n.is_empty()) else {
            // A radius alone means nothing; forms send one with every search.
            return (Ok(None), None);
        };
        let radius_miles = match radius.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(DEFAULT_RADIUS_MILES),
            Some(r) => match r.parse::<f64>() {
                Ok(miles) if (MIN_RADIUS_MILES..=MAX_RADIUS_MILES).contains(&miles) => Ok(miles),
                _ => Err(ParamError::new(
                    "radius",
                    format!("Enter a distance from {MIN_RADIUS_MILES} to {MAX_RADIUS_MILES} miles"),
                )),
            },
        };
        let (radius_miles, radius_error) = match radius_miles {
            Ok(miles) => (miles, None),
            Err(e) => (DEFAULT_RADIUS_MILES, Some(e)),
        };
        let place = if let Some(position) = coordinates(near) {
            position.map(|(latitude, longitude)| Near {
                input: format!("{latitude:.6},{longitude:.6}"),
                latitude,
                longitude,
                radius_miles,
            })
        } else {
            gazetteer
                .locate(near)
                .map(|(query, location)| Near {
                    input: query.as_str().to_owned(),
                    latitude: location.latitude,
                    longitude: location.longitude,
                    radius_miles,
                })
                .map_err(|e| ParamError::new("near", e.to_string()))
        };
        (place.map(Some), radius_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use directory::{Borough, Interest};
    use proptest::prelude::*;

    fn reference() -> Reference {
        let borough = |id: i32, slug: &str, name: &str| Borough {
            id,
            code: format!("E090000{id:02}"),
            slug: slug.into(),
            name: name.into(),
        };
        let interest = |id: i32, slug: &str, parent_id: Option<i32>| Interest {
            id,
            slug: slug.into(),
            name: slug.into(),
            parent_id,
            position: id,
        };
        Reference::new(
            vec![borough(22, "lambeth", "Lambeth"), borough(28, "southwark", "Southwark")],
            vec![
                interest(1, "arts-and-crafts", None),
                interest(2, "painting-and-drawing", Some(1)),
                interest(12, "sport-and-exercise", None),
                interest(13, "walking", Some(12)),
            ],
        )
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::from_csv("SE11 5QY,22,51.4875,-0.1110\nSE11 5QZ,22,51.4877,-0.1112\nSW9 8AA,22,51.4700,-0.1150\n")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap() // a Wednesday
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<SearchParams, ParamErrors> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        SearchParams::parse(&pairs, &gazetteer(), &reference(), today())
    }

    fn err(pairs: &[(&str, &str)]) -> ParamError {
        parse(pairs).unwrap_err().first().clone()
    }

    fn params_of(e: &ParamErrors) -> Vec<&str> {
        e.iter().map(|e| e.param.as_str()).collect()
    }

    #[test]
    fn every_mistake_comes_back_at_once() {
        let e = parse(&[
            ("q", "painting"),
            ("near", "ZZ99 9ZZ"),
            ("radius", "99"),
            ("kind", "shop"),
            ("age", "forty"),
            ("sort", "distance"),
        ])
        .unwrap_err();
        // The sort's own message would only repeat the place's.
        assert_eq!(params_of(&e), ["kind", "age", "radius", "near"]);
        assert!(e.message_for("near").unwrap().contains("ZZ99"));
        assert!(e.message_for("radius").unwrap().contains("miles"));
        assert_eq!(e.message_for("q"), None);
        assert_eq!(e.first().param, "kind");
        // One message per parameter, however often it is given.
        let e = parse(&[("day", "funday"), ("day", "caturday"), ("page", "0")]).unwrap_err();
        assert_eq!(params_of(&e), ["day", "page"]);
        assert!(e.message_for("day").unwrap().contains("funday"));
        assert!(e.to_string().contains("day: ") && e.to_string().contains("; page: "));
        // A bad radius with a good place still names only the radius.
        let e = parse(&[("near", "SW9"), ("radius", "0")]).unwrap_err();
        assert_eq!(params_of(&e), ["radius"]);
        // Dates that could not be read are not also said to clash with `when`
        // as though they had been understood, but `when` still asks for one or the other.
        let e = parse(&[("from", "soon"), ("to", "2026-12-01"), ("when", "week")]).unwrap_err();
        assert_eq!(params_of(&e), ["from", "when"]);
    }

    #[test]
    fn nothing_asked_is_the_default() {
        assert_eq!(parse(&[]).unwrap(), SearchParams::default());
        assert_eq!(
            parse(&[("utm_source", "x"), ("kind", ""), ("near", " ")]).unwrap(),
            SearchParams::default()
        );
    }

    #[test]
    fn reads_every_parameter() {
        let p = parse(&[
            ("q", "  pottery   classes "),
            ("near", "se115qy"),
            ("radius", "0.5"),
            ("interest", "walking,arts-and-crafts"),
            ("interest", "painting-and-drawing"),
            ("kind", "group,event"),
            ("borough", "lambeth"),
            ("free", "on"),
            ("day", "Sat,sunday"),
            ("time", "morning"),
            ("from", "2026-12-05"),
            ("to", "2026-12-06"),
            ("age", "67"),
            ("audience", "older_people"),
            ("access", "step_free,hearing_loop"),
            ("access", "accessible_toilet"),
            ("sort", "distance"),
            ("page", "2"),
            ("per_page", "50"),
        ])
        .unwrap();
        assert_eq!(p.q, "pottery classes");
        let near = p.near.as_ref().unwrap();
        assert_eq!(near.input, "SE11 5QY");
        assert_eq!(
            (near.latitude, near.longitude, near.radius_miles),
            (51.4875, -0.1110, 0.5)
        );
        assert_eq!(
            p.interests,
            vec![
                vec!["walking".to_owned(), "arts-and-crafts".to_owned()],
                vec!["painting-and-drawing".to_owned()]
            ]
        );
        assert_eq!(p.kinds, vec![vec![Kind::Group, Kind::Event]]);
        assert_eq!(p.boroughs, vec![vec!["lambeth".to_owned()]]);
        assert!(p.free);
        assert_eq!(p.days, vec![vec![Day::Sat, Day::Sun]]);
        assert_eq!(p.times, vec![vec![TimeOfDay::Morning]]);
        assert_eq!(p.from, NaiveDate::from_ymd_opt(2026, 12, 5));
        assert_eq!(p.to, NaiveDate::from_ymd_opt(2026, 12, 6));
        assert_eq!(p.age, Some(67));
        assert_eq!(p.audiences, vec![vec![Audience::OlderPeople]]);
        assert_eq!(
            p.access,
            vec![
                vec![Facility::StepFree, Facility::HearingLoop],
                vec![Facility::AccessibleToilet]
            ]
        );
        assert_eq!((p.sort, p.page, p.per_page), (Sort::Distance, 2, 50));
        // and back again
        let pairs = p.to_pairs();
        assert_eq!(
            SearchParams::parse(&pairs, &gazetteer(), &reference(), today()).unwrap(),
            p
        );
    }

    #[test]
    fn near_takes_postcodes_districts_sectors_and_positions() {
        assert_eq!(parse(&[("near", "SW9")]).unwrap().near.unwrap().input, "SW9");
        assert_eq!(parse(&[("near", "se11 5")]).unwrap().near.unwrap().input, "SE11 5");
        let n = parse(&[("near", "51.5, -0.12")]).unwrap().near.unwrap();
        assert_eq!(
            (n.latitude, n.longitude, n.radius_miles),
            (51.5, -0.12, DEFAULT_RADIUS_MILES)
        );
        assert_eq!(n.input, "51.500000,-0.120000");
        assert_eq!(err(&[("near", "EH1 1YZ")]).param, "near");
        assert!(err(&[("near", "EH1 1YZ")]).message.contains("EH1 1YZ"));
        assert_eq!(err(&[("near", "nowhere")]).param, "near");
        assert_eq!(err(&[("near", "91,0")]).param, "near");
        // A radius without a place is ignored; with one it is checked.
        assert_eq!(parse(&[("radius", "999")]).unwrap().near, None);
        for bad in ["0.1", "21", "two", "NaN", "inf"] {
            assert_eq!(err(&[("near", "SW9"), ("radius", bad)]).param, "radius", "{bad}");
        }
        assert_eq!(
            parse(&[("near", "SW9"), ("radius", "20")])
                .unwrap()
                .near
                .unwrap()
                .radius_miles,
            20.0
        );
    }

    #[test]
    fn when_sets_the_dates() {
        let d = |day: u32| NaiveDate::from_ymd_opt(2026, 12, day);
        let p = parse(&[("when", "today")]).unwrap();
        assert_eq!((p.from, p.to), (d(2), d(2)));
        let p = parse(&[("when", "week")]).unwrap();
        assert_eq!((p.from, p.to), (d(2), d(8)));
        let p = parse(&[("when", "weekend")]).unwrap();
        assert_eq!((p.from, p.to), (d(5), d(6)));
        // On a Sunday the weekend is today.
        let pairs = vec![("when".to_owned(), "weekend".to_owned())];
        let p = SearchParams::parse(&pairs, &gazetteer(), &reference(), d(6).unwrap()).unwrap();
        assert_eq!((p.from, p.to), (d(6), d(6)));
        let p = SearchParams::parse(&pairs, &gazetteer(), &reference(), d(5).unwrap()).unwrap();
        assert_eq!((p.from, p.to), (d(5), d(6)));
        assert_eq!(err(&[("when", "soon")]).param, "when");
        assert_eq!(err(&[("when", "today"), ("from", "2026-12-01")]).param, "when");
    }

    #[test]
    fn every_mistake_names_its_parameter() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("interest", "knitting-underwater")], "interest"),
            (&[("interest", "walking,")], ""),
            (&[("kind", "shop")], "kind"),
            (&[("borough", "narnia")], "borough"),
            (&[("free", "maybe")], "free"),
            (&[("day", "funday")], "day"),
            (&[("time", "noon")], "time"),
            (&[("from", "1/12/2026")], "from"),
            (&[("to", "2026-02-30")], "to"),
            (&[("from", "2026-12-05"), ("to", "2026-12-04")], "to"),
            (&[("age", "-1")], "age"),
            (&[("age", "121")], "age"),
            (&[("age", "forty")], "age"),
            (&[("audience", "cats")], "audience"),
            (&[("access", "lift")], "access"),
            (&[("sort", "price")], "sort"),
            (&[("sort", "distance")], "sort"),
            (&[("page", "0")], "page"),
            (&[("page", "1001")], "page"),
            (&[("per_page", "101")], "per_page"),
            (&[("per_page", "1.5")], "per_page"),
        ];
        for (pairs, param) in cases {
            match parse(pairs) {
                Ok(_) => assert_eq!(*param, "", "{pairs:?} was accepted"),
                Err(e) => {
                    let e = e.first();
                    assert_eq!(e.param, *param, "{pairs:?}");
                    assert!(e.message.len() > 10, "{pairs:?}: {}", e.message);
                }
            }
        }
        let long = "x".repeat(501);
        assert_eq!(err(&[("q", &long)]).param, "q");
        let e = err(&[("kind", &"y".repeat(300))]);
        assert!(e.message.chars().count() < 150, "{}", e.message);
    }

    const NAMES: &[&str] = &[
        "q", "near", "radius", "interest", "kind", "borough", "free", "day", "time", "from", "to", "when", "age",
        "audience", "access", "sort", "page", "per_page", "other",
    ];

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,30}",
            "[a-z_,-]{0,20}",
            "-?[0-9]{1,4}(\\.[0-9]{1,3})?",
            "2026-[01][0-9]-[0-3][0-9]",
            Just("SE11 5QY".to_owned()),
            Just("51.48,-0.11".to_owned()),
            Just("walking,arts-and-crafts".to_owned()),
            Just("sat,sun".to_owned()),
            Just("step_free".to_owned()),
        ]
    }

    proptest! {
        #[test]
        fn no_input_panics_and_every_refusal_explains_itself(
            pairs in proptest::collection::vec((proptest::sample::select(NAMES), value()), 0..8)
        ) {
            let pairs: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            match SearchParams::parse(&pairs, &gazetteer(), &reference(), today()) {
                Ok(p) => {
                    prop_assert!(p.page >= 1 && p.per_page >= 1 && p.per_page <= MAX_PER_PAGE);
                    // What parsed prints as pairs that parse to the same thing.
                    let again = SearchParams::parse(&p.to_pairs(), &gazetteer(), &reference(), today());
                    prop_assert_eq!(again, Ok(p));
                }
                Err(errors) => {
                    let mut seen = Vec::new();
                    for e in errors.iter() {
                        prop_assert!(!e.message.trim().is_empty());
                        prop_assert!(pairs.iter().any(|(k, _)| *k == e.param));
                        prop_assert!(!seen.contains(&e.param), "two messages for {}", e.param);
                        seen.push(e.param.clone());
                    }
                }
            }
        }

        #[test]
        fn arbitrary_names_and_values_never_panic(pairs in proptest::collection::vec(("\\PC{0,10}", "\\PC{0,40}"), 0..6)) {
            if let Err(errors) = SearchParams::parse(&pairs, &gazetteer(), &reference(), today()) {
                for e in errors.iter() {
                    prop_assert!(!e.message.is_empty() && !e.param.is_empty());
                }
            }
        }
    }
}
