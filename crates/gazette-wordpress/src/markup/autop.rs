//! WordPress's `wpautop`: the paragraphs of the classic editor, where a blank line starts a
//! new paragraph and a single line break is a `<br />`, while block-level HTML is left as
//! it stands. This follows WordPress's own function step by step, so that an article reads
//! the way it did on the old site; `<pre>` blocks are left untouched.

use regex::{Captures, Regex};
use std::sync::LazyLock;

/// The block-level elements that are never wrapped in a paragraph.
const ALL_BLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

/// Stands for a line break inside a tag or a comment while paragraphs are made.
const NEWLINE_IN_TAG: &str = " <!-- wpnl --> ";
/// Stands for a line break inside `<script>`, `<style>`, `<svg>` or `<math>`.
const PRESERVED_NEWLINE: &str = "<WPPreserveNewline />";

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|error| panic!("the pattern `{pattern}` is wrong: {error}"))
}

macro_rules! pattern {
    ($name:ident, $text:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| regex(&$text));
    };
}

pattern!(DOUBLE_BR, r"<br\s*/?>\s*<br\s*/?>");
pattern!(BLOCK_OPEN, format!(r"(<{ALL_BLOCKS}[\s/>])"));
pattern!(BLOCK_CLOSE, format!(r"(</{ALL_BLOCKS}>)"));
pattern!(HR, r"(<hr\s*?/?>)");
pattern!(BEFORE_OPTION, r"\s*<option");
pattern!(AFTER_OPTION, r"</option>\s*");
pattern!(OBJECT_OPEN, r"(<object[^>]*>)\s*");
pattern!(OBJECT_CLOSE, r"\s*</object>");
pattern!(OBJECT_PARTS, r"\s*(</?(?:param|embed)[^>]*>)\s*");
pattern!(MEDIA_OPEN, r"([<\[](?:audio|video)[^>\]]*[>\]])\s*");
pattern!(MEDIA_CLOSE, r"\s*([<\[]/(?:audio|video)[>\]])");
pattern!(MEDIA_SOURCES, r"\s*(<(?:source|track)[^>]*>)\s*");
pattern!(BEFORE_FIGCAPTION, r"\s*(<figcaption[^>]*>)");
pattern!(AFTER_FIGCAPTION, r"</figcaption>\s*");
pattern!(MANY_BREAKS, r"\n\n+");
pattern!(PARAGRAPH_BREAK, r"\n\s*\n");
pattern!(EMPTY_PARAGRAPH, r"<p>\s*</p>");
pattern!(UNCLOSED_IN_BLOCK, r"<p>([^<]+)</(div|address|form)>");
pattern!(
    WRAPPED_BLOCK_TAG,
    format!(r"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>")
);
pattern!(WRAPPED_ITEM, r"<p>(<li.+?)</p>");
pattern!(WRAPPED_BLOCKQUOTE, r"(?i)<p><blockquote([^>]*)>");
pattern!(
    P_BEFORE_BLOCK_TAG,
    format!(r"<p>\s*(</?{ALL_BLOCKS}[^>]*>)")
);
pattern!(
    P_AFTER_BLOCK_TAG,
    format!(r"(</?{ALL_BLOCKS}[^>]*>)\s*</p>")
);
pattern!(
    BR_AFTER_BLOCK_TAG,
    format!(r"(</?{ALL_BLOCKS}[^>]*>)\s*<br />")
);
pattern!(
    BR_BEFORE_BLOCK_TAG,
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"
);
pattern!(TRAILING_NEWLINE_IN_P, r"\n</p>$");
pattern!(SCRIPT, r"(?s)<script.*?</script>");
pattern!(STYLE, r"(?s)<style.*?</style>");
pattern!(SVG, r"(?s)<svg.*?</svg>");
pattern!(MATH, r"(?s)<math.*?</math>");

