-- Archives, for SQLite: the pages of a category, a tag, an author and a period list the
-- public articles newest first, a page at a time, with their number. The PostgreSQL
-- migration with the same id matches it.
--
-- A category's or tag's link to an article carries the article's publication time while
-- the article is published, and NULL otherwise, kept by the triggers below. A page and its
-- count then read one range of the category's or tag's index, in publication order,
-- instead of joining every article ever filed under it.

ALTER TABLE article_categories ADD COLUMN published_at INTEGER;
ALTER TABLE article_tags ADD COLUMN published_at INTEGER;

UPDATE article_categories SET published_at = (
    SELECT a.published_at FROM articles a WHERE a.id = article_categories.article_id AND a.status = 'published'
);
UPDATE article_tags SET published_at = (
    SELECT a.published_at FROM articles a WHERE a.id = article_tags.article_id AND a.status = 'published'
);

CREATE INDEX article_categories_by_publication ON article_categories (category_id, published_at DESC, article_id DESC);
CREATE INDEX article_tags_by_publication ON article_tags (tag_id, published_at DESC, article_id DESC);
CREATE INDEX articles_by_author_publication ON articles (author_id, published_at DESC, id DESC) WHERE status = 'published';

CREATE TRIGGER article_categories_publication AFTER INSERT ON article_categories BEGIN
    UPDATE article_categories SET published_at = (
        SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published'
    ) WHERE article_id = NEW.article_id AND category_id = NEW.category_id;
END;
CREATE TRIGGER article_tags_publication AFTER INSERT ON article_tags BEGIN
    UPDATE article_tags SET published_at = (
        SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published'
    ) WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
END;
CREATE TRIGGER articles_publication AFTER UPDATE OF status, published_at ON articles
WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at BEGIN
    UPDATE article_categories SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE article_id = NEW.id;
    UPDATE article_tags SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE article_id = NEW.id;
END;
