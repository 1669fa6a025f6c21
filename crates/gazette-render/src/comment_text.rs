//! Readers' comments are plain text. This module turns them into HTML that shows exactly
//! what was typed: paragraphs at blank lines, line breaks kept, web addresses made into
//! `rel="nofollow ugc"` links, and every other character escaped, so that markup in a
//! comment is shown as text and never runs.

use crate::sanitize;

/// Renders a comment's text as safe HTML.
pub fn to_safe_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 4 + 16);
    let normalised = text.replace("\r\n", "\n");
    let paragraphs = normalised
        .split("\n\n")
        .map(|paragraph| paragraph.trim_matches('\n'))
        .filter(|paragraph| !paragraph.trim().is_empty());
    for paragraph in paragraphs {
        html.push_str("<p>");
        for (index, line) in paragraph.split('\n').enumerate() {
            if index > 0 {
                html.push_str("<br>\n");
            }
            push_line_with_links(&mut html, line);
        }
        html.push_str("</p>\n");
    }
    // Everything above is escaped by construction; the sanitiser is the second lock.
    sanitize::clean_comment_html(&html)
}

fn push_line_with_links(html: &mut String, line: &str) {
    let mut rest = line;
    while let Some((start, end)) = next_link(rest) {
        push_escaped(html, &rest[..start]);
        let address = &rest[start..end];
        let target = if address.starts_with("www.") {
            format!("http://{address}")
        } else {
            address.to_owned()
        };
        html.push_str("<a href=\"");
        push_escaped(html, &target);
        html.push_str("\">");
        push_escaped(html, address);
        html.push_str("</a>");
        rest = &rest[end..];
    }
    push_escaped(html, rest);
}

/// What a web address in plain text starts with.
const LINK_PREFIXES: [&str; 3] = ["https://", "http://", "www."];

/// Finds the next web address in `text`: where it starts and where it ends. One pass over
/// the text, so that no comment, however it is built, costs more than its length.
fn next_link(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let matched = LINK_PREFIXES.iter().find(|prefix| {
            bytes[at..]
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
        });
        let Some(prefix) = matched else {
            at += 1;
            continue;
        };
        // The prefix is ASCII, so `at` is a character boundary.
        let at_word_start = text[..at]
            .chars()
            .next_back()
            .is_none_or(|before| !before.is_alphanumeric() && before != '/' && before != '.');
        if at_word_start {
            let end = at
                + text[at..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                    .unwrap_or(text.len() - at);
            let end = trim_trailing_punctuation(text, at, end);
            if end > at + prefix.len() {
                return Some((at, end));
            }
        }
        at += prefix.len();
    }
    None
}

/// Sentence punctuation right after an address belongs to the sentence, not the address;
/// a closing parenthesis stays only when the address opened one.
fn trim_trailing_punctuation(text: &str, start: usize, mut end: usize) -> usize {
    let address = &text[start..end];
    let opened = address.matches('(').count();
    let mut closed = address.matches(')').count();
    while end > start {
        let last = text[start..end].chars().next_back().unwrap_or(' ');
        let keep = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => false,
            ')' => opened >= closed,
            _ => true,
        };
        if keep {
            break;
        }
        if last == ')' {
            closed -= 1;
        }
        end -= last.len_utf8();
    }
    end
}

/// Writes `text` with every character that means something in HTML escaped.
pub(crate) fn push_escaped(html: &mut String, text: &str) {
    for character in text.chars() {
        match character {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            other => html.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_shapes_cost_no_more_than_their_length() {
        // Each of these once took quadratic time; they must now render at once.
        let crowded = "xwww.".repeat(13_000);
        assert!(to_safe_html(&crowded).contains("xwww.xwww."));
        let closing = format!("http://example.org/{}", ")".repeat(60_000));
        assert!(to_safe_html(&closing).contains("href=\"http://example.org/\""));
    }

    #[test]
    fn keeps_paragraphs_and_line_breaks() {
        assert_eq!(
            to_safe_html("First line\nsecond line\n\nNew paragraph"),
            "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>\n"
        );
    }

    #[test]
    fn markup_is_shown_as_text() {
        let html = to_safe_html("<script>alert('x')</script> <b onclick=\"y\">bold</b> & 5<10");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert('x')&lt;/script&gt; &lt;b onclick=\"y\"&gt;bold&lt;/b&gt; &amp; 5&lt;10</p>\n"
        );
    }

    #[test]
    fn links_addresses_with_nofollow_ugc() {
        let html = to_safe_html("See https://example.org/a?b=1&c=2. Or (www.example.com/x) too!");
        assert!(html.contains(r#"<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">https://example.org/a?b=1&amp;c=2</a>."#), "{html}");
        assert!(html.contains(r#"(<a href="http://www.example.com/x" rel="nofollow ugc">www.example.com/x</a>) too!"#), "{html}");
    }

    #[test]
    fn keeps_balanced_parentheses_in_addresses() {
        let html = to_safe_html("https://en.example.org/wiki/Bridge_(structure)");
        assert!(
            html.contains(r#"href="https://en.example.org/wiki/Bridge_(structure)""#),
            "{html}"
        );
    }

    #[test]
    fn does_not_link_dangerous_or_partial_schemes() {
        for text in [
            "javascript:alert(1)",
            "data:text/html,<b>x</b>",
            "xhttps://example.org",
            "http://",
            "see www.",
        ] {
            assert!(!to_safe_html(text).contains("<a "), "{text}");
        }
    }

    #[test]
    fn an_address_with_quotes_cannot_break_out_of_the_attribute() {
        let html = to_safe_html("https://example.org/\"onmouseover=alert(1)");
        assert!(!html.contains("onmouseover=alert(1)\""), "{html}");
        assert!(html.contains("href=\"https://example.org/\""), "{html}");
    }
}
