-- The editor's desk, for SQLite: articles' whole life (trash, revisions, autosaves, old
-- addresses, corrections and updates), media, and comments written by staff.
-- The PostgreSQL migration with the same id matches it.

-- Uploaded images. Files live in the data folder under `file_name`; the database keeps
-- what describes them.
CREATE TABLE media (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    byte_size     INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    title         TEXT NOT NULL,
    alt_text      TEXT NOT NULL DEFAULT '',
    caption       TEXT NOT NULL DEFAULT '',
    uploaded_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX media_by_time ON media (created_at DESC, id DESC);

-- Smaller copies of an image, made by a job after the upload.
CREATE TABLE media_variants (
    media_id  INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    file_name TEXT NOT NULL UNIQUE,
    byte_size INTEGER NOT NULL,
    PRIMARY KEY (media_id, width)
) STRICT;

-- A trashed article keeps its place in history: it becomes a draft (so no public query can
-- show it), remembers the status it had, and is deleted for good after 30 days.
ALTER TABLE articles ADD COLUMN trashed_at INTEGER;
ALTER TABLE articles ADD COLUMN status_before_trash TEXT CHECK (status_before_trash IN ('draft', 'pending', 'scheduled', 'published'));
-- Whether the excerpt was written by hand (kept when the body changes) or made from the body.
ALTER TABLE articles ADD COLUMN excerpt_is_manual INTEGER NOT NULL DEFAULT 0 CHECK (excerpt_is_manual IN (0, 1));
-- For republished pieces: the licence or permission under which they are republished (for
-- editors), and whether rel=canonical points at the original.
ALTER TABLE articles ADD COLUMN source_licence TEXT;
ALTER TABLE articles ADD COLUMN source_canonical INTEGER NOT NULL DEFAULT 1 CHECK (source_canonical IN (0, 1));
-- The featured image, with the alt text and caption used for it on this article.
ALTER TABLE articles ADD COLUMN featured_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN featured_alt TEXT;
ALTER TABLE articles ADD COLUMN featured_caption TEXT;
-- When what readers see last changed after publication (an edit or a correction).
ALTER TABLE articles ADD COLUMN modified_at INTEGER;
CREATE INDEX articles_by_author ON articles (author_id, updated_at);
CREATE INDEX articles_by_update ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_scheduled ON articles (published_at) WHERE status = 'scheduled';
CREATE INDEX articles_trashed ON articles (trashed_at) WHERE trashed_at IS NOT NULL;
CREATE INDEX articles_by_featured_media ON articles (featured_media_id) WHERE featured_media_id IS NOT NULL;
UPDATE articles SET modified_at = updated_at WHERE status = 'published' AND updated_at > published_at;

-- Every save of an article, newest last: what it said and who saved it.
CREATE TABLE article_revisions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    slug          TEXT NOT NULL,
    excerpt       TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    status        TEXT NOT NULL,
    saved_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);

-- Unsaved work kept by the editor's autosave, one per article and person.
CREATE TABLE article_autosaves (
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    excerpt       TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    saved_at      INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
) STRICT;

-- Slugs an article had while published; their addresses answer 301 to the current one.
CREATE TABLE article_old_slugs (
    slug       TEXT PRIMARY KEY NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX article_old_slugs_by_article ON article_old_slugs (article_id);

-- The public corrections and updates log: dated notes shown at the end of an article.
CREATE TABLE article_corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
    note_text  TEXT NOT NULL,
    note_html  TEXT NOT NULL,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX article_corrections_by_article ON article_corrections (article_id, created_at);

-- A comment written by a member of staff from the desk (a reply as staff).
ALTER TABLE comments ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- Public pages show corrections, old addresses' redirects and images.
CREATE TRIGGER article_corrections_insert AFTER INSERT ON article_corrections BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_corrections_update AFTER UPDATE ON article_corrections BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_corrections_delete AFTER DELETE ON article_corrections BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_old_slugs_insert AFTER INSERT ON article_old_slugs BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_old_slugs_delete AFTER DELETE ON article_old_slugs BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER media_update AFTER UPDATE ON media BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER media_delete AFTER DELETE ON media BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER media_variants_insert AFTER INSERT ON media_variants BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER media_variants_delete AFTER DELETE ON media_variants BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;

-- Comment moderation: comments written by staff, found by their writer (and kept fast when
-- a user is deleted and their comments let go of them).
CREATE INDEX comments_by_user ON comments (user_id) WHERE user_id IS NOT NULL;

-- Accounts: when each user last signed in, for the users screen. Kept apart from `users`
-- so that signing in does not move the content version public pages are cached against.
CREATE TABLE user_sign_ins (
    user_id           INTEGER PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_signed_in_at INTEGER NOT NULL
) STRICT;
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);
