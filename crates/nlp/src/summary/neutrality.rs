//! How loaded a sentence is: the author's opinion and charged language, as
//! opposed to plain reporting.
//!
//! `loadedness` in [0, 1] (neutrality is `1 - loadedness`) is a saturating
//! function of a sentence's *opinion weight* per content word.
//!
//! **Words.** Three embedded lexicons vote, because each alone is wrong in
//! its own way: VADER rates events (`war`, `killed`) as strongly negative,
//! Hu & Liu list any word that can carry opinion, and Pattern covers only
//! adjectives but rates *subjectivity*, which is what an editor removes. A
//! word's charge combines them as independent evidence,
//! `1 - (1 - 0.7 s q) (1 - 0.35 o) (1 - 0.35 |v| / 4)`, with `s` Pattern's
//! mean subjectivity, `q = 0.4 + 0.6 min(1, 2 |polarity|)` (a subjective
//! word that takes no side, `necessary`, judges less), `o` 1 for a Hu & Liu opinion word and `v` VADER's
//! valence: `disastrous` and `important` (in all three) charge about 0.8,
//! `war` (VADER only) 0.25, `killed` (VADER and Hu & Liu) 0.5. Words news
//! uses to describe rather than judge (`only`, `new`, `agreement`) and
//! capitalised words inside a sentence (names) carry no charge.
//!
//! **Cues** designed for editorialising add a fixed weight each:
//! intensifiers (`extremely`), evaluative adverbs (`purposely`,
//! `supposedly`, `typically`), hedges and speculation (`could`, `likely`),
//! first-person author voice outside quotes (`we`, `our`), exclamation
//! marks, rhetorical questions, scare quotes (a quoted phrase of one to three
//! words), verbs that read a motive into events (`signalling`,
//! `indicates`), charged political nouns no lexicon lists (`chauvinism`),
//! concessive or participial openers (`While posturing as ...`,
//! `Signalling his own commitment to ...`), and framing phrases that present
//! the author's reading as fact (`the true purpose`, `in reality`,
//! `so-called`), which weigh double.
//!
//! **Attribution.** `X said ...` is reporting, not the author's opinion, so
//! an attributed sentence's weight is halved.
//!
//! `loadedness = 1 - exp(-weight / sqrt(content_words))`: one strongly
//! charged word in a ten-word sentence gives about 0.2, three give about 0.5.
//! The square root, rather than a plain mean, keeps one editorial frame from
//! being diluted by a long sentence around it.

use crate::document::Span;
use crate::tokenize::Token;
use std::collections::HashMap;

const VADER: &str = include_str!("../../assets/lexicons/vader/valence.tsv");
const PATTERN: &str = include_str!("../../assets/lexicons/pattern/subjectivity.tsv");
const LIU: &str = include_str!("../../assets/lexicons/liu/opinion-words.tsv");

const INTENSIFIERS: &[&str] = &[
    "very",
    "extremely",
    "utterly",
    "truly",
    "really",
    "deeply",
    "highly",
    "absolutely",
    "totally",
    "completely",
    "incredibly",
    "remarkably",
    "enormously",
    "hugely",
    "so",
    "most",
    "blatantly",
    "grossly",
];
const EVALUATIVE: &[&str] = &[
    "purposely",
    "supposedly",
    "allegedly",
    "clearly",
    "obviously",
    "routinely",
    "notoriously",
    "shamelessly",
    "cynically",
    "conveniently",
    "merely",
    "openly",
    "predictably",
    "ironically",
    "typically",
    "tacitly",
    "ostensibly",
    "purportedly",
    "deliberately",
    "naturally",
    "undoubtedly",
    "unfortunately",
    "thankfully",
    "sadly",
];
/// Hedges and predictions. Words that are mostly factual in news (`may` the
/// month, `as well as`, `only hours before`) are left out on purpose.
const SPECULATION: &[&str] = &[
    "could",
    "might",
    "perhaps",
    "likely",
    "unlikely",
    "probably",
    "possibly",
    "seemingly",
    "apparently",
    "inevitably",
    "surely",
];
/// Verbs with which an author reads a motive or meaning into events
/// (`Signalling his own commitment to ...`, `... indicates that the true
/// purpose ...`).
const INTERPRETIVE: &[&str] = &[
    "signalling",
    "signaling",
    "signalled",
    "signaled",
    "indicates",
    "indicating",
    "reveals",
    "revealing",
    "exposes",
    "exposing",
    "underscores",
    "underscoring",
    "betrays",
    "demonstrates",
    "demonstrating",
    "epitomises",
    "epitomizes",
];

