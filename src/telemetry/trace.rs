//! W3C trace context: the `traceparent` a caller sends in its request
//! metadata (or HTTP headers), so that the call's access-log line carries the
//! caller's trace id and can be found from the caller's trace. A call that
//! arrives without a valid one gets a fresh trace id, so its lines still
//! correlate. <https://www.w3.org/TR/trace-context/>

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use tonic::codegen::http::HeaderMap;

/// A call's place in a distributed trace, kept in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceContext {
    /// 32 lowercase hex digits, never all zero.
    pub trace_id: String,
}

impl TraceContext {
    /// The context in `traceparent`, or a fresh root when it is missing or
    /// malformed (the specification says to start a new trace then).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        headers
            .get("traceparent")
            .and_then(|v| v.to_str().ok())
            .and_then(parse)
            .unwrap_or_else(Self::root)
    }

    fn root() -> Self {
        TraceContext {
            trace_id: format!("{:016x}{:016x}", random_u64(), random_u64() | 1),
        }
    }
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `version-traceid-parentid-flags`, each lowercase hex. Version `ff` is
/// invalid; version `00` has exactly four fields, later versions may add
/// more after them.
fn parse(value: &str) -> Option<TraceContext> {
    let mut fields = value.trim().split('-');
    let (version, trace_id, parent_id, flags) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    let more = fields.next().is_some();
    let valid = is_hex(version, 2)
        && version != "ff"
        && !(version == "00" && more)
        && is_hex(trace_id, 32)
        && trace_id.bytes().any(|b| b != b'0')
        && is_hex(parent_id, 16)
        && parent_id.bytes().any(|b| b != b'0')
        && is_hex(flags, 2);
    valid.then(|| TraceContext {
        trace_id: trace_id.to_string(),
    })
}

/// 64 random bits from the standard library's randomly keyed hasher: a
/// fresh key per call, mixed with a counter and the clock.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(now);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::codegen::http::HeaderValue;

    fn with(value: &str) -> TraceContext {
        let mut headers = HeaderMap::new();
        headers.insert("traceparent", HeaderValue::from_str(value).expect("header"));
        TraceContext::from_headers(&headers)
    }

    #[test]
    fn a_valid_traceparent_gives_the_callers_trace_id() {
        let context = with("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assert_eq!(context.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        // A later version may carry more fields.
        let later = with("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra");
        assert_eq!(later.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    #[test]
    fn a_malformed_traceparent_starts_a_fresh_trace() {
        for bad in [
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736",
        ] {
            let context = with(bad);
            assert!(
                is_hex(&context.trace_id, 32) && context.trace_id != "4bf92f3577b34da6a3ce929d0e0e4736",
                "{bad}"
            );
        }
    }

    #[test]
    fn fresh_trace_ids_differ() {
        let a = TraceContext::from_headers(&HeaderMap::new());
        let b = TraceContext::from_headers(&HeaderMap::new());
        assert_ne!(a.trace_id, b.trace_id);
        assert!(is_hex(&a.trace_id, 32));
    }
}
