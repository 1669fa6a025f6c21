//! Bodies that are no feed: each refused with an error that says what was wrong.

use gazette_feeds::FeedError;

use crate::support::{fixture, try_parse};

#[test]
fn a_billion_laughs_is_refused_unexpanded() {
    let error = try_parse(&fixture("billion_laughs.xml"), None).unwrap_err();
    assert_eq!(error, FeedError::EntityDeclarations);
    assert!(error.to_string().contains("never expands"), "{error}");
}

#[test]
fn an_html_page_is_named_as_such() {
    let error = try_parse(&fixture("html_page.html"), Some("text/html")).unwrap_err();
    assert_eq!(error, FeedError::HtmlPage);
    let without_doctype = try_parse(b"<html><body><p>Hi</p></body></html>", None).unwrap_err();
    assert_eq!(without_doctype, FeedError::HtmlPage);
}

#[test]
fn truncated_xml_is_reported_as_cut_short() {
    let error = try_parse(&fixture("truncated.xml"), None).unwrap_err();
    assert!(matches!(error, FeedError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().contains("cut short"), "{error}");
    let mid_element = try_parse(b"<rss version=\"2.0\"><channel><title>Half", None).unwrap_err();
    assert_eq!(mid_element, FeedError::Truncated { open: 3 });
}

#[test]
fn empty_bodies_and_other_documents() {
    for empty in [&b""[..], b"  \r\n\t", b"\xEF\xBB\xBF"] {
        assert_eq!(try_parse(empty, None).unwrap_err(), FeedError::Empty);
    }
    assert_eq!(
        try_parse(b"Service Unavailable", None).unwrap_err(),
        FeedError::NeitherXmlNorJson
    );
    assert_eq!(
        try_parse(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", None).unwrap_err(),
        FeedError::NotAFeed {
            root: "svg".to_owned()
        }
    );
    assert!(matches!(
        try_parse(
            br#"{"version": "https://jsonfeed.org/version/9", "items": []}"#,
            None
        )
        .unwrap_err(),
        FeedError::Json { .. }
    ));
    assert!(matches!(
        try_parse(
            b"<rss version=\"2.0\"><channel></item></channel></rss>",
            None
        )
        .unwrap_err(),
        FeedError::Malformed { .. }
    ));
}
