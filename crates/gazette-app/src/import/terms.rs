//! Categories and tags: those the export declares, with their descriptions and the
//! categories' hierarchy (a parent may be declared after its child), and those items are
//! filed under without the export declaring them. A category or tag whose slug the site
//! has already is the same one: the export's articles are filed under it.

use super::report::ImportKind;
use super::session::Writing;
use super::wordpress_slug;
use crate::AppResult;
use crate::categories::MAX_DESCRIPTION_CHARACTERS;
use gazette_domain::taxonomy::{MAX_TERM_NAME_CHARACTERS, category_slug_refusal};
use gazette_domain::text::{clean_multi_line, clean_single_line, text_of_sanitised_html};
use gazette_domain::{CategoryId, Slug, TagId};
use gazette_render::sanitize::clean_article_html;
use gazette_store::{CategoryRecord, ImportedKind, ImportedObjectRecord};
use gazette_wordpress::markup::decode_references;
use gazette_wordpress::{Category, ItemTerm, Tag, Term};
use std::collections::HashMap;

/// How many declared tags are written together.
const TAGS_PER_BATCH: usize = 100;

/// A term an item is filed under, sorted by taxonomy.
enum Filed<'a> {
    Category(&'a str, &'a str),
    Tag(&'a str, &'a str),
    Other,
}

/// Which taxonomy `term` belongs to, with its WordPress slug and name. Exports before 1.1
/// write tags with the domain `tag`, and categories also without a domain.
fn filed(term: &ItemTerm) -> Filed<'_> {
    let name = term.name.trim();
    let slug = term.slug.as_deref().map_or(name, str::trim);
    match term.domain.as_str() {
        "category" | "" => Filed::Category(slug, name),
        "post_tag" | "tag" => Filed::Tag(slug, name),
        _ => Filed::Other,
    }
}

/// A term's name, cut to the length the site allows; its slug when it has none. WordPress
/// keeps names with their HTML references (`Food &amp; drink`), which are decoded.
fn term_name(name: &str, slug: &str) -> String {
    let name = clean_single_line(&decode_references(name));
    let name = if name.is_empty() {
        slug.to_owned()
    } else {
        name
    };
    name.chars().take(MAX_TERM_NAME_CHARACTERS).collect()
}

/// A category an import needs: its WordPress slug, name and description, and whether the
/// export puts it at the top level.
#[derive(Clone, Copy)]
struct NewCategory<'a> {
    key: &'a str,
    name: &'a str,
    description: &'a str,
    top_level: bool,
}

/// The categories and tags met so far, by their WordPress slug.
#[derive(Default)]
pub(super) struct Terms {
    categories: HashMap<String, CategoryId>,
    parents: Vec<(CategoryId, String)>,
    /// Each declared category's parent, by WordPress slug.
    wordpress_parents: HashMap<String, String>,
    tags: HashMap<String, TagId>,
    declared_tags: Vec<Tag>,
}

impl Terms {
    /// Takes in a declared category.
    pub(super) async fn take_category(
        &mut self,
        writing: &mut Writing,
        category: &Category,
    ) -> AppResult<()> {
        let key = category.slug.trim();
        if key.is_empty() && category.name.trim().is_empty() {
            writing.report.failed(
                ImportKind::Category,
                format!("a category at {}", category.position),
                "it has neither a slug nor a name".to_owned(),
            );
            return Ok(());
        }
        let key = if key.is_empty() {
            category.name.trim()
        } else {
            key
        };
        if self.categories.contains_key(key) {
            writing
                .report
                .skipped(ImportKind::Category, "declared twice in the export");
            return Ok(());
        }
        let description = clean_multi_line(&text_of_sanitised_html(&clean_article_html(
            &category.description,
        )))
        .trim()
        .chars()
        .take(MAX_DESCRIPTION_CHARACTERS)
        .collect::<String>();
        let id = self
            .category(
                writing,
                &NewCategory {
                    key,
                    name: &category.name,
                    description: &description,
                    top_level: category.parent_slug.trim().is_empty(),
                },
            )
            .await?;
        let parent = category.parent_slug.trim();
        if !parent.is_empty() {
            self.parents.push((id, parent.to_owned()));
            self.wordpress_parents
                .insert(key.to_owned(), parent.to_owned());
        }
        Ok(())
    }

