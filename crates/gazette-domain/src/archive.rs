//! Archives: the public lists of a category, a tag, an author or a period, at WordPress's
//! addresses — `/category/news/local/`, `/tag/elections/`, `/author/jane-doe/`, `/2024/`,
//! `/2024/04/`, `/2024/04/24/` — each numbered in pages under `page/N/` and with its feeds
//! under `feed/` (RSS), `feed/atom/` and `feed/json/`.
//!
//! Reading an address only says what it names. Whether such a category, tag or author
//! exists, and what the archive's own address is (a child category's names its parents),
//! is for the application to find out; a request at any other address of the same page is
//! then redirected there.

use crate::date_format::format_date;
use crate::time::Timestamp;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

/// The segments that end an archive's address with one of its pages or feeds
/// (`…/page/2/`, `…/feed/`): no category or tag may take one as its slug, or its archive
/// (or its subcategories') would read as another archive's page.
pub const ARCHIVE_ENDINGS: [&str; 2] = ["feed", "page"];

/// The first segment of category archives' addresses.
pub const CATEGORY_BASE: &str = "category";
/// The first segment of tag archives' addresses.
pub const TAG_BASE: &str = "tag";
/// The first segment of author archives' addresses.
pub const AUTHOR_BASE: &str = "author";

/// The address of the archive of the category at `category_path` (`news/local`, parents
/// first).
pub fn category_archive_path(category_path: &str) -> String {
    format!("/{CATEGORY_BASE}/{category_path}/")
}

/// The address of the archive of the tag `slug`.
pub fn tag_archive_path(slug: &str) -> String {
    format!("/{TAG_BASE}/{slug}/")
}

/// The address of the archive of the author whose public slug is `slug`.
pub fn author_archive_path(slug: &str) -> String {
    format!("/{AUTHOR_BASE}/{slug}/")
}

/// The format of an archive's feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedFormat {
    /// RSS 2.0, at `feed/`.
    Rss,
    /// Atom 1.0, at `feed/atom/`.
    Atom,
    /// JSON Feed 1.1, at `feed/json/`.
    JsonFeed,
}

/// Which page of an archive an address asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveSubpage {
    /// Page `n` of the list, from 1; page 1 is the archive's own address.
    List(u32),
    /// One of its feeds.
    Feed(FeedFormat),
}

impl ArchiveSubpage {
    /// The page's address below the archive at `archive_path`.
    pub fn under(self, archive_path: &str) -> String {
        match self {
            Self::List(0 | 1) => archive_path.to_owned(),
            Self::List(page) => format!("{archive_path}page/{page}/"),
            Self::Feed(FeedFormat::Rss) => format!("{archive_path}feed/"),
            Self::Feed(FeedFormat::Atom) => format!("{archive_path}feed/atom/"),
            Self::Feed(FeedFormat::JsonFeed) => format!("{archive_path}feed/json/"),
        }
    }

    /// Splits `segments` into those that name the archive and the page their end asks
    /// for; `None` when the end asks for a page that cannot exist (`page/0/`,
    /// `page/two/`).
    fn split<'a>(segments: &'a [&'a str]) -> Option<(&'a [&'a str], Self)> {
        let (named, page) = match segments {
            [named @ .., "feed", "atom"] => (named, Self::Feed(FeedFormat::Atom)),
            [named @ .., "feed", "json"] => (named, Self::Feed(FeedFormat::JsonFeed)),
            [named @ .., "feed"] => (named, Self::Feed(FeedFormat::Rss)),
            [named @ .., "page", number] => {
                let page = number
                    .bytes()
                    .all(|byte| byte.is_ascii_digit())
                    .then(|| number.parse::<u32>().ok())
                    .flatten()
                    .filter(|page| *page >= 1)?;
                (named, Self::List(page))
            }
            named => (named, Self::List(1)),
        };
        Some((named, page))
    }
}

/// A year, a month or a day, in the site's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

impl Period {
    /// The period of `year`, `month` of it or `day` of that month; `None` when no such
    /// date exists (a 13th month, April 31st) or the year is outside 1–9999.
    pub fn new(year: i16, month: Option<i8>, day: Option<i8>) -> Option<Self> {
        if !(1..=9999).contains(&year) || (day.is_some() && month.is_none()) {
            return None;
        }
        Date::new(year, month.unwrap_or(1), day.unwrap_or(1)).ok()?;
        Some(Self { year, month, day })
    }

    /// The archive's address: `/2024/`, `/2024/04/` or `/2024/04/24/`.
    pub fn path(self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => format!("/{:04}/{month:02}/{day:02}/", self.year),
            (Some(month), None) => format!("/{:04}/{month:02}/", self.year),
            _ => format!("/{:04}/", self.year),
        }
    }

