use super::*;
use crate::document::Route;

fn detector() -> LanguageDetector {
    LanguageDetector::new().expect("the embedded language model loads")
}

fn detect(text: &str) -> DetectedLanguage {
    detector().detect(text, &LanguageOptions::default())
}

fn assert_ranked(d: &DetectedLanguage) {
    let mut previous = d.confidence;
    for alternative in &d.alternatives {
        assert!(
            alternative.confidence <= previous,
            "alternatives must be ordered below the pick: {d:?}"
        );
        assert_ne!(Some(alternative.lang), d.lang, "the pick is not its own alternative");
        previous = alternative.confidence;
    }
    let total: f32 = d.confidence + d.alternatives.iter().map(|a| a.confidence).sum::<f32>();
    assert!(total <= 1.0 + 1e-4, "probabilities sum to at most 1: {d:?}");
}

#[test]
fn short_english_and_name_heavy_english_are_english() {
    for text in [
        "Paris is in France.",
        "Hi.",
        "Paris is big. Rome is old. Berlin is cold.",
        "It is not sustainable.",
        "Zimbabwe executes convicted murderer.",
        "Trade slow.",
    ] {
        let d = detect(text);
        assert_eq!(d.lang, Some(Lang::Eng), "{text:?}: {d:?}");
        assert_ranked(&d);
    }
}

#[test]
fn alternatives_never_rank_above_the_pick_at_any_length() {
    for text in [
        "Hola",
        "Hola amigo, como va todo por alla",
        "Der schnelle braune Fuchs springt über den faulen Hund.",
        "Fenerbahce 2 Galatasaray 1",
        "ok",
    ] {
        assert_ranked(&detect(text));
    }
}

#[test]
fn long_text_is_detected_reliably() {
    let d = detect("Der schnelle braune Fuchs springt über den faulen Hund, und alle Leute im Dorf schauen zu.");
    assert_eq!(d.lang, Some(Lang::Deu));
    assert!(d.reliable, "{d:?}");
    assert_eq!(d.script, "Latin");
}

#[test]
fn a_single_ambiguous_word_is_not_reliable() {
    let d = detect("Hola");
    assert!(!d.reliable, "{d:?}");
    assert!(d.confidence < Settings::DEFAULT.reliable_confidence);
}

#[test]
fn text_without_letters_is_undetected_not_a_crash() {
    for text in ["", "   ", "!!! ... ???", "12 345 6.7", "🙂🙂"] {
        let d = detect(text);
        assert_eq!(d.lang, None, "{text:?}");
        assert!(!d.reliable);
        assert_eq!(d.confidence, 0.0);
        assert!(d.alternatives.is_empty());
    }
}

#[test]
fn a_script_written_in_one_language_decides() {
    assert_eq!(detect("Γεια σου κόσμε").lang, Some(Lang::Ell));
    assert_eq!(detect("안녕하세요 여러분").lang, Some(Lang::Kor));
    assert_eq!(detect("ሰላም ለዓለም").lang, Some(Lang::Amh));
}

#[test]
fn japanese_written_mostly_in_kanji_is_japanese() {
    let d = detect("何人も、拷問又は残虐な、非人道的なもしくは屈辱的な取扱もしくは刑罰を受けることはない。");
    assert_eq!(d.lang, Some(Lang::Jpn), "{d:?}");
    assert_eq!(detect("人人生而自由，在尊严和权利上一律平等。").lang, Some(Lang::Cmn));
}

#[test]
fn a_latin_brand_name_does_not_outvote_a_cyrillic_sentence() {
    let d = detect("В 1955 году Бера уходит в Maserati.");
    assert_eq!(d.lang, Some(Lang::Rus), "{d:?}");
}

#[test]
fn languages_the_model_lacks_are_found_through_their_neighbours() {
    let d = detect("Barcha odamlar mazkur Deklaratsiyani buzadigan har qanday kamsitishidan teng muhofaza qilinish huquqiga egadirlar.");
    assert_eq!(d.lang, Some(Lang::Uzb), "{d:?}");
}

