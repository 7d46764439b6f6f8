//! Logging: JSON lines for clusters, human-readable lines for terminals,
//! filtered by `RUST_LOG`; and the access log, one line per call.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line (for log collectors).
    Json,
    /// Human-readable, for terminals.
    Pretty,
    /// JSON unless standard error is a terminal.
    Auto,
}

/// Installs the global subscriber. `RUST_LOG` sets the level (default
/// `info`).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = match format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = if json {
        builder.json().flatten_event(true).with_current_span(false).try_init()
    } else {
        builder.try_init()
    };
    if let Err(e) = result {
        eprintln!("logging was already set up: {e}");
    }
}

/// Whether a call's access-log line was written by its handler, shared
/// between the observing layer (which puts it in the request's extensions)
/// and the handler. The layer logs calls that never reached a handler.
#[derive(Clone, Default)]
pub struct AccessLogged(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

/// One access-log line: what was called, for which documents, how big, how
/// long, and how it ended. Never the text.
pub fn access(method: &str, document_ids: &str, bytes: usize, duration: std::time::Duration, code: tonic::Code) {
    tracing::info!(
        target: "enrich::access",
        method,
        document_id = document_ids,
        bytes,
        duration_ms = duration.as_secs_f64() * 1e3,
        status = ?code,
        "call"
    );
}
