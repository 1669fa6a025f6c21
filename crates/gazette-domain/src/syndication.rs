//! Syndication: other outlets' feeds that Gazette republishes from, and the rules that
//! decide which of their items become articles.
//!
//! A [`Source`] is one feed with its settings (how often it is read, whether its items
//! wait for an editor or are published at once, which keywords take or leave an item, how
//! old an item may be, the credit it carries) and the state of its fetching. The items seen
//! in it are remembered by key with an [`ItemState`], so that an item taken, rejected or
//! deleted is never taken again. Fetching, parsing and storing live elsewhere; this module
//! only says what is valid and what passes.

use crate::field_errors::FieldErrors;
use crate::ids::{SourceId, UserId};
use crate::moderation::WordList;
use crate::text::{clean_multi_line, clean_single_line};
use crate::time::Timestamp;
use crate::web_address;
use serde::Serialize;
use std::fmt;

/// The shortest polling interval accepted: five minutes.
pub const MIN_INTERVAL_SECONDS: i64 = 5 * 60;
/// The longest polling interval accepted: a week.
pub const MAX_INTERVAL_SECONDS: i64 = 7 * 24 * 3600;
/// The polling interval of a source added without one: fifteen minutes.
pub const DEFAULT_INTERVAL_SECONDS: i64 = 15 * 60;
/// The longest source name accepted, in characters.
pub const MAX_SOURCE_NAME_CHARACTERS: usize = crate::article::MAX_SOURCE_NAME_CHARACTERS;
/// The largest maximum item age accepted, in days (ten years).
pub const MAX_ITEM_AGE_DAYS: u32 = 3_650;
/// How many of an item's authors its byline names; the rest are "others".
pub const MAX_BYLINE_NAMES: usize = 3;

/// What happens to a new item of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceMode {
    /// It waits in the review queue until an editor approves or rejects it.
    Review,
    /// It is published at once.
    Publish,
}

impl SourceMode {
    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::Publish => "publish",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "review" => Some(Self::Review),
            "publish" => Some(Self::Publish),
            _ => None,
        }
    }
}

impl fmt::Display for SourceMode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Where a source's item stands. Every key seen keeps its state for as long as the source
/// exists, which is what keeps a rejected or deleted item from coming back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// It became an article, published or approved.
    Taken,
    /// It became an article that waits for an editor's review.
    PendingReview,
    /// An editor rejected it, or deleted its article: the tombstone.
    Rejected,
}

impl ItemState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Taken => "taken",
            Self::PendingReview => "pending_review",
            Self::Rejected => "rejected",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "taken" => Some(Self::Taken),
            "pending_review" => Some(Self::PendingReview),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

impl fmt::Display for ItemState {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Reads a polling interval as typed: a whole number followed by `s`, `m`, `h` or `d`
/// (`15m`, `2h`, `1d`; a bare number is minutes), from five minutes to a week. Returns
/// seconds.
pub fn parse_interval(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let unit_seconds = match unit.trim() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "" | "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        _ => {
            return Err(format!(
                "`{text}` is not an interval; write it like 15m, 2h or 1d"
            ));
        }
    };
    let number: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not an interval; write it like 15m, 2h or 1d"))?;
    let seconds = number.saturating_mul(unit_seconds);
    if seconds < MIN_INTERVAL_SECONDS {
        Err(format!(
            "the interval `{text}` is too short: a source is read at most every 5 minutes"
        ))
    } else if seconds > MAX_INTERVAL_SECONDS {
        Err(format!(
            "the interval `{text}` is too long: a source is read at least once a week"
        ))
    } else {
        Ok(seconds)
    }
}

