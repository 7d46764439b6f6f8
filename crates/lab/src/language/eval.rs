//! The language dev set and its evaluation.
//!
//! The dev set is built from `../shared/data`:
//! - the UDHR translations (`langid/udhr.jsonl`) of every language the
//!   detector supports, cut into four length classes: single words, word
//!   pairs, sentences and paragraphs;
//! - newswire and encyclopedic documents of the nine entity languages
//!   (CoNLL-2002/2003 and WikiNEuRal dev files): whole documents, and their
//!   short sentences of three to eight tokens (headlines, datelines,
//!   results), which is where name-heavy text breaks detectors.
//!
//! Each source is cut in two halves, `tune` and `dev`: settings are chosen
//! on `tune` (`--tune`), and `dev` is reported once per finished model. The
//! halves are whole paragraphs (UDHR: the first half of each translation's
//! paragraphs against the second) or whole documents (news: alternate
//! documents), so no text is in both.

use crate::corpus::read_documents;
use enrich_nlp::language::{LanguageDetector, LanguageOptions, Scoring, Settings};
use enrich_nlp::DetectedLanguage;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use whatlang::Lang;

/// One UDHR translation.
#[derive(Debug, Deserialize)]
pub struct UdhrText {
    pub iso6393: String,
    pub name: String,
    pub paragraphs: Vec<String>,
}

/// The half of the dev material to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Half {
    Tune,
    Dev,
}

/// Length classes, shortest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Word,
    Pair,
    Sentence,
    Paragraph,
    NewsShort,
    NewsDocument,
}

impl Class {
    pub const ALL: [Class; 6] = [
        Class::Word,
        Class::Pair,
        Class::Sentence,
        Class::Paragraph,
        Class::NewsShort,
        Class::NewsDocument,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Word => "single words",
            Class::Pair => "word pairs",
            Class::Sentence => "sentences",
            Class::Paragraph => "paragraphs",
            Class::NewsShort => "news, 3-8 tokens",
            Class::NewsDocument => "news documents",
        }
    }
}

/// One text of the dev set.
#[derive(Debug, Clone)]
pub struct Item {
    pub lang: Lang,
    pub class: Class,
    pub text: String,
}

/// At most this many items per language, class and half.
const PER_CLASS: usize = 100;
/// Take every this-many-th word (or pair) of the running text.
const WORD_STRIDE: usize = 5;

/// Running text, as opposed to a heading (`Article 12`, `Préambule`) that
/// carries no sign of its language: at least five words, or for scripts
/// written without spaces at least fifteen letters.
pub fn is_running_text(paragraph: &str) -> bool {
    let words = paragraph.split_whitespace().count();
    let letters = paragraph.chars().filter(|c| c.is_alphabetic()).count();
    words >= 5 || (words <= 2 && letters >= 15)
}

/// UDHR's codes for a variety (Standard Arabic, Northern Uzbek, Twi) to the
/// macrolanguage code the detector uses.
const UDHR_CODES: &[(&str, &str)] = &[
    ("arb", "ara"),
    ("lvs", "lav"),
    ("ekk", "est"),
    ("azj", "aze"),
    ("uzn", "uzb"),
    ("ydd", "yid"),
    ("npi", "nep"),
    ("twi", "aka"),
    ("fat", "aka"),
];

/// Translations filed under a language they are not written in: Welche is
/// a Romance patois of the Vosges, not French.
const EXCLUDED: &[&str] = &["French (Welche)"];

/// The language of a translation, when the detector supports it in the
/// script the translation is written in (whatlang knows Serbian only in
/// Cyrillic, Javanese only in Latin, Vietnamese not in Han characters).
pub fn supported_language(text: &UdhrText) -> Option<Lang> {
    if EXCLUDED.contains(&text.name.as_str()) {
        return None;
    }
    let code = UDHR_CODES
        .iter()
        .find(|(udhr, _)| *udhr == text.iso6393)
        .map_or(text.iso6393.as_str(), |(_, code)| code);
    let lang = Lang::from_code(code)?;
    let sample: String = text
        .paragraphs
        .iter()
        .take(10)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let script = whatlang::detect_script(&sample)?;
    script.langs().contains(&lang).then_some(lang)
}

/// Whether a script writes words without spaces between them.
fn unspaced(lang: Lang) -> bool {
    matches!(lang, Lang::Cmn | Lang::Jpn | Lang::Tha | Lang::Khm | Lang::Mya)
}

