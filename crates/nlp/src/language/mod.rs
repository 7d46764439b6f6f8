//! Language identification: a character n-gram model for the languages it
//! covers, script rules, whatlang where the model has no table, and the
//! caller's expectations as a prior.
//!
//! - [`codes`]: ISO codes in and out;
//! - [`ngram`]: the distilled back-off n-gram model (`assets/language/`);
//! - this file: the detector, which turns n-gram log-likelihoods into
//!   calibrated probabilities, and the stage that writes them on a document.
//!
//! Every score here is one number: the posterior probability of a language
//! given the text's letters and the prior. The pick, its `confidence`, the
//! alternatives and `reliable` all read it, so an alternative can never rank
//! above the pick, and `reliable` means the same thing at every length.

pub mod codes;
pub(crate) mod ngram;

pub use codes::{iso_code, parse_language_hint, supported_languages, HintError};
pub use ngram::{FormatError, Scoring};

use crate::document::{DetectedLanguage, Document, LanguageGuess, SegmentKind};
use crate::ner::hash::{FnvHasher, StrMap};
use crate::tokenize::lowercase_in;
use ngram::NgramModel;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use whatlang::Lang;

/// The embedded n-gram model (`enrich-lab train-language` writes it).
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../assets/language/ngrams.bin");

/// Detection reads at most this many bytes of a document: windows at its
/// start, middle and end. The cost stays flat for long documents.
const DOCUMENT_SAMPLE_BYTES: usize = 3000;
/// Letters scored before stopping. Far more than any decision needs; it
/// bounds the cost of a pathological text of one endless word.
const MAX_LETTERS: usize = 1200;
/// whatlang reads at most this many bytes (its cost grows with the text).
const WHATLANG_SAMPLE_BYTES: usize = 600;
/// Odds of the best language over the second at which reading on stops.
const DECIDED_ODDS: f32 = 1e6;
/// Alternatives listed after the pick, at most.
pub const MAX_ALTERNATIVES: usize = 3;
/// Alternatives below this probability are not listed.
pub const MIN_ALTERNATIVE: f32 = 0.01;
/// Sentences with fewer letters keep the document's language: too little
/// evidence to say they differ.
const MIN_SENTENCE_LETTERS: usize = 12;

/// The numbers that turn log-likelihoods into decisions, chosen on the
/// tuning half of the dev set by `enrich-lab eval-language --tune` (see
/// docs/language.md); the defaults are the chosen values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// How the n-gram model scores letters.
    pub scoring: Scoring,
    /// Log-likelihood differences are divided by `temperature *
    /// letters^temperature_exponent` before the softmax: letters are not
    /// independent, so raw differences are overconfident, more so the
    /// longer the text.
    pub temperature: f32,
    pub temperature_exponent: f32,
    /// whatlang's pick of a language the model lacks is taken at or above
    /// this confidence.
    pub whatlang_min_confidence: f32,
    /// From this many bytes on, whatlang is asked about every language of
    /// the text's script the model lacks, not only the front-runner's
    /// known look-alikes.
    pub whatlang_from_bytes: usize,
    /// ...but only while the front-runner explains the text's letters worse
    /// than this many nats a letter: a text its front-runner fits well is
    /// not in an unmodelled language, and whatlang's trigram profile is
    /// the costliest step of detecting a long text.
    pub whatlang_below_fit: f32,
    /// Bytes scored before the first check whether reading on could
    /// change the pick. Each later window is as long as all the text read
    /// before it, so a text is checked a few times at most and never
    /// reads more than twice what its decision needed.
    pub first_window_bytes: usize,
    /// Prior odds of a language the caller expects over one it does not.
    pub expected_odds: f32,
    /// Prior odds of the hinted language over the others.
    pub hint_odds: f32,
    /// `reliable` is set at or above this confidence.
    pub reliable_confidence: f32,
}

impl Settings {
    pub const DEFAULT: Settings = Settings {
        scoring: Scoring {
            backoff_cost: 1.0,
            floor: -10.0,
            name_weight: 0.3,
            function_word: 1.0,
        },
        temperature: 0.3,
        temperature_exponent: 0.5,
        whatlang_min_confidence: 0.0,
        whatlang_from_bytes: 100,
        whatlang_below_fit: -3.0,
        first_window_bytes: 200,
        expected_odds: 20.0,
        hint_odds: 100.0,
        reliable_confidence: 0.9965,
    };
}

