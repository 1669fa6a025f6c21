-- First copies that share their article's body, for PostgreSQL. The SQLite migration with
-- the same id matches it.
--
-- A feed's new article, its first revision and its item's first version all hold the same
-- text. Those copies may now leave it out: a revision with `body_from_article` has the
-- article's editable source (`COALESCE(NULLIF(body_markdown, ''), body_html)`) as its
-- body, and an item version with `content_from_article` has the article's HTML as its
-- content. Before an article's body changes or the article is deleted, the triggers below
-- write the text it had into the copies that share it, so every revision and version keeps
-- the text it was saved with.
ALTER TABLE article_revisions ADD COLUMN body_from_article BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE source_item_versions ADD COLUMN content_from_article BOOLEAN NOT NULL DEFAULT FALSE;

CREATE FUNCTION keep_shared_bodies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- An article's revisions are deleted with it; its items stay, and keep their versions.
    IF TG_OP = 'UPDATE' AND COALESCE(NULLIF(OLD.body_markdown, ''), OLD.body_html)
        IS DISTINCT FROM COALESCE(NULLIF(NEW.body_markdown, ''), NEW.body_html) THEN
        UPDATE article_revisions
        SET body_markdown = COALESCE(NULLIF(OLD.body_markdown, ''), OLD.body_html), body_from_article = FALSE
        WHERE article_id = OLD.id AND body_from_article;
    END IF;
    IF TG_OP = 'DELETE' OR OLD.body_html IS DISTINCT FROM NEW.body_html THEN
        UPDATE source_item_versions SET content_html = OLD.body_html, content_from_article = FALSE
        WHERE content_from_article
          AND item_id IN (SELECT id FROM source_items WHERE article_id = OLD.id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER articles_keep_shared_bodies BEFORE UPDATE OF body_markdown, body_html OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION keep_shared_bodies();
