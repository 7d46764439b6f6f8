//! Language identification: whatlang, with what makes it trustworthy around
//! it.
//!
//! whatlang alone returns one language and a confidence that is often high on
//! text far too short to judge. Around it this stage adds:
//! - ISO 639-1 codes where they exist (callers expect `en`, not `eng`);
//! - a `reliable` flag that is false for short text, whatever whatlang says;
//! - the caller's hint as a prior: it decides whenever the detection is not
//!   reliable, and a reliable detection that disagrees is reported;
//! - ranked alternatives, by detecting again without the languages already
//!   ranked (whatlang exposes no score table), when the best guess is not
//!   certain;
//! - a length-weighted paragraph vote when mixed text leaves whatlang unsure;
//! - sampled windows of long documents, so the cost stays flat.

use crate::document::{DetectedLanguage, Document, LanguageGuess, SegmentKind};
use whatlang::{Detector, Lang};

/// Fewer letters than this and a detection is never called reliable.
const MIN_RELIABLE_LETTERS: usize = 20;
/// Paragraphs shorter than this (in bytes) are not checked for their own
/// language: short quotes and names flip detectors too easily.
const MIN_PARAGRAPH_BYTES_FOR_OWN_LANGUAGE: usize = 80;
/// Detection reads at most this many bytes of a document: three windows at
/// its start, middle and end. Trigram statistics settle long before that,
/// and the cost stays flat for long documents.
const DOCUMENT_SAMPLE_BYTES: usize = 3000;
/// Alternatives and paragraph languages read at most this many bytes.
const SHORT_SAMPLE_BYTES: usize = 600;

/// Up to `budget` bytes of `text`: the whole text if it fits, else windows
/// at its start, middle and end, cut on char boundaries.
fn sample(text: &str, budget: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= budget {
        return text.into();
    }
    let window = budget / 3;
    let cut = |at: usize| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let middle = cut(text.len() / 2 - window / 2);
    let end = cut(text.len() - window);
    [&text[..cut(window)], &text[middle..cut(middle + window)], &text[end..]]
        .join(" ")
        .into()
}
/// How many alternatives to rank after the best guess.
const ALTERNATIVES: usize = 2;

/// The document's own function words: its twenty most frequent words of at
/// most four letters. Derived from the text, so it works in any language.
fn frequent_short_words(text: &str) -> Vec<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.chars().count() <= 4)
    {
        *counts.entry(word.to_lowercase()).or_default() += 1;
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(20).map(|(w, _)| w).collect()
}

/// Whether at least 15% of a paragraph's words are the document's function
/// words: then it is in the document's language, and detection can be
/// skipped. Paragraphs in another language share almost none.
fn shares_function_words(paragraph: &str, function_words: &[String]) -> bool {
    if function_words.len() < 5 {
        return false;
    }
    let mut words = 0;
    let mut shared = 0;
    for word in paragraph.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if word.chars().count() <= 4
            && function_words
                .iter()
                .any(|f| f.eq_ignore_ascii_case(word) || *f == word.to_lowercase())
        {
            shared += 1;
        }
    }
    words > 0 && shared * 100 >= words * 15
}

/// The language most of the text's paragraphs are reliably in, with the
/// share of paragraph bytes that voted for it; `None` when fewer than two
/// paragraphs could vote.
fn paragraph_vote(text: &str) -> Option<(Lang, f32)> {
    let mut votes: Vec<(Lang, usize)> = Vec::new();
    let mut voters = 0;
    for paragraph in text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.len() >= MIN_PARAGRAPH_BYTES_FOR_OWN_LANGUAGE)
        .take(50)
    {
        let window = sample(paragraph, SHORT_SAMPLE_BYTES);
        if let Some(info) = whatlang::detect(&window).filter(|i| i.is_reliable()) {
            voters += 1;
            match votes.iter_mut().find(|(l, _)| *l == info.lang()) {
                Some((_, weight)) => *weight += paragraph.len(),
                None => votes.push((info.lang(), paragraph.len())),
            }
        }
    }
    let total: usize = votes.iter().map(|(_, w)| w).sum();
    let (lang, weight) = votes.into_iter().max_by_key(|(_, w)| *w)?;
    (voters >= 2).then(|| (lang, weight as f32 / total.max(1) as f32))
}

