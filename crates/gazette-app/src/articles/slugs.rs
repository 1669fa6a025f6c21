//! Choosing an article's slug: the editor's own when it is free, or one made from the
//! title with the first free numeric suffix. The first segments of the site's own
//! addresses (`desk`, `static`…) are never free, so that an article stays reachable when
//! the permalink pattern starts with `%postname%`.

use crate::AppResult;
use crate::error::AppError;
use gazette_domain::permalink::is_reserved_segment;
use gazette_domain::{ArticleId, FieldErrors, Slug};
use gazette_store::Tx;

/// The slug for an article: `chosen` when the editor typed one (refused when another
/// article has it), else made from `title`. `article` is the article being saved, whose own
/// slug does not count as taken.
pub(crate) async fn choose_slug(
    tx: &mut Tx,
    chosen: Option<&Slug>,
    title: &str,
    article: Option<ArticleId>,
) -> AppResult<Slug> {
    let (base, chosen_by_editor) = match chosen {
        Some(slug) => (slug.clone(), true),
        None => (Slug::from_title(title, "article"), false),
    };
    let taken = tx.article_slugs_like(&base, article).await?;
    let reserved = is_reserved_segment(base.as_str());
    if !reserved && !taken.iter().any(|slug| slug == base.as_str()) {
        return Ok(base);
    }
    if chosen_by_editor && reserved {
        return Err(AppError::Validation(FieldErrors::single(
            "slug",
            format!(
                "The slug `{base}` is kept for the site's own pages (/{base}/); choose another."
            ),
        )));
    }
    if chosen_by_editor {
        return Err(AppError::Validation(FieldErrors::single(
            "slug",
            format!("The slug `{base}` is already used by another article; choose another."),
        )));
    }
    // Among taken.len() + 1 suffixes at least one is free.
    let candidates = 2..=u32::try_from(taken.len())
        .unwrap_or(u32::MAX)
        .saturating_add(2);
    let free = candidates
        .map(|number| base.with_suffix(number))
        .find(|candidate| !taken.iter().any(|slug| slug == candidate.as_str()));
    free.ok_or_else(|| AppError::internal("no free slug suffix"))
}
