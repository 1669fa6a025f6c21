//! The page cache: rendered public pages kept in memory, each tagged with the database's
//! content version at the time it was rendered and with the moment its date line goes
//! stale.
//!
//! Before serving from the cache, a request learns the current content version. Database
//! triggers move that version on every write to anything a page shows, so a comment
//! approved from the CLI, another server or the desk shows on the very next request.
//!
//! Learning the version is kept cheap in two ways. Where the database has a change signal
//! (SQLite on Linux), a request first reads the signal's generation, one non-blocking
//! system call: when no write has happened since the last version read began, that
//! version is still current and the database is not asked at all. Otherwise (or on
//! PostgreSQL) concurrent requests share version reads: a request waits for the next read
//! that *starts after it arrived*, so it can never see a version older than its arrival,
//! and one read serves every request that was waiting.
//!
//! The site's feeds are kept here too, beside the pages whose news they carry: a cached
//! entry knows whether it is a page or a feed, and so its type and caching policy.
//!
//! Pages are keyed by their path alone: ignoring the query string keeps tracking
//! parameters (`?utm_source=…`) from filling the cache. A handler whose output depends on
//! the query must not use the cache under its path; search pages, the one such page, are
//! kept in a cache of their own ([`PageCache::beside`]) under their canonical address
//! (`/?s=words`), so that readers' searches, one entry per thing typed, never push the
//! site's pages out.
//!
//! Each page keeps its compressed forms beside its HTML, made by the first request that
//! asks for each coding (see `compression`); they count against the budget once made. A
//! page also knows when its HTML last changed: rendered again at a new content version
//! (another page's comment moved the version on), a page that comes out the same keeps the
//! time of the copy it replaces, so `Last-Modified` moves only when the page does.

use crate::compression::{Compressed, ContentCoding, Effort};
use axum::http::HeaderValue;
use bytes::Bytes;
use gazette_app::{App, AppError, AppResult};
use gazette_domain::{ArticleId, Timestamp};
use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{OnceCell, watch};

/// What a cached entry is, which decides how it is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachedKind {
    /// A page of the theme, in HTML.
    Page,
    /// A feed, of this content type.
    Feed(&'static str),
}

/// A rendered page or feed.
#[derive(Debug)]
pub struct CachedPage {
    /// The path it was rendered for, its key in the cache.
    pub key: String,
    /// A page or a feed.
    pub kind: CachedKind,
    /// The content version it was rendered at.
    pub version: i64,
    /// When it must be rendered again regardless (the next local midnight, for the date line).
    pub expires_at: Timestamp,
    /// The HTML, without the comment form's token.
    pub body: Bytes,
    /// Where each copy gets its own comment form token, if the page has a form.
    pub form_token_slot: Option<usize>,
    /// Its entity tag.
    pub etag: HeaderValue,
    /// The article the page shows, if it shows one (its readers' own pending comments
    /// make the page personal, so it is then rendered for them instead).
    pub subject: Option<ArticleId>,
    /// When its HTML last changed, as far as this process knows: when it was rendered, or
    /// when the copy it replaced in the cache was, if that one was the same.
    pub last_modified: Timestamp,
    /// Its compressed forms, each made by the first request that asks for it.
    pub compressed: CompressedForms,
}

/// A page's compressed forms, one per coding.
#[derive(Debug, Default)]
pub struct CompressedForms {
    brotli: OnceCell<Compressed>,
    gzip: OnceCell<Compressed>,
}

impl CachedPage {
    /// The page compressed with `coding` — around the form token's place, if it has one —
    /// and whether this call made it. Requests that ask while it is being made wait for
    /// it, so each form is made once.
    pub async fn compressed(&self, coding: ContentCoding) -> io::Result<(&Compressed, bool)> {
        let cell = match coding {
            ContentCoding::Brotli => &self.compressed.brotli,
            ContentCoding::Gzip => &self.compressed.gzip,
        };
        let mut made_now = false;
        let form = cell
            .get_or_try_init(|| async {
                made_now = true;
                let body = self.body.clone();
                let slot = self.form_token_slot;
                // Thorough compression takes milliseconds: off the threads that serve.
                tokio::task::spawn_blocking(move || {
                    Compressed::new(coding, Effort::CachedPage, &body, slot)
                })
                .await
                .map_err(io::Error::other)?
            })
            .await?;
        Ok((form, made_now))
    }
}

