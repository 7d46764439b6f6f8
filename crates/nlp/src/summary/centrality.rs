//! TF-IDF sentence vectors and TextRank centrality over their cosine
//! similarity graph.

use crate::language::FunctionWords;
use crate::ner::hash::{StrMap, StrSet};
use crate::tokenize::{push_lowercase, Token};
use std::collections::HashMap;
use std::sync::OnceLock;
use whatlang::Lang;

const DAMPING: f32 = 0.85;
const ITERATIONS: usize = 30;

/// Sparse, L2-normalised TF-IDF vectors, one per sentence.
#[derive(Debug)]
pub struct TfIdf {
    vectors: Vec<Vec<(u32, f32)>>,
    /// Term ids of the lowercase words, and each id's inverse document
    /// frequency, for vectors of text outside the sentences (a headline).
    ids: StrMap<String, u32>,
    idf: Vec<f32>,
    /// The document language's function words, which are not terms (none
    /// for English, which has [`FUNCTION_WORDS`]).
    function_words: Option<FunctionWords>,
    /// Per sentence, the mean number of times its words occur in the whole
    /// document (each occurrence counted): SumBasic's measure of how much a
    /// sentence is about what the document keeps returning to.
    frequency: Vec<f32>,
}

/// `1 + ln(count)` per term, times its idf, L2-normalised; `tf` is sorted
/// by id, so the norm is summed in id order and does not depend on how the
/// counts were gathered.
fn weigh(tf: Vec<(u32, f32)>, idf: &[f32]) -> Vec<(u32, f32)> {
    let mut v = tf;
    for (id, x) in &mut v {
        *x = (1.0 + x.ln()) * idf[*id as usize];
    }
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-9);
    for (_, x) in &mut v {
        *x /= norm;
    }
    v
}

/// Dot product of two sparse vectors sorted by id.
fn dot(x: &[(u32, f32)], y: &[(u32, f32)]) -> f32 {
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

fn is_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphanumeric) && word.chars().count() > 2
}

/// Whether a word counts as a term, with its lowercase form written to
/// `lower`: not for function words, which would link every sentence to
/// every other (leaving them out raises plain TextRank's BBC dev F1 from
/// 0.700 to 0.729). Function words
/// are the English list below and, for a document in another language, that
/// language's stopwords-iso list: without it `der`, `und` and `les` were the
/// most frequent words of every German and French sentence, and the
/// summaries of German training documents came out more loaded than the
/// documents (docs/summary.md). English keeps its own list: stopwords-iso's
/// English holds 1,298 words, `million`, `research` and `world` among them,
/// and lowered TextRank's BBC F1 at k = 3 from 0.531 to 0.512.
fn term(word: &str, function_words: Option<FunctionWords>, lower: &mut String) -> bool {
    lower.clear();
    if !is_word(word) {
        return false;
    }
    push_lowercase(word, lower);
    let function_word =
        english_function_words().contains(lower.as_str()) || function_words.is_some_and(|list| list.contains(lower));
    !function_word
}

/// [`FUNCTION_WORDS`] as a set, built on first use.
fn english_function_words() -> &'static StrSet {
    static SET: OnceLock<StrSet> = OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
}

const FUNCTION_WORDS: &[&str] = &[
    "about", "after", "all", "also", "and", "any", "are", "because", "been", "before", "being", "between", "but",
    "can", "could", "did", "does", "for", "from", "had", "has", "have", "her", "him", "his", "how", "into", "its",
    "just", "made", "make", "many", "may", "more", "most", "much", "new", "not", "now", "one", "only", "other", "our",
    "out", "over", "said", "says", "she", "should", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "told", "very", "was", "well", "were", "what", "when", "where", "which",
    "while", "who", "why", "will", "with", "would", "year", "years", "you",
];

