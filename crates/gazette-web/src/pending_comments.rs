//! How a reader recognises their own comments that wait for moderation: a signed cookie
//! listing the (article, comment) pairs they posted. Only the holder of the cookie sees
//! those comments, marked as awaiting moderation; nobody else does.

use crate::cookies;
use axum::http::{HeaderMap, HeaderValue};
use gazette_app::Signer;
use gazette_domain::{ArticleId, CommentId};

/// The cookie's name.
pub const COOKIE_NAME: &str = "gazette_pending";
const PURPOSE: &str = "pending_comments";
/// The most comments remembered; older ones drop off.
const MAX_ENTRIES: usize = 20;
/// How long the cookie lives: long enough for a moderator to get round to the comment.
const MAX_AGE_SECONDS: u64 = 30 * 24 * 60 * 60;

/// The reader's own pending comments, as their cookie lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingComments(Vec<(ArticleId, CommentId)>);

impl PendingComments {
    /// Reads the cookie; a missing, forged or garbled cookie counts as empty.
    pub fn from_request(headers: &HeaderMap, signer: &Signer) -> Self {
        let Some(token) = cookies::read(headers, COOKIE_NAME) else {
            return Self::default();
        };
        let Some(payload) = signer.verify(PURPOSE, token) else {
            return Self::default();
        };
        let text = String::from_utf8_lossy(&payload);
        let entries = text
            .split(',')
            .filter_map(|pair| {
                let (article, comment) = pair.split_once(':')?;
                Some((article.parse().ok()?, comment.parse().ok()?))
            })
            .collect();
        Self(entries)
    }

    /// The reader's comments on `article`.
    pub fn on_article(&self, article: ArticleId) -> Vec<CommentId> {
        self.0
            .iter()
            .filter(|(on, _)| *on == article)
            .map(|(_, comment)| *comment)
            .collect()
    }

    /// The list with one more comment, the oldest dropped when it is full.
    #[must_use]
    pub fn with(mut self, article: ArticleId, comment: CommentId) -> Self {
        self.0.push((article, comment));
        if self.0.len() > MAX_ENTRIES {
            let excess = self.0.len() - MAX_ENTRIES;
            self.0.drain(..excess);
        }
        self
    }

    /// The `Set-Cookie` value that stores this list.
    pub fn to_cookie(&self, signer: &Signer, secure: bool) -> HeaderValue {
        let payload = self
            .0
            .iter()
            .map(|(article, comment)| format!("{article}:{comment}"))
            .collect::<Vec<_>>()
            .join(",");
        cookies::server_only(
            COOKIE_NAME,
            &signer.sign(PURPOSE, payload.as_bytes()),
            MAX_AGE_SECONDS,
            secure,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    fn request_with(cookie: &HeaderValue) -> HeaderMap {
        let pair = cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&pair).unwrap());
        headers
    }

    #[test]
    fn round_trips_and_keeps_the_newest_twenty() {
        let signer = Signer::new(&[3; 32]).unwrap();
        let mut list = PendingComments::default();
        for number in 1..=25 {
            list = list.with(ArticleId(number % 2), CommentId(number));
        }
        let read =
            PendingComments::from_request(&request_with(&list.to_cookie(&signer, false)), &signer);
        assert_eq!(read, list);
        assert_eq!(read.0.len(), 20);
        assert_eq!(
            read.on_article(ArticleId(1)),
            [7, 9, 11, 13, 15, 17, 19, 21, 23, 25].map(CommentId)
        );
    }

    #[test]
    fn a_forged_cookie_shows_nothing() {
        let signer = Signer::new(&[3; 32]).unwrap();
        let other_site = Signer::new(&[4; 32]).unwrap();
        let forged = PendingComments::default()
            .with(ArticleId(1), CommentId(99))
            .to_cookie(&other_site, false);
        assert_eq!(
            PendingComments::from_request(&request_with(&forged), &signer),
            PendingComments::default()
        );
    }
}
