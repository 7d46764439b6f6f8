//! W3C trace context: the `traceparent` and `tracestate` a caller sends in
//! its request metadata (or HTTP headers). The call's access-log line carries
//! the trace id, and when span export is on ([`otlp`](super::otlp)) the
//! call's span is a child of the caller's. A call that arrives without a
//! valid `traceparent` starts a fresh trace, so its lines still correlate.
//! <https://www.w3.org/TR/trace-context/>

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use tonic::codegen::http::HeaderMap;

/// The `sampled` bit of the trace flags.
pub const SAMPLED: u8 = 0x01;

/// The most of a `tracestate` kept: the specification lets a vendor drop
/// what is longer than 512 characters.
const MAX_TRACE_STATE: usize = 512;

/// A call's place in a distributed trace, kept in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceContext {
    /// Never all zero.
    pub trace_id: [u8; 16],
    /// The caller's span, when the call came with a valid `traceparent`.
    pub parent_span_id: Option<[u8; 8]>,
    /// The span of this call on this server: fresh for every call.
    pub span_id: [u8; 8],
    /// The caller's trace flags (bit 0: the caller records this trace).
    pub flags: u8,
    /// The caller's `tracestate`, passed on unread.
    pub trace_state: String,
    /// Whether this call's spans are exported: set by the observing layer
    /// from the sampler, false when export is off.
    pub recorded: bool,
}

impl TraceContext {
    /// The context in `traceparent`, or a fresh root when it is missing or
    /// malformed (the specification says to start a new trace then).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let parent = headers.get("traceparent").and_then(|v| v.to_str().ok()).and_then(parse);
        let Some((trace_id, parent_span_id, flags)) = parent else {
            return Self::root();
        };
        // Several `tracestate` headers are one list, in order.
        let mut trace_state = headers
            .get_all("tracestate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        if trace_state.len() > MAX_TRACE_STATE {
            trace_state.clear();
        }
        TraceContext {
            trace_id,
            parent_span_id: Some(parent_span_id),
            span_id: fresh_span_id(),
            flags,
            trace_state,
            recorded: false,
        }
    }

    fn root() -> Self {
        let mut trace_id = [0u8; 16];
        trace_id[..8].copy_from_slice(&random_u64().to_be_bytes());
        trace_id[8..].copy_from_slice(&(random_u64() | 1).to_be_bytes());
        TraceContext {
            trace_id,
            parent_span_id: None,
            span_id: fresh_span_id(),
            flags: 0,
            trace_state: String::new(),
            recorded: false,
        }
    }

    /// The trace id as the access log and `traceparent` write it.
    pub fn trace_id_hex(&self) -> String {
        hex(&self.trace_id)
    }

    /// Whether the caller records this trace; `None` for a fresh root.
    pub fn sampled_by_caller(&self) -> Option<bool> {
        self.parent_span_id.map(|_| self.flags & SAMPLED != 0)
    }
}

pub(crate) fn fresh_span_id() -> [u8; 8] {
    (random_u64() | 1).to_be_bytes()
}

/// Lowercase hex, as W3C trace context writes ids.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Lowercase hex digits of exactly `N` bytes, not all zero.
fn id<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != 2 * N || !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    out.iter().any(|&b| b != 0).then_some(out)
}

/// `version-traceid-parentid-flags`, each lowercase hex. Version `ff` is
/// invalid; version `00` has exactly four fields, later versions may add
/// more after them.
fn parse(value: &str) -> Option<([u8; 16], [u8; 8], u8)> {
    let mut fields = value.trim().split('-');
    let (version, trace_id, parent_id, flags) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    let more = fields.next().is_some();
    let [version] = id::<1>(version).or((version == "00").then_some([0]))?;
    if version == 0xff || (version == 0 && more) {
        return None;
    }
    let flags = match flags {
        "00" => 0,
        other => id::<1>(other)?[0],
    };
    Some((id::<16>(trace_id)?, id::<8>(parent_id)?, flags))
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
    fn a_valid_traceparent_gives_the_callers_trace_parent_and_flags() {
        let context = with("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assert_eq!(context.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(
            context.parent_span_id.map(|p| hex(&p)).as_deref(),
            Some("00f067aa0ba902b7")
        );
        assert_eq!(context.sampled_by_caller(), Some(true));
        assert_ne!(Some(context.span_id), context.parent_span_id);
        // A later version may carry more fields.
        let later = with("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra");
        assert_eq!(later.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(later.sampled_by_caller(), Some(false));
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
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        ] {
            let context = with(bad);
            assert_ne!(context.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736", "{bad}");
            assert_eq!(context.parent_span_id, None, "{bad}");
            assert_eq!(context.sampled_by_caller(), None, "{bad}");
        }
    }

    #[test]
    fn tracestate_travels_with_a_valid_traceparent_only() {
        let mut headers = HeaderMap::new();
        headers.append("tracestate", HeaderValue::from_static("congo=t61rcWkgMzE"));
        headers.append("tracestate", HeaderValue::from_static("rojo=00f067aa0ba902b7"));
        assert_eq!(TraceContext::from_headers(&headers).trace_state, "");
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(
            TraceContext::from_headers(&headers).trace_state,
            "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"
        );
    }

    #[test]
    fn fresh_trace_and_span_ids_differ() {
        let a = TraceContext::from_headers(&HeaderMap::new());
        let b = TraceContext::from_headers(&HeaderMap::new());
        assert_ne!(a.trace_id, b.trace_id);
        assert_ne!(a.span_id, b.span_id);
        assert_eq!(a.trace_id_hex().len(), 32);
    }
}
