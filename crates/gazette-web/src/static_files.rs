//! The theme's static files as they are served: each under its plain name (`style.css`)
//! and its fingerprinted one (`style.1a2b3c4d5e.css`, the address `static_url` gives
//! templates), with its compressed forms, each made once and kept: all of them as
//! `gazette serve` starts ([`StaticFiles::compress_all`]), or by the first request that
//! asks for it.

use crate::compression::{ContentCoding, Effort, MIN_BYTES, compress, is_compressible};
use axum::http::HeaderValue;
use bytes::Bytes;
use gazette_render::{StaticAsset, Theme, without_fingerprint};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// Every static file of the theme.
#[derive(Debug)]
pub struct StaticFiles {
    by_name: HashMap<String, Arc<StaticFile>>,
    by_fingerprinted_name: HashMap<String, Arc<StaticFile>>,
}

/// One static file, ready to send.
#[derive(Debug)]
pub struct StaticFile {
    /// Its bytes.
    pub bytes: Bytes,
    /// Its media type.
    pub content_type: HeaderValue,
    /// Its entity tag.
    pub etag: HeaderValue,
    /// Its fingerprinted address (`/static/style.1a2b3c4d5e.css`).
    pub address: String,
    /// Its name below `static/`.
    name: String,
    /// Whether it is of a textual type and large enough to compress.
    worth_compressing: bool,
    /// Each compressed form once made; `None` when it came out no smaller.
    brotli: OnceCell<Option<Bytes>>,
    gzip: OnceCell<Option<Bytes>>,
}

/// How a request named a file.
#[derive(Debug)]
pub enum Named<'a> {
    /// By its current fingerprinted name.
    Fingerprinted(&'a Arc<StaticFile>),
    /// By its plain name.
    Plain(&'a Arc<StaticFile>),
    /// By a fingerprint it no longer has: the name of an earlier version of the file.
    Outdated(&'a Arc<StaticFile>),
}

impl StaticFiles {
    /// The theme's files.
    pub fn new(theme: &Theme) -> Self {
        let mut by_name = HashMap::new();
        let mut by_fingerprinted_name = HashMap::new();
        for (name, asset) in theme.static_assets() {
            let file = Arc::new(StaticFile::new(name, asset));
            by_fingerprinted_name.insert(asset.fingerprinted_name.clone(), Arc::clone(&file));
            by_name.insert(name.to_owned(), file);
        }
        Self {
            by_name,
            by_fingerprinted_name,
        }
    }

    /// The file `path` (below `/static/`) names, and how.
    pub fn find(&self, path: &str) -> Option<Named<'_>> {
        if let Some(file) = self.by_fingerprinted_name.get(path) {
            return Some(Named::Fingerprinted(file));
        }
        if let Some(file) = self.by_name.get(path) {
            return Some(Named::Plain(file));
        }
        let name = without_fingerprint(path)?;
        self.by_name.get(&name).map(Named::Outdated)
    }

    /// Makes every file's compressed forms now, rather than on the first request for each.
    pub async fn compress_all(&self) {
        for file in self.by_name.values() {
            for coding in ContentCoding::ALL {
                file.compressed(coding).await;
            }
        }
    }
}

impl StaticFile {
    fn new(name: &str, asset: &StaticAsset) -> Self {
        let bytes = match &asset.bytes {
            Cow::Borrowed(embedded) => Bytes::from_static(embedded),
            Cow::Owned(loaded) => Bytes::copy_from_slice(loaded),
        };
        let content_type = HeaderValue::from_static(asset.content_type);
        Self {
            worth_compressing: bytes.len() >= MIN_BYTES && is_compressible(&content_type),
            content_type,
            etag: HeaderValue::from_str(&asset.etag)
                .unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
            address: format!("/static/{}", asset.fingerprinted_name),
            name: name.to_owned(),
            brotli: OnceCell::new(),
            gzip: OnceCell::new(),
            bytes,
        }
    }

    /// Whether the file is sent compressed to clients that accept it.
    pub fn is_worth_compressing(&self) -> bool {
        self.worth_compressing
    }

    /// The file compressed with `coding`, made now if it was not yet; `None` when it is not
    /// worth compressing, or came out no smaller.
    pub async fn compressed(&self, coding: ContentCoding) -> Option<Bytes> {
        if !self.worth_compressing {
            return None;
        }
        let cell = match coding {
            ContentCoding::Brotli => &self.brotli,
            ContentCoding::Gzip => &self.gzip,
        };
        cell.get_or_init(|| async {
            let bytes = self.bytes.clone();
            // The most thorough levels take tens of milliseconds: off the serving threads.
            let made =
                tokio::task::spawn_blocking(move || compress(coding, Effort::ThemeFile, &bytes))
                    .await;
            match made {
                Ok(Ok(compressed)) => Some(compressed).filter(|smaller| smaller.len() < self.bytes.len()),
                Ok(Err(error)) => {
                    tracing::warn!(%error, file = self.name, coding = coding.name(), "compressing a theme file failed; it is sent as it is");
                    None
                }
                Err(error) => {
                    tracing::warn!(%error, file = self.name, coding = coding.name(), "compressing a theme file stopped; it is sent as it is");
                    None
                }
            }
        })
        .await
        .clone()
    }
}
