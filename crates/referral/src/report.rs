//! The team's impact report: what the service did over a period, as the
//! team manager and commissioners read it — referrals by source and by
//! month, time to first contact, people supported, how programmes ended,
//! coach hours, activities accessed, SWEMWBS before and after, the
//! three-month follow-up's answers and new social connections.
//!
//! Only aggregates leave this module, and every figure goes through
//! [`Figure`], which turns any figure built from fewer than
//! [`THRESHOLD`] people into "fewer than 5": the page, the CSV and the
//! JSON all read figures through it, so none of them can show a small
//! number by forgetting to check. (Complementary suppression — working a
//! hidden cell out from a total — is not attempted: the totals here are
//! few and coarse.)
//!
//! The figures come from a handful of aggregate queries over narrow
//! columns, so a year of 5,000 people and 100,000 contacts stays quick
//! (docs/PERFORMANCE.md), and they run inside the caller's transaction
//! like every query in this crate. Reports read no personal details and
//! name nobody, so they are not audit-logged.
//!
//! Which people each figure counts:
//! - *received*: referrals that arrived in the period (by `kind` and by
//!   London month); time to first contact is over those with a first
//!   contact;
//! - *supported*: programmes started before the period ended and not
//!   closed before it began — active at some point in it; activities
//!   accessed are theirs;
//! - *finished*: programmes that had started and closed in the period;
//!   completion and disengagement rates, SWEMWBS before and after and new
//!   connections are theirs;
//! - coach hours are the contacts logged on days in the period, and the
//!   follow-up answers those given in the period.
//!
//! With a service, only referrals allocated to it count.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamp};
use serde::{Serialize, Serializer};
use store::AnyConnection;

use crate::goals::Activity;
use crate::measures::{swemwbs_change, swemwbs_metric, Meaning};
use crate::model::{Kind, Outcome};
use crate::{FieldError, ReferralError};

/// The fewest people a figure may describe: below it, the figure could
/// point at someone, so it is shown as "fewer than 5".
pub const THRESHOLD: i64 = 5;

/// The words shown instead of a suppressed figure.
pub const FEWER_THAN_FIVE: &str = "fewer than 5";

/// The longest period a report covers, in years: long enough for any
/// contract, short enough that one report cannot tie up the database.
pub const MAX_YEARS: u32 = 10;

/// A figure as it may be shown: its value, or "fewer than 5" when fewer
/// than [`THRESHOLD`] people are behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure<T> {
    Value(T),
    FewerThanFive,
}

impl<T> Figure<T> {
    /// The figure `value` built from `people` people.
    pub fn of(people: i64, value: impl FnOnce() -> T) -> Figure<T> {
        if people < THRESHOLD {
            Figure::FewerThanFive
        } else {
            Figure::Value(value())
        }
    }

    /// The value, or None when suppressed.
    pub fn value(&self) -> Option<&T> {
        match self {
            Figure::Value(v) => Some(v),
            Figure::FewerThanFive => None,
        }
    }

    /// The figure in words: `show` for a value, "fewer than 5" otherwise.
    pub fn words(&self, show: impl FnOnce(&T) -> String) -> String {
        match self {
            Figure::Value(v) => show(v),
            Figure::FewerThanFive => FEWER_THAN_FIVE.to_owned(),
        }
    }
}

impl Figure<i64> {
    /// A count of people. Nobody at all is shown as 0: it describes no one.
    pub fn count(n: i64) -> Figure<i64> {
        if n == 0 {
            Figure::Value(0)
        } else {
            Figure::of(n, || n)
        }
    }
}

/// The value itself, or the string "fewer than 5", so JSON readers see
/// the same as the page.
impl<T: Serialize> Serialize for Figure<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Value(v) => v.serialize(s),
            Figure::FewerThanFive => s.serialize_str(FEWER_THAN_FIVE),
        }
    }
}

