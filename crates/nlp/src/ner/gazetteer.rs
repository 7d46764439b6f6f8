//! A gazetteer learned from the training data: which token sequences were
//! named entities of which type. Stored as hashes of the lowercased
//! sequences, not as text.
//!
//! While training, an entry seen in only one document does not fire inside
//! that document: otherwise every training entity would be in the gazetteer,
//! the feature would look perfect, and the model would lean on it far more
//! than it deserves on unseen text.

use super::hash::{table_bytes, HashedMap, SequenceHash};
use super::labels::NerLabel;
use super::token::TokenView;

/// Longest entry, in tokens.
pub const MAX_TOKENS: usize = 6;

#[derive(Debug, Clone, Default)]
struct Entry {
    /// Documents the sequence was an entity of each type in.
    counts: [u32; NerLabel::COUNT],
    /// For a count of one, which document (training only).
    only_doc: [Option<u32>; NerLabel::COUNT],
}

impl Entry {
    /// The types the entry fires for: a type seen in one training document
    /// only is hidden inside that document (`skip_doc`).
    fn mask(&self, skip_doc: Option<usize>) -> u8 {
        (0..NerLabel::COUNT)
            .filter(|&t| {
                self.counts[t] >= 2
                    || (self.counts[t] == 1 && (skip_doc.is_none() || self.only_doc[t].map(|d| d as usize) != skip_doc))
            })
            .fold(0u8, |m, t| m | 1 << t)
    }
}

/// Entity sequences by type.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: HashedMap<Entry>,
}

fn key(tokens: &[TokenView]) -> u64 {
    let mut h = SequenceHash::start();
    let mut last = 0;
    for (k, t) in tokens.iter().enumerate() {
        last = h.extend(k == 0, &t.lower);
    }
    last
}

impl Gazetteer {
    /// Bytes the entries hold in memory.
    pub fn memory_bytes(&self) -> usize {
        table_bytes(self.entries.capacity(), std::mem::size_of::<(u64, Entry)>())
    }

    /// Records that `tokens` were an entity of type index `ty` in `doc`.
    pub fn add(&mut self, tokens: &[TokenView], ty: usize, doc: u32) {
        if tokens.is_empty() || tokens.len() > MAX_TOKENS {
            return;
        }
        let e = self.entries.entry(key(tokens)).or_default();
        if e.only_doc[ty] == Some(doc) {
            return;
        }
        e.counts[ty] += 1;
        e.only_doc[ty] = if e.counts[ty] == 1 { Some(doc) } else { None };
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The types a one-word entry `lower` (a lowercase word) fires for, as
    /// a bit mask (0 when it is not an entry).
    pub fn single(&self, lower: &str, skip_doc: Option<usize>) -> u8 {
        let mut h = SequenceHash::start();
        let key = h.extend(true, lower);
        self.entries.get(&key).map_or(0, |e| e.mask(skip_doc))
    }

    /// For each token, `(position, type)` labels of the longest entries
    /// covering it, position 0 B, 1 I, 2 L, 3 U. `skip_doc` hides entries
    /// known only from that training document.
    pub fn matches(&self, tokens: &[TokenView], skip_doc: Option<usize>) -> Vec<Vec<(u8, u8)>> {
        let mut out = vec![Vec::new(); tokens.len()];
        if self.entries.is_empty() {
            return out;
        }
        let mut i = 0;
        while i < tokens.len() {
            // Entries start with a capital or a digit (names, `1860 Munich`).
            if !tokens[i]
                .word
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                i += 1;
                continue;
            }
            let mut found: Option<(usize, u8)> = None;
            let mut h = SequenceHash::start();
            for len in 1..=MAX_TOKENS.min(tokens.len() - i) {
                let key = h.extend(len == 1, &tokens[i + len - 1].lower);
                if let Some(e) = self.entries.get(&key) {
                    let mask = e.mask(skip_doc);
                    if mask != 0 {
                        found = Some((len, mask));
                    }
                }
            }
            match found {
                Some((len, mask)) => {
                    for t in (0..NerLabel::COUNT as u8).filter(|t| mask & (1 << t) != 0) {
                        for k in 0..len {
                            let position = if len == 1 {
                                3
                            } else if k == 0 {
                                0
                            } else if k == len - 1 {
                                2
                            } else {
                                1
                            };
                            out[i + k].push((position, t));
                        }
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Serialized: entry count, then per entry its hash and a type mask.
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut keys: Vec<(&u64, &Entry)> = self.entries.iter().collect();
        keys.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, e) in keys {
            out.extend_from_slice(&k.to_le_bytes());
            let mask = (0..NerLabel::COUNT).fold(0u8, |m, t| if e.counts[t] > 0 { m | (1 << t) } else { m });
            out.push(mask);
        }
    }

    /// Reads what [`Gazetteer::write`] wrote; returns the bytes consumed.
    pub fn read(bytes: &[u8]) -> Option<(Self, usize)> {
        let n = u32::from_le_bytes(bytes.get(0..4)?.try_into().ok()?) as usize;
        // At most as many entries as the remaining bytes hold (9 each).
        let mut entries =
            HashedMap::with_capacity_and_hasher(n.min(bytes.len().saturating_sub(4) / 9), Default::default());
        let mut at = 4;
        for _ in 0..n {
            let k = u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?);
            let mask = *bytes.get(at + 8)?;
            let mut e = Entry::default();
            for t in 0..NerLabel::COUNT {
                if mask & (1 << t) != 0 {
                    // Served models only need "known as this type".
                    e.counts[t] = 2;
                }
            }
            entries.insert(k, e);
            at += 9;
        }
        Some((Gazetteer { entries }, at))
    }
}
