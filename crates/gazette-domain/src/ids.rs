//! Typed identifiers, so that a comment id can never be passed where an article id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw database value.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(formatter)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.trim().parse::<i64>().map(Self)
            }
        }
    };
}

define_id!(
    /// Identifies an article.
    ArticleId
);
define_id!(
    /// Identifies a reader's comment.
    CommentId
);
define_id!(
    /// Identifies a user (staff member or author).
    UserId
);
define_id!(
    /// Identifies a category.
    CategoryId
);
define_id!(
    /// Identifies a tag.
    TagId
);
define_id!(
    /// Identifies an uploaded image.
    MediaId
);
define_id!(
    /// Identifies one saved version of an article.
    RevisionId
);
define_id!(
    /// Identifies a correction or update note on an article.
    CorrectionId
);
define_id!(
    /// Identifies another outlet's feed that Gazette republishes from.
    SourceId
);
define_id!(
    /// Identifies one item of a source's feed, as Gazette remembers it.
    SourceItemId
);
