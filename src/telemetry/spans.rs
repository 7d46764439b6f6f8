//! The spans a call records: one for the call, a child of the caller's span,
//! and under it one per pipeline stage each document went through. They
//! carry ids, sizes and outcomes, never the text. Attribute names follow the
//! OpenTelemetry RPC conventions where one exists (`rpc.*`), `enrich.*`
//! otherwise.

use crate::telemetry::trace::{fresh_span_id, TraceContext, SAMPLED};
use enrich_nlp::StageTimings;
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, KeyValue};
use opentelemetry_proto::tonic::trace::v1::{span::SpanKind, status::StatusCode, Span, SpanFlags, Status};
use std::time::{SystemTime, UNIX_EPOCH};

/// A string or integer attribute.
pub fn attribute(key: &str, value: impl Into<AttributeValue>) -> KeyValue {
    let value = match value.into() {
        AttributeValue::Text(s) => any_value::Value::StringValue(s),
        AttributeValue::Int(i) => any_value::Value::IntValue(i),
    };
    KeyValue {
        key: key.to_string(),
        value: Some(AnyValue { value: Some(value) }),
    }
}

pub enum AttributeValue {
    Text(String),
    Int(i64),
}

impl From<&str> for AttributeValue {
    fn from(s: &str) -> Self {
        AttributeValue::Text(s.to_string())
    }
}

impl From<i64> for AttributeValue {
    fn from(i: i64) -> Self {
        AttributeValue::Int(i)
    }
}

