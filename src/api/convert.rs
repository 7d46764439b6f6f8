//! Proto to domain and back: request validation, options, and the response
//! with every span converted to the caller's unit. All mapping between the
//! wire types and the NLP core lives here.

use super::errors::{ApiError, Violation};
use super::offsets::{OffsetMap, Unit};
use super::Limits;
use crate::proto::enrich::v1 as pb;
use enrich_nlp::entities::calendar::CivilDate;
use enrich_nlp::entities::dictionary::{self, EntityDictionary};
use enrich_nlp::entities::EntityOptions;
use enrich_nlp::{language, Document, Features, Options, SegmentKind, SummaryOptions};
use std::sync::Arc;

/// Largest `summary_options.max_sentences` a request may ask for.
pub const MAX_SUMMARY_SENTENCES: i32 = 100;

/// Longest document id, in bytes: ids are echoed and logged, so they are
/// kept to the size of a key.
pub const MAX_ID_BYTES: usize = 256;

/// Most codes in a document's `expected_languages` (more than the detector
/// knows languages).
pub const MAX_EXPECTED_LANGUAGES: usize = 100;

/// An id cut to [`MAX_ID_BYTES`] on a character boundary, for logs.
pub fn loggable_id(id: &str) -> &str {
    let mut cut = id.len().min(MAX_ID_BYTES);
    while !id.is_char_boundary(cut) {
        cut -= 1;
    }
    &id[..cut]
}

/// Most dictionary terms one request may carry (a larger dictionary belongs
/// in the server's `--entity-dictionary` file).
pub const MAX_REQUEST_TERMS: usize = 10_000;

/// What a request asks for, validated.
#[derive(Debug, Clone)]
pub struct Job {
    pub options: Options,
    pub unit: pb::OffsetUnit,
}

/// A validated document: its id, text, and the job to run on it.
#[derive(Debug, Clone)]
pub struct DocumentJob {
    pub id: String,
    pub text: String,
    pub options: Options,
    pub unit: pb::OffsetUnit,
    /// Warnings found while validating (an unsupported language hint).
    pub warnings: Vec<enrich_nlp::Warning>,
}

/// Validates the options shared by Enrich and EnrichBatch.
pub fn job(
    features: &[i32],
    offset_unit: i32,
    summary: Option<&pb::SummaryOptions>,
    entities: Option<&pb::EntityOptions>,
    violations: &mut Vec<Violation>,
) -> Job {
    let mut wanted = Features::NONE;
    for (i, &f) in features.iter().enumerate() {
        match pb::Feature::try_from(f) {
            Ok(pb::Feature::Unspecified) => {}
            Ok(pb::Feature::Language) => wanted.language = true,
            Ok(pb::Feature::Sentences) => wanted.sentences = true,
            Ok(pb::Feature::Entities) => wanted.entities = true,
            Ok(pb::Feature::Summary) => wanted.summary = true,
            Err(_) => violations.push(Violation::new(
                format!("features[{i}]"),
                format!(
                    "unknown feature {f}; use FEATURE_LANGUAGE, FEATURE_SENTENCES, FEATURE_ENTITIES or FEATURE_SUMMARY"
                ),
            )),
        }
    }
    if wanted == Features::NONE {
        wanted = Features::ALL;
    }
    let unit = match pb::OffsetUnit::try_from(offset_unit) {
        Ok(pb::OffsetUnit::Unspecified) => pb::OffsetUnit::CodePoint,
        Ok(u) => u,
        Err(_) => {
            violations.push(Violation::new(
                "offset_unit",
                format!("unknown offset unit {offset_unit}; use OFFSET_UNIT_CODE_POINT, OFFSET_UNIT_UTF8_BYTE or OFFSET_UNIT_UTF16_CODE_UNIT"),
            ));
            pb::OffsetUnit::CodePoint
        }
    };
    let defaults = SummaryOptions::default();
    let mut summary_options = defaults.clone();
    if let Some(s) = summary {
        if let Some(n) = s.max_sentences {
            if !(1..=MAX_SUMMARY_SENTENCES).contains(&n) {
                violations.push(Violation::new(
                    "summary_options.max_sentences",
                    format!(
                        "is {n}; must be from 1 to {MAX_SUMMARY_SENTENCES} (leave it unset for {})",
                        defaults.max_sentences
                    ),
                ));
            } else {
                summary_options.max_sentences = n as usize;
            }
        }
        if let Some(c) = s.max_characters {
            if c < 1 {
                violations.push(Violation::new(
                    "summary_options.max_characters",
                    format!("is {c}; must be at least 1 (leave it unset for no character budget)"),
                ));
            } else {
                summary_options.max_characters = Some(c as usize);
            }
        }
        if let Some(w) = s.neutrality_weight {
            if !(0.0..=1.0).contains(&w) {
                violations.push(Violation::new(
                    "summary_options.neutrality_weight",
                    format!(
                        "is {w}; must be from 0 (plain extractive summary) to 1 (leave it unset for {})",
                        defaults.neutrality_weight
                    ),
                ));
            } else {
                summary_options.neutrality_weight = w;
            }
        }
    }
    Job {
        options: Options {
            features: wanted,
            language: enrich_nlp::language::LanguageOptions::default(),
            entities: EntityOptions {
                reference_date: None,
                dictionary: entities.and_then(|e| request_dictionary(&e.dictionary, violations)),
                ..EntityOptions::default()
            },
            summary: summary_options,
        },
        unit,
    }
}