/// London dates from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The twelve months up to and including `today`.
    pub fn last_twelve_months(today: NaiveDate) -> Period {
        let from = today
            .checked_sub_months(Months::new(12))
            .map_or(today, |d| d + Duration::days(1));
        Period { from, to: today }
    }

    /// A period from two typed dates (like 1/4/2026 or 2026-04-01). Every
    /// problem comes back at once, on `from` and `to`.
    pub fn parse(from: &str, to: &str) -> Result<Period, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |text: &str, field: &'static str, what: &str| {
            let d = directory::recurrence_form::parse_date(text);
            if d.is_none() {
                errors.push(FieldError {
                    field,
                    message: if text.trim().is_empty() {
                        format!("Enter the {what} date, like 1/4/2026")
                    } else {
                        format!("Enter the {what} date as a real date, like 1/4/2026")
                    },
                });
            }
            d
        };
        let (from, to) = (date(from, "from", "start"), date(to, "to", "end"));
        let (Some(from), Some(to)) = (from, to) else {
            return Err(errors);
        };
        if to < from {
            errors.push(FieldError {
                field: "to",
                message: "The end date must be the same as or after the start date".to_owned(),
            });
        } else if from
            .checked_add_months(Months::new(12 * MAX_YEARS))
            .is_none_or(|limit| to >= limit)
        {
            errors.push(FieldError {
                field: "to",
                message: format!("Choose a period of {MAX_YEARS} years or less"),
            });
        }
        if errors.is_empty() {
            Ok(Period { from, to })
        } else {
            Err(errors)
        }
    }

    /// The first moment of the period, in UTC.
    fn starts(&self) -> NaiveDateTime {
        london_midnight(self.from)
    }

    /// The first moment after the period, in UTC.
    fn ends(&self) -> NaiveDateTime {
        london_midnight(self.to + Duration::days(1))
    }

    /// The first day of each month the period touches, in order.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut m = first_of_month(self.from);
        while m <= self.to {
            months.push(m);
            match m.checked_add_months(Months::new(1)) {
                Some(next) => m = next,
                None => break,
            }
        }
        months
    }

    /// "1 December 2025 to 30 November 2026".
    pub fn words(&self) -> String {
        format!("{} to {}", self.from.format("%-d %B %Y"), self.to.format("%-d %B %Y"))
    }
}

fn london_midnight(d: NaiveDate) -> NaiveDateTime {
    directory::recurrence::from_london_time(d.and_time(chrono::NaiveTime::MIN))
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Referrals received in one month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthCount {
    /// The first day of the month.
    pub month: NaiveDate,
    pub referrals: Figure<i64>,
}

/// Referrals received from one source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SourceCount {
    pub source: Kind,
    pub referrals: Figure<i64>,
}

/// Days from a referral arriving to the first contact with the person.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Wait {
    pub median_days: f64,
    pub mean_days: f64,
    pub n: i64,
}

/// How finished programmes ended, as percentages of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Endings {
    pub completed_percent: f64,
    pub disengaged_percent: f64,
    pub n: i64,
}

/// Coach time per person with contact in the period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Hours {
    pub hours_per_person: f64,
    pub total_hours: f64,
    pub people: i64,
}

/// Activities of one kind tried or done regularly by people supported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ActivityCount {
    pub activity: Activity,
    /// How many activities (steps); suppressed when fewer than five people
    /// accessed this kind.
    pub accessed: Figure<i64>,
}

/// SWEMWBS metric scores of the people with both a start and an end score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Wellbeing {
    pub start_mean: f64,
    pub end_mean: f64,
    /// Whose score rose by 3 metric points or more.
    pub improved_percent: f64,
    pub n: i64,
}

/// The share of answers that agree (or, for still going, say yes).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub percent: f64,
    pub n: i64,
}

/// The three-month follow-up's answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FollowUps {
    /// Agree or strongly agree: "I feel more supported".
    pub more_supported: Figure<Share>,
    /// "I feel more independent".
    pub more_independent: Figure<Share>,
    /// "I am better able to deal with a crisis".
    pub crisis_better: Figure<Share>,
    /// Still going to activities found during the programme.
    pub still_going: Figure<Share>,
}

