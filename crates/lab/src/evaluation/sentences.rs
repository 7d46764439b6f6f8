//! Sentence-boundary evaluation against gold segmentations: precision,
//! recall and F1 of sentence ends (the end of the document, which every
//! segmenter gets right, is not counted).

use crate::corpus::{code_point_to_byte, GoldDocument};
use enrich_nlp::segment::Segmenter;
use std::collections::HashSet;
use whatlang::Lang;

pub use crate::scoring::Counts as BoundaryCounts;

/// Ends of sentences, as byte offsets after trailing white space is
/// trimmed, without the document's own end.
fn ends(text: &str, spans: impl Iterator<Item = (usize, usize)>) -> HashSet<usize> {
    let last = text.trim_end().len();
    spans
        .map(|(s, e)| s + text[s..e].trim_end().len())
        .filter(|&e| e < last)
        .collect()
}

/// Scores the segmenter on gold documents in one language. `errors` receives
/// up to that many examples of wrong boundaries, for reading.
pub fn evaluate(
    segmenter: &Segmenter,
    docs: &[GoldDocument],
    lang: Option<Lang>,
    errors: &mut Vec<String>,
    max_errors: usize,
) -> BoundaryCounts {
    let mut counts = BoundaryCounts::default();
    for doc in docs {
        let to_byte = code_point_to_byte(&doc.text);
        let gold = ends(
            &doc.text,
            doc.sentences
                .iter()
                .filter_map(|&(s, e)| Some((*to_byte.get(s)?, *to_byte.get(e)?))),
        );
        let predicted = ends(
            &doc.text,
            segmenter
                .segment(&doc.text, lang)
                .iter()
                .map(|s| (s.span.start, s.span.end)),
        );
        counts.gold += gold.len();
        counts.predicted += predicted.len();
        counts.true_positives += predicted.intersection(&gold).count();
        for (kind, set, other) in [("missed", &gold, &predicted), ("extra", &predicted, &gold)] {
            for &at in set.difference(other) {
                if errors.len() < max_errors {
                    let from = doc.text[..at].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
                    let to = doc.text[at..]
                        .char_indices()
                        .nth(40)
                        .map_or(doc.text.len(), |(i, _)| at + i);
                    errors.push(format!("{kind}: {}⟂{}", &doc.text[from..at], &doc.text[at..to]).replace('\n', "⏎"));
                }
            }
        }
    }
    counts
}
