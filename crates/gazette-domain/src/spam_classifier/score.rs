//! The spam score: Robinson's estimate for each feature, combined with Fisher's method, as
//! the module above describes.

/// In how many trained messages of each class a feature appeared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenCounts {
    /// Spam messages that contained it.
    pub spam: u64,
    /// Ham (good) messages that contained it.
    pub ham: u64,
}

/// How many messages of each class the classifier was trained on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CorpusTotals {
    /// Spam messages trained.
    pub spam_messages: u64,
    /// Ham (good) messages trained.
    pub ham_messages: u64,
}

/// How strongly an unseen feature is assumed to be neutral, in messages.
const PRIOR_STRENGTH: f64 = 1.0;
/// The probability assumed for a feature never seen.
const PRIOR_PROBABILITY: f64 = 0.5;
/// Features closer than this to 0.5 are left out of the combination.
const MINIMUM_DISTANCE: f64 = 0.1;
/// The most features combined: those furthest from 0.5.
const MAX_DECISIVE_FEATURES: usize = 20;
/// Per-feature probabilities are kept this far from 0 and 1, so that no logarithm is
/// infinite however lopsided the counts.
const PROBABILITY_MARGIN: f64 = 1e-6;

/// The probability, from `0.0` (ham) to `1.0` (spam), that a message with features of these
/// `counts` is spam; `None` when nothing has been trained yet. Features never seen count as
/// neutral, so a message of unknown features scores `0.5`.
pub fn spam_probability(totals: CorpusTotals, counts: &[TokenCounts]) -> Option<f64> {
    if totals.spam_messages == 0 && totals.ham_messages == 0 {
        return None;
    }
    let mut decisive: Vec<f64> = counts
        .iter()
        .map(|token| feature_probability(totals, *token))
        .filter(|probability| distance_from_neutral(*probability) >= MINIMUM_DISTANCE)
        .collect();
    if decisive.is_empty() {
        return Some(PRIOR_PROBABILITY);
    }
    decisive.sort_by(|first, second| {
        distance_from_neutral(*second).total_cmp(&distance_from_neutral(*first))
    });
    decisive.truncate(MAX_DECISIVE_FEATURES);
    Some(fisher_combination(&decisive))
}

/// Robinson's estimate that a message containing this feature is spam.
fn feature_probability(totals: CorpusTotals, counts: TokenCounts) -> f64 {
    if counts.spam == 0 && counts.ham == 0 {
        return PRIOR_PROBABILITY;
    }
    let spam_frequency = frequency(counts.spam, totals.spam_messages);
    let ham_frequency = frequency(counts.ham, totals.ham_messages);
    // At least one count is positive, so at least one frequency is, and the sum is too.
    let spam_share = spam_frequency / (spam_frequency + ham_frequency);
    let sightings = as_float(counts.spam) + as_float(counts.ham);
    let estimate = (PRIOR_STRENGTH * PRIOR_PROBABILITY + sightings * spam_share)
        / (PRIOR_STRENGTH + sightings);
    estimate.clamp(PROBABILITY_MARGIN, 1.0 - PROBABILITY_MARGIN)
}

/// The share of a class's messages that contained the feature. An empty class is taken as
/// one message, and counts above the total (from a store out of step) as all of them.
fn frequency(count: u64, total: u64) -> f64 {
    (as_float(count) / as_float(total.max(1))).min(1.0)
}

/// How far a probability leans either way.
fn distance_from_neutral(probability: f64) -> f64 {
    (probability - PRIOR_PROBABILITY).abs()
}

/// Fisher's combination of per-feature probabilities, each strictly between 0 and 1.
fn fisher_combination(probabilities: &[f64]) -> f64 {
    let pairs = probabilities.len();
    let spam_evidence: f64 = probabilities
        .iter()
        .map(|probability| (1.0 - probability).ln())
        .sum();
    let ham_evidence: f64 = probabilities
        .iter()
        .map(|probability| probability.ln())
        .sum();
    let spamminess = 1.0 - chi_square_upper_tail(-2.0 * spam_evidence, pairs);
    let hamminess = 1.0 - chi_square_upper_tail(-2.0 * ham_evidence, pairs);
    ((1.0 + spamminess - hamminess) / 2.0).clamp(0.0, 1.0)
}