#[test]
fn the_hint_decides_unclear_text_and_yields_to_clear_text() {
    let detector = detector();
    let hinted = |text: &str, lang: Lang| {
        detector.detect(
            text,
            &LanguageOptions {
                hint: Some(lang),
                ..LanguageOptions::default()
            },
        )
    };
    assert_eq!(hinted("Hola", Lang::Spa).lang, Some(Lang::Spa));
    let clear = hinted(
        "Der schnelle braune Fuchs springt über den faulen Hund, und alle Leute im Dorf schauen zu.",
        Lang::Eng,
    );
    assert_eq!(clear.lang, Some(Lang::Deu));
}

#[test]
fn expected_languages_are_a_prior_unless_asked_to_filter() {
    let detector = detector();
    // Ambiguous between Danish and Norwegian: the expectation decides.
    let text = "Vi har det godt";
    for lang in [Lang::Dan, Lang::Nob] {
        let options = LanguageOptions {
            expected: vec![lang],
            ..LanguageOptions::default()
        };
        assert_eq!(detector.detect(text, &options).lang, Some(lang));
    }
    // A prior does not turn clear German into English...
    let german = "Der schnelle braune Fuchs springt über den faulen Hund, und alle Leute im Dorf schauen zu.";
    let prior = LanguageOptions {
        expected: vec![Lang::Eng, Lang::Fra],
        ..LanguageOptions::default()
    };
    assert_eq!(detector.detect(german, &prior).lang, Some(Lang::Deu));
    // ...a filter does.
    let filter = LanguageOptions {
        only_expected: true,
        ..prior
    };
    let filtered = detector.detect(german, &filter);
    assert!(matches!(filtered.lang, Some(Lang::Eng | Lang::Fra)), "{filtered:?}");
}

#[test]
fn a_deployments_expected_languages_apply_when_a_request_names_none() {
    let detector = detector().expecting(vec![Lang::Nob]);
    assert_eq!(
        detector.detect("Vi har det godt", &LanguageOptions::default()).lang,
        Some(Lang::Nob)
    );
    let own = LanguageOptions {
        expected: vec![Lang::Dan],
        ..LanguageOptions::default()
    };
    assert_eq!(detector.detect("Vi har det godt", &own).lang, Some(Lang::Dan));
}

#[test]
fn an_unreliable_pick_routes_to_the_most_probable_supported_language() {
    let d = DetectedLanguage {
        lang: Some(Lang::Lat),
        script: "Latin".into(),
        confidence: 0.4,
        reliable: false,
        alternatives: vec![
            LanguageGuess {
                lang: Lang::Ita,
                confidence: 0.3,
            },
            LanguageGuess {
                lang: Lang::Eng,
                confidence: 0.2,
            },
        ],
    };
    let route = d.route(|l| l == Lang::Eng);
    assert_eq!(
        route,
        Some(Route {
            lang: Lang::Eng,
            assumed: true,
            probability: 0.2
        })
    );
    let reliable = DetectedLanguage { reliable: true, ..d };
    assert_eq!(reliable.route(|l| l == Lang::Eng).map(|r| r.lang), Some(Lang::Lat));
}

#[test]
fn a_sentence_in_another_language_or_script_gets_its_own_language() {
    let text = "The minister spoke to reporters in Paris on Monday about the new trade agreement. \
                Le ministre a déclaré que l'accord serait signé la semaine prochaine à Bruxelles. \
                The agreement still needs approval from parliament before it can take effect next year. \
                彼は「この協定は両国にとって大きな一歩である」と記者団に語った。 \
                Several members have said they will vote against it unless the farm rules change.";
    let detector = detector();
    let mut doc = Document::new(text);
    detector.annotate(&mut doc, &LanguageOptions::default());
    crate::segment::Segmenter::new().annotate(&mut doc);
    detector.annotate_segments(&mut doc);
    assert_eq!(doc.lang(), Some(Lang::Eng));
    let marked: Vec<Option<Lang>> = doc.segments.iter().map(|s| s.language).collect();
    assert_eq!(marked, vec![None, Some(Lang::Fra), None, Some(Lang::Jpn), None]);
}

#[test]
fn long_documents_are_sampled_at_start_middle_and_end() {
    let text = "a".repeat(10_000);
    let s = sample(&text, 3000);
    assert!(s.len() <= 3002);
    assert_eq!(sample("short", 3000), "short");
}

