//! What the reader had to fix or work around in a feed, kept for the source's log so that
//! editors can tell a publisher what is wrong with their feed.

use std::fmt;

/// One thing that was wrong with a feed and how it was dealt with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// A charset label (from the Content-Type header or the XML declaration) that names
    /// no known encoding; the next clue was used instead.
    UnknownCharset {
        /// The label as written.
        label: String,
    },
    /// The header and the XML declaration disagreed, the header named a legacy encoding,
    /// and the bytes were valid UTF-8 as the declaration said: UTF-8 was believed.
    HeaderCharsetOverruled {
        /// The header's label.
        header: String,
    },
    /// No encoding was declared and the bytes are not UTF-8, so they were read as
    /// windows-1252, the usual encoding of such feeds.
    ReadAsWindows1252,
    /// Byte sequences that are invalid in the feed's encoding were replaced by U+FFFD.
    InvalidBytesReplaced {
        /// The encoding the feed was read in.
        encoding: &'static str,
    },
    /// `<rss>` had no `version` attribute, or one that names no RSS version; it was read
    /// as RSS 2.0.
    RssVersionAssumed {
        /// The version as written, if there was one.
        found: Option<String>,
    },
    /// `&` signs that start no entity were escaped.
    BareAmpersandsEscaped {
        /// How many.
        count: usize,
    },
    /// `<` signs that start no tag were escaped.
    BareLessThanSignsEscaped {
        /// How many.
        count: usize,
    },
    /// HTML named entities (`&nbsp;`, `&eacute;`…), which XML does not know, were replaced
    /// by the characters they name.
    HtmlEntitiesReplaced {
        /// How many.
        count: usize,
    },
    /// Character references to characters XML forbids were replaced: the windows-1252
    /// range (`&#150;`) by the characters meant, the others by U+FFFD.
    CharacterReferencesReplaced {
        /// How many.
        count: usize,
    },
    /// A date that could not be read was dropped from its item; the item was kept.
    DateDropped {
        /// The date as written.
        text: String,
    },
    /// Some items had no guid or id, or the same one as another item, so every item of
    /// the feed is known by a weaker key.
    WeakerKeys {
        /// What was wrong with the stronger keys.
        reason: &'static str,
        /// What the keys rest on instead: `link`, or `title and content` (hashed).
        used: &'static str,
    },
}

impl fmt::Display for Repair {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownCharset { label } => {
                write!(formatter, "unknown charset \"{label}\" ignored")
            }
            Self::HeaderCharsetOverruled { header } => write!(
                formatter,
                "the Content-Type header says charset {header} but the feed is valid UTF-8 as it declares; read as UTF-8"
            ),
            Self::ReadAsWindows1252 => formatter.write_str(
                "no encoding declared and the bytes are not UTF-8; read as windows-1252",
            ),
            Self::InvalidBytesReplaced { encoding } => write!(
                formatter,
                "bytes that are invalid in {encoding} were replaced by \u{FFFD}"
            ),
            Self::RssVersionAssumed { found: None } => {
                formatter.write_str("<rss> has no version attribute; read as RSS 2.0")
            }
            Self::RssVersionAssumed { found: Some(found) } => write!(
                formatter,
                "<rss version=\"{found}\"> names no RSS version; read as RSS 2.0"
            ),
            Self::BareAmpersandsEscaped { count } => {
                write!(formatter, "{count} bare & sign(s) escaped")
            }
            Self::BareLessThanSignsEscaped { count } => {
                write!(formatter, "{count} bare < sign(s) escaped")
            }
            Self::HtmlEntitiesReplaced { count } => write!(
                formatter,
                "{count} HTML entit(ies) that XML does not define replaced by their characters"
            ),
            Self::CharacterReferencesReplaced { count } => write!(
                formatter,
                "{count} character reference(s) to characters XML forbids replaced"
            ),
            Self::DateDropped { text } => {
                write!(
                    formatter,
                    "unreadable date \"{text}\" dropped from its item"
                )
            }
            Self::WeakerKeys { reason, used } => {
                write!(formatter, "{reason}; every item is known by its {used}")
            }
        }
    }
}