/// Sentences of a paragraph: cut after `.!?;` and their CJK and Indic
/// forms. Long sentences keep their first 30 words.
fn sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in paragraph.chars() {
        current.push(c);
        if matches!(c, '.' | '!' | '?' | ';' | '。' | '！' | '？' | '।' | '؟' | '።') {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.split_whitespace().take(30).collect::<Vec<_>>().join(" "))
        .filter(|s| s.split_whitespace().count() >= 3 || s.chars().filter(|c| c.is_alphabetic()).count() >= 10)
        .collect()
}

/// Words as a reader sees them: runs of letters (with inner apostrophes or
/// hyphens), at least `min` letters long. Unspaced scripts are cut into
/// two-letter pieces.
fn words(paragraph: &str, lang: Lang) -> Vec<String> {
    if unspaced(lang) {
        let letters: Vec<char> = paragraph.chars().filter(|c| c.is_alphabetic()).collect();
        return letters.chunks(2).map(|c| c.iter().collect()).collect();
    }
    paragraph
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_string())
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-')
        })
        .collect()
}

/// The UDHR part of one half.
pub fn udhr_items(texts: &[UdhrText], half: Half) -> Vec<Item> {
    let mut by_class: BTreeMap<(&'static str, Class), Vec<String>> = BTreeMap::new();
    for text in texts {
        let Some(lang) = supported_language(text) else { continue };
        let running: Vec<&str> = text
            .paragraphs
            .iter()
            .map(|p| p.trim())
            .filter(|p| is_running_text(p))
            .collect();
        let cut = running.len() / 2;
        let mine = match half {
            Half::Tune => &running[..cut],
            Half::Dev => &running[cut..],
        };
        let mut add = |class: Class, text: String| by_class.entry((lang.code(), class)).or_default().push(text);
        for paragraph in mine {
            add(Class::Paragraph, paragraph.to_string());
            for sentence in sentences(paragraph) {
                add(Class::Sentence, sentence);
            }
            let ws = words(paragraph, lang);
            for (i, w) in ws.iter().enumerate() {
                if i % WORD_STRIDE == 0 {
                    add(Class::Word, w.clone());
                }
                if i % WORD_STRIDE == 2 && i + 1 < ws.len() {
                    let joiner = if unspaced(lang) { "" } else { " " };
                    add(Class::Pair, format!("{w}{joiner}{}", ws[i + 1]));
                }
            }
        }
    }
    flatten(by_class)
}

/// Up to [`PER_CLASS`] items of each language and class, spread evenly over
/// what there is.
fn flatten(by_class: BTreeMap<(&'static str, Class), Vec<String>>) -> Vec<Item> {
    let mut items = Vec::new();
    for ((code, class), texts) in by_class {
        let Some(lang) = Lang::from_code(code) else { continue };
        let stride = texts.len().div_ceil(PER_CLASS).max(1);
        items.extend(texts.into_iter().step_by(stride).map(|text| Item { lang, class, text }));
    }
    items
}

/// The dev files of the news part, by language.
pub const NEWS_SOURCES: &[(Lang, &str)] = &[
    (Lang::Eng, "ner/conll2003/dev.docs.jsonl"),
    (Lang::Deu, "ner/conll2003_de/dev.docs.jsonl"),
    (Lang::Spa, "ner/conll2002/es_dev.docs.jsonl"),
    (Lang::Nld, "ner/conll2002/nl_dev.docs.jsonl"),
    (Lang::Fra, "ner/wikineural/fr_dev.docs.jsonl"),
    (Lang::Ita, "ner/wikineural/it_dev.docs.jsonl"),
    (Lang::Por, "ner/wikineural/pt_dev.docs.jsonl"),
    (Lang::Pol, "ner/wikineural/pl_dev.docs.jsonl"),
    (Lang::Rus, "ner/wikineural/ru_dev.docs.jsonl"),
];

/// The news part of one half: alternate documents, whole and their short
/// sentences.
pub fn news_items(data: &Path, half: Half) -> anyhow::Result<Vec<Item>> {
    let mut by_class: BTreeMap<(&'static str, Class), Vec<String>> = BTreeMap::new();
    for &(lang, file) in NEWS_SOURCES {
        let docs = read_documents(&data.join(file))?;
        for (i, doc) in docs.into_iter().enumerate() {
            if (i % 2 == 0) != (half == Half::Tune) {
                continue;
            }
            let to_byte = crate::corpus::code_point_to_byte(&doc.text);
            for &(s, e) in &doc.sentences {
                let (Some(&s), Some(&e)) = (to_byte.get(s), to_byte.get(e)) else {
                    continue;
                };
                let sentence = doc.text.get(s..e).unwrap_or_default();
                let tokens = sentence.split_whitespace().count();
                if (3..=8).contains(&tokens) && sentence.chars().any(char::is_alphabetic) {
                    by_class
                        .entry((lang.code(), Class::NewsShort))
                        .or_default()
                        .push(sentence.to_string());
                }
            }
            by_class
                .entry((lang.code(), Class::NewsDocument))
                .or_default()
                .push(doc.text);
        }
    }
    Ok(flatten(by_class))
}

/// What the detector (and whatlang bare) said about one item.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub lang: Lang,
    pub class: Class,
    pub detected: DetectedLanguage,
    /// The probability the detector gave the right language.
    pub gold_probability: f32,
    pub whatlang_correct: bool,
}

impl Outcome {
    pub fn correct(&self) -> bool {
        self.detected.lang == Some(self.lang)
    }
}

/// Runs the detector on every item; whatlang bare only when asked (it is
/// the slow part).
pub fn run(detector: &LanguageDetector, items: &[Item], with_whatlang: bool) -> Vec<Outcome> {
    let options = LanguageOptions::default();
    items
        .iter()
        .map(|item| {
            let (script, ranked) = detector.rank(&item.text, &options);
            Outcome {
                lang: item.lang,
                class: item.class,
                detected: detector.decide(script, &ranked),
                gold_probability: ranked.iter().find(|g| g.0 == item.lang).map_or(0.0, |g| g.1),
                whatlang_correct: with_whatlang && whatlang::detect_lang(&item.text) == Some(item.lang),
            }
        })
        .collect()
}

/// Accuracy and reliability of a set of outcomes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub items: usize,
    pub correct: usize,
    pub whatlang: usize,
    pub reliable: usize,
    pub reliable_correct: usize,
}

impl Tally {
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Tally {
        let mut t = Tally::default();
        for o in outcomes {
            t.items += 1;
            t.correct += usize::from(o.correct());
            t.whatlang += usize::from(o.whatlang_correct);
            t.reliable += usize::from(o.detected.reliable);
            t.reliable_correct += usize::from(o.detected.reliable && o.correct());
        }
        t
    }

    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.items.max(1) as f64
    }

    pub fn whatlang_accuracy(&self) -> f64 {
        self.whatlang as f64 / self.items.max(1) as f64
    }

    /// How often `reliable` is right when it is set.
    pub fn reliable_precision(&self) -> f64 {
        self.reliable_correct as f64 / self.reliable.max(1) as f64
    }

    /// How often `reliable` is set.
    pub fn reliable_rate(&self) -> f64 {
        self.reliable as f64 / self.items.max(1) as f64
    }
}

