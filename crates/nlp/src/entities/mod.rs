//! The entity stage: named entities from a statistical tagger per language,
//! quantities (dates, times, money, percentages, numbers) by rule, then
//! mentions grouped into entities with salience.
//!
//! Taggers are registered per language in one table ([`EntityRecognizer`]);
//! for a language without one, the stage still finds quantities and says in
//! `warnings` that names were not tagged, rather than guessing.

pub mod calendar;
pub mod dictionary;
mod grouping;
mod heads;
mod quantities;

pub use grouping::{group, RawMention};
pub use quantities::{find as find_quantities, QuantityMention};

use super::document::{Document, EntityType, SegmentKind};
use super::pipeline::{Interrupt, RunToEnd};
use super::tokenize::{tokenize_lang_into, Token};
use std::collections::HashMap;
use std::ops::ControlFlow;
use whatlang::Lang;

/// Rules have no model score; their matches carry this confidence.
pub const RULE_CONFIDENCE: f32 = 0.9;

/// A caller's own term is certain.
pub const DICTIONARY_CONFIDENCE: f32 = 1.0;

/// What a request can set for the entity stage.
#[derive(Debug, Clone, Default)]
pub struct EntityOptions {
    /// When the text was written: relative dates (`yesterday`, `last
    /// Friday`) resolve against it.
    pub reference_date: Option<calendar::CivilDate>,
    /// The request's own terms; they win over the configured dictionary and
    /// the model where they overlap.
    pub dictionary: Option<std::sync::Arc<dictionary::EntityDictionary>>,
    /// Keep the tagger's types, without the head-word rules of [`heads`]:
    /// a diagnostic for the lab, which measures what the rules add.
    pub tagger_types_only: bool,
}

impl PartialEq for EntityOptions {
    fn eq(&self, other: &Self) -> bool {
        let same_dictionary = match (&self.dictionary, &other.dictionary) {
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        self.reference_date == other.reference_date
            && same_dictionary
            && self.tagger_types_only == other.tagger_types_only
    }
}

/// A named-entity mention over a sentence's tokens, `[start, end)` token
/// indices.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedMention {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    pub confidence: f32,
}

/// What a tagger says about itself, written when it was trained and read
/// back by GetInfo: the one place a model's scores are stated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelCard {
    pub name: String,
    pub version: String,
    /// ISO 639-1 code of the language it was trained for.
    pub language: String,
    /// End-to-end scores on held-apart data, measured by the lab.
    pub evaluations: Vec<ModelEvaluation>,
}

/// One evaluation of a model: micro precision, recall and F1 of exact span
/// and type over a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelEvaluation {
    /// The dataset, e.g. `conll2003 dev`.
    pub dataset: String,
    pub precision: f32,
    pub recall: f32,
    pub f1: f32,
}

/// A statistical tagger for PERSON, ORGANIZATION, LOCATION and MISC in one
/// language.
pub trait NamedEntityTagger: Send + Sync {
    /// Name, version, language and scores, as reported by GetInfo.
    fn card(&self) -> &ModelCard;
    /// Tags one sentence, given its tokens.
    fn tag(&self, text: &str, tokens: &[Token]) -> Vec<TaggedMention>;
    /// Tags every sentence of a document; a tagger may use what the whole
    /// document says about a word. Asks `interrupt` between sentences and
    /// gives up (`None`) when told to stop.
    fn tag_document(
        &self,
        text: &str,
        sentences: &[Vec<Token>],
        interrupt: &dyn Interrupt,
    ) -> Option<Vec<Vec<TaggedMention>>> {
        sentences
            .iter()
            .map(|tokens| (!interrupt.should_stop()).then(|| self.tag(text, tokens)))
            .collect()
    }
}

/// The entity stage with its table of taggers by language.
#[derive(Default)]
pub struct EntityRecognizer {
    taggers: HashMap<Lang, Box<dyn NamedEntityTagger>>,
    /// The server's configured dictionary, if any.
    dictionary: Option<dictionary::EntityDictionary>,
}

