//! Site settings: every knob an editor can turn, with its default, its rule and its words.
//!
//! Settings are stored as text, one row per key. [`SiteSettings`] is the typed view; it is
//! built from the stored rows (anything missing takes its default) and changed only through
//! [`SiteSettings::set`], which checks the value and says what is wrong with it.

use crate::date_format;
use crate::ids::MediaId;
use crate::moderation::{ModerationPolicy, WordList};
use crate::permalink::PermalinkPattern;
use crate::web_address;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::fmt;

/// Every setting by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SettingKey {
    /// The site's name.
    Title,
    /// A line under the name.
    Tagline,
    /// The public address the site is reached at.
    SiteUrl,
    /// The image that stands for the site, for search engines.
    SiteLogo,
    /// The language of the pages.
    Language,
    /// The time zone dates are shown in.
    TimeZone,
    /// How dates are written.
    DateFormat,
    /// How times are written.
    TimeFormat,
    /// How the date line at the top of every page is written.
    DateLineFormat,
    /// Whether the date line is shown.
    ShowDateLine,
    /// Articles per page in lists.
    PostsPerPage,
    /// Articles in the site's feeds.
    FeedItems,
    /// Whether feeds carry each article's full text or only its excerpt.
    FeedFullText,
    /// The shape of articles' addresses.
    PermalinkPattern,
    /// Whether search engines are asked not to index the site.
    DiscourageSearchEngines,
    /// Whether new articles open for comments.
    CommentsOpenByDefault,
    /// Whether every comment waits for a moderator.
    ManualApproval,
    /// Whether a stranger's comment waits until one of theirs has been approved.
    HoldFirstTimeCommenters,
    /// How many links make a comment wait for a moderator.
    HoldLinkCount,
    /// Words that make a comment wait for a moderator.
    HoldWords,
    /// Words that send a comment to the spam.
    BlockWords,
    /// The spam score, in percent, from which a comment goes to the spam.
    SpamThreshold,
    /// How long one sender waits between two comments.
    CommentFloodSeconds,
    /// How many comments one network may post in an hour.
    CommentRateLimitPerHour,
    /// How long a reader needs at least to write a comment.
    CommentTimeTrapSeconds,
    /// How deep replies nest.
    ThreadDepth,
    /// Top-level comments per comment page.
    CommentsPerPage,
    /// Whether comment pages start with the oldest or the newest.
    CommentOrder,
    /// After how many days articles stop taking comments.
    CloseCommentsAfterDays,
    /// After how many days spam and trashed comments are deleted.
    EmptySpamAndTrashAfterDays,
    /// For how many days commenters' addresses and browsers are kept.
    KeepCommenterIpDays,
    /// Whether moderators are emailed about held comments.
    NotifyModerators,
    /// Whether authors are emailed about comments published on their articles.
    NotifyAuthors,
}

/// A setting's value in its natural type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SettingValue {
    /// Free or checked text.
    Text(String),
    /// On or off.
    Flag(bool),
    /// A whole number.
    Number(i64),
}

impl fmt::Display for SettingValue {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(text) => formatter.write_str(text),
            Self::Flag(flag) => write!(formatter, "{flag}"),
            Self::Number(number) => write!(formatter, "{number}"),
        }
    }
}

/// Why a setting could not be changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    /// No setting has this name.
    #[error("there is no setting called `{name}`; the settings are: {known}")]
    UnknownKey {
        /// The name that was given.
        name: String,
        /// The names that exist, comma-separated.
        known: String,
    },
    /// The value does not fit the setting.
    #[error("`{value}` is not a valid value for `{key}`: {reason}")]
    InvalidValue {
        /// The setting's name.
        key: &'static str,
        /// The value that was given.
        value: String,
        /// What the setting expects.
        reason: String,
    },
}

