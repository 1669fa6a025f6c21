//! Search on SQLite: the FTS5 table `article_search`, ranked by bm25.
//!
//! The reader's terms become an FTS5 query in which each term is one string in double
//! quotes (a `"` inside doubled, though the domain leaves none): inside quotes FTS5 reads
//! no operator, column filter, prefix or grouping, only the words its tokenizer finds,
//! which it matches in a row. The strings side by side must all match.
//!
//! Every statement reads the index first and looks each match's article up by its id:
//! `CROSS JOIN` is how SQLite is told the order of a join. Left to choose, its planner
//! walked the public articles by their publication index and ran the full-text query
//! once for each of them: on a site of 10,000 articles a search took one to fourteen
//! seconds instead of milliseconds, even one that matched nothing.

use super::Statements;
use gazette_domain::search::SearchQuery;

/// How much a match weighs in the title, the excerpt and the body, for bm25.
macro_rules! weights {
    () => {
        "10.0, 4.0, 1.0"
    };
}

/// The public articles that match `$1` at `$2`, in `article_search s` joined to
/// `articles a`, the index read first.
macro_rules! matching {
    () => {
        "FROM article_search s CROSS JOIN articles a ON a.id = s.rowid \
         WHERE article_search MATCH $1 AND a.status = 'published' AND a.published_at <= $2"
    };
}

pub(super) const STATEMENTS: Statements = Statements {
    // The page is chosen first, so that snippets are made for its articles only.
    page: concat!(
        "WITH page AS (SELECT a.id, a.published_at, bm25(article_search, ",
        weights!(),
        ") AS score ",
        matching!(),
        " ORDER BY score, a.published_at DESC, a.id DESC LIMIT $3 OFFSET $4) \
         SELECT a.id, a.slug, a.published_at, a.source_name, \
           (SELECT MIN(ac.category_id) FROM article_categories ac WHERE ac.article_id = a.id) AS first_category_id, \
           highlight(article_search, 0, $5, $6) AS marked_title, \
           highlight(article_search, 1, $5, $6) AS marked_excerpt, \
           snippet(article_search, 2, $5, $6, '…', $7) AS body_snippet \
         FROM page CROSS JOIN article_search ON article_search.rowid = page.id \
         CROSS JOIN articles a ON a.id = page.id \
         WHERE article_search MATCH $1 \
         ORDER BY page.score, page.published_at DESC, page.id DESC"
    ),
    count: concat!("SELECT COUNT(*) ", matching!()),
    newest_ids: concat!(
        "SELECT a.id ",
        matching!(),
        " ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
    ),
};

/// The FTS5 query for `query`: each term quoted, side by side.
pub(super) fn match_expression(query: &SearchQuery) -> String {
    query
        .terms()
        .iter()
        .map(|term| format!("\"{}\"", term.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query_plans::PlanSite;

    #[tokio::test]
    async fn every_statement_reads_the_index_first_and_finds_articles_by_id() {
        let site = PlanSite::new("search").await;
        for (name, sql) in [
            ("page", STATEMENTS.page),
            ("count", STATEMENTS.count),
            ("newest_ids", STATEMENTS.newest_ids),
        ] {
            let plan = site.plan(sql).await;
            let reads: Vec<&String> = plan
                .iter()
                .filter(|step| step.starts_with("SCAN ") || step.starts_with("SEARCH "))
                .collect();
            assert!(
                reads
                    .first()
                    .is_some_and(|step| step.contains("VIRTUAL TABLE")),
                "{name}: the search index must be read first: {plan:?}"
            );
            assert!(
                reads
                    .iter()
                    .filter(|step| step.starts_with("SCAN a ") || step.starts_with("SEARCH a "))
                    .all(|step| *step == "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)"),
                "{name}: each matching article must be found by its id: {plan:?}"
            );
        }
        site.remove().await;
    }

    #[test]
    fn every_term_is_one_quoted_string() {
        let query = SearchQuery::parse("council NEAR( \"city budget\" a*b col:x -tax");
        assert_eq!(
            match_expression(&query),
            r#""council" "NEAR(" "city budget" "a*b" "col:x" "-tax""#
        );
    }
}
