//! What the site tells crawlers: its sitemaps' addresses and sizes, and its `robots.txt`.
//!
//! The sitemap index at [`SITEMAP_INDEX_PATH`] names every sitemap file. Article files
//! (`/sitemaps/articles-1.xml`, `-2`, …) list the published articles whose canonical address
//! is their own, oldest id first, [`URLS_PER_SITEMAP`] to a file, as the sitemaps protocol
//! allows; archive files (`/sitemaps/archives-1.xml`, …) list the front page and every
//! category, tag and author archive with a public article. The Google News sitemap at
//! [`NEWS_SITEMAP_PATH`] lists the articles of the last [`NEWS_WINDOW_SECONDS`], newest
//! first, at most [`NEWS_SITEMAP_MAX_URLS`].
//!
//! A site that discourages search engines offers none of them, and its `robots.txt`
//! disallows every address.

/// The sitemap index's address.
pub const SITEMAP_INDEX_PATH: &str = "/sitemap.xml";
/// The Google News sitemap's address.
pub const NEWS_SITEMAP_PATH: &str = "/news-sitemap.xml";
/// The address of the rules for crawlers.
pub const ROBOTS_PATH: &str = "/robots.txt";
/// The first segment of every sitemap file's address.
pub const SITEMAPS_BASE: &str = "sitemaps";
/// The most addresses one sitemap file lists, the sitemaps protocol's limit.
pub const URLS_PER_SITEMAP: u32 = 50_000;
/// The most articles a news sitemap lists, Google News's limit.
pub const NEWS_SITEMAP_MAX_URLS: u32 = 1_000;
/// How far back a news sitemap reaches: Google News takes articles of the last two days.
pub const NEWS_WINDOW_SECONDS: i64 = 2 * 24 * 60 * 60;

/// What a sitemap file lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SitemapKind {
    /// Published articles whose canonical address is their own.
    Articles,
    /// The front page, then the category, tag and author archives with a public article.
    Archives,
}

impl SitemapKind {
    /// Both kinds, in the order the index names them.
    pub const ALL: [Self; 2] = [Self::Articles, Self::Archives];

    /// The kind's name in its files' addresses.
    pub fn name(self) -> &'static str {
        match self {
            Self::Articles => "articles",
            Self::Archives => "archives",
        }
    }
}

/// One sitemap file: a kind and its number, from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SitemapFile {
    /// What it lists.
    pub kind: SitemapKind,
    /// Which file of its kind, from 1.
    pub number: u32,
}

impl SitemapFile {
    /// Reads a file's name under `/sitemaps/` (`articles-2.xml`): a kind, a hyphen and a
    /// number from 1 written without leading zeros, then `.xml`. Anything else names no
    /// file.
    pub fn read(name: &str) -> Option<Self> {
        let (kind, number) = name.strip_suffix(".xml")?.rsplit_once('-')?;
        let kind = SitemapKind::ALL
            .into_iter()
            .find(|candidate| candidate.name() == kind)?;
        if number.starts_with('0') || !number.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let number = number.parse().ok()?;
        Some(Self { kind, number })
    }

    /// The file's address: `/sitemaps/articles-2.xml`.
    pub fn path(self) -> String {
        format!("/{SITEMAPS_BASE}/{}-{}.xml", self.kind.name(), self.number)
    }

    /// How many addresses the files before this one list.
    pub fn first_index(self) -> u64 {
        u64::from(self.number.saturating_sub(1)) * u64::from(URLS_PER_SITEMAP)
    }
}

/// How many files it takes to list `urls` addresses.
pub fn files_for(urls: u64) -> u32 {
    u32::try_from(urls.div_ceil(u64::from(URLS_PER_SITEMAP))).unwrap_or(u32::MAX)
}

/// The `robots.txt` of the site at `site_url` (scheme and host, no final slash): the desk
/// kept from crawlers and the sitemaps named, or, when the site discourages search
/// engines, every address disallowed and no sitemap named.
pub fn robots_txt(site_url: &str, discourage_search_engines: bool) -> String {
    if discourage_search_engines {
        return "User-agent: *\nDisallow: /\n".to_owned();
    }
    format!(
        "User-agent: *\nDisallow: /desk/\n\nSitemap: {site_url}{SITEMAP_INDEX_PATH}\nSitemap: {site_url}{NEWS_SITEMAP_PATH}\n"
    )
}

/// The language of a news sitemap's publication, as Google News wants it, from the site's
/// BCP 47 tag: the language's ISO 639 code in lower case (`en-GB` is `en`), except Chinese,
/// which is `zh-cn` (simplified) or `zh-tw` (traditional: a `Hant` script, or Taiwan, Hong
/// Kong or Macau).
pub fn news_language(language_tag: &str) -> String {
    let mut subtags = language_tag.split(['-', '_']);
    let language = subtags.next().unwrap_or_default().to_ascii_lowercase();
    if language != "zh" {
        return language;
    }
    let traditional = subtags.any(|subtag| {
        ["hant", "tw", "hk", "mo"]
            .iter()
            .any(|marker| subtag.eq_ignore_ascii_case(marker))
    });
    if traditional { "zh-tw" } else { "zh-cn" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_read_back_only_in_their_one_form() {
        let second = SitemapFile::read("articles-2.xml").unwrap();
        assert_eq!(
            second,
            SitemapFile {
                kind: SitemapKind::Articles,
                number: 2
            }
        );
        assert_eq!(second.path(), "/sitemaps/articles-2.xml");
        assert_eq!(
            SitemapFile::read("archives-1.xml").unwrap().kind,
            SitemapKind::Archives
        );
        for name in [
            "articles-0.xml",
            "articles-02.xml",
            "articles-x.xml",
            "articles-.xml",
            "articles--1.xml",
            "articles-+1.xml",
            "articles-1",
            "articles-1.xml.gz",
            "posts-1.xml",
            "articles-99999999999.xml",
            "",
        ] {
            assert_eq!(SitemapFile::read(name), None, "{name}");
        }
    }

    #[test]
    fn files_hold_fifty_thousand_addresses() {
        assert_eq!(files_for(0), 0);
        assert_eq!(files_for(1), 1);
        assert_eq!(files_for(50_000), 1);
        assert_eq!(files_for(50_001), 2);
        assert_eq!(files_for(120_000), 3);
        let third = SitemapFile {
            kind: SitemapKind::Articles,
            number: 3,
        };
        assert_eq!(third.first_index(), 100_000);
    }

    #[test]
    fn robots_name_the_sitemaps_or_disallow_everything() {
        let open = robots_txt("https://news.example", false);
        assert!(open.contains("Sitemap: https://news.example/sitemap.xml\n"));
        assert!(open.contains("Sitemap: https://news.example/news-sitemap.xml\n"));
        assert!(open.contains("Disallow: /desk/\n"));
        assert_eq!(
            robots_txt("https://news.example", true),
            "User-agent: *\nDisallow: /\n"
        );
    }

    #[test]
    fn news_languages_are_iso_639_codes_with_chinese_split_by_script() {
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("PT-br"), "pt");
        assert_eq!(news_language("fil"), "fil");
        assert_eq!(news_language("zh"), "zh-cn");
        assert_eq!(news_language("zh-Hans-CN"), "zh-cn");
        assert_eq!(news_language("zh-Hant"), "zh-tw");
        assert_eq!(news_language("zh-HK"), "zh-tw");
    }
}
