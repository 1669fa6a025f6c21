-- Search engines, for SQLite: what each article tells search engines and social sites, and
-- what the sitemaps read. The PostgreSQL migration with the same id matches it.
--
-- An article's SEO title and meta description replace its headline and excerpt in its
-- page's head when an editor writes them (empty means the page falls back); every revision
-- keeps them with the rest of the article.
--
-- The sitemaps list published articles whose canonical address is their own (not a
-- republished piece that names the original as the main copy), in id order, a file at a
-- time. `listed_in_sitemaps` says which articles those are, and the partial index below
-- holds exactly them with everything a sitemap writes, so a file reads one range of it. The
-- queries name that column rather than the status, which would lead the planner to the
-- index by publication time and a sort of every published article.

ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';

ALTER TABLE articles ADD COLUMN listed_in_sitemaps INTEGER
    GENERATED ALWAYS AS (status = 'published' AND (source_url IS NULL OR NOT source_canonical)) VIRTUAL;
CREATE INDEX articles_in_sitemaps ON articles (id, published_at, modified_at, slug) WHERE listed_in_sitemaps;
