//! Observes every call at the HTTP/2 level, so calls that fail before a
//! handler runs (undecodable messages, unknown methods) are counted too: the
//! `grpc_server_*` metrics, and an access-log line for calls no handler
//! logged.
//!
//! A gRPC status travels either in the response headers (trailers-only
//! answers) or in the trailers after the body; the body is wrapped to see the
//! latter. A call whose body is dropped before its trailers (the client went
//! away) counts as CANCELLED.

use super::body::{BodyEvent, ClientWatchedBody, ReceiveBudget, WatchedBody};
use super::connections::{ConnectionActivity, ConnectionInfo};
use crate::telemetry::logging::{self, AccessLogged};
use crate::telemetry::metrics::{HANDLED, HANDLING_SECONDS, IN_FLIGHT, STARTED};
use crate::telemetry::otlp;
use crate::telemetry::spans::{self, CallDetails};
use crate::telemetry::trace::TraceContext;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Instant, SystemTime};
use tonic::body::Body;
use tonic::codegen::http::{HeaderMap, Request, Response};
use tower::{Layer, Service};

/// Calls to the enrichment service not yet answered: the work a shutdown
/// waits for. Health checks, `Watch` streams and reflection are not work:
/// a client holding one open must not hold the exit.
#[derive(Clone, Default, Debug)]
pub struct WorkInFlight(Arc<AtomicUsize>);

impl WorkInFlight {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::Acquire)
    }
}

/// The layer to add to the server.
#[derive(Clone)]
pub struct ObserveLayer {
    work: WorkInFlight,
    budget: Arc<ReceiveBudget>,
}

impl ObserveLayer {
    /// Observes calls and counts the enrichment calls in `work`.
    /// Observes calls, counts the enrichment calls in `work`, and holds
    /// incomplete request messages against `budget`.
    pub fn new(work: WorkInFlight, budget: Arc<ReceiveBudget>) -> Self {
        ObserveLayer { work, budget }
    }
}

impl<S> Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Observe {
            inner,
            work: self.work.clone(),
            budget: self.budget.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Observe<S> {
    inner: S,
    work: WorkInFlight,
    budget: Arc<ReceiveBudget>,
}

/// One call being observed; records itself exactly once.
struct Call {
    service: String,
    method: String,
    /// The path as sent, cut to [`MAX_LOGGED_PATH`] bytes, for the log.
    path: String,
    started: Instant,
    /// The wall-clock start, for the call's span.
    started_at: SystemTime,
    logged: AccessLogged,
    /// The caller's trace context (or a fresh one): its trace id goes in the
    /// access log, and the call's span is recorded when it is sampled.
    trace: Option<TraceContext>,
    finished: bool,
    /// Set for enrichment calls: released when the call is answered.
    work: Option<WorkInFlight>,
    /// Raised when reading the request failed: the client went away.
    client_gone: Arc<AtomicBool>,
    /// The connection's call count, so that an idle connection can be told
    /// from a busy one.
    connection: Option<ConnectionActivity>,
}

fn code_from(headers: &HeaderMap) -> Option<tonic::Code> {
    let value = headers.get("grpc-status")?.to_str().ok()?;
    Some(tonic::Code::from_i32(value.parse().ok()?))
}

/// Answers RESOURCE_EXHAUSTED for a call whose request was cut off because
/// the server held too many bytes of incomplete requests.
/// Why a request was cut off by the [`ReceiveBudget`](super::body::ReceiveBudget).
pub(super) fn over_budget_message(limit: usize) -> String {
    format!(
        "the server holds {limit} bytes of requests still being received, its limit; send the message at once and retry with exponential backoff"
    )
}

fn over_budget_status(headers: &mut HeaderMap, limit: usize) {
    use tonic::codegen::http::HeaderValue;
    headers.insert("grpc-status", HeaderValue::from_static("8"));
    let message = over_budget_message(limit);
    if let Ok(value) = HeaderValue::from_str(&message) {
        headers.insert("grpc-message", value);
    }
    headers.remove("grpc-status-details-bin");
}

/// The label for a service or method the server does not serve: a client
/// can send any path, and each new label value would be a new time series.
pub const UNKNOWN: &str = "unknown";

/// Whether a call is work a shutdown must wait for: any call to the
/// enrichment service.
fn is_work(path: &str) -> bool {
    path.strip_prefix('/')
        .and_then(|p| p.strip_prefix(super::SERVICE_NAME))
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The most of a request path the access log keeps.
const MAX_LOGGED_PATH: usize = 200;

/// Every `/package.Service/Method` path the server serves, read from the
/// descriptor sets it registers for reflection, so the list cannot drift
/// from what is served.
fn known_paths() -> &'static std::collections::HashSet<String> {
    static KNOWN: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    KNOWN.get_or_init(|| {
        use prost::Message as _;
        let sets = [
            crate::proto::FILE_DESCRIPTOR_SET,
            tonic_health::pb::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
        ];
        let mut known = std::collections::HashSet::new();
        for bytes in sets {
            let Ok(set) = prost_types::FileDescriptorSet::decode(bytes) else {
                continue;
            };
            for file in set.file {
                let package = file.package.unwrap_or_default();
                for service in file.service {
                    let service_name = service.name.unwrap_or_default();
                    for method in service.method {
                        known.insert(format!("/{package}.{service_name}/{}", method.name.unwrap_or_default()));
                    }
                }
            }
        }
        known
    })
}

/// The metric labels of a request path: its service and method when the
/// server serves it, else [`UNKNOWN`] for both.
fn labels(path: &str) -> (String, String) {
    if known_paths().contains(path) {
        let mut parts = path.trim_start_matches('/').splitn(2, '/');
        let service = parts.next().unwrap_or(UNKNOWN).to_string();
        let method = parts.next().unwrap_or(UNKNOWN).to_string();
        (service, method)
    } else {
        (UNKNOWN.to_string(), UNKNOWN.to_string())
    }
}

impl Call {
    fn new(path: &str, work: &WorkInFlight) -> Self {
        let (service, method) = labels(path);
        let mut cut = path.len().min(MAX_LOGGED_PATH);
        while !path.is_char_boundary(cut) {
            cut -= 1;
        }
        metrics::counter!(STARTED, "grpc_service" => service.clone(), "grpc_method" => method.clone()).increment(1);
        metrics::gauge!(IN_FLIGHT).increment(1.0);
        Call {
            service,
            method,
            path: path[..cut].to_string(),
            started: Instant::now(),
            started_at: SystemTime::now(),
            logged: AccessLogged::default(),
            trace: None,
            finished: false,
            work: is_work(path).then(|| {
                work.0.fetch_add(1, Ordering::AcqRel);
                work.clone()
            }),
            client_gone: Arc::new(AtomicBool::new(false)),
            connection: None,
        }
    }

