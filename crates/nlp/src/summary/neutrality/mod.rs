//! How loaded a sentence is: the author's opinion and charged language, as
//! opposed to plain reporting.
//!
//! `loadedness` in [0, 1] (neutrality is `1 - loadedness`) is a saturating
//! function of a sentence's *opinion weight* per content word.
//!
//! **Languages.** English, German, French, Dutch, Italian and Spanish, each
//! with its own lexicons ([`lexicon`]) and cue lists (`en.rs`, `de.rs`,
//! `fr.rs`, `nl.rs`, `it.rs`, `es.rs`), scored by the one rule below; [`NeutralityScorers`] is the
//! table by language.
//!
//! **Words (English).** Three embedded lexicons vote, because each alone is wrong in
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
//! capitalised words inside a sentence (names) carry no charge (except in
//! German, which capitalises every noun). French and Dutch have Pattern's
//! adjective lexicons, German the German Polarity Lexicon, Italian and
//! Spanish Pattern's French and English adjectives projected onto them; how
//! each becomes a charge is in [`lexicon`].
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
use crate::ner::hash::StrMap;
use crate::tokenize::{push_lowercase, Token};
use whatlang::Lang;

mod de;
mod en;
mod es;
mod fr;
mod it;
pub mod lexicon;
mod nl;

pub(crate) use en::ATTRIBUTION;
pub use lexicon::Share;

/// One language's editorial cues: word lists the scorer reads. Each list
/// holds lowercase words; `framing` holds lowercase word sequences.
pub(crate) struct Cues {
    pub intensifiers: &'static [&'static str],
    /// Adverbs by which the author judges (`supposedly`, `unfortunately`).
    pub evaluative: &'static [&'static str],
    /// Hedges and predictions.
    pub speculation: &'static [&'static str],
    /// Verbs that read a motive into events (`signalling`, `reveals`).
    pub interpretive: &'static [&'static str],
    /// Charged words of political commentary that the lexicons miss.
    pub charged: &'static [&'static str],
    /// Phrases that present the author's reading as fact (weigh double).
    pub framing: &'static [&'static [&'static str]],
    /// The author's own voice, outside quotations.
    pub first_person: &'static [&'static str],
    /// Verbs and prepositions of reported speech: an attributed sentence's
    /// weight is halved.
    pub attribution: &'static [&'static str],
    /// Function words: not content words, and never charged.
    pub stopwords: &'static [&'static str],
    /// Words the lexicons charge that news uses to describe, not to judge.
    pub descriptive: &'static [&'static str],
    /// First words of a concession set against the author's point.
    pub concessive_openers: &'static [&'static str],
    /// Whether a first word opens a participle clause that reads a motive
    /// into events (`Signalling his commitment, ...`), for languages that
    /// have such a rule.
    pub participle_opener: Option<fn(&str) -> bool>,
    /// Whether a capitalised word after the first is a name (so carries no
    /// charge): not in German.
    pub capitals_are_names: bool,
    /// Looks up, with the function it is given, the base forms a word not in
    /// the lexicons may be an inflection of (`katastrophalen` →
    /// `katastrophal`), most likely first, and returns the first found: the
    /// lexicons list base forms, the text inflects them.
    pub base_form: Option<BaseForm>,
    /// What the opinion weight is multiplied by, so that a loadedness means
    /// the same in every language: lexicons differ in how many words they
    /// rate, and the discount and the commentary threshold were set in
    /// English. Measured by `enrich-lab calibrate-neutrality`.
    pub calibration: f32,
}

/// A language's base-form lookup (see [`Cues::base_form`]).
pub(crate) type BaseForm = fn(&str, &dyn Fn(&str) -> Option<f32>) -> Option<f32>;

/// Every language with neutrality lexicons, with its cues: the one list.
const TABLE: [(Lang, &Cues); 6] = [
    (Lang::Eng, &en::CUES),
    (Lang::Deu, &de::CUES),
    (Lang::Fra, &fr::CUES),
    (Lang::Nld, &nl::CUES),
    (Lang::Ita, &it::CUES),
    (Lang::Spa, &es::CUES),
];

