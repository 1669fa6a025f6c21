//! Repairing what feed-rs cannot read in an XML feed, without building a tree.
//!
//! One pass over the decoded text copies it through and fixes, in text and in attribute
//! values alike: `&` signs that start no entity, HTML named entities XML does not know
//! (`&nbsp;`, `&eacute;`…, replaced by character references), references to characters
//! XML forbids, and `<` signs that start no tag. It rewrites the XML declaration to say
//! UTF-8 (the text is UTF-8 by now), gives `<rss>` the version feed-rs needs, and drops
//! DOCTYPEs. Comments and CDATA sections are copied untouched.
//!
//! It also refuses what must not be parsed at all, early and cheaply: a DOCTYPE that
//! declares entities (billion laughs, external entities) is refused unexpanded, an HTML
//! page is named as such, and a document whose elements are still open at the end is
//! reported as cut short.
//!
//! On the way it notes where each of the feed's items lies in the repaired text, so that
//! a long feed can be read in parts (`split`).

use std::fmt::Write as _;
use std::ops::Range;

use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

use super::error::FeedError;
use super::repair::Repair;

/// The RSS versions feed-rs reads from the `version` attribute.
const VERSIONS_FEED_RS_KNOWS: [&str; 3] = ["2.0", "0.91", "0.92"];

/// The longest entity name looked for (HTML's longest is 31 characters).
const LONGEST_ENTITY_NAME: usize = 32;

/// A repaired XML document and the name of its root element.
#[derive(Debug)]
pub(crate) struct RepairedXml {
    /// The document, UTF-8 and declared so.
    pub text: String,
    /// The root element's name as written (with its prefix, if any).
    pub root: String,
    /// Where each of the feed's items is in `text` (the `<item>`s of an RSS channel or an
    /// RDF document, the `<entry>`s of an Atom feed), from its start tag to the end of its
    /// end tag, in order; none when the document's tags do not match.
    pub items: Vec<Range<usize>>,
}

/// Repairs `text`, an XML document already decoded, noting each kind of repair made.
pub(crate) fn repair_xml(text: &str, repairs: &mut Vec<Repair>) -> Result<RepairedXml, FeedError> {
    let start = text.len()
        - text
            .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
            .len();
    let mut scanner = Scanner {
        input: text,
        position: start,
        output: String::with_capacity(text.len() + text.len() / 16),
        open: Vec::new(),
        mismatched: false,
        root: None,
        root_repair: None,
        counts: Counts::default(),
        items: Vec::new(),
        open_item: None,
    };
    scanner.run()?;
    scanner.counts.report(repairs);
    repairs.extend(scanner.root_repair);
    let Some(root) = scanner.root else {
        return Err(FeedError::Malformed {
            detail: "the document holds no element".to_owned(),
        });
    };
    if !scanner.open.is_empty() && !scanner.mismatched {
        return Err(FeedError::Truncated {
            open: scanner.open.len(),
        });
    }
    if scanner.mismatched || scanner.open_item.is_some() {
        scanner.items.clear();
    }
    Ok(RepairedXml {
        text: scanner.output,
        root: root.to_owned(),
        items: scanner.items,
    })
}

/// How many repairs of each counted kind were made.
#[derive(Debug, Default)]
struct Counts {
    bare_ampersands: usize,
    bare_less_than_signs: usize,
    html_entities: usize,
    character_references: usize,
}

impl Counts {
    fn report(&self, repairs: &mut Vec<Repair>) {
        if self.bare_ampersands > 0 {
            repairs.push(Repair::BareAmpersandsEscaped {
                count: self.bare_ampersands,
            });
        }
        if self.bare_less_than_signs > 0 {
            repairs.push(Repair::BareLessThanSignsEscaped {
                count: self.bare_less_than_signs,
            });
        }
        if self.html_entities > 0 {
            repairs.push(Repair::HtmlEntitiesReplaced {
                count: self.html_entities,
            });
        }
        if self.character_references > 0 {
            repairs.push(Repair::CharacterReferencesReplaced {
                count: self.character_references,
            });
        }
    }
}

