//! Reading a requested path back with a pattern: which article it names (its slug, its id,
//! or both), the date and category it claims, and which of the article's pages it asks for
//! (the article itself, a comment page or a comment feed).
//!
//! Reading walks the pattern's parts, already taken apart; a token's text is found by
//! trying the lengths its characters allow, longest first, so `%postname%-%post_id%` reads
//! `my-story-42` as `my-story` and 42.

use super::pattern::{Part, PermalinkPattern, Segment, Token};
use crate::ids::ArticleId;

/// One of an article's pages, and the rest of its address after the article's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subpage {
    /// The article page itself.
    Article,
    /// Comment page `n` (`comment-page-2/`).
    CommentPage(u32),
    /// The RSS feed of its comments (`feed/`).
    Feed,
    /// The Atom feed of its comments (`feed/atom/`).
    AtomFeed,
}

impl Subpage {
    /// The page's address below the article at `article_path`. Comment page 1 is the article
    /// page itself.
    pub fn under(self, article_path: &str) -> String {
        match self {
            Self::Article | Self::CommentPage(0 | 1) => article_path.to_owned(),
            Self::CommentPage(page) => format!("{article_path}comment-page-{page}/"),
            Self::Feed => format!("{article_path}feed/"),
            Self::AtomFeed => format!("{article_path}feed/atom/"),
        }
    }

    /// How the last segments of `segments` name a subpage, and how many they are.
    fn ending(segments: &[&str]) -> Option<(Self, usize)> {
        match segments {
            [.., "feed", "atom"] => Some((Self::AtomFeed, 2)),
            [.., "feed"] => Some((Self::Feed, 1)),
            [.., last] => last
                .strip_prefix("comment-page-")
                .filter(|number| number.bytes().all(|byte| byte.is_ascii_digit()))
                .and_then(|number| number.parse::<u32>().ok())
                .filter(|page| *page >= 1)
                .map(|page| (Self::CommentPage(page), 1)),
            [] => None,
        }
    }
}

/// What a path names, as read with a pattern. Only the tokens the pattern has are set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedParts {
    /// `%postname%`.
    pub slug: Option<String>,
    /// `%post_id%`.
    pub id: Option<ArticleId>,
    /// `%year%`.
    pub year: Option<i16>,
    /// `%monthnum%`.
    pub month: Option<i8>,
    /// `%day%`.
    pub day: Option<i8>,
    /// `%hour%`.
    pub hour: Option<i8>,
    /// `%minute%`.
    pub minute: Option<i8>,
    /// `%second%`.
    pub second: Option<i8>,
    /// `%category%`, as `news/local`.
    pub category_path: Option<String>,
}

impl NamedParts {
    /// Keeps `text` as the value of `token`; `false` when it does not fit the token's type.
    fn set(&mut self, token: Token, text: &str) -> bool {
        fn number<T: std::str::FromStr>(slot: &mut Option<T>, text: &str) -> bool {
            *slot = text.parse().ok();
            slot.is_some()
        }
        match token {
            Token::Year => number(&mut self.year, text),
            Token::MonthNum => number(&mut self.month, text),
            Token::Day => number(&mut self.day, text),
            Token::Hour => number(&mut self.hour, text),
            Token::Minute => number(&mut self.minute, text),
            Token::Second => number(&mut self.second, text),
            Token::PostId => {
                self.id = text.parse().ok().map(ArticleId);
                self.id.is_some()
            }
            Token::PostName => {
                self.slug = Some(text.to_owned());
                true
            }
            Token::Category => {
                self.category_path = Some(text.to_owned());
                true
            }
        }
    }
}

/// A path read with a pattern: what it names and which page of the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadPath {
    /// What the article's part of the path names.
    pub parts: NamedParts,
    /// Which of the article's pages.
    pub subpage: Subpage,
}

impl PermalinkPattern {
    /// Reads `path` (which starts and ends with `/`), or `None` when it does not have this
    /// pattern's shape. A path ending like a subpage (`…/feed/`) is first read as one, then
    /// as an article's own address.
    pub fn read(&self, path: &str) -> Option<ReadPath> {
        let inner = path.strip_prefix('/')?.strip_suffix('/')?;
        let segments: Vec<&str> = inner.split('/').collect();
        if let Some((subpage, taken)) = Subpage::ending(&segments)
            && let Some(parts) = self.read_segments(&segments[..segments.len() - taken])
        {
            return Some(ReadPath { parts, subpage });
        }
        self.read_segments(&segments).map(|parts| ReadPath {
            parts,
            subpage: Subpage::Article,
        })
    }

