//! Comments, pingbacks and trackbacks, a batch of items at a time, with their threads.
//!
//! A reply finds its parent among the comments of the same item, or among those an earlier
//! import brought; its thread and depth follow, however deep (ten levels and more are
//! kept; the page shows what the site's thread depth allows). A reply whose parent is not
//! in the export is kept as a top-level comment, with a note for moderators saying so —
//! never dropped. Parents are written before their replies, each comment with the id it
//! had on WordPress where that is free, so that `#comment-ID` links keep their number.
//!
//! Statuses are WordPress's: `1` approved, `0` pending, `spam` and `trash` (and
//! `post-trashed`, a comment on a trashed post) as they are. Pingbacks and trackbacks keep
//! their kind and are never threaded.

use super::reading::PreparedComment;
use super::report::ImportKind;
use super::session::Session;
use crate::AppResult;
use crate::error::AppError;
use gazette_domain::comment::{MAX_AUTHOR_CHARACTERS, MAX_EMAIL_CHARACTERS};
use gazette_domain::text::clean_single_line;
use gazette_domain::{ArticleId, CommentId, CommentKind, CommentStatus, Timestamp};
use gazette_store::{
    IdTable, ImportedCommentRecord, ImportedKind, ImportedObject, ImportedObjectRecord, ThreadPlace,
};
use gazette_wordpress::Comment;
use gazette_wordpress::markup::decode_references;
use std::collections::{HashMap, HashSet};

/// The comments of one item, with the article it became.
pub(super) struct ItemComments<'a> {
    pub(super) article: ArticleId,
    pub(super) created_at: Timestamp,
    pub(super) comments: &'a [PreparedComment],
}

/// A comment's kind as WordPress names it; `None` for a plugin's own type.
fn kind_of(comment: &Comment) -> Option<CommentKind> {
    match comment.kind.trim() {
        "" | "comment" => Some(CommentKind::Comment),
        "pingback" => Some(CommentKind::Pingback),
        "trackback" => Some(CommentKind::Trackback),
        _ => None,
    }
}

/// The report's kind of a comment of `kind`.
fn report_kind(kind: CommentKind) -> ImportKind {
    match kind {
        CommentKind::Comment => ImportKind::Comment,
        CommentKind::Pingback | CommentKind::Trackback => ImportKind::Linkback,
    }
}

/// A comment's status as WordPress names it.
fn status_of(approved: &str) -> CommentStatus {
    match approved.trim() {
        "1" | "approve" | "approved" => CommentStatus::Approved,
        "spam" => CommentStatus::Spam,
        "trash" | "post-trashed" => CommentStatus::Trash,
        _ => CommentStatus::Pending,
    }
}

/// Where a comment in the spam or the trash stood before, as WordPress noted it when it
/// put the comment there (`_wp_trash_meta_status`).
fn status_before_of(comment: &Comment) -> Option<CommentStatus> {
    let status = status_of(&comment.approved);
    if !matches!(status, CommentStatus::Spam | CommentStatus::Trash) {
        return None;
    }
    comment
        .meta
        .iter()
        .find(|meta| meta.key == "_wp_trash_meta_status")
        .map(|meta| status_of(&meta.value))
        .filter(|before| *before != status)
}

/// How the report names `comment`.
fn describe(comment: &Comment) -> String {
    match comment.id {
        Some(id) => format!("comment {id} ({})", comment.position),
        None => format!("the comment at {}", comment.position),
    }
}

/// A new comment's place, worked out from its parent.
#[derive(Clone, Debug)]
struct Placement {
    parent: Option<CommentId>,
    root: Option<CommentId>,
    depth: u32,
    note: Option<String>,
}

/// A comment of the batch to be created.
struct Pending<'a> {
    article: ArticleId,
    created_at: Timestamp,
    prepared: &'a PreparedComment,
    kind: CommentKind,
    wordpress_id: u64,
}