/// An interval in seconds, as [`parse_interval`] reads it back: `15m`, `2h`, `1d`, `90m`.
pub fn format_interval(seconds: i64) -> String {
    if seconds % 86_400 == 0 {
        format!("{}d", seconds / 86_400)
    } else if seconds % 3600 == 0 {
        format!("{}h", seconds / 3600)
    } else if seconds % 60 == 0 {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// A source as someone asks to add it, before any rule has run.
#[derive(Clone, Debug, Default)]
pub struct SourceInput {
    /// The outlet's name, shown as `Credit: <name>`.
    pub name: String,
    /// The feed's address.
    pub feed_url: String,
    /// The outlet's home page, credited when an item has no address of its own; empty
    /// leaves it to the feed to name one.
    pub home_page_url: String,
    /// The category its articles are filed under, by name.
    pub category: Option<String>,
    /// The user its articles are attributed to.
    pub author_id: Option<UserId>,
    /// `review` or `publish`; review when absent.
    pub mode: Option<String>,
    /// How often it is read, e.g. `15m`; fifteen minutes when absent.
    pub interval: Option<String>,
    /// Keywords, one per line, of which an item must contain one (any item when empty).
    pub include_keywords: String,
    /// Keywords, one per line, none of which an item may contain.
    pub exclude_keywords: String,
    /// Items published longer ago than this many days are left alone.
    pub max_item_age_days: Option<u32>,
    /// The licence or permission under which its items are republished, for editors.
    pub licence: String,
    /// Whether its articles' `rel=canonical` points at the original.
    pub canonical_to_original: bool,
    /// Whether its feed may live at a loopback, private or link-local address.
    pub allow_private_addresses: bool,
}

/// A source that passed the rules, cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSource {
    /// The outlet's name.
    pub name: String,
    /// The feed's absolute http or https address.
    pub feed_url: String,
    /// The outlet's absolute http or https home page, when one was given.
    pub home_page_url: Option<String>,
    /// The category, by name.
    pub category: Option<String>,
    /// The user its articles are attributed to.
    pub author_id: Option<UserId>,
    /// Review or publish.
    pub mode: SourceMode,
    /// The polling interval, in seconds.
    pub interval_seconds: i64,
    /// Keywords one of which an item must contain, one per line.
    pub include_keywords: String,
    /// Keywords none of which an item may contain, one per line.
    pub exclude_keywords: String,
    /// The oldest an item may be, in days.
    pub max_item_age_days: Option<u32>,
    /// The licence or permission note.
    pub licence: String,
    /// Whether `rel=canonical` points at the original.
    pub canonical_to_original: bool,
    /// Whether private addresses are allowed.
    pub allow_private_addresses: bool,
}

impl SourceInput {
    /// Applies the rules; every problem is reported against its field (`name`, `url`,
    /// `home_page`, `mode`, `interval`, `max_age`, `licence`).
    pub fn validate(&self) -> Result<ValidSource, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = clean_single_line(&self.name);
        if name.is_empty() {
            errors.add(
                "name",
                "Please name the source; its name is the credit readers see.",
            );
        } else if name.chars().count() > MAX_SOURCE_NAME_CHARACTERS {
            errors.add(
                "name",
                format!("The name is too long: at most {MAX_SOURCE_NAME_CHARACTERS} characters."),
            );
        }
        let feed_url = match web_address::parse_absolute(&self.feed_url) {
            Ok(url) => url.to_string(),
            Err(error) => {
                errors.add(
                    "url",
                    format!("The feed's address cannot be used: {error}."),
                );
                String::new()
            }
        };
        let home_page_url = match self.home_page_url.trim() {
            "" => None,
            typed => match web_address::parse_absolute(typed) {
                Ok(url) => Some(url.to_string()),
                Err(error) => {
                    errors.add(
                        "home_page",
                        format!("The home page's address cannot be used: {error}."),
                    );
                    None
                }
            },
        };
        let mode = match self.mode.as_deref() {
            None => SourceMode::Review,
            Some(text) => SourceMode::parse(text).unwrap_or_else(|| {
                errors.add(
                    "mode",
                    format!("The mode `{text}` is unknown; choose review or publish."),
                );
                SourceMode::Review
            }),
        };
        let interval_seconds = match self.interval.as_deref() {
            None => DEFAULT_INTERVAL_SECONDS,
            Some(text) => parse_interval(text).unwrap_or_else(|error| {
                errors.add("interval", capitalise(&error));
                DEFAULT_INTERVAL_SECONDS
            }),
        };
        if let Some(days) = self.max_item_age_days
            && !(1..=MAX_ITEM_AGE_DAYS).contains(&days)
        {
            errors.add(
                "max_age",
                format!("The maximum age is in days, from 1 to {MAX_ITEM_AGE_DAYS}."),
            );
        }
        let licence = clean_multi_line(&self.licence).trim().to_owned();
        if licence.chars().count() > crate::article::MAX_LICENCE_CHARACTERS {
            errors.add(
                "licence",
                format!(
                    "The licence note is too long: at most {} characters.",
                    crate::article::MAX_LICENCE_CHARACTERS
                ),
            );
        }
        let category = self
            .category
            .as_deref()
            .map(clean_single_line)
            .filter(|category| !category.is_empty());
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidSource {
            name,
            feed_url,
            home_page_url,
            category,
            author_id: self.author_id,
            mode,
            interval_seconds,
            include_keywords: keyword_lines(&self.include_keywords),
            exclude_keywords: keyword_lines(&self.exclude_keywords),
            max_item_age_days: self.max_item_age_days,
            licence,
            canonical_to_original: self.canonical_to_original,
            allow_private_addresses: self.allow_private_addresses,
        })
    }
}

