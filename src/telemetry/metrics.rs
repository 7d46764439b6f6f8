//! Prometheus metrics: names, buckets, and the exporter.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `grpc_server_started_total` | counter | `grpc_service`, `grpc_method` |
//! | `grpc_server_handled_total` | counter | `grpc_service`, `grpc_method`, `grpc_code` |
//! | `grpc_server_handling_seconds` | histogram | `grpc_service`, `grpc_method` |
//! | `grpc_server_in_flight_requests` | gauge | |
//! | `enrich_documents_total` | counter | `outcome` (`ok`, `invalid`, `stopped`) |
//! | `enrich_document_bytes_total` | counter | |
//! | `enrich_stage_duration_seconds` | histogram | `stage` |
//! | `enrich_trace_spans_exported_total` | counter | |
//! | `enrich_trace_spans_dropped_total` | counter | `reason` (`queue_full`, `export_failed`, `rejected`) |
//!
//! `grpc_service` and `grpc_method` take only the services and methods the
//! server serves; any other path a client sends is counted under `unknown`
//! for both, so made-up paths cannot grow the number of series.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
use std::net::SocketAddr;

pub const STARTED: &str = "grpc_server_started_total";
pub const HANDLED: &str = "grpc_server_handled_total";
pub const HANDLING_SECONDS: &str = "grpc_server_handling_seconds";
pub const IN_FLIGHT: &str = "grpc_server_in_flight_requests";
pub const DOCUMENTS: &str = "enrich_documents_total";
pub const DOCUMENT_BYTES: &str = "enrich_document_bytes_total";
pub const STAGE_SECONDS: &str = "enrich_stage_duration_seconds";
pub const CONNECTIONS_REFUSED: &str = "enrich_connections_refused_total";
pub const CONNECTIONS_EVICTED: &str = "enrich_connections_evicted_total";
pub const ACCEPT_ERRORS: &str = "enrich_accept_errors_total";
pub const SPANS_EXPORTED: &str = "enrich_trace_spans_exported_total";
pub const SPANS_DROPPED: &str = "enrich_trace_spans_dropped_total";

/// Call latencies: 0.5 ms to 10 s.
const CALL_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Stage latencies: 10 µs to 1 s.
const STAGE_BUCKETS: &[f64] = &[
    0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0,
];

/// Serves `/metrics` on `listen` and installs the global recorder. Must run
/// inside a tokio runtime.
pub fn serve(listen: SocketAddr) -> anyhow::Result<()> {
    PrometheusBuilder::new()
        .with_http_listener(listen)
        .set_buckets_for_metric(Matcher::Full(HANDLING_SECONDS.into()), CALL_BUCKETS)?
        .set_buckets_for_metric(Matcher::Full(STAGE_SECONDS.into()), STAGE_BUCKETS)?
        .install()
        .map_err(|e| anyhow::anyhow!("cannot serve metrics on {listen}: {e}"))?;
    metrics::describe_counter!(STARTED, "RPCs started on the server.");
    metrics::describe_counter!(HANDLED, "RPCs completed on the server, by status code.");
    metrics::describe_histogram!(
        HANDLING_SECONDS,
        metrics::Unit::Seconds,
        "RPC latency until the status was sent."
    );
    metrics::describe_gauge!(IN_FLIGHT, "RPCs in progress.");
    metrics::describe_counter!(DOCUMENTS, "Documents processed, by outcome.");
    metrics::describe_counter!(
        CONNECTIONS_REFUSED,
        "Connections closed on arrival because the server held max_connections, each with a call on it."
    );
    metrics::describe_counter!(
        CONNECTIONS_EVICTED,
        "Idle connections closed to make room for a new one at max_connections."
    );
    metrics::describe_counter!(
        ACCEPT_ERRORS,
        "Failed accepts (such as running out of file descriptors); the accept loop backs off."
    );
    metrics::describe_counter!(DOCUMENT_BYTES, "Bytes of document text processed.");
    metrics::describe_counter!(SPANS_EXPORTED, "Spans the OTLP collector accepted.");
    metrics::describe_counter!(
        SPANS_DROPPED,
        "Spans not exported: the queue was full, the collector could not be reached, or it rejected them."
    );
    metrics::describe_histogram!(
        STAGE_SECONDS,
        metrics::Unit::Seconds,
        "Time per pipeline stage per document."
    );
    Ok(())
}
