//! Logs, metrics and traces.
//!
//! - [`logging`]: JSON lines for clusters, readable lines for terminals;
//!   one access-log line per call (method, document ids, bytes, duration,
//!   status; never the text).
//! - [`metrics`]: Prometheus metrics on their own port, under the names
//!   `go-grpc-prometheus` made usual, plus the pipeline's own.
//! - [`trace`]: the caller's W3C trace context, whose trace id goes in the
//!   access log.
//! - [`spans`]: the call's span and its pipeline stages' spans;
//!   [`otlp`] sends them to a collector when `OTEL_EXPORTER_OTLP_ENDPOINT`
//!   is set.

pub mod logging;
pub mod metrics;
pub mod otlp;
pub mod spans;
pub mod trace;

pub use logging::{init, LogFormat};
