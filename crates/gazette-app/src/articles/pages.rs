//! Pages written on the desk: what a new article is (news, or a page), and where a page
//! sits in the tree of pages, which its address follows (`/about/team/`).

use crate::AppResult;
use crate::error::AppError;
use gazette_domain::permalink::PageNode;
use gazette_domain::slug::slug_paths;
use gazette_domain::{Article, ArticleId, ArticleKind, Capability, User};
use gazette_store::{OldAddressRecord, PageTitle, Tx};
use std::collections::{HashMap, HashSet};

/// What an article is and, for a page, the page it sits under. The kind counts only when
/// the article is new: an article stays what it was made as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArticlePlace {
    /// News or a page.
    pub kind: ArticleKind,
    /// For a page: the page it sits under; `None` puts it at the top (`/about/`).
    pub parent_page: Option<ArticleId>,
}

impl ArticlePlace {
    /// A page under `parent`.
    pub fn page(parent: Option<ArticleId>) -> Self {
        Self {
            kind: ArticleKind::Page,
            parent_page: parent,
        }
    }
}

/// Whether `user` may write pages and choose where they sit: editors and administrators,
/// as in WordPress, since pages are the site's own structure (About, Contact…).
pub fn may_write_pages(user: &User) -> bool {
    user.role.can(Capability::EditOthersArticles)
}

/// What the article is after a save: what it was, or for a new one what the form says
/// (news when it says nothing).
pub(crate) fn kind_after(before: Option<&Article>, place: Option<ArticlePlace>) -> ArticleKind {
    before.map_or_else(
        || place.map_or(ArticleKind::Post, |place| place.kind),
        |article| article.kind,
    )
}

/// Refuses a save that makes a page or moves one when `user` may not write pages.
pub(crate) fn check_page_place(
    user: &User,
    before: Option<&Article>,
    place: Option<ArticlePlace>,
) -> AppResult<()> {
    let Some(place) = place else {
        return Ok(());
    };
    let placing = match before {
        None => place.kind == ArticleKind::Page,
        Some(article) => {
            article.kind == ArticleKind::Page && article.parent_id != place.parent_page
        }
    };
    if placing && !may_write_pages(user) {
        return Err(AppError::Forbidden(
            "Only editors and administrators write pages and choose where they sit; ask an editor."
                .to_owned(),
        ));
    }
    Ok(())
}

/// A page the editor offers to put another under, indented by its depth in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageChoice {
    /// The page.
    pub id: ArticleId,
    /// Its headline.
    pub title: String,
    /// How deep it sits: 0 at the top.
    pub depth: usize,
}

/// The pages `editing` (the page being edited, if any) may sit under, in tree order
/// (each page followed by those under it, each level by title): every page but itself and
/// those below it. A page whose parent is gone or in the trash is listed at the top.
pub(crate) fn parent_choices(pages: &[PageTitle], editing: Option<ArticleId>) -> Vec<PageChoice> {
    let known: HashSet<ArticleId> = pages.iter().map(|page| page.id).collect();
    let mut children: HashMap<Option<ArticleId>, Vec<&PageTitle>> = HashMap::new();
    for page in pages {
        let parent = page.parent_id.filter(|parent| known.contains(parent));
        children.entry(parent).or_default().push(page);
    }
    for level in children.values_mut() {
        level.sort_by(|one, other| (&one.title, one.id).cmp(&(&other.title, other.id)));
    }
    let mut choices = Vec::with_capacity(pages.len());
    let mut visited = HashSet::new();
    let mut stack: Vec<(&PageTitle, usize)> = children
        .get(&None)
        .map(|top| top.iter().rev().map(|page| (*page, 0)).collect())
        .unwrap_or_default();
    while let Some((page, depth)) = stack.pop() {
        if Some(page.id) == editing || !visited.insert(page.id) {
            continue;
        }
        choices.push(PageChoice {
            id: page.id,
            title: page.title.clone(),
            depth,
        });
        if let Some(below) = children.get(&Some(page.id)) {
            stack.extend(below.iter().rev().map(|child| (*child, depth + 1)));
        }
    }
    choices
}