impl SettingKey {
    /// Every setting, in the order they are listed.
    pub const ALL: [Self; 33] = [
        Self::Title,
        Self::Tagline,
        Self::SiteUrl,
        Self::SiteLogo,
        Self::Language,
        Self::TimeZone,
        Self::DateFormat,
        Self::TimeFormat,
        Self::DateLineFormat,
        Self::ShowDateLine,
        Self::PostsPerPage,
        Self::FeedItems,
        Self::FeedFullText,
        Self::PermalinkPattern,
        Self::DiscourageSearchEngines,
        Self::CommentsOpenByDefault,
        Self::ManualApproval,
        Self::HoldFirstTimeCommenters,
        Self::HoldLinkCount,
        Self::HoldWords,
        Self::BlockWords,
        Self::SpamThreshold,
        Self::CommentFloodSeconds,
        Self::CommentRateLimitPerHour,
        Self::CommentTimeTrapSeconds,
        Self::ThreadDepth,
        Self::CommentsPerPage,
        Self::CommentOrder,
        Self::CloseCommentsAfterDays,
        Self::EmptySpamAndTrashAfterDays,
        Self::KeepCommenterIpDays,
        Self::NotifyModerators,
        Self::NotifyAuthors,
    ];

    /// The stored and typed name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Tagline => "tagline",
            Self::SiteUrl => "site_url",
            Self::SiteLogo => "site_logo",
            Self::Language => "language",
            Self::TimeZone => "time_zone",
            Self::DateFormat => "date_format",
            Self::TimeFormat => "time_format",
            Self::DateLineFormat => "date_line_format",
            Self::ShowDateLine => "show_date_line",
            Self::PostsPerPage => "posts_per_page",
            Self::FeedItems => "feed_items",
            Self::FeedFullText => "feed_full_text",
            Self::PermalinkPattern => "permalink_pattern",
            Self::DiscourageSearchEngines => "discourage_search_engines",
            Self::CommentsOpenByDefault => "comments_open_by_default",
            Self::ManualApproval => "manual_approval",
            Self::HoldFirstTimeCommenters => "hold_first_time_commenters",
            Self::HoldLinkCount => "hold_link_count",
            Self::HoldWords => "hold_words",
            Self::BlockWords => "block_words",
            Self::SpamThreshold => "spam_threshold",
            Self::CommentFloodSeconds => "comment_flood_seconds",
            Self::CommentRateLimitPerHour => "comment_rate_limit_per_hour",
            Self::CommentTimeTrapSeconds => "comment_time_trap_seconds",
            Self::ThreadDepth => "thread_depth",
            Self::CommentsPerPage => "comments_per_page",
            Self::CommentOrder => "comment_order",
            Self::CloseCommentsAfterDays => "close_comments_after_days",
            Self::EmptySpamAndTrashAfterDays => "empty_spam_and_trash_after_days",
            Self::KeepCommenterIpDays => "keep_commenter_ip_days",
            Self::NotifyModerators => "notify_moderators",
            Self::NotifyAuthors => "notify_authors",
        }
    }

    /// One sentence on what the setting does and what it takes.
    pub fn description(self) -> &'static str {
        match self {
            Self::Title => "The site's name, shown in the header and the browser tab.",
            Self::Tagline => "A short line shown under the site's name; may be empty.",
            Self::SiteUrl => {
                "The public address readers use, like https://news.example.com; links in feeds and the CLI are built from it."
            }
            Self::SiteLogo => {
                "The number of the image in the media library that stands for the site (the number in its /desk/media/<number>/ address), given to search engines as the publisher's logo; empty for none."
            }
            Self::Language => "The language of the pages as a BCP 47 tag, like en or en-GB.",
            Self::TimeZone => {
                "The IANA time zone that dates are shown in, like Europe/London or America/Chicago."
            }
            Self::DateFormat => {
                "How dates are written, in PHP date() letters as on WordPress: F j, Y gives April 24, 2024."
            }
            Self::TimeFormat => {
                "How times are written, in PHP date() letters: g:i a gives 3:05 pm."
            }
            Self::DateLineFormat => {
                "How the date line at the top of each page is written: l, j F, Y gives Wednesday, 24 April, 2024."
            }
            Self::ShowDateLine => {
                "Whether the date line is shown at the top of each page (true or false)."
            }
            Self::PostsPerPage => "How many articles each page of a list shows, 1 to 100.",
            Self::FeedItems => {
                "How many of the newest articles the site's feeds (/feed/, /feed/atom/, /feed/json/) list, 1 to 100."
            }
            Self::FeedFullText => {
                "Whether each article in the site's feeds carries its full text (true) or only its excerpt (false)."
            }
            Self::PermalinkPattern => {
                "The shape of every article's address, with WordPress's tokens %year%, %monthnum%, %day%, %hour%, %minute%, %second%, %postname%, %post_id% and %category%; it needs %postname% or %post_id%. Addresses made with earlier patterns keep redirecting to the new ones."
            }
            Self::DiscourageSearchEngines => {
                "Whether search engines are asked not to index the site (true or false): robots.txt then disallows every address, every page says noindex and no sitemap is offered. It is up to search engines to honour the request."
            }
            Self::CommentsOpenByDefault => {
                "Whether new articles accept comments unless told otherwise (true or false)."
            }
            Self::ManualApproval => {
                "Whether every comment waits for a moderator's approval before it appears (true or false)."
            }
            Self::HoldFirstTimeCommenters => {
                "Whether a commenter's first comment waits until one comment with the same name and email has been approved (true or false)."
            }
            Self::HoldLinkCount => {
                "Hold a comment for a moderator when it has this many links or more, 0 to 100; 0 never holds for links."
            }
            Self::HoldWords => {
                "Words, phrases, addresses or IPs, one per line, that hold a comment for a moderator when found as whole words in its name, email, website, text, IP or browser."
            }
            Self::BlockWords => {
                "Words, phrases, addresses or IPs, one per line, that send a comment straight to the spam when found as whole words in its name, email, website, text, IP or browser."
            }
            Self::SpamThreshold => {
                "The spam classifier's score, in percent from 1 to 100, at or above which a comment goes to the spam; 0 turns the classifier off."
            }
            Self::CommentFloodSeconds => {
                "Seconds one address or email must wait between two comments, 0 to 3600; 0 turns the check off."
            }
            Self::CommentRateLimitPerHour => {
                "How many comments one network (an IPv4 address or an IPv6 /64) may post per hour, 0 to 10000; 0 turns the limit off."
            }
            Self::CommentTimeTrapSeconds => {
                "A form sent back sooner than this many seconds after it was shown, 0 to 60, was not typed by a person and goes to the spam; 0 turns the check off."
            }
            Self::ThreadDepth => {
                "How deep replies nest, 1 to 10; deeper replies join the deepest level. 1 shows no threads."
            }
            Self::CommentsPerPage => {
                "How many top-level comments, each with its replies, a comment page shows, 1 to 500."
            }
            Self::CommentOrder => "Which comments the first comment page shows: oldest or newest.",
            Self::CloseCommentsAfterDays => {
                "Close comments on articles older than this many days, 0 to 36500; 0 keeps them open."
            }
            Self::EmptySpamAndTrashAfterDays => {
                "Delete spam and trashed comments for good after this many days, 1 to 3650."
            }
            Self::KeepCommenterIpDays => {
                "Clear commenters' IP addresses and browser names after this many days, 1 to 3650."
            }
            Self::NotifyModerators => {
                "Whether editors and administrators are emailed when a comment is held for moderation (true or false)."
            }
            Self::NotifyAuthors => {
                "Whether an article's author is emailed when a comment is published on it (true or false)."
            }
        }
    }

    /// Finds a setting by name.
    pub fn parse(name: &str) -> Result<Self, SettingError> {
        let wanted = name.trim().to_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|key| key.name() == wanted)
            .ok_or_else(|| SettingError::UnknownKey {
                name: name.to_owned(),
                known: Self::ALL.map(Self::name).join(", "),
            })
    }
}

