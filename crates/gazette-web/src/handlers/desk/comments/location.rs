//! Where a moderator is in the queue: the view, the article, kind and search filters and
//! the page. Read from the address (`?status=…&article=…&type=…&s=…&page=…`, `type` being
//! `comment`, `pingback` or `trackback`) or from the same names
//! in a form's hidden fields, and written back into addresses, so that every action and
//! every link keeps the moderator where they were. Addresses are built from the parsed
//! values, never copied from the request, so no form can send anyone elsewhere.

use crate::error::WebError;
use gazette_app::{AppError, QueueQuery, QueueView};
use gazette_domain::text::clean_single_line;
use gazette_domain::{ArticleId, CommentKind};
use serde::Serialize;

/// The queue's own address.
const QUEUE_PATH: &str = "/desk/comments/";

/// A place in the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLocation {
    /// The view asked for; `None` for the default.
    pub view: Option<QueueView>,
    /// Only comments on this article.
    pub article: Option<ArticleId>,
    /// Only comments of this kind.
    pub kind: Option<CommentKind>,
    /// The search as typed, cleaned of control characters and runs of spaces (empty for
    /// none).
    pub search: String,
    /// The page, from 1.
    pub page: u32,
}

impl Default for QueueLocation {
    /// The queue as the desk's navigation opens it: the default view, every article, no
    /// search, the first page.
    fn default() -> Self {
        Self {
            view: None,
            article: None,
            kind: None,
            search: String::new(),
            page: 1,
        }
    }
}

/// A hidden form field that carries the location.
#[derive(Debug, Serialize)]
pub struct HiddenField {
    pub name: &'static str,
    pub value: String,
}

/// The first value of each name among `pairs`.
fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value.as_str())
}

/// The page number in `text`: empty for the first; anything but a positive number is a
/// page that does not exist.
pub fn page_number(text: Option<&str>) -> Result<u32, WebError> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(1),
        Some(text) => match text.parse::<u32>() {
            Ok(page) if page > 0 => Ok(page),
            _ => Err(AppError::NotFound(format!(
                "There is no page “{}”; pages are numbered from 1.",
                text.chars().take(40).collect::<String>()
            ))
            .into()),
        },
    }
}

/// The `page` of a query string.
pub fn page_in_query(query: Option<&str>) -> Result<u32, WebError> {
    let pairs = decode(query.unwrap_or_default().as_bytes());
    page_number(first(&pairs, "page"))
}

