//! Outcome measures: the questionnaires a coach and the person fill in
//! together at the start and the end of the programme (and, if they like,
//! at follow-up), and how their scores are read.
//!
//! - **SWEMWBS**, the Short Warwick-Edinburgh Mental Wellbeing Scale: seven
//!   statements answered 1–5, a raw total of 7–35 turned into a metric
//!   score by the published conversion table
//!   (`assets/swemwbs_metric_lookup.csv`, see NOTICE). A change of
//!   [`MEANINGFUL_CHANGE`] metric points or more is meaningful. Its wording
//!   is licensed by its owners, so it is not in this repository: the
//!   deploying organisation enters it in its configuration, and the form
//!   shows [`SWEMWBS_COPYRIGHT`] beside it.
//! - **ONS4**, the four personal wellbeing questions of the Office for
//!   National Statistics, each answered 0–10 and read on its own (a total
//!   means nothing: anxiety counts the other way). Free to use, shipped.
//! - **UCLA 3**, the three-item loneliness scale, each answered 1–3, a
//!   total of 3 (least lonely) to 9. Free to use, shipped.
//!
//! Scoring is pure; [`record`] and [`crate::casework::view`] store and read
//! the answers.

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use store::schema::casework_measures;
use store::AnyConnection;

use crate::record::{audit, get_changeable, micros, Staff};
use crate::{FieldError, ReferralError};

/// The copyright line the licence asks to be shown with the SWEMWBS items.
pub const SWEMWBS_COPYRIGHT: &str = "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, University of Warwick and University of Edinburgh, 2008, all rights reserved.";

/// A change in the SWEMWBS metric score of this many hundredths (3 points)
/// or more, either way, is meaningful rather than noise.
pub const MEANINGFUL_CHANGE: i32 = 300;

/// The published table, compiled in so scoring never depends on a file
/// on the server.
const SWEMWBS_TABLE: &str = include_str!("../../../assets/swemwbs_metric_lookup.csv");

/// The lowest and highest SWEMWBS raw totals.
pub const SWEMWBS_RAW: (i32, i32) = (7, 35);

/// "12.40" as 1240: metric scores are kept in hundredths so they add,
/// subtract and compare exactly. None for anything that is not a number
/// with at most two decimals.
fn hundredths(text: &str) -> Option<i32> {
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i32 = whole.parse().ok()?;
    let frac: i32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    Some(whole * 100 + frac)
}

/// The rows of a `raw,metric` table, skipping its header and any line that
/// does not read (a unit test checks the shipped table has none).
fn parse_table(text: &str) -> Vec<(i32, i32)> {
    text.lines()
        .filter_map(|line| {
            let (raw, metric) = line.split_once(',')?;
            Some((raw.trim().parse().ok()?, hundredths(metric)?))
        })
        .collect()
}

fn swemwbs_table() -> &'static [(i32, i32)] {
    static TABLE: OnceLock<Vec<(i32, i32)>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(SWEMWBS_TABLE))
}

/// The SWEMWBS metric score, in hundredths, of a raw total (7–35).
pub fn swemwbs_metric(raw: i32) -> Option<i32> {
    swemwbs_table().iter().find(|(r, _)| *r == raw).map(|(_, m)| *m)
}

/// Hundredths as "23.21".
pub fn metric_words(hundredths: i32) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let n = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", n / 100, n % 100)
}

/// What a change in the SWEMWBS metric score means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    /// Up by [`MEANINGFUL_CHANGE`] or more.
    Improved,
    /// Within [`MEANINGFUL_CHANGE`] either way.
    NoMeaningfulChange,
    /// Down by [`MEANINGFUL_CHANGE`] or more.
    Worse,
}

impl Meaning {
    pub fn of(change: i32) -> Meaning {
        if change >= MEANINGFUL_CHANGE {
            Meaning::Improved
        } else if change <= -MEANINGFUL_CHANGE {
            Meaning::Worse
        } else {
            Meaning::NoMeaningfulChange
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Meaning::Improved => "a meaningful improvement",
            Meaning::NoMeaningfulChange => "no meaningful change",
            Meaning::Worse => "a meaningful fall",
        }
    }
}

/// The change in SWEMWBS metric score from one raw total to another, in
/// hundredths, with what it means; None if either total is out of range.
pub fn swemwbs_change(from_raw: i32, to_raw: i32) -> Option<(i32, Meaning)> {
    let change = swemwbs_metric(to_raw)? - swemwbs_metric(from_raw)?;
    Some((change, Meaning::of(change)))
}

/// A questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    Swemwbs,
    Ons4,
    Ucla3,
}

/// The ONS4 questions, as the Office for National Statistics asks them.
pub const ONS4_ITEMS: [&str; 4] = [
    "Overall, how satisfied are you with your life nowadays?",
    "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    "Overall, how happy did you feel yesterday?",
    "Overall, how anxious did you feel yesterday?",
];

