//! What a reader's search asks for, and how its matches come back marked.
//!
//! A reader's words are never search syntax. [`SearchQuery::parse`] reads them as words
//! and "quoted phrases" only: every article found has each word (in any form the
//! language's stemming relates: `councils` finds `council`) and each phrase's words in a
//! row. Nothing else means anything. The operators of either engine (`AND`, `OR`, `NOT`,
//! `NEAR(`, `*`, `^`, `:`, parentheses, a leading `-`) stay plain text inside a term, which
//! each backend then quotes as a whole, so no reader can write a query that fails; a term
//! with no letter or digit in it is dropped, since it can name no word. What a reader
//! types is cut at [`MAX_QUERY_CHARACTERS`] after it is cleaned like any other line of
//! text.
//!
//! Matches come back as [`MarkedText`]: the stored text with each matched word between
//! [`MATCH_START`] and [`MATCH_END`], two control characters that stored text never holds
//! (titles, excerpts and bodies' text are cleaned of control characters before they are
//! stored). The text itself is plain: whoever shows it escapes [`MarkedText::parts`] and
//! marks the matched ones, so the markers are the only thing ever turned into markup.
//!
//! A search has WordPress's addresses: its pages are `/?s=words` and `/page/2/?s=words`
//! ([`search_page_path`]), its feed `/search/words/feed/` ([`search_feed_path`]), with the
//! words form-encoded (`city+budget`) in both.

use crate::permalink::home_page_path;
use crate::text::clean_single_line;
use url::form_urlencoded::byte_serialize;

/// The longest search kept, in characters; the rest of what a reader typed is ignored.
pub const MAX_QUERY_CHARACTERS: usize = 200;

/// Where a matched word starts in a [`MarkedText`].
pub const MATCH_START: char = '\u{2}';
/// Where a matched word ends in a [`MarkedText`].
pub const MATCH_END: char = '\u{3}';

/// A reader's search: the text as it is shown back to them, and the terms it looks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    text: String,
    terms: Vec<String>,
}

impl SearchQuery {
    /// Reads what a reader typed. Never fails: anything that is not a word is left out.
    pub fn parse(raw: &str) -> Self {
        let cleaned = clean_single_line(raw);
        let text = match cleaned.char_indices().nth(MAX_QUERY_CHARACTERS) {
            Some((cut, _)) => cleaned[..cut].trim_end().to_owned(),
            None => cleaned,
        };
        let mut terms = Vec::new();
        for (index, stretch) in text.split('"').enumerate() {
            let inside_quotes = index % 2 == 1;
            if inside_quotes {
                let phrase = stretch.split_whitespace().collect::<Vec<_>>().join(" ");
                keep_term(&mut terms, phrase);
            } else {
                for word in stretch.split_whitespace() {
                    keep_term(&mut terms, word.to_owned());
                }
            }
        }
        Self { text, terms }
    }

    /// The search as the reader typed it, cleaned and cut to length: for the page's
    /// heading, the search field and links to its other pages.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What every article found must contain: single words (`council`, `e-mail`,
    /// `NEAR(`) and phrases (`city council`), none with a `"` in it, each at most once.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Whether the search looks for nothing (it was empty, or held no word).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Adds `term` unless it names no word or is there already.
fn keep_term(terms: &mut Vec<String>, term: String) {
    if term.chars().any(char::is_alphanumeric) && !terms.contains(&term) {
        terms.push(term);
    }
}

/// The path of page `page` of the search for `text`: `/?s=city+budget`,
/// `/page/2/?s=city+budget`.
pub fn search_page_path(text: &str, page: u32) -> String {
    format!("{}?s={}", home_page_path(page), form_encoded(text))
}

/// The path of the RSS feed of the search for `text`: `/search/city+budget/feed/` (its
/// Atom and JSON Feed forms add `atom/` and `json/`).
pub fn search_feed_path(text: &str) -> String {
    format!("/search/{}/feed/", form_encoded(text))
}

/// The words a `/search/<words>/…` address names, its segment read as WordPress reads it:
/// `+` is a space and `%XX` a byte (invalid UTF-8 becoming U+FFFD).
pub fn words_of_path_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = match bytes.get(index..index + 3) {
            Some([b'%', high, low]) => hex_value(*high).zip(hex_value(*low)),
            _ => None,
        };
        match (bytes[index], escaped) {
            (_, Some((high, low))) => {
                decoded.push(high * 16 + low);
                index += 3;
            }
            (b'+', None) => {
                decoded.push(b' ');
                index += 1;
            }
            (byte, None) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

/// `text` as a form encodes it: spaces as `+`, everything but letters, digits and `*-._`
/// as `%XX`.
fn form_encoded(text: &str) -> String {
    byte_serialize(text.as_bytes()).collect()
}

/// Stored text with the words a search matched between [`MATCH_START`] and
/// [`MATCH_END`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarkedText(String);

/// A stretch of a [`MarkedText`]: matched words, or the text between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkedPart<'a> {
    /// The text, without markers.
    pub text: &'a str,
    /// Whether the search matched it.
    pub matched: bool,
}

impl MarkedText {
    /// Text as a search engine returned it, with the markers it was asked to put in.
    pub fn new(marked: String) -> Self {
        Self(marked)
    }

