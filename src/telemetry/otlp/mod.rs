//! Span export over OTLP/gRPC, on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
//! its traces-only variant) is set.
//!
//! Spans are built by [`spans`](super::spans) where the work happens and
//! handed to the [`Exporter`]: a bounded queue and one task that batches
//! them and sends each batch to the collector. A request path never waits
//! on the collector: when the queue is full the span is dropped and counted
//! (`enrich_trace_spans_dropped_total`), and a collector that is down costs
//! one warning, not one per batch. The OpenTelemetry SDK is not used: the
//! service records two kinds of spans it knows in advance, and the SDK's
//! exporter stack would double the build for that.

pub mod config;

pub use config::{ConfigError, OtlpConfig, Sampler};

use crate::telemetry::metrics::{SPANS_DROPPED, SPANS_EXPORTED};
use crate::telemetry::trace::TraceContext;
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_client::TraceServiceClient;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::InstrumentationScope;
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1::{ResourceSpans, ScopeSpans, Span};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tonic::metadata::{MetadataKey, MetadataMap, MetadataValue};
use tonic::transport::{Channel, Endpoint};

enum Message {
    Span(Box<Span>),
    /// Send what is queued now and say when it is sent.
    Flush(oneshot::Sender<()>),
}

/// Takes finished spans and sends them to the collector in batches.
pub struct Exporter {
    sampler: Sampler,
    queue: mpsc::Sender<Message>,
    /// The most one export may take: also what a flush waits at exit.
    timeout: Duration,
}

/// Why the exporter cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot read OTEL_EXPORTER_OTLP_CERTIFICATE {path}: {source}")]
    Certificate { path: String, source: std::io::Error },
    #[error("cannot use the OTLP endpoint {endpoint}: {source}")]
    Endpoint {
        endpoint: String,
        source: tonic::transport::Error,
    },
}

impl Exporter {
    /// Starts the sending task; must run inside a tokio runtime. The
    /// connection is made when the first batch goes out, so a collector
    /// that is not up yet does not hold the start.
    pub fn start(config: OtlpConfig) -> Result<Self, StartError> {
        let metadata = metadata(&config.headers)?;
        let mut endpoint = Endpoint::from_shared(config.endpoint.clone())
            .map_err(|source| StartError::Endpoint {
                endpoint: config.endpoint.clone(),
                source,
            })?
            .connect_timeout(config.timeout)
            .timeout(config.timeout);
        if let Some(path) = &config.certificate_path {
            let pem = std::fs::read(path).map_err(|source| StartError::Certificate {
                path: path.clone(),
                source,
            })?;
            let tls =
                tonic::transport::ClientTlsConfig::new().ca_certificate(tonic::transport::Certificate::from_pem(pem));
            endpoint = endpoint.tls_config(tls).map_err(|source| StartError::Endpoint {
                endpoint: config.endpoint.clone(),
                source,
            })?;
        }
        let mut client = TraceServiceClient::new(endpoint.connect_lazy());
        if config.gzip {
            client = client.send_compressed(tonic::codec::CompressionEncoding::Gzip);
        }
        let (queue, received) = mpsc::channel(config.batch.max_queue_size);
        let sender = Sender {
            client,
            metadata,
            resource: Resource {
                attributes: config
                    .resource
                    .iter()
                    .map(|(k, v)| super::spans::attribute(k, v.as_str()))
                    .collect(),
                ..Default::default()
            },
            failing: false,
        };
        tokio::spawn(sender.run(received, config.batch.clone()));
        Ok(Exporter {
            sampler: config.sampler,
            queue,
            timeout: config.timeout,
        })
    }

    /// Whether the call with this context is recorded.
    pub fn samples(&self, trace: &TraceContext) -> bool {
        self.sampler.sample(&trace.trace_id, trace.sampled_by_caller())
    }

    /// Queues a finished span; never waits.
    pub fn record(&self, span: Span) {
        if self.queue.try_send(Message::Span(Box::new(span))).is_err() {
            metrics::counter!(SPANS_DROPPED, "reason" => "queue_full").increment(1);
        }
    }

    /// Sends what is queued, waiting at most one export's timeout.
    pub async fn flush(&self) {
        let within = self.timeout;
        let (done, sent) = oneshot::channel();
        let flushed = async {
            if self.queue.send(Message::Flush(done)).await.is_ok() {
                let _ = sent.await;
            }
        };
        if tokio::time::timeout(within, flushed).await.is_err() {
            tracing::warn!(
                within_seconds = within.as_secs_f64(),
                "spans still queued at exit were not all sent to the OTLP collector"
            );
        }
    }
}

