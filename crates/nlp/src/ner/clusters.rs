//! Word clusters, as the tagger reads them: three cluster ids (coarse to
//! fine) per word, so it generalises from names it saw in training to
//! words used the same way (`Sarajevo` like `Belgrade`). The lab learns
//! them from unlabeled text, or groups pretrained word vectors
//! (`enrich-lab train-ner --embeddings`), and saves them with the model.

use super::hash::{table_bytes, HashedMap};
use super::token::TokenView;

/// Cluster ids per word, keyed by the hash of the word form or of its
/// lowercase form.
#[derive(Debug, Default, Clone)]
pub struct WordClusters {
    pub(crate) ids: HashedMap<[u16; 3]>,
    /// Keyed by the lowercase form: clusters grouped from word vectors that
    /// were trained on lowercased text (Russian's), where `Москва` and
    /// `москва` are one entry. Saved with the model.
    pub(crate) lowercase: bool,
}

impl WordClusters {
    /// Clusters keyed by the word form's [`string_hash`], or by its
    /// lowercase form's when `lowercase`.
    ///
    /// [`string_hash`]: super::hash::string_hash
    pub fn from_ids(ids: impl IntoIterator<Item = (u64, [u16; 3])>, lowercase: bool) -> Self {
        WordClusters {
            ids: ids.into_iter().collect(),
            lowercase,
        }
    }

    /// The clusters of a token, looked up by the key the table was built with.
    pub fn get(&self, token: &TokenView) -> Option<[u16; 3]> {
        let key = if self.lowercase {
            token.lower_hash
        } else {
            token.word_hash
        };
        self.ids.get(&key).copied()
    }

    /// Bytes the table holds in memory.
    pub fn memory_bytes(&self) -> usize {
        table_bytes(self.ids.capacity(), std::mem::size_of::<(u64, [u16; 3])>())
    }

    /// Whether the table is keyed by lowercase forms.
    pub fn is_lowercase(&self) -> bool {
        self.lowercase
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