/// People met during the programme, from the maps at the end.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Connections {
    pub total: i64,
    pub per_person: f64,
    /// People with a map at the end.
    pub people: i64,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub period: Period,
    /// The service's name, when the report is for one.
    pub service: Option<String>,
    pub received: Figure<i64>,
    pub by_source: Vec<SourceCount>,
    pub by_month: Vec<MonthCount>,
    pub first_contact: Figure<Wait>,
    pub supported: Figure<i64>,
    pub endings: Figure<Endings>,
    pub coach_hours: Figure<Hours>,
    pub activities: Vec<ActivityCount>,
    /// Different listings (groups, courses, places) those activities went to.
    pub listings: Figure<i64>,
    pub swemwbs: Figure<Wellbeing>,
    pub follow_ups: FollowUps,
    pub connections: Figure<Connections>,
}

/// A whole number of tenths, so figures read the same everywhere.
fn tenths(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn percent(part: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        tenths(part as f64 * 100.0 / of as f64)
    }
}

fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

// The queries. Placeholders are numbered in order of first use, which
// both databases accept: $1 the service (NULL for all), $2 the first
// moment or day of the period, $3 the first moment after it (or its last
// day). The service test comes first in every WHERE so $1 is always first.

const SERVICE: &str = "($1 IS NULL OR r.service_id = $1)";

#[derive(diesel::QueryableByName)]
struct ReferralRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    first_contact_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    started_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    closed_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct ContactTotals {
    #[diesel(sql_type = BigInt)]
    minutes: i64,
    #[diesel(sql_type = BigInt)]
    people: i64,
}

#[derive(diesel::QueryableByName)]
struct ActivityRow {
    #[diesel(sql_type = Text)]
    activity: String,
    #[diesel(sql_type = BigInt)]
    steps: i64,
    #[diesel(sql_type = BigInt)]
    people: i64,
}

#[derive(diesel::QueryableByName)]
struct ListingTotals {
    #[diesel(sql_type = BigInt)]
    listings: i64,
    #[diesel(sql_type = BigInt)]
    people: i64,
}

#[derive(diesel::QueryableByName)]
struct MeasureRow {
    #[diesel(sql_type = Integer)]
    referral_id: i32,
    #[diesel(sql_type = Text)]
    point: String,
    #[diesel(sql_type = Integer)]
    total: i32,
}

#[derive(diesel::QueryableByName)]
struct FollowUpRow {
    #[diesel(sql_type = Nullable<Integer>)]
    more_supported: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    more_independent: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    crisis_better: Option<i32>,
    #[diesel(sql_type = Nullable<Bool>)]
    still_going: Option<bool>,
}

#[derive(diesel::QueryableByName)]
struct NetworkTotals {
    #[diesel(sql_type = BigInt)]
    people: i64,
    #[diesel(sql_type = BigInt)]
    new: i64,
}

/// Programmes active at some point in the period (started before it
/// ended, not closed before it began).
const SUPPORTED: &str = "r.started_at IS NOT NULL AND (r.closed_at IS NULL OR r.closed_at >= $2) AND r.started_at < $3";
/// Programmes that had started and closed in the period.
const FINISHED: &str = "r.started_at IS NOT NULL AND r.closed_at >= $2 AND r.closed_at < $3";

