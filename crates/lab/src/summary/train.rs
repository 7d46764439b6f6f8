//! Logistic regression for the summary content model
//! (`enrich_nlp::summary::content`): each candidate sentence of a reference
//! document is an example, labelled by whether the reference took it.
//!
//! Features are standardised on the training examples, and the weights are
//! fitted by full-batch gradient descent on the L2-penalised log loss: a
//! few thousand steps over some ten thousand sentences take seconds, and the
//! result depends on nothing but the data (no shuffling, no seed).

use crate::evaluation::summary::{prepared, ReferenceDocument};
use enrich_nlp::lab::{content_features, ContentFeatures, ContentModel, CONTENT_FEATURES};
use enrich_nlp::Pipeline;

const N: usize = CONTENT_FEATURES.len();

/// How the model is fitted.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// L2 penalty on the weights (not the bias), per example.
    pub l2: f32,
    pub iterations: usize,
    pub learning_rate: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            l2: 1e-3,
            iterations: 3000,
            learning_rate: 0.5,
        }
    }
}

/// A document's candidate sentences' features and whether the reference
/// took each.
pub struct Example {
    pub features: Vec<ContentFeatures>,
    pub taken: Vec<bool>,
}

/// Features and labels of every reference document, as the summary stage
/// would see it (headline, reference sentences, entities tagged).
pub fn examples(pipeline: &Pipeline, references: &[ReferenceDocument]) -> Vec<Example> {
    references
        .iter()
        .map(|reference| {
            let (doc, skip) = prepared(pipeline, reference);
            let candidates = doc.sentence_indices();
            let features = content_features(&doc);
            let taken = candidates
                .iter()
                .map(|&i| reference.summary_sentence_ids.contains(&(i - skip)))
                .collect();
            Example { features, taken }
        })
        .collect()
}

/// Fits a model to the examples.
pub fn train(examples: &[&Example], settings: Settings) -> ContentModel {
    let rows: Vec<(&ContentFeatures, bool)> = examples
        .iter()
        .flat_map(|e| e.features.iter().zip(e.taken.iter().copied()))
        .collect();
    let count = rows.len().max(1) as f64;
    let mut mean = [0.0f32; N];
    let mut scale = [1.0f32; N];
    for i in 0..N {
        let m = rows.iter().map(|(x, _)| f64::from(x[i])).sum::<f64>() / count;
        let var = rows.iter().map(|(x, _)| (f64::from(x[i]) - m).powi(2)).sum::<f64>() / count;
        mean[i] = m as f32;
        // A constant feature keeps scale 1 and learns nothing.
        scale[i] = if var > 1e-12 { var.sqrt() as f32 } else { 1.0 };
    }
    let standard: Vec<([f64; N], f64)> = rows
        .iter()
        .map(|(x, y)| {
            let mut z = [0.0f64; N];
            for i in 0..N {
                z[i] = f64::from((x[i] - mean[i]) / scale[i]);
            }
            (z, f64::from(u8::from(*y)))
        })
        .collect();
    let mut weights = [0.0f64; N];
    let mut bias = 0.0f64;
    let (l2, rate) = (f64::from(settings.l2), f64::from(settings.learning_rate));
    for _ in 0..settings.iterations {
        let mut gradient = [0.0f64; N];
        let mut gradient_bias = 0.0f64;
        for (z, y) in &standard {
            let logit = bias + z.iter().zip(&weights).map(|(a, b)| a * b).sum::<f64>();
            let error = 1.0 / (1.0 + (-logit).exp()) - y;
            for i in 0..N {
                gradient[i] += error * z[i];
            }
            gradient_bias += error;
        }
        for i in 0..N {
            weights[i] -= rate * (gradient[i] / count + l2 * weights[i]);
        }
        bias -= rate * gradient_bias / count;
    }
    ContentModel {
        mean,
        scale,
        weights: weights.map(|w| w as f32),
        bias: bias as f32,
    }
}

/// Which of `folds` folds document `index` is in.
pub fn fold_of(index: usize, folds: usize) -> usize {
    index % folds.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(pairs: &[(f32, bool)]) -> Example {
        Example {
            features: pairs
                .iter()
                .map(|&(v, _)| {
                    let mut x = [0.0f32; N];
                    x[0] = v;
                    x
                })
                .collect(),
            taken: pairs.iter().map(|&(_, t)| t).collect(),
        }
    }

    #[test]
    fn a_feature_that_separates_taken_sentences_gets_a_positive_weight() {
        let e = example(&[(0.9, true), (0.8, true), (0.2, false), (0.1, false), (0.3, false)]);
        let model = train(&[&e], Settings::default());
        assert!(model.weights[0] > 1.0, "{:?}", model.weights);
        assert!(
            model.weights[1..].iter().all(|w| *w == 0.0),
            "constant features learn nothing"
        );
        let mut high = [0.0f32; N];
        high[0] = 0.9;
        let mut low = [0.0f32; N];
        low[0] = 0.1;
        assert!(model.score(&high) > 0.5 && model.score(&low) < 0.5);
    }
}
