//! The site's feed: its newest public articles, as a feed document that `gazette-feeds`
//! writes as RSS, Atom or JSON Feed (`/feed/`, `/feed/atom/`, `/feed/json/`). Archives'
//! feeds (a category's, a tag's, an author's) and a search's are made here too, from their
//! own articles.
//!
//! How many articles it lists is the `feed_items` setting, and whether each carries its
//! full text or only its excerpt is `feed_full_text`, WordPress's "Syndication feeds show
//! the most recent" and "For each post in a feed, include". Each article is known by its
//! `/?p=ID` address, as on WordPress: an id that outlives any change of slug or permalink
//! pattern, so readers never show an article twice. An article's author is its user, else
//! the original's author of a republished piece, else the site. A republished article
//! names its source (the feed it was taken from, when it came in through syndication) and
//! its full text ends with the credit line the page shows. Drafts, pending, scheduled and
//! trashed articles are never listed.

use crate::media::media_url;
use crate::{App, AppResult};
use gazette_domain::permalink::permanent_path;
use gazette_domain::{Article, ArticleId, SiteSettings, UserId};
use gazette_feeds::{EntryImage, EntrySource, FeedDocument, FeedEntry};
use gazette_render::credit::credit_line;
use std::collections::HashMap;

impl App {
    /// The feed of the site's newest public articles. `self_path` is the feed's own path.
    pub async fn article_feed(&self, self_path: &str) -> AppResult<FeedDocument> {
        let settings = self.site_settings().await?;
        let articles = self
            .db()
            .newest_public_articles(self.clock().now(), settings.feed_items)
            .await?;
        let channel = FeedChannel {
            title: settings.title.clone(),
            description: settings.tagline.clone(),
            page_path: "/".to_owned(),
        };
        self.feed_of_articles(articles, channel, self_path, &settings)
            .await
    }

    /// The feed of `articles` (public ones, newest first), described by `channel`, at
    /// `self_path`: each article with its author, categories and tags, featured image and
    /// credit, read for all of them at once.
    pub(crate) async fn feed_of_articles(
        &self,
        articles: Vec<Article>,
        channel: FeedChannel,
        self_path: &str,
        settings: &SiteSettings,
    ) -> AppResult<FeedDocument> {
        let permalinks = self.permalinks(settings).await?;
        let ids: Vec<ArticleId> = articles.iter().map(|article| article.id).collect();
        let mut categories = self.db().categories_of_articles(&ids).await?;
        let mut tags = self.db().tags_of_articles(&ids).await?;
        let mut source_feeds = self.db().source_feeds_of_articles(&ids).await?;
        let mut author_names: HashMap<UserId, Option<String>> = HashMap::new();
        let mut entries = Vec::with_capacity(articles.len());
        for article in articles {
            let mut names: Vec<String> = categories
                .remove(&article.id)
                .unwrap_or_default()
                .into_iter()
                .map(|category| category.name)
                .collect();
            for tag in tags.remove(&article.id).unwrap_or_default() {
                if !names.contains(&tag.name) {
                    names.push(tag.name);
                }
            }
            let author_name = match article.author_id {
                Some(author) => self.author_name(author, &mut author_names).await?,
                None => None,
            };
            let image = self.entry_image(&article, settings).await?;
            let feed_url = source_feeds.remove(&article.id);
            let url = format!("{}{}", settings.site_url, permalinks.article_path(&article));
            entries.push(article_entry(
                article,
                url,
                settings,
                ArticleExtras {
                    author_name,
                    categories: names,
                    image,
                    source_feed_url: feed_url,
                },
            ));
        }
        let updated = entries
            .iter()
            .map(|entry| entry.updated)
            .max()
            .unwrap_or_else(|| self.clock().now());
        Ok(FeedDocument {
            title: channel.title,
            description: channel.description,
            site_url: format!("{}{}", settings.site_url, channel.page_path),
            self_url: format!("{}{self_path}", settings.site_url),
            language: Some(settings.language.clone()),
            updated,
            entries,
        })
    }

    /// The display name of user `id`, read once per feed.
    async fn author_name(
        &self,
        id: UserId,
        known: &mut HashMap<UserId, Option<String>>,
    ) -> AppResult<Option<String>> {
        if let Some(name) = known.get(&id) {
            return Ok(name.clone());
        }
        let name = self
            .db()
            .user_by_id(id)
            .await?
            .map(|user| user.display_name);
        known.insert(id, name.clone());
        Ok(name)
    }

    /// The article's featured image as a feed shows it, while the image is in the library.
    async fn entry_image(
        &self,
        article: &Article,
        settings: &SiteSettings,
    ) -> AppResult<Option<EntryImage>> {
        let Some(featured) = &article.featured_image else {
            return Ok(None);
        };
        Ok(self
            .db()
            .media_by_id(featured.media_id)
            .await?
            .map(|record| EntryImage {
                url: format!("{}{}", settings.site_url, media_url(&record.file_name)),
                length_bytes: record.byte_size,
                media_type: record.mime_type,
            }))
    }
}

/// What a feed of articles says of itself.
pub(crate) struct FeedChannel {
    /// Its title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// The path of the page that lists the same articles.
    pub page_path: String,
}

/// What a feed entry shows beyond the article itself.
struct ArticleExtras {
    author_name: Option<String>,
    categories: Vec<String>,
    image: Option<EntryImage>,
    source_feed_url: Option<String>,
}

/// `article`, read at `url`, as a feed entry. An article without an author of its own is
/// credited to its original's author when it is a republished piece that names one, else
/// to the site.
fn article_entry(
    article: Article,
    url: String,
    settings: &SiteSettings,
    extras: ArticleExtras,
) -> FeedEntry {
    let published = article.published_at.unwrap_or(article.created_at);
    let updated = article
        .modified_at
        .filter(|modified| *modified > published)
        .unwrap_or(published);
    let content_html = settings.feed_full_text.then(|| match &article.source {
        Some(source) => format!(
            "{}\n{}",
            article.body_html,
            credit_line(&source.name, &source.url, source.author.as_deref())
        ),
        None => article.body_html.clone(),
    });
    let original_author = article
        .source
        .as_ref()
        .and_then(|source| source.author.clone());
    FeedEntry {
        id: format!("{}{}", settings.site_url, permanent_path(article.id)),
        url,
        title: article.title,
        author_name: extras
            .author_name
            .or(original_author)
            .unwrap_or_else(|| settings.title.clone()),
        published,
        updated,
        summary: Some(article.excerpt).filter(|excerpt| !excerpt.is_empty()),
        content_html,
        categories: extras.categories,
        image: extras.image,
        source: article.source.map(|source| EntrySource {
            name: source.name,
            url: source.url,
            feed_url: extras.source_feed_url,
            published: source.published_at,
        }),
    }
}
