//! The web application over the real router, on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

mod archives;
mod article_page;
mod caching;
mod comment_form;
mod compression;
mod desk;
mod desk_accounts;
mod desk_articles;
mod desk_comments;
mod desk_media;
mod desk_security;
mod desk_sources;
mod errors_and_assets;
mod head_requests;
mod home_page;
mod hostile_input;
mod page_meta;
mod page_tour;
mod permalinks;
mod search;
mod security_headers;
mod site_feeds;
mod sitemaps;
mod snapshots;
mod static_files;
mod structured_data;
mod support;
mod syndicated_articles;
mod templates;
mod threads_and_feeds;
mod validity;
mod wordpress_links;