    /// The period's first day.
    fn first_day(self) -> Date {
        date(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// When the period starts and when the next one does, in `zone`; `None` past the
    /// years a timestamp can hold.
    pub fn bounds(self, zone: &TimeZone) -> Option<(Timestamp, Timestamp)> {
        let first = self.first_day();
        let length = match (self.month, self.day) {
            (Some(_), Some(_)) => 1.day(),
            (Some(_), None) => 1.month(),
            _ => 1.year(),
        };
        let start = first.to_zoned_datetime(zone.clone()).ok()?;
        let end = first
            .checked_add(length)
            .ok()?
            .to_zoned_datetime(zone.clone())
            .ok()?;
        Some((
            Timestamp::from_jiff(start.timestamp()),
            Timestamp::from_jiff(end.timestamp()),
        ))
    }

    /// The period as a heading says it: `2024`, `April 2024`, or the day written with
    /// `date_format` (the site's, such as `F j, Y`).
    pub fn heading(self, date_format: &str) -> String {
        let pattern = match (self.month, self.day) {
            (Some(_), Some(_)) => date_format,
            (Some(_), None) => "F Y",
            _ => "Y",
        };
        self.first_day()
            .to_zoned_datetime(TimeZone::UTC)
            .map_or_else(|_| self.year.to_string(), |day| format_date(&day, pattern))
    }

    /// Reads the segments of a date archive's address: a four-digit year, then a month
    /// and a day of one or two digits each.
    fn read(segments: &[&str]) -> Option<Self> {
        fn number<T: std::str::FromStr>(
            text: &str,
            widths: std::ops::RangeInclusive<usize>,
        ) -> Option<T> {
            (widths.contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        }
        match segments {
            [year] => Self::new(number(year, 4..=4)?, None, None),
            [year, month] => Self::new(number(year, 4..=4)?, Some(number(month, 1..=2)?), None),
            [year, month, day] => Self::new(
                number(year, 4..=4)?,
                Some(number(month, 1..=2)?),
                Some(number(day, 1..=2)?),
            ),
            _ => None,
        }
    }
}

/// What an archive's address names, before anything is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArchiveName {
    /// A category, by the slugs of its address (`news/local`); its own slug is the last.
    Category(String),
    /// A tag, by its slug.
    Tag(String),
    /// An author, by their public slug.
    Author(String),
    /// A year, a month or a day.
    Period(Period),
}

/// An archive's address read: what it names and which of its pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveAddress {
    /// The archive.
    pub name: ArchiveName,
    /// Which page of it.
    pub page: ArchiveSubpage,
}

impl ArchiveAddress {
    /// Reads `path` (which starts and ends with `/` and has no empty segment), or `None`
    /// when it is no archive's address: under `/category/`, `/tag/` or `/author/`, or a
    /// date, each with an optional page or feed at its end.
    pub fn read(path: &str) -> Option<Self> {
        let inner = path.strip_prefix('/')?.strip_suffix('/')?;
        let segments: Vec<&str> = inner.split('/').collect();
        let (first, rest) = segments.split_first()?;
        let (named, page) = ArchiveSubpage::split(rest)?;
        let slug_like = |segment: &&str| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        };
        let single = |segments: &[&str]| match segments {
            [slug] if slug_like(slug) => Some((*slug).to_owned()),
            _ => None,
        };
        let name = match *first {
            CATEGORY_BASE if !named.is_empty() && named.iter().all(slug_like) => {
                ArchiveName::Category(named.join("/"))
            }
            TAG_BASE => ArchiveName::Tag(single(named)?),
            AUTHOR_BASE => ArchiveName::Author(single(named)?),
            _ => {
                let (named, page) = ArchiveSubpage::split(&segments)?;
                return Period::read(named).map(|period| Self {
                    name: ArchiveName::Period(period),
                    page,
                });
            }
        };
        Some(Self { name, page })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> Option<(ArchiveName, ArchiveSubpage)> {
        ArchiveAddress::read(path).map(|address| (address.name, address.page))
    }

    fn period(year: i16, month: Option<i8>, day: Option<i8>) -> ArchiveName {
        ArchiveName::Period(Period::new(year, month, day).unwrap())
    }

