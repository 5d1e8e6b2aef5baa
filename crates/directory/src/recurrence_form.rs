//! "When does it happen?" as organisers answer it, turned into the start,
//! end and RFC 5545 rule that [`crate::recurrence`] expands. Organisers
//! never see an RRULE: they choose one-off, weekly on some days (every N
//! weeks), or monthly on the nth weekday, and type London times.
//!
//! [`RecurrenceForm`] is what the form sends, as typed; [`RecurrenceForm::parse`]
//! turns it into a [`Recurrence`] or a message naming the field to fix.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::{recurrence, DirectoryError};

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecurrenceForm {
    /// The first (or only) date: `2026-12-01` or `1/12/2026`.
    pub date: String,
    /// London time, `10:00`.
    pub start_time: String,
    /// Optional London time on the same day.
    pub end_time: String,
    /// `once`, `weekly` or `monthly`.
    pub repeat: String,
    /// For weekly: day names or codes, `tuesday` or `TU`.
    pub days: Vec<String>,
    /// For weekly: 1 (or empty) for every week, 2 for every other week…
    pub every_weeks: String,
    /// For monthly: `1`–`4` or `last`.
    pub nth: String,
    /// For monthly: the day, `saturday` or `SA`.
    pub weekday: String,
}

/// Which week of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Nth {
    fn number(self) -> i32 {
        match self {
            Nth::First => 1,
            Nth::Second => 2,
            Nth::Third => 3,
            Nth::Fourth => 4,
            Nth::Last => -1,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Nth::First => "1",
            Nth::Second => "2",
            Nth::Third => "3",
            Nth::Fourth => "4",
            Nth::Last => "last",
        }
    }
}

/// How often it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repeat {
    Once,
    /// On these days (Monday first, no repeats), every `every` weeks.
    Weekly {
        days: Vec<Weekday>,
        every: u32,
    },
    /// On the nth `day` of each month.
    Monthly {
        nth: Nth,
        day: Weekday,
    },
}

/// A checked answer: the first session's London date and times, and how it
/// repeats. The date is always a day the rule includes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: Option<NaiveTime>,
    pub repeat: Repeat,
}

/// What a listing stores: UTC start and end of the first session, and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub rrule: Option<String>,
}

const DAY_CODES: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "MO", "monday"),
    (Weekday::Tue, "TU", "tuesday"),
    (Weekday::Wed, "WE", "wednesday"),
    (Weekday::Thu, "TH", "thursday"),
    (Weekday::Fri, "FR", "friday"),
    (Weekday::Sat, "SA", "saturday"),
    (Weekday::Sun, "SU", "sunday"),
];

fn day_code(d: Weekday) -> &'static str {
    DAY_CODES.iter().find(|(w, _, _)| *w == d).map_or("MO", |(_, c, _)| c)
}

fn parse_day(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    DAY_CODES
        .iter()
        .find(|(_, code, name)| s == code.to_ascii_lowercase() || s == *name || (s.len() >= 3 && name.starts_with(&s)))
        .map(|(w, _, _)| *w)
}

/// A date as people type it: `2026-12-01` (what date pickers send) or
/// `1/12/2026`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()?;
    (2000..=2100).contains(&d.year()).then_some(d)
}

/// A time on the 24-hour clock, `14:30` or `14.30`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim().replace('.', ":");
    NaiveTime::parse_from_str(&s, "%H:%M").ok()
}