    /// Reads the segments of an article's own address.
    fn read_segments(&self, segments: &[&str]) -> Option<NamedParts> {
        let pattern = self.segments();
        // `%category%` takes one segment per level; everything else exactly one.
        let category_levels = if self.names_categories() {
            (segments.len() + 1).checked_sub(pattern.len())?
        } else if segments.len() == pattern.len() {
            0
        } else {
            return None;
        };
        if category_levels == 0 && self.names_categories() {
            return None;
        }
        let mut named = NamedParts::default();
        let mut at = 0;
        for segment in pattern {
            match segment {
                Segment::Category => {
                    let levels = &segments[at..at + category_levels];
                    let well_formed = levels.iter().all(|level| {
                        !level.is_empty() && level.bytes().all(|byte| Token::Category.accepts(byte))
                    });
                    if !well_formed {
                        return None;
                    }
                    named.set(Token::Category, &levels.join("/"));
                    at += category_levels;
                }
                Segment::Parts(parts) => {
                    if !read_parts(parts, segments[at], &mut named) {
                        return None;
                    }
                    at += 1;
                }
            }
        }
        Some(named)
    }
}

/// `path` (which starts and ends with `/`) taken apart into the address of an article and
/// the page of it asked for: `/a/b/feed/` is `/a/b/` and its feed. A path that is nothing
/// but a subpage's ending (`/feed/`) is an address of its own.
pub fn split_subpage(path: &str) -> Option<(String, Subpage)> {
    let inner = path.strip_prefix('/')?.strip_suffix('/')?;
    let segments: Vec<&str> = inner.split('/').collect();
    let (subpage, taken) = match Subpage::ending(&segments) {
        Some((subpage, taken)) if taken < segments.len() => (subpage, taken),
        _ => (Subpage::Article, 0),
    };
    let own = &segments[..segments.len() - taken];
    Some((format!("/{}/", own.join("/")), subpage))
}

/// What a page's address names (`/about/team/`, `/about/team/comment-page-2/`): the page's
/// slug — its path's last segment, which the caller checks the whole path against — and
/// which of its pages is asked for. `None` for anything that cannot be a page's address.
pub fn read_page_path(path: &str) -> Option<(String, Subpage)> {
    let (own, subpage) = split_subpage(path)?;
    let segments: Vec<&str> = own.trim_matches('/').split('/').collect();
    let well_formed = segments.iter().all(|segment| {
        !segment.is_empty() && segment.bytes().all(|byte| Token::PostName.accepts(byte))
    });
    if !well_formed {
        return None;
    }
    segments.last().map(|slug| ((*slug).to_owned(), subpage))
}

