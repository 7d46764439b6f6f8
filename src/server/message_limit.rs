//! Gives the two request errors tonic answers before any handler runs the
//! status and message a caller can act on:
//! - a message over the size limit: tonic says OUT_OF_RANGE "decoded message
//!   length too large"; this answers RESOURCE_EXHAUSTED naming the limit;
//! - a message that does not decode (a string field that is not UTF-8, a
//!   truncated message): tonic says INTERNAL, which blames the server; this
//!   answers INVALID_ARGUMENT saying what is wrong;
//! - a unary call whose request ended without a message: tonic says INTERNAL
//!   "Missing request message."; this answers INVALID_ARGUMENT. Streams a
//!   client resets with NO_ERROR before sending anything end this way too
//!   (HTTP/2 delivers them as a request that ended cleanly); resets with
//!   CANCEL already count as CANCELLED.
//!
//! The rewrite applies wherever the status travels (headers or trailers) and
//! touches nothing else.

use super::body::{BodyEvent, WatchedBody};
use tonic::body::Body;
use tonic::codegen::http::{HeaderMap, HeaderValue, Response};

fn rewrite_status(headers: &mut HeaderMap, max_message_bytes: usize) {
    let code = headers.get("grpc-status").and_then(|v| v.to_str().ok()).unwrap_or("");
    let message = headers
        .get("grpc-message")
        .and_then(|v| v.to_str().ok())
        .map(|m| m.replace("%20", " "))
        .unwrap_or_default();
    let replacement = if code == "11" && message.contains("message length too large") {
        Some((
            "8",
            format!(
                "the request message is larger than this server's limit of {max_message_bytes} bytes (max_message_bytes); send fewer or smaller documents per call"
            ),
        ))
    } else if code == "13" && message.contains("failed to decode Protobuf message") {
        let detail = if message.contains("UTF-8") {
            "a string field (such as document.text or document.id) is not valid UTF-8; send text encoded as UTF-8"
        } else {
            "the request is not a valid enrich.v1 message; check that the client uses the stubs generated from proto/"
        };
        Some(("3", format!("the request could not be decoded: {detail}")))
    } else if code == "13" && message.contains("Missing request message") {
        Some((
            "3",
            "the call ended without a request message; a unary call sends exactly one".to_string(),
        ))
    } else {
        None
    };
    if let Some((code, message)) = replacement {
        headers.insert("grpc-status", HeaderValue::from_static(code));
        if let Ok(value) = HeaderValue::from_str(&message) {
            headers.insert("grpc-message", value);
        }
        headers.remove("grpc-status-details-bin");
    }
}

/// The response mapper for `tower::util::MapResponseLayer`.
pub fn rewrite(max_message_bytes: usize) -> impl Fn(Response<Body>) -> Response<Body> + Clone {
    move |response: Response<Body>| {
        let (mut parts, body) = response.into_parts();
        rewrite_status(&mut parts.headers, max_message_bytes);
        let body = WatchedBody::wrap(body, move |event| {
            if let BodyEvent::Trailers(trailers) = event {
                rewrite_status(trailers, max_message_bytes);
            }
        });
        Response::from_parts(parts, body)
    }
}
