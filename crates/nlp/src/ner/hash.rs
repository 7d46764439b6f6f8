//! The one hash of the entity models: FNV-1a, 64-bit. Stable across
//! platforms and Rust versions, so a committed model keeps meaning the same
//! features; feature keys, lexicon entries and word clusters all use it, and
//! so do the crate's in-memory maps of words ([`StrMap`], [`StrSet`]), where
//! SipHash would cost more than the short key.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a from `state` over `bytes`.
#[inline]
fn fnv(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state = (state ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    state
}

/// FNV-1a over a template id and parts separated by a 0xff byte.
#[derive(Clone, Copy)]
pub(crate) struct Key(u64);

impl Key {
    pub(crate) fn new(template: u8) -> Self {
        Key((FNV_OFFSET ^ u64::from(template)).wrapping_mul(FNV_PRIME))
    }
    pub(crate) fn add(mut self, part: &str) -> Self {
        // The loop of [`fnv`], written out: the tagger's feature keys are
        // its hottest hashing, and through the call it measured 3% slower
        // (`--bench stage_entities_by_language`, three alternated runs).
        for &b in part.as_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(FNV_PRIME);
        self
    }
    pub(crate) fn add_int(mut self, n: u64) -> Self {
        for b in n.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }
    pub(crate) fn finish(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
    /// The whole 64-bit state, where a 32-bit key could collide.
    pub(crate) fn finish64(self) -> u64 {
        self.0
    }
}

/// A stable 64-bit hash of a string, for lexicon entries.
pub fn string_hash(s: &str) -> u64 {
    Key::new(255).add(s).0
}

/// Incremental hash of a token sequence joined by spaces: `start`, then
/// `extend` with each token. Equal to hashing the joined string's parts.
pub struct SequenceHash(u64);

impl SequenceHash {
    pub fn start() -> Self {
        SequenceHash(Key::new(254).0)
    }
    pub fn extend(&mut self, first: bool, part: &str) -> u64 {
        let bytes = if first { None } else { Some(b' ') };
        for b in bytes.into_iter().chain(part.bytes()) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self.0
    }
}

/// The hasher of maps whose keys are already hashes (feature keys, the
/// [`string_hash`] of words): one multiplication spreads the key over the
/// bits the table reads, where SipHash would hash a hash again.
#[derive(Default)]
pub struct KeyHasher(u64);

const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(SPREAD);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(SPREAD);
    }
}

/// FNV-1a as a [`Hasher`], for in-memory maps keyed by strings: a word is
/// a few bytes, where SipHash's setup costs more than the word.
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(FNV_OFFSET)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes);
    }
}

/// A map keyed by strings, hashed by [`FnvHasher`].
pub type StrMap<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;
/// A set of strings, hashed by [`FnvHasher`].
pub type StrSet = HashSet<&'static str, BuildHasherDefault<FnvHasher>>;

/// A map keyed by a word's [`string_hash`].
pub type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
/// A set of words' [`string_hash`]es.
pub type HashedSet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Bytes a hash table of `capacity` entries of `entry` bytes holds: its
/// buckets (capacity is 7/8 of them) and a control byte each.
pub fn table_bytes(capacity: usize, entry: usize) -> usize {
    capacity * 8 / 7 * (entry + 1)
}
