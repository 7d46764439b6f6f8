//! The content score: how likely an editor is to put a sentence in a short
//! summary, from a logistic model over signals of the sentence in its
//! document.
//!
//! The signals are centrality (TextRank over TF-IDF cosine), the mean
//! document frequency of the sentence's words (SumBasic's measure, Nenkova
//! and Vanderwende 2005), position, length, similarity to the headline, the
//! salience of the entities it mentions and whether it quotes. Each of centrality and
//! frequency enters three ways (scaled to the document's top sentence, as a
//! z-score within the document, and as the reciprocal of its rank), since a
//! summary is a choice among the document's sentences, not a threshold.
//!
//! The weights are learned from extractive reference summaries by
//! `enrich-lab train-summary`, which writes the embedded
//! `assets/models/summary-content.tsv`; the format is one header line, then
//! one line per feature: `name  mean  scale  weight`, and a last `bias` line.

use std::fmt::Write as _;

/// Names of the features, in the order [`features`] fills them and the model
/// file lists them.
pub const FEATURES: [&str; 13] = [
    "centrality",
    "centrality_z",
    "centrality_rank",
    "frequency",
    "frequency_z",
    "frequency_rank",
    "first",
    "position",
    "log_words",
    "headline",
    "coverage",
    "log_sentences",
    "quotation",
];

/// Number of features.
pub const N: usize = FEATURES.len();

/// One sentence's features.
pub type Features = [f32; N];

/// What is known about each candidate sentence of a document, before the
/// features that compare it with the others are made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Signals {
    pub centrality: f32,
    pub frequency: f32,
    pub words: usize,
    /// Cosine similarity to the headline; 0 without one.
    pub headline: f32,
    /// Salience of the entities it mentions, scaled to the document's top
    /// sentence.
    pub coverage: f32,
    pub quotation: bool,
}

/// The features of each of a document's candidate sentences, in order.
pub fn features(signals: &[Signals]) -> Vec<Features> {
    let n = signals.len();
    let centrality: Vec<f32> = signals.iter().map(|s| s.centrality).collect();
    let frequency: Vec<f32> = signals.iter().map(|s| s.frequency).collect();
    let (c_scaled, c_z, c_rank) = relative(&centrality);
    let (f_scaled, f_z, f_rank) = relative(&frequency);
    let log_sentences = (n as f32).ln();
    signals
        .iter()
        .enumerate()
        .map(|(k, s)| {
            [
                c_scaled[k],
                c_z[k],
                c_rank[k],
                f_scaled[k],
                f_z[k],
                f_rank[k],
                f32::from(u8::from(k == 0)),
                k as f32 / n as f32,
                (1.0 + s.words as f32).ln(),
                s.headline,
                s.coverage,
                log_sentences,
                f32::from(u8::from(s.quotation)),
            ]
        })
        .collect()
}

/// Each value scaled to the largest, as a z-score, and as `1 / (rank + 1)`
/// (rank 0 for the largest; ties in document order).
fn relative(values: &[f32]) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let n = values.len().max(1) as f32;
    let max = values.iter().copied().fold(0.0f32, f32::max).max(1e-9);
    let mean = values.iter().sum::<f32>() / n;
    let sd = (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n).sqrt();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut rank = vec![0.0f32; values.len()];
    for (r, &k) in order.iter().enumerate() {
        rank[k] = 1.0 / (r as f32 + 1.0);
    }
    (
        values.iter().map(|v| v / max).collect(),
        values.iter().map(|v| (v - mean) / sd.max(1e-6)).collect(),
        rank,
    )
}

/// A logistic model over standardised features.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentModel {
    pub mean: Features,
    pub scale: Features,
    pub weights: Features,
    pub bias: f32,
}

/// The embedded model.
const EMBEDDED: &str = include_str!("../../assets/models/summary-content.tsv");

/// First line of a model file: its format and version.
const HEADER: &str = "# enrich summary content model, format 1: name\tmean\tscale\tweight";

