//! Feature key to weight row: the tagger's hot path, read in place from
//! the model file's feature records.
//!
//! The file lists its features sorted by key, each a record of the key
//! (u32), an entry count (u8) and per entry a tag (u8) and a quantized
//! weight (i16). Keys are already uniform hashes, so a small index of where
//! each bucket of keys starts ([`super::buckets`]) is all a lookup needs.
//! Against an open-addressing
//! table beside a separate array of weights, this
//! - touches one cache line where the table touched two (its slot, then
//!   the weights): the key and its weights are neighbours;
//! - holds a model in half the memory, and for an embedded model reads the
//!   binary's own bytes, so start-up builds only the index (a few hundred
//!   KB) instead of copying every weight into a table.

use super::buckets::BucketIndex;
use super::codec::ModelFileError;
use super::tags::TAGS;

/// Bytes of a record before its entries: key and count.
const HEADER: usize = 5;
/// Bytes of one entry: tag and weight.
const ENTRY: usize = 3;

/// Where the records live: in the binary (embedded models) or in memory
/// (models read from a file or just trained).
enum Records {
    Embedded(&'static [u8]),
    Owned(Vec<u8>),
}

impl Records {
    #[inline]
    fn bytes(&self) -> &[u8] {
        match self {
            Records::Embedded(bytes) => bytes,
            Records::Owned(bytes) => bytes,
        }
    }
}

/// Feature key → weight row.
pub(crate) struct FeatureTable {
    records: Records,
    /// Where each key's bucket of records lies.
    index: BucketIndex,
    len: usize,
}

impl Default for FeatureTable {
    fn default() -> Self {
        FeatureTable {
            records: Records::Owned(Vec::new()),
            index: BucketIndex::default(),
            len: 0,
        }
    }
}

impl FeatureTable {
    /// The table over the `count` records of `bytes` (the file's feature
    /// section), checked once here: keys strictly ascending, records inside
    /// the bytes, nothing left over. Each entry's tag is not checked: the
    /// binary's own models pass [`Self::copied`]'s full check in the tests
    /// (`every_embedded_model_passes_the_full_check`), and reading 4 million
    /// tags again at every start-up cost 10 to 15 ms of it. A tag out of
    /// range would be ignored by the lookups, not read out of bounds.
    pub(crate) fn embedded(bytes: &'static [u8], count: usize) -> Result<Self, ModelFileError> {
        Self::index(Records::Embedded(bytes), count, false)
    }

    /// As [`Self::embedded`], over a copy of `bytes`, with every entry's
    /// tag checked too: a file from elsewhere may be damaged.
    pub(crate) fn copied(bytes: &[u8], count: usize) -> Result<Self, ModelFileError> {
        Self::index(Records::Owned(bytes.to_vec()), count, true)
    }

    /// The table over `rows`: each key (distinct) with its `(tag, weight)`
    /// entries, written in key order as the file stores them.
    pub(crate) fn from_rows(rows: &[(u32, Vec<(u8, i16)>)]) -> Self {
        let mut sorted: Vec<&(u32, Vec<(u8, i16)>)> = rows.iter().collect();
        sorted.sort_unstable_by_key(|(key, _)| *key);
        sorted.dedup_by_key(|(key, _)| *key);
        let mut bytes = Vec::new();
        for (key, entries) in &sorted {
            write_record(&mut bytes, *key, entries.iter().copied());
        }
        // Sorted, distinct and laid out here, so the index cannot refuse
        // them (short of 4 GiB of weights).
        Self::index(Records::Owned(bytes), sorted.len(), true).unwrap_or_default()
    }

    fn index(records: Records, count: usize, check_tags: bool) -> Result<Self, ModelFileError> {
        let bytes = records.bytes();
        // A count the bytes cannot hold is damage: refused before anything
        // is sized by it.
        if count > bytes.len() / HEADER {
            return Err(ModelFileError::Truncated);
        }
        let mut index = BucketIndex::builder(count);
        let mut at = 0usize;
        let mut last: Option<u32> = None;
        for _ in 0..count {
            let header = bytes.get(at..at + HEADER).ok_or(ModelFileError::Truncated)?;
            let key = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
            let entries = usize::from(header[4]);
            // Written sorted by key, each once: a file that repeats or
            // reorders keys is damaged.
            if last.is_some_and(|last| last >= key) {
                return Err(ModelFileError::Truncated);
            }
            last = Some(key);
            let end = at + HEADER + ENTRY * entries;
            let body = bytes.get(at + HEADER..end).ok_or(ModelFileError::Truncated)?;
            if check_tags && body.chunks_exact(ENTRY).any(|e| usize::from(e[0]) >= TAGS) {
                return Err(ModelFileError::Truncated);
            }
            index.push(key, at as u32);
            at = end;
        }
        if at != bytes.len() {
            return Err(ModelFileError::TrailingBytes(bytes.len() - at));
        }
        let end = u32::try_from(at).map_err(|_| ModelFileError::Truncated)?;
        Ok(FeatureTable {
            records,
            index: index.finish(end),
            len: count,
        })
    }