impl RecurrenceForm {
    /// The form filled in from what a listing stores (UTC times and the
    /// rule), for its edit page. Rules this form cannot write (from
    /// imports) fill in what they can: the organiser sees the date and
    /// times and chooses again.
    pub fn from_schedule(
        starts_at: NaiveDateTime,
        ends_at: Option<NaiveDateTime>,
        rrule: Option<&str>,
    ) -> RecurrenceForm {
        let start = recurrence::london_time(starts_at);
        let time = |t: NaiveDateTime| t.format("%H:%M").to_string();
        let mut form = RecurrenceForm {
            date: start.format("%Y-%m-%d").to_string(),
            start_time: time(start),
            end_time: ends_at.map(|e| time(recurrence::london_time(e))).unwrap_or_default(),
            repeat: "once".into(),
            ..RecurrenceForm::default()
        };
        let Some(rule) = rrule else { return form };
        let part = |key: &str| {
            rule.split(';')
                .find_map(|p| p.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
                .unwrap_or("")
        };
        let byday = part("BYDAY");
        match part("FREQ") {
            "WEEKLY" => {
                form.repeat = "weekly".into();
                form.days = byday.split(',').filter(|d| !d.is_empty()).map(str::to_owned).collect();
                form.every_weeks = match part("INTERVAL") {
                    "" => "1".into(),
                    n => n.to_owned(),
                };
            }
            "MONTHLY" => {
                form.repeat = "monthly".into();
                let split = byday.len().saturating_sub(2);
                let (nth, day) = byday.split_at(byday.char_indices().nth(split).map_or(0, |(i, _)| i));
                form.nth = if nth == "-1" { "last".into() } else { nth.to_owned() };
                form.weekday = day.to_owned();
            }
            _ => form.repeat = String::new(),
        }
        form
    }

    /// Checks every field; the error names the first field to fix.
    pub fn parse(&self) -> Result<Recurrence, DirectoryError> {
        let date = parse_date(&self.date)
            .ok_or_else(|| DirectoryError::invalid("date", "Enter the date of the first session, like 1/12/2026"))?;
        let start = parse_time(&self.start_time)
            .ok_or_else(|| DirectoryError::invalid("start_time", "Enter the start time, like 10:00 or 14:30"))?;
        let end = match self.end_time.trim() {
            "" => None,
            typed => Some(parse_time(typed).ok_or_else(|| {
                DirectoryError::invalid("end_time", "Enter the end time, like 12:00, or leave it empty")
            })?),
        };
        if end.is_some_and(|e| e <= start) {
            return Err(DirectoryError::invalid(
                "end_time",
                "The end time must be after the start time",
            ));
        }
        let repeat = match self.repeat.trim() {
            "once" => Repeat::Once,
            "weekly" => {
                let mut days = Vec::new();
                for typed in self.days.iter().filter(|d| !d.trim().is_empty()) {
                    let day =
                        parse_day(typed).ok_or_else(|| DirectoryError::invalid("days", "Choose days of the week"))?;
                    days.push(day);
                }
                if days.is_empty() {
                    return Err(DirectoryError::invalid("days", "Choose at least one day of the week"));
                }
                days.sort_by_key(|d| d.num_days_from_monday());
                days.dedup();
                let every = match self.every_weeks.trim() {
                    "" => 1,
                    typed => typed
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=52).contains(n))
                        .ok_or_else(|| {
                            DirectoryError::invalid("every_weeks", "Enter how many weeks apart, from 1 to 52")
                        })?,
                };
                Repeat::Weekly { days, every }
            }
            "monthly" => {
                let nth = match self.nth.trim().to_ascii_lowercase().as_str() {
                    "1" | "first" => Nth::First,
                    "2" | "second" => Nth::Second,
                    "3" | "third" => Nth::Third,
                    "4" | "fourth" => Nth::Fourth,
                    "last" | "-1" => Nth::Last,
                    _ => {
                        return Err(DirectoryError::invalid(
                            "nth",
                            "Choose which week of the month: first, second, third, fourth or last",
                        ))
                    }
                };
                let day = parse_day(&self.weekday)
                    .ok_or_else(|| DirectoryError::invalid("weekday", "Choose the day of the week"))?;
                Repeat::Monthly { nth, day }
            }
            _ => return Err(DirectoryError::invalid("repeat", "Choose how often it happens")),
        };
        let date = first_matching(date, &repeat)
            .ok_or_else(|| DirectoryError::invalid("date", "Enter a date before the year 2100"))?;
        let r = Recurrence {
            date,
            start,
            end,
            repeat,
        };
        if let Some(rule) = r.rrule() {
            recurrence::validate(&rule, r.schedule().starts_at)
                .map_err(|_| DirectoryError::invalid("repeat", "Choose how often it happens"))?;
        }
        Ok(r)
    }
}

/// The first day on or after `from` that the rule includes, so the stored
/// start is itself a session (a rule's start that it does not match would
/// otherwise be a stray extra session).
fn first_matching(from: NaiveDate, repeat: &Repeat) -> Option<NaiveDate> {
    let matches = |d: NaiveDate| match repeat {
        Repeat::Once => true,
        Repeat::Weekly { days, .. } => days.contains(&d.weekday()),
        Repeat::Monthly { nth, day } => {
            d.weekday() == *day
                && match nth {
                    Nth::Last => (d + Duration::days(7)).month() != d.month(),
                    n => nth_of_month(d) == Some(*n),
                }
        }
    };
    let mut d = from;
    // Any monthly rule matches within about five weeks; weekly within one.
    for _ in 0..40 {
        if matches(d) {
            return (d.year() <= 2100).then_some(d);
        }
        d = d.succ_opt()?;
    }
    None
}

fn nth_of_month(d: NaiveDate) -> Option<Nth> {
    Some(match (d.day() - 1) / 7 {
        0 => Nth::First,
        1 => Nth::Second,
        2 => Nth::Third,
        3 => Nth::Fourth,
        _ => return None,
    })
}

