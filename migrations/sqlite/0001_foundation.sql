-- Gazette's foundation schema for SQLite.
-- Timestamps are integer microseconds since 1970-01-01 UTC; booleans are 0 or 1.
-- The PostgreSQL migration with the same version id creates the same tables.

CREATE TABLE site_settings (
    name       TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- One row. content_version changes with every write that can change a public page, so
-- that rendered pages cached by any process sharing this database can tell they are stale.
CREATE TABLE site_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    content_version INTEGER NOT NULL
) STRICT;
INSERT INTO site_state (id, content_version) VALUES (1, 1);

-- Generated secrets (such as the key that signs cookies), made once per site.
CREATE TABLE site_secrets (
    name       TEXT PRIMARY KEY NOT NULL,
    value      BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    display_name  TEXT NOT NULL,
    email         TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'editor', 'author', 'contributor')),
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES categories (id) ON DELETE SET NULL
) STRICT;

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    body_markdown       TEXT NOT NULL,
    body_html           TEXT NOT NULL,
    excerpt             TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'published')),
    author_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    comments_open       INTEGER NOT NULL CHECK (comments_open IN (0, 1)),
    source_name         TEXT,
    source_url          TEXT,
    source_published_at INTEGER,
    published_at        INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((source_name IS NULL) = (source_url IS NULL)),
    CHECK (status IN ('draft', 'pending') OR published_at IS NOT NULL)
) STRICT;
CREATE INDEX articles_by_publication ON articles (status, published_at DESC, id DESC);

CREATE TABLE article_categories (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, category_id)
) STRICT;
CREATE INDEX article_categories_by_category ON article_categories (category_id, article_id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) STRICT;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL,
    author_url   TEXT,
    body_text    TEXT NOT NULL,
    body_html    TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    ip           TEXT,
    user_agent   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX comments_by_article ON comments (article_id, status, created_at, id);
CREATE INDEX comments_by_status ON comments (status, created_at DESC, id DESC);

-- Every write to what the public pages show moves the content version on.
CREATE TRIGGER site_settings_insert AFTER INSERT ON site_settings BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER site_settings_update AFTER UPDATE ON site_settings BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER site_settings_delete AFTER DELETE ON site_settings BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER users_insert AFTER INSERT ON users BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER users_update AFTER UPDATE ON users BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER users_delete AFTER DELETE ON users BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_insert AFTER INSERT ON categories BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_update AFTER UPDATE ON categories BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_delete AFTER DELETE ON categories BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER tags_insert AFTER INSERT ON tags BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER tags_update AFTER UPDATE ON tags BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER tags_delete AFTER DELETE ON tags BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_insert AFTER INSERT ON articles BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_update AFTER UPDATE ON articles BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_delete AFTER DELETE ON articles BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_categories_insert AFTER INSERT ON article_categories BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_categories_delete AFTER DELETE ON article_categories BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_tags_insert AFTER INSERT ON article_tags BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER article_tags_delete AFTER DELETE ON article_tags BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_insert AFTER INSERT ON comments BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_update AFTER UPDATE ON comments BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_delete AFTER DELETE ON comments BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