fn metadata(headers: &[(String, String)]) -> Result<MetadataMap, ConfigError> {
    let mut metadata = MetadataMap::new();
    for (key, value) in headers {
        let bad = |why: &str| ConfigError {
            variable: "OTEL_EXPORTER_OTLP_HEADERS".into(),
            value: format!("{key}=..."),
            why: why.into(),
        };
        let name =
            MetadataKey::from_bytes(key.to_ascii_lowercase().as_bytes()).map_err(|_| bad("not a valid header name"))?;
        let value =
            MetadataValue::try_from(value.as_str()).map_err(|_| bad("the value is not a valid header value"))?;
        metadata.insert(name, value);
    }
    Ok(metadata)
}

/// The task that owns the connection to the collector.
struct Sender {
    client: TraceServiceClient<Channel>,
    metadata: MetadataMap,
    resource: Resource,
    /// The last export failed: the next failure is not logged again.
    failing: bool,
}

impl Sender {
    async fn run(mut self, mut received: mpsc::Receiver<Message>, batch: config::BatchConfig) {
        let mut spans: Vec<Span> = Vec::new();
        let mut due = tokio::time::Instant::now();
        loop {
            let message = if spans.is_empty() {
                received.recv().await
            } else {
                match tokio::time::timeout_at(due, received.recv()).await {
                    Ok(message) => message,
                    Err(_) => {
                        self.send(std::mem::take(&mut spans)).await;
                        continue;
                    }
                }
            };
            match message {
                Some(Message::Span(span)) => {
                    if spans.is_empty() {
                        due = tokio::time::Instant::now() + batch.schedule_delay;
                    }
                    spans.push(*span);
                    if spans.len() >= batch.max_export_batch_size {
                        self.send(std::mem::take(&mut spans)).await;
                    }
                }
                Some(Message::Flush(done)) => {
                    self.send(std::mem::take(&mut spans)).await;
                    let _ = done.send(());
                }
                None => {
                    self.send(std::mem::take(&mut spans)).await;
                    return;
                }
            }
        }
    }

    async fn send(&mut self, spans: Vec<Span>) {
        if spans.is_empty() {
            return;
        }
        let count = spans.len() as u64;
        let mut request = tonic::Request::new(ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(self.resource.clone()),
                scope_spans: vec![ScopeSpans {
                    scope: Some(InstrumentationScope {
                        name: "enrich".into(),
                        version: env!("CARGO_PKG_VERSION").into(),
                        ..Default::default()
                    }),
                    spans,
                    schema_url: String::new(),
                }],
                schema_url: String::new(),
            }],
        });
        *request.metadata_mut() = self.metadata.clone();
        match self.client.export(request).await {
            Ok(response) => {
                let rejected = response
                    .into_inner()
                    .partial_success
                    .map_or(0, |p| u64::try_from(p.rejected_spans).unwrap_or(0));
                metrics::counter!(SPANS_EXPORTED).increment(count.saturating_sub(rejected));
                if rejected > 0 {
                    metrics::counter!(SPANS_DROPPED, "reason" => "rejected").increment(rejected);
                }
                if self.failing {
                    tracing::info!("spans reach the OTLP collector again");
                    self.failing = false;
                }
            }
            Err(status) => {
                metrics::counter!(SPANS_DROPPED, "reason" => "export_failed").increment(count);
                if !self.failing {
                    tracing::warn!(
                        code = ?status.code(),
                        error = status.message(),
                        "cannot send spans to the OTLP collector; dropping them until it answers"
                    );
                    self.failing = true;
                }
            }
        }
    }
}

static EXPORTER: OnceLock<Exporter> = OnceLock::new();

/// Starts the process's exporter from the `OTEL_*` variables, if they turn
/// export on; must run inside a tokio runtime. Returns whether export is on.
pub fn install_from_env() -> Result<bool, StartError> {
    let Some(config) = OtlpConfig::from_env(|name| std::env::var(name).ok())? else {
        return Ok(false);
    };
    let endpoint = config.endpoint.clone();
    let exporter = Exporter::start(config)?;
    if EXPORTER.set(exporter).is_err() {
        tracing::warn!("the OTLP exporter was already started; keeping the first");
    }
    tracing::info!(endpoint, "exporting spans over OTLP");
    Ok(true)
}

/// The process's exporter, when span export is on.
pub fn exporter() -> Option<&'static Exporter> {
    EXPORTER.get()
}

/// Sends the spans still queued, before the process exits.
pub async fn flush_at_exit() {
    if let Some(exporter) = exporter() {
        exporter.flush().await;
    }
}
