//! Structured data for search engines: what a page is about, described with schema.org's
//! vocabulary as JSON-LD, for a `<script type="application/ld+json">` in the page's head.
//!
//! An article page describes a `NewsArticle`: headline, description (the meta description,
//! else the excerpt), the dates it was published and last changed (a correction or an edit
//! readers see), author (a `Person`: the article's user with their archive's address, else
//! the original's author of a republished piece; the site as an `Organization` when
//! neither is known), publisher (the site, with its logo as an `ImageObject` when it has
//! one), featured image (an `ImageObject` with its size), its own address and, for a
//! republished piece, the original it is based on (`isBasedOn`) and the outlet that
//! published it (`sourceOrganization`). A page (About, Contact…) is not news: it describes
//! a `WebPage` with its name, description, address, featured image (`primaryImageOfPage`)
//! and the site it is part of, without dates or author. The home page describes the `WebSite`: its name,
//! address, publisher and search (a `SearchAction` whose target is
//! `/?s={search_term_string}`, the address of the site's search pages).
//!
//! The JSON sits inside a `<script>` element, where the HTML parser looks for `</script>`
//! and `<!--` whatever the JSON means, so [`script_safe_json`] writes every `<`, `>` and `&`
//! as `\u003c`, `\u003e` and `\u0026`, and the line and paragraph separators U+2028 and
//! U+2029 as escapes too: no text an editor or a source wrote can end the element. JSON-LD
//! is data and is never run, so the pages' Content-Security-Policy (`script-src 'self'`)
//! still holds.

use gazette_app::{ArticlePageData, MediaItem};
use gazette_domain::date_format::format_date;
use gazette_domain::{ArticleKind, SiteSettings, Timestamp};
use serde::Serialize;

/// schema.org's vocabulary, the `@context` of every description.
const SCHEMA_ORG: &str = "https://schema.org";

/// What an article page describes, as script-safe JSON: a `NewsArticle` for news, a
/// `WebPage` for a page.
pub fn article_page(data: &ArticlePageData) -> String {
    match data.article.kind {
        ArticleKind::Post => news_article(data),
        ArticleKind::Page => web_page(data),
    }
}

/// The `WebPage` of a page (About, Contact…), as script-safe JSON.
fn web_page(data: &ArticlePageData) -> String {
    let settings = &data.settings;
    let site_url = settings.site_url.as_str();
    let page_url = format!("{site_url}{}", data.path);
    script_safe_json(&PageDescription {
        context: SCHEMA_ORG,
        kind: "WebPage",
        id: page_url.clone(),
        name: &data.article.title,
        description: data.article.search_description(),
        url: page_url,
        primary_image_of_page: data
            .featured_image
            .as_ref()
            .map(|image| ImageObject::of(image, site_url)),
        is_part_of: SiteReference {
            kind: "WebSite",
            name: &settings.title,
            url: format!("{site_url}/"),
        },
    })
}

/// The `NewsArticle` of a news article's page, as script-safe JSON.
fn news_article(data: &ArticlePageData) -> String {
    let settings = &data.settings;
    let article = &data.article;
    let site_url = settings.site_url.as_str();
    let page_url = format!("{site_url}{}", data.path);
    let published_at = article.published_at.unwrap_or(article.created_at);
    let modified_at = article
        .modified_at
        .filter(|modified| *modified > published_at)
        .unwrap_or(published_at);
    let publisher = Agent::site(settings, data.site_logo.as_ref());
    let author = match (&data.author_name, &data.author_path) {
        (Some(name), path) => {
            Agent::person(name, path.as_ref().map(|path| format!("{site_url}{path}")))
        }
        (None, _) => match article
            .source
            .as_ref()
            .and_then(|source| source.author.as_deref())
        {
            Some(name) => Agent::person(name, None),
            None => publisher.clone(),
        },
    };
    let description = NewsArticle {
        context: SCHEMA_ORG,
        kind: "NewsArticle",
        headline: &article.title,
        description: article.search_description(),
        date_published: local_iso(published_at, settings),
        date_modified: local_iso(modified_at, settings),
        author,
        publisher,
        image: data
            .featured_image
            .as_ref()
            .map(|image| ImageObject::of(image, site_url)),
        main_entity_of_page: WebPage {
            kind: "WebPage",
            id: page_url.clone(),
        },
        url: page_url,
        is_based_on: article.source.as_ref().map(|source| source.url.as_str()),
        source_organization: article
            .source
            .as_ref()
            .map(|source| Agent::organization(&source.name)),
    };
    script_safe_json(&description)
}

