//! Statistical named-entity models: an averaged structured perceptron over
//! BILOU tags per language, trained by `enrich-lab train-ner` from annotated
//! corpora and embedded in the binary.
//!
//! - [`labels`]: the label set (PER, ORG, LOC, MISC);
//! - [`tags`]: BILOU tag algebra; [`viterbi`]: constrained decoding;
//! - [`token`], [`hash`], [`features`]: the token view, the stable hash and
//!   the hashed features, shared by training and tagging;
//! - [`gazetteer`], [`clusters`]: entity sequences and word clusters a model
//!   carries beside its weights; [`skeleton`]: names' sound, the same in
//!   Latin and Cyrillic script, by which the gazetteer knows names across
//!   scripts;
//! - [`table`], [`model`]: the weight table and the tagger; [`scratch`]: its
//!   working memory, which remembers words' weights between documents;
//! - [`codec`]: the model file.

pub(crate) mod buckets;
pub(crate) mod clusters;
pub(crate) mod codec;
pub(crate) mod features;
pub(crate) mod gazetteer;
pub(crate) mod hash;
pub(crate) mod labels;
pub(crate) mod model;
pub(crate) mod scratch;
pub(crate) mod skeleton;
pub(crate) mod table;
pub(crate) mod tags;
pub(crate) mod token;
pub(crate) mod viterbi;

pub use codec::ModelFileError;
pub use labels::NerLabel;
pub use model::PerceptronModel;

use crate::entities::EntityRecognizer;
use whatlang::Lang;

/// The embedded models, one per language: `assets/models/ner-<code>.bin`,
/// produced by `enrich-lab train-ner` (see `docs/entities.md`).
pub(crate) const EMBEDDED: &[(Lang, &[u8])] = &[
    (Lang::Eng, include_bytes!("../../assets/models/ner-en.bin")),
    (Lang::Spa, include_bytes!("../../assets/models/ner-es.bin")),
    (Lang::Nld, include_bytes!("../../assets/models/ner-nl.bin")),
    (Lang::Deu, include_bytes!("../../assets/models/ner-de.bin")),
    (Lang::Fra, include_bytes!("../../assets/models/ner-fr.bin")),
    (Lang::Ita, include_bytes!("../../assets/models/ner-it.bin")),
    (Lang::Por, include_bytes!("../../assets/models/ner-pt.bin")),
    (Lang::Pol, include_bytes!("../../assets/models/ner-pl.bin")),
    (Lang::Rus, include_bytes!("../../assets/models/ner-ru.bin")),
];

/// Why a model cannot serve a language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelLoadError {
    #[error(transparent)]
    File(#[from] ModelFileError),
    #[error(transparent)]
    Language(#[from] crate::language::FormatError),
    #[error(transparent)]
    Summary(#[from] crate::summary::content::ContentModelError),
    #[error("the NER model {name} was trained for language {found:?}, not {expected:?}")]
    WrongLanguage {
        name: String,
        found: String,
        expected: String,
    },
}

/// Reads a model file meant for `lang`: a file for another language, or of
/// another format version, is refused with a message that says so.
pub fn load_model(lang: Lang, bytes: &[u8]) -> Result<PerceptronModel, ModelLoadError> {
    check_language(lang, PerceptronModel::from_bytes(bytes)?)
}

fn check_language(lang: Lang, model: PerceptronModel) -> Result<PerceptronModel, ModelLoadError> {
    let expected = crate::language::iso_code(lang);
    if model.card.language != expected {
        return Err(ModelLoadError::WrongLanguage {
            name: model.card.name.clone(),
            found: model.card.language.clone(),
            expected: expected.to_string(),
        });
    }
    Ok(model)
}

/// The entity stage with every embedded model registered; fails on the
/// first that does not load, since a build that carries a broken model is
/// a defect to stop at start-up, not a language to drop quietly.
pub fn recognizer_with_embedded_models() -> Result<EntityRecognizer, ModelLoadError> {
    let mut recognizer = EntityRecognizer::new();
    for (lang, bytes) in EMBEDDED {
        recognizer.register(
            *lang,
            Box::new(check_language(*lang, PerceptronModel::from_embedded(bytes)?)?),
        );
    }
    Ok(recognizer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Embedded models skip the per-entry check at start-up; this is where
    /// their bytes get it.
    #[test]
    fn every_embedded_model_passes_the_full_check() {
        for (lang, bytes) in EMBEDDED {
            let checked = load_model(*lang, bytes).map(|m| m.feature_count());
            let embedded = PerceptronModel::from_embedded(bytes).map(|m| m.feature_count());
            assert!(checked.is_ok(), "{lang:?}: {checked:?}");
            assert_eq!(checked.ok(), embedded.ok(), "{lang:?}");
        }
    }

    #[test]
    fn a_model_for_another_language_or_an_older_format_is_refused_with_a_message_that_says_so() {
        let (lang, english) = EMBEDDED[0];
        assert_eq!(lang, Lang::Eng);
        assert!(load_model(Lang::Eng, english).is_ok());
        let wrong = load_model(Lang::Spa, english)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(wrong.contains("\"en\"") && wrong.contains("\"es\""), "{wrong}");
        let mut older = english.to_vec();
        older[6] = b'4';
        let refused = load_model(Lang::Eng, &older)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(refused.contains("ENRNER4") && refused.contains("retrain"), "{refused}");
    }
}
