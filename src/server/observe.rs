//! Observes every call at the HTTP/2 level, so calls that fail before a
//! handler runs (undecodable messages, unknown methods) are counted too: the
//! `grpc_server_*` metrics, and an access-log line for calls no handler
//! logged.
//!
//! A gRPC status travels either in the response headers (trailers-only
//! answers) or in the trailers after the body; the body is wrapped to see the
//! latter. A call whose body is dropped before its trailers (the client went
//! away) counts as CANCELLED.

use crate::telemetry::logging::{self, AccessLogged};
use crate::telemetry::metrics::{HANDLED, HANDLING_SECONDS, IN_FLIGHT, STARTED};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Instant;
use tonic::body::Body;
use tonic::codegen::http::{HeaderMap, Request, Response};
use tower::{Layer, Service};

/// The layer to add to the server.
#[derive(Clone, Default)]
pub struct ObserveLayer;

impl<S> Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Observe { inner }
    }
}

#[derive(Clone)]
pub struct Observe<S> {
    inner: S,
}

/// One call being observed; records itself exactly once.
struct Call {
    service: String,
    method: String,
    started: Instant,
    logged: AccessLogged,
    finished: bool,
}

fn code_from(headers: &HeaderMap) -> Option<tonic::Code> {
    let value = headers.get("grpc-status")?.to_str().ok()?;
    Some(tonic::Code::from_i32(value.parse().ok()?))
}

impl Call {
    fn new(path: &str) -> Self {
        let mut parts = path.trim_start_matches('/').splitn(2, '/');
        let service = parts.next().unwrap_or("").to_string();
        let method = parts.next().unwrap_or("").to_string();
        metrics::counter!(STARTED, "grpc_service" => service.clone(), "grpc_method" => method.clone()).increment(1);
        metrics::gauge!(IN_FLIGHT).increment(1.0);
        Call {
            service,
            method,
            started: Instant::now(),
            logged: AccessLogged::default(),
            finished: false,
        }
    }

    fn finish(&mut self, code: tonic::Code) {
        if self.finished {
            return;
        }
        self.finished = true;
        let elapsed = self.started.elapsed();
        metrics::counter!(
            HANDLED,
            "grpc_service" => self.service.clone(),
            "grpc_method" => self.method.clone(),
            "grpc_code" => format!("{code:?}")
        )
        .increment(1);
        metrics::histogram!(HANDLING_SECONDS, "grpc_service" => self.service.clone(), "grpc_method" => self.method.clone())
            .record(elapsed.as_secs_f64());
        metrics::gauge!(IN_FLIGHT).decrement(1.0);
        if !self.logged.0.load(Ordering::Relaxed) {
            logging::access(&format!("{}/{}", self.service, self.method), "", 0, elapsed, code);
        }
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.finish(tonic::Code::Cancelled);
    }
}

/// The response body, watching for the trailers that carry the status.
struct ObservedBody {
    inner: Body,
    call: Call,
}

impl http_body::Body for ObservedBody {
    type Data = <Body as http_body::Body>::Data;
    type Error = <Body as http_body::Body>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(code) = frame.trailers_ref().and_then(code_from) {
                    self.call.finish(code);
                }
            }
            Poll::Ready(Some(Err(_))) => self.call.finish(tonic::Code::Internal),
            Poll::Ready(None) => self.call.finish(tonic::Code::Unknown),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl<S, B> Service<Request<B>> for Observe<S>
where
    S: Service<Request<B>, Response = Response<Body>> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let mut call = Call::new(request.uri().path());
        request.extensions_mut().insert(call.logged.clone());
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            if let Some(code) = code_from(response.headers()) {
                call.finish(code);
                return Ok(response);
            }
            let (parts, body) = response.into_parts();
            Ok(Response::from_parts(parts, Body::new(ObservedBody { inner: body, call })))
        })
    }
}
