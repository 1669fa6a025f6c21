-- Articles' addresses follow the permalink pattern setting, for SQLite. The patterns it
-- had before are kept, so that addresses made with them keep redirecting to the new ones.
-- The PostgreSQL migration with the same id matches it.

CREATE TABLE earlier_permalink_patterns (
    pattern    TEXT PRIMARY KEY,
    retired_at INTEGER NOT NULL
) STRICT;
