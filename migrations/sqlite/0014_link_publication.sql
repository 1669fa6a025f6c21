-- A category's or tag's link written with its article's publication time, for SQLite.
-- The PostgreSQL migration with the same id matches it.
--
-- Each new link used to be inserted without that time and then updated by a trigger,
-- which moved its entry in the `*_by_publication` index a second time: most of what
-- filing a feed's new articles under their category and tags cost. The statements that
-- write many links now give the time themselves, and the triggers update a new link only
-- when it does not carry the time it should (a link written without it, by one of the
-- statements that write a single link).
DROP TRIGGER article_categories_publication;
DROP TRIGGER article_tags_publication;

CREATE TRIGGER article_categories_publication AFTER INSERT ON article_categories
WHEN NEW.published_at IS NOT (
    SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published'
) BEGIN
    UPDATE article_categories SET published_at = (
        SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published'
    ) WHERE article_id = NEW.article_id AND category_id = NEW.category_id;
END;
CREATE TRIGGER article_tags_publication AFTER INSERT ON article_tags
WHEN NEW.published_at IS NOT (
    SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published'
) BEGIN
    UPDATE article_tags SET published_at = (
        SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published'
    ) WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
END;
