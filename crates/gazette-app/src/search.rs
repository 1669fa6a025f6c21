//! Searching the site: a page of the public articles that match a reader's words, best
//! first, and the feed of a search's newest matches.
//!
//! What a reader types is read by the domain (`gazette_domain::search`: words and quoted
//! phrases, never syntax, cut to length) and matched by the store's full-text index.
//! Search pages are as long as the home page's (`posts_per_page`); a search that finds
//! nothing, or looks for nothing, has one empty page. The feed lists the `feed_items`
//! newest matches, as the site's feed lists its newest articles, so that whoever
//! follows a search sees each new match arrive.

use crate::articles::FeedChannel;
use crate::{App, AppError, AppResult};
use gazette_domain::SiteSettings;
use gazette_domain::permalink::Permalinks;
use gazette_domain::search::{SearchQuery, search_page_path};
use gazette_feeds::FeedDocument;
use gazette_store::SearchHit;

/// One page of a search's results.
#[derive(Clone, Debug)]
pub struct SearchListing {
    /// The search, as read from the reader's words.
    pub query: SearchQuery,
    /// The articles on this page, best first.
    pub hits: Vec<SearchHit>,
    /// How many public articles match.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub total_pages: u32,
    /// The site's settings, as used to build the page.
    pub settings: SiteSettings,
    /// Articles' addresses, as the page links them.
    pub permalinks: Permalinks,
}

impl App {
    /// Page `page` of the public articles that match `words`. Page 0, and pages past the
    /// last, are not found.
    pub async fn search(&self, words: &str, page: u32) -> AppResult<SearchListing> {
        if page == 0 {
            return Err(AppError::NotFound("There is no page 0.".to_owned()));
        }
        let settings = self.site_settings().await?;
        let per_page = settings.posts_per_page.max(1);
        let query = SearchQuery::parse(words);
        let offset = u64::from(page - 1) * u64::from(per_page);
        let results = self
            .db()
            .search_articles(&query, self.clock().now(), per_page, offset)
            .await?;
        let total = u64::try_from(results.total).unwrap_or(0);
        let total_pages = u32::try_from(total.div_ceil(u64::from(per_page)))
            .unwrap_or(u32::MAX)
            .max(1);
        if page > total_pages {
            return Err(AppError::NotFound(format!(
                "There is no page {page} of this search; it has {total_pages}."
            )));
        }
        Ok(SearchListing {
            query,
            hits: results.hits,
            total,
            page,
            total_pages,
            permalinks: self.permalinks(&settings).await?,
            settings,
        })
    }

    /// The feed of the newest public articles that match `words`, newest first.
    /// `self_path` is the feed's own path.
    pub async fn search_feed(&self, words: &str, self_path: &str) -> AppResult<FeedDocument> {
        let settings = self.site_settings().await?;
        let query = SearchQuery::parse(words);
        let articles = self
            .db()
            .newest_matching_articles(&query, self.clock().now(), settings.feed_items)
            .await?;
        let channel = FeedChannel {
            title: format!("{} » Search results for “{}”", settings.title, query.text()),
            description: format!(
                "The newest articles of {} that match “{}”.",
                settings.title,
                query.text()
            ),
            page_path: search_page_path(query.text(), 1),
        };
        self.feed_of_articles(articles, channel, self_path, &settings)
            .await
    }
}
