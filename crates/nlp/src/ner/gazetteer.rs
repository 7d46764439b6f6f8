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

/// The mask bit above the types' bits: the word is the surname (last word)
/// of a person the training data named in full (`Merkel` of `Angela
/// Merkel`). Not a type: a one-word entry whose only bit is this one
/// matches no name, and the tagger reads it as a feature of its own.
pub const SURNAME: u8 = 1 << NerLabel::COUNT;

/// The mask bits of the types.
const TYPES: u8 = SURNAME - 1;

/// Kinds of entry a training document can contribute: the types and
/// [`SURNAME`].
const KINDS: usize = NerLabel::COUNT + 1;

/// The document field of a type no document has had yet.
const NO_DOC: u32 = u32::MAX;
/// The document field of a type two or more documents have had.
const MANY_DOCS: u32 = u32::MAX - 1;

/// Entity sequences by type.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Per sequence hash, the types it was an entity of (a bit per type):
    /// all a served model needs, 16 bytes a sequence.
    types: HashedMap<u8>,
    /// Training only: per sequence hash and type, the one document that had
    /// it, or [`MANY_DOCS`]. Empty in a model read from its file.
    sources: HashedMap<[u32; KINDS]>,
    /// Whether any entry is a [`SURNAME`]: a model trained without them
    /// skips the lookup.
    has_surnames: bool,
}

fn key(tokens: &[TokenView]) -> u64 {
    let mut h = SequenceHash::start();
    let mut last = 0;
    for (k, t) in tokens.iter().enumerate() {
        last = h.extend(k == 0, &t.lower);
    }
    last
}

/// A skeleton's key: a sequence no tokenizer gives, a control character
/// then the skeleton, so skeletons never match words.
fn skeleton_key(sound: &str) -> u64 {
    let mut h = SequenceHash::start();
    h.extend(true, "\u{1}");
    h.extend(false, sound)
}

impl Gazetteer {
    /// Bytes the tables hold in memory.
    pub fn memory_bytes(&self) -> usize {
        table_bytes(self.types.capacity(), std::mem::size_of::<(u64, u8)>())
            + table_bytes(self.sources.capacity(), std::mem::size_of::<(u64, [u32; KINDS])>())
    }

    /// Records that `tokens` were an entity of type index `ty` in `doc`.
    pub fn add(&mut self, tokens: &[TokenView], ty: usize, doc: u32) {
        if ty < NerLabel::COUNT {
            self.add_kind(tokens, ty, doc);
        }
    }

    /// Records that a name of type index `ty` has the sound skeleton
    /// `sound` (see [`super::skeleton`]): known so, a Russian word finds
    /// the name a Latin-script corpus wrote.
    pub fn add_skeleton(&mut self, sound: &str, ty: usize, doc: u32) {
        if ty < NerLabel::COUNT {
            self.add_key(skeleton_key(sound), ty, doc);
        }
    }

    /// The types of the names whose sound skeleton is `sound`.
    pub fn by_skeleton(&self, sound: &str, skip_doc: Option<usize>) -> u8 {
        self.mask(skeleton_key(sound), skip_doc) & TYPES
    }

    /// Records that `word` was the surname of a person named in full in
    /// `doc` (see [`SURNAME`]).
    pub fn add_surname(&mut self, word: &TokenView, doc: u32) {
        self.add_kind(std::slice::from_ref(word), NerLabel::COUNT, doc);
    }

    fn add_kind(&mut self, tokens: &[TokenView], ty: usize, doc: u32) {
        if tokens.is_empty() || tokens.len() > MAX_TOKENS {
            return;
        }
        self.add_key(key(tokens), ty, doc);
    }

    fn add_key(&mut self, key: u64, ty: usize, doc: u32) {
        let source = &mut self.sources.entry(key).or_insert([NO_DOC; KINDS])[ty];
        *source = match *source {
            NO_DOC => doc,
            same if same == doc => return,
            _ => MANY_DOCS,
        };
        *self.types.entry(key).or_default() |= 1 << ty;
        self.has_surnames |= ty == NerLabel::COUNT;
    }

