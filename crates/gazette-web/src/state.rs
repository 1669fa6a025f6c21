//! What every handler can reach: the use cases, the theme and its static files, the page
//! caches and the web settings.

use crate::page_cache::PageCache;
use crate::security_headers::SitePolicy;
use crate::static_files::StaticFiles;
use gazette_app::App;
use gazette_render::Theme;
use ipnet::IpNet;
use std::sync::Arc;

/// The page caches' budget is shared out as one part in this many for search pages.
const SEARCH_SHARE_OF_CACHE: usize = 8;

/// Web settings taken from the configuration.
#[derive(Clone, Debug)]
pub struct WebOptions {
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Proxies whose `X-Forwarded-For` header is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// The page caches' budget in bytes (an eighth of it for search pages); 0 turns
    /// caching off.
    pub page_cache_bytes: usize,
}

/// The state shared by all handlers. Cloning it (once per request) is one reference count.
#[derive(Clone, Debug)]
pub struct WebState(Arc<Shared>);

/// What [`WebState`] shares.
#[derive(Debug)]
pub struct Shared {
    pub(crate) app: App,
    pub(crate) theme: Theme,
    pub(crate) static_files: StaticFiles,
    pub(crate) pages: PageCache,
    /// Search pages, apart from the others so that searches never push them out.
    pub(crate) searches: PageCache,
    pub(crate) site_policy: SitePolicy,
    pub(crate) options: WebOptions,
}

impl WebState {
    /// Puts the pieces together.
    pub fn new(app: App, theme: Theme, options: WebOptions) -> Self {
        let search_budget = options.page_cache_bytes / SEARCH_SHARE_OF_CACHE;
        let pages = PageCache::new(options.page_cache_bytes - search_budget);
        Self(Arc::new(Shared {
            searches: pages.beside(search_budget),
            pages,
            static_files: StaticFiles::new(&theme),
            site_policy: SitePolicy::default(),
            app,
            theme,
            options,
        }))
    }

    /// Compresses every theme file now, rather than on the first request for each: what a
    /// server does as it starts.
    pub async fn compress_theme_files(&self) {
        self.static_files.compress_all().await;
    }
}

impl std::ops::Deref for WebState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
