//! Recurring events and regular group sessions, as RFC 5545 RRULEs.
//!
//! Start times are stored in UTC, but "every Tuesday at 10:00" means 10:00
//! on the wall clocks of London in winter and in summer alike, so rules are
//! expanded in Europe/London time and each occurrence converted back to UTC.

use chrono::{Datelike, Duration, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Europe::London;

use crate::DirectoryError;

/// The most occurrences one expansion returns; a page never shows more.
const MAX_OCCURRENCES: u16 = 500;

fn rrule_tz() -> rrule::Tz {
    rrule::Tz::Europe__London
}

fn to_london(utc: NaiveDateTime) -> chrono::DateTime<rrule::Tz> {
    rrule_tz().from_utc_datetime(&utc)
}

/// Checks a rule before it is saved, so a bad rule is a message next to the
/// field and never an error when a page is shown later.
pub fn validate(rule: &str, starts_at: NaiveDateTime) -> Result<(), DirectoryError> {
    let bad = |why: String| DirectoryError::invalid("rrule", format!("The repeat rule is not valid: {why}"));
    let rule = rule.trim().trim_start_matches("RRULE:");
    if rule.is_empty() || rule.len() > 500 {
        return Err(bad("it is empty or too long".into()));
    }
    if rule.split(';').any(|part| part == "INTERVAL=0") {
        return Err(bad("the interval must be 1 or more".into()));
    }
    let parsed: rrule::RRule<rrule::Unvalidated> = rule.parse().map_err(|e: rrule::RRuleError| bad(e.to_string()))?;
    parsed.validate(to_london(starts_at)).map_err(|e| bad(e.to_string()))?;
    Ok(())
}

/// Every occurrence of an event that starts in `[from, to)`, as UTC
/// (start, end) pairs. A one-off event is its own single occurrence.
/// A rule that no longer parses (it was validated when saved) yields only
/// the first occurrence rather than an error page.
pub fn occurrences(
    starts_at: NaiveDateTime,
    ends_at: Option<NaiveDateTime>,
    rule: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Vec<(NaiveDateTime, Option<NaiveDateTime>)> {
    let length = ends_at.map(|e| e - starts_at);
    let with_end = |s: NaiveDateTime| (s, length.map(|l| s + l));
    let Some(rule) = rule
        .map(|r| r.trim().trim_start_matches("RRULE:"))
        .filter(|r| !r.is_empty())
    else {
        return if starts_at >= from && starts_at < to {
            vec![with_end(starts_at)]
        } else {
            vec![]
        };
    };
    let Ok(parsed) = rule.parse::<rrule::RRule<rrule::Unvalidated>>() else {
        tracing::warn!("stored repeat rule {rule:?} no longer parses");
        return if starts_at >= from && starts_at < to {
            vec![with_end(starts_at)]
        } else {
            vec![]
        };
    };
    let Ok(set) = parsed.build(to_london(starts_at)) else {
        return vec![];
    };
    // `after`/`before` are inclusive; nudge `to` so the window is half-open.
    let set = set.after(to_london(from)).before(to_london(to - Duration::seconds(1)));
    set.all(MAX_OCCURRENCES)
        .dates
        .into_iter()
        .map(|d| with_end(d.naive_utc()))
        .collect()
}

/// The next occurrence at or after `now`, if any.
pub fn next_occurrence(
    starts_at: NaiveDateTime,
    ends_at: Option<NaiveDateTime>,
    rule: Option<&str>,
    now: NaiveDateTime,
) -> Option<(NaiveDateTime, Option<NaiveDateTime>)> {
    // Look a year ahead: enough for monthly rules, bounded for any rule.
    occurrences(starts_at, ends_at, rule, now, now + Duration::days(366))
        .into_iter()
        .next()
}

/// London wall-clock time of a UTC instant.
pub fn london_time(utc: NaiveDateTime) -> NaiveDateTime {
    London.from_utc_datetime(&utc).naive_local()
}

/// The UTC instant of a London wall-clock time (the earlier one when the
/// clocks go back; the time after the gap when they go forward).
pub fn from_london_time(local: NaiveDateTime) -> NaiveDateTime {
    match London.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.naive_utc(),
        chrono::LocalResult::None => {
            let later = local + Duration::hours(1);
            London
                .from_local_datetime(&later)
                .earliest()
                .map_or(later, |t| t.naive_utc())
        }
    }
}

/// The days of the week: RFC 5545 codes and names, Monday first (as
/// forms list them).
pub const DAYS: [(&str, &str); 7] = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
];