impl std::fmt::Debug for EntityRecognizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityRecognizer")
            .field("languages", &self.taggers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl EntityRecognizer {
    /// A recognizer with no named-entity taggers: quantities only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the tagger for a language, replacing any earlier one.
    pub fn register(&mut self, lang: Lang, tagger: Box<dyn NamedEntityTagger>) {
        self.taggers.insert(lang, tagger);
    }

    /// Languages with a named-entity tagger.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self.taggers.keys().copied().collect();
        langs.sort_by_key(|l| l.code());
        langs
    }

    /// Sets the configured dictionary, used for every document.
    pub fn set_dictionary(&mut self, dictionary: dictionary::EntityDictionary) {
        self.dictionary = Some(dictionary);
    }

    pub fn tagger(&self, lang: Lang) -> Option<&dyn NamedEntityTagger> {
        self.taggers.get(&lang).map(|t| t.as_ref())
    }

    /// Runs the stage on a segmented document with default options.
    pub fn annotate(&self, doc: &mut Document) {
        self.annotate_with(doc, &EntityOptions::default());
    }

    /// Dictionary matches over the whole text: the request's terms first,
    /// then the configured ones where they do not overlap them.
    fn dictionary_matches(&self, doc: &Document, options: &EntityOptions) -> Vec<dictionary::DictionaryMatch> {
        let mut matches: Vec<dictionary::DictionaryMatch> = options
            .dictionary
            .as_ref()
            .map(|d| d.find(&doc.text))
            .unwrap_or_default();
        if let Some(configured) = &self.dictionary {
            for m in configured.find(&doc.text) {
                if !matches.iter().any(|k| k.span.overlaps(m.span)) {
                    matches.push(m);
                }
            }
        }
        // Only in running text and layout a reader sees as text, not in links.
        matches.retain(|m| {
            doc.segments
                .iter()
                .any(|s| s.span.contains(m.span) && !matches!(s.kind, SegmentKind::Link | SegmentKind::Other))
        });
        matches
    }

    /// Runs the stage on a segmented document.
    pub fn annotate_with(&self, doc: &mut Document, options: &EntityOptions) {
        let _ = self.annotate_until(doc, options, &RunToEnd);
    }

    /// Runs the stage, asking `interrupt` sentence by sentence whether to go
    /// on: a long document stops within a sentence's work of a cancel or a
    /// deadline, not at the end of the stage. A stopped run leaves the
    /// document's entities as they were.
    pub fn annotate_until(
        &self,
        doc: &mut Document,
        options: &EntityOptions,
        interrupt: &dyn Interrupt,
    ) -> ControlFlow<()> {
        let from_dictionary = self.dictionary_matches(doc, options);
        let lang = doc.route_language(
            |l| self.tagger(l).is_some(),
            "ENTITIES_LANGUAGE_ASSUMED",
            "the entity stage",
        );
        let tagger = lang.and_then(|l| self.tagger(l));
        if tagger.is_none() {
            let which = lang.map_or_else(|| "undetected language".to_string(), |l| l.eng_name().to_string());
            let covered: Vec<&str> = self.languages().iter().map(|l| super::language::iso_code(*l)).collect();
            doc.warn(
                "ENTITIES_LANGUAGE_UNSUPPORTED",
                format!(
                    "no named-entity model covers {which}; only dates, times, money, percentages and numbers were tagged (models: {})",
                    if covered.is_empty() { "none".to_string() } else { covered.join(", ") }
                ),
            );
        }
        let mut mentions: Vec<RawMention> = from_dictionary
            .iter()
            .map(|m| RawMention {
                span: m.span,
                entity_type: m.entity_type,
                confidence: DICTIONARY_CONFIDENCE,
                normalized_value: None,
            })
            .collect();
        let taken = |span: super::document::Span| from_dictionary.iter().any(|m| m.span.overlaps(span));
        let mut out_of_range: Vec<super::document::Span> = Vec::new();
        let sentences: Vec<Vec<Token>> = doc
            .segments
            .iter()
            .map(|segment| {
                let mut tokens = Vec::new();
                if !matches!(segment.kind, SegmentKind::Link | SegmentKind::Other) {
                    tokenize_lang_into(&doc.text, segment.span, lang, &mut tokens);
                }
                tokens
            })
            .collect();
        let tagged = match tagger {
            Some(t) => match t.tag_document(&doc.text, &sentences, interrupt) {
                Some(tagged) => tagged,
                None => return ControlFlow::Break(()),
            },
            None => vec![Vec::new(); sentences.len()],
        };
        for (tokens, mut named) in sentences.iter().zip(tagged) {
            if interrupt.should_stop() {
                return ControlFlow::Break(());
            }
            // A name neither starts nor ends with bare punctuation (a Markdown
            // `#`, a quote): trim it, and drop a mention that is nothing else.
            // A name wrapped whole in guillemets keeps them ([`quoted_whole`]);
            // its head word is read inside them all the same.
            let is_word = |i: usize| tokens[i].text(&doc.text).chars().any(char::is_alphanumeric);
            named.retain_mut(|m| {
                if m.end > tokens.len() {
                    return false;
                }
                let keep_marks = quoted_whole(&doc.text, tokens, m.start, m.end);
                let (mut start, mut end) = (m.start, m.end);
                while start < end && !is_word(start) {
                    start += 1;
                }
                while end > start && !is_word(end - 1) {
                    end -= 1;
                }
                if start >= end {
                    return false;
                }
                if !keep_marks {
                    (m.start, m.end) = (start, end);
                }
                let retyped = heads::typed_by_head(lang, &doc.text, tokens, start, end, m.entity_type);
                if let Some(ty) = retyped.filter(|_| !options.tagger_types_only) {
                    m.entity_type = ty;
                }
                true
            });
            let quantities = find_quantities(&doc.text, tokens, lang, options.reference_date);
            // A name wholly inside a longer quantity is the quantity's unit or
            // month as the tagger read it (`Euro` of `2,5 Milliarden Euro`):
            // the quantity is the mention.
            let inside_quantity =
                |span: super::document::Span| quantities.iter().any(|q| q.span.contains(span) && q.span != span);
            let named: Vec<_> = named
                .iter()
                .map(|m| {
                    let span = super::document::Span::new(tokens[m.start].span.start, tokens[m.end - 1].span.end);
                    (m, span)
                })
                .filter(|(_, span)| !inside_quantity(*span))
                .collect();
            for &(m, span) in &named {
                if taken(span) {
                    continue;
                }
                mentions.push(RawMention {
                    span,
                    entity_type: m.entity_type,
                    confidence: m.confidence,
                    normalized_value: None,
                });
            }
            for q in quantities {
                if named.iter().any(|(_, s)| s.overlaps(q.span)) || taken(q.span) {
                    continue;
                }
                let normalized_value = match q.normalized_value {
                    Some(value) if !quantities::is_valid_value(q.entity_type, &value) => {
                        out_of_range.push(q.span);
                        None
                    }
                    other => other,
                };
                mentions.push(RawMention {
                    span: q.span,
                    entity_type: q.entity_type,
                    confidence: RULE_CONFIDENCE,
                    normalized_value,
                });
            }
        }
        if let Some(first) = out_of_range.first() {
            doc.warn(
                "ENTITIES_VALUE_OUT_OF_RANGE",
                format!(
                    "{} date or number value(s) fell outside what ISO 8601 dates (years 0001 to 9999) or finite numbers can write, such as {:?}; those mentions carry no normalized_value",
                    out_of_range.len(),
                    first.slice(&doc.text).chars().take(40).collect::<String>()
                ),
            );
        }
        if interrupt.should_stop() {
            return ControlFlow::Break(());
        }
        doc.entities = group(&doc.text, mentions, &doc.segments);
        doc.tokens = doc
            .segments
            .iter()
            .zip(sentences)
            .map(|(segment, tokens)| {
                (!matches!(segment.kind, SegmentKind::Link | SegmentKind::Other)).then_some(tokens)
            })
            .collect();
        ControlFlow::Continue(())
    }
}

