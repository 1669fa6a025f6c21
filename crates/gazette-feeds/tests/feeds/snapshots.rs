//! A small feed in both formats, kept as reviewed snapshots so that any change to the
//! XML shows up as a diff.

use crate::fixtures::small_feed;
use gazette_feeds::{to_atom, to_rss};

/// The writers put everything on one line; one element per line reads better in a diff.
/// CDATA sections stay glued to their element. Only for feeds whose texts hold no `><`.
fn one_element_per_line(xml: &str) -> String {
    xml.replace("><", ">\n<")
        .replace(">\n<![CDATA[", "><![CDATA[")
        .replace("]]>\n<", "]]><")
}

#[test]
fn rss() {
    insta::assert_snapshot!(one_element_per_line(&to_rss(&small_feed())));
}

#[test]
fn atom() {
    insta::assert_snapshot!(one_element_per_line(&to_atom(&small_feed())));
}