/// The report for `period`, for one service or (None) all.
pub fn figures(conn: &mut AnyConnection, period: Period, service: Option<i32>) -> Result<Figures, ReferralError> {
    use diesel::RunQueryDsl;
    let (starts, ends) = (period.starts(), period.ends());
    let service_name = match service {
        Some(id) => Some(
            crate::workflow::services(conn)?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or(ReferralError::NotFound { what: "service" })?
                .name,
        ),
        None => None,
    };

    // Every referral received in the period or supported in it, narrow
    // columns only: a year is a few thousand rows.
    let referrals: Vec<ReferralRow> = diesel::sql_query(format!(
        "SELECT r.kind, r.created_at, r.first_contact_at, r.started_at, r.closed_at, r.outcome \
         FROM referrals r WHERE {SERVICE} AND ((r.created_at >= $2 AND r.created_at < $3) OR ({SUPPORTED}))"
    ))
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Timestamp, _>(starts)
    .bind::<Timestamp, _>(ends)
    .load(conn)?;
    let received: Vec<&ReferralRow> = referrals
        .iter()
        .filter(|r| r.created_at >= starts && r.created_at < ends)
        .collect();
    let by_source = [Kind::SelfReferral, Kind::Professional]
        .into_iter()
        .map(|source| SourceCount {
            source,
            referrals: Figure::count(received.iter().filter(|r| Kind::from_code(&r.kind) == source).count() as i64),
        })
        .collect();
    let by_month = period
        .months()
        .into_iter()
        .map(|month| MonthCount {
            month,
            referrals: Figure::count(
                received
                    .iter()
                    .filter(|r| first_of_month(crate::tasks::london_date(r.created_at)) == month)
                    .count() as i64,
            ),
        })
        .collect();
    let mut waits: Vec<f64> = received
        .iter()
        .filter_map(|r| {
            r.first_contact_at
                .map(|f| (f - r.created_at).num_seconds().max(0) as f64 / 86_400.0)
        })
        .collect();
    waits.sort_by(f64::total_cmp);
    let first_contact = Figure::of(waits.len() as i64, || Wait {
        median_days: tenths(median(&waits)),
        mean_days: tenths(waits.iter().sum::<f64>() / waits.len() as f64),
        n: waits.len() as i64,
    });
    let supported = referrals
        .iter()
        .filter(|r| r.started_at.is_some_and(|s| s < ends) && r.closed_at.is_none_or(|c| c >= starts))
        .count() as i64;
    let finished: Vec<&ReferralRow> = referrals
        .iter()
        .filter(|r| r.started_at.is_some() && r.closed_at.is_some_and(|c| c >= starts && c < ends))
        .collect();
    let ended = |o: Outcome| {
        finished
            .iter()
            .filter(|r| r.outcome.as_deref().and_then(Outcome::from_code) == Some(o))
            .count() as i64
    };
    let n_finished = finished.len() as i64;
    let endings = Figure::of(n_finished, || Endings {
        completed_percent: percent(ended(Outcome::Completed), n_finished),
        disengaged_percent: percent(ended(Outcome::Disengaged), n_finished),
        n: n_finished,
    });

    // The service as a subquery rather than a join: for all services the
    // sum reads the contacts' day index alone, with no lookup per contact
    // (half the time on SQLite, docs/PERFORMANCE.md).
    let contacts: ContactTotals = diesel::sql_query(
        "SELECT COALESCE(SUM(c.minutes), 0) AS minutes, COUNT(DISTINCT c.referral_id) AS people \
         FROM casework_contacts c \
         WHERE ($1 IS NULL OR c.referral_id IN (SELECT r.id FROM referrals r WHERE r.service_id = $1)) \
         AND c.contact_on >= $2 AND c.contact_on <= $3",
    )
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Date, _>(period.from)
    .bind::<Date, _>(period.to)
    .get_result(conn)?;
    let coach_hours = Figure::of(contacts.people, || Hours {
        hours_per_person: tenths(contacts.minutes as f64 / 60.0 / contacts.people as f64),
        total_hours: tenths(contacts.minutes as f64 / 60.0),
        people: contacts.people,
    });

    let accessed = "s.status IN ('tried', 'regular')";
    let kinds: Vec<ActivityRow> = diesel::sql_query(format!(
        "SELECT s.activity, COUNT(*) AS steps, COUNT(DISTINCT s.referral_id) AS people \
         FROM casework_steps s JOIN referrals r ON r.id = s.referral_id \
         WHERE {SERVICE} AND {SUPPORTED} AND {accessed} AND s.activity IS NOT NULL GROUP BY s.activity"
    ))
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Timestamp, _>(starts)
    .bind::<Timestamp, _>(ends)
    .load(conn)?;
    let activities = Activity::ALL
        .into_iter()
        .map(|activity| {
            let row = kinds
                .iter()
                .find(|k| Activity::from_code(&k.activity) == Some(activity));
            ActivityCount {
                activity,
                accessed: match row {
                    Some(k) => Figure::of(k.people, || k.steps),
                    None => Figure::Value(0),
                },
            }
        })
        .collect();
    let places: ListingTotals = diesel::sql_query(format!(
        "SELECT COUNT(DISTINCT s.listing_id) AS listings, COUNT(DISTINCT s.referral_id) AS people \
         FROM casework_steps s JOIN referrals r ON r.id = s.referral_id \
         WHERE {SERVICE} AND {SUPPORTED} AND {accessed} AND s.listing_id IS NOT NULL"
    ))
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Timestamp, _>(starts)
    .bind::<Timestamp, _>(ends)
    .get_result(conn)?;
    let listings = if places.people == 0 {
        Figure::Value(0)
    } else {
        Figure::of(places.people, || places.listings)
    };

    let measures: Vec<MeasureRow> = diesel::sql_query(format!(
        "SELECT m.referral_id, m.point, m.total FROM casework_measures m JOIN referrals r ON r.id = m.referral_id \
         WHERE {SERVICE} AND {FINISHED} AND m.instrument = 'swemwbs' AND m.point IN ('start', 'end')"
    ))
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Timestamp, _>(starts)
    .bind::<Timestamp, _>(ends)
    .load(conn)?;
    let swemwbs = wellbeing(&measures);

    let answers: Vec<FollowUpRow> = diesel::sql_query(format!(
        "SELECT f.more_supported, f.more_independent, f.crisis_better, f.still_going \
         FROM casework_follow_ups f JOIN referrals r ON r.id = f.referral_id \
         WHERE {SERVICE} AND f.answered_at >= $2 AND f.answered_at < $3"
    ))
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Timestamp, _>(starts)
    .bind::<Timestamp, _>(ends)
    .load(conn)?;
    let agreeing = |pick: fn(&FollowUpRow) -> Option<i32>| {
        let given: Vec<i32> = answers.iter().filter_map(pick).collect();
        let n = given.len() as i64;
        Figure::of(n, || Share {
            percent: percent(given.iter().filter(|a| **a >= 4).count() as i64, n),
            n,
        })
    };
    let going: Vec<bool> = answers.iter().filter_map(|a| a.still_going).collect();
    let follow_ups = FollowUps {
        more_supported: agreeing(|a| a.more_supported),
        more_independent: agreeing(|a| a.more_independent),
        crisis_better: agreeing(|a| a.crisis_better),
        still_going: Figure::of(going.len() as i64, || Share {
            percent: percent(going.iter().filter(|g| **g).count() as i64, going.len() as i64),
            n: going.len() as i64,
        }),
    };

    // `CASE WHEN is_new` reads the same on both: SQLite's 1 is true.
    let network: NetworkTotals = diesel::sql_query(format!(
        "SELECT COUNT(DISTINCT n.referral_id) AS people, COUNT(CASE WHEN n.is_new THEN 1 END) AS new \
         FROM casework_network n JOIN referrals r ON r.id = n.referral_id \
         WHERE {SERVICE} AND {FINISHED} AND n.point = 'end'"
    ))
    .bind::<Nullable<Integer>, _>(service)
    .bind::<Timestamp, _>(starts)
    .bind::<Timestamp, _>(ends)
    .get_result(conn)?;
    let connections = Figure::of(network.people, || Connections {
        total: network.new,
        per_person: tenths(network.new as f64 / network.people as f64),
        people: network.people,
    });

    Ok(Figures {
        period,
        service: service_name,
        received: Figure::count(received.len() as i64),
        by_source,
        by_month,
        first_contact,
        supported: Figure::count(supported),
        endings,
        coach_hours,
        activities,
        listings,
        swemwbs,
        follow_ups,
        connections,
    })
}

