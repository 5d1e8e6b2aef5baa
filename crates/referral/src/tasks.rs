//! Dates the team works to: working days, programme lengths, the clock
//! that pauses stop, and the tasks each referral has coming up.
//!
//! Dates are London dates (a referral sent at 00:30 on a summer Tuesday is
//! Tuesday's, not Monday's). Working days are Monday to Friday except the
//! bank holidays of England and Wales, which come from
//! `assets/bank-holidays-england-and-wales.txt`: the team is off then, so a
//! referral sent on the Thursday before Easter is due on the Wednesday
//! after it, not on the Monday (a bank holiday).

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

use crate::model::{Pause, Referral, Service, Status};

/// How soon the team aims to make first contact.
pub const FIRST_CALL_WORKING_DAYS: u32 = 2;
/// When a weeks-long programme has its review.
pub const REVIEW_AFTER_WEEKS: i64 = 6;
/// The programme when no service says otherwise.
pub const DEFAULT_PROGRAMME: Programme = Programme::Weeks(12);

/// The London date of a UTC time.
pub fn london_date(utc: NaiveDateTime) -> NaiveDate {
    directory::recurrence::london_time(utc).date()
}

/// The shipped list, compiled in so deadlines never depend on a file
/// being present on the server. GOV.UK publishes about two years ahead:
/// dates past the list's last year count weekends only, until the next
/// year's dates are added to the file.
const BANK_HOLIDAYS: &str = include_str!("../../../assets/bank-holidays-england-and-wales.txt");

/// The dates in a bank holiday list, sorted: the first word of each line
/// that is not blank or a comment. A line that is not a date is skipped
/// (a unit test checks the shipped file has none), because a typo in the
/// list must not stop the team's queue from showing.
fn parse_bank_holidays(text: &str) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = text
        .lines()
        .filter_map(|line| line.split('#').next())
        .filter_map(|line| line.split_whitespace().next())
        .filter_map(|word| NaiveDate::parse_from_str(word, "%Y-%m-%d").ok())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn bank_holidays() -> &'static [NaiveDate] {
    static DATES: OnceLock<Vec<NaiveDate>> = OnceLock::new();
    DATES.get_or_init(|| parse_bank_holidays(BANK_HOLIDAYS))
}

/// Whether `d` is a bank holiday in England and Wales (as far as the
/// shipped list knows).
pub fn is_bank_holiday(d: NaiveDate) -> bool {
    bank_holidays().binary_search(&d).is_ok()
}

/// Monday to Friday, and not a bank holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(d)
}

/// The date `n` working days after `date` (a Friday plus 2 is Tuesday; a
/// Saturday plus 2 is also Tuesday; the Thursday before Easter plus 2 is
/// the Wednesday after it).
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// How long a service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    /// A number of weeks from the start, not counting pauses.
    Weeks(i32),
    /// A number of sessions, at the person's own pace.
    Sessions(i32),
}

impl Programme {
    pub fn of(service: Option<&Service>) -> Programme {
        match service {
            Some(Service {
                programme_weeks: Some(w),
                ..
            }) => Programme::Weeks(*w),
            Some(Service {
                programme_sessions: Some(s),
                ..
            }) => Programme::Sessions(*s),
            _ => DEFAULT_PROGRAMME,
        }
    }
}

/// Something a worker must do for a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// First contact: the triage call for a new referral, or the allocated
    /// worker's introductory call.
    FirstCall,
    /// The review half-way (six weeks in, or half the sessions).
    Review,
    /// The last meeting, where the person plans moving on.
    FinalMeeting,
    /// The three-month follow-up after a programme that ran
    /// ([`crate::follow_up`]).
    FollowUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueTask {
    pub task: Task,
    /// When it is due, for tasks set by the calendar.
    pub due_on: Option<NaiveDate>,
    /// After which session it is due, for programmes counted in sessions.
    pub after_session: Option<i32>,
    /// Past its date, or its session has been reached.
    pub due_now: bool,
    /// True while the programme is paused: dates move on day by day.
    pub paused: bool,
}

/// How long the programme has stood still, up to `now` for a pause that
/// has not ended; whole days, so a pause of an hour moves nothing.
pub fn paused_days(pauses: &[Pause], now: NaiveDateTime) -> i64 {
    pauses
        .iter()
        .map(|p| (p.ended_at.unwrap_or(now) - p.started_at).num_days().max(0))
        .sum()
}

/// When a referral's first contact is due.
pub fn first_call_due(r: &Referral) -> NaiveDate {
    add_working_days(london_date(r.created_at), FIRST_CALL_WORKING_DAYS)
}