    /// Whether any word is marked as matched.
    pub fn has_match(&self) -> bool {
        self.parts().iter().any(|part| part.matched)
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.parts().is_empty()
    }

    /// The text in stretches, matched or not, in order. A marker that opens an open match
    /// or closes none is dropped, so every matched stretch is closed where it ends.
    pub fn parts(&self) -> Vec<MarkedPart<'_>> {
        let mut parts = Vec::new();
        let mut matched = false;
        let mut start = 0;
        for (index, character) in self.0.char_indices() {
            if character != MATCH_START && character != MATCH_END {
                continue;
            }
            if start < index {
                parts.push(MarkedPart {
                    text: &self.0[start..index],
                    matched,
                });
            }
            start = index + character.len_utf8();
            matched = character == MATCH_START;
        }
        if start < self.0.len() {
            parts.push(MarkedPart {
                text: &self.0[start..],
                matched,
            });
        }
        parts
    }

    /// The text without its markers.
    pub fn plain(&self) -> String {
        self.parts().into_iter().map(|part| part.text).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_of(raw: &str) -> Vec<String> {
        SearchQuery::parse(raw).terms().to_vec()
    }

    #[test]
    fn words_and_quoted_phrases_are_terms() {
        assert_eq!(
            terms_of("  council   \"city  budget\" vote council "),
            ["council", "city budget", "vote"]
        );
        assert_eq!(terms_of("\"unclosed phrase here"), ["unclosed phrase here"]);
        assert_eq!(SearchQuery::parse(" a\tb ").text(), "a b");
    }

    #[test]
    fn operators_are_plain_text_and_marks_alone_are_dropped() {
        assert_eq!(
            terms_of("NEAR( AND OR NOT -tax col:umn ^start end* ( ) * - \" \" : ^"),
            [
                "NEAR(", "AND", "OR", "NOT", "-tax", "col:umn", "^start", "end*"
            ]
        );
        assert!(SearchQuery::parse("\"").is_empty());
        assert!(SearchQuery::parse(" * - ( ) ").is_empty());
        assert!(SearchQuery::parse("").is_empty());
        for term in terms_of("\"a\"\"b\" 'quoted' x\"y") {
            assert!(!term.contains('"'), "{term}");
        }
    }

    #[test]
    fn long_searches_are_cut() {
        let query = SearchQuery::parse(&"word ".repeat(400));
        assert!(query.text().chars().count() <= MAX_QUERY_CHARACTERS);
        assert_eq!(query.terms(), ["word"]);
        let accents = SearchQuery::parse(&"é".repeat(2_000));
        assert_eq!(accents.text().chars().count(), MAX_QUERY_CHARACTERS);
    }

    #[test]
    fn markers_and_control_characters_never_reach_the_terms() {
        let query = SearchQuery::parse("cou\u{2}ncil\u{3} \u{0}vote");
        assert_eq!(query.terms(), ["council", "vote"]);
    }

    #[test]
    fn addresses_carry_the_words_form_encoded_and_read_them_back() {
        assert_eq!(search_page_path("city budget", 1), "/?s=city+budget");
        assert_eq!(
            search_page_path("c++ & \"café\"", 3),
            "/page/3/?s=c%2B%2B+%26+%22caf%C3%A9%22"
        );
        let feed = search_feed_path("a/b c?");
        assert_eq!(feed, "/search/a%2Fb+c%3F/feed/");
        let segment = feed
            .trim_start_matches("/search/")
            .trim_end_matches("/feed/");
        assert_eq!(words_of_path_segment(segment), "a/b c?");
        assert_eq!(words_of_path_segment("caf%C3%A9+au+lait"), "café au lait");
        assert_eq!(words_of_path_segment("100%+sure%2"), "100% sure%2");
        assert_eq!(words_of_path_segment("%FF%zz"), "\u{FFFD}%zz");
    }

    #[test]
    fn marked_text_comes_apart_in_closed_stretches() {
        let marked = MarkedText::new("The \u{2}council\u{3} met & \u{2}voted\u{3}".into());
        let parts: Vec<(&str, bool)> = marked
            .parts()
            .into_iter()
            .map(|part| (part.text, part.matched))
            .collect();
        assert_eq!(
            parts,
            [
                ("The ", false),
                ("council", true),
                (" met & ", false),
                ("voted", true)
            ]
        );
        assert!(marked.has_match());
        assert_eq!(marked.plain(), "The council met & voted");

        let stray = MarkedText::new("a\u{3}b\u{2}c\u{2}d".into());
        let parts: Vec<(&str, bool)> = stray
            .parts()
            .into_iter()
            .map(|part| (part.text, part.matched))
            .collect();
        assert_eq!(
            parts,
            [("a", false), ("b", false), ("c", true), ("d", true)]
        );
        assert!(!MarkedText::new("plain".into()).has_match());
        assert!(MarkedText::default().is_empty());
    }
}
