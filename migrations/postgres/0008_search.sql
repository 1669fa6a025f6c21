-- Full-text search of public articles, for PostgreSQL: a weighted `tsvector` of each
-- article's title (A), excerpt (B) and body text (C), generated from its columns, with a
-- GIN index over the published ones. The SQLite migration with the same id matches it.
--
-- `body_text` is the plain text of `body_html`, written by Gazette with every save: SQL
-- cannot read HTML. Articles stored before this migration get theirs when the migrations
-- have run (`gazette-store`'s `search` fills every NULL one), which regenerates their
-- vector; until then they are found by their title and excerpt.

-- English stemming (`councils` finds `council`), and accents folded (`cafe` finds `café`)
-- when the server has the unaccent extension (part of PostgreSQL's contrib, which database
-- owners may install since PostgreSQL 13). Without it the search works the same, except
-- that accents must match.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'search will not fold accents: the unaccent extension cannot be installed (%)', SQLERRM;
END
$$;

CREATE TEXT SEARCH CONFIGURATION gazette_search (COPY = english);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        ALTER TEXT SEARCH CONFIGURATION gazette_search
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END
$$;

ALTER TABLE articles ADD COLUMN body_text TEXT;
CREATE INDEX articles_without_body_text ON articles (id) WHERE body_text IS NULL;

ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('gazette_search', title), 'A')
    || setweight(to_tsvector('gazette_search', excerpt), 'B')
    || setweight(to_tsvector('gazette_search', COALESCE(body_text, '')), 'C')
) STORED;

-- Only published articles are searched, so only they are indexed.
CREATE INDEX articles_search ON articles USING GIN (search_vector) WHERE status = 'published';
