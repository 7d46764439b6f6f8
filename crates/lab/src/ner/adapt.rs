//! Training on corpora annotated by other conventions: feature augmentation
//! (Daumé III 2007, "Frustratingly easy domain adaptation").
//!
//! A language's own corpus and the material that joins it (WikiNEuRal's
//! silver Wikipedia labels beside CoNLL's news) agree on most of what makes
//! a name, and disagree on conventions: whether a country that acts is an
//! organisation, whether a title is part of a person. Trained as one corpus,
//! the model learns an average of both conventions. Augmented, every feature
//! occurrence is learned twice: once as itself, shared by every corpus, and
//! once as a copy private to the corpus it came from. What the corpora agree
//! on goes to the shared weights; what one of them does its own way goes to
//! its copy. The saved model keeps, for each feature, the shared weight plus
//! the copy of the language's own corpus (source 0), so serving reads the
//! same features as ever, at no cost.

use enrich_nlp::lab::TAGS;
use std::collections::HashMap;

/// Each training document's source: the index of the training file it came
/// from, 0 being the language's own corpus, the one the model serves.
pub type Source = u32;

/// Adds the per-source copies of feature keys and folds them back into one
/// set of weights.
#[derive(Debug, Default)]
pub struct Augmenter {
    /// Every copy made: the copy's key, the key it copies, and whether it is
    /// the own corpus's copy (kept) or another corpus's (dropped).
    copies: HashMap<u32, (u32, bool)>,
}

impl Augmenter {
    /// The key of `key`'s copy private to `source`.
    fn copy_key(key: u32, source: Source) -> u32 {
        let h = (u64::from(key) ^ (u64::from(source) + 1) << 40).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 32) as u32
    }

    /// Appends to `keys`, from position `from` on, the copy of each key
    /// private to `source`.
    pub fn augment(&mut self, keys: &mut Vec<u32>, from: usize, source: Source) {
        let end = keys.len();
        for i in from..end {
            let key = keys[i];
            let copy = Self::copy_key(key, source);
            self.copies.entry(copy).or_insert((key, source == 0));
            keys.push(copy);
        }
    }

    /// The weights a model of the own corpus serves with: each shared weight
    /// plus the own corpus's copy; other corpora's copies are dropped.
    pub fn merge(&self, weights: HashMap<u32, [f32; TAGS]>) -> HashMap<u32, [f32; TAGS]> {
        let mut merged: HashMap<u32, [f32; TAGS]> = HashMap::with_capacity(weights.len() / 2);
        for (key, row) in weights {
            let target = match self.copies.get(&key) {
                Some(&(base, true)) => base,
                Some(&(_, false)) => continue,
                None => key,
            };
            let sum = merged.entry(target).or_insert([0.0; TAGS]);
            for (s, w) in sum.iter_mut().zip(row) {
                *s += w;
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_weight_is_the_shared_one_plus_the_own_corpus_copy() {
        let mut augmenter = Augmenter::default();
        let mut own = vec![11, 12];
        augmenter.augment(&mut own, 0, 0);
        let mut other = vec![11];
        augmenter.augment(&mut other, 0, 1);
        assert_eq!(own.len(), 4, "each key gets one copy");
        assert_ne!(own[2], other[1], "each source has copies of its own");
        let mut weights = HashMap::new();
        let row = |x: f32| {
            let mut r = [0.0; TAGS];
            r[1] = x;
            r
        };
        weights.insert(11, row(1.0));
        weights.insert(own[2], row(0.5));
        weights.insert(other[1], row(-4.0));
        weights.insert(own[3], row(2.0));
        let merged = augmenter.merge(weights);
        assert_eq!(merged.len(), 2, "copies fold into the keys they copy");
        assert_eq!(merged[&11][1], 1.5, "shared plus own, never the other corpus's copy");
        assert_eq!(merged[&12][1], 2.0, "an own copy alone still serves");
    }

    #[test]
    fn augmenting_from_a_position_leaves_earlier_keys_uncopied() {
        let mut augmenter = Augmenter::default();
        let mut keys = vec![1, 2, 3];
        augmenter.augment(&mut keys, 2, 0);
        assert_eq!(keys.len(), 4);
        assert_eq!(&keys[..3], &[1, 2, 3]);
    }
}