fn capitalise(sentence: &str) -> String {
    let mut characters = sentence.chars();
    match characters.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), characters.as_str()),
        None => String::new(),
    }
}

/// Keywords as stored: one per line, cleaned, blank lines dropped. Commas separate
/// keywords too, so `--include "election, budget"` means two.
fn keyword_lines(text: &str) -> String {
    text.split(['\n', ','])
        .map(clean_single_line)
        .filter(|keyword| !keyword.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A source's keyword rules: an item is taken only if it contains one of the include
/// keywords (when there are any) and none of the exclude keywords, as whole words in its
/// title or text, ignoring case and accents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeywordRules {
    include: WordList,
    exclude: WordList,
}

impl KeywordRules {
    /// The rules from their stored form, one keyword per line.
    pub fn new(include: &str, exclude: &str) -> Self {
        Self {
            include: WordList::parse(include),
            exclude: WordList::parse(exclude),
        }
    }

    /// Whether there is no rule at all, so that every item passes.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Why an item with this title and text is left out, or `None` when it passes.
    pub fn refusal(&self, title: &str, text: &str) -> Option<String> {
        let haystack = format!("{title}\n{text}");
        if let Some(keyword) = self.exclude.find(&haystack) {
            return Some(format!("it contains the excluded keyword “{keyword}”"));
        }
        if !self.include.is_empty() && self.include.find(&haystack).is_none() {
            return Some("it contains none of the included keywords".to_owned());
        }
        None
    }
}

/// Whether an item dated `published` is older than `max_age_days` at `now`. An item
/// without a date is never too old: nothing says it is.
pub fn is_too_old(published: Option<Timestamp>, max_age_days: Option<u32>, now: Timestamp) -> bool {
    match (published, max_age_days) {
        (Some(published), Some(days)) => published < now.plus_seconds(-i64::from(days) * 86_400),
        _ => false,
    }
}

/// The byline of an item written by `authors`, as the feed names them: each name cleaned
/// to one line (the parentheses of RSS's `email (Name)` dropped), repeats left out, and
/// the first [`MAX_BYLINE_NAMES`] joined as people write them — `Ada Lovelace`, `Ada
/// Lovelace and Grace Hopper`, `Ada, Grace and Joan`, `Ada, Grace, Joan and others` —
/// within [`MAX_SOURCE_AUTHOR_CHARACTERS`](crate::article::MAX_SOURCE_AUTHOR_CHARACTERS),
/// ending with `…` when cut. `None` when no name is left.
pub fn byline_of(authors: &[String]) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for raw in authors {
        let cleaned = clean_single_line(raw);
        let name = cleaned
            .strip_prefix('(')
            .and_then(|inner| inner.strip_suffix(')'))
            .map_or(cleaned.as_str(), str::trim);
        if !name.is_empty()
            && !names
                .iter()
                .any(|known| known.to_lowercase() == name.to_lowercase())
        {
            names.push(name.to_owned());
        }
    }
    let byline = match names.as_slice() {
        [] => return None,
        [only] => only.clone(),
        [first, second] => format!("{first} and {second}"),
        _ if names.len() <= MAX_BYLINE_NAMES => {
            let (last, rest) = names.split_last()?;
            format!("{} and {last}", rest.join(", "))
        }
        _ => format!("{} and others", names[..MAX_BYLINE_NAMES].join(", ")),
    };
    let limit = crate::article::MAX_SOURCE_AUTHOR_CHARACTERS;
    if byline.chars().count() <= limit {
        return Some(byline);
    }
    let cut: String = byline.chars().take(limit - 1).collect();
    Some(format!("{}…", cut.trim_end()))
}

