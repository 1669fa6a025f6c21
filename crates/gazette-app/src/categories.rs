//! Managing categories: the sections of the site, which can nest. Administrators and
//! editors may add, rename, move and delete them; deleting one moves its children up to
//! its parent and leaves its articles in their other categories. A top-level category
//! may not take a slug the site's own addresses start with, since `%category%` in the
//! permalink pattern puts it first in its articles' addresses.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::taxonomy::{
    Category, category_slug_refusal, category_tree, check_category_name,
};
use gazette_domain::{Capability, CategoryId, FieldErrors, Slug, User};
use gazette_store::{CategoryDetails, CategoryRecord};

/// The longest category description accepted, in characters.
pub(crate) const MAX_DESCRIPTION_CHARACTERS: usize = 2_000;

/// A category as typed in its form.
#[derive(Clone, Debug, Default)]
pub struct CategoryInput {
    /// Its name.
    pub name: String,
    /// Its slug; empty to make one from the name.
    pub slug: String,
    /// Its description.
    pub description: String,
    /// The category it sits under.
    pub parent: Option<CategoryId>,
}

fn require(user: &User) -> AppResult<()> {
    gazette_domain::permissions::check(user.role, Capability::ManageCategories)
        .map_err(|denied| AppError::Forbidden(denied.message))
}

impl App {
    /// Every category in tree order with its depth (0 at the top), without the
    /// descriptions and article counts of [`App::category_list`]: what the editor offers
    /// to tick and the article list to filter by.
    pub async fn category_tree(&self) -> AppResult<Vec<(Category, usize)>> {
        let categories = self.db().all_categories().await?;
        Ok(category_tree(&categories)
            .into_iter()
            .map(|(category, depth)| (category.clone(), depth))
            .collect())
    }

    /// Every category with its description and article count, in tree order with depth.
    pub async fn category_list(&self) -> AppResult<Vec<(CategoryDetails, usize)>> {
        let details = self.db().category_details().await?;
        let categories: Vec<Category> = details
            .iter()
            .map(|detail| detail.category.clone())
            .collect();
        Ok(category_tree(&categories)
            .into_iter()
            .filter_map(|(category, depth)| {
                details
                    .iter()
                    .find(|detail| detail.category.id == category.id)
                    .map(|detail| (detail.clone(), depth))
            })
            .collect())
    }

    /// Creates a category for `user`.
    pub async fn create_category(
        &self,
        user: &User,
        input: &CategoryInput,
    ) -> AppResult<CategoryId> {
        require(user)?;
        let record = self.checked_category(None, input).await?;
        let mut tx = self.db().begin().await?;
        let id = tx
            .insert_category(&record)
            .await
            .map_err(|error| taken_slug(error, &record.slug))?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes category `id` for `user`.
    pub async fn update_category(
        &self,
        user: &User,
        id: CategoryId,
        input: &CategoryInput,
    ) -> AppResult<()> {
        require(user)?;
        let record = self.checked_category(Some(id), input).await?;
        let mut tx = self.db().begin().await?;
        tx.update_category(id, &record)
            .await
            .map_err(|error| taken_slug(error, &record.slug))?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes category `id` for `user`.
    pub async fn delete_category(&self, user: &User, id: CategoryId) -> AppResult<()> {
        require(user)?;
        let categories = self.db().all_categories().await?;
        let category = categories
            .iter()
            .find(|category| category.id == id)
            .ok_or_else(|| AppError::NotFound(format!("There is no category {id}.")))?;
        let mut tx = self.db().begin().await?;
        tx.delete_category(id, category.parent_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a category form; `id` is the category being changed, if any.
    async fn checked_category(
        &self,
        id: Option<CategoryId>,
        input: &CategoryInput,
    ) -> AppResult<CategoryRecord> {
        let categories = self.db().all_categories().await?;
        if let Some(id) = id
            && !categories.iter().any(|category| category.id == id)
        {
            return Err(AppError::NotFound(format!("There is no category {id}.")));
        }
        let mut errors = FieldErrors::new();
        let name = check_category_name(&input.name).unwrap_or_else(|reason| {
            errors.add("name", reason);
            String::new()
        });
        let slug = match input.slug.trim() {
            "" => Slug::from_title(&name, "category"),
            typed => Slug::parse(typed).unwrap_or_else(|error| {
                errors.add(
                    "slug",
                    format!("The slug `{typed}` cannot be used: {error}."),
                );
                Slug::from_title(&name, "category")
            }),
        };
        let description = gazette_domain::text::clean_multi_line(&input.description)
            .trim()
            .to_owned();
        if description.chars().count() > MAX_DESCRIPTION_CHARACTERS {
            errors.add(
                "description",
                format!(
                    "The description is too long: at most {MAX_DESCRIPTION_CHARACTERS} characters."
                ),
            );
        }
        if let Some(refusal) = category_slug_refusal(&slug, input.parent.is_none()) {
            errors.add("slug", refusal);
        }
        if let Some(parent) = input.parent {
            if !categories.iter().any(|category| category.id == parent) {
                errors.add("parent", "That parent category no longer exists.");
            } else if id.is_some_and(|id| is_within(&categories, parent, id)) {
                errors.add(
                    "parent",
                    "A category cannot sit under itself or one of its own subcategories.",
                );
            }
        }
        errors
            .into_result(CategoryRecord {
                slug,
                name,
                description,
                parent_id: input.parent,
            })
            .map_err(AppError::Validation)
    }
}

/// Whether `candidate` is `ancestor` or sits somewhere below it.
fn is_within(categories: &[Category], candidate: CategoryId, ancestor: CategoryId) -> bool {
    let mut current = Some(candidate);
    let mut steps = 0;
    while let Some(id) = current {
        if id == ancestor {
            return true;
        }
        steps += 1;
        if steps > categories.len() {
            return false;
        }
        current = categories
            .iter()
            .find(|category| category.id == id)
            .and_then(|category| category.parent_id);
    }
    false
}

fn taken_slug(error: gazette_store::StoreError, slug: &Slug) -> AppError {
    match AppError::from(error) {
        AppError::Conflict(_) => AppError::Validation(FieldErrors::single(
            "slug",
            format!("Another category already has the slug `{slug}`; choose another."),
        )),
        other => other,
    }
}
