-- Who wrote a republished article's original, for SQLite: kept on the article's credit and
-- with each version of a syndicated item, so that an update from the source brings the
-- author's name along. The PostgreSQL migration with the same id matches it.

ALTER TABLE articles ADD COLUMN source_author TEXT;
ALTER TABLE source_item_versions ADD COLUMN author TEXT;
