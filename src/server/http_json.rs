//! JSON over HTTP for callers without gRPC, on the gRPC port:
//! `POST /v1/enrich`, `POST /v1/enrich:batch` and `GET /v1/info`, with
//! bodies in the proto's JSON mapping (the field names grpcurl prints).
//!
//! Each request is transcoded into the matching gRPC call and sent down the
//! same service stack as a gRPC client's: admission, size limits, worker
//! queue, metrics and the access log are the gRPC ones, so the two ways in
//! cannot drift apart. The answer comes back as the response message's JSON,
//! or as a `google.rpc.Status` JSON object with the HTTP status that matches
//! its code (as Google's HTTP APIs map them). Every other request, gRPC
//! included, passes through untouched.

use super::body::ReceiveBudget;
use crate::proto::FILE_DESCRIPTOR_SET;
use base64::Engine;
use bytes::{BufMut, Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use prost::Message;
use prost_reflect::{DescriptorPool, DeserializeOptions, DynamicMessage, MessageDescriptor, Value};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tonic::body::Body;
use tonic::codegen::http::{self, header, HeaderValue, Method, Request, Response, StatusCode};
use tower::{Layer, Service};

/// A JSON route: the gRPC method it calls and the messages it converts.
struct Route {
    method: Method,
    grpc_path: &'static str,
    request: MessageDescriptor,
    response: MessageDescriptor,
}

/// The three routes, resolved once from the embedded descriptors.
struct Routes {
    enrich: Route,
    batch: Route,
    info: Route,
    status: MessageDescriptor,
    /// The largest JSON body read: twice the gRPC message limit, as JSON
    /// spells the same text with quotes and escapes. The transcoded message
    /// then meets the gRPC limit itself.
    max_body_bytes: usize,
}

impl Routes {
    fn new(max_message_bytes: usize) -> anyhow::Result<Self> {
        let pool = DescriptorPool::decode(FILE_DESCRIPTOR_SET)?;
        let message = |name: &str| {
            pool.get_message_by_name(name)
                .ok_or_else(|| anyhow::anyhow!("no message {name} in the descriptors"))
        };
        let route = |method: Method, grpc_path, request: &str, response: &str| -> anyhow::Result<Route> {
            Ok(Route {
                method,
                grpc_path,
                request: message(request)?,
                response: message(response)?,
            })
        };
        Ok(Routes {
            enrich: route(
                Method::POST,
                "/enrich.v1.EnrichService/Enrich",
                "enrich.v1.EnrichRequest",
                "enrich.v1.EnrichResponse",
            )?,
            batch: route(
                Method::POST,
                "/enrich.v1.EnrichService/EnrichBatch",
                "enrich.v1.EnrichBatchRequest",
                "enrich.v1.EnrichBatchResponse",
            )?,
            info: route(
                Method::GET,
                "/enrich.v1.EnrichService/GetInfo",
                "enrich.v1.GetInfoRequest",
                "enrich.v1.GetInfoResponse",
            )?,
            status: message("google.rpc.Status")?,
            max_body_bytes: max_message_bytes.saturating_mul(2),
        })
    }

    fn find(&self, path: &str) -> Option<&Route> {
        match path {
            "/v1/enrich" => Some(&self.enrich),
            "/v1/enrich:batch" => Some(&self.batch),
            "/v1/info" => Some(&self.info),
            _ => None,
        }
    }
}

/// Adds the JSON routes in front of the gRPC services.
#[derive(Clone)]
pub struct HttpJsonLayer {
    routes: Arc<Routes>,
    budget: Arc<ReceiveBudget>,
}

impl HttpJsonLayer {
    /// `budget` is the one gRPC request bodies are held against.
    pub fn new(max_message_bytes: usize, budget: Arc<ReceiveBudget>) -> anyhow::Result<Self> {
        Ok(HttpJsonLayer {
            routes: Arc::new(Routes::new(max_message_bytes)?),
            budget,
        })
    }
}

impl<S> Layer<S> for HttpJsonLayer {
    type Service = HttpJson<S>;

    fn layer(&self, inner: S) -> Self::Service {
        HttpJson {
            inner,
            routes: self.routes.clone(),
            budget: self.budget.clone(),
        }
    }
}

#[derive(Clone)]
pub struct HttpJson<S> {
    inner: S,
    routes: Arc<Routes>,
    budget: Arc<ReceiveBudget>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S> Service<Request<Body>> for HttpJson<S>
where
    S: Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError> + Send,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let is_grpc = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/grpc"));
        if is_grpc || !request.uri().path().starts_with("/v1/") {
            return Box::pin(self.inner.call(request));
        }
        // The ready clone serves this call; a fresh clone stays for the next.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let routes = self.routes.clone();
        let budget = self.budget.clone();
        Box::pin(async move { Ok(transcode(inner, &routes, &budget, request).await) })
    }
}

/// A JSON call that never reaches the service: its HTTP status, and what is
/// wrong as the `google.rpc.Status` a gRPC call would have answered.
struct Rejection {
    status: StatusCode,
    code: tonic::Code,
    message: String,
}

