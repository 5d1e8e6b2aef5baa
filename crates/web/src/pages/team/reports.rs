//! The impact report for team managers and commissioners: the figures of
//! [`referral::report`] for a period and a service, each in a table, with
//! referrals by month and activities by kind also drawn as bar charts
//! (inline SVG with a title, the same numbers in the table beside them),
//! printable, and as CSV.
//!
//! The choice of period is a GET form, so a report is a link that can be
//! bookmarked or shared with a colleague, and it works without
//! JavaScript. The page names nobody, so commissioners may read it and
//! nothing else of the team's.

use accounts::Action;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use referral::report::{Figure, Figures, Line, Period, FEWER_THAN_FIVE, THRESHOLD};
use referral::tasks::london_date;
use referral::Service;
use serde::Deserialize;

use super::team_nav;
use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::page;
use crate::pages::sensitive;
use crate::state::{now, AppState};

/// What the form sends; every field optional, so the bare address shows
/// the last twelve months.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    service: Option<String>,
}

/// A report asked for and checked.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    pub period: Period,
    pub service: Option<i32>,
}

fn date_words(d: chrono::NaiveDate) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

/// The form as typed (the last twelve months when no dates were sent), and
/// what it asks for when every field reads.
pub fn read(
    from: Option<&str>,
    to: Option<&str>,
    service: Option<&str>,
    services: &[Service],
    today: chrono::NaiveDate,
) -> (Form, Option<Asked>) {
    let default = Period::last_twelve_months(today);
    let (from, to) = match (from, to) {
        (None, None) => (date_words(default.from), date_words(default.to)),
        (f, t) => (f.unwrap_or("").to_owned(), t.unwrap_or("").to_owned()),
    };
    let service_text = service.unwrap_or("").trim().to_owned();
    let mut form = Form::new()
        .with("from", &from)
        .with("to", &to)
        .with("service", &service_text);
    let period = match Period::parse(&from, &to) {
        Ok(p) => Some(p),
        Err(errors) => {
            for e in errors {
                form.error(e.field, e.message);
            }
            None
        }
    };
    let service = if service_text.is_empty() {
        Some(None)
    } else {
        let found = service_text
            .parse::<i32>()
            .ok()
            .filter(|id| services.iter().any(|s| s.id == *id));
        if found.is_none() {
            form.error("service", "Choose a service from the list, or all services");
        }
        found.map(Some)
    };
    let asked = match (period, service) {
        (Some(period), Some(service)) => Some(Asked { period, service }),
        _ => None,
    };
    (form, asked)
}

/// The address of this report with `path` (the page or the CSV).
fn address(path: &str, asked: &Asked) -> String {
    let mut query = vec![
        ("from", date_words(asked.period.from)),
        ("to", date_words(asked.period.to)),
    ];
    if let Some(s) = asked.service {
        query.push(("service", s.to_string()));
    }
    format!("{path}?{}", serde_urlencoded::to_string(query).unwrap_or_default())
}

/// The widest bar, in SVG units; labels sit to its left, values to its right.
const BAR_WIDTH: f64 = 300.0;
const LABEL_WIDTH: f64 = 190.0;
const ROW_HEIGHT: f64 = 26.0;

/// A horizontal bar chart of counts, for people who see it; the same
/// numbers are in the table that follows it, for everyone. A suppressed
/// figure has no bar, only the words.
fn bar_chart(id: &str, title: &str, bars: &[(String, Figure<i64>)]) -> Markup {
    let max = bars
        .iter()
        .filter_map(|(_, f)| f.value().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW_HEIGHT * bars.len() as f64 + 8.0;
    let width = LABEL_WIDTH + BAR_WIDTH + 110.0;
    let title_id = format!("{id}-title");
    html! {
        svg class="kith-report-chart" xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (height) }
            width="100%" style={ "max-width:" (width) "px" } role="img" aria-labelledby=(title_id) font-family="Arial, sans-serif" {
            title id=(title_id) { (title) }
            @for (i, (label, figure)) in bars.iter().enumerate() {
                @let y = ROW_HEIGHT * i as f64 + 4.0;
                text x=(LABEL_WIDTH - 8.0) y=(y + 17.0) text-anchor="end" font-size="14" fill="#0b0c0c" { (label) }
                @let length = figure.value().map_or(0.0, |v| (*v as f64) / max * BAR_WIDTH);
                @if length > 0.0 {
                    rect x=(LABEL_WIDTH) y=(y + 3.0) width=(format!("{length:.1}")) height=(ROW_HEIGHT - 8.0) fill="#1d70b8" {}
                }
                text x=(LABEL_WIDTH + length + 6.0) y=(y + 17.0) font-size="14" fill="#0b0c0c" {
                    (figure.words(|v| v.to_string()))
                }
            }
        }
    }
}