impl TfIdf {
    /// Builds vectors for sentences given as token lists over `text`, in
    /// `lang` when it is known.
    pub fn new<S: AsRef<[Token]>>(text: &str, sentences: &[S], lang: Option<Lang>) -> Self {
        let function_words = lang.filter(|&l| l != Lang::Eng).and_then(FunctionWords::of);
        let mut ids: StrMap<String, u32> = StrMap::default();
        // Per sentence, (term id, count) sorted by id; counted in `tf`, a
        // count per id, of which only the sentence's own ids are touched.
        let mut counts: Vec<Vec<(u32, f32)>> = Vec::with_capacity(sentences.len());
        let mut tf: Vec<f32> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        let mut lower = String::new();
        for tokens in sentences {
            for t in tokens.as_ref() {
                if !term(t.text(text), function_words, &mut lower) {
                    continue;
                }
                let id = match ids.get(lower.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = ids.len() as u32;
                        ids.insert(lower.clone(), id);
                        tf.push(0.0);
                        id
                    }
                };
                if tf[id as usize] == 0.0 {
                    touched.push(id);
                }
                tf[id as usize] += 1.0;
            }
            touched.sort_unstable();
            counts.push(
                touched
                    .drain(..)
                    .map(|id| (id, std::mem::take(&mut tf[id as usize])))
                    .collect(),
            );
        }
        let n = sentences.len() as f32;
        let mut document_frequency = vec![0.0f32; ids.len()];
        let mut total = vec![0.0f32; ids.len()];
        for sentence in &counts {
            for &(id, c) in sentence {
                document_frequency[id as usize] += 1.0;
                total[id as usize] += c;
            }
        }
        let idf: Vec<f32> = document_frequency
            .iter()
            .map(|df| ((1.0 + n) / (1.0 + df)).ln())
            .collect();
        let frequency = counts
            .iter()
            .map(|terms| {
                let words: f32 = terms.iter().map(|(_, c)| c).sum();
                let sum: f32 = terms.iter().map(|&(id, c)| c * total[id as usize]).sum();
                if words > 0.0 {
                    sum / words
                } else {
                    0.0
                }
            })
            .collect();
        let vectors = counts.into_iter().map(|tf| weigh(tf, &idf)).collect();
        TfIdf {
            vectors,
            ids,
            idf,
            function_words,
            frequency,
        }
    }

    /// Cosine similarity of every sentence to `tokens` over `text` (words
    /// the sentences never use are ignored).
    pub fn similarity_to(&self, text: &str, tokens: &[Token]) -> Vec<f32> {
        let mut lower = String::new();
        let mut found: Vec<u32> = Vec::new();
        for t in tokens {
            if term(t.text(text), self.function_words, &mut lower) {
                found.extend(self.ids.get(lower.as_str()));
            }
        }
        found.sort_unstable();
        let mut tf: Vec<(u32, f32)> = Vec::with_capacity(found.len());
        for id in found {
            match tf.last_mut() {
                Some((last, c)) if *last == id => *c += 1.0,
                _ => tf.push((id, 1.0)),
            }
        }
        let query = weigh(tf, &self.idf);
        self.vectors.iter().map(|v| dot(v, &query)).collect()
    }

    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Mean document frequency of sentence `k`'s words.
    pub fn frequency(&self, k: usize) -> f32 {
        self.frequency[k]
    }

    #[cfg_attr(not(feature = "lab"), allow(dead_code))] // used by the summary evaluation
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Cosine similarity of sentences `a` and `b`, in [0, 1].
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        dot(&self.vectors[a], &self.vectors[b])
    }

    /// Every pair's [`Self::cosine`], as an `n × n` matrix with a zero
    /// diagonal. Each sentence's vector is spread over a dense row once and
    /// every later sentence's terms are read against it: the same products,
    /// summed in the same order, as pair-by-pair merges, without their
    /// branches.
    pub fn cosines(&self) -> Vec<f32> {
        let n = self.vectors.len();
        let mut out = vec![0.0f32; n * n];
        let mut dense = vec![0.0f32; self.idf.len()];
        for (a, x) in self.vectors.iter().enumerate() {
            for &(id, w) in x {
                if let Some(d) = dense.get_mut(id as usize) {
                    *d = w;
                }
            }
            for (b, y) in self.vectors.iter().enumerate().skip(a + 1) {
                // A term of b's that a lacks adds 0: weights are never
                // negative, so the sum is the merge's to the bit.
                let s = y.iter().fold(0.0f32, |s, &(id, w)| {
                    s + dense.get(id as usize).copied().unwrap_or(0.0) * w
                });
                out[a * n + b] = s;
                out[b * n + a] = s;
            }
            for &(id, _) in x {
                if let Some(d) = dense.get_mut(id as usize) {
                    *d = 0.0;
                }
            }
        }
        out
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
        .map(|v| {
            v.iter()
                .map(|(id, x)| x * centroid.get(id).copied().unwrap_or(0.0))
                .sum::<f32>()
                / norm
        })
        .collect();
    let max = scores.iter().copied().fold(0.0f32, f32::max).max(1e-9);
    scores.iter().map(|s| s / max).collect()
}