fn decode(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

impl QueueLocation {
    /// The place named by a query string. A view, article or page that cannot exist is
    /// not found.
    pub fn from_query(query: Option<&str>) -> Result<Self, WebError> {
        Self::read(&decode(query.unwrap_or_default().as_bytes()))
    }

    /// The place carried by a form's hidden fields.
    pub fn from_form(form: &crate::form::FormFields) -> Result<Self, WebError> {
        let pairs: Vec<(String, String)> = ["status", "article", "type", "s", "page"]
            .into_iter()
            .filter_map(|name| {
                form.get(name)
                    .map(|value| (name.to_owned(), value.to_owned()))
            })
            .collect();
        Self::read(&pairs)
    }

    fn read(pairs: &[(String, String)]) -> Result<Self, WebError> {
        let view = match first(pairs, "status").map(str::trim).filter(|text| !text.is_empty()) {
            None => None,
            Some(name) => Some(QueueView::parse(name).ok_or_else(|| {
                WebError::from(AppError::NotFound(format!(
                    "There is no list of comments called “{}”; the lists are pending, approved, spam, trash and all.",
                    name.chars().take(40).collect::<String>()
                )))
            })?),
        };
        let article = match first(pairs, "article")
            .map(str::trim)
            .filter(|text| !text.is_empty())
        {
            None => None,
            Some(text) => match text.parse::<i64>() {
                Ok(id) if id > 0 => Some(ArticleId(id)),
                _ => {
                    return Err(AppError::NotFound(format!(
                        "“{}” is not an article number, so there are no comments on it.",
                        text.chars().take(40).collect::<String>()
                    ))
                    .into());
                }
            },
        };
        let kind = match first(pairs, "type").map(str::trim).filter(|text| !text.is_empty()) {
            None => None,
            Some(name) => Some(CommentKind::parse(name).ok_or_else(|| {
                WebError::from(AppError::NotFound(format!(
                    "There is no kind of comment called “{}”; the kinds are comment, pingback and trackback.",
                    name.chars().take(40).collect::<String>()
                )))
            })?),
        };
        Ok(Self {
            view,
            article,
            kind,
            search: clean_single_line(first(pairs, "s").unwrap_or_default()),
            page: page_number(first(pairs, "page"))?,
        })
    }

    /// What to ask the queue for.
    pub fn query(&self) -> QueueQuery {
        QueueQuery {
            view: self.view,
            article_id: self.article,
            kind: self.kind,
            search: self.search.clone(),
            page: self.page,
        }
    }

    /// The same filters with the view `view`, on its first page.
    pub fn with_view(&self, view: Option<QueueView>) -> Self {
        Self {
            view,
            page: 1,
            ..self.clone()
        }
    }

    /// The same view and search, limited to `article` (or not), on the first page.
    pub fn with_article(&self, article: Option<ArticleId>) -> Self {
        Self {
            article,
            page: 1,
            ..self.clone()
        }
    }

    /// The same view and article, searching for `search`, on the first page.
    pub fn with_search(&self, search: &str) -> Self {
        Self {
            search: search.to_owned(),
            page: 1,
            ..self.clone()
        }
    }

    /// The same filters on page `page`.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The fields that carry this place, leaving out what is empty or the default.
    pub fn fields(&self) -> Vec<HiddenField> {
        let mut fields = Vec::new();
        if let Some(view) = self.view {
            fields.push(HiddenField {
                name: "status",
                value: view.as_str().to_owned(),
            });
        }
        if let Some(article) = self.article {
            fields.push(HiddenField {
                name: "article",
                value: article.to_string(),
            });
        }
        if let Some(kind) = self.kind {
            fields.push(HiddenField {
                name: "type",
                value: kind.as_str().to_owned(),
            });
        }
        if !self.search.is_empty() {
            fields.push(HiddenField {
                name: "s",
                value: self.search.clone(),
            });
        }
        if self.page > 1 {
            fields.push(HiddenField {
                name: "page",
                value: self.page.to_string(),
            });
        }
        fields
    }

    /// The query string of this place (empty for the queue's default).
    pub fn query_string(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                self.fields()
                    .iter()
                    .map(|field| (field.name, field.value.as_str())),
            )
            .finish()
    }

    /// The queue's address at this place.
    pub fn url(&self) -> String {
        self.url_of(QUEUE_PATH)
    }

    /// `path` with this place as its query string (to come back here afterwards).
    pub fn url_of(&self, path: &str) -> String {
        let query = self.query_string();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_domain::CommentStatus;

    fn location(query: &str) -> QueueLocation {
        QueueLocation::from_query(Some(query)).unwrap_or_else(|error| panic!("{query}: {error:?}"))
    }

    #[test]
    fn places_round_trip_through_addresses() {
        let place = location("status=spam&article=4&type=pingback&s=100%25+sure%26more&page=3");
        assert_eq!(place.view, Some(QueueView::Status(CommentStatus::Spam)));
        assert_eq!(place.article, Some(ArticleId(4)));
        assert_eq!(place.kind, Some(CommentKind::Pingback));
        assert_eq!(place.search, "100% sure&more");
        assert_eq!(place.page, 3);
        assert_eq!(
            location(place.url().trim_start_matches("/desk/comments/?")),
            place
        );
        assert_eq!(location("").url(), "/desk/comments/");
        assert_eq!(
            location("status=&article=&s=&page=").url(),
            "/desk/comments/"
        );
        assert_eq!(location("page=2&page=9").page, 2, "the first value counts");
        assert_eq!(location("s=%00+ada%E2%80%AE++lima+").search, "ada lima");
        assert_eq!(
            place.with_view(None).url(),
            "/desk/comments/?article=4&type=pingback&s=100%25+sure%26more"
        );
    }

    #[test]
    fn places_that_cannot_exist_are_refused() {
        for query in [
            "status=bogus",
            "article=abc",
            "article=-1",
            "type=ping",
            "type=Comment",
            "page=0",
            "page=two",
            "page=99999999999",
        ] {
            assert!(QueueLocation::from_query(Some(query)).is_err(), "{query}");
        }
    }
}