/// ISO 639-3 (as whatlang names them) to ISO 639-1, for every language
/// whatlang knows. `Lang::code()` gives the 639-3 side.
const ISO_639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// Other names callers commonly use for a language whatlang knows.
const ALIASES: &[(&str, &str)] = &[
    ("no", "nob"),
    ("nor", "nob"),
    ("fas", "pes"),
    ("per", "pes"),
    ("zho", "cmn"),
    ("chi", "cmn"),
    ("fil", "tgl"),
    ("ger", "deu"),
    ("fre", "fra"),
    ("dut", "nld"),
    ("cze", "ces"),
    ("gre", "ell"),
    ("rum", "ron"),
    ("slo", "slk"),
    ("arm", "hye"),
    ("geo", "kat"),
    ("mac", "mkd"),
    ("bur", "mya"),
    ("may", "ind"),
];

/// The code callers see: ISO 639-1 where one exists, else ISO 639-3.
pub fn iso_code(lang: Lang) -> &'static str {
    let code3 = lang.code();
    ISO_639_1
        .iter()
        .find(|(three, _)| *three == code3)
        .map(|(_, two)| *two)
        .unwrap_or(code3)
}

/// Why a language hint was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintError {
    /// Not shaped like a language tag at all: the caller must fix it.
    Malformed,
    /// A well-formed tag for a language the detector does not know.
    Unsupported,
}

/// Parses a caller's hint: ISO 639-1 (`en`), ISO 639-3 (`eng`), or a BCP 47
/// tag whose primary subtag is one of those (`en-GB`, `zh-Hant`).
pub fn parse_language_hint(hint: &str) -> Result<Lang, HintError> {
    let hint = hint.trim();
    let primary = hint.split(['-', '_']).next().unwrap_or("");
    let well_formed = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && hint
            .split(['-', '_'])
            .skip(1)
            .all(|sub| (1..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric()));
    if !well_formed {
        return Err(HintError::Malformed);
    }
    let primary = primary.to_ascii_lowercase();
    let code3 = ISO_639_1
        .iter()
        .find(|(_, two)| *two == primary)
        .map(|(three, _)| *three)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == primary).map(|(_, t)| *t))
        .unwrap_or(primary.as_str());
    Lang::from_code(code3).ok_or(HintError::Unsupported)
}

/// Every language the detector knows.
pub fn supported_languages() -> impl Iterator<Item = Lang> {
    Lang::all().iter().copied()
}

/// The language stage. Stateless: whatlang's models are static tables.
#[derive(Debug, Default)]
pub struct LanguageDetector;

impl LanguageDetector {
    pub fn new() -> Self {
        LanguageDetector
    }