/// One section's lines as a table with the section as its caption.
fn lines_table(section: &str, lines: &[&Line]) -> Markup {
    html! {
        div class="kith-table-wrapper" tabindex="0" role="region" aria-label=(section) {
            table class="kith-table" {
                caption class="kith-table__caption kith-visually-hidden" { (section) }
                thead { tr {
                    th scope="col" { "Measure" }
                    th scope="col" { "Figure" }
                } }
                tbody {
                    @for l in lines {
                        tr {
                            th scope="row" { (l.measure) }
                            td { (l.value) }
                        }
                    }
                }
            }
        }
    }
}

/// What each section counts, in plain words.
fn section_note(section: &str) -> Option<&'static str> {
    Some(match section {
        "Referrals received" => "Referrals that arrived in the period.",
        "Time to first contact" => "From a referral arriving to the team first speaking with the person, for referrals that arrived in the period.",
        "People supported" => "People whose programme had started and was running at some point in the period.",
        "How programmes ended" => "Programmes that had started and ended in the period.",
        "Coach hours" => "Time logged with people on days in the period, per person the team was in touch with.",
        "Activities accessed" => "Activities that people supported in the period tried or went to regularly, by kind.",
        "SWEMWBS" => "Wellbeing scores (metric) of people whose programme ended in the period, with a score at the start and at the end.",
        "Three-month follow-up" => "Answers given in the period: the share who agree or strongly agree, and the share still going to activities.",
        "New social connections" => "People met during the programme, from the social network maps at the end, for programmes that ended in the period.",
        _ => return None,
    })
}

/// The page's content below the team links: the form, then (for a report
/// that reads) every section. Rendered on its own by the benchmark.
pub fn body(form: &Form, services: &[Service], figures: Option<(&Asked, &Figures)>) -> Markup {
    let mut options: Vec<(String, String)> = vec![(String::new(), "All services".to_owned())];
    options.extend(services.iter().map(|s| (s.id.to_string(), s.name.clone())));
    let options: Vec<(&str, &str)> = options.iter().map(|(v, t)| (v.as_str(), t.as_str())).collect();
    let lines = figures.map(|(_, f)| f.lines()).unwrap_or_default();
    let mut sections: Vec<&str> = Vec::new();
    for l in &lines {
        if !sections.contains(&l.section) {
            sections.push(l.section);
        }
    }
    html! {
        (form.summary())
        h1 class="kith-heading-l" { "Impact report" }
        @if let Some((_, f)) = figures {
            p class="kith-body-l" {
                (f.period.words()) ", "
                @if let Some(s) = &f.service { (s) } @else { "all services" }
                "."
            }
        }
        p class="kith-body" {
            "Any figure about fewer than " (THRESHOLD) " people is shown as “" (FEWER_THAN_FIVE) "”, so nobody can be picked out."
        }
        form class="kith-no-print" method="get" action="/team/reports" novalidate {
            h2 class="kith-heading-m" { "Choose the period" }
            (form.input(Field::new("from", "From").hint("For example, 1/4/2026").width(10)))
            (form.input(Field::new("to", "To (included)").hint("For example, 31/3/2027").width(10)))
            (form.select("service", "Service", &options))
            button class="kith-button" type="submit" { "Show the report" }
        }
        @if let Some((asked, f)) = figures {
            p class="kith-body kith-no-print" {
                a class="kith-link" href=(address("/team/reports.csv", asked)) { "Download these figures (CSV)" }
            }
            @for section in &sections {
                @let in_section: Vec<&Line> = lines.iter().filter(|l| l.section == *section).collect();
                h2 class="kith-heading-m" { (section) }
                @if let Some(note) = section_note(section) {
                    p class="kith-body" { (note) }
                }
                @if *section == "Referrals by month" {
                    (bar_chart("referrals-by-month", "Referrals by month, as bars; the numbers are in the table below",
                        &f.by_month.iter().map(|m| (m.month.format("%b %Y").to_string(), m.referrals)).collect::<Vec<_>>()))
                }
                @if *section == "Activities accessed" {
                    (bar_chart("activities-by-kind", "Activities accessed by kind, as bars; the numbers are in the table below",
                        &f.activities.iter().map(|a| (a.activity.label().to_owned(), a.accessed)).collect::<Vec<_>>()))
                }
                (lines_table(section, &in_section))
            }
        }
    }
}

