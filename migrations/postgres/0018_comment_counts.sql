-- How many approved readers' comments each article has, and how many of them start a
-- thread (have no parent), kept up to date by triggers as comments are written, moderated,
-- moved under another comment or deleted. Lists show every article's count, the article
-- page shows it and numbers its comment pages by the thread count, and posting a comment
-- finds the page it lands on from it: counted afresh, each was a walk over every approved
-- comment of the article, thousands on a busy story. Pingbacks and trackbacks are not
-- counted. A row of its own per article, not a column of `articles`, so that a comment
-- rewrites a few bytes rather than the article's whole row. The SQLite migration with the
-- same id matches it.
--
-- The triggers run once per statement, as the content version's do: an import writes
-- comments a hundred at a time, and one change per article and statement spares the
-- counts' rows a version for every comment. Each statement's changes are summed per
-- article and added to the article's row (made at its first comment), articles in order so
-- that two transactions counting the same articles take their rows' locks in the same
-- order.
CREATE TABLE article_comment_counts (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    comments   BIGINT NOT NULL,
    threads    BIGINT NOT NULL
);

INSERT INTO article_comment_counts (article_id, comments, threads)
SELECT article_id, COUNT(*), COUNT(*) FILTER (WHERE parent_id IS NULL)
FROM comments WHERE status = 'approved' AND kind = 'comment'
GROUP BY article_id;

CREATE FUNCTION count_approved_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO article_comment_counts AS counts (article_id, comments, threads)
        SELECT article_id, COUNT(*), COUNT(*) FILTER (WHERE parent_id IS NULL)
        FROM inserted_comments WHERE status = 'approved' AND kind = 'comment'
        GROUP BY article_id ORDER BY article_id
        ON CONFLICT (article_id) DO UPDATE SET
            comments = counts.comments + EXCLUDED.comments,
            threads = counts.threads + EXCLUDED.threads;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE article_comment_counts AS counts SET
            comments = counts.comments - gone.comments,
            threads = counts.threads - gone.threads
        FROM (
            SELECT article_id, COUNT(*) AS comments, COUNT(*) FILTER (WHERE parent_id IS NULL) AS threads
            FROM deleted_comments WHERE status = 'approved' AND kind = 'comment'
            GROUP BY article_id
        ) AS gone
        WHERE counts.article_id = gone.article_id;
    ELSE
        INSERT INTO article_comment_counts AS counts (article_id, comments, threads)
        SELECT article_id, SUM(comments), SUM(threads)
        FROM (
            SELECT article_id, 1 AS comments, CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END AS threads
            FROM comments_after WHERE status = 'approved' AND kind = 'comment'
            UNION ALL
            SELECT article_id, -1, CASE WHEN parent_id IS NULL THEN -1 ELSE 0 END
            FROM comments_before WHERE status = 'approved' AND kind = 'comment'
        ) AS changes
        GROUP BY article_id
        HAVING SUM(comments) <> 0 OR SUM(threads) <> 0
        ORDER BY article_id
        ON CONFLICT (article_id) DO UPDATE SET
            comments = counts.comments + EXCLUDED.comments,
            threads = counts.threads + EXCLUDED.threads;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments
REFERENCING NEW TABLE AS inserted_comments
FOR EACH STATEMENT EXECUTE FUNCTION count_approved_comments();
CREATE TRIGGER comment_counts_update AFTER UPDATE ON comments
REFERENCING OLD TABLE AS comments_before NEW TABLE AS comments_after
FOR EACH STATEMENT EXECUTE FUNCTION count_approved_comments();
CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments
REFERENCING OLD TABLE AS deleted_comments
FOR EACH STATEMENT EXECUTE FUNCTION count_approved_comments();

-- An article's threads, as the comment pages and a thread's place read them: the same
-- index as the SQLite migration's, where the kind in the same place as in
-- `comments_by_article` and the parent's column (always empty here) let a count or a page
-- read this index alone instead of every comment's row.
DROP INDEX comments_threads;
CREATE INDEX comments_threads ON comments (article_id, status, kind, created_at, id, parent_id) WHERE parent_id IS NULL AND kind = 'comment';
