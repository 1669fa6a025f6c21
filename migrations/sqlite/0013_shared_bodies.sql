-- First copies that share their article's body, for SQLite. The PostgreSQL migration with
-- the same id matches it.
--
-- A feed's new article, its first revision and its item's first version all hold the same
-- text. Those copies may now leave it out: a revision with `body_from_article` has the
-- article's editable source (`COALESCE(NULLIF(body_markdown, ''), body_html)`) as its
-- body, and an item version with `content_from_article` has the article's HTML as its
-- content. Before an article's body changes or the article is deleted, the triggers below
-- write the text it had into the copies that share it, so every revision and version keeps
-- the text it was saved with.
ALTER TABLE article_revisions ADD COLUMN body_from_article INTEGER NOT NULL DEFAULT 0
    CHECK (body_from_article IN (0, 1));
ALTER TABLE source_item_versions ADD COLUMN content_from_article INTEGER NOT NULL DEFAULT 0
    CHECK (content_from_article IN (0, 1));

CREATE TRIGGER article_revisions_keep_source BEFORE UPDATE OF body_markdown, body_html ON articles
WHEN COALESCE(NULLIF(old.body_markdown, ''), old.body_html)
    IS NOT COALESCE(NULLIF(new.body_markdown, ''), new.body_html) BEGIN
    UPDATE article_revisions
    SET body_markdown = COALESCE(NULLIF(old.body_markdown, ''), old.body_html), body_from_article = 0
    WHERE article_id = old.id AND body_from_article = 1;
END;

CREATE TRIGGER source_item_versions_keep_content BEFORE UPDATE OF body_html ON articles
WHEN old.body_html IS NOT new.body_html BEGIN
    UPDATE source_item_versions SET content_html = old.body_html, content_from_article = 0
    WHERE content_from_article = 1
      AND item_id IN (SELECT id FROM source_items WHERE article_id = old.id);
END;

CREATE TRIGGER source_item_versions_keep_content_on_delete BEFORE DELETE ON articles BEGIN
    UPDATE source_item_versions SET content_html = old.body_html, content_from_article = 0
    WHERE content_from_article = 1
      AND item_id IN (SELECT id FROM source_items WHERE article_id = old.id);
END;
