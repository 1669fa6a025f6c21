//! Slugs: the readable, URL-safe names of articles, categories, tags and authors.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

/// The longest slug Gazette makes or accepts, in bytes (all slugs are ASCII).
pub const MAX_SLUG_LENGTH: usize = 190;

/// A lower-case ASCII slug of letters, digits and single hyphens: `council-votes-on-budget`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slug(String);

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    /// Nothing usable was given.
    #[error("a slug cannot be empty")]
    Empty,
    /// The slug is longer than [`MAX_SLUG_LENGTH`].
    #[error("a slug can be at most {MAX_SLUG_LENGTH} characters long")]
    TooLong,
    /// The slug has characters other than a-z, 0-9 and single inner hyphens.
    #[error(
        "a slug may contain only lower-case letters a-z, digits and single hyphens between them, like `city-council-budget`"
    )]
    InvalidCharacters,
}

impl Slug {
    /// Checks a slug given by a person or read from storage.
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        if text.is_empty() {
            return Err(SlugError::Empty);
        }
        if text.len() > MAX_SLUG_LENGTH {
            return Err(SlugError::TooLong);
        }
        let well_formed = text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
        });
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(SlugError::InvalidCharacters)
        }
    }

    /// Makes a slug from a title: letters transliterated to ASCII (`Zoë's café` becomes
    /// `zoes-cafe`), everything else turned into hyphens, cut at a word boundary to fit.
    /// A title with nothing usable gives `fallback`.
    pub fn from_title(title: &str, fallback: &str) -> Self {
        let ascii = deunicode::deunicode(title).to_lowercase();
        let mut slug = String::with_capacity(ascii.len());
        for character in ascii.chars() {
            if character.is_ascii_alphanumeric() {
                slug.push(character);
            } else if character == '\'' || character == '\u{2019}' {
                // apostrophes vanish rather than split words: "it's" -> "its"
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        while slug.len() > MAX_SLUG_LENGTH {
            match slug[..MAX_SLUG_LENGTH].rfind('-') {
                Some(cut) if cut > 0 => slug.truncate(cut),
                _ => slug.truncate(MAX_SLUG_LENGTH),
            }
        }
        let trimmed = slug.trim_matches('-');
        if trimmed.is_empty() {
            Self(fallback.to_owned())
        } else {
            Self(trimmed.to_owned())
        }
    }

    /// The slug with a numeric suffix, used to make it unique: `budget` gives `budget-2`.
    #[must_use]
    pub fn with_suffix(&self, number: u32) -> Self {
        let suffix = format!("-{number}");
        let mut base = self.0.clone();
        base.truncate(MAX_SLUG_LENGTH - suffix.len());
        let base = base.trim_end_matches('-');
        Self(format!("{base}{suffix}"))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// The slug path of every node of a tree given as `(id, slug, parent)`, from the top down
/// (`news/local/council`). A parent that is not among the nodes ends the path, and so does
/// a loop.
pub fn slug_paths<'a, K: Copy + Eq + Hash>(
    nodes: impl IntoIterator<Item = (K, &'a Slug, Option<K>)>,
) -> HashMap<K, String> {
    let by_id: HashMap<K, (&Slug, Option<K>)> = nodes
        .into_iter()
        .map(|(id, slug, parent)| (id, (slug, parent)))
        .collect();
    by_id
        .iter()
        .map(|(&id, &(slug, parent))| {
            let mut trail = vec![slug.as_str()];
            let mut visited = vec![id];
            let mut parent = parent;
            while let Some((above, (slug, next))) =
                parent.and_then(|above| Some((above, *by_id.get(&above)?)))
            {
                if visited.contains(&above) {
                    break;
                }
                visited.push(above);
                trail.push(slug.as_str());
                parent = next;
            }
            trail.reverse();
            (id, trail.join("/"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_slugs_from_titles() {
        assert_eq!(
            Slug::from_title("Council Votes on 2025 Budget!", "article").as_str(),
            "council-votes-on-2025-budget"
        );
        assert_eq!(
            Slug::from_title("Zoë's café — “open” again", "article").as_str(),
            "zoes-cafe-open-again"
        );
        assert_eq!(Slug::from_title("¿¡!?", "article").as_str(), "article");
        let long = Slug::from_title(&"word ".repeat(100), "article");
        assert!(long.as_str().len() <= MAX_SLUG_LENGTH);
        assert!(long.as_str().ends_with("word"));
    }

    #[test]
    fn validates_given_slugs() {
        assert!(Slug::parse("city-budget-2025").is_ok());
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("City"), Err(SlugError::InvalidCharacters));
        assert_eq!(Slug::parse("a--b"), Err(SlugError::InvalidCharacters));
        assert_eq!(Slug::parse("-a"), Err(SlugError::InvalidCharacters));
        assert_eq!(Slug::parse(&"a".repeat(191)), Err(SlugError::TooLong));
    }

    #[test]
    fn suffixes_stay_within_the_limit() {
        let slug = Slug::parse(&"a".repeat(MAX_SLUG_LENGTH)).unwrap();
        let suffixed = slug.with_suffix(12);
        assert!(suffixed.as_str().len() <= MAX_SLUG_LENGTH);
        assert!(suffixed.as_str().ends_with("-12"));
        assert!(Slug::parse(suffixed.as_str()).is_ok());
    }
}
