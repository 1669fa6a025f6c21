-- What the last feed a source's fetch read in full hashed to: its address, Content-Type and
-- body, as SHA-256 in hex. Many servers answer every request with the whole feed, never a
-- 304, and most of the time it is the same feed as last time; a body that hashes the same
-- is then known without parsing or cleaning any of it. Editing a source forgets it, since
-- the same feed read under new rules may give something new. The SQLite migration with
-- the same id matches it.
ALTER TABLE sources ADD COLUMN feed_digest TEXT;
