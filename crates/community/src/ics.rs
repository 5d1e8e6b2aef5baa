//! Calendar files (RFC 5545 iCalendar) for one session of an event, for
//! the "Add to calendar" link and for the emails that tell attendees about
//! a session.
//!
//! Each session is its own VEVENT with a UID made from the event and the
//! session's usual start, so a file sent after a change replaces the one a
//! person saved before (calendar programs match on UID and take the higher
//! SEQUENCE), and a cancellation (METHOD:CANCEL, STATUS:CANCELLED) removes
//! it. Times are written in UTC, which every calendar program converts to
//! the reader's own zone, so no VTIMEZONE is needed.

use chrono::NaiveDateTime;

/// Octets a content line may have before it is folded (RFC 5545 3.1),
/// not counting the CRLF.
pub const LINE_OCTETS: usize = 75;

/// One session as a calendar entry. Text fields are plain text; escaping
/// is done here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable for the event and session: see [`uid`].
    pub uid: String,
    /// Goes up each time organisers change or cancel the session.
    pub sequence: i32,
    /// When the file was made (DTSTAMP), UTC.
    pub stamp: NaiveDateTime,
    pub starts_at: NaiveDateTime,
    /// Without an end the entry has DTSTART only, as RFC 5545 allows.
    pub ends_at: Option<NaiveDateTime>,
    pub summary: String,
    pub location: String,
    pub url: String,
    pub description: String,
    pub cancelled: bool,
}

/// The UID of the session of event `event` that usually starts at
/// `original`, on the site at `host` (e.g. `kith.example.org`).
pub fn uid(event: i32, original: NaiveDateTime, host: &str) -> String {
    format!("event-{event}-{}@{host}", original.format("%Y%m%dT%H%M%SZ"))
}

/// The host name of a site's public address, for UIDs.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() {
        "kith.localhost".to_owned()
    } else {
        host.to_ascii_lowercase()
    }
}

fn utc(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The whole file, CRLF line endings, every line folded to at most
/// [`LINE_OCTETS`] octets.
pub fn render(event: &CalendarEvent) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Kith//Events//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{}", method(event)),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape(&event.uid)),
        format!("SEQUENCE:{}", event.sequence.max(0)),
        format!("DTSTAMP:{}", utc(event.stamp)),
        format!("DTSTART:{}", utc(event.starts_at)),
    ];
    if let Some(end) = event.ends_at.filter(|e| *e > event.starts_at) {
        lines.push(format!("DTEND:{}", utc(end)));
    }
    lines.push(format!("SUMMARY:{}", escape(&event.summary)));
    if !event.location.trim().is_empty() {
        lines.push(format!("LOCATION:{}", escape(&event.location)));
    }
    if is_uri(&event.url) {
        lines.push(format!("URL:{}", event.url.trim()));
    }
    if !event.description.trim().is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&event.description)));
    }
    lines.push(format!(
        "STATUS:{}",
        if event.cancelled { "CANCELLED" } else { "CONFIRMED" }
    ));
    lines.push("END:VEVENT".to_owned());
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

/// PUBLISH for a file to save; CANCEL to take a cancelled session out of
/// calendars that saved it.
pub fn method(event: &CalendarEvent) -> &'static str {
    if event.cancelled {
        "CANCEL"
    } else {
        "PUBLISH"
    }
}

/// The MIME type of a rendered file, with its method as RFC 6047 asks.
pub fn content_type(event: &CalendarEvent) -> String {
    format!("text/calendar; charset=utf-8; method={}", method(event))
}

/// A URI value is not escaped, so only a plain web address is written.
fn is_uri(url: &str) -> bool {
    let url = url.trim();
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"')
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped,
/// each line break (CRLF, LF or CR) as `\n`, other control characters
/// dropped, since the format does not allow them.
pub fn escape(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The reverse of [`escape`], for readers of these files.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Folds one content line: after every [`LINE_OCTETS`] octets (counting
/// the leading space of a continuation) a CRLF and a space, never inside a
/// UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out
}

/// Undoes folding: a CRLF (or LF) followed by a space or tab joins the
/// lines. Returns the content lines, without their line endings.
pub fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if raw.is_empty() => {}
            _ => lines.push(raw.to_owned()),
        }
    }
    lines
}