impl Session<'_> {
    /// Writes the comments of a batch's items: those imported before are skipped, the
    /// others created with their threads.
    pub(super) async fn write_comments(&mut self, items: &[ItemComments<'_>]) -> AppResult<()> {
        let keys: Vec<String> = items
            .iter()
            .flat_map(|item| item.comments)
            .filter_map(|prepared| prepared.comment.id.map(|id| id.to_string()))
            .collect();
        if items.iter().all(|item| item.comments.is_empty()) {
            return Ok(());
        }
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let earlier = self
            .writing
            .tx
            .imported_objects(&self.writing.site, ImportedKind::Comment, &key_refs)
            .await?;
        let earlier_ids: Vec<CommentId> = earlier
            .values()
            .map(|object| CommentId(object.gazette_id))
            .collect();
        let places = self.writing.tx.thread_places(&earlier_ids).await?;
        let pending = self.new_comments(items, &earlier, &places);
        if pending.is_empty() {
            return Ok(());
        }
        let wanted: Vec<u64> = pending.iter().map(|comment| comment.wordpress_id).collect();
        let ids: Vec<CommentId> = self
            .writing
            .keep_or_reserve_ids(IdTable::Comments, &wanted)
            .await?
            .into_iter()
            .map(CommentId)
            .collect();
        let targets = targets_of(&pending, &ids, &earlier, &places);
        let placements = place_in_threads(targets);
        let mut records = Vec::with_capacity(pending.len());
        for (comment, id) in pending.iter().zip(&ids) {
            let placement = placements.get(id).cloned().ok_or_else(|| {
                AppError::internal(format!("comment {id} was given no place in its thread"))
            })?;
            records.push(self.record(comment, *id, placement));
        }
        records.sort_by_key(|record| record.depth);
        self.writing
            .tx
            .insert_imported_comments(&records, self.writing.now)
            .await?;
        let keys: Vec<String> = pending
            .iter()
            .map(|comment| comment.wordpress_id.to_string())
            .collect();
        let mappings: Vec<ImportedObjectRecord<'_>> = keys
            .iter()
            .zip(&ids)
            .map(|(key, id)| ImportedObjectRecord {
                key,
                gazette_id: id.get(),
                version: None,
            })
            .collect();
        self.writing
            .tx
            .record_imported_objects(
                &self.writing.site,
                ImportedKind::Comment,
                &mappings,
                self.writing.now,
            )
            .await?;
        for comment in &pending {
            self.writing.report.created(report_kind(comment.kind), 1);
        }
        Ok(())
    }

    /// The comments of `items` to create: those with an id, of a known kind, that no
    /// earlier import brought; the others are counted.
    fn new_comments<'a>(
        &mut self,
        items: &[ItemComments<'a>],
        earlier: &HashMap<String, ImportedObject>,
        places: &HashMap<CommentId, ThreadPlace>,
    ) -> Vec<Pending<'a>> {
        let mut pending = Vec::new();
        for item in items {
            for prepared in item.comments {
                let comment = &prepared.comment;
                let Some(wordpress_id) = comment.id else {
                    self.writing.report.failed(
                        ImportKind::Comment,
                        describe(comment),
                        "it has no comment id (<wp:comment_id>)".to_owned(),
                    );
                    continue;
                };
                let Some(kind) = kind_of(comment) else {
                    self.writing.report.skipped(
                        ImportKind::Comment,
                        &format!(
                            "comments of the type `{}` (a plugin's own) are not imported",
                            comment.kind.trim()
                        ),
                    );
                    continue;
                };
                if let Some(object) = earlier.get(&wordpress_id.to_string()) {
                    let reason = if places.contains_key(&CommentId(object.gazette_id)) {
                        "already imported"
                    } else {
                        "deleted from Gazette after an earlier import: not brought back"
                    };
                    self.writing.report.skipped(report_kind(kind), reason);
                    continue;
                }
                pending.push(Pending {
                    article: item.article,
                    created_at: item.created_at,
                    prepared,
                    kind,
                    wordpress_id,
                });
            }
        }
        pending
    }

    /// The stored form of a new comment.
    fn record(
        &mut self,
        pending: &Pending<'_>,
        id: CommentId,
        placement: Placement,
    ) -> ImportedCommentRecord {
        let comment = &pending.prepared.comment;
        let name = clean_single_line(&decode_references(&comment.author));
        let author_name = if name.is_empty() {
            "Anonymous".to_owned()
        } else {
            name.chars().take(MAX_AUTHOR_CHARACTERS).collect()
        };
        let email = comment.author_email.trim();
        let website = comment.author_url.trim();
        ImportedCommentRecord {
            id,
            article_id: pending.article,
            parent_id: placement.parent,
            root_id: placement.root,
            depth: placement.depth,
            kind: pending.kind,
            author_name,
            author_email: if email.chars().count() <= MAX_EMAIL_CHARACTERS {
                email.to_owned()
            } else {
                String::new()
            },
            author_url: (website.starts_with("http://") || website.starts_with("https://"))
                .then(|| website.to_owned()),
            text: pending.prepared.text.clone(),
            html: pending.prepared.html.clone(),
            status: status_of(&comment.approved),
            status_before: status_before_of(comment),
            moderation_reason: placement.note,
            ip: Some(comment.author_ip.trim())
                .filter(|ip| !ip.is_empty())
                .map(str::to_owned),
            user_id: comment
                .user_id
                .and_then(|user| self.authors.user_with_wordpress_id(user)),
            created_at: self
                .clock
                .instant(comment.date, comment.date_gmt)
                .unwrap_or(pending.created_at),
        }
    }
}

