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

/// What a call's handler wrote in its access-log line, shared between the
/// observing layer (which puts it in the request's extensions) and the
/// handler. The layer logs calls that never reached a handler, and puts the
/// handler's details in the call's span.
#[derive(Clone, Default)]
pub struct AccessLogged(pub std::sync::Arc<std::sync::OnceLock<LoggedCall>>);

/// The parts of an access-log line only the handler knows.
#[derive(Debug, Default)]
pub struct LoggedCall {
    pub document_ids: String,
    pub bytes: usize,
}

/// One access-log line: what was called, for which documents, how big, how
/// long, how it ended, and in which trace. Never the text.
pub fn access(
    method: &str,
    document_ids: &str,
    bytes: usize,
    duration: std::time::Duration,
    code: tonic::Code,
    trace_id: &str,
) {
    tracing::info!(
        target: "enrich::access",
        method,
        document_id = document_ids,
        bytes,
        duration_ms = duration.as_secs_f64() * 1e3,
        status = ?code,
        trace_id,
        "call"
    );
}

/// Calls that never reached a handler (reset streams, made-up methods,
/// requests cancelled while sent) get at most this many access-log lines a
/// second; the rest are counted and reported in one line. A rapid-reset
/// flood once wrote 113 MB of log in ten seconds.
pub const MAX_UNHANDLED_LINES_PER_SECOND: u32 = 20;

/// What to do with one unhandled call's line.
#[derive(Debug, PartialEq, Eq)]
pub enum FloodDecision {
    Log,
    /// Log it, after one line saying how many were left out before.
    LogAfterSuppressed(u64),
    Suppress,
}

/// Counts unhandled-call lines per one-second window.
#[derive(Debug)]
pub struct FloodGate {
    window: std::time::Instant,
    lines: u32,
    suppressed: u64,
}

impl FloodGate {
    pub fn new(now: std::time::Instant) -> Self {
        FloodGate {
            window: now,
            lines: 0,
            suppressed: 0,
        }
    }

    pub fn decide(&mut self, now: std::time::Instant) -> FloodDecision {
        if now.duration_since(self.window) >= std::time::Duration::from_secs(1) {
            self.window = now;
            self.lines = 0;
        }
        if self.lines >= MAX_UNHANDLED_LINES_PER_SECOND {
            self.suppressed += 1;
            return FloodDecision::Suppress;
        }
        self.lines += 1;
        match std::mem::take(&mut self.suppressed) {
            0 => FloodDecision::Log,
            n => FloodDecision::LogAfterSuppressed(n),
        }
    }
}

/// The access-log line of a call no handler logged, rate-limited by one
/// [`FloodGate`] for the process.
pub fn access_unhandled(method: &str, duration: std::time::Duration, code: tonic::Code, trace_id: &str) {
    static GATE: std::sync::OnceLock<std::sync::Mutex<FloodGate>> = std::sync::OnceLock::new();
    let gate = GATE.get_or_init(|| std::sync::Mutex::new(FloodGate::new(std::time::Instant::now())));
    let decision = match gate.lock() {
        Ok(mut gate) => gate.decide(std::time::Instant::now()),
        Err(_) => FloodDecision::Log,
    };
    match decision {
        FloodDecision::Suppress => {}
        FloodDecision::Log => access(method, "", 0, duration, code, trace_id),
        FloodDecision::LogAfterSuppressed(suppressed) => {
            tracing::warn!(
                target: "enrich::access",
                suppressed,
                "calls that reached no handler were not logged one by one (more than {MAX_UNHANDLED_LINES_PER_SECOND} a second)"
            );
            access(method, "", 0, duration, code, trace_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_flood_of_unhandled_calls_logs_a_bounded_number_of_lines_and_counts_the_rest() {
        let start = Instant::now();
        let mut gate = FloodGate::new(start);
        let logged = (0..1000)
            .filter(|_| gate.decide(start + Duration::from_millis(500)) != FloodDecision::Suppress)
            .count();
        assert_eq!(logged, MAX_UNHANDLED_LINES_PER_SECOND as usize);
        assert_eq!(
            gate.decide(start + Duration::from_millis(1600)),
            FloodDecision::LogAfterSuppressed(1000 - u64::from(MAX_UNHANDLED_LINES_PER_SECOND))
        );
        assert_eq!(gate.decide(start + Duration::from_millis(1700)), FloodDecision::Log);
    }
}
