//! Threads and comment pages: an article's comments as trees of replies, top-level
//! comments split into numbered pages, and the page that holds any given comment.
//!
//! A page is found by key: the index of approved top-level comments gives the key of the
//! page's first thread (an index-only step), then the page's threads are read from that
//! key and their replies by thread. Page numbers stay stable URLs
//! (`…/comment-page-2/`), and a permalink `#comment-ID` is sent to the page that holds it.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::permalink::{Permalinks, Subpage};
use gazette_domain::{Article, Comment, CommentId, SiteSettings};
use std::collections::HashMap;

/// A comment and the replies shown under it.
#[derive(Clone, Debug)]
pub struct CommentThread {
    /// The comment.
    pub comment: Comment,
    /// Its replies, oldest first, each with its own.
    pub replies: Vec<CommentThread>,
}

/// One page of an article's comment threads.
#[derive(Clone, Debug)]
pub struct CommentPage {
    /// The threads, in the site's order.
    pub threads: Vec<CommentThread>,
    /// Which page, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub page_count: u32,
}

/// The address of comment page `page` of the article at `article_path`.
pub fn comment_page_path(article_path: &str, page: u32) -> String {
    Subpage::CommentPage(page).under(article_path)
}

impl App {
    /// The comment page that holds `comment` (a pending one is placed where it will be
    /// once approved).
    pub async fn comment_page_number(
        &self,
        comment: &Comment,
        settings: &SiteSettings,
    ) -> AppResult<u32> {
        let root = match comment.root_id {
            Some(root) => self.db().comment_by_id(root).await?,
            None => None,
        };
        let root = root.as_ref().unwrap_or(comment);
        let before = self
            .db()
            .approved_threads_before(
                comment.article_id,
                gazette_store::ThreadKey {
                    created_at: root.created_at,
                    id: root.id,
                },
                settings.newest_comments_first,
            )
            .await?;
        let before = u32::try_from(before).unwrap_or(u32::MAX);
        Ok(before / settings.comments_per_page.max(1) + 1)
    }

    /// The path of `comment` on its article: its comment page and `#comment-ID`.
    pub async fn comment_path(
        &self,
        comment: &Comment,
        article: &Article,
        permalinks: &Permalinks,
        settings: &SiteSettings,
    ) -> AppResult<String> {
        let page = self.comment_page_number(comment, settings).await?;
        Ok(format!(
            "{}#comment-{}",
            comment_page_path(&permalinks.article_path(article), page),
            comment.id
        ))
    }

    /// The absolute address of `comment`.
    pub(crate) async fn comment_url(
        &self,
        comment: &Comment,
        article: &Article,
        permalinks: &Permalinks,
        settings: &SiteSettings,
    ) -> AppResult<String> {
        Ok(format!(
            "{}{}",
            settings.site_url,
            self.comment_path(comment, article, permalinks, settings)
                .await?
        ))
    }

    /// Comment page `page` of `article`, with the reader's own held comments among
    /// `own_pending` placed where they belong. A page past the last is not found.
    pub(crate) async fn comment_page(
        &self,
        article: &Article,
        page: u32,
        settings: &SiteSettings,
        own_pending: &[CommentId],
    ) -> AppResult<CommentPage> {
        let per_page = settings.comments_per_page.max(1);
        let newest_first = settings.newest_comments_first;
        let thread_count = self.db().approved_thread_count(article.id).await?;
        let page_count = u32::try_from(thread_count)
            .unwrap_or(u32::MAX)
            .div_ceil(per_page)
            .max(1);
        if page == 0 || page > page_count {
            return Err(AppError::NotFound(format!(
                "“{}” has {page_count} comment page{}; there is no page {page}.",
                article.title,
                if page_count == 1 { "" } else { "s" }
            )));
        }
        let start = self
            .db()
            .approved_thread_at(
                article.id,
                u64::from(page - 1) * u64::from(per_page),
                u64::try_from(thread_count).unwrap_or(0),
                newest_first,
            )
            .await?;
        let mut roots = match start {
            Some(start) => {
                self.db()
                    .approved_threads_from(article.id, start, newest_first, per_page)
                    .await?
            }
            None => Vec::new(),
        };
        let root_ids: Vec<CommentId> = roots.iter().map(|root| root.id).collect();
        let mut replies = self.db().approved_replies_in(&root_ids).await?;
        for pending in self
            .db()
            .pending_comments_among(article.id, own_pending)
            .await?
        {
            if pending.parent_id.is_some() {
                replies.push(pending);
            } else if self.comment_page_number(&pending, settings).await? == page {
                roots.push(pending);
            }
        }
        roots.sort_by_key(|root| (root.created_at, root.id));
        if newest_first {
            roots.reverse();
        }
        replies.sort_by_key(|reply| (reply.created_at, reply.id));
        Ok(CommentPage {
            threads: assemble_threads(roots, replies, settings.thread_depth),
            page,
            page_count,
        })
    }
}

/// Builds the trees under `roots` from `replies`. Replies sitting deeper than
/// `thread_depth` (the setting may have been lowered since) are shown at the deepest level,
/// after the comment they descend from.
fn assemble_threads(
    roots: Vec<Comment>,
    replies: Vec<Comment>,
    thread_depth: u32,
) -> Vec<CommentThread> {
    let mut children: HashMap<CommentId, Vec<Comment>> = HashMap::new();
    for reply in replies {
        if let Some(parent) = reply.parent_id {
            children.entry(parent).or_default().push(reply);
        }
    }
    roots
        .into_iter()
        .map(|root| grow(root, 1, thread_depth.max(1), &mut children))
        .collect()
}

fn grow(
    comment: Comment,
    level: u32,
    thread_depth: u32,
    children: &mut HashMap<CommentId, Vec<Comment>>,
) -> CommentThread {
    let kids = children.remove(&comment.id).unwrap_or_default();
    let mut replies = Vec::new();
    if level < thread_depth {
        for kid in kids {
            if level + 1 < thread_depth {
                replies.push(grow(kid, level + 1, thread_depth, children));
            } else {
                // The deepest level: the kid's descendants follow it as its siblings.
                let mut flat = Vec::new();
                flatten_descendants(kid.id, children, &mut flat);
                replies.push(CommentThread {
                    comment: kid,
                    replies: Vec::new(),
                });
                replies.extend(flat.into_iter().map(|comment| CommentThread {
                    comment,
                    replies: Vec::new(),
                }));
            }
        }
    } else {
        // Threads are switched off: every reply follows as a top-level comment would.
        let mut flat = Vec::new();
        for kid in kids {
            let id = kid.id;
            flat.push(kid);
            flatten_descendants(id, children, &mut flat);
        }
        replies.extend(flat.into_iter().map(|comment| CommentThread {
            comment,
            replies: Vec::new(),
        }));
    }
    CommentThread { comment, replies }
}

/// Every descendant of `id`, oldest first.
fn flatten_descendants(
    id: CommentId,
    children: &mut HashMap<CommentId, Vec<Comment>>,
    out: &mut Vec<Comment>,
) {
    let start = out.len();
    let mut stack = vec![id];
    while let Some(next) = stack.pop() {
        for kid in children.remove(&next).unwrap_or_default() {
            stack.push(kid.id);
            out.push(kid);
        }
    }
    out[start..].sort_by_key(|comment| (comment.created_at, comment.id));
}
