-- Full-text search of public articles, for SQLite: an FTS5 index of each published
-- article's title, excerpt and body text, kept in step with `articles` by triggers. The
-- PostgreSQL migration with the same id matches it.
--
-- `body_text` is the plain text of `body_html`, written by Gazette with every save: SQL
-- cannot read HTML. Articles stored before this migration get theirs when the migrations
-- have run (`gazette-store`'s `search` fills every NULL one), which re-indexes them through
-- the update trigger; until then they are found by their title and excerpt.

ALTER TABLE articles ADD COLUMN body_text TEXT;
CREATE INDEX articles_without_body_text ON articles (id) WHERE body_text IS NULL;

-- The index reads its text from `articles` (external content), so snippets come from the
-- stored columns and nothing is kept twice. The porter stemmer over unicode61 finds
-- `council` for `councils`; `remove_diacritics 2` lets `cafe` find `café`.
CREATE VIRTUAL TABLE article_search USING fts5 (
    title,
    excerpt,
    body_text,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Only published articles are indexed. An external-content index forgets a row only when
-- given the values it indexed, which the old row still holds when these triggers run.
CREATE TRIGGER article_search_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
    INSERT INTO article_search (rowid, title, excerpt, body_text)
    VALUES (new.id, new.title, new.excerpt, new.body_text);
END;

CREATE TRIGGER article_search_delete AFTER DELETE ON articles WHEN old.status = 'published' BEGIN
    INSERT INTO article_search (article_search, rowid, title, excerpt, body_text)
    VALUES ('delete', old.id, old.title, old.excerpt, old.body_text);
END;

-- A change of text or of status (publishing, unpublishing, trashing, restoring).
CREATE TRIGGER article_search_update AFTER UPDATE OF title, excerpt, body_text, status ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, excerpt, body_text)
    SELECT 'delete', old.id, old.title, old.excerpt, old.body_text WHERE old.status = 'published';
    INSERT INTO article_search (rowid, title, excerpt, body_text)
    SELECT new.id, new.title, new.excerpt, new.body_text WHERE new.status = 'published';
END;

INSERT INTO article_search (rowid, title, excerpt, body_text)
SELECT id, title, excerpt, body_text FROM articles WHERE status = 'published';