/// Sentence openers of rhetorical framing: a concession set against the
/// author's point (`While posturing as left-wing, ...`).
const CONCESSIVE_OPENERS: &[&str] = &["while", "although", "though", "whereas", "despite", "far"];

/// Participles that open a sentence without reading a motive into it.
const PLAIN_PARTICIPLES: &[&str] = &[
    "during",
    "following",
    "according",
    "including",
    "regarding",
    "concerning",
    "excluding",
    "starting",
    "beginning",
    "pending",
    "notwithstanding",
    "speaking",
    "writing",
    "citing",
    "responding",
    "asked",
];

/// Charged nouns and verbs of political commentary that none of the
/// lexicons lists, or lists too weakly for what they do in news.
const CHARGED: &[&str] = &[
    "chauvinism",
    "chauvinist",
    "posturing",
    "propaganda",
    "jingoism",
    "jingoistic",
    "warmongering",
    "warmonger",
    "hypocrisy",
    "hypocritical",
    "militarism",
    "imperialism",
    "imperialist",
    "regime",
    "agenda",
    "scheme",
    "ploy",
    "stunt",
    "charade",
    "sham",
    "farce",
    "lackey",
    "puppet",
    "mouthpiece",
    "demagogue",
    "demagoguery",
    "obscured",
    "whitewash",
    "smear",
];

/// Phrases that present the author's reading as fact.
const FRAMING: &[&[&str]] = &[
    &["true", "purpose"],
    &["real", "purpose"],
    &["true", "aim"],
    &["real", "aim"],
    &["real", "reason"],
    &["true", "nature"],
    &["in", "reality"],
    &["so-called"],
    &["of", "course"],
    &["needless", "to", "say"],
    &["make", "no", "mistake"],
    &["no", "doubt"],
    &["behind", "the", "backs"],
    &["it", "is", "clear"],
    &["the", "fact", "that"],
    &["in", "truth"],
    &["the", "purpose", "of"],
    &["the", "aim", "of"],
    // The author's own account of causes: `is a result of`, `stems from`.
    &["is", "a", "result", "of"],
    &["is", "the", "result", "of"],
    &["stems", "from"],
    &["is", "rooted", "in"],
    &["is", "driven", "by"],
    &["is", "the", "product", "of"],
];
const FIRST_PERSON: &[&str] = &["i", "we", "our", "us", "my", "ours"];
pub(super) const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "told",
    "stated",
    "announced",
    "according",
    "reported",
    "added",
    "noted",
    "claimed",
];
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "at", "by", "from", "as", "is", "was", "are",
    "were", "be", "been", "that", "this", "it", "its", "has", "had", "have",
];

/// Words the lexicons rate as subjective or positive that news uses to
/// describe, not to judge (quantifiers, order, time, size, nouns such as
/// `agreement` that VADER rates for their sentiment in reviews, and the
/// names of procedures: a `complaint` filed at the WTO is a filing, not a
/// grumble).
const DESCRIPTIVE: &[&str] = &[
    "only",
    "other",
    "same",
    "own",
    "such",
    "last",
    "first",
    "next",
    "few",
    "many",
    "much",
    "more",
    "most",
    "several",
    "certain",
    "whole",
    "entire",
    "full",
    "main",
    "new",
    "former",
    "latter",
    "previous",
    "recent",
    "current",
    "early",
    "late",
    "long",
    "general",
    "key",
    "high",
    "low",
    "large",
    "small",
    "major",
    "agreement",
    "agreed",
    "security",
    "intelligence",
    "sharing",
    "share",
    "support",
    "supported",
    "help",
    "interest",
    "interests",
    "please",
    "like",
    "well",
    "yes",
    "no",
    "related",
    "complaint",
    "complaints",
    "charges",
    "appeal",
];

const CUE_WEIGHT: f32 = 0.5;
const ATTRIBUTION_FACTOR: f32 = 0.5;

/// Scores loadedness with the embedded lexicons (English).
#[derive(Debug)]
pub struct NeutralityScorer {
    /// Each lexicon word's charge in [0, 1] (see the module docs).
    charge: HashMap<&'static str, f32>,
}

impl Default for NeutralityScorer {
    fn default() -> Self {
        Self::new()
    }
}

/// `(word, second field, third field)` of each tab-separated line (the
/// third is empty when missing).
fn entries(tsv: &'static str) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    tsv.lines().filter_map(|line| {
        let mut fields = line.split('\t');
        Some((
            fields.next()?,
            fields.next()?.trim(),
            fields.next().unwrap_or("").trim(),
        ))
    })
}

