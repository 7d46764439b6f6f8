//! The character n-gram language model: for each language it knows, the
//! conditional log-probabilities of a letter given up to four letters before
//! it in the same word, pruned to the n-grams that matter and quantized to a
//! byte. Distilled from lingua's tables by `enrich-lab train-language`.
//!
//! Scoring is a back-off language model: each letter of each word is scored
//! with the longest context the language's table holds, paying a cost for
//! every order it backs off, and a floor when it holds no n-gram ending in
//! that letter at all ([`Scoring`]). The score of a text is the sum, so
//! scores of different languages compare directly (log-likelihoods of the
//! same letters).
//!
//! Whole words add evidence of their own: each language's function words
//! (stopwords-iso, MIT), which n-grams inside words cannot see as words.
//! A text's word found in a language's list adds a bonus to that language.
//!
//! File format (`ENRLID2`), little-endian:
//! ```text
//! magic "ENRLID2\n"
//! u8 language count, then 3 ASCII bytes per language (ISO 639-3)
//! u32 key count, then per key (ascending): u32 key, u8 n, n x (u8 language, u8 q)
//! u32 function-word count, then per word (ascending key): u32 key, u8 n, n x u8 language
//! ```
//! A key is the 32-bit fold of [`string_hash`] over the lowercased n-gram;
//! `q` is `-ln p` in tenths of a nat, saturating at 255.

use crate::ner::buckets::BucketIndex;
use crate::ner::hash::{string_hash, Key, KeyHasher};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use whatlang::{Lang, Script};

const MAGIC: &[u8] = b"ENRLID2\n";
/// The longest n-gram the model holds.
pub(crate) const MAX_ORDER: usize = 5;
/// Nats per quantization step.
const STEP: f32 = 0.1;
/// A letter whose best score under any candidate written in its script is
/// below this (in nats; about one in 160,000 after backing off) is one no
/// modelled language really writes.
const RARE_LETTER: f32 = -12.0;

/// How letters are scored; chosen with the detector's other settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// What backing off one order costs, in nats.
    pub backoff_cost: f32,
    /// The score of a letter no n-gram of the language explains, in nats.
    pub floor: f32,
    /// How much the letters of a capitalized word count (1 for any other).
    pub name_weight: f32,
    /// What a word from a language's function-word list adds to that
    /// language, in nats.
    pub function_word: f32,
}
/// The score of each letter of a word in a script the language is not
/// written in, in nats: the same for every such language, so a Latin brand
/// name in a Russian sentence neither counts for Russian nor, through the
/// rare Cyrillic letters a Latin-script table happens to hold, against it.
pub(crate) const FOREIGN_LETTER: f32 = -8.0;

