//! The moderators' queue on the desk: comments by status (pending, approved, spam, trash,
//! or all that are neither spam nor trash), on one article or on all, of one kind (readers'
//! comments, pingbacks, trackbacks) or of all, matching a search,
//! newest first and one numbered page at a time; how many each status holds under the same
//! filter; and for each comment, its article and whether it can be answered now.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::permalink::Permalinks;
use gazette_domain::text::clean_single_line;
use gazette_domain::{
    Article, ArticleId, Comment, CommentId, CommentKind, CommentStatus, SiteSettings,
};
use gazette_store::{CommentQueueFilter, QueuedComment, StatusCounts};
use std::collections::HashMap;

/// Comments on one page of the queue.
pub const QUEUE_PAGE_SIZE: u32 = 20;

/// Which comments the queue lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueView {
    /// The comments with one status.
    Status(CommentStatus),
    /// Every comment that is neither spam nor in the trash, as WordPress's "All".
    All,
}

impl QueueView {
    /// Every view, in the order the desk lists them.
    pub const ALL: [Self; 5] = [
        Self::Status(CommentStatus::Pending),
        Self::Status(CommentStatus::Approved),
        Self::Status(CommentStatus::Spam),
        Self::Status(CommentStatus::Trash),
        Self::All,
    ];

    /// The statuses the view lists.
    pub fn statuses(self) -> &'static [CommentStatus] {
        match self {
            Self::Status(CommentStatus::Pending) => &[CommentStatus::Pending],
            Self::Status(CommentStatus::Approved) => &[CommentStatus::Approved],
            Self::Status(CommentStatus::Spam) => &[CommentStatus::Spam],
            Self::Status(CommentStatus::Trash) => &[CommentStatus::Trash],
            Self::All => &[CommentStatus::Pending, CommentStatus::Approved],
        }
    }

    /// The name in addresses: `pending`, …, `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status(status) => status.as_str(),
            Self::All => "all",
        }
    }

    /// Reads a name from an address.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|view| view.as_str() == text)
    }

    /// How many comments of `counts` the view lists.
    pub fn count(self, counts: &StatusCounts) -> u64 {
        self.statuses()
            .iter()
            .map(|status| counts.of(*status))
            .sum()
    }
}

/// What a moderator asked the queue for.
#[derive(Clone, Debug)]
pub struct QueueQuery {
    /// The view; `None` for the default: pending comments when there are any, else all.
    pub view: Option<QueueView>,
    /// Only comments on this article.
    pub article_id: Option<ArticleId>,
    /// Only comments of this kind: readers' comments, pingbacks or trackbacks.
    pub kind: Option<CommentKind>,
    /// Only comments whose author's name, email address, website, IP address or text
    /// contains this (empty for no search).
    pub search: String,
    /// The page, from 1.
    pub page: u32,
}

/// A comment in the queue with what a moderator needs beside it.
#[derive(Clone, Debug)]
pub struct QueueEntry {
    /// The comment, with everything a moderator may see.
    pub comment: Comment,
    /// The article it is on.
    pub article_id: ArticleId,
    /// The article's title.
    pub article_title: String,
    /// The article's public address, while readers can see it.
    pub article_path: Option<String>,
    /// The name of the commenter it replies to, for a reply whose parent still exists.
    pub replying_to: Option<String>,
    /// Whether a moderator can answer it now: it is a reader's comment (not a pingback or
    /// trackback), pending or approved, and its article takes comments.
    pub answerable: bool,
}

/// One page of the queue.
#[derive(Clone, Debug)]
pub struct CommentQueue {
    /// The view shown (the default resolved).
    pub view: QueueView,
    /// The article the queue is limited to.
    pub article: Option<Article>,
    /// The kind of comment the queue is limited to.
    pub kind: Option<CommentKind>,
    /// The search, cleaned (empty for none).
    pub search: String,
    /// How many comments each status holds under the article, kind and search filters.
    pub counts: StatusCounts,
    /// This page's comments, newest first.
    pub entries: Vec<QueueEntry>,
    /// Which page, from 1.
    pub page: u32,
    /// How many pages the view has (at least 1).
    pub page_count: u32,
}

/// What a query resolves to before any comment is read.
struct QueueOutline {
    view: QueueView,
    article: Option<Article>,
    kind: Option<CommentKind>,
    search: String,
    counts: StatusCounts,
    page_count: u32,
}

impl QueueOutline {
    fn filter(&self) -> CommentQueueFilter<'_> {
        CommentQueueFilter {
            article_id: self.article.as_ref().map(|article| article.id),
            kind: self.kind,
            search: Some(self.search.as_str()).filter(|search| !search.is_empty()),
        }
    }
}