/// The tasks a referral has outstanding, from its dates, its programme and
/// its pauses (`pauses` are this referral's). A closed referral's
/// follow-up is listed whether or not it has been answered: that is in
/// its own table ([`crate::reviews::due`] drops an answered one).
pub fn due_tasks(r: &Referral, programme: Programme, pauses: &[Pause], now: NaiveDateTime) -> Vec<DueTask> {
    let today = london_date(now);
    let paused = pauses.iter().any(|p| p.ended_at.is_none());
    let dated = |task, due: NaiveDate| DueTask {
        task,
        due_on: Some(due),
        after_session: None,
        due_now: today >= due,
        paused,
    };
    let counted = |task, after: i32| DueTask {
        task,
        due_on: None,
        after_session: Some(after),
        due_now: r.sessions_held >= after,
        paused,
    };
    match r.status() {
        Status::New | Status::FirstCall if r.first_contact_at.is_none() => {
            vec![dated(Task::FirstCall, first_call_due(r))]
        }
        Status::Allocated => r
            .allocated_at
            .map(|at| {
                dated(
                    Task::FirstCall,
                    add_working_days(london_date(at), FIRST_CALL_WORKING_DAYS),
                )
            })
            .into_iter()
            .collect(),
        Status::Active => {
            let Some(started) = r.started_at else {
                return Vec::new();
            };
            let mut tasks = Vec::new();
            match programme {
                Programme::Weeks(weeks) => {
                    let clock = london_date(started) + Duration::days(paused_days(pauses, now));
                    if r.reviewed_at.is_none() && i64::from(weeks) > REVIEW_AFTER_WEEKS {
                        tasks.push(dated(Task::Review, clock + Duration::weeks(REVIEW_AFTER_WEEKS)));
                    }
                    tasks.push(dated(Task::FinalMeeting, clock + Duration::weeks(i64::from(weeks))));
                }
                Programme::Sessions(sessions) => {
                    if r.reviewed_at.is_none() && sessions > 2 {
                        tasks.push(counted(Task::Review, sessions / 2));
                    }
                    tasks.push(counted(Task::FinalMeeting, (sessions - 1).max(0)));
                }
            }
            tasks
        }
        Status::Closed => crate::follow_up::due_on(r)
            .map(|due| dated(Task::FollowUp, due))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn working_days_skip_weekends() {
        // 1 December 2026 is a Tuesday.
        assert_eq!(add_working_days(day(2026, 12, 1), 2), day(2026, 12, 3));
        assert_eq!(
            add_working_days(day(2026, 12, 4), 2),
            day(2026, 12, 8),
            "Friday → Tuesday"
        );
        assert_eq!(
            add_working_days(day(2026, 12, 5), 2),
            day(2026, 12, 8),
            "Saturday → Tuesday"
        );
        assert_eq!(
            add_working_days(day(2026, 12, 3), 2),
            day(2026, 12, 7),
            "Thursday → Monday"
        );
    }

    #[test]
    fn working_days_skip_bank_holidays() {
        // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        assert_eq!(
            add_working_days(day(2026, 4, 2), 2),
            day(2026, 4, 8),
            "Maundy Thursday → the Wednesday after (Tuesday is the first working day)"
        );
        assert_eq!(
            add_working_days(day(2026, 4, 2), 1),
            day(2026, 4, 7),
            "Maundy Thursday + 1 → the Tuesday after Easter"
        );
        assert_eq!(
            add_working_days(day(2026, 4, 1), 2),
            day(2026, 4, 7),
            "Wednesday before Easter → the Tuesday after"
        );
        // Christmas 2026: Friday 25th, Boxing Day's substitute Monday 28th.
        assert_eq!(add_working_days(day(2026, 12, 24), 2), day(2026, 12, 30));
        // Christmas 2027 falls at a weekend: both substitute days are off.
        assert_eq!(add_working_days(day(2027, 12, 24), 2), day(2027, 12, 30));
        // New Year 2028 is a Saturday; Monday 3 January is off instead.
        assert_eq!(add_working_days(day(2027, 12, 31), 1), day(2028, 1, 4));
        // Early May bank holiday 2025 (Monday 5th).
        assert_eq!(add_working_days(day(2025, 5, 2), 2), day(2025, 5, 7));
        assert!(!is_working_day(day(2026, 8, 31)) && is_working_day(day(2026, 9, 1)));
    }

    #[test]
    fn the_shipped_bank_holiday_list_is_whole() {
        let dates = bank_holidays();
        let lines = BANK_HOLIDAYS
            .lines()
            .filter(|l| !l.split('#').next().unwrap_or("").trim().is_empty())
            .count();
        assert_eq!(dates.len(), lines, "every date line parses, none repeated");
        for year in 2025..=2028 {
            let in_year: Vec<_> = dates.iter().filter(|d| d.year() == year).collect();
            assert_eq!(in_year.len(), 8, "{year}: eight bank holidays in England and Wales");
            for d in in_year {
                assert!(
                    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                    "{d} is a weekend: list the substitute day instead"
                );
            }
        }
    }

    #[test]
    fn bank_holiday_lists_read_dates_and_skip_the_rest() {
        let parsed =
            parse_bank_holidays("# header\n\n2026-12-28 # Boxing Day\n2026-12-25\nnot a date\n2026-12-25  Christmas\n");
        assert_eq!(parsed, vec![day(2026, 12, 25), day(2026, 12, 28)]);
    }

    #[test]
    fn london_dates_follow_summer_time() {
        let late = day(2026, 7, 6).and_hms_opt(23, 30, 0).unwrap();
        assert_eq!(london_date(late), day(2026, 7, 7));
        let winter = day(2026, 12, 7).and_hms_opt(23, 30, 0).unwrap();
        assert_eq!(london_date(winter), day(2026, 12, 7));
    }

    #[test]
    fn programmes_come_from_the_service() {
        let service = |w, s| Service {
            id: 1,
            name: "x".into(),
            programme_weeks: w,
            programme_sessions: s,
            created_at: day(2026, 1, 1).and_hms_opt(0, 0, 0).unwrap(),
        };
        assert_eq!(Programme::of(None), Programme::Weeks(12));
        assert_eq!(Programme::of(Some(&service(Some(8), None))), Programme::Weeks(8));
        assert_eq!(Programme::of(Some(&service(None, Some(10)))), Programme::Sessions(10));
    }
}
