//! The SEO title and meta description a post had on WordPress, as the common SEO plugins
//! keep them in its metadata: Yoast SEO (`_yoast_wpseo_title`, `_yoast_wpseo_metadesc`),
//! Rank Math (`rank_math_title`, `rank_math_description`) and All in One SEO
//! (`_aioseo_title`, `_aioseo_description`).
//!
//! The plugins write templates with variables (`%%title%% %%sep%% %%sitename%%`,
//! `%title%`, `#post_title`). The post's title, the site's name and the separator are
//! filled in; a value that still holds a variable Gazette cannot know (a primary category,
//! a page number) is left out, so that Gazette's own title and summary stand instead of a
//! half-filled template. A value longer than Gazette allows is shortened at a word.

use gazette_domain::article::{MAX_META_DESCRIPTION_CHARACTERS, MAX_SEO_TITLE_CHARACTERS};
use gazette_domain::text::clean_single_line;
use gazette_wordpress::Item;
use gazette_wordpress::markup::decode_references;

/// The metadata keys of an SEO title, in the order they are trusted, with the plugin that
/// writes each.
const TITLE_KEYS: [(&str, Plugin); 3] = [
    ("_yoast_wpseo_title", Plugin::Yoast),
    ("rank_math_title", Plugin::RankMath),
    ("_aioseo_title", Plugin::AllInOne),
];

/// The metadata keys of a meta description, in the order they are trusted.
const DESCRIPTION_KEYS: [(&str, Plugin); 3] = [
    ("_yoast_wpseo_metadesc", Plugin::Yoast),
    ("rank_math_description", Plugin::RankMath),
    ("_aioseo_description", Plugin::AllInOne),
];

/// An SEO plugin, which writes its variables its own way.
#[derive(Clone, Copy)]
enum Plugin {
    /// Yoast SEO: `%%title%%`.
    Yoast,
    /// Rank Math: `%title%`.
    RankMath,
    /// All in One SEO: `#post_title`.
    AllInOne,
}

impl Plugin {
    /// The variable named `name`, written as this plugin writes it.
    fn variable(self, name: &str) -> String {
        match self {
            Self::Yoast => format!("%%{name}%%"),
            Self::RankMath => format!("%{name}%"),
            Self::AllInOne => format!("#{name}"),
        }
    }

    /// The names of this plugin's variables for the title, the site's name and the
    /// separator.
    fn known_names(self) -> [&'static str; 3] {
        match self {
            Self::Yoast | Self::RankMath => ["title", "sitename", "sep"],
            Self::AllInOne => ["post_title", "site_title", "separator_sa"],
        }
    }

    /// Whether `text` still holds one of this plugin's variables.
    fn holds_a_variable(self, text: &str) -> bool {
        let (opening, closing) = match self {
            Self::Yoast => ("%%", Some("%%")),
            Self::RankMath => ("%", Some("%")),
            Self::AllInOne => ("#", None),
        };
        text.match_indices(opening).any(|(at, _)| {
            let rest = &text[at + opening.len()..];
            let name_length = rest
                .find(|character: char| !(character.is_ascii_lowercase() || character == '_'))
                .unwrap_or(rest.len());
            name_length > 1
                && closing.is_none_or(|closing| rest[name_length..].starts_with(closing))
        })
    }
}

/// What stands between a title and the site's name in Gazette's page titles.
const SEPARATOR: &str = "·";

/// The SEO title and meta description of an imported post; empty where it had none.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct SeoText {
    pub(super) title: String,
    pub(super) description: String,
    /// Whether either had to be shortened to fit.
    pub(super) shortened: bool,
}

/// The SEO text `item` carries, for a post titled `title` on the site named `site_title`.
pub(super) fn seo_text_of(item: &Item, title: &str, site_title: &str) -> SeoText {
    let filled = |keys: &[(&str, Plugin)]| {
        keys.iter().find_map(|(key, plugin)| {
            item.meta_value(key)
                .and_then(|template| fill(template, *plugin, title, site_title))
        })
    };
    let own_title = filled(&TITLE_KEYS)
        .filter(|seo_title| *seo_title != format!("{title} {SEPARATOR} {site_title}"));
    let description = filled(&DESCRIPTION_KEYS);
    let (title, title_shortened) = fitted(own_title, MAX_SEO_TITLE_CHARACTERS);
    let (description, description_shortened) = fitted(description, MAX_META_DESCRIPTION_CHARACTERS);
    SeoText {
        title,
        description,
        shortened: title_shortened || description_shortened,
    }
}

