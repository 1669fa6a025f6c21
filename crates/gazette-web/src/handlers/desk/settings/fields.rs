//! How the settings screen shows each setting: its tab, its section, its label and the
//! kind of field it gets. One line per setting; a setting without a line still appears,
//! on the General tab, as a field named after it and fitting its kind of value.

use gazette_domain::SettingKey;
use gazette_domain::settings::SettingValue;

/// The settings screen's tabs, each a page of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tab {
    /// The site itself, and how dates are written.
    General,
    /// Lists of articles.
    Reading,
    /// Every comment rule.
    Comments,
}

impl Tab {
    /// Every tab, in the order shown.
    pub(super) const ALL: [Self; 3] = [Self::General, Self::Reading, Self::Comments];

    /// The tab's name in its address (`/desk/settings/<slug>/`); the General tab lives at
    /// `/desk/settings/` itself.
    pub(super) fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "reading" => Some(Self::Reading),
            "comments" => Some(Self::Comments),
            _ => None,
        }
    }

    pub(super) fn url(self) -> &'static str {
        match self {
            Self::General => "/desk/settings/",
            Self::Reading => "/desk/settings/reading/",
            Self::Comments => "/desk/settings/comments/",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Self::General => "General",
            Self::Reading => "Reading",
            Self::Comments => "Comments",
        }
    }
}

/// The kind of form field a setting gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// One line of text.
    Text,
    /// A web address.
    Address,
    /// A whole number.
    Number,
    /// A checkbox.
    YesNo,
    /// One of a few values: `(value, label)`.
    Choice(&'static [(&'static str, &'static str)]),
    /// An IANA time zone name, with the known names offered.
    TimeZone,
    /// Entries one per line.
    WordList,
    /// A PHP `date()` pattern, shown with an example.
    DateFormat,
    /// A permalink pattern, shown with an example address.
    Permalink,
    /// An image from the media library, chosen there and changed on its own rather than
    /// with the tab's other fields.
    Image,
}

impl Kind {
    /// The name templates tell kinds apart by.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Address => "address",
            Self::Number => "number",
            Self::YesNo => "yes_no",
            Self::Choice(_) => "choice",
            Self::TimeZone => "time_zone",
            Self::WordList => "word_list",
            Self::DateFormat => "date_format",
            Self::Permalink => "permalink",
            Self::Image => "image",
        }
    }
}

/// Where and how one setting is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Placement {
    pub tab: Tab,
    /// The fieldset's legend.
    pub section: &'static str,
    pub label: String,
    pub kind: Kind,
    /// The help under the label: the setting's own description unless worded for a
    /// checkbox here.
    pub hint: &'static str,
}

/// One line of the table below.
struct Line {
    key: SettingKey,
    tab: Tab,
    section: &'static str,
    label: &'static str,
    kind: Kind,
    /// Help worded for the field, when the setting's description does not fit it.
    hint: Option<&'static str>,
}

const fn line(
    key: SettingKey,
    tab: Tab,
    section: &'static str,
    label: &'static str,
    kind: Kind,
) -> Line {
    Line {
        key,
        tab,
        section,
        label,
        kind,
        hint: None,
    }
}

const fn checkbox(
    key: SettingKey,
    tab: Tab,
    section: &'static str,
    label: &'static str,
    hint: &'static str,
) -> Line {
    Line {
        key,
        tab,
        section,
        label,
        kind: Kind::YesNo,
        hint: Some(hint),
    }
}

const FEED_CONTENTS: &[(&str, &str)] = &[("true", "Full text"), ("false", "Excerpt")];

const COMMENT_ORDERS: &[(&str, &str)] = &[
    ("oldest", "The oldest comments"),
    ("newest", "The newest comments"),
];

const SITE: &str = "The site";
const DATES: &str = "Dates and times";
const LISTS: &str = "Lists of articles";
const FEEDS: &str = "Feeds";
const ADDRESSES: &str = "Article addresses";
const SEARCH_ENGINES: &str = "Search engine visibility";
const NEW_ARTICLES: &str = "New articles";
const HOLDING: &str = "Before a comment appears";
const SPAM: &str = "Spam defences";
const THREADS: &str = "Threads and pages";
const MAIL: &str = "Mail";
const KEEPING: &str = "Keeping data";