/// Why `page` (`None` for a new page) may not sit under `parent`, in words for the editor;
/// `None` when it may.
pub(crate) fn parent_refusal(
    pages: &[PageTitle],
    page: Option<ArticleId>,
    parent: ArticleId,
) -> Option<&'static str> {
    let by_id: HashMap<ArticleId, &PageTitle> = pages.iter().map(|page| (page.id, page)).collect();
    if !by_id.contains_key(&parent) {
        return Some("That page is no longer there; choose the parent page again.");
    }
    let page = page?;
    let mut current = Some(parent);
    let mut steps = 0;
    while let Some(id) = current {
        if id == page {
            return Some("A page cannot sit under itself or one of the pages under it.");
        }
        steps += 1;
        if steps > pages.len() {
            break;
        }
        current = by_id.get(&id).and_then(|above| above.parent_id);
    }
    None
}

/// Every page's address, by page (`/about/team/`).
async fn page_addresses(tx: &mut Tx) -> AppResult<HashMap<ArticleId, String>> {
    let nodes: Vec<PageNode> = tx.page_nodes().await?;
    Ok(slug_paths(
        nodes
            .iter()
            .map(|node| (node.id, &node.slug, node.parent_id)),
    )
    .into_iter()
    .map(|(id, path)| (id, format!("/{path}/")))
    .collect())
}

/// The pages' addresses before `article` is saved, when it is a page (its address, and
/// those of the pages under it, may change); nothing for news or a new article.
pub(crate) async fn addresses_before_moving(
    tx: &mut Tx,
    article: Option<&Article>,
) -> AppResult<HashMap<ArticleId, String>> {
    match article {
        Some(article) if article.kind == ArticleKind::Page => page_addresses(tx).await,
        _ => Ok(HashMap::new()),
    }
}

/// After page `saved` was written: each page whose address changed from the one it had in
/// `before` (the page itself and those under it, when it moved or its slug changed)
/// keeps its old address, which leads to it (301) as an imported page's does; and no old
/// address stands in the way of where these pages are now.
pub(crate) async fn keep_moved_page_addresses(
    tx: &mut Tx,
    saved: ArticleId,
    before: &HashMap<ArticleId, String>,
) -> AppResult<()> {
    let after = page_addresses(tx).await?;
    let mut moved = Vec::new();
    let mut answering_now: Vec<String> = after.get(&saved).cloned().into_iter().collect();
    for (id, old) in before {
        if let Some(now) = after.get(id).filter(|now| *now != old) {
            moved.push(OldAddressRecord::Article {
                path: old.clone(),
                article: *id,
            });
            answering_now.push(now.clone());
        }
    }
    tx.forget_old_addresses(&answering_now).await?;
    tx.record_old_addresses("", &moved).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: i64, title: &str, parent: Option<i64>) -> PageTitle {
        PageTitle {
            id: ArticleId(id),
            title: title.to_owned(),
            parent_id: parent.map(ArticleId),
        }
    }

    fn outline(choices: &[PageChoice]) -> Vec<String> {
        choices
            .iter()
            .map(|choice| format!("{}{}", "-".repeat(choice.depth), choice.title))
            .collect()
    }

    #[test]
    fn parents_are_offered_in_tree_order_without_the_page_and_its_own() {
        let pages = [
            page(1, "About", None),
            page(2, "Team", Some(1)),
            page(3, "Contact", None),
            page(4, "Editors", Some(2)),
            page(5, "History", Some(1)),
            page(6, "Orphan", Some(99)),
        ];
        assert_eq!(
            outline(&parent_choices(&pages, None)),
            [
                "About",
                "-History",
                "-Team",
                "--Editors",
                "Contact",
                "Orphan"
            ]
        );
        assert_eq!(
            outline(&parent_choices(&pages, Some(ArticleId(2)))),
            ["About", "-History", "Contact", "Orphan"]
        );
    }

    #[test]
    fn a_page_never_sits_under_itself_or_its_own() {
        let pages = [
            page(1, "About", None),
            page(2, "Team", Some(1)),
            page(3, "Editors", Some(2)),
        ];
        assert_eq!(parent_refusal(&pages, None, ArticleId(3)), None);
        assert_eq!(
            parent_refusal(&pages, Some(ArticleId(3)), ArticleId(1)),
            None
        );
        for parent in [1, 2, 3] {
            assert!(parent_refusal(&pages, Some(ArticleId(1)), ArticleId(parent)).is_some());
        }
        assert!(
            parent_refusal(&pages, None, ArticleId(42))
                .unwrap()
                .contains("no longer")
        );
        let looped = [page(1, "A", Some(2)), page(2, "B", Some(1))];
        assert_eq!(
            parent_refusal(&looped, Some(ArticleId(3)), ArticleId(1)),
            None
        );
    }
}
