//! Word lists that moderators keep: words, phrases, addresses and IP addresses that hold or
//! block a comment wherever they appear as whole words.
//!
//! The text format is WordPress's for its moderation and disallowed keys: one entry per
//! line, blank lines ignored. Matching ignores case, accents and the amount of white space,
//! and never matches part of a longer word: `ass` matches “You ass!” but not “class”.

use crate::text::{clean_single_line, fold_for_comparison};

/// A list of entries to look for in comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordList {
    entries: Vec<Entry>,
}

/// One entry as written and in the folded form it is matched in.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    original: String,
    folded: String,
}

impl WordList {
    /// Reads a list written one entry per line. Each line is cleaned and trimmed; blank
    /// lines, and lines with nothing left to match once folded, are skipped.
    pub fn parse(text: &str) -> Self {
        let entries = text
            .lines()
            .filter_map(|line| {
                let original = clean_single_line(line);
                let folded = fold(&original);
                (!folded.is_empty()).then_some(Entry { original, folded })
            })
            .collect();
        Self { entries }
    }

    /// The first entry, in list order, that appears in `haystack` as whole words, returned
    /// as it was written in the list.
    pub fn find(&self, haystack: &str) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        let folded_haystack = fold(haystack);
        self.entries
            .iter()
            .find(|entry| occurs_as_whole_words(&folded_haystack, &entry.folded))
            .map(|entry| entry.original.as_str())
    }

    /// The entries as written, in list order.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.original.as_str())
    }

    /// How many entries the list has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Folds case and accents, and turns every run of white space into one space, so that
/// `Buy\n NOW` and `buy now` compare equal.
fn fold(text: &str) -> String {
    fold_for_comparison(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `needle` occurs in `haystack` (both folded) without touching a letter or digit
/// on a side where the needle itself starts or ends with one. Every occurrence is tried, as
/// the first may sit inside a longer word and a later one stand alone.
fn occurs_as_whole_words(haystack: &str, needle: &str) -> bool {
    let needs_boundary_before = needle.chars().next().is_some_and(char::is_alphanumeric);
    let needs_boundary_after = needle
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let mut search_from = 0;
    while let Some(offset) = haystack[search_from..].find(needle) {
        let start = search_from + offset;
        let end = start + needle.len();
        let clean_before = !needs_boundary_before
            || !haystack[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let clean_after = !needs_boundary_after
            || !haystack[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if clean_before && clean_after {
            return true;
        }
        let first_character_length = haystack[start..].chars().next().map_or(1, char::len_utf8);
        search_from = start + first_character_length;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> WordList {
        WordList::parse(text)
    }

    #[test]
    fn parses_one_entry_per_line() {
        let words = list("  casino \r\n\r\n\tbuy   now\n\u{0301}\nZoë\n");
        assert_eq!(
            words.entries().collect::<Vec<_>>(),
            ["casino", "buy now", "Zoë"]
        );
        assert_eq!(words.len(), 3);
        assert!(!words.is_empty());
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        assert!(WordList::default().is_empty());
        assert!(list("\n  \n").is_empty());
        assert_eq!(list("").find("anything at all"), None);
    }

    #[test]
    fn matches_whole_words_only() {
        let words = list("ass");
        assert_eq!(words.find("You ass!"), Some("ass"));
        assert_eq!(words.find("ass"), Some("ass"));
        assert_eq!(words.find("(ass)"), Some("ass"));
        assert_eq!(words.find("a first class seat"), None);
        assert_eq!(words.find("assist"), None);
        assert_eq!(words.find("passes"), None);
    }

    #[test]
    fn keeps_looking_after_an_occurrence_inside_a_word() {
        let words = list("ass");
        assert_eq!(words.find("class act, you ass"), Some("ass"));
        let phrase = list("ab ab");
        assert_eq!(phrase.find("xab ab ab"), Some("ab ab"));
    }

    #[test]
    fn ignores_case_and_accents() {
        assert_eq!(list("Zoë").find("ZOE was here"), Some("Zoë"));
        assert_eq!(list("zoe").find("Zoë was here"), Some("zoe"));
        assert_eq!(list("CASINO").find("best casino"), Some("CASINO"));
        assert_eq!(list("café").find("Cafe\u{301} prices"), Some("café"));
    }

    #[test]
    fn matches_phrases_across_any_white_space() {
        let words = list("buy now");
        assert_eq!(words.find("Please BUY\n  now!"), Some("buy now"));
        assert_eq!(words.find("buy nowhere"), None);
        assert_eq!(words.find("buy, now"), None);
    }

    #[test]
    fn matches_addresses_without_matching_longer_ones() {
        let ips = list("203.0.113.5");
        assert_eq!(ips.find("203.0.113.5"), Some("203.0.113.5"));
        assert_eq!(ips.find("203.0.113.55"), None);
        assert_eq!(ips.find("1203.0.113.5"), None);

        let emails = list("spam@example.com");
        assert_eq!(emails.find("Spam@Example.com"), Some("spam@example.com"));
        assert_eq!(emails.find("nospam@example.com"), None);
    }

    #[test]
    fn punctuation_at_an_edge_needs_no_boundary_there() {
        let domain_ending = list(".ru");
        assert_eq!(domain_ending.find("http://pills.ru/buy"), Some(".ru"));
        assert_eq!(domain_ending.find("http://pills.rus/buy"), None);

        let money = list("$$$");
        assert_eq!(money.find("win$$$now"), Some("$$$"));
    }

    #[test]
    fn reports_the_first_matching_entry_in_list_order() {
        let words = list("viagra\ncasino");
        assert_eq!(words.find("casino and viagra"), Some("viagra"));
        assert_eq!(words.find("casino only"), Some("casino"));
    }
}