    /// Where `key`'s bucket lies: what [`Self::find`] scans.
    #[inline]
    pub(crate) fn bucket(&self, key: u32) -> (usize, usize) {
        self.index.bucket(key)
    }

    /// The first byte of a bucket, read only so that its cache line is on
    /// its way while other keys are looked up.
    #[inline]
    pub(crate) fn touch(&self, (start, end): (usize, usize)) -> u8 {
        if start < end {
            self.records.bytes().get(start).copied().unwrap_or(0)
        } else {
            0
        }
    }

    /// The entries of `key`, given its bucket: `(tag, weight)` triples of
    /// bytes, empty when the model does not have the key.
    #[inline]
    pub(crate) fn find(&self, key: u32, (mut at, end): (usize, usize)) -> &[u8] {
        let bytes = self.records.bytes();
        while at < end {
            let Some(header) = bytes.get(at..at + HEADER) else {
                break;
            };
            let k = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
            let body = at + HEADER;
            let next = body + ENTRY * usize::from(header[4]);
            if k == key {
                return bytes.get(body..next).unwrap_or_default();
            }
            if k > key {
                break;
            }
            at = next;
        }
        &[]
    }

    /// The records as the model file stores them.
    pub(crate) fn record_bytes(&self) -> &[u8] {
        self.records.bytes()
    }

    /// How many keys it holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Bytes it takes in memory: the index, and the records unless they
    /// are the binary's own.
    pub(crate) fn memory_bytes(&self) -> usize {
        let records = match &self.records {
            Records::Embedded(_) => 0,
            Records::Owned(bytes) => bytes.len(),
        };
        self.index.memory_bytes() + records
    }
}

/// Appends one record: key, count, entries.
fn write_record(out: &mut Vec<u8>, key: u32, entries: impl ExactSizeIterator<Item = (u8, i16)>) {
    out.extend_from_slice(&key.to_le_bytes());
    out.push(u8::try_from(entries.len()).unwrap_or(u8::MAX));
    for (t, w) in entries.take(usize::from(u8::MAX)) {
        out.push(t);
        out.extend_from_slice(&w.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(keys: impl IntoIterator<Item = u32>) -> Vec<(u32, Vec<(u8, i16)>)> {
        keys.into_iter()
            .map(|k| (k, (0..(k % 4) as u8).map(|t| (t, k as i16 ^ i16::from(t))).collect()))
            .collect()
    }

    #[test]
    fn every_stored_key_finds_its_entries_and_no_other_key_finds_any() {
        // Keys spread over the whole range, as hashes are, and crowded at
        // both ends, where buckets meet the edges of the index.
        let mut keys: Vec<u32> = (0..5000u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
        keys.extend([0, 1, 2, u32::MAX, u32::MAX - 1]);
        keys.sort_unstable();
        keys.dedup();
        let stored: Vec<u32> = keys.iter().copied().step_by(2).collect();
        let table = FeatureTable::from_rows(&rows(stored.iter().copied()));
        assert_eq!(table.len(), stored.len());
        for (i, &key) in keys.iter().enumerate() {
            let found = table.find(key, table.bucket(key));
            if i % 2 == 0 {
                let expected: Vec<u8> = rows([key])[0]
                    .1
                    .iter()
                    .flat_map(|&(t, w)| {
                        let [a, b] = w.to_le_bytes();
                        [t, a, b]
                    })
                    .collect();
                assert_eq!(found, expected.as_slice(), "key {key}");
            } else {
                assert!(found.is_empty(), "key {key} is not stored");
            }
        }
    }

    #[test]
    fn records_out_of_order_with_unknown_tags_or_cut_short_are_refused() {
        let good = FeatureTable::from_rows(&rows([3, 7, 11]));
        let bytes = good.record_bytes().to_vec();
        assert!(FeatureTable::copied(&bytes, 3).is_ok());
        // 7 then 3: out of order.
        let mut swapped = FeatureTable::from_rows(&rows([7])).record_bytes().to_vec();
        swapped.extend(FeatureTable::from_rows(&rows([3])).record_bytes());
        assert!(FeatureTable::copied(&swapped, 2).is_err());
        let mut unknown_tag = bytes.clone();
        unknown_tag[HEADER] = TAGS as u8;
        assert!(FeatureTable::copied(&unknown_tag, 3).is_err());
        assert!(FeatureTable::copied(&bytes[..bytes.len() - 1], 3).is_err());
        assert!(matches!(
            FeatureTable::copied(&bytes, 2),
            Err(ModelFileError::TrailingBytes(_))
        ));
    }
}
