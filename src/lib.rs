//! enrich: a gRPC service that enriches documents with their language,
//! sentences, named entities and a sentiment-neutral summary.
//!
//! The NLP core lives in its own crate, [`enrich_nlp`] (no gRPC in it): one
//! [`enrich_nlp::Document`] (text plus byte-offset spans) flows through the
//! [`enrich_nlp::Pipeline`]'s stages. This crate puts it on the wire. A map:
//!
//! - [`api`]: the gRPC edge. Request validation, proto ⇄ domain mapping,
//!   error ⇄ status mapping and offset units live here and only here; the
//!   worker pool that runs documents in queue order.
//! - [`server`]: serving the API with health, reflection, compression and
//!   limits, and JSON over HTTP on the same port (each JSON request is
//!   transcoded into its gRPC call); [`server::shutdown`] makes draining
//!   explicit.
//! - [`json`]: responses as proto JSON, for `enrich annotate` and tests.
//! - [`telemetry`]: logs (one access-log line per call) and Prometheus
//!   metrics.
//! - [`proto`]: code generated from `proto/` by `build.rs`, and the codec
//!   it uses (answers encoded into exactly sized buffers).

pub mod api;
pub mod json;
pub mod proto;
pub mod server;
pub mod telemetry;
