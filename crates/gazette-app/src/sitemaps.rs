//! What the site offers crawlers: its `robots.txt`, the sitemap index, the sitemap files
//! and the Google News sitemap (see `gazette_domain::sitemap` for what each lists), built
//! from the settings and the articles public at the moment asked. Addresses are absolute,
//! made from the site's configured address.
//!
//! While the site discourages search engines, no sitemap exists and `robots.txt` disallows
//! every address. A file past the last one, like any other unknown file, is not found.
//! Archive pages carry no date of change: each changes with any of its articles, and a date
//! a crawler cannot trust would only be ignored.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::archive::{author_archive_path, category_archive_path, tag_archive_path};
use gazette_domain::permalink::Permalinks;
use gazette_domain::sitemap::{
    NEWS_SITEMAP_MAX_URLS, NEWS_SITEMAP_PATH, NEWS_WINDOW_SECONDS, SitemapFile, SitemapKind,
    URLS_PER_SITEMAP, files_for, news_language, robots_txt,
};
use gazette_domain::taxonomy::category_paths;
use gazette_domain::{SiteSettings, Timestamp};
use gazette_feeds::{NewsEntry, NewsSitemap, SitemapEntry};
use gazette_store::{SitemapArchive, SitemapArticle};
use std::collections::HashMap;

/// Why a sitemap cannot be had while the site discourages search engines.
fn no_sitemaps_offered() -> AppError {
    AppError::NotFound(
        "This site asks search engines not to index it, so it offers no sitemaps.".to_owned(),
    )
}

/// The absolute address of `article`.
fn article_url(
    settings: &SiteSettings,
    permalinks: &Permalinks,
    article: &SitemapArticle,
) -> String {
    let path = permalinks.path(
        article.id,
        &article.slug,
        article.published_at,
        article.first_category,
    );
    format!("{}{path}", settings.site_url)
}

/// Why a sitemap file's address leads nowhere.
fn no_such_sitemap() -> AppError {
    AppError::NotFound(
        "There is no such sitemap; the sitemap index at /sitemap.xml names every one.".to_owned(),
    )
}

impl App {
    /// The site's `robots.txt`.
    pub async fn robots_txt(&self) -> AppResult<String> {
        let settings = self.site_settings().await?;
        Ok(robots_txt(
            &settings.site_url,
            settings.discourage_search_engines,
        ))
    }

    /// The settings, unless the site discourages search engines (then there are no
    /// sitemaps).
    async fn sitemap_settings(&self) -> AppResult<SiteSettings> {
        let settings = self.site_settings().await?;
        if settings.discourage_search_engines {
            return Err(no_sitemaps_offered());
        }
        Ok(settings)
    }

    /// The sitemap index: every article file with its newest change, every archive file,
    /// and the news sitemap.
    pub async fn sitemap_index(&self) -> AppResult<Vec<SitemapEntry>> {
        let settings = self.sitemap_settings().await?;
        let now = self.clock().now();
        let article_files = self
            .db()
            .sitemap_article_files(now, URLS_PER_SITEMAP)
            .await?;
        let archive_files = files_for(1 + self.db().sitemap_archive_count(now).await?);
        let file_url = |kind, number| {
            format!(
                "{}{}",
                settings.site_url,
                SitemapFile { kind, number }.path()
            )
        };
        let mut entries: Vec<SitemapEntry> = (1..)
            .zip(article_files)
            .map(|(number, changed)| SitemapEntry {
                url: file_url(SitemapKind::Articles, number),
                last_modified: Some(changed),
            })
            .collect();
        entries.extend((1..=archive_files).map(|number| SitemapEntry {
            url: file_url(SitemapKind::Archives, number),
            last_modified: None,
        }));
        entries.push(SitemapEntry {
            url: format!("{}{NEWS_SITEMAP_PATH}", settings.site_url),
            last_modified: None,
        });
        Ok(entries)
    }

    /// The addresses sitemap file `file` lists. Not found past the last file.
    pub async fn sitemap(&self, file: SitemapFile) -> AppResult<Vec<SitemapEntry>> {
        let settings = self.sitemap_settings().await?;
        let now = self.clock().now();
        let entries = match file.kind {
            SitemapKind::Articles => self.article_sitemap(file, &settings, now).await?,
            SitemapKind::Archives => self.archive_sitemap(file, &settings, now).await?,
        };
        if entries.is_empty() {
            return Err(no_such_sitemap());
        }
        Ok(entries)
    }

    /// The articles of article file `file`, each at its address with its last change.
    async fn article_sitemap(
        &self,
        file: SitemapFile,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<Vec<SitemapEntry>> {
        let articles = self
            .db()
            .sitemap_articles(now, URLS_PER_SITEMAP, file.first_index())
            .await?;
        let permalinks = self.permalinks(settings).await?;
        Ok(articles
            .into_iter()
            .map(|article| SitemapEntry {
                url: article_url(settings, &permalinks, &article),
                last_modified: Some(article.changed_at),
            })
            .collect())
    }

    /// The archives of archive file `file`: the first starts with the front page.
    async fn archive_sitemap(
        &self,
        file: SitemapFile,
        settings: &SiteSettings,
        now: Timestamp,
    ) -> AppResult<Vec<SitemapEntry>> {
        let before = file.first_index();
        let (front_page, limit, offset) = match before.checked_sub(1) {
            None => (true, URLS_PER_SITEMAP - 1, 0),
            Some(offset) => (false, URLS_PER_SITEMAP, offset),
        };
        let archives = self.db().sitemap_archives(now, limit, offset).await?;
        let category_paths = if archives.iter().any(|archive| {
            matches!(
                archive,
                SitemapArchive::Category {
                    has_parent: true,
                    ..
                }
            )
        }) {
            category_paths(&self.db().all_categories().await?)
        } else {
            HashMap::new()
        };
        let mut entries = Vec::with_capacity(archives.len() + 1);
        if front_page {
            entries.push(SitemapEntry {
                url: format!("{}/", settings.site_url),
                last_modified: None,
            });
        }
        entries.extend(archives.into_iter().map(|archive| {
            let path = match archive {
                SitemapArchive::Category { id, slug, .. } => category_archive_path(
                    category_paths
                        .get(&id)
                        .map_or(slug.as_str(), String::as_str),
                ),
                SitemapArchive::Tag { slug } => tag_archive_path(&slug),
                SitemapArchive::Author { slug } => author_archive_path(&slug),
            };
            SitemapEntry {
                url: format!("{}{path}", settings.site_url),
                last_modified: None,
            }
        }));
        Ok(entries)
    }

    /// The Google News sitemap: the articles published in the last two days, newest
    /// first, at most 1,000, under the site's name and language.
    pub async fn news_sitemap(&self) -> AppResult<NewsSitemap> {
        let settings = self.sitemap_settings().await?;
        let now = self.clock().now();
        let articles = self
            .db()
            .news_sitemap_articles(
                now.plus_seconds(-NEWS_WINDOW_SECONDS),
                now,
                NEWS_SITEMAP_MAX_URLS,
            )
            .await?;
        let permalinks = self.permalinks(&settings).await?;
        Ok(NewsSitemap {
            language: news_language(&settings.language),
            articles: articles
                .into_iter()
                .map(|news| NewsEntry {
                    url: article_url(&settings, &permalinks, &news.article),
                    title: news.title,
                    published: news.article.published_at,
                })
                .collect(),
            publication_name: settings.title,
        })
    }
}