/// The typed settings of a site.
#[derive(Clone, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent setting an editor turns on or off"
)]
pub struct SiteSettings {
    /// The site's name.
    pub title: String,
    /// The line under the name.
    pub tagline: String,
    /// The public address, scheme and host only, without a trailing slash.
    pub site_url: String,
    /// The image in the media library that stands for the site, if one was chosen.
    pub site_logo: Option<MediaId>,
    /// The BCP 47 language tag.
    pub language: String,
    /// The IANA name of the time zone.
    pub time_zone_name: String,
    /// The time zone itself.
    pub time_zone: TimeZone,
    /// PHP date() pattern for dates.
    pub date_format: String,
    /// PHP date() pattern for times.
    pub time_format: String,
    /// PHP date() pattern for the date line.
    pub date_line_format: String,
    /// Whether the date line is shown.
    pub show_date_line: bool,
    /// Articles per list page.
    pub posts_per_page: u32,
    /// Articles in the site's feeds (1 to 100).
    pub feed_items: u32,
    /// Whether feeds carry full text rather than excerpts.
    pub feed_full_text: bool,
    /// The shape of articles' addresses.
    pub permalink_pattern: PermalinkPattern,
    /// Whether search engines are asked not to index the site.
    pub discourage_search_engines: bool,
    /// Whether new articles are open for comments.
    pub comments_open_by_default: bool,
    /// Whether every comment waits for a moderator.
    pub manual_approval: bool,
    /// Whether a stranger's comment waits until one of theirs has been approved.
    pub hold_first_time_commenters: bool,
    /// Links from which a comment is held; 0 never.
    pub hold_link_count: u32,
    /// The hold-words list as typed, one entry per line.
    pub hold_words: String,
    /// The block-words list as typed, one entry per line.
    pub block_words: String,
    /// The spam score in percent from which a comment is spam; 0 turns the classifier off.
    pub spam_threshold: u32,
    /// Seconds between two comments of one sender; 0 off.
    pub comment_flood_seconds: u32,
    /// Comments per network per hour; 0 off.
    pub comment_rate_limit_per_hour: u32,
    /// The least number of seconds a person takes to write a comment; 0 off.
    pub comment_time_trap_seconds: u32,
    /// How deep replies nest (1 to 10).
    pub thread_depth: u32,
    /// Top-level comments per comment page.
    pub comments_per_page: u32,
    /// Whether the first comment page holds the newest comments.
    pub newest_comments_first: bool,
    /// Days after which articles stop taking comments; 0 never.
    pub close_comments_after_days: u32,
    /// Days after which spam and trash are deleted.
    pub empty_spam_and_trash_after_days: u32,
    /// Days after which commenters' IPs and browsers are cleared.
    pub keep_commenter_ip_days: u32,
    /// Whether moderators hear of held comments.
    pub notify_moderators: bool,
    /// Whether authors hear of published comments.
    pub notify_authors: bool,
}

