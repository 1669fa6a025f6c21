//! How a page looks when it is shared: its Open Graph description (`og:…` and, for an
//! article, `article:…`), which social sites and messengers read for the card they show,
//! and the Twitter card's kind (Twitter reads the rest from Open Graph). The partial
//! `partials/open_graph.html` writes the tags; docs/THEMES.md lists the fields.
//!
//! An article is an `article` with its SEO title and meta description (else its headline
//! and excerpt), its canonical address, its featured image at a size social sites show
//! well, its dates, section, tags and author; a page (About, Contact…) is a `website` with
//! its title, description, address and image but no dates, section, tags or author, as it
//! is not news; the front page and archives are a `website`.

use crate::structured_data::local_iso;
use gazette_app::{ArticlePageData, MediaItem};
use gazette_domain::{ArticleKind, SiteSettings};
use serde::Serialize;

/// The width social sites show a shared article's image at, about: the smallest copy at
/// least this wide is given (else the original), so that no card fetches a huge original.
const SHARED_IMAGE_WIDTH: u32 = 1200;

/// A page's Open Graph description and Twitter card.
#[derive(Debug, Serialize)]
pub struct OpenGraphView {
    /// `article` for news, `website` for a page, the front page and archives.
    pub kind: &'static str,
    /// The title the card shows.
    pub title: String,
    /// The description the card shows; empty when the page has none.
    pub description: String,
    /// The page's canonical address.
    pub url: String,
    /// The site's name.
    pub site_name: String,
    /// The site's language as Open Graph writes locales (`en_GB`).
    pub locale: String,
    /// The image the card shows, when the page has one.
    pub image: Option<OpenGraphImage>,
    /// An article's publication and last change, in ISO 8601 with the site's offset.
    pub published_time: Option<String>,
    pub modified_time: Option<String>,
    /// An article's section: its first category.
    pub section: Option<String>,
    /// An article's tags.
    pub tags: Vec<String>,
    /// The absolute address of an article's author's archive, when the site knows them.
    pub author_url: Option<String>,
    /// `summary_large_image` when there is an image, `summary` otherwise.
    pub twitter_card: &'static str,
}

/// An image as a card shows it.
#[derive(Debug, Serialize)]
pub struct OpenGraphImage {
    /// Its absolute address.
    pub url: String,
    /// Its size in pixels.
    pub width: u32,
    pub height: u32,
    /// What it shows; empty for a decorative image.
    pub alt: String,
}

impl OpenGraphView {
    /// A `website` page (the front page, an archive) at `url`.
    pub fn website(
        settings: &SiteSettings,
        title: String,
        description: String,
        url: String,
    ) -> Self {
        Self {
            kind: "website",
            title,
            description,
            url,
            site_name: settings.title.clone(),
            locale: open_graph_locale(&settings.language),
            image: None,
            published_time: None,
            modified_time: None,
            section: None,
            tags: Vec::new(),
            author_url: None,
            twitter_card: twitter_card(false),
        }
    }

    /// The article page of `data`, whose canonical address is `canonical_url`: news, or a
    /// page without what only news has.
    pub fn article(data: &ArticlePageData, canonical_url: &str) -> Self {
        let settings = &data.settings;
        let article = &data.article;
        let is_news = article.kind == ArticleKind::Post;
        let published = article.published_at.unwrap_or(article.created_at);
        let modified = article
            .modified_at
            .filter(|modified| *modified > published)
            .unwrap_or(published);
        let alt = article
            .featured_image
            .as_ref()
            .map(|featured| featured.alt.clone())
            .unwrap_or_default();
        let image = data
            .featured_image
            .as_ref()
            .map(|item| shared_image(item, &settings.site_url, alt));
        Self {
            kind: if is_news { "article" } else { "website" },
            title: article.search_title().to_owned(),
            description: article.search_description().to_owned(),
            url: canonical_url.to_owned(),
            site_name: settings.title.clone(),
            locale: open_graph_locale(&settings.language),
            twitter_card: twitter_card(image.is_some()),
            image,
            published_time: is_news.then(|| local_iso(published, settings)),
            modified_time: is_news.then(|| local_iso(modified, settings)),
            section: data
                .categories
                .first()
                .filter(|_| is_news)
                .map(|category| category.name.clone()),
            tags: if is_news {
                data.tags.iter().map(|tag| tag.name.clone()).collect()
            } else {
                Vec::new()
            },
            author_url: data
                .author_path
                .as_ref()
                .filter(|_| is_news)
                .map(|path| format!("{}{path}", settings.site_url)),
        }
    }
}

