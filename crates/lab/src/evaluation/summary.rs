//! Summary evaluation against extractive references (BBC News Summary):
//! sentence-level F1 of the chosen sentences, for the summarizer and two
//! baselines (the first k sentences; plain TextRank), and the loadedness of
//! what each chose against the document's.
//!
//! The documents' own sentence boundaries are used, so the scores measure
//! which sentences are chosen, not how the text is segmented.

use crate::corpus::code_point_to_byte;
use enrich_nlp::lab::{graph_rank, textrank, NeutralityScorer, Share, TfIdf};
use enrich_nlp::tokenize::tokenize;
use enrich_nlp::{DetectedLanguage, Document, Pipeline, Segment, SegmentKind, Span, SummaryOptions};
use serde::Deserialize;
use whatlang::Lang;

/// One reference document.
#[derive(Debug, Deserialize)]
pub struct ReferenceDocument {
    /// The headline, given to the summarizer as the document's heading.
    #[serde(default)]
    pub title: String,
    pub text: String,
    /// Code-point spans.
    pub sentences: Vec<(usize, usize)>,
    pub summary_sentence_ids: Vec<usize>,
}

/// How sentences are chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// The first k sentences.
    Lead,
    /// The k most central sentences by TextRank alone, over the summary
    /// stage's own TF-IDF cosine similarity.
    TextRank,
    /// TextRank as first published (Mihalcea and Tarau, 2004): similarity is
    /// the number of shared lowercase words over the sum of the sentences'
    /// log lengths.
    OverlapTextRank,
    /// The summary stage with this neutrality weight.
    Enrich(f32),
}

/// Summary length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// As many sentences as the reference has.
    Reference,
    Fixed(usize),
}

/// Mean scores over the documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    pub f1: f64,
    pub summary_loadedness: f64,
    pub document_loadedness: f64,
    /// Documents scored (those with sentences and a reference summary).
    pub documents: usize,
}

impl Scores {
    /// Means over the documents of both.
    pub fn combine(self, other: Scores) -> Scores {
        let (a, b) = (self.documents as f64, other.documents as f64);
        let n = (a + b).max(1.0);
        Scores {
            f1: (self.f1 * a + other.f1 * b) / n,
            summary_loadedness: (self.summary_loadedness * a + other.summary_loadedness * b) / n,
            document_loadedness: (self.document_loadedness * a + other.document_loadedness * b) / n,
            documents: self.documents + other.documents,
        }
    }
}

/// Reads the references.
pub fn read(path: &std::path::Path) -> anyhow::Result<Vec<ReferenceDocument>> {
    crate::jsonl::read(path)
}

/// A document with its headline as a heading segment (when there is one)
/// followed by its reference sentences, language English, entities tagged:
/// what the summary stage would see. Also returns the number of segments
/// before the first sentence.
pub fn prepared(pipeline: &Pipeline, reference: &ReferenceDocument) -> (Document, usize) {
    let to_byte = code_point_to_byte(&reference.text);
    let title = reference.title.trim();
    let prefix = if title.is_empty() {
        String::new()
    } else {
        format!("{title}\n\n")
    };
    let mut doc = Document::new(format!("{prefix}{}", reference.text));
    doc.language = Some(DetectedLanguage {
        lang: Some(Lang::Eng),
        script: "Latin".into(),
        confidence: 1.0,
        reliable: true,
        alternatives: Vec::new(),
    });
    let shift = prefix.len();
    let heading = (!title.is_empty()).then(|| Segment {
        span: Span::new(0, title.len()),
        kind: SegmentKind::Heading,
        language: None,
    });
    let sentences = reference
        .sentences
        .iter()
        .filter_map(|&(s, e)| Some(Span::new(*to_byte.get(s)? + shift, *to_byte.get(e)? + shift)))
        .map(|span| Segment {
            span,
            kind: SegmentKind::Sentence,
            language: None,
        });
    let skip = usize::from(heading.is_some());
    doc.segments = heading.into_iter().chain(sentences).collect();
    pipeline.entities().annotate(&mut doc);
    (doc, skip)
}

/// TextRank with the original paper's word-overlap similarity.
fn overlap_textrank(text: &str, sentences: &[Vec<enrich_nlp::tokenize::Token>]) -> Vec<f32> {
    let words: Vec<std::collections::BTreeSet<String>> = sentences
        .iter()
        .map(|tokens| {
            tokens
                .iter()
                .map(|t| t.text(text))
                .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
                .map(str::to_lowercase)
                .collect()
        })
        .collect();
    graph_rank(
        words.len(),
        |a, b| {
            let shared = words[a].intersection(&words[b]).count() as f32;
            let norm = (words[a].len().max(2) as f32).ln() + (words[b].len().max(2) as f32).ln();
            shared / norm
        },
        &[],
    )
}

/// Scores one strategy at one length over all references.
pub fn evaluate(pipeline: &Pipeline, references: &[&ReferenceDocument], strategy: Strategy, length: Length) -> Scores {
    let scorer = NeutralityScorer::for_language(Lang::Eng, Share::All).expect("English lexicons are embedded");
    let mut total = Scores::default();
    let mut counted = 0usize;
    for reference in references {
        let (doc, skip) = prepared(pipeline, reference);
        let sentences = &doc.segments[skip..];
        let n = sentences.len();
        if n == 0 || reference.summary_sentence_ids.is_empty() {
            continue;
        }
        let k = match length {
            Length::Reference => reference.summary_sentence_ids.len(),
            Length::Fixed(k) => k,
        }
        .min(n);
        let chosen: Vec<usize> = match strategy {
            Strategy::Lead => (0..k).collect(),
            Strategy::TextRank | Strategy::OverlapTextRank => {
                let tokens: Vec<_> = sentences.iter().map(|s| tokenize(&doc.text, s.span)).collect();
                let rank = if strategy == Strategy::TextRank {
                    textrank(&TfIdf::new(
                        &doc.text,
                        &tokens,
                        doc.language.as_ref().and_then(|l| l.lang),
                    ))
                } else {
                    overlap_textrank(&doc.text, &tokens)
                };
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| rank[b].total_cmp(&rank[a]).then(a.cmp(&b)));
                order.truncate(k);
                order
            }
            Strategy::Enrich(weight) => {
                let mut d = doc.clone();
                pipeline.summarizer().annotate(
                    &mut d,
                    &SummaryOptions {
                        max_sentences: k,
                        max_characters: None,
                        neutrality_weight: weight,
                    },
                );
                d.summary
                    .map(|s| s.sentences.iter().map(|c| c.segment_index - skip).collect())
                    .unwrap_or_default()
            }
        };
        let gold = &reference.summary_sentence_ids;
        let hits = chosen.iter().filter(|i| gold.contains(i)).count() as f64;
        let (p, r) = (hits / chosen.len().max(1) as f64, hits / gold.len() as f64);
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        let loaded: Vec<f64> = sentences
            .iter()
            .map(|s| f64::from(scorer.loadedness(&doc.text, s.span, &tokenize(&doc.text, s.span))))
            .collect();
        total.f1 += f1;
        total.summary_loadedness += chosen.iter().map(|&i| loaded[i]).sum::<f64>() / chosen.len().max(1) as f64;
        total.document_loadedness += loaded.iter().sum::<f64>() / n as f64;
        counted += 1;
    }
    let c = counted.max(1) as f64;
    Scores {
        f1: total.f1 / c,
        summary_loadedness: total.summary_loadedness / c,
        document_loadedness: total.document_loadedness / c,
        documents: counted,
    }
}
