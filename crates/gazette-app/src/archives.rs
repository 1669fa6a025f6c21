//! Archives: a category's public articles (with those of the categories below it), a
//! tag's, an author's and a period's, newest first, a page at a time, and the feed of each.
//!
//! Finding an archive looks its name up and gives its own address: a child category's names
//! its parents (`/category/news/local/`), so that `/category/local/` is redirected there.
//! An unknown category, tag or author is not found, and neither is an author or a period
//! with no public article (an author page must not reveal staff who never published);
//! a category or tag with none yet has its page, saying so. Only public articles count:
//! published, not still to come, not in the trash.

use crate::articles::FeedChannel;
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::archive::{
    ArchiveName, Period, author_archive_path, category_archive_path, tag_archive_path,
};
use gazette_domain::permalink::Permalinks;
use gazette_domain::taxonomy::{Category, Tag, category_paths};
use gazette_domain::{CategoryId, SiteSettings};
use gazette_feeds::FeedDocument;
use gazette_store::{ArchiveFilter, ArticleSummary};
use std::collections::HashSet;

/// What an archive lists.
#[derive(Clone, Debug)]
pub enum ArchiveSubject {
    /// A category's articles and those of the categories below it.
    Category {
        /// The category.
        category: Category,
        /// Its description, as its editors wrote it.
        description: String,
    },
    /// A tag's articles.
    Tag(Tag),
    /// An author's articles.
    Author {
        /// Their display name.
        name: String,
    },
    /// The articles published in a year, a month or a day, in the site's time zone.
    Period(Period),
}

/// An archive that exists, with its own address.
#[derive(Clone, Debug)]
pub struct FoundArchive {
    /// What it lists.
    pub subject: ArchiveSubject,
    /// Its address (its first page's).
    pub path: String,
    filter: ArchiveFilter,
}

impl FoundArchive {
    /// The name of what it lists, as a heading says it: the category's, tag's or
    /// author's, or the period (`April 2024`, the day in the site's date format).
    pub fn name(&self, settings: &SiteSettings) -> String {
        match &self.subject {
            ArchiveSubject::Category { category, .. } => category.name.clone(),
            ArchiveSubject::Tag(tag) => tag.name.clone(),
            ArchiveSubject::Author { name } => name.clone(),
            ArchiveSubject::Period(period) => period.heading(&settings.date_format),
        }
    }

    /// Its description: a category's, when it has one.
    pub fn description(&self) -> &str {
        match &self.subject {
            ArchiveSubject::Category { description, .. } => description,
            ArchiveSubject::Tag(_) | ArchiveSubject::Author { .. } | ArchiveSubject::Period(_) => {
                ""
            }
        }
    }

    /// Whether it exists only while it lists an article (authors and periods).
    fn needs_articles(&self) -> bool {
        matches!(
            self.subject,
            ArchiveSubject::Author { .. } | ArchiveSubject::Period(_)
        )
    }
}

/// A link to an archive: what it lists and its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveLink {
    /// The category's, tag's or author's name.
    pub name: String,
    /// The archive's address.
    pub path: String,
}

/// One page of an archive.
#[derive(Clone, Debug)]
pub struct ArchiveListing {
    /// The archive.
    pub archive: FoundArchive,
    /// The articles on this page, newest first.
    pub articles: Vec<ArticleSummary>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub total_pages: u32,
    /// The site's settings, as used to build the page.
    pub settings: SiteSettings,
    /// Articles' addresses, as the page links them.
    pub permalinks: Permalinks,
}

/// Why an archive's address leads nowhere.
fn no_archive_here() -> AppError {
    AppError::NotFound(
        "There is no archive at this address. The category, tag or author may have been renamed or removed."
            .to_owned(),
    )
}

impl App {
    /// Links to the archives of `categories` (each at its address under its parents) and
    /// `tags`, in their order. The whole category tree is read only when one of them has a
    /// parent.
    pub(crate) async fn archive_links(
        &self,
        categories: Vec<Category>,
        tags: Vec<Tag>,
    ) -> AppResult<(Vec<ArchiveLink>, Vec<ArchiveLink>)> {
        let paths = if categories
            .iter()
            .any(|category| category.parent_id.is_some())
        {
            category_paths(&self.db().all_categories().await?)
        } else {
            std::collections::HashMap::new()
        };
        let categories = categories
            .into_iter()
            .map(|category| ArchiveLink {
                path: category_archive_path(
                    paths
                        .get(&category.id)
                        .map_or(category.slug.as_str(), String::as_str),
                ),
                name: category.name,
            })
            .collect();
        let tags = tags
            .into_iter()
            .map(|tag| ArchiveLink {
                path: tag_archive_path(tag.slug.as_str()),
                name: tag.name,
            })
            .collect();
        Ok((categories, tags))
    }