/// The cue lists of a language, `None` for one without them.
pub(crate) fn cues(lang: Lang) -> Option<&'static Cues> {
    TABLE.iter().find(|(l, _)| *l == lang).map(|(_, c)| *c)
}

/// Languages whose loadedness is scored, in [`TABLE`]'s order.
pub const LANGUAGES: &[Lang] = &{
    let mut out = [Lang::Eng; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        out[i] = TABLE[i].0;
        i += 1;
    }
    out
};

const CUE_WEIGHT: f32 = 0.5;
const ATTRIBUTION_FACTOR: f32 = 0.5;

/// What a scorer knows of one lowercase word: its charge and the cue lists
/// it is on, so that a word costs one lookup.
#[derive(Debug, Clone, Copy, Default)]
struct WordFacts {
    /// The lexicons' charge in [0, 1] (see the module docs); 0 if unlisted.
    charge: f32,
    function_word: bool,
    attribution: bool,
    /// An intensifier, evaluative adverb, hedge, motive-reading verb or
    /// charged word.
    cue: bool,
    first_person: bool,
    /// The first word of a framing phrase: only where one stands can a
    /// phrase start, so the phrases are tried there alone.
    opens_framing: bool,
}

/// Scores loadedness in one language with its embedded lexicons and cues.
pub struct NeutralityScorer {
    /// Every lexicon word and every word of the language's lists.
    words: StrMap<&'static str, WordFacts>,
    /// The language's cue lists, stopwords and name rule.
    cues: &'static Cues,
    /// Which lexicon words count, and whether the cues do ([`Share`]).
    share: Share,
    /// Multiplies the opinion weight (see [`Cues::calibration`]); 1 for a judge.
    calibration: f32,
}

impl std::fmt::Debug for NeutralityScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NeutralityScorer")
            .field("words", &self.words.len())
            .field("share", &self.share)
            .finish()
    }
}

impl NeutralityScorer {
    /// The scorer for `lang` with the words and cues of `share`; `None` for
    /// a language without lexicons.
    pub fn for_language(lang: Lang, share: Share) -> Option<Self> {
        let cues = cues(lang)?;
        Some(Self::with_charges(cues, lexicon::charges(lang, share)?, share))
    }

    /// A judge for `lang` that charges words by another lexicon than the
    /// embedded ones (`word`, charge in [0, 1]), read by an evaluation: the
    /// summary stage can then select with every embedded word and cue, and
    /// nothing it was built from judges it. Its words are leaked, as an
    /// evaluation builds one judge per run. `None` for a language without
    /// cue lists (stopwords, the name rule, base forms).
    #[cfg(feature = "lab")]
    pub fn independent_judge(lang: Lang, charges: impl IntoIterator<Item = (String, f32)>) -> Option<Self> {
        let charges = charges
            .into_iter()
            .map(|(w, c)| (&*Box::leak(w.into_boxed_str()), c))
            .collect();
        Some(Self::with_charges(cues(lang)?, charges, Share::Judge))
    }

    fn with_charges(cues: &'static Cues, charges: std::collections::HashMap<&'static str, f32>, share: Share) -> Self {
        let mut words: StrMap<&'static str, WordFacts> = charges
            .into_iter()
            .filter(|(w, _)| !cues.descriptive.contains(w))
            .filter(|(_, c)| *c > 0.0)
            .map(|(w, charge)| {
                (
                    w,
                    WordFacts {
                        charge,
                        ..WordFacts::default()
                    },
                )
            })
            .collect();
        let mut mark = |list: &[&'static str], set: fn(&mut WordFacts)| {
            for &w in list {
                set(words.entry(w).or_default());
            }
        };
        mark(cues.stopwords, |f| f.function_word = true);
        mark(cues.attribution, |f| f.attribution = true);
        for list in [
            cues.intensifiers,
            cues.evaluative,
            cues.speculation,
            cues.interpretive,
            cues.charged,
        ] {
            mark(list, |f| f.cue = true);
        }
        mark(cues.first_person, |f| f.first_person = true);
        let openers: Vec<&'static str> = cues
            .framing
            .iter()
            .filter_map(|phrase| phrase.first().copied())
            .collect();
        mark(&openers, |f| f.opens_framing = true);
        NeutralityScorer {
            words,
            cues,
            share,
            calibration: if share == Share::Judge { 1.0 } else { cues.calibration },
        }
    }

