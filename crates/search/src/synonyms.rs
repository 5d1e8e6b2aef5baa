//! Words and phrases that people use for the same thing ("esol" and
//! "english classes"), kept in an editable text file so that widening a
//! search is a one-line change and needs no code.

use std::collections::HashMap;
use std::path::Path;

use crate::analysis;
use crate::SearchError;

/// The groups shipped with Kith, embedded so a fresh install needs no file.
const BUILTIN: &str = include_str!("../../../assets/synonyms.txt");

/// Groups of equivalent words and phrases, each held as the stems the
/// index uses, so "gardens" in a query meets "gardening" in the file.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
    /// First stem of an alternative → (group, alternative) pairs.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    /// The groups in `assets/synonyms.txt` as built into this binary.
    pub fn builtin() -> Synonyms {
        Synonyms::parse(BUILTIN).unwrap_or_else(|(line, message)| {
            // A unit test parses the shipped file, so this is only reachable
            // through a broken build; search still works without synonyms.
            tracing::error!("the built-in synonyms file is invalid at line {line}: {message}");
            Synonyms::default()
        })
    }

    /// Reads an edited synonyms file, reporting the first bad line.
    pub fn load(path: &Path) -> Result<Synonyms, SearchError> {
        let text = std::fs::read_to_string(path).map_err(|source| SearchError::SynonymsFile {
            path: path.to_owned(),
            source,
        })?;
        Synonyms::parse(&text).map_err(|(line, message)| SearchError::Synonyms {
            path: path.to_owned(),
            line,
            message,
        })
    }

    /// One group per line, alternatives separated by commas, `#` starts a
    /// note. Errors are (line number, message).
    pub fn parse(text: &str) -> Result<Synonyms, (usize, String)> {
        let mut synonyms = Synonyms::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let mut group: Vec<Vec<String>> = Vec::new();
            for entry in line.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let stems = analysis::stems(entry);
                if stems.is_empty() {
                    return Err((n + 1, format!("“{entry}” has no searchable words")));
                }
                if !group.contains(&stems) {
                    group.push(stems);
                }
            }
            if group.len() < 2 {
                return Err((
                    n + 1,
                    "a group needs at least two different words or phrases, separated by commas".to_owned(),
                ));
            }
            let index = synonyms.groups.len();
            for (alt, stems) in group.iter().enumerate() {
                if let Some(first) = stems.first() {
                    synonyms.by_first.entry(first.clone()).or_default().push((index, alt));
                }
            }
            synonyms.groups.push(group);
        }
        Ok(synonyms)
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The longest alternative that `stems` starts with: how many stems it
    /// covers and which group it belongs to.
    pub(crate) fn match_at(&self, stems: &[String]) -> Option<(usize, usize)> {
        let first = stems.first()?;
        self.by_first
            .get(first)?
            .iter()
            .filter_map(|&(group, alt)| {
                let alternative = &self.groups[group][alt];
                stems.starts_with(alternative).then_some((alternative.len(), group))
            })
            .max_by_key(|&(len, group)| (len, std::cmp::Reverse(group)))
    }

    /// Every alternative of a group, as stems.
    pub(crate) fn group(&self, index: usize) -> &[Vec<String>] {
        &self.groups[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn the_shipped_file_parses_into_about_forty_groups() {
        let parsed = Synonyms::parse(BUILTIN).unwrap();
        assert!(parsed.len() >= 30, "{} groups", parsed.len());
        assert_eq!(Synonyms::builtin().len(), parsed.len());
    }

    #[test]
    fn matches_the_longest_phrase_by_stem() {
        let syn =
            Synonyms::parse("# note\nesol, english classes\n\nallotment, community garden # inline note\n").unwrap();
        assert_eq!(syn.len(), 2);
        let (len, group) = syn.match_at(&s(&["english", "class", "lambeth"])).unwrap();
        assert_eq!((len, group), (2, 0));
        assert_eq!(syn.group(group), &[s(&["esol"]), s(&["english", "class"])]);
        assert_eq!(syn.match_at(&s(&["allot"])), Some((1, 1)));
        assert_eq!(syn.match_at(&s(&["english"])), None);
        assert_eq!(syn.match_at(&s(&[])), None);
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(Synonyms::parse("tea, cuppa\njust one\n").unwrap_err().0, 2);
        assert_eq!(
            Synonyms::parse("gym, gyms").unwrap_err().0,
            1,
            "same stem twice is one word"
        );
        let (line, message) = Synonyms::parse("yoga, the").unwrap_err();
        assert_eq!(line, 1);
        assert!(message.contains("the"), "{message}");
    }

    #[test]
    fn loading_a_custom_file_reports_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synonyms.txt");
        std::fs::write(&path, "tea, cuppa\n").unwrap();
        assert_eq!(Synonyms::load(&path).unwrap().len(), 1);
        std::fs::write(&path, "tea\n").unwrap();
        let err = Synonyms::load(&path).unwrap_err().to_string();
        assert!(err.contains("synonyms.txt:1"), "{err}");
        assert!(Synonyms::load(&dir.path().join("missing.txt")).is_err());
    }
}