impl Default for Settings {
    fn default() -> Self {
        Settings::DEFAULT
    }
}

/// What the caller knows about the language before detection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageOptions {
    /// The language the caller believes the text is in: a strong prior, which
    /// a confident detection still overrules (and says so).
    pub hint: Option<Lang>,
    /// Languages the caller expects (a deployment's `--languages`, or the
    /// request's own list): a prior, not a filter, unless `only_expected`.
    pub expected: Vec<Lang>,
    /// Pick only among `expected`.
    pub only_expected: bool,
}

/// The language stage.
#[derive(Debug, Clone)]
pub struct LanguageDetector {
    model: Arc<NgramModel>,
    settings: Settings,
    /// The deployment's expected languages (`serve --languages`), for
    /// requests that name none of their own.
    expected: Vec<Lang>,
}

/// The embedded model, read once per process: every pipeline shares it.
fn embedded_model() -> Result<Arc<NgramModel>, FormatError> {
    loaded_model().clone()
}

fn loaded_model() -> &'static Result<Arc<NgramModel>, FormatError> {
    static MODEL: OnceLock<Result<Arc<NgramModel>, FormatError>> = OnceLock::new();
    MODEL.get_or_init(|| NgramModel::load(EMBEDDED_MODEL, ngram::Check::Layout).map(Arc::new))
}

/// One language's function words, from the stopwords-iso lists the
/// embedded model carries. The summary stage leaves them out of its word
/// statistics: otherwise `der`, `und` and `les` make every sentence look
/// like every other.
#[derive(Debug, Clone, Copy)]
pub struct FunctionWords {
    model: &'static NgramModel,
    index: u8,
}

impl FunctionWords {
    /// The list of `lang`, `None` for a language the model does not know.
    pub fn of(lang: Lang) -> Option<Self> {
        let model: &'static NgramModel = loaded_model().as_ref().ok()?;
        Some(FunctionWords {
            model,
            index: model.language_index(lang)?,
        })
    }

    pub fn contains(&self, lowercase: &str) -> bool {
        self.model.is_function_word(lowercase, self.index)
    }
}

/// The languages a text in `script` can be in. whatlang files Han text
/// under Mandarin alone; Japanese written mostly in kanji is Han text too,
/// and the model tells the two apart by their kana and their kanji use.
fn script_candidates(script: whatlang::Script) -> Vec<Lang> {
    match script {
        whatlang::Script::Mandarin => vec![Lang::Cmn, Lang::Jpn],
        other => other.langs().to_vec(),
    }
}

/// The longest prefix of `text` of at most `budget` bytes that ends at a
/// word's end (the whole text if it fits).
fn prefix_at_word_end(text: &str, budget: usize) -> &str {
    if text.len() <= budget {
        return text;
    }
    let mut cut = budget;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind(char::is_whitespace) {
        Some(space) if space > 0 => &text[..space],
        _ => &text[..cut],
    }
}

/// The script of most of `text`'s letters, `None` without letters. ASCII
/// text with a letter is Latin, as whatlang finds after a scan of every
/// character against each script's ranges.
fn script_of(text: &str) -> Option<whatlang::Script> {
    if text.is_ascii() {
        return text
            .bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some(whatlang::Script::Latin);
    }
    whatlang::detect_script(text)
}

/// Scripts other than the dominant one that hold at least a fifth of the
/// text's letters: a Russian headline about `Super Six World Boxing
/// Classic` has more Latin letters than Cyrillic ones, and is Russian. Their
/// languages join the candidates, and the model weighs every letter.
fn secondary_scripts(text: &str, dominant: whatlang::Script) -> Vec<whatlang::Script> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut letters: Vec<(whatlang::Script, usize)> = Vec::new();
    let mut total = 0;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(SCRIPT_WORDS)
    {
        let n = word.chars().count();
        total += n;
        if let Some(script) = whatlang::detect_script(word).filter(|&s| s != dominant) {
            match letters.iter_mut().find(|(s, _)| *s == script) {
                Some((_, count)) => *count += n,
                None => letters.push((script, n)),
            }
        }
    }
    letters
        .into_iter()
        .filter(|&(_, n)| n * 5 >= total)
        .map(|(script, _)| script)
        .collect()
}