/// Why a content model file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("summary content model, line {line}: {problem}")]
pub struct ContentModelError {
    pub line: usize,
    pub problem: String,
}

impl ContentModel {
    /// The embedded model.
    pub fn embedded() -> Result<Self, ContentModelError> {
        Self::parse(EMBEDDED)
    }

    /// Probability that the sentence belongs in a short summary.
    pub fn score(&self, x: &Features) -> f32 {
        let z = self.bias
            + x.iter()
                .zip(&self.mean)
                .zip(&self.scale)
                .zip(&self.weights)
                .map(|(((x, mean), scale), weight)| weight * (x - mean) / scale)
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Reads a model file: every feature once, in [`FEATURES`] order, then
    /// the bias; anything else names the line it is on.
    pub fn parse(text: &str) -> Result<Self, ContentModelError> {
        let error = |line: usize, problem: String| ContentModelError { line, problem };
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        match lines.next() {
            Some((_, header)) if header == HEADER => {}
            _ => return Err(error(1, format!("expected the header `{HEADER}`"))),
        }
        let mut model = ContentModel {
            mean: [0.0; N],
            scale: [1.0; N],
            weights: [0.0; N],
            bias: 0.0,
        };
        for (i, name) in FEATURES.iter().enumerate() {
            let (line, text) = lines
                .next()
                .ok_or_else(|| error(i + 2, format!("missing feature `{name}`")))?;
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() != 4 || fields[0] != *name {
                return Err(error(
                    line,
                    format!("expected `{name}` and three numbers, tab-separated"),
                ));
            }
            let number = |s: &str| {
                s.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| error(line, format!("`{s}` is not a finite number")))
            };
            model.mean[i] = number(fields[1])?;
            model.scale[i] = number(fields[2])?;
            model.weights[i] = number(fields[3])?;
            if model.scale[i] <= 0.0 {
                return Err(error(line, "the scale must be positive".into()));
            }
        }
        let (line, text) = lines.next().ok_or_else(|| error(N + 2, "missing `bias`".into()))?;
        model.bias = match text.split_once('\t') {
            Some(("bias", value)) => value
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| error(line, format!("`{value}` is not a finite number")))?,
            _ => return Err(error(line, "expected `bias` and a number".into())),
        };
        if let Some((line, _)) = lines.find(|(_, l)| !l.trim().is_empty()) {
            return Err(error(line, "unexpected line after `bias`".into()));
        }
        Ok(model)
    }

    /// The model as a file [`ContentModel::parse`] reads back.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for (i, name) in FEATURES.iter().enumerate() {
            let _ = writeln!(out, "{name}\t{}\t{}\t{}", self.mean[i], self.scale[i], self.weights[i]);
        }
        let _ = writeln!(out, "bias\t{}", self.bias);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_loads_and_survives_a_round_trip() {
        let model = ContentModel::embedded().expect("embedded model");
        assert_eq!(ContentModel::parse(&model.to_text()), Ok(model));
    }

    #[test]
    fn a_broken_model_file_names_the_line() {
        let model = ContentModel::embedded().expect("embedded model");
        let text = model.to_text().replace("\nposition\t", "\nplace\t");
        let err = ContentModel::parse(&text).expect_err("renamed feature");
        assert_eq!(err.line, 9, "{err}");
        let err = ContentModel::parse("# another model\n").expect_err("wrong header");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn relative_features_rank_scale_and_centre_within_the_document() {
        let (scaled, z, rank) = relative(&[1.0, 4.0, 2.0, 4.0]);
        assert_eq!(scaled, vec![0.25, 1.0, 0.5, 1.0]);
        assert_eq!(rank, vec![0.25, 1.0, 1.0 / 3.0, 0.5]);
        assert!(z[1] > 0.0 && z[0] < 0.0 && z.iter().sum::<f32>().abs() < 1e-5);
    }
}
