//! Choosing an article's slug: the editor's own when it is free, or one made from the
//! title with the first free numeric suffix. The first segments of the site's own
//! addresses (`desk`, `static`…) and slugs of digits alone (`2024`, a year's archive) are
//! never free, so that an article stays reachable when the permalink pattern starts with
//! `%postname%`.

use crate::AppResult;
use crate::error::AppError;
use gazette_domain::permalink::is_slug_kept_for_site;
use gazette_domain::{ArticleId, FieldErrors, Slug};
use gazette_store::Tx;
use std::collections::HashSet;

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
    let reserved = is_slug_kept_for_site(base.as_str());
    let taken = !tx.taken_slugs(&[base.as_str()], article).await?.is_empty();
    if !reserved && !taken {
        return Ok(base);
    }
    if chosen_by_editor && reserved {
        return Err(AppError::Validation(FieldErrors::single(
            "slug",
            format!(
                "The slug `{base}` is kept for the site's own pages (/{base}/); choose another, with a word in it."
            ),
        )));
    }
    if chosen_by_editor {
        return Err(AppError::Validation(FieldErrors::single(
            "slug",
            format!("The slug `{base}` is already used by another article; choose another."),
        )));
    }
    free_suffixed_slug(tx, &base, article, &HashSet::new()).await
}

/// Free slugs for new articles with these titles, made from each title, distinct from each
/// other and from every stored article's, looked up together.
pub(crate) async fn choose_new_slugs(tx: &mut Tx, titles: &[String]) -> AppResult<Vec<Slug>> {
    let bases: Vec<Slug> = titles
        .iter()
        .map(|title| Slug::from_title(title, "article"))
        .collect();
    choose_free_slugs(tx, bases).await
}

/// For each of `bases`, the slug itself when it is free, else its first free suffixed
/// form (`base-2`…): distinct from each other and from every stored article's, looked up
/// together.
pub(crate) async fn choose_free_slugs(tx: &mut Tx, bases: Vec<Slug>) -> AppResult<Vec<Slug>> {
    let listed: Vec<&str> = bases.iter().map(Slug::as_str).collect();
    let taken = tx.taken_slugs(&listed, None).await?;
    let mut chosen = HashSet::with_capacity(bases.len());
    let mut slugs = Vec::with_capacity(bases.len());
    for base in bases {
        let free = !taken.contains(base.as_str())
            && !chosen.contains(base.as_str())
            && !is_slug_kept_for_site(base.as_str());
        let slug = if free {
            base
        } else {
            free_suffixed_slug(tx, &base, None, &chosen).await?
        };
        chosen.insert(slug.as_str().to_owned());
        slugs.push(slug);
    }
    Ok(slugs)
}

/// How many suffixed slugs are looked up at once.
const SUFFIXES_PER_LOOK: u32 = 10;

/// The first of `base-2`, `base-3`… that neither an article other than `except` nor
/// anything in `also_taken` uses. Each look is an indexed `IN`, never a scan.
async fn free_suffixed_slug(
    tx: &mut Tx,
    base: &Slug,
    except: Option<ArticleId>,
    also_taken: &HashSet<String>,
) -> AppResult<Slug> {
    let mut first = 2_u32;
    loop {
        let candidates: Vec<Slug> = (first..first.saturating_add(SUFFIXES_PER_LOOK))
            .map(|number| base.with_suffix(number))
            .collect();
        let listed: Vec<&str> = candidates.iter().map(Slug::as_str).collect();
        let taken = tx.taken_slugs(&listed, except).await?;
        if let Some(free) = candidates.into_iter().find(|candidate| {
            !taken.contains(candidate.as_str()) && !also_taken.contains(candidate.as_str())
        }) {
            return Ok(free);
        }
        first = first
            .checked_add(SUFFIXES_PER_LOOK)
            .ok_or_else(|| AppError::internal(format!("no free slug suffix for `{base}`")))?;
    }
}
