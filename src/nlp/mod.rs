//! The NLP core, a library with no gRPC in it.
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
//! [`Pipeline`] runs them in order, only those a request needs, and can stop
//! between stages. Every span is in UTF-8 bytes ([`document`] explains why).

pub mod document;
pub mod entities;
pub mod language;
pub mod ner;
pub mod pipeline;
pub mod scoring;
pub mod segment;
pub mod summary;
pub mod tokenize;

pub use document::{Document, Entity, EntityType, Segment, SegmentKind, Span, Warning};
pub use pipeline::{Features, Interrupt, Options, Pipeline, RunToEnd, Stage, StageTimings, Stopped, MODEL_VERSION};
pub use summary::SummaryOptions;
