//! Why a feed could not be read, said so that whoever looks at the source knows what to do.

use thiserror::Error;

/// A body that could not be read as a feed. Each message names what was wrong with it;
/// none of them is worth retrying until the source changes what it serves.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FeedError {
    /// Nothing but white space (or nothing at all) came back.
    #[error(
        "the source answered with an empty body instead of a feed; check the address, or try again later if the site is being updated"
    )]
    Empty,
    /// A web page came back instead of a feed.
    #[error(
        "the address serves an HTML page, not a feed; use the address of the page's RSS or Atom feed instead"
    )]
    HtmlPage,
    /// XML came back, but its root element is not one a feed starts with.
    #[error(
        "the document's root element is <{root}>, not a feed (RSS, RDF or Atom); check that the address is the feed's"
    )]
    NotAFeed {
        /// The root element's name as written.
        root: String,
    },
    /// The body starts with something that is neither XML nor JSON.
    #[error(
        "the body is neither XML nor JSON, so it cannot be an RSS, Atom or JSON feed; check that the address is the feed's"
    )]
    NeitherXmlNorJson,
    /// The XML stops before its elements are closed: the download was most likely cut
    /// short.
    #[error(
        "the feed stops before its XML is complete ({open} element(s) left open at the end); the download was probably cut short, so try again later"
    )]
    Truncated {
        /// How many elements were still open at the end of the body.
        open: usize,
    },
    /// The document declares entities in its DOCTYPE. Expanding them is how
    /// billion-laughs and external-entity attacks work, so such feeds are refused unread.
    #[error(
        "the feed declares its own XML entities in a DOCTYPE, which Gazette never expands (that is how billion-laughs and external-entity attacks work); ask the publisher for a feed without a DOCTYPE"
    )]
    EntityDeclarations,
    /// The XML is broken in a way the repairs do not cover.
    #[error("the feed is not well-formed XML and could not be repaired: {detail}")]
    Malformed {
        /// What the XML parser reported.
        detail: String,
    },
    /// A JSON body that is not a JSON Feed Gazette can read.
    #[error("the JSON Feed cannot be read: {detail}")]
    Json {
        /// What was wrong with it.
        detail: String,
    },
}
