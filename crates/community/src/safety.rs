//! Keeping new accounts and known harms in check: suspensions, rate limits
//! for new accounts, and which posts wait for a moderator.
//!
//! Most harm on a small community site comes from accounts made to do it:
//! they post a lot at once and post links. So an account younger than
//! [`Rules::new_account_age`] may post only so often ([`POSTS_PER_HOUR`],
//! [`POSTS_PER_DAY`]), and its posts with links wait for a moderator. Posts
//! with a word or phrase from the site's list wait too, from anyone. A
//! post that waits is saved, never lost: its author sees it marked as
//! waiting, and nobody else sees it until a moderator approves it.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use store::schema::{account_sanctions, people, safety_activity};
use store::AnyConnection;

use crate::notify::london_time;
use crate::CommunityError;

/// How long an account counts as new unless the site says otherwise.
pub const NEW_ACCOUNT_DAYS: i64 = 7;
/// The most threads and replies a new account may write in an hour, and
/// in a day. The same numbers apply to messages, counted separately.
pub const POSTS_PER_HOUR: i64 = 5;
pub const POSTS_PER_DAY: i64 = 20;

/// The kind of `account_sanctions` row that suspends an account until its
/// `ends_at`. (Site bans are [`accounts::session::SITE_BAN`].)
pub(crate) const SUSPENSION: &str = "suspension";

/// The list that comes with Kith, used when the site names none.
const STANDARD_WORDS: &str = include_str!("../../../assets/moderation-words.txt");

/// Something a person does that new accounts may do only so often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Starting a discussion or replying in one.
    Post,
    /// Sending a direct message.
    Message,
}

impl Activity {
    fn code(self) -> &'static str {
        match self {
            Activity::Post => "post",
            Activity::Message => "message",
        }
    }

    fn doing(self) -> &'static str {
        match self {
            Activity::Post => "posts",
            Activity::Message => "messages",
        }
    }
}

/// Words and phrases that hold a post for review, matched as whole words
/// whatever their case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordList {
    /// Each entry as written, with its words in lower case.
    entries: Vec<(String, Vec<String>)>,
}

/// The words of `text` in lower case: runs of letters and digits, so
/// punctuation and spaces are the boundaries.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl WordList {
    /// One word or phrase a line; blank lines and lines starting with `#`
    /// are skipped.
    pub fn parse(text: &str) -> WordList {
        let entries = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let w = words(l);
                (!w.is_empty()).then(|| (l.to_owned(), w))
            })
            .collect();
        WordList { entries }
    }

    /// The list that comes with Kith (`assets/moderation-words.txt`).
    pub fn standard() -> WordList {
        WordList::parse(STANDARD_WORDS)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first listed word or phrase in `text`, as the list writes it.
    pub fn find(&self, text: &str) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        let said = words(text);
        self.entries
            .iter()
            .find(|(_, phrase)| said.windows(phrase.len()).any(|w| w == phrase.as_slice()))
            .map(|(entry, _)| entry.as_str())
    }
}

/// The site's safety settings, loaded once at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Accounts younger than this are rate-limited and their links held.
    pub new_account_age: Duration,
    pub words: WordList,
}

impl Default for Rules {
    /// Seven days and the standard word list.
    fn default() -> Rules {
        Rules {
            new_account_age: Duration::days(NEW_ACCOUNT_DAYS),
            words: WordList::standard(),
        }
    }
}

/// Why a post waits for a moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hold {
    /// A link from an account younger than the site's new-account age.
    NewAccountLink,
    /// A word or phrase from the site's list.
    ListedWord(String),
}

/// Whether the account is younger than the rules' new-account age.
pub fn is_new(
    conn: &mut AnyConnection,
    rules: &Rules,
    person: i32,
    now: NaiveDateTime,
) -> Result<bool, CommunityError> {
    let created: NaiveDateTime = people::table.find(person).select(people::created_at).first(conn)?;
    Ok(created > now - rules.new_account_age)
}

/// Whether `text` has a web address in it.
pub fn has_link(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("http://") || lower.contains("https://") || lower.contains("www.")
}

/// Whether what `person` wrote waits for a moderator, and why.
pub fn hold(
    conn: &mut AnyConnection,
    rules: &Rules,
    person: i32,
    text: &str,
    now: NaiveDateTime,
) -> Result<Option<Hold>, CommunityError> {
    if let Some(word) = rules.words.find(text) {
        return Ok(Some(Hold::ListedWord(word.to_owned())));
    }
    if has_link(text) && is_new(conn, rules, person, now)? {
        return Ok(Some(Hold::NewAccountLink));
    }
    Ok(None)
}

/// A suspension in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    pub until: NaiveDateTime,
    pub reason: String,
}

/// The suspension in force on `person`'s account, ending last, if any.
pub fn suspension(
    conn: &mut AnyConnection,
    person: i32,
    now: NaiveDateTime,
) -> Result<Option<Suspension>, CommunityError> {
    let row: Option<(Option<NaiveDateTime>, String)> = account_sanctions::table
        .filter(account_sanctions::person_id.eq(person))
        .filter(account_sanctions::kind.eq(SUSPENSION))
        .filter(account_sanctions::ends_at.gt(now))
        .order(account_sanctions::ends_at.desc())
        .select((account_sanctions::ends_at, account_sanctions::reason))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(until, reason)| until.map(|until| Suspension { until, reason })))
}