    /// The same scorer with another calibration (for measuring it).
    #[cfg(feature = "lab")]
    pub fn with_calibration(mut self, calibration: f32) -> Self {
        self.calibration = calibration;
        self
    }

    /// The lexicons' charge of a lowercase word (or of the first of its
    /// base forms they list), 0 when none lists it.
    #[cfg(test)]
    pub fn word_charge(&self, lower: &str) -> f32 {
        self.charge_of(lower, self.words.get(lower).copied().unwrap_or_default())
    }

    /// The lexicons' charge of a lowercase word (or of the first of its
    /// base forms they list), given what is known of the word.
    fn charge_of(&self, lower: &str, facts: WordFacts) -> f32 {
        if facts.charge > 0.0 {
            return facts.charge;
        }
        let Some(base_form) = self.cues.base_form else {
            return 0.0;
        };
        let listed = |w: &str| self.words.get(w).map(|f| f.charge).filter(|c| *c > 0.0);
        base_form(lower, &listed).unwrap_or(0.0)
    }

    /// Loadedness in [0, 1] of the sentence at `span` with its `tokens`.
    pub fn loadedness(&self, text: &str, span: Span, tokens: &[Token]) -> f32 {
        let sentence = span.slice(text);
        let cues = self.cues;
        let reads_cues = self.share != Share::Judge;
        let mut weight = 0.0f32;
        let mut content_words = 0usize;
        let mut attributed = false;
        let mut in_quote = false;
        let mut quote_words = 0usize;
        // The sentence's words lowercased, one after another, and where each
        // ends: one buffer for the sentence rather than a string per word.
        let mut lowered = String::with_capacity(sentence.len());
        let mut ends: Vec<usize> = Vec::with_capacity(tokens.len());
        let mut framing_at: Vec<usize> = Vec::new();
        let mut words_seen = 0usize;
        for token in tokens {
            let word = token.text(text);
            if matches!(word, "\"" | "“" | "”" | "„" | "«" | "»") {
                if reads_cues && in_quote && (1..=3).contains(&quote_words) {
                    weight += CUE_WEIGHT; // scare quotes
                }
                in_quote = !in_quote;
                quote_words = 0;
                continue;
            }
            if !word.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            let start = lowered.len();
            push_lowercase(word, &mut lowered);
            let lower = &lowered[start..];
            if in_quote {
                quote_words += 1;
            }
            let facts = self.words.get(lower).copied().unwrap_or_default();
            if facts.opens_framing {
                framing_at.push(ends.len());
            }
            let function_word = facts.function_word;
            if !function_word {
                content_words += 1;
            }
            if facts.attribution {
                attributed = true;
            }
            // A capitalised word after the first is part of a name
            // (`General Security of Military Information Agreement`).
            let name = cues.capitals_are_names && words_seen > 0 && word.chars().next().is_some_and(char::is_uppercase);
            words_seen += 1;
            // A function word's rare adjective sense (Dutch `naar`, to or
            // nasty) is no evidence of opinion.
            if !name && !function_word {
                weight += self.charge_of(lower, facts);
            }
            if reads_cues && facts.cue {
                weight += CUE_WEIGHT;
            }
            if reads_cues && !in_quote && facts.first_person {
                weight += CUE_WEIGHT;
            }
            ends.push(lowered.len());
        }
        if reads_cues {
            let words: Vec<&str> = ends
                .iter()
                .scan(0, |start, &end| {
                    let word = &lowered[*start..end];
                    *start = end;
                    Some(word)
                })
                .collect();
            weight += cue_weight(cues, sentence, &words, &framing_at);
        }
        if attributed {
            weight *= ATTRIBUTION_FACTOR;
        }
        if content_words == 0 {
            return 0.0;
        }
        1.0 - (-self.calibration * weight / (content_words as f32).sqrt()).exp()
    }
}

