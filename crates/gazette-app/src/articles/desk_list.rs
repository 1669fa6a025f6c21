//! The desk's list of articles: filtered by status (or the trash), author, category and
//! words, a page at a time, each row with what the signed-in user may do to it.
//!
//! Editors and administrators see every article. Authors and contributors see their own and
//! everybody's published ones, as in WordPress.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::permissions::ArticleAction;
use gazette_domain::taxonomy::{Category, Tag};
use gazette_domain::{
    Actor, ArticleKind, ArticleOwnership, ArticleStatus, Capability, CategoryId, User, UserId,
};
use gazette_store::{DeskArticleQuery, DeskArticleRow, StatusFilter};
use std::collections::HashMap;

/// Articles per page of the desk's list.
pub const DESK_PAGE_SIZE: u32 = 20;

/// What the list was asked for.
#[derive(Clone, Debug, Default)]
pub struct DeskListQuery {
    /// `draft`, `pending`, `scheduled`, `published`, `trash`, or `None` for all.
    pub status: Option<String>,
    /// Only this author's.
    pub author: Option<UserId>,
    /// Only this category's.
    pub category: Option<CategoryId>,
    /// Words to look for.
    pub search: Option<String>,
    /// Only news, or only pages.
    pub kind: Option<ArticleKind>,
    /// The page, from 1.
    pub page: u32,
}

/// One row of the list, with what the user may do to it.
#[derive(Clone, Debug)]
pub struct DeskArticleListItem {
    /// The article.
    pub row: DeskArticleRow,
    /// Its categories.
    pub categories: Vec<Category>,
    /// Its tags.
    pub tags: Vec<Tag>,
    /// Whether the user may open it in the editor.
    pub may_edit: bool,
    /// Whether the user may trash, restore or delete it.
    pub may_delete: bool,
}

/// A page of the list.
#[derive(Clone, Debug)]
pub struct DeskArticleList {
    /// The rows.
    pub items: Vec<DeskArticleListItem>,
    /// How many articles each status link has (`all`, each status, `trash`).
    pub counts: HashMap<String, i64>,
    /// This page, from 1.
    pub page: u32,
    /// How many pages (at least 1).
    pub total_pages: u32,
    /// How many articles match.
    pub total: i64,
    /// The authors to filter by.
    pub authors: Vec<User>,
    /// The categories to filter by, in tree order with depth.
    pub categories: Vec<(Category, usize)>,
}

/// Reads a status link's value.
fn status_filter(text: &str) -> AppResult<Option<StatusFilter>> {
    match text {
        "" | "all" => Ok(None),
        "trash" => Ok(Some(StatusFilter::Trash)),
        other => ArticleStatus::parse(other)
            .map(|status| Some(StatusFilter::Status(status)))
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "There is no list of `{other}` articles; the lists are draft, pending, scheduled, published and trash."
                ))
            }),
    }
}

impl App {
    /// One page of the desk's list for `user`.
    pub async fn desk_article_list(
        &self,
        user: &User,
        query: &DeskListQuery,
    ) -> AppResult<DeskArticleList> {
        if query.page == 0 {
            return Err(AppError::NotFound("There is no page 0.".to_owned()));
        }
        let actor = Actor::from(user);
        let sees_everything = user.role.can(Capability::EditOthersArticles);
        let search = query
            .search
            .as_deref()
            .map(gazette_domain::text::clean_single_line)
            .filter(|words| !words.is_empty())
            .map(|words| words.chars().take(200).collect::<String>());
        let store_query = DeskArticleQuery {
            status: status_filter(query.status.as_deref().unwrap_or_default())?,
            author: query.author,
            category: query.category,
            search,
            visible_to: (!sees_everything).then_some(user.id),
            kind: query.kind,
        };
        let offset = u64::from(query.page - 1) * u64::from(DESK_PAGE_SIZE);
        let page = self
            .db()
            .desk_articles(&store_query, DESK_PAGE_SIZE, offset)
            .await?;
        let total_pages = u32::try_from(
            u64::try_from(page.total)
                .unwrap_or(0)
                .div_ceil(u64::from(DESK_PAGE_SIZE)),
        )
        .unwrap_or(u32::MAX)
        .max(1);
        if query.page > total_pages {
            return Err(AppError::NotFound(format!(
                "There is no page {}; the list has {total_pages}.",
                query.page
            )));
        }
        let ids: Vec<_> = page.rows.iter().map(|row| row.id).collect();
        let mut categories = self.db().categories_of_articles(&ids).await?;
        let mut tags = self.db().tags_of_articles(&ids).await?;
        let items = page
            .rows
            .into_iter()
            .map(|row| {
                let ownership = ArticleOwnership {
                    author: row.author_id,
                    status: row.trashed_at.map_or(row.status, |_| ArticleStatus::Draft),
                };
                let may = |action| {
                    gazette_domain::permissions::check_article_action(
                        &actor,
                        action,
                        Some(&ownership),
                    )
                    .is_ok()
                };
                DeskArticleListItem {
                    categories: categories.remove(&row.id).unwrap_or_default(),
                    tags: tags.remove(&row.id).unwrap_or_default(),
                    may_edit: row.trashed_at.is_none() && may(ArticleAction::Edit),
                    may_delete: may(ArticleAction::Delete),
                    row,
                }
            })
            .collect();
        let mut counts = self.db().desk_article_counts(&store_query).await?;
        let all = counts
            .iter()
            .filter(|(status, _)| status.as_str() != "trash")
            .map(|(_, count)| count)
            .sum();
        counts.insert("all".to_owned(), all);
        Ok(DeskArticleList {
            items,
            counts,
            page: query.page,
            total_pages,
            total: page.total,
            authors: self.db().users().await?,
            categories: self.category_tree().await?,
        })
    }
}
