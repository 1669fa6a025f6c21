//! Categories and tags, the two ways articles are grouped.

use crate::archive::ARCHIVE_ENDINGS;
use crate::ids::{CategoryId, TagId};
use crate::permalink::is_reserved_segment;
use crate::slug::{Slug, slug_paths};
use crate::text::clean_single_line;
use serde::Serialize;
use std::collections::HashMap;

/// A section of the site, such as Local or Sports; categories can nest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Its identifier.
    pub id: CategoryId,
    /// The slug of its archive page.
    pub slug: Slug,
    /// Its name as shown.
    pub name: String,
    /// The category it sits under, if any.
    pub parent_id: Option<CategoryId>,
}

/// A free-form label such as `elections`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// Its identifier.
    pub id: TagId,
    /// The slug of its archive page.
    pub slug: Slug,
    /// Its name as shown.
    pub name: String,
}

/// The longest category or tag name accepted, in characters.
pub const MAX_TERM_NAME_CHARACTERS: usize = 100;
/// The most tags one article may carry.
pub const MAX_TAGS_PER_ARTICLE: usize = 50;

/// Reads the tags an editor typed, separated by commas: each name cleaned, empty ones and
/// repeats (ignoring case) dropped, in the order typed.
pub fn parse_tag_names(typed: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for name in typed.split(',').map(clean_single_line) {
        if name.is_empty()
            || names
                .iter()
                .any(|existing| existing.to_lowercase() == name.to_lowercase())
        {
            continue;
        }
        if name.chars().count() > MAX_TERM_NAME_CHARACTERS {
            return Err(format!(
                "The tag “{}…” is too long: at most {MAX_TERM_NAME_CHARACTERS} characters.",
                name.chars().take(20).collect::<String>()
            ));
        }
        names.push(name);
    }
    if names.len() > MAX_TAGS_PER_ARTICLE {
        return Err(format!(
            "That is {} tags; an article can carry at most {MAX_TAGS_PER_ARTICLE}.",
            names.len()
        ));
    }
    Ok(names)
}

/// Checks the name of a new category.
pub fn check_category_name(typed: &str) -> Result<String, String> {
    let name = clean_single_line(typed);
    if name.is_empty() {
        Err("Give the category a name.".to_owned())
    } else if name.chars().count() > MAX_TERM_NAME_CHARACTERS {
        Err(format!(
            "The name is too long: at most {MAX_TERM_NAME_CHARACTERS} characters."
        ))
    } else {
        Ok(name)
    }
}

/// Categories in tree order: each parent followed by its children (alphabetical at each
/// level), with each one's depth from 0. A category whose parent is missing, or that sits
/// in a loop, is shown at the top level.
pub fn category_tree(categories: &[Category]) -> Vec<(&Category, usize)> {
    let known = |id: Option<CategoryId>| {
        id.is_some_and(|id| categories.iter().any(|category| category.id == id))
    };
    let mut ordered: Vec<(&Category, usize)> = Vec::with_capacity(categories.len());
    let mut placed = std::collections::HashSet::new();
    let mut roots: Vec<&Category> = categories
        .iter()
        .filter(|category| !known(category.parent_id))
        .collect();
    roots.sort_by_key(|category| category.name.to_lowercase());
    let mut stack: Vec<(&Category, usize)> =
        roots.into_iter().rev().map(|root| (root, 0)).collect();
    loop {
        while let Some((category, depth)) = stack.pop() {
            if !placed.insert(category.id) {
                continue;
            }
            ordered.push((category, depth));
            let mut children: Vec<&Category> = categories
                .iter()
                .filter(|child| child.parent_id == Some(category.id))
                .collect();
            children.sort_by_key(|child| child.name.to_lowercase());
            stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
        }
        // Whatever is left sits in a loop of parents: show it at the top level.
        match categories
            .iter()
            .find(|category| !placed.contains(&category.id))
        {
            Some(orphan) => stack.push((orphan, 0)),
            None => return ordered,
        }
    }
}

/// Why a category may not take `slug` where it sits (`top_level`, or under a parent), in
/// words for the editor who typed it; `None` when it may. A top-level category's slug can
/// start articles' addresses (`%category%` in the permalink pattern), so it may not be
/// one of the site's own first segments (`/desk/`, `/search/`…); at any level it may not
/// be a word that ends an archive's address (`feed`, `page`).
pub fn category_slug_refusal(slug: &Slug, top_level: bool) -> Option<String> {
    if top_level && is_reserved_segment(slug.as_str()) {
        Some(format!(
            "The slug `{slug}` is kept for the site's own pages (/{slug}/); choose another for a top-level category."
        ))
    } else if ARCHIVE_ENDINGS.contains(&slug.as_str()) {
        Some(format!(
            "The slug `{slug}` would read as a page of the parent category's archive (…/{slug}/); choose another."
        ))
    } else {
        None
    }
}