impl From<usize> for AttributeValue {
    fn from(i: usize) -> Self {
        AttributeValue::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

fn unix_nanos(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// The gRPC status name as the RPC conventions and the access log write it.
fn code_name(code: tonic::Code) -> String {
    format!("{code:?}")
}

/// A server span's status: an error for the codes the RPC conventions call
/// server errors; a client's mistake (INVALID_ARGUMENT, RESOURCE_EXHAUSTED)
/// is not the server failing.
fn server_status(code: tonic::Code) -> Option<Status> {
    use tonic::Code::*;
    matches!(
        code,
        Unknown | DeadlineExceeded | Unimplemented | Internal | Unavailable | DataLoss
    )
    .then(|| Status {
        code: StatusCode::Error as i32,
        message: code_name(code),
    })
}

/// What the handler knows of a call that the observing layer does not.
pub struct CallDetails<'a> {
    /// Comma-separated, as in the access log.
    pub document_ids: &'a str,
    pub bytes: usize,
}

/// The call's span: a server span, child of the caller's when there is one.
pub fn call_span(
    trace: &TraceContext,
    service: &str,
    method: &str,
    started: SystemTime,
    ended: SystemTime,
    code: tonic::Code,
    details: Option<CallDetails<'_>>,
) -> Span {
    let mut attributes = vec![
        attribute("rpc.system", "grpc"),
        attribute("rpc.service", service),
        attribute("rpc.method", method),
        attribute("rpc.grpc.status_code", code as i64),
    ];
    if let Some(details) = details {
        if !details.document_ids.is_empty() {
            attributes.push(attribute("enrich.document.ids", details.document_ids));
        }
        attributes.push(attribute("enrich.request.bytes", details.bytes));
    }
    let remote = if trace.parent_span_id.is_some() {
        SpanFlags::ContextIsRemoteMask as u32
    } else {
        0
    };
    Span {
        trace_id: trace.trace_id.to_vec(),
        span_id: trace.span_id.to_vec(),
        trace_state: trace.trace_state.clone(),
        parent_span_id: trace.parent_span_id.map(|p| p.to_vec()).unwrap_or_default(),
        flags: u32::from(SAMPLED) | SpanFlags::ContextHasIsRemoteMask as u32 | remote,
        name: format!("{service}/{method}"),
        kind: SpanKind::Server as i32,
        start_time_unix_nano: unix_nanos(started),
        end_time_unix_nano: unix_nanos(ended),
        attributes,
        status: server_status(code),
        ..Default::default()
    }
}

/// One document's stage spans, children of the call's span. The stages run
/// one after another from `started`, so each starts where the one before
/// ended. `status` is the document's outcome: a document stopped by its
/// deadline has spans for the stages it finished, marked with that status.
pub fn stage_spans(
    trace: &TraceContext,
    document_id: &str,
    bytes: usize,
    started: SystemTime,
    timings: &StageTimings,
    status: tonic::Code,
) -> Vec<Span> {
    let mut at = started;
    timings
        .iter()
        .map(|(stage, took)| {
            let start = at;
            at += *took;
            Span {
                trace_id: trace.trace_id.to_vec(),
                span_id: fresh_span_id().to_vec(),
                trace_state: trace.trace_state.clone(),
                parent_span_id: trace.span_id.to_vec(),
                flags: u32::from(SAMPLED) | SpanFlags::ContextHasIsRemoteMask as u32,
                name: format!("enrich.stage.{}", stage.name()),
                kind: SpanKind::Internal as i32,
                start_time_unix_nano: unix_nanos(start),
                end_time_unix_nano: unix_nanos(at),
                attributes: vec![
                    attribute("enrich.stage", stage.name()),
                    attribute("enrich.document.id", document_id),
                    attribute("enrich.document.bytes", bytes),
                    attribute("enrich.document.status", code_name(status).as_str()),
                ],
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use enrich_nlp::Stage;
    use std::time::Duration;
    use tonic::codegen::http::{HeaderMap, HeaderValue};

    fn caller() -> TraceContext {
        let mut headers = HeaderMap::new();
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        TraceContext::from_headers(&headers)
    }

    #[test]
    fn the_call_span_is_a_remote_child_of_the_callers_span() {
        let trace = caller();
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let span = call_span(
            &trace,
            "enrich.v1.EnrichService",
            "Enrich",
            t0,
            t0 + Duration::from_millis(3),
            tonic::Code::DeadlineExceeded,
            Some(CallDetails {
                document_ids: "doc-1",
                bytes: 6300,
            }),
        );
        assert_eq!(
            span.parent_span_id,
            vec![0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]
        );
        assert_eq!(span.span_id, trace.span_id.to_vec());
        assert_eq!(span.name, "enrich.v1.EnrichService/Enrich");
        assert_eq!(span.flags, 0x301);
        assert_eq!(span.end_time_unix_nano - span.start_time_unix_nano, 3_000_000);
        assert_eq!(span.status.map(|s| s.code), Some(StatusCode::Error as i32));
        assert!(span.attributes.contains(&attribute("enrich.document.ids", "doc-1")));
        assert!(span.attributes.contains(&attribute("rpc.grpc.status_code", 4i64)));
    }

    #[test]
    fn stage_spans_follow_one_another_under_the_call_span() {
        let trace = caller();
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let timings = vec![
            (Stage::Language, Duration::from_micros(100)),
            (Stage::Sentences, Duration::from_micros(200)),
            (Stage::Entities, Duration::from_micros(300)),
            (Stage::Summary, Duration::from_micros(50)),
        ];
        let spans = stage_spans(&trace, "doc-1", 6300, t0, &timings, tonic::Code::Ok);
        let names: Vec<&str> = spans.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "enrich.stage.language",
                "enrich.stage.sentences",
                "enrich.stage.entities",
                "enrich.stage.summary"
            ]
        );
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end_time_unix_nano, pair[1].start_time_unix_nano);
        }
        assert!(spans.iter().all(|s| s.parent_span_id == trace.span_id.to_vec()));
        assert!(spans
            .iter()
            .all(|s| s.attributes.contains(&attribute("enrich.document.bytes", 6300usize))));
        assert_eq!(spans[3].end_time_unix_nano - spans[0].start_time_unix_nano, 650_000);
    }
}
