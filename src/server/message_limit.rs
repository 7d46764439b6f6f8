//! Answers a request message over the size limit with RESOURCE_EXHAUSTED and
//! a message that names the limit.
//!
//! tonic refuses such a message while decoding, before any handler runs, with
//! OUT_OF_RANGE "decoded message length too large": a code clients do not
//! expect for this and a message that does not say what to do. This layer
//! rewrites exactly that status, wherever it travels (response headers or
//! trailers), and nothing else.

use super::body::{BodyEvent, WatchedBody};
use tonic::body::Body;
use tonic::codegen::http::{HeaderMap, HeaderValue, Response};

fn rewrite_status(headers: &mut HeaderMap, max_message_bytes: usize) {
    let too_large = headers.get("grpc-status").is_some_and(|v| v == "11")
        && headers
            .get("grpc-message")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|m| m.replace("%20", " ").contains("message length too large"));
    if too_large {
        let message = format!(
            "the request message is larger than this server's limit of {max_message_bytes} bytes (max_message_bytes); send fewer or smaller documents per call"
        );
        headers.insert("grpc-status", HeaderValue::from_static("8"));
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
