//! Reading an export as a stream: [`WxrReader`] hands out one author, term or item at a
//! time, so that a file of any size is read in the memory one item needs.
//!
//! Versions 1.0, 1.1 and 1.2 of the format are read, with WordPress's namespace written
//! with `http://` or `https://` (both are found in the wild); elements are recognised by
//! their namespace, not by their prefix. A file that is not well-formed stops the reader
//! with the line and column of the problem ([`WxrError`]); values that are merely
//! unexpected (a date or a number that cannot be read) are left for the importer to judge.

mod element;
mod entities;
mod entries;
mod error;
mod source;

pub use error::{WxrError, WxrErrorKind};

use crate::model::{Entry, Position, Site};
use element::{Element, Piece, Space, XmlStream};
use std::io::Read;

/// Where the reader is in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Before the root element.
    Prologue,
    /// Inside `<rss>`, before `<channel>`.
    Feed,
    /// Inside `<channel>`.
    Channel,
    /// Past `</channel>`.
    Epilogue,
    /// The document ended.
    Finished,
}

/// A WordPress export read one entry at a time.
pub struct WxrReader<R> {
    stream: XmlStream<R>,
    place: Place,
    site: Site,
    declared_version: Option<String>,
}

impl<R: Read> WxrReader<R> {
    /// A reader of the export in `source`.
    pub fn new(source: R) -> Self {
        Self {
            stream: XmlStream::new(source),
            place: Place::Prologue,
            site: Site::default(),
            declared_version: None,
        }
    }

    /// The site the export describes, as far as the channel has said so far. WordPress
    /// writes the channel's description before its first entry.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// How many bytes of the file have been read, for progress.
    pub fn bytes_read(&self) -> u64 {
        self.stream.bytes_read()
    }