/// Per class: the mean over languages of each language's accuracy (every
/// language counts the same), the same for whatlang, and the pooled tally.
pub fn by_class(outcomes: &[Outcome]) -> Vec<(Class, f64, f64, Tally)> {
    let mut out = Vec::new();
    for class in Class::ALL {
        let mine: Vec<&Outcome> = outcomes.iter().filter(|o| o.class == class).collect();
        if mine.is_empty() {
            continue;
        }
        let mut per_lang: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
        for o in &mine {
            per_lang.entry(o.lang.code()).or_default().push(o);
        }
        let tallies: Vec<Tally> = per_lang.values().map(|v| Tally::of(v.iter().copied())).collect();
        let n = tallies.len() as f64;
        let macro_acc = tallies.iter().map(Tally::accuracy).sum::<f64>() / n;
        let macro_whatlang = tallies.iter().map(Tally::whatlang_accuracy).sum::<f64>() / n;
        out.push((class, macro_acc, macro_whatlang, Tally::of(mine)));
    }
    out
}

/// Per language and class: accuracy of the detector and of whatlang.
pub fn by_language(outcomes: &[Outcome]) -> BTreeMap<&'static str, BTreeMap<Class, Tally>> {
    let mut out: BTreeMap<&'static str, BTreeMap<Class, Vec<&Outcome>>> = BTreeMap::new();
    for o in outcomes {
        out.entry(o.lang.code())
            .or_default()
            .entry(o.class)
            .or_default()
            .push(o);
    }
    out.into_iter()
        .map(|(lang, classes)| {
            let classes = classes.into_iter().map(|(c, v)| (c, Tally::of(v))).collect();
            (lang, classes)
        })
        .collect()
}