/// Why and since when a source is paused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paused {
    /// When it was paused.
    pub at: Timestamp,
    /// Why: an operator's pause, or the feed answering that it is gone.
    pub reason: String,
}

/// A stored source with its settings and the state of its fetching.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Its identifier.
    pub id: SourceId,
    /// The outlet's name, shown as `Credit: <name>`.
    pub name: String,
    /// The feed's address, updated when the feed moves for good.
    pub feed_url: String,
    /// The outlet's home page, as given when the source was added or edited, else as the
    /// feed names it.
    pub home_page_url: Option<String>,
    /// The category its articles are filed under.
    pub category: Option<String>,
    /// The user its articles are attributed to.
    pub author_id: Option<UserId>,
    /// Review or publish.
    pub mode: SourceMode,
    /// How often it is read, in seconds.
    pub interval_seconds: i64,
    /// Keywords one of which an item must contain, one per line.
    pub include_keywords: String,
    /// Keywords none of which an item may contain, one per line.
    pub exclude_keywords: String,
    /// The oldest an item may be, in days.
    pub max_item_age_days: Option<u32>,
    /// The licence or permission note shown to editors.
    pub licence: String,
    /// Whether its articles' `rel=canonical` points at the original.
    pub canonical_to_original: bool,
    /// Whether its feed may live at a non-public address.
    pub allow_private_addresses: bool,
    /// Whether, since when and why it is paused.
    pub paused: Option<Paused>,
    /// The `ETag` of the last fetch that brought the feed.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last fetch that brought the feed.
    pub last_modified: Option<String>,
    /// What the last feed read in full hashed to (its address, Content-Type and body): a
    /// fetch that brings the same again has nothing new to read. Editing the source
    /// forgets it.
    pub feed_digest: Option<String>,
    /// When it is next read.
    pub next_fetch_at: Timestamp,
    /// How many fetches in a row failed.
    pub consecutive_failures: u32,
    /// The last fetch's error, kept after later successes.
    pub last_error: Option<String>,
    /// When that error happened.
    pub last_error_at: Option<Timestamp>,
    /// When a fetch last worked (a 304 included).
    pub last_success_at: Option<Timestamp>,
    /// When it was added.
    pub created_at: Timestamp,
}

impl Source {
    /// Its keyword rules.
    pub fn keyword_rules(&self) -> KeywordRules {
        KeywordRules::new(&self.include_keywords, &self.exclude_keywords)
    }

    /// One word for how it is doing: `paused`, `failing` (its last fetch failed), `ok` (its
    /// last fetch worked) or `new` (never fetched).
    pub fn status(&self) -> &'static str {
        if self.paused.is_some() {
            "paused"
        } else if self.consecutive_failures > 0 {
            "failing"
        } else if self.last_success_at.is_some() {
            "ok"
        } else {
            "new"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, url: &str) -> SourceInput {
        SourceInput {
            name: name.into(),
            feed_url: url.into(),
            canonical_to_original: true,
            ..SourceInput::default()
        }
    }

    #[test]
    fn intervals_read_units_and_keep_to_five_minutes_to_a_week() {
        assert_eq!(parse_interval("15m"), Ok(900));
        assert_eq!(parse_interval("2h"), Ok(7200));
        assert_eq!(parse_interval("1d"), Ok(86_400));
        assert_eq!(parse_interval(" 30 "), Ok(1800));
        assert_eq!(parse_interval("300s"), Ok(300));
        assert!(parse_interval("4m").unwrap_err().contains("too short"));
        assert!(parse_interval("8d").unwrap_err().contains("too long"));
        assert!(parse_interval("soon").unwrap_err().contains("15m"));
        assert!(parse_interval("").is_err());
        assert!(parse_interval("99999999999999999999d").is_err());
        for seconds in [300, 900, 5400, 7200, 86_400] {
            assert_eq!(parse_interval(&format_interval(seconds)), Ok(seconds));
        }
    }

