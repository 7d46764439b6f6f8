//! Observes every call at the HTTP/2 level, so calls that fail before a
//! handler runs (undecodable messages, unknown methods) are counted too: the
//! `grpc_server_*` metrics, and an access-log line for calls no handler
//! logged.
//!
//! A gRPC status travels either in the response headers (trailers-only
//! answers) or in the trailers after the body; the body is wrapped to see the
//! latter. A call whose body is dropped before its trailers (the client went
//! away) counts as CANCELLED.

use super::body::{BodyEvent, WatchedBody};
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
            let body = WatchedBody::wrap(body, move |event| match event {
                BodyEvent::Trailers(trailers) => {
                    if let Some(code) = code_from(trailers) {
                        call.finish(code);
                    }
                }
                BodyEvent::End => call.finish(tonic::Code::Unknown),
                BodyEvent::Error => call.finish(tonic::Code::Internal),
            });
            Ok(Response::from_parts(parts, body))
        })
    }
}
