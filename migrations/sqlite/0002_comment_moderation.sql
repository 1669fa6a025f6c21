-- Threads, explainable moderation, the spam classifier, reply subscriptions, rate limits
-- and the job queue, for SQLite. The PostgreSQL migration with the same id matches it.

-- Threads: the top-level comment a reply belongs to (NULL for top-level comments) and
-- each comment's depth (1 = top level).
ALTER TABLE comments ADD COLUMN root_id INTEGER;
ALTER TABLE comments ADD COLUMN depth INTEGER NOT NULL DEFAULT 1;
-- Which moderation rule decided the comment's first status, and why, in words.
ALTER TABLE comments ADD COLUMN moderation_rule TEXT;
ALTER TABLE comments ADD COLUMN moderation_reason TEXT;
-- The spam classifier's score when the comment arrived (0 to 1), if it was trained then.
ALTER TABLE comments ADD COLUMN spam_score REAL;
-- What the classifier learnt from this comment, so that a changed decision is unlearnt.
ALTER TABLE comments ADD COLUMN trained_as TEXT CHECK (trained_as IN ('ham', 'spam'));
-- The status before the comment went to spam or trash, for "not spam" and "restore".
ALTER TABLE comments ADD COLUMN status_before TEXT CHECK (status_before IN ('pending', 'approved', 'spam', 'trash'));

WITH RECURSIVE tree (id, root, depth) AS (
    SELECT id, id, 1 FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT comments.id, tree.root, tree.depth + 1 FROM comments JOIN tree ON comments.parent_id = tree.id
)
UPDATE comments SET
    root_id = (SELECT root FROM tree WHERE tree.id = comments.id),
    depth = (SELECT depth FROM tree WHERE tree.id = comments.id);
UPDATE comments SET root_id = NULL, depth = 1 WHERE parent_id IS NULL;

CREATE INDEX comments_threads ON comments (article_id, status, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_by_root ON comments (root_id, status);
CREATE INDEX comments_by_email ON comments (author_email, created_at);
CREATE INDEX comments_by_ip ON comments (ip, created_at) WHERE ip IS NOT NULL;
CREATE INDEX comments_by_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;

-- Only approved comments are public: held and spam comments no longer move the content
-- version, so a flood of spam cannot empty the page cache.
DROP TRIGGER comments_insert;
DROP TRIGGER comments_update;
DROP TRIGGER comments_delete;
CREATE TRIGGER comments_insert AFTER INSERT ON comments WHEN NEW.status = 'approved' BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_update AFTER UPDATE OF status, parent_id, author_name, author_url, body_html ON comments WHEN OLD.status = 'approved' OR NEW.status = 'approved' BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;
CREATE TRIGGER comments_delete AFTER DELETE ON comments WHEN OLD.status = 'approved' BEGIN UPDATE site_state SET content_version = content_version + 1 WHERE id = 1; END;

-- The setting that held every comment is now the first rule of the moderation pipeline.
UPDATE site_settings SET name = 'manual_approval' WHERE name = 'hold_new_comments';

-- Who did what to which comment, and when. Kept when the comment is deleted.
CREATE TABLE comment_moderation_log (
    id          INTEGER PRIMARY KEY,
    comment_id  INTEGER NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    actor       TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_moderation_log_by_comment ON comment_moderation_log (comment_id, at);
CREATE INDEX comment_moderation_log_by_time ON comment_moderation_log (at);

-- Comment attempts per network (an IPv4 address or an IPv6 /64) per hour window, shared by
-- every process using this database.
CREATE TABLE comment_rate_windows (
    network      TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    PRIMARY KEY (network, window_start)
) STRICT;

-- The spam classifier: in how many spam and ham comments each feature was seen.
CREATE TABLE spam_features (
    feature TEXT PRIMARY KEY NOT NULL,
    spam    INTEGER NOT NULL,
    ham     INTEGER NOT NULL
) STRICT;
CREATE TABLE spam_corpus (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    spam_messages INTEGER NOT NULL,
    ham_messages  INTEGER NOT NULL
) STRICT;
INSERT INTO spam_corpus (id, spam_messages, ham_messages) VALUES (1, 0, 0);

-- Addresses that asked for reply notifications; mail goes only to confirmed ones.
CREATE TABLE commenter_addresses (
    email                TEXT PRIMARY KEY NOT NULL,
    confirm_token        TEXT NOT NULL UNIQUE,
    confirmation_sent_at INTEGER,
    confirmed_at         INTEGER,
    created_at           INTEGER NOT NULL
) STRICT;

-- A commenter's wish to hear of replies to one of their comments.
CREATE TABLE reply_subscriptions (
    comment_id        INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    email             TEXT NOT NULL,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX reply_subscriptions_by_email ON reply_subscriptions (email);

-- Work done outside requests (mail), retried with backoff. Finished jobs are deleted;
-- jobs that ran out of attempts stay with their last error.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    run_at       INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_until INTEGER,
    last_error   TEXT,
    failed_at    INTEGER,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE failed_at IS NULL;
