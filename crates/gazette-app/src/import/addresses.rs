//! Links keep working. The permalink structure the old site used is read from its posts'
//! addresses; the site takes it on when asked to, or, by default, when it had no articles
//! before the import (a new site taking over an old one), and says so either way. Then
//! every imported article or attachment page whose old address differs from Gazette's — a
//! slug made unique or plain, a structure not taken on, a date in another zone — keeps
//! its old address, which answers 301.

use super::PermalinkChoice;
use super::session::Session;
use crate::AppResult;
use crate::settings::keep_replaced_pattern;
use gazette_domain::permalink::{PermalinkPattern, Permalinks};
use gazette_domain::{ArticleKind, ArticleStatus, SettingKey};
use gazette_store::OldAddressRecord;
use gazette_wordpress::permalinks::{LinkSample, detect_structure, path_of_link};

/// `path` in the one form the site answers at: no empty segment, a final slash.
fn tidy(path: &str) -> String {
    let mut tidy = String::with_capacity(path.len() + 1);
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        tidy.push('/');
        tidy.push_str(segment);
    }
    tidy.push('/');
    tidy
}

impl Session<'_> {
    /// Takes on the export's permalink structure when it should, and keeps the old
    /// addresses that differ from Gazette's.
    pub(super) async fn settle_addresses(&mut self) -> AppResult<()> {
        self.settle_permalink_pattern().await?;
        let categories = self.writing.tx.all_categories().await?;
        let pages = self.writing.tx.page_nodes().await?;
        let permalinks = Permalinks::new(
            &self.settings.permalink_pattern,
            &self.settings.time_zone,
            &categories,
        )
        .with_pages(&pages);
        let mut addresses = Vec::new();
        for article in self.known_articles.values() {
            let shown = matches!(
                article.status,
                ArticleStatus::Published | ArticleStatus::Scheduled
            );
            let Some(old) = article.link.as_deref().and_then(path_of_link) else {
                continue;
            };
            if !shown {
                continue;
            }
            let path = permalinks.path(
                article.id,
                &article.slug,
                article.published_at.unwrap_or(article.created_at),
                article.first_category,
            );
            let old = tidy(old);
            if old != path {
                addresses.push(OldAddressRecord::Article {
                    path: old,
                    article: article.id,
                });
            }
        }
        for attachment in &self.attachments {
            if let Some(old) = attachment.link.as_deref().and_then(path_of_link) {
                addresses.push(OldAddressRecord::Attachment {
                    path: tidy(old),
                    wordpress_id: i64::try_from(attachment.attachment.id).unwrap_or(i64::MAX),
                });
            }
        }
        self.writing
            .tx
            .record_old_addresses(&self.writing.site, &addresses)
            .await?;
        if self.clock.zones_differ() {
            self.writing.report.note(format!(
                "The export's times were in another time zone than the site's ({}): dates are shown in the site's zone, and old addresses with another day in them answer 301. Set the site's zone first (`gazette settings set time_zone …`) to keep them as they were.",
                self.settings.time_zone.iana_name().unwrap_or("UTC")
            ));
        }
        Ok(())
    }

    /// Reads the export's permalink structure and takes it on, or says how to.
    async fn settle_permalink_pattern(&mut self) -> AppResult<()> {
        let category_paths = self.terms.wordpress_category_paths();
        let samples: Vec<(String, u64, String, jiff::civil::DateTime, Vec<String>)> = self
            .known_articles
            .iter()
            .filter(|(_, article)| {
                article.kind == ArticleKind::Post && article.status == ArticleStatus::Published
            })
            .filter_map(|(id, article)| {
                let path = path_of_link(article.link.as_deref()?)?.to_owned();
                let paths = article
                    .category_keys
                    .iter()
                    .filter_map(|key| category_paths.get(key).cloned())
                    .collect();
                Some((
                    path,
                    *id,
                    article.wordpress_slug.clone(),
                    article.local_date?,
                    paths,
                ))
            })
            .collect();
        let Some(structure) = detect_structure(samples.iter().map(
            |(path, id, slug, date, categories)| LinkSample {
                path,
                id: *id,
                slug,
                date: *date,
                category_paths: categories,
            },
        )) else {
            return Ok(());
        };
        let current = self.settings.permalink_pattern.as_str().to_owned();
        let pattern = match PermalinkPattern::parse(&structure) {
            Ok(pattern) => pattern,
            Err(error) => {
                self.writing.report.note(format!(
                    "WordPress's permalink structure {structure} cannot be used here ({error}); the site keeps {current}, and the old addresses answer 301."
                ));
                return Ok(());
            }
        };
        if pattern == self.settings.permalink_pattern {
            return Ok(());
        }
        let take_on = match self.options.permalinks {
            PermalinkChoice::Keep => true,
            PermalinkChoice::Site => false,
            PermalinkChoice::Auto => self.site_was_empty,
        };
        if !take_on {
            self.writing.report.note(format!(
                "WordPress used the permalink structure {structure}; the site keeps {current}, and the old addresses answer 301. To answer at WordPress's addresses instead, run `gazette settings set permalink_pattern {structure}`."
            ));
            return Ok(());
        }
        let before = self.settings.clone();
        self.settings.permalink_pattern = pattern;
        self.writing
            .tx
            .put_setting(
                SettingKey::PermalinkPattern.name(),
                &structure,
                self.writing.now,
            )
            .await?;
        keep_replaced_pattern(
            &mut self.writing.tx,
            &before,
            &self.settings,
            self.writing.now,
        )
        .await?;
        self.writing.report.note(format!(
            "The site's permalink pattern is now {structure}, as on WordPress, so posts answer at the addresses they had; addresses made with {current} redirect."
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_compared_in_their_tidy_form() {
        assert_eq!(tidy("/2024/03/01/fish"), "/2024/03/01/fish/");
        assert_eq!(tidy("//about//team/"), "/about/team/");
        assert_eq!(tidy("/fish.html"), "/fish.html/");
    }
}