/// `text` with WordPress's paragraphs and line breaks, as `wpautop($text)` makes them.
pub(crate) fn wpautop(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let mut text = format!("{text}\n");
    let pre_blocks = set_aside_pre_blocks(&mut text);
    text = DOUBLE_BR.replace_all(&text, "\n\n").into_owned();
    text = BLOCK_OPEN.replace_all(&text, "\n\n$1").into_owned();
    text = BLOCK_CLOSE.replace_all(&text, "$1\n\n").into_owned();
    text = HR.replace_all(&text, "$1\n\n").into_owned();
    text = text.replace("\r\n", "\n").replace('\r', "\n");
    text = replace_newlines_in_tags(&text);
    if text.contains("<option") {
        text = BEFORE_OPTION.replace_all(&text, "<option").into_owned();
        text = AFTER_OPTION.replace_all(&text, "</option>").into_owned();
    }
    if text.contains("</object>") {
        text = OBJECT_OPEN.replace_all(&text, "$1").into_owned();
        text = OBJECT_CLOSE.replace_all(&text, "</object>").into_owned();
        text = OBJECT_PARTS.replace_all(&text, "$1").into_owned();
    }
    if text.contains("<source") || text.contains("<track") {
        text = MEDIA_OPEN.replace_all(&text, "$1").into_owned();
        text = MEDIA_CLOSE.replace_all(&text, "$1").into_owned();
        text = MEDIA_SOURCES.replace_all(&text, "$1").into_owned();
    }
    if text.contains("<figcaption") {
        text = BEFORE_FIGCAPTION.replace_all(&text, "$1").into_owned();
        text = AFTER_FIGCAPTION
            .replace_all(&text, "</figcaption>")
            .into_owned();
    }
    text = MANY_BREAKS.replace_all(&text, "\n\n").into_owned();
    let mut paragraphs = String::with_capacity(text.len() + text.len() / 8);
    for paragraph in PARAGRAPH_BREAK
        .split(&text)
        .filter(|paragraph| !paragraph.is_empty())
    {
        paragraphs.push_str("<p>");
        paragraphs.push_str(paragraph.trim_matches('\n'));
        paragraphs.push_str("</p>\n");
    }
    text = paragraphs;
    text = EMPTY_PARAGRAPH.replace_all(&text, "").into_owned();
    text = UNCLOSED_IN_BLOCK
        .replace_all(&text, "<p>$1</p></$2>")
        .into_owned();
    text = WRAPPED_BLOCK_TAG.replace_all(&text, "$1").into_owned();
    text = WRAPPED_ITEM.replace_all(&text, "$1").into_owned();
    text = WRAPPED_BLOCKQUOTE
        .replace_all(&text, "<blockquote$1><p>")
        .into_owned();
    text = text.replace("</blockquote></p>", "</p></blockquote>");
    text = P_BEFORE_BLOCK_TAG.replace_all(&text, "$1").into_owned();
    text = P_AFTER_BLOCK_TAG.replace_all(&text, "$1").into_owned();
    text = line_breaks(&text);
    text = BR_AFTER_BLOCK_TAG.replace_all(&text, "$1").into_owned();
    text = BR_BEFORE_BLOCK_TAG.replace_all(&text, "$1").into_owned();
    text = TRAILING_NEWLINE_IN_P.replace(&text, "</p>").into_owned();
    for (placeholder, block) in pre_blocks {
        text = text.replace(&placeholder, &block);
    }
    if text.contains("<!-- wpnl -->") {
        text = text
            .replace(NEWLINE_IN_TAG, "\n")
            .replace("<!-- wpnl -->", "\n");
    }
    text
}

/// Takes every `<pre>…</pre>` out of `text`, leaving a placeholder, and returns the
/// placeholders with the blocks they stand for.
fn set_aside_pre_blocks(text: &mut String) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    if !text.contains("<pre") {
        return blocks;
    }
    let mut parts: Vec<&str> = text.split("</pre>").collect();
    let last = parts.pop().unwrap_or_default();
    let mut rebuilt = String::with_capacity(text.len());
    for part in parts {
        match part.find("<pre") {
            Some(start) => {
                let placeholder = format!("<pre wp-pre-tag-{}></pre>", blocks.len());
                blocks.push((placeholder.clone(), format!("{}</pre>", &part[start..])));
                rebuilt.push_str(&part[..start]);
                rebuilt.push_str(&placeholder);
            }
            // A `</pre>` that opens nothing: left as it was written, less the end tag,
            // as WordPress does.
            None => rebuilt.push_str(part),
        }
    }
    rebuilt.push_str(last);
    *text = rebuilt;
    blocks
}

/// `text` with every line break inside a tag or an HTML comment replaced by a
/// placeholder, so that breaking paragraphs never splits a tag.
fn replace_newlines_in_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|close| close + 3)
        } else {
            tail[1..].find(['>', '<']).map(|close| {
                if tail.as_bytes()[close + 1] == b'>' {
                    close + 2
                } else {
                    close + 1
                }
            })
        }
        .unwrap_or(tail.len());
        out.push_str(&tail[..end].replace('\n', NEWLINE_IN_TAG));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Single line breaks made `<br />`, except inside `<script>`, `<style>`, `<svg>` and
/// `<math>`, and where a `<br />` already ends the line.
fn line_breaks(text: &str) -> String {
    let preserve = |captures: &Captures<'_>| captures[0].replace('\n', PRESERVED_NEWLINE);
    let mut text = SCRIPT.replace_all(text, preserve).into_owned();
    for pattern in [&*STYLE, &*SVG, &*MATH] {
        text = pattern.replace_all(&text, preserve).into_owned();
    }
    let text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text.as_str();
    while let Some(newline) = rest.find('\n') {
        let before = rest[..newline].trim_end_matches(char::is_whitespace);
        out.push_str(before);
        if !before.ends_with("<br />") {
            out.push_str("<br />");
        }
        out.push('\n');
        rest = &rest[newline + 1..];
    }
    out.push_str(rest);
    out.replace(PRESERVED_NEWLINE, "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_make_paragraphs_and_single_ones_breaks() {
        assert_eq!(
            wpautop("First line\nsecond line\n\nNext paragraph"),
            "<p>First line<br />\nsecond line</p>\n<p>Next paragraph</p>\n"
        );
    }

    #[test]
    fn block_elements_are_not_wrapped() {
        assert_eq!(
            wpautop("Intro\n<h2>Title</h2>\nText\n<ul>\n<li>One</li>\n</ul>"),
            "<p>Intro</p>\n<h2>Title</h2>\n<p>Text</p>\n<ul>\n<li>One</li>\n</ul>\n"
        );
    }

    #[test]
    fn pre_blocks_and_tags_keep_their_line_breaks() {
        let text = "Code:\n\n<pre>a\n\nb</pre>\n\n<a\nhref=\"/x\">link</a>";
        let converted = wpautop(text);
        assert!(converted.contains("<pre>a\n\nb</pre>"), "{converted}");
        assert!(
            converted.contains("<a\nhref=\"/x\">link</a>"),
            "{converted}"
        );
        assert!(converted.starts_with("<p>Code:</p>"), "{converted}");
    }

    #[test]
    fn blank_text_gives_nothing() {
        assert_eq!(wpautop(" \n\t"), "");
    }
}
