//! Training the classifier on a handful of messages and scoring new ones.

use super::*;
use std::collections::HashMap;

/// Counts as the store would keep them after training on these messages.
struct Trained {
    totals: CorpusTotals,
    counts: HashMap<String, TokenCounts>,
}

impl Trained {
    fn new(spam: &[ClassifierInput<'_>], ham: &[ClassifierInput<'_>]) -> Self {
        let mut counts: HashMap<String, TokenCounts> = HashMap::new();
        for message in spam {
            for feature in features(message) {
                counts.entry(feature).or_default().spam += 1;
            }
        }
        for message in ham {
            for feature in features(message) {
                counts.entry(feature).or_default().ham += 1;
            }
        }
        let totals = CorpusTotals {
            spam_messages: u64::try_from(spam.len()).unwrap(),
            ham_messages: u64::try_from(ham.len()).unwrap(),
        };
        Self { totals, counts }
    }

    fn score(&self, message: &ClassifierInput<'_>) -> f64 {
        let counts: Vec<TokenCounts> = features(message)
            .iter()
            .map(|feature| self.counts.get(feature).copied().unwrap_or_default())
            .collect();
        spam_probability(self.totals, &counts).unwrap()
    }
}

fn message<'a>(author: &'a str, email: &'a str, text: &'a str) -> ClassifierInput<'a> {
    ClassifierInput {
        author,
        email,
        website: None,
        text,
    }
}

fn trained() -> Trained {
    let spam = [
        message(
            "Cheap Pills",
            "sales@pills.example",
            "Buy cheap pills online without prescription at https://pills.example/shop best prices",
        ),
        message(
            "Casino Bonus",
            "win@casino.example",
            "Best online casino bonus, free spins today https://pills.example/casino and www.pills.example/win",
        ),
        message(
            "Pharmacy",
            "offers@pills.example",
            "Cheap viagra and pills, discount pharmacy online https://pills.example/buy",
        ),
        message(
            "Lucky Win",
            "lucky@casino.example",
            "Win big at the online casino, free bonus for new players https://pills.example/spin",
        ),
        message(
            "Best Deals",
            "deals@pills.example",
            "Best prices online: cheap pills, casino bonus, free shipping https://pills.example/deal https://pills.example/more",
        ),
    ];
    let ham = [
        message(
            "Ada Lovelace",
            "ada@example.org",
            "The council meeting about the new bus route was well attended, and residents asked good questions.",
        ),
        message(
            "Tom Baker",
            "tom@mail.example",
            "I live near the school and the roadworks have made mornings difficult for the children.",
        ),
        message(
            "Mary Jones",
            "mary@example.org",
            "Thanks for covering the library closure. The council should reconsider before the budget vote.",
        ),
        message(
            "Sam Patel",
            "sam@mail.example",
            "The market on Saturday was busy; local traders deserve more of this kind of coverage.",
        ),
        message(
            "Lee Wong",
            "lee@example.org",
            "Residents on our street were never consulted about the bus route change near the school.",
        ),
    ];
    Trained::new(&spam, &ham)
}

#[test]
fn spam_like_messages_score_high() {
    let classifier = trained();
    let new_spam = message(
        "Cheap Casino",
        "promo@casino.example",
        "Free casino bonus and cheap pills online https://pills.example/new",
    );
    let score = classifier.score(&new_spam);
    assert!(score > 0.9, "{score}");
}

#[test]
fn ham_like_messages_score_low() {
    let classifier = trained();
    let new_ham = message(
        "Ruth Ellis",
        "ruth@example.org",
        "The council should explain the bus route change to residents near the school.",
    );
    let score = classifier.score(&new_ham);
    assert!(score < 0.5, "{score}");
}

#[test]
fn words_never_seen_do_not_move_the_score() {
    let classifier = trained();
    let plain = message("Ruth Ellis", "ruth@example.org", "The bus route change.");
    let padded = message(
        "Ruth Ellis",
        "ruth@example.org",
        "The bus route change. Quantum xylophones zigzag whimsically.",
    );
    let difference = classifier.score(&plain) - classifier.score(&padded);
    assert!(difference.abs() < 1e-12, "{difference}");
}