/// The probability that a chi-square variable with `2 · pairs` degrees of freedom is at
/// least `value`. For an even number of degrees of freedom the tail is the finite series
/// `e^(−m) · Σ mⁱ / i!` for `i` below `pairs`, with `m = value / 2`.
fn chi_square_upper_tail(value: f64, pairs: usize) -> f64 {
    let half = value / 2.0;
    let mut term = (-half).exp();
    let mut sum = term;
    let mut divisor = 1.0;
    for _ in 1..pairs {
        term *= half / divisor;
        sum += term;
        divisor += 1.0;
    }
    sum.min(1.0)
}

/// A count as a float for the arithmetic of probabilities.
#[expect(
    clippy::cast_precision_loss,
    reason = "counts beyond 2^53 messages lose only digits that cannot change a probability"
)]
fn as_float(count: u64) -> f64 {
    count as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRAINED: CorpusTotals = CorpusTotals {
        spam_messages: 100,
        ham_messages: 100,
    };

    #[test]
    fn nothing_trained_gives_no_score() {
        assert_eq!(spam_probability(CorpusTotals::default(), &[]), None);
        let counts = [TokenCounts { spam: 5, ham: 0 }];
        assert_eq!(spam_probability(CorpusTotals::default(), &counts), None);
    }

    #[test]
    fn unknown_or_absent_features_are_neutral() {
        assert_eq!(spam_probability(TRAINED, &[]), Some(0.5));
        let unknown = [TokenCounts::default(); 10];
        assert_eq!(spam_probability(TRAINED, &unknown), Some(0.5));
        let torn = [TokenCounts { spam: 30, ham: 30 }];
        assert_eq!(spam_probability(TRAINED, &torn), Some(0.5));
    }

    #[test]
    fn a_single_sighting_stays_near_neutral() {
        let once = feature_probability(TRAINED, TokenCounts { spam: 1, ham: 0 });
        assert!((once - 0.75).abs() < 1e-9, "{once}");
        let often = feature_probability(TRAINED, TokenCounts { spam: 50, ham: 0 });
        assert!(often > 0.98, "{often}");
    }

    #[test]
    fn frequencies_are_normalised_by_class_size() {
        let lopsided = CorpusTotals {
            spam_messages: 1000,
            ham_messages: 10,
        };
        // Seen in 1% of spam and in 50% of ham: a ham sign, despite more spam sightings.
        let probability = feature_probability(lopsided, TokenCounts { spam: 10, ham: 5 });
        assert!(probability < 0.1, "{probability}");
    }

    #[test]
    fn the_chi_square_tail_matches_known_values() {
        // Two degrees of freedom: the tail is e^(-x/2).
        assert!((chi_square_upper_tail(2.0, 1) - (-1.0_f64).exp()).abs() < 1e-12);
        // Four degrees of freedom at 9.488: the 5% critical value.
        assert!((chi_square_upper_tail(9.4877, 2) - 0.05).abs() < 1e-4);
        assert!((chi_square_upper_tail(0.0, 20) - 1.0).abs() < 1e-12);
        assert!(chi_square_upper_tail(1e6, 20) < 1e-12);
    }

    #[test]
    fn scores_stay_finite_and_in_range_with_extreme_counts() {
        let extremes = [
            (
                CorpusTotals {
                    spam_messages: u64::MAX,
                    ham_messages: u64::MAX,
                },
                TokenCounts {
                    spam: u64::MAX,
                    ham: 0,
                },
            ),
            (
                CorpusTotals {
                    spam_messages: u64::MAX,
                    ham_messages: 1,
                },
                TokenCounts {
                    spam: 0,
                    ham: u64::MAX,
                },
            ),
            (
                CorpusTotals {
                    spam_messages: 1,
                    ham_messages: 0,
                },
                TokenCounts {
                    spam: u64::MAX,
                    ham: u64::MAX,
                },
            ),
            (
                CorpusTotals {
                    spam_messages: 0,
                    ham_messages: 1,
                },
                TokenCounts { spam: 7, ham: 0 },
            ),
        ];
        for (totals, token) in extremes {
            for repeat in [1, 5, 50] {
                let counts = vec![token; repeat];
                let score = spam_probability(totals, &counts).unwrap();
                assert!(
                    score.is_finite() && (0.0..=1.0).contains(&score),
                    "{score} for {totals:?} {token:?}"
                );
            }
        }
        let mixed = [
            TokenCounts {
                spam: u64::MAX,
                ham: 0,
            },
            TokenCounts {
                spam: 0,
                ham: u64::MAX,
            },
        ];
        let totals = CorpusTotals {
            spam_messages: u64::MAX,
            ham_messages: u64::MAX,
        };
        let score = spam_probability(totals, &mixed).unwrap();
        assert!((score - 0.5).abs() < 1e-9, "{score}");
    }
}