/// The ends of each ONS4 scale (0 and 10).
pub const ONS4_ENDS: [(&str, &str); 4] = [
    ("Not at all satisfied", "Completely satisfied"),
    ("Not at all worthwhile", "Completely worthwhile"),
    ("Not at all happy", "Completely happy"),
    ("Not at all anxious", "Completely anxious"),
];

/// The UCLA 3-item loneliness scale, in the wording the Office for
/// National Statistics recommends.
pub const UCLA3_ITEMS: [&str; 3] = [
    "How often do you feel that you lack companionship?",
    "How often do you feel left out?",
    "How often do you feel isolated from others?",
];

/// Answers to the UCLA items, 1 to 3.
pub const UCLA3_OPTIONS: [&str; 3] = ["Hardly ever or never", "Some of the time", "Often"];

/// Answers to the SWEMWBS items, 1 to 5.
pub const SWEMWBS_OPTIONS: [&str; 5] = [
    "None of the time",
    "Rarely",
    "Some of the time",
    "Often",
    "All of the time",
];

impl Instrument {
    pub const ALL: [Instrument; 3] = [Instrument::Swemwbs, Instrument::Ons4, Instrument::Ucla3];

    pub fn code(self) -> &'static str {
        match self {
            Instrument::Swemwbs => "swemwbs",
            Instrument::Ons4 => "ons4",
            Instrument::Ucla3 => "ucla3",
        }
    }

    pub fn from_code(code: &str) -> Option<Instrument> {
        Instrument::ALL.into_iter().find(|i| i.code() == code.trim())
    }

    pub fn name(self) -> &'static str {
        match self {
            Instrument::Swemwbs => "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
            Instrument::Ons4 => "ONS personal wellbeing (ONS4)",
            Instrument::Ucla3 => "Loneliness (UCLA 3-item scale)",
        }
    }

    pub fn short_name(self) -> &'static str {
        match self {
            Instrument::Swemwbs => "SWEMWBS",
            Instrument::Ons4 => "ONS4",
            Instrument::Ucla3 => "UCLA loneliness",
        }
    }

    pub fn items(self) -> usize {
        match self {
            Instrument::Swemwbs => 7,
            Instrument::Ons4 => 4,
            Instrument::Ucla3 => 3,
        }
    }

    /// The lowest and highest answer to each item.
    pub fn range(self) -> (i32, i32) {
        match self {
            Instrument::Swemwbs => (1, 5),
            Instrument::Ons4 => (0, 10),
            Instrument::Ucla3 => (1, 3),
        }
    }

    /// Checks a full set of answers, one message per item that is missing
    /// or out of range, on the field `item-N` (N from 1).
    pub fn check(self, answers: &[Option<i32>]) -> Result<Vec<i32>, Vec<FieldError>> {
        let (low, high) = self.range();
        let mut errors = Vec::new();
        let mut checked = Vec::with_capacity(self.items());
        for (n, field) in ITEM_FIELDS.iter().enumerate().take(self.items()) {
            match answers.get(n).copied().flatten() {
                Some(a) if (low..=high).contains(&a) => checked.push(a),
                _ => errors.push(FieldError {
                    field,
                    message: format!("Choose an answer for question {} ({low} to {high})", n + 1),
                }),
            }
        }
        if errors.is_empty() {
            Ok(checked)
        } else {
            Err(errors)
        }
    }
}

/// The form fields of the items, in order.
pub const ITEM_FIELDS: [&str; 7] = ["item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7"];

/// How the Office for National Statistics bands an ONS4 answer: for the
/// first three questions higher is better, for anxiety lower is.
pub fn ons4_band(question: usize, answer: i32) -> &'static str {
    if question == 3 {
        match answer {
            0..=1 => "very low",
            2..=3 => "low",
            4..=5 => "medium",
            _ => "high",
        }
    } else {
        match answer {
            0..=4 => "low",
            5..=6 => "medium",
            7..=8 => "high",
            _ => "very high",
        }
    }
}

/// When in the programme a measure is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    Start,
    End,
    FollowUp,
}

impl Point {
    pub const ALL: [Point; 3] = [Point::Start, Point::End, Point::FollowUp];

    pub fn code(self) -> &'static str {
        match self {
            Point::Start => "start",
            Point::End => "end",
            Point::FollowUp => "follow_up",
        }
    }

    pub fn from_code(code: &str) -> Option<Point> {
        Point::ALL.into_iter().find(|p| p.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Point::Start => "At the start",
            Point::End => "At the end",
            Point::FollowUp => "At follow-up",
        }
    }
}