    #[test]
    fn a_valid_source_is_cleaned_with_defaults() {
        let mut source = input("  The  Wire ", "https://wire.example/feed.xml");
        source.include_keywords = "election, budget\n\n council ".into();
        source.home_page_url = " https://wire.example ".into();
        let valid = source.validate().unwrap();
        assert_eq!(valid.name, "The Wire");
        assert_eq!(valid.mode, SourceMode::Review);
        assert_eq!(valid.interval_seconds, DEFAULT_INTERVAL_SECONDS);
        assert_eq!(valid.include_keywords, "election\nbudget\ncouncil");
        assert!(valid.canonical_to_original);
        assert_eq!(
            valid.home_page_url.as_deref(),
            Some("https://wire.example/")
        );
    }

    #[test]
    fn each_mistake_is_reported_against_its_field() {
        let mut source = input(" ", "javascript:alert(1)");
        source.mode = Some("auto".into());
        source.interval = Some("1m".into());
        source.max_item_age_days = Some(0);
        source.home_page_url = "wire.example".into();
        let errors = source.validate().unwrap_err();
        assert!(errors.get("name").unwrap().contains("name the source"));
        assert!(errors.get("url").unwrap().contains("http"));
        assert!(errors.get("mode").unwrap().contains("review or publish"));
        assert!(errors.get("interval").unwrap().starts_with("The interval"));
        assert!(errors.get("max_age").is_some());
        assert!(errors.get("home_page").unwrap().contains("home page"));
    }

    #[test]
    fn keyword_rules_take_whole_words_and_exclusions_win() {
        let rules = KeywordRules::new("budget\nélection", "sponsored");
        assert_eq!(rules.refusal("Council passes the Budget", ""), None);
        assert_eq!(rules.refusal("The election", "results"), None);
        assert!(
            rules
                .refusal("Budgetary matters", "")
                .unwrap()
                .contains("none of")
        );
        assert!(
            rules
                .refusal("Budget news", "Sponsored content")
                .unwrap()
                .contains("“sponsored”")
        );
        assert_eq!(KeywordRules::default().refusal("Anything", ""), None);
    }

    #[test]
    fn items_older_than_the_maximum_age_are_too_old_and_undated_ones_never() {
        let now: Timestamp = "2024-04-24T12:00:00Z".parse().unwrap();
        let old: Timestamp = "2024-04-20T12:00:00Z".parse().unwrap();
        assert!(is_too_old(Some(old), Some(3), now));
        assert!(!is_too_old(Some(old), Some(5), now));
        assert!(!is_too_old(None, Some(1), now));
        assert!(!is_too_old(Some(old), None, now));
    }

    #[test]
    fn bylines_join_a_few_clean_names_as_people_write_them() {
        let byline = |names: &[&str]| {
            byline_of(
                &names
                    .iter()
                    .map(|name| (*name).to_owned())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(byline(&[]), None);
        assert_eq!(byline(&[" ", "()"]), None);
        assert_eq!(byline(&["Ada\tLovelace"]).as_deref(), Some("Ada Lovelace"));
        assert_eq!(
            byline(&["(Ada Lovelace)", "Grace Hopper", "ada lovelace"]).as_deref(),
            Some("Ada Lovelace and Grace Hopper")
        );
        assert_eq!(
            byline(&["Ada", "Grace", "Joan"]).as_deref(),
            Some("Ada, Grace and Joan")
        );
        assert_eq!(
            byline(&["Ada", "Grace", "Joan", "Katherine"]).as_deref(),
            Some("Ada, Grace, Joan and others")
        );
        let long = "A".repeat(300);
        let cut = byline(&[&long]).unwrap();
        assert_eq!(
            cut.chars().count(),
            crate::article::MAX_SOURCE_AUTHOR_CHARACTERS
        );
        assert!(cut.ends_with('…'));
    }
}
