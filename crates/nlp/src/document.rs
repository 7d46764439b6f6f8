//! The one document model every stage reads and adds to: the text, plus spans
//! over it.
//!
//! Every span in the NLP core is a half-open range of **UTF-8 byte offsets**
//! into [`Document::text`], always on `char` boundaries. Byte offsets are what
//! Rust slices with, so stages never convert; the service converts once, at
//! the edge, into the unit the caller asked for (see `crate::api::offsets`).

use crate::tokenize::{tokenize_lang, Token};
use std::borrow::Cow;
use whatlang::Lang;

/// A half-open range `[start, end)` of UTF-8 byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers. Spans made by the pipeline always lie on
    /// `char` boundaries; a span that does not yields an empty string rather
    /// than a panic.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// What kind of segment the segmenter found. Layout segments (everything but
/// `Sentence`) are kept so offsets cover the whole text, but the summary skips
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    Sentence,
    Heading,
    Byline,
    ListItem,
    Link,
    Other,
}

impl SegmentKind {
    /// Running text that a summary may quote.
    pub fn is_running_text(self) -> bool {
        matches!(self, SegmentKind::Sentence)
    }
}

/// A sentence or layout segment. Its span is trimmed of surrounding white
/// space.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub span: Span,
    pub kind: SegmentKind,
    /// Set where the segment's own language differs reliably from the
    /// document's (an English article quoting a French paragraph).
    pub language: Option<Lang>,
}

/// Entity types. The first four come from the statistical tagger, the rest
/// from the rule-based numeric stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Organization,
    Location,
    Misc,
    Date,
    Time,
    Money,
    Percent,
    Number,
}

impl EntityType {
    pub const ALL: [EntityType; 9] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Misc,
        EntityType::Date,
        EntityType::Time,
        EntityType::Money,
        EntityType::Percent,
        EntityType::Number,
    ];

    /// The type a name from [`EntityType::name`] stands for, in any case.
    pub fn from_name(name: &str) -> Option<EntityType> {
        Self::ALL.into_iter().find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// The name used in the proto and in evaluation files.
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Organization => "ORGANIZATION",
            EntityType::Location => "LOCATION",
            EntityType::Misc => "MISC",
            EntityType::Date => "DATE",
            EntityType::Time => "TIME",
            EntityType::Money => "MONEY",
            EntityType::Percent => "PERCENT",
            EntityType::Number => "NUMBER",
        }
    }
}

/// One place where an entity is named.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub confidence: f32,
}

/// An entity with all its mentions grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The fullest mention's text.
    pub name: String,
    pub entity_type: EntityType,
    pub salience: f32,
    pub confidence: f32,
    /// In document order.
    pub mentions: Vec<Mention>,
    /// ISO 8601 date, decimal number, `"<amount> <ISO 4217>"`, ... where the
    /// text fixes one.
    pub normalized_value: Option<String>,
}

/// A sentence chosen for the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySentence {
    /// Index into [`Document::segments`].
    pub segment_index: usize,
    pub score: f32,
    /// `None` where the language has no lexicon to score it.
    pub neutrality: Option<f32>,
}

/// An extractive summary: indices of chosen segments, in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub sentences: Vec<SummarySentence>,
    /// Mean loadedness of the chosen sentences; `None` where unscored.
    pub summary_loadedness: Option<f32>,
    /// Mean loadedness of all running-text sentences; `None` where unscored.
    pub document_loadedness: Option<f32>,
}

/// Something the caller should know: a stage that could not do all it was
/// asked, or did it differently. Nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable, machine-readable, UPPER_SNAKE_CASE.
    pub code: &'static str,
    pub message: String,
}

/// One candidate language with its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageGuess {
    pub lang: Lang,
    pub confidence: f32,
}

/// The outcome of language identification for a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedLanguage {
    /// `None` when nothing could be detected (no letters, unknown script).
    pub lang: Option<Lang>,
    /// whatlang's script name ("Latin", "Cyrillic", ...), or "" when none.
    pub script: String,
    pub confidence: f32,
    pub reliable: bool,
    pub alternatives: Vec<LanguageGuess>,
}

/// A stage's choice of language for a document: see
/// [`DetectedLanguage::route`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    pub lang: Lang,
    /// The detection was not reliable: the stage used the most probable
    /// language it supports, and should say so.
    pub assumed: bool,
    /// That language's probability.
    pub probability: f32,
}

