-- A category's or tag's link written with its article's publication time, for
-- PostgreSQL. The SQLite migration with the same id matches it.
--
-- Nothing changes here: PostgreSQL's trigger sets a new link's time before the row is
-- written (`link_publication`, migration 0010), so a link is never written twice. SQLite's
-- triggers cannot change a row before it is written; its migration stops them from
-- updating links that the statements writing many links now give the time themselves.
SELECT 1;
