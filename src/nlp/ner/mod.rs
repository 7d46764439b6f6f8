//! Statistical named-entity models: an averaged structured perceptron over
//! BILOU tags per language, trained by `enrich train-ner` from annotated
//! corpora and embedded in the binary.
//!
//! - [`features`]: hashed token features, shared by training and tagging;
//! - [`gazetteer`]: entity sequences learned from the training data;
//! - [`clusters`]: word clusters learned from unlabeled text;
//! - [`model`]: scoring, constrained Viterbi, the compact model file;
//! - [`train`], [`corpus`], [`eval`]: training and end-to-end evaluation.

pub mod clusters;
pub mod corpus;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod model;
pub mod train;

use super::entities::EntityRecognizer;
use model::PerceptronModel;
use whatlang::Lang;

/// The embedded models, one per language: `assets/models/ner-<code>.bin`,
/// produced by `enrich train-ner` (see the README).
pub const EMBEDDED: &[(Lang, &[u8])] = &[
    (Lang::Eng, include_bytes!("../../../assets/models/ner-en.bin")),
    (Lang::Spa, include_bytes!("../../../assets/models/ner-es.bin")),
    (Lang::Nld, include_bytes!("../../../assets/models/ner-nl.bin")),
];

/// The entity stage with every embedded model registered.
pub fn recognizer_with_embedded_models() -> EntityRecognizer {
    let mut recognizer = EntityRecognizer::new();
    for (lang, bytes) in EMBEDDED {
        match PerceptronModel::from_bytes(bytes) {
            Ok(model) => recognizer.register(*lang, Box::new(model)),
            // A corrupt embedded model is a build defect; the service still
            // runs, and the entity stage warns that the language is uncovered.
            Err(e) => tracing::error!(language = lang.code(), error = %e, "embedded NER model did not load"),
        }
    }
    recognizer
}
