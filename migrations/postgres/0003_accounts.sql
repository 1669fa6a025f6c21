-- Accounts for the editor's desk, for PostgreSQL: sessions, login throttling and one-time
-- links. The SQLite migration with the same id matches it.

-- A disabled user keeps their articles but cannot sign in.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;

-- A signed-in browser. The cookie holds a random secret; only its SHA-256 is kept here, so
-- a copy of the database signs nobody in.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);

-- Failed sign-ins per account and per network in fixed windows, shared by every process.
CREATE TABLE login_failures (
    subject      TEXT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    failures     BIGINT NOT NULL,
    PRIMARY KEY (subject, window_start)
);

-- Links that work once: the first administrator's setup, password resets, invitations.
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'password_reset', 'invitation')),
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