impl NeutralityScorer {
    pub fn new() -> Self {
        // Each lexicon contributes `1 - evidence`; the charge is one minus
        // their product.
        let mut rest: HashMap<&'static str, f32> = HashMap::new();
        let mut add = |word: &'static str, evidence: f32| {
            *rest.entry(word).or_insert(1.0) *= 1.0 - evidence.clamp(0.0, 1.0);
        };
        for (word, value, _) in entries(VADER) {
            if let Ok(v) = value.parse::<f32>() {
                add(word, 0.35 * v.abs() / 4.0);
            }
        }
        for (word, subjectivity, polarity) in entries(PATTERN) {
            if let (Ok(s), Ok(p)) = (subjectivity.parse::<f32>(), polarity.parse::<f32>()) {
                // A subjective word with no polarity (`necessary`) judges
                // less than one that takes sides (`disastrous`).
                add(word, 0.7 * s * (0.4 + 0.6 * (2.0 * p.abs()).min(1.0)));
            }
        }
        for (word, _, _) in entries(LIU) {
            add(word, 0.35);
        }
        let charge = rest
            .into_iter()
            .filter(|(w, _)| !DESCRIPTIVE.contains(w))
            .map(|(w, r)| (w, 1.0 - r))
            .filter(|(_, c)| *c > 0.0)
            .collect();
        NeutralityScorer { charge }
    }

    /// The lexicons' charge of a lowercase word, 0 when none lists it.
    pub fn word_charge(&self, lower: &str) -> f32 {
        self.charge.get(lower).copied().unwrap_or(0.0)
    }

    /// Loadedness in [0, 1] of the sentence at `span` with its `tokens`.
    pub fn loadedness(&self, text: &str, span: Span, tokens: &[Token]) -> f32 {
        let sentence = span.slice(text);
        let mut weight = 0.0f32;
        let mut content_words = 0usize;
        let mut attributed = false;
        let mut in_quote = false;
        let mut quote_words = 0usize;
        let mut words: Vec<String> = Vec::with_capacity(tokens.len());
        let mut words_seen = 0usize;
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
            if in_quote {
                quote_words += 1;
            }
            if !STOPWORDS.contains(&lower.as_str()) {
                content_words += 1;
            }
            if ATTRIBUTION.contains(&lower.as_str()) {
                attributed = true;
            }
            // A capitalised word after the first is part of a name
            // (`General Security of Military Information Agreement`).
            let name = words_seen > 0 && word.chars().next().is_some_and(char::is_uppercase);
            words_seen += 1;
            if !name {
                weight += self.word_charge(&lower);
            }
            if [INTENSIFIERS, EVALUATIVE, SPECULATION, INTERPRETIVE, CHARGED]
                .iter()
                .any(|list| list.contains(&lower.as_str()))
            {
                weight += CUE_WEIGHT;
            }
            if !in_quote && FIRST_PERSON.contains(&lower.as_str()) {
                weight += CUE_WEIGHT;
            }
            words.push(lower);
        }
        if let Some(first) = words.first() {
            let participle_clause = first.ends_with("ing")
                && first.len() > 5
                && !PLAIN_PARTICIPLES.contains(&first.as_str())
                && sentence.contains(',');
            if CONCESSIVE_OPENERS.contains(&first.as_str()) || participle_clause {
                weight += CUE_WEIGHT;
            }
        }
        for phrase in FRAMING {
            let found = words
                .windows(phrase.len())
                .filter(|w| w.iter().zip(phrase.iter()).all(|(a, b)| a == b))
                .count();
            weight += 2.0 * CUE_WEIGHT * found as f32;
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
        1.0 - (-weight / (content_words as f32).sqrt()).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

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

    #[test]
    fn lexicons_agree_more_on_opinion_than_on_events() {
        let scorer = NeutralityScorer::new();
        let (disastrous, important, war) = (
            scorer.word_charge("disastrous"),
            scorer.word_charge("important"),
            scorer.word_charge("war"),
        );
        assert!((0.75..0.9).contains(&disastrous), "disastrous {disastrous}");
        assert!((0.75..0.9).contains(&important), "important {important}");
        assert!((0.2..0.3).contains(&war), "war {war}");
        assert_eq!(scorer.word_charge("only"), 0.0, "descriptive, not evaluative");
        assert_eq!(scorer.word_charge("thursday"), 0.0);
    }

    #[test]
    fn framing_the_author_reading_as_fact_is_loaded() {
        let framed =
            score("The true purpose of these military alliances is the preparation for a conflict with China.");
        let plain = score("The agreement allows the transfer of military information between the two countries.");
        assert!(framed > plain + 0.15, "framed {framed} vs plain {plain}");
    }
}
