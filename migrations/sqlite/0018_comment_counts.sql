-- How many approved readers' comments each article has, and how many of them start a
-- thread (have no parent), kept up to date by triggers as comments are written, moderated,
-- moved under another comment or deleted. Lists show every article's count, the article
-- page shows it and numbers its comment pages by the thread count, and posting a comment
-- finds the page it lands on from it: counted afresh, each was a walk over every approved
-- comment of the article, thousands on a busy story. Pingbacks and trackbacks are not
-- counted. A row of its own per article, not a column of `articles`, so that a comment
-- rewrites a few bytes rather than the article's whole row. The PostgreSQL migration with
-- the same id matches it.
CREATE TABLE article_comment_counts (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    comments   INTEGER NOT NULL,
    threads    INTEGER NOT NULL
) STRICT;

INSERT INTO article_comment_counts (article_id, comments, threads)
SELECT article_id, COUNT(*), SUM(parent_id IS NULL)
FROM comments WHERE status = 'approved' AND kind = 'comment'
GROUP BY article_id;

CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND NEW.kind = 'comment'
BEGIN
    INSERT INTO article_comment_counts (article_id, comments, threads)
    VALUES (NEW.article_id, 1, NEW.parent_id IS NULL)
    ON CONFLICT (article_id) DO UPDATE SET
        comments = comments + 1,
        threads = threads + excluded.threads;
END;

CREATE TRIGGER comment_counts_update AFTER UPDATE OF status, kind, parent_id, article_id ON comments
WHEN (OLD.status = 'approved' AND OLD.kind = 'comment') OR (NEW.status = 'approved' AND NEW.kind = 'comment')
BEGIN
    UPDATE article_comment_counts SET
        comments = comments - 1,
        threads = threads - (OLD.parent_id IS NULL)
    WHERE article_id = OLD.article_id AND OLD.status = 'approved' AND OLD.kind = 'comment';
    INSERT INTO article_comment_counts (article_id, comments, threads)
    SELECT NEW.article_id, 1, NEW.parent_id IS NULL
    WHERE NEW.status = 'approved' AND NEW.kind = 'comment'
    ON CONFLICT (article_id) DO UPDATE SET
        comments = comments + 1,
        threads = threads + excluded.threads;
END;

CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments
WHEN OLD.status = 'approved' AND OLD.kind = 'comment'
BEGIN
    UPDATE article_comment_counts SET
        comments = comments - 1,
        threads = threads - (OLD.parent_id IS NULL)
    WHERE article_id = OLD.article_id;
END;

-- An article's threads, as the comment pages and a thread's place read them: with the
-- kind in the same place as in `comments_by_article`, SQLite's planner no longer prefers
-- that index, which made it read every comment's row to see whether it starts a thread,
-- and with the parent's column (always empty here) a count or a page reads this index
-- alone.
DROP INDEX comments_threads;
CREATE INDEX comments_threads ON comments (article_id, status, kind, created_at, id, parent_id) WHERE parent_id IS NULL AND kind = 'comment';