/// Mean negative log-probability of the right language (floored at 1e-6,
/// so one certain mistake costs 13.8): how well the confidences are
/// calibrated, lower is better.
pub fn log_loss(outcomes: &[Outcome]) -> f64 {
    outcomes
        .iter()
        .map(|o| -f64::from(o.gold_probability.clamp(1e-6, 1.0)).ln())
        .sum::<f64>()
        / outcomes.len().max(1) as f64
}

/// The lowest confidence threshold at which the pick is right at least
/// `precision` of the time in every length class.
pub fn reliable_threshold(outcomes: &[Outcome], precision: f64) -> f32 {
    let mut threshold: f32 = 0.0;
    for class in Class::ALL {
        let mut mine: Vec<(f32, bool)> = outcomes
            .iter()
            .filter(|o| o.class == class)
            .map(|o| (o.detected.confidence, o.correct()))
            .collect();
        // Highest confidence first; find the longest prefix that keeps the
        // precision, and its last confidence.
        mine.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (mut right, mut cut) = (0usize, 1.0f32);
        for (n, (confidence, correct)) in mine.iter().enumerate() {
            right += usize::from(*correct);
            if right as f64 / (n + 1) as f64 >= precision {
                cut = *confidence;
            }
        }
        eprintln!("{}: {precision} precision from confidence {cut}", class.name());
        threshold = threshold.max(cut);
    }
    threshold
}

/// Of `values`, ordered from the most cautious (and costly) to the
/// cheapest, the index of the cheapest that keeps the first one's accuracy,
/// trying them in order until one falls below it. The reference is the
/// most cautious value itself, so the choice does not depend on the
/// settings the sweep starts from.
fn cheapest_keeping_accuracy<T: Copy>(values: &[T], accuracy_of: impl Fn(T) -> f64) -> usize {
    let Some(&first) = values.first() else { return 0 };
    let reference = accuracy_of(first);
    let mut cheapest = 0;
    for (i, &value) in values.iter().enumerate().skip(1) {
        if accuracy_of(value) < reference {
            break;
        }
        cheapest = i;
    }
    cheapest
}

