//! A small local spam classifier: the features of a comment, and the score their counts
//! give. The counts themselves (in how many spam and ham messages each feature appeared)
//! are kept by the store; this module only makes features and weighs them.
//!
//! # Features
//!
//! Each feature is a short string with a prefix, so that different kinds of evidence never
//! mix (the word `example` in a comment is not the host `example`):
//!
//! - `w:` a word of the comment, case- and accent-folded, 2 to 30 characters, not a number;
//! - `n:` a word of the commenter's name, by the same rule;
//! - `d:` the domain of the email address, lower-cased;
//! - `h:` the host of the website and of every link in the comment, lower-cased and
//!   without `www.`;
//! - `l:` how many links the comment has: `l:none`, `l:one` or `l:several`.
//!
//! A comment gives each feature at most once, and at most [`MAX_FEATURES`] of them.
//!
//! # Score
//!
//! For each feature, Gary Robinson's estimate of the probability that a message containing
//! it is spam: with `p` its frequency among spam messages divided by the sum of its
//! frequencies among spam and among ham messages, and `n` the number of messages it was
//! seen in, `f = (s·x + n·p) / (s + n)` with a prior of strength `s = 1` towards `x = 0.5`.
//! A feature seen once or never therefore stays near 0.5.
//!
//! The features furthest from 0.5 (at most 20, and only those at least 0.1 away) are
//! combined with Fisher's method: `S = 1 − Q(−2 Σ ln(1 − f), 2k)` measures how strongly they
//! say spam, `H = 1 − Q(−2 Σ ln f, 2k)` how strongly they say ham, where `Q` is the
//! chi-square upper tail with `2k` degrees of freedom for `k` features, and the score is
//! `(1 + S − H) / 2`: near 1 for spam, near 0 for ham, and 0.5 when the evidence is absent
//! or torn.

mod features;
mod score;

#[cfg(test)]
mod tests;

pub use features::{MAX_FEATURES, features};
pub use score::{CorpusTotals, TokenCounts, spam_probability};

/// The parts of a comment the classifier looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassifierInput<'a> {
    /// The commenter's name.
    pub author: &'a str,
    /// The commenter's email address.
    pub email: &'a str,
    /// The commenter's website, if given.
    pub website: Option<&'a str>,
    /// The comment.
    pub text: &'a str,
}