/// SWEMWBS means over the people with both a start and an end score.
fn wellbeing(measures: &[MeasureRow]) -> Figure<Wellbeing> {
    let mut ids: Vec<i32> = measures.iter().map(|m| m.referral_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let at = |id: i32, point: &str| {
        measures
            .iter()
            .find(|m| m.referral_id == id && m.point == point)
            .map(|m| m.total)
    };
    let pairs: Vec<(i32, i32)> = ids
        .into_iter()
        .filter_map(|id| Some((at(id, "start")?, at(id, "end")?)))
        .filter(|(s, e)| swemwbs_metric(*s).is_some() && swemwbs_metric(*e).is_some())
        .collect();
    let n = pairs.len() as i64;
    let mean = |pick: fn(&(i32, i32)) -> i32| {
        let hundredths: i64 = pairs
            .iter()
            .filter_map(|p| swemwbs_metric(pick(p)))
            .map(i64::from)
            .sum();
        (hundredths as f64 / n as f64).round() / 100.0
    };
    Figure::of(n, || Wellbeing {
        start_mean: mean(|p| p.0),
        end_mean: mean(|p| p.1),
        improved_percent: percent(
            pairs
                .iter()
                .filter(|(s, e)| swemwbs_change(*s, *e).is_some_and(|(_, m)| m == Meaning::Improved))
                .count() as i64,
            n,
        ),
        n,
    })
}

/// One line of the report as a table or a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub section: &'static str,
    pub measure: String,
    pub value: String,
}