/// Words read to find secondary scripts.
const SCRIPT_WORDS: usize = 200;

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

impl LanguageDetector {
    /// The detector with the embedded model and the tuned settings.
    pub fn new() -> Result<Self, FormatError> {
        Ok(LanguageDetector {
            model: embedded_model()?,
            settings: Settings::DEFAULT,
            expected: Vec::new(),
        })
    }

    /// The languages a deployment expects: a prior for every request that
    /// names no expected languages of its own.
    pub fn expecting(mut self, languages: Vec<Lang>) -> Self {
        self.expected = languages;
        self
    }

    /// The same model with other settings (for tuning).
    pub fn with_settings(&self, settings: Settings) -> Self {
        LanguageDetector {
            model: Arc::clone(&self.model),
            settings,
            expected: self.expected.clone(),
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Detects the language of `text`.
    pub fn detect(&self, text: &str, options: &LanguageOptions) -> DetectedLanguage {
        let (script, ranked) = self.rank(text, options);
        self.decide(script, &ranked)
    }

    /// The detection a [`Self::rank`] result amounts to: its first language,
    /// the next ones as alternatives, and `reliable` from the threshold.
    pub fn decide(&self, script: String, ranked: &[(Lang, f32)]) -> DetectedLanguage {
        let Some(&(lang, confidence)) = ranked.first() else {
            return DetectedLanguage {
                lang: None,
                script,
                confidence: 0.0,
                reliable: false,
                alternatives: Vec::new(),
            };
        };
        DetectedLanguage {
            lang: Some(lang),
            script,
            confidence,
            reliable: confidence >= self.settings.reliable_confidence,
            alternatives: ranked[1..]
                .iter()
                .take(MAX_ALTERNATIVES)
                .filter(|g| g.1 >= MIN_ALTERNATIVE)
                .map(|&(lang, confidence)| LanguageGuess { lang, confidence })
                .collect(),
        }
    }

    /// The text's script name and every candidate language with its
    /// probability, most likely first; no candidates when the text has no
    /// letters or its script is one no supported language is written in.
    pub fn rank(&self, full_text: &str, options: &LanguageOptions) -> (String, Vec<(Lang, f32)>) {
        let deployment;
        let options = if options.expected.is_empty() && !self.expected.is_empty() {
            deployment = LanguageOptions {
                expected: self.expected.clone(),
                ..options.clone()
            };
            &deployment
        } else {
            options
        };
        let text = sample(full_text, DOCUMENT_SAMPLE_BYTES);
        let text = text.as_ref();
        let Some(script) = script_of(text) else {
            return (String::new(), Vec::new());
        };
        let script_name = script.name().to_string();
        let mut candidates = script_candidates(script);
        for other in secondary_scripts(text, script) {
            for lang in script_candidates(other) {
                if !candidates.contains(&lang) {
                    candidates.push(lang);
                }
            }
        }
        if options.only_expected && !options.expected.is_empty() {
            candidates.retain(|l| options.expected.contains(l));
        }
        if candidates.is_empty() {
            return (script_name, Vec::new());
        }
        let langs = self.model.languages();
        let modelled: Vec<bool> = langs.iter().map(|l| candidates.contains(l)).collect();
        let mut scores = vec![0f32; langs.len()];
        let mut read = ngram::Scored::default();
        if modelled.iter().any(|&m| m) {
            // Score a first window, then windows as long as all read so
            // far, while the two best languages are close.
            let scoring = self.settings.scoring;
            let mut window = self.settings.first_window_bytes;
            let mut at = 0;
            while at < text.len() && read.letters < MAX_LETTERS {
                let rest = &text[at..];
                let chunk = match prefix_at_word_end(rest, window) {
                    "" => rest,
                    chunk => chunk,
                };
                let more = self
                    .model
                    .score(chunk, scoring, &modelled, &mut scores, MAX_LETTERS - read.letters);
                read.letters += more.letters;
                read.weight += more.weight;
                read.unexplained += more.unexplained;
                at += chunk.len();
                if self.decided(&scores, &modelled, read.weight, options) {
                    break;
                }
                window = at;
            }
        } else {
            read.letters = text.chars().filter(|c| c.is_alphabetic()).take(MAX_LETTERS).count();
            read.weight = read.letters as f32;
        }
        let letters = read.weight;
        if letters <= 0.0 {
            return (script_name, Vec::new());
        }
        // Log-likelihood per candidate; `None` for the unmodelled ones.
        let evidence: Vec<(Lang, Option<f32>)> = candidates
            .iter()
            .map(|&lang| (lang, langs.iter().position(|&l| l == lang).map(|i| scores[i])))
            .collect();
        let posterior = if evidence.iter().any(|e| e.1.is_some()) {
            self.posterior(&evidence, letters, options)
        } else {
            unmodelled_script(text, &candidates)
        };
        let front = posterior.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|g| g.0);
        // Short text: only the front-runner's known look-alikes. From
        // `whatlang_from_bytes` on, when the front-runner fits the letters
        // poorly, every unmodelled candidate: a front-runner the table does
        // not list (Uzbek read as Esperanto) is caught too, and a text the
        // front-runner fits well, most long text, skips whatlang's costly
        // trigram profile.
        // A letter no modelled candidate writes points to an unmodelled
        // language at any length.
        let rare_letters = read.unexplained > 0;
        let fits_poorly = front
            .and_then(|front| langs.iter().position(|&l| l == front))
            .is_none_or(|i| scores[i] / letters < self.settings.whatlang_below_fit);
        let long = (text.len() >= self.settings.whatlang_from_bytes && fits_poorly) || rare_letters;
        let neighbours: Vec<Lang> = match front {
            Some(_) if long => candidates.iter().copied().filter(|&l| !langs.contains(&l)).collect(),
            Some(front) => unmodelled_neighbours(front)
                .iter()
                .copied()
                .filter(|l| candidates.contains(l))
                .collect(),
            None => Vec::new(),
        };
        let mut ranked = match front {
            Some(front) if !neighbours.is_empty() => {
                self.with_whatlang(text, front, posterior, &neighbours, long && !rare_letters)
            }
            _ => posterior,
        };
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.code().cmp(b.0.code())));
        (script_name, ranked)
    }

    /// Whether the best modelled language already leads the second by
    /// [`DECIDED_ODDS`] or more, priors included: reading on could not
    /// change the pick.
    fn decided(&self, scores: &[f32], modelled: &[bool], letters: f32, options: &LanguageOptions) -> bool {
        let scale = self.settings.temperature * letters.max(1.0).powf(self.settings.temperature_exponent);
        let (mut first, mut second) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
        for (i, &lang) in self.model.languages().iter().enumerate() {
            if !modelled[i] {
                continue;
            }
            let logit = scores[i] / scale + self.log_prior(lang, options);
            if logit > first {
                (first, second) = (logit, first);
            } else if logit > second {
                second = logit;
            }
        }
        first - second >= DECIDED_ODDS.ln()
    }

    /// The prior's log-odds for a language.
    fn log_prior(&self, lang: Lang, options: &LanguageOptions) -> f32 {
        let mut prior = 0.0;
        if options.expected.contains(&lang) {
            prior += self.settings.expected_odds.ln();
        }
        if options.hint == Some(lang) {
            prior += self.settings.hint_odds.ln();
        }
        prior
    }

    /// Softmax over the modelled candidates' tempered log-likelihoods plus
    /// their log prior.
    fn posterior(&self, evidence: &[(Lang, Option<f32>)], letters: f32, options: &LanguageOptions) -> Vec<(Lang, f32)> {
        let scale = self.settings.temperature * letters.powf(self.settings.temperature_exponent);
        let logits: Vec<(Lang, f32)> = evidence
            .iter()
            .filter_map(|&(lang, score)| score.map(|s| (lang, s / scale + self.log_prior(lang, options))))
            .collect();
        softmax(logits)
    }

    /// The front-runner has neighbours the model has no table for: whatlang,
    /// restricted to them and the front-runner, splits the front-runner's
    /// probability `p` between them. Its confidence `c` (0 is a coin toss)
    /// makes `q = (1 + c) / 2` the share of its pick; the other side gets
    /// `1 - q` (the neighbours equally). Other languages keep theirs.
    fn with_whatlang(
        &self,
        text: &str,
        front: Lang,
        modelled: Vec<(Lang, f32)>,
        neighbours: &[Lang],
        only_because_long: bool,
    ) -> Vec<(Lang, f32)> {
        let mut allow = neighbours.to_vec();
        allow.push(front);
        let Some(info) = whatlang::Detector::with_allowlist(allow).detect(&sample(text, WHATLANG_SAMPLE_BYTES)) else {
            return modelled;
        };
        // Asked only because the text is long (no look-alike, no rare
        // letter), whatlang must be sure of itself, or it has no say: on a
        // line of numbers and `March` its pick is noise.
        if only_because_long && !info.is_reliable() {
            return modelled;
        }
        let c = info.confidence() as f32;
        let pick = if neighbours.contains(&info.lang()) {
            if c < self.settings.whatlang_min_confidence {
                return modelled;
            }
            Some(info.lang())
        } else {
            None
        };
        let q = (1.0 + c) / 2.0;
        let p = modelled.iter().find(|g| g.0 == front).map_or(0.0, |g| g.1);
        let mut out: Vec<(Lang, f32)> = modelled.into_iter().filter(|g| g.0 != front).collect();
        match pick {
            Some(neighbour) => {
                out.push((neighbour, p * q));
                out.push((front, p * (1.0 - q)));
            }
            None => {
                out.push((front, p * q));
                let each = p * (1.0 - q) / neighbours.len() as f32;
                out.extend(neighbours.iter().map(|&n| (n, each)));
            }
        }
        out
    }

    /// Runs the stage on a document: its language, and warnings for an
    /// unreliable detection or an overruled hint.
    pub fn annotate(&self, doc: &mut Document, options: &LanguageOptions) {
        let detected = self.detect(&doc.text, options);
        match (detected.lang, options.hint) {
            (None, _) => doc.warn(
                "LANGUAGE_UNDETECTED",
                "no language could be detected (too few letters or an unsupported script)",
            ),
            (Some(lang), Some(hinted)) if lang != hinted => doc.warn(
                "LANGUAGE_HINT_OVERRULED",
                format!(
                    "the text was detected as {} ({}, confidence {:.2}), not the hinted {}",
                    lang.eng_name(),
                    iso_code(lang),
                    detected.confidence,
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

    /// Marks running-text segments whose own language reliably differs from
    /// the document's: a quoted sentence in another script, a French
    /// sentence in an English paragraph. Segments that share the document's
    /// frequent short words are in its language and are not re-detected.
    /// Needs segments; run after segmentation.
    pub fn annotate_segments(&self, doc: &mut Document) {
        let Some(doc_lang) = doc.lang() else { return };
        let doc_script = doc.language.as_ref().map(|l| l.script.clone()).unwrap_or_default();
        let function_words = frequent_short_words(&doc.text);
        let options = LanguageOptions::default();
        for i in 0..doc.segments.len() {
            let segment = &doc.segments[i];
            if segment.kind != SegmentKind::Sentence {
                continue;
            }
            let sentence = segment.span.slice(&doc.text);
            let letters = sentence
                .chars()
                .filter(|c| c.is_alphabetic())
                .take(MIN_SENTENCE_LETTERS)
                .count();
            if letters < MIN_SENTENCE_LETTERS {
                continue;
            }
            if !has_words_beyond_names(sentence) {
                continue;
            }
            let same_script = script_of(sentence).is_some_and(|s| s.name() == doc_script);
            if same_script && shares_function_words(sentence, &function_words) {
                continue;
            }
            let own = self.detect(sentence, &options);
            if let Some(lang) = own.lang.filter(|&l| l != doc_lang && own.reliable) {
                doc.segments[i].language = Some(lang);
            }
        }
    }
}

/// Languages whatlang knows and the n-gram model does not, by the modelled
/// language the model mistakes them for: Javanese reads as Indonesian,
/// Turkmen as Turkish, Nepali as Hindi. When the model's front-runner is one
/// of these, whatlang is asked to choose between it and its neighbours.
/// From the confusions on the tuning half (`enrich-lab eval-language --half
/// tune --per-language`, pairs seen ten times or more).
const UNMODELLED_NEIGHBOURS: &[(Lang, &[Lang])] = &[
    (Lang::Ind, &[Lang::Jav, Lang::Uzb, Lang::Aka]),
    (Lang::Tgl, &[Lang::Jav, Lang::Aka]),
    (Lang::Sna, &[Lang::Jav, Lang::Aka]),
    (Lang::Zul, &[Lang::Jav, Lang::Aka]),
    (Lang::Est, &[Lang::Aka]),
    (Lang::Tur, &[Lang::Tuk, Lang::Uzb]),
    (Lang::Aze, &[Lang::Uzb, Lang::Tuk]),
    (Lang::Nob, &[Lang::Uzb]),
    (Lang::Hin, &[Lang::Nep]),
    (Lang::Mar, &[Lang::Nep]),
    (Lang::Heb, &[Lang::Yid]),
];

fn unmodelled_neighbours(lang: Lang) -> &'static [Lang] {
    UNMODELLED_NEIGHBOURS
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or(&[], |(_, n)| n)
}

/// A script none of whose languages the model covers (Ethiopic, Kannada,
/// Khmer, ...): most have one language, which the script decides; else
/// whatlang chooses among them.
fn unmodelled_script(text: &str, candidates: &[Lang]) -> Vec<(Lang, f32)> {
    if let [only] = candidates {
        return vec![(*only, 1.0)];
    }
    match whatlang::Detector::with_allowlist(candidates.to_vec()).detect(text) {
        Some(info) => {
            let share = info.confidence() as f32;
            let rest = (1.0 - share) / (candidates.len() - 1) as f32;
            candidates
                .iter()
                .map(|&l| (l, if l == info.lang() { share } else { rest }))
                .collect()
        }
        None => candidates.iter().map(|&l| (l, 1.0 / candidates.len() as f32)).collect(),
    }
}

/// Probabilities from log-odds, largest first not guaranteed.
fn softmax(logits: Vec<(Lang, f32)>) -> Vec<(Lang, f32)> {
    let max = logits.iter().map(|l| l.1).fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = logits.iter().map(|l| (l.1 - max).exp()).sum();
    logits
        .into_iter()
        .map(|(lang, l)| (lang, (l - max).exp() / total))
        .collect()
}

/// A document's frequent short words ([`frequent_short_words`]), borrowed
/// from the text where it writes them in lowercase already.
type ShortWords<'t> = std::collections::HashSet<Cow<'t, str>, std::hash::BuildHasherDefault<FnvHasher>>;

/// The document's own function words: its twenty most frequent words of at
/// most four letters, seen at least three times, lowercased. Derived from
/// the text, so it works in any language.
fn frequent_short_words(text: &str) -> ShortWords<'_> {
    // Sized for a news article's short words, so it seldom grows.
    let mut counts: StrMap<Cow<'_, str>, usize> = StrMap::with_capacity_and_hasher(128, Default::default());
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.chars().count() <= 4)
    {
        let (key, lowered) = lowercase_in(word, &mut lower);
        match counts.get_mut(key) {
            Some(n) => *n += 1,
            None if lowered => {
                counts.insert(Cow::Owned(lower.clone()), 1);
            }
            None => {
                counts.insert(Cow::Borrowed(word), 1);
            }
        }
    }
    let mut ranked: Vec<(Cow<'_, str>, usize)> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(20).map(|(w, _)| w).collect()
}

/// Whether a sentence has at least two words that are not names: words not
/// starting with a capital (lowercase, or in a script without case). A
/// results line (`Fulham 1 Carlisle 0`) or a list of names carries no
/// language of its own, whatever its letters look like.
fn has_words_beyond_names(sentence: &str) -> bool {
    // Scripts without case (Han, Arabic, Devanagari, ...) have no capitals
    // to mark names: their letters are evidence. (ASCII letters all have
    // case.)
    if !sentence.is_ascii()
        && sentence
            .chars()
            .any(|c| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase())
    {
        return true;
    }
    sentence
        .split(|c: char| !c.is_alphabetic())
        .filter_map(|w| w.chars().next())
        .filter(|c| !c.is_uppercase())
        .nth(1)
        .is_some()
}

/// Whether at least 15% of a sentence's words are the document's function
/// words: then it is in the document's language. Sentences in another
/// language share almost none.
fn shares_function_words(sentence: &str, function_words: &ShortWords<'_>) -> bool {
    if function_words.len() < 5 {
        return false;
    }
    let mut words = 0;
    let mut shared = 0;
    let mut lower = String::new();
    for word in sentence.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if word.len() <= 16 && word.chars().count() <= 4 {
            let (key, _) = lowercase_in(word, &mut lower);
            shared += usize::from(function_words.contains(key));
        }
    }
    words > 0 && shared * 100 >= words * 15
}

#[cfg(test)]
mod tests;
