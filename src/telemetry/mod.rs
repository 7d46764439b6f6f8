//! Logs and metrics.
//!
//! - [`logging`]: JSON lines for clusters, readable lines for terminals;
//!   one access-log line per call (method, document ids, bytes, duration,
//!   status; never the text).
//! - [`metrics`]: Prometheus metrics on their own port, under the names
//!   `go-grpc-prometheus` made usual, plus the pipeline's own.

pub mod logging;
pub mod metrics;

pub use logging::{init, LogFormat};