/// 12.5 → "12.5", 12.0 → "12".
pub fn number_words(x: f64) -> String {
    let x = tenths(x);
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn percent_words(x: f64) -> String {
    format!("{}%", number_words(x))
}

impl Figures {
    /// Every figure as a line, in the order the page shows them: what the
    /// CSV export and `kith report --format csv` write.
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut line = |section: &'static str, measure: &str, value: String| {
            out.push(Line {
                section,
                measure: measure.to_owned(),
                value,
            })
        };
        let count = |f: &Figure<i64>| f.words(i64::to_string);
        line("Referrals received", "All referrals", count(&self.received));
        for s in &self.by_source {
            line("Referrals by source", source_words(s.source), count(&s.referrals));
        }
        for m in &self.by_month {
            line(
                "Referrals by month",
                &m.month.format("%B %Y").to_string(),
                count(&m.referrals),
            );
        }
        let wait = &self.first_contact;
        line(
            "Time to first contact",
            "Median (days)",
            wait.words(|w| number_words(w.median_days)),
        );
        line(
            "Time to first contact",
            "Mean (days)",
            wait.words(|w| number_words(w.mean_days)),
        );
        line(
            "Time to first contact",
            "Referrals (n)",
            wait.words(|w| w.n.to_string()),
        );
        line("People supported", "People with a programme", count(&self.supported));
        let e = &self.endings;
        line(
            "How programmes ended",
            "Completed",
            e.words(|e| percent_words(e.completed_percent)),
        );
        line(
            "How programmes ended",
            "Stopped taking part",
            e.words(|e| percent_words(e.disengaged_percent)),
        );
        line(
            "How programmes ended",
            "Programmes ended (n)",
            e.words(|e| e.n.to_string()),
        );
        let h = &self.coach_hours;
        line(
            "Coach hours",
            "Hours per person",
            h.words(|h| number_words(h.hours_per_person)),
        );
        line("Coach hours", "Hours in all", h.words(|h| number_words(h.total_hours)));
        line(
            "Coach hours",
            "People with contact (n)",
            h.words(|h| h.people.to_string()),
        );
        for a in &self.activities {
            line("Activities accessed", a.activity.label(), count(&a.accessed));
        }
        line(
            "Activities accessed",
            "Different groups and places",
            count(&self.listings),
        );
        let w = &self.swemwbs;
        line(
            "SWEMWBS",
            "Mean at the start",
            w.words(|w| format!("{:.2}", w.start_mean)),
        );
        line("SWEMWBS", "Mean at the end", w.words(|w| format!("{:.2}", w.end_mean)));
        line(
            "SWEMWBS",
            "Meaningfully improved (3 points or more)",
            w.words(|w| percent_words(w.improved_percent)),
        );
        line("SWEMWBS", "People with both scores (n)", w.words(|w| w.n.to_string()));
        for (measure, share) in self.follow_up_shares() {
            line(
                "Three-month follow-up",
                measure,
                share.words(|s| percent_words(s.percent)),
            );
            line(
                "Three-month follow-up",
                &format!("{measure} (n)"),
                share.words(|s| s.n.to_string()),
            );
        }
        let c = &self.connections;
        line("New social connections", "In all", c.words(|c| c.total.to_string()));
        line(
            "New social connections",
            "Per person",
            c.words(|c| number_words(c.per_person)),
        );
        line(
            "New social connections",
            "People with a map at the end (n)",
            c.words(|c| c.people.to_string()),
        );
        out
    }

    /// The follow-up statements with their shares, in order.
    pub fn follow_up_shares(&self) -> [(&'static str, &Figure<Share>); 4] {
        let f = &self.follow_ups;
        [
            ("Feel more supported", &f.more_supported),
            ("Feel more independent", &f.more_independent),
            ("Better able to deal with a crisis", &f.crisis_better),
            ("Still going to activities", &f.still_going),
        ]
    }
}

