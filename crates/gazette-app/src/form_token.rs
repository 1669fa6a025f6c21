//! The comment form's signed token: which article the form was shown for and when. A form
//! sent back without it, with a forged one, or sooner than a person could have typed is
//! the work of a program (the time trap).

use crate::App;
use gazette_domain::moderation::FormAge;
use gazette_domain::{ArticleId, Timestamp};

/// What the signer is told the token is for, so that no other signed value passes as one.
const PURPOSE: &str = "comment-form";

impl App {
    /// A token for a comment form on `article`, shown now.
    pub fn comment_form_token(&self, article: ArticleId) -> String {
        let payload = format!("{}:{}", article.get(), self.clock().now().as_microseconds());
        self.signer().sign(PURPOSE, payload.as_bytes())
    }

    /// How long ago the form carrying `token` was shown for `article`.
    pub(crate) fn comment_form_age(&self, token: Option<&str>, article: ArticleId) -> FormAge {
        let Some(token) = token.map(str::trim).filter(|token| !token.is_empty()) else {
            return FormAge::Missing;
        };
        let Some(payload) = self.signer().verify(PURPOSE, token) else {
            return FormAge::Invalid;
        };
        let Some((article_text, shown_text)) = std::str::from_utf8(&payload)
            .ok()
            .and_then(|text| text.split_once(':'))
        else {
            return FormAge::Invalid;
        };
        let shown = shown_text
            .parse::<i64>()
            .ok()
            .and_then(|micros| Timestamp::from_microseconds(micros).ok());
        match (article_text.parse::<i64>(), shown) {
            (Ok(id), Some(shown)) if id == article.get() => {
                let elapsed = self.clock().now().as_microseconds() - shown.as_microseconds();
                FormAge::Seconds(u64::try_from(elapsed / 1_000_000).unwrap_or(0))
            }
            _ => FormAge::Invalid,
        }
    }
}