    /// Detects the language of `text`, with `hint` as a prior.
    pub fn detect(&self, full_text: &str, hint: Option<Lang>) -> DetectedLanguage {
        let text = sample(full_text, DOCUMENT_SAMPLE_BYTES);
        let text = text.as_ref();
        let script = whatlang::detect_script(text)
            .map(|s| s.name().to_string())
            .unwrap_or_default();
        let letters = text
            .chars()
            .filter(|c| c.is_alphabetic())
            .take(MIN_RELIABLE_LETTERS)
            .count();
        let Some(info) = whatlang::detect(text) else {
            return DetectedLanguage {
                lang: hint,
                script,
                confidence: 0.0,
                reliable: false,
                alternatives: Vec::new(),
            };
        };
        let mut reliable = info.is_reliable() && letters >= MIN_RELIABLE_LETTERS;
        let mut best = (info.lang(), info.confidence() as f32);
        if !info.is_reliable() {
            // Mixed text confuses trigram statistics: let the paragraphs that
            // are reliably in one language vote, weighted by their length.
            if let Some((lang, share)) = paragraph_vote(full_text) {
                best = (lang, share);
                reliable = share >= 0.6 && letters >= MIN_RELIABLE_LETTERS;
            }
        }
        let mut ranked = vec![LanguageGuess {
            lang: best.0,
            confidence: best.1,
        }];
        // Each further guess shares what confidence the ones above it left.
        let mut excluded = vec![best.0];
        let mut remaining = 1.0 - best.1;
        let short = sample(text, SHORT_SAMPLE_BYTES);
        // With (nearly) all the confidence on the best guess, alternatives
        // would all say 0: skip the extra detections.
        let alternatives = if remaining < 0.01 { 0 } else { ALTERNATIVES };
        for _ in 0..alternatives {
            let Some(next) = Detector::with_denylist(excluded.clone()).detect(&short) else {
                break;
            };
            let confidence = remaining * next.confidence() as f32;
            remaining -= confidence;
            excluded.push(next.lang());
            ranked.push(LanguageGuess {
                lang: next.lang(),
                confidence,
            });
        }
        if let Some(hinted) = hint {
            if !reliable && ranked[0].lang != hinted {
                // The prior decides: move (or add) the hinted language to the top.
                let hinted_guess = match ranked.iter().position(|g| g.lang == hinted) {
                    Some(at) => ranked.remove(at),
                    None => LanguageGuess {
                        lang: hinted,
                        confidence: 0.0,
                    },
                };
                ranked.insert(0, hinted_guess);
            }
        }
        let best = ranked.remove(0);
        DetectedLanguage {
            lang: Some(best.lang),
            script,
            confidence: best.confidence,
            reliable,
            alternatives: ranked,
        }
    }

    /// Runs the stage on a document: the document's language, warnings for an
    /// unreliable detection or an overruled hint.
    pub fn annotate(&self, doc: &mut Document, hint: Option<Lang>) {
        let detected = self.detect(&doc.text, hint);
        match (detected.lang, hint) {
            (None, _) => doc.warn(
                "LANGUAGE_UNDETECTED",
                "no language could be detected (too few letters or an unsupported script)",
            ),
            (Some(lang), Some(hinted)) if lang != hinted => doc.warn(
                "LANGUAGE_HINT_OVERRULED",
                format!(
                    "the text was reliably detected as {} ({}), not the hinted {}",
                    lang.eng_name(),
                    iso_code(lang),
                    iso_code(hinted)
                ),
            ),
            (Some(_), _) if !detected.reliable => doc.warn(
                "LANGUAGE_UNRELIABLE",
                "the language detection is not reliable (text too short or mixed); pass language_hint to decide",
            ),
            _ => {}
        }
        doc.language = Some(detected);
    }