/// Rendered pages by path, within a byte budget.
#[derive(Debug)]
pub struct PageCache {
    budget_bytes: usize,
    entries: Mutex<Entries>,
    version_reads: Arc<VersionReads>,
}

#[derive(Debug, Default)]
struct Entries {
    pages: HashMap<String, Entry>,
    bytes: usize,
}

/// A kept page and the bytes it counts against the budget.
#[derive(Debug)]
struct Entry {
    page: Arc<CachedPage>,
    bytes: usize,
}

impl PageCache {
    /// A cache that holds at most `budget_bytes` of HTML; 0 disables it.
    pub fn new(budget_bytes: usize) -> Self {
        Self {
            budget_bytes,
            entries: Mutex::new(Entries::default()),
            version_reads: Arc::new(VersionReads::new()),
        }
    }

    /// A second cache of `budget_bytes` that shares this one's reads of the content
    /// version, for pages that must not push this one's out.
    pub fn beside(&self, budget_bytes: usize) -> Self {
        Self {
            budget_bytes,
            entries: Mutex::new(Entries::default()),
            version_reads: Arc::clone(&self.version_reads),
        }
    }

    /// Whether pages are cached at all.
    pub fn enabled(&self) -> bool {
        self.budget_bytes > 0
    }

    /// The current content version, read no earlier than this call.
    pub async fn current_version(&self, app: &App) -> AppResult<i64> {
        VersionReads::current(&self.version_reads, app).await
    }

    /// The page for `key` if it was rendered at `version` and has not expired by `now`.
    pub fn get(&self, key: &str, version: i64, now: Timestamp) -> Option<Arc<CachedPage>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .pages
            .get(key)
            .map(|entry| &entry.page)
            .filter(|page| page.version == version && page.expires_at > now)
            .cloned()
    }

    /// Keeps `page` under its key, and gives it back to be sent. A page the same as the one
    /// it replaces keeps that one's `last_modified`. Pages rendered at an older version
    /// are dropped first when the budget is exceeded, then whatever else it takes.
    pub fn put(&self, mut page: CachedPage) -> Arc<CachedPage> {
        if !self.enabled() || page.body.len() > self.budget_bytes / 4 {
            return Arc::new(page);
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(previous) = entries.pages.get(&page.key)
            && previous.page.etag == page.etag
        {
            page.last_modified = page.last_modified.min(previous.page.last_modified);
        }
        let page = Arc::new(page);
        let added = page.body.len();
        let version = page.version;
        let entry = Entry {
            page: Arc::clone(&page),
            bytes: added,
        };
        if let Some(previous) = entries.pages.insert(page.key.clone(), entry) {
            entries.bytes -= previous.bytes;
        }
        entries.bytes += added;
        if entries.bytes > self.budget_bytes {
            entries.pages.retain(|_, kept| kept.page.version >= version);
            entries.bytes = entries.pages.values().map(|kept| kept.bytes).sum();
        }
        self.trim(&mut entries);
        page
    }

    /// Counts `bytes` more against the budget for `page`, a compressed form just made of
    /// it, if the cache still keeps it.
    pub fn charge(&self, page: &Arc<CachedPage>, bytes: usize) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(entry) = entries
            .pages
            .get_mut(&page.key)
            .filter(|entry| Arc::ptr_eq(&entry.page, page))
        else {
            return;
        };
        entry.bytes += bytes;
        entries.bytes += bytes;
        self.trim(&mut entries);
    }

    /// Drops pages until the rest fit the budget.
    fn trim(&self, entries: &mut Entries) {
        while entries.bytes > self.budget_bytes {
            let Some(victim) = entries.pages.keys().next().cloned() else {
                break;
            };
            if let Some(removed) = entries.pages.remove(&victim) {
                entries.bytes -= removed.bytes;
            }
        }
    }
}