/// One questionnaire as answered.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = casework_measures)]
pub struct Measure {
    pub id: i32,
    pub referral_id: i32,
    pub instrument: String,
    pub point: String,
    pub taken_on: NaiveDate,
    /// The item answers, separated by spaces.
    pub responses: String,
    pub total: i32,
    pub recorded_by: Option<i32>,
    pub recorded_at: NaiveDateTime,
}

impl Measure {
    pub fn instrument(&self) -> Option<Instrument> {
        Instrument::from_code(&self.instrument)
    }

    pub fn point(&self) -> Option<Point> {
        Point::from_code(&self.point)
    }

    /// The item answers (a stored value that does not read is skipped).
    pub fn answers(&self) -> Vec<i32> {
        self.responses
            .split_whitespace()
            .filter_map(|a| a.parse().ok())
            .collect()
    }

    /// The SWEMWBS metric score in hundredths (other instruments: None).
    pub fn metric(&self) -> Option<i32> {
        (self.instrument() == Some(Instrument::Swemwbs))
            .then(|| swemwbs_metric(self.total))
            .flatten()
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = casework_measures)]
struct NewMeasure<'a> {
    referral_id: i32,
    instrument: &'a str,
    point: &'a str,
    taken_on: NaiveDate,
    responses: &'a str,
    total: i32,
    recorded_by: Option<i32>,
    recorded_at: NaiveDateTime,
}

/// A questionnaire as typed into the form: the point, the date
/// (dd/mm/yyyy) and the answer to each item, all unchecked.
#[derive(Debug, Clone, Default)]
pub struct MeasureForm {
    pub point: String,
    pub date: String,
    pub answers: Vec<String>,
}

/// Records a questionnaire, replacing any earlier one of the same
/// instrument at the same point. Every problem with the form comes back at
/// once, each on its field (`point`, `date`, `item-N`).
pub fn record(
    conn: &mut AnyConnection,
    by: &Staff<'_>,
    referral_id: i32,
    instrument: Instrument,
    form: &MeasureForm,
    now: NaiveDateTime,
) -> Result<Measure, ReferralError> {
    let r = get_changeable(conn, by, referral_id)?;
    let mut errors = Vec::new();
    let point = Point::from_code(&form.point);
    if point.is_none() {
        errors.push(FieldError {
            field: "point",
            message: "Choose when in the programme this was answered".to_owned(),
        });
    }
    let taken_on = crate::casework::check_date(&form.date, "date", "the day it was answered", &r, now, &mut errors);
    let answers: Vec<Option<i32>> = form.answers.iter().map(|a| a.trim().parse().ok()).collect();
    let answers = instrument
        .check(&answers)
        .map_err(|item_errors| errors.extend(item_errors))
        .ok();
    let (Some(point), Some(taken_on), Some(answers), true) = (point, taken_on, answers, errors.is_empty()) else {
        return Err(ReferralError::Form(errors));
    };
    let responses = answers.iter().map(i32::to_string).collect::<Vec<_>>().join(" ");
    diesel::delete(
        casework_measures::table
            .filter(casework_measures::referral_id.eq(referral_id))
            .filter(casework_measures::instrument.eq(instrument.code()))
            .filter(casework_measures::point.eq(point.code())),
    )
    .execute(conn)?;
    let measure = diesel::insert_into(casework_measures::table)
        .values(NewMeasure {
            referral_id,
            instrument: instrument.code(),
            point: point.code(),
            taken_on,
            responses: &responses,
            total: answers.iter().sum(),
            recorded_by: Some(by.actor.person_id),
            recorded_at: micros(now),
        })
        .get_result::<Measure>(conn)?;
    audit(
        conn,
        Some(by.actor.person_id),
        "referral.measure_recorded",
        referral_id,
        by.reason,
        now,
    )?;
    Ok(measure)
}

