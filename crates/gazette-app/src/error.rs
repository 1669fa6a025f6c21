//! The one error type of Gazette's use cases.
//!
//! Each variant has a stable snake_case [`code`](AppError::code) that API clients and
//! scripts can rely on, and a message written for the person who caused it. Internal
//! errors carry their cause for the log but show only a generic sentence: what went wrong
//! inside the server is never shown to whoever asked.

use gazette_domain::FieldErrors;
use gazette_store::StoreError;

/// Why a use case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or is not public).
    #[error("{0}")]
    NotFound(String),
    /// The thing exists but this cannot be done to it.
    #[error("{0}")]
    Forbidden(String),
    /// The request clashes with what is already there.
    #[error("{0}")]
    Conflict(String),
    /// Too many requests from the same sender; try again after the given time.
    #[error("{message}")]
    RateLimited {
        /// What happened and when to try again, for the person who sent it.
        message: String,
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Submitted fields break the rules; each problem names its field.
    #[error("{0}")]
    Validation(FieldErrors),
    /// A dependency (usually the database) cannot be used right now, or needs attention.
    #[error("{0}")]
    Unavailable(String),
    /// Something that should not happen happened; details are logged, not shown.
    #[error("an internal error occurred")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// The stable code of this kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Forbidden(_) => "forbidden",
            Self::Conflict(_) => "conflict",
            Self::RateLimited { .. } => "rate_limited",
            Self::Validation(_) => "validation_failed",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// Wraps any unexpected failure.
    pub fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(error.into())
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(what) => Self::Conflict(format!("{what}; choose another")),
            StoreError::SchemaBehind { .. }
            | StoreError::SchemaAhead { .. }
            | StoreError::Connect { .. }
            | StoreError::UnsupportedAddress(_) => Self::Unavailable(error.to_string()),
            ref database_error if database_error.is_connection_problem() => Self::Unavailable(
                format!("the database cannot be reached right now: {database_error}"),
            ),
            other => Self::Internal(Box::new(other)),
        }
    }
}