/// Whether the tagger's mention `start..end` of `tokens` is a name in
/// guillemets as a whole: `«`, words, `»` and nothing else. Russian writes
/// organisations so after their generic noun (`клуба «Спартак»`, `компания
/// «Газпром»`), and then the marks are part of the name as written; the
/// tagger learned when from its training data, which marks them so. Other
/// bare punctuation at a name's edge, straight and curly quotes included,
/// is trimmed (keeping those lost in every CoNLL-2002 Spanish fold:
/// docs/entities.md).
fn quoted_whole(text: &str, tokens: &[crate::tokenize::Token], start: usize, end: usize) -> bool {
    end >= start + 3
        && matches!((tokens[start].text(text), tokens[end - 1].text(text)), ("«", "»"))
        && tokens[start + 1..end - 1]
            .iter()
            .all(|t| !matches!(t.text(text), "«" | "»"))
}

#[cfg(test)]
mod tests {
    use super::quoted_whole;
    use crate::document::Span;
    use crate::tokenize::tokenize;

    #[test]
    fn only_a_name_wrapped_whole_in_one_pair_of_guillemets_keeps_them() {
        let wrapped = |text: &str| {
            let tokens = tokenize(text, Span::new(0, text.len()));
            quoted_whole(text, &tokens, 0, tokens.len())
        };
        assert!(wrapped("«Спартак»"));
        assert!(wrapped("«Манчестер Юнайтед»"));
        assert!(!wrapped("«Спартак"), "an opening mark alone");
        assert!(!wrapped("\"Spartak\""), "straight quotes are trimmed");
        assert!(!wrapped("«Спартак» и «Зенит»"), "two names, two pairs");
        assert!(!wrapped("«»"), "marks and no name");
    }
}