    /// Takes in a term of any taxonomy (`<wp:term>`). WordPress writes its categories and
    /// tags a second time as terms when the site has no taxonomy of its own: those already
    /// declared are the same ones, and any others are taken as declared. Terms of other
    /// taxonomies (menus, post formats…) are skipped with their reason.
    pub(super) async fn take_term(&mut self, writing: &mut Writing, term: Term) -> AppResult<()> {
        match term.taxonomy.as_str() {
            "category" => {
                if !self.categories.contains_key(term.slug.trim()) {
                    let category = Category {
                        term_id: term.term_id,
                        slug: term.slug,
                        parent_slug: term.parent_slug,
                        name: term.name,
                        description: term.description,
                        position: term.position,
                    };
                    self.take_category(writing, &category).await?;
                }
            }
            "post_tag" => {
                let slug = term.slug.trim();
                let declared = self.tags.contains_key(slug)
                    || self.declared_tags.iter().any(|tag| tag.slug.trim() == slug);
                if !declared {
                    let tag = Tag {
                        term_id: term.term_id,
                        slug: term.slug,
                        name: term.name,
                        description: term.description,
                        position: term.position,
                    };
                    self.take_tag(writing, tag).await?;
                }
            }
            other => {
                let reason = match other {
                    "nav_menu" => "menus are not imported".to_owned(),
                    "post_format" => "post formats are not imported".to_owned(),
                    other => format!("terms of the taxonomy `{other}` are not imported"),
                };
                writing.report.skipped(ImportKind::Term, &reason);
            }
        }
        Ok(())
    }

    /// Notes a declared tag, written with the next batch.
    pub(super) async fn take_tag(&mut self, writing: &mut Writing, tag: Tag) -> AppResult<()> {
        self.declared_tags.push(tag);
        if self.declared_tags.len() >= TAGS_PER_BATCH {
            self.write_declared_tags(writing).await?;
        }
        Ok(())
    }

    /// Writes the declared tags noted so far.
    pub(super) async fn write_declared_tags(&mut self, writing: &mut Writing) -> AppResult<()> {
        let declared = std::mem::take(&mut self.declared_tags);
        let wanted: Vec<(&str, &str)> = declared
            .iter()
            .map(|tag| {
                let name = tag.name.trim();
                let slug = tag.slug.trim();
                (if slug.is_empty() { name } else { slug }, name)
            })
            .collect();
        for (tag, (slug, _)) in declared.iter().zip(&wanted) {
            if slug.is_empty() {
                writing.report.failed(
                    ImportKind::Tag,
                    format!("a tag at {}", tag.position),
                    "it has neither a slug nor a name".to_owned(),
                );
            } else if self.tags.contains_key(*slug) {
                writing
                    .report
                    .skipped(ImportKind::Tag, "declared twice in the export");
            }
        }
        let fresh: Vec<(&str, &str)> = wanted
            .into_iter()
            .filter(|(slug, _)| !slug.is_empty() && !self.tags.contains_key(*slug))
            .collect();
        self.tags_for(writing, &fresh).await?;
        Ok(())
    }

    /// The categories and tags `terms` file an item under, made when the export never
    /// declared them. Other taxonomies (post formats and the like) are not kept.
    pub(super) async fn file(
        &mut self,
        writing: &mut Writing,
        terms: &[ItemTerm],
    ) -> AppResult<(Vec<CategoryId>, Vec<TagId>)> {
        let mut categories = Vec::new();
        let mut tags = Vec::new();
        let mut undeclared_tags = Vec::new();
        for term in terms {
            match filed(term) {
                Filed::Category(slug, name) if !slug.is_empty() => {
                    let id = if let Some(id) = self.categories.get(slug) {
                        *id
                    } else {
                        let id = self
                            .category(
                                writing,
                                &NewCategory {
                                    key: slug,
                                    name,
                                    description: "",
                                    top_level: true,
                                },
                            )
                            .await?;
                        writing.report.note("Some posts are filed under categories the export does not declare; they were made from the posts' own.");
                        id
                    };
                    if !categories.contains(&id) {
                        categories.push(id);
                    }
                }
                Filed::Tag(slug, name) if !slug.is_empty() => match self.tags.get(slug) {
                    Some(id) => {
                        if !tags.contains(id) {
                            tags.push(*id);
                        }
                    }
                    None => undeclared_tags.push((slug, name)),
                },
                Filed::Category(..) | Filed::Tag(..) | Filed::Other => {}
            }
        }
        if !undeclared_tags.is_empty() {
            undeclared_tags.dedup();
            writing.report.note("Some posts carry tags the export does not declare; they were made from the posts' own.");
            for id in self.tags_for(writing, &undeclared_tags).await? {
                if !tags.contains(&id) {
                    tags.push(id);
                }
            }
        }
        Ok((categories, tags))
    }