/// What each new comment's parent is: another new comment of the same article, a comment
/// an earlier import brought to the same article, none, or one the export does not hold.
fn targets_of(
    pending: &[Pending<'_>],
    ids: &[CommentId],
    earlier: &HashMap<String, ImportedObject>,
    places: &HashMap<CommentId, ThreadPlace>,
) -> HashMap<CommentId, Target> {
    let new_ids: HashMap<(ArticleId, u64), CommentId> = pending
        .iter()
        .zip(ids)
        .map(|(comment, id)| ((comment.article, comment.wordpress_id), *id))
        .collect();
    let earlier_by_wordpress_id: HashMap<u64, CommentId> = earlier
        .iter()
        .filter_map(|(key, object)| Some((key.parse().ok()?, CommentId(object.gazette_id))))
        .collect();
    pending
        .iter()
        .zip(ids)
        .map(|(comment, id)| {
            let parent = comment
                .prepared
                .comment
                .parent
                .filter(|_| comment.kind == CommentKind::Comment);
            let target = match parent {
                None => Target::Top,
                Some(parent) => match new_ids.get(&(comment.article, parent)) {
                    Some(parent_id) => Target::New(*parent_id, parent),
                    None => earlier_by_wordpress_id
                        .get(&parent)
                        .and_then(|earlier| Some((*earlier, *places.get(earlier)?)))
                        .filter(|(_, place)| place.article_id == comment.article)
                        .map_or(Target::Missing(parent), |(earlier, place)| {
                            Target::Earlier(earlier, place)
                        }),
                },
            };
            (*id, target)
        })
        .collect()
}

/// What a new comment's parent is.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// It has none: a top-level comment.
    Top,
    /// Another new comment (with its WordPress id).
    New(CommentId, u64),
    /// A comment an earlier import brought, in its thread.
    Earlier(CommentId, ThreadPlace),
    /// A comment the export does not hold (its WordPress id).
    Missing(u64),
    /// A comment whose chain of parents comes back to this one (its WordPress id).
    Loop(u64),
}

/// Where each new comment goes, given its parent: under it, with its thread's root and one
/// level deeper; at the top level with a note when the parent is missing. A chain of
/// parents that loops is cut at its lowest id, which becomes a top-level comment.
fn place_in_threads(mut targets: HashMap<CommentId, Target>) -> HashMap<CommentId, Placement> {
    cut_loops(&mut targets);
    let mut placed: HashMap<CommentId, Placement> = HashMap::with_capacity(targets.len());
    let ids: Vec<CommentId> = targets.keys().copied().collect();
    for id in ids {
        let mut chain = Vec::new();
        let mut current = id;
        while !placed.contains_key(&current) {
            match targets.get(&current) {
                Some(Target::New(parent, _)) => {
                    chain.push(current);
                    current = *parent;
                }
                Some(target) => {
                    let placement = match *target {
                        Target::Earlier(parent, place) => Placement {
                            parent: Some(parent),
                            root: Some(place.root_id.unwrap_or(parent)),
                            depth: place.depth + 1,
                            note: None,
                        },
                        Target::Missing(parent) => top_level(Some(format!(
                            "Imported as a top-level comment: it replied to WordPress comment {parent}, which is not in the export."
                        ))),
                        Target::Loop(parent) => top_level(Some(format!(
                            "Imported as a top-level comment: it replied to WordPress comment {parent}, whose own chain of replies leads back to it."
                        ))),
                        Target::Top | Target::New(..) => top_level(None),
                    };
                    placed.insert(current, placement);
                }
                None => break,
            }
        }
        for child in chain.into_iter().rev() {
            let Some(Target::New(parent, _)) = targets.get(&child) else {
                continue;
            };
            let Some(above) = placed.get(parent) else {
                continue;
            };
            let placement = Placement {
                parent: Some(*parent),
                root: Some(above.root.unwrap_or(*parent)),
                depth: above.depth + 1,
                note: None,
            };
            placed.insert(child, placement);
        }
    }
    placed
}

