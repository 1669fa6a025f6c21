//! The XML under the reader: events from quick-xml turned into small owned elements — one
//! `<item>` or `<wp:author>` at a time, never the whole file — with each element's
//! namespace, place, attributes and text (character data, CDATA sections and references
//! joined in order, so a CDATA section split around `]]>` reads as one text).

use super::entities::{resolve_into, unescape};
use super::error::{WxrError, WxrErrorKind};
use super::source::CountingReader;
use crate::model::Position;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{Error as XmlError, NsReader};
use std::io::Read;

/// The namespaces an export's elements come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    /// No namespace: RSS's own elements.
    Rss,
    /// WordPress's export namespace, `http(s)://wordpress.org/export/1.x/`.
    WordPress,
    /// WordPress's excerpt namespace, `…/export/1.x/excerpt/`.
    Excerpt,
    /// `http://purl.org/rss/1.0/modules/content/`.
    Content,
    /// Dublin Core, `http://purl.org/dc/elements/1.1/`.
    DublinCore,
    /// Any other.
    Other,
}

/// The version in a WordPress export namespace (`1.2` for `…/export/1.2/`), when `uri` is
/// one; `excerpt` says whether it is the excerpt namespace.
fn wordpress_namespace(uri: &str) -> Option<(&str, bool)> {
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))?
        .strip_prefix("wordpress.org/export/")?;
    let (version, after) = rest.split_once('/').unwrap_or((rest, ""));
    let well_formed = version.split_once('.').is_some_and(|(major, minor)| {
        !major.is_empty()
            && !minor.is_empty()
            && major.bytes().all(|byte| byte.is_ascii_digit())
            && minor.bytes().all(|byte| byte.is_ascii_digit())
    });
    if !well_formed {
        return None;
    }
    match after.trim_end_matches('/') {
        "" => Some((version, false)),
        "excerpt" => Some((version, true)),
        _ => None,
    }
}

/// The namespace `uri` names.
fn space_of_uri(uri: &str) -> Space {
    match uri {
        "http://purl.org/rss/1.0/modules/content/" => Space::Content,
        "http://purl.org/dc/elements/1.1/" => Space::DublinCore,
        _ => match wordpress_namespace(uri) {
            Some((_, false)) => Space::WordPress,
            Some((_, true)) => Space::Excerpt,
            None => Space::Other,
        },
    }
}

/// The namespace an undeclared prefix conventionally stands for in exports, which some
/// plugins write without declaring their namespaces.
fn space_of_prefix(prefix: &str) -> Space {
    match prefix {
        "wp" => Space::WordPress,
        "excerpt" => Space::Excerpt,
        "content" => Space::Content,
        "dc" => Space::DublinCore,
        _ => Space::Other,
    }
}

/// An element of the export with everything inside it.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub(crate) space: Space,
    pub(crate) name: String,
    pub(crate) attributes: Vec<(String, String)>,
    pub(crate) text: String,
    pub(crate) children: Vec<Element>,
    pub(crate) position: Position,
}

impl Element {
    /// The value of the unprefixed attribute `name`.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether this is `name` in `space`.
    pub(crate) fn is(&self, space: Space, name: &str) -> bool {
        self.space == space && self.name == name
    }
}

/// One step through the document.
pub(crate) enum Piece {
    /// An element starts (with its attributes); its content and end follow.
    Open(Element),
    /// An element with no content (`<tag/>`).
    Empty(Element),
    /// The innermost open element ends.
    Close,
    /// Text was appended to the text given to [`XmlStream::next_piece`].
    Text,
    /// Something with no bearing on the export (a comment, an instruction, the
    /// declaration).
    Nothing,
    /// The document ended.
    End,
}

/// The export's XML, read event by event with namespaces resolved.
pub(crate) struct XmlStream<R> {
    xml: NsReader<CountingReader<R>>,
    buffer: Vec<u8>,
    namespace_version: Option<String>,
}

impl<R: Read> XmlStream<R> {
    pub(crate) fn new(source: R) -> Self {
        let mut xml = NsReader::from_reader(CountingReader::new(source));
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Self {
            xml,
            buffer: Vec::new(),
            namespace_version: None,
        }
    }

    /// How many bytes have been read.
    pub(crate) fn bytes_read(&self) -> u64 {
        self.xml.get_ref().consumed()
    }

    /// Where the last piece read starts.
    pub(crate) fn position(&self) -> Position {
        self.xml.get_ref().marked()
    }

    /// The version of the first WordPress namespace an element used.
    pub(crate) fn namespace_version(&self) -> Option<&str> {
        self.namespace_version.as_deref()
    }

