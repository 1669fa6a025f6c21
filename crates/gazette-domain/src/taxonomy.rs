//! Categories and tags, the two ways articles are grouped.

use crate::ids::{CategoryId, TagId};
use crate::slug::Slug;
use serde::Serialize;

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
