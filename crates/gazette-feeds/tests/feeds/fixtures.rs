//! The documents the tests write, and helpers to compare what comes back.
//!
//! [`comment_feed`] takes the noise to sprinkle into every text: the tests write it with
//! characters XML forbids and expect to read back the same feed built without them.

use gazette_domain::Timestamp;
use gazette_feeds::{FeedDocument, FeedEntry};

/// Characters XML 1.0 forbids: the writers must drop every one of them.
pub const FORBIDDEN: &str = "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1B}\u{1F}\u{FFFE}\u{FFFF}";

/// A comment feed whose texts try hard to break XML; `noise` goes into every text.
pub fn comment_feed(noise: &str) -> FeedDocument {
    let article = "https://news.example/2024/04/council-passes-the-budget";
    let long_word = "Tax".repeat(4_000);
    FeedDocument {
        title: format!("Comments on “Council passes the budget”{noise}"),
        description: format!("Readers’ comments{noise} & replies <as they come>"),
        site_url: format!("{article}{noise}"),
        self_url: format!("{article}/comments/feed{noise}"),
        language: Some(format!("en{noise}")),
        updated: instant("2024-04-26T18:45:59.999999Z"),
        entries: vec![
            FeedEntry {
                id: format!("{article}#comment-12{noise}"),
                url: format!("{article}#comment-12{noise}"),
                title: format!("By: Ada{noise} Lovelace"),
                author_name: format!("Ada{noise} Lovelace"),
                published: instant("2024-04-26T18:45:59.999999Z"),
                updated: instant("2024-04-26T18:45:59.999999Z"),
                content_html: format!(
                    "<p>Close the CDATA: ]]> and again ]]]]>{noise}<b>bold</b></p>\
                     <p>&amp; is not & and \"double\" is not 'single' 😀</p>"
                ),
            },
            FeedEntry {
                id: format!("tag:news.example,2024:comment-11{noise}"),
                url: format!("{article}#comment-11"),
                title: format!("By: Zoë & “Co” <script>alert(1)</script>{noise}"),
                author_name: format!("Zoë & “Co” 🦀 <b>{noise}"),
                published: instant("2024-04-03T07:05:09Z"),
                updated: instant("2024-04-25T23:59:01.5Z"),
                content_html: format!(
                    "<p>\u{202E}reversed\u{202C} text, {long_word}{noise}</p>\
                     <pre>tab\there\nnew line</pre><script>alert(\"x\")</script>"
                ),
            },
        ],
    }
}

/// A small, well-behaved feed for snapshots.
pub fn small_feed() -> FeedDocument {
    let article = "https://news.example/2024/04/council-passes-the-budget";
    FeedDocument {
        title: "Comments on “Council passes the budget”".to_owned(),
        description: "Readers’ comments".to_owned(),
        site_url: article.to_owned(),
        self_url: format!("{article}/comments/feed"),
        language: Some("en".to_owned()),
        updated: instant("2024-04-26T18:45:00Z"),
        entries: vec![FeedEntry {
            id: format!("{article}#comment-12"),
            url: format!("{article}#comment-12"),
            title: "By: Ada Lovelace".to_owned(),
            author_name: "Ada Lovelace".to_owned(),
            published: instant("2024-04-26T18:45:00Z"),
            updated: instant("2024-04-26T18:50:00Z"),
            content_html: "<p>Good news &amp; long overdue.</p>".to_owned(),
        }],
    }
}

/// A feed with nothing in it yet.
pub fn empty_feed() -> FeedDocument {
    FeedDocument {
        entries: Vec::new(),
        ..small_feed()
    }
}

/// The instant written in RFC 3339 as `text`.
pub fn instant(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Whole seconds since the Unix epoch, the precision feeds carry.
pub fn whole_seconds(instant: Timestamp) -> i64 {
    instant.as_microseconds().div_euclid(1_000_000)
}

/// The texts of every `<name>` element in `xml`, for elements without attributes.
pub fn element_texts<'xml>(xml: &'xml str, name: &str) -> Vec<&'xml str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    xml.split(open.as_str())
        .skip(1)
        .map(|rest| rest.split(close.as_str()).next().unwrap())
        .collect()
}

/// Fails if `xml` holds a character XML 1.0 forbids.
pub fn assert_only_xml_characters(xml: &str) {
    for character in FORBIDDEN.chars() {
        assert!(
            !xml.contains(character),
            "U+{:04X} reached the XML",
            u32::from(character)
        );
    }
}