/// What a suspended person is told, with why and until when.
pub fn suspended_message(s: &Suspension) -> String {
    format!(
        "Your account is suspended until {}, so until then you cannot post, reply, send messages or say you are going to events. The moderators said: {}",
        london_time(s.until),
        s.reason
    )
}

/// Refuses anything a suspended account may not do, on the form's `field`.
pub fn check_not_suspended(
    conn: &mut AnyConnection,
    person: i32,
    field: &'static str,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    match suspension(conn, person, now)? {
        Some(s) => Err(CommunityError::invalid(field, suspended_message(&s))),
        None => Ok(()),
    }
}

/// Whether `person` may do `activity` now: not while suspended, and for a
/// new account not more than [`POSTS_PER_HOUR`] in an hour or
/// [`POSTS_PER_DAY`] in a day. Call it in the transaction that saves the
/// post or message: an allowed one is counted there, so it is counted
/// only if it is saved. The refusal is for the form's `body` field.
pub fn check_rate(
    conn: &mut AnyConnection,
    rules: &Rules,
    person: i32,
    activity: Activity,
    now: NaiveDateTime,
) -> Result<(), CommunityError> {
    check_not_suspended(conn, person, "body", now)?;
    if !is_new(conn, rules, person, now)? {
        return Ok(());
    }
    let hour: i64 = safety_activity::table
        .filter(safety_activity::person_id.eq(person))
        .filter(safety_activity::activity.eq(activity.code()))
        .filter(safety_activity::at.gt(now - Duration::hours(1)))
        .count()
        .get_result(conn)?;
    let day: i64 = safety_activity::table
        .filter(safety_activity::person_id.eq(person))
        .filter(safety_activity::activity.eq(activity.code()))
        .filter(safety_activity::at.gt(now - Duration::days(1)))
        .count()
        .get_result(conn)?;
    if hour >= POSTS_PER_HOUR || day >= POSTS_PER_DAY {
        let (limit, period) = if hour >= POSTS_PER_HOUR {
            (POSTS_PER_HOUR, "an hour")
        } else {
            (POSTS_PER_DAY, "a day")
        };
        return Err(CommunityError::invalid(
            "body",
            format!(
                "New accounts can send {limit} {} in {period}, and you have reached that. What you wrote is still here: please try again later.",
                activity.doing()
            ),
        ));
    }
    diesel::insert_into(safety_activity::table)
        .values((
            safety_activity::person_id.eq(person),
            safety_activity::activity.eq(activity.code()),
            safety_activity::at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_list_skips_notes_and_blank_lines() {
        let list = WordList::parse("# a note\n\n  Bad Word \nspam\n#another\n");
        assert_eq!(list.len(), 2);
        assert_eq!(list.find("this is a BAD   word!"), Some("Bad Word"));
        assert_eq!(list.find("SPAM."), Some("spam"));
        assert_eq!(list.find("a bad day for words"), None);
        assert!(WordList::parse("# only notes\n").is_empty());
        assert!(!WordList::standard().is_empty());
    }

    #[test]
    fn words_inside_other_words_do_not_match() {
        let list = WordList::parse("cunt\nass\nkill yourself");
        assert_eq!(list.find("I grew up in Scunthorpe"), None);
        assert_eq!(list.find("a class of glass"), None);
        assert_eq!(list.find("killyourself"), None);
        assert_eq!(list.find("you should kill-yourself"), Some("kill yourself"));
    }

    #[test]
    fn links_are_found_whatever_their_case() {
        assert!(has_link("see HTTPS://example.org"));
        assert!(has_link("www.example.org"));
        assert!(!has_link("the www is big"));
        assert!(!has_link("no links here"));
    }

    proptest! {
        #[test]
        fn no_text_or_list_panics(list in "\\PC{0,80}", text in "\\PC{0,200}") {
            let _ = WordList::parse(&list).find(&text);
        }

        #[test]
        fn a_listed_word_is_always_found(
            word in "[a-zA-Z]{1,12}( [a-zA-Z]{1,12}){0,2}",
            before in "([a-z ,.!?]{0,40}[ ,.!?;:()\n'\"-])?",
            after in "([ ,.!?;:()\n'\"-][a-z ,.!?]{0,40})?",
        ) {
            let list = WordList::parse(&word);
            let text = format!("{before}{}{after}", word.to_uppercase());
            prop_assert_eq!(list.find(&text), Some(word.trim()));
        }

        #[test]
        fn a_word_inside_a_longer_word_is_not_found(
            word in "[a-z]{3,10}",
            prefix in "[a-z]{1,5}",
            suffix in "[a-z]{0,5}",
        ) {
            let list = WordList::parse(&word);
            let text = format!("{prefix}{word}{suffix}, {prefix}{word}{suffix}!");
            prop_assert_eq!(list.find(&text), None);
        }
    }
}
