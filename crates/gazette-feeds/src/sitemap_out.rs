//! Writing sitemaps: a sitemap index, a set of pages' addresses, and a Google News sitemap.
//!
//! The XML is written by hand, straight into one string: a sitemap of 50,000 addresses is
//! a few megabytes of one repeated element, and a writer library would only add copies.
//! Every text is made safe for XML (characters XML forbids dropped, then `&`, `<`, `>`,
//! `"` and `'` escaped), so a headline or an address can never break the document. Dates
//! are W3C datetimes in UTC to the second (`2024-04-24T09:30:00+00:00`), as both protocols
//! ask. Which pages a sitemap lists, and how many, is the caller's business.

use crate::feed_time::feed_time;
use gazette_domain::Timestamp;
use gazette_domain::text::xml_safe;
use std::fmt::Write as _;

/// The `Content-Type` to serve every sitemap with.
pub const SITEMAP_CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// The sitemaps protocol's namespace.
const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// Google News's namespace for a news sitemap's extra elements.
const NEWS_NAMESPACE: &str = "http://www.google.com/schemas/sitemap-news/0.9";
/// The bytes one `<url>` entry takes, about, to size the output once.
const BYTES_PER_ENTRY: usize = 160;

/// An address with, when known, when what it shows last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapEntry {
    /// The absolute address.
    pub url: String,
    /// When it last changed.
    pub last_modified: Option<Timestamp>,
}

/// A news article as a news sitemap lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsEntry {
    /// The article's absolute address.
    pub url: String,
    /// Its headline.
    pub title: String,
    /// When it was published.
    pub published: Timestamp,
}

/// A Google News sitemap: the publication and its newest articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsSitemap {
    /// The publication's name, as Google News knows it.
    pub publication_name: String,
    /// Its language, an ISO 639 code (`zh-cn` and `zh-tw` for Chinese).
    pub language: String,
    /// Its articles, newest first.
    pub articles: Vec<NewsEntry>,
}

/// The newest of `entries`' changes, for a response's `Last-Modified`.
pub fn newest_change(entries: &[SitemapEntry]) -> Option<Timestamp> {
    entries.iter().filter_map(|entry| entry.last_modified).max()
}

/// A sitemap index naming the sitemap files in `sitemaps`.
pub fn to_sitemap_index(sitemaps: &[SitemapEntry]) -> String {
    write_entries("sitemapindex", "sitemap", sitemaps)
}

/// A sitemap listing the pages in `pages`.
pub fn to_url_set(pages: &[SitemapEntry]) -> String {
    write_entries("urlset", "url", pages)
}

/// `news` as a Google News sitemap.
pub fn to_news_sitemap(news: &NewsSitemap) -> String {
    let mut xml = String::with_capacity(256 + news.articles.len() * 2 * BYTES_PER_ENTRY);
    xml.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = write!(
        xml,
        "\n<urlset xmlns=\"{SITEMAP_NAMESPACE}\" xmlns:news=\"{NEWS_NAMESPACE}\">\n"
    );
    let name = escaped(&news.publication_name);
    let language = escaped(&news.language);
    for article in &news.articles {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{name}</news:name><news:language>{language}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
            escaped(&article.url),
            w3c_datetime(article.published),
            escaped(&article.title),
        );
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The document `<root>` of `<element>`s, each with its `<loc>` and, when known, its
/// `<lastmod>`.
fn write_entries(root: &str, element: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = String::with_capacity(128 + entries.len() * BYTES_PER_ENTRY);
    xml.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = write!(xml, "\n<{root} xmlns=\"{SITEMAP_NAMESPACE}\">\n");
    for entry in entries {
        let _ = write!(xml, "<{element}><loc>{}</loc>", escaped(&entry.url));
        if let Some(changed) = entry.last_modified {
            let _ = write!(xml, "<lastmod>{}</lastmod>", w3c_datetime(changed));
        }
        let _ = writeln!(xml, "</{element}>");
    }
    let _ = writeln!(xml, "</{root}>");
    xml
}

/// `text` safe as XML character data and attribute values.
fn escaped(text: &str) -> String {
    let safe = xml_safe(text);
    let mut out = String::with_capacity(safe.len());
    for character in safe.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

/// `instant` as a W3C datetime in UTC, to the second.
fn w3c_datetime(instant: Timestamp) -> String {
    feed_time(instant).to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_url_set_lists_each_address_with_its_change() {
        let xml = to_url_set(&[
            SitemapEntry {
                url: "https://news.example/2024/04/24/budget/".into(),
                last_modified: Some(at("2024-04-24T09:30:05.5Z")),
            },
            SitemapEntry {
                url: "https://news.example/".into(),
                last_modified: None,
            },
        ]);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <url><loc>https://news.example/2024/04/24/budget/</loc><lastmod>2024-04-24T09:30:05+00:00</lastmod></url>\n\
             <url><loc>https://news.example/</loc></url>\n\
             </urlset>\n"
        );
    }

    #[test]
    fn an_index_names_sitemaps() {
        let xml = to_sitemap_index(&[SitemapEntry {
            url: "https://news.example/sitemaps/articles-1.xml".into(),
            last_modified: None,
        }]);
        assert!(xml.contains(
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<sitemap><loc>https://news.example/sitemaps/articles-1.xml</loc></sitemap>\n</sitemapindex>"
        ));
    }

    #[test]
    fn news_titles_and_names_are_escaped_and_cleaned() {
        let xml = to_news_sitemap(&NewsSitemap {
            publication_name: "Smith & Sons' <Ledger>".into(),
            language: "en".into(),
            articles: vec![NewsEntry {
                url: "https://news.example/?a=1&b=2".into(),
                title: "Tom & \"Jerry\" </news:title>\u{0}".into(),
                published: at("2024-04-24T09:30:00Z"),
            }],
        });
        assert!(xml.contains("<news:name>Smith &amp; Sons&apos; &lt;Ledger&gt;</news:name>"));
        assert!(xml.contains("<loc>https://news.example/?a=1&amp;b=2</loc>"));
        assert!(
            xml.contains(
                "<news:title>Tom &amp; &quot;Jerry&quot; &lt;/news:title&gt;</news:title>"
            )
        );
        assert!(
            xml.contains(
                "<news:publication_date>2024-04-24T09:30:00+00:00</news:publication_date>"
            )
        );
        assert!(xml.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    }

    #[test]
    fn the_newest_change_is_the_latest_known() {
        let entries = [
            SitemapEntry {
                url: "a".into(),
                last_modified: Some(at("2024-04-20T00:00:00Z")),
            },
            SitemapEntry {
                url: "b".into(),
                last_modified: None,
            },
            SitemapEntry {
                url: "c".into(),
                last_modified: Some(at("2024-04-22T00:00:00Z")),
            },
        ];
        assert_eq!(newest_change(&entries), Some(at("2024-04-22T00:00:00Z")));
        assert_eq!(newest_change(&entries[1..2]), None);
    }
}
