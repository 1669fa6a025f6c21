//! Small feeds in every format, kept as reviewed snapshots so that any change to what
//! readers get shows up as a diff.

use crate::fixtures::{small_article_feed, small_feed};
use gazette_feeds::{to_atom, to_json_feed, to_rss};

/// The writers put everything on one line; one element per line reads better in a diff.
/// CDATA sections stay glued to their element. Only for feeds whose texts hold no `><`.
fn one_element_per_line(xml: &str) -> String {
    xml.replace("><", ">\n<")
        .replace(">\n<![CDATA[", "><![CDATA[")
        .replace("]]>\n<", "]]><")
}

/// The JSON laid out one field per line.
fn pretty(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn rss() {
    insta::assert_snapshot!(one_element_per_line(&to_rss(&small_feed())));
}

#[test]
fn atom() {
    insta::assert_snapshot!(one_element_per_line(&to_atom(&small_feed())));
}

#[test]
fn article_rss() {
    insta::assert_snapshot!(one_element_per_line(&to_rss(&small_article_feed())));
}

#[test]
fn article_atom() {
    insta::assert_snapshot!(one_element_per_line(&to_atom(&small_article_feed())));
}

#[test]
fn article_json_feed() {
    insta::assert_snapshot!(pretty(&to_json_feed(&small_article_feed())));
}
