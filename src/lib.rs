//! enrich: a gRPC service that enriches documents with their language,
//! sentences, named entities and a sentiment-neutral summary.
//!
//! A map of the crate:
//!
//! - [`nlp`]: the NLP core, a library with no gRPC in it. One
//!   [`nlp::Document`] (text plus byte-offset spans) flows through the
//!   [`nlp::Pipeline`]'s stages: language, sentences, entities, summary.
//! - [`api`]: the gRPC edge. Request validation, proto ⇄ domain mapping,
//!   error ⇄ status mapping and offset units live here and only here.
//! - [`server`]: serving the API with health, reflection, compression and
//!   limits; [`server::shutdown`] makes draining explicit.
//! - [`json`]: responses as proto JSON, for `enrich annotate`.
//! - [`loadgen`]: the gRPC load generator behind `enrich bench`.
//! - [`telemetry`]: logs (one access-log line per call) and Prometheus
//!   metrics.
//! - [`proto`]: code generated from `proto/` by `build.rs`.

pub mod api;
pub mod json;
pub mod loadgen;
pub mod nlp;
pub mod proto;
pub mod server;
pub mod telemetry;
