//! The permalink pattern: the shape of every article's address, written with WordPress's
//! tokens, like `/%year%/%monthnum%/%day%/%postname%/`.
//!
//! A pattern is checked and taken apart once, when it is read from the settings; making an
//! address (here) and reading one back (`reading`) then only walk its parts.

use super::is_reserved_segment;
use crate::ids::ArticleId;
use crate::slug::{MAX_SLUG_LENGTH, Slug};
use jiff::civil::DateTime;
use std::fmt;

/// A piece of an address that the pattern fills in for each article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// `%year%`: the year of publication, four digits.
    Year,
    /// `%monthnum%`: the month, two digits.
    MonthNum,
    /// `%day%`: the day of the month, two digits.
    Day,
    /// `%hour%`: the hour, two digits.
    Hour,
    /// `%minute%`: the minute, two digits.
    Minute,
    /// `%second%`: the second, two digits.
    Second,
    /// `%postname%`: the article's slug.
    PostName,
    /// `%post_id%`: the article's number.
    PostId,
    /// `%category%`: the slugs of the article's first category and its parents, parents
    /// first (`news/local`).
    Category,
}

impl Token {
    /// Every token, in the order the help lists them.
    pub const ALL: [Self; 9] = [
        Self::Year,
        Self::MonthNum,
        Self::Day,
        Self::Hour,
        Self::Minute,
        Self::Second,
        Self::PostName,
        Self::PostId,
        Self::Category,
    ];

    /// The token as written in a pattern.
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "%year%",
            Self::MonthNum => "%monthnum%",
            Self::Day => "%day%",
            Self::Hour => "%hour%",
            Self::Minute => "%minute%",
            Self::Second => "%second%",
            Self::PostName => "%postname%",
            Self::PostId => "%post_id%",
            Self::Category => "%category%",
        }
    }

    /// The fewest and most characters the token takes in an address.
    pub(super) fn width(self) -> (usize, usize) {
        match self {
            Self::Year => (4, 4),
            Self::MonthNum | Self::Day | Self::Hour | Self::Minute | Self::Second => (1, 2),
            Self::PostName | Self::Category => (1, MAX_SLUG_LENGTH),
            Self::PostId => (1, 19),
        }
    }

    /// Whether `byte` can be part of the token in an address.
    pub(super) fn accepts(self, byte: u8) -> bool {
        match self {
            Self::PostName | Self::Category => {
                byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'
            }
            _ => byte.is_ascii_digit(),
        }
    }
}

/// A run of the pattern within one segment: fixed text or a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Part {
    /// Text copied as it is.
    Text(String),
    /// A token filled in per article.
    Token(Token),
}

/// What lies between two slashes of the pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Segment {
    /// `%category%` alone: one segment or more, one per level of categories.
    Category,
    /// Text and tokens within one segment.
    Parts(Vec<Part>),
}

/// A checked permalink pattern. Its text always starts and ends with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermalinkPattern {
    text: String,
    segments: Vec<Segment>,
}

