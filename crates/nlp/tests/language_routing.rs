//! Short and name-heavy English through the whole pipeline: detected as
//! English, and its entities found by the English model.

use enrich_nlp::{Options, Pipeline};
use whatlang::Lang;

#[test]
fn short_and_name_heavy_english_gets_english_entities() {
    let pipeline = Pipeline::new().expect("embedded models load");
    for (text, names) in [
        ("Paris is in France.", &["Paris", "France"][..]),
        (
            "Paris is big. Rome is old. Berlin is cold.",
            &["Paris", "Rome", "Berlin"][..],
        ),
        ("Zimbabwe executes convicted murderer.", &["Zimbabwe"][..]),
    ] {
        let doc = pipeline.annotate(text, &Options::default());
        assert_eq!(doc.lang(), Some(Lang::Eng), "{text:?}");
        assert!(
            doc.warnings.iter().all(|w| w.code != "ENTITIES_LANGUAGE_UNSUPPORTED"),
            "{text:?}: {:?}",
            doc.warnings
        );
        let found: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        for name in names {
            assert!(found.contains(name), "{text:?}: {name} not among {found:?}");
        }
    }
}

#[test]
fn an_unreliable_detection_names_the_model_the_entity_stage_used() {
    let pipeline = Pipeline::new().expect("embedded models load");
    let doc = pipeline.annotate("Paris is in France.", &Options::default());
    let language = doc.language.as_ref().expect("language detected");
    assert!(!language.reliable, "four words are not enough to be sure: {language:?}");
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == "ENTITIES_LANGUAGE_ASSUMED")
        .expect("the entity stage says which language it assumed");
    assert!(warning.message.contains("English (en"), "{}", warning.message);
}