/// `template`, written for `plugin`, with the variables Gazette knows filled in, as one
/// clean line; `None` when it is empty or holds a variable Gazette does not know.
fn fill(template: &str, plugin: Plugin, title: &str, site_title: &str) -> Option<String> {
    let mut text = clean_single_line(&decode_references(template));
    let [title_name, site_name, separator_name] = plugin.known_names();
    for (name, value) in [
        (title_name, title),
        (site_name, site_title),
        (separator_name, SEPARATOR),
    ] {
        text = text.replace(&plugin.variable(name), value);
    }
    let text = clean_single_line(&text);
    (!text.is_empty() && !plugin.holds_a_variable(&text)).then_some(text)
}

/// `text` cut at the last whole word that fits in `limit` characters, and whether it had to
/// be cut; empty for `None`.
fn fitted(text: Option<String>, limit: usize) -> (String, bool) {
    let Some(text) = text else {
        return (String::new(), false);
    };
    if text.chars().count() <= limit {
        return (text, false);
    }
    let room: String = text.chars().take(limit.saturating_sub(1)).collect();
    let cut = match room.rfind(' ') {
        Some(space) if space > 0 => &room[..space],
        _ => room.as_str(),
    };
    (
        format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '.'])),
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette_wordpress::Meta;

    fn item_with(meta: &[(&str, &str)]) -> Item {
        Item {
            meta: meta
                .iter()
                .map(|(key, value)| Meta {
                    key: (*key).to_owned(),
                    value: (*value).to_owned(),
                })
                .collect(),
            ..Item::default()
        }
    }

    #[test]
    fn the_plugins_variables_are_filled_in() {
        let yoast = item_with(&[
            (
                "_yoast_wpseo_title",
                "Ferry &amp; tides %%sep%% %%sitename%%",
            ),
            ("_yoast_wpseo_metadesc", "When the %%title%% sails."),
        ]);
        let text = seo_text_of(&yoast, "Ferry", "Harbour Times");
        assert_eq!(text.title, "Ferry & tides · Harbour Times");
        assert_eq!(text.description, "When the Ferry sails.");
        assert!(!text.shortened);

        let rank_math = item_with(&[("rank_math_title", "%title% in pictures")]);
        assert_eq!(
            seo_text_of(&rank_math, "Quay", "Site").title,
            "Quay in pictures"
        );
        let aioseo = item_with(&[("_aioseo_description", "All about #post_title")]);
        assert_eq!(
            seo_text_of(&aioseo, "Quay", "Site").description,
            "All about Quay"
        );
    }

    #[test]
    fn a_template_gazette_cannot_fill_or_its_own_default_is_left_out() {
        let unknown = item_with(&[
            ("_yoast_wpseo_title", "%%title%% in %%primary_category%%"),
            ("rank_math_description", "Read %excerpt% now"),
            ("_aioseo_title", "#post_title #separator_sa #page_number"),
        ]);
        assert_eq!(seo_text_of(&unknown, "Quay", "Site"), SeoText::default());
        let default = item_with(&[("_yoast_wpseo_title", "%%title%% %%sep%% %%sitename%%")]);
        assert_eq!(seo_text_of(&default, "Quay", "Site").title, "");
        let plain = item_with(&[
            (
                "_yoast_wpseo_metadesc",
                "Up 100% on last year, #1 in #harbour news",
            ),
            ("rank_math_title", "Rates 5% to 10% higher"),
        ]);
        let text = seo_text_of(&plain, "Quay", "Site");
        assert_eq!(
            text.description,
            "Up 100% on last year, #1 in #harbour news"
        );
        assert_eq!(text.title, "Rates 5% to 10% higher");
    }

    #[test]
    fn text_too_long_is_shortened_at_a_word() {
        let long = "word ".repeat(40);
        let item = item_with(&[
            ("_yoast_wpseo_metadesc", &long),
            ("_yoast_wpseo_title", &long),
        ]);
        let text = seo_text_of(&item, "Quay", "Site");
        assert!(text.shortened);
        assert!(text.description.chars().count() <= MAX_META_DESCRIPTION_CHARACTERS);
        assert!(text.description.ends_with("word…"), "{}", text.description);
        assert!(text.title.chars().count() <= MAX_SEO_TITLE_CHARACTERS);
    }
}