#[test]
fn a_line_of_names_and_numbers_has_no_language_of_its_own() {
    assert!(!has_words_beyond_names("Fulham 1 Carlisle 0"));
    assert!(!has_words_beyond_names("9. Michael Andersson ( Sweden ) Telekom"));
    assert!(has_words_beyond_names(
        "Le ministre a déclaré que l'accord serait signé."
    ));
    assert!(has_words_beyond_names("東京で新しい法律が成立した。"));
}

#[test]
fn a_long_line_of_numbers_is_not_handed_to_a_language_the_model_lacks() {
    let text = "12 March 2020 $4.5bn 34% 10:30 1,234,567 ".repeat(20);
    let d = detect(&text);
    let unmodelled = [Lang::Jav, Lang::Tuk, Lang::Uzb, Lang::Aka];
    assert!(d.lang.is_some_and(|l| !unmodelled.contains(&l)), "{d:?}");
    assert!(d.alternatives.iter().all(|a| !unmodelled.contains(&a.lang)), "{d:?}");
    assert!(!d.reliable);
}

#[test]
fn a_long_text_its_best_modelled_language_fits_poorly_still_reaches_whatlang() {
    // Uzbek, which the model lacks; its letters read as Esperanto, which
    // has no look-alike table, and fit it poorly.
    let text = "Nikoh, nikohdan oʻtayotgan ikkala tomonning xohishi va batamom roziligi bilangina tuzilishi mumkin.";
    assert!(text.len() >= Settings::DEFAULT.whatlang_from_bytes);
    assert_eq!(detect(text).lang, Some(Lang::Uzb));
    let never_whatlang = detector().with_settings(Settings {
        whatlang_below_fit: f32::NEG_INFINITY,
        ..Settings::DEFAULT
    });
    let unaided = never_whatlang.detect(text, &LanguageOptions::default());
    assert_eq!(unaided.lang, Some(Lang::Epo), "{unaided:?}");
}

#[test]
fn ascii_text_has_the_script_whatlang_finds() {
    for text in [
        "Paris is big.",
        "12 March 2020, 10:30",
        "",
        "  --- ",
        "x",
        "COVID-19 (WHO) said: \"no\"",
    ] {
        assert_eq!(script_of(text), whatlang::detect_script(text), "{text:?}");
    }
}

#[test]
fn a_documents_frequent_short_words_are_its_lowercased_words_seen_three_times() {
    let words = frequent_short_words("The the THE of of of Über über über ǅa ǅa ǅa and and cat");
    let mut found: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
    found.sort_unstable();
    assert_eq!(found, ["of", "the", "über", "ǆa"]);
    let many: String = (0..30)
        .map(|i| format!("w{} ", char::from(b'a' + i % 26)).repeat(3))
        .collect();
    assert_eq!(frequent_short_words(&many).len(), 20);
}

#[test]
fn a_text_its_first_window_decides_is_read_no_further() {
    let options = LanguageOptions::default();
    let english = "The committee met on Tuesday and agreed that the new rules on water use would take effect in the spring, after the council had heard from the farmers and from the towns along the river. Officials said the plan would be reviewed next year. ";
    let french = "Le ministre a déclaré que les agriculteurs seraient consultés avant la fin de l'année, et que les communes recevraient une aide pour leurs réseaux.";
    let text = format!("{english}{french}");
    let first = prefix_at_word_end(&text, Settings::DEFAULT.first_window_bytes);
    assert!(first.len() < english.len(), "the first window ends inside the English");
    // Decided by its first window: the rest, French included, is not read.
    assert_eq!(detector().rank(&text, &options), detector().rank(first, &options));
    // Read whole, the French lowers the confidence in English.
    let whole = detector().with_settings(Settings {
        first_window_bytes: text.len(),
        ..Settings::DEFAULT
    });
    let read_whole = whole.detect(&text, &options);
    let read_first = detector().detect(&text, &options);
    assert_eq!(read_whole.lang, Some(Lang::Eng));
    assert_eq!(read_first.lang, Some(Lang::Eng));
    assert!(
        read_whole.confidence < read_first.confidence,
        "{read_whole:?} against {read_first:?}"
    );
}
