-- Moving a WordPress site over, for SQLite: pages, sticky posts, pingbacks and trackbacks,
-- and what each imported WordPress object became. The PostgreSQL migration with the same
-- id matches it.

-- Pages (About, Contact…) are articles that stand apart from the news: each answers at its
-- own address under its parent page's, and none is listed on the home page, in archives or
-- in the site's feeds.
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'page'));
ALTER TABLE articles ADD COLUMN parent_id INTEGER REFERENCES articles (id) ON DELETE SET NULL;
-- A sticky post stands first on the home page.
ALTER TABLE articles ADD COLUMN sticky INTEGER NOT NULL DEFAULT 0 CHECK (sticky IN (0, 1));

CREATE INDEX articles_posts_by_publication ON articles (published_at DESC, id DESC) WHERE status = 'published' AND kind = 'post';
CREATE INDEX articles_sticky ON articles (published_at DESC, id DESC) WHERE sticky AND status = 'published' AND kind = 'post';
CREATE INDEX articles_pages ON articles (parent_id, id) WHERE kind = 'page';
DROP INDEX articles_by_author_publication;
CREATE INDEX articles_by_author_publication ON articles (author_id, published_at DESC, id DESC) WHERE status = 'published' AND kind = 'post';

-- Pingbacks and trackbacks are kept as such, shown apart from readers' comments and not
-- counted with them.
ALTER TABLE comments ADD COLUMN kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'pingback', 'trackback'));
DROP INDEX comments_threads;
CREATE INDEX comments_threads ON comments (article_id, status, created_at, id) WHERE parent_id IS NULL AND kind = 'comment';
DROP INDEX comments_by_article;
CREATE INDEX comments_by_article ON comments (article_id, status, kind, created_at, id);

-- What each object of an imported WordPress site became, so that importing the same export
-- again makes nothing twice and WordPress's own addresses (`/?p=ID`) find what they named.
-- `site` is the export's address; `wordpress_key` the object's WordPress id, a user's login
-- or a term's slug; `version` when WordPress last changed an article, and
-- `featured_attachment` the WordPress id of its featured image.
CREATE TABLE wordpress_objects (
    site          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('user', 'category', 'tag', 'article', 'comment')),
    wordpress_key TEXT NOT NULL,
    gazette_id    INTEGER NOT NULL,
    version       TEXT,
    featured_attachment INTEGER,
    imported_at   INTEGER NOT NULL,
    PRIMARY KEY (site, kind, wordpress_key)
) STRICT;
CREATE INDEX wordpress_objects_by_key ON wordpress_objects (kind, wordpress_key);

-- The attachments of imported sites: the file's address, what describes it, the article it
-- belongs to and, once fetched into the media library, the image it became.
CREATE TABLE wordpress_attachments (
    site         TEXT NOT NULL,
    wordpress_id INTEGER NOT NULL,
    article_id   INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    url          TEXT NOT NULL,
    title        TEXT NOT NULL,
    caption      TEXT NOT NULL,
    alt_text     TEXT NOT NULL,
    media_id     INTEGER REFERENCES media (id) ON DELETE SET NULL,
    imported_at  INTEGER NOT NULL,
    PRIMARY KEY (site, wordpress_id)
) STRICT;
CREATE INDEX wordpress_attachments_by_id ON wordpress_attachments (wordpress_id);
CREATE INDEX wordpress_attachments_by_article ON wordpress_attachments (article_id) WHERE article_id IS NOT NULL;

-- Addresses imported articles and attachment pages had on the old site where Gazette's
-- differ (a slug made unique or readable, a permalink pattern the site did not take on):
-- each answers 301 to what it named.
CREATE TABLE wordpress_addresses (
    path            TEXT PRIMARY KEY NOT NULL,
    article_id      INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    attachment_site TEXT,
    attachment_id   INTEGER,
    CHECK ((article_id IS NULL) <> (attachment_id IS NULL)),
    CHECK ((attachment_site IS NULL) = (attachment_id IS NULL))
) STRICT;
CREATE INDEX wordpress_addresses_by_article ON wordpress_addresses (article_id) WHERE article_id IS NOT NULL;