impl Rejection {
    fn new(status: StatusCode, code: tonic::Code, message: impl Into<String>) -> Self {
        Rejection {
            status,
            code,
            message: message.into(),
        }
    }
}

async fn transcode<S>(mut inner: S, routes: &Routes, budget: &ReceiveBudget, request: Request<Body>) -> Response<Body>
where
    S: Service<Request<Body>, Response = Response<Body>>,
    S::Error: Into<BoxError>,
{
    let grpc_request = match grpc_request(routes, budget, request).await {
        Ok(request) => request,
        Err(r) => return status_response(routes, r.status, r.code, &r.message, None),
    };
    let route_response = grpc_request.1;
    let answer = match inner.call(grpc_request.0).await {
        Ok(answer) => answer,
        Err(e) => {
            let message = format!("the call failed inside the server: {}", e.into());
            return status_response(
                routes,
                http_status(tonic::Code::Internal),
                tonic::Code::Internal,
                &message,
                None,
            );
        }
    };
    json_answer(routes, &route_response, answer).await
}

/// The gRPC request for a JSON one, and the response message it expects.
async fn grpc_request(
    routes: &Routes,
    budget: &ReceiveBudget,
    request: Request<Body>,
) -> Result<(Request<Body>, MessageDescriptor), Rejection> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let Some(route) = routes.find(&path) else {
        return Err(Rejection::new(
            StatusCode::NOT_FOUND,
            tonic::Code::NotFound,
            format!("no route {path}; the JSON routes are POST /v1/enrich, POST /v1/enrich:batch and GET /v1/info"),
        ));
    };
    if parts.method != route.method {
        return Err(Rejection::new(
            StatusCode::METHOD_NOT_ALLOWED,
            tonic::Code::InvalidArgument,
            format!("{path} takes {}, not {}", route.method, parts.method),
        ));
    }
    let message = if route.method == Method::GET {
        DynamicMessage::new(route.request.clone())
    } else {
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        if !content_type.starts_with("application/json") {
            return Err(Rejection::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                tonic::Code::InvalidArgument,
                format!("{path} reads JSON: send Content-Type: application/json, not {content_type}"),
            ));
        }
        let body = receive(body, routes.max_body_bytes, budget).await?;
        let mut deserializer = serde_json::Deserializer::from_slice(&body);
        let parsed = DynamicMessage::deserialize_with_options(
            route.request.clone(),
            &mut deserializer,
            &DeserializeOptions::new().deny_unknown_fields(true),
        )
        .and_then(|m| deserializer.end().map(|()| m));
        match parsed {
            Ok(message) => message,
            Err(e) => {
                let message = format!(
                    "the body does not parse as {} (the proto's JSON mapping): {e}",
                    route.request.full_name()
                );
                return Err(Rejection::new(
                    StatusCode::BAD_REQUEST,
                    tonic::Code::InvalidArgument,
                    message,
                ));
            }
        }
    };
    let encoded = message.encode_to_vec();
    let mut framed = BytesMut::with_capacity(5 + encoded.len());
    framed.put_u8(0);
    framed.put_u32(u32::try_from(encoded.len()).unwrap_or(u32::MAX));
    framed.put_slice(&encoded);
    let mut grpc = Request::new(Body::new(Full::new(framed.freeze())));
    *grpc.method_mut() = Method::POST;
    *grpc.version_mut() = http::Version::HTTP_2;
    *grpc.uri_mut() = http::Uri::from_static(route.grpc_path);
    // Deadlines, trace context and request ids travel as they do in gRPC
    // metadata; the HTTP framing headers do not.
    let mut headers = parts.headers;
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::TRANSFER_ENCODING,
        header::CONNECTION,
        header::ACCEPT_ENCODING,
        header::HeaderName::from_static("grpc-accept-encoding"),
        header::HeaderName::from_static("grpc-encoding"),
    ] {
        headers.remove(name);
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
    headers.insert(header::TE, HeaderValue::from_static("trailers"));
    *grpc.headers_mut() = headers;
    *grpc.extensions_mut() = parts.extensions;
    Ok((grpc, route.response.clone()))
}

/// Reads a JSON body of at most `limit` bytes, holding what it has read
/// against the server's receive budget until it is complete, as a gRPC
/// message is: a client that sends half a body and stalls holds no more
/// than the budget allows.
async fn receive(mut body: Body, limit: usize, budget: &ReceiveBudget) -> Result<Bytes, Rejection> {
    let mut received = BytesMut::new();
    let result = loop {
        let Some(frame) = body.frame().await else {
            break Ok(());
        };
        let data = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
            Err(e) => {
                let message = format!("the request body could not be read: {e}");
                break Err(Rejection::new(
                    StatusCode::BAD_REQUEST,
                    tonic::Code::InvalidArgument,
                    message,
                ));
            }
        };
        if received.len() + data.len() > limit {
            let message = format!(
                "the JSON body is larger than this server's limit of {limit} bytes (twice max_message_bytes); send fewer or smaller documents per call"
            );
            break Err(Rejection::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                tonic::Code::ResourceExhausted,
                message,
            ));
        }
        if !budget.take(data.len(), received.len()) {
            let message = super::observe::over_budget_message(budget.limit());
            break Err(Rejection::new(
                http_status(tonic::Code::ResourceExhausted),
                tonic::Code::ResourceExhausted,
                message,
            ));
        }
        received.extend_from_slice(&data);
    };
    budget.give_back(received.len());
    result.map(|()| received.freeze())
}

