//! Each language's word charges, from its embedded lexicons
//! (`assets/lexicons`, rebuilt by `scripts/build-lexicons.sh`; sources and
//! licences in `assets/lexicons/README.md`).
//!
//! - **English:** VADER, Pattern and Hu & Liu combined as independent
//!   evidence (the module docs of [`super`]).
//! - **French and Dutch:** Pattern's adjective lexicons, the one source, at
//!   full strength: `s q` with `s` the subjectivity and `q = 0.4 + 0.6 min(1,
//!   2 |polarity|)` as in English (`désastreux`, `rampzalig` about 0.8,
//!   `important` 0.4).
//! - **Italian and Spanish:** Pattern's French and English adjectives
//!   projected by cognate endings (`désastreux`, `disastrous` →
//!   `disastroso`, `desastroso`; `scripts/project-lexicon.py`), rated and
//!   charged like French.
//! - **German:** the German Polarity Lexicon rates polarity only. An
//!   adjective or adverb judges (`katastrophal`: 0.8 |polarity|, as strong as
//!   a subjective English adjective that takes sides); a noun or verb names
//!   an event (`Krieg`: 0.25 |polarity|, as VADER's `war` charges in English).
//!
//! [`Share`] splits every lexicon in two by a hash of the word, so that an
//! evaluation can select sentences with one half and judge them with the
//! other.

use crate::ner::hash::string_hash;
use std::collections::HashMap;
use whatlang::Lang;

const VADER: &str = include_str!("../../../assets/lexicons/vader/valence.tsv");
const PATTERN_EN: &str = include_str!("../../../assets/lexicons/pattern/subjectivity.tsv");
const LIU: &str = include_str!("../../../assets/lexicons/liu/opinion-words.tsv");
const PATTERN_FR: &str = include_str!("../../../assets/lexicons/pattern/subjectivity-fr.tsv");
const PATTERN_NL: &str = include_str!("../../../assets/lexicons/pattern/subjectivity-nl.tsv");
const PROJECTED_IT: &str = include_str!("../../../assets/lexicons/projected/subjectivity-it.tsv");
const PROJECTED_ES: &str = include_str!("../../../assets/lexicons/projected/subjectivity-es.tsv");
const POLARITY_DE: &str = include_str!("../../../assets/lexicons/german-polarity/polarity-de.tsv");

/// Which of the lexicon words and cues a scorer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(any(test, feature = "lab")), allow(dead_code))]
pub enum Share {
    /// Every lexicon word and every cue: what the service uses.
    All,
    /// The lexicon words whose hash is even, and every cue: the summary
    /// stage in a held-apart evaluation.
    Selector,
    /// The lexicon words whose hash is odd, no cues (the selector's own
    /// design), uncalibrated: its judge.
    Judge,
}

impl Share {
    pub(super) fn keeps(self, word: &str) -> bool {
        match self {
            Share::All => true,
            Share::Selector => string_hash(word).is_multiple_of(2),
            Share::Judge => !string_hash(word).is_multiple_of(2),
        }
    }
}

/// The first four tab-separated fields of each line, `""` where missing.
fn rows(tsv: &'static str) -> impl Iterator<Item = [&'static str; 4]> {
    tsv.lines().map(|line| {
        let mut fields = line.split('\t').map(str::trim);
        std::array::from_fn(|_| fields.next().unwrap_or(""))
    })
}

fn number(field: &str) -> Option<f32> {
    field.parse().ok()
}

/// How much a word rated with `subjectivity` and `polarity` judges, in
/// Pattern's terms: a subjective word that takes no side (`necessary`)
/// judges less than one that does (`disastrous`).
pub fn pattern_evidence(subjectivity: f32, polarity: f32) -> f32 {
    subjectivity * (0.4 + 0.6 * (2.0 * polarity.abs()).min(1.0))
}

/// How much a word rated with `polarity` alone judges: an adjective or
/// adverb (`judging`) as strongly as a subjective English adjective that
/// takes sides, a noun or verb, which names an event (`Krieg`), as VADER's
/// `war` charges in English.
pub fn polarity_evidence(polarity: f32, judging: bool) -> f32 {
    let strength = if judging { 0.8 } else { 0.25 };
    strength * polarity.abs()
}

