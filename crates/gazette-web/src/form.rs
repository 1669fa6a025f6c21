//! The comment form's body, read with the size limit and decoded leniently: bytes that are
//! not UTF-8 become U+FFFD rather than failing the whole submission, so a reader never
//! loses a comment to an encoding accident. A body announced as larger than the limit is
//! refused before any of it is read; one that turns out larger is refused as soon as the
//! limit is passed.

use crate::error::WebError;
use crate::state::WebState;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, Request};
use axum::http::header;
use bytes::Bytes;

/// The fields of a `application/x-www-form-urlencoded` body, in the order sent.
#[derive(Clone, Debug, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FromRequest<WebState> for FormFields {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &WebState) -> Result<Self, WebError> {
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        if !is_form {
            return Err(WebError::UnsupportedMediaType);
        }
        let limit = state.options.max_body_bytes;
        // A body announced as too large is refused at once, without reading any of it.
        let announced = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        if announced.is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX)) {
            return Err(WebError::PayloadTooLarge { limit });
        }
        let body =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection {
                    BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                        WebError::PayloadTooLarge { limit }
                    }
                    _ => WebError::App {
                        error: gazette_app::AppError::internal(
                            "the request body could not be read",
                        ),
                        kept_text: None,
                    },
                })?;
        Ok(Self::parse(&body))
    }
}

impl FormFields {
    /// Decodes an urlencoded body.
    pub fn parse(body: &[u8]) -> Self {
        Self(
            url::form_urlencoded::parse(body)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
        )
    }

    /// The first value sent for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value sent for `name` (ticked checkboxes of one name), in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether a checkbox named `name` was ticked (sent with any value).
    pub fn ticked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The first value sent for `name`, or an empty string.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// The fields named in `names`, urlencoded again in the order sent (what
    /// [`FormFields::parse`] reads back).
    pub fn encoded_only(&self, names: &[&str]) -> String {
        let mut encoded = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.0 {
            if names.contains(&name.as_str()) {
                encoded.append_pair(name, value);
            }
        }
        encoded.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_fields_and_survives_invalid_utf8() {
        let fields = FormFields::parse(
            b"comment=Hi+there%21%0D%0Aok&author=Zo%C3%AB&email=%FF%FE&comment=second",
        );
        assert_eq!(fields.get("comment"), Some("Hi there!\r\nok"));
        assert_eq!(fields.text("author"), "Zoë");
        assert_eq!(fields.text("email"), "\u{FFFD}\u{FFFD}");
        assert_eq!(fields.get("url"), None);
        assert_eq!(fields.text("url"), "");
        assert_eq!(
            fields.all("comment").collect::<Vec<_>>(),
            ["Hi there!\r\nok", "second"]
        );
    }
}