fn ordinal(n: i32) -> Option<&'static str> {
    Some(match n {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        -1 => "last",
        _ => return None,
    })
}

/// Says a rule in plain words, e.g. "Every Tuesday, 10:00 to 12:00" or
/// "First Saturday of the month, 14:00". Rules outside the common shapes
/// are described as "Repeats regularly" rather than misdescribed.
pub fn describe(starts_at: NaiveDateTime, ends_at: Option<NaiveDateTime>, rule: Option<&str>) -> String {
    let start = london_time(starts_at);
    let times = match ends_at.map(london_time) {
        Some(end) if end.date() == start.date() => format!("{} to {}", clock(start), clock(end)),
        _ => clock(start),
    };
    let Some(rule) = rule
        .map(|r| r.trim().trim_start_matches("RRULE:"))
        .filter(|r| !r.is_empty())
    else {
        return format!("{}, {times}", start.format("%A %-d %B %Y"));
    };
    let mut freq = "";
    let mut interval = 1;
    let mut byday: Vec<&str> = vec![];
    for part in rule.split(';') {
        match part.split_once('=') {
            Some(("FREQ", f)) => freq = f,
            Some(("INTERVAL", i)) => interval = i.parse().unwrap_or(1),
            Some(("BYDAY", d)) => byday = d.split(',').collect(),
            _ => {}
        }
    }
    let day_name = |code: &str| DAYS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n);
    let when = match (freq, interval, byday.as_slice()) {
        ("DAILY", 1, _) => Some("Every day".to_owned()),
        ("WEEKLY", _, []) => {
            let day = DAYS[start.weekday().num_days_from_monday() as usize].1;
            Some(weekly(interval, &[day]))
        }
        ("WEEKLY", _, days) => {
            let names: Option<Vec<&str>> = days.iter().map(|d| day_name(d)).collect();
            names.map(|n| weekly(interval, &n))
        }
        ("MONTHLY", 1, [one]) => {
            let split = one.len().saturating_sub(2);
            let (n, code) = one.split_at(split);
            match (n.parse::<i32>().ok().and_then(ordinal), day_name(code)) {
                (Some(ord), Some(day)) => Some(format!("{} {day} of the month", capitalise(ord))),
                _ => None,
            }
        }
        ("MONTHLY", 1, []) => Some(format!("Every month on the {}", day_of_month(start.day()))),
        _ => None,
    };
    match when {
        Some(w) => format!("{w}, {times}"),
        None => format!("Repeats regularly, {times}"),
    }
}