    /// The archive `name` names, with its own address. Not found when no such category,
    /// tag or author exists, or the period cannot be placed in time.
    pub async fn find_archive(
        &self,
        name: &ArchiveName,
        settings: &SiteSettings,
    ) -> AppResult<FoundArchive> {
        match name {
            ArchiveName::Category(path) => {
                let slug = path.rsplit('/').next().unwrap_or(path);
                let categories = self.db().all_categories().await?;
                let category = categories
                    .iter()
                    .find(|category| category.slug.as_str() == slug)
                    .cloned()
                    .ok_or_else(no_archive_here)?;
                let own_path = category_paths(&categories)
                    .remove(&category.id)
                    .unwrap_or_else(|| category.slug.to_string());
                Ok(FoundArchive {
                    path: category_archive_path(&own_path),
                    filter: ArchiveFilter::Categories(with_descendants(category.id, &categories)),
                    subject: ArchiveSubject::Category {
                        description: self.db().category_description(category.id).await?,
                        category,
                    },
                })
            }
            ArchiveName::Tag(slug) => {
                let tag = self
                    .db()
                    .tag_by_slug(slug)
                    .await?
                    .ok_or_else(no_archive_here)?;
                Ok(FoundArchive {
                    path: tag_archive_path(tag.slug.as_str()),
                    filter: ArchiveFilter::Tag(tag.id),
                    subject: ArchiveSubject::Tag(tag),
                })
            }
            ArchiveName::Author(slug) => {
                let user = self
                    .db()
                    .user_by_slug(slug)
                    .await?
                    .ok_or_else(no_archive_here)?;
                Ok(FoundArchive {
                    path: author_archive_path(user.slug.as_str()),
                    filter: ArchiveFilter::Author(user.id),
                    subject: ArchiveSubject::Author {
                        name: user.display_name,
                    },
                })
            }
            ArchiveName::Period(period) => {
                let (start, end) = period
                    .bounds(&settings.time_zone)
                    .ok_or_else(no_archive_here)?;
                Ok(FoundArchive {
                    path: period.path(),
                    filter: ArchiveFilter::Period { start, end },
                    subject: ArchiveSubject::Period(*period),
                })
            }
        }
    }

    /// Page `page` (from 1) of `archive`. Not found past the last page, and for an author
    /// or a period without public articles.
    pub async fn archive_listing(
        &self,
        archive: FoundArchive,
        page: u32,
        settings: SiteSettings,
    ) -> AppResult<ArchiveListing> {
        if page == 0 {
            return Err(AppError::NotFound("There is no page 0.".to_owned()));
        }
        let per_page = settings.posts_per_page.max(1);
        let offset = u64::from(page - 1) * u64::from(per_page);
        let listing = self
            .db()
            .archive_page(&archive.filter, self.clock().now(), per_page, offset)
            .await?;
        if listing.total == 0 && archive.needs_articles() {
            return Err(no_archive_here());
        }
        let total = u64::try_from(listing.total).unwrap_or(0);
        let total_pages = u32::try_from(total.div_ceil(u64::from(per_page)))
            .unwrap_or(u32::MAX)
            .max(1);
        if page > total_pages {
            return Err(AppError::NotFound(format!(
                "There is no page {page}; this archive has {total_pages}."
            )));
        }
        Ok(ArchiveListing {
            archive,
            articles: listing.articles,
            page,
            total_pages,
            permalinks: self.permalinks(&settings).await?,
            settings,
        })
    }

    /// The feed of `archive`'s newest public articles, at `self_path`. Not found for an
    /// author or a period without public articles.
    pub async fn archive_feed(
        &self,
        archive: &FoundArchive,
        self_path: &str,
        settings: &SiteSettings,
    ) -> AppResult<FeedDocument> {
        let articles = self
            .db()
            .newest_archive_articles(&archive.filter, self.clock().now(), settings.feed_items)
            .await?;
        if articles.is_empty() && archive.needs_articles() {
            return Err(no_archive_here());
        }
        let description = match archive.description() {
            "" => settings.tagline.clone(),
            own => own.to_owned(),
        };
        let channel = FeedChannel {
            title: format!("{} » {}", settings.title, archive.name(settings)),
            description,
            page_path: archive.path.clone(),
        };
        self.feed_of_articles(articles, channel, self_path, settings)
            .await
    }
}

/// `top` and every category below it, however deep (a loop of parents is walked once).
fn with_descendants(top: CategoryId, categories: &[Category]) -> Vec<CategoryId> {
    let mut found = vec![top];
    let mut seen: HashSet<CategoryId> = HashSet::from([top]);
    let mut next = 0;
    while let Some(parent) = found.get(next).copied() {
        for child in categories
            .iter()
            .filter(|category| category.parent_id == Some(parent))
        {
            if seen.insert(child.id) {
                found.push(child.id);
            }
        }
        next += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_domain::Slug;

    fn category(id: i64, parent: Option<i64>) -> Category {
        Category {
            id: CategoryId(id),
            slug: Slug::parse(&format!("c{id}")).unwrap(),
            name: format!("C{id}"),
            parent_id: parent.map(CategoryId),
        }
    }

    #[test]
    fn a_category_takes_in_everything_below_it() {
        let categories = [
            category(1, None),
            category(2, Some(1)),
            category(3, Some(2)),
            category(4, None),
            category(5, Some(6)),
            category(6, Some(5)),
        ];
        assert_eq!(
            with_descendants(CategoryId(1), &categories),
            [CategoryId(1), CategoryId(2), CategoryId(3)]
        );
        assert_eq!(
            with_descendants(CategoryId(4), &categories),
            [CategoryId(4)]
        );
        assert_eq!(
            with_descendants(CategoryId(5), &categories),
            [CategoryId(5), CategoryId(6)],
            "a loop of parents ends"
        );
    }
}
