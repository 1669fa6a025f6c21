//! WordPress's shortcodes: `[name attributes]`, `[name attributes /]` and
//! `[name attributes]content[/name]`, read as WordPress reads them (`[[name]]` is the
//! shortcode's own text, escaped). Only the names the caller knows are replaced; any other
//! stays exactly as it was written.

use regex::Regex;
use std::sync::LazyLock;

/// A shortcode found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shortcode<'a> {
    /// Its name, as written.
    pub(crate) name: &'a str,
    /// Its attributes, names in lower case; positional ones are named by their place
    /// (`0`, `1`…).
    pub(crate) attributes: Vec<(String, String)>,
    /// What it encloses, for `[name]…[/name]`.
    pub(crate) content: Option<&'a str>,
}

impl Shortcode<'_> {
    /// The attribute `name`, when given.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Whether `character` may be part of a shortcode's name.
fn is_name_character(character: char) -> bool {
    character.is_alphanumeric() || character == '_' || character == '-'
}

/// `text` with each shortcode whose name `known` accepts replaced by what `render` makes
/// of it.
pub(crate) fn replace_shortcodes(
    text: &str,
    known: &dyn Fn(&str) -> bool,
    render: &mut dyn FnMut(&Shortcode<'_>) -> String,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let candidate = &rest[open..];
        if let Some(found) = parse_at(candidate, known) {
            if found.escaped {
                out.push_str(&candidate[1..found.length - 1]);
            } else {
                out.push_str(found.leading);
                out.push_str(&render(&found.shortcode));
                out.push_str(found.trailing);
            }
            rest = &candidate[found.length..];
        } else {
            out.push('[');
            rest = &candidate[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` is exactly one shortcode whose name `known` accepts.
pub(crate) fn is_single_shortcode(text: &str, known: &dyn Fn(&str) -> bool) -> bool {
    text.starts_with('[')
        && parse_at(text, known).is_some_and(|found| !found.escaped && found.length == text.len())
}

/// A shortcode at the start of some text.
struct Found<'a> {
    shortcode: Shortcode<'a>,
    /// How many bytes it takes, brackets of an escape included.
    length: usize,
    /// Whether it was written `[[…]]`, to be shown as it is.
    escaped: bool,
    /// A `[` before the shortcode that escapes nothing, kept as text.
    leading: &'a str,
    /// A `]` after it that escapes nothing, kept as text.
    trailing: &'a str,
}

/// The shortcode that `text` (which starts with `[`) starts with, if its name is known.
fn parse_at<'a>(text: &'a str, known: &dyn Fn(&str) -> bool) -> Option<Found<'a>> {
    let doubled = text[1..].starts_with('[');
    let name_start = if doubled { 2 } else { 1 };
    let name_length = text[name_start..]
        .find(|character: char| !is_name_character(character))
        .unwrap_or(text.len() - name_start);
    let name = &text[name_start..name_start + name_length];
    if name.is_empty() || !known(name) {
        return None;
    }
    let after_name = name_start + name_length;
    let (attributes_end, self_closing) = attributes_end(&text[after_name..])?;
    let attributes_text = &text[after_name..after_name + attributes_end];
    let mut end = after_name + attributes_end + if self_closing { 2 } else { 1 };
    let mut content = None;
    if !self_closing {
        let closing = format!("[/{name}]");
        if let Some(found) = text[end..].find(&closing) {
            content = Some(&text[end..end + found]);
            end += found + closing.len();
        }
    }
    let doubled_end = text[end..].starts_with(']');
    let escaped = doubled && doubled_end;
    let length = if doubled_end { end + 1 } else { end };
    Some(Found {
        shortcode: Shortcode {
            name,
            attributes: parse_attributes(attributes_text),
            content,
        },
        length,
        escaped,
        leading: if doubled && !escaped { "[" } else { "" },
        trailing: if doubled_end && !escaped { "]" } else { "" },
    })
}

/// Where a shortcode's attributes end in `text` (which follows its name), and whether it
/// closes itself (`/]`). A `/` followed by anything but `]` belongs to the attributes.
fn attributes_end(text: &str) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b']' => return Some((index, false)),
            b'/' if bytes.get(index + 1) == Some(&b']') => return Some((index, true)),
            b'[' => return None,
            _ => index += 1,
        }
    }
    None
}

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"#,
    )
    .unwrap_or_else(|error| panic!("the shortcode attribute pattern is wrong: {error}"))
});

/// A shortcode's attributes, as WordPress's `shortcode_parse_atts` reads them.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let text = text.replace(['\u{A0}', '\u{200B}'], " ");
    let mut attributes = Vec::new();
    let mut position = 0;
    for captures in ATTRIBUTE.captures_iter(&text) {
        let named = [(1, 2), (3, 4), (5, 6)]
            .into_iter()
            .find_map(|(name, value)| Some((captures.get(name)?, captures.get(value)?)));
        if let Some((name, value)) = named {
            attributes.push((name.as_str().to_lowercase(), value.as_str().to_owned()));
        } else if let Some(value) = [7, 8, 9].into_iter().find_map(|group| captures.get(group)) {
            attributes.push((position.to_string(), value.as_str().to_owned()));
            position += 1;
        }
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> bool {
        matches!(name, "caption" | "gallery" | "embed")
    }

    fn describe(text: &str) -> String {
        replace_shortcodes(text, &known, &mut |shortcode| {
            format!(
                "<{}{:?}{}>",
                shortcode.name,
                shortcode.attributes,
                shortcode
                    .content
                    .map(|content| format!(" with {content}"))
                    .unwrap_or_default()
            )
        })
    }

    #[test]
    fn reads_attributes_in_every_quoting() {
        assert_eq!(
            describe(r#"[gallery ids="1,2" columns='3' size=large link]"#),
            r#"<gallery[("ids", "1,2"), ("columns", "3"), ("size", "large"), ("0", "link")]>"#
        );
    }

    #[test]
    fn reads_enclosed_content_and_self_closing_tags() {
        assert_eq!(
            describe("a [caption id=\"x\"]<img src=\"a.jpg\"> Cap[/caption] b [gallery /]"),
            "a <caption[(\"id\", \"x\")] with <img src=\"a.jpg\"> Cap> b <gallery[]>"
        );
        assert_eq!(
            describe("[embed]https://video.example/1[/embed]"),
            "<embed[] with https://video.example/1>"
        );
    }

    #[test]
    fn unknown_and_escaped_shortcodes_stay_as_text() {
        assert_eq!(
            describe("[contact-form-7 id=\"5\"]"),
            "[contact-form-7 id=\"5\"]"
        );
        assert_eq!(
            describe("[[gallery]] and [galleryx]"),
            "[gallery] and [galleryx]"
        );
        assert_eq!(describe("[ not a shortcode ]"), "[ not a shortcode ]");
        assert_eq!(describe("[gallery"), "[gallery");
    }
}
