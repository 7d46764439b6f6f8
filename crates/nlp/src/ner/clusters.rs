//! Word clusters, as the tagger reads them: three cluster ids (coarse to
//! fine) per word, so it generalises from names it saw in training to
//! words used the same way (`Sarajevo` like `Belgrade`). The lab learns
//! them from unlabeled text, or groups pretrained word vectors
//! (`enrich-lab train-ner --embeddings`), and saves them with the model.
//!
//! A table can hold a quarter of a million words (Russian's), so it is
//! stored packed rather than as a hash map: one u64 per word, the top 40
//! bits of the word's hash above its three ids in 24 bits, sorted, with a
//! directory of where each run of equal top bits starts. A lookup reads one
//! directory entry and a few neighbouring rows; 8 bytes a word instead of
//! the 17 a hash map bucket takes.

use super::token::TokenView;

/// Cluster counts, coarse to fine: every id of level `l` is below
/// `LEVELS[l]`, which is what lets three ids pack into 24 bits.
pub const LEVELS: [u16; 3] = [64, 256, 1024];
/// Bits per level's id (log2 of [`LEVELS`]).
const ID_BITS: [u32; 3] = [6, 8, 10];
/// Low bits of a row that hold the ids; the rest is the hash's top bits.
const PAYLOAD_BITS: u32 = 24;
/// About this many rows share a directory entry.
const ROWS_PER_BUCKET: usize = 4;

/// Cluster ids per word, keyed by the hash of the word form or of its
/// lowercase form.
#[derive(Debug, Default, Clone)]
pub struct WordClusters {
    /// Sorted `hash >> 24 << 24 | ids`, one per word.
    rows: Vec<u64>,
    /// `rows[starts[b]..starts[b + 1]]` are the rows whose hash's top
    /// `bucket_bits` bits are `b`.
    starts: Vec<u32>,
    bucket_bits: u32,
    /// Keyed by the lowercase form: clusters grouped from word vectors that
    /// were trained on lowercased text (Russian's), where `Москва` and
    /// `москва` are one entry. Saved with the model.
    pub(crate) lowercase: bool,
}

fn pack(ids: [u16; 3]) -> u64 {
    // An id at or above its level's count is clamped: the lab's k-means
    // never makes one, and the model reader refuses files that hold one.
    let mut packed = 0u64;
    for ((id, level), bits) in ids.into_iter().zip(LEVELS).zip(ID_BITS) {
        packed = packed << bits | u64::from(id.min(level - 1));
    }
    packed
}

fn unpack(row: u64) -> [u16; 3] {
    let mut ids = [0u16; 3];
    let mut rest = row;
    for level in (0..3).rev() {
        ids[level] = (rest & ((1 << ID_BITS[level]) - 1)) as u16;
        rest >>= ID_BITS[level];
    }
    ids
}

impl WordClusters {
    /// Clusters keyed by the word form's [`string_hash`], or by its
    /// lowercase form's when `lowercase`. Of two words whose hashes share
    /// their top 40 bits (about one pair in 30 tables of 250,000 words),
    /// the first in hash order is kept.
    ///
    /// [`string_hash`]: super::hash::string_hash
    pub fn from_ids(ids: impl IntoIterator<Item = (u64, [u16; 3])>, lowercase: bool) -> Self {
        let mut rows: Vec<u64> = ids
            .into_iter()
            .map(|(hash, ids)| hash >> PAYLOAD_BITS << PAYLOAD_BITS | pack(ids))
            .collect();
        rows.sort_unstable();
        rows.dedup_by_key(|row| *row >> PAYLOAD_BITS);
        let buckets = (rows.len() / ROWS_PER_BUCKET).next_power_of_two().max(1);
        let bucket_bits = buckets.trailing_zeros();
        let mut starts = vec![0u32; buckets + 1];
        for &row in &rows {
            starts[bucket(row, bucket_bits) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        WordClusters {
            rows,
            starts,
            bucket_bits,
            lowercase,
        }
    }

    /// Whether every id is below its level's count ([`LEVELS`]).
    pub fn ids_fit(ids: [u16; 3]) -> bool {
        ids.iter().zip(LEVELS).all(|(&id, level)| id < level)
    }

    /// The clusters of a token, looked up by the key the table was built with.
    pub fn get(&self, token: &TokenView) -> Option<[u16; 3]> {
        let key = if self.lowercase {
            token.lower_hash
        } else {
            token.word_hash
        };
        let b = bucket(key, self.bucket_bits);
        let (start, end) = (*self.starts.get(b)? as usize, *self.starts.get(b + 1)? as usize);
        self.rows
            .get(start..end)?
            .iter()
            .find(|&&row| row >> PAYLOAD_BITS == key >> PAYLOAD_BITS)
            .map(|&row| unpack(row))
    }

    /// Every word's hash (its top 40 bits) and ids, in hash order: what
    /// the model file stores.
    pub fn rows(&self) -> impl Iterator<Item = (u64, [u16; 3])> + '_ {
        self.rows
            .iter()
            .map(|&row| (row >> PAYLOAD_BITS << PAYLOAD_BITS, unpack(row)))
    }

    /// Bytes the table holds in memory.
    pub fn memory_bytes(&self) -> usize {
        self.rows.len() * 8 + self.starts.len() * 4
    }

    /// Whether the table is keyed by lowercase forms.
    pub fn is_lowercase(&self) -> bool {
        self.lowercase
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The directory entry of a hash: its top `bits` bits.
fn bucket(hash: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (hash >> (64 - bits)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash::string_hash;

    #[test]
    fn ids_survive_packing_and_every_word_is_found_again() {
        let words: Vec<String> = (0..5000).map(|i| format!("word{i}")).collect();
        let ids = |i: usize| [(i % 64) as u16, (i % 256) as u16, (i % 1024) as u16];
        let table = WordClusters::from_ids(words.iter().enumerate().map(|(i, w)| (string_hash(w), ids(i))), false);
        assert_eq!(table.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get(&TokenView::new(w)), Some(ids(i)), "{w}");
        }
        assert_eq!(table.get(&TokenView::new("absent")), None);
        assert_eq!(WordClusters::default().get(&TokenView::new("word1")), None);
        // The rows written to a model file build the same table again.
        let again = WordClusters::from_ids(table.rows(), false);
        assert_eq!(again.get(&TokenView::new("word4999")), Some(ids(4999)));
        assert!(table.memory_bytes() < words.len() * 10);
    }

    #[test]
    fn ids_must_fit_their_level() {
        assert!(WordClusters::ids_fit([63, 255, 1023]));
        assert!(!WordClusters::ids_fit([64, 0, 0]));
        assert!(!WordClusters::ids_fit([0, 0, 1024]));
    }
}
