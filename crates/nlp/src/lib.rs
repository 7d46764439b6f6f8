//! enrich-nlp: the NLP core of enrich, a library with no gRPC in it.
//!
//! One [`Document`] (text plus spans over it) flows through stages that each
//! read it and add to it:
//!
//! | stage | module | adds |
//! |---|---|---|
//! | language | [`language`] | `Document::language` (and per-segment languages) |
//! | sentences | [`segment`] | `Document::segments` |
//! | entities | [`entities`] (+ [`ner`] models) | `Document::entities` |
//! | summary | [`summary`] | `Document::summary` |
//!
//! [`Pipeline`] (made by [`Pipeline::builder`]) runs them in order, only
//! those a request needs, and can stop between stages. Every span is in UTF-8
//! bytes ([`document`] explains why). Models and lexicons are embedded from
//! `assets/`; training and evaluation live in the `enrich-lab` crate, which
//! reaches the internals it needs through the `lab` feature.

pub mod document;
pub mod entities;
pub mod language;
pub mod ner;
pub mod pipeline;
pub mod segment;
pub mod summary;
pub mod tokenize;

pub use document::{
    DetectedLanguage, Document, Entity, EntityType, LanguageGuess, Segment, SegmentKind, Span, Warning,
};
pub use pipeline::{
    Features, Interrupt, Options, Pipeline, PipelineBuilder, RunToEnd, Stage, StageTimings, Stopped, MODEL_VERSION,
};
pub use summary::SummaryOptions;

/// The internals training and evaluation need: feature extraction, the
/// perceptron's parts and the summary's scorers. Only for `enrich-lab`; not
/// a stable API.
#[cfg(feature = "lab")]
pub mod lab {
    pub use crate::language::ngram::encode as encode_language_model;
    pub use crate::ner::clusters::{WordClusters, LEVELS as CLUSTER_LEVELS};
    pub use crate::ner::features::{
        sentence_features, CommonWords, DocumentContext, PredictionHistory, Resources, SentenceWords,
    };
    pub use crate::ner::gazetteer::{Gazetteer, SURNAME};
    pub use crate::ner::hash::string_hash;
    pub use crate::ner::model::RawWeights;
    pub use crate::ner::skeleton::skeleton;
    pub use crate::ner::tags::{spans, tag, TAGS};
    pub use crate::ner::token::TokenView;
    pub use crate::ner::viterbi::viterbi;
    pub use crate::summary::centrality::{graph_rank, textrank, TfIdf};
    pub use crate::summary::content::{ContentModel, Features as ContentFeatures, FEATURES as CONTENT_FEATURES};
    pub use crate::summary::content_features;
    pub use crate::summary::neutrality::lexicon::{pattern_evidence, polarity_evidence};
    pub use crate::summary::neutrality::{NeutralityScorer, Share};
    pub use crate::tokenize::tokenize;
    pub use crate::Span;
}
