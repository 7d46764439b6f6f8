//! End-to-end evaluation: the whole pipeline on raw text, scored by exact
//! character span and type against gold entities.

use crate::corpus::{code_point_to_byte, gold_spans, GoldDocument};
use enrich_nlp::entities::ModelEvaluation;
use enrich_nlp::ner::NerLabel;
use enrich_nlp::Span;
use enrich_nlp::{Document, Pipeline};
use std::collections::HashSet;
use whatlang::Lang;

pub use crate::scoring::Counts;

/// Per-type and micro-averaged counts.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub per_type: [Counts; 4],
    pub documents: usize,
    /// Tokens the entity stage tagged, and the time it took (one core).
    pub tokens: usize,
    pub entity_stage: std::time::Duration,
    /// Every gold mention missed and every predicted one not in the gold.
    pub errors: Vec<EntityError>,
}

/// About 60 bytes either side of `span`, cut at character boundaries, with
/// line breaks flattened.
fn context_around(text: &str, span: Span) -> String {
    const REACH: usize = 60;
    let mut start = span.start.saturating_sub(REACH);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end + REACH).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].replace(['\n', '\t'], " ")
}

/// A scoring error, for reading what the model gets wrong.
#[derive(Debug, Clone)]
pub struct EntityError {
    /// `missed` (a gold mention not predicted) or `spurious`.
    pub kind: &'static str,
    pub entity_type: &'static str,
    pub text: String,
    /// The text around the mention (about 60 bytes either side), on one
    /// line, so a reader can tell a club from its city.
    pub context: String,
}

impl Evaluation {
    /// The micro scores as a model card records them, under the dataset's
    /// name (its folder and file, `conll2003/dev.docs.jsonl`).
    pub fn as_model_evaluation(&self, dataset: &std::path::Path) -> ModelEvaluation {
        let name =
            |p: Option<&std::path::Path>| p.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
        let dataset = match (name(dataset.parent()), name(Some(dataset))) {
            (Some(dir), Some(file)) => format!("{dir}/{file}"),
            (_, file) => file.unwrap_or_default(),
        };
        let micro = self.micro();
        ModelEvaluation {
            dataset,
            precision: micro.precision() as f32,
            recall: micro.recall() as f32,
            f1: micro.f1() as f32,
        }
    }

    pub fn micro(&self) -> Counts {
        self.per_type.iter().fold(Counts::default(), |a, c| a.plus(*c))
    }

    /// A table: type, precision, recall, F1, support.
    pub fn report(&self) -> String {
        let mut out = format!(
            "entity stage: {} tokens in {:.3} s = {:.0} tokens/s on one core\n",
            self.tokens,
            self.entity_stage.as_secs_f64(),
            self.tokens as f64 / self.entity_stage.as_secs_f64().max(1e-9)
        );
        out.push_str(&format!(
            "{:<8} {:>9} {:>9} {:>9} {:>8}\n",
            "type", "precision", "recall", "f1", "gold"
        ));
        let rows = NerLabel::ALL
            .iter()
            .zip(self.per_type.iter())
            .map(|(t, c)| (t.code().to_string(), *c));
        for (name, c) in rows.chain(std::iter::once(("micro".to_string(), self.micro()))) {
            out.push_str(&format!(
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>8}\n",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold
            ));
        }
        out
    }
}

/// Runs the pipeline's language, sentence and entity stages on each gold
/// document (language fixed to `lang`, as the corpus is monolingual) and
/// scores the named-entity mentions it returns.
///
/// The default is the standard exact-match score; the options are
/// diagnostics that say where the errors come from.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvalOptions {
    /// Use the corpus's own sentence boundaries instead of the segmenter's
    /// (tagging errors apart from segmentation errors).
    pub gold_sentences: bool,
    /// Trim quotation marks off the edges of gold mentions. CoNLL-2002
    /// Spanish puts them inside some names (`" The Web Hatchery "`); the
    /// entity stage never returns them, by design, so strict scoring counts
    /// each such name as both missed and spurious.
    pub quotes_outside_names: bool,
    /// Keep the tagger's types without the head-word rules (what the rules
    /// add is the difference).
    pub tagger_types_only: bool,
}

