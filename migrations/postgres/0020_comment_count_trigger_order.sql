-- The counting triggers of 0018 fire after the content version's. PostgreSQL fires a
-- table's triggers for one event in the order of their names (and a statement's row
-- triggers before its statement triggers), and every change to an approved comment also
-- moves the content version, `site_state`'s one row. Named `comment_counts_*`, the
-- counting ran first on an insert, so a posted comment took its article's count row and
-- then waited for the content version's, while every other change takes the content
-- version first: a comment posted on an article while a moderator's bulk action (one
-- comment at a time) went from another article's comments to that article's could
-- deadlock, and PostgreSQL would abort one of the two. Now the content version's row is
-- always taken first, and only the transaction holding it changes a count.
-- The SQLite migration with the same id matches it.
ALTER TRIGGER comment_counts_insert ON comments RENAME TO comments_recounted_on_insert;
ALTER TRIGGER comment_counts_update ON comments RENAME TO comments_recounted_on_update;
ALTER TRIGGER comment_counts_delete ON comments RENAME TO comments_recounted_on_delete;