impl Recurrence {
    /// The RRULE, or `None` for a one-off.
    pub fn rrule(&self) -> Option<String> {
        match &self.repeat {
            Repeat::Once => None,
            Repeat::Weekly { days, every } => {
                let days: Vec<&str> = days.iter().map(|d| day_code(*d)).collect();
                let interval = if *every > 1 {
                    format!(";INTERVAL={every}")
                } else {
                    String::new()
                };
                Some(format!("FREQ=WEEKLY{interval};BYDAY={}", days.join(",")))
            }
            Repeat::Monthly { nth, day } => Some(format!("FREQ=MONTHLY;BYDAY={}{}", nth.number(), day_code(*day))),
        }
    }

    /// UTC times for the listing, from London wall-clock times.
    pub fn schedule(&self) -> Schedule {
        let starts_at = recurrence::from_london_time(self.date.and_time(self.start));
        Schedule {
            starts_at,
            ends_at: self.end.map(|e| recurrence::from_london_time(self.date.and_time(e))),
            rrule: self.rrule(),
        }
    }

    /// In plain words, e.g. "Every Tuesday, 10:00 to 12:00".
    pub fn describe(&self) -> String {
        let s = self.schedule();
        recurrence::describe(s.starts_at, s.ends_at, s.rrule.as_deref())
    }

