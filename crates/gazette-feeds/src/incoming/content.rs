//! Making another outlet's HTML safe to publish, and its titles plain text.
//!
//! The policy is this module's own rather than one of `gazette-render`'s: syndicated HTML
//! needs what staff and readers' HTML does not — relative addresses resolved against each
//! item's own base, links marked `nofollow noopener noreferrer`, tracking pixels removed —
//! and the feed reader has no business pulling in the theme engine and Markdown, which
//! come with `gazette-render`.
//!
//! What survives: formatting, headings, lists, quotes, tables, figures, links (http, https,
//! mailto, tel) and images. What does not: scripts and styles with their content, frames,
//! objects, embeds, forms and their controls, event handlers and every other attribute not
//! listed, `javascript:` and `data:` addresses, comments, and images of two pixels or less
//! on a side (tracking pixels) or with no address left.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use gazette_domain::text::{
    clean_single_line, serialised_tag_end, text_of_sanitised_html, unescape_serialised_text,
};
use url::Url;

/// The `rel` every link in syndicated content carries: search engines are told not to
/// vouch for it, and the page opened learns nothing about the page that opened it.
pub const SYNDICATED_LINK_REL: &str = "nofollow noopener noreferrer";

/// Elements dropped together with everything inside them.
const DROPPED_WITH_CONTENT: [&str; 13] = [
    "script", "style", "iframe", "frame", "object", "embed", "form", "noscript", "template",
    "textarea", "select", "button", "svg",
];

/// Images this small on either side are tracking pixels, not pictures.
const LARGEST_TRACKING_PIXEL_SIDE: u32 = 2;

/// The policy for syndicated HTML; each use sets the base relative addresses are resolved
/// against.
fn policy() -> Builder<'static> {
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .add_tags(["figure", "figcaption"])
        .clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT))
        .link_rel(Some(SYNDICATED_LINK_REL));
    builder
}

thread_local! {
    /// The policy, built once per thread: building it costs as much as cleaning a short
    /// item, and only the base changes from one item to the next.
    static POLICY: RefCell<Builder<'static>> = RefCell::new(policy());
}

/// Keeps the text of HTML and nothing else.
static TEXT_ONLY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder.clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT));
    builder
});

/// `html` from a feed made safe to publish, its relative addresses resolved against `base`.
pub fn clean_syndicated_html(html: &str, base: &Url) -> String {
    let cleaned = POLICY.with_borrow_mut(|policy| {
        policy
            .url_relative(UrlRelative::RewriteWithBase(base.clone()))
            .clean(html)
            .to_string()
    });
    without_tracking_pixels(&cleaned)
}

/// Plain text, escaped and laid out as HTML paragraphs (blank lines) and line breaks.
pub(crate) fn text_to_html(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n");
    let mut html = String::with_capacity(normalised.len() + 16);
    for paragraph in normalised.split("\n\n").map(str::trim) {
        if !paragraph.is_empty() {
            html.push_str("<p>");
            html.push_str(&escape_html(paragraph).replace('\n', "<br>"));
            html.push_str("</p>");
        }
    }
    html
}