/// A top-level comment, with a note for moderators if one is needed.
fn top_level(note: Option<String>) -> Placement {
    Placement {
        parent: None,
        root: None,
        depth: 1,
        note,
    }
}

/// Cuts every loop of new comments replying to each other: the lowest id of the loop
/// stops replying.
fn cut_loops(targets: &mut HashMap<CommentId, Target>) {
    let mut finished: HashSet<CommentId> = HashSet::new();
    let mut ids: Vec<CommentId> = targets.keys().copied().collect();
    ids.sort();
    for start in ids {
        let mut path: Vec<CommentId> = Vec::new();
        let mut current = start;
        while !finished.contains(&current) {
            if let Some(position) = path.iter().position(|seen| *seen == current) {
                let looped = &path[position..];
                if let Some(lowest) = looped.iter().min().copied()
                    && let Some(Target::New(_, wordpress_parent)) = targets.get(&lowest).copied()
                {
                    targets.insert(lowest, Target::Loop(wordpress_parent));
                }
                break;
            }
            path.push(current);
            match targets.get(&current) {
                Some(Target::New(parent, _)) => current = *parent,
                _ => break,
            }
        }
        finished.extend(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(targets: &[(i64, Target)]) -> HashMap<CommentId, Placement> {
        place_in_threads(
            targets
                .iter()
                .map(|(id, target)| (CommentId(*id), *target))
                .collect(),
        )
    }

    #[test]
    fn a_chain_of_replies_ten_deep_keeps_every_level() {
        let mut targets = vec![(1, Target::Top)];
        for id in 2..=10 {
            targets.push((
                id,
                Target::New(CommentId(id - 1), u64::try_from(id - 1).unwrap()),
            ));
        }
        let placed = place(&targets);
        let deepest = &placed[&CommentId(10)];
        assert_eq!(deepest.depth, 10);
        assert_eq!(deepest.root, Some(CommentId(1)));
        assert_eq!(deepest.parent, Some(CommentId(9)));
        assert_eq!(placed[&CommentId(1)].depth, 1);
    }

    #[test]
    fn a_missing_parent_makes_a_top_level_comment_with_a_note() {
        let placed = place(&[(5, Target::Missing(999)), (6, Target::New(CommentId(5), 5))]);
        assert_eq!(placed[&CommentId(5)].parent, None);
        assert!(
            placed[&CommentId(5)]
                .note
                .as_deref()
                .unwrap()
                .contains("999")
        );
        assert_eq!(placed[&CommentId(6)].root, Some(CommentId(5)));
        assert_eq!(placed[&CommentId(6)].note, None);
    }

    #[test]
    fn a_reply_to_an_earlier_import_joins_its_thread() {
        let place_of_earlier = ThreadPlace {
            article_id: ArticleId(1),
            root_id: Some(CommentId(40)),
            depth: 3,
        };
        let placed = place(&[(7, Target::Earlier(CommentId(41), place_of_earlier))]);
        assert_eq!(placed[&CommentId(7)].root, Some(CommentId(40)));
        assert_eq!(placed[&CommentId(7)].depth, 4);
    }

    #[test]
    fn a_loop_is_cut_at_its_lowest_id() {
        let placed = place(&[
            (3, Target::New(CommentId(4), 4)),
            (4, Target::New(CommentId(3), 3)),
        ]);
        assert_eq!(placed[&CommentId(3)].parent, None);
        assert!(placed[&CommentId(3)].note.is_some());
        assert_eq!(placed[&CommentId(4)].parent, Some(CommentId(3)));
        assert_eq!(placed[&CommentId(4)].depth, 2);
    }
}
