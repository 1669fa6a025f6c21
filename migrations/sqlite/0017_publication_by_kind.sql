-- Public articles by status, kind and publication time. A date archive counts and lists
-- the news of a period: with the kind in the index, it reads the period's range of it
-- and nothing else, where the index it replaces (status, then publication time) made it
-- read every article of the period, pages included, to look at each one's kind. The
-- news sitemap names both kinds to read its two days the same way. The PostgreSQL
-- migration with the same id matches it.
DROP INDEX articles_by_publication;
CREATE INDEX articles_by_publication ON articles (status, kind, published_at DESC, id DESC);
