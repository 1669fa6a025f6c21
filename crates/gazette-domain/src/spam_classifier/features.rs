//! The features the classifier counts: prefixed words, names, domains, hosts and a link
//! count, as the module above describes.

use super::ClassifierInput;
use crate::moderation::{count_links, host_of, link_hosts};
use crate::text::fold_for_comparison;
use std::collections::BTreeSet;

/// The most features one comment gives. A longer comment keeps the first ones it yields:
/// the link count, the email domain, the hosts, the name, then the words in reading order.
pub const MAX_FEATURES: usize = 200;

/// The shortest word counted, in characters.
const MIN_WORD_CHARACTERS: usize = 2;
/// The longest word counted, in characters; longer ones are mostly noise.
const MAX_WORD_CHARACTERS: usize = 30;

/// The features of a comment: unique, sorted, and at most [`MAX_FEATURES`].
pub fn features(input: &ClassifierInput<'_>) -> Vec<String> {
    let mut collected = Collected::default();

    let link_count = match count_links(input.text) {
        0 => "none",
        1 => "one",
        _ => "several",
    };
    collected.add("l:", link_count);

    if let Some((_, domain)) = input.email.rsplit_once('@') {
        collected.add("d:", domain.trim().to_lowercase());
    }

    for host in input
        .website
        .and_then(host_of)
        .into_iter()
        .chain(link_hosts(input.text))
    {
        collected.add("h:", host);
    }

    for word in words(input.author) {
        collected.add("n:", word);
    }
    for word in words(input.text) {
        collected.add("w:", word);
    }

    collected.features.into_iter().collect()
}

/// Features gathered so far, kept unique and sorted, up to the cap.
#[derive(Default)]
struct Collected {
    features: BTreeSet<String>,
}

impl Collected {
    /// Adds `prefix` + `value` unless the value is empty or the cap is reached.
    fn add(&mut self, prefix: &str, value: impl AsRef<str>) {
        let value = value.as_ref();
        if !value.is_empty() && self.features.len() < MAX_FEATURES {
            self.features.insert(format!("{prefix}{value}"));
        }
    }
}

/// The folded words of `text` worth counting: letters and digits between anything else,
/// of a sensible length, and not a bare number.
fn words(text: &str) -> Vec<String> {
    fold_for_comparison(text)
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| {
            let length = word.chars().count();
            (MIN_WORD_CHARACTERS..=MAX_WORD_CHARACTERS).contains(&length)
                && !word.chars().all(char::is_numeric)
        })
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_of_a_sample_comment() {
        let input = ClassifierInput {
            author: "Zoë Brown",
            email: "zoe@Mail.Example",
            website: Some("https://www.Zoe.example/about"),
            text: "Great café reviews at https://WWW.food.example/list — 10 of them, Zoë!",
        };
        assert_eq!(
            features(&input),
            [
                "d:mail.example",
                "h:food.example",
                "h:zoe.example",
                "l:one",
                "n:brown",
                "n:zoe",
                "w:at",
                "w:cafe",
                "w:example",
                "w:food",
                "w:great",
                "w:https",
                "w:list",
                "w:of",
                "w:reviews",
                "w:them",
                "w:www",
                "w:zoe",
            ]
        );
    }

    #[test]
    fn skips_numbers_and_words_of_odd_length() {
        let input = ClassifierInput {
            author: "X",
            email: "no-at-sign",
            website: None,
            text: "a 2024 is 12th supercalifragilisticexpialidocious1234",
        };
        assert_eq!(features(&input), ["l:none", "w:12th", "w:is"]);
    }

    #[test]
    fn counts_several_links_and_caps_the_features() {
        let words: Vec<String> = (0..MAX_FEATURES * 2)
            .map(|index| format!("word{index}"))
            .collect();
        let text = format!("http://a.example http://b.example {}", words.join(" "));
        let input = ClassifierInput {
            author: "Bot",
            email: "bot@spam.example",
            website: None,
            text: &text,
        };
        let found = features(&input);
        assert_eq!(found.len(), MAX_FEATURES);
        for kept in [
            "l:several",
            "d:spam.example",
            "h:a.example",
            "h:b.example",
            "n:bot",
        ] {
            assert!(found.iter().any(|feature| feature == kept), "{kept}");
        }
        assert!(found.is_sorted());
    }
}