/// The weight of a sentence's openers, framing phrases and closing
/// punctuation. `framing_at` lists the words that open a framing phrase.
fn cue_weight(cues: &Cues, sentence: &str, words: &[&str], framing_at: &[usize]) -> f32 {
    let mut weight = 0.0;
    if let Some(&first) = words.first() {
        let participle_clause = cues.participle_opener.is_some_and(|opens| opens(first)) && sentence.contains(',');
        if cues.concessive_openers.contains(&first) || participle_clause {
            weight += CUE_WEIGHT;
        }
    }
    if !framing_at.is_empty() {
        for phrase in cues.framing {
            let found = framing_at
                .iter()
                .filter(|&&i| words.get(i..i + phrase.len()).is_some_and(|w| w == *phrase))
                .count();
            weight += 2.0 * CUE_WEIGHT * found as f32;
        }
    }
    let trimmed = sentence.trim_end_matches(['"', '”', '\'', ')', ' ', '»', '“']);
    if trimmed.ends_with('?') || trimmed.ends_with('!') {
        weight += CUE_WEIGHT;
    }
    weight
}

/// The first of `word`'s forms with an ending of `endings` replaced by its
/// replacement (in order, keeping a stem of at least three letters) that
/// `find` finds. Only a replacement that is not empty allocates.
fn strip_endings(word: &str, endings: &[(&str, &str)], find: &dyn Fn(&str) -> Option<f32>) -> Option<f32> {
    endings.iter().find_map(|(ending, replacement)| {
        let stem = word.strip_suffix(ending)?;
        if stem.chars().count() < 3 {
            return None;
        }
        if replacement.is_empty() {
            find(stem)
        } else {
            find(&format!("{stem}{replacement}"))
        }
    })
}

/// One scorer per language that has lexicons, built once.
#[derive(Debug)]
pub struct NeutralityScorers {
    by_language: Vec<(Lang, NeutralityScorer)>,
}

impl Default for NeutralityScorers {
    fn default() -> Self {
        Self::new(Share::All)
    }
}

impl NeutralityScorers {
    /// Every language's scorer, with the words and cues of `share` (all of
    /// them in the service).
    pub fn new(share: Share) -> Self {
        NeutralityScorers {
            by_language: LANGUAGES
                .iter()
                .filter_map(|&l| NeutralityScorer::for_language(l, share).map(|s| (l, s)))
                .collect(),
        }
    }

    pub fn get(&self, lang: Lang) -> Option<&NeutralityScorer> {
        self.by_language.iter().find(|(l, _)| *l == lang).map(|(_, s)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn english() -> NeutralityScorer {
        NeutralityScorer::for_language(Lang::Eng, Share::All).expect("English")
    }

    fn score(text: &str) -> f32 {
        let span = Span::new(0, text.len());
        english().loadedness(text, span, &tokenize(text, span))
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
        let scorer = english();
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
    fn projected_lexicons_charge_adjectives_not_the_nouns_and_prepositions_cognates_make() {
        // Cognate endings turn English and French adjectives into words the
        // target language has for other things: `second` into `secondo`
        // (according to), `late` into `lato` (side), `libre` into `libro`.
        for (lang, plain, judging) in [
            (
                Lang::Ita,
                ["secondo", "modo", "libro", "lato", "successo"],
                "disastroso",
            ),
            (Lang::Spa, ["modo", "libro", "muro", "plato", "capital"], "terrible"),
        ] {
            let scorer = NeutralityScorer::for_language(lang, Share::All).expect("a lexicon");
            for word in plain {
                assert_eq!(scorer.word_charge(word), 0.0, "{lang:?} {word}");
            }
            assert!(scorer.word_charge(judging) > 0.3, "{lang:?} {judging}");
        }
    }

    #[test]
    fn framing_the_author_reading_as_fact_is_loaded() {
        let framed =
            score("The true purpose of these military alliances is the preparation for a conflict with China.");
        let plain = score("The agreement allows the transfer of military information between the two countries.");
        assert!(framed > plain + 0.15, "framed {framed} vs plain {plain}");
    }
}
