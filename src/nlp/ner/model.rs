//! The averaged-perceptron sequence tagger over BILOU tags: scoring,
//! constrained Viterbi decoding, and the compact file format models are
//! committed in.
//!
//! File format (little-endian): magic `ENRNER4\0`; name; version; the
//! calibration margin (f32); the weight scale (f32); feature switches (u8:
//! bit 0, the word-length feature); transition weights
//! (`(TAGS + 1) × TAGS` f32, the last row from the sentence start); the
//! gazetteer; the common lowercase words (u64 hashes); the word clusters
//! (u64 hash and three u16 ids each); then the features, sorted by key:
//! key (u32), entry count (u8), and per entry its tag (u8) and quantized
//! weight (i16). Only non-zero tags
//! are stored, which keeps a model to a few MB.

use super::features::{sentence_features, CommonWords, DocumentContext, PredictionHistory, Resources, TokenView};
use super::clusters::WordClusters;
use super::gazetteer::{Gazetteer, TYPES};
use crate::nlp::document::EntityType;
use crate::nlp::entities::{NamedEntityTagger, TaggedMention};
use crate::nlp::tokenize::Token;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// O, then B, I, L, U for each of PER, ORG, LOC, MISC.
pub const TAGS: usize = 1 + 4 * 4;
const MAGIC: &[u8; 8] = b"ENRNER4\0";

/// Bit of the feature-switch byte: the word-length feature is on.
const WORD_LENGTH: u8 = 1;

/// Tag index for position `pos` (0 B, 1 I, 2 L, 3 U) of type `ty`.
pub fn tag(ty: usize, pos: usize) -> usize {
    1 + ty * 4 + pos
}

fn type_of(tag: usize) -> Option<usize> {
    (tag > 0).then(|| (tag - 1) / 4)
}

fn pos_of(tag: usize) -> usize {
    (tag - 1) % 4
}

pub fn tag_name(t: usize) -> String {
    match type_of(t) {
        None => "O".into(),
        Some(ty) => format!("{}-{}", ["B", "I", "L", "U"][pos_of(t)], TYPES[ty]),
    }
}

/// Whether `next` may follow `prev` (`None`: sentence start).
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    let inside = prev.is_some_and(|p| p > 0 && pos_of(p) <= 1);
    match (inside, type_of(next)) {
        // After B or I of a type only I or L of that type.
        (true, Some(ty)) => Some(ty) == prev.and_then(type_of) && pos_of(next) >= 1 && pos_of(next) <= 2,
        (true, None) => false,
        (false, None) => true,
        (false, Some(_)) => pos_of(next) == 0 || pos_of(next) == 3,
    }
}

/// Whether a sentence may end after `last`.
pub fn may_end(last: usize) -> bool {
    last == 0 || pos_of(last) >= 2
}

/// Keys are already hashes: use them as they are.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<IdentityHasher>>;

/// Keys looked up together in [`PerceptronModel::emissions`].
const LOOKAHEAD: usize = 16;

/// Feature key → its weight row, in one flat open-addressing table. Keys are
/// already uniform hashes, so a slot index is `key & mask` and a lookup
/// usually touches one 8-byte slot: the tagger does ~45 lookups a token, so
/// this is its hot path.
#[derive(Default)]
struct FeatureTable {
    /// `(key, start << 8 | count)`; count 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    mask: usize,
}