/// Coalesced reads of the content version.
#[derive(Debug)]
struct VersionReads {
    state: Mutex<ReadState>,
    results: watch::Sender<ReadResult>,
    /// The version found by the latest successful read, and the change generation that
    /// read started at: while the generation has not moved past it, the version holds.
    known: Mutex<Option<KnownVersion>>,
}

#[derive(Clone, Copy, Debug)]
struct KnownVersion {
    version: i64,
    generation: u64,
}

#[derive(Debug, Default)]
struct ReadState {
    /// The number of the latest read started.
    started: u64,
    /// Whether a read is in flight.
    running: bool,
    /// The highest read number anyone waits for.
    wanted: u64,
}

/// The number of the last finished read and what it found.
type ReadResult = (u64, Result<i64, String>);

impl VersionReads {
    fn new() -> Self {
        Self {
            state: Mutex::new(ReadState::default()),
            results: watch::Sender::new((0, Ok(0))),
            known: Mutex::new(None),
        }
    }

    async fn current(reads: &Arc<Self>, app: &App) -> AppResult<i64> {
        if let Some(generation) = app.change_generation() {
            let known = *reads.known.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(known) = known.filter(|known| known.generation >= generation) {
                return Ok(known.version);
            }
        }
        let mut receiver = reads.results.subscribe();
        let target = {
            let mut state = reads.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.running {
                // The read in flight may have started before we arrived: wait for the next.
                state.wanted = state.wanted.max(state.started + 1);
                state.started + 1
            } else {
                state.running = true;
                state.started += 1;
                state.wanted = state.started;
                tokio::spawn(Self::run(Arc::clone(reads), app.clone()));
                state.started
            }
        };
        let result = receiver
            .wait_for(|(finished, _)| *finished >= target)
            .await
            .map_err(|_| AppError::internal("the content version reader stopped"))?;
        result.1.clone().map_err(AppError::Unavailable)
    }

