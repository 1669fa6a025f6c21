-- Autosaves keep every field of the editor, not only the headline, excerpt and body: the
-- rest of the form (slug, tags, categories, search-engine words, source, schedule…) as
-- the desk sent it, form-encoded, which only the desk reads back. The PostgreSQL
-- migration with the same id matches it. Autosaves kept before have it empty.
ALTER TABLE article_autosaves ADD COLUMN other_fields TEXT NOT NULL DEFAULT '';
