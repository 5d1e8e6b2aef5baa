//! How text becomes terms, the same way when indexing and when searching.
//!
//! Two analysers: `kith_en` (lower-case, accents folded, common words
//! dropped, English stemming) for matching, so "Gardening" finds "garden";
//! and `kith_plain` (the same without stemming) for whole words people can
//! be offered as completions. Tantivy does not store custom tokenizers with
//! the index, so [`register`] runs after every open.

use std::sync::OnceLock;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TextAnalyzerBuilder, TokenStream,
};
use tantivy::Index;

/// The analyser of the fields searched by meaning.
pub(crate) const EN: &str = "kith_en";
/// The analyser of the field that suggestions come from.
pub(crate) const PLAIN: &str = "kith_plain";

/// Words that carry no meaning in a search, including the filler of a
/// sentence said aloud ("I used to love painting and I'd like to be
/// outdoors more"), so what remains is what the person is looking for.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "for",
    "if",
    "in",
    "into",
    "is",
    "it",
    "no",
    "not",
    "of",
    "on",
    "or",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "to",
    "was",
    "will",
    "with",
    "i",
    "d",
    "s",
    "m",
    "ll",
    "ve",
    "re",
    "me",
    "my",
    "we",
    "our",
    "you",
    "your",
    "he",
    "she",
    "his",
    "her",
    "them",
    "am",
    "do",
    "would",
    "could",
    "should",
    "want",
    "wants",
    "used",
    "use",
    "love",
    "like",
    "more",
    "some",
    "something",
    "somewhere",
    "anything",
    "really",
    "very",
    "much",
    "maybe",
    "please",
    "looking",
    "find",
    "get",
    "go",
    "going",
    "been",
    "being",
    "have",
    "has",
    "had",
    "what",
    "where",
    "when",
    "who",
    "how",
    "which",
    "near",
    "nearby",
    "around",
    "about",
];

/// The longest word kept; longer tokens are noise (URLs, pasted junk).
const MAX_WORD: usize = 40;

fn builder() -> TextAnalyzerBuilder {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(STOP_WORDS.iter().map(|w| (*w).to_owned())))
        .dynamic()
}

/// Built once: searches analyse every query, and cloning shares the
/// stop-word set instead of rebuilding it.
fn plain_analyzer() -> TextAnalyzer {
    static PLAIN_ANALYZER: OnceLock<TextAnalyzer> = OnceLock::new();
    PLAIN_ANALYZER.get_or_init(|| builder().build()).clone()
}

fn english_analyzer() -> TextAnalyzer {
    static EN_ANALYZER: OnceLock<TextAnalyzer> = OnceLock::new();
    EN_ANALYZER
        .get_or_init(|| builder().filter_dynamic(Stemmer::new(Language::English)).build())
        .clone()
}

/// Makes the index's analysers known to it; needed after every open.
pub(crate) fn register(index: &Index) {
    index.tokenizers().register(EN, english_analyzer());
    index.tokenizers().register(PLAIN, plain_analyzer());
}

fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The words of `text` as the suggestion field holds them: lower-case,
/// accents folded, common words dropped, not stemmed.
pub(crate) fn words(text: &str) -> Vec<String> {
    tokens(plain_analyzer(), text)
}

/// The stem of one word from [`words`], as the searched fields hold it.
pub(crate) fn stem(word: &str) -> String {
    tokens(english_analyzer(), word)
        .into_iter()
        .next()
        .unwrap_or_else(|| word.to_owned())
}

/// Stems of every word of `text`, as the searched fields hold them.
pub(crate) fn stems(text: &str) -> Vec<String> {
    tokens(english_analyzer(), text)
}

/// A name reduced to its words, so "The Oval  Pottery Club!" and
/// "oval pottery club" are the same exact name.
pub(crate) fn exact_key(text: &str) -> String {
    words(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_stems_and_drops_filler() {
        assert_eq!(
            words("Café  GARDENING, the Allotments!"),
            vec!["cafe", "gardening", "allotments"]
        );
        assert_eq!(stems("Gardening gardens allotments"), vec!["garden", "garden", "allot"]);
        assert_eq!(stem("pottery"), "potteri");
        assert_eq!(
            words("I used to love painting and I'd like to be outdoors more"),
            vec!["painting", "outdoors"]
        );
        assert_eq!(exact_key("The Oval  Pottery Club!"), "oval pottery club");
        assert!(words(&"x".repeat(80)).is_empty());
    }
}