    /// Reads versions back to back while anyone waits for a newer read.
    async fn run(reads: Arc<Self>, app: App) {
        loop {
            let number = reads
                .state
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .started;
            let generation = app.change_generation();
            let found = app
                .content_version()
                .await
                .map_err(|error| error.to_string());
            if let (Ok(version), Some(generation)) = (&found, generation) {
                let mut known = reads.known.lock().unwrap_or_else(PoisonError::into_inner);
                if known.is_none_or(|known| known.generation <= generation) {
                    *known = Some(KnownVersion {
                        version: *version,
                        generation,
                    });
                }
            }
            let _previous = reads.results.send_replace((number, found));
            let mut state = reads.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.wanted > number {
                state.started = number + 1;
            } else {
                state.running = false;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(key: &str, version: i64, size: usize) -> CachedPage {
        CachedPage {
            key: key.to_owned(),
            kind: CachedKind::Page,
            form_token_slot: None,
            version,
            expires_at: "2030-01-01T00:00:00Z".parse().unwrap(),
            body: Bytes::from(vec![b'x'; size]),
            etag: HeaderValue::from_static("\"e\""),
            subject: None,
            last_modified: "2029-01-01T00:00:00Z".parse().unwrap(),
            compressed: CompressedForms::default(),
        }
    }

    #[test]
    fn a_cache_beside_another_keeps_to_its_own_budget() {
        let pages = PageCache::new(1_000);
        let searches = pages.beside(1_000);
        pages.put(page("/", 1, 200));
        for number in 0..20 {
            searches.put(page(&format!("/?s=word{number}"), 1, 200));
        }
        let now: Timestamp = "2029-01-01T00:00:00Z".parse().unwrap();
        assert!(
            pages.get("/", 1, now).is_some(),
            "searches pushed a page out"
        );
        let kept = (0..20)
            .filter(|number| searches.get(&format!("/?s=word{number}"), 1, now).is_some())
            .count();
        assert_eq!(kept, 5, "the searches keep within their own 1,000 bytes");
        assert!(pages.get("/?s=word19", 1, now).is_none());
        assert!(Arc::ptr_eq(&pages.version_reads, &searches.version_reads));

        // A compressed form counts in the cache that keeps its page, and only there.
        let search = searches.put(page("/?s=harbour", 2, 100));
        let before = pages.entries.lock().unwrap().bytes;
        pages.charge(&search, 50);
        searches.charge(&search, 50);
        assert_eq!(pages.entries.lock().unwrap().bytes, before);
        let entries = searches.entries.lock().unwrap();
        assert_eq!(entries.pages["/?s=harbour"].bytes, 150);
    }

    #[test]
    fn serves_only_the_current_version_before_expiry() {
        let cache = PageCache::new(1_000_000);
        cache.put(page("/", 3, 10));
        let now: Timestamp = "2029-01-01T00:00:00Z".parse().unwrap();
        assert!(cache.get("/", 3, now).is_some());
        assert!(
            cache.get("/", 4, now).is_none(),
            "a newer version makes it stale"
        );
        assert!(
            cache
                .get("/", 3, "2030-01-01T00:00:00Z".parse().unwrap())
                .is_none(),
            "expired at midnight"
        );
        assert!(cache.get("/other", 3, now).is_none());
    }

    #[test]
    fn stays_within_its_budget() {
        let cache = PageCache::new(1_000);
        for number in 0..20 {
            cache.put(page(&format!("/{number}"), 1, 200));
        }
        let entries = cache.entries.lock().unwrap();
        assert!(entries.bytes <= 1_000);
        assert_eq!(
            entries.bytes,
            entries
                .pages
                .values()
                .map(|kept| kept.page.body.len())
                .sum::<usize>()
        );
    }

    #[test]
    fn compressed_forms_count_against_the_budget_while_their_page_is_kept() {
        let cache = PageCache::new(4_000);
        let kept = cache.put(page("/a", 1, 600));
        cache.charge(&kept, 150);
        assert_eq!(cache.entries.lock().unwrap().bytes, 750);
        let replaced = cache.put(page("/a", 2, 600));
        cache.charge(&kept, 150);
        assert_eq!(
            cache.entries.lock().unwrap().bytes,
            600,
            "a page no longer kept charges nothing"
        );
        cache.charge(&replaced, 200);
        cache.put(page("/b", 2, 1_000));
        cache.put(page("/c", 2, 1_000));
        assert_eq!(cache.entries.lock().unwrap().bytes, 2_800);
        cache.charge(&replaced, 1_500);
        let entries = cache.entries.lock().unwrap();
        assert!(entries.bytes <= 4_000, "over budget, pages are dropped");
        assert_eq!(
            entries.bytes,
            entries.pages.values().map(|kept| kept.bytes).sum::<usize>()
        );
    }

    #[test]
    fn a_page_rendered_the_same_again_keeps_its_modification_time() {
        let cache = PageCache::new(1_000_000);
        cache.put(page("/", 1, 10));
        let same = CachedPage {
            last_modified: "2029-06-01T00:00:00Z".parse().unwrap(),
            ..page("/", 2, 10)
        };
        assert_eq!(
            cache.put(same).last_modified,
            "2029-01-01T00:00:00Z".parse().unwrap()
        );
        let changed = CachedPage {
            last_modified: "2029-06-01T00:00:00Z".parse().unwrap(),
            etag: HeaderValue::from_static("\"other\""),
            ..page("/", 3, 10)
        };
        assert_eq!(
            cache.put(changed).last_modified,
            "2029-06-01T00:00:00Z".parse().unwrap()
        );
    }

    #[tokio::test]
    async fn each_compressed_form_is_made_once() {
        let kept = page("/", 1, 4_000);
        let (first, made) = kept.compressed(ContentCoding::Brotli).await.unwrap();
        assert!(made);
        assert!(first.kept_bytes() < 100);
        let (again, made_again) = kept.compressed(ContentCoding::Brotli).await.unwrap();
        assert!(!made_again);
        assert!(std::ptr::eq(first, again), "the same form, kept");
        let (_, gzip_made) = kept.compressed(ContentCoding::Gzip).await.unwrap();
        assert!(gzip_made, "each coding has its own");
    }

    #[test]
    fn a_disabled_cache_keeps_nothing() {
        let cache = PageCache::new(0);
        cache.put(page("/", 1, 10));
        assert!(cache.get("/", 1, Timestamp::now()).is_none());
    }
}