fn weekly(interval: i32, days: &[&str]) -> String {
    let list = match days {
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    match interval {
        1 => format!("Every {list}"),
        2 => format!("Every other {list}"),
        n => format!("Every {n} weeks on {list}"),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn day_of_month(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// 24-hour clock, as GOV.UK style prefers for clarity: "10:00", "14:30".
pub fn clock(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn weekly_rules_keep_london_wall_clock_time_across_dst() {
        // Tuesday 20 Oct 2026, 10:00 London = 09:00 UTC (BST).
        let start = from_london_time(at(2026, 10, 20, 10, 0));
        assert_eq!(start, at(2026, 10, 20, 9, 0));
        let occ = occurrences(
            start,
            Some(start + Duration::hours(2)),
            Some("FREQ=WEEKLY;BYDAY=TU"),
            at(2026, 10, 19, 0, 0),
            at(2026, 11, 4, 0, 0),
        );
        let local: Vec<_> = occ.iter().map(|(s, _)| london_time(*s)).collect();
        assert_eq!(
            local,
            vec![at(2026, 10, 20, 10, 0), at(2026, 10, 27, 10, 0), at(2026, 11, 3, 10, 0)]
        );
        // After the clocks go back, 10:00 London is 10:00 UTC.
        assert_eq!(occ[1].0, at(2026, 10, 27, 10, 0));
        assert_eq!(occ[1].1, Some(at(2026, 10, 27, 12, 0)));
    }

    #[test]
    fn monthly_by_position() {
        let start = from_london_time(at(2026, 12, 5, 14, 0)); // first Saturday of December
        let occ = occurrences(
            start,
            None,
            Some("RRULE:FREQ=MONTHLY;BYDAY=1SA"),
            at(2026, 12, 1, 0, 0),
            at(2027, 3, 1, 0, 0),
        );
        let days: Vec<u32> = occ.iter().map(|(s, _)| london_time(*s).day()).collect();
        assert_eq!(days, vec![5, 2, 6]);
    }

    #[test]
    fn one_off_events_and_windows() {
        let start = at(2026, 12, 1, 18, 0);
        assert_eq!(
            occurrences(start, None, None, at(2026, 12, 1, 0, 0), at(2026, 12, 2, 0, 0)).len(),
            1
        );
        assert!(occurrences(start, None, None, at(2026, 12, 2, 0, 0), at(2026, 12, 3, 0, 0)).is_empty());
        // half-open: an event exactly at `to` is not included
        assert!(occurrences(start, None, Some("FREQ=DAILY"), at(2026, 11, 30, 18, 0), start).is_empty());
        assert_eq!(
            next_occurrence(start, None, Some("FREQ=DAILY;COUNT=3"), at(2026, 12, 2, 19, 0)).map(|o| o.0),
            Some(at(2026, 12, 3, 18, 0))
        );
        assert_eq!(
            next_occurrence(start, None, Some("FREQ=DAILY;COUNT=3"), at(2026, 12, 4, 0, 0)),
            None
        );
    }

    #[test]
    fn validation_gives_messages() {
        let start = at(2026, 12, 1, 18, 0);
        assert!(validate("FREQ=WEEKLY;BYDAY=TU", start).is_ok());
        assert!(validate("RRULE:FREQ=MONTHLY;BYDAY=1SA", start).is_ok());
        for bad in [
            "",
            "FREQ=SOMETIMES",
            "BYDAY=TU",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=WEEKLY;INTERVAL=0",
        ] {
            let err = validate(bad, start).expect_err(bad).to_string();
            assert!(err.starts_with("The repeat rule is not valid"), "{bad}: {err}");
        }
    }

    #[test]
    fn plain_words() {
        let start = from_london_time(at(2026, 12, 1, 10, 0)); // a Tuesday
        let end = Some(start + Duration::hours(2));
        assert_eq!(
            describe(start, end, Some("FREQ=WEEKLY;BYDAY=TU")),
            "Every Tuesday, 10:00 to 12:00"
        );
        assert_eq!(
            describe(start, end, Some("FREQ=WEEKLY")),
            "Every Tuesday, 10:00 to 12:00"
        );
        assert_eq!(
            describe(start, None, Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE")),
            "Every other Monday and Wednesday, 10:00"
        );
        assert_eq!(
            describe(start, None, Some("FREQ=MONTHLY;BYDAY=1SA")),
            "First Saturday of the month, 10:00"
        );
        assert_eq!(
            describe(start, None, Some("FREQ=MONTHLY;BYDAY=-1FR")),
            "Last Friday of the month, 10:00"
        );
        assert_eq!(
            describe(start, None, Some("FREQ=MONTHLY")),
            "Every month on the 1st, 10:00"
        );
        assert_eq!(describe(start, None, Some("FREQ=YEARLY")), "Repeats regularly, 10:00");
        assert_eq!(describe(start, end, None), "Tuesday 1 December 2026, 10:00 to 12:00");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_rules_never_panic(rule in "[A-Z=;,0-9-]{0,40}") {
            let start = at(2026, 12, 1, 10, 0);
            let _ = validate(&rule, start);
            let _ = describe(start, None, Some(&rule));
            if validate(&rule, start).is_ok() {
                let _ = occurrences(start, None, Some(&rule), start, start + Duration::days(60));
            }
        }
    }
}