impl Default for SiteSettings {
    fn default() -> Self {
        Self {
            title: "Gazette".to_owned(),
            tagline: "Independent news".to_owned(),
            site_url: "http://127.0.0.1:8080".to_owned(),
            site_logo: None,
            language: "en".to_owned(),
            time_zone_name: "UTC".to_owned(),
            time_zone: TimeZone::UTC,
            date_format: "F j, Y".to_owned(),
            time_format: "g:i a".to_owned(),
            date_line_format: "l, j F, Y".to_owned(),
            show_date_line: true,
            posts_per_page: 10,
            feed_items: 10,
            feed_full_text: true,
            permalink_pattern: PermalinkPattern::default(),
            discourage_search_engines: false,
            comments_open_by_default: true,
            manual_approval: false,
            hold_first_time_commenters: true,
            hold_link_count: 2,
            hold_words: String::new(),
            block_words: String::new(),
            spam_threshold: 90,
            comment_flood_seconds: 15,
            comment_rate_limit_per_hour: 20,
            comment_time_trap_seconds: 3,
            thread_depth: 5,
            comments_per_page: 50,
            newest_comments_first: false,
            close_comments_after_days: 0,
            empty_spam_and_trash_after_days: 30,
            keep_commenter_ip_days: 30,
            notify_moderators: true,
            notify_authors: true,
        }
    }
}

