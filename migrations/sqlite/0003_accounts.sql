-- Accounts for the editor's desk, for SQLite: sessions, login throttling and one-time links.
-- The PostgreSQL migration with the same id matches it.

-- A disabled user keeps their articles but cannot sign in.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;

-- A signed-in browser. The cookie holds a random secret; only its SHA-256 is kept here, so
-- a copy of the database signs nobody in.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT,
    user_agent   TEXT
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);

-- Failed sign-ins per account and per network in fixed windows, shared by every process.
CREATE TABLE login_failures (
    subject      TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL,
    PRIMARY KEY (subject, window_start)
) STRICT;

-- Links that work once: the first administrator's setup, password resets, invitations.
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'password_reset', 'invitation')),
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
