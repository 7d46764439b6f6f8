//! The tagger's working memory, kept from document to document.
//!
//! Words repeat: within a story (`the`, its names) and across the stories a
//! worker tags in a row. What a word contributes by itself (its
//! [`own_features`](super::features::own_features): form, affixes, shape,
//! clusters) and what it tells the tokens beside it (its
//! [`neighbour_features`](super::features::neighbour_features): form, shape
//! and clusters, per side) are about three quarters of a token's ~45 weight lookups,
//! and the same every time the word comes back, so the tagger sums them
//! once and remembers the sums. Each model keeps a few of these memories in a pool:
//! a document takes one, tags with it and gives it back, so concurrent
//! documents never share one and no lock is held while tagging.

use super::hash::HashedMap;
use super::tags::TAGS;
use std::sync::Mutex;

/// Words a memory holds before it starts over. A full memory takes about
/// 3.2 MiB: 8,192 words of 360 bytes (their weights as themselves and
/// beside a token on each side), their text, and an index. Chosen on
/// one pass over each training file, documents the memory had not seen
/// (`enrich-lab eval-ner --gold ..._train.docs.jsonl`, thousand tokens a
/// second, two runs): Russian 248 / 325 at 4,096 words, 312 / 357 at
/// 8,192, 283 / 353 at 16,384; German 310 / 380, 358 / 412, 367 / 468.
/// Inflected languages have many forms, and a memory that starts over too
/// often forgets the common ones.
pub(crate) const MEMO_WORDS: usize = 8192;

/// Memories a model keeps between documents: one per worker that tags in
/// its language at the same time, up to this many. More concurrent
/// documents make their own and drop them.
const POOLED: usize = 4;

/// What one word contributes wherever it stands, in quantized units.
#[derive(Clone, Copy)]
pub(crate) struct WordRows {
    /// The summed weights of its own features.
    pub own: [i32; TAGS],
    /// The summed weights of its [`neighbour_features`] for the token it
    /// stands beside, one row per side in [`Side::ALL`]'s order.
    ///
    /// [`neighbour_features`]: super::features::neighbour_features
    /// [`Side::ALL`]: super::features::Side::ALL
    pub beside: [[i32; TAGS]; 4],
}

/// A word the memory holds.
pub(crate) struct SeenWord {
    pub word: Box<str>,
    /// Whether the sentence was in capitals: two own features read it.
    pub all_caps: bool,
    pub rows: WordRows,
}

/// One document's buffers and the words seen by this memory.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Where each remembered word is in `seen`, keyed by the word's hash
    /// and the capitals flag; a later word whose key is taken is computed
    /// afresh each time, never confused. An index rather than the words
    /// themselves: the map keeps up to twice as many buckets as entries.
    index: HashedMap<u32>,
    seen: Vec<SeenWord>,
    /// Keys of one word's own features, while they are summed.
    pub keys: Vec<u32>,
    /// Per token of the sentence: its window keys.
    pub context: Vec<Vec<u32>>,
    /// What the sentence's edge gives the tokens beside it, as
    /// [`WordRows::beside`]; the same for every sentence.
    pub edge: Option<[[i32; TAGS]; 4]>,
}

impl Scratch {
    /// The word remembered under `key`, if any.
    pub fn recall(&self, key: u64) -> Option<&SeenWord> {
        self.index.get(&key).and_then(|&i| self.seen.get(i as usize))
    }

    /// Remembers `word`, starting over when the memory is full.
    pub fn remember(&mut self, key: u64, word: SeenWord) {
        if self.seen.len() >= MEMO_WORDS {
            self.index.clear();
            self.seen.clear();
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = self.index.entry(key) {
            slot.insert(self.seen.len() as u32);
            self.seen.push(word);
        }
    }
}

/// A model's memories between documents.
#[derive(Default)]
pub(crate) struct ScratchPool(Mutex<Vec<Scratch>>);

impl ScratchPool {
    /// A memory for one document: a pooled one, or a new one.
    pub fn take(&self) -> Scratch {
        self.0.lock().ok().and_then(|mut pool| pool.pop()).unwrap_or_default()
    }

    /// Gives a memory back for the next document.
    pub fn give_back(&self, scratch: Scratch) {
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < POOLED {
                pool.push(scratch);
            }
        }
    }
}