/// Each word's charge in `lang`, `None` for a language without lexicons.
pub(super) fn charges(lang: Lang, share: Share) -> Option<HashMap<&'static str, f32>> {
    // Each piece of evidence contributes `1 - evidence`; the charge is one
    // minus their product.
    let mut rest: HashMap<&'static str, f32> = HashMap::new();
    let mut add = |word: &'static str, evidence: f32| {
        if share.keeps(word) {
            *rest.entry(word).or_insert(1.0) *= 1.0 - evidence.clamp(0.0, 1.0);
        }
    };
    match lang {
        Lang::Eng => {
            for row in rows(VADER) {
                if let Some(v) = number(row[1]) {
                    add(row[0], 0.35 * v.abs() / 4.0);
                }
            }
            for row in rows(PATTERN_EN) {
                if let (Some(s), Some(p)) = (number(row[1]), number(row[2])) {
                    add(row[0], 0.7 * pattern_evidence(s, p));
                }
            }
            for row in rows(LIU) {
                if !row[0].is_empty() {
                    add(row[0], 0.35);
                }
            }
        }
        Lang::Fra | Lang::Nld | Lang::Ita | Lang::Spa => {
            let tsv = match lang {
                Lang::Fra => PATTERN_FR,
                Lang::Nld => PATTERN_NL,
                Lang::Ita => PROJECTED_IT,
                _ => PROJECTED_ES,
            };
            for row in rows(tsv) {
                if let (Some(s), Some(p)) = (number(row[1]), number(row[2])) {
                    add(row[0], pattern_evidence(s, p));
                }
            }
        }
        Lang::Deu => {
            for row in rows(POLARITY_DE) {
                if let Some(p) = number(row[2]) {
                    add(row[0], polarity_evidence(p, row[3] == "judging"));
                }
            }
        }
        _ => return None,
    }
    Some(rest.into_iter().map(|(w, r)| (w, 1.0 - r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_charges_judging_words_more_than_event_words() {
        let de = charges(Lang::Deu, Share::All).expect("German");
        assert!((0.75..0.85).contains(&de["katastrophal"]), "{}", de["katastrophal"]);
        assert!((0.2..0.3).contains(&de["krieg"]), "{}", de["krieg"]);
        let fr = charges(Lang::Fra, Share::All).expect("French");
        assert!(
            fr["scandaleux"] > 2.0 * fr["nouveau"],
            "{} {}",
            fr["scandaleux"],
            fr["nouveau"]
        );
        let nl = charges(Lang::Nld, Share::All).expect("Dutch");
        assert!(nl["rampzalig"] > 0.6, "{}", nl["rampzalig"]);
        let it = charges(Lang::Ita, Share::All).expect("Italian");
        assert!(
            it["disastroso"] > 0.6 && it["terribile"] > 0.6,
            "{} {}",
            it["disastroso"],
            it["terribile"]
        );
        let es = charges(Lang::Spa, Share::All).expect("Spanish");
        assert!(es["terrible"] > 0.6, "{}", es["terrible"]);
        assert!(
            !es.contains_key("con") && !es.contains_key("tres"),
            "French false friends are not taken over"
        );
        assert!(charges(Lang::Por, Share::All).is_none());
    }

    #[test]
    fn the_halves_split_every_lexicon_without_overlap() {
        for lang in [Lang::Eng, Lang::Deu, Lang::Fra, Lang::Nld] {
            let all = charges(lang, Share::All).expect("lexicon");
            let even = charges(lang, Share::Selector).expect("lexicon");
            let odd = charges(lang, Share::Judge).expect("lexicon");
            assert_eq!(even.len() + odd.len(), all.len(), "{lang:?}");
            assert!(even.keys().all(|w| !odd.contains_key(w)), "{lang:?}");
            assert!(even.len() > all.len() / 3 && odd.len() > all.len() / 3, "{lang:?}");
        }
    }
}
