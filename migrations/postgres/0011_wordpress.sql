-- Moving a WordPress site over, for PostgreSQL: pages, sticky posts, pingbacks and
-- trackbacks, and what each imported WordPress object became. The SQLite migration with the
-- same id matches it.

-- Pages (About, Contact…) are articles that stand apart from the news: each answers at its
-- own address under its parent page's, and none is listed on the home page, in archives or
-- in the site's feeds.
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'page'));
ALTER TABLE articles ADD COLUMN parent_id BIGINT REFERENCES articles (id) ON DELETE SET NULL;
-- A sticky post stands first on the home page.
ALTER TABLE articles ADD COLUMN sticky BOOLEAN NOT NULL DEFAULT FALSE;

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
    gazette_id    BIGINT NOT NULL,
    version       TEXT,
    featured_attachment BIGINT,
    imported_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, kind, wordpress_key)
);
CREATE INDEX wordpress_objects_by_key ON wordpress_objects (kind, wordpress_key);

-- The attachments of imported sites: the file's address, what describes it, the article it
-- belongs to and, once fetched into the media library, the image it became.
CREATE TABLE wordpress_attachments (
    site         TEXT NOT NULL,
    wordpress_id BIGINT NOT NULL,
    article_id   BIGINT REFERENCES articles (id) ON DELETE SET NULL,
    url          TEXT NOT NULL,
    title        TEXT NOT NULL,
    caption      TEXT NOT NULL,
    alt_text     TEXT NOT NULL,
    media_id     BIGINT REFERENCES media (id) ON DELETE SET NULL,
    imported_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, wordpress_id)
);
CREATE INDEX wordpress_attachments_by_id ON wordpress_attachments (wordpress_id);
CREATE INDEX wordpress_attachments_by_article ON wordpress_attachments (article_id) WHERE article_id IS NOT NULL;

-- Addresses imported articles and attachment pages had on the old site where Gazette's
-- differ (a slug made unique or readable, a permalink pattern the site did not take on):
-- each answers 301 to what it named.
CREATE TABLE wordpress_addresses (
    path            TEXT PRIMARY KEY,
    article_id      BIGINT REFERENCES articles (id) ON DELETE CASCADE,
    attachment_site TEXT,
    attachment_id   BIGINT,
    CHECK ((article_id IS NULL) <> (attachment_id IS NULL)),
    CHECK ((attachment_site IS NULL) = (attachment_id IS NULL))
);
CREATE INDEX wordpress_addresses_by_article ON wordpress_addresses (article_id) WHERE article_id IS NOT NULL;

-- An approved comment moves the content version once per statement rather than once per
-- row: an import writes comments a hundred at a time, and updating site_state's one row
-- for each of tens of thousands of comments in one transaction costs more with every
-- update (each must walk past the row's earlier versions).
DROP TRIGGER comments_inserted ON comments;
CREATE FUNCTION bump_content_version_for_approved_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted_comments WHERE status = 'approved') THEN
        UPDATE site_state SET content_version = content_version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER comments_inserted AFTER INSERT ON comments REFERENCING NEW TABLE AS inserted_comments
FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version_for_approved_comments();