/// Why an embedded language model could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("language model: {0}")]
pub struct FormatError(&'static str);

/// The key of an n-gram (already lowercased).
pub(crate) fn key(ngram: &str) -> u32 {
    let h = string_hash(ngram);
    (h ^ (h >> 32)) as u32
}

/// Writes a model. `entries` are (n-gram, language index, ln p); the lab's
/// distiller calls this, so the format is written in one place.
#[cfg(feature = "lab")]
pub fn encode(langs: &[Lang], entries: &[(String, u8, f64)], function_words: &[(String, u8)]) -> Vec<u8> {
    use std::collections::BTreeMap;
    let mut by_key: BTreeMap<u32, Vec<(u8, u8)>> = BTreeMap::new();
    for (ngram, lang, ln_p) in entries {
        let q = (-ln_p / f64::from(STEP)).round().clamp(0.0, 255.0) as u8;
        let slot = by_key.entry(key(ngram)).or_default();
        // Two n-grams with one key (rare): the first one of a language stays.
        if !slot.iter().any(|(l, _)| l == lang) {
            slot.push((*lang, q));
        }
    }
    let mut out = MAGIC.to_vec();
    out.push(langs.len() as u8);
    for lang in langs {
        out.extend_from_slice(lang.code().as_bytes());
    }
    out.extend_from_slice(&(by_key.len() as u32).to_le_bytes());
    for (k, slot) in by_key {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(slot.len() as u8);
        for (lang, q) in slot {
            out.push(lang);
            out.push(q);
        }
    }
    let mut words: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    for (word, lang) in function_words {
        let slot = words.entry(key(&word.to_lowercase())).or_default();
        if !slot.contains(lang) {
            slot.push(*lang);
        }
    }
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for (k, langs) in words {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(langs.len() as u8);
        out.extend_from_slice(&langs);
    }
    out
}

/// Every script whatlang files `lang` under. Han, Hiragana and Katakana
/// are one family: Chinese and Japanese both write Han, and a Japanese word
/// may mix all three.
fn scripts_of(lang: Lang) -> Vec<Script> {
    const HAN_FAMILY: [Script; 3] = [Script::Mandarin, Script::Hiragana, Script::Katakana];
    if matches!(lang, Lang::Cmn | Lang::Jpn) {
        return HAN_FAMILY.to_vec();
    }
    Script::all()
        .iter()
        .copied()
        .filter(|s| s.langs().contains(&lang))
        .collect()
}

/// Words of at most this many letters are kept in the word cache.
const CACHED_LETTERS: usize = 16;
/// Slots of the word cache (a power of two).
const CACHE_SLOTS: usize = 1024;

/// One word's letter scores, as [`NgramModel::score`] computed them for the
/// candidates and settings its `signature` names.
#[derive(Default)]
struct CachedWord {
    signature: u64,
    word: String,
    /// Per letter, the score under each active language, in order.
    values: Vec<f32>,
    unexplained: usize,
}

thread_local! {
    /// Recently scored words, per thread, direct-mapped: function words and
    /// a document's recurring words are scored once, not at every
    /// occurrence. A slot holds at most [`CACHED_LETTERS`] times the
    /// candidates' scores: about a megabyte per thread for words of six
    /// letters among the 40-odd languages of the Latin script, three at
    /// most. (512 slots kept about half the gain on the Lee corpus.)
    static WORD_CACHE: std::cell::RefCell<Vec<CachedWord>> =
        std::cell::RefCell::new((0..CACHE_SLOTS).map(|_| CachedWord::default()).collect());
}

/// The cache slot of a word scored under `signature`.
fn slot_of(word: &str, signature: u64) -> usize {
    (string_hash(word) ^ signature) as usize & (CACHE_SLOTS - 1)
}

/// What [`NgramModel::score`] read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scored {
    pub(crate) letters: usize,
    /// The sum of the letters' weights: the evidence's size.
    pub(crate) weight: f32,
    /// Letters no candidate written in their script explains, even backing
    /// off to the letter alone (Akan's ɔ and ɛ): a sign of a language the
    /// model lacks.
    pub(crate) unexplained: usize,
}

/// A loaded model: the languages, and the embedded bytes' n-gram records
/// read in place through a [`BucketIndex`] (the file lists its keys in
/// ascending order).
pub(crate) struct NgramModel {
    langs: Vec<Lang>,
    /// The scripts each language is written in, as whatlang sees them.
    scripts: Vec<Vec<Script>>,
    /// Where each key's bucket of records lies in `bytes`.
    index: BucketIndex,
    keys: usize,
    bytes: &'static [u8],
    /// Function words: key to the languages that list the word.
    function_words: HashMap<u32, &'static [u8], BuildHasherDefault<KeyHasher>>,
}

impl std::fmt::Debug for NgramModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NgramModel")
            .field("langs", &self.langs.len())
            .field("keys", &self.keys)
            .finish()
    }
}

/// How much of a model file [`NgramModel::load`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// Every entry's language too: for bytes from outside the binary.
    Full,
    /// The layout only (counts, lengths, key order): for the embedded
    /// model, whose 2.2 million entries the tests check in full
    /// (`the_embedded_model_passes_the_full_check`); skipping them saves
    /// start-up a pass over the whole file.
    Layout,
}

