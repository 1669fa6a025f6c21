//! The documents the tests write, and helpers to compare what comes back.
//!
//! [`comment_feed`] takes the noise to sprinkle into every text: the tests write it with
//! characters XML forbids and expect to read back the same feed built without them.

use gazette_domain::Timestamp;
use gazette_feeds::{EntryImage, EntrySource, FeedDocument, FeedEntry};

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
                content_html: Some(format!(
                    "<p>Close the CDATA: ]]> and again ]]]]>{noise}<b>bold</b></p>\
                     <p>&amp; is not & and \"double\" is not 'single' 😀</p>"
                )),
                ..comment_entry()
            },
            FeedEntry {
                id: format!("tag:news.example,2024:comment-11{noise}"),
                url: format!("{article}#comment-11"),
                title: format!("By: Zoë & “Co” <script>alert(1)</script>{noise}"),
                author_name: format!("Zoë & “Co” 🦀 <b>{noise}"),
                published: instant("2024-04-03T07:05:09Z"),
                updated: instant("2024-04-25T23:59:01.5Z"),
                content_html: Some(format!(
                    "<p>\u{202E}reversed\u{202C} text, {long_word}{noise}</p>\
                     <pre>tab\there\nnew line</pre><script>alert(\"x\")</script>"
                )),
                ..comment_entry()
            },
        ],
    }
}

/// An entry with nothing in it, for the fields a comment leaves empty.
fn comment_entry() -> FeedEntry {
    FeedEntry {
        id: String::new(),
        url: String::new(),
        title: String::new(),
        author_name: String::new(),
        published: instant("2024-04-01T00:00:00Z"),
        updated: instant("2024-04-01T00:00:00Z"),
        summary: None,
        content_html: None,
        categories: Vec::new(),
        image: None,
        source: None,
    }
}

/// The site's feed of articles, whose texts try hard to break XML and JSON; `noise` goes
/// into every text. The first article came in through a source's feed, the second was
/// republished by hand, the third is the site's own.
pub fn article_feed(noise: &str) -> FeedDocument {
    let site = "https://news.example";
    FeedDocument {
        title: format!("The Ledger{noise} & <Friends>"),
        description: format!("Independent news{noise}, “quoted”"),
        site_url: format!("{site}/"),
        self_url: format!("{site}/feed/"),
        language: Some("en".to_owned()),
        updated: instant("2024-04-24T12:30:00Z"),
        entries: vec![
            FeedEntry {
                id: format!("{site}/?p=42"),
                url: format!("{site}/2024/04/24/mussels-return/"),
                title: format!("Mussels return{noise} </script><script>alert(1)</script>"),
                author_name: format!("Wire Desk{noise}"),
                published: instant("2024-04-24T09:00:00Z"),
                updated: instant("2024-04-24T12:30:00Z"),
                summary: Some(format!(
                    "Survey teams counted more mussels{noise} & <more>."
                )),
                content_html: Some(format!(
                    "<p>Survey teams counted ]]> more{noise} mussels.</p>\n\
                     <p class=\"credit\">Credit: <a href=\"https://trivalley.example/mussels?a=1&amp;b=2\">Tri-Valley &amp; Co</a></p>"
                )),
                categories: vec![
                    "Environment".to_owned(),
                    format!("Rivers & <Lakes>{noise}"),
                    "Zoë".to_owned(),
                ],
                image: Some(EntryImage {
                    url: format!("{site}/media/2024/04/mussels-0123456789.jpg"),
                    length_bytes: 48_213,
                    media_type: "image/jpeg".to_owned(),
                }),
                source: Some(EntrySource {
                    name: format!("Tri-Valley & Co{noise}"),
                    url: "https://trivalley.example/mussels?a=1&b=2".to_owned(),
                    feed_url: Some("https://trivalley.example/feed.xml".to_owned()),
                    published: Some(instant("2024-04-23T18:00:00Z")),
                }),
            },
            FeedEntry {
                id: format!("{site}/?p=41"),
                url: format!("{site}/2024/04/23/ferry-timetable/"),
                title: "Ferry timetable changes".to_owned(),
                author_name: "Ada Editor".to_owned(),
                published: instant("2024-04-23T08:15:00Z"),
                updated: instant("2024-04-23T08:15:00Z"),
                summary: Some("Boats leave earlier from May.".to_owned()),
                content_html: Some("<p>Boats leave earlier from May.</p>".to_owned()),
                categories: vec!["Transport".to_owned()],
                image: None,
                source: Some(EntrySource {
                    name: "Harbour Gazette".to_owned(),
                    url: "https://harbour.example/ferries".to_owned(),
                    feed_url: None,
                    published: None,
                }),
            },
            FeedEntry {
                id: format!("{site}/?p=40"),
                url: format!("{site}/2024/04/22/council-passes-the-budget/"),
                title: "Council passes the budget".to_owned(),
                author_name: "Ada Editor".to_owned(),
                published: instant("2024-04-22T16:00:00Z"),
                updated: instant("2024-04-22T17:05:00Z"),
                summary: None,
                content_html: Some("<p>The vote was 7 to 2.</p>".to_owned()),
                categories: Vec::new(),
                image: None,
                source: None,
            },
        ],
    }
}

/// `document` as a feed that carries only summaries.
pub fn excerpts_only(mut document: FeedDocument) -> FeedDocument {
    for entry in &mut document.entries {
        entry.content_html = None;
    }
    document
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
            content_html: Some("<p>Good news &amp; long overdue.</p>".to_owned()),
            ..comment_entry()
        }],
    }
}

/// A small article feed for snapshots: one republished article with an image.
pub fn small_article_feed() -> FeedDocument {
    let full = article_feed("");
    let entry = FeedEntry {
        title: "Mussels return".to_owned(),
        summary: Some("Survey teams counted more mussels.".to_owned()),
        content_html: Some("<p>Survey teams counted more mussels.</p>".to_owned()),
        categories: vec!["Environment".to_owned(), "Rivers".to_owned()],
        ..full.entries[0].clone()
    };
    FeedDocument {
        title: "The Ledger".to_owned(),
        description: "Independent news".to_owned(),
        entries: vec![entry],
        ..full
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
