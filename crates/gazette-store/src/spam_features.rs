//! What the spam classifier has learnt: for each feature, in how many spam and ham comments
//! it was seen, and how many of each there were. The scoring itself is domain code.

use crate::StoreResult;
use crate::backend::{Db, Tx};
use gazette_domain::Lesson;
use std::collections::HashMap;

/// Spam and ham sightings of one feature, or of whole messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpamCounts {
    /// In spam.
    pub spam: u64,
    /// In ham.
    pub ham: u64,
}

const TOTALS: &str = "SELECT spam_messages, ham_messages FROM spam_corpus WHERE id = 1";
const ADJUST_TOTALS: &str = "UPDATE spam_corpus SET spam_messages = CASE WHEN spam_messages + $1 < 0 THEN 0 ELSE spam_messages + $1 END, \
     ham_messages = CASE WHEN ham_messages + $2 < 0 THEN 0 ELSE ham_messages + $2 END WHERE id = 1";

fn to_count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl Db {
    /// How many spam and ham comments the classifier has learnt from.
    pub async fn spam_corpus_totals(&self) -> StoreResult<SpamCounts> {
        let (spam, ham): (i64, i64) =
            read!(self, conn => sqlx::query_as(TOTALS).fetch_one(conn).await)?;
        Ok(SpamCounts {
            spam: to_count(spam),
            ham: to_count(ham),
        })
    }

    /// The counts of those of `features` that were ever seen.
    pub async fn spam_feature_counts(
        &self,
        features: &[String],
    ) -> StoreResult<HashMap<String, SpamCounts>> {
        if features.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(String, i64, i64)> = read!(self, conn => {
            let mut query = sqlx::QueryBuilder::new("SELECT feature, spam, ham FROM spam_features WHERE feature IN (");
            let mut list = query.separated(", ");
            for feature in features {
                list.push_bind(feature.as_str());
            }
            query.push(")");
            query.build_query_as().fetch_all(conn).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(feature, spam, ham)| {
                (
                    feature,
                    SpamCounts {
                        spam: to_count(spam),
                        ham: to_count(ham),
                    },
                )
            })
            .collect())
    }
}

impl Tx {
    /// Adds (`sign` 1) or takes back (`sign` -1) one message of class `lesson` with
    /// `features`.
    pub async fn adjust_spam_features(
        &mut self,
        features: &[String],
        lesson: Lesson,
        sign: i64,
    ) -> StoreResult<()> {
        let (spam, ham) = match lesson {
            Lesson::Spam => (sign, 0),
            Lesson::Ham => (0, sign),
        };
        write!(self, conn => sqlx::query(ADJUST_TOTALS).bind(spam).bind(ham).execute(conn).await.map(|_| ()))?;
        for chunk in features.chunks(200) {
            write!(self, conn => {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO spam_features (feature, spam, ham) ");
                query.push_values(chunk, |mut row, feature| {
                    row.push_bind(feature.as_str()).push_bind(spam.max(0)).push_bind(ham.max(0));
                });
                query.push(" ON CONFLICT (feature) DO UPDATE SET spam = CASE WHEN spam_features.spam + ");
                query.push_bind(spam);
                query.push(" < 0 THEN 0 ELSE spam_features.spam + ");
                query.push_bind(spam);
                query.push(" END, ham = CASE WHEN spam_features.ham + ");
                query.push_bind(ham);
                query.push(" < 0 THEN 0 ELSE spam_features.ham + ");
                query.push_bind(ham);
                query.push(" END");
                query.build().execute(conn).await.map(|_| ())
            })?;
        }
        Ok(())
    }
}