/// The request's own dictionary, validated; None when it has no terms or a
/// term is invalid (each problem is added to `violations`).
fn request_dictionary(
    entries: &[pb::DictionaryEntry],
    violations: &mut Vec<Violation>,
) -> Option<Arc<EntityDictionary>> {
    if entries.is_empty() {
        return None;
    }
    if entries.len() > MAX_REQUEST_TERMS {
        violations.push(Violation::new(
            "entity_options.dictionary",
            format!(
                "has {} terms, over the limit of {MAX_REQUEST_TERMS}; put a large dictionary in the server's --entity-dictionary file",
                entries.len()
            ),
        ));
        return None;
    }
    let before = violations.len();
    let mut terms = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        if entry.text.trim().is_empty() {
            violations.push(Violation::new(
                format!("entity_options.dictionary[{i}].text"),
                "is empty; give the term as it appears in text",
            ));
        } else if entry.text.trim().len() > dictionary::MAX_TERM_BYTES {
            violations.push(Violation::new(
                format!("entity_options.dictionary[{i}].text"),
                format!(
                    "is {} bytes, over the limit of {} bytes",
                    entry.text.trim().len(),
                    dictionary::MAX_TERM_BYTES
                ),
            ));
        }
        let Some(entity_type) = pb::EntityType::try_from(entry.r#type).ok().and_then(domain_entity_type) else {
            violations.push(Violation::new(
                format!("entity_options.dictionary[{i}].type"),
                format!(
                    "is {}; set ENTITY_TYPE_PERSON, ENTITY_TYPE_ORGANIZATION, ENTITY_TYPE_LOCATION or ENTITY_TYPE_MISC",
                    entry.r#type
                ),
            ));
            continue;
        };
        terms.push((entry.text.clone(), entity_type));
    }
    if violations.len() > before {
        return None;
    }
    match EntityDictionary::new(&terms) {
        Ok(d) => Some(Arc::new(d)),
        Err(e) => {
            violations.push(Violation::new("entity_options.dictionary", e.to_string()));
            None
        }
    }
}

