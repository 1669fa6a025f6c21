//! Search on PostgreSQL: the generated `articles.search_vector` under the
//! `gazette_search` text search configuration, ranked by `ts_rank`.
//!
//! The reader's terms are handed to `websearch_to_tsquery`, which never fails on any
//! text, each term in double quotes: a quoted term is a phrase to it (`"city budget"`
//! finds those words in a row, as on SQLite), and inside quotes it reads no `or` and no
//! `-`, so that reader text means the same on both backends. (`plainto_tsquery` would
//! lose phrases; `to_tsquery` would read the reader's text as syntax.) Words the
//! configuration ignores (English stop words such as `the`) are dropped from the query;
//! a query of stop words alone matches nothing.
//!
//! `ts_headline` marks matches without adding `…` where it cuts a body, so the statement
//! adds them itself where the snippet is not the body's start or end. PostgreSQL's parser
//! takes text that looks like an HTML tag (an article that writes `<p>` as text) for
//! markup: it is not indexed, and snippets leave it out.

use super::Statements;
use gazette_domain::search::SearchQuery;

/// The query, as `q.query`, for the statements below.
macro_rules! query {
    () => {
        "(SELECT websearch_to_tsquery('gazette_search', $1) AS query) q"
    };
}

/// The public articles that match at `$2`, from `articles a` and the query `q`.
macro_rules! matching {
    () => {
        concat!(
            "FROM articles a, ",
            query!(),
            " WHERE a.status = 'published' AND a.search_vector @@ q.query AND a.published_at <= $2"
        )
    };
}

/// Options of `ts_headline` that put the markers `$5` and `$6` around matches.
macro_rules! markers {
    () => {
        "'StartSel=' || $5 || ', StopSel=' || $6"
    };
}

pub(super) const STATEMENTS: Statements = Statements {
    // The page is chosen first, so that headlines are made for its articles only.
    page: concat!(
        "WITH page AS (SELECT a.id, a.published_at, ts_rank(a.search_vector, q.query) AS score ",
        matching!(),
        " ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT $3 OFFSET $4) \
         SELECT a.id, a.slug, a.published_at, a.source_name, \
           (SELECT MIN(ac.category_id) FROM article_categories ac WHERE ac.article_id = a.id) AS first_category_id, \
           ts_headline('gazette_search', a.title, q.query, 'HighlightAll=true, ' || ",
        markers!(),
        ") AS marked_title, \
           ts_headline('gazette_search', a.excerpt, q.query, 'HighlightAll=true, ' || ",
        markers!(),
        ") AS marked_excerpt, \
           CASE WHEN starts_with(body.text, body.plain) THEN '' ELSE '…' END || body.snippet \
             || CASE WHEN right(body.text, length(body.plain)) = body.plain THEN '' ELSE '…' END AS body_snippet \
         FROM page JOIN articles a ON a.id = page.id CROSS JOIN ",
        query!(),
        " CROSS JOIN LATERAL (SELECT COALESCE(a.body_text, '') AS text, cut.snippet, \
             replace(replace(cut.snippet, $5, ''), $6, '') AS plain \
           FROM (SELECT ts_headline('gazette_search', COALESCE(a.body_text, ''), q.query, \
             'MaxFragments=1, MaxWords=' || $7 || ', MinWords=' || ($7 / 2) || ', ' || ",
        markers!(),
        ") AS snippet) cut) body \
         ORDER BY page.score DESC, page.published_at DESC, page.id DESC"
    ),
    count: concat!("SELECT COUNT(*) ", matching!()),
    newest_ids: concat!(
        "SELECT a.id ",
        matching!(),
        " ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
    ),
};

/// The text for `websearch_to_tsquery`: each term in double quotes, side by side.
pub(super) fn websearch_text(query: &SearchQuery) -> String {
    query
        .terms()
        .iter()
        .map(|term| format!("\"{}\"", term.replace('"', " ")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_one_quoted_phrase() {
        let query = SearchQuery::parse("council or -tax \"city budget\"");
        assert_eq!(
            websearch_text(&query),
            r#""council" "or" "-tax" "city budget""#
        );
    }
}
