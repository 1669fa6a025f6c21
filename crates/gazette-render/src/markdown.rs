//! Editors' Markdown: rendered to sanitised HTML when an article is saved, and reduced to
//! a plain-text excerpt for lists and feeds.

use crate::sanitize;
use comrak::nodes::NodeValue;
use comrak::{Arena, Options, markdown_to_html, parse_document};

/// How many words an automatic excerpt keeps, as WordPress does.
pub const EXCERPT_WORDS: usize = 55;

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.parse.smart = true;
    // Raw HTML in Markdown is kept here and then cleaned by the sanitiser, so editors can
    // use the odd <figure> or <abbr> without ever letting a script through.
    options.render.r#unsafe = true;
    options
}

/// Renders Markdown to HTML that is safe to show as it is.
pub fn to_safe_html(markdown: &str) -> String {
    sanitize::clean_article_html(&markdown_to_html(markdown, &options()))
}

/// The first [`EXCERPT_WORDS`] words of the Markdown's text, without any markup, with `…`
/// when the text goes on.
pub fn excerpt(markdown: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options());
    let mut text = String::with_capacity(markdown.len().min(4096));
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Text(literal) => text.push_str(literal),
            NodeValue::Code(code) => text.push_str(&code.literal),
            NodeValue::SoftBreak
            | NodeValue::LineBreak
            | NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::Item(_) => text.push(' '),
            _ => {}
        }
    }
    first_words(&text)
}

/// The first [`EXCERPT_WORDS`] words of plain `text`, as [`excerpt`] makes them from
/// Markdown: for bodies that arrive as HTML (syndicated ones), whose text the caller reads.
pub fn excerpt_of_text(text: &str) -> String {
    first_words(text)
}

fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > EXCERPT_WORDS {
        format!("{}…", words[..EXCERPT_WORDS].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_and_cleans_raw_html() {
        let html = to_safe_html(
            "## Budget\n\nThe *council* voted.\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\">Raw</p>\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(html.contains("<h2>Budget</h2>"));
        assert!(html.contains("<em>council</em>"));
        assert!(html.contains("<table>"));
        assert!(!html.contains("script"));
        assert!(!html.contains("onclick"));
    }

    #[test]
    fn links_get_noopener_and_bad_schemes_vanish() {
        let html = to_safe_html("[ok](https://ok.example/) [bad](javascript:alert(1))");
        assert!(html.contains(r#"href="https://ok.example/""#));
        assert!(!html.contains("javascript"));
    }

    #[test]
    fn excerpts_of_text_are_cut_at_55_words() {
        assert_eq!(
            excerpt_of_text("The council  voted\n& left."),
            "The council voted & left."
        );
        assert!(excerpt_of_text(&"word ".repeat(60)).ends_with("word…"));
    }

    #[test]
    fn excerpts_are_plain_text_cut_at_55_words() {
        assert_eq!(
            excerpt("# Title\n\nSome **bold** `code` and a [link](https://x.example).\nNext line."),
            "Title Some bold code and a link. Next line."
        );
        let long = "word ".repeat(60);
        let cut = excerpt(&long);
        assert_eq!(cut.split_whitespace().count(), EXCERPT_WORDS);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt("<div>raw html</div>"), "");
    }
}
