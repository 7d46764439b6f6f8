//! Neutral summaries in every language with neutrality lexicons: a short
//! news text with one editorial sentence that a plain extractive summary
//! takes (it repeats the story's words), and the neutral summary leaves out.

use enrich_nlp::summary::NEUTRALITY_LANGUAGES;
use enrich_nlp::{Document, Options, Pipeline, SummaryOptions};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

/// (ISO 639-1 code, the text, its editorial sentence).
const CASES: &[(&str, &str, &str)] = &[
    (
        "de",
        "Der Stadtrat von Frankfurt hat am Dienstag den neuen Haushalt für das Jahr 2021 beschlossen. \
         Der Haushalt sieht Ausgaben von 4,2 Milliarden Euro vor. \
         Die Stadt will mehr Geld für Schulen und den Nahverkehr ausgeben. \
         Dieser Haushalt des Stadtrats ist eine katastrophale Schande: Die 4,2 Milliarden Euro für Schulen und Nahverkehr werden leider völlig sinnlos verschwendet! \
         Die Opposition stimmte gegen den Haushalt. \
         Die Beratungen im Stadtrat dauerten sieben Stunden.",
        "Dieser Haushalt des Stadtrats",
    ),
    (
        "fr",
        "Le conseil municipal de Lyon a adopté mardi le budget de la ville pour 2021. \
         Le budget prévoit des dépenses de 1,2 milliard d'euros. \
         La ville veut consacrer davantage d'argent aux écoles et aux transports. \
         Ce budget du conseil municipal est évidemment une honte scandaleuse : les 1,2 milliard d'euros pour les écoles et les transports seront gaspillés de façon désastreuse ! \
         L'opposition a voté contre le budget. \
         Les débats au conseil municipal ont duré sept heures.",
        "Ce budget du conseil municipal",
    ),
    (
        "nl",
        "De gemeenteraad van Antwerpen heeft dinsdag de begroting voor 2021 goedgekeurd. \
         De begroting voorziet in uitgaven van 1,2 miljard euro. \
         De stad wil meer geld besteden aan scholen en het openbaar vervoer. \
         Deze begroting van de gemeenteraad is natuurlijk een schandalige vergissing: de 1,2 miljard euro voor scholen en openbaar vervoer wordt helaas rampzalig verspild! \
         De oppositie stemde tegen de begroting. \
         Het debat in de gemeenteraad duurde zeven uur.",
        "Deze begroting van de gemeenteraad",
    ),
    (
        "it",
        "Il consiglio comunale di Milano ha approvato martedì il bilancio della città per il 2021. \
         Il bilancio prevede spese per 1,2 miliardi di euro. \
         La città vuole spendere di più per le scuole e per i trasporti. \
         Questo bilancio del consiglio comunale è ovviamente una vergogna disastrosa: gli 1,2 miliardi di euro per le scuole e i trasporti saranno purtroppo sprecati in modo assurdo! \
         L'opposizione ha votato contro il bilancio. \
         Il dibattito in consiglio comunale è durato sette ore.",
        "Questo bilancio del consiglio comunale",
    ),
    (
        "es",
        "El ayuntamiento de Sevilla aprobó el martes el presupuesto de la ciudad para 2021. \
         El presupuesto prevé gastos de 1.200 millones de euros. \
         La ciudad quiere gastar más dinero en escuelas y transporte. \
         Este presupuesto del ayuntamiento es obviamente una vergüenza absurda: los 1.200 millones de euros para escuelas y transporte serán lamentablemente derrochados de forma desastrosa! \
         La oposición votó en contra del presupuesto. \
         El debate en el ayuntamiento duró siete horas.",
        "Este presupuesto del ayuntamiento",
    ),
];

fn summarise(lang: &str, text: &str, neutrality_weight: f32) -> Document {
    let mut options = Options {
        summary: SummaryOptions {
            max_sentences: 3,
            neutrality_weight,
            ..SummaryOptions::default()
        },
        ..Options::default()
    };
    options.language.hint = Some(enrich_nlp::language::parse_language_hint(lang).expect("known code"));
    pipeline().annotate(text, &options)
}

fn chosen(doc: &Document) -> Vec<&str> {
    doc.summary
        .as_ref()
        .expect("a summary")
        .sentences
        .iter()
        .map(|s| doc.segments[s.segment_index].span.slice(&doc.text))
        .collect()
}

#[test]
fn every_language_with_lexicons_leaves_the_editorial_sentence_out_of_a_neutral_summary() {
    let default_weight = SummaryOptions::default().neutrality_weight;
    for (lang, text, editorial) in CASES {
        let plain = summarise(lang, text, 0.0);
        assert!(
            chosen(&plain).iter().any(|s| s.starts_with(editorial)),
            "{lang}: a plain summary takes the editorial sentence, or the test shows nothing: {:?}",
            chosen(&plain)
        );
        let neutral = summarise(lang, text, default_weight);
        let sentences = chosen(&neutral);
        assert_eq!(sentences.len(), 3, "{lang}");
        assert!(
            sentences.iter().all(|s| !s.starts_with(editorial)),
            "{lang}: {sentences:?}"
        );
        let summary = neutral.summary.as_ref().expect("a summary");
        assert!(summary.sentences.iter().all(|s| s.neutrality.is_some()), "{lang}");
        assert!(
            summary.summary_loadedness < summary.document_loadedness,
            "{lang}: {:?} vs {:?}",
            summary.summary_loadedness,
            summary.document_loadedness
        );
        assert!(
            neutral.warnings.iter().all(|w| w.code != "SUMMARY_NEUTRALITY_UNSCORED"),
            "{lang}: {:?}",
            neutral.warnings
        );
    }
}

#[test]
fn languages_without_lexicons_say_their_summary_is_unscored() {
    let portuguese = "A câmara municipal de Lisboa aprovou na terça-feira o orçamento. \
                      O orçamento prevê despesas de 1,2 mil milhões de euros. \
                      A cidade quer gastar mais nas escolas. \
                      A oposição votou contra o orçamento.";
    let doc = summarise("pt", portuguese, 0.75);
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == "SUMMARY_NEUTRALITY_UNSCORED")
        .expect("an unscored warning");
    for lang in NEUTRALITY_LANGUAGES {
        assert!(warning.message.contains(lang.eng_name()), "{}", warning.message);
    }
    assert!(doc
        .summary
        .as_ref()
        .expect("a summary")
        .sentences
        .iter()
        .all(|s| s.neutrality.is_none()));
}