/// The slug of a category named `name` made without an editor choosing one (from a
/// source's settings, the command line, the article editor's "new category"): made from
/// the name, `-2` added when that slug is one the category may not take where it sits.
pub fn category_slug_for(name: &str, top_level: bool) -> Slug {
    let slug = Slug::from_title(name, "category");
    if category_slug_refusal(&slug, top_level).is_some() {
        slug.with_suffix(2)
    } else {
        slug
    }
}

/// The slug of a tag named `name`: made from the name, `-2` added when that slug ends
/// archives' addresses (`/tag/feed/` is no tag's archive).
pub fn tag_slug_for(name: &str) -> Slug {
    let slug = Slug::from_title(name, "tag");
    if ARCHIVE_ENDINGS.contains(&slug.as_str()) {
        slug.with_suffix(2)
    } else {
        slug
    }
}

/// Every category's slug path, parents first (`news/local`), as addresses name them. A
/// parent that is missing, or that sits in a loop, ends the path.
pub fn category_paths<'a>(
    categories: impl IntoIterator<Item = &'a Category>,
) -> HashMap<CategoryId, String> {
    slug_paths(
        categories
            .into_iter()
            .map(|category| (category.id, &category.slug, category.parent_id)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, name: &str, parent: Option<i64>) -> Category {
        Category {
            id: CategoryId(id),
            slug: Slug::from_title(name, "category"),
            name: name.to_owned(),
            parent_id: parent.map(CategoryId),
        }
    }

    #[test]
    fn automatic_slugs_step_around_the_site_s_own_addresses() {
        assert_eq!(category_slug_for("Local News", true).as_str(), "local-news");
        assert_eq!(category_slug_for("Search", true).as_str(), "search-2");
        assert_eq!(category_slug_for("Media", true).as_str(), "media-2");
        assert_eq!(
            category_slug_for("Media", false).as_str(),
            "media",
            "only top-level slugs start addresses"
        );
        assert_eq!(category_slug_for("Feed", false).as_str(), "feed-2");
        assert_eq!(category_slug_for("Page", false).as_str(), "page-2");
        assert_eq!(tag_slug_for("Feed").as_str(), "feed-2");
        assert_eq!(tag_slug_for("Media").as_str(), "media");
        let refusal = category_slug_refusal(&Slug::from_title("feed", "category"), false).unwrap();
        assert!(refusal.contains("…/feed/"), "{refusal}");
        assert!(
            category_slug_refusal(&Slug::from_title("desk", "category"), true)
                .unwrap()
                .contains("top-level")
        );
        assert_eq!(
            category_slug_refusal(&Slug::from_title("local", "category"), false),
            None
        );
    }

    #[test]
    fn tags_are_split_cleaned_and_deduplicated() {
        assert_eq!(
            parse_tag_names(" budget,Council , ,budget, council,  schools ").unwrap(),
            vec!["budget", "Council", "schools"]
        );
        assert!(parse_tag_names(&"x".repeat(101)).is_err());
        let many: Vec<String> = (0..51).map(|number| format!("t{number}")).collect();
        assert!(
            parse_tag_names(&many.join(","))
                .unwrap_err()
                .contains("at most 50")
        );
    }

    #[test]
    fn category_paths_run_from_the_top() {
        let categories = vec![
            category(1, "News", None),
            category(2, "Local", Some(1)),
            category(3, "Council", Some(2)),
            category(4, "Orphan", Some(99)),
            category(6, "Loop A", Some(7)),
            category(7, "Loop B", Some(6)),
        ];
        let paths = category_paths(&categories);
        assert_eq!(paths[&CategoryId(1)], "news");
        assert_eq!(paths[&CategoryId(3)], "news/local/council");
        assert_eq!(paths[&CategoryId(4)], "orphan");
        assert_eq!(paths[&CategoryId(6)], "loop-b/loop-a");
    }

    #[test]
    fn categories_are_ordered_as_a_tree() {
        let categories = vec![
            category(1, "Sports", None),
            category(2, "Local", None),
            category(3, "Football", Some(1)),
            category(4, "Council", Some(2)),
            category(5, "Athletics", Some(1)),
            category(6, "Loop A", Some(7)),
            category(7, "Loop B", Some(6)),
        ];
        let tree: Vec<(String, usize)> = category_tree(&categories)
            .into_iter()
            .map(|(category, depth)| (category.name.clone(), depth))
            .collect();
        assert_eq!(
            tree,
            vec![
                ("Local".to_owned(), 0),
                ("Council".to_owned(), 1),
                ("Sports".to_owned(), 0),
                ("Athletics".to_owned(), 1),
                ("Football".to_owned(), 1),
                ("Loop A".to_owned(), 0),
                ("Loop B".to_owned(), 1),
            ]
        );
    }
}
