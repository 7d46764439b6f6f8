//! Starts the real server in-process on a free loopback port.

#![allow(dead_code)]

use enrich::api::Limits;
use enrich::proto::enrich::v1::enrich_service_client::EnrichServiceClient;
use enrich::server::{self, ServerConfig};
use enrich_nlp::Pipeline;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::oneshot;
use tonic::transport::Channel;

/// Loading the pipeline once keeps the test suite fast.
pub fn pipeline() -> Arc<Pipeline> {
    static PIPELINE: OnceLock<Arc<Pipeline>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| Arc::new(Pipeline::new().expect("embedded models load")))
        .clone()
}

pub struct TestServer {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    pub handle: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(ServerConfig::default()).await
    }

    pub async fn start_with_limits(limits: Limits) -> Self {
        Self::start_with(ServerConfig {
            limits,
            ..ServerConfig::default()
        })
        .await
    }

    pub async fn start_with(config: ServerConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(server::serve(pipeline(), config, listener, async move {
            let _ = rx.await;
        }));
        TestServer {
            addr,
            shutdown: Some(tx),
            handle,
        }
    }

    pub async fn channel(&self) -> Channel {
        let endpoint = format!("http://{}", self.addr);
        for _ in 0..50 {
            if let Ok(channel) = Channel::from_shared(endpoint.clone())
                .expect("endpoint")
                .connect()
                .await
            {
                return channel;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the test server did not accept connections at {endpoint}");
    }

    pub async fn client(&self) -> EnrichServiceClient<Channel> {
        EnrichServiceClient::new(self.channel().await).max_decoding_message_size(64 * 1024 * 1024)
    }

    /// Starts graceful shutdown.
    pub fn begin_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A news-like English document with a heading, byline and entities.
pub const ARTICLE: &str = "# Council approves new budget\n\nJane Doe\n25 November 2019\n\nThe city council of Springfield approved a budget of $5.5 million on Monday, after a debate that lasted three hours. Mayor John Smith said the plan would fund 12 new schools. Smith told reporters that the vote was close.\n\nThe budget takes effect on January 1, 2020. Critics said the plan was rushed.\n";

/// A request for one document with the given text and every default.
pub fn request(text: &str) -> enrich::proto::enrich::v1::EnrichRequest {
    enrich::proto::enrich::v1::EnrichRequest {
        document: Some(enrich::proto::enrich::v1::Document {
            id: "doc-1".into(),
            text: text.into(),
            language_hint: String::new(),
            reference_date: String::new(),
            ..Default::default()
        }),
        ..Default::default()
    }
}
