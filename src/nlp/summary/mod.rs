//! The summary stage: an extractive summary that keeps the facts and leaves
//! out loaded sentences.
//!
//! 1. Candidates are running-text segments only: never headings, bylines,
//!    list items, links or footers.
//! 2. Content score in [0, 1]: `0.8 * centrality + 0.1 * position + 0.1 *
//!    entity coverage` ([`ContentWeights`], tuned on BBC dev), where
//!    centrality is TextRank over TF-IDF cosine
//!    similarity, or similarity to the centroid for very long documents
//!    ([`centrality`]), position favours the lead, and coverage
//!    sums the salience of the entities a sentence mentions.
//! 3. Neutrality ([`neutrality`]) discounts it: `score = content * (1 -
//!    weight * loadedness)`; weight 0 gives a plain extractive summary.
//! 4. Selection is greedy with maximal marginal relevance (a candidate's
//!    score minus `redundancy` times its greatest similarity to a chosen
//!    sentence), within the sentence count and character budget, and is
//!    returned in document order.

pub mod centrality;
pub mod evaluation;
pub mod neutrality;

use super::document::{Document, SegmentKind, Summary, SummarySentence};
use super::tokenize::tokenize;
use centrality::TfIdf;
use neutrality::NeutralityScorer;
use whatlang::Lang;

/// How the content score is made, tuned on BBC News Summary dev
/// (`enrich eval-summary`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContentWeights {
    pub centrality: f32,
    pub position: f32,
    pub coverage: f32,
    /// How strongly similarity to an already chosen sentence counts against
    /// a candidate (maximal marginal relevance).
    pub redundancy: f32,
}

impl Default for ContentWeights {
    fn default() -> Self {
        // BBC dev, k = reference length: 0.717 F1 against plain TextRank's
        // 0.700 and the first-k baseline's 0.502 (docs/summary.md).
        ContentWeights {
            centrality: 0.8,
            position: 0.1,
            coverage: 0.1,
            redundancy: 0.05,
        }
    }
}

/// Options for one summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    pub max_sentences: usize,
    /// In code points.
    pub max_characters: Option<usize>,
    /// 0 to 1.
    pub neutrality_weight: f32,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            max_sentences: 3,
            max_characters: None,
            neutrality_weight: 0.5,
        }
    }
}

/// The summary stage.
#[derive(Debug, Default)]
pub struct Summarizer {
    neutrality: NeutralityScorer,
    pub weights: ContentWeights,
}

/// Languages whose loadedness can be scored (the embedded lexicons').
pub const NEUTRALITY_LANGUAGES: &[Lang] = &[Lang::Eng];

impl Summarizer {
    pub fn new() -> Self {
        Summarizer {
            neutrality: NeutralityScorer::new(),
            weights: ContentWeights::default(),
        }
    }

    /// Runs the stage on a segmented document (entities, when present, feed
    /// the coverage score).
    pub fn annotate(&self, doc: &mut Document, options: &SummaryOptions) {
        let text = &doc.text;
        let candidates: Vec<usize> = doc
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SegmentKind::Sentence)
            .map(|(i, _)| i)
            .collect();
        let scored_neutrality = doc.lang().is_some_and(|l| NEUTRALITY_LANGUAGES.contains(&l));
        if candidates.is_empty() {
            doc.summary = Some(Summary::default());
            doc.warn("SUMMARY_EMPTY", "the document has no running-text sentence to summarise");
            return;
        }
        let tokens: Vec<_> = candidates.iter().map(|&i| tokenize(text, doc.segments[i].span)).collect();
        let tfidf = TfIdf::new(text, &tokens);
        let centrality = centrality::centrality(&tfidf);
        let loadedness: Vec<f32> = if scored_neutrality {
            candidates
                .iter()
                .zip(&tokens)
                .map(|(&i, t)| self.neutrality.loadedness(text, doc.segments[i].span, t))
                .collect()
        } else {
            vec![0.0; candidates.len()]
        };
        let coverage: Vec<f32> = candidates
            .iter()
            .map(|&i| {
                let span = doc.segments[i].span;
                doc.entities
                    .iter()
                    .filter(|e| e.mentions.iter().any(|m| span.contains(m.span)))
                    .map(|e| e.salience)
                    .sum()
            })
            .collect();
        let max_coverage = coverage.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let n = candidates.len() as f32;
        let content: Vec<f32> = (0..candidates.len())
            .map(|k| {
                let position = 1.0 - k as f32 / n;
                let w = &self.weights;
                (w.centrality * centrality[k] + w.position * position + w.coverage * coverage[k] / max_coverage)
                    / (w.centrality + w.position + w.coverage).max(1e-6)
            })
            .collect();
        let weight = options.neutrality_weight.clamp(0.0, 1.0);
        let score: Vec<f32> = (0..candidates.len())
            .map(|k| content[k] * (1.0 - weight * loadedness[k]))
            .collect();

        let mut chosen: Vec<usize> = Vec::new();
        let mut used_chars = 0usize;
        let mut skipped_for_budget = false;
        while chosen.len() < options.max_sentences {
            let best = (0..candidates.len())
                .filter(|k| !chosen.contains(k))
                .map(|k| {
                    let redundancy = chosen.iter().map(|&c| tfidf.cosine(k, c)).fold(0.0f32, f32::max);
                    (k, score[k] - self.weights.redundancy * redundancy)
                })
                .filter(|&(k, _)| {
                    let chars = doc.segments[candidates[k]].span.slice(text).chars().count();
                    let fits = options.max_characters.is_none_or(|max| used_chars + chars + usize::from(!chosen.is_empty()) <= max);
                    skipped_for_budget |= !fits;
                    fits
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let Some((k, _)) = best else { break };
            used_chars += doc.segments[candidates[k]].span.slice(text).chars().count() + usize::from(!chosen.is_empty());
            chosen.push(k);
        }
        chosen.sort_unstable();
        if skipped_for_budget && chosen.len() < options.max_sentences.min(candidates.len()) {
            doc.warn(
                "SUMMARY_BUDGET_LIMITED",
                format!(
                    "the summary has {} of the {} sentences asked for: longer sentences did not fit max_characters",
                    chosen.len(),
                    options.max_sentences
                ),
            );
        }
        if !scored_neutrality {
            doc.warn(
                "SUMMARY_NEUTRALITY_UNSCORED",
                "neutrality is scored only for English; this summary is a plain extractive summary",
            );
        }
        let mean = |values: &mut dyn Iterator<Item = f32>, count: usize| {
            (scored_neutrality && count > 0).then(|| values.sum::<f32>() / count as f32)
        };
        let summary_loadedness = mean(&mut chosen.iter().map(|&k| loadedness[k]), chosen.len());
        let document_loadedness = mean(&mut loadedness.iter().copied(), loadedness.len());
        doc.summary = Some(Summary {
            sentences: chosen
                .iter()
                .map(|&k| SummarySentence {
                    segment_index: candidates[k],
                    score: content[k].clamp(0.0, 1.0),
                    neutrality: scored_neutrality.then(|| 1.0 - loadedness[k]),
                })
                .collect(),
            summary_loadedness,
            document_loadedness,
        });
    }
}
