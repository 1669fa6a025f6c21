//! The credit line of a republished article as HTML, for the places the theme does not
//! render, such as the end of an article's content in the site's feeds. It is the line
//! the default theme's `article.html` ends the body with, so that feed readers show what
//! the page shows: `Credit: <a href="ORIGINAL">Source name</a>`, after the byline
//! `By Author ·` when the original's author is known.

use crate::comment_text::push_escaped;

/// `<p class="credit">Credit: <a href="original_url">source_name</a></p>`, or with an
/// `author`, `<p class="credit"><span class="byline">By author</span> · Credit: …</p>`;
/// every text escaped.
pub fn credit_line(source_name: &str, original_url: &str, author: Option<&str>) -> String {
    let mut html = String::from("<p class=\"credit\">");
    if let Some(author) = author {
        html.push_str("<span class=\"byline\">By ");
        push_escaped(&mut html, author);
        html.push_str("</span> · ");
    }
    html.push_str("Credit: <a href=\"");
    push_escaped(&mut html, original_url);
    html.push_str("\">");
    push_escaped(&mut html, source_name);
    html.push_str("</a></p>");
    html
}

#[cfg(test)]
mod tests {
    use super::credit_line;

    #[test]
    fn links_the_name_to_the_original() {
        assert_eq!(
            credit_line(
                "Valley Ledger",
                "https://ledger.example/story?a=1&b=2",
                None
            ),
            r#"<p class="credit">Credit: <a href="https://ledger.example/story?a=1&amp;b=2">Valley Ledger</a></p>"#
        );
    }

    #[test]
    fn the_original_author_comes_first_as_a_byline() {
        assert_eq!(
            credit_line(
                "Valley Ledger",
                "https://ledger.example/story",
                Some("Ada Lovelace & Grace Hopper")
            ),
            r#"<p class="credit"><span class="byline">By Ada Lovelace &amp; Grace Hopper</span> · Credit: <a href="https://ledger.example/story">Valley Ledger</a></p>"#
        );
    }

    #[test]
    fn markup_in_the_name_the_author_or_the_address_stays_text() {
        let html = credit_line(
            "</a><script>alert(1)</script>",
            "https://x.example/\"><script>",
            Some("<img src=x onerror=alert(1)>"),
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;/a&gt;&lt;script&gt;"), "{html}");
        assert!(
            html.contains("https://x.example/&quot;&gt;&lt;script&gt;"),
            "{html}"
        );
    }
}
