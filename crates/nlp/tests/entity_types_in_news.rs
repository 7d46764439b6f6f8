//! Types a journalist would accept, end to end on news-style English
//! written for this test: a treaty and its acronym are MISC, a company
//! named like a person is an organisation, an organisation's full name is
//! one, and a surname before `administration` is a person.

use enrich_nlp::{EntityType, Options, Pipeline};

#[test]
fn treaties_companies_organisations_and_an_administrations_president_get_the_types_a_journalist_expects() {
    let text = "Seoul agreed on Friday to keep the General Security of Military Information Agreement (GSOMIA) \
                with Tokyo. It also dropped a World Trade Organization complaint. A court had ordered Nippon Steel \
                to pay damages, a ruling the Trump administration watched closely. GSOMIA now runs until next year.";
    let pipeline = Pipeline::new().expect("embedded models load");
    let doc = pipeline.annotate(text, &Options::default());
    let type_of = |surface: &str| {
        doc.entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.span.slice(&doc.text) == surface))
            .map(|e| e.entity_type)
    };
    assert_eq!(
        type_of("General Security of Military Information Agreement"),
        Some(EntityType::Misc)
    );
    assert_eq!(
        type_of("GSOMIA"),
        Some(EntityType::Misc),
        "the acronym joins its treaty"
    );
    assert_eq!(type_of("World Trade Organization"), Some(EntityType::Organization));
    assert_eq!(type_of("Nippon Steel"), Some(EntityType::Organization));
    assert_eq!(type_of("Trump"), Some(EntityType::Person));
    let treaty = doc
        .entities
        .iter()
        .find(|e| e.name.contains("Agreement"))
        .expect("the treaty is an entity");
    assert_eq!(
        treaty.mentions.len(),
        3,
        "the full name and both acronyms are one entity"
    );

    let text = "President Donald Trump met Shinzo Abe in Osaka. Later the Trump administration said talks went well, and Trump left for Seoul.";
    let doc = pipeline.annotate(text, &Options::default());
    let trump: Vec<&str> = doc
        .entities
        .iter()
        .filter(|e| e.entity_type == EntityType::Person && e.name == "Donald Trump")
        .flat_map(|e| e.mentions.iter().map(|m| m.span.slice(&doc.text)))
        .collect();
    assert_eq!(trump, ["Donald Trump", "Trump", "Trump"], "{:?}", doc.entities);
}

/// A title-case headline capitalises every word, so case cannot tell its
/// names from its words: it is read as the same headline in capitals, and
/// its verbs and nouns stay out of the names (read as written, the English
/// model returned `Trump Meets Abe` and `Tariffs Loom` as persons).
#[test]
fn a_title_case_headline_is_tagged_as_the_same_headline_in_capitals() {
    let pipeline = Pipeline::new().expect("embedded models load");
    let found = |text: &str| -> Vec<(usize, usize, EntityType)> {
        let doc = pipeline.annotate(text, &Options::default());
        let mut spans: Vec<_> = doc
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(move |m| (m.span.start, m.span.end, e.entity_type))
            })
            .collect();
        spans.sort();
        spans
    };
    for headline in [
        "Trump Meets Abe in Tokyo as Tariffs Loom",
        "Police Arrest Man After Stabbing in Central London",
    ] {
        let titled = found(headline);
        assert_eq!(titled, found(&headline.to_uppercase()), "{headline}");
        let surfaces: Vec<&str> = titled.iter().map(|&(s, e, _)| &headline[s..e]).collect();
        assert!(
            surfaces
                .iter()
                .all(|s| !s.contains("Meets") && !s.contains("Arrest") && !s.contains("Loom")),
            "{headline}: {surfaces:?}"
        );
    }
    let titled = found("Trump Meets Abe in Tokyo as Tariffs Loom");
    assert!(titled.contains(&(0, 5, EntityType::Person)), "{titled:?}");
    assert!(titled.contains(&(19, 24, EntityType::Location)), "{titled:?}");
}