/// Why a pattern was refused; each message says what to write instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Nothing was given.
    #[error("give a pattern such as {}", PermalinkPattern::DEFAULT)]
    Empty,
    /// The pattern is longer than [`PermalinkPattern::MAX_LENGTH`].
    #[error(
        "a pattern can be at most {} characters long",
        PermalinkPattern::MAX_LENGTH
    )]
    TooLong,
    /// The pattern does not start with `/`.
    #[error("start the pattern with `/`, like /%postname%/")]
    NoLeadingSlash,
    /// The pattern has a query or a fragment.
    #[error("leave out `?` and `#`: a pattern is a path and nothing more")]
    QueryOrFragment,
    /// Two slashes follow each other.
    #[error("remove the empty part between two slashes (`//`)")]
    EmptySegment,
    /// A segment is `.` or `..`.
    #[error("`.` and `..` cannot be parts of an address; use a word instead")]
    DotSegment,
    /// Something between `%` signs is not a token.
    #[error("`{0}` is not a token; the tokens are {tokens}", tokens = token_list())]
    UnknownToken(String),
    /// A `%` opens no token.
    #[error("a `%` must open a token and another close it, like %postname%")]
    UnclosedToken,
    /// Text outside the tokens uses characters an address would have to escape.
    #[error("use only letters, digits, `-`, `_`, `.` and `~` outside the tokens (found `{0}`)")]
    UnsafeCharacter(char),
    /// A token appears twice.
    #[error("use {0} only once")]
    RepeatedToken(&'static str),
    /// Two tokens touch, so an address could not be read back.
    #[error("put a character such as `-` between {0} and {1}, so that addresses can be read back")]
    AdjacentTokens(&'static str, &'static str),
    /// `%category%` shares its segment.
    #[error("give %category% a segment of its own, like /%category%/%postname%/")]
    CategoryNotAlone,
    /// Neither the slug nor the id is in the pattern.
    #[error("include %postname% or %post_id%, so that every article has an address of its own")]
    NoArticleToken,
    /// The first segment is one of the site's own addresses.
    #[error(
        "addresses under /{0}/ belong to the site itself; start the pattern with something else"
    )]
    Reserved(String),
}

fn token_list() -> String {
    Token::ALL.map(Token::name).join(", ")
}

/// Everything an article's address can be made of. `published` is the publication time on
/// the site's clock (its time zone); `category_path` is `news/local`, or `uncategorized`.
#[derive(Clone, Copy, Debug)]
pub struct AddressParts<'a> {
    /// The article's number.
    pub id: ArticleId,
    /// Its slug.
    pub slug: &'a Slug,
    /// When it was published, in the site's time zone.
    pub published: DateTime,
    /// Its first category's slug path.
    pub category_path: &'a str,
}

impl PermalinkPattern {
    /// WordPress's "day and name" shape, Gazette's addresses from the start.
    pub const DEFAULT: &'static str = "/%year%/%monthnum%/%day%/%postname%/";

    /// The longest pattern accepted, in characters.
    pub const MAX_LENGTH: usize = 200;

    /// Checks a pattern as typed. Surrounding white space is ignored and a missing final
    /// slash is added: every address ends with `/`.
    pub fn parse(typed: &str) -> Result<Self, PatternError> {
        let trimmed = typed.trim();
        if trimmed.is_empty() {
            return Err(PatternError::Empty);
        }
        if trimmed.chars().count() > Self::MAX_LENGTH {
            return Err(PatternError::TooLong);
        }
        if trimmed.contains(['?', '#']) {
            return Err(PatternError::QueryOrFragment);
        }
        let Some(inner) = trimmed.strip_prefix('/') else {
            return Err(PatternError::NoLeadingSlash);
        };
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        if inner.is_empty() {
            return Err(PatternError::NoArticleToken);
        }
        let mut segments = Vec::new();
        let mut seen: Vec<Token> = Vec::new();
        for text in inner.split('/') {
            let segment = parse_segment(text)?;
            let tokens: Vec<Token> = match &segment {
                Segment::Category => vec![Token::Category],
                Segment::Parts(parts) => parts
                    .iter()
                    .filter_map(|part| match part {
                        Part::Token(token) => Some(*token),
                        Part::Text(_) => None,
                    })
                    .collect(),
            };
            for token in tokens {
                if seen.contains(&token) {
                    return Err(PatternError::RepeatedToken(token.name()));
                }
                seen.push(token);
            }
            segments.push(segment);
        }
        if !seen.contains(&Token::PostName) && !seen.contains(&Token::PostId) {
            return Err(PatternError::NoArticleToken);
        }
        if let Some(Segment::Parts(parts)) = segments.first()
            && let [Part::Text(first)] = parts.as_slice()
            && is_reserved_segment(first)
        {
            return Err(PatternError::Reserved(first.clone()));
        }
        Ok(Self {
            text: format!("/{inner}/"),
            segments,
        })
    }

