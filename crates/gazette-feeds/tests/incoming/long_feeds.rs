//! Long feeds, which are read in parts on every core: the same items, keys, dates and
//! repairs as when read whole.
//!
//! A feed with a comment between two of its items is read whole, so each feed here is
//! read twice, once as it is and once with such a comment, and the two readings compared.

use gazette_feeds::ParsedFeed;
use gazette_feeds::incoming::Repair;

use crate::support::parse;

/// How many items each feed has: enough for several parts.
const ITEMS: usize = 1_100;

/// A feed of `items`, with `opening` and `closing` around them, read twice: as it is, and
/// with a comment after its first item (which makes it be read whole).
fn read_both_ways(opening: &str, items: &[String], closing: &str) -> (ParsedFeed, ParsedFeed) {
    let in_parts = format!("{opening}\n{}\n{closing}", items.join("\n"));
    let whole = format!(
        "{opening}\n{}\n<!-- between -->\n{}\n{closing}",
        items[0],
        items[1..].join("\n")
    );
    (
        parse(in_parts.as_bytes(), None),
        parse(whole.as_bytes(), None),
    )
}

/// The two readings agree in everything, repairs compared in any order.
fn assert_same(mut in_parts: ParsedFeed, mut whole: ParsedFeed) {
    assert_eq!(in_parts.items.len(), ITEMS);
    let sorted = |repairs: &mut Vec<Repair>| repairs.sort_by_key(|repair| format!("{repair:?}"));
    sorted(&mut in_parts.repairs);
    sorted(&mut whole.repairs);
    assert_eq!(in_parts, whole);
}

#[test]
fn a_long_rss_feed_reads_the_same_in_parts_as_whole() {
    let opening = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wire &amp; Co</title><link>https://wire.example/</link>
<description>Stories</description><pubDate>the day before yesterday</pubDate>"#;
    let items: Vec<String> = (0..ITEMS)
        .map(|number| {
            // Every 97th item repeats an earlier guid, so the whole feed's keys fall back
            // to links: keys are chosen for the whole feed, across parts.
            let guid = if number % 97 == 50 { 1 } else { number };
            let date = if number == 700 {
                "sometime".to_owned()
            } else {
                format!(
                    "Tue, 14 Nov 2023 {:02}:{:02}:00 GMT",
                    number / 60 % 24,
                    number % 60
                )
            };
            format!(
                "<item><title>Item {number} &amp; more</title><link>/stories/{number}</link>\
                 <guid isPermaLink=\"false\">wire-{guid}</guid><pubDate>{date}</pubDate>\
                 <dc:creator>Reporter {}</dc:creator><category>Topic {}</category>\
                 <description>Summary {number}&nbsp;here</description>\
                 <content:encoded><![CDATA[<p>Body {number} <a href=\"/more/{number}\">more</a>\
                 <script>alert(1)</script></p>]]></content:encoded></item>",
                number % 7,
                number % 5
            )
        })
        .collect();
    let (in_parts, whole) = read_both_ways(opening, &items, "</channel></rss>");
    let dropped = |feed: &ParsedFeed, text: &str| {
        feed.repairs
            .iter()
            .filter(
                |repair| matches!(repair, Repair::DateDropped { text: dropped } if dropped == text),
            )
            .count()
    };
    assert_eq!(dropped(&in_parts, "the day before yesterday"), 1);
    assert_eq!(dropped(&in_parts, "sometime"), 1);
    assert_eq!(
        in_parts.items[ITEMS - 1]
            .link
            .as_ref()
            .map(url::Url::as_str),
        Some("https://source.example/stories/1099")
    );
    assert!(!in_parts.items[3].content_html.contains("script"));
    assert_same(in_parts, whole);
}

#[test]
fn a_long_atom_feed_reads_the_same_in_parts_as_whole() {
    let opening = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/news/">
<title>Atom news</title><id>urn:atom-news</id><updated>2023-11-14T10:00:00Z</updated>
<link rel="alternate" href="https://atom.example/"/>"#;
    let items: Vec<String> = (0..ITEMS)
        .map(|number| {
            format!(
                "<entry><title type=\"html\">Entry &lt;b&gt;{number}&lt;/b&gt;</title>\
                 <id>urn:entry:{number}</id><link href=\"entries/{number}\"/>\
                 <updated>2023-11-14T{:02}:{:02}:00Z</updated>\
                 <author><name>Author {}</name></author>\
                 <content type=\"html\">&lt;p&gt;Entry {number}&lt;/p&gt;</content></entry>",
                number / 60 % 24,
                number % 60,
                number % 3
            )
        })
        .collect();
    let (in_parts, whole) = read_both_ways(opening, &items, "</feed>");
    assert_eq!(
        in_parts.items[10].link.as_ref().map(url::Url::as_str),
        Some("https://atom.example/news/entries/10")
    );
    assert_same(in_parts, whole);
}

#[test]
fn a_long_rdf_feed_reads_the_same_in_parts_as_whole() {
    let opening = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF news</title><link>https://rdf.example/</link>
<description>Old style</description></channel>"#;
    let items: Vec<String> = (0..ITEMS)
        .map(|number| {
            format!(
                "<item rdf:about=\"https://rdf.example/{number}\"><title>Story {number}</title>\
                 <link>https://rdf.example/{number}</link><description>Text {number}</description></item>"
            )
        })
        .collect();
    let (in_parts, whole) = read_both_ways(opening, &items, "</rdf:RDF>");
    assert_same(in_parts, whole);
}