/// A referral's measures, by instrument then point.
pub(crate) fn load(conn: &mut AnyConnection, referral_id: i32) -> Result<Vec<Measure>, ReferralError> {
    let mut measures: Vec<Measure> = casework_measures::table
        .filter(casework_measures::referral_id.eq(referral_id))
        .select(Measure::as_select())
        .load(conn)?;
    measures.sort_by_key(|m| (m.instrument().map(|i| i as u8), m.point()));
    Ok(measures)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole conversion table, typed in from the paper's table (and
    /// Warwick's), so the shipped file is checked value by value.
    const EXPECTED: [(i32, &str); 29] = [
        (7, "7.00"),
        (8, "9.51"),
        (9, "11.25"),
        (10, "12.40"),
        (11, "13.33"),
        (12, "14.08"),
        (13, "14.75"),
        (14, "15.32"),
        (15, "15.84"),
        (16, "16.36"),
        (17, "16.88"),
        (18, "17.43"),
        (19, "17.98"),
        (20, "18.59"),
        (21, "19.25"),
        (22, "19.98"),
        (23, "20.73"),
        (24, "21.54"),
        (25, "22.35"),
        (26, "23.21"),
        (27, "24.11"),
        (28, "25.03"),
        (29, "26.02"),
        (30, "27.03"),
        (31, "28.13"),
        (32, "29.31"),
        (33, "30.70"),
        (34, "32.55"),
        (35, "35.00"),
    ];

    #[test]
    fn every_raw_score_has_its_published_metric_score() {
        assert_eq!(swemwbs_table().len(), 29, "every line of the shipped table reads");
        for (raw, metric) in EXPECTED {
            assert_eq!(
                swemwbs_metric(raw).map(metric_words).as_deref(),
                Some(metric),
                "raw {raw}"
            );
        }
        for outside in [i32::MIN, -1, 0, 6, 36, 100] {
            assert_eq!(swemwbs_metric(outside), None, "raw {outside}");
        }
        // Metric scores rise with the raw score.
        let metrics: Vec<i32> = (7..=35).filter_map(swemwbs_metric).collect();
        assert!(metrics.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_table_parser_reads_numbers_and_skips_the_rest() {
        assert_eq!(
            parse_table("raw,metric\n7,7\n8,9.5\n9, 11.25 \nx,1\n10,1.234\n11\n"),
            vec![(7, 700), (8, 950), (9, 1125)]
        );
        assert_eq!(hundredths("12.4"), Some(1240));
        assert_eq!(hundredths("-1"), Some(-100));
        assert_eq!(hundredths("1.x"), None);
        assert_eq!(metric_words(-305), "-3.05");
        assert_eq!(metric_words(700), "7.00");
    }

    #[test]
    fn three_metric_points_or_more_is_meaningful() {
        // Mary: 17 → 23 raw is 16.88 → 20.73, up 3.85.
        assert_eq!(swemwbs_change(17, 23), Some((385, Meaning::Improved)));
        // 20 → 22 is 18.59 → 19.98: up, but by less than 3.
        assert_eq!(swemwbs_change(20, 22), Some((139, Meaning::NoMeaningfulChange)));
        // 9 → 12 is 11.25 → 14.08: up 2.83, just short.
        assert_eq!(swemwbs_change(9, 12), Some((283, Meaning::NoMeaningfulChange)));
        assert_eq!(swemwbs_change(33, 35), Some((430, Meaning::Improved)));
        assert_eq!(Meaning::of(300), Meaning::Improved);
        assert_eq!(Meaning::of(299), Meaning::NoMeaningfulChange);
        assert_eq!(Meaning::of(-300), Meaning::Worse);
        assert_eq!(swemwbs_change(23, 17), Some((-385, Meaning::Worse)));
        assert_eq!(swemwbs_change(6, 20), None);
    }

    #[test]
    fn answers_are_checked_item_by_item() {
        assert_eq!(
            Instrument::Swemwbs.check(&[Some(1), Some(2), Some(3), Some(4), Some(5), Some(3), Some(3)]),
            Ok(vec![1, 2, 3, 4, 5, 3, 3])
        );
        let errors = Instrument::Swemwbs
            .check(&[Some(0), Some(2), None, Some(6)])
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["item-1", "item-3", "item-4", "item-5", "item-6", "item-7"]);
        assert_eq!(errors[0].message, "Choose an answer for question 1 (1 to 5)");
        assert_eq!(
            Instrument::Ons4.check(&[Some(0), Some(10), Some(5), Some(7)]),
            Ok(vec![0, 10, 5, 7])
        );
        assert!(Instrument::Ons4.check(&[Some(0), Some(11), Some(5), Some(7)]).is_err());
        assert_eq!(Instrument::Ucla3.check(&[Some(1), Some(3), Some(2)]), Ok(vec![1, 3, 2]));
        assert!(Instrument::Ucla3.check(&[Some(1), Some(4), Some(2)]).is_err());
        // Extra answers beyond the instrument's items are ignored.
        assert_eq!(
            Instrument::Ucla3.check(&[Some(1), Some(1), Some(1), Some(9)]),
            Ok(vec![1, 1, 1])
        );
        for i in Instrument::ALL {
            assert_eq!(Instrument::from_code(i.code()), Some(i));
            assert!(i.items() <= ITEM_FIELDS.len());
        }
    }

    #[test]
    fn ons4_answers_are_banded_as_the_ons_does() {
        assert_eq!(ons4_band(0, 4), "low");
        assert_eq!(ons4_band(0, 5), "medium");
        assert_eq!(ons4_band(2, 8), "high");
        assert_eq!(ons4_band(1, 9), "very high");
        assert_eq!(ons4_band(3, 1), "very low");
        assert_eq!(ons4_band(3, 6), "high");
    }
}