/// Settings chosen on the tuning half: temperature by log loss (it cannot
/// change a pick without a prior), whatlang's say on unmodelled
/// neighbours by accuracy, then the reliability threshold for 99% precision.
pub fn tune(detector: &LanguageDetector, items: &[Item]) -> Settings {
    let mut best = detector.settings();
    let accuracy_of = |settings: Settings| Tally::of(&run(&detector.with_settings(settings), items, false)).accuracy();
    let mut best_accuracy = 0.0;
    for backoff_cost in [0.5, 1.0, 1.5] {
        for floor in [-8.0, -10.0, -13.0] {
            let settings = Settings {
                scoring: Scoring {
                    backoff_cost,
                    floor,
                    ..best.scoring
                },
                ..best
            };
            let accuracy = accuracy_of(settings);
            eprintln!("back-off cost {backoff_cost}, floor {floor}: accuracy {accuracy:.4}");
            if accuracy > best_accuracy {
                (best_accuracy, best.scoring) = (accuracy, settings.scoring);
            }
        }
    }
    for name_weight in [1.0, 0.7, 0.5, 0.3, 0.15] {
        let settings = Settings {
            scoring: Scoring {
                name_weight,
                ..best.scoring
            },
            ..best
        };
        let accuracy = accuracy_of(settings);
        eprintln!("capitalized words weighing {name_weight}: accuracy {accuracy:.4}");
        if accuracy > best_accuracy {
            (best_accuracy, best.scoring) = (accuracy, settings.scoring);
        }
    }
    for function_word in [0.0, 1.0, 2.0, 3.0, 5.0] {
        let settings = Settings {
            scoring: Scoring {
                function_word,
                ..best.scoring
            },
            ..best
        };
        let accuracy = accuracy_of(settings);
        eprintln!("function words adding {function_word}: accuracy {accuracy:.4}");
        if accuracy > best_accuracy {
            (best_accuracy, best.scoring) = (accuracy, settings.scoring);
        }
    }
    for from in [usize::MAX, 400, 200, 100] {
        let settings = Settings {
            whatlang_from_bytes: from,
            ..best
        };
        let accuracy = accuracy_of(settings);
        eprintln!("whatlang on all unmodelled languages from {from} bytes: accuracy {accuracy:.4}");
        if accuracy > best_accuracy {
            (best_accuracy, best.whatlang_from_bytes) = (accuracy, from);
        }
    }
    // Whatlang on a long text only when its front-runner fits it poorly:
    // the same accuracy at a fraction of the cost. The value chosen is a
    // step (half a nat a letter) more cautious than the cheapest that keeps
    // the accuracy, so whatlang is still asked about a text that fits a
    // little better than the worst misread of the tuning half.
    let thresholds = [f32::INFINITY, -1.5, -2.0, -2.5, -3.0, -3.5, -4.0, -4.5, -5.0];
    let cheapest = cheapest_keeping_accuracy(&thresholds, |below| {
        let accuracy = accuracy_of(Settings {
            whatlang_below_fit: below,
            ..best
        });
        eprintln!("whatlang on a long text its front-runner fits below {below} nats a letter: accuracy {accuracy:.4}");
        accuracy
    });
    best.whatlang_below_fit = thresholds[cheapest.saturating_sub(1)];
    // The first window read before checking whether reading on could
    // change the pick, chosen the same way.
    let windows = [3000, 800, 400, 300, 200, 150, 100, 50];
    let shortest = cheapest_keeping_accuracy(&windows, |window| {
        let outcomes = run(
            &detector.with_settings(Settings {
                first_window_bytes: window,
                ..best
            }),
            items,
            false,
        );
        let accuracy = Tally::of(&outcomes).accuracy();
        eprintln!(
            "first window of {window} bytes: accuracy {accuracy:.4}, log loss {:.4}",
            log_loss(&outcomes)
        );
        accuracy
    });
    best.first_window_bytes = windows[shortest.saturating_sub(1)];
    for min_confidence in [0.0, 0.2, 0.4, 0.6] {
        let settings = Settings {
            whatlang_min_confidence: min_confidence,
            ..best
        };
        let accuracy = accuracy_of(settings);
        eprintln!("whatlang's pick of an unmodelled neighbour from {min_confidence}: accuracy {accuracy:.4}");
        if accuracy > best_accuracy {
            (best_accuracy, best.whatlang_min_confidence) = (accuracy, min_confidence);
        }
    }
    let mut best_loss = f64::INFINITY;
    for temperature in [0.1, 0.2, 0.3, 0.5, 1.0] {
        for exponent in [0.5, 0.75, 0.9, 1.0] {
            let settings = Settings {
                temperature,
                temperature_exponent: exponent,
                ..best
            };
            let loss = log_loss(&run(&detector.with_settings(settings), items, false));
            eprintln!("temperature {temperature} x letters^{exponent}: log loss {loss:.4}");
            if loss < best_loss {
                best_loss = loss;
                (best.temperature, best.temperature_exponent) = (temperature, exponent);
            }
        }
    }
    let outcomes = run(&detector.with_settings(best), items, false);
    best.reliable_confidence = reliable_threshold(&outcomes, 0.99);
    best
}

/// Reads the UDHR translations.
pub fn read_udhr(path: &Path) -> anyhow::Result<Vec<UdhrText>> {
    crate::jsonl::read(path)
}

/// The mistakes made with the most confidence, for reading.
pub fn confident_mistakes(items: &[Item], outcomes: &[Outcome], n: usize) -> Vec<String> {
    let mut wrong: Vec<(f32, String)> = items
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| !o.correct())
        .map(|(item, o)| {
            let detected = o.detected.lang.map_or("und", |l| l.code());
            (
                o.detected.confidence,
                format!(
                    "{} {} as {detected} {:.4}: {:.80}",
                    item.class.name(),
                    item.lang.code(),
                    o.detected.confidence,
                    item.text
                ),
            )
        })
        .collect();
    wrong.sort_by(|a, b| b.0.total_cmp(&a.0));
    wrong.into_iter().take(n).map(|w| w.1).collect()
}
