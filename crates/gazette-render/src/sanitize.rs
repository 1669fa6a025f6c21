//! The sanitising policies. Every piece of HTML that did not come from the theme passes
//! through one of these before it is stored: nothing outside them reaches a reader.

use ammonia::Builder;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The `rel` every link in a reader's comment carries, as on WordPress: search engines
/// are told not to vouch for it, and that it is user-generated content.
pub const COMMENT_LINK_REL: &str = "nofollow ugc";

static ARTICLE_POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .add_tags(["figure", "figcaption", "audio", "video", "source"])
        .add_tag_attributes("audio", ["src", "controls", "loop", "preload"])
        .add_tag_attributes(
            "video",
            [
                "src", "controls", "loop", "preload", "poster", "width", "height",
            ],
        )
        .add_tag_attributes("source", ["src", "type"])
        .link_rel(Some("noopener"));
    builder
});

static COMMENT_POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .add_tags(["p", "br", "a"])
        .add_tag_attributes("a", ["href"])
        .url_schemes(HashSet::from(["http", "https"]))
        .link_rel(Some(COMMENT_LINK_REL));
    builder
});

/// Cleans HTML written by staff (articles): formatting, links, images, tables, figures and
/// audio and video players survive; scripts, styles, frames, forms, event handlers and
/// autoplay do not.
pub fn clean_article_html(html: &str) -> String {
    ARTICLE_POLICY.clean(html).to_string()
}

/// Cleans HTML made from a reader's comment: only paragraphs, line breaks and http(s)
/// links, each link marked `rel="nofollow ugc"`.
pub fn clean_comment_html(html: &str) -> String {
    COMMENT_POLICY.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_policy_keeps_formatting_and_drops_script() {
        let cleaned = clean_article_html(
            r#"<h2>Hi</h2><p onclick="x()">A <a href="javascript:alert(1)">bad</a> and <a href="https://ok.example/">good</a> link<script>alert(1)</script></p><iframe src="https://x.example"></iframe><figure><img src="https://img.example/a.jpg" alt="A"><figcaption>Cap</figcaption></figure>"#,
        );
        assert!(cleaned.contains("<h2>Hi</h2>"));
        assert!(!cleaned.contains("onclick"));
        assert!(!cleaned.contains("javascript:"));
        assert!(!cleaned.contains("<script"));
        assert!(!cleaned.contains("iframe"));
        assert!(
            cleaned.contains(r#"<a href="https://ok.example/" rel="noopener">good</a>"#),
            "{cleaned}"
        );
        assert!(cleaned.contains("<figcaption>Cap</figcaption>"));
    }

    #[test]
    fn article_policy_keeps_players_without_autoplay_or_scripts() {
        let cleaned = clean_article_html(
            r#"<audio controls autoplay onplay="x()"><source src="https://media.example/a.mp3" type="audio/mpeg"><source src="javascript:alert(1)"></audio><video poster="https://media.example/p.jpg" width="640" controls></video>"#,
        );
        assert_eq!(
            cleaned,
            r#"<audio controls=""><source src="https://media.example/a.mp3" type="audio/mpeg"><source></audio><video poster="https://media.example/p.jpg" width="640" controls=""></video>"#
        );
    }

    #[test]
    fn comment_policy_allows_only_links_and_paragraphs() {
        let cleaned = clean_comment_html(
            r#"<p><b>bold</b> <a href="https://ok.example/" onmouseover="x()">ok</a> <a href="data:text/html,x">data</a><img src=x onerror=alert(1)></p>"#,
        );
        assert_eq!(
            cleaned,
            r#"<p>bold <a href="https://ok.example/" rel="nofollow ugc">ok</a> <a rel="nofollow ugc">data</a></p>"#
        );
    }
}
