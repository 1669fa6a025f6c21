//! A feed whose items carry scripts, event handlers, frames, forms, tracking pixels and
//! `javascript:` links: nothing active survives, and what is left is absolute.

use crate::support::{fixture, parse};

#[test]
fn nothing_active_survives() {
    let feed = parse(&fixture("hostile_items.xml"), None);
    let item = &feed.items[0];
    assert_eq!(
        item.title, "Click <script>alert(1)</script>here",
        "a text title stays text"
    );
    let everything = format!(
        "{}{}",
        item.content_html,
        item.summary_html.as_deref().unwrap()
    );
    for forbidden in [
        "<script",
        "script>",
        "<style",
        "<iframe",
        "<object",
        "<form",
        "<input",
        "onclick",
        "onmouseover",
        "onerror",
        "javascript:",
        "JaVaScRiPt",
        "data:",
        "pixel.gif",
        "evil.example",
        "steal",
    ] {
        assert!(
            !everything.contains(forbidden),
            "{forbidden} survived in {everything}"
        );
    }
    assert!(item.content_html.contains(
        r#"<a href="https://hostile.example/safe" rel="nofollow noopener noreferrer">safe</a>"#
    ));
    assert!(item.content_html.contains(
        r#"<img src="https://hostile.example/photo.jpg" alt="Photo" width="640" height="480">"#
    ));
    assert_eq!(item.summary_html.as_deref(), Some("<p>Summary</p>"));
    assert_eq!(
        item.image.as_ref().unwrap().as_str(),
        "https://hostile.example/big.jpg"
    );
}