/// Validates one document against the limits; `field` is its path in the
/// request (`document` or `documents[3]`).
pub fn document(doc: pb::Document, field: &str, job: &Job, limits: &Limits) -> Result<DocumentJob, ApiError> {
    let mut violations = Vec::new();
    let mut warnings = Vec::new();
    if doc.id.len() > MAX_ID_BYTES {
        violations.push(Violation::new(
            format!("{field}.id"),
            format!(
                "is {} bytes, over the limit of {MAX_ID_BYTES} bytes; use a shorter key",
                doc.id.len()
            ),
        ));
    }
    if doc.text.len() > limits.max_document_bytes {
        violations.push(Violation::new(
            format!("{field}.text"),
            format!(
                "is {} bytes, over the limit of {} bytes; split the document into smaller ones",
                doc.text.len(),
                limits.max_document_bytes
            ),
        ));
    } else if doc
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        violations.push(Violation::new(
            format!("{field}.text"),
            if doc.text.is_empty() {
                "is empty; send the text to enrich".to_string()
            } else {
                "holds only white space; send text with at least one visible character".to_string()
            },
        ));
    }
    let mut options = job.options.clone();
    if !doc.language_hint.is_empty() {
        match language::parse_language_hint(&doc.language_hint) {
            Ok(lang) => options.language.hint = Some(lang),
            Err(language::HintError::Malformed) => violations.push(Violation::new(
                format!("{field}.language_hint"),
                format!(
                    "{:?} is not a language code; use ISO 639-1 (\"en\"), ISO 639-3 (\"eng\") or a BCP 47 tag (\"en-GB\"), or leave it empty",
                    truncate(&doc.language_hint, 40)
                ),
            )),
            Err(language::HintError::Unsupported) => warnings.push(enrich_nlp::Warning {
                code: "LANGUAGE_HINT_UNSUPPORTED",
                message: format!(
                    "language_hint {:?} names no language the detector supports; it was ignored (GetInfo lists the supported languages)",
                    truncate(&doc.language_hint, 40)
                ),
            }),
        }
    }
    if doc.expected_languages.len() > MAX_EXPECTED_LANGUAGES {
        violations.push(Violation::new(
            format!("{field}.expected_languages"),
            format!(
                "lists {} codes, over the limit of {MAX_EXPECTED_LANGUAGES}; list the languages you expect, not every language",
                doc.expected_languages.len()
            ),
        ));
    }
    for (i, code) in doc.expected_languages.iter().take(MAX_EXPECTED_LANGUAGES).enumerate() {
        match language::parse_language_hint(code) {
            Ok(lang) if !options.language.expected.contains(&lang) => options.language.expected.push(lang),
            Ok(_) => {}
            Err(error) => violations.push(Violation::new(
                format!("{field}.expected_languages[{i}]"),
                match error {
                    language::HintError::Malformed => format!(
                        "{:?} is not a language code; use ISO 639-1 (\"en\"), ISO 639-3 (\"eng\") or a BCP 47 tag (\"en-GB\")",
                        truncate(code, 40)
                    ),
                    language::HintError::Unsupported => format!(
                        "{:?} names no language the detector supports; GetInfo lists them under FEATURE_LANGUAGE",
                        truncate(code, 40)
                    ),
                },
            )),
        }
    }
    options.language.only_expected = doc.expected_languages_only;
    if doc.expected_languages_only && doc.expected_languages.is_empty() {
        violations.push(Violation::new(
            format!("{field}.expected_languages_only"),
            "is set but expected_languages is empty; list the languages to pick from, or leave it unset",
        ));
    }
    if !doc.reference_date.is_empty() {
        match CivilDate::parse_iso(doc.reference_date.trim()) {
            Some(date) => options.entities.reference_date = Some(date),
            None => violations.push(Violation::new(
                format!("{field}.reference_date"),
                format!(
                    "{:?} is not a date; use YYYY-MM-DD, such as \"2019-11-25\", or leave it empty",
                    truncate(&doc.reference_date, 40)
                ),
            )),
        }
    }
    if !violations.is_empty() {
        return Err(ApiError::InvalidArgument(violations));
    }
    Ok(DocumentJob {
        id: doc.id,
        text: doc.text,
        options,
        unit: job.unit,
        warnings,
    })
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Validates a whole Enrich request.
pub fn enrich_request(req: pb::EnrichRequest, limits: &Limits) -> Result<DocumentJob, ApiError> {
    let mut violations = Vec::new();
    let job = job(
        &req.features,
        req.offset_unit,
        req.summary_options.as_ref(),
        req.entity_options.as_ref(),
        &mut violations,
    );
    let Some(doc) = req.document else {
        violations.push(Violation::new("document", "is missing; send a document with its text"));
        return Err(ApiError::InvalidArgument(violations));
    };
    match document(doc, "document", &job, limits) {
        Ok(d) if violations.is_empty() => Ok(d),
        Ok(_) => Err(ApiError::InvalidArgument(violations)),
        Err(ApiError::InvalidArgument(more)) => {
            violations.extend(more);
            Err(ApiError::InvalidArgument(violations))
        }
        Err(e) => Err(e),
    }
}

/// A validated EnrichBatch request: each document validated on its own, so
/// one bad document fails only itself; the request as a whole fails on bad
/// options, an empty or oversized batch, or repeated ids.
pub type BatchJobs = Vec<(String, Result<DocumentJob, ApiError>)>;

