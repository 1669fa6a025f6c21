//! The comment feeds: the latest approved comments of the whole site or of one article,
//! as a feed document that `gazette-feeds` writes as RSS or Atom.

use crate::{App, AppResult};
use gazette_domain::{Article, ArticleId};
use gazette_feeds::{FeedDocument, FeedEntry};
use std::collections::HashMap;

/// How many comments a comment feed holds.
const FEED_LENGTH: u32 = 20;

impl App {
    /// The feed of the latest approved comments, of `article` or of the whole site.
    /// `self_path` is the feed's own path.
    pub async fn comment_feed(
        &self,
        article: Option<&Article>,
        self_path: &str,
    ) -> AppResult<FeedDocument> {
        let settings = self.site_settings().await?;
        let permalinks = self.permalinks(&settings).await?;
        let comments = self
            .db()
            .latest_approved_comments(article.map(|article| article.id), FEED_LENGTH)
            .await?;
        let mut articles: HashMap<ArticleId, Article> = HashMap::new();
        if let Some(article) = article {
            articles.insert(article.id, article.clone());
        }
        let mut entries = Vec::with_capacity(comments.len());
        for comment in comments {
            if !articles.contains_key(&comment.article_id) {
                match self.db().article_by_id(comment.article_id).await? {
                    Some(found) => {
                        articles.insert(found.id, found);
                    }
                    None => continue,
                }
            }
            let Some(on) = articles.get(&comment.article_id) else {
                continue;
            };
            if !on.is_public_at(self.clock().now()) {
                continue;
            }
            let url = self
                .comment_url(&comment, on, &permalinks, &settings)
                .await?;
            let title = if article.is_some() {
                format!("By: {}", comment.author_name)
            } else {
                format!("Comment on {} by {}", on.title, comment.author_name)
            };
            entries.push(FeedEntry {
                id: url.clone(),
                url,
                title,
                author_name: comment.author_name,
                published: comment.created_at,
                updated: comment.created_at,
                summary: None,
                content_html: Some(comment.html),
                categories: Vec::new(),
                image: None,
                source: None,
            });
        }
        let (title, site_url) = match article {
            Some(article) => (
                format!("Comments on: {}", article.title),
                format!("{}{}", settings.site_url, permalinks.article_path(article)),
            ),
            None => (
                format!("Comments for {}", settings.title),
                format!("{}/", settings.site_url),
            ),
        };
        let updated = entries
            .first()
            .map(|entry| entry.published)
            .or(article.and_then(|article| article.published_at))
            .unwrap_or_else(|| self.clock().now());
        Ok(FeedDocument {
            title,
            description: settings.tagline.clone(),
            site_url,
            self_url: format!("{}{self_path}", settings.site_url),
            language: Some(settings.language.clone()),
            updated,
            entries,
        })
    }
}