/// Whether `text` is exactly `parts`, keeping each token's value in `named`.
fn read_parts(parts: &[Part], text: &str, named: &mut NamedParts) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(literal), rest)) => text
            .strip_prefix(literal.as_str())
            .is_some_and(|after| read_parts(rest, after, named)),
        Some((Part::Token(token), rest)) => {
            let (fewest, most) = token.width();
            let available = text
                .bytes()
                .take(most)
                .take_while(|byte| token.accepts(*byte))
                .count();
            (fewest..=available).rev().any(|length| {
                let (value, after) = text.split_at(length);
                read_parts(rest, after, named) && named.set(*token, value)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_page_address_and_its_subpages() {
        assert_eq!(
            read_page_path("/about/team/"),
            Some(("team".to_owned(), Subpage::Article))
        );
        assert_eq!(
            read_page_path("/about/comment-page-2/"),
            Some(("about".to_owned(), Subpage::CommentPage(2)))
        );
        assert_eq!(
            read_page_path("/about/feed/atom/"),
            Some(("about".to_owned(), Subpage::AtomFeed))
        );
        assert_eq!(
            read_page_path("/feed/"),
            Some(("feed".to_owned(), Subpage::Article))
        );
        assert_eq!(read_page_path("/"), None);
        assert_eq!(
            split_subpage("/2024/03/01/fish/comment-page-3/"),
            Some(("/2024/03/01/fish/".to_owned(), Subpage::CommentPage(3)))
        );
        assert_eq!(read_page_path("/About Us/"), None);
    }

    fn pattern(text: &str) -> PermalinkPattern {
        PermalinkPattern::parse(text).unwrap()
    }

    #[test]
    fn reads_the_default_shape_with_its_date() {
        let read = pattern(PermalinkPattern::DEFAULT)
            .read("/2024/04/24/budget-passes/")
            .unwrap();
        assert_eq!(read.subpage, Subpage::Article);
        assert_eq!(
            read.parts,
            NamedParts {
                slug: Some("budget-passes".into()),
                year: Some(2024),
                month: Some(4),
                day: Some(24),
                ..NamedParts::default()
            }
        );
        let loose = pattern(PermalinkPattern::DEFAULT)
            .read("/2023/1/2/budget-passes/")
            .unwrap();
        assert_eq!((loose.parts.month, loose.parts.day), (Some(1), Some(2)));
    }

    #[test]
    fn reads_subpages_before_the_article_itself() {
        let default = pattern(PermalinkPattern::DEFAULT);
        let cases = [
            ("/2024/04/24/story/feed/", Subpage::Feed),
            ("/2024/04/24/story/feed/atom/", Subpage::AtomFeed),
            ("/2024/04/24/story/comment-page-3/", Subpage::CommentPage(3)),
            ("/2024/04/24/story/", Subpage::Article),
        ];
        for (path, subpage) in cases {
            let read = default.read(path).unwrap();
            assert_eq!(read.subpage, subpage, "{path}");
            assert_eq!(read.parts.slug.as_deref(), Some("story"), "{path}");
        }
        let by_name = pattern("/%postname%/");
        assert_eq!(
            by_name.read("/feed/").unwrap().parts.slug.as_deref(),
            Some("feed"),
            "an article may be called feed"
        );
        assert_eq!(by_name.read("/feed/feed/").unwrap().subpage, Subpage::Feed);
        assert!(default.read("/2024/04/24/story/comment-page-0/").is_none());
        assert!(default.read("/2024/04/24/story/elsewhere/").is_none());
    }

    #[test]
    fn category_paths_take_one_segment_per_level() {
        let by_category = pattern("/%category%/%postname%/");
        let read = by_category.read("/news/local/story/").unwrap();
        assert_eq!(read.parts.category_path.as_deref(), Some("news/local"));
        assert_eq!(read.parts.slug.as_deref(), Some("story"));
        let feed = by_category.read("/news/story/feed/atom/").unwrap();
        assert_eq!(
            (feed.parts.category_path.as_deref(), feed.subpage),
            (Some("news"), Subpage::AtomFeed)
        );
        assert!(
            by_category.read("/story/").is_none(),
            "a category is needed"
        );
        assert!(by_category.read("/News/story/").is_none());
    }

    #[test]
    fn ids_and_slugs_are_told_apart() {
        let read = pattern("/%postname%-%post_id%/")
            .read("/my-story-2-42/")
            .unwrap();
        assert_eq!(read.parts.slug.as_deref(), Some("my-story-2"));
        assert_eq!(read.parts.id, Some(ArticleId(42)));
        let numeric = pattern("/archives/%post_id%/");
        assert_eq!(
            numeric.read("/archives/7/").unwrap().parts.id,
            Some(ArticleId(7))
        );
        assert!(numeric.read("/archives/seven/").is_none());
        assert!(
            numeric.read("/archives/99999999999999999999/").is_none(),
            "too large to be an id"
        );
        let with_suffix = pattern("/%post_id%/%postname%.html");
        assert_eq!(
            with_suffix
                .read("/7/story.html/")
                .unwrap()
                .parts
                .slug
                .as_deref(),
            Some("story")
        );
    }

    #[test]
    fn paths_of_another_shape_are_not_read() {
        let default = pattern(PermalinkPattern::DEFAULT);
        for path in [
            "/",
            "/story/",
            "/2024/04/24/story",
            "2024/04/24/story/",
            "/24/04/24/story/",
            "/2024/04//story/",
            "/2024/04/24/Story/",
            "/2024/04/24/story.txt/",
            "/2024/04/24/story/more/",
        ] {
            assert!(default.read(path).is_none(), "{path}");
        }
    }

    #[test]
    fn subpages_have_their_addresses_under_the_article() {
        let article = "/news/story/";
        assert_eq!(Subpage::Article.under(article), article);
        assert_eq!(Subpage::CommentPage(1).under(article), article);
        assert_eq!(
            Subpage::CommentPage(2).under(article),
            "/news/story/comment-page-2/"
        );
        assert_eq!(Subpage::Feed.under(article), "/news/story/feed/");
        assert_eq!(Subpage::AtomFeed.under(article), "/news/story/feed/atom/");
    }
}
