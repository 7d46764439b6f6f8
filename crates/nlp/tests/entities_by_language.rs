//! Named entities in every language with a model: one news-style sentence
//! each, run through the whole pipeline (language detected, not hinted),
//! with its people, places and organisations typed and its date and money
//! normalized the way that language writes them.

use enrich_nlp::{EntityType, Options, Pipeline};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

use EntityType::{Date, Location as L, Money, Organization as O, Person as P};

/// (ISO 639-1 code, sentence, names with their types, (date, its value), (money, its value)).
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, EntityType)],
    (&'static str, &'static str),
    (&'static str, &'static str),
);

const CASES: &[Case] = &[
    (
        "en",
        "Prime Minister Boris Johnson met executives of the engine maker Rolls-Royce Holdings in London on 12 March 2020 to discuss an investment of $2.5 billion.",
        &[("Boris Johnson", P), ("Rolls-Royce Holdings", O), ("London", L)],
        ("12 March 2020", "2020-03-12"),
        ("$2.5 billion", "2500000000 USD"),
    ),
    (
        "de",
        "Bundeskanzlerin Angela Merkel sprach am 12. März 2020 in Berlin mit dem Vorstand von Siemens über Investitionen von 2,5 Milliarden Euro.",
        &[("Angela Merkel", P), ("Berlin", L), ("Siemens", O)],
        ("12. März 2020", "2020-03-12"),
        ("2,5 Milliarden Euro", "2500000000 EUR"),
    ),
    (
        "fr",
        "Le président Emmanuel Macron a reçu le 12 mars 2020 à Paris les dirigeants du groupe Renault, qui promettent un investissement de 2,5 milliards d'euros.",
        &[("Emmanuel Macron", P), ("Paris", L), ("Renault", O)],
        ("12 mars 2020", "2020-03-12"),
        ("2,5 milliards d'euros", "2500000000 EUR"),
    ),
    (
        "es",
        "El presidente Pedro Sánchez se reunió el 12 de marzo de 2020 en Madrid con directivos de Telefónica, que invertirá 2,5 millones de euros.",
        &[("Pedro Sánchez", P), ("Madrid", L), ("Telefónica", O)],
        ("12 de marzo de 2020", "2020-03-12"),
        ("2,5 millones de euros", "2500000 EUR"),
    ),
    (
        "it",
        "Il presidente Sergio Mattarella ha incontrato il 12 marzo 2020 a Roma i vertici della Fiat, che investirà 2,5 miliardi di euro.",
        &[("Sergio Mattarella", P), ("Roma", L), ("Fiat", O)],
        ("12 marzo 2020", "2020-03-12"),
        ("2,5 miliardi di euro", "2500000000 EUR"),
    ),
    (
        "pt",
        "O presidente Jair Bolsonaro visitou em 12 de março de 2020 a cidade de São Paulo com diretores da Petrobras, que investirá 2,5 milhões de reais.",
        &[("Jair Bolsonaro", P), ("São Paulo", L), ("Petrobras", O)],
        ("12 de março de 2020", "2020-03-12"),
        ("2,5 milhões de reais", "2500000 BRL"),
    ),
    (
        "nl",
        "Premier Mark Rutte sprak op 12 maart 2020 in Amsterdam met de top van Philips over een investering van 2,5 miljoen euro.",
        &[("Mark Rutte", P), ("Amsterdam", L), ("Philips", O)],
        ("12 maart 2020", "2020-03-12"),
        ("2,5 miljoen euro", "2500000 EUR"),
    ),
    (
        "pl",
        "Prezydent Andrzej Duda spotkał się 12 marca 2020 r. w Krakowie z zarządem PKN Orlen, który zainwestuje 2,5 mld zł.",
        &[("Andrzej Duda", P), ("Krakowie", L), ("PKN Orlen", O)],
        ("12 marca 2020 r.", "2020-03-12"),
        ("2,5 mld zł", "2500000000 PLN"),
    ),
    (
        "ru",
        "Президент Владимир Путин 12 марта 2020 года встретился в Москве с руководством компании «Газпром», которая вложит 2,5 млрд рублей.",
        // Whether the guillemets are part of the name is the model's call:
        // after `компания` the training data leaves them outside 6 times in
        // 9, after `клуб` mostly inside. Names are compared without them.
        &[("Владимир Путин", P), ("Москве", L), ("Газпром", O)],
        ("12 марта 2020 года", "2020-03-12"),
        ("2,5 млрд рублей", "2500000000 RUB"),
    ),
];

#[test]
fn a_news_sentence_in_each_language_has_its_names_typed_and_its_date_and_money_normalized() {
    let mut failures = Vec::new();
    for &(code, text, names, (date, date_value), (money, money_value)) in CASES {
        let doc = pipeline().annotate(text, &Options::default());
        let detected = doc
            .language
            .as_ref()
            .and_then(|l| l.lang)
            .map(enrich_nlp::language::iso_code);
        if detected != Some(code) {
            failures.push(format!("{code}: detected {detected:?}"));
        }
        let found: Vec<(String, EntityType, Option<String>)> = doc
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions.iter().map(|m| {
                    (
                        m.span.slice(&doc.text).to_string(),
                        e.entity_type,
                        e.normalized_value.clone(),
                    )
                })
            })
            .collect();
        let unquoted = |s: &str| s.trim_matches(['«', '»']).to_string();
        let has = |surface: &str, ty: EntityType| found.iter().any(|(s, t, _)| unquoted(s) == surface && *t == ty);
        let value_of = |surface: &str, ty: EntityType| {
            found
                .iter()
                .find(|(s, t, _)| s == surface && *t == ty)
                .and_then(|(_, _, v)| v.clone())
        };
        for &(name, ty) in names {
            if !has(name, ty) {
                failures.push(format!("{code}: {name:?} as {ty:?} not in {found:?}"));
            }
        }
        if value_of(date, Date).as_deref() != Some(date_value) {
            failures.push(format!("{code}: date {date:?} = {date_value} not in {found:?}"));
        }
        if value_of(money, Money).as_deref() != Some(money_value) {
            failures.push(format!("{code}: money {money:?} = {money_value} not in {found:?}"));
        }
        let warnings: Vec<&str> = doc.warnings.iter().map(|w| w.code).collect();
        if warnings.contains(&"ENTITIES_LANGUAGE_UNSUPPORTED") {
            failures.push(format!("{code}: no model ({warnings:?})"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_name_after_an_elided_article_is_found_without_the_article_in_french_and_italian() {
    // Raw text joins the article to the name (`l'Élysée`); the French and
    // Italian models were trained on corpora that split it off.
    let cases: &[(&str, &[(&str, EntityType)])] = &[
        (
            "L'Élysée a confirmé mardi la visite d'Angela Merkel à Paris.",
            &[("Élysée", L), ("Angela Merkel", P), ("Paris", L)],
        ),
        (
            "Il presidente dell'Inter ha incontrato ieri il sindaco di Milano.",
            &[("Inter", O), ("Milano", L)],
        ),
    ];
    for &(text, names) in cases {
        let doc = pipeline().annotate(text, &Options::default());
        let found: Vec<(&str, EntityType)> = doc
            .entities
            .iter()
            .filter(|e| matches!(e.entity_type, P | L | O))
            .flat_map(|e| e.mentions.iter().map(|m| (m.span.slice(&doc.text), e.entity_type)))
            .collect();
        assert_eq!(found.len(), names.len(), "{text}: {found:?}");
        for name in names {
            assert!(found.contains(name), "{text}: {name:?} not in {found:?}");
        }
    }
}