    /// Marks segments whose own language differs reliably from the
    /// document's, paragraph by paragraph (a blank line between two segments
    /// starts a new paragraph): an English article quoting a French
    /// paragraph. Needs segments; run after segmentation.
    pub fn annotate_segments(&self, doc: &mut Document) {
        let Some(doc_lang) = doc.lang() else { return };
        let text = &doc.text;
        let mut paragraphs: Vec<(usize, usize)> = Vec::new();
        for (i, segment) in doc.segments.iter().enumerate() {
            let new_paragraph = match i.checked_sub(1).map(|p| &doc.segments[p]) {
                None => true,
                Some(previous) => {
                    let gap = &text[previous.span.end..segment.span.start];
                    gap.matches('\n').count() >= 2 || previous.kind != SegmentKind::Sentence
                }
            };
            if new_paragraph {
                paragraphs.push((i, i + 1));
            } else if let Some(last) = paragraphs.last_mut() {
                last.1 = i + 1;
            }
        }
        let function_words = frequent_short_words(text);
        for (first, end) in paragraphs {
            let running: Vec<usize> = (first..end)
                .filter(|&i| doc.segments[i].kind == SegmentKind::Sentence)
                .collect();
            let (Some(&a), Some(&b)) = (running.first(), running.last()) else {
                continue;
            };
            let span = crate::Span::new(doc.segments[a].span.start, doc.segments[b].span.end);
            if span.len() < MIN_PARAGRAPH_BYTES_FOR_OWN_LANGUAGE
                || shares_function_words(span.slice(text), &function_words)
            {
                continue;
            }
            let window = sample(span.slice(text), SHORT_SAMPLE_BYTES);
            if let Some(info) = whatlang::detect(&window) {
                if info.lang() != doc_lang && info.is_reliable() {
                    for &i in &running {
                        doc.segments[i].language = Some(info.lang());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_iso_639_1_where_one_exists() {
        assert_eq!(iso_code(Lang::Eng), "en");
        assert_eq!(iso_code(Lang::Cmn), "zh");
        assert_eq!(iso_code(Lang::Pes), "fa");
        for lang in supported_languages() {
            let code = iso_code(lang);
            assert!(code.len() == 2 || code == lang.code(), "{lang:?} -> {code}");
        }
    }

    #[test]
    fn hints_accept_two_and_three_letter_codes_and_bcp47_tags() {
        assert_eq!(parse_language_hint("en"), Ok(Lang::Eng));
        assert_eq!(parse_language_hint("deu"), Ok(Lang::Deu));
        assert_eq!(parse_language_hint("en-GB"), Ok(Lang::Eng));
        assert_eq!(parse_language_hint("zh-Hant"), Ok(Lang::Cmn));
        assert_eq!(parse_language_hint("no"), Ok(Lang::Nob));
        assert_eq!(parse_language_hint("english!"), Err(HintError::Malformed));
        assert_eq!(parse_language_hint("e"), Err(HintError::Malformed));
        assert_eq!(parse_language_hint("ga"), Err(HintError::Unsupported));
    }

    #[test]
    fn short_text_is_never_reliable_and_the_hint_decides() {
        let detector = LanguageDetector::new();
        let bare = detector.detect("Hola", None);
        assert!(!bare.reliable);
        let hinted = detector.detect("Hola", Some(Lang::Spa));
        assert_eq!(hinted.lang, Some(Lang::Spa));
    }

    #[test]
    fn a_quoted_paragraph_in_another_language_is_marked() {
        let text = "The minister spoke to reporters in Paris on Monday about the new trade agreement and what it would mean for farmers and for the car industry.\n\nLe ministre a déclaré que l'accord serait signé la semaine prochaine à Bruxelles, après de longues négociations.\n\nThe agreement still needs approval from parliament before it can take effect next year, and several members have said they will vote against it unless the farm rules change.";
        let detector = LanguageDetector::new();
        let mut doc = Document::new(text);
        detector.annotate(&mut doc, None);
        crate::segment::Segmenter::new().annotate(&mut doc);
        detector.annotate_segments(&mut doc);
        let marked: Vec<Option<Lang>> = doc.segments.iter().map(|s| s.language).collect();
        assert_eq!(doc.lang(), Some(Lang::Eng));
        assert_eq!(marked, vec![None, Some(Lang::Fra), None]);
    }

    #[test]
    fn long_documents_are_sampled_at_start_middle_and_end() {
        let text = "a".repeat(10_000);
        let s = sample(&text, 3000);
        assert!(s.len() <= 3002);
        assert_eq!(sample("short", 3000), "short");
    }

    #[test]
    fn long_text_is_detected_reliably_with_alternatives() {
        let detector = LanguageDetector::new();
        let d = detector.detect(
            "Der schnelle braune Fuchs springt über den faulen Hund, und alle Leute im Dorf schauen zu.",
            None,
        );
        assert_eq!(d.lang, Some(Lang::Deu));
        assert!(d.reliable);
        assert_eq!(d.script, "Latin");
        assert!(d.alternatives.iter().all(|a| a.lang != Lang::Deu));
        let unsure = detector.detect("Hola amigo, como va todo por alla", None);
        assert!(
            !unsure.alternatives.is_empty(),
            "an unsure detection ranks alternatives"
        );
        let confidences: Vec<f32> = unsure.alternatives.iter().map(|a| a.confidence).collect();
        assert!(confidences.windows(2).all(|w| w[0] >= w[1]), "{confidences:?}");
    }
}
