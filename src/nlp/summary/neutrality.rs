//! How loaded a sentence is: the author's opinion and charged language, as
//! opposed to plain reporting.
//!
//! `loadedness` in [0, 1] (neutrality is `1 - loadedness`) is a saturating
//! function of a sentence's *opinion weight* per content word:
//! - each word in the VADER lexicon adds `|valence| / 4` (so `posturing`-like
//!   words and strong sentiment count most);
//! - editorialising cues add a fixed weight: intensifiers (`extremely`),
//!   evaluative adverbs (`purposely`, `supposedly`), hedges and speculation
//!   (`could`, `likely`), first-person author voice (`we`, `our`),
//!   exclamation marks, rhetorical questions and scare quotes (a quoted
//!   phrase of one to three words);
//! - attributed statements (`said`, `told`, `according to`) are reporting,
//!   so their weight is halved.
//!
//! `loadedness = 1 - exp(-3 * weight / content_words)`: one strongly charged
//! word in a ten-word sentence gives about 0.25, three give about 0.6.

use crate::nlp::document::Span;
use crate::nlp::tokenize::Token;
use std::collections::HashMap;

const VADER: &str = include_str!("../../../assets/lexicons/vader/valence.tsv");

const INTENSIFIERS: &[&str] = &[
    "very", "extremely", "utterly", "truly", "really", "deeply", "highly", "absolutely", "totally", "completely",
    "incredibly", "remarkably", "enormously", "hugely", "so", "most", "blatantly", "grossly",
];
const EVALUATIVE: &[&str] = &[
    "purposely", "supposedly", "allegedly", "clearly", "obviously", "routinely", "notoriously", "shamelessly",
    "cynically", "conveniently", "merely", "openly", "predictably", "ironically",
];
/// Hedges and predictions. Words that are mostly factual in news (`may` the
/// month, `as well as`, `only hours before`) are left out on purpose.
const SPECULATION: &[&str] = &[
    "could", "might", "perhaps", "likely", "unlikely", "probably", "possibly", "seemingly", "apparently",
    "inevitably", "surely",
];
const FIRST_PERSON: &[&str] = &["i", "we", "our", "us", "my", "ours"];
const ATTRIBUTION: &[&str] = &[
    "said", "says", "told", "stated", "announced", "according", "reported", "added", "noted", "claimed",
];
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "at", "by", "from", "as", "is", "was", "are",
    "were", "be", "been", "that", "this", "it", "its", "has", "had", "have",
];

const CUE_WEIGHT: f32 = 0.5;
const ATTRIBUTION_FACTOR: f32 = 0.5;

/// Scores loadedness with the embedded lexicon (English).
#[derive(Debug)]
pub struct NeutralityScorer {
    valence: HashMap<&'static str, f32>,
}

impl Default for NeutralityScorer {
    fn default() -> Self {
        Self::new()
    }
}

impl NeutralityScorer {
    pub fn new() -> Self {
        let valence = VADER
            .lines()
            .filter_map(|line| {
                let (word, value) = line.split_once('\t')?;
                Some((word, value.trim().parse::<f32>().ok()?))
            })
            .collect();
        NeutralityScorer { valence }
    }

    /// Loadedness in [0, 1] of the sentence at `span` with its `tokens`.
    pub fn loadedness(&self, text: &str, span: Span, tokens: &[Token]) -> f32 {
        let sentence = span.slice(text);
        let mut weight = 0.0f32;
        let mut content_words = 0usize;
        let mut attributed = false;
        let mut in_quote = false;
        let mut quote_words = 0usize;
        for token in tokens {
            let word = token.text(text);
            if matches!(word, "\"" | "“" | "”") {
                if in_quote && (1..=3).contains(&quote_words) {
                    weight += CUE_WEIGHT; // scare quotes
                }
                in_quote = !in_quote;
                quote_words = 0;
                continue;
            }
            if !word.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            let lower = word.to_lowercase();
            let lower = lower.as_str();
            if in_quote {
                quote_words += 1;
            }
            if !STOPWORDS.contains(&lower) {
                content_words += 1;
            }
            if ATTRIBUTION.contains(&lower) {
                attributed = true;
            }
            if let Some(v) = self.valence.get(lower) {
                weight += (v.abs() / 4.0).min(1.0);
            }
            if INTENSIFIERS.contains(&lower) || EVALUATIVE.contains(&lower) || SPECULATION.contains(&lower) {
                weight += CUE_WEIGHT;
            }
            if !in_quote && FIRST_PERSON.contains(&lower) {
                weight += CUE_WEIGHT;
            }
        }
        let trimmed = sentence.trim_end_matches(['"', '”', '\'', ')', ' ']);
        if trimmed.ends_with('?') || trimmed.ends_with('!') {
            weight += CUE_WEIGHT;
        }
        if attributed {
            weight *= ATTRIBUTION_FACTOR;
        }
        if content_words == 0 {
            return 0.0;
        }
        1.0 - (-3.0 * weight / content_words as f32).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::tokenize::tokenize;

    fn score(text: &str) -> f32 {
        let span = Span::new(0, text.len());
        NeutralityScorer::new().loadedness(text, span, &tokenize(text, span))
    }

    #[test]
    fn plain_reporting_is_less_loaded_than_editorial_speculation() {
        let plain = score("Seoul extended the agreement with Tokyo on Friday, hours before it was due to lapse.");
        let editorial = score("The tensions underlying it could well erupt into a truly disastrous war, as we warned.");
        assert!(plain < 0.3, "plain {plain}");
        assert!(editorial > plain + 0.3, "editorial {editorial} vs plain {plain}");
    }
}