struct Scanner<'a> {
    input: &'a str,
    position: usize,
    output: String,
    /// The names of the elements open at `position`, outermost first.
    open: Vec<&'a str>,
    /// Whether an end tag did not match the open element: the document is malformed,
    /// so open elements at the end say nothing about truncation.
    mismatched: bool,
    root: Option<&'a str>,
    /// What had to be done to the root element.
    root_repair: Option<Repair>,
    counts: Counts,
    /// The items found so far (see [`RepairedXml::items`]).
    items: Vec<Range<usize>>,
    /// The item open at `position`: how many elements were open around it, and where its
    /// start tag begins in `output`.
    open_item: Option<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        &self.input[self.position..]
    }

    /// The error for a construct that the end of the body cut off.
    fn cut_short(&self) -> FeedError {
        FeedError::Truncated {
            open: self.open.len().max(1),
        }
    }

    fn run(&mut self) -> Result<(), FeedError> {
        while let Some(offset) = self.rest().find(['<', '&']) {
            self.output.push_str(&self.rest()[..offset]);
            self.position += offset;
            if self.rest().starts_with('&') {
                self.reference();
            } else {
                self.markup()?;
            }
        }
        self.output.push_str(self.rest());
        self.position = self.input.len();
        Ok(())
    }

    /// Copies the construct that starts at `position` and ends with `terminator`, as it is.
    fn copy_through(&mut self, terminator: &str) -> Result<(), FeedError> {
        let end = self
            .rest()
            .find(terminator)
            .ok_or_else(|| self.cut_short())?
            + terminator.len();
        self.output.push_str(&self.rest()[..end]);
        self.position += end;
        Ok(())
    }

    fn markup(&mut self) -> Result<(), FeedError> {
        let rest = self.rest();
        if rest.starts_with("<!--") {
            self.copy_through("-->")
        } else if rest.starts_with("<![CDATA[") {
            self.copy_through("]]>")
        } else if rest
            .as_bytes()
            .get(..9)
            .is_some_and(|start| start.eq_ignore_ascii_case(b"<!DOCTYPE"))
        {
            self.doctype()
        } else if rest.starts_with("<?") {
            self.processing_instruction()
        } else if let Some(after) = rest.strip_prefix("</") {
            self.end_tag(after)
        } else if rest[1..].starts_with(is_name_start) {
            self.start_tag()
        } else {
            self.counts.bare_less_than_signs += 1;
            self.output.push_str("&lt;");
            self.position += 1;
            Ok(())
        }
    }

    fn doctype(&mut self) -> Result<(), FeedError> {
        let body = &self.rest()["<!DOCTYPE".len()..];
        let mut quote = None;
        let mut depth = 0_usize;
        let mut end = None;
        for (index, character) in body.char_indices() {
            match (quote, character) {
                (Some(open), _) if character == open => quote = None,
                (None, '"' | '\'') => quote = Some(character),
                (None, '[') => depth += 1,
                (None, ']') => depth = depth.saturating_sub(1),
                (None, '>') if depth == 0 => {
                    end = Some(index);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or_else(|| self.cut_short())?;
        let declaration = &body[..end];
        if declaration.contains("<!ENTITY") {
            return Err(FeedError::EntityDeclarations);
        }
        let name = declaration.split_whitespace().next().unwrap_or_default();
        if name.eq_ignore_ascii_case("html") {
            return Err(FeedError::HtmlPage);
        }
        self.position += "<!DOCTYPE".len() + end + 1;
        Ok(())
    }

    fn processing_instruction(&mut self) -> Result<(), FeedError> {
        let end = self.rest().find("?>").ok_or_else(|| self.cut_short())? + 2;
        let instruction = &self.rest()[..end];
        let target = instruction[2..]
            .split(|character: char| character.is_whitespace() || character == '?')
            .next()
            .unwrap_or_default();
        if target == "xml" {
            // The declaration may only open the document; a stray one later is dropped.
            if self.output.is_empty() {
                self.output
                    .push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
            }
        } else {
            self.output.push_str(instruction);
        }
        self.position += end;
        Ok(())
    }

    fn end_tag(&mut self, after: &'a str) -> Result<(), FeedError> {
        let end = after.find('>').ok_or_else(|| self.cut_short())?;
        let name = after[..end].trim_end();
        match self.open.iter().rposition(|open| *open == name) {
            Some(index) => {
                if index + 1 != self.open.len() {
                    self.mismatched = true;
                }
                self.open.truncate(index);
            }
            None => self.mismatched = true,
        }
        self.output.push_str("</");
        self.output.push_str(&after[..=end]);
        self.position += 2 + end + 1;
        if let Some((depth, start)) = self.open_item
            && self.open.len() <= depth
        {
            self.items.push(start..self.output.len());
            self.open_item = None;
        }
        Ok(())
    }

    fn start_tag(&mut self) -> Result<(), FeedError> {
        let tag = self.rest();
        let name_end = tag[1..]
            .find(|character: char| character.is_whitespace() || matches!(character, '/' | '>'))
            .ok_or_else(|| self.cut_short())?
            + 1;
        let name = &tag[1..name_end];
        let mut attributes = Vec::new();
        let mut cursor = name_end;
        let self_closing = loop {
            let remaining = &tag[cursor..];
            let skipped = remaining.len() - remaining.trim_start().len();
            cursor += skipped;
            let remaining = &tag[cursor..];
            if remaining.starts_with("/>") {
                cursor += 2;
                break true;
            }
            if remaining.starts_with('>') {
                cursor += 1;
                break false;
            }
            if remaining.is_empty() {
                return Err(self.cut_short());
            }
            let attribute = Attribute::read(remaining).ok_or_else(|| self.cut_short())?;
            cursor += attribute.length;
            attributes.push(attribute);
        };
        if self.root.is_none() {
            self.root = Some(name);
            self.root_repair = check_root(name, &mut attributes)?;
        }
        let start = self.output.len();
        self.write_start_tag(name, &attributes, self_closing);
        if self.open_item.is_none() && is_item(name, self.open.last().copied()) {
            if self_closing {
                self.items.push(start..self.output.len());
            } else {
                self.open_item = Some((self.open.len(), start));
            }
        }
        if !self_closing {
            self.open.push(name);
        }
        self.position += cursor;
        Ok(())
    }

    fn write_start_tag(&mut self, name: &str, attributes: &[Attribute<'_>], self_closing: bool) {
        self.output.push('<');
        self.output.push_str(name);
        for attribute in attributes {
            self.output.push(' ');
            self.output.push_str(attribute.name);
            let Some((quote, value)) = attribute.value else {
                continue;
            };
            self.output.push('=');
            self.output.push(quote);
            self.attribute_value(value);
            self.output.push(quote);
        }
        self.output.push_str(if self_closing { "/>" } else { ">" });
    }

    /// Writes an attribute value with its references repaired and `<` escaped.
    fn attribute_value(&mut self, value: &str) {
        let mut rest = value;
        while let Some(offset) = rest.find(['&', '<']) {
            self.output.push_str(&rest[..offset]);
            rest = &rest[offset..];
            if rest.starts_with('<') {
                self.counts.bare_less_than_signs += 1;
                self.output.push_str("&lt;");
                rest = &rest[1..];
            } else {
                let consumed = repair_reference(rest, &mut self.output, &mut self.counts);
                rest = &rest[consumed..];
            }
        }
        self.output.push_str(rest);
    }

    fn reference(&mut self) {
        let consumed = repair_reference(self.rest(), &mut self.output, &mut self.counts);
        self.position += consumed;
    }
}

/// Whether an element `name` inside `parent` is one of a feed's items: an `<item>` of an
/// RSS channel or of an RDF document, or an Atom feed's `<entry>`.
fn is_item(name: &str, parent: Option<&str>) -> bool {
    matches!(
        (local_name(name), parent.map(local_name)),
        ("item", Some("channel" | "RDF")) | ("entry", Some("feed"))
    )
}

/// An element's name without its namespace prefix.
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Checks the root element: an HTML page is refused, and `<rss>` is given a version
/// feed-rs reads (the repair, if one was needed, is returned).
fn check_root(
    name: &str,
    attributes: &mut Vec<Attribute<'_>>,
) -> Result<Option<Repair>, FeedError> {
    let local = name.rsplit(':').next().unwrap_or(name);
    if local.eq_ignore_ascii_case("html") {
        return Err(FeedError::HtmlPage);
    }
    if name != "rss" {
        return Ok(None);
    }
    let assumed = Some(('"', "2.0"));
    let version = attributes
        .iter_mut()
        .find(|attribute| attribute.name == "version");
    let found = if let Some(attribute) = version {
        if let Some((quote, value)) = attribute.value
            && VERSIONS_FEED_RS_KNOWS.contains(&value.trim())
        {
            attribute.value = Some((quote, value.trim()));
            return Ok(None);
        }
        let found = attribute.value.map(|(_, value)| value.to_owned());
        attribute.value = assumed;
        found
    } else {
        attributes.push(Attribute {
            name: "version",
            value: assumed,
            length: 0,
        });
        None
    };
    Ok(Some(Repair::RssVersionAssumed { found }))
}

/// One attribute of a start tag as written.
#[derive(Debug)]
struct Attribute<'a> {
    name: &'a str,
    /// The quote and the raw value; `None` for an HTML-style attribute without a value.
    value: Option<(char, &'a str)>,
    /// How many bytes of the tag it took.
    length: usize,
}

impl<'a> Attribute<'a> {
    /// Reads the attribute that `text` starts with; `None` when the text ends inside it.
    fn read(text: &'a str) -> Option<Self> {
        let name_end = text
            .find(|character: char| {
                character.is_whitespace() || matches!(character, '=' | '>' | '/')
            })
            .unwrap_or(text.len())
            .max(1);
        let name = &text[..name_end];
        let after_name = &text[name_end..];
        let after_space = after_name.trim_start();
        let Some(after_equals) = after_space.strip_prefix('=') else {
            return Some(Self {
                name,
                value: None,
                length: name_end,
            });
        };
        let value_text = after_equals.trim_start();
        let value_start = text.len() - value_text.len();
        let quote = value_text.chars().next()?;
        if matches!(quote, '"' | '\'') {
            let value_end = value_text[1..].find(quote)?;
            Some(Self {
                name,
                value: Some((quote, &value_text[1..=value_end])),
                length: value_start + value_end + 2,
            })
        } else {
            let value_end = value_text
                .find(|character: char| character.is_whitespace() || character == '>')
                .unwrap_or(value_text.len());
            Some(Self {
                name,
                value: Some(('"', &value_text[..value_end])),
                length: value_start + value_end,
            })
        }
    }
}

/// Whether `character` may start an XML name.
fn is_name_start(character: char) -> bool {
    character.is_alphabetic() || matches!(character, '_' | ':')
}

/// Whether XML 1.0 allows `character` in a document.
fn is_xml_character(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Writes the reference that `text` (starting with `&`) begins, repaired, and returns how
/// many bytes of `text` it took.
fn repair_reference(text: &str, output: &mut String, counts: &mut Counts) -> usize {
    let limit = text.len().min(LONGEST_ENTITY_NAME + 2);
    let Some(semicolon) = text.as_bytes()[1..limit]
        .iter()
        .position(|byte| *byte == b';')
    else {
        counts.bare_ampersands += 1;
        output.push_str("&amp;");
        return 1;
    };
    let name = &text[1..=semicolon];
    let taken = semicolon + 2;
    if let Some(number) = name.strip_prefix('#') {
        let parsed = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse::<u32>(),
        };
        if let Ok(scalar) = parsed {
            match char::from_u32(scalar) {
                Some(character)
                    if is_xml_character(character) && !(0x80..=0x9F).contains(&scalar) =>
                {
                    output.push_str(&text[..taken]);
                }
                _ => {
                    counts.character_references += 1;
                    let replacement = scalar
                        .checked_sub(0x80)
                        .and_then(|index| {
                            C1_REPLACEMENTS
                                .get(usize::try_from(index).ok()?)
                                .copied()
                                .flatten()
                        })
                        .unwrap_or(char::REPLACEMENT_CHARACTER);
                    push_character_reference(output, u32::from(replacement));
                }
            }
            return taken;
        }
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
        output.push_str(&text[..taken]);
        return taken;
    } else if !name.is_empty()
        && name
            .chars()
            .all(|character| character.is_ascii_alphanumeric())
        && let Some(&(first, second)) = NAMED_ENTITIES.get(&text[1..semicolon + 2])
    {
        counts.html_entities += 1;
        push_character_reference(output, first);
        if second != 0 {
            push_character_reference(output, second);
        }
        return taken;
    }
    counts.bare_ampersands += 1;
    output.push_str("&amp;");
    1
}

fn push_character_reference(output: &mut String, scalar: u32) {
    // Writing to a String cannot fail.
    let _ = write!(output, "&#x{scalar:X};");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each item `repair_xml` found in `document`.
    fn items_of(document: &str) -> Vec<String> {
        let repaired =
            repair_xml(document, &mut Vec::new()).unwrap_or_else(|error| panic!("{error}"));
        repaired
            .items
            .iter()
            .map(|span| repaired.text[span.clone()].to_owned())
            .collect()
    }

    #[test]
    fn the_items_of_rss_rdf_and_atom_are_found_in_the_repaired_text() {
        assert_eq!(
            items_of(
                "<rss><channel><title>A & B</title><item><title>1 & 2</title></item> <item/></channel></rss>"
            ),
            ["<item><title>1 &amp; 2</title></item>", "<item/>"]
        );
        assert_eq!(
            items_of(
                r#"<rdf:RDF xmlns:rdf="r"><channel/><item about="x"><title>1</title></item></rdf:RDF>"#
            ),
            [r#"<item about="x"><title>1</title></item>"#]
        );
        assert_eq!(
            items_of(
                r#"<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:title>1</a:title></a:entry></a:feed>"#
            ),
            ["<a:entry><a:title>1</a:title></a:entry>"]
        );
    }

    #[test]
    fn only_items_of_the_feed_itself_count_and_none_when_tags_do_not_match() {
        assert_eq!(
            items_of(
                "<rss><channel><item><x:item>in</x:item></item><image><item/></image></channel></rss>"
            ),
            ["<item><x:item>in</x:item></item>"]
        );
        assert!(items_of("<rss><channel><item><b></item></channel></rss>").is_empty());
    }
}
