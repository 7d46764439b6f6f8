//! Learning word clusters from unlabeled text, so the tagger generalises
//! from names it saw in training to words used the same way (`Sarajevo` like
//! `Belgrade`).
//!
//! Each frequent word gets a vector of positive pointwise mutual information
//! with its left and right neighbours (among the most frequent words),
//! randomly projected to `DIMENSIONS` dimensions; k-means (cosine) groups the
//! vectors at three granularities, and the three cluster ids become
//! features. Deterministic for a seed.

use crate::rng::Rng;
use enrich_nlp::lab::{string_hash, tokenize, Span, WordClusters};
use std::collections::HashMap;

pub(super) const DIMENSIONS: usize = 64;
/// Cluster counts, coarse to fine: the ones the tagger's tables hold.
pub const GRANULARITIES: [u16; 3] = enrich_nlp::lab::CLUSTER_LEVELS;
const CONTEXT_WORDS: usize = 1000;
const MIN_COUNT: u32 = 4;
const MAX_VOCABULARY: usize = 40_000;
const ITERATIONS: usize = 12;

/// Learns clusters from raw texts.
pub fn learn<'a>(texts: impl Iterator<Item = &'a str>, seed: u64) -> WordClusters {
    // Token ids over the whole corpus.
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut stream: Vec<u32> = Vec::new();
    for text in texts {
        for t in tokenize(text, Span::new(0, text.len())) {
            let w = t.text(text);
            let next = index.len() as u32;
            let id = *index.entry(w.to_string()).or_insert(next);
            if id as usize == counts.len() {
                counts.push(0);
            }
            counts[id as usize] += 1;
            stream.push(id);
        }
        stream.push(u32::MAX); // document break
    }
    let mut by_frequency: Vec<u32> = (0..counts.len() as u32).collect();
    by_frequency.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
    let context: HashMap<u32, usize> = by_frequency
        .iter()
        .take(CONTEXT_WORDS)
        .enumerate()
        .map(|(k, &i)| (i, k))
        .collect();
    let vocabulary: Vec<u32> = by_frequency
        .iter()
        .copied()
        .filter(|&i| counts[i as usize] >= MIN_COUNT)
        .take(MAX_VOCABULARY)
        .collect();
    let row: HashMap<u32, usize> = vocabulary.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    // Co-occurrence with left (0..C) and right (C..2C) neighbours.
    let mut cooc: Vec<HashMap<u16, f32>> = vec![HashMap::new(); vocabulary.len()];
    let mut context_totals = vec![0.0f32; 2 * CONTEXT_WORDS];
    for i in 0..stream.len() {
        let Some(&r) = row.get(&stream[i]) else { continue };
        if i > 0 {
            if let Some(&c) = context.get(&stream[i - 1]) {
                *cooc[r].entry(c as u16).or_default() += 1.0;
                context_totals[c] += 1.0;
            }
        }
        if let Some(&c) = stream.get(i + 1).and_then(|n| context.get(n)) {
            *cooc[r].entry((CONTEXT_WORDS + c) as u16).or_default() += 1.0;
            context_totals[CONTEXT_WORDS + c] += 1.0;
        }
    }
    let total: f32 = context_totals.iter().sum::<f32>().max(1.0);
    let mut rng = Rng::new(seed);
    let projection = random_projection(2 * CONTEXT_WORDS, &mut rng);
    let vectors: Vec<[f32; DIMENSIONS]> = cooc
        .iter()
        .map(|row| {
            // Sorted by context: float sums must not depend on hash order.
            let mut row: Vec<(u16, f32)> = row.iter().map(|(c, n)| (*c, *n)).collect();
            row.sort_unstable_by_key(|(c, _)| *c);
            let word_total: f32 = row.iter().map(|(_, n)| n).sum::<f32>().max(1.0);
            let mut v = [0.0f32; DIMENSIONS];
            for &(c, n) in &row {
                let pmi = (n * total / (word_total * context_totals[c as usize].max(1.0))).ln();
                if pmi > 0.0 {
                    for (x, p) in v.iter_mut().zip(&projection[c as usize]) {
                        *x += pmi * p;
                    }
                }
            }
            unit(v)
        })
        .collect();
    let names: HashMap<u32, &str> = index.iter().map(|(w, &i)| (i, w.as_str())).collect();
    let hashes: Vec<u64> = vocabulary.iter().map(|i| string_hash(names[i])).collect();
    group(&hashes, &vectors, &mut rng, false)
}

/// A random ±1 projection of `rows` input dimensions to [`DIMENSIONS`].
pub(super) fn random_projection(rows: usize, rng: &mut Rng) -> Vec<[f32; DIMENSIONS]> {
    (0..rows)
        .map(|_| {
            let mut v = [0.0f32; DIMENSIONS];
            for x in &mut v {
                *x = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
            }
            v
        })
        .collect()
}

/// `v` scaled to length 1 (k-means compares by cosine).
pub(super) fn unit(v: [f32; DIMENSIONS]) -> [f32; DIMENSIONS] {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
    v.map(|x| x / norm)
}

/// The cluster table: each word (by the hash its table is keyed by) with
/// its unit vector's k-means cluster at every granularity.
pub(super) fn group(hashes: &[u64], vectors: &[[f32; DIMENSIONS]], rng: &mut Rng, lowercase: bool) -> WordClusters {
    let assignments: Vec<Vec<u16>> = GRANULARITIES
        .iter()
        .map(|&k| kmeans(vectors, usize::from(k), rng))
        .collect();
    WordClusters::from_ids(
        hashes
            .iter()
            .enumerate()
            .map(|(r, &h)| (h, [assignments[0][r], assignments[1][r], assignments[2][r]])),
        lowercase,
    )
}

/// Spherical k-means; returns each vector's cluster. The assignment step,
/// the costly one, runs on every core.
fn kmeans(vectors: &[[f32; DIMENSIONS]], k: usize, rng: &mut Rng) -> Vec<u16> {
    let n = vectors.len();
    if n == 0 {
        return Vec::new();
    }
    let k = k.min(n);
    let mut centroids: Vec<[f32; DIMENSIONS]> = (0..k).map(|_| vectors[(rng.next_u64() % n as u64) as usize]).collect();
    let mut assignment = vec![0u16; n];
    for _ in 0..ITERATIONS {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let chunk = n.div_ceil(cores);
        std::thread::scope(|scope| {
            for (assigned, part) in assignment.chunks_mut(chunk).zip(vectors.chunks(chunk)) {
                let centroids = &centroids;
                scope.spawn(move || {
                    for (a, v) in assigned.iter_mut().zip(part) {
                        let mut best = f32::MIN;
                        for (c, centroid) in centroids.iter().enumerate() {
                            let dot: f32 = v.iter().zip(centroid).map(|(x, y)| x * y).sum();
                            if dot > best {
                                best = dot;
                                *a = c as u16;
                            }
                        }
                    }
                });
            }
        });
        let mut sums = vec![[0.0f32; DIMENSIONS]; k];
        for (a, v) in assignment.iter().zip(vectors) {
            for (s, x) in sums[*a as usize].iter_mut().zip(v) {
                *s += x;
            }
        }
        for (c, s) in centroids.iter_mut().zip(sums) {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                *c = s.map(|x| x / norm);
            }
        }
    }
    assignment
}
