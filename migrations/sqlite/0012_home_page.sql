-- The home page's list, for SQLite: sticky news first, then the rest, each newest first.
-- The PostgreSQL migration with the same id matches it.
--
-- One index serves both halves and their counts: equal on whether the article is sticky,
-- its status and its kind, then in publication order. The sticky half is counted and read
-- in a few entries, the rest paged along it without sorting, and the count of all public
-- news can read the index alone. It replaces the partial index of sticky posts, which
-- SQLite's planner passed over for the index led by the status.
DROP INDEX articles_sticky;
CREATE INDEX articles_home_page ON articles (sticky, status, kind, published_at DESC, id DESC);