    /// Reads the next piece of the document; character data, CDATA sections and
    /// references are appended to `text`.
    pub(crate) fn next_piece(&mut self, text: &mut String) -> Result<Piece, WxrError> {
        self.buffer.clear();
        self.xml.get_mut().mark();
        let event = match self.xml.read_event_into(&mut self.buffer) {
            Ok(event) => event,
            Err(error) => {
                let position = self.xml.get_ref().position_of(self.xml.error_position());
                return Err(describe_xml_error(&error, position));
            }
        };
        let position = self.xml.get_ref().marked();
        match event {
            Event::Start(start) => {
                let element = opened(&self.xml, &mut self.namespace_version, &start, position)?;
                Ok(Piece::Open(element))
            }
            Event::Empty(start) => {
                let element = opened(&self.xml, &mut self.namespace_version, &start, position)?;
                Ok(Piece::Empty(element))
            }
            Event::End(_) => Ok(Piece::Close),
            Event::Text(content) => {
                text.push_str(&content.xml10_content());
                Ok(Piece::Text)
            }
            Event::CData(content) => {
                text.push_str(&content.xml10_content());
                Ok(Piece::Text)
            }
            Event::GeneralRef(reference) => {
                resolve_into(&reference, text).map_err(|error| {
                    WxrError::new(WxrErrorKind::Malformed, Some(position), error.0)
                })?;
                Ok(Piece::Text)
            }
            Event::Decl(declaration) => {
                if let Some(Ok(encoding)) = declaration.encoding() {
                    let encoding = encoding.trim().to_owned();
                    if !matches!(encoding.to_ascii_lowercase().as_str(), "utf-8" | "utf8") {
                        return Err(WxrError::new(
                            WxrErrorKind::Unsupported,
                            Some(position),
                            format!(
                                "the export is written in {encoding}, and only UTF-8 exports are read; convert it first, for example with `iconv -f {encoding} -t UTF-8`"
                            ),
                        ));
                    }
                }
                Ok(Piece::Nothing)
            }
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => Ok(Piece::Nothing),
            Event::Eof => Ok(Piece::End),
        }
    }

    /// Reads everything inside `root`, which was just opened, up to its end.
    pub(crate) fn read_subtree(&mut self, root: Element) -> Result<Element, WxrError> {
        let mut open = vec![root];
        loop {
            let Some(current) = open.last_mut() else {
                unreachable!("the root is only taken off when it closes");
            };
            let piece = self.next_piece(&mut current.text)?;
            match piece {
                Piece::Open(element) => open.push(element),
                Piece::Empty(element) => current.children.push(element),
                Piece::Close => {
                    let Some(done) = open.pop() else {
                        unreachable!("an element is open");
                    };
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Piece::Text | Piece::Nothing => {}
                Piece::End => {
                    let name = open.last().map_or("", |element| element.name.as_str());
                    return Err(WxrError::new(
                        WxrErrorKind::Malformed,
                        Some(self.xml.get_ref().marked()),
                        format!("the file ends inside <{name}>: it is cut short"),
                    ));
                }
            }
        }
    }
}

/// The element `start` opens, with its namespace resolved and its attributes read.
fn opened<R>(
    xml: &NsReader<R>,
    namespace_version: &mut Option<String>,
    start: &BytesStart<'_>,
    position: Position,
) -> Result<Element, WxrError> {
    let (resolved, local) = xml.resolver().resolve_element(start.name());
    let space = match resolved {
        ResolveResult::Bound(namespace) => {
            let uri: &str = namespace.as_ref();
            if namespace_version.is_none()
                && let Some((version, _)) = wordpress_namespace(uri)
            {
                *namespace_version = Some(version.to_owned());
            }
            space_of_uri(uri)
        }
        ResolveResult::Unbound => Space::Rss,
        ResolveResult::Unknown(prefix) => space_of_prefix(&prefix),
    };
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| {
            WxrError::new(
                WxrErrorKind::Malformed,
                Some(position),
                format!(
                    "an attribute of <{}> cannot be read: {error}",
                    start.name().as_ref()
                ),
            )
        })?;
        let value = unescape(&attribute.value)
            .map_err(|error| WxrError::new(WxrErrorKind::Malformed, Some(position), error.0))?;
        attributes.push((attribute.key.as_ref().to_owned(), value));
    }
    Ok(Element {
        space,
        name: AsRef::<str>::as_ref(&local).to_owned(),
        attributes,
        text: String::new(),
        children: Vec::new(),
        position,
    })
}

/// A parser error as a sentence for whoever exported the file.
fn describe_xml_error(error: &XmlError, position: Position) -> WxrError {
    use quick_xml::errors::IllFormedError;
    let message = match error {
        XmlError::Io(io) => {
            return WxrError::new(
                WxrErrorKind::Unreadable,
                Some(position),
                format!("the export could not be read: {io}"),
            );
        }
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("<{expected}> is closed by </{found}>")
        }
        XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
            format!("the file ends before <{name}> is closed: it is cut short")
        }
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            format!("</{name}> closes an element that was never opened")
        }
        XmlError::Syntax(syntax) => format!("{syntax}; the file is cut short or broken here"),
        XmlError::Encoding(encoding) => {
            format!("the text here is not valid UTF-8 ({encoding})")
        }
        other => other.to_string(),
    };
    WxrError::new(WxrErrorKind::Malformed, Some(position), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_wordpress_namespaces_in_either_scheme() {
        assert_eq!(
            wordpress_namespace("http://wordpress.org/export/1.2/"),
            Some(("1.2", false))
        );
        assert_eq!(
            wordpress_namespace("https://wordpress.org/export/1.0/"),
            Some(("1.0", false))
        );
        assert_eq!(
            wordpress_namespace("https://wordpress.org/export/1.1/excerpt/"),
            Some(("1.1", true))
        );
        assert_eq!(wordpress_namespace("https://wordpress.org/"), None);
        assert_eq!(
            space_of_uri("http://purl.org/dc/elements/1.1/"),
            Space::DublinCore
        );
        assert_eq!(
            space_of_uri("http://wellformedweb.org/CommentAPI/"),
            Space::Other
        );
    }
}
