-- Syndication, for SQLite: other outlets' feeds, the items seen in them, and every version
-- of an item the source published. The PostgreSQL migration with the same id matches it.

-- A feed Gazette republishes from: its settings, and the state of its fetching.
CREATE TABLE sources (
    id                      INTEGER PRIMARY KEY,
    name                    TEXT NOT NULL,
    feed_url                TEXT NOT NULL UNIQUE,
    home_page_url           TEXT,
    category                TEXT,
    author_id               INTEGER REFERENCES users (id) ON DELETE SET NULL,
    mode                    TEXT NOT NULL CHECK (mode IN ('review', 'publish')),
    interval_seconds        INTEGER NOT NULL CHECK (interval_seconds >= 300),
    include_keywords        TEXT NOT NULL DEFAULT '',
    exclude_keywords        TEXT NOT NULL DEFAULT '',
    max_item_age_days       INTEGER CHECK (max_item_age_days > 0),
    licence                 TEXT NOT NULL DEFAULT '',
    canonical_to_original   INTEGER NOT NULL DEFAULT 1 CHECK (canonical_to_original IN (0, 1)),
    allow_private_addresses INTEGER NOT NULL DEFAULT 0 CHECK (allow_private_addresses IN (0, 1)),
    paused_at               INTEGER,
    pause_reason            TEXT,
    etag                    TEXT,
    last_modified           TEXT,
    next_fetch_at           INTEGER NOT NULL,
    consecutive_failures    INTEGER NOT NULL DEFAULT 0,
    last_error              TEXT,
    last_error_at           INTEGER,
    last_success_at         INTEGER,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    CHECK ((paused_at IS NULL) = (pause_reason IS NULL))
) STRICT;
CREATE INDEX sources_due ON sources (next_fetch_at) WHERE paused_at IS NULL;

-- Every item key ever seen in a source, with what became of it. A rejected item, or one
-- whose article was deleted, keeps its row: that is the tombstone that keeps it away.
CREATE TABLE source_items (
    id             INTEGER PRIMARY KEY,
    source_id      INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    item_key       TEXT NOT NULL,
    article_id     INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    state          TEXT NOT NULL CHECK (state IN ('taken', 'pending_review', 'rejected')),
    content_hash   TEXT NOT NULL,
    update_pending INTEGER NOT NULL DEFAULT 0 CHECK (update_pending IN (0, 1)),
    first_seen_at  INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    UNIQUE (source_id, item_key)
) STRICT;
CREATE INDEX source_items_by_article ON source_items (article_id) WHERE article_id IS NOT NULL;
CREATE INDEX source_items_to_review ON source_items (source_id) WHERE state = 'pending_review' OR update_pending = 1;

-- Each version of an item as the source published it, oldest first, for comparing them.
CREATE TABLE source_item_versions (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES source_items (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    title        TEXT NOT NULL,
    link         TEXT,
    content_html TEXT NOT NULL,
    summary_html TEXT,
    published_at INTEGER,
    updated_at   INTEGER,
    fetched_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX source_item_versions_by_item ON source_item_versions (item_id, id);