    /// The types the entry `key` fires for: a type only one training
    /// document had is hidden inside that document (`skip_doc`).
    fn mask(&self, key: u64, skip_doc: Option<usize>) -> u8 {
        let Some(&types) = self.types.get(&key) else { return 0 };
        match (skip_doc, self.sources.get(&key)) {
            (Some(skip), Some(sources)) => (0..KINDS)
                .filter(|&t| sources[t] as usize == skip)
                .fold(types, |m, t| m & !(1 << t)),
            _ => types,
        }
    }

    /// Whether any entry is a known [`SURNAME`].
    pub fn has_surnames(&self) -> bool {
        self.has_surnames
    }

    /// Whether `lower` (a lowercase word) is a known [`SURNAME`].
    pub fn is_surname(&self, lower: &str, skip_doc: Option<usize>) -> bool {
        self.has_surnames && self.single(lower, skip_doc) & SURNAME != 0
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// The types a one-word entry `lower` (a lowercase word) fires for, as
    /// a bit mask with [`SURNAME`] (0 when it is not an entry).
    pub fn single(&self, lower: &str, skip_doc: Option<usize>) -> u8 {
        let mut h = SequenceHash::start();
        self.mask(h.extend(true, lower), skip_doc)
    }

    /// For each token, `(position, type)` labels of the longest entries
    /// covering it, position 0 B, 1 I, 2 L, 3 U. `skip_doc` hides entries
    /// known only from that training document.
    pub fn matches(&self, tokens: &[TokenView], skip_doc: Option<usize>) -> Vec<Vec<(u8, u8)>> {
        let mut out = vec![Vec::new(); tokens.len()];
        if self.types.is_empty() {
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
                let mask = self.mask(key, skip_doc) & TYPES;
                if mask != 0 {
                    found = Some((len, mask));
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
        let mut rows: Vec<(u64, u8)> = self.types.iter().map(|(&k, &m)| (k, m)).collect();
        rows.sort_unstable();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, mask) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(mask);
        }
    }

    /// Reads what [`Gazetteer::write`] wrote; returns the bytes consumed.
    pub fn read(bytes: &[u8]) -> Option<(Self, usize)> {
        let n = u32::from_le_bytes(bytes.get(0..4)?.try_into().ok()?) as usize;
        // At most as many entries as the remaining bytes hold (9 each).
        let mut types =
            HashedMap::with_capacity_and_hasher(n.min(bytes.len().saturating_sub(4) / 9), Default::default());
        let mut at = 4;
        let mut has_surnames = false;
        for _ in 0..n {
            let k = u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?);
            let mask = *bytes.get(at + 8)?;
            if mask >> KINDS != 0 {
                return None;
            }
            has_surnames |= mask & SURNAME != 0;
            types.insert(k, mask);
            at += 9;
        }
        Some((
            Gazetteer {
                types,
                sources: HashedMap::default(),
                has_surnames,
            },
            at,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_survive_the_model_file_and_older_files_have_none() {
        let mut g = Gazetteer::default();
        g.add(&[TokenView::new("Merkel")], NerLabel::Person.index(), 1);
        g.add_surname(&TokenView::new("Merkel"), 2);
        let mut bytes = Vec::new();
        g.write(&mut bytes);
        let (read, used) = Gazetteer::read(&bytes).expect("a gazetteer it wrote");
        assert_eq!(used, bytes.len());
        assert_eq!(read.single("merkel", None), 1 << NerLabel::Person.index() | SURNAME);
        assert!(read.is_surname("merkel", None));
        let mut old = Gazetteer::default();
        old.add(&[TokenView::new("Merkel")], NerLabel::Person.index(), 1);
        let mut bytes = Vec::new();
        old.write(&mut bytes);
        let (read, _) = Gazetteer::read(&bytes).expect("a gazetteer without surnames");
        assert!(!read.is_surname("merkel", None));
        // A mask with a bit above the surname's is no gazetteer's.
        let last = bytes.len() - 1;
        bytes[last] = SURNAME << 1;
        assert!(Gazetteer::read(&bytes).is_none());
    }
}