    /// The next author, term or item; `None` at the end of the export.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, WxrError> {
        let mut ignored_text = String::new();
        loop {
            ignored_text.clear();
            let piece = self.stream.next_piece(&mut ignored_text)?;
            match (self.place, piece) {
                (_, Piece::Text | Piece::Nothing) => {
                    if !ignored_text.trim().is_empty() && self.place != Place::Channel {
                        return Err(not_an_export(
                            "text stands outside the export's elements",
                            self.stream_position(),
                        ));
                    }
                }
                (Place::Prologue, Piece::Open(root)) => {
                    check_root(&root)?;
                    self.place = Place::Feed;
                }
                (Place::Prologue, Piece::Empty(root)) => {
                    check_root(&root)?;
                    return Err(not_an_export(
                        "the <rss> element holds no <channel>",
                        root.position,
                    ));
                }
                (Place::Feed, Piece::Open(channel)) if channel.is(Space::Rss, "channel") => {
                    self.place = Place::Channel;
                }
                (Place::Feed | Place::Epilogue, Piece::Open(other)) => {
                    self.stream.read_subtree(other)?;
                }
                (Place::Feed | Place::Epilogue, Piece::Empty(_)) => {}
                (Place::Feed, Piece::Close) => {
                    return Err(not_an_export(
                        "the <rss> element holds no <channel>",
                        self.stream_position(),
                    ));
                }
                (Place::Channel, Piece::Open(element)) => {
                    let element = self.stream.read_subtree(element)?;
                    if let Some(entry) = self.channel_child(element)? {
                        return Ok(Some(entry));
                    }
                }
                (Place::Channel, Piece::Empty(element)) => {
                    if let Some(entry) = self.channel_child(element)? {
                        return Ok(Some(entry));
                    }
                }
                (Place::Channel, Piece::Close) => self.place = Place::Epilogue,
                (Place::Epilogue, Piece::Close) => self.place = Place::Finished,
                (Place::Finished, Piece::End) => return Ok(None),
                (Place::Finished, Piece::Open(element) | Piece::Empty(element)) => {
                    return Err(malformed(
                        format!("<{}> follows the end of the document", element.name),
                        element.position,
                    ));
                }
                (Place::Prologue, Piece::End) => {
                    return Err(not_an_export(
                        "the file is empty: it holds no XML element",
                        self.stream_position(),
                    ));
                }
                (_, Piece::End) => {
                    return Err(malformed(
                        "the file ends before the export does: it is cut short",
                        self.stream_position(),
                    ));
                }
                (Place::Prologue | Place::Finished, Piece::Close) => {
                    unreachable!("the parser refuses an end tag that closes nothing")
                }
            }
        }
    }

    /// Takes in a child of `<channel>`: the site's description, or an entry.
    fn channel_child(&mut self, element: Element) -> Result<Option<Entry>, WxrError> {
        let entry = match (element.space, element.name.as_str()) {
            (Space::WordPress, "author") => Some(Entry::Author(entries::author(element))),
            (Space::WordPress, "category") => Some(Entry::Category(entries::category(element))),
            (Space::WordPress, "tag") => Some(Entry::Tag(entries::tag(element))),
            (Space::WordPress, "term") => Some(Entry::Term(entries::term(element))),
            (Space::Rss, "item") => Some(Entry::Item(Box::new(entries::item(element)))),
            (Space::WordPress, "wxr_version") => {
                self.declared_version = Some(element.text.trim().to_owned());
                None
            }
            (Space::WordPress, "base_site_url") => {
                self.site.base_site_url = Some(element.text.trim().to_owned());
                None
            }
            (Space::WordPress, "base_blog_url") => {
                self.site.base_blog_url = Some(element.text.trim().to_owned());
                None
            }
            (Space::Rss, "title") => {
                self.site.title = element.text;
                None
            }
            (Space::Rss, "link") => {
                self.site.link = element.text.trim().to_owned();
                None
            }
            (Space::Rss, "description") => {
                self.site.description = element.text;
                None
            }
            (Space::Rss, "language") => {
                self.site.language = Some(element.text.trim().to_owned());
                None
            }
            (Space::Rss, "generator") => {
                self.site.generator = Some(element.text.trim().to_owned());
                None
            }
            _ => None,
        };
        if let Some(entry) = &entry {
            self.settle_version(entry_position(entry))?;
        }
        Ok(entry)
    }

    /// Decides the export's version once the channel starts naming entries: the declared
    /// `<wp:wxr_version>`, else the namespace's.
    fn settle_version(&mut self, position: Position) -> Result<(), WxrError> {
        if !self.site.wxr_version.is_empty() {
            return Ok(());
        }
        let version = self
            .declared_version
            .clone()
            .or_else(|| self.stream.namespace_version().map(str::to_owned))
            .unwrap_or_else(|| "1.0".to_owned());
        let major = version.split('.').next().unwrap_or_default();
        if major != "1" {
            return Err(WxrError::new(
                WxrErrorKind::Unsupported,
                Some(position),
                format!(
                    "the export is in version {version} of WordPress's format; versions 1.0 to 1.2 are read"
                ),
            ));
        }
        self.site.wxr_version = version;
        Ok(())
    }

    /// Where the last piece read starts.
    fn stream_position(&self) -> Position {
        self.stream.position()
    }
}

/// Checks that the document is an RSS feed that declares WordPress's namespace.
fn check_root(root: &Element) -> Result<(), WxrError> {
    if !root.is(Space::Rss, "rss") {
        return Err(not_an_export(
            format!(
                "the document's root element is <{}>, where a WordPress export has <rss>",
                root.name
            ),
            root.position,
        ));
    }
    let declares_wordpress = root.attributes.iter().any(|(name, value)| {
        name.starts_with("xmlns:") && (value.contains("://wordpress.org/export/1."))
    });
    if !declares_wordpress {
        return Err(not_an_export(
            "the feed does not declare WordPress's export namespace (wordpress.org/export/1.x/); export the site again from WordPress's Tools → Export",
            root.position,
        ));
    }
    Ok(())
}

/// A document that is not a WordPress export, at `position`.
fn not_an_export(message: impl Into<String>, position: Position) -> WxrError {
    WxrError::new(WxrErrorKind::NotAnExport, Some(position), message)
}

/// A document that is not well-formed, at `position`.
fn malformed(message: impl Into<String>, position: Position) -> WxrError {
    WxrError::new(WxrErrorKind::Malformed, Some(position), message)
}

/// Where an entry starts.
fn entry_position(entry: &Entry) -> Position {
    match entry {
        Entry::Author(author) => author.position,
        Entry::Category(category) => category.position,
        Entry::Tag(tag) => tag.position,
        Entry::Term(term) => term.position,
        Entry::Item(item) => item.position,
    }
}