/// The value of the first property called `name` (without parameters) in
/// an unfolded file, unescaped as text.
pub fn property(lines: &[String], name: &str) -> Option<String> {
    lines.iter().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        let key = key.split(';').next()?;
        (key.eq_ignore_ascii_case(name)).then(|| unescape(value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn walk() -> CalendarEvent {
        CalendarEvent {
            uid: uid(7, at("2026-12-05 10:00"), "kith.example.org"),
            sequence: 0,
            stamp: at("2026-12-01 09:00"),
            starts_at: at("2026-12-05 10:00"),
            ends_at: Some(at("2026-12-05 12:00")),
            summary: "Walk, talk; and tea".to_owned(),
            location: "St Mark's Hall, 1 Kennington Road, SE11 5QY".to_owned(),
            url: "https://kith.example.org/events/walk".to_owned(),
            description: "Bring boots.\nMeet at the gate \\ car park.".to_owned(),
            cancelled: false,
        }
    }

    #[test]
    fn writes_one_session_with_crlf_and_escaped_text() {
        let text = render(&walk());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF in {text:?}");
        assert!(text.contains("\r\nMETHOD:PUBLISH\r\n"));
        assert!(text.contains("\r\nUID:event-7-20261205T100000Z@kith.example.org\r\n"));
        assert!(text.contains("\r\nDTSTART:20261205T100000Z\r\nDTEND:20261205T120000Z\r\n"));
        assert!(text.contains("\r\nSUMMARY:Walk\\, talk\\; and tea\r\n"));
        assert!(text.contains("\r\nLOCATION:St Mark's Hall\\, 1 Kennington Road\\, SE11 5QY\r\n"));
        assert!(text.contains("\r\nDESCRIPTION:Bring boots.\\nMeet at the gate \\\\ car park.\r\n"));
        assert!(text.contains("\r\nSTATUS:CONFIRMED\r\n"));
        let lines = unfold(&text);
        assert_eq!(property(&lines, "DESCRIPTION").unwrap(), walk().description);
        assert_eq!(property(&lines, "SEQUENCE").unwrap(), "0");
    }

    #[test]
    fn a_cancellation_says_so_and_a_missing_end_is_left_out() {
        let mut e = walk();
        e.cancelled = true;
        e.sequence = 3;
        e.ends_at = None;
        let text = render(&e);
        assert!(text.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(text.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(text.contains("\r\nSEQUENCE:3\r\n"));
        assert!(!text.contains("DTEND"));
        assert_eq!(content_type(&e), "text/calendar; charset=utf-8; method=CANCEL");
    }

    #[test]
    fn folds_long_lines_without_splitting_characters() {
        let long = format!("SUMMARY:{}", "é".repeat(80));
        let folded = fold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= LINE_OCTETS, "{} octets: {line}", line.len());
        }
        assert_eq!(unfold(&folded), vec![long]);
        assert_eq!(fold("short"), "short");
    }

    #[test]
    fn a_bad_url_is_left_out_and_hosts_are_read() {
        let mut e = walk();
        e.url = "javascript:alert(1)".to_owned();
        assert!(!render(&e).contains("URL:"));
        assert_eq!(host_of("https://Kith.Example.org/path"), "kith.example.org");
        assert_eq!(host_of("http://127.0.0.1:8080/"), "127.0.0.1:8080");
        assert_eq!(host_of(""), "kith.localhost");
    }

    proptest! {
        #[test]
        fn any_text_renders_within_the_line_limit_and_reads_back(
            summary in any::<String>(),
            description in "(\\PC|\r|\n|[,;\\\\])*",
            location in any::<String>(),
        ) {
            let mut e = walk();
            e.summary = summary.clone();
            e.description = description.clone();
            e.location = location;
            let text = render(&e);
            prop_assert!(text.ends_with("\r\n"));
            for line in text.split("\r\n") {
                prop_assert!(line.len() <= LINE_OCTETS, "{} octets: {:?}", line.len(), line);
                prop_assert!(!line.contains('\n') && !line.contains('\r'));
            }
            let lines = unfold(&text);
            let expected = |s: &str| unescape(&escape(s));
            prop_assert_eq!(property(&lines, "SUMMARY").unwrap(), expected(&summary));
            if !description.trim().is_empty() {
                prop_assert_eq!(property(&lines, "DESCRIPTION").unwrap(), expected(&description));
            }
        }

        #[test]
        fn unfolding_restores_any_line(line in "[^\r\n]*") {
            let folded = fold(&line);
            for part in folded.split("\r\n") {
                prop_assert!(part.len() <= LINE_OCTETS);
            }
            let restored = unfold(&folded);
            if line.is_empty() {
                prop_assert!(restored.is_empty());
            } else {
                prop_assert_eq!(restored, vec![line]);
            }
        }

        #[test]
        fn escaping_round_trips_text_without_control_characters(text in "(\\PC|\n|[,;\\\\])*") {
            prop_assert_eq!(unescape(&escape(&text)), text);
        }
    }
}