impl SiteSettings {
    /// Builds the settings from stored `(name, value)` rows. Missing keys keep their
    /// defaults; rows that are unknown or no longer valid are skipped and described in the
    /// returned warnings, so that one bad row never stops the site.
    pub fn from_stored<'a>(
        rows: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut settings = Self::default();
        let mut warnings = Vec::new();
        for (name, value) in rows {
            let outcome = SettingKey::parse(name).and_then(|key| settings.set(key, value));
            if let Err(error) = outcome {
                warnings.push(format!("ignoring the stored setting `{name}`: {error}"));
            }
        }
        (settings, warnings)
    }

    /// The current value of `key`.
    pub fn get(&self, key: SettingKey) -> SettingValue {
        match key {
            SettingKey::Title => SettingValue::Text(self.title.clone()),
            SettingKey::Tagline => SettingValue::Text(self.tagline.clone()),
            SettingKey::SiteUrl => SettingValue::Text(self.site_url.clone()),
            SettingKey::SiteLogo => SettingValue::Text(
                self.site_logo
                    .map(|media| media.to_string())
                    .unwrap_or_default(),
            ),
            SettingKey::Language => SettingValue::Text(self.language.clone()),
            SettingKey::TimeZone => SettingValue::Text(self.time_zone_name.clone()),
            SettingKey::DateFormat => SettingValue::Text(self.date_format.clone()),
            SettingKey::TimeFormat => SettingValue::Text(self.time_format.clone()),
            SettingKey::DateLineFormat => SettingValue::Text(self.date_line_format.clone()),
            SettingKey::ShowDateLine => SettingValue::Flag(self.show_date_line),
            SettingKey::PostsPerPage => SettingValue::Number(i64::from(self.posts_per_page)),
            SettingKey::FeedItems => SettingValue::Number(i64::from(self.feed_items)),
            SettingKey::FeedFullText => SettingValue::Flag(self.feed_full_text),
            SettingKey::PermalinkPattern => {
                SettingValue::Text(self.permalink_pattern.as_str().to_owned())
            }
            SettingKey::DiscourageSearchEngines => {
                SettingValue::Flag(self.discourage_search_engines)
            }
            SettingKey::CommentsOpenByDefault => SettingValue::Flag(self.comments_open_by_default),
            SettingKey::ManualApproval => SettingValue::Flag(self.manual_approval),
            SettingKey::HoldFirstTimeCommenters => {
                SettingValue::Flag(self.hold_first_time_commenters)
            }
            SettingKey::HoldLinkCount => SettingValue::Number(i64::from(self.hold_link_count)),
            SettingKey::HoldWords => SettingValue::Text(self.hold_words.clone()),
            SettingKey::BlockWords => SettingValue::Text(self.block_words.clone()),
            SettingKey::SpamThreshold => SettingValue::Number(i64::from(self.spam_threshold)),
            SettingKey::CommentFloodSeconds => {
                SettingValue::Number(i64::from(self.comment_flood_seconds))
            }
            SettingKey::CommentRateLimitPerHour => {
                SettingValue::Number(i64::from(self.comment_rate_limit_per_hour))
            }
            SettingKey::CommentTimeTrapSeconds => {
                SettingValue::Number(i64::from(self.comment_time_trap_seconds))
            }
            SettingKey::ThreadDepth => SettingValue::Number(i64::from(self.thread_depth)),
            SettingKey::CommentsPerPage => SettingValue::Number(i64::from(self.comments_per_page)),
            SettingKey::CommentOrder => SettingValue::Text(
                if self.newest_comments_first {
                    "newest"
                } else {
                    "oldest"
                }
                .to_owned(),
            ),
            SettingKey::CloseCommentsAfterDays => {
                SettingValue::Number(i64::from(self.close_comments_after_days))
            }
            SettingKey::EmptySpamAndTrashAfterDays => {
                SettingValue::Number(i64::from(self.empty_spam_and_trash_after_days))
            }
            SettingKey::KeepCommenterIpDays => {
                SettingValue::Number(i64::from(self.keep_commenter_ip_days))
            }
            SettingKey::NotifyModerators => SettingValue::Flag(self.notify_moderators),
            SettingKey::NotifyAuthors => SettingValue::Flag(self.notify_authors),
        }
    }

    /// The moderation checks as this site has set them.
    pub fn moderation_policy(&self) -> ModerationPolicy {
        ModerationPolicy {
            manual_approval: self.manual_approval,
            hold_first_time_commenters: self.hold_first_time_commenters,
            hold_link_count: self.hold_link_count,
            hold_words: WordList::parse(&self.hold_words),
            block_words: WordList::parse(&self.block_words),
            spam_threshold: if self.spam_threshold == 0 {
                f64::INFINITY
            } else {
                f64::from(self.spam_threshold) / 100.0
            },
            flood_seconds: u64::from(self.comment_flood_seconds),
            rate_limit_per_hour: self.comment_rate_limit_per_hour,
            minimum_seconds_to_write: u64::from(self.comment_time_trap_seconds),
        }
    }

    /// Checks `raw` and, when it fits, makes it the value of `key`. The stored text of the
    /// new value is `self.get(key).to_string()`.
    pub fn set(&mut self, key: SettingKey, raw: &str) -> Result<(), SettingError> {
        let invalid = |reason: String| SettingError::InvalidValue {
            key: key.name(),
            value: raw.to_owned(),
            reason,
        };
        let trimmed = raw.trim();
        match key {
            SettingKey::Title => self.title = bounded_text(trimmed, 1, 200).map_err(invalid)?,
            SettingKey::Tagline => self.tagline = bounded_text(trimmed, 0, 300).map_err(invalid)?,
            SettingKey::SiteUrl => self.site_url = site_origin(trimmed).map_err(invalid)?,
            SettingKey::SiteLogo => self.site_logo = media_number(trimmed).map_err(invalid)?,
            SettingKey::Language => self.language = language_tag(trimmed).map_err(invalid)?,
            SettingKey::TimeZone => {
                let zone = TimeZone::get(trimmed).map_err(|_| {
                    invalid(
                        "use an IANA time zone name such as UTC, Europe/London or America/New_York"
                            .to_owned(),
                    )
                })?;
                self.time_zone = zone;
                trimmed.clone_into(&mut self.time_zone_name);
            }
            SettingKey::DateFormat => self.date_format = date_pattern(raw).map_err(invalid)?,
            SettingKey::TimeFormat => self.time_format = date_pattern(raw).map_err(invalid)?,
            SettingKey::DateLineFormat => {
                self.date_line_format = date_pattern(raw).map_err(invalid)?;
            }
            SettingKey::ShowDateLine => self.show_date_line = flag(trimmed).map_err(invalid)?,
            SettingKey::PostsPerPage => {
                self.posts_per_page = number(trimmed, 1, 100).map_err(invalid)?;
            }
            SettingKey::FeedItems => self.feed_items = number(trimmed, 1, 100).map_err(invalid)?,
            SettingKey::FeedFullText => self.feed_full_text = flag(trimmed).map_err(invalid)?,
            SettingKey::PermalinkPattern => {
                self.permalink_pattern =
                    PermalinkPattern::parse(raw).map_err(|error| invalid(error.to_string()))?;
            }
            SettingKey::DiscourageSearchEngines => {
                self.discourage_search_engines = flag(trimmed).map_err(invalid)?;
            }
            SettingKey::CommentsOpenByDefault => {
                self.comments_open_by_default = flag(trimmed).map_err(invalid)?;
            }
            SettingKey::ManualApproval => self.manual_approval = flag(trimmed).map_err(invalid)?,
            SettingKey::HoldFirstTimeCommenters => {
                self.hold_first_time_commenters = flag(trimmed).map_err(invalid)?;
            }
            SettingKey::HoldLinkCount => {
                self.hold_link_count = number(trimmed, 0, 100).map_err(invalid)?;
            }
            SettingKey::HoldWords => self.hold_words = word_list(raw).map_err(invalid)?,
            SettingKey::BlockWords => self.block_words = word_list(raw).map_err(invalid)?,
            SettingKey::SpamThreshold => {
                self.spam_threshold = number(trimmed, 0, 100).map_err(invalid)?;
            }
            SettingKey::CommentFloodSeconds => {
                self.comment_flood_seconds = number(trimmed, 0, 3600).map_err(invalid)?;
            }
            SettingKey::CommentRateLimitPerHour => {
                self.comment_rate_limit_per_hour = number(trimmed, 0, 10_000).map_err(invalid)?;
            }
            SettingKey::CommentTimeTrapSeconds => {
                self.comment_time_trap_seconds = number(trimmed, 0, 60).map_err(invalid)?;
            }
            SettingKey::ThreadDepth => {
                self.thread_depth = number(trimmed, 1, 10).map_err(invalid)?;
            }
            SettingKey::CommentsPerPage => {
                self.comments_per_page = number(trimmed, 1, 500).map_err(invalid)?;
            }
            SettingKey::CommentOrder => {
                self.newest_comments_first = match trimmed.to_lowercase().as_str() {
                    "oldest" => false,
                    "newest" => true,
                    _ => return Err(invalid("use oldest or newest".to_owned())),
                };
            }
            SettingKey::CloseCommentsAfterDays => {
                self.close_comments_after_days = number(trimmed, 0, 36_500).map_err(invalid)?;
            }
            SettingKey::EmptySpamAndTrashAfterDays => {
                self.empty_spam_and_trash_after_days = number(trimmed, 1, 3650).map_err(invalid)?;
            }
            SettingKey::KeepCommenterIpDays => {
                self.keep_commenter_ip_days = number(trimmed, 1, 3650).map_err(invalid)?;
            }
            SettingKey::NotifyModerators => {
                self.notify_moderators = flag(trimmed).map_err(invalid)?;
            }
            SettingKey::NotifyAuthors => self.notify_authors = flag(trimmed).map_err(invalid)?,
        }
        Ok(())
    }
}

