//! Why an export cannot be read, and where.

use crate::model::Position;
use std::fmt;

/// What kind of problem stopped the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WxrErrorKind {
    /// The file is not well-formed XML (cut short, a tag closed by another, a bad
    /// reference…).
    Malformed,
    /// The file is XML but not a WordPress export.
    NotAnExport,
    /// The file is an export in a version or an encoding this reader does not know.
    Unsupported,
    /// The file could not be read at all.
    Unreadable,
}

/// Why an export cannot be read, with the line and column where the problem is.
#[derive(Debug)]
pub struct WxrError {
    kind: WxrErrorKind,
    position: Option<Position>,
    message: String,
}

impl WxrError {
    pub(crate) fn new(
        kind: WxrErrorKind,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            position,
            message: message.into(),
        }
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> WxrErrorKind {
        self.kind
    }

    /// Where in the file the problem is, when it has a place.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The problem in words, without its place.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for WxrError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(position) => write!(formatter, "{position}: {}", self.message),
            None => formatter.write_str(&self.message),
        }
    }
}

impl std::error::Error for WxrError {}
