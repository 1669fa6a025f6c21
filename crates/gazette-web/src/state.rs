//! What every handler can reach: the use cases, the theme, the page cache and the web
//! settings.

use crate::page_cache::PageCache;
use gazette_app::App;
use gazette_render::Theme;
use ipnet::IpNet;
use std::sync::Arc;

/// Web settings taken from the configuration.
#[derive(Clone, Debug)]
pub struct WebOptions {
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Proxies whose `X-Forwarded-For` header is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// The page cache's budget in bytes; 0 turns caching off.
    pub page_cache_bytes: usize,
}

/// The state shared by all handlers. Cheap to clone.
#[derive(Clone, Debug)]
pub struct WebState {
    pub(crate) app: App,
    pub(crate) theme: Arc<Theme>,
    pub(crate) pages: Arc<PageCache>,
    pub(crate) options: Arc<WebOptions>,
}

impl WebState {
    /// Puts the pieces together.
    pub fn new(app: App, theme: Theme, options: WebOptions) -> Self {
        Self {
            pages: Arc::new(PageCache::new(options.page_cache_bytes)),
            app,
            theme: Arc::new(theme),
            options: Arc::new(options),
        }
    }
}