/// A stage routes to a supported language that is not the pick only when it
/// holds at least this probability: below it the text is just not in that
/// language.
pub const MIN_ROUTE_PROBABILITY: f32 = 0.05;

impl DetectedLanguage {
    /// The language a stage that supports `supported` languages should use.
    /// A reliable pick is used as it is (supported or not). An unreliable
    /// one is weighed with its alternatives: the most probable supported
    /// language with at least [`MIN_ROUTE_PROBABILITY`] is used, marked
    /// `assumed`; with none, the pick (which the stage does not support).
    /// So a name-heavy English text picked as Latin at 0.3 with English at
    /// 0.25 still gets English entities, with a warning.
    pub fn route(&self, supported: impl Fn(Lang) -> bool) -> Option<Route> {
        let pick = self.lang?;
        if self.reliable {
            return Some(Route {
                lang: pick,
                assumed: false,
                probability: self.confidence,
            });
        }
        let guesses =
            std::iter::once((pick, self.confidence)).chain(self.alternatives.iter().map(|a| (a.lang, a.confidence)));
        let chosen = guesses
            .filter(|&(lang, p)| supported(lang) && p >= MIN_ROUTE_PROBABILITY)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((pick, self.confidence));
        Some(Route {
            lang: chosen.0,
            assumed: true,
            probability: chosen.1,
        })
    }
}

/// A text and everything the pipeline found in it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub text: String,
    pub language: Option<DetectedLanguage>,
    pub segments: Vec<Segment>,
    pub entities: Vec<Entity>,
    pub summary: Option<Summary>,
    pub warnings: Vec<Warning>,
    /// Each segment's word tokens where a stage made them (the entity stage
    /// keeps those of every segment but links and other layout), `None`
    /// where none did; empty until then. Read through
    /// [`Document::segment_tokens`], so that a later stage does not
    /// tokenize the same sentences again.
    pub tokens: Vec<Option<Vec<Token>>>,
}

impl Document {
    pub fn new(text: impl Into<String>) -> Self {
        Document {
            text: text.into(),
            ..Default::default()
        }
    }

    /// Indices into [`segments`](Self::segments) of the running-text
    /// sentences (not headings, list items or other layout).
    pub fn sentence_indices(&self) -> Vec<usize> {
        self.segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SegmentKind::Sentence)
            .map(|(i, _)| i)
            .collect()
    }

    /// The word tokens of segment `i`: those a stage kept in
    /// [`tokens`](Self::tokens), or made afresh where none were kept or
    /// they no longer fit the segments (a count that differs, tokens
    /// outside the segment's span).
    pub fn segment_tokens(&self, i: usize) -> Cow<'_, [Token]> {
        let span = self.segments.get(i).map(|s| s.span);
        let kept = (self.tokens.len() == self.segments.len())
            .then(|| self.tokens.get(i).and_then(Option::as_deref))
            .flatten()
            .filter(|tokens| {
                let inside = |t: &Token| span.is_some_and(|s| s.start <= t.span.start && t.span.end <= s.end);
                tokens.first().is_none_or(inside) && tokens.last().is_none_or(inside)
            });
        match kept {
            Some(tokens) => Cow::Borrowed(tokens),
            None => Cow::Owned(
                self.segments
                    .get(i)
                    .map(|s| tokenize_lang(&self.text, s.span, self.lang()))
                    .unwrap_or_default(),
            ),
        }
    }

    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    pub fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        self.warnings.push(Warning {
            code,
            message: message.into(),
        });
    }

    /// The language stages should use: the detected one, if any.
    pub fn lang(&self) -> Option<Lang> {
        self.language.as_ref().and_then(|l| l.lang)
    }

    /// The language a stage supporting `supported` uses for this document
    /// ([`DetectedLanguage::route`]), with a warning `code` when it had to
    /// assume one; `None` when no language was detected.
    pub fn route_language(
        &mut self,
        supported: impl Fn(Lang) -> bool,
        code: &'static str,
        stage: &str,
    ) -> Option<Lang> {
        let route = self.language.as_ref()?.route(&supported)?;
        if route.assumed && supported(route.lang) {
            self.warn(
                code,
                format!(
                    "the document's language is not reliably detected; {stage} used {} ({}, probability {:.2})",
                    route.lang.eng_name(),
                    crate::language::iso_code(route.lang),
                    route.probability
                ),
            );
        }
        Some(route.lang)
    }
}