/// "Self-referral", "Professional".
pub fn source_words(kind: Kind) -> &'static str {
    match kind {
        Kind::SelfReferral => "Self-referral",
        Kind::Professional => "Professional referral",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fewer_than_five_people_hides_the_figure() {
        assert_eq!(Figure::of(4, || 1.5), Figure::FewerThanFive);
        assert_eq!(Figure::of(5, || 1.5), Figure::Value(1.5));
        assert_eq!(Figure::count(0), Figure::Value(0));
        assert_eq!(Figure::count(1), Figure::FewerThanFive);
        assert_eq!(Figure::count(4), Figure::FewerThanFive);
        assert_eq!(Figure::count(5), Figure::Value(5));
        assert_eq!(Figure::<i64>::FewerThanFive.words(|n| n.to_string()), "fewer than 5");
        assert_eq!(
            serde_json::to_string(&Figure::<i64>::FewerThanFive).unwrap(),
            "\"fewer than 5\""
        );
        assert_eq!(serde_json::to_string(&Figure::Value(7)).unwrap(), "7");
    }

    #[test]
    fn periods_are_checked_and_cover_their_months() {
        assert_eq!(
            Period::last_twelve_months(day(2026, 12, 1)),
            Period {
                from: day(2025, 12, 2),
                to: day(2026, 12, 1)
            }
        );
        let p = Period::parse("1/4/2026", "2026-06-15").unwrap();
        assert_eq!(p.months(), vec![day(2026, 4, 1), day(2026, 5, 1), day(2026, 6, 1)]);
        assert_eq!(p.words(), "1 April 2026 to 15 June 2026");
        let fields = |e: Vec<FieldError>| e.into_iter().map(|f| f.field).collect::<Vec<_>>();
        assert_eq!(fields(Period::parse("", "31/02/2026").unwrap_err()), ["from", "to"]);
        assert_eq!(fields(Period::parse("2/4/2026", "1/4/2026").unwrap_err()), ["to"]);
        assert_eq!(fields(Period::parse("1/1/2010", "1/1/2020").unwrap_err()), ["to"]);
        assert!(Period::parse("1/1/2010", "31/12/2019").is_ok());
        // London midnight: 1 July is 23:00 UTC on 30 June.
        let summer = Period::parse("1/7/2026", "1/7/2026").unwrap();
        assert_eq!(summer.starts(), day(2026, 6, 30).and_hms_opt(23, 0, 0).unwrap());
        assert_eq!(summer.ends(), day(2026, 7, 1).and_hms_opt(23, 0, 0).unwrap());
    }

    #[test]
    fn numbers_read_plainly() {
        assert_eq!(number_words(12.0), "12");
        assert_eq!(number_words(12.25), "12.3");
        assert_eq!(number_words(0.04), "0");
        assert_eq!(percent_words(66.666), "66.7%");
        assert_eq!(median(&[1.0, 2.0, 10.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), 3.0);
    }
}