/// The gRPC answer as JSON: the message, or the status it ended with.
async fn json_answer(routes: &Routes, response: &MessageDescriptor, answer: Response<Body>) -> Response<Body> {
    let (parts, body) = answer.into_parts();
    let collected = match body.collect().await {
        Ok(collected) => collected,
        Err(e) => {
            let message = format!("the answer could not be read: {e}");
            return status_response(
                routes,
                StatusCode::INTERNAL_SERVER_ERROR,
                tonic::Code::Internal,
                &message,
                None,
            );
        }
    };
    let trailers = collected.trailers().cloned();
    let data = collected.to_bytes();
    // A trailers-only answer carries its status in the headers.
    let status_headers = match &trailers {
        Some(t) if t.contains_key("grpc-status") => t,
        _ => &parts.headers,
    };
    let code = status_headers
        .get("grpc-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i32>().ok())
        .map_or(tonic::Code::Unknown, tonic::Code::from_i32);
    if code != tonic::Code::Ok {
        let message = status_headers
            .get("grpc-message")
            .map(|v| {
                percent_encoding::percent_decode(v.as_bytes())
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .unwrap_or_default();
        let details = status_headers.get("grpc-status-details-bin").and_then(|v| {
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(v.as_bytes())
                .ok()
        });
        return status_response(routes, http_status(code), code, &message, details.as_deref());
    }
    // One length-prefixed, uncompressed message (the call asked for no
    // compression).
    let message = data.get(5..).unwrap_or_default();
    match DynamicMessage::decode(response.clone(), message) {
        Ok(message) => json_response(StatusCode::OK, &message),
        Err(e) => {
            let message = format!("the answer could not be decoded: {e}");
            status_response(
                routes,
                StatusCode::INTERNAL_SERVER_ERROR,
                tonic::Code::Internal,
                &message,
                None,
            )
        }
    }
}

fn json_response(status: StatusCode, message: &DynamicMessage) -> Response<Body> {
    let body = serde_json::to_vec(message).unwrap_or_else(|e| format!("{{\"message\":\"{e}\"}}").into_bytes());
    let mut response = Response::new(Body::new(Full::new(Bytes::from(body))));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A `google.rpc.Status` answer. `details` is the encoded status a gRPC
/// call carried in `grpc-status-details-bin` (with `RetryInfo` and the
/// like), used whole when present.
fn status_response(
    routes: &Routes,
    status: StatusCode,
    code: tonic::Code,
    message: &str,
    details: Option<&[u8]>,
) -> Response<Body> {
    let from_details = details.and_then(|bytes| DynamicMessage::decode(routes.status.clone(), bytes).ok());
    let status_message = from_details.unwrap_or_else(|| {
        let mut plain = DynamicMessage::new(routes.status.clone());
        plain.set_field_by_name("code", Value::I32(code as i32));
        plain.set_field_by_name("message", Value::String(message.to_string()));
        plain
    });
    let mut response = json_response(status, &status_message);
    if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// The HTTP status for a gRPC code, as Google's HTTP APIs and grpc-gateway
/// map them.
pub fn http_status(code: tonic::Code) -> StatusCode {
    use tonic::Code;
    match code {
        Code::Ok => StatusCode::OK,
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => StatusCode::BAD_REQUEST,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The headers a trailers-only gRPC error carries.
    fn grpc_status_headers(code: &str, message: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "grpc-status",
            HeaderValue::from_str(code).unwrap_or(HeaderValue::from_static("2")),
        );
        headers.insert(
            "grpc-message",
            HeaderValue::from_str(message).unwrap_or(HeaderValue::from_static("")),
        );
        headers
    }

    #[test]
    fn every_grpc_code_has_the_http_status_google_apis_use() {
        assert_eq!(http_status(tonic::Code::InvalidArgument), StatusCode::BAD_REQUEST);
        assert_eq!(
            http_status(tonic::Code::ResourceExhausted),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(http_status(tonic::Code::DeadlineExceeded), StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(http_status(tonic::Code::Unavailable), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(http_status(tonic::Code::Cancelled).as_u16(), 499);
        assert_eq!(http_status(tonic::Code::Internal), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn a_trailers_only_error_becomes_a_status_object_with_its_code_and_decoded_message() {
        let routes = Routes::new(1 << 20).expect("descriptors");
        let mut answer = Response::new(Body::empty());
        *answer.headers_mut() = grpc_status_headers("3", "document.text%20is%20empty");
        let response = json_answer(&routes, &routes.enrich.response, answer).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = response.into_body().collect().await.expect("body").to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(json["code"], 3);
        assert_eq!(json["message"], "document.text is empty");
    }
}