fn bounded_text(text: &str, min: usize, max: usize) -> Result<String, String> {
    let cleaned = crate::text::clean_single_line(text);
    let length = cleaned.chars().count();
    if length < min {
        Err("it cannot be empty".to_owned())
    } else if length > max {
        Err(format!("it can be at most {max} characters long"))
    } else {
        Ok(cleaned)
    }
}

fn site_origin(text: &str) -> Result<String, String> {
    let url = web_address::parse_absolute(text).map_err(|error| error.to_string())?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("give only the scheme and host (and port), like https://news.example.com; Gazette serves from the root of its address".to_owned());
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// An image's number in the media library, or none for an empty value (or `none`).
fn media_number(text: &str) -> Result<Option<MediaId>, String> {
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(number) if number > 0 => Ok(Some(MediaId(number))),
        _ => Err(
            "give the number of an image in the media library, or leave it empty for none"
                .to_owned(),
        ),
    }
}

fn language_tag(text: &str) -> Result<String, String> {
    let mut parts = text.split('-');
    let primary_ok = parts.next().is_some_and(|primary| {
        (2..=3).contains(&primary.len()) && primary.bytes().all(|byte| byte.is_ascii_alphabetic())
    });
    let rest_ok = parts.all(|part| {
        (1..=8).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_alphanumeric())
    });
    if primary_ok && rest_ok {
        Ok(text.to_owned())
    } else {
        Err("use a BCP 47 language tag such as en, en-GB or pt-BR".to_owned())
    }
}