/// The `WebSite` of the home page, published by the site with `logo`, as script-safe JSON.
pub fn web_site(settings: &SiteSettings, logo: Option<&MediaItem>) -> String {
    script_safe_json(&WebSite {
        context: SCHEMA_ORG,
        kind: "WebSite",
        name: &settings.title,
        url: format!("{}/", settings.site_url),
        publisher: Agent::site(settings, logo),
        potential_action: SearchAction {
            kind: "SearchAction",
            target: EntryPoint {
                kind: "EntryPoint",
                url_template: format!("{}/?s={{{SEARCH_TERM}}}", settings.site_url),
            },
            query_input: format!("required name={SEARCH_TERM}"),
        },
    })
}

/// The name the `SearchAction`'s address template gives the reader's words.
const SEARCH_TERM: &str = "search_term_string";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    date_published: String,
    date_modified: String,
    author: Agent<'a>,
    publisher: Agent<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageObject>,
    main_entity_of_page: WebPage,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_organization: Option<Agent<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageDescription<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_image_of_page: Option<ImageObject>,
    is_part_of: SiteReference<'a>,
}

/// The site a page belongs to, by name and address.
#[derive(Serialize)]
struct SiteReference<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// A `Person` or an `Organization`.
#[derive(Clone, Serialize)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<ImageObject>,
}

impl<'a> Agent<'a> {
    /// A person, with the address of their page when the site has one.
    fn person(name: &'a str, url: Option<String>) -> Self {
        Self {
            kind: "Person",
            name,
            url,
            logo: None,
        }
    }

    /// Another organization, known by its name.
    fn organization(name: &'a str) -> Self {
        Self {
            kind: "Organization",
            name,
            url: None,
            logo: None,
        }
    }

    /// The site itself: its name, its address and, when it has one, its logo.
    fn site(settings: &'a SiteSettings, logo: Option<&MediaItem>) -> Self {
        Self {
            kind: "Organization",
            name: &settings.title,
            url: Some(format!("{}/", settings.site_url)),
            logo: logo.map(|logo| ImageObject::of(logo, &settings.site_url)),
        }
    }
}

/// An image with its absolute address and size.
#[derive(Clone, Serialize)]
struct ImageObject {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
    width: u32,
    height: u32,
}

impl ImageObject {
    /// The original of `image`, on the site at `site_url`.
    fn of(image: &MediaItem, site_url: &str) -> Self {
        Self {
            kind: "ImageObject",
            url: format!("{site_url}{}", image.url),
            width: image.width,
            height: image.height,
        }
    }
}

#[derive(Serialize)]
struct WebPage {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebSite<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
    publisher: Agent<'a>,
    potential_action: SearchAction,
}

/// How to search the site: its search page's address with a place for the words.
#[derive(Serialize)]
struct SearchAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    target: EntryPoint,
    #[serde(rename = "query-input")]
    query_input: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryPoint {
    #[serde(rename = "@type")]
    kind: &'static str,
    url_template: String,
}

/// `moment` in ISO 8601 with the site's offset, as the page's `<time>` elements give it.
pub(crate) fn local_iso(moment: Timestamp, settings: &SiteSettings) -> String {
    format_date(&moment.in_zone(&settings.time_zone), "c")
}

/// `value` as JSON that cannot end or confuse the `<script>` element it is put in.
fn script_safe_json(value: &impl Serialize) -> String {
    let json =
        serde_json::to_string(value).expect("a description made only of strings always serialises");
    let mut safe = String::with_capacity(json.len());
    for character in json.chars() {
        match character {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            other => safe.push(other),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_cannot_leave_the_script_element_and_the_json_means_the_same() {
        let hostile = serde_json::json!({
            "headline": "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029} -->",
        });
        let safe = script_safe_json(&hostile);
        for forbidden in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!safe.contains(forbidden), "{forbidden:?} in {safe}");
        }
        let read_back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(read_back, hostile);
    }

    #[test]
    fn the_web_site_has_a_name_an_address_and_a_search() {
        let settings = SiteSettings {
            title: "The Ledger".to_owned(),
            site_url: "https://ledger.example".to_owned(),
            ..SiteSettings::default()
        };
        let described: serde_json::Value =
            serde_json::from_str(&web_site(&settings, None)).unwrap();
        assert_eq!(
            described,
            serde_json::json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": "The Ledger",
                "url": "https://ledger.example/",
                "publisher": {
                    "@type": "Organization",
                    "name": "The Ledger",
                    "url": "https://ledger.example/",
                },
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": "https://ledger.example/?s={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            })
        );
    }
}