    /// The pattern as stored and shown, starting and ending with `/`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether addresses name the article's category, so that making them needs the
    /// category tree.
    pub fn names_categories(&self) -> bool {
        self.segments.contains(&Segment::Category)
    }

    pub(super) fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The address of the article made of `parts`.
    pub fn render(&self, parts: &AddressParts<'_>) -> String {
        let mut path = String::with_capacity(self.text.len() + parts.slug.as_str().len());
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Category => path.push_str(parts.category_path),
                Segment::Parts(list) => {
                    for part in list {
                        match part {
                            Part::Text(text) => path.push_str(text),
                            Part::Token(token) => push_token(&mut path, *token, parts),
                        }
                    }
                }
            }
        }
        path.push('/');
        path
    }
}

impl Default for PermalinkPattern {
    fn default() -> Self {
        Self {
            text: Self::DEFAULT.to_owned(),
            segments: vec![
                Segment::Parts(vec![Part::Token(Token::Year)]),
                Segment::Parts(vec![Part::Token(Token::MonthNum)]),
                Segment::Parts(vec![Part::Token(Token::Day)]),
                Segment::Parts(vec![Part::Token(Token::PostName)]),
            ],
        }
    }
}

impl fmt::Display for PermalinkPattern {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

fn push_token(path: &mut String, token: Token, parts: &AddressParts<'_>) {
    use fmt::Write as _;
    let when = parts.published;
    // Writing to a String cannot fail.
    let _ = match token {
        Token::Year => write!(path, "{:04}", when.year()),
        Token::MonthNum => write!(path, "{:02}", when.month()),
        Token::Day => write!(path, "{:02}", when.day()),
        Token::Hour => write!(path, "{:02}", when.hour()),
        Token::Minute => write!(path, "{:02}", when.minute()),
        Token::Second => write!(path, "{:02}", when.second()),
        Token::PostName => write!(path, "{}", parts.slug),
        Token::PostId => write!(path, "{}", parts.id),
        Token::Category => write!(path, "{}", parts.category_path),
    };
}

/// Reads one segment of a pattern (between two slashes).
fn parse_segment(text: &str) -> Result<Segment, PatternError> {
    if text.is_empty() {
        return Err(PatternError::EmptySegment);
    }
    if text == "." || text == ".." {
        return Err(PatternError::DotSegment);
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after_percent) = rest.strip_prefix('%') {
            let end = after_percent.find('%').ok_or(PatternError::UnclosedToken)?;
            let name = &rest[..end + 2];
            let token = Token::ALL
                .into_iter()
                .find(|token| token.name() == name)
                .ok_or_else(|| {
                    if name.len() == 2 {
                        PatternError::UnclosedToken
                    } else {
                        PatternError::UnknownToken(name.to_owned())
                    }
                })?;
            if let Some(Part::Token(previous)) = parts.last() {
                return Err(PatternError::AdjacentTokens(previous.name(), token.name()));
            }
            parts.push(Part::Token(token));
            rest = &rest[end + 2..];
        } else {
            let end = rest.find('%').unwrap_or(rest.len());
            let literal = &rest[..end];
            if let Some(unsafe_character) = literal.chars().find(|character| {
                !(character.is_ascii_alphanumeric() || matches!(character, '-' | '_' | '.' | '~'))
            }) {
                return Err(PatternError::UnsafeCharacter(unsafe_character));
            }
            parts.push(Part::Text(literal.to_owned()));
            rest = &rest[end..];
        }
    }
    if parts.contains(&Part::Token(Token::Category)) {
        return if parts.len() == 1 {
            Ok(Segment::Category)
        } else {
            Err(PatternError::CategoryNotAlone)
        };
    }
    Ok(Segment::Parts(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(slug: &'a Slug, category_path: &'a str) -> AddressParts<'a> {
        AddressParts {
            id: ArticleId(42),
            slug,
            published: "2024-04-05T07:08:09".parse().unwrap(),
            category_path,
        }
    }

    #[test]
    fn the_default_is_the_day_and_name_shape() {
        let pattern = PermalinkPattern::parse(PermalinkPattern::DEFAULT).unwrap();
        assert_eq!(pattern, PermalinkPattern::default());
        let slug = Slug::parse("budget-passes").unwrap();
        assert_eq!(
            pattern.render(&parts(&slug, "uncategorized")),
            "/2024/04/05/budget-passes/"
        );
        assert!(!pattern.names_categories());
    }

    #[test]
    fn every_token_is_filled_in() {
        let slug = Slug::parse("budget-passes").unwrap();
        let cases = [
            ("/%postname%/", "/budget-passes/"),
            ("/%post_id%/%postname%", "/42/budget-passes/"),
            ("/%category%/%postname%/", "/news/local/budget-passes/"),
            ("/archives/%post_id%/", "/archives/42/"),
            (
                "/%year%-%monthnum%-%day%T%hour%.%minute%.%second%/%postname%.html",
                "/2024-04-05T07.08.09/budget-passes.html/",
            ),
            ("/%postname%-%post_id%/", "/budget-passes-42/"),
        ];
        for (typed, path) in cases {
            let pattern = PermalinkPattern::parse(typed).unwrap();
            assert_eq!(pattern.render(&parts(&slug, "news/local")), path, "{typed}");
        }
    }

    #[test]
    fn the_final_slash_and_white_space_are_normalised() {
        let pattern = PermalinkPattern::parse("  /%postname% ").unwrap();
        assert_eq!(pattern.as_str(), "/%postname%/");
        assert_eq!(pattern.to_string(), "/%postname%/");
        assert_eq!(
            PermalinkPattern::parse("/%postname%/").unwrap(),
            pattern,
            "one canonical form"
        );
    }

    #[test]
    fn refuses_what_cannot_be_an_address_with_a_reason() {
        let cases = [
            ("", "give a pattern"),
            ("%postname%/", "start the pattern with `/`"),
            ("/%postname%/?p=1", "`?` and `#`"),
            ("/news/#%postname%", "`?` and `#`"),
            ("/news//%postname%/", "empty part"),
            ("/../%postname%/", "`.` and `..`"),
            ("/%slug%/", "`%slug%` is not a token"),
            ("/%postname/", "must open a token"),
            ("/100%/%postname%/", "must open a token"),
            ("/news and views/%postname%/", "(found ` `)"),
            ("/café/%postname%/", "(found `é`)"),
            ("/%postname%/%postname%/", "%postname% only once"),
            (
                "/%year%%monthnum%/%postname%/",
                "between %year% and %monthnum%",
            ),
            ("/topics-%category%/%postname%/", "segment of its own"),
            ("/%year%/%monthnum%/", "include %postname% or %post_id%"),
            ("/", "include %postname% or %post_id%"),
            ("/desk/%postname%/", "under /desk/ belong to the site"),
            ("/static/%post_id%/", "under /static/"),
            ("/page/%postname%/", "under /page/"),
            ("/comments/%postname%/", "under /comments/"),
        ];
        for (typed, words) in cases {
            let error = PermalinkPattern::parse(typed).unwrap_err().to_string();
            assert!(error.contains(words), "{typed}: {error}");
        }
        let long = format!("/{}/%postname%/", "a".repeat(200));
        assert_eq!(
            PermalinkPattern::parse(&long).unwrap_err(),
            PatternError::TooLong
        );
    }

    #[test]
    fn the_site_prefixes_may_still_start_a_longer_segment() {
        for typed in [
            "/%postname%/",
            "/desk-%postname%/",
            "/pages/%post_id%/",
            "/news/%postname%/",
        ] {
            assert!(PermalinkPattern::parse(typed).is_ok(), "{typed}");
        }
    }

    #[test]
    fn the_unknown_token_message_lists_the_tokens() {
        let error = PermalinkPattern::parse("/%author%/%postname%/")
            .unwrap_err()
            .to_string();
        for token in Token::ALL {
            assert!(error.contains(token.name()), "{error}");
        }
    }
}