/// Every setting's place on the screen, one line each.
#[rustfmt::skip]
const LINES: &[Line] = &[
    line(SettingKey::Title, Tab::General, SITE, "Site title", Kind::Text),
    line(SettingKey::Tagline, Tab::General, SITE, "Tagline", Kind::Text),
    line(SettingKey::SiteUrl, Tab::General, SITE, "Site address (URL)", Kind::Address),
    Line { hint: Some("The image search engines show as the publisher's logo beside the site's articles. Choose it from the media library; a wide image on a plain background works best."), ..line(SettingKey::SiteLogo, Tab::General, SITE, "Site logo", Kind::Image) },
    line(SettingKey::Language, Tab::General, SITE, "Language", Kind::Text),
    line(SettingKey::TimeZone, Tab::General, DATES, "Time zone", Kind::TimeZone),
    line(SettingKey::DateFormat, Tab::General, DATES, "Date format", Kind::DateFormat),
    line(SettingKey::TimeFormat, Tab::General, DATES, "Time format", Kind::DateFormat),
    line(SettingKey::DateLineFormat, Tab::General, DATES, "Date line format", Kind::DateFormat),
    checkbox(SettingKey::ShowDateLine, Tab::General, DATES, "Show the date line", "The date line at the top of every page gives today's date in the site's time zone, written with the date line format."),
    line(SettingKey::PostsPerPage, Tab::Reading, LISTS, "Articles per page", Kind::Number),
    line(SettingKey::FeedItems, Tab::Reading, FEEDS, "Feeds show the most recent", Kind::Number),
    line(SettingKey::FeedFullText, Tab::Reading, FEEDS, "For each article in a feed, include", Kind::Choice(FEED_CONTENTS)),
    line(SettingKey::PermalinkPattern, Tab::Reading, ADDRESSES, "Permalink pattern", Kind::Permalink),
    checkbox(SettingKey::DiscourageSearchEngines, Tab::Reading, SEARCH_ENGINES, "Discourage search engines from indexing this site", "robots.txt then disallows every address, every page asks not to be indexed, and no sitemap is offered. It is up to search engines to honour this request."),
    checkbox(SettingKey::CommentsOpenByDefault, Tab::Comments, NEW_ARTICLES, "New articles accept comments", "Each article can still be opened or closed on its own."),
    line(SettingKey::CloseCommentsAfterDays, Tab::Comments, NEW_ARTICLES, "Close comments after this many days", Kind::Number),
    checkbox(SettingKey::ManualApproval, Tab::Comments, HOLDING, "Every comment waits for a moderator", "No comment appears before a moderator approves it."),
    checkbox(SettingKey::HoldFirstTimeCommenters, Tab::Comments, HOLDING, "Hold first-time commenters", "A commenter's comments wait until one with the same name and email address has been approved."),
    line(SettingKey::HoldLinkCount, Tab::Comments, HOLDING, "Hold comments with this many links", Kind::Number),
    line(SettingKey::HoldWords, Tab::Comments, HOLDING, "Hold words", Kind::WordList),
    line(SettingKey::BlockWords, Tab::Comments, SPAM, "Block words", Kind::WordList),
    line(SettingKey::SpamThreshold, Tab::Comments, SPAM, "Spam score threshold (percent)", Kind::Number),
    line(SettingKey::CommentFloodSeconds, Tab::Comments, SPAM, "Seconds between two comments of one sender", Kind::Number),
    line(SettingKey::CommentRateLimitPerHour, Tab::Comments, SPAM, "Comments per network and hour", Kind::Number),
    line(SettingKey::CommentTimeTrapSeconds, Tab::Comments, SPAM, "Seconds a person needs at least to write a comment", Kind::Number),
    line(SettingKey::ThreadDepth, Tab::Comments, THREADS, "Reply depth", Kind::Number),
    line(SettingKey::CommentsPerPage, Tab::Comments, THREADS, "Top-level comments per page", Kind::Number),
    line(SettingKey::CommentOrder, Tab::Comments, THREADS, "The first comment page shows", Kind::Choice(COMMENT_ORDERS)),
    checkbox(SettingKey::NotifyModerators, Tab::Comments, MAIL, "Mail moderators about held comments", "Editors and administrators get a mail when a comment waits for moderation."),
    checkbox(SettingKey::NotifyAuthors, Tab::Comments, MAIL, "Mail authors about new comments", "An article's author gets a mail when a comment is published on it."),
    line(SettingKey::EmptySpamAndTrashAfterDays, Tab::Comments, KEEPING, "Empty the spam and the trash after this many days", Kind::Number),
    line(SettingKey::KeepCommenterIpDays, Tab::Comments, KEEPING, "Keep commenters' IP addresses for this many days", Kind::Number),
];

/// Where and how `key`, whose value is now `value`, is shown.
pub(super) fn placement(key: SettingKey, value: &SettingValue) -> Placement {
    match LINES.iter().find(|line| line.key == key) {
        Some(line) => Placement {
            tab: line.tab,
            section: line.section,
            label: line.label.to_owned(),
            kind: line.kind,
            hint: line.hint.unwrap_or_else(|| key.description()),
        },
        None => Placement {
            tab: Tab::General,
            section: "More settings",
            label: label_from_name(key.name()),
            kind: match value {
                SettingValue::Text(_) => Kind::Text,
                SettingValue::Flag(_) => Kind::YesNo,
                SettingValue::Number(_) => Kind::Number,
            },
            hint: key.description(),
        },
    }
}

/// `show_author_names` → `Show author names`.
fn label_from_name(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut characters = words.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_setting_has_two_lines() {
        for key in SettingKey::ALL {
            let lines = LINES.iter().filter(|line| line.key == key).count();
            assert!(lines <= 1, "{} has {lines} lines", key.name());
        }
    }

    #[test]
    fn a_setting_without_a_line_gets_a_field_named_after_it() {
        assert_eq!(label_from_name("show_author_names"), "Show author names");
        assert_eq!(label_from_name(""), "");
        let line = placement(SettingKey::ThreadDepth, &SettingValue::Number(5));
        assert_eq!((line.tab, line.kind), (Tab::Comments, Kind::Number));
    }
}