/// Validates a whole EnrichBatch request.
pub fn batch_request(req: pb::EnrichBatchRequest, limits: &Limits) -> Result<BatchJobs, ApiError> {
    let mut violations = Vec::new();
    let job = job(
        &req.features,
        req.offset_unit,
        req.summary_options.as_ref(),
        req.entity_options.as_ref(),
        &mut violations,
    );
    if req.documents.is_empty() {
        violations.push(Violation::new("documents", "is empty; send at least one document"));
    }
    if req.documents.len() > limits.max_batch_documents {
        violations.push(Violation::new(
            "documents",
            format!(
                "holds {} documents, over the limit of {}; split the batch",
                req.documents.len(),
                limits.max_batch_documents
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, d) in req.documents.iter().enumerate() {
        if !d.id.is_empty() && !seen.insert(d.id.as_str()) {
            violations.push(Violation::new(
                format!("documents[{i}].id"),
                format!(
                    "{:?} is used by an earlier document; give each document a unique id (or none)",
                    d.id
                ),
            ));
        }
    }
    if !violations.is_empty() {
        return Err(ApiError::InvalidArgument(violations));
    }
    Ok(req
        .documents
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), document(d, &format!("documents[{i}]"), &job, limits)))
        .collect())
}

fn offset_unit(unit: pb::OffsetUnit) -> Unit {
    match unit {
        pb::OffsetUnit::Utf8Byte => Unit::Utf8Byte,
        pb::OffsetUnit::Utf16CodeUnit => Unit::Utf16CodeUnit,
        pb::OffsetUnit::CodePoint | pb::OffsetUnit::Unspecified => Unit::CodePoint,
    }
}

fn segment_kind(kind: SegmentKind) -> pb::SegmentKind {
    match kind {
        SegmentKind::Sentence => pb::SegmentKind::Sentence,
        SegmentKind::Heading => pb::SegmentKind::Heading,
        SegmentKind::Byline => pb::SegmentKind::Byline,
        SegmentKind::ListItem => pb::SegmentKind::ListItem,
        SegmentKind::Link => pb::SegmentKind::Link,
        SegmentKind::Other => pb::SegmentKind::Other,
    }
}

/// The domain type of a proto entity type; None for UNSPECIFIED.
fn domain_entity_type(t: pb::EntityType) -> Option<enrich_nlp::EntityType> {
    enrich_nlp::EntityType::ALL.into_iter().find(|&d| entity_type(d) == t)
}

pub fn entity_type(t: enrich_nlp::EntityType) -> pb::EntityType {
    match t {
        enrich_nlp::EntityType::Person => pb::EntityType::Person,
        enrich_nlp::EntityType::Organization => pb::EntityType::Organization,
        enrich_nlp::EntityType::Location => pb::EntityType::Location,
        enrich_nlp::EntityType::Misc => pb::EntityType::Misc,
        enrich_nlp::EntityType::Date => pb::EntityType::Date,
        enrich_nlp::EntityType::Time => pb::EntityType::Time,
        enrich_nlp::EntityType::Money => pb::EntityType::Money,
        enrich_nlp::EntityType::Percent => pb::EntityType::Percent,
        enrich_nlp::EntityType::Number => pb::EntityType::Number,
    }
}

