//! The search page's context: the reader's words, how many articles match, and this
//! page's results with their matches marked.
//!
//! Titles and snippets reach the template as HTML built here from the store's
//! [`MarkedText`]: every stretch of text is escaped, and the only markup added is a
//! `<mark>` around each matched stretch, so no text an editor or a source wrote can become
//! markup on this page.

use super::{DateView, SiteView};
use gazette_app::SearchListing;
use gazette_domain::Timestamp;
use gazette_domain::search::{MarkedText, search_feed_path, search_page_path};
use serde::Serialize;

/// The search page: `/?s=words` and `/page/N/?s=words`.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub site: SiteView,
    pub search: SearchView,
}

/// A search and this page of its results.
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// The words searched for, as typed (cleaned and cut to length); empty when the
    /// reader searched for nothing.
    pub query: String,
    /// How many public articles match.
    pub total: u64,
    /// This page's results, best first.
    pub results: Vec<SearchResultView>,
    /// Links between the pages of the results.
    pub pagination: ResultPagesView,
    /// The search's feeds of its newest matches (RSS, Atom, JSON Feed); absent when the
    /// reader searched for nothing.
    pub feed_url: Option<String>,
    pub feed_atom_url: Option<String>,
    pub feed_json_url: Option<String>,
}

/// One article found.
#[derive(Debug, Serialize)]
pub struct SearchResultView {
    pub title: String,
    /// The title as HTML, escaped, with each matched word in `<mark>`.
    pub title_html: String,
    pub url: String,
    pub published: DateView,
    /// A stretch of the body around the matched words (`…` where it is cut), or the
    /// excerpt when only the title or the excerpt matched, as HTML: escaped, with each
    /// matched word in `<mark>`.
    pub snippet_html: String,
    pub credit_name: Option<String>,
}

/// Links between the pages of a search's results, best results first.
#[derive(Debug, Serialize)]
pub struct ResultPagesView {
    pub current: u32,
    pub total: u32,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

impl SearchPage {
    pub fn new(listing: &SearchListing, now: Timestamp) -> Self {
        let settings = &listing.settings;
        let text = listing.query.text();
        let results = listing
            .hits
            .iter()
            .map(|hit| SearchResultView {
                title: hit.title.plain(),
                title_html: marked_html(&hit.title),
                url: listing.permalinks.path(
                    hit.id,
                    &hit.slug,
                    hit.published_at,
                    hit.first_category,
                ),
                published: DateView::new(hit.published_at, settings, &settings.date_format),
                snippet_html: marked_html(&hit.snippet),
                credit_name: hit.source_name.clone(),
            })
            .collect();
        let page = listing.page;
        let feed_url = (!listing.query.is_empty()).then(|| search_feed_path(text));
        Self {
            site: SiteView::new(settings, now),
            search: SearchView {
                query: text.to_owned(),
                total: listing.total,
                results,
                pagination: ResultPagesView {
                    current: page,
                    total: listing.total_pages,
                    previous_url: (page > 1).then(|| search_page_path(text, page - 1)),
                    next_url: (page < listing.total_pages)
                        .then(|| search_page_path(text, page + 1)),
                },
                feed_atom_url: feed_url.as_ref().map(|url| format!("{url}atom/")),
                feed_json_url: feed_url.as_ref().map(|url| format!("{url}json/")),
                feed_url,
            },
        }
    }
}

/// `text` as HTML: each stretch escaped, matched ones in `<mark>`.
fn marked_html(text: &MarkedText) -> String {
    let mut html = String::new();
    for part in text.parts() {
        if part.matched {
            html.push_str("<mark>");
        }
        for character in part.text.chars() {
            match character {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                '\'' => html.push_str("&#39;"),
                other => html.push(other),
            }
        }
        if part.matched {
            html.push_str("</mark>");
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_markers_become_markup() {
        let marked = MarkedText::new(
            "<b>\u{2}Council\u{3}</b> & \"<script>alert('x')</script>\" \u{2}vote\u{2}s".into(),
        );
        assert_eq!(
            marked_html(&marked),
            "&lt;b&gt;<mark>Council</mark>&lt;/b&gt; &amp; &quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; <mark>vote</mark><mark>s</mark>"
        );
        assert_eq!(marked_html(&MarkedText::default()), "");
    }
}