fn date_pattern(text: &str) -> Result<String, String> {
    date_format::validate_pattern(text)?;
    Ok(text.to_owned())
}

/// A list of entries, one per line: each line cleaned, blank lines and repeats dropped.
fn word_list(text: &str) -> Result<String, String> {
    let mut entries: Vec<String> = Vec::new();
    for line in text.lines() {
        let entry = crate::text::clean_single_line(line);
        if entry.chars().count() > 200 {
            return Err("each entry can be at most 200 characters long".to_owned());
        }
        if !entry.is_empty() && !entries.contains(&entry) {
            entries.push(entry);
        }
    }
    if entries.len() > 5000 {
        return Err("a list can hold at most 5,000 entries".to_owned());
    }
    Ok(entries.join("\n"))
}

fn flag(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err("use true or false".to_owned()),
    }
}

fn number(text: &str, min: u32, max: u32) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        _ => Err(format!("use a whole number from {min} to {max}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_round_trips_through_its_stored_text() {
        let mut changed = SiteSettings::default();
        changed.set(SettingKey::TimeZone, "Europe/Berlin").unwrap();
        changed.set(SettingKey::PostsPerPage, "25").unwrap();
        changed.set(SettingKey::FeedItems, "40").unwrap();
        changed.set(SettingKey::FeedFullText, "off").unwrap();
        changed.set(SettingKey::ManualApproval, "on").unwrap();
        changed
            .set(SettingKey::HoldWords, "  casino \n\nZoë\ncasino\n")
            .unwrap();
        changed.set(SettingKey::CommentOrder, "Newest").unwrap();
        changed
            .set(SettingKey::PermalinkPattern, " /%category%/%postname%")
            .unwrap();
        changed.set(SettingKey::SiteLogo, " 12 ").unwrap();
        changed
            .set(SettingKey::DiscourageSearchEngines, "yes")
            .unwrap();
        let stored: Vec<(&str, String)> = SettingKey::ALL
            .iter()
            .map(|key| (key.name(), changed.get(*key).to_string()))
            .collect();
        let (reloaded, warnings) =
            SiteSettings::from_stored(stored.iter().map(|(key, value)| (*key, value.as_str())));
        assert!(warnings.is_empty(), "{warnings:?}");
        for key in SettingKey::ALL {
            assert_eq!(reloaded.get(key), changed.get(key), "{}", key.name());
        }
        assert_eq!(reloaded.time_zone_name, "Europe/Berlin");
        assert!(reloaded.manual_approval);
        assert_eq!(reloaded.feed_items, 40);
        assert!(!reloaded.feed_full_text);
        assert_eq!(reloaded.hold_words, "casino\nZoë");
        assert!(reloaded.newest_comments_first);
        assert_eq!(
            reloaded.permalink_pattern.as_str(),
            "/%category%/%postname%/"
        );
        assert_eq!(reloaded.site_logo, Some(MediaId(12)));
        assert!(reloaded.discourage_search_engines);
    }

    #[test]
    fn the_site_logo_is_an_image_number_or_none() {
        let mut settings = SiteSettings::default();
        settings.set(SettingKey::SiteLogo, "7").unwrap();
        assert_eq!(settings.site_logo, Some(MediaId(7)));
        settings.set(SettingKey::SiteLogo, "none").unwrap();
        assert_eq!(settings.site_logo, None);
        settings.set(SettingKey::SiteLogo, "7").unwrap();
        settings.set(SettingKey::SiteLogo, "  ").unwrap();
        assert_eq!(
            settings.get(SettingKey::SiteLogo),
            SettingValue::Text(String::new())
        );
    }

    #[test]
    fn refuses_bad_values_with_a_reason() {
        let mut settings = SiteSettings::default();
        let cases = [
            (SettingKey::TimeZone, "Mars/Olympus", "IANA"),
            (SettingKey::PostsPerPage, "0", "1 to 100"),
            (SettingKey::PostsPerPage, "ten", "1 to 100"),
            (SettingKey::FeedItems, "0", "1 to 100"),
            (SettingKey::FeedItems, "101", "1 to 100"),
            (SettingKey::FeedFullText, "excerpt", "true or false"),
            (SettingKey::ShowDateLine, "maybe", "true or false"),
            (
                SettingKey::SiteUrl,
                "https://example.com/news",
                "scheme and host",
            ),
            (SettingKey::SiteUrl, "javascript:alert(1)", "http"),
            (SettingKey::Title, "   ", "empty"),
            (SettingKey::Language, "english!", "BCP 47"),
            (SettingKey::DateFormat, "", "empty"),
            (SettingKey::ThreadDepth, "11", "1 to 10"),
            (SettingKey::SpamThreshold, "0.9", "0 to 100"),
            (SettingKey::CommentOrder, "random", "oldest or newest"),
            (SettingKey::SiteLogo, "0", "media library"),
            (SettingKey::SiteLogo, "logo.png", "media library"),
            (
                SettingKey::DiscourageSearchEngines,
                "please",
                "true or false",
            ),
            (
                SettingKey::PermalinkPattern,
                "/%year%/",
                "%postname% or %post_id%",
            ),
            (
                SettingKey::PermalinkPattern,
                "/desk/%postname%/",
                "belong to the site",
            ),
        ];
        for (key, value, reason) in cases {
            let error = settings.set(key, value).unwrap_err().to_string();
            assert!(error.contains(reason), "{}={value}: {error}", key.name());
        }
        assert_eq!(
            settings.get(SettingKey::PostsPerPage),
            SettingValue::Number(10)
        );
    }

    #[test]
    fn unknown_keys_list_the_known_ones() {
        let error = SettingKey::parse("colour").unwrap_err().to_string();
        assert!(
            error.contains("`colour`") && error.contains("time_zone"),
            "{error}"
        );
        assert_eq!(
            SettingKey::parse("Posts-Per-Page").unwrap(),
            SettingKey::PostsPerPage
        );
    }

    #[test]
    fn stored_garbage_is_skipped_with_a_warning() {
        let (settings, warnings) = SiteSettings::from_stored([
            ("posts_per_page", "-3"),
            ("retired_key", "x"),
            ("title", "Courier"),
        ]);
        assert_eq!(settings.posts_per_page, 10);
        assert_eq!(settings.title, "Courier");
        assert_eq!(warnings.len(), 2);
    }

    #[test]
    fn site_url_is_normalised() {
        let mut settings = SiteSettings::default();
        settings
            .set(SettingKey::SiteUrl, "HTTPS://News.Example.com/")
            .unwrap();
        assert_eq!(settings.site_url, "https://news.example.com");
    }
}
