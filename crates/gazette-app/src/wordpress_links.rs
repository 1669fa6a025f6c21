//! WordPress's own addresses on a site moved from WordPress, each answered with the
//! address of what it named:
//!
//! - `/?p=ID` and `/?page_id=ID`: the article with that id — an article of the site comes
//!   first, since `/?p=ID` is its permanent address in the site's feeds — else the article
//!   imported from WordPress's post or page `ID` (which keeps that id whenever it was
//!   free), else the file of the attachment `ID`;
//! - `/?attachment_id=ID` and an attachment's old page (`/2024/03/01/story/photo/`): the
//!   attachment's file — its copy in the media library once fetched, else its address on
//!   the old site — as WordPress itself answers them since version 6.4.

use crate::articles::no_article_here;
use crate::error::AppError;
use crate::media::media_url;
use crate::{App, AppResult};
use gazette_domain::ArticleId;
use gazette_store::{AttachmentTarget, OldAddressTarget};

/// A WordPress query that names something by an id that is not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAnId;

/// A WordPress address made of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordPressQuery {
    /// `?p=ID`: a post (or any item).
    Post(u64),
    /// `?page_id=ID`: a page.
    Page(u64),
    /// `?attachment_id=ID`: an attachment's page.
    Attachment(u64),
}

impl WordPressQuery {
    /// The WordPress address in `query` (a URL's query string), if it holds one: the
    /// first of `p`, `page_id` and `attachment_id` it names. An id that is not a number is
    /// no address.
    pub fn read(query: &str) -> Option<Result<Self, NotAnId>> {
        query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .find_map(|(name, value)| {
                let make: fn(u64) -> Self = match name {
                    "p" => Self::Post,
                    "page_id" => Self::Page,
                    "attachment_id" => Self::Attachment,
                    _ => return None,
                };
                Some(value.parse().map(make).map_err(|_| NotAnId))
            })
    }
}

/// Where an attachment's addresses lead: its file.
fn file_of(attachment: &AttachmentTarget) -> String {
    attachment.media.as_ref().map_or_else(
        || attachment.url.clone(),
        |(_, file_name)| media_url(file_name),
    )
}

impl App {
    /// The address the WordPress address `query` leads to.
    pub async fn wordpress_query_target(&self, query: WordPressQuery) -> AppResult<String> {
        let id = match query {
            WordPressQuery::Post(id) | WordPressQuery::Page(id) => id,
            WordPressQuery::Attachment(id) => {
                return match self.db().attachment_imported_as(id).await? {
                    Some(attachment) => Ok(file_of(&attachment)),
                    None => Err(no_article_here()),
                };
            }
        };
        if let Ok(own) = i64::try_from(id) {
            match self.public_article_path(ArticleId(own)).await {
                Err(AppError::NotFound(_)) => {}
                found => return found,
            }
        }
        if let Some(imported) = self.db().article_imported_as(id).await? {
            return self.public_article_path(imported).await;
        }
        match self.db().attachment_imported_as(id).await? {
            Some(attachment) => Ok(file_of(&attachment)),
            None => Err(no_article_here()),
        }
    }

    /// Where the old page of an imported attachment at `path` leads: its file.
    pub async fn attachment_page_target(&self, path: &str) -> AppResult<Option<String>> {
        Ok(match self.db().old_address(path).await? {
            Some(OldAddressTarget::Attachment(attachment)) => Some(file_of(&attachment)),
            Some(OldAddressTarget::Article(_)) | None => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wordpress_queries() {
        assert_eq!(
            WordPressQuery::read("p=12"),
            Some(Ok(WordPressQuery::Post(12)))
        );
        assert_eq!(
            WordPressQuery::read("utm_source=x&page_id=7"),
            Some(Ok(WordPressQuery::Page(7)))
        );
        assert_eq!(
            WordPressQuery::read("attachment_id=301"),
            Some(Ok(WordPressQuery::Attachment(301)))
        );
        assert_eq!(WordPressQuery::read("p=abc"), Some(Err(NotAnId)));
        assert_eq!(WordPressQuery::read("s=fish"), None);
    }
}
