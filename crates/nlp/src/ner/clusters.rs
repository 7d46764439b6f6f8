//! Word clusters, as the tagger reads them: three cluster ids (coarse to
//! fine) per word form, so it generalises from names it saw in training to
//! words used the same way (`Sarajevo` like `Belgrade`). They are learned
//! from unlabeled text by the lab (`enrich-lab train-ner`) and saved with
//! the model.

use super::hash::HashedMap;

/// Cluster ids per word form, keyed by the form's hash.
#[derive(Debug, Default, Clone)]
pub struct WordClusters {
    pub(crate) ids: HashedMap<[u16; 3]>,
}

impl WordClusters {
    /// Clusters keyed by the word form's [`string_hash`].
    pub fn from_ids(ids: impl IntoIterator<Item = (u64, [u16; 3])>) -> Self {
        WordClusters {
            ids: ids.into_iter().collect(),
        }
    }

    /// The clusters of the word form whose [`string_hash`] is `word_hash`.
    ///
    /// [`string_hash`]: super::hash::string_hash
    pub fn get(&self, word_hash: u64) -> Option<[u16; 3]> {
        self.ids.get(&word_hash).copied()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