/// The report as CSV: one line per figure, suppressed ones as "fewer
/// than 5", cells made safe to open in a spreadsheet.
pub fn csv(figures: &Figures) -> String {
    let mut out = community::csv::line(&["Section", "Measure", "Figure"]);
    for l in figures.lines() {
        out.push_str(&community::csv::line(&[l.section, &l.measure, &l.value]));
    }
    out
}

async fn services(state: &AppState) -> Result<Vec<Service>, WebError> {
    Ok(state.transact(referral::services).await??)
}

async fn compute(state: &AppState, asked: Asked) -> Result<Figures, WebError> {
    Ok(state
        .transact(move |c| referral::report::figures(c, asked.period, asked.service))
        .await??)
}

/// `GET /team/reports?from=&to=&service=`
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ViewReports)?;
    let services = services(&state).await?;
    let q = query.into_inner();
    let (form, asked) = read(
        q.from.as_deref(),
        q.to.as_deref(),
        q.service.as_deref(),
        &services,
        london_date(now()),
    );
    let figures = match asked {
        Some(a) => Some((a, compute(&state, a).await?)),
        None => None,
    };
    let token = Token::for_request(&req);
    let markup = page(
        &form.title("Impact report"),
        &[],
        html! {
            (team_nav(&viewer))
            (body(&form, &services, figures.as_ref().map(|(a, f)| (a, f))))
        },
    );
    Ok(sensitive(form.status(), markup, &token, &req))
}

/// `GET /team/reports.csv?from=&to=&service=`: the same figures as the
/// page, the same suppression.
pub async fn csv_export(
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, WebError> {
    viewer.require(Action::ViewReports)?;
    let services = services(&state).await?;
    let q = query.into_inner();
    let (form, asked) = read(
        q.from.as_deref(),
        q.to.as_deref(),
        q.service.as_deref(),
        &services,
        london_date(now()),
    );
    let Some(asked) = asked else {
        let message = ["from", "to", "service"]
            .iter()
            .filter_map(|f| form.error_for(f))
            .collect::<Vec<_>>()
            .join(". ");
        return Err(WebError::BadRequest(message));
    };
    let figures = compute(&state, asked).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"impact-report-{}-to-{}.csv\"",
                asked.period.from, asked.period.to
            ),
        ))
        .body(csv(&figures)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_draw_values_and_leave_small_numbers_unbarred() {
        let svg = bar_chart(
            "x",
            "Chart",
            &[("A".into(), Figure::Value(10)), ("B".into(), Figure::FewerThanFive)],
        )
        .into_string();
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title id=\"x-title\">Chart</title>"));
        assert_eq!(svg.matches("<rect").count(), 1, "no bar for a hidden figure");
        assert!(svg.contains(">fewer than 5<"));
    }

    #[test]
    fn the_form_keeps_what_was_typed_and_defaults_to_a_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let (form, asked) = read(None, None, None, &[], today);
        assert_eq!((form.value("from"), form.value("to")), ("2/12/2025", "1/12/2026"));
        assert!(asked.is_some_and(|a| a.service.is_none()));
        let (form, asked) = read(Some("yesterday"), Some(""), Some("99"), &[], today);
        assert!(asked.is_none());
        assert_eq!(form.value("from"), "yesterday");
        for field in ["from", "to", "service"] {
            assert!(form.error_for(field).is_some(), "{field}");
        }
    }
}