    /// Each category's slug path on WordPress (`news/local`), by its WordPress slug, as
    /// `%category%` wrote it in addresses.
    pub(super) fn wordpress_category_paths(&self) -> HashMap<String, String> {
        self.categories
            .keys()
            .map(|key| {
                let mut trail = vec![key.as_str()];
                let mut current = key.as_str();
                while let Some(parent) = self.wordpress_parents.get(current) {
                    if trail.contains(&parent.as_str()) {
                        break;
                    }
                    trail.push(parent);
                    current = parent;
                }
                trail.reverse();
                (key.clone(), trail.join("/"))
            })
            .collect()
    }

    /// Puts each category under the parent the export names, now that all are known.
    pub(super) async fn place_categories(&mut self, writing: &mut Writing) -> AppResult<()> {
        for (child, parent_slug) in std::mem::take(&mut self.parents) {
            if let Some(parent) = self.categories.get(&parent_slug)
                && *parent != child
            {
                writing.tx.set_category_parent(child, Some(*parent)).await?;
            }
        }
        Ok(())
    }

    /// The category `new` describes: imported before, the site's with the same slug, or
    /// made now.
    async fn category(
        &mut self,
        writing: &mut Writing,
        new: &NewCategory<'_>,
    ) -> AppResult<CategoryId> {
        let NewCategory {
            key,
            name,
            description,
            top_level,
        } = *new;
        let earlier = writing
            .tx
            .imported_objects(&writing.site, ImportedKind::Category, &[key])
            .await?;
        let known = match earlier.get(key) {
            Some(object) => writing
                .tx
                .category_by_id(CategoryId(object.gazette_id))
                .await?
                .map(|category| (category.id, "already imported")),
            None => None,
        };
        let mut slug = wordpress_slug(key, name, "category");
        if category_slug_refusal(&slug, top_level).is_some() {
            slug = slug.with_suffix(2);
        }
        let known = match known {
            Some(known) => Some(known),
            None => writing.tx.category_by_slug(slug.as_str()).await?.map(|category| {
                (
                    category.id,
                    "a category with the same slug exists: the export's posts are filed under it",
                )
            }),
        };
        let id = if let Some((id, reason)) = known {
            writing.report.skipped(ImportKind::Category, reason);
            id
        } else {
            let id = writing
                .tx
                .insert_category(&CategoryRecord {
                    slug,
                    name: term_name(name, key),
                    description: description.to_owned(),
                    parent_id: None,
                })
                .await?;
            writing.report.created(ImportKind::Category, 1);
            id
        };
        writing
            .tx
            .record_imported_objects(
                &writing.site,
                ImportedKind::Category,
                &[ImportedObjectRecord {
                    key,
                    gazette_id: id.get(),
                    version: None,
                }],
                writing.now,
            )
            .await?;
        self.categories.insert(key.to_owned(), id);
        Ok(id)
    }

    /// The tags with these WordPress slugs and names (distinct, none known yet): imported
    /// before, the site's with the same slug, or made now.
    async fn tags_for(
        &mut self,
        writing: &mut Writing,
        wanted: &[(&str, &str)],
    ) -> AppResult<Vec<TagId>> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<&str> = wanted.iter().map(|(key, _)| *key).collect();
        let earlier = writing
            .tx
            .imported_objects(&writing.site, ImportedKind::Tag, &keys)
            .await?;
        let slugs: Vec<Slug> = wanted
            .iter()
            .map(|(key, name)| wordpress_slug(key, name, "tag"))
            .collect();
        let mut by_slug: HashMap<&Slug, &str> = HashMap::new();
        let mut distinct: Vec<(Slug, String)> = Vec::new();
        for (slug, (key, name)) in slugs.iter().zip(wanted) {
            if by_slug.insert(slug, key).is_none() {
                distinct.push((slug.clone(), term_name(name, key)));
            }
        }
        let existing = writing.tx.existing_tag_slugs(&distinct).await?;
        let ids = writing.tx.ensure_tags(&distinct).await?;
        let mut taken = Vec::with_capacity(wanted.len());
        let mut records = Vec::with_capacity(wanted.len());
        for (slug, (key, _)) in slugs.iter().zip(wanted) {
            let Some(id) = ids.get(slug).copied() else {
                continue;
            };
            if earlier.contains_key(*key) {
                writing.report.skipped(ImportKind::Tag, "already imported");
            } else if existing.contains(slug) || taken.contains(&id) {
                writing.report.skipped(
                    ImportKind::Tag,
                    "a tag with the same slug exists: the export's posts carry it",
                );
            } else {
                writing.report.created(ImportKind::Tag, 1);
            }
            self.tags.insert((*key).to_owned(), id);
            taken.push(id);
            records.push(ImportedObjectRecord {
                key,
                gazette_id: id.get(),
                version: None,
            });
        }
        writing
            .tx
            .record_imported_objects(&writing.site, ImportedKind::Tag, &records, writing.now)
            .await?;
        Ok(taken)
    }
}
