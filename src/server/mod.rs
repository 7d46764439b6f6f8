//! Serving: the enrich service with health, reflection, compression and
//! limits, on a listener, until shutdown.

mod body;
pub mod connections;
mod http_json;
mod message_limit;
mod observe;
pub mod shutdown;

use crate::api::{EnrichApi, Limits};
use crate::proto::enrich::v1::enrich_service_server::EnrichServiceServer;
use crate::proto::FILE_DESCRIPTOR_SET;
use enrich_nlp::Pipeline;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tonic::codec::CompressionEncoding;
use tonic::transport::{Certificate, Identity, Server, ServerTlsConfig};

/// The service name health checks use, besides the overall "".
pub const SERVICE_NAME: &str = "enrich.v1.EnrichService";

/// How often a shutdown looks whether enrichment calls are still in flight.
const WORK_POLL: std::time::Duration = std::time::Duration::from_millis(25);

/// Server TLS, from PEM files: the server's certificate chain and key, and,
/// for mutual TLS, the CA that client certificates must chain to.
#[derive(Clone)]
pub struct TlsConfig {
    pub certificate_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    /// When set, clients must present a certificate signed by this CA.
    pub client_ca_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConfig")
            .field("mutual", &self.client_ca_pem.is_some())
            .finish_non_exhaustive()
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub limits: Limits,
    /// How long in-flight calls may take to finish after shutdown starts.
    pub shutdown_grace: Duration,
    /// How long to keep serving while reporting NOT_SERVING, so load
    /// balancers stop routing before the listener closes.
    pub drain_delay: Duration,
    /// TLS (rustls); plaintext when `None`.
    pub tls: Option<TlsConfig>,
    pub connections: connections::ConnectionLimits,
    pub http2: Http2Limits,
}

/// HTTP/2 limits per connection, set deliberately rather than left to the
/// library: without them one connection can open tens of thousands of
/// streams, send unbounded headers, or sit on a dead peer for ever.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Http2Limits {
    /// Streams (calls) one connection may have open at once; the client
    /// queues the rest.
    pub max_concurrent_streams: u32,
    /// Largest header list a request may send, in bytes.
    pub max_header_list_size: u32,
    /// How often the server pings an idle connection.
    pub keepalive_interval: Duration,
    /// How long the server waits for the ping's answer before closing.
    pub keepalive_timeout: Duration,
    /// Streams the client reset before the server saw them that one
    /// connection may have pending (the rapid-reset attack).
    pub max_pending_accept_reset_streams: usize,
}

impl Http2Limits {
    pub const DEFAULT: Http2Limits = Http2Limits {
        max_concurrent_streams: 100,
        max_header_list_size: 16 * 1024,
        keepalive_interval: Duration::from_secs(60),
        keepalive_timeout: Duration::from_secs(20),
        max_pending_accept_reset_streams: 50,
    };
}

impl Default for Http2Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl ServerConfig {
    /// Default `shutdown_grace`, read by `enrich serve`'s flag too.
    pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
    /// Default `drain_delay`.
    pub const DEFAULT_DRAIN_DELAY: Duration = Duration::ZERO;
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            limits: Limits::default(),
            shutdown_grace: Self::DEFAULT_SHUTDOWN_GRACE,
            drain_delay: Self::DEFAULT_DRAIN_DELAY,
            tls: None,
            connections: connections::ConnectionLimits::DEFAULT,
            http2: Http2Limits::DEFAULT,
        }
    }
}

/// Serves on `listener` until `shutdown` resolves, then drains: health turns
/// NOT_SERVING, the listener closes after `drain_delay`, and in-flight calls
/// get `shutdown_grace` to finish.
pub async fn serve(
    pipeline: Arc<Pipeline>,
    config: ServerConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    let api = EnrichApi::new(pipeline, config.limits.clone())?;
    let max_message = config.limits.max_message_bytes;
    let enrich = EnrichServiceServer::new(api)
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd)
        .send_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Zstd)
        .max_decoding_message_size(max_message)
        .max_encoding_message_size(usize::MAX);
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()?;
    health_reporter
        .set_service_status(SERVICE_NAME, tonic_health::ServingStatus::Serving)
        .await;
    health_reporter
        .set_service_status("", tonic_health::ServingStatus::Serving)
        .await;

    let (stop_listening_tx, stop_listening_rx) = tokio::sync::oneshot::channel::<()>();
    let drain = shutdown::Drain {
        health: health_reporter,
        services: vec![SERVICE_NAME, ""],
        drain_delay: config.drain_delay,
    };
    let http2 = config.http2;
    let mut builder = Server::builder()
        .max_concurrent_streams(http2.max_concurrent_streams)
        .http2_max_header_list_size(http2.max_header_list_size)
        .http2_keepalive_interval(Some(http2.keepalive_interval))
        .http2_keepalive_timeout(Some(http2.keepalive_timeout))
        .http2_max_pending_accept_reset_streams(Some(http2.max_pending_accept_reset_streams));
    if let Some(tls) = &config.tls {
        let mut settings = ServerTlsConfig::new().identity(Identity::from_pem(&tls.certificate_pem, &tls.key_pem));
        if let Some(ca) = &tls.client_ca_pem {
            settings = settings.client_ca_root(Certificate::from_pem(ca));
        }
        builder = builder
            .tls_config(settings)
            .map_err(|e| anyhow::anyhow!("the TLS certificate or key is not usable: {e}"))?;
    }
    let work = observe::WorkInFlight::default();
    let receive_budget = Arc::new(body::ReceiveBudget::new(
        config.limits.admission.max_in_flight_bytes / 2,
    ));
    let server = builder
        // HTTP/1.1 for the JSON routes; gRPC stays on HTTP/2.
        .accept_http1(true)
        .layer(http_json::HttpJsonLayer::new(max_message, receive_budget.clone())?)
        // gRPC-Web (browsers, through a proxy that adds CORS) becomes plain
        // gRPC here, before the call is observed.
        .layer(tonic_web::GrpcWebLayer::new())
        .layer(observe::ObserveLayer::new(work.clone(), receive_budget))
        .layer(tower::util::MapResponseLayer::new(message_limit::rewrite(max_message)))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(enrich)
        .serve_with_incoming_shutdown(connections::Incoming::new(listener, config.connections), async move {
            let _ = stop_listening_rx.await;
        });
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => return result.map_err(Into::into),
        () = shutdown => {}
    }
    drain.begin().await;
    let _ = stop_listening_tx.send(());
    // Calls already accepted finish within the grace period; as soon as none
    // is left, exit without waiting for idle connections or open health
    // watches to go away by themselves.
    let grace = tokio::time::sleep(config.shutdown_grace);
    tokio::pin!(grace);
    let mut idle_checks = 0;
    loop {
        tokio::select! {
            result = &mut server => return result.map_err(Into::into),
            () = &mut grace => {
                tracing::warn!(
                    grace_seconds = config.shutdown_grace.as_secs_f64(),
                    "calls still running after the grace period were dropped"
                );
                return Ok(());
            }
            () = tokio::time::sleep(WORK_POLL) => {
                // Two checks in a row, so a call whose headers were being
                // read at the first one is seen.
                idle_checks = if work.count() == 0 { idle_checks + 1 } else { 0 };
                if idle_checks >= 2 {
                    tracing::info!("no call in flight; closing the remaining connections");
                    return Ok(());
                }
            }
        }
    }
}
