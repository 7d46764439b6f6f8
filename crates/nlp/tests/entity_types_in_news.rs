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