impl NgramModel {
    pub(crate) fn load(bytes: &'static [u8], check: Check) -> Result<Self, FormatError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(FormatError("not an ENRLID2 file"))?;
        let (&count, mut rest) = rest.split_first().ok_or(FormatError("truncated header"))?;
        let mut langs = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let code = rest.get(..3).ok_or(FormatError("truncated language list"))?;
            let code = std::str::from_utf8(code).map_err(|_| FormatError("language code is not ASCII"))?;
            langs.push(Lang::from_code(code).ok_or(FormatError("unknown language code"))?);
            rest = &rest[3..];
        }
        let keys = rest.get(..4).ok_or(FormatError("truncated key count"))?;
        let keys = u32::from_le_bytes([keys[0], keys[1], keys[2], keys[3]]) as usize;
        // A count the bytes cannot hold is damage: refused before anything
        // is sized by it.
        if keys > rest.len() / 5 {
            return Err(FormatError("truncated entries"));
        }
        let mut index = BucketIndex::builder(keys);
        let mut at = bytes.len() - rest.len() + 4;
        let mut last: Option<u32> = None;
        for _ in 0..keys {
            let head = bytes.get(at..at + 5).ok_or(FormatError("truncated entries"))?;
            let k = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            let n = usize::from(head[4]);
            if last.is_some_and(|last| last >= k) {
                return Err(FormatError("keys out of order"));
            }
            last = Some(k);
            let entries = bytes
                .get(at + 5..at + 5 + 2 * n)
                .ok_or(FormatError("truncated entries"))?;
            if check == Check::Full && entries.chunks(2).any(|e| e[0] >= count) {
                return Err(FormatError("entry names a language the header does not list"));
            }
            index.push(k, u32::try_from(at).map_err(|_| FormatError("model too large"))?);
            at += 5 + 2 * n;
        }
        let end = u32::try_from(at).map_err(|_| FormatError("model too large"))?;
        let mut model = NgramModel {
            scripts: langs.iter().map(|&l| scripts_of(l)).collect(),
            langs,
            index: index.finish(end),
            keys,
            bytes,
            function_words: HashMap::default(),
        };
        let words = bytes
            .get(at..at + 4)
            .ok_or(FormatError("truncated function-word count"))?;
        let words = u32::from_le_bytes([words[0], words[1], words[2], words[3]]) as usize;
        at += 4;
        for _ in 0..words {
            let head = bytes.get(at..at + 5).ok_or(FormatError("truncated function words"))?;
            let k = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            let n = usize::from(head[4]);
            let langs = bytes
                .get(at + 5..at + 5 + n)
                .ok_or(FormatError("truncated function words"))?;
            if langs.iter().any(|&l| l >= count) {
                return Err(FormatError("function word names a language the header does not list"));
            }
            model.function_words.insert(k, langs);
            at += 5 + n;
        }
        if at != bytes.len() {
            return Err(FormatError("trailing bytes"));
        }
        Ok(model)
    }

    /// The index of `lang` in the model, as function-word entries name it.
    pub(crate) fn language_index(&self, lang: Lang) -> Option<u8> {
        self.langs
            .iter()
            .position(|&l| l == lang)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// Whether the stopwords-iso list of the language at `index` holds
    /// `lowercase`.
    pub(crate) fn is_function_word(&self, lowercase: &str, index: u8) -> bool {
        self.function_words
            .get(&key(lowercase))
            .is_some_and(|langs| langs.contains(&index))
    }

    /// The languages the model scores, in index order.
    pub(crate) fn languages(&self) -> &[Lang] {
        &self.langs
    }

    /// The (language index, q) pairs of an n-gram's key, found in its
    /// bucket; none for a key the model does not hold.
    fn entries(&self, key: u32, (mut at, end): (usize, usize)) -> &'static [u8] {
        let bytes = self.bytes;
        while at + 5 <= end {
            let k = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
            let n = usize::from(bytes[at + 4]);
            if k >= key {
                return if k == key { &bytes[at + 5..at + 5 + 2 * n] } else { &[] };
            }
            at += 5 + 2 * n;
        }
        &[]
    }

    /// What a word's cached letter scores depend on besides the word: this
    /// model, the scoring's back-off cost and floor, and the candidates.
    fn signature(&self, scoring: Scoring, active: &[usize]) -> u64 {
        let key = Key::new(253)
            .add_int(self.bytes.as_ptr() as u64)
            .add_int(self.bytes.len() as u64)
            .add_int(u64::from(scoring.backoff_cost.to_bits()))
            .add_int(u64::from(scoring.floor.to_bits()));
        active.iter().fold(key, |key, &l| key.add_int(l as u64)).finish64()
    }

    /// Adds the log-likelihood of `text`'s letters under each language to
    /// `scores` (indexed like [`Self::languages`]), each letter weighted by
    /// its word's weight, stopping after `max_letters` letters. Only
    /// languages with `candidate[i]` are scored.
    pub(crate) fn score(
        &self,
        text: &str,
        scoring: Scoring,
        candidate: &[bool],
        scores: &mut [f32],
        max_letters: usize,
    ) -> Scored {
        let n_langs = self.langs.len();
        let mut best = vec![0f32; n_langs];
        let mut found = vec![false; n_langs];
        let mut native = vec![false; n_langs];
        // Only the candidates are visited per letter.
        let active: Vec<usize> = (0..n_langs).filter(|&l| candidate[l]).collect();
        let mut word = String::new();
        let mut keys: Vec<u32> = Vec::new();
        let mut lists: Vec<&'static [u8]> = Vec::new();
        // Byte offsets of each letter's start in `word`, plus its end.
        let mut starts: Vec<usize> = Vec::new();
        // Each letter's score under each active language, for the cache.
        let mut values: Vec<f32> = Vec::new();
        let signature = self.signature(scoring, &active);
        let mut letters = 0;
        let mut weighted = 0.0;
        let mut unexplained = 0;
        let mut chars = text.chars().peekable();
        while chars.peek().is_some() && letters < max_letters {
            word.clear();
            starts.clear();
            let (mut upper, mut lower) = (0, 0);
            for c in chars.by_ref() {
                if !c.is_alphabetic() {
                    break;
                }
                if starts.is_empty() && c.is_uppercase() {
                    upper += 1;
                } else if c.is_lowercase() {
                    lower += 1;
                }
                starts.push(word.len());
                word.extend(c.to_lowercase());
            }
            if starts.is_empty() {
                continue;
            }
            starts.push(word.len());
            // A capitalized word (not an all-capitals one) is likely a name,
            // and names travel between languages: it counts for less.
            let weight = if upper == 1 && lower > 0 {
                scoring.name_weight
            } else {
                1.0
            };
            // ASCII words are Latin: skip the script scan for the common case.
            let script = if word.is_ascii() {
                Some(Script::Latin)
            } else {
                whatlang::detect_script(&word)
            };
            for &l in &active {
                native[l] = script.is_none_or(|s| self.scripts[l].contains(&s));
            }
            let any_native = active.iter().any(|&l| native[l]);
            if let Some(langs) = self.function_words.get(&key(&word)) {
                for &l in langs.iter() {
                    if candidate[usize::from(l)] && native[usize::from(l)] {
                        scores[usize::from(l)] += weight * scoring.function_word;
                    }
                }
            }
            let letters_here = (starts.len() - 1).min(max_letters - letters);
            let whole = letters_here == starts.len() - 1 && !active.is_empty();
            // A word scored before, by a call with the same candidates,
            // replays its letters' scores in the same order: the same sums to
            // the bit, without the lookups.
            let replayed = whole
                && WORD_CACHE.with(|cache| {
                    let cache = cache.borrow();
                    let slot = &cache[slot_of(&word, signature)];
                    if slot.signature != signature || slot.word != word {
                        return false;
                    }
                    for row in slot.values.chunks_exact(active.len()) {
                        letters += 1;
                        weighted += weight;
                        for (&lang, &letter) in active.iter().zip(row) {
                            scores[lang] += weight * letter;
                        }
                    }
                    unexplained += slot.unexplained;
                    true
                });
            if replayed {
                continue;
            }
            values.clear();
            let unexplained_before = unexplained;
            // Every n-gram of the word is looked up before any is scored:
            // the lookups are independent, so the CPU overlaps their cache
            // misses (the table is several times the L2 cache) instead of
            // waiting on one at a time.
            keys.clear();
            for end in 1..=letters_here {
                for order in (1..=end.min(MAX_ORDER)).rev() {
                    keys.push(key(&word[starts[end - order]..starts[end]]));
                }
            }
            lists.clear();
            lists.extend(keys.iter().map(|&k| self.entries(k, self.index.bucket(k))));
            let mut next_list = 0;
            for end in 1..=letters_here {
                letters += 1;
                weighted += weight;
                let top = end.min(MAX_ORDER);
                let word_lists = &lists[next_list..next_list + top];
                next_list += top;
                found.iter_mut().for_each(|f| *f = false);
                // A language takes its longest n-gram: once every candidate
                // has one, the shorter orders (whose lists hold nearly every
                // language) can change nothing.
                let mut candidates_found = 0;
                for (list, order) in word_lists.iter().zip((1..=top).rev()) {
                    let penalty = scoring.backoff_cost * (top - order) as f32;
                    for pair in list.chunks_exact(2) {
                        let lang = usize::from(pair[0]);
                        if !found[lang] {
                            found[lang] = true;
                            best[lang] = -f32::from(pair[1]) * STEP - penalty;
                            candidates_found += usize::from(candidate[lang]);
                        }
                    }
                    if candidates_found == active.len() {
                        break;
                    }
                }
                // Unexplained: no native candidate scores the letter at
                // RARE_LETTER or above (the first that does settles it).
                let explained = active.iter().any(|&l| native[l] && found[l] && best[l] >= RARE_LETTER);
                if any_native && !explained {
                    unexplained += 1;
                }
                for &lang in &active {
                    let letter = if !native[lang] {
                        FOREIGN_LETTER
                    } else if found[lang] {
                        best[lang]
                    } else {
                        scoring.floor
                    };
                    values.push(letter);
                    scores[lang] += weight * letter;
                }
            }
            if whole && letters_here <= CACHED_LETTERS {
                WORD_CACHE.with(|cache| {
                    let mut cache = cache.borrow_mut();
                    let slot = &mut cache[slot_of(&word, signature)];
                    slot.signature = signature;
                    slot.word.clone_from(&word);
                    slot.values.clone_from(&values);
                    slot.unexplained = unexplained - unexplained_before;
                });
            }
        }
        Scored {
            letters,
            weight: weighted,
            unexplained,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of two languages and three keys, as `encode` lays it out.
    fn small_model() -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.push(2);
        out.extend_from_slice(b"engfra");
        out.extend_from_slice(&3u32.to_le_bytes());
        for (key, entries) in [(5u32, &[0u8, 10][..]), (9, &[0, 3, 1, 4]), (700, &[1, 7])] {
            out.extend_from_slice(&key.to_le_bytes());
            out.push((entries.len() / 2) as u8);
            out.extend_from_slice(entries);
        }
        out.extend_from_slice(&0u32.to_le_bytes());
        out
    }

    fn leak(bytes: Vec<u8>) -> &'static [u8] {
        Box::leak(bytes.into_boxed_slice())
    }

    #[test]
    fn the_embedded_model_passes_the_full_check() {
        let model = NgramModel::load(super::super::EMBEDDED_MODEL, Check::Full).expect("embedded model");
        assert!(model.keys > 1_000_000, "{} keys", model.keys);
    }

    fn clear_word_cache() {
        WORD_CACHE.with(|cache| {
            cache
                .borrow_mut()
                .iter_mut()
                .for_each(|slot| *slot = CachedWord::default())
        });
    }

    /// Scores `text` with the embedded model and the default settings over
    /// the first `candidates` languages: the scores' bits and what was read.
    fn scored(text: &str, candidates: usize) -> (Vec<u32>, usize, usize) {
        let model = super::super::loaded_model().as_ref().expect("embedded model");
        let candidate: Vec<bool> = (0..model.langs.len()).map(|l| l < candidates).collect();
        let mut scores = vec![0f32; model.langs.len()];
        let read = model.score(
            text,
            super::super::Settings::DEFAULT.scoring,
            &candidate,
            &mut scores,
            usize::MAX,
        );
        (
            scores.iter().map(|s| s.to_bits()).collect(),
            read.letters,
            read.unexplained,
        )
    }

    #[test]
    fn words_scored_from_the_cache_add_exactly_what_scoring_them_afresh_adds() {
        let text = "Quarterly earnings rose sharply, Zürich analysts said; ɔkɔm dwa.";
        clear_word_cache();
        let afresh = scored(text, 30);
        let cached = scored(text, 30);
        assert_eq!(afresh, cached, "the second pass reads every word from the cache");
        // Other candidates are another signature: nothing is reused wrongly.
        let other_cached = scored(text, 12);
        clear_word_cache();
        assert_eq!(scored(text, 12), other_cached);
    }

    #[test]
    fn every_key_is_found_with_its_entries_and_no_other() {
        let model = NgramModel::load(leak(small_model()), Check::Full).expect("small model");
        assert_eq!(model.entries(5, model.index.bucket(5)), &[0, 10]);
        assert_eq!(model.entries(9, model.index.bucket(9)), &[0, 3, 1, 4]);
        assert_eq!(model.entries(700, model.index.bucket(700)), &[1, 7]);
        for absent in [0, 6, 10, 699, 701, u32::MAX] {
            assert!(model.entries(absent, model.index.bucket(absent)).is_empty(), "{absent}");
        }
    }

    #[test]
    fn damaged_model_files_are_refused() {
        let good = small_model();
        // Keys out of order: the second key made larger than the third.
        let mut reordered = good.clone();
        let second = MAGIC.len() + 1 + 6 + 4 + 7;
        reordered[second..second + 4].copy_from_slice(&800u32.to_le_bytes());
        assert_eq!(
            NgramModel::load(leak(reordered), Check::Layout).err(),
            Some(FormatError("keys out of order"))
        );
        // An entry naming a third language of two.
        let mut stray = good.clone();
        stray[MAGIC.len() + 1 + 6 + 4 + 5] = 2;
        assert!(NgramModel::load(leak(stray.clone()), Check::Full).is_err());
        assert!(NgramModel::load(leak(stray), Check::Layout).is_ok(), "layout only");
        // Cut short, and with a key count the bytes cannot hold.
        assert!(NgramModel::load(leak(good[..good.len() - 6].to_vec()), Check::Layout).is_err());
        let mut huge = good;
        huge[MAGIC.len() + 1 + 6..MAGIC.len() + 1 + 6 + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(NgramModel::load(leak(huge), Check::Layout).is_err());
    }
}