/// The text `html` shows, on one line: tags dropped (scripts and styles with their
/// content), entities decoded, white space folded.
pub(crate) fn html_to_text(html: &str) -> String {
    let escaped = TEXT_ONLY.clean(html).to_string();
    clean_single_line(&unescape_serialised_text(&escaped))
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// The text of HTML that [`clean_syndicated_html`] made, on one line, read without
/// parsing it again: ammonia's serialiser wrote it in the strict form that
/// `gazette_domain::text::text_of_sanitised_html` reads (see also
/// [`without_tracking_pixels`]).
pub fn text_of_cleaned_html(html: &str) -> String {
    text_of_sanitised_html(html)
}

/// `html`, as html5ever serialises it, without tracking pixels and images left without an
/// address. In that form every `<` outside a tag starts a tag (text has its `<` escaped)
/// and attribute values are double-quoted without a `"` inside, so tags are found exactly.
fn without_tracking_pixels(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        kept.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = serialised_tag_end(rest).unwrap_or(rest.len());
        let tag = &rest[..end];
        if !is_unwanted_image(tag) {
            kept.push_str(tag);
        }
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

/// Whether `tag` is an `<img>` that is a tracking pixel or has no address.
fn is_unwanted_image(tag: &str) -> bool {
    let Some(attributes) = tag.strip_prefix("<img") else {
        return false;
    };
    if !attributes.starts_with([' ', '>', '/']) {
        return false;
    }
    let tiny = ["width", "height"].iter().any(|side| {
        attribute_value(attributes, side)
            .and_then(leading_number)
            .is_some_and(|pixels| pixels <= LARGEST_TRACKING_PIXEL_SIDE)
    });
    tiny || attribute_value(attributes, "src").is_none_or(str::is_empty)
}

/// The value of attribute `name` in a serialised tag's attributes.
fn attribute_value<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = attributes.find(&needle)? + needle.len();
    let length = attributes[start..].find('"')?;
    Some(&attributes[start..start + length])
}

/// The whole number `value` starts with (`1`, `1px`, ` 2 `).
fn leading_number(value: &str) -> Option<u32> {
    let value = value.trim();
    let digits = value.len() - value.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    value[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        clean_syndicated_html(
            html,
            &Url::parse("https://news.example/2024/story.html").unwrap(),
        )
    }

    #[test]
    fn drops_everything_active() {
        let cleaned = clean(concat!(
            r#"<p onclick="steal()" style="color:red">Hi<script>alert(1)</script></p>"#,
            r#"<style>p{}</style><iframe src="https://evil.example/"></iframe>"#,
            r#"<object data="x.swf"></object><embed src="x.swf">"#,
            r#"<form action="/x"><input name="q"><button>Go</button></form>"#,
            r#"<a href="javascript:alert(1)">js</a><a href="data:text/html,x">data</a>"#,
            r#"<img src="data:image/png;base64,AAAA"><!-- note -->"#,
        ));
        assert_eq!(
            cleaned,
            r#"<p>Hi</p><a rel="nofollow noopener noreferrer">js</a><a rel="nofollow noopener noreferrer">data</a>"#
        );
    }

    #[test]
    fn resolves_relative_addresses_and_marks_links() {
        let cleaned =
            clean(r#"<a href="/about">About</a> <img src="pic.jpg" alt="A" width="640">"#);
        assert_eq!(
            cleaned,
            r#"<a href="https://news.example/about" rel="nofollow noopener noreferrer">About</a> <img src="https://news.example/2024/pic.jpg" alt="A" width="640">"#
        );
    }

    #[test]
    fn removes_tracking_pixels_but_not_pictures() {
        let cleaned = clean(concat!(
            r#"<p>Text<img src="https://t.example/p.gif" width="1" height="1">"#,
            r#"<img src="https://t.example/q.gif" height="2px">"#,
            r#"<img alt="a > b" src="https://img.example/real.jpg" width="300" height="200"></p>"#,
        ));
        assert_eq!(
            cleaned,
            r#"<p>Text<img alt="a &gt; b" src="https://img.example/real.jpg" width="300" height="200"></p>"#
        );
    }

    #[test]
    fn plain_text_becomes_escaped_paragraphs() {
        assert_eq!(
            text_to_html("Fish & <chips>\nwith salt\n\nSecond"),
            "<p>Fish &amp; &lt;chips&gt;<br>with salt</p><p>Second</p>"
        );
    }

    #[test]
    fn cleaned_html_gives_its_text_with_words_apart_between_blocks() {
        let cleaned = clean(concat!(
            "<h2>Vote</h2><p>The <strong>council</strong> met<br>today &amp; \"agreed\" ",
            "3 &lt; 4.</p><ul><li>One</li><li>Two</li></ul>",
            r#"<p><a href="/x">Read</a>&nbsp;more<img src="/a.jpg" alt="a > b">end</p>"#,
        ));
        assert_eq!(
            text_of_cleaned_html(&cleaned),
            "Vote The council met today & \"agreed\" 3 < 4. One Two Read more end"
        );
        assert_eq!(text_of_cleaned_html(""), "");
        assert_eq!(text_of_cleaned_html("plain"), "plain");
    }

    #[test]
    fn html_becomes_one_line_of_text() {
        assert_eq!(
            html_to_text("Example <b>Atom</b> &amp; co<script>x()</script>\n  &lt;3"),
            "Example Atom & co <3"
        );
    }
}
