//! What is known about a new comment when it is moderated.
//!
//! The caller gathers these facts (from the form, the request and the database) so that the
//! checks themselves need neither storage nor a clock.

/// What the signed token in the comment form says about the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormAge {
    /// The form came back without a token.
    Missing,
    /// The token is forged, damaged or was issued for another article.
    Invalid,
    /// The token is genuine and was issued this many seconds ago.
    Seconds(u64),
}

/// Everything the checks look at for one new comment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CommentFacts<'a> {
    /// The commenter's name.
    pub author: &'a str,
    /// The commenter's email address.
    pub email: &'a str,
    /// The commenter's website, if given.
    pub website: Option<&'a str>,
    /// The comment.
    pub text: &'a str,
    /// The address the comment came from, when known.
    pub ip: Option<&'a str>,
    /// The browser's identification, when sent.
    pub user_agent: Option<&'a str>,
    /// The comment comes from a signed-in staff member: it is published at once, and only
    /// the duplicate check applies.
    pub staff: bool,
    /// The form field hidden from people was filled in.
    pub honeypot_filled: bool,
    /// What the form's signed token says.
    pub form_age: FormAge,
    /// Comments attempted from the sender's network within the last hour, this one included.
    pub attempts_this_hour_from_network: u32,
    /// Seconds since the last comment from the same IP address or email address, or `None`
    /// when there was none.
    pub seconds_since_sender_last_comment: Option<u64>,
    /// A comment with the same article, parent, email address and text already exists.
    pub duplicate: bool,
    /// Approved comments by the same name and email address.
    pub approved_comments_by_author: u64,
    /// The spam classifier's score from `0.0` (ham) to `1.0` (spam), or `None` when it has
    /// not been trained yet.
    pub spam_score: Option<f64>,
}