/// TextRank scores, scaled so the most central sentence has 1.
pub fn textrank(tfidf: &TfIdf) -> Vec<f32> {
    rank_graph(tfidf.len(), tfidf.cosines(), &[])
}

/// PageRank over the complete graph of `n` sentences with edge weights
/// `similarity(a, b)` (symmetric), random jumps in proportion to `prior`
/// (uniform when empty or all zero); scaled so the top sentence has 1.
#[cfg_attr(not(feature = "lab"), allow(dead_code))] // the summary evaluation's word-overlap TextRank
pub fn graph_rank(n: usize, similarity: impl Fn(usize, usize) -> f32, prior: &[f32]) -> Vec<f32> {
    let mut weights = vec![0.0f32; n * n];
    for a in 0..n {
        for b in (a + 1)..n {
            let s = similarity(a, b);
            weights[a * n + b] = s;
            weights[b * n + a] = s;
        }
    }
    rank_graph(n, weights, prior)
}

/// [`graph_rank`] over the `n × n` matrix of edge weights, row by row.
fn rank_graph(n: usize, weights: Vec<f32>, prior: &[f32]) -> Vec<f32> {
    if n == 0 || weights.len() != n * n {
        return Vec::new();
    }
    let prior_sum: f32 = prior.iter().sum();
    let jump: Vec<f32> = if prior.len() == n && prior_sum > 0.0 {
        prior.iter().map(|p| p / prior_sum).collect()
    } else {
        vec![1.0 / n as f32; n]
    };
    let out_sum: Vec<f32> = weights.chunks_exact(n).map(|row| row.iter().sum()).collect();
    // What each sentence passes to each other per unit of its rank, column
    // by column (`to[b * n + a]`: from a to b), so that one step reads each
    // column in order. A sentence with no edges passes nothing.
    let mut to = vec![0.0f32; n * n];
    for (a, row) in weights.chunks_exact(n).enumerate() {
        if out_sum[a] > 0.0 {
            for (b, w) in row.iter().enumerate() {
                to[b * n + a] = w / out_sum[a];
            }
        }
    }
    let mut rank = vec![1.0f32 / n as f32; n];
    let mut next = vec![0.0f32; n];
    for _ in 0..ITERATIONS {
        for ((next, column), jump) in next.iter_mut().zip(to.chunks_exact(n)).zip(&jump) {
            let incoming: f32 = column.iter().zip(&rank).map(|(share, r)| share * r).sum();
            *next = (1.0 - DAMPING) * jump + DAMPING * incoming;
        }
        std::mem::swap(&mut rank, &mut next);
    }
    let max = rank.iter().copied().fold(0.0f32, f32::max).max(1e-9);
    rank.iter().map(|r| r / max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;
    use crate::Span;

    fn tfidf(text: &str, lang: Option<Lang>) -> TfIdf {
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, _) in text.match_indices(". ").chain([(text.len(), "")]) {
            sentences.push(tokenize(text, Span::new(start, i)));
            start = (i + 2).min(text.len());
        }
        TfIdf::new(text, &sentences, lang)
    }

    #[test]
    fn sentences_that_share_only_function_words_of_their_language_are_unrelated() {
        let text = "Die Regierung und der Kanzler haben das Gesetz unterschrieben. \
                    Die Mannschaft und der Trainer haben das Spiel gewonnen. \
                    Regen fiel in Bayern";
        assert!(
            tfidf(text, None).cosine(0, 1) > 0.1,
            "without the language, `die und der das haben` link them"
        );
        assert_eq!(tfidf(text, Some(Lang::Deu)).cosine(0, 1), 0.0);
    }

    #[test]
    fn a_sentence_of_the_documents_frequent_words_has_the_higher_mean_frequency() {
        let text = "Seoul extended the pact with Tokyo. Seoul and Tokyo signed the pact in Seoul. Rain fell overnight";
        let t = tfidf(text, Some(Lang::Eng));
        assert!(t.frequency(1) > t.frequency(0) && t.frequency(0) > t.frequency(2));
        assert_eq!(t.frequency(2), 1.0, "`rain`, `fell` and `overnight` occur once each");
    }
}
