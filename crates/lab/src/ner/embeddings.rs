//! Word clusters from pretrained word vectors, for a language whose labeled
//! corpus is too small to learn its vocabulary from (Russian: 10,000
//! WikiNEuRal sentences, where every name inflects).
//!
//! Reads a Navec archive as `scripts/fetch-embeddings.sh` unpacks it:
//! `vocab` (u32 word count n, n u32 corpus counts, then the n words joined
//! by newlines) and `pq.bin` (u32 vectors, dimensions, subvectors and
//! centroids; a u8 centroid index per vector and subvector; the f32
//! centroids, subvector by subvector). The most frequent words' vectors are
//! rebuilt from their centroids, randomly projected to the dimensions the
//! text clusters use, and grouped by the same k-means, so the tagger reads
//! them as it reads any clusters. Navec's words are lowercase, so the
//! clusters are keyed by lowercase forms.

use super::clusters::{group, random_projection, unit, DIMENSIONS};
use crate::rng::Rng;
use enrich_nlp::lab::{string_hash, WordClusters};
use std::path::Path;

/// Words that are not words: Navec's padding and unknown-word entries.
const RESERVED: [&str; 2] = ["<unk>", "<pad>"];

/// Clusters for the `words` most frequent words of the archive in `dir`.
pub fn clusters(dir: &Path, words: usize, seed: u64) -> anyhow::Result<WordClusters> {
    let read = |name: &str| -> anyhow::Result<Vec<u8>> {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| {
            anyhow::anyhow!(
                "cannot read {}: {e} (scripts/fetch-embeddings.sh unpacks the word vectors)",
                path.display()
            )
        })
    };
    let vocabulary = read_vocabulary(&read("vocab")?)?;
    let quantized = Quantized::parse(&read("pq.bin")?)?;
    if quantized.vectors != vocabulary.len() {
        anyhow::bail!(
            "{}: {} words but {} vectors",
            dir.display(),
            vocabulary.len(),
            quantized.vectors
        );
    }
    let mut by_frequency: Vec<usize> = (0..vocabulary.len())
        .filter(|&i| !RESERVED.contains(&vocabulary[i].0.as_str()))
        .collect();
    by_frequency.sort_by_key(|&i| (std::cmp::Reverse(vocabulary[i].1), i));
    by_frequency.truncate(words);
    let mut rng = Rng::new(seed);
    let projection = random_projection(quantized.dimensions, &mut rng);
    let vectors: Vec<[f32; DIMENSIONS]> = by_frequency
        .iter()
        .map(|&i| {
            let mut v = [0.0f32; DIMENSIONS];
            for (x, p) in quantized.vector(i).zip(&projection) {
                for (y, q) in v.iter_mut().zip(p) {
                    *y += x * q;
                }
            }
            unit(v)
        })
        .collect();
    let hashes: Vec<u64> = by_frequency.iter().map(|&i| string_hash(&vocabulary[i].0)).collect();
    Ok(group(&hashes, &vectors, &mut rng, true))
}