impl FeatureTable {
    fn build(index: &KeyMap<(u32, u8)>) -> Self {
        let capacity = (index.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32); capacity];
        let mask = capacity - 1;
        for (&key, &(start, count)) in index {
            let mut at = key as usize & mask;
            while slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = (key, start << 8 | u32::from(count));
        }
        FeatureTable { slots, mask }
    }

    /// The slot a key hashes to: where [`Self::resolve`] starts probing.
    #[inline]
    fn home(&self, key: u32) -> (u32, u32) {
        self.slots[key as usize & self.mask]
    }

    /// The weight row of `key`, given its home slot's contents.
    #[inline]
    fn resolve(&self, key: u32, home: (u32, u32)) -> Option<(usize, usize)> {
        let (k, packed) = home;
        if packed == 0 {
            return None;
        }
        if k == key {
            return Some(((packed >> 8) as usize, (packed & 0xff) as usize));
        }
        self.probe_from(key, (key as usize + 1) & self.mask)
    }

    fn probe_from(&self, key: u32, mut at: usize) -> Option<(usize, usize)> {
        loop {
            let (k, packed) = self.slots[at];
            if packed == 0 {
                return None;
            }
            if k == key {
                return Some(((packed >> 8) as usize, (packed & 0xff) as usize));
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// A trained tagger.
pub struct PerceptronModel {
    pub name: String,
    pub version: String,
    /// Median winning margin of entity tokens on the training data. A
    /// mention's confidence is `1 - exp(-3 * margin / calibration)`: 0.95 at
    /// the training median, 0.63 at a third of it, 0 for a tie.
    pub calibration: f32,
    scale: f32,
    transitions: Vec<f32>,
    pub resources: Resources,
    table: FeatureTable,
    entries: Vec<(u8, i16)>,
}

/// Weights as training produces them.
pub struct RawWeights {
    pub features: HashMap<u32, [f32; TAGS]>,
    pub transitions: Vec<f32>,
}

impl PerceptronModel {
    /// Packs trained weights, dropping those smaller than `prune`.
    pub fn from_weights(
        name: &str,
        version: &str,
        weights: &RawWeights,
        resources: Resources,
        calibration: f32,
        prune: f32,
    ) -> Self {
        let max = weights
            .features
            .values()
            .flat_map(|row| row.iter())
            .fold(0.0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut keys: Vec<u32> = weights.features.keys().copied().collect();
        keys.sort_unstable();
        let mut index = KeyMap::default();
        let mut entries = Vec::new();
        for k in keys {
            let row = &weights.features[&k];
            let start = entries.len() as u32;
            for (t, w) in row.iter().enumerate() {
                let q = (w / scale).round();
                if w.abs() >= prune && q != 0.0 {
                    entries.push((t as u8, q as i16));
                }
            }
            let count = entries.len() as u32 - start;
            if count > 0 {
                index.insert(k, (start, count as u8));
            }
        }
        PerceptronModel {
            name: name.into(),
            version: version.into(),
            calibration,
            scale,
            transitions: weights.transitions.clone(),
            resources,
            table: FeatureTable::build(&index),
            entries,
        }
    }

    pub fn feature_count(&self) -> usize {
        self.table.slots.iter().filter(|(_, packed)| *packed != 0).count()
    }

    /// Bytes the weights take in memory (keys, rows, transitions).
    pub fn memory_bytes(&self) -> usize {
        self.table.slots.len() * 8 + self.entries.len() * 4 + self.transitions.len() * 4
    }

    fn emissions(&self, features: &[Vec<u32>]) -> Vec<[f32; TAGS]> {
        features
            .iter()
            .map(|keys| {
                let mut scores = [0.0f32; TAGS];
                // Lookups go in two passes over a few keys at a time: first
                // every key's home slot, then their weight rows. Each load of
                // a pass is independent of the others, so the CPU overlaps
                // their cache misses instead of waiting on one at a time; a
                // model larger than the L2 cache spends most of its time there.
                for chunk in keys.chunks(LOOKAHEAD) {
                    let home: [(u32, u32); LOOKAHEAD] =
                        std::array::from_fn(|j| chunk.get(j).map_or((0, 0), |&k| self.table.home(k)));
                    let rows: [Option<(usize, usize)>; LOOKAHEAD] =
                        std::array::from_fn(|j| chunk.get(j).and_then(|&k| self.table.resolve(k, home[j])));
                    for (start, count) in rows.into_iter().flatten() {
                        for &(t, w) in &self.entries[start..start + count] {
                            scores[t as usize] += f32::from(w);
                        }
                    }
                }
                for s in &mut scores {
                    *s *= self.scale;
                }
                scores
            })
            .collect()
    }

    /// The best tag sequence and each token's margin over its best rival.
    pub fn decode(&self, features: &[Vec<u32>]) -> (Vec<usize>, Vec<f32>) {
        let emissions = self.emissions(features);
        let tags = viterbi(&emissions, &self.transitions);
        let margins = emissions
            .iter()
            .zip(&tags)
            .map(|(e, &t)| {
                // The rival is the best tag of another type (or O): a B/I/L/U
                // variant of the same entity type is no rival to it.
                let best_own = e.iter().enumerate().filter(|(i, _)| type_of(*i) == type_of(t)).map(|(_, s)| *s).fold(f32::MIN, f32::max);
                let rival = e.iter().enumerate().filter(|(i, _)| type_of(*i) != type_of(t)).map(|(_, s)| *s).fold(f32::MIN, f32::max);
                best_own - rival
            })
            .collect();
        (tags, margins)
    }

    /// Tags one sentence; `scratch` holds the feature buffers, kept by the
    /// caller from sentence to sentence.
    fn tag_views(
        &self,
        views: &[TokenView],
        document: &DocumentContext,
        history: &mut PredictionHistory,
        scratch: &mut Vec<Vec<u32>>,
    ) -> Vec<TaggedMention> {
        sentence_features(views, &self.resources, document, None, scratch);
        let features = &mut scratch[..views.len()];
        history.features(views, features);
        let (tags, margins) = self.decode(features);
        let found = spans(&tags);
        history.record(views, &found);
        let calibration = self.calibration.max(1e-6);
        found
            .into_iter()
            .map(|(start, end, ty)| {
                let mean_margin = margins[start..end].iter().sum::<f32>() / (end - start) as f32;
                TaggedMention {
                    start,
                    end,
                    entity_type: entity_type(ty),
                    confidence: (1.0 - (-3.0 * mean_margin.max(0.0) / calibration).exp()).clamp(0.0, 1.0),
                }
            })
            .collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for s in [&self.name, &self.version] {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.calibration.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.push(if self.resources.word_length { WORD_LENGTH } else { 0 });
        for t in &self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        self.resources.gazetteer.write(&mut out);
        let mut common: Vec<u64> = self.resources.common_words.hashes.iter().copied().collect();
        common.sort_unstable();
        out.extend_from_slice(&(common.len() as u32).to_le_bytes());
        for h in common {
            out.extend_from_slice(&h.to_le_bytes());
        }
        let mut clusters: Vec<(&u64, &[u16; 3])> = self.resources.clusters.ids.iter().collect();
        clusters.sort_unstable_by_key(|(h, _)| **h);
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (h, ids) in clusters {
            out.extend_from_slice(&h.to_le_bytes());
            for id in ids {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        let mut keys: Vec<(u32, usize, usize)> = self
            .table
            .slots
            .iter()
            .filter(|(_, packed)| *packed != 0)
            .map(|&(k, packed)| (k, (packed >> 8) as usize, (packed & 0xff) as usize))
            .collect();
        keys.sort_unstable_by_key(|(k, _, _)| *k);
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, start, count) in keys {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(count as u8);
            for &(t, w) in &self.entries[start..start + count] {
                out.push(t);
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let bad = || "the NER model file is truncated or corrupt".to_string();
        if bytes.get(..8) != Some(&MAGIC[..]) {
            return Err("not an enrich NER model (bad magic)".into());
        }
        let mut at = 8;
        let u32_at = |at: &mut usize| -> Result<u32, String> {
            let v = u32::from_le_bytes(bytes.get(*at..*at + 4).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
            *at += 4;
            Ok(v)
        };
        let mut strings = Vec::new();
        for _ in 0..2 {
            let len = u32_at(&mut at)? as usize;
            let s = std::str::from_utf8(bytes.get(at..at + len).ok_or_else(bad)?).map_err(|_| bad())?;
            strings.push(s.to_string());
            at += len;
        }
        let calibration = f32::from_bits(u32_at(&mut at)?);
        let scale = f32::from_bits(u32_at(&mut at)?);
        let switches = *bytes.get(at).ok_or_else(bad)?;
        if switches & !WORD_LENGTH != 0 {
            return Err(format!("the NER model uses feature switches {switches:#04x}, which this version of enrich does not know"));
        }
        at += 1;
        let mut transitions = Vec::with_capacity((TAGS + 1) * TAGS);
        for _ in 0..(TAGS + 1) * TAGS {
            transitions.push(f32::from_bits(u32_at(&mut at)?));
        }
        let (gazetteer, used) = Gazetteer::read(bytes.get(at..).ok_or_else(bad)?).ok_or_else(bad)?;
        at += used;
        let common_count = u32_at(&mut at)? as usize;
        let mut common_words = CommonWords::default();
        for _ in 0..common_count {
            let h = u64::from_le_bytes(bytes.get(at..at + 8).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
            common_words.hashes.insert(h);
            at += 8;
        }
        let cluster_count = u32_at(&mut at)? as usize;
        let mut clusters = WordClusters::default();
        for _ in 0..cluster_count {
            let h = u64::from_le_bytes(bytes.get(at..at + 8).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
            let mut ids = [0u16; 3];
            for (k, id) in ids.iter_mut().enumerate() {
                let o = at + 8 + 2 * k;
                *id = u16::from_le_bytes(bytes.get(o..o + 2).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
            }
            clusters.ids.insert(h, ids);
            at += 14;
        }
        let n = u32_at(&mut at)? as usize;
        // Counts come from the file: reserve no more than its remaining bytes
        // can hold (5 bytes a feature at least), so a corrupt or foreign file
        // is an error, not a multi-gigabyte allocation that aborts.
        let fits = bytes.len().saturating_sub(at) / 5;
        let mut index = KeyMap::with_capacity_and_hasher(n.min(fits), Default::default());
        let mut entries = Vec::with_capacity(n.min(fits) * 3);
        for _ in 0..n {
            let k = u32_at(&mut at)?;
            let count = *bytes.get(at).ok_or_else(bad)?;
            at += 1;
            index.insert(k, (entries.len() as u32, count));
            for _ in 0..count {
                let t = *bytes.get(at).ok_or_else(bad)?;
                let w = i16::from_le_bytes(bytes.get(at + 1..at + 3).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
                if t as usize >= TAGS {
                    return Err(bad());
                }
                entries.push((t, w));
                at += 3;
            }
        }
        if at != bytes.len() {
            return Err(format!(
                "the NER model file has {} bytes after its last feature; it was written by a different version of enrich or is corrupt",
                bytes.len() - at
            ));
        }
        Ok(PerceptronModel {
            name: strings[0].clone(),
            version: strings[1].clone(),
            calibration,
            scale,
            transitions,
            resources: Resources {
                gazetteer,
                common_words,
                clusters,
                word_length: switches & WORD_LENGTH != 0,
            },
            table: FeatureTable::build(&index),
            entries,
        })
    }
}

/// For each tag, the tags allowed before it (`TAGS` stands for the
/// sentence start), computed once.
fn predecessors() -> &'static [Vec<usize>; TAGS] {
    static TABLE: std::sync::OnceLock<[Vec<usize>; TAGS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|t| (0..TAGS).filter(|&p| allowed(Some(p), t)).collect()))
}

/// Best tag sequence under the BILOU constraints.
pub fn viterbi(emissions: &[[f32; TAGS]], transitions: &[f32]) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let before = predecessors();
    let start_row = TAGS * TAGS;
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in 0..TAGS {
        if allowed(None, t) {
            score[0][t] = emissions[0][t] + transitions[start_row + t];
        }
    }
    for i in 1..n {
        let (done, rest) = score.split_at_mut(i);
        let previous = &done[i - 1];
        for t in 0..TAGS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for &p in &before[t] {
                let s = previous[p] + transitions[p * TAGS + t];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            rest[0][t] = best + emissions[i][t];
            back[i][t] = arg as u8;
        }
    }
    let mut last = (0..TAGS)
        .filter(|&t| may_end(t))
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut tags = vec![0; n];
    for i in (0..n).rev() {
        tags[i] = last;
        last = back[i][last] as usize;
    }
    tags
}

/// Spans `[start, end)` of token indices with their type index, from tags.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match type_of(t) {
            None => open = None,
            Some(ty) => match pos_of(t) {
                0 => open = Some((i, ty)),
                1 => {}
                2 => {
                    if let Some((s, oty)) = open.take() {
                        if oty == ty {
                            out.push((s, i + 1, ty));
                        }
                    }
                }
                _ => {
                    open = None;
                    out.push((i, i + 1, ty));
                }
            },
        }
    }
    out
}

pub fn entity_type(ty: usize) -> EntityType {
    match ty {
        0 => EntityType::Person,
        1 => EntityType::Organization,
        2 => EntityType::Location,
        _ => EntityType::Misc,
    }
}

impl NamedEntityTagger for PerceptronModel {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> &str {
        &self.version
    }

    fn tag(&self, text: &str, tokens: &[Token]) -> Vec<TaggedMention> {
        let views: Vec<TokenView> = tokens.iter().map(|t| TokenView::new(t.text(text))).collect();
        let document = DocumentContext::new([views.as_slice()]);
        self.tag_views(&views, &document, &mut PredictionHistory::default(), &mut Vec::new())
    }

    fn tag_document(&self, text: &str, sentences: &[Vec<Token>]) -> Vec<Vec<TaggedMention>> {
        let views: Vec<Vec<TokenView>> = sentences
            .iter()
            .map(|tokens| tokens.iter().map(|t| TokenView::new(t.text(text))).collect())
            .collect();
        let document = DocumentContext::new(views.iter().map(Vec::as_slice));
        // In document order: each sentence reads the history of those before.
        let mut history = PredictionHistory::default();
        let mut scratch = Vec::new();
        views
            .iter()
            .map(|v| if v.is_empty() { Vec::new() } else { self.tag_views(v, &document, &mut history, &mut scratch) })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::document::Span;
    use crate::nlp::tokenize::tokenize;

    fn english() -> PerceptronModel {
        let (_, bytes) = super::super::EMBEDDED.iter().find(|(lang, _)| *lang == whatlang::Lang::Eng).expect("English model");
        PerceptronModel::from_bytes(bytes).expect("the embedded English model loads")
    }

    fn summary(mentions: &[TaggedMention]) -> Vec<(usize, usize, EntityType, u32)> {
        mentions.iter().map(|m| (m.start, m.end, m.entity_type, m.confidence.to_bits())).collect()
    }

    /// The tagger reuses its feature buffers from sentence to sentence: a
    /// short sentence must not see what a longer one before it left there.
    #[test]
    fn a_short_sentence_after_a_long_one_is_tagged_as_if_alone() {
        let model = english();
        let long = "the markets of the whole region fell sharply on monday after traders sold their shares in a hurry because prices had risen for weeks .";
        let short = "Angela Merkel visited Paris on Friday .";
        let text = format!("{long} {short}");
        let long_tokens = tokenize(&text, Span::new(0, long.len()));
        let short_tokens = tokenize(&text, Span::new(long.len() + 1, text.len()));
        let in_document = model.tag_document(&text, &[long_tokens, short_tokens]);

        let alone = model.tag(short, &tokenize(short, Span::new(0, short.len())));

        assert_eq!(summary(&in_document[1]), summary(&alone));
        let found: Vec<(usize, usize, EntityType)> = alone.iter().map(|m| (m.start, m.end, m.entity_type)).collect();
        assert_eq!(found, vec![(0, 2, EntityType::Person), (3, 4, EntityType::Location)]);
    }

    #[test]
    fn a_damaged_or_foreign_model_file_is_an_error_not_a_crash() {
        let model = english();
        let bytes = model.to_bytes();
        assert_eq!(PerceptronModel::from_bytes(&bytes).map(|m| m.to_bytes()), Ok(bytes.clone()));
        for cut in [7, 8, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(PerceptronModel::from_bytes(&bytes[..cut]).is_err(), "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(PerceptronModel::from_bytes(&longer).err().is_some_and(|e| e.contains("different version")));
        // A count field claiming four billion entries must fail on the
        // missing bytes, not try to reserve memory for them.
        let names = 8 + 4 + model.name.len() + 4 + model.version.len();
        let gazetteer_count = names + 8 + 1 + 4 * (TAGS + 1) * TAGS;
        let r = &model.resources;
        let feature_count = gazetteer_count
            + 4 + 9 * r.gazetteer.len()
            + 4 + 8 * r.common_words.hashes.len()
            + 4 + 14 * r.clusters.len();
        for at in [gazetteer_count, feature_count] {
            let mut huge = bytes.clone();
            huge[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            assert!(PerceptronModel::from_bytes(&huge).is_err(), "count at {at}");
        }
    }

    #[test]
    fn the_word_length_switch_travels_with_the_model_and_changes_the_features() {
        let embedded = |lang| {
            let (_, bytes) = super::super::EMBEDDED.iter().find(|(l, _)| *l == lang).expect("embedded model");
            PerceptronModel::from_bytes(bytes).expect("the embedded model loads")
        };
        assert!(embedded(whatlang::Lang::Eng).resources.word_length);
        assert!(!embedded(whatlang::Lang::Spa).resources.word_length);
        let mut model = english();
        model.resources.word_length = false;
        let reloaded = PerceptronModel::from_bytes(&model.to_bytes()).expect("round trip");
        assert!(!reloaded.resources.word_length);

        let text = "Pirelli shares rose .";
        let views: Vec<TokenView> = tokenize(text, Span::new(0, text.len())).iter().map(|t| TokenView::new(t.text(text))).collect();
        let document = DocumentContext::new([views.as_slice()]);
        let keys = |resources: &Resources| {
            let mut out = Vec::new();
            sentence_features(&views, resources, &document, None, &mut out);
            out[0].len()
        };
        assert_eq!(keys(&english().resources), keys(&reloaded.resources) + 1);

        let mut unknown = model.to_bytes();
        let switch_at = 8 + 4 + model.name.len() + 4 + model.version.len() + 8;
        unknown[switch_at] = 0x80;
        assert!(PerceptronModel::from_bytes(&unknown).err().is_some_and(|e| e.contains("feature switches")));
    }
}