    fn finish(&mut self, code: tonic::Code) {
        if self.finished {
            return;
        }
        self.finished = true;
        // A request the client reset or abandoned mid-message fails to read,
        // and tonic answers INTERNAL or UNKNOWN (INVALID_ARGUMENT once
        // `message_limit` has named the missing message): that is the
        // client's cancellation, not a server bug or a bad request.
        let code = match code {
            tonic::Code::Internal | tonic::Code::Unknown | tonic::Code::InvalidArgument
                if self.client_gone.load(Ordering::Relaxed) =>
            {
                tonic::Code::Cancelled
            }
            code => code,
        };
        if let Some(work) = self.work.take() {
            work.0.fetch_sub(1, Ordering::AcqRel);
        }
        if let Some(connection) = self.connection.take() {
            connection.call_finished();
        }
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
        let handled = self.logged.0.get();
        if handled.is_none() {
            let trace_id = self.trace.as_ref().map(TraceContext::trace_id_hex).unwrap_or_default();
            logging::access_unhandled(self.path.trim_start_matches('/'), elapsed, code, &trace_id);
        }
        if let (Some(trace), Some(exporter)) = (self.trace.as_ref().filter(|t| t.recorded), otlp::exporter()) {
            let details = handled.map(|h| CallDetails {
                document_ids: &h.document_ids,
                bytes: h.bytes,
            });
            exporter.record(spans::call_span(
                trace,
                &self.service,
                &self.method,
                self.started_at,
                self.started_at + elapsed,
                code,
                details,
            ));
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
    S: Service<Request<ClientWatchedBody<B>>, Response = Response<Body>> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let mut call = Call::new(request.uri().path(), &self.work);
        request.extensions_mut().insert(call.logged.clone());
        let mut trace = TraceContext::from_headers(request.headers());
        // Health probes and reflection start no trace of their own (a probe
        // every few seconds per pod would bury the calls that matter); they
        // are recorded inside a caller's trace.
        let starts_traces = call.work.is_some() || trace.parent_span_id.is_some();
        trace.recorded = starts_traces && otlp::exporter().is_some_and(|e| e.samples(&trace));
        call.trace = Some(trace.clone());
        request.extensions_mut().insert(trace);
        // tonic puts the connection's info in every request, under TLS too.
        let connection = request
            .extensions()
            .get::<ConnectionInfo>()
            .map(|info| info.activity.clone());
        if let Some(connection) = connection {
            connection.call_started();
            call.connection = Some(connection);
        }
        let over_budget = Arc::new(AtomicBool::new(false));
        let request = request.map(|body| {
            ClientWatchedBody::new(body, call.client_gone.clone(), self.budget.clone(), over_budget.clone())
        });
        let budget_limit = self.budget.limit();
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            // Only a trailers-only answer carries its status in the headers;
            // a streamed one gets it in its trailers, below.
            if over_budget.load(Ordering::Relaxed) && response.headers().contains_key("grpc-status") {
                over_budget_status(response.headers_mut(), budget_limit);
            }
            if let Some(code) = code_from(response.headers()) {
                call.finish(code);
                return Ok(response);
            }
            let (parts, body) = response.into_parts();
            let body = WatchedBody::wrap(body, move |event| match event {
                BodyEvent::Trailers(trailers) => {
                    // A stream whose input was cut off must not end OK as if
                    // the client had sent nothing more.
                    if over_budget.load(Ordering::Relaxed) {
                        over_budget_status(trailers, budget_limit);
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_methods_are_labels_and_made_up_paths_are_unknown() {
        assert_eq!(
            labels("/enrich.v1.EnrichService/Enrich"),
            ("enrich.v1.EnrichService".to_string(), "Enrich".to_string())
        );
        assert_eq!(labels("/grpc.health.v1.Health/Check").1, "Check");
        assert_eq!(
            labels("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo").1,
            "ServerReflectionInfo"
        );
        for made_up in ["/enrich.v1.EnrichService/Summarise", "/x/y", "/", "/a7f3e9"] {
            assert_eq!(labels(made_up), (UNKNOWN.to_string(), UNKNOWN.to_string()), "{made_up}");
        }
    }
}