/// Words with their corpus counts.
fn read_vocabulary(bytes: &[u8]) -> anyhow::Result<Vec<(String, u32)>> {
    let bad = || anyhow::anyhow!("the vocabulary file is truncated or not a Navec vocabulary");
    let n = u32::from_le_bytes(bytes.get(..4).ok_or_else(bad)?.try_into()?) as usize;
    let counts_end = n.checked_mul(4).and_then(|c| c.checked_add(4)).ok_or_else(bad)?;
    let counts = bytes.get(4..counts_end).ok_or_else(bad)?;
    let words = std::str::from_utf8(bytes.get(counts_end..).ok_or_else(bad)?)?;
    let words: Vec<&str> = words.split('\n').collect();
    if words.len() != n {
        anyhow::bail!("the vocabulary lists {} words but counts {n}", words.len());
    }
    Ok(words
        .into_iter()
        .zip(counts.chunks_exact(4))
        .map(|(w, c)| (w.to_string(), u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
        .collect())
}

/// Product-quantized vectors: each vector is `subvectors` centroid indexes.
struct Quantized {
    vectors: usize,
    dimensions: usize,
    subvectors: usize,
    centroids: usize,
    indexes: Vec<u8>,
    codes: Vec<f32>,
}

impl Quantized {
    fn parse(bytes: &[u8]) -> anyhow::Result<Self> {
        let bad = || anyhow::anyhow!("pq.bin is truncated or not Navec's product-quantized vectors");
        let header: Vec<usize> = bytes
            .get(..16)
            .ok_or_else(bad)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect();
        let (vectors, dimensions, subvectors, centroids) = (header[0], header[1], header[2], header[3]);
        if subvectors == 0 || dimensions % subvectors != 0 || centroids > 256 {
            return Err(bad());
        }
        let indexes_end = vectors
            .checked_mul(subvectors)
            .and_then(|n| n.checked_add(16))
            .ok_or_else(bad)?;
        let indexes = bytes.get(16..indexes_end).ok_or_else(bad)?.to_vec();
        let codes: Vec<f32> = bytes
            .get(indexes_end..)
            .ok_or_else(bad)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if codes.len() != subvectors * centroids * (dimensions / subvectors) {
            return Err(bad());
        }
        if indexes.iter().any(|&i| usize::from(i) >= centroids) {
            return Err(bad());
        }
        Ok(Quantized {
            vectors,
            dimensions,
            subvectors,
            centroids,
            indexes,
            codes,
        })
    }

    /// The vector of word `i`, rebuilt from its centroids.
    fn vector(&self, i: usize) -> impl Iterator<Item = f32> + '_ {
        let width = self.dimensions / self.subvectors;
        self.indexes[i * self.subvectors..(i + 1) * self.subvectors]
            .iter()
            .enumerate()
            .flat_map(move |(q, &c)| {
                let start = (q * self.centroids + usize::from(c)) * width;
                self.codes[start..start + width].iter().copied()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary_bytes(words: &[(&str, u32)]) -> Vec<u8> {
        let mut out = (words.len() as u32).to_le_bytes().to_vec();
        for (_, c) in words {
            out.extend_from_slice(&c.to_le_bytes());
        }
        out.extend_from_slice(words.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("\n").as_bytes());
        out
    }

    /// Two vectors of 4 dimensions in 2 subvectors of 2 centroids.
    fn quantized_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        for n in [2u32, 4, 2, 2] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&[0, 1, 1, 0]);
        for x in [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    #[test]
    fn vectors_are_rebuilt_from_their_centroids() {
        let q = Quantized::parse(&quantized_bytes()).expect("parses");
        assert_eq!(q.vector(0).collect::<Vec<_>>(), [1.0, 2.0, 7.0, 8.0]);
        assert_eq!(q.vector(1).collect::<Vec<_>>(), [3.0, 4.0, 5.0, 6.0]);
    }

    #[test]
    fn a_truncated_or_inconsistent_archive_is_an_error() {
        let bytes = quantized_bytes();
        assert!(Quantized::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(Quantized::parse(&bytes[..10]).is_err());
        let mut bad_index = bytes.clone();
        bad_index[16] = 7;
        assert!(Quantized::parse(&bad_index).is_err());
        let words = vocabulary_bytes(&[("москва", 9), ("<unk>", 0)]);
        assert_eq!(read_vocabulary(&words).expect("parses")[0], ("москва".to_string(), 9));
        assert!(read_vocabulary(&words[..6]).is_err());
    }

    #[test]
    fn clusters_skip_reserved_entries_and_key_by_lowercase() {
        let dir = std::env::temp_dir().join(format!("enrich-embeddings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("vocab"), vocabulary_bytes(&[("москва", 9), ("<unk>", 0)])).expect("write");
        std::fs::write(dir.join("pq.bin"), quantized_bytes()).expect("write");
        let clusters = clusters(&dir, 10, 7).expect("clusters");
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(clusters.len(), 1);
        assert!(clusters.is_lowercase());
        assert!(clusters.get(&enrich_nlp::lab::TokenView::new("Москва")).is_some());
        assert!(clusters.get(&enrich_nlp::lab::TokenView::new("<unk>")).is_none());
    }
}