    /// The form filled in from this answer, for editing it again.
    pub fn to_form(&self) -> RecurrenceForm {
        let time = |t: NaiveTime| t.format("%H:%M").to_string();
        let mut form = RecurrenceForm {
            date: self.date.format("%Y-%m-%d").to_string(),
            start_time: time(self.start),
            end_time: self.end.map(time).unwrap_or_default(),
            ..RecurrenceForm::default()
        };
        match &self.repeat {
            Repeat::Once => form.repeat = "once".into(),
            Repeat::Weekly { days, every } => {
                form.repeat = "weekly".into();
                form.days = days.iter().map(|d| day_code(*d).to_owned()).collect();
                form.every_weeks = every.to_string();
            }
            Repeat::Monthly { nth, day } => {
                form.repeat = "monthly".into();
                form.nth = nth.code().into();
                form.weekday = day_code(*day).into();
            }
        }
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(date: &str, start: &str, end: &str, repeat: &str) -> RecurrenceForm {
        RecurrenceForm {
            date: date.into(),
            start_time: start.into(),
            end_time: end.into(),
            repeat: repeat.into(),
            ..RecurrenceForm::default()
        }
    }

    fn words(f: &RecurrenceForm) -> String {
        f.parse().unwrap().describe()
    }

    #[test]
    fn builds_rules_that_read_back_in_plain_words() {
        // 1 December 2026 is a Tuesday.
        let once = form("2026-12-01", "18:00", "20:30", "once");
        assert_eq!(once.parse().unwrap().rrule(), None);
        assert_eq!(words(&once), "Tuesday 1 December 2026, 18:00 to 20:30");

        let mut weekly = form("1/12/2026", "10:00", "12:00", "weekly");
        weekly.days = vec!["tuesday".into()];
        let r = weekly.parse().unwrap();
        assert_eq!(r.rrule().as_deref(), Some("FREQ=WEEKLY;BYDAY=TU"));
        assert_eq!(r.describe(), "Every Tuesday, 10:00 to 12:00");

        let mut two_days = form("2026-12-01", "10:00", "", "weekly");
        two_days.days = vec!["WE".into(), "MO".into(), "monday".into()];
        two_days.every_weeks = "2".into();
        let r = two_days.parse().unwrap();
        assert_eq!(r.rrule().as_deref(), Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"));
        assert_eq!(
            r.date,
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            "moved to the first matching day"
        );
        assert_eq!(r.describe(), "Every other Monday and Wednesday, 10:00");

        let mut three = two_days.clone();
        three.every_weeks = "3".into();
        assert_eq!(words(&three), "Every 3 weeks on Monday and Wednesday, 10:00");

        let mut monthly = form("2026-12-01", "14:00", "16:00", "monthly");
        monthly.nth = "first".into();
        monthly.weekday = "saturday".into();
        let r = monthly.parse().unwrap();
        assert_eq!(r.rrule().as_deref(), Some("FREQ=MONTHLY;BYDAY=1SA"));
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
        assert_eq!(r.describe(), "First Saturday of the month, 14:00 to 16:00");

        let mut last = monthly.clone();
        last.nth = "last".into();
        last.weekday = "FR".into();
        let r = last.parse().unwrap();
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        assert_eq!(r.describe(), "Last Friday of the month, 14:00 to 16:00");
    }

    #[test]
    fn london_times_survive_the_clocks_changing() {
        // 10:00 in summer is 09:00 UTC, and every session stays at 10:00 London.
        let mut summer = form("2027-06-01", "10:00", "11:00", "weekly");
        summer.days = vec!["TU".into()];
        let s = summer.parse().unwrap().schedule();
        assert_eq!(
            s.starts_at,
            NaiveDate::from_ymd_opt(2027, 6, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
        );
        let winter = NaiveDate::from_ymd_opt(2027, 11, 2)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let next = recurrence::next_occurrence(s.starts_at, s.ends_at, s.rrule.as_deref(), winter).unwrap();
        assert_eq!(
            recurrence::london_time(next.0).time(),
            NaiveTime::from_hms_opt(10, 0, 0).unwrap()
        );
    }

    #[test]
    fn the_form_comes_back_the_same() {
        let mut monthly = form("2026-12-05", "14:00", "16:00", "monthly");
        monthly.nth = "1".into();
        monthly.weekday = "SA".into();
        let r = monthly.parse().unwrap();
        assert_eq!(r.to_form().parse().unwrap(), r);
        let mut weekly = form("2026-12-01", "10:00", "", "weekly");
        weekly.days = vec!["TU".into(), "TH".into()];
        let r = weekly.parse().unwrap();
        assert_eq!(r.to_form().parse().unwrap(), r);
    }

    #[test]
    fn stored_schedules_fill_the_form_back_in() {
        for f in [
            RecurrenceForm {
                days: vec!["TU".into(), "TH".into()],
                every_weeks: "2".into(),
                ..form("2026-12-01", "10:00", "12:00", "weekly")
            },
            RecurrenceForm {
                nth: "last".into(),
                weekday: "SA".into(),
                ..form("2026-07-25", "14:30", "", "monthly")
            },
            form("2026-12-01", "19:00", "21:00", "once"),
        ] {
            let r = f.parse().unwrap();
            let s = r.schedule();
            let back = RecurrenceForm::from_schedule(s.starts_at, s.ends_at, s.rrule.as_deref());
            assert_eq!(back.parse().unwrap(), r, "{f:?}");
        }
    }

    #[test]
    fn mistakes_name_the_field() {
        let field = |f: &RecurrenceForm| match f.parse() {
            Err(DirectoryError::Invalid { field, .. }) => field,
            other => panic!("expected invalid, got {other:?}"),
        };
        assert_eq!(field(&form("31/02/2026", "10:00", "", "once")), "date");
        assert_eq!(field(&form("2026-12-01", "25:00", "", "once")), "start_time");
        assert_eq!(field(&form("2026-12-01", "10:00", "09:00", "once")), "end_time");
        assert_eq!(field(&form("2026-12-01", "10:00", "", "sometimes")), "repeat");
        assert_eq!(field(&form("2026-12-01", "10:00", "", "weekly")), "days");
        let mut f = form("2026-12-01", "10:00", "", "weekly");
        f.days = vec!["TU".into()];
        f.every_weeks = "0".into();
        assert_eq!(field(&f), "every_weeks");
        let mut f = form("2026-12-01", "10:00", "", "monthly");
        f.nth = "5".into();
        assert_eq!(field(&f), "nth");
        f.nth = "2".into();
        assert_eq!(field(&f), "weekday");
    }

    const FIELDS: [&str; 8] = [
        "date",
        "start_time",
        "end_time",
        "repeat",
        "days",
        "every_weeks",
        "nth",
        "weekday",
    ];

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,12}",
            "(2026-12-0[1-9]|[0-3][0-9]/1[0-2]/20[0-9][0-9]|2100-12-31)",
            "([0-2][0-9]:[0-5][0-9]|[0-9]\\.[0-9]{2})",
            "(once|weekly|monthly|MO|TU|SU|monday|last|first|[0-9]{1,3}|-1)",
        ]
    }

    proptest! {
        #[test]
        fn no_input_panics_and_every_refusal_names_a_field(
            date in any_text(), start in any_text(), end in any_text(), repeat in any_text(),
            days in proptest::collection::vec(any_text(), 0..4),
            every in any_text(), nth in any_text(), weekday in any_text(),
        ) {
            let f = RecurrenceForm {
                date, start_time: start, end_time: end, repeat, days, every_weeks: every, nth, weekday,
            };
            match f.parse() {
                Ok(r) => {
                    let s = r.schedule();
                    if let Some(rule) = &s.rrule {
                        prop_assert!(recurrence::validate(rule, s.starts_at).is_ok());
                    }
                    prop_assert!(!r.describe().starts_with("Repeats regularly"));
                }
                Err(DirectoryError::Invalid { field, message }) => {
                    prop_assert!(FIELDS.contains(&field), "unknown field {field}");
                    prop_assert!(!message.is_empty());
                }
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }
    }
}
