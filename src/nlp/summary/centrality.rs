//! TF-IDF sentence vectors and TextRank centrality over their cosine
//! similarity graph.

use crate::nlp::tokenize::Token;
use std::collections::HashMap;

const DAMPING: f32 = 0.85;
const ITERATIONS: usize = 30;

/// Sparse, L2-normalised TF-IDF vectors, one per sentence.
#[derive(Debug)]
pub struct TfIdf {
    vectors: Vec<Vec<(u32, f32)>>,
}

fn is_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphanumeric) && word.chars().count() > 2
}

impl TfIdf {
    /// Builds vectors for sentences given as token lists over `text`.
    pub fn new(text: &str, sentences: &[Vec<Token>]) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<HashMap<u32, f32>> = Vec::with_capacity(sentences.len());
        let mut document_frequency: HashMap<u32, f32> = HashMap::new();
        for tokens in sentences {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for t in tokens {
                let w = t.text(text);
                if !is_word(w) {
                    continue;
                }
                let next = ids.len() as u32;
                let id = *ids.entry(w.to_lowercase()).or_insert(next);
                *tf.entry(id).or_default() += 1.0;
            }
            for id in tf.keys() {
                *document_frequency.entry(*id).or_default() += 1.0;
            }
            counts.push(tf);
        }
        let n = sentences.len() as f32;
        let vectors = counts
            .into_iter()
            .map(|tf| {
                let mut v: Vec<(u32, f32)> = tf
                    .into_iter()
                    .map(|(id, c)| (id, (1.0 + c.ln()) * ((1.0 + n) / (1.0 + document_frequency[&id])).ln()))
                    .collect();
                // Sorted before summing: float addition depends on order, and
                // the output must not depend on hash iteration order.
                v.sort_unstable_by_key(|(id, _)| *id);
                let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-9);
                for (_, x) in &mut v {
                    *x /= norm;
                }
                v
            })
            .collect();
        TfIdf { vectors }
    }

    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Cosine similarity of sentences `a` and `b`, in [0, 1].
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (x, y) = (&self.vectors[a], &self.vectors[b]);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }
}

/// Above this many sentences, the quadratic similarity graph costs more
/// than it is worth (a 1 MiB document can hold 20,000 sentences: 400 million
/// pairs); centrality is then similarity to the document's centroid, which
/// is linear and ranks long documents much the same.
pub const MAX_GRAPH_SENTENCES: usize = 400;

/// Centrality scores, scaled so the most central sentence has 1: TextRank
/// for up to [`MAX_GRAPH_SENTENCES`] sentences, centroid similarity above.
pub fn centrality(tfidf: &TfIdf) -> Vec<f32> {
    if tfidf.len() > MAX_GRAPH_SENTENCES {
        centroid_similarity(tfidf)
    } else {
        textrank(tfidf)
    }
}

/// Cosine similarity of each sentence to the sum of all sentence vectors.
fn centroid_similarity(tfidf: &TfIdf) -> Vec<f32> {
    let mut centroid: HashMap<u32, f32> = HashMap::new();
    for v in &tfidf.vectors {
        for (id, x) in v {
            *centroid.entry(*id).or_default() += x;
        }
    }
    let mut weights: Vec<(u32, f32)> = centroid.iter().map(|(k, v)| (*k, *v)).collect();
    weights.sort_unstable_by_key(|(k, _)| *k);
    let norm = weights.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-9);
    let scores: Vec<f32> = tfidf
        .vectors
        .iter()
        .map(|v| v.iter().map(|(id, x)| x * centroid.get(id).copied().unwrap_or(0.0)).sum::<f32>() / norm)
        .collect();
    let max = scores.iter().copied().fold(0.0f32, f32::max).max(1e-9);
    scores.iter().map(|s| s / max).collect()
}

/// TextRank scores, scaled so the most central sentence has 1.
pub fn textrank(tfidf: &TfIdf) -> Vec<f32> {
    let n = tfidf.len();
    if n == 0 {
        return Vec::new();
    }
    let mut weights = vec![0.0f32; n * n];
    for a in 0..n {
        for b in (a + 1)..n {
            let s = tfidf.cosine(a, b);
            weights[a * n + b] = s;
            weights[b * n + a] = s;
        }
    }
    let out_sum: Vec<f32> = (0..n).map(|a| weights[a * n..(a + 1) * n].iter().sum()).collect();
    let mut rank = vec![1.0f32 / n as f32; n];
    let mut next = vec![0.0f32; n];
    for _ in 0..ITERATIONS {
        for b in 0..n {
            let incoming: f32 = (0..n)
                .filter(|&a| out_sum[a] > 0.0)
                .map(|a| weights[a * n + b] / out_sum[a] * rank[a])
                .sum();
            next[b] = (1.0 - DAMPING) / n as f32 + DAMPING * incoming;
        }
        std::mem::swap(&mut rank, &mut next);
    }
    let max = rank.iter().copied().fold(0.0f32, f32::max).max(1e-9);
    rank.iter().map(|r| r / max).collect()
}