/// Trims quotation marks and spaces off a gold span's edges.
fn without_edge_quotes(text: &str, span: Span) -> Span {
    let is_edge = |c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '«' | '»' | '\'' | '‘' | '’');
    let inner = span.slice(text);
    let start = span.start + (inner.len() - inner.trim_start_matches(is_edge).len());
    let end = span.end - (inner.len() - inner.trim_end_matches(is_edge).len());
    if start < end {
        Span::new(start, end)
    } else {
        span
    }
}

pub fn evaluate(pipeline: &Pipeline, docs: &[GoldDocument], lang: Lang, options: EvalOptions) -> Evaluation {
    let gold_sentences = options.gold_sentences;
    let mut eval = Evaluation {
        documents: docs.len(),
        ..Default::default()
    };
    for gold_doc in docs {
        let mut doc = Document::new(gold_doc.text.clone());
        // A monolingual corpus: the hint decides, as a caller's would.
        doc.language = Some(enrich_nlp::DetectedLanguage {
            lang: Some(lang),
            script: String::new(),
            confidence: 1.0,
            reliable: true,
            alternatives: Vec::new(),
        });
        let to_byte = code_point_to_byte(&gold_doc.text);
        if gold_sentences {
            doc.segments = gold_doc
                .sentences
                .iter()
                .filter_map(|&(s, e)| Some(Span::new(*to_byte.get(s)?, *to_byte.get(e)?)))
                .map(|span| enrich_nlp::Segment {
                    span,
                    kind: enrich_nlp::SegmentKind::Sentence,
                    language: None,
                })
                .collect();
        } else {
            pipeline.segmenter().annotate(&mut doc);
        }
        let started = std::time::Instant::now();
        let entity_options = enrich_nlp::entities::EntityOptions {
            tagger_types_only: options.tagger_types_only,
            ..Default::default()
        };
        pipeline.entities().annotate_with(&mut doc, &entity_options);
        eval.entity_stage += started.elapsed();
        eval.tokens += doc
            .segments
            .iter()
            .map(|s| enrich_nlp::tokenize::tokenize(&doc.text, s.span).len())
            .sum::<usize>();
        let gold: HashSet<(Span, usize)> = gold_spans(gold_doc, &to_byte)
            .into_iter()
            .map(|(span, t)| {
                if options.quotes_outside_names {
                    (without_edge_quotes(&doc.text, span), t)
                } else {
                    (span, t)
                }
            })
            .collect();
        let predicted: HashSet<(Span, usize)> = doc
            .entities
            .iter()
            .filter_map(|e| NerLabel::from_entity_type(e.entity_type).map(|t| (e, t.index())))
            .flat_map(|(e, t)| e.mentions.iter().map(move |m| (m.span, t)))
            .collect();
        for &(_, t) in &gold {
            eval.per_type[t].gold += 1;
        }
        for (kind, spans, other) in [("missed", &gold, &predicted), ("spurious", &predicted, &gold)] {
            let mut wrong: Vec<&(Span, usize)> = spans.iter().filter(|s| !other.contains(s)).collect();
            wrong.sort_by_key(|(span, _)| span.start);
            eval.errors.extend(wrong.into_iter().map(|&(span, t)| EntityError {
                kind,
                entity_type: NerLabel::from_index(t).map_or("?", NerLabel::code),
                text: doc.text[span.start..span.end].to_string(),
                context: context_around(&doc.text, span),
            }));
        }
        for p in &predicted {
            eval.per_type[p.1].predicted += 1;
            if gold.contains(p) {
                eval.per_type[p.1].true_positives += 1;
            }
        }
    }
    eval
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_context_cuts_at_character_boundaries_and_flattens_lines() {
        // 'é' is two bytes: a cut 60 bytes out lands inside some of them.
        let text = format!("{}\nBarcelona\t{}", "é".repeat(40), "ñ".repeat(40));
        let start = text.find("Barcelona").unwrap();
        let context = context_around(&text, Span::new(start, start + "Barcelona".len()));
        assert!(context.contains(" Barcelona "), "{context}");
        assert!(!context.contains('\n') && !context.contains('\t'));
        assert_eq!(context.matches('é').count(), 30);
        assert_eq!(context.matches('ñ').count(), 30);
    }
}