/// The response for an enriched document, with only the features asked for
/// and every span in the caller's unit.
pub fn response(id: String, doc: &Document, features: Features, unit: pb::OffsetUnit) -> pb::EnrichResponse {
    let map = OffsetMap::new(&doc.text, offset_unit(unit));
    let span = |s: enrich_nlp::Span| {
        let (start, end) = map.span(s);
        Some(pb::Span { start, end })
    };
    let language = features.language.then(|| match &doc.language {
        Some(d) => pb::Language {
            code: d.lang.map_or("und", language::iso_code).to_string(),
            name: d.lang.map_or("Undetermined", |l| l.eng_name()).to_string(),
            script: d.script.clone(),
            confidence: d.confidence,
            reliable: d.reliable,
            alternatives: d
                .alternatives
                .iter()
                .map(|a| pb::LanguageGuess {
                    code: language::iso_code(a.lang).to_string(),
                    name: a.lang.eng_name().to_string(),
                    confidence: a.confidence,
                })
                .collect(),
        },
        None => pb::Language::default(),
    });
    let sentences = if features.sentences {
        doc.segments
            .iter()
            .map(|s| pb::Sentence {
                span: span(s.span),
                text: doc.slice(s.span).to_string(),
                kind: segment_kind(s.kind) as i32,
                language: s
                    .language
                    .map(|l| language::iso_code(l).to_string())
                    .unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let entities = if features.entities {
        doc.entities
            .iter()
            .map(|e| pb::Entity {
                name: e.name.clone(),
                r#type: entity_type(e.entity_type) as i32,
                salience: e.salience,
                confidence: e.confidence,
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| pb::Mention {
                        span: span(m.span),
                        text: doc.slice(m.span).to_string(),
                        confidence: m.confidence,
                    })
                    .collect(),
                normalized_value: e.normalized_value.clone().unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let summary = if features.summary {
        doc.summary.as_ref().map(|s| {
            let chosen: Vec<pb::SummarySentence> = s
                .sentences
                .iter()
                .map(|c| {
                    let seg = doc.segments[c.segment_index].span;
                    pb::SummarySentence {
                        sentence_index: c.segment_index as u32,
                        span: span(seg),
                        text: doc.slice(seg).to_string(),
                        score: c.score,
                        neutrality: c.neutrality,
                    }
                })
                .collect();
            let text = chosen
                .iter()
                .map(|c| c.text.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(" ");
            pb::Summary {
                sentences: chosen,
                text,
                summary_loadedness: s.summary_loadedness,
                document_loadedness: s.document_loadedness,
            }
        })
    } else {
        None
    };
    let warnings = doc
        .warnings
        .iter()
        .filter(|w| warning_concerns(w.code, features))
        .map(|w| pb::Warning {
            code: w.code.to_string(),
            message: w.message.clone(),
        })
        .collect();
    pb::EnrichResponse {
        id,
        language,
        sentences,
        entities,
        summary,
        offset_unit: unit as i32,
        model_version: enrich_nlp::MODEL_VERSION.to_string(),
        warnings,
    }
}

/// What a response occupies in memory while it waits for its reader: its
/// vectors and strings, each allocation with the allocator's own overhead.
/// Several times its encoded size (a mention's text is a separate string),
/// so admission charges this, not `encoded_len`, for answers held back.
pub fn response_heap_bytes(r: &pb::EnrichResponse) -> usize {
    use std::mem::size_of;
    /// Bookkeeping and rounding per heap allocation (glibc: 16 bytes).
    const PER_ALLOCATION: usize = 16;
    let allocation = |bytes: usize| if bytes == 0 { 0 } else { bytes + PER_ALLOCATION };
    let string = |s: &String| allocation(s.capacity());
    let vec = |capacity: usize, item: usize| allocation(capacity * item);
    let mut bytes = size_of::<pb::EnrichResponse>() + string(&r.id) + string(&r.model_version);
    bytes += vec(r.sentences.capacity(), size_of::<pb::Sentence>());
    bytes += r
        .sentences
        .iter()
        .map(|s| string(&s.text) + string(&s.language))
        .sum::<usize>();
    bytes += vec(r.entities.capacity(), size_of::<pb::Entity>());
    for e in &r.entities {
        bytes += string(&e.name) + string(&e.normalized_value);
        bytes += vec(e.mentions.capacity(), size_of::<pb::Mention>());
        bytes += e.mentions.iter().map(|m| string(&m.text)).sum::<usize>();
    }
    if let Some(summary) = &r.summary {
        bytes += string(&summary.text) + vec(summary.sentences.capacity(), size_of::<pb::SummarySentence>());
        bytes += summary.sentences.iter().map(|s| string(&s.text)).sum::<usize>();
    }
    bytes += vec(r.warnings.capacity(), size_of::<pb::Warning>());
    bytes += r
        .warnings
        .iter()
        .map(|w| string(&w.code) + string(&w.message))
        .sum::<usize>();
    bytes
}

/// Warnings from stages the caller did not ask for are noise, except the
/// language ones, which explain every other stage's choices.
fn warning_concerns(code: &str, features: Features) -> bool {
    if code.starts_with("ENTITIES_") {
        features.entities
    } else if code.starts_with("SUMMARY_") {
        features.summary
    } else {
        true
    }
}