impl App {
    /// A page of the moderators' queue. A page past the last is not found (the first page
    /// of an empty queue exists), as is an article that does not exist.
    pub async fn comment_queue(&self, query: &QueueQuery) -> AppResult<CommentQueue> {
        let outline = self.queue_outline(query).await?;
        if query.page == 0 || query.page > outline.page_count {
            return Err(AppError::NotFound(format!(
                "There is no page {} of this list; it has {}.",
                query.page, outline.page_count
            )));
        }
        let offset = u64::from(query.page - 1) * u64::from(QUEUE_PAGE_SIZE);
        let queued = self
            .db()
            .comment_queue(
                &outline.filter(),
                outline.view.statuses(),
                QUEUE_PAGE_SIZE,
                offset,
            )
            .await?;
        let settings = self.site_settings().await?;
        let permalinks = self.permalinks(&settings).await?;
        let mut articles: HashMap<ArticleId, Article> = outline
            .article
            .iter()
            .map(|article| (article.id, article.clone()))
            .collect();
        let mut entries = Vec::with_capacity(queued.len());
        for queued in queued {
            entries.push(
                self.queue_entry(queued, &mut articles, &settings, &permalinks)
                    .await?,
            );
        }
        Ok(CommentQueue {
            view: outline.view,
            article: outline.article,
            kind: outline.kind,
            search: outline.search,
            counts: outline.counts,
            entries,
            page: query.page,
            page_count: outline.page_count,
        })
    }

    /// How many pages the queue asked for has now: where to go back to after a change
    /// emptied the page a moderator was on.
    pub async fn comment_queue_page_count(&self, query: &QueueQuery) -> AppResult<u32> {
        Ok(self.queue_outline(query).await?.page_count)
    }

    /// How many comments wait for a moderator.
    pub async fn comments_awaiting_moderation(&self) -> AppResult<u64> {
        Ok(self
            .db()
            .comment_status_counts(&CommentQueueFilter::default())
            .await?
            .pending)
    }

    /// The comment `id` as the queue shows it.
    pub async fn queued_comment(&self, id: CommentId) -> AppResult<QueueEntry> {
        let comment = self.comment(id).await?;
        let parent_author = match comment.parent_id {
            Some(parent) => self
                .db()
                .comment_by_id(parent)
                .await?
                .map(|parent| parent.author_name),
            None => None,
        };
        let settings = self.site_settings().await?;
        let permalinks = self.permalinks(&settings).await?;
        self.queue_entry(
            QueuedComment {
                comment,
                parent_author,
            },
            &mut HashMap::new(),
            &settings,
            &permalinks,
        )
        .await
    }

    async fn queue_outline(&self, query: &QueueQuery) -> AppResult<QueueOutline> {
        let article = match query.article_id {
            Some(id) => Some(self.db().article_by_id(id).await?.ok_or_else(|| {
                AppError::NotFound(format!(
                    "There is no article {id}, so it has no comments to moderate."
                ))
            })?),
            None => None,
        };
        let mut outline = QueueOutline {
            view: QueueView::All,
            article,
            kind: query.kind,
            search: clean_single_line(&query.search),
            counts: StatusCounts::default(),
            page_count: 1,
        };
        outline.counts = self.db().comment_status_counts(&outline.filter()).await?;
        outline.view = query.view.unwrap_or(if outline.counts.pending > 0 {
            QueueView::Status(CommentStatus::Pending)
        } else {
            QueueView::All
        });
        let total = outline.view.count(&outline.counts);
        outline.page_count = u32::try_from(total.div_ceil(u64::from(QUEUE_PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .max(1);
        Ok(outline)
    }

    /// `queued` with its article (read once per article, kept in `articles`).
    async fn queue_entry(
        &self,
        queued: QueuedComment,
        articles: &mut HashMap<ArticleId, Article>,
        settings: &SiteSettings,
        permalinks: &Permalinks,
    ) -> AppResult<QueueEntry> {
        let article_id = queued.comment.article_id;
        let article = if let Some(article) = articles.get(&article_id) {
            article
        } else {
            let article = self.db().article_by_id(article_id).await?.ok_or_else(|| {
                AppError::internal(format!(
                    "comment {} is on article {article_id}, which does not exist",
                    queued.comment.id
                ))
            })?;
            articles.entry(article_id).or_insert(article)
        };
        let now = self.clock().now();
        let answerable = queued.comment.kind == CommentKind::Comment
            && matches!(
                queued.comment.status,
                CommentStatus::Pending | CommentStatus::Approved
            )
            && article
                .check_accepts_comments(now, settings.close_comments_after_days)
                .is_ok();
        Ok(QueueEntry {
            article_id,
            article_title: article.title.clone(),
            article_path: article
                .is_public_at(now)
                .then(|| permalinks.article_path(article)),
            replying_to: queued.parent_author,
            answerable,
            comment: queued.comment,
        })
    }
}