    #[test]
    fn reads_categories_tags_and_authors_with_their_pages_and_feeds() {
        let category = |path: &str| ArchiveName::Category(path.to_owned());
        assert_eq!(
            read("/category/politics/"),
            Some((category("politics"), ArchiveSubpage::List(1)))
        );
        assert_eq!(
            read("/category/news/local/page/3/"),
            Some((category("news/local"), ArchiveSubpage::List(3)))
        );
        assert_eq!(
            read("/category/news/local/feed/"),
            Some((
                category("news/local"),
                ArchiveSubpage::Feed(FeedFormat::Rss)
            ))
        );
        assert_eq!(
            read("/tag/elections/feed/atom/"),
            Some((
                ArchiveName::Tag("elections".into()),
                ArchiveSubpage::Feed(FeedFormat::Atom)
            ))
        );
        assert_eq!(
            read("/author/jane-doe/feed/json/"),
            Some((
                ArchiveName::Author("jane-doe".into()),
                ArchiveSubpage::Feed(FeedFormat::JsonFeed)
            ))
        );
        assert_eq!(
            read("/tag/elections/page/01/"),
            Some((
                ArchiveName::Tag("elections".into()),
                ArchiveSubpage::List(1)
            )),
            "read, then redirected to its own address"
        );
    }

    #[test]
    fn pages_that_cannot_exist_are_not_read() {
        for path in [
            "/category/",
            "/category/politics/page/0/",
            "/category/politics/page/two/",
            "/category/politics/page/-1/",
            "/category/politics/page/99999999999999999999/",
            "/category/Politics/",
            "/tag/a/b/",
            "/tag/",
            "/author/",
            "/author/jane/doe/",
            "/2024/page/0/",
            "/elsewhere/",
            "/",
        ] {
            assert_eq!(read(path), None, "{path}");
        }
    }

    #[test]
    fn reads_years_months_and_days() {
        assert_eq!(
            read("/2024/"),
            Some((period(2024, None, None), ArchiveSubpage::List(1)))
        );
        assert_eq!(
            read("/2024/04/page/2/"),
            Some((period(2024, Some(4), None), ArchiveSubpage::List(2)))
        );
        assert_eq!(
            read("/2024/4/24/"),
            Some((period(2024, Some(4), Some(24)), ArchiveSubpage::List(1)))
        );
        assert_eq!(
            read("/2024/02/29/feed/"),
            Some((
                period(2024, Some(2), Some(29)),
                ArchiveSubpage::Feed(FeedFormat::Rss)
            ))
        );
        for path in [
            "/24/",
            "/20245/",
            "/0000/",
            "/2024/13/",
            "/2024/00/",
            "/2023/02/29/",
            "/2024/04/31/",
            "/2024/004/",
            "/2024/04/24/story/",
            "/2024/+4/",
        ] {
            assert_eq!(read(path), None, "{path}");
        }
    }

    #[test]
    fn periods_have_their_addresses_bounds_and_headings() {
        let day = Period::new(2024, Some(4), Some(5)).unwrap();
        assert_eq!(day.path(), "/2024/04/05/");
        assert_eq!(
            Period::new(2024, Some(4), None).unwrap().path(),
            "/2024/04/"
        );
        assert_eq!(Period::new(987, None, None).unwrap().path(), "/0987/");
        assert_eq!(day.heading("F j, Y"), "April 5, 2024");
        assert_eq!(
            Period::new(2024, Some(4), None).unwrap().heading("F j, Y"),
            "April 2024"
        );
        assert_eq!(
            Period::new(2024, None, None).unwrap().heading("F j, Y"),
            "2024"
        );

        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let (start, end) = Period::new(2024, Some(12), None)
            .unwrap()
            .bounds(&tokyo)
            .unwrap();
        assert_eq!(start, "2024-11-30T15:00:00Z".parse().unwrap());
        assert_eq!(end, "2024-12-31T15:00:00Z".parse().unwrap());
        let (start, end) = Period::new(2024, None, None)
            .unwrap()
            .bounds(&TimeZone::UTC)
            .unwrap();
        assert_eq!(start, "2024-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(end, "2025-01-01T00:00:00Z".parse().unwrap());
    }

    #[test]
    fn pages_have_their_addresses_under_the_archive() {
        let base = "/category/news/";
        assert_eq!(ArchiveSubpage::List(1).under(base), base);
        assert_eq!(
            ArchiveSubpage::List(4).under(base),
            "/category/news/page/4/"
        );
        assert_eq!(
            ArchiveSubpage::Feed(FeedFormat::Atom).under(base),
            "/category/news/feed/atom/"
        );
        assert_eq!(category_archive_path("news/local"), "/category/news/local/");
        assert_eq!(tag_archive_path("elections"), "/tag/elections/");
        assert_eq!(author_archive_path("jane-doe"), "/author/jane-doe/");
    }
}