/// The kind of Twitter card for a page with or without an image.
fn twitter_card(has_image: bool) -> &'static str {
    if has_image {
        "summary_large_image"
    } else {
        "summary"
    }
}

/// `item` as a card shows it: its smallest copy at least [`SHARED_IMAGE_WIDTH`] wide, or
/// the original, at its absolute address on the site at `site_url`.
fn shared_image(item: &MediaItem, site_url: &str, alt: String) -> OpenGraphImage {
    let (path, width, height) = item
        .variants
        .iter()
        .find(|variant| variant.width >= SHARED_IMAGE_WIDTH)
        .map_or((&item.url, item.width, item.height), |variant| {
            (&variant.url, variant.width, variant.height)
        });
    OpenGraphImage {
        url: format!("{site_url}{path}"),
        width,
        height,
        alt,
    }
}

/// The site's BCP 47 language tag as an Open Graph locale, `language_TERRITORY`: `en-GB` is
/// `en_GB`; a language without a territory takes the one it is most spoken in (`en` is
/// `en_US`, `de` is `de_DE`), as Open Graph has no locale without one.
pub fn open_graph_locale(language_tag: &str) -> String {
    let mut subtags = language_tag.split(['-', '_']);
    let language = subtags.next().unwrap_or_default().to_ascii_lowercase();
    let territory = subtags
        .find(|subtag| subtag.len() == 2 && subtag.bytes().all(|byte| byte.is_ascii_alphabetic()))
        .map_or_else(|| usual_territory(&language), str::to_ascii_uppercase);
    format!("{language}_{territory}")
}

/// The territory a language without one is taken to mean: the languages whose main
/// country's code differs from their own are listed; any other is its own code in capitals
/// (`fr` is `fr_FR`).
fn usual_territory(language: &str) -> String {
    const DIFFERENT: &[(&str, &str)] = &[
        ("ar", "AR"),
        ("ca", "ES"),
        ("cs", "CZ"),
        ("cy", "GB"),
        ("da", "DK"),
        ("el", "GR"),
        ("en", "US"),
        ("et", "EE"),
        ("fa", "IR"),
        ("ga", "IE"),
        ("he", "IL"),
        ("hi", "IN"),
        ("ja", "JP"),
        ("ko", "KR"),
        ("ms", "MY"),
        ("nb", "NO"),
        ("nn", "NO"),
        ("sl", "SI"),
        ("sq", "AL"),
        ("sr", "RS"),
        ("sv", "SE"),
        ("uk", "UA"),
        ("ur", "PK"),
        ("vi", "VN"),
        ("zh", "CN"),
    ];
    DIFFERENT
        .iter()
        .find(|(known, _)| *known == language)
        .map_or_else(
            || language.to_ascii_uppercase(),
            |(_, territory)| (*territory).to_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_language_and_territory() {
        assert_eq!(open_graph_locale("en-GB"), "en_GB");
        assert_eq!(open_graph_locale("pt-br"), "pt_BR");
        assert_eq!(open_graph_locale("en"), "en_US");
        assert_eq!(open_graph_locale("de"), "de_DE");
        assert_eq!(open_graph_locale("sv"), "sv_SE");
        assert_eq!(open_graph_locale("zh-Hant-TW"), "zh_TW");
        assert_eq!(open_graph_locale("es-419"), "es_ES");
    }

    #[test]
    fn a_card_has_a_large_image_only_with_an_image() {
        assert_eq!(twitter_card(true), "summary_large_image");
        assert_eq!(twitter_card(false), "summary");
    }
}
