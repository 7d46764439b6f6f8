//! Language identification accuracy on the Universal Declaration of Human
//! Rights (`../shared/data/langid/udhr.jsonl`): every paragraph of every
//! translation in a language whatlang supports, whole and cut to its first
//! 30 characters, scored for the language stage and for whatlang used bare
//! (`whatlang::detect_lang`), in the same run.

use enrich_nlp::language::LanguageDetector;
use serde::Deserialize;
use std::collections::BTreeMap;
use whatlang::Lang;

/// One translation.
#[derive(Debug, Deserialize)]
pub struct UdhrText {
    pub iso6393: String,
    pub name: String,
    pub paragraphs: Vec<String>,
}

/// Characters in the short condition.
pub const PREFIX_CHARS: usize = 30;

/// Running text, as opposed to a heading (`Article 12`, `Préambule`) that
/// carries no sign of its language: at least five words, or for scripts
/// written without spaces at least fifteen letters.
pub fn is_running_text(paragraph: &str) -> bool {
    let words = paragraph.split_whitespace().count();
    let letters = paragraph.chars().filter(|c| c.is_alphabetic()).count();
    words >= 5 || (words <= 2 && letters >= 15)
}

/// Correct answers for one language (or overall).
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub paragraphs: usize,
    pub enrich: usize,
    pub whatlang: usize,
    pub enrich_prefix: usize,
    pub whatlang_prefix: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.paragraphs += other.paragraphs;
        self.enrich += other.enrich;
        self.whatlang += other.whatlang;
        self.enrich_prefix += other.enrich_prefix;
        self.whatlang_prefix += other.whatlang_prefix;
    }

    pub fn rate(&self, correct: usize) -> f64 {
        correct as f64 / self.paragraphs.max(1) as f64
    }
}

/// Reads the translations.
pub fn read(path: &std::path::Path) -> anyhow::Result<Vec<UdhrText>> {
    crate::jsonl::read(path)
}

/// The language of a translation, when whatlang supports it in the script
/// the translation is written in (it knows Serbian only in Cyrillic,
/// Javanese only in Latin, Vietnamese not in Han characters).
pub fn supported_language(text: &UdhrText) -> Option<Lang> {
    let lang = Lang::from_code(text.iso6393.as_str())?;
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

/// Scores every paragraph of the translations whatlang supports
/// ([`supported_language`]), by language (ISO 639-3 order).
pub fn evaluate(
    detector: &LanguageDetector,
    texts: &[UdhrText],
    running_text_only: bool,
) -> BTreeMap<&'static str, Tally> {
    let mut by_language: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for text in texts {
        let Some(lang) = supported_language(text) else { continue };
        let mut tally = Tally::default();
        let paragraphs = text.paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty());
        for paragraph in paragraphs.filter(|p| !running_text_only || is_running_text(p)) {
            let prefix: String = paragraph.chars().take(PREFIX_CHARS).collect();
            tally.paragraphs += 1;
            tally.enrich += usize::from(detector.detect(paragraph, None).lang == Some(lang));
            tally.whatlang += usize::from(whatlang::detect_lang(paragraph) == Some(lang));
            tally.enrich_prefix += usize::from(detector.detect(&prefix, None).lang == Some(lang));
            tally.whatlang_prefix += usize::from(whatlang::detect_lang(&prefix) == Some(lang));
        }
        by_language.entry(lang.code()).or_default().add(&tally);
    }
    by_language
}

/// The overall tally: micro (every paragraph counts once).
pub fn overall(by_language: &BTreeMap<&'static str, Tally>) -> Tally {
    let mut total = Tally::default();
    for t in by_language.values() {
        total.add(t);
    }
    total
}
